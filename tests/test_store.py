"""The store facade behaves the same on every backend: memory, embedded and a real remote server."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import _free_port
from rdflib import Literal, URIRef
from treatykg.graph import iris
from treatykg.graph.store import RDF_FORMATS, TreatyStore, bind, open_store

from treatykg.errors import QueryError, StoreError, StoreLockedError
from treatykg.pipeline import ingest

G = URIRef("https://w3id.org/treatykg/id/graph/article/test")
H = URIRef("https://w3id.org/treatykg/id/graph/article/later")
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


@pytest.mark.parametrize("char", list('<>"{}|^`\\ \n'))
def test_store_iri_parameter_with_a_forbidden_character_is_a_query_error(
    store: TreatyStore, char: str
) -> None:
    before = store.count()
    value = URIRef(f"https://e.org/a{char}b")
    with pytest.raises(
        QueryError, match=f"parameter g: {re.escape(repr(str(value)))} is not a valid IRI"
    ):
        store.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": value})
    assert store.count() == before


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
def test_store_single_graph_format_without_a_graph_writes_the_union(
    store: TreatyStore, fmt: str
) -> None:
    import pyoxigraph as ox

    store.replace_graphs([(G, [(G, P, Literal("x"))]), (H, [(G, P, Literal("x"))])])
    out = io.BytesIO()
    store.export(out, fmt)
    written = [str(t) for t in ox.parse(out.getvalue(), RDF_FORMATS[fmt][0])]
    union = {row[1:] for row in _quads(store)}  # (s, p, o) whatever the graph
    assert len(written) == len(set(written)) == len(union)  # each triple once


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_store_turtle_exports_declare_prefixes(store: TreatyStore, fmt: str) -> None:
    out = io.BytesIO()
    store.export(out, fmt, graph=iris.KB_GRAPH)
    text = out.getvalue().decode("utf-8")
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in text
    assert re.search(r"^\s*treaty:new-start ", text, re.M)  # not id:treaty\/new-start
    assert 'skos:prefLabel "New START"' in text
    assert "<https://w3id.org/treatykg/id/treaty/new-start>" not in text


ONE_ARTICLE = """title: Envoys meet in Geneva
date: 2025-05-09
url: https://example.org/geneva

