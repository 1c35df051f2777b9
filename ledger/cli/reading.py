"""Commands that read: log, list, due, notice, report, show, summary and check."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from ledger.cli.base import (
    AllCampaigns,
    AsOf,
    By,
    Campaign,
    IncludePrivate,
    Json,
    Settings,
    app,
    one_ledger,
    read_ledgers,
    say,
    settings,
    who,
)
from ledger.core.errors import UsageError
from ledger.core.i18n import text

Output = Annotated[
    Path | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write it here (- for standard output)."),
]


def write_or_print(s: Settings, content: bytes, output: Path | None) -> None:
    """An output to its file (atomically, never over a ledger), or to standard output
    (none named, or -)."""
    if output is None or str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    from ledger.storage.atomic import write_output

    write_output(output, content, s.data_dir)
    say(s, text("report_written", s.lang, path=output), err=True)


@app.command()
def log(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id, e.g. QH-001.")],
    campaign: Campaign = None,
    json_output: Json = False,
) -> None:
    """A finding's history as a dated timeline.

    \b
    Example: ledger log QH-096
    """
    from ledger.output.json_shapes import finding_json, print_json
    from ledger.output.papers import print_named_in
    from ledger.output.terminal import print_history
    from ledger.views.findings import find
    from ledger.views.papers import documents_of

    s = settings(ctx)
    lf, finding = find(s.data_dir, campaign, finding_id)
    if json_output:
        print_json(finding_json(lf.path.stem, finding)["history"])
    else:
        print_history(finding, s.lang)
        print_named_in(documents_of(lf, finding["id"], s.today), s.today, s.lang)


@app.command(name="list")
def list_command(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    status: Annotated[
        str | None,
        typer.Option(
            metavar="STATUS",
            help="open, fixed, verified, dropped, overdue or all, or the Chinese word (已整改 …);"
            " default: all but dropped.",
        ),
    ] = None,
    owner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Owner, or part of its name.")
    ] = None,
    area: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Focus area, or part of its name.")
    ] = None,
    due_within: Annotated[
        int | None,
        typer.Option(
            "--within",
            metavar="DAYS",
            help="Open findings due within DAYS of the day, overdue ones included (as in due).",
        ),
    ] = None,
    due_within_alias: Annotated[int | None, typer.Option("--due-within", hidden=True)] = None,
    escalated: Annotated[
        bool, typer.Option("--escalated", help="Only those under listed supervision.")
    ] = False,
    as_of: AsOf = "today",
    json_output: Json = False,
    include_private: IncludePrivate = False,
) -> None:
    """List findings as they stood at the end of a day (default today): open ones first by
    deadline, overdue ones marked.

    \b
    Example: ledger list --status open --owner 房产局
    """
    from ledger.views.findings import list_findings

    s = settings(ctx)
    rows = list_findings(
        read_ledgers(s, campaign, all_campaigns),
        s.day(as_of, "--as-of"),
        status=status,
        owner=owner,
        area=area,
        due_within=due_within if due_within is not None else due_within_alias,
        escalated=escalated,
    )
    if json_output:
        from ledger.output.json_shapes import print_json, rows_json

        print_json(rows_json(rows, include_private))
    else:
        from ledger.output.terminal import print_rows

        print_rows(rows, s.lang)


@app.command()
def due(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    within: Annotated[
        int, typer.Option(metavar="DAYS", help="Due within this many days from today.")
    ] = 7,
    owner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Owner, or part of its name.")
    ] = None,
    as_of: AsOf = "today",
    json_output: Json = False,
    include_private: IncludePrivate = False,
) -> None:
    """What to chase, owner by owner, as of a day (default today): open findings overdue or
    soon due, reply slips (回执) overdue, and deliverables owed.

    \b
    Example: ledger due --within 14 --owner 房产局
    """
    from ledger.views.papers import chase

    s = settings(ctx)
    day = s.day(as_of, "--as-of")
    groups = chase(read_ledgers(s, campaign, all_campaigns), day, within, owner)
    if json_output:
        from ledger.output.json_shapes import print_json
        from ledger.output.papers import chase_json

        print_json(chase_json(groups, include_private))
    else:
        from ledger.output.papers import print_chase

        print_chase(groups, day, s.lang)


@app.command()
def notice(
    ctx: typer.Context,
    owner: Annotated[str, typer.Option(metavar="TEXT", help="The owner unit to notify.")],
    campaign: Campaign = None,
    output: Output = None,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="md, txt or docx (needs -o).")
    ] = "md",
    as_of: Annotated[
        str,
        typer.Option(
            "--as-of", metavar="DATE", help="The notice's date: its findings as they stood then."
        ),
    ] = "today",
    date_alias: Annotated[str | None, typer.Option("--date", hidden=True)] = None,
    issue: Annotated[
        bool,
        typer.Option(
            "--issue", help="Record it as issued: numbered, its reply slip due by --reply-by."
        ),
    ] = False,
    reply_by: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="With --issue: the day the reply slip is due (+15wd)."),
    ] = None,
    by: By = None,
) -> None:
    """A rectification notice (督促限期整改通知书) to one owner: its open findings and a
    reply slip, as Markdown, text or a Word document to print and stamp. In Chinese
    unless --lang en is given. With --issue it is recorded as a document issued (`ledger
    doc`): it gets its number, which it carries, and its reply-by day.

    \b
    Example: ledger notice --owner 区建设局 -c qinhuai-2020-safety --as-of 2020-09-30 -o 通知书.md
    """
    from ledger.output.notice import FORMATS, notice_bytes
    from ledger.views.notice import notice as notice_parts

    s = settings(ctx)
    if fmt not in FORMATS:
        raise UsageError("bad_choice", option="--format", value=fmt, choices=tuple(FORMATS))
    if fmt == "docx" and output is None:
        raise UsageError("docx_needs_output")
    lang = s.lang if s.lang_chosen else "zh"
    when = s.day(date_alias, "--date") if date_alias else s.day(as_of, "--as-of")
    path = one_ledger(s, campaign)
    document = None
    if issue:
        from ledger.commands.papers import issue_document

        due_by = s.maybe_day(reply_by, "--reply-by", relative=True, base=when)
        document = issue_document(path, "notice", owner, [], when, s.today, reply_by=due_by,
                                  by=who(by, path))  # fmt: skip
    elif reply_by is not None:
        raise UsageError("reply_by_needs_issue")
    parts = notice_parts(path, owner, when, lang, document)
    content = notice_bytes(parts, fmt, when, lang)
    if output is None:
        write_or_print(s, content, None)
        return
    from ledger.storage.atomic import write_output

    write_output(output, content, s.data_dir)
    say(s, text("notice_written", s.lang, path=output))


@app.command()
def report(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    month: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM", help="The month (default: the last complete month)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="First day of the period.")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", "--as-of", metavar="DATE", help="Last day (the as-of date)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="text, md, html, json or csv.")
    ] = "text",
    output: Output = None,
) -> None:
    """The period's report: what was found, fixed, verified and dropped in it; where things
    stand at its end; owners against the previous period; the overdue list; the trend month
    by month; and the campaign's paragraph (activities, participations, problem list,
    suggestions). Its figures as of the period's end equal `summary --as-of`.

    \b
    Example: ledger report -c qinhuai-2020-safety --month 2020-09 --lang zh
    Cron, on the 1st of each month at 06:00:
      0 6 1 * * cd /srv/ledgers && ledger -q report --all --format md -o reports/$(date -d yesterday +\\%Y-\\%m).md
    """
    from ledger.core.report import choose_period
    from ledger.output.report import FORMATS, RENDERERS, print_report
    from ledger.views.report import report as build

    s = settings(ctx)
    if fmt not in FORMATS:
        raise UsageError("bad_choice", option="--format", value=fmt, choices=tuple(FORMATS))
    period = choose_period(month, s.maybe_day(start, "--from"), s.maybe_day(end, "--to"), s.today)
    ledgers = read_ledgers(s, campaign, all_campaigns)
    result = build(ledgers, period, s.data_dir, s.fetched)
    headline_lang = s.lang if s.lang_chosen else None
    lang = s.lang if s.lang_chosen else result.language or s.lang  # cron has no locale
    if fmt == "text" and output is None:
        print_report(result, lang, headline_lang)
        return
    content = RENDERERS[fmt](result, lang, headline_lang)
    write_or_print(s, content.encode("utf-8"), output)


@app.command()
def show(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id, e.g. QH-001.")],
    campaign: Campaign = None,
    json_output: Json = False,
    private: Annotated[
        bool, typer.Option("--private", help="Also show its private mapping (informants, notes).")
    ] = False,
    as_of: AsOf = "today",
) -> None:
    """Show every field of a finding as it stood at the end of a day (default today), and its
    history; its private mapping only with --private.

    \b
    Example: ledger show QH-001
    """
    from ledger.output.json_shapes import finding_json, print_json
    from ledger.output.papers import named_json, print_named_in
    from ledger.output.terminal import print_finding
    from ledger.views.findings import find, standing_of
    from ledger.views.papers import documents_of

    s = settings(ctx)
    day = s.day(as_of, "--as-of")
    lf, finding = find(s.data_dir, campaign, finding_id)
    st = standing_of(finding, day)
    named = documents_of(lf, finding["id"], day)
    if json_output:
        print_json(
            finding_json(lf.path.stem, finding, private, st) | {"documents": named_json(named)}
        )
    else:
        print_finding(lf.path.stem, finding, st, s.lang, private)
        print_named_in(named, day, s.lang)


@app.command()
def summary(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    as_of: Annotated[
        str, typer.Option(metavar="DATE", help="Count as of this day (default today).")
    ] = "today",
    by: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KIND",
            help="Breakdown: area, owner, severity or street (repeat; default area and owner for one campaign).",
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """Count findings: found, fixed, rate, open, overdue, with breakdowns.

    \b
    Example: ledger summary -c qinhuai-2020-safety --as-of 2020-09-30 --lang zh
    """
    from ledger.views.summary import by_district, summaries

    s = settings(ctx)
    ledgers = read_ledgers(s, campaign, all_campaigns)
    day = s.day(as_of, "--as-of")
    one = len(ledgers) == 1 and not s.broken
    breakdowns = by if by is not None else (["area", "owner"] if one else [])
    result = summaries(ledgers, day, breakdowns)
    districts = by_district(ledgers, result) if s.sources is not None else None
    if json_output:
        from ledger.output.json_shapes import print_json, summary_json

        shown = summary_json(result, day)
        if districts is not None:
            from ledger.output.rollup import rollup_json

            shown |= rollup_json(districts, s.fetched)
        print_json(shown)
    else:
        from ledger.output.plan import stage_line
        from ledger.output.terminal import print_summaries
        from ledger.views.papers import stages

        print_summaries(result, day, s.lang)
        for name, stage in stages(ledgers, day):
            line = stage_line(stage, day, s.lang)
            print(line if len(ledgers) == 1 else text("headline_of", s.lang, title=name, text=line))
        if districts is not None:
            from ledger.output.rollup import print_rollup

            print_rollup(districts, s.fetched, s.lang)


@app.command()
def check(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE]...", help="Ledger files (default: all in --data)."),
    ] = None,
    staged: Annotated[
        bool,
        typer.Option("--staged", help="Check the ledgers staged for the next commit (the hooks)."),
    ] = False,
    json_output: Json = False,
) -> None:
    """Validate ledgers; print each problem as file:line: field: message; exit 1 if any.

    \b
    Example: ledger check data/qinhuai-2020-safety.yaml
    """
    from ledger.storage.store import ledger_paths
    from ledger.views.check import check_districts, check_files, check_staged

    s = settings(ctx)
    if staged:
        problems, count = check_staged(s.data_dir, s.today)
    elif s.sources is not None and not files:
        problems, count = check_districts(s.sources, s.today)
    else:
        paths = files or ledger_paths(s.data_dir)
        problems, count = check_files(paths, s.today), len(paths)
    if json_output:
        from ledger.output.json_shapes import print_json, problems_json

        print_json(problems_json(problems, s.lang))
    else:
        from ledger.output.terminal import print_problems

        print_problems(problems, count, s.lang)
    if any(not problem.warning for problem in problems):
        raise typer.Exit(1)
