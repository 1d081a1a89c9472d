"""The treaty field and speech occasions as general mechanisms (guidelines v2, "Treaty" and
"Speech"): anaphors by class, pronouns in any position, shared objects, salience outside
quotations, relative clauses, occasions named after a treaty act. Our own sentences, each
mechanism with two wordings and a near miss."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.extract import extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article, Mention, Span
from treatykg.ingest.speech import titled_voices


def found(lexicon: Lexicon, body: str, event_type: str) -> list[tuple[str | None, str]]:
    """(treaty, modality) of each event of one type in a body published on 9 June 2025."""
    events = extract(Article(body, published=date(2025, 6, 9)), lexicon).events
    return [(e.treaty, e.modality) for e in events if e.type == event_type]


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        ("Mali joined the CTBT long ago. Ruritania, by contrast, has never ratified the "
         "test ban.", "ratification", [("treaty/ctbt", "negated")]),
        ("Mali joined the CTBT long ago. Freedonia's parliament refuses even to debate "
         "this ban, and its president has not signed the ban.", "signing",
         [("treaty/ctbt", "negated")]),
        # near miss: a ban with a complement of its own is a measure, not the treaty
        ("Mali joined the CTBT long ago. Ruritania has not ratified the ban on fishing "
         "nets.", "ratification", []),
    ],
)  # fmt: skip
def test_generality_refs_a_definite_ban_refers_to_the_treaty_under_discussion(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str | None, str]]
) -> None:
    assert [x for x in found(lexicon, body, event_type) if x[1] != "actual"] == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        # name -> "the treaty" -> "It": the chain holds through a noun
        ("Brazil welcomed the Chemical Weapons Convention in 1992. The treaty was signed "
         "by many states in Paris. It entered into force in 1997.", "entry_into_force",
         [("treaty/cwc", "actual")]),
        ("Delegates praised the Arms Trade Treaty. Later that year the accord gathered "
         "dozens of signatures. It took effect in late 2014.", "entry_into_force",
         [("treaty/att", "actual")]),
        # near miss: a dummy "It" says nothing of the treaty
        ("Delegates praised the Arms Trade Treaty. Later that year the accord gathered "
         "dozens of signatures. It is unclear when it takes effect.", "entry_into_force",
         []),
    ],
)  # fmt: skip
def test_generality_refs_it_after_a_sentence_referring_to_the_treaty(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str | None, str]]
) -> None:
    assert found(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        ("Chile ratified the CTBT in 2000. Peru has still not ratified it.",
         "ratification", [("treaty/ctbt", "actual"), ("treaty/ctbt", "negated")]),
        ("Chile ratified the CTBT in 2000. Bolivia ratified too, a month later.",
         "ratification", [("treaty/ctbt", "actual"), ("treaty/ctbt", "actual")]),
        ("Ghana signed the TPNW in 2019. Togo signed it as well, in Lome.",
         "signing", [("treaty/tpnw", "actual"), ("treaty/tpnw", "actual")]),
        # near misses: the pronoun stands for a law; more follows the pronoun
        ("The CTBT was signed in 1996. The new law entered the books the day the premier "
         "signed it.", "signing", [("treaty/ctbt", "actual")]),
        ("The CTBT was signed in 1996. The premier then signed it into law.",
         "signing", [("treaty/ctbt", "actual")]),
    ],
)  # fmt: skip
def test_generality_refs_an_elided_or_pronoun_object_is_the_treaty_under_discussion(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str | None, str]]
) -> None:
    assert found(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('Norway backed the TPNW in 2018. "We were first to sign the Non-Proliferation '
         'Treaty," Foreign Minister Kari Holm said. Neither Britain nor France has signed '
         "the treaty.", ("treaty/tpnw", "negated")),
        ('Chile ratified the TPNW last year. "Our older accord, the NPT, still counts," '
         "Kofi Mensah said on Monday. Togo has not signed the treaty either.",
         ("treaty/tpnw", "negated")),
        # near miss: with nothing named before, the quoted name is the one discussed
        ('"The NPT is still the cornerstone," Kofi Mensah said on Monday. Togo has not '
         "signed the treaty.", ("treaty/npt", "negated")),
    ],
)  # fmt: skip
def test_generality_refs_a_name_inside_a_quotation_leaves_the_topic(
    lexicon: Lexicon, body: str, expected: tuple[str | None, str]
) -> None:
    assert found(lexicon, body, "signing")[-1] == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        ("START II, which Russian deputies ratified in 2000 provided the ABM Treaty "
         "stayed, is history.", "ratification", [("treaty/start-ii", "actual")]),
        ("The Moscow Treaty, whose text Putin ratified in 2003 despite the ABM Treaty "
         "dispute, ran ten years.", "ratification", [("treaty/sort", "actual")]),
        # near miss: the relative clause ends before the trigger
        ("The CWC, which bans nerve agents, came before Peru ratified the Outer Space "
         "Treaty.", "ratification", [("treaty/outer-space-treaty", "actual")]),
    ],
)  # fmt: skip
def test_generality_refs_a_relative_clause_acts_on_its_antecedent(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str | None, str]]
) -> None:
    assert found(lexicon, body, event_type) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ana Ruiz said at the accession ceremony in Lima that the day was historic.", 1),
        ("During the signing reception on Monday, Tomas Berg said the hall was full.", 1),
        # near miss: an occasion named after nothing a treaty does
        ("Ana Ruiz said at the opening ceremony in Lima that the day was historic.", 0),
    ],
)  # fmt: skip
def test_generality_refs_a_remark_at_a_treaty_acts_occasion_is_about_arms(
    lexicon: Lexicon, body: str, expected: int
) -> None:
    assert len(found(lexicon, body, "statement")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("In brief: Freedonia quits the Open Skies Treaty.\n\nFreedonia said on Monday it "
         "would withdraw from the Open Skies Treaty within six months.", ["planned"]),
        ("Freedonia said on Monday it would withdraw from the Open Skies Treaty within six "
         "months.\n\nKey points — Freedonia to exit the Open Skies Treaty; allies dismayed.",
         ["planned"]),
        # near miss: a paragraph that only opens like a summary restates nothing
        ("Freedonia said on Monday it would withdraw from the Open Skies Treaty within six "
         "months.\n\nBriefly put, Freedonia quit the Open Skies Treaty in June.",
         ["planned", "actual"]),
    ],
)  # fmt: skip
def test_generality_refs_a_summary_paragraph_restates_the_articles_facts(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    assert [m for _, m in found(lexicon, body, "withdrawal")] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Chile accused Peru of violating the CTBT. Peru, in turn, accused Chile of "
         "violating the treaty.", 2),
        ("Ghana accused Togo of breaching the TPNW. A day later, Togo's foreign minister "
         "accused Ghana of breaking the pact.", 2),
        # near miss: the same accuser and accused again is the same fact
        ("Chile accused Peru of violating the CTBT. Chile's envoy also accused Peru of "
         "violating the treaty.", 1),
    ],
)  # fmt: skip
def test_generality_refs_parties_in_swapped_roles_are_another_fact(
    lexicon: Lexicon, body: str, expected: int
) -> None:
    assert len(found(lexicon, body, "violation_accusation")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The INF Treaty bans such missiles. Sergei Lavrov denied that Russia had any "
         "intention to leave the treaty.", ["statement"]),
        ("The INF Treaty bans such missiles. Sergei Lavrov dismissed reports that Russia "
         "planned to quit the pact.", ["statement"]),
        # near miss: a denial of a thing, then a plan in a clause of its own
        ("The INF Treaty bans such missiles. Russia denied the charge, and its envoy "
         "Sergei Lavrov said Moscow would leave the treaty in May.",
         ["statement", "withdrawal"]),
    ],
)  # fmt: skip
def test_generality_refs_what_a_denial_denies_is_no_fact(
    lexicon: Lexicon, body: str, expected: list[str]
) -> None:
    events = extract(Article(body, published=date(2025, 6, 9)), lexicon).events
    assert sorted({e.type for e in events}) == expected


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        ("The CFE Treaty bound NATO and Russia. Russia's withdrawal became final in "
         "November 2023.", "withdrawal", [("treaty/cfe-treaty", "actual")]),
        ("Russia ratified the New START treaty in 2011. Its suspension began on 21 "
         "February 2023.", "suspension", [("treaty/new-start", "actual")]),
        # near miss: the noun has an object of its own
        ("The CFE Treaty bound NATO and Russia. Russia's withdrawal from Syria began in "
         "March.", "withdrawal", []),
    ],
)  # fmt: skip
def test_generality_refs_an_act_noun_subject_of_a_verb_of_happening_means_the_treaty(
    lexicon: Lexicon, body: str, event_type: str, expected: list[tuple[str | None, str]]
) -> None:
    assert found(lexicon, body, event_type) == expected


_FILLER = (
    "Freedonia has kept a moratorium on testing since 1998, and its parliament has "
    "debated ratification several times without a vote. Diplomats describe the mood as "
    "gloomy, and several smaller parties want a fresh debate before the summer recess. "
    "Critics note that the northern test site has been closed for decades and that its "
    "staff now monitor seismic data for research teams abroad. "
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("said spokesperson ", {"person/ana-lind": "org/ministry"}),
        ("its chief spokeswoman, ", {"person/ana-lind": "org/ministry"}),
        # near miss: no title, no voice of the body
        ("said the historian ", {}),
    ],
)
def test_generality_refs_a_bare_spokesperson_speaks_for_the_body_under_discussion(
    title: str, expected: dict[str, str]
) -> None:
    body = f"The Foreign Ministry spoke on Monday. {_FILLER}Later {title}Ana Lind."
    ministry = Mention("org/ministry", "Organization", "Foreign Ministry", Span(4, 20))
    at = body.index("Ana Lind")
    lind = Mention("person/ana-lind", "Person", "Ana Lind", Span(at, at + 8))
    assert at - ministry.span.end > 400  # the body is named paragraphs before
    assert titled_voices(body, [ministry, lind]) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Tehran said on Sunday that the 2015 nuclear agreement has lapsed. The agreement, "
         "formally the Joint Comprehensive Plan of Action, capped enrichment.",
         ["treaty/jcpoa"]),
        ("Moscow said the 2010 arms accord expired on Thursday. The accord (known as New "
         "START) capped warheads.", ["treaty/new-start"]),
        # near miss: the next sentence names a treaty without tying it to the description
        ("Tehran said on Sunday that the 2015 nuclear agreement has lapsed. The Joint "
         "Comprehensive Plan of Action capped enrichment.", [None]),
    ],
)  # fmt: skip
def test_generality_refs_a_dated_description_takes_the_name_the_next_sentence_ties(
    lexicon: Lexicon, body: str, expected: list[str | None]
) -> None:
    assert [t for t, _ in found(lexicon, body, "expiry")] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Negotiations concerning missile limits between Norway and Russia were useful, "
         "Oslo said on Friday.", 1),
        ("Consultations regarding nuclear test limits with Chinese officials proved useful, "
         "Oslo said on Friday.", 1),
        # near miss: talks with a topic and no parties nor holder are only a topic
        ("Talks regarding the CTBT are a good idea, Oslo said on Friday.", 0),
    ],
)  # fmt: skip
def test_generality_refs_talks_with_a_topic_then_their_parties_were_held(
    lexicon: Lexicon, body: str, expected: int
) -> None:
    assert len(found(lexicon, body, "negotiation")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The Duma revoked the CTBT ratification in 2023. Analyst Jiri Novak said the "
         "revocation mattered less than the economy.", 1),
        ("Oslo extended the pact in 2021. Days later, Jiri Novak argued that the extension "
         "was a relief for farmers.", 1),
        # near miss: the step noun has a complement of its own, not the article's step
        ("Analyst Jiri Novak said the extension of the school term was a relief for "
         "farmers.", 0),
    ],
)  # fmt: skip
def test_generality_refs_a_remark_on_a_lifecycle_step_by_its_noun_is_about_arms(
    lexicon: Lexicon, body: str, expected: int
) -> None:
    assert len(found(lexicon, body, "statement")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("New START expires in February. Russia will keep to the treaty's limits as long "
         "as Washington stays within them.", [("treaty/new-start", "proposed")]),
        ("New START expires in February. Moscow will abide by the limits provided the "
         "United States matches its restraint.", [("treaty/new-start", "proposed")]),
        # near miss: keeping to the limits with no condition on another party offers nothing
        ("New START expires in February. Moscow will abide by the limits for another "
         "year.", []),
    ],
)  # fmt: skip
def test_generality_refs_keeping_the_limits_on_another_partys_condition_offers_it(
    lexicon: Lexicon, body: str, expected: list[tuple[str | None, str]]
) -> None:
    assert found(lexicon, body, "extension") == expected
