"""The first read after a ledger changed: only the changed findings are parsed, and the
answer is the whole read's, to the last position (ledger.storage.reread)."""

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.ledgers import finding_text, ledger_text
from ledger.core.errors import InvalidLedgerError
from ledger.storage import cache
from ledger.storage.parser import parse
from ledger.storage.reread import kept_blocks, reread
from ledger.storage.schema import validate
from ledger.storage.source import read_source
from ledger.storage.store import load
from tests.helpers import SAMPLE_DATA, git, installed
from tests.test_git import clone, origin_with

HEAD, *BLOCKS = re.split(r"(?m)^(?=  - id: )", ledger_text(12, "demo", seed=7))
# Texts over several lines in the findings left as they are: each must end where it did.
BLOCKS[2] += '    note: "第一行\n      第二行"\n'
BLOCKS[6] += "    note: |+\n      保留末尾空行\n\n"
BLOCKS[7] += "    tags: [一,\n      二]\n  # 批注\n"
BASE = HEAD + "".join(BLOCKS)


def whole(path: Path) -> Any:
    """The reference: a whole read of the file, or the problems it names."""
    try:
        parsed = parse(read_source(path))
        return validate(parsed), parsed.positions
    except InvalidLedgerError as error:
        return [(p.line, p.field, p.key) for p in error.problems]


def read_after_change(path: Path, before: str, after: str) -> Any:
    """The read of `after` from the cache entry of a whole read of `before`; None where
    it leaves the text to a whole read."""
    path.write_text(before, encoding="utf-8")
    ledger, positions = whole(path)
    blocks = kept_blocks(read_source(path).text, positions)
    cache.write(path, cache.Entry(read_source(path).digest, ledger, positions), blocks)
    path.write_bytes(after.encode())
    stale = cache.stale(path)
    assert stale is not None
    return reread(read_source(path), *stale)


Mutation = Callable[[list[str], int], None]


def retitle(blocks: list[str], i: int) -> None:
    blocks[i] = re.sub(r"title: [^\n#]*", f"title: 改过的标题{i}", blocks[i], count=1)


def drop(blocks: list[str], i: int) -> None:
    del blocks[i]


def copy(blocks: list[str], i: int) -> None:  # the same id twice: a problem
    blocks.insert(i, blocks[i])


def move(blocks: list[str], i: int) -> None:
    blocks.append(blocks.pop(i))


def new(blocks: list[str], i: int) -> None:
    blocks.insert(i, finding_text(random.Random(i), 900 + i))


def comment(blocks: list[str], i: int) -> None:
    blocks[i] += "  # 回头看：已复核\n\n"


def open_quote(blocks: list[str], i: int) -> None:
    blocks[i] = re.sub(r"title: ", 'title: "未闭合的', blocks[i], count=1)


def kept_text(blocks: list[str], i: int) -> None:  # a block text keeping its empty lines
    blocks[i] += "    note: |+\n      保留末尾空行\n\n\n"


def open_flow(blocks: list[str], i: int) -> None:
    blocks[i] += "    tags: [一,\n"


def flow_item(blocks: list[str], i: int) -> None:
    blocks[i] = f"  - {{id: BK-9{i:02d}, title: 流式}}\n"


def bad_deadline(blocks: list[str], i: int) -> None:
    blocks[i] = re.sub(r"deadline: \S+", "deadline: 明天", blocks[i], count=1)


def deeper(blocks: list[str], i: int) -> None:
    blocks[i] = blocks[i].replace("  - id: ", "   - id: ", 1)


def tab(blocks: list[str], i: int) -> None:
    blocks[i] = blocks[i].replace("    owner:", "\towner:", 1)


