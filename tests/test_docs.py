"""Docs that cannot go stale: the README's reference, its quick start, and help on every command."""

import re

from scripts.update_readme import (
    CHINESE,
    COMMANDS,
    README,
    chinese_reference,
    help_text,
    updated_readme,
)
from tests.helpers import ROOT


def test_readme_command_reference_matches_help() -> None:
    text = README.read_text(encoding="utf-8")
    assert text == updated_readme(text), "run: python scripts/update_readme.py"


def test_the_chinese_command_reference_matches_the_chinese_help() -> None:
    assert CHINESE.read_text(encoding="utf-8") == chinese_reference(), (
        "run: python scripts/update_readme.py"
    )
    assert "docs/commands.zh.md" in README.read_text(encoding="utf-8")


def test_every_command_has_help_with_an_example_in_both_languages() -> None:
    assert len(COMMANDS) >= 36
    for name in COMMANDS:
        assert "Example: ledger " in help_text(*name.split()), name
        assert "示例：ledger " in help_text(*name.split(), lang="zh"), name


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## Quick start\n.*?```sh\n(.*?)```", text, re.S)
    assert block is not None
    commands = [line for line in block[1].splitlines() if line.strip()]
    assert len(commands) == 2
    assert "ledger summary" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_architecture_map_names_every_module() -> None:
    """docs/architecture.md has a line for every module of the package, and the README links it."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "ledger"
    modules = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if path.name != "__init__.py" or path.parent == package
    )
    named = [module for module in modules if f"`{module}`" in text or f"`ledger/{module}`" in text]
    assert modules == named
    assert "docs/architecture.md" in README.read_text(encoding="utf-8")
