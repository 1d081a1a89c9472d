"""The words a fact was read from: the stored article text sliced at its evidence's offsets.

The store keeps only where each span lies (`oa:start` and `oa:end`, counted in characters,
that is code points, into the article's `tkg:text`). What a Web Annotation
`oa:TextQuoteSelector` would add (the exact words, with the text just before and after
them) is computed here on demand from that same text, so it can never disagree with it.
A query that needs the words slices the text itself: `SUBSTR(?body, ?start + 1, ?end -
?start)` (SPARQL counts from 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from treatykg.graph.store import TreatyStore, check_iri

__all__ = ["CONTEXT_CHARS", "EvidenceQuote", "evidence_quote"]

# How much text before and after a span `prefix` and `suffix` hold.
CONTEXT_CHARS = 32

# The node itself when it is evidence (it has a selector), else its tkg:evidence: the
# span a mention, event or utterance was read from.
_SPAN = """SELECT ?evidence ?article ?start ?end ?body WHERE { GRAPH ?g {
  { ?node oa:hasSelector ?selector BIND(?node AS ?evidence) }
  UNION { ?node tkg:evidence ?evidence . ?evidence oa:hasSelector ?selector }
  ?evidence oa:hasSource ?article . ?selector oa:start ?start ; oa:end ?end .
  ?article tkg:text ?body } } LIMIT 1"""


@dataclass(frozen=True)
class EvidenceQuote:
    """A span of an article and its words, as a Web Annotation quote selector gives them.

    Attributes:
        evidence: The IRI of the evidence (the `oa:SpecificResource`).
        article: The IRI of the article it lies in (its `oa:hasSource`).
        start: Where the span starts, in characters into the article's text.
        end: Where it ends (exclusive).
        exact: The words of the span (`oa:exact`).
        prefix: Up to `CONTEXT_CHARS` characters of text before them (`oa:prefix`).
        suffix: Up to `CONTEXT_CHARS` characters after them (`oa:suffix`).
    """

    evidence: str
    article: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def quote_of(body: str, start: int, end: int) -> tuple[str, str, str]:
    """(exact, prefix, suffix) of the span `start:end` of `body`, offsets in code points.

    >>> quote_of("Moscow wants talks now.", 7, 18)
    ('wants talks', 'Moscow ', ' now.')
    """
    return (
        body[start:end],
        body[max(0, start - CONTEXT_CHARS) : start],
        body[end : end + CONTEXT_CHARS],
    )


def evidence_quote(store: TreatyStore, node: str) -> EvidenceQuote | None:
    """The span and words of an evidence IRI, or of the evidence of a fact (a mention,
    reported event or utterance); None when the store holds neither.

    A statement's `tkg:content` is evidence too: pass its IRI for the words said.
    """
    rows = store.query(_SPAN, {"node": check_iri(node, "evidence or fact")}).records()
    if not rows:
        return None
    row = rows[0]
    start, end, body = int(str(row["start"])), int(str(row["end"])), str(row["body"])
    exact, prefix, suffix = quote_of(body, start, end)
    return EvidenceQuote(
        evidence=str(row["evidence"]),
        article=str(row["article"]),
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
    )
