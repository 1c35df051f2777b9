"""A finding's history as the text of one spreadsheet cell (处理记录), and back.

An export writes it so that an import gives back the same history, hence the same figures
on every day, not only today's. One event a line: its day, what happened, and the details
it carries, apart by a full-width bar:

    2020-04-01｜发现
    2020-05-28｜延期｜2020-05-31→2020-06-15｜需统一采购充电设施
    2020-06-09｜整改完成｜阻车系统已安装调试

Event words are read in Chinese or English (the words the tool prints) or as the file
writes them (extended).
"""

import re
from datetime import date
from typing import Any

from ledger.core.i18n import MESSAGES, text
from ledger.core.model import LADDER, Event

BAR = "｜"
ARROW = "→"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# What each kind of event carries after its word, in order.
_DETAILS: dict[str, tuple[str, ...]] = {
    "found": ("note",),
    "fixed": ("note",),
    "verified": ("note",),
    "reopened": ("change", "reason"),
    "extended": ("change", "reason"),
    "dropped": ("reason",),
    "escalated": ("step", "supervisor"),
    "deescalated": ("note",),
    "edited": ("field", "values", "correction"),
    "renumbered": ("values",),
}


class TrailError(ValueError):
    """A line of a 处理记录 cell that is not an event as the tool writes one."""

    def __init__(self, number: int, line: str) -> None:
        super().__init__(number, line)
        self.number, self.line = number, line


def trail_text(events: list[Event], lang: str) -> str:
    """The events as a cell's text, one a line."""
    return "\n".join(_line(event, lang) for event in events)


def _line(event: Event, lang: str) -> str:
    kind = event["event"]
    parts = [event["on"].isoformat(), text(f"event_{kind}", lang)]
    for detail in _DETAILS.get(kind, ()):
        parts.append(_detail(event, detail, lang))
    while len(parts) > 2 and not parts[-1]:
        parts.pop()
    return BAR.join(_clean(part) for part in parts)


def _detail(event: Event, detail: str, lang: str) -> str:
    if detail == "change":
        start, end = event.get("from"), event.get("to")
        return f"{start.isoformat() if start else ''}{ARROW}{end.isoformat() if end else ''}"
    if detail == "step":
        step = event.get("step")
        return text(f"ladder_{step}", lang) if step else ""
    if detail == "values":
        return f"{_value(event.get('old'))}{ARROW}{_value(event.get('new'))}"
    if detail == "correction":
        return text("event_correction", lang) if event.get("correction") else ""
    value = event.get(detail)
    return "" if value is None else str(value)


def _value(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _clean(part: str) -> str:
    """A detail on one line, without the bar that separates details."""
    return " ".join(part.split()).replace(BAR, "|")


def parse_trail(cell: str) -> list[Event]:
    """The events a 处理记录 cell holds; a TrailError naming the line it cannot read."""
    events = []
    for number, line in enumerate(cell.strip().splitlines(), start=1):
        if line.strip():
            try:
                events.append(_event(line.strip()))
            except (KeyError, ValueError, IndexError) as exc:
                raise TrailError(number, line.strip()) from exc
    return events


def _event(line: str) -> Event:
    day, word, *details = line.split(BAR)
    if not _DAY.fullmatch(day.strip()):
        raise ValueError(day)
    kind = _KINDS[word.strip()]
    event: dict[str, Any] = {"on": date.fromisoformat(day.strip()), "event": kind}
    for detail, value in zip(_DETAILS.get(kind, ()), details, strict=False):
        value = value.strip()
        if not value:
            continue
        if detail == "change":
            start, end = value.split(ARROW)
            if start.strip():
                event["from"] = date.fromisoformat(start.strip())
            event["to"] = date.fromisoformat(end.strip())
        elif detail == "step":
            event["step"] = _STEPS[value]
        elif detail == "values":
            old, new = value.split(ARROW, 1)
            event["old"], event["new"] = _read_value(old), _read_value(new)
        elif detail == "correction":
            event["correction"] = True
        else:
            event[detail] = value
    return event  # type: ignore[return-value]


def _read_value(value: str) -> Any:
    value = value.strip()
    if not value:
        return None
    return date.fromisoformat(value) if _DAY.fullmatch(value) else value


def _words(prefix: str, names: tuple[str, ...]) -> dict[str, str]:
    """Each name's words in either language, and the name itself."""
    words = {}
    for name in names:
        for word in (name, *MESSAGES[f"{prefix}{name}"]):
            words[word] = name
    return words


_KINDS = _words("event_", tuple(_DETAILS))
_STEPS = _words("ladder_", LADDER)
