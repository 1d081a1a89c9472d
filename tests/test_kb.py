"""The ontology and the knowledge base parse and hold together."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS
from treatykg.graph import kb
from treatykg.graph.vocab import ID, OWL, TKG
from treatykg.ingest.lexicon import Lexicon

# The verified Wikidata ids of ../shared/wikidata-qids.md: the only ones the KB may use.
VERIFIED_QIDS = {
    "Q159", "Q30", "Q148", "Q145", "Q142", "Q212", "Q794", "Q423", "Q668", "Q843", "Q801",
    "Q1065", "Q41984", "Q7184", "Q7795", "Q356694", "Q458", "Q842490", "Q7747", "Q22686",
    "Q6279", "Q76", "Q58217", "Q23530", "Q3874799", "Q15031", "Q3052772", "Q324546",
    "Q311440", "Q28130514",
}  # fmt: skip
LIFECYCLE_WITHOUT_CAMEO = {"suspension", "withdrawal", "expiry", "extension", "entry_into_force"}
GOLD_EVENT_TYPES = {
    "signing", "ratification", "entry_into_force", "extension", "suspension", "withdrawal", "expiry",
    "violation_accusation", "call_for_talks", "negotiation", "meeting_or_call", "statement", "other",
}  # fmt: skip
GOLD_MODALITIES = {
    "actual",
    "planned",
    "scheduled",
    "proposed",
    "hypothetical",
    "negated",
    "failed",
    "revoked",
}


@pytest.fixture(scope="module")
def graphs() -> tuple[Graph, Graph]:
    loaded = kb.read_kb()
    ontology, knowledge = Graph(), Graph()
    for triple in loaded.ontology:
        ontology.add(triple)
    for triple in loaded.triples:
        knowledge.add(triple)
    return ontology, knowledge


@pytest.mark.parametrize("notation", sorted(GOLD_EVENT_TYPES))
def test_kb_event_type_is_labelled_and_coded(graphs: tuple[Graph, Graph], notation: str) -> None:
    ontology, _ = graphs
    types = [
        s
        for s in ontology.subjects(SKOS.notation, None)
        if str(ontology.value(s, SKOS.notation)) == notation
    ]
    assert len(types) == 1, f"event type {notation} missing or doubled"
    concept = types[0]
    assert (concept, RDF.type, TKG.EventType) in ontology
    assert ontology.value(concept, SKOS.prefLabel) is not None
    code = ontology.value(concept, TKG.cameoCode)
    gap = ontology.value(concept, TKG.cameoGap)
    if notation in LIFECYCLE_WITHOUT_CAMEO:
        assert gap is not None and gap.toPython() is True and code is None
    else:
        assert code is not None or gap is not None
        if code is not None:
            assert re.fullmatch(r"\d{3}", str(code))


@pytest.mark.parametrize("notation", sorted(GOLD_MODALITIES))
def test_kb_modality_matches_gold_vocabulary(graphs: tuple[Graph, Graph], notation: str) -> None:
    ontology, _ = graphs
    found = [
        s
        for s in ontology.subjects(RDF.type, TKG.Modality)
        if str(ontology.value(s, SKOS.notation)) == notation
    ]
    assert len(found) == 1


@pytest.mark.parametrize("kind, minimum", [(TKG.Treaty, 25), (TKG.Person, 40), (TKG.State, 20)])
def test_kb_has_enough_entries(graphs: tuple[Graph, Graph], kind: URIRef, minimum: int) -> None:
    _, knowledge = graphs
    assert len(set(knowledge.subjects(RDF.type, kind))) >= minimum


def test_kb_every_treaty_has_aliases_and_dated_facts(graphs: tuple[Graph, Graph]) -> None:
    _, knowledge = graphs
    for treaty in knowledge.subjects(RDF.type, TKG.Treaty):
        assert knowledge.value(treaty, SKOS.prefLabel), treaty
        assert list(knowledge.objects(treaty, SKOS.altLabel)), f"{treaty} has no aliases"
        facts = list(knowledge.subjects(TKG.treaty, treaty))
        if "never concluded" in str(knowledge.value(treaty, TKG.note) or ""):
            assert not facts, f"{treaty} was never concluded yet has lifecycle facts"
            continue
        assert facts, f"{treaty} has no lifecycle facts"
        for fact in facts:
            assert knowledge.value(fact, TKG.date) is not None, fact
            assert knowledge.value(fact, TKG.datePrecision) is not None, fact
            assert knowledge.value(fact, TKG.source) is not None, f"{fact} cites no source"


def test_kb_has_no_dangling_iris(graphs: tuple[Graph, Graph]) -> None:
    ontology, knowledge = graphs
    defined = set(knowledge.subjects()) | set(ontology.subjects())
    for s, p, o in knowledge:
        for term in (p, o):
            if isinstance(term, URIRef) and (
                str(term).startswith(str(ID)) or str(term).startswith(str(TKG))
            ):
                assert term in defined, f"{s} {p} points at undefined {term}"


def test_kb_links_only_verified_wikidata_ids(graphs: tuple[Graph, Graph]) -> None:
    _, knowledge = graphs
    used = {str(o).rsplit("/", 1)[-1] for o in knowledge.objects(None, OWL.sameAs)}
    assert used, "no Wikidata links at all"
    assert used <= VERIFIED_QIDS, f"unverified QIDs: {sorted(used - VERIFIED_QIDS)}"


@pytest.mark.parametrize("surface, key", [("Moscow", "state/russia"), ("Washington", "state/united-states"),
                                          ("Prague treaty", "treaty/new-start"), ("DPRK", "state/north-korea"),
                                          ("the Kremlin", "org/kremlin")])  # fmt: skip
def test_kb_lexicon_links_metonyms_and_aliases(surface: str, key: str) -> None:
    from treatykg.graph.store import open_store

    with open_store(":memory:") as store:
        entry = kb.lexicon(store).lookup(surface)
    assert entry is not None and entry.entity_key == key


def test_kb_no_treaty_name_names_two_treaties(graphs: tuple[Graph, Graph]) -> None:
    """A name of two treaties (in any case) would give one mention two readings."""
    _, knowledge = graphs
    owners: dict[str, set[str]] = {}
    for prop in (SKOS.prefLabel, SKOS.altLabel, TKG.officialName):
        for treaty, _, label in knowledge.triples((None, prop, None)):
            if (treaty, RDF.type, TKG.Treaty) in knowledge:
                owners.setdefault(str(label).casefold(), set()).add(str(treaty))
    assert not {name: keys for name, keys in owners.items() if len(keys) > 1}


@pytest.mark.parametrize(
    "surface, key",
    [
        ("Treaty on Measures for the Further Reduction and Limitation of Strategic Offensive Arms",
         "treaty/new-start"),
        ("START-3", "treaty/new-start"),
        ("SNV-3", "treaty/new-start"),
        ("Deutsche Presse-Agentur", "org/dpa"),
    ],
)  # fmt: skip
def test_kb_official_titles_and_nicknames_name_the_treaty(
    lexicon: Lexicon, surface: str, key: str
) -> None:
    entry = lexicon.lookup(surface) or lexicon.lookup_folded(surface)
    assert entry is not None and entry.entity_key == key


@pytest.mark.parametrize("title", ["POTUS", "UN chief"])
def test_kb_title_aliases_have_dated_terms(lexicon: Lexicon, title: str) -> None:
    """A title stands for a person only by the term that covers the article's date."""
    holders = lexicon.titles[title]
    assert holders and all(position.since is not None for _, position in holders)


