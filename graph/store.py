"""The store facade: one API over embedded Oxigraph, in-memory Oxigraph and remote SPARQL.

`open_store` picks the backend from the location (a directory, ``:memory:``, or an
``http(s)://`` endpoint) and makes sure the ontology and the knowledge base are loaded.
Parameters are bound as RDF terms in a VALUES block, never pasted into query text.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from treatykg.graph import backup, iris, kb, shards, upgrade
from treatykg.graph.backends import (
    RDF_FORMATS,
    Backend,
    EmbeddedBackend,
    QueryResult,
    RemoteBackend,
    Restored,
    holds_store,
)
from treatykg.graph.terms import Triple, n3, to_ox_quads
from treatykg.graph.vocab import EXPORT_PREFIXES, PREFIXES

from treatykg.errors import QueryError, StoreError, StoreLockedError

__all__ = [
    "DEFAULT_STORE",
    "RDF_FORMATS",
    "QueryResult",
    "Restored",
    "TreatyStore",
    "bind",
    "check_iri",
    "open_store",
    "resolve_location",
]

DEFAULT_STORE = "treatykg-data"
MEMORY = ":memory:"
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NOT_IN_IRIS = re.compile(r'[<>"{}|^`\\\x00-\x20\x7f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

BindingValue = Node | str | int | float | bool | date


def resolve_location(location: str | os.PathLike[str] | None) -> str:
    """The store to use: the argument, else $TREATYKG_STORE, else ./treatykg-data."""
    if location is not None and str(location):
        return str(location)
    return os.environ.get("TREATYKG_STORE") or DEFAULT_STORE


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted for a one-line message: escapes visible, long values cut."""
    text = repr(value if len(value) <= limit else value[:limit])
    return text if len(value) <= limit else text + "..."


def check_iri(value: str, what: str = "the IRI") -> URIRef:
    """`value` as an IRI, or a QueryError naming `what` and the value when it is none.

    An absolute IRI has a scheme and none of the characters that would end it inside
    SPARQL or N-Quads text (`<>"{}|^` backtick, backslash, spaces and controls).

    >>> check_iri("https://w3id.org/treatykg/id/graph/kb", "--graph")
    rdflib.term.URIRef('https://w3id.org/treatykg/id/graph/kb')
    >>> check_iri("https://e.org/a>b", "parameter treaty")
    Traceback (most recent call last):
    ...
    treatykg.errors.QueryError: parameter treaty: 'https://e.org/a>b' is not a valid IRI: it contains '>'
    """
    bad = _NOT_IN_IRIS.search(value)
    if bad is not None:
        reason = f"it contains {bad[0]!r}"
    elif not _SCHEME.match(value):
        reason = "it has no scheme such as https: (give the full IRI)"
    else:
        try:
            ox.NamedNode(value)
            return URIRef(value)
        except ValueError as err:
            reason = str(err).encode("unicode_escape").decode("ascii")
    raise QueryError(f"{what}: {_shown(value)} is not a valid IRI: {reason}")


