"""Relations across articles as networks: who acts with whom, on which treaties, in which order.

Projections take canonical events (one per happening, however many outlets report it)
and return networkx graphs; metrics take a graph and return plain values, so each is
testable on a few hand-made events. `graph.network_io` reads the events from the store
and writes the results: as RDF through `derived_triples` (the orchestrator in
`graph.derived` puts them in `id/graph/derived/network`, read by the named queries
`top-actors`, `actor-community` and `actor-neighbours`), and as GraphML or GEXF files.

What counts as a tie: two actors take part in one canonical event, whatever its type,
unless every source denies it happened (modality `negated`: "the US did not meet
Russian officials" links nobody). The tie's weight is the number of such events.
Everything is deterministic: graphs are built in sorted order, sampled betweenness and
Louvain communities use the fixed seed `SEED`, and PageRank is a plain power iteration.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx
from treatykg.graph.actors import ActorIndex
from treatykg.graph.dates import date_label
from treatykg.graph.event_types import type_label
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.status_records import load_rules as load_status_rules

from treatykg.errors import TreatyKGError

if TYPE_CHECKING:
    from rdflib import URIRef
    from treatykg.graph.derived import Inputs
    from treatykg.graph.terms import Triple

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "LIFECYCLE_TYPES",
    "PARAMETERS",
    "SEED",
    "ActorGraphBuilder",
    "ActorMetrics",
    "Hop",
    "MonthlyActivity",
    "NetworkError",
    "NetworkEvent",
    "actor_graph",
    "actor_months",
    "betweenness",
    "canonical_actors",
    "communities",
    "derived_triples",
    "event_summary",
    "fact_events",
    "in_period",
    "in_years",
    "lifecycle_graph",
    "metrics",
    "monthly_activity",
    "pagerank",
    "strongest_path",
    "treaty_graph",
    "with_canonical_actors",
]

ALGORITHM = "networkx-relations"
# 2: actor pairs carry both names; 3: ties list no events; 4: pairs carry their rank
ALGORITHM_VERSION = "4"
SEED = 20240601  # louvain_communities and sampled betweenness: same graph, same answer
PAGERANK_ALPHA = 0.85
# Exact betweenness costs one shortest-path search per actor; above this many actors it is
# estimated from a sample of source actors (networkx's `k`, drawn with SEED): up to
# BETWEENNESS_SAMPLES, fewer in a dense network so that the searches stay near
# BETWEENNESS_EDGE_BUDGET edge visits (on 100,000 events a derivation would otherwise spend
# over half a minute here), never fewer than BETWEENNESS_MIN_SAMPLES.
EXACT_BETWEENNESS_LIMIT = 500
BETWEENNESS_SAMPLES = 100
BETWEENNESS_MIN_SAMPLES = 16
BETWEENNESS_EDGE_BUDGET = 2_000_000
TIES_PER_ACTOR = 25  # each actor's strongest ties are written back; the rest stay in memory
PARAMETERS: dict[str, object] = {
    "seed": SEED,
    "pagerank_alpha": PAGERANK_ALPHA,
    "exact_betweenness_limit": EXACT_BETWEENNESS_LIMIT,
    "betweenness_samples": [BETWEENNESS_MIN_SAMPLES, BETWEENNESS_SAMPLES],
    "betweenness_edge_budget": BETWEENNESS_EDGE_BUDGET,
    "ties_per_actor": TIES_PER_ACTOR,
    "ties": "shared canonical events, negated ones excepted",
}


LIFECYCLE_TYPES = load_status_rules().lifecycle_types
_K = TypeVar("_K")
# Precisions that name one month (a week: the month of its first day).
_MONTHLY = {"day", "week", "weekend", "month"}


class NetworkError(TreatyKGError):
    """An actor is not in the network, or no chain of shared events links two actors."""


@dataclass(frozen=True)
class ActorMetrics:
    """One actor's place in a co-involvement network."""

    actor: str
    label: str
    kind: str
    degree: int  # distinct actors it shares an event with
    strength: int  # shared events summed over those ties
    betweenness: float
    pagerank: float
    community: int  # 1 is the largest community
    events: int  # canonical events it takes part in, alone or not


@dataclass(frozen=True)
class Hop:
    """One step of a path: two actors and the events (keys, oldest first) they share."""

    source: str
    target: str
    weight: int
    events: tuple[str, ...]


