"""The derived layer: what only shows across articles, rebuilt from the article graphs and the KB.

`derive` streams every report and KB fact into a temporary file (`graph.spill`), merges
them into canonical events (with their conflicts) one unit at a time (a treaty's
reports of one type family, or a year's of those naming no treaty: every merging block
lies within one), hands the events to each component (entity variants, treaty status,
networks), which read them back as they need them, and writes everything into graphs
under `id/graph/derived/`, one graph at a time (a large one in chunks), each write its
own transaction: one transaction for the whole layer held all of it in the engine at
once (6 GB at 2,000 articles). So the derivation record in `id/graph/derived` says "in
progress" (the store version and the start time, no end) before the first graph changes
and is replaced by the finished record after the last: `check` reports a layer left so
as `incomplete`, and the next `derive` compares every graph with what it should hold and
rebuilds it whole. While a derivation runs, readers may see some graphs new and others
old. The article graphs and the KB are only read; dropping the derived graphs undoes
everything.

Canonical events are written in partitions, one graph per treaty and year
(`derived/events.treaty.new-start.2023`); events without a treaty go by year
(`derived/events.year.2023`) or, undated, into sixteen graphs by key. After an ingest,
`derive(store, articles=...)` rewrites only the partitions the change touches; merging
and the components are recomputed whole, since status and networks depend on every
event. `derive(store)` rebuilds everything. The derivation record in `id/graph/derived`
names the store version and the rules it was computed by, so `check` tells a current
layer from a stale one.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal as Kind
from typing import Protocol

from rdflib import Literal, URIRef
from treatykg.graph import (
    graph_diff,
    iris,
    listings,
    merging,
    network,
    remarks,
    status,
    variants,
    vocab,
)
from treatykg.graph.actors import ActorIndex
from treatykg.graph.derived_triples import conflict_triples, event_triples
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.reports import iter_reports, read_kb_facts
from treatykg.graph.sentences import SentenceFile
from treatykg.graph.spill import Events, Spill
from treatykg.graph.store import TreatyStore, kb_fingerprint
from treatykg.graph.terms import Triple
from treatykg.graph.vocab import Terms

__all__ = [
    "ALGORITHM_VERSION",
    "Derivation",
    "Inputs",
    "LayerState",
    "check",
    "derive",
    "derive_kb_only",
    "partition",
    "store_version",
]

# Raised when the orchestration itself changes (partitions, what a canonical event
# carries); each component has a version of its own (its ALGORITHM_VERSION).
ALGORITHM_VERSION = "1"
PARTITIONING = "events per treaty and year; treaty-less ones per year, undated ones in 16 by key"

PROV, RDF, TKG, XSD = Terms(vocab.PROV), Terms(vocab.RDF), Terms(vocab.TKG), Terms(vocab.XSD)


class _Component(Protocol):
    """A module that computes one part of the derived layer from the canonical events."""

    # Read-only properties, so that a module's constants of narrower types still fit.
    @property
    def ALGORITHM(self) -> str: ...
    @property
    def ALGORITHM_VERSION(self) -> str: ...
    @property
    def PARAMETERS(self) -> Mapping[str, object]: ...

    def derived_triples(self, inputs: Inputs, computation: URIRef) -> Iterable[Triple]: ...


# Each component and the derived graph part it writes.
_COMPONENTS: tuple[tuple[str, _Component], ...] = (
    ("entities", variants),
    ("status", status),
    ("network", network),
)


@dataclass(frozen=True)
class Inputs:
    """What every component reasons over, built once per derivation."""

    store: TreatyStore
    actors: ActorIndex
    kb_facts: list[Report]  # every KB TreatyFact as a Report(from_kb=True)
    # Every canonical event after merging, read back as each component needs them: a
    # derivation's are on disk (`graph.spill`), so a component that keeps only what it
    # needs of each event holds no more.
    events: Events

    @functools.cached_property
    def groups(self) -> list[variants.VariantGroup]:
        """The entity variant groups, read once: the entities graph writes them and the
        network follows them."""
        return variants.groups_of(self)


@dataclass(frozen=True)
class Derivation:
    """What one derivation did, for the CLI's summary line and for callers that check."""

    store_version: str
    full: bool  # everything rebuilt, rather than the partitions a change touched
    events: int  # canonical events the articles report (KB-only ones are not written)
    multi_source: int  # of them, reported by two independent sources or more
    conflicts: int
    partitions: int  # event partitions rewritten
    graphs: int  # derived graphs compared with the store (and written when they differ)
    seconds: float

    def summary(self) -> str:
        """One line: what the layer holds, and how much of it this derivation wrote."""
        how = "rebuilt" if self.full else f"{self.partitions} event partitions updated"
        return (
            f"{self.events} canonical events ({self.multi_source} with two sources or more), "
            f"{self.conflicts} conflicts; {how}, {self.graphs} graphs in {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class LayerState:
    """Whether the derived layer matches the store it was derived from."""

    state: Kind["current", "stale", "missing", "incomplete"]
    store_version: str  # the store's, now
    derived_version: str | None  # the one the layer was computed from
    reason: str

    @property
    def current(self) -> bool:
        return self.state == "current"

    def summary(self) -> str:
        return f"derived layer {self.state}: {self.reason}"


def store_version(store: TreatyStore, *, without: Collection[str] = ()) -> str:
    """SHA-256 of the sorted article graph IRIs and the KB fingerprint: what a derivation read.

    `without` leaves out some articles (IRIs `id/article/<key>`): the version the store had
    before they were added.
    """
    left_out = {str(iris.article_graph(_article_key(a))) for a in without}
    graphs = sorted(str(g) for g in store.article_graphs() if str(g) not in left_out)
    return _version(graphs, kb_fingerprint(store))


def _version(graphs: Iterable[str], fingerprint: str | None) -> str:
    digest = hashlib.sha256()
    for graph in graphs:
        digest.update(graph.encode() + b"\n")
    digest.update(b"kb " + (fingerprint or "").encode())
    return digest.hexdigest()


def _article_key(article: str) -> str:
    key = article.rstrip("/").rsplit("/", 1)[-1]
    if str(iris.article(key)) != article:
        raise ValueError(f"{article!r} is not an article IRI (id/article/<key>)")
    return key


def partition(event: CanonicalEvent) -> str:
    """The derived graph part a canonical event is written to: its treaty and year.

    One path segment (dots, not slashes), so that exports can name each graph with the
    prefix of the derived graphs and no escaped `/`.

    News about a treaty clusters in time, so a day's articles touch few partitions.
    Events without a treaty go by year; undated ones without a treaty never merge (merging
    joins treaty-less reports only on the same day), so they are spread over sixteen
    partitions by key.

    >>> from datetime import date
    >>> from treatykg.graph.happenings import CanonicalEvent as E
    >>> treaty = "https://w3id.org/treatykg/id/treaty/new-start"
    >>> partition(E("k", "suspension", treaty, frozenset(), frozenset(), "actual", "2023-02-28",
    ...     "day", date(2023, 2, 28), date(2023, 2, 28), ()))
    'events.treaty.new-start.2023'
    >>> partition(E("k", "statement", None, frozenset(), frozenset(), "actual", None, None,
    ...     None, None, ()))
    'events.undated.8'
    """
    year = f"{event.start.year:04d}" if event.start is not None else "undated"
    if event.treaty:
        return f"events.{iris.treaty_part(event.treaty)}.{year}"
    if event.start is not None:
        return f"events.year.{year}"
    return f"events.undated.{hashlib.sha256(event.key.encode()).hexdigest()[0]}"


def _versions() -> dict[str, str]:
    """Every step's algorithm and version: a layer derived by other rules is stale."""
    found = {"derive": ALGORITHM_VERSION, merging.ALGORITHM: merging.ALGORITHM_VERSION}
    found.update((module.ALGORITHM, module.ALGORITHM_VERSION) for _, module in _COMPONENTS)
    found[listings.ALGORITHM] = listings.ALGORITHM_VERSION
    found[remarks.ALGORITHM] = remarks.ALGORITHM_VERSION
    return found


# ---------------------------------------------------------------- the stored record


@dataclass(frozen=True)
class _Stored:
    """The derivation record as stored: its triples, and what they say."""

    triples: list[Triple]
    store_version: str | None
    versions: dict[str, str]
    generated_by: dict[str, URIRef]  # derived graph IRI -> computation
    in_progress: str | None = None  # when a derivation that has not finished started


_RECORD = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iris.DERIVED_GRAPH}> {{ ?s ?p ?o }} }}"


