"""Exporting a ledger the way it is reported upward (报送): the sheet a clerk would have
made, with the usual Chinese headers, as xlsx, CSV, JSON or Markdown.

The columns are the ones import recognises, so an export imports back into a new
campaign with the same findings, fields and counts. Findings' private mappings are
never written, except to JSON with --include-private.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ledger.counts import deadline_on, is_overdue, state_on, summarise, timeline
from ledger.errors import UsageError
from ledger.i18n import text
from ledger.model import FINDING_KEYS, PRIVATE, Finding
from ledger.queries import LIST_STATUSES
from ledger.report_files import STANDING_KEYS
from ledger.sheets import Cell, csv_bytes, display_width
from ledger.store import LedgerFile, load

FORMATS = ("xlsx", "csv", "json", "md")
# (field, header message key), in the order of the sheet
COLUMNS = (
    ("seq", "xh_seq"),
    ("id", "xh_id"),
    ("title", "xh_title"),
    ("area", "xh_area"),
    ("location", "xh_location"),
    ("found_on", "xh_found_on"),
    ("found_by", "xh_found_by"),
    ("severity", "xh_severity"),
    ("owner", "xh_owner"),
    ("contact", "xh_contact"),
    ("measure", "xh_measure"),
    ("funds", "xh_funds"),
    ("plan", "xh_plan"),
    ("deadline", "xh_deadline"),
    ("status", "xh_status"),
    ("fixed_on", "xh_fixed_on"),
    ("fix_note", "xh_note"),
    ("escalation", "xh_escalation"),
    ("supervisor", "xh_supervisor"),
)
SKIPPED_KEYS = {*FINDING_KEYS, PRIVATE}


@dataclass(frozen=True)
class Line:
    """A finding as it stood on the as-of day."""

    campaign: str
    finding: Finding
    status: str
    deadline: date
    fixed_on: date | None
    overdue: bool


def line_of(campaign: str, finding: Finding, day: date) -> Line | None:
    state = state_on(finding, day)
    if state is None:
        return None
    fixes = [when for when, entered in timeline(finding) if when <= day and entered == "fixed"]
    fixed_on = (
        (fixes[-1] if fixes else finding.get("fixed_on"))
        if state in ("fixed", "verified")
        else None
    )
    return Line(
        campaign, finding, state, deadline_on(finding, day), fixed_on, is_overdue(finding, day)
    )


def select(
    ledgers: list[LedgerFile], day: date, status: str | None, owner: str | None
) -> list[Line]:
    """Findings found by `day`, as they stood then; dropped ones only with --status dropped."""
    if status is not None and status not in LIST_STATUSES:
        raise UsageError(
            "bad_choice", option="--status", value=status, choices=", ".join(LIST_STATUSES)
        )
    lines = []
    for lf in ledgers:
        for finding in lf.findings:
            line = line_of(lf.campaign["id"], finding, day)
            if line is None or (owner is not None and owner not in finding["owner"]):
                continue
            if status == "overdue":
                keep = line.overdue
            elif status is not None:
                keep = line.status == status
            else:
                keep = line.status != "dropped"
            if keep:
                lines.append(line)
    return lines


def extra_keys(lines: Iterable[Line]) -> list[str]:
    """The users' own keys with plain values, in the order first met: extra columns."""
    keys: dict[str, None] = {}
    for line in lines:
        for key, value in line.finding.items():
            if key not in SKIPPED_KEYS and isinstance(value, str | int | float | date):
                keys.setdefault(key)
    return list(keys)


def header(extra: list[str], lang: str, several: bool) -> list[str]:
    names = [text(key, lang) for _, key in COLUMNS] + extra
    return [text("col_campaign", lang), *names] if several else names


def cells(number: int, line: Line, extra: list[str], lang: str, several: bool) -> list[Cell]:
    finding = line.finding
    values: dict[str, Any] = {
        **finding,
        "seq": number,
        "severity": text(f"severity_{finding['severity']}", lang),
        "status": text(f"status_{line.status}", lang),
        "deadline": line.deadline,
        "fixed_on": line.fixed_on,
    }
    row: list[Cell] = [_plain(values.get(name)) for name, _ in COLUMNS]
    row += [_plain(finding.get(key)) for key in extra]
    return [line.campaign, *row] if several else row


