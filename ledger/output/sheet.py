"""The export written out: the sheet as CSV, Markdown, or the xlsx a clerk would make
(a title row, bold frozen headers, real date cells, overdue rows shaded, and a summary
sheet). Text cells are never formulas, whatever they begin with.

openpyxl is imported only when an xlsx is written.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.core.counts import Tally
from ledger.core.i18n import text
from ledger.output.report import STANDING_KEYS
from ledger.output.tables import csv_text, display_width, markdown_table, md_text, visible
from ledger.storage.sheets import FORMULA_STARTS, Cell

FORMATS = ("xlsx", "csv", "json", "md")


@dataclass(frozen=True)
class Sheet:
    """A table under a title; `shaded` marks the rows to shade (the overdue ones)."""

    title: str
    header: list[str]
    rows: list[list[Cell]]
    shaded: list[bool]


@dataclass(frozen=True)
class SummaryLine:
    """A line of the summary sheet: a campaign's total, or one of its owners."""

    campaign: str
    name: str
    tally: Tally


@dataclass(frozen=True)
class Export:
    sheet: Sheet
    summary: list[SummaryLine]
    as_of: date
    name: str  # the campaign's title and id, or "all campaigns"


def sheet_csv(sheet: Sheet) -> bytes:
    return csv_text([list(sheet.header), *sheet.rows]).encode("utf-8")


def sheet_markdown(sheet: Sheet) -> bytes:
    lines = [f"# {md_text(sheet.title)}", "", *markdown_table(sheet.header, sheet.rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def sheet_xlsx(export: Export, lang: str) -> bytes:
    """The sheet as a clerk makes it, and a second sheet of summary figures.

    Written in openpyxl's write-only mode, row by row: a workbook held whole in memory
    took 1 GB for 100,000 findings. Everything about a sheet but its rows (widths, the
    merged title, frozen panes, the filter, the page) is set before the first row.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    t = export.sheet
    book = Workbook(write_only=True)
    sheet = book.create_sheet(text("export_sheet", lang))
    last = get_column_letter(len(t.header))
    for column in range(1, len(t.header) + 1):
        values = [t.header[column - 1], *(row[column - 1] for row in t.rows)]
        sheet.column_dimensions[get_column_letter(column)].width = min(
            60, max(6, *(display_width(v) + 2 for v in values))
        )
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{len(t.rows) + 2}"
    _print_setup(sheet)
    (title,) = _cells(sheet, [t.title])
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.append([title])
    header = _cells(sheet, t.header)
    for cell in header:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.append(header)
    shade = PatternFill("solid", fgColor="FFE0E0")
    for row, shaded in zip(t.rows, t.shaded, strict=True):
        cells = _cells(sheet, row)
        if shaded:
            for cell in cells:
                cell.fill = shade
        sheet.append(cells)
    _summary_sheet(book, export, lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _print_setup(sheet: Any) -> None:
    """A4 landscape, fitted to the page's width, the header row on every page."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"


def _cells(sheet: Any, values: Sequence[Cell]) -> list[Any]:
    """A row's cells for a write-only sheet, each set as set_cell sets it."""
    from openpyxl.cell import WriteOnlyCell

    cells = [WriteOnlyCell(sheet) for _ in values]
    for cell, value in zip(cells, values, strict=True):
        set_cell(cell, value)
    return cells


def set_cell(cell: Any, value: Cell) -> None:
    """A value in a cell: text stays text (never a formula, no control character, which a
    workbook cannot hold), dates are date cells."""
    if isinstance(value, str):
        value = visible(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a text cell: never a formula, whatever it begins with
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"


def _summary_sheet(book: Any, export: Export, lang: str) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(text("export_summary_sheet", lang))
    for letter, width in (("A", 24), ("B", 18)):
        sheet.column_dimensions[letter].width = width
    as_of = export.as_of.isoformat()
    (title,) = _cells(sheet, [text("export_summary_title", lang, title=export.name, as_of=as_of)])
    title.font = Font(bold=True)
    sheet.append([title])
    names = [
        text("col_campaign", lang),
        text("col_owner", lang),
        *(text(k, lang) for k in STANDING_KEYS),
    ]
    header = _cells(sheet, names)
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    for line in export.summary:
        tally = line.tally
        rate = None if tally.rate is None else float(tally.rate) / 100
        figures = (tally.open, tally.overdue, tally.major_open, tally.escalated)
        cells = _cells(sheet, [line.campaign, line.name, tally.found, tally.fixed, rate, *figures])
        cells[4].number_format = "0.0%"
        sheet.append(cells)
