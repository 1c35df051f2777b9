"""The summary figures of each ledger as of a day."""

from datetime import date

from ledger.core.counts import BREAKDOWNS, Summary, summarise
from ledger.core.errors import UsageError
from ledger.storage.store import LedgerFile

BY_CHOICES = tuple(BREAKDOWNS)


def summaries(ledgers: list[LedgerFile], as_of: date, by: list[str]) -> list[Summary]:
    """One Summary per ledger, counted as of the given day."""
    for name in by:
        if name not in BY_CHOICES:
            raise UsageError("bad_choice", option="--by", value=name, choices=tuple(BY_CHOICES))
    result = []
    for lf in ledgers:
        campaign = lf.campaign
        result.append(summarise(campaign["id"], campaign["title"], lf.findings, as_of, by))
    return result
