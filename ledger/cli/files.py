"""Commands on files as a whole: spreadsheets in and out, the schema, the layout, git."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ledger.cli.base import (
    AllCampaigns,
    AmendPublished,
    By,
    Campaign,
    IncludePrivate,
    amendment,
    app,
    campaign_of,
    one_ledger,
    read_ledgers,
    say,
    settings,
    who,
)
from ledger.cli.reading import Output, write_or_print
from ledger.core.errors import UsageError
from ledger.core.i18n import text


@app.command("import")
def import_(
    ctx: typer.Context,
    sheet_file: Annotated[
        Path, typer.Argument(metavar="FILE", help="An .xlsx, .xls, .ods or .csv file.")
    ],
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
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Refuse warnings too (a major hazard without funds or plan …)."
        ),
    ] = False,
    by: By = None,
    amend_published: AmendPublished = None,
) -> None:
    """Import findings from an existing ledger spreadsheet (整改台账), all or nothing.

    Headers are recognised in Chinese and English (序号, 问题描述, 所在街道/地点, 责任单位,
    责任人, 整改措施, 整改时限, 整改情况, 完成时间, 发现时间, 问题类别, 隐患等级, 备注 …), with a
    suffix such as （牵头） or over two rows; other columns are kept on each finding under
    their own header. Merged cells count for every row they cover; dates may be Excel serial
    numbers or carry a time. CSV may be UTF-8 or GB18030/GBK. Title rows, blank rows and a
    totals row are skipped (the preview holds the totals row against what it read); findings
    already in the ledger (same title, location and owner) are reported and skipped. A row
    that breaks a rule the sheet could not know (a major hazard without funds or plan) is
    imported with a warning, and `check` names it until it is put right.

    \b
    Example: ledger import 整改台账.xlsx -c qinhuai-2020-safety --dry-run
    """
    from ledger.commands.sheet_import import import_sheet
    from ledger.output.terminal import print_import, progress_callback

    s = settings(ctx)
    path = one_ledger(s, campaign)
    recorder = who(by, path)
    with progress_callback(text("importing", s.lang)) as progress:
        plan = import_sheet(
            path,
            sheet_file,
            s.today,
            sheet=sheet,
            maps=map_ or [],
            dry_run=dry_run,
            strict=strict,
            progress=progress,
            by=recorder,
            amend=amendment(s, amend_published, recorder),
        )
    if not print_import(plan, sheet_file.name, path.stem, dry_run, s.lang):
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: AllCampaigns = False,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="xlsx, csv, json or md.")
    ] = "xlsx",
    output: Output = None,
    status: Annotated[
        str | None,
        typer.Option(
            metavar="STATUS",
            help="open, fixed, verified, dropped, overdue or all, or the Chinese word (已整改 …).",
        ),
    ] = None,
    owner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Owner, or part of its name.")
    ] = None,
    as_of: Annotated[
        str, typer.Option(metavar="DATE", help="As things stood at the end of this day.")
    ] = "today",
    include_private: IncludePrivate = False,
    include_dropped: Annotated[
        bool, typer.Option("--include-dropped", help="Dropped findings too, marked as such.")
    ] = False,
) -> None:
    """Export findings the way they are reported upward (报送): an xlsx with a title row,
    the usual Chinese headers, date cells, overdue rows shaded, a filter on the header, A4
    landscape printing and a summary sheet; or CSV (UTF-8 with BOM), JSON or Markdown.
    Each finding's history goes with it (处理记录: extensions, reopenings, listed
    supervision, verification), so that an import gives back the same figures on every
    day. Cells that would be formulas stay text. -o - writes to standard output.

    \b
    Example: ledger export -c qinhuai-2020-safety --as-of 2020-09-30 -o 整改台账.xlsx
    """
    from ledger.views.export import export as export_file

    s = settings(ctx)
    if fmt == "xlsx" and output is None:
        raise UsageError("export_needs_output")
    day = s.day(as_of, "--as-of")
    lang = s.lang if s.lang_chosen else "zh"
    content = export_file(
        read_ledgers(s, campaign, all_campaigns),
        fmt,
        day,
        lang,
        status=status,
        owner=owner,
        include_private=include_private,
        include_dropped=include_dropped,
    )
    write_or_print(s, content, output)


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of a ledger file, for editors that validate and complete YAML
    as it is typed (the YAML language server: `# yaml-language-server: $schema=…`).

    \b
    Example: ledger schema > ledger.schema.json
    """
    from ledger.storage.schema import ledger_json_schema

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
    from ledger.commands.fmt import format_file
    from ledger.storage.store import ledger_paths

    s = settings(ctx)
    paths = files or ledger_paths(s.data_dir)
    changed = [path for path in paths if format_file(path, check_only)]
    for path in changed:
        line = text("fmt_would_change" if check_only else "fmt_changed", s.lang, path=path)
        if check_only:
            print(line)  # what --check reports, quiet or not
        else:
            say(s, line)
    verb = text("fmt_verb_would" if check_only else "fmt_verb_did", s.lang)
    say(s, text("fmt_summary", s.lang, changed=len(changed), files=len(paths), verb=verb), err=True)
    if check_only and changed:
        raise typer.Exit(1)


