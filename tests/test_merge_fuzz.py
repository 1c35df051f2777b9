"""Random three-way merges of ledgers shaped as clerks leave them (odd spacing, comments
above findings, at line ends and inside flow lists, CRLF line endings): no merge result
ever lacks a change of either side, merged or between markers, nor a comment of either.

Bounded in the default run; `LEDGER_MERGE_EXAMPLES=5000 pytest tests/test_merge_fuzz.py`
runs it longer (README: Development).
"""

import os
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.storage.comments import comments
from ledger.storage.merge import merge_file, versions
from ledger.storage.parser import parse
from ledger.storage.schema import validate
from ledger.storage.source import Source

EXAMPLES = int(os.environ.get("LEDGER_MERGE_EXAMPLES", "120"))
START = date(2020, 4, 1)
OWNERS = ("区房产局", "区商务局", "区消防救援大队")


@dataclass(frozen=True)
class Finding:
    number: int
    title: str
    owner: str
    measure: str
    found_on: date
    contact: str | None = None
    fixed_on: date | None = None
    above: str | None = None  # a comment line above it
    end: str | None = None  # a comment at the end of its owner line
    wide: bool = False  # two spaces after `owner:`, as hands type
    tags: bool = False  # a flow list with a comment inside it

    @property
    def id(self) -> str:
        return f"DM-{self.number:03d}"


@dataclass
class Ledger:
    findings: list[Finding]
    head: str = "# 台账\n"
    crlf: bool = False
    notes: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        out = [self.head, "ledger: 2\ncampaign:\n  id: demo\n  title: 演示\n  prefix: DM\n"]
        out.append("findings:\n" if self.findings else "findings: []\n")
        for f in self.findings:
            if f.above:
                out.append(f"  # {f.above}\n")
            out.append(f"  - id: {f.id}\n    title: {f.title}\n    found_on: {f.found_on}\n")
            owner = f"    owner:{'  ' if f.wide else ' '}{f.owner}"
            out.append(owner + (f"   # {f.end}\n" if f.end else "\n"))
            if f.contact:
                out.append(f"    contact: {f.contact}\n")
            out.append(
                f"    measure: {f.measure}\n    deadline: {f.found_on + timedelta(days=30)}\n"
            )
            out.append("    status: fixed\n" if f.fixed_on else "    status: open\n")
            if f.fixed_on:
                out.append(f"    fixed_on: {f.fixed_on}\n")
            if f.tags:
                out.append("    tags: [甲, # 标签\n      乙]\n")
            out.append(f"    history:\n      - {{date: {f.found_on}, event: found}}\n")
            if f.fixed_on:
                out.append(f"      - {{date: {f.fixed_on}, event: fixed}}\n")
        text = "".join(out)
        return text.replace("\n", "\r\n") if self.crlf else text


@st.composite
def bases(draw: st.DrawFn) -> Ledger:
    count = draw(st.integers(0, 4))
    findings = [
        Finding(
            number=n,
            title=f"问题{n}",
            owner=draw(st.sampled_from(OWNERS)),
            measure=f"措施{n}",
            found_on=START + timedelta(days=draw(st.integers(0, 30))),
            contact=draw(st.sampled_from((None, "王某"))),
            fixed_on=draw(st.sampled_from((None, START + timedelta(days=40)))),
            above=draw(st.sampled_from((None, f"第{n}条"))),
            end=draw(st.sampled_from((None, "责任单位已确认"))),
            wide=draw(st.booleans()),
            tags=draw(st.booleans()),
        )
        for n in range(1, count + 1)
    ]
    return Ledger(findings, crlf=draw(st.booleans()))


@st.composite
def edits(draw: st.DrawFn, base: Ledger, side: str, collide: bool = False) -> Ledger:
    """A clerk's session on a copy: field changes, comments, a rectification, additions and
    deletions, each drawn at random; with `collide`, the first finding's title changed too,
    as the other clerk changes it (a conflict)."""
    findings = list(base.findings)
    if collide and findings:
        findings[0] = replace(findings[0], title=f"{side}的标题")
    head = base.head
    for step in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(("field", "comment", "end", "fix", "add", "delete", "head")))
        if kind == "head":
            head += f"# {side}的说明{step}\n"
            continue
        if kind == "add":
            number = max((f.number for f in findings), default=0) + 1
            findings.append(
                Finding(number, f"{side}新增{step}", OWNERS[0], "m", START + timedelta(days=50 + step),
                        above=draw(st.sampled_from((None, f"{side}的新问题"))))
            )  # fmt: skip
            continue
        if not findings:
            continue
        place = draw(st.integers(0, len(findings) - 1) | st.just(0))  # often the same one
        f = findings[place]
        if kind == "field":
            name = draw(st.sampled_from(("title", "measure", "owner", "contact")))
            value = draw(st.sampled_from(OWNERS)) if name == "owner" else f"{side}改{name}{step}"
            findings[place] = replace(f, **{name: value})
        elif kind == "comment":
            findings[place] = replace(f, above=f"{side}批注{step}")
        elif kind == "end":
            findings[place] = replace(f, end=f"{side}行尾{step}")
        elif kind == "fix" and f.fixed_on is None:
            findings[place] = replace(f, fixed_on=START + timedelta(days=45 + step))
        elif kind == "delete":
            findings.pop(place)
    return Ledger(findings, head=head, crlf=base.crlf)


