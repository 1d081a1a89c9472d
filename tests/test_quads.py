"""An article's quads are the model users query: the sample articles build exactly the
checked-in graphs, each article's quads lie in its own graph, and the store writes them
all or nothing on every backend.

`golden/sample-article-quads.nq.gz` holds the sample articles' quads, sorted, in the
ontology 0.2.0 model (`golden/sample-article-quads-0.1.nq.gz`, the 0.1.0 model before it,
is test_evidence's). When the model changes on purpose, write it again with
`python tests/test_quads.py` and read the diff before committing it.
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from treatykg.graph import kb
from treatykg.graph.quads import ArticleQuads, article_quads
from treatykg.graph.store import TreatyStore, open_store
from treatykg.ingest import Lexicon, read_path
from treatykg.ingest.extract import extract
from treatykg.samples import ARTICLES

from treatykg.errors import StoreError
from treatykg.pipeline import IngestInterrupted, expand_paths, ingest

GOLDEN = Path(__file__).with_name("golden") / "sample-article-quads.nq.gz"
# The articles are read by this path from the folder above it, as articles record it.
SAMPLES = Path(ARTICLES.parent.name) / ARTICLES.name
VERSION = "golden"  # the extractor version the golden file records, whatever the release
G = "https://w3id.org/treatykg/id/graph/article/test"
H = "https://w3id.org/treatykg/id/graph/article/later"


def _built(folder: Path, lexicon: Lexicon) -> list[ArticleQuads]:
    return [
        article_quads(extract(article, lexicon), version=VERSION)
        for path in expand_paths([folder])
        for article in read_path(path)
    ]


def _lines(built: list[ArticleQuads]) -> list[str]:
    return [line for one in built for line in one.nquads.decode().splitlines()]


@pytest.mark.parametrize("folder", [SAMPLES])
def test_quads_sample_articles_build_the_checked_in_graphs(
    folder: Path, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ARTICLES.parent.parent)
    lines = _lines(_built(folder, lexicon))
    expected = gzip.decompress(GOLDEN.read_bytes()).decode().splitlines()
    missing, extra = sorted(set(expected) - set(lines)), sorted(set(lines) - set(expected))
    shown = "\n".join([*(f"- {q}" for q in missing[:10]), *(f"+ {q}" for q in extra[:10])])
    assert not missing and not extra, f"{len(missing)} quads missing, {len(extra)} new:\n{shown}"
    assert len(lines) == len(expected)  # and none twice


@pytest.mark.parametrize("folder", [ARTICLES])
def test_quads_each_article_holds_its_own_graph_and_counts(folder: Path, lexicon: Lexicon) -> None:
    for built in _built(folder, lexicon):
        quads = list(ox.parse(built.nquads, ox.RdfFormat.N_QUADS))
        assert {q.graph_name for q in quads} == {ox.NamedNode(built.graph)}
        assert len(quads) == len(set(quads)) == built.quads
        assert built.graph.endswith(built.key)


def _graph(store: TreatyStore, graph: str) -> list[str]:
    rows = store.query(
        "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o", {"g": URIRef(graph)}
    )
    return [str(row[0]) for row in rows.rows]


def _nquads(graph: str, *values: str) -> bytes:
    return "".join(
        f'<{graph}> <https://example.org/p> "{v}" <{graph}> .\n' for v in values
    ).encode()


@pytest.mark.parametrize("bulk", [False, True])
def test_quads_batch_replaces_stored_graphs_adds_new_ones_and_empties_the_rest(
    store: TreatyStore, bulk: bool
) -> None:
    store.replace_nquads([G], _nquads(G, "old", "older"), bulk=bulk)
    emptied = "https://w3id.org/treatykg/id/graph/article/emptied"
    store.replace_nquads([emptied], _nquads(emptied, "gone"), bulk=bulk)
    store.replace_nquads([G, H, emptied], _nquads(G, "new") + _nquads(H, "later"), bulk=bulk)
    assert (_graph(store, G), _graph(store, H), _graph(store, emptied)) == (["new"], ["later"], [])


@pytest.mark.parametrize("stored", [False, True])
def test_quads_batch_that_cannot_be_read_writes_nothing(store: TreatyStore, stored: bool) -> None:
    if stored:
        store.replace_nquads([G], _nquads(G, "kept"))
    broken = _nquads(H, *(f"v{n}" for n in range(1000))) + _nquads(G, "new")[:-5]
    with pytest.raises(StoreError, match="nothing was written"):
        store.replace_nquads([H, G], broken)
    assert (_graph(store, G), _graph(store, H)) == (["kept"] if stored else [], [])


@pytest.mark.parametrize("workers", [2])
def test_quads_ingest_into_a_new_store_and_again_stores_the_same_graphs(
    tmp_path: Path, workers: int
) -> None:
    """The first ingest bulk-loads the new store (built in worker processes); the second,
    into a store holding the articles, replaces each graph in transactions."""
    with open_store(tmp_path / "store") as store:
        first = ingest(store, [ARTICLES], workers=workers, derive=False)
        quads = store.count()
        second = ingest(store, [ARTICLES], workers=workers, derive=False)
        assert store.count() == quads
    assert second.replaced == second.articles == first.articles
    assert second.summary().split(":", 1)[1] == first.summary().split(":", 1)[1]


@pytest.mark.parametrize("articles", [1])
def test_quads_failed_bulk_load_says_the_batch_may_be_partly_stored(
    tmp_path: Path, articles: int
) -> None:
    open_store(tmp_path / "store").close()  # a new store: its KB, no article
    with (
        open_store(tmp_path / "store", read_only=True) as store,
        pytest.raises(IngestInterrupted) as info,
    ):
        ingest(store, [ARTICLES / "2010-04-08-new-start-signed.txt"], derive=False)
    assert info.value.bulk and info.value.committed == 0
    assert f"0 of the {articles} articles read so far were committed" in str(info.value)
    assert "may be partly stored); re-run the same ingest to finish" in str(info.value)


def write_golden() -> None:
    """The golden file from the current builder, for a deliberate change of the model."""
    with open_store(":memory:") as store:
        lexicon = kb.lexicon(store)
    os.chdir(ARTICLES.parent.parent)
    lines = sorted(_lines(_built(SAMPLES, lexicon)))
    data = ("\n".join(lines) + "\n").encode()
    GOLDEN.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wrote {len(lines)} quads to {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    write_golden()
