"""Extraction, one phenomenon per test, on short sentences we wrote ourselves."""

from __future__ import annotations

import re
from datetime import date

import pytest
from treatykg.graph import kb
from treatykg.graph.store import open_store
from treatykg.ingest.extract import Extraction, extract, to_gold
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article
from treatykg.ingest.text import segment


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    with open_store(":memory:") as store:
        return kb.lexicon(store)


def run(lexicon: Lexicon, body: str, published: date | None = date(2025, 1, 24)) -> Extraction:
    return extract(Article(body, published=published), lexicon)


def dates(x: Extraction) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in x.timexes]


def events(x: Extraction) -> list[tuple[str, str, str | None]]:
    return [(e.type, e.modality, e.treaty) for e in x.events]


def speakers(x: Extraction) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in x.quotes]


def test_sentences_survive_abbreviations_and_newlines() -> None:
    body = "Sen. Ann Lee met U.S. envoys on Feb. 3. Talks went well\nA glued headline"
    assert [s.text(body) for s in segment(body)] == [
        "Sen. Ann Lee met U.S. envoys on Feb. 3.",
        "Talks went well",
        "A glued headline",
    ]


def test_sentence_offsets_point_into_the_body() -> None:
    body = "  First one.  Second one.\n\nThird."
    for sentence in segment(body):
        assert body[sentence.span.start : sentence.span.end] == sentence.text(body)
        assert not sentence.text(body).startswith(" ")


def test_metonym_links_capital_to_state_but_not_a_place(lexicon: Lexicon) -> None:
    x = run(lexicon, "Moscow said it would answer. The envoy was killed in Baghdad.")
    assert set(x.entities) == {"state/russia"}


def test_newspaper_named_after_a_city_is_not_the_state(lexicon: Lexicon) -> None:
    x = run(lexicon, "The Washington Post reported the plan on Friday.")
    assert "org/washington-post" in x.entities and "state/united-states" not in x.entities


def test_unknown_titled_person_becomes_unlinked_entity(lexicon: Lexicon) -> None:
    x = run(lexicon, "Ruritanian Deputy Defence Minister Olek Varga visited the base.")
    person = x.entities["new/person/olek-varga"]
    assert not person.linked and person.role == "Ruritanian Deputy Defence Minister"


def test_surname_and_role_noun_corefer(lexicon: Lexicon) -> None:
    x = run(lexicon, "Kremlin spokesman Dmitry Peskov spoke. Peskov smiled. The spokesman left.")
    linked = [(m.surface, m.entity_key) for m in x.mentions if m.entity_key.startswith("person/")]
    assert linked == [
        ("Dmitry Peskov", "person/dmitry-peskov"),
        ("Peskov", "person/dmitry-peskov"),
        ("The spokesman", "person/dmitry-peskov"),
    ]


def test_ambiguous_surname_follows_the_article(lexicon: Lexicon) -> None:
    x = run(lexicon, "Secretary of State Hillary Clinton arrived. Clinton spoke first.")
    assert {m.entity_key for m in x.mentions if m.surface == "Clinton"} == {
        "person/hillary-clinton"
    }


def test_weekday_in_past_report_is_on_or_before_publication(lexicon: Lexicon) -> None:
    # 2025-01-24 is a Friday: "on Friday" in a past-tense report is that same day.
    assert dates(run(lexicon, "The minister said on Friday that talks failed.")) == [
        ("Friday", "2025-01-24")
    ]


def test_weekday_in_future_clause_is_after_publication(lexicon: Lexicon) -> None:
    assert dates(run(lexicon, "The envoys will meet on Friday.")) == [("Friday", "2025-01-31")]


@pytest.mark.parametrize("text, value", [
    ("It expires on February 5 2026.", "2026-02-05"), ("It began on 5 February 2026.", "2026-02-05"),
    ("Talks began in 2023.", "2023"), ("He recalled the 1990s.", "199"), ("It ended last week.", "2025-W03"),
    ("They met this weekend.", "2025-W04-WE"), ("It started two years ago.", "2023"),
    ("It ended last month.", "2024-12"), ("They met on Feb. 5.", "2024-02-05"),
])  # fmt: skip
def test_dates_normalize_to_timex3(lexicon: Lexicon, text: str, value: str) -> None:
    assert [v for _, v in dates(run(lexicon, text))] == [value]


def test_relative_dates_stay_unresolved_without_publication_date(lexicon: Lexicon) -> None:
    x = run(lexicon, "Moscow suspended talks on Friday and again in 2023.", published=None)
    assert dates(x) == [("Friday", None), ("2023", "2023")]


def test_counts_are_not_years(lexicon: Lexicon) -> None:
    assert dates(run(lexicon, "Each side may keep 1550 warheads.")) == []


def test_suspension_with_treaty_and_date(lexicon: Lexicon) -> None:
    x = run(lexicon, "Russia suspended its participation in New START in 2023.")
    assert [(e.type, e.modality, e.treaty, e.date) for e in x.events] == [
        ("suspension", "actual", "treaty/new-start", "2023")
    ]


