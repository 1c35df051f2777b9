"""What the tests share: the real CLI run on real files in a temporary folder, the sample
data, a small hand-written ledger, and one way to run git."""

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from ledger.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "data"

# Environment for every run: no locale or width from the developer's shell leaks in.
CLEAN_ENV = {
    "LEDGER_LANG": None,
    "LEDGER_DATA": None,
    "LEDGER_CAMPAIGN": None,
    "COLUMNS": None,
    "LC_ALL": None,
    "LANG": "C.UTF-8",
}

MINIMAL = """\
# a small ledger written by hand
ledger: 1
campaign:
  id: demo
  title: 演示活动
  prefix: DM
  areas: [消防安全, 燃气安全]
  owners: [区房产局, 区商务局, 区消防救援大队]
findings:
  - id: DM-001
    title: 楼道堆放杂物
    area: 消防安全
    found_on: 2020-04-01
    owner: 区房产局
    measure: 清理杂物
    deadline: 2020-04-30
    status: open
    history:
      - {on: 2020-04-01, event: found}
  - id: DM-002   # a comment on an id
    title: 燃气软管老化
    area: 燃气安全
    found_on: 2020-04-03
    owner: 区商务局
    measure: 更换金属软管
    deadline: 2020-05-03
    status: fixed
    fixed_on: 2020-04-20
    history:
      - {on: 2020-04-03, event: found}
      - {on: 2020-04-20, event: fixed}
"""


# The arguments of an `add` that passes: a finding for the demo ledger, due in three days.
QUICK_ADD = ("add", "--title", "t", "--owner", "区房产局", "--measure", "m", "--deadline", "+3d")


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run(data_dir: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    """Invoke the CLI in-process, as a user would type it, against `data_dir`."""
    runner = CliRunner()
    result = runner.invoke(app, ["--data", str(data_dir), *args], env={**CLEAN_ENV, **(env or {})})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def run_process(data_dir: Path, *args: str, cwd: Path | None = None, timeout: float = 60) -> Result:
    """Run `python -m ledger` as a separate process."""
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env["LANG"] = "C.UTF-8"
    proc = subprocess.run(
        [sys.executable, "-m", "ledger", "--data", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


INSTALLED = Path(sys.executable).parent / "ledger"


def installed(
    data_dir: Path,
    *args: str,
    today: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The installed console script `ledger`, as a clerk runs it, on `data_dir`; today
    fixed if given."""
    if not INSTALLED.exists():
        raise AssertionError("the console script is not installed: pip install -e '.[test]'")
    environ = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    environ.update({"LANG": "C.UTF-8", **(env or {})})
    if today:
        environ["LEDGER_TODAY"] = today
    return subprocess.run(
        [str(INSTALLED), "--data", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=cwd or data_dir.parent,
        timeout=120,
    )


def write_ledger(folder: Path, text: str, name: str = "demo") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# An author and committer for every git command a test runs.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def git_env() -> dict[str, str]:
    return {**os.environ, **GIT_IDENTITY, "LANG": "C.UTF-8", "LEDGER_BY": ""}


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """git in `folder`, with a test identity and no configuration but the repository's own;
    with `check`, a failure fails the test with git's output."""
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=git_env()
    )
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done
