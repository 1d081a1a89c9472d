"""The trigger table: one entry declares a type or a trigger, inflections come from the
lemma, constraints are data, and the table, the ontology and the docs name the same types."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from treatykg.graph.triples import EVENT_CLASSES
from treatykg.ingest.cues import inflections
from treatykg.ingest.extract import extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.modality import modality_of
from treatykg.ingest.records import Article
from treatykg.ingest.triggers import compile_table, table, trigger_matches

ROOT = Path(__file__).resolve().parents[1]


def matched(body: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    t = compile_table(data)
    return [(t.trigger_of(m).type, m[0]) for m in trigger_matches(body, t)]


def tiny(**trigger: Any) -> dict[str, Any]:
    """A table of one type, "moratorium", with one trigger."""
    return {"types": {"moratorium": {}}, "triggers": [{"type": "moratorium", **trigger}]}


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("withdraw", {"withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing"}),
        ("ratify", {"ratify", "ratifies", "ratified", "ratifying"}),
        ("cancel", {"cancels", "canceled", "cancelled", "canceling", "cancelling"}),
        ("agree", {"agree", "agrees", "agreed", "agreeing"}),
        ("pull out", {"pull out", "pulls out", "pulled out", "pulling out"}),
        ("come into force", {"came into force", "comes into force", "coming into force"}),
    ],
)
def test_triggers_inflections_come_from_the_lemma(lemma: str, forms: set[str]) -> None:
    assert forms <= inflections(lemma)


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Kyiv declared a moratorium on tests.", [("moratorium", "declared a moratorium")]),
        ("Seoul is declaring a unilateral moratorium.",
         [("moratorium", "declaring a unilateral moratorium")]),
        ("Kyiv declared victory.", []),
    ],
)  # fmt: skip
def test_triggers_a_new_type_is_one_table_entry(body: str, found: list[tuple[str, str]]) -> None:
    data = tiny(verbs=["declare"], object=["moratorium"], gap=2)
    assert matched(body, data) == found


@pytest.mark.parametrize(
    ("trigger", "body", "found"),
    [
        # not_object: "meeting a deadline" meets no one; "met Putin" does.
        ({"verbs": ["meet"], "not_object": ["deadline"], "not_gap": 1},
         "They met the new deadline. Biden met Putin.", ["met"]),
        # passive forms after "be"
        ({"passive": ["approve"]}, "The pact was approved and is approved.",
         ["was approved", "is approved"]),
        # only the present tense
        ({"verbs": ["expire"], "present": True}, "It expired; it expires.", ["expires"]),
        # a capitalized name as the object, read against the original text
        ({"verbs": ["suspend"], "object": ["<Name>"]}, "They suspended New START, suspended talks.",
         ["suspended n"]),
        # nominalizations with their plurals
        ({"nouns": ["denunciation"]}, "Two denunciations followed.", ["denunciations"]),
        # what must follow at once
        ({"verbs": ["extend"], "then": ["for"]}, "extended for years; extended it", ["extended for"]),
    ],
)  # fmt: skip
def test_triggers_constraints_are_data(
    trigger: dict[str, Any], body: str, found: list[str]
) -> None:
    assert [text for _, text in matched(body, tiny(**trigger))] == found


@pytest.mark.parametrize(
    ("body", "kind"),
    [("They pulled out of it.", "exit"), ("They pulled back.", "move")],
)
def test_triggers_the_earlier_row_wins_where_two_match(body: str, kind: str) -> None:
    data = {
        "types": {"exit": {}, "move": {}},
        "triggers": [{"type": "exit", "verbs": ["pull out"]}, {"type": "move", "verbs": ["pull"]}],
    }
    assert [k for k, _ in matched(body, data)] == [kind]


@pytest.mark.parametrize(
    "body",
    ["Kyiv said Moscow suspended New START and later withdrew; the Senate ratified the "
     "pact, talks were held in Geneva, re-imposed sanctions lapsed, and the sides agreed "
     "to extend it for five years, signaling a signed deal at the signing."],
)  # fmt: skip
def test_triggers_lead_patterns_find_what_the_full_pattern_finds(body: str) -> None:
    t = table()
    low = body.lower()
    found = 0
    for word in re.finditer(r"\b[a-z]+", low):
        for capitals in (True, False):
            full = (t.pattern if capitals else t.pattern_no_capitals).match(low, word.start())
            found += full is not None
            cut = t.patterns_for(word[0], capitals=capitals)
            part = cut.match(low, word.start()) if cut else None
            assert (full and (full.span(), full.lastgroup)) == (
                part and (part.span(), part.lastgroup)
            )
    assert found >= 5


@pytest.mark.parametrize(
    "body",
    ["Kyiv said Moscow suspended New START and later withdrew; the Senate ratified the "
     "pact, talks were held in Geneva, re-imposed sanctions lapsed, and the sides agreed "
     "to extend it for five years, signaling a signed deal at the signing. Russia "
     "suspended new start talks; they pulled out, reopen talks and open talks.",
     "Ratified in May, withdrew in June:signed\nsigned_it (extended)",
     "Russia suspended New START. It was approved by the Senate.\tThe accord came into "
     "force; they walked away, and Moscow does not comply. Talks with Beijing were held. It "
     "was extended for five years and suspended in part. They will open talks soon."],
)  # fmt: skip
def test_triggers_matches_are_those_of_every_word_start(body: str) -> None:
    """Trying only where a whole form starts, with only the rows that have it, is a
    speed-up: it finds what the full pattern finds tried at every word start."""
    fast = [(m.span(), m.lastgroup) for m in trigger_matches(body)]
    assert fast == _at_every_word_start(body) and len(fast) >= 3


def _at_every_word_start(body: str) -> list[tuple[tuple[int, int], str | None]]:
    """The plain reading of the table: the full pattern at each word start not inside
    the trigger found before; where a capital it wants is a small letter, the pattern
    without capital places."""
    t, low = table(), body.lower()
    found: list[tuple[tuple[int, int], str | None]] = []
    done = 0
    for word in re.finditer(r"\b(?=[a-z])", low):
        m = t.pattern.match(low, word.start()) if word.start() >= done else None
        caps = t.capitals[int(m.lastgroup[1:])] if m and m.lastgroup else ()
        if m and not all(m.start(k) < 0 or body[m.start(k)].isupper() for k in caps):
            m = t.pattern_no_capitals.match(low, word.start())
        if m:
            found.append((m.span(), m.lastgroup))
            done = m.end()
    return found


@pytest.mark.parametrize(
    "row",
    [
        {"type": "moratorium"},
        {"type": "nope", "verbs": ["go"]},
        {"type": "moratorium", "verbs": ["declare"], "object": ["@missing"]},
        {"type": "moratorium", "verbs": ["declare"], "then": ["a @missing"]},
    ],
)
def test_triggers_a_bad_row_is_an_error_naming_it(row: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"triggers\.toml"):
        compile_table({"types": {"moratorium": {}}, "triggers": [row]})


def _docs_types() -> set[str]:
    """The event types the Events section of docs/extraction.md lists."""
    text = (ROOT / "docs" / "extraction.md").read_text(encoding="utf-8")
    paragraph = text[text.index("\nEvent types:") :].split("\n\n")[0]
    return set(re.findall(r"`(\w+)`", paragraph))


def _ontology_types() -> set[str]:
    text = (ROOT / "graph" / "ontology.ttl").read_text(encoding="utf-8")
    return set(re.findall(r'a tkg:EventType ;.*?skos:notation "(\w+)"', text))


@pytest.mark.parametrize(
    "declared",
    [_ontology_types, lambda: set(EVENT_CLASSES), _docs_types],
    ids=["ontology", "graph-classes", "docs"],
)
def test_triggers_table_declares_the_types_the_ontology_and_docs_name(declared: Any) -> None:
    assert declared() == set(table().types)


@pytest.mark.parametrize(
    ("text", "event_type", "implied", "modality"),
    [
        ("Moscow will not extend it", "extension", None, "negated"),
        ("the treaty is set to lapse", "expiry", None, "scheduled"),
        ("talks collapsed without a deal", "negotiation", None, "failed"),
        ("Moscow accused Kyiv of not complying", "violation_accusation", None, "actual"),
        ("the Duma voted against it", "ratification", "failed", "failed"),
        ("Iran said it would sign it", "signing", None, "planned"),
        ("if Iran signed it", "signing", None, "hypothetical"),
    ],
)
def test_triggers_modality_cues_by_type(
    text: str, event_type: str, implied: str | None, modality: str
) -> None:
    assert modality_of(text, (0, len(text)), event_type, implied=implied) == modality


@pytest.fixture(scope="module")
def extract_events(lexicon: Lexicon) -> Any:
    def run(body: str) -> list[tuple[str, str, str | None]]:
        found = extract(Article(body, published=date(2025, 1, 24)), lexicon)
        return [(e.type, e.modality, e.treaty) for e in found.events]

    return run


@pytest.mark.parametrize(
    ("body", "event"),
    [
        ("Russia withdrew from New START in 2023.", ("withdrawal", "actual", "treaty/new-start")),
        ("Russia has withdrawn from New START.", ("withdrawal", "actual", "treaty/new-start")),
        ("New START has taken effect, the ministry said.",
         ("entry_into_force", "actual", "treaty/new-start")),
        ("New START entered into force in 2011.",
         ("entry_into_force", "actual", "treaty/new-start")),
        ("The Duma voted against New START.", ("ratification", "failed", "treaty/new-start")),
        ("The Senate voted down New START.", ("ratification", "failed", "treaty/new-start")),
        ("Moscow de-ratified New START.", ("ratification", "revoked", "treaty/new-start")),
        ("New START expires next year.", ("expiry", "scheduled", "treaty/new-start")),
        # requires = "negated": keeping to a treaty, negated, accuses a breach
        ("Russia does not comply with New START.",
         ("violation_accusation", "actual", "treaty/new-start")),
        ("Russia has never abided by New START.",
         ("violation_accusation", "actual", "treaty/new-start")),
        # an infinitive before the object
        ("Russia wants to see a new treaty.", ("call_for_talks", "actual", None)),
        ("China hopes to negotiate a new deal.", ("call_for_talks", "actual", None)),
        # a verb with a class of modifiers
        ("Putin spoke by phone with Trump about New START.",
         ("meeting_or_call", "actual", "treaty/new-start")),
        ("Putin talked on the phone with Trump about New START.",
         ("meeting_or_call", "actual", "treaty/new-start")),
    ],
)  # fmt: skip
def test_triggers_the_table_types_inflected_forms(
    extract_events: Any, body: str, event: tuple[str, str, str | None]
) -> None:
    assert event in extract_events(body)


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        # not_object: what one meets that is no one
        ("The team met the deadline that New START set.", "meeting_or_call"),
        ("Russia is meeting its targets under New START.", "meeting_or_call"),
        # not_subject: what came into force or ran out is not the treaty
        ("The law suspending New START entered into force on Monday.", "entry_into_force"),
        ("The decree on New START took effect on Friday.", "entry_into_force"),
        ("The moratorium expired in March, while New START stayed.", "expiry"),
        ("The waivers that lapsed last year did not mention New START.", "expiry"),
        # not_after: an occasion named as a time anchor
        ("Lavrov spoke about New START after the meeting.", "meeting_or_call"),
        ("During the summit, Biden said New START mattered.", "meeting_or_call"),
        # absorbed_by: the decree is signed, not the treaty
        ("Putin signed a decree suspending New START.", "signing"),
        # keeping to a treaty accuses no one
        ("Russia complies with New START.", "violation_accusation"),
        # talking to the press is speech, not negotiation
        ("Lavrov held talks with reporters about New START.", "negotiation"),
        ("Lavrov's talks with the press on New START were brief.", "negotiation"),
    ],
)
def test_triggers_vetoes_are_general_mechanisms_over_data(
    extract_events: Any, body: str, absent: str
) -> None:
    assert absent not in [kind for kind, _, _ in extract_events(body)]
