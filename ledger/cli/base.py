"""What every command shares: the application, the one handler that turns errors into
messages and exit codes, the settings (data folder, language, today), and the options
common to several commands.

Heavy modules (ruamel.yaml, pydantic, rich) are imported inside the commands, so
that `ledger --help` and shell completion start quickly.
"""

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ledger import __version__
from ledger.core.errors import (
    InvalidLedgerError,
    LedgerError,
    NotFoundError,
    Problem,
    PublishedError,
    RefusedError,
    UsageError,
)
from ledger.core.i18n import detect_lang, reason_of, speaking, text

if TYPE_CHECKING:
    from ledger.core.patch import Amendment
    from ledger.storage.store import LedgerFile


class Lang(StrEnum):
    en = "en"
    zh = "zh"


@dataclass(frozen=True)
class Settings:
    """What every command is told: where the ledgers are, the language, and which day today is."""

    data_dir: Path
    lang: str
    lang_chosen: bool  # by --lang or LEDGER_LANG, not from the locale
    today: date
    default_campaign: str | None = None  # LEDGER_CAMPAIGN, else as `ledger use` set it
    quiet: bool = False  # --quiet: confirmations left out (for cron), errors still said
    sources: Path | None = None  # a city's sources file: read the districts' ledgers
    fetched: list[Any] = field(default_factory=list)  # the sources a rollup read, as fetched
    broken: list[Problem] = field(default_factory=list)  # ledgers a command could not read

    def day(
        self, value: str, option: str, *, relative: bool = False, base: date | None = None
    ) -> date:
        """A date typed for `option` (today, 2020/5/31; +30d or +15wd from `base` or today
        where `relative` …)."""
        from ledger.core.dates import parse_date

        return parse_date(value, self.today, option=option, relative=relative, base=base)

    def maybe_day(
        self, value: str | None, option: str, *, relative: bool = False, base: date | None = None
    ) -> date | None:
        """As `day`, for an option that may be left out."""
        return None if value is None else self.day(value, option, relative=relative, base=base)


def today_from(environ: dict[str, str] | os._Environ[str]) -> date:
    """Today: LEDGER_TODAY (2020-09-30) where it is set, for tests and reproducible runs;
    else the system's date."""
    fixed = environ.get("LEDGER_TODAY", "").strip()
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise UsageError("bad_today", value=fixed) from None


INTERRUPTED = 130


def _print_lines(lines: list[str]) -> None:
    from ledger.output.tables import visible

    for line in lines:
        print(visible(line), file=sys.stderr)


def _fail(ctx: typer.Context, message_lines: list[str], code: int) -> NoReturn:
    from ledger.output.tables import visible

    for line in message_lines:
        print(visible(line), file=sys.stderr)  # a value quoted in it may hold anything
    ctx.exit(code)
    raise AssertionError("unreachable")