@app.command()
def upgrade(
    ctx: typer.Context,
    campaign: Campaign = None,
    all_campaigns: Annotated[
        bool, typer.Option("--all", help="Every ledger in the data folder.")
    ] = False,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; list ledgers that would change, exit 1 if any."
        ),
    ] = False,
) -> None:
    """Move ledgers to format 2, which every YAML reader reads alike (the day of an event is
    `date:`, not `on:`, which YAML 1.1 readers take for true). Only the lines that must change
    do; comments, other keys, quotes and line endings stay. Format 1 is still read, and
    written as format 1, until a ledger is upgraded.

    \b
    Example: ledger upgrade --all --check
    """
    from ledger.commands.upgrade import upgrade_file
    from ledger.storage.store import choose_paths, single_path

    s = settings(ctx)
    chosen = campaign_of(s, campaign, all_campaigns)
    paths = choose_paths(s.data_dir, None) if all_campaigns else [single_path(s.data_dir, chosen)]
    changed = [path for path in paths if upgrade_file(path, check_only)]
    for path in changed:
        line = text("upgrade_would" if check_only else "upgrade_done", s.lang, path=path)
        if check_only:
            print(line)  # what --check reports, quiet or not
        else:
            say(s, line)
    verb = text("upgrade_verb_would" if check_only else "upgrade_verb_did", s.lang)
    say(
        s,
        text("upgrade_summary", s.lang, changed=len(changed), files=len(paths), verb=verb),
        err=True,
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
            help="Also install pre-commit and pre-merge-commit hooks that check staged ledgers.",
        ),
    ] = False,
    check_only: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; say what is not set up or no longer runs."),
    ] = False,
) -> None:
    """Set up the repository holding the data folder: the .gitattributes line and git config
    for the merge driver, and with --hooks hooks that check every commit and merge commit.
    Safe to run again. --check says whether the driver still runs.

    \b
    Example: ledger git-setup --hooks
    """
    from ledger.commands.gitsetup import setup, setup_problems

    s = settings(ctx)
    if check_only:
        problems = setup_problems(s.data_dir)
        for key, params in problems:
            print(text(key, s.lang, **params))
        if problems:
            raise typer.Exit(1)
        say(s, text("setup_ok", s.lang))
        return
    for key, params in setup(s.data_dir, global_config=global_config, hooks=hooks):
        say(s, text(key, s.lang, **params))


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
    from ledger.storage.merge import merge_file as merge_three

    s = settings(ctx)
    outcome = merge_three(base, ours, theirs, path or str(ours))
    for key, params in outcome.messages:
        say(s, text(key, s.lang, **params), err=True)
    if not outcome.clean:
        raise typer.Exit(1)


@app.command()
def use(
    ctx: typer.Context,
    campaign: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="The campaign, or the start of its id."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Have no default campaign.")] = False,
) -> None:
    """Choose the campaign that commands work on when -c is not given, for this data folder
    (kept in its .ledger-use file; LEDGER_CAMPAIGN overrides it). Without ID, say which it is.

    \b
    Example: ledger use qinhuai-2021
    """
    from ledger.storage.store import read_default, write_default

    s = settings(ctx)
    if campaign is not None and clear:
        raise UsageError("use_or_clear")
    if campaign is None and not clear:
        chosen = s.default_campaign
        print(text("use_shown", s.lang, campaign=chosen) if chosen else text("use_none", s.lang))
        return
    chosen = write_default(s.data_dir, campaign)
    say(s, text("use_set", s.lang, campaign=chosen) if chosen else text("use_cleared", s.lang))
    if read_default(s.data_dir) != s.default_campaign and os.environ.get("LEDGER_CAMPAIGN"):
        say(s, text("use_env_wins", s.lang, campaign=os.environ["LEDGER_CAMPAIGN"]), err=True)
