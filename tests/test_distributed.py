"""Extraction on a real Dask LocalCluster (two worker processes) into shards that load to what ingest stores."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from treatykg.graph import iris
from treatykg.graph.derived import derive
from treatykg.graph.loading import load
from treatykg.graph.store import TreatyStore, open_store

from treatykg.distributed import extract_shards
from treatykg.pipeline import ingest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of two worker processes; yields its scheduler's tcp:// address."""
    import dask
    from distributed import LocalCluster

    # Should the workers die, a task fails after two minutes rather than hang the suite.
    with dask.config.set({"distributed.scheduler.no-workers-timeout": "120s"}):
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _quads(store: TreatyStore, *, derived: bool) -> set[tuple[str, ...]]:
    """The quads of the derived layer (`derived`), or of every other graph; the derived
    layer without the times its computations ended, which differ from run to run."""
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return {
        tuple(str(t) for t in row)
        for row in rows
        if str(row[0]).startswith(str(iris.DERIVED_GRAPH)) == derived
        and not str(row[2]).endswith("AtTime")
    }


@pytest.mark.parametrize("files_per_shard", [2])
def test_distributed_shards_load_to_what_ingest_stores(
    scheduler: str, articles_dir: Path, tmp_path: Path, files_per_shard: int
) -> None:
    """Loaded, the shards hold the graphs a plain ingest of the same files stores; after
    `derive` on both, the derived layers match too. A bad file is named and skipped."""
    broken = articles_dir / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    out = tmp_path / "shards"
    report = extract_shards(
        [articles_dir], out, scheduler=scheduler, files_per_shard=files_per_shard
    )
    assert len(report.shards) == 2 and len(list(out.iterdir())) == 2
    assert report.failures == [f"{broken}: binary data (NUL bytes), not an article; skipped"]
    with open_store(tmp_path / "plain") as plain, open_store(tmp_path / "loaded") as loaded:
        ingest(plain, [articles_dir], derive=False)
        assert load(loaded, [out]).bulk == 2
        assert _quads(loaded, derived=False) == _quads(plain, derived=False)
        derive(plain)
        derive(loaded)
        assert _quads(loaded, derived=True) == _quads(plain, derived=True)


@pytest.mark.parametrize("files_per_shard", [2])
def test_distributed_rerun_overwrites_its_shards(
    scheduler: str, articles_dir: Path, tmp_path: Path, files_per_shard: int
) -> None:
    out = tmp_path / "shards"
    extract_shards([articles_dir], out, scheduler=scheduler, files_per_shard=files_per_shard)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    extract_shards([articles_dir], out, scheduler=scheduler, files_per_shard=files_per_shard)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # same names, same bytes


@pytest.mark.parametrize("workers", ["2"])
def test_distributed_cli_runs_a_local_cluster_and_load_reads_its_shards(
    articles_dir: Path, tmp_path: Path, workers: str
) -> None:
    exe = str(Path(sys.executable).with_name("treatykg"))
    out, store = tmp_path / "shards", str(tmp_path / "store")
    done = subprocess.run(
        [exe, "extract-shards", str(articles_dir), "--out", str(out), "--workers", workers],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"Wrote 1 shards in {out}: 3 articles from 3 files, 0 failed." in done.stderr
    loaded = subprocess.run(
        [exe, "load", str(out), "--store", store], capture_output=True, text=True, timeout=120
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "1 shards (" in loaded.stderr and "1 through the bulk loader" in loaded.stderr
