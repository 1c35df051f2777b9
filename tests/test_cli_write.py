"""Write commands end to end: init, add, rectify; every refusal leaves the file untouched."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.helpers import QUICK_ADD, run


def read(path: Path) -> bytes:
    return path.read_bytes()


def test_init_creates_a_ledger_that_checks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run(
        data, "--lang", "en", "init", "qinhuai-2021-lookback", "--title", "回头看",
        "--prefix", "LB", "--area", "燃气安全", "--area", "消防安全", "--owner", "区商务局",
        "--start", "2021/3/1", "--end", "2021年6月30日", "--organiser", "秦淮区政协",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    path = data / "qinhuai-2021-lookback.yaml"
    assert result.stdout == f"Created {path}\n"
    assert path.read_text(encoding="utf-8") == (
        "# 台账 · 回头看\n"
        "# Kept with the `ledger` command and by hand: comments and extra keys stay.\n"
        "ledger: 2\n"
        "campaign:\n"
        "  id: qinhuai-2021-lookback\n"
        "  title: 回头看\n"
        "  organiser: 秦淮区政协\n"
        "  start: 2021-03-01\n"
        "  end: 2021-06-30\n"
        "  prefix: LB\n"
        "  areas: [燃气安全, 消防安全]\n"
        "  owners: [区商务局]\n"
        "findings: []\n"
    )
    assert run(data, "check").exit_code == 0


def test_init_never_overwrites(data_dir: Path) -> None:
    before = read(data_dir / "demo.yaml")
    result = run(data_dir, "--lang", "en", "init", "demo", "--title", "again")
    assert result.exit_code == 2
    assert "exists already" in result.stderr
    assert read(data_dir / "demo.yaml") == before


def test_init_default_prefix_and_bad_prefix(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "init", "xuanwu-2022-gas", "--title", "燃气").exit_code == 0
    assert "prefix: X2G\n" in (data / "xuanwu-2022-gas.yaml").read_text(encoding="utf-8")
    result = run(data, "--lang", "en", "init", "other", "--title", "t", "--prefix", "1-A")
    assert result.exit_code == 2
    assert not (data / "other.yaml").exists()


def test_first_add_to_a_new_ledger_then_more(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run(data, "init", "demo", "--title", "演示", "--prefix", "DM")
    for n in range(1, 4):
        result = run(
            data, "--lang", "en", "add", "--title", f"问题{n}", "--owner", "区房产局",
            "--measure", "整改", "--deadline", "2020-06-30", "--found-on", "2020-05-01",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"Added DM-00{n}: 问题{n}\n"
    text = (data / "demo.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "findings:\n"
        "  - id: DM-001\n"
        "    title: 问题1\n"
        "    found_on: 2020-05-01\n"
        "    severity: general\n"
        "    owner: 区房产局\n"
        "    measure: 整改\n"
        "    deadline: 2020-06-30\n"
        "    status: open\n"
        "    history:\n"
        "      - {date: 2020-05-01, event: found}\n"
        "  - id: DM-002\n"
        "    title: 问题2\n"
        "    found_on: 2020-05-01\n"
        "    severity: general\n"
        "    owner: 区房产局\n"
        "    measure: 整改\n"
        "    deadline: 2020-06-30\n"
        "    status: open\n"
        "    history:\n"
        "      - {date: 2020-05-01, event: found}\n"
        "  - id: DM-003\n"
        "    title: 问题3\n"
        "    found_on: 2020-05-01\n"
        "    severity: general\n"
        "    owner: 区房产局\n"
        "    measure: 整改\n"
        "    deadline: 2020-06-30\n"
        "    status: open\n"
        "    history:\n"
        "      - {date: 2020-05-01, event: found}\n"
    )
    assert run(data, "check").exit_code == 0


def test_add_every_field_and_json(data_dir: Path) -> None:
    result = run(
        data_dir, "add", "--title", "电梯五方通话失灵", "--owner", "区房产局", "--measure", "修复通话装置",
        "--deadline", "+30d", "--area", "消防安全", "--location", "夫子庙街道 某小区",
        "--found-by", "第一督导组", "--severity", "major", "--contact", "王某", "--json",
        "--funds", "区财政专项资金5万元", "--plan", "落实应急预案",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    finding = json.loads(result.stdout)
    today = date.today()
    assert finding == {
        "campaign": "demo",
        "id": "DM-003",
        "title": "电梯五方通话失灵",
        "owner": "区房产局",
        "measure": "修复通话装置",
        "found_on": today.isoformat(),
        "deadline": (today + timedelta(days=30)).isoformat(),
        "area": "消防安全",
        "location": "夫子庙街道 某小区",
        "found_by": "第一督导组",
        "severity": "major",
        "contact": "王某",
        "funds": "区财政专项资金5万元",
        "plan": "落实应急预案",
        "status": "open",
        "history": [{"on": today.isoformat(), "event": "found"}],
    }


def test_ids_are_never_reused(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("DM-002", "DM-017"), encoding="utf-8")
    result = run(data_dir, *QUICK_ADD)
    assert "DM-018" in result.stdout


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (["--owner", "区房产", "--area", "消防安全"], 2,
         "--owner: '区房产' is not declared in the campaign; did you mean '区房产局'? (declared: 区房产局, 区商务局, 区消防救援大队)"),
        (["--owner", "区房产局", "--area", "防汛"], 2, "--area: '防汛' is not declared in the campaign"),
        (["--owner", "区房产局", "--deadline", "2020-13-01"], 2, "--deadline: '2020-13-01' is not a date"),
        (["--owner", "区房产局", "--found-on", "2099-01-01"], 2, "--found-on: 2099-01-01 is in the future"),
        (["--owner", "区房产局", "--found-on", "2020-05-01", "--deadline", "2020-04-01"], 2,
         "--deadline 2020-04-01 is before --found-on 2020-05-01"),
        (["--owner", "区房产局", "--severity", "huge"], 2, "--severity: 'huge' is not one of general, major"),
        (["--owner", "  "], 2, "--owner must not be empty"),
    ],
)  # fmt: skip
def test_add_refusals_leave_the_file_untouched(
    data_dir: Path, options: list[str], code: int, message: str
) -> None:
    before = read(data_dir / "demo.yaml")
    args = ["--title", "t", "--measure", "m", "--deadline", "+10d", *options]
    result = run(data_dir, "--lang", "en", "add", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert read(data_dir / "demo.yaml") == before


def test_add_without_a_terminal_names_what_is_missing(data_dir: Path) -> None:
    before = read(data_dir / "demo.yaml")
    result = run(data_dir, "--lang", "en", "add", "--title", "t", "--owner", "区房产局")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: missing --measure, --deadline: a finding needs an owner, a measure and a deadline\n"
    )
    assert read(data_dir / "demo.yaml") == before


def test_rectify_several_at_once(data_dir: Path) -> None:
    run(data_dir, *QUICK_ADD, "--found-on", "2020-04-02")
    result = run(
        data_dir,
        "--lang",
        "en",
        "rectify",
        "DM-001",
        "DM-003",
        "--on",
        "2020/5/20",
        "--note",
        "已整改",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Rectified DM-001 on 2020-05-20\nRectified DM-003 on 2020-05-20\n"
    for finding_id in ("DM-001", "DM-003"):
        shown = json.loads(run(data_dir, "show", finding_id, "--json").stdout)
        assert shown["status"] == "fixed"
        assert shown["fixed_on"] == "2020-05-20"
        assert shown["fix_note"] == "已整改"
        assert shown["history"][-1] == {"on": "2020-05-20", "event": "fixed", "note": "已整改"}
    assert run(data_dir, "check").exit_code == 0


def test_rectify_defaults_to_today(data_dir: Path) -> None:
    assert run(data_dir, "rectify", "DM-001").exit_code == 0
    shown = json.loads(run(data_dir, "show", "DM-001", "--json").stdout)
    assert shown["fixed_on"] == date.today().isoformat()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["DM-001", "DM-002"], 1, "DM-002 is fixed: only an open finding can be rectified"),
        (["DM-001", "DM-404"], 1, "no finding DM-404 in demo"),
        (["DM-001", "-c", "demo", "DM-404"], 1, "no finding DM-404 in demo"),
        (
            ["DM-001", "--on", "2020-03-01"],
            1,
            "DM-001: --on is before its last recorded event (2020-04-01)",
        ),
        (["DM-001", "--on", "soon"], 2, "--on: 'soon' is not a date"),
        (["DM-001", "DM-001"], 2, "the same id is given twice"),
    ],
)
def test_rectify_is_all_or_nothing(
    data_dir: Path, args: list[str], code: int, message: str
) -> None:
    before = read(data_dir / "demo.yaml")
    result = run(data_dir, "--lang", "en", "rectify", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert read(data_dir / "demo.yaml") == before


def test_a_broken_ledger_is_never_written(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("deadline: 2020-04-30", "deadline: 2020-04-31"),
        encoding="utf-8",
    )
    before = read(path)
    result = run(data_dir, "--lang", "en", "rectify", "DM-001")
    assert result.exit_code == 1
    assert (
        f"{path}:16: DM-001.deadline: '2020-04-31' is not a date (write 2020-05-31)"
        in result.stderr
    )
    assert read(path) == before


def test_rectify_a_finding_written_without_history(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    status: open\n    history:\n      - {on: 2020-04-01, event: found}\n", ""
    )
    path.write_text(text, encoding="utf-8")
    assert run(data_dir, "rectify", "DM-001", "--on", "2020-04-09").exit_code == 0
    shown = json.loads(run(data_dir, "show", "DM-001", "--json").stdout)
    assert shown["history"] == [
        {"on": "2020-04-01", "event": "found"},
        {"on": "2020-04-09", "event": "fixed"},
    ]
    assert run(data_dir, "check").exit_code == 0


def test_a_major_finding_needs_the_five_in_place(data_dir: Path) -> None:
    before = read(data_dir / "demo.yaml")
    result = run(data_dir, "--lang", "en", *QUICK_ADD, "--severity", "major", "--funds", "5万元")
    assert result.exit_code == 2
    assert "missing --plan: a major finding needs funds and a contingency plan too" in result.stderr
    assert read(data_dir / "demo.yaml") == before
    path = data_dir / "demo.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    owner: 区商务局\n", "    severity: major\n    owner: 区商务局\n"
        ),
        encoding="utf-8",
    )
    checked = run(data_dir, "--lang", "zh", "check")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        f"{path}:20: DM-002.funds（资金）: 重大隐患缺少资金：须做到责任、措施、资金、时限、预案“五到位”",
        f"{path}:20: DM-002.plan（预案）: 重大隐患缺少预案：须做到责任、措施、资金、时限、预案“五到位”",
    ]
