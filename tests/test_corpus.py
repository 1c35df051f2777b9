"""The nastiest inputs, kept as files (tests/corpus): each gives `check` a message naming
the file and line, every read command a clear error and exit 1, never a traceback, and a
write leaves the file as it was. tests/corpus/expected.json holds the line and message."""

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT, run

CORPUS = ROOT / "tests" / "corpus"
EXPECTED: dict[str, list[object]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)


def test_every_corpus_file_has_its_expectation() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name: str, tmp_path: Path) -> None:
    line, message = EXPECTED[name]
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / name
    shutil.copy(CORPUS / name, path)
    before = path.read_bytes()
    checked = run(folder, "--lang", "en", "check")
    if line is None:
        assert checked.exit_code == 0, checked.stdout
        return
    assert checked.exit_code == 1
    assert f"{path}:{line}: " in checked.stdout and str(message) in checked.stdout, checked.stdout
    if name == "published-drifted.yaml":
        return  # a readable ledger that only check objects to
    for command in (
        ("summary",),
        ("list",),
        ("show", "DM-001"),
        ("report", "--month", "2020-04"),
        ("activity", "list"),
    ):
        result = run(folder, "--lang", "en", *command)  # run() re-raises anything but an exit
        if name == "duplicate-ids.yaml":
            continue  # readable; check and every write object to it
        assert result.exit_code == 1, (command, result.stdout)
        assert str(path) in result.stderr, command
    assert run(folder, "rectify", "DM-001", "--on", "2020-04-10").exit_code in (1, 2)
    assert path.read_bytes() == before
