"""Random and hostile input: the readers raise nothing but ReadError, the date parser and the
timex normalizer raise nothing at all, and none of them hangs.

Examples are built from the pieces that steer each parser (byte-order marks, header keys,
JSON, markup, date words) as well as from plain random bytes and text, so that the
interesting branches are reached in a few hundred examples. No example is timed (a busy
machine must not fail a test): every input is bounded in size instead, so each example is
quick, and a parser that loops on one never finishes the run. Speed against input size is
measured by `make bench`. The database is off so that nothing is written into the working
directory.
"""

from __future__ import annotations

import io
from datetime import date

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from treatykg.ingest.readers import FORMATS, ReadError, parse_date, read_bytes, read_stream
from treatykg.ingest.text import segment
from treatykg.ingest.timex import find_timexes

FUZZ = settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# The largest input any strategy below builds: a few hundred bytes or characters.
MAX_BYTES, MAX_PIECES, MAX_TEXT, MAX_WORDS, MAX_LINES = 600, 40, 300, 60, 30

_BYTE_PIECES = [
    b"title: ", b"date: ", b"source: ", b"url: ", b"Headline", b"\n", b"\r\n", b"\r", b" ",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00", b"\xff", b"\xc3",
    b"2025-01-24", b"0001-01-01", b"9999-12-31", b"2025-02-30", b" date 2025-01-24 ",
    b'{"text": "Talks resumed.", "date": "2025-01-24"}', b"{", b"}", b"[", b"]", b'"', b":",
    b'"text"', b'"title"', b"null", b"1e999", b"\\u0000", b"\\ud800",
    b"<html>", b"<!DOCTYPE html>", b"<p>", b"</p>", b"<title>", b"<h1>", b"<meta ",
    b"property='article:published_time' content='2025-01-24'>", b"<time datetime='x'>",
    b"<?xml version='1.0'?>", b"<rss>", b"<channel>", b"<item>", b"</item>", b"<feed>",
    b"<entry>", b"<content>", b"</content>", b"<pubDate>Fri, 24 Jan 2025</pubDate>",
    b"<description>", b"&lt;p&gt;", b"<![CDATA[", b"]]>", b"<!--", b"-->",
]  # fmt: skip
_hostile_bytes = st.one_of(
    st.binary(max_size=MAX_BYTES),
    st.lists(st.sampled_from(_BYTE_PIECES), max_size=MAX_PIECES).map(b"".join),
    st.text(max_size=MAX_TEXT).map(lambda t: t.encode("utf-16", "surrogatepass")),
)

_DATE_WORDS = [
    "on", "Friday", "Monday", "last", "next", "this", "week", "weekend", "month", "year",
    "January", "May", "Sept.", "31", "31st", "29", "2025", "1899", "2099", "the", "day",
    "after", "before", "ago", "two", "weeks", "years", "earlier", "later", "following",
    "previous", "coming", "past", "since", "until", "in", "of", "1990s", "decade", "today",
    "tomorrow", "yesterday", "mid-", "early", "late", "said", "will", "would", ".", ",",
    "\n", "“", "”", "—", "2025-01-24", "W04", "fiscal", "three", "months", "0", "99",
]  # fmt: skip
_hostile_text = st.one_of(
    st.text(max_size=MAX_TEXT),
    st.lists(st.sampled_from(_DATE_WORDS), max_size=MAX_WORDS).map(" ".join),
)
# Publication dates at the calendar's edges, where date arithmetic overflows.
_anchors = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([date.min, date.max, date(1, 1, 2), date(9999, 12, 30), date(2024, 2, 29)]),
)


@FUZZ
@given(
    data=_hostile_bytes,
    fmt=st.sampled_from([None, *FORMATS]),
    name=st.sampled_from(["a.txt", "a.jsonl", "a.html", "a.xml", "a.rss", "<stdin>"]),
    max_bytes=st.sampled_from([None, 1, 64, 10_000]),
    published=st.one_of(st.none(), st.dates()),
)
@example(  # a feed entry without a summary once crashed the feed reader
    data=b"<entry><title></content>", fmt="feed", name="a.txt", max_bytes=None, published=None
)
def test_fuzz_readers_raise_only_read_errors(
    data: bytes, fmt: str | None, name: str, max_bytes: int | None, published: date | None
) -> None:
    problems: list[ReadError] = []
    try:
        articles = read_bytes(
            name, data, fmt=fmt, published=published, max_bytes=max_bytes, problems=problems
        )
    except ReadError as err:
        assert "\n" not in str(err)
        return
    assert all(article.body.strip() for article in articles)
    assert all("\n" not in str(problem) for problem in problems)


@FUZZ
@given(
    lines=st.lists(
        st.one_of(
            st.builds(lambda t: f'{{"text": "{t}"}}', st.text("abc ", min_size=1, max_size=40)),
            st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
        ),
        max_size=MAX_LINES,
    ),
    ending=st.sampled_from(["\n", "\r\n"]),
    limit=st.one_of(st.none(), st.integers(min_value=1, max_value=80)),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]),  # with a byte-order mark
)
def test_fuzz_jsonl_stream_reads_each_line_once(
    lines: list[str], ending: str, limit: int | None, encoding: str
) -> None:
    """Every line within the limit that holds a JSON object with text is read, in order; every
    other non-blank line is named; the stream is never split anywhere but at a newline, in
    any Unicode encoding (the limit counts a line's UTF-8 bytes in all of them)."""
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    # UTF-16-LE's mark followed by a NUL character is UTF-32-LE's mark: no reader can tell.
    assume(not (encoding == "utf-16" and lines and lines[0].startswith("\x00")))
    data = ending.join(lines).encode(encoding, "surrogateescape")
    expected = []
    for number, line in enumerate(lines, start=1):
        raw = line.encode("utf-8", "surrogateescape")
        if limit is not None and len(raw) > limit:
            continue
        if line.startswith('{"text": "') and line.endswith('"}') and line[10:-2].strip():
            expected.append(f"a.jsonl:{number}")
    problems: list[ReadError] = []
    try:
        found = list(
            read_stream(io.BytesIO(data), name="a.jsonl", max_bytes=limit, problems=problems)
        )
    except ReadError:
        assert not expected  # only a file with no good line fails whole
        return
    assert [article.path for article in found] == expected


@FUZZ
@given(value=st.one_of(st.none(), _hostile_text))
def test_fuzz_parse_date_never_raises(value: str | None) -> None:
    day = parse_date(value)
    assert day is None or isinstance(day, date)


@FUZZ
@given(body=_hostile_text, published=_anchors)
@example(body="It ends tomorrow.", published=date.max)
@example(body="They met on Friday.", published=date.min)
@example(body="Talks resume next March.", published=date(9999, 6, 1))
def test_fuzz_timex_normalizer_never_raises(body: str, published: date | None) -> None:
    for timex in find_timexes(body, segment(body), published):
        assert body[timex.span.start : timex.span.end] == timex.text
