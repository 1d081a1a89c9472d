"""Every namespace and term treatykg writes, in one place, so IRIs are never spelled inline."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace

__all__ = [
    "BASE",
    "DCTERMS",
    "EXPORT_PREFIXES",
    "ID",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SKOS",
    "TIME",
    "TKG",
    "WD",
    "XSD",
    "Terms",
]

BASE = "https://w3id.org/treatykg/"
TKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "tkg": str(TKG),
    "id": str(ID),
    "sem": str(SEM),
    "prov": str(PROV),
    "oa": str(OA),
    "org": str(ORG),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "time": str(TIME),
    "xsd": str(XSD),
    "wd": str(WD),
}

# Exports add one prefix per kind of node named by one key, as the KB files do, so that
# Turtle reads `treaty:new-start` rather than `id:treaty\/new-start` (a `/` in a local name
# must be escaped, and readers should never meet a backslash). Nodes named by two keys (an
# article's mentions, a treaty's facts: `mention/KEY/7-12`) have no such prefix, not even
# `id:`, so they are written as full IRIs that read and paste as they are. No prefix covers
# `graph/` itself: the derived graphs are named by paths (`graph/derived/events/...`), and the
# serializer would escape them under it. Queries keep
# PREFIXES alone: these names would shadow no term, but every query would carry them.
EXPORT_PREFIXES: dict[str, str] = {
    **{name: iri for name, iri in PREFIXES.items() if name != "id"},
    **{
        name: str(ID[path])
        for name, path in (
            ("treaty", "treaty/"),
            ("state", "state/"),
            ("organization", "org/"),
            ("person", "person/"),
            ("other", "other/"),
            ("article", "article/"),
            ("articlegraph", "graph/article/"),
            ("agent", "agent/"),
        )
    },
}


class Terms:
    """A namespace's terms built once each, for code that writes them by the thousand.

    rdflib builds and validates a new URIRef on every `TKG.evidence`; here the first use
    of a name stores it as a plain attribute, so every later use is a dictionary lookup.

    >>> tkg = Terms(TKG)
    >>> tkg.evidence is tkg.evidence, tkg["format"] == TKG["format"]
    (True, True)
    """

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = URIRef(self._namespace[name])
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self.__dict__.get(name) or self.__getattr__(name)
