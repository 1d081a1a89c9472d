"""Reads what the derived layer reasons over: every reported event and every KB treaty fact, as `Report`s.

One SPARQL query each, grouped in the engine (actors and agents joined into one string),
so a store of millions of triples answers in one round trip and no event costs a query
of its own.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Collection, Iterator, Mapping
from datetime import date

from rdflib.term import Node
from treatykg.graph import iris
from treatykg.graph.cells import day, iri_set, local_name, notation, text
from treatykg.graph.dates import period_end, timex_precision
from treatykg.graph.happenings import Report
from treatykg.graph.store import TreatyStore, check_iri
from treatykg.graph.triples import TYPE_NOTATIONS, timex_start

__all__ = ["READ_BATCH", "iter_reports", "read_kb_facts", "read_reports", "report_dates"]


# Oxigraph joins subqueries that share no variable bindings by hashing, one index scan
# each, where a pattern of many triples and OPTIONALs costs an index lookup per event
# per field: on a store of five million triples the scans take a few seconds, the
# lookups a minute. So each field is its own subquery, joined on ?event; the article
# comes from the graph's name and its publisher and date join on ?g. Every participant
# is a tkg:actor; agents and speakers are also tkg:agent or tkg:spokenBy (quads.py), each
# grouped by the engine into one string. The sentence is the article's text between its
# evidence's offsets (SUBSTR counts characters from 1, offsets from 0).
_REPORTS = """SELECT ?event ?g ?t ?m ?tr ?tx ?p ?c ?x ?outlet ?published ?actors ?agents WHERE {
  { SELECT ?event ?g WHERE { %(graphs)s GRAPH ?g { ?event a tkg:ReportedEvent } } }
  { SELECT ?event ?t WHERE { %(graphs)s GRAPH ?g { ?event tkg:eventType ?t } } }
  { SELECT ?event ?m WHERE { %(graphs)s GRAPH ?g { ?event tkg:modality ?m } } }
  OPTIONAL { SELECT ?event ?tr WHERE { %(graphs)s GRAPH ?g { ?event tkg:treaty ?tr } } }
  OPTIONAL { SELECT ?event ?tx WHERE { %(graphs)s GRAPH ?g { ?event tkg:timexValue ?tx } } }
  OPTIONAL { SELECT ?event ?p WHERE { %(graphs)s GRAPH ?g { ?event tkg:datePrecision ?p } } }
  OPTIONAL { SELECT ?event ?c WHERE { %(graphs)s GRAPH ?g { ?event tkg:confidence ?c } } }
  OPTIONAL { SELECT ?g ?outlet WHERE { %(graphs)s GRAPH ?g { ?a a tkg:Article ; schema:publisher ?outlet } } }
  OPTIONAL { SELECT ?g ?published WHERE { %(graphs)s GRAPH ?g { ?a a tkg:Article ; schema:datePublished ?published } } }
  OPTIONAL { SELECT ?event ?x WHERE {
    { SELECT ?event ?e WHERE { %(graphs)s GRAPH ?g { ?event tkg:evidence ?e } } }
    { SELECT ?e ?g ?from ?to WHERE { %(graphs)s GRAPH ?g {
        ?e oa:hasSelector ?s . ?s oa:start ?from ; oa:end ?to } } }
    { SELECT ?g ?body WHERE { %(graphs)s GRAPH ?g { ?a tkg:text ?body } } }
    BIND(SUBSTR(?body, ?from + 1, ?to - ?from) AS ?x) } }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT STR(?actor); separator=" ") AS ?actors) WHERE {
    %(graphs)s GRAPH ?g { ?event tkg:actor ?actor } } GROUP BY ?event }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT STR(?agent); separator=" ") AS ?agents) WHERE {
    %(graphs)s GRAPH ?g { ?event tkg:agent|tkg:spokenBy ?agent } } GROUP BY ?event }
}"""

# Article graphs per query of `iter_reports`: a few thousand reports' rows at a time.
READ_BATCH = 500

_KB_FACTS = f"""SELECT ?fact (SAMPLE(?t) AS ?type) (SAMPLE(?m) AS ?modality) (SAMPLE(?tr) AS ?treaty)
       (SAMPLE(?d) AS ?date) (SAMPLE(?p) AS ?precision) (SAMPLE(?n) AS ?note)
       (SAMPLE(?s) AS ?source) (GROUP_CONCAT(DISTINCT STR(?actor); separator=" ") AS ?actors)
