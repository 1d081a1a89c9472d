"""Every namespace and term treatykg writes, in one place, so IRIs are never spelled inline."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

__all__ = [
    "BASE",
    "DCTERMS",
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
