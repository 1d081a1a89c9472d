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


def actors_of(x: Extraction, event_type: str) -> list[list[str]]:
    return [[key for key, _ in e.actors] for e in x.events if e.type == event_type]


@pytest.mark.parametrize(
    ("body", "event_type", "count"),
    [
        # a later mention naming fewer parties, all of them in the fact, restates it
        ("In December 2018 the United States and NATO accused Russia of violating the INF "
         "Treaty. According to Washington, the Russian missiles breach the treaty.",
         "violation_accusation", 1),
        ("Britain and France accused Iran of breaching the NPT on Monday. London said Tehran's "
         "enrichment violates the treaty.", "violation_accusation", 1),
        # a person a state's title names acts for that state
        ("U.S. President Joe Biden decided on Monday to pull out of the Open Skies Treaty. "
         "The United States' withdrawal from the treaty, Russia and Britain warned, would "
         "hurt Europe.", "withdrawal", 1),
        ("French President Emmanuel Macron suspended the CFE Treaty on Tuesday. France's "
         "suspension of the treaty, Britain and Germany said, was reckless.", "suspension", 1),
        # near misses: a party the fact does not name; another state's withdrawal
        ("In December 2018 the United States and NATO accused Russia of violating the INF "
         "Treaty. According to Beijing, the Russian missiles breach the treaty.",
         "violation_accusation", 2),
        ("U.S. President Joe Biden decided on Monday to pull out of the Open Skies Treaty. "
         "Russia's withdrawal from the treaty, Britain warned, would hurt Europe.",
         "withdrawal", 2),
    ],
)  # fmt: skip
def test_restated_parties_agree_by_subset_and_by_office(
    lexicon: Lexicon, body: str, event_type: str, count: int
) -> None:
    assert len(facts(run(lexicon, body), event_type)) == count