WHERE {{ GRAPH <{iris.KB_GRAPH}> {{
  ?fact a tkg:TreatyFact ; tkg:eventType ?t ; tkg:modality ?m .
  OPTIONAL {{ ?fact tkg:treaty ?tr }}
  OPTIONAL {{ ?fact tkg:date ?d }}
  OPTIONAL {{ ?fact tkg:datePrecision ?p }}
  OPTIONAL {{ ?fact tkg:note ?n }}
  OPTIONAL {{ ?fact tkg:source ?s }}
  OPTIONAL {{ ?fact tkg:actor ?actor }}
}} }}
GROUP BY ?fact"""


def report_dates(
    timex: str | None, start: date | None, precision: str | None
) -> tuple[date | None, date | None, str | None]:
    """(start, end, precision) of a report's date, from whatever of them was stored: the
    day, else the TIMEX3 value's first day; the precision, else the one its shape implies."""
    if start is None and timex:
        start = timex_start(timex)
    if start is None:
        return None, None, precision
    if precision is None:
        precision = timex_precision(timex) if timex else "day"
    return start, period_end(start, precision), precision


def _graphs_clause(articles: Collection[str] | None) -> str:
    """A VALUES block naming the article graphs to read, or nothing for all of them.

    The IRIs are our own, minted from the article keys, and checked before they enter
    the text: a VALUES block of many rows cannot go through `bind`, which binds one.
    """
    if articles is None:
        return ""
    rows = []
    for article in sorted(set(articles)):  # a repeated row would repeat every solution
        key = article.rstrip("/").rsplit("/", 1)[-1]
        if iris.article(key) != check_iri(article, "article"):
            raise ValueError(f"{article!r} is not an article IRI (id/article/<key>)")
        rows.append(f"<{iris.article_graph(key)}>")
    return "VALUES ?g { " + " ".join(rows) + " }"  # the same block in every subquery


def _report(row: Mapping[str, Node | None]) -> Report | None:
    type_ = TYPE_NOTATIONS.get(local_name(row["t"]) or "")
    modality = local_name(row["m"])
    if type_ is None or modality is None:
        return None  # a type another tool wrote: nothing merging could compare it with
    key = iris.article_key_of_graph(str(row["g"]))
    if key is None:
        return None  # a reported event outside any article graph: not ours to merge
    timex = _shared(text(row["tx"]))
    start, end, precision = _dates(timex, notation(row["p"]) or None)
    confidence = row["c"]
    return Report(
        iri=str(row["event"]),
        source=sys.intern(str(iris.article(key))),
        type=type_,
        modality=sys.intern(modality.lower()),
        treaty=_shared(text(row["tr"])),
        actors=_iris(text(row["actors"])),
        agents=_iris(text(row["agents"])),
        timex=timex,
        precision=precision,
        start=start,
        end=end,
        outlet=_shared(text(row["outlet"])),
        published=day(row["published"]),
        confidence=float(str(confidence)) if confidence is not None else 1.0,
        evidence=text(row["x"]) or "",
    )


# A derivation holds every report at once, and most of what a report names recurs (its
# article's IRI in every report of the article; a few hundred actors and treaties, dates
# and sets of actors across all of them): one shared copy of each, rather than one per
# report, halves the memory of the reports.
def _shared(value: str | None) -> str | None:
    return None if value is None else sys.intern(value)


