"""A ledger's text cut into the pieces a merge works with, every character kept: the head
(comments before the first key), each top-level key's block, and in the findings and the
record sections each entry with the comment lines that lead it.

Joining the pieces gives the text back byte for byte (`Document.text`); a text that
cannot be cut so (a flow-style list of findings, a key over several lines) gives None.
"""

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.main import CParser  # type: ignore[attr-defined]

from ledger.core.model import SECTIONS

LISTS = ("findings", *SECTIONS)


@dataclass
class Entry:
    """One finding or record entry: the comment and blank lines before it, and its lines."""

    lead: str
    text: str


@dataclass
class Block:
    """A top-level key: the lines before it, its own lines; for a list of entries, the
    key's line(s) in `text` and the entries after them."""

    key: str
    lead: str
    text: str
    entries: list[Entry] | None = None

    def whole(self) -> str:
        return self.lead + self.text + "".join(e.lead + e.text for e in self.entries or [])


@dataclass
class Document:
    head: str
    blocks: list[Block] = field(default_factory=list)
    tail: str = ""  # comment and blank lines after the last key's content

    @property
    def text(self) -> str:
        return self.head + "".join(block.whole() for block in self.blocks) + self.tail

    def block(self, key: str) -> Block | None:
        return next((b for b in self.blocks if b.key == key), None)


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def split(text: str) -> Document | None:
    """The text cut into its pieces; None where it cannot be cut safely."""
    if text and not text.endswith("\n"):
        return None
    marks = _marks(text)
    if marks is None or not marks[0]:
        return None
    roots, entry_starts = marks
    lines = text.splitlines(keepends=True)
    starts = [line for _, line in roots]
    document = Document(head="".join(lines[: starts[0]]))
    lead = ""
    for index, (key, start) in enumerate(roots):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        body = lines[start:end]
        cut = len(body)
        # Comment and blank lines at the left margin after a key's content lead the next key.
        while cut > 1 and _is_filler(body[cut - 1]) and _indent(body[cut - 1]) == 0:
            cut -= 1
        block = Block(key=key, lead=lead, text="".join(body[:cut]))
        lead = "".join(body[cut:])
        if key in entry_starts:
            offsets = [line - start for line in entry_starts[key]]
            header_end = offsets[0] if offsets else cut
            entries = _entries(body[:cut], offsets)
            if entries is None:
                return None
            # Comment and blank lines between the key and the first entry lead that entry.
            first_lead = header_end
            while entries and first_lead > 1 and _is_filler(body[first_lead - 1]):
                first_lead -= 1
            block.text = "".join(body[:first_lead])
            if entries:
                entries[0].lead = "".join(body[first_lead:header_end])
            block.entries = entries
        document.blocks.append(block)
    document.tail = lead
    if document.text != text:
        return None
    return document


def _entries(body: list[str], starts: list[int]) -> list[Entry] | None:
    """The entries of a block list, from their first lines; the comment and blank lines at
    the dash's indentation or less that end an entry's span lead the next entry."""
    if not starts:
        return []
    dash = _indent(body[starts[0]])
    entries: list[Entry] = []
    lead = ""
    for place, start in enumerate(starts):
        end = starts[place + 1] if place + 1 < len(starts) else len(body)
        span = body[start:end]
        if _indent(span[0]) != dash or not span[0].lstrip(" ").startswith("-"):
            return None
        cut = len(span)
        if place + 1 < len(starts):
            while (
                cut > 1
                and _is_filler(span[cut - 1])
                and (not span[cut - 1].strip() or _indent(span[cut - 1]) <= dash)
            ):
                cut -= 1
        entries.append(Entry(lead=lead, text="".join(span[:cut])))
        lead = "".join(span[cut:])
    return entries


def _marks(text: str) -> tuple[list[tuple[str, int]], dict[str, list[int]]] | None:
    """The top-level keys with their first lines, and for each list of entries the first
    line of every entry; None where a list is in flow style or the text is not a mapping
    of plain keys at the left margin."""
    parser = CParser(text)
    roots: list[tuple[str, int]] = []
    entry_starts: dict[str, list[int]] = {}
    depth = 0
    at_key = False  # in the root mapping: is the next node a key?
    root_key: Any = None
    flow = False
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is StreamEndEvent:
                break
            if kind is AliasEvent:
                return None
            if kind is ScalarEvent:
                if depth == 1:
                    if at_key:
                        if not isinstance(event.value, str) or event.start_mark.column != 0:
                            return None
                        root_key = event.value
                        roots.append((root_key, event.start_mark.line))
                    at_key = not at_key
                elif depth == 2 and root_key in entry_starts:
                    return None  # a list entry that is not a mapping
                continue
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                if depth == 0 and kind is not MappingStartEvent:
                    return None
                if depth == 1 and root_key in LISTS and kind is SequenceStartEvent:
                    entry_starts[root_key] = []
                    flow = bool(event.flow_style)  # only `[]`, empty, can be cut
                if depth == 2 and root_key in entry_starts:
                    if flow or event.flow_style or kind is not MappingStartEvent:
                        return None
                    entry_starts[root_key].append(event.start_mark.line)
                depth += 1
                at_key = depth == 1 or at_key
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
                if depth == 1:
                    at_key = True
    finally:
        parser.dispose()
    return roots, entry_starts