@pytest.mark.parametrize(
    ("body", "dates"),
    [
        # announcing one's own act as it happens dates the act: another fact
        ("Russia left the INF Treaty on August 2. On February 1, Russia announced it was "
         "starting its withdrawal from the treaty.", ["2024-08-02", "2025-02-01"]),
        ("The United States left the INF Treaty on August 2. On February 1, Washington "
         "declared the launch of its exit from the treaty.", ["2024-08-02", "2025-02-01"]),
        # near-miss: a report of one's act done before adds nothing
        ("Russia left the INF Treaty on August 2. On Friday, Russia said it had withdrawn "
         "from the treaty.", ["2024-08-02"]),
    ],
)  # fmt: skip
def test_restated_announcing_ones_own_act_dates_the_act(
    lexicon: Lexicon, body: str, dates: list[str]
) -> None:
    assert [d for _, d, _ in facts(run(lexicon, body), "withdrawal")] == dates


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a dated possessive mention of the fact is its dated mention
        ("The board voted for the resolution on Iran's nuclear program, diplomats said. "
         "Thursday's resolution asked the IAEA to report on Iran.",
         [("2025-03-06", "Thursday's resolution")]),
        ("Ruritania's parliament adopted a resolution on the nuclear pact. Friday's "
         "resolution urged Freedonia to stop its missile tests.",
         [("2025-03-07", "Friday's resolution")]),
        # near-miss: a dated possessive of another thing
        ("The board adopted a resolution on Iran's nuclear program. Thursday's meeting of "
         "the board ended early.", [(None, "The board adopted")]),
    ],
)  # fmt: skip
def test_restated_a_dated_possessive_mention_dates_the_fact(
    lexicon: Lexicon, body: str, expected: list[tuple[str | None, str]]
) -> None:
    found = facts(run(lexicon, body), "other")
    assert [(d, e[: len(x)]) for (_, d, e), (_, x) in zip(found, expected, strict=True)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the dated possessive names the one undated fact of its kind: it dates it
        ("The Duma's ratification of the CTBT drew praise abroad. Lawmakers hailed Friday's "
         "ratification as a historic step.", [("treaty/ctbt", "2025-03-07")]),
        # near-miss: a fact of that kind is stated for that day already; the other stays undated
        ("The Duma ratified the CTBT on Friday. Earlier, the Duma had ratified START II by a "
         "wide margin. Lawmakers hailed Friday's ratification as a moral victory.",
         [("treaty/ctbt", "2025-03-07"), ("treaty/start-ii", None)]),
    ],
)  # fmt: skip
def test_restated_a_dated_possessive_dates_no_other_fact_of_that_day(
    lexicon: Lexicon, body: str, expected: list[tuple[str | None, str | None]]
) -> None:
    found = [(t, d) for t, d, _ in facts(run(lexicon, body), "ratification")]
    assert found == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # another party's reaction in the next sentence lends the fact no actors
        ("Envoys of Norway and Iceland met in Oslo. Russia hailed the development on Friday.",
         "meeting_or_call", [["state/norway", "state/iceland"]]),
        ("Iran and Britain resumed their talks in Geneva. Russia welcomed the move, Sergei "
         "Lavrov said.", "negotiation", [["state/iran", "state/united-kingdom"]]),
        # a speaker reporting the stated step takes no part in it
        ("Russia suspended New START on Feb. 21, 2023. On Friday, Kremlin spokesman Dmitry "
         "Peskov said that Russia had suspended the treaty.", "suspension", [["state/russia"]]),
        ("Russia ratified New START on Jan. 26, 2011. Sergei Lavrov later told reporters in "
         "Geneva that Russia had ratified the treaty.", "ratification", [["state/russia"]]),
        # near-miss: a speaker of the party's own side announcing it takes part
        ("Kenya has ratified the TPNW. Kenyan Foreign Minister Jane Wambui announced the "
         "move on Friday in New York.", "ratification",
         [["new/person/jane-wambui", "state/kenya"]]),
    ],
)  # fmt: skip
def test_restated_a_reaction_in_the_next_sentence_adds_no_actors(
    lexicon: Lexicon, body: str, event_type: str, expected: list[list[str]]
) -> None:
    assert actors_of(run(lexicon, body), event_type) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a count of a narrowed class, or a count of a counted class, is a running tally
        ("The CTBT opened for signature in 1996. Just 9 of the 30 states with reactors on "
         "their soil have ratified.", []),
        ("The TPNW took effect in 2021. Nine states with nuclear arms have shunned it, and "
         "only two countries in Europe have ratified the pact.", []),
        # near-miss: a dated act by such a count is an event
        ("The TPNW took effect in 2021. Two countries in Europe ratified the pact on Friday.",
         [("treaty/tpnw", "2025-03-07")]),
    ],
)  # fmt: skip
def test_restated_a_tally_of_a_narrowed_class_is_no_event(
    lexicon: Lexicon, body: str, expected: list[tuple[str | None, str | None]]
) -> None:
    assert [(t, d) for t, d, _ in facts(run(lexicon, body), "ratification")] == expected


@pytest.mark.parametrize(
    ("body", "dates"),
    [
        # an act going on as the speaker speaks of it is dated by the speech: another fact
        ("Russia suspended the INF Treaty on Saturday. Secretary of State Mike Pompeo said on "
         "Friday that the United States was suspending its obligations under the treaty.",
         ["2025-03-08", "2025-03-07"]),
        ("Russia suspended New START on Feb. 21, 2023. On Friday, Washington said it was "
         "suspending its participation in the treaty as well.", ["2023-02-21", "2025-03-07"]),
        ("Freedonia suspended the CFE Treaty in 2007. On Friday, Ruritania's foreign minister "
         "said his country was now suspending the treaty too.", ["2007", "2025-03-07"]),
        # near-miss: a speaker reporting a step already stated adds nothing
        ("Russia suspended New START on Feb. 21, 2023. On Friday, Kremlin spokesman Dmitry "
         "Peskov said that Russia had suspended the treaty.", ["2023-02-21"]),
    ],
)  # fmt: skip
def test_restated_an_act_going_on_as_spoken_of_is_dated_by_the_speech(
    lexicon: Lexicon, body: str, dates: list[str]
) -> None:
    assert [d for _, d, _ in facts(run(lexicon, body), "suspension")] == dates
