"""Direct quotations and who said them.

A quotation is attributed by the clause around it: quote-then-attribution ("...," Roe
said), attribution-then-quote (Roe said: "..."), a partial quote inside indirect speech
(Roe stressed that the deal was "dead,"), or a continuation of the previous speaker's
quote in the next sentence or paragraph. Quoted words with no attributable speaker
(scare quotes, titles) are not quotes: a quote without a speaker would be an orphan fact.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from treatykg.ingest.cues import SPEECH_VERBS, SPEECH_WORDS, TITLE_WORDS
from treatykg.ingest.entities import ArticleEntities
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import Sentence, quotations, word_set
from treatykg.ingest.timex import Timex

__all__ = ["Quote", "find_quotes", "speech_occasions", "subject_of_speech"]

_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_SPEAKER_TYPES = ("Person", "Organization", "State")
_NEW_CLAUSE = re.compile(r"(?:while|and|but|as|whereas|although)\b")
_UNNAMED_ROLE = re.compile(
    rf"\s(?:[\w-]+\s)?(?:{'|'.join(map(re.escape, sorted(TITLE_WORDS, key=len, reverse=True)))})\s*$",
    re.IGNORECASE,
)
_APPOSITIVE = re.compile(r",\s[^,;.“”\"]{3,80},\s(?:\w+ly\s)?")
_PRONOUN_OBJECT = re.compile(r"\s(?:him|her)\b")
_SUBJECT_PRONOUN = re.compile(r"\b(?:they|They|we|We|it|It|I)\s$")
_COORDINATED = re.compile(r"\b(?:and|but)\s(?:also\s|then\s)?$")
_STATEMENT_SUBJECT = re.compile(r"(?:the|The|a|its)\s(?:\w+\s)?statement\b")
_LEAD = re.compile(r"[\s,.!?—–-]*")
_TODAY = re.compile(r"\btoday\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words (without the marks) and the entity they are attributed to.

    `how` records where the speaker was read ("after", "before", "continuation"), so a
    reviewer can weigh a continuation, the least direct reading, accordingly.
    """

    span: Span
    text: str
    speaker: str
    sentence: Span
    how: str
    date: str | None = None


