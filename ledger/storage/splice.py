"""Editing a ledger's text so that only the lines meant to change do change.

A change to one finding round-trips only that finding's lines (its span) through
ruamel.yaml and splices them back; a new finding is appended as text. Each
snippet is first checked to round-trip byte for byte, and every result is
re-parsed and compared with the intended data by the caller (ledger.storage.transaction), so a
layout this cannot reproduce falls back to a whole-file round trip, never to a
wrong file.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ledger.core.model import Finding, keys_after
from ledger.core.patch import Change, Edit, SectionEdit
from ledger.storage.emit import finding_text
from ledger.storage.source import BOM, Positions, Source
from ledger.storage.yamltext import (
    CANONICAL,
    Layout,
    apply_change,
    apply_section,
    detect_layout,
    dump,
    dump_entries,
    entry_layout,
    load_entries,
    new_finding_map,
    round_trip_yaml,
)

# --- lines ---------------------------------------------------------------

# Where str.splitlines breaks a line besides LF (the text's CRLF is already LF).
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_OTHER_BREAKS_UTF8 = tuple(char.encode() for char in _OTHER_BREAKS)
_BLOCK = 1 << 16  # characters whose line breaks are counted in one step


class TextLines:
    """A text's lines, as `str.splitlines(keepends=True)` numbers them, taken where asked
    without splitting the whole text: at 100,000 findings that list took 150 MB and a
    tenth of a second, for an edit that touches a few lines. Line starts are found by
    counting line breaks a block at a time. The text may be the file's own bytes (see
    `file_lines`), so that an edit of a big file neither decodes nor copies it. A text
    with line breaks other than LF (which ledgers do not hold) is split whole."""

    def __init__(self, text: str | bytes) -> None:
        self.text = text
        self._lf: Any = "\n" if isinstance(text, str) else b"\n"
        self.plain = not _odd(text)  # LF alone breaks its lines (else it is split whole)
        self._known: dict[int, int] = {}  # line starts found: line -> offset

    @cached_property
    def _whole(self) -> list[str] | None:
        return None if self.plain else _decoded(self.text).splitlines(keepends=True)

    def __len__(self) -> int:
        if self._whole is not None:
            return len(self._whole)
        return self.text.count(self._lf) + self.open_ended()

    def open_ended(self) -> bool:
        """Whether the last line has no line break at its end."""
        if self._whole is not None:
            return bool(self._whole) and not self._whole[-1].endswith("\n")
        return bool(self.text) and not self.text.endswith(self._lf)

    def between(self, start: int, end: int) -> list[str]:
        """Lines [start, end), as text."""
        if self._whole is not None:
            return self._whole[start:end]
        taken = self.text[self.offset(start) : self.offset(end)]
        return _decoded(taken).splitlines(keepends=True)

    def offset(self, line: int) -> int:
        """Where line `line` starts; the text's length at or past its end."""
        if self._whole is not None:
            return sum(map(len, self._whole[:line]))
        if line in self._known:
            return self._known[line]
        text, lf = self.text, self._lf
        at, pos = max(((n, o) for n, o in self._known.items() if n <= line), default=(0, 0))
        while at < line:
            end = min(pos + _BLOCK, len(text))
            breaks = text.count(lf, pos, end)
            if at + breaks < line and end < len(text):
                at, pos = at + breaks, end  # the line starts after this block
                continue
            while at < line:  # it starts within this block (or past the end): step to it
                found = text.find(lf, pos)
                if found == -1:
                    return len(text)
                at, pos = at + 1, found + 1
        self._known[line] = pos
        return pos

    def spliced(self, replacements: list[tuple[int, int, str]]) -> str | bytes:
        """The text (or bytes) with lines [start, end) replaced by each new text."""
        text = self.text if self._whole is None else _decoded(self.text)
        parts: list[Any] = []
        done = 0
        for start, end, new in sorted(replacements):
            parts.append(_view(text)[done : self.offset(start)])
            parts.append(new if isinstance(text, str) else new.encode())
            done = self.offset(end)
        parts.append(_view(text)[done:])
        return "".join(parts) if isinstance(text, str) else b"".join(parts)


