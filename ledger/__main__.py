"""`python -m ledger` runs the same application as the `ledger` console script."""

from ledger.cli import main

main()
