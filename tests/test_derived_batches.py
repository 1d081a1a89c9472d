"""The derived layer read in batches and written one graph at a time: the same layer as one
pass over every report gave, on our own sample articles."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from treatykg.graph import iris, reports
from treatykg.graph.happenings import Report
from treatykg.graph.store import TreatyStore, open_store
from treatykg.samples import ARTICLES as SAMPLE

import treatykg

# The sample store's derived layer as derived before reads came in batches and graphs were
# compared one at a time (by `python tests/test_derived_batches.py FILE` on that code):
# per derived graph, its number of statements and the SHA-256 of their sorted lines. Only
# the network's line was written again since, when ties stopped listing their events
# (1,383 statements then, 1,311 after) and when pairs came to carry their rank (1,353
# now: one tkg:pairRank per pair), and the status line, when periods came to point at
# their steps, which list their sources once (4,215 statements then, 4,460 now: every
# period's basis and sources, read through its steps, compared equal on both models);
# the listing orders' lines were added with them (the listings the queries page from),
# the remarks listings' lines when who-said-what came to page from one (then again when
# each listing became a graph per year: rows and order unchanged, their IRIs named by the
# year's graph; New START's 15 statements are now 11 in 2010 and 7 in 2023, the second
# graph naming its treaty and dates too), and the sources listings' lines when
# events-with-sources did;
# merging unit by unit left every other line as it was.
GOLDEN = Path(__file__).with_name("golden") / "derived-samples.txt"
_COMPUTATION = str(iris.computation("x", "y")).rsplit("/", 2)[0]


def layer_lines(store: TreatyStore) -> list[str]:
    """Every statement of the derived graphs but the derivation record, as sorted lines of
    N-Quads terms, computations named alike (their names hash the store's version)."""
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    lines = set()
    for row in rows:
        graph = str(row[0])
        if not graph.startswith(str(iris.DERIVED_GRAPH)) or graph == str(iris.DERIVED_GRAPH):
            continue
        terms = [term.n3() for term in row]  # type: ignore[union-attr]
        named = ["<computation>" if t.startswith(f"<{_COMPUTATION}") else t for t in terms]
        lines.add(" ".join(named[1:] + named[:1]))
    return sorted(lines)


def derive_samples(location: str) -> list[str]:
    """Ingest the sample articles without deriving, rebuild the layer, and sum it up per
    graph: `graph statements sha256`, one line each, sorted."""
    with open_store(location) as store:
        kg = treatykg.TreatyKG(store)
        kg.ingest([SAMPLE], derive=False)
        kg.derive()
        lines = layer_lines(store)
    graphs: dict[str, list[str]] = {}
    for line in lines:
        graphs.setdefault(line.rsplit(" ", 1)[1], []).append(line)
    return [
        f"{graph} {len(held)} {hashlib.sha256(chr(10).join(held).encode()).hexdigest()}"
        for graph, held in sorted(graphs.items())
    ]


@pytest.mark.parametrize("batch", [500, 2])
def test_derived_layer_of_the_samples_is_the_one_a_single_pass_gave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(reports, "READ_BATCH", batch)  # 2: one query per two articles
    found = derive_samples(str(tmp_path / "store"))
    assert found == GOLDEN.read_text(encoding="utf-8").splitlines()


def _reports(store: TreatyStore, batch: int) -> list[Report]:
    return sorted(reports.iter_reports(store, batch=batch), key=lambda r: r.iri)


@pytest.mark.parametrize("batch", [1, 3, 500])
def test_derived_batched_reads_give_every_report_of_one_read(tmp_path: Path, batch: int) -> None:
    with open_store(str(tmp_path / "store")) as store:
        treatykg.TreatyKG(store).ingest([SAMPLE], derive=False)
        everything = [
            str(iris.article(iris.article_key_of_graph(g) or "")) for g in store.article_graphs()
        ]
        whole = reports.read_reports(store, articles=everything)  # one query, every article
        assert len(whole) > 20 and _reports(store, batch) == whole
        assert reports.read_reports(store) == whole


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        Path(sys.argv[1]).write_text(
            "\n".join(derive_samples(f"{tmp}/store")) + "\n", encoding="utf-8"
        )
