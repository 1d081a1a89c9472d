"""Readers that turn article files of every supported format into `Article` records.

Each reader takes bytes and a name and returns articles; only `read_path` touches the disk.
Everything that can go wrong with one file is raised as `ReadError`, which names the file
and the reason, so a batch can report it and go on with the other files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from treatykg.ingest.records import Article

from treatykg.errors import TreatyKGError

__all__ = [
    "FORMATS",
    "ReadError",
    "detect_format",
    "parse_date",
    "read_bytes",
    "read_path",
    "read_stream",
]

FORMATS = ("header", "text", "html", "jsonl", "feed")

_HEADER_KEYS = ("title", "date", "source", "url")
_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_MAX_HEADLINE_WORDS = 20


class ReadError(TreatyKGError):
    """An article file could not be read; the message names the file and the reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def parse_date(value: str | None) -> date | None:
    """Read the calendar date at the start of an ISO-8601 or RFC-822 date-time string.

    Only the publication day matters to us, so a time or offset after it is dropped.

    >>> parse_date("2025-01-24T09:30:00+03:00")
    datetime.date(2025, 1, 24)
    >>> parse_date("Fri, 24 Jan 2025 09:30:00 GMT")
    datetime.date(2025, 1, 24)
    >>> parse_date("soon") is None
    True
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    for pattern in ("%a, %d %b %Y", "%d %b %Y"):
        try:
            head = " ".join(value.split()[: pattern.count(" ") + 1])
            return datetime.strptime(head, pattern).date()
        except ValueError:
            continue
    return None


def detect_format(name: str, data: bytes) -> str:
    """Choose a reader from the file name, then from the first bytes when the name is silent.

    >>> detect_format("a.txt", b"title: X\\ndate: 2025-01-01\\n\\nBody")
    'header'
    >>> detect_format("feed.xml", b"<?xml version='1.0'?><rss>")
    'feed'
    """
    suffix = Path(name).suffix.lower()
    head = data[:512].lstrip().lower()
    if suffix in {".html", ".htm"} or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in {".rss", ".atom"} or (
        (suffix == ".xml" or head.startswith(b"<?xml"))
        and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head)
    ):
        return "feed"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    first_line = data.split(b"\n", 1)[0].strip().lower()
    if first_line.startswith(b"title:") or first_line.startswith(b"date:"):
        return "header"
    return "text"


def _decode(name: str, data: bytes) -> str:
    if not data.strip():
        raise ReadError(name, "the file is empty; nothing to ingest")
    if b"\x00" in data[:8192]:
        raise ReadError(name, "binary data (NUL bytes), not an article; skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = data[err.start : err.start + 1].hex()
        raise ReadError(
            name,
            f"not UTF-8 text (byte 0x{bad} at offset {err.start}); "
            "re-save it as UTF-8 and ingest again",
        ) from None
    return text.removeprefix("\ufeff")


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= _MAX_HEADLINE_WORDS
        and not line.rstrip().endswith((".", ",", ":", ";", "”", '"'))
        and line[:1].isupper()
    )


def _read_header(name: str, text: str, published: date | None) -> list[Article]:
    fields: dict[str, str] = {}
    lines = text.split("\n")
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


def _read_jsonl(name: str, text: str, published: date | None) -> list[Article]:
    articles = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as err:
            raise ReadError(where, f"not a JSON object ({err.msg})") from None
        if not isinstance(record, dict) or not str(record.get("text") or "").strip():
            raise ReadError(where, "each line needs a JSON object with a non-empty 'text'")
        day = parse_date(str(record.get("date") or "")) or published
        articles.append(
            Article(
                body=str(record["text"]).strip(),
                title=record.get("title") or None,
                published=day,
                source=record.get("source") or None,
                url=record.get("url") or None,
                path=where,
                format="jsonl",
                date_note=None if day else "no 'date' in the record (use --published)",
            )
        )
    return articles


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
            html = entry["content"][0].get("value", "")
        html = html or entry.get("summary", "")
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
    "jsonl": _read_jsonl,
    "feed": _read_feed,
}


def read_bytes(
    name: str, data: bytes, *, fmt: str | None = None, published: date | None = None
) -> list[Article]:
    """Read every article in one file's bytes.

    Args:
        name: How to name the input in errors and provenance (its path, or `<stdin>`).
        data: The raw bytes.
        fmt: One of `FORMATS`; detected from the name and content when None.
        published: The publication date to use when the file states none.

    Returns:
        The articles, in file order (several for JSON Lines and feeds).

    Raises:
        ReadError: the file is empty, binary, not UTF-8, or holds no article text.

    >>> [a.title for a in read_bytes("x.txt", b"title: Talks resume\\ndate: 2025-01-24\\n\\nBody.")]
    ['Talks resume']
    """
    if fmt is not None and fmt not in _READERS:
        raise ReadError(name, f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    text = _decode(name, data)
    chosen = fmt or detect_format(name, data)
    return _READERS[chosen](name, text, published)


def read_path(
    path: str | Path, *, fmt: str | None = None, published: date | None = None
) -> list[Article]:
    """Read one article file from disk; see `read_bytes`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ReadError(str(path), "is a directory; pass the files inside it") from None
    except OSError as err:
        raise ReadError(str(path), f"cannot be read ({err.strerror})") from None
    return read_bytes(str(path), data, fmt=fmt, published=published)


def read_stream(
    data: bytes, *, name: str = "<stdin>", fmt: str | None = None, published: date | None = None
) -> Iterator[Article]:
    """Read articles from a stream's bytes (``treatykg ingest -``)."""
    yield from read_bytes(name, data, fmt=fmt, published=published)
