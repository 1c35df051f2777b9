"""The paper trail and the assessment, through the installed `ledger`: documents issued,
numbered and answered; interviews and investigations; open and covert inspections; the
report's second sentence; phases and deliverables; and scorecards with every point traced."""

import json
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_DATA, installed

LEDGER = """\
ledger: 2
campaign:
  id: gas
  title: 燃气安全专项整治
  organiser: 秦淮区政协
  prefix: G
  start: 2020-04-01
  end: 2020-12-31
  owners: [区商务局, 区建设局]
  document_number: 秦政协督〔{year}〕{n}号
  phases:
    - {name: 督导检查, from: 2020-04-01, to: 2020-07-31}
    - {name: 落实整改, from: 2020-08-01, to: 2020-09-30}
  deliverables:
    - {id: DL-1, what: 书面整改报告, due: 2020-09-10, phase: 落实整改}
  rubric:
    methods: {questionnaire: 0.5, assessment: 0.5}
    indicators: {overdue: 5, replies_overdue: 2}
    ledger_method: assessment
activities:
  - id: A-001
    kind: inspection
    mode: covert
    date: 2020-04-02
  - id: A-002
    kind: inspection
    mode: open
    date: 2020-04-03
findings:
  - id: G-001
    title: 某餐馆液化气钢瓶未接报警器
    found_on: 2020-04-02
    source: A-001
    owner: 区商务局
    measure: 安装报警器
    deadline: 2020-05-31
    status: open
    history:
      - {date: 2020-04-02, event: found}
  - id: G-002
    title: 某工地临时用气管线老化
    found_on: 2020-04-03
    source: A-002
    owner: 区建设局
    measure: 更换管线
    deadline: 2020-06-30
    status: open
    history:
      - {date: 2020-04-03, event: found}
"""


@pytest.fixture
def gas(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "gas.yaml").write_text(LEDGER, encoding="utf-8")
    return data


def ok(data: Path, *args: str, today: str = "2020-10-01", lang: str = "zh") -> str:
    done = installed(data, "--lang", lang, *args, today=today)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout + done.stderr


def test_documents_are_numbered_per_year_and_their_reply_slips_followed(gas: Path) -> None:
    out = ok(gas, "notice", "--owner", "商务", "--as-of", "2020-06-05", "--issue", "--reply-by",
             "+15wd", today="2020-06-05")  # fmt: skip
    assert (
        "秦政协督〔2020〕1号" in out
        and "请于2020年6月29日前填写后连同佐证材料一并报送秦淮区政协" in out
    )
    out = ok(gas, "doc", "issue", "--kind", "reminder", "--to", "区建设局", "--on", "2020-07-02",
             "--reply-by", "2020-07-17", today="2020-07-02")  # fmt: skip
    assert (
        "已发出 秦政协督〔2020〕2号（D-002）：致区建设局的提醒敦促函，回执须于 2020-07-17 前返回"
        in out
    )
    out = ok(gas, "doc", "issue", "--kind", "letter", "--to", "区建设局", "--finding", "G-002",
             "--on", "2021-01-04", today="2021-01-04")  # fmt: skip
    assert "秦政协督〔2021〕1号（D-003）" in out  # numbering starts again each year
    ok(gas, "doc", "reply", "D-001", "--on", "2020-06-20", "--note", "已安装", today="2020-06-20")
    due = ok(gas, "due", "--as-of", "2020-07-20", today="2020-07-20")
    assert "秦政协督〔2020〕2号（D-002）的回执：应于 2020-07-17 前返回，已逾期3天" in due
    assert "秦政协督〔2020〕1号" not in due  # its reply slip came back
    listed = json.loads(ok(gas, "doc", "list", "--overdue", "--json", today="2020-07-20"))
    assert [d["id"] for d in listed] == ["D-002"]
    shown = ok(gas, "show", "G-001", today="2020-07-20")
    assert (
        "秦政协督〔2020〕1号，督促限期整改通知书，2020-06-05，致区商务局；回执：已于 2020-06-20 返回"
        in shown
    )
    assert ok(gas, "check", today="2021-01-05", lang="en").endswith("no problems\n")


