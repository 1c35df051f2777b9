"""What an import of a spreadsheet would do, as a value: the findings to add with their
sheet rows, the rows skipped and why, every problem (which refuses the import) and every
warning (a rule of the domain the old sheet could not know: imported, and `check` keeps
naming it) by row and column, and what the preview shows."""

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
    """What an import would do."""

    findings: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    skipped: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # the import is refused
    warnings: list[RowProblem] = field(default_factory=list)  # imported all the same
    columns: dict[str, str] = field(default_factory=dict)  # header -> field, "" kept as is
    assumed: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # message keys
    counts: dict[str, int] = field(default_factory=dict)  # the findings' states, today
    sheet_totals: dict[str, int] = field(default_factory=dict)  # what the totals row says
    ids: list[str] = field(default_factory=list)  # the ids given, once written
