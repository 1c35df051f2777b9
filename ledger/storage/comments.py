"""The comments of a YAML text, found as YAML sees them: a `#` after a space, or at the start
of a line, outside every value (a `#` inside a quoted or block string is text).

Every write and every merge holds its result to them: no comment of the old text may be
missing from the new one unless it stood on a line the command meant to change.
"""

from collections import Counter
from collections.abc import Iterable

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import ScalarEvent, StreamEndEvent
from ruamel.yaml.main import CParser  # type: ignore[attr-defined]


def comments(text: str) -> Counter[str]:
    """Each comment's text (from its `#`, trailing spaces dropped), with how often it stands."""
    found: Counter[str] = Counter()
    lines = text.split("\n")
    spans = _scalar_spans(text)
    for number, line in enumerate(lines):
        column = _comment_column(line, spans.get(number, ()))
        if column is not None:
            found[line[column:].rstrip()] += 1
    return found


def lost(before: str, after: str, allowed: Iterable[str] = ()) -> list[str]:
    """The comments of `before` that `after` lacks (as many times as they are lacking),
    leaving out those in `allowed` (the comments on lines meant to change)."""
    missing = comments(before) - comments(after)
    for comment in allowed:
        missing[comment] -= 1
    return sorted(+missing)


def _comment_column(line: str, spans: Iterable[tuple[int, int]]) -> int | None:
    """Where the line's comment starts, if it has one."""
    inside = sorted(spans)
    for column, char in enumerate(line):
        if char != "#" or (column and line[column - 1] not in " \t"):
            continue
        if any(start <= column < end for start, end in inside):
            continue
        return column
    return None


def _scalar_spans(text: str) -> dict[int, list[tuple[int, int]]]:
    """For each line, the column ranges its values cover."""
    spans: dict[int, list[tuple[int, int]]] = {}
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, StreamEndEvent):
                break
            if not isinstance(event, ScalarEvent):
                continue
            start, end = event.start_mark, event.end_mark
            for line in range(start.line, end.line + 1):
                first = start.column if line == start.line else 0
                last = end.column if line == end.line else 1 << 30
                spans.setdefault(line, []).append((first, last))
    except YAMLError:
        pass  # a text that does not parse: its lines are scanned as they are
    finally:
        parser.dispose()
    return spans
