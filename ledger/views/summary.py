"""The summary figures of each ledger as of a day."""

from datetime import date
from pathlib import Path

from ledger.core.counts import BREAKDOWNS, Summary, summarise
from ledger.core.errors import UsageError
from ledger.storage.store import load

BY_CHOICES = tuple(BREAKDOWNS)


def summaries(paths: list[Path], as_of: date, by: list[str]) -> list[Summary]:
    """One Summary per ledger, counted as of the given day."""
    for name in by:
        if name not in BY_CHOICES:
            raise UsageError("bad_choice", option="--by", value=name, choices=", ".join(BY_CHOICES))
    result = []
    for path in paths:
        lf = load(path)
        campaign = lf.campaign
        result.append(summarise(campaign["id"], campaign["title"], lf.findings, as_of, by))
    return result
