"""Records to quads: what one article and everything read from it look like in RDF.

Everything about one article lands in its own named graph, so re-ingesting the article
replaces exactly that graph and nothing else. Entities the KB lacks are described in the
article's graph too (type, name, role), flagged `tkg:linked false` for curation.

This is the one place the article model is written down (docs/model.md explains it; the
ontology's version is 0.2.0, the lean evidence model). An article makes about a thousand
quads, and building them as rdflib terms cost ingest more than extracting the article did;
building them as pyoxigraph `Quad` objects still costs as much (two
microseconds each). So each term is written in N-Quads by pyoxigraph itself (`str` of its
`NamedNode` and `Literal`, which escape as its serializer does), the vocabulary's once per
process, and the quads are those terms on a line: bytes the engine loads without a term
built in Python, small enough to hand from a worker process to the writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pyoxigraph as ox
from treatykg.graph import iris, vocab
from treatykg.ingest.records import Article, Span

if TYPE_CHECKING:
    from treatykg.ingest.extract import Extraction

__all__ = ["EVENT_CLASSES", "TYPE_NOTATIONS", "ArticleQuads", "article_quads", "timex_start"]


def _iri(value: str) -> str:
    """An IRI in N-Quads, checked and written by the engine."""
    return str(ox.NamedNode(value))


def _string(value: str) -> str:
    """A string literal in N-Quads, escaped by the engine."""
    return str(ox.Literal(value))


def _typed(value: str, datatype: ox.NamedNode) -> str:
    return str(ox.Literal(value, datatype=datatype))


class _Vocabulary:
    """A namespace's terms in N-Quads, each built (and its IRI checked) once."""

    def __init__(self, namespace: str) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        term = _iri(self._namespace + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> str:
        found: str | None = self.__dict__.get(name)
        return found if found is not None else self.__getattr__(name)


DCTERMS, OA, PROV, RDF, SCHEMA, SKOS, TKG = (
    _Vocabulary(vocab.PREFIXES[name])
    for name in ("dcterms", "oa", "prov", "rdf", "schema", "skos", "tkg")
)
_INTEGER, _DECIMAL, _DATE, _ANY_URI, _BOOLEAN = (
    ox.NamedNode(vocab.XSD[name]) for name in ("integer", "decimal", "date", "anyURI", "boolean")
)
_TRUE, _FALSE = _typed("true", _BOOLEAN), _typed("false", _BOOLEAN)
_SOFTWARE_AGENT = _iri(iris.SOFTWARE_AGENT)

_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})(?P<weekend>-WE)?")
# Gold-format names to ontology terms (skos:notation in ontology.ttl).
EVENT_CLASSES = {
    "signing": "Signing", "ratification": "Ratification", "entry_into_force": "EntryIntoForce",
    "extension": "Extension", "suspension": "Suspension", "withdrawal": "Withdrawal",
    "expiry": "Expiry", "violation_accusation": "ViolationAccusation",
    "call_for_talks": "CallForTalks", "negotiation": "Negotiation",
    "meeting_or_call": "MeetingOrCall", "statement": "Statement", "other": "OtherEvent",
}  # fmt: skip
# Class local names back to the notations the records use ("EntryIntoForce" -> "entry_into_force").
TYPE_NOTATIONS = {name: notation for notation, name in EVENT_CLASSES.items()}
# Each role is a sub-property of tkg:actor, written beside it (ontology.ttl).
_ROLES = {"agent": TKG.agent, "counterpart": TKG.counterpart, "speaker": TKG.spokenBy}
_PRECISIONS = {
    "day": TKG.Day, "week": TKG.Week, "weekend": TKG.Week, "month": TKG.Month,
    "year": TKG.Year, "decade": TKG.Decade,
}  # fmt: skip

# Subject, predicate and object, each in N-Quads.
Triple = tuple[str, str, str]


