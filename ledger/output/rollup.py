"""A city's rollup as printed: the figures by district, and the commit of every source
they came from (stale ones marked with their age)."""

from datetime import UTC, datetime
from typing import Any

from rich import box
from rich.table import Table

from ledger.core.counts import Tally, rate_text
from ledger.core.i18n import text
from ledger.core.report import SourceStamp
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
    from ledger.storage.sources import stamps

    return [stamp_text(stamp, lang) for stamp in stamps(fetched, datetime.now(UTC))]


def stamp_text(stamp: SourceStamp, lang: str) -> str:
    """One source's commit and date, as every rollup shows it; a stale one with its age."""
    key = "stamp_stale" if stamp.stale_days is not None else "stamp_source"
    return text(key, lang, name=stamp.name, commit=stamp.commit[:12], day=stamp.committed,
                days=stamp.stale_days)  # fmt: skip


def rollup_json(districts: list[tuple[str, Tally]], fetched: list[Any]) -> dict[str, Any]:
    """What --json adds in a rollup: the figures by district, and the sources' stamps."""
    from ledger.storage.sources import stamps

    return {
        "districts": [{"district": name, **tally.as_dict()} for name, tally in districts],
        "sources": [
            {
                "source": s.name,
                "commit": s.commit[:12],
                "committed": s.committed,
                "stale_days": s.stale_days,
            }
            for s in stamps(fetched, datetime.now(UTC))
        ],
    }
