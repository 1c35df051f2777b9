"""Setting up a repository of ledgers for git: the merge driver and a pre-commit check.

Idempotent: each step says what it did, or that it was already so.
"""

import shlex
import sys
from pathlib import Path

from ledger.core.errors import NotFoundError, UsageError
from ledger.storage.git import ask_git, repository_root, tell_git

HOOK_MARK = "# ledger: written by `ledger git-setup --hooks`"
DRIVER_NAME = "ledger: merge ledgers by finding and field"


def driver_command() -> str:
    """How git should run this tool: the console script that is running, else python -m."""
    script = Path(sys.argv[0])
    if script.name == "ledger" and script.is_file():
        return shlex.quote(str(script.resolve()))
    return f"{shlex.quote(sys.executable)} -m ledger"


def attributes_line(root: Path, data_dir: Path) -> str:
    folder = data_dir.resolve().relative_to(root.resolve()).as_posix()
    pattern = "*.yaml" if folder == "." else f"{folder}/*.yaml"
    return f"{pattern} merge=ledger"


def setup(
    data_dir: Path, *, global_config: bool = False, hooks: bool = False
) -> list[tuple[str, dict[str, str]]]:
    """Write the .gitattributes line, the driver's git config and, with `hooks`, a pre-commit
    hook; returns what was done, as message keys and parameters."""
    if not data_dir.is_dir():
        raise NotFoundError("no_data_dir", path=str(data_dir))
    root = repository_root(data_dir)
    done: list[tuple[str, dict[str, str]]] = []
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
    driver = f"{driver_command()} merge-file %O %A %B --path %P"
    for key, value in (("merge.ledger.name", DRIVER_NAME), ("merge.ledger.driver", driver)):
        if ask_git(root, "config", scope, "--get", key) == value:
            done.append(("setup_already", {"what": f"git config {scope} {key}"}))
        else:
            tell_git(root, "config", scope, key, value)
            done.append(("setup_wrote", {"what": f"git config {scope} {key} '{value}'"}))
    if hooks:
        done.append(install_hook(root, data_dir))
    return done


def hook_script(root: Path, data_dir: Path) -> str:
    folder = data_dir.resolve().relative_to(root.resolve()).as_posix()
    pattern = "*.yaml" if folder == "." else f"{folder}/*.yaml"
    return f"""#!/bin/sh
{HOOK_MARK}
# Checks the staged version of every ledger in the commit; `git commit --no-verify` skips it.
files=$(git diff --cached --name-only --diff-filter=ACMR -- '{pattern}')
[ -z "$files" ] && exit 0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for f in $files; do
    mkdir -p "$tmp/$(dirname "$f")" && git show ":$f" > "$tmp/$f" || exit 1
done
cd "$tmp" && exec {driver_command()} check $files
"""


def install_hook(root: Path, data_dir: Path) -> tuple[str, dict[str, str]]:
    hook = Path(
        tell_git(root, "rev-parse", "--path-format=absolute", "--git-path", "hooks/pre-commit")
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
