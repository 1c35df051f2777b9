"""The floors of the package hold: the import contract in pyproject.toml passes, and it
fails on a planted upward import or circle, even one inside a function."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

LINT = Path(sys.executable).parent / "lint-imports"


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    if not LINT.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo"],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package and its contract, to plant imports in."""
    shutil.copytree(ROOT / "ledger", tmp_path / "ledger", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def plant(tree: Path, module: str, line: str) -> None:
    path = tree / "ledger" / module
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def test_the_package_keeps_its_floors(tree: Path) -> None:
    done = lint(tree)
    assert done.returncode == 0, done.stdout
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_an_upward_import_inside_a_function_breaks_the_contract(tree: Path) -> None:
    plant(tree, "core/dates.py", "\n\ndef _upward() -> None:\n    from ledger.cli import app\n")
    done = lint(tree)
    assert done.returncode == 1
    assert "ledger.core.dates -> ledger.cli" in done.stdout


def test_an_import_between_commands_and_views_breaks_the_contract(tree: Path) -> None:
    plant(tree, "views/summary.py", "\nfrom ledger.commands import loop\n")
    done = lint(tree)
    assert done.returncode == 1
    assert "ledger.views.summary -> ledger.commands.loop" in done.stdout


def test_a_type_checking_import_upward_breaks_the_contract(tree: Path) -> None:
    plant(
        tree,
        "storage/source.py",
        "\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ledger.output import tables\n",
    )
    done = lint(tree)
    assert done.returncode == 1
    assert "ledger.storage.source -> ledger.output.tables" in done.stdout


def test_a_circle_within_a_floor_breaks_the_contract(tree: Path) -> None:
    plant(
        tree,
        "storage/source.py",
        "\n\ndef _circle() -> None:\n    from ledger.storage import store\n",
    )
    done = lint(tree)
    assert done.returncode == 1
    assert "No circle of imports among the modules of a floor BROKEN" in done.stdout


REGISTERED = """
import importlib, json, sys
from ledger.cli import base
importlib.import_module("ledger.cli." + sys.argv[1])
names = [c.name or c.callback.__name__.replace("_", "-") for c in base.app.registered_commands]
print(json.dumps(names + [group.name for group in base.app.registered_groups]))
"""

IMPORTED = """
import json, sys
from ledger.cli import main
sys.argv = ["ledger", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("ledger.cli."))), file=sys.stderr)
"""


def test_each_command_is_where_the_table_says() -> None:
    """A run imports only the module of its command (ledger.cli.COMMANDS): each module,
    imported alone in a fresh process, registers the commands the table gives it (and
    those of the modules it imports), and the table names every command there is."""
    from ledger.cli import COMMANDS, MODULES

    every: set[str] = set()
    for module in MODULES:
        out = subprocess.run(
            [sys.executable, "-c", REGISTERED, module], capture_output=True, text=True, check=True
        ).stdout
        registered = set(json.loads(out))
        assert {c for c, m in COMMANDS.items() if m == module} <= registered
        every |= registered
    assert every == set(COMMANDS)
    assert set(COMMANDS.values()) == set(MODULES)


@pytest.mark.parametrize(
    ("args", "modules"),
    [
        (["summary", "--help"], ["reading"]),
        (["--lang", "zh", "add", "--help"], ["findings"]),
        (["--data", "x", "sources", "--help"], ["city"]),
        (["export", "--help"], ["files", "reading"]),
        (["--help"], ["city", "files", "findings", "papers", "reading", "records"]),
        (["summry"], ["city", "files", "findings", "papers", "reading", "records"]),
    ],
)
def test_a_run_imports_only_its_commands_module(args: list[str], modules: list[str]) -> None:
    """--help, an unknown command (and shell completion) import every command's module."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORTED, *args], capture_output=True, text=True, check=True
    )
    imported = {
        name.removeprefix("ledger.cli.") for name in json.loads(result.stderr.splitlines()[-1])
    }
    assert imported - {"base", "help_zh", "speech"} == set(modules)
