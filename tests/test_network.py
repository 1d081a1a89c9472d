"""Networks of canonical events: projections, metrics, what is written back, exports, and `treatykg relations`."""

from __future__ import annotations

import gc
import io
import itertools
import random
import shutil
import subprocess
import sys
import tomllib
import weakref
from collections.abc import Collection, Iterator
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from conftest import (
    ACTORS,
    BLINKEN,
    CN,
    DUMA,
    ID,
    INF,
    KREMLIN,
    LAVROV,
    NEW_START,
    PESKOV,
    RU,
    US,
)
from rdflib import Literal, URIRef
from treatykg.graph import iris, network, network_io
from treatykg.graph.actors import ActorIndex
from treatykg.graph.dates import period_end
from treatykg.graph.derived import Inputs
from treatykg.graph.event_types import type_label
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.kb import ONTOLOGY_FILE
from treatykg.graph.network import NetworkError
from treatykg.graph.spill import EventList
from treatykg.graph.store import QueryResult, TreatyStore, open_store
from treatykg.graph.triples import EVENT_CLASSES, timex_start
from treatykg.graph.vocab import PROV, RDF, SKOS, TKG
from treatykg.queries import runner

import treatykg
from treatykg.cli import cli
from treatykg.errors import QueryError


def event(
    key: str,
    type_: str,
    actors: set[str],
    when: str | None = None,
    *,
    treaty: str | None = None,
    modality: str = "actual",
    article: str | None = None,
) -> CanonicalEvent:
    """A canonical event from a TIMEX3 value (`2023`, `2023-02`, `2023-02-28`, `202` a decade)."""
    precision = {3: "decade", 4: "year", 7: "month"}.get(len(when or ""), "day") if when else None
    start = timex_start(when) if when else None
    end = period_end(start, precision) if start else None
    reports: tuple[Report, ...] = ()
    if article is not None:
        reports = (Report(f"{ID}event/{key}", article, type_, modality, treaty, frozenset(actors)),)
    return CanonicalEvent(
        key, type_, treaty, frozenset(actors), frozenset(), modality, when, precision, start, end,
        reports,
    )  # fmt: skip


TALKS = [
    event("e1", "meeting_or_call", {PESKOV, BLINKEN}, "2023-02-28"),
    event("e2", "statement", {PESKOV, BLINKEN, KREMLIN}, "2023-03", treaty=NEW_START),
    event("e3", "meeting_or_call", {PESKOV, BLINKEN}, "2023-04-02", modality="negated"),
    event("e4", "suspension", {RU}, "2023", treaty=NEW_START),
    event("e5", "statement", {LAVROV, BLINKEN}, "2022-06-01"),
    event("e6", "call_for_talks", {CN, US}),
    event("e7", "statement", {KREMLIN, US}, "202"),
]


# ---------------------------------------------------------------- projections


@pytest.mark.parametrize(
    ("first", "second", "weight", "types", "years", "events"),
    [
        (BLINKEN, PESKOV, 2, {"meeting_or_call": 1, "statement": 1}, {2023: 2}, ("e1", "e2")),
        (BLINKEN, LAVROV, 1, {"statement": 1}, {2022: 1}, ("e5",)),
        (CN, US, 1, {"call_for_talks": 1}, {}, ("e6",)),
        (KREMLIN, US, 1, {"statement": 1}, {}, ("e7",)),
    ],
)
def test_network_actor_graph_weights_ties_by_shared_events(
    first: str, second: str, weight: int, types: dict[str, int], years: dict[int, int],
    events: tuple[str, ...],
) -> None:  # fmt: skip
    graph = network.actor_graph(TALKS, ACTORS)
    tie = graph.edges[first, second]
    assert (tie["weight"], tie["types"], tie["years"], tie["events"]) == (
        weight,
        types,
        years,
        events,
    )
    assert tie["distance"] == pytest.approx(1 / weight)


@pytest.mark.parametrize(
    ("actor", "events", "kind", "state", "first", "last"),
    [
        (PESKOV, 2, "Person", RU, "2023-02-28", "2023-03"),  # the denied meeting ties nobody
        (RU, 1, "State", RU, "2023", "2023"),  # alone in its event: a node, no tie
        (US, 2, "State", US, "202", "202"),  # an undated event counts, but has no date
    ],
)
def test_network_actor_graph_nodes_carry_names_kinds_and_dates(
    actor: str, events: int, kind: str, state: str, first: str, last: str
) -> None:
    node = network.actor_graph(TALKS, ACTORS).nodes[actor]
    assert (node["label"], node["kind"], node["state"]) == (ACTORS.label(actor), kind, state)
    assert (node["events"], node["first"], node["last"]) == (events, first, last)


@pytest.mark.parametrize(
    ("years", "ties"),
    [
        ((2023, 2023), {(BLINKEN, PESKOV): 2, (BLINKEN, KREMLIN): 1, (KREMLIN, PESKOV): 1}),
        ((2022, 2022), {(BLINKEN, LAVROV): 1}),
        (
            (2022, 2023),
            {
                (BLINKEN, PESKOV): 2,
                (BLINKEN, KREMLIN): 1,
                (KREMLIN, PESKOV): 1,
                (BLINKEN, LAVROV): 1,
            },
        ),
        (
            (2020, 2029),
            {
                (BLINKEN, PESKOV): 2,
                (BLINKEN, KREMLIN): 1,
                (KREMLIN, PESKOV): 1,
                (BLINKEN, LAVROV): 1,
                (KREMLIN, US): 1,
            },
        ),
        ((2019, 2019), {}),
    ],
)
def test_network_year_slices_keep_events_wholly_inside(
    years: tuple[int, int], ties: dict[tuple[str, str], int]
) -> None:
    """A year-precision event is in its year; a decade only in a range covering it; an
    undated event in no range."""
    graph = network.actor_graph(TALKS, ACTORS, years=years)
    assert {frozenset(e): w for *e, w in graph.edges(data="weight")} == {
        frozenset(pair): w for pair, w in ties.items()
    }


@pytest.mark.parametrize(
    ("first", "second", "weight"),
    [
        (RU, US, 4),
        (CN, US, 1),
    ],  # e1, e2, e5 (Peskov, Lavrov, Blinken) and e7 (the Kremlin)
)
def test_network_by_state_rolls_bodies_and_officials_up(
    first: str, second: str, weight: int
) -> None:
    graph = network.actor_graph(TALKS, ACTORS, by_state=True)
    assert graph.edges[first, second]["weight"] == weight
    assert set(graph) == {RU, US, CN}
    assert nx.number_of_selfloops(graph) == 0  # the Kremlin and Peskov together: Russia alone
    assert graph.nodes[RU]["events"] == 5  # e1, e2, e4, e5, e7


DMITRI, DMITRY = ID + "new/person/dmitri-ivanovsky", ID + "new/person/dmitry-ivanovsky"


