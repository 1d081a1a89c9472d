"""The frame of an N-Quads backup: a header line naming treatykg, a trailer that counts and hashes.

A backup cut short at a line boundary is still valid N-Quads, so parsing alone cannot
tell that half of it is missing. treatykg's N-Quads exports therefore start with a
comment naming them and end with one that counts the quad lines and hashes them; import
checks the trailer before it writes anything. Both lines are N-Quads comments, so other
tools read the file as they would any N-Quads.
"""

from __future__ import annotations

import hashlib
import re
from typing import IO

from treatykg.errors import StoreError

__all__ = ["HEADER", "FramedWriter", "trailer", "unframe"]

HEADER = b"# treatykg backup (N-Quads): the last line counts and hashes the quad lines between\n"
_TRAILER = re.compile(rb"# treatykg backup end: (\d+) quads, sha256 ([0-9a-f]{64})\n?")


def trailer(quads: int, digest: str) -> bytes:
    """The closing line for `quads` quad lines whose bytes hash to `digest`.

    >>> trailer(2, "0" * 64)[:36]
    b'# treatykg backup end: 2 quads, sha2'
    """
    return f"# treatykg backup end: {quads} quads, sha256 {digest}\n".encode()


class FramedWriter:
    """A binary stream that frames what is written through it: header first, trailer on `finish`.

    The engine writes N-Quads straight into it, so a backup is framed as it streams,
    never held in memory.
    """

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._hash = hashlib.sha256()
        self._lines = 0
        self._last = b"\n"
        out.write(HEADER)

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        if chunk:
            self._hash.update(chunk)
            self._lines += chunk.count(b"\n")
            self._last = chunk[-1:]
            self._out.write(chunk)
        return len(chunk)

    def flush(self) -> None:
        self._out.flush()

    def finish(self) -> None:
        """Write the trailer: every quad line has been written."""
        if self._last != b"\n":  # never the case for N-Quads, but a trailer needs its own line
            self.write(b"\n")
        self._out.write(trailer(self._lines, self._hash.hexdigest()))
        self._out.flush()


def unframe(data: bytes, name: str, *, verify: bool = True) -> bytes:
    """The quad lines of an N-Quads file, checked against its trailer when treatykg wrote it.

    A file without treatykg's header (another tool's N-Quads) is returned as it is: there
    is nothing to check it against beyond its syntax.

    Raises:
        StoreError: the file starts as a treatykg backup but its trailer is missing or
            disagrees with the lines above it (cut short, or changed since), unless
            `verify` is False.

    >>> body = b'<https://e.org/s> <https://e.org/p> "o" <https://e.org/g> .\\n'
    >>> import hashlib
    >>> whole = HEADER + body + trailer(1, hashlib.sha256(body).hexdigest())
    >>> unframe(whole, "b.nq") == body
    True
    >>> try:
    ...     unframe(HEADER + body, "b.nq")
    ... except StoreError as err:
    ...     print(str(err).split(";")[0])
    b.nq: ends without its trailer line (cut short?)
    """
    if not data.startswith(HEADER):
        return data
    body = data[len(HEADER) :]
    end = body.rfind(b"\n", 0, len(body) - 1) + 1  # the start of the last line
    found = _TRAILER.fullmatch(body[end:])
    salvage = "--no-verify imports what it holds anyway"
    if found is None:
        if not verify:
            return body
        raise StoreError(
            f"{name}: ends without its trailer line (cut short?); nothing was imported. "
            f"Use a complete backup, or if it is all you have, {salvage}"
        )
    body = body[:end]
    counted, digest = body.count(b"\n"), hashlib.sha256(body).hexdigest()
    expected = int(found[1])
    if verify and (counted != expected or digest != found[2].decode()):
        what = (
            f"holds {counted} quad lines where its trailer says {expected}"
            if counted != expected
            else "has changed since it was written (its sha256 differs from the trailer's)"
        )
        raise StoreError(f"{name}: {what}; nothing was imported. If you trust it, {salvage}")
    return body
