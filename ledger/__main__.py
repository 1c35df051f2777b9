"""`python -m ledger` runs the same application as the `ledger` console script."""

from cli import main

main()
