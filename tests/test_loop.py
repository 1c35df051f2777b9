"""The closed loop end to end: verify, reopen, drop, extend, log, batches from standard input."""

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, git, run


def figures(data: Path, day: str) -> dict[str, int]:
    result = run(data, "summary", "--as-of", day, "--json")
    return json.loads(result.stdout)["total"]  # type: ignore[no-any-return]


def shown(data: Path, finding_id: str) -> dict[str, object]:
    return json.loads(run(data, "show", finding_id, "--json").stdout)  # type: ignore[no-any-return]


def test_found_fixed_reopened_fixed_verified(data_dir: Path) -> None:
    steps = [
        ("rectify", "DM-001", "--on", "2020-04-10"),
        (
            "reopen",
            "DM-001",
            "--on",
            "2020-04-20",
            "--reason",
            "回头看发现复现",
            "--deadline",
            "2020-05-10",
        ),
        ("rectify", "DM-001", "--on", "2020-05-05", "--note", "彻底清理"),
        ("verify", "DM-001", "--on", "2020-05-20", "--note", "复查合格"),
    ]
    for step in steps:
        result = run(data_dir, "--lang", "en", *step)
        assert result.exit_code == 0, result.stderr
    # DM-002 (fixed 2020-04-20) counts alongside; DM-001's state is replayed day by day.
    assert figures(data_dir, "2020-04-09") == {
        "found": 2, "fixed": 0, "rate": 0.0, "open": 2, "overdue": 0,
        "verified": 0, "dropped": 0, "extended": 0, "reopened": 0, "major_open": 0,
        "escalated": 0, "reopened_twice": 0,
    }  # fmt: skip
    assert figures(data_dir, "2020-04-15")["fixed"] == 1
    at_reopen = figures(data_dir, "2020-04-20")
    assert (at_reopen["fixed"], at_reopen["reopened"], at_reopen["open"]) == (1, 1, 1)
    assert figures(data_dir, "2020-05-01")["overdue"] == 0  # the new deadline is in force
    assert figures(data_dir, "2020-05-06")["fixed"] == 2
    assert figures(data_dir, "2020-05-20")["verified"] == 1
    finding = shown(data_dir, "DM-001")
    assert (finding["status"], finding["fixed_on"], finding["deadline"]) == (
        "verified",
        "2020-05-05",
        "2020-05-10",
    )
    assert [e["event"] for e in finding["history"]] == [
        "found",
        "fixed",
        "reopened",
        "fixed",
        "verified",
    ]  # type: ignore[index,union-attr]
    assert finding["history"][2] == {  # type: ignore[index]
        "on": "2020-04-20", "event": "reopened", "reason": "回头看发现复现", "from": "2020-04-30", "to": "2020-05-10",
    }  # fmt: skip
    assert run(data_dir, "check").exit_code == 0


def test_found_extended_dropped(data_dir: Path) -> None:
    assert (
        run(
            data_dir,
            "extend",
            "DM-001",
            "--to",
            "2020-06-30",
            "--reason",
            "需协调",
            "--on",
            "2020-04-25",
        ).exit_code
        == 0
    )
    assert (
        figures(data_dir, "2020-05-15")["overdue"] == 0
    )  # extended before the old deadline passed
    assert figures(data_dir, "2020-04-25")["extended"] == 1
    assert figures(data_dir, "2020-04-24")["extended"] == 0
    assert (
        run(data_dir, "drop", "DM-001", "--reason", "不属实", "--on", "2020-07-02").exit_code == 0
    )
    before_drop, after_drop = figures(data_dir, "2020-07-01"), figures(data_dir, "2020-07-02")
    assert (before_drop["found"], before_drop["overdue"], before_drop["dropped"]) == (2, 1, 0)
    assert (after_drop["found"], after_drop["overdue"], after_drop["dropped"]) == (1, 0, 1)
    dropped = json.loads(run(data_dir, "list", "--status", "dropped", "--json").stdout)
    assert [f["id"] for f in dropped] == ["DM-001"]
    assert dropped[0]["history"][-1]["reason"] == "不属实"
    assert shown(data_dir, "DM-001")["history"][1] == {  # type: ignore[index]
        "on": "2020-04-25", "event": "extended", "reason": "需协调", "from": "2020-04-30", "to": "2020-06-30",
    }  # fmt: skip
    log = run(data_dir, "--lang", "en", "log", "DM-001").stdout
    assert "2020-04-30 → 2020-06-30; 需协调" in log
    assert log.index("found") < log.index("extended") < log.index("dropped")
    assert run(data_dir, "check").exit_code == 0