def _stored(store: TreatyStore) -> _Stored:
    triples: list[Triple] = [
        (s, p, o)
        for s, p, o in store.query(_RECORD).rows
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef | Literal)
    ]
    generated_by = {
        str(s): o for s, p, o in triples if p == PROV.wasGeneratedBy and isinstance(o, URIRef)
    }
    run = generated_by.get(str(iris.DERIVED_GRAPH))
    version, versions = None, {}
    started = ended = None
    for s, p, o in triples:
        if s == run and p == PROV.startedAtTime:
            started = str(o)
        elif s == run and p == PROV.endedAtTime:
            ended = str(o)
        elif s == run and p == TKG.storeVersion:
            version = str(o)
        elif s == run and p == TKG.parameters:
            try:
                versions = dict(json.loads(str(o)).get("versions", {}))
            except (ValueError, AttributeError):
                versions = {}  # written by hand or by another tool: not ours to trust
    in_progress = started if started is not None and ended is None else None
    return _Stored(triples, version, versions, generated_by, in_progress)


def check(store: TreatyStore) -> LayerState:
    """Whether the derived layer was computed from the store as it is, by the rules of now."""
    return _state(_stored(store), store_version(store))


def _state(stored: _Stored, version: str) -> LayerState:
    if stored.in_progress is not None:
        return LayerState(
            "incomplete", version, stored.store_version,
            f"a derivation started at {stored.in_progress} has not finished (still running, "
            "or interrupted), so some derived graphs may be new and others old; "
            "run `treatykg derive` to rebuild it",
        )  # fmt: skip
    if stored.store_version is None:
        return LayerState("missing", version, None, "never derived; run `treatykg derive`")
    if stored.versions != _versions():
        return LayerState(
            "stale", version, stored.store_version,
            "derived by other rules than this version's; run `treatykg derive`",
        )  # fmt: skip
    if stored.store_version != version:
        return LayerState(
            "stale", version, stored.store_version,
            "articles or the KB changed since it was derived; run `treatykg derive`",
        )  # fmt: skip
    return LayerState("current", version, version, "matches the store")


