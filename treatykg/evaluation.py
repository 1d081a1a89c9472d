"""Scoring extraction against gold annotations, with the evaluation corpus's rules.

Entities match by canonical name or by the KB entity a name resolves to, with equal
types; dates by overlapping surface and equal value; events by type, sentence, treaty and
(where gold has one) date, with actors scored as set overlap over matched events; quotes
by speaker and 90% character overlap. Gold carries no offsets, so surfaces are located in
the body by their text.

Events are also scored per type, and a confusion table pairs the gold events missed with
the predictions that match them on everything but the type: it tells a wrong type (the
event was found, and called a statement) from an event not found at all.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.text import segment

if TYPE_CHECKING:
    from treatykg.pipeline import Failure

__all__ = [
    "CATEGORIES",
    "EVENT_TYPES",
    "MISSED",
    "SPURIOUS",
    "ArticleScore",
    "Counts",
    "Report",
    "alias_normalizer",
    "evaluate",
    "load_gold",
    "score_article",
]

CATEGORIES = ("entities", "dates", "events", "event_actors", "quotes")
# The corpus's event types in its README's order, which the per-type tables follow.
EVENT_TYPES = (
    "signing", "ratification", "entry_into_force", "extension", "suspension", "withdrawal",
    "expiry", "violation_accusation", "call_for_talks", "negotiation", "meeting_or_call",
    "statement", "other",
)  # fmt: skip
# The confusion table's column for gold events nothing matched, and its row for
# predictions that match no gold event even with the type ignored.
MISSED = "missed"
SPURIOUS = "spurious"
Normalize = Callable[[str], str]
Gold = Mapping[str, Any]


@dataclass
class Counts:
    tp: float = 0
    fp: float = 0
    fn: float = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class ArticleScore:
    """Counts per category for one article, with what was missed and what was invented."""

    name: str
    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    misses: list[tuple[str, str]] = field(default_factory=list)  # (category, description)
    false_positives: list[tuple[str, str]] = field(default_factory=list)
    modality_matched: int = 0
    modality_correct: int = 0
    event_types: dict[str, Counts] = field(default_factory=dict)
    # (gold type or SPURIOUS, predicted type or MISSED) -> number of events
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)


@dataclass
class Report:
    articles: list[ArticleScore]

    def total(self) -> dict[str, Counts]:
        totals = {c: Counts() for c in CATEGORIES}
        for article in self.articles:
            for category, counts in article.counts.items():
                totals[category].add(counts)
        return totals

    def event_types(self) -> dict[str, Counts]:
        """Event counts per type over all articles, in the corpus's order of types: a
        prediction counts under its own type, a gold event under the gold type."""
        totals: dict[str, Counts] = {}
        for article in self.articles:
            for event_type, counts in article.event_types.items():
                totals.setdefault(event_type, Counts()).add(counts)
        return {t: totals[t] for t in _type_order(totals)}

    def confusion(self) -> Counter[tuple[str, str]]:
        """(gold type or SPURIOUS, predicted type or MISSED) -> events, over all articles."""
        total: Counter[tuple[str, str]] = Counter()
        for article in self.articles:
            total.update(article.confusion)
        return total

    @property
    def modality_accuracy(self) -> float:
        matched = sum(a.modality_matched for a in self.articles)
        return sum(a.modality_correct for a in self.articles) / matched if matched else 0.0

    def totals_table(self) -> str:
        """Precision, recall and F1 per category, and the modality accuracy."""
        totals = self.total()
        lines = [f"{'':14}{'precision':>10}{'recall':>10}{'F1':>10}"]
        for category in CATEGORIES:
            c = totals[category]
            lines.append(f"{category:14}{c.precision:10.3f}{c.recall:10.3f}{c.f1:10.3f}")
        lines.append(f"{'modality acc.':14}{self.modality_accuracy:30.3f}")
        return "\n".join(lines)

    def table(self) -> str:
        """Totals per category, events per type, the confusion of event types, then F1
        per article, as fixed-width text."""
        lines = [self.totals_table(), "", self.types_table(), "", self.confusion_table()]
        lines.append(f"\n{'article':16}" + "".join(f"{c[:9]:>10}" for c in CATEGORIES) + "   (F1)")
        for article in self.articles:
            scores = "".join(_cell(article.counts[c]) for c in CATEGORIES)
            lines.append(f"{article.name:16}{scores}")
        lines.append("(-: nothing in the gold and nothing found, so nothing to score)")
        return "\n".join(lines)

    def types_table(self) -> str:
        """One row per event type: how many gold and predicted, matched, and P/R/F1."""
        head = ("gold", "predicted", "matched", "precision", "recall", "F1")
        lines = [f"{'event type':22}" + "".join(f"{h:>10}" for h in head)]
        for event_type, c in self.event_types().items():
            counts = f"{c.tp + c.fn:10.0f}{c.tp + c.fp:10.0f}{c.tp:10.0f}"
            lines.append(f"{event_type:22}{counts}{c.precision:10.3f}{c.recall:10.3f}{c.f1:10.3f}")
        return "\n".join(lines)

    def confusion_table(self) -> str:
        """Gold types down, predicted types across. Off the diagonal: events found in the
        right sentence, with the right treaty and date, but typed wrongly."""
        confusion = self.confusion()
        gold_types = _type_order({g for g, _ in confusion if g != SPURIOUS})
        pred_types = _type_order({p for _, p in confusion if p != MISSED})
        columns = [*pred_types, MISSED]
        lines = [
            f"{'gold / predicted':22}" + "".join(f"{_SHORT.get(c, c[:7]):>8}" for c in columns)
        ]
        for row in [*gold_types, SPURIOUS]:
            cells = "".join(f"{confusion.get((row, c), 0) or '.':>8}" for c in columns)
            lines.append(f"{row:22}{cells}")
        lines.append("(.: none; a missed event found with another type is counted there)")
        return "\n".join(lines)

    def details(self) -> list[str]:
        """One line per miss and per false positive, naming the article and the category."""
        lines = []
        for article in self.articles:
            lines += [f"{article.name} MISS {c}: {text}" for c, text in article.misses]
            lines += [f"{article.name} FALSE {c}: {text}" for c, text in article.false_positives]
        return lines

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {c: counts.as_dict() for c, counts in self.total().items()}
        data["modality_accuracy"] = round(self.modality_accuracy, 4)
        data["event_types"] = {
            t: {
                **c.as_dict(),
                "gold": int(c.tp + c.fn),
                "predicted": int(c.tp + c.fp),
                "matched": int(c.tp),
            }
            for t, c in self.event_types().items()
        }
        confusion: dict[str, dict[str, int]] = {}
        for (gold_type, pred_type), count in sorted(self.confusion().items()):
            confusion.setdefault(gold_type, {})[pred_type] = count
        data["event_confusion"] = confusion
        data["articles"] = {
            a.name: {c: counts.as_dict() for c, counts in a.counts.items()} for a in self.articles
        }
        return data


# Column heads of the confusion table: the types' names are too long to stand side by side.
_SHORT = {
    "signing": "sign", "ratification": "ratify", "entry_into_force": "inforce",
    "extension": "extend", "suspension": "suspend", "withdrawal": "withdr", "expiry": "expiry",
    "violation_accusation": "accuse", "call_for_talks": "call", "negotiation": "negot",
    "meeting_or_call": "meeting", "statement": "stmt", "other": "other", MISSED: MISSED,
}  # fmt: skip


def _type_order(types: Iterable[str]) -> list[str]:
    """The corpus's types in its order, then any others (a misspelt gold type) sorted."""
    present = set(types)
    return [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))


