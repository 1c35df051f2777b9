"""The campaign record as listed: activities, problem-list items and suggestions."""

from pathlib import Path
from typing import Any

from ledger.storage.store import load


def entries(paths: list[Path], section: str) -> list[tuple[str, dict[str, Any]]]:
    """Every entry of a record section, with its campaign, in file order."""
    result = []
    for path in paths:
        lf = load(path)
        result += [(lf.campaign["id"], entry) for entry in lf.records(section)]
    return result
