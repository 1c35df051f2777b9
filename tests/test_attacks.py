"""The second hardening round's cases, through the installed `ledger`: each nasty input of
tests/corpus/cases.json gives its message and exit code, never a traceback, never a raw
control character, and writes nothing where it is refused. (tests/corpus/inputs holds the
spreadsheets, made by tests/corpus/make_inputs.py; tests/corpus/ledgers the ledgers.)"""

import json
import os
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.helpers import ROOT, installed, run

CORPUS = ROOT / "tests" / "corpus"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
TODAY = "2020-05-01"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but the tool's cache and locks."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ledger-cache" not in p.parts
    }


def expect_output(done: Any, step: dict[str, Any]) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == step.get("exit", 0), output
    assert "Traceback" not in output
    for wanted in step.get("says", []):
        assert wanted in output, (wanted, output)
    for unwanted in step.get("never", []):
        assert unwanted not in output, (unwanted, output)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in case["ledgers"]:
        shutil.copy(CORPUS / "ledgers" / name, data / name)
    before = snapshot(data)
    places = {"inputs": CORPUS / "inputs", "tmp": tmp_path, "data": data}
    args = [arg.format(**places) for arg in case["args"]]
    env = {"LEDGER_LANG": case.get("lang", "en"), "LEDGER_BY": "秘书处"}
    done = installed(data, *args, today=TODAY, cwd=tmp_path, env=env)
    expect_output(done, case)
    if case.get("writes_nothing"):
        assert snapshot(data) == before
        assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*"))
    for name, wanted in case.get("files", {}).items():
        expect_file(tmp_path / name, wanted)
    for step in case.get("then", []):
        expect_output(installed(data, *step["args"], today=TODAY, cwd=tmp_path, env=env), step)


def expect_file(path: Path, wanted: dict[str, Any]) -> None:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as docx:
            xml = docx.read("word/document.xml").decode("utf-8")
        assert not any(ord(char) < 0x20 and char not in "\t\n\r" for char in xml)
        for text in wanted.get("docx_says", []):
            assert text in xml
        return
    book = load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    if wanted.get("xlsx_no_formulas"):
        assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = [str(c.value) for c in cells if c.value is not None]
    for text in wanted.get("xlsx_says", []):
        assert any(text in value for value in values), (text, values)
    assert not any(ord(char) < 0x20 and char not in "\n" for value in values for char in value)


def test_every_case_names_its_point() -> None:
    points = {point.strip() for case in CASES for point in case["point"].split(",")}
    assert points >= {"1", "2", "3", "5", "6", "7", "9", "10", "12", "17", "tracebacks"}


# --- files on disk (points 11 to 15) ---------------------------------------------

DEMO = (CORPUS / "ledgers" / "demo.yaml").read_text(encoding="utf-8")
RECTIFY = ("rectify", "DM-001", "--on", "2020-04-20")


def demo_ledger(tmp_path: Path, text: str = DEMO) -> Path:
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    path = data / "demo.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def rectify(path: Path, lang: str = "en") -> Any:
    return installed(path.parent, *RECTIFY, today=TODAY, env={"LEDGER_LANG": lang})


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_write_by_root_keeps_the_owner_group_and_mode(tmp_path: Path) -> None:
    path = demo_ledger(tmp_path)
    os.chown(path, 65534, 65534)
    path.chmod(0o640)
    assert rectify(path).returncode == 0
    status = path.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o7777) == (65534, 65534, 0o640)
    assert "status: fixed" in path.read_text(encoding="utf-8")


