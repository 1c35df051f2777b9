"""Counting findings as of a date: the one code path behind summary and every figure.

Each finding's state on a day comes from ledger.core.standing, so a summary as of a
past date gives, on any later day, exactly what it gave on that date.
"""

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ledger.core.model import Finding, Status
from ledger.core.standing import STATE_AFTER, deadline_on, state_on, timeline


@dataclass(frozen=True)
class Tally:
    """found = not dropped and found by then; fixed = fixed or verified by then.

    verified counts within fixed; dropped findings are outside found; extended and
    reopened count found findings with such an event by then; major_open and
    escalated count open findings; reopened_twice, those reopened twice or more
    (a possible sham rectification, 虚假整改).
    """

    found: int = 0
    fixed: int = 0
    overdue: int = 0
    verified: int = 0
    dropped: int = 0
    extended: int = 0
    reopened: int = 0
    major_open: int = 0
    escalated: int = 0
    reopened_twice: int = 0

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
        pairs = zip(vars(self).values(), vars(other).values(), strict=True)
        return Tally(*(a + b for a, b in pairs))

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON gives them: found, fixed, rate, open, then the rest."""
        rate = None if self.rate is None else float(self.rate)
        figures = {"found": self.found, "fixed": self.fixed, "rate": rate, "open": self.open}
        return {**figures, **{f.name: getattr(self, f.name) for f in fields(Tally)[2:]}}


def counts_of(finding: Finding, day: date) -> tuple[int, ...] | None:
    """The finding's contribution to each Tally field on `day`; None before it was found.

    One pass over the history up to `day` (it is in date order; check says where not):
    the hot loop of every summary.
    """
    history = finding["history"]
    if not history:
        state = state_on(finding, day)
        extended = reopened = 0
        escalated = False
    else:
        state, extended, reopened, escalated = None, 0, 0, False
        for event in history:
            if event["on"] > day:
                break
            kind = event["event"]
            state = STATE_AFTER.get(kind, state)
            if kind == "reopened":
                reopened += 1
            elif kind == "extended":
                extended = 1
            elif kind in ("escalated", "deescalated"):
                escalated = kind == "escalated"
    if state is None:
        return None
    if state == "dropped":
        return (0, 0, 0, 0, 1, 0, 0, 0, 0, 0)
    is_open = state == "open"
    return (
        1,
        int(state != "open"),
        int(is_open and deadline_on(finding, day) < day),
        int(state == "verified"),
        0,
        extended,
        int(reopened > 0),
        int(is_open and finding["severity"] == "major"),
        int(is_open and escalated),
        int(reopened >= 2),
    )


def tally_one(finding: Finding, day: date) -> Tally:
    counts = counts_of(finding, day)
    return Tally() if counts is None else Tally(*counts)


def tally(findings: Iterable[Finding], day: date) -> Tally:
    total = Tally()
    for finding in findings:
        total += tally_one(finding, day)
    return total


def rate_text(tally: Tally) -> str:
    """The rate as printed everywhere: 96.1%, or — when nothing was found."""
    return "—" if tally.rate is None else f"{tally.rate}%"


STREET = re.compile(r"^(\S+?(?:街道|镇|乡))(?:\s|$)")


def street_of(finding: Finding) -> str:
    """The finding's street office: its own `street` key, or the location's first word
    where that names a street office (秦虹街道 剪子巷小区); empty otherwise."""
    street = finding.get("street")
    if isinstance(street, str) and street.strip():
        return street.strip()
    match = STREET.match(finding.get("location") or "")
    return match[1] if match else ""


# The ways figures are broken down, each a finding's key in that breakdown.
BREAKDOWNS: dict[str, Callable[[Finding], str]] = {
    "area": lambda f: f.get("area") or "",
    "owner": lambda f: f["owner"],
    "severity": lambda f: f["severity"],
    "street": street_of,
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
    width = len(fields(Tally))
    total = [0] * width
    groups: dict[str, dict[str, list[int]]] = {name: {} for name in keys_of}
    for finding in findings:
        counts = counts_of(finding, day)
        if counts is None:
            continue
        for place, add in enumerate(counts):
            total[place] += add
        if not counts[0]:
            continue  # dropped: in no breakdown
        for name, key_of in keys_of.items():
            group = groups[name].setdefault(key_of(finding), [0] * width)
            for place, add in enumerate(counts):
                group[place] += add
    breakdowns = {
        name: sorted(
            ((key, Tally(*c)) for key, c in tallies.items()), key=lambda i: (-i[1].found, i[0])
        )
        for name, tallies in groups.items()
    }
    return Summary(campaign, title, day, Tally(*total), breakdowns)


@dataclass(frozen=True)
class Flow:
    """What happened within a period: findings recorded (found, dropped ones included),
    rectified (into fixed or verified from open), verified, dropped and reopened."""

    found: int = 0
    fixed: int = 0
    verified: int = 0
    dropped: int = 0
    reopened: int = 0

    def __add__(self, other: "Flow") -> "Flow":
        pairs = zip(vars(self).values(), vars(other).values(), strict=True)
        return Flow(*(a + b for a, b in pairs))


def moves_of(finding: Finding, start: date, end: date) -> Flow:
    """The finding's contribution to each Flow field for the days start..end."""
    counts = [0] * 5
    previous: Status | None = None
    for when, entered in timeline(finding):
        if start <= when <= end:
            if previous is None:
                counts[0] += 1
            elif previous == "open" and entered in ("fixed", "verified"):
                counts[1] += 1
            if entered == "verified":
                counts[2] += 1
            elif entered == "dropped":
                counts[3] += 1
            elif entered == "open" and previous is not None:
                counts[4] += 1
        elif when > end:
            break
        previous = entered
    return Flow(*counts)


