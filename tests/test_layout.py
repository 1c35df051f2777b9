"""The floors of the package hold: the import contract in pyproject.toml passes, and it
fails on a planted upward import or circle, even one inside a function."""

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
