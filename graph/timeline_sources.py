"""The sources behind a timeline's events: each report with its article, the quotes said in
its sentence, and the conflicts between reports, read for many events at once.

`graph.timeline_io` reads the events and hands this module the ones it keeps; each read
here is one query whatever the number of events, so a timeline costs a handful of queries.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from rdflib.term import Node
from treatykg.graph import iris
from treatykg.graph.cells import day, notation, text
from treatykg.graph.dates import date_label
from treatykg.graph.reports import report_dates
from treatykg.graph.store import TreatyStore, check_iri

from treatykg.errors import QueryError

__all__ = [
    "KB_SOURCE_NAME",
    "Claims",
    "ConflictRecord",
    "QuoteRecord",
    "SourceReport",
    "Span",
    "conflict_records",
    "read_conflicts",
    "read_event_reports",
    "read_quotes",
    "tied_quotes",
]

KB_SOURCE_NAME = "knowledge base"
_NAMED_ARTICLES = 500  # up to this many articles' quotes are read by name, more by a scan


@dataclass(frozen=True)
class SourceReport:
    """One article's report of a happening, as that article gives it."""

    report: str  # the reported event's IRI
    article: str
    title: str | None
    outlet: str | None
    published: str | None  # ISO date
    url: str | None  # the article's schema:url as stored: views decide what is a link
    evidence: str  # the sentence the report was read from
    modality: str  # this report's own notation, which may differ from the merged one
    date_label: str | None  # this report's own date at its precision ("2023", "2010-12")


@dataclass(frozen=True)
class QuoteRecord:
    """A direct quote said in the sentence that reports the happening."""

    speaker: str  # the speaker's name
    text: str
    article: str


@dataclass(frozen=True)
class ConflictRecord:
    """Reports of one happening that cannot all be true: each value with its sources."""

    field: str  # "date" or "modality"
    claims: tuple[tuple[str, tuple[str, ...]], ...]  # (value, source names), by value


# Each report of those events (found through prov:wasDerivedFrom, which claims and ties use
# too: rows of other nodes are dropped in Python) with its own modality and date, and its
# evidence: where the sentence lies (position selector) and its words, the article's text
# between those offsets (SUBSTR counts characters from 1, offsets from 0).
_REPORTS_ALL = """SELECT ?happening ?report ?g ?m ?d ?p ?tx ?x ?s ?e WHERE {
  { SELECT ?happening ?report WHERE { GRAPH ?dg { ?happening prov:wasDerivedFrom ?report } } }
  { SELECT ?report ?g ?m WHERE { GRAPH ?g { ?report tkg:modality ?m } } }
  OPTIONAL { SELECT ?report ?d WHERE { GRAPH ?g { ?report tkg:date ?d } } }
  OPTIONAL { SELECT ?report ?p WHERE { GRAPH ?g { ?report tkg:datePrecision ?p } } }
  OPTIONAL { SELECT ?report ?tx WHERE { GRAPH ?g { ?report tkg:timexValue ?tx } } }
  OPTIONAL { SELECT ?report ?x ?s ?e WHERE {
    { SELECT ?report ?ev WHERE { GRAPH ?g { ?report tkg:evidence ?ev } } }
    { SELECT ?ev ?g ?s ?e WHERE { GRAPH ?g { ?ev oa:hasSelector ?ps . ?ps oa:start ?s ; oa:end ?e } } }
    { SELECT ?g ?body WHERE { GRAPH ?g { ?a tkg:text ?body } } }
    BIND(SUBSTR(?body, ?s + 1, ?e - ?s) AS ?x) } }
}"""
_REPORTS_OF = """SELECT ?happening ?report ?g ?m ?d ?p ?tx ?x ?s ?e WHERE {
  { SELECT ?happening ?report WHERE { %(scope)s GRAPH ?sg { ?happening prov:wasDerivedFrom ?report } } }
  GRAPH ?g { ?report tkg:modality ?m ; tkg:evidence ?ev . ?ev oa:hasSource ?a ; oa:hasSelector ?ps .
             ?ps oa:start ?s ; oa:end ?e . ?a tkg:text ?body }
  BIND(SUBSTR(?body, ?s + 1, ?e - ?s) AS ?x)
  OPTIONAL { GRAPH ?g { ?report tkg:date ?d } }
  OPTIONAL { GRAPH ?g { ?report tkg:datePrecision ?p } }
  OPTIONAL { GRAPH ?g { ?report tkg:timexValue ?tx } }
}"""

