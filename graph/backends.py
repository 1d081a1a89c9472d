"""The engines behind the store facade: embedded Oxigraph (on disk or in memory) and remote SPARQL.

Each backend runs fully bound SPARQL text, replaces named graphs atomically, and dumps and
loads RDF; the facade in `store.py` adds everything that is the same for all of them.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox
from rdflib import URIRef
from treatykg.graph.locking import StoreLock
from treatykg.graph.terms import Term, Triple, from_ox, n3, to_ox_quads

from treatykg.errors import QueryError, StoreError

__all__ = ["RDF_FORMATS", "Backend", "EmbeddedBackend", "QueryResult", "RemoteBackend"]

# Our format names -> (pyoxigraph format, media type). N-Quads is the durable backup format.
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "nq": (ox.RdfFormat.N_QUADS, "application/n-quads"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
_QUAD_FORMATS = {"nq", "trig", "jsonld"}


@dataclass
class QueryResult:
    """What a query returned: rows for SELECT, a boolean for ASK, triples for CONSTRUCT."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)

    def records(self) -> list[dict[str, Term | None]]:
        """Rows as dicts keyed by variable name, the shape most callers want."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "SELECT" else len(self.triples)


class Backend(Protocol):
    kind: str
    location: str
    writable: bool

    def query(self, sparql: str) -> QueryResult: ...
    def update(self, sparql: str) -> None: ...
    def replace_graphs(self, graphs: Sequence[tuple[URIRef, Sequence[Triple]]]) -> None: ...
    def named_graphs(self) -> list[URIRef]: ...
    def dump(self, out: IO[bytes], fmt: str, graph: URIRef | None = None) -> None: ...
    def load(self, data: bytes, fmt: str, graph: URIRef | None = None) -> None: ...
    def close(self) -> None: ...


def _drop_and_insert(graphs: Sequence[tuple[URIRef, Sequence[Triple]]]) -> str:
    """One SPARQL update that replaces each graph; engines run one request as one transaction."""
    parts = [f"DROP SILENT GRAPH {n3(name)}" for name, _ in graphs]
    body = " ".join(
        f"GRAPH {n3(name)} {{ "
        + " ".join(f"{n3(s)} {n3(p)} {n3(o)} ." for s, p, o in triples)
        + " }"
        for name, triples in graphs
        if triples
    )
    if body:
        parts.append(f"INSERT DATA {{ {body} }}")
    return " ;\n".join(parts)


def holds_store(path: Path) -> bool:
    """Whether a directory already holds an Oxigraph store (RocksDB writes CURRENT first)."""
    return (path / "CURRENT").exists()


class EmbeddedBackend:
    """Oxigraph in this process: on disk in a directory, or in memory when `path` is None."""

    def __init__(self, path: Path | None, *, writable: bool = True) -> None:
        self.writable = writable
        self.kind = "memory" if path is None else "embedded"
        self.location = ":memory:" if path is None else str(path)
        self._lock: StoreLock | None = None
        if path is None:
            self._store = ox.Store()
            return
        fresh = not holds_store(path)
        if fresh and not writable:
            raise StoreError(
                f"no treatykg store at {path}; create one with `treatykg ingest --store {path} ...`"
            )
        self._lock = StoreLock(path, write=writable).acquire()
        try:
            self._store = ox.Store(str(path)) if writable else ox.Store.read_only(str(path))
        except OSError as err:
            self._lock.release()
            raise StoreError(f"cannot open the store at {path}: {err}") from None

    def query(self, sparql: str) -> QueryResult:
        try:
            result = self._store.query(sparql)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except OSError as err:
            raise StoreError(f"reading {self.location} failed: {err}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows = [
                tuple(None if value is None else from_ox(value) for value in solution)
                for solution in result
            ]
            return QueryResult("SELECT", variables=names, rows=rows)
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
        return QueryResult("CONSTRUCT", triples=triples)

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")

    def update(self, sparql: str) -> None:
        self._require_writable()
        try:
            self._store.update(sparql)
        except SyntaxError as err:
            raise QueryError(f"SPARQL update syntax error: {err}") from None
        except OSError as err:
            raise StoreError(f"writing {self.location} failed: {err}") from None

    def replace_graphs(self, graphs: Sequence[tuple[URIRef, Sequence[Triple]]]) -> None:
        self._require_writable()
        if not graphs:
            return
        existing = any(
            self._store.contains_named_graph(ox.NamedNode(str(name))) for name, _ in graphs
        )
        try:
            if existing:
                self._store.update(_drop_and_insert(graphs))
            else:
                # New graphs only: one transactional extend, the engine's fast path.
                self._store.extend(
                    [quad for name, triples in graphs for quad in to_ox_quads(name, triples)]
                )
        except OSError as err:
            raise StoreError(
                f"writing {self.location} failed, nothing was written: {err}"
            ) from None
        if self.kind == "embedded":
            # Left to itself RocksDB keeps every column family's write buffers in memory
            # until they fill (over a gigabyte); flushing after each transaction keeps
            # ingest's memory flat however many articles it writes, and costs no speed.
            self._store.flush()

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs())

    def dump(self, out: IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        rdf_format = RDF_FORMATS[fmt][0]
        if graph is not None:
            self._store.dump(out, rdf_format, from_graph=ox.NamedNode(str(graph)))
        elif fmt in _QUAD_FORMATS:
            self._store.dump(out, rdf_format)
        else:
            self._store.dump(out, rdf_format, from_graph=ox.DefaultGraph())

    def load(self, data: bytes, fmt: str, graph: URIRef | None = None) -> None:
        self._require_writable()
        rdf_format = RDF_FORMATS[fmt][0]
        target = ox.NamedNode(str(graph)) if graph is not None else None
        try:
            if target is None:
                self._store.load(data, rdf_format)
            else:
                self._store.load(data, rdf_format, to_graph=target)
        except SyntaxError as err:
            raise StoreError(f"the data is not valid {fmt}: {err}; nothing was loaded") from None

    def close(self) -> None:
        if self.writable and self.kind == "embedded":
            self._store.flush()
        del self._store
        if self._lock is not None:
            self._lock.release()
            self._lock = None


class RemoteBackend:
    """A SPARQL 1.1 endpoint (query and update URLs) spoken to over HTTP with the stdlib.

    Writes go as SPARQL Update, one request per batch, which Oxigraph, Fuseki and GraphDB
    apply atomically: the Graph Store Protocol would need one PUT per graph, and a failure
    between two of them would leave a batch half written. Exports read each graph whole
    through the Graph Store Protocol, where the server serializes it; a server without
    one is read through SPARQL instead.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None,
        *,
        graph_store_url: str | None = None,
        writable: bool = True,
        timeout: float = 60,
    ) -> None:
        self.kind = "remote"
        self.location = query_url
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.writable = writable and update_url is not None
        self.timeout = timeout
        self._has_graph_store: bool | None = None  # found out on first use

    def _post(self, url: str, form: dict[str, str], accept: str) -> bytes:
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(form).encode(),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()[:500]
            if err.code == 400:
                raise QueryError(f"{url} rejected the request: {detail}") from None
            raise StoreError(f"{url} answered HTTP {err.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def query(self, sparql: str) -> QueryResult:
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        body = self._post(self.query_url, {"query": sparql}, accept)
        if body.lstrip().startswith(b"{"):
            return _parse_json_results(json.loads(body))
        triples = [
            (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
            for t in ox.parse(body, ox.RdfFormat.N_TRIPLES)
        ]
        return QueryResult("CONSTRUCT", triples=triples)

    def update(self, sparql: str) -> None:
        if not self.writable or self.update_url is None:
            raise StoreError(f"no update URL for {self.query_url}; the store is read-only")
        self._post(self.update_url, {"update": sparql}, "*/*")

    def replace_graphs(self, graphs: Sequence[tuple[URIRef, Sequence[Triple]]]) -> None:
        if graphs:
            self.update(_drop_and_insert(graphs))

    def named_graphs(self) -> list[URIRef]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(URIRef(str(row[0])) for row in result.rows if row[0] is not None)

    def _graph_store_get(self, graph: URIRef | None) -> bytes:
        """One graph as N-Triples through the Graph Store Protocol (None: the default graph)."""
        assert self.graph_store_url is not None
        query = "default" if graph is None else urllib.parse.urlencode({"graph": str(graph)})
        separator = "&" if "?" in self.graph_store_url else "?"
        request = urllib.request.Request(
            f"{self.graph_store_url}{separator}{query}", headers={"Accept": "application/n-triples"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as err:
            if err.code == 404 and graph is not None:
                return b""  # the graph went away since it was listed: nothing to export
            detail = err.read().decode("utf-8", "replace").strip()[:300]
            raise StoreError(
                f"{self.graph_store_url} answered HTTP {err.code} to a Graph Store read: {detail}"
            ) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(
                f"cannot reach the graph store {self.graph_store_url}: {reason}"
            ) from None

    def uses_graph_store(self) -> bool:
        """Whether exports go through the Graph Store Protocol: the URL is set and answers."""
        if self._has_graph_store is None:
            self._has_graph_store = False
            if self.graph_store_url:
                try:
                    self._graph_store_get(None)
                    self._has_graph_store = True
                except StoreError:
                    pass  # no Graph Store there (404, 405, not reachable): SPARQL does the job
        return self._has_graph_store

    def _graph_store_quads(self, graph: URIRef | None) -> Iterator[ox.Quad]:
        """The dataset (or one graph) graph by graph, so memory holds one graph at a time."""
        names: list[URIRef | None] = [graph] if graph is not None else [None, *self.named_graphs()]
        for name in names:
            target = ox.DefaultGraph() if name is None else ox.NamedNode(str(name))
            for triple in ox.parse(self._graph_store_get(name), ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, target)

    def _quads(self, graph: URIRef | None) -> Iterator[ox.Quad]:
        if self.uses_graph_store():
            yield from self._graph_store_quads(graph)
            return
        if graph is not None:
            where = f"GRAPH {n3(graph)} {{ ?s ?p ?o }} BIND({n3(graph)} AS ?g)"
        else:
            where = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
        result = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}")
        for s, p, o, g in result.rows:
            line = f"{n3(s)} {n3(p)} {n3(o)} {n3(g) if g is not None else ''} .\n"  # type: ignore[arg-type]
            yield from ox.parse(line.encode(), ox.RdfFormat.N_QUADS)

    def dump(self, out: IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        quads = self._quads(graph)
        if fmt not in _QUAD_FORMATS:
            triples = (
                q.triple
                for q in quads
                if graph is not None or isinstance(q.graph_name, ox.DefaultGraph)
            )
            ox.serialize(triples, out, RDF_FORMATS[fmt][0])
        else:
            ox.serialize(quads, out, RDF_FORMATS[fmt][0])

    def load(self, data: bytes, fmt: str, graph: URIRef | None = None) -> None:
        target = ox.NamedNode(str(graph)) if graph is not None else None
        try:
            quads = list(ox.parse(data, RDF_FORMATS[fmt][0]))
        except SyntaxError as err:
            raise StoreError(f"the data is not valid {fmt}: {err}; nothing was loaded") from None
        body = " ".join(
            (
                f"GRAPH {target or q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
                if target is not None or not isinstance(q.graph_name, ox.DefaultGraph)
                else f"{q.subject} {q.predicate} {q.object} ."
            )
            for q in quads
        )
        self.update(f"INSERT DATA {{ {body} }}")

    def close(self) -> None:
        """Nothing to release: every request opened and closed its own connection."""


def _parse_json_results(data: dict[str, object]) -> QueryResult:
    from rdflib import BNode, Literal

    if "boolean" in data:
        return QueryResult("ASK", boolean=bool(data["boolean"]))
    head = data.get("head", {})
    names = tuple(head.get("vars", [])) if isinstance(head, dict) else ()
    bindings = data.get("results", {})
    rows = []
    for binding in bindings.get("bindings", []) if isinstance(bindings, dict) else []:
        row: list[Term | None] = []
        for name in names:
            cell = binding.get(name)
            if cell is None:
                row.append(None)
            elif cell["type"] == "uri":
                row.append(URIRef(cell["value"]))
            elif cell["type"] == "bnode":
                row.append(BNode(cell["value"]))
            else:
                datatype = cell.get("datatype")
                row.append(
                    Literal(
                        cell["value"],
                        lang=cell.get("xml:lang"),
                        datatype=URIRef(datatype) if datatype else None,
                    )
                )
        rows.append(tuple(row))
    return QueryResult("SELECT", variables=names, rows=rows)