def _odd(text: str | bytes) -> bool:
    if isinstance(text, str):
        return any(char in text for char in _OTHER_BREAKS)
    return any(code in text for code in _OTHER_BREAKS_UTF8)


def _decoded(text: str | bytes) -> str:
    return text if isinstance(text, str) else text.decode("utf-8")


def _view(text: str | bytes) -> Any:
    """What slices a text without copying it: the bytes' memoryview (a str is sliced)."""
    return text if isinstance(text, str) else memoryview(text)


def file_lines(source: Source) -> TextLines:
    """A ledger file's lines, in its own bytes where they are its text (UTF-8 with LF line
    endings and no BOM, as the tool writes it): a warm edit then never decodes the file,
    and the edited file is made from its bytes in one copy."""
    if not source.raw.startswith(BOM.encode()):
        lines = TextLines(source.raw)
        if lines.plain:
            return lines
    return TextLines(source.text)


# --- spans ---------------------------------------------------------------


def finding_spans(positions: Positions, findings: list[Finding]) -> dict[str, tuple[int, int]]:
    """Each finding's lines [start, end) by id, where the findings list is in block style."""
    if positions.findings_end is None or len(positions.finding_starts) != len(findings):
        return {}
    by_id = {f["id"]: positions.span(i) for i, f in enumerate(findings)}
    return by_id if len(by_id) == len(findings) else {}  # duplicate ids: no edits in place


def _split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split trailing blank and comment lines off a span: they stay as they are, after the edit."""
    cut = len(lines)
    while cut > 0 and (not lines[cut - 1].strip() or lines[cut - 1].lstrip().startswith("#")):
        cut -= 1
    return lines[:cut], lines[cut:]


@dataclass(frozen=True)
class Piece:
    """Lines [start, end) of the text replaced by `body` + `tail`: one finding's new lines.

    An appended finding is a piece with start == end at the end of the text.
    """

    index: int  # the finding's position in the findings list
    start: int
    end: int
    body: str  # the finding itself, to be parsed and checked on its own
    tail: str = ""  # blank and comment lines after it, kept as they were

    @property
    def delta(self) -> int:
        return (self.body + self.tail).count("\n") - (self.end - self.start)

    @property
    def shift(self) -> tuple[int, int, int]:
        """(start, end, lines added): what Positions.moved needs to know of it."""
        return (self.start, self.end, self.delta)


def in_place(
    lines: TextLines, positions: Positions, findings: list[Finding], edit: Edit
) -> list[Piece] | None:
    """The edit as pieces touching only the affected findings' lines; None where it cannot be."""
    if edit.changes and edit.added:
        return None
    spans = finding_spans(positions, findings)
    if not spans:
        return None
    if edit.changes:
        return _changed_pieces(lines, spans, findings, edit.changes)
    if len(edit.added) == 1:
        return _appended_piece(lines, positions, findings, edit.added[0])
    return None


def _changed_pieces(
    lines: TextLines,
    spans: dict[str, tuple[int, int]],
    findings: list[Finding],
    changes: dict[str, Change],
) -> list[Piece] | None:
    if not all(finding_id in spans for finding_id in changes):
        return None
    index_of = {f["id"]: i for i, f in enumerate(findings)}
    pieces = []
    for finding_id, change in changes.items():
        start, end = spans[finding_id]
        body, tail = _split_tail(lines.between(start, end))
        edited = edit_entry("".join(body), change)
        if edited is None:
            return None
        pieces.append(Piece(index_of[finding_id], start, end, edited, "".join(tail)))
    return sorted(pieces, key=lambda piece: piece.start)


def edit_entry(snippet: str, change: Change) -> str | None:
    """One list entry's lines (`- id: …` and what follows) with the change made, in the
    layout they were written in; None where they do not round-trip byte for byte."""
    layout = detect_layout(snippet) if snippet.endswith("\n") else None
    if layout is None:
        return None
    yaml = round_trip_yaml(layout)
    items = load_entries(yaml, snippet, layout)
    if not isinstance(items, CommentedSeq) or len(items) != 1:
        return None
    apply_change(change, items[0])
    return dump_entries(yaml, items, layout)


