"""Entities the KB lacks, across articles: which names are spellings of one entity, or of a KB entity.

One outlet writes "Dmitri Ivanovsky", another "Dmitry Ivanovsky"; each article mints its
own unlinked entity from the name it read, so the curation queue would list one person
twice, each with half the coverage. Here names are compared after folding each word by
the transliteration rules in `name_variants.toml` (data, so a new spelling system is one
table entry), and a person's name also with and without its middle names or initials.
The result is groups of IRIs; `derived_triples` writes them as `owl:sameAs` in a derived
graph, so dropping that graph undoes every merge and the article graphs never change.

Merging is conservative, because a wrong merge hides a person while a missed one only
lists a name twice:
- only entities of one type, and for people only the same first and last name after
  folding (Dmitry Ivanovsky and Sergei Ivanovsky stay apart, as do Dmitry Ivanovsky
  and Dmitry Petrov);
- middle names must agree word by word, an initial standing for any name it begins
  (John F. Smith = John Fitzgerald Smith = John Smith; George W. Bush != George H. W. Bush);
- two entities whose titles tie them to different states never merge;
- a name that could be a variant of two entities that are not variants of each other
  (John Smith beside John F. Smith and John G. Smith) merges with neither;
- two KB entities are never merged with each other; an unlinked entity that is a variant
  of exactly one KB entity's name or alias (Dmitri Peskov, when the KB lists only
  Dmitry Peskov) is made `owl:sameAs` that KB entity.
Candidates are blocked by type and folded first and last name (the whole folded name
for other types), so only names that could match are ever compared.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from treatykg.graph import iris, kb, vocab
from treatykg.graph.terms import Triple
from treatykg.graph.vocab import Terms

if TYPE_CHECKING:
    from treatykg.graph.actors import ActorIndex
    from treatykg.graph.derived import Inputs
    from treatykg.graph.store import TreatyStore

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "PARAMETERS",
    "RULES_FILE",
    "Entity",
    "Rules",
    "VariantGroup",
    "derived_triples",
    "fold",
    "group_triples",
    "group_variants",
    "groups_of",
    "load_rules",
    "read_entities",
    "read_same_as",
    "same_as",
]

ALGORITHM = "entity-variants"
RULES_FILE = Path(__file__).with_name("name_variants.toml")

OWL, PROV, RDF, TKG = Terms(vocab.OWL), Terms(vocab.PROV), Terms(vocab.RDF), Terms(vocab.TKG)


@dataclass(frozen=True)
class Rules:
    """The folding rules of `name_variants.toml`, compiled once."""

    letters: Mapping[str, str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    examples: tuple[tuple[str, str], ...]
    digest: str  # of the file's bytes: a changed rule is a new computation


@functools.cache
def load_rules(path: Path = RULES_FILE) -> Rules:
    """The rules from a TOML file (by default the bundled one), read once per path."""
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    rewrites = tuple((re.compile(r["pattern"]), r["replace"]) for r in data.get("rewrite", ()))
    examples = tuple(
        (a, b) for rule in data.get("rewrite", ()) for a, b in rule.get("examples", ())
    )
    return Rules(
        dict(data.get("letters", {})), rewrites, examples, hashlib.sha256(raw).hexdigest()[:16]
    )


# What the computation node records (`graph.derived` reads both). The rule file's digest
# is part of the version, so a layer derived by older rules reads as stale.
ALGORITHM_VERSION = f"1+rules.{load_rules().digest[:8]}"
PARAMETERS = {"rules_file": RULES_FILE.name, "rules_sha256": load_rules().digest}


def _plain(word: str, rules: Rules) -> str:
    """A word lower-cased, without accents or punctuation: "Sergueï" -> "serguei"."""
    word = "".join(rules.letters.get(c, c) for c in word.casefold())
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def fold(word: str, rules: Rules | None = None) -> str:
    """One word of a name in the form all its spellings share.

    >>> [fold(w) for w in ("Dmitri", "Dmitriy", "Dmitry", "Zelenskyy", "Zelenskiy", "José")]
    ['dmitry', 'dmitry', 'dmitry', 'zelensky', 'zelensky', 'jose']
    """
    rules = rules or load_rules()
    word = _plain(word, rules)
    for pattern, replace in rules.rewrites:
        word = pattern.sub(replace, word)
    return word


@dataclass(frozen=True)
class Entity:
    """One spelling of one entity: an unlinked entity as some articles name it, or a
    KB entity's label or alias (`in_kb`). One IRI may come with several spellings."""

    iri: str
    name: str
    type: str  # Person, Organization, State, Treaty, Other
    states: frozenset[str] = frozenset()  # the states its title or position ties it to
    mentions: int = 0
    articles: int = 0
    in_kb: bool = False


