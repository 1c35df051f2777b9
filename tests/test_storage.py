"""Storage guarantees: nothing lost, only the intended lines change, atomic and locked writes."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.commands.findings import NewFinding, add_finding
from ledger.core.patch import Change, Edit
from ledger.storage import splice as splice_module
from ledger.storage.parser import parse
from ledger.storage.source import read_source
from ledger.storage.splice import Piece, TextLines, in_place, replacements
from ledger.storage.store import load
from tests.helpers import MINIMAL, QUICK_ADD, SAMPLE_DATA, git, run, write_ledger


def splice(text: str, pieces: list[Piece]) -> str:
    """The text with every piece put in place, as an edit splices a file."""
    spliced = TextLines(text).spliced(replacements(pieces))
    assert isinstance(spliced, str)
    return spliced


HAND_WRITTEN = """\
# 台账 kept by hand — every comment here must survive
ledger: 1
reviewed_by: 秘书处   # a key the tool does not know
campaign:
  id: demo
  title: '演示活动'
  prefix: DM
  areas: [消防安全, 燃气安全]   # flow style stays
  extra_note: "自定义字段"
findings:
  # the first finding
  - id: DM-001
    title: 某小区12号楼楼道内电动自行车飞线充电，且楼道内堆放大量纸箱、旧家具等可燃杂物，存在严重火灾隐患，居民多次反映未果
    area: 消防安全
    found_on: 2020-04-01
    owner: 区房产局   # owner comment
    measure: "拆除飞线"
    deadline: 2020-04-30
    status: open
    street: 夫子庙街道
    history:
      - {on: 2020-04-01, event: found}   # entered late
    photos: [a.jpg, b.jpg]

  # the second finding
  - id: DM-002
    title: 'yes'
    area: 燃气安全
    found_on: 2020-04-03
    owner: 区商务局
    measure: |
      更换金属软管
      安装报警器
    deadline: 2020-05-03
    status: open
