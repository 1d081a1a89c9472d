"""Replacing named graphs by writing only their difference, one graph at a time.

A derivation mostly recomputes what the store holds already, and the engine's cost is per
statement written, so the derived layer is compared with what is stored, statement by
statement in the engine's own N-Triples spelling, and only the difference is written.

Graphs are compared one at a time, and each is written before the next is built. Memory
does not grow with a graph (the status graph reaches millions of statements at 100,000
articles): the stored and the wanted statements are each sorted in runs of at most
`RUN_STATEMENTS` lines, a graph larger than one run going to temporary files run by run,
and the two sorted streams are compared line by line, the difference going to temporary
files. Those hold up to `SPOOL_BYTES` in memory before they go to the disk, so that the
many small graphs (the event partitions) never touch it; the disk holds some three times
a large graph's N-Triples meanwhile, until it is written. Each write is a transaction of
at most `CHUNK_BYTES` of N-Triples through the engine's load (a Graph Store POST on a
remote store), so no write holds the layer whole; `graph.derived` marks the layer in
progress meanwhile.
"""

from __future__ import annotations

import heapq
import itertools
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

import pyoxigraph as ox
from rdflib import URIRef
from treatykg.graph.store import TreatyStore
from treatykg.graph.terms import Triple, n3, to_ox_quads

from treatykg.errors import StoreError

__all__ = ["CHUNK_BYTES", "RUN_STATEMENTS", "SPOOL_BYTES", "Change", "Differ", "Lines", "Writer"]

# A blank node in subject or object place (DELETE DATA cannot name one).
_BLANK = re.compile(rb"^_:|\s_:\S+\s*\.$")

# The most N-Triples text one transaction writes: some 80,000 statements, a few hundred
# megabytes in the engine while it commits, whatever the size of the graph.
CHUNK_BYTES = 16 * 2**20

# The most statements sorted in memory at once, on either side of a comparison. With the
# scratch store that spells them, a run costs some 100 MB at its peak (160 MB at 100,000
# statements, for no time saved); a graph of 2,000,000 statements spans 40 runs a side.
RUN_STATEMENTS = 50_000

# A graph's difference stays in memory up to this size, then goes to a temporary file.
SPOOL_BYTES = 4 * 2**20

_NT = ox.RdfFormat.N_TRIPLES
_BUFFERED = 4096  # lines gathered before a write, a Python call per line costing most


class Lines:
    """N-Triples lines to write, in a temporary file that stays in memory until it holds
    `spool_bytes`: a small graph's difference never touches the disk, a large one's never
    fills memory. Close it (or let `Writer.write` do) to let go of the file."""

    def __init__(self, *, spool_bytes: int = SPOOL_BYTES) -> None:
        # Closed by `close`: it outlives this call, until the change is written.
        self._file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=spool_bytes)  # noqa: SIM115
        self._buffer: list[bytes] = []

    def add(self, line: bytes) -> None:
        """Add one line (ending with its line break)."""
        self._buffer.append(line)
        if len(self._buffer) >= _BUFFERED:
            self._flush()

    def add_triples(self, triples: Iterable[ox.Triple]) -> None:
        """Add the triples as they come, in the engine's N-Triples."""
        self._flush()
        ox.serialize(triples, self._file, _NT)

    def clear(self) -> None:
        """Forget every line: a graph that goes by drop is written whole instead."""
        self._buffer.clear()
        self._file.seek(0)
        self._file.truncate()

    def size(self) -> int:
        """How many bytes the lines take."""
        self._flush()
        return self._file.seek(0, 2)

    def chunks(self, size: int) -> Iterator[bytes]:
        """The lines in pieces of about `size` bytes, each ending at a line's end."""
        self._flush()
        self._file.seek(0)
        while piece := self._file.read(size):
            yield piece if piece.endswith(b"\n") else piece + self._file.readline()

    def close(self) -> None:
        self._buffer.clear()
        self._file.close()

    def _flush(self) -> None:
        if self._buffer:
            self._file.seek(0, 2)
            self._file.writelines(self._buffer)
            self._buffer.clear()


