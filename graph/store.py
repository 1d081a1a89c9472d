"""The store facade: one API over embedded Oxigraph, in-memory Oxigraph and remote SPARQL.

`open_store` picks the backend from the location (a directory, ``:memory:``, or an
``http(s)://`` endpoint) and makes sure the ontology and the knowledge base are loaded.
Parameters are bound as RDF terms in a VALUES block, never pasted into query text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from treatykg.graph import iris, kb
from treatykg.graph.backends import (
    RDF_FORMATS,
    Backend,
    EmbeddedBackend,
    QueryResult,
    RemoteBackend,
)
from treatykg.graph.terms import Triple, n3
from treatykg.graph.vocab import PREFIXES

from treatykg.errors import QueryError, StoreError

__all__ = [
    "DEFAULT_STORE",
    "RDF_FORMATS",
    "QueryResult",
    "TreatyStore",
    "bind",
    "open_store",
    "resolve_location",
]

DEFAULT_STORE = "treatykg-data"
MEMORY = ":memory:"
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

BindingValue = Node | str | int | float | bool | date


def resolve_location(location: str | os.PathLike[str] | None) -> str:
    """The store to use: the argument, else $TREATYKG_STORE, else ./treatykg-data."""
    if location is not None and str(location):
        return str(location)
    return os.environ.get("TREATYKG_STORE") or DEFAULT_STORE


def to_term(value: BindingValue) -> Node:
    """A Python value as the RDF term a parameter binds.

    >>> to_term(date(2026, 2, 5)).n3()
    '"2026-02-05"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if isinstance(value, Node):
        return value
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    return Literal(value)


@lru_cache(maxsize=256)
def _where_braces(sparql: str) -> tuple[int, ...]:
    """Indexes of the `{` opening each WHERE pattern (subqueries too), skipping strings, IRIs, comments.

    A parameter is bound in every WHERE, so that a subquery sees the same value as the
    outer query: the substitution semantics of SPARQL 1.2's SEP-0007, on any engine.
    """
    i, n = 0, len(sparql)
    first_brace = -1
    found: list[int] = []
    while i < n:
        c = sparql[i]
        if c == "#":
            i = sparql.find("\n", i)
            i = n if i < 0 else i
        elif c in "\"'":
            quote = c * 3 if sparql.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            i = j + len(quote)
            continue
        elif c == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", sparql[i:]):
            i = sparql.index(">", i)
        elif c == "{" and first_brace < 0:
            first_brace = i
        elif sparql[i : i + 5].upper() == "WHERE" and not (i and sparql[i - 1].isalnum()):
            brace = sparql.find("{", i + 5)
            if brace >= 0:
                found.append(brace)
                i = brace
        i += 1
    if found:
        return tuple(found)
    if first_brace < 0:
        raise QueryError("the query has no { ... } pattern to bind parameters into")
    return (first_brace,)