Russian Deputy Foreign Minister Sergei Ryabkov said on Friday that Moscow would discuss New START.
\u201cWe will listen,\u201d Ryabkov told reporters in Geneva.
"""


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")  # rdflib's parsers
@pytest.mark.parametrize("fmt", ["trig", "ttl"])
def test_store_turtle_exports_read_without_backslashes_and_parse_back(
    store: TreatyStore, tmp_path: Path, fmt: str
) -> None:
    """No name needs `\\/`: one-key nodes get a prefix, two-key nodes (an article's
    mentions, a treaty's facts) are full IRIs. The export parses back to the store's
    statements, and the same store gives the same bytes."""
    from rdflib import Dataset

    article = tmp_path / "geneva.txt"
    article.write_text(ONE_ARTICLE, encoding="utf-8")
    ingest(store, [article])
    [graph] = store.article_graphs()
    one_graph = graph if fmt == "ttl" else None
    exported, again, reference = io.BytesIO(), io.BytesIO(), io.BytesIO()
    store.export(exported, fmt, graph=one_graph)
    store.export(again, fmt, graph=one_graph)
    store.export(reference, "nq" if fmt == "trig" else "nt", graph=one_graph)
    text = exported.getvalue().decode("utf-8")
    assert "\\/" not in text and "\\#" not in text
    assert re.search(r"^articlegraph:[0-9a-f]+ \{$", text, re.M) or fmt == "ttl"
    assert re.search(r"^\s*article:[0-9a-f]+ ", text, re.M)
    assert "<https://w3id.org/treatykg/id/mention/" in text
    assert exported.getvalue() == again.getvalue()
    parsed, expected = Dataset(), Dataset()
    parsed.parse(data=text, format=fmt)
    expected.parse(
        data=reference.getvalue().decode("utf-8"), format="nquads" if fmt == "trig" else "nt"
    )
    assert set(parsed.quads()) == set(expected.quads())
    assert len(set(expected.quads())) == store.count(one_graph)


@pytest.mark.parametrize(
    "graph, error, message",
    [
        ("kb", QueryError, "'kb' is not a valid IRI: it has no scheme"),
        ("https://e.org/a b", QueryError, "it contains ' '"),
        ("https://e.org/no-such-graph", StoreError, "has no graph <https://e.org/no-such-graph>"),
    ],
)
def test_store_export_of_a_bad_or_missing_graph_is_an_error(
    store: TreatyStore, graph: str, error: type[Exception], message: str
) -> None:
    out = io.BytesIO()
    with pytest.raises(error, match=re.escape(message)):
        store.export(out, "nq", graph=URIRef(graph))
    assert out.getvalue() == b""


def _backup(store: TreatyStore) -> bytes:
    out = io.BytesIO()
    store.export(out, "nq")
    return out.getvalue()


def _objects(store: TreatyStore, graph: URIRef) -> list[str]:
    rows = store.query("SELECT ?o WHERE { GRAPH ?g { ?g ?p ?o } }", {"g": graph, "p": P}).rows
    return sorted(str(r[0]) for r in rows)


@pytest.mark.parametrize("replace", [False, True])
def test_store_restoring_an_older_backup_replaces_rather_than_merges(
    store: TreatyStore, replace: bool
) -> None:
    store.replace_graphs([(G, [(G, P, Literal("2020-01-01"))])])
    backup = _backup(store)
    store.replace_graphs([(G, [(G, P, Literal("2021-06-01"))]), (H, [(H, P, Literal("later"))])])
    done = store.import_data(backup, "nq", replace=replace)
    assert _objects(store, G) == ["2020-01-01"]  # one date: the backup's, not both
    # A graph the backup does not hold stays, unless the whole store is replaced.
    assert _objects(store, H) == ([] if replace else ["later"])
    assert store.count(iris.KB_GRAPH) > 1000  # the KB came back with the backup or after it
    assert done.quads == backup.count(b"\n") - 2  # every quad line but the header and trailer


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda lines: lines[:-1], "ends without its trailer line (cut short?)"),
        (lambda lines: lines[: len(lines) // 2], "ends without its trailer line (cut short?)"),
        (lambda lines: lines[:1] + lines[2:], "holds 2 quad lines where its trailer says 3"),
        (lambda lines: [lines[0], lines[1][:-3] + b"  .\n", *lines[2:]], "sha256 differs"),
    ],
)
def test_store_damaged_backup_is_refused_and_nothing_is_imported(
    store: TreatyStore, damage: Callable[[list[bytes]], list[bytes]], message: str
) -> None:
    with open_store(":memory:") as source:
        source.update("DROP ALL")
        source.replace_graphs([(G, [(G, P, Literal("old")), (G, P, Literal("older"))]),
                               (H, [(H, P, Literal("x"))])])  # fmt: skip
        lines = _backup(source).splitlines(keepends=True)
    assert len(lines) == 5  # header, three quads, trailer
    before = _quads(store)
    with pytest.raises(StoreError, match=re.escape(message)) as refused:
        store.import_data(b"".join(damage(lines)), "nq", name="backup.nq")
    assert str(refused.value).startswith("backup.nq: ") and "nothing was imported" in str(
        refused.value
    )
    assert _quads(store) == before
    store.import_data(b"".join(damage(lines)), "nq", verify=False)  # salvage, when asked
    assert _objects(store, G) or _objects(store, H)


@pytest.mark.parametrize("data", [b'<https://e.org/s> <https://e.org/p> "x" <https://e.org/g> .\n'])
def test_store_nquads_from_other_tools_import_without_a_trailer(
    store: TreatyStore, data: bytes
) -> None:
    done = store.import_data(data, "nq")
    assert (done.quads, done.graphs) == (1, 1)
    assert store.has_graph(URIRef("https://e.org/g"))


def _two_graph_backup(fmt: str) -> bytes:
    """A backup of three quads in two graphs, from a store of its own."""
    with open_store(":memory:") as source:
        source.update("DROP ALL")
        source.replace_graphs([(G, [(G, P, Literal("old")), (G, P, Literal("older"))]),
                               (H, [(H, P, Literal("x"))])])  # fmt: skip
        out = io.BytesIO()
        source.export(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_store_backup_with_windows_line_ends_is_checked_like_any_other(
    store: TreatyStore, fmt: str
) -> None:
    """Line ends turned into CRLF (git's autocrlf, a copy through Windows) still read as a
    treatykg backup: a whole one restores, one cut short is refused."""
    crlf = _two_graph_backup(fmt).replace(b"\n", b"\r\n")
    lines = crlf.splitlines(keepends=True)
    before = _quads(store)
    with pytest.raises(StoreError, match=re.escape("ends without its trailer line (cut short?)")):
        store.import_data(b"".join(lines[:-1]), fmt, name=f"backup.{fmt}")
    assert _quads(store) == before
    done = store.import_data(crlf, fmt, name=f"backup.{fmt}")
    assert done.quads == 3
    assert _objects(store, G) == ["old", "older"] and _objects(store, H) == ["x"]


@pytest.mark.parametrize("fmt", ["trig"])
def test_store_trig_backup_cut_between_graph_blocks_is_refused(
    store: TreatyStore, fmt: str
) -> None:
    whole = _two_graph_backup(fmt)
    first_block_end = whole.index(b"}\n") + 2
    before = _quads(store)
    with pytest.raises(StoreError) as refused:
        store.import_data(whole[:first_block_end], fmt, name="backup.trig")
    assert str(refused.value).startswith(
        "backup.trig: ends without its trailer line (cut short?); nothing was imported."
    )
    assert _quads(store) == before
    changed = whole.replace(b'"older"', b'"newer"')
    with pytest.raises(StoreError, match="its sha256 differs from the trailer's"):
        store.import_data(changed, fmt, name="backup.trig")
    assert store.import_data(whole, fmt).quads == 3
    assert whole.splitlines()[-1].startswith(b"# treatykg backup end: 3 quads, sha256 ")


@pytest.mark.parametrize("exported, imported", [("trig", "nq"), ("nq", "trig")])
def test_store_backup_in_another_format_than_given_says_which(
    store: TreatyStore, exported: str, imported: str
) -> None:
    with pytest.raises(StoreError) as refused:
        store.import_data(_two_graph_backup(exported), imported, name="backup")
    assert str(refused.value).endswith(f"Import it with --format {exported}")


@pytest.mark.parametrize("data", [b"", b"# only a comment\n"])
def test_store_empty_import_never_empties_the_store(store: TreatyStore, data: bytes) -> None:
    before = store.count()
    with pytest.raises(StoreError, match="nothing was imported"):
        store.import_data(data, "nq", replace=True, name="empty.nq")
    assert store.count() == before


@pytest.mark.parametrize("data", [b'<http://e/s> <http://e/p> "o" _:g .\n'])
def test_store_import_refuses_graphs_named_by_blank_nodes(store: TreatyStore, data: bytes) -> None:
    """N-Quads may name a graph by a blank node; SPARQL cannot drop or fill one, so such a
    graph could be restored only on some stores and never replaced: refused up front."""
    before = store.count()
    with pytest.raises(StoreError, match="names a graph by a blank node"):
        store.import_data(data, "nq", name="other-tool.nq")
    assert store.count() == before


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


@pytest.mark.parametrize("kind", ["memory", "remote"])
def test_store_query_through_a_dead_service_is_a_store_error(
    kind: str, oxigraph_server: str
) -> None:
    """A remote server answers HTTP 200 and breaks its JSON off with the error's text."""
    dead = f"http://127.0.0.1:{_free_port()}/sparql"  # nothing listens there
    location = ":memory:" if kind == "memory" else f"{oxigraph_server}/query"
    query = f"SELECT * WHERE {{ SERVICE <{dead}> {{ ?s ?p ?o }} }}"
    with open_store(location, read_only=True) as store, pytest.raises(StoreError) as failed:
        store.query(query)
    message = str(failed.value)
    assert "\n" not in message and "Connection refused" in message
    if kind == "remote":
        assert message.startswith(f"{oxigraph_server}/query answered HTTP 200 but its reply")
    else:
        assert dead in message


def test_store_crashed_holder_note_never_names_a_reused_pid(tmp_path: Path) -> None:
    """A writer killed outright leaves its note; a later process with its pid is not it."""
    import json
    import os
    import signal
    import subprocess
    import sys

    location = tmp_path / "crashed"
    writer = subprocess.Popen(
        [sys.executable, "-c", "import time\nfrom treatykg.graph.store import open_store\n"
         f"s = open_store({str(location)!r})\nprint('open', flush=True)\ntime.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdout is not None and writer.stdout.readline() == "open\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    [note] = (location / "treatykg.holders").glob("*.json")
    # The kernel gives the dead writer's pid to an unrelated process: play that with a
    # live process (this one's parent) whose pid the note now names.
    data = json.loads(note.read_text())
    note.write_text(json.dumps({**data, "pid": os.getppid()}))
    with open_store(str(location)):
        assert not note.exists()  # found stale and cleared
        with pytest.raises(StoreLockedError) as refused:
            open_store(str(location))
    assert f"pid {os.getppid()} " not in str(refused.value)
    assert f"this same process, pid {os.getpid()} " in str(refused.value)


def test_store_without_its_kb_gets_it_on_the_next_open(tmp_path: Path) -> None:
    """A store killed right after Oxigraph created it, before treatykg wrote the KB."""
    import pyoxigraph as ox

    location = tmp_path / "unfinished"
    ox.Store(str(location)).flush()  # the files are there, the KB never was
    with open_store(str(location), read_only=True) as reader:  # readers load it too
        assert reader.count(iris.KB_GRAPH) > 1000
        assert not reader.writable
    with open_store(str(location), read_only=True) as one:
        assert one.count(iris.KB_GRAPH) > 1000
        with pytest.raises(StoreError):  # still locked for writing while a reader is in
            open_store(str(location))


def test_store_without_its_kb_beside_a_reader_says_so_in_one_line(tmp_path: Path) -> None:
    import pyoxigraph as ox
    from treatykg.graph.locking import StoreLock

    location = tmp_path / "unfinished"
    ox.Store(str(location)).flush()
    with (
        StoreLock(location, write=False),  # another reader has it open
        pytest.raises(StoreError, match="has no knowledge base") as refused,
    ):
        open_store(str(location), read_only=True)
    assert "\n" not in str(refused.value)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["trig"])
def test_store_trig_export_from_a_server_that_dies_says_why(
    doomed_oxigraph_server: tuple[str, subprocess.Popen[bytes]], fmt: str
) -> None:
    """TriG is re-serialized from the engine's dump as it streams; when the dump fails, its
    own error is raised (not a parse error of the part that arrived), and no trailer is written."""
    base, server = doomed_oxigraph_server
    with open_store(base, read_only=True) as remote:
        server.terminate()
        server.wait(timeout=10)
        out = io.BytesIO()
        with pytest.raises(StoreError) as failed:
            remote.export(out, fmt)
    assert str(failed.value).startswith("cannot reach the SPARQL endpoint")
    assert b"# treatykg backup end" not in out.getvalue()
