"""Shared fixtures: stores of every kind, a real `oxigraph serve` process, tiny hand-made articles."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from treatykg.graph.store import TreatyStore, open_store

import treatykg

SHARED = Path(__file__).resolve().parents[2] / "shared"

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


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph SPARQL server on a free loopback port; yields its base URL."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if binary is None:
        pytest.fail("the `oxigraph` server is not installed; `make install` installs it")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
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
    try:
        yield base
    finally:
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


@pytest.fixture
def kg() -> Iterator[treatykg.TreatyKG]:
    graph = treatykg.open(":memory:")
    try:
        yield graph
    finally:
        graph.close()