def bind(sparql: str, bindings: Mapping[str, BindingValue]) -> str:
    """The query with its parameters bound as typed RDF terms in VALUES blocks.

    Every engine joins VALUES as data, so a value can never change the query's shape.

    >>> print(bind("SELECT ?s WHERE { ?s ?p ?o }", {"o": "x\\" } ; DROP ALL ; #"}))
    SELECT ?s WHERE { VALUES (?o) { ("x\\" } ; DROP ALL ; #") } ?s ?p ?o }
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.match(name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(n3(to_term(value)) for value in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    out = sparql
    for at in reversed(_where_braces(sparql)):
        out = out[: at + 1] + block + out[at + 1 :]
    return out


@lru_cache(maxsize=1)
def _prologue() -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


class TreatyStore:
    """A treatykg graph store, whatever engine is behind it.

    Open one with `open_store`; close it (or use `with`) to release the directory lock.
    """

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        # What is read from the KB graph once per open store (kb.entries); any write that
        # may touch the KB empties it. Article writes cannot, so ingest keeps it.
        self.kb_cache: dict[str, object] = {}

    @property
    def kind(self) -> str:
        """`embedded`, `memory` or `remote`."""
        return self._backend.kind

    @property
    def location(self) -> str:
        return self._backend.location

    @property
    def writable(self) -> bool:
        return self._backend.writable

    def query(self, sparql: str, bindings: Mapping[str, BindingValue] | None = None) -> QueryResult:
        """Run a SPARQL query with treatykg's prefixes declared and parameters bound."""
        return self._backend.query(self.prepare(sparql, bindings))

    @staticmethod
    def prepare(sparql: str, bindings: Mapping[str, BindingValue] | None = None) -> str:
        """The exact text `query` sends to the engine: prefixes, then parameters bound."""
        return _prologue() + bind(sparql, bindings or {})

    def update(self, sparql: str) -> None:
        self.kb_cache.clear()
        self._backend.update(_prologue() + sparql)

    def replace_graphs(self, graphs: Sequence[tuple[URIRef, Sequence[Triple]]]) -> None:
        """Replace each named graph whole with the triples given, all or nothing."""
        self._backend.replace_graphs(graphs)

    def named_graphs(self) -> list[URIRef]:
        return self._backend.named_graphs()

    def article_graphs(self) -> list[URIRef]:
        return [g for g in self.named_graphs() if iris.article_key_of_graph(g) is not None]

    def has_graph(self, graph: URIRef) -> bool:
        return bool(self._backend.query(f"ASK {{ GRAPH {n3(graph)} {{ ?s ?p ?o }} }}").boolean)

    def export(self, out: IO[bytes], fmt: str = "nq", *, graph: URIRef | None = None) -> None:
        """Write the whole dataset (or one graph) to a binary stream in one of RDF_FORMATS.

        N-Quads and TriG keep named graphs; Turtle and N-Triples need `graph`.
        """
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
        if fmt in {"ttl", "nt"} and graph is None:
            raise StoreError(
                f"{fmt} holds a single graph; export with --format nq or trig for the whole "
                "store, or name one graph with --graph"
            )
        self._backend.dump(out, fmt, graph)

    def import_data(self, data: bytes, fmt: str = "nq") -> None:
        """Load an export back (one transaction): the durable restore path across versions."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown import format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
        self.kb_cache.clear()
        self._backend.load(data, fmt)

    def ensure_kb(self, kb_dirs: Iterable[Path] = ()) -> bool:
        """Load the ontology and the KB when missing or changed; True when they were (re)loaded.

        Only the files' bytes are hashed on every open; they are parsed only when the hash
        differs from the one stored, so opening a store stays fast.
        """
        kb_dirs = list(kb_dirs)
        if not self.writable:
            kb.kb_files(kb_dirs)  # still report a bad --kb folder to readers
            return False
        if kb_fingerprint(self) == kb.fingerprint(kb_dirs):
            return False
        loaded = kb.read_kb(kb_dirs)
        self.kb_cache.clear()
        self.replace_graphs(
            [(iris.ONTOLOGY_GRAPH, loaded.ontology), (iris.KB_GRAPH, loaded.triples)]
        )
        return True

    def count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            sparql = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {n3(graph)} {{ ?s ?p ?o }} }}"
        value = self._backend.query(sparql).rows[0][0]
        return int(value) if value is not None else 0

    def close(self) -> None:
        self._backend.close()

    def __enter__(self) -> TreatyStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<TreatyStore {self.kind} {self.location}>"


def _endpoints(
    url: str, update_url: str | None, graph_store_url: str | None
) -> tuple[str, str, str]:
    """Query, update and Graph Store URLs from one base: `/query` -> `/update` and `/store`,
    as Oxigraph names them (Fuseki: `/update` and `/data`; GraphDB differs, see docs/store.md).

    A bare server URL means Oxigraph's layout; any other path is taken as the query URL
    itself (GraphDB's `/repositories/ID`), with the others beside it unless given.

    >>> _endpoints("http://localhost:7878/query", None, None)[1:]
    ('http://localhost:7878/update', 'http://localhost:7878/store')
    >>> _endpoints("http://localhost:7878", None, None)[0]
    'http://localhost:7878/query'
    >>> _endpoints("http://db:7200/repositories/tkg", None, None)[0]
    'http://db:7200/repositories/tkg'
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/sparql") or path.endswith("/query"):
        base = path.rsplit("/", 1)[0]
        query_path = path
    elif not path:
        base, query_path = path, "/query"
    else:
        base, query_path = path, path
    query_url = urlunsplit(parts._replace(path=query_path))
    return (
        query_url,
        update_url or urlunsplit(parts._replace(path=base + "/update")),
        graph_store_url or urlunsplit(parts._replace(path=base + "/store")),
    )


def open_store(
    location: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    kb_dirs: Iterable[Path] = (),
    update_url: str | None = None,
    graph_store_url: str | None = None,
) -> TreatyStore:
    """Open (creating if needed) a treatykg store.

    Args:
        location: A directory (embedded Oxigraph), ``:memory:``, or an ``http(s)://`` SPARQL
            endpoint; None means $TREATYKG_STORE or ``./treatykg-data``.
        read_only: Open for reading only; any number of readers may share a directory.
        kb_dirs: Folders of extra KB ``.ttl`` files loaded beside the bundled KB.
        update_url: For remote stores whose update URL is not the query URL's sibling.
        graph_store_url: For remote stores whose Graph Store Protocol URL is not the query
            URL's sibling ``/store``; exports fall back to SPARQL when none answers.

    Returns:
        The open store, with the ontology and the KB loaded when it is writable.

    Raises:
        StoreLockedError: another process holds the directory.
        StoreError: the location cannot be opened.

    >>> with open_store(":memory:") as store:
    ...     store.count(iris.KB_GRAPH) > 1000
    True
    """
    where = resolve_location(location)
    backend: Backend
    if where.startswith(("http://", "https://")):
        query_url, update, graph_store = _endpoints(where, update_url, graph_store_url)
        backend = RemoteBackend(
            query_url, update, graph_store_url=graph_store, writable=not read_only
        )
    elif where == MEMORY:
        backend = EmbeddedBackend(None)
    else:
        path = Path(where).expanduser()
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, not a store directory; pick another --store")
        backend = EmbeddedBackend(path, writable=not read_only)
    store = TreatyStore(backend)
    try:
        store.ensure_kb(kb_dirs)
    except BaseException:
        store.close()
        raise
    return store


def kb_fingerprint(store: TreatyStore) -> str | None:
    """The fingerprint of the KB files the store was last loaded from."""
    rows = store.query(
        "SELECT ?f WHERE { GRAPH ?g { ?g tkg:fingerprint ?f } }", {"g": iris.KB_GRAPH}
    )
    return str(rows.rows[0][0]) if rows.rows else None
