"""Commands that write findings: init, add, the steps of the loop, and edit."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ledger.cli.base import (
    AmendPublished,
    By,
    Campaign,
    Evidence,
    Ids,
    Json,
    On,
    Reason,
    Settings,
    amendment,
    app,
    ask,
    campaign_of,
    one_ledger,
    read_ids,
    say,
    settings,
    who,
)
from ledger.core.errors import UsageError
from ledger.core.i18n import Phrase, text

# Where a finding came from: set by add, corrected by edit.
FoundIn = Annotated[
    str | None,
    typer.Option(metavar="ID", help="The activity (an open or covert inspection) that found it."),
]


@app.command()
def init(
    ctx: typer.Context,
    campaign_id: Annotated[
        str, typer.Argument(metavar="ID", help="Campaign id, e.g. qinhuai-2020-safety.")
    ],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The campaign's title.")],
    prefix: Annotated[
        str | None,
        typer.Option(metavar="PREFIX", help="Finding id prefix (default: the id's initials)."),
    ] = None,
    organiser: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Organising body, e.g. 秦淮区政协.")
    ] = None,
    start: Annotated[
        str | None, typer.Option(metavar="DATE", help="First day of the campaign.")
    ] = None,
    end: Annotated[
        str | None, typer.Option(metavar="DATE", help="Last day of the campaign.")
    ] = None,
    area: Annotated[
        list[str] | None,
        typer.Option(metavar="TEXT", help="A focus area (repeat); declares the registry."),
    ] = None,
    owner: Annotated[
        list[str] | None,
        typer.Option(metavar="TEXT", help="An owner unit (repeat); declares the registry."),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            metavar="LANG", help="zh or en: the language of its reports when none is asked for."
        ),
    ] = None,
) -> None:
    """Create a new campaign ledger; never overwrites one.

    \b
    Example: ledger init qinhuai-2021-lookback --title 回头看 --prefix LB --area 燃气安全 --owner 区商务局
    """
    from ledger.commands.findings import init_ledger

    s = settings(ctx)
    path = init_ledger(
        s.data_dir,
        campaign_id,
        title=title,
        prefix=prefix,
        organiser=organiser,
        start=s.maybe_day(start, "--start"),
        end=s.maybe_day(end, "--end"),
        areas=area,
        owners=owner,
        language=language,
    )
    say(s, text("created", s.lang, path=path))


def prompt_checks(s: Settings, path: Path, found: date) -> dict[str, Callable[[str], object]]:
    """How `add`'s prompts check an answer as it is typed: an owner or area on the
    campaign's list, a deadline that is a date (named by its Chinese or English field)."""
    from ledger.core.registry import require_registered
    from ledger.storage.store import load

    campaign = load(path).campaign
    label = text("field_deadline", s.lang)
    return {
        "owner": lambda value: require_registered("owner", value, campaign.get("owners")),
        "deadline": lambda value: s.day(value, label, relative=True, base=found),
    }


@app.command()
def add(
    ctx: typer.Context,
    campaign: Campaign = None,
    title: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What was found (问题描述).")
    ] = None,
    owner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Responsible unit (责任单位).")
    ] = None,
    measure: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Rectification measure (整改措施).")
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Deadline (整改时限): a date, or +30d, +2w or +15wd (working days) from --found-on.",
        ),
    ] = None,
    area: Annotated[str | None, typer.Option(metavar="TEXT", help="Focus area.")] = None,
    location: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Where, e.g. street office and compound.")
    ] = None,
    found_on: Annotated[str, typer.Option(metavar="DATE", help="Day found.")] = "today",
    found_by: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Inspection group or person.")
    ] = None,
    severity: Annotated[
        str, typer.Option(metavar="LEVEL", help="general or major (一般 / 重大).")
    ] = "general",
    contact: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Responsible person (责任人).")
    ] = None,
    funds: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Funds (资金): required for a major finding.")
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Contingency plan (预案): required for a major finding."),
    ] = None,
    source: FoundIn = None,
    by: By = None,
    amend_published: AmendPublished = None,
    json_output: Json = False,
) -> None:
    """Add a finding with the next free id. Owner, measure and deadline are required; a major
    finding also needs funds and a contingency plan ("five in place", 五到位).

    \b
    Example: ledger add -c qinhuai-2020-safety --title 楼道飞线充电 --owner 区房产局 --measure 拆除飞线 --deadline +30d
    """
    from ledger.commands.findings import NewFinding, add_finding

    s = settings(ctx)
    path = one_ledger(s, campaign)
    day_found = s.day(found_on, "--found-on")
    answers = ask(
        s,
        {"title": title, "owner": owner, "measure": measure, "deadline": deadline},
        prompt_checks(s, path, day_found),
    )
    if severity == "major":
        answers |= ask(s, {"funds": funds, "plan": plan}, missing_key="missing_five")
    new = NewFinding(
        title=answers["title"],
        owner=answers["owner"],
        measure=answers["measure"],
        deadline=s.day(answers["deadline"], "--deadline", relative=True, base=day_found),
        found_on=day_found,
        area=area,
        location=location,
        found_by=found_by,
        severity=severity,
        contact=contact,
        funds=answers.get("funds", funds),
        plan=answers.get("plan", plan),
        source=source,
    )
    recorder = who(by, path)
    amend = amendment(s, amend_published, recorder)
    finding = add_finding(path, new, s.today, by=recorder, amend=amend)
    if json_output:
        from ledger.output.json_shapes import finding_json, print_json

        print_json(finding_json(path.stem, finding))
    else:
        say(s, text("added", s.lang, id=finding["id"], title=finding["title"]))


