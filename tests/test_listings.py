"""The listing orders the derivation writes: the order SPARQL's own ORDER BY gives on the
same fields, so that a page read by rank is the page the query's documented order gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from conftest import ID, INF, NEW_START
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from treatykg.graph import iris, listings, remarks, vocab
from treatykg.graph.derived_triples import event_triples
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.reports import read_kb_facts
from treatykg.graph.spill import EventList
from treatykg.graph.terms import Triple
from treatykg.graph.vocab import Terms
from treatykg.samples import ARTICLES

import treatykg

COMPUTATION = URIRef(ID + "computation/test")
TKG = Terms(vocab.TKG)

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

# events-with-sources.rq's order before ranks: most sources first, then the timeline's key
# (undated last), the type's notation, the IRI.
SOURCES_ORDER = """SELECT ?event WHERE {
  GRAPH ?g { ?event tkg:sourceCount ?sources ; tkg:modality tkg:Actual ; tkg:eventType ?typeTerm }
  OPTIONAL { GRAPH ?g { ?event tkg:treaty ?about } }
  FILTER(!BOUND(?treaty) || ?about = ?treaty)
  OPTIONAL { GRAPH ?g { ?event tkg:date ?date } }
  OPTIONAL { GRAPH ?g { ?event tkg:datePrecision ?p } }
  OPTIONAL { GRAPH ?g { ?event tkg:timexValue ?timex } }
  OPTIONAL { GRAPH ?ontology { ?typeTerm skos:notation ?type } }
  BIND(COALESCE(?p, tkg:Day) AS ?unit)
  BIND(STR(?date) AS ?day)
  BIND(COALESCE(
    IF(?unit = tkg:Year, CONCAT(SUBSTR(?day, 1, 4), "-~"),
    IF(?unit = tkg:Month, CONCAT(SUBSTR(?day, 1, 7), "-~"),
    IF(?unit = tkg:Decade, CONCAT(SUBSTR(?day, 1, 3), "~"),
    IF(?unit = tkg:Week,
       COALESCE(CONCAT(STR(?date + IF(STRENDS(COALESCE(?timex, ""), "WE"), "P1D"^^xsd:dayTimeDuration,
                                      "P6D"^^xsd:dayTimeDuration)), "~"),
                CONCAT(?day, "~")),
       ?day)))),
    "~") AS ?sortKey)
}
ORDER BY DESC(?sources) ?sortKey ?type ?event"""


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


# The event listings, each beside the order its query gave before ranks, for every treaty
# and for two treaties' own.
EVENT_LISTINGS = {"single-source": SINGLE_SOURCE_ORDER, "sources": SOURCES_ORDER}


@pytest.mark.parametrize("treaty", [None, NEW_START, INF])
@pytest.mark.parametrize("listing", sorted(EVENT_LISTINGS))
def test_listings_events_of_the_samples_are_in_the_documented_order(
    samples: treatykg.TreatyKG, listing: str, treaty: str | None
) -> None:
    order = ranked(samples, listing, treaty)
    assert len(order) > 3
    assert order == oracle(samples, EVENT_LISTINGS[listing], treaty)


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
        assert ranked(bare, "sources", scope) == oracle(bare, SOURCES_ORDER, scope)


def test_listings_timeline_key_reads_a_date_at_its_precision() -> None:
    assert listings.timeline_key(date(2010, 12, 1), "month", None) == "2010-12-~"
    assert listings.timeline_key(date(2000, 1, 1), "decade", None) == "200~"
    assert listings.timeline_key(date(2023, 3, 6), "week", "2023-W10") == "2023-03-12~"


# The remarks' order as who-said-what gave it before the derivation wrote it: each remark
# and speaker (or agent) once, a remark naming neither once with no speaker, by its date
# (else its article's) at its precision, then the speaker's name (the KB's, else the
# article's), then the remark's IRI.
REMARKS_ORDER = """SELECT DISTINCT ?event ?speakerKey WHERE {
  GRAPH ?g {
    ?event tkg:treaty ?treaty ; tkg:eventType ?typeTerm ; tkg:evidence ?evidence .
    ?evidence oa:hasSource ?article .
    OPTIONAL { ?event tkg:date ?eventDate }
    OPTIONAL { ?event tkg:datePrecision ?eventPrecision }
    OPTIONAL { ?event tkg:timexValue ?timex }
    OPTIONAL { ?article schema:datePublished ?published }
    OPTIONAL { ?event ?roleType ?someone VALUES ?roleType { tkg:spokenBy tkg:agent tkg:counterpart } }
  }
  FILTER(?typeTerm IN (tkg:Statement, tkg:CallForTalks, tkg:ViolationAccusation))
  FILTER(?roleType IN (tkg:spokenBy, tkg:agent)
         || NOT EXISTS { GRAPH ?g { ?event tkg:spokenBy|tkg:agent ?either } })
  BIND(COALESCE(IF(?roleType IN (tkg:spokenBy, tkg:agent), ?someone, tkg:none), tkg:none) AS ?speakerKey)
  OPTIONAL { GRAPH ?kb { ?speakerKey skos:prefLabel ?kbName } }
  OPTIONAL { GRAPH ?g { ?speakerKey skos:prefLabel ?newName } }
  BIND(COALESCE(?kbName, ?newName, "(unknown)") AS ?speakerName)
  BIND(COALESCE(?eventDate, ?published) AS ?when)
  BIND(IF(BOUND(?eventDate), COALESCE(?eventPrecision, tkg:Day), tkg:Day) AS ?unit)
  BIND(STR(?when) AS ?day)
  BIND(COALESCE(
    IF(?unit = tkg:Year, CONCAT(SUBSTR(?day, 1, 4), "-~"),
    IF(?unit = tkg:Month, CONCAT(SUBSTR(?day, 1, 7), "-~"),
    IF(?unit = tkg:Decade, CONCAT(SUBSTR(?day, 1, 3), "~"),
    IF(?unit = tkg:Week,
       CONCAT(STR(?when + IF(STRENDS(COALESCE(?timex, ""), "WE"), "P1D"^^xsd:dayTimeDuration,
                             "P6D"^^xsd:dayTimeDuration)), "~"),
       ?day)))),
    "~") AS ?sortKey)
}
ORDER BY ?sortKey ?speakerName ?event ?speakerKey"""


def ranked_remarks(kg: treatykg.TreatyKG, treaty: str) -> list[tuple[str, str]]:
    """The remarks listing's rows in rank order, as (remark, speaker or tkg:none), from
    each of the treaty's graphs (a year each)."""
    rows = kg.store.query(
        """SELECT ?r ?e ?s WHERE { GRAPH ?g { ?treaty tkg:listing "remarks" .
           ?row tkg:rank ?r ; tkg:remark ?e OPTIONAL { ?row tkg:remarkBy ?by } }
           BIND(COALESCE(?by, tkg:none) AS ?s) }""",
        {"treaty": URIRef(treaty)},
    )
    found = sorted((int(str(r)), str(e), str(s)) for r, e, s in rows.rows)
    assert [n for n, _, _ in found] == list(range(len(found)))  # every place once, from 0
    return [(event, speaker) for _, event, speaker in found]


