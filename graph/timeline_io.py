"""What a timeline shows, read from the store: each happening once, with every report of it.

The derived layer merges reports into canonical events; a timeline page needs more than
the merged record: each article's own sentence, headline, outlet, date and link, the
quotes said in those sentences, the conflicts between the reports, and the KB's record.
`read_timeline` gathers all of it in a handful of queries (never one per event, so ten
thousand events read in a couple of seconds) and returns plain records: views never speak RDF.

A KB fact that a canonical event records (`tkg:record`) is that event's KB record, never
an event of its own; a KB fact no article reports is an event of its own (`reports` empty).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from rdflib.term import Node
from treatykg.graph import iris
from treatykg.graph.cells import day, iri_set, local_name, notation, text
from treatykg.graph.dates import date_label, date_sort_key, period_end, precision_name
from treatykg.graph.event_types import type_label
from treatykg.graph.happenings import Report
from treatykg.graph.reports import read_kb_facts
from treatykg.graph.store import TreatyStore, check_iri
from treatykg.graph.timeline_sources import (
    Claims,
    ConflictRecord,
    QuoteRecord,
    SourceReport,
    Span,
    conflict_records,
    read_conflicts,
    read_event_reports,
    read_quotes,
    tied_quotes,
)
from treatykg.graph.triples import EVENT_CLASSES, TYPE_NOTATIONS

from treatykg.errors import QueryError

__all__ = [
    "ConflictRecord",
    "QuoteRecord",
    "SourceReport",
    "TimelineEvent",
    "count_by_treaty",
    "read_timeline",
]


@dataclass(frozen=True)
class TimelineEvent:
    """One happening on a timeline: the merged record, its reports, quotes and conflicts.

    `start` and `end` bound the period the date names (equal for a day), so a view can
    draw "2023" as the year it is rather than as 1 January. `from_kb` says the KB records
    the happening: alone when `reports` is empty (then `key` is the KB fact's IRI).
    """

    key: str  # the canonical event's IRI, or the KB fact's for a happening only the KB records
    type: str  # notation: "ratification"
    type_label: str
    modality: str  # notation
    treaty: str | None
    treaty_label: str | None
    actors: tuple[tuple[str, str], ...]  # (IRI, name), by name
    start: date | None
    end: date | None
    precision: str | None  # day, week, month, year, decade
    label: str | None  # the date as its precision says it: "2011-02-05", "2010-12", "2023"
    sources: int  # independent sources; the KB counts as one when it records the happening
    from_kb: bool
    kb_note: str | None
    kb_source: str | None
    reports: tuple[SourceReport, ...]
    quotes: tuple[QuoteRecord, ...]
    conflicts: tuple[ConflictRecord, ...]


# Two plans for each read, measured on Oxigraph: for every event, each field is a scan of
# its predicate joined by hashing (a lookup per event costs more than a scan of all); for
# a few treaties, a subquery finds the events by their treaty (and their graph ?sg), then
# each field is a one-triple lookup (a GRAPH group of OPTIONALs would be hashed whole).
_EVENTS_ALL = """SELECT ?happening ?type ?modality ?treaty ?date ?precision ?count ?actors ?records
WHERE {
  { SELECT ?happening ?type WHERE { GRAPH ?g { ?happening a tkg:CanonicalEvent ; tkg:eventType ?type } } }
  { SELECT ?happening ?modality WHERE { GRAPH ?g { ?happening tkg:modality ?modality } } }
  OPTIONAL { SELECT ?happening ?treaty WHERE { GRAPH ?g { ?happening tkg:treaty ?treaty } } }
  OPTIONAL { SELECT ?happening ?date WHERE { GRAPH ?g { ?happening tkg:date ?date } } }
  OPTIONAL { SELECT ?happening ?precision WHERE { GRAPH ?g { ?happening tkg:datePrecision ?precision } } }
  OPTIONAL { SELECT ?happening ?count WHERE { GRAPH ?g { ?happening tkg:sourceCount ?count } } }
  OPTIONAL { SELECT ?happening (GROUP_CONCAT(DISTINCT STR(?actor); separator=" ") AS ?actors)
             WHERE { GRAPH ?g { ?happening a tkg:CanonicalEvent ; tkg:actor ?actor } } GROUP BY ?happening }
  OPTIONAL { SELECT ?happening (GROUP_CONCAT(DISTINCT STR(?record); separator=" ") AS ?records)
             WHERE { GRAPH ?g { ?happening tkg:record ?record } } GROUP BY ?happening }
}"""
_EVENTS_OF = """SELECT ?happening (SAMPLE(?t) AS ?type) (SAMPLE(?m) AS ?modality)
       (SAMPLE(?tr) AS ?treaty) (SAMPLE(?d) AS ?date) (SAMPLE(?p) AS ?precision)
       (SAMPLE(?n) AS ?count) (GROUP_CONCAT(DISTINCT STR(?actor); separator=" ") AS ?actors)
       (GROUP_CONCAT(DISTINCT STR(?record); separator=" ") AS ?records)
WHERE {
  { SELECT ?happening ?sg WHERE { %(scope)s } }
  GRAPH ?sg { ?happening a tkg:CanonicalEvent ; tkg:eventType ?t ; tkg:modality ?m }
  OPTIONAL { GRAPH ?sg { ?happening tkg:treaty ?tr } }
  OPTIONAL { GRAPH ?sg { ?happening tkg:date ?d } }
  OPTIONAL { GRAPH ?sg { ?happening tkg:datePrecision ?p } }
  OPTIONAL { GRAPH ?sg { ?happening tkg:sourceCount ?n } }
  OPTIONAL { GRAPH ?sg { ?happening tkg:actor ?actor } }
  OPTIONAL { GRAPH ?sg { ?happening tkg:record ?record } }
}
GROUP BY ?happening"""

_TREATY_OF = """SELECT ?happening (SAMPLE(?t) AS ?type) (SAMPLE(?tr) AS ?treaty)
WHERE { GRAPH ?g { ?happening a tkg:CanonicalEvent ; tkg:eventType ?t ; tkg:modality ?m ;
                   tkg:treaty ?tr } }
GROUP BY ?happening"""
_RECORDED = "SELECT DISTINCT ?record WHERE { GRAPH ?g { ?happening tkg:record ?record } }"

# Names of actors, treaties and event types: the KB's, the ontology's, else an article's.
_LABELS = "SELECT ?x ?g ?l WHERE { VALUES ?x { %s } GRAPH ?g { ?x skos:prefLabel ?l } }"


@dataclass(frozen=True)
class _Filters:
    """What the caller asked for, checked once."""

    treaties: frozenset[str]
    actors: frozenset[str]
    types: frozenset[str]
    start: date | None
    end: date | None

    def keeps(self, treaty: str | None, actors: Collection[str], type_: str) -> bool:
        if self.treaties and treaty not in self.treaties:
            return False
        if self.actors and not self.actors.intersection(actors):
            return False
        return not self.types or type_ in self.types

    def in_range(self, start: date | None, end: date | None) -> bool:
        """Whether a period overlaps the range asked; an undated event only when none is."""
        if self.start is None and self.end is None:
            return True
        if start is None or end is None:
            return False
        return (self.start is None or end >= self.start) and (self.end is None or start <= self.end)


def read_timeline(
    store: TreatyStore,
    *,
    treaties: Iterable[str] = (),
    actors: Iterable[str] = (),
    types: Iterable[str] = (),
    start: date | None = None,
    end: date | None = None,
) -> list[TimelineEvent]:
    """The happenings a timeline shows, oldest first, each once with all it rests on.

    Args:
        store: A store whose derived layer is built (without one, only KB facts show).
        treaties: Treaty IRIs: only their events.
        actors: Actor IRIs: only events one of them takes part in (as the event names
            them: a ministry is not its state).
        types: Event type notations (`suspension`, `entry_into_force`).
        start: Only events whose period reaches this day or later.
        end: Only events whose period begins on this day or earlier. With either bound,
            undated events are left out; without, they come last.

    Returns:
        Events sorted as dates of mixed precision read (`graph.dates.date_sort_key`: a
        month after the days in it), then by type and key.

    Raises:
        QueryError: an unknown type notation, an IRI that is none, or `start` after `end`.

    >>> from treatykg.graph.store import open_store
    >>> with open_store(":memory:") as store:  # the KB alone: its facts are the events
    ...     found = read_timeline(store, treaties=[str(iris.entity("treaty/new-start"))])
    >>> [(e.label, e.type, e.sources, e.from_kb) for e in found][:2]
    [('2010-04-08', 'signing', 1, True), ('2011-02-05', 'entry_into_force', 1, True)]
    """
    asked = _filters(treaties, actors, types, start, end)
    scope = _scope(asked.treaties)
    happenings = _happenings(store, scope)
    kept = [row for row in happenings if _wanted(row, asked)]
    wanted = {str(row["happening"]) for row in kept}
    reports = read_event_reports(store, scope, wanted) if wanted else {}
    quotes = read_quotes(store, {r.article for found in reports.values() for r, _ in found})
    conflicts = read_conflicts(store, wanted) if wanted else {}
    kb_facts = read_kb_facts(store)
    # Read apart from the events: an event the treaty scope leaves out may record a fact.
    recorded = {str(row[0]) for row in store.query(_RECORDED).rows}
    lone = [f for f in kb_facts if f.iri not in recorded and _wanted_fact(f, asked)]
    names = _labels(store, kept, lone, quotes)
    facts = {f.iri: f for f in kb_facts}
    events = [
        _event(row, reports.get(str(row["happening"]), []), quotes, conflicts, facts, names)
        for row in kept
    ]
    events += [_kb_event(fact, names) for fact in lone]
    return sorted(events, key=lambda e: (date_sort_key(e.start, e.precision), e.type, e.key))


def count_by_treaty(store: TreatyStore) -> dict[str, int]:
    """How many events each treaty's timeline shows (treaty IRI to count; a treaty with
    none is absent): what `read_timeline` would give per treaty, without reading a report.
    An index of pages needs the counts, not the events."""
    counts: Counter[str] = Counter()
    for row in store.query(_TREATY_OF).records():
        if TYPE_NOTATIONS.get(local_name(row["type"]) or "") is None:
            continue  # as `_wanted`: a type another tool wrote is not drawn
        if iris.happening_key(str(row["happening"])) is not None and row["treaty"] is not None:
            counts[str(row["treaty"])] += 1
    recorded = {str(row[0]) for row in store.query(_RECORDED).rows}
    counts.update(f.treaty for f in read_kb_facts(store) if f.treaty and f.iri not in recorded)
    return dict(counts)


def _filters(
    treaties: Iterable[str],
    actors: Iterable[str],
    types: Iterable[str],
    start: date | None,
    end: date | None,
) -> _Filters:
    wanted_types = frozenset(types)
    unknown = sorted(wanted_types - set(EVENT_CLASSES))
    if unknown:
        raise QueryError(
            f"no event type {', '.join(map(repr, unknown))}; use one of {', '.join(EVENT_CLASSES)}"
        )
    if start is not None and end is not None and start > end:
        raise QueryError(f"the range starts ({start}) after it ends ({end}); swap the dates")
    return _Filters(
        frozenset(str(check_iri(t, "treaty")) for t in treaties),
        frozenset(str(check_iri(a, "actor")) for a in actors),
        wanted_types,
        start,
        end,
    )


def _scope(treaties: Collection[str]) -> str:
    """A pattern that binds ?happening to the treaties' events, or nothing for every event.

    One branch per treaty with the IRI written in: a lookup by object, where a FILTER over
    `tkg:treaty` would scan every report in the store. The IRIs were checked before.
    """
    branches = [f"{{ GRAPH ?sg {{ ?happening tkg:treaty <{t}> }} }}" for t in sorted(treaties)]
    return " UNION ".join(branches)


def _wanted(row: Mapping[str, Node | None], asked: _Filters) -> bool:
    type_ = TYPE_NOTATIONS.get(local_name(row["type"]) or "")
    if type_ is None or iris.happening_key(str(row["happening"])) is None:
        return False  # a type or a node another tool wrote: not ours to draw
    start, end, _ = _period(row)
    return asked.keeps(text(row["treaty"]), iri_set(row["actors"]), type_) and asked.in_range(
        start, end
    )


def _wanted_fact(fact: Report, asked: _Filters) -> bool:
    start = fact.start
    end = period_end(start, fact.precision) if start is not None else None
    return asked.keeps(fact.treaty, fact.actors, fact.type) and asked.in_range(start, end)


def _period(row: Mapping[str, Node | None]) -> tuple[date | None, date | None, str | None]:
    """(start, end, precision) of a canonical event's date; all None when undated."""
    start = day(row["date"])
    if start is None:
        return None, None, None
    precision = precision_name(row["precision"])
    return start, period_end(start, precision), precision


