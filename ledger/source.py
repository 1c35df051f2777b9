"""Reading a ledger file: bytes to text, and text to plain data with line numbers.

This is the fast read path. It walks libyaml's events (ruamel.yaml's C parser)
and builds plain Python data itself, resolving plain scalars with ruamel.yaml's
own YAML 1.2 rules, so that it reads every value exactly as the round-trip
writer does, at a fraction of the cost of ruamel's loaders. Anchors, aliases and
unknown tags are refused rather than expanded or constructed.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from ruamel.yaml.main import CParser  # type: ignore[attr-defined]
from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.util import create_timestamp, timestamp_regexp

from ledger.errors import InvalidLedgerError, Problem

BOM = "\ufeff"
MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64


@dataclass(frozen=True)
class Source:
    """A ledger file's text as read, with what is needed to write it back alike."""

    path: Path
    text: str  # LF line endings, no BOM
    digest: str  # sha256 of the bytes on disk
    crlf: bool
    bom: bool

    def encode(self, text: str) -> bytes:
        """Turn edited LF text back into bytes with this file's line endings and BOM."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")

    def with_text(self, text: str) -> "Source":
        return Source(self.path, text, "", self.crlf, self.bom)


@dataclass
class Positions:
    """Where things stand in the text (0-based lines): enough to name a line in any message.

    `spans` holds each finding's lines [start, end) where the findings list is in
    block style (the layout edits in place need); otherwise it is None.
    """

    root_keys: dict[str, int] = field(default_factory=dict)
    campaign_keys: dict[str, int] = field(default_factory=dict)
    finding_starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] | None = None


@dataclass
class Parsed:
    """A ledger file parsed to plain data."""

    source: Source
    data: Any
    positions: Positions


def digest_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def decode(path: Path, raw: bytes) -> Source:
    """Decode a ledger's bytes; undecodable or oversized files are an InvalidLedgerError."""
    if len(raw) > MAX_BYTES:
        raise InvalidLedgerError(
            [Problem(path, None, "", "file_too_large", {"mb": MAX_BYTES >> 20})]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidLedgerError([Problem(path, line, "", "not_utf8")]) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    return Source(path=path, text=text, digest=digest_of(raw), crlf=crlf, bom=bom)


def read_source(path: Path) -> Source:
    return decode(path, path.read_bytes())


# --- scalars: YAML 1.2 as ruamel.yaml resolves it ----------------------------

_TAG = "tag:yaml.org,2002:"
_RESOLVERS: dict[str, list[tuple[str, Any]]] = {}
for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 2) in _versions:
        for _char in _first:
            _RESOLVERS.setdefault(_char, []).append((_tag, _regexp))
_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")


class _ScalarError(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def resolve_plain(value: str) -> str:
    """The tag YAML 1.2 (in ruamel.yaml's rules) gives a plain scalar."""
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _TAG + "str"


def _int(value: str) -> int:
    text = value.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    text = text.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if text.startswith(prefix):
            return sign * int(text[2:], base)
    return sign * int(text)


def _float(value: str) -> float:
    text = value.replace("_", "").lower()
    sign = -1.0 if text[0] == "-" else 1.0
    text = text.lstrip("+-")
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    return sign * float(text)


def _timestamp(value: str) -> Any:
    if match := _DATE.match(value):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return value  # 2020-04-31: the schema check names it as "not a date"
    match = timestamp_regexp.match(value)
    if match is None:
        raise _ScalarError(f"not a timestamp: {value}")
    try:
        return create_timestamp(**match.groupdict())
    except ValueError:
        return value


_CONSTRUCT: dict[str, Callable[[str], Any]] = {
    _TAG + "str": str,
    _TAG + "null": lambda value: None,
    _TAG + "bool": lambda value: value.lower() == "true",
    _TAG + "int": _int,
    _TAG + "float": _float,
    _TAG + "timestamp": _timestamp,
}


def _scalar(event: ScalarEvent) -> Any:
    value: str = event.value
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0] or tag == "!":
            return value  # quoted, or the non-specific tag: always text
        tag = resolve_plain(value)
        if tag == _TAG + "str":
            return value
    if tag == _TAG + "merge":
        raise _ScalarError("merge keys (<<) are not allowed in a ledger")
    construct = _CONSTRUCT.get(tag)
    if construct is None:
        raise _ScalarError(f"the tag {tag} is not allowed in a ledger")
    if tag == _TAG + "bool" and value.lower() not in ("true", "false"):
        raise _ScalarError(f"not a boolean: {value}")
    try:
        return construct(value)
    except ValueError:
        raise _ScalarError(f"not a valid {tag.removeprefix(_TAG)}: {value}") from None


# --- the event walk ----------------------------------------------------------

_NO_KEY = object()
_ANCHORS = "anchors and aliases are not allowed in a ledger"
_PLAIN_KEY = "a key must be a plain value"
_KEY_TYPES = (str, int, float, bool, date, type(None))
# Where a container sits: what the walk records positions for.
_OTHER, _ROOT, _CAMPAIGN, _FINDINGS = range(4)


class _Frame:
    """An open mapping or sequence during the walk."""

    __slots__ = ("container", "is_list", "key", "place")

    def __init__(self, container: Any, place: int) -> None:
        self.container = container
        self.is_list = isinstance(container, list)
        self.key: Any = _NO_KEY
        self.place = place


def _fail(path: Path, line: int | None, column: int, reason: str) -> InvalidLedgerError:
    problem = Problem(path, line, "", "yaml_error", {"column": column, "reason": reason})
    return InvalidLedgerError([problem])


