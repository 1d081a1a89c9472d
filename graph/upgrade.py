"""Exports of the 0.1.0 article model, rewritten to today's on import.

Up to ontology version 0.1.0 every evidence span also carried an `oa:TextQuoteSelector`
(its words, with the text before and after them), every fact named its article
(`tkg:inArticle`) and extraction run (`prov:wasGeneratedBy`), and every participant of
an event was a `sem:Role` node. Since 0.2.0 (docs/model.md) those are read from the
article's text and graph, and a role is one property beside `tkg:actor`. A curated
store's backup of the old model imports as if ingested today: the same facts and spans,
statement for statement what `graph.quads` now writes, nothing dropped that the new
model keeps (the quoted words stay readable from `tkg:text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from treatykg.graph import vocab
from treatykg.graph.backends import RDF_FORMATS

__all__ = ["OLD_MODEL", "is_old_model", "upgrade"]

# The ontology version whose exports `upgrade` rewrites.
OLD_MODEL = "0.1.0"


def _term(prefix: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(vocab.PREFIXES[prefix] + name)


_TYPE, _VALUE = _term("rdf", "type"), _term("rdf", "value")
_IN_ARTICLE, _ROLE = _term("tkg", "inArticle"), _term("tkg", "role")
_GENERATED = _term("prov", "wasGeneratedBy")
_MENTIONS, _HAS_SELECTOR = _term("schema", "mentions"), _term("oa", "hasSelector")
_ROLE_TYPE, _QUOTE_SELECTOR = _term("sem", "roleType"), _term("oa", "TextQuoteSelector")
# Types the 0.2.0 ontology infers (tkg:evidence's range, oa:hasSelector's domain and
# range, tkg:mentionOf's domain) or that described the nodes no longer written.
_INFERRED = {
    _term("oa", name) for name in ("SpecificResource", "TextPositionSelector", "TextQuoteSelector")
} | {_term("tkg", "Mention"), _term("sem", "Role")}
_ROLES = {
    _term("tkg", "Agent"): _term("tkg", "agent"),
    _term("tkg", "Counterpart"): _term("tkg", "counterpart"),
    _term("tkg", "Speaker"): _term("tkg", "spokenBy"),
}
_Node = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
# Any of these marks the old model: quotes stored, facts naming their article, role nodes.
_OLD_MARKS = {_term("oa", "exact"), _IN_ARTICLE, _ROLE_TYPE}


# Local names found in the bytes before any parsing, prefixed or written out. Every fact
# of the old model named its article (tkg:inArticle) and every participant had a role
# node, so these two find any old export; "exact", a common word in article text, would
# send most exports of today's model through a second, whole parse.
_OLD_WORDS = (b"inArticle", b"roleType")


def _quads(data: bytes, fmt: str) -> Iterator[ox.Quad]:
    return ox.parse(data, RDF_FORMATS[fmt][0])


def is_old_model(data: bytes, fmt: str) -> bool:
    """Whether an export holds the 0.1.0 article model (False too when it is no valid RDF:
    the import itself says what is wrong with it).

    Only data naming one of the old model's terms is parsed to check: an export of
    today's model costs a byte search.
    """
    if not any(word in data for word in _OLD_WORDS):
        return False
    try:
        return any(q.predicate in _OLD_MARKS for q in _quads(data, fmt))
    except (SyntaxError, ValueError):
        return False


def upgrade(data: bytes, fmt: str) -> bytes:
    """The export as N-Quads (or N-Triples' lines, for a one-graph format) in today's model.

    Two passes over the data: the first finds the role nodes, quote selectors and facts,
    the second writes every other statement as it was, each role as its property and
    nothing of what the new model reads from the text and the graph.

    Args:
        data: An export in the 0.1.0 model (`is_old_model`).
        fmt: Its format, one of `backends.RDF_FORMATS`.

    Returns:
        The same graphs in N-Quads, to import as `nq`.
    """
    roles: dict[_Node, dict[str, _Node]] = {}
    quotes: set[_Node] = set()
    facts: set[_Node] = set()
    for q in _quads(data, fmt):
        if q.predicate in (_VALUE, _ROLE_TYPE) and isinstance(
            q.subject, ox.NamedNode | ox.BlankNode
        ):
            roles.setdefault(q.subject, {})[q.predicate.value] = q.object
        elif q.predicate == _TYPE and q.object == _QUOTE_SELECTOR:
            quotes.add(q.subject)
        elif q.predicate == _IN_ARTICLE:
            facts.add(q.subject)
    kept = _kept(_quads(data, fmt), roles, quotes, facts)
    return ox.serialize(kept, format=ox.RdfFormat.N_QUADS) or b""


def _kept(
    quads: Iterable[ox.Quad],
    roles: dict[_Node, dict[str, _Node]],
    quotes: set[_Node],
    facts: set[_Node],
) -> Iterator[ox.Quad]:
    role_nodes = {node for node, fields in roles.items() if _ROLE_TYPE.value in fields}
    for q in quads:
        p = q.predicate
        if q.subject in quotes or q.subject in role_nodes:
            continue  # the quote selector's words, the role node's fields
        if p in (_IN_ARTICLE, _MENTIONS) or (p == _TYPE and q.object in _INFERRED):
            continue
        if (p == _HAS_SELECTOR and q.object in quotes) or (p == _GENERATED and q.subject in facts):
            continue
        if p == _ROLE:
            fields = roles.get(q.object, {})
            actor, kind = fields.get(_VALUE.value), fields.get(_ROLE_TYPE.value)
            role = _ROLES.get(kind) if isinstance(kind, ox.NamedNode) else None
            if role is not None and actor is not None:
                yield ox.Quad(q.subject, role, actor, q.graph_name)
            continue
        yield q
