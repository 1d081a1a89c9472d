"""Bulk loads: N-Quads shards into a store, shard by shard, each checked whole before it is written.

Each graph a shard holds replaces the store's graph of that name, so loading the same
shards again (after a crash, or a re-run of the extraction) replaces rather than doubles.
An embedded store that held no article when the load began (a new store) is written
through Oxigraph's bulk loader; any other in transactions of whole graphs; a remote
store through the Graph Store Protocol in bounded chunks (see `RemoteBackend.load_shard`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from treatykg.graph.shards import (
    DEFAULT_CHUNK_QUADS,
    BadShard,
    LoadReport,
    shard_files,
)
from treatykg.graph.store import TreatyStore

from treatykg.errors import StoreError

__all__ = ["LoadInterrupted", "load"]


class LoadInterrupted(StoreError):
    """The store failed part-way through a load; the shards before `shard` were written whole."""

    def __init__(self, cause: StoreError, shard: Path, report: LoadReport) -> None:
        self.cause = cause
        self.shard = shard
        self.report = report
        super().__init__(
            f"{shard}: {cause}; the {report.shards} shards before it were loaded; run the "
            "same load again to finish (graphs already loaded are replaced, not doubled)"
        )


def load(
    store: TreatyStore,
    paths: Iterable[str | Path],
    *,
    chunk_quads: int = DEFAULT_CHUNK_QUADS,
    on_shard: Callable[[Path], None] | None = None,
) -> LoadReport:
    """Load N-Quads shards (files, or folders of `.nq` and `.nq.gz` files) into `store`.

    A shard that cannot be read (not N-Quads, a broken gzip file) is reported in the
    report's failures and nothing of it is written; the others still load.

    Args:
        store: A writable store.
        paths: Shard files, or folders holding them.
        chunk_quads: Quads per transaction (whole graphs) into an embedded store holding
            articles; for a remote store, the most triples sent in one request.
        on_shard: Called after each shard is written (progress).

    Returns:
        The report: shards, quads and graphs written, and the shards that failed.

    Raises:
        LoadInterrupted: the store failed to write (a server went away, a full disk); it
            names the shard and how many were loaded before it.
    """
    report = LoadReport()
    bulk = store.kind != "remote" and not store.article_graphs()
    for shard in shard_files(paths):
        try:
            loaded = store.load_shard(shard, bulk=bulk, chunk_quads=chunk_quads)
        except BadShard as err:
            report.failures.append(err)
            continue
        except StoreError as err:
            raise LoadInterrupted(err, shard, report) from err
        report.shards += 1
        report.quads += loaded.quads
        report.graphs += loaded.graphs
        report.bulk += loaded.bulk
        if on_shard is not None:
            on_shard(shard)
    store.ensure_kb(store.kb_dirs)  # a shard holding the KB graph: back to the --kb files
    return report