# a comment at the end
"""


def repo_with(tmp_path: Path, text: str) -> Path:
    data = tmp_path / "data"
    write_ledger(data, text)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    return data


def changed_lines(tmp_path: Path) -> tuple[list[str], list[str]]:
    """Lines removed and added by the working tree, from a real git diff."""
    diff = git(tmp_path, "diff", "--unified=0", "--no-color").stdout
    body = [
        line
        for line in diff.splitlines()
        if not line.startswith(("---", "+++", "@@", "diff", "index"))
    ]
    return [line[1:] for line in body if line.startswith("-")], [
        line[1:] for line in body if line.startswith("+")
    ]


def test_rectify_changes_only_that_findings_lines(tmp_path: Path) -> None:
    data = repo_with(tmp_path, HAND_WRITTEN)
    assert run(data, "rectify", "DM-001", "--on", "2020-04-20", "--note", "已拆除").exit_code == 0
    expected = HAND_WRITTEN.replace(
        "    status: open\n    street:",
        "    status: fixed\n    fixed_on: 2020-04-20\n    fix_note: 已拆除\n    street:",
    ).replace(
        "      - {on: 2020-04-01, event: found}   # entered late\n",
        "      - {on: 2020-04-01, event: found}   # entered late\n"
        "      - {on: 2020-04-20, event: fixed, note: 已拆除}\n",
    )
    assert (data / "demo.yaml").read_text(encoding="utf-8") == expected
    removed, added = changed_lines(tmp_path)
    assert removed == ["    status: open"]
    assert added == [
        "    status: fixed",
        "    fixed_on: 2020-04-20",
        "    fix_note: 已拆除",
        "      - {on: 2020-04-20, event: fixed, note: 已拆除}",
    ]


def test_rectify_the_last_finding_keeps_the_closing_comment(tmp_path: Path) -> None:
    data = repo_with(tmp_path, HAND_WRITTEN)
    assert run(data, "rectify", "DM-002", "--on", "2020-04-20").exit_code == 0
    text = (data / "demo.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "    status: fixed\n    fixed_on: 2020-04-20\n    history:\n"
        "      - {on: 2020-04-03, event: found}\n"
        "      - {on: 2020-04-20, event: fixed}\n# a comment at the end\n"
    )
    assert "    title: 'yes'\n" in text
    removed, _ = changed_lines(tmp_path)
    assert removed == ["    status: open"]


def test_add_only_appends(tmp_path: Path) -> None:
    data = repo_with(tmp_path, HAND_WRITTEN)
    before = (data / "demo.yaml").read_text(encoding="utf-8")
    args = [
        "--title",
        "yes",
        "--owner",
        "区房产局",
        "--measure",
        "12:30 前清理",
        "--deadline",
        "2020-05-30",
    ]
    assert run(data, "add", *args, "--found-on", "2020-05-01").exit_code == 0
    after = (data / "demo.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :] == (
        "  - id: DM-003\n"
        "    title: 'yes'\n"
        "    found_on: 2020-05-01\n"
        "    severity: general\n"
        "    owner: 区房产局\n"
        "    measure: 12:30 前清理\n"
        "    deadline: 2020-05-30\n"
        "    status: open\n"
        "    history:\n"
        "      - {on: 2020-05-01, event: found}\n"
    )
    removed, added = changed_lines(tmp_path)
    assert removed == []
    assert len(added) == 10
    shown = json.loads(run(data, "show", "DM-003", "--json").stdout)
    assert (shown["title"], shown["measure"]) == ("yes", "12:30 前清理")


def test_edits_on_the_sample_are_done_in_place() -> None:
    lf = load(SAMPLE_DATA / "qinhuai-2020-safety.yaml")
    edit = Edit(
        changes={"QH-096": Change(fields={"status": "fixed", "fixed_on": date(2020, 10, 1)})}
    )
    pieces = in_place(TextLines(lf.source.text), lf.positions, lf.findings, edit)
    assert pieces is not None
    assert len(pieces) == 1
    old, new = lf.source.text.splitlines(), splice(lf.source.text, pieces).splitlines()
    assert len(new) == len(old) + 1
    assert [line for line in new if line not in old] == ["    fixed_on: 2020-10-01"]


def test_crlf_files_stay_crlf(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "demo.yaml"
    path.write_bytes(MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    assert run(data, "rectify", "DM-001", "--on", "2020-04-10").exit_code == 0
    assert run(data, *QUICK_ADD).exit_code == 0
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert b"status: fixed\r\n" in raw
    assert run(data, "check").exit_code == 0


def test_a_bom_is_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "demo.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert run(data, "rectify", "DM-001", "--on", "2020-04-10").exit_code == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbf# a small ledger")


def test_other_indentation_is_kept(tmp_path: Path) -> None:
    text = MINIMAL.replace("\n      - {", "\n    - {").replace("\n  - id:", "\n- id:")
    text = text.replace("\n    ", "\n  ")  # findings at offset 0, as some editors write them
    data = repo_with(tmp_path, text)
    assert run(data, "rectify", "DM-001", "--on", "2020-04-10").exit_code == 0
    assert run(data, *QUICK_ADD).exit_code == 0
    removed, added = changed_lines(tmp_path)
    assert removed == ["  status: open"]
    assert added[:3] == [
        "  status: fixed",
        "  fixed_on: 2020-04-10",
        "  - {on: 2020-04-10, event: fixed}",
    ]
    assert added[3] == "- id: DM-003"


def test_a_finding_ending_in_a_hash_line_of_a_block_scalar(tmp_path: Path) -> None:
    """A '#' line inside a block scalar is text, not a comment: nothing of it may be lost."""
    text = MINIMAL + "    fix_note: |\n      已更换\n      # 不是注释\n"
    data = write_ledger(tmp_path / "data", text).parent
    assert run(data, "rectify", "DM-001", "--on", "2020-04-10", "-c", "demo").exit_code == 0
    after = (data / "demo.yaml").read_text(encoding="utf-8")
    assert "      # 不是注释\n" in after
    shown = json.loads(run(data, "show", "DM-002", "--json").stdout)
    assert shown["fix_note"] == "已更换\n# 不是注释\n"


def test_add_when_findings_is_not_the_last_key(tmp_path: Path) -> None:
    data = write_ledger(tmp_path / "data", MINIMAL + "notes:   # kept\n  - 备注一\n").parent
    assert run(data, *QUICK_ADD).exit_code == 0
    text = (data / "demo.yaml").read_text(encoding="utf-8")
    assert "# a small ledger written by hand\n" in text
    assert "  - id: DM-002   # a comment on an id\n" in text
    assert text.index("DM-003") < text.index("notes:")
    assert "notes:   # kept\n  - 备注一\n" in text
    assert run(data, "check").exit_code == 0


def test_no_temp_files_left_behind(data_dir: Path) -> None:
    run(data_dir, "rectify", "DM-001", "--on", "2020-04-10")
    run(data_dir, "rectify", "DM-001", "--on", "2020-04-10")  # refused
    assert sorted(p.name for p in data_dir.iterdir()) == [".ledger-cache", "demo.yaml"]
    assert (data_dir / ".ledger-cache" / ".gitignore").read_text() == "*\n"


def test_file_mode_is_kept(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    path.chmod(0o640)
    run(data_dir, "rectify", "DM-001", "--on", "2020-04-10")
    assert path.stat().st_mode & 0o777 == 0o640


texts = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs", "Cc"], blacklist_characters="\x85\u2028\u2029\ufeff"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip())
tricky = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "0755",
        "12:30",
        "2020-05-31",
        "null",
        "~",
        "- a",
        "#x",
        "a: b",
        "'q'",
        '"d"',
        "[x]",
        "{y}",
        "*z",
        "&a",
        "!t",
        "%p",
        "@u",
        "`b`",
        "1e3",
        "0x1F",
        ".inf",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.one_of(texts, tricky), measure=st.one_of(texts, tricky), owner=st.one_of(texts, tricky)
)
def test_what_is_written_reads_back_identically(
    tmp_path: Path, title: str, measure: str, owner: str
) -> None:
    """The write path (ruamel round trip) and the read path (safe C loader) agree on every value."""
    folder = tmp_path / f"d{abs(hash((title, measure, owner)))}"
    path = write_ledger(
        folder, MINIMAL.replace("  owners: [区房产局, 区商务局, 区消防救援大队]\n", "")
    )
    new = NewFinding(
        title=title,
        owner=owner,
        measure=measure,
        deadline=date(2020, 6, 1),
        found_on=date(2020, 5, 1),
    )
    finding = add_finding(path, new, date(2020, 9, 30))
    assert (finding["title"], finding["measure"], finding["owner"]) == (title, measure, owner)
    reread = parse(read_source(path)).data["findings"][-1]
    assert (reread["title"], reread["measure"], reread["owner"]) == (title, measure, owner)
    assert "\\u" not in path.read_text(encoding="utf-8") or "\\u" in title + measure + owner


def test_a_rewrite_that_would_drop_a_comment_refuses(tmp_path: Path) -> None:
    """A comment inside a flow list cannot go through ruamel's round trip: an edit of that
    finding, and `fmt`, refuse with a message instead of dropping it; nothing is written."""
    text = MINIMAL.replace(
        "    status: open\n", "    status: open\n    tags: [甲, # 保留这条注释\n      乙]\n", 1
    )
    data = tmp_path / "data"
    path = write_ledger(data, text)
    before = path.read_bytes()
    refused = run(data, "--lang", "en", "rectify", "DM-001", "--on", "2020-04-10")
    assert refused.exit_code == 1
    assert "would drop comments (# 保留这条注释); nothing was written" in refused.stderr
    assert path.read_bytes() == before
    formatted = run(data, "--lang", "en", "fmt")
    assert formatted.exit_code == 1 and "# 保留这条注释" in formatted.stderr
    assert path.read_bytes() == before
    # The other finding, on its own lines, is edited as ever.
    assert run(data, "verify", "DM-002", "--on", "2020-04-25").exit_code == 0
    assert "# 保留这条注释" in path.read_text(encoding="utf-8")


LINE_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab 中\n\n\n#-")), max_size=80),
    st.text(alphabet=st.sampled_from(list("ab 中\n\n\n\r\x85\u2028#-")), max_size=80),
)  # ledgers' line breaks alone, or with the others str.splitlines breaks at


@settings(max_examples=400, deadline=None)
@given(LINE_TEXT, st.lists(st.integers(0, 40), min_size=1, max_size=6))
def test_lines_taken_where_asked_are_those_of_splitlines(text: str, numbers: list[int]) -> None:
    """An edit takes a few lines of a big text without splitting it all: the same lines,
    at the same numbers, as str.splitlines gives, in any order asked, past the end too."""
    whole = text.splitlines(keepends=True)
    for block in (3, 1 << 16):  # line breaks counted a few characters at a time, or at once
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(splice_module, "_BLOCK", block)
            for lines, size in ((TextLines(text), len), (TextLines(text.encode()), utf8_size)):
                if isinstance(lines.text, bytes) and any(c in text for c in "\r\x85\u2028"):
                    continue  # the file's bytes are read so only where LF alone breaks lines
                assert len(lines) == len(whole)
                assert lines.open_ended() == (bool(whole) and not whole[-1].endswith("\n"))
                for start, end in zip(numbers, sorted(numbers), strict=True):
                    low, high = min(start, end), max(start, end)
                    assert lines.between(low, high) == whole[low:high]
                    assert lines.offset(start) == size("".join(whole[:start]))


def utf8_size(text: str) -> int:
    return len(text.encode())


@settings(max_examples=300, deadline=None)
@given(LINE_TEXT, st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3)), max_size=4))
def test_splice_puts_each_piece_in_place_of_its_lines(
    text: str, spans: list[tuple[int, int]]
) -> None:
    whole = text.splitlines(keepends=True)
    pieces, taken = [], set()
    for start, length in spans:
        start = min(start, len(whole))
        end = min(start + length, len(whole))
        if taken & set(range(start, end + 1)):
            continue
        taken |= set(range(start, end + 1))
        pieces.append(Piece(len(pieces), start, end, f"- id: X{start}\n", "# t\n"))
    expected = list(whole)
    for piece in sorted(pieces, key=lambda p: p.start, reverse=True):
        expected[piece.start : piece.end] = [piece.body + piece.tail]
    assert splice(text, pieces) == "".join(expected)
    assert TextLines(text.encode()).spliced(replacements(pieces)) == "".join(
        expected
    ).encode() or any(c in text for c in "\r\x85\u2028")


def _many(count: int) -> list[dict[str, object]]:
    """New findings as an import makes them, ids given."""
    return [
        {
            "id": f"DM-{n:04d}",
            "title": f"问题{n}",
            "owner": "区房产局",
            "measure": "整改",
            "found_on": date(2020, 5, 1),
            "deadline": date(2020, 6, 1),
            "status": "open",
            "history": [{"on": date(2020, 5, 1), "event": "found"}],
        }
        for n in range(3, count + 3)
    ]


@pytest.mark.parametrize("before_text", [MINIMAL, MINIMAL.split("findings:")[0] + "findings: []\n"])
def test_many_new_findings_are_read_back_a_part_at_a_time(tmp_path: Path, before_text: str) -> None:
    """An import's findings are read back READ_BACK_PART at a time, after the ledger's own
    findings or in place of `findings: []`: what is written reads as the whole read reads
    it, and a wrong finding in any part, or one missing, refuses the quick write."""
    from ledger.storage import transaction
    from ledger.storage.schema import validate
    from ledger.storage.source import Source
    from ledger.storage.splice import appended_many

    before = load(write_ledger(tmp_path, before_text))
    count = 2 * transaction.READ_BACK_PART + 500
    edit = Edit(added=_many(count))
    expected = transaction._expected(before, edit)
    after = transaction._appended(before, edit, expected)
    assert after is not None
    whole = parse(Source(after.path, after.source.raw))  # read afresh, as a later command
    assert validate(whole) == after.ledger == expected
    assert [f["id"] for f in whole.data["findings"][-count:]] == [v["id"] for v in edit.added]
    assert after.positions == whole.positions

    appended = appended_many(
        TextLines(before.source.text), before.positions, before.findings, edit.added
    )
    assert appended is not None
    new = expected["findings"][len(before.findings) :]
    previous = transaction._last_finding(before, TextLines(before.source.text))
    assert (previous is None) == (not before.findings)

    def reads_back(texts: list[str]) -> bool:
        return transaction._reads_back_in_parts(before.source, previous, texts, new, 1)

    assert reads_back(appended.texts)
    last = count - 1  # in the last part
    wrong = [*appended.texts[:last], appended.texts[last].replace(f"问题{last + 3}", "别的问题")]
    assert wrong != appended.texts
    assert not reads_back(wrong)
    assert not reads_back(appended.texts[:-1])  # one missing
    # Indented otherwise than the list they join (which, on their own, read well).
    shifted = ["  " + text.replace("\n", "\n  ").removesuffix("  ") for text in appended.texts]
    assert parse(Source(after.path, ("findings:\n" + shifted[0]).encode())).data["findings"]
    assert not reads_back(shifted) if before.findings else reads_back(shifted)


def test_a_file_changed_during_an_edit_is_not_replaced(tmp_path: Path) -> None:
    """A hand edit saved while a command edits the file: the command writes nothing."""
    from ledger.core.errors import LedgerError
    from ledger.storage.atomic import write_atomic
    from ledger.storage.source import file_digest

    path = write_ledger(tmp_path, MINIMAL)
    read_digest = file_digest(path)
    assert read_digest == read_source(path).digest
    write_atomic(path, [b"# a part\n", b"# and another\n"], expected_digest=read_digest)
    assert path.read_text(encoding="utf-8") == "# a part\n# and another\n"
    saved = MINIMAL.replace("楼道堆放杂物", "楼道堆放杂物（已复查）")
    path.write_text(saved, encoding="utf-8")  # the clerk's editor saves meanwhile
    with pytest.raises(LedgerError) as raised:
        write_atomic(path, MINIMAL.encode(), expected_digest=read_digest)
    assert raised.value.key == "changed_meanwhile"
    assert path.read_text(encoding="utf-8") == saved
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    old=st.text(alphabet=st.sampled_from("a汉\n\r\ufeff"), max_size=12),
    new=st.text(alphabet=st.sampled_from("a汉\n\r\ufeff"), max_size=12),
)
def test_a_text_an_edit_made_reads_as_its_bytes_do(tmp_path: Path, old: str, new: str) -> None:
    """The text kept by `with_text` (not decoded again) is the text its bytes give a later
    read, whatever the old file's endings and BOM and whatever the new text holds."""
    from ledger.storage.source import Source

    path = tmp_path / "demo.yaml"
    made = Source(path, old.encode()).with_text(new)
    assert made.text == Source(path, made.raw).text


