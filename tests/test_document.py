"""The document the extraction stages share, and the one span index behind it."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.document import Document
from treatykg.ingest.entities import find_entities
from treatykg.ingest.events import find_events
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.quotes import find_quotes
from treatykg.ingest.records import Span
from treatykg.ingest.spans import SpanIndex
from treatykg.ingest.text import segment
from treatykg.ingest.timex import find_timexes

PUBLISHED = date(2025, 1, 24)

# Items as (name, start, end): "long" overlaps both others and is given first.
ITEMS = [("long", 0, 30), ("first", 2, 8), ("second", 10, 20)]


def index() -> SpanIndex[tuple[str, int, int]]:
    return SpanIndex(ITEMS, lambda item: (item[1], item[2]))


@pytest.mark.parametrize(
    ("span", "within", "overlapping"),
    [
        (Span(0, 9), ["first"], ["long", "first"]),
        (Span(9, 25), ["second"], ["long", "second"]),
        (Span(30, 40), [], []),
        (Span(0, 30), ["long", "first", "second"], ["long", "first", "second"]),
    ],
)
def test_document_span_index_within_and_overlapping_keep_the_given_order(
    span: Span, within: list[str], overlapping: list[str]
) -> None:
    assert [name for name, _, _ in index().within(span)] == within
    assert [name for name, _, _ in index().overlapping(span)] == overlapping


@pytest.mark.parametrize(("position", "name"), [(5, "long"), (29, "long"), (30, None)])
def test_document_span_index_at_a_position(position: int, name: str | None) -> None:
    found = index().at(position)
    assert (found[0] if found else None) == name


def build(body: str, lexicon: Lexicon) -> Document:
    sentences = segment(body)
    entities = find_entities(body, sentences, lexicon, published=PUBLISHED)
    timexes = find_timexes(body, sentences, PUBLISHED)
    quotes = find_quotes(body, sentences, entities, timexes, PUBLISHED)
    return Document(body, tuple(sentences), entities, tuple(timexes), tuple(quotes), PUBLISHED, {})


@pytest.mark.parametrize(
    ("body", "position", "sentence"),
    [
        ("Moscow left. Kyiv stayed.", 14, "Kyiv stayed."),
        ("Moscow left.\n\nKyiv stayed on.", 2, "Moscow left."),
    ],
)
def test_document_finds_the_sentence_of_a_position(
    lexicon: Lexicon, body: str, position: int, sentence: str
) -> None:
    doc = build(body, lexicon)
    found = doc.sentence_at(position)
    assert found is not None and found.text(body) == sentence


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Dmitry Peskov said on Friday that New START was dead.", "person/dmitry-peskov"),
        ("New START is dead, Dmitry Peskov told reporters.", "person/dmitry-peskov"),
    ],
)
def test_document_knows_who_speaks_in_a_sentence(lexicon: Lexicon, body: str, speaker: str) -> None:
    doc = build(body, lexicon)
    sentence = doc.sentences[0].span
    assert doc.speaker_of(sentence) == speaker == doc.speaker_of(sentence)


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Russia suspended New START on Friday.", [("suspension", "treaty/new-start")]),
        (
            "Dmitry Peskov said on Friday that New START was dead.",
            [("statement", "treaty/new-start")],
        ),
    ],
)
def test_document_is_what_events_read(
    lexicon: Lexicon, body: str, found: list[tuple[str, str]]
) -> None:
    assert [(e.type, e.treaty) for e in find_events(build(body, lexicon))] == found