def block_lines(lines: list[str], root_keys: dict[str, int], key: str) -> tuple[int, int, int]:
    """Top-level `key`'s lines: (start, end of its own lines, end with the comment and blank
    lines after it)."""
    start = root_keys[key]
    end = min((line for line in root_keys.values() if line > start), default=len(lines))
    body, _ = _split_tail(lines[start:end])
    return start, start + len(body), end


def mapping_in_place(
    text: str, positions: Positions, key: str, change: Change
) -> tuple[int, int, str] | None:
    """A top-level mapping (the campaign) changed on its own lines: (start, end, new lines)."""
    lines = text.splitlines(keepends=True)
    if key not in positions.root_keys or not lines[-1].endswith("\n"):
        return None
    start, end, _ = block_lines(lines, positions.root_keys, key)
    snippet = "".join(lines[start:end])
    second = lines[start + 1] if start + 1 < end else "  x"
    indent = len(second) - len(second.lstrip(" "))
    for layout in (Layout(indent, indent + 2, indent), CANONICAL):
        yaml = round_trip_yaml(layout)
        try:
            block = yaml.load(snippet)
        except Exception:  # a snippet ruamel cannot take: the caller falls back
            return None
        if dump(yaml, block) == snippet and isinstance(block, CommentedMap):
            if not isinstance(block.get(key), CommentedMap):
                return None
            apply_change(change, block[key])
            return start, end, dump(yaml, block)
    return None


def _appended_piece(
    lines: TextLines, positions: Positions, findings: list[Finding], values: dict[str, Any]
) -> list[Piece] | None:
    """Append as text at the end of the file, when the findings list (in block style) ends it."""
    root_keys = positions.root_keys
    if not findings or positions.findings_end is None:
        return None
    if max(root_keys, key=lambda k: root_keys[k]) != "findings":
        return None
    if lines.open_ended():
        return None  # no newline at the end: leave it to the whole-file edit
    start, end = positions.span(len(findings) - 1)
    layout = entry_layout("".join(_split_tail(lines.between(start, end))[0]))
    yaml = round_trip_yaml(layout)
    body = dump_entries(yaml, CommentedSeq([new_finding_map(values)]), layout)
    if body is None:
        return None
    count = len(lines)
    return [Piece(len(findings), count, count, body)]


FINDINGS_HEAD = "findings:\n"  # an empty list's line, as new findings replace it


@dataclass(frozen=True)
class Appended:
    """Many new findings as text: lines [start, end) replaced by `head` (FINDINGS_HEAD or
    nothing) and then each finding's text, each finding starting `offsets[i]` lines into
    them. The texts are kept apart, to be read back a few at a time (an import of 100,000
    findings)."""

    start: int
    end: int
    head: str
    texts: list[str]
    offsets: list[int]
    size: int  # the lines of the head and the texts


def appended_many(
    lines: TextLines, positions: Positions, findings: list[Finding], added: list[dict[str, Any]]
) -> Appended | None:
    """New findings written as text after the last one (or in place of `findings: []`),
    where the findings list ends the file; None where it cannot be done so."""
    root_keys = positions.root_keys
    count = len(lines)
    if not count or lines.open_ended() or "findings" not in root_keys:
        return None
    if max(root_keys, key=lambda k: root_keys[k]) != "findings":
        return None
    layout = CANONICAL
    at = root_keys["findings"]
    if findings and positions.findings_end is not None:
        start = end = count
        first, last = positions.span(len(findings) - 1)
        layout = entry_layout("".join(_split_tail(lines.between(first, last))[0]))
        head = ""
    elif not findings and lines.between(at, at + 1)[0].strip() == "findings: []":
        start, end = at, at + 1
        if any(line.strip() for line in lines.between(end, count)):
            return None
        head = FINDINGS_HEAD
    else:
        return None
    texts = [finding_text(values, layout) for values in added]
    offsets, size = [], head.count("\n")
    for entry in texts:
        offsets.append(size)
        size += entry.count("\n")
    return Appended(start, end, head, texts, offsets, size)


