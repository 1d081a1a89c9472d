"""Dates at the precision a source gives them: how they read, where their period ends, how
they sort. One place, because the terminal, frames, pages, status answers and the merge rules
must agree that "2023" is a year, never 1 January.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from treatykg.errors import QueryError

__all__ = [
    "date_label",
    "date_sort_key",
    "parse_bound",
    "parse_day",
    "period_end",
    "precision_name",
    "timex_precision",
]

_RANKS = {"day": 0, "weekend": 1, "week": 1, "month": 2, "year": 3, "decade": 4}
_WEEK = re.compile(r"^\d{4}-W\d{2}(?:-WE)?$")
_BOUND = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_BOUND_HINT = "give YYYY-MM-DD, YYYY-MM or YYYY"


def timex_precision(timex: str) -> str:
    """The precision a TIMEX3 value's shape implies, for dates stored without one.

    >>> [timex_precision(t) for t in ("2023-02-28", "2023-02", "2023", "199", "2025-W04")]
    ['day', 'month', 'year', 'decade', 'week']
    """
    if _WEEK.match(timex):
        return "week"
    return {3: "decade", 4: "year", 7: "month"}.get(len(timex), "day")


def parse_bound(value: date | str | None, side: Literal["from", "to"], name: str) -> date | None:
    """One end of a date range a user typed: a date, YYYY-MM-DD, YYYY-MM or YYYY.

    A month or a year starts a range (`from`) on its first day and ends one (`to`) on its
    last, so `--from 2023 --to 2023` is the whole year. Every command and API call that
    takes a range reads it here, so that they all accept the same text.

    Raises:
        QueryError: not a date; the message names `name`, the option the user typed.

    >>> parse_bound("2023", "from", "--from"), parse_bound("2024-02", "to", "--to")
    (datetime.date(2023, 1, 1), datetime.date(2024, 2, 29))
    """
    if value is None or isinstance(value, date):
        return value
    found = _BOUND.fullmatch(value.strip())
    try:
        if found is None:
            raise ValueError(value)
        month, day = found["month"], found["day"]
        first = date(int(found["year"]), int(month or 1), int(day or 1))
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date: {_BOUND_HINT}") from None
    if side == "from" or day is not None:
        return first
    return period_end(first, "month" if month is not None else "year")


def parse_day(value: date | str | None, name: str) -> date | None:
    """One day a user typed (YYYY-MM-DD): where a period would be ambiguous, such as the
    day a status is asked for.

    Raises:
        QueryError: not a day; the message names `name`.
    """
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date: give YYYY-MM-DD") from None


def precision_name(value: object) -> str:
    """A precision's name from a query cell: `year`, tkg:Year or its IRI; day when unknown."""
    if value is None:
        return "day"
    name = str(value).rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()
    return name if name in _RANKS else "day"


def date_label(start: date, precision: object = None) -> str:
    """How a date reads at its precision; `start` is the first day of the period named.

    >>> [date_label(date(2023, 1, 1), "year"), date_label(date(2010, 12, 1), "month")]
    ['2023', '2010-12']
    >>> [date_label(date(2025, 1, 20), "week"), date_label(date(1990, 1, 1), "decade")]
    ['2025-W04', '1990s']
    """
    kind = precision_name(precision)
    if kind == "year":
        return f"{start.year:04d}"
    if kind == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if kind == "decade":
        return f"{start.year // 10 * 10}s"
    if kind in {"week", "weekend"}:
        year, week, weekday = start.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if weekday == 6 else "")
    return start.isoformat()


def period_end(start: date, precision: object = None) -> date:
    """The last day of the period that starts on `start`: a month's last day, a year's
    31 December, a week's Sunday.

    >>> [str(period_end(date(2024, 2, 1), p)) for p in ("day", "month", "year", "decade")]
    ['2024-02-01', '2024-02-29', '2024-12-31', '2029-12-31']
    """
    kind = precision_name(precision)
    if kind in {"week", "weekend"}:
        return start + timedelta(days=6 - start.weekday())
    if kind == "month":
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    if kind == "year":
        return date(start.year, 12, 31)
    if kind == "decade":
        return date(start.year // 10 * 10 + 9, 12, 31)
    return start


def date_sort_key(start: date | None, precision: object = None) -> tuple[bool, date, int]:
    """A key that sorts dates of mixed precision the way a reader expects: a period after
    every day inside it (2023-02-28, then "2023-02", then "2023"), undated last.

    Sorting by the first day instead would put "2023" before everything that happened
    in 2023, as if it were known to be 1 January.

    >>> days = [(date(2023, 1, 1), "year"), (date(2023, 2, 28), "day"), (date(2023, 2, 1), "month")]
    >>> [date_label(*d) for d in sorted(days, key=lambda d: date_sort_key(*d))]
    ['2023-02-28', '2023-02', '2023']
    """
    if start is None:
        return (True, date.max, 0)
    return (False, period_end(start, precision), _RANKS[precision_name(precision)])
