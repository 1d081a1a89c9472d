"""How an event type reads on a page: the ontology's skos:prefLabel, read in one place so
that the timeline, the network and the tables name a type alike ("entry into force")."""

from __future__ import annotations

import functools

from treatykg.graph.triples import EVENT_CLASSES

__all__ = ["type_label", "type_labels"]


@functools.cache
def type_labels() -> dict[str, str]:
    """Each event type notation's label, from the ontology file the store loads.

    >>> type_labels()["entry_into_force"], type_labels()["meeting_or_call"]
    ('entry into force', 'meeting or call')
    """
    from rdflib import Graph
    from rdflib.namespace import SKOS
    from treatykg.graph.kb import ONTOLOGY_FILE
    from treatykg.graph.vocab import TKG

    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    labels = {}
    for notation, name in EVENT_CLASSES.items():
        found = ontology.value(TKG[name], SKOS.prefLabel)
        labels[notation] = str(found) if found is not None else notation.replace("_", " ")
    return labels


def type_label(notation: str) -> str:
    """A type's label; an unknown notation reads as itself, spaced."""
    return type_labels().get(notation, notation.replace("_", " "))
