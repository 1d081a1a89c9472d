"""Treaty status periods in the store: the treaties' parties read from the KB, the periods
written into the derived graph `derived/status`, and read back for the API
(`graph.status_lookup`).

The API answers from the derived graph when there is one, so that `status` costs one
treaty's periods whatever the size of the store; a store never derived is answered from
its KB facts alone, by the same machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from treatykg.graph import iris, vocab
from treatykg.graph.actors import ActorIndex
from treatykg.graph.cells import day, iri_set, local_name, notation
from treatykg.graph.happenings import Report
from treatykg.graph.reports import read_kb_facts
from treatykg.graph.spill import Events
from treatykg.graph.status import (
    Period,
    Rules,
    StepRecord,
    TreatyInfo,
    lean,
    load_rules,
    periods,
)
from treatykg.graph.terms import Triple
from treatykg.graph.vocab import Terms

if TYPE_CHECKING:
    from treatykg.graph.derived import Inputs
    from treatykg.graph.store import TreatyStore

__all__ = [
    "STATUS_GRAPH",
    "all_periods",
    "derived_triples",
    "period_triples",
    "read_periods",
    "read_treaties",
    "status_triples",
    "step_triples",
    "treaty_periods",
]

PROV, RDF, RDFS, TKG = Terms(vocab.PROV), Terms(vocab.RDF), Terms(vocab.RDFS), Terms(vocab.TKG)
XSD = Terms(vocab.XSD)
STATUS_GRAPH = iris.derived_graph("status")
_SEPARATOR = "\u001f"  # never in a URL or an IRI: joins the sources of one step

_TREATIES = f"""SELECT ?treaty (SAMPLE(?name) AS ?label) (SAMPLE(?n) AS ?count)
       (SAMPLE(?notation) AS ?status)
       (GROUP_CONCAT(DISTINCT STR(?party); separator=" ") AS ?parties)
       (GROUP_CONCAT(DISTINCT STR(?depositary); separator=" ") AS ?depositaries)
WHERE {{
  GRAPH <{iris.KB_GRAPH}> {{
    ?treaty a tkg:Treaty ; skos:prefLabel ?name .
    OPTIONAL {{ ?treaty tkg:party ?party }}
    OPTIONAL {{ ?treaty tkg:depositary ?depositary . ?depositary a tkg:State }}
    OPTIONAL {{ ?treaty tkg:partyCount ?n }}
    OPTIONAL {{ ?treaty tkg:treatyStatus ?concept }}
  }}
  OPTIONAL {{ GRAPH <{iris.ONTOLOGY_GRAPH}> {{ ?concept skos:notation ?notation }} }}
}}
GROUP BY ?treaty"""

# One treaty's periods (or all, with ?treaty unbound), grouped in the engine. The periods
# are found first; each field is then a one-triple OPTIONAL on a period that is bound, so
# the engine looks it up per period, where patterns joined (or an OPTIONAL of two) are
# matched against every treaty's periods first (0.5 s for New START at 10,000 articles,
# 0.13 s so; the answers alone are 10 MB of text over all periods). Fields every period
# has are required with BOUND, as the joins required them.
_PERIODS = f"""SELECT ?period (SAMPLE(?t) AS ?treaty) (SAMPLE(?p) AS ?party)
       (SAMPLE(?c) AS ?status) (SAMPLE(?f) AS ?from) (SAMPLE(?fp) AS ?fromPrecision)
       (SAMPLE(?u) AS ?until) (SAMPLE(?up) AS ?untilPrecision) (SAMPLE(?s) AS ?since)
       (SAMPLE(?sp) AS ?sincePrecision) (SAMPLE(?l) AS ?text) (SAMPLE(?st) AS ?phrase)
       (SAMPLE(?n) AS ?note) (SAMPLE(?a) AS ?answer) (SAMPLE(?d) AS ?differs)
       (SAMPLE(?o) AS ?others) (GROUP_CONCAT(DISTINCT STR(?r); separator=" ") AS ?steps)
