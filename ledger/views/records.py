"""The campaign record as listed: activities, problem-list items and suggestions."""

from typing import Any

from ledger.storage.store import LedgerFile


def entries(ledgers: list[LedgerFile], section: str) -> list[tuple[str, dict[str, Any]]]:
    """Every entry of a record section, with its campaign, in file order."""
    return [(lf.campaign["id"], entry) for lf in ledgers for entry in lf.records(section)]
