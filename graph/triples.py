"""Records to triples: what one article and everything read from it look like in RDF.

Everything about one article lands in its own named graph, so re-ingesting the article
replaces exactly that graph and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Literal, URIRef
from treatykg.graph import iris
from treatykg.graph.terms import Triple
from treatykg.graph.vocab import DCTERMS, OA, PROV, RDF, SCHEMA, TKG, XSD
from treatykg.ingest.records import Article, Mention, Span

__all__ = ["article_triples", "evidence_triples"]

_CONTEXT_CHARS = 32


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


def article_triples(
    article: Article, mentions: Sequence[Mention], *, version: str
) -> tuple[URIRef, list[Triple]]:
    """The named graph IRI and the triples for one article and the mentions found in it.

    Returns:
        (graph IRI, triples), sorted so that the same input gives the same output.
    """
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
    for mention in mentions:
        entity = iris.entity(mention.entity_key)
        mention_node = iris.mention(key, mention.span.start, mention.span.end)
        evidence, span_triples = evidence_triples(node, key, article.body, mention.span)
        triples += span_triples
        triples += [
            (mention_node, RDF.type, TKG.Mention),
            (mention_node, TKG.mentionOf, entity),
            (mention_node, TKG.surface, Literal(mention.surface)),
            (mention_node, TKG.inArticle, node),
            (mention_node, TKG.evidence, evidence),
            (mention_node, PROV.wasGeneratedBy, run),
            (node, SCHEMA.mentions, entity),
        ]
    return iris.article_graph(key), sorted(set(triples))
