"""The whole tool held to one truth, over generated ledgers: random histories of every event
kind, findings written by hand without a history, dated edits and corrections, back-dated
steps. Whenever `check` passes, summary, report, list, due, notice and export agree on every
count and every finding's state, on random days; every breakdown adds up to its total; and
a step dated after a day never changes a figure as of that day.

Bounded in the default run; `LEDGER_PROPERTY_EXAMPLES=500 pytest tests/test_one_truth.py`
runs it longer.
"""

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import run

EXAMPLES = int(os.environ.get("LEDGER_PROPERTY_EXAMPLES", "25"))
START = date(2020, 1, 1)
TODAY = date(2021, 6, 30)
OWNERS = ("区房产局", "区商务局", "秦虹街道")
AREAS = ("消防安全", "燃气安全", None)
LOCATIONS = ("秦虹街道 剪子巷小区", "夫子庙街道 某小区", "某大厦", None)
LADDER = ("notice", "letter", "interview", "bulletin")
FIGURES = ("found", "fixed", "open", "overdue", "verified", "dropped", "escalated", "major_open")


@dataclass
class Draft:
    """A finding being generated: its stored fields follow the events as the tool keeps them."""

    number: int
    found_on: date
    deadline: date
    values: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    state: str = "open"
    fixed_on: date | None = None
    fix_note: str | None = None
    escalation: str | None = None
    supervisor: str | None = None

    def fields(self) -> dict[str, Any]:
        stored = {
            "id": f"P-{self.number:03d}",
            "title": f"问题{self.number}",
            **self.values,
            "found_on": self.found_on,
            "measure": "措施",
            "funds": "1万元",
            "plan": "预案",
            "deadline": self.deadline,
            "status": self.state,
            "fixed_on": self.fixed_on if self.state in ("fixed", "verified") else None,
            "fix_note": self.fix_note if self.state in ("fixed", "verified") else None,
            "escalation": self.escalation,
            "supervisor": self.supervisor,
        }
        return {key: value for key, value in stored.items() if value is not None}


STEPS = (
    "fixed",
    "verified",
    "reopened",
    "dropped",
    "extended",
    "escalated",
    "deescalated",
    "edited",
)


@st.composite
def drafts(draw: st.DrawFn, number: int) -> Draft:
    found_on = START + timedelta(days=draw(st.integers(0, 480)))
    values = {
        "owner": draw(st.sampled_from(OWNERS)),
        "area": draw(st.sampled_from(AREAS)),
        "location": draw(st.sampled_from(LOCATIONS)),
        "severity": draw(st.sampled_from(("general", "general", "major"))),
    }
    draft = Draft(number, found_on, found_on + timedelta(days=draw(st.integers(0, 60))), values)
    if draw(st.integers(0, 3)) == 0:  # written by hand, without a history
        draft.state = draw(st.sampled_from(("open", "fixed", "verified", "dropped")))
        if draft.state in ("fixed", "verified"):
            draft.fixed_on = min(TODAY, found_on + timedelta(days=draw(st.integers(0, 50))))
        if draft.state == "open" and draw(st.booleans()):
            draft.escalation = draw(st.sampled_from(LADDER))
        return draft
    draft.events.append({"on": found_on, "event": "found", "by": "甲"})
    day = found_on
    for _ in range(draw(st.integers(0, 7))):
        day = day + timedelta(days=draw(st.integers(0, 40)))
        if day > TODAY:
            break
        step(draw, draft, day, draw(st.sampled_from(STEPS)))
    return draft


def step(draw: st.DrawFn, draft: Draft, day: date, kind: str) -> None:
    """Take the step where the finding's state allows it, as the loop would."""
    event: dict[str, Any] = {"on": day, "event": kind}
    if kind == "fixed" and draft.state == "open":
        draft.state, draft.fixed_on = "fixed", day
        draft.fix_note = event["note"] = f"整改{len(draft.events)}"
    elif kind == "verified" and draft.state == "fixed":
        draft.state = "verified"
    elif kind == "reopened" and draft.state in ("fixed", "verified"):
        new = day + timedelta(days=draw(st.integers(0, 30)))
        event |= {"from": draft.deadline, "to": new, "reason": "复查不合格"}
        draft.state, draft.deadline, draft.fixed_on, draft.fix_note = "open", new, None, None
    elif kind == "dropped" and draft.state != "dropped":
        draft.state = "dropped"
        event["reason"] = "重复"
    elif kind == "extended" and draft.state == "open":
        new = draft.deadline + timedelta(days=draw(st.integers(1, 30)))
        event |= {"from": draft.deadline, "to": new, "reason": "延期"}
        draft.deadline = new
    elif kind == "escalated" and draft.state == "open":
        draft.escalation = event["step"] = draw(st.sampled_from(LADDER))
        draft.supervisor = event["supervisor"] = "区政协办公室"
    elif kind == "deescalated" and draft.escalation is not None:
        draft.escalation = draft.supervisor = None
    elif kind == "edited":
        name = draw(st.sampled_from(("owner", "area", "severity")))
        choices = {"owner": OWNERS, "area": AREAS[:2], "severity": ("general", "major")}[name]
        new = draw(st.sampled_from(choices))
        if new == draft.values[name]:
            return
        event |= {"field": name, "old": draft.values[name], "new": new}
        if draw(st.booleans()):
            event["correction"] = True
        draft.values[name] = new
    else:
        return
    draft.events.append(event)


def yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


