"""The `ledger` command line: options -> one library call -> one renderer; errors become
messages and exit codes in one place (ledger.cli.base).

A run imports only the module of the command it names (COMMANDS), so that a warm
`ledger summary` does not pay for building the options of forty other commands;
`--help`, shell completion and an unknown command import them all, in the order
`--help` lists them (MODULES). `from ledger.cli import app` gives the application with
every command registered.
"""

import importlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    from ledger.cli.base import app as app

# The modules that register commands, in the order --help lists them.
MODULES = ("findings", "reading", "records", "files", "papers", "city")
# Which module registers each command (and command group).
COMMANDS = {
    **dict.fromkeys(
        ("init", "add", "rectify", "verify", "reopen", "drop", "extend", "escalate", "edit"),
        "findings",
    ),
    **dict.fromkeys(
        ("log", "list", "due", "notice", "report", "show", "summary", "check"), "reading"
    ),
    **dict.fromkeys(("publish", "activity", "item", "suggest"), "records"),
    **dict.fromkeys(
        ("import", "export", "schema", "fmt", "upgrade", "git-setup", "merge-file", "use"),
        "files",
    ),
    **dict.fromkeys(("doc", "deliverable", "score", "assess"), "papers"),
    **dict.fromkeys(("sources", "sync"), "city"),
}


def registered(command: str | None = None) -> "typer.Typer":
    """The application, with the command's module imported, or every module where the
    command is None or unknown."""
    module = COMMANDS.get(command or "")
    for name in (module,) if module else MODULES:
        importlib.import_module(f"{__name__}.{name}")
    from ledger.cli.base import app as app

    return app


def main() -> None:
    """Console-script entry point."""
    from ledger.cli.base import command_of, run

    completing = any(name.startswith("_LEDGER_COMPLETE") for name in os.environ)
    registered(None if completing else command_of(sys.argv[1:]))
    run()


def __getattr__(name: str) -> object:
    if name == "app":
        return registered()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
