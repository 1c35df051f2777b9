"""Merges and edits that lose nothing, with real git and several clones of one origin:
comments from both sides, delete/modify conflicts, renumbering that carries its references,
results that do not depend on the merge's direction or day, a `fmt` commit that survives,
one event for one step, merge commits checked by a hook, and a driver that cannot run
leaving markers instead of losing the other side."""

import subprocess
from pathlib import Path

from ledger.commands.gitsetup import driver_line
from ledger.storage.formats import upgraded_text
from ledger.storage.store import load
from tests.helpers import MINIMAL, git, run, write_ledger
from tests.test_git import SCRIPT, clone, commit, ledger, origin_with

V2 = upgraded_text(MINIMAL) or ""
ADD = ("add", "--owner", "区房产局", "--measure", "清理", "--deadline", "2020-06-30")


def text_of(folder: Path) -> str:
    return (folder / "data" / "demo.yaml").read_text(encoding="utf-8")


def edit_text(folder: Path, old: str, new: str) -> None:
    path = folder / "data" / "demo.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_reproduction_keeps_theirs_beside_a_conflict(tmp_path: Path) -> None:
    """Two spaces after a colon and a comment in a flow list no longer cost THEIRS' other
    changes when one finding conflicts."""
    base = V2.replace("    owner: 区商务局\n", "    owner:  区商务局\n").replace(
        "    status: fixed\n", "    status: fixed\n    tags: [甲, # 标签\n      乙]\n"
    )
    ours = base.replace("title: 楼道堆放杂物", "title: 楼道堆放杂物（我方）")
    theirs = (
        base.replace("title: 楼道堆放杂物", "title: 楼道堆放杂物（对方）").replace(
            "measure: 更换金属软管", "measure: 更换燃气软管"
        )
        + "  - id: DM-003\n    title: 新问题\n    found_on: 2020-05-01\n    owner: 区房产局\n"
        "    measure: m\n    deadline: 2020-06-30\n    status: open\n"
        "    history:\n      - {date: 2020-05-01, event: found}\n"
    )
    paths = [tmp_path / f"{name}.yaml" for name in ("base", "ours", "theirs")]
    for path, text in zip(paths, (base, ours, theirs), strict=True):
        path.write_text(text, encoding="utf-8")
    merged = run(
        tmp_path, "--lang", "en", "merge-file", *map(str, paths), "--path", "data/demo.yaml"
    )
    assert merged.exit_code == 1
    assert "conflicts left between markers: DM-001 (title)" in merged.stderr
    result = paths[1].read_text(encoding="utf-8")
    assert result.count("<<<<<<< ") == 1
    block = result[result.index("<<<<<<< ") : result.index(">>>>>>> ")]
    assert "DM-001" in block and "DM-002" not in block and "DM-003" not in block
    assert "更换燃气软管" in result and "id: DM-003" in result and "# 标签" in result


def test_comments_of_both_sides_survive_merge_and_rebase(tmp_path: Path) -> None:
    origin = origin_with(tmp_path)
    a, b, c = (clone(origin, tmp_path / name) for name in ("a", "b", "c"))
    edit_text(
        a,
        "# a small ledger written by hand\n",
        "# a small ledger written by hand\n# 甲：月度核对\n",
    )
    edit_text(a, "  - id: DM-001\n", "  # 甲：楼道问题\n  - id: DM-001\n")
    edit_text(a, "    owner: 区商务局\n", "    owner: 区商务局   # 甲：已电话确认\n")
    ledger(a, "edit", "DM-001", "--measure", "清理并复查", "--on", "2020-05-01")
    commit(a, "A")
    git(a, "push", "-q")
    for folder, how in ((b, "--no-rebase"), (c, "--rebase")):
        name = folder.name
        edit_text(
            folder,
            "  - id: DM-002   # a comment on an id\n",
            f"  # {name}：燃气问题\n  - id: DM-002   # a comment on an id\n",
        )
        edit_text(folder, "  prefix: DM\n", f"  prefix: DM   # {name}：前缀勿改\n")
        ledger(folder, "edit", "DM-002", "--contact", "张某", "--on", "2020-05-02")
        commit(folder, name)
        pulled = git(folder, "pull", "-q", how, "--no-edit")
        assert pulled.returncode == 0
        merged = text_of(folder)
        for comment in (
            "# 甲：月度核对", "# 甲：楼道问题", "# 甲：已电话确认", f"# {name}：燃气问题",
            f"# {name}：前缀勿改", "# a comment on an id",
        ):  # fmt: skip
            assert comment in merged, (how, comment)
        lf = load(folder / "data" / "demo.yaml")
        one, two = lf.finding("DM-001"), lf.finding("DM-002")
        assert one is not None and two is not None
        assert one["measure"] == "清理并复查" and two.get("contact") == "张某"
        assert ledger(folder, "check").returncode == 0


