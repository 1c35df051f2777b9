"""The native read path (yaml-rs) reads every text it answers for exactly as the event walk
does, data and positions alike, and leaves the rest to the walk."""

import math
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.core.errors import InvalidLedgerError
from ledger.storage import native
from ledger.storage.parser import Parsed, parse
from ledger.storage.source import Source
from tests.helpers import MINIMAL, installed
from tests.test_parser import CORPUS

DATA = Path(__file__).resolve().parent.parent / "data"


def walk(text: str) -> Parsed | None:
    """The event walk's reading, or None where it refuses the text."""
    try:
        return parse(Source(Path("t.yaml"), text.encode("utf-8")), native=False)
    except InvalidLedgerError:
        return None


def same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to NaN and types compared too (1 is not True, 1.0 not 1)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def agrees(text: str) -> bool:
    """Whether the native path answered; where it did, it must agree with the walk."""
    read = native.read(text, text.encode("utf-8"))
    if read is None:
        return False
    reference = walk(text)
    assert reference is not None, f"native read what the walk refuses: {text!r}"
    assert same(read[0], reference.data), text
    assert read[1] == reference.positions, text
    return True


def test_yaml_rs_is_installed() -> None:
    assert native._loads is not None  # else every test here would pass on the walk alone


def test_the_sample_ledgers_read_natively_and_alike() -> None:
    for path in DATA.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert agrees(text), path.name
        assert parse(Source(path, path.read_bytes())).positions == walk(text).positions  # type: ignore[union-attr]


def test_each_line_of_the_corpus_reads_alike_or_is_left_to_the_walk() -> None:
    answered = 0
    for line in CORPUS.splitlines():
        if line and not line.startswith(" "):
            answered += agrees(line + "\n")
    assert answered >= 8


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !x\n",
        "<<: {a: 1}\n",
        "a: 1\n---\nb: 2\n",
        "a: [?b]\n",
        "a: [b:c]\n",
        "a: _3\n",
        "a: [-_3]\n",
        "\ufeffa: 1\n",
        "x: \x07\n",
        "a: \x85b\n",
        "a: " + "[" * 20 + "]" * 20 + "\n",
        "a: [1,\n  2]\n",
        "[a]: 1\n",
        "a: " + "9" * 4301 + "\n",  # longer than Python reads as a number: the walk refuses it
        "a: '2020-04-01'\n",
        'a: ["2020-04-01 10:00"]\n',
        "a: >-\n  2020-04-01\n",
        # a flow mapping that looks like the tool's own history lines but is not one
        "h:\n  - {date: 2020-04-01, event: found}: x\n",
        "h:\n  - {date: 2020-04-01, event: found, x: [1]}\n",
        "h:\n  - [{date: 2020-04-01, event: found}\n",
        "h:\n  - {date: 2020-04-01, event: 'found'}\n",
    ],
)
def test_what_the_readers_could_read_differently_is_left_to_the_walk(text: str) -> None:
    assert native.read(text, text.encode("utf-8")) is None


def test_a_mistake_is_named_by_the_walk() -> None:
    with pytest.raises(InvalidLedgerError) as info:
        parse(Source(Path("t.yaml"), b"a: 1\nb: [1, 2\nc: 3\n"))
    assert info.value.problems[0].line is not None


SCALAR = st.one_of(
    st.text(
        alphabet="0123456789-+.:_eExXoObBtTrRuUfFaAlLsSnNyY~ #'\"!&*,[]{}|>中文\t", max_size=12
    ),
    st.dates()
    .map(str)
    .flatmap(
        lambda day: st.sampled_from([day, f"'{day}'", f'"{day}"', f"{day} 10:00", f"|-\n  {day}"])
    ),
)
CONTEXTS = ["key: {}\n", "- {}\n", "key: [{}]\n", "{}: 1\n", "key: {{a: {}}}\n", "k:\n  - x: {}\n"]


@settings(max_examples=600, deadline=None)
@given(SCALAR, st.sampled_from(CONTEXTS))
def test_any_scalar_in_any_place_reads_alike(value: str, context: str) -> None:
    agrees(context.format(value))


KEY = st.sampled_from(["id", "title", "owner", "deadline", "note", "status", "on", "date", "x"])
COMMENT = st.sampled_from(["", "  # 注释", " #c"])
BLOCK = st.sampled_from(["|\n      第一行\n\n      - 不是条目\n", ">-\n      折叠\n      文本\n"])


