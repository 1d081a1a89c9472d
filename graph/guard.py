"""The guard in front of the SPARQL engine: the only door to it, and what makes it safe.

Every request to `treatykg serve` passes through here on its way to the engine's
private address. The guard
- ends a query or update at `--timeout-s` with 503 and restarts the engine (Oxigraph
  keeps sorting past its own timeout, and answers 200 with cut-off JSON for a COUNT);
- never passes on a 200 whose body is incomplete or does not parse;
- refuses SERVICE and LOAD unless federation was allowed (the server would fetch any
  URL it is given: an open proxy into the network once it listens beyond loopback);
- refuses every request sent to a host name that is not this server's (a site whose
  name was rebound to this address would read the store), and writes that a browser
  sends from another site's page (Origin or Referer of another origin);
- checks exactly what the engine will read: a request whose body is compressed
  (Content-Encoding), or that repeats a header the check depends on, is refused, and
  the headers passed on are the ones checked.
"""

from __future__ import annotations

import errno
import http.client
import io
import ipaddress
import re
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Callable
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar
from urllib.parse import SplitResult, parse_qs, urlsplit

from treatykg.graph.engine import Engine
from treatykg.graph.replies import broken
from treatykg.graph.sparqlscan import UNCHECKABLE, fetching_keyword

from treatykg.errors import StoreError

__all__ = ["Guard", "foreign_host", "listen", "page_server"]

# Not passed on either way; nor is Accept-Encoding, so replies come plain and can be checked.
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
               "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length"}  # fmt: skip
# Read as one value each; a second copy could say something else to the engine.
_ONCE = ("Host", "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding")
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^\s:/@\[\]]+)(?::[0-9]*)?")
_MAX_SPARQL_BODY = 128 * 1024 * 1024  # the engine's own limit for query and update bodies
_SPOOL_IN_MEMORY = 16 * 1024 * 1024  # larger replies wait on disk until they are complete
_REFUSED = {
    "SERVICE": "SERVICE (federated query) is off on this server; start it with "
    "--allow-federation to allow it",
    "LOAD": "LOAD (fetching a URL into the store) is off on this server; start it with "
    "--allow-federation to allow it",
    UNCHECKABLE: "this request is too tangled for the federation check (SERVICE, LOAD) to "
    "read; simplify it, or start the server with --allow-federation",
}


def _own_name(name: str, host: str) -> bool:
    """A name this server can be reached by: an IP address, localhost or its --host (a
    name that merely resolves here may be another site's, rebound to this address)."""
    if name.lower() in ("localhost", host.lower().strip("[]")):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def foreign_host(headers: Message, host: str) -> tuple[int, str] | None:
    """The status and line to refuse a request with for the name it was sent to, if any.

    A web page whose site name was made to resolve to this address (DNS rebinding) is
    same-origin with everything here in the browser's eyes, and could read the store;
    its requests carry that name in Host. Requests without one are refused as well:
    every HTTP/1.1 client sends it.
    """
    sent = headers.get_all("Host") or []
    if len(sent) != 1:
        return 400, "send one Host header naming this server (an IP address, localhost or --host)"
    found = _HOST.fullmatch(sent[0].strip())
    if found is None:
        return 400, f"the Host header {sent[0]!r} is not a host name"
    if not _own_name(found.group(1).strip("[]"), host):
        return 403, (
            f"request refused: {sent[0]} is not a name of this server; use its IP address, "
            "localhost or the --host name"
        )
    return None


_Listening = TypeVar("_Listening", bound=ThreadingHTTPServer)


class _Server(ThreadingHTTPServer):
    """A threading HTTP server on IPv4 or IPv6, whichever the host is."""

    daemon_threads = True  # a hung request never keeps the process from stopping

    def __init__(self, host: str, port: int, handler: type[BaseHTTPRequestHandler]) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), handler)

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a client that hung up or went quiet: nothing to tell anyone
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def listen(host: str, port: int, option: str, make: Callable[[str, int], _Listening]) -> _Listening:
    """Open a listening server, or say in one line why not (a busy port above all).

    Raises:
        StoreError: the port is taken, or the host is not an address of this machine.
    """
    try:
        return make(host, port)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise StoreError(
                f"port {port} on {host} is in use (another treatykg serve?); "
                f"pick another with {option}"
            ) from None
        raise StoreError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None


def page_server(host: str, port: int, handler: type[BaseHTTPRequestHandler]) -> _Server:
    """A plain threading HTTP server for `handler` (the named-queries page)."""
    return _Server(host, port, handler)


