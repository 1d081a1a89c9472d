"""The listing orders the derivation writes: the order SPARQL's own ORDER BY gives on the
same fields, so that a page read by rank is the page the query's documented order gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from conftest import ID, INF, NEW_START
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef
from treatykg.graph import iris, listings
from treatykg.graph.derived_triples import event_triples
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.reports import read_kb_facts
from treatykg.graph.spill import EventList
from treatykg.samples import ARTICLES

import treatykg

COMPUTATION = URIRef(ID + "computation/test")

# The orders as the queries gave them before the derivation wrote ranks: SPARQL's ORDER BY
# over each item's fields, a month or a year after the days inside it, a week after its
# last day (a weekend's is its Sunday), the KB before news on the same key.
TIMELINE_ORDER = """SELECT ?item WHERE {
  {
    GRAPH ?kb { ?item a tkg:TreatyFact ; tkg:treaty ?treaty ; tkg:date ?date ;
                      tkg:eventType ?type ; tkg:modality ?m }
    OPTIONAL { GRAPH ?kb { ?item tkg:datePrecision ?p } }
    BIND("knowledge base" AS ?kind)
  } UNION {
    GRAPH ?g { ?item a tkg:CanonicalEvent ; tkg:treaty ?treaty ; tkg:date ?date ;
                     tkg:eventType ?type ; tkg:modality ?m }
    OPTIONAL { GRAPH ?g { ?item tkg:datePrecision ?p } }
    OPTIONAL { GRAPH ?g { ?item tkg:timexValue ?timex } }
    BIND("article" AS ?kind)
  }
  GRAPH ?ontology { ?type skos:prefLabel ?typeName . ?m skos:notation ?modality }
  BIND(IF(?modality != "actual", CONCAT(?typeName, " (", ?modality, ")"), ?typeName) AS ?what)
  BIND(COALESCE(?p, tkg:Day) AS ?unit)
  BIND(STR(?date) AS ?day)
  BIND(IF(?unit = tkg:Year, CONCAT(SUBSTR(?day, 1, 4), "-~"),
       IF(?unit = tkg:Month, CONCAT(SUBSTR(?day, 1, 7), "-~"),
       IF(?unit = tkg:Decade, CONCAT(SUBSTR(?day, 1, 3), "~"),
       IF(?unit = tkg:Week,
          CONCAT(STR(?date + IF(STRENDS(COALESCE(?timex, ""), "WE"), "P1D"^^xsd:dayTimeDuration,
                                "P6D"^^xsd:dayTimeDuration)), "~"),
          ?day)))) AS ?sortKey)
}
ORDER BY ?sortKey DESC(?kind) ?what ?item"""

SINGLE_SOURCE_ORDER = """SELECT ?event WHERE {
  GRAPH ?g { ?event tkg:sourceCount 1 ; tkg:modality tkg:Actual ; tkg:eventType ?typeTerm }
  OPTIONAL { GRAPH ?g { ?event tkg:treaty ?about } }
  FILTER(!BOUND(?treaty) || ?about = ?treaty)
  OPTIONAL { GRAPH ?g { ?event tkg:date ?date } }
  OPTIONAL { GRAPH ?ontology { ?typeTerm skos:notation ?type } }
}
ORDER BY ?date ?type ?event"""


def ranked(kg: treatykg.TreatyKG, listing: str, treaty: str | None) -> list[str]:
    graph = iris.derived_graph(listings.listing_part(listing, treaty))
    rows = kg.store.query("SELECT ?i ?r WHERE { GRAPH ?g { ?i tkg:rank ?r } }", {"g": graph})
    found = sorted((int(str(r)), str(i)) for i, r in rows.rows)
    assert [n for n, _ in found] == list(range(len(found)))  # every place once, from 0
    return [item for _, item in found]


def oracle(kg: treatykg.TreatyKG, query: str, treaty: str | None) -> list[str]:
    bound: dict[str, object] = {"ontology": iris.ONTOLOGY_GRAPH, "kb": iris.KB_GRAPH}
    if treaty is not None:
        bound["treaty"] = URIRef(treaty)
    return [str(row[0]) for row in kg.store.query(query, bound).rows]


@pytest.fixture(scope="module")
def samples() -> treatykg.TreatyKG:
    kg = treatykg.open(":memory:")
    assert kg.ingest([ARTICLES]).ok
    return kg


@pytest.mark.parametrize("treaty", [NEW_START, INF, ID + "treaty/open-skies-treaty"])
def test_listings_timeline_of_the_samples_is_in_the_documented_order(
    samples: treatykg.TreatyKG, treaty: str
) -> None:
    order = ranked(samples, "timeline", treaty)
    assert len(order) > 5 and any(i.startswith(ID + "fact/") for i in order)
    assert order == oracle(samples, TIMELINE_ORDER, treaty)


@pytest.mark.parametrize("treaty", [None, NEW_START, INF])
def test_listings_single_source_of_the_samples_is_in_the_documented_order(
    samples: treatykg.TreatyKG, treaty: str | None
) -> None:
    order = ranked(samples, "single-source", treaty)
    assert len(order) > 3
    assert order == oracle(samples, SINGLE_SOURCE_ORDER, treaty)


_PRECISIONS = ["day", "week", "weekend", "month", "year", "decade", None]
_TYPES = ["signing", "ratification", "statement", "call_for_talks", "rumour"]  # rumour: unknown


@st.composite
def _events(draw: st.DrawFn) -> list[CanonicalEvent]:
    events = []
    for n in range(draw(st.integers(1, 25))):
        # Around a new year, or on the day of a KB fact of New START (signed, in force).
        near = date(2019, 12, 20) + timedelta(days=draw(st.integers(0, 30)))
        day = draw(st.sampled_from([near, date(2010, 4, 8), date(2011, 2, 5)]))
        precision = draw(st.sampled_from(_PRECISIONS))
        dated = draw(st.booleans()) or precision is None
        timex = None
        if precision in ("week", "weekend") and draw(st.booleans()):
            timex = "2020-W01-WE" if precision == "weekend" else "2020-W01"
        outlets = draw(st.sampled_from([("A",), ("A", "B"), ("A", "A")]))
        type_ = draw(st.sampled_from(_TYPES))
        modality = draw(st.sampled_from(["actual", "planned", "negated"]))
        treaty = draw(st.sampled_from([NEW_START, INF, None]))
        reports = tuple(
            Report(ID + f"event/e{n}/{k}", ID + f"article/a{n}-{k}", type_, modality,
                   treaty=treaty, outlet=outlet, evidence="Said so.")
            for k, outlet in enumerate(outlets)
        )  # fmt: skip
        events.append(
            CanonicalEvent(
                key=f"e{n:02d}",
                type=type_,
                treaty=treaty,
                actors=frozenset(),
                agents=frozenset(),
                modality=modality,
                timex=timex,
                precision=precision if dated else None,
                start=day if dated else None,
                end=None,
                reports=reports,
            )
        )
    return events


@pytest.fixture(scope="module")
def bare() -> Iterator[treatykg.TreatyKG]:
    with treatykg.open(":memory:") as kg:
        yield kg


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(events=_events())
def test_listings_order_is_the_one_sparql_gives_on_the_same_fields(
    bare: treatykg.TreatyKG, events: list[CanonicalEvent]
) -> None:
    """Any mix of precisions, weekends, types the ontology lacks, modalities and sources,
    beside the KB's facts: the ranks written are the order SPARQL's ORDER BY gives on the
    stored events. (One store for every example: its listing graphs are emptied first.)"""
    store = bare.store
    listed = [g for g in store.named_graphs() if "/derived/listing." in str(g)]
    triples = [t for e in events for t in event_triples(e, COMPUTATION)]
    written = [(g, []) for g in listed] + [(iris.derived_graph("events.test"), triples)]
    for part, ranks in listings.derived_graphs(read_kb_facts(store), EventList(events).counted()):
        written.append((iris.derived_graph(part), ranks))
    store.replace_graphs(written)
    for treaty in (NEW_START, INF):
        assert ranked(bare, "timeline", treaty) == oracle(bare, TIMELINE_ORDER, treaty)
    for scope in (None, NEW_START, INF):
        assert ranked(bare, "single-source", scope) == oracle(bare, SINGLE_SOURCE_ORDER, scope)


def test_listings_timeline_key_reads_a_date_at_its_precision() -> None:
    assert listings.timeline_key(date(2010, 12, 1), "month", None) == "2010-12-~"
    assert listings.timeline_key(date(2000, 1, 1), "decade", None) == "200~"
    assert listings.timeline_key(date(2023, 3, 6), "week", "2023-W10") == "2023-03-12~"
