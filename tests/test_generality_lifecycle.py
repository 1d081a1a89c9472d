"""Lifecycle steps, non-factual mentions and dates stated in more than one wording: each
mechanism is a word class or a construction, tried on two wordings or more and on a
near miss that must not fire. Every sentence here is our own."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.extract import Extraction, extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article

Found = tuple[str, str, str | None]  # (type, modality, treaty)


def run(lexicon: Lexicon, body: str) -> Extraction:
    return extract(Article(body, published=date(2025, 1, 24)), lexicon)


def found(lexicon: Lexicon, body: str, *types: str) -> list[Found]:
    return [(e.type, e.modality, e.treaty) for e in run(lexicon, body).events if e.type in types]


def dated(lexicon: Lexicon, body: str, event_type: str) -> list[str | None]:
    return [e.date for e in run(lexicon, body).events if e.type == event_type]


LIFECYCLE = ("signing", "ratification", "entry_into_force", "extension", "suspension",
             "withdrawal", "expiry", "other")  # fmt: skip


# ---- a time after a trigger is no complement of it ----------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The INF Treaty ceased to be valid on Friday.",
         [("expiry", "actual", "treaty/inf-treaty")]),
        ("New START ceased to have effect on 5 February.",
         [("expiry", "actual", "treaty/new-start")]),
        # near miss: the party follows the time, and the treaty left that party
        ("The Open Skies Treaty ceased to apply on Monday to Ruritania.",
         [("withdrawal", "actual", "treaty/open-skies-treaty")]),
    ],
)  # fmt: skip
def test_triggers_a_time_after_the_trigger_is_no_party(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, *LIFECYCLE) == expected


# ---- freezing a treaty, and a part of what is suspended -------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The allies responded by freezing the Open Skies Treaty.",
         [("suspension", "actual", "treaty/open-skies-treaty")]),
        ("Ruritania halted the rest of its participation in the CFE Treaty.",
         [("suspension", "actual", "treaty/cfe-treaty")]),
        ("Freedonia froze what was left of its obligations under the CFE Treaty last year.",
         [("suspension", "actual", "treaty/cfe-treaty")]),
        ("Ruritania suspended the rest of its obligations under the CFE Treaty.",
         [("suspension", "actual", "treaty/cfe-treaty")]),
        # near miss: frozen assets are no treaty
        ("The bank froze the assets of a firm tied to the CFE Treaty talks.", []),
    ],
)  # fmt: skip
def test_triggers_freezing_a_treaty_or_part_of_it_suspends_it(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "suspension") == expected


# ---- in force since a date; a treaty becoming law -------------------------------------


@pytest.mark.parametrize(
    ("body", "expected", "when"),
    [
        ("The Ottawa Convention has been in force since 1999.",
         [("entry_into_force", "actual", "treaty/ottawa-convention")], ["1999"]),
        ("The CTBT has been in effect since March.",
         [("entry_into_force", "actual", "treaty/ctbt")], ["2024-03"]),
        ("The Arms Trade Treaty, after years of lobbying, became international law in 2014.",
         [("entry_into_force", "actual", "treaty/att")], ["2014"]),
        # near misses: a law in force, a bill that became law
        ("The law has been in force since May, Ruritania said of the CTBT.", [], []),
        ("The ratification bill became law on Wednesday after the CTBT debate.", [], []),
    ],
)  # fmt: skip
def test_triggers_in_force_since_and_becoming_law_are_entry_into_force(
    lexicon: Lexicon, body: str, expected: list[Found], when: list[str]
) -> None:
    assert found(lexicon, body, "entry_into_force") == expected
    assert dated(lexicon, body, "entry_into_force") == when


# ---- other acts: sanctions returning, a text failing, a veto of a text ---------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The UN sanctions on Iran snapped back on Sunday under the JCPOA.",
         [("other", "actual", "treaty/jcpoa")]),
        ("UN penalties came back on Sunday after the JCPOA collapsed.",
         [("other", "actual", "treaty/jcpoa")]),
        ("The draft resolution on nuclear testing failed to pass the council on Tuesday.",
         [("other", "failed", None)]),
        ("A motion on nuclear disarmament failed to win a majority on Tuesday.",
         [("other", "failed", None)]),
        ("Russia vetoed the competing text on the Outer Space Treaty.",
         [("other", "failed", "treaty/outer-space-treaty")]),
        # near misses: inspectors coming back; a draft that passed
        ("The inspectors came back to Iran on Sunday under the JCPOA.", []),
        ("The draft resolution on nuclear testing passed the council on Tuesday.",
         [("other", "actual", None)]),
    ],
)  # fmt: skip
def test_triggers_sanctions_returning_and_texts_failing_are_other_acts(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "other") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ruritania drafted a bill to withdraw from the CTBT.", []),
        ("Ruritania introduced a bill to withdraw from the CTBT.", []),
    ],
)  # fmt: skip
def test_legislative_drafting_a_bill_is_still_no_step(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "withdrawal") == expected


# ---- requirements: what a step awaits, what it needs ----------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The CTBT cannot take effect until Ruritania and Freedonia both ratify.", []),
        ("The CTBT can't come into force unless Ruritania ratifies it.", []),
        ("Any pact replacing New START would require sixty votes in the chamber to be "
         "ratified.", []),
        # near miss: the condition was met, both happened
        ("The CTBT took effect once forty states had ratified it.",
         [("entry_into_force", "actual", "treaty/ctbt"),
          ("ratification", "actual", "treaty/ctbt")]),
    ],
)  # fmt: skip
def test_modality_what_a_step_awaits_or_needs_is_no_event(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, *LIFECYCLE) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The INF Treaty closed an era of negotiated ceilings on missiles.", []),
        ("The signed copies of the New START treaty were displayed.", []),
        # near misses: the participle is the verb
        ("Ruritania negotiated limits with Freedonia under the INF Treaty.",
         [("negotiation", "actual", "treaty/inf-treaty")]),
        ("The signatures were displayed after Ruritania signed the New START treaty.",
         [("signing", "actual", "treaty/new-start")]),
    ],
)  # fmt: skip
def test_modality_a_participle_before_a_noun_is_no_act(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "negotiation", "signing") == expected


# ---- what charges a breach, what was tested -------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ruritania accused Freedonia of ignoring its obligations under the INF Treaty.",
         [("violation_accusation", "actual", "treaty/inf-treaty")]),
        # near miss: commitments to allies are no treaty
        ("The ministers accused Freedonia of ignoring its commitments to allies on nuclear "
         "weapons.", []),
    ],
)  # fmt: skip
def test_triggers_obligations_charge_a_breach_only_of_a_treaty(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "violation_accusation") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ruritania carried out a test of a new missile on Monday.", [("other", "actual", None)]),
        # near miss: a system under the treaty tested is no weapons test
        ("Officials discussed a test of the verification system under the New START treaty.",
         []),
    ],
)  # fmt: skip
def test_triggers_a_test_of_a_system_is_no_weapons_test(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "other") == expected


# ---- modality scope and cues as word classes ------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ruritania left the Open Skies Treaty and may never rejoin it.",
         [("withdrawal", "actual", "treaty/open-skies-treaty")]),
        ("Freedonia quit the INF Treaty but has not destroyed its missiles.",
         [("withdrawal", "actual", "treaty/inf-treaty")]),
        # near miss: the negation is the trigger's own
        ("Ruritania did not leave the Open Skies Treaty and may never do so.",
         [("withdrawal", "negated", "treaty/open-skies-treaty")]),
    ],
)  # fmt: skip
def test_modality_a_coordinated_auxiliary_opens_another_clause(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "withdrawal") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ruritania spoke on Monday in the run-up to the expiry of New START.",
         [("expiry", "scheduled", "treaty/new-start")]),
        ("Ruritania spoke on Monday on the eve of the expiry of New START.",
         [("expiry", "scheduled", "treaty/new-start")]),
        # near miss: after the expiry it happened
        ("Ruritania spoke on Monday after the expiry of New START.",
         [("expiry", "actual", "treaty/new-start")]),
    ],
)  # fmt: skip
def test_modality_an_occasion_still_to_come_schedules_the_step(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "expiry") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("When reporters wondered if the pact was dead, Ruritania said it had left the INF "
         "Treaty.", [("withdrawal", "actual", "treaty/inf-treaty")]),
        ("Asking whether it would stay, the envoy heard Ruritania had left the INF Treaty.",
         [("withdrawal", "actual", "treaty/inf-treaty")]),
        # near miss: a condition
        ("If Freedonia cheats, Ruritania will leave the INF Treaty.",
         [("withdrawal", "hypothetical", "treaty/inf-treaty")]),
    ],
)  # fmt: skip
def test_modality_a_question_asked_is_no_condition(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "withdrawal") == expected


# ---- a participle clause dates the act the sentence before stated ----------------------


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("Ruritania has left the Open Skies Treaty. Its president, explaining the step in a "
         "speech on Monday, accused Freedonia of cheating on the pact.", ["2025-01-20"]),
        ("Freedonia has quit the CFE Treaty. Its premier, defending the decision at a rally "
         "on Tuesday, accused Ruritania of cheating on the accord.", ["2025-01-21"]),
        # near miss: a relative clause about the speaker, not the step
        ("Ruritania has left the Open Skies Treaty. Its president, who spoke on Monday, "
         "accused Freedonia of cheating on the pact.", [None]),
    ],
)  # fmt: skip
def test_event_dates_a_participle_clause_about_the_step_dates_it(
    lexicon: Lexicon, body: str, when: list[str | None]
) -> None:
    assert dated(lexicon, body, "withdrawal") == when


# ---- word classes instead of spelled phrases ------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Freedonia no longer deems itself bound by the CFE Treaty.",
         [("withdrawal", "actual", "treaty/cfe-treaty")]),
        ("Ruritania said it no longer regards itself as legally bound by the CTBT.",
         [("withdrawal", "actual", "treaty/ctbt")]),
        ("Freedonia explained its move to leave, which ends its role in the CFE Treaty.",
         [("withdrawal", "actual", "treaty/cfe-treaty")]),
        # near misses: bound to do something else; leaving talks
        ("Ruritania no longer feels bound to attend the CTBT talks.", []),
    ],
)  # fmt: skip
def test_triggers_no_longer_bound_and_intentions_to_leave_are_classes(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "withdrawal") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Officials marked the end of the accord, the INF Treaty, on Friday.",
         [("expiry", "actual", "treaty/inf-treaty")]),
        # near miss: the end of talks is no expiry
        ("Officials marked the end of the talks on the INF Treaty on Friday.", []),
    ],
)  # fmt: skip
def test_triggers_the_end_of_any_treaty_noun_is_its_expiry(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "expiry") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ruritania would keep to the New START caps as long as Washington did.",
         [("extension", "proposed", "treaty/new-start")]),
        ("Ruritania said it was ready to keep observing the New START ceilings if Washington "
         "did.", [("extension", "proposed", "treaty/new-start")]),
        # near miss: keeping to limits with no offer
        ("Ruritania kept to the New START caps last year.", []),
    ],
)  # fmt: skip
def test_triggers_an_offer_to_keep_any_treaty_limit_proposes_an_extension(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "extension") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("New START was concluded in Prague in 2010.",
         [("signing", "actual", "treaty/new-start")]),
        # near misses: what else is agreed or finalized is no treaty signed
        ("The schedule was agreed on Monday under the CTBT.", []),
        ("A new inspection regime was finalized on Monday under the CTBT.", []),
    ],
)  # fmt: skip
def test_triggers_only_a_treaty_agreed_or_concluded_is_signed(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "signing") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ruritania threatened on Monday to leave the INF Treaty.",
         [("withdrawal", "hypothetical", "treaty/inf-treaty")]),
        ("Freedonia threatens to quit the CFE Treaty.",
         [("withdrawal", "hypothetical", "treaty/cfe-treaty")]),
        # near miss: a threat named as a noun governs nothing
        ("Ruritania left the INF Treaty, a threat to peace, Freedonia said.",
         [("withdrawal", "actual", "treaty/inf-treaty")]),
    ],
)  # fmt: skip
def test_modality_a_threat_to_act_is_hypothetical(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "withdrawal") == expected


# ---- calls for talks without the usual words; a past verb coordinated -------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The UN chief urged both sides to get back to the negotiating table over New START.", [("call_for_talks", "actual", "treaty/new-start")]),
        ("Pope Leo called on the nuclear powers to resume arms talks.",
         [("call_for_talks", "actual", None)]),
        ("Norway's envoy offered to host the two sides in Oslo for nuclear talks.",
         [("call_for_talks", "actual", None)]),
        ("Switzerland is willing to host both sides for arms talks.",
         [("call_for_talks", "actual", None)]),
        ("Qatar offered to mediate between the parties on the JCPOA.",
         [("call_for_talks", "actual", "treaty/jcpoa")]),
        # near misses: hosting or mediating done is no call; a call on reporters
        ("Oman mediated between the parties on the JCPOA last year.", []),
        ("The minister called on reporters to leave the briefing on nuclear arms.", []),
    ],
)  # fmt: skip
def test_triggers_offers_to_host_and_calls_to_the_table_call_for_talks(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "call_for_talks") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ruritania has frozen its participation in the CFE Treaty and announced that it will "
         "quit the pact next year.",
         [("suspension", "actual", "treaty/cfe-treaty"),
          ("withdrawal", "planned", "treaty/cfe-treaty")]),
        ("Freedonia halted its participation in the CFE Treaty and announced plans to quit it.",
         [("suspension", "actual", "treaty/cfe-treaty"),
          ("withdrawal", "planned", "treaty/cfe-treaty")]),
        # near miss: the plan is the suspension's own
        ("Freedonia plans to halt its participation in the CFE Treaty.",
         [("suspension", "planned", "treaty/cfe-treaty")]),
    ],
)  # fmt: skip
def test_modality_a_coordinated_past_verb_opens_another_clause(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "suspension", "withdrawal") == expected


# ---- a month of the story's year ("that October", "the following June") ---------------


@pytest.mark.parametrize(
    ("body", "event_type", "when"),
    [
        ("Freedonia signed the CFE Treaty in March 2001. It took effect the following "
         "February.", "entry_into_force", ["2002-02"]),
        ("The CTBT opened for signature in May 1996 and Ruritania ratified it that "
         "November.", "ratification", ["1996-11"]),
        # near miss: with no date named before, the month is no date
        ("That November, Ruritania ratified the CTBT.", "ratification", [None]),
    ],
)  # fmt: skip
def test_timex_a_month_of_the_storys_year_dates_the_step(
    lexicon: Lexicon, body: str, event_type: str, when: list[str | None]
) -> None:
    assert dated(lexicon, body, event_type) == when


# ---- a subject with its modifiers; hopes in the past perfect --------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The accord, known as the JCPOA, was endorsed by a UN conference in 2016.",
         [("other", "actual", "treaty/jcpoa")]),
        ("The penalties that the JCPOA had suspended came back on Sunday.",
         [("other", "actual", "treaty/jcpoa")]),
        ("A draft on barring all arms from the Moon and other bodies failed to pass the council.",
         [("other", "failed", None)]),
        # near misses: an endorsed candidate; inspectors coming back
        ("The candidate was endorsed by the party on Monday after the New START debate.", []),
        ("The inspectors that the JCPOA had admitted came back on Sunday.", []),
    ],
)  # fmt: skip
def test_triggers_a_subject_may_carry_a_phrase_or_a_relative_clause(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "other") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Diplomats had hoped that the Oslo meeting would bring a deal on missile tests.", []),
        ("Activists had expected that Peru would sign before the CTBT took effect, but it did "
         "not.", []),
        # near miss: the hope is in a clause of its own
        ("Ruritania had hoped for calm, and on Monday it signed the CTBT.",
         [("signing", "actual", "treaty/ctbt")]),
    ],
)  # fmt: skip
def test_modality_a_hope_in_the_past_perfect_states_nothing_it_hoped_for(
    lexicon: Lexicon, body: str, expected: list[Found]
) -> None:
    assert found(lexicon, body, "other", "signing", "entry_into_force") == expected
