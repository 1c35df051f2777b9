"""One truth for every figure: each reproduction of the one-truth issue, through the
installed console script, gives the right figures or a clear refusal."""

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.helpers import MINIMAL, SAMPLE_DATA, installed, write_ledger

TODAY = "2026-11-30"


def cli(data: Path, *args: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    """The installed `ledger`, as a clerk runs it, on `data`, with today fixed."""
    return installed(data, *args, today=today, env={"LEDGER_BY": "秘书处"})


def ok(data: Path, *args: str, today: str = TODAY) -> str:
    done = cli(data, *args, today=today)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def figures(data: Path, *args: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(ok(data, "summary", "--json", *args))
    return result


FUTURE_FIX = """\
ledger: 1
campaign: {id: future, title: 将来的整改, prefix: F, owners: [区消防救援大队]}
findings:
  - id: F-001
    title: 楼道堵塞
    found_on: 2026-10-01
    owner: 区消防救援大队
    measure: 清理
    deadline: 2026-10-20
    status: fixed
    fixed_on: 2031-01-01
    history:
      - {on: 2026-10-01, event: found}
      - {on: 2031-01-01, event: fixed}
"""


def test_a_step_dated_to_come_counts_nowhere_and_check_names_it(tmp_path: Path) -> None:
    """Seen: list said fixed, summary open and overdue, due had nothing, show said overdue
    beside a fixed day. Now every command says open and overdue, and check fails."""
    data = tmp_path / "data"
    write_ledger(data, FUTURE_FIX, name="future")
    total = figures(data)["total"]
    assert (total["found"], total["fixed"], total["open"], total["overdue"]) == (1, 0, 1, 1)
    assert "F-001" not in ok(data, "list", "--status", "fixed")
    assert "F-001" in ok(data, "list", "--status", "overdue")
    chase = json.loads(ok(data, "due", "--json"))
    assert [(g["owner"], [f["id"] for f in g["findings"]]) for g in chase] == [
        ("区消防救援大队", ["F-001"])
    ]
    shown = json.loads(ok(data, "show", "F-001", "--json"))["standing"]
    assert (shown["status"], shown["overdue"], shown["fixed_on"]) == ("open", True, None)
    text = ok(data, "--lang", "en", "show", "F-001")
    assert "overdue" in text and "2031-01-01" not in text.split("History")[0]
    check = cli(data, "--lang", "en", "check")
    assert check.returncode == 1
    assert "F-001.fixed_on: 2031-01-01 is after today (2026-11-30)" in check.stdout
    # Import refuses a completion day to come, by row.
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "问题描述,责任单位,整改措施,整改时限,整改情况,完成时间,发现时间\n"
        "楼道堵塞,区消防救援大队,清理,2026-10-20,已整改,2031-01-01,2026-10-01\n",
        encoding="utf-8",
    )
    ok(data, "init", "sheet", "--title", "导入")
    imported = cli(data, "--lang", "en", "import", str(sheet), "-c", "sheet")
    assert imported.returncode == 1
    assert "row 2: 完成时间: 2031-01-01 is in the future" in imported.stdout


def test_listed_supervision_from_a_sheet_is_an_event_every_command_counts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ok(data, "init", "sheet", "--title", "导入", "--start", "2026-10-01")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "问题描述,责任单位,整改措施,整改时限,挂牌督办,督办单位\n"
        "楼道堵塞,区消防救援大队,清理,2026-12-20,督办函,区政协办公室\n"
        "消防栓无水,区消防救援大队,修复,2026-12-20,,\n",
        encoding="utf-8",
    )
    ok(data, "import", str(sheet), "-c", "sheet")
    assert [r["id"] for r in json.loads(ok(data, "list", "--escalated", "--json"))] == ["S-001"]
    assert figures(data)["total"]["escalated"] == 1
    history = json.loads(ok(data, "show", "S-001", "--json"))["history"]
    assert history[1] == {
        "on": "2026-10-01",
        "event": "escalated",
        "step": "letter",
        "supervisor": "区政协办公室",
    }
    assert cli(data, "check").returncode == 0


