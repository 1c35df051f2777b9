"""The status rules: how a finding stood at the end of any day, replayed from its events.
Every command asks `standing` here; no command reads a finding's stored state, deadline,
owner or escalation on its own.

- A finding's events are its history, or, for a finding written by hand without one,
  the history its fields imply (`implied_history`): found on found_on; fixed (and
  verified) on fixed_on; dropped on found_on; under listed supervision from found_on.
- The state after each event is STATE_AFTER's; an extension or a reopening sets the
  deadline in force from its own day on.
- An edit (`edited`) of a field takes effect from its day: as of an earlier day the
  field had its old value. A correction (`edited` with `correction: true`, 更正) says the
  value in force was a mistake: it replaces that value from the day it came into force
  (for a field never edited before, from the start).
- The stored fields (status, deadline, fixed_on, fix_note, escalation, supervisor and
  every edited field) are a cache of the standing after the last event, which `check`
  holds them to.
"""

from datetime import date
from typing import Any, NamedTuple

from ledger.core.errors import UsageError
from ledger.core.model import EDITABLE, STATUSES, Event, Finding, Status

# The state a finding is in after each kind of history event.
STATE_AFTER: dict[str, Status] = {
    "found": "open",
    "fixed": "fixed",
    "verified": "verified",
    "reopened": "open",
    "dropped": "dropped",
}
# Events that set a new deadline, with `from` (the old one) and `to` (the new one).
DEADLINE_EVENTS = ("extended", "reopened")
# Which states each step of the loop may start from.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "fixed": ("open",),
    "verified": ("fixed",),
    "reopened": ("fixed", "verified"),
    "dropped": ("open", "fixed", "verified"),
    "extended": ("open",),
    "escalated": ("open",),
    "deescalated": ("open", "fixed", "verified", "dropped"),
}
# What a list or an export may ask for: a state, or overdue (open with its deadline past).
LIST_STATUSES = (*STATUSES, "overdue")
# How a clerk may ask for a state on the command line: the English word, or the Chinese
# one the tool prints; `all` (全部) for every finding, dropped ones included.
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "open": ("open", "未整改"),
    "fixed": ("fixed", "已整改"),
    "verified": ("verified", "已验收"),
    "dropped": ("dropped", "已撤销"),
    "overdue": ("overdue", "已超期", "超期"),
    "all": ("all", "全部"),
}


def status_filter(word: str | None) -> str | None:
    """The --status asked for, as the tool names it (open … overdue, all); None for none."""
    if word is None:
        return None
    for status, words in STATUS_FILTERS.items():
        if word.strip().casefold() in words:
            return status
    raise UsageError("bad_choice", option="--status", value=word, choices=tuple(STATUS_FILTERS))


# How spreadsheets write each state (compared without spaces, case-insensitively).
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "fixed": ("已整改", "整改完成", "完成", "已完成", "是", "fixed", "done", "yes"),
    "open": ("未整改", "整改中", "正在整改", "未完成", "否", "已超期", "", "open", "no", "overdue"),
    "verified": ("已销号", "已验收", "销号", "verified"),
    "dropped": ("已撤销", "不属实", "撤销", "dropped"),
}

# How spreadsheets write listed supervision (挂牌督办): the step of the ladder, or none.
LADDER_WORDS: dict[str, tuple[str, ...]] = {
    "notice": (
        "整改通知",
        "通知",
        "是",
        "挂牌",
        "挂牌督办",
        "已挂牌",
        "notice",
        "yes",
        "rectification notice",
    ),
    "letter": ("督办函", "letter", "supervision letter"),
    "interview": ("约谈", "interview", "summoning interview"),
    "bulletin": ("通报", "bulletin", "public bulletin"),
    "": ("否", "无", "未挂牌", "", "no", "none"),
}


def implied_history(finding: Finding) -> list[Event]:
    """The history a finding written by hand without one implies, from its fields."""
    found_on = finding["found_on"]
    events: list[Event] = [{"on": found_on, "event": "found"}]
    step = finding.get("escalation")
    if step is not None:
        escalated: Event = {"on": found_on, "event": "escalated", "step": step}
        if finding.get("supervisor"):
            escalated["supervisor"] = finding["supervisor"]
        events.append(escalated)
    status = finding["status"]
    if status in ("fixed", "verified"):
        fixed: Event = {"on": finding.get("fixed_on") or found_on, "event": "fixed"}
        if finding.get("fix_note"):
            fixed["note"] = finding["fix_note"]
        events.append(fixed)
        if status == "verified":
            events.append({"on": fixed["on"], "event": "verified"})
    elif status == "dropped":
        events.append({"on": found_on, "event": "dropped"})
    return events


