"""The native read path: a ledger's text parsed in Rust (yaml-rs), where nothing in it
could be read differently from the event walk of ledger.storage.walk.

yaml-rs builds the document (in parts: `_Parts`) about five times faster than walking
libyaml's events in Python, but it is not the reference: the event walk (ruamel.yaml's
YAML 1.2 rules, refusals of anchors, tags and deep nesting, line numbers from libyaml)
is. Measured side by side on about two million generated scalars and documents, the two
differ only where the text holds something a ledger written by the tool or by a clerk
rarely holds: node properties (& * ! ? @ `) and directives, several documents, a BOM or
control characters; numbers written unusually (_3, 1_000, 0X1F, .5e3, .naN) or too long
for Python; a date in quotes or in a block scalar (yaml-rs reads a date), a date with a
time but no seconds; an empty key, a tab in indentation, an empty block scalar at the
end; colons, quotes, ? | > # or another collection inside a flow collection, or one left
open at the end of its line; deep nesting. `read` screens the text for every one of them
(while yaml-rs loads it) and answers None (use the event walk) on any sign of one, as it does when yaml-rs
refuses the text or the positions cannot be read off its lines: the event walk then
gives the answer, or the message naming line and column.

Positions come from the lines: the root keys at column 0, the campaign's keys at its
indentation, one finding per `- key:` line at the findings' indentation; each checked
against the data (same keys in the same order, one line per finding).
"""

import queue
import re
import threading
from collections.abc import Callable, Iterator
from functools import cache
from itertools import pairwise
from typing import Any, NamedTuple

from ledger.storage.sharing import shared_entries
from ledger.storage.source import Positions

_loads: Callable[[str], Any] | None
try:
    from yaml_rs import loads as _loads
except ImportError:  # the event walk reads every ledger alone
    _loads = None