MUTATIONS: list[Mutation] = [
    retitle,
    drop,
    copy,
    move,
    new,
    comment,
    open_quote,
    kept_text,
    open_flow,
    flow_item,
    bad_deadline,
    deeper,
    tab,
]
HEADS: list[Callable[[str], str]] = [
    lambda head: head,
    lambda head: head.replace("title: 安全生产专项整治三年行动", "title: 改名的活动"),
    lambda head: head.replace("ledger: 2", "ledger: 1"),
    lambda head: head.replace("# 本文件", "# 注释改了\n# 本文件"),
]
TAILS = ["", "# 末尾注释\n", "notes: 备注\n", "activities: []\n"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(MUTATIONS), st.integers(0, len(BLOCKS) - 1)), max_size=3
    ),
    head=st.sampled_from(HEADS),
    tail=st.sampled_from(TAILS),
    crlf=st.booleans(),
)
def test_a_read_after_any_change_is_the_whole_reads(
    tmp_path: Path,
    steps: list[tuple[Mutation, int]],
    head: Callable[[str], str],
    tail: str,
    crlf: bool,
) -> None:
    blocks = list(BLOCKS)
    for mutation, index in steps:
        if blocks:
            mutation(blocks, index % len(blocks))
    after = head(HEAD) + "".join(blocks) + tail
    if crlf:
        after = after.replace("\n", "\r\n")
    path = tmp_path / "demo.yaml"
    answer = read_after_change(path, BASE, after)
    if answer is None:
        return
    ledger, positions, blocks_after = answer
    assert (ledger, positions) == whole(path)
    assert blocks_after == kept_blocks(read_source(path).text, positions)


@pytest.mark.parametrize("mutation", [retitle, drop, move, new, comment, kept_text])
def test_a_change_to_some_findings_is_read_alone(tmp_path: Path, mutation: Mutation) -> None:
    """The changes a pull brings are read from the cache and the changed findings: and
    the answer is the whole read's."""
    blocks = list(BLOCKS)
    mutation(blocks, 5)
    retitle(blocks, 8)
    path = tmp_path / "demo.yaml"
    answer = read_after_change(path, BASE, HEAD + "".join(blocks))
    assert answer is not None
    assert answer[:2] == whole(path)


@pytest.mark.parametrize("mutation", [open_quote, open_flow, copy, bad_deadline, deeper, tab])
def test_a_change_that_may_read_otherwise_is_left_to_a_whole_read(
    tmp_path: Path, mutation: Mutation
) -> None:
    """A quote or a bracket left open, a repeated id, a problem, a finding out of line:
    the whole read answers, and names what is wrong, where."""
    blocks = list(BLOCKS)
    mutation(blocks, 5)
    path = tmp_path / "demo.yaml"
    assert read_after_change(path, BASE, HEAD + "".join(blocks)) is None
    expected = whole(path)
    try:
        loaded = load(path)
    except InvalidLedgerError as error:
        assert [(p.line, p.field, p.key) for p in error.problems] == expected
    else:
        assert (loaded.ledger, loaded.positions) == expected


