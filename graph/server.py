"""A SPARQL 1.1 endpoint over a store directory: Oxigraph's own server, run as a process.

`oxigraph serve` speaks the SPARQL 1.1 Protocol and the Graph Store Protocol, negotiates
JSON, XML, CSV and TSV results, enforces a query timeout and ships a query page that
works offline; writing our own would only be worse. treatykg adds what it knows: the
store's lock (so no ingest writes under a read-only server), the KB loaded before the
first query, and a page beside the endpoint that lists the named queries, each with a
plain HTML form that runs it through the endpoint (so its timeout holds) and shows a table.
"""

from __future__ import annotations

import html
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import parse_qs, quote, urlsplit

from treatykg.graph.backends import QueryResult, holds_store
from treatykg.graph.locking import StoreLock
from treatykg.graph.vocab import PREFIXES

from treatykg.errors import QueryError, StoreError, TreatyKGError

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
class Field:
    """One parameter as a form field: its name, type (IRI, string, integer, date), default."""

    name: str
    type: str
    required: bool
    default: str | None
    text: str


@dataclass(frozen=True)
class QueryCard:
    """What the named-queries page shows of one query (plain data, from the runner)."""

    name: str
    title: str
    answers: str
    params: Sequence[Field]
    example: str
    sparql: str


Runner = Callable[[str, Mapping[str, str]], QueryResult]
"""Runs a named query with parameters given as text; raises TreatyKGError on bad input."""

ROW_LIMIT = 2000  # a browser page stays usable; the CLI and notebooks have no limit

_INPUT_TYPES = {"date": "date", "integer": "number"}


def _form(card: QueryCard) -> str:
    """A plain HTML form (no script) that runs the query on the page server's /run."""
    parts = [f"<form method='get' action='run'><input type='hidden' name='query' "
             f"value='{html.escape(card.name)}'>"]  # fmt: skip
    for param in card.params:
        kind = _INPUT_TYPES.get(param.type, "text")
        value = f" value='{html.escape(param.default)}'" if param.default else ""
        need = " required" if param.required else ""
        parts.append(
            f"<label>{html.escape(param.name)} <input type='{kind}' name='{html.escape(param.name)}'"
            f"{value}{need} title='{html.escape(param.text)}'></label> "
        )
    parts.append("<button type='submit'>Run</button></form>")
    return "".join(parts)


def _param_item(param: Field) -> str:
    need = ", required" if param.required else ""
    if not param.required and param.default:
        need = f", default {html.escape(param.default)}"
    return (
        f"<li><code>{html.escape(param.name)}</code> ({html.escape(param.type)}{need}): "
        f"{html.escape(param.text)}</li>"
    )


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
        "Run a query with the form under it (the result opens here as a table), with "
        "<code>treatykg query</code> from the command line, or paste its text into the query "
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
            parts.append("<ul>" + "".join(_param_item(p) for p in card.params) + "</ul>")
        parts.append(_form(card))
        if card.example:
            parts.append(f"<pre>{html.escape(card.example)}</pre>")
        parts.append(f"<pre>{html.escape(prologue)}\n{html.escape(card.sparql)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _cell(term: object) -> str:
    return "" if term is None else html.escape(str(term))


def result_page(name: str, params: Mapping[str, str], result: QueryResult) -> str:
    """A query's result as one self-contained HTML table, with the command that repeats it."""
    command = f"treatykg query {name}" + "".join(
        f" --param {k}={shlex.quote(v)}" for k, v in params.items()
    )
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(name)}: treatykg</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
        "th{background:#f4f4f4}</style></head><body>",
        f"<p><a href='./#{quote(name)}'>&larr; all named queries</a></p>",
        f"<h1>{html.escape(name)}</h1><pre>{html.escape(command)}</pre>",
    ]
    if result.kind == "ASK":
        parts.append(f"<p>Answer: <strong>{'yes' if result.boolean else 'no'}</strong></p>")
    else:
        header: Sequence[str] = (
            result.variables if result.kind == "SELECT" else ("subject", "predicate", "object")
        )
        rows: Sequence[Sequence[object]] = (
            result.rows if result.kind == "SELECT" else result.triples
        )
        shown = rows[:ROW_LIMIT]
        more = (
            f" (the first {ROW_LIMIT} are shown; the CLI gives them all)"
            if len(rows) > ROW_LIMIT
            else ""
        )
        parts.append(f"<p>{len(rows)} row{'s' if len(rows) != 1 else ''}{more}</p>")
        parts.append(
            "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>"
        )
        parts += ["<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in shown]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _error_page(message: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>treatykg: error"
        "</title></head><body><p><a href='./'>&larr; all named queries</a></p>"
        f"<h1>The query did not run</h1><p>{html.escape(message)}</p></body></html>"
    )


def _page_server(
    host: str, port: int, page: str, names: set[str], run: Runner | None
) -> ThreadingHTTPServer:
    index = page.encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                self._send(200, index)
            elif url.path == "/run" and run is not None:
                self._run(parse_qs(url.query, keep_blank_values=True))
            else:
                self.send_error(
                    404, "only / and /run are served here; the SPARQL endpoint is beside it"
                )

        def _run(self, form: dict[str, list[str]]) -> None:
            name = (form.pop("query", [""]) or [""])[0]
            # An empty field means "not given": the query's default applies.
            params = {k: v[-1] for k, v in form.items() if v and v[-1].strip()}
            assert run is not None
            if name not in names:  # named queries only: never a path or SPARQL text
                self._send(404, _error_page(f"no named query {name!r} here").encode("utf-8"))
                return
            try:
                result = run(name, params)
            except QueryError as err:  # the user's input: a wrong value, an unknown name
                self._send(400, _error_page(str(err)).encode("utf-8"))
                return
            except TreatyKGError as err:  # the endpoint's side: down, or over its timeout
                self._send(502, _error_page(str(err)).encode("utf-8"))
                return
            self._send(200, result_page(name, params, result).encode("utf-8"))

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
    run: Callable[[str], Runner] | None = None,
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
        run: Given the endpoint's query URL, what runs the page's forms (through the
            endpoint, so its timeout holds); None leaves the page without forms' results.

    Raises:
        StoreError: no store there, the program is missing, or the server did not start.
        StoreLockedError: another process holds the store in a conflicting way.
    """
    if not holds_store(directory):
        raise StoreError(f"no treatykg store at {directory}; create one with `treatykg ingest`")
    cards = list(cards)
    lock = StoreLock(directory, write=writable).acquire()
    mode = "serve" if writable else "serve-read-only"
    command = [oxigraph_binary(), mode, "--location", str(directory), "--bind", f"{host}:{port}",
               "--timeout-s", str(timeout_s)]  # fmt: skip
    bracketed = f"[{host}]" if ":" in host else host
    endpoint = f"http://{bracketed}:{port}"
    try:
        page_server = _page_server(
            host,
            pages_port or port + 1,
            named_queries_page(cards, endpoint),
            {card.name for card in cards},
            run(f"{endpoint}/query") if run is not None else None,
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
