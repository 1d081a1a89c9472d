"""Records to triples: what one article and everything read from it look like in RDF.

Everything about one article lands in its own named graph, so re-ingesting the article
replaces exactly that graph and nothing else. Entities the KB lacks are described in the
article's graph too (type, name, role), flagged `tkg:linked false` for curation.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from treatykg.graph import iris, vocab
from treatykg.graph.terms import Triple
from treatykg.graph.vocab import Terms
from treatykg.ingest.extract import Extraction
from treatykg.ingest.records import Article, Metadata, Span

if TYPE_CHECKING:
    from treatykg.graph.store import TreatyStore

__all__ = [
    "EVENT_CLASSES",
    "TYPE_NOTATIONS",
    "article_triples",
    "evidence_triples",
    "stored_metadata",
    "timex_start",
]

# Each article writes about two thousand triples from a few dozen terms: build each once.
DCTERMS, OA, PROV, RDF = Terms(vocab.DCTERMS), Terms(vocab.OA), Terms(vocab.PROV), Terms(vocab.RDF)
SCHEMA, SEM, SKOS, TKG = Terms(vocab.SCHEMA), Terms(vocab.SEM), Terms(vocab.SKOS), Terms(vocab.TKG)
XSD = Terms(vocab.XSD)

_CONTEXT_CHARS = 32
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
_ROLES = {"agent": TKG.Agent, "counterpart": TKG.Counterpart, "speaker": TKG.Speaker}
_PRECISIONS = {
    "day": TKG.Day, "week": TKG.Week, "weekend": TKG.Week, "month": TKG.Month,
    "year": TKG.Year, "decade": TKG.Decade,
}  # fmt: skip


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


def evidence_triples(
    article_node: URIRef, key: str, body: str, span: Span
) -> tuple[URIRef, list[Triple]]:
    """The Web Annotation span a fact was read from: position and quote selectors on the article.

    Both selectors are kept because they fail differently: offsets survive repeated
    phrases, the quote with its prefix and suffix survives edits to the text.
    """
    node = iris.evidence(key, span.start, span.end)
    position = URIRef(f"{node}#position")
    quote = URIRef(f"{node}#quote")
    triples: list[Triple] = [
        (node, RDF.type, OA.SpecificResource),
        (node, OA.hasSource, article_node),
        (node, OA.hasSelector, position),
        (node, OA.hasSelector, quote),
        (position, RDF.type, OA.TextPositionSelector),
        (position, OA.start, Literal(span.start)),
        (position, OA.end, Literal(span.end)),
        (quote, RDF.type, OA.TextQuoteSelector),
        (quote, OA.exact, Literal(span.text_of(body))),
        (quote, OA.prefix, Literal(body[max(0, span.start - _CONTEXT_CHARS) : span.start])),
        (quote, OA.suffix, Literal(body[span.end : span.end + _CONTEXT_CHARS])),
    ]
    return node, triples


def _metadata(article: Article, node: URIRef, key: str) -> list[Triple]:
    triples: list[Triple] = [
        (node, RDF.type, TKG.Article),
        (node, RDF.type, PROV.Entity),
        (node, TKG.text, Literal(article.body)),
        (node, TKG.contentHash, Literal(key)),
        (node, TKG["format"], Literal(article.format)),
        (node, SCHEMA.wordCount, Literal(article.word_count)),
        (node, SCHEMA.inLanguage, Literal(article.language)),
    ]
    optional = [
        (DCTERMS.title, article.title),
        (SCHEMA.publisher, article.source),
        (TKG.sourceFile, article.path),
        (TKG.dateNote, article.date_note),
    ]
    triples += [(node, p, Literal(v)) for p, v in optional if v]
    if article.url:
        triples.append((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.published:
        triples.append(
            (node, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date))
        )
    return triples


def _dated(node: URIRef, value: str | None, precision: str | None) -> list[Triple]:
    if not value:
        return []
    triples: list[Triple] = [(node, TKG.timexValue, Literal(value))]
    start = timex_start(value)
    if start is not None:
        triples.append((node, TKG.date, Literal(start.isoformat(), datatype=XSD.date)))
    if precision in _PRECISIONS:
        triples.append((node, TKG.datePrecision, _PRECISIONS[precision]))
    return triples


def article_triples(extraction: Extraction, *, version: str) -> tuple[URIRef, list[Triple]]:
    """The named graph IRI and the triples for one article and everything extracted from it.

    Returns:
        (graph IRI, triples) without repeats, in the order they were built, which the
        same input always repeats. (Sorting rdflib terms would cost more than the rest of
        the function.)
    """
    article = extraction.article
    body = article.body
    key = article.key
    node = iris.article(key)
    run = iris.activity(key, version)
    triples = _metadata(article, node, key)
    triples += [
        (run, RDF.type, TKG.ExtractionRun),
        (run, RDF.type, PROV.Activity),
        (run, PROV.used, node),
        (run, PROV.wasAssociatedWith, iris.SOFTWARE_AGENT),
        (run, TKG.extractorVersion, Literal(version)),
    ]

    def span_node(span: Span) -> URIRef:
        evidence, span_triples = evidence_triples(node, key, body, span)
        triples.extend(span_triples)
        return evidence

    for entity in extraction.entities.values():
        if entity.linked:
            continue
        subject = iris.entity(entity.key)
        triples += [
            (subject, RDF.type, TKG[entity.type]),
            (subject, SKOS.prefLabel, Literal(entity.name)),
            (subject, TKG.linked, Literal(False)),
        ]
        if entity.role:
            triples.append((subject, TKG.roleTitle, Literal(entity.role)))
        if entity.affiliation:
            triples.append((subject, TKG.affiliation, iris.entity(entity.affiliation)))
    for mention in extraction.mentions:
        entity_node = iris.entity(mention.entity_key)
        mention_node = iris.mention(key, mention.span.start, mention.span.end)
        triples += [
            (mention_node, RDF.type, TKG.Mention),
            (mention_node, TKG.mentionOf, entity_node),
            (mention_node, TKG.surface, Literal(mention.surface)),
            (mention_node, TKG.foundBy, Literal(mention.how)),
            (mention_node, TKG.inArticle, node),
            (mention_node, TKG.evidence, span_node(mention.span)),
            (mention_node, PROV.wasGeneratedBy, run),
            (node, SCHEMA.mentions, entity_node),
        ]
    per_trigger: dict[tuple[int, int], int] = {}
    for event in extraction.events:
        trigger = (event.trigger.start, event.trigger.end)
        n = per_trigger[trigger] = per_trigger.get(trigger, -1) + 1
        event_node = iris.event(key, *trigger, n)
        triples += [
            (event_node, RDF.type, TKG.ReportedEvent),
            (event_node, TKG.eventType, TKG[EVENT_CLASSES[event.type]]),
            (event_node, TKG.modality, TKG[event.modality.capitalize()]),
            (event_node, TKG.confidence, Literal(Decimal(str(event.confidence)))),
            (event_node, TKG.inArticle, node),
            (event_node, TKG.evidence, span_node(event.sentence)),
            (event_node, TKG.trigger, Literal(body[event.trigger.start : event.trigger.end])),
            (event_node, PROV.wasGeneratedBy, run),
        ]
        triples += _dated(event_node, event.date, event.precision)
        if event.content is not None:
            triples.append((event_node, TKG.content, span_node(event.content)))
        if event.treaty:
            triples.append((event_node, TKG.treaty, iris.entity(event.treaty)))
        for number, (actor, role) in enumerate(event.actors):
            role_node = iris.role(event_node, number)
            triples += [
                (event_node, TKG.actor, iris.entity(actor)),
                (event_node, TKG.role, role_node),
                (role_node, RDF.type, SEM.Role),
                (role_node, RDF.value, iris.entity(actor)),
                (role_node, SEM.roleType, _ROLES[role]),
            ]
    for quote in extraction.quotes:
        utterance = iris.utterance(key, quote.span.start, quote.span.end)
        triples += [
            (utterance, RDF.type, TKG.Utterance),
            (utterance, TKG.speaker, iris.entity(quote.speaker)),
            (utterance, TKG.quoteText, Literal(quote.text)),
            (utterance, TKG.direct, Literal(True)),
            (utterance, TKG.attribution, Literal(quote.how)),
            (utterance, TKG.inArticle, node),
            (utterance, TKG.evidence, span_node(quote.span)),
            (utterance, PROV.wasGeneratedBy, run),
        ]
        triples += _dated(utterance, quote.date, "day" if quote.date else None)
    return iris.article_graph(key), list(dict.fromkeys(triples))


_STORED_METADATA = """SELECT ?title ?published ?source ?url ?file WHERE { GRAPH ?g {
  ?a a tkg:Article .
  OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a schema:datePublished ?published }
  OPTIONAL { ?a schema:publisher ?source } OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?a tkg:sourceFile ?file } } } LIMIT 1"""


def stored_metadata(store: TreatyStore, key: str) -> Metadata | None:
    """The metadata `_metadata` wrote for the article with this key; None when not stored.

    Read back before a new copy of the same text replaces the article's graph, so that
    the copy can keep what it lacks (see `records.keep_richer`).
    """
    rows = store.query(
        _STORED_METADATA, {"g": iris.article_graph(key), "a": iris.article(key)}
    ).records()
    if not rows:
        return None
    row = rows[0]

    def text(name: str) -> str | None:
        value = row.get(name)
        return str(value) if value is not None else None

    published = text("published")
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        day = None  # a date another tool wrote in another shape: as good as none
    return Metadata(text("title"), day, text("source"), text("url"), text("file"))