@pytest.mark.parametrize("same_as", [{DMITRI: DMITRY}])
def test_network_spellings_of_one_entity_are_one_node(same_as: dict[str, str]) -> None:
    """Members of an entity group (owl:sameAs its canonical entity) count as that entity."""
    events = [
        event("s1", "statement", {DMITRI, BLINKEN}, "2024-03-04"),
        event("s2", "meeting_or_call", {DMITRY, BLINKEN}, "2024-03-05"),
        event("s3", "statement", {DMITRI, DMITRY, LAVROV}, "2024-03-06"),
    ]
    graph = network.actor_graph(network.with_canonical_actors(events, same_as), ACTORS)
    assert set(graph) == {DMITRY, BLINKEN, LAVROV}
    assert graph.edges[DMITRY, BLINKEN]["weight"] == 2
    assert graph.nodes[DMITRY]["events"] == 3
    assert nx.number_of_selfloops(graph) == 0


@pytest.mark.parametrize("by_state", [False, True])
def test_network_treaty_graph_is_bipartite(by_state: bool) -> None:
    graph = network.treaty_graph(TALKS, ACTORS, by_state=by_state)
    treaties = {n for n, side in graph.nodes(data="bipartite") if side == 1}
    assert treaties == {NEW_START}
    assert graph.nodes[NEW_START]["kind"] == "Treaty"
    assert nx.is_bipartite(graph)
    if by_state:
        assert graph.edges[RU, NEW_START]["weight"] == 2  # e2 (Peskov, the Kremlin) and e4
        assert graph.edges[US, NEW_START]["types"] == {"statement": 1}
    else:
        assert graph.edges[RU, NEW_START]["types"] == {"suspension": 1}


LIFECYCLE = [
    event("sign", "signing", {RU, US}, "2010-04-08", treaty=NEW_START),
    event("senate", "ratification", {US}, "2010-12", treaty=NEW_START),
    event("duma", "ratification", {DUMA}, "2011-01-26", treaty=NEW_START),
    event("in-force", "entry_into_force", {RU, US}, "2011-02-05", treaty=NEW_START),
    event("year", "extension", {RU}, "2011", treaty=NEW_START),
    event("later", "suspension", {RU}, "2023-02-28", treaty=NEW_START),
    event("undated", "withdrawal", {US}, treaty=NEW_START),
    event("inf", "withdrawal", {US}, "2019-08-02", treaty=INF),
    event("talk", "statement", {RU}, "2010-05-01", treaty=NEW_START),  # not a lifecycle step
]


@pytest.mark.parametrize(
    "edges",
    [
        {
            ("sign", "senate"), ("senate", "duma"), ("senate", "year"), ("duma", "in-force"),
            ("in-force", "later"), ("year", "later"),
        }
    ],
)  # fmt: skip
def test_network_lifecycle_is_a_time_ordered_dag(edges: set[tuple[str, str]]) -> None:
    """Covering edges only; a year and the days inside it stay unordered; undated apart."""
    dag = network.lifecycle_graph(LIFECYCLE, ACTORS, NEW_START)
    assert nx.is_directed_acyclic_graph(dag)
    assert set(dag.edges) == edges
    assert ("sign", "in-force") not in dag.edges  # implied through the ratifications
    order = sorted(dag, key=lambda n: dag.nodes[n]["order"])
    assert order == ["sign", "senate", "duma", "in-force", "year", "later", "undated"]
    undated = dag.nodes["undated"]
    assert (undated["dated"], undated["date"], dag.degree("undated")) == (False, "", 0)
    assert dag.nodes["senate"]["date"] == "2010-12"  # as the source gave it, not 2010-12-01
    assert dag.graph["label"] == "New START"


STATUS_RULES = Path(network.__file__).with_name("status_rules.toml")


@pytest.mark.parametrize(
    ("type_", "step"),
    [
        *((t, True) for t in sorted({r["type"] for r in tomllib.loads(STATUS_RULES.read_text())["rule"]})),
        ("statement", False),
        ("call_for_talks", False),
    ],
)  # fmt: skip
def test_network_lifecycle_steps_are_the_events_that_move_status(type_: str, step: bool) -> None:
    """A treaty's lifecycle is the events its status rules read: one list, in the data."""
    dag = network.lifecycle_graph([event("k", type_, {RU}, "2020", treaty=NEW_START)], ACTORS)
    assert ("k" in dag) is step


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_network_lifecycle_edges_match_the_reduced_full_order(seed: int) -> None:
    """The covering edges are the transitive reduction of 'ends before it begins'."""
    rng = random.Random(seed)
    events = []
    for n in range(40):
        year, month, day = rng.randint(2000, 2003), rng.randint(1, 12), rng.randint(1, 28)
        when = rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])
        events.append(event(f"k{n}", "ratification", {US}, when, treaty=NEW_START))
    dag = network.lifecycle_graph(events, ACTORS, NEW_START)
    full = nx.DiGraph()
    full.add_nodes_from(dag)
    full.add_edges_from(
        (a.key, b.key)
        for a in events
        for b in events
        if a.end is not None and b.start is not None and a.end < b.start
    )
    assert set(dag.edges) == set(nx.transitive_reduction(full).edges)


# ---------------------------------------------------------------- metrics


def _two_groups() -> list[CanonicalEvent]:
    """Russia's officials among themselves, the US's among themselves, one tie across."""
    russian = [PESKOV, LAVROV, KREMLIN, DUMA]
    american = [BLINKEN, US, CN]
    found = []
    for group, name in ((russian, "r"), (american, "a")):
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                for n in range(3):
                    found.append(
                        event(
                            f"{name}-{first[-6:]}-{second[-6:]}-{n}",
                            "statement",
                            {first, second},
                            "2023-05-01",
                        )
                    )
    found.append(event("across", "meeting_or_call", {LAVROV, BLINKEN}, "2023-06-01"))
    return found


@pytest.mark.parametrize("shuffles", [3])
def test_network_metrics_are_deterministic(shuffles: int) -> None:
    events = _two_groups()
    first = network.metrics(network.actor_graph(events, ACTORS))
    for seed in range(shuffles):
        mixed = events[:]
        random.Random(seed).shuffle(mixed)
        assert network.metrics(network.actor_graph(mixed, ACTORS)) == first