def test_transitions_that_make_no_sense_are_refused(data_dir: Path) -> None:
    before = (data_dir / "demo.yaml").read_bytes()
    cases = [
        (
            ("verify", "DM-001"),
            "DM-001 is open: it must be rectified (fixed) before the look-back can accept it",
        ),
        (
            ("reopen", "DM-001", "--reason", "x", "--deadline", "2020-06-01"),
            "DM-001 is open: only a fixed or verified finding",
        ),
        (
            ("extend", "DM-001", "--to", "2020-04-20", "--reason", "x"),
            "DM-001: the new deadline must be after the current one (2020-04-30)",
        ),
        (
            ("extend", "DM-002", "--to", "2020-09-20", "--reason", "x"),
            "DM-002 is fixed: only an open finding's deadline can be extended",
        ),
        (("drop", "DM-001", "--reason", "  "), "--reason is needed to record dropped"),
    ]
    for args, message in cases:
        result = run(data_dir, "--lang", "en", *args)
        assert result.exit_code in (1, 2), args
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    run(data_dir, "drop", "DM-001", "--reason", "重复", "--on", "2020-05-01")
    refused = run(data_dir, "--lang", "en", "rectify", "DM-001")
    assert refused.exit_code == 1
    assert "DM-001 is dropped: only an open finding can be rectified" in refused.stderr
    assert (data_dir / "demo.yaml").read_bytes() != before  # only the drop was written


def test_a_batch_from_standard_input_is_all_or_nothing(data_dir: Path) -> None:
    for n in range(3):
        run(
            data_dir,
            "add",
            "--title",
            f"问题{n}",
            "--owner",
            "区房产局",
            "--measure",
            "m",
            "--deadline",
            "+9d",
            "--found-on",
            "2020-04-02",
        )
    before = (data_dir / "demo.yaml").read_bytes()
    command = [
        sys.executable,
        "-m",
        "ledger",
        "--data",
        str(data_dir),
        "--lang",
        "en",
        "rectify",
        "-",
        "--on",
        "2020-06-20",
    ]
    bad = subprocess.run(
        command,
        input="DM-001\nDM-003\nDM-404\n# a comment\nDM-002\n\nDM-405\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "no finding DM-404 in demo",
        "DM-002 is fixed: only an open finding can be rectified",
        "no finding DM-405 in demo",
        "Error: 3 finding(s) refused; nothing was written",
    ]
    assert (data_dir / "demo.yaml").read_bytes() == before
    good = subprocess.run(
        command, input="DM-001\nDM-003\nDM-004\n", capture_output=True, text=True, cwd=ROOT
    )
    assert good.returncode == 0, good.stderr
    assert good.stdout.splitlines() == [f"Rectified DM-00{n} on 2020-06-20" for n in (1, 3, 4)]


