"""One article as the extraction stages share it: the text, its sentences, tokens, mentions,
dates and quotations, each found once, with span indexes over them.

Like spaCy's `Doc`, a `Document` is built once per article (in `extract`) and read by the
later stages: none of them re-splits sentences, re-finds quotations or works out again who
speaks in a sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from treatykg.ingest.cues import folded
from treatykg.ingest.entities import ArticleEntities
from treatykg.ingest.lexicon import LexiconEntry
from treatykg.ingest.modality import ClauseMarks
from treatykg.ingest.quotes import Quote, SpeechSubjects
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.spans import SpanIndex
from treatykg.ingest.speech import titled_by
from treatykg.ingest.text import Sentence, Token, tokenize
from treatykg.ingest.timex import Timex
from treatykg.ingest.treaty_refs import described_treaties
from treatykg.ingest.triggers import lowered

__all__ = ["Document"]

_CAPITALIZED = re.compile(r"\b[A-Z][a-z]+\b")


@dataclass(frozen=True, eq=False)
class Document:
    """An article's text and every layer found in it; indexes are built on first use.

    >>> from treatykg.ingest.text import segment
    >>> body = "Moscow left. Kyiv stayed."
    >>> doc = Document(body, tuple(segment(body)), ArticleEntities({}, []), ())
    >>> doc.sentence_at(14).text(body), [t.text for t in doc.tokens][:3]
    ('Kyiv stayed.', ['Moscow', 'left', '.'])
    """

    body: str
    sentences: tuple[Sentence, ...]
    entities: ArticleEntities
    timexes: tuple[Timex, ...]
    quotes: tuple[Quote, ...] = ()
    published: date | None = None
    treaty_years: Mapping[str, int] = field(default_factory=dict)
    # The KB entry a name spells ("NPT" in "the NPT Review Conference"), when known.
    lookup: Callable[[str], LexiconEntry | None] | None = None
    # The state each demonym names ("French": France), for titles that give a nationality.
    demonyms: Mapping[str, str] = field(default_factory=dict)
    _speakers: dict[Span, str | None] = field(default_factory=dict, repr=False)

    @property
    def mentions(self) -> list[Mention]:
        return self.entities.mentions

    @functools.cached_property
    def lowered(self) -> str:
        """The body in lower case with plain spaces, offsets kept (what triggers match)."""
        return lowered(self.body)

    @functools.cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.body)

    @functools.cached_property
    def _sentence_index(self) -> SpanIndex[Sentence]:
        return SpanIndex(self.sentences, lambda s: (s.span.start, s.span.end))

    @functools.cached_property
    def _mention_index(self) -> SpanIndex[Mention]:
        return SpanIndex(self.entities.mentions, lambda m: (m.span.start, m.span.end))

    @functools.cached_property
    def _timex_index(self) -> SpanIndex[Timex]:
        return SpanIndex(self.timexes, lambda t: (t.span.start, t.span.end))

    @functools.cached_property
    def _quote_index(self) -> SpanIndex[Quote]:
        return SpanIndex(self.quotes, lambda q: (q.span.start, q.span.end))

    def sentence_at(self, position: int) -> Sentence | None:
        """The sentence holding a position of the body, if any."""
        return self._sentence_index.at(position)

    def mentions_in(self, span: Span) -> list[Mention]:
        """The mentions wholly inside `span`, in text order."""
        return self._mention_index.within(span)

    def timexes_in(self, span: Span) -> list[Timex]:
        """The dates wholly inside `span`, in text order."""
        return self._timex_index.within(span)

    def quotes_over(self, span: Span) -> list[Quote]:
        """The quotations sharing text with `span`, in the order found."""
        return self._quote_index.overlapping(span)

    def quoted(self, position: int) -> bool:
        """Whether a position of the body stands inside a quotation."""
        return bool(self._quote_index.overlapping(Span(position, position + 1)))

    def speaker_of(self, sentence: Span) -> str | None:
        """Who speaks in a sentence that reports speech (see `quotes.subject_of_speech`),
        worked out once per sentence however many stages ask."""
        try:  # one lookup when known (most asks are repeats)
            return self._speakers[sentence]
        except KeyError:
            speaker = self._speech_subjects.of(sentence)
            self._speakers[sentence] = speaker
            return speaker

    @functools.cached_property
    def sentence_mentions(self) -> tuple[tuple[Mention, ...], ...]:
        """The mentions of each sentence (`mentions_in` its span), in sentence order: read
        sentence by sentence by several stages, found once."""
        return tuple(tuple(self.mentions_in(s.span)) for s in self.sentences)

    @functools.cached_property
    def offices(self) -> dict[str, set[str]]:
        """For each person the text titles by a state ("U.S. President Joe Biden", "French
        President Macron"), the states: a state's name or its demonym opens the title.
        Found once, asked for every pair of event mentions compared (`restated`); only a
        sentence that names a person can title one."""
        found: dict[str, set[str]] = {}
        for sentence, mentions in zip(self.sentences, self.sentence_mentions, strict=True):
            people = [m for m in mentions if m.entity_type == "Person"]
            if not people:
                continue
            states = [(m.span, m.entity_key) for m in mentions if m.entity_type == "State"]
            states += [
                (Span(*w.span()), self.demonyms[w[0]])
                for w in _CAPITALIZED.finditer(self.body, sentence.span.start, sentence.span.end)
                if w[0] in self.demonyms
            ]
            for person in people:
                found.setdefault(person.entity_key, set()).update(
                    key for span, key in states if titled_by(self.body, span, person.span)
                )
        return found

    @functools.cached_property
    def described(self) -> dict[int, str]:
        """The treaty each sentence's unnamed description names, by the sentence's start
        (`treaty_refs.described_treaties`): read over the whole article, and only for an
        article where a trigger's object or subject is such a description."""
        return described_treaties(self.body, [s.span for s in self.sentences], self.mentions)

    @functools.cached_property
    def _speech_subjects(self) -> SpeechSubjects:
        """The article's quotations filed once for `speaker_of`."""
        return SpeechSubjects(self.body, self.entities, [q.span for q in self.quotes])

    @functools.cached_property
    def clause_marks(self) -> ClauseMarks:
        """The clause marks of the body, found once for every trigger's clause (its
        `clause_of`)."""
        return ClauseMarks(self.body)

    @functools.cached_property
    def folded(self) -> str | None:
        """The body `cues.folded` (None when a letter in it folds otherwise): where small
        ASCII words are looked for without IGNORECASE."""
        return folded(self.body)

    @functools.cached_property
    def sentence_order(self) -> dict[Span, int]:
        """Each sentence's place in the document, by its span: what the event stages ask
        of every event's sentence, built once for them all."""
        return {s.span: i for i, s in enumerate(self.sentences)}
