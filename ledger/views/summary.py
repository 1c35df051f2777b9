"""The summary figures of each ledger as of a day."""

from datetime import date

from ledger.core.counts import BREAKDOWNS, Summary, Tally, summarise
from ledger.core.errors import UsageError
from ledger.storage.store import LedgerFile

BY_CHOICES = tuple(BREAKDOWNS)


def by_district(ledgers: list[LedgerFile], found: list[Summary]) -> list[tuple[str, Tally]]:
    """A city's figures by district: each district's campaigns added up, in the order the
    sources list them (every district a row, so the rows add up to the city's total)."""
    totals: dict[str, Tally] = {}
    for lf, summary in zip(ledgers, found, strict=True):
        name = lf.source_name or ""
        totals[name] = totals.get(name, Tally()) + summary.total
    return list(totals.items())


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