def test_negated_withdrawal_is_not_a_withdrawal(lexicon: Lexicon) -> None:
    x = run(lexicon, "Russia did not withdraw from the INF Treaty.")
    assert events(x) == [("withdrawal", "negated", "treaty/inf-treaty")]


def test_scheduled_expiry(lexicon: Lexicon) -> None:
    x = run(lexicon, "New START is due to run out on February 5 2026.")
    assert events(x) == [("expiry", "scheduled", "treaty/new-start")]


def test_treaty_noun_refers_to_the_last_named_treaty(lexicon: Lexicon) -> None:
    x = run(lexicon, "The CTBT was signed in 1996. Washington never ratified the treaty.")
    assert ("ratification", "negated", "treaty/ctbt") in events(x)


def test_one_event_per_treaty_in_a_list(lexicon: Lexicon) -> None:
    x = run(
        lexicon,
        "Washington has withdrawn from the INF Treaty, the Open Skies Treaty and the JCPOA.",
    )
    assert {t for _, _, t in events(x)} == {
        "treaty/inf-treaty",
        "treaty/open-skies-treaty",
        "treaty/jcpoa",
    }


def test_call_for_talks_absorbs_the_negotiation_reading(lexicon: Lexicon) -> None:
    x = run(lexicon, "Moscow wants to resume disarmament negotiations with Washington.")
    assert [e.type for e in x.events] == ["call_for_talks"]


def test_quote_then_attribution(lexicon: Lexicon) -> None:
    x = run(lexicon, "“We are ready,” Peskov said.")
    assert speakers(x) == [("person/dmitry-peskov", "We are ready,")]


def test_attribution_then_quote_with_straight_marks(lexicon: Lexicon) -> None:
    x = run(lexicon, 'Vladimir Putin told reporters: "The door is open."')
    assert speakers(x) == [("person/vladimir-putin", "The door is open.")]


def test_partial_quote_inside_indirect_speech(lexicon: Lexicon) -> None:
    x = run(lexicon, "Sergei Ryabkov stressed that the framework was “badly damaged,” and left.")
    assert speakers(x) == [("person/sergei-ryabkov", "badly damaged,")]


def test_pronoun_attribution_goes_to_the_subject(lexicon: Lexicon) -> None:
    x = run(lexicon, "Sergei Ryabkov said he had called Marco Rubio. “It went well,” he said.")
    assert speakers(x) == [("person/sergei-ryabkov", "It went well,")]


def test_split_quote_continues_with_the_same_speaker(lexicon: Lexicon) -> None:
    body = "“We are ready,” Peskov said. “The ball is in their court.”"
    assert [s for s, _ in speakers(run(lexicon, body))] == ["person/dmitry-peskov"] * 2


def test_scare_quotes_without_a_speaker_are_not_quotes(lexicon: Lexicon) -> None:
    assert run(lexicon, "The so-called “reset” faded by 2012.").quotes == ()


def test_gold_json_has_the_corpus_shape(lexicon: Lexicon) -> None:
    gold = to_gold(run(lexicon, "“We are ready,” Peskov said on Friday."))
    assert set(gold) >= {"published", "entities", "dates", "events", "quotes"}
    assert gold["quotes"] == [
        {"speaker": "Dmitry Peskov", "quote": "We are ready,", "date": "2025-01-24"}
    ]


def test_two_ratifications_with_their_own_dates(lexicon: Lexicon) -> None:
    x = run(
        lexicon,
        "The CTBT was approved by the Senate in 2001; Russia ratified the treaty last month.",
    )
    assert [(e.type, e.date) for e in x.events] == [
        ("ratification", "2001"),
        ("ratification", "2024-12"),
    ]


def test_backing_a_decision_to_withdraw_is_not_a_new_withdrawal(lexicon: Lexicon) -> None:
    x = run(lexicon, "NATO backs the decision to withdraw from the INF Treaty, the alliance said.")
    assert [e.type for e in x.events] == ["statement"]


def test_announcing_a_decision_to_withdraw_is_a_withdrawal(lexicon: Lexicon) -> None:
    x = run(lexicon, "Washington announced its decision to withdraw from the INF Treaty.")
    assert [e.type for e in x.events] == ["withdrawal"]


def test_a_headline_glued_into_the_body_reports_no_event(lexicon: Lexicon) -> None:
    x = run(lexicon, "Moscow ready to resume arms talks with Washington\nThe envoys met on Friday.")
    assert [e.type for e in x.events] == ["meeting_or_call"]


def test_talks_held_are_a_negotiation_talks_as_a_topic_are_not(lexicon: Lexicon) -> None:
    held = run(lexicon, "Russia held talks with China on Friday.")
    topic = run(
        lexicon, "The ball is in the court of Washington on nuclear arms talks, Peskov said."
    )
    assert "negotiation" in [e.type for e in held.events]
    assert "negotiation" not in [e.type for e in topic.events]