@dataclass(frozen=True)
class Change:
    """What replacing one graph takes: whether it changes, and the statements to write.

    It owns the temporary files of its statements: `Writer.write` closes it, and so does
    a `with` block around it when it may go unwritten.
    """

    name: URIRef
    changed: bool  # the graph will hold other statements than it does (or come or go)
    drop: bool  # dropped whole first (emptied, or it holds blank nodes)
    deleted: Lines  # N-Triples lines, sorted when compared; none when dropped
    inserted: Lines

    def close(self) -> None:
        self.deleted.close()
        self.inserted.close()

    def __enter__(self) -> Change:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Differ:
    """Compares graphs with what a store holds, one graph at a time.

    A scratch store in memory spells each wanted statement as the engine stores it (so
    that `0.0` and `0` of a double are one value): a new one per run of statements, since
    an engine in memory keeps every string it was given until it is dropped whole.
    """

    def __init__(
        self,
        store: TreatyStore,
        *,
        run_statements: int = RUN_STATEMENTS,
        spool_bytes: int = SPOOL_BYTES,
    ) -> None:
        if run_statements < 1:
            raise ValueError(f"run_statements must be 1 or more, not {run_statements}")
        self._store = store
        self._present = set(store.named_graphs())
        self._run = run_statements
        self._spool = spool_bytes

    def change(self, name: URIRef, triples: Iterable[Triple]) -> Change:
        """The change that makes graph `name` hold exactly `triples` (read once, as they
        come); its temporary files last until it is written or closed."""
        deleted, inserted = Lines(spool_bytes=self._spool), Lines(spool_bytes=self._spool)
        try:
            if name not in self._present:
                # Nothing to compare with: the statements as they come, spelled by the
                # engine when it loads them.
                inserted.add_triples(quad.triple for quad in to_ox_quads(name, triples))
                return Change(name, inserted.size() > 0, False, deleted, inserted)
            changed, drop = self._compare(name, triples, deleted, inserted)
            return Change(name, changed, drop, deleted, inserted)
        except BaseException:
            deleted.close()
            inserted.close()
            raise

    def _compare(
        self, name: URIRef, triples: Iterable[Triple], deleted: Lines, inserted: Lines
    ) -> tuple[bool, bool]:
        """Fill `deleted` and `inserted` with what the graph loses and gains; returns
        whether it changes, and whether it goes by drop (then `inserted` has every wanted
        statement and `deleted` none)."""
        stored = _stored(self._store, name, run=self._run, spool_bytes=self._spool)
        with stored as old, _wanted(name, triples, run=self._run) as new:
            wanted = blank = False
            for side, line in _comm(old.lines(), new.lines()):
                if not blank and b"_:" in line:
                    blank = _BLANK.search(line) is not None
                if side < 0:
                    deleted.add(line)
                else:
                    wanted = True
                    if side > 0:
                        inserted.add(line)
            changed = deleted.size() > 0 or inserted.size() > 0
            drop = blank or not wanted  # an emptied graph goes by name too
            if drop:
                deleted.clear()
                inserted.clear()
                for line in new.lines():
                    inserted.add(line)
        return changed, drop


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
        the next graphs'. The change is closed after, written or not."""
        with change:
            if not change.changed:
                return
            name = n3(change.name)
            if change.drop:
                self._store.update(f"DROP SILENT GRAPH {name}")
            for chunk in change.deleted.chunks(self._chunk):
                self._store.update(f"DELETE DATA {{ GRAPH {name} {{ {chunk.decode()} }} }}")
            for chunk in change.inserted.chunks(self._chunk):
                self._pending.append((change.name, chunk))
                self._size += len(chunk)
                if self._size >= self._chunk:
                    self.flush()

    def flush(self) -> None:
        """Write the statements gathered so far, in one transaction."""
        if self._pending:
            self._store.add_triples(self._pending)
        self._pending, self._size = [], 0


class _Sorted:
    """Lines sorted in runs of at most `run` lines, merged as they are read back: in memory
    while they fit in one run, each run in a temporary file beyond."""

    def __init__(self, run: int) -> None:
        self._run = run
        self._lines: list[bytes] = []
        self._files: list[IO[bytes]] = []

    def add(self, lines: list[bytes]) -> None:
        if self._lines and len(self._lines) + len(lines) > self._run:
            self._spill()
        self._lines += lines

    def lines(self) -> Iterator[bytes]:
        """Every line once, in order (the same line may come in two runs)."""
        self._lines.sort()
        for file in self._files:
            file.seek(0)
        merged = heapq.merge(*self._files, self._lines) if self._files else self._lines
        last = None
        for line in merged:
            if line != last:
                yield line
            last = line

    def close(self) -> None:
        self._lines = []
        for file in self._files:
            file.close()

    def __enter__(self) -> _Sorted:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spill(self) -> None:
        self._lines.sort()
        self._files.append(tempfile.TemporaryFile())  # noqa: SIM115 (closed by `close`)
        self._files[-1].writelines(self._lines)
        self._lines = []


def _stored(store: TreatyStore, name: URIRef, *, run: int, spool_bytes: int) -> _Sorted:
    """The statements of a graph the store lists, sorted (none when another tool's write
    emptied it since it was listed)."""
    found = _Sorted(run)
    try:
        with tempfile.SpooledTemporaryFile(max_size=spool_bytes) as out:
            try:
                store.export(out, "nt", graph=name)
            except StoreError:
                if store.has_graph(name):
                    raise
                return found
            out.seek(0)
            while batch := list(itertools.islice(out, run)):
                found.add(batch)
    except BaseException:
        found.close()
        raise
    return found


def _wanted(name: URIRef, triples: Iterable[Triple], *, run: int) -> _Sorted:
    """The statements given, spelled by the engine and sorted, a run at a time."""
    found = _Sorted(run)
    graph = ox.NamedNode(str(name))
    quads = to_ox_quads(name, triples)
    try:
        while lines := _spelled(graph, itertools.islice(quads, run)):
            found.add(lines)
    except BaseException:
        found.close()
        raise
    return found


def _spelled(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> list[bytes]:
    """The quads of `graph` as N-Triples lines the engine writes them, through a scratch
    store of their own (given to it as they come, no list of them held in Python)."""
    scratch = ox.Store()
    scratch.extend(quads)
    return (scratch.dump(format=_NT, from_graph=graph) or b"").splitlines(True)


def _comm(old: Iterator[bytes], new: Iterator[bytes]) -> Iterator[tuple[int, bytes]]:
    """Two sorted streams of distinct lines compared as `comm` does: each line with -1
    (only in `old`), 1 (only in `new`) or 0 (in both)."""
    a, b = next(old, None), next(new, None)
    while a is not None and b is not None:
        if a < b:
            yield -1, a
            a = next(old, None)
        elif b < a:
            yield 1, b
            b = next(new, None)
        else:
            yield 0, a
            a, b = next(old, None), next(new, None)
    if a is not None:
        yield -1, a
        yield from ((-1, line) for line in old)
    if b is not None:
        yield 1, b
        yield from ((1, line) for line in new)
