"""A city's rollup as printed: the figures by district, and the commit of every source
they came from (stale ones marked with their age)."""

from datetime import UTC, datetime
from typing import Any

from rich import box
from rich.table import Table

from ledger.core.counts import Tally, rate_text
from ledger.core.i18n import text
from ledger.output.tables import visible
from ledger.output.terminal import console


def print_rollup(districts: list[tuple[str, Tally]], fetched: list[Any], lang: str) -> None:
    out = console()
    table = Table(title=text("by_district", lang), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(text("col_district", lang))
    for key in ("col_found", "col_fixed", "col_rate", "col_open", "col_overdue"):
        table.add_column(text(key, lang), justify="right")
    total = Tally()
    for name, tally in districts:
        total += tally
        table.add_row(visible(name), *_cells(tally))
    table.add_section()
    table.add_row(text("total", lang), *_cells(total), style="bold")
    out.print(table)
    for line in stamp_lines(fetched, lang):
        out.print(visible(line))


def _cells(tally: Tally) -> list[str]:
    return [
        str(tally.found),
        str(tally.fixed),
        rate_text(tally),
        str(tally.open),
        str(tally.overdue),
    ]


def stamp_lines(fetched: list[Any], lang: str) -> list[str]:
    """Each source's commit and date; a stale one marked with its age."""
    now = datetime.now(UTC)
    lines = []
    for f in fetched:
        key = "stamp_stale" if f.stale else "stamp_source"
        lines.append(text(key, lang, name=f.name, commit=f.commit[:12], day=f.committed,
                          days=f.age_days(now)))  # fmt: skip
    return lines


def rollup_json(districts: list[tuple[str, Tally]] | None, fetched: list[Any]) -> dict[str, Any]:
    """What --json adds in a rollup: the figures by district, and the sources' stamps."""
    if districts is None:
        return {}
    from ledger.storage.sources import stamps

    return {
        "districts": [{"district": name, **tally.as_dict()} for name, tally in districts],
        "sources": stamps(fetched, datetime.now(UTC)),
    }
