"""The period report asked of the ledgers on disk: load them, stamp the git commit they
were read at, and count (ledger.core.report)."""

from pathlib import Path

from ledger.core.report import Period, Report, build_report
from ledger.storage.git import snapshot
from ledger.storage.store import LedgerFile


def report(ledgers: list[LedgerFile], period: Period, data_dir: Path) -> Report:
    """The report for these ledgers and this period, stamped with the git commit read."""
    return build_report([lf.ledger for lf in ledgers], period, snapshot(data_dir))