def _happenings(store: TreatyStore, scope: str) -> list[Mapping[str, Node | None]]:
    """One row per canonical event (of the treaties in `scope`, when there is one)."""
    sparql = _EVENTS_OF % {"scope": scope} if scope else _EVENTS_ALL
    rows: dict[str, Mapping[str, Node | None]] = {}
    for row in store.query(sparql).records():
        rows.setdefault(str(row["happening"]), row)  # a second value of a field: the first
    return [rows[key] for key in sorted(rows)]


# ---------------------------------------------------------------- names and records


def _labels(
    store: TreatyStore,
    rows: Iterable[Mapping[str, Node | None]],
    facts: Iterable[Report],
    quotes: Mapping[str, list[tuple[Span, str, str]]],
) -> dict[str, str]:
    """The name of every actor, speaker and treaty the events mention (a type's is the
    ontology's: `graph.event_types`)."""
    wanted: set[str] = set()
    for row in rows:
        wanted |= iri_set(row["actors"])
        wanted |= {str(row["treaty"])} if row["treaty"] is not None else set()
    for fact in facts:
        wanted |= set(fact.actors)
        wanted |= {fact.treaty} if fact.treaty else set()
    wanted |= {speaker for found in quotes.values() for _, speaker, _ in found}
    if not wanted:
        return {}
    values = " ".join(f"<{iri}>" for iri in sorted(wanted) if _safe_iri(iri))
    preferred = {str(iris.KB_GRAPH): 0, str(iris.ONTOLOGY_GRAPH): 1}
    best: dict[str, tuple[int, str]] = {}
    for node, graph, label in store.query(_LABELS % values).rows:
        rank = (preferred.get(str(graph), 2), str(label))
        if str(node) not in best or rank < best[str(node)]:
            best[str(node)] = rank
    return {node: label for node, (_, label) in best.items()}