GLOBAL_OPTIONS = ("--lang", "--data", "--sources")  # take a value
GLOBAL_FLAGS = ("--quiet", "-q")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move --lang, --data and --quiet to the front, so they may also follow the command's
    name (`ledger summary --lang zh`), as clerks type them."""
    front, rest = _global_and_rest(args)
    return front + rest


def command_of(args: list[str]) -> str | None:
    """The command a run names (`summary` in `ledger --lang zh summary -c x`); None where
    the arguments begin with another option (--help, --version) or there are none."""
    _, rest = _global_and_rest(args)
    return rest[0] if rest and not rest[0].startswith("-") else None


def _global_and_rest(args: list[str]) -> tuple[list[str], list[str]]:
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
        if arg in GLOBAL_FLAGS or (arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg):
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front, rest


def lang_of_args(args: list[str]) -> str:
    """The language of a run, before its options are parsed: --lang among the arguments,
    else LEDGER_LANG or the locale."""
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    return detect_lang(chosen if chosen in ("zh", "en") else None)


class LedgerGroup(TyperGroup):
    """The one place where errors become messages and exit codes: 1 ledger problems, 2 usage,
    130 interrupted; and where help and the parser's errors are put in the user's language."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click.exceptions import ClickException
        from typer._click.exceptions import UsageError as ParserError

        from ledger.cli.speech import localize, usage_error_lines

        args = list(sys.argv[1:] if args is None else args)
        lang = lang_of_args(args)
        code: Any = 0
        with speaking(lang):
            localize(self, lang)
            try:
                code = super().main(args, prog_name, complete_var, False, **extra)
            except ParserError as exc:
                _print_lines(usage_error_lines(exc, lang))
                code = exc.exit_code
            except typer.Abort:  # Ctrl-C or end of input at a prompt
                code = INTERRUPTED
            except ClickException as exc:
                _print_lines([text("error", lang, message=exc.format_message())])
                code = exc.exit_code
            if code == INTERRUPTED:
                _print_lines(["", text("interrupted", lang)])
        if standalone_mode:
            sys.exit(code if isinstance(code, int) else 0)
        return code

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            result = super().invoke(ctx)
        except LedgerError as exc:
            lang = ctx.obj.lang if isinstance(ctx.obj, Settings) else detect_lang(None)
            lines = []
            if isinstance(exc, InvalidLedgerError):
                from ledger.output.terminal import problem_text

                lines = [problem_text(problem, lang) for problem in exc.problems]
            elif isinstance(exc, RefusedError):
                lines = [text(key, lang, **params) for key, params in exc.refusals]
            elif isinstance(exc, PublishedError):
                lines = [
                    text("published_change", lang, day=day, differences=differences)
                    for day, differences in exc.changes
                ]
            from ledger.output.tables import visible

            params = {
                name: visible(value, breaks=False) if isinstance(value, str) else value
                for name, value in exc.params.items()
            }
            lines.append(text("error", lang, message=text(exc.key, lang, **params)))
            _fail(ctx, lines, exc.exit_code)
        except OSError as exc:  # the library names reads and writes; anything else, as it is
            lang = ctx.obj.lang if isinstance(ctx.obj, Settings) else detect_lang(None)
            message = text("file_error", lang, path=exc.filename or "", reason=reason_of(exc))
            _fail(ctx, [text("error", lang, message=message)], 1)
        if isinstance(ctx.obj, Settings) and ctx.obj.broken:
            self._fail_broken(ctx, ctx.obj)
        return result

    @staticmethod
    def _fail_broken(ctx: typer.Context, s: "Settings") -> NoReturn:
        """The healthy ledgers were reported; now the ones that could not be read, exit 1."""
        from ledger.output.terminal import problem_text

        files = len({problem.path for problem in s.broken})
        lines = [problem_text(problem, s.lang) for problem in s.broken]
        lines.append(text("error", s.lang, message=text("ledgers_broken", s.lang, files=files)))
        _fail(ctx, lines, 1)


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
    quiet: Annotated[
        bool,
        typer.Option(
            "-q", "--quiet", help="Say nothing when all goes well (for cron); errors still show."
        ),
    ] = False,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            envvar="LEDGER_SOURCES",
            metavar="FILE",
            help="A city's sources file: read the districts' ledgers (as `ledger sync` fetched them).",
        ),
    ] = None,
) -> None:
    from ledger.storage.store import read_default

    chosen = lang.value if lang else None
    if sources is None and not data.exists():
        sources = _sources_here()
    ctx.obj = Settings(
        data_dir=data,
        lang=detect_lang(chosen),
        lang_chosen=chosen is not None,
        today=today_from(os.environ),
        default_campaign=os.environ.get("LEDGER_CAMPAIGN", "").strip() or read_default(data),
        quiet=quiet,
        sources=sources,
    )
    ctx.with_resource(speaking(ctx.obj.lang))


def _sources_here() -> Path | None:
    """A city's folder: no data folder, a sources file in the current folder."""
    from ledger.storage.sources import SOURCES_FILE

    return Path(SOURCES_FILE) if Path(SOURCES_FILE).is_file() else None


def say(s: Settings, message: str, *, err: bool = False) -> None:
    """A confirmation (created, written, recorded …), unless --quiet."""
    if not s.quiet:
        print(message, file=sys.stderr if err else sys.stdout)


def settings(ctx: typer.Context) -> Settings:
    assert isinstance(ctx.obj, Settings)
    return ctx.obj


