"""Parsing a ledger's text into plain data with line numbers.

The native path (ledger.storage.native, yaml-rs) answers where the text holds nothing the
two readers could read differently; the event walk (ledger.storage.walk, libyaml's events
with ruamel.yaml's YAML 1.2 rules) is the reference, reads the rest, and says what is
wrong, where.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ledger.core.errors import InvalidLedgerError, Problem
from ledger.storage.native import Spans
from ledger.storage.native import read as native_read
from ledger.storage.sharing import shared_entries
from ledger.storage.source import Positions, Source


@dataclass
class Parsed:
    """A ledger file parsed to plain data."""

    source: Source
    data: Any
    positions: Positions
    spans: Spans | None = None  # the findings' spans, where the native path found them

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines, for naming one in a message."""
        return self.source.text.split("\n")


CONFLICT_MARKER = "<<<<<<< "


def parse(source: Source, *, native: bool = True) -> Parsed:
    """Parse a ledger's text; YAML errors become an InvalidLedgerError naming line and column.

    The native path (ledger.storage.native) answers where it can read the text exactly as
    the event walk would; the walk answers the rest, and says what is wrong, where.
    """
    text = source.text if source.text.endswith("\n") or not source.text else source.text + "\n"
    if text.startswith(CONFLICT_MARKER) or f"\n{CONFLICT_MARKER}" in text:
        line = 1 + text[: text.find(CONFLICT_MARKER)].count("\n")
        raise InvalidLedgerError([Problem(source.path, line, "", "merge_conflict")])
    lines = _line_map(text)
    if native and lines is None and (read := native_read(text, source.raw)) is not None:
        return Parsed(source=source, data=read[0], positions=read[1], spans=read[2])
    from ledger.storage.walk import walk  # ruamel.yaml, imported only when needed

    data, positions = walk(text, source.path, lines)
    if lines is not None:
        positions = positions.remapped(lines)
    if isinstance(data, dict) and "findings" in data:
        data["findings"] = shared_entries(data["findings"], {})
    return Parsed(source=source, data=data, positions=positions)


# YAML also ends a line at a lone CR, NEL, U+2028 or U+2029; editors and the tool's own
# line-by-line edits do not.
ODD_BREAKS = "\r\x85\u2028\u2029"
_YAML_BREAK = re.compile(f"[\n{ODD_BREAKS}]")


def _line_map(text: str) -> list[int] | None:
    """Where the text has line breaks YAML counts and editors do not: the editor's line
    (0-based) of each of YAML's lines; else None."""
    if not any(char in text for char in ODD_BREAKS):
        return None
    lines = [0]
    for match in _YAML_BREAK.finditer(text):
        lines.append(lines[-1] + (match[0] == "\n"))
    return lines
