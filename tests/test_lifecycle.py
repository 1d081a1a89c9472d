"""Treaty lifecycle paraphrases, legislative steps and mentions that state no event, as
guidelines v2 settles them; every sentence here is our own."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.extract import Extraction, extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article

Typed = tuple[str, str, str | None]  # (type, modality, treaty)


def run(lexicon: Lexicon, body: str) -> Extraction:
    return extract(Article(body, published=date(2025, 1, 24)), lexicon)


def typed(x: Extraction, *types: str) -> list[Typed]:
    """The events of the given types (every lifecycle type when none is given)."""
    wanted = types or (
        "signing", "ratification", "entry_into_force", "extension", "suspension",
        "withdrawal", "expiry", "other",
    )  # fmt: skip
    return [(e.type, e.modality, e.treaty) for e in x.events if e.type in wanted]


def stepped(x: Extraction, event_type: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    """The events of one type as (modality, actors, date)."""
    return [
        (e.modality, tuple(k for k, _ in e.actors), e.date)
        for e in x.events
        if e.type == event_type
    ]


# ---- lifecycle paraphrases ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # accession: joining a treaty, acceding to it, becoming a party
        ("Chile acceded to the Chemical Weapons Convention in 1996.",
         [("ratification", "actual", "treaty/cwc")]),
        ("Chile formally joined the Ottawa Convention on Friday.",
         [("ratification", "actual", "treaty/ottawa-convention")]),
        ("Chile became the 120th state party to the Ottawa Convention on Tuesday.",
         [("ratification", "actual", "treaty/ottawa-convention")]),
        # depositing or exchanging the instruments of ratification
        ("The two capitals swapped instruments of ratification for New START on Friday.",
         [("ratification", "actual", "treaty/new-start")]),
        ("Chile deposited its instrument of ratification of the CTBT on Monday.",
         [("ratification", "actual", "treaty/ctbt")]),
    ],
)  # fmt: skip
def test_lifecycle_accession_and_instruments_are_ratification(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "ratification", "entry_into_force") == found


@pytest.mark.parametrize(
    "body",
    [
        "Chile joined the talks on a new treaty on Monday.",  # talks, not the treaty
        "Chile became a party to the conflict in 2000.",  # no treaty at all
    ],
)
def test_lifecycle_joining_something_else_is_no_ratification(lexicon: Lexicon, body: str) -> None:
    assert typed(run(lexicon, body), "ratification") == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # stopping what the treaty requires, or refusing to go on providing it
        ("Russia stopped sending notifications under New START on Friday.",
         [("suspension", "actual", "treaty/new-start")]),
        ("New START was signed in 2010. Moscow will no longer send the launch notifications "
         "the accord requires.",
         [("signing", "actual", "treaty/new-start"), ("suspension", "actual", "treaty/new-start")]),
        # the treaty under discussion lets it stand; unnamed here, it stays unknown
        ("New START was signed in 2010. The United States said on Monday it would not provide "
         "the semi-annual data either.",
         [("signing", "actual", "treaty/new-start"), ("suspension", "actual", None)]),
        ("All notifications under New START have been suspended, Ryabkov said on Wednesday.",
         [("suspension", "actual", "treaty/new-start")]),
        # a declared moratorium on implementing a treaty
        ("Russia declared a moratorium on its participation in the CFE Treaty in 2007.",
         [("suspension", "actual", "treaty/cfe-treaty")]),
    ],
)  # fmt: skip
def test_lifecycle_stopping_what_a_treaty_requires_is_suspension(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    "body",
    [
        "Russia sent notifications about the test launch to New START inspectors on Friday.",
        "Flights over the border were suspended on Friday.",  # no treaty's duty
        "Russia declared a moratorium on deploying missiles in Europe.",  # no treaty's duty
    ],
)
def test_lifecycle_keeping_to_a_treaty_is_no_suspension(lexicon: Lexicon, body: str) -> None:
    assert typed(run(lexicon, body), "suspension") == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # ending a moratorium is another act
        ("Russia is formally abandoning its moratorium on deploying intermediate-range "
         "missiles.", [("other", "actual", None)]),
        ("Moscow lifted its unilateral moratorium on nuclear missile deployments last year.",
         [("other", "actual", None)]),
        # being superseded, amended
        ("The parties amended the Montreal Protocol in 2016 to cover missile fuels.",
         [("other", "actual", "new/treaty/montreal-protocol")]),
        ("New START superseded the Moscow Treaty in 2011.", [("other", "actual", None)]),
    ],
)  # fmt: skip
def test_lifecycle_moratoria_amendments_and_successors_are_other(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert [(t, m) for t, m, _ in typed(run(lexicon, body))] == [(t, m) for t, m, _ in found]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # denunciation and a treaty ceasing to apply to one party are withdrawals
        ("Russia denounced the CFE Treaty on Friday.",
         [("withdrawal", "actual", "treaty/cfe-treaty")]),
        ("The Open Skies Treaty ceased to be valid for Russia on December 18.",
         [("withdrawal", "actual", "treaty/open-skies-treaty")]),
        ("Moscow sent a notice of withdrawal from the CTBT on Monday.",
         [("withdrawal", "planned", "treaty/ctbt")]),
        # ceasing to be in force as a whole is the treaty's expiry
        ("The INF Treaty ceased to be in force in August 2019.",
         [("expiry", "actual", "treaty/inf-treaty")]),
    ],
)  # fmt: skip
def test_lifecycle_denunciation_and_ceasing_to_apply(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    "body",
    [
        "Russia denounced the US decision on Friday.",  # criticism, not a treaty left
        "The senate withdrew the treaty from consideration in March.",  # other, below
    ],
)
def test_lifecycle_denouncing_or_withdrawing_something_else_is_no_withdrawal(
    lexicon: Lexicon, body: str
) -> None:
    assert typed(run(lexicon, body), "withdrawal") == []


@pytest.mark.parametrize(
    ("body", "expiry"),
    [
        ("New START was extended until February 5, 2026.", "2026-02-05"),
        ("Russia and the United States extended New START until February 2026.", "2026-02"),
        ("The INF Treaty remains in force until 2031, the ministry said.", "2031"),
    ],
)
def test_lifecycle_until_date_is_a_scheduled_expiry(
    lexicon: Lexicon, body: str, expiry: str
) -> None:
    x = run(lexicon, body)
    assert [(e.modality, e.date) for e in x.events if e.type == "expiry"] == [("scheduled", expiry)]


@pytest.mark.parametrize(
    "body",
    [
        "The talks on New START were postponed until March 2026.",
        "Russia kept to the New START limits until 2023 and later.",
    ],
)
def test_lifecycle_until_without_validity_is_no_expiry(lexicon: Lexicon, body: str) -> None:
    assert typed(run(lexicon, body), "expiry") == []


# ---- legislative steps ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a veto of a draft, or a vote against it: the text failed
        ("Russia vetoed the draft resolution on the Outer Space Treaty on Friday.",
         [("other", "failed", "treaty/outer-space-treaty")]),
        ("China cast a veto against a draft resolution on the NPT.",
         [("other", "failed", "treaty/npt")]),
        # withdrawing a treaty from consideration is no withdrawal from it
        ("The president withdrew the CTBT from consideration in March.",
         [("other", "actual", "treaty/ctbt")]),
        ("The premier pulled New START from parliamentary review on Friday.",
         [("other", "actual", "treaty/new-start")]),
        # a chamber's other vote on the matter
        ("The Senate voted to return to the CTBT on Thursday.",
         [("other", "actual", "treaty/ctbt")]),
        # a vote to ratify is the ratification, not another act besides
        ("The Duma voted to ratify the CTBT on Friday.",
         [("ratification", "actual", "treaty/ctbt")]),
    ],
)  # fmt: skip
def test_lifecycle_vetoes_votes_and_withdrawn_bills(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # one chamber's vote on a withdrawal awaits the next step; the chamber acts, not
        # the state the bill binds
        ("The Duma passed a bill withdrawing Russia from the Open Skies Treaty on Tuesday.",
         [("planned", ("org/state-duma",), "2025-01-21")]),
        ("The State Duma backed the bill on suspending Russia's participation in the CFE "
         "Treaty on Tuesday.", [("planned", ("org/state-duma",), "2025-01-21")]),
        # a signature enacts it
        ("Putin signed the law suspending the CFE Treaty on Friday.",
         [("actual", ("person/vladimir-putin",), "2025-01-24")]),
    ],
)  # fmt: skip
def test_lifecycle_a_bill_step_has_its_own_actor_and_modality(
    lexicon: Lexicon, body: str, found: list[tuple[str, tuple[str, ...], str | None]]
) -> None:
    x = run(lexicon, body)
    assert stepped(x, "withdrawal") + stepped(x, "suspension") == found


@pytest.mark.parametrize(
    ("body", "event_type", "found"),
    [
        ("The State Duma voted on Wednesday to revoke Russia's ratification of the CTBT. "
         "The Federation Council approved the bill on Friday, and Putin signed it into law "
         "on Thursday.", "ratification",
         [("revoked", ("org/state-duma", "state/russia"), "2025-01-22"),
          # guidelines v2: one chamber's vote on a de-ratification bill awaits a further
          # step (planned); the signature enacts it
          ("planned", ("org/federation-council",), "2025-01-24"),
          ("revoked", ("person/vladimir-putin",), "2025-01-23")]),
        ("The Duma passed a bill withdrawing Russia from the Open Skies Treaty on Tuesday. "
         "The Federation Council backed the document on Wednesday.", "withdrawal",
         [("planned", ("org/state-duma",), "2025-01-21"),
          ("planned", ("org/federation-council",), "2025-01-22")]),
    ],
)  # fmt: skip
def test_lifecycle_later_acts_on_the_bill_are_steps_of_its_type(
    lexicon: Lexicon,
    body: str,
    event_type: str,
    found: list[tuple[str, tuple[str, ...], str | None]],
) -> None:
    assert stepped(run(lexicon, body), event_type) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Lawmakers introduced a bill to withdraw from the INF Treaty on Monday.", []),
        ("Deputies submitted a draft law on withdrawal from the Open Skies Treaty.", []),
        # "the bill" after a sentence that tells of no bill is another bill
        ("Russia withdrew from the CFE Treaty in 2023. The Senate approved the budget bill "
         "on Friday.", [("withdrawal", "actual", "treaty/cfe-treaty")]),
    ],
)  # fmt: skip
def test_lifecycle_introducing_a_bill_or_another_bill_is_no_step(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


# ---- mentions that state no event -----------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # requirements and purpose clauses
        "The CTBT must be ratified by 44 states for it to enter into force.",
        "Approval of the accord takes 67 votes in the Senate.",
        "Ratification of the treaty needs a two-thirds majority in the Senate.",
        # impossibility
        "It would be impossible to hold talks on New START with Russia now.",
        "It is out of the question for Russia to rejoin the INF Treaty.",
        # expectations that went unfulfilled
        "The accord was supposed to enter into force in May.",
        # attitudes whose topic a nominal is; a decision not reached
        "Fears of a US withdrawal from New START grew in Europe.",
        "The session closed with no agreement to stage a missile test.",
        # generic plural agents; a denied accusation
        "Critics have long accused Iran of violating the JCPOA.",
        "Iran was accused by Western powers of breaching the JCPOA in 2019.",
        "Russia has repeatedly denied the accusation of breaching the INF Treaty.",
        # a running tally
        "Just four countries have yet to sign the Chemical Weapons Convention.",
    ],
)
def test_lifecycle_non_factual_mentions_give_no_event(lexicon: Lexicon, body: str) -> None:
    x = run(lexicon, body)
    kept = {"statement", "meeting_or_call"}  # the speech or the meeting itself may stand
    assert [e.type for e in x.events if e.type not in kept] == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # the same words stating the fact are events
        ("The Senate ratified the treaty by 67 votes to 30 on Friday.",
         [("ratification", "actual")]),
        ("The accord entered into force in May.", [("entry_into_force", "actual")]),
        ("The United States withdrew from New START in 2019.", [("withdrawal", "actual")]),
        ("The United States accused Russia of violating the INF Treaty in 2014.",
         [("violation_accusation", "actual")]),
    ],
)  # fmt: skip
def test_lifecycle_facts_near_the_non_factual_cues_stay(
    lexicon: Lexicon, body: str, found: list[tuple[str, str]]
) -> None:
    assert [(e.type, e.modality) for e in run(lexicon, body).events] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a list of states that have yet to ratify: one negated event, all of them actors
        ("Egypt, Israel and Iran have yet to ratify the CTBT.",
         [("negated", ("state/egypt", "state/israel", "state/iran"))]),
        # elliptical negation: the first ratified, the others did not
        ("Russia ratified the CTBT in 2000; neither the United States nor China did.",
         [("actual", ("state/russia",)), ("negated", ("state/united-states", "state/china"))]),
        ("Russia ratified the CTBT in 2000, but the United States has not.",
         [("actual", ("state/russia",)), ("negated", ("state/united-states",))]),
        ("Neither the United States nor China has ratified the CTBT.",
         [("negated", ("state/united-states", "state/china"))]),
        # near miss: the second party did it too
        ("Russia ratified the CTBT in 2000, and the United States did so in 2001.",
         [("actual", ("state/russia", "state/united-states"))]),
    ],
)  # fmt: skip
def test_lifecycle_yet_to_and_elliptical_negation(
    lexicon: Lexicon, body: str, found: list[tuple[str, tuple[str, ...]]]
) -> None:
    x = run(lexicon, body)
    assert [(m, actors) for m, actors, _ in stepped(x, "ratification")] == found


# ---- round 3: notices, bills, effects, requirements, other acts (guidelines v2) -------


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a notice given, or an intention announced, is a withdrawal still to come
        ("Ruritania notified the depositary on Monday that it is leaving the Ottawa Convention.",
         [("withdrawal", "planned", "treaty/ottawa-convention")]),
        ("The Ottawa Convention lost another member. Ruritania lodged its notice on Monday.",
         [("withdrawal", "planned", "treaty/ottawa-convention")]),
        ("Russia announced its intention to quit the Open Skies Treaty on January 15.",
         [("withdrawal", "planned", "treaty/open-skies-treaty")]),
        # withdrawing a signature is withdrawal
        ("Doe said Ruritania would revoke its signature on the Arms Trade Treaty.",
         [("withdrawal", "planned", "treaty/att")]),
        # near-miss: notices a treaty requires are no notice of withdrawal
        ("Ruritania sent notices of two missile launches under New START.", []),
    ],
)  # fmt: skip
def test_lifecycle_notices_and_intentions_are_planned_withdrawals(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "withdrawal") == found


@pytest.mark.parametrize(
    ("body", "event_type", "found"),
    [
        # "approved it": the chamber's step on the bill, not a ratification
        ("The State Duma passed the bill suspending New START on Monday, and the Federation "
         "Council approved it a day later.", "suspension",
         [("planned", ("org/state-duma",), "2025-01-20"),
          ("planned", ("org/federation-council",), "2025-01-21")]),
        # two chambers that back the bill take a step each
        ("Putin signed a law withdrawing Russia's ratification of the CTBT. The State Duma and "
         "the Federation Council both endorsed the bill on Friday.", "ratification",
         [("revoked", ("person/vladimir-putin",), None),
          ("planned", ("org/state-duma",), "2025-01-24"),
          ("planned", ("org/federation-council",), "2025-01-24")]),
        # a signature enacts a suspension, but a withdrawal awaits its notice period
        ("Putin signed the suspension law on New START in June.", "suspension",
         [("actual", ("person/vladimir-putin",), "2024-06")]),
        ("Putin signed the withdrawal law on the Open Skies Treaty in June.", "withdrawal",
         [("planned", ("person/vladimir-putin",), "2024-06")]),
        ("Putin signed the law denouncing the CFE Treaty last May.", "withdrawal",
         [("planned", ("person/vladimir-putin",), "2024-05")]),
    ],
)  # fmt: skip
def test_lifecycle_steps_on_a_bill_take_its_type_and_their_own_actor(
    lexicon: Lexicon, body: str, event_type: str, found: list[tuple[str, tuple[str, ...], str]]
) -> None:
    x = run(lexicon, body)
    assert stepped(x, event_type) == found
    assert [e for e in x.events if e.type == "ratification" and e.modality == "actual"] == []


def test_lifecycle_approving_it_without_a_bill_is_still_ratification(lexicon: Lexicon) -> None:
    # near-miss: no bill described, so "approved it" is the Senate's own ratification
    x = run(lexicon, "Chile ratified the CTBT in 2000, and the Senate approved it unanimously.")
    assert typed(x, "ratification", "suspension") == [("ratification", "actual", "treaty/ctbt")]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a withdrawal or a notice taking effect is no entry into force
        ("Ruritania's withdrawal from the Treaty on Open Skies took effect on Monday.",
         [("withdrawal", "actual", "treaty/open-skies-treaty")]),
        ("Ruritania's withdrawal from the Treaty on Conventional Armed Forces in Europe formally "
         "took effect at midnight.", [("withdrawal", "actual", "treaty/cfe-treaty")]),
        ("Ruritania notified the UN that it is leaving the Ottawa Convention, a step that takes "
         "effect in six months.", [("withdrawal", "planned", "treaty/ottawa-convention")]),
        # near-miss: the treaty itself taking effect
        ("The Arms Trade Treaty took effect in December 2014.",
         [("entry_into_force", "actual", "treaty/att")]),
    ],
)  # fmt: skip
def test_lifecycle_what_takes_effect_decides_entry_into_force(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "withdrawal", "entry_into_force") == found


@pytest.mark.parametrize(
    ("body", "event_type"),
    [
        # a condition, a class of parties, a right the treaty gives: no event
        ("The CTBT can only enter into force once all 44 listed states have ratified it.",
         "entry_into_force"),
        ("The pact will only take effect when 50 states have joined.", "entry_into_force"),
        ("States that sign but do not ratify the CTBT must still refrain from tests.", "signing"),
        ("Ruritania tested a missile on Monday. Nations which sign the CTBT are expected to "
         "refrain from tests.", "signing"),
        ("Countries that join the Ottawa Convention must destroy their stockpiles.",
         "ratification"),
        ("Article 20 allows a party to withdraw from the Ottawa Convention.", "withdrawal"),
    ],
)  # fmt: skip
def test_lifecycle_conditions_classes_and_rights_are_no_events(
    lexicon: Lexicon, body: str, event_type: str
) -> None:
    assert typed(run(lexicon, body), event_type) == []


def test_lifecycle_a_state_that_signed_is_an_event(lexicon: Lexicon) -> None:
    # near-miss: a named state, not a class of parties
    x = run(lexicon, "Ruritania, which signed the CTBT in 1996, never ratified it.")
    assert ("signing", "actual", "treaty/ctbt") in typed(x, "signing")


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a declared moratorium on implementing a treaty suspends it; lifting it is other
        ("Ruritania declared a moratorium on implementing the CFE Treaty in 2007.",
         [("suspension", "actual", "treaty/cfe-treaty")]),
        ("Ruritania lifted its moratorium on implementing the CFE Treaty.",
         [("other", "actual", "treaty/cfe-treaty")]),
        # sanctions procedures and amendments are other
        ("France triggered the nuclear deal's 'snapback' mechanism on Monday.",
         [("other", "actual", None)]),
        ("UN sanctions were reimposed in September.", [("other", "actual", None)]),
        ("Canada has proposed an amendment to the Chemical Weapons Convention.",
         [("other", "proposed", "treaty/cwc")]),
        # near-misses: something else restored; a law signed is no treaty signed
        ("Diplomatic relations were restored in 2020.", []),
        ("Ruritania suspended New START; the law was signed on Feb. 28.",
         [("suspension", "actual", "treaty/new-start")]),
    ],
)  # fmt: skip
def test_lifecycle_moratoriums_sanctions_and_amendments(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


def test_lifecycle_a_signer_named_after_a_law_still_signs(lexicon: Lexicon) -> None:
    # near-miss for the law-as-subject rule: the law's author is a person who signs
    x = run(lexicon, "The law's author signed New START in 2010.")
    assert typed(x, "signing") == [("signing", "actual", "treaty/new-start")]


# ---- round 4: signing idioms, negation scope, leaving by vote, resolutions, rules --------


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # signing idioms: a signature put, affixed or added to the text
        ("Ruritania and Freedonia put their signatures to the CTBT on Monday.",
         [("signing", "actual", "treaty/ctbt")]),
        ("The two envoys affixed their signatures to New START in Prague.",
         [("signing", "actual", "treaty/new-start")]),
        # a treaty opened for signature: its signing began (guidelines v2)
        ("The Arms Trade Treaty was opened for signature in June 2013.",
         [("signing", "actual", "treaty/att")]),
        ("The Arms Trade Treaty opened for signature on Monday.",
         [("signing", "actual", "treaty/att")]),
        # declining to sign, the treaty understood
        ("The TPNW took effect in 2021. Ruritania, a close ally, has declined to sign.",
         [("entry_into_force", "actual", "treaty/tpnw"), ("signing", "negated", "treaty/tpnw")]),
        # near-misses: a state, not an act; a signature on something else
        ("The Arms Trade Treaty remains open for signature.", []),
        ("Ten states added their names to a petition on the CTBT.", []),
    ],
)  # fmt: skip
def test_lifecycle_signing_idioms_and_opening_for_signature(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # "never" negates its own clause, not the treaty signed in the next one
        ("An aide said START II had never entered into force and that the Moscow Treaty "
         "signed by the two presidents would go further.",
         [("entry_into_force", "negated", "treaty/start-ii"), ("signing", "actual", "treaty/sort")]),
        ("Officials said the INF Treaty had not been ratified but that New START, signed in "
         "Prague, would stand.",
         [("ratification", "negated", "treaty/inf-treaty"), ("signing", "actual", "treaty/new-start")]),
        # a treaty named later in another phrase is not the joining's
        ("Ruritania has no plans to join the TPNW, saying it would rather work through the NPT.",
         [("ratification", "negated", "treaty/tpnw")]),
        # near-miss: a list after the trigger is each treaty's
        ("Ruritania withdrew from the INF Treaty and the Open Skies Treaty.",
         [("withdrawal", "actual", "treaty/inf-treaty"),
          ("withdrawal", "actual", "treaty/open-skies-treaty")]),
    ],
)  # fmt: skip
def test_lifecycle_negation_and_treaty_stay_in_their_clause(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # an intention (or interest) of joining is an attitude's topic: no joining stated
        ("Ruritania had \"no intention\" of joining the TPNW.", []),
        ("Freedonia has no interest in joining the NPT.", []),
        # near-miss: refusing to join is a negated joining
        ("Ruritania refused to join the TPNW.", [("ratification", "negated", "treaty/tpnw")]),
    ],
)  # fmt: skip
def test_lifecycle_an_intention_of_joining_states_no_joining(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a vote for leaving a treaty is a withdrawal still awaiting its notice
        ("The three parliaments approved leaving the Ottawa Convention earlier this year.",
         [("withdrawal", "planned", "treaty/ottawa-convention")]),
        ("The Seimas voted for withdrawing from the Ottawa Convention on Tuesday.",
         [("withdrawal", "planned", "treaty/ottawa-convention")]),
        # near-miss: approving the treaty itself ratifies it
        ("The Seimas approved the treaty on Tuesday, weeks after Lithuania signed the "
         "Ottawa Convention.",
         [("ratification", "actual", "treaty/ottawa-convention"),
          ("signing", "actual", "treaty/ottawa-convention")]),
    ],
)  # fmt: skip
def test_lifecycle_approving_leaving_a_treaty_is_a_planned_withdrawal(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


def test_lifecycle_later_votes_on_the_bill_to_leave(lexicon: Lexicon) -> None:
    x = run(
        lexicon,
        "The three parliaments approved leaving the Ottawa Convention earlier this year. "
        "Freedonia's parliament voted on the bill in April, while the Seimas passed it last "
        "month.",
    )
    assert [(m, d) for m, _, d in stepped(x, "withdrawal")] == [
        ("planned", "2025"), ("planned", "2024-04"), ("planned", "2024-12"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a resolution adopted is other, whatever it finds (guidelines v2)
        ("The IAEA board adopted a resolution finding Ruritania in non-compliance with its "
         "safeguards obligations.", [("other", "actual", None)]),
        ("The board passed a resolution on Ruritania's nuclear safeguards on Friday.",
         [("other", "actual", None)]),
        # near-miss: a resolution of ratification ratifies
        ("The Senate approved the resolution of ratification for New START.",
         [("ratification", "actual", "treaty/new-start")]),
    ],
)  # fmt: skip
def test_lifecycle_resolutions_are_other(lexicon: Lexicon, body: str, found: list[Typed]) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a rule of the treaty: a future counted from a condition is no event
        ("The Arms Trade Treaty will enter into force 90 days after the fiftieth instrument "
         "of ratification is deposited.", []),
        ("The convention shall take effect six months after the 40th ratification.", []),
        # near-misses: the dated past event; a plain future date
        ("The TPNW entered into force 90 days after the fiftieth instrument of ratification "
         "was deposited.", [("entry_into_force", "actual", "treaty/tpnw")]),
        ("The TPNW will enter into force on 22 January.",
         [("entry_into_force", "planned", "treaty/tpnw")]),
    ],
)  # fmt: skip
def test_lifecycle_a_rule_of_entry_into_force_is_no_event(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # "its ratification", "its signature": the treaty under discussion
        ("The CTBT opened for signature in 1996. Ruritania revoked its ratification in "
         "November 2023.",
         [("signing", "actual", "treaty/ctbt"), ("ratification", "revoked", "treaty/ctbt")]),
        ("The Arms Trade Treaty was opened for signature in 2013. Freedonia withdrew its "
         "signature in 2019.",
         [("signing", "actual", "treaty/att"), ("withdrawal", "actual", "treaty/att")]),
        # near-miss: the noun alone names no object of its own
        ("The CTBT opened for signature in 1996. The ratification builds on a long tradition "
         "dating back to 1962.", [("signing", "actual", "treaty/ctbt")]),
    ],
)  # fmt: skip
def test_lifecycle_its_ratification_is_the_treaty_under_discussion(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # no longer bound by a treaty: the party left it (the words hold their negation)
        ("Russia declared on Friday that it no longer considers itself bound by START II.",
         [("withdrawal", "actual", "treaty/start-ii")]),
        ("Russia is no longer bound by the CFE Treaty, officials said.",
         [("withdrawal", "actual", "treaty/cfe-treaty")]),
        # suspending the operation of a treaty suspends it
        ("The allies said they would suspend the operation of the CFE Treaty.",
         [("suspension", "planned", "treaty/cfe-treaty")]),
        # near-misses: still bound; another operation suspended
        ("Russia said it was still bound by the CFE Treaty.", []),
        ("The plant suspended operation of its reactor.", []),
    ],
)  # fmt: skip
def test_lifecycle_no_longer_bound_and_suspended_operation(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a subordinate clause after the verb leaves its object understood
        ("The CTBT opened for signature in 1996. Ruritania has said it will sign once the "
         "translations are ready.",
         [("signing", "actual", "treaty/ctbt"), ("signing", "planned", "treaty/ctbt")]),
        ("The CTBT opened for signature in 1996. Freedonia will sign when its parliament "
         "agrees.",
         [("signing", "actual", "treaty/ctbt"), ("signing", "planned", "treaty/ctbt")]),
        # near-miss: an object of its own, unnamed
        ("The CTBT opened for signature in 1996. Freedonia will sign a trade pact once talks "
         "end.", [("signing", "actual", "treaty/ctbt")]),
    ],
)  # fmt: skip
def test_lifecycle_will_sign_once_leaves_the_treaty_understood(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a past entry into force quoted in a remark is a fact the remark reports
        ('"This seemed out of reach when the convention entered into force in April 1997," '
         "the director of the Chemical Weapons Convention's body said.",
         [("entry_into_force", "actual", "treaty/cwc")]),
        ('"Since the CTBT entered into force, nobody has tested," Doe said.',
         [("entry_into_force", "actual", "treaty/ctbt")]),
        # near-miss: a law taking effect is no entry into force
        ('"The CTBT stands; the law took effect on Monday," Doe said.', []),
    ],
)  # fmt: skip
def test_lifecycle_a_quoted_entry_into_force_is_reported(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body)) == found


@pytest.mark.parametrize(
    ("body", "actors"),
    [
        # a chamber named with its state's possessive: the chamber acts, not also its state
        ("The parliaments approved leaving the Ottawa Convention this year. Latvia's Saeima "
         "voted on the bill in April.", [("org/saeima",)]),
        ("Lawmakers approved leaving the CFE Treaty in May. Russia's State Duma passed the "
         "bill first, and Russia's Federation Council approved it days later.",
         [("org/state-duma",), ("org/federation-council",)]),
    ],
)  # fmt: skip
def test_lifecycle_a_chambers_step_is_not_also_its_states(
    lexicon: Lexicon, body: str, actors: list[tuple[str, ...]]
) -> None:
    assert [a for _, a, _ in stepped(run(lexicon, body), "withdrawal")][1:] == actors


# ---- round 4: paraphrases, nominal acts, conditions, wishes, chambers ---------------------


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a bare "ratified": the treaty under discussion
        ("The TPNW gained two parties. Chile and Peru both signed and ratified.",
         [("ratification", "actual", "treaty/tpnw"), ("signing", "actual", "treaty/tpnw")]),
        ("New START was signed in 2010. Bolivia ratified last week, the ministry said.",
         [("signing", "actual", "treaty/new-start"),
          ("ratification", "actual", "treaty/new-start")]),
        # near-misses: no treaty at all; a bare noun ("more ratifications") means none
        ("The senators ratified nothing that year.", []),
        ("The TPNW entered into force in 2021. ICAN said it expected more ratifications "
         "this year.", []),
    ],
)  # fmt: skip
def test_lifecycle_a_bare_ratified_means_the_treaty_under_discussion(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "ratification", "signing") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # renewing a treaty extends it
        ("Both capitals want to renew New START before the deadline.",
         [("extension", "proposed", "treaty/new-start")]),
        ("New START was due to lapse. Moscow and Washington renewed the pact for five years.",
         [("extension", "actual", "treaty/new-start")]),
        ("Talks on New START dragged on. Any renewal of the accord needs both sides.",
         [("extension", "actual", "treaty/new-start")]),
        # near-misses: a call or ties renewed, not a treaty; a renewal as the topic of talks
        ("New START was discussed. They renewed their call for calm on Monday.", []),
        ("Diplomats from both capitals opened a round of talks in Vienna on Tuesday about a "
         "renewal of New START.", []),
        ("New START was discussed. Both sides welcomed the renewal of contacts.", []),
    ],
)  # fmt: skip
def test_lifecycle_renewing_a_treaty_is_an_extension(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "extension") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Long delayed by Moscow, the Open Skies Treaty finally became effective in January "
         "2002.", [("entry_into_force", "actual", "treaty/open-skies-treaty")]),
        ("The CTBT became operative in 2005.",
         [("entry_into_force", "actual", "treaty/ctbt")]),
        # near-miss: a ban becoming effective is no treaty entering into force
        ("The CTBT was debated. The ban on imports became effective in May.", []),
    ],
)  # fmt: skip
def test_lifecycle_becoming_effective_is_entry_into_force(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "entry_into_force") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # approving changes to a treaty amends it (guidelines v2: amendments are other)
        ("The Senate approved the changes to New START in May.",
         [("other", "actual", "treaty/new-start")]),
        ("The Duma approved two revisions to the CFE Treaty on Friday.",
         [("other", "actual", "treaty/cfe-treaty")]),
        # near-miss: approving the treaty itself ratifies it
        ("New START was sent to the Senate. The Senate approved the treaty on Friday.",
         [("ratification", "actual", "treaty/new-start")]),
    ],
)  # fmt: skip
def test_lifecycle_approving_changes_amends_the_treaty(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "ratification", "other") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a weapons test named by a noun (guidelines v2: tests are other)
        ("North Korea said its rocket test last week was a success.",
         [("other", "actual", None)]),
        ("Pakistan is weighing the option of a fresh nuclear test, officials say.",
         [("other", "hypothetical", None)]),
        ("The recent test of a hypersonic missile showed our resolve, the minister said.",
         [("other", "actual", None)]),
        # a test named again beside the act stated: one event
        ("Ruritania said it tested a warhead on Tuesday, its fourth underground nuclear test "
         "in a decade.", [("other", "actual", None)]),
        # near-misses: no weapons test, or one forbidden, feared or opposed
        ("The talks on New START were a test of wills.", []),
        ("The CTBT bans nuclear tests of any yield.", []),
        ("Fears of a nuclear test grew in Seoul.", []),
        ("Doe, a longtime campaigner against nuclear testing, spoke in Vienna.", []),
        ("The Senate debated the CTBT, which commits its parties to put an end to nuclear "
         "test explosions.", []),
        ("The tremor, which Tokyo suspects was a nuclear test, was felt in Busan.", []),
        ("Tokyo suspects the tremor was a nuclear test.", []),
        ("The Comprehensive Nuclear Test Ban Treaty was signed in 1996.", []),
    ],
)  # fmt: skip
def test_lifecycle_a_test_named_by_a_noun_is_other(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "other") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # adopting a text, making a body (guidelines v2: "adoption of texts" is other)
        ("Adoption of the joint text on the CTBT came late on Friday.",
         [("other", "actual", "treaty/ctbt")]),
        ("Delegates closed the BWC review meeting late on Friday with the adoption of a final "
         "declaration.", [("other", "actual", "treaty/bwc")]),
        ("The BWC review meeting created an expert body to look at compliance.",
         [("other", "actual", "treaty/bwc")]),
        ("The parties set up an expert panel to strengthen the Chemical Weapons Convention.",
         [("other", "actual", "treaty/cwc")]),
        # near-misses: no text or body of arms control
        ("The adoption of children by foreigners was debated in the Duma.", []),
        ("The ministry set up a commission on farm prices.", []),
        ("The envoys set up a meeting on New START for May.", []),
    ],
)  # fmt: skip
def test_lifecycle_adopting_texts_and_making_bodies_are_other(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "other") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a breach in a condition accuses no one; the main clause after it is hypothetical
        ("Putin warned that if the US violates the ABM Treaty, Russia will leave New START.",
         [("withdrawal", "hypothetical", "treaty/new-start")]),
        ("Unless Ruritania breaches the CTBT, Freedonia will stay in it.", []),
        # near-misses: an accusation made; a question asked is no condition
        ("Russia accused the US of violating the INF Treaty.",
         [("violation_accusation", "actual", "treaty/inf-treaty")]),
        ("Asked if the pact was dead, Lavrov said Russia had left the INF Treaty.",
         [("withdrawal", "actual", "treaty/inf-treaty")]),
    ],
)  # fmt: skip
def test_lifecycle_a_condition_states_no_breach_and_makes_a_hypothesis(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    x = run(lexicon, body)
    assert typed(x, "withdrawal", "violation_accusation") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a withdrawal taking effect, an appositive between: no entry into force
        ("The US decision to withdraw from the INF Treaty, a decision backed by all allies, "
         "is now taking effect.", []),
        ("Freedonia's exit from the CFE Treaty, announced by its cabinet last spring, took "
         "effect on Monday.", []),
        # near-miss: the treaty itself, an appositive between, entered into force
        ("The INF Treaty, signed in 1987 by both powers, entered into force in 1988.",
         [("entry_into_force", "actual", "treaty/inf-treaty")]),
    ],
)  # fmt: skip
def test_lifecycle_what_takes_effect_is_read_past_an_appositive(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "entry_into_force") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a third party's wish about others' step proposes nothing
        ("Japan hopes Washington and Moscow will keep talking until New START is extended, a "
         "spokesman said.", []),
        ("Beijing hopes Washington extends New START.", []),
        # near-misses: one's own wish or offer proposes it
        ("Moscow hopes to extend New START by five years.",
         [("extension", "proposed", "treaty/new-start")]),
        ("Russia is ready to extend New START, Peskov said.",
         [("extension", "proposed", "treaty/new-start")]),
    ],
)  # fmt: skip
def test_lifecycle_a_wish_about_another_partys_step_proposes_nothing(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "extension") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a count of a chamber's members voting is part of the chamber's vote
        ("The Senate ratified New START 71-26. Eight Democrats crossed the aisle to vote for "
         "the pact.", [("ratification", "actual", "treaty/new-start")]),
        ("The Duma ratified the CTBT. Forty-five deputies voted against the treaty.",
         [("ratification", "actual", "treaty/ctbt")]),
        # near-miss: a count of states acting on a date is an act (guidelines v2)
        ("The TPNW conference opened in Vienna. On Wednesday, 31 governments signed the pact.",
         [("signing", "actual", "treaty/tpnw")]),
    ],
)  # fmt: skip
def test_lifecycle_a_count_of_members_voting_is_no_event(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "ratification", "signing", "other") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # "no <act> was agreed": that act, negated, and no signing
        ("Both sides held talks on New START for months. No extension was agreed before the "
         "deadline.", [("extension", "negated", "treaty/new-start")]),
        ("New START expires soon. No renewal was concluded.",
         [("extension", "negated", "treaty/new-start")]),
        # near-miss: a treaty concluded is signed
        ("The CTBT was concluded in 1996.", [("signing", "actual", "treaty/ctbt")]),
    ],
)  # fmt: skip
def test_lifecycle_an_act_agreed_on_is_no_signing(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "signing", "extension") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a notice reports a future as a speech verb does: planned
        ("Russia gave formal notice that it would leave the Open Skies Treaty.",
         [("withdrawal", "planned", "treaty/open-skies-treaty")]),
        ("Ruritania served notice on Monday that it would quit the CTBT.",
         [("withdrawal", "planned", "treaty/ctbt")]),
        # near-miss: a condition keeps it hypothetical
        ("Russia said it would leave the Open Skies Treaty if the sanctions returned.",
         [("withdrawal", "hypothetical", "treaty/open-skies-treaty")]),
    ],
)  # fmt: skip
def test_lifecycle_notice_that_it_would_leave_is_planned(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "withdrawal") == found


@pytest.mark.parametrize(
    ("body", "event_type", "actors"),
    [
        # guidelines v2: each chamber's step is an event of its own
        ("The Duma and then the Federation Council ratified New START in January.",
         "ratification", [("org/state-duma",), ("org/federation-council",)]),
        ("The Duma and then the Federation Council approved the bill suspending Russia's "
         "participation in New START.",
         "suspension", [("org/state-duma",), ("org/federation-council",)]),
        # near-miss: two states acting together are one event
        ("Russia and the United States ratified New START in 2011.",
         "ratification", [("state/russia", "state/united-states")]),
    ],
)  # fmt: skip
def test_lifecycle_coordinated_chambers_each_take_their_step(
    lexicon: Lexicon, body: str, event_type: str, actors: list[tuple[str, ...]]
) -> None:
    assert [a for _, a, _ in stepped(run(lexicon, body), event_type)] == actors


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # the deposit of a state's instrument: that state ratified the treaty under discussion
        ("The TPNW needs 50 parties. With the deposit of Peru’s instrument of ratification "
         "on 2 May, the count is now 41.", [("ratification", "actual", "treaty/tpnw")]),
        ("The CTBT was debated again. The exchange of the two states' instruments of "
         "ratification followed in June.", [("ratification", "actual", "treaty/ctbt")]),
        # near-miss: a deposit of something else
        ("The TPNW needs 50 parties. The deposit of Peru's funds came on 2 May.", []),
    ],
)  # fmt: skip
def test_lifecycle_the_deposit_of_a_states_instrument_is_ratification(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    assert typed(run(lexicon, body), "ratification") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a future reported with a date before "that" or a long subject is planned, and an
        # ultimatum ("unless ...") too
        ("South Sudan announced on Wednesday that it would accede to the Chemical Weapons "
         "Convention.", [("ratification", "planned", "treaty/cwc")]),
        ("The White House said the U.S. suspension of all CFE Treaty obligations would take "
         "effect on December 7.", [("suspension", "planned", "treaty/cfe-treaty")]),
        ("Doe announced that Ruritania would withdraw from the CTBT in six months unless "
         "Freedonia destroyed its missiles.", [("withdrawal", "planned", "treaty/ctbt")]),
        ("Freedonia said it would quit the CTBT next year unless its neighbour halted the "
         "tests.", [("withdrawal", "planned", "treaty/ctbt")]),
        # a threat hangs on the other side: hypothetical
        ("Putin threatened that Russia would leave the INF Treaty.",
         [("withdrawal", "hypothetical", "treaty/inf-treaty")]),
        ("The junta threatened on Monday that Ruritania would abandon the CFE Treaty.",
         [("withdrawal", "hypothetical", "treaty/cfe-treaty")]),
        ("Freedonia is threatening to pull out of the CTBT.",
         [("withdrawal", "hypothetical", "treaty/ctbt")]),
        # starting the process of leaving: planned
        ("Freedonia has initiated the procedure for leaving the CFE Treaty, its cabinet said.",
         [("withdrawal", "planned", "treaty/cfe-treaty")]),
        ("On 1 March, Ruritania announced the start of its CTBT termination process.",
         [("withdrawal", "planned", "treaty/ctbt")]),
        # an expiry is scheduled, never planned; "ahead of" an expiry: still to come
        ("Doe said Russia would keep to the limits of New START until its expiry on Feb. 5, "
         "2026.",
         [("expiry", "scheduled", "treaty/new-start")]),
        ("Doe spoke on Thursday ahead of the New START expiration on February 5.",
         [("expiry", "scheduled", "treaty/new-start")]),
        ("The envoys met on the eve of the expiry of New START on February 5.",
         [("expiry", "scheduled", "treaty/new-start")]),
        # a coordinated verb's negation is its own ("and will not return")
        ("Moscow exited the Open Skies Treaty in 2021 and would not return to it, Lavrov said.",
         [("withdrawal", "actual", "treaty/open-skies-treaty")]),
        ("Ruritania left the CTBT in May and will not rejoin it.",
         [("withdrawal", "actual", "treaty/ctbt")]),
    ],
)  # fmt: skip
def test_lifecycle_reported_futures_ultimatums_and_processes(
    lexicon: Lexicon, body: str, found: list[Typed]
) -> None:
    x = run(lexicon, body)
    assert typed(x, "ratification", "suspension", "withdrawal", "expiry") == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # speech acts are made, whatever they wish for
        ("Rutte called for talks on arms control next month.",
         [("call_for_talks", "actual")]),
        ('Trump said in January that he would "like to see" a new deal that also included '
         "China.", [("call_for_talks", "actual")]),
        ("The Kremlin said Washington's plans to station rockets in Germany amount to a "
         "breach of the INF Treaty.", [("violation_accusation", "actual")]),
        ("Tokyo said the launches Beijing has planned violate the INF Treaty.",
         [("violation_accusation", "actual")]),
        # seeking an extension proposes it
        ("Moscow is seeking a one-year extension of New START, Peskov said.",
         [("extension", "proposed")]),
        ("Paris will seek to prolong the CFE Treaty by two years, a diplomat said.",
         [("extension", "proposed")]),
        # near-miss: a step one will take is planned, not sought
        ("Moscow will extend New START by a year, Peskov said.", [("extension", "planned")]),
    ],
)  # fmt: skip
def test_lifecycle_speech_acts_keep_their_modality(
    lexicon: Lexicon, body: str, found: list[tuple[str, str]]
) -> None:
    wanted = ("call_for_talks", "violation_accusation", "extension")
    assert [(e.type, e.modality) for e in run(lexicon, body).events if e.type in wanted] == found
