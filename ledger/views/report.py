"""The period report asked of the ledgers on disk: load them, stamp the git commit they
were read at, and count (ledger.core.report)."""

from datetime import UTC, datetime
from pathlib import Path

from ledger.core.report import Period, Report, build_report
from ledger.storage.git import snapshot
from ledger.storage.sources import Fetched, stamps
from ledger.storage.store import LedgerFile


def report(
    ledgers: list[LedgerFile], period: Period, data_dir: Path, fetched: list[Fetched] | None = None
) -> Report:
    """The report for these ledgers and this period, stamped with the git commit read; in a
    city's rollup, with every district's commit (`fetched`)."""
    plain = [lf.ledger for lf in ledgers]
    if fetched:
        return build_report(plain, period, None, stamps(fetched, datetime.now(UTC)))
    return build_report(plain, period, snapshot(data_dir))
