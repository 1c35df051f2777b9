"""The `ledger` command line: parse options, call one function of the library, render.

Heavy modules (ruamel.yaml, pydantic, rich) are imported inside the commands, so
that `ledger --help` and shell completion start quickly.
"""

import os
import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ledger import __version__
from ledger.errors import InvalidLedgerError, LedgerError, NotFoundError, RefusedError, UsageError
from ledger.i18n import detect_lang, text


class Lang(StrEnum):
    en = "en"
    zh = "zh"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    lang: str
    lang_chosen: bool  # by --lang or LEDGER_LANG, not from the locale


def _fail(ctx: typer.Context, message_lines: list[str], code: int) -> NoReturn:
    for line in message_lines:
        print(line, file=sys.stderr)
    ctx.exit(code)
    raise AssertionError("unreachable")


GLOBAL_OPTIONS = ("--lang", "--data")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move --lang and --data to the front, so they may also follow the command's name
    (`ledger summary --lang zh`), as clerks type them."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg in GLOBAL_OPTIONS and index + 1 < len(args):
            front += args[index : index + 2]
            index += 2
            continue
        if arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front + rest


class LedgerGroup(TyperGroup):
    """The one place where errors become messages and exit codes: 1 ledger problems, 2 usage."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except LedgerError as exc:
            lang = ctx.obj.lang if isinstance(ctx.obj, Settings) else detect_lang(None)
            lines = []
            if isinstance(exc, InvalidLedgerError):
                from ledger.render import problem_text

                lines = [problem_text(problem, lang) for problem in exc.problems]
            elif isinstance(exc, RefusedError):
                lines = [text(key, lang, **params) for key, params in exc.refusals]
            lines.append(text("error", lang, message=text(exc.key, lang, **exc.params)))
            _fail(ctx, lines, exc.exit_code)
        except OSError as exc:
            lang = ctx.obj.lang if isinstance(ctx.obj, Settings) else detect_lang(None)
            reason = exc.strerror or str(exc)
            message = text("cannot_write", lang, path=exc.filename or "", reason=reason)
            _fail(ctx, [text("error", lang, message=message)], 1)


app = typer.Typer(
    cls=LedgerGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="""Keep a campaign's findings ledger (台账) in YAML files: add findings, mark them
rectified, and count them ("154 found, 148 fixed").