def test_undated_speech_takes_the_speakers_one_occasion(lexicon: Lexicon) -> None:
    body = ("Dmitry Peskov told reporters on Thursday that Moscow was ready. "
            "Peskov said Russia wants to resume talks on New START.")  # fmt: skip
    calls = [e for e in run(lexicon, body).events if e.type == "call_for_talks"]
    assert [(e.date, e.actors[0][0]) for e in calls] == [("2025-01-23", "person/dmitry-peskov")]


def test_a_small_letter_where_a_capital_was_wanted_leaves_other_readings() -> None:
    from treatykg.ingest.triggers import trigger_matches

    assert [m[0] for m in trigger_matches("They extended for five years.")] == ["extended for"]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?:the\s)?\d+s|[Nn]ext\s(?:week|May)|(?P<n>[0-3]?\d)\sof\sMay",
         "In the 1990s, next week and the 3 of May; Next May, 12 of May, nexts 5s."),
    ],
)  # fmt: skip
def test_text_opening_guard_keeps_every_match(pattern: str, text: str) -> None:
    from treatykg.ingest.text import opening_guard

    guard = opening_guard(pattern)
    assert guard is not None
    guarded = re.compile(r"(?<!\w)" + guard + f"(?:{pattern})")
    plain = re.compile(r"(?<!\w)" + f"(?:{pattern})")
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(plain.findall(text)) >= 6


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\b(?:keep|sign)\w*\s(?:it|the\streaty)|(?<!\w)(?:all|any)\sstates?\b",
         "KEEP it; \u212aeeps it, ſigned the treaty, SİGN it, sıgned it, Any States, all statesmen."),
    ],
)  # fmt: skip
def test_text_a_case_blind_guard_keeps_every_match(pattern: str, text: str) -> None:
    from treatykg.ingest.text import guarded

    plain = re.compile(pattern, re.IGNORECASE)
    assert guarded(pattern, re.IGNORECASE).pattern.startswith("(?=(?-i:")
    found = [m.span() for m in guarded(pattern, re.IGNORECASE).finditer(text)]
    assert found == [m.span() for m in plain.finditer(text)]
    assert len(found) >= 5


def test_washington_the_person_is_not_the_state(lexicon: Lexicon) -> None:
    x = run(lexicon, "Denzel Washington said the film was about New START.")
    assert "state/united-states" not in x.entities
    assert x.entities["new/person/denzel-washington"].type == "Person"


def test_a_capital_inside_a_treaty_name_is_the_treaty(lexicon: Lexicon) -> None:
    x = run(lexicon, "Both sides kept to the Moscow Treaty.")
    assert set(x.entities) == {"treaty/sort"}


def test_demonym_role_noun_finds_the_leader(lexicon: Lexicon) -> None:
    x = run(lexicon, "Vladimir Putin spoke first. The Russian leader then left.")
    assert [m.entity_key for m in x.mentions if m.how == "role"] == ["person/vladimir-putin"]


def test_quote_spanning_sentences_stays_one_quote(lexicon: Lexicon) -> None:
    x = run(lexicon, "“We talked. Nothing was agreed. We will meet again,” Peskov said.")
    assert speakers(x) == [
        ("person/dmitry-peskov", "We talked. Nothing was agreed. We will meet again,")
    ]


def test_indirect_speech_is_a_statement_with_its_content(lexicon: Lexicon) -> None:
    body = "Sergei Ryabkov said that the arms control framework had collapsed."
    (event,) = run(lexicon, body).events
    assert (event.type, event.actors[0][0]) == ("statement", "person/sergei-ryabkov")
    assert event.content is not None
    assert (
        body[event.content.start : event.content.end] == "the arms control framework had collapsed"
    )


@pytest.mark.parametrize("text, value", [
    ("Moscow has observed the limits since 2023.", "2023"),
    ("The cuts are due by 2026.", "2026"),
    ("They met ahead of the 2020 US presidential election.", "2020"),
])  # fmt: skip
def test_years_inside_phrases(lexicon: Lexicon, text: str, value: str) -> None:
    assert [(t.text, t.value) for t in run(lexicon, text).timexes] == [(value, value)]


def test_signing_a_law_is_not_signing_the_treaty(lexicon: Lexicon) -> None:
    x = run(lexicon, "Vladimir Putin signed a law suspending Russia's participation in New START.")
    assert [e.type for e in x.events] == ["suspension"]


@pytest.mark.parametrize("text, expected", [
    ("Last year, the Duma voted.", [("Last year", "2024")]),
    ("Two weeks ago, the envoys met.", [("Two weeks ago", "2025-W02")]),
    ("Yesterday the ministry replied.", [("Yesterday", "2025-01-23")]),
    ("Next month the talks resume.", [("Next month", "2025-02")]),
])  # fmt: skip
def test_relative_dates_opening_a_sentence(
    lexicon: Lexicon, text: str, expected: list[tuple[str, str]]
) -> None:
    assert dates(run(lexicon, text)) == expected