@dataclass(frozen=True)
class VariantGroup:
    """Entities that are one: the others are `owl:sameAs` the canonical one.

    The canonical member is the KB entity when there is one; else the most mentioned
    entity (then the one in most articles, then the first by name).
    """

    canonical: str
    name: str  # the canonical member's name: the KB's label, or its most mentioned spelling
    members: tuple[str, ...]  # sorted, the canonical one included
    spellings: tuple[str, ...]  # the names articles use, most mentioned first
    in_kb: bool


@dataclass(frozen=True)
class _Name:
    words: tuple[str, ...]  # folded
    initials: tuple[str, ...]  # each word's first plain letter, before rewriting
    abbreviated: tuple[bool, ...]  # the word is an initial: "F." or "F"


def _parse(name: str, rules: Rules) -> _Name | None:
    raw = [w for w in re.split(r"[\s\-‐‑]+", name) if _plain(w, rules)]
    if not raw:
        return None
    plain = [_plain(w, rules) for w in raw]
    return _Name(
        tuple(fold(w, rules) for w in raw),
        tuple(p[0] for p in plain),
        tuple(len(p) == 1 for p in plain),
    )


def _block(type_: str, name: _Name) -> tuple[str, ...]:
    """Which names may match at all: a person's first and last name, or the whole name."""
    if type_ == "Person" and len(name.words) >= 2:
        return (type_, name.words[0], name.words[-1])
    return (type_, *name.words)


def _middles_agree(a: _Name, b: _Name) -> bool:
    """Within one block (same first and last name): do the middle names allow one person?"""
    ma, mb = range(1, len(a.words) - 1), range(1, len(b.words) - 1)
    if not ma or not mb:
        return True
    if len(ma) != len(mb):
        return False  # George H. W. Bush is not George W. Bush
    return all(
        a.words[i] == b.words[i]
        or ((a.abbreviated[i] or b.abbreviated[i]) and a.initials[i] == b.initials[i])
        for i in ma
    )


def _components(nodes: Iterable[str], edges: Mapping[str, set[str]]) -> list[set[str]]:
    seen: set[str] = set()
    found = []
    for start in sorted(nodes):
        if start in seen:
            continue
        part, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node in part:
                continue
            part.add(node)
            todo.extend(edges.get(node, set()) - part)
        seen |= part
        found.append(part)
    return found


def _is_clique(part: set[str], edges: Mapping[str, set[str]]) -> bool:
    return all(b in edges[a] for a, b in combinations(sorted(part), 2))


def _split(part: set[str], edges: Mapping[str, set[str]]) -> list[set[str]]:
    """Groups in which every two members are variants of each other.

    A member linking two that are not variants (John Smith between John F. and John G.
    Smith) is ambiguous and stays alone; the rest are grouped if that leaves cliques.
    """
    if _is_clique(part, edges):
        return [part]
    ambiguous = {
        node
        for node in part
        if any(b not in edges[a] for a, b in combinations(sorted(edges[node] & part), 2))
    }
    rest = part - ambiguous
    inner = {node: edges[node] & rest for node in rest}
    groups = [{node} for node in sorted(ambiguous)]
    for sub in _components(rest, inner):
        groups += [sub] if _is_clique(sub, inner) else [{node} for node in sorted(sub)]
    return groups


