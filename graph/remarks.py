"""Who said what about a treaty, in order: each remark's place, computed once per derivation.

`who-said-what` answers a page of a treaty's remarks (statements, calls for talks and
accusations, as each article reports them) oldest first, one row per speaker. Ordering
them in the engine reads every remark of the treaty with its date, precision and
speaker's name, whatever the page asked for: 19 s for New START at 100,000 articles.
So the derivation orders them once and writes each row into a graph of the treaty's own
per year of its date, `derived/listing.remarks.<treaty>.<year>` (`.undated` for rows
without one), beside the listings of `graph/listings.py`:

    <row> tkg:rank 7 ; tkg:remark <reported event> ; tkg:remarkBy <actor> ; tkg:date "2023-02-28" .

Ranks run across a treaty's graphs, from 0. Each graph names the first and last dates of
its rows, so a page of a date window reads the ranks alone in the years inside the window,
each row's date only in the years the window cuts, and nothing of the years outside it.
A row's date is a lookup of some 16 microseconds in the engine: with one graph per
treaty, looking up every row's date was most of the 842 ms a window from 2020 took for
New START at 100,000 articles.

A row is a remark and one of its speakers (or agents), or the remark alone when it names
neither; its IRI is its place in the listing. The order is the one the query documents:
by the remark's date (else the article's) at its precision, a month or a year after the
days inside it (`listings.timeline_key`), then the speaker's name (the KB's, else the
article's), then the event's IRI. Unlike canonical events, remarks are read from the
article graphs, one query per treaty, keyed lookups for each field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from rdflib import Literal, URIRef
from treatykg.graph import iris, vocab
from treatykg.graph.cells import day, notation
from treatykg.graph.listings import listing_part, timeline_key
from treatykg.graph.store import TreatyStore
from treatykg.graph.terms import Triple
from treatykg.graph.triples import EVENT_CLASSES
from treatykg.graph.vocab import Terms

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "LISTING",
    "PARAMETERS",
    "TYPES",
    "UNDATED",
    "UNKNOWN_SPEAKER",
    "Remark",
    "derived_graphs",
    "read_remarks",
]

ALGORITHM = "remarks-order"
ALGORITHM_VERSION = "2"  # 2: a graph per year
LISTING = "remarks"
UNKNOWN_SPEAKER = "(unknown)"  # the name of a speaker no label names, as the query shows it
UNDATED = "undated"  # the last part of the graph of a treaty's rows without a date
TKG = Terms(vocab.TKG)
# The event types that are remarks: what someone said, called for or accused another of.
TYPES = ("statement", "call_for_talks", "violation_accusation")
PARAMETERS = {"types": list(TYPES)}

# One row per remark and speaker. Each field is a one-triple OPTIONAL keyed on a term that
# is always bound (COALESCE with tkg:none): the engine then looks it up as each row comes,
# where a group of patterns or an unbound key is matched against the whole store first.
# A remark is reported with its evidence in the article (what the query shows of it).
_REMARKS = """SELECT ?event ?speaker ?eventDate ?published ?unit ?timex ?kbName ?newName WHERE {
  GRAPH ?g {
    ?event tkg:treaty ?treaty ; tkg:eventType ?typeTerm ; tkg:evidence ?evidence .
    ?evidence oa:hasSource ?article .
  }
  FILTER(?typeTerm IN (%(types)s))
  OPTIONAL { GRAPH ?g { ?event ?role ?speaker VALUES ?role { tkg:spokenBy tkg:agent } } }
  OPTIONAL { GRAPH ?g { ?event tkg:date ?eventDate } }
  OPTIONAL { GRAPH ?g { ?event tkg:datePrecision ?unit } }
  OPTIONAL { GRAPH ?g { ?event tkg:timexValue ?timex } }
  OPTIONAL { GRAPH ?g { ?article schema:datePublished ?published } }
  BIND(COALESCE(?speaker, tkg:none) AS ?speakerKey)
  OPTIONAL { GRAPH ?kb { ?speakerKey skos:prefLabel ?kbName } }
  BIND(COALESCE(IF(BOUND(?kbName), tkg:none, ?speakerKey), tkg:none) AS ?newKey)
  OPTIONAL { GRAPH ?g { ?newKey skos:prefLabel ?newName } }
}"""
_TYPE_TERMS = ", ".join(f"tkg:{EVENT_CLASSES[t]}" for t in TYPES)


@dataclass(frozen=True)
class Remark:
    """One row of the listing."""

    key: str  # `listings.timeline_key` of `when` at its precision
    speaker_name: str
    event: str
    speaker: str | None
    when: date | None  # the remark's date, else its article's


def read_remarks(store: TreatyStore, treaty: str) -> list[Remark]:
    """The treaty's remarks as rows, in the listing's order.

    A remark repeats no speaker (one named both speaker and agent is one row), and one
    that names no speaker or agent is a row of its own, of speaker "(unknown)".
    """
    query = _REMARKS % {"types": _TYPE_TERMS}
    rows = store.query(query, {"treaty": URIRef(treaty), "kb": iris.KB_GRAPH}).records()
    found: dict[tuple[str, str | None], Remark] = {}
    spoken: set[str] = set()  # remarks with a speaker or an agent
    for row in rows:
        event, speaker = str(row["event"]), row["speaker"]
        dated = day(row["eventDate"])
        when = dated or day(row["published"])
        # A remark's date is at its own precision; the article's is a day.
        unit = (notation(row["unit"]) or "day") if dated else "day"
        timex = str(row["timex"]) if dated and row["timex"] is not None else None
        name = row["kbName"] or row["newName"]
        remark = Remark(
            key=timeline_key(when, unit, timex),
            speaker_name=str(name) if name is not None else UNKNOWN_SPEAKER,
            event=event,
            speaker=str(speaker) if speaker is not None else None,
            when=when,
        )
        found.setdefault((event, remark.speaker), remark)
        if speaker is not None:
            spoken.add(event)
    rows_kept = (r for (event, speaker), r in found.items() if speaker or event not in spoken)
    return sorted(rows_kept, key=lambda r: (r.key, r.speaker_name, r.event, r.speaker or ""))


def listing_triples(treaty: str, part: str, rows: Sequence[tuple[int, Remark]]) -> Iterator[Triple]:
    """One graph of a treaty's listing: the scope's name and its rows' dates, then each
    row at its rank in the whole listing."""
    scope = URIRef(treaty)
    yield scope, TKG.listing, Literal(LISTING)
    days = [r.when for _, r in rows if r.when is not None]
    if days:
        yield scope, TKG.firstDate, Literal(min(days))
        yield scope, TKG.lastDate, Literal(max(days))
    for rank, remark in rows:
        node = iris.listing_row(part, rank)
        yield node, TKG.rank, Literal(rank)
        yield node, TKG.remark, URIRef(remark.event)
        if remark.speaker is not None:
            yield node, TKG.remarkBy, URIRef(remark.speaker)
        if remark.when is not None:
            yield node, TKG.date, Literal(remark.when)


def derived_graphs(
    store: TreatyStore, treaties: Iterable[str]
) -> Iterator[tuple[str, Iterator[Triple]]]:
    """Each treaty's remarks listing as (part, statements), a part per year of the rows'
    dates, for the treaties that have remarks; a treaty's rows are read when its first
    graph is written, one treaty at a time."""
    for treaty in sorted(set(treaties)):
        years: dict[str, list[tuple[int, Remark]]] = {}
        for rank, remark in enumerate(read_remarks(store, treaty)):
            year = f"{remark.when.year:04d}" if remark.when is not None else UNDATED
            years.setdefault(year, []).append((rank, remark))
        base = listing_part(LISTING, treaty)
        for year, rows in sorted(years.items()):
            part = f"{base}.{year}"
            yield part, listing_triples(treaty, part, rows)
