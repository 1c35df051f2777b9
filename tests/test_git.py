"""Git-native ledgers through the installed console script and real git: two clones add,
edit and rectify, and `git pull` (merge or rebase) merges them by finding and field."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.storage.store import load
from tests.helpers import MINIMAL, ROOT, git, git_env, run, write_ledger

SCRIPT = Path(sys.executable).parent / "ledger"


def ledger(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The installed console script, in a clone, on its data folder."""
    if not SCRIPT.exists():
        pytest.skip("the console script is not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [str(SCRIPT), "--data", "data", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=git_env(),
    )
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def origin_with(
    tmp_path: Path, text: str = MINIMAL, name: str = "demo", setup: bool = True
) -> Path:
    """A bare origin holding data/<name>.yaml (and the .gitattributes git-setup writes)."""
    seed = tmp_path / "seed"
    write_ledger(seed / "data", text, name)
    git(tmp_path, "init", "-q", "-b", "main", str(seed))
    if setup:
        ledger(seed, "git-setup")
    git(seed, "add", ".")
    git(seed, "commit", "-qm", "start")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    return origin


def clone(origin: Path, folder: Path, setup: bool = True) -> Path:
    git(origin.parent, "clone", "-q", str(origin), str(folder))
    git(folder, "config", "pull.rebase", "false")
    if setup:
        ledger(folder, "git-setup")
    return folder


def commit(folder: Path, message: str) -> None:
    git(folder, "commit", "-qam", message)


def clerk_a(folder: Path) -> None:
    ledger(
        folder,
        "add",
        "--title",
        "甲街道新增问题",
        "--owner",
        "区房产局",
        "--measure",
        "清理",
        "--deadline",
        "2020-06-30",
        "--found-on",
        "2020-05-02",
    )
    ledger(folder, "edit", "DM-002", "--owner", "区消防救援大队", "--on", "2020-05-04")
    ledger(folder, "rectify", "DM-001", "--on", "2020-05-03")
    commit(folder, "clerk A")


def clerk_b(folder: Path) -> None:
    ledger(
        folder,
        "add",
        "--title",
        "乙街道新增问题",
        "--owner",
        "区商务局",
        "--measure",
        "更换",
        "--deadline",
        "2020-06-30",
        "--found-on",
        "2020-05-01",
    )
    ledger(folder, "edit", "DM-002", "--contact", "张某", "--on", "2020-05-05")
    ledger(
        folder, "extend", "DM-001", "--to", "2020-05-20", "--reason", "需协调", "--on", "2020-04-25"
    )
    commit(folder, "clerk B")


def ids_and_titles(folder: Path) -> dict[str, str]:
    return {f["id"]: f["title"] for f in load(folder / "data" / "demo.yaml").findings}


def test_two_clerks_merge_with_the_driver_and_rebase_gives_the_same_ids(tmp_path: Path) -> None:
    origin = origin_with(tmp_path)
    a, b, b2 = (clone(origin, tmp_path / name) for name in ("a", "b", "b2"))
    clerk_a(a)
    git(a, "push", "-q")
    clerk_b(b)
    clerk_b(b2)
    pulled = git(b, "pull", "-q", "--no-rebase", "--no-edit")
    assert "both sides added DM-003" in pulled.stderr
    git(b2, "pull", "-q", "--rebase")
    assert (
        ids_and_titles(b)
        == ids_and_titles(b2)
        == {
            "DM-001": "楼道堆放杂物",
            "DM-002": "燃气软管老化",
            "DM-003": "甲街道新增问题",  # already on the shared branch: its id stays put
            "DM-004": "乙街道新增问题",
        }
    )
    lf = load(b / "data" / "demo.yaml")
    one, two = lf.finding("DM-001"), lf.finding("DM-002")
    assert one is not None and two is not None
    assert (one["status"], one["deadline"].isoformat()) == ("fixed", "2020-05-20")
    assert [e["event"] for e in one["history"]] == ["found", "extended", "fixed"]
    assert (two["owner"], two.get("contact")) == ("区消防救援大队", "张某")
    assert "# a comment on an id" in (b / "data" / "demo.yaml").read_text(encoding="utf-8")
    assert ledger(b, "check").returncode == 0
    summary = ledger(b, "summary", "--as-of", "2020-06-01", "--json").stdout
    assert '"found": 4' in summary
    git(b, "push", "-q")
    git(a, "pull", "-q", "--no-edit")
    assert ids_and_titles(a) == ids_and_titles(b)


