"""Counting findings as of a date: the one code path behind summary and every figure.

A finding's state on a day is replayed from its history, so a summary as of a
past date gives, on any later day, exactly what it gave on that date. Findings
written by hand without a history get one derived from their fields.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ledger.model import STATE_AFTER, Finding, Status


def timeline(finding: Finding) -> list[tuple[date, Status]]:
    """(date, state entered) in order: from the history, or derived from the fields."""
    history = finding["history"]
    if history:
        return [(event["on"], STATE_AFTER[event["event"]]) for event in history]
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


def is_overdue(finding: Finding, day: date) -> bool:
    return state_on(finding, day) == "open" and finding["deadline"] < day


@dataclass(frozen=True)
class Tally:
    """found = not dropped and found by then; fixed = fixed or verified by then."""

    found: int = 0
    fixed: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.found - self.fixed

    @property
    def rate(self) -> Decimal | None:
        """Percentage fixed, to one decimal place, rounded half up; None when nothing was found."""
        if not self.found:
            return None
        return (Decimal(100 * self.fixed) / self.found).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.found + other.found, self.fixed + other.fixed, self.overdue + other.overdue
        )


def tally_one(finding: Finding, day: date) -> Tally:
    state = state_on(finding, day)
    if state is None or state == "dropped":
        return Tally()
    fixed = state in ("fixed", "verified")
    overdue = state == "open" and finding["deadline"] < day
    return Tally(found=1, fixed=int(fixed), overdue=int(overdue))


def tally(findings: Iterable[Finding], day: date) -> Tally:
    total = Tally()
    for finding in findings:
        total += tally_one(finding, day)
    return total


BREAKDOWNS: dict[str, Callable[[Finding], str]] = {
    "area": lambda f: f.get("area") or "",
    "owner": lambda f: f["owner"],
    "severity": lambda f: f["severity"],
}


@dataclass(frozen=True)
class Summary:
    """One campaign's figures as of a day, with breakdowns by area, owner or severity."""

    campaign: str
    title: str
    as_of: date
    total: Tally
    breakdowns: dict[str, list[tuple[str, Tally]]] = field(default_factory=dict)


def summarise(
    campaign: str, title: str, findings: list[Finding], day: date, by: Iterable[str]
) -> Summary:
    """The campaign's tally and its breakdowns, each finding counted once."""
    keys_of = {name: BREAKDOWNS[name] for name in by}
    total = [0, 0, 0]
    groups: dict[str, dict[str, list[int]]] = {name: {} for name in keys_of}
    for finding in findings:
        state = state_on(finding, day)
        if state is None or state == "dropped":
            continue
        counts = (1, state in ("fixed", "verified"), state == "open" and finding["deadline"] < day)
        for place, add in enumerate(counts):
            total[place] += add
        for name, key_of in keys_of.items():
            group = groups[name].setdefault(key_of(finding), [0, 0, 0])
            for place, add in enumerate(counts):
                group[place] += add
    breakdowns = {
        name: sorted(
            ((key, Tally(*c)) for key, c in tallies.items()), key=lambda i: (-i[1].found, i[0])
        )
        for name, tallies in groups.items()
    }
    return Summary(campaign, title, day, Tally(*total), breakdowns)