@st.composite
def ledgers(draw: st.DrawFn) -> str:
    """Ledger-shaped texts: a campaign block, findings with scalars, flow histories,
    block scalars, comments and blank lines anywhere a clerk puts them."""
    lines = ["# 台账\n", "ledger: 2\n", "campaign:\n", "  id: demo\n"]
    for key in draw(st.lists(st.sampled_from(["title", "prefix", "start", "owners"]), unique=True)):
        value = "[甲局, 乙局]" if key == "owners" else draw(SCALAR)
        lines.append(f"  {key}: {value}{draw(COMMENT)}\n")
    lines.append(f"findings:{draw(COMMENT)}\n")
    indent = draw(st.sampled_from(["", "  "]))
    for number in range(draw(st.integers(0, 4))):
        lines.append(f"{indent}- id: DM-{number:03d}\n")
        for key in draw(st.lists(KEY.filter(lambda k: k != "id"), unique=True, max_size=4)):
            value = draw(st.one_of(SCALAR, BLOCK)) if key == "note" else draw(SCALAR)
            lines.append(f"{indent}  {key}: {value}\n")
        if draw(st.booleans()):
            lines.append(f"{indent}  history:\n{indent}    - {{date: 2020-04-01, event: found}}\n")
        lines.append(draw(st.sampled_from(["", "\n", f"{indent}# 下一条\n"])))
    if draw(st.booleans()):
        lines.append(f"records: {draw(SCALAR)}\n")
    lines.append(draw(st.sampled_from(["", "\n# 结尾\n"])))
    return "".join(lines)


@settings(max_examples=500, deadline=None)
@given(ledgers())
def test_ledger_shaped_texts_read_alike(text: str) -> None:
    agrees(text)


def test_ledgers_as_clerks_write_them_all_read_natively() -> None:
    """The fast path is the usual one: ledgers with what clerks write (Chinese text, dates,
    ids, numbers, comments, multi-line notes, blank lines) all take it, and agree."""
    rng = random.Random(7)
    values = ["楼道堆放杂物", "区房产局", "2026-11-30", "DM-001", "12", "3.5", "已整改（回头看）",
              "见附件：照片3张", "true", "~", "http://x.gov.cn/a?b", "|\n      第一行\n      第二行"]  # fmt: skip
    for _ in range(200):
        lines = ["# 台账\n", "ledger: 2\n", "campaign:\n", "  id: demo  # 专项\n", "findings:\n"]
        for number in range(rng.randint(1, 5)):
            lines.append(f"  - id: DM-{number:03d}\n")
            for key in rng.sample(["title", "owner", "deadline", "note", "x_电话"], 3):
                lines.append(f"    {key}: {rng.choice(values)}\n")
            lines.append("    history:\n      - {date: 2026-11-01, event: found}\n")
            lines.append(rng.choice(["", "\n", "  # 下一条\n"]))
        text = "".join(lines)
        assert agrees(text), text


@settings(max_examples=300, deadline=None)
@given(ledgers())
def test_findings_read_in_parts_read_alike(text: str) -> None:
    """Findings loaded a few at a time (here two; a big ledger's parts hold 2,000) read as
    the whole text does."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(native, "FINDINGS_PER_PART", 2)
        agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        'findings:\n  - id: A\n    title: "第一行\n  - id: B"\n  - id: C\n',
        "findings:\n  - id: A\n    title: '第一行\n  - id: B'\n  - id: C\n",
        "findings:\n  - id: A\n    note: |\n      x\n  - id: B\n    note: y\n  - id: C\n",
        "findings:\n- id: A\n- id: B\n- id: C\nlater: 1\n",
        "findings:\n  - id: A\n  - id: B\n# 结尾\nlater:\n  - id: C\n",
    ],
)
def test_a_cut_between_findings_never_changes_the_reading(text: str) -> None:
    """Every item line a part could start at, taken one finding a part: where the cut falls
    inside a text, the parts are refused or counted wrong, and the walk reads it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(native, "FINDINGS_PER_PART", 1)
        agrees(text)
    assert walk(text) is not None or native.read(text, text.encode()) is None


