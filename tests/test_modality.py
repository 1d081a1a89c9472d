"""The scope of modality cues (the clause around a trigger) and the elided clauses that
negate a trigger's event for other actors."""

from __future__ import annotations

import pytest
from treatykg.ingest.modality import ClauseMarks, clause_of, elided_negation
from treatykg.ingest.records import Span


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # the nearest mark on each side
        ("Ruritania signed it, but never ratified it; Freedonia did.", "ratified",
         "but never ratified it"),
        # on the left, a bracket and a complement clause open a scope; the latest one wins,
        # and of marks at one place (" but " and " but that ") the shorter ends before
        ("They said (as before) it lapsed and that Kyiv signed it", "signed",
         "and that Kyiv signed it"),
        ("They said it lapsed but that Kyiv signed it", "signed", "but that Kyiv signed it"),
        # on the right, a relative clause and a coordinated verb with its own auxiliary
        ("Moscow tested a missile that would have been banned", "tested",
         "Moscow tested a missile"),
        ("Russia is quitting the convention and will not come back", "quitting",
         "Russia is quitting the convention"),
        ("Iran froze its part and announced that it would quit", "froze",
         "Iran froze its part"),
        # no mark: the whole sentence
        ("Ruritania ratified the pact on Monday", "ratified",
         "Ruritania ratified the pact on Monday"),
    ],
)  # fmt: skip
def test_modality_clause_of_runs_to_the_nearest_marks(text: str, word: str, expected: str) -> None:
    start, end = clause_of(text, Span(0, len(text)), text.index(word))
    assert text[start:end].strip() == expected


@pytest.mark.parametrize(
    "text",
    [
        # a mark in the sentence before never bounds the next one's clause
        "Kyiv signed it, and that was all. Moscow ratified it but (later) left it; Oslo did not.",
        # overlapping marks: " but " twice sharing a space, " but that " over " but "
        "It lapsed but  but that Kyiv signed it. Then it left, but  but that (was) all; no.",
    ],
)
def test_modality_clause_marks_bound_as_clause_of(text: str) -> None:
    """Marks found once for a whole text bound each sentence's clauses as `clause_of` does."""
    marks = ClauseMarks(text)
    cut = text.index(".") + 1
    for sentence in (Span(0, cut), Span(cut + 1, len(text))):
        for at in range(sentence.start, sentence.end + 1):
            assert marks.clause_of(sentence, at) == clause_of(text, sentence, at)


@pytest.mark.parametrize(
    ("text", "after", "actors"),
    [
        ("Ruritania ratified it; neither Freedonia nor Elbonia did.", "ratified",
         "neither Freedonia nor Elbonia"),
        ("Ruritania signed it, but Freedonia didn't.", "signed", "Freedonia"),
        ("Ruritania signed it, but Freedonia has not yet.", "signed", "Freedonia"),
        ("Ruritania signed it, and Freedonia followed.", "signed", None),
        ("Ruritania signed it. Freedonia did not.", "signed", None),
    ],
)  # fmt: skip
def test_modality_elided_negation_finds_the_actors_left_out(
    text: str, after: str, actors: str | None
) -> None:
    span = elided_negation(text, Span(0, len(text)), text.index(after) + len(after))
    assert (text[span.start : span.end] if span else None) == actors
