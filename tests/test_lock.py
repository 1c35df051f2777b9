"""The ledger's lock serves writers in the order they asked, says in the user's language
that it waits, and is not held up by the ticket of a writer that died."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import QUICK_ADD, ROOT, run

# Each process asks for the lock ROUNDS times, holds it HOLD seconds, and logs when it
# asked and when it got it.
TAKE_TURNS = """
import json, sys, time
from pathlib import Path
from ledger.storage.lock import locked
path, go, rounds, hold = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
while not go.exists():
    time.sleep(0.005)
for _ in range(rounds):
    asked = time.monotonic()
    with locked(path):
        got = time.monotonic()
        time.sleep(hold)
    print(json.dumps([asked, got]), flush=True)
"""

WRITERS = 8
ROUNDS = 15


def test_writers_are_served_in_the_order_they_asked(tmp_path: Path) -> None:
    ledger = tmp_path / "demo.yaml"
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", TAKE_TURNS, str(ledger), str(go), str(ROUNDS), "0.01"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(WRITERS)
    ]
    time.sleep(0.5)
    go.touch()
    turns = [
        json.loads(line) for w in writers for line in w.communicate(timeout=120)[0].splitlines()
    ]
    assert [w.returncode for w in writers] == [0] * WRITERS
    assert len(turns) == WRITERS * ROUNDS
    # A writer that asked clearly earlier (200 ms covers the moment between asking and
    # taking a ticket on a busy machine) is never served later.
    overtaken = [(a, b) for a in turns for b in turns if a[0] + 0.2 < b[0] and a[1] > b[1]]
    assert overtaken == []
    waits = sorted(got - asked for asked, got in turns)
    print(f"longest wait {waits[-1]:.2f} s, median {waits[len(waits) // 2]:.3f} s")


HOLD = """
import sys, time
from pathlib import Path
from ledger.storage.lock import locked
with locked(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(ledger: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(ledger), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_the_wait_is_announced_in_chinese(data_dir: Path) -> None:
    run(data_dir, *QUICK_ADD)
    holder = _hold(data_dir / "demo.yaml", 2.5)
    result = subprocess.run(
        [sys.executable, "-m", "ledger", "--data", str(data_dir), "--lang", "zh", *QUICK_ADD],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert f"ledger：正在等待 {data_dir / 'demo.yaml'} 的锁，前面还有 1 个命令……\n" in result.stderr
    assert "waiting" not in result.stderr


def test_a_dead_writers_ticket_holds_no_one_up(data_dir: Path) -> None:
    run(data_dir, *QUICK_ADD)
    holder = _hold(data_dir / "demo.yaml", 600)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    queue = data_dir / ".ledger-cache" / "demo.yaml.queue"
    assert len(list(queue.glob("*.ticket"))) == 1  # left behind by the killed writer
    start = time.monotonic()
    result = run(data_dir, *QUICK_ADD)
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - start < 5
    assert list(queue.glob("*.ticket")) == []