@functools.lru_cache(maxsize=2**16)
def _iris(value: str | None) -> frozenset[str]:
    return frozenset(sys.intern(iri) for iri in iri_set(value))


@functools.lru_cache(maxsize=2**16)
def _dates(timex: str | None, precision: str | None) -> tuple[date | None, date | None, str | None]:
    start, end, precision = report_dates(timex, None, precision)
    return start, end, _shared(precision)


def read_reports(store: TreatyStore, *, articles: Collection[str] | None = None) -> list[Report]:
    """Every event the articles report (or only those of `articles`), as plain records.

    Args:
        store: The store to read.
        articles: Article IRIs (`id/article/<key>`) to read; None reads every article.

    Returns:
        The reports, sorted by IRI so that every derivation sees them in one order.

    Raises:
        ValueError: an entry of `articles` is not an article IRI.
    """
    found = _read(store, articles) if articles is not None else iter_reports(store)
    return sorted(found, key=lambda r: r.iri)


def iter_reports(store: TreatyStore, *, batch: int | None = None) -> Iterator[Report]:
    """Every event the articles report, read `batch` article graphs per query (by
    default READ_BATCH).

    An engine hands a query's answer back whole, a dozen terms per row and a row or more
    per report: for the whole store at once that was ten times the memory of the reports
    themselves (480 MB for 45,000 reports). A batch bounds it by the batch instead, for
    one scan of the store's indexes per batch. Reports come in no particular order.
    """
    keys = sorted(
        key for graph in store.article_graphs() if (key := iris.article_key_of_graph(graph))
    )
    batch = batch or READ_BATCH
    for at in range(0, len(keys), batch):
        yield from _read(store, [str(iris.article(key)) for key in keys[at : at + batch]])


def _read(store: TreatyStore, articles: Collection[str]) -> Iterator[Report]:
    result = store.query(_REPORTS % {"graphs": _graphs_clause(articles)})
    names = result.variables
    for row in result.rows:
        report = _report(dict(zip(names, row, strict=True)))
        if report is not None:
            yield report


def read_kb_facts(store: TreatyStore) -> list[Report]:
    """Every treaty fact of the KB as a report (`from_kb=True`), so it takes part in merging
    as a claim: the KB's record of a signing or a withdrawal beside what the news says.

    A fact names its parties as actors and they are its agents too: the KB records who
    signed or withdrew, not who else was there.
    """
    reports = []
    for row in store.query(_KB_FACTS).records():
        type_ = TYPE_NOTATIONS.get(local_name(row["type"]) or "")
        modality = local_name(row["modality"])
        if type_ is None or modality is None:
            continue
        precision = notation(row["precision"]) or None
        start = day(row["date"])
        start, end, precision = report_dates(None, start, precision)
        actors = iri_set(row["actors"])
        reports.append(
            Report(
                iri=str(row["fact"]),
                source=str(iris.KB_GRAPH),
                type=type_,
                modality=modality.lower(),
                treaty=text(row["treaty"]),
                actors=actors,
                agents=actors,
                timex=_kb_timex(start, precision),
                precision=precision,
                start=start,
                end=end,
                evidence=text(row["note"]) or "",
                from_kb=True,
                kb_source=text(row["source"]),
            )
        )
    return sorted(reports, key=lambda r: r.iri)


def _kb_timex(start: date | None, precision: str | None) -> str | None:
    """The TIMEX3 value of a KB date at its precision: `2000` for a year, never `2000-01-01`.

    >>> _kb_timex(date(2000, 1, 1), "year"), _kb_timex(date(2023, 2, 28), "day")
    ('2000', '2023-02-28')
    """
    if start is None:
        return None
    if precision == "year":
        return f"{start.year:04d}"
    if precision == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if precision == "decade":
        return f"{start.year // 10:03d}"
    return start.isoformat()