def test_the_papers_paragraph_with_and_without_its_clauses(gas: Path) -> None:
    bare = ok(gas, "report", "--month", "2020-06", "--format", "md", today="2020-07-01")
    assert "发出" not in bare and "约谈" not in bare
    assert "暗访发现问题1处" in bare  # G-001 was found by the covert inspection
    ok(gas, "doc", "issue", "--kind", "notice", "--to", "区商务局", "--on", "2020-06-05",
       today="2020-06-05")  # fmt: skip
    ok(gas, "activity", "add", "--kind", "interview", "--unit", "区建设局", "--finding", "G-002",
       "--on", "2020-06-20", "--outcome", "限期一月", today="2020-06-20")  # fmt: skip
    ok(gas, "activity", "add", "--kind", "investigation", "--unit", "区建设局", "--on",
       "2020-06-25", today="2020-06-25")  # fmt: skip
    ok(gas, "escalate", "G-002", "--step", "notice", "--on", "2020-06-26", today="2020-06-26")
    zh = ok(gas, "report", "--month", "2020-06", "--format", "md", today="2020-07-01")
    assert (
        "发出督促限期整改通知书1份，约谈单位1家次，提级调查1起，挂牌督办1起，暗访发现问题1处。"
        in zh
    )
    en = ok(gas, "report", "--month", "2020-06", "--format", "md", today="2020-07-01", lang="en")
    assert (
        "The secretariat issued 1 rectification notices, interviewed units 1 times, opened 1 "
        "escalated investigation(s), put 1 finding(s) under listed supervision, found 1 of the "
        "findings by unannounced inspection." in en
    )
    may = ok(gas, "report", "--month", "2020-05", "--format", "md", today="2020-07-01")
    assert "约谈" not in may and "挂牌督办1起" not in may  # as the record stood then


def test_phases_and_deliverables(gas: Path) -> None:
    summary = ok(gas, "summary", "--as-of", "2020-09-15", today="2020-09-15")
    assert "当前阶段：落实整改；书面整改报告（DL-1），应于 2020-09-10 前报送，已逾期5天" in summary
    due = ok(gas, "due", "--as-of", "2020-09-15", today="2020-09-15")
    assert due.count("书面整改报告（DL-1），应于 2020-09-10 前报送，已逾期5天") == 2  # both owners
    ok(gas, "deliverable", "receive", "DL-1", "--unit", "商务局", "--on", "2020-09-09",
       today="2020-09-15")  # fmt: skip
    due = ok(gas, "due", "--as-of", "2020-09-15", today="2020-09-15")
    assert due.count("书面整改报告（DL-1）") == 1
    early = (
        (gas / "gas.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "    unit: 区商务局\n    deliverable: DL-1\n    date: 2020-09-09",
            "    unit: 区商务局\n    deliverable: DL-1\n    date: 2020-07-09",
        )
    )
    (gas / "gas.yaml").write_text(early, encoding="utf-8")
    done = installed(gas, "--lang", "zh", "check", today="2020-09-15")
    assert done.returncode == 1
    assert "报送日期早于其所属阶段“落实整改”的开始日期（2020-08-01）" in done.stdout