def _cell(counts: Counts) -> str:
    """An article's F1, or "-" where neither the gold nor the extraction has anything:
    0.000 there would read as a failure."""
    if counts.tp + counts.fp + counts.fn == 0:
        return f"{'-':>10}"
    return f"{counts.f1:10.3f}"


def load_gold(path: Path) -> dict[str, Any]:
    """One gold file, with a clear error when it is not the gold format."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{path}: not a readable gold JSON file ({err})") from None
    missing = [k for k in ("entities", "dates", "events", "quotes") if k not in data]
    if missing:
        raise ValueError(f"{path}: not in the gold format (no {', '.join(missing)})")
    return dict(data)


def _spans(body: str, text: str) -> list[tuple[int, int]]:
    spans, start = [], body.find(text) if text else -1
    while start != -1:
        spans.append((start, start + len(text)))
        start = body.find(text, start + 1)
    return spans


def _sentence_with(body: str, texts: Iterable[str]) -> str:
    """The sentence where the first of `texts` occurs, for reports a reader can check."""
    for text in texts:
        at = body.find(text) if text else -1
        if at != -1:
            for sentence in segment(body):
                if sentence.span.start <= at < sentence.span.end:
                    return sentence.text(body)
    return "(not found in the text)"


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return max((min(x[1], y[1]) - max(x[0], y[0]) for x in a for y in b), default=0)


def _sentence_of(body: str, evidence: str) -> list[tuple[int, int]]:
    return _spans(body, evidence.strip()) or _spans(body, evidence.strip()[:60])


def _match(
    gold: list[Any], pred: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Greedy one-to-one matching in gold order."""
    used: set[int] = set()
    pairs = []
    missed = []
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                pairs.append((g, p))
                break
        else:
            missed.append(g)
    extra = [p for i, p in enumerate(pred) if i not in used]
    return pairs, missed, extra