def timex_start(value: str) -> date | None:
    """The first day of the period a TIMEX3 value names, so that all dates sort together.

    >>> [str(timex_start(v)) for v in ("2025-01-24", "2025-01", "2025", "2025-W04-WE", "199")]
    ['2025-01-24', '2025-01-01', '2025-01-01', '2025-01-25', '1990-01-01']
    """
    try:
        week = _WEEK.fullmatch(value)
        if week:
            day = 6 if week["weekend"] else 1
            return date.fromisocalendar(int(week["year"]), int(week["week"]), day)
        if len(value) == 3 and value.isdigit():
            return date(int(value) * 10, 1, 1)
        parts = [int(p) for p in value.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None


@dataclass(frozen=True)
class ArticleQuads:
    """One article's named graph as the store writes it, and what the ingest report counts.

    Small and picklable: what an extraction worker hands back in place of the
    extraction, whose article body would cost more to send than the quads themselves.

    Attributes:
        key: The article's key (the content hash of its text).
        graph: The IRI of the article's named graph.
        nquads: Its quads as N-Quads, one per line, each once, all in `graph`.
        quads: How many lines `nquads` holds.
        counts: What the report counts for this article: mentions, entities, entities
            not in the KB, events, quotes, dates, unresolved dates, and 1 when the
            article has no publication date (`pipeline.IngestReport.count`'s order).
    """

    key: str
    graph: str
    nquads: bytes
    quads: int
    counts: tuple[int, ...]


def article_quads(extraction: Extraction, *, version: str) -> ArticleQuads:
    """One article and everything extracted from it, as its named graph's N-Quads.

    Args:
        extraction: What `ingest.extract.extract` read from the article.
        version: The extractor's version, recorded on the extraction run.

    Returns:
        The graph, its quads without repeats in the order they were built (the same
        input always repeats it) and the counts the ingest report sums.

    >>> from treatykg.ingest import Article
    >>> from treatykg.ingest.extract import Extraction
    >>> nothing = Extraction(Article("Nothing happened."), (), {}, (), (), (), ())
    >>> built = article_quads(nothing, version="1.0")
    >>> built.graph.startswith("https://w3id.org/treatykg/id/graph/article/"), built.quads
    (True, 12)
    """
    graph = iris.article_graph(extraction.article.key)
    name = _iri(graph)
    lines = [
        f"{s} {p} {o} {name} .\n" for s, p, o in dict.fromkeys(_statements(extraction, version))
    ]
    return ArticleQuads(
        key=extraction.article.key,
        graph=str(graph),
        nquads="".join(lines).encode(),
        quads=len(lines),
        counts=(
            len(extraction.mentions),
            len(extraction.entities),
            extraction.unlinked,
            len(extraction.events),
            len(extraction.quotes),
            len(extraction.timexes),
            extraction.unresolved_dates,
            int(extraction.article.published is None),
        ),
    )


def _integer(value: int) -> str:
    """An xsd:integer in N-Quads: digits need no escaping, so no engine term is built (two
    per evidence span, the commonest literal an article has)."""
    return f'"{value:d}"{_INTEGER_SUFFIX}'


_INTEGER_SUFFIX = _typed("0", _INTEGER)[3:]  # ^^<http://www.w3.org/2001/XMLSchema#integer>


def _evidence(article_node: str, key: str, span: Span) -> list[Triple]:
    """The Web Annotation span a fact was read from: a position selector on the article.

    Offsets alone: the quoted words, with the text before and after them, are the
    stored `tkg:text` sliced at those offsets, read on demand (`TreatyKG.evidence_quote`,
    or SUBSTR in a query) rather than stored once per span. The types of the evidence
    and its selector follow from `oa:hasSelector`'s domain and range in the ontology.
    """
    iri = iris.evidence(key, span.start, span.end)
    node, position = _iri(iri), _iri(f"{iri}#position")
    return [
        (node, OA.hasSource, article_node),
        (node, OA.hasSelector, position),
        (position, OA.start, _integer(span.start)),
        (position, OA.end, _integer(span.end)),
    ]


def _metadata(article: Article, node: str, key: str) -> list[Triple]:
    triples: list[Triple] = [
        (node, RDF.type, TKG.Article),
        (node, RDF.type, PROV.Entity),
        (node, TKG.text, _string(article.body)),
        (node, TKG.contentHash, _string(key)),
        (node, TKG["format"], _string(article.format)),
        (node, SCHEMA.wordCount, _integer(article.word_count)),
        (node, SCHEMA.inLanguage, _string(article.language)),
    ]
    optional = [
        (DCTERMS.title, article.title),
        (SCHEMA.publisher, article.source),
        (TKG.sourceFile, article.path),
        (TKG.dateNote, article.date_note),
    ]
    triples += [(node, p, _string(v)) for p, v in optional if v]
    if article.url:
        triples.append((node, SCHEMA.url, _typed(article.url, _ANY_URI)))
    if article.published:
        triples.append((node, SCHEMA.datePublished, _typed(article.published.isoformat(), _DATE)))
    return triples


def _dated(node: str, value: str | None, precision: str | None) -> list[Triple]:
    if not value:
        return []
    triples: list[Triple] = [(node, TKG.timexValue, _string(value))]
    start = timex_start(value)
    if start is not None:
        triples.append((node, TKG.date, _typed(start.isoformat(), _DATE)))
    if precision in _PRECISIONS:
        triples.append((node, TKG.datePrecision, _PRECISIONS[precision]))
    return triples


def _entity(key: str, known: dict[str, str]) -> str:
    """The entity's term, built once per article however often it is mentioned."""
    term = known.get(key)
    if term is None:
        term = known[key] = _iri(iris.entity(key))
    return term


def _statements(extraction: Extraction, version: str) -> list[Triple]:
    """Every statement of the article's graph, in the order they are built (repeats kept)."""
    article = extraction.article
    body = article.body
    key = article.key
    node = _iri(iris.article(key))
    run = _iri(iris.activity(key, version))
    entities: dict[str, str] = {}
    triples = _metadata(article, node, key)
    triples += [
        (run, RDF.type, TKG.ExtractionRun),
        (run, RDF.type, PROV.Activity),
        (run, PROV.used, node),
        (run, PROV.wasAssociatedWith, _SOFTWARE_AGENT),
        (run, TKG.extractorVersion, _string(version)),
    ]

    def span_node(span: Span) -> str:
        evidence = _evidence(node, key, span)
        triples.extend(evidence)
        return evidence[0][0]

    for entity in extraction.entities.values():
        if entity.linked:
            continue
        subject = _entity(entity.key, entities)
        triples += [
            (subject, RDF.type, TKG[entity.type]),
            (subject, SKOS.prefLabel, _string(entity.name)),
            (subject, TKG.linked, _FALSE),
        ]
        if entity.role:
            triples.append((subject, TKG.roleTitle, _string(entity.role)))
        if entity.affiliation:
            triples.append((subject, TKG.affiliation, _entity(entity.affiliation, entities)))
    for mention in extraction.mentions:
        entity_node = _entity(mention.entity_key, entities)
        mention_node = _iri(iris.mention(key, mention.span.start, mention.span.end))
        triples += [
            (mention_node, TKG.mentionOf, entity_node),
            (mention_node, TKG.surface, _string(mention.surface)),
            (mention_node, TKG.foundBy, _string(mention.how)),
            (mention_node, TKG.evidence, span_node(mention.span)),
        ]
    per_trigger: dict[tuple[int, int], int] = {}
    for event in extraction.events:
        trigger = (event.trigger.start, event.trigger.end)
        n = per_trigger[trigger] = per_trigger.get(trigger, -1) + 1
        event_iri = iris.event(key, *trigger, n)
        event_node = _iri(event_iri)
        confidence = format(Decimal(str(event.confidence)), "f")
        triples += [
            (event_node, RDF.type, TKG.ReportedEvent),
            (event_node, TKG.eventType, TKG[EVENT_CLASSES[event.type]]),
            (event_node, TKG.modality, TKG[event.modality.capitalize()]),
            (event_node, TKG.confidence, _typed(confidence, _DECIMAL)),
            (event_node, TKG.evidence, span_node(event.sentence)),
            (event_node, TKG.trigger, _string(body[event.trigger.start : event.trigger.end])),
        ]
        triples += _dated(event_node, event.date, event.precision)
        if event.content is not None:
            triples.append((event_node, TKG.content, span_node(event.content)))
        if event.treaty:
            triples.append((event_node, TKG.treaty, _entity(event.treaty, entities)))
        for actor, role in event.actors:
            actor_node = _entity(actor, entities)
            triples += [(event_node, TKG.actor, actor_node), (event_node, _ROLES[role], actor_node)]
    for quote in extraction.quotes:
        utterance = _iri(iris.utterance(key, quote.span.start, quote.span.end))
        triples += [
            (utterance, RDF.type, TKG.Utterance),
            (utterance, TKG.speaker, _entity(quote.speaker, entities)),
            (utterance, TKG.quoteText, _string(quote.text)),
            (utterance, TKG.direct, _TRUE),
            (utterance, TKG.attribution, _string(quote.how)),
            (utterance, TKG.evidence, span_node(quote.span)),
        ]
        triples += _dated(utterance, quote.date, "day" if quote.date else None)
    return triples
