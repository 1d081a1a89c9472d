"""Replacing a graph by its difference: the same change a comparison of two sets of lines
gives, however many sorted runs the graph spans, written whole and leaving no temporary
file behind. Real Oxigraph stores, runs of a few statements so that small graphs span many.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from treatykg.graph import vocab
from treatykg.graph.backends import EmbeddedBackend
from treatykg.graph.graph_diff import Differ, Lines, Writer
from treatykg.graph.store import TreatyStore, open_store
from treatykg.graph.terms import Triple

from treatykg.errors import StoreError

EX = "https://example.org/"
GRAPH = URIRef(EX + "graph/derived/test")


def memory_store() -> TreatyStore:
    """An Oxigraph store in memory, without the KB that `open_store` loads (a tenth of a
    second per store, most of a property test's time)."""
    return TreatyStore(EmbeddedBackend(None))


def statement(i: int) -> Triple:
    """One of a small universe of statements: IRIs, plain strings, and doubles spelled
    otherwise than the engine spells them ("3.0" is stored as "3")."""
    s, p = URIRef(f"{EX}s{i % 5}"), URIRef(f"{EX}p{i % 3}")
    if i % 3 == 0:
        return s, p, Literal(f"{i}.0", datatype=vocab.XSD.double, normalize=False)
    if i % 3 == 1:
        return s, p, URIRef(f"{EX}o{i}")
    return s, p, Literal(f"text {i}")


def lines_of(store: TreatyStore, graph: URIRef = GRAPH) -> set[bytes]:
    """The graph's statements as the store spells them."""
    with tempfile.SpooledTemporaryFile() as out:
        if graph not in store.named_graphs():
            return set()
        store.export(out, "nt", graph=graph)
        out.seek(0)
        return set(out)


def spelled(triples: list[Triple]) -> set[bytes]:
    """The statements as the engine stores them, compared as a set: what a graph holding
    them exports."""
    with memory_store() as scratch:
        scratch.replace_graphs([(GRAPH, triples)])
        return lines_of(scratch)


def text(lines: Lines) -> bytes:
    return b"".join(lines.chunks(1 << 20))


def temporary_files(where: Path) -> list[str]:
    """What this process holds open in `where` (an unlinked file shows as `... (deleted)`)
    and what `where` lists."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(where)):
            held.append(target)
    return held + os.listdir(where)


@pytest.fixture
def spool_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temporary files go here, where a test can count them."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("counting open files needs /proc")
    where = tmp_path / "spool"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    yield where


@settings(
    max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    stored=st.sets(st.integers(0, 40), min_size=1),
    wanted=st.lists(st.integers(0, 40), min_size=1),
    run=st.integers(1, 6),
    spool=st.sampled_from([1, 1 << 20]),
)
def test_graph_diff_is_the_set_difference_however_many_runs(
    stored: set[int], wanted: list[int], run: int, spool: int
) -> None:
    with memory_store() as store:
        store.replace_graphs([(GRAPH, [statement(i) for i in stored])])
        old, new = lines_of(store), spelled([statement(i) for i in wanted])
        with Differ(store, run_statements=run, spool_bytes=spool).change(
            GRAPH, (statement(i) for i in wanted)
        ) as change:
            assert (change.changed, change.drop) == (old != new, False)
            assert text(change.deleted) == b"".join(sorted(old - new))
            assert text(change.inserted) == b"".join(sorted(new - old))
            writer = Writer(store, chunk_bytes=run * 40)
            writer.write(change)
            writer.flush()
        assert lines_of(store) == new


@pytest.mark.parametrize("run", [1, 2, 3])
def test_graph_diff_writes_a_statement_given_twice_once(store: TreatyStore, run: int) -> None:
    store.replace_graphs([(GRAPH, [statement(40)])])
    wanted = [statement(i) for i in (1, 2, 1, 3, 2, 2, 4, 1)]
    change = Differ(store, run_statements=run).change(GRAPH, wanted)
    inserted = text(change.inserted).splitlines(keepends=True)
    assert sorted(inserted) == sorted(spelled(wanted))  # each line once
    writer = Writer(store)
    writer.write(change)
    writer.flush()
    assert lines_of(store) == spelled(wanted)


@pytest.mark.parametrize(
    ("stored", "wanted"),
    [
        (Literal("1.0", datatype=vocab.XSD.double), Literal("1.0E0", datatype=vocab.XSD.double)),
        (Literal("+05", datatype=vocab.XSD.integer), Literal("5", datatype=vocab.XSD.integer)),
        (Literal("1.50", datatype=vocab.XSD.decimal), Literal("01.5", datatype=vocab.XSD.decimal)),
        (Literal("1", datatype=vocab.XSD.boolean), Literal("true", datatype=vocab.XSD.boolean)),
    ],
)
@pytest.mark.parametrize("run", [1, 100])
def test_graph_diff_a_value_spelled_otherwise_is_unchanged(
    stored: Literal, wanted: Literal, run: int
) -> None:
    def graph(value: Literal) -> list[Triple]:
        literal = Literal(str(value), datatype=value.datatype, normalize=False)
        return [(URIRef(EX + "s"), URIRef(EX + "p"), literal), statement(1), statement(2)]

    with memory_store() as store:
        store.replace_graphs([(GRAPH, graph(stored))])
        change = Differ(store, run_statements=run).change(GRAPH, graph(wanted))
        assert not change.changed
        assert (text(change.deleted), text(change.inserted)) == (b"", b"")


@pytest.mark.parametrize(
    ("stored", "wanted"),
    [
        ([(BNode("b1"), URIRef(EX + "p"), Literal("x"))], [statement(1), statement(2)]),
        ([statement(1)], [statement(1), (URIRef(EX + "s"), URIRef(EX + "p"), BNode("b2"))]),
    ],
    ids=["blank-stored", "blank-wanted"],
)
def test_graph_diff_blank_nodes_drop_the_graph(stored: list[Triple], wanted: list[Triple]) -> None:
    # DELETE DATA cannot name a blank node: the graph is dropped and written whole.
    with memory_store() as store:
        store.replace_graphs([(GRAPH, stored)])
        change = Differ(store, run_statements=1).change(GRAPH, wanted)
        assert (change.changed, change.drop) == (True, True)
        assert text(change.deleted) == b""
        assert len(text(change.inserted).splitlines()) == len(wanted)
        writer = Writer(store)
        writer.write(change)
        writer.flush()
        assert len(lines_of(store)) == len(wanted)
        assert lines_of(store) >= spelled([t for t in wanted if not isinstance(t[2], BNode)])


def test_graph_diff_an_emptied_graph_is_dropped(store: TreatyStore) -> None:
    store.replace_graphs([(GRAPH, [statement(i) for i in range(7)])])
    change = Differ(store, run_statements=2).change(GRAPH, [])
    assert (change.changed, change.drop) == (True, True)
    assert (text(change.deleted), text(change.inserted)) == (b"", b"")
    Writer(store).write(change)
    assert GRAPH not in store.named_graphs()


@pytest.mark.parametrize("run", [1, 4, 100])
def test_graph_diff_a_new_graph_is_written_as_given(store: TreatyStore, run: int) -> None:
    wanted = [statement(i) for i in (5, 6, 5, 7, 8, 9, 6)]
    change = Differ(store, run_statements=run).change(GRAPH, iter(wanted))
    assert (change.changed, change.drop) == (True, False)
    writer = Writer(store, chunk_bytes=50)
    writer.write(change)
    writer.flush()
    assert lines_of(store) == spelled(wanted)


def test_graph_diff_nothing_wanted_of_a_graph_not_there_is_no_change() -> None:
    with memory_store() as store:
        change = Differ(store).change(GRAPH, [])
        assert (change.changed, change.drop) == (False, False)


@pytest.mark.parametrize("size", [1, 30, 75, 1 << 20])
def test_graph_diff_chunks_end_at_line_ends(size: int) -> None:
    lines = [f"<{EX}s{i}> <{EX}p> {'x' * (i % 13)!r} .\n".encode() for i in range(40)]
    held = Lines(spool_bytes=64)
    try:
        for line in lines:
            held.add(line)
        chunks = list(held.chunks(size))
    finally:
        held.close()
    assert b"".join(chunks) == b"".join(lines)
    for chunk in chunks:
        assert chunk.endswith(b"\n")
        assert len(chunk) - len(chunk[:-1].rsplit(b"\n", 1)[-1]) - 1 < size  # one line past


def _failing(count: int) -> Iterator[Triple]:
    for i in range(count):
        yield statement(i)
    raise RuntimeError("the plan failed part-way")


@pytest.mark.parametrize("fails", ["none", "while-compared", "while-written"])
def test_graph_diff_leaves_no_temporary_file(spool_dir: Path, tmp_path: Path, fails: str) -> None:
    location = tmp_path / "store"
    with open_store(location) as store:
        store.replace_graphs([(GRAPH, [statement(i) for i in range(0, 60, 2)])])
    # A store opened read-only fails the write, after the comparison made its files.
    with open_store(location, read_only=fails == "while-written") as store:
        differ = Differ(store, run_statements=3, spool_bytes=1)
        if fails == "while-compared":
            with pytest.raises(RuntimeError) as failure:
                differ.change(GRAPH, _failing(20))
            # Closed at once, not when the traceback (held here) lets go of the frames.
            assert temporary_files(spool_dir) == []
            assert "part-way" in str(failure.value)
            return
        change = differ.change(GRAPH, (statement(i) for i in range(1, 60, 2)))
        assert temporary_files(spool_dir)  # the difference went to files, as it would when large
        if fails == "while-written":
            with pytest.raises(StoreError) as failure:
                Writer(store).write(change)
            assert temporary_files(spool_dir) == []
            assert "read-only" in str(failure.value)
        else:
            Writer(store).write(change)
            assert temporary_files(spool_dir) == []
