"""The core guarantees at 10,000 findings: one-finding diffs, comments kept, concurrent adds."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.ledgers import ledger_text
from tests.helpers import ROOT, run
from tests.test_storage import changed_lines, git

SIZE = 10_000


@pytest.fixture(scope="module")
def big_text() -> str:
    return ledger_text(SIZE)


def open_id(text: str, near: int) -> str:
    """An open finding's id at or after finding number `near`."""
    lines = text.splitlines()
    start = lines.index(f"  - id: BK-{near:03d}")
    for number, line in enumerate(lines[start:], start):
        if line == "    status: open":
            return next(lines[n] for n in range(number, 0, -1) if lines[n].startswith("  - id: "))[
                8:
            ]
    raise AssertionError("no open finding")


def test_edits_touch_only_their_lines_at_10000(tmp_path: Path, big_text: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "bench.yaml").write_text(big_text, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    target = open_id(big_text, SIZE // 2)
    assert run(data, "rectify", target, "--on", "2022-01-01").exit_code == 0
    added = run(
        data,
        "add",
        "--title",
        "新问题",
        "--owner",
        "区房产局",
        "--measure",
        "清理",
        "--deadline",
        "+7d",
    )
    assert added.stdout.startswith(f"Added BK-{SIZE + 1}: 新问题")
    removed, new_lines = changed_lines(tmp_path)
    assert removed == ["    status: open"]
    assert new_lines[:3] == [
        "    status: fixed",
        "    fixed_on: 2022-01-01",
        "      - {date: 2022-01-01, event: fixed}",
    ]
    assert new_lines[3] == f"  - id: BK-{SIZE + 1}"
    assert len(new_lines) == 3 + 10
    text = (data / "bench.yaml").read_text(encoding="utf-8")
    assert text.count("# 挂牌督办") == big_text.count("# 挂牌督办") > 0
    assert text.count("  # —— 第") == big_text.count("  # —— 第") > 0


@pytest.mark.slow
def test_eight_concurrent_adds_at_10000(tmp_path: Path, big_text: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "bench.yaml").write_text(big_text, encoding="utf-8")
    assert run(data, "check").exit_code == 0  # the cache is warm, as after any first read
    args = ["add", "--owner", "区房产局", "--measure", "清理", "--deadline", "+30d", "--json"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ledger", "--data", str(data), *args, "--title", f"并发{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for n in range(8)
    ]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 8, [err for _, err in outputs]
    ids = sorted(json.loads(out)["id"] for out, _ in outputs)
    assert ids == [f"BK-{n}" for n in range(SIZE + 1, SIZE + 9)]
    assert run(data, "check").exit_code == 0
    assert (
        len(
            json.loads(
                run(data, "list", "--status", "open", "--owner", "区房产局", "--json").stdout
            )
        )
        >= 8
    )
