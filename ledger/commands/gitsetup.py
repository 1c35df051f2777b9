"""Setting up a repository of ledgers for git: the merge driver, and hooks that check the
ledgers a commit or a merge commit holds. Idempotent: each step says what it did, or that
it was already so; `--check` says what is missing or no longer runs.
"""

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from ledger.core.errors import NotFoundError, UsageError
from ledger.storage.git import ask_git, repository_root, tell_git

HOOK_MARK = "# ledger: written by `ledger git-setup --hooks`"
DRIVER_NAME = "ledger: merge ledgers by finding and field"
HOOKS = ("pre-commit", "pre-merge-commit")
Steps = list[tuple[str, dict[str, str]]]


def ledger_command() -> str:
    """How git should run this tool: `ledger` where that is this very script on the PATH
    (so a recreated environment still answers), else its full path, else python -m."""
    script = Path(sys.argv[0])
    if script.name == "ledger" and script.is_file():
        found = shutil.which("ledger")
        if found and Path(found).resolve() == script.resolve():
            return "ledger"
        return shlex.quote(str(script.resolve()))
    return f"{shlex.quote(sys.executable)} -m ledger"


def driver_line(command: str) -> str:
    """The driver git runs (through sh, the paths quoted by git): where the command cannot
    run at all (126, 127: moved or removed), git's own line merge leaves both sides between
    markers, so that nothing of theirs is lost."""
    return (
        f"{command} merge-file %O %A %B --path %P; status=$?; "
        "if [ $status -ge 126 ]; then git merge-file -L ours -L base -L theirs %A %O %B; "
        "exit 1; fi; exit $status"
    )


def _folder(root: Path, data_dir: Path) -> str:
    return data_dir.resolve().relative_to(root.resolve()).as_posix()


def attributes_line(root: Path, data_dir: Path) -> str:
    """The .gitattributes line for the ledgers, anchored at the repository's root so that no
    other YAML file is merged as a ledger; a folder name with spaces or quotes is quoted as
    git reads it."""
    folder = _folder(root, data_dir)
    pattern = "/*.yaml" if folder == "." else f"{folder}/*.yaml"  # a slash anchors it
    if any(ch in pattern for ch in ' "\\\t#') or not pattern.isprintable():
        escaped = pattern.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        pattern = f'"{escaped}"'
    return f"{pattern} merge=ledger"


def setup(data_dir: Path, *, global_config: bool = False, hooks: bool = False) -> Steps:
    """Write the .gitattributes line, the driver's git config and, with `hooks`, the hooks;
    returns what was done, as message keys and parameters."""
    if not data_dir.is_dir():
        raise NotFoundError("no_data_dir", path=str(data_dir))
    root = repository_root(data_dir)
    done: Steps = []
    line = attributes_line(root, data_dir)
    attributes = root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line in existing.splitlines():
        done.append(("setup_already", {"what": f".gitattributes: {line}"}))
    else:
        prefix = "" if not existing or existing.endswith("\n") else "\n"
        attributes.write_text(existing + prefix + line + "\n", encoding="utf-8")
        done.append(("setup_wrote", {"what": f"{attributes}: {line}"}))
    scope = "--global" if global_config else "--local"
    driver = driver_line(ledger_command())
    for key, value in (("merge.ledger.name", DRIVER_NAME), ("merge.ledger.driver", driver)):
        if ask_git(root, "config", scope, "--get", key) == value:
            done.append(("setup_already", {"what": f"git config {scope} {key}"}))
        else:
            tell_git(root, "config", scope, key, value)
            done.append(("setup_wrote", {"what": f"git config {scope} {key} '{value}'"}))
    if hooks:
        done += [install_hook(root, data_dir, name) for name in HOOKS]
    return done


def hook_script(root: Path, data_dir: Path) -> str:
    """A hook that checks the staged version of every ledger of the commit, a merge commit
    included; `git commit --no-verify` skips it. Every path is quoted for the shell."""
    folder = shlex.quote(_folder(root, data_dir))
    return f"""#!/bin/sh
{HOOK_MARK}
# Checks the staged version of every ledger in the commit; `git commit --no-verify` skips it.
cd "$(git rev-parse --show-toplevel)" || exit 1
exec {ledger_command()} --data {folder} check --staged
"""


def install_hook(root: Path, data_dir: Path, name: str) -> tuple[str, dict[str, str]]:
    """One hook, unless the user has one of their own there."""
    hook = Path(
        tell_git(root, "rev-parse", "--path-format=absolute", "--git-path", f"hooks/{name}")
    )
    script = hook_script(root, data_dir)
    if hook.exists():
        current = hook.read_text(encoding="utf-8", errors="replace")
        if current == script:
            return ("setup_already", {"what": str(hook)})
        if HOOK_MARK not in current:
            raise UsageError("hook_exists", path=str(hook))
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(script, encoding="utf-8")
    hook.chmod(0o755)
    return ("setup_wrote", {"what": str(hook)})


def driver_runs(command_line: str) -> bool:
    """Whether the configured driver's command still runs (`… --version` answers)."""
    command = command_line.split(" merge-file ", 1)[0]
    try:
        done = subprocess.run(
            ["sh", "-c", f"{command} --version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and "ledger" in done.stdout


def setup_problems(data_dir: Path) -> Steps:
    """What `git-setup` would set and is not set, or set and no longer runs."""
    root = repository_root(data_dir)
    problems: Steps = []
    attributes = root / ".gitattributes"
    line = attributes_line(root, data_dir)
    if not attributes.exists() or line not in attributes.read_text(encoding="utf-8").splitlines():
        problems.append(("setup_missing", {"what": f".gitattributes: {line}"}))
    driver = ask_git(root, "config", "--get", "merge.ledger.driver")
    if not driver:
        problems.append(("setup_missing", {"what": "git config merge.ledger.driver"}))
    elif not driver_runs(driver):
        problems.append(("driver_broken", {"driver": driver}))
    return problems
