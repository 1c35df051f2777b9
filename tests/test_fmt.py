"""`ledger fmt`: the canonical layout, every comment and value kept, and idempotent: a
second run changes nothing (hypothesis, over ledgers written in many hand-made layouts)."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.storage.layout import formatted
from ledger.storage.parser import parse
from ledger.storage.schema import validate
from ledger.storage.source import Source
from tests.helpers import SAMPLE_DATA, run, write_ledger

FINDING = {
    "id": "DM-001",
    "title": "楼道堆放杂物",
    "owner": "区房产局",
    "measure": "清理: 杂物",
    "found_on": "2020-04-01",
    "deadline": "2020-04-30",
    "status": "open",
    "note": "yes",
}


def quoted(value: str, style: int) -> str:
    if value == "yes" or ": " in value:
        return f"'{value}'"  # must stay a string
    return [value, f"'{value}'", f'"{value}"'][style]


@st.composite
def hand_written(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A ledger as someone might type it, and the comments in it."""
    indent = " " * draw(st.sampled_from([2, 4]))
    dash = " " * draw(st.sampled_from([0, 2]))
    comments = []
    lines = ["# 台账"]
    top = ["ledger: 1", "campaign:", "findings:"]
    if draw(st.booleans()):
        top = ["campaign:", "ledger: 1", "findings:"]
    for key in top:
        if key == "campaign:":
            lines.append(key)
            fields = [("id", "demo"), ("title", "演示"), ("prefix", "DM")]
            for name, value in draw(st.permutations(fields)):
                lines.append(f"{indent}{name}: {quoted(value, draw(st.integers(0, 2)))}")
            if draw(st.booleans()):
                lines.append(f"{indent}areas:")
                lines += [f"{indent}{dash}- {area}" for area in ("消防", "燃气")]
        elif key == "findings:":
            lines.append(key)
            for number in (1, 2):
                items = list(FINDING.items())
                items = [("id", f"DM-00{number}"), *draw(st.permutations(items[1:]))]
                for place, (name, value) in enumerate(items):
                    start = f"{dash}- " if place == 0 else f"{dash}  "
                    line = f"{start}{name}: {quoted(value, draw(st.integers(0, 2)))}"
                    if draw(st.integers(0, 5)) == 0:
                        comment = f"# 注{number}{name}"
                        comments.append(comment)
                        line += f"   {comment}"
                    lines.append(line)
                history = f"{dash}  history:"
                lines.append(history)
                if draw(st.booleans()):
                    lines.append(f"{dash}  {dash}- {{on: 2020-04-01, event: found}}")
                else:
                    lines.append(f"{dash}  {dash}- on: 2020-04-01")
                    lines.append(f"{dash}  {dash}  event: found")
        else:
            lines.append(key)
    return "\n".join(lines) + "\n", comments


def data_of(text: str) -> object:
    return validate(parse(Source(Path("demo.yaml"), text.encode("utf-8"))))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=hand_written())
def test_fmt_keeps_data_and_comments_and_is_idempotent(case: tuple[str, list[str]]) -> None:
    text, comments = case
    once = formatted(text)
    assert data_of(once) == data_of(text)
    assert formatted(once) == once
    for comment in comments:
        assert comment in once
    assert "  - id: DM-001" in once and "      - {on: 2020-04-01, event: found}" in once
    assert once.index("ledger: 1") < once.index("campaign:") < once.index("findings:")


def test_fmt_check_lists_files_and_fmt_fixes_them(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = write_ledger(
        folder, "campaign:\n    id: demo\n    title: t\n    prefix: DM\nledger: 1\nfindings: []\n"
    )
    before = path.read_bytes()
    checked = run(folder, "fmt", "--check")
    assert checked.exit_code == 1
    assert checked.stdout == f"would reformat {path}\n"
    assert path.read_bytes() == before
    assert run(folder, "fmt").stdout == f"reformatted {path}\n"
    assert (
        path.read_text(encoding="utf-8")
        == "ledger: 1\ncampaign:\n  id: demo\n  title: t\n  prefix: DM\nfindings: []\n"
    )
    assert run(folder, "fmt", "--check").exit_code == 0


def test_the_sample_ledgers_are_in_the_canonical_layout() -> None:
    result = run(SAMPLE_DATA, "fmt", "--check")
    assert result.exit_code == 0, result.stdout