def _fail_at(path: Path, mark: Any, reason: str) -> InvalidLedgerError:
    return _fail(path, mark.line + 1, mark.column + 1, reason)


def parse(source: Source) -> Parsed:
    """Parse a ledger's text; YAML errors become an InvalidLedgerError naming line and column."""
    text = source.text if source.text.endswith("\n") or not source.text else source.text + "\n"
    try:
        data, positions = _walk(CParser(text), source.path)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(str(exc.problem or exc.context or "").split())
        if mark is None:
            raise _fail(source.path, None, 0, reason) from None
        raise _fail_at(source.path, mark, reason) from None
    except YAMLError as exc:
        raise _fail(source.path, None, 0, " ".join(str(exc).split())[:200]) from None
    return Parsed(source=source, data=data, positions=positions)


def _walk(parser: Any, path: Path) -> tuple[Any, Positions]:
    """Build plain data from the events, recording the positions of keys and findings.

    The hot loop of every cold read: kept flat on purpose.
    """
    positions = Positions()
    starts = positions.finding_starts
    root_keys, campaign_keys = positions.root_keys, positions.campaign_keys
    ends: list[int] = []
    block_findings = True
    stack: list[_Frame] = []
    top: _Frame | None = None
    documents = 0
    root: Any = None
    resolvers = _RESOLVERS
    get_event = parser.get_event

    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None:
                raise _fail_at(path, event.start_mark, _ANCHORS)
            value: Any = event.value
            if event.tag is not None or (event.implicit[0] and value[:1] in resolvers):
                try:
                    value = _scalar(event)
                except _ScalarError as exc:
                    raise _fail_at(path, event.start_mark, exc.reason) from None
            if top is None:
                root = value
            elif top.is_list:
                if top.place == _FINDINGS:
                    starts.append(event.start_mark.line)
                    block_findings = False
                top.container.append(value)
            elif top.key is _NO_KEY:
                if value in top.container:
                    raise _fail_at(path, event.start_mark, f'duplicate key "{value}"')
                top.key = value
                if top.place == _ROOT:
                    root_keys[value] = event.start_mark.line
                elif top.place == _CAMPAIGN:
                    campaign_keys[value] = event.start_mark.line
            else:
                top.container[top.key] = value
                top.key = _NO_KEY
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            mark = event.start_mark
            if event.anchor is not None:
                raise _fail_at(path, mark, _ANCHORS)
            is_map = kind is MappingStartEvent
            tag = event.tag
            if tag is not None and tag not in ("!", _TAG + ("map" if is_map else "seq")):
                raise _fail_at(path, mark, f"the tag {tag} is not allowed in a ledger")
            if len(stack) >= MAX_DEPTH:
                raise _fail_at(path, mark, "nested too deeply")
            place = _OTHER
            if top is None:
                place = _ROOT if is_map else _OTHER
            elif not top.is_list and top.key is _NO_KEY:
                raise _fail_at(path, mark, _PLAIN_KEY)
            elif top.place == _ROOT and top.key == "campaign" and is_map:
                place = _CAMPAIGN
            elif top.place == _ROOT and top.key == "findings":
                place = _FINDINGS
                block_findings = block_findings and not is_map and not event.flow_style
            elif top.place == _FINDINGS:
                starts.append(mark.line)
                block_findings = block_findings and is_map and not event.flow_style
            if top is not None:
                stack.append(top)
            top = _Frame({} if is_map else [], place)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            assert top is not None
            finished = top
            top = stack.pop() if stack else None
            if top is None:
                root = finished.container
                continue
            if top.place == _FINDINGS:
                ends.append(event.start_mark.line)
            if top.is_list:
                top.container.append(finished.container)
            else:
                top.container[top.key] = finished.container
                top.key = _NO_KEY
        elif kind is AliasEvent:
            raise _fail_at(path, event.start_mark, _ANCHORS)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _fail_at(path, event.start_mark, "a ledger file holds one YAML document")
        elif kind is StreamEndEvent:
            break
        elif kind is not StreamStartEvent and kind is not DocumentEndEvent:
            raise _fail_at(path, event.start_mark, f"unexpected {kind.__name__}")
    parser.dispose()
    if block_findings and len(ends) == len(starts):
        # A finding ends where the next begins; the last where its mapping ends.
        positions.spans = list(zip(starts, [*starts[1:], *ends[-1:]], strict=True))
    return root, positions


def key_line(lines: list[str], positions: Positions, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the thing at `loc` (a path into the data), as near as is known."""
    if not loc:
        return 1
    if loc[0] == "findings" and len(loc) > 1 and isinstance(loc[1], int):
        if loc[1] >= len(positions.finding_starts):
            return positions.root_keys.get("findings", 0) + 1
        start = positions.finding_starts[loc[1]]
        if len(loc) > 2 and positions.spans is not None:
            end = min(positions.spans[loc[1]][1], len(lines))
            found = _line_in(lines, start, end, loc[2], loc[3] if len(loc) > 3 else None)
            if found is not None:
                return found + 1
        return start + 1
    if loc[0] == "campaign" and len(loc) > 1 and loc[1] in positions.campaign_keys:
        return positions.campaign_keys[loc[1]] + 1
    return positions.root_keys.get(loc[0], 0) + 1


def _line_in(lines: list[str], start: int, end: int, key: Any, item: Any) -> int | None:
    """The line of `key:` within a finding's lines, or of its item-th `- ` entry below it."""
    for number in range(start, end):
        if lines[number].lstrip(" -").startswith(f"{key}:"):
            if not isinstance(item, int):
                return number
            entries = [n for n in range(number + 1, end) if lines[n].lstrip(" ").startswith("- ")]
            return entries[item] if item < len(entries) else number
    return None
