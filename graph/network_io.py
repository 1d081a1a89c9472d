"""The network layer's inputs and outputs: canonical events read, metrics written as RDF, GraphML and GEXF files.

`graph.network` computes on plain records; this module is where `TreatyKG.relations_*`
reads the canonical events it projects, where the metrics become triples (for SPARQL
and the named queries `top-actors`, `actor-community` and `actor-neighbours`), and
where networks become files for Gephi and Cytoscape.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

import networkx as nx
from rdflib import Literal, URIRef
from treatykg.graph import iris, variants, vocab
from treatykg.graph.cells import day, iri_set, local_name, notation
from treatykg.graph.happenings import CanonicalEvent
from treatykg.graph.network import (
    TIES_PER_ACTOR,
    ActorGraphBuilder,
    ActorMetrics,
    MonthlyActivity,
    actor_months,
    canonical_actors,
    metrics,
)
from treatykg.graph.network_choices import METRICS
from treatykg.graph.triples import EVENT_CLASSES, TYPE_NOTATIONS
from treatykg.graph.vocab import XSD, Terms

if TYPE_CHECKING:
    from treatykg.graph.actors import ActorIndex
    from treatykg.graph.derived import Inputs
    from treatykg.graph.store import TreatyStore
    from treatykg.graph.terms import Triple

__all__ = [
    "by_iri",
    "flat_attributes",
    "layer_version",
    "network_triples",
    "rank_key",
    "read_activity",
    "read_events",
    "read_names",
    "shared_events",
    "write_network",
]

_RDF, _TKG, _PROV, _SKOS = Terms(vocab.RDF), Terms(vocab.TKG), Terms(vocab.PROV), Terms(vocab.SKOS)
# What XML 1.0 cannot hold: C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def network_triples(inputs: Inputs, computation: URIRef) -> Iterator[Triple]:
    """The network metrics as RDF, for `graph/derived/network`.

    Only events that articles report count (a happening the KB alone records is not a
    canonical event in the store either), so SPARQL and `TreatyKG.relations_*` describe
    one network, and spellings of one entity (`owl:sameAs`, `graph.variants`) are one
    actor. Per actor a `tkg:ActorMetrics` node (its name and kind, degree, strength,
    betweenness, PageRank, community, event count, and its rank by each metric); per community a
    `tkg:Community`; each actor's TIES_PER_ACTOR strongest ties as `tkg:Tie` nodes
    (their weight and event types); per actor and month a `tkg:MonthlyActivity`; per two
    actors sharing an event a `tkg:ActorPair`. Every node `prov:wasGeneratedBy` the
    computation.

    The events stream by once, and each is let go of once the actor graph, the monthly
    counts and the pairs have counted it: memory holds counts per actor, pair and month,
    which grow with the actors a store names rather than with its events. The
    statements then come one node at a time, for a derivation to write as they come.
    """
    same_as = variants.same_as(inputs.groups)
    pairs = _Pairs()
    builder = ActorGraphBuilder(inputs.actors, keep_events=False)
    months: Counter[tuple[str, str]] = Counter()
    for event, articles in inputs.events.briefs():  # read once, each let go of after
        if articles:
            pairs.add(event)
            event = canonical_actors(event, same_as)
            builder.add(event)
            months.update(actor_months(event, inputs.actors))
    for _article, actors in inputs.events.actors_by_article():
        pairs.add_article(actors)
    graph = builder.graph()
    del builder
    activities = [MonthlyActivity(a, m, n) for (a, m), n in sorted(months.items())]
    del months
    found = metrics(graph)
    for record, ranks in zip(found, _ranks(found), strict=True):
        yield from _metric_triples(record, ranks, computation)
    for n, size in sorted(Counter(r.community for r in found).items()):
        node = iris.community(n)
        community: list[Triple] = [
            (node, _RDF.type, _TKG.Community),
            (node, _SKOS.prefLabel, Literal(f"community {n}")),
            (node, _TKG.memberCount, Literal(size)),
            (node, _PROV.wasGeneratedBy, computation),
        ]
        yield from community
    for first, second in _strongest_ties(graph):
        yield from _tie_triples(first, second, graph.edges[first, second], computation)
    del graph
    for activity in activities:
        node = iris.actor_month(activity.actor, activity.month)
        month: list[Triple] = [
            (node, _RDF.type, _TKG.MonthlyActivity),
            (node, _TKG.ofActor, URIRef(activity.actor)),
            (node, _TKG.month, Literal(activity.month, datatype=XSD.gYearMonth)),
            (node, _TKG.eventCount, Literal(activity.events)),
            (node, _PROV.wasGeneratedBy, computation),
        ]
        yield from month
    yield from pairs.triples(inputs.actors, computation)


class _Pairs:
    """Two actors found on one canonical event: the events they share and the articles
    reporting those.

    Written as a `tkg:ActorPair` per pair with both names (the actor whose IRI sorts
    first is `tkg:firstActorName`), so `actors-together` reads one node per row instead
    of joining every event's actors with each other and looking up two names (seconds,
    then half a second, on a large store). Actors are the events' own, not merged
    spellings or states, and negated events count, as the query always counted them;
    KB-only happenings are not canonical events.

    Events are counted as they stream by, articles one article at a time (each with the
    actors of the events it reports): memory holds a count per pair and one article's
    pairs. A set of articles per pair grew with the store (680 MB at 10,000 articles),
    and so did the pairs held for articles not reached yet while events streamed in the
    order of their first article (past 12 GB at 100,000 articles, where one event is
    reported by thousands of articles).
    """

    def __init__(self) -> None:
        self._events: Counter[tuple[str, str]] = Counter()
        self._articles: Counter[tuple[str, str]] = Counter()

    def add(self, event: CanonicalEvent) -> None:
        """Count one event for each two of its actors."""
        self._events.update(itertools.combinations(sorted(event.actors), 2))

    def add_article(self, actors: Iterable[frozenset[str]]) -> None:
        """Count one article for each two actors that some event it reports names both."""
        self._articles.update(
            {pair for one in actors for pair in itertools.combinations(sorted(one), 2)}
        )

    def triples(self, index: ActorIndex, computation: URIRef) -> Iterator[Triple]:
        """Each pair, with its place in the order `actors-together` lists pairs by (most
        events first, then both names, then the pair's IRI) as `tkg:pairRank` from 1,
        so that the query cuts a page from small numbers instead of sorting every pair."""

        def order(pair: tuple[str, str]) -> tuple[int, str, str, str]:
            first, second = pair
            name = index.label
            return -self._events[pair], name(first), name(second), str(iris.actor_pair(*pair))

        ranks = {pair: rank for rank, pair in enumerate(sorted(self._events, key=order), 1)}
        for (first, second), count in sorted(self._events.items()):
            node = iris.actor_pair(first, second)
            pair: list[Triple] = [
                (node, _RDF.type, _TKG.ActorPair),
                (node, _TKG.ofActor, URIRef(first)),
                (node, _TKG.ofActor, URIRef(second)),
                (node, _TKG.eventCount, Literal(count)),
                (node, _TKG.pairRank, Literal(ranks[first, second])),
                (node, _TKG.articleCount, Literal(self._articles[first, second])),
                (node, _TKG.firstActorName, Literal(index.label(first))),
                (node, _TKG.secondActorName, Literal(index.label(second))),
                (node, _PROV.wasGeneratedBy, computation),
            ]
            yield from pair


# Each metric's value and rank predicates; events are tkg:eventCount(Rank).
_PREDICATES = {metric: (metric if metric != "events" else "eventCount") for metric in METRICS}


def _ranks(found: Sequence[ActorMetrics]) -> list[dict[str, int]]:
    """Each actor's rank (1 = highest) by each metric, in `rank_key` order, so a query can
    ask for the top N with a FILTER (SPARQL cannot bind LIMIT)."""
    ranks: list[dict[str, int]] = [{} for _ in found]
    for metric in METRICS:
        order = sorted(range(len(found)), key=lambda i: rank_key(found[i], metric))
        for rank, i in enumerate(order, 1):
            ranks[i][metric] = rank
    return ranks


def rank_key(record: ActorMetrics, metric: str) -> tuple[float, str, str]:
    """Highest first by `metric`, ties broken by name (case aside), then by IRI."""
    return (-float(getattr(record, metric)), record.label.casefold(), record.actor)


def _metric_triples(
    record: ActorMetrics, ranks: dict[str, int], computation: URIRef
) -> list[Triple]:
    node = iris.actor_metrics(record.actor)
    triples: list[Triple] = [
        (node, _RDF.type, _TKG.ActorMetrics),
        (node, _TKG.ofActor, URIRef(record.actor)),
        (node, _TKG.actorName, Literal(record.label)),
        (node, _TKG.actorKind, Literal(record.kind)),
        (node, _TKG.community, iris.community(record.community)),
        (node, _PROV.wasGeneratedBy, computation),
    ]
    for metric, predicate in _PREDICATES.items():
        value = getattr(record, metric)
        triples += [
            (node, _TKG[predicate], _number(value)),
            (node, _TKG[f"{predicate}Rank"], Literal(ranks[metric])),
        ]
    return triples


def _number(value: float) -> Literal:
    """A metric as an xsd:decimal in its canonical form (`0`, `0.25`, nine places at most).

    A store hands back canonical literals, so `0.0` or `1.5E-3` would not survive an export
    and import unchanged; a metric needs no more places than nine.

    >>> [str(_number(v)) for v in (0.0, 0.25, 2, 1 / 3)]
    ['0', '0.25', '2', '0.333333333']
    """
    if isinstance(value, int):
        return Literal(value)
    text = format(Decimal(str(round(value, 9))).normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def _strongest_ties(graph: nx.Graph) -> list[tuple[str, str]]:
    """The union of every actor's TIES_PER_ACTOR heaviest ties, as sorted pairs."""
    chosen: set[tuple[str, str]] = set()
    for actor in graph:
        ties = sorted(graph[actor].items(), key=lambda t: (-t[1]["weight"], t[0]))
        for other, _ in ties[:TIES_PER_ACTOR]:
            chosen.add((actor, other) if actor < other else (other, actor))
    return sorted(chosen)


def _tie_triples(
    first: str, second: str, edge: dict[str, Any], computation: URIRef
) -> list[Triple]:
    node = iris.tie(first, second)
    triples: list[Triple] = [
        (node, _RDF.type, _TKG.Tie),
        (node, _TKG.ofActor, URIRef(first)),
        (node, _TKG.ofActor, URIRef(second)),
        (node, _TKG.weight, _number(edge["weight"])),
        (node, _PROV.wasGeneratedBy, computation),
    ]
    # Not the events themselves: the canonical events naming both actors are those, and a
    # list on the tie grew with every event (a million statements at 10,000 articles).
    triples += [
        (node, _TKG.eventType, _TKG[EVENT_CLASSES[t]]) for t in edge["types"] if t in EVENT_CLASSES
    ]
    return triples


_EVENTS = """SELECT ?happening (SAMPLE(?t) AS ?type) (SAMPLE(?m) AS ?modality)
       (SAMPLE(?tr) AS ?treaty) (SAMPLE(?d) AS ?date) (SAMPLE(?p) AS ?precision)
       (SAMPLE(?tx) AS ?timex) (GROUP_CONCAT(DISTINCT STR(?actor); separator=" ") AS ?actors)
       (GROUP_CONCAT(DISTINCT STR(?agent); separator=" ") AS ?agents)
       (GROUP_CONCAT(DISTINCT STR(?record); separator=" ") AS ?records)
WHERE { GRAPH ?g {
  ?happening a tkg:CanonicalEvent ; tkg:eventType ?t ; tkg:modality ?m .
  OPTIONAL { ?happening tkg:treaty ?tr }
  OPTIONAL { ?happening tkg:date ?d }
  OPTIONAL { ?happening tkg:datePrecision ?p }
  OPTIONAL { ?happening tkg:timexValue ?tx }
  OPTIONAL { ?happening tkg:actor ?actor }
  OPTIONAL { ?happening tkg:agent ?agent }
  OPTIONAL { ?happening tkg:record ?record }
} }
GROUP BY ?happening"""


def read_events(store: TreatyStore) -> list[CanonicalEvent]:
    """The canonical events of the derived layer, in one query, sorted by key.

    Their reports are not read (a network needs who, what and when, not every source),
    so `sources` and `articles` of these records are empty.
    """
    from treatykg.graph.dates import period_end

    events = []
    for row in store.query(_EVENTS).records():
        type_ = TYPE_NOTATIONS.get(local_name(row["type"]) or "")
        key = iris.happening_key(str(row["happening"]))
        if type_ is None or key is None:
            continue
        start = day(row["date"])
        precision = (notation(row["precision"]) or "day") if start else None
        events.append(
            CanonicalEvent(
                key=key,
                type=type_,
                treaty=str(row["treaty"]) if row["treaty"] is not None else None,
                actors=iri_set(row["actors"]),
                agents=iri_set(row["agents"]),
                modality=notation(row["modality"]),
                timex=str(row["timex"]) if row["timex"] is not None else None,
                precision=precision,
                start=start,
                end=period_end(start, precision) if start else None,
                reports=(),
                kb_facts=tuple(sorted(iri_set(row["records"]))),
            )
        )
    return sorted(events, key=lambda e: e.key)


# ---------------------------------------------------------------- what a derivation wrote

# Which derivation the network comes from, and only if there are canonical events at all.
_LAYER = f"""SELECT ?run ?ended WHERE {{
  GRAPH <{iris.DERIVED_GRAPH}> {{
    <{iris.DERIVED_GRAPH}> prov:wasGeneratedBy ?run . OPTIONAL {{ ?run prov:endedAtTime ?ended }}
  }}
  FILTER EXISTS {{ GRAPH ?g {{ ?happening a tkg:CanonicalEvent }} }}
}}"""
_NETWORK = iris.derived_graph("network")
_NAMES = f"""SELECT DISTINCT ?name ?actor WHERE {{
  {{ GRAPH <{_NETWORK}> {{ ?metrics a tkg:ActorMetrics ; tkg:ofActor ?actor ; tkg:actorName ?name }} }}
  UNION
  {{ GRAPH <{_NETWORK}> {{ ?metrics a tkg:ActorMetrics ; tkg:ofActor ?actor }}
     GRAPH <{iris.derived_graph("entities")}> {{ ?group tkg:canonicalEntity ?actor ; tkg:spelling ?name }} }}
}}"""
_ACTIVITY = f"""SELECT ?actor ?name ?month ?events WHERE {{ GRAPH <{_NETWORK}> {{
  ?activity a tkg:MonthlyActivity ; tkg:ofActor ?actor ; tkg:month ?month ; tkg:eventCount ?events .
  ?metrics a tkg:ActorMetrics ; tkg:ofActor ?actor ; tkg:actorName ?name .
}} }}"""
_SHARED = """SELECT DISTINCT ?happening ?other WHERE { GRAPH ?g {
  ?happening tkg:actor ?asked ; a tkg:CanonicalEvent ; tkg:modality ?modality ; tkg:actor ?other .
  FILTER(?modality != tkg:Negated)
} }"""


def layer_version(store: TreatyStore) -> str | None:
    """Which derivation wrote the store's canonical events and network (its computation
    and when it ended): what a cache of them is valid for. None when the store holds no
    canonical events, derived or not."""
    rows = store.query(_LAYER).rows
    return " ".join(str(term) for term in rows[0]) if rows else None


def read_names(store: TreatyStore) -> list[tuple[str, str]]:
    """(name, actor) for every actor of the derived network: its name, and the spellings
    of the entities `owl:sameAs` it."""
    return [(str(name), str(actor)) for name, actor in store.query(_NAMES).rows]


def read_activity(store: TreatyStore, actor: str | None = None) -> list[dict[str, Any]]:
    """The derived network's events per actor (or one actor) and month, as
    `monthly_activity` counts them: rows of actor, label, month and events, in that order."""
    bound = {"actor": URIRef(actor)} if actor is not None else None
    rows = [
        {"actor": str(a), "label": str(name), "month": str(month), "events": int(str(n))}
        for a, name, month, n in store.query(_ACTIVITY, bound).rows
    ]
    return sorted(rows, key=lambda row: (row["actor"], row["month"]))


def shared_events(store: TreatyStore, actor: str, same_as: Mapping[str, str]) -> Counter[str]:
    """How many canonical events (denied ones aside) each actor shares with `actor`, every
    entity counted as the one it is `owl:sameAs`: what `actor_graph` weighs a tie by."""
    spellings = [actor, *(m for m, canonical in same_as.items() if canonical == actor)]
    shared: dict[str, set[str]] = {}
    for asked in spellings:
        for event, other in store.query(_SHARED, {"asked": URIRef(asked)}).rows:
            shared.setdefault(same_as.get(str(other), str(other)), set()).add(str(event))
    return Counter({other: len(found) for other, found in shared.items() if other != actor})


# ---------------------------------------------------------------- exports


def flat_attributes(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: strings, numbers and booleans.

    Counts per type and per year become one attribute each (`type_statement`,
    `year_2023`), dates ISO strings, tuples of keys their count; missing values are left
    out, never written as None (neither format has a null). Characters XML cannot hold
    (an article's terminal escapes, NUL) are dropped: both formats are XML, and one such
    character makes the whole file unreadable.
    """
    flat = graph.__class__()
    flat.graph.update(_flat(graph.graph))
    flat.add_nodes_from((n, _flat(d)) for n, d in graph.nodes(data=True))
    flat.add_edges_from((u, v, _flat(d)) for u, v, d in graph.edges(data=True))
    return flat


def _flat(data: dict[str, Any]) -> dict[str, str | int | float | bool]:
    flat: dict[str, str | int | float | bool] = {}
    for name, value in data.items():
        if isinstance(value, dict):
            prefix = name.removesuffix("s")
            flat.update({f"{prefix}_{k}": int(v) for k, v in value.items()})
        elif isinstance(value, tuple | list | set | frozenset):
            flat[f"{name}_count"] = len(value)
        elif isinstance(value, date):
            flat[name] = value.isoformat()
        elif isinstance(value, str):
            flat[name] = _NOT_XML.sub("", value)
        elif isinstance(value, bool | int | float):
            flat[name] = value
        elif value is not None:
            flat[name] = _NOT_XML.sub("", str(value))
    return flat


def write_network(graph: nx.Graph, out: IO[bytes], fmt: str) -> None:
    """Write a network as `graphml` or `gexf`, its attributes made fit for them first."""
    flat = flat_attributes(graph)
    if fmt == "graphml":
        nx.write_graphml(flat, out)
    elif fmt == "gexf":
        nx.write_gexf(flat, out)
    else:
        raise ValueError(f"no network format {fmt!r}; use graphml or gexf")


def by_iri(lifecycle: nx.DiGraph) -> nx.DiGraph:
    """A lifecycle DAG whose canonical events are named by their IRIs, as SPARQL names them
    (KB facts already are)."""
    names = {n: str(iris.happening(n)) for n in lifecycle if not str(n).startswith("http")}
    return nx.relabel_nodes(lifecycle, names)
