"""The fast read path and ruamel.yaml's round-trip loader read every value alike."""

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from ledger.core.errors import InvalidLedgerError
from ledger.storage.parser import parse
from ledger.storage.source import Source

CORPUS = """\
bools: [yes, no, on, off, y, n, Yes, NO, true, false, True, FALSE]
nulls: [~, null, Null, NULL, '', ""]
empty:
ints: [0, 7, -7, +7, 0755, 0o17, 0x1F, 0b101, 1_000, 012]
floats: [1.5, -1.5, 1e3, 1.0e+3, .5, .inf, -.Inf, 6.8523015e+5, 685_230.15]
sexagesimal:
  - 12:30
  - 1:20:30
  - 190:20:30.15
dates:
  - 2020-05-31
  - 2020-5-31
  - 2020-05-31T10:20:30
  - 2020-05-31 10:20:30.5 +08:00
  - 20200531
strings: [plain text, 'single', "double", "esc\\u4e2d\\t", '整改措施：拆除飞线', "yes", '0755', "12:30"]
chinese: 某小区12号楼楼道内电动自行车飞线充电，且楼道内堆放大量纸箱
colon_inside: a:b
hash_inside: a#b
block: |
  第一行
  # 不是注释

  末行
folded: >
  折叠
  的文本
stripped: |-
  没有换行
kept: |+
  保留换行

plain_multi: 第一段
  接着写
nested: {a: [1, {b: c}], d: {}}
quoted_keys: {"1": one, '2': two}
numbers_as_keys: {1: one, 2.5: two}
"""


def plain(value: Any) -> Any:
    """ruamel's round-trip types as plain Python, to compare with the fast path."""
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, datetime):
        return datetime.fromisoformat(value.isoformat())
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def fast(text: str) -> Any:
    return parse(Source(Path("corpus.yaml"), text.encode("utf-8"))).data


def round_trip(text: str) -> Any:
    return plain(YAML(typ="rt").load(text))


def test_the_corpus_reads_alike() -> None:
    ours, theirs = fast(CORPUS), round_trip(CORPUS)
    nan_free = {k: v for k, v in ours.items() if k != "floats"}
    assert nan_free == {k: v for k, v in theirs.items() if k != "floats"}
    assert ours["floats"] == theirs["floats"]
    assert ours["bools"] == [
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "Yes",
        "NO",
        True,
        False,
        True,
        False,
    ]
    assert ours["ints"][4:6] == [755, 15]
    assert ours["sexagesimal"] == ["12:30", "1:20:30", "190:20:30.15"]
    assert ours["dates"][:2] == [date(2020, 5, 31), "2020-5-31"]
    assert ours["dates"][4] == 20200531


def test_nan_reads_as_nan() -> None:
    assert math.isnan(fast("x: .nan\n")["x"])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a: &x 1\nb: *x\n", "anchors and aliases are not allowed"),
        ("a: *x\n", "anchors and aliases are not allowed"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed",
        ),
        (
            "a: !!python/name:os.system x\n",
            "tags (tag:yaml.org,2002:python/name:os.system) are not allowed",
        ),
        ("a: !custom x\n", "tags (!custom) are not allowed"),
        ("a: !!set {x}\n", "tags (tag:yaml.org,2002:set) are not allowed"),
        ("a: !!str 1\n", "tags (tag:yaml.org,2002:str) are not allowed"),
        ("<<: {a: 1}\n", "merge keys (<<) are not allowed"),
        ("a: 1\na: 2\n", 'duplicate key "a"'),
        ("? [a]\n: 1\n", "a key must be a plain value"),
        ("a: 1\n---\nb: 2\n", "a ledger file holds one YAML document"),
        ("a: -_\n", "not a valid int: -_"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "nested too deeply"),
    ],
)
def test_hostile_or_odd_yaml_is_refused(text: str, reason: str) -> None:
    with pytest.raises(InvalidLedgerError) as info:
        fast(text)
    assert reason in info.value.problems[0].params["reason"]


scalars = st.text(
    alphabet="0123456789-+.:_eExXoObBtTrRuUfFaAlLsSnNyY~ #'\"!&*,[]{}中文", max_size=12
)


@settings(max_examples=400, deadline=None)
@given(scalars)
def test_any_scalar_reads_alike(value: str) -> None:
    text = f"key: {value}\n"
    try:
        theirs = round_trip(text)
    except Exception:
        return  # not valid YAML for ruamel either (or something we refuse anyway)
    try:
        ours = fast(text)
    except InvalidLedgerError:
        return  # tags, anchors and aliases are refused on purpose
    if isinstance(theirs.get("key"), float) and math.isnan(theirs["key"]):
        assert math.isnan(ours["key"])
    else:
        assert ours == theirs
