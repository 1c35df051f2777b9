"""The event walk: a ledger's text into plain data with line numbers, by libyaml's events
(ruamel.yaml's C parser), the reference read path (ledger.storage.parser).

It builds plain Python data itself, resolving plain scalars with ruamel.yaml's own YAML
1.2 rules, so that it reads every value exactly as the round-trip writer does, at a
fraction of the cost of ruamel's loaders. Anchors, aliases and tags (which a ledger never
needs) are refused rather than expanded or constructed. Imported only where the native
path cannot answer, so that a cold read that takes it never imports ruamel.yaml.
"""

import dataclasses
import re
from collections.abc import Callable
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
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.util import create_timestamp, timestamp_regexp

from ledger.core.errors import InvalidLedgerError, Problem
from ledger.storage.source import Positions
from ledger.storage.yamlhints import mistake_near, reason_phrase

MAX_DEPTH = 64


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
    """A scalar's value: quoted ones are text, plain ones resolved as YAML 1.2 says."""
    value: str = event.value
    if event.tag is not None:
        raise _ScalarError(f"tags ({event.tag}) are not allowed in a ledger")
    if not event.implicit[0]:
        return value
    tag = resolve_plain(value)
    if tag == _TAG + "merge":
        raise _ScalarError("merge keys (<<) are not allowed in a ledger")
    try:
        return _CONSTRUCT.get(tag, str)(value)
    except (ValueError, IndexError):  # "_" looks like an int to the resolver, but is none
        shown = (
            value if len(value) <= 40 else f"{value[:20]}…{value[-10:]} ({len(value)} characters)"
        )
        raise _ScalarError(f"not a valid {tag.removeprefix(_TAG)}: {shown}") from None


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


def walk(text: str, path: Path, lines: list[int] | None) -> tuple[Any, Positions]:
    """The text's data and positions by the event walk; YAML errors become an
    InvalidLedgerError naming line and column (as the editor counts lines)."""
    try:
        return _walk(CParser(text), path)
    except InvalidLedgerError as exc:
        raise _remapped(exc, lines) from None
    except MarkedYAMLError as exc:
        raise _yaml_error(path, text, exc, lines) from None
    except ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - before.rfind("\n")
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        reason = f"the character U+{code:04X} is not allowed in YAML text"
        raise _fail(path, line, column, reason) from None
    except YAMLError as exc:
        raise _fail(path, None, 0, " ".join(str(exc).split())[:200]) from None


def _yaml_error(
    path: Path, text: str, exc: MarkedYAMLError, lines: list[int] | None
) -> InvalidLedgerError:
    """The parser's complaint where the mistake is: a known mistake at its own line and
    column with its fix (ledger.storage.yamlhints), else the parser's line and reason."""
    reason = " ".join(str(exc.problem or exc.context or "").split())
    context = str(exc.context or "")
    quoted = "quoted scalar" in context and exc.context_mark is not None
    opened = quoted or ("flow" in context and exc.context_mark is not None)  # [ { or "
    mark = exc.context_mark if opened else exc.problem_mark or exc.context_mark
    if mark is None:
        return _fail(path, None, 0, reason)
    problem = _remapped(_fail_at(path, mark, reason), lines).problems[0]
    if quoted:
        key = "yaml_unclosed_quote"
        return InvalidLedgerError([dataclasses.replace(problem, key=key)])
    assert problem.line is not None
    found = mistake_near(text.split("\n"), problem.line)
    if found is not None:
        line, column, key = found
        return InvalidLedgerError([Problem(path, line, "", key, {"column": column})])
    params = {**problem.params, "reason": reason_phrase(reason)}
    return InvalidLedgerError([dataclasses.replace(problem, params=params)])


def _remapped(error: InvalidLedgerError, lines: list[int] | None) -> InvalidLedgerError:
    """The error with its line as the editor counts it."""
    if lines is None:
        return error
    return InvalidLedgerError(
        [
            dataclasses.replace(p, line=lines[p.line - 1] + 1) if p.line is not None else p
            for p in error.problems
        ]
    )


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
            if tag is not None:
                raise _fail_at(path, mark, f"tags ({tag}) are not allowed in a ledger")
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
        positions.findings_end = ends[-1] if ends else None
    return root, positions
