"""The one place IRIs are minted: from stable keys, so the same input always gets the same IRI."""

from __future__ import annotations

import re

from rdflib import URIRef
from treatykg.graph.vocab import ID

__all__ = [
    "DERIVED_GRAPH",
    "KB_GRAPH",
    "ONTOLOGY_GRAPH",
    "SOFTWARE_AGENT",
    "activity",
    "article",
    "article_graph",
    "article_key_of_graph",
    "entity",
    "evidence",
    "mention",
    "slug",
]

_ID = str(ID)  # one URIRef per IRI: ID[...] would build a second
KB_GRAPH = URIRef(_ID + "graph/kb")
ONTOLOGY_GRAPH = URIRef(_ID + "graph/ontology")
DERIVED_GRAPH = URIRef(_ID + "graph/derived")
SOFTWARE_AGENT = URIRef(_ID + "agent/treatykg")

_ARTICLE_GRAPH_PREFIX = str(ID["graph/article/"])
# KB keys are kind/slug; entities the KB lacks are new/kind/slug.
_KEY = re.compile(r"^(?:new/)?[a-z]+/[a-z0-9][a-z0-9-]*$")


def slug(name: str) -> str:
    """Lower-case ASCII words joined by hyphens, for readable entity keys.

    >>> slug("Treaty of Tlatelolco")
    'treaty-of-tlatelolco'
    >>> slug("António Guterres")
    'antonio-guterres'
    """
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def entity(key: str) -> URIRef:
    """The IRI of a KB entity from its key, `kind/slug` (e.g. `treaty/new-start`).

    >>> entity("state/russia")
    rdflib.term.URIRef('https://w3id.org/treatykg/id/state/russia')
    """
    if not _KEY.match(key):
        raise ValueError(f"entity key {key!r} is not of the form 'kind/slug' (e.g. 'state/russia')")
    return URIRef(_ID + key)


def article(key: str) -> URIRef:
    """The article node; `key` is the content hash of its normalized body."""
    return URIRef(_ID + f"article/{key}")


def article_graph(key: str) -> URIRef:
    """The named graph that holds everything extracted from one article."""
    return URIRef(_ARTICLE_GRAPH_PREFIX + key)


def article_key_of_graph(graph: URIRef | str) -> str | None:
    """The article key of an article graph's IRI, None for any other graph."""
    text = str(graph)
    return text[len(_ARTICLE_GRAPH_PREFIX) :] if text.startswith(_ARTICLE_GRAPH_PREFIX) else None


def activity(key: str, version: str) -> URIRef:
    """One extraction run over one article by one version of treatykg."""
    return URIRef(_ID + f"run/{key}/{slug(version)}")


def mention(key: str, start: int, end: int) -> URIRef:
    return URIRef(_ID + f"mention/{key}/{start}-{end}")


def evidence(key: str, start: int, end: int) -> URIRef:
    """The text span (a Web Annotation specific resource) that a fact was read from."""
    return URIRef(_ID + f"evidence/{key}/{start}-{end}")


def event(key: str, start: int, end: int, n: int = 0) -> URIRef:
    """An event reported in one article, named by its trigger's span; `n` tells apart the
    events one trigger gives ("withdrew from A and B": one per treaty).

    >>> event("3f2a", 7, 12), event("3f2a", 7, 12, 1)
    (rdflib.term.URIRef('https://w3id.org/treatykg/id/event/3f2a/7-12'), rdflib.term.URIRef('https://w3id.org/treatykg/id/event/3f2a/7-12-1'))
    """
    suffix = f"-{n}" if n else ""
    return URIRef(_ID + f"event/{key}/{start}-{end}{suffix}")


def role(event_node: URIRef, index: int) -> URIRef:
    """The sem:Role node that says in which capacity one actor took part in an event."""
    return URIRef(f"{event_node}-role-{index}")


def utterance(key: str, start: int, end: int) -> URIRef:
    """A direct quotation, identified by the span of its words in the article."""
    return URIRef(_ID + f"utterance/{key}/{start}-{end}")