class _Quoted:
    """Quotations, asked in log time whether a position lies in one, and which of them
    overlap a span (a quote-dense article must not cost its quotes once per question)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = sorted(spans, key=lambda q: q.start)
        self.starts = [q.start for q in self.spans]
        self.reach = list(itertools.accumulate((q.end for q in self.spans), max))

    def holds(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and self.reach[index] > position

    def overlapping(self, span: Span) -> list[Span]:
        """The quotations overlapping `span`, by start (ties in the order given)."""
        first = bisect.bisect_right(self.reach, span.start)
        last = bisect.bisect_left(self.starts, span.end)
        return [q for q in self.spans[first:last] if q.end > span.start]


def _subject_of(people: Iterator[Mention], sentences: Sequence[Sentence]) -> str | None:
    """Of people named (latest first), the first one the sentence of the latest names."""
    latest = next(people, None)
    if latest is None:
        return None
    index = bisect.bisect_right(sentences, latest.span.start, key=_sentence_start) - 1
    if index < 0 or latest.span.start >= sentences[index].span.end:
        return latest.entity_key
    sentence, first = sentences[index].span, latest
    for m in people:  # walking back to the sentence's start
        if m.span.start < sentence.start:
            break
        first = m
    return first.entity_key


def _sentence_start(sentence: Sentence) -> int:
    return sentence.span.start


# Words inside titles that are no titles themselves ("foreign ministry spokesman").
_TITLE_FILLERS = word_set(
    """
    the a foreign ministry defence defense state affairs national security press former top
    senior chief assistant acting its his her their
    """
)


def _title_gap(text: str) -> bool:
    """Whether only an article or a title stands between a quote and its speaker
    ("its president, Argentine diplomat Jane Roe, told")."""
    return all(
        w[0].isupper() or w.lower() in TITLE_WORDS or w.lower() in _TITLE_FILLERS
        for w in text.replace(",", " ").split()
    )


class _Reader:
    """One article as the attribution rules see it: text, entities, quotations, sentences.

    `quotes` are disjoint and in text order, as `quotations` finds them. With
    `whole_article`, they are all of the article's, and the mentions outside them are
    filed once, so that looking back past many quoted names costs a lookup.
    """

    def __init__(
        self,
        body: str,
        entities: ArticleEntities,
        quotes: Sequence[Span],
        sentences: Sequence[Sentence],
        *,
        whole_article: bool = False,
    ) -> None:
        self.body = body
        self.entities = entities
        self.quoted = _Quoted(quotes)
        self.sentences = sentences
        self._outside: dict[tuple[str, ...], list[Mention]] | None = {} if whole_article else None
        self._previous: dict[int, str | None] = {}  # sentence index -> previous_speaker

    def speakers(self, start: int, end: int) -> list[Mention]:
        """Speaker-like mentions inside [start, end) that are not themselves quoted."""
        return [
            m
            for m in self.entities.within(Span(start, end))
            if m.entity_type in _SPEAKER_TYPES and not self.quoted.holds(m.span.start)
        ]

    def latest(self, position: int, types: tuple[str, ...]) -> Iterator[Mention]:
        """Mentions of `types` outside quotations ending at or before `position`, latest first."""
        if self._outside is None:  # few quotations: skipping the quoted ones costs little
            return (
                m
                for m in self.entities.latest(position, types)
                if not self.quoted.holds(m.span.start)
            )
        outside = self._outside.get(types)
        if outside is None:
            outside = [
                m
                for m in self.entities.latest(len(self.body), types)
                if not self.quoted.holds(m.span.start)
            ][::-1]
            self._outside[types] = outside
        index = bisect.bisect_left(outside, position, key=_mention_start)
        return (outside[i] for i in range(index - 1, -1, -1) if outside[i].span.end <= position)

    def pronoun(self, position: int) -> str | None:
        return _subject_of(self.latest(position, ("Person",)), self.sentences)

    def after(self, quote: Span, sentence: Span) -> str | None:
        """ "…,” Roe said. / "…," said Roe. / "…," he said. / "…," the statement reads."""
        body = self.body
        lead = _LEAD.match(body, quote.end + 1, sentence.end) if quote.end < sentence.end else None
        offset = lead.end() if lead else quote.end + 1
        rest = body[offset : min(sentence.end, offset + 80)]
        verb = _VERB.search(rest)
        if verb is None or verb.start() > 60 or _NEW_CLAUSE.match(rest):
            return None  # "…,” while Doe said" opens a clause about someone else
        subject = self.speakers(offset, offset + verb.start())
        # "Kremlin spokesman Dmitry Peskov told ...": the body in the title is not the speaker.
        titled = [
            m
            for m in subject
            if m.entity_type == "Person" and _title_gap(body[offset : m.span.start])
        ]
        if titled:
            return titled[0].entity_key
        if subject and _title_gap(body[offset : subject[0].span.start]):
            if self.modifies_a_role(subject[0], offset + verb.start()):
                return None  # "a former U.S. negotiator said": someone unnamed, not the state
            return subject[0].entity_key
        if _PRONOUN.match(body, offset):
            return self.pronoun(offset)
        if _STATEMENT_SUBJECT.match(rest):
            prior = next(self.latest(offset, _SPEAKER_TYPES), None)
            return prior.entity_key if prior else None
        if verb.start() > 0:
            return None
        # "…," said Roe: the speaker follows the verb closely.
        start = offset + verb.end()
        inverted = self.speakers(start, start + 60)
        if inverted and body[start : inverted[0].span.start].strip(" ,").count(" ") <= 2:
            return inverted[0].entity_key
        return None

    def before(self, quote: Span, sentence: Span) -> str | None:
        """Roe said: “…” / Roe stressed that the deal was “dead” / according to Roe, “…”."""
        body = self.body
        head_end = quote.start - 1
        owner = re.search(r"(\S+)(?:’s|'s)\s$", body[max(sentence.start, head_end - 40) : head_end])
        if owner:  # Roe's “reset”
            owner_end = head_end - len(owner[0]) + len(owner[1])
            for m in self.entities.ending_at(owner_end):
                if m.entity_type == "Person":
                    return m.entity_key
        # The attribution stands after any quotation earlier in the sentence (quotations
        # are disjoint and in order: the last one ending before this quote is the one).
        head_start = sentence.start
        earlier = bisect.bisect_left(self.quoted.reach, head_end) - 1
        if earlier >= 0 and self.quoted.spans[earlier].start >= sentence.start:
            head_start = max(head_start, self.quoted.spans[earlier].end + 1)
        verbs = list(_VERB.finditer(body, head_start, head_end))
        if not verbs:
            return None
        verb = verbs[-1]
        if verb[0].lower() == "according to":
            if _PRONOUN_OBJECT.match(body, verb.end()):  # "According to him, ..."
                return self.pronoun(verb.end())
            found = self.speakers(verb.end(), head_end)
            return found[0].entity_key if found else None
        candidates = self.speakers(head_start, verb.start())
        if verb[0].endswith("ing") or _COORDINATED.search(body, head_start, verb.start()):
            # "Roe rejected the plan, saying ..." / "Roe said Doe was ready, but warned:":
            # the verb shares the sentence's subject, the first person it names.
            people = [m for m in candidates if m.entity_type == "Person"]
            if people:
                return people[0].entity_key
        pronouns = list(_PRONOUN.finditer(body, head_start, verb.start()))
        if pronouns and (not candidates or pronouns[-1].start() > candidates[-1].span.start):
            return self.pronoun(pronouns[-1].start())
        if candidates:
            # "Doe's assertion ... Roe said:": the person nearest the verb is its subject,
            # unless it stands in an appositive ("Roe, the sister of Doe, warned").
            people = [m for m in candidates if m.entity_type == "Person"]
            if people and _APPOSITIVE.fullmatch(body, people[0].span.end, verb.start()):
                return people[0].entity_key
            near = people and people[-1].span.end > verb.start() - 40
            return (people[-1] if near else candidates[-1]).entity_key
        if _SUBJECT_PRONOUN.search(body, max(head_start, verb.start() - 6), verb.start()):
            return None  # "they said Russia “alone” ...": Russia is what was said, not who
        inverted = self.speakers(verb.end(), head_end)
        return inverted[0].entity_key if inverted else None

    def previous_speaker(self, sentence: Sentence) -> str | None:
        """A bare quote continues the sentence before when that one reports speech.

        Read once per sentence: a sentence of many bare quotes asks once per quote.
        """
        index = bisect.bisect_left(self.sentences, sentence.span.start, key=_sentence_start)
        if index not in self._previous:
            self._previous[index] = self._speaker_of_previous(index)
        return self._previous[index]

    def _speaker_of_previous(self, index: int) -> str | None:
        if index == 0:
            return None
        previous = self.sentences[index - 1].span
        unquoted = "".join(self.body[a:b] for a, b in _unquoted(previous, self.quoted))
        if not _VERB.search(unquoted):
            return None
        found = self.speakers(previous.start, previous.end)
        people = [m for m in found if m.entity_type == "Person"]
        chosen = people or [m for m in found if not self.modifies_a_role(m, previous.end)]
        return chosen[0].entity_key if chosen else None

    def modifies_a_role(self, mention: Mention, limit: int) -> bool:
        """ "a former U.S. negotiator": the state names whom an unnamed person serves."""
        verb = _VERB.search(self.body, mention.span.end, limit)
        tail = self.body[mention.span.end : verb.start() if verb else limit]
        return mention.entity_type == "State" and _UNNAMED_ROLE.match(tail) is not None


