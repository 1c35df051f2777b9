"""The campaign record: activities, the problem list, suggestions and published figures,
written by commands beside the findings without touching any other line."""

import difflib
import json
from datetime import date
from pathlib import Path

from ledger.storage.store import load
from tests.helpers import MINIMAL, SAMPLE_DATA, run, write_ledger


def added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if any line was changed or removed."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert all(op[0] == "insert" for op in opcodes), opcodes
    return [line for _, _, _, start, end in opcodes for line in new[start:end]]


def test_first_activity_starts_a_section_before_the_findings(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    result = run(
        data_dir,
        "activity", "add", "--kind", "inspection", "--on", "2020-04-02", "--participants", "6",
        "--place", "秦虹街道", "--group", "第一督导组", "--by", "秘书处",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "recorded A-001: on-site inspection on 2020-04-02\n"
    text = path.read_text(encoding="utf-8")
    assert added_lines(MINIMAL, text)[:7] == [
        "activities:",
        "  - id: A-001",
        "    kind: inspection",
        "    on: 2020-04-02",
        "    place: 秦虹街道",
        "    participants: 6",
        "    group: 第一督导组",
    ]
    assert text.index("activities:") < text.index("findings:")


def test_more_entries_append_to_their_section_only(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    run(data_dir, "activity", "add", "--kind", "seminar", "--on", "2020-04-02")
    before = path.read_text(encoding="utf-8")
    run(data_dir, "activity", "add", "--kind", "lookback", "--on", "2020-04-20", "--note", "复查")
    after = path.read_text(encoding="utf-8")
    assert len(added_lines(before, after)) == 6
    assert "  - id: A-002\n    kind: lookback\n    on: 2020-04-20\n    note: 复查\n" in after
    assert after.index("A-002") < after.index("findings:")
    assert "# a comment on an id" in after


def test_item_groups_findings_of_the_ledger(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    before = path.read_text(encoding="utf-8")
    refused = run(data_dir, "item", "add", "--title", "消防通道", "--finding", "DM-009")
    assert refused.exit_code == 1
    assert "DM-009" in refused.stderr
    assert path.read_text(encoding="utf-8") == before
    done = run(
        data_dir, "item", "add", "--title", "杂物与软管", "--finding", "DM-001",
        "--finding", "DM-002", "--on", "2020-05-01",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "    findings: [DM-001, DM-002]" in added_lines(before, path.read_text(encoding="utf-8"))
    listed = json.loads(run(data_dir, "item", "list", "--json").stdout)
    assert [(i["id"], i["findings"]) for i in listed] == [("L-001", ["DM-001", "DM-002"])]


def test_check_finds_an_item_listing_an_unknown_finding(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    text = MINIMAL.replace(
        "findings:\n",
        "items:\n  - id: L-001\n    title: x\n    on: 2020-05-01\n    findings: [DM-001, DM-077]\nfindings:\n",
        1,
    )
    write_ledger(folder, text)
    result = run(folder, "check")
    assert result.exit_code == 1
    line = text.splitlines().index("    findings: [DM-001, DM-077]") + 1
    assert f"demo.yaml:{line}: L-001.findings: item L-001 lists DM-077" in result.stdout


def test_a_wrong_field_in_a_hand_written_activity_names_file_line_and_id(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    text = MINIMAL.replace(
        "findings:\n",
        "activities:\n  - id: A-001\n    kind: inspection\n    on: 2020-04-02\n"
        "  - id: A-002\n    kind: picnic\n    on: someday\nfindings:\n",
        1,
    )
    write_ledger(folder, text)
    result = run(folder, "check")
    assert result.exit_code == 1
    lines = text.splitlines()
    kind_line = lines.index("    kind: picnic") + 1
    on_line = lines.index("    on: someday") + 1
    assert f"demo.yaml:{kind_line}: A-002.kind:" in result.stdout
    assert f"demo.yaml:{on_line}: A-002.on: 'someday' is not a date" in result.stdout


def test_suggestion_moves_through_its_statuses(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    added = run(
        data_dir,
        "suggest",
        "add",
        "--title",
        "建设集中充电设施",
        "--to",
        "区房产局",
        "--on",
        "2020-05-01",
    )
    assert added.stdout == "recorded S-001: 建设集中充电设施\n"
    assert (
        run(
            data_dir, "suggest", "set", "S-001", "--status", "adopted", "--on", "2020-05-20"
        ).exit_code
        == 0
    )
    again = run(data_dir, "suggest", "set", "S-001", "--status", "adopted")
    assert again.exit_code == 1
    assert "already adopted" in again.stderr
    assert run(data_dir, "suggest", "set", "S-001", "--status", "maybe").exit_code == 2
    assert run(data_dir, "suggest", "set", "S-009", "--status", "done").exit_code == 1
    back = run(data_dir, "suggest", "set", "S-001", "--status", "done", "--on", "2020-05-10")
    assert back.exit_code == 1  # before the last change
    text = path.read_text(encoding="utf-8")
    assert (
        "    status: adopted\n    history:\n      - {on: 2020-05-01, event: proposed}\n      - {on: 2020-05-20, event: adopted}\n"
        in text
    )
    zh = run(data_dir, "--lang", "zh", "suggest", "list")
    assert "已采纳" in zh.stdout


def test_bad_input_is_a_usage_error_and_writes_nothing(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    before = path.read_bytes()
    for args in (
        ("activity", "add", "--kind", "picnic"),
        ("activity", "add", "--kind", "meeting", "--participants", "-3"),
        ("activity", "add", "--kind", "meeting", "--on", "2999-01-01"),
        ("suggest", "add", "--title", " ", "--to", "x"),
        ("item", "add", "--title", "x", "--finding", "DM-001", "--on", "not-a-date"),
    ):
        assert run(data_dir, *args).exit_code == 2, args
    assert path.read_bytes() == before


def test_publish_then_a_backdated_edit_fails_check(data_dir: Path) -> None:
    published = run(data_dir, "publish", "--as-of", "2020-04-30", "--note", "报区委")
    assert published.exit_code == 0, published.stderr
    assert published.stdout.startswith(
        "published for 2020-04-30: 2 found, 1 fixed, 1 open, 0 overdue"
    )
    text = (data_dir / "demo.yaml").read_text(encoding="utf-8")
    assert (
        "published:\n  - as_of: 2020-04-30\n    found: 2\n    fixed: 1\n    open: 1\n    overdue: 0\n"
        "    period: {from: 2020-04-01, found: 2, fixed: 1, verified: 0, dropped: 0}\n"
    ) in text
    assert run(data_dir, "check").exit_code == 0
    assert run(data_dir, "publish", "--as-of", "2020-04-30").exit_code == 2
    # Rectified today, but recorded as done on 2020-04-25: that would change what 2020-04-30
    # said, so it is refused at once, naming the date and each figure; nothing is written.
    before = (data_dir / "demo.yaml").read_bytes()
    refused = run(data_dir, "--lang", "en", "rectify", "DM-001", "--on", "2020-04-25")
    assert refused.exit_code == 1
    assert "published 2020-04-30: fixed 1 → 2, open 1 → 0, period.fixed 1 → 2" in refused.stderr
    assert "--amend-published" in refused.stderr
    assert (data_dir / "demo.yaml").read_bytes() == before
    # A hand edit that does the same is caught by check.
    (data_dir / "demo.yaml").write_text(
        before.decode("utf-8").replace(
            "    status: open\n    history:\n      - {on: 2020-04-01, event: found}\n",
            "    status: fixed\n    fixed_on: 2020-04-25\n    history:\n"
            "      - {on: 2020-04-01, event: found}\n      - {on: 2020-04-25, event: fixed}\n",
        ),
        encoding="utf-8",
    )
    result = run(data_dir, "check")
    assert result.exit_code == 1
    assert (
        "published[2020-04-30]: the figures published for 2020-04-30 no longer match the ledger: "
        "fixed 1 → 2, open 1 → 0, period.fixed 1 → 2"
    ) in result.stdout
    (data_dir / "demo.yaml").write_bytes(before)
    # With leave, the step is written and the publication takes the new figures, keeping the
    # old ones and the reason in its history; check passes.
    amended = run(
        data_dir,
        "rectify",
        "DM-001",
        "--on",
        "2020-04-25",
        "--amend-published",
        "整改报告迟报",
        "--by",
        "秘书处",
    )
    assert amended.exit_code == 0, amended.stderr
    publication = load(data_dir / "demo.yaml").records("published")[0]
    assert (publication["fixed"], publication["open"], publication["period"]["fixed"]) == (2, 0, 2)
    assert publication["history"] == [
        {
            "on": date.today(),
            "event": "amended",
            "by": "秘书处",
            "reason": "整改报告迟报",
            "was": {
                "found": 2,
                "fixed": 1,
                "open": 1,
                "overdue": 0,
                "period": {
                    "from": date(2020, 4, 1),
                    "found": 2,
                    "fixed": 1,
                    "verified": 0,
                    "dropped": 0,
                },
            },
        }
    ]
    assert run(data_dir, "check").exit_code == 0
    # Rectifying on a later day leaves the published figures standing.
    assert (
        run(
            data_dir,
            "reopen",
            "DM-001",
            "--on",
            "2020-06-01",
            "--reason",
            "r",
            "--deadline",
            "2020-06-30",
        ).exit_code
        == 0
    )


def test_sample_campaign_record_reproduces_the_closing_report() -> None:
    activities = json.loads(
        run(SAMPLE_DATA, "activity", "list", "-c", "qinhuai-2020-safety", "--json").stdout
    )
    assert len(activities) == 76  # 31 inspections, 38 meetings, 6 interviews, 1 investigation
    assert sum(a["kind"] == "inspection" for a in activities) == 31
    assert sum(a["kind"] in ("meeting", "seminar", "lookback") for a in activities) == 38
    assert sum(a.get("participants", 0) for a in activities) == 312
    items = json.loads(
        run(SAMPLE_DATA, "item", "list", "-c", "qinhuai-2020-safety", "--json").stdout
    )
    assert len(items) == 15
    suggestions = json.loads(
        run(SAMPLE_DATA, "suggest", "list", "-c", "qinhuai-2020-safety", "--json").stdout
    )
    assert len(suggestions) == 10
    assert run(SAMPLE_DATA, "check").exit_code == 0


def test_positions_after_a_section_edit_match_a_fresh_parse(data_dir: Path) -> None:
    """The cache keeps the shifted positions a section edit computes: they must be what a
    parse of the new file gives, or later edits and messages would point at wrong lines."""
    from ledger.storage.parser import parse
    from ledger.storage.source import read_source
    from ledger.storage.store import load

    path = data_dir / "demo.yaml"
    for args in (
        ("suggest", "add", "--title", "s", "--to", "o", "--on", "2020-05-01"),
        ("activity", "add", "--kind", "meeting", "--on", "2020-05-02"),
        ("activity", "add", "--kind", "meeting", "--on", "2020-05-03"),
        ("publish", "--as-of", "2020-05-31"),
        ("suggest", "set", "S-001", "--status", "done", "--on", "2020-06-01"),
    ):
        assert run(data_dir, *args).exit_code == 0, args
        cached = load(path)
        assert cached.cached is not None, args  # the command left a warm cache
        assert cached.positions == parse(read_source(path)).positions, args
    assert run(data_dir, "rectify", "DM-001", "--on", "2020-06-02").exit_code == 0
    assert run(data_dir, "check").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.index("activities:") < text.index("suggestions:") < text.index("published:")
    assert text.index("published:") < text.index("findings:")


def test_check_finds_a_duplicate_suggestion_id(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    entry = "  - {id: S-001, title: x, addressee: y, on: 2020-05-01, status: proposed}\n"
    text = MINIMAL.replace("findings:\n", "suggestions:\n" + entry + entry + "findings:\n", 1)
    write_ledger(folder, text)
    result = run(folder, "check")
    assert result.exit_code == 1
    first = text.splitlines().index(entry.rstrip("\n")) + 1
    assert (
        f"demo.yaml:{first + 1}: S-001.id: id S-001 is used again (first at line {first})"
        in result.stdout
    )