@dataclass(frozen=True)
class NetworkEvent:
    """A canonical event as a network shows it behind a tie: enough to list and filter it
    without going back to the store."""

    key: str
    type: str  # notation: meeting_or_call
    type_label: str  # meeting or call
    modality: str
    date_label: str  # at the sources' precision (2023, 2010-12, 2023-02-28); "" when undated
    precision: str  # "" when undated
    start: date | None  # the period the date names
    end: date | None
    treaty: str  # IRI; "" when the event concerns no treaty
    treaty_label: str


@dataclass(frozen=True)
class MonthlyActivity:
    actor: str
    month: str  # YYYY-MM
    events: int


# ---------------------------------------------------------------- projections


def _is_tie(event: CanonicalEvent) -> bool:
    return event.modality != "negated"


def _end(event: CanonicalEvent) -> date | None:
    return event.end or event.start


def _order(event: CanonicalEvent) -> tuple[bool, date, int, str]:
    """Oldest first, a period after the days inside it, undated last; the key breaks ties."""
    end = _end(event)
    if event.start is None or end is None:
        return (True, date.max, 0, event.key)
    return (False, end, -event.start.toordinal(), event.key)


def _when(event: CanonicalEvent) -> str:
    """The date as the sources gave it (`2023`, `2010-12`, `2023-02-28`); "" when undated."""
    if event.timex:
        return event.timex
    return event.start.isoformat() if event.start else ""


def in_years(event: CanonicalEvent, years: tuple[int, int] | None) -> bool:
    """Whether the event's whole period lies in an inclusive year range (None: any event).

    A "2023" event is in 2023 and a 2020s one in no single year; an undated event is in
    no range at all.
    """
    if years is None:
        return True
    end = _end(event)
    if event.start is None or end is None:
        return False
    return years[0] <= event.start.year and end.year <= years[1]


def in_period(event: CanonicalEvent, start: date | None = None, end: date | None = None) -> bool:
    """Whether the event's whole period lies between two days, both included (None: no
    bound). Like `in_years`: a "2023" event is within 2023-01-01..2023-12-31 but not
    within 2023-06-01..2023-12-31, and an undated event is within no bound at all.

    >>> year = CanonicalEvent("k1", "signing", None, frozenset(), frozenset(), "actual",
    ...     "2023", "year", date(2023, 1, 1), date(2023, 12, 31), ())
    >>> in_period(year, date(2023, 1, 1)), in_period(year, date(2023, 6, 1)), in_period(year)
    (True, False, True)
    """
    if start is None and end is None:
        return True
    last = _end(event)
    if event.start is None or last is None:
        return False
    return (start is None or start <= event.start) and (end is None or last <= end)


def _year(event: CanonicalEvent) -> int | None:
    """The one year an event's period lies in; None for undated events and decades."""
    end = _end(event)
    if event.start is None or end is None or end.year != event.start.year:
        return None
    return event.start.year


def with_canonical_actors(
    events: Iterable[CanonicalEvent], same_as: Mapping[str, str]
) -> list[CanonicalEvent]:
    """The events with every actor that is `owl:sameAs` another (a spelling variant of one
    entity, `graph.variants`) replaced by that one, so that one person is one node.

    >>> meet = CanonicalEvent("k1", "meeting_or_call", None, frozenset({"x:dmitri", "x:b"}),
    ...     frozenset({"x:dmitri"}), "actual", None, None, None, None, ())
    >>> [sorted(e.actors) for e in with_canonical_actors([meet], {"x:dmitri": "x:dmitry"})]
    [['x:b', 'x:dmitry']]
    """
    return [canonical_actors(e, same_as) for e in events]


def canonical_actors(event: CanonicalEvent, same_as: Mapping[str, str]) -> CanonicalEvent:
    """One event as `with_canonical_actors` gives it, for callers that stream events."""
    if not (event.actors | event.agents) & same_as.keys():
        return event

    def canonical(found: frozenset[str]) -> frozenset[str]:
        return frozenset(same_as.get(a, a) for a in found)

    return replace(event, actors=canonical(event.actors), agents=canonical(event.agents))


def _involved(event: CanonicalEvent, actors: ActorIndex, by_state: bool) -> list[str]:
    return sorted({actors.roll_up(a) for a in event.actors} if by_state else event.actors)