def test_planned_for_a_bare_month_day_looks_ahead(lexicon: Lexicon) -> None:
    assert dates(run(lexicon, "The vote is planned for March 24.")) == [("March 24", "2025-03-24")]


def test_dateline_dates_the_report_not_the_quote(lexicon: Lexicon) -> None:
    body = "GENEVA, January 24 - “We are ready,” Sergei Ryabkov said on Thursday."
    x = run(lexicon, body)
    assert [t.dateline for t in x.timexes] == [True, False]
    assert [q.date for q in x.quotes] == ["2025-01-23"]


def test_leader_role_noun_skips_officials_who_do_not_lead(lexicon: Lexicon) -> None:
    x = run(lexicon, "Kremlin spokesman Dmitry Peskov spoke. The Russian leader was absent.")
    assert [m for m in x.mentions if m.how == "role"] == []


def test_revoking_a_ratification_is_a_revoked_ratification(lexicon: Lexicon) -> None:
    x = run(lexicon, "Putin signed a law in 2023 revoking Russia's ratification of the CTBT.")
    assert events(x) == [("ratification", "revoked", "treaty/ctbt")]


def test_readiness_for_talks_is_a_proposal_not_talks_held(lexicon: Lexicon) -> None:
    x = run(lexicon, "Moscow is ready to hold consultations with Washington.")
    assert [(e.type, e.modality) for e in x.events] == [("call_for_talks", "actual")]
    x = run(lexicon, "Moscow is ready for a summit with Washington.")
    assert [(e.type, e.modality) for e in x.events] == [("meeting_or_call", "proposed")]


@pytest.mark.parametrize("text, value", [
    ("Washington suspended the INF Treaty in February 2019 and withdrew six months later.", "2019-08"),
    ("Moscow suspended New START on 21 February 2023 and withdrew from it a year later.", "2024"),
    ("Moscow suspended New START on 21 February 2023 and withdrew from it three days later.", "2023-02-24"),
    ("Moscow suspended New START in 2023 and withdrew from it six months later.", None),
    ("The INF Treaty ended on 2 August 2019, six months after Washington withdrew from it.", "2019-02"),
])  # fmt: skip
def test_event_dated_by_an_offset_from_another(
    lexicon: Lexicon, text: str, value: str | None
) -> None:
    x = run(lexicon, text)
    assert [e.date for e in x.events if e.type == "withdrawal"] == [value]


@pytest.mark.parametrize("text, value", [
    ("The Senate voted on Wednesday. The day after, the envoy left.", "2025-01-23"),
    ("Russia left the day after the US move on February 1, 2019.", "2019-02-02"),
    ("Russia left the day after the US move in February.", None),
])  # fmt: skip
def test_the_day_after_counts_from_its_anchor(
    lexicon: Lexicon, text: str, value: str | None
) -> None:
    x = run(lexicon, text)
    assert [t.value for t in x.timexes if t.text.lower().startswith("the day")] == [value]


@pytest.mark.parametrize("body, speaker", [
    ("Abbas Araghchi rejected the call by France, saying Tehran “will not bow.”", "person/abbas-araghchi"),
    ("Araghchi said Iran was ready to talk, but warned: “Pressure will not work.”", "person/abbas-araghchi"),
])  # fmt: skip
def test_participle_and_coordinated_speech_verbs_share_the_subject(
    lexicon: Lexicon, body: str, speaker: str
) -> None:
    assert [s for s, _ in speakers(run(lexicon, body))] == [speaker]


def test_a_missile_test_is_an_other_event(lexicon: Lexicon) -> None:
    x = run(lexicon, "North Korea test-fired a ballistic missile on Thursday.")
    assert [(e.type, e.date) for e in x.events] == [("other", "2025-01-23")]


def test_a_sentence_that_moves_on_does_not_borrow_the_date_before(lexicon: Lexicon) -> None:
    x = run(
        lexicon, "Russia ratified the CTBT in 2000. Moscow later accused Washington of cheating."
    )
    assert [(e.type, e.date) for e in x.events] == [
        ("ratification", "2000"), ("violation_accusation", None)
    ]  # fmt: skip


def test_talks_that_ended_without_agreement_failed(lexicon: Lexicon) -> None:
    x = run(lexicon, "The talks in Geneva ended without agreement last Friday.")
    assert [(e.type, e.modality, e.date) for e in x.events] == [
        ("negotiation", "failed", "2025-01-17")
    ]


def test_a_treaty_that_expires_in_a_month_looks_ahead(lexicon: Lexicon) -> None:
    x = run(lexicon, "Moscow will keep to the limits after New START expires in February.")
    assert dates(x) == [("February", "2025-02")]
    x = run(lexicon, "The limits lapsed in February.")
    assert dates(x) == [("February", "2024-02")]


