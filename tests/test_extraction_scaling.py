"""Extraction of long and hostile articles: bounded sentences, exact spans, and the rules
that look far back still finding what they should.

Nothing here is timed (speed and memory against article size are `make bench`'s); the
inputs are chosen so that the old quadratic or exponential code would not have finished.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from treatykg.ingest.entities import _NAME_TOKEN, _cap_runs, _scan_cap_runs
from treatykg.ingest.extract import Extraction, extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.records import Article
from treatykg.ingest.text import MAX_SENTENCE_CHARS, segment

PUBLISHED = date(2025, 3, 14)

# Sentences of our own, without their full stops, to be strung into one line.
CLAUSES = [
    "Kremlin spokesman Dmitry Peskov said on Friday that Moscow was ready for talks on New START",
    "“We will not be the first to leave,” Deputy Foreign Minister Olek Varga told reporters",
    "The United States suspended its participation in the treaty in February 2023, officials said",
    "Jane Roe of the Arms Control Association said the deal had been “seriously weakened”",
    "The Ruritanian Council for Strategic Stability (RCSS) met in Geneva last week",
]


def run(lexicon: Lexicon, body: str) -> Extraction:
    return extract(Article(body, published=PUBLISHED), lexicon)


def one_line(size: int, *, stops: bool) -> str:
    """About `size` characters of our clauses on one line, with or without full stops."""
    joint = ". " if stops else " "
    text = joint.join(CLAUSES)
    return (joint.join([text] * (size // len(text) + 1)))[:size]


def assert_spans_exact(body: str, x: Extraction) -> None:
    """Every record's offsets point at exactly the text it carries."""
    assert all(m.surface == body[m.span.start : m.span.end] for m in x.mentions)
    assert all(t.text == body[t.span.start : t.span.end] for t in x.timexes)
    assert all(q.text == body[q.span.start : q.span.end] for q in x.quotes)
    sentences = {s.span for s in x.sentences}
    assert all(e.sentence in sentences for e in x.events)


def assert_bounded_cover(body: str, x: Extraction | None = None) -> None:
    """Sentences are in order, apart, at most MAX_SENTENCE_CHARS long, trimmed, and hold
    every character of the body but the spaces between them."""
    spans = [s.span for s in (x.sentences if x else segment(body))]
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert all(not body[s.start].isspace() and not body[s.end - 1].isspace() for s in spans)
    gaps = [body[a.end : b.start] for a, b in itertools.pairwise(spans)]
    assert all(not gap or gap.isspace() for gap in gaps)
    assert body[: spans[0].start].isspace() or spans[0].start == 0
    assert not body[spans[-1].end :].strip()


@pytest.mark.parametrize(
    "body",
    [
        one_line(250_000, stops=False),  # a megabyte-style line without a sentence end
        "x" * 5_000,  # one word longer than any sentence
        ("word, " * 2_000).strip(),  # clause marks only
        "Senator " + "A. " * 3_000 + "Roe",  # initials never end a sentence
    ],
    ids=["no-stops", "no-spaces", "commas", "initials"],
)
def test_text_overlong_sentence_is_cut_into_bounded_pieces(body: str) -> None:
    assert_bounded_cover(body)


@pytest.mark.parametrize(
    ("body", "last_char"),
    [
        # The last clause mark in the window ends the piece, not the middle of a clause.
        ("alpha beta, " * 200, ","),
        # Without marks, the last space: no word is cut ("alpha" and "beta" end in "a").
        ("alpha beta " * 200, "a"),
    ],
)
def test_text_overlong_sentence_is_cut_at_a_safe_point(body: str, last_char: str) -> None:
    first = segment(body)[0].span
    assert body[first.end - 1] == last_char and body[first.end].isspace()
    assert MAX_SENTENCE_CHARS // 2 < first.end - first.start <= MAX_SENTENCE_CHARS


@pytest.mark.parametrize("length", [MAX_SENTENCE_CHARS - 1, MAX_SENTENCE_CHARS])
def test_text_sentence_up_to_the_limit_stays_whole(length: int) -> None:
    words = ("They met and talked " * length)[: length - 2] + "x"
    body = words + "."
    assert len(body) == length
    assert [s.text(body) for s in segment(body)] == [body]


@pytest.mark.parametrize(
    "body",
    [
        # Runs that do not end a sentence (no capital follows): tried at each stop, the
        # old boundary pattern read the rest of both runs again each time.
        "." * 100_000 + " " * 100_000 + "next one.",
        "!?" * 50_000 + "” " * 50_000 + "next one.",
    ],
    ids=["stops-spaces", "stops-marks"],
)
def test_text_long_runs_of_stops_and_spaces_are_read_once(body: str) -> None:
    sentences = segment(body)
    assert sentences[-1].text(body).endswith(" next one.") or sentences[-1].text(body) == (
        "next one."
    )
    assert_bounded_cover(body)