\b
Example: ledger summary -c qinhuai-2020-safety --as-of 2020-09-30""",
)


def _version(value: bool) -> None:
    if value:
        print(f"ledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Path,
        typer.Option("--data", envvar="LEDGER_DATA", metavar="DIR", help="Folder of ledger files."),
    ] = Path("data"),
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang", envvar="LEDGER_LANG", help="Language of output: zh or en (default: locale)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    chosen = lang.value if lang else None
    ctx.obj = Settings(data_dir=data, lang=detect_lang(chosen), lang_chosen=chosen is not None)


def settings(ctx: typer.Context) -> Settings:
    assert isinstance(ctx.obj, Settings)
    return ctx.obj


Campaign = Annotated[
    str | None,
    typer.Option(
        "-c", "--campaign", metavar="ID", help="Campaign id (the ledger file's name without .yaml)."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
IncludePrivate = Annotated[
    bool,
    typer.Option("--include-private", help="Include findings' private mappings in the JSON."),
]


def _date(value: str | None, option: str, *, relative: bool = False) -> date | None:
    from ledger.dates import parse_date

    return (
        None if value is None else parse_date(value, date.today(), option=option, relative=relative)
    )


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
) -> None:
    """Create a new campaign ledger; never overwrites one.

    \b
    Example: ledger init qinhuai-2021-lookback --title 回头看 --prefix LB --area 燃气安全 --owner 区商务局
    """
    from ledger.ops import init_ledger

    s = settings(ctx)
    path = init_ledger(
        s.data_dir,
        campaign_id,
        title=title,
        prefix=prefix,
        organiser=organiser,
        start=_date(start, "--start"),
        end=_date(end, "--end"),
        areas=area,
        owners=owner,
    )
    print(text("created", s.lang, path=path))


def _ask(
    lang: str, given: dict[str, str | None], missing_key: str = "missing_options"
) -> dict[str, str]:
    """Prompt at a terminal for the required values not given; elsewhere, a usage error."""
    missing = [name for name, value in given.items() if not value]
    if missing and not sys.stdin.isatty():
        raise UsageError(missing_key, options=", ".join(f"--{name}" for name in missing))
    answers = {name: value for name, value in given.items() if value}
    for name in missing:
        answers[name] = typer.prompt(text(f"prompt_{name}", lang))
    return answers


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
        typer.Option(metavar="DATE", help="Deadline (整改时限): a date, or +30d / +2w from today."),
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
    json_output: Json = False,
) -> None:
    """Add a finding with the next free id. Owner, measure and deadline are required; a major
    finding also needs funds and a contingency plan ("five in place", 五到位).

    \b
    Example: ledger add -c qinhuai-2020-safety --title 楼道飞线充电 --owner 区房产局 --measure 拆除飞线 --deadline +30d
    """
    from ledger.ops import NewFinding, add_finding
    from ledger.store import single_path

    s = settings(ctx)
    path = single_path(s.data_dir, campaign)
    answers = _ask(
        s.lang, {"title": title, "owner": owner, "measure": measure, "deadline": deadline}
    )
    if severity == "major":
        answers |= _ask(s.lang, {"funds": funds, "plan": plan}, missing_key="missing_five")
    new = NewFinding(
        title=answers["title"],
        owner=answers["owner"],
        measure=answers["measure"],
        deadline=_date(answers["deadline"], "--deadline", relative=True) or date.today(),
        found_on=_date(found_on, "--found-on") or date.today(),
        area=area,
        location=location,
        found_by=found_by,
        severity=severity,
        contact=contact,
        funds=answers.get("funds", funds),
        plan=answers.get("plan", plan),
    )
    finding = add_finding(path, new, date.today())
    if json_output:
        from ledger.render import finding_json, print_json

        print_json(finding_json(path.stem, finding))
    else:
        print(text("added", s.lang, id=finding["id"], title=finding["title"]))


def _ids(ids: list[str]) -> list[str]:
    """The ids given, with `-` read from standard input, one a line (blank lines and # skipped)."""
    if ids == ["-"]:
        lines = (line.split("#", 1)[0].strip() for line in sys.stdin)
        return [line for line in lines if line]
    return ids


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
    deadline: date | None = None,
    ladder: str | None = None,
    supervisor: str | None = None,
) -> None:
    """Record one step of the closed loop on the findings, and say what was done."""
    from ledger.gitinfo import author
    from ledger.loop import Step, evidence_paths, take_step
    from ledger.store import path_of_findings

    s = settings(ctx)
    ids = _ids(ids)
    if not ids:
        raise UsageError("no_ids")
    path = path_of_findings(s.data_dir, campaign, ids)
    day = _date(on, "--on") or date.today()
    files = evidence_paths(path.parent, evidence or [])
    step = Step(
        event, day, by or author(path.parent), note, reason, deadline, ladder, supervisor, files
    )
    for finding in take_step(path, ids, step, date.today()):
        message = text(
            f"done_{event}",
            s.lang,
            id=finding["id"],
            day=day.isoformat(),
            deadline=finding["deadline"],
        )
        print(message)


Ids = Annotated[
    list[str],
    typer.Argument(metavar="ID...", help="Finding ids, or - to read them from standard input."),
]
On = Annotated[str, typer.Option(metavar="DATE", help="Day it happened.")]
By = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Who recorded it (default: LEDGER_BY, else git user.name, else the login).",
    ),
]
Reason = Annotated[str, typer.Option(metavar="TEXT", help="Why (recorded in the history).")]
Evidence = Annotated[
    list[Path] | None,
    typer.Option(
        metavar="PATH", help="An evidence file (repeat), recorded relative to the repository."
    ),
]


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
) -> None:
    """Mark findings rectified (整改完成): all of them, or on any error none.

    \b
    Example: ledger rectify QH-149 QH-150 --on 2020-09-28 --note 已更换灭火器
    """
    _record(ctx, ids, campaign, "fixed", on=on, by=by, note=note, evidence=evidence)


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
) -> None:
    """Accept rectified findings at the look-back (回头看 / 验收 / 销号): fixed becomes verified.

    \b
    Example: ledger verify QH-001 QH-002 --on 2020-07-15 --note 回头看复查合格
    """
    _record(ctx, ids, campaign, "verified", on=on, by=by, note=note, evidence=evidence)


