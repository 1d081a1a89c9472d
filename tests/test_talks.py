"""Talks, meetings and calls for talks as news words them, beyond "held talks" and "met":
the verb "negotiate", talks a relative clause holds, leading or renewing them, a failed
attempt at a deal, deal-making wishes, conversations, hosted conferences, contacts with
counterparts and councils taking a matter up; and the near misses that are none of these."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.extract import extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article

_TALKS = ("call_for_talks", "negotiation", "meeting_or_call")


def talks(lexicon: Lexicon, body: str) -> list[tuple[str, str]]:
    """The talks-like events of a body published on Wednesday 5 March 2025: (type, modality)."""
    found = extract(Article(body, published=date(2025, 3, 5)), lexicon)
    return [(e.type, e.modality) for e in found.events if e.type in _TALKS]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Envoys of the two states bargained for weeks over warhead caps.", [("negotiation", "actual")]),
        ("The delegations negotiated the final text line by line.", [("negotiation", "actual")]),
        ("Norwegian diplomats mediated between Ruritania and Freedonia.", [("negotiation", "actual")]),
        # near misses: a bargaining chip is no talks; readiness to negotiate is a call
        ("Moscow kept the missiles as a bargaining chip.", []),
        ("Moscow is ready to negotiate with Washington.", [("call_for_talks", "actual")]),
        ("Qatar offered to mediate between the two sides.", [("call_for_talks", "actual")]),
    ],
)  # fmt: skip
def test_talks_the_verb_negotiate_says_talks_were_held(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Biden recalled the talks he held with the Chinese president in 2021.", [("negotiation", "actual")]),
        ("She praised the negotiations that Oman hosted last year.", [("negotiation", "actual")]),
        ("Oman led the talks in Muscat on Monday.", [("negotiation", "actual")]),
        ("The two sides renewed their dialogue on strategic stability.", [("negotiation", "actual")]),
        # near misses: talks only hoped for, talks as the topic of a position or a view
        ("He described the talks he had hoped for.", []),
        ("China's position on trilateral talks involving Russia and the United States is clear.", []),
        ("Her view on talks with Tehran has not changed.", []),
    ],
)  # fmt: skip
def test_talks_held_led_or_renewed_are_a_negotiation_a_topic_is_not(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("An attempt to broker a compromise on warhead limits collapsed on Monday.",
         [("negotiation", "failed")]),
        ("Efforts by senators to forge a compromise under which the vote would be deferred, "
         "most likely until next year, fell apart on Tuesday.", [("negotiation", "failed")]),
        ("Mediators brokered a deal on missile limits in Geneva.", [("negotiation", "actual")]),
        # near miss: what is forged is no deal
        ("The two leaders forged a close friendship over the years.", []),
    ],
)  # fmt: skip
def test_talks_an_attempt_at_a_deal_that_fell_apart_failed(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Washington has expressed interest in China joining the arms control negotiations.",
         [("call_for_talks", "actual")]),
        ("The president says he wants to make a deal with Russia on nuclear weapons.",
         [("call_for_talks", "actual")]),
        ("Moscow is ready to strike an arms deal with Washington.", [("call_for_talks", "actual")]),
        # talks held and a call for more in one sentence are two events
        ("Oman, which mediated two rounds of talks last year, has offered to host a new round.",
         [("call_for_talks", "actual"), ("negotiation", "actual")]),
        ("Norway, which hosted talks between the two sides in May, proposed a new round of "
         "negotiations.", [("call_for_talks", "actual"), ("negotiation", "actual")]),
        # near misses: a peace or trade deal is no arms-control deal
        ("Kyiv is ready to strike a peace deal.", []),
        ("Beijing wants to make a trade deal with Washington.", []),
    ],
)  # fmt: skip
def test_talks_wishes_for_talks_or_a_deal_are_calls_for_talks(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Lavrov spoke with his US counterpart on Friday.", [("meeting_or_call", "actual")]),
        ("Putin talked with Macron about the treaty.", [("meeting_or_call", "actual")]),
        ("Ruritania hosted a disarmament conference in 1962.", [("meeting_or_call", "actual")]),
        ("Finland will convene a summit of the two leaders in Helsinki.",
         [("meeting_or_call", "planned")]),
        ("During their interaction on March 3 with US counterparts, Russian officials raised "
         "the data issue.", [("meeting_or_call", "actual")]),
        ("Contacts with their Chinese colleagues continued in Beijing.",
         [("meeting_or_call", "actual")]),
        # near misses: the press, a manner, a news conference, severed contacts
        ("Lavrov spoke with reporters on Friday.", []),
        ("He spoke with conviction about the weather.", []),
        ("The minister held a news conference on Friday.", []),
        ("Washington has severed all contacts with Moscow.", []),
    ],
)  # fmt: skip
def test_talks_conversations_conferences_and_contacts_are_meetings(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The Joint Commission — which includes every party — will now review the dispute.",
         [("meeting_or_call", "planned")]),
        ("The Security Council, which Malta chairs this month, will discuss the matter.",
         [("meeting_or_call", "planned")]),
        ("The board will consider the dispute on Thursday.", [("meeting_or_call", "planned")]),
        # near misses: a chamber taking up a bill, a review by nobody's council
        ("The Federation Council will debate the ratification bill.", []),
        ("Experts will review the data.", []),
        ("The council considers the treaty vital.", []),
    ],
)  # fmt: skip
def test_talks_a_council_or_commission_taking_a_matter_up_meets(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # meeting for talks: the talks are the event (guidelines v2: talks held = negotiation)
        ("Diplomats met in Geneva last week for a further round of talks under the Biological "
         "Weapons Convention.", [("negotiation", "actual")]),
        ("The two delegations met on Monday to resume negotiations on New START.",
         [("negotiation", "actual")]),
        # near-miss: a meeting with no talks named
        ("Putin met Trump in Helsinki on Monday.", [("meeting_or_call", "actual")]),
    ],
)  # fmt: skip
def test_talks_a_meeting_for_talks_is_negotiation(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


def events_of(lexicon: Lexicon, body: str) -> list[tuple[str, str, str | None]]:
    """Every event of a body published on Wednesday 5 March 2025: (type, modality, treaty)."""
    found = extract(Article(body, published=date(2025, 3, 5)), lexicon)
    return [(e.type, e.modality, e.treaty) for e in found.events]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a ceremony held is a meeting; the act nouns that modify it are no acts of their own
        ("The TPNW took effect in 2021. The depositary organised a ratification and signature "
         "ceremony for the pact on Monday.", [("meeting_or_call", "actual", "treaty/tpnw")]),
        ("The TPNW took effect in 2021. Austria hosted a signing ceremony for the treaty in "
         "Vienna on Monday.", [("meeting_or_call", "actual", "treaty/tpnw")]),
        # near misses: an act at the ceremony stands, and so does the act beside a modifier
        ("The TPNW took effect in 2021. Peru's ratification of the treaty came at the "
         "ceremony on Monday.", [("ratification", "actual", "treaty/tpnw")]),
        ("The TPNW took effect in 2021. The ratification ceremony drew a crowd, and Chile "
         "ratified the treaty there on Monday.", [("ratification", "actual", "treaty/tpnw")]),
    ],
)  # fmt: skip
def test_talks_a_ceremony_is_a_meeting_not_the_act_that_names_it(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert events_of(lexicon, body)[1:] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # agreeing or deciding to draft a new deal plans talks on it; the deal is unnamed
        ("The two capitals agreed in March to draft a successor accord.",
         [("negotiation", "planned")]),
        ("Russia and the United States decided on Monday to negotiate a new arms agreement.",
         [("negotiation", "planned")]),
        ("Moscow and Washington agreed last year to work out a new deal on warheads to "
         "replace New START.", [("negotiation", "planned")]),
        # near misses: agreeing to an act that is no deal; a deal that is no arms deal
        ("Moscow and Washington agreed to cut their warheads by a third.", []),
        ("The two sides agreed to draft a new trade deal.", []),
    ],
)  # fmt: skip
def test_talks_agreeing_to_draft_a_new_deal_plans_negotiation(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected
    assert all(treaty is None for _, _, treaty in events_of(lexicon, body))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a determiner "no" before the talks or the meeting denies them
        ("The two countries have held no talks on arms control since 2022.",
         [("negotiation", "negated")]),
        ("No formal meeting between the two envoys took place in March.",
         [("meeting_or_call", "negated")]),
        ("Officials said there had been no contacts with their counterparts.",
         [("meeting_or_call", "negated")]),
        # near misses: an idiom, and talks held
        ("There is no doubt that the envoys held talks in Geneva on Monday.",
         [("negotiation", "actual")]),
        ("The envoys held talks in Geneva on Monday, with no breakthrough.",
         [("negotiation", "actual")]),
    ],
)  # fmt: skip
def test_talks_no_talks_held_are_negated(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a treaty step that is the topic of talks is no step taken: the talks are the event
        ("Diplomats from both capitals opened a round of talks in Vienna on Tuesday about a "
         "renewal of New START.", [("negotiation", "actual", "treaty/new-start")]),
        ("Negotiations over the extension of New START stalled in May.",
         [("negotiation", "actual", "treaty/new-start")]),
        # near-miss: the step taken after the talks stands
        ("The talks ended, and the two sides extended New START on Friday.",
         [("extension", "actual", "treaty/new-start"),
          ("negotiation", "actual", "treaty/new-start")]),
    ],
)  # fmt: skip
def test_talks_a_step_that_is_the_topic_of_talks_is_no_step(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert events_of(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the parties of the talks may follow their topic
        ("Varga will travel to Geneva next week for consultations on small arms with European "
         "counterparts.", [("negotiation", "planned")]),
        ("Talks about nuclear arms between Moscow and Washington resumed in Vienna.",
         [("negotiation", "actual")]),
        # near-miss: a topic with the press is no party
        ("His remarks on talks about the treaty with reporters drew criticism.", []),
    ],
)  # fmt: skip
def test_talks_parties_named_after_the_topic_hold_them(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # failing to agree is talks that failed
        ("The treaty lapsed after Moscow and Washington failed to agree on how to keep its "
         "limits.", [("negotiation", "failed")]),
        ("The envoys failed to reach a deal on warhead limits in Geneva on Monday.",
         [("negotiation", "failed")]),
        # near-miss: failing to reach a place
        ("The delegation failed to reach Geneva in time for the vote.", []),
    ],
)  # fmt: skip
def test_talks_failing_to_agree_is_failed_negotiation(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a gerund after a preposition, with no parties of its own, names an activity
        ("Progress has been slowed by bargaining about the radar base.", []),
        ("Progress came only through haggling over every clause.", []),
        # near misses: a gerund with parties holds talks; the finite verb does
        ("Oman helped by mediating between the two sides.", [("negotiation", "actual")]),
        ("The envoys bargained for weeks over warhead caps.", [("negotiation", "actual")]),
    ],
)  # fmt: skip
def test_talks_an_activity_gerund_is_no_event(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert talks(lexicon, body) == expected
