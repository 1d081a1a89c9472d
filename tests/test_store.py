"""The store facade behaves the same on every backend: memory, embedded and a real remote server."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from treatykg.graph import iris
from treatykg.graph.store import TreatyStore, bind, open_store

from treatykg.errors import QueryError, StoreError, StoreLockedError
from treatykg.pipeline import ingest

G = URIRef("https://w3id.org/treatykg/id/graph/article/test")
P = URIRef("https://example.org/p")
INJECTION = 'x" } ; DROP ALL ; #'


def _quads(store: TreatyStore) -> set[tuple[str, ...]]:
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return {tuple(str(t) for t in row) for row in rows}


def test_store_new_store_has_ontology_and_kb(store: TreatyStore) -> None:
    assert iris.KB_GRAPH in store.named_graphs()
    assert iris.ONTOLOGY_GRAPH in store.named_graphs()
    assert store.count(iris.KB_GRAPH) > 1000


def test_store_replace_graph_swaps_the_whole_graph(store: TreatyStore) -> None:
    store.replace_graphs([(G, [(G, P, Literal("old")), (G, P, Literal("older"))])])
    store.replace_graphs([(G, [(G, P, Literal("new"))])])
    rows = store.query("SELECT ?o WHERE { GRAPH ?g { ?g ?p ?o } }", {"g": G, "p": P}).rows
    assert [str(r[0]) for r in rows] == ["new"]


def test_store_ingesting_twice_leaves_the_same_triples(
    store: TreatyStore, articles_dir: Path
) -> None:
    first = ingest(store, [articles_dir])
    before = _quads(store)
    second = ingest(store, [articles_dir])
    assert first.articles == second.articles == 3
    assert second.replaced == 3
    assert _quads(store) == before


@pytest.mark.parametrize("value", [INJECTION])
def test_store_parameter_cannot_inject(store: TreatyStore, value: str) -> None:
    before = store.count()
    rows = store.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", {"o": value}).rows
    assert rows == []
    assert store.count() == before


def test_store_export_import_round_trip(
    store: TreatyStore, articles_dir: Path, tmp_path: Path
) -> None:
    ingest(store, [articles_dir])
    backup = io.BytesIO()
    store.export(backup, "nq")
    with open_store(str(tmp_path / "restored")) as restored:
        restored.import_data(backup.getvalue(), "nq")
        assert _quads(restored) == _quads(store)


def test_store_remote_export_reads_whole_graphs_through_the_graph_store(
    oxigraph_server: str, articles_dir: Path
) -> None:
    """The Graph Store Protocol where the server has one, SPARQL where it has not: same data."""
    import pyoxigraph as ox

    def exported(store: TreatyStore, fmt: str = "nq", graph: URIRef | None = None) -> set[str]:
        out = io.BytesIO()
        store.export(out, fmt, graph=graph)
        data = ox.parse(
            out.getvalue(), ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TURTLE
        )
        return {str(q) for q in data}

    with open_store(oxigraph_server) as remote:
        remote.update("DROP ALL")
        remote.ensure_kb()
        ingest(remote, [articles_dir])
        whole, kb_only = exported(remote), exported(remote, "ttl", iris.KB_GRAPH)
        assert remote._backend.uses_graph_store()  # type: ignore[attr-defined]
        expected = _quads(remote)
    nowhere = f"{oxigraph_server}/nowhere"
    with open_store(oxigraph_server, read_only=True, graph_store_url=nowhere) as fallback:
        assert exported(fallback) == whole
        assert exported(fallback, "ttl", iris.KB_GRAPH) == kb_only
        assert not fallback._backend.uses_graph_store()  # type: ignore[attr-defined]
    assert len(whole) == len(expected) and len(kb_only) > 1000


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_store_single_graph_formats_need_a_graph(store: TreatyStore, fmt: str) -> None:
    with pytest.raises(StoreError, match="--graph"):
        store.export(io.BytesIO(), fmt)


def test_store_bad_sparql_is_a_query_error(store: TreatyStore) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT ?s WHERE { ?s ?p }")


@pytest.mark.parametrize(
    "sparql, expected_blocks",
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", 1),
        ("SELECT * { ?s ?p ?o }", 1),
        ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", 2),
        ('SELECT ?s WHERE { ?s ?p "WHERE {" } # WHERE {', 1),
    ],
)
def test_store_bind_puts_values_in_every_where(sparql: str, expected_blocks: int) -> None:
    assert bind(sparql, {"o": "x"}).count("VALUES (?o)") == expected_blocks


def test_store_second_writer_is_told_who_holds_the_store(tmp_path: Path) -> None:
    location = str(tmp_path / "locked")
    with open_store(location):
        with pytest.raises(StoreLockedError, match=r"pid \d+"):
            open_store(location)
        with pytest.raises(StoreLockedError):
            open_store(location, read_only=True)


def test_store_many_readers_share_a_store(tmp_path: Path) -> None:
    location = str(tmp_path / "shared")
    open_store(location).close()
    with open_store(location, read_only=True) as one, open_store(location, read_only=True) as two:
        assert one.count(iris.KB_GRAPH) == two.count(iris.KB_GRAPH) > 0
        with pytest.raises(StoreLockedError):
            open_store(location)


def test_store_read_only_refuses_writes(tmp_path: Path) -> None:
    location = str(tmp_path / "ro")
    open_store(location).close()
    with (
        open_store(location, read_only=True) as reader,
        pytest.raises(StoreError, match="read-only"),
    ):
        reader.replace_graphs([(G, [(G, P, Literal("x"))])])


def test_store_reopened_embedded_store_keeps_its_data(tmp_path: Path, articles_dir: Path) -> None:
    location = str(tmp_path / "persist")
    with open_store(location) as store:
        ingest(store, [articles_dir])
        before = _quads(store)
    with open_store(location, read_only=True) as store:
        assert _quads(store) == before


def test_store_unreachable_endpoint_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot reach"):
        open_store("http://127.0.0.1:9/query")


def test_store_kb_reloads_only_when_its_files_change(tmp_path: Path) -> None:
    location = str(tmp_path / "kbstore")
    open_store(location).close()
    with open_store(location) as store:
        assert store.ensure_kb() is False  # unchanged files: nothing parsed or written
    mine = tmp_path / "mykb"
    mine.mkdir()
    (mine / "x.ttl").write_text(
        "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://w3id.org/treatykg/id/treaty/x-accord> a tkg:Treaty ; skos:prefLabel "X Accord" .\n'
    )
    with open_store(location) as store:
        assert store.ensure_kb([mine]) is True
        assert store.ensure_kb([mine]) is False