def _edges(entities: Sequence[Entity], rules: Rules) -> dict[str, set[str]]:
    """Pairs of IRIs with at least one pair of spellings that may name one entity."""
    states: dict[str, set[str]] = defaultdict(set)
    blocks: dict[tuple[str, ...], list[tuple[Entity, _Name]]] = defaultdict(list)
    for entity in entities:
        states[entity.iri] |= entity.states
        name = _parse(entity.name, rules)
        if name is not None:
            blocks[_block(entity.type, name)].append((entity, name))
    edges: dict[str, set[str]] = defaultdict(set)
    for block in blocks.values():
        if all(e.in_kb for e, _ in block):
            continue  # no article entity to place: the KB's own names are not compared
        for (a, name_a), (b, name_b) in combinations(block, 2):
            if a.iri == b.iri or (a.in_kb and b.in_kb) or b.iri in edges[a.iri]:
                continue
            sa, sb = states[a.iri], states[b.iri]
            if sa and sb and not sa & sb:
                continue  # a Russian and a Ukrainian official are two people
            if _middles_agree(name_a, name_b):
                edges[a.iri].add(b.iri)
                edges[b.iri].add(a.iri)
    return edges


def group_variants(entities: Iterable[Entity], *, rules: Rules | None = None) -> list[VariantGroup]:
    """Group entities that are spellings of one, by the rules in the module docstring.

    Args:
        entities: spellings of unlinked entities (and of KB entities, `in_kb`), any order;
            a KB entity's preferred label should come before its aliases.
        rules: folding rules; the bundled `name_variants.toml` by default.

    Returns:
        The groups of two or more IRIs with at least one unlinked entity, by canonical IRI.

    >>> found = group_variants([Entity("x:1", "Dmitri Ivanovsky", "Person", mentions=1),
    ...                         Entity("x:2", "Dmitry Ivanovsky", "Person", mentions=3),
    ...                         Entity("x:3", "Sergei Ivanovsky", "Person", mentions=9)])
    >>> [(g.canonical, g.name, g.members) for g in found]
    [('x:2', 'Dmitry Ivanovsky', ('x:1', 'x:2'))]
    """
    rules = rules or load_rules()
    spellings = list(entities)
    edges = _edges(spellings, rules)
    by_iri: dict[str, list[tuple[int, Entity]]] = defaultdict(list)
    for index, entity in enumerate(spellings):
        by_iri[entity.iri].append((index, entity))
    groups = []
    for part in _components(edges, edges):
        for members in _split(part, edges):
            if len(members) > 1:
                groups.append(_group(members, by_iri))
    return sorted(groups, key=lambda g: g.canonical)


def _group(members: set[str], by_iri: Mapping[str, list[tuple[int, Entity]]]) -> VariantGroup:
    def weight(iri: str) -> tuple[int, int]:
        return (
            sum(e.mentions for _, e in by_iri[iri]),
            sum(e.articles for _, e in by_iri[iri]),
        )

    known = sorted(m for m in members if any(e.in_kb for _, e in by_iri[m]))
    canonical = (
        known[0]
        if known
        else min(members, key=lambda m: (*(-w for w in weight(m)), _best(by_iri[m]).name, m))
    )
    seen = [e for m in members for _, e in by_iri[m] if not e.in_kb]
    seen.sort(key=lambda e: (-e.mentions, -e.articles, e.name))
    return VariantGroup(
        canonical=canonical,
        name=_best(by_iri[canonical]).name,
        members=tuple(sorted(members)),
        spellings=tuple(dict.fromkeys(e.name for e in seen)),
        in_kb=bool(known),
    )


def _best(spellings: Sequence[tuple[int, Entity]]) -> Entity:
    """An entity's most mentioned spelling; for a KB entity, the first given (its label)."""
    return min(spellings, key=lambda p: (-p[1].mentions, -p[1].articles, p[0]))[1]


