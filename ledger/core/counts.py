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
from ledger.core.standing import STATE_AFTER, Standing, events_of, last_event_day, standing


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


def counts_from(st: Standing | None) -> tuple[int, ...] | None:
    """A standing's contribution to each Tally field; None before the finding was found."""
    if st is None:
        return None
    if st.state == "dropped":
        return (0, 0, 0, 0, 1, 0, 0, 0, 0, 0)
    is_open = st.state == "open"
    return (
        1,
        int(not is_open),
        int(st.overdue),
        int(st.state == "verified"),
        0,
        int(st.extended > 0),
        int(st.reopened > 0),
        int(is_open and st.severity == "major"),
        int(is_open and st.escalation is not None),
        int(st.reopened >= 2),
    )


def counts_of(finding: Finding, day: date) -> tuple[int, ...] | None:
    """The finding's contribution to each Tally field on `day`; None before it was found."""
    return counts_from(standing(finding, day))


def tally(findings: Iterable[Finding], day: date) -> Tally:
    total = [0] * len(fields(Tally))
    for finding in findings:
        counts = counts_of(finding, day)
        if counts is not None:
            add_into(total, counts)
    return Tally(*total)


def add_into(total: list[int], counts: Iterable[int]) -> None:
    """Add counts into a running total, place by place (quicker than adding dataclasses)."""
    for place, add in enumerate(counts):
        total[place] += add


def rate_text(tally: Tally) -> str:
    """The rate as printed everywhere: 96.1%, or — when nothing was found."""
    return "—" if tally.rate is None else f"{tally.rate}%"


STREET = re.compile(r"^(\S+?(?:街道|镇|乡))(?:\s|$)")


def street_of(values: dict[str, Any]) -> str:
    """A finding's street office: its own `street` key, or the location's first word
    where that names a street office (秦虹街道 剪子巷小区); empty otherwise."""
    street = values.get("street")
    if isinstance(street, str) and street.strip():
        return street.strip()
    match = STREET.match(values.get("location") or "")
    return match[1] if match else ""


# The ways figures are broken down: each a finding's key, as it stood that day. A finding
# with no value is counted under "" (shown as "none"), so every breakdown adds up.
BREAKDOWNS: dict[str, Callable[[Standing], str]] = {
    "area": lambda st: st.area,
    "owner": lambda st: st.owner,
    "severity": lambda st: st.severity,
    "street": lambda st: street_of(st.values),
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
    campaign: str, title: str, findings: list[Finding], day: date, by: list[str]
) -> Summary:
    """The campaign's tally and its breakdowns, each finding counted once in each, under
    its key as of that day; every breakdown adds up to the total, figure by figure."""
    keys_of = [BREAKDOWNS[name] for name in by]
    # Findings that count alike, under the same keys, are counted together: a ledger
    # has thousands of findings but a few hundred such kinds.
    kinds: dict[tuple[Any, ...], int] = {}
    for finding in findings:
        st = standing(finding, day)
        if st is None:
            continue
        kind = (counts_from(st), *[key_of(st) for key_of in keys_of])
        kinds[kind] = kinds.get(kind, 0) + 1
    width = len(fields(Tally))
    total = [0] * width
    groups: list[dict[str, list[int]]] = [{} for _ in keys_of]
    for (counts, *keys), times in kinds.items():
        scaled = [count * times for count in counts]
        add_into(total, scaled)
        for group, key in zip(groups, keys, strict=True):
            add_into(group.setdefault(key, [0] * width), scaled)
    breakdowns = {
        name: sorted(
            ((key, Tally(*c)) for key, c in tallies.items()),
            key=lambda i: (not i[0], -i[1].found, i[0]),  # "none" last
        )
        for name, tallies in zip(by, groups, strict=True)
    }
    return Summary(campaign, title, day, Tally(*total), breakdowns)


@dataclass(frozen=True)
class Flow:
    """What happened within a period: findings recorded (found, dropped ones included),
    rectified (into fixed or verified from open), verified, dropped and reopened; and of
    those dropped, how many were rectified when dropped (dropped_fixed).

    So that every period reconciles: found at its end = found at its start + found −
    dropped; fixed at its end = fixed at its start + fixed − reopened − dropped_fixed.
    """

    found: int = 0
    fixed: int = 0
    verified: int = 0
    dropped: int = 0
    reopened: int = 0
    dropped_fixed: int = 0

    def __add__(self, other: "Flow") -> "Flow":
        pairs = zip(vars(self).values(), vars(other).values(), strict=True)
        return Flow(*(a + b for a, b in pairs))


def moves_of(finding: Finding, start: date, end: date) -> Flow:
    """The finding's contribution to each Flow field for the days start..end."""
    return Flow(*move_counts(finding, start, end))


def move_counts(finding: Finding, start: date, end: date) -> list[int]:
    """moves_of as plain counts, in the order of Flow's fields."""
    counts = [0] * 6
    previous: Status | None = None
    for event in events_of(finding):
        when = event["on"]
        if when > end:
            break
        entered = STATE_AFTER.get(event["event"])
        if entered is None:
            continue
        if when >= start:
            if previous is None:
                counts[0] += 1
            elif previous == "open" and entered in ("fixed", "verified"):
                counts[1] += 1
            if entered == "verified" and previous != "verified":
                counts[2] += 1
            elif entered == "dropped" and previous != "dropped":
                counts[3] += 1
                counts[5] += previous in ("fixed", "verified")
            elif entered == "open" and previous not in (None, "open"):
                counts[4] += 1
        previous = entered
    return counts


def flow(findings: Iterable[Finding], start: date, end: date) -> Flow:
    total = [0] * len(fields(Flow))
    for finding in findings:
        add_into(total, move_counts(finding, start, end))
    return Flow(*total)


def settled_on(finding: Finding) -> date:
    """The day from which the finding's counts no longer change: its last event, or for a
    finding left open, the day after the deadline then in force (when it turns overdue)."""
    last = last_event_day(finding)
    st = standing(finding, last)
    if st is not None and st.is_open and st.deadline < date.max:
        return max(last, st.deadline + timedelta(days=1))
    return last


def series(findings: Iterable[Finding], days: list[date]) -> list[Tally]:
    """The tally on each of `days` (in order): each finding is counted on the days up to the
    one it settles on, and its settled counts carried to the later days in one step."""
    width = len(fields(Tally))
    totals = [[0] * width for _ in days]
    carried = [[0] * width for _ in range(len(days) + 1)]  # added from this day on
    for finding in findings:
        settled = bisect_left(days, settled_on(finding))
        first = bisect_left(days, events_of(finding)[0]["on"])
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


PUBLISHED_KEYS = ("found", "fixed", "open", "overdue")
PUBLISHED_PERIOD_KEYS = ("found", "fixed", "verified", "dropped")


def published_differences(
    findings: list[Finding], entry: dict[str, Any]
) -> list[tuple[str, int, int]]:
    """Each figure of a publication that these findings no longer give: (name, was, is)."""
    period = entry.get("period")
    now = published_figures(findings, entry["as_of"], period["from"] if period else None)
    pairs = [(key, entry[key], now[key]) for key in PUBLISHED_KEYS]
    if period is not None:
        pairs += [
            (f"period.{key}", period[key], now["period"][key]) for key in PUBLISHED_PERIOD_KEYS
        ]
    return [(key, was, is_now) for key, was, is_now in pairs if was != is_now]


def difference_text(differences: list[tuple[str, int, int]]) -> str:
    """`fixed 1 → 2, period.fixed 1 → 2`."""
    return ", ".join(f"{key} {was} → {is_now}" for key, was, is_now in differences)