def test_who_is_by_else_ledger_by_else_git_user_else_the_login(data_dir: Path) -> None:
    import getpass

    unset = {"LEDGER_BY": None}
    run(data_dir, "rectify", "DM-001", "--on", "2020-04-10", env=unset)  # outside git
    run(
        data_dir,
        "reopen",
        "DM-001",
        "--on",
        "2020-04-11",
        "--reason",
        "r",
        "--deadline",
        "2020-05-30",
        env={"LEDGER_BY": "秘书处"},
    )
    git(data_dir.parent, "init", "-q")
    git(data_dir.parent, "config", "user.name", "王秘书")
    run(data_dir, "rectify", "DM-001", "--on", "2020-04-12", env=unset)
    run(data_dir, "verify", "DM-001", "--on", "2020-04-13", "--by", "第一督导组", env=unset)
    history = shown(data_dir, "DM-001")["history"]
    login = getpass.getuser()
    assert [e.get("by") for e in history] == [None, login, "秘书处", "王秘书", "第一督导组"]  # type: ignore[union-attr]


def test_due_groups_what_to_chase_by_owner(data_dir: Path) -> None:
    from datetime import date, timedelta

    today = date.today()
    for title, owner, days in (
        ("快到期", "区商务局", 3),
        ("不急", "区商务局", 20),
        ("房产快到期", "区房产局", 1),
    ):
        deadline = (today + timedelta(days=days)).isoformat()
        run(
            data_dir,
            "add",
            "--title",
            title,
            "--owner",
            owner,
            "--measure",
            "m",
            "--deadline",
            deadline,
        )
    groups = json.loads(run(data_dir, "due", "--json").stdout)
    assert [(g["owner"], [f["id"] for f in g["findings"]]) for g in groups] == [
        ("区房产局", ["DM-001", "DM-005"]),  # DM-001 is long overdue: its owner comes first
        ("区商务局", ["DM-003"]),
    ]
    assert groups[0]["findings"][1]["days_left"] == 1
    wider = json.loads(run(data_dir, "due", "--within", "30", "--owner", "商务", "--json").stdout)
    assert [[f["id"] for f in g["findings"]] for g in wider] == [["DM-003", "DM-004"]]
    text = run(data_dir, "--lang", "zh", "due").stdout
    assert "区房产局 (2)" in text
    assert "共3条待督促，涉及2个责任单位" in text


def test_edit_records_old_and_new(data_dir: Path) -> None:
    result = run(
        data_dir,
        "--lang",
        "en",
        "edit",
        "DM-001",
        "--owner",
        "区消防救援大队",
        "--measure",
        "清理并罚款",
        "--on",
        "2020-04-05",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Edited DM-001: Owner: 区房产局 → 区消防救援大队; Measure: 清理杂物 → 清理并罚款\n"
    )
    finding = shown(data_dir, "DM-001")
    assert (finding["owner"], finding["measure"]) == ("区消防救援大队", "清理并罚款")
    assert finding["history"][1:] == [  # type: ignore[index]
        {
            "on": "2020-04-05",
            "event": "edited",
            "field": "owner",
            "old": "区房产局",
            "new": "区消防救援大队",
        },
        {
            "on": "2020-04-05",
            "event": "edited",
            "field": "measure",
            "old": "清理杂物",
            "new": "清理并罚款",
        },
    ]
    assert (
        "Owner: 区房产局 → 区消防救援大队" in run(data_dir, "--lang", "en", "log", "DM-001").stdout
    )
    # Another edit the same day names only what it changed, in the chosen language.
    again = run(
        data_dir, "--lang", "zh", "edit", "DM-001", "--measure", "清理", "--on", "2020-04-05"
    )
    assert again.stdout == "已修改 DM-001：整改措施：清理并罚款 → 清理\n"
    before = (data_dir / "demo.yaml").read_bytes()
    for args, message in (
        (("--owner", "区房产"), "did you mean '区房产局'?"),
        (("--severity", "huge"), "'huge' is not one of general, major"),
        (("--owner", "区消防救援大队"), "DM-001 already has these values"),
        ((), "give at least one of --title"),
    ):
        refused = run(data_dir, "--lang", "en", "edit", "DM-001", *args)
        assert refused.exit_code == 2
        assert message in refused.stderr
    assert (data_dir / "demo.yaml").read_bytes() == before
    assert run(data_dir, "check").exit_code == 0