def test_kb_surnames_are_kept_for_context_not_matched_blindly() -> None:
    """Two KB people share "Clinton": the surname must wait for the article's context."""
    from treatykg.graph.store import open_store

    with open_store(":memory:") as store:
        lexicon = kb.lexicon(store)
    assert lexicon.lookup("Clinton") is None
    assert set(lexicon.short_names["Clinton"]) == {"person/bill-clinton", "person/hillary-clinton"}
    assert lexicon.short_names["Peskov"] == ("person/dmitry-peskov",)


def test_kb_user_folder_extends_the_kb(tmp_path: Path) -> None:
    from treatykg.graph.store import open_store

    (tmp_path / "mine.ttl").write_text(
        "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://w3id.org/treatykg/id/treaty/test-accord> a tkg:Treaty ; skos:prefLabel "Test Accord" .\n'
    )
    with open_store(":memory:", kb_dirs=[tmp_path]) as store:
        assert kb.resolve(store, "Test Accord").key == "treaty/test-accord"


def test_kb_bad_user_file_names_the_file(tmp_path: Path) -> None:
    from treatykg.errors import KnowledgeBaseError

    (tmp_path / "broken.ttl").write_text("this is not turtle")
    with pytest.raises(KnowledgeBaseError, match=r"broken\.ttl"):
        kb.read_kb([tmp_path])