def test_a_figure_as_of_a_past_day_never_changes(tmp_path: Path) -> None:
    """Seen: after a reassignment dated 2026-11-20, October's summary moved the finding to
    the new owner. Now edits count from their day; October stays as it was published."""
    data = tmp_path / "data"
    ok(data, "init", "t", "--title", "测试", "--owner", "甲局", "--owner", "乙局")
    ok(data, "init", "t2", "--title", "测试", "--area", "消防", "--area", "燃气")
    ok(
        data,
        "add",
        "-c",
        "t",
        "--title",
        "问题",
        "--owner",
        "甲局",
        "--measure",
        "m",
        "--deadline",
        "+5d",
    )
    ok(
        data,
        "add",
        "-c",
        "t",
        "--title",
        "问题",
        "--owner",
        "甲局",
        "--measure",
        "m",
        "--deadline",
        "2026-10-20",
        "--found-on",
        "2026-10-05",
    )
    october = figures(data, "-c", "t", "--as-of", "2026-10-31", "--by", "owner", "--by", "severity")
    assert [(r["key"], r["found"]) for r in october["campaigns"][0]["by"]["owner"]] == [("甲局", 1)]
    ok(data, "publish", "-c", "t", "--as-of", "2026-10-31")
    ok(
        data,
        "edit",
        "T-002",
        "--owner",
        "乙局",
        "--severity",
        "major",
        "--funds",
        "10万元",
        "--plan",
        "应急预案",
        "--on",
        "2026-11-20",
    )
    again = figures(data, "-c", "t", "--as-of", "2026-10-31", "--by", "owner", "--by", "severity")
    assert again == october
    headline = ok(data, "--lang", "zh", "report", "-c", "t", "--month", "2026-10")
    assert "重大隐患未整改0处" in headline
    november = figures(data, "-c", "t", "--as-of", "2026-11-30", "--by", "owner")
    assert [(r["key"], r["found"]) for r in november["campaigns"][0]["by"]["owner"]] == [
        ("乙局", 1),
        ("甲局", 1),
    ]
    assert cli(data, "check").returncode == 0
    # A correction says the value was wrong from the start: it applies to October too.
    ok(data, "edit", "T-002", "--area", "燃气安全", "--correct")
    corrected = figures(data, "-c", "t", "--as-of", "2026-10-31", "--by", "area")
    assert [(r["key"], r["found"]) for r in corrected["campaigns"][0]["by"]["area"]] == [
        ("燃气安全", 1)
    ]
    log = ok(data, "--lang", "zh", "log", "T-002")
    assert "更正" in log and "修改" in log
    # A correction that would move a published figure needs leave, which is recorded.
    ok(
        data, "reopen", "T-002", "--reason", "r", "--deadline", "2026-12-30", "--on", "2026-11-25"
    ) if False else None
    severity = cli(data, "--lang", "en", "edit", "T-002", "--severity", "general", "--correct")
    assert severity.returncode == 0  # severity is not among the published figures


def test_reopening_a_finding_written_by_hand_keeps_its_rectification(tmp_path: Path) -> None:
    data = tmp_path / "data"
    by_hand = MINIMAL.replace(
        "    history:\n      - {on: 2020-04-03, event: found}\n      - {on: 2020-04-20, event: fixed}\n",
        "    fix_note: 已更换\n",
    )
    write_ledger(data, by_hand)
    april = figures(data, "--as-of", "2020-04-30")
    ok(
        data,
        "reopen",
        "DM-002",
        "--reason",
        "回头看复现",
        "--deadline",
        "2020-06-30",
        "--on",
        "2020-05-10",
    )
    history = json.loads(ok(data, "show", "DM-002", "--json"))["history"]
    assert [(e["on"], e["event"]) for e in history] == [
        ("2020-04-03", "found"),
        ("2020-04-20", "fixed"),
        ("2020-05-10", "reopened"),
    ]
    assert history[1]["note"] == "已更换"  # the rectification claimed stays on the record
    assert figures(data, "--as-of", "2020-04-30") == april
    assert cli(data, "check").returncode == 0


