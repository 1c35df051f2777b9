"""Faults never lose a finding: writers killed at any moment leave the old file or the new one."""

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.ledgers import ledger_text
from ledger.storage.parser import parse
from ledger.storage.source import read_source
from tests.helpers import ROOT, run

SIZE = 10_000


@pytest.mark.slow
def test_killed_writers_leave_the_old_file_or_the_new(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "bench.yaml"
    path.write_text(ledger_text(SIZE), encoding="utf-8")
    assert run(data, "check").exit_code == 0  # warm, as a ledger in use is
    rng = random.Random(8)
    seen = {path.read_bytes()}
    for attempt in range(12):
        before = path.read_bytes()
        if attempt % 2:
            args = [
                "add",
                "--title",
                f"崩溃测试{attempt}",
                "--owner",
                "区房产局",
                "--measure",
                "m",
                "--deadline",
                "+9d",
            ]
        else:
            open_ids = [f["id"] for f in _open(path)]
            args = ["rectify", rng.choice(open_ids)]
        writer = subprocess.Popen(
            [sys.executable, "-m", "ledger", "--data", str(data), *args], cwd=ROOT
        )
        time.sleep(rng.uniform(0.2, 1.6))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        after = path.read_bytes()
        assert after == before or after not in seen, attempt
        findings = parse(read_source(path)).data["findings"]
        assert len(findings) >= SIZE
        seen.add(after)
    (data / ".bench.yaml.ledger-killedwriter.tmp").write_bytes(b"half a ledger")  # a kill's
    leftovers = list(data.glob(".bench.yaml.*.tmp"))
    result = run(
        data,
        "add",
        "--title",
        "最后一个",
        "--owner",
        "区房产局",
        "--measure",
        "m",
        "--deadline",
        "+9d",
    )
    assert result.exit_code == 0, result.stderr
    assert not list(data.glob(".bench.yaml.*.tmp")), leftovers  # a later write cleared them away
    assert run(data, "check").exit_code == 0


def _open(path: Path) -> list[dict[str, object]]:
    findings = parse(read_source(path)).data["findings"]
    return [f for f in findings if f.get("status") == "open"][-50:]