def ledger_text(findings: list[Draft]) -> str:
    lines = ["ledger: 1", "campaign: {id: prop, title: 性质测试, prefix: P, start: 2020-01-01}"]
    lines.append("findings:" if findings else "findings: []")
    for draft in findings:
        stored = draft.fields()
        for place, (key, value) in enumerate(stored.items()):
            lines.append(f"{'  - ' if place == 0 else '    '}{key}: {yaml_value(value)}")
        if draft.events:
            lines.append("    history:")
            for event in draft.events:
                inner = ", ".join(f"{k}: {yaml_value(v)}" for k, v in event.items())
                lines.append(f"      - {{{inner}}}")
    return "\n".join(lines) + "\n"


ENV = {"LEDGER_TODAY": TODAY.isoformat()}


def cli_json(data: Path, *args: str) -> Any:
    result = run(data, *args, env=ENV)
    assert result.exit_code == 0, (args, result.stderr)
    return json.loads(result.stdout)


def figures_as_of(data: Path, day: date) -> dict[str, Any]:
    summary = cli_json(
        data, "summary", "--json", "--as-of", day.isoformat(), *("--by", "owner", "--by", "area"),
        *("--by", "severity", "--by", "street"),
    )  # fmt: skip
    return {"total": summary["total"], "by": summary["campaigns"][0]["by"]}


def check_agreement(data: Path, day: date) -> None:
    """Every command says the same of `day`."""
    iso = day.isoformat()
    seen = figures_as_of(data, day)
    total = seen["total"]
    for name, lines in seen["by"].items():
        for figure in FIGURES:
            assert sum(line[figure] for line in lines) == total[figure], (name, figure)
    report = cli_json(data, "report", "--from", "2020-01-01", "--to", iso, "--format", "json")
    standing = report["campaigns"][0]["standing"]
    assert {k: standing[k] for k in FIGURES} == {k: total[k] for k in FIGURES}
    for name, lines in report["campaigns"][0]["by"].items():
        for figure in FIGURES:
            assert sum(line[figure] for line in lines) == standing[figure], (name, figure)
    listed = cli_json(data, "list", "--json", "--as-of", iso)
    listed += cli_json(data, "list", "--json", "--as-of", iso, "--status", "dropped")
    states = {row["id"]: row["standing"]["status"] for row in listed}
    counts = Counter(states.values())
    assert counts["open"] == total["open"]
    assert counts["fixed"] + counts["verified"] == total["fixed"]
    assert counts["verified"] == total["verified"] and counts["dropped"] == total["dropped"]
    assert len(states) == total["found"] + total["dropped"]
    overdue = cli_json(data, "list", "--json", "--as-of", iso, "--status", "overdue")
    assert len(overdue) == total["overdue"]
    escalated = cli_json(data, "list", "--json", "--as-of", iso, "--status", "open", "--escalated")
    assert len(escalated) == total["escalated"]
    due = cli_json(data, "due", "--json", "--as-of", iso, "--within", "0")
    assert sum(f["overdue"] for g in due for f in g["findings"]) == total["overdue"]
    for group in due:
        assert all(f["standing"]["owner"] == group["owner"] for f in group["findings"])
    exported = cli_json(data, "export", "--format", "json", "--as-of", iso, "--status", "dropped")
    exported += cli_json(data, "export", "--format", "json", "--as-of", iso)
    assert {row["id"]: row["status_as_of"] for row in exported} == states
    open_by_owner = {line["key"]: line["open"] for line in seen["by"]["owner"] if line["open"]}
    for owner, count in open_by_owner.items():
        notice = run(data, "notice", "--owner", owner, "--as-of", iso, "--format", "txt", env=ENV)
        assert notice.exit_code == 0, notice.stderr
        assert notice.stdout.count("\n序号：") == count, owner


def later_step(data: Path, day: date) -> None:
    """A step dated after `day`: rectify a finding open today that can take it, else add one."""
    after = day + timedelta(days=1)
    if after > TODAY:
        return
    for row in cli_json(data, "list", "--json", "--status", "open"):
        last = max([row["found_on"], *(event["on"] for event in row.get("history", []))])
        if last <= after.isoformat():
            result = run(data, "rectify", row["id"], "--on", after.isoformat(), env=ENV)
            assert result.exit_code == 0, result.stderr
            return
    result = run(
        data, "add", "--title", "后来", "--owner", "区房产局", "--measure", "m",
        "--deadline", "+5d", "--found-on", after.isoformat(), env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    findings=st.integers(1, 6).flatmap(
        lambda n: st.tuples(*(drafts(number) for number in range(1, n + 1)))
    ),
    days=st.lists(st.integers(0, (TODAY - START).days), min_size=1, max_size=2, unique=True),
)
def test_every_command_tells_one_truth(
    tmp_path_factory: Any, findings: tuple[Draft, ...], days: list[int]
) -> None:
    data = Path(tmp_path_factory.mktemp("truth")) / "data"
    data.mkdir()
    (data / "prop.yaml").write_text(ledger_text(list(findings)), encoding="utf-8")
    check = run(data, "--lang", "en", "check", env=ENV)
    assert check.exit_code == 0, (check.stdout, ledger_text(list(findings)))
    for offset in days:
        day = START + timedelta(days=offset)
        check_agreement(data, day)
        before = figures_as_of(data, day)
        later_step(data, day)
        assert figures_as_of(data, day) == before
        assert run(data, "check", env=ENV).exit_code == 0