def test_the_body_in_a_speakers_title_is_not_the_speaker(lexicon: Lexicon) -> None:
    x = run(lexicon, "“We are ready,” Kremlin spokesman Dmitry Peskov told reporters.")
    assert speakers(x) == [("person/dmitry-peskov", "We are ready,")]


def test_a_treaty_of_another_year_is_not_the_one_named_last(lexicon: Lexicon) -> None:
    body = "New START was signed in 2010. Iran said the 2015 nuclear agreement had ended."
    assert [(e.type, e.treaty) for e in run(lexicon, body).events] == [
        ("signing", "treaty/new-start"), ("statement", None)
    ]  # fmt: skip
    body = "New START was signed in 2010. Russia said the 2010 treaty had ended."
    assert [e.treaty for e in run(lexicon, body).events] == ["treaty/new-start"] * 2


def test_according_to_opening_a_sentence_names_the_speaker(lexicon: Lexicon) -> None:
    body = "Jens Stoltenberg spoke first. According to the Kremlin, “the talks are over.”"
    assert speakers(run(lexicon, body)) == [("org/kremlin", "the talks are over.")]


def test_rejecting_talks_is_a_negated_negotiation_not_dated_by_the_sentence_before(
    lexicon: Lexicon,
) -> None:
    body = "Trump spoke about arms control on Monday. Beijing has repeatedly rejected trilateral talks."
    assert [(e.type, e.modality, e.date) for e in run(lexicon, body).events][-1:] == [
        ("negotiation", "negated", None)
    ]


def test_suspending_its_participation_means_the_treaty_under_discussion(lexicon: Lexicon) -> None:
    body = (
        "New START expired on Thursday. The treaty had allowed inspections. They were halted "
        "in 2020. Russia suspended its participation in February 2023."
    )
    assert [(e.type, e.treaty, e.date) for e in run(lexicon, body).events][-1:] == [
        ("suspension", "treaty/new-start", "2023-02")
    ]


def test_a_lowercase_title_before_the_speakers_name(lexicon: Lexicon) -> None:
    body = "“We will not take part,” Chinese foreign ministry spokesman Lin Jian told reporters."
    assert speakers(run(lexicon, body)) == [("new/person/lin-jian", "We will not take part,")]


def test_a_month_with_next_year(lexicon: Lexicon) -> None:
    assert dates(run(lexicon, "New START is due to expire in February next year.")) == [
        ("February next year", "2026-02")
    ]


def test_a_treaty_that_runs_out_is_scheduled_to_even_in_a_conditional(lexicon: Lexicon) -> None:
    x = run(lexicon, "Moscow would keep to the limits until New START runs out in 2026.")
    assert [(e.type, e.modality, e.date) for e in x.events if e.type == "expiry"] == [
        ("expiry", "scheduled", "2026")
    ]


@pytest.mark.parametrize("body, people", [
    ("Olek Varga, who led the talks, left early.", ["Olek Varga"]),
    ("The treaty was negotiated by Olek Varga and Mira Tamm.", ["Olek Varga", "Mira Tamm"]),
    ("Olek Varga of the Arms Control Association disagreed.", ["Olek Varga"]),
    ("Visitors to Prague Castle, who came in numbers, saw the signing.", []),
])  # fmt: skip
def test_untitled_people_named_by_their_context(
    lexicon: Lexicon, body: str, people: list[str]
) -> None:
    found = run(lexicon, body).entities.values()
    assert [e.name for e in found if e.type == "Person"] == people


@pytest.mark.parametrize("body, found", [
    ("Clinton spoke at the Munich Security Conference.", ("Munich Security Conference", "Other")),
    ("Envoys met at the Hague Disarmament Conference.", ("Hague Disarmament Conference", "Other")),
    ("The Conference on Disarmament stalled again.", ("Conference on Disarmament", "Organization")),
])  # fmt: skip
def test_a_conference_is_an_occasion_a_conference_body_an_organization(
    lexicon: Lexicon, body: str, found: tuple[str, str]
) -> None:
    assert found in [(e.name, e.type) for e in run(lexicon, body).entities.values()]


def test_passive_extension(lexicon: Lexicon) -> None:
    x = run(lexicon, "The NPT entered into force in 1970 and was extended indefinitely in 1995.")
    assert [(e.type, e.date) for e in x.events] == [
        ("entry_into_force", "1970"),
        ("extension", "1995"),
    ]


def test_a_future_reported_in_speech_is_planned_not_hypothetical(lexicon: Lexicon) -> None:
    planned = run(lexicon, "Delegates said they would meet again in Vienna next year.")
    conditional = run(lexicon, "Delegates said they would meet again if Moscow agreed.")
    assert [e.modality for e in planned.events] == ["planned"]
    assert [e.modality for e in conditional.events] == ["hypothetical"]