def test_escalation_ladder_and_listed_supervision(data_dir: Path) -> None:
    steps = [
        ("escalate", "DM-001", "--step", "notice", "--on", "2020-05-02"),
        (
            "escalate",
            "DM-001",
            "--step",
            "interview",
            "--supervisor",
            "区政协办公室",
            "--on",
            "2020-05-20",
        ),
    ]
    for step in steps:
        assert run(data_dir, *step).exit_code == 0
    assert figures(data_dir, "2020-05-01")["escalated"] == 0
    assert figures(data_dir, "2020-05-02")["escalated"] == 1
    finding = shown(data_dir, "DM-001")
    assert (finding["escalation"], finding["supervisor"], finding["owner"]) == (
        "interview",
        "区政协办公室",
        "区房产局",
    )
    listed = json.loads(run(data_dir, "list", "--escalated", "--json").stdout)
    assert [f["id"] for f in listed] == ["DM-001"]
    assert "[挂牌督办：约谈]" in run(data_dir, "--lang", "zh", "list").stdout
    assert "约谈 区政协办公室" in run(data_dir, "--lang", "zh", "log", "DM-001").stdout
    refused = run(data_dir, "--lang", "en", "escalate", "DM-002", "--step", "letter")
    assert (refused.exit_code, "DM-002 is fixed" in refused.stderr) == (1, True)
    assert (
        run(data_dir, "--lang", "en", "escalate", "DM-001").exit_code == 2
    )  # neither --step nor --off
    assert run(data_dir, "escalate", "DM-001", "--off", "--on", "2020-06-01").exit_code == 0
    assert figures(data_dir, "2020-06-01")["escalated"] == 0
    assert figures(data_dir, "2020-05-31")["escalated"] == 1  # as it was then
    assert "escalation" not in shown(data_dir, "DM-001")
    assert run(data_dir, "check").exit_code == 0


def test_a_finding_reopened_twice_is_flagged(data_dir: Path) -> None:
    for step in (
        ("rectify", "DM-001", "--on", "2020-04-10"),
        ("reopen", "DM-001", "--on", "2020-04-12", "--reason", "反弹", "--deadline", "2020-05-10"),
        ("rectify", "DM-001", "--on", "2020-04-20"),
        (
            "reopen",
            "DM-001",
            "--on",
            "2020-04-22",
            "--reason",
            "再次反弹",
            "--deadline",
            "2020-05-20",
        ),
    ):
        assert run(data_dir, *step).exit_code == 0
    assert figures(data_dir, "2020-04-21")["reopened_twice"] == 0
    assert figures(data_dir, "2020-04-22")["reopened_twice"] == 1
    assert "[reopened ×2]" in run(data_dir, "--lang", "en", "list").stdout
    assert "1 reopened (1 twice or more)" in run(data_dir, "--lang", "en", "summary").stdout


def test_notice_golden_and_deterministic(tmp_path: Path) -> None:
    from tests.helpers import SAMPLE_DATA
    from tests.test_cli_read import golden

    args = ("notice", "--owner", "区建设局", "-c", "qinhuai-2020-safety", "--date", "2020-09-30")
    first = run(SAMPLE_DATA, *args)
    assert first.exit_code == 0, first.stderr
    assert (
        first.stdout == run(SAMPLE_DATA, *args).stdout
    )  # the same ledger and date, the same notice
    golden("notice-2020-zh.md", first.stdout)
    english = run(SAMPLE_DATA, "--lang", "en", *args, "--format", "txt")
    golden("notice-2020-en.txt", english.stdout)
    target = tmp_path / "通知书.md"
    written = run(SAMPLE_DATA, *args, "-o", str(target))
    assert written.exit_code == 0
    assert target.read_text(encoding="utf-8") == first.stdout


