"""Exporting a ledger the way it is reported upward (报送): the sheet a clerk would have
made, with the usual Chinese headers, as things stood on a day; written as xlsx, CSV,
JSON or Markdown by ledger.output.sheet.

The columns are the ones import recognises, so an export imports back into a new
campaign with the same findings, fields and counts. Findings' private mappings are
never written, except to JSON with --include-private.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from ledger.core.counts import summarise
from ledger.core.errors import UsageError
from ledger.core.i18n import text
from ledger.core.model import FINDING_KEYS, PRIVATE
from ledger.core.standing import Row, status_filter
from ledger.output.json_shapes import finding_json, json_text
from ledger.output.sheet import (
    FORMATS,
    Export,
    Sheet,
    SummaryLine,
    sheet_csv,
    sheet_markdown,
    sheet_xlsx,
)
from ledger.storage.sheets import Cell
from ledger.storage.store import LedgerFile
from ledger.views.findings import matches, owners_meant, rows_of

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


def select(
    ledgers: list[LedgerFile], day: date, status: str | None, owner: str | None
) -> list[Row]:
    """Findings found by `day`, as they stood then, in file order; dropped ones only with
    --status dropped. The same filters as `list`."""
    wanted = status_filter(status)
    every = rows_of(ledgers, day)
    owners = owners_meant(owner, ledgers, every)
    return [row for row in every if matches(row, wanted, owners, None, None)]


def extra_keys(lines: Iterable[Row]) -> list[str]:
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


def cells(number: int, line: Row, extra: list[str], lang: str, several: bool) -> list[Cell]:
    finding, st = line.finding, line.standing
    values: dict[str, Any] = {
        **finding,
        **st.values,
        "seq": number,
        "severity": text(f"severity_{st.severity}", lang),
        "status": text(f"status_{st.state}", lang),
        "deadline": st.deadline,
        "fixed_on": st.fixed_on,
        "fix_note": st.fix_note,
        "escalation": st.escalation,
        "supervisor": st.supervisor,
    }
    row: list[Cell] = [_plain(values.get(name)) for name, _ in COLUMNS]
    row += [_plain(finding.get(key)) for key in extra]
    return [line.campaign, *row] if several else row


def _plain(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


def table(
    ledgers: list[LedgerFile], day: date, lang: str, status: str | None, owner: str | None
) -> Sheet:
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
    return Sheet(title, header(extra, lang, several), rows, [line.overdue for line in lines])


def summary_lines(ledgers: list[LedgerFile], day: date, lang: str) -> list[SummaryLine]:
    """Each campaign's total and owners, as the summary sheet lists them."""
    lines = []
    for lf in ledgers:
        s = summarise(lf.campaign["id"], lf.campaign["title"], lf.findings, day, ["owner"])
        for owner, tally in [(text("total", lang), s.total), *s.breakdowns["owner"]]:
            lines.append(SummaryLine(lf.campaign["id"], owner, tally))
    return lines


def export(
    ledgers: list[LedgerFile],
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
        raise UsageError("bad_choice", option="--format", value=fmt, choices=tuple(FORMATS))
    if include_private and fmt != "json":
        raise UsageError("private_json_only")
    if fmt == "json":
        data = [
            {
                **finding_json(line.campaign, line.finding, include_private),
                "status_as_of": line.standing.state,
                "overdue": line.overdue,
            }
            for line in select(ledgers, day, status, owner)
        ]
        return json_text(data).encode("utf-8")
    sheet = table(ledgers, day, lang, status, owner)
    if fmt == "csv":
        return sheet_csv(sheet)
    if fmt == "md":
        return sheet_markdown(sheet)
    return sheet_xlsx(Export(sheet, summary_lines(ledgers, day, lang), day), lang)