def scorecard(data: Path, day: str, today: str) -> dict[str, object]:
    done = installed(data, "assess", "--as-of", day, "--format", "json", today=today)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_scorecard_traces_every_point_and_never_changes_later(gas: Path) -> None:
    ok(gas, "doc", "issue", "--kind", "reminder", "--to", "区建设局", "--on", "2020-07-02",
       "--reply-by", "2020-07-17", today="2020-07-02")  # fmt: skip
    ok(gas, "score", "set", "--unit", "区商务局", "--method", "questionnaire", "--score", "86",
       "--on", "2020-07-25", today="2020-07-25")  # fmt: skip
    ok(gas, "score", "set", "--unit", "区建设局", "--method", "questionnaire", "--score", "70",
       "--on", "2020-07-25", today="2020-07-25")  # fmt: skip
    before = scorecard(gas, "2020-07-31", "2020-07-31")
    units = {u["unit"]: u for u in before["units"]}  # type: ignore[index, union-attr]
    # 区商务局: G-001 overdue (−5): 95 ledger, 86 entered → 90.5
    assert units["区商务局"]["total"] == 90.5 and units["区商务局"]["grade"] == "satisfied"
    points = units["区建设局"]["points"]
    assert {"method": "assessment", "indicator": "replies_overdue", "points": -2.0,
            "sources": ["D-001"]} in points  # fmt: skip
    assert {"method": "assessment", "indicator": "overdue", "points": -5.0,
            "sources": ["G-002"]} in points  # fmt: skip
    assert {"method": "questionnaire", "indicator": None, "points": 70.0,
            "sources": ["SC-002"]} in points  # fmt: skip
    assert units["区建设局"]["total"] == 81.5  # (70 + 93) / 2
    # later events leave the scorecard as of 2020-07-31 as it was
    ok(gas, "rectify", "G-002", "--on", "2020-08-05", today="2020-08-05")
    ok(gas, "doc", "reply", "D-001", "--on", "2020-08-06", today="2020-08-06")
    ok(gas, "score", "set", "--unit", "区建设局", "--method", "questionnaire", "--score", "99",
       "--on", "2020-08-07", today="2020-08-07")  # fmt: skip
    assert scorecard(gas, "2020-07-31", "2020-12-01") == before
    text = ok(gas, "assess", "--as-of", "2020-07-31", today="2020-12-01")
    assert "组织考核：逾期未返回的回执1项，扣2.00分（D-001）" in text
    assert "问卷调查：70.00分（录入记录 SC-002）" in text


@pytest.mark.parametrize(
    ("mark", "grade"),
    [("100", "satisfied"), ("60", "satisfied"), ("59.9", "basically_satisfied"),
     ("20", "basically_satisfied"), ("18", "not_satisfied")],
)  # fmt: skip
def test_grades_at_the_band_edges(gas: Path, mark: str, grade: str) -> None:
    """Ledger 100 (as of 2020-04-30 nothing is overdue) and the mark, weighed half each:
    totals of 80, 79.95, 60 and 59 are the edges."""
    ok(gas, "score", "set", "--unit", "区商务局", "--method", "questionnaire", "--score", mark,
       "--on", "2020-04-10", today="2020-04-10")  # fmt: skip
    card = scorecard(gas, "2020-04-30", "2020-04-30")
    unit = next(u for u in card["units"] if u["unit"] == "区商务局")  # type: ignore[union-attr]
    total = (100 + float(mark)) / 2
    assert unit["total"] == round(total + 1e-9, 2)
    assert unit["grade"] == grade, (total, unit)


def test_the_sample_campaign_has_its_paper_trail_and_scorecard() -> None:
    report = installed(SAMPLE_DATA, "--lang", "zh", "report", "-c", "qinhuai-2020", "--month",
                       "2020-09", "--format", "md", today="2020-10-01").stdout  # fmt: skip
    assert "发现并反馈问题154处，累计整改完成148处" in report
    assert "发出督促限期整改通知书、提醒敦促函" in report and "约谈单位6家次，提级调查1起" in report
    card = installed(SAMPLE_DATA, "assess", "-c", "qinhuai-2020", "--as-of", "2020-09-30",
                     "--format", "json", today="2020-10-01")  # fmt: skip
    units = json.loads(card.stdout)["units"]
    assert len(units) == 6 and all(u["grade"] for u in units)
    assert all(p["sources"] for u in units for p in u["points"])
