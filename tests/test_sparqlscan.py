"""The federation check against the engine itself: whatever text makes Oxigraph open a
connection (SERVICE, LOAD), the scanner must flag, however the text hides the keyword."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from treatykg.graph.sparqlscan import fetching_keyword


class Listener:
    """A loopback port that counts the connections made to it and hangs up at once."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.calls = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.calls += 1
            connection.close()

    def reached_by(self, run: str, text: str) -> bool:
        """Whether the engine, running `text`, opened a connection here."""
        before = self.calls
        store = ox.Store()  # one triple, so that a pattern before the SERVICE matches
        integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"),
                          ox.Literal("1", datatype=integer)))  # fmt: skip
        try:
            if run == "query":
                result = store.query(text)
                if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
                    list(result)
            else:
                store.update(text)
        except Exception:  # a syntax error or the hung-up connection: either is fine here
            pass
        return self.calls > before


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    here = Listener()
    yield here
    here.socket.close()


def _prologue(listener: Listener) -> str:
    return f"PREFIX :<http://127.0.0.1:{listener.port}/>\n"


# Each hides SERVICE from a scanner that takes every '<...>' for an IRI.
HIDDEN = {
    "comment after less-than": "SELECT*{FILTER(1<2)SERVICE:x#>\n{?a?b?c}}",
    "comment across the line": 'SELECT*{FILTER(1<2#> "\n)SERVICE:x {?a?b?c}}',
    "plain": "SELECT * { SERVICE :x { ?a ?b ?c } }",
    "glued": "SELECT * { ?s ?p 1SERVICE :x { ?a ?b ?c } }",
}


@pytest.mark.parametrize("name", list(HIDDEN))
def test_sparqlscan_flags_what_the_engine_fetches(listener: Listener, name: str) -> None:
    text = _prologue(listener) + HIDDEN[name]
    assert listener.reached_by("query", text)  # the engine really calls out on it
    assert fetching_keyword(text) == "SERVICE"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s <http://www.w3.org/2001/XMLSchema#date> ?o . FILTER(?o < 3) }",
        "SELECT * { ?s <http://example.org/service> ?o }",
        "SELECT * { ?s <http://example.org/(a)> ?o }",
        'SELECT ?service { ?service a schema:Service . FILTER(?x = "SERVICE") }',
    ],
)
def test_sparqlscan_lets_ordinary_queries_through(text: str) -> None:
    assert fetching_keyword(text) is None


# A call that works, cut in two, with noise before, between and after: each piece may turn
# part of the text into a comment, a string or an IRI for one reader and not the other.
_NOISE = [
    "FILTER(1<2)", "FILTER(1<2", "FILTER(1>2", "BIND(1<2 AS ?z)", "EXISTS{", "&&", "<2", "2>",
    ")", "(", "{", "}", "#", ">", "<", "<<", ">>", "\n", " ", "'", '"', "'''", "1", ".", ";",
    "x", "?s ?p 1 .", "OPTIONAL{", "<http://e/x>",
]  # fmt: skip
_CALLS = {
    "query": [("SERVICE:x", "{?a?b?c}"), ("SERVICE SILENT :x", "{}"), ("1SERVICE:x", "{}")],
    "update": [("SERVICE:x", "{?a?b?c}"), ("}};LOAD :x", ";INSERT DATA{"),
               ("}};LOAD SILENT:x INTO GRAPH:g", ";INSERT DATA{")],
}  # fmt: skip
_OPENINGS = {"query": "SELECT*{?s ?p 1 .", "update": "INSERT{?s ?p 2}WHERE{?s ?p 1 ."}
_NOISY = st.lists(st.sampled_from(_NOISE), max_size=6)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run=st.sampled_from(["query", "update"]), call=st.integers(0, 2),
       before=_NOISY, between=_NOISY, after=_NOISY)  # fmt: skip
@example(run="query", call=0, before=["FILTER(1<2", ")"], between=["#", ">", "\n"], after=[])
def test_sparqlscan_misses_nothing_the_engine_would_fetch(
    listener: Listener, run: str, call: int, before: list[str], between: list[str], after: list[str]
) -> None:
    head, tail = _CALLS[run][call]
    body = "".join(before) + head + "".join(between) + tail + "".join(after)
    text = _prologue(listener) + _OPENINGS[run] + body + "}"
    if listener.reached_by(run, text):
        assert fetching_keyword(text) is not None, text


@pytest.mark.parametrize("size", [300_000])
def test_sparqlscan_ends_on_strings_that_never_close(size: int) -> None:
    """An unclosed string after every quote made the old scan go over the rest of the
    text from each one (minutes for 200 KB); the engine rejects such text anyway."""
    text = "SELECT ?service { '" + "a\\'" * (size // 3)
    assert fetching_keyword(text) is None
