"""Counting as of a date, on small in-memory findings."""

from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ledger.core.counts import Tally, summarise, tally
from ledger.core.model import Finding
from ledger.core.standing import standing
from ledger.storage.schema import validate_finding


def state_on(f: Finding, day: date) -> str | None:
    st = standing(f, day)
    return None if st is None else st.state


def finding(**fields: Any) -> Finding:
    base: dict[str, Any] = {
        "id": "X-001",
        "title": "t",
        "owner": "区房产局",
        "measure": "m",
        "found_on": date(2020, 4, 1),
        "deadline": date(2020, 5, 1),
    }
    return validate_finding({**base, **fields})


def test_history_decides_the_state_on_each_day() -> None:
    f = finding(
        status="fixed",
        fixed_on=date(2020, 6, 1),
        history=[
            {"on": date(2020, 4, 1), "event": "found"},
            {"on": date(2020, 4, 20), "event": "fixed"},
            {"on": date(2020, 5, 10), "event": "reopened"},
            {"on": date(2020, 6, 1), "event": "fixed"},
        ],
    )
    assert state_on(f, date(2020, 3, 31)) is None
    assert state_on(f, date(2020, 4, 1)) == "open"
    assert state_on(f, date(2020, 4, 20)) == "fixed"
    assert state_on(f, date(2020, 5, 10)) == "open"
    assert state_on(f, date(2020, 6, 1)) == "fixed"


def test_without_history_the_fields_decide() -> None:
    f = finding(status="fixed", fixed_on=date(2020, 4, 10))
    assert [state_on(f, date(2020, 4, d)) for d in (1, 9, 10)] == ["open", "open", "fixed"]
    assert state_on(finding(status="dropped"), date(2020, 4, 2)) == "dropped"


def test_tally_counts_found_fixed_open_overdue() -> None:
    findings = [
        finding(id="A", status="open", deadline=date(2020, 4, 10)),  # overdue by 5-01
        finding(id="B", status="open", deadline=date(2020, 6, 1)),  # open, not overdue
        finding(id="C", status="fixed", fixed_on=date(2020, 4, 5)),
        finding(id="D", status="verified", fixed_on=date(2020, 4, 6)),
        finding(id="E", status="dropped"),
        finding(id="F", found_on=date(2020, 5, 2), deadline=date(2020, 6, 2)),  # not yet found
    ]
    result = tally(findings, date(2020, 5, 1))
    assert result == Tally(found=4, fixed=2, overdue=1, verified=1, dropped=1)
    assert result.open == 2
    assert str(result.rate) == "50.0"


def test_rate_rounds_half_up_to_one_place() -> None:
    assert str(Tally(found=154, fixed=148).rate) == "96.1"
    assert str(Tally(found=8, fixed=1).rate) == "12.5"
    assert str(Tally(found=3, fixed=2).rate) == "66.7"
    assert Tally().rate is None


def test_overdue_is_deadline_strictly_before_the_day() -> None:
    f = finding(deadline=date(2020, 5, 1))
    assert tally([f], date(2020, 5, 1)).overdue == 0
    assert tally([f], date(2020, 5, 2)).overdue == 1


def test_breakdown_groups_and_orders_largest_first() -> None:
    findings = [finding(id=str(i), owner=o) for i, o in enumerate(["乙", "甲", "乙"])]
    rows = summarise("c", "t", findings, date(2020, 4, 1), ["owner"]).breakdowns["owner"]
    assert [(k, t.found) for k, t in rows] == [("乙", 2), ("甲", 1)]


events = st.lists(
    st.tuples(st.integers(0, 200), st.sampled_from(["fixed", "verified", "reopened", "dropped"])),
    max_size=6,
)


@given(events, events, st.integers(0, 200))
def test_later_events_never_change_a_past_summary(before: Any, after: Any, cut: int) -> None:
    """What summary said on day D, it says on any later day: events after D do not count."""
    start = date(2020, 1, 1)
    day = start + timedelta(days=cut)
    early = sorted((start + timedelta(days=min(d, cut)), e) for d, e in before)
    late = sorted((day + timedelta(days=1 + d), e) for d, e in after)
    history = [{"on": start, "event": "found"}] + [{"on": d, "event": e} for d, e in early]
    then = finding(found_on=start, deadline=start + timedelta(days=30), history=history)
    history_now = history + [{"on": d, "event": e} for d, e in late]
    now = finding(found_on=start, deadline=start + timedelta(days=30), history=history_now)
    assert tally([then], day) == tally([now], day)