def _safe_iri(value: str) -> bool:
    """Whether an IRI read from the store may be written into a query (another tool's
    malformed one goes unnamed rather than failing the timeline)."""
    try:
        check_iri(value)
    except QueryError:
        return False
    return True


def _event(
    row: Mapping[str, Node | None],
    reports: list[tuple[SourceReport, Span | None]],
    quotes: Mapping[str, list[tuple[Span, str, str]]],
    conflicts: Claims,
    facts: Mapping[str, Report],
    names: Mapping[str, str],
) -> TimelineEvent:
    """A canonical event as the timeline shows it, with its KB record when it has one."""
    key = str(row["happening"])
    type_ = TYPE_NOTATIONS[local_name(row["type"]) or ""]
    start, end, precision = _period(row)
    records = [facts[iri] for iri in sorted(iri_set(row["records"])) if iri in facts]
    record = records[0] if records else None
    sources = [r for r, _ in reports]
    count = _count(row["count"], sources)
    treaty = text(row["treaty"])
    return TimelineEvent(
        key=key,
        type=type_,
        type_label=type_label(type_),
        modality=notation(row["modality"]),
        treaty=treaty,
        treaty_label=names.get(treaty, treaty) if treaty else None,
        actors=_named(iri_set(row["actors"]), names),
        start=start,
        end=end,
        precision=precision,
        label=date_label(start, precision) if start is not None else None,
        sources=count + (1 if records else 0),
        from_kb=bool(records),
        kb_note=(record.evidence or None) if record else None,
        kb_source=record.kb_source if record else None,
        reports=tuple(sources),
        quotes=tied_quotes(reports, quotes, names),
        conflicts=conflict_records(conflicts.get(key, []), {r.report: r for r in sources}, facts),
    )