def test_a_big_ledger_is_read_in_parts_and_alike() -> None:
    """Over FINDINGS_PER_PART findings: several parts, one reading."""
    finding = "  - id: DM-{n:04d}\n    owner: 区房产局\n    history:\n      - {{date: 2026-11-01, event: found}}\n"
    text = "ledger: 2\ncampaign:\n  id: demo\nfindings:\n" + "".join(
        finding.format(n=n) for n in range(native.FINDINGS_PER_PART * 2 + 7)
    )
    assert len(native._part_starts(text, native._root_keys(text)) or []) == 4  # 3 parts, the end
    assert agrees(text)
    findings = parse(Source(Path("t.yaml"), text.encode())).data["findings"]
    first, last = findings[0], findings[-1]  # equal keys and short texts are one object
    assert first["owner"] is last["owner"]
    assert next(iter(first)) is next(iter(last))
    assert first["history"][0]["date"] is last["history"][0]["date"]


def five_findings(deadlines: dict[int, str], on_key: int | None = None) -> str:
    lines = ["ledger: 2\ncampaign:\n  id: demo\n  title: 示例\n  prefix: DM\n  start: 2020-01-01\n"]
    lines.append("findings:\n")
    for n in range(1, 6):
        day_key = "on" if n == on_key else "date"
        lines.append(
            f"  - id: DM-{n:03d}\n    title: 问题{n}\n    owner: 区房产局\n    measure: 清理\n"
            f"    found_on: 2020-04-01\n    deadline: {deadlines.get(n, '2020-06-30')}\n"
            f"    status: open\n    history:\n      - {{{day_key}: 2020-04-01, event: found}}\n"
        )
    return "".join(lines)


def test_a_problem_after_good_findings_is_named_with_every_other(tmp_path: Path) -> None:
    """Validation goes finding by finding, replacing each parsed one; at a problem the text
    is read again and every problem named, at its line, as when all is validated at once."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "demo.yaml").write_text(five_findings({2: "2020-13-45", 4: "2020-13-45"}))
    result = installed(data, "--lang", "en", "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        f"{data / 'demo.yaml'}:22: DM-002.deadline: '2020-13-45' is not a date (write 2020-05-31)",
        f"{data / 'demo.yaml'}:40: DM-004.deadline: '2020-13-45' is not a date (write 2020-05-31)",
    ]
    (data / "demo.yaml").write_text(five_findings({}, on_key=5))
    result = installed(data, "--lang", "en", "check")
    assert result.returncode == 1
    assert result.stdout.startswith(f"{data / 'demo.yaml'}:52: DM-005.history[0].on: in format 2")
    (data / "demo.yaml").write_text(five_findings({}))
    assert installed(data, "check").returncode == 0


COLD_READ = """
import sys
from pathlib import Path
from ledger.core.errors import InvalidLedgerError
from ledger.storage.store import load
try:
    load(Path(sys.argv[1]))
except InvalidLedgerError:
    pass
print(sorted({m.split(".")[0] for m in sys.modules if m.startswith(("ruamel", "yaml_rs"))}))
"""


def test_a_cold_read_on_the_native_path_never_imports_ruamel(tmp_path: Path) -> None:
    """The event walk (and ruamel.yaml with it) is imported only where yaml-rs cannot
    answer: a cold read of a ledger as the tool writes it does without."""
    env = {**os.environ, "LEDGER_CACHE_DIR": str(tmp_path / "cache")}
    for text, expected in ((MINIMAL, "['yaml_rs']"), ("a: &x 1\n", "['ruamel', 'yaml_rs']")):
        path = tmp_path / "demo.yaml"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-c", COLD_READ, str(path)], capture_output=True, text=True, env=env
        )
        assert result.stdout.strip().splitlines()[-1:] == [expected], result.stderr


def test_a_doubt_stops_the_loading_and_leaves_no_thread_behind() -> None:
    """The parts are loaded in a thread while the screens look: a doubt found by the
    screens stops it between parts, and the walk reads the text."""
    finding = "  - id: DM-{n:04d}\n    owner: 区房产局\n"
    text = "ledger: 2\ncampaign:\n  id: demo\nfindings:\n"
    text += "".join(finding.format(n=n) for n in range(40)) + "later: 0X1F\n"  # read otherwise
    before = threading.active_count()
    screens = native._doubtful

    def slow_screens(text: str, raw: bytes) -> bool:
        time.sleep(0.5)  # time for the loading to fill its queue and wait on it
        return screens(text, raw)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(native, "FINDINGS_PER_PART", 2)
        patch.setattr(native, "_doubtful", slow_screens)
        assert native.read(text, text.encode()) is None
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == before
    assert walk(text) is not None