def test_an_owner_that_cannot_be_kept_is_a_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in-process: giving the file back fails as it does for a user who is not root."""
    path = demo_ledger(tmp_path)
    before = path.read_bytes()

    def not_allowed(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", not_allowed)
    if os.geteuid() == 0:
        real_stat = Path.stat

        def elsewhere(self: Path, **kwargs: Any) -> os.stat_result:
            status = real_stat(self, **kwargs)
            if self == path:
                fields = list(status)
                fields[4] = 65534  # st_uid
                return os.stat_result(fields)
            return status

        monkeypatch.setattr(Path, "stat", elsewhere)
    result = run(path.parent, "--lang", "zh", *RECTIFY)
    assert result.exit_code == 1
    assert "改写会使其归属于您，因此未写入任何内容" in result.stderr
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_hard_linked_ledger_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = demo_ledger(tmp_path)
    other = tmp_path / "备份.yaml"
    os.link(path, other)
    before = path.read_bytes()
    done = rectify(path)
    assert done.returncode == 1
    assert f"{path} has 2 names (hard links); replacing it would split them" in done.stderr
    assert path.read_bytes() == other.read_bytes() == before
    assert os.path.samefile(path, other)


def test_a_symlinked_ledger_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = demo_ledger(tmp_path / "elsewhere")
    data = tmp_path / "data"
    data.mkdir()
    link = data / "demo.yaml"
    link.symlink_to(target)
    done = installed(data, *RECTIFY, today=TODAY)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert "status: fixed" in target.read_text(encoding="utf-8")


def _endings(raw: bytes) -> list[bytes]:
    return [line[len(line.rstrip(b"\r\n")) :] for line in raw.splitlines(keepends=True)]


def test_line_endings_are_kept_line_by_line(tmp_path: Path) -> None:
    lines = DEMO.split("\n")
    mixed = "".join(line + ("\r\n" if n % 2 else "\n") for n, line in enumerate(lines[:-1]))
    path = demo_ledger(tmp_path, mixed)
    before = path.read_bytes().splitlines(keepends=True)
    assert rectify(path).returncode == 0
    after = path.read_bytes().splitlines(keepends=True)
    kept = [line for line in after if line in before]
    assert len(kept) == len(before) - 1  # only `status: open` changed
    replaced = next(line for line in before if line.startswith(b"    status: open"))
    changed = [line for line in after if line not in before]
    assert changed[0] == b"    status: fixed" + _endings(replaced)[0]  # as the line replaced
    assert set(_endings(b"".join(after))) == {b"\n", b"\r\n"}


def test_a_file_of_cr_line_endings_stays_so(tmp_path: Path) -> None:
    path = demo_ledger(tmp_path, DEMO.replace("\n", "\r"))
    assert rectify(path).returncode == 0
    raw = path.read_bytes()
    assert b"\n" not in raw and b"status: fixed\r" in raw
    assert installed(path.parent, "check", today=TODAY).returncode == 0


def test_a_pipe_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    data = demo_ledger(tmp_path).parent
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero")):
        done = installed(data, "--lang", "zh", "check", str(target), today=TODAY)
        assert done.returncode == 1
        assert f"{target}: 无法读取文件：不是普通文件（而是管道、设备或套接字）" in done.stdout


def test_evidence_outside_the_repository_is_reported_not_looked_up(tmp_path: Path) -> None:
    text = DEMO.replace(
        "      - {date: 2020-04-01, event: found}",
        "      - {date: 2020-04-01, event: found, evidence: [/etc/passwd, ../../no-such-file]}",
    )
    path = demo_ledger(tmp_path, text)
    done = installed(path.parent, "check", today=TODAY)
    assert done.returncode == 1
    outside = "evidence {} lies outside the ledgers' repository"
    assert outside.format("/etc/passwd") in done.stdout
    assert outside.format("../../no-such-file") in done.stdout
    assert "missing" not in done.stdout  # the same answer whether the file exists or not


def test_temporary_files_are_marked_and_cleaned_and_a_users_own_is_kept(tmp_path: Path) -> None:
    path = demo_ledger(tmp_path)
    data = path.parent
    left = data / ".demo.yaml.ledger-k1ll3d.tmp"  # a killed write's
    mine = data / ".demo.yaml.mine.tmp"  # the user's own
    left.write_text("half", encoding="utf-8")
    mine.write_text("keep me", encoding="utf-8")
    assert rectify(path).returncode == 0
    assert not left.exists() and mine.read_text(encoding="utf-8") == "keep me"

    reports = tmp_path / "reports"
    reports.mkdir()
    stale = reports / ".2020-04.md.ledger-old.tmp"
    fresh = reports / ".2020-04.md.ledger-now.tmp"  # perhaps a write running right now
    for leftover in (stale, fresh):
        leftover.write_text("half", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    out = reports / "2020-04.md"
    done = installed(data, "report", "--month", "2020-04", "--format", "md", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.exists() and not stale.exists() and fresh.exists()
