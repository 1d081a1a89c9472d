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
    "actor_metrics",
    "actor_month",
    "article",
    "article_graph",
    "article_key_of_graph",
    "claim",
    "community",
    "computation",
    "conflict",
    "derived_graph",
    "derived_part_of_graph",
    "entity",
    "entity_group",
    "evidence",
    "happening",
    "happening_key",
    "mention",
    "slug",
    "status_period",
    "status_step",
    "tie",
    "treaty_part",
]

_ID = str(ID)  # one URIRef per IRI: ID[...] would build a second
KB_GRAPH = URIRef(_ID + "graph/kb")
ONTOLOGY_GRAPH = URIRef(_ID + "graph/ontology")
DERIVED_GRAPH = URIRef(_ID + "graph/derived")
SOFTWARE_AGENT = URIRef(_ID + "agent/treatykg")

_ARTICLE_GRAPH_PREFIX = str(ID["graph/article/"])
_DERIVED_GRAPH_PREFIX = str(DERIVED_GRAPH) + "/"
# Derived graph parts and the keys of derived nodes: path segments of safe characters.
_PATH = re.compile(r"^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*$")
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


def utterance(key: str, start: int, end: int) -> URIRef:
    """A direct quotation, identified by the span of its words in the article."""
    return URIRef(_ID + f"utterance/{key}/{start}-{end}")


def _path(value: str, what: str) -> str:
    if not _PATH.match(value):
        raise ValueError(
            f"{what} {value!r} is not a path of lower-case letters, digits, '.', '_' and '-'"
        )
    return value


_TREATY_KEY = re.compile(r"^(?:new/)?[a-z]+/[a-z0-9][a-z0-9-]*$")


def treaty_part(treaty: str) -> str:
    """A treaty as one segment of a derived graph's part name: its key under id/ with dots
    for slashes, or a digest for a treaty of another namespace.

    >>> treaty_part("https://w3id.org/treatykg/id/treaty/new-start")
    'treaty.new-start'
    """
    import hashlib

    key = treaty[len(_ID) :] if treaty.startswith(_ID) else ""
    if not _TREATY_KEY.match(key):
        key = "other/" + hashlib.sha256(treaty.encode()).hexdigest()[:16]
    return key.replace("/", ".")


def derived_graph(part: str) -> URIRef:
    """A named graph of the derived layer: `events.*`, `status`, `entities`, `network`.

    Everything computed across articles lives under `id/graph/derived/`, so dropping
    those graphs undoes every derivation and leaves the articles and the KB as they were.

    >>> derived_graph("events.treaty.new-start.2023")
    rdflib.term.URIRef('https://w3id.org/treatykg/id/graph/derived/events.treaty.new-start.2023')
    """
    return URIRef(_DERIVED_GRAPH_PREFIX + _path(part, "derived graph part"))


def derived_part_of_graph(graph: URIRef | str) -> str | None:
    """The part of a derived graph's IRI (`status`, `events.year.2023`), None for any other graph."""
    text = str(graph)
    return text[len(_DERIVED_GRAPH_PREFIX) :] if text.startswith(_DERIVED_GRAPH_PREFIX) else None


def listing_row(part: str, rank: int) -> URIRef:
    """A row of a listing (`graph.remarks`), named by its listing and its place: every
    derivation rewrites a listing whole.

    >>> listing_row("listing.remarks.treaty.new-start", 7)
    rdflib.term.URIRef('https://w3id.org/treatykg/id/listing-row/listing.remarks.treaty.new-start/7')
    """
    return URIRef(f"{_ID}listing-row/{_path(part, 'listing part')}/{rank}")


def happening(key: str) -> URIRef:
    """A canonical event: one happening, however many reports (and KB facts) give it."""
    return URIRef(_ID + f"happening/{_path(key, 'happening key')}")


_HAPPENING_PREFIX = _ID + "happening/"


def happening_key(iri: str) -> str | None:
    """The key of a canonical event's IRI (what `happening` was given); None for any other
    IRI, such as a node another tool wrote into the derived graph.

    >>> happening_key(str(happening("a1"))), happening_key("https://example.org/x")
    ('a1', None)
    """
    return iri[len(_HAPPENING_PREFIX) :] if iri.startswith(_HAPPENING_PREFIX) else None


def conflict(key: str) -> URIRef:
    """Reports of one happening that cannot all be true (two dates, reported and denied)."""
    return URIRef(_ID + f"conflict/{_path(key, 'conflict key')}")


