"""What an import of a spreadsheet would do, as a value: the findings to add with their
sheet rows, the rows skipped and why, every problem by row and column."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowProblem:
    row: int  # the sheet's own row number
    column: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """What an import would do: findings to add (with their rows), rows skipped and why,
    and every problem."""

    findings: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    skipped: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # header -> field, or "" if kept as is
    ids: list[str] = field(default_factory=list)  # the ids given, once written
