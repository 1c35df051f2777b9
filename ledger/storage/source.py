"""A ledger file's text: bytes decoded (BOM, CRLF), its digest, and positions in it."""

import hashlib
import os
import stat
from bisect import bisect_left
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path
from typing import Any

from ledger.core.errors import FileError, InvalidLedgerError, Problem, file_error
from ledger.core.i18n import Phrase

BOM = "\ufeff"
MAX_BYTES = 256 * 1024 * 1024


def file_digest(path: Path) -> str:
    """The digest of the file's bytes, as its Source gives it; read in blocks, not held
    whole (60 MB at 100,000 findings)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class Source:
    """A ledger file's bytes; its text (LF line endings, no BOM) is decoded on first use.

    A warm read needs only the bytes' digest, so it never pays for decoding.
    """

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path = path
        self.raw = raw

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @cached_property
    def _form(self) -> tuple[str | None, bool]:
        """(line ending, bom), read off the bytes: an edit needs them to write its new
        lines as the file's, without decoding a big file. The ending is None where lines
        end differently (each keeps its own)."""
        raw = self.raw
        bom = raw.startswith(BOM.encode())
        if b"\r" not in raw:
            return "\n", bom
        crlf = raw.count(b"\r\n")
        lf = raw.count(b"\n") - crlf
        if not crlf and not lf:  # an old Mac's file: CR ends every line
            return "\r", bom
        return ("\r\n" if crlf and not lf else None), bom

    @cached_property
    def text(self) -> str:
        """The text, LF line endings, no BOM. Undecodable bytes are an InvalidLedgerError
        naming the line."""
        try:
            text = self.raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = self.raw[: exc.start].count(b"\n") + 1
            raise InvalidLedgerError([Problem(self.path, line, "", "not_utf8")]) from None
        ending, bom = self._form
        if bom:
            text = text[1:]
        if ending == "\n":
            return text
        if ending == "\r":
            return text.replace("\r", "\n")
        # A CR alone within an LF or mixed file stays: a character of its line.
        return text.replace("\r\n", "\n")

    def encode(self, text: str) -> bytes:
        """Edited LF text as bytes with this file's line endings and BOM: in a file whose
        lines end differently, each line as it was, a new line as the line before it."""
        ending, bom = self._form
        if ending is None:
            text = self._mixed(text)
        elif ending != "\n":
            text = text.replace("\n", ending)
        return ((BOM if bom else "") + text).encode("utf-8")

    def _mixed(self, text: str) -> str:
        old_crlf = [line.endswith("\r") for line in self.raw.decode("utf-8").split("\n")]
        new = text.split("\n")
        crlf = _endings_kept(self.text.split("\n"), new, old_crlf)
        ends = ["\r\n" if ending else "\n" for ending in crlf]
        return "".join(line + end for line, end in zip(new[:-1], ends, strict=False)) + new[-1]

    def with_text(self, text: str) -> "Source":
        """The same file with other text, written the same way. Where the text is written
        and read back as it is (LF, no BOM, no CR, before and after), it is kept, not
        decoded again (60 MB at 100,000 findings)."""
        source = Source(self.path, self.encode(text))
        if self._form == source._form == ("\n", False):
            source.__dict__["text"] = text
        return source


def _endings_kept(old: list[str], new: list[str], old_crlf: list[bool]) -> list[bool]:
    """Which of the new lines end in CRLF: an unchanged line as it did, a changed line as
    the line it replaces, an added line as the line before it."""
    crlf: list[bool | None] = [None] * len(new)
    head = 0  # unchanged lines at either end, matched without the cost of a diff
    while head < min(len(old), len(new)) and old[head] == new[head]:
        crlf[head] = old_crlf[head]
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        crlf[len(new) - 1 - tail] = old_crlf[len(old) - 1 - tail]
        tail += 1
    middle = SequenceMatcher(None, old[head : len(old) - tail], new[head : len(new) - tail], False)
    for _, i1, i2, j1, j2 in middle.get_opcodes():
        for j in range(j1, j2) if i1 < i2 else ():
            crlf[head + j] = old_crlf[head + min(i1 + j - j1, i2 - 1)]
    for index, ending in enumerate(crlf):
        crlf[index] = bool(index and crlf[index - 1]) if ending is None else ending
    return [bool(ending) for ending in crlf]


@dataclass
class Positions:
    """Where things stand in the text (0-based lines): enough to name a line in any message.

    Finding i spans lines [finding_starts[i], finding_starts[i + 1]), the last one up
    to `findings_end`. `findings_end` is None unless the findings list is in block
    style with a mapping for each finding: the layout edits in place need.
    """

    root_keys: dict[str, int] = field(default_factory=dict)
    campaign_keys: dict[str, int] = field(default_factory=dict)
    finding_starts: list[int] = field(default_factory=list)
    findings_end: int | None = None

    def span(self, index: int) -> tuple[int, int]:
        """Finding `index`'s lines [start, end); only where findings_end is known."""
        starts = self.finding_starts
        assert self.findings_end is not None
        end = starts[index + 1] if index + 1 < len(starts) else self.findings_end
        return starts[index], end

    def moved(self, shifts: list[tuple[int, int, int]]) -> "Positions":
        """The positions after, for each (start, end, added), lines [start, end) grew by
        `added` lines; start == end at the end of the text appends a finding there."""
        starts = list(self.finding_starts)
        findings_end = self.findings_end
        root_keys, campaign_keys = dict(self.root_keys), dict(self.campaign_keys)
        for start, end, added in sorted(shifts, reverse=True):
            if start == end:
                starts.append(start)
                findings_end = start + added
                continue
            tail = bisect_left(starts, end)
            starts[tail:] = [line + added for line in starts[tail:]]
            if findings_end is not None and findings_end >= end:
                findings_end += added
            for keys in (root_keys, campaign_keys):
                for key, line in keys.items():
                    if line >= end:
                        keys[key] = line + added
        return Positions(root_keys, campaign_keys, starts, findings_end)

    def remapped(self, lines: list[int]) -> "Positions":
        """The positions with each line `n` as `lines[n]`."""
        return Positions(
            {key: lines[line] for key, line in self.root_keys.items()},
            {key: lines[line] for key, line in self.campaign_keys.items()},
            [lines[line] for line in self.finding_starts],
            None if self.findings_end is None else lines[self.findings_end],
        )

    def shifted(self, start: int, end: int, added: int, key: str) -> "Positions":
        """The positions after lines [start, end), the top-level `key`'s block (new where
        start == end), grew by `added` lines."""

        def moved(line: int) -> int:
            return line + added if line >= end else line

        root_keys = {name: moved(line) for name, line in self.root_keys.items()}
        root_keys[key] = start
        return Positions(
            root_keys,
            {name: moved(line) for name, line in self.campaign_keys.items()},
            [moved(line) for line in self.finding_starts],
            None if self.findings_end is None else moved(self.findings_end),
        )


