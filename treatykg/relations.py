"""Relations between actors for notebooks and the CLI: networks of the stored canonical events, and tables of them.

`TreatyKG.network` and `TreatyKG.relations_*` are thin over one `Relations` per open
store. The default view (no year range, actors as they are) answers from what the last
derivation wrote to the derived network graph, as the named queries `top-actors` and
`actor-community` do, so nothing is computed twice. Any other view (`--years`,
`--states`), a path or an export needs the canonical events themselves: `Projection`
reads them and the actor index once per derivation, and `graph.network`'s functions
answer from them; so the tables here and the metrics written back come from one code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from treatykg.errors import QueryError
from treatykg.graph import iris, kb, network
from treatykg.graph.actors import ActorIndex
from treatykg.graph.dates import parse_bound
from treatykg.graph.event_scope import EventScope, resolve_actor
from treatykg.graph.happenings import CanonicalEvent
from treatykg.graph.network import ActorMetrics, NetworkError
from treatykg.graph.network_choices import FORMATS, GRAPHS, METRICS
from treatykg.graph.network_io import (
    by_iri,
    layer_version,
    rank_key,
    read_activity,
    read_events,
    read_names,
    shared_events,
    write_network,
)
from treatykg.graph.store import QueryResult
from treatykg.graph.terms import Term
from treatykg.graph.variants import read_same_as
from treatykg.queries import runner

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from treatykg.graph.store import TreatyStore
    from treatykg.views.network import NetworkView

__all__ = ["Projection", "Relations", "as_result"]

NO_EVENTS = (
    "the store holds no canonical events: ingest articles (or, after `ingest --no-derive`, "
    "run `treatykg derive`)"
)
_IRI_COLUMNS = {"actor", "from", "to", "event", "treaty"}
_TOP = ("rank", "actor", "label", "kind", *METRICS, "community")
_COMMUNITY = ("community", "actor", "label", "kind", "pagerank", "events", "shared_with_actor")
_ACTIVITY = ("actor", "label", "month", "events")

Years = tuple[int, int] | int | None


def _span(years: Years) -> tuple[int, int] | None:
    if years is None or isinstance(years, tuple):
        return years
    return (years, years)


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise NetworkError(f"no metric {metric!r}; use one of {', '.join(METRICS)}")


class Relations:
    """The networks of one store: tables of the default view as the last derivation wrote
    them; any other view, paths, networks and exports from `projection()`, the canonical
    events read again only after a derivation.

    Every method raises NetworkError when the store holds no canonical events (nothing
    ingested, or articles ingested with --no-derive and never derived).
    """

    def __init__(self, store: TreatyStore) -> None:
        self.store = store
        self._projection: tuple[str, Projection] | None = None

    def _version(self) -> str:
        version = layer_version(self.store)
        if version is None:
            raise NetworkError(NO_EVENTS)
        return version

    def projection(self) -> Projection:
        """The canonical events of the current derivation, projected (read once per derivation)."""
        version = self._version()
        if self._projection is None or self._projection[0] != version:
            self._projection = (version, Projection(self.store))
        return self._projection[1]

    def top(
        self, metric: str = "pagerank", limit: int = 10, *, by_state: bool = False,
        years: Years = None,
    ) -> pd.DataFrame:  # fmt: skip
        """The actors first by one metric, with all their metrics."""
        _check_metric(metric)
        if by_state or years is not None:
            return self.projection().top(metric, limit, by_state=by_state, years=years)
        self._version()
        found = runner.execute(self.store, "top-actors", {"metric": metric, "limit": limit})
        rows = [
            {"rank": r["rank"], "actor": r["actor"], "label": r["name"], "kind": r["kind"],
             **{m: r[m] for m in METRICS}, "community": _community_number(r["community"])}
            for r in map(_plain, found.records())
        ]  # fmt: skip
        return _frame(rows, _TOP)

    def community(self, actor: str, *, by_state: bool = False, years: Years = None) -> pd.DataFrame:
        """The actor's community: every member, with PageRank and its ties to the actor."""
        if by_state or years is not None:
            return self.projection().community(actor, by_state=by_state, years=years)
        self._version()
        same_as = read_same_as(self.store)
        iri = self._written_actor(actor, same_as)
        if iri is None:  # the projection says why: no such actor, or in no event
            return self.projection().community(actor)
        found = runner.execute(self.store, "actor-community", {"actor": iri})
        shared = shared_events(self.store, iri, same_as)
        rows = [
            {"community": _community_number(r["community"]), "actor": r["member"],
             "label": r["name"], "kind": r["kind"], "pagerank": r["pagerank"],
             "events": r["events"], "shared_with_actor": shared[r["member"]]}
            for r in map(_plain, found.records())
        ]  # fmt: skip
        return _frame(rows, _COMMUNITY)

    def activity(self, actor: str | None = None, *, by_state: bool = False) -> pd.DataFrame:
        """Events per actor per month (events dated to the month or better)."""
        if by_state:
            return self.projection().activity(actor, by_state=by_state)
        self._version()
        iri = None
        if actor is not None:
            iri = self._written_actor(actor, read_same_as(self.store))
            if iri is None:
                return self.projection().activity(actor)
        return _frame(read_activity(self.store, iri), _ACTIVITY)

    def _written_actor(self, name: str, same_as: dict[str, str]) -> str | None:
        """The actor of the derived network a name means; None when it names none there
        (or is unclear), so that the projection answers or says why it cannot."""
        names = read_names(self.store)
        try:
            iri = resolve_actor(self.store, name, names, same_as)
        except NetworkError:
            return None
        return iri if any(actor == iri for _, actor in names) else None


