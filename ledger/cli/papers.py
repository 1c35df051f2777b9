"""Commands for the paper trail and the assessment: documents issued and answered (doc),
deliverables received (deliverable), marks entered (score), and the scorecards (assess)."""

from pathlib import Path
from typing import Annotated

import typer

from ledger.cli.base import (
    AllCampaigns,
    AsOf,
    By,
    Campaign,
    Evidence,
    Json,
    Note,
    app,
    one_ledger,
    one_loaded,
    read_ledgers,
    say,
    settings,
    who,
)
from ledger.cli.reading import Output, write_or_print
from ledger.core.errors import UsageError
from ledger.core.i18n import text
from ledger.core.model import split_ids

doc_app = typer.Typer(
    no_args_is_help=True,
    help="""Documents issued to units (督促限期整改通知书, 提醒敦促函, 督办函 …), numbered, and
their reply slips (回执).

\b
Example: ledger doc issue --kind reminder --to 区建设局 --finding QH-096 --reply-by +15wd""",
)
deliverable_app = typer.Typer(
    no_args_is_help=True,
    help="""What units must hand in by a day (书面整改报告 …), as the campaign declares it.

\b
Example: ledger deliverable receive DL-1 --unit 区建设局 --on 2020-09-08""",
)
score_app = typer.Typer(
    no_args_is_help=True,
    help="""Marks from outside the ledger (问卷调查, 暗访检查, 公开评议), per unit.

\b
Example: ledger score set --unit 区建设局 --method questionnaire --score 86.5""",
)
app.add_typer(doc_app, name="doc")
app.add_typer(deliverable_app, name="deliverable")
app.add_typer(score_app, name="score")

On = Annotated[str, typer.Option(metavar="DATE", help="Day it happened.")]


@doc_app.command("issue")
def doc_issue(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Option(
            metavar="KIND",
            help="notice, reminder, letter, interview_notice, or a kind the campaign adds.",
        ),
    ],
    to: Annotated[str, typer.Option("--to", metavar="UNIT", help="The unit it goes to.")],
    finding: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID", help="A finding it names (repeat; default: the unit's open ones)."
        ),
    ] = None,
    reply_by: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The day the reply slip is due (or +15wd)."),
    ] = None,
    on: On = "today",
    note: Note = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Record a document issued to a unit: its number, in the campaign's pattern, counted
    per kind and year; the findings it names; the day its reply slip is due.

    \b
    Example: ledger doc issue --kind reminder --to 区建设局 --finding QH-096 --reply-by +15wd
    """
    from ledger.commands.papers import issue_document

    s = settings(ctx)
    path = one_ledger(s, campaign)
    day = s.day(on, "--on")
    document = issue_document(
        path,
        kind,
        to,
        split_ids(finding or []),
        day,
        s.today,
        reply_by=s.maybe_day(reply_by, "--reply-by", relative=True, base=day),
        note=note,
        by=who(by, path),
    )
    say(s, issued_text(document, s.lang))


def issued_text(document: dict[str, object], lang: str) -> str:
    from ledger.output.papers import kind_name

    reply_by = document.get("reply_by")
    key = "doc_issued_by" if reply_by else "doc_issued"
    return text(
        key,
        lang,
        number=document["number"],
        id=document["id"],
        kind=kind_name(str(document["kind"]), lang),
        to=document["addressee"],
        day=reply_by,
    )


@doc_app.command("reply")
def doc_reply(
    ctx: typer.Context,
    document_id: Annotated[str, typer.Argument(metavar="ID", help="The document, e.g. D-003.")],
    on: On = "today",
    note: Note = None,
    evidence: Evidence = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Record the reply slip (回执) received for a document.

    \b
    Example: ledger doc reply D-003 --on 2020-10-12 --note 已按期整改 --evidence evidence/D-003/回执.pdf
    """
    from ledger.commands.loop import evidence_paths
    from ledger.commands.papers import reply_document

    s = settings(ctx)
    path = one_ledger(s, campaign)
    files = evidence_paths(path.parent, evidence or [])
    document = reply_document(
        path, document_id, s.day(on, "--on"), s.today, note=note, evidence=files, by=who(by, path)
    )
    say(s, text("doc_replied", s.lang, number=document["number"], day=document["replied_on"]))


@doc_app.command("list")
def doc_list(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only those whose reply slip is overdue.")
    ] = False,
    as_of: AsOf = "today",
    json_output: Json = False,
) -> None:
    """List the documents issued and the state of their reply slips.

    \b
    Example: ledger doc list --overdue
    """
    from ledger.views.papers import documents

    s = settings(ctx)
    day = s.day(as_of, "--as-of")
    rows = documents(read_ledgers(s, campaign, all_campaigns), day, overdue)
    if json_output:
        from ledger.output.json_shapes import print_json
        from ledger.output.papers import documents_json

        print_json(documents_json(rows))
    else:
        from ledger.output.papers import print_documents

        print_documents(rows, day, s.lang)