def read(text: str) -> dict[str, dict[str, Any]]:
    """The findings of a text; a list left empty by taking one side of a conflict, empty."""
    parsed = parse(Source(Path("x.yaml"), text.encode("utf-8")))
    if isinstance(parsed.data, dict) and parsed.data.get("findings", []) is None:
        parsed.data["findings"] = []
    return {f["id"]: dict(f) for f in validate(parsed)["findings"]}


def by_title(findings: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["title"]: f for f in findings.values()}


def assert_nothing_lost(base: str, ours: str, theirs: str, result: str) -> None:
    """Every change of each side is in the version of the result for that side; every
    comment of ours, and every comment theirs added, is in the result."""
    b, o, t = read(base), read(ours), read(theirs)
    text = result.replace("\r\n", "\n")
    mine, yours = (read(version) for version in versions(text))
    for side, got in ((o, mine), (t, yours)):
        titles = by_title(got)
        for key, finding in side.items():
            before = b.get(key)
            if before is None:  # added on that side: kept, perhaps under another id
                assert finding["title"] in titles, (finding["title"], sorted(titles))
                kept = titles[finding["title"]]
                assert {k: v for k, v in kept.items() if k not in ("id", "history")} == {
                    k: v for k, v in finding.items() if k not in ("id", "history")
                }
                continue
            changed = [k for k in set(finding) | set(before) if finding.get(k) != before.get(k)]
            if not changed:
                continue
            assert key in got, (key, "changed on one side, missing from its version")
            for name in changed:
                if name != "history":
                    assert got[key].get(name) == finding.get(name), (key, name)
                else:
                    for event in finding["history"]:
                        assert event in got[key]["history"], (key, event)
    for key in b:
        if key not in o and key in t and t[key] == b[key]:
            assert key not in mine and key not in yours, (key, "deleted, yet kept")
    wanted = comments(ours.replace("\r\n", "\n")) + (
        comments(theirs.replace("\r\n", "\n")) - comments(base.replace("\r\n", "\n"))
    )
    deleted = comments(base.replace("\r\n", "\n")) - comments(theirs.replace("\r\n", "\n"))
    missing = (wanted - deleted) - comments(text)
    assert not +missing, missing


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_merge_loses_a_change(tmp_path_factory: Any, data: st.DataObject) -> None:
    base = data.draw(bases())
    collide = data.draw(st.booleans())
    ours = data.draw(edits(base, "我方", collide))
    theirs = data.draw(edits(base, "对方", collide))
    folder = Path(tmp_path_factory.mktemp("merge"))
    paths = {name: folder / f"{name}.yaml" for name in ("base", "ours", "theirs")}
    for name, ledger in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths[name].write_bytes(ledger.text().encode("utf-8"))
    outcome = merge_file(paths["base"], paths["ours"], paths["theirs"], "data/demo.yaml")
    result = paths["ours"].read_bytes().decode("utf-8")
    try:
        assert_nothing_lost(base.text(), ours.text(), theirs.text(), result)
    except AssertionError:
        if os.environ.get("LEDGER_MERGE_DUMP"):  # the three sides and the result, to look at
            dump = Path(os.environ["LEDGER_MERGE_DUMP"])
            for name, ledger in (("base", base), ("ours", ours), ("theirs", theirs)):
                (dump / f"{name}.yaml").write_bytes(ledger.text().encode("utf-8"))
            (dump / "result.yaml").write_text(result, encoding="utf-8")
        raise
    if outcome.clean:
        assert "<<<<<<<" not in result
        read(result.replace("\r\n", "\n"))
    STATS["conflicted" if not outcome.clean else "clean"] += 1


STATS: Counter[str] = Counter()
