"""The frame of a backup (N-Quads or TriG): a header line naming treatykg, a trailer that counts and hashes.

A backup cut short at a line boundary (or, in TriG, between two graph blocks) is still
valid RDF, so parsing alone cannot tell that half of it is missing. treatykg's N-Quads
and TriG exports therefore start with a comment naming them and end with one that counts
the quads and hashes every byte between; import checks the trailer before it writes
anything. Both lines are comments in either syntax, so other tools read the file as they
would any other. A backup whose line ends were turned into CRLF (git's autocrlf, a copy
through Windows) is checked as the file it was: treatykg never writes a raw CR.
"""

from __future__ import annotations

import hashlib
import re
from typing import IO

from treatykg.errors import StoreError

__all__ = ["FRAMED_FORMATS", "HEADER", "HEADERS", "FramedWriter", "trailer", "unframe"]

HEADER = b"# treatykg backup (N-Quads): the last line counts and hashes the quad lines between\n"
HEADERS = {
    "nq": HEADER,
    "trig": b"# treatykg backup (TriG): the last line counts the quads and hashes the lines between\n",
}
FRAMED_FORMATS = tuple(HEADERS)
_NAMES = {"nq": "N-Quads", "trig": "TriG"}
_TRAILER = re.compile(rb"# treatykg backup end: (\d+) quads, sha256 ([0-9a-f]{64})\n?")


def trailer(quads: int, digest: str) -> bytes:
    """The closing line for `quads` quads written as bytes that hash to `digest`.

    >>> trailer(2, "0" * 64)[:36]
    b'# treatykg backup end: 2 quads, sha2'
    """
    return f"# treatykg backup end: {quads} quads, sha256 {digest}\n".encode()


class FramedWriter:
    """A binary stream that frames what is written through it: header first, trailer on `finish`.

    The engine writes straight into it, so a backup is framed as it streams, never held
    in memory. In N-Quads every line is a quad, so the writer counts them itself; a TriG
    writer is told the count.
    """

    def __init__(self, out: IO[bytes], fmt: str = "nq") -> None:
        self._out = out
        self._hash = hashlib.sha256()
        self._lines = 0
        self._last = b"\n"
        out.write(HEADERS[fmt])

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

    def finish(self, quads: int | None = None) -> None:
        """Write the trailer: every quad has been written (`quads` of them; lines when None)."""
        if self._last != b"\n":  # never the case for N-Quads, but a trailer needs its own line
            self.write(b"\n")
        counted = self._lines if quads is None else quads
        self._out.write(trailer(counted, self._hash.hexdigest()))
        self._out.flush()


def _framed_as(data: bytes) -> str | None:
    """The format whose treatykg header `data` starts with, or None (another tool's file)."""
    return next((fmt for fmt, header in HEADERS.items() if data.startswith(header)), None)


def _with_lf_line_ends(data: bytes) -> bytes:
    """A treatykg backup whose line ends became CRLF, as it was written; any other data as it is.

    treatykg's N-Quads and TriG escape every CR and LF inside a literal, so each CRLF in
    such a file is a line end that was converted.
    """
    first = data[: data.find(b"\n") + 1]
    if first.endswith(b"\r\n") and first[:-2] + b"\n" in HEADERS.values():
        return data.replace(b"\r\n", b"\n")
    return data


def unframe(data: bytes, name: str, fmt: str = "nq", *, verify: bool = True) -> bytes:
    """The statements of an RDF file, checked against its trailer when treatykg framed it.

    A file without treatykg's header (another tool's N-Quads or TriG) is returned as it
    is: there is nothing to check it against beyond its syntax.

    Raises:
        StoreError: the file is a treatykg backup in another format than `fmt`, or it
            starts as one but its trailer is missing or disagrees with what is above it
            (cut short, or changed since), unless `verify` is False.

    >>> body = b'<https://e.org/s> <https://e.org/p> "o" <https://e.org/g> .\\n'
    >>> import hashlib
    >>> whole = HEADER + body + trailer(1, hashlib.sha256(body).hexdigest())
    >>> unframe(whole, "b.nq") == body
    True
    >>> unframe(whole.replace(b"\\n", b"\\r\\n"), "b.nq") == body  # a copy through Windows
    True
    >>> try:
    ...     unframe(HEADER + body, "b.nq")
    ... except StoreError as err:
    ...     print(str(err).split(";")[0])
    b.nq: ends without its trailer line (cut short?)
    """
    data = _with_lf_line_ends(data)
    framed = _framed_as(data)
    if framed is None:
        return data
    if framed != fmt:
        raise StoreError(
            f"{name}: is a treatykg {_NAMES[framed]} backup, not {fmt}; nothing was imported. "
            f"Import it with --format {framed}"
        )
    body = data[len(HEADERS[fmt]) :]
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
    if verify:
        problem = _disagreement(body, fmt, int(found[1]), found[2].decode())
        if problem is not None:
            raise StoreError(f"{name}: {problem}; nothing was imported. If you trust it, {salvage}")
    return body


def _disagreement(body: bytes, fmt: str, quads: int, digest: str) -> str | None:
    """How `body` differs from what its trailer says, or None when it does not.

    N-Quads has one quad a line, so the count is checked too; a TriG quad count needs a
    parse, and the hash already tells whether these are the bytes that were counted.
    """
    lines = body.count(b"\n")
    if fmt == "nq" and lines != quads:
        return f"holds {lines} quad lines where its trailer says {quads}"
    if hashlib.sha256(body).hexdigest() != digest:
        return "has changed since it was written (its sha256 differs from the trailer's)"
    return None
