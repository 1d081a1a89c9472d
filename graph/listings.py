"""Each item's place in the order of a treaty-scoped listing, computed once per derivation.

A listing query (a treaty's timeline, its events only one source reports, its events by
their number of sources) answers a page of a treaty's items in a fixed order. Ordering
them in the engine reads every item of the treaty with all it sorts by, whatever the
page asked for: seconds for a treaty with 34,000 canonical events at 100,000 articles.
The derivation has those fields at hand, so it orders each listing once and writes each
item's place (`tkg:rank`, from 0) into a graph of its own per listing and scope,
`derived/listing.<listing>.<scope>`. A query then scans one graph of small integers,
keeps the page and looks up its rows alone.

The orders are those the queries documented before ranks (their headers, and
docs/model.md, "Listing orders"); the tests check them against SPARQL's own ORDER BY
over the same fields. Canonical events of KB facts alone are never made (merging), so
every event listed is one the partitions hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from rdflib import Literal, URIRef
from treatykg.graph import iris, vocab
from treatykg.graph.event_types import type_label
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.terms import Triple
from treatykg.graph.triples import EVENT_CLASSES
from treatykg.graph.vocab import Terms

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "LISTINGS",
    "PARAMETERS",
    "PART_PREFIX",
    "derived_graphs",
    "listing_part",
    "timeline_key",
]

ALGORITHM = "listing-order"
ALGORITHM_VERSION = "2"  # 2: events by their number of sources
PART_PREFIX = "listing."  # of every listing graph's part name
TKG = Terms(vocab.TKG)
# The scope of a listing over every treaty (and events of none).
EVERY_TREATY = TKG.everyTreaty


@dataclass(frozen=True, slots=True)
class _Item:
    """One item of a listing: what it is ordered by, then its IRI."""

    key: tuple[object, ...]
    iri: str
    day: date | None  # the date it is listed under


def timeline_key(day: date | None, precision: str | None, timex: str | None) -> str:
    """Where a date sorts among others: a day as itself, a month or a year after the days
    inside it ("2023-~" after "2023-12-31"), a week after its last day (a weekend's is its
    Sunday), no date after every date.

    >>> timeline_key(date(2023, 2, 28), "day", None), timeline_key(date(2023, 1, 1), "year", "2023")
    ('2023-02-28', '2023-~')
    >>> timeline_key(date(2023, 3, 4), "weekend", "2023-W09-WE"), timeline_key(None, None, None)
    ('2023-03-05~', '~')
    """
    if day is None:
        return "~"
    text = day.isoformat()
    unit = precision or "day"
    if unit == "year":
        return text[:4] + "-~"
    if unit == "month":
        return text[:7] + "-~"
    if unit == "decade":
        return text[:3] + "~"
    if unit in ("week", "weekend"):
        days = 1 if (timex or "").endswith("WE") else 6
        return (day + timedelta(days=days)).isoformat() + "~"
    return text


def _written_type(type_: str) -> str:
    """The notation of the type an event is written with: a type the ontology lacks is
    written as "other" (`graph.derived_triples`)."""
    return type_ if type_ in EVENT_CLASSES else "other"


def _what(type_: str, modality: str) -> str:
    """A type as the timeline says it: "withdrawal (planned)", "signing"."""
    name = type_label(_written_type(type_))
    return name if modality == "actual" else f"{name} ({modality})"


def _timeline_fact(fact: Report) -> _Item:
    # KB facts sort before news on the same key ("knowledge base" > "article", descending).
    key = timeline_key(fact.start, fact.precision, None)  # the query reads no KB fact's TIMEX
    return _Item((key, 0, _what(fact.type, fact.modality)), fact.iri, fact.start)


def _timeline_event(event: CanonicalEvent, _sources: int, iri: str) -> _Item:
    key = timeline_key(event.start, event.precision, event.timex)
    what = _what(event.type, event.modality)
    return _Item((key, 1, what), iri, event.start)


def _single_source(event: CanonicalEvent, _sources: int, iri: str) -> _Item:
    # Undated events first (an unbound date sorts first), then by date, by the notation of
    # the type written (a type the ontology lacks is written as "other"), by IRI.
    when = (0, "") if event.start is None else (1, event.start.isoformat())
    return _Item((*when, _written_type(event.type)), iri, event.start)


def _by_sources(event: CanonicalEvent, sources: int, iri: str) -> _Item:
    # Most sources first, then by date at its precision (undated last), by the notation of
    # the type written, by IRI.
    key = timeline_key(event.start, event.precision, event.timex)
    what = _written_type(event.type)
    return _Item((-sources, key, what), iri, event.start)


@dataclass(frozen=True)
class Listing:
    """A named listing: which events it holds and how one is ordered; KB facts too for
    a timeline. `every` adds a scope over every treaty (and events of none)."""

    name: str
    holds: Callable[[CanonicalEvent, int], bool]
    item: Callable[[CanonicalEvent, int, str], _Item]  # the event, its sources, its IRI
    facts: Callable[[Report], _Item] | None = None
    every: bool = False


LISTINGS = (
    # treaty-timeline.rq: the treaty's dated KB facts and dated canonical events.
    Listing("timeline", lambda e, _n: e.start is not None, _timeline_event, _timeline_fact),
    # single-source-events.rq: events reported as having happened that one source carries.
    Listing(
        "single-source",
        lambda e, sources: sources == 1 and e.modality == "actual",
        _single_source,
        every=True,
    ),
    # events-with-sources.rq: events reported as having happened, most sources first; a
    # query asking for at least n sources keeps the page's events with n or more, since
    # every event with fewer comes after them.
    Listing("sources", lambda e, _n: e.modality == "actual", _by_sources, every=True),
)
PARAMETERS = {"listings": [listing.name for listing in LISTINGS]}


def listing_part(listing: str, treaty: str | None) -> str:
    """The derived graph part of one listing's order for one treaty (None: every treaty).

    >>> listing_part("timeline", "https://w3id.org/treatykg/id/treaty/new-start")
    'listing.timeline.treaty.new-start'
    >>> listing_part("single-source", None)
    'listing.single-source.every'
    """
    if treaty is None:
        return f"{PART_PREFIX}{listing}.every"
    return f"{PART_PREFIX}{listing}.{iris.treaty_part(treaty)}"


def derived_graphs(
    facts: Iterable[Report], events: Iterable[tuple[CanonicalEvent, int]]
) -> Iterator[tuple[str, list[Triple]]]:
    """Each listing's order per scope as (part, statements): the scope says which listing
    the graph holds (`<treaty> tkg:listing "timeline"`) and the first and last dates of
    its items (a query asked for a window that holds them all reads no item's date),
    then each item's `tkg:rank`.

    `events` are canonical events, in brief, with their numbers of independent sources.
    Memory holds each listed item's sort key, and each event's IRI once, not the events.
    """
    found: dict[tuple[str, str | None], list[_Item]] = {}
    for fact in facts:
        for listing in LISTINGS:
            if listing.facts is not None and fact.treaty and fact.start is not None:
                found.setdefault((listing.name, fact.treaty), []).append(listing.facts(fact))
    for event, sources in events:
        iri = str(iris.happening(event.key))  # one string, whichever listings hold the event
        for listing in LISTINGS:
            if not listing.holds(event, sources):
                continue
            item = listing.item(event, sources, iri)
            if event.treaty:
                found.setdefault((listing.name, event.treaty), []).append(item)
            if listing.every:
                found.setdefault((listing.name, None), []).append(item)
    for name, treaty in sorted(found, key=lambda k: (k[0], k[1] or "")):
        items = sorted(found.pop((name, treaty)), key=lambda i: (i.key, i.iri))
        scope = URIRef(treaty) if treaty is not None else EVERY_TREATY
        triples: list[Triple] = [(scope, TKG.listing, Literal(name))]
        days = [item.day for item in items if item.day is not None]
        if days:
            triples.append((scope, TKG.firstDate, Literal(min(days))))
            triples.append((scope, TKG.lastDate, Literal(max(days))))
        triples += [(URIRef(item.iri), TKG.rank, Literal(n)) for n, item in enumerate(items)]
        yield listing_part(name, treaty), triples
