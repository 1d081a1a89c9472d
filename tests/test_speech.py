"""Speech as events (guidelines v2): one event per named speaker per occasion, typed by what
the speech act does, dated by its frame; on sentences we wrote ourselves."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.extract import Extraction, extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article


def run(lexicon: Lexicon, body: str) -> Extraction:
    return extract(Article(body, published=date(2025, 1, 24)), lexicon)


def types(x: Extraction) -> list[str]:
    return [e.type for e in x.events]


def typed(x: Extraction) -> list[tuple[str, str, str | None]]:
    return [(e.type, e.modality, e.date) for e in x.events]


@pytest.mark.parametrize(
    "body",
    [
        "Putin said on Monday the nuclear treaty was dead. He added that the pact could not be saved.",
        'Peskov said on Monday that the arms accord mattered. "The nuclear pact is alive," '
        "Peskov told reporters.",
        "Ryabkov said on Monday that the missile treaty was doomed. Ryabkov also stressed "
        "that nuclear arsenals were growing.",
    ],
)
def test_speech_one_statement_per_speaker_per_occasion(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == ["statement"]


def test_speech_a_new_date_is_a_new_occasion(lexicon: Lexicon) -> None:
    body = "Putin said on Monday the nuclear treaty was dead. On Friday, Putin said arms cuts could wait."
    assert types(run(lexicon, body)) == ["statement", "statement"]


@pytest.mark.parametrize(
    "body",
    [
        "Officials say the nuclear accord is fragile.",
        "Russian lawmakers said the arms treaty was dead.",
        "While the remaining parties said they backed the nuclear deal, Russia left.",
        "Despite Russia's objection, the draft resolution underscored the value of the arms treaty.",
        "The report said Russia was adding warheads.",
    ],
)
def test_speech_unnamed_speakers_and_documents_give_no_event(lexicon: Lexicon, body: str) -> None:
    assert "statement" not in types(run(lexicon, body))


@pytest.mark.parametrize(
    "body",
    [
        "Putin has repeatedly stressed that nuclear weapons are a last resort.",
        "Moscow has long said the missile treaty is outdated.",
    ],
)
def test_speech_habitual_speech_gives_no_event(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == []


@pytest.mark.parametrize(
    "body",
    [
        "Ryabkov said the arms treaty was dead.",
        "Putin stressed that nuclear weapons are a last resort.",
        "Russian envoy Ryabkov said the nuclear deal was fragile.",
    ],
)
def test_speech_named_speaker_on_arms_gives_a_statement(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == ["statement"]


@pytest.mark.parametrize(
    "body",
    [
        "Russia suspended New START in 2023. Peskov said oil prices would fall.",
        "Putin said a ceasefire deal was near.",
    ],
)
def test_speech_remarks_on_another_subject_give_no_event(lexicon: Lexicon, body: str) -> None:
    assert "statement" not in types(run(lexicon, body))


@pytest.mark.parametrize(
    "body",
    [
        "Putin urged the Duma to ratify New START.",
        "Trump pressed the senators to approve the New START treaty.",
        "Peskov asked parliament to ratify New START quickly.",
    ],
)
def test_speech_directive_verbs_make_the_urged_step_no_event(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == ["statement"]


def test_speech_a_step_after_the_urging_still_happened(lexicon: Lexicon) -> None:
    x = run(lexicon, "The Duma ratified New START after Putin urged it.")
    assert "ratification" in types(x)


@pytest.mark.parametrize(
    ("body", "modality"),
    [
        ("Moscow announced that production of the missiles would resume.", "planned"),
        ("Putin threatened that Russia would deploy new nuclear missiles.", "hypothetical"),
        ("Washington vowed to station long-range missiles in Germany.", "planned"),
    ],
)
def test_speech_announcing_own_act_is_that_act(lexicon: Lexicon, body: str, modality: str) -> None:
    assert [(e.type, e.modality) for e in run(lexicon, body).events] == [("other", modality)]


def test_speech_announcing_a_stated_step_adds_nothing(lexicon: Lexicon) -> None:
    body = "Russia suspended New START on Tuesday. Putin announced the move in a televised speech."
    assert types(run(lexicon, body)) == ["suspension"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "On Tuesday, Ryabkov said that the two nuclear envoys met on January 13.",
            [("statement", "actual", "2025-01-21"), ("meeting_or_call", "actual", "2025-01-13")],
        ),
        (
            "Ryabkov told reporters on Friday that nuclear negotiations with Washington took "
            "place on January 6.",
            [("negotiation", "actual", "2025-01-06"), ("statement", "actual", "2025-01-24")],
        ),
    ],
)
def test_speech_frame_date_dates_the_speech_and_inner_date_the_fact(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert sorted(typed(run(lexicon, body))) == sorted(expected)


@pytest.mark.parametrize(
    "body",
    [
        "Moscow said it would go on keeping to the limits of New START.",
        "Putin said Moscow would keep observing the limits of New START.",
    ],
)
def test_speech_saying_one_keeps_to_limits_proposes_an_extension(
    lexicon: Lexicon, body: str
) -> None:
    assert [(e.type, e.modality) for e in run(lexicon, body).events] == [("extension", "proposed")]


def test_speech_keeping_to_limits_unsaid_is_no_extension(lexicon: Lexicon) -> None:
    assert "extension" not in types(run(lexicon, "Russia abides by the limits of New START."))


@pytest.mark.parametrize(
    "body",
    [
        "Biden said on Tuesday he wanted to meet Putin about the nuclear arsenals.",
        "Putin said he was ready to meet Trump soon about nuclear arms control.",
    ],
)
def test_speech_a_wish_to_meet_is_a_call_for_talks(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == ["call_for_talks"]


def test_speech_someone_elses_readiness_stays_a_meeting(lexicon: Lexicon) -> None:
    x = run(lexicon, "Peskov said Putin was ready to hold a phone call with Trump on nuclear arms.")
    assert "meeting_or_call" in types(x)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Russian Deputy Foreign Minister Ivan Petrov said that Washington would quit New START.",
            ["statement", "withdrawal"],
        ),
        (
            "US Assistant Secretary of State Jane Roe said that Moscow had suspended New START.",
            ["statement", "suspension"],
        ),
        ("Russia said that Washington would quit New START.", ["statement", "withdrawal"]),
        (
            "Russian Deputy Foreign Minister Sergei Ryabkov said that Moscow would quit New START.",
            ["withdrawal"],
        ),
        ("Russia said that Moscow would quit New START.", ["withdrawal"]),
        ("Washington quit New START on Monday, Russia said.", ["statement", "withdrawal"]),
    ],
)
def test_speech_another_sides_act_is_reported_beside_the_statement(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    assert sorted(types(run(lexicon, body))) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Iran agreed, after Russia's proposal that it ship out its enriched uranium.",
            [("other", "proposed")],
        ),
        (
            "Washington's announcement that it would station new missiles in Europe angered Moscow.",
            [("other", "planned")],
        ),
        ("Russia's proposal that the grain corridor reopen was welcomed in Kyiv.", []),
    ],
)
def test_speech_an_owned_speech_noun_announces_its_act(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert [(e.type, e.modality) for e in run(lexicon, body).events] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Putin, speaking to party members, said the arms treaty was dead.", ["statement"]),
        ("Ryabkov, who has long opposed the pact, said the nuclear deal was dead.", ["statement"]),
        ("According to senior officials, the arms treaty is dead.", []),
        ("According to Ryabkov, the arms treaty is dead.", ["statement"]),
    ],
)
def test_speech_the_subject_is_the_name_not_its_appositive(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    assert types(run(lexicon, body)) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Officials said Russia warned that New START could collapse.",
        "Diplomats say Putin insisted that the arms treaty was dead.",
    ],
)
def test_speech_a_named_frame_inside_an_unnamed_one_is_a_statement(
    lexicon: Lexicon, body: str
) -> None:
    assert types(run(lexicon, body)) == ["statement"]


def test_speech_a_remark_at_the_occasion_before_concerns_its_treaty(lexicon: Lexicon) -> None:
    body = (
        "Moscow and Washington signed New START on Thursday. "
        '"We took a step that makes us safer," Putin told reporters after the ceremony.'
    )
    assert [(e.type, e.treaty) for e in run(lexicon, body).events][-1] == (
        "statement",
        "treaty/new-start",
    )


# Speech acts by class (speech.toml: evaluative, commissive, assertive): any of their
# forms but the bare lemma reports speech, and the speaker is found as for "said".
@pytest.mark.parametrize(
    "body",
    [
        "Jane Roe hailed the nuclear treaty as historic.",
        "Jane Roe dismissed the missile charge as fabricated.",
        "Jane Roe condemned the arms deal on Monday.",
        "Jane Roe reiterated that the arms treaty still mattered.",
        "Jane Roe insisted that the missile pact was alive.",
        "Jane Roe acknowledged that the nuclear deal was failing.",
    ],
)
def test_speech_acts_of_every_class_give_a_statement(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == ["statement"]


@pytest.mark.parametrize(
    "body",
    [
        "The nuclear deal was widely criticized in Tehran.",
        "The arms treaty has been praised by many.",
    ],
)
def test_speech_a_passive_act_names_no_speaker(lexicon: Lexicon, body: str) -> None:
    assert "statement" not in types(run(lexicon, body))


# A reaction to a step the article reports is about that step, so about arms control
# (guidelines v2), with no treaty unless one is named or referred to.
@pytest.mark.parametrize(
    "body",
    [
        "Jane Roe welcomed the decision.",
        "Jane Roe said the move had not been taken lightly.",
        "Jane Roe said Budapest had received Moscow's notice with regret.",
        'Jane Roe said: "We are worried. The missile treaty is dead."',
    ],
)
def test_speech_a_reaction_to_a_step_is_about_arms(lexicon: Lexicon, body: str) -> None:
    assert [(e.type, e.treaty) for e in run(lexicon, body).events] == [("statement", None)]


@pytest.mark.parametrize(
    "body",
    [
        "Jane Roe welcomed the guests.",
        "Jane Roe said the weather had been fine.",
        "Jane Roe said the proposal that the grain corridor reopen was fair.",
    ],
)
def test_speech_a_reaction_to_no_step_is_no_event(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == []


# "..., the government said": a governing body speaks for the state the sentence names,
# so announcing that state's own step is that step, with no statement beside it.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Benin has become the newest state to ratify the nuclear ban treaty, handing its "
         "instrument to the United Nations this week, the government said on Monday.",
         ["ratification"]),
        ("Kenya signed the arms pact in talks hosted by the United Nations, the foreign "
         "ministry said on Friday.", ["signing"]),
        ("Kenya signed the arms pact, Jane Roe of Ghana said on Friday.", ["signing", "statement"]),
    ],
)  # fmt: skip
def test_speech_a_governing_body_speaks_for_its_state(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    assert sorted(types(run(lexicon, body))) == expected


# One speaker under several names is one occasion: a state's ministry speaks for it.
@pytest.mark.parametrize(
    "body",
    [
        "Russia said on Monday that the missile treaty was dead. The Russian Foreign Ministry "
        "added that nuclear arms talks were over.",
        "Moscow said that the missile treaty was dead. The Russian Foreign Ministry stated "
        "that nuclear arms talks were over.",
    ],
)
def test_speech_a_ministry_continues_its_states_occasion(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == ["statement"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Moscow's remark gave no statement (it announced its own act), yet it is the
        # occasion the ministry's next sentence continues.
        ("Russia is ending its missile moratorium, Moscow said on Monday. The Russian Foreign "
         "Ministry stated that nuclear forces were ready.", ["other"]),
        ("Russia is ending its missile moratorium, Moscow said on Monday. Jane Roe stated "
         "that nuclear forces were ready.", ["other", "statement"]),
    ],
)  # fmt: skip
def test_speech_a_remark_without_an_event_still_opens_its_occasion(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    assert types(run(lexicon, body)) == expected


# A report of the speaker's own side's plan announces that act: other, planned.
@pytest.mark.parametrize(
    "body",
    [
        "Jane Roe said on Monday that Norway intends to build a landmine plant.",
        "Lithuania plans to start producing landmines, Deputy Defence Minister Jane Roe told "
        "reporters.",
        "Norwegian Defence Minister Jane Roe said that Norway was preparing to build a mine plant.",
    ],
)
def test_speech_reporting_ones_own_plan_is_that_act(lexicon: Lexicon, body: str) -> None:
    assert typed(run(lexicon, body))[:1] in (
        [("other", "planned", "2025-01-20")],
        [("other", "planned", None)],
    )


@pytest.mark.parametrize(
    "body",
    [
        "Russian Deputy Foreign Minister Sergei Ryabkov said that Washington plans to deploy "
        "new missiles.",
        "Jane Roe said on Monday that the landmine plant was idle.",
    ],
)
def test_speech_another_sides_plan_or_no_plan_stays_a_statement(
    lexicon: Lexicon, body: str
) -> None:
    assert "statement" in types(run(lexicon, body))


# Talks refused by the speaker's own side are what the speech does (negotiation, negated);
# another side's talks refused are reported beside a statement. A title's nationality tells
# a speaker's side when nothing else does.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Foreign Minister Wang Yi said on Monday that China would not take part in arms talks.",
         ["negotiation"]),
        ("Chinese Foreign Minister Wang Yi said on Monday that Beijing would not join arms talks.",
         ["negotiation"]),
        ("Chinese Foreign Minister Wang Yi said on Monday that Russia and the United States "
         "would not hold arms talks.", ["negotiation", "statement"]),
    ],
)  # fmt: skip
def test_speech_refusing_talks_is_the_speakers_own_sides_act(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    assert sorted(types(run(lexicon, body))) == expected