Campaign = Annotated[
    str | None,
    typer.Option(
        "-c", "--campaign", metavar="ID", help="Campaign id (the ledger file's name without .yaml)."
    ),
]
AllCampaigns = Annotated[
    bool,
    typer.Option("--all", help="Every campaign in the data folder, whatever `ledger use` set."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
IncludePrivate = Annotated[
    bool,
    typer.Option("--include-private", help="Include findings' private mappings in the JSON."),
]


def ask(
    s: Settings,
    given: dict[str, str | None],
    checks: dict[str, Callable[[str], object]] | None = None,
    missing_key: str = "missing_options",
) -> dict[str, str]:
    """Prompt at a terminal for the required values not given, each checked as it is typed
    (`checks` raise a UsageError) and asked again on a mistake; elsewhere, a usage error."""
    missing = [name for name, value in given.items() if not value]
    if missing and not sys.stdin.isatty():
        raise UsageError(missing_key, options=tuple(f"--{name}" for name in missing))
    answers = {name: value for name, value in given.items() if value}
    for name in missing:
        answers[name] = _ask_until_right(s.lang, name, (checks or {}).get(name))
    return answers


def _ask_until_right(lang: str, name: str, check: Callable[[str], object] | None) -> str:
    """One answer: asked again while blank or refused by `check`; a value off the campaign's
    list offers the closest one on it, taken on yes."""
    from ledger.output.tables import visible

    while True:
        suffix = "：" if lang == "zh" else ": "
        answer = typer.prompt(
            text(f"prompt_{name}", lang), default="", show_default=False, prompt_suffix=suffix
        )
        value = str(answer).strip()
        if not value:
            print(text("prompt_blank", lang), file=sys.stderr)
            continue
        try:
            if check is not None:
                check(value)
            return value
        except UsageError as exc:
            hint = exc.params.get("hint")
            if hint and typer.confirm(
                text("prompt_hint", lang, value=value, hint=hint), default=True
            ):
                return str(hint)
            key = "prompt_not_listed" if exc.key == "not_in_registry_input" else exc.key
            print(visible(text(key, lang, **exc.params)), file=sys.stderr)


def read_ids(ids: list[str]) -> list[str]:
    """The ids given, with `-` read from standard input (# starts a comment); several to an
    argument or a line, as people paste them."""
    from ledger.core.model import split_ids

    if ids == ["-"]:
        return split_ids(line.split("#", 1)[0] for line in sys.stdin)
    return split_ids(ids)


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


Note = Annotated[str | None, typer.Option(metavar="TEXT", help="A note.")]
AmendPublished = Annotated[
    str | None,
    typer.Option(
        "--amend-published",
        metavar="REASON",
        help="Change figures already published, for this reason; the publication keeps the old ones.",
    ),
]
AsOf = Annotated[
    str, typer.Option("--as-of", metavar="DATE", help="As things stood at the end of this day.")
]


def amendment(s: Settings, reason: str | None, by: str | None) -> "Amendment | None":
    """Leave to change published figures, when --amend-published gives a reason."""
    from ledger.core.patch import Amendment

    if reason is None:
        return None
    if not reason.strip():
        raise UsageError("empty_value", option="--amend-published")
    return Amendment(s.today, reason.strip(), by)


def campaign_of(s: Settings, campaign: str | None, all_campaigns: bool = False) -> str | None:
    """The campaign a command works on: -c, else none with --all, else the default one
    (LEDGER_CAMPAIGN or `ledger use`), which is then named on stderr."""
    if all_campaigns:
        if campaign:
            raise UsageError("all_or_campaign")
        return None
    if campaign is None and s.default_campaign:
        say(s, text("using_default", s.lang, campaign=s.default_campaign), err=True)
        return s.default_campaign
    return campaign


def one_ledger(s: Settings, campaign: str | None) -> Path:
    """The ledger of a one-campaign command: -c, the default one, or the only one there is."""
    from ledger.storage.store import single_path

    return single_path(s.data_dir, campaign_of(s, campaign))


def one_loaded(s: Settings, campaign: str | None) -> "LedgerFile":
    """The ledger of a one-campaign command, loaded; with --sources, one district's
    campaign (-c 秦淮区/qinhuai-2020-safety, or a district that has only one)."""
    if s.sources is None:
        from ledger.storage.store import load

        return load(one_ledger(s, campaign))
    chosen = read_ledgers(s, campaign)
    if len(chosen) != 1:
        raise UsageError("campaign_needed", campaigns=tuple(lf.campaign["id"] for lf in chosen))
    return chosen[0]


def read_ledgers(
    s: Settings, campaign: str | None, all_campaigns: bool = False
) -> "list[LedgerFile]":
    """The campaign's ledger, or every ledger in the data folder. Those that cannot be read
    are set aside, reported after the healthy ones, and make the command exit 1."""
    from ledger.storage.store import choose_paths, load_many

    if s.sources is not None:
        return _source_ledgers(s, campaign)
    chosen = campaign_of(s, campaign, all_campaigns)
    ledgers, problems = load_many(choose_paths(s.data_dir, chosen))
    if not ledgers and problems:
        raise InvalidLedgerError(problems)
    s.broken.extend(problems)
    return ledgers


def _source_ledgers(s: Settings, campaign: str | None) -> "list[LedgerFile]":
    """The districts' ledgers, as `ledger sync` fetched them; -c takes a district, or a
    district's campaign (秦淮区/qinhuai-2020-safety). A source not yet fetched, or whose
    ledgers cannot be read, is named and left out, and the command exits 1."""
    from ledger.storage.sources import source_ledgers

    assert s.sources is not None
    read = source_ledgers(s.sources)
    chosen = [
        lf
        for lf in read.ledgers
        if campaign is None or lf.campaign["id"] == campaign or lf.source_name == campaign
    ]
    if campaign is not None and not chosen:
        names = tuple(lf.campaign["id"] for lf in read.ledgers)
        raise NotFoundError("no_campaign_in_sources", campaign=campaign, campaigns=names or ("—",))
    s.fetched.extend(read.fetched)
    s.broken.extend(read.broken)
    return chosen


def who(by: str | None, path: Path) -> str | None:
    """Who records a change: --by, else LEDGER_BY, git's user name or the login."""
    from ledger.storage.git import author

    return by or author(path.parent)


def run() -> None:
    """Run the application on the command line's arguments (ledger.cli.main first
    registers the commands the run needs)."""
    if sys.stdout.encoding and sys.stdout.encoding.lower() not in ("utf-8", "utf8"):
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