def _reference_pagerank(graph: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank by its definition, one node at a time: each actor passes its rank to its
    ties in proportion to their weight; an actor without ties spreads it over everyone."""
    nodes = list(graph)
    size = len(nodes)
    strength = {v: graph.degree(v, weight="weight") for v in nodes}
    rank = dict.fromkeys(nodes, 1.0 / size)
    for _ in range(2000):
        spread = sum(rank[v] for v in nodes if strength[v] == 0) / size
        rank = {
            v: (1 - alpha) / size
            + alpha * spread
            + alpha * sum(rank[u] * tie["weight"] / strength[u] for u, tie in graph.adj[v].items())
            for v in nodes
        }
    return rank


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        ([("a", "b", 1)], {"a": 0.5, "b": 0.5}),
        # a - b - c: b = 0.15/3 + 0.85 (a + c), a = 0.15/3 + 0.85 b/2, a + b + c = 1
        ([("a", "b", 1), ("b", "c", 1)], {"a": 19 / 74, "b": 36 / 74, "c": 19 / 74}),
    ],
)
def test_network_pagerank_matches_ranks_worked_out_by_hand(
    ties: list[tuple[str, str, int]], expected: dict[str, float]
) -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from(ties)
    assert network.pagerank(graph) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("events", [TALKS, _two_groups()])
def test_network_pagerank_is_weighted_pagerank(events: list[CanonicalEvent]) -> None:
    """Weighted ties and actors without any (Russia, alone in its event) as the definition has them."""
    graph = network.actor_graph(events, ACTORS)
    ours = network.pagerank(graph)
    assert ours == pytest.approx(_reference_pagerank(graph), abs=1e-9)
    assert sum(ours.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("limit", [3])
def test_network_betweenness_is_exact_then_sampled_with_a_fixed_seed(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chain of twelve actors: exact up to the limit, then the same estimate every time."""
    chain = [f"{ID}person/p{n:02d}" for n in range(12)]
    events = [
        event(f"c{n}", "statement", {a, b}, "2023-05-01")
        for n, (a, b) in enumerate(pairwise(chain))
    ]
    graph = network.actor_graph(events, ActorIndex())
    exact = nx.betweenness_centrality(graph, weight="distance")
    assert network.betweenness(graph) == pytest.approx(exact)
    monkeypatch.setattr(network, "EXACT_BETWEENNESS_LIMIT", limit)
    monkeypatch.setattr(network, "BETWEENNESS_SAMPLES", limit)
    sampled = network.betweenness(graph)
    assert sampled != pytest.approx(exact)  # estimated from 3 of 12 actors
    assert network.betweenness(graph) == sampled


@pytest.mark.parametrize("groups", [[{PESKOV, LAVROV, KREMLIN, DUMA}, {BLINKEN, US, CN}]])
def test_network_communities_split_the_groups_largest_first(groups: list[set[str]]) -> None:
    found = network.communities(network.actor_graph(_two_groups(), ACTORS))
    assert [{a for a, n in found.items() if n == k} for k in (1, 2)] == groups


@pytest.mark.parametrize(
    ("source", "target", "hops"),
    [
        (PESKOV, BLINKEN, [(PESKOV, BLINKEN, ("e1", "e2"))]),
        (LAVROV, PESKOV, [(LAVROV, BLINKEN, ("e5",)), (BLINKEN, PESKOV, ("e1", "e2"))]),
        (PESKOV, PESKOV, []),
    ],
)
def test_network_strongest_path_gives_the_events_on_each_hop(
    source: str, target: str, hops: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    graph = network.actor_graph(TALKS, ACTORS)
    found = network.strongest_path(graph, source, target)
    assert [(h.source, h.target, h.events) for h in found] == hops


@pytest.mark.parametrize("weights", [(1, 3)])
def test_network_strongest_path_prefers_more_shared_events(weights: tuple[int, int]) -> None:
    """One shared event straight across, or three on each of two hops: the two hops win."""
    direct, via = weights
    events = [event(f"d{n}", "statement", {PESKOV, BLINKEN}, "2023-01-01") for n in range(direct)]
    events += [event(f"a{n}", "statement", {PESKOV, LAVROV}, "2023-01-02") for n in range(via)]
    events += [event(f"b{n}", "statement", {LAVROV, BLINKEN}, "2023-01-03") for n in range(via)]
    hops = network.strongest_path(network.actor_graph(events, ACTORS), PESKOV, BLINKEN)
    assert [(h.source, h.target, h.weight) for h in hops] == [
        (PESKOV, LAVROV, 3),
        (LAVROV, BLINKEN, 3),
    ]


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (PESKOV, RU, "no chain of shared events links Dmitry Peskov and Russia"),
        (PESKOV, DUMA, f"{DUMA} takes part in no event of this network"),
    ],
)
def test_network_strongest_path_says_when_there_is_none(
    source: str, target: str, message: str
) -> None:
    with pytest.raises(NetworkError, match=message):
        network.strongest_path(network.actor_graph(TALKS, ACTORS), source, target)


@pytest.mark.parametrize(
    ("by_state", "expected"),
    [
        (False, {(PESKOV, "2023-02", 1), (BLINKEN, "2023-02", 1), (PESKOV, "2023-03", 1),
                 (BLINKEN, "2023-03", 1), (KREMLIN, "2023-03", 1), (LAVROV, "2022-06", 1),
                 (BLINKEN, "2022-06", 1)}),
        (True, {(RU, "2023-02", 1), (US, "2023-02", 1), (RU, "2023-03", 1),
                (US, "2023-03", 1), (RU, "2022-06", 1), (US, "2022-06", 1)}),
    ],
)  # fmt: skip
def test_network_monthly_activity_counts_events_dated_to_the_month(
    by_state: bool, expected: set[tuple[str, str, int]]
) -> None:
    """Year-precision (e4), decade (e7), undated (e6) and denied (e3) events are in no month."""
    found = network.monthly_activity(TALKS, ACTORS, by_state=by_state)
    assert {(a.actor, a.month, a.events) for a in found} == expected


# ---------------------------------------------------------------- exports


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("kind", ["actors", "treaties", "lifecycle"])
def test_network_export_round_trips_through_networkx(fmt: str, kind: str) -> None:
    hostile = ActorIndex.from_rows(
        [
            {
                "actor": PESKOV,
                "label": "Dmitry \x1b[31mPeskov\x1b]0;owned\x07\x00",
                "class": "Person",
                "state": RU,
            }
        ]
    )
    index = ActorIndex(
        labels={**ACTORS.labels, **hostile.labels}, kinds=ACTORS.kinds, states=ACTORS.states
    )
    events = TALKS + LIFECYCLE
    if kind == "actors":
        graph = network.actor_graph(events, index)
    elif kind == "treaties":
        graph = network.treaty_graph(events, index)
    else:
        graph = network.lifecycle_graph(events, index)
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(
        network_io.flat_attributes(graph), buffer
    )
    buffer.seek(0)
    back = nx.read_graphml(buffer) if fmt == "graphml" else nx.read_gexf(buffer)
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}
    for node, data in back.nodes(data=True):
        assert data["label"] == graph.nodes[node]["label"].replace("\x1b", "").replace(
            "\x07", ""
        ).replace("\x00", "")
        assert data["kind"] == graph.nodes[node]["kind"]
    if kind == "lifecycle":
        assert back.nodes["senate"]["date"] == "2010-12"
        assert back.nodes["senate"]["period_end"] == "2010-12-31"
        assert back.nodes["undated"]["dated"] is False
    else:
        tie = back.edges[BLINKEN, PESKOV] if kind == "actors" else back.edges[PESKOV, NEW_START]
        assert tie["weight"] == (2 if kind == "actors" else 1)
        assert tie["type_statement"] == 1
        if kind == "actors":
            assert (tie["year_2023"], tie["first"], tie["last"]) == (2, "2023-02-28", "2023-03")


