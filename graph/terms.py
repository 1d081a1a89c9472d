"""Conversions between rdflib terms (our API) and pyoxigraph terms (our engine), and N-Triples text.

rdflib terms are what users and notebooks hold; pyoxigraph terms are what the engine
stores. Converting at this one boundary keeps both sides simple.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["Quad", "Term", "Triple", "from_ox", "n3", "to_ox", "to_ox_quads"]

Term = URIRef | BNode | Literal
Triple = tuple[Term, Term, Term]
Quad = tuple[Term, Term, Term, URIRef | None]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=1 << 16)
def _named_node(iri: str) -> ox.NamedNode:
    """Ingest writes the same predicates, classes and KB entities over and over."""
    return ox.NamedNode(iri)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return _named_node(term)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}: only IRIs, blank nodes and literals are RDF terms")


# Longer literals (sentences, quotes, headlines) seldom repeat: cached, they filled the
# cache for as long as the process ran (a derivation reads a sentence per report: 35 MB
# more held after reading 45,000 reports).
_CACHED_LITERAL = 64


def from_ox(term: object) -> Term:
    """The rdflib term for a pyoxigraph term.

    Results repeat the same IRIs and dates row after row, and building an rdflib term
    (which validates and casts) costs twenty times a cache lookup; rdflib terms are
    immutable, so sharing them is safe. The cache holds IRIs and short literals only, and
    is bounded, so a long session's memory stays flat and small.
    """
    if isinstance(term, ox.Literal) and len(term.value) > _CACHED_LITERAL:
        return _from_ox(term)
    return _cached_from_ox(term)


@lru_cache(maxsize=1 << 17)
def _cached_from_ox(term: object) -> Term:
    return _from_ox(term)


def _from_ox(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        # The store's own spelling (it keeps typed values canonical): re-spelling it here
        # (`Z` as `+00:00`) would make an export differ from what the store holds.
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"unexpected term from the store: {term!r}")


def to_ox_quads(graph: URIRef, triples: Iterable[Triple]) -> Iterator[ox.Quad]:
    """The triples of one named graph as engine quads."""
    name = ox.NamedNode(str(graph))
    for s, p, o in triples:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]


def n3(term: Node) -> str:
    """A term as N-Triples/SPARQL text, escaped so that no value can break out of it.

    >>> n3(Literal('x" } ; DROP ALL ; #'))
    '"x\\\\" } ; DROP ALL ; #"'
    """
    return str(to_ox(term))
