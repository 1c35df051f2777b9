"""Commands for a city's rollup over district repositories: the sources file (sources)
and fetching them (sync). Every reading command then takes --sources."""

import itertools
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ledger.cli.base import Settings, app, say, settings
from ledger.core.i18n import text

if TYPE_CHECKING:
    from ledger.storage.sources import Fetched

sources_app = typer.Typer(
    no_args_is_help=True,
    help="""The district repositories a city's folder rolls up (sources.yaml).

\b
Example: ledger sources add 秦淮区 git://git.city.gov/qinhuai.git --branch main --data data""",
)
app.add_typer(sources_app, name="sources")


def sources_file(s: Settings) -> Path:
    """--sources or LEDGER_SOURCES, else sources.yaml in the current folder."""
    from ledger.storage.sources import SOURCES_FILE

    return s.sources or Path(SOURCES_FILE)


@sources_app.command("add")
def sources_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The district, e.g. 秦淮区.")],
    url: Annotated[
        str,
        typer.Argument(metavar="URL", help="A path, or a git URL (file, ssh, https or git)."),
    ],
    branch: Annotated[str, typer.Option(metavar="NAME", help="The branch to read.")] = "main",
    data: Annotated[
        str, typer.Option(metavar="DIR", help="The data folder inside the repository.")
    ] = "data",
) -> None:
    """Add a district repository to the sources file (made if missing).

    \b
    Example: ledger sources add 秦淮区 git://git.city.gov/qinhuai.git
    """
    from ledger.storage.sources import Source, add_source

    s = settings(ctx)
    path = sources_file(s)
    add_source(path, Source(name, url, branch, data))
    say(s, text("source_added", s.lang, name=name, path=path))


@sources_app.command("remove")
def sources_remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The district.")],
) -> None:
    """Remove a district from the sources file.

    \b
    Example: ledger sources remove 秦淮区
    """
    from ledger.storage.sources import remove_source

    s = settings(ctx)
    remove_source(sources_file(s), name)
    say(s, text("source_removed", s.lang, name=name))


@sources_app.command("list")
def sources_list(ctx: typer.Context) -> None:
    """List the sources, each with the commit last fetched and when.

    \b
    Example: ledger sources list
    """
    from ledger.storage.sources import known_state, read_sources

    s = settings(ctx)
    path = sources_file(s)
    state = known_state(path)
    now = datetime.now(UTC)
    for source in read_sources(path):
        fetched = state.get(source.name)
        print(f"{source.name}\t{source.url}\t{source.branch}\t{source.data}\t"
              f"{fetched_text(fetched, now, s.lang)}")  # fmt: skip


def fetched_text(fetched: "Fetched | None", now: datetime, lang: str) -> str:
    """A source's state as sync and sources list print it."""
    if fetched is not None and not fetched.commit and fetched.stale:
        return text("source_unreachable", lang)
    if fetched is None or not fetched.commit:
        return text("source_never", lang)
    key = "source_stale" if fetched.stale else "source_at"
    return text(key, lang, commit=fetched.commit[:12], day=fetched.committed,
                days=fetched.age_days(now))  # fmt: skip


@app.command()
def sync(ctx: typer.Context) -> None:
    """Fetch every district repository of the sources file into its cache (.ledger-sources,
    beside the file), in parallel; never write to a source. Each source's commit and date
    are printed; one that cannot be reached keeps its last state, marked stale with its age;
    one whose history was rewritten is fetched again and said so. Exit 1 if any is stale.

    \b
    Example: ledger sync && ledger --sources sources.yaml summary
    """
    from ledger.output.terminal import progress_callback
    from ledger.storage.sources import read_sources
    from ledger.storage.sources import sync as sync_sources

    s = settings(ctx)
    now = datetime.now(UTC)
    path = sources_file(s)
    total = len(read_sources(path))
    finished = itertools.count()

    def report(fetched: "Fetched") -> None:
        line = fetched_text(fetched, now, s.lang)
        if fetched.rewritten:
            line += text("source_rewritten", s.lang)
        if fetched.error and s.lang == "en":  # git speaks English; the zh line says why
            line += text("source_error", s.lang, reason=fetched.error)
        print(f"{fetched.name}\t{line}", file=sys.stderr if fetched.stale else sys.stdout)
        progress(next(finished), total)

    with progress_callback(text("syncing", s.lang), threshold=1) as progress:
        results = sync_sources(path, now, report)
    if any(f.stale for f in results):
        raise typer.Exit(1)
