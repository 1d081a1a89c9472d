"""Telling and decoding the Unicode encodings article files come in: UTF-8, UTF-16, UTF-32.

A byte-order mark says which; without one, UTF-16 shows itself by its NULs, and NULs in
any other pattern mean binary data. A file read whole is decoded at once (`decode`); a
JSON Lines stream is decoded as it comes (`as_utf8`), so that no more of it is held in
memory than for UTF-8.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator

from treatykg.ingest.reading import ReadError

__all__ = ["HEAD", "Undecodable", "as_utf8", "decode", "encoding_of"]

HEAD = 8192  # bytes looked at to tell an encoding or a format
# Characters no text holds; binary data read as UTF-16 is full of them.
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
# Byte-order marks, longest first: UTF-32-LE's begins with UTF-16-LE's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BINARY = "binary data (NUL bytes), not an article; skipped"


def encoding_of(name: str, head: bytes) -> tuple[str, int]:
    """(codec, length of its byte-order mark) for a file that begins with `head`.

    UTF-16 without a mark still shows itself: mostly-Latin text has a NUL in every other
    byte, on the odd side for little-endian and the even side for big-endian. NULs in any
    other pattern mean binary data, not text.

    >>> encoding_of("a.txt", "Talks".encode("utf-16-le")), encoding_of("a.txt", b"\\xef\\xbb\\xbfT")
    (('utf-16-le', 0), ('utf-8', 3))
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    if b"\x00" not in head:
        return "utf-8", 0
    pairs = len(head) // 2
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if pairs and even == 0 and odd >= pairs / 4:
        return "utf-16-le", 0
    if pairs and odd == 0 and even >= pairs / 4:
        return "utf-16-be", 0
    raise ReadError(name, _BINARY)


def decode(name: str, data: bytes) -> str:
    """The text of a whole file in any encoding we read, or a ReadError saying what it is.

    >>> decode("a.txt", "Talks resume".encode("utf-16"))
    'Talks resume'
    """
    codec, bom = encoding_of(name, data[:HEAD])
    guessed = codec != "utf-8" and not bom  # UTF-16 told only by its NULs
    try:
        text = data[bom:].decode(codec)
    except UnicodeDecodeError as err:
        offset = bom + err.start
        if guessed:
            raise ReadError(name, _BINARY) from None
        if codec != "utf-8":
            raise ReadError(
                name,
                f"{codec.upper()} text by its byte-order mark, but bytes at offset {offset} "
                "do not decode; re-save it as UTF-8 and ingest again",
            ) from None
        bad = data[offset : offset + 1].hex()
        raise ReadError(
            name,
            f"not UTF-8 text (byte 0x{bad} at offset {offset}); "
            "re-save it as UTF-8 and ingest again",
        ) from None
    if not text.strip():
        raise ReadError(name, "the file is empty; nothing to ingest")
    if "\x00" in text or (guessed and _CONTROL.search(text[: HEAD // 2])):
        raise ReadError(name, _BINARY)
    return text


class Undecodable(Exception):
    """Bytes of a UTF-16 or UTF-32 stream that do not decode, at `offset` in the stream."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


def as_utf8(chunks: Iterable[bytes], codec: str) -> Iterator[bytes]:
    """UTF-8 chunks of a stream in another Unicode encoding, decoded as it comes.

    What decodes before a bad byte is passed on before `Undecodable` is raised, so the
    records that came before it are kept.

    >>> b"".join(as_utf8([b"T\\x00a", b"\\x00l\\x00k\\x00s\\x00"], "utf-16-le"))  # "a" split in two
    b'Talks'
    """
    decoder = codecs.getincrementaldecoder(codec)()
    offset = 0  # bytes of the stream before `chunk`
    for chunk in _then_end(chunks):
        pending = decoder.getstate()[0]
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as err:
            good = (pending + chunk)[: err.start]
            yield codecs.decode(good, codec).encode("utf-8") if good else b""
            raise Undecodable(offset - len(pending) + err.start) from None
        offset += len(chunk)
        yield text.encode("utf-8")


def _then_end(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks, then one empty chunk that tells a decoder the stream has ended."""
    yield from chunks
    yield b""
