"""The ends of a date range a user types: one reading for the timeline, the network and
the API, where a month or a year starts on its first day and ends on its last."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.graph.dates import parse_bound, parse_day

from treatykg.errors import QueryError


@pytest.mark.parametrize(
    ("value", "side", "expected"),
    [
        ("2023", "from", date(2023, 1, 1)),
        ("2023", "to", date(2023, 12, 31)),
        ("2024-02", "to", date(2024, 2, 29)),
        ("2024-02", "from", date(2024, 2, 1)),
        (" 2023-02-28 ", "to", date(2023, 2, 28)),
        (date(2020, 5, 5), "to", date(2020, 5, 5)),
        (None, "from", None),
    ],
)
def test_dates_bound_reads_a_period_by_its_side(
    value: str | date | None, side: str, expected: date | None
) -> None:
    assert parse_bound(value, side, "--x") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["2023-13", "2023-02-30", "23", "Feb 2023", "2023-2", ""])
def test_dates_bound_error_names_the_option(value: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_bound(value, "from", "--from")
    assert str(raised.value) == (
        f"--from: {value!r} is not a date: give YYYY-MM-DD, YYYY-MM or YYYY"
    )


@pytest.mark.parametrize("value", ["2023", "2023-02"])
def test_dates_day_refuses_a_period(value: str) -> None:
    """A status holds on a day: `status --on 2023` would be ambiguous, so it stays refused."""
    with pytest.raises(QueryError, match="is not a date: give YYYY-MM-DD"):
        parse_day(value, "status on")