@pytest.mark.parametrize(
    ("data", "flat"),
    [
        ({"a": None, "b": date(2023, 2, 28), "types": {"x": 2}, "events": ("k1", "k2")},
         {"b": "2023-02-28", "type_x": 2, "events_count": 2}),
        ({"label": "a\x0bb\ud800c\ufffe"}, {"label": "abc"}),
    ],
)  # fmt: skip
def test_network_flat_attributes_hold_only_what_the_formats_can(
    data: dict[str, object], flat: dict[str, object]
) -> None:
    graph = nx.Graph()
    graph.add_node("n", **data)
    assert network_io.flat_attributes(graph).nodes["n"] == flat


# ---------------------------------------------------------------- written back


ARTICLE = ID + "article/one"
# A happening only the KB records: no canonical event of the news network.
KB_ONLY = event("kb-only", "signing", {RU, US}, "2010-04-08", treaty=NEW_START)


def reported(events: list[CanonicalEvent]) -> list[CanonicalEvent]:
    """The events as an article reports them: the network written back counts only those."""
    return [
        event(e.key, e.type, set(e.actors), e.timex, treaty=e.treaty, modality=e.modality,
              article=ARTICLE)
        for e in events
    ]  # fmt: skip


@pytest.fixture
def written(tmp_path: Path) -> Iterator[TreatyStore]:
    """A store holding the network graph of TALKS as `derive` writes it."""
    store = open_store(str(tmp_path / "store"))
    events = [*reported(TALKS), KB_ONLY]
    computation = iris.computation("network", "test")
    triples = list(
        network.derived_triples(Inputs(store, ACTORS, [], EventList(events)), computation)
    )
    store.replace_graphs([(iris.derived_graph("network"), triples)])
    try:
        yield store
    finally:
        store.close()


class _Tracked(frozenset[str]):
    """A frozenset that weak references can follow, to see whether an event is still held,
    and equal only to itself, so that no cache of equal values can keep one for another."""

    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other


class _Streamed:
    """Events handed out one at a time as fresh copies, as a derivation reads them from
    disk, counting at the end how many of those already handed out are still held."""

    def __init__(self, events: list[CanonicalEvent]) -> None:
        self._events = events
        self.held_at_end: int | None = None

    def of_treaty(self, treaty: str, types: Collection[str] | None = None) -> list[CanonicalEvent]:
        return EventList(self._events).of_treaty(treaty, types)

    def counted(self) -> list[tuple[CanonicalEvent, int]]:
        return EventList(self._events).counted()

    def actors_by_article(self) -> list[tuple[str, list[frozenset[str]]]]:
        return EventList(self._events).actors_by_article()

    def briefs(self) -> Iterator[tuple[CanonicalEvent, frozenset[str]]]:
        refs = []
        for one, articles in EventList(self._events).briefs():
            copy = replace(one, agents=_Tracked(one.agents))
            refs.append(weakref.ref(copy.agents))
            yield copy, articles
            del copy, one
        gc.collect()
        self.held_at_end = sum(1 for ref in refs if ref() is not None)


def test_network_holds_no_event_it_has_read() -> None:
    """Every event of a store streams through the network: it must count each and let go
    of it, or a derivation holds the whole store's events (a gigabyte at 100,000
    articles). The statements are those of the events held in a list."""
    events = [
        event(f"k{n}", "meeting_or_call", {PESKOV, BLINKEN, RU}, f"2023-0{n % 9 + 1}-1{n % 10}",
              article=f"{ID}article/a{n:03d}")
        for n in range(60)
    ] + reported(TALKS)  # fmt: skip
    computation = iris.computation("network", "test")
    streamed = _Streamed(events)
    with open_store(":memory:") as store:
        found = list(network.derived_triples(Inputs(store, ACTORS, [], streamed), computation))
        held = list(
            network.derived_triples(Inputs(store, ACTORS, [], EventList(events)), computation)
        )
    assert streamed.held_at_end is not None and streamed.held_at_end <= 1
    assert found == held


@pytest.mark.parametrize("computation", [iris.computation("network", "test")])
def test_network_derived_triples_describe_every_actor_with_provenance(computation: URIRef) -> None:
    events = [*reported(TALKS), KB_ONLY]
    with open_store(":memory:") as store:
        triples = list(
            network.derived_triples(Inputs(store, ACTORS, [], EventList(events)), computation)
        )
    nodes = {s for s, p, o in triples if p == RDF.type}
    assert all((n, PROV.wasGeneratedBy, computation) in triples for n in nodes)
    metrics = {
        o for s, p, o in triples if p == TKG.ofActor and (s, RDF.type, TKG.ActorMetrics) in triples
    }
    assert metrics == {URIRef(a) for a in (PESKOV, BLINKEN, KREMLIN, LAVROV, RU, US, CN)}
    peskov = iris.actor_metrics(PESKOV)
    assert (peskov, TKG.degree, Literal(2)) in triples  # Blinken and the Kremlin
    assert (peskov, TKG.eventCount, Literal(2)) in triples
    tie = iris.tie(PESKOV, BLINKEN)
    assert (tie, TKG.weight, Literal(2)) in triples
    # Its events are those naming both actors, not a list on the tie growing with them.
    assert not any(s == tie and p == PROV.wasDerivedFrom for s, p, _ in triples)
    # What only the KB records is no event of the news network: Russia and the US stay apart.
    assert not any(s == iris.tie(RU, US) for s, _, _ in triples)


@pytest.mark.parametrize(
    ("metric", "limit", "first"),
    [
        ("pagerank", 2, BLINKEN),
        ("degree", 1, BLINKEN),
        ("events", 3, BLINKEN),
        ("betweenness", 1, KREMLIN),  # between the US (and China) and the rest
        ("strength", 1, BLINKEN),  # 2 events with Peskov, 1 with the Kremlin, 1 with Lavrov
    ],
)
def test_network_top_actors_query_reads_the_written_metrics(
    written: TreatyStore, metric: str, limit: int, first: str
) -> None:
    rows = runner.execute(written, "top-actors", {"metric": metric, "limit": str(limit)}).records()
    assert len(rows) == limit
    assert [int(str(r["rank"])) for r in rows] == list(range(1, limit + 1))
    assert str(rows[0]["actor"]) == first
    graph = network.actor_graph(TALKS, ACTORS)
    ours = {m.actor: m for m in network.metrics(graph)}
    for row in rows:
        assert float(str(row["pagerank"])) == pytest.approx(ours[str(row["actor"])].pagerank)