_UNLINKED = """SELECT ?entity ?label ?class (COUNT(DISTINCT ?mention) AS ?mentions)
       (COUNT(DISTINCT ?g) AS ?articles)
       (GROUP_CONCAT(DISTINCT STR(?affiliation); separator=" ") AS ?affiliations)
WHERE { GRAPH ?g {
  ?entity tkg:linked false ; skos:prefLabel ?label ; a ?class .
  OPTIONAL { ?mention tkg:mentionOf ?entity }
  OPTIONAL { ?entity tkg:affiliation ?affiliation }
} }
GROUP BY ?entity ?label ?class"""


def read_entities(store: TreatyStore, actors: ActorIndex) -> list[Entity]:
    """Every spelling of every unlinked entity (one query over the article graphs), then
    every KB entity's label and aliases (the KB's cached entry list)."""
    found = []
    for row in store.query(_UNLINKED).records():
        affiliations = str(row["affiliations"] or "").split()
        found.append(
            Entity(
                iri=str(row["entity"]),
                name=str(row["label"]),
                type=str(row["class"]).rsplit("#", 1)[-1],
                states=frozenset(s for a in affiliations if (s := actors.state_of(a))),
                mentions=int(str(row["mentions"])),
                articles=int(str(row["articles"])),
            )
        )
    known = {kb.entity_key(iri): iri for iri in actors.labels}
    for entry in kb.entries(store):
        iri = known.get(entry.key)
        if iri is None:
            continue
        state = actors.state_of(iri)
        found += [
            Entity(iri, name, entry.type, frozenset([state] if state else []), in_kb=True)
            for name in (entry.label, *entry.aliases)
        ]
    return found


def group_triples(groups: Iterable[VariantGroup], computation: URIRef) -> list[Triple]:
    """The groups as RDF: a `tkg:EntityGroup` node each, and every member `owl:sameAs`
    the canonical one (the KB entity, if any)."""
    triples: list[Triple] = []
    for group in groups:
        node = iris.entity_group(group.canonical)
        canonical = URIRef(group.canonical)
        triples += [
            (node, RDF.type, TKG.EntityGroup),
            (node, TKG.canonicalEntity, canonical),
            (node, TKG.canonicalName, Literal(group.name)),
            (node, PROV.wasGeneratedBy, computation),
        ]
        triples += [(node, TKG.spelling, Literal(s)) for s in group.spellings]
        for member in map(URIRef, group.members):
            triples.append((node, TKG.member, member))
            if member != canonical:
                triples.append((member, OWL.sameAs, canonical))
    return triples


def groups_of(inputs: Inputs) -> list[VariantGroup]:
    """The entity groups of the whole store a derivation reads.

    Always computed over every article: one query and a pass over the names, cheap
    beside merging events, and a new spelling anywhere can join names read long before.
    """
    return group_variants(read_entities(inputs.store, inputs.actors))


def derived_triples(inputs: Inputs, computation: URIRef) -> list[Triple]:
    """The entity groups of the whole store, for the derived graph `derived/entities`."""
    return group_triples(inputs.groups, computation)


def same_as(groups: Iterable[VariantGroup]) -> dict[str, str]:
    """Each member of a group but its canonical entity, and that entity: the `owl:sameAs`
    links `group_triples` writes, as the network layer maps actors with them.

    >>> same_as([VariantGroup("x:2", "Dmitry Ivanovsky", ("x:1", "x:2"), (), False)])
    {'x:1': 'x:2'}
    """
    return {m: g.canonical for g in groups for m in g.members if m != g.canonical}


_SAME_AS = f"""SELECT ?member ?canonical WHERE {{
  GRAPH <{iris.derived_graph("entities")}> {{ ?member owl:sameAs ?canonical }}
}}"""


def read_same_as(store: TreatyStore) -> dict[str, str]:
    """The `owl:sameAs` links the last derivation wrote, as `same_as` returns them."""
    return {str(member): str(canonical) for member, canonical in store.query(_SAME_AS).rows}