class Projection:
    """The canonical events of a store and who their actors are, read once, with the
    networks and metrics computed from them kept per view."""

    def __init__(self, store: TreatyStore) -> None:
        self.store = store
        self.same_as = read_same_as(store)
        self.events: list[CanonicalEvent] = network.with_canonical_actors(
            read_events(store), self.same_as
        )
        self.actors = ActorIndex.from_store(store)
        self._by_key = {e.key: e for e in self.events}
        self._graphs: dict[EventScope, nx.Graph] = {}
        self._metrics: dict[EventScope, list[ActorMetrics]] = {}

    def view(
        self,
        *,
        by_state: bool = False,
        years: Years = None,
        treaty: str | Sequence[str] | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
    ) -> EventScope:
        """The events a network counts, names resolved and dates read.

        Raises:
            KnowledgeBaseError: no treaty by that name. QueryError: a date that is not one.
        """
        wanted = [treaty] if isinstance(treaty, str) else list(treaty or ())
        found = {str(iris.entity(kb.resolve(self.store, t, type="Treaty").key)) for t in wanted}
        first, last = parse_bound(start, "from", "start"), parse_bound(end, "to", "end")
        if first is not None and last is not None and last < first:
            raise QueryError(f"the dates run backwards: from {first} to {last}")
        return EventScope(by_state, _span(years), tuple(sorted(found)), first, last)

    def _actor_graph(self, view: EventScope) -> nx.Graph:
        """The actors network of one view, built once; callers must not change it."""
        if view not in self._graphs:
            chosen = [e for e in self.events if view.counts(e)]
            self._graphs[view] = network.actor_graph(chosen, self.actors, by_state=view.by_state)
        return self._graphs[view]

    def _all_metrics(self, view: EventScope) -> list[ActorMetrics]:
        if view not in self._metrics:
            self._metrics[view] = network.metrics(self._actor_graph(view))
        return self._metrics[view]

    def graph(
        self,
        kind: str = "actors",
        *,
        by_state: bool = False,
        years: Years = None,
        treaty: str | Sequence[str] | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        metrics: bool = False,
    ) -> nx.Graph:
        """An `actors`, `treaties` (bipartite) or `lifecycle` (DAG) network; see `graph.network`.

        `treaty` (a name or several), `years`, `start` and `end` choose the events counted,
        for every kind. With `metrics`, each actor of an `actors` network also carries
        `degree`, `strength`, `betweenness`, `pagerank` and `community` (1 is the largest).
        """
        view = self.view(by_state=by_state, years=years, treaty=treaty, start=start, end=end)
        if kind == "actors":
            projected = self._actor_graph(view).copy()
            if metrics:
                for m in self._all_metrics(view):
                    projected.nodes[m.actor].update(
                        degree=m.degree, strength=m.strength, betweenness=m.betweenness,
                        pagerank=m.pagerank, community=m.community,
                    )  # fmt: skip
            return projected
        events = [e for e in self.events if view.counts(e)]
        if kind == "treaties":
            return network.treaty_graph(events, self.actors, by_state=by_state)
        if kind == "lifecycle":
            only = view.treaties[0] if len(view.treaties) == 1 else None
            kb_only = [e for e in self._kb_only() if view.counts(e)]
            return by_iri(network.lifecycle_graph([*events, *kb_only], self.actors, only))
        raise NetworkError(f"no network of kind {kind!r}; use one of {', '.join(GRAPHS)}")

    def events_of(self, keys: Iterable[str]) -> list[network.NetworkEvent]:
        """The events behind a tie (an edge's `events`), with their dates, types and treaties.

        Raises:
            NetworkError: a key names no canonical event of this derivation.
        """
        found = []
        for key in keys:
            if key not in self._by_key:
                raise NetworkError(f"no canonical event {key!r} in the current derivation")
            found.append(network.event_summary(self._by_key[key], self.actors))
        return found

    def network_view(
        self,
        treaties: str | Sequence[str] = (),
        *,
        start: date | str | None = None,
        end: date | str | None = None,
        by_state: bool = False,
        max_actors: int | None = None,
    ) -> NetworkView:
        """The actors network of a view as an interactive page, with its metrics and the
        events behind every tie (see `treatykg.views.network`); `max_actors` caps the
        actors drawn (the most central first; default `network_model.MAX_ACTORS`)."""
        from treatykg.views.network import NetworkView  # pages load Jinja2: only when asked for
        from treatykg.views.network_model import MAX_ACTORS

        view = self.view(by_state=by_state, treaty=treaties, start=start, end=end)
        graph = self.graph(
            "actors", by_state=by_state, treaty=treaties, start=start, end=end, metrics=True
        )
        keys = sorted({key for _, _, found in graph.edges(data="events") for key in found})
        scope = {
            "treaties": sorted(self.actors.label(t) for t in view.treaties),
            "from": view.start.isoformat() if view.start else None,
            "to": view.end.isoformat() if view.end else None,
            "by_state": by_state,
        }
        cap = MAX_ACTORS if max_actors is None else max_actors
        return NetworkView.build(graph, self.events_of(keys), scope=scope, max_actors=cap)

    def _kb_only(self) -> list[CanonicalEvent]:
        """KB treaty facts that no reported event matched: a lifecycle has them too."""
        from treatykg.graph.reports import read_kb_facts

        recorded = {fact for e in self.events for fact in e.kb_facts}
        facts = [r for r in read_kb_facts(self.store) if r.iri not in recorded]
        return network.fact_events(facts)

    def actor(self, name: str, *, by_state: bool = False) -> str:
        """The IRI of an actor named by IRI, KB name, alias or key, or by a name an article
        gave an entity the KB lacks (any of its spellings); rolled up to its state with
        `by_state`.

        Raises:
            NetworkError: nothing by that name takes part in any event.
        """
        involved = {a for e in self.events for a in e.actors}
        names = [(self.actors.label(a), a) for a in sorted(involved)]
        names += [(self.actors.label(m), c) for m, c in self.same_as.items() if c in involved]
        found = resolve_actor(self.store, name, names, self.same_as)
        return self.actors.roll_up(found) if by_state else found

    def _check(self, graph: nx.Graph, actor: str, years: Years) -> None:
        if actor not in graph:
            when = f" in {_years_text(_span(years))}" if years is not None else ""
            raise NetworkError(f"{self.actors.label(actor)} takes part in no event{when}")

    def top(
        self,
        metric: str = "pagerank",
        limit: int = 10,
        *,
        by_state: bool = False,
        years: Years = None,
    ) -> pd.DataFrame:
        """The actors first by one metric, with all their metrics."""
        _check_metric(metric)
        found = sorted(
            self._all_metrics(EventScope(by_state, _span(years))), key=lambda m: rank_key(m, metric)
        )
        rows = [
            {"rank": n, "actor": m.actor, "label": m.label, "kind": m.kind,
             **{name: getattr(m, name) for name in METRICS}, "community": m.community}
            for n, m in enumerate(found[: max(limit, 0)], 1)
        ]  # fmt: skip
        return _frame(rows, _TOP)

    def path(
        self, first: str, second: str, *, by_state: bool = False, years: Years = None
    ) -> pd.DataFrame:
        """The strongest chain of shared events between two actors: one row per hop and event."""
        graph = self._actor_graph(EventScope(by_state, _span(years)))
        ends = [self.actor(first, by_state=by_state), self.actor(second, by_state=by_state)]
        for actor in ends:
            self._check(graph, actor, years)
        rows = []
        for n, hop in enumerate(network.strongest_path(graph, *ends), 1):
            for key in hop.events:
                event = self._by_key[key]
                rows.append(
                    {"hop": n, "from": hop.source, "from_label": self.actors.label(hop.source),
                     "to": hop.target, "to_label": self.actors.label(hop.target), "weight": hop.weight,
                     "event": str(iris.happening(key)), "type": event.type,
                     "date": event.timex or (event.start.isoformat() if event.start else ""),
                     "treaty": event.treaty or "",
                     "treaty_label": self.actors.label(event.treaty) if event.treaty else ""}
                )  # fmt: skip
        columns = ("hop", "from", "from_label", "to", "to_label", "weight", "event", "type", "date",
                   "treaty", "treaty_label")  # fmt: skip
        return _frame(rows, columns)

    def community(self, actor: str, *, by_state: bool = False, years: Years = None) -> pd.DataFrame:
        """The actor's community: every member, with PageRank and its ties to the actor
        (communities and PageRank only: betweenness, the costly one, is not needed)."""
        graph = self._actor_graph(EventScope(by_state, _span(years)))
        iri = self.actor(actor, by_state=by_state)
        self._check(graph, iri, years)
        groups, ranks = network.communities(graph), network.pagerank(graph)
        members = sorted(
            (a for a, n in groups.items() if n == groups[iri]),
            key=lambda a: (-ranks[a], self.actors.label(a).casefold(), a),
        )
        rows = [
            {"community": groups[iri], "actor": a, "label": graph.nodes[a]["label"],
             "kind": graph.nodes[a]["kind"], "pagerank": ranks[a], "events": graph.nodes[a]["events"],
             "shared_with_actor": int(graph.edges[iri, a]["weight"]) if graph.has_edge(iri, a) else 0}
            for a in members
        ]  # fmt: skip
        return _frame(rows, _COMMUNITY)

    def activity(self, actor: str | None = None, *, by_state: bool = False) -> pd.DataFrame:
        """Events per actor per month (events dated to the month or better)."""
        iri = self.actor(actor, by_state=by_state) if actor is not None else None
        rows = [
            {"actor": a.actor, "label": self.actors.label(a.actor), "month": a.month,
             "events": a.events}
            for a in network.monthly_activity(self.events, self.actors, by_state=by_state)
            if iri is None or a.actor == iri
        ]  # fmt: skip
        return _frame(rows, _ACTIVITY)

    def write(
        self,
        out: IO[bytes],
        fmt: str = "graphml",
        *,
        graph: str = "actors",
        by_state: bool = False,
        years: Years = None,
        treaty: str | None = None,
    ) -> None:
        """Write a network as GraphML or GEXF, for Gephi, Cytoscape or networkx: names,
        kinds, dates (ISO strings) and, for actors, their metrics as attributes."""
        if fmt not in FORMATS:
            raise NetworkError(f"no network format {fmt!r}; use one of {', '.join(FORMATS)}")
        projected = self.graph(
            graph, by_state=by_state, years=years, treaty=treaty, metrics=graph == "actors"
        )
        write_network(projected, out, fmt)


