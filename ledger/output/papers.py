"""The paper trail and the scorecards laid out: the documents and their reply slips, what
`due` chases beside the findings, a campaign's stage, and the assessment as a table, JSON,
Markdown or the xlsx sent upward. Every point of a score is shown with its source."""

import io
from datetime import date
from typing import Any

from rich import box
from rich.table import Table

from ledger.core.assess import Assessment, UnitScore, shown
from ledger.core.i18n import MESSAGES, text
from ledger.core.papers import Reply
from ledger.output.json_shapes import json_text, jsonable, rows_json
from ledger.output.plan import owed_line
from ledger.output.tables import markdown_table, md_text, visible
from ledger.output.terminal import console, print_groups


def kind_name(kind: str, lang: str, kinds: dict[str, str] | None = None) -> str:
    """A document kind's name: the built-in ones in either language, a campaign's own as
    it names them."""
    if f"doc_name_{kind}" in MESSAGES:
        return text(f"doc_name_{kind}", lang)
    return (kinds or {}).get(kind, kind)


def reply_state(reply: Reply, day: date, lang: str) -> str:
    """回执: back on a day, awaited (by a day), or overdue by so many days."""
    if reply.replied_on is not None:
        return text("reply_back", lang, day=reply.replied_on.isoformat())
    reply_by = reply.document.get("reply_by")
    if reply_by is None:
        return text("reply_none", lang)
    if reply.overdue:
        return text("reply_overdue", lang, day=reply_by.isoformat(), days=(day - reply_by).days)
    return text("reply_awaited", lang, day=reply_by.isoformat())


def print_documents(rows: list[tuple[str, Reply]], day: date, lang: str) -> None:
    out = console()
    if not rows:
        out.print(text("no_records", lang))
        return
    table = Table(box=box.SIMPLE_HEAD)
    for key in ("col_id", "col_number", "col_kind", "col_addressee", "col_on", "col_findings"):
        table.add_column(text(key, lang))
    table.add_column(text("col_reply", lang))
    for _, reply in rows:
        d = reply.document
        cells = [d["id"], d["number"], kind_name(d["kind"], lang), d["addressee"]]
        cells += [d["on"].isoformat(), text("list_separator", lang).join(d["findings"])]
        table.add_row(*(visible(c) for c in cells), reply_state(reply, day, lang))
    out.print(table)


def documents_json(rows: list[tuple[str, Reply]]) -> list[dict[str, Any]]:
    return [
        {
            "campaign": campaign,
            **jsonable(
                {k: v for k, v in reply.document.items() if k not in ("history", "private")}
            ),
            "replied_on": jsonable(reply.replied_on),
            "reply_overdue": reply.overdue,
        }
        for campaign, reply in rows
    ]


def print_named_in(named: list[Reply], day: date, lang: str) -> None:
    """The documents that named a finding, for `show` and `log`."""
    if not named:
        return
    out = console()
    out.print(text("named_in", lang))
    for reply in named:
        d = reply.document
        line = text("named_in_line", lang, number=d["number"], kind=kind_name(d["kind"], lang),
                    day=d["on"].isoformat(), to=d["addressee"], reply=reply_state(reply, day, lang))  # fmt: skip
        out.print(f"  {visible(line)}")


def named_json(named: list[Reply]) -> list[dict[str, Any]]:
    return [
        {"id": r.document["id"], "number": r.document["number"], "kind": r.document["kind"],
         "date": jsonable(r.document["on"]), "replied_on": jsonable(r.replied_on),
         "reply_overdue": r.overdue}
        for r in named
    ]  # fmt: skip


# --- due ------------------------------------------------------------------------


def print_chase(groups: list[Any], day: date, lang: str) -> None:
    """The findings to chase, owner by owner; then the reply slips overdue and the
    deliverables owed."""
    findings = [(g.owner, g.rows) for g in groups if g.rows]
    count = sum(len(rows) for _, rows in findings)
    closing = text("due_count", lang, count=count, owners=len(findings))
    print_groups(findings, lang, closing, owner_column=False)
    papers = [g for g in groups if g.replies or g.owed]
    if not papers:
        return
    out = console()
    out.print()
    out.print(text("due_papers", lang))
    for group in papers:
        out.print(visible(group.owner))
        for _, reply in group.replies:
            document = reply.document
            line = text(
                "due_reply_line",
                lang,
                number=document["number"],
                id=document["id"],
                state=reply_state(reply, day, lang),
            )
            out.print(f"  {visible(line)}")
        for _, debt in group.owed:
            out.print(f"  {visible(owed_line(debt, day, lang))}")


def chase_json(groups: list[Any], private: bool = False) -> list[dict[str, Any]]:
    """As `due --json` always gave (an owner and its findings), with each owner's reply
    slips overdue and deliverables owed."""
    return [
        {
            "owner": group.owner,
            "findings": rows_json(group.rows, private),
            "replies_overdue": [
                {
                    "campaign": campaign,
                    "id": r.document["id"],
                    "number": r.document["number"],
                    "reply_by": jsonable(r.document.get("reply_by")),
                }
                for campaign, r in group.replies
            ],
            "owed": [
                {
                    "campaign": campaign,
                    "deliverable": o.deliverable["id"],
                    "what": o.deliverable["what"],
                    "due": jsonable(o.deliverable["due"]),
                    "overdue": o.overdue,
                }
                for campaign, o in group.owed
            ],
        }
        for group in groups
    ]


