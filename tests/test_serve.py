"""`treatykg serve`: the real oxigraph server process on a free loopback port, queried
with a plain HTTP client and with rdflib's SPARQLStore."""

from __future__ import annotations

import html
import json
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _free_port
from treatykg.graph.server import Server
from treatykg.samples import ARTICLES

import treatykg
from treatykg.errors import StoreError, StoreLockedError


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("served") / "store"
    with treatykg.open(str(where)) as kg:
        assert kg.ingest([ARTICLES]).ok
    return where


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[Server]:
    port = _free_port()
    with treatykg.serve(
        store_dir, port=port, pages_port=_free_port(), log=subprocess.DEVNULL
    ) as running:
        yield running


def get(url: str, accept: str) -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return reply.headers.get("Content-Type", ""), reply.read().decode("utf-8")


COUNT = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/treatykg/ontology#Article> } }"


@pytest.mark.parametrize("accept, marker", [
    ("application/sparql-results+json", '"value":"13"'), ("application/sparql-results+xml", "<sparql"),
    ("text/csv", "n\r\n13"), ("text/tab-separated-values", "?n"),
])  # fmt: skip
def test_get_query_negotiates_result_formats(server: Server, accept: str, marker: str) -> None:
    kind, body = get(f"{server.endpoint}/query?query={urllib.parse.quote(COUNT)}", accept)
    assert accept.split("+")[0].split("/")[-1].split("-")[0] in kind or accept in kind
    assert marker in body.replace(" ", "")


def test_post_query_works(server: Server) -> None:
    request = urllib.request.Request(
        f"{server.endpoint}/query", data=COUNT.encode(), method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as reply:
        answer = json.loads(reply.read())
    assert answer["results"]["bindings"][0]["n"]["value"] == "13"


def test_read_only_server_refuses_updates(server: Server) -> None:
    request = urllib.request.Request(
        f"{server.endpoint}/update", data=b"DROP ALL", method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)


def test_query_page_and_named_queries_page_are_offline(server: Server) -> None:
    _, page = get(f"{server.endpoint}/", "text/html")
    assert "yasgui" in page.lower() and "http" not in page.split("<body>")[0].replace(
        "http-equiv", ""
    )
    _, named = get(f"{server.pages}/", "text/html")
    assert "treaty-timeline" in named and "quotes-by-speaker" in named and "<script" not in named


def test_named_queries_page_runs_a_query_from_its_form(server: Server) -> None:
    _, page = get(f"{server.pages}/", "text/html")
    assert "<form method='get' action='run'>" in page
    assert "name='treaty' required" in page and "type='date' name='on'" in page
    query = urllib.parse.urlencode({"query": "treaty-timeline", "treaty": "New START"})
    _, table = get(f"{server.pages}/run?{query}", "text/html")
    assert "--param treaty='New START'" in html.unescape(table) and "<th>date</th>" in table
    signing, in_force = table.index("<td>2010-04-08</td>"), table.index("<td>2011-02-05</td>")
    assert signing < in_force and "<script" not in table


def test_named_queries_page_reports_bad_input_and_runs_only_named_queries(server: Server) -> None:
    bad = urllib.parse.urlencode({"query": "treaty-status", "treaty": "new-start", "on": "soon"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(f"{server.pages}/run?{bad}", "text/html")
    assert refused.value.code == 400
    assert "needs a date YYYY-MM-DD, not &#x27;soon&#x27;" in refused.value.read().decode()
    for name in ("SELECT * WHERE { ?s ?p ?o }", "/etc/hostname.rq", "nothing"):
        with pytest.raises(urllib.error.HTTPError) as missing:
            get(f"{server.pages}/run?{urllib.parse.urlencode({'query': name})}", "text/html")
        assert missing.value.code == 404


def test_named_queries_page_treats_injection_as_a_value(server: Server) -> None:
    query = urllib.parse.urlencode({"query": "quotes-by-speaker", "speaker": 'x" } ; DROP ALL ; #'})
    with pytest.raises(urllib.error.HTTPError) as refused:  # not a KB name: said so, nothing run
        get(f"{server.pages}/run?{query}", "text/html")
    assert refused.value.code == 400 and "no entity named" in refused.value.read().decode()
    _, body = get(f"{server.endpoint}/query?query={urllib.parse.quote(COUNT)}",
                  "application/sparql-results+json")  # fmt: skip
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "13"


def test_rdflib_sparqlstore_reads_the_endpoint(server: Server) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = SPARQLStore(f"{server.endpoint}/query")
    (row,) = list(remote.query(COUNT))
    assert int(row[0]) == 13


def test_our_remote_store_runs_named_queries_against_it(server: Server) -> None:
    with treatykg.open(f"{server.endpoint}/query", read_only=True) as kg:
        frame = kg.query("treaty-status", treaty="New START", on="2024-06-01")
    assert frame["status"][0] == "in force; participation suspended by Russia"


def test_serving_holds_the_store_against_writers(server: Server, store_dir: Path) -> None:
    with pytest.raises(StoreLockedError):
        treatykg.open(str(store_dir))


def test_serve_needs_a_store_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="serve needs a store directory"):
        treatykg.serve(":memory:")
    with pytest.raises(StoreError, match="no treatykg store"):
        treatykg.serve(tmp_path / "nothing-here")


def test_cli_serve_answers_curl_style_requests(store_dir: Path) -> None:
    """`treatykg serve` as users run it, on a copy of the store the module's server holds."""
    import shutil
    import signal
    import sys

    copy = store_dir.parent / "copy"
    shutil.copytree(
        store_dir, copy, ignore=shutil.ignore_patterns("treatykg.lock", "treatykg.holders")
    )
    port = _free_port()
    exe = str(Path(sys.executable).with_name("treatykg"))
    process = subprocess.Popen(
        [exe, "serve", "--store", str(copy), "--port", str(port), "--pages-port", str(_free_port())],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    seen = b""
    try:
        # The banner is the user's sign that the endpoint is up; wait for it, as they would.
        while b"SPARQL endpoint (read-only)" not in seen:
            line = process.stderr.readline()
            assert line, f"serve ended before it was up: {seen.decode(errors='replace')}"
            seen += line
        _, body = get(f"http://127.0.0.1:{port}/query?query={urllib.parse.quote(COUNT)}",
                      "application/sparql-results+json")  # fmt: skip
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "13"
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        code = process.wait(timeout=20)
    assert code == 0, (seen + process.stderr.read()).decode(errors="replace")
    # Stopping released the store: a writer may open it again.
    with treatykg.open(copy) as kg:
        assert kg.store.count() > 0


def test_named_queries_page_says_bad_gateway_when_the_endpoint_is_gone(store_dir: Path) -> None:
    """A failure on the endpoint's side is a 502 naming it, not the user's 400."""
    import shutil

    copy = store_dir.parent / "gone"
    shutil.copytree(
        store_dir, copy, ignore=shutil.ignore_patterns("treatykg.lock", "treatykg.holders")
    )
    with treatykg.serve(
        copy, port=_free_port(), pages_port=_free_port(), log=subprocess.DEVNULL
    ) as running:
        running.process.kill()
        running.process.wait()
        query = urllib.parse.urlencode(
            {"query": "treaty-status", "treaty": "new-start", "on": "2024-06-01"}
        )
        with pytest.raises(urllib.error.HTTPError) as failed:
            get(f"{running.pages}/run?{query}", "text/html")
    assert failed.value.code == 502
