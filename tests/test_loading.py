"""`load`: N-Quads shards into every kind of store, a bad shard refused whole, a failed store named."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from pathlib import Path

import pytest
from treatykg.graph import iris
from treatykg.graph.loading import LoadInterrupted, load
from treatykg.graph.store import TreatyStore, open_store

from treatykg.pipeline import ingest

ARTICLE = str(iris.ID["graph/article/"])


def _quads(store: TreatyStore) -> set[tuple[str, ...]]:
    """Every quad but the derived layer's (which records when it was computed)."""
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return {
        tuple(str(t) for t in row)
        for row in rows
        if not str(row[0]).startswith(str(iris.DERIVED_GRAPH))
    }


def _shards(articles_dir: Path, folder: Path) -> tuple[list[Path], set[tuple[str, ...]]]:
    """The article graphs of an ingest of `articles_dir`, split into a gzip shard and a plain
    one, and every quad that ingest stored (the derived layer aside)."""
    with open_store(":memory:") as source:
        ingest(source, [articles_dir], derive=False)
        out = io.BytesIO()
        source.export(out, "nq")
        expected = _quads(source)
    lines = [line for line in out.getvalue().splitlines(keepends=True) if ARTICLE.encode() in line]
    graphs = sorted({line.rsplit(b" ", 2)[-2] for line in lines})
    first = b"".join(line for line in lines if line.rsplit(b" ", 2)[-2] == graphs[0])
    rest = b"".join(line for line in lines if line.rsplit(b" ", 2)[-2] != graphs[0])
    folder.mkdir()
    (folder / "part-0.nq.gz").write_bytes(gzip.compress(first))
    (folder / "part-1.nq").write_bytes(rest)
    return [folder / "part-0.nq.gz", folder / "part-1.nq"], expected


@pytest.mark.parametrize("chunk_quads", [7])
def test_loading_shards_give_what_ingest_stored_and_again_replace(
    store: TreatyStore, articles_dir: Path, tmp_path: Path, chunk_quads: int
) -> None:
    """On a new store (the bulk loader, or Graph Store chunks of a few triples), then again
    on the same store (one transaction per shard, or PUT then POST): the same graphs."""
    shards, expected = _shards(articles_dir, tmp_path / "shards")
    first = load(store, [shards[0].parent], chunk_quads=chunk_quads)
    assert first.ok and first.shards == 2 and first.graphs == 3
    assert first.bulk == (2 if store.kind != "remote" else 0)
    assert _quads(store) == expected
    again = load(store, shards, chunk_quads=chunk_quads)
    assert again.bulk == 0 and again.quads == first.quads
    assert _quads(store) == expected


BROKEN = {
    "bad.nq": lambda good: good + b"<https://e.org/s> <https://e.org/p> broken .\n",
    "cut.nq.gz": lambda good: gzip.compress(good)[:-30],
    "blank.nq": lambda good: good + b'<https://e.org/s> <https://e.org/p> "o" _:g .\n',
}
REASONS = {
    "bad.nq": "not valid N-Quads",
    "cut.nq.gz": "not a complete gzip file",
    "blank.nq": "names a graph by a blank node",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_loading_bad_shard_is_refused_whole_and_the_others_load(
    store: TreatyStore, articles_dir: Path, tmp_path: Path, name: str
) -> None:
    shards, expected = _shards(articles_dir, tmp_path / "shards")
    good = b'<https://e.org/s> <https://e.org/p> "o" <https://e.org/bad-shard-graph> .\n' * 3
    bad = tmp_path / name
    bad.write_bytes(BROKEN[name](good))
    report = load(store, [shards[0], bad, shards[1]])
    assert [f.shard for f in report.failures] == [bad]
    assert REASONS[name] in report.failures[0].reason
    assert report.shards == 2
    assert _quads(store) == expected  # nothing of the bad shard, all of the others


def test_loading_store_that_goes_away_names_the_shard(
    doomed_oxigraph_server: tuple[str, subprocess.Popen[bytes]],
    articles_dir: Path,
    tmp_path: Path,
) -> None:
    base, process = doomed_oxigraph_server
    shards, _ = _shards(articles_dir, tmp_path / "shards")
    with open_store(base) as remote:
        process.kill()
        process.wait(timeout=10)
        with pytest.raises(LoadInterrupted) as caught:
            load(remote, shards)
    assert caught.value.shard == shards[0] and caught.value.report.shards == 0
    assert str(caught.value).startswith(f"{shards[0]}: cannot reach")
    assert "run the same load again to finish" in str(caught.value)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("treatykg")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["bad.nq"])
def test_loading_cli_names_the_bad_shard_in_one_line(
    articles_dir: Path, tmp_path: Path, name: str
) -> None:
    shards, _ = _shards(articles_dir, tmp_path / "shards")
    bad = tmp_path / name
    bad.write_bytes(BROKEN[name](b""))
    done = _run("load", str(shards[0].parent), str(bad), "--store", str(tmp_path / "s"))
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {bad}: not valid N-Quads (")
    assert errors[0].endswith("; nothing of it was loaded")
    assert "Loaded into" in done.stderr and "2 shards (" in done.stderr


@pytest.mark.parametrize("chunk_quads", [1])
def test_loading_graph_listed_twice_in_a_shard_keeps_both_runs_and_drops_the_old(
    store: TreatyStore, tmp_path: Path, chunk_quads: int
) -> None:
    """A shard whose graph comes in two runs (another tool's file): the store's old copy
    of the graph goes, both runs stay, whatever the batch or chunk size."""
    g, h = "<https://e.org/g>", "<https://e.org/h>"
    old = tmp_path / "old.nq"
    old.write_text(f'<https://e.org/s> <https://e.org/p> "old" {g} .\n', encoding="utf-8")
    load(store, [old])
    shard = tmp_path / "twice.nq"
    shard.write_text(
        f'<https://e.org/s> <https://e.org/p> "first" {g} .\n'
        f'<https://e.org/s> <https://e.org/p> "other" {h} .\n'
        f'<https://e.org/s> <https://e.org/p> "second" {g} .\n',
        encoding="utf-8",
    )
    load(store, [shard], chunk_quads=chunk_quads)
    rows = store.query("SELECT ?o WHERE { GRAPH <https://e.org/g> { ?s ?p ?o } }").rows
    assert sorted(str(row[0]) for row in rows) == ["first", "second"]


def _exported(store: TreatyStore) -> set[str]:
    """The store's N-Quads export as a set of quads, the derived layer aside (it records
    when it was computed)."""
    import pyoxigraph as ox

    out = io.BytesIO()
    store.export(out, "nq")
    return {
        str(q)
        for q in ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)
        if not str(q.graph_name).startswith(f"<{iris.DERIVED_GRAPH}")
    }


@pytest.mark.parametrize("chunk_quads", [50])
def test_loading_remote_store_exports_what_the_embedded_store_exports(
    oxigraph_server: str, articles_dir: Path, tmp_path: Path, chunk_quads: int
) -> None:
    """The same shards through the Graph Store Protocol into a real `oxigraph serve`, and
    through the bulk loader into a store directory: the same export."""
    shards, _ = _shards(articles_dir, tmp_path / "shards")
    with open_store(oxigraph_server) as remote:
        remote.update("DROP ALL")
        remote.ensure_kb()
        load(remote, shards, chunk_quads=chunk_quads)
        from_remote = _exported(remote)
    with open_store(tmp_path / "embedded") as embedded:
        assert load(embedded, shards).bulk == 2
        assert _exported(embedded) == from_remote
    assert any(ARTICLE in quad for quad in from_remote)