class Guard(_Server):
    """The public endpoint: checks each request, then forwards it to the engine."""

    def __init__(
        self, host: str, port: int, engine: Engine, *, timeout_s: int, federation: bool
    ) -> None:
        self.engine = engine
        self.timeout_s = timeout_s
        self.federation = federation
        self.host = host
        super().__init__(host, port, _Handler)

    def cross_origin(self, headers: Message) -> str | None:
        """Why a write must be refused as coming from another site's page, if it must.

        Browsers send Origin with every cross-origin POST, including the three kinds a
        page may send without asking first (form-encoded, multipart, text/plain); old ones
        send only Referer. Clients that send neither (curl, treatykg) are not pages.
        """
        host = headers.get("Host", "")
        origin = headers.get("Origin")
        if origin is None and headers.get("Referer"):
            parts = urlsplit(headers.get("Referer", ""))
            origin = f"{parts.scheme}://{parts.netloc}"
        if origin is None:
            return None
        if origin.lower() != f"http://{host}".lower():
            return (
                f"cross-origin write refused: it came from a page at {origin}, not from this "
                f"server's own page (http://{host}); send writes from curl, treatykg or that page"
            )
        return None  # the Host itself was checked first (`foreign_host`)


class _Deadline:
    """Kills the engine when a request outlives the time limit, once."""

    def __init__(self, engine: Engine, generation: int, seconds: float) -> None:
        self._lock = threading.Lock()
        self._done = False
        self.fired = False
        self._engine, self._generation = engine, generation
        self.restarted = threading.Event()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
        try:
            self._engine.restart(self._generation)
        finally:
            self.restarted.set()

    def finish(self) -> bool:
        """Mark the request answered in time; False when the limit struck first."""
        with self._lock:
            self._done = True
            self._timer.cancel()
            return not self.fired


