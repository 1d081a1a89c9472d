"""Readers that turn article files of every supported format into `Article` records.

Each reader takes bytes (or a stream) and a name and returns articles; only `read_path`
and `iter_path` touch the disk. Everything that can go wrong with one file is raised as
`ReadError`, which names the file and the reason, so a batch can report it and go on with
the other files. A JSON Lines file is read record by record: its bad lines are named and
its good ones kept, and no line, however long, is held in memory beyond the size limit
(see `jsonl`); encodings are told and decoded in `encodings`.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from treatykg.ingest.encodings import decode
from treatykg.ingest.jsonl import SUFFIXES as _JSONL_SUFFIXES
from treatykg.ingest.jsonl import read_jsonl
from treatykg.ingest.reading import ReadError, parse_date, too_large
from treatykg.ingest.records import Article

__all__ = [
    "DEFAULT_MAX_ARTICLE_BYTES",
    "FORMATS",
    "ReadError",
    "detect_format",
    "iter_path",
    "parse_date",
    "read_bytes",
    "read_path",
    "read_stream",
]

FORMATS = ("header", "text", "html", "jsonl", "feed")
# Extraction is linear in the text, but a 100 MB "article" is a mistake (a log, a dump),
# not news (a long feature is 50 KB). Storing an article takes about 1.2 GB of memory per
# MB of busy text (its triples are written in one transaction), so 1 MB keeps one bad file
# from holding a batch for minutes or exhausting a laptop.
DEFAULT_MAX_ARTICLE_BYTES = 1_000_000

_HEADER_KEYS = ("title", "date", "source", "url")
_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_MAX_HEADLINE_WORDS = 20


def detect_format(name: str, data: bytes) -> str:
    """Choose a reader from the file name, then from the first bytes when the name is silent.

    >>> detect_format("a.txt", b"title: X\\ndate: 2025-01-01\\n\\nBody")
    'header'
    >>> detect_format("a.txt", b"\\xef\\xbb\\xbftitle: X\\n\\nBody")  # a byte-order mark first
    'header'
    >>> detect_format("feed.xml", b"<?xml version='1.0'?><rss>")
    'feed'
    """
    suffix = Path(name).suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    head = data[:512].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if suffix in {".html", ".htm"} or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in {".rss", ".atom"} or (
        (suffix == ".xml" or head.startswith(b"<?xml"))
        and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head)
    ):
        return "feed"
    first_line = head.split(b"\n", 1)[0].strip()
    if first_line.startswith((b"title:", b"date:")):
        return "header"
    return "text"


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= _MAX_HEADLINE_WORDS
        and not line.rstrip().endswith((".", ",", ":", ";", "”", '"'))
        and line[:1].isupper()
    )


def _read_header(name: str, text: str, published: date | None) -> list[Article]:
    fields: dict[str, str] = {}
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() not in _HEADER_KEYS:
            raise ReadError(name, f"line {index + 1} of the header is not 'key: value': {line!r}")
        fields[key.strip().lower()] = value.strip()
    body = "\n".join(lines[index + 1 :]).strip("\n")
    if not body.strip():
        raise ReadError(name, "the header is followed by no article body")
    date_text = fields.get("date", "")
    day = parse_date(date_text)
    note = None
    if date_text and day is None:
        raise ReadError(name, f"the header date {date_text!r} is not an ISO date (YYYY-MM-DD)")
    if day is None:
        day = published
        note = "date from --published" if published else "no publication date in the header"
    return [
        Article(
            body=body,
            title=fields.get("title") or None,
            published=day,
            source=fields.get("source") or None,
            url=fields.get("url") or None,
            path=name,
            format="header",
            date_note=note,
        )
    ]


def _read_text(name: str, text: str, published: date | None) -> list[Article]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    day = None
    note = None
    marker = _DATE_MARKER.match(text)
    if marker:
        day = parse_date(marker[1])
        text = text[marker.end() :]
        note = "date from a 'date YYYY-MM-DD' marker in the text"
    if day is None and published is not None:
        day, note = published, "date from --published"
    if day is None:
        note = "no publication date found; relative dates stay unresolved (use --published)"
    title = None
    first, sep, rest = text.strip("\n").partition("\n")
    if sep and rest.strip() and _looks_like_headline(first):
        title, text = first.strip(), rest
    body = text.strip("\n")
    if not body.strip():
        raise ReadError(name, "no article text after the headline")
    return [
        Article(body=body, title=title, published=day, path=name, format="text", date_note=note)
    ]


def _read_html(name: str, text: str, published: date | None) -> list[Article]:
    import trafilatura

    if "<" not in text:
        raise ReadError(name, "named as HTML but holds no markup")
    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as err:  # trafilatura raises many lxml errors on broken markup
        raise ReadError(name, f"the HTML could not be parsed ({err})") from None
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise ReadError(name, "no article text found in the HTML (truncated or empty page?)")
    title = getattr(doc, "title", None) or None
    first, _, rest = body.strip().partition("\n")
    if title and first.strip() == title.strip() and rest.strip():
        body = rest  # the page's <h1> repeats the headline; it is not body text
    day = parse_date(_meta_date(text)) or published
    note = None if day else "no publication date in the HTML meta tags (use --published)"
    return [
        Article(
            body=body.strip(),
            title=title,
            published=day,
            source=(getattr(doc, "sitename", None) or None),
            url=(getattr(doc, "url", None) or None),
            path=name,
            format="html",
            date_note=note,
        )
    ]


_META_DATE = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|
    og:published_time|datePublished|date|dc\.date|dcterms\.date|pubdate)["'][^>]*>""",
    re.IGNORECASE | re.VERBOSE,
)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_TIME_TAG = re.compile(r"""<time[^>]+datetime\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _meta_date(html: str) -> str | None:
    """The publication date the page declares: meta tags first, then a <time> element.

    We read only what the page states; guessing from URLs or page text (as htmldate's
    extensive search does) would date articles wrongly and silently.
    """
    meta = _META_DATE.search(html)
    if meta:
        content = _CONTENT.search(meta[0])
        if content:
            return content[1]
    time_tag = _TIME_TAG.search(html)
    return time_tag[1] if time_tag else None


def _read_feed(name: str, text: str, published: date | None) -> list[Article]:
    import feedparser

    feed = feedparser.parse(text)
    if feed.bozo and not feed.entries:
        raise ReadError(name, f"not a readable RSS/Atom feed ({feed.bozo_exception})")
    source = feed.feed.get("title") or None
    articles = []
    for number, entry in enumerate(feed.entries, start=1):
        html = ""
        if entry.get("content"):
            html = entry["content"][0].get("value") or ""
        html = html or entry.get("summary") or ""
        body = _html_to_text(html)
        if not body:
            continue
        day = parse_date(entry.get("published") or entry.get("updated")) or published
        articles.append(
            Article(
                body=body,
                title=entry.get("title") or None,
                published=day,
                source=source,
                url=entry.get("link") or None,
                path=f"{name}#{number}",
                format="feed",
                date_note=None if day else "the feed entry has no date (use --published)",
            )
        )
    if not articles:
        raise ReadError(name, "the feed has no entries with text")
    return articles


def _html_to_text(fragment: str) -> str:
    """Text of a feed entry's HTML fragment, one paragraph per line."""
    from html import unescape

    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\s*/?>", "\n", fragment)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


_READERS: dict[str, Callable[[str, str, date | None], list[Article]]] = {
    "header": _read_header,
    "text": _read_text,
    "html": _read_html,
    "feed": _read_feed,
}


def _check_format(name: str, fmt: str | None) -> None:
    if fmt is not None and fmt not in FORMATS:
        raise ReadError(name, f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _is_jsonl(name: str, fmt: str | None) -> bool:
    return fmt == "jsonl" or (fmt is None and Path(name).suffix.lower() in _JSONL_SUFFIXES)


def _read_one_file(
    name: str, data: bytes, fmt: str | None, published: date | None
) -> list[Article]:
    """A file that is read whole: one article (header, text, HTML) or a feed."""
    text = decode(name, data)
    chosen = fmt or detect_format(name, text[:512].encode("utf-8"))  # all it looks at
    return _READERS[chosen](name, text, published)


def read_bytes(
    name: str,
    data: bytes,
    *,
    fmt: str | None = None,
    published: date | None = None,
    max_bytes: int | None = None,
    problems: list[ReadError] | None = None,
) -> list[Article]:
    """Read every article in one file's bytes.

    Args:
        name: How to name the input in errors and provenance (its path, or `<stdin>`).
        data: The raw bytes: UTF-8, or UTF-16 or UTF-32 (with or without a byte-order mark).
        fmt: One of `FORMATS`; detected from the name and content when None.
        published: The publication date to use when the file states none.
        max_bytes: Skip an article over this many bytes (the whole file, or one line of a
            JSON Lines file); None for no limit.
        problems: Where a JSON Lines file's bad lines go (one `ReadError` naming them all)
            while its good lines are returned. When None, a bad line fails the file.

    Returns:
        The articles, in file order (several for JSON Lines and feeds).

    Raises:
        ReadError: the file is empty, binary, over the size limit, in an encoding we do not
            read, or holds no article text.

    >>> [a.title for a in read_bytes("x.txt", b"title: Talks resume\\ndate: 2025-01-24\\n\\nBody.")]
    ['Talks resume']
    """
    _check_format(name, fmt)
    if _is_jsonl(name, fmt):
        return list(
            read_stream(
                io.BytesIO(data), name=name, fmt="jsonl", published=published,
                max_bytes=max_bytes, problems=problems,
            )
        )  # fmt: skip
    if max_bytes is not None and len(data) > max_bytes:
        raise ReadError(name, too_large(len(data), max_bytes) + "; skipped")
    return _read_one_file(name, data, fmt, published)


def _size_of(stream: IO[bytes]) -> int | None:
    """The size of a regular file behind a stream, without reading it; None for pipes."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError):  # io.UnsupportedOperation for in-memory streams
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def read_stream(
    source: bytes | IO[bytes],
    *,
    name: str = "<stdin>",
    fmt: str | None = None,
    published: date | None = None,
    max_bytes: int | None = None,
    problems: list[ReadError] | None = None,
) -> Iterator[Article]:
    """Read articles from a binary stream (``treatykg ingest -``) or bytes; see `read_bytes`.

    JSON Lines streams are read a record at a time, so a dump of any length (or an endless
    pipe) flows through in bounded memory. Any other format is one article (or a feed) read
    whole, and no more than `max_bytes` of it is ever read.
    """
    _check_format(name, fmt)
    if isinstance(source, bytes | bytearray):
        if not _is_jsonl(name, fmt):
            yield from read_bytes(
                name, bytes(source), fmt=fmt, published=published, max_bytes=max_bytes
            )
            return
        source = io.BytesIO(source)
    if _is_jsonl(name, fmt):
        yield from read_jsonl(
            source, name=name, published=published, max_bytes=max_bytes, problems=problems
        )
        return
    if max_bytes is None:
        data = source.read()
    else:
        size = _size_of(source)
        if size is not None and size > max_bytes:
            raise ReadError(name, too_large(size, max_bytes) + "; skipped")
        data = source.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ReadError(name, too_large(size, max_bytes) + "; skipped")
    yield from _read_one_file(name, data, fmt, published)


def iter_path(
    path: str | Path,
    *,
    fmt: str | None = None,
    published: date | None = None,
    max_bytes: int | None = None,
    problems: list[ReadError] | None = None,
) -> Iterator[Article]:
    """Read one article file from disk as it is consumed; see `read_bytes`.

    A file over `max_bytes` is refused from its size alone, before any of it is read.
    """
    path = Path(path)
    name = str(path)
    try:
        handle = path.open("rb")
    except IsADirectoryError:
        raise ReadError(name, "is a directory; pass the files inside it") from None
    except OSError as err:
        raise ReadError(name, f"cannot be read ({err.strerror})") from None
    with handle:
        try:
            yield from read_stream(
                handle, name=name, fmt=fmt, published=published,
                max_bytes=max_bytes, problems=problems,
            )  # fmt: skip
        except OSError as err:
            raise ReadError(name, f"cannot be read ({err.strerror})") from None


def read_path(
    path: str | Path,
    *,
    fmt: str | None = None,
    published: date | None = None,
    max_bytes: int | None = None,
    problems: list[ReadError] | None = None,
) -> list[Article]:
    """Read one article file from disk; see `read_bytes`."""
    return list(
        iter_path(path, fmt=fmt, published=published, max_bytes=max_bytes, problems=problems)
    )