# Every article's metadata, keyed by its graph: a few thousand rows on a large store.
_ARTICLES = """SELECT ?g ?article ?title ?outlet ?published ?url WHERE {
  GRAPH ?g { ?article a tkg:Article }
  OPTIONAL { GRAPH ?g { ?article dcterms:title ?title } }
  OPTIONAL { GRAPH ?g { ?article schema:publisher ?outlet } }
  OPTIONAL { GRAPH ?g { ?article schema:datePublished ?published } }
  OPTIONAL { GRAPH ?g { ?article schema:url ?url } }
}"""

# Every direct quote (of the article graphs a VALUES block names) with the span of its
# words (quads.py: tkg:Utterance, its evidence on the article).
_QUOTES = """SELECT ?article ?speaker ?text ?s ?e WHERE { %s GRAPH ?g {
  ?u tkg:quoteText ?text ; tkg:speaker ?speaker ; tkg:evidence ?ev .
  ?ev oa:hasSource ?article ; oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e } }"""

_CONFLICTS = """SELECT ?about ?field ?value ?report WHERE { GRAPH ?g {
  ?c a tkg:Conflict ; tkg:about ?about ; tkg:field ?field ; tkg:claim ?claim .
  ?claim rdf:value ?value .
  OPTIONAL { ?claim prov:wasDerivedFrom ?report } } }"""


@dataclass(frozen=True)
class Span:
    """Where a sentence or a quote lies in its article (character offsets, end exclusive)."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def read_event_reports(
    store: TreatyStore, scope: str, wanted: set[str]
) -> dict[str, list[tuple[SourceReport, Span | None]]]:
    """Each wanted event's reports, with the span of each report's sentence.

    `scope` is a pattern that binds ?happening to a few treaties' events (each field is
    then a lookup per report), or empty for every event (each field a scan of its
    predicate, joined by hashing: cheaper than ten thousand lookups).
    """
    articles = {str(row["g"]): row for row in store.query(_ARTICLES).records()}
    sparql = _REPORTS_OF % {"scope": scope} if scope else _REPORTS_ALL
    rows: dict[tuple[str, str], Mapping[str, Node | None]] = {}
    for row in store.query(sparql).records():
        happening, graph = str(row["happening"]), str(row["g"])
        if happening not in wanted or graph not in articles:
            continue  # a claim or a tie, an event left out, a report outside an article
        rows.setdefault((happening, str(row["report"])), {**row, **articles[graph]})
    found: dict[str, list[tuple[SourceReport, Span | None]]] = {}
    for (happening, _), merged in sorted(rows.items()):
        found.setdefault(happening, []).append((_source_report(merged), _span(merged)))
    for reports in found.values():
        reports.sort(key=lambda r: (r[0].published or "~", r[0].outlet or "~", r[0].report))
    return found


def _source_report(row: Mapping[str, Node | None]) -> SourceReport:
    return SourceReport(
        report=str(row["report"]),
        article=str(row["article"]),
        title=text(row["title"]),
        outlet=text(row["outlet"]),
        published=text(row["published"]),
        url=text(row["url"]),
        evidence=text(row["x"]) or "",
        modality=notation(row["m"]),
        date_label=_report_date(row),
    )


def _report_date(row: Mapping[str, Node | None]) -> str | None:
    """A report's own date at its own precision, from whatever of it was stored."""
    start, _, precision = report_dates(text(row["tx"]), day(row["d"]), notation(row["p"]) or None)
    return date_label(start, precision) if start is not None else None


