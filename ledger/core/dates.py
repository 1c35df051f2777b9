"""Dates as clerks type them: 2020-05-31, 2020/5/31, 20200531, 2020年5月31日, today, +30d."""

import re
from datetime import date, timedelta

from ledger.core.errors import UsageError

_NUMERIC = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_RELATIVE = re.compile(r"^\+(\d{1,4})\s*([dw])$")
_WORDS = {"today": 0, "今天": 0, "yesterday": -1, "昨天": -1}
# The years a ledger's days may lie in: outside them a date is a typing mistake, and the
# arithmetic of periods would run off the calendar.
YEARS = range(1900, 3000)


def plausible(day: date, option: str, value: str) -> date:
    """The day, if it lies in YEARS; else a UsageError naming the option."""
    if day.year not in YEARS:
        raise UsageError("date_out_of_range", option=option, value=value)
    return day


def parse_date(value: str, today: date, *, option: str, relative: bool = False) -> date:
    """Read a date typed on the command line; `relative` also allows +30d and +2w from today.

    Raises UsageError naming the option for anything else.
    """
    text = value.strip().lower()
    if text in _WORDS:
        return plausible(today + timedelta(days=_WORDS[text]), option, value)
    if relative and (match := _RELATIVE.match(text)):
        amount, unit = int(match[1]), match[2]
        return plausible(today + timedelta(days=amount * (7 if unit == "w" else 1)), option, value)
    for pattern in (_NUMERIC, _COMPACT, _CHINESE):
        if match := pattern.match(text):
            try:
                day = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                break
            return plausible(day, option, value)
    raise UsageError("bad_deadline" if relative else "bad_date", option=option, value=value)