def subject_of_speech(
    body: str, entities: ArticleEntities, sentence: Span, quotes: Sequence[Span]
) -> str | None:
    """Who speaks in a sentence reporting speech: the person named nearest before its
    first speech verb outside quotations ("Doe's plan, Roe said"), else right after it
    ("said Roe")."""
    return _speaker(_Reader(body, entities, quotes, ()), sentence)


def _speaker(reader: _Reader, sentence: Span) -> str | None:
    body = reader.body
    for a, b in _unquoted(sentence, reader.quoted):
        verb = _VERB.search(body, a, b)
        if verb is None:
            continue
        before = reader.speakers(sentence.start, verb.start())
        people = [m for m in before if m.entity_type == "Person"]
        if people or before:
            return (people or before)[-1].entity_key
        if _PRONOUN.match(body, sentence.start):  # "He pointed out that ..."
            return _subject_of(reader.latest(sentence.start, ("Person",)), ())
        if verb[0].lower() == "according to" and _PRONOUN_OBJECT.match(body, verb.end()):
            # "According to him, ..."
            return _subject_of(reader.latest(verb.start(), ("Person",)), ())
        after = reader.speakers(verb.end(), min(sentence.end, verb.end() + 40))
        return after[0].entity_key if after else None
    return None


def speech_occasions(
    body: str,
    sentences: Sequence[Sentence],
    entities: ArticleEntities,
    timexes: Sequence[Timex],
    quotes: Sequence[Quote],
) -> dict[str, set[str]]:
    """The days on which the article reports each speaker speaking (speaker key -> days).

    A sentence like "Roe told reporters on Friday" dates an occasion; quotes with dates
    count too.
    """
    reader = _Reader(body, entities, [q.span for q in quotes], (), whole_article=True)
    days: dict[str, set[str]] = {}
    for quote in quotes:
        if quote.date:
            days.setdefault(quote.speaker, set()).add(quote.date)
    days_named = [
        t
        for t in timexes
        if t.precision == "day"
        and t.value
        and not t.dateline
        and not reader.quoted.holds(t.span.start)
    ]
    starts = [t.span.start for t in days_named]
    for sentence in sentences:
        span = sentence.span
        first, last = bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)
        dated = [t.value for t in days_named[first:last] if t.value]
        if len(set(dated)) != 1:
            continue
        speaker = _speaker(reader, span)
        if speaker is not None:
            days.setdefault(speaker, set()).add(dated[0])
    return days


