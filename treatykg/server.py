"""A SPARQL 1.1 endpoint over a store directory: Oxigraph's own server, behind a guard.

`oxigraph serve` speaks the SPARQL 1.1 Protocol and the Graph Store Protocol, negotiates
JSON, XML, CSV and TSV results and ships a query page that works offline; writing our
own would only be worse. It runs on a private loopback address (`engine.py`), and the
guard in front of it (`guard.py`) is what users reach: it holds queries to the time
limit, refuses federation and cross-site writes, and never passes on a broken reply.
treatykg adds what it knows: the store's lock (so no ingest writes under a read-only
server), the KB loaded before the first query, and a page beside the endpoint that lists
the named queries, each with a plain HTML form that runs it through the guard (so the
time limit holds there too) and shows a table.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import parse_qs, urlsplit

from treatykg.errors import QueryError, StoreError, TreatyKGError
from treatykg.graph.backends import QueryResult, holds_store
from treatykg.graph.engine import Engine, oxigraph_binary
from treatykg.graph.guard import Guard, foreign_host, listen, page_server
from treatykg.graph.locking import StoreLock
from treatykg.views.pages import Field, QueryCard, error_page, named_queries_page, result_page

__all__ = [
    "Field",
    "QueryCard",
    "Server",
    "named_queries_page",
    "oxigraph_binary",
    "result_page",
    "start",
]

LOOPBACK = ("127.0.0.1", "localhost", "::1")


Runner = Callable[[str, Mapping[str, str]], QueryResult]
"""Runs a named query with parameters given as text; raises TreatyKGError on bad input."""

Views = Callable[[str], str | None]
"""The page of the views folder at a relative path (`index.html`, `timelines/new-start.html`),
or None when there is none; raises TreatyKGError when the pages cannot be built."""

Linker = Callable[[QueryResult], Mapping[str, str]]
"""The article IRIs in a result and the URLs they were read from, to link them."""

VIEWS = "/views/"  # where the pages of `treatykg views` are served beside the named queries


def _one_line(message: str) -> str:
    """The first line of a message, for pages that show errors as one line."""
    return (message.strip().splitlines() or [""])[0]


def _page_handler(
    page: str,
    names: set[str],
    run: Runner | None,
    host: str,
    views: Views | None = None,
    links: Linker | None = None,
) -> type[BaseHTTPRequestHandler]:
    index = page.encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: bytes, kind: str = "text/html") -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            # The page runs the store's queries: a site rebound to this address must not.
            if refused := foreign_host(self.headers, host):
                status, why = refused
                self._send(status, (why + "\n").encode("utf-8"), "text/plain")
                return
            url = urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                self._send(200, index)
            elif url.path == "/run" and run is not None:
                self._run(parse_qs(url.query, keep_blank_values=True))
            elif url.path.startswith(VIEWS) and views is not None:
                self._view(url.path[len(VIEWS) :] or "index.html")
            else:
                self.send_error(
                    404,
                    "only /, /run and /views/ are served here; the SPARQL endpoint is beside it",
                )

        def _view(self, path: str) -> None:
            assert views is not None
            try:
                body = views(path)
            except TreatyKGError as err:  # the endpoint's side: down, or over its timeout
                self._send(502, error_page(_one_line(str(err))).encode("utf-8"))
                return
            except Exception as err:  # a page answers, whatever failed behind it
                why = f"the pages could not be built: {type(err).__name__}: {_one_line(str(err))}"
                self._send(500, error_page(why).encode("utf-8"))
                return
            if body is None:
                self._send(404, error_page(f"no page {path!r} in the views").encode("utf-8"))
                return
            self._send(200, body.encode("utf-8"))

        def _run(self, form: dict[str, list[str]]) -> None:
            name = (form.pop("query", [""]) or [""])[0]
            # An empty field means "not given": the query's default applies.
            params = {k: v[-1] for k, v in form.items() if v and v[-1].strip()}
            assert run is not None
            if name not in names:  # named queries only: never a path or SPARQL text
                self._send(404, error_page(f"no named query {name!r} here").encode("utf-8"))
                return
            try:
                result = run(name, params)
            except QueryError as err:  # the user's input: a wrong value, an unknown name
                self._send(400, error_page(_one_line(str(err))).encode("utf-8"))
                return
            except TreatyKGError as err:  # the endpoint's side: down, or over its timeout
                self._send(502, error_page(_one_line(str(err))).encode("utf-8"))
                return
            except Exception as err:  # a page answers, whatever failed behind it
                why = f"the query failed: {type(err).__name__}: {_one_line(str(err))}"
                self._send(500, error_page(why).encode("utf-8"))
                return
            try:
                urls = links(result) if links is not None else {}
            except TreatyKGError:
                urls = {}  # the table still answers; its articles are then not links
            page = result_page(name, params, result, article_urls=urls)
            self._send(200, page.encode("utf-8"))

        def log_message(self, format: str, *args: object) -> None:
            pass  # the endpoint logs requests; this page needs no log

    return Handler


@dataclass
class Server:
    """A running endpoint: the guard users reach, the engine behind it, the queries page,
    and the store lock."""

    engine: Engine
    endpoint: str
    pages: str
    lock: StoreLock
    guard: Guard
    page_server: ThreadingHTTPServer

    @property
    def process(self) -> subprocess.Popen[bytes]:
        """The engine's process now (a restart replaces it)."""
        assert self.engine.process is not None
        return self.engine.process

    def wait(self) -> int:
        """Block until the engine ends by itself; its exit code."""
        return self.engine.wait()

    def stop(self) -> None:
        for listening in (self.guard, self.page_server):
            listening.shutdown()
            listening.server_close()
        self.engine.close()
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