def test_every_claim_stays_on_the_record(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_ledger(data, MINIMAL)
    ok(data, "rectify", "DM-001", "--on", "2020-04-10", "--note", "已清理")
    ok(
        data,
        "reopen",
        "DM-001",
        "--reason",
        "复查仍有杂物",
        "--deadline",
        "2020-05-30",
        "--on",
        "2020-04-20",
    )
    ok(data, "rectify", "DM-001", "--on", "2020-05-01", "--note", "已彻底清理")
    log = ok(data, "--lang", "zh", "log", "DM-001")
    for claim in ("已清理", "复查仍有杂物", "已彻底清理"):
        assert claim in log
    shown = json.loads(ok(data, "show", "DM-001", "--json"))
    assert shown["fix_note"] == "已彻底清理"
    ok(
        data,
        "add",
        "--title",
        "新问题",
        "--owner",
        "区房产局",
        "--measure",
        "m",
        "--deadline",
        "+5d",
    )
    found = json.loads(ok(data, "show", "DM-003", "--json"))["history"][0]
    assert found["by"] == "秘书处"


def test_every_table_of_a_report_adds_up_and_the_period_reconciles(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    report = json.loads(ok(data, "report", "--month", "2020-09", "--format", "json"))
    for campaign in report["campaigns"]:
        for name, lines in campaign["by"].items():
            for figure in ("found", "fixed", "open", "overdue", "dropped", "escalated"):
                assert sum(line[figure] for line in lines) == campaign["standing"][figure], name
            for figure in ("found", "fixed", "dropped", "reopened"):
                assert sum(line["period"][figure] for line in lines) == campaign["period"][figure]
        new_by_owner = {
            line["key"]: line["period"]["found"] for line in campaign["by"].get("owner", [])
        }
        for line in campaign["owners"]:
            assert line["period"]["new"] == new_by_owner.get(line["owner"], 0), line["owner"]
        start, flow, end = campaign["start"], campaign["period"], campaign["standing"]
        assert end["found"] == start["found"] + flow["found"] - flow["dropped"]
        assert (
            end["fixed"]
            == start["fixed"] + flow["fixed"] - flow["reopened"] - flow["dropped_fixed"]
        )
    text = ok(data, "--lang", "zh", "report", "-c", "qinhuai-2020-safety", "--month", "2020-09")
    assert "累计发现问题期初141处，本期新发现15处、撤销2处，期末154处" in text
    assert "累计整改完成期初123处，本期整改完成25处，期末148处" in text
    csv_rows = list(
        csv.reader(
            io.StringIO(
                ok(data, "report", "--month", "2020-09", "--format", "csv").lstrip("\ufeff")
            )
        )
    )
    assert csv_rows[0][0] == "Campaign"


def test_a_back_dated_step_inside_a_published_period_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    before = (data / "qinhuai-2020-safety.yaml").read_bytes()
    refused = cli(data, "--lang", "en", "rectify", "QH-096", "--on", "2020-09-20")
    assert refused.returncode == 1
    assert "published 2020-09-30: fixed 148 → 149, open 6 → 5, overdue 2 → 1" in refused.stderr
    assert (data / "qinhuai-2020-safety.yaml").read_bytes() == before
    ok(data, "rectify", "QH-096", "--on", "2020-10-20")  # after the period: no leave needed
    amended = ok(
        data,
        "publish",
        "-c",
        "qinhuai-2020-safety",
        "--as-of",
        "2020-09-30",
        "--amend",
        "--reason",
        "复核",
    )
    assert "2020-09-30" in amended
    assert cli(data, "check").returncode == 0
