"""Test settings for every run: a fresh parse cache, git without the developer's
configuration, nobody named on events; the slow tests only with --slow."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import MINIMAL, write_ledger


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow", action="store_true", help="also run the tests marked slow (the full run)"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long tests, run with --slow (the full run)")
    # The parse cache of a test run goes to a fresh folder, never to the user's own; git
    # sees no global or system configuration; events name no one unless a test says who.
    os.environ["LEDGER_CACHE_DIR"] = tempfile.mkdtemp(prefix="ledger-test-cache-")
    os.environ["GIT_CONFIG_GLOBAL"] = os.devnull
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    os.environ["LEDGER_BY"] = ""
    # CI draws the same examples every run (HYPOTHESIS_PROFILE=ci), so that a landing never
    # rests on luck; any other run draws new ones and looks further.
    settings.register_profile("ci", derandomize=True, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("LEDGER_CACHE_DIR", ""), ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding the MINIMAL demo ledger."""
    folder = tmp_path / "data"
    write_ledger(folder, MINIMAL)
    return folder