def test_a_format_change_reads_every_finding_again(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    after = HEAD.replace("ledger: 2", "ledger: 1") + "".join(BLOCKS)
    assert read_after_change(path, BASE, after) is None


def test_after_a_hand_edit_the_cli_counts_as_a_first_read_would(tmp_path: Path) -> None:
    """The installed CLI, a clerk's edit in an editor, and the figures: the same with the
    cache of the last read as with none."""
    data = tmp_path / "data"
    data.mkdir()
    ledger = data / "demo.yaml"
    ledger.write_text(BASE, encoding="utf-8")
    kept, empty = {"LEDGER_CACHE_DIR": str(tmp_path / "kept")}, tmp_path / "empty"
    assert installed(data, "list", "--json", env=kept).returncode == 0
    blocks = list(BLOCKS)
    retitle(blocks, 4)
    retitle(blocks, 9)
    ledger.write_text(HEAD + "".join(blocks), encoding="utf-8")
    read_again = installed(data, "list", "--json", env=kept)
    first = installed(data, "list", "--json", env={"LEDGER_CACHE_DIR": str(empty)})
    assert read_again.returncode == first.returncode == 0
    assert read_again.stdout == first.stdout
    assert "改过的标题4" in read_again.stdout


def test_after_a_real_pull_that_merges_the_figures_are_a_first_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clerks' clones of the sample campaign and real git: B's first read after
    pulling A's rectification (merged with B's own new finding by the driver) takes only
    the changed findings, and every figure is what a read with no cache gives."""
    name = "qinhuai-2020-safety"
    origin = origin_with(tmp_path, (SAMPLE_DATA / f"{name}.yaml").read_text("utf-8"), name)
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    kept = tmp_path / "kept"
    monkeypatch.setenv("LEDGER_CACHE_DIR", str(kept))

    def cli(folder: Path, *args: str, cache_dir: Path = kept) -> str:
        env = {"LEDGER_CACHE_DIR": str(cache_dir), "LEDGER_TODAY": "2020-10-15"}
        done = installed(folder / "data", *args, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli(b, "summary")  # B's cache holds the campaign as cloned
    cli(a, "rectify", "QH-096", "--note", "已更换保温层", "--on", "2020-10-12")
    git(a, "commit", "-qam", "A rectifies")
    git(a, "push", "-q")
    cli(b, "add", "--title", "乙新增问题", "--owner", "区房产局", "--measure", "清理",
        "--deadline", "2020-11-30", "--found-on", "2020-10-13")  # fmt: skip
    git(b, "commit", "-qam", "B adds")
    git(b, "pull", "-q", "--no-edit")
    path = b / "data" / f"{name}.yaml"
    stale = cache.stale(path)
    assert stale is not None
    answer = reread(read_source(path), *stale)
    assert answer is not None and answer[:2] == whole(path)
    for args in (
        ["summary", "--json"],
        ["list", "--json"],
        ["check"],
        ["report", "--month", "2020-09"],
    ):
        assert cli(b, *args) == cli(b, *args, cache_dir=tmp_path / f"empty-{args[0]}")
    assert '"found": 155' in cli(b, "summary", "--json")


# Lines a hand edit or a bad merge may leave anywhere: texts and collections opened and
# not closed, items and keys at odd indentations, node properties, documents, tabs.
STRAY_LINES = [
    "    x: |\n", "    x: |+\n", "    x: >-\n", "  - \n", "'\n", '"\n', "    y: [\n", "    y: {\n",
    "#\n", "  - id: BK-999\n", "\tz: 1\n", "---\n", "    note: 'a\n", '    note: "a\n', "      b'\n",
    '      b"\n', "      ]\n", "      }\n", "\n", "   \n", "  # c\n", "    - id: q\n", "  -   id: r\n",
    "- id: s\n", "findings:\n", "    title: x # y\n", "    k: &a 1\n", "    k2: *a\n",
    "    k3: !!str 1\n", "      cont\n", "     cont5\n", "  cont2\n", "...\n", "%YAML 1.2\n",
    "    deadline: 2020-01-01 10:00\n",
]  # fmt: skip
LineEdit = tuple[int, int, int]  # (what, where, which stray line)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.integers(0, len(STRAY_LINES) - 1)),
        min_size=1,
        max_size=3,
    )
)
def test_a_read_after_stray_lines_anywhere_is_the_whole_reads(
    tmp_path: Path, edits: list[LineEdit]
) -> None:
    """Lines inserted, dropped, doubled or indented otherwise anywhere in the text."""
    lines = BASE.splitlines(keepends=True)
    for what, where, which in edits:
        at = where % len(lines)
        if what == 0:
            lines.insert(at, STRAY_LINES[which])
        elif what == 1:
            del lines[at]
        elif what == 2:
            lines.insert(at, lines[at])
        else:
            lines[at] = " " + lines[at]
    path = tmp_path / "demo.yaml"
    answer = read_after_change(path, BASE, "".join(lines))
    if answer is not None:
        assert answer[:2] == whole(path)


def test_a_whole_read_keeps_the_digests_of_the_spans_it_found(tmp_path: Path) -> None:
    """The native read hands over the findings' spans it found for their positions; the
    digests made of them are those the lines give."""
    path = tmp_path / "demo.yaml"
    path.write_text(ledger_text(12, "demo", seed=7), encoding="utf-8")  # as the tool writes
    parsed = parse(read_source(path))
    assert parsed.spans is not None and parsed.spans.lines == parsed.positions.finding_starts
    kept = kept_blocks(parsed.source.text, parsed.positions, parsed.spans)
    assert kept is not None and len(kept) == len(BLOCKS)
    assert kept == kept_blocks(parsed.source.text, parsed.positions)
