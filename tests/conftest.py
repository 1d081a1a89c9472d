"""Shared fixtures: stores of every kind, a real `oxigraph serve` process, tiny hand-made articles."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from treatykg.graph import kb
from treatykg.graph.actors import ActorIndex
from treatykg.graph.store import TreatyStore, open_store
from treatykg.ingest.lexicon import Lexicon

import treatykg

SHARED = Path(__file__).resolve().parents[2] / "shared"


# One small index of actors, as the bundled KB would give them, for the tests that reason
# across articles without a store (merging, status, networks, parties).
ID = "https://w3id.org/treatykg/id/"
RU, US, UK, CN, KZ = (
    ID + f"state/{key}"
    for key in ("russia", "united-states", "united-kingdom", "china", "kazakhstan")
)
KREMLIN, STATE_DEPT = ID + "org/kremlin", ID + "org/us-state-department"
DUMA, FED_COUNCIL, SENATE = (
    ID + "org/state-duma",
    ID + "org/federation-council",
    ID + "org/us-senate",
)
PESKOV, LAVROV, PUTIN, MEDVEDEV, BLINKEN = (
    ID + f"person/{key}"
    for key in (
        "dmitry-peskov",
        "sergey-lavrov",
        "vladimir-putin",
        "dmitry-medvedev",
        "antony-blinken",
    )
)
NEW_START, INF = ID + "treaty/new-start", ID + "treaty/inf-treaty"
ACTORS = ActorIndex.from_rows(
    [
        {"actor": RU, "label": "Russia", "class": "State"},
        {"actor": US, "label": "United States", "class": "State"},
        {"actor": UK, "label": "United Kingdom", "class": "State"},
        {"actor": CN, "label": "China", "class": "State"},
        {"actor": KZ, "label": "Kazakhstan", "class": "State"},
        {"actor": KREMLIN, "label": "Kremlin", "class": "GovernmentBody", "state": RU},
        {"actor": STATE_DEPT, "label": "State Department", "class": "GovernmentBody", "state": US},
        {"actor": DUMA, "label": "State Duma", "class": "Legislature", "state": RU},
        {"actor": FED_COUNCIL, "label": "Federation Council", "class": "Legislature", "state": RU},
        {"actor": SENATE, "label": "US Senate", "class": "Legislature", "state": US},
        {"actor": PESKOV, "label": "Dmitry Peskov", "class": "Person", "state": RU},
        {"actor": LAVROV, "label": "Sergey Lavrov", "class": "Person", "state": RU},
        {"actor": PUTIN, "label": "Vladimir Putin", "class": "Person", "state": RU},
        {"actor": MEDVEDEV, "label": "Dmitry Medvedev", "class": "Person", "state": RU},
        {"actor": BLINKEN, "label": "Antony Blinken", "class": "Person", "state": US},
        {"actor": NEW_START, "label": "New START", "class": "Treaty"},
        {"actor": INF, "label": "INF Treaty", "class": "Treaty"},
    ]
)

SAMPLE_HEADER = """title: Moscow and Washington agree to talk
date: 2025-03-14
source: test wire
url: https://example.org/t1

