"""The peers a clerk compares us with, timed on the same findings beside our own commands:
Taskwarrior (C++: `task count`, `task overdue`) and hledger (Haskell: a balance report).

Each peer gets the benchmark's ledger turned into its own format (one task, or one
transaction, per finding: found on, deadline, owner, fixed or not), in a folder of its
own. Where a peer is not installed (Debian: taskwarrior, hledger), the benchmark says so
and goes on.

Run as `python -m bench.peers FOLDER LEDGER…`, so that the benchmark itself stays small
(a child's peak memory counts what it inherits): it writes the peers' data under FOLDER
and prints what it made as JSON.
"""

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

TASKRC = "data.location={data}\nconfirmation=off\nverbose=nothing\ncolor=off\nhooks=off\ngc=off\n"


def findings_of(ledger: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    """The ledger's findings as `ledger export --format json` gives them."""
    out = subprocess.run(
        [*ledger, "export", "--format", "json", "-o", "-"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    findings: list[dict[str, Any]] = json.loads(out.stdout)
    return findings


def _stamp(day: str) -> str:
    return date.fromisoformat(day).strftime("%Y%m%dT000000Z")


def taskwarrior(folder: Path, findings: list[dict[str, Any]]) -> dict[str, str] | None:
    """A Taskwarrior database of the findings; the environment to run `task` in; None
    where Taskwarrior is not installed."""
    if shutil.which("task") is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    rc = folder / "taskrc"
    rc.write_text(TASKRC.format(data=folder / "data"), encoding="utf-8")
    (folder / "data").mkdir(exist_ok=True)
    tasks = []
    for finding in findings:
        task = {
            "description": finding["title"],
            "entry": _stamp(finding["found_on"]),
            "due": _stamp(finding["deadline"]),
            "project": finding["owner"],
            "status": "pending",
        }
        if finding["status_as_of"] in ("fixed", "verified"):
            task.update(
                status="completed", end=_stamp(finding.get("fixed_on") or finding["found_on"])
            )
        tasks.append(json.dumps(task, ensure_ascii=False))
    (folder / "tasks.json").write_text("\n".join(tasks), encoding="utf-8")
    env = {"TASKRC": str(rc), "PATH": "/usr/bin:/bin", "HOME": str(folder)}
    subprocess.run(["task", "import", str(folder / "tasks.json")], env=env, check=True,
                   capture_output=True)  # fmt: skip
    return env


def hledger_journal(folder: Path, findings: list[dict[str, Any]]) -> Path | None:
    """A journal with one transaction per finding (found, and fixed where it was); None
    where hledger is not installed."""
    if shutil.which("hledger") is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for finding in sorted(findings, key=lambda f: f["found_on"]):
        lines += [
            f"{finding['found_on']} {finding['id']} {finding['title']}",
            f"    问题:{finding['owner']}:未整改  1",
            "    台账:发现",
            "",
        ]
    journal = folder / "ledger.journal"
    journal.write_text("\n".join(lines), encoding="utf-8")
    return journal


def main() -> None:
    folder, ledger = Path(sys.argv[1]), sys.argv[2:]
    findings = findings_of(ledger, dict(os.environ))
    made = {
        "task_env": taskwarrior(folder / "task", findings),
        "journal": str(journal)
        if (journal := hledger_journal(folder / "hledger", findings))
        else None,
    }
    print(json.dumps(made))


if __name__ == "__main__":
    main()