def replacements(pieces: list[Piece]) -> list[tuple[int, int, str]]:
    """The pieces as lines to replace: (start, end, new text)."""
    return [(piece.start, piece.end, piece.body + piece.tail) for piece in pieces]


def spliced_source(
    source: Source, lines: TextLines, replaced: list[tuple[int, int, str]]
) -> Source:
    """The file with lines [start, end) replaced by each new text, `lines` being
    `file_lines(source)`."""
    spliced = lines.spliced(replaced)
    if isinstance(spliced, bytes):
        return Source(source.path, spliced)
    return source.with_text(spliced)


def section_in_place(
    lines: TextLines, positions: Positions, name: str, edit: SectionEdit
) -> tuple[int, int, str] | None:
    """One record section edited: (start, end, new lines) to replace lines [start, end)
    with. Its own lines are round-tripped, or a new section is inserted before the sections
    that follow it; None where that cannot be done."""
    count = len(lines)
    if not count or lines.open_ended():
        return None
    root_keys = positions.root_keys
    if name not in root_keys:
        at = _section_place(lines, root_keys, name)
        yaml = round_trip_yaml(_findings_layout(lines, positions))
        section = CommentedMap({name: CommentedSeq()})
        apply_section(name, edit, section[name])
        return at, at, dump(yaml, section)
    start = root_keys[name]
    end = min((line for line in root_keys.values() if line > start), default=count)
    body, tail = _split_tail(lines.between(start, end))
    snippet = "".join(body)
    entries = [line for line in body[1:] if line.lstrip(" ").startswith("- ")]
    layout = detect_layout(snippet, entries[0] if entries else None) if entries else CANONICAL
    if layout is None:
        return None
    yaml = round_trip_yaml(layout)
    section = yaml.load(snippet)
    if not isinstance(section, CommentedMap) or list(section) != [name]:
        return None
    if not section[name]:  # empty, or `[]`: start a block list
        section[name] = CommentedSeq()
    if not isinstance(section[name], CommentedSeq):
        return None
    apply_section(name, edit, section[name])
    return start, end, dump(yaml, section) + "".join(tail)


def _section_place(lines: TextLines, root_keys: dict[str, int], name: str) -> int:
    """Where a new section goes: before the first of the keys that follow it in the tool's
    order (and the comment lines just above that key), else at the end."""
    present = [root_keys[key] for key in keys_after(name) if key in root_keys]
    if not present:
        return len(lines)
    at = min(present)
    while at > 0 and lines.between(at - 1, at)[0].lstrip().startswith("#"):
        at -= 1
    return at


def _findings_layout(lines: TextLines, positions: Positions) -> Layout:
    """The layout the findings are written in, so that a new section matches them."""
    if positions.findings_end is None or not positions.finding_starts:
        return CANONICAL
    start, end = positions.span(0)
    body, _ = _split_tail(lines.between(start, end))
    return entry_layout("".join(body)).whole


def edit_whole(text: str, positions: Positions, findings: list[Finding], edit: Edit) -> str:
    """The fallback: round-trip the whole file (slow on big ledgers, but keeps comments)."""
    layout = CANONICAL
    spans = finding_spans(positions, findings)
    if spans:
        start, end = next(iter(spans.values()))
        body, _ = _split_tail(text.splitlines(keepends=True)[start:end])
        layout = entry_layout("".join(body)).whole
    yaml = round_trip_yaml(layout)
    yaml.explicit_start = text.lstrip().startswith("---")
    data = yaml.load(text)
    items = data.get("findings")
    if not items:
        items = CommentedSeq()
        data["findings"] = items
    for finding in items:
        if finding.get("id") in edit.changes:
            apply_change(edit.changes[finding["id"]], finding)
    for values in edit.added:
        items.append(new_finding_map(values))
    for name, section_edit in edit.sections.items():
        if name in data and not data[name]:
            data[name] = CommentedSeq()
        elif name not in data:
            keys = list(data)
            later = [key for key in keys_after(name) if key in keys]
            data.insert(keys.index(later[0]) if later else len(keys), name, CommentedSeq())
        apply_section(name, section_edit, data[name])
    return dump(yaml, data)
