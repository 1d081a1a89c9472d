"""Direct quotations and who said them.

A quotation is attributed by the clause around it: quote-then-attribution ("...," Roe
said), attribution-then-quote (Roe said: "..."), a partial quote inside indirect speech
(Roe stressed that the deal was "dead,"), or a continuation of the previous speaker's
quote in the next sentence or paragraph. Quoted words with no attributable speaker
(scare quotes, titles) are not quotes: a quote without a speaker would be an orphan fact.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from treatykg.ingest.cues import SPEECH_VERBS, TITLE_WORDS
from treatykg.ingest.entities import ArticleEntities
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import Sentence, quotations, word_set
from treatykg.ingest.timex import Timex

__all__ = ["Quote", "find_quotes", "resolve_pronoun", "speech_occasions", "subject_of_speech"]

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


def _outside(mention: Mention, quotes: Sequence[Span]) -> bool:
    return not any(q.start <= mention.span.start < q.end for q in quotes)


def resolve_pronoun(
    entities: ArticleEntities,
    position: int,
    inside: Sequence[Span],
    sentences: Sequence[Sentence] = (),
) -> str | None:
    """The person a he/she at `position` refers to.

    News attributes a follow-up quote to the subject of the sentence before, so the
    first person named (outside quotes) in the latest sentence that names one wins over
    the latest person named: in "Roe said she had agreed with Doe. 'Done,' she added."
    "she" is Roe.
    """
    people = [m for m in entities.before(position, ("Person",)) if _outside(m, inside)]
    if not people:
        return None
    latest = people[0]
    for sentence in sentences:
        if sentence.span.start <= latest.span.start < sentence.span.end:
            same = [m for m in people if sentence.span.start <= m.span.start < sentence.span.end]
            return min(same, key=lambda m: m.span.start).entity_key
    return latest.entity_key


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


@dataclass(frozen=True)
class _Reader:
    """One article as the attribution rules see it: text, entities, quotations, sentences."""

    body: str
    entities: ArticleEntities
    quotes: Sequence[Span]
    sentences: Sequence[Sentence]

    def speakers(self, start: int, end: int) -> list[Mention]:
        """Speaker-like mentions inside [start, end) that are not themselves quoted."""
        return [
            m
            for m in self.entities.within(Span(start, end))
            if m.entity_type in _SPEAKER_TYPES and _outside(m, self.quotes)
        ]

    def pronoun(self, position: int) -> str | None:
        return resolve_pronoun(self.entities, position, self.quotes, self.sentences)

    def after(self, quote: Span, sentence: Span) -> str | None:
        """ "…,” Roe said. / "…," said Roe. / "…," he said. / "…," the statement reads."""
        body = self.body
        lead = re.match(r"[\s,.!?—–-]*", body[quote.end + 1 : sentence.end])
        offset = quote.end + 1 + (lead.end() if lead else 0)
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
            prior = [
                m for m in self.entities.before(offset, _SPEAKER_TYPES) if _outside(m, self.quotes)
            ]
            return prior[0].entity_key if prior else None
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
            for m in self.entities.mentions:
                if m.entity_type == "Person" and m.span.end == owner_end:
                    return m.entity_key
        earlier = [q.end + 1 for q in self.quotes if sentence.start <= q.start and q.end < head_end]
        head_start = max([sentence.start, *earlier])
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
        """A bare quote continues the sentence before when that one reports speech."""
        index = self.sentences.index(sentence)
        if index == 0:
            return None
        previous = self.sentences[index - 1].span
        unquoted = "".join(self.body[a:b] for a, b in _unquoted(previous, self.quotes))
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
    for a, b in _unquoted(sentence, quotes):
        verb = _VERB.search(body, a, b)
        if verb is None:
            continue
        reader = _Reader(body, entities, quotes, ())
        before = reader.speakers(sentence.start, verb.start())
        people = [m for m in before if m.entity_type == "Person"]
        if people or before:
            return (people or before)[-1].entity_key
        if _PRONOUN.match(body, sentence.start):  # "He pointed out that ..."
            return resolve_pronoun(entities, sentence.start, quotes)
        if verb[0].lower() == "according to" and _PRONOUN_OBJECT.match(body, verb.end()):
            return resolve_pronoun(entities, verb.start(), quotes)  # "According to him, ..."
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
    spans = [q.span for q in quotes]
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
        and not any(q.start <= t.span.start < q.end for q in spans)
    ]
    starts = [t.span.start for t in days_named]
    for sentence in sentences:
        span = sentence.span
        first, last = bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)
        dated = [t.value for t in days_named[first:last] if t.value]
        if len(set(dated)) != 1:
            continue
        speaker = subject_of_speech(body, entities, span, spans)
        if speaker is not None:
            days.setdefault(speaker, set()).add(dated[0])
    return days


def _unquoted(span: Span, quotes: Sequence[Span]) -> list[tuple[int, int]]:
    pieces, start = [], span.start
    for q in sorted(quotes, key=lambda q: q.start):
        if q.end <= span.start or q.start >= span.end:
            continue
        pieces.append((start, max(start, q.start)))
        start = min(span.end, q.end)
    pieces.append((start, span.end))
    return pieces


def _date_for(
    quote: Span, sentence: Span, timexes: Sequence[Timex], body: str, published: date | None
) -> str | None:
    for timex in timexes:
        if (
            sentence.start <= timex.span.start < sentence.end
            and not (quote.start <= timex.span.start < quote.end)
            and timex.value
            and not timex.dateline
            and timex.precision == "day"
        ):
            return timex.value
    if published and re.search(r"\btoday\b", body[quote.start : quote.end], re.IGNORECASE):
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
    reader = _Reader(body, entities, spans, sentences)
    found: list[Quote] = []
    last: Quote | None = None
    last_paragraph = -2
    for span in spans:
        sentence = next((s for s in sentences if s.span.start <= span.start - 1 < s.span.end), None)
        if sentence is None:
            continue
        # The attribution of a quote spanning several sentences may sit after its end.
        end_sentence = next(
            (s for s in sentences if s.span.start <= span.end < s.span.end + 1), sentence
        )
        whole = Span(sentence.span.start, max(end_sentence.span.end, sentence.span.end))
        speaker, how = reader.after(span, whole), "after"
        if speaker is None:
            speaker, how = reader.before(span, sentence.span), "before"
        around = body[sentence.span.start : span.start - 1] + body[span.end + 1 : whole.end]
        if speaker is None and not _VERB.search(around):
            how = "continuation"
            # A bare quote right after a quoted sentence goes on with that quote's speaker.
            follows_quote = last is not None and 0 <= sentence.span.start - last.sentence.end <= 2
            speaker = last.speaker if last is not None and follows_quote else None
            speaker = speaker or reader.previous_speaker(sentence)
            if speaker is None and last is not None and sentence.paragraph - last_paragraph <= 1:
                speaker = last.speaker
        if speaker is None:
            continue
        quote_date = _date_for(span, sentence.span, timexes, body, published)
        if quote_date is None and how == "continuation" and last is not None:
            quote_date = last.date
        quote = Quote(span, body[span.start : span.end], speaker, sentence.span, how, quote_date)
        found.append(quote)
        last, last_paragraph = quote, sentence.paragraph
    return found
