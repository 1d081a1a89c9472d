"""A SPARQL 1.1 endpoint over a store directory: Oxigraph's own server, run as a process.

`oxigraph serve` speaks the SPARQL 1.1 Protocol and the Graph Store Protocol, negotiates
JSON, XML, CSV and TSV results, enforces a query timeout and ships a query page that
works offline; writing our own would only be worse. treatykg adds what it knows: the
store's lock (so no ingest writes under a read-only server), the KB loaded before the
first query, and a page beside the endpoint that lists the named queries.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import quote

from treatykg.graph.backends import holds_store
from treatykg.graph.locking import StoreLock
from treatykg.graph.vocab import PREFIXES

from treatykg.errors import StoreError

__all__ = ["Server", "named_queries_page", "oxigraph_binary", "start"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def oxigraph_binary() -> str:
    """The `oxigraph` server program installed with treatykg (the `oxigraph` package)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError(
            "the oxigraph server program is missing; reinstall treatykg (it depends on the "
            "`oxigraph` package, which provides it)"
        )
    return found


@dataclass(frozen=True)
class QueryCard:
    """What the named-queries page shows of one query (plain data, from the runner)."""

    name: str
    title: str
    answers: str
    params: Sequence[str]
    example: str
    sparql: str


def named_queries_page(cards: Iterable[QueryCard], endpoint: str) -> str:
    """One self-contained HTML page (no scripts, no remote assets) listing the queries,
    each with its parameters, an example command and its SPARQL ready to paste into the
    endpoint's query page."""
    prologue = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(PREFIXES.items()))
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>treatykg named queries</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "pre{background:#f4f4f4;padding:.8em;overflow-x:auto}h2{margin-top:2em}</style>",
        "</head><body><h1>treatykg named queries</h1>",
        f"<p>SPARQL endpoint: <a href='{html.escape(endpoint)}/'>{html.escape(endpoint)}/</a> "
        "(query page), <code>/query</code> and <code>/update</code> (SPARQL 1.1 Protocol). "
        "Run these with parameters from the command line, or paste the text into the query "
        "page after replacing <code>?parameter</code> values with your own.</p><ul>",
    ]
    cards = list(cards)
    parts += [f"<li><a href='#{quote(c.name)}'>{html.escape(c.name)}</a>: {html.escape(c.title)}</li>"
              for c in cards]  # fmt: skip
    parts.append("</ul>")
    for card in cards:
        parts.append(
            f"<h2 id='{quote(card.name)}'>{html.escape(card.name)}: {html.escape(card.title)}</h2>"
        )
        parts.append(f"<p>{html.escape(card.answers)}</p>")
        if card.params:
            parts.append(
                "<ul>"
                + "".join(f"<li><code>{html.escape(p)}</code></li>" for p in card.params)
                + "</ul>"
            )
        if card.example:
            parts.append(f"<pre>{html.escape(card.example)}</pre>")
        parts.append(f"<pre>{html.escape(prologue)}\n{html.escape(card.sparql)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _page_server(host: str, port: int, page: str) -> ThreadingHTTPServer:
    body = page.encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path not in ("/", "/index.html"):
                self.send_error(404, "only / is served here; the SPARQL endpoint is beside it")
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the endpoint logs requests; this page needs no log

    return ThreadingHTTPServer((host, port), Handler)


@dataclass
class Server:
    """A running endpoint: the oxigraph process, the queries page, and the store lock."""

    process: subprocess.Popen[bytes]
    endpoint: str
    pages: str
    lock: StoreLock
    page_server: ThreadingHTTPServer
    _thread: threading.Thread = field(repr=False)

    def wait(self) -> int:
        return self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - oxigraph stops on SIGTERM
                self.process.kill()
                self.process.wait()
        self.page_server.shutdown()
        self.page_server.server_close()
        self.lock.release()

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start(
    directory: Path,
    cards: Iterable[QueryCard],
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    pages_port: int | None = None,
    writable: bool = False,
    timeout_s: int = 30,
    log: IO[bytes] | int | None = None,
) -> Server:
    """Start `oxigraph serve` (or `serve-read-only`) on a store directory.

    Args:
        directory: The store directory; it must exist (ingest or import creates it).
        cards: The named queries to list on the page beside the endpoint.
        host: Interface to listen on; loopback unless the caller chose otherwise.
        port: The endpoint's port.
        pages_port: The named-queries page's port (default: port + 1).
        writable: Accept SPARQL Update and Graph Store writes (takes the write lock).
        timeout_s: Longest time one query may run.
        log: Where the server's own messages go (a file, subprocess.DEVNULL); None
            leaves them on this process's standard error.

    Raises:
        StoreError: no store there, the program is missing, or the server did not start.
        StoreLockedError: another process holds the store in a conflicting way.
    """
    if not holds_store(directory):
        raise StoreError(f"no treatykg store at {directory}; create one with `treatykg ingest`")
    lock = StoreLock(directory, write=writable).acquire()
    mode = "serve" if writable else "serve-read-only"
    command = [oxigraph_binary(), mode, "--location", str(directory), "--bind", f"{host}:{port}",
               "--timeout-s", str(timeout_s)]  # fmt: skip
    bracketed = f"[{host}]" if ":" in host else host
    endpoint = f"http://{bracketed}:{port}"
    try:
        page_server = _page_server(
            host, pages_port or port + 1, named_queries_page(cards, endpoint)
        )
    except OSError as err:
        lock.release()
        raise StoreError(
            f"cannot open the named-queries page on port {pages_port or port + 1}: {err}"
        ) from None
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    thread = threading.Thread(target=page_server.serve_forever, daemon=True)
    thread.start()
    server = Server(process, endpoint, f"http://{bracketed}:{page_server.server_port}",
                    lock, page_server, thread)  # fmt: skip
    try:
        ready = _ready(server)
    except BaseException:  # Ctrl-C while starting: leave no server or lock behind
        server.stop()
        raise
    if not ready:
        code = process.poll()
        server.stop()
        why = f"it exited with code {code}" if code is not None else "it did not answer in time"
        raise StoreError(
            f"the SPARQL server did not start on {host}:{port}: {why} "
            "(is the port taken? its own message is above)"
        )
    return server


def _ready(server: Server, seconds: float = 15.0) -> bool:
    """Wait until the endpoint answers a trivial query (or the process has died)."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    probe = f"{server.endpoint}/query?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(probe, timeout=2) as reply:
                return bool(reply.status == 200)
        except OSError:
            time.sleep(0.1)
    return False