def _kb_event(fact: Report, names: Mapping[str, str]) -> TimelineEvent:
    """A KB fact no article reports: its own event, the KB its one source."""
    start = fact.start
    precision = (fact.precision or "day") if start is not None else None
    return TimelineEvent(
        key=fact.iri,
        type=fact.type,
        type_label=type_label(fact.type),
        modality=fact.modality,
        treaty=fact.treaty,
        treaty_label=names.get(fact.treaty, fact.treaty) if fact.treaty else None,
        actors=_named(fact.actors, names),
        start=start,
        end=period_end(start, precision) if start is not None else None,
        precision=precision,
        label=date_label(start, precision) if start is not None else None,
        sources=1,
        from_kb=True,
        kb_note=fact.evidence or None,
        kb_source=fact.kb_source,
        reports=(),
        quotes=(),
        conflicts=(),
    )


def _count(stored: Node | None, reports: Iterable[SourceReport]) -> int:
    """Independent news sources: as the derivation counted them, else outlets (an article
    without one is a source of its own)."""
    try:
        return int(str(stored)) if stored is not None else _independent(reports)
    except ValueError:
        return _independent(reports)


def _independent(reports: Iterable[SourceReport]) -> int:
    return len({(r.outlet or "").casefold() or r.article for r in reports})


def _named(actors: Iterable[str], names: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(((a, names.get(a, a)) for a in actors), key=lambda a: (a[1].casefold(), a[0]))
    )
