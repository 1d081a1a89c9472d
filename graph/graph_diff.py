"""Replacing named graphs by writing only their difference, one graph at a time.

A derivation mostly recomputes what the store holds already, and the engine's cost is per
statement written, so the derived layer is compared with what is stored, statement by
statement in the engine's own N-Triples spelling, and only the difference is written.

Graphs are compared one at a time, and each is written before the next is built: a
derivation's memory holds one graph's statements (twice: as stored and as wanted), never
every graph's. Each write is a transaction of at most `CHUNK_BYTES` of N-Triples through
the engine's load (a Graph Store POST on a remote store), so no write holds the layer
whole; `graph.derived` marks the layer in progress meanwhile.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef
from treatykg.graph.backends import EmbeddedBackend
from treatykg.graph.store import TreatyStore
from treatykg.graph.terms import Triple, n3, to_ox_quads

from treatykg.errors import StoreError

__all__ = ["CHUNK_BYTES", "Change", "Differ", "Writer"]

# A blank node in subject or object place (DELETE DATA cannot name one).
_BLANK = re.compile(r"^_:|\s_:\S+\s*\.$")

# The most N-Triples text one transaction writes: some 80,000 statements, a few hundred
# megabytes in the engine while it commits, whatever the size of the graph.
CHUNK_BYTES = 16 * 2**20


@dataclass(frozen=True)
class Change:
    """What replacing one graph takes: whether it changes, and the statements to write."""

    name: URIRef
    changed: bool  # the graph will hold other statements than it does (or come or go)
    drop: bool  # dropped whole first (emptied, or it holds blank nodes)
    deleted: str  # N-Triples lines; "" for none
    inserted: str


class Differ:
    """Compares graphs with what a store holds, one graph at a time.

    A scratch store in memory spells each wanted statement as the engine stores it (so
    that `0.0` and `0` of a double are one value): a new one per graph, since an engine in
    memory keeps every string it was given until it is dropped whole.
    """

    def __init__(self, store: TreatyStore) -> None:
        self._store = store
        self._present = set(store.named_graphs())

    def change(self, name: URIRef, triples: Iterable[Triple]) -> Change:
        """The change that makes graph `name` hold exactly `triples`."""
        if name not in self._present:
            # Nothing to compare with: the statements as they come, spelled by the engine
            # when it loads them.
            text = _ntriples(name, triples)
            return Change(name, changed=bool(text), drop=False, deleted="", inserted=text)
        held = _lines(self._store, name)
        with TreatyStore(EmbeddedBackend(None)) as scratch:  # loaded as the triples come
            scratch.replace_graphs([(name, triples)])
            new = _lines(scratch, name)
        old = held
        drop = not new or any(_BLANK.search(line) for line in old | new)
        if drop:
            old = set()  # an emptied graph goes by name too
        return Change(
            name,
            changed=held != new,
            drop=drop,
            deleted="".join(line + "\n" for line in sorted(old - new)),
            inserted="".join(line + "\n" for line in sorted(new - old)),
        )


class Writer:
    """Writes changes graph by graph, the new statements of small graphs gathered into one
    transaction of at most `chunk_bytes` of N-Triples (a large graph's split into several).

    Not atomic across transactions: a failure part-way leaves part of the changes, which
    the next derivation's comparison finds and completes (`graph.derived` marks the layer
    in progress until every graph is written). Call `flush` after the last change.
    """

    def __init__(self, store: TreatyStore, *, chunk_bytes: int = CHUNK_BYTES) -> None:
        self._store = store
        self._chunk = chunk_bytes
        self._pending: list[tuple[URIRef, bytes]] = []
        self._size = 0

    def write(self, change: Change) -> None:
        """Drop or delete what the change removes now; add what it inserts, now or with
        the next graphs'."""
        if not change.changed:
            return
        name = n3(change.name)
        if change.drop:
            self._store.update(f"DROP SILENT GRAPH {name}")
        for chunk in _chunks(change.deleted, self._chunk):
            self._store.update(f"DELETE DATA {{ GRAPH {name} {{ {chunk} }} }}")
        for chunk in _chunks(change.inserted, self._chunk):
            self._pending.append((change.name, chunk.encode()))
            self._size += len(chunk)
            if self._size >= self._chunk:
                self.flush()

    def flush(self) -> None:
        """Write the statements gathered so far, in one transaction."""
        if self._pending:
            self._store.add_triples(self._pending)
        self._pending, self._size = [], 0


def _chunks(text: str, size: int) -> Iterator[str]:
    """`text` in pieces of about `size` characters, each ending at a line's end."""
    at = 0
    while at < len(text):
        end = text.find("\n", min(at + size, len(text)) - 1)
        end = len(text) if end < 0 else end + 1
        yield text[at:end]
        at = end


def _ntriples(name: URIRef, triples: Iterable[Triple]) -> str:
    quads = to_ox_quads(name, triples)
    found = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return (found or b"").decode()


def _lines(store: TreatyStore, name: URIRef) -> set[str]:
    """The statements of a graph the store lists, as N-Triples lines (none when another
    tool's write emptied it since it was listed)."""
    out = io.BytesIO()
    try:
        store.export(out, "nt", graph=name)
    except StoreError:
        if store.has_graph(name):
            raise
        return set()
    return {line for line in out.getvalue().decode().splitlines() if line}
