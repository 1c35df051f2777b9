"""What git knows about the folder of ledgers: who is writing, and which commit a report saw.

git is run as a program, briefly, and only where it is installed; outside a
repository every answer is None.
"""

import getpass
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


def _git(folder: Path, *args: str) -> str | None:
    """git's output, stripped; None when git is missing or the command fails."""
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def in_repository(folder: Path) -> bool:
    return _git(folder, "rev-parse", "--is-inside-work-tree") == "true"


def git_user(folder: Path) -> str | None:
    """The git user name where `folder` is in a git repository; None elsewhere."""
    if not in_repository(folder):
        return None
    return _git(folder, "config", "user.name") or None


def author(folder: Path) -> str | None:
    """Who makes a change, when --by is not given: LEDGER_BY where it is set (empty: nobody
    named), else the git user name where the ledgers are in git, else the user logged in."""
    if "LEDGER_BY" in os.environ:
        return os.environ["LEDGER_BY"].strip() or None
    try:
        return git_user(folder) or getpass.getuser() or None
    except (OSError, KeyError):  # no login name and no passwd entry for this uid
        return None


@dataclass(frozen=True)
class Snapshot:
    """The commit the ledgers were read at, and whether uncommitted changes were read too."""

    commit: str
    dirty: bool


def snapshot(folder: Path) -> Snapshot | None:
    """HEAD of the repository holding `folder`, and whether the ledgers in it differ from HEAD;
    None outside git or before the first commit."""
    if not in_repository(folder):
        return None
    commit = _git(folder, "rev-parse", "HEAD")
    if not commit:
        return None
    status = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")
    changed = [line for line in (status or "").splitlines() if line.rstrip().endswith(".yaml")]
    return Snapshot(commit, bool(changed))