def _serving(server: ThreadingHTTPServer) -> ThreadingHTTPServer:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start(
    directory: Path,
    cards: Iterable[QueryCard],
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    pages_port: int | None = None,
    writable: bool = False,
    timeout_s: int = 30,
    allow_federation: bool = False,
    log: IO[bytes] | int | None = None,
    run: Callable[[str], Runner] | None = None,
    views: Callable[[str], Views] | None = None,
    links: Callable[[str], Linker] | None = None,
) -> Server:
    """Start `oxigraph serve` (or `serve-read-only`) on a store directory, behind the guard.

    Args:
        directory: The store directory; it must exist (ingest or import creates it).
        cards: The named queries to list on the page beside the endpoint.
        host: Interface to listen on; loopback unless the caller chose otherwise.
        port: The endpoint's port.
        pages_port: The named-queries page's port (default: port + 1).
        writable: Accept SPARQL Update and Graph Store writes (takes the write lock).
        timeout_s: Longest time one query or update may run; past it the request is
            answered 503 and the engine restarted.
        allow_federation: Let SERVICE and LOAD make the server fetch other URLs.
        log: Where the engine's own messages go (a file, subprocess.DEVNULL); None
            leaves them on this process's standard error.
        run: Given the endpoint's query URL, what runs the page's forms (through the
            guard, so the time limit holds); None leaves the page without forms' results.
        views: Given the endpoint's query URL, what builds the pages of `treatykg views`
            (through the guard), served under /views/; None serves none.
        links: Given the endpoint's query URL, what finds the URLs of the articles a
            result names, so its table links them; None links only http(s) values.

    Raises:
        StoreError: no store there, a port is taken, the program is missing, or the
            engine did not start.
        StoreLockedError: another process holds the store in a conflicting way.
    """
    if not holds_store(directory):
        raise StoreError(f"no treatykg store at {directory}; create one with `treatykg ingest`")
    cards = list(cards)
    bracketed = f"[{host}]" if ":" in host else host
    endpoint = f"http://{bracketed}:{port}"
    lock = StoreLock(directory, write=writable).acquire()
    opened: list[ThreadingHTTPServer] = []
    engine = None
    try:  # Ctrl-C or a failure at any step: leave no server, process or lock behind
        engine = Engine(directory, writable=writable, log=log)
        guard = listen(host, port, "--port", lambda h, p: Guard(
            h, p, engine, timeout_s=timeout_s, federation=allow_federation))  # fmt: skip
        opened.append(_serving(guard))
        query_url = f"{endpoint}/query"
        handler = _page_handler(
            named_queries_page(cards, endpoint, views=VIEWS if views is not None else None),
            {card.name for card in cards},
            run(query_url) if run is not None else None,
            host,
            views(query_url) if views is not None else None,
            links(query_url) if links is not None else None,
        )
        pages = listen(host, pages_port or port + 1, "--pages-port",
                       lambda h, p: page_server(h, p, handler))  # fmt: skip
        opened.append(_serving(pages))
        engine.start()
    except BaseException:
        for listening in opened:
            listening.shutdown()
            listening.server_close()
        if engine is not None:
            engine.close()
        lock.release()
        raise
    return Server(engine, endpoint, f"http://{bracketed}:{pages.server_port}", lock, guard, pages)