def test_the_same_field_changed_twice_is_a_conflict_around_that_finding_only(
    tmp_path: Path,
) -> None:
    origin = origin_with(tmp_path)
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    ledger(a, "edit", "DM-002", "--owner", "区消防救援大队", "--on", "2020-05-04")
    ledger(a, "rectify", "DM-001", "--on", "2020-05-03")
    commit(a, "A")
    git(a, "push", "-q")
    ledger(b, "edit", "DM-002", "--owner", "区房产局", "--on", "2020-05-04")
    commit(b, "B")
    pulled = git(b, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0
    assert "UU data/demo.yaml" in git(b, "status", "--porcelain").stdout
    text = (b / "data" / "demo.yaml").read_text(encoding="utf-8")
    assert (
        text.count("<<<<<<< ") == 1
        and text.count("\n=======\n") == 1
        and text.count(">>>>>>> ") == 1
    )
    block = text[text.index("<<<<<<< ") : text.index(">>>>>>> ")]
    assert "DM-002" in block and "DM-001" not in block
    assert "status: fixed" in text  # the rest of the file merged: A's rectification is in
    marker = text[: text.index("<<<<<<< ")].count("\n") + 1
    checked = ledger(b, "check", check=False)
    assert checked.returncode == 1
    assert f"demo.yaml:{marker}: an unresolved merge conflict starts here" in checked.stdout


def test_without_the_driver_the_readme_recovery_works(tmp_path: Path) -> None:
    origin = origin_with(tmp_path, setup=False)
    a, b = clone(origin, tmp_path / "a", setup=False), clone(origin, tmp_path / "b", setup=False)
    ledger(
        a,
        "add",
        "--title",
        "甲",
        "--owner",
        "区房产局",
        "--measure",
        "m",
        "--deadline",
        "2020-06-30",
        "--found-on",
        "2020-05-02",
    )
    commit(a, "A")
    git(a, "push", "-q")
    ledger(
        b,
        "add",
        "--title",
        "乙",
        "--owner",
        "区商务局",
        "--measure",
        "m",
        "--deadline",
        "2020-06-30",
        "--found-on",
        "2020-05-01",
    )
    commit(b, "B")
    assert git(b, "pull", "--no-rebase", "--no-edit", check=False).returncode != 0
    path = b / "data" / "demo.yaml"
    marker = path.read_text(encoding="utf-8").split("<<<<<<< ")[0].count("\n") + 1
    checked = ledger(b, "check", check=False)
    assert f"demo.yaml:{marker}: an unresolved merge conflict starts here" in checked.stdout
    # The README: set the driver up, let git merge the file again with it, check, commit.
    ledger(b, "git-setup")
    git(b, "checkout", "-m", "data/demo.yaml")
    assert ledger(b, "check").returncode == 0
    git(b, "commit", "-qam", "merged")
    assert ids_and_titles(b) == {
        "DM-001": "楼道堆放杂物",
        "DM-002": "燃气软管老化",
        "DM-003": "甲",  # already on the shared branch: its id stays put
        "DM-004": "乙",
    }


def test_duplicate_ids_merged_by_hand_are_named_with_the_next_free_id(tmp_path: Path) -> None:
    """Both clerks' DM-003 kept whole by hand: check names the duplicate and the free id."""
    finding = "  - id: DM-003\n    title: {title}\n    found_on: 2020-05-01\n    owner: 区房产局\n    measure: m\n    deadline: 2020-06-30\n"
    path = write_ledger(
        tmp_path / "data", MINIMAL + finding.format(title="甲") + finding.format(title="乙")
    )
    checked = run(tmp_path / "data", "check")
    assert checked.exit_code == 1
    hint = re.search(
        r"demo\.yaml:(\d+): DM-003\.id: id used twice .*next free id, (DM-\d+)", checked.stdout
    )
    assert hint is not None and hint[2] == "DM-004", checked.stdout
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = int(hint[1]) - 1
    lines[line] = lines[line].replace("DM-003", hint[2])
    path.write_text("".join(lines), encoding="utf-8")
    assert run(tmp_path / "data", "check").exit_code == 0


def test_git_setup_is_idempotent_and_its_hook_checks_staged_ledgers(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_ledger(repo / "data", MINIMAL)
    git(tmp_path, "init", "-q", str(repo))
    first = ledger(repo, "git-setup", "--hooks").stdout
    assert first.count("wrote ") == 5  # attributes, two config keys, two hooks
    assert "hooks/pre-commit" in first and "hooks/pre-merge-commit" in first
    again = ledger(repo, "git-setup", "--hooks").stdout
    assert again.count("already set: ") == 5 and "wrote" not in again
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "data/*.yaml merge=ledger\n"
    driver = git(repo, "config", "merge.ledger.driver").stdout.strip()
    assert driver.startswith(f"{SCRIPT.resolve()} merge-file %O %A %B --path %P; status=$?;")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "good")
    path = repo / "data" / "demo.yaml"
    path.write_text(MINIMAL.replace("deadline: 2020-04-30", "deadline: someday"), encoding="utf-8")
    git(repo, "add", ".")
    refused = git(repo, "commit", "-qm", "bad", check=False)
    assert refused.returncode != 0
    assert "DM-001.deadline: 'someday' is not a date" in refused.stdout + refused.stderr
    path.write_text(MINIMAL.replace("清理杂物", "清理杂物并张贴告示"), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "good again")
    (repo / ".git" / "hooks" / "pre-commit").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    foreign = ledger(repo, "git-setup", "--hooks", check=False)
    assert foreign.returncode == 2 and "is not ledger's" in foreign.stderr


@pytest.mark.slow
def test_merge_on_a_ten_thousand_finding_ledger(tmp_path: Path) -> None:
    data = tmp_path / "gen"
    subprocess.run(
        [sys.executable, "-m", "bench.ledgers", "10000", str(data / "bench.yaml"), "1"],
        cwd=ROOT,
        check=True,
    )
    origin = origin_with(tmp_path, (data / "bench.yaml").read_text(encoding="utf-8"), name="bench")
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    for folder, title in ((a, "甲"), (b, "乙")):
        ledger(
            folder,
            "add",
            "--title",
            title,
            "--owner",
            "区房产局",
            "--measure",
            "m",
            "--deadline",
            "+30d",
        )
        commit(folder, title)
    git(a, "push", "-q")
    git(b, "pull", "-q", "--no-rebase", "--no-edit")
    findings = load(b / "data" / "bench.yaml").findings
    assert len(findings) == 10_002
    assert len({f["id"] for f in findings}) == 10_002
    assert {f["title"] for f in findings[-2:]} == {"甲", "乙"}
    assert ledger(b, "check").returncode == 0


def test_merge_file_keeps_both_sides_new_records(tmp_path: Path) -> None:
    """Activities and suggestions added on both sides are all kept, with distinct ids."""
    for side in ("base", "ours", "theirs"):
        write_ledger(tmp_path / side, MINIMAL)
    run(tmp_path / "ours", "activity", "add", "--kind", "inspection", "--on", "2020-04-02")
    run(tmp_path / "theirs", "activity", "add", "--kind", "seminar", "--on", "2020-04-03")
    run(tmp_path / "theirs", "suggest", "add", "--title", "s", "--to", "o", "--on", "2020-04-04")
    paths = [str(tmp_path / side / "demo.yaml") for side in ("base", "ours", "theirs")]
    result = run(tmp_path, "merge-file", *paths)
    assert result.exit_code == 0, result.stderr
    merged = load(tmp_path / "ours" / "demo.yaml")
    assert [(a["id"], a["kind"]) for a in merged.records("activities")] == [
        ("A-001", "inspection"),
        ("A-002", "seminar"),
    ]
    assert [s["id"] for s in merged.records("suggestions")] == ["S-001"]
    shutil.copy(tmp_path / "ours" / "demo.yaml", tmp_path / "base" / "demo.yaml")
    assert run(tmp_path / "base", "check").exit_code == 0


def test_two_clerks_on_the_sample_campaign(tmp_path: Path) -> None:
    """The bundled 2020 campaign: both clerks' next id is QH-157; the merged ledger
    checks and counts both."""
    text = (ROOT / "data" / "qinhuai-2020-safety.yaml").read_text(encoding="utf-8")
    origin = origin_with(tmp_path, text, name="qinhuai-2020-safety")
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    for folder, title, owner, finding in (
        (a, "回头看新发现甲", "区房产局", "QH-150"),
        (b, "回头看新发现乙", "区商务局", "QH-151"),
    ):
        ledger(
            folder,
            "add",
            "--title",
            title,
            "--owner",
            owner,
            "--measure",
            "整改",
            "--deadline",
            "2020-10-30",
            "--found-on",
            "2020-10-08" if folder == a else "2020-10-09",
        )
        ledger(folder, "rectify", finding, "--on", "2020-10-12")
        ledger(
            folder, "activity", "add", "--kind", "lookback", "--on", "2020-10-10", "--place", owner
        )
        commit(folder, title)
    git(a, "push", "-q")
    git(b, "pull", "-q", "--no-rebase", "--no-edit")
    lf = load(b / "data" / "qinhuai-2020-safety.yaml")
    new = {f["id"]: f["title"] for f in lf.findings[-2:]}
    assert new == {"QH-157": "回头看新发现甲", "QH-158": "回头看新发现乙"}
    assert all(f["status"] == "fixed" for f in lf.findings if f["id"] in ("QH-150", "QH-151"))
    assert [a_["id"] for a_ in lf.records("activities")][-2:] == ["A-077", "A-078"]
    assert ledger(b, "check").returncode == 0
    summary = ledger(b, "summary", "--as-of", "2020-10-31", "--json").stdout
    assert '"found": 156' in summary


def test_git_setup_global_writes_the_users_own_config(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_ledger(repo / "data", MINIMAL)
    git(tmp_path, "init", "-q", str(repo))
    own = tmp_path / "gitconfig"
    own.write_text("", encoding="utf-8")
    done = subprocess.run(
        [str(SCRIPT), "--data", "data", "git-setup", "--global"],
        cwd=repo, capture_output=True, text=True, env={**git_env(), "GIT_CONFIG_GLOBAL": str(own)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "git config --global merge.ledger.driver" in done.stdout
    assert "merge-file %O %A %B --path %P" in own.read_text(encoding="utf-8")
    assert (
        git(repo, "config", "--local", "--get", "merge.ledger.driver", check=False).returncode != 0
    )


def test_merge_file_moves_our_record_when_theirs_came_first(tmp_path: Path) -> None:
    """Both sides added S-001; theirs was made first, so ours takes S-002; the two new
    entries stand in the order of their ids, whichever way one merges."""
    for side in ("base", "ours", "theirs"):
        write_ledger(tmp_path / side, MINIMAL)
    run(
        tmp_path / "ours",
        "suggest",
        "add",
        "--title",
        "我方建议",
        "--to",
        "o",
        "--on",
        "2020-05-02",
    )
    run(
        tmp_path / "theirs",
        "suggest",
        "add",
        "--title",
        "对方建议",
        "--to",
        "o",
        "--on",
        "2020-05-01",
    )
    paths = [str(tmp_path / side / "demo.yaml") for side in ("base", "ours", "theirs")]
    result = run(tmp_path, "merge-file", *paths)
    assert result.exit_code == 0, result.stderr
    assert "both sides added S-001; the one recorded later is now S-002" in result.stderr
    merged = load(tmp_path / "ours" / "demo.yaml")
    assert [(s["id"], s["title"]) for s in merged.records("suggestions")] == [
        ("S-001", "对方建议"),
        ("S-002", "我方建议"),
    ]
    first = (tmp_path / "ours" / "demo.yaml").read_bytes()
    # and the other way round gives the same ids
    paths = [str(tmp_path / side / "demo.yaml") for side in ("base", "theirs", "ours")]
    write_ledger(tmp_path / "ours", MINIMAL)
    run(
        tmp_path / "ours",
        "suggest",
        "add",
        "--title",
        "我方建议",
        "--to",
        "o",
        "--on",
        "2020-05-02",
    )
    assert run(tmp_path, "merge-file", *paths).exit_code == 0
    assert (tmp_path / "theirs" / "demo.yaml").read_bytes() == first  # byte for byte
