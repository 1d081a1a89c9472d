"""The knowledge base: bundled and user Turtle files, read, checked, and turned into a lexicon.

The KB is data (`graph/kb/*.ttl`); this module only reads it. Users add their own
entries by pointing `--kb DIR` at more `.ttl` files, which load into the same KB graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from treatykg.graph import iris
from treatykg.graph.terms import Triple
from treatykg.graph.vocab import ID, TKG
from treatykg.ingest.lexicon import EntityInfo, Lexicon, LexiconEntry, Position

from treatykg.errors import KnowledgeBaseError

if TYPE_CHECKING:
    from treatykg.graph.store import TreatyStore

__all__ = [
    "BUNDLED_KB",
    "ENTITY_TYPES",
    "ONTOLOGY_FILE",
    "Entry",
    "LoadedKB",
    "describe",
    "entity_key",
    "entries",
    "fingerprint",
    "kb_files",
    "lexicon",
    "read_kb",
    "resolve",
    "standalone_lexicon",
]

ONTOLOGY_FILE = Path(__file__).with_name("ontology.ttl")
BUNDLED_KB = Path(__file__).with_name("kb")
# The gold format's entity types, each a class of the ontology.
ENTITY_TYPES = ("Treaty", "State", "Organization", "Person", "Other")


@dataclass(frozen=True)
class LoadedKB:
    ontology: list[Triple]
    triples: list[Triple]
    fingerprint: str
    files: tuple[Path, ...]


def kb_files(extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """The bundled KB files, then the user's, each folder in sorted order."""
    files = sorted(BUNDLED_KB.glob("*.ttl"))
    for folder in extra_dirs:
        folder = Path(folder)
        if folder.is_file() and folder.suffix == ".ttl":
            files.append(folder)
            continue
        if not folder.is_dir():
            raise KnowledgeBaseError(f"--kb {folder}: no such folder of .ttl files")
        found = sorted(folder.glob("*.ttl"))
        if not found:
            raise KnowledgeBaseError(f"--kb {folder}: the folder holds no .ttl files")
        files.extend(found)
    return files