Kremlin spokesman Dmitry Peskov said on Friday that Moscow was ready for talks on New START.
The United States said it would reply next week.
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_oxigraph(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A real `oxigraph serve` over `location` on a free loopback port: (process, base URL)."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if binary is None:
        pytest.fail("the `oxigraph` server is not installed; `make install` installs it")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    f"oxigraph serve did not start: {process.stderr.read()!r}"
                ) from None
            time.sleep(0.1)
    return process, base


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph SPARQL server on a free loopback port; yields its base URL."""
    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def doomed_oxigraph_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """An `oxigraph serve` of this test's own, which the test may kill: (base URL, process)."""
    process, base = start_oxigraph(tmp_path / "doomed-server")
    try:
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["memory", "embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TreatyStore]:
    """The same store API over each backend; the remote one is emptied before each test."""
    if request.param == "memory":
        location = ":memory:"
    elif request.param == "embedded":
        location = str(tmp_path / "store")
    else:
        base = request.getfixturevalue("oxigraph_server")
        urllib.request.urlopen(
            urllib.request.Request(f"{base}/update", data=b"update=DROP%20ALL", method="POST")
        ).read()
        location = base
    opened = open_store(location)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """Three small article files of our own, in three formats."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(SAMPLE_HEADER, encoding="utf-8")
    (folder / "b.txt").write_text(
        " date 2023-02-28 Russia suspends New START\nMoscow suspended its participation in the treaty.\n",
        encoding="utf-8",
    )
    (folder / "c.jsonl").write_text(
        '{"title": "INF ends", "date": "2019-08-02", "text": "The INF Treaty ended on Friday."}\n',
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    """The bundled KB's lexicon, read once: what extraction links mentions to."""
    with open_store(":memory:") as store:
        return kb.lexicon(store)


@pytest.fixture
def kg() -> Iterator[treatykg.TreatyKG]:
    graph = treatykg.open(":memory:")
    try:
        yield graph
    finally:
        graph.close()


# Text a user's KB file or an article may carry: markup that would run in a page, and
# terminal sequences that would recolour, retitle or reorder a terminal.
HOSTILE_TREATY = "<script>document.title='pwned';window.pwned=1</script> Accord"
HOSTILE_ACTOR = 'Testland\'s </script><img src=x onerror="window.pwned=2">'
HOSTILE_BODY = "Hostile \x1b[5mBody\x1b[0m\x1b]2;owned\x1b\\"
HOSTILE_NOTE = "Signed at \x1b[31mnoon\x1b[0m\x1b]0;owned\x07 in \u202eTestcity"
HOSTILE_SOURCE = "https://example.org/o'clock\x1b]8;;https://evil.example/\x1b\\"
HOSTILE_TITLE = "Talks \x1b[31mresume\x1b[0m\x1b]0;owned\x07 on New \u202eSTART\x9b2J"


@pytest.fixture
def hostile_kb(tmp_path: Path) -> Path:
    """A --kb folder whose treaty, actor, body, note and source are hostile text."""
    folder = tmp_path / "hostile-kb"
    folder.mkdir()
    # A JSON string literal is a valid Turtle one: the same escapes, \\uXXXX included.
    (folder / "hostile.ttl").write_text(
        "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix id: <https://w3id.org/treatykg/id/> .\n"
        f"id:treaty\\/hostile-accord a tkg:Treaty ; skos:prefLabel {json.dumps(HOSTILE_TREATY)} ;\n"
        f'  skos:altLabel "Hostile Accord" ; tkg:note {json.dumps(HOSTILE_NOTE)} .\n'
        f"id:org\\/hostile-body a tkg:Organization ; skos:prefLabel {json.dumps(HOSTILE_BODY)} .\n"
        f"id:state\\/testland a tkg:State ; skos:prefLabel {json.dumps(HOSTILE_ACTOR)} .\n"
        "id:fact\\/hostile-accord\\/signing a tkg:TreatyFact ; tkg:treaty id:treaty\\/hostile-accord ;\n"
        '  tkg:eventType tkg:Signing ; tkg:actor id:state\\/testland ; tkg:date "2001-02-03"^^xsd:date ;\n'
        f"  tkg:datePrecision tkg:Day ; tkg:modality tkg:Actual ; tkg:source {json.dumps(HOSTILE_SOURCE)} .\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def hostile_article(tmp_path: Path) -> Path:
    """A folder with one article whose title and outlet carry terminal control sequences."""
    folder = tmp_path / "hostile-articles"
    folder.mkdir()
    (folder / "hostile.txt").write_text(
        f"title: {HOSTILE_TITLE}\ndate: 2025-03-14\nsource: Test \x1b[2J Wire\n\n"
        "Kremlin spokesman Dmitry Peskov said on Friday that Moscow was ready for talks on New START.\n",
        encoding="utf-8",
    )
    return folder


# An article (and the KB entry naming its actor) whose every field a page shows is markup
# that sets window.pwned if the browser ever runs it: for the pages' "runs nothing" tests.
HOSTILE_HTML_TITLE = "<script>window.pwned='title'</script> Russia suspends New START"
HOSTILE_HTML_OUTLET = "Wire <img src=x onerror=\"window.pwned='outlet'\">"
HOSTILE_HTML_URL = "javascript:window.pwned='url'"
HOSTILE_HTML_QUOTE = (
    "We are not withdrawing </script><script>window.pwned='quote'</script> from the treaty,"
)
HOSTILE_HTML_ACTOR = "Ivan \"onmouseover=window.pwned='actor' x=\"Petrov"


class HostileHtml(NamedTuple):
    articles: Path  # a folder holding the hostile article
    kb: Path  # a --kb folder naming its actor (a person also called plain "Ivan Petrov")


@pytest.fixture
def hostile_html(tmp_path: Path) -> HostileHtml:
    """A New START suspension story whose title, outlet, URL, quote and actor are HTML payloads."""
    return write_hostile_html(tmp_path)


def write_hostile_html(tmp_path: Path) -> HostileHtml:
    """The files of `hostile_html`, under `tmp_path` (for fixtures of a wider scope)."""
    kb = tmp_path / "hostile-html-kb"
    kb.mkdir()
    (kb / "people.ttl").write_text(
        "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix person: <https://w3id.org/treatykg/id/person/> .\n"
        f"person:ivan-petrov a tkg:Person ; skos:prefLabel {json.dumps(HOSTILE_HTML_ACTOR)} ;\n"
        '    skos:altLabel "Ivan Petrov" ; tkg:shortName "Petrov" .\n',
        encoding="utf-8",
    )
    articles = tmp_path / "hostile-html-articles"
    articles.mkdir()
    (articles / "hostile.txt").write_text(
        f"title: {HOSTILE_HTML_TITLE}\ndate: 2023-02-28\nsource: {HOSTILE_HTML_OUTLET}\n"
        f"url: {HOSTILE_HTML_URL}\n\n"
        "MOSCOW, Feb 28 - Russia suspended its participation in the New START treaty on Tuesday,"
        " Russian envoy Ivan Petrov said.\n"
        # guidelines v2: the quote is its own dated event (the envoy's side not withdrawing,
        # a negated withdrawal), so it gets a node and a panel; undated it would get neither.
        f'"{HOSTILE_HTML_QUOTE}" Petrov told lawmakers on Tuesday.\n',
        encoding="utf-8",
    )
    return HostileHtml(articles, kb)


# What a page written to disk may load: itself, inline data, nothing from a network.
OK_SCHEMES = ("file:", "data:", "about:")


@dataclass
class Visit:
    """What a page did while a test looked at it."""

    errors: list[str] = field(default_factory=list)  # console errors and warnings, page errors
    outside: list[str] = field(default_factory=list)  # requests to anything not allowed


@contextmanager
def visiting(
    chromium: Any, url: str, allowed: tuple[str, ...] = OK_SCHEMES, *, ready: str | None = None
) -> Iterator[tuple[Any, Visit]]:
    """A page at `url`, every request outside `allowed` aborted and recorded, and every
    console error recorded (CSP refusals are console errors); `ready` is a JavaScript
    condition to wait for, else one animation frame's grace (vis draws on the next one)."""
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    visit = Visit()

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(allowed):
            request_route.continue_()
        else:
            visit.outside.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda m: visit.errors.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    try:
        page.goto(url, wait_until="load")
        if ready is None:
            page.wait_for_timeout(200)
        else:
            wait_in_page(page, ready)
        yield page, visit
    finally:
        page.close()


def wait_in_page(page: Any, expression: str, *, timeout_ms: int = 15_000) -> None:
    """Wait until `expression` is truthy in `page` (or a frame).

    Playwright's wait_for_function polls by compiling the expression inside the page, which
    our pages' CSP (no 'unsafe-eval') refuses as soon as a second try is needed; evaluate()
    goes through the DevTools protocol, which the page's CSP does not govern.
    """
    waited = 0
    while not page.evaluate(expression):
        if waited >= timeout_ms:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(50)
        waited += 50


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A real headless Chromium (the system's, driven by Playwright), for page tests.

    Missing, the browser tests skip on a plain `pytest` run; under `make test`
    (TREATYKG_REQUIRE_BROWSER=1, after .ci/ensure-chromium installed it) and in CI (CI=true)
    a missing browser fails them, so they cannot pass by not running.
    """
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        binary = None
    if binary is None:
        why = "no Chromium (or no playwright) here; `bash .ci/ensure-chromium` installs Debian's"
        if os.environ.get("CI") == "true" or os.environ.get("TREATYKG_REQUIRE_BROWSER") == "1":
            pytest.fail(why)
        pytest.skip(why)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