def claim(conflict_key: str, n: int) -> URIRef:
    """The `n`th value the sources of a conflict give."""
    return URIRef(f"{conflict(conflict_key)}/claim/{n}")


def computation(part: str, digest: str) -> URIRef:
    """One run of one derivation step (`events`, `status`, ...) over one version of the store.

    >>> computation("events", "9f86d081")
    rdflib.term.URIRef('https://w3id.org/treatykg/id/computation/events/9f86d081')
    """
    return URIRef(_ID + f"computation/{_path(part, 'computation part')}/{_path(digest, 'digest')}")


def entity_group(member: str) -> URIRef:
    """Entities that are one (spellings of one name, or of a KB entity's name), named by
    the member the others are `owl:sameAs`: `graph.variants` writes them.

    >>> entity_group("https://w3id.org/treatykg/id/new/person/dmitry-ivanovsky")
    rdflib.term.URIRef('https://w3id.org/treatykg/id/entity-group/new/person/dmitry-ivanovsky')
    """
    import hashlib

    key = member[len(_ID) :] if member.startswith(_ID) else ""
    if not _PATH.match(key):  # a user KB's entity from another namespace
        key = hashlib.sha256(member.encode()).hexdigest()[:16]
    return URIRef(_ID + f"entity-group/{key}")


# ---------------------------------------------------------------- network relations (graph/network.py)


def _actor_path(actor: str) -> str:
    """An actor's IRI as a path under id/ (`state/russia`), or a digest for another namespace."""
    import hashlib

    key = actor[len(_ID) :] if actor.startswith(_ID) else ""
    return key if _PATH.match(key) else "x/" + hashlib.sha256(actor.encode()).hexdigest()[:16]


def actor_metrics(actor: str) -> URIRef:
    """An actor's place in the co-involvement network: degree, PageRank, community...

    >>> actor_metrics("https://w3id.org/treatykg/id/state/russia")
    rdflib.term.URIRef('https://w3id.org/treatykg/id/metrics/state/russia')
    """
    return URIRef(_ID + f"metrics/{_actor_path(actor)}")


def community(n: int) -> URIRef:
    """The `n`th community of the co-involvement network (1: the largest)."""
    return URIRef(_ID + f"community/{int(n)}")


def tie(first: str, second: str) -> URIRef:
    """Two actors' tie in the co-involvement network, the same whichever is named first."""
    import hashlib

    pair = "\n".join(sorted((first, second)))
    return URIRef(_ID + f"tie/{hashlib.sha256(pair.encode()).hexdigest()[:16]}")


def actor_pair(first: str, second: str) -> URIRef:
    """Two actors found together on canonical events (`tkg:ActorPair`), whichever is named
    first; a digest, as the two IRIs together make no short path."""
    import hashlib

    pair = "\n".join(sorted((first, second)))
    return URIRef(_ID + f"pair/{hashlib.sha256(pair.encode()).hexdigest()[:16]}")


def actor_month(actor: str, month: str) -> URIRef:
    """An actor's activity in one month (YYYY-MM)."""
    return URIRef(_ID + f"activity/{_actor_path(actor)}/{_path(month, 'month')}")


# ---------------------------------------------------------------- treaty status (graph/status.py)


def status_period(treaty: str, party: str | None, start: str) -> URIRef:
    """One stretch of one party's status under a treaty (`party` None: the treaty's own),
    named by where it starts: each party's periods start on different days.

    >>> status_period("https://w3id.org/treatykg/id/treaty/new-start", None, "2011-02-05")
    rdflib.term.URIRef('https://w3id.org/treatykg/id/status/treaty/new-start/all/2011-02-05')
    """
    who = _actor_path(party) if party is not None else "all"
    return URIRef(_ID + f"status/{_actor_path(treaty)}/{who}/{_path(start, 'start date')}")


def status_step(treaty: str, origin: str, effect: str, party: str | None) -> URIRef:
    """One step a treaty's status periods rest on, named by the KB fact or happening that
    first gave it (`origin`), what it does and to whom: news citing the step later does not
    rename it.

    >>> status_step("https://w3id.org/treatykg/id/treaty/new-start", "f", "in_force", None)
    rdflib.term.URIRef('https://w3id.org/treatykg/id/status-step/treaty/new-start/e5075366cab96949')
    """
    import hashlib

    key = "\n".join((origin, effect, party or ""))
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return URIRef(_ID + f"status-step/{_actor_path(treaty)}/{digest}")