# ---------------------------------------------------------------- derive


def derive_kb_only(store: TreatyStore) -> Derivation | None:
    """Derive a writable store that holds no article yet, unless its layer is current.

    Such a layer is the KB's treaty status alone and costs a fraction of a second, so a
    store answers `treaty-status` from its first open, and again after its KB changed. A
    store with articles is derived by ingest or `treatykg derive`, never behind an open.
    """
    if not store.writable or store.article_graphs() or check(store).state == "current":
        return None
    return derive(store)


def derive(
    store: TreatyStore,
    *,
    articles: Collection[str] | None = None,
    added: Collection[str] | None = None,
) -> Derivation:
    """Rebuild the derived layer (or, with `articles`, the part of it they touch).

    Args:
        store: A writable store.
        articles: IRIs (`id/article/<key>`) of the articles just (re)written. The event
            partitions they touch are rewritten and the components recomputed; when the
            layer was not current before they were written (never derived, derived by
            other rules, or articles came in with `--no-derive`), everything is rebuilt.
            None rebuilds everything.
        added: Those of `articles` the store did not hold before (the others replaced
            stored copies), to tell whether the layer was current before them. When
            None, only "all of them new" and "all of them replaced" can be told apart
            from a stale layer, and a mix is rebuilt whole.

    Returns:
        What was written, with counts for the summary line.

    Raises:
        StoreError: the store cannot be read or written; the layer is then as it was.
        ValueError: an entry of `articles` is not an article IRI.
    """
    started = time.perf_counter()
    version = store_version(store)
    stored = _stored(store)
    actors = ActorIndex.from_store(store)
    kb_facts = read_kb_facts(store)
    with closing(SentenceFile()) as sentences, closing(Spill()) as spill:
        spill.add_reports(sentences.strip(iter_reports(store)))
        spill.add_reports(kb_facts)
        counts = _merge_units(spill, actors)
        inputs = Inputs(store, actors, kb_facts, spill)
        full = articles is None or not _can_update(store, stored, version, articles, added)
        dirty = _dirty(store, spill, None if full else set(articles or ()))
        record: list[Triple] = []
        plan = _write_plan(inputs, spill, dirty, stored, version, record, sentences)
        graphs = _write(store, plan, stored, version, record)
    return Derivation(
        store_version=version,
        full=full,
        events=counts.events,
        multi_source=counts.multi_source,
        conflicts=counts.conflicts,
        partitions=len(dirty),
        graphs=graphs,
        seconds=time.perf_counter() - started,
    )