@pytest.mark.parametrize("metric", ["bogus", "PageRank"])
def test_network_top_actors_query_names_the_metrics_on_a_bad_one(
    written: TreatyStore, metric: str
) -> None:
    message = (
        f"top-actors: parameter metric is one of pagerank, betweenness, degree, strength, "
        f"events; not {metric!r}"
    )
    with pytest.raises(QueryError) as raised:
        runner.execute(written, "top-actors", {"metric": metric})
    assert str(raised.value) == message


@pytest.mark.parametrize("actor", [CN, PESKOV])
def test_network_actor_community_query_lists_the_members(written: TreatyStore, actor: str) -> None:
    groups = network.communities(network.actor_graph(TALKS, ACTORS))
    rows = runner.execute(written, "actor-community", {"actor": actor}).records()
    assert {str(r["member"]) for r in rows} == {a for a, n in groups.items() if n == groups[actor]}
    assert {str(r["community"]) for r in rows} == {str(iris.community(groups[actor]))}


@pytest.mark.parametrize(("actor", "neighbours"), [(PESKOV, [(BLINKEN, 2), (KREMLIN, 1)])])
def test_network_actor_neighbours_query_lists_the_ties(
    written: TreatyStore, actor: str, neighbours: list[tuple[str, int]]
) -> None:
    rows = runner.execute(written, "actor-neighbours", {"actor": actor}).records()
    assert [(str(r["neighbour"]), int(str(r["sharedEvents"]))) for r in rows] == neighbours
    assert set(str(rows[0]["types"]).split(", ")) == {"meeting_or_call", "statement"}


# ---------------------------------------------------------------- end to end

