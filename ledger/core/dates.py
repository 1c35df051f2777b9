"""Dates as clerks type them: 2020-05-31, 2020/5/31, 20200531, 2020年5月31日, today, +30d."""

import re
from datetime import date, timedelta

from ledger.core.errors import UsageError

_NUMERIC = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_RELATIVE = re.compile(r"^\+?(\d{1,4})\s*(wd|d|w|个?工作日|天|日|周)$")
_UNITS = {"d": "days", "天": "days", "日": "days", "w": "weeks", "周": "weeks"}
_WORDS = {"today": 0, "今天": 0, "yesterday": -1, "昨天": -1}
# The years a ledger's days may lie in: outside them a date is a typing mistake, and the
# arithmetic of periods would run off the calendar.
YEARS = range(1900, 3000)


def plausible(day: date, option: str, value: str) -> date:
    """The day, if it lies in YEARS; else a UsageError naming the option."""
    if day.year not in YEARS:
        raise UsageError("date_out_of_range", option=option, value=value)
    return day


def parse_date(
    value: str, today: date, *, option: str, relative: bool = False, base: date | None = None
) -> date:
    """Read a date typed on the command line; `relative` also allows +30d, +2w and +15wd
    (working days: 15个工作日) from `base`, else from today.

    Raises UsageError naming the option for anything else.
    """
    text = value.strip().lower()
    if text in _WORDS:
        return plausible(today + timedelta(days=_WORDS[text]), option, value)
    if relative and (match := _RELATIVE.match(text)):
        amount, unit, start = int(match[1]), match[2], base or today
        if unit not in _UNITS:
            return plausible(after_working_days(start, amount, option), option, value)
        return plausible(start + timedelta(**{_UNITS[unit]: amount}), option, value)
    for pattern in (_NUMERIC, _COMPACT, _CHINESE):
        if match := pattern.match(text):
            try:
                day = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                break
            return plausible(day, option, value)
    raise UsageError("bad_deadline" if relative else "bad_date", option=option, value=value)


def after_working_days(start: date, count: int, option: str) -> date:
    """The day `count` working days after `start`, by China's official calendar: weekends
    and public holidays skipped, the weekend days worked in their place (调休) counted.
    A year the calendar does not cover yet is a UsageError naming it."""
    import chinese_calendar

    day = start
    while count > 0:
        day += timedelta(days=1)
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise UsageError("calendar_not_covered", option=option, year=day.year) from None
        count -= working
    return day
