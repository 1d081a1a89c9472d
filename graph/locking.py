"""Who may open a store directory: one writer, or any number of readers, never both.

RocksDB (under Oxigraph) lets a read-only opener run beside a writer with undefined
results, and its own lock error says nothing of who holds the store. So every treatykg
process first takes an advisory lock on `DIR/treatykg.lock` (exclusive to write, shared
to read) and leaves a note naming itself; a refused process reads the notes back and says
which processes are in the way.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from treatykg.errors import StoreLockedError

__all__ = ["StoreLock", "holders"]

LOCK_FILE = "treatykg.lock"
HOLDERS_DIR = "treatykg.holders"


@dataclass(frozen=True)
class Holder:
    pid: int
    mode: str
    command: str
    since: str
    started: int | None = None  # the process's start time, in clock ticks after boot

    def describe(self) -> str:
        return f"pid {self.pid} ({self.command!r}, {self.mode} since {self.since})"


def _started(pid: int) -> int | None:
    """When a process started (ticks after boot, from /proc), or None where that is unknown.

    A pid alone does not name a process for long: after a crash the kernel hands the
    dead holder's pid to the next process. The pair (pid, start time) is unique.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    # The command name (field 2) may hold spaces and parentheses; the fields after its
    # closing parenthesis start at field 3 (state), so starttime (field 22) is the 20th.
    fields = stat[stat.rfind(")") + 2 :].split()
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


def _alive(holder: Holder) -> bool:
    """Whether the process that wrote the note still runs (not a newer one with its pid)."""
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if holder.started is None:
        return True  # a note from before start times were kept: the pid is all we have
    now = _started(holder.pid)
    return now is None or now == holder.started


def _read_note(note: Path) -> Holder | None:
    try:
        data = json.loads(note.read_text())
        started = data.get("started")
        return Holder(
            int(data["pid"]),
            str(data["mode"]),
            str(data["command"]),
            str(data["since"]),
            int(started) if started is not None else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def holders(directory: Path) -> list[Holder]:
    """The live processes that have the store open, from the notes they left.

    Notes of processes that are gone (crashed, killed) are deleted on the way, so they
    can never later name an unrelated process that got the same pid.
    """
    found = []
    notes = directory / HOLDERS_DIR
    if not notes.is_dir():
        return []
    for note in sorted(notes.glob("*.json")):
        holder = _read_note(note)
        if holder is None:
            continue  # being written right now, or not ours: leave it
        if _alive(holder):
            found.append(holder)
        else:
            note.unlink(missing_ok=True)
    return found


class StoreLock:
    """An advisory lock on a store directory, held for the life of an open store."""

    def __init__(self, directory: Path, *, write: bool) -> None:
        self.directory = directory
        self.write = write
        self._fd: int | None = None
        self._note: Path | None = None

    def acquire(self) -> StoreLock:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        mode = fcntl.LOCK_EX if self.write else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreLockedError(self._refusal()) from None
        self._fd = fd
        holders(self.directory)  # clears the notes that crashed processes left behind
        self._leave_note()
        return self

    def _refusal(self) -> str:
        others = [
            ("this same process, " if h.pid == os.getpid() else "") + h.describe()
            for h in holders(self.directory)
        ]
        who = "; ".join(others) if others else "another process (it left no note)"
        wanted = "write to" if self.write else "read"
        return (
            f"store {self.directory} is in use by {who}, so this process cannot {wanted} it. "
            "Stop that process or wait for it to finish; to read while it writes, query a "
            "snapshot instead (see docs/store.md)."
        )

    def _leave_note(self) -> None:
        notes = self.directory / HOLDERS_DIR
        notes.mkdir(exist_ok=True)
        note = notes / f"{os.getpid()}-{'w' if self.write else 'r'}-{id(self)}.json"
        note.write_text(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "started": _started(os.getpid()),
                    "mode": "writing" if self.write else "reading",
                    "command": " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])[:200],
                    "since": time.strftime("%Y-%m-%d %H:%M:%S"),
                }
            )
        )
        self._note = note

    def release(self) -> None:
        if self._note is not None:
            self._note.unlink(missing_ok=True)
            self._note = None
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
