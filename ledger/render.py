"""Everything the tool prints: rich tables and sentences for people, JSON for scripts.

The only module that imports rich. JSON is written as UTF-8 with Chinese as is.
"""

import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ledger.counts import Summary, Tally, reopen_count
from ledger.errors import Problem
from ledger.i18n import text
from ledger.model import FINDING_KEYS, PRIVATE, Finding
from ledger.queries import Row

if TYPE_CHECKING:  # imported by the commands that need them: they pull in the writer
    from ledger.report import Report
    from ledger.sheet_import import Plan

PIPED_WIDTH = 200


def console() -> Console:
    """A console that never highlights and drops colour when not at a terminal (rich decides).

    Piped, rich would assume 80 columns and cut long Chinese titles; tables take
    their natural width up to PIPED_WIDTH instead, unless COLUMNS says otherwise.
    """
    out = Console(highlight=False, soft_wrap=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(highlight=False, soft_wrap=False, width=PIPED_WIDTH)
    return out


def print_json(data: Any) -> None:
    """JSON, UTF-8 as is; a list is written one item a line (quick for thousands of findings)."""
    if isinstance(data, list):
        items = [json.dumps(item, ensure_ascii=False, default=_json_default) for item in data]
        sys.stdout.write("[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n")
    else:
        sys.stdout.write(
            json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
        )


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# --- summary ---------------------------------------------------------------


def rate_text(tally: Tally) -> str:
    return "—" if tally.rate is None else f"{tally.rate}%"


def summary_json(summaries: list[Summary], as_of: date) -> dict[str, Any]:
    """Stable fields: as_of, campaigns[] (with by.<breakdown>[]), total."""
    total = sum((s.total for s in summaries), Tally())
    campaigns = []
    for s in summaries:
        by = {
            name: [{"key": key, **t.as_dict()} for key, t in rows]
            for name, rows in s.breakdowns.items()
        }
        campaigns.append({"campaign": s.campaign, "title": s.title, **s.total.as_dict(), "by": by})
    return {"as_of": as_of.isoformat(), "campaigns": campaigns, "total": total.as_dict()}


def sentence(tally: Tally, lang: str) -> str:
    return text(
        "summary_line",
        lang,
        found=tally.found,
        fixed=tally.fixed,
        rate=rate_text(tally),
        open=tally.open,
        overdue=tally.overdue,
    )


def _tally_table(title: str, leading: list[str], lang: str) -> Table:
    table = Table(title=title or None, title_justify="left", box=box.SIMPLE_HEAD)
    for column in leading:
        table.add_column(column)
    for key in ("col_found", "col_fixed", "col_rate", "col_open", "col_overdue"):
        table.add_column(text(key, lang), justify="right")
    return table


def _tally_cells(tally: Tally) -> list[Text | str]:
    overdue = Text(str(tally.overdue), style="bold red" if tally.overdue else "")
    return [str(tally.found), str(tally.fixed), rate_text(tally), str(tally.open), overdue]


def print_summaries(summaries: list[Summary], as_of: date, lang: str) -> None:
    out = console()
    if len(summaries) == 1:
        _print_one_summary(out, summaries[0], lang)
        return
    total = sum((s.total for s in summaries), Tally())
    out.print(text("all_campaigns", lang, as_of=as_of.isoformat()))
    out.print(sentence(total, lang))
    table = _tally_table("", [text("col_campaign", lang), text("col_title", lang)], lang)
    for s in summaries:
        table.add_row(s.campaign, s.title, *_tally_cells(s.total))
    table.add_section()
    table.add_row(text("total", lang), "", *_tally_cells(total), style="bold")
    out.print(table)
    for s in summaries:
        if s.breakdowns:
            out.print()
            _print_one_summary(out, s, lang)


def _print_one_summary(out: Console, s: Summary, lang: str) -> None:
    out.print(
        text("summary_head", lang, title=s.title, campaign=s.campaign, as_of=s.as_of.isoformat())
    )
    out.print(sentence(s.total, lang))
    out.print(
        text("summary_more", lang, **{f.name: getattr(s.total, f.name) for f in fields(Tally)})
    )
    for name, rows in s.breakdowns.items():
        table = _tally_table(text(f"by_{name}", lang), [text(f"col_{name}", lang)], lang)
        for key, tally in rows:
            label = (
                text(f"severity_{key}", lang) if name == "severity" else (key or text("none", lang))
            )
            table.add_row(label, *_tally_cells(tally))
        out.print(table)


# --- findings --------------------------------------------------------------


def finding_json(campaign: str, finding: Finding, private: bool = False) -> dict[str, Any]:
    """A finding's every key (unknown keys too, after the known ones), plus its campaign.

    Its `private` mapping (informants, inspectors' notes) only when asked for.
    """
    known = {key: finding.get(key) for key in FINDING_KEYS}
    extra = {
        key: value
        for key, value in finding.items()
        if key not in known and (private or key != PRIVATE)
    }
    values = {key: value for key, value in {**known, **extra}.items() if value is not None}
    return {"campaign": campaign, **{key: _jsonable(value) for key, value in values.items()}}


def _jsonable(value: Any) -> Any:
    """Dates as ISO text, inside lists and mappings too."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def rows_json(rows: Iterable[Row], private: bool = False) -> list[dict[str, Any]]:
    return [
        {
            **finding_json(r.campaign, r.finding, private),
            "overdue": r.overdue,
            "days_left": r.days_left,
        }
        for r in rows
    ]


def status_text(finding: Finding, overdue: bool, lang: str) -> Text:
    if overdue:
        return Text(text("status_overdue", lang), style="bold red")
    style = STATUS_STYLES[finding["status"]]
    return Text(text(f"status_{finding['status']}", lang), style=style)


STATUS_STYLES = {"open": "yellow", "fixed": "green", "verified": "green", "dropped": "dim"}


def print_rows(rows: list[Row], lang: str) -> None:
    """The findings as aligned columns, a line each, overdue ones in bold red.

    Lists run to thousands of rows, where a rich Table costs a second per
    thousand; columns padded by display width (Chinese counts two) cost nothing.
    """
    print_groups([("", rows)], lang, text("list_count", lang, count=len(rows)))


def print_due(groups: list[tuple[str, list[Row]]], lang: str) -> None:
    """What to chase, owner by owner."""
    count = sum(len(rows) for _, rows in groups)
    print_groups(groups, lang, text("due_count", lang, count=count, owners=len(groups)))


def print_groups(groups: list[tuple[str, list[Row]]], lang: str, closing: str) -> None:
    """Rows in aligned columns, under a heading line for each named group."""
    rows = [row for _, group in groups for row in group]
    several = len({r.campaign for r in rows}) > 1
    headers = [text("col_id", lang), *([text("col_campaign", lang)] if several else [])]
    headers += [text(k, lang) for k in ("col_problem", "col_owner", "col_deadline", "col_status")]
    headers.append(text("col_days", lang))
    cells = [_row_cells(r, several, lang) for r in rows]
    widths = [max(map(cell_len, column)) for column in zip(headers, *cells, strict=True)]
    styled: list[tuple[str, str]] = [(_aligned(headers, widths), "bold")]
    styled.append((_aligned(["─" * w for w in widths], widths), ""))
    lines = iter(cells)
    for name, group in groups:
        if name:
            styled.append((f"{name} ({len(group)})", "bold underline"))
        for row in group:
            style = "bold red" if row.overdue else STATUS_STYLES[row.finding["status"]]
            if row.finding.get("escalation"):
                style += " reverse"  # under listed supervision: stands out in every list
            styled.append((_aligned(next(lines), widths), style))
    out = console()
    if not out.is_terminal:  # piped: no colour to add, so none of rich's work either
        sys.stdout.write("\n".join([line for line, _ in styled] + [closing]) + "\n")
        return
    output = Text(no_wrap=True, overflow="ignore")
    for line, style in styled:
        output.append(line + "\n", style=style)
    output.append(closing)
    out.print(output, soft_wrap=True)


def due_json(groups: list[tuple[str, list[Row]]], private: bool = False) -> list[dict[str, Any]]:
    return [{"owner": owner, "findings": rows_json(rows, private)} for owner, rows in groups]


def _row_cells(r: Row, several: bool, lang: str) -> list[str]:
    days = ""
    if r.days_left is not None:
        days = text("days_overdue" if r.days_left < 0 else "days_left", lang, days=abs(r.days_left))
    elif r.finding["status"] == "dropped":  # shown with its reason
        reasons = [e.get("reason") for e in r.finding["history"] if e["event"] == "dropped"]
        days = (reasons or [""])[-1] or ""
    status = text("status_overdue" if r.overdue else f"status_{r.finding['status']}", lang)
    marks = []
    if step := r.finding.get("escalation"):
        marks.append(text("mark_escalated", lang, step=text(f"ladder_{step}", lang)))
    if (count := reopen_count(r.finding)) >= 2:
        marks.append(text("mark_reopened", lang, count=count))
    status += "".join(f" [{mark}]" for mark in marks)
    cells = [r.finding["id"], *([r.campaign] if several else [])]
    cells += [r.finding["title"], r.finding["owner"], r.finding["deadline"].isoformat()]
    return [*cells, status, days]


def _aligned(cells: list[str], widths: list[int]) -> str:
    """Cells padded to their column's display width; the last column is right-aligned."""
    padded = [
        cell + " " * (width - cell_len(cell)) for cell, width in zip(cells, widths, strict=True)
    ]
    padded[-1] = " " * (widths[-1] - cell_len(cells[-1])) + cells[-1]
    return "  ".join(padded).rstrip()


def print_finding(
    campaign: str, finding: Finding, overdue: bool, lang: str, private: bool = False
) -> None:
    out = console()
    table = Table(box=box.SIMPLE, show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(text("field_campaign", lang), campaign)
    for name in FINDING_KEYS[:-1]:
        value = finding.get(name)
        if value is None:
            continue
        cell: Text | str = str(value)
        if name == "status":
            cell = status_text(finding, overdue, lang)
        elif name == "severity":
            cell = text(f"severity_{value}", lang)
        elif name == "escalation":
            cell = text(f"ladder_{value}", lang)
        table.add_row(text(f"field_{name}", lang), cell)
    for key, value in finding.items():
        if key not in FINDING_KEYS and (private or key != PRIVATE):
            shown = json.dumps(value, ensure_ascii=False, default=_json_default).strip('"')
            table.add_row(key, shown)
    out.print(table)
    if finding["history"]:
        print_history(finding, lang, out)


def print_history(finding: Finding, lang: str, out: Console | None = None) -> None:
    """The history as a dated timeline: day, event, who, and what changed or why."""
    history = Table(title=text("history", lang), title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("col_on", "col_event", "col_by", "col_details"):
        history.add_column(text(column, lang))
    for event in finding["history"]:
        details = [event.get("note") or "", event.get("reason") or ""]
        details += event.get("evidence") or []
        if "to" in event:
            details.insert(0, f"{event.get('from', '')} → {event['to']}")
        if "field" in event:
            details.insert(0, f"{event['field']}: {event.get('old') or ''} → {event.get('new')}")
        if "step" in event:
            details.insert(
                0,
                " ".join(
                    filter(None, [text(f"ladder_{event['step']}", lang), event.get("supervisor")])
                ),
            )
        history.add_row(
            event["on"].isoformat(),
            text(f"event_{event['event']}", lang),
            event.get("by") or "",
            "; ".join(part for part in details if part),
        )
    (out or console()).print(history)


# --- problems --------------------------------------------------------------


def problem_text(problem: Problem, lang: str) -> str:
    """`file:line: field: message`, as compilers and bean-check print them."""
    where = f"{problem.path}:{problem.line}" if problem.line is not None else str(problem.path)
    message = text(problem.key, lang, **problem.params)
    if problem.warning:
        message = f"{text('warning', lang)}: {message}"
    return f"{where}: {problem.field}: {message}" if problem.field else f"{where}: {message}"


def problems_json(problems: list[Problem], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "file": str(p.path),
            "line": p.line,
            "field": p.field,
            "finding": p.finding,
            "code": p.key,
            "warning": p.warning,
            "message": text(p.key, lang, **p.params),
        }
        for p in problems
    ]


# --- report ----------------------------------------------------------------

TREND_BAR = 40


def report_text(report: "Report", lang: str, headline_lang: str | None) -> str:
    """The terminal report as plain text, for a file."""
    buffer = io.StringIO()
    out = Console(file=buffer, width=PIPED_WIDTH, no_color=True, highlight=False)
    print_report(report, lang, headline_lang, out)
    return buffer.getvalue()


def print_report(
    report: "Report", lang: str, headline_lang: str | None, out: Console | None = None
) -> None:
    """The report at the terminal: its sentences, the trend as bars, then its tables."""
    from ledger.report_files import paragraphs, sections, stamp, title_of

    out = out or console()
    out.print(Text(title_of(report, lang), style="bold"))
    out.print(Text(stamp(report, lang), style="dim"))
    for paragraph in paragraphs(report, lang, headline_lang):
        out.print()
        out.print(paragraph)
    if report.trend:
        out.print()
        out.print(Text(text("chart_title", lang), style="bold"))
        print_trend(out, report.trend, lang)
    for heading, header, rows in sections(report, lang):
        out.print()
        out.print(Text(heading, style="bold"))
        print_columns(out, header, rows)


def print_columns(out: Console, header: list[str], rows: list[list[str]]) -> None:
    """A table as aligned columns, figures right-aligned.

    A rich Table costs a second per thousand rows; a report's overdue list can be long.
    """
    from ledger.report_files import numeric_columns

    numeric = numeric_columns(header, rows)
    table = [header, *rows]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(header))]
    for number, row in enumerate(table):
        cells = [
            " " * (width - cell_len(cell)) + cell
            if right
            else cell + " " * (width - cell_len(cell))
            for cell, width, right in zip(row, widths, numeric, strict=True)
        ]
        out.print(Text("  ".join(cells).rstrip(), style="bold" if number == 0 else ""))