def flow(findings: Iterable[Finding], start: date, end: date) -> Flow:
    total = Flow()
    for finding in findings:
        total += moves_of(finding, start, end)
    return total


def settled_on(finding: Finding) -> date:
    """The day from which the finding's counts no longer change: its last event, or for a
    finding left open, the day after the deadline then in force (when it turns overdue)."""
    history = finding["history"]
    last = max((day for day, _ in timeline(finding)), default=finding["found_on"])
    if history:
        last = max(last, history[-1]["on"])
    if counts_of(finding, last) is not None and state_on(finding, last) == "open":
        return max(last, deadline_on(finding, last) + timedelta(days=1))
    return last


def series(findings: Iterable[Finding], days: list[date]) -> list[Tally]:
    """The tally on each of `days` (in order): each finding is counted on the days up to the
    one it settles on, and its settled counts carried to the later days in one step."""
    width = len(fields(Tally))
    totals = [[0] * width for _ in days]
    carried = [[0] * width for _ in range(len(days) + 1)]  # added from this day on
    for finding in findings:
        settled = bisect_left(days, settled_on(finding))
        first = bisect_left(days, timeline(finding)[0][0]) if timeline(finding) else settled
        for index in range(first, min(settled + 1, len(days))):
            counts = counts_of(finding, days[index])
            if counts is not None:
                row = totals[index]
                for place, add in enumerate(counts):
                    row[place] += add
        if settled + 1 < len(days):
            counts = counts_of(finding, days[settled])
            if counts is not None:
                for place, add in enumerate(counts):
                    carried[settled + 1][place] += add
    running = [0] * width
    result = []
    for index, row in enumerate(totals):
        running = [a + b for a, b in zip(running, carried[index], strict=True)]
        result.append(Tally(*(a + b for a, b in zip(row, running, strict=True))))
    return result


def published_figures(
    findings: list[Finding], as_of: date, start: date | None = None
) -> dict[str, Any]:
    """The figures a report as of `as_of` gives, in the form `published` keeps them; the
    period runs from `start`, by default the first of as_of's month."""
    total = tally(findings, as_of)
    start = start or as_of.replace(day=1)
    month = flow(findings, start, as_of)
    period = {
        "from": start,
        "found": month.found,
        "fixed": month.fixed,
        "verified": month.verified,
        "dropped": month.dropped,
    }
    return {
        "as_of": as_of,
        "found": total.found,
        "fixed": total.fixed,
        "open": total.open,
        "overdue": total.overdue,
        "period": period,
    }