def _hand_layout(offset: int, gap: int, nested: int, nested_gap: int, comment: int) -> str:
    """A ledger of two findings as people lay them out: the list's dash `offset` columns in,
    `gap` spaces after it, each history list `nested` columns past its key with `nested_gap`
    spaces after its dash, and a comment after the list `comment` columns in."""
    content = " " * (offset + 1 + gap)
    items = ""
    for number, title in ((1, "楼道堆放杂物"), (2, "燃气软管老化")):
        lines = [f"id: DM-00{number}", f"title: {title}", "found_on: 2020-04-01"]
        lines += ["owner: 区房产局", "measure: 清理", "deadline: 2020-04-30", "status: open"]
        items += " " * offset + "-" + " " * gap + lines[0] + "\n"
        items += "".join(content + line + "\n" for line in lines[1:])
        dash = content + " " * nested + "-" + " " * nested_gap
        items += content + "history:\n" + dash + "{on: 2020-04-01, event: found}\n"
    head = MINIMAL.split("findings:")[0]
    return head + "findings:\n" + items + " " * comment + "# 清单到此\n"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    offset=st.sampled_from([0, 2, 4]),
    gap=st.sampled_from([1, 3]),
    nested=st.sampled_from([0, 2, 4]),
    nested_gap=st.sampled_from([1, 3]),
    comment=st.sampled_from([0, 2, 4]),
    command=st.sampled_from(["add", "import", "rectify"]),
)
def test_an_edit_of_a_hand_laid_out_ledger_writes_what_a_fresh_read_reads(
    tmp_path: Path, offset: int, gap: int, nested: int, nested_gap: int, comment: int, command: str
) -> None:
    """Whatever the list's indentation, an edit writes a file that a whole read, with no
    cache, reads as the ledger the edit meant (and the cache holds); a new finding only
    adds lines at the end, and a rectification changes its finding's lines alone where
    the history lists put as many spaces after their dashes as the findings list. An
    entry read back on its own could pass where, after the list it joins, it breaks the
    file: `-   id:` lists once got `  - id:` entries."""
    from ledger.storage.schema import validate

    folder = tmp_path / f"d{offset}{gap}{nested}{nested_gap}{comment}{command}"
    text = _hand_layout(offset, gap, nested, nested_gap, comment)
    path = write_ledger(folder, text)
    if command == "add":
        done = run(folder, *QUICK_ADD)
    elif command == "import":
        sheet = folder / "sheet.csv"
        rows = ["问题描述,责任单位,整改措施,整改时限,发现时间"]
        rows += [
            f"{title},区房产局,清理,2020-06-0{n},2020-05-0{n}"
            for n, title in enumerate("甲乙丙", 1)
        ]
        sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
        done = run(folder, "import", str(sheet))
    else:
        done = run(folder, "rectify", "DM-001", "--note", "已清理", "--on", "2020-04-20")
    assert done.exit_code == 0, done.stdout + done.stderr
    written = path.read_text(encoding="utf-8")
    fresh = validate(parse(read_source(path)))
    assert fresh == load(path).ledger
    added = {"add": 1, "import": 3, "rectify": 0}[command]
    assert len(fresh["findings"]) == 2 + added
    if added:
        assert written.startswith(text)
        return
    assert fresh["findings"][0]["status"] == "fixed"
    if gap == nested_gap:  # a layout indent() writes, once shifted: DM-001's lines alone change
        second = text.rindex("\n", 0, text.index("id: DM-002")) + 1
        first = text.rindex("\n", 0, text.index("id: DM-001")) + 1
        assert written.startswith(text[:first]) and written.endswith(text[second:])