def events_of(finding: Finding) -> list[Event]:
    """The finding's events: its history, or the one its fields imply. Where found_on was
    corrected (`edit --found-on`), the finding was found on the corrected day."""
    history = finding["history"]
    if not history:
        return implied_history(finding)
    first = history[0]
    if first["event"] == "found" and first["on"] != finding["found_on"]:
        corrected = found_on_corrected(history)
        if corrected is not None:
            return [{**first, "on": corrected}, *history[1:]]
    return history


def found_on_corrected(history: list[Event]) -> date | None:
    """The day the finding was found, as the last correction of found_on says; None where
    it was never corrected."""
    for event in reversed(history):
        if event["event"] == "edited" and event.get("field") == "found_on":
            day = event.get("new")
            return day if isinstance(day, date) else None
    return None


def field_segments(finding: Finding) -> dict[str, list[tuple[date, Any]]]:
    """For each field changed by edits: (from which day, value) in order, the first from
    the day the finding was found. A correction replaces the value of the segment it
    corrects; a dated edit starts a new segment."""
    segments: dict[str, list[tuple[date, Any]]] = {}
    for event in finding["history"]:
        name = event.get("field")
        if event["event"] != "edited" or name not in EDITABLE:
            continue
        assert isinstance(name, str)
        values = segments.setdefault(name, [(finding["found_on"], event.get("old"))])
        if event.get("correction"):
            values[-1] = (values[-1][0], event.get("new"))
        else:
            values.append((event["on"], event.get("new")))
    return segments


class Standing(NamedTuple):
    """A finding as it stood at the end of a day. A named tuple, not a frozen dataclass:
    reads build hundreds of thousands of them, and a tuple is three times quicker to make.
    The editable fields (`values`) are worked out when asked for: a count asks only for
    the owner, area or severity, a list the title too, which a finding never edited holds
    as they are."""

    state: Status
    deadline: date  # the deadline in force
    overdue: bool  # open, with the deadline in force before the day
    days_left: int | None  # for an open finding: days to the deadline, negative when overdue
    fixed_on: date | None  # the last rectification, while fixed or verified
    fix_note: str | None  # what that rectification claimed, where its event says
    escalation: str | None  # the ladder step of listed supervision (挂牌督办), if under it
    supervisor: str | None
    reopened: int  # times reopened by then
    extended: int  # times extended by then
    dropped_reason: str | None
    finding: Finding
    day: date  # the day it stood so at the end of
    edited: bool  # whether any of its fields was ever edited

    @property
    def values(self) -> dict[str, Any]:
        """Every editable field, as of the day."""
        return values_on(self.finding, self.day)

    def _value(self, name: str) -> Any:
        return values_on(self.finding, self.day)[name] if self.edited else self.finding.get(name)

    @property
    def title(self) -> str:
        title: str = self._value("title")
        return title

    @property
    def owner(self) -> str:
        owner: str = self._value("owner")
        return owner

    @property
    def severity(self) -> str:
        severity: str = self._value("severity") or "general"
        return severity

    @property
    def area(self) -> str:
        area: str = self._value("area") or ""
        return area

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_fixed(self) -> bool:
        return self.state in ("fixed", "verified")