def _span(row: Mapping[str, Node | None]) -> Span | None:
    try:
        return Span(int(str(row["s"])), int(str(row["e"])))
    except ValueError:
        return None  # no position stored: the quotes of this sentence cannot be placed


def read_quotes(store: TreatyStore, articles: set[str]) -> dict[str, list[tuple[Span, str, str]]]:
    """Each article's quotes: (span, speaker IRI, text), in the order they appear.

    A few hundred articles are named (their graphs are each a lookup); more are found in
    one scan of every quote, which then costs less than the lookups.
    """
    if not articles:
        return {}
    values = _article_graphs(articles) if len(articles) <= _NAMED_ARTICLES else ""
    found: dict[str, list[tuple[Span, str, str]]] = {}
    for article, speaker, words, start, end in store.query(_QUOTES % values).rows:
        span = _span({"s": start, "e": end})
        if str(article) in articles and span is not None:
            found.setdefault(str(article), []).append((span, str(speaker), str(words)))
    for quotes in found.values():
        quotes.sort(key=lambda q: (q[0].start, q[0].end, q[1]))
    return found


def _article_graphs(articles: Iterable[str]) -> str:
    """A VALUES block of the articles' graphs; empty (every graph) if one is not an IRI a
    query can hold."""
    try:
        graphs = [check_iri(str(iris.article_graph(a.rsplit("/", 1)[-1]))) for a in articles]
    except QueryError:
        return ""
    return "VALUES ?g { " + " ".join(f"<{g}>" for g in sorted(graphs)) + " }"


def tied_quotes(
    reports: Iterable[tuple[SourceReport, Span | None]],
    quotes: Mapping[str, list[tuple[Span, str, str]]],
    names: Mapping[str, str],
) -> tuple[QuoteRecord, ...]:
    """The quotes whose words lie in (or cross) the sentence of one of the reports."""
    found: list[QuoteRecord] = []
    for report, sentence in reports:
        if sentence is None:
            continue
        for span, speaker, words in quotes.get(report.article, []):
            record = QuoteRecord(names.get(speaker, speaker), words, report.article)
            if span.overlaps(sentence) and record not in found:
                found.append(record)
    return tuple(found)


# conflict's event -> [(field, value, report IRI or None)]
Claims = dict[str, list[tuple[str, str, str | None]]]


def read_conflicts(store: TreatyStore, wanted: set[str]) -> Claims:
    if not wanted:
        return {}
    found: Claims = {}
    for about, field, value, report in store.query(_CONFLICTS).rows:
        if str(about) in wanted:
            claim = (str(field), str(value), text(report))
            found.setdefault(str(about), []).append(claim)
    return found


def conflict_records(
    claims: Iterable[tuple[str, str, str | None]],
    reports: Mapping[str, SourceReport],
    facts: Collection[str],
) -> tuple[ConflictRecord, ...]:
    """Claims by field and value, each value with the names of the sources that give it."""
    by_field: dict[str, dict[str, set[str]]] = {}
    for field, value, report in claims:
        sources = by_field.setdefault(field, {}).setdefault(value, set())
        if report is not None:
            sources.add(_source_name(report, reports, facts))
    return tuple(
        ConflictRecord(
            field,
            tuple((v, tuple(sorted(s, key=str.casefold))) for v, s in sorted(values.items())),
        )
        for field, values in sorted(by_field.items())
    )


def _source_name(report: str, reports: Mapping[str, SourceReport], facts: Collection[str]) -> str:
    """How a reader knows a source: the outlet, else the headline, else the article."""
    if report in facts:
        return KB_SOURCE_NAME
    found = reports.get(report)
    if found is None:
        return report
    return found.outlet or found.title or found.article