def test_notice_refusals(data_dir: Path) -> None:
    nothing = run(data_dir, "--lang", "en", "notice", "--owner", "区商务局", "--date", "2020-05-01")
    assert (nothing.exit_code, nothing.stderr) == (
        1,
        "Error: 区商务局 has no open findings as of 2020-05-01: no notice to send"
        " (owners with open findings: 区房产局)\n",
    )
    wrong = run(data_dir, "--lang", "en", "notice", "--owner", "区房产局", "--format", "pdf")
    assert wrong.exit_code == 2
    assert "--format: 'pdf' is not one of md, txt" in wrong.stderr


def test_evidence_is_recorded_relative_to_the_repository(data_dir: Path, tmp_path: Path) -> None:
    repo = data_dir.parent
    git(repo, "init", "-q")
    photos = repo / "evidence" / "DM-001"
    photos.mkdir(parents=True)
    (photos / "现场照片.jpg").write_bytes(b"jpeg")
    (photos / "整改报告.pdf").write_bytes(b"pdf")
    outside = tmp_path.parent / "elsewhere.jpg"
    outside.write_bytes(b"x")
    before = (data_dir / "demo.yaml").read_bytes()
    for bad, message in (
        (outside, "is outside the ledgers' repository"),
        (photos / "无.jpg", "--evidence: no file"),
    ):
        refused = run(data_dir, "--lang", "en", "rectify", "DM-001", "--evidence", str(bad))
        assert refused.exit_code == 2
        assert message in refused.stderr
    assert (data_dir / "demo.yaml").read_bytes() == before
    args = ["--evidence", str(photos / "现场照片.jpg"), "--evidence", str(photos / "整改报告.pdf")]
    assert run(data_dir, "rectify", "DM-001", "--on", "2020-04-10", *args).exit_code == 0
    event = shown(data_dir, "DM-001")["history"][-1]  # type: ignore[index]
    assert event["evidence"] == ["evidence/DM-001/现场照片.jpg", "evidence/DM-001/整改报告.pdf"]
    assert run(data_dir, "check").exit_code == 0
    (photos / "整改报告.pdf").unlink()
    checked = run(data_dir, "--lang", "en", "check")
    assert checked.exit_code == 0  # a warning, not a failure
    assert checked.stdout.endswith(
        "DM-001.history: warning: evidence file evidence/DM-001/整改报告.pdf is missing\n"
    )
    assert checked.stderr == "1 ledger(s) checked, no problems, 1 warning(s)\n"


def test_notice_as_a_word_document(tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Cm

    from tests.helpers import SAMPLE_DATA

    args = (
        "notice",
        "--owner",
        "区建设局",
        "-c",
        "qinhuai-2020-safety",
        "--date",
        "2020-09-30",
        "--format",
        "docx",
    )
    first, second = tmp_path / "一.docx", tmp_path / "二.docx"
    assert run(SAMPLE_DATA, *args, "-o", str(first)).exit_code == 0
    assert run(SAMPLE_DATA, *args, "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()  # deterministic, to commit and diff
    document = Document(str(first))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (
        Cm(21).cm,
        Cm(29.7).cm,
    )
    assert document.paragraphs[0].text == "督促限期整改通知书"
    notice_table, reply = document.tables
    assert [cell.text for cell in notice_table.rows[0].cells] == [
        "序号",
        "编号",
        "问题描述",
        "地点",
        "整改措施",
        "整改时限",
        "超期天数",
    ]
    assert [row.cells[1].text for row in notice_table.rows[1:]] == ["QH-096", "QH-153"]
    assert notice_table.rows[1].cells[6].text == "81"
    assert [cell.text for cell in reply.rows[0].cells] == [
        "编号",
        "问题描述",
        "整改情况",
        "完成时间",
    ]
    assert run(SAMPLE_DATA, "--lang", "en", *args).exit_code == 2  # docx needs -o
