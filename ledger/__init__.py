"""ledger: a command-line issue ledger (台账) over flat YAML files."""

__version__ = "0.1.0"