def test_what_they_said_about_a_state_is_not_the_states_quote(lexicon: Lexicon) -> None:
    body = "In a joint statement, they said Russia “alone” had blocked the text."
    assert speakers(run(lexicon, body)) == []


def test_a_new_outlets_credit_in_the_dateline_is_no_entity(lexicon: Lexicon) -> None:
    body = "UNITED NATIONS (Sample Times) - The NPT review ended on Friday."
    assert "new/organization/sample-times" not in run(lexicon, body).entities


def test_three_part_name_and_its_appositive_speaker(lexicon: Lexicon) -> None:
    body = "Kim Yo Jong, the sister of leader Kim Jong Un, warned of “shocking” consequences."
    x = run(lexicon, body)
    assert "new/person/kim-yo-jong" in x.entities
    assert speakers(x) == [("new/person/kim-yo-jong", "shocking")]


def test_the_following_year_counts_from_the_story_not_the_report(lexicon: Lexicon) -> None:
    x = run(lexicon, "It tested in September 2017 and declared a moratorium the following year.")
    assert dates(x) == [("September 2017", "2017-09"), ("the following year", "2018")]


@pytest.mark.parametrize("body", [
    "North Korea launched an intercontinental ballistic missile on Wednesday.",
    "North Korea conducted its sixth and most recent nuclear test in 2017.",
])  # fmt: skip
def test_missile_launches_and_nuclear_tests_are_other_events(lexicon: Lexicon, body: str) -> None:
    assert [e.type for e in run(lexicon, body).events] == ["other"]


def test_leaving_with_no_object_leaves_the_treaty_under_discussion(lexicon: Lexicon) -> None:
    body = (
        "The Open Skies Treaty followed a similar path. Washington left it on November 22, "
        "2020; Moscow's own exit took effect on December 18, 2021."
    )
    assert [
        (e.type, e.treaty, e.date, [a for a, _ in e.actors]) for e in run(lexicon, body).events
    ] == [
        ("withdrawal", "treaty/open-skies-treaty", "2020-11-22", ["state/united-states"]),
        ("withdrawal", "treaty/open-skies-treaty", "2021-12-18", ["state/russia"]),
    ]


def test_an_offset_belongs_to_the_trigger_it_follows(lexicon: Lexicon) -> None:
    body = (
        "On February 1, 2019, Washington said it would suspend its obligations under the "
        "INF Treaty and withdraw in six months."
    )
    assert [(e.type, e.date) for e in run(lexicon, body).events] == [
        ("suspension", "2019-02-01"), ("withdrawal", "2019-08")
    ]  # fmt: skip


def test_entry_into_force_days_after_the_ratification_that_triggered_it(lexicon: Lexicon) -> None:
    body = "The TPNW entered into force on Friday, 90 days after Honduras became the 50th state to ratify it."
    assert [(e.type, e.date) for e in run(lexicon, body).events] == [
        ("entry_into_force", "2025-01-24"), ("ratification", "2024-10-26")
    ]  # fmt: skip


def test_none_of_them_signed_is_negated(lexicon: Lexicon) -> None:
    x = run(lexicon, "None of the nuclear-armed states has signed the TPNW.")
    assert events(x) == [("signing", "negated", "treaty/tpnw")]


def test_a_statement_borrows_a_date_only_from_its_own_occasion(lexicon: Lexicon) -> None:
    other = (
        "NATO criticized the TPNW in December. Jane Roe, who leads ICAN, said arms control matters."
    )
    same = "The Senate approved New START on Wednesday. Obama said after the vote that arms control matters."
    # guidelines v2: "criticized" is a speech act of NATO's own (dated December); Roe's
    # remark is another occasion and borrows nothing.
    assert [e.date for e in run(lexicon, other).events if e.type == "statement"] == [
        "2024-12",
        None,
    ]
    assert [e.date for e in run(lexicon, same).events if e.type == "statement"] == ["2025-01-22"]


@pytest.mark.parametrize("body, expected", [
    ("New START is the last treaty. Putin made the offer in September, saying Moscow would "
     "adhere to the limits if the U.S. did the same.", ("extension", "proposed")),
    # guidelines v2: saying one's side will keep observing limits offers an extension
    ("New START is the last treaty. Russia said it will continue to abide by the limits.",
     ("extension", "proposed")),
])  # fmt: skip
def test_keeping_to_the_limits_is_an_extension_only_as_an_offer(
    lexicon: Lexicon, body: str, expected: tuple[str, str]
) -> None:
    assert [(e.type, e.modality, e.treaty) for e in run(lexicon, body).events] == [
        (*expected, "treaty/new-start")
    ]


def test_a_quoted_remark_about_a_treaty_is_also_a_statement_about_it(lexicon: Lexicon) -> None:
    """So `who-said-what` finds it; a word like "so-called" inside the quote changes nothing."""
    body = "“This so-called deal is dead,” Sergei Ryabkov said of New START on Friday."
    assert [(e.type, e.treaty, e.actors[0][0]) for e in run(lexicon, body).events] == [
        ("statement", "treaty/new-start", "person/sergei-ryabkov")
    ]