def _record(
    ctx: typer.Context,
    ids: list[str],
    campaign: str | None,
    event: str,
    *,
    on: str,
    by: str | None,
    note: str | None = None,
    evidence: list[Path] | None = None,
    reason: str | None = None,
    deadline: tuple[str, str] | None = None,
    ladder: str | None = None,
    supervisor: str | None = None,
    force: bool = False,
    amend: str | None = None,
) -> None:
    """Record one step of the closed loop on the findings, and say what was done.

    `deadline` is the new deadline as typed, with the option it was typed for."""
    from ledger.commands.loop import Step, evidence_paths, take_step
    from ledger.storage.store import locate_findings

    s = settings(ctx)
    new_deadline = s.day(*deadline, relative=True) if deadline else None
    typed = read_ids(ids)
    if not typed:
        raise UsageError("no_ids")
    path, ids = locate_findings(s.data_dir, campaign_of(s, campaign), typed)
    day = s.day(on, "--on")
    files = evidence_paths(path.parent, evidence or [])
    recorder = who(by, path)
    step = Step(event, day, recorder, note, reason, new_deadline, ladder, supervisor, files, force)
    for finding in take_step(path, ids, step, s.today, amendment(s, amend, recorder)):
        message = text(
            f"done_{event}",
            s.lang,
            id=finding["id"],
            day=day.isoformat(),
            deadline=finding["deadline"],
            step=Phrase(f"ladder_{ladder}") if ladder else "",
        )
        say(s, message)


@app.command()
def rectify(
    ctx: typer.Context,
    ids: Ids,
    campaign: Campaign = None,
    on: On = "today",
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="How it was rectified (整改情况).")
    ] = None,
    evidence: Evidence = None,
    by: By = None,
    amend_published: AmendPublished = None,
) -> None:
    """Mark findings rectified (整改完成): all of them, or on any error none.

    \b
    Example: ledger rectify QH-149 QH-150 --on 2020-09-28 --note 已更换灭火器
    """
    _record(
        ctx,
        ids,
        campaign,
        "fixed",
        on=on,
        by=by,
        note=note,
        evidence=evidence,
        amend=amend_published,
    )


@app.command()
def verify(
    ctx: typer.Context,
    ids: Ids,
    campaign: Campaign = None,
    on: On = "today",
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What the look-back found.")
    ] = None,
    evidence: Evidence = None,
    by: By = None,
    amend_published: AmendPublished = None,
) -> None:
    """Accept rectified findings at the look-back (回头看 / 验收 / 销号): fixed becomes verified.

    \b
    Example: ledger verify QH-001 QH-002 --on 2020-07-15 --note 回头看复查合格
    """
    _record(
        ctx,
        ids,
        campaign,
        "verified",
        on=on,
        by=by,
        note=note,
        evidence=evidence,
        amend=amend_published,
    )


@app.command()
def reopen(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id.")],
    reason: Reason,
    deadline: Annotated[str, typer.Option(metavar="DATE", help="The new deadline (or +30d).")],
    campaign: Campaign = None,
    on: On = "today",
    by: By = None,
    amend_published: AmendPublished = None,
) -> None:
    """Reopen a rectification that was not in place (整改不到位): back to open, with a new deadline.

    \b
    Example: ledger reopen QH-017 --reason 回头看发现飞线复现 --deadline +15d
    """
    new = (deadline, "--deadline")
    _record(
        ctx,
        [finding_id],
        campaign,
        "reopened",
        on=on,
        by=by,
        reason=reason,
        deadline=new,
        amend=amend_published,
    )


