"""Canonical events and conflicts as triples, for the event partitions of the derived layer.

`graph.derived` decides what to write and when; this module holds what one canonical
event or conflict looks like in RDF (docs/model.md, "Canonical events"), so the shape is
read in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rdflib import Literal, URIRef
from treatykg.graph import iris, vocab
from treatykg.graph.happenings import CanonicalEvent, Conflict, Report
from treatykg.graph.terms import Triple
from treatykg.graph.triples import EVENT_CLASSES
from treatykg.graph.vocab import Terms

__all__ = ["best_report", "conflict_triples", "event_triples", "outlets"]

# Built once each: a derivation writes these terms by the hundred thousand.
PROV, RDF, TKG, XSD = Terms(vocab.PROV), Terms(vocab.RDF), Terms(vocab.TKG), Terms(vocab.XSD)
_UNKNOWN_OUTLET = "unknown outlet"


def outlets(reports: Iterable[Report]) -> str:
    """The outlets behind an event, each as the first report (by IRI) spells it, then how
    many articles name none (each of them a source of its own).

    >>> outlets([Report("e1", "a1", "signing", "actual", outlet="TASS"),
    ...           Report("e2", "a2", "signing", "actual"), Report("e3", "a3", "signing", "actual")])
    'TASS; 2 unknown outlets'
    """
    names: dict[str, str] = {}
    unknown = set()
    for report in sorted(reports, key=lambda r: r.iri):
        if report.from_kb:
            continue
        if report.outlet:
            names.setdefault(report.source_key, report.outlet)
        else:
            unknown.add(report.source)
    shown = sorted(names.values(), key=str.casefold)
    if unknown:
        shown.append(_UNKNOWN_OUTLET if len(unknown) == 1 else f"{len(unknown)} unknown outlets")
    return "; ".join(shown)


def best_report(event: CanonicalEvent) -> Report:
    """The news report whose sentence stands for the event: the most confident, then the
    first by IRI."""
    return min((r for r in event.reports if not r.from_kb), key=lambda r: (-r.confidence, r.iri))


def event_triples(
    event: CanonicalEvent, computation: URIRef, sentences: Mapping[str, str] | None = None
) -> Iterator[Triple]:
    """The canonical event's statements; `sentences` gives the evidence sentence by report
    IRI when the reports were read without it (else each report's own)."""
    node = iris.happening(event.key)
    news = [r for r in event.reports if not r.from_kb]
    yield node, RDF.type, TKG.CanonicalEvent
    yield node, TKG.eventType, TKG[EVENT_CLASSES.get(event.type, "OtherEvent")]
    yield node, TKG.modality, TKG[event.modality.capitalize()]
    if event.treaty:
        yield node, TKG.treaty, URIRef(event.treaty)
    for actor in sorted(event.actors):
        yield node, TKG.actor, URIRef(actor)
    for agent in sorted(event.agents):
        yield node, TKG.agent, URIRef(agent)
    if event.start is not None:
        yield node, TKG.date, Literal(event.start.isoformat(), datatype=XSD.date)
        if event.precision:
            precision = "Week" if event.precision == "weekend" else event.precision.capitalize()
            yield node, TKG.datePrecision, TKG[precision]
    if event.timex:
        yield node, TKG.timexValue, Literal(event.timex)
    yield node, TKG.sourceCount, Literal(event.sources)
    yield node, TKG.articleCount, Literal(len(event.articles))
    yield node, TKG.outlets, Literal(outlets(news))
    best = best_report(event)
    evidence = best.evidence if sentences is None else sentences.get(best.iri, "")
    if evidence:
        yield node, TKG.evidenceText, Literal(evidence)
    for article in sorted(event.articles):
        yield node, TKG.reportedIn, URIRef(article)
    for report in sorted(news, key=lambda r: r.iri):
        yield node, PROV.wasDerivedFrom, URIRef(report.iri)
    records = set(event.kb_facts) | {r.iri for r in event.reports if r.from_kb}
    for fact in sorted(records):
        yield node, TKG.record, URIRef(fact)
    yield node, PROV.wasGeneratedBy, computation


def conflict_triples(conflict: Conflict, kb_iris: set[str], computation: URIRef) -> list[Triple]:
    node = iris.conflict(conflict.key)
    triples: list[Triple] = [
        (node, RDF.type, TKG.Conflict),
        (node, TKG.about, iris.happening(conflict.event)),
        (node, TKG.field, Literal(conflict.field)),
        (node, PROV.wasGeneratedBy, computation),
    ]
    for n, claim in enumerate(conflict.claims):
        claim_node = iris.claim(conflict.key, n)
        triples += [
            (node, TKG.claim, claim_node),
            (claim_node, RDF.type, TKG.Claim),
            (claim_node, RDF.value, Literal(claim.value)),
            (claim_node, TKG.fromKB, Literal(any(r in kb_iris for r in claim.reports))),
        ]
        triples += [(claim_node, PROV.wasDerivedFrom, URIRef(r)) for r in sorted(claim.reports)]
    return triples
