"""Period reports: every period figure on a ledger with known dates, the sample campaign's
closing paragraph, every format, the git stamp, and the cron line through the console script."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import ROOT, SAMPLE_DATA, git, run, write_ledger

KNOWN = """\
ledger: 1
campaign:
  id: known
  title: 已知日期
  prefix: T
  start: 2021-01-01
activities:
  - {id: A-001, kind: inspection, on: 2021-01-08, participants: 5}
  - {id: A-002, kind: meeting, on: 2021-02-12, participants: 7}
  - {id: A-003, kind: seminar, on: 2021-03-30, participants: 3}
findings:
  - id: T-001
    title: 一
    found_on: 2021-01-05
    owner: 甲
    measure: m
    deadline: 2021-01-31
    status: verified
    fixed_on: 2021-01-20
    history:
      - {on: 2021-01-05, event: found}
      - {on: 2021-01-20, event: fixed}
      - {on: 2021-02-10, event: verified}
  - id: T-002
    title: 二
    found_on: 2021-01-10
    owner: 乙
    measure: m
    deadline: 2021-02-15
    history:
      - {on: 2021-01-10, event: found}
  - id: T-003
    title: 三
    found_on: 2021-02-03
    owner: 甲
    measure: m
    deadline: 2021-02-28
    status: fixed
    fixed_on: 2021-03-05
    history:
      - {on: 2021-02-03, event: found}
      - {on: 2021-03-05, event: fixed}
  - id: T-004
    title: 四
    found_on: 2021-02-20
    owner: 甲
    measure: m
    deadline: 2021-03-20
    status: dropped
    history:
      - {on: 2021-02-20, event: found}
      - {on: 2021-03-02, event: dropped, reason: 不属实}
  - id: T-005
    title: 五
    found_on: 2021-03-10
    owner: 乙
    measure: m
    deadline: 2021-04-10
    status: fixed
    fixed_on: 2021-04-05
    history:
      - {on: 2021-03-10, event: found}
      - {on: 2021-03-15, event: fixed}
      - {on: 2021-03-25, event: reopened, from: 2021-03-20, to: 2021-04-10, reason: 反弹}
      - {on: 2021-04-05, event: fixed}
