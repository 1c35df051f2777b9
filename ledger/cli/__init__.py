"""The `ledger` command line: options -> one library call -> one renderer; errors become
messages and exit codes in one place (ledger.cli.base).

Importing this package registers every command on `app`, in the order `--help` lists them.
"""

# isort: off
from ledger.cli import findings  # init, add, the steps of the loop, edit
from ledger.cli import reading  # log, list, due, notice, report, show, summary, check
from ledger.cli import records  # publish, and the activity, item and suggest groups
from ledger.cli import files  # import, export, schema, fmt, git-setup, merge-file
from ledger.cli import papers  # the doc, deliverable and score groups, and assess
from ledger.cli import city  # the sources group and sync

# isort: on
from ledger.cli.base import app, main

__all__ = ["app", "city", "files", "findings", "main", "papers", "reading", "records"]
