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


def speakers(x: Extraction, kind: str = "statement") -> list[list[str]]:
    """The speaker-role actors of each event of a type."""
    return [[k for k, role in e.actors if role == "speaker"] for e in x.events if e.type == kind]


def actors_of(x: Extraction, kind: str) -> list[tuple[tuple[str, str], ...]]:
    return [e.actors for e in x.events if e.type == kind]


# Speech nouns after a light verb report speech ("delivered remarks", "made a statement");
# the noun alone is a thing said, and a remark on another subject gives no event.
@pytest.mark.parametrize(
    "body",
    [
        "The envoy Maria Lopez delivered remarks on the nuclear ban treaty at the ceremony.",
        "Foreign Minister Ivan Roe made a brief statement on the arms control treaty.",
        "Senator Jane Doe gave an address on nuclear disarmament in Oslo.",
    ],
)
def test_speech_a_light_verb_and_speech_noun_report_speech(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == ["statement"]


@pytest.mark.parametrize(
    "body",
    [
        "The remarks on the nuclear treaty drew criticism.",
        "Senator Jane Doe made a statement on farm subsidies.",
    ],
)
def test_speech_a_speech_noun_without_speaker_or_arms_gives_no_event(
    lexicon: Lexicon, body: str
) -> None:
    assert types(run(lexicon, body)) == []


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("Senator Jane Doe, Minister Ivan Roe and Envoy Maria Moe also made statements on "
         "the nuclear treaty.", 3),
        ("Senator Jane Doe and Minister Ivan Roe delivered remarks on arms control.", 2),
        ("Senator Jane Doe and Minister Ivan Roe issued a joint statement on arms control.", 1),
    ],
)  # fmt: skip
def test_speech_coordinated_speakers_each_make_their_remarks(
    lexicon: Lexicon, body: str, count: int
) -> None:
    assert types(run(lexicon, body)) == ["statement"] * count


# One speech event per speaker per occasion: a spokesman titled by a body speaks for it, a
# pronoun goes on with the voice heard last, and every speech-typed type counts once.
@pytest.mark.parametrize(
    "body",
    [
        "The Kremlin on Monday welcomed the offer to extend the arms treaty. Kremlin spokesman "
        "Dmitry Peskov said the nuclear pact still mattered.",
        "The White House said on Monday that the arms treaty must be saved. White House press "
        "secretary Jen Psaki said the nuclear pact served both sides.",
        "The Russian Foreign Ministry said on Monday the arms treaty was a mistake. A spokesman "
        "for the Russian Foreign Ministry, Pavel Kuzin, said the nuclear pact had serious flaws.",
    ],
)
def test_speech_a_titled_spokesman_continues_the_bodys_occasion(
    lexicon: Lexicon, body: str
) -> None:
    assert len(run(lexicon, body).events) == 1