def _unquoted(span: Span, quoted: _Quoted) -> list[tuple[int, int]]:
    pieces, start = [], span.start
    for q in quoted.overlapping(span):
        pieces.append((start, max(start, q.start)))
        start = min(span.end, q.end)
    pieces.append((start, span.end))
    return pieces


class _DaysNamed:
    """The dates of single days that date a report (no dateline), by position."""

    def __init__(self, timexes: Sequence[Timex]) -> None:
        self.timexes = sorted(
            (t for t in timexes if t.value and not t.dateline and t.precision == "day"),
            key=lambda t: t.span.start,
        )

    def first(self, quote: Span, sentence: Span) -> str | None:
        """The first in the sentence outside the quote."""
        first = bisect.bisect_left(self.timexes, sentence.start, key=_timex_start)
        for index in range(first, len(self.timexes)):
            timex = self.timexes[index]
            if timex.span.start >= sentence.end:
                break
            if not quote.start <= timex.span.start < quote.end:
                return timex.value
        return None


def _date_for(
    quote: Span, sentence: Span, days: _DaysNamed, body: str, published: date | None
) -> str | None:
    found = days.first(quote, sentence)
    if found is not None:
        return found
    if published and _TODAY.search(body, quote.start, quote.end):
        return published.isoformat()
    return None


def find_quotes(
    body: str,
    sentences: Sequence[Sentence],
    entities: ArticleEntities,
    timexes: Sequence[Timex],
    published: date | None,
) -> list[Quote]:
    """Every attributable direct quotation in the body, in text order."""
    spans = quotations(body)
    reader = _Reader(body, entities, spans, sentences, whole_article=True)
    days = _DaysNamed(timexes)
    verbs = _VerbsAround(body)
    starts = [s.span.start for s in sentences]
    ends = [s.span.end for s in sentences]
    found: list[Quote] = []
    last: Quote | None = None
    last_paragraph = -2
    for span in spans:
        index = bisect.bisect_right(starts, span.start - 1) - 1
        if index < 0 or span.start - 1 >= ends[index]:
            continue
        sentence = sentences[index]
        # The attribution of a quote spanning several sentences may sit after its end.
        index = bisect.bisect_left(ends, span.end)
        end_sentence = (
            sentences[index] if index < len(sentences) and starts[index] <= span.end else sentence
        )
        whole = Span(sentence.span.start, max(end_sentence.span.end, sentence.span.end))
        speaker, how = reader.after(span, whole), "after"
        if speaker is None:
            speaker, how = reader.before(span, sentence.span), "before"
        if speaker is None and not verbs.found(sentence.span.start, span, whole.end):
            how = "continuation"
            # A bare quote right after a quoted sentence goes on with that quote's speaker.
            follows_quote = last is not None and 0 <= sentence.span.start - last.sentence.end <= 2
            speaker = last.speaker if last is not None and follows_quote else None
            speaker = speaker or reader.previous_speaker(sentence)
            if speaker is None and last is not None and sentence.paragraph - last_paragraph <= 1:
                speaker = last.speaker
        if speaker is None:
            continue
        quote_date = _date_for(span, sentence.span, days, body, published)
        if quote_date is None and how == "continuation" and last is not None:
            quote_date = last.date
        quote = Quote(span, body[span.start : span.end], speaker, sentence.span, how, quote_date)
        found.append(quote)
        last, last_paragraph = quote, sentence.paragraph
    return found


class _VerbsAround:
    """Whether a speech verb stands in the text of a sentence once a quotation and its
    marks are cut out of it, asked for each quotation of the sentence.

    The verbs of the sentence are found once. One wholly before the opening mark or
    wholly after the closing one is there whatever is cut out; only a verb that would
    run into the place of the cut is read anew, in a few characters around it. (Cutting
    the text anew for each quotation would cost a sentence of many short quotations its
    length once per quotation.)
    """

    _REACH = max(map(len, SPEECH_WORDS)) + 2  # farther off, the cut cannot touch a verb

    def __init__(self, body: str) -> None:
        self.body = body
        self.stretch = (-1, -1)
        self.verbs: list[tuple[int, int]] = []

    def found(self, start: int, quote: Span, end: int) -> bool:
        body = self.body
        if self.stretch != (start, end):
            self.stretch = (start, end)
            self.verbs = [
                (start + m.start(), start + m.end()) for m in _VERB.finditer(body[start:end])
            ]
        before, after = quote.start - 1, quote.end + 1  # where the marks are cut
        if self.verbs and (self.verbs[0][1] < before or self.verbs[-1][0] > after):
            return True
        left = body[max(start, before - self._REACH) : before]
        joined = left + body[after : max(after, min(end, after + self._REACH))]
        cut = len(left)
        return any(m.start() <= cut <= m.end() for m in _VERB.finditer(joined))


def _mention_start(mention: Mention) -> int:
    return mention.span.start


def _timex_start(timex: Timex) -> int:
    return timex.span.start