# --- the assessment -------------------------------------------------------------


def method_name(method: str, lang: str) -> str:
    return text(f"method_{method}", lang) if f"method_{method}" in MESSAGES else method


def grade_name(grade: str | None, lang: str) -> str:
    return "—" if grade is None else text(f"grade_{grade}", lang)


def scorecard_table(a: Assessment, lang: str) -> tuple[list[str], list[list[str]]]:
    """The scorecard as a header and rows: unit, each method's score, the total, the grade."""
    methods = list(a.weights)
    header = [text("col_unit", lang)]
    header += [f"{method_name(m, lang)}（{float(a.weights[m] * 100):g}%）" for m in methods]
    header += [text("col_score", lang), text("col_grade", lang)]
    rows = [
        [u.unit, *(shown(u.methods[m]) for m in methods), shown(u.total), grade_name(u.grade, lang)]
        for u in a.units
    ]
    return header, rows


def point_lines(unit: UnitScore, lang: str) -> list[str]:
    """Every point of a unit's score, traced to its source."""
    lines = []
    for point in unit.points:
        sources = text("list_separator", lang).join(point.sources)
        if point.indicator is None:
            lines.append(text("point_entered", lang, method=method_name(point.method, lang),
                              score=shown(point.points), source=sources))  # fmt: skip
        else:
            lines.append(text("point_taken", lang, method=method_name(point.method, lang),
                              indicator=text(f"indicator_{point.indicator}", lang),
                              count=len(point.sources), points=shown(-point.points),
                              sources=sources))  # fmt: skip
    lines += [text("point_missing", lang, method=method_name(m, lang)) for m in unit.missing]
    return lines


def print_assessment(a: Assessment, lang: str) -> None:
    out = console()
    out.print(visible(text("assess_head", lang, title=a.title, campaign=a.campaign,
                           as_of=a.as_of.isoformat())))  # fmt: skip
    header, rows = scorecard_table(a, lang)
    table = Table(box=box.SIMPLE_HEAD)
    for index, name in enumerate(header):
        table.add_column(
            name, justify="left" if index == 0 or index == len(header) - 1 else "right"
        )
    for row in rows:
        table.add_row(*(visible(cell) for cell in row))
    out.print(table)
    for unit in a.units:
        out.print(visible(unit.unit))
        for line in point_lines(unit, lang):
            out.print(f"  {visible(line)}")


def assessment_json(a: Assessment) -> dict[str, Any]:
    return {
        "campaign": a.campaign,
        "as_of": a.as_of.isoformat(),
        "weights": {m: float(w) for m, w in a.weights.items()},
        "ledger_method": a.ledger_method,
        "units": [
            {
                "unit": u.unit,
                "methods": {
                    m: None if s is None else float(shown(s)) for m, s in u.methods.items()
                },
                "total": None if u.total is None else float(shown(u.total)),
                "grade": u.grade,
                "points": [
                    {
                        "method": p.method,
                        "indicator": p.indicator,
                        "points": float(shown(p.points)),
                        "sources": list(p.sources),
                    }
                    for p in u.points
                ],
                "missing": u.missing,
            }
            for u in a.units
        ],
    }


def assessment_markdown(a: Assessment, lang: str) -> str:
    header, rows = scorecard_table(a, lang)
    title = text("assess_head", lang, title=a.title, campaign=a.campaign, as_of=a.as_of.isoformat())
    lines = [f"# {md_text(title)}", "", *markdown_table(header, rows), ""]
    for unit in a.units:
        lines += [f"## {md_text(unit.unit)}", ""]
        lines += [f"- {md_text(line)}" for line in point_lines(unit, lang)] or ["-"]
        lines.append("")
    return "\n".join(lines)


def assessment_xlsx(a: Assessment, lang: str) -> bytes:
    """The scorecard as a workbook: the table, and a sheet with every point's source."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ledger.output.sheet import set_cell

    header, rows = scorecard_table(a, lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = text("assess_sheet", lang)
    title = text("assess_head", lang, title=a.title, campaign=a.campaign, as_of=a.as_of.isoformat())
    for r, values in enumerate([[title], header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            set_cell(sheet.cell(row=r, column=c), value)
    sheet["A1"].font = Font(bold=True)
    traced = book.create_sheet(text("assess_points_sheet", lang))
    for r, unit in enumerate(a.units, start=1):
        set_cell(traced.cell(row=r, column=1), unit.unit)
        set_cell(traced.cell(row=r, column=2), "\n".join(point_lines(unit, lang)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def assessment_output(a: Assessment, fmt: str, lang: str) -> bytes:
    if fmt == "json":
        return json_text(assessment_json(a)).encode("utf-8")
    if fmt == "md":
        return assessment_markdown(a, lang).encode("utf-8")
    return assessment_xlsx(a, lang)
