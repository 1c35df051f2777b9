"""Real processes: the console script, concurrent writers, the prompt at a terminal."""

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import ROOT, SAMPLE_DATA, run, run_process


def test_console_script_and_python_m() -> None:
    script = Path(sys.executable).parent / "ledger"
    assert script.exists(), (
        "install the project (pip install -e '.[test]') before running the tests"
    )
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout == "ledger 0.1.0\n"
    result = run_process(
        SAMPLE_DATA, "--lang", "en", "summary", "-c", "qinhuai-2020-safety", "--as-of", "2020-09-30"
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "154 found, 148 fixed (96.1%), 6 open, 2 overdue"


def test_piped_output_has_no_colour_and_no_escapes() -> None:
    result = run_process(SAMPLE_DATA, "--lang", "zh", "list", "-c", "qinhuai-2021-lookback")
    assert "\x1b[" not in result.stdout
    assert "\\u" not in result.stdout
    assert "区房产局" in result.stdout or "区小餐饮整治办" in result.stdout


def test_eight_concurrent_adds_get_eight_ids(data_dir: Path) -> None:
    args = ["add", "--owner", "区房产局", "--measure", "清理", "--deadline", "+30d", "--json"]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ledger",
                "--data",
                str(data_dir),
                *args,
                "--title",
                f"并发问题{n}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for n in range(8)
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 8, [err for _, err in outputs]
    ids = sorted(json.loads(out)["id"] for out, _ in outputs)
    assert ids == [f"DM-{n:03d}" for n in range(3, 11)]
    listed = json.loads(run(data_dir, "list", "--json").stdout)
    assert sorted(r["title"] for r in listed if r["title"].startswith("并发")) == [
        f"并发问题{n}" for n in range(8)
    ]
    assert run(data_dir, "check").exit_code == 0


def _read_until(fd: int, marker: str, timeout: float = 30) -> str:
    seen = b""
    end = time.monotonic() + timeout
    while marker.encode() not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen.decode("utf-8", "replace")


def test_missing_values_are_prompted_at_a_terminal(data_dir: Path) -> None:
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ledger",
            "--data",
            str(data_dir),
            "--lang",
            "en",
            "add",
            "--title",
            "楼道堆物",
        ],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        cwd=ROOT,
    )
    os.close(secondary)
    for prompt, answer in (("Owner", "区房产局"), ("Measure", "清理"), ("Deadline", "2030-01-01")):
        assert prompt in _read_until(primary, prompt)
        os.write(primary, f"{answer}\n".encode())
    tail = _read_until(primary, "Added")
    assert proc.wait(timeout=30) == 0
    assert "Added DM-003: 楼道堆物" in tail
    os.close(primary)
    shown = json.loads(run(data_dir, "show", "DM-003", "--json").stdout)
    assert (shown["owner"], shown["measure"], shown["deadline"]) == (
        "区房产局",
        "清理",
        "2030-01-01",
    )