def to_term(value: BindingValue) -> Node:
    """A Python value as the RDF term a parameter binds.

    >>> to_term(date(2026, 2, 5)).n3()
    '"2026-02-05"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if isinstance(value, Node):  # an IRI was checked by `bind`, which names its parameter
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
    terms = []
    for name, value in bindings.items():
        if isinstance(value, URIRef):
            check_iri(str(value), f"parameter {name}")
        try:
            terms.append(n3(to_term(value)))
        except (ValueError, TypeError) as err:
            raise QueryError(
                f"parameter {name}: {_shown(str(value))} cannot be bound: {err}"
            ) from None
    values = " ".join(terms)
    block = f" VALUES ({names}) {{ ({values}) }}"
    out = sparql
    for at in reversed(_where_braces(sparql)):
        out = out[: at + 1] + block + out[at + 1 :]
    return out


@lru_cache(maxsize=1)
def _prologue() -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


@contextmanager
def _streamed(backend: Backend, fmt: str, graph: URIRef | None) -> Iterator[Iterator[ox.Quad]]:
    """The statements `backend` dumps in `fmt`, parsed as they come through a pipe.

    The engine dumps in a thread while the caller reads, so a dataset of any size is
    re-serialized without being held in memory or written twice. A failed dump is raised
    here, in place of the parse error its cut-short output would cause.
    """
    read_end, write_end = os.pipe()
    reader, writer = os.fdopen(read_end, "rb"), os.fdopen(write_end, "wb")
    stopped = threading.Event()  # the reader gave up: the dump's broken pipe is no news
    failed: list[BaseException] = []

    def dump() -> None:
        try:
            with writer:
                backend.dump(writer, fmt, graph)
        except BaseException as err:  # raised again in the caller's thread
            if not stopped.is_set():
                failed.append(err)

    thread = threading.Thread(target=dump, name="treatykg-export", daemon=True)
    thread.start()
    try:
        yield ox.parse(reader, RDF_FORMATS[fmt][0])
    except BaseException:
        stopped.set()
        reader.close()
        thread.join()
        if failed:
            raise failed[0] from None
        raise
    reader.close()
    thread.join()
    if failed:
        raise failed[0]


class TreatyStore:
    """A treatykg graph store, whatever engine is behind it.

    Open one with `open_store`; close it (or use `with`) to release the directory lock.
    """

    def __init__(self, backend: Backend, kb_dirs: Iterable[Path] = ()) -> None:
        self._backend = backend
        # The --kb folders it was opened with: a restore brings the KB back to them.
        self.kb_dirs = list(kb_dirs)
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

    def replace_graphs(self, graphs: Sequence[tuple[URIRef, Iterable[Triple]]]) -> None:
        """Replace each named graph whole with the triples given (read once, as they
        come), all or nothing."""
        quads = (quad for name, triples in graphs for quad in to_ox_quads(name, triples))
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        self.replace_nquads([str(name) for name, _ in graphs], nquads)

    def replace_nquads(self, graphs: Sequence[str], nquads: bytes, *, bulk: bool = False) -> None:
        """Replace each named graph in `graphs` whole with its quads in `nquads`, all or
        nothing (unless `bulk`).

        The write path of ingest: the N-Quads of a batch of articles (`graph.quads`), each
        quad in one of `graphs`; a graph with none in them is emptied. On an embedded store
        a batch of new graphs is the engine's transactional load, with no term built in
        Python; see `backends.EmbeddedBackend.replace_nquads`.

        Args:
            graphs: The IRIs of the graphs replaced.
            nquads: Their quads, as N-Quads.
            bulk: For graphs new to a new store: an embedded store bulk-loads them, which
                is not atomic (a crash part-way leaves part of them); writing the same
                graphs again, without `bulk`, repairs that. Remote stores ignore it.
        """
        self._backend.replace_nquads(graphs, nquads, bulk=bulk)

    def add_triples(self, graphs: Sequence[tuple[URIRef, bytes]]) -> None:
        """Add N-Triples to graphs through the engine's load, in one transaction (a Graph
        Store POST per graph on a remote store); the derived layer writes so, in chunks."""
        self.kb_cache.clear()
        self._backend.add_triples([(str(graph), text) for graph, text in graphs])

    def named_graphs(self) -> list[URIRef]:
        return self._backend.named_graphs()

    def load_shard(
        self, path: Path, *, bulk: bool = False, chunk_quads: int = shards.DEFAULT_CHUNK_QUADS
    ) -> shards.Loaded:
        """Write one N-Quads shard, each graph it holds replacing the store's graph of that
        name; see `graph.loading.load`."""
        self.kb_cache.clear()
        return self._backend.load_shard(path, bulk=bulk, chunk_quads=chunk_quads)

    def article_graphs(self) -> list[URIRef]:
        return [g for g in self.named_graphs() if iris.article_key_of_graph(g) is not None]

    def has_graph(self, graph: URIRef) -> bool:
        return bool(self._backend.query(f"ASK {{ GRAPH {n3(graph)} {{ ?s ?p ?o }} }}").boolean)

    def export(self, out: IO[bytes], fmt: str = "nq", *, graph: URIRef | str | None = None) -> None:
        """Write the whole dataset (or one graph) to a binary stream in one of RDF_FORMATS.

        N-Quads and TriG keep named graphs; Turtle and N-Triples hold one graph, so without
        `graph` they get the union of all graphs, each triple once. N-Quads and TriG end
        with a trailer that `import_data` checks, so a backup cut short is never half
        restored; Turtle and TriG declare treatykg's prefixes (see EXPORT_PREFIXES).

        Raises:
            QueryError: `graph` is not an IRI.
            StoreError: the format is unknown, or the store has no such graph.
            OSError: `out` cannot be written (a full disk, a closed pipe).
        """
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
        target = None if graph is None else check_iri(str(graph), "--graph")
        if target is not None and not self.has_graph(target):
            raise StoreError(
                f"{self.location} has no graph <{target}>, so there is nothing to export; "
                "list its graphs with: treatykg query 'SELECT DISTINCT ?g WHERE "
                "{ GRAPH ?g { ?s ?p ?o } }'"
            )
        if fmt == "trig":
            self._export_trig(out, target)
        elif fmt == "nq":
            framed = backup.FramedWriter(out, fmt)
            self._backend.dump(framed, fmt, target)  # type: ignore[arg-type]
            framed.finish()
        else:
            self._backend.dump(out, fmt, target)

    def _export_trig(self, out: IO[bytes], graph: URIRef | None) -> None:
        """TriG re-serialized from the engine's N-Quads as they stream, so that its trailer
        can count the quads (TriG has no one-quad-a-line to count)."""
        framed = backup.FramedWriter(out, "trig")
        written = 0

        def counted(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
            nonlocal written
            for quad in quads:
                written += 1
                yield quad

        with _streamed(self._backend, "nq", graph) as quads:
            ox.serialize(
                counted(quads),
                framed,  # type: ignore[arg-type]
                RDF_FORMATS["trig"][0],
                prefixes=EXPORT_PREFIXES,
            )
        framed.finish(written)

    def import_data(
        self,
        data: bytes,
        fmt: str = "nq",
        *,
        replace: bool = False,
        verify: bool = True,
        name: str = "the data",
    ) -> Restored:
        """Restore an export, in one transaction: the durable path across versions.

        Each graph in the data replaces the store's graph of that name, so restoring an
        older backup brings those graphs back as they were rather than merging old and
        new; graphs the data does not hold stay. With `replace` the whole store becomes
        what the data holds (then the KB is loaded again if the data had none). A treatykg
        N-Quads or TriG backup must end with its trailer, unless `verify` is False.

        Args:
            data: The file's bytes.
            fmt: One of RDF_FORMATS; Turtle and N-Triples restore the default graph.
            replace: Empty the store first (a whole-store restore).
            verify: Check a treatykg backup's trailer (False salvages a damaged one).
            name: What to call the data in errors (the file's name).

        Raises:
            StoreError: the format is unknown, the data is empty, cut short, changed
                since it was written, or not valid; nothing was imported.
        """
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown import format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
        data = backup.unframe(data, name, fmt, verify=verify)
        if not data or data.isspace():
            raise StoreError(f"{name}: holds no RDF; nothing was imported")
        old = upgrade.is_old_model(data, fmt)  # an export from before ontology 0.2.0
        if old:
            data, fmt = upgrade.upgrade(data, fmt), "nq"
        self.kb_cache.clear()
        try:
            restored = self._backend.restore(data, fmt, whole=replace)
        except StoreError as err:
            raise StoreError(f"{name}: {err}") from None
        self.ensure_kb(self.kb_dirs)  # what the next writer would do: the KB its files say
        return dataclasses.replace(restored, upgraded_from=upgrade.OLD_MODEL) if old else restored

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
    """Open a treatykg store, creating it when opened for writing.

    Args:
        location: A directory (embedded Oxigraph), ``:memory:``, or an ``http(s)://`` SPARQL
            endpoint; None means $TREATYKG_STORE or ``./treatykg-data``.
        read_only: Open for reading only; any number of readers may share a directory.
            A reader never creates a store; it loads the KB into a directory that lacks
            one (its creation was cut short), taking the write lock for that moment.
        kb_dirs: Folders of extra KB ``.ttl`` files loaded beside the bundled KB.
        update_url: For remote stores whose update URL is not the query URL's sibling.
        graph_store_url: For remote stores whose Graph Store Protocol URL is not the query
            URL's sibling ``/store``; exports fall back to SPARQL when none answers.

    Returns:
        The open store, with the ontology and the KB loaded when it is writable.

    Raises:
        StoreLockedError: another process holds the directory.
        StoreError: the location cannot be opened, holds no store (read-only), or lacks
            its KB while others have it open.

    >>> with open_store(":memory:") as store:
    ...     store.count(iris.KB_GRAPH) > 1000
    True
    """
    where = resolve_location(location)
    kb_dirs = list(kb_dirs)
    if where.startswith(("http://", "https://")):
        query_url, update, graph_store = _endpoints(where, update_url, graph_store_url)
        remote = RemoteBackend(
            query_url, update, graph_store_url=graph_store, writable=not read_only
        )
        return _with_kb(remote, kb_dirs)
    if where == MEMORY:
        return _with_kb(EmbeddedBackend(None), kb_dirs)
    path = Path(where).expanduser()
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store directory; pick another --store")
    store = _with_kb(EmbeddedBackend(path, writable=not read_only), kb_dirs)
    if not read_only or kb_fingerprint(store) is not None:
        return store
    # A store whose first write never happened (killed in its first moments) has no KB,
    # and every name lookup would fail as if the treaty did not exist. Readers load it.
    store.close()
    _load_missing_kb(path, kb_dirs)
    return _with_kb(EmbeddedBackend(path, writable=False), kb_dirs)


def _with_kb(backend: Backend, kb_dirs: list[Path]) -> TreatyStore:
    """The store over `backend`, its KB brought up to date when it is writable."""
    store = TreatyStore(backend, kb_dirs)
    try:
        store.ensure_kb(kb_dirs)
    except BaseException:
        store.close()
        raise
    return store


def _load_missing_kb(path: Path, kb_dirs: list[Path]) -> None:
    """Open the store for writing just long enough to load its KB; readers elsewhere block it."""
    if not holds_store(path):
        return  # gone since: the read-only open that follows says so
    try:
        _with_kb(EmbeddedBackend(path), kb_dirs).close()
    except StoreLockedError as err:
        raise StoreError(
            f"the store at {path} has no knowledge base (its creation was cut short), and it "
            f"cannot be loaded while others have the store open: {err}"
        ) from None


def kb_fingerprint(store: TreatyStore) -> str | None:
    """The fingerprint of the KB files the store was last loaded from."""
    rows = store.query(
        "SELECT ?f WHERE { GRAPH ?g { ?g tkg:fingerprint ?f } }", {"g": iris.KB_GRAPH}
    )
    return str(rows.rows[0][0]) if rows.rows else None