@app.command()
def reopen(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id.")],
    reason: Reason,
    deadline: Annotated[str, typer.Option(metavar="DATE", help="The new deadline (or +30d).")],
    campaign: Campaign = None,
    on: On = "today",
    by: By = None,
) -> None:
    """Reopen a rectification that was not in place (整改不到位): back to open, with a new deadline.

    \b
    Example: ledger reopen QH-017 --reason 回头看发现飞线复现 --deadline +15d
    """
    new = _date(deadline, "--deadline", relative=True)
    _record(ctx, [finding_id], campaign, "reopened", on=on, by=by, reason=reason, deadline=new)


@app.command()
def drop(
    ctx: typer.Context,
    ids: Ids,
    reason: Reason,
    campaign: Campaign = None,
    on: On = "today",
    by: By = None,
) -> None:
    """Drop findings that do not stand (不属实 / 重复 / 撤销); they are kept, out of the counts.

    \b
    Example: ledger drop QH-033 --reason 与QH-012重复
    """
    _record(ctx, ids, campaign, "dropped", on=on, by=by, reason=reason)


@app.command()
def extend(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id.")],
    to: Annotated[str, typer.Option(metavar="DATE", help="The new deadline (or +30d).")],
    reason: Reason,
    campaign: Campaign = None,
    on: On = "today",
    by: By = None,
) -> None:
    """Extend an open finding's deadline (延期); the original stays in the history.

    \b
    Example: ledger extend QH-121 --to 2020-10-31 --reason 需协调燃气公司
    """
    new = _date(to, "--to", relative=True)
    _record(ctx, [finding_id], campaign, "extended", on=on, by=by, reason=reason, deadline=new)


@app.command()
def escalate(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id.")],
    step: Annotated[
        str | None, typer.Option(metavar="STEP", help="notice, letter, interview or bulletin.")
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Lift the listed supervision.")] = False,
    supervisor: Annotated[
        str | None, typer.Option(metavar="UNIT", help="Supervising unit (督办单位).")
    ] = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="A note for the history.")
    ] = None,
    campaign: Campaign = None,
    on: On = "today",
    by: By = None,
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
    on: On = "today",
    by: By = None,
) -> None:
    """Correct or reassign a finding; each change is recorded as old → new.

    \b
    Example: ledger edit QH-012 --owner 区建设局 --measure 更换防火门闭门器
    """
    from ledger.gitinfo import author
    from ledger.ops import edit_finding
    from ledger.store import path_of_findings

    s = settings(ctx)
    path = path_of_findings(s.data_dir, campaign, [finding_id])
    values = {"title": title, "owner": owner, "contact": contact, "measure": measure}
    values |= {"area": area, "location": location, "severity": severity}
    day = _date(on, "--on") or date.today()
    edited = edit_finding(path, finding_id, values, day, by or author(path.parent), date.today())
    changed = [e["field"] for e in edited["history"] if e["event"] == "edited" and e["on"] == day]
    print(text("edited", s.lang, id=finding_id, fields=", ".join(dict.fromkeys(changed))))


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
    from ledger.queries import find
    from ledger.render import finding_json, print_history, print_json

    s = settings(ctx)
    lf, finding = find(s.data_dir, campaign, finding_id)
    if json_output:
        print_json(finding_json(lf.path.stem, finding)["history"])
    else:
        print_history(finding, s.lang)


