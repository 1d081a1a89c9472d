"""The extraction pipeline: one article in, every fact read from it out, as plain records.

`extract` runs the stages in order (sentences, entities, dates, quotes, events); each
stage is a function of the body and the earlier stages' output, so any of them can be
run and tested alone. `to_gold` writes the result in the evaluation corpus's JSON shape.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from treatykg.ingest.document import Document
from treatykg.ingest.entities import find_entities
from treatykg.ingest.events import Event, date_by_occasion, find_events
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.quotes import Quote, find_quotes, speech_occasions
from treatykg.ingest.records import Article, Entity, Mention
from treatykg.ingest.text import Sentence, segment
from treatykg.ingest.timex import Timex, find_timexes

__all__ = ["Extraction", "extract", "to_gold"]


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article; offsets point into `article.body`."""

    article: Article
    sentences: tuple[Sentence, ...]
    entities: dict[str, Entity]
    mentions: tuple[Mention, ...]
    timexes: tuple[Timex, ...]
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]

    @property
    def unresolved_dates(self) -> int:
        return sum(1 for t in self.timexes if t.value is None)

    @property
    def unlinked(self) -> int:
        return sum(1 for e in self.entities.values() if not e.linked)

    def sentence_of(self, position: int) -> Sentence | None:
        index = bisect.bisect_right(self.sentences, position, key=lambda s: s.span.start) - 1
        if index >= 0 and position < self.sentences[index].span.end:
            return self.sentences[index]
        return None


def extract(article: Article, lexicon: Lexicon) -> Extraction:
    """Run every extraction stage over one article.

    >>> from treatykg.ingest.lexicon import LexiconEntry
    >>> from datetime import date
    >>> lex = Lexicon.from_entries([LexiconEntry("New START", "treaty/new-start", "Treaty"),
    ...                             LexiconEntry("Moscow", "state/russia", "State", True)])
    >>> found = extract(Article("Moscow suspended New START on Friday.", published=date(2023, 2, 24)), lex)
    >>> [(e.type, e.modality, e.treaty, e.date) for e in found.events]
    [('suspension', 'actual', 'treaty/new-start', '2023-02-24')]
    """
    body = article.body
    sentences = segment(body)
    entities = find_entities(body, sentences, lexicon, published=article.published)
    timexes = find_timexes(body, sentences, article.published)
    quotes = find_quotes(body, sentences, entities, timexes, article.published)
    doc = Document(
        body,
        tuple(sentences),
        entities,
        tuple(timexes),
        tuple(quotes),
        article.published,
        lexicon.treaty_years,
        lookup=lexicon.lookup,
        demonyms=lexicon.demonyms,
    )
    events = find_events(doc)
    occasions = speech_occasions(body, sentences, entities, timexes, quotes)
    events, quotes = date_by_occasion(events, quotes, occasions)
    return Extraction(
        article,
        tuple(sentences),
        entities.entities,
        tuple(entities.mentions),
        tuple(timexes),
        tuple(quotes),
        tuple(events),
    )


def to_gold(extraction: Extraction) -> dict[str, Any]:
    """The extraction in the evaluation corpus's gold JSON format (see docs/extraction.md)."""
    body = extraction.article.body
    names = {key: entity.name for key, entity in extraction.entities.items()}
    surfaces: dict[str, dict[str, None]] = {}  # entity key -> its surfaces, in text order
    for m in extraction.mentions:
        surfaces.setdefault(m.entity_key, {})[m.surface] = None
    entities = []
    for key, entity in extraction.entities.items():
        entities.append(
            {
                "name": entity.name,
                "type": entity.type,
                "mentions": list(surfaces.get(key, {})),
                "id": key,
                "linked": entity.linked,
            }
        )
    # Each distinct date once, in text order (a dict keeps the first of equal ones).
    seen = {(t.text, t.value, t.anchor): None for t in extraction.timexes}
    dates = [{"text": text, "value": value, "anchor": anchor} for text, value, anchor in seen]
    events = []
    for event in extraction.events:
        events.append(
            {
                "type": event.type,
                "actors": [names.get(key, key) for key, _ in event.actors],
                "treaty": names.get(event.treaty, event.treaty) if event.treaty else None,
                "date": event.date,
                "modality": event.modality,
                "evidence": body[event.sentence.start : event.sentence.end],
                "confidence": event.confidence,
            }
        )
        if event.content is not None:
            events[-1]["content"] = body[event.content.start : event.content.end]
    quotes = [
        {"speaker": names.get(q.speaker, q.speaker), "quote": q.text, "date": q.date}
        for q in extraction.quotes
    ]
    published = extraction.article.published
    return {
        "published": published.isoformat() if published else None,
        "entities": entities,
        "dates": dates,
        "events": events,
        "quotes": quotes,
        "dates_ignored": [],
    }
