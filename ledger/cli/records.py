"""Commands for the campaign's record: publish, activities, the problem list, suggestions."""

from typing import Annotated

import typer

from ledger.cli.base import (
    AllCampaigns,
    By,
    Campaign,
    Json,
    Note,
    app,
    one_ledger,
    read_ledgers,
    say,
    settings,
    who,
)
from ledger.core.errors import UsageError
from ledger.core.i18n import text
from ledger.core.model import split_ids


@app.command()
def publish(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option(metavar="DATE", help="The date of the figures reported.")],
    campaign: Campaign = None,
    note: Note = None,
    by: By = None,
    amend: Annotated[
        bool,
        typer.Option(
            "--amend", help="Publish a date again, with today's figures (needs --reason)."
        ),
    ] = False,
    reason: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why the figures are published again.")
    ] = None,
) -> None:
    """Record the figures reported upward for a date, like a balance assertion: from then on
    a step that would change what that date's report says is refused (unless it is given
    --amend-published), and `ledger check` fails if a hand edit changes it. With --amend,
    the date is published again, its old figures kept in its history.

    \b
    Example: ledger publish -c qinhuai-2020-safety --as-of 2020-09-30 --note 报区委
    """
    from ledger.commands.records import publish as publish_figures

    s = settings(ctx)
    path = one_ledger(s, campaign)
    day = s.day(as_of, "--as-of")
    if amend != (reason is not None):
        raise UsageError("amend_needs_reason")
    entry = publish_figures(
        path, day, s.today, note=note, by=who(by, path), amend_reason=reason if amend else None
    )
    figures = {k: entry[k] for k in ("found", "fixed", "open", "overdue")}
    say(s, text("published_done", s.lang, day=day, **figures))


activity_app = typer.Typer(
    no_args_is_help=True,
    help="""The campaign's activities: inspections, meetings, seminars, look-backs (活动).

\b
Example: ledger activity add --kind inspection --on 2020-04-08 --participants 12""",
)
item_app = typer.Typer(
    no_args_is_help=True,
    help="""The consolidated problem list (问题清单): items grouping findings.

\b
Example: ledger item add --title 电动自行车飞线充电 --finding QH-012 --finding QH-041""",
)
suggest_app = typer.Typer(
    no_args_is_help=True,
    help="""Suggestions (意见建议) and how they were taken up.

\b
Example: ledger suggest add --title 建设集中充电设施 --to 区房产局""",
)
app.add_typer(activity_app, name="activity")
app.add_typer(item_app, name="item")
app.add_typer(suggest_app, name="suggest")