def _years_text(span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"


def _plain(record: dict[str, Term | None]) -> dict[str, Any]:
    """A query row as Python values: IRIs as strings, literals as numbers or strings
    (metrics are stored as decimals; frames and networkx want floats)."""

    def plain(value: Term | None) -> Any:
        if value is None or isinstance(value, URIRef):
            return str(value) if value is not None else None
        python = value.toPython()
        return float(python) if isinstance(python, Decimal) else python

    return {name: plain(value) for name, value in record.items()}


def _community_number(community: str) -> int:
    """1 for `id/community/1`."""
    return int(community.rsplit("/", 1)[-1])


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns))


def as_result(frame: pd.DataFrame) -> QueryResult:
    """A table as a query result, so the CLI prints it like any query (cleaned for the
    terminal, IRIs shortened, CSV and JSON alike)."""
    rows: list[tuple[Term | None, ...]] = []
    for record in frame.itertuples(index=False):
        rows.append(
            tuple(_term(name, value) for name, value in zip(frame.columns, record, strict=True))
        )
    return QueryResult("SELECT", tuple(str(c) for c in frame.columns), rows)


def _term(column: str, value: Any) -> Term | None:
    if value is None or value == "":
        return None
    if column in _IRI_COLUMNS:
        return URIRef(str(value))
    if isinstance(value, float):
        return Literal(round(value, 6))
    if hasattr(value, "item"):  # a numpy number
        return Literal(value.item())
    return Literal(value)
