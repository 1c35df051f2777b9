"""What the tool prints at the terminal for people: sentences, aligned lists and rich
tables, coloured only at a terminal (rich decides).

Scripts get JSON (ledger.output.json_shapes); reports have their own formats
(ledger.output.report).
"""

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ledger.core.counts import Summary, Tally, rate_text
from ledger.core.errors import Problem
from ledger.core.i18n import MESSAGES, text
from ledger.core.model import FINDING_KEYS, Event, Finding, without_private
from ledger.core.standing import Row, Standing, events_of
from ledger.output.json_shapes import json_default
from ledger.output.tables import aligned, column_widths, fitted, visible

if TYPE_CHECKING:  # only the commands that print them need these
    from ledger.core.patch import FieldChange
    from ledger.core.sheetplan import Plan, RowProblem

PIPED_WIDTH = 200


def console() -> Console:
    """A console that never highlights and drops colour when not at a terminal (rich decides).

    Piped, rich would assume 80 columns and cut long Chinese titles; tables take
    their natural width up to PIPED_WIDTH instead, unless COLUMNS says otherwise.
    """
    out = Console(highlight=False, soft_wrap=False, markup=False, emoji=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(
            highlight=False, soft_wrap=False, width=PIPED_WIDTH, markup=False, emoji=False
        )
    return out


# --- summary ---------------------------------------------------------------


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
        table.add_row(s.campaign, visible(s.title), *_tally_cells(s.total))
    table.add_section()
    table.add_row(text("total", lang), "", *_tally_cells(total), style="bold")
    out.print(table)
    for s in summaries:
        if s.breakdowns:
            out.print()
            _print_one_summary(out, s, lang)


def _print_one_summary(out: Console, s: Summary, lang: str) -> None:
    out.print(
        visible(
            text(
                "summary_head", lang, title=s.title, campaign=s.campaign, as_of=s.as_of.isoformat()
            )
        )
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
            table.add_row(visible(label), *_tally_cells(tally))
        out.print(table)


# --- findings --------------------------------------------------------------


def status_text(st: Standing, lang: str) -> Text:
    if st.overdue:
        return Text(text("status_overdue", lang), style="bold red")
    return Text(text(f"status_{st.state}", lang), style=STATUS_STYLES[st.state])


STATUS_STYLES = {"open": "yellow", "fixed": "green", "verified": "green", "dropped": "dim"}


def print_rows(rows: list[Row], lang: str) -> None:
    """The findings as aligned columns, a line each, overdue ones in bold red.

    Lists run to thousands of rows, where a rich Table costs a second per
    thousand; columns padded by display width (Chinese counts two) cost nothing.
    """
    print_groups([("", rows)], lang, text("list_count", lang, count=len(rows)))


def print_due(groups: list[tuple[str, list[Row]]], lang: str) -> None:
    """What to chase, owner by owner (the owner heads each group, so no column says it)."""
    count = sum(len(rows) for _, rows in groups)
    closing = text("due_count", lang, count=count, owners=len(groups))
    print_groups(groups, lang, closing, owner_column=False)


def print_groups(
    groups: list[tuple[str, list[Row]]], lang: str, closing: str, *, owner_column: bool = True
) -> None:
    """Rows in aligned columns, under a heading line for each named group. At a terminal
    (or where COLUMNS is set) the finding's text is cut so that each line fits."""
    rows = [row for _, group in groups for row in group]
    cells = [_row_cells(r, lang) for r in rows]
    keys = ["col_id", "col_campaign", "col_problem", "col_owner", "col_deadline", "col_status"]
    keys += ["col_days", "col_closed"]
    if len({r.campaign for r in rows}) <= 1:
        keys.remove("col_campaign")
    if not owner_column:
        keys.remove("col_owner")
    for key in ("col_days", "col_closed"):  # days left; fixed days and reasons for dropping
        if not any(row[key] for row in cells):
            keys.remove(key)
    table = [[text(key, lang) for key in keys], *([row[key] for key in keys] for row in cells)]
    out = console()
    if out.is_terminal or "COLUMNS" in os.environ:
        giving_way = ["col_problem", "col_closed", "col_status", "col_owner", "col_campaign"]
        columns = [keys.index(key) for key in giving_way if key in keys]
        table = fitted(table, columns, out.size.width)
    headers, *lines = table
    widths = column_widths(table)
    right = [key == "col_days" for key in keys]
    styled: list[tuple[str, str]] = [(aligned(headers, widths, right), "bold")]
    styled.append((aligned(["─" * w for w in widths], widths, right), ""))
    line = iter(lines)
    for name, group in groups:
        if name:
            styled.append((f"{name} ({len(group)})", "bold underline"))
        for row in group:
            style = "bold red" if row.overdue else STATUS_STYLES[row.standing.state]
            if row.standing.escalation:
                style += " reverse"  # under listed supervision: stands out in every list
            styled.append((aligned(next(line), widths, right), style))
    if not out.is_terminal:  # piped: no colour to add, so none of rich's work either
        sys.stdout.write("\n".join([text_line for text_line, _ in styled] + [closing]) + "\n")
        return
    output = Text(no_wrap=True, overflow="ignore")
    for text_line, style in styled:
        output.append(text_line + "\n", style=style)
    output.append(closing)
    out.print(output, soft_wrap=True)


def _row_cells(r: Row, lang: str) -> dict[str, str]:
    """A row's cell for each column a list may show."""
    st = r.standing
    days = closed = ""
    if st.days_left is not None:
        days = text(
            "days_overdue" if st.days_left < 0 else "days_left", lang, days=abs(st.days_left)
        )
    elif st.state == "dropped":
        closed = st.dropped_reason or ""
    elif st.fixed_on is not None:
        closed = st.fixed_on.isoformat()
    status = text("status_overdue" if st.overdue else f"status_{st.state}", lang)
    marks = []
    if st.escalation:
        marks.append(text("mark_escalated", lang, step=text(f"ladder_{st.escalation}", lang)))
    if st.reopened >= 2:
        marks.append(text("mark_reopened", lang, count=st.reopened))
    status += "".join(f" [{mark}]" for mark in marks)
    cells = {
        "col_id": r.finding["id"],
        "col_campaign": r.campaign,
        "col_problem": st.title,
        "col_owner": st.owner,
        "col_deadline": st.deadline.isoformat(),
        "col_status": status,
        "col_days": days,
        "col_closed": closed,
    }
    return {key: visible(cell) for key, cell in cells.items()}


# The fields `show` gives as they stood on the day asked about, not as stored.
STANDING_FIELDS = {"status", "deadline", "fixed_on", "fix_note", "escalation", "supervisor"}


def print_finding(
    campaign: str, finding: Finding, st: Standing, lang: str, private: bool = False
) -> None:
    """Every field of the finding as it stood on the day, then its other keys and history."""
    out = console()
    table = Table(box=box.SIMPLE, show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(text("field_campaign", lang), campaign)
    standing_values = {
        **st.values,
        "deadline": st.deadline,
        "fixed_on": st.fixed_on,
        "fix_note": st.fix_note,
        "escalation": st.escalation,
        "supervisor": st.supervisor,
    }
    for name in FINDING_KEYS[:-1]:
        value = standing_values.get(name, finding.get(name)) if name != "status" else st.state
        if value is None:
            continue
        cell: Text | str = visible(str(value))
        if name == "status":
            cell = status_text(st, lang)
        elif name == "severity":
            cell = text(f"severity_{value}", lang)
        elif name == "escalation":
            cell = text(f"ladder_{value}", lang)
        table.add_row(text(f"field_{name}", lang), cell)
    for key, value in (finding if private else without_private(finding)).items():
        if key not in FINDING_KEYS:
            shown = json.dumps(value, ensure_ascii=False, default=json_default).strip('"')
            table.add_row(visible(key), visible(shown))
    out.print(table)
    print_history(finding, lang, out)


def changes_text(changes: "list[FieldChange]", lang: str) -> str:
    """What an edit changed, field by field: `Owner: 区房产局 → 区商务局`."""
    lines = [
        text(
            "change_line",
            lang,
            field=text(f"field_{change.field}", lang),
            old=_field_value(change.field, change.old, lang),
            new=_field_value(change.field, change.new, lang),
        )
        for change in changes
    ]
    return text("list_separator", lang).join(lines)


def _field_value(name: str, value: Any, lang: str) -> str:
    if value is None:
        return text("none", lang)
    if name == "severity":
        return text(f"severity_{value}", lang)
    return str(value)


def print_history(finding: Finding, lang: str, out: Console | None = None) -> None:
    """The history as a dated timeline: day, event, who, and what changed, was claimed or
    why; every note of every event, so that each claim made stays on the record."""
    history = Table(
        title=visible(text("history_of", lang, id=finding["id"], title=finding["title"])),
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in ("col_on", "col_event", "col_by", "col_details"):
        history.add_column(text(column, lang))
    for event in events_of(finding):
        history.add_row(
            event["on"].isoformat(),
            _event_name(event, lang),
            visible(event.get("by") or ""),
            visible(text("list_separator", lang).join(_event_details(event, lang))),
        )
    (out or console()).print(history)


def _event_name(event: Event, lang: str) -> str:
    name = text(f"event_{event['event']}", lang)
    return text("event_correction", lang) if event.get("correction") else name


def _event_details(event: Event, lang: str) -> list[str]:
    details = []
    if "step" in event:
        details.append(
            " ".join(filter(None, [text(f"ladder_{event['step']}", lang), event.get("supervisor")]))
        )
    if "field" in event:
        name = event["field"]
        details.append(
            text(
                "change_line",
                lang,
                field=text(f"field_{name}", lang) if f"field_{name}" in MESSAGES else name,
                old=_field_value(name, event.get("old"), lang),
                new=_field_value(name, event.get("new"), lang),
            )
        )
    if "to" in event:
        details.append(f"{event.get('from', '')} → {event['to']}")
    details += [event.get("note") or "", event.get("reason") or ""]
    details += event.get("evidence") or []
    return [part for part in details if part]


# --- problems --------------------------------------------------------------


def problem_text(problem: Problem, lang: str) -> str:
    """`file:line: field: message`, as compilers and bean-check print them."""
    where = f"{problem.path}:{problem.line}" if problem.line is not None else str(problem.path)
    message = visible(text(problem.key, lang, **problem.params))
    if problem.warning:
        message = text("warned", lang, message=message)
    field = visible(field_label(problem.field, lang))
    return f"{where}: {field}: {message}" if field else f"{where}: {message}"


def field_label(field: str, lang: str) -> str:
    """A problem's field as a reader of `lang` reads it: in Chinese, the key the file holds
    followed by its Chinese name (DM-001.owner（责任单位）)."""
    key = field.rsplit(".", 1)[-1]
    if lang != "zh" or f"field_{key}" not in MESSAGES:
        return field
    return f"{field}（{text(f'field_{key}', lang)}）"


def print_problems(problems: list[Problem], files: int, lang: str) -> None:
    """Each problem on a line (standard output), then the verdict (standard error)."""
    for problem in problems:
        print(problem_text(problem, lang))
    errors = sum(not problem.warning for problem in problems)
    warnings = len(problems) - errors
    key = "check_failed" if errors else ("check_warned" if warnings else "check_ok")
    print(text(key, lang, problems=errors, files=files, warnings=warnings), file=sys.stderr)


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
        cells = [visible(cell) for cell in _record_cells(section, entry, lang)]
        table.add_row(*([campaign] if several else []), *cells)
    out.print(table)


@contextmanager
def progress_callback(label: str, threshold: int = 2000) -> Iterator[Callable[[int, int], None]]:
    """A callback (done, total) that shows a progress bar on stderr for long jobs, at a
    terminal only."""
    from rich.progress import Progress

    err = Console(stderr=True, markup=False, emoji=False)
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
            if done % max(1, min(100, total // 100)) == 0 or done == total - 1:
                bar.update(task, completed=done + 1)

        yield advance


def print_import(plan: "Plan", name: str, campaign: str, dry_run: bool, lang: str) -> bool:
    """Every skipped row (on stderr); with `dry_run` the preview (columns, figures, what was
    assumed, the sheet's totals row against ours); every warning and problem with the
    sheet's row number; then what was, or would be, imported. False on problems."""
    for number, key, params in plan.skipped:
        message = text(key, lang, **params)
        print(
            text("import_row_whole", lang, file=name, row=number, message=message), file=sys.stderr
        )
    if dry_run:
        _print_preview(plan, lang)
    for problem in plan.warnings:
        print(visible(_row_line(problem, name, lang, warning=True)))
    for problem in plan.problems:
        print(visible(_row_line(problem, name, lang)))
    if plan.problems:
        failed = text("import_failed", lang, count=len(plan.problems), file=name)
        print(text("error", lang, message=failed), file=sys.stderr)
        return False
    if not dry_run:
        for key, params in plan.assumed:
            print(text("import_assumed", lang, what=text(key, lang, **params)), file=sys.stderr)
    skipped = len(plan.skipped)
    if dry_run:
        count = len(plan.findings)
        print(text("import_would", lang, count=count, campaign=campaign, skipped=skipped))
    elif not plan.ids:
        print(text("import_nothing", lang, file=name, skipped=skipped))
    else:
        first, last = plan.ids[0], plan.ids[-1]
        ids = first if first == last else text("id_range", lang, first=first, last=last)
        count = len(plan.ids)
        print(text("import_done", lang, count=count, campaign=campaign, ids=ids, skipped=skipped))
    return True


def _row_line(problem: "RowProblem", name: str, lang: str, warning: bool = False) -> str:
    message = text(problem.key, lang, **problem.params)
    if warning:
        message = text("warned", lang, message=message)
    key = "import_row" if problem.column else "import_row_whole"
    return text(key, lang, file=name, row=problem.row, column=problem.column, message=message)


def _field_shown(field: str, lang: str) -> str:
    """A field as the preview names it: the name --map takes, or its Chinese name."""
    return text(f"field_{field}", lang) if lang == "zh" else field


def _print_preview(plan: "Plan", lang: str) -> None:
    """What an import would read, shown before any problem: which column is which field
    (and which are kept as they are), the figures, what was assumed, and the sheet's own
    totals row beside ours."""
    kept = text("import_kept", lang)
    columns = text("list_separator", lang).join(
        f"{header}→{_field_shown(field, lang) if field else kept}"
        for header, field in plan.columns.items()
    )
    print(visible(text("import_columns", lang, columns=columns)))
    if plan.counts:
        print(text("import_figures", lang, **plan.counts))
    for key, params in plan.assumed:
        print(text("import_assumed", lang, what=text(key, lang, **params)))
    if plan.sheet_totals:
        checks = [
            text(
                "import_total_same" if plan.counts.get(k) == v else "import_total_differs",
                lang,
                what=text(f"import_total_{k}", lang),
                sheet=v,
                ours=plan.counts.get(k, 0),
            )
            for k, v in plan.sheet_totals.items()
        ]
        print(text("import_totals", lang, checks=text("list_separator", lang).join(checks)))
    for number, values in plan.findings:
        print(visible(f"{number}: {values['title']} · {values['owner']} · {values['deadline']}"))
