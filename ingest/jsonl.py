"""JSON Lines dumps read a record at a time: bad lines named, good ones kept, memory bounded.

A dump of any length (or an endless pipe) flows through: each line is judged as soon as
it has arrived, a line over the size limit is counted and let go as it streams past, and
UTF-16 or UTF-32 dumps are decoded as they come. Each line is judged as UTF-8, so the
limit counts a line's UTF-8 bytes whatever the file's encoding.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from treatykg.ingest.encodings import HEAD, Undecodable, as_utf8, encoding_of
from treatykg.ingest.reading import ReadError, parse_date, too_large
from treatykg.ingest.records import Article

__all__ = ["SUFFIXES", "read_jsonl"]

SUFFIXES = (".jsonl", ".ndjson")
_CHUNK = 1 << 16
_LISTED = 20  # bad line numbers named in one message before "and N more"


@dataclass
class _Tally:
    """The records of a multi-record file: how many there were, which were bad and why."""

    unit: str
    total: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)

    @property
    def good(self) -> int:
        return self.total - len(self.bad)

    def error(self, name: str) -> ReadError:
        """One line naming every bad record (the first few with their reasons)."""
        details = ", ".join(f"{self.unit} {n} ({why})" for n, why in self.bad[:3])
        others = [str(n) for n, _ in self.bad[3:]]
        if others:
            more = len(others) - _LISTED
            details += f"; also {self.unit}s {', '.join(others[:_LISTED])}"
            details += f" and {more} more" if more > 0 else ""
        if not self.good:
            return ReadError(name, f"no {self.unit} holds a readable article: {details}")
        return ReadError(
            name,
            f"{len(self.bad)} of {self.total} {self.unit}s skipped: {details}; "
            f"the other {self.good} were read",
        )


def read_jsonl(
    stream: IO[bytes],
    *,
    name: str,
    published: date | None = None,
    max_bytes: int | None = None,
    problems: list[ReadError] | None = None,
) -> Iterator[Article]:
    """The article of each good line of a JSON Lines stream, as each line arrives.

    Args:
        stream: A binary stream: UTF-8, or UTF-16 or UTF-32 (with or without a mark).
        name: How to name the stream in errors and provenance (`name:LINE`).
        published: The publication date for records that state none.
        max_bytes: Skip a line over this many (UTF-8) bytes; None for no limit.
        problems: Where the bad lines go, in one `ReadError` naming them all, once the
            good lines are read. When None, a bad line fails the file.

    Raises:
        ReadError: the stream holds no line, or no good one, or (without `problems`) a
            bad one; the good lines before it have been yielded.

    >>> import io
    >>> dump = io.BytesIO(b'{"text": "Talks resumed."}\\n[]\\n')
    >>> found: list[ReadError] = []
    >>> [a.path for a in read_jsonl(dump, name="d.jsonl", problems=found)]
    ['d.jsonl:1']
    >>> print(found[0].reason)
    1 of 2 lines skipped: line 2 (each line needs a JSON object with a non-empty 'text'); the other 1 were read
    """
    tally = _Tally("line")
    yield from _read_lines(name, stream, published, max_bytes, tally)
    if not tally.total:
        raise ReadError(name, "the file is empty; nothing to ingest")
    if tally.bad:
        if problems is None or not tally.good:
            raise tally.error(name)
        problems.append(tally.error(name))


def _chunks(stream: IO[bytes], head: bytes) -> Iterator[bytes]:
    """`head`, then the rest of the stream a chunk at a time."""
    # read1 returns what a pipe holds now: each record goes on as soon as it arrives.
    read = getattr(stream, "read1", stream.read)
    chunk = head
    while chunk:
        yield chunk
        chunk = read(_CHUNK)


def _lines(chunks: Iterable[bytes], limit: int | None) -> Iterator[bytes | int]:
    """Each line of a stream of chunks without its line end, or the length of a line over `limit`.

    A line over the limit is counted and let go as it streams past, so a 100 MB line
    costs no more memory than the limit.
    """
    source = iter(chunks)
    buffer = bytearray()
    dropped = 0  # bytes of an over-long line already let go
    scanned = 0  # no line end in the buffer before this offset
    eof = False
    while True:
        end = buffer.find(b"\n", scanned)
        if end < 0 and not eof:
            if limit is not None and len(buffer) > limit + 1:
                dropped += len(buffer)
                buffer.clear()
            scanned = len(buffer)
            chunk = next(source, None)
            eof = chunk is None
            buffer += chunk or b""
            continue
        if end < 0:  # the last line has no line end
            if not buffer and not dropped:
                return
            end = len(buffer)
        line = bytes(buffer[:end]).rstrip(b"\r")
        del buffer[: end + 1]
        scanned = 0
        length, dropped = dropped + len(line), 0
        yield length if limit is not None and length > limit else line


def _text_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _record(where: str, line: bytes, published: date | None) -> Article | str:
    """The article one JSON Lines record holds, or why it holds none."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        return (
            f"not UTF-8 (byte 0x{line[err.start : err.start + 1].hex()} at column {err.start + 1})"
        )
    try:
        record: Any = json.loads(text)
    except json.JSONDecodeError as err:
        return f"not a JSON object: {err.msg}"
    except RecursionError:
        return "not a JSON object: nested too deeply"
    body = record.get("text") if isinstance(record, dict) else None
    if not isinstance(body, str) or not body.strip():
        return "each line needs a JSON object with a non-empty 'text'"
    if "\x00" in body:
        return "the 'text' holds NUL characters (binary data?)"
    stated = _text_field(record, "date")
    day = parse_date(stated) or published
    note = None
    if day is None:
        note = "no 'date' in the record (use --published)"
        if stated:
            note = f"the record's date {stated[:40]!r} is not one we read (use --published)"
    return Article(
        body=body.strip(),
        title=_text_field(record, "title"),
        published=day,
        source=_text_field(record, "source"),
        url=_text_field(record, "url"),
        path=where,
        format="jsonl",
        date_note=note,
    )


def _read_lines(
    name: str, stream: IO[bytes], published: date | None, limit: int | None, tally: _Tally
) -> Iterator[Article]:
    """The good records' articles; every line, good or bad, goes into `tally`."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < 4:  # enough for a byte-order mark, without waiting on a pipe for more
        chunk = read(HEAD)
        if not chunk:
            break
        head += chunk
    try:
        codec, bom = encoding_of(name, head)
    except ReadError:  # NULs, but not UTF-16's: each line is judged on its own
        codec, bom = "utf-8", 0
    chunks = _chunks(stream, head[bom:])
    if codec != "utf-8":
        chunks = as_utf8(chunks, codec)
    number = 0
    try:
        for number, line in enumerate(_lines(chunks, limit), start=1):
            if isinstance(line, int):
                tally.total += 1
                tally.bad.append((number, too_large(line, limit or 0)))
                continue
            if not line.strip():
                continue
            tally.total += 1
            found = _record(f"{name}:{number}", line, published)
            if isinstance(found, str):
                tally.bad.append((number, found))
            else:
                yield found
    except Undecodable as err:
        how = "by its byte-order mark" if bom else "guessed from its NUL bytes"
        tally.total += 1
        tally.bad.append(
            (
                number + 1,
                f"bytes at offset {bom + err.offset} do not decode as {codec.upper()} "
                f"({how}); the rest of the file was not read",
            )
        )