def print_trend(out: Console, trend: list[tuple[str, Tally]], lang: str) -> None:
    """A bar a month: its length is found, green for fixed, red for open."""
    peak = max(t.found for _, t in trend) or 1
    for month, t in trend:
        fixed = round(TREND_BAR * t.fixed / peak)
        still_open = round(TREND_BAR * t.found / peak) - fixed
        line = Text(f"{month}  ")
        line.append("█" * fixed, style="green")
        line.append("█" * still_open, style="red")
        line.append(" " * (TREND_BAR - fixed - still_open))
        figures = text("trend_figures", lang, found=t.found, fixed=t.fixed, open=t.open)
        line.append(f"  {figures}")
        out.print(line)


# --- the campaign record -----------------------------------------------------

RECORD_COLUMNS = {
    "activities": ("col_id", "col_on", "col_kind", "col_place", "col_participants", "col_group"),
    "items": ("col_id", "col_on", "col_title", "col_findings"),
    "suggestions": ("col_id", "col_on", "col_title", "col_addressee", "col_status"),
}


def _record_cells(section: str, entry: dict[str, Any], lang: str) -> list[str]:
    day = entry["on"].isoformat()
    if section == "activities":
        participants = entry.get("participants")
        kind = text(f"kind_{entry['kind']}", lang)
        place, group = entry.get("place") or "", entry.get("group") or ""
        return [
            entry["id"],
            day,
            kind,
            place,
            "" if participants is None else str(participants),
            group,
        ]
    if section == "items":
        return [entry["id"], day, entry["title"], ", ".join(entry["findings"])]
    status = text(f"suggestion_{entry['status']}", lang)
    return [entry["id"], day, entry["title"], entry["addressee"], status]


