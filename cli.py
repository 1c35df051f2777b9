"""Run the `ledger` command line from a checkout: `python cli.py summary`.

The installed `ledger` command and `python -m ledger` run the same application,
ledger.cli; nothing named `cli` is installed.
"""

from ledger.cli import main

if __name__ == "__main__":
    main()