class _Tally:
    """What a node or a tie of the actor graph sums up of its events, added one at a time:
    the graph of a whole store is built as its events stream by, holding per actor and
    per pair a few counts rather than the events."""

    __slots__ = ("count", "events", "first", "last", "types", "years")

    def __init__(self, *, keep_events: bool) -> None:
        self.count = 0
        self.first: tuple[tuple[bool, date, int, str], str] | None = None  # (order, when)
        self.last: tuple[tuple[bool, date, int, str], str] | None = None
        self.types: Counter[str] = Counter()
        self.years: Counter[int] = Counter()
        self.events: list[tuple[tuple[bool, date, int, str], str]] | None = (
            [] if keep_events else None
        )

    def add(self, event: CanonicalEvent) -> None:
        self.count += 1
        order = _order(event)
        if event.start is not None:
            if self.first is None or order < self.first[0]:
                self.first = (order, _when(event))
            if self.last is None or order > self.last[0]:
                self.last = (order, _when(event))
        if self.events is not None:
            self.events.append((order, event.key))

    def add_kinds(self, event: CanonicalEvent) -> None:
        """Also count the event by type and year (a tie's, not an actor's)."""
        self.types[event.type] += 1
        year = _year(event)
        if year is not None:
            self.years[year] += 1

    def dates(self) -> dict[str, str]:
        return {
            "first": self.first[1] if self.first else "",
            "last": self.last[1] if self.last else "",
        }


def _tally(tallies: dict[_K, _Tally], key: _K, *, keep_events: bool = False) -> _Tally:
    """The tally of `key`, new if it has none yet."""
    found = tallies.get(key)
    if found is None:
        found = tallies[key] = _Tally(keep_events=keep_events)
    return found


def _node(actor: str, actors: ActorIndex, tally: _Tally) -> dict[str, Any]:
    return {
        "label": actors.label(actor),
        "kind": actors.kind(actor),
        "state": actors.state_of(actor) or "",
        "events": tally.count,
        **tally.dates(),
    }


def _edge(tally: _Tally) -> dict[str, Any]:
    """A tie: its weight, counts per type and per year, and the events behind it (oldest
    first) when they were kept."""
    edge: dict[str, Any] = {
        "weight": tally.count,
        "distance": 1.0 / tally.count,  # strongest paths are the shortest in these units
        "types": dict(sorted(tally.types.items())),
        "years": dict(sorted(tally.years.items())),
    }
    if tally.events is not None:
        edge["events"] = tuple(key for _, key in sorted(tally.events))
    return edge | tally.dates()


class ActorGraphBuilder:
    """`actor_graph` one event at a time: memory grows with the actors and the pairs of
    them, not with the events, so a derivation builds the network of every event it
    reads from disk without holding them.

    >>> meet = CanonicalEvent("k1", "meeting_or_call", None, frozenset({"a", "b"}),
    ...     frozenset(), "actual", "2023", "year", date(2023, 1, 1), date(2023, 12, 31), ())
    >>> builder = ActorGraphBuilder(ActorIndex(), keep_events=False)
    >>> builder.add(meet)
    >>> graph = builder.graph()
    >>> graph.edges["a", "b"]["weight"], "events" in graph.edges["a", "b"]
    (1, False)
    """

    def __init__(
        self,
        actors: ActorIndex,
        *,
        by_state: bool = False,
        years: tuple[int, int] | None = None,
        keep_events: bool = True,
    ) -> None:
        self._actors, self._by_state, self._years = actors, by_state, years
        self._keep = keep_events
        self._members: dict[str, _Tally] = {}
        self._pairs: dict[tuple[str, str], _Tally] = {}

    def add(self, event: CanonicalEvent) -> None:
        if not (_is_tie(event) and in_years(event, self._years)):
            return
        involved = _involved(event, self._actors, self._by_state)
        for actor in involved:
            _tally(self._members, actor).add(event)
        for pair in combinations(involved, 2):
            tally = _tally(self._pairs, pair, keep_events=self._keep)
            tally.add(event)
            tally.add_kinds(event)

    def graph(self) -> nx.Graph:
        graph = nx.Graph(by_state=self._by_state)
        for actor in sorted(self._members):
            graph.add_node(actor, **_node(actor, self._actors, self._members[actor]))
        for (first, second), tally in sorted(self._pairs.items()):
            graph.add_edge(first, second, **_edge(tally))
        return graph