def print_records(section: str, rows: list[tuple[str, dict[str, Any]]], lang: str) -> None:
    """Activities, items or suggestions as a table; the campaign column where there are several."""
    out = console()
    if not rows:
        out.print(text("no_records", lang))
        return
    several = len({campaign for campaign, _ in rows}) > 1
    table = Table(box=box.SIMPLE_HEAD)
    if several:
        table.add_column(text("col_campaign", lang))
    for key in RECORD_COLUMNS[section]:
        table.add_column(text(key, lang), justify="right" if key == "col_participants" else "left")
    for campaign, entry in rows:
        table.add_row(*([campaign] if several else []), *_record_cells(section, entry, lang))
    out.print(table)


def records_json(rows: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"campaign": campaign, **_jsonable(entry)} for campaign, entry in rows]


@contextmanager
def progress_callback(label: str, threshold: int = 2000) -> Iterator[Callable[[int, int], None]]:
    """A callback (done, total) that shows a progress bar on stderr for long jobs, at a
    terminal only."""
    from rich.progress import Progress

    err = Console(stderr=True)
    if not err.is_terminal:
        yield lambda done, total: None
        return
    with Progress(console=err, transient=True) as bar:
        task = None

        def advance(done: int, total: int) -> None:
            nonlocal task
            if total < threshold:
                return
            if task is None:
                task = bar.add_task(label, total=total)
            if done % 100 == 0 or done == total - 1:
                bar.update(task, completed=done + 1)

        yield advance


