"""Nothing private leaks; protected files stay untouched; a dead lock holder blocks no one."""

import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import MINIMAL, QUICK_ADD, ROOT, run, write_ledger

SECRET = "举报人张某 13800000000"
WITH_PRIVATE = MINIMAL.replace(
    "    measure: 清理杂物\n",
    f"    measure: 清理杂物\n    private:\n      informant: {SECRET}\n      note: 督导组内部意见\n",
)


def test_private_mappings_stay_out_of_every_output_unless_asked(tmp_path: Path) -> None:
    data = write_ledger(tmp_path / "data", WITH_PRIVATE).parent
    outputs = [
        run(data, "show", "DM-001"),
        run(data, "show", "DM-001", "--json"),
        run(data, "list"),
        run(data, "list", "--json"),
        run(data, "due", "--json"),
        run(data, "summary", "--json"),
        run(data, "log", "DM-001", "--json"),
        run(data, "notice", "--owner", "区房产局", "--date", "2020-06-01"),
    ]
    for result in outputs:
        assert result.exit_code == 0, result.stderr
        assert "13800000000" not in result.stdout
        assert "督导组内部意见" not in result.stdout
    assert SECRET in run(data, "show", "DM-001", "--private").stdout
    assert (
        json.loads(run(data, "show", "DM-001", "--json", "--private").stdout)["private"][
            "informant"
        ]
        == SECRET
    )
    listed = json.loads(run(data, "list", "--json", "--include-private").stdout)
    assert listed[0]["private"] == {"informant": SECRET, "note": "督导组内部意见"}


def test_private_mappings_survive_edits(tmp_path: Path) -> None:
    data = write_ledger(tmp_path / "data", WITH_PRIVATE).parent
    assert run(data, "rectify", "DM-001", "--on", "2020-04-10").exit_code == 0
    assert f"      informant: {SECRET}\n" in (data / "demo.yaml").read_text(encoding="utf-8")


def test_a_read_only_ledger_is_never_written(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    path.chmod(0o444)
    before = path.read_bytes()
    result = run(data_dir, "--lang", "en", *QUICK_ADD)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {path} is read-only; nothing was written (make it writable to edit it)\n"
    )
    assert path.read_bytes() == before


HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _hold(lock_file: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_file), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_lock_left_by_a_killed_process_blocks_no_one(data_dir: Path) -> None:
    run(data_dir, *QUICK_ADD)  # makes the lock folder
    holder = _hold(data_dir / ".ledger-cache" / "demo.yaml.lock", 600)
    holder.kill()
    holder.wait()
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "ledger", "--data", str(data_dir), *QUICK_ADD],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start < 10
    assert "waiting for the lock" not in result.stderr


def test_a_live_lock_makes_the_next_command_wait_and_say_so(data_dir: Path) -> None:
    run(data_dir, *QUICK_ADD)
    holder = _hold(data_dir / ".ledger-cache" / "demo.yaml.lock", 3)
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "ledger", "--data", str(data_dir), *QUICK_ADD],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    waited = time.monotonic() - start
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert "ledger: waiting for the lock on" in result.stderr
    assert waited >= 1.5
    assert "DM-004" in {f["id"] for f in json.loads(run(data_dir, "list", "--json").stdout)}


def test_what_the_reader_accepts_but_the_writer_refuses_is_a_message(tmp_path: Path) -> None:
    """Found by tests/test_fuzz.py: libyaml reads a tab inside a key, ruamel's round trip does not."""
    text = MINIMAL.replace(
        "  - id: DM-002   # a comment on an id\n", "  - id: DM-002\n    s\ttray: x\n"
    )
    data = write_ledger(tmp_path / "data", text).parent
    added = run(data, *QUICK_ADD)
    assert added.exit_code == 0  # appending never touches the odd finding
    before = (data / "demo.yaml").read_bytes()
    rectified = run(data, "--lang", "en", "drop", "DM-002", "--reason", "重复")
    assert rectified.exit_code == 1, rectified.stderr
    assert "cannot be edited safely" in rectified.stderr
    assert (data / "demo.yaml").read_bytes() == before


def test_reports_never_contain_private_mappings(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    text = MINIMAL.replace(
        "    owner: 区房产局\n",
        "    owner: 区房产局\n    private: {informant: 举报人张三, phone: '13900001111'}\n",
        1,
    )
    write_ledger(folder, text)
    for fmt in ("text", "md", "html", "json", "csv"):
        out = run(folder, "report", "--month", "2020-05", "--format", fmt).stdout
        assert "举报人张三" not in out and "13900001111" not in out, fmt
        assert "DM-001" in out or fmt == "csv", fmt  # the finding itself is there (overdue)


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029", "\x1b", "\r"])
def test_a_line_break_yaml_counts_inside_a_value_is_written_escaped(
    data_dir: Path, odd: str
) -> None:
    """NEL, the Unicode line and paragraph separators and control characters in a title:
    written double-quoted and escaped, so that they read back as typed (left raw in single
    quotes, YAML reads a NEL as a line break and the value comes back changed)."""
    title = f"楼道{odd}堆物"
    added = run(data_dir, "add", "--title", title, "--owner", "区房产局", "--measure", "m",
                "--deadline", "+3d")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    edited = run(data_dir, "edit", "DM-001", "--title", f"杂物{odd}")
    assert edited.exit_code == 0, edited.stderr
    shown = {f["id"]: f["title"] for f in json.loads(run(data_dir, "list", "--json").stdout)}
    assert shown["DM-001"] == f"杂物{odd}"
    assert title in shown.values()
    assert run(data_dir, "check").exit_code == 0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=12))
def test_an_id_is_judged_alike_on_the_quick_path(text: str) -> None:
    """Ids as the tool gives them (ASCII, printable, no space) skip the character-by-
    character look; every other id gets it, so the answer is the same either way."""
    from ledger.core.model import id_flaw

    careful = next(
        (f"U+{ord(c):04X}" for c in text if unicodedata.category(c)[0] in "CZ"),
        None if unicodedata.is_normalized("NFC", text) else "NFC",
    )
    assert id_flaw(text) == careful


def test_a_text_that_looks_like_an_emoji_code_is_shown_as_written(tmp_path: Path) -> None:
    """rich reads `:ok:` as an emoji's name unless told not to: a clerk's text must come
    out as typed, in a table and on a card."""
    title = "状态:ok:待复核，:warning:提醒，10:30:00"
    data = tmp_path / "data"
    write_ledger(data, MINIMAL.replace("楼道堆放杂物", title, 1))
    for args in (["show", "DM-001"], ["list"]):
        result = run(data, "--lang", "zh", *args, env={"LEDGER_TODAY": "2020-05-10"})
        assert result.exit_code in (0, 1), result.stderr
        assert title in result.stdout, args
        assert "🆗" not in result.stdout and "⚠" not in result.stdout
