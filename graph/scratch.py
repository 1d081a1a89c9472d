"""Temporary folders for a derivation's scratch files, which a killed process cannot leave behind for long.

A derivation keeps its reports, events and sentences in temporary files (gigabytes on a
large store). Python removes them when the derivation ends, even by an exception or
Ctrl-C, but not when the process is killed (SIGKILL, the kernel's out-of-memory killer, a
power cut). So each folder is named by the process that made it, and making one first
removes those of this user whose process is gone.

A process is taken to be gone when the system has no process of that id. Processes in
another PID namespace (another container sharing this temporary folder) cannot be seen,
so such a setup should give each container its own TMPDIR.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["clear_left_behind", "folder"]

_PREFIX = "treatykg-"


def folder(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A new temporary folder for scratch files of `kind`, removed on `cleanup`.

    >>> made = folder("example")
    >>> Path(made.name).name.startswith(f"treatykg-example-{os.getpid()}-")
    True
    >>> made.cleanup()
    """
    clear_left_behind(kind)
    return tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{kind}-{os.getpid()}-")


def clear_left_behind(kind: str) -> list[Path]:
    """Remove the folders of `kind` that processes of this user made and that are gone;
    returns what was removed."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{_PREFIX}{kind}-*-*"):
        pid = path.name[len(_PREFIX) + len(kind) + 1 :].split("-", 1)[0]
        try:
            mine = path.is_dir() and path.stat().st_uid == os.getuid()
        except OSError:
            continue  # removed meanwhile
        if mine and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal sent: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True
