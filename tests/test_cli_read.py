"""Read commands end to end: summary, list, show, check, on real files."""

import json
import os
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, ROOT, SAMPLE_DATA, run, write_ledger

GOLDEN = ROOT / "tests" / "golden"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; LEDGER_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("LEDGER_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_the_headline_figures_in_english() -> None:
    result = run(
        SAMPLE_DATA, "--lang", "en", "summary", "-c", "qinhuai-2020-safety", "--as-of", "2020-09-30"
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "安全生产工作专项民主监督 (qinhuai-2020-safety) · as of 2020-09-30"
    assert lines[1] == "154 found, 148 fixed (96.1%), 6 open, 2 overdue"
    golden("summary-2020-en.txt", result.stdout)


def test_the_headline_figures_in_chinese() -> None:
    result = run(
        SAMPLE_DATA, "--lang", "zh", "summary", "-c", "qinhuai-2020-safety", "--as-of", "2020-09-30"
    )
    assert (
        result.stdout.splitlines()[1]
        == "发现问题154处，整改完成148处（96.1%），未完成6处，其中超期2处"
    )
    assert "\\u" not in result.stdout
    golden("summary-2020-zh.txt", result.stdout)


def test_chinese_from_the_locale() -> None:
    result = run(
        SAMPLE_DATA,
        "summary",
        "-c",
        "qinhuai-2020-safety",
        "--as-of",
        "2020-09-30",
        env={"LANG": "zh_CN.UTF-8"},
    )
    assert result.stdout.startswith(
        "安全生产工作专项民主监督（qinhuai-2020-safety）· 截至2020-09-30"
    )
    result = run(
        SAMPLE_DATA,
        "summary",
        "-c",
        "qinhuai-2020-safety",
        env={"LANG": "zh_CN.UTF-8", "LEDGER_LANG": "en"},
    )
    assert "found" in result.stdout


def test_chinese_columns_align() -> None:
    from rich.cells import cell_len

    result = run(
        SAMPLE_DATA, "--lang", "zh", "summary", "-c", "qinhuai-2020-safety", "--as-of", "2020-09-30"
    )
    rows = [
        line
        for line in result.stdout.splitlines()
        if "区房产局" in line or "区消防救援大队" in line
    ]
    assert len({cell_len(row) for row in rows}) == 1
    assert len({cell_len(row.split("%")[0]) for row in rows}) == 1


def test_summary_of_every_campaign_has_a_row_each_and_a_total() -> None:
    result = run(SAMPLE_DATA, "--lang", "en", "summary", "--as-of", "2021-07-01")
    assert result.exit_code == 0
    golden("summary-all-en.txt", result.stdout)
    data = json.loads(run(SAMPLE_DATA, "summary", "--as-of", "2021-07-01", "--json").stdout)
    assert [c["campaign"] for c in data["campaigns"]] == [
        "qinhuai-2020-safety",
        "qinhuai-2021-lookback",
    ]
    total = data["total"]
    assert total["found"] == sum(c["found"] for c in data["campaigns"]) == 174
    assert total["fixed"] == sum(c["fixed"] for c in data["campaigns"])


def test_summary_json_fields() -> None:
    result = run(
        SAMPLE_DATA,
        "summary",
        "-c",
        "qinhuai-2020-safety",
        "--as-of",
        "2020-09-30",
        "--by",
        "severity",
        "--json",
    )
    data = json.loads(result.stdout)
    assert data["as_of"] == "2020-09-30"
    assert data["total"] == {
        "found": 154,
        "fixed": 148,
        "rate": 96.1,
        "open": 6,
        "overdue": 2,
        "verified": 46,
        "dropped": 2,
        "extended": 3,
        "reopened": 3,
        "major_open": 0,
        "escalated": 2,
        "reopened_twice": 1,
    }
    campaign = data["campaigns"][0]
    assert campaign["title"] == "安全生产工作专项民主监督"
    assert list(campaign["by"]) == ["severity"]
    assert sum(row["found"] for row in campaign["by"]["severity"]) == 154
    assert "\x1b" not in result.stdout  # no colour codes for scripts


def test_as_of_gives_the_figures_of_that_day() -> None:
    def figures(day: str) -> dict[str, int]:
        out = run(
            SAMPLE_DATA, "summary", "-c", "qinhuai-2020-safety", "--as-of", day, "--json"
        ).stdout
        return json.loads(out)["total"]  # type: ignore[no-any-return]

    nothing = {"found": 0, "fixed": 0, "rate": None, "open": 0, "overdue": 0, "verified": 0}
    assert figures("2020-03-31") == {
        **nothing,
        "dropped": 0,
        "extended": 0,
        "reopened": 0,
        "major_open": 0,
        "escalated": 0,
        "reopened_twice": 0,
    }
    june = figures("2020-06-30")
    assert 0 < june["fixed"] < june["found"] < 154
    assert figures("2020-09-30")["found"] == figures("2026-01-01")["found"] == 154


def test_list_open_sorted_by_deadline(data_dir: Path) -> None:
    write_ledger(
        data_dir,
        MINIMAL
        + """\
  - id: DM-003
    title: 消防通道被占用
    area: 消防安全
    found_on: 2020-04-05
    owner: 区消防救援大队
    measure: 清理车辆
    deadline: 2020-04-15
""",
    )
    result = run(data_dir, "list", "--status", "open", "--json")
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["DM-003", "DM-001"]
    assert rows[0]["campaign"] == "demo"
    assert rows[0]["overdue"] is True
    text = run(data_dir, "--lang", "en", "list").stdout
    assert text.index("DM-003") < text.index("DM-001") < text.index("DM-002")
    assert "3 finding(s)" in text


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        (["--status", "fixed"], ["DM-002"]),
        (["--status", "overdue"], ["DM-001"]),
        (["--owner", "商务"], ["DM-002"]),
        (["--area", "消防安全"], ["DM-001"]),
        (["--due-within", "7"], ["DM-001"]),
        (["--status", "dropped"], []),
    ],
)
def test_list_filters(data_dir: Path, options: list[str], ids: list[str]) -> None:
    rows = json.loads(run(data_dir, "list", *options, "--json").stdout)
    assert [r["id"] for r in rows] == ids