def _entities(score: ArticleScore, gold: Gold, pred: Gold, body: str, norm: Normalize) -> None:
    def key(e: Mapping[str, Any]) -> tuple[str, str]:
        name = str(e.get("id") or "") if e.get("linked") else ""
        return (name or norm(str(e["name"])), str(e["type"]))

    def same(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
        if g["type"] != p["type"]:
            return False
        return key(g) == key(p) or str(g["name"]).casefold() == str(p["name"]).casefold()

    pairs, missed, extra = _match(list(gold["entities"]), list(pred["entities"]), same)
    score.counts["entities"] = Counts(len(pairs), len(extra), len(missed))

    def describe(e: Mapping[str, Any]) -> str:
        surfaces = [*(e.get("mentions") or []), str(e["name"])]
        return f"{e['name']} ({e['type']}) | {_sentence_with(body, surfaces)}"

    score.misses += [("entities", describe(e)) for e in missed]
    score.false_positives += [("entities", describe(e)) for e in extra]


def _dates(score: ArticleScore, gold: Gold, pred: Gold, body: str) -> None:
    def same(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
        if g["value"] != p["value"]:
            return False
        gs, ps = _spans(body, g["text"]), _spans(body, p["text"])
        return _overlap(gs, ps) > 0 or g["text"] in p["text"] or p["text"] in g["text"]

    ignored = [s for text in gold.get("dates_ignored", []) for s in _spans(body, text)]
    pairs, missed, extra = _match(list(gold["dates"]), list(pred["dates"]), same)
    extra = [p for p in extra if _overlap(_spans(body, p["text"]), ignored) <= 0]
    score.counts["dates"] = Counts(len(pairs), len(extra), len(missed))

    def describe(d: Mapping[str, Any]) -> str:
        return f"{d['text']} = {d['value']} | {_sentence_with(body, [d['text']])}"

    score.misses += [("dates", describe(d)) for d in missed]
    score.false_positives += [("dates", describe(d)) for d in extra]


def _events(score: ArticleScore, gold: Gold, pred: Gold, body: str, norm: Normalize) -> None:
    def treaty(e: Mapping[str, Any]) -> str | None:
        return norm(e["treaty"]) if e.get("treaty") else None

    def same_place(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
        """Everything the scorer checks but the type."""
        if treaty(g) != treaty(p):
            return False
        if g.get("date") and g["date"] != p.get("date"):
            return False
        return _overlap(_sentence_of(body, g["evidence"]), _sentence_of(body, p["evidence"])) > 0

    def same(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
        return bool(g["type"] == p["type"] and same_place(g, p))

    pairs, missed, extra = _match(list(gold["events"]), list(pred["events"]), same)
    score.counts["events"] = Counts(len(pairs), len(extra), len(missed))
    _event_types(score, pairs, missed, extra)
    retyped, unmatched, spurious = _match(missed, extra, same_place)
    score.confusion.update((g["type"], p["type"]) for g, p in [*pairs, *retyped])
    score.confusion.update((g["type"], MISSED) for g in unmatched)
    score.confusion.update((SPURIOUS, p["type"]) for p in spurious)
    actors = Counts()
    for g, p in pairs:
        gold_actors = {norm(a) for a in g.get("actors", [])}
        pred_actors = {norm(a) for a in p.get("actors", [])}
        actors.add(
            Counts(
                len(gold_actors & pred_actors),
                len(pred_actors - gold_actors),
                len(gold_actors - pred_actors),
            )
        )
        score.modality_matched += 1
        score.modality_correct += g.get("modality") == p.get("modality")
    score.counts["event_actors"] = actors

    def describe(e: Mapping[str, Any]) -> str:
        return f"{e['type']} [{e.get('modality')}] treaty={e.get('treaty')} date={e.get('date')} | {e['evidence']}"

    found_as = {id(g): p["type"] for g, p in retyped}
    score.misses += [
        ("events", describe(e) + (f" (found as {found_as[id(e)]})" if id(e) in found_as else ""))
        for e in missed
    ]
    score.false_positives += [("events", describe(e)) for e in extra]


def _event_types(
    score: ArticleScore, pairs: list[tuple[Any, Any]], missed: list[Any], extra: list[Any]
) -> None:
    """Per-type counts: a match under its type, a miss under the gold type, a false
    positive under the predicted type."""

    def counts(event_type: str) -> Counts:
        return score.event_types.setdefault(str(event_type), Counts())

    for g, _ in pairs:
        counts(g["type"]).tp += 1
    for g in missed:
        counts(g["type"]).fn += 1
    for p in extra:
        counts(p["type"]).fp += 1


def _quotes(score: ArticleScore, gold: Gold, pred: Gold, body: str, norm: Normalize) -> None:
    def same(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
        if norm(g["speaker"]) != norm(p["speaker"]):
            return False
        needed = 0.9 * len(g["quote"])
        return _overlap(_spans(body, g["quote"]), _spans(body, p["quote"])) >= needed

    pairs, missed, extra = _match(list(gold["quotes"]), list(pred["quotes"]), same)
    score.counts["quotes"] = Counts(len(pairs), len(extra), len(missed))

    def describe(q: Mapping[str, Any]) -> str:
        return f"{q['speaker']}: {q['quote']} | {_sentence_with(body, [q['quote']])}"

    score.misses += [("quotes", describe(q)) for q in missed]
    score.false_positives += [("quotes", describe(q)) for q in extra]


def score_article(
    name: str, body: str, gold: Gold, pred: Gold, *, normalize: Normalize | None = None
) -> ArticleScore:
    """Score one article's prediction against its gold annotation.

    Args:
        name: The article's name, for reports.
        body: The article body both annotations refer to.
        gold: The gold annotation (corpus format).
        pred: The prediction in the same format.
        normalize: Maps a name to a comparable key (e.g. the KB entity it resolves to);
            defaults to case folding.
    """
    norm = normalize or (lambda s: s.casefold())
    score = ArticleScore(name)
    _entities(score, gold, pred, body, norm)
    _dates(score, gold, pred, body)
    _events(score, gold, pred, body, norm)
    _quotes(score, gold, pred, body, norm)
    return score


def alias_normalizer(aliases: Iterable[tuple[str, str]]) -> Normalize:
    """A normalizer that maps every KB label and alias to its entity key."""
    table = {label.casefold(): key for label, key in aliases}

    def normalize(name: str) -> str:
        folded = name.strip().casefold()
        return table.get(folded) or table.get(folded.removeprefix("the ")) or folded

    return normalize


def evaluate(
    paths: Iterable[str | Path], gold_dir: Path, lexicon: Lexicon
) -> tuple[Report, list[Failure]]:
    """Extract every article under `paths` and score it against `gold_dir/<name>.json`.

    Names are matched through the KB: a gold "Sergei Lavrov" and a linked "Sergey
    Lavrov" are the same entity. Articles without a readable gold file are failures.
    """
    from treatykg.ingest.extract import to_gold
    from treatykg.pipeline import Failure, extract_paths

    normalize = alias_normalizer(
        [(e.label, e.entity_key) for e in lexicon.entries]
        + [(i.label, i.key) for i in lexicon.info.values()]
    )
    failures: list[Failure] = []
    scores = []
    for name, extraction in extract_paths(paths, lexicon, failures=failures):
        gold_path = gold_dir / f"{name}.json"
        if not gold_path.exists():
            failures.append(Failure(name, f"no gold file {gold_path}; skipped"))
            continue
        try:
            gold = load_gold(gold_path)
        except ValueError as err:
            failures.append(Failure(name, str(err)))
            continue
        body = extraction.article.body
        scores.append(score_article(name, body, gold, to_gold(extraction), normalize=normalize))
    return Report(scores), failures
