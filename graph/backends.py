"""The engines behind the store facade: embedded Oxigraph (on disk or in memory) and remote SPARQL.

Each backend runs fully bound SPARQL text, replaces named graphs atomically, and dumps and
loads RDF; the facade in `store.py` adds everything that is the same for all of them.
"""

from __future__ import annotations

import http.client
import json
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox
from rdflib import URIRef
from treatykg.graph import shards
from treatykg.graph.locking import StoreLock
from treatykg.graph.terms import Term, Triple, from_ox, n3, to_ox
from treatykg.graph.vocab import EXPORT_PREFIXES

from treatykg.errors import QueryError, StoreError, StoreOutcomeUnknown

__all__ = [
    "RDF_FORMATS",
    "Backend",
    "EmbeddedBackend",
    "QueryResult",
    "RemoteBackend",
    "Restored",
]

# Our format names -> (pyoxigraph format, media type). N-Quads is the durable backup format.
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "nq": (ox.RdfFormat.N_QUADS, "application/n-quads"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
_QUAD_FORMATS = {"nq", "trig", "jsonld"}
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(<[^>]*>)", re.IGNORECASE)
_PREFIXED_FORMATS = {"ttl", "trig"}  # the formats with @prefix, for people to read
# An update at least this long (a chunk of DELETE DATA) is flushed to disk at once; small
# ones are not, since a flush costs a tenth of a second whatever its size.
_FLUSHED_UPDATE = 1 << 20
# A single-graph format without --graph gets the union: each triple once, by subject.
_UNION = (
    "SELECT DISTINCT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } "
    "ORDER BY ?s ?p ?o"
)


@dataclass
class QueryResult:
    """What a query returned: rows for SELECT, a boolean for ASK, triples for CONSTRUCT.

    A named query that pages answers one page; `next_offset` is then the offset of the
    next one when this page is full (there may be more rows), so that code reading a
    result can tell a page from the whole answer, as the CLI and the pages do.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    next_offset: int | None = None

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
    def replace_nquads(
        self, graphs: Sequence[str], nquads: bytes, *, bulk: bool = False
    ) -> None: ...
    def add_triples(self, graphs: Sequence[tuple[str, bytes]]) -> None: ...
    def named_graphs(self) -> list[URIRef]: ...
    def dump(self, out: IO[bytes], fmt: str, graph: URIRef | None = None) -> None: ...
    def restore(self, data: bytes, fmt: str, *, whole: bool = False) -> Restored: ...
    def load_shard(
        self, path: Path, *, bulk: bool = False, chunk_quads: int = ...
    ) -> shards.Loaded: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Restored:
    """What an import wrote: quads, and the graphs it replaced (the default graph counts).
    `upgraded_from` names the model an old export was in, since its quads were rewritten
    on the way in (graph/upgrade.py) and the user should know the file was not taken as is."""

    quads: int
    graphs: int
    upgraded_from: str | None = None


def _parse_all(data: bytes, fmt: str) -> list[ox.Quad]:
    """Every quad of an RDF file, or a one-line error before anything is written."""
    try:
        quads = list(ox.parse(data, RDF_FORMATS[fmt][0]))
    except (SyntaxError, ValueError) as err:
        raise StoreError(f"not valid {fmt}: {_one_line(str(err))}; nothing was imported") from None
    if not quads:  # never let an empty file empty a store
        raise StoreError("holds no RDF statements; nothing was imported")
    if any(isinstance(q.graph_name, ox.BlankNode) for q in quads):  # SPARQL cannot name one
        raise StoreError(
            "names a graph by a blank node, which a store cannot restore; give the graph an "
            "IRI; nothing was imported"
        )
    return quads


def _scan_all(data: bytes, fmt: str) -> tuple[int, dict[object, None]]:
    """The quad count and graph names (in order) of an RDF file, read as it parses so that
    no list of its quads is held; or a one-line error before anything is written."""
    count = 0
    graphs: dict[object, None] = {}
    try:
        for quad in ox.parse(data, RDF_FORMATS[fmt][0]):
            if isinstance(quad.graph_name, ox.BlankNode):  # SPARQL cannot name one
                raise StoreError(
                    "names a graph by a blank node, which a store cannot restore; give the "
                    "graph an IRI; nothing was imported"
                )
            graphs[quad.graph_name] = None
            count += 1
    except (SyntaxError, ValueError) as err:
        raise StoreError(f"not valid {fmt}: {_one_line(str(err))}; nothing was imported") from None
    if not count:  # never let an empty file empty a store
        raise StoreError("holds no RDF statements; nothing was imported")
    return count, graphs


def _update_parts(quads: Iterable[ox.Quad], graphs: Iterable[object], whole: bool) -> Iterator[str]:
    """The text of one SPARQL update that empties what a restore replaces (`graphs`, or all
    of them when `whole`), then inserts `quads`, piece by piece as the quads come.

    One request is one transaction on every engine we support, so a restore either
    lands whole or not at all.
    """
    if whole:
        yield "DROP SILENT ALL ;\n"
    else:
        for g in graphs:
            yield (
                "DROP SILENT DEFAULT ;\n"
                if isinstance(g, ox.DefaultGraph)
                else f"DROP SILENT GRAPH {g} ;\n"
            )
    yield "INSERT DATA { "
    current: object = None
    for q in quads:  # a backup lists each graph's quads together: one GRAPH block each
        if q.graph_name != current:
            if current is not None and not isinstance(current, ox.DefaultGraph):
                yield "} "
            current = q.graph_name
            if not isinstance(current, ox.DefaultGraph):
                yield f"GRAPH {current} {{ "
        yield f"{q.subject} {q.predicate} {q.object} . "
    if current is not None and not isinstance(current, ox.DefaultGraph):
        yield "} "
    yield "}"


def _restore_update(quads: Sequence[ox.Quad], whole: bool) -> str:
    """One SPARQL update that empties what a restore replaces, then inserts its quads."""
    return "".join(_update_parts(quads, dict.fromkeys(q.graph_name for q in quads), whole))


def _one_line(text: str, limit: int = 300) -> str:
    """A server's message as part of a one-line error: whitespace runs and controls as spaces."""
    flat = re.sub(r"[\s\x00-\x1f\x7f]+", " ", text).strip()
    return flat if len(flat) <= limit else "..." + flat[-limit:]


def _drop_and_insert(graphs: Sequence[str], nquads: bytes) -> str:
    """One SPARQL update that replaces each graph with its quads in `nquads`; engines run
    one request as one transaction. A graph without quads is dropped."""
    try:
        quads = list(ox.parse(nquads, ox.RdfFormat.N_QUADS))
    except SyntaxError as err:
        raise StoreError(f"the engine cannot read this data: {err}; nothing was written") from None
    present = {q.graph_name for q in quads}
    emptied = [
        f"DROP SILENT GRAPH {name}" for name in map(ox.NamedNode, graphs) if name not in present
    ]
    return " ;\n".join([*emptied, _restore_update(quads, whole=False)] if quads else emptied)


def _collect(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """An engine result read whole into our QueryResult (rdflib terms)."""
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
            return _collect(self._store.query(sparql))
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except (OSError, RuntimeError) as err:
            # Results stream: a SERVICE call that fails does so while rows are read.
            services = ", ".join(_SERVICE.findall(sparql))
            where = f" (it calls SERVICE {services})" if services else ""
            raise StoreError(
                f"the query on {self.location} failed{where}: {_one_line(str(err))}"
            ) from None

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
        if self.kind == "embedded" and len(sparql) >= _FLUSHED_UPDATE:
            # As after a load (`_commit`): without it each large DELETE DATA of a derivation
            # stayed in RocksDB's write buffers, some 75 MB per 16 MiB chunk.
            self._store.flush()

    def replace_nquads(self, graphs: Sequence[str], nquads: bytes, *, bulk: bool = False) -> None:
        """Replace `graphs` with the quads of `nquads`, in one transaction unless `bulk`.

        New graphs only (ingest's usual case): the engine's transactional load of the
        N-Quads, no term built in Python; with `bulk`, its bulk loader, twice as fast or
        more but not atomic: a crash part-way leaves part of the quads, which loading the
        same graphs again replaces whole (a re-run ingest does, through the path below).
        When some graphs exist, their drop and the insert must be one transaction, and
        pyoxigraph 0.5 has none spanning two calls (`remove_graph` and `load` each commit
        on their own): a SPARQL update is the one call that does both. The quads are
        pyoxigraph's own writing (`graph.quads`, its serializer), every IRI checked when
        its term was built, so the loaders skip checking them again (`lenient`).
        """
        self._require_writable()
        if not graphs:
            return
        if any(self._store.contains_named_graph(ox.NamedNode(name)) for name in graphs):
            update = _drop_and_insert(graphs, nquads)
            self._commit(lambda: self._store.update(update), "written")
        elif bulk:
            self._commit(
                lambda: self._store.bulk_load(nquads, ox.RdfFormat.N_QUADS, lenient=True),
                "written",
                flush=False,
            )
        else:
            self._commit(
                lambda: self._store.load(nquads, ox.RdfFormat.N_QUADS, lenient=True), "written"
            )

    def add_triples(self, graphs: Sequence[tuple[str, bytes]]) -> None:
        """Add N-Triples to graphs, all in one transaction: the engine's own load of them as
        N-Quads, no SPARQL text to parse (the derived layer's write path; a transaction and
        flush per small graph cost 0.14 s each, most of a derivation's write)."""
        self._require_writable()
        # In N-Triples a line ends with " .\n" and nothing else does (a literal's line
        # breaks are escaped), so naming the graph there makes each line a quad.
        nquads = b"".join(
            text.replace(b" .\n", b" " + str(ox.NamedNode(graph)).encode() + b" .\n")
            for graph, text in graphs
        )
        self._commit(lambda: self._store.load(nquads, ox.RdfFormat.N_QUADS), "written")

    def _commit(self, write: Callable[[], None], done: str, *, flush: bool = True) -> None:
        """Run one write (a transaction, or a bulk load), translating the engine's errors;
        `done` says what none of happened when it fails ("written", "imported").

        `flush` False is for the bulk loader, which writes table files of its own and
        leaves no write buffer behind. RocksDB's flush waits until it would cause no write
        stall, so a flush after each bulk load waited for the compaction of the files the
        loads before it had added: once a store held tens of millions of quads, ingest
        spent most of its time there, the workers idle. Without it, the quads of 40,000
        generated articles bulk-load in 483 s at a flat rate, against 1,223 s with it.
        The compaction skipped here runs later, in the background; paying for it up front
        did not make the derivation after ingest any faster. At 10,000 articles, measured in
        one hour, a flush after each load took ingest from 226 s to 242 s, and one full
        compaction at the end (`Store.optimize`) to 262 s. The derivation after them
        took 498, 569 and 578 s, within how much one run differs from the next here (15-30%).
        """
        try:
            write()
        except SyntaxError as err:
            raise StoreError(
                f"the engine cannot read this data: {err}; nothing was {done}"
            ) from None
        except OSError as err:
            raise StoreError(f"writing {self.location} failed, nothing was {done}: {err}") from None
        if flush and self.kind == "embedded":
            # Left to itself RocksDB keeps every column family's write buffers in memory
            # until they fill (over a gigabyte); flushing after each transaction keeps
            # ingest's memory flat however many articles it writes, and costs no speed.
            self._store.flush()

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs())

    def dump(self, out: IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        rdf_format = RDF_FORMATS[fmt][0]
        prefixes = EXPORT_PREFIXES if fmt in _PREFIXED_FORMATS else None
        if graph is None and fmt not in _QUAD_FORMATS:
            union = self._store.query(_UNION)
            assert isinstance(union, ox.QuerySolutions)
            triples = (ox.Triple(row[0], row[1], row[2]) for row in union)
            ox.serialize(triples, out, rdf_format, prefixes=prefixes)
            return
        source = None if graph is None else ox.NamedNode(str(graph))
        self._store.dump(out, rdf_format, from_graph=source, prefixes=prefixes)

    def _holds(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
        if isinstance(graph, ox.DefaultGraph):
            return (
                next(iter(self._store.quads_for_pattern(None, None, None, graph)), None) is not None
            )
        return bool(self._store.contains_named_graph(graph))

    def restore(self, data: bytes, fmt: str, *, whole: bool = False) -> Restored:
        """Replace each graph the data holds (every graph, when `whole`), in one transaction."""
        self._require_writable()
        quads = _parse_all(data, fmt)
        graphs = {q.graph_name for q in quads}
        self._replace_with(quads, graphs, whole=whole, done="imported")
        return Restored(len(quads), len(graphs))

    def _replace_with(
        self, quads: Sequence[ox.Quad], graphs: Iterable[object], *, whole: bool, done: str
    ) -> None:
        """One transaction in which each of `graphs` (every graph, when `whole`) becomes `quads`'."""
        if not whole and not any(self._holds(g) for g in graphs):  # type: ignore[arg-type]
            self._commit(lambda: self._store.extend(quads), done)  # nothing to replace
        else:
            self._commit(lambda: self._store.update(_restore_update(quads, whole)), done)

    def load_shard(
        self, path: Path, *, bulk: bool = False, chunk_quads: int = shards.DEFAULT_CHUNK_QUADS
    ) -> shards.Loaded:
        """Write one shard, checked whole first: through the bulk loader when `bulk` and none
        of its graphs is in the store yet, else in transactions of whole graphs (about
        `chunk_quads` quads each), in which each graph replaces the store's graph of that name.

        Neither is one transaction for the whole shard, so memory stays one batch however
        large the shard: the bulk loader writes the store's files directly, and a crash
        part-way leaves part of the shard, which loading it again replaces whole.
        """
        self._require_writable()
        count, graphs = shards.scan(path)
        if not count:
            return shards.Loaded(0, 0)
        if bulk and not any(self._holds(g) for g in graphs):
            try:
                with shards.open_shard(path) as stream:
                    self._store.bulk_load(stream, ox.RdfFormat.N_QUADS)
            except (OSError, SyntaxError, EOFError) as err:
                raise StoreError(
                    f"the bulk load of {path} into {self.location} failed part-way "
                    f"({_one_line(str(err))}); load it again to replace what it wrote"
                ) from None
            return shards.Loaded(count, len(graphs), bulk=True)
        written: set[object] = set()  # a graph the shard lists twice: its second run adds
        for batch in shards.batches(shards.quads(path), chunk_quads):
            names = dict.fromkeys(q.graph_name for q in batch)
            fresh = [g for g in names if g not in written]
            written.update(names)
            if not any(self._holds(g) for g in fresh):
                self._commit(lambda b=batch: self._store.extend(b), "loaded of this batch")  # type: ignore[misc]
            else:
                update = "".join(_update_parts(batch, fresh, whole=False))
                self._commit(lambda u=update: self._store.update(u), "loaded of this batch")  # type: ignore[misc]
        return shards.Loaded(count, len(graphs))

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
        direct: bool = False,
    ) -> None:
        self.kind = "remote"
        self.location = query_url
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.writable = writable and update_url is not None
        self.timeout = timeout
        self._has_graph_store: bool | None = None  # found out on first use
        # `direct`: never through the proxy that http_proxy names (treatykg serve asking
        # itself on an address that no no_proxy list holds).
        handlers = [urllib.request.ProxyHandler({})] if direct else []
        self._opener = urllib.request.build_opener(*handlers)

    def _fetch(self, request: urllib.request.Request, what: str) -> tuple[int, bytes]:
        """The status and whole body of a reply; every way it can fail is one StoreError line.

        A 404 comes back as (404, b"") for the caller to judge; a 400 is a QueryError (the
        request itself was wrong), any other error status a StoreError naming it.
        """
        url = request.full_url
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return int(response.status), body
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return 404, b""
            try:
                detail = _one_line(err.read().decode("utf-8", "replace"))
            except (OSError, http.client.HTTPException):
                detail = err.reason
            if err.code == 400:
                raise QueryError(f"{url} rejected the request: {detail}") from None
            raise StoreError(f"{url} answered HTTP {err.code} to {what}: {detail}") from None
        # The request went out: an update may have been applied before the reply was lost.
        except TimeoutError:
            raise StoreOutcomeUnknown(
                f"{url} did not answer {what} within {self.timeout:g} s; nothing more was read"
            ) from None
        except http.client.HTTPException as err:  # the reply broke off (IncompleteRead, ...)
            raise StoreOutcomeUnknown(f"{url} broke off its reply to {what}: {err!r}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def _post(self, url: str, form: dict[str, str], accept: str, what: str) -> tuple[int, bytes]:
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(form).encode(),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        status, body = self._fetch(request, what)
        if status == 404:
            raise StoreError(f"{url} answered HTTP 404 to {what}: no SPARQL endpoint there")
        return status, body

    def query(self, sparql: str) -> QueryResult:
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        status, body = self._post(self.query_url, {"query": sparql}, accept, "a query")
        try:
            if body.lstrip().startswith(b"{"):
                return _parse_json_results(json.loads(body))
            if not body.strip():
                raise ValueError("an empty reply")
            triples = [
                (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                for t in ox.parse(body, ox.RdfFormat.N_TRIPLES)
            ]
        except (ValueError, SyntaxError, KeyError, TypeError, AttributeError):
            # Oxigraph streams its results: a query stopped at the server's timeout, or a
            # SERVICE call that failed, ends a 200 reply half-way with the error's text.
            raise StoreError(
                f"{self.query_url} answered HTTP {status} but its reply is not complete "
                f"SPARQL results (the query may have hit the server's timeout or a failing "
                f"SERVICE); it ends: {_one_line(body.decode('utf-8', 'replace'), 160)!r}"
            ) from None
        return QueryResult("CONSTRUCT", triples=triples)

    def update(self, sparql: str) -> None:
        if not self.writable or self.update_url is None:
            raise StoreError(f"no update URL for {self.query_url}; the store is read-only")
        self._post(self.update_url, {"update": sparql}, "*/*", "an update")

    def replace_nquads(self, graphs: Sequence[str], nquads: bytes, *, bulk: bool = False) -> None:
        """One SPARQL update, atomic on the server, whether `bulk` or not."""
        if graphs:
            self.update(_drop_and_insert(graphs, nquads))

    def add_triples(self, graphs: Sequence[tuple[str, bytes]]) -> None:
        """Add N-Triples to graphs: a Graph Store POST each, atomic on the server (an
        INSERT DATA update when the store has no Graph Store URL)."""
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")
        for graph, text in graphs:
            if not self.graph_store_url:
                self.update(f"INSERT DATA {{ GRAPH {ox.NamedNode(graph)} {{ {text.decode()} }} }}")
                continue
            self._send(self._graph_url(ox.NamedNode(graph)), "POST", text, len(text),
                       "application/n-triples", "a Graph Store write")  # fmt: skip

    def named_graphs(self) -> list[URIRef]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(URIRef(str(row[0])) for row in result.rows if row[0] is not None)

    def _graph_store_get(self, graph: URIRef | None) -> bytes:
        """One graph as N-Triples through the Graph Store Protocol (None: the default graph)."""
        name = ox.DefaultGraph() if graph is None else ox.NamedNode(str(graph))
        request = urllib.request.Request(
            self._graph_url(name), headers={"Accept": "application/n-triples"}
        )
        status, body = self._fetch(request, "a Graph Store read")
        if status == 404 and graph is None:
            raise StoreError(f"{self.graph_store_url} answered HTTP 404: no Graph Store there")
        return body  # a named graph answering 404 went away since it was listed: nothing

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
            body = self._graph_store_get(name)
            try:
                triples = list(ox.parse(body, ox.RdfFormat.N_TRIPLES))
            except SyntaxError as err:
                raise StoreError(
                    f"{self.graph_store_url} sent graph {name or 'default'} cut short or "
                    f"garbled ({_one_line(str(err))}); nothing more was exported"
                ) from None
            for triple in triples:
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

    def _union(self) -> Iterator[ox.Triple]:
        for s, p, o in self.query(_UNION).rows:
            yield ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]

    def dump(self, out: IO[bytes], fmt: str, graph: URIRef | None = None) -> None:
        rdf_format = RDF_FORMATS[fmt][0]
        prefixes = EXPORT_PREFIXES if fmt in _PREFIXED_FORMATS else None
        if fmt in _QUAD_FORMATS:
            ox.serialize(self._quads(graph), out, rdf_format, prefixes=prefixes)
        elif graph is None:
            ox.serialize(self._union(), out, rdf_format, prefixes=prefixes)
        else:
            triples = (q.triple for q in self._quads(graph))
            ox.serialize(triples, out, rdf_format, prefixes=prefixes)

    def restore(self, data: bytes, fmt: str, *, whole: bool = False) -> Restored:
        """Replace each graph the data holds (every graph, when `whole`): one update request.

        The request is one transaction on the server, so the restore lands whole or not at
        all. Its text is written to a temporary file as the data is parsed and sent from
        there, so the client holds the file's bytes and no list of its quads (the server
        still reads the one update whole: for more than it can hold, `load` sends chunks).
        """
        if not self.writable or self.update_url is None:
            raise StoreError(f"no update URL for {self.query_url}; the store is read-only")
        count, graphs = _scan_all(data, fmt)
        with tempfile.TemporaryFile() as body:
            for piece in _update_parts(ox.parse(data, RDF_FORMATS[fmt][0]), graphs, whole):
                body.write(piece.encode())
            size = body.tell()
            body.seek(0)
            self._send(
                self.update_url, "POST", body, size, "application/sparql-update", "an update"
            )
        return Restored(count, len(graphs))

    def _send(
        self, url: str, method: str, body: IO[bytes] | bytes, size: int, media: str, what: str
    ) -> int:
        """Send a request body of `size` bytes; its status, a 404 as a StoreError naming `url`."""
        request = urllib.request.Request(
            url,
            data=body,
            method=method,
            headers={"Content-Type": media, "Content-Length": str(size), "Accept": "*/*"},
        )
        status, _ = self._fetch(request, what)
        if status == 404:
            raise StoreError(f"{url} answered HTTP 404 to {what}: no endpoint there")
        return status

    def load_shard(
        self, path: Path, *, bulk: bool = False, chunk_quads: int = shards.DEFAULT_CHUNK_QUADS
    ) -> shards.Loaded:
        """Write one shard through the Graph Store Protocol, checked whole first, in requests
        of at most `chunk_quads` triples of one graph: the first replaces the graph (PUT),
        the next add to it (POST), so the client's memory is one chunk whatever the size.

        Each request is atomic, the shard is not: a failure part-way leaves the graphs sent
        so far, and loading the shard again replaces them whole.
        """
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")
        if not self.graph_store_url:
            raise StoreError(f"no Graph Store URL for {self.location}; give --graph-store-url")
        count, graphs = shards.scan(path)
        started: set[object] = set()
        for graph, triples in shards.chunks(shards.quads(path), chunk_quads):
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            method = "POST" if graph in started else "PUT"
            started.add(graph)
            self._send(self._graph_url(graph), method, body, len(body),
                       "application/n-triples", "a Graph Store write")  # fmt: skip
        return shards.Loaded(count, len(graphs))

    def _graph_url(self, graph: ox.NamedNode | ox.DefaultGraph) -> str:
        """The Graph Store URL of one graph (`?default` for the default graph)."""
        assert self.graph_store_url is not None
        query = (
            "default"
            if isinstance(graph, ox.DefaultGraph)
            else urllib.parse.urlencode({"graph": graph.value})
        )
        separator = "&" if "?" in self.graph_store_url else "?"
        return f"{self.graph_store_url}{separator}{query}"

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
                        normalize=False,  # keep the server's lexical form: exports must match
                    )
                )
        rows.append(tuple(row))
    return QueryResult("SELECT", variables=names, rows=rows)
