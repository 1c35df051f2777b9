from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.core.dates import parse_date
from ledger.core.errors import UsageError

TODAY = date(2020, 9, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-05-31", date(2020, 5, 31)),
        ("2020/5/31", date(2020, 5, 31)),
        ("2020.5.31", date(2020, 5, 31)),
        ("20200531", date(2020, 5, 31)),
        ("2020年5月31日", date(2020, 5, 31)),
        ("2020年5月31号", date(2020, 5, 31)),
        (" today ", TODAY),
        ("yesterday", date(2020, 9, 29)),
        ("今天", TODAY),
    ],
)
def test_dates_as_clerks_type_them(text: str, expected: date) -> None:
    assert parse_date(text, TODAY, option="--on") == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("+30d", date(2020, 10, 30)), ("+2w", date(2020, 10, 14))]
)
def test_relative_deadlines(text: str, expected: date) -> None:
    assert parse_date(text, TODAY, option="--deadline", relative=True) == expected


@pytest.mark.parametrize("text", ["2020-02-30", "31/5/2020", "next week", "", "2020-5", "+30d"])
def test_bad_dates_name_the_option(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_date(text, TODAY, option="--on")
    assert info.value.params == {"option": "--on", "value": text}
    assert "--on" in str(info.value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_every_format_reads_back_the_same_day(day: date) -> None:
    for text in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        day.strftime("%Y%m%d"),
        f"{day.year}年{day.month}月{day.day}日",
    ):
        assert parse_date(text, TODAY, option="--on") == day


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("0001-01-01", False),
        ("1899-12-31", False),
        ("9999-12-31", False),
        ("3000-01-01", False),
        ("1800-01-01", True),
    ],
)
def test_days_off_the_calendar_are_refused_by_name(text: str, relative: bool) -> None:
    with pytest.raises(UsageError) as info:
        parse_date(text, TODAY, option="--deadline", relative=relative)
    assert info.value.key == "date_out_of_range"
    assert "--deadline" in str(info.value) and text in str(info.value)
