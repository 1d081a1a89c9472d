"""Every supported input format reads into Article records; bad files fail with one clear line."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from treatykg.ingest import ReadError, read_path, read_stream
from treatykg.ingest.readers import DEFAULT_MAX_ARTICLE_BYTES, read_bytes
from treatykg.samples import ARTICLES

SHARED = Path(__file__).resolve().parents[2] / "shared"

HTML = b"""<!DOCTYPE html><html><head><title>Talks stall</title>
<meta property="article:published_time" content="2024-06-03T08:00:00Z">
<meta property="og:site_name" content="Test Gazette"></head>
<body><nav>Home | World</nav><article><h1>Talks stall</h1>
<p>Negotiators from Russia and the United States failed to agree on a date for new talks on Monday.</p>
<p>The State Department said it remained open to a meeting later in the month.</p>
</article><footer>Subscribe now</footer></body></html>"""

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Test Feed</title>
<item><title>One</title><link>https://example.org/1</link><pubDate>Mon, 03 Jun 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Moscow said on Monday it would not return to the treaty.&lt;/p&gt;</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    "name, data, title, published, body_start",
    [
        ("a.txt", b"title: T\ndate: 2025-01-24\nsource: S\nurl: \n\nBody text here.", "T", date(2025, 1, 24), "Body"),
        ("b.txt", b" date 2025-01-24 \xe2\x80\x9cWe talk,\xe2\x80\x9d he said.\nMore.", None, date(2025, 1, 24), "\u201cWe"),
        ("c.txt", b"Kremlin urges new talks\n\nMoscow wants talks, the Kremlin said.", "Kremlin urges new talks", None, "Moscow"),
        ("d.html", HTML, "Talks stall", date(2024, 6, 3), "Negotiators"),
        ("e.jsonl", b'{"title": "J", "date": "2024-06-03", "text": "Line one."}\n', "J", date(2024, 6, 3), "Line"),
        ("f.xml", FEED, "One", date(2024, 6, 3), "Moscow"),
    ],
)  # fmt: skip
def test_readers_read_each_format(
    name: str, data: bytes, title: str | None, published: date | None, body_start: str
) -> None:
    [article] = read_bytes(name, data)
    assert article.title == title
    assert article.published == published
    assert article.body.startswith(body_start)
    assert "Subscribe" not in article.body and "date 2025" not in article.body


def test_readers_undated_text_says_so_and_takes_published() -> None:
    [undated] = read_bytes("x.txt", b"Headline here\n\nSome body text.")
    assert undated.published is None and "no publication date" in (undated.date_note or "")
    [dated] = read_bytes("x.txt", b"Headline here\n\nSome body text.", published=date(2020, 1, 2))
    assert dated.published == date(2020, 1, 2)


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"   \n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("latin1.txt", b"title: x\n\nCaf\xe9 talks", "not UTF-8 text (byte 0xe9 at offset 13)"),
        ("cut.html", b"<html><head><title>x</title></head><body><div", "no article text"),
        (
            "bad.jsonl",
            b'{"title": "x"\n',
            "no line holds a readable article: line 1 (not a JSON object",
        ),
    ],
)
def test_readers_bad_file_gives_one_line_error(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(name, data)
    message = str(info.value)
    assert message.startswith(name) and reason in message and "\n" not in message


def test_readers_bundled_samples_cover_every_format() -> None:
    formats = {a.format for path in sorted(ARTICLES.iterdir()) for a in read_path(path)}
    assert formats == {"header", "text", "html", "jsonl", "feed"}


@pytest.mark.skipif(
    not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside this checkout"
)
@pytest.mark.parametrize(
    "seed", sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
)
def test_readers_raw_seeds_read_cleanly(seed: Path) -> None:
    [article] = read_path(seed)
    assert article.body.strip()
    assert not article.body.lstrip().startswith("date ")


HEADER = "title: Talks resume\ndate: 2025-01-24\n\nNegotiators met in Geneva on Friday.\n"


@pytest.mark.parametrize(
    "label, data",
    [
        ("utf-8 with a byte-order mark", b"\xef\xbb\xbf" + HEADER.encode("utf-8")),
        ("utf-16 with a byte-order mark", HEADER.encode("utf-16")),
        ("utf-16-le without one", HEADER.encode("utf-16-le")),
        ("utf-16-be without one", HEADER.encode("utf-16-be")),
        ("utf-32 with a byte-order mark", HEADER.encode("utf-32")),
        ("utf-16 with windows line ends", HEADER.replace("\n", "\r\n").encode("utf-16")),
    ],
)
def test_readers_decode_every_unicode_encoding_and_keep_the_header(label: str, data: bytes) -> None:
    [article] = read_bytes("a.txt", data)
    assert (article.format, article.title, article.published) == (
        "header",
        "Talks resume",
        date(2025, 1, 24),
    )
    assert article.body == "Negotiators met in Geneva on Friday."


@pytest.mark.parametrize(
    "data, reason",
    [
        (
            "Talks".encode("utf-16-le") + b"\x41\xdc",
            "binary data (NUL bytes), not an article; skipped",
        ),
        (
            b"\xff\xfe" + "Talks".encode("utf-16-le") + b"\x41\xdc",
            "UTF-16-LE text by its byte-order mark",
        ),
    ],
)
def test_readers_name_the_encoding_they_found(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes("a.txt", data)
    assert reason in str(info.value)


def _jsonl(*records: object) -> bytes:
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records
    )


GOOD = {"date": "2024-06-03", "text": "Moscow said it would talk."}


@pytest.mark.parametrize(
    "data, good, message",
    [
        (_jsonl(GOOD, b"{oops", GOOD, {"text": ""}), 2, "2 of 4 lines skipped: line 2 (not a JSON object: Expecting property name enclosed in double quotes), line 4 (each line needs a JSON object with a non-empty 'text'); the other 2 were read"),
        (_jsonl(GOOD, b"\xff{}", GOOD), 2, "1 of 3 lines skipped: line 2 (not UTF-8 (byte 0xff at column 1)); the other 2 were read"),
        (_jsonl(*[GOOD] * 3, *[b"[]"] * 30), 3, "30 of 33 lines skipped: line 4 (each line needs a JSON object with a non-empty 'text'), line 5 (each line needs a JSON object with a non-empty 'text'), line 6 (each line needs a JSON object with a non-empty 'text'); also lines 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26 and 7 more; the other 3 were read"),
    ],
)  # fmt: skip
def test_readers_jsonl_keeps_good_records_and_names_bad_lines(
    data: bytes, good: int, message: str
) -> None:
    problems: list[ReadError] = []
    articles = read_bytes("dump.jsonl", data, problems=problems)
    assert len(articles) == good
    assert [str(p) for p in problems] == [f"dump.jsonl: {message}"]
    with pytest.raises(ReadError) as info:  # without a list to put them in, bad lines fail the file
        read_bytes("dump.jsonl", data)
    assert str(info.value) == f"dump.jsonl: {message}"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_readers_jsonl_splits_only_at_newlines(separator: str) -> None:
    """Unicode line separators are legal inside a JSON string; they do not end a record."""
    data = json.dumps({"text": f"Talks{separator}resumed."}, ensure_ascii=False).encode() + b"\n"
    [article] = read_bytes("a.jsonl", data)
    assert article.body == f"Talks{separator}resumed."


@pytest.mark.parametrize("limit", [100])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_readers_jsonl_line_over_the_limit_is_skipped_as_it_streams(
    limit: int, encoding: str
) -> None:
    """The limit holds for each line, in a UTF-16 dump as in UTF-8 (counted in UTF-8)."""
    long_record = {"text": "word " * 100_000}
    data = _jsonl(GOOD, long_record, GOOD).decode("utf-8").encode(encoding)
    problems: list[ReadError] = []
    articles = list(
        read_stream(io.BytesIO(data), name="dump.jsonl", max_bytes=limit, problems=problems)
    )
    assert len(articles) == 2
    size = len(json.dumps(long_record))
    assert [p.reason for p in problems] == [
        f"1 of 3 lines skipped: line 2 (article is {size:,} bytes, over the {limit:,}-byte "
        "limit (--max-article-size)); the other 2 were read"
    ]


@pytest.mark.parametrize("size", [100 * 2**20])
def test_readers_file_over_the_limit_is_refused_from_its_size(tmp_path: Path, size: int) -> None:
    """A 100 MB file is refused before a byte of it is read (it is all NULs: reading any
    would have called it binary)."""
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(size)  # sparse: costs no disk
    with pytest.raises(ReadError) as info:
        read_path(big, max_bytes=DEFAULT_MAX_ARTICLE_BYTES)
    assert str(info.value) == (
        f"{big}: article is {size:,} bytes, over the 1,000,000-byte limit "
        "(--max-article-size); skipped"
    )


@pytest.mark.parametrize("limit", [1_000])
def test_readers_stream_over_the_limit_is_refused_unread(limit: int) -> None:
    class Pipe(io.RawIOBase):
        """An endless stream, as a pipe would be: reading it all would never end."""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    with pytest.raises(ReadError) as info:
        list(read_stream(io.BufferedReader(Pipe()), max_bytes=limit))
    assert str(info.value) == (
        "<stdin>: article is over the 1,000-byte limit (--max-article-size); skipped"
    )


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_readers_utf16_jsonl_is_decoded_as_it_streams(codec: str) -> None:
    """A UTF-16 or UTF-32 dump is decoded a chunk at a time, as UTF-8 is read: the first
    record comes out long before the end of the stream has been read."""
    records = [{"text": f"Report {n}: Moscow said it would talk. " * 10} for n in range(300)]
    data = "".join(json.dumps(r) + "\n" for r in records).encode(codec)
    stream = io.BytesIO(data)
    articles = read_stream(stream, name="dump.jsonl")
    first = next(articles)
    assert first.body.startswith("Report 0: ")
    assert stream.tell() < len(data) // 4
    assert [a.path for a in articles] == [f"dump.jsonl:{n}" for n in range(2, 301)]


@pytest.mark.parametrize("bad", [b"\x00\xdc"])  # a lone low surrogate in UTF-16-LE
def test_readers_utf16_jsonl_keeps_the_records_before_bytes_that_do_not_decode(
    bad: bytes,
) -> None:
    good = _jsonl(GOOD, GOOD).decode("utf-8").encode("utf-16")  # with its byte-order mark
    data = good + bad + _jsonl(GOOD).decode("utf-8").encode("utf-16-le")
    problems: list[ReadError] = []
    articles = read_bytes("dump.jsonl", data, problems=problems)
    assert len(articles) == 2
    assert [p.reason for p in problems] == [
        f"1 of 3 lines skipped: line 3 (bytes at offset {len(good)} do not decode as "
        "UTF-16-LE (by its byte-order mark); the rest of the file was not read); "
        "the other 2 were read"
    ]


@pytest.mark.parametrize("module", ["treatykg.ingest", "treatykg.ingest.readers"])
def test_readers_public_names_stay_where_callers_import_them(module: str) -> None:
    """Encodings and JSON Lines live in modules of their own; the names callers import from
    `treatykg.ingest` and its readers are all still there, and ReadError is one class."""
    import importlib

    from treatykg.ingest.reading import ReadError as Raised

    imported = importlib.import_module(module)
    assert [name for name in imported.__all__ if not hasattr(imported, name)] == []
    assert imported.ReadError is Raised