def actor_graph(
    events: Iterable[CanonicalEvent],
    actors: ActorIndex,
    *,
    by_state: bool = False,
    years: tuple[int, int] | None = None,
) -> nx.Graph:
    """Actors linked by the canonical events they share, weighted by how many.

    Args:
        events: Canonical events; negated ones tie nobody.
        actors: Names, kinds and states of the actors.
        by_state: Roll bodies and officials up to the state they act for (the Kremlin and
            Peskov become Russia), for questions about states.
        years: An inclusive (first, last) year range: only events whose whole period lies
            in it count (a "2023" event is in 2023; an undated one is in no range).

    Returns:
        An undirected graph. Nodes are actor IRIs with `label`, `kind`, `state`, `events`
        (how many events it takes part in), `first` and `last` (dates as the sources give
        them). Edges carry `weight`, `distance` (1/weight), `types` and `years` (event
        counts per type and per year), `events` (keys, oldest first), `first` and `last`.

    >>> meet = CanonicalEvent("k1", "meeting_or_call", None, frozenset({"a", "b"}),
    ...     frozenset(), "actual", "2023", "year", date(2023, 1, 1), date(2023, 12, 31), ())
    >>> graph = actor_graph([meet], ActorIndex())
    >>> graph.edges["a", "b"]["weight"], graph.edges["a", "b"]["years"]
    (1, {2023: 1})
    """
    builder = ActorGraphBuilder(actors, by_state=by_state, years=years)
    for event in events:
        builder.add(event)
    return builder.graph()


def treaty_graph(
    events: Iterable[CanonicalEvent], actors: ActorIndex, *, by_state: bool = False
) -> nx.Graph:
    """Actors and the treaties their events concern, as a bipartite graph.

    Actor nodes have `bipartite=0`, treaty nodes `bipartite=1`; both carry `label`,
    `kind`, `state`, `events`, `first` and `last`. An edge's `weight` counts the
    actor's events on the treaty; `types` counts them per event type.
    """
    by_actor: dict[str, _Tally] = {}
    by_treaty: dict[str, _Tally] = {}
    links: dict[tuple[str, str], _Tally] = {}
    for event in events:
        if not (_is_tie(event) and event.treaty):
            continue
        treaty = str(event.treaty)
        _tally(by_treaty, treaty).add(event)
        for actor in _involved(event, actors, by_state):
            _tally(by_actor, actor).add(event)
            link = _tally(links, (actor, treaty), keep_events=True)
            link.add(event)
            link.add_kinds(event)
    graph = nx.Graph(by_state=by_state)
    for actor in sorted(by_actor):
        graph.add_node(actor, bipartite=0, **_node(actor, actors, by_actor[actor]))
    for treaty in sorted(by_treaty):
        attributes = _node(treaty, actors, by_treaty[treaty])
        graph.add_node(treaty, bipartite=1, **{**attributes, "kind": "Treaty", "state": ""})
    for (actor, treaty), shared in sorted(links.items()):
        edge = _edge(shared)
        graph.add_edge(actor, treaty, **{k: v for k, v in edge.items() if k != "years"})
    return graph


def event_summary(event: CanonicalEvent, actors: ActorIndex) -> NetworkEvent:
    """What a network says of one event behind a tie: its type, date and treaty, named."""
    return NetworkEvent(
        key=event.key,
        type=event.type,
        type_label=type_label(event.type),
        modality=event.modality,
        date_label=date_label(event.start, event.precision) if event.start else "",
        precision=(event.precision or "day") if event.start else "",
        start=event.start,
        end=_end(event),
        treaty=event.treaty or "",
        treaty_label=actors.label(event.treaty) if event.treaty else "",
    )


def _event_node(event: CanonicalEvent, actors: ActorIndex, order: int) -> dict[str, Any]:
    when = _when(event)
    end = _end(event)
    return {
        "label": f"{event.type.replace('_', ' ')} {when or '(undated)'}",
        "kind": "event",
        "type": event.type,
        "modality": event.modality,
        "treaty": event.treaty or "",
        "date": when,
        "precision": event.precision or "",
        "period_start": event.start.isoformat() if event.start else "",
        "period_end": end.isoformat() if end else "",
        "dated": event.start is not None,
        "order": order,
        "actors": "; ".join(sorted(actors.label(a) for a in event.actors)),
    }


