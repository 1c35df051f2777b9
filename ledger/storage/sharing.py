"""Equal keys, short texts and days made one object, as a ledger or a sheet is read.

A parser hands over a new string for every `owner:` and every `区房产局`, and a new
date for every day, although a big ledger holds a few hundred distinct ones: at
100,000 findings the copies took hundreds of MB. Shared, they are kept once in
memory and once in the cache, which then loads in half the time (a pickle refers
back to what it already holds). Titles, measures and notes, written once each,
are left as they are.
"""

from datetime import date
from typing import Any

SHORT = 32  # texts up to this long are shared: units, areas, people, states, kinds


def shared_entries(entries: Any, shared: dict[Any, Any]) -> Any:
    """A list of entries (findings) with equal keys and values made one object; anything
    else as it is."""
    if type(entries) is not list:
        return entries
    return [_mapping(entry, shared) if type(entry) is dict else entry for entry in entries]


def shared_row(row: list[Any], shared: dict[Any, Any]) -> list[Any]:
    """A sheet's row with its short texts and days made one object with equal ones seen
    before: a sheet of 100,000 rows holds millions of cells, most of them a unit, a day
    or a state (130 MB of copies)."""
    return [
        shared.setdefault(cell, cell)
        if (type(cell) is str and len(cell) <= SHORT) or type(cell) is date
        else cell
        for cell in row
    ]


def _mapping(mapping: dict[Any, Any], shared: dict[Any, Any]) -> dict[Any, Any]:
    result = {}
    for key, value in mapping.items():
        kind = type(value)
        if kind is list:
            value = [_mapping(item, shared) if type(item) is dict else item for item in value]
        elif (kind is str and len(value) <= SHORT) or kind is date:
            value = shared.setdefault(value, value)
        result[shared.setdefault(key, key) if type(key) is str else key] = value
    return result