@pytest.mark.parametrize(
    "body",
    [
        one_line(200_000, stops=False),
        one_line(200_000, stops=True).replace("Moscow", "MOSCOW NEWS AGENCY REPORTS"),
        ("Aa Bb Cc Dd Council " * 10_000),
        ("“a” " * 50_000),
        ('He said: "' * 20_000),
        ("signed 5 May and " * 12_000),
        ("the spokesman said he met him and the Russian leader " * 4_000),
    ],
    ids=["prose", "capitals", "org-phrases", "quotes", "unclosed", "dates", "roles"],
)
def test_extract_long_single_line_article_has_exact_bounded_spans(
    lexicon: Lexicon, body: str
) -> None:
    x = run(lexicon, body)
    assert_bounded_cover(body, x)
    assert_spans_exact(body, x)


@pytest.mark.parametrize(
    ("body", "surname", "start"),
    [
        ("Senator " + "A. " * 40 + "said nothing.", None, 0),  # initials, no name: 2^40 readings
        ("Arms Treaty on " + "A" * 40 + "/ it was signed.", None, 0),  # 2^40 ways to split it
        ("They met Jane Roe. " + "A. B. " * 30 + "x", "Roe", 9),
    ],
    ids=["initials", "treaty-subject", "name-then-initials"],
)
def test_entities_backtracking_patterns_finish_on_tiny_inputs(
    lexicon: Lexicon, body: str, surname: str | None, start: int
) -> None:
    x = run(lexicon, body)
    people = [m for m in x.mentions if m.entity_type == "Person"]
    if surname is None:
        assert people == []
    else:
        assert people[0].span.start == start and people[0].surface.endswith(surname)


FILLER = "Analysts note that neither side has published detailed figures for some time. "


@pytest.mark.parametrize("filler_count", [3_000])
def test_entities_far_back_references_still_resolve(lexicon: Lexicon, filler_count: int) -> None:
    """A person, a spokesman and a date named at the start are found again at the end
    of a long article: bounded windows cut only what is local, never coreference."""
    head = "Kremlin spokesman Dmitry Peskov said on Friday that Moscow was ready. "
    head += "Deputy Defence Minister Olek Varga of Ruritania met envoys. "
    tail = "Varga left. The spokesman spoke again. “It is over,” he added."
    body = head + FILLER * filler_count + tail
    x = run(lexicon, body)
    end = len(head) + len(FILLER) * filler_count
    late = {m.surface: m.entity_key for m in x.mentions if m.span.start >= end}
    varga = next(m.entity_key for m in x.mentions if m.surface == "Olek Varga")
    peskov = next(m.entity_key for m in x.mentions if m.surface == "Dmitry Peskov")
    assert late["Varga"] == varga
    assert late["The spokesman"] == peskov
    assert [(q.text, q.speaker) for q in x.quotes] == [("It is over,", peskov)]


@pytest.mark.parametrize("padding", [900])
def test_entities_title_found_late_in_a_long_sentence(lexicon: Lexicon, padding: int) -> None:
    """The title before a name is read from the words just before it, however much of
    the sentence comes first."""
    lead = ("and " * (padding // 4)) + "then "
    body = lead + "Deputy Foreign Minister Jane Roe said it was over."
    x = run(lexicon, body)
    assert x.entities["new/person/jane-roe"].role == "Deputy Foreign Minister"


@pytest.mark.parametrize("find", [_cap_runs, _scan_cap_runs])
def test_entities_cap_runs_match_the_pattern_they_replace(
    find: Callable[[str, int, int], Iterator[tuple[int, int]]],
) -> None:
    """Where names can be is found as the old pattern found it, on text where that
    pattern is still cheap: capitalized runs ending in a name, initials, apostrophes,
    inner capitals, and runs long enough for the linear scan to take over."""
    pattern = re.compile(
        rf"(?=[A-Z])(?:(?:{_NAME_TOKEN}|[A-Z]\.|[A-Z][\w.&-]*)\s)*(?:{_NAME_TOKEN})"
    )
    pieces = ["Jo", "Roe", "A.", "McCain", "O'Brien", "DeMint", "ABC", "x", "é", "-", "&", ".", "’"]
    pieces += [" ", " ", " ", "\t", ",", "Roe-Smith", "aB", "Kim Yo Jong", "Aa Bb Cc Dd Ee Ff "]
    rng = random.Random(7)
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        start, end = rng.randint(0, 2), len(text) - rng.randint(0, 2)
        expected = [m.span() for m in pattern.finditer(text, start, max(start, end))]
        assert list(find(text, start, max(start, end))) == expected, text