"""

# month: (found, fixed, verified, dropped, reopened), (found, fixed, open, overdue) at its end,
# (activities, participations) in it
MONTHS = {
    "2020-12": ((0, 0, 0, 0, 0), (0, 0, 0, 0), (0, 0)),
    "2021-01": ((2, 1, 0, 0, 0), (2, 1, 1, 0), (1, 5)),
    "2021-02": ((2, 0, 1, 0, 0), (4, 1, 3, 1), (1, 7)),
    "2021-03": ((1, 2, 0, 1, 1), (4, 2, 2, 1), (1, 3)),
    "2021-04": ((0, 1, 0, 0, 0), (4, 3, 1, 1), (0, 0)),
    "2021-05": ((0, 0, 0, 0, 0), (4, 3, 1, 1), (0, 0)),
}
SCHEMAS = ROOT / "schemas"


@pytest.fixture
def known(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    write_ledger(folder, KNOWN, "known")
    return folder


def report_json(folder: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run(folder, "report", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    schema = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    return data  # type: ignore[no-any-return]


def test_every_period_figure_month_by_month(known: Path) -> None:
    for month, (moved, standing, activities) in MONTHS.items():
        data = report_json(known, "--month", month)
        c = data["campaigns"][0]
        period = c["period"]
        assert (
            period["found"],
            period["fixed"],
            period["verified"],
            period["dropped"],
            period["reopened"],
        ) == moved, month
        s = c["standing"]
        assert (s["found"], s["fixed"], s["open"], s["overdue"]) == standing, month
        record = c["record"]
        assert (record["activities_in_period"], record["participations_in_period"]) == activities


def test_report_figures_equal_summary_as_of_the_same_day(known: Path) -> None:
    summary_schema = json.loads((SCHEMAS / "summary.schema.json").read_text(encoding="utf-8"))
    day = date(2020, 12, 25)
    while day <= date(2021, 5, 5):
        data = report_json(
            known, "--from", (day - timedelta(days=9)).isoformat(), "--to", day.isoformat()
        )
        summary = json.loads(run(known, "summary", "--as-of", day.isoformat(), "--json").stdout)
        jsonschema.validate(summary, summary_schema)
        expected = {
            k: v for k, v in summary["campaigns"][0].items() if k not in ("campaign", "title", "by")
        }
        assert data["campaigns"][0]["standing"] == expected, day
        assert data["total"]["standing"] == summary["total"], day
        day += timedelta(days=11)


def test_owners_this_month_against_the_last(known: Path) -> None:
    owners = {o["owner"]: o for o in report_json(known, "--month", "2021-03")["owners"]}
    assert owners["乙"]["period"] == {
        "new": 1,
        "fixed": 1,
        "verified": 0,
        "newly_overdue": 0,
        "open": 2,
        "overdue": 1,
    }
    assert owners["乙"]["previous"] == {
        "new": 0,
        "fixed": 0,
        "verified": 0,
        "newly_overdue": 1,
        "open": 1,
        "overdue": 1,
    }
    assert owners["甲"]["period"] == {
        "new": 0,
        "fixed": 1,
        "verified": 0,
        "newly_overdue": 0,
        "open": 0,
        "overdue": 0,
    }
    assert owners["甲"]["previous"] == {
        "new": 2,
        "fixed": 0,
        "verified": 1,
        "newly_overdue": 0,
        "open": 2,
        "overdue": 0,
    }
    assert list(owners) == ["乙", "甲"]  # most open first
    table = run(known, "report", "--month", "2021-03").stdout
    assert "Owners, this period against the previous" in table


def test_trend_and_overdue_list(known: Path) -> None:
    data = report_json(known, "--month", "2021-03")
    assert [(t["month"], t["found"], t["fixed"], t["open"]) for t in data["trend"]] == [
        ("2021-01", 2, 1, 1),
        ("2021-02", 4, 1, 3),
        ("2021-03", 4, 2, 2),
    ]
    assert data["campaigns"][0]["overdue"] == [
        {
            "campaign": "known",
            "id": "T-002",
            "title": "二",
            "owner": "乙",
            "deadline": "2021-02-15",
            "days": 44,
        }
    ]


def test_empty_month_month_before_start_and_a_new_campaign_are_reports(known: Path) -> None:
    before = run(known, "report", "--month", "2020-12")
    assert before.exit_code == 0
    assert (
        "In 2020-12: 0 found, 0 fixed, 0 verified, 0 dropped; 0 activities with 0 participations."
        in before.stdout
    )
    assert "At 2020-12-31: 0 found, 0 fixed (—), 0 open" in before.stdout
    empty = run(known, "report", "--month", "2021-05", "--format", "md")
    assert empty.exit_code == 0
    assert "In 2021-05: 0 found, 0 fixed" in empty.stdout
    assert run(known, "init", "fresh", "--title", "新活动").exit_code == 0
    fresh = report_json(known, "-c", "fresh", "--month", "2021-03")
    assert fresh["campaigns"][0]["standing"]["rate"] is None
    assert fresh["trend"] == []
    assert (
        run(known, "report", "-c", "fresh", "--month", "2021-03", "--format", "html").exit_code == 0
    )


def test_sample_campaign_closing_paragraph() -> None:
    zh = run(SAMPLE_DATA, "report", "-c", "qinhuai-2020-safety", "--month", "2020-09")
    assert zh.exit_code == 0, zh.stderr
    assert (
        "本次专项监督共组织实地考察31次，召开会议、座谈会和“回头看”38次，委员参与312人次；"
        "发现并反馈问题154处，累计整改完成148处，整改率96.1%；汇总形成问题清单15条，提出意见建议10条。"
    ) in zh.stdout
    en = run(
        SAMPLE_DATA, "--lang", "en", "report", "-c", "qinhuai-2020-safety", "--month", "2020-09"
    )
    assert (
        "31 on-site inspections; 38 meetings, seminars and look-backs; 312 participations; "
        "154 found and fed back, 148 fixed (96.1%); 15 problem-list items; 10 suggestions."
    ) in en.stdout
    assert "At 2020-09-30: 154 found, 148 fixed (96.1%), 6 open, 2 overdue" in en.stdout


def test_every_format_of_the_sample_report(tmp_path: Path) -> None:
    args = ("report", "--all", "--month", "2020-09")
    md = run(SAMPLE_DATA, *args, "--format", "md").stdout
    assert md.startswith("# All campaigns: report for 2020-09\n")
    assert "| QH-096 | 膺福街小区7号楼外墙保温层破损 | 区建设局 | 2020-07-11 | 81 |" in md
    raw = run(SAMPLE_DATA, "--lang", "zh", *args, "--format", "csv").stdout
    assert raw.startswith("\ufeff专项,分类,名称,本期新增")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert sum(1 for row in rows if row[1] == "合计") == 3  # two campaigns and the total
    total = next(row for row in rows if row[0] == "qinhuai-2020-safety" and row[1] == "合计")
    assert total[3:] == ["15", "25", "8", "2", "154", "148", "96.1%", "6", "2", "0", "2"]
    data = report_json(SAMPLE_DATA, "--all", "--month", "2020-09")
    assert [c["campaign"] for c in data["campaigns"]] == [
        "qinhuai-2020-safety",
        "qinhuai-2021-lookback",
    ]
    assert data["campaigns"][1]["standing"]["found"] == 0  # the 2021 look-back had not begun
    out = tmp_path / "report.html"
    result = run(SAMPLE_DATA, *args, "--format", "html", "-o", str(out))
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert page.count("<polyline") == 2
    text_file = tmp_path / "report.txt"
    assert run(SAMPLE_DATA, *args, "-o", str(text_file)).exit_code == 0
    assert "\x1b[" not in text_file.read_text(encoding="utf-8")
    assert "\\u" not in md + raw + page


def test_bad_periods_and_outputs_are_usage_errors(known: Path, tmp_path: Path) -> None:
    for args in (
        ("--month", "2021-13"),
        ("--month", "March"),
        ("--month", "2021-03", "--from", "2021-03-01"),
        ("--from", "2021-03-01"),
        ("--from", "2021-03-09", "--to", "2021-03-01"),
        ("--format", "pdf"),
        ("--all", "-c", "known"),
    ):
        assert run(known, "report", *args).exit_code == 2, args
    target = tmp_path / "elsewhere.md"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    refused = run(known, "report", "--month", "2021-03", "--format", "md", "-o", str(link))
    assert refused.exit_code == 2
    assert "symbolic link" in refused.stderr
    assert target.read_text(encoding="utf-8") == "keep"
    ledger = known / "known.yaml"
    before = ledger.read_bytes()
    assert (
        run(known, "report", "--month", "2021-03", "--format", "md", "-o", str(ledger)).exit_code
        == 2
    )
    assert ledger.read_bytes() == before


def test_report_is_stamped_with_the_commit_and_uncommitted_changes(known: Path) -> None:
    assert report_json(known, "--month", "2021-03")["source"] == {"commit": None, "dirty": None}
    git(known, "init", "-q")
    git(known, "add", "known.yaml")
    git(known, "commit", "-qm", "ledger")
    head = git(known, "rev-parse", "HEAD").stdout.strip()
    assert report_json(known, "--month", "2021-03")["source"] == {"commit": head, "dirty": False}
    assert f"Computed from commit {head[:12]}." in run(known, "report", "--month", "2021-03").stdout
    with (known / "known.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# a note\n")
    assert report_json(known, "--month", "2021-03")["source"] == {"commit": head, "dirty": True}
    assert (
        "with uncommitted changes"
        in run(known, "report", "--month", "2021-03", "--format", "md").stdout
    )


def test_default_month_is_the_last_complete_one(known: Path) -> None:
    last = date.today().replace(day=1) - timedelta(days=1)
    data = report_json(known)
    assert data["period"]["label"] == f"{last:%Y-%m}"
    assert data["as_of"] == last.isoformat()


def console_script() -> Path:
    found = shutil.which("ledger", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the ledger console script is not installed beside this Python")
    return Path(found)


def test_the_readme_cron_line_through_the_console_script(tmp_path: Path) -> None:
    """The cron line as the README gives it, run by sh in the ledgers' folder."""
    script = console_script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("0 6 1 * * "))
    command = line.removeprefix("0 6 1 * * ").replace("\\%", "%")  # cron's escape for %
    home = tmp_path / "ledgers"
    shutil.copytree(SAMPLE_DATA, home / "data", ignore=shutil.ignore_patterns(".ledger-cache"))
    command = command.replace("cd /srv/ledgers", f"cd {home}")
    env = {k: v for k, v in os.environ.items() if k not in ("LEDGER_DATA", "LEDGER_LANG")}
    env |= {"PATH": f"{script.parent}{os.pathsep}{os.environ['PATH']}", "LANG": "C.UTF-8"}
    done = subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    # named as the line names it: the month of yesterday (on the 1st, the month covered)
    report = home / "reports" / f"{date.today() - timedelta(days=1):%Y-%m}.md"
    last = date.today().replace(day=1) - timedelta(days=1)
    assert report.read_text(encoding="utf-8").startswith(
        f"# All campaigns: report for {last:%Y-%m}\n"
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = """\
ledger: 1
campaign: {id: hostile, title: '=HYPERLINK("http://x")', prefix: H}
findings:
"""
HOSTILE_FINDING = """\
  - id: H-00{n}
    title: "{start}title"
    area: "{start}area"
    location: "{start}街道 某小区"
    found_on: 2020-09-01
    owner: "{start}cmd|' /C calc'!A0"
    measure: m
    deadline: 2020-09-05
"""


def test_report_and_export_csv_defuse_formulas_alike(tmp_path: Path) -> None:
    """Every cell of either CSV that a spreadsheet would evaluate starts with an apostrophe,
    whichever of = + - @ tab it begins with, in titles, owners, areas and streets; a CR is
    shown escaped, as every control character is."""
    escapes = {"\t": "\\t", "\r": "\\r"}
    body = "".join(
        HOSTILE_FINDING.format(n=n, start=escapes.get(start, start))
        for n, start in enumerate(FORMULA_STARTS, start=1)
    )
    folder = tmp_path / "data"
    write_ledger(folder, HOSTILE + body, name="hostile")
    report = run(folder, "report", "--month", "2020-09", "--format", "csv")
    export = run(folder, "export", "--format", "csv", "--as-of", "2020-09-30")
    for result in (report, export):
        assert result.exit_code == 0, result.stderr
        rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        defused = [cell[1:] for cell in cells if cell.startswith("'")]
        for start in FORMULA_STARTS:
            if start == "\r":
                assert "\\x0dcmd|' /C calc'!A0" in cells
            else:
                assert f"{start}cmd|' /C calc'!A0" in defused, (start, defused)
    area_cells = [c for row in csv.reader(io.StringIO(report.stdout.lstrip("\ufeff"))) for c in row]
    for start in FORMULA_STARTS:
        assert (f"'{start}area" if start != "\r" else "\\x0darea") in area_cells
    for start in "=+-@":  # a location starting with a tab or CR names no street office
        assert f"'{start}街道" in area_cells