ARTICLES = {
    "talks.txt": """title: Kremlin answers Washington on arms talks
date: 2024-03-05
source: Test Wire

Kremlin spokesman Dmitry Peskov said on Tuesday that Russia was ready for talks with the United States on New START.
US Secretary of State Antony Blinken met Russian Foreign Minister Sergey Lavrov in Geneva on Monday.
""",
    "geneva.txt": """title: Blinken and Lavrov meet in Geneva
date: 2024-03-06
source: Other Daily

Secretary of State Antony Blinken met Foreign Minister Sergey Lavrov in Geneva on 4 March 2024.
Lavrov later accused the United States of violating the INF Treaty.
""",
    "vienna.txt": """title: Tehran and the agency talk
date: 2024-05-02
source: Test Wire

Iran held talks with the IAEA in Vienna on Thursday.
""",
    "minsk.txt": """title: Minsk weighs in
date: 2024-03-12
source: Third Post

Belarusian Deputy Foreign Minister Olga Testova called for talks with Russia on New START on Monday.
""",
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store on disk with our four short articles ingested (and the derived layer built)."""
    folder = tmp_path_factory.mktemp("network-articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    location = str(tmp_path_factory.mktemp("network-store") / "store")
    with treatykg.open(location) as kg:
        report = kg.ingest([folder])
        assert report.ok, report.failures
    return location


def _cli(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.output


@pytest.mark.parametrize(
    ("first", "second", "hops"),
    [
        ("Dmitry Peskov", "Antony Blinken",
         [("person/dmitry-peskov", "state/united-states", "call_for_talks"),
          ("state/united-states", "person/antony-blinken", "meeting_or_call")]),
    ],
)  # fmt: skip
def test_network_relations_path_end_to_end(
    ingested: str, first: str, second: str, hops: list[tuple[str, str, str]]
) -> None:
    """How is Peskov connected to Blinken: through the US, with the events on each hop."""
    with treatykg.open(ingested, read_only=True) as kg:
        frame = kg.relations_path(first, second)
        by_state = kg.relations_path(first, second, by_state=True)
    found = [
        (r["from"][len(ID) :], r["to"][len(ID) :], r["type"]) for r in frame.to_dict("records")
    ]
    assert found == hops
    assert frame["event"].str.startswith(ID + "happening/").all()
    assert set(by_state["from"]) | set(by_state["to"]) == {RU, US}
    code, output = _cli("relations", "path", first, second, "--store", ingested, "--format", "csv")
    assert code == 0
    assert output.splitlines()[0].startswith("hop,from,from_label,to,to_label,weight,event,type")
    assert "person/dmitry-peskov,Dmitry Peskov,state/united-states" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("relations", "path", "Dmitry Peskov", "Iran"),
            "Error: no chain of shared events links Dmitry Peskov and Iran",
        ),
        (
            ("relations", "path", "Nobody Atall", "Iran"),
            "Error: no actor named 'Nobody Atall' takes part in any event.",
        ),
        (
            ("relations", "community", "China"),
            "Error: China takes part in no event",
        ),
        (
            ("relations", "path", "Peskov", "Iran", "--years", "2020"),
            "Error: Dmitry Peskov takes part in no event in 2020",
        ),
    ],
)
def test_network_relations_errors_are_one_line(
    ingested: str, args: tuple[str, ...], message: str
) -> None:
    code, output = _cli(*args, "--store", ingested)
    assert code == 1
    assert output.strip() == message


@pytest.mark.parametrize("metric", ["pagerank", "betweenness", "events"])
def test_network_relations_top_agrees_with_the_named_query(ingested: str, metric: str) -> None:
    with treatykg.open(ingested, read_only=True) as kg:
        frame = kg.relations_top(metric, 5)
        rows = kg.sparql("top-actors", metric=metric, limit=5).records()
    assert list(frame["actor"]) == [str(r["actor"]) for r in rows]
    assert list(frame["pagerank"]) == pytest.approx([float(str(r["pagerank"])) for r in rows])
    code, output = _cli("relations", "top", "--metric", metric, "--limit", "5", "--store", ingested)
    assert code == 0
    assert output.splitlines()[-1] == "(5 rows)"


_CANONICAL = """SELECT ?event ?actor ?article WHERE { GRAPH ?g {
  ?event a tkg:CanonicalEvent ; tkg:actor ?actor ; tkg:reportedIn ?article } }"""
_NAMES = "SELECT ?actor ?label ?g WHERE { GRAPH ?g { ?actor skos:prefLabel ?label } }"


def _pairs_of_canonical_events(store: TreatyStore) -> dict[tuple[str, str], tuple[int, int]]:
    """(events, articles) per two actors on one canonical event, counted here in Python."""
    actors: dict[str, set[str]] = {}
    articles: dict[str, set[str]] = {}
    for event, actor, article in store.query(_CANONICAL).rows:
        actors.setdefault(str(event), set()).add(str(actor))
        articles.setdefault(str(event), set()).add(str(article))
    shared: dict[tuple[str, str], set[str]] = {}
    for event, found in actors.items():
        for first in found:
            for second in found:
                if first < second:
                    shared.setdefault((first, second), set()).add(event)
    return {
        pair: (len(events), len(set().union(*(articles[e] for e in events))))
        for pair, events in shared.items()
    }


@pytest.mark.parametrize("seed", range(12))
def test_network_actor_pairs_count_each_article_once_however_events_share_it(seed: int) -> None:
    """Pairs are counted as events stream by, one article at a time: an article that
    reports several events of a pair, or an event several articles report, still counts
    once per pair, as the union of the events' articles does."""
    rng = random.Random(seed)
    articles = [f"{ID}article/a{n}" for n in range(6)]
    events = []
    for n in range(30):
        actors = frozenset(
            rng.sample([PESKOV, BLINKEN, KREMLIN, LAVROV, RU, US], rng.randint(2, 4))
        )
        reports = tuple(
            Report(f"{ID}event/e{n}-{a[-1]}", a, "statement", "actual", actors=actors)
            for a in rng.sample(articles, rng.randint(1, 3))
        )
        events.append(
            CanonicalEvent(f"e{n:02d}", "statement", None, actors, frozenset(), "actual",
                           None, None, None, None, reports)
        )  # fmt: skip
    rng.shuffle(events)
    expected: dict[tuple[str, str], tuple[int, set[str]]] = {}
    for e in events:
        for pair in itertools.combinations(sorted(e.actors), 2):
            count, seen = expected.get(pair, (0, set()))
            expected[pair] = (count + 1, seen | e.articles)
    with open_store(":memory:") as store:
        triples = list(
            network.derived_triples(
                Inputs(store, ACTORS, [], EventList(events)), iris.computation("network", "test")
            )
        )
    found = {}
    for first, second in expected:
        node = iris.actor_pair(first, second)
        counts = {p: int(o) for s, p, o in triples if s == node and p in _PAIR_COUNTS}
        found[first, second] = (counts[TKG.eventCount], counts[TKG.articleCount])
    assert found == {pair: (n, len(seen)) for pair, (n, seen) in expected.items()}


_PAIR_COUNTS = (TKG.eventCount, TKG.articleCount)


@pytest.mark.parametrize("min_events", [1, 2])
def test_network_actors_together_counts_the_canonical_events(
    ingested: str, min_events: int
) -> None:
    """Every pair's events and articles as the canonical events give them, written by the
    derivation as tkg:ActorPair nodes and read back by the named query."""
    with treatykg.open(ingested, read_only=True) as kg:
        expected = _pairs_of_canonical_events(kg.store)
        assert any(events >= 2 for events, _ in expected.values())  # min_events=2 leaves some out
        pairs = kg.sparql(
            f"""SELECT ?pair ?a ?b ?events ?articles WHERE {{ GRAPH <{iris.derived_graph("network")}> {{
              ?pair a tkg:ActorPair ; tkg:ofActor ?a , ?b ; tkg:eventCount ?events ;
                    tkg:articleCount ?articles }} FILTER(STR(?a) < STR(?b)) }}"""
        ).rows
        names: dict[str, str] = {}
        for actor, label, graph in kg.store.query(_NAMES).rows:
            if graph == iris.KB_GRAPH or str(actor) not in names:
                names[str(actor)] = str(label)
        rows = kg.sparql("actors-together", min_events=min_events).rows
    assert {(str(a), str(b)): (int(str(e)), int(str(n))) for _, a, b, e, n in pairs} == expected
    assert all(node == iris.actor_pair(str(a), str(b)) for node, a, b, _, _ in pairs)
    shown = {(names[a], names[b], e, n) for (a, b), (e, n) in expected.items() if e >= min_events}
    assert {(str(f), str(s), int(str(e)), int(str(n))) for f, s, e, n in rows} == shown
    assert len(rows) == len(shown)


@pytest.mark.parametrize(("actor", "member"), [("Sergey Lavrov", "Antony Blinken")])
def test_network_relations_community_and_activity_end_to_end(
    ingested: str, actor: str, member: str
) -> None:
    with treatykg.open(ingested, read_only=True) as kg:
        community = kg.relations_community(actor)
        activity = kg.relations_activity("Russia", by_state=True)
        new_actor = kg.relations_activity(ID + "new/person/olga-testova")
    assert member in set(community["label"])
    assert set(community["community"]) == {community["community"].iloc[0]}
    assert activity.to_dict("records")[0]["month"] == "2024-03"
    assert list(new_actor["events"]) == [1]
    code, output = _cli("relations", "activity", "Russia", "--states", "--store", ingested)
    assert code == 0 and "2024-03" in output


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize(
    ("graph", "node"), [("actors", PESKOV), ("treaties", NEW_START), ("lifecycle", None)]
)
def test_network_export_command_writes_a_file_networkx_reads(
    ingested: str, tmp_path: Path, fmt: str, graph: str, node: str | None
) -> None:
    out = tmp_path / f"network.{fmt}"
    args = ["export", "--format", fmt, "--graph", graph, "-o", str(out), "--store", ingested]
    if graph == "lifecycle":
        args += ["--treaty", "New START"]
    code, output = _cli(*args)
    assert code == 0, output
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert back.number_of_nodes() > 0
    for _, data in back.nodes(data=True):
        assert None not in data.values()
        assert data["label"] and data["kind"]
    if graph == "actors":
        peskov = back.nodes[node]
        assert (peskov["label"], peskov["kind"], peskov["first"]) == (
            "Dmitry Peskov",
            "Person",
            "2024-03-05",
        )
        assert {"pagerank", "betweenness", "degree", "community"} <= set(peskov)
    elif graph == "treaties":
        assert back.nodes[node]["kind"] == "Treaty"
    else:
        assert nx.is_directed_acyclic_graph(back)
        signing = back.nodes[
            ID + "fact/new-start/signing"
        ]  # the KB's record, where no article reports it
        assert (signing["type"], signing["date"]) == ("signing", "2010-04-08")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("export", "--format", "graphml", "--graph", "https://example.org/g"),
            "a graphml export is of a network",
        ),
        (
            ("export", "--format", "nq", "--states"),
            "--states, --years and --treaty are for --format graphml or gexf",
        ),
        (
            ("relations", "top", "--years", "2024-2020"),
            "is not a year or a range such as 2019-2023",
        ),
    ],
)
def test_network_bad_options_are_usage_errors(
    ingested: str, args: tuple[str, ...], message: str
) -> None:
    code, output = _cli(*args, "--store", ingested)
    assert code == 2
    assert message in output


NO_EVENTS = (
    "Error: the store holds no canonical events: ingest articles (or, after "
    "`ingest --no-derive`, run `treatykg derive`)"
)


@pytest.mark.parametrize("articles", [{}, {"talks.txt": ARTICLES["talks.txt"]}])
@pytest.mark.parametrize(
    "args",
    [
        ("relations", "top"),
        ("relations", "activity"),
        ("relations", "activity", "Russia"),
        ("relations", "path", "Russia", "China"),
        ("relations", "community", "Russia", "--years", "2024"),
        ("export", "--format", "graphml"),
        ("export", "--format", "gexf", "--graph", "lifecycle"),
    ],
)
def test_network_relations_before_any_derivation_say_what_to_do(
    tmp_path: Path, args: tuple[str, ...], articles: dict[str, str]
) -> None:
    """An empty store, or articles ingested with --no-derive: every view says so alike,
    rather than print an empty table or an empty network."""
    store, out = str(tmp_path / "store"), tmp_path / "network.xml"
    (tmp_path / "articles").mkdir()
    for name, text in articles.items():
        (tmp_path / "articles" / name).write_text(text, encoding="utf-8")
    with treatykg.open(store) as kg:
        assert kg.ingest([tmp_path / "articles"], derive=False).ok
    output_args = ("-o", str(out)) if args[0] == "export" else ()
    code, output = _cli(*args, *output_args, "--store", store)
    assert (code, output.strip()) == (1, NO_EVENTS)
    assert not out.exists()


