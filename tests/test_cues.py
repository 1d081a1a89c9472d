"""The shared cue mechanics: a folded text shows plain cue words wherever the case-blind
cue pattern finds them, so that a few substring tests may stand before a slow search."""

from __future__ import annotations

import re

import pytest
from treatykg.ingest.cues import cue_regex, cue_stems, folded, may_hold, sought
from treatykg.ingest.text import guarded

_WORDS = ["signing", "ratif*", "out of the question", "non-proliferation"]


@pytest.mark.parametrize(
    "text",
    [
        "The SIGNING ceremony was held.",
        "Ratified in 1999 and ratifying again",
        "That is OUT OF\nTHE question now.",
        "Non-Proliferation talks",
        "The \u212aelvin sign folds like a k: SIGNING",  # lowers to "k", as it folds
        "Nothing of the sort here.",
    ],
)
def test_cues_a_text_without_the_stems_holds_no_cue(text: str) -> None:
    pattern = re.compile(cue_regex(_WORDS), re.IGNORECASE)
    stems = cue_stems(_WORDS)
    assert stems is not None
    low = folded(text)
    assert low is not None and len(low) == len(text)
    if not may_hold(low, stems):
        assert pattern.search(text) is None
    for match in pattern.finditer(text):
        assert any(stem in low[match.start() : match.end()] for stem in stems)


@pytest.mark.parametrize("text", ["\u0130ZM\u0130R talks", "\u017figning", "ratıfied"])
def test_cues_a_text_with_letters_that_fold_otherwise_is_not_folded(text: str) -> None:
    # "İ", "ſ" and "ı" match ASCII letters case-blind, but lowering does not give them.
    assert folded(text) is None
    assert may_hold(folded(text), cue_stems(_WORDS))


@pytest.mark.parametrize("words", [["traité"], ["*ism"]])
def test_cues_words_beyond_plain_ascii_have_no_stems(words: list[str]) -> None:
    assert cue_stems(words) is None
    assert may_hold("anything", cue_stems(words))


_TEXTS = [
    "The SIGNING ceremony was held; they will not sign.",
    "Ratified in 1999 and ratifying again, unless Kyiv objects",
    "That is OUT OF\nTHE question now.",
    "Non-Proliferation talks would resume",
    "The \u212aelvin sign and the long \u017f fold: SIGNING, \u017fhall",
    "\u201cWe shall\u201d, she said \u2014 if asked, in May, may leave",
    "",
]


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (cue_regex(_WORDS), re.IGNORECASE),
        (cue_regex(["shall", "will", "if", "unless"]) + r"\s(?:[\w-]+\s){0,2}$", re.IGNORECASE),
        (r"\bmay(?<=(?-i:may))(?-i:\s[a-z]+\b)|\d+\s(?:ways|days)", re.IGNORECASE),
        (r"(?<![\w-])(?:said|sh\w+)\b", 0),
        (r"[\u201c\"]\w+|(?:the\s)?talks?", 0),
    ],
)
def test_cues_sought_starts_where_the_pattern_does(pattern: str, flags: int) -> None:
    for plain in (re.compile(pattern, flags), guarded(pattern, flags)):
        fast = sought(plain)
        for text in _TEXTS:
            for start in range(len(text) + 1):
                for end in (start, start + 7, len(text)):
                    want = plain.search(text, start, end)
                    got = fast.search(text, start, end)
                    assert (got and got.start()) == (want and want.start()), (text, start, end)


@pytest.mark.parametrize("pattern", [r"\w*", r"(?:a|b)?", r".+x", r"(a)\1"])
def test_cues_sought_keeps_a_pattern_that_may_open_with_anything(pattern: str) -> None:
    plain = re.compile(pattern)
    assert sought(plain) is plain
