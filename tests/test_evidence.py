"""Evidence in the lean model (ontology 0.2.0): every fact keeps its exact span as offsets
into the stored text, its words are read from that text on demand (API and SPARQL alike),
and an export of the 0.1.0 model imports as today's model, fact for fact.

`golden/sample-article-quads-0.1.nq.gz` is what the 0.1.0 model wrote for the sample
articles (quote selectors, role nodes, `tkg:inArticle`); `golden/sample-article-quads.nq.gz`
is today's model of the same articles.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from treatykg.graph.evidence import CONTEXT_CHARS
from treatykg.graph.upgrade import is_old_model, upgrade

import treatykg
from treatykg.cli import cli

GOLDEN = Path(__file__).with_name("golden")
OLD, NEW = GOLDEN / "sample-article-quads-0.1.nq.gz", GOLDEN / "sample-article-quads.nq.gz"
OA, TKG = "http://www.w3.org/ns/oa#", "https://w3id.org/treatykg/ontology#"

# An astral character (two UTF-16 units, four UTF-8 bytes) before every span, and a name
# with a diacritic: offsets count code points, as Python's str and SPARQL's SUBSTR do.
ARTICLE = """title: Spans
date: 2025-01-24
source: ours

🚀 Russia suspended its participation in New START in 2023.
Foreign Minister Sergueï Lavrov said that New START remained important for global security.
“The door is open,” Ruritanian Deputy Defence Minister Olek Varga said on Friday.
"""
SENTENCES = {
    "🚀 Russia suspended its participation in New START in 2023.",
    "Foreign Minister Sergueï Lavrov said that New START remained important for global security.",
}


@pytest.fixture
def spans_kg(tmp_path: Path) -> Iterator[treatykg.TreatyKG]:
    path = tmp_path / "spans.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    with treatykg.open(":memory:") as kg:
        assert kg.ingest([path], derive=False).ok
        yield kg


def _old_lines() -> list[str]:
    return gzip.decompress(OLD.read_bytes()).decode().splitlines()


def _quads(lines: list[str]) -> set[ox.Quad]:
    return set(ox.parse("\n".join(lines) + "\n", ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize(
    ("fact", "words"),
    [
        ("?fact tkg:mentionOf ?entity ; tkg:evidence ?ev",
         {"Russia", "New START", "Sergueï Lavrov", "Olek Varga"}),
        ("?fact a tkg:ReportedEvent ; tkg:evidence ?ev", SENTENCES),
        ("?fact tkg:content ?ev", {"New START remained important for global security"}),
        ("?fact a tkg:Utterance ; tkg:evidence ?ev", {"The door is open,"}),
    ],
    ids=["mention", "event", "event content", "utterance"],
)  # fmt: skip
def test_evidence_offsets_slice_the_stored_text_to_the_words_read(
    spans_kg: treatykg.TreatyKG, fact: str, words: set[str]
) -> None:
    """The stored offsets, sliced in Python, in SPARQL (SUBSTR counts from 1) and by the
    API, give the same words: the ones each fact was read from."""
    rows = spans_kg.sparql(
        f"""SELECT ?fact ?ev ?start ?end ?body ?substr WHERE {{ GRAPH ?g {{ {fact} .
              ?ev oa:hasSource ?article ; oa:hasSelector ?selector .
              ?selector oa:start ?start ; oa:end ?end . ?article tkg:text ?body }}
            BIND(SUBSTR(?body, ?start + 1, ?end - ?start) AS ?substr) }}"""
    ).records()
    sliced = set()
    for row in rows:
        text = str(row["body"])[int(str(row["start"])) : int(str(row["end"]))]
        quote = spans_kg.evidence_quote(str(row["ev"]))
        assert quote is not None
        assert str(row["substr"]) == quote.exact == text
        sliced.add(text)
    assert sliced == words


@pytest.mark.parametrize("kind", ["tkg:Utterance"])
def test_evidence_quote_of_a_fact_gives_its_words_and_the_text_around_them(
    spans_kg: treatykg.TreatyKG, kind: str
) -> None:
    [row] = spans_kg.sparql(
        f"SELECT ?fact ?body WHERE {{ GRAPH ?g {{ ?fact a {kind} . ?a tkg:text ?body }} }}"
    ).rows
    quote = spans_kg.evidence_quote(str(row[0]))
    body = str(row[1])
    assert quote is not None and quote.exact == "The door is open,"
    assert quote.prefix == body[max(0, quote.start - CONTEXT_CHARS) : quote.start]
    assert quote.suffix == body[quote.end : quote.end + CONTEXT_CHARS]
    assert quote.prefix.endswith("global security.\n“") and quote.suffix.startswith("” Ruritanian")
    assert spans_kg.evidence_quote("https://w3id.org/treatykg/id/evidence/none/0-1") is None


@pytest.mark.parametrize("old", [OLD])
def test_evidence_old_model_converts_to_exactly_the_new_model(old: Path) -> None:
    """What the model change drops or rewrites, and nothing else: the 0.1.0 quads of the
    sample articles, converted, are today's quads of the same articles, and every fact
    keeps its evidence and every evidence its offsets."""
    lines = _old_lines()
    assert is_old_model("\n".join(lines).encode(), "nq")
    converted = set(ox.parse(upgrade("\n".join(lines).encode(), "nq"), ox.RdfFormat.N_QUADS))
    new = _quads(gzip.decompress(NEW.read_bytes()).decode().splitlines())
    assert converted == new
    assert not is_old_model(gzip.decompress(NEW.read_bytes()), "nq")

    def spans(quads: set[ox.Quad]) -> dict[tuple[str, str], str]:
        return {
            (q.subject.value, q.predicate.value): q.object.value
            for q in quads
            if q.predicate.value in (TKG + "evidence", TKG + "content", OA + "start", OA + "end")
        }

    assert spans(_quads(lines)) == spans(new)


@pytest.mark.parametrize("old", [OLD])
def test_evidence_import_of_an_old_export_gives_the_quotes_it_stored(
    tmp_path: Path, old: Path
) -> None:
    """An export of the 0.1.0 model (N-Quads from main's builder) imports as today's
    model; each quote it stored (oa:exact, oa:prefix, oa:suffix) is what the store now
    answers from the text, through a query and through the API."""
    lines = _old_lines()
    export = tmp_path / "old-export.nq"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stored: dict[str, dict[str, str]] = {}
    for q in _quads(lines):
        if q.predicate.value in (OA + "exact", OA + "prefix", OA + "suffix"):
            evidence = q.subject.value.removesuffix("#quote")
            stored.setdefault(evidence, {})[q.predicate.value.removeprefix(OA)] = q.object.value
    with treatykg.open(str(tmp_path / "store")) as kg:
        assert kg.import_file(export).upgraded_from == "0.1.0"
        assert (
            kg.sparql("ASK { GRAPH ?g { ?s oa:exact|tkg:inArticle|sem:roleType ?o } }").boolean
            is False
        )
        rows = kg.sparql(
            """SELECT ?ev ?words WHERE { GRAPH ?g {
                 ?ev oa:hasSource ?article ; oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end .
                 ?article tkg:text ?body }
               BIND(SUBSTR(?body, ?start + 1, ?end - ?start) AS ?words) }"""
        ).rows
        assert {str(ev): str(words) for ev, words in rows} == {
            ev: quote["exact"] for ev, quote in stored.items()
        }
        for ev, quote in stored.items():
            got = kg.evidence_quote(ev)
            assert got is not None
            assert (got.exact, got.prefix, got.suffix) == (
                quote["exact"], quote["prefix"], quote["suffix"]
            )  # fmt: skip


@pytest.mark.parametrize("old", [OLD])
def test_evidence_import_says_when_it_converted_an_old_export(tmp_path: Path, old: Path) -> None:
    """The user learns that a file was rewritten on the way in, and an export in today's
    model is not said to be converted."""
    export, current = tmp_path / "old-export.nq", tmp_path / "new-export.nq"
    export.write_text("\n".join(_old_lines()) + "\n", encoding="utf-8")
    current.write_bytes(gzip.decompress(NEW.read_bytes()))
    said: dict[str, str] = {}
    for name, path in (("old", export), ("new", current)):
        done = CliRunner().invoke(cli, ["import", str(path), "--store", str(tmp_path / name)])
        assert done.exit_code == 0, done.output
        said[name] = done.stderr
    assert f"{export} was in the 0.1.0 model" in said["old"]
    assert "Imported" in said["new"] and "was in the" not in said["new"]