@activity_app.command("add")
def activity_add(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Option(
            metavar="KIND",
            help="inspection, meeting, seminar, lookback, interview (约谈) or investigation (提级调查).",
        ),
    ],
    on: Annotated[str, typer.Option(metavar="DATE", help="The day it was held.")] = "today",
    place: Annotated[str | None, typer.Option(metavar="TEXT", help="Where.")] = None,
    participants: Annotated[
        int | None, typer.Option(metavar="N", help="Member participations (参与人次).")
    ] = None,
    group: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Inspection group (督导组).")
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option(metavar="MODE", help="An inspection open (明查) or covert (暗访)."),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(metavar="UNIT", help="The unit interviewed or investigated."),
    ] = None,
    finding: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", help="A finding it concerned (repeat)."),
    ] = None,
    outcome: Annotated[str | None, typer.Option(metavar="TEXT", help="What came of it.")] = None,
    note: Note = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Record an activity held: an on-site inspection (open or covert), a meeting, a seminar,
    a look-back, the interview of a unit (约谈) or an escalated investigation (提级调查).

    \b
    Example: ledger activity add --kind seminar --on 2020-05-12 --place 区政协 --participants 15
    Example: ledger activity add --kind interview --unit 区建设局 --finding QH-096 --outcome 限期一月
    """
    from ledger.commands.records import add_activity

    s = settings(ctx)
    path = one_ledger(s, campaign)
    entry = add_activity(
        path,
        kind,
        s.day(on, "--on"),
        s.today,
        place=place,
        participants=participants,
        group=group,
        mode=mode,
        unit=unit,
        findings=split_ids(finding or []),
        outcome=outcome,
        note=note,
        by=who(by, path),
    )
    kind_text = text(f"kind_{entry['kind']}", s.lang)
    say(s, text("recorded_activity", s.lang, id=entry["id"], kind=kind_text, day=entry["on"]))


@activity_app.command("list")
def activity_list(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    json_output: Json = False,
) -> None:
    """List the activities held.

    \b
    Example: ledger activity list -c qinhuai-2020-safety
    """
    _list_section(ctx, "activities", campaign, all_campaigns, json_output)


def _list_section(
    ctx: typer.Context, section: str, campaign: str | None, all_campaigns: bool, as_json: bool
) -> None:
    from ledger.views.records import entries

    s = settings(ctx)
    rows = entries(read_ledgers(s, campaign, all_campaigns), section)
    if as_json:
        from ledger.output.json_shapes import print_json, records_json

        print_json(records_json(rows))
    else:
        from ledger.output.terminal import print_records

        print_records(section, rows, s.lang)


@item_app.command("add")
def item_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option(metavar="TEXT", help="The item's short statement.")],
    finding: Annotated[list[str], typer.Option(metavar="ID", help="A finding it groups (repeat).")],
    on: Annotated[str, typer.Option(metavar="DATE", help="The day it was listed.")] = "today",
    note: Note = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Put an item on the problem list, grouping findings of the ledger.

    \b
    Example: ledger item add --title 高层住宅消防设施缺损 --finding QH-003 --finding QH-017
    """
    from ledger.commands.records import add_item
    from ledger.core.model import split_ids
    from ledger.storage.store import locate_findings

    s = settings(ctx)
    path, finding = locate_findings(s.data_dir, campaign, split_ids(finding))
    day = s.day(on, "--on")
    entry = add_item(path, title, finding, day, s.today, note=note, by=who(by, path))
    say(s, text("recorded_item", s.lang, id=entry["id"], title=entry["title"]))


@item_app.command("list")
def item_list(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    json_output: Json = False,
) -> None:
    """List the problem list's items and the findings each groups.

    \b
    Example: ledger item list -c qinhuai-2020-safety
    """
    _list_section(ctx, "items", campaign, all_campaigns, json_output)


@suggest_app.command("add")
def suggest_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option(metavar="TEXT", help="The suggestion.")],
    to: Annotated[str, typer.Option("--to", metavar="TEXT", help="Addressed to (建议对象).")],
    on: Annotated[str, typer.Option(metavar="DATE", help="The day it was made.")] = "today",
    note: Note = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Record a suggestion made; it starts as proposed.

    \b
    Example: ledger suggest add --title 将电动自行车充电设施纳入老旧小区改造 --to 区房产局 --on 2020-09-20
    """
    from ledger.commands.records import add_suggestion

    s = settings(ctx)
    path = one_ledger(s, campaign)
    day = s.day(on, "--on")
    entry = add_suggestion(path, title, to, day, s.today, note=note, by=who(by, path))
    say(s, text("recorded_suggestion", s.lang, id=entry["id"], title=entry["title"]))


@suggest_app.command("set")
def suggest_set(
    ctx: typer.Context,
    suggestion_id: Annotated[str, typer.Argument(metavar="ID", help="Suggestion id, e.g. S-003.")],
    status: Annotated[
        str,
        typer.Option(metavar="STATUS", help="proposed, adopted, in_progress, done or declined."),
    ],
    on: Annotated[str, typer.Option(metavar="DATE", help="The day of the change.")] = "today",
    note: Note = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Record how a suggestion was taken up.

    \b
    Example: ledger suggest set S-003 --status adopted --on 2020-10-15 --note 已纳入2021年民生实事
    """
    from ledger.commands.records import set_suggestion

    s = settings(ctx)
    path = one_ledger(s, campaign)
    day = s.day(on, "--on")
    entry = set_suggestion(path, suggestion_id, status, day, s.today, note=note, by=who(by, path))
    status_text = text(f"suggestion_{entry['status']}", s.lang)
    say(s, text("suggestion_set", s.lang, id=entry["id"], status=status_text))


@suggest_app.command("list")
def suggest_list(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    json_output: Json = False,
) -> None:
    """List the suggestions and their status.

    \b
    Example: ledger suggest list --json
    """
    _list_section(ctx, "suggestions", campaign, all_campaigns, json_output)