WHERE {{
  {{ SELECT ?period ?t WHERE {{
      GRAPH <{STATUS_GRAPH}> {{ ?period a tkg:StatusPeriod ; tkg:treaty ?treaty }}
      BIND(?treaty AS ?t) }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:status ?c }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:from ?f }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:fromPrecision ?fp }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:since ?s }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:sincePrecision ?sp }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period rdfs:label ?l }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:statusText ?st }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:differs ?d }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:otherParties ?o }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:forParty ?p }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:until ?u }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:untilPrecision ?up }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:note ?n }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:answer ?a }} }}
  OPTIONAL {{ GRAPH <{STATUS_GRAPH}> {{ ?period tkg:restsOn ?r }} }}
  FILTER(BOUND(?c) && BOUND(?f) && BOUND(?fp) && BOUND(?s) && BOUND(?sp) && BOUND(?l)
         && BOUND(?st) && BOUND(?d) && BOUND(?o))
}}
GROUP BY ?period"""

# The steps the periods of one treaty (or of all) rest on, each once with its basis and
# sources: a step's sources are many (every article reporting it), its periods few.
_STEPS = f"""SELECT ?step (SAMPLE(?l) AS ?label)
       (GROUP_CONCAT(DISTINCT STR(?b); separator=" ") AS ?basis)
       (GROUP_CONCAT(DISTINCT ?src; separator="{_SEPARATOR}") AS ?sources)