@dataclass
class _Counts:
    events: int = 0
    multi_source: int = 0
    conflicts: int = 0


def _merge_units(spill: Spill, actors: ActorIndex) -> _Counts:
    """Merge the spilled reports one unit at a time (every block of merging lies within
    one), filing each unit's canonical events by partition before the next is read."""
    counts = _Counts()
    for _, reports in spill.units():
        merged = merging.merge(reports, actors)
        spill.add_merged(merged, partition)
        counts.events += len(merged.events)
        counts.multi_source += sum(1 for e in merged.events if e.sources >= 2)
        counts.conflicts += len(merged.conflicts)
    return counts


def _write(
    store: TreatyStore,
    plan: Iterable[tuple[URIRef, Iterable[Triple]]],
    stored: _Stored,
    version: str,
    record: list[Triple],
) -> int:
    """Write each graph of `plan` that differs from the store, the record in progress
    before the first and finished after the last; returns how many graphs were compared."""
    differ, writer = graph_diff.Differ(store), graph_diff.Writer(store)
    changed: set[URIRef] = set()
    graphs = 1  # the record
    for name, triples in plan:
        with differ.change(name, triples) as change:  # its temporary files, written or not
            graphs += 1
            if change.changed:
                if not changed:  # the first graph that changes: readers may see half from now on
                    store.replace_graphs([(iris.DERIVED_GRAPH, _in_progress(version))])
                writer.write(change)
                changed.add(name)
        # Let go of this graph before the plan builds the next: held until the loop
        # rebinds them, the status graph's statements added to the network's peak.
        del triples, change
    writer.flush()
    record[:] = _timed(list(dict.fromkeys(record)), stored, changed)
    if changed or _changes(differ, iris.DERIVED_GRAPH, record):
        store.replace_graphs([(iris.DERIVED_GRAPH, record)])  # one transaction: done
    return graphs


def _changes(differ: graph_diff.Differ, name: URIRef, triples: Iterable[Triple]) -> bool:
    """Whether graph `name` would change, its comparison's files let go of at once."""
    with differ.change(name, triples) as change:
        return change.changed


def _can_update(
    store: TreatyStore,
    stored: _Stored,
    version: str,
    articles: Collection[str],
    added: Collection[str] | None,
) -> bool:
    """Whether the layer was current just before `articles` were written, by today's rules:
    only then may a partial update bring it up to date."""
    if stored.in_progress or stored.store_version is None or stored.versions != _versions():
        return False
    if added is not None:
        return stored.store_version == store_version(store, without=added)
    # The articles all replaced copies already there (same version), or were all new.
    return stored.store_version in (version, store_version(store, without=articles))


# Per graph, so that one partition's rows are held at a time (claims use the predicate
# too: only happenings count).
_STORED_REPORTS = "SELECT ?c ?r WHERE { GRAPH ?g { ?c prov:wasDerivedFrom ?r } }"
_NEW_ENTITIES = "SELECT DISTINCT ?e WHERE { %s GRAPH ?g { ?e tkg:linked false } }"


def _stored_partitions(store: TreatyStore) -> set[str]:
    """Every derived graph but the components': the event partitions, and any graph an
    older partitioning left (a rebuild drops what it does not write)."""
    parts = (iris.derived_part_of_graph(g) for g in store.named_graphs())
    components = {part for part, _ in _COMPONENTS}
    return {p for p in parts if p is not None and p not in components and not _listing(p)}


def _listing(part: str) -> bool:
    return part.startswith(listings.PART_PREFIX)