# Anything the two readers could read differently. Over-broad on purpose: a false alarm
# costs a slower read, never a different one. Each pattern starts with a character class
# or a literal, so that one scan of a big ledger costs milliseconds; the rare characters
# are found in one scan and looked at one by one.
_RARE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff&*!?@`'\"|>]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_AT_RARE = (
    # anchors, aliases, tags, explicit keys, reserved characters where a value begins
    re.compile(r"[&*!?@`](?<=[\s\[{,][&*!?@`])"),
    # a date in quotes or in a block scalar: yaml-rs reads a date, YAML (and ruamel) text
    re.compile(r"['\"]\d{4}-"),
    re.compile(r"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\n[ \t]*\d{4}-"),
    # an empty block scalar at the end of the text (yaml-rs reads a line break into it)
    re.compile(r"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*\Z"),
)
_OUTSIDE_FLOW = r"[^\n\]}:\[{|>#?'\",]"
_SCREENS = (
    # numbers that YAML 1.2 (as ruamel reads it) and yaml-rs read differently: underscores
    # next to digits (_3, 1_000, 5e1_), 0X 0O 0B, a leading dot with an exponent (.5e3),
    # .nan and .inf in mixed case
    re.compile(r"_(?:(?<=[\s\[{,]_)|(?<=[\s\[{,][-+]_)|(?=[\d.])|(?<=[\d.eE]_)|(?<=[eE][-+]_))"),
    re.compile(r"0(?:[XOB]|[xob]_)"),
    re.compile(r"\.\d+[eE]"),
    re.compile(r"\.(?!nan|NaN|NAN|inf|Inf|INF)(?:[nN][aA][nN]|[iI][nN][fF])"),  # .naN
    # a date with a time (2020-04-01 10:00: ruamel reads text without the seconds)
    re.compile(r"-[0-9][0-9]?[Tt \t]+[0-9]"),
    re.compile(r"\n[ \t-]*:[ \t\n]"),  # an empty key: a colon where a key begins
    re.compile(r"\n[ -]*\t"),  # a tab in a line's indentation, or after its dash
)
# In a flow collection: an empty key, a colon not followed by a space, another collection
# inside, | > # ? or a quote in it, the end of the line before it closes, or a key made of
# it. Looked for once the simple flow mappings are taken out (`{date: 2020-04-12, event:
# found}`, ending its line: every history event the tool writes), which it can never
# match: there are tens of thousands of them in a big ledger.
_FLOW = re.compile(
    rf"[\[{{](?:[ \t]*:|{_OUTSIDE_FLOW}*(?:(?::[ \t]|,(?![ \t]*:)){_OUTSIDE_FLOW}*)*"
    r"(?:$|[\[{|>#?'\"]|:[^ \t]|,[ \t]*:|[\]}][ \t]*:(?:[ \t]|$)))",
    re.MULTILINE,
)
_VALUE_IN_FLOW = rf"{_OUTSIDE_FLOW}+"
_SIMPLE_FLOW = re.compile(
    rf"\{{(?:[a-z_]+: {_VALUE_IN_FLOW}, )*[a-z_]+: {_VALUE_IN_FLOW}\}}[ \t]*$", re.MULTILINE
)
_DIGITS = bytes(48 if 48 <= byte <= 57 else 46 for byte in range(256))  # digits to 0, else .
_LONGEST_INT = b"0" * 4300  # Python's own limit: the walk refuses a longer number
_SUBSTRINGS = ("\n---", "\n...", "\n%", "<<", "\n" + " " * 40, "- - - - - - - - ")
_FIRST = r"[^\s#'\"\-?:,\[\]{}&*!|>%@`]"  # a plain key's first character
_ROOT_KEY = re.compile(rf"\n({_FIRST}[^:\n]*?):(?:[ \t]|$)", re.MULTILINE)  # after a break
_INDENTED_KEY = re.compile(rf"^( +)({_FIRST}[^:\n]*?):(?:[ \t]|$)", re.MULTILINE)
_ITEM = re.compile(rf"^( *)- +({_FIRST}[^:\n]*?):(?:[ \t]|$)", re.MULTILINE)
_BLOCK_VALUE = re.compile(r"[ \t]*(?:#.*)?")  # what may follow `key:` when the value is below


class Spans(NamedTuple):
    """Where each finding's lines start (offsets in the text, 0-based lines), and where the
    findings end: the next root key, or the end of the text."""

    starts: list[int]
    lines: list[int]
    end: int
    end_line: int

    @property
    def ends(self) -> list[int]:
        """Where each finding's lines end (offsets)."""
        return [*self.starts[1:], self.end]

    @property
    def end_lines(self) -> list[int]:
        return [*self.lines[1:], self.end_line]


def read(text: str, raw: bytes) -> tuple[Any, Positions, Spans | None] | None:
    """The data, positions and findings' spans of a ledger's text (LF line endings), or
    None: read it with the event walk instead. `raw` is the file's bytes, screened for
    long numbers as they are (the digits are the same, and encoding the text again would
    cost a copy)."""
    if _loads is None:
        return None
    root = _root_keys(text)
    parts = _Parts(text, root)
    if _doubtful(text, raw):
        parts.stop.set()
        return None
    data = parts.document()
    if not isinstance(data, dict):
        return None  # refused: the event walk says what is wrong, where
    found = _positions(text, data, root)
    if found is None:
        return None
    return data, *found


FINDINGS_PER_PART = 2_000
_REFUSED = object()  # yaml-rs refused a part, or panicked


class _Parts(threading.Thread):
    """The document loaded by yaml-rs in parts, in a thread of its own: the rest of the
    document with `findings:` left empty, then the findings a few thousand at a time.

    yaml-rs builds its own tree of what it reads before handing it over (for 100,000
    findings, hundreds of MB at once); in parts, that tree stays small, and the equal keys
    and values of each part are shared (ledger.storage.sharing) as it comes. Its parsing
    lets go of the interpreter's lock, so that on two cores the screens and the sharing
    run beside it. A doubt stops it between parts. Any other doubt (an item line inside
    a text, a part that is not a list) shows as a refusal or in the positions' check, and
    the walk reads the text."""

    def __init__(self, text: str, root: list[tuple[str, int, int]]) -> None:
        super().__init__(daemon=True)
        self.text = text
        self.cuts = _part_starts(text, root)
        self.loaded: queue.Queue[Any] = queue.Queue(maxsize=4)  # parts not yet shared
        self.stop = threading.Event()
        self.start()

    def run(self) -> None:
        assert _loads is not None
        text, cuts = self.text, self.cuts
        try:
            if cuts is None:
                self._hand_over(_loads(text))
                return
            self._hand_over(_loads(text[: cuts[0]] + text[cuts[-1] :]))
            for start, end in pairwise(cuts):
                if self.stop.is_set():
                    return
                self._hand_over(_loads(text[start:end]))
        except BaseException:  # refused (a Rust panic reaches Python as a BaseException too)
            self._hand_over(_REFUSED)

    def _hand_over(self, loaded: Any) -> None:
        while not self.stop.is_set():
            try:
                self.loaded.put(loaded, timeout=0.1)
                return
            except queue.Full:
                continue

    def document(self) -> Any:
        """The whole document, its findings shared; None where yaml-rs refused it."""
        head = self.loaded.get()
        if head is _REFUSED:
            return None
        if self.cuts is None:
            return head
        if not isinstance(head, dict) or head.get("findings") is not None:
            self.stop.set()
            return None
        findings: list[Any] = []
        shared: dict[Any, Any] = {}
        for _ in range(len(self.cuts) - 1):
            part = self.loaded.get()
            if not isinstance(part, list):
                self.stop.set()
                return None
            findings += shared_entries(part, shared)
        head["findings"] = findings
        return head


def _part_starts(text: str, root: list[tuple[str, int, int]]) -> list[int] | None:
    """Where each part of the findings starts (every FINDINGS_PER_PART-th item line at the
    findings' indentation), and where they end; None for a ledger without findings below
    its `findings:` key."""
    keys = [key for key, _, _ in root]
    if "findings" not in keys:
        return None
    place = keys.index("findings")
    offset = root[place][1]
    end = root[place + 1][1] if place + 1 < len(root) else len(text)
    line_end = text.index("\n", offset)
    first = _ITEM.search(text, line_end + 1, end)
    if first is None:
        return None
    items = _at_indent(_ITEM.pattern, first[1]).finditer(text, first.start() - 1, end)
    return [*[match.start() + 1 for match in items][::FINDINGS_PER_PART], end]


def _doubtful(text: str, raw: bytes) -> bool:
    """Whether the text may hold something the two readers read differently (the list is
    in the module's docstring)."""
    lined = "\n" + text  # so that the first line starts like every other
    if any(part in lined for part in _SUBSTRINGS):
        return True
    for rare in _RARE.finditer(lined):
        at = rare.start()
        if _CONTROL.match(rare[0]) or any(pattern.match(lined, at) for pattern in _AT_RARE):
            return True
    if _LONGEST_INT in raw.translate(_DIGITS):
        return True
    if any(screen.search(lined) for screen in _SCREENS):
        return True
    return _doubtful_flow(_SIMPLE_FLOW.sub("", lined))


def _doubtful_flow(text: str) -> bool:
    """Whether any flow collection left in the text may be read differently. Its openings
    are found with str.find, far quicker than a pattern over the whole text."""
    for opening in "[{":
        at = text.find(opening)
        while at != -1:
            if _FLOW.match(text, at):
                return True
            at = text.find(opening, at + 1)
    return False


def _positions(
    text: str, data: dict[Any, Any], root: list[tuple[str, int, int]]
) -> tuple[Positions, Spans | None] | None:
    """The positions the event walk would record, read off the lines, with the findings'
    spans found on the way; None at any doubt."""
    if [key for key, _, _ in root] != list(data):
        return None
    last_line = text.count("\n")  # the text ends with a line break: the end of the stream
    bounds = {key: (offset, line) for key, offset, line in root}
    after = {
        key: (root[i + 1][1], root[i + 1][2]) if i + 1 < len(root) else (len(text), last_line)
        for i, (key, _, _) in enumerate(root)
    }
    root_keys = {key: line for key, _, line in root}
    campaign_keys: dict[str, int] = {}
    campaign = data.get("campaign")
    if isinstance(campaign, dict) and campaign:
        keys = _block_keys(text, _INDENTED_KEY, bounds["campaign"], after["campaign"])
        if keys is None or [key for key, _ in keys] != list(campaign):
            return None
        campaign_keys = dict(keys)
    findings = data.get("findings")
    if findings is None or findings == []:
        return Positions(root_keys, campaign_keys, [], None), None
    if not isinstance(findings, list):
        return None
    items = list(_block_lines(text, _ITEM, bounds["findings"], after["findings"]) or ())
    if not items or len(items) != len(findings):
        return None
    for (match, _), finding in zip(items, findings, strict=True):
        if not isinstance(finding, dict) or next(iter(finding), None) != match[1].rstrip():
            return None
    spans = _spans(items, after["findings"])
    return Positions(root_keys, campaign_keys, spans.lines, spans.end_line), spans


def _root_keys(text: str) -> list[tuple[str, int, int]]:
    """(key, offset, line) of every root key: a pattern led by the line break before it,
    which the regex engine finds as a literal, three times quicker than one led by `^`."""
    found = []
    line = pos = 0
    first_end = text.find("\n")  # (not partition: that copies the rest of the text)
    first_line = text if first_end == -1 else text[:first_end]
    for match in _ROOT_KEY.finditer("\n" + first_line):
        found.append((match[1].rstrip(), 0, 0))
    for match in _ROOT_KEY.finditer(text):
        line += text.count("\n", pos, match.start() + 1)
        pos = match.start() + 1
        found.append((match[1].rstrip(), pos, line))
    return found


def finding_spans(text: str) -> Spans | None:
    """The findings' spans, read off the lines as `read` reads their positions: one per
    item line at the findings' indentation under the root `findings:` key; None where the
    findings are not a block list below that key."""
    root = _root_keys(text)
    keys = [key for key, _, _ in root]
    if "findings" not in keys:
        return None
    place = keys.index("findings")
    after = root[place + 1][1:] if place + 1 < len(root) else (len(text), text.count("\n"))
    items = list(_block_lines(text, _ITEM, root[place][1:], after) or ())
    return _spans(items, after) if items else None


def _spans(items: list[tuple[re.Match[str], int]], after: tuple[int, int]) -> Spans:
    """The spans of the findings' item lines (each with its line number), which end where
    the next root key, or the text, begins (`after`: offset and line)."""
    starts = [match.start() + 1 for match, _ in items]
    return Spans(starts, [line for _, line in items], *after)


def _block_keys(
    text: str, pattern: re.Pattern[str], owner: tuple[int, int], after: tuple[int, int]
) -> list[tuple[str, int]] | None:
    """The keys (or items) of a block collection under the root key at `owner`, up to the
    next root key: those at the first one's indentation; None if the value is not below."""
    found = _block_lines(text, pattern, owner, after)
    return None if found is None else [(match[1].rstrip(), line) for match, line in found]


def _block_lines(
    text: str, pattern: re.Pattern[str], owner: tuple[int, int], after: tuple[int, int]
) -> Iterator[tuple[re.Match[str], int]] | None:
    """The key (or item) lines of `_block_keys`, each with its line number."""
    offset, line = owner
    end_of_line = text.index("\n", offset)
    colon = text.index(":", offset)
    if not _BLOCK_VALUE.fullmatch(text, colon + 1, end_of_line):
        return None
    first = pattern.search(text, end_of_line + 1, after[0])
    if first is None:
        return None
    # the rest at the first one's indentation: a pattern led by that line start, which
    # the regex engine finds as a literal (most lines of a big ledger are not looked at)
    exact = _at_indent(pattern.pattern, first[1])
    return _numbered(text, exact.finditer(text, first.start() - 1, after[0]), end_of_line, line)


def _numbered(
    text: str, matches: Iterator[re.Match[str]], pos: int, line: int
) -> Iterator[tuple[re.Match[str], int]]:
    """Each match with the number of its line, counted on from `line` at offset `pos`."""
    for match in matches:
        line += text.count("\n", pos, match.start() + 1)
        pos = match.start() + 1
        yield match, line


@cache
def _at_indent(pattern: str, indent: str) -> re.Pattern[str]:
    """A key or item pattern (`^( *)…`) for lines at exactly this indentation."""
    return re.compile("\n" + re.escape(indent) + pattern.split(")", 1)[1], re.MULTILINE)