def standing(finding: Finding, day: date) -> Standing | None:
    """The finding's standing at the end of `day`; None before it was found.

    The hot path of every read (a report asks it about 16 times a finding): kept flat,
    the Standing built from positions.
    """
    events = events_of(finding)
    if not events or events[0]["on"] > day:
        return None
    state: Status | None = None
    deadline = first_deadline(finding, events)
    fixed_on: date | None = None
    fix_note: str | None = None
    fixed_at = -1  # the index of the rectification in force, if any
    escalation: str | None = None
    supervisor: str | None = None
    reopened = extended = 0
    dropped_reason: str | None = None
    for index, event in enumerate(events):
        if event["on"] > day:
            break
        kind = event["event"]
        state = STATE_AFTER.get(kind, state)
        if kind == "fixed":
            fixed_on, fix_note, fixed_at = event["on"], event.get("note"), index
        elif kind == "reopened":
            reopened += 1
            fixed_on = fix_note = None
            fixed_at = -1
        elif kind == "extended":
            extended += 1
        elif kind == "dropped":
            dropped_reason = event.get("reason")
        elif kind == "escalated":
            escalation, supervisor = event.get("step"), event.get("supervisor") or supervisor
        elif kind == "deescalated":
            escalation = supervisor = None
        if kind in DEADLINE_EVENTS and "to" in event:
            deadline = event["to"]
    if state is None:
        return None
    if fixed_at >= 0 and fix_note is None and _last_rectification(events, fixed_at):
        fix_note = finding.get("fix_note")  # older ledgers kept it in fix_note alone
    is_open = state == "open"
    return Standing(
        state,
        deadline,
        is_open and deadline < day,
        (deadline - day).days if is_open else None,
        fixed_on if state in ("fixed", "verified") else None,
        fix_note,
        escalation,
        supervisor,
        reopened,
        extended,
        dropped_reason,
        finding,
        day,
        _edited(finding),
    )


def _last_rectification(events: list[Event], index: int) -> bool:
    """Whether the `fixed` event at `index` is the finding's last one, and says no note."""
    if "note" in events[index]:
        return False
    return all(event["event"] != "fixed" for event in events[index + 1 :])


def first_deadline(finding: Finding, events: list[Event]) -> date:
    """The deadline set when the finding was found: the first extension's or reopening's
    `from`, else the stored deadline."""
    for event in events:
        if event["event"] in DEADLINE_EVENTS and "to" in event:
            return event.get("from") or finding["deadline"]
    return finding["deadline"]


def values_on(finding: Finding, day: date) -> dict[str, Any]:
    """Every editable field as it stood at the end of `day`."""
    values = dict(zip(EDITABLE, map(finding.get, EDITABLE), strict=True))
    values["severity"] = values["severity"] or "general"
    if not _edited(finding):
        return values
    for name, segments in field_segments(finding).items():
        in_force = [value for start, value in segments if start <= day]
        values[name] = in_force[-1] if in_force else segments[0][1]
    return values


def _edited(finding: Finding) -> bool:
    return "edited" in [event["event"] for event in finding["history"]]


def open_findings(findings: list[Finding], owner: str, day: date) -> list[tuple[Finding, Standing]]:
    """The findings open at the end of `day` whose owner then was `owner`, by deadline: what
    a notice names."""
    found = [(f, st) for f in findings if (st := standing(f, day)) is not None]
    mine = [(f, st) for f, st in found if st.is_open and st.owner == owner]
    return sorted(mine, key=lambda pair: (pair[1].deadline, pair[0]["id"]))


def final_standing(finding: Finding) -> Standing | None:
    """The standing after the finding's last event: what its stored fields must say."""
    events = events_of(finding)
    return standing(finding, max(event["on"] for event in events))


def last_event_day(finding: Finding) -> date:
    """The day of the finding's last event; a step may not be dated before it."""
    return max(event["on"] for event in events_of(finding))


class Row(NamedTuple):
    """A finding as a list shows it: its campaign, and how it stood on the day asked about.
    A named tuple: a list of 10,000 findings makes as many."""

    campaign: str
    finding: Finding
    standing: Standing

    @property
    def overdue(self) -> bool:
        return self.standing.overdue

    @property
    def days_left(self) -> int | None:
        return self.standing.days_left


def stored_differences(finding: Finding) -> list[tuple[str, Any, Any]]:
    """Each stored field that disagrees with the standing after the last event:
    (field, stored, replayed)."""
    st = final_standing(finding)
    if st is None:
        return []
    pairs: list[tuple[str, Any, Any]] = [
        ("status", finding["status"], st.state),
        ("deadline", finding["deadline"], st.deadline),
        ("escalation", finding.get("escalation"), st.escalation),
        ("supervisor", finding.get("supervisor"), st.supervisor),
    ]
    if st.state != "dropped":  # a dropped finding may keep the day it was once fixed
        pairs.append(("fixed_on", finding.get("fixed_on"), st.fixed_on))
        if st.fix_note is not None:  # older ledgers kept the note in fix_note alone
            pairs.append(("fix_note", finding.get("fix_note"), st.fix_note))
    for name in field_segments(finding):
        pairs.append((name, finding.get(name), st.values[name]))
    return [(key, stored, replayed) for key, stored, replayed in pairs if stored != replayed]