def test_delete_and_modify_is_a_conflict_either_way(tmp_path: Path) -> None:
    origin = origin_with(tmp_path)
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    text = text_of(a)
    start, end = text.index("  - id: DM-001"), text.index("  - id: DM-002")
    (a / "data" / "demo.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    commit(a, "A deletes DM-001")
    git(a, "push", "-q")
    ledger(b, "edit", "DM-001", "--location", "秦虹街道", "--on", "2020-05-01")
    commit(b, "B changes DM-001")
    pulled = git(b, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0
    assert "DM-001 (deleted on one side, changed on the other)" in pulled.stderr
    merged = text_of(b)
    block = merged[merged.index("<<<<<<< ") : merged.index(">>>>>>> ")]
    assert "秦虹街道" in block and "DM-002" not in block
    # Deleted on one side and left alone on the other: deleted, and no conflict.
    git(b, "merge", "--abort")
    git(b, "reset", "-q", "--hard", "origin/main")
    ledger(b, "edit", "DM-002", "--contact", "王某", "--on", "2020-05-01")
    commit(b, "B changes DM-002")
    assert git(b, "pull", "-q", "--no-rebase", "--no-edit").returncode == 0
    assert "id: DM-001" not in text_of(b) and "王某" in text_of(b)


def test_renumbering_carries_item_lists_and_reports_mentions(tmp_path: Path) -> None:
    origin = origin_with(tmp_path)
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    ledger(a, *ADD, "--title", "甲的新问题", "--found-on", "2020-05-02")
    ledger(a, "suggest", "add", "--title", "甲的建议", "--to", "区房产局", "--on", "2020-05-03")
    commit(a, "A")
    git(a, "push", "-q")
    ledger(b, *ADD, "--title", "乙的新问题", "--found-on", "2020-05-01")
    ledger(b, "item", "add", "--title", "清单", "--finding", "DM-003", "--on", "2020-05-04")
    ledger(b, "drop", "DM-001", "--reason", "与DM-003重复", "--on", "2020-05-05")
    ledger(b, "suggest", "add", "--title", "乙的建议", "--to", "区房产局", "--on", "2020-05-02")
    commit(b, "B")
    pulled = git(b, "pull", "-q", "--no-rebase", "--no-edit")
    assert "both sides added DM-003" in pulled.stderr and "now DM-004" in pulled.stderr
    assert "DM-004 (was DM-003) is still named by its old id in: DM-001" in pulled.stderr
    lf = load(b / "data" / "demo.yaml")
    titles = {f["id"]: f["title"] for f in lf.findings}
    assert (titles["DM-003"], titles["DM-004"]) == ("甲的新问题", "乙的新问题")
    assert lf.records("items")[0]["findings"] == ["DM-004"]  # b's item follows b's finding
    moved = lf.finding("DM-004")
    assert moved is not None
    assert moved["history"][-1] | {"on": None} == {
        "on": None,
        "event": "renumbered",
        "old": "DM-003",
        "new": "DM-004",
        "mentions": ["DM-001"],
    }
    suggestions = {s["id"]: s for s in lf.records("suggestions")}
    assert suggestions["S-001"]["title"] == "甲的建议"
    assert suggestions["S-002"]["history"][-1]["event"] == "renumbered"
    checked = ledger(b, "--lang", "en", "check")
    assert "renumbered from DM-003 to DM-004 by a merge; the old id is still named in: DM-001" in (
        checked.stdout
    )
    # Acknowledged by deleting `mentions`: check is quiet again.
    edit_text(b, ", mentions: [DM-001]}", "}")
    assert "renumbered" not in ledger(b, "--lang", "en", "check").stdout


def test_the_result_is_the_same_either_way_and_on_any_day(tmp_path: Path) -> None:
    sides = {}
    for name, title, found, other in (
        ("ours", "乙", "2020-05-01", ("edit", "DM-001", "--measure", "乙的措施", "--on", "2020-05-03")),
        ("theirs", "甲", "2020-05-02", ("rectify", "DM-001", "--on", "2020-05-04", "--note", "甲")),
    ):  # fmt: skip
        folder = tmp_path / name
        write_ledger(folder, V2)
        assert run(folder, *ADD, "--title", title, "--found-on", found).exit_code == 0
        assert run(folder, *other).exit_code == 0
        sides[name] = (folder / "demo.yaml").read_text(encoding="utf-8")
    results = []
    for first, second, today in (
        ("ours", "theirs", "2020-06-01"),
        ("theirs", "ours", "2021-01-09"),
    ):
        folder = tmp_path / f"merge-{first}"
        folder.mkdir()
        for role, text in (("base", V2), ("ours", sides[first]), ("theirs", sides[second])):
            (folder / f"{role}.yaml").write_text(text, encoding="utf-8")
        done = run(
            folder,
            "merge-file",
            *(str(folder / f"{role}.yaml") for role in ("base", "ours", "theirs")),
            env={"LEDGER_TODAY": today, "LEDGER_BY": "某人" if first == "ours" else "别人"},
        )
        assert done.exit_code == 0, done.stderr
        results.append((folder / "ours.yaml").read_bytes())
    assert results[0] == results[1]


def test_a_fmt_commit_survives_the_merge_in_both_directions(tmp_path: Path) -> None:
    loose = V2.replace(
        "    title: 楼道堆放杂物\n    area: 消防安全\n",
        "    area: 消防安全\n    title: 楼道堆放杂物\n",
    ).replace("    owner: 区商务局\n", "    owner:   区商务局\n")
    for formatter, editor in (("a", "b"), ("b", "a")):
        origin = origin_with(tmp_path / formatter, loose)
        clones = {name: clone(origin, tmp_path / formatter / name) for name in ("a", "b")}
        ledger(clones[formatter], "fmt")
        commit(clones[formatter], "fmt")
        ledger(clones[editor], "edit", "DM-001", "--measure", "清理并复查", "--on", "2020-05-01")
        commit(clones[editor], "edit")
        git(clones["a"], "push", "-q")
        git(clones["b"], "pull", "-q", "--no-rebase", "--no-edit")
        assert ledger(clones["b"], "fmt", "--check").returncode == 0, formatter
        assert "清理并复查" in text_of(clones["b"])


def test_the_same_step_on_both_sides_is_one_event(tmp_path: Path) -> None:
    origin = origin_with(tmp_path)
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    for folder in (a, b):
        ledger(folder, "rectify", "DM-001", "--on", "2020-05-10", "--note", "已清理")
        commit(folder, folder.name)
    git(a, "push", "-q")
    git(b, "pull", "-q", "--no-rebase", "--no-edit")
    history = load(b / "data" / "demo.yaml").finding("DM-001")["history"]  # type: ignore[index]
    assert [e["event"] for e in history] == ["found", "fixed"]
    # The same step with other claims: a conflict for the clerk to settle, not two fixes.
    other = origin_with(tmp_path / "other")
    c, d = clone(other, tmp_path / "c"), clone(other, tmp_path / "d")
    for folder, note in ((c, "已清理"), (d, "部分清理")):
        ledger(folder, "rectify", "DM-001", "--on", "2020-05-10", "--note", note)
        commit(folder, folder.name)
    git(c, "push", "-q")
    pulled = git(d, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0 and "DM-001 (fix_note, history)" in pulled.stderr


def test_a_merge_commit_that_fails_check_is_stopped_by_the_hook(tmp_path: Path) -> None:
    origin = origin_with(tmp_path)
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    ledger(b, "git-setup", "--hooks")
    ledger(a, "publish", "--as-of", "2020-04-30")
    commit(a, "published")
    git(a, "push", "-q")
    ledger(b, "rectify", "DM-001", "--on", "2020-04-25")  # back-dated, before it knew
    commit(b, "late news")
    head = git(b, "rev-parse", "HEAD").stdout
    pulled = git(b, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0
    assert "the figures published for 2020-04-30 no longer match" in pulled.stdout + pulled.stderr
    assert git(b, "rev-parse", "HEAD").stdout == head  # no merge commit was made


def test_a_driver_that_cannot_run_leaves_markers(tmp_path: Path) -> None:
    origin = origin_with(tmp_path)
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    git(b, "config", "merge.ledger.driver", driver_line("/nowhere/venv/bin/ledger"))
    check = ledger(b, "--lang", "en", "git-setup", "--check", check=False)
    assert check.returncode == 1 and "the merge driver no longer runs" in check.stdout
    ledger(a, *ADD, "--title", "甲", "--found-on", "2020-05-02")
    commit(a, "A")
    git(a, "push", "-q")
    ledger(b, *ADD, "--title", "乙", "--found-on", "2020-05-01")
    commit(b, "B")
    pulled = git(b, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0
    merged = text_of(b)
    assert "<<<<<<< " in merged and "title: 甲" in merged and "title: 乙" in merged
    ledger(b, "git-setup")
    assert ledger(b, "git-setup", "--check").returncode == 0


def test_git_setup_anchors_quotes_and_checks_staged_evidence(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write_ledger(root, MINIMAL)
    git(tmp_path, "init", "-q", str(root))
    done = subprocess.run(
        [str(SCRIPT), "--data", ".", "git-setup"],
        cwd=root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "/*.yaml merge=ledger" in done.stdout
    (root / "sub").mkdir()
    (root / "sub" / "other.yaml").write_text("a: 1\n", encoding="utf-8")
    attr = git(root, "check-attr", "merge", "--", "sub/other.yaml", "demo.yaml").stdout
    assert "sub/other.yaml: merge: unspecified" in attr and "demo.yaml: merge: ledger" in attr
    odd = tmp_path / "odd"
    folder = "le'$(touch PWNED)'dg"
    write_ledger(odd / folder, MINIMAL)
    git(tmp_path, "init", "-q", str(odd))
    setup = subprocess.run(
        [str(SCRIPT), "--data", folder, "git-setup", "--hooks"],
        cwd=odd, capture_output=True, text=True,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    assert "merge: ledger" in git(odd, "check-attr", "merge", "--", f"{folder}/demo.yaml").stdout
    evidence = odd / "evidence" / "DM-001"
    evidence.mkdir(parents=True)
    (evidence / "现场照片.jpg").write_bytes(b"jpeg")
    rectified = run(
        odd / folder,
        "rectify",
        "DM-001",
        "--on",
        "2020-04-10",
        "--evidence",
        str(evidence / "现场照片.jpg"),
    )
    assert rectified.exit_code == 0, rectified.stderr
    git(odd, "add", ".")
    committed = git(odd, "commit", "-qm", "with evidence")
    assert committed.returncode == 0
    assert "missing" not in committed.stderr and "PWNED" not in committed.stderr
    assert not (odd / "PWNED").exists() and not (tmp_path / "PWNED").exists()