def lifecycle_graph(
    events: Iterable[CanonicalEvent],
    actors: ActorIndex,
    treaty: str | None = None,
    *,
    types: Sequence[str] = LIFECYCLE_TYPES,
) -> nx.DiGraph:
    """A treaty's lifecycle events as a time-ordered DAG (every treaty's, when `treaty` is None).

    An edge u -> v says u is known to come before v: u's period ends before v's begins.
    Dates of different precision are compared as periods, so a "2010" ratification and
    the 2010-12-22 vote inside that year get no edge: the sources do not say which came
    first. Undated events are nodes without edges (`dated=False`, last in `order`).
    Only the covering edges are kept (the transitive reduction): signing -> ratification
    -> entry into force, not also signing -> entry into force.

    Nodes are event keys with `label`, `type`, `modality`, `treaty`, `date` (as the
    sources give it), `precision`, `period_start`, `period_end`, `dated`, `order`
    (position in time order) and `actors` (names).
    """
    chosen = sorted(
        (e for e in events if e.type in types and e.treaty and treaty in (None, e.treaty)),
        key=_order,
    )
    graph = nx.DiGraph(treaty=treaty or "", label=actors.label(treaty) if treaty else "")
    for order, event in enumerate(chosen):
        graph.add_node(event.key, **_event_node(event, actors, order))
    by_treaty: dict[str, list[CanonicalEvent]] = defaultdict(list)
    for event in chosen:
        by_treaty[str(event.treaty)].append(event)
    for lifecycle in by_treaty.values():
        graph.add_edges_from(_covering_edges(lifecycle))
    return graph


def _covering_edges(events: Sequence[CanonicalEvent]) -> list[tuple[str, str]]:
    """The Hasse diagram of "ends before it begins", without building the whole order:
    v covers u when v starts after u ends and no event lies wholly between them, that is
    when v starts no later than the earliest end among the events starting after u ends.
    """
    periods = sorted((e.start, _end(e) or e.start, e.key) for e in events if e.start is not None)
    starts = [start for start, _, _ in periods]
    earliest_end = [date.max] * (len(periods) + 1)
    for i in range(len(periods) - 1, -1, -1):
        earliest_end[i] = min(earliest_end[i + 1], periods[i][1])
    edges = []
    for _, end, key in periods:
        after = bisect_right(starts, end)
        for start, _, later in periods[after:]:
            if start > earliest_end[after]:
                break
            edges.append((key, later))
    return edges


def fact_events(facts: Iterable[Report]) -> list[CanonicalEvent]:
    """KB treaty facts as events of their own (keyed by the fact's IRI), for a lifecycle
    that shows what the record holds where no article reported it."""
    return [
        CanonicalEvent(
            key=r.iri, type=r.type, treaty=r.treaty, actors=r.actors, agents=r.agents,
            modality=r.modality, timex=r.timex, precision=r.precision, start=r.start,
            end=r.end, reports=(r,), kb_facts=(r.iri,),
        )
        for r in facts
    ]  # fmt: skip


# ---------------------------------------------------------------- metrics


