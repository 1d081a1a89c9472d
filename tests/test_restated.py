"""Restated facts (guidelines v2, "Events"): one event per fact, kept at the mention that
tells the most; another type, treaty or party is another fact. Our own sentences."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.extract import Extraction, extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article

PUBLISHED = date(2025, 3, 10)  # a Monday


def run(lexicon: Lexicon, body: str) -> Extraction:
    return extract(Article(body, published=PUBLISHED), lexicon)


def facts(x: Extraction, event_type: str) -> list[tuple[str | None, str | None, str]]:
    """(treaty, date, evidence) of each event of one type."""
    body = x.article.body
    return [
        (e.treaty, e.date, body[e.sentence.start : e.sentence.end])
        for e in x.events
        if e.type == event_type
    ]


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # A definite later mention by a body of the same state.
        (
            "Russia ratified a new naval arms accord with Norway on Friday. "
            "Deputies in the State Duma approved the treaty by 400 votes to 12.",
            "ratification",
            [
                (
                    None,
                    "2025-03-07",
                    "Russia ratified a new naval arms accord with Norway on Friday.",
                )
            ],
        ),
        # A definite nominal: "the meeting".
        (
            "Russian and American envoys held a meeting in Geneva on Monday. "
            "The meeting ended without a deal on warheads.",
            "meeting_or_call",
            [
                (
                    None,
                    "2025-03-10",
                    "Russian and American envoys held a meeting in Geneva on Monday.",
                )
            ],
        ),
        # The same named treaty, restated as a nominal.
        (
            "Russia suspended New START on Feb. 21, 2023. "
            "Russia's suspension of New START froze all inspections.",
            "suspension",
            [("treaty/new-start", "2023-02-21", "Russia suspended New START on Feb. 21, 2023.")],
        ),
        # Inside a quotation: the speaker speaks for their side.
        (
            'Russia ratified New START on Jan. 26, 2011. "We have ratified the treaty," '
            "Sergei Lavrov said.",
            "ratification",
            [("treaty/new-start", "2011-01-26", "Russia ratified New START on Jan. 26, 2011.")],
        ),
        # A possessive noun presupposes the fact; "would hurt" is not its modality.
        (
            "Russia withdrew from the Open Skies Treaty on 18 December 2021. Analysts said "
            "Russia's withdrawal from the Open Skies Treaty would hurt European security.",
            "withdrawal",
            [
                (
                    "treaty/open-skies-treaty",
                    "2021-12-18",
                    "Russia withdrew from the Open Skies Treaty on 18 December 2021.",
                )
            ],
        ),
    ],
)
def test_restated_later_mention_adds_no_event(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str | None, str | None, str]]
) -> None:
    assert facts(run(lexicon, body), event_type) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        (
            "New START is set to expire on Feb. 5, 2026. Moscow said it would keep to the "
            "treaty's caps for a year after its expiration.",
            "expiry",
            [("treaty/new-start", "2026-02-05", "New START is set to expire on Feb. 5, 2026.")],
        ),
        (
            "Ghana and Togo signed a border arms accord on 3 May 2019. After signing the "
            "agreement, the two presidents posed for photographs.",
            "signing",
            [(None, "2019-05-03", "Ghana and Togo signed a border arms accord on 3 May 2019.")],
        ),
    ],
)
def test_restated_fact_named_as_time_anchor_adds_no_event(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str | None, str | None, str]]
) -> None:
    assert facts(run(lexicon, body), event_type) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Kenya has ratified the TPNW. Foreign Minister Jane Wambui announced the move on "
        "Friday in New York.",
        "Kenya has ratified the TPNW. The foreign ministry confirmed the decision on Friday.",
    ],
)
def test_restated_fact_kept_at_its_dated_announcement(lexicon: Lexicon, body: str) -> None:
    x = run(lexicon, body)
    second = body.split(". ", 1)[1]
    assert facts(x, "ratification") == [("treaty/tpnw", "2025-03-07", second)]
    assert "state/kenya" in dict(x.events[0].actors)
    assert facts(x, "statement") == []


@pytest.mark.parametrize(
    "body",
    [
        "Russia suspended New START on Feb. 21, 2023. On Friday, Kremlin spokesman Dmitry "
        "Peskov said that Russia had suspended the treaty.",
        "Russia suspended New START on Feb. 21, 2023. Kremlin spokesman Dmitry Peskov "
        "announced on Friday that Moscow had suspended New START.",
    ],
)
def test_restated_speaker_reporting_a_stated_step_adds_nothing(lexicon: Lexicon, body: str) -> None:
    x = run(lexicon, body)
    first = "Russia suspended New START on Feb. 21, 2023."
    assert facts(x, "suspension") == [("treaty/new-start", "2023-02-21", first)]


@pytest.mark.parametrize(
    "body",
    [
        "A total of 120 countries have now ratified the TPNW.",
        "Only nine states have yet to sign the Ottawa Convention.",
    ],
)
def test_restated_running_tally_is_no_event(lexicon: Lexicon, body: str) -> None:
    assert run(lexicon, body).events == ()


@pytest.mark.parametrize(
    ("body", "event_type", "dates"),
    [
        # A dated act by a count of states is an event.
        ("42 states signed the TPNW on Wednesday.", "signing", ["2025-03-05"]),
        ("So far 42 countries have signed the TPNW since Monday.", "signing", ["2025-03-10"]),
        # Another party is another fact.
        (
            "Russia suspended New START on Feb. 21, 2023. "
            "The United States suspended New START on June 1, 2023.",
            "suspension",
            ["2023-02-21", "2023-06-01"],
        ),
        # A speaker reporting another party's step.
        (
            "Russia suspended New START on Feb. 21, 2023. Peskov said on Friday that the "
            "United States had suspended New START too.",
            "suspension",
            ["2023-02-21", "2025-03-07"],
        ),
        # A quotation naming another party.
        (
            'Russia ratified New START on Jan. 26, 2011. "Belarus has ratified the treaty '
            'too," Sergei Lavrov said.',
            "ratification",
            ["2011-01-26", None],
        ),
        # An indefinite later mention is a new fact.
        (
            "Ghana signed a border accord with Togo. Ghana signed a missile pact with Benin.",
            "signing",
            [None, None],
        ),
        # Another date is another fact.
        (
            "Envoys held a meeting in Geneva on Monday. The envoys held a meeting in Vienna "
            "on 3 February.",
            "meeting_or_call",
            ["2025-03-10", "2025-02-03"],
        ),
    ],
)
def test_restated_near_misses_stay_apart(
    lexicon: Lexicon, body: str, event_type: str, dates: list[str | None]
) -> None:
    assert [d for _, d, _ in facts(run(lexicon, body), event_type)] == dates


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a quantifier over a counted class is a running tally, a date in another clause
        # notwithstanding
        ("The TPNW took effect in 2021. None of the nine nuclear-armed states has joined the "
         "pact, and NATO said last month that it was useless.", []),
        ("The TPNW took effect in 2021. All of the five permanent members have shunned it, "
         "and none of the nine states has joined it.", []),
        # near-miss: a dated act by a count of states is an event
        ("The TPNW took effect in 2021. None of the nine states joined the pact on Friday.",
         [("treaty/tpnw", "2025-03-07")]),
    ],
)  # fmt: skip
def test_restated_a_quantified_tally_is_no_event(
    lexicon: Lexicon, body: str, expected: list[tuple[str | None, str | None]]
) -> None:
    assert [(t, d) for t, d, _ in facts(run(lexicon, body), "ratification")] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a description the next sentence names on the same date: one fact, at the first
        ("The last treaty capping the two arsenals lapsed on Thursday. New START, signed in "
         "April 2010, expired at midnight on March 6.",
         [("treaty/new-start", "2025-03-06", "The last treaty")]),
        ("The only pact limiting their missiles expired on 2 March. The INF Treaty expired "
         "on 2 March after six months' notice.",
         [("treaty/inf-treaty", "2025-03-02", "The only pact")]),
        # near-miss: another date is another fact
        ("The only pact limiting their missiles expired on 2 March. The INF Treaty expired "
         "in 2019.",
         [(None, "2025-03-02", "The only pact"), ("treaty/inf-treaty", "2019", "The INF")]),
    ],
)  # fmt: skip
def test_restated_a_description_named_in_the_next_sentence(
    lexicon: Lexicon, body: str, expected: list[tuple[str | None, str | None, str]]
) -> None:
    found = facts(run(lexicon, body), "expiry")
    assert [
        (t, d, e[: len(x)]) for (t, d, e), (_, _, x) in zip(found, expected, strict=True)
    ] == expected
    assert len(found) == len(expected)


@pytest.mark.parametrize(
    "body",
    [
        "Estonia notified the UN of its withdrawal from the Ottawa Convention on Friday. "
        "The parliament approved leaving the treaty earlier this year.",
        "Latvia gave notice of withdrawal from the Ottawa Convention in June. Its "
        "parliament voted for withdrawing from the convention in 2025.",
    ],
)
def test_restated_a_legislatures_vote_is_not_the_notice(lexicon: Lexicon, body: str) -> None:
    # guidelines v2: each legislative step is its own event, not a restated notice
    assert len(facts(run(lexicon, body), "withdrawal")) == 2