@app.command(name="list")
def list_command(
    ctx: typer.Context,
    campaign: Campaign = None,
    status: Annotated[
        str | None,
        typer.Option(
            metavar="STATUS",
            help="open, fixed, verified, dropped or overdue (default: all but dropped).",
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
            metavar="DAYS", help="Open findings due within DAYS from today, overdue ones included."
        ),
    ] = None,
    escalated: Annotated[
        bool, typer.Option("--escalated", help="Only those under listed supervision.")
    ] = False,
    json_output: Json = False,
    include_private: IncludePrivate = False,
) -> None:
    """List findings: open ones first by deadline, overdue ones marked.

    \b
    Example: ledger list --status open --owner 房产局
    """
    from ledger.queries import list_findings
    from ledger.store import choose_paths

    s = settings(ctx)
    rows = list_findings(
        choose_paths(s.data_dir, campaign),
        date.today(),
        status=status,
        owner=owner,
        area=area,
        due_within=due_within,
        escalated=escalated,
    )
    from ledger.render import print_json, print_rows, rows_json

    if json_output:
        print_json(rows_json(rows, include_private))
    else:
        print_rows(rows, s.lang)


@app.command()
def due(
    ctx: typer.Context,
    campaign: Campaign = None,
    within: Annotated[
        int, typer.Option(metavar="DAYS", help="Due within this many days from today.")
    ] = 7,
    owner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Owner, or part of its name.")
    ] = None,
    json_output: Json = False,
    include_private: IncludePrivate = False,
) -> None:
    """What to chase: overdue and soon-due open findings, owner by owner.

    \b
    Example: ledger due --within 14 --owner 房产局
    """
    from ledger.queries import due as due_findings
    from ledger.render import due_json, print_due, print_json
    from ledger.store import choose_paths

    s = settings(ctx)
    groups = due_findings(choose_paths(s.data_dir, campaign), date.today(), within, owner)
    if json_output:
        print_json(due_json(groups, include_private))
    else:
        print_due(groups, s.lang)


@app.command()
def notice(
    ctx: typer.Context,
    owner: Annotated[str, typer.Option(metavar="TEXT", help="The owner unit to notify.")],
    campaign: Campaign = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="FILE", help="Write it here.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="md, txt or docx (needs -o).")
    ] = "md",
    day: Annotated[
        str, typer.Option("--date", metavar="DATE", help="The notice's date.")
    ] = "today",
) -> None:
    """A rectification notice (督促限期整改通知书) to one owner: its open findings and a
    reply slip, as Markdown, text or a Word document to print and stamp. In Chinese
    unless --lang en is given.

    \b
    Example: ledger notice --owner 区建设局 -c qinhuai-2020-safety --date 2020-09-30 -o 通知书.md
    """
    from ledger.notice import FORMATS, notice_docx, notice_items, notice_text, parts
    from ledger.store import load, single_path

    s = settings(ctx)
    if fmt not in FORMATS:
        raise UsageError("bad_choice", option="--format", value=fmt, choices=", ".join(FORMATS))
    if fmt == "docx" and output is None:
        raise UsageError("docx_needs_output")
    lang = s.lang if s.lang_chosen else "zh"
    when = _date(day, "--date") or date.today()
    lf = load(single_path(s.data_dir, campaign))
    items = notice_items(lf.findings, owner, when)
    if not items:
        raise NotFoundError("notice_nothing", owner=owner, day=when.isoformat())
    pieces = parts(lf.campaign, owner, items, when, lang)
    if output is None:
        sys.stdout.write(notice_text(pieces, fmt, lang))
        return
    from ledger.outputs import write_output

    content = notice_docx(pieces, when) if fmt == "docx" else notice_text(pieces, fmt, lang)
    write_output(
        output, content if isinstance(content, bytes) else content.encode("utf-8"), s.data_dir
    )
    print(text("notice_written", s.lang, path=output))