def remarks_oracle(kg: treatykg.TreatyKG, treaty: str) -> list[tuple[str, str]]:
    bound = {"kb": iris.KB_GRAPH, "treaty": URIRef(treaty)}
    return [(str(e), str(s)) for e, s in kg.store.query(REMARKS_ORDER, bound).rows]


@pytest.mark.parametrize("treaty", [NEW_START, INF])
def test_listings_remarks_of_the_samples_are_in_the_documented_order(
    samples: treatykg.TreatyKG, treaty: str
) -> None:
    order = ranked_remarks(samples, treaty)
    assert len(order) >= 2
    assert order == remarks_oracle(samples, treaty)


_SPEAKERS = [
    (ID + "state/russia", None),  # the KB names it
    (ID + "state/united-states", "U.S."),  # the KB's name wins over the article's
    (ID + "new/person/ann-bell", "Ann Bell"),
    (ID + "new/person/ann-bell", "ann bell"),  # another spelling (of another article)
    (ID + "new/person/zed-cole", None),  # no name anywhere
]
_ROLES = ["spokenBy", "agent", "counterpart"]


@st.composite
def _remark_graphs(draw: st.DrawFn) -> list[tuple[URIRef, list[Triple]]]:
    """Article graphs of remarks about New START (and a few of INF or of other types)."""
    graphs = []
    for n in range(draw(st.integers(1, 8))):
        key = f"r{n}"
        article = iris.article(key)
        triples: list[Triple] = []
        named: set[str] = set()
        if draw(st.booleans()):
            published = date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 40)))
            triples.append((article, vocab.SCHEMA.datePublished, Literal(published)))
        for k in range(draw(st.integers(1, 4))):
            event, evidence = iris.event(key, k, k + 1), iris.evidence(key, k, k + 1)
            type_ = draw(
                st.sampled_from(["Statement", "CallForTalks", "ViolationAccusation", "Signing"])
            )
            treaty = draw(st.sampled_from([NEW_START, NEW_START, INF]))
            triples += [
                (event, TKG.treaty, URIRef(treaty)),
                (event, TKG.eventType, TKG[type_]),
                (event, TKG.evidence, evidence),
                (evidence, vocab.OA.hasSource, article),
            ]
            if draw(st.booleans()):  # around new year, so that days tie and years change
                year = draw(st.sampled_from([2019, 2020, 2021]))
                day = date(year, 12, 25) + timedelta(days=draw(st.integers(0, 40)))
                triples.append((event, TKG.date, Literal(day)))
                precision = draw(st.sampled_from(["Day", "Week", "Month", "Year", None]))
                if precision:
                    triples.append((event, TKG.datePrecision, TKG[precision]))
                if precision == "Week" and draw(st.booleans()):
                    triples.append((event, TKG.timexValue, Literal("2020-W01-WE")))
            for _ in range(draw(st.integers(0, 3))):
                speaker, name = draw(st.sampled_from(_SPEAKERS))
                role = draw(st.sampled_from(_ROLES))
                triples.append((event, TKG[role], URIRef(speaker)))
                if name and speaker not in named:  # an article names an actor once
                    named.add(speaker)
                    triples.append((URIRef(speaker), vocab.SKOS.prefLabel, Literal(name)))
        graphs.append((iris.article_graph(key), triples))
    return graphs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(graphs=_remark_graphs())
