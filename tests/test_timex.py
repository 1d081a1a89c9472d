"""Dates found and resolved against the publication date, on sentences we wrote."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.text import segment
from treatykg.ingest.timex import find_timexes


def _dates(body: str, published: date | None) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in find_timexes(body, segment(body), published)]


@pytest.mark.parametrize("body, published, expected", [
    # "last <Month>": the latest such month before the publication month, never this one
    ("The parliament ratified the accord last March.", date(2025, 6, 10), ("last March", "2025-03")),
    ("Last June the two sides met in Oslo.", date(2025, 6, 10), ("Last June", "2024-06")),
    ("The envoys talked last December.", date(2026, 1, 2), ("last December", "2025-12")),
    # "next <Month>" the first after it, "this <Month>" the publication year's
    ("Talks resume next March, the envoy said.", date(2025, 6, 10), ("next March", "2026-03")),
    ("Inspectors return next September.", date(2025, 6, 10), ("next September", "2025-09")),
    ("The summit is planned for this October.", date(2025, 6, 10), ("this October", "2025-10")),
])  # fmt: skip
def test_timex_month_named_relative_to_publication(
    body: str, published: date, expected: tuple[str, str]
) -> None:
    assert _dates(body, published) == [expected]


@pytest.mark.parametrize("body", [
    "The accord was signed last March 3.",
    "They met last March, 2024 in Geneva.",
])  # fmt: skip
def test_timex_last_month_with_a_day_or_year_is_not_a_relative_month(body: str) -> None:
    assert all(not text.lower().startswith("last") for text, _ in _dates(body, date(2025, 6, 1)))


@pytest.mark.parametrize("body, published, expected", [
    # the end of a period still running: ahead of publication, whatever the verb's tense
    ("Last week the accord was extended until February 5.", date(2025, 12, 10),
     ("February 5", "2026-02-05")),
    ("The two capitals prolonged the pact until March.", date(2025, 12, 10), ("March", "2026-03")),
    ("The ceasefire holds until March 3.", date(2025, 12, 10), ("March 3", "2026-03-03")),
    ("The deal remains in force till August 14.", date(2025, 12, 10), ("August 14", "2026-08-14")),
    ("The envoy stays in Geneva until Friday, officials said.", date(2025, 12, 10),
     ("Friday", "2025-12-12")),
    # a period a past verb closes is over
    ("The moratorium lasted until March 3.", date(2025, 12, 10), ("March 3", "2025-03-03")),
    ("Both sides observed the limits until August.", date(2025, 12, 10), ("August", "2025-08")),
    ("The pact, extended once, lasted until March 3.", date(2025, 12, 10),
     ("March 3", "2025-03-03")),
])  # fmt: skip
def test_timex_until_a_date_without_year_ends_a_period(
    body: str, published: date, expected: tuple[str, str]
) -> None:
    assert _dates(body, published)[-1] == expected


@pytest.mark.parametrize("body, expected", [
    # the span is the date alone, "until" and "extended" are the event's business
    ("The treaty was extended until February 5, 2026.", [("February 5, 2026", "2026-02-05")]),
    ("The pact, extended until Feb. 5, 2026, limits launchers.", [("Feb. 5, 2026", "2026-02-05")]),
    ("It stays in force until 4 March 2027, the ministry said.", [("4 March 2027", "2027-03-04")]),
])  # fmt: skip
def test_timex_until_a_full_date_is_the_date(body: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(body, date(2025, 6, 10)) == expected


@pytest.mark.parametrize("body, published, expected", [
    # a month and day without a year: the nearest past one for past events...
    ("Russia signed the deal on March 3.", date(2025, 1, 10), ("March 3", "2024-03-03")),
    ("The delegates met on January 8.", date(2025, 1, 10), ("January 8", "2025-01-08")),
    # ...and the nearest future one for future events, a past report's future included
    ("The envoys will meet on March 3.", date(2025, 4, 10), ("March 3", "2026-03-03")),
    ("He said the envoys would meet on January 20.", date(2025, 1, 10),
     ("January 20", "2025-01-20")),
    ("The vote is scheduled for 14 February.", date(2025, 1, 10), ("14 February", "2025-02-14")),
])  # fmt: skip
def test_timex_month_day_without_year_follows_the_tense(
    body: str, published: date, expected: tuple[str, str]
) -> None:
    assert _dates(body, published) == [expected]


@pytest.mark.parametrize("body, published, expected", [
    ("The minister spoke on the International Day of Peace.", date(2025, 9, 28),
     ("International Day of Peace", "2025-09-21")),
    ("Leaders will gather on the International Day for the Total Elimination of Nuclear "
     "Weapons.", date(2025, 9, 1),
     ("International Day for the Total Elimination of Nuclear Weapons", "2025-09-26")),
    ("Survivors marked Hiroshima Day with a vigil.", date(2024, 8, 20),
     ("Hiroshima Day", "2024-08-06")),
])  # fmt: skip
def test_timex_named_days_resolve_like_a_month_and_day(
    body: str, published: date, expected: tuple[str, str]
) -> None:
    assert _dates(body, published) == [expected]


@pytest.mark.parametrize("body, expected", [
    ("In summer 2024, the alliance announced new deployments.", [("summer 2024", "2024")]),
    ("In the spring of 2019 both sides walked away.", [("spring of 2019", "2019")]),
    ("Winter 2031 is the deadline for destruction.", [("Winter 2031", "2031")]),
])  # fmt: skip
def test_timex_season_and_year_is_the_year(body: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(body, date(2025, 8, 4)) == expected


@pytest.mark.parametrize("body, expected", [
    ("The parliament ratified the accord last March.", [("last March", None)]),
    ("Survivors marked Hiroshima Day.", [("Hiroshima Day", None)]),
])  # fmt: skip
def test_timex_relative_dates_without_publication_date_have_no_value(
    body: str, expected: list[tuple[str, None]]
) -> None:
    assert _dates(body, None) == expected


def _named_days() -> list[str]:
    import tomllib
    from pathlib import Path

    import treatykg.ingest.timex as timex

    resource = Path(timex.__file__).parent / "resources" / "dates.toml"
    return list(tomllib.loads(resource.read_text(encoding="utf-8"))["named_days"])


@pytest.mark.parametrize("name", _named_days())
def test_timex_every_named_day_in_the_table_is_found_and_resolved(name: str) -> None:
    """A line added to the table is a date found in text, on a real calendar day."""
    body = f"The delegations met on {name}."
    [(text, value)] = _dates(body, date(2024, 6, 1))
    assert text == name and value is not None and value <= "2024-06-01"


@pytest.mark.parametrize("body, expected", [
    # month abbreviations without their stop, before a number
    ("The treaty entered into force on Feb 5, 2011.", [("Feb 5, 2011", "2011-02-05")]),
    ("Inspectors left on 3 Sept 2024.", [("3 Sept 2024", "2024-09-03")]),
    ("The envoys met on Dec 2.", [("Dec 2", "2024-12-02")]),
    # ...and never where they are no month
    ("Trump hosted the talks at Mar-a-Lago.", []),
    ("Jan Kowalski, a diplomat, signed it.", []),
])  # fmt: skip
def test_timex_month_abbreviations_without_a_stop(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert _dates(body, date(2025, 6, 11)) == expected


@pytest.mark.parametrize("body, expected", [
    ("It was signed on the 8th of December 1987.", [("8th of December 1987", "1987-12-08")]),
    ("The parties met on the 3rd of March, 2019.", [("3rd of March, 2019", "2019-03-03")]),
    ("The ministers met on the 21st of May.", [("21st of May", "2025-05-21")]),
    ("Talks will open on the 1st of July.", [("1st of July", "2025-07-01")]),
])  # fmt: skip
def test_timex_ordinal_day_of_month(body: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(body, date(2025, 6, 11)) == expected


@pytest.mark.parametrize("body, expected", [
    ("The parties met in March and April.", [("March", "2025-03"), ("April", "2025-04")]),
    ("Talks ran from June to August.", [("June", "2025-06"), ("August", "2025-08")]),
    ("The vote fell in April or May.", [("April", "2025-04"), ("May", "2025-05")]),
    # no month before "and": no pair, and "May" stays a verb
    ("Russia and May agreed.", []),
    ("Officials said talks may resume, and May is likely.", []),
])  # fmt: skip
def test_timex_second_month_of_a_pair(body: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(body, date(2025, 9, 11)) == expected


@pytest.mark.parametrize("body, published, expected", [
    # what happens "ahead of", "in the run-up to" a happening, or what one hopes to have,
    # lies ahead even in a past report: the next such date
    ("The envoy spoke on Tuesday ahead of the accord's lapse on May 5.", date(2024, 4, 20),
     ("May 5", "2024-05-05")),
    ("Officials met in Oslo in the run-up to the review session on 2 March.", date(2025, 1, 10),
     ("2 March", "2025-03-02")),
    ("Both capitals hope to finish a draft by the end of June.", date(2025, 9, 1),
     ("the end of June", "2026-06")),
    # a deadline takes the tense of the verb before it, not of the report after a quote
    ("\"We are counting on a final text by the end of May,\" the minister said.",
     date(2025, 1, 10), ("the end of May", "2025-05")),
    # a deadline with no tensed verb lies ahead
    ("The protocol must be ratified by March 3.", date(2025, 6, 10), ("March 3", "2026-03-03")),
    # a participle after "be" is no past tense
    ("The accord will be signed on May 5.", date(2025, 6, 10), ("May 5", "2026-05-05")),
    # near misses: a past verb nearer the date, a deadline a past verb closes
    ("The envoys met ahead of the ballot, which took place on May 5.", date(2024, 6, 20),
     ("May 5", "2024-05-05")),
    ("By March 3, forty states had joined the ban.", date(2025, 6, 10), ("March 3", "2025-03-03")),
])  # fmt: skip
def test_timex_future_cues_point_a_month_day_ahead(
    body: str, published: date, expected: tuple[str, str]
) -> None:
    assert _dates(body, published)[-1] == expected


@pytest.mark.parametrize("body, expected", [
    # a dateline whose day is followed by a colon dates the report like one with a stop
    ("OSLO, March 3: Norway will host the talks.", ("March 3", "2025-03-03")),
    ("Geneva, 4 March: The envoys arrived late.", ("4 March", "2025-03-04")),
])  # fmt: skip
def test_timex_dateline_ending_in_a_colon(body: str, expected: tuple[str, str]) -> None:
    found = find_timexes(body, segment(body), date(2025, 3, 4))
    assert [(t.text, t.value) for t in found][:1] == [expected]
    assert found[0].dateline


def test_timex_a_day_then_a_clock_time_is_no_day() -> None:
    # near miss: "May 5:30" reads a clock time, not the fifth of May
    assert _dates("The vote closed on Friday at May 5:30 local time.", date(2025, 5, 9)) == [
        ("Friday", "2025-05-09")
    ]


@pytest.mark.parametrize("body, expected", [
    # "N units later/earlier" counts from the latest date before it in the same sentence
    ("The accord was signed in 1995 and took effect three years later.",
     [("1995", "1995"), ("three years later", "1998")]),
    ("Talks opened on 4 March 2021; two weeks later the sides met again.",
     [("4 March 2021", "2021-03-04"), ("two weeks later", "2021-03-18")]),
    ("The pact lapsed in May 2020, six months earlier than planned.",
     [("May 2020", "2020-05"), ("six months earlier", "2019-11")]),
    # near misses: no date before it in its sentence, or one coarser than the offset
    ("Ten years later, the pact collapsed.", []),
    ("The treaty was signed in 1992 and ratified six months later.", [("1992", "1992")]),
])  # fmt: skip
def test_timex_offset_counts_from_the_date_in_its_sentence(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert _dates(body, date(2025, 6, 10)) == expected