WHERE {{ GRAPH <{STATUS_GRAPH}> {{
  {{ SELECT DISTINCT ?treaty ?step WHERE {{ ?period tkg:treaty ?treaty ; tkg:restsOn ?step }} }}
  ?step a tkg:StatusStep ; rdfs:label ?l .
  OPTIONAL {{ ?step tkg:basis ?b }}
  OPTIONAL {{ ?step tkg:source ?src }}
}} }}
GROUP BY ?step"""


def read_treaties(store: TreatyStore, rules: Rules | None = None) -> dict[str, TreatyInfo]:
    """Every KB treaty with its parties (predecessors mapped to successors) and state
    depositaries, in one query."""
    rules = rules or load_rules()
    found = {}
    for row in store.query(_TREATIES).records():
        iri = str(row["treaty"])
        count = row["count"]
        found[iri] = TreatyInfo(
            iri=iri,
            label=str(row["label"]),
            parties=frozenset(rules.successor(p) for p in iri_set(row["parties"])),
            depositaries=frozenset(rules.successor(d) for d in iri_set(row["depositaries"])),
            party_count=int(str(count)) if count is not None else None,
            kb_status=str(row["status"]) if row["status"] is not None else None,
        )
    return found


def all_periods(
    treaties: Mapping[str, TreatyInfo],
    facts: Iterable[Report],
    events: Events,
    *,
    actors: ActorIndex,
    rules: Rules | None = None,
) -> Iterator[Period]:
    """The periods of every treaty, a treaty at a time; facts are sorted out by treaty
    once, and of each treaty's events only those of a type some rule reads (its
    lifecycle) are read, one at a time and kept `lean`: memory holds one treaty's
    lifecycle as its steps need it, and its periods, not every event of the store about it."""
    rules = rules or load_rules()
    facts_of: dict[str, list[Report]] = {}
    for fact in facts:
        facts_of.setdefault(fact.treaty or "", []).append(fact)
    for iri in sorted(treaties):
        yield from periods(
            treaties[iri],
            facts_of.get(iri, []),
            [lean(event) for event in events.of_treaty(iri, rules.lifecycle_types)],
            actors=actors,
            rules=rules,
        )


def _date_literal(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _precision(name: str, rules: Rules) -> URIRef:
    return TKG[rules.precisions.get(name, rules.precisions["day"])]


def period_triples(period: Period, computation: URIRef, rules: Rules | None = None) -> list[Triple]:
    """One period as RDF: a `tkg:StatusPeriod` node named by its treaty, party and start,
    pointing at the steps it rests on (`step_triples` states them)."""
    rules = rules or load_rules()
    node = iris.status_period(period.treaty, period.party, period.start.isoformat())
    triples: list[Triple] = [
        (node, RDF.type, TKG.StatusPeriod),
        (node, TKG.treaty, URIRef(period.treaty)),
        (node, TKG.status, TKG[rules.concepts[period.status]]),
        (node, TKG["from"], _date_literal(period.start)),
        (node, TKG.fromPrecision, _precision(period.start_precision, rules)),
        (node, TKG.since, _date_literal(period.since)),
        (node, TKG.sincePrecision, _precision(period.since_precision, rules)),
        (node, RDFS.label, Literal(period.text)),
        (node, TKG.statusText, Literal(period.phrase)),
        (node, TKG.differs, Literal(period.differs)),
        (node, TKG.otherParties, Literal(period.others)),
        (node, PROV.wasGeneratedBy, computation),
    ]
    if period.party is not None:
        triples.append((node, TKG.forParty, URIRef(period.party)))
    if period.end is not None:
        triples.append((node, TKG.until, _date_literal(period.end)))
        triples.append((node, TKG.untilPrecision, _precision(period.end_precision or "day", rules)))
    if period.note:
        triples.append((node, TKG.note, Literal(period.note)))
    if period.answer:
        triples.append((node, TKG.answer, Literal(period.answer)))
    triples += [(node, TKG.restsOn, URIRef(step.iri)) for step in period.steps]
    return triples


def step_triples(step: StepRecord, computation: URIRef) -> list[Triple]:
    """One step as RDF: a `tkg:StatusStep` with the facts, happenings and sources it rests on."""
    node = URIRef(step.iri)
    triples: list[Triple] = [
        (node, RDF.type, TKG.StatusStep),
        (node, RDFS.label, Literal(step.label)),
        (node, PROV.wasGeneratedBy, computation),
    ]
    triples += [(node, TKG.basis, URIRef(b)) for b in step.basis]
    triples += [(node, TKG.source, Literal(s)) for s in step.sources]
    return triples


def status_triples(
    found: Iterable[Period], computation: URIRef, rules: Rules | None = None
) -> Iterator[Triple]:
    """Periods (a treaty's together, as `all_periods` gives them) as RDF, each step they
    rest on stated once per treaty however many of its periods point at it."""
    stated: set[str] = set()  # the steps of the treaty at hand
    treaty = None
    for period in found:
        if period.treaty != treaty:
            stated.clear()
            treaty = period.treaty
        yield from period_triples(period, computation, rules)
        for step in period.steps:
            if step.iri not in stated:
                stated.add(step.iri)
                yield from step_triples(step, computation)


def derived_triples(inputs: Inputs, computation: URIRef) -> Iterator[Triple]:
    """Every treaty's status periods and steps, for the derived graph `derived/status`, one
    period's statements at a time: a derivation writes them as they come, rather than
    holding them all as terms (hundreds of thousands on a large store)."""
    rules = load_rules()
    found = all_periods(
        read_treaties(inputs.store, rules),
        inputs.kb_facts,
        inputs.events,
        actors=inputs.actors,
        rules=rules,
    )
    yield from status_triples(found, computation, rules)


def read_periods(
    store: TreatyStore, treaty: str | None = None, rules: Rules | None = None
) -> list[Period]:
    """The periods the derived graph holds, of one treaty (an IRI) or of all."""
    rules = rules or load_rules()
    statuses = {concept: key for key, concept in rules.concepts.items()}
    bindings = {"treaty": URIRef(treaty)} if treaty is not None else {}
    steps = {}
    for row in store.query(_STEPS, bindings).records():
        sources = str(row["sources"] or "").split(_SEPARATOR)
        steps[str(row["step"])] = StepRecord(
            iri=str(row["step"]),
            label=str(row["label"]),
            basis=tuple(sorted(iri_set(row["basis"]))),
            sources=tuple(sorted(s for s in sources if s)),
        )
    found = []
    for row in store.query(_PERIODS, bindings).records():
        start, since = day(row["from"]), day(row["since"])
        if start is None or since is None:
            continue
        found.append(
            Period(
                treaty=str(row["treaty"]),
                party=str(row["party"]) if row["party"] is not None else None,
                status=statuses.get(
                    (local_name(row["status"]) or ""), (local_name(row["status"]) or "")
                ),
                start=start,
                start_precision=notation(row["fromPrecision"]),
                end=day(row["until"]),
                end_precision=notation(row["untilPrecision"]) if row["until"] else None,
                since=since,
                since_precision=notation(row["sincePrecision"]),
                text=str(row["text"]),
                phrase=str(row["phrase"]),
                note=str(row["note"] or ""),
                differs=str(row["differs"]) == "true",
                others=str(row["others"]) == "true",
                steps=tuple(steps[s] for s in sorted(iri_set(row["steps"])) if s in steps),
                answer=str(row["answer"] or ""),
            )
        )
    return sorted(found, key=lambda p: (p.treaty, p.party is not None, p.party or "", p.start))


def treaty_periods(store: TreatyStore, treaty: str) -> list[Period]:
    """One treaty's periods: from the derived graph, or, in a store never derived, computed
    from its KB facts (news counts only once a derivation has merged it into events)."""
    if store.has_graph(STATUS_GRAPH):
        return read_periods(store, treaty)
    info = read_treaties(store).get(treaty)
    if info is None:
        return []
    actors = ActorIndex.from_store(store, with_new=False)
    return periods(info, read_kb_facts(store), actors=actors)