def _parse(path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as err:  # rdflib raises parser-specific exceptions
        raise KnowledgeBaseError(f"{path}: not valid Turtle ({err})") from None
    return graph


def fingerprint(extra_dirs: Iterable[Path] = ()) -> str:
    """A hash of the ontology and every KB file's bytes: cheap, so a store can skip parsing."""
    digest = hashlib.sha256(ONTOLOGY_FILE.read_bytes())
    for path in kb_files(extra_dirs):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def read_kb(extra_dirs: Iterable[Path] = ()) -> LoadedKB:
    """Parse the ontology and every KB file; the fingerprint changes when any of them does."""
    files = kb_files(extra_dirs)
    ontology = _parse(ONTOLOGY_FILE)
    merged = Graph()
    for path in files:
        merged += _parse(path)
    stamp = fingerprint(extra_dirs)
    triples: list[Triple] = sorted(merged)  # type: ignore[arg-type]
    triples.append((iris.KB_GRAPH, TKG.fingerprint, Literal(stamp)))
    return LoadedKB(sorted(ontology), triples, stamp, tuple(files))  # type: ignore[arg-type]


def entity_key(iri: URIRef | str) -> str:
    """The key (`kind/slug`) of a KB entity IRI; IRIs from other namespaces are kept whole."""
    text = str(iri)
    return text[len(str(ID)) :] if text.startswith(str(ID)) else text


_LABELS = """
SELECT ?e ?type ?label ?rank WHERE {
  GRAPH ?kb {
    VALUES (?class ?type) { (tkg:Treaty "Treaty") (tkg:State "State")
                            (tkg:Organization "Organization") (tkg:Person "Person") (tkg:Other "Other") }
    ?e a ?class .
    { ?e skos:prefLabel ?label BIND(0 AS ?rank) }
    UNION { ?e skos:altLabel ?label BIND(1 AS ?rank) }
    UNION { ?e tkg:officialName ?label BIND(1 AS ?rank) }
    UNION { ?e tkg:metonym ?label BIND(2 AS ?rank) }
    UNION { ?e tkg:shortName ?label BIND(3 AS ?rank) }
  }
}
ORDER BY ?rank ?e ?label
"""


_INFO = """
SELECT ?e ?type ?label ?kind ?state
       (GROUP_CONCAT(DISTINCT ?short; separator="\u001f") AS ?shorts)
       (GROUP_CONCAT(DISTINCT ?demonym; separator="\u001f") AS ?demonyms) WHERE {
  GRAPH ?kb {
    VALUES (?class ?type) { (tkg:Treaty "Treaty") (tkg:State "State")
                            (tkg:Organization "Organization") (tkg:Person "Person") (tkg:Other "Other") }
    ?e a ?class ; skos:prefLabel ?label .
    OPTIONAL { ?e a ?kind . FILTER(?kind IN (tkg:GovernmentBody, tkg:NewsAgency,
                                             tkg:InternationalOrganization)) }
    OPTIONAL { ?e tkg:ofState ?state }
    OPTIONAL { ?e tkg:shortName ?short }
    OPTIONAL { ?e tkg:demonym ?demonym }
  }
}
GROUP BY ?e ?type ?label ?kind ?state
"""

_SIGNED = """
SELECT ?treaty (MIN(?date) AS ?signed) WHERE {
  GRAPH ?kb { ?fact tkg:treaty ?treaty ; tkg:eventType tkg:Signing ; tkg:date ?date }
}
GROUP BY ?treaty
"""

_POSITIONS = """
SELECT ?person ?position ?org ?state ?start ?end
       (GROUP_CONCAT(DISTINCT ?title; separator="\u001f") AS ?titles) WHERE {
  GRAPH ?kb {
    ?person tkg:position ?position .
    ?position org:organization ?org .
    OPTIONAL { ?position tkg:roleTitle ?title }
    OPTIONAL { ?org a tkg:State . BIND(?org AS ?orgState) }
    OPTIONAL { ?org tkg:ofState ?bodyState }
    BIND(COALESCE(?orgState, ?bodyState) AS ?state)
    OPTIONAL { ?position org:memberDuring/time:hasBeginning/time:inXSDDate ?start }
    OPTIONAL { ?position org:memberDuring/time:hasEnd/time:inXSDDate ?end }
  }
}
GROUP BY ?person ?position ?org ?state ?start ?end
"""


def _year(value: object) -> int | None:
    return int(str(value)[:4]) if value is not None else None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:  # a year or month alone in a user's KB
        return None


def entity_info(store: TreatyStore) -> list[EntityInfo]:
    """Per-entity facts the extractor uses: finer class, state, short names, positions,
    and a treaty's year of signature."""
    positions: dict[str, list[Position]] = {}
    for row in store.query(_POSITIONS, {"kb": iris.KB_GRAPH}).records():
        titles = tuple(t for t in str(row["titles"] or "").split("\u001f") if t)
        state = entity_key(str(row["state"])) if row["state"] is not None else None
        positions.setdefault(entity_key(str(row["person"])), []).append(
            Position(
                titles,
                state,
                _year(row["start"]),
                _year(row["end"]),
                _day(row["start"]),
                _day(row["end"]),
            )
        )
    signed = {
        entity_key(str(row["treaty"])): _year(row["signed"])
        for row in store.query(_SIGNED, {"kb": iris.KB_GRAPH}).records()
    }
    found = []
    for row in store.query(_INFO, {"kb": iris.KB_GRAPH}).records():
        key = entity_key(str(row["e"]))
        kind = str(row["kind"]).rsplit("#", 1)[-1] if row["kind"] is not None else None
        state = entity_key(str(row["state"])) if row["state"] is not None else None
        shorts = tuple(sorted(t for t in str(row["shorts"] or "").split("\u001f") if t))
        demonyms = tuple(sorted(t for t in str(row["demonyms"] or "").split("\u001f") if t))
        found.append(
            EntityInfo(
                key,
                str(row["type"]),
                str(row["label"]),
                kind,
                state,
                shorts,
                tuple(positions.get(key, ())),
                demonyms,
                signed.get(key),
            )
        )
    return found


def lexicon(store: TreatyStore) -> Lexicon:
    """Every label, alias and metonym in the store's KB, as a lexicon for mention finding.

    Canonical labels come first, so when an alias of one entity is another's name the
    name wins.
    """
    result = store.query(_LABELS, {"kb": iris.KB_GRAPH})
    entries = [
        LexiconEntry(
            str(row["label"]),
            entity_key(str(row["e"])),
            str(row["type"]),
            int(str(row["rank"])) == 2,
        )
        for row in result.records()
    ]
    return Lexicon.from_entries(entries, entity_info(store))


def standalone_lexicon(extra_dirs: Iterable[Path] = ()) -> Lexicon:
    """The lexicon of the bundled KB (plus `extra_dirs`) without any user store, for
    commands that only read articles (extract, eval) and for notebooks."""
    from treatykg.graph.store import open_store

    with open_store(":memory:", kb_dirs=extra_dirs) as memory:
        return lexicon(memory)


_ENTRIES = """
SELECT ?e ?type ?label (GROUP_CONCAT(DISTINCT ?alias; separator=" | ") AS ?aliases) WHERE {
  GRAPH ?kb {
    VALUES (?class ?type) { (tkg:Treaty "Treaty") (tkg:State "State")
                            (tkg:Organization "Organization") (tkg:Person "Person") (tkg:Other "Other") }
    ?e a ?class ; skos:prefLabel ?label .
    OPTIONAL { { ?e skos:altLabel ?alias } UNION { ?e tkg:metonym ?alias } UNION { ?e tkg:shortName ?alias } }
  }
}
GROUP BY ?e ?type ?label
ORDER BY ?type ?label
"""


@dataclass(frozen=True)
class Entry:
    """One KB entity as `treatykg kb list` shows it."""

    key: str
    type: str
    label: str
    aliases: tuple[str, ...]


def entries(store: TreatyStore, *, type: str | None = None) -> list[Entry]:
    """The KB's entities, optionally of one type (Treaty, State, Organization, Person, Other)."""
    if type is not None and type.capitalize() not in ENTITY_TYPES:
        raise KnowledgeBaseError(f"unknown type {type!r}; use one of {', '.join(ENTITY_TYPES)}")
    cached = store.kb_cache.get("entries")
    if not isinstance(cached, tuple):
        rows = store.query(_ENTRIES, {"kb": iris.KB_GRAPH}).records()
        cached = tuple(
            Entry(
                entity_key(str(row["e"])),
                str(row["type"]),
                str(row["label"]),
                tuple(sorted(a for a in str(row["aliases"] or "").split(" | ") if a)),
            )
            for row in rows
        )
        store.kb_cache["entries"] = cached
    found: tuple[Entry, ...] = cached
    if type is None:
        return list(found)
    return [e for e in found if e.type == type.capitalize()]


def _name_index(
    store: TreatyStore,
) -> tuple[dict[str, tuple[Entry, ...]], dict[str, tuple[Entry, ...]]]:
    """Casefolded keys, slugs and labels, and separately aliases, to the entries they name.

    Named queries resolve a parameter on every call, so a lookup, not a scan of the KB.
    """
    cached = store.kb_cache.get("names")
    if isinstance(cached, tuple):
        return cached
    names: dict[str, list[Entry]] = {}
    aliases: dict[str, list[Entry]] = {}
    for entry in entries(store):
        for text in {entry.key.casefold(), entry.key.split("/")[-1], entry.label.casefold()}:
            names.setdefault(text, []).append(entry)
        for text in {a.casefold() for a in entry.aliases}:
            aliases.setdefault(text, []).append(entry)
    index = (
        {k: tuple(v) for k, v in names.items()},
        {k: tuple(v) for k, v in aliases.items()},
    )
    store.kb_cache["names"] = index
    return index


def resolve(store: TreatyStore, name: str, *, type: str | None = None) -> Entry:
    """The one KB entity that `name` (a key, label, alias or metonym) denotes.

    Raises:
        KnowledgeBaseError: no entity or several match; the message lists close names.
    """
    if type is not None and type.capitalize() not in ENTITY_TYPES:
        raise KnowledgeBaseError(f"unknown type {type!r}; use one of {', '.join(ENTITY_TYPES)}")
    wanted = name.strip().casefold()
    names, aliases = _name_index(store)
    hits: list[Entry] = []
    for index in (names, aliases):
        hits = [e for e in index.get(wanted, ()) if type is None or e.type == type.capitalize()]
        if hits:
            break
    if len(hits) == 1:
        return hits[0]
    if not hits:
        pool = entries(store, type=type)
        close = sorted({e.label for e in pool if wanted[:4] in e.label.casefold()})[:8]
        hint = (
            f" Did you mean: {', '.join(close)}?"
            if close
            else " `treatykg kb list` shows them all."
        )
        raise KnowledgeBaseError(
            f"no {type or 'entity'} named {name!r} in the knowledge base.{hint}"
        )
    raise KnowledgeBaseError(
        f"{name!r} names several entities: {', '.join(e.label for e in hits)}; use one of their keys: "
        + ", ".join(e.key for e in hits)
    )


def describe(store: TreatyStore, key: str) -> list[tuple[str, str]]:
    """(property, value) pairs stated about one KB entity, for `treatykg kb show`."""
    from treatykg.graph.vocab import PREFIXES

    rows = store.query(
        "SELECT ?p ?o WHERE { GRAPH ?kb { ?e ?p ?o } } ORDER BY ?p ?o",
        {"kb": iris.KB_GRAPH, "e": iris.entity(key)},
    )

    def short(term: object) -> str:
        text = str(term)
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns) and prefix != "id":
                return f"{prefix}:{text[len(ns) :]}"
        return text[len(str(ID)) :] if text.startswith(str(ID)) else text

    return [(short(r["p"]), short(r["o"])) for r in rows.records()]