def read_source(path: Path) -> Source:
    """A ledger file's bytes; an oversized file is an InvalidLedgerError, one that cannot be
    read (a folder, a pipe, a device) a FileError."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe's open must not wait
    except OSError as exc:
        raise file_error("cannot_read", path, exc) from None
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise FileError("cannot_read", str(path), Phrase("reason_not_regular"))
            raw = handle.read(MAX_BYTES + 1)  # the size on disk may lie (/proc, a device)
        except OSError as exc:
            raise file_error("cannot_read", path, exc) from None
    if len(raw) > MAX_BYTES:
        too_large = Problem(path, None, "", "file_too_large", {"mb": MAX_BYTES >> 20})
        raise InvalidLedgerError([too_large])
    return Source(path, raw)


def key_line(lines: list[str], positions: Positions, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the thing at `loc` (a path into the data), as near as is known."""
    if not loc:
        return 1
    if loc[0] == "findings" and len(loc) > 1 and isinstance(loc[1], int):
        if loc[1] >= len(positions.finding_starts):
            return positions.root_keys.get("findings", 0) + 1
        start = positions.finding_starts[loc[1]]
        if len(loc) > 2 and positions.findings_end is not None:
            end = min(positions.span(loc[1])[1], len(lines))
            found = _line_in(lines, start, end, loc[2], loc[3] if len(loc) > 3 else None)
            if found is not None:
                return found + 1
        return start + 1
    if loc[0] == "campaign" and len(loc) > 1 and loc[1] in positions.campaign_keys:
        return positions.campaign_keys[loc[1]] + 1
    if loc[0] in positions.root_keys and len(loc) > 1 and isinstance(loc[1], int):
        found = _record_line(lines, positions, loc)
        if found is not None:
            return found + 1
    return positions.root_keys.get(loc[0], 0) + 1


def _record_line(lines: list[str], positions: Positions, loc: tuple[Any, ...]) -> int | None:
    """The line of an entry of a record section (activities, items, …), or of a key in it."""
    start = positions.root_keys[loc[0]]
    end = min((n for n in positions.root_keys.values() if n > start), default=len(lines))
    end = min(end, len(lines))
    entries = [n for n in range(start + 1, end) if lines[n].lstrip(" ").startswith("- ")]
    if not entries:
        return None
    indent = min(len(lines[n]) - len(lines[n].lstrip(" ")) for n in entries)
    entries = [n for n in entries if len(lines[n]) - len(lines[n].lstrip(" ")) == indent]
    index: int = loc[1]
    if index >= len(entries):
        return None
    entry = entries[index]
    if len(loc) > 2:
        entry_end = entries[index + 1] if index + 1 < len(entries) else end
        found = _line_in(lines, entry, entry_end, loc[2], loc[3] if len(loc) > 3 else None)
        if found is not None:
            return found
    return entry


def _line_in(lines: list[str], start: int, end: int, key: Any, item: Any) -> int | None:
    """The line of `key:` within a finding's lines, or of its item-th `- ` entry below it."""
    for number in range(start, end):
        if lines[number].lstrip(" -").startswith(f"{key}:"):
            if not isinstance(item, int):
                return number
            entries = [n for n in range(number + 1, end) if lines[n].lstrip(" ").startswith("- ")]
            return entries[item] if item < len(entries) else number
    return None