@pytest.fixture
def rewritable(ingested: str, tmp_path: Path) -> str:
    """A copy of the ingested store that a test may change."""
    return str(shutil.copytree(ingested, tmp_path / "copy"))


@pytest.mark.parametrize("events", [TALKS])
def test_network_default_view_answers_from_the_derived_network_graph(
    rewritable: str, events: list[CanonicalEvent]
) -> None:
    """No --years, no --states: the metrics, communities and months the derivation wrote
    (here: another network's, written over it) are what the API answers, as SPARQL does."""
    news = reported(events)
    with treatykg.open(rewritable) as kg:
        triples = list(
            network.derived_triples(
                Inputs(kg.store, ACTORS, [], EventList(news)), iris.computation("network", "test")
            )
        )
        kg.store.replace_graphs([(iris.derived_graph("network"), triples)])
        top = kg.relations_top("pagerank", 3)
        community = kg.relations_community(PESKOV)
        activity = kg.relations_activity()
    graph = network.actor_graph(events, ACTORS)
    ranks = network.pagerank(graph)
    first = sorted(ranks, key=lambda a: (-ranks[a], ACTORS.label(a).casefold(), a))[:3]
    assert list(top["actor"]) == first
    assert list(top["pagerank"]) == pytest.approx([ranks[a] for a in first])
    groups = network.communities(graph)
    assert set(community["actor"]) == {a for a, n in groups.items() if n == groups[PESKOV]}
    months = network.monthly_activity(events, ACTORS)
    assert set(zip(activity["actor"], activity["month"], activity["events"], strict=True)) == {
        (m.actor, m.month, m.events) for m in months
    }


CANONICAL_EVENTS_READ = "?happening a tkg:CanonicalEvent ; tkg:eventType"


def _spy_queries(kg: treatykg.TreatyKG, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SPARQL text the store runs from now on (the real store runs them)."""
    seen: list[str] = []
    run = kg.store.query

    def query(sparql: str, bindings: dict[str, object] | None = None) -> QueryResult:
        seen.append(sparql)
        return run(sparql, bindings)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.store, "query", query)
    return seen


@pytest.mark.parametrize(("first", "second"), [("Dmitry Peskov", "Antony Blinken")])
def test_network_relations_read_the_events_once_per_derivation(
    rewritable: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str, second: str
) -> None:
    with treatykg.open(rewritable) as kg:
        seen = _spy_queries(kg, monkeypatch)
        before = kg.relations_path(first, second)
        kg.relations_path(first, second)
        kg.relations_top("betweenness", 3, years=2024)
        kg.relations_community(first, by_state=True)
        assert sum(CANONICAL_EVENTS_READ in q for q in seen) == 1
        article = tmp_path / "more.txt"
        article.write_text(
            "title: Straight talk\ndate: 2024-04-02\nsource: Test Wire\n\n"
            "Kremlin spokesman Dmitry Peskov met Antony Blinken in Vienna on Monday.\n",
            encoding="utf-8",
        )
        assert kg.ingest([article]).ok
        after = kg.relations_path(first, second)
    assert sum(CANONICAL_EVENTS_READ in q for q in seen) == 2  # a new derivation: read again
    assert len(before) == 2 and after[["from", "to"]].drop_duplicates().shape[0] == 1


@pytest.mark.parametrize("actor", ["Sergey Lavrov"])
def test_network_community_computes_no_betweenness(
    ingested: str, monkeypatch: pytest.MonkeyPatch, actor: str
) -> None:
    """Communities and PageRank are what a community table shows; betweenness costs most."""
    calls: list[nx.Graph] = []
    exact = network.betweenness

    def betweenness(graph: nx.Graph) -> dict[str, float]:
        calls.append(graph)
        return exact(graph)

    monkeypatch.setattr(network, "betweenness", betweenness)
    with treatykg.open(ingested, read_only=True) as kg:
        for by_state, years in ((False, None), (False, 2024), (True, None)):
            assert not kg.relations_community(actor, by_state=by_state, years=years).empty
    assert calls == []


VARIANT_ARTICLES = {
    "one.txt": "title: Envoy in Geneva\ndate: 2024-03-05\nsource: North Wire\n\n"
    "Ruritanian Deputy Foreign Minister Dmitri Ivanovsky met US Secretary of State Antony "
    "Blinken in Geneva on 4 March 2024.\n",
    "two.txt": "title: Envoy in Vienna\ndate: 2024-03-08\nsource: South Post\n\n"
    "Ruritanian Deputy Foreign Minister Dmitry Ivanovsky met Russian Foreign Minister Sergey "
    "Lavrov in Vienna on 7 March 2024.\n",
}


@pytest.mark.parametrize("articles", [VARIANT_ARTICLES])
@pytest.mark.parametrize("spelling", ["Dmitri Ivanovsky", "Dmitry Ivanovsky"])
def test_network_follows_entity_groups_end_to_end(
    tmp_path: Path, articles: dict[str, str], spelling: str
) -> None:
    """Two outlets spell one envoy two ways: the network has one node for him, tied to
    both people he met, in the API, the export and the metrics SPARQL reads."""
    for name, text in articles.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with treatykg.open(tmp_path / "store") as kg:
        assert kg.ingest([tmp_path / n for n in articles]).ok
        graph = kg.network()
        path = kg.relations_path(spelling, "Sergey Lavrov")
        written = {str(r["actor"]) for r in kg.sparql("top-actors", limit=20).records()}
    envoys = {n for n in graph if "ivanovsky" in n}
    assert len(envoys) == 1
    (envoy,) = envoys
    assert {BLINKEN, LAVROV} <= set(graph[envoy])
    assert list(path["from"]) == [envoy] and list(path["to"]) == [LAVROV]
    assert {n for n in written if "ivanovsky" in n} == envoys


@pytest.mark.parametrize("code", ["import treatykg.cli, sys; print('networkx' in sys.modules)"])
def test_network_cli_starts_without_networkx(code: str) -> None:
    """The CLI's network choices come from a module that does not load networkx."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("fmt", ["graphml"])
def test_network_failed_export_leaves_no_file(ingested: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"lifecycle.{fmt}"
    code, output = _cli(
        "export",
        "--format",
        fmt,
        "--graph",
        "lifecycle",
        "--treaty",
        "No Such Pact",
        "-o",
        str(out),
        "--store",
        ingested,
    )
    assert code == 1 and output.startswith("Error: no Treaty named 'No Such Pact'")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- views of the projection

# The events of ARTICLES, by what they are: (type, date as given, treaty or None).
CALL_PESKOV = ("call_for_talks", "2024-03-05", NEW_START)
CALL_TESTOVA = ("call_for_talks", "2024-03-11", NEW_START)
MEETING = ("meeting_or_call", "2024-03-04", None)
VIENNA = ("negotiation", "2024-05-02", None)
ACCUSATION = ("violation_accusation", "", INF)


def _events_behind(kg: treatykg.TreatyKG, graph: nx.Graph) -> set[tuple[str, str, str | None]]:
    """What the ties of an actors network rest on, by type, date and treaty."""
    keys = {key for _, _, keys in graph.edges(data="events") for key in keys}
    return {(e.type, e.date_label, e.treaty or None) for e in kg.network_events(sorted(keys))}


@pytest.mark.parametrize(
    ("treaty", "events", "absent"),
    [
        ("New START", {CALL_PESKOV, CALL_TESTOVA}, {LAVROV, BLINKEN, ID + "state/iran"}),
        ("INF", {ACCUSATION}, {PESKOV, BLINKEN, RU}),
        (("New START", "INF Treaty"), {CALL_PESKOV, CALL_TESTOVA, ACCUSATION}, {BLINKEN}),
    ],
)
def test_network_actors_count_only_the_treaty_asked_for(
    ingested: str,
    treaty: str | tuple[str, ...],
    events: set[tuple[str, str, str | None]],
    absent: set[str],
) -> None:
    """`network("actors", treaty=...)` ties only actors of that treaty's events (it used to
    return every actor and tie, whatever the treaty)."""
    with treatykg.open(ingested, read_only=True) as kg:
        graph = kg.network("actors", treaty=treaty)
        assert not absent & set(graph)
        assert _events_behind(kg, graph) == events


@pytest.mark.parametrize(
    ("start", "end", "events"),
    [
        ("2024-03-05", None, {CALL_PESKOV, CALL_TESTOVA, VIENNA}),
        (None, "2024-03", {MEETING, CALL_PESKOV, CALL_TESTOVA}),
        (date(2024, 3, 5), date(2024, 3, 10), {CALL_PESKOV}),
        ("2024", "2024", {MEETING, CALL_PESKOV, CALL_TESTOVA, VIENNA}),
        (None, None, {MEETING, CALL_PESKOV, CALL_TESTOVA, VIENNA, ACCUSATION}),
    ],
)
def test_network_date_bounds_keep_events_wholly_inside(
    ingested: str,
    start: str | date | None,
    end: str | date | None,
    events: set[tuple[str, str, str | None]],
) -> None:
    """--from and --to: an event counts when its whole period lies within them (a month
    or a year bound reaches its last day); an undated event only when no bound is given."""
    with treatykg.open(ingested, read_only=True) as kg:
        assert _events_behind(kg, kg.network("actors", start=start, end=end)) == events


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("March 2024", None, "start: 'March 2024' is not a date: give YYYY-MM-DD, YYYY-MM or YYYY"),
        (None, "2024-02-30", "end: '2024-02-30' is not a date: give YYYY-MM-DD, YYYY-MM or YYYY"),
        ("2024-05", "2024-03", "the dates run backwards: from 2024-05-01 to 2024-03-31"),
    ],
)
def test_network_bad_date_bounds_say_what_to_give(
    ingested: str, start: str | None, end: str | None, message: str
) -> None:
    with treatykg.open(ingested, read_only=True) as kg, pytest.raises(QueryError) as raised:
        kg.network("actors", start=start, end=end)
    assert str(raised.value) == message