def test_list_refuses_an_unknown_status(data_dir: Path) -> None:
    result = run(data_dir, "--lang", "en", "list", "--status", "closed")
    assert result.exit_code == 2
    assert (
        "--status: 'closed' is not one of open, fixed, verified, dropped, overdue" in result.stderr
    )


def test_show_every_field_and_the_history(data_dir: Path) -> None:
    result = run(data_dir, "--lang", "en", "show", "DM-002")
    assert result.exit_code == 0
    for expected in ("DM-002", "燃气软管老化", "更换金属软管", "2020-04-20", "History", "fixed"):
        assert expected in result.stdout
    data = json.loads(run(data_dir, "show", "DM-002", "--json").stdout)
    assert data == {
        "campaign": "demo",
        "id": "DM-002",
        "title": "燃气软管老化",
        "owner": "区商务局",
        "measure": "更换金属软管",
        "found_on": "2020-04-03",
        "deadline": "2020-05-03",
        "area": "燃气安全",
        "severity": "general",
        "status": "fixed",
        "fixed_on": "2020-04-20",
        "history": [{"on": "2020-04-03", "event": "found"}, {"on": "2020-04-20", "event": "fixed"}],
        "standing": {  # how it stood at the end of today, the history deciding
            "status": "fixed",
            "overdue": False,
            "days_left": None,
            "deadline": "2020-05-03",
            "fixed_on": "2020-04-20",
            "fix_note": None,
            "escalation": None,
            "supervisor": None,
            "reopened": 0,
            "extended": 0,
            "title": "燃气软管老化",
            "owner": "区商务局",
            "measure": "更换金属软管",
            "area": "燃气安全",
            "severity": "general",
        },
        "documents": [],  # none named it
    }


def test_show_keeps_the_users_own_keys(data_dir: Path) -> None:
    text = (
        (data_dir / "demo.yaml")
        .read_text(encoding="utf-8")
        .replace("    measure: 清理杂物\n", "    measure: 清理杂物\n    street: 夫子庙街道\n")
    )
    (data_dir / "demo.yaml").write_text(text, encoding="utf-8")
    assert json.loads(run(data_dir, "show", "DM-001", "--json").stdout)["street"] == "夫子庙街道"
    assert "夫子庙街道" in run(data_dir, "show", "DM-001").stdout


def test_show_unknown_id_exits_1(data_dir: Path) -> None:
    result = run(data_dir, "--lang", "en", "show", "DM-999")
    assert result.exit_code == 1
    assert result.stderr == "Error: no finding DM-999 in demo\n"


def test_finding_found_across_campaigns_without_naming_one() -> None:
    result = run(SAMPLE_DATA, "show", "LB-004", "--json")
    assert json.loads(result.stdout)["campaign"] == "qinhuai-2021-lookback"


def test_one_campaign_commands_need_a_name_among_several() -> None:
    result = run(
        SAMPLE_DATA,
        "--lang",
        "en",
        "add",
        "--title",
        "x",
        "--owner",
        "y",
        "--measure",
        "z",
        "--deadline",
        "+1d",
    )
    assert result.exit_code == 2
    assert "several campaigns here (qinhuai-2020-safety, qinhuai-2021-lookback)" in result.stderr


def test_check_passes_on_the_sample_data() -> None:
    result = run(SAMPLE_DATA, "--lang", "en", "check")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "2 ledger(s) checked, no problems\n"


def test_missing_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    result = run(tmp_path / "nowhere", "--lang", "en", "summary")
    assert result.exit_code == 1
    assert "no data folder at" in result.stderr


def test_unknown_campaign_exits_1(data_dir: Path) -> None:
    result = run(data_dir, "--lang", "zh", "summary", "-c", "nope")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"错误：{data_dir} 中没有专项“nope”（可用 `ledger init nope --title …` 新建）\n"
    )


def test_campaign_ids_cannot_name_paths_outside(data_dir: Path) -> None:
    for bad in ("../demo", "/etc/passwd", ".hidden"):
        result = run(data_dir, "--lang", "en", "summary", "-c", bad)
        assert result.exit_code == 2
        assert "is not a campaign id" in result.stderr
