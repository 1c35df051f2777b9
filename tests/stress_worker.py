"""One worker of the stress test (tests/test_stress.py), a process of its own:

    python tests/stress_worker.py DATA NUMBER GO_FILE LOG SECONDS

It imports everything, says it is ready (its log file appears), waits for GO_FILE, then
runs the real commands in a loop: add, rectify and edit on the findings it added itself,
and summary. Its first four commands are one of each, so that every kind runs however
slow the machine; then it picks at random until SECONDS have passed. It logs every
command that succeeded, and every failure.
"""

import json
import random
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.cli import app


def main() -> None:
    data, number, go, log, seconds = sys.argv[1:6]
    worker = int(number)
    rng = random.Random(worker)
    runner = CliRunner()
    env = {"LANG": "C.UTF-8", "LEDGER_LANG": None, "COLUMNS": None}
    mine: list[str] = []  # my findings, and which are still open
    still_open: list[str] = []
    with open(log, "w", encoding="utf-8") as out:
        out.flush()
        while not Path(go).exists():
            time.sleep(0.05)
        end = time.monotonic() + float(seconds)
        count = 0
        first = [0.0, 0.5, 0.7, 0.9]  # add, rectify, edit, summary
        while time.monotonic() < end or first:
            count += 1
            choice = first.pop(0) if first else rng.random()
            if choice < 0.4 or not mine:
                title = f"压力测试 w{worker} #{count}"
                args = [
                    "add",
                    "--title",
                    title,
                    "--owner",
                    "区房产局",
                    "--measure",
                    "m",
                    "--deadline",
                    "+30d",
                    "--json",
                ]
                record = {"op": "add", "title": title}
            elif choice < 0.6 and still_open:
                finding = still_open.pop(rng.randrange(len(still_open)))
                args = ["rectify", finding, "--note", f"w{worker}"]
                record = {"op": "rectify", "id": finding}
            elif choice < 0.8:
                finding = rng.choice(mine)
                measure = f"措施 w{worker} #{count}"
                args = ["edit", finding, "--measure", measure]
                record = {"op": "edit", "id": finding, "measure": measure}
            else:
                args = ["summary", "--json"]
                record = {"op": "summary"}
            result = runner.invoke(app, ["--data", data, *args], env=env)
            if result.exit_code != 0:
                record = {
                    "op": "failed",
                    "args": args,
                    "stderr": result.stderr,
                    "code": result.exit_code,
                }
            elif record["op"] == "add":
                record["id"] = json.loads(result.stdout)["id"]
                mine.append(record["id"])
                still_open.append(record["id"])
            elif record["op"] == "summary":
                record["found"] = json.loads(result.stdout)["total"]["found"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()


if __name__ == "__main__":
    main()