def test_listings_remarks_order_is_the_one_sparql_gives(
    bare: treatykg.TreatyKG, graphs: list[tuple[URIRef, list[Triple]]]
) -> None:
    """Remarks with several speakers, agents, counterparts only or nobody, an actor named
    twice in one remark, KB and article names, dates at any precision or only the
    article's: the rows written are the rows and order SPARQL gives."""
    store = bare.store
    old = [g for g in store.named_graphs() if "/article/" in str(g) or "/listing." in str(g)]
    store.replace_graphs([(g, []) for g in old] + graphs)
    listed = remarks.derived_graphs(store, [NEW_START, INF])  # read from the articles stored
    store.replace_graphs([(iris.derived_graph(part), list(t)) for part, t in listed])
    for treaty in (NEW_START, INF):
        assert ranked_remarks(bare, treaty) == remarks_oracle(bare, treaty)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    graphs=_remark_graphs(),
    start=st.dates(date(2019, 12, 1), date(2022, 2, 1)),
    days=st.integers(0, 800),
    limit=st.integers(1, 5),
    offset=st.integers(0, 6),
)
def test_listings_remarks_page_of_a_window_is_the_whole_listing_narrowed(
    bare: treatykg.TreatyKG,
    graphs: list[tuple[URIRef, list[Triple]]],
    start: date,
    days: int,
    limit: int,
    offset: int,
) -> None:
    """The listing is a graph per year; whatever years a window holds whole, cuts or
    leaves out, its page is that of the whole listing's rows dated inside it or undated."""
    store = bare.store
    old = [g for g in store.named_graphs() if "/article/" in str(g) or "/listing." in str(g)]
    store.replace_graphs([(g, []) for g in old] + graphs)
    listed = list(remarks.derived_graphs(store, [NEW_START]))
    for part, triples in listed:
        rows = list(triples)
        year = part.rsplit(".", 1)[1]
        dates = [str(o) for _, p, o in rows if p == TKG.date]
        assert all(d.startswith(year) for d in dates) and (dates or year == remarks.UNDATED)
        store.replace_graphs([(iris.derived_graph(part), rows)])
    end = start + timedelta(days=days)
    full = [[str(v) if v is not None else None for v in row]
            for row in bare.sparql("who-said-what", treaty=NEW_START, limit=0).rows]  # fmt: skip
    assert len(full) == len(ranked_remarks(bare, NEW_START))  # every row, undated ones too
    inside = [r for r in full if r[0] is None or str(start) <= r[0] <= str(end)]
    window = {"from": start, "to": end}
    for rows_asked, skipped in ((0, 0), (limit, offset)):  # every row, then one page
        page = bare.sparql(
            "who-said-what", treaty=NEW_START, limit=rows_asked, offset=skipped, **window
        )
        assert [[str(v) if v is not None else None for v in row] for row in page.rows] == (
            inside[skipped : skipped + rows_asked] if rows_asked else inside
        )


# Pairs as actors-together ordered them before the derivation ranked them.
PAIRS_ORDER = """SELECT ?pair ?first ?second ?events ?articles WHERE {
  GRAPH ?network { ?pair tkg:eventCount ?events ; tkg:firstActorName ?first ;
                         tkg:secondActorName ?second ; tkg:articleCount ?articles }
}
ORDER BY DESC(?events) ?first ?second ?pair"""


def test_listings_pairs_are_ranked_in_the_order_actors_together_gives(
    samples: treatykg.TreatyKG,
) -> None:
    network = iris.derived_graph("network")
    ranks = samples.store.query(
        "SELECT ?pair ?rank WHERE { GRAPH ?network { ?pair tkg:pairRank ?rank } }",
        {"network": network},
    ).rows
    ranked_pairs = [str(p) for _, p in sorted((int(str(r)), str(p)) for p, r in ranks)]
    expected = samples.store.query(PAIRS_ORDER, {"network": network}).rows
    assert ranked_pairs == [str(row[0]) for row in expected]
    assert sorted(int(str(r)) for _, r in ranks) == list(range(1, len(ranks) + 1))
    # A page left of the pairs with too few events is the page of the pairs kept.
    for min_events in (1, 2, 3):
        kept = [[str(v) for v in row[1:]] for row in expected if int(str(row[3])) >= min_events]
        assert 0 < len(kept) < len(expected) or min_events == 1
        for offset in (0, 3, len(kept) - 1):
            page = samples.sparql("actors-together", min_events=min_events, limit=4, offset=offset)
            assert [[str(v) for v in row] for row in page.rows] == kept[offset : offset + 4]
