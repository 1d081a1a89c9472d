"""Event dates (guidelines v2, "Events", `date`): the date the text attaches to the event
in its sentence or in a sentence right before or after about the same happening, as far
as the event's modality allows. Our own sentences."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.extract import extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article

PUBLISHED = date(2025, 3, 10)  # a Monday


def dated(lexicon: Lexicon, body: str, event_type: str) -> list[tuple[str, str | None]]:
    """(modality, date) of each event of one type."""
    found = extract(Article(body, published=PUBLISHED), lexicon)
    return [(e.modality, e.date) for e in found.events if e.type == event_type]


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        (
            "Kenya signed the Ottawa Convention. The ceremony was held on 4 March in Nairobi.",
            "signing",
            [("actual", "2025-03-04")],
        ),
        (
            "Russia withdrew from the Open Skies Treaty. The decision came on Friday amid tensions.",
            "withdrawal",
            [("actual", "2025-03-07")],
        ),
    ],
)
def test_event_dates_from_the_next_sentence_about_the_same_happening(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str, str | None]]
) -> None:
    assert dated(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    "body",
    [
        # Another happening, named on its own.
        "Kenya signed the Ottawa Convention. Uganda held elections on 4 March.",
        # The sentence after moves on in time.
        "Kenya signed the Ottawa Convention. The ceremony was later repeated on 4 March.",
        # A dateline dates the report, never the event.
        "MOSCOW, March 3 (Reuters) - Kenya signed the Ottawa Convention.",
    ],
)
def test_event_dates_none_from_another_happening(lexicon: Lexicon, body: str) -> None:
    assert dated(lexicon, body, "signing") == [("actual", None)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Russia's parliament met in a special session on Friday. It ratified the Ottawa "
            "Convention by a wide margin.",
            "2025-03-07",
        ),
        (
            "Lawmakers met in a special session on 2 March. They ratified the Ottawa "
            "Convention unanimously.",
            "2025-03-02",
        ),
        # The sentence opens with a name of its own: another happening.
        ("The museum reopened on Friday. Belarus ratified the Ottawa Convention.", None),
        (
            "Parliament met in a special session on 2 March. Belarus ratified the Ottawa Convention.",
            None,
        ),
    ],
)
def test_event_dates_from_the_sentence_before_only_when_it_goes_on(
    lexicon: Lexicon, body: str, expected: str | None
) -> None:
    assert dated(lexicon, body, "ratification") == [("actual", expected)]


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        (
            "Russia's parliament met on Friday. It will ratify the Ottawa Convention.",
            "ratification",
            [("planned", None)],
        ),
        (
            "Lawmakers debated the accord on 2 March. They plan to ratify the Ottawa Convention.",
            "ratification",
            [("planned", None)],
        ),
        # A date still to come may date a plan.
        (
            "The summit is set for 5 June. They will sign the Ottawa Convention there.",
            "signing",
            [("planned", "2025-06-05")],
        ),
    ],
)
def test_event_dates_plan_never_borrows_a_past_date(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str, str | None]]
) -> None:
    assert dated(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "New START was extended until 5 February 2026.",
            [("extension", None), ("expiry", "2026-02-05")],
        ),
        (
            "New START was extended in 2021 until 5 February 2026.",
            [("extension", "2021"), ("expiry", "2026-02-05")],
        ),
        (
            "The two sides honoured the limits until 1986 but never ratified the INF Treaty.",
            [("ratification", None)],
        ),
        # A date of its own stays the event's.
        (
            "Russia ratified the CTBT in 2000 and observed it until 2023.",
            [("ratification", "2000")],
        ),
    ],
)
def test_event_dates_until_date_dates_only_the_expiry(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str | None]]
) -> None:
    found = extract(Article(body, published=PUBLISHED), lexicon)
    assert [(e.type, e.date) for e in found.events] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Counted from the publication date alone: no date of the event.
        ("Russia suspended New START the day before.", [None]),
        ("Russia suspended New START the previous day.", [None]),
        # Counted from a date the text gives.
        (
            "The United States left the INF Treaty on 2 August 2019. Russia had suspended "
            "the treaty the day before.",
            ["2019-08-01"],
        ),
    ],
)
def test_event_dates_the_day_before_needs_a_date_in_the_text(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert [d for _, d in dated(lexicon, body, "suspension")] == expected


@pytest.mark.parametrize(
    ("body", "event_type"),
    [
        (
            "Russia and Belarus signed the Ottawa Convention in 2021. The two countries have "
            "ratified the Ottawa Convention.",
            "ratification",
        ),
        (
            "The envoys met in Oslo on 2 March. They have now signed the Ottawa Convention.",
            "signing",
        ),
    ],
)
def test_event_dates_present_perfect_borrows_no_date(
    lexicon: Lexicon, body: str, event_type: str
) -> None:
    assert dated(lexicon, body, event_type) == [("actual", None)]


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # a date in a parenthesis between commas is the parenthesis's own event's
        ("New START, signed in April 2010, was extended in 2021 until February 5, 2026.",
         "extension", [("actual", "2021")]),
        ("New START, signed in April 2010, was extended in 2021 until February 5, 2026.",
         "signing", [("actual", "2010-04")]),
        ("The INF Treaty, which Reagan signed in 1987, was suspended by Russia in 2019.",
         "suspension", [("actual", "2019")]),
        # near-miss: a date before a comma with no other event in between still dates it
        ("On Monday, Ruritania ratified the CTBT.", "ratification", [("actual", "2025-03-10")]),
    ],
)  # fmt: skip
def test_event_dates_a_comma_parts_a_date_from_the_main_clause(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str, str | None]]
) -> None:
    assert dated(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # the year a treaty was made never dates a later step on it
        ("The United States, which abandoned the 2015 nuclear deal in May 2018, objected.",
         "withdrawal", [("actual", "2018-05")]),
        ("Officials said the 1993 accord had lost its basis after Ruritania abandoned the "
         "INF Treaty.", "withdrawal", [("actual", None)]),
        # near-miss: it dates the treaty's making
        ("The 2015 deal was signed after two years of talks.", "signing", [("actual", "2015")]),
    ],
)  # fmt: skip
def test_event_dates_a_treatys_own_year_dates_only_its_making(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str, str | None]]
) -> None:
    assert dated(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # a participle phrase set off by commas dates its participle only
        ("The CFE Treaty, signed in Paris in 1990, ceased to be in force for Russia at midnight.",
         "withdrawal", [("actual", None)]),
        ("The CFE Treaty, ratified by Ruritania in 1992, ceased to apply to Ruritania.",
         "withdrawal", [("actual", None)]),
        # near-misses: the participle's own date; a date of the main verb after it
        ("The CFE Treaty, signed in Paris in 1990, ceased to be in force for Russia.",
         "signing", [("actual", "1990")]),
        ("New START, signed in 2010, was extended in 2021.", "extension", [("actual", "2021")]),
    ],
)  # fmt: skip
def test_event_dates_an_appositive_participles_date_is_its_own(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str, str | None]]
) -> None:
    assert dated(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # talks named as what filled a span of time take no date of the sentence
        ("The 2015 accord was concluded after two years of hard bargaining.",
         "negotiation", [("actual", None)]),
        ("The two leaders signed the treaty on Monday, capping seven years of negotiation.",
         "negotiation", [("actual", None)]),
        # near-miss: talks that began on a date
        ("The talks began in Geneva in November 2024.", "negotiation", [("actual", "2024-11")]),
    ],
)  # fmt: skip
def test_event_dates_a_span_of_talks_takes_no_date(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str, str | None]]
) -> None:
    assert dated(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # a relative clause's date after the trigger is the relative clause's own
        ("Ruritania signed the ATT on behalf of its government, which will submit it to "
         "parliament before the end of the year.", "signing", [("actual", None)]),
        ("Ruritania's envoy signed the CTBT, which his government hopes to see in force by "
         "2030.", "signing", [("actual", None)]),
        # near-miss: the trigger's own date before the relative clause
        ("Ruritania ratified the CTBT in 2000, which Freedonia never did.", "ratification",
         [("actual", "2000")]),
    ],
)  # fmt: skip
def test_event_dates_a_relative_clauses_date_is_its_own(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str, str | None]]
) -> None:
    assert dated(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        (
            "The core group held a signing ceremony on 4 March in Vienna. At the ceremony, "
            "Peru and Chile signed the Ottawa Convention.",
            "signing",
            [("actual", "2025-03-04")],
        ),
        (
            "Defence ministers gathered in Geneva for a two-day session on Friday. During the "
            "session, Chile ratified the Ottawa Convention.",
            "ratification",
            [("actual", "2025-03-07")],
        ),
        # near misses: the sentence before names another happening, or names the occasion
        # but the opener is a name of its own about another act
        (
            "The museum opened a new wing on 4 March. At the ceremony, Peru signed the Ottawa "
            "Convention.",
            "signing",
            [("actual", None)],
        ),
        (
            "The Senate rejected the Ottawa Convention last year. The Duma ratified the convention.",
            "ratification",
            [("actual", None)],
        ),
        # an offset from another happening: not the date of the sentence before
        (
            "The U.S. Senate rejected the Ottawa Convention last year. The ratification of the "
            "Ottawa Convention came a week after the Duma ratified the START II treaty.",
            "ratification",
            [("actual", None)],
        ),
    ],
)
def test_event_dates_at_the_occasion_the_sentence_before_dated(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str, str | None]]
) -> None:
    assert dated(lexicon, body, event_type) == expected