Note = Annotated[str | None, typer.Option(metavar="TEXT", help="A note.")]

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
        typer.Option(metavar="KIND", help="inspection, meeting, seminar or lookback."),
    ],
    on: Annotated[str, typer.Option(metavar="DATE", help="The day it was held.")] = "today",
    place: Annotated[str | None, typer.Option(metavar="TEXT", help="Where.")] = None,
    participants: Annotated[
        int | None, typer.Option(metavar="N", help="Member participations (参与人次).")
    ] = None,
    group: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Inspection group (督导组).")
    ] = None,
    note: Note = None,
    by: By = None,
    campaign: Campaign = None,
) -> None:
    """Record an activity held: an on-site inspection, a meeting, a seminar or a look-back.

    \b
    Example: ledger activity add --kind seminar --on 2020-05-12 --place 区政协 --participants 15
    """
    from ledger.gitinfo import author
    from ledger.records import add_activity
    from ledger.store import single_path

    s = settings(ctx)
    path = single_path(s.data_dir, campaign)
    entry = add_activity(
        path,
        kind,
        _date(on, "--on") or date.today(),
        date.today(),
        place=place,
        participants=participants,
        group=group,
        note=note,
        by=by or author(path.parent),
    )
    kind_text = text(f"kind_{entry['kind']}", s.lang)
    print(text("recorded_activity", s.lang, id=entry["id"], kind=kind_text, day=entry["on"]))


@activity_app.command("list")
def activity_list(ctx: typer.Context, campaign: Campaign = None, json_output: Json = False) -> None:
    """List the activities held.

    \b
    Example: ledger activity list -c qinhuai-2020-safety
    """
    _list_section(ctx, "activities", campaign, json_output)


def _list_section(ctx: typer.Context, section: str, campaign: str | None, as_json: bool) -> None:
    from ledger.records import entries
    from ledger.render import print_json, print_records, records_json
    from ledger.store import choose_paths

    s = settings(ctx)
    rows = entries(choose_paths(s.data_dir, campaign), section)
    if as_json:
        print_json(records_json(rows))
    else:
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
    from ledger.gitinfo import author
    from ledger.records import add_item
    from ledger.store import path_of_findings

    s = settings(ctx)
    path = path_of_findings(s.data_dir, campaign, finding)
    day = _date(on, "--on") or date.today()
    entry = add_item(
        path, title, finding, day, date.today(), note=note, by=by or author(path.parent)
    )
    print(text("recorded_item", s.lang, id=entry["id"], title=entry["title"]))


@item_app.command("list")
def item_list(ctx: typer.Context, campaign: Campaign = None, json_output: Json = False) -> None:
    """List the problem list's items and the findings each groups.

    \b
    Example: ledger item list -c qinhuai-2020-safety
    """
    _list_section(ctx, "items", campaign, json_output)


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
    from ledger.gitinfo import author
    from ledger.records import add_suggestion
    from ledger.store import single_path

    s = settings(ctx)
    path = single_path(s.data_dir, campaign)
    day = _date(on, "--on") or date.today()
    entry = add_suggestion(
        path, title, to, day, date.today(), note=note, by=by or author(path.parent)
    )
    print(text("recorded_suggestion", s.lang, id=entry["id"], title=entry["title"]))


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
    from ledger.gitinfo import author
    from ledger.records import set_suggestion
    from ledger.store import single_path

    s = settings(ctx)
    path = single_path(s.data_dir, campaign)
    day = _date(on, "--on") or date.today()
    entry = set_suggestion(
        path, suggestion_id, status, day, date.today(), note=note, by=by or author(path.parent)
    )
    status_text = text(f"suggestion_{entry['status']}", s.lang)
    print(text("suggestion_set", s.lang, id=entry["id"], status=status_text))


@suggest_app.command("list")
def suggest_list(ctx: typer.Context, campaign: Campaign = None, json_output: Json = False) -> None:
    """List the suggestions and their status.

    \b
    Example: ledger suggest list --json
    """
    _list_section(ctx, "suggestions", campaign, json_output)


