"""The status rules: which state a finding is in on a day, which deadline is in force, and
which steps each state allows. Every command asks here.

A finding's state on a day is replayed from its history up to the end of that day;
a finding written by hand without a history has one implied by its fields.
"""

from dataclasses import dataclass
from datetime import date

from ledger.core.model import STATUSES, Finding, Status

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
# How spreadsheets write each state (compared without spaces, case-insensitively).
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "fixed": ("已整改", "整改完成", "完成", "已完成", "是", "fixed", "done", "yes"),
    "open": ("未整改", "整改中", "正在整改", "未完成", "否", "已超期", "", "open", "no", "overdue"),
    "verified": ("已销号", "已验收", "销号", "verified"),
    "dropped": ("已撤销", "不属实", "撤销", "dropped"),
}


def timeline(finding: Finding) -> list[tuple[date, Status]]:
    """(date, state entered) in order: from the history, or derived from the fields."""
    history = finding["history"]
    if history:
        return [(e["on"], STATE_AFTER[e["event"]]) for e in history if e["event"] in STATE_AFTER]
    status = finding["status"]
    found_on = finding["found_on"]
    if status in ("fixed", "verified"):
        return [(found_on, "open"), (finding.get("fixed_on") or found_on, status)]
    if status == "dropped":
        return [(found_on, "dropped")]
    return [(found_on, "open")]


def state_on(finding: Finding, day: date) -> Status | None:
    """The finding's state at the end of `day`; None before it was found."""
    state: Status | None = None
    for when, entered in timeline(finding):
        if when > day:
            break
        state = entered
    return state


def deadline_on(finding: Finding, day: date) -> date:
    """The deadline in force at the end of `day`: extensions and reopenings count from their date."""
    changes = [e for e in finding["history"] if e["event"] in DEADLINE_EVENTS and "to" in e]
    if not changes:
        return finding["deadline"]
    deadline = changes[0].get("from") or finding["deadline"]
    for change in changes:
        if change["on"] <= day:
            deadline = change["to"]
    return deadline


def is_overdue(finding: Finding, day: date) -> bool:
    return state_on(finding, day) == "open" and deadline_on(finding, day) < day


def reopen_count(finding: Finding) -> int:
    return sum(1 for e in finding["history"] if e["event"] == "reopened")


@dataclass(frozen=True)
class Row:
    """A finding as a list shows it: where it belongs and how it stands today."""

    campaign: str
    finding: Finding
    overdue: bool
    days_left: int | None  # for open findings: days to the deadline, negative when overdue