def _plain(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    overdue: list[bool]


def table(
    ledgers: list[LedgerFile], day: date, lang: str, status: str | None, owner: str | None
) -> Table:
    lines = select(ledgers, day, status, owner)
    several = len(ledgers) > 1
    extra = extra_keys(lines)
    name = (
        text("report_all", lang)
        if several
        else f"{ledgers[0].campaign['title']}（{ledgers[0].campaign['id']}）"
    )
    title = text("export_title", lang, title=name, as_of=day.isoformat())
    rows = [cells(n, line, extra, lang, several) for n, line in enumerate(lines, start=1)]
    return Table(title, header(extra, lang, several), rows, [line.overdue for line in lines])


# --- the files -------------------------------------------------------------------


def csv_file(t: Table) -> bytes:
    return csv_bytes([list(t.header), *t.rows])


def markdown_file(t: Table) -> bytes:
    def cell(value: Cell) -> str:
        shown = (
            value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))
        )
        return shown.replace("|", "\\|").replace("\n", " ")

    out = [f"# {t.title}", "", "| " + " | ".join(t.header) + " |", "|" + "---|" * len(t.header)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in t.rows]
    return ("\n".join(out) + "\n").encode("utf-8")


def xlsx_file(t: Table, ledgers: list[LedgerFile], day: date, lang: str) -> bytes:
    """The sheet as a clerk makes it: a title row, bold frozen headers, real date cells,
    overdue rows shaded; and a second sheet of summary figures."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = text("export_sheet", lang)
    width = len(t.header)
    sheet.append([t.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(t.header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    shade = PatternFill("solid", fgColor="FFE0E0")
    for excel_row, (row, overdue) in enumerate(zip(t.rows, t.overdue, strict=True), start=3):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=excel_row, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a text cell: never a formula, whatever it begins with
                if value.startswith(("=", "+", "-", "@")):
                    cell.quotePrefix = True
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if overdue:
                cell.fill = shade
    sheet.freeze_panes = "A3"
    for column in range(1, width + 1):
        values = [t.header[column - 1], *(row[column - 1] for row in t.rows)]
        sheet.column_dimensions[get_column_letter(column)].width = min(
            60, max(6, *(display_width(v) + 2 for v in values))
        )
    _summary_sheet(book, ledgers, day, lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary_sheet(book: Any, ledgers: list[LedgerFile], day: date, lang: str) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(text("export_summary_sheet", lang))
    sheet.append(
        [text("export_title", lang, title=text("summary_of", lang), as_of=day.isoformat())]
    )
    sheet["A1"].font = Font(bold=True)
    sheet.append(
        [
            text("col_campaign", lang),
            text("col_owner", lang),
            *(text(k, lang) for k in STANDING_KEYS),
        ]
    )
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for lf in ledgers:
        s = summarise(lf.campaign["id"], lf.campaign["title"], lf.findings, day, ["owner"])
        for owner, tally in [(text("total", lang), s.total), *s.breakdowns["owner"]]:
            rate = None if tally.rate is None else float(tally.rate) / 100
            sheet.append(
                [
                    lf.campaign["id"],
                    owner,
                    tally.found,
                    tally.fixed,
                    rate,
                    tally.open,
                    tally.overdue,
                    tally.major_open,
                    tally.escalated,
                ]
            )
            sheet.cell(row=sheet.max_row, column=5).number_format = "0.0%"
    for letter, width in (("A", 24), ("B", 18)):
        sheet.column_dimensions[letter].width = width


def export(
    paths: list[Path],
    fmt: str,
    day: date,
    lang: str,
    *,
    status: str | None = None,
    owner: str | None = None,
    include_private: bool = False,
) -> bytes:
    """The export file's bytes."""
    if fmt not in FORMATS:
        raise UsageError("bad_choice", option="--format", value=fmt, choices=", ".join(FORMATS))
    if include_private and fmt != "json":
        raise UsageError("private_json_only")
    ledgers = [load(path) for path in paths]
    if fmt == "json":
        import json

        from ledger.render import finding_json

        lines = select(ledgers, day, status, owner)
        data = [
            {
                **finding_json(line.campaign, line.finding, include_private),
                "status_as_of": line.status,
                "overdue": line.overdue,
            }
            for line in lines
        ]
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    t = table(ledgers, day, lang, status, owner)
    if fmt == "csv":
        return csv_file(t)
    if fmt == "md":
        return markdown_file(t)
    return xlsx_file(t, ledgers, day, lang)