@app.command()
def report(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: Annotated[
        bool, typer.Option("--all", help="Every campaign in the data folder (the default).")
    ] = False,
    month: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM", help="The month (default: the last complete month)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="First day of the period.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Last day (the as-of date).")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="text, md, html, json or csv.")
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="FILE", help="Write it here.")
    ] = None,
) -> None:
    """The period's report: what was found, fixed, verified and dropped in it; where things
    stand at its end; owners against the previous period; the overdue list; the trend month
    by month; and the campaign's paragraph (activities, participations, problem list,
    suggestions). Its figures as of the period's end equal `summary --as-of`.

    \b
    Example: ledger report -c qinhuai-2020-safety --month 2020-09 --lang zh
    Cron, on the 1st of each month at 06:00:
      0 6 1 * * cd /srv/ledgers && ledger report --all --format md -o reports/$(date +\\%Y-\\%m).md
    """
    from ledger.render import report_text
    from ledger.report import build_report, choose_period
    from ledger.report_files import FORMATS, csv_text, html_text, json_text, markdown_text
    from ledger.store import choose_paths

    s = settings(ctx)
    if fmt not in FORMATS:
        raise UsageError("bad_choice", option="--format", value=fmt, choices=", ".join(FORMATS))
    if all_campaigns and campaign:
        raise UsageError("all_or_campaign")
    today = date.today()
    period = choose_period(month, _date(start, "--from"), _date(end, "--to"), today)
    result = build_report(choose_paths(s.data_dir, campaign), period, s.data_dir)
    headline_lang = s.lang if s.lang_chosen else None
    if fmt == "text" and output is None:
        from ledger.render import print_report

        print_report(result, s.lang, headline_lang)
        return
    writers = {
        "text": lambda: report_text(result, s.lang, headline_lang),
        "md": lambda: markdown_text(result, s.lang, headline_lang),
        "html": lambda: html_text(result, s.lang, headline_lang),
        "json": lambda: json_text(result, headline_lang),
        "csv": lambda: csv_text(result, s.lang),
    }
    content = writers[fmt]()
    if output is None:
        sys.stdout.write(content)
        return
    from ledger.outputs import write_output

    write_output(output, content.encode("utf-8"), s.data_dir)
    print(text("report_written", s.lang, path=output), file=sys.stderr)


@app.command()
def publish(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option(metavar="DATE", help="The date of the figures reported.")],
    campaign: Campaign = None,
    note: Note = None,
    by: By = None,
) -> None:
    """Record the figures reported upward for a date, like a balance assertion: from then on
    `ledger check` fails when a later edit changes what that date's report would say.

    \b
    Example: ledger publish -c qinhuai-2020-safety --as-of 2020-09-30 --note 报区委
    """
    from ledger.gitinfo import author
    from ledger.records import publish as publish_figures
    from ledger.store import single_path

    s = settings(ctx)
    path = single_path(s.data_dir, campaign)
    day = _date(as_of, "--as-of") or date.today()
    entry = publish_figures(path, day, date.today(), note=note, by=by or author(path.parent))
    figures = {k: entry[k] for k in ("found", "fixed", "open", "overdue")}
    print(text("published_done", s.lang, day=day, **figures))


@app.command()
def show(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="Finding id, e.g. QH-001.")],
    campaign: Campaign = None,
    json_output: Json = False,
    private: Annotated[
        bool, typer.Option("--private", help="Also show its private mapping (informants, notes).")
    ] = False,
) -> None:
    """Show every field of a finding, and its history; its private mapping only with --private.

    \b
    Example: ledger show QH-001
    """
    from ledger.counts import is_overdue
    from ledger.queries import find
    from ledger.render import finding_json, print_finding, print_json

    s = settings(ctx)
    lf, finding = find(s.data_dir, campaign, finding_id)
    if json_output:
        print_json(finding_json(lf.path.stem, finding, private))
    else:
        print_finding(lf.path.stem, finding, is_overdue(finding, date.today()), s.lang, private)


