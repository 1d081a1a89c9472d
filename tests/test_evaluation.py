"""The scorer, on hand-made gold and predictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatykg.evaluation import alias_normalizer, score_article

BODY = "Moscow suspended New START on Friday. “We are ready,” Peskov said."
GOLD = {
    "entities": [{"name": "Russia", "type": "State"}, {"name": "Dmitry Peskov", "type": "Person"}],
    "dates": [{"text": "Friday", "value": "2025-01-24"}],
    "events": [
        {
            "type": "suspension",
            "treaty": "New START",
            "date": "2025-01-24",
            "actors": ["Russia"],
            "modality": "actual",
            "evidence": "Moscow suspended New START on Friday.",
        }
    ],
    "quotes": [{"speaker": "Dmitry Peskov", "quote": "We are ready,"}],
    "dates_ignored": [],
}


def test_perfect_prediction_scores_one() -> None:
    score = score_article("a", BODY, GOLD, GOLD)
    assert all(c.f1 == 1.0 for c in score.counts.values())


def test_entities_match_through_kb_aliases_and_need_equal_types() -> None:
    norm = alias_normalizer([("Russia", "state/russia"), ("Moscow", "state/russia")])
    pred = {
        **GOLD,
        "entities": [
            {"name": "Moscow", "type": "State"},
            {"name": "Dmitry Peskov", "type": "Organization"},
        ],
    }
    counts = score_article("a", BODY, GOLD, pred, normalize=norm).counts["entities"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)


def test_event_with_wrong_date_is_a_miss_and_a_false_positive() -> None:
    pred = {**GOLD, "events": [{**GOLD["events"][0], "date": "2025-01-17"}]}
    counts = score_article("a", BODY, GOLD, pred).counts["events"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)


def test_quote_needs_ninety_percent_overlap_and_the_speaker() -> None:
    short = {**GOLD, "quotes": [{"speaker": "Dmitry Peskov", "quote": "We are"}]}
    wrong = {**GOLD, "quotes": [{"speaker": "Vladimir Putin", "quote": "We are ready,"}]}
    assert score_article("a", BODY, GOLD, short).counts["quotes"].tp == 0
    assert score_article("a", BODY, GOLD, wrong).counts["quotes"].tp == 0


def test_predictions_inside_ignored_phrases_do_not_count() -> None:
    body = "The treaty ran for six months."
    gold = {
        "entities": [],
        "dates": [],
        "events": [],
        "quotes": [],
        "dates_ignored": ["six months"],
    }
    pred = {**gold, "dates": [{"text": "six months", "value": "P6M"}]}
    assert score_article("a", body, gold, pred).counts["dates"].fp == 0


def test_article_table_marks_categories_with_nothing_to_score() -> None:
    from treatykg.evaluation import Report

    empty = {"entities": [], "dates": [], "events": [], "quotes": [], "dates_ignored": []}
    report = Report([score_article("quiet", "Nothing here.", empty, empty)])
    row = next(line for line in report.table().splitlines() if line.startswith("quiet"))
    assert row.split()[1:] == ["-"] * 5


CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("category, floor", [
    ("entities", 0.95), ("dates", 0.95), ("events", 0.80), ("event_actors", 0.75), ("quotes", 0.90),
])  # fmt: skip
def test_our_own_corpus_scores_above_its_floors(category: str, floor: float) -> None:
    """End to end on articles we wrote and annotated: a regression guard for extraction."""
    import treatykg

    report, failures = treatykg.evaluate([CORPUS / "articles"], CORPUS / "gold")
    assert failures == [] and len(report.articles) == 7
    assert report.total()[category].f1 >= floor, "\n".join(report.details())