# A spokesperson whose body goes unnamed speaks for the body just quoted; one who names
# another body is a second voice.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("On Wednesday the Chinese Foreign Ministry urged Moscow and Washington to keep the "
         "missile accord alive.\n\nScrapping the accord would hurt everyone, spokeswoman Lin Mei "
         "told a daily press conference.", ["statement"]),
        ("The Chinese Foreign Ministry on Monday called the arms accord vital. Spokesman Zhou Lan "
         "said at a routine briefing that Beijing wanted the accord kept.", ["statement"]),
        # near miss: the spokesman names a body of his own
        ("The Chinese Foreign Ministry on Monday called the arms accord vital. A Pentagon "
         "spokesman, Tom Hale, said the missile accord had outlived its use.",
         ["statement", "statement"]),
    ],
)  # fmt: skip
def test_speech_a_spokesperson_with_no_body_named_speaks_for_the_body_before(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    assert types(run(lexicon, body)) == expected


def test_speech_a_minister_is_not_the_bodys_voice(lexicon: Lexicon) -> None:
    body = (
        "The Kremlin on Monday said the arms treaty must be saved. Foreign Minister Sergey "
        "Lavrov said the nuclear pact still mattered."
    )
    assert types(run(lexicon, body)) == ["statement", "statement"]


@pytest.mark.parametrize(
    "body",
    [
        "Paris sees no reason to sit down for missile negotiations with Moscow, French "
        "Foreign Ministry spokesman Paul Duret told reporters on Thursday.\n\n"
        '"Our deterrent is sized to our own security needs," he insisted.',
        "On Wednesday, Indian Foreign Ministry spokeswoman Asha Rao said New Delhi would stay "
        'out of the arms negotiations. "Nobody should expect us to cap our arsenal," she added.',
        "Indian Foreign Ministry spokeswoman Asha Rao said on Wednesday that New Delhi would "
        "stay out of the arms negotiations. She further noted that the warhead counts were far "
        "apart.",
    ],
)
def test_speech_a_pronoun_speaker_continues_the_last_voice(lexicon: Lexicon, body: str) -> None:
    assert len(run(lexicon, body).events) == 1


def test_speech_a_pronoun_with_no_voice_before_it_is_nobodys_statement(
    lexicon: Lexicon,
) -> None:
    body = (
        "The arms negotiations stalled on Wednesday in Vienna. "
        '"Nobody should expect us to cap our arsenal," she added.'
    )
    assert "statement" not in types(run(lexicon, body))


@pytest.mark.parametrize(
    "body",
    [
        "The Russian Foreign Ministry declared that US plans to deploy missile defense launchers "
        "in Poland are a violation of the INF Treaty.\n\n“Such launchers can fire cruise "
        "missiles. It is a flagrant violation of the INF Treaty,” the ministry stressed.",
        "The Russian Foreign Ministry declared that US plans to deploy missile defense launchers "
        "in Poland are a violation of the INF Treaty.\n\nRussia also accused the United States "
        "of breaching the treaty's limits on drones.",
        "The Russian Foreign Ministry accused the United States of violating the INF Treaty. "
        "“This is a flagrant breach of the treaty,” the ministry stressed.",
        "The Russian Foreign Ministry accused the United States of violating the INF Treaty. "
        "Russia also accused the United States of breaching the treaty's test limits.",
    ],
)
def test_speech_an_accusation_counts_once_per_occasion(lexicon: Lexicon, body: str) -> None:
    assert [t for t in types(run(lexicon, body)) if t != "statement"] == ["violation_accusation"]


def test_speech_an_accusation_on_another_day_is_its_own(lexicon: Lexicon) -> None:
    body = (
        "On Monday, Russia accused the United States of violating the INF Treaty. On Friday, "
        "Russia again accused the United States of breaching the treaty."
    )
    assert types(run(lexicon, body)) == ["violation_accusation", "violation_accusation"]


# A remark after a sentence dated to another time answers that time: a new occasion.
@pytest.mark.parametrize(
    "first",
    [
        "The Russian Foreign Ministry confirmed that the INF Treaty was over.",
        "Russia said in August that the INF Treaty was over.",
    ],
)
def test_speech_a_remark_in_a_flashback_opens_a_new_occasion(lexicon: Lexicon, first: str) -> None:
    body = (
        f"{first}\n\nIn December 2018, the United States demanded that Russia destroy its new "
        "missiles. Russia rejected the demands, saying the missiles complied with the INF Treaty."
    )
    assert len(speakers(run(lexicon, body))) == 3


def test_speech_an_aside_between_two_remarks_opens_no_occasion(lexicon: Lexicon) -> None:
    body = (
        "Putin said on Monday the nuclear treaty was dead. The treaty was signed in 2010. "
        "He added that the pact could not be saved."
    )
    assert speakers(run(lexicon, body)) == [["person/vladimir-putin"]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Senator Jane Doe praised the nuclear pact, while Senator Ivan Roe said it was weak.",
         [["new/person/jane-doe"], ["new/person/ivan-roe"]]),
        ("Lavrov called the arms treaty outdated, but Blinken said the pact still worked.",
         [["person/sergey-lavrov"], ["person/antony-blinken"]]),
        ("According to the IAEA, Tehran has kept enriching uranium well past the cap.",
         [["org/iaea"]]),
        ("Lavrov said the arms treaty was dead, and that Russia would build new missiles.",
         [["person/sergey-lavrov"]]),
    ],
)  # fmt: skip
def test_speech_two_speakers_in_one_sentence_are_two_statements(
    lexicon: Lexicon, body: str, expected: list[list[str]]
) -> None:
    assert speakers(run(lexicon, body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Envoy Maria Lopez delivered remarks at the signing ceremony.", ["statement"]),
        ("Envoy Maria Lopez delivered remarks at the trade fair.", []),
        ("Pyongyang warned it might stop cooperating with the IAEA altogether.", ["statement"]),
        ("Syria criticized the inspectors sent by the OPCW.", ["statement"]),
        ("Senator Jane Doe also said fuel prices rose.", []),
    ],
)
def test_speech_a_remark_on_an_arms_control_body_is_about_arms(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    assert types(run(lexicon, body)) == expected


# A step's nominal the speaker judges is the step already stated, not an act of the speaker.
@pytest.mark.parametrize(
    "body",
    [
        "Russia suspended the New START treaty in 2023. Blinken said on Monday that the "
        "suspension was illegal.",
        "Russia left the Open Skies Treaty in 2021. Stoltenberg argued that the withdrawal "
        "was a mistake.",
        "Russia suspended the New START treaty in 2023. The suspension was illegal, Blinken "
        "said on Monday.",
    ],
)
def test_speech_a_step_the_speaker_judges_is_no_act_of_theirs(lexicon: Lexicon, body: str) -> None:
    x = run(lexicon, body)
    assert types(x)[1:] == ["statement"]
    assert len(speakers(x)) == 1


def test_speech_a_step_the_speaker_reports_is_still_an_act(lexicon: Lexicon) -> None:
    body = "Peskov said on Monday that Russia would suspend the New START treaty."
    assert types(run(lexicon, body)) == ["suspension"]


# A breach a denial denies is no accusation: the denial is a statement.
@pytest.mark.parametrize(
    "body",
    [
        "Russia rejected claims that it had breached the INF Treaty.",
        "Moscow denied that it was in breach of the INF Treaty.",
        "Lavrov dismissed accusations of a violation of the INF Treaty.",
    ],
)
def test_speech_a_denial_is_no_accusation(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == ["statement"]


def test_speech_a_breach_said_beside_a_rejection_is_an_accusation(lexicon: Lexicon) -> None:
    body = "Washington rejected Moscow's offer, saying Russia had breached the INF Treaty."
    assert "violation_accusation" in types(run(lexicon, body))


# Welcoming or hailing a step reported before is a reaction: a statement of the speaker.
@pytest.mark.parametrize(
    "body",
    [
        "Russia withdrew from the Open Skies Treaty on Friday. Germany welcomed the move.",
        "Russia ratified the nuclear test ban treaty on Friday. Britain hailed the decision.",
    ],
)
def test_speech_welcoming_a_step_is_a_statement(lexicon: Lexicon, body: str) -> None:
    x = run(lexicon, body)
    assert len(types(x)) == 2
    assert types(x)[1] == "statement"


def test_speech_announcing_ones_own_step_adds_nothing(lexicon: Lexicon) -> None:
    body = "Ghana ratified the nuclear ban treaty. The minister announced the move on Friday."
    assert "statement" not in types(run(lexicon, body))


# Unnamed and habitual speakers give no speech event, whatever its type (guidelines v2).
@pytest.mark.parametrize(
    "body",
    [
        "US officials accused Russia of violating the INF Treaty.",
        "Washington has repeatedly accused Moscow of breaching the INF Treaty.",
        "Putin has said repeatedly that the New START treaty is dead.",
        "Western diplomats urged Iran to resume talks on its nuclear programme.",
    ],
)
def test_speech_unnamed_or_habitual_speech_acts_give_no_event(lexicon: Lexicon, body: str) -> None:
    assert types(run(lexicon, body)) == []


def test_speech_a_named_accuser_gives_an_accusation(lexicon: Lexicon) -> None:
    body = "Blinken accused Russia of violating the INF Treaty."
    assert types(run(lexicon, body)) == ["violation_accusation"]


# Whom a speaker urges or speaks of is no speaker.
@pytest.mark.parametrize(
    ("body", "speaker", "addressee"),
    [
        ("Stoltenberg urged Moscow to return to the INF Treaty.", "person/jens-stoltenberg",
         "state/russia"),
        ("Guterres called on Washington to ratify the nuclear test ban treaty.",
         "person/antonio-guterres", "state/united-states"),
    ],
)  # fmt: skip
def test_speech_an_addressee_is_no_speaker(
    lexicon: Lexicon, body: str, speaker: str, addressee: str
) -> None:
    actors = dict(actors_of(run(lexicon, body), "statement")[0])
    assert (actors[speaker], actors[addressee]) == ("speaker", "counterpart")


def test_speech_coordinated_speakers_both_speak(lexicon: Lexicon) -> None:
    body = "Lavrov and Wang Yi said the arms treaty was dead."
    actors = actors_of(run(lexicon, body), "statement")[0]
    assert {role for _, role in actors} == {"speaker"}


# An unnamed speaker's remark opens no occasion of the state it names: a named speaker of
# that state after it speaks on an occasion of their own.
@pytest.mark.parametrize(
    "body",
    [
        "Iran is enriching uranium to 60%, Western officials said. Tehran said its nuclear "
        "programme was peaceful.",
        "Russia moved nuclear warheads to Belarus last year, sources said. Moscow said the "
        "weapons remained under Russian control.",
    ],
)
def test_speech_an_unnamed_speaker_opens_no_occasion(lexicon: Lexicon, body: str) -> None:
    assert len(speakers(run(lexicon, body))) == 1


# A fact told in passing about the speaker (a relative clause between commas) is not what
# the speech says: the remark is a statement beside it, dated by its own frame.
@pytest.mark.parametrize(
    "body",
    [
        "Moscow, which never joined the Ottawa Convention, dismissed the criticism.",
        "The United States, which abandoned the 2015 nuclear deal in May 2018, welcomed the "
        "board's decision on Iran.",
    ],
)
def test_speech_a_relative_aside_leaves_the_remark_a_statement(lexicon: Lexicon, body: str) -> None:
    statements = [e for e in run(lexicon, body).events if e.type == "statement"]
    assert [e.date for e in statements] == [None]


def test_speech_ones_own_act_reported_stays_that_act(lexicon: Lexicon) -> None:
    body = "Russia left the Open Skies Treaty last year, Peskov said."
    assert types(run(lexicon, body)) == ["withdrawal"]


# An accusation's first actor speaks only when named before it: "He also blamed the United
# States" is the speaker heard last, not the United States.
def test_speech_the_accused_is_no_speaker(lexicon: Lexicon) -> None:
    body = (
        "Ryabkov said the New START treaty was dead. He also blamed the United States for the "
        "collapse, saying Washington had violated the treaty. The White House rejected the charge."
    )
    assert speakers(run(lexicon, body))[-1] == ["org/white-house"]


@pytest.mark.parametrize(
    "text",
    [
        "Talks on the NUCLEAR Deal resumed.",
        "The Missıle talks went on.",  # dotless i: folds to "i" only case-blind
        "The mıssile limits stay; a ceasefire deal is apart.",
        "Nothing about arms here, İstanbul said.",
        "Uranium enrichment ſtopped at the “site”.",
        "A ceaſefire deal, and a new arms pact.",
        "a new ceasefire deal",
    ],
)
def test_speech_about_arms_finds_what_a_case_blind_scan_finds(text: str) -> None:
    import re

    from treatykg.ingest import speech

    reference = any(
        not speech._NOT_ARMS_KIND.search(text, max(0, m.start() - 20), m.start())
        for m in re.compile(speech._ARMS.pattern, re.IGNORECASE).finditer(text)
    )
    assert speech.about_arms(text) == reference
