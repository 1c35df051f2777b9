"""git, run as a program: the one runner, and what the tool asks of it: who is writing,
which commit a report saw, where the repository is, and git's own line merge.

Outside a repository, or where git is not installed, the questions answer None.
"""

import getpass
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from ledger.core.errors import NotFoundError, UsageError

if TYPE_CHECKING:  # the report's module is big; every edit imports this one for `author`
    from ledger.core.report import Snapshot


def run_git(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """git with these arguments in `folder`; a missing git is an exit code of 127."""
    if shutil.which("git") is None:
        return subprocess.CompletedProcess(["git", *args], 127, "", "git is not installed")
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=timeout
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return subprocess.CompletedProcess(["git", *args], 1, "", str(exc))


def ask_git(folder: Path, *args: str) -> str | None:
    """git's output, stripped; None when git is missing or the command fails."""
    done = run_git(folder, *args, timeout=10)
    return done.stdout.strip() if done.returncode == 0 else None


def tell_git(folder: Path, *args: str) -> str:
    """git's output, for a command that must succeed: a failure is a UsageError saying why."""
    done = run_git(folder, *args)
    if done.returncode != 0:
        raise UsageError("git_failed", command=" ".join(args), reason=done.stderr.strip())
    return done.stdout.strip()


def in_repository(folder: Path) -> bool:
    return ask_git(folder, "rev-parse", "--is-inside-work-tree") == "true"


def repository_root(folder: Path) -> Path:
    """The top of the repository holding `folder`; NotFoundError outside git."""
    root = ask_git(folder, "rev-parse", "--show-toplevel")
    if not root:
        raise NotFoundError("not_in_git", path=str(folder))
    return Path(root)


def git_user(folder: Path) -> str | None:
    """The git user name where `folder` is in a git repository; None elsewhere."""
    if not in_repository(folder):
        return None
    return ask_git(folder, "config", "user.name") or None


def author(folder: Path) -> str | None:
    """Who makes a change, when --by is not given: LEDGER_BY where it is set (empty: nobody
    named), else the git user name where the ledgers are in git, else the user logged in."""
    if "LEDGER_BY" in os.environ:
        return os.environ["LEDGER_BY"].strip() or None
    try:
        return git_user(folder) or getpass.getuser() or None
    except (OSError, KeyError):  # no login name and no passwd entry for this uid
        return None


def snapshot(folder: Path) -> "Snapshot | None":
    """HEAD of the repository holding `folder`, and whether the ledgers in it differ from HEAD;
    None outside git or before the first commit."""
    if not in_repository(folder):
        return None
    commit = ask_git(folder, "rev-parse", "HEAD")
    if not commit:
        return None
    status = ask_git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")
    changed = [line for line in (status or "").splitlines() if line.rstrip().endswith(".yaml")]
    from ledger.core.report import Snapshot

    return Snapshot(commit, bool(changed))


def line_merge(base: Path, ours: Path, theirs: Path, label: str) -> bool:
    """git merge-file into OURS: a line merge with conflict markers, as git would do without
    the ledger driver; True when it was clean."""
    done = run_git(
        Path.cwd(),
        "merge-file",
        "-L",
        f"ours ({label})",
        "-L",
        "base",
        "-L",
        f"theirs ({label})",
        str(ours),
        str(base),
        str(theirs),
    )
    return done.returncode == 0


def staged_bytes(root: Path, name: str) -> bytes:
    """A file as git's index holds it (what the next commit will hold)."""
    done = subprocess.run(["git", "-C", str(root), "show", f":{name}"], capture_output=True)
    if done.returncode != 0:
        raise UsageError(
            "git_failed",
            command=f"show :{name}",
            reason=done.stderr.decode("utf-8", "replace").strip(),
        )
    return done.stdout