def pagerank(graph: nx.Graph, *, alpha: float = PAGERANK_ALPHA) -> dict[str, float]:
    """Weighted PageRank, as `networkx.pagerank` computes it (a tie's share of an actor's
    rank follows its weight; an actor without ties spreads its rank evenly), by power
    iteration with numpy alone: networkx's own needs SciPy, which treatykg does not need.
    """
    import numpy as np

    nodes = list(graph)
    size = len(nodes)
    if not size:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v], float(w)) for u, v, w in graph.edges(data="weight", default=1)]
    source = np.array([u for u, v, _ in edges] + [v for u, v, _ in edges], dtype=np.int64)
    target = np.array([v for u, v, _ in edges] + [u for u, v, _ in edges], dtype=np.int64)
    weight = np.array([w for *_, w in edges] * 2, dtype=np.float64)
    strength = np.bincount(source, weights=weight, minlength=size)
    share = weight / strength[source] if len(source) else weight
    dangling = strength == 0
    rank = np.full(size, 1.0 / size)
    for _ in range(1000):
        previous = rank
        rank = alpha * np.bincount(target, weights=previous[source] * share, minlength=size)
        rank += (alpha * previous[dangling].sum() + 1.0 - alpha) / size
        if np.abs(rank - previous).sum() < size * 1e-12:
            break
    return {node: float(rank[i]) for node, i in index.items()}


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalized betweenness over strongest paths (edge length 1/weight): exact up to
    EXACT_BETWEENNESS_LIMIT actors, beyond that estimated from a sample of source actors
    drawn with SEED (the same estimate every time); see BETWEENNESS_SAMPLES."""
    sample = None
    if len(graph) > EXACT_BETWEENNESS_LIMIT:
        budget = BETWEENNESS_EDGE_BUDGET // max(graph.number_of_edges(), 1)
        sample = min(BETWEENNESS_SAMPLES, max(BETWEENNESS_MIN_SAMPLES, budget), len(graph))
    found = nx.betweenness_centrality(graph, k=sample, weight="distance", seed=SEED)
    return {str(node): float(value) for node, value in found.items()}


def communities(graph: nx.Graph) -> dict[str, int]:
    """Louvain communities (seeded: the same graph always splits the same way), numbered
    from 1 by size, largest first, ties broken by their first member's IRI."""
    if not len(graph):
        return {}
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {member: n for n, group in enumerate(ordered, 1) for member in group}


def metrics(graph: nx.Graph) -> list[ActorMetrics]:
    """Degree, strength, betweenness, PageRank, community and event count of every actor
    of an `actor_graph`, sorted by actor IRI."""
    ranks, between, groups = pagerank(graph), betweenness(graph), communities(graph)
    return [
        ActorMetrics(
            actor=actor,
            label=str(data.get("label", actor)),
            kind=str(data.get("kind", "Other")),
            degree=int(graph.degree(actor)),
            strength=int(graph.degree(actor, weight="weight")),
            betweenness=between[actor],
            pagerank=ranks[actor],
            community=groups[actor],
            events=int(data.get("events", 0)),
        )
        for actor, data in sorted(graph.nodes(data=True))
    ]


def strongest_path(graph: nx.Graph, source: str, target: str) -> list[Hop]:
    """How two actors are connected: the chain of ties with the most shared events (the
    shortest path in 1/weight), each hop with the events behind it.

    Raises:
        NetworkError: either actor is not in the graph (takes part in no event), or no
            chain of shared events links them.
    """
    for actor in (source, target):
        if actor not in graph:
            raise NetworkError(f"{actor} takes part in no event of this network")
    try:
        path = nx.dijkstra_path(graph, source, target, weight="distance")
    except nx.NetworkXNoPath:
        raise NetworkError(
            f"no chain of shared events links {_name(graph, source)} and {_name(graph, target)}"
        ) from None
    return [
        Hop(u, v, int(graph.edges[u, v]["weight"]), tuple(graph.edges[u, v]["events"]))
        for u, v in pairwise(path)
    ]


def _name(graph: nx.Graph, actor: str) -> str:
    return str(graph.nodes[actor].get("label", actor)) if actor in graph else actor


def monthly_activity(
    events: Iterable[CanonicalEvent], actors: ActorIndex, *, by_state: bool = False
) -> list[MonthlyActivity]:
    """How many events each actor takes part in, per month, sorted by actor and month.

    Only events dated to the day, week or month count (a week in the month it starts):
    an event known only by its year belongs to no month, and is not spread over twelve.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for event in events:
        counts.update(actor_months(event, actors, by_state=by_state))
    return [MonthlyActivity(a, m, n) for (a, m), n in sorted(counts.items())]


def actor_months(
    event: CanonicalEvent, actors: ActorIndex, *, by_state: bool = False
) -> list[tuple[str, str]]:
    """The (actor, month) cells one event adds to `monthly_activity`, for callers that
    count events as they stream by."""
    if not _is_tie(event) or event.start is None or event.precision not in _MONTHLY:
        return []
    month = f"{event.start.year:04d}-{event.start.month:02d}"
    return [(actor, month) for actor in _involved(event, actors, by_state)]


# ---------------------------------------------------------------- written back


def derived_triples(inputs: Inputs, computation: URIRef) -> Iterator[Triple]:
    """The network metrics as RDF, for `graph/derived/network` (see `graph.network_io`)."""
    from treatykg.graph.network_io import network_triples

    return network_triples(inputs, computation)