@pytest.mark.parametrize("treaty", [None, "New START"])
def test_network_metrics_ride_on_the_actors_they_describe(
    ingested: str, treaty: str | None
) -> None:
    """`metrics=True` gives each node the metrics of the network it is in: the same
    numbers `graph.network.metrics` computes for that graph, the treaty's alone when asked."""
    with treatykg.open(ingested, read_only=True) as kg:
        plain = kg.network("actors", treaty=treaty)
        measured = kg.network("actors", treaty=treaty, metrics=True)
    assert "pagerank" not in next(iter(plain.nodes.values()))
    for m in network.metrics(plain):
        node = measured.nodes[m.actor]
        assert (node["degree"], node["strength"], node["community"]) == (
            m.degree, m.strength, m.community,
        )  # fmt: skip
        assert (node["pagerank"], node["betweenness"]) == pytest.approx((m.pagerank, m.betweenness))


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        ((PESKOV, US), [("call_for_talks", "call for talks", "2024-03-05", "day", "New START")]),
        ((LAVROV, US), [("meeting_or_call", "meeting or call", "2024-03-04", "day", ""),
                         ("violation_accusation", "violation accusation", "", "", "INF Treaty")]),
    ],
)  # fmt: skip
def test_network_events_name_the_events_behind_a_tie(
    ingested: str, pair: tuple[str, str], expected: list[tuple[str, ...]]
) -> None:
    """An edge's `events` are keys; `network_events` says what each one was, in order."""
    with treatykg.open(ingested, read_only=True) as kg:
        keys = kg.network("actors").edges[pair]["events"]
        found = kg.network_events(keys)
        with pytest.raises(NetworkError, match="no canonical event 'nope'"):
            kg.network_events(["nope"])
    assert [e.key for e in found] == list(keys)
    assert [(e.type, e.type_label, e.date_label, e.precision, e.treaty_label) for e in found] == (
        expected
    )


@pytest.mark.parametrize("missing", ["k-gone"])
def test_network_model_edge_without_its_event_is_our_error(missing: str) -> None:
    """A page asked to draw a tie whose events it was not given fails as treatykg's errors
    do (one line from the CLI), not with a bare ValueError."""
    from treatykg.views.network_model import network_model

    from treatykg.errors import TreatyKGError, ViewError

    graph = nx.Graph()
    graph.add_node(RU, label="Russia", kind="State", pagerank=0.5, community=1)
    graph.add_node(US, label="United States", kind="State", pagerank=0.5, community=1)
    graph.add_edge(RU, US, weight=1, events=[missing], types=["statement"], years=[])
    with pytest.raises(ViewError, match=f"ties name events not given to the page: {missing}"):
        network_model(graph, [], title="t", scope={})
    assert issubclass(ViewError, TreatyKGError)


@pytest.mark.parametrize("notation", sorted(EVENT_CLASSES))
def test_network_type_labels_are_the_ontology_labels_the_timeline_shows(notation: str) -> None:
    """The network's events and the timeline name a type alike: the ontology's prefLabel."""
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    expected = str(ontology.value(TKG[EVENT_CLASSES[notation]], SKOS.prefLabel))
    summary = network.event_summary(event("k1", notation, {RU}, "2024"), ActorIndex())
    assert summary.type_label == type_label(notation) == expected
