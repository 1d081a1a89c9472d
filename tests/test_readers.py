"""Every supported input format reads into Article records; bad files fail with one clear line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from treatykg.ingest import ReadError, read_path
from treatykg.ingest.readers import read_bytes
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
        ("bad.jsonl", b'{"title": "x"\n', "bad.jsonl:1: not a JSON object"),
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