@app.command()
def summary(
    ctx: typer.Context,
    campaign: Campaign = None,
    as_of: Annotated[
        str, typer.Option(metavar="DATE", help="Count as of this day (default today).")
    ] = "today",
    by: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KIND",
            help="Breakdown: area, owner or severity (repeat; default area and owner for one campaign).",
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """Count findings: found, fixed, rate, open, overdue, with breakdowns.

    \b
    Example: ledger summary -c qinhuai-2020-safety --as-of 2020-09-30 --lang zh
    """
    from ledger.queries import summaries
    from ledger.render import print_json, print_summaries, summary_json
    from ledger.store import choose_paths

    s = settings(ctx)
    paths = choose_paths(s.data_dir, campaign)
    day = _date(as_of, "--as-of") or date.today()
    breakdowns = by if by is not None else (["area", "owner"] if len(paths) == 1 else [])
    result = summaries(paths, day, breakdowns)
    if json_output:
        print_json(summary_json(result, day))
    else:
        print_summaries(result, day, s.lang)


@app.command()
def check(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE]...", help="Ledger files (default: all in --data)."),
    ] = None,
    json_output: Json = False,
) -> None:
    """Validate ledgers; print each problem as file:line: field: message; exit 1 if any.

    \b
    Example: ledger check data/qinhuai-2020-safety.yaml
    """
    from ledger.check import check_file
    from ledger.render import print_json, problem_text, problems_json
    from ledger.store import ledger_paths

    s = settings(ctx)
    paths = files or ledger_paths(s.data_dir)
    problems = [problem for path in paths for problem in check_file(path)]
    if json_output:
        print_json(problems_json(problems, s.lang))
    else:
        for problem in problems:
            print(problem_text(problem, s.lang))
    errors = [problem for problem in problems if not problem.warning]
    warnings = len(problems) - len(errors)
    if not json_output:
        key = "check_failed" if errors else ("check_warned" if warnings else "check_ok")
        summary = text(key, s.lang, problems=len(errors), files=len(paths), warnings=warnings)
        print(summary, file=sys.stderr)
    if errors:
        raise typer.Exit(1)