def _sparql_texts(url_query: str, content_type: str, body: bytes) -> list[str]:
    """The query and update texts a request carries, wherever the protocol puts them."""
    texts = [v for key, values in parse_qs(url_query).items()
             if key in ("query", "update") for v in values]  # fmt: skip
    text = body.decode("utf-8", "replace")
    if content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
        texts += [v for key, values in parse_qs(text).items()
                  if key in ("query", "update") for v in values]  # fmt: skip
    elif text:
        texts.append(text)
    return texts


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # chunked replies, so a cut-off stream shows as such
    timeout = 60  # a client that stops sending mid-request does not hold a thread forever
    server: Guard

    def do_GET(self) -> None:
        self._handle()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass  # the engine behind has its own log; ours would repeat it

    def _say(
        self, status: int, message: str, *, unread: _Limited | None = None, linger: bool = False
    ) -> None:
        """An answer of the guard's own: one line of plain text.

        A request body still unread is read first (up to a limit): closing a socket with
        data waiting resets the connection, and the client would never see the answer.
        A body of unknown length (`linger`) is drained after the answer instead.
        """
        if unread is not None:
            unread.discard(_MAX_SPARQL_BODY)
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        if linger:
            self._drain()

    def _drain(self) -> None:
        """Read what the client still sends, once our answer is out and our side closed,
        until it hangs up (a second at most between two reads, up to a limit)."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1)
            left = _MAX_SPARQL_BODY
            while left > 0 and (data := self.connection.recv(65536)):
                left -= len(data)
        except OSError:
            pass  # the client hung up, or went quiet: it has the answer either way

    def _framing(self) -> tuple[int, str] | None:
        """Why the request's headers cannot be checked as the engine would read them."""
        for name in _ONCE:
            if len(self.headers.get_all(name) or []) > 1:
                return 400, f"send the {name} header once; this request repeats it"
        if self.headers.get("Transfer-Encoding") is not None:
            return 411, "send the request body with a Content-Length, not a Transfer-Encoding"
        length = self.headers.get("Content-Length", "0").strip() or "0"
        if not (length.isascii() and length.isdigit()):
            return 400, f"Content-Length {length!r} is not a number of bytes"
        return None

    def _refusal(self, url: SplitResult) -> tuple[int, str] | None:
        """Why the guard answers this request itself: sent to another name, compressed,
        or a write from another site's page."""
        if refused := foreign_host(self.headers, self.server.host):
            return refused
        coding = self.headers.get("Content-Encoding", "identity").strip()
        if coding.lower() != "identity":  # the engine would decode what the guard cannot read
            return 415, (f"send the request body uncompressed (Content-Encoding {coding!r} "
                         "is not accepted here)")  # fmt: skip
        reads = self.command in ("GET", "HEAD", "OPTIONS") or url.path == "/query"
        if not reads and (why := self.server.cross_origin(self.headers)):
            return 403, why
        return None

    def _handle(self) -> None:
        self.close_connection = True
        if refused := self._framing():
            return self._say(*refused, linger=True)
        length = int(self.headers.get("Content-Length", "0").strip() or "0")
        body = _Limited(self.rfile, length)
        url = urlsplit(self.path)
        if refused := self._refusal(url):
            return self._say(*refused, unread=body)
        if url.path == "/store":  # RDF data of any size, not SPARQL: passed on as it comes
            return self._forward(body, length, limited=False)
        if length > _MAX_SPARQL_BODY:
            return self._say(413, f"a SPARQL request holds {_MAX_SPARQL_BODY} bytes at most",
                             unread=body)  # fmt: skip
        text = body.read()
        if not self.server.federation:
            for sparql in _sparql_texts(url.query, self.headers.get("Content-Type", ""), text):
                if keyword := fetching_keyword(sparql):
                    return self._say(400, _REFUSED[keyword])
        limited = url.path in ("/query", "/update")
        self._forward(io.BytesIO(text), len(text), limited=limited)

    def _forward(self, body: io.RawIOBase | io.BytesIO, length: int, *, limited: bool) -> None:
        engine, limit = self.server.engine, self.server.timeout_s
        url, generation = engine.current()
        where = urlsplit(url)
        connection = http.client.HTTPConnection(
            where.hostname or "", where.port, timeout=limit + 60
        )
        skipped = _HOP_BY_HOP | {"accept-encoding", "expect", "content-type", "content-encoding"}
        headers = {k: v for k, v in self.headers.items() if k.lower() not in skipped}
        for checked in ("Content-Type", "Content-Encoding"):  # each once, as it was read
            if (value := self.headers.get(checked)) is not None:
                headers[checked] = value
        headers |= {"Connection": "close", "Content-Length": str(length)}
        deadline = _Deadline(engine, generation, limit) if limited else None
        self._answering = False
        try:
            connection.request(self.command, self.path, body=body if length else None,
                               headers=headers)  # fmt: skip
            reply = connection.getresponse()
            if deadline is not None:
                self._relay_whole(reply, deadline)
            else:
                self._relay_stream(reply)
        except (OSError, http.client.HTTPException) as err:
            if not self._answering:  # else the reply is cut short, which the client sees
                self._failed(deadline, generation, err)
        finally:
            if deadline is not None:
                deadline.finish()
            connection.close()

    def _failed(self, deadline: _Deadline | None, generation: int, err: Exception) -> None:
        engine, limit = self.server.engine, self.server.timeout_s
        if deadline is not None and not deadline.finish():
            deadline.restarted.wait()  # answer once the new engine is up, so a retry works
            what = "update" if urlsplit(self.path).path == "/update" else "query"
            return self._say(
                503, f"{what} exceeded the {limit} s limit (--timeout-s); the engine was restarted"
            )
        if engine.current()[1] != generation:
            return self._say(503, "the engine was restarted while this request ran (another "
                                  "query exceeded --timeout-s); send it again")  # fmt: skip
        process = engine.process
        code = process.poll() if process is not None else None
        if code is not None:
            return self._say(502, f"the SPARQL engine has stopped (exit code {code}); "
                                  "restart treatykg serve")  # fmt: skip
        self._say(502, f"the SPARQL engine did not answer: {err}")

    def _reply_headers(self, reply: http.client.HTTPResponse) -> None:
        self._answering = True
        self.send_response(reply.status, reply.reason)
        for key, value in reply.getheaders():
            if key.lower() not in _HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("Connection", "close")

    def _relay_whole(self, reply: http.client.HTTPResponse, deadline: _Deadline) -> None:
        """Read the whole reply before sending any of it: only then is its status true."""
        with tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY) as spool:
            while chunk := reply.read(65536):
                spool.write(chunk)
            size = spool.tell()
            if not deadline.finish():
                raise TimeoutError("the time limit struck")  # _failed says so
            kind = reply.getheader("Content-Type", "")
            query = urlsplit(self.path).path == "/query"
            if reply.status == 200 and query and (why := broken(kind, spool)) is not None:
                said = f": {why}" if why else " (a SERVICE endpoint that failed?)"
                return self._say(502, f"the query failed while its results were being sent"
                                      f"{said}; none of them was passed on")  # fmt: skip
            spool.seek(0)
            self._reply_headers(reply)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command != "HEAD":
                shutil.copyfileobj(spool, self.wfile)

    def _relay_stream(self, reply: http.client.HTTPResponse) -> None:
        """Pass a reply on as it comes (pages, graph downloads), chunked so that a stream
        cut short reaches the client as cut short."""
        self._reply_headers(reply)
        length = reply.getheader("Content-Length")
        if length is not None:
            self.send_header("Content-Length", length)
        elif self.command != "HEAD":
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        while chunk := reply.read1(65536):
            self.wfile.write(chunk if length is not None else b"%x\r\n%s\r\n" % (len(chunk), chunk))
        if length is None:
            self.wfile.write(b"0\r\n\r\n")


class _Limited(io.RawIOBase):
    """The request body as a stream that ends at Content-Length, not at the socket's end."""

    def __init__(self, source: io.BufferedIOBase, length: int) -> None:
        self._source, self._left = source, length

    def readable(self) -> bool:
        return True

    def discard(self, most: int) -> None:
        while most > 0 and (data := self.read(min(most, 65536))):
            most -= len(data)

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        data = self._source.read(min(len(buffer), self._left))
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)