def _dirty(store: TreatyStore, spill: Spill, articles: set[str] | None) -> set[str]:
    """The partitions a change touches: where reports of `articles` fall now, where any
    report now lies in another partition than it did (or came or went), and where an
    actor the articles describe takes part (its name or state may have changed). With
    `articles` None, every partition, and those that no longer hold an event (dropped).
    """
    if articles is None:
        return spill.parts() | _stored_partitions(store)
    for part in sorted(_stored_partitions(store)):
        graph = iris.derived_graph(part)
        rows = store.query(_STORED_REPORTS, {"g": graph}).rows
        spill.add_stored(
            (str(report), part) for node, report in rows if iris.happening_key(str(node))
        )
    dirty = spill.moved()
    described = _entities_of(store, articles)
    for part in sorted(spill.parts() - dirty):
        if any(
            e.actors & described or any(r.source in articles for r in e.reports)
            for e in spill.events_in(part)
        ):
            dirty.add(part)
    return dirty


def _entities_of(store: TreatyStore, articles: Collection[str]) -> set[str]:
    """Entities the KB lacks that these articles describe (their ActorIndex entries)."""
    if not articles:
        return set()
    values = " ".join(f"<{iris.article_graph(_article_key(a))}>" for a in sorted(articles))
    rows = store.query(_NEW_ENTITIES % f"VALUES ?g {{ {values} }}").rows
    return {str(row[0]) for row in rows}


def _in_progress(version: str) -> list[Triple]:
    """The record while graphs are being written: the store version and the start time,
    and no end, so that a derivation that never finishes reads as `incomplete`."""
    started = _now()
    digest = hashlib.sha256(f"in progress\n{version}\n{started}".encode()).hexdigest()[:16]
    node = iris.computation("derive", digest)
    return [
        (iris.DERIVED_GRAPH, PROV.wasGeneratedBy, node),
        (node, RDF.type, PROV.Activity),
        (node, RDF.type, TKG.Computation),
        (node, TKG.algorithm, Literal("derive")),
        (node, TKG.storeVersion, Literal(version)),
        (node, PROV.wasAssociatedWith, iris.SOFTWARE_AGENT),
        (node, PROV.startedAtTime, started),
    ]


def _now() -> Literal:
    # The canonical form (`Z`, not `+00:00`): a store hands back canonical literals, so any
    # other spelling would not survive an export and import unchanged.
    return Literal(
        datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime, normalize=False
    )


def _timed(record: list[Triple], stored: _Stored, changed: set[URIRef]) -> list[Triple]:
    """The record with each computation's time kept from the stored record when none of
    the graphs it generated changed: re-deriving an unchanged store changes nothing."""
    before = {s: o for s, p, o in stored.triples if p == PROV.endedAtTime}
    made: dict[object, set[object]] = {}
    for s, p, o in record:
        if p == PROV.wasGeneratedBy:
            made.setdefault(o, set()).add(s)
    run = next(o for s, p, o in record if s == iris.DERIVED_GRAPH and p == PROV.wasGeneratedBy)
    made[run] = set(changed) | {iris.DERIVED_GRAPH}  # the derivation changed if anything did
    return [
        (s, p, before[s])
        if p == PROV.endedAtTime and s in before and not (made.get(s, set()) & changed)
        else (s, p, o)
        for s, p, o in record
    ]