@app.command("import")
def import_(
    ctx: typer.Context,
    sheet_file: Annotated[Path, typer.Argument(metavar="FILE", help="An .xlsx or .csv file.")],
    campaign: Campaign = None,
    sheet: Annotated[
        str | None, typer.Option(metavar="NAME", help="The worksheet (default: the first).")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map", metavar="FIELD=列名", help="Read this column as this field (repeat)."
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show what would be imported and every problem; write nothing."
        ),
    ] = False,
) -> None:
    """Import findings from an existing ledger spreadsheet (整改台账), all or nothing.

    Headers are recognised in Chinese and English (序号, 问题描述, 所在街道/地点, 责任单位,
    责任人, 整改措施, 整改时限, 整改情况, 完成时间, 发现时间, 问题类别, 隐患等级, 备注 …);
    other columns are kept on each finding under their own header. CSV may be UTF-8 or
    GB18030/GBK. Title rows, blank rows and a totals row are skipped; findings already in
    the ledger (same title, location and owner) are reported and skipped.

    \b
    Example: ledger import 整改台账.xlsx -c qinhuai-2020-safety --dry-run
    """
    from ledger.render import print_import, progress_callback
    from ledger.sheet_import import import_sheet
    from ledger.store import single_path

    s = settings(ctx)
    path = single_path(s.data_dir, campaign)
    with progress_callback(text("importing", s.lang)) as progress:
        plan = import_sheet(
            path,
            sheet_file,
            date.today(),
            sheet=sheet,
            maps=map_ or [],
            dry_run=dry_run,
            progress=progress,
        )
    if not print_import(plan, sheet_file.name, path.stem, dry_run, s.lang):
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: Annotated[
        bool, typer.Option("--all", help="Every campaign (the default).")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="xlsx, csv, json or md.")
    ] = "xlsx",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="FILE", help="Write it here.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            metavar="STATUS", help="open, fixed, verified, dropped or overdue (as of --as-of)."
        ),
    ] = None,
    owner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Owner, or part of its name.")
    ] = None,
    as_of: Annotated[
        str, typer.Option(metavar="DATE", help="As things stood at the end of this day.")
    ] = "today",
    include_private: IncludePrivate = False,
) -> None:
    """Export findings the way they are reported upward (报送): an xlsx with a title row,
    the usual Chinese headers, date cells, overdue rows shaded and a summary sheet; or CSV
    (UTF-8 with BOM), JSON or Markdown. Cells that would be formulas stay text.

    \b
    Example: ledger export -c qinhuai-2020-safety --as-of 2020-09-30 -o 整改台账.xlsx
    """
    from ledger.sheet_export import export as export_file
    from ledger.store import choose_paths

    s = settings(ctx)
    if all_campaigns and campaign:
        raise UsageError("all_or_campaign")
    if fmt == "xlsx" and output is None:
        raise UsageError("export_needs_output")
    day = _date(as_of, "--as-of") or date.today()
    lang = s.lang if s.lang_chosen else "zh"
    paths = choose_paths(s.data_dir, campaign)
    content = export_file(
        paths, fmt, day, lang, status=status, owner=owner, include_private=include_private
    )
    if output is None:
        sys.stdout.buffer.write(content)
        return
    from ledger.outputs import write_output

    write_output(output, content, s.data_dir)
    print(text("report_written", s.lang, path=output), file=sys.stderr)


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of a ledger file, for editors that validate and complete YAML
    as it is typed (the YAML language server: `# yaml-language-server: $schema=…`).

    \b
    Example: ledger schema > ledger.schema.json
    """
    from ledger.schema import ledger_json_schema

    sys.stdout.write(ledger_json_schema())


@app.command()
def fmt(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE]...", help="Ledger files (default: all in --data)."),
    ] = None,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; list files that would change, exit 1 if any."
        ),
    ] = False,
) -> None:
    """Rewrite ledgers in the layout the tool itself writes (key order, indentation, one-line
    history entries, quoting), keeping every comment and every value.

    \b
    Example: ledger fmt --check
    """
    from ledger.fmt import format_file
    from ledger.store import ledger_paths

    s = settings(ctx)
    paths = files or ledger_paths(s.data_dir)
    changed = [path for path in paths if format_file(path, check_only)]
    for path in changed:
        print(text("fmt_would_change" if check_only else "fmt_changed", s.lang, path=path))
    verb = text("fmt_verb_would" if check_only else "fmt_verb_did", s.lang)
    print(
        text("fmt_summary", s.lang, changed=len(changed), files=len(paths), verb=verb),
        file=sys.stderr,
    )
    if check_only and changed:
        raise typer.Exit(1)


@app.command("git-setup")
def git_setup(
    ctx: typer.Context,
    global_config: Annotated[
        bool,
        typer.Option(
            "--global", help="Write the driver into your own git config, for every repository."
        ),
    ] = False,
    hooks: Annotated[
        bool,
        typer.Option(
            "--hooks",
            help="Also install a pre-commit hook that runs ledger check on staged ledgers.",
        ),
    ] = False,
) -> None:
    """Set up the repository holding the data folder: the .gitattributes line and git config
    for the merge driver, and with --hooks a pre-commit check. Safe to run again.

    \b
    Example: ledger git-setup --hooks
    """
    from ledger.gitsetup import setup

    s = settings(ctx)
    for key, params in setup(s.data_dir, global_config=global_config, hooks=hooks):
        print(text(key, s.lang, **params))


@app.command("merge-file")
def merge_file(
    ctx: typer.Context,
    base: Annotated[Path, typer.Argument(metavar="BASE", help="The common ancestor (git's %O).")],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="Our version, overwritten with the result (%A).")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their version (%B).")],
    path: Annotated[
        str | None,
        typer.Option("--path", metavar="P", help="The file's path in the repository (%P)."),
    ] = None,
) -> None:
    """Merge two versions of a ledger by campaign, finding and field: git's merge driver.

    Findings added on both sides are all kept (the same new id on both: the one recorded
    later takes the next free id); edits of different findings or fields are all kept,
    histories merged by date. The same field changed differently on both sides is a
    conflict: markers around that finding only, and exit 1. Set up by `ledger git-setup`.

    \b
    Example: ledger merge-file base.yaml ours.yaml theirs.yaml --path data/qinhuai-2020-safety.yaml
    """
    from ledger.merge import merge_file as merge_three

    s = settings(ctx)
    outcome = merge_three(base, ours, theirs, path or str(ours), date.today())
    for key, params in outcome.messages:
        print(text(key, s.lang, **params), file=sys.stderr)
    if not outcome.clean:
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    if sys.stdout.encoding and sys.stdout.encoding.lower() not in ("utf-8", "utf8"):
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()


if __name__ == "__main__":
    main()
