"""Shards: N-Quads files (plain or gzip) that a distributed extraction writes and `load` reads.

A shard is the unit of a bulk load: it is read twice, once to check it whole (its syntax,
its graph names) before anything of it is written, and once to write it, so a bad shard
is refused whole and the memory a load takes does not grow with the shard's size.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from treatykg.errors import StoreError

__all__ = [
    "DEFAULT_CHUNK_QUADS",
    "SHARD_SUFFIXES",
    "BadShard",
    "LoadReport",
    "Loaded",
    "batches",
    "chunks",
    "open_shard",
    "quads",
    "scan",
    "shard_files",
]

SHARD_SUFFIXES = (".nq", ".nq.gz")
# Quads per Graph Store request to a remote store: a few megabytes of N-Triples, so one
# request never holds much of the client's (or the server's) memory.
DEFAULT_CHUNK_QUADS = 20_000


class BadShard(StoreError):
    """A shard cannot be read (not N-Quads, a broken gzip stream, a blank-node graph name)."""

    def __init__(self, shard: Path, reason: str) -> None:
        self.shard = shard
        self.reason = reason
        super().__init__(f"{shard}: {reason}; nothing of it was loaded")


@dataclass(frozen=True)
class Loaded:
    """What one shard wrote: its quads, its graphs, and whether the bulk loader wrote it."""

    quads: int
    graphs: int
    bulk: bool = False


@dataclass
class LoadReport:
    """What a load wrote: shards, quads and graphs, how (bulk or transactional), what failed."""

    shards: int = 0
    quads: int = 0
    graphs: int = 0
    bulk: int = 0  # shards written through the embedded store's bulk loader
    failures: list[BadShard] = field(default_factory=list)  # each skipped whole

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        how = f", {self.bulk} through the bulk loader" if self.bulk else ""
        return (
            f"{self.shards} shards ({self.quads} quads in {self.graphs} graphs{how}); "
            f"{len(self.failures)} shards failed"
        )


def shard_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the `.nq` and `.nq.gz` files inside named folders, sorted.

    >>> shard_files([])
    []
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and p.name.endswith(SHARD_SUFFIXES)
                )
            )
        else:
            found.append(path)
    return found


@contextmanager
def open_shard(path: Path) -> Iterator[IO[bytes]]:
    """The shard's N-Quads bytes as a stream, gunzipped as read when its name ends in `.gz`."""
    try:
        handle = gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")  # noqa: SIM115
    except OSError as err:
        raise BadShard(path, f"cannot be read ({err.strerror or err})") from None
    with handle:
        yield cast(IO[bytes], handle)


def _reason(err: BaseException) -> str:
    """What went wrong reading a shard, in one line."""
    if isinstance(err, gzip.BadGzipFile | EOFError | zlib.error):
        return f"not a complete gzip file ({err or 'it ends early'})"
    if isinstance(err, SyntaxError):
        return f"not valid N-Quads ({' '.join(str(err).split())})"
    if isinstance(err, OSError):
        return f"cannot be read ({err.strerror or err})"
    return str(err)


_READ_ERRORS = (SyntaxError, OSError, EOFError, zlib.error, ValueError)


def quads(path: Path) -> Iterator[ox.Quad]:
    """The shard's quads as they are parsed; a read or syntax error is a BadShard."""
    with open_shard(path) as stream:
        parsed = ox.parse(stream, ox.RdfFormat.N_QUADS)
        while True:
            try:
                quad = next(parsed)
            except StopIteration:
                return
            except _READ_ERRORS as err:
                raise BadShard(path, _reason(err)) from None
            yield quad


def scan(path: Path) -> tuple[int, set[ox.NamedNode | ox.DefaultGraph]]:
    """The shard's quad count and graph names, read whole before any of it is written.

    Raises:
        BadShard: the shard is not readable N-Quads, or names a graph by a blank node
            (SPARQL and the Graph Store Protocol cannot name one).
    """
    count = 0
    graphs: set[ox.NamedNode | ox.DefaultGraph] = set()
    for quad in quads(path):
        if isinstance(quad.graph_name, ox.BlankNode):
            raise BadShard(path, "names a graph by a blank node, which a store cannot address")
        graphs.add(quad.graph_name)
        count += 1
    return count, graphs


def chunks(
    stream: Iterable[ox.Quad], size: int
) -> Iterator[tuple[ox.NamedNode | ox.DefaultGraph, list[ox.Triple]]]:
    """Runs of at most `size` triples of one graph each, in the order the quads come.

    >>> g = ox.NamedNode("https://e.org/g")
    >>> q = ox.Quad(g, g, ox.Literal("x"), g)
    >>> [(name.value, len(run)) for name, run in chunks([q, q, q], 2)]
    [('https://e.org/g', 2), ('https://e.org/g', 1)]
    """
    graph: ox.NamedNode | ox.DefaultGraph | None = None
    run: list[ox.Triple] = []
    for quad in stream:
        if run and (quad.graph_name != graph or len(run) >= size):
            yield graph, run  # type: ignore[misc]
            run = []
        graph = quad.graph_name  # type: ignore[assignment]
        run.append(quad.triple)
    if run:
        yield graph, run  # type: ignore[misc]


def batches(stream: Iterable[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    """Runs of whole graphs, cut where a graph ends once `size` quads are held (a graph
    larger than `size` is one batch of its own), so that a batch is one transaction.

    >>> g, h = ox.NamedNode("https://e.org/g"), ox.NamedNode("https://e.org/h")
    >>> quads = [ox.Quad(g, g, ox.Literal(str(i)), name) for i, name in enumerate([g, g, h])]
    >>> [len(batch) for batch in batches(quads, 1)]
    [2, 1]
    """
    batch: list[ox.Quad] = []
    for quad in stream:
        if len(batch) >= size and quad.graph_name != batch[-1].graph_name:
            yield batch
            batch = []
        batch.append(quad)
    if batch:
        yield batch