@app.command()
def drop(
    ctx: typer.Context,
    ids: Ids,
    reason: Reason,
    campaign: Campaign = None,
    on: On = "today",
    by: By = None,
    amend_published: AmendPublished = None,
) -> None:
    """Drop findings that do not stand (不属实 / 重复 / 撤销); they are kept, out of the counts.

    \b
    Example: ledger drop QH-033 --reason 与QH-012重复
    """
    _record(ctx, ids, campaign, "dropped", on=on, by=by, reason=reason, amend=amend_published)


@app.command()
def extend(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id.")],
    to: Annotated[str, typer.Option(metavar="DATE", help="The new deadline (or +30d).")],
    reason: Reason,
    campaign: Campaign = None,
    on: On = "today",
    by: By = None,
    amend_published: AmendPublished = None,
) -> None:
    """Extend an open finding's deadline (延期); the original stays in the history.

    \b
    Example: ledger extend QH-121 --to 2020-10-31 --reason 需协调燃气公司
    """
    new = (to, "--to")
    _record(
        ctx,
        [finding_id],
        campaign,
        "extended",
        on=on,
        by=by,
        reason=reason,
        deadline=new,
        amend=amend_published,
    )


@app.command()
def escalate(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id.")],
    step: Annotated[
        str | None, typer.Option(metavar="STEP", help="notice, letter, interview or bulletin.")
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Lift the listed supervision.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Step down the ladder (e.g. from letter to notice).")
    ] = False,
    supervisor: Annotated[
        str | None, typer.Option(metavar="UNIT", help="Supervising unit (督办单位).")
    ] = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="A note for the history.")
    ] = None,
    campaign: Campaign = None,
    on: On = "today",
    by: By = None,
    amend_published: AmendPublished = None,
) -> None:
    """Put an open finding under listed supervision (挂牌督办), a step of the ladder at a time:
    rectification notice (整改通知), supervision letter (督办函), summoning interview (约谈),
    public bulletin (通报). --off lifts it.

    \b
    Example: ledger escalate QH-121 --step letter --supervisor 区政协办公室
    """
    if off == (step is not None):
        raise UsageError("step_or_off")
    event = "deescalated" if off else "escalated"
    _record(
        ctx,
        [finding_id],
        campaign,
        event,
        on=on,
        by=by,
        note=note,
        ladder=step,
        supervisor=supervisor,
        force=force,
        amend=amend_published,
    )


@app.command()
def edit(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id.")],
    campaign: Campaign = None,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="What was found.")] = None,
    owner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Reassign to this owner.")
    ] = None,
    contact: Annotated[str | None, typer.Option(metavar="TEXT", help="Responsible person.")] = None,
    measure: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Rectification measure.")
    ] = None,
    area: Annotated[str | None, typer.Option(metavar="TEXT", help="Focus area.")] = None,
    location: Annotated[str | None, typer.Option(metavar="TEXT", help="Where.")] = None,
    severity: Annotated[str | None, typer.Option(metavar="LEVEL", help="general or major.")] = None,
    funds: Annotated[str | None, typer.Option(metavar="TEXT", help="Funds (资金).")] = None,
    plan: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Contingency plan (预案).")
    ] = None,
    found_by: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Who found it (督导组).")
    ] = None,
    found_on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The day it was found, corrected (always a correction)."),
    ] = None,
    source: FoundIn = None,
    correct: Annotated[
        bool,
        typer.Option(
            "--correct",
            help="A correction (更正): the value was wrong from the start, not changed on --on.",
        ),
    ] = False,
    on: On = "today",
    by: By = None,
    amend_published: AmendPublished = None,
) -> None:
    """Reassign or correct a finding; each change is recorded as old → new. A reassignment
    takes effect from --on (figures of earlier days keep the old value); with --correct the
    value was a mistake, and the new one applies from when the old one did.

    \b
    Example: ledger edit QH-012 --owner 区建设局 --measure 更换防火门闭门器 --on 2020-06-01
    """
    from ledger.commands.findings import edit_finding
    from ledger.core.model import clean_id
    from ledger.output.terminal import changes_text
    from ledger.storage.store import locate_findings

    s = settings(ctx)
    path, (finding_id,) = locate_findings(
        s.data_dir, campaign_of(s, campaign), [clean_id(finding_id)]
    )
    values = {"title": title, "owner": owner, "contact": contact, "measure": measure}
    values |= {"area": area, "location": location, "severity": severity}
    values |= {"funds": funds, "plan": plan, "found_by": found_by, "source": source}
    day = s.day(on, "--on")
    recorder = who(by, path)
    changes = edit_finding(
        path,
        finding_id,
        values,
        day,
        recorder,
        s.today,
        correction=correct,
        found_on=s.maybe_day(found_on, "--found-on"),
        amend=amendment(s, amend_published, recorder),
    )
    say(s, text("edited", s.lang, id=finding_id, fields=changes_text(changes, s.lang)))