def print_import(plan: "Plan", name: str, campaign: str, dry_run: bool, lang: str) -> bool:
    """Every skipped row (on stderr) and every problem (on stdout) with the sheet's row
    number; then what was, or would be, imported. False when there were problems."""
    for number, key, params in plan.skipped:
        message = text(key, lang, **params)
        print(
            text("import_row_whole", lang, file=name, row=number, message=message), file=sys.stderr
        )
    for problem in plan.problems:
        message = text(problem.key, lang, **problem.params)
        key = "import_row" if problem.column else "import_row_whole"
        print(text(key, lang, file=name, row=problem.row, column=problem.column, message=message))
    if plan.problems:
        failed = text("import_failed", lang, count=len(plan.problems), file=name)
        print(text("error", lang, message=failed), file=sys.stderr)
        return False
    skipped = len(plan.skipped)
    if dry_run:
        kept = text("import_kept", lang)
        columns = ", ".join(f"{header}→{field or kept}" for header, field in plan.columns.items())
        print(text("import_columns", lang, columns=columns))
        for number, values in plan.findings:
            print(f"{number}: {values['title']} · {values['owner']} · {values['deadline']}")
        count = len(plan.findings)
        print(text("import_would", lang, count=count, campaign=campaign, skipped=skipped))
    elif not plan.ids:
        print(text("import_nothing", lang, file=name, skipped=skipped))
    else:
        first, last = plan.ids[0], plan.ids[-1]
        count = len(plan.ids)
        print(
            text(
                "import_done",
                lang,
                count=count,
                campaign=campaign,
                first=first,
                last=last,
                skipped=skipped,
            )
        )
    return True
