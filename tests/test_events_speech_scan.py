"""The speech verbs of a sentence read off one scan of the whole body: the events stage
takes them for the sentence's own frames only where a scan of the sentence alone finds
the same (`events._scanned_alone`), and scans the sentence again elsewhere. Our own
sentences."""

from __future__ import annotations

import re

import pytest
from treatykg.ingest.events import _scanned_alone
from treatykg.ingest.records import Span
from treatykg.ingest.spans import SpanIndex
from treatykg.ingest.speech import SPEECH
from treatykg.ingest.text import segment


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@pytest.mark.parametrize(
    ("body", "taken"),
    [
        # A light verb and its noun on two lines: the body's scan reads them as one
        # remark over the sentence break, so neither line takes its share.
        ("Officials gave\nremarks on the pact. Doe said it was dead.", [False, False, True]),
        ("The envoy delivered\nbrief remarks today.", [False, False]),
        ("Doe said so.Roe agreed.", [True, True]),
    ],
)
def test_events_speech_scan_taken_only_where_the_sentence_scan_agrees(
    body: str, taken: list[bool]
) -> None:
    index = SpanIndex(SPEECH.finditer(body), lambda m: m.span())
    sentences = [s.span for s in segment(body)]
    answers = []
    for span in sentences:
        verbs = index.within(span)
        alone = _scanned_alone(body, span, verbs, index)
        if alone:
            assert _spans(verbs) == _spans(list(SPEECH.finditer(body, span.start, span.end)))
        answers.append(alone)
    assert answers == taken


@pytest.mark.parametrize("cut", [8])
def test_events_speech_scan_not_taken_inside_a_word(cut: int) -> None:
    # A stretch ending inside "saidx": alone, its scan sees a word "said" end there.
    body = "Doe saidx it."
    index = SpanIndex(SPEECH.finditer(body), lambda m: m.span())
    span = Span(0, cut)
    assert list(SPEECH.finditer(body, 0, cut)) and not index.within(span)
    assert not _scanned_alone(body, span, index.within(span), index)