@deliverable_app.command("receive")
def deliverable_receive(
    ctx: typer.Context,
    deliverable: Annotated[str, typer.Argument(metavar="ID", help="The deliverable, e.g. DL-1.")],
    unit: Annotated[str, typer.Option(metavar="UNIT", help="The unit that handed it in.")],
    on: On = "today",
    note: Note = None,
    evidence: Evidence = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Record a deliverable handed in by a unit.

    \b
    Example: ledger deliverable receive DL-1 --unit 区建设局 --on 2020-09-08 --evidence evidence/DL-1/建设局.pdf
    """
    from ledger.commands.loop import evidence_paths
    from ledger.commands.papers import receive

    s = settings(ctx)
    path = one_ledger(s, campaign)
    files = evidence_paths(path.parent, evidence or [])
    entry = receive(
        path, deliverable, unit, s.day(on, "--on"), s.today, note=note, evidence=files,
        by=who(by, path),
    )  # fmt: skip
    say(s, text("deliverable_received", s.lang, id=entry["deliverable"], unit=entry["unit"],
                day=entry["on"]))  # fmt: skip


@deliverable_app.command("list")
def deliverable_list(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    as_of: AsOf = "today",
    json_output: Json = False,
) -> None:
    """List what units still owe, by due day.

    \b
    Example: ledger deliverable list --as-of 2020-09-15
    """
    from ledger.views.papers import chase

    s = settings(ctx)
    day = s.day(as_of, "--as-of")
    groups = [g for g in chase(read_ledgers(s, campaign, all_campaigns), day, 36500) if g.owed]
    if json_output:
        from ledger.output.json_shapes import print_json
        from ledger.output.papers import chase_json

        print_json([{"owner": g["owner"], "owed": g["owed"]} for g in chase_json(groups)])
        return
    from ledger.output.plan import owed_line

    for group in groups:
        for _, debt in group.owed:
            print(f"{group.owner}  {owed_line(debt, day, s.lang)}")


@score_app.command("set")
def score_set(
    ctx: typer.Context,
    unit: Annotated[str, typer.Option(metavar="UNIT", help="The unit scored.")],
    method: Annotated[
        str,
        typer.Option(
            metavar="METHOD", help="A method of the rubric: questionnaire, covert, public …"
        ),
    ],
    score: Annotated[float, typer.Option(metavar="N", help="The mark, 0 to 100.")],
    on: On = "today",
    note: Note = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Enter a unit's mark by a method from outside the ledger.

    \b
    Example: ledger score set --unit 区建设局 --method questionnaire --score 86.5 --on 2020-11-05
    """
    from ledger.commands.papers import set_scores

    s = settings(ctx)
    path = one_ledger(s, campaign)
    for entry in set_scores(
        path, [(unit, method, score)], s.day(on, "--on"), s.today, note=note, by=who(by, path)
    ):
        say(s, text("score_entered", s.lang, id=entry["id"], unit=entry["unit"],
                    method=entry["method"], score=entry["score"]))  # fmt: skip


@score_app.command("import")
def score_import(
    ctx: typer.Context,
    sheet_file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A sheet: a column of units, one per method.")
    ],
    on: On = "today",
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Enter the marks of a sheet: a column of units (单位) and one column per method (问卷调查,
    暗访检查, 公开评议, or the method's key); all of them, or none.

    \b
    Example: ledger score import 问卷结果.xlsx --on 2020-11-05
    """
    from ledger.commands.papers import marks_of_sheet, set_scores

    s = settings(ctx)
    path = one_ledger(s, campaign)
    entries = set_scores(path, marks_of_sheet(sheet_file), s.day(on, "--on"), s.today,
                         by=who(by, path))  # fmt: skip
    say(s, text("scores_entered", s.lang, count=len(entries)))


@app.command()
def assess(
    ctx: typer.Context,
    campaign: Campaign = None,
    as_of: AsOf = "today",
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="text, json, md or xlsx.")
    ] = "text",
    output: Output = None,
) -> None:
    """Score each unit as the campaign's rubric says (述职测评, 民主评议): the marks entered and
    the ledger's own, every point traced to the findings, documents or marks it came from,
    and the grade (满意, 基本满意, 不满意). As of a day, it never changes later.

    \b
    Example: ledger assess -c qinhuai-2020-safety --as-of 2020-11-30 --format xlsx -o 测评.xlsx
    """
    from ledger.output.papers import assessment_output, print_assessment
    from ledger.views.papers import assessment

    s = settings(ctx)
    if fmt not in ("text", "json", "md", "xlsx"):
        raise UsageError(
            "bad_choice", option="--format", value=fmt, choices=("text", "json", "md", "xlsx")
        )
    if fmt == "xlsx" and output is None:
        raise UsageError("export_needs_output")
    result = assessment(one_loaded(s, campaign), s.day(as_of, "--as-of"))
    if fmt == "text" and output is None:
        print_assessment(result, s.lang)
        return
    write_or_print(s, assessment_output(result, "md" if fmt == "text" else fmt, s.lang), output)
