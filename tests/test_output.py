"""What the CLI prints: stored text never drives the terminal (no escape sequences, no bidi
overrides), while JSON and Turtle keep the exact value behind an escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import HOSTILE_TITLE
from rdflib import Graph, Literal, URIRef

from treatykg.cli import cli
from treatykg.output import for_terminal

# What a terminal acts on: ESC (every sequence starts with it), BEL (ends a title), the
# one-byte CSI, and the bidi override that reverses what follows.
DRIVERS = ("\x1b", "\x07", "\x9b", "\u202e")
TITLE = "dcterms:title"


def _invoke(*args: str) -> Result:
    # A wide table whatever terminal runs the tests, so no value is cut short.
    result = CliRunner(env={"COLUMNS": "240"}).invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def _assert_inert(text: str) -> None:
    assert not [c for c in DRIVERS if c in text], repr(text)


@pytest.fixture
def hostile_store(tmp_path: Path, hostile_article: Path) -> str:
    store = str(tmp_path / "store")
    _invoke("ingest", str(hostile_article), "--store", store, "-q")
    return store


@pytest.mark.parametrize("text, shown", [
    ("plain text, kept", "plain text, kept"),
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b[38;5;196mcolour\x1b[m", "colour"),
    ("a\x1b]0;window title\x07b", "ab"),
    ("link\x1b]8;;https://example.org/\x1b\\", "link"),
    ("\x1b[2J\x1b[Hcleared", "cleared"),
    ("one-byte\x9b2J csi", "one-byte csi"),
    ("bell\x07 and del\x7f", "bell and del"),
    ("line\nbreak\tand\r\ncrlf", "line break and crlf"),
    ("bidi \u202eesrever\u202c \u2066isolate\u2069", "bidi esrever isolate"),
    ("lone escape \x1b", "lone escape "),
    ("Côte d'Ivoire — «ok» 日本", "Côte d'Ivoire — «ok» 日本"),
])  # fmt: skip
def test_output_for_terminal_removes_what_drives_a_terminal(text: str, shown: str) -> None:
    assert for_terminal(text) == shown


@pytest.mark.parametrize("text, kept", [("a\nb\tc\r\nd", "a\nb\tc\nd")])
def test_output_for_terminal_keeps_lines_when_asked(text: str, kept: str) -> None:
    assert for_terminal(text, keep_lines=True) == kept


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_output_query_prints_stored_text_without_terminal_sequences(
    hostile_store: str, fmt: str
) -> None:
    result = _invoke("query", "articles-by-outlet", "--store", hostile_store, "--format", fmt)
    _assert_inert(result.output)
    assert "Talks resume on New START" in result.output and "Test  Wire" in result.output


@pytest.mark.parametrize("fmt", ["json", "ttl"])
def test_output_json_and_turtle_keep_the_exact_value_escaped(hostile_store: str, fmt: str) -> None:
    query = (
        f"SELECT ?t WHERE {{ GRAPH ?g {{ ?a {TITLE} ?t }} }}"
        if fmt == "json"
        else f"CONSTRUCT {{ ?a {TITLE} ?t }} WHERE {{ GRAPH ?g {{ ?a {TITLE} ?t }} }}"
    )
    result = _invoke("query", query, "--store", hostile_store, "--format", fmt)
    _assert_inert(result.output)
    if fmt == "json":
        values = [b["t"]["value"] for b in json.loads(result.output)["results"]["bindings"]]
    else:
        graph = Graph().parse(data=result.output, format="turtle")
        values = [str(o) for o in graph.objects(None, URIRef("http://purl.org/dc/terms/title"))]
    assert values == [HOSTILE_TITLE]


@pytest.mark.parametrize("args, visible", [
    (("kb", "show", "Hostile Accord"), "Signed at noon in Testcity"),
    (("kb", "list", "--type", "organization"), "Hostile Body"),
    (("timeline", "Hostile Accord"), "https://example.org/o'clock"),
])  # fmt: skip
def test_output_kb_and_timeline_commands_print_no_terminal_sequences(
    hostile_kb: Path, args: tuple[str, ...], visible: str
) -> None:
    result = _invoke(*args, "--store", ":memory:", "--kb", str(hostile_kb))
    _assert_inert(result.output)
    assert visible in result.output


@pytest.mark.parametrize("name", ["store\x1b]0;owned\x07"])
def test_output_stats_prints_a_hostile_store_name_inert(
    tmp_path: Path, hostile_article: Path, name: str
) -> None:
    store = str(tmp_path / name)
    _invoke("ingest", str(hostile_article), "--store", store, "-q")
    result = _invoke("stats", "--store", store)
    _assert_inert(result.output)
    assert str(tmp_path / "store") in result.output


@pytest.mark.parametrize("value", [Literal("x\x1b[31my\u202ez\r")])
def test_output_turtle_escapes_are_valid_turtle(value: Literal) -> None:
    from treatykg.graph.store import QueryResult

    from treatykg.output import render

    triple = (URIRef("urn:a"), URIRef("urn:p"), value)
    text = render(QueryResult("CONSTRUCT", (), [], triples=[triple]), "ttl")
    _assert_inert(text)
    assert set(Graph().parse(data=text, format="turtle")) == {triple}


@pytest.mark.parametrize("name", ["bad\x1b]0;owned\x07\x1b[2J.ttl"])
def test_output_error_line_names_a_hostile_file_inert(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("this is not\nTurtle <", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["kb", "list", "--store", ":memory:", "--kb", str(tmp_path / name)]
    )
    assert result.exit_code == 1
    _assert_inert(result.output)
    assert (
        "bad.ttl: not valid Turtle" in result.output
        and len(result.output.strip().splitlines()) == 1
    )


@pytest.mark.parametrize("name", ["\x1b]0;pwned\x07dispatch\x1b[2J"])
def test_output_eval_prints_no_terminal_sequences(tmp_path: Path, name: str) -> None:
    """`eval` prints file names and, with --verbose, the article's own text."""
    articles, gold = tmp_path / "articles", tmp_path / "gold"
    articles.mkdir()
    gold.mkdir()
    (articles / f"{name}.txt").write_text(
        "title: T\ndate: 2025-03-14\n\nPeskov said \x1b[31mnothing\x1b[0m new on Friday.\n",
        encoding="utf-8",
    )
    (gold / f"{name}.json").write_text(
        '{"published": "2025-03-14", "entities": [], "dates": [], "events": [], "quotes": []}',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), str(articles), "--verbose"])
    assert "dispatch" in result.output
    _assert_inert(result.output)