def _write_plan(
    inputs: Inputs,
    spill: Spill,
    dirty: set[str],
    stored: _Stored,
    version: str,
    record: list[Triple],
    sentences: Mapping[str, str],
) -> Iterator[tuple[URIRef, Iterable[Triple]]]:
    """The derived graphs to replace, one at a time, each built only when it is asked
    for, so that a derivation holds one graph's triples (and events) at once; `record`
    gathers the new derivation record meanwhile (complete once every graph was given)."""
    now = _now()

    def computation(part: str, algorithm: str, module_version: str, parameters: object) -> URIRef:
        node, triples = _computation(part, algorithm, module_version, parameters, version, now)
        record.extend(triples)
        return node

    run = computation(
        "derive", "derive", ALGORITHM_VERSION,
        {"partitioning": PARTITIONING, "versions": _versions()},
    )  # fmt: skip
    record.append((iris.DERIVED_GRAPH, PROV.wasGeneratedBy, run))

    merge_run = computation(
        "events", merging.ALGORITHM, merging.ALGORITHM_VERSION, merging.PARAMETERS
    )
    kb_iris = {r.iri for r in inputs.kb_facts}
    for part in sorted(dirty):
        triples = [t for e in spill.events_in(part) for t in event_triples(e, merge_run, sentences)]
        for conflict in spill.conflicts_in(part):
            triples += conflict_triples(conflict, kb_iris, merge_run)
        if triples:
            record.append((iris.derived_graph(part), PROV.wasGeneratedBy, merge_run))
        yield iris.derived_graph(part), triples
    record += _carried_over(stored, spill.parts() - dirty)

    for part, module in _COMPONENTS:
        node = computation(part, module.ALGORITHM, module.ALGORITHM_VERSION, module.PARAMETERS)
        graph = iris.derived_graph(part)
        record.append((graph, PROV.wasGeneratedBy, node))
        # As they come: the engine keeps one copy of a statement given twice.
        yield graph, module.derived_triples(inputs, node)

    # The listings' orders, all rewritten (a new event moves every later one); a listing
    # no longer written (its treaty's last event went) is emptied. Remarks are listed for
    # the treaties whose events include some, read from the articles when written.
    parts = ((g, iris.derived_part_of_graph(g)) for g in inputs.store.named_graphs())
    stale = {str(g) for g, part in parts if part is not None and _listing(part)}
    remarked: set[str] = set()
    counted = _noting(inputs.events.counted(), remarked)
    listed = computation("listings", listings.ALGORITHM, listings.ALGORITHM_VERSION,
                         listings.PARAMETERS)  # fmt: skip
    said = computation("remarks", remarks.ALGORITHM, remarks.ALGORITHM_VERSION, remarks.PARAMETERS)
    written: Iterator[tuple[str, Iterable[Triple], URIRef]] = itertools.chain(
        ((part, rows, listed) for part, rows in listings.derived_graphs(inputs.kb_facts, counted)),
        ((part, rows, said) for part, rows in remarks.derived_graphs(inputs.store, remarked)),
    )
    for part, rows, node in written:
        graph = iris.derived_graph(part)
        stale.discard(str(graph))
        record.append((graph, PROV.wasGeneratedBy, node))
        yield graph, rows
    for name in sorted(stale):
        yield URIRef(name), []


def _noting(
    events: Iterable[tuple[CanonicalEvent, int]], remarked: set[str]
) -> Iterator[tuple[CanonicalEvent, int]]:
    """The events as they come, noting the treaties of remarks among them on the way."""
    for event, sources in events:
        if event.treaty and event.type in remarks.TYPES:
            remarked.add(event.treaty)
        yield event, sources


def _computation(
    part: str,
    algorithm: str,
    algorithm_version: str,
    parameters: object,
    version: str,
    ended: Literal,
) -> tuple[URIRef, list[Triple]]:
    """A computation node, named by what it computed from: re-deriving the same store by
    the same rules names the same node."""
    params = json.dumps(parameters, sort_keys=True, default=str)
    digest = hashlib.sha256(
        "\n".join((algorithm, algorithm_version, params, version)).encode()
    ).hexdigest()[:16]
    node = iris.computation(part, digest)
    return node, [
        (node, RDF.type, PROV.Activity),
        (node, RDF.type, TKG.Computation),
        (node, TKG.algorithm, Literal(algorithm)),
        (node, TKG.algorithmVersion, Literal(algorithm_version)),
        (node, TKG.parameters, Literal(params)),
        (node, TKG.storeVersion, Literal(version)),
        (node, PROV.used, iris.KB_GRAPH),
        (node, PROV.wasAssociatedWith, iris.SOFTWARE_AGENT),
        (node, PROV.endedAtTime, ended),
    ]


def _carried_over(stored: _Stored, kept: set[str]) -> list[Triple]:
    """The record of partitions left as they were: their graph's computation, kept whole."""
    graphs = {str(iris.derived_graph(part)) for part in kept}
    runs = {run for graph, run in stored.generated_by.items() if graph in graphs}
    return [
        (s, p, o)
        for s, p, o in stored.triples
        if s in runs or (str(s) in graphs and p == PROV.wasGeneratedBy)
    ]
