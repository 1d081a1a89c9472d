"""The treaty field (guidelines v2): the treaty a sentence names, refers to by an anaphor,
or describes in a way the text ties to a name; never one carried over from the sentence
before, never one named only inside a remark reported after the event."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.cues import folded
from treatykg.ingest.extract import extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article, Mention, Span
from treatykg.ingest.treaty_refs import (
    described_treaties,
    family_object,
    names_treaty_noun,
    refers_to_treaty,
)


def treaties(lexicon: Lexicon, body: str, event_type: str) -> list[str | None]:
    """The treaty of each event of one type in a body published on 5 March 2025."""
    found = extract(Article(body, published=date(2025, 3, 5)), lexicon)
    return [e.treaty for e in found.events if e.type == event_type]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the name in the same sentence, after a naming phrase
        ("In 2002 the two leaders signed an accord on cutting warheads; it became known as "
         "the Moscow Treaty.", ["treaty/sort"]),
        # the name in the next sentence, by an anaphor with a naming phrase
        ("In 2002 the two presidents signed a treaty on cutting strategic warheads. The "
         "treaty, known as SORT, took effect a year later.", ["treaty/sort"]),
        # the same description again, further on, beside its name
        ("In 1979 the two countries signed a treaty on the limitation of strategic offensive "
         "arms. It was a warm day. Carter and Brezhnev had signed an agreement on the "
         "limitation of strategic offensive arms, later called SALT II.",
         ["treaty/salt-ii"]),  # (the later mention restates the signing: one event)
        # a name in apposition right after the description
        ("In 2002 they signed a treaty on cutting strategic warheads, the Moscow Treaty, in "
         "Moscow.", ["treaty/sort"]),
        # near misses: a new treaty replacing a named one; a description named otherwise
        ("Russia signed a new arms treaty, replacing START I.", [None]),
        ("In 1991 they signed a treaty on fishing rights. In 2002 they signed an accord on "
         "cutting warheads, known as the Moscow Treaty.", [None, "treaty/sort"]),
    ],
)  # fmt: skip
def test_treaty_refs_a_description_takes_the_name_the_text_ties_to_it(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, "signing") == expected


def test_treaty_refs_described_treaties_by_sentence() -> None:
    body = "They signed a pact on naval drills; it became known as Sea Pact. It held."
    sea = Mention("treaty/sea", "Treaty", "Sea Pact", Span(55, 63))
    assert body[55:63] == "Sea Pact"
    assert described_treaties(body, [Span(0, 64), Span(65, len(body))], [sea]) == {0: "treaty/sea"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Russia ratified the Chemical Weapons Convention in 1997. France said the attack "
         "killed dozens of people with chemical weapons.", [None]),
        ("New START expired in February. Moscow said it would keep its warheads on alert.", [None]),
        # near miss: an anaphor ("the treaty") refers to the treaty named before
        ("New START expired in February. Moscow said the treaty had served its purpose.",
         ["treaty/new-start"]),
    ],
)  # fmt: skip
def test_treaty_refs_a_statement_takes_no_treaty_from_the_sentence_before(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, "statement") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Russian officials said during their interaction with US counterparts on Monday that "
         "Moscow would stop sending New START data.", [None]),
        ("The envoys met in Geneva on Friday and told reporters that the INF Treaty was dead.",
         [None]),
        # near misses: the treaty is what the meeting is about, or the CTBTO is no treaty
        ("The envoys met in Geneva on Friday to discuss the INF Treaty.", ["treaty/inf-treaty"]),
        ("The CTBTO held a meeting in Vienna on Monday.", [None]),
    ],
)  # fmt: skip
def test_treaty_refs_a_treaty_inside_a_remark_reported_later_is_not_the_meetings(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, "meeting_or_call") == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        ("START I was replaced by START II in 1993.", "other", ["treaty/start-i"]),
        ("START I was replaced by New START in 2011.", "other", ["treaty/start-i"]),
        # near miss: a list of treaties after the trigger is what it concerns
        ("In 2019 the United States withdrew from the INF Treaty and the Open Skies Treaty.",
         "withdrawal", ["treaty/inf-treaty", "treaty/open-skies-treaty"]),
    ],
)  # fmt: skip
def test_treaty_refs_the_agent_of_a_passive_is_not_the_treaty_it_concerns(
    lexicon: Lexicon, body: str, event_type: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The USSR signed SALT-II in 1979.", ["treaty/salt-ii"]),
        ("The two leaders signed SALT 2 in Vienna.", ["treaty/salt-ii"]),
        ("Yeltsin signed START-2 in 1993.", ["treaty/start-ii"]),
        # near miss: a number the KB gives another treaty of the series stays that treaty's
        ("Medvedev signed START-3 in Prague.", ["treaty/new-start"]),
    ],
)  # fmt: skip
def test_treaty_refs_one_treaty_under_hyphen_space_and_numeral_spellings(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, "signing") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Vienna hosted the NPT Review Conference in May.", ["treaty/npt"]),
        ("Geneva will host the BWC Review Conference next year.", ["treaty/bwc"]),
        # near misses: an organization or a conference named after no treaty names none
        ("The CTBTO held a meeting in Vienna on Monday.", [None]),
        ("Switzerland hosted the Munich Security Conference.", [None]),
    ],
)  # fmt: skip
def test_treaty_refs_a_conference_named_after_a_treaty_names_it(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, "meeting_or_call") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "the <year> ... deal": the treaty named before that was made that year
        ("Iran said it would keep to the JCPOA. Inspectors cited the NPT. The United States, "
         "which abandoned the 2015 nuclear deal in May 2018, objected.", ["treaty/jcpoa"]),
        ("Moscow praised the NPT and the JCPOA. Inspectors cited the CTBT. Washington left "
         "the 2015 accord in 2018.", ["treaty/jcpoa"]),
        # near-miss: no treaty of that year named before
        ("Inspectors cited the NPT. Washington left the 2015 deal in May 2018.", [None]),
    ],
)  # fmt: skip
def test_treaty_refs_a_treaty_described_by_its_year(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, "withdrawal") == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # an indefinite treaty noun as the subject is a treaty the text does not name
        ("New START was signed in 2010. In 2012, a follow-up agreement on naval forces was "
         "concluded in Oslo.", "signing", ["treaty/new-start", None]),
        ("The INF Treaty was signed in 1987. A successor pact limiting cruise missiles "
         "entered into force in 1991.", "entry_into_force", [None]),
        # near-miss: a definite one is the treaty under discussion
        ("New START was signed in 2010. In 2021, the agreement was extended in Geneva.",
         "extension", ["treaty/new-start"]),
    ],
)  # fmt: skip
def test_treaty_refs_an_indefinite_subject_is_not_the_salient_treaty(
    lexicon: Lexicon, body: str, event_type: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # the treaty a quotation names is the remark's topic, not the call's or the meeting's
        ('"We will draft a paper on New START before winter," Ushakov said after the two '
         "leaders held a telephone call.", "meeting_or_call", [None]),
        ('"The INF Treaty is dead," Lavrov said after he met Blinken in Vienna.',
         "meeting_or_call", [None]),
        # near misses: named outside the quotation; the remark itself keeps it
        ('"It is dead," Lavrov said after he met Blinken to discuss the INF Treaty.',
         "meeting_or_call", ["treaty/inf-treaty"]),
        ('"The INF Treaty is dead," Lavrov said after he met Blinken in Vienna.',
         "statement", ["treaty/inf-treaty"]),
    ],
)  # fmt: skip
def test_treaty_refs_a_treaty_named_only_inside_a_quotation_is_not_the_events(
    lexicon: Lexicon, body: str, event_type: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a family of treaties: the event stands, with no one treaty
        ("New START was signed in 2010. Medvedev said Moscow might abandon the remaining "
         "START treaties.", [None]),
        ("New START was signed in 2010. Ruritania may quit several arms control treaties "
         "next year.", [None]),
        # near-miss: a list of named treaties, one event per treaty
        ("The United States withdrew from the INF Treaty and the Open Skies Treaty.",
         ["treaty/inf-treaty", "treaty/open-skies-treaty"]),
    ],
)  # fmt: skip
def test_treaty_refs_a_family_of_treaties_keeps_the_event_without_a_treaty(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert treaties(lexicon, body, "withdrawal") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an accusation charges a treaty breach: a treaty named or referred to, or a breach
        ("Iran accused the three European powers of flouting their obligations under the "
         "deal.", 1),
        ("Russia accused the United States of breaking the INF Treaty.", 1),
        # near-miss: a charge of something else
        ("Tehran accused Brussels of callously brushing aside appeals from its neighbours.", 0),
    ],
)  # fmt: skip
def test_treaty_refs_an_accusation_charges_a_treaty_breach(
    lexicon: Lexicon, body: str, expected: int
) -> None:
    assert len(treaties(lexicon, body, "violation_accusation")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Moscow may abandon all of its remaining arms pacts.", True),  # after the trigger
        ("Moscow might abandon the remaining START treaties", True),  # ending the trigger
        ("Moscow might abandon the INF and Open Skies treaties", False),  # a list
        ("Moscow might abandon the treaty", False),  # one treaty
        ("Moscow might abandon the remaining Treaties", True),  # in any case
    ],
)
def test_treaty_refs_a_family_of_treaties_stands_for_no_one_treaty(
    body: str, expected: bool
) -> None:
    trigger_end = body.index("abandon") + len("abandon")
    end = trigger_end if body.endswith(".") else len(body)
    assert family_object(body, end) is expected


@pytest.mark.parametrize(
    ("text", "refers"),
    [
        ("Lima left THE TREATY in May.", True),
        ("Lima signed the Peace Deal.", False),
        ("Lima\u00a0left the\u00a0Pact.", True),
        ("The Ban on imports held.", False),
        ("\u0130zmir left the treaty.", True),  # a letter that folds otherwise: case-blind
    ],
)
def test_treaty_refs_folded_body_finds_the_same_nouns(text: str, refers: bool) -> None:
    """The nouns looked for on the folded body are the case-blind search's."""
    span = Span(0, len(text))
    assert refers_to_treaty(text, span, folded(text)) is refers_to_treaty(text, span) is refers
    assert names_treaty_noun(text, folded(text), span) is names_treaty_noun(text, None, span)
