"""The Oxigraph process behind `treatykg serve`: private, tied to its parent, restartable.

The engine listens on a random loopback address and port that only the guard in front
of it knows (a web page cannot guess them to send it writes), dies with treatykg
whatever ends treatykg (SIGTERM, SIGKILL, a crash), and can be killed and started again
on the same store when a query runs past the time limit, because Oxigraph does not stop
sorting queries at its own timeout.
"""

from __future__ import annotations

import ctypes
import http.client
import os
import queue
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from treatykg.errors import StoreError

__all__ = ["Engine", "oxigraph_binary"]

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_STARTUP_S = 30.0  # RocksDB opens a large store in seconds; a broken one fails at once


def oxigraph_binary() -> str:
    """The `oxigraph` server program installed with treatykg (the `oxigraph` package)."""
    import shutil

    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError(
            "the oxigraph server program is missing; reinstall treatykg (it depends on the "
            "`oxigraph` package, which provides it)"
        )
    return found


def _private_address() -> tuple[str, int]:
    """A free port on a random loopback address (all of 127/8 is local on Linux), or on
    127.0.0.1 where only that one exists."""
    a, b, c = (secrets.randbelow(254) + 1 for _ in range(3))
    for host in [f"127.{a}.{b}.{c}", "127.0.0.1"]:
        try:
            with socket.socket() as sock:
                sock.bind((host, 0))
                return host, int(sock.getsockname()[1])
        except OSError:
            continue
    raise StoreError("no free loopback port for the SPARQL engine")


def _dies_with_parent() -> Callable[[], None] | None:
    """What the child runs before exec so the kernel kills it when treatykg ends.

    The parent's pid is taken now: if the parent dies between fork and prctl, the child
    finds a new parent and leaves at once instead of living on as an orphan.
    """
    if not sys.platform.startswith("linux"):
        return None  # no PR_SET_PDEATHSIG: the engine is stopped by Server.stop() alone
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before fork, not in the child
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)

    return preexec


class _Spawner:
    """Starts every engine process from one thread that lives as long as the engine.

    PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process:
    an engine started from one of the guard's request threads would be killed as soon as
    that request was answered.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], None], Future[None]] | None]
        self._jobs = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="treatykg-engine-spawner", daemon=True).start()

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            work, done = job
            try:
                work()
                done.set_result(None)
            except BaseException as err:  # handed to the caller, who reports it
                done.set_exception(err)

    def run(self, work: Callable[[], None]) -> None:
        done: Future[None] = Future()
        self._jobs.put((work, done))
        done.result()

    def close(self) -> None:
        self._jobs.put(None)


def _end(process: subprocess.Popen[bytes], *, kill: bool = False) -> None:
    """Stop a process and reap it: SIGTERM (a clean RocksDB close), or SIGKILL at once."""
    if process.poll() is None:
        process.kill() if kill else process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - oxigraph stops on SIGTERM
            process.kill()
    process.wait()


def _relay_messages(source: IO[bytes]) -> None:
    """Pass the engine's messages on to our standard error, all but the private address
    it listens on (users reach the guard's; a second address would only mislead)."""
    with source:
        for line in source:
            if not line.startswith(b"Listening for requests at"):
                sys.stderr.write(line.decode("utf-8", "replace"))
                sys.stderr.flush()


def _asks(url: str) -> bool:
    """Whether the engine at `url` answers a query, asked straight: never through the
    proxy that http_proxy may name (our random 127.x address is in no no_proxy list).

    Raises:
        OSError, http.client.HTTPException: nothing answers there yet.
    """
    where = urlsplit(url)
    connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=2)
    try:
        connection.request("GET", "/query?query=ASK%7B%7D")
        return connection.getresponse().status == 200
    finally:
        connection.close()


class Engine:
    """One `oxigraph serve` (or `serve-read-only`) over a store directory, restartable."""

    def __init__(
        self, directory: Path, *, writable: bool, log: IO[bytes] | int | None = None
    ) -> None:
        mode = "serve" if writable else "serve-read-only"
        self._directory = directory
        self._command = [oxigraph_binary(), mode, "--location", str(directory)]
        self._log = log
        self._spawner = _Spawner()
        self._state = threading.Lock()  # guards process, url, generation, closing
        self._restarting = threading.Lock()  # one restart at a time
        self._up = threading.Event()  # set while the engine may be asked
        self._closing = False
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.generation = 0  # bumped by each restart, so one timeout restarts once

    def start(self) -> None:
        """Start the engine and wait until it answers.

        Raises:
            StoreError: it exited or did not answer in time (its own message is on `log`).
        """
        if not self._launch():
            process = self.process
            code = process.poll() if process is not None else None
            why = f"it exited with code {code}" if code is not None else "it did not answer"
            raise StoreError(
                f"the SPARQL engine did not start on {self._directory}: {why} "
                "(its own message is above)"
            )
        self._up.set()

    def _spawn(self, command: list[str]) -> None:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE if self._log is None else self._log,
            start_new_session=True,  # a Ctrl-C at the terminal reaches treatykg, which stops it
            preexec_fn=_dies_with_parent(),
        )
        if process.stderr is not None:
            threading.Thread(target=_relay_messages, args=(process.stderr,), daemon=True).start()
        with self._state:
            self.process = process
            closing = self._closing
        if closing:  # stopped while this one was being started
            _end(process)

    def _launch(self) -> bool:
        host, port = _private_address()
        url = f"http://{host}:{port}"
        with self._state:
            if self._closing:
                return False
            self.url = url
        self._spawner.run(lambda: self._spawn([*self._command, "--bind", f"{host}:{port}"]))
        assert self.process is not None
        return self._answers(self.process, url)

    def _answers(self, process: subprocess.Popen[bytes], url: str) -> bool:
        deadline = time.monotonic() + _STARTUP_S
        while time.monotonic() < deadline and not self._closing:
            if process.poll() is not None:
                return False
            try:
                if _asks(url):
                    return True
            except (OSError, http.client.HTTPException):
                pass  # not listening yet
            time.sleep(0.05)
        return False

    def current(self) -> tuple[str, int]:
        """The engine's URL and generation, once it answers (a restart may be under way)."""
        self._up.wait()
        with self._state:
            return self.url, self.generation

    def restart(self, generation: int) -> None:
        """Kill the engine of `generation` (its query cannot be cancelled) and start a new
        one on the same store; a no-op when another request restarted it already."""
        with self._restarting:
            if generation != self.generation or self._closing:
                return
            self._up.clear()
            try:
                if self.process is not None:
                    _end(self.process, kill=True)  # RocksDB's lock goes with the process
                self._launch()
            finally:
                with self._state:
                    self.generation += 1
                self._up.set()

    def wait(self) -> int:
        """Block until the engine ends by itself (not by a restart); its exit code."""
        while True:
            with self._state:
                process, generation = self.process, self.generation
            assert process is not None
            code = process.wait()
            with self._restarting:
                if self._closing or generation == self.generation:
                    return code

    def close(self) -> None:
        """Stop the engine for good (also when it is being started or restarted)."""
        with self._state:
            self._closing = True
            process = self.process
        if process is not None:
            _end(process)
        with self._restarting:  # a restart under way has ended its new process by now
            pass
        self._up.set()  # nobody waits for an engine that will not come
        self._spawner.close()
