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
from ledger.core.standing import Row, events_of, first_deadline, status_filter
from ledger.core.trail import trail_text
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
    ("deadline_was", "xh_deadline_was"),
    ("deadline", "xh_deadline"),
    ("status", "xh_status"),
    ("fixed_on", "xh_fixed_on"),
    ("verified_on", "xh_verified_on"),
    ("note", "xh_note"),
    ("escalation", "xh_escalation"),
    ("supervisor", "xh_supervisor"),
    ("reopened", "xh_reopened"),
    ("dropped_reason", "xh_dropped_reason"),
    ("trail", "xh_trail"),
)
SKIPPED_KEYS = {*FINDING_KEYS, PRIVATE}


def select(
    ledgers: list[LedgerFile],
    day: date,
    status: str | None,
    owner: str | None,
    include_dropped: bool = False,
) -> list[Row]:
    """Findings found by `day`, as they stood then, in file order; dropped ones only with
    --include-dropped or --status dropped. The same filters as `list`."""
    wanted = status_filter(status) or ("all" if include_dropped else None)
    every = rows_of(ledgers, day)
    owners = owners_meant(owner, ledgers, every)
    return [row for row in every if matches(row, wanted, owners, None, None)]


def extra_keys(lines: Iterable[Row], lang: str) -> list[str]:
    """The users' own keys with plain values, in the order first met: extra columns. A key
    named like one of the sheet's own headers (an 编号 kept by an older import) is left out:
    the sheet has one column of each name."""
    own = {text(key, lang) for _, key in COLUMNS} | {text("col_campaign", lang)}
    keys: dict[str, None] = {}
    for line in lines:
        for key, value in line.finding.items():
            if key in SKIPPED_KEYS or key in own:
                continue
            if isinstance(value, str | int | float | date):
                keys.setdefault(key)
    return list(keys)


def header(extra: list[str], lang: str, several: bool) -> list[str]:
    names = [text(key, lang) for _, key in COLUMNS] + extra
    return [text("col_campaign", lang), *names] if several else names


def cells(
    number: int, line: Row, extra: list[str], lang: str, several: bool, day: date
) -> list[Cell]:
    """A finding's row as it stood at the end of `day`, with its history up to then (处理
    记录), which an import reads back into the same history."""
    finding, st = line.finding, line.standing
    events = [event for event in events_of(finding) if event["on"] <= day]
    first = first_deadline(finding, events)
    verified = [event["on"] for event in events if event["event"] == "verified"]
    fixed = st.state in ("fixed", "verified")
    values: dict[str, Any] = {
        **finding,
        **st.values,
        "seq": number,
        "severity": text(f"severity_{st.severity}", lang),
        "status": text(f"status_{st.state}", lang),
        "deadline_was": first if first != st.deadline else None,
        "deadline": st.deadline,
        "fixed_on": st.fixed_on,
        "verified_on": verified[-1] if verified and st.state == "verified" else None,
        "note": st.fix_note if fixed else events[0].get("note"),
        "escalation": text(f"ladder_{st.escalation}", lang) if st.escalation else None,
        "supervisor": st.supervisor,
        "reopened": st.reopened or None,
        "dropped_reason": st.dropped_reason if st.state == "dropped" else None,
        "trail": trail_text(events, lang),
    }
    row: list[Cell] = [_plain(values.get(name)) for name, _ in COLUMNS]
    row += [_plain(finding.get(key)) for key in extra]
    return [line.campaign, *row] if several else row


def _plain(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


def name_of(ledgers: list[LedgerFile], lang: str) -> str:
    """What an export is of: the campaign's title and id, or all campaigns."""
    if len(ledgers) > 1:
        return text("report_all", lang)
    return f"{ledgers[0].campaign['title']}（{ledgers[0].campaign['id']}）"


def table(
    ledgers: list[LedgerFile],
    day: date,
    lang: str,
    status: str | None,
    owner: str | None,
    include_dropped: bool = False,
) -> Sheet:
    lines = select(ledgers, day, status, owner, include_dropped)
    several = len(ledgers) > 1
    extra = extra_keys(lines, lang)
    title = text("export_title", lang, title=name_of(ledgers, lang), as_of=day.isoformat())
    rows = [cells(n, line, extra, lang, several, day) for n, line in enumerate(lines, start=1)]
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
    include_dropped: bool = False,
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
            for line in select(ledgers, day, status, owner, include_dropped)
        ]
        return json_text(data).encode("utf-8")
    sheet = table(ledgers, day, lang, status, owner, include_dropped)
    if fmt == "csv":
        return sheet_csv(sheet)
    if fmt == "md":
        return sheet_markdown(sheet)
    summary = summary_lines(ledgers, day, lang)
    return sheet_xlsx(Export(sheet, summary, day, name_of(ledgers, lang)), lang)