@pytest.mark.parametrize("body, expected", [
    ("“We tried everything,” a former U.S. negotiator said.", []),
    ("“It failed,” its president, Argentine diplomat Olek Varga, told delegates.",
     [("new/person/olek-varga", "It failed,")]),
])  # fmt: skip
def test_speakers_behind_titles_and_unnamed_speakers(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert speakers(run(lexicon, body)) == expected


def test_a_scheduled_event_borrows_no_date_from_a_past_report(lexicon: Lexicon) -> None:
    body = "Suga spoke about the TPNW on Thursday. The first meeting of states parties is scheduled to take place within a year."
    assert [(e.type, e.modality, e.date) for e in run(lexicon, body).events][-1:] == [
        ("meeting_or_call", "scheduled", None)
    ]


def test_wanting_a_new_deal_is_a_call_for_talks_on_an_unnamed_treaty(lexicon: Lexicon) -> None:
    body = "New START expired. Trump had said in January that he would “like to see” a new deal with China."
    assert [(e.type, e.treaty) for e in run(lexicon, body).events][-1:] == [
        ("call_for_talks", None)
    ]


def test_a_statement_of_its_own_after_another_event(lexicon: Lexicon) -> None:
    body = "None of the nuclear-armed states has signed the TPNW, and NATO said in December that it was flawed."
    assert [(e.type, e.date) for e in run(lexicon, body).events][1:] == [("statement", "2024-12")]


def test_each_verb_of_a_coordination_keeps_its_own_date_and_modality(lexicon: Lexicon) -> None:
    x = run(lexicon, "Russia signed the CTBT in 1996 and ratified it in 2000.")
    assert [(e.type, e.date) for e in x.events] == [("ratification", "2000"), ("signing", "1996")]
    x = run(lexicon, "The United States signed the CTBT but never ratified it.")
    assert sorted((e.type, e.modality) for e in x.events) == [
        ("ratification", "negated"), ("signing", "actual")
    ]  # fmt: skip


def test_the_year_in_a_treaty_name_dates_no_event(lexicon: Lexicon) -> None:
    x = run(
        lexicon, "Bush gave notice on Thursday that the US will withdraw from the 1972 ABM Treaty."
    )
    assert [(e.type, e.date) for e in x.events] == [("withdrawal", "2025-01-23")]


@pytest.mark.parametrize("body, expected", [
    ("Talks to revive the JCPOA resumed in Vienna on Monday.", [("negotiation", "treaty/jcpoa")]),
    ("“Iran must be serious,” Mira Tamm said before the meeting.", []),
    ("The JCPOA was agreed in July 2015.", [("signing", "treaty/jcpoa")]),
    ("The JCPOA was agreed in 2015. President Trump abandoned it in 2018.",
     [("signing", "treaty/jcpoa"), ("withdrawal", "treaty/jcpoa")]),
])  # fmt: skip
def test_more_ways_news_reports_lifecycle_and_talks(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert [(e.type, e.treaty) for e in run(lexicon, body).events] == expected


def test_a_name_after_a_title_and_a_comma(lexicon: Lexicon) -> None:
    x = run(lexicon, "Iran's chief negotiator, Olek Varga Tamm, met European envoys.")
    assert "new/person/olek-varga-tamm" in x.entities


@pytest.mark.parametrize("body, expected", [
    ("Moscow is ready to discuss strategic stability with Washington, Lavrov said on Thursday.",
     [("call_for_talks", "actual", "2025-01-23")]),
    ("Lavrov spoke on Thursday. Earlier, Ryabkov said Moscow saw no grounds for a dialogue with Washington.",
     [("negotiation", "negated", None)]),
])  # fmt: skip
def test_readiness_to_discuss_and_no_grounds_for_talks(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert [(e.type, e.modality, e.date) for e in run(lexicon, body).events] == expected


def test_weapon_systems_in_the_plural_and_more_arms_control_bodies(lexicon: Lexicon) -> None:
    x = run(
        lexicon,
        "Launchers in Romania could fire Tomahawks, the Campaign for Nuclear Disarmament said.",
    )
    assert {"other/tomahawk", "org/cnd"} <= set(x.entities)


def test_a_relative_clause_lends_no_modality_and_a_hedged_offset_no_date(lexicon: Lexicon) -> None:
    body = (
        "The Pentagon said on Monday it had tested a missile that would have been banned by "
        "the INF Treaty, less than three weeks after the United States withdrew from the pact."
    )
    assert [(e.type, e.modality, e.date) for e in run(lexicon, body).events] == [
        ("other", "actual", "2025-01-20"), ("withdrawal", "actual", None)
    ]  # fmt: skip


def test_a_bare_quote_goes_on_with_the_quote_before_it(lexicon: Lexicon) -> None:
    body = (
        "Trump spoke on Wednesday. “We'd like to denuclearize,” he told reporters in the Oval "
        "Office. “It would be great if China joined.”"
    )
    assert [s for s, _ in speakers(run(lexicon, body))] == ["person/donald-trump"] * 2


def test_an_invitation_to_visit_is_a_proposed_meeting(lexicon: Lexicon) -> None:
    x = run(lexicon, "Putin invited Trump to visit Moscow, spokesman Dmitry Peskov said.")
    assert [(e.type, e.modality) for e in x.events] == [("meeting_or_call", "proposed")]


@pytest.mark.parametrize("body, people, bodies", [
    ("Olek Varga, director of the Nuclear Information Project at the Arms Control Association, spoke.",
     ["Olek Varga"], []),
    ("The Stimson Center's Mira Tamm disagreed.", ["Mira Tamm"], []),
    ("Both the U.S. Strategic Command and Russia's Strategic Missile Forces declined to comment.",
     [], ["U.S. Strategic Command", "Strategic Missile Forces"]),
])  # fmt: skip
def test_names_of_things_are_not_people_and_bodies_keep_their_own_names(
    lexicon: Lexicon, body: str, people: list[str], bodies: list[str]
) -> None:
    found = run(lexicon, body).entities.values()
    assert [e.name for e in found if e.type == "Person"] == people
    assert [e.name for e in found if e.type == "Organization" and not e.linked] == bodies


def test_wire_style_attributions_reach_the_named_official(lexicon: Lexicon) -> None:
    body = (
        "Russian Deputy Foreign Minister Sergey Ryabkov spoke on Wednesday. “We are watching,” "
        "the diplomat said. According to him, Moscow “will respond in kind.” The deputy "
        "minister also noted that New START “remains frozen.” He pointed out that Washington "
        "had not answered."
    )
    x = run(lexicon, body)
    assert {s for s, _ in speakers(x)} == {"person/sergei-ryabkov"} and len(x.quotes) == 3
    assert [e.actors[0][0] for e in x.events if e.type == "statement"][
        -1
    ] == "person/sergei-ryabkov"


def test_a_call_for_talks_is_dated_by_its_own_occasion(lexicon: Lexicon) -> None:
    body = (
        "The US left the JCPOA in May 2018. Abbas Araghchi said Iran remained ready to negotiate."
    )
    assert [(e.type, e.date) for e in run(lexicon, body).events][-1:] == [("call_for_talks", None)]


@pytest.mark.parametrize("body, expected", [
    ("The United States has destroyed the last of its declared chemical weapons, meeting a "
     "deadline set under the Chemical Weapons Convention.", ["other"]),
    ("Putin met Trump in Helsinki.", ["meeting_or_call"]),
])  # fmt: skip
def test_meeting_a_deadline_meets_no_one(lexicon: Lexicon, body: str, expected: list[str]) -> None:
    assert [e.type for e in run(lexicon, body).events] == expected


def test_the_senate_is_the_kb_body_named_senate(lexicon: Lexicon) -> None:
    x = run(lexicon, "The Senate voted 71-26 on Wednesday to approve New START.")
    assert "org/us-senate" in x.entities
    assert (
        "org/russian-security-council"
        not in run(lexicon, "The Russia-Ukraine war goes on.").entities
    )


def test_inspections_that_lapsed_are_no_treaty_expiring(lexicon: Lexicon) -> None:
    x = run(lexicon, "New START restores on-site inspections that lapsed a year ago.")
    assert [e.type for e in x.events] == []


def test_approving_it_is_a_planned_ratification_and_notes_are_no_speech(lexicon: Lexicon) -> None:
    body = (
        "Putin and Biden agreed to extend New START. Russia's parliament is expected to approve "
        "it on Monday, and the exchange of diplomatic notes could follow."
    )
    assert [(e.type, e.modality) for e in run(lexicon, body).events][-1:] == [
        ("ratification", "planned")
    ]


def test_a_date_still_to_come_dates_nothing_that_happened(lexicon: Lexicon) -> None:
    body = (
        "The extension keeps limits until February 5, 2026. The Trump administration had "
        "sought to link the extension of New START to China."
    )
    assert [e.date for e in run(lexicon, body, published=date(2021, 1, 27)).events][-1:] == [None]


def test_family_name_first_leaders_and_counted_tests(lexicon: Lexicon) -> None:
    body = (
        "North Korean leader Kim Jong Un spoke on Thursday. Kim said the country would never "
        "give up its nuclear weapons. North Korea has conducted six nuclear tests since 2006."
    )
    x = run(lexicon, body)
    assert [m.surface for m in x.mentions if m.entity_key == "person/kim-jong-un"] == [
        "Kim Jong Un",
        "Kim",
    ]
    assert [(e.type, e.date) for e in x.events][-1:] == [("other", "2006")]
