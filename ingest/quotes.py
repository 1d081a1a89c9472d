"""Direct quotations and who said them.

A quotation is attributed by the clause around it: quote-then-attribution ("...," Roe
said), attribution-then-quote (Roe said: "..."), a partial quote inside indirect speech
(Roe stressed that the deal was "dead,"), or a continuation of the previous speaker's
quote in the next sentence or paragraph. Quoted words with no attributable speaker
(scare quotes, titles) are not quotes: a quote without a speaker would be an orphan fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from treatykg.ingest.entities import TITLE_WORDS, ArticleEntities
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import Sentence, paragraphs
from treatykg.ingest.timex import Timex

__all__ = ["SPEECH_VERBS", "Quote", "find_quotes", "quote_spans", "resolve_pronoun"]

SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|added|adds|wrote|writes|noted|notes|warned|warns|"
    r"stressed|stresses|explained|argued|insisted|declared|announced|asked|replied|countered|"
    r"emphasized|emphasised|underlined|underscored|recalled|commented|claimed|continued|"
    r"concluded|urged|called|calls|reads|read|tweeted|posted|remarked|observed|acknowledged|"
    r"admitted|described|describing|calling|saying|adding|according\sto|pointed\sout|pointing\sout|"
    r"went\son|noting|stressing|warning|recalling|insisting|arguing"
)
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_SPEAKER_TYPES = ("Person", "Organization", "State")


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words (without the marks) and the entity they are attributed to.

    `how` records the attribution pattern ("after", "before", "continuation"), which
    also grades the confidence of the speaker.
    """

    span: Span
    text: str
    speaker: str
    sentence: Span
    how: str
    date: str | None = None


def quote_spans(body: str) -> list[Span]:
    """The spans between matching quotation marks, one per paragraph piece.

    Curly and straight marks both count; a quotation left open at the end of a paragraph
    ends there (the next paragraph reopens it, as news style does).

    >>> body = 'He said “It is over. We leave,” and "done."'
    >>> [body[s.start:s.end] for s in quote_spans(body)]
    ['It is over. We leave,', 'done.']
    """
    spans = []
    for para in paragraphs(body):
        open_at: int | None = None
        straight = False
        for i in range(para.start, para.end):
            ch = body[i]
            if ch == "“" and open_at is None:
                open_at, straight = i + 1, False
            elif ch == "”" and open_at is not None and not straight:
                spans.append(Span(open_at, i))
                open_at = None
            elif ch == '"':
                if open_at is None:
                    open_at, straight = i + 1, True
                elif straight:
                    spans.append(Span(open_at, i))
                    open_at = None
        if open_at is not None and para.end - open_at > 1:
            spans.append(Span(open_at, para.end))
    return [s for s in spans if s.end > s.start and body[s.start : s.end].strip()]


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


def _speaker_at(
    entities: ArticleEntities, start: int, end: int, quotes: Sequence[Span]
) -> Mention | None:
    """The first speaker-like mention inside [start, end) that is not inside a quote."""
    for mention in entities.mentions:
        if (
            start <= mention.span.start
            and mention.span.end <= end
            and mention.entity_type in _SPEAKER_TYPES
        ) and not any(q.start <= mention.span.start < q.end for q in quotes):
            return mention
    return None


def _after(
    body: str,
    entities: ArticleEntities,
    quote: Span,
    sentence: Span,
    quotes: Sequence[Span],
    sentences: Sequence[Sentence],
) -> str | None:
    """ "…,” Roe said. / "…," said Roe. / "…," he said. / "…," the statement reads."""
    tail_start = quote.end + 1
    tail = body[tail_start : min(sentence.end, tail_start + 90)]
    lead = re.match(r"[\s,.!?—–-]*", tail)
    offset = tail_start + (lead.end() if lead else 0)
    rest = body[offset : min(sentence.end, offset + 80)]
    verb = _VERB.search(rest)
    if verb is None or verb.start() > 60:
        return None
    before_verb = (offset, offset + verb.start())
    # "…,” while Doe said" opens a new clause about someone else.
    if re.match(r"(?:while|and|but|as|whereas|although)\b", rest):
        return None
    mention = _speaker_at(entities, *before_verb, quotes)
    if mention is not None and _title_gap(body[offset : mention.span.start]):
        return mention.entity_key
    if _PRONOUN.match(body, offset):
        return resolve_pronoun(entities, offset, quotes, sentences)
    if re.match(r"(?:the|The|a|its)\s(?:\w+\s)?statement\b", rest):
        prior = [
            m
            for m in entities.before(offset, ("Organization", "State", "Person"))
            if _outside(m, quotes)
        ]
        return prior[0].entity_key if prior else None
    if verb.start() > 0:
        return None
    after_verb = _speaker_at(entities, offset + verb.end(), offset + verb.end() + 60, quotes)
    if (
        after_verb is not None
        and not body[offset + verb.end() : after_verb.span.start].strip(" ,").count(" ") > 2
    ):
        return after_verb.entity_key
    return None


def _before(
    body: str,
    entities: ArticleEntities,
    quote: Span,
    sentence: Span,
    quotes: Sequence[Span],
    sentences: Sequence[Sentence],
) -> str | None:
    """Roe said: “…” / Roe stressed that the deal was “dead” / according to Roe, “…”."""
    head_end = quote.start - 1
    owner = re.search(r"(\S+)(?:’s|'s)\s$", body[max(sentence.start, head_end - 40) : head_end])
    if owner:
        for m in entities.mentions:
            if m.entity_type == "Person" and m.span.end == head_end - len(owner[0]) + len(owner[1]):
                return m.entity_key
    previous_quotes = [q for q in quotes if sentence.start <= q.start and q.end < head_end]
    head_start = max([sentence.start] + [q.end + 1 for q in previous_quotes])
    head = body[head_start:head_end]
    verbs = list(_VERB.finditer(head))
    if not verbs:
        return None
    verb = verbs[-1]
    verb_start = head_start + verb.start()
    if verb[0] == "according to":
        found = _speaker_at(entities, head_start + verb.end(), head_end, quotes)
        return found.entity_key if found else None
    # Subject: the latest speaker-like mention before the verb in this clause.
    candidates = [
        m
        for m in entities.mentions
        if head_start <= m.span.start
        and m.span.end <= verb_start
        and m.entity_type in _SPEAKER_TYPES
        and not any(q.start <= m.span.start < q.end for q in quotes)
    ]
    people = [m for m in candidates if m.entity_type == "Person"]
    pronoun = list(_PRONOUN.finditer(body, head_start, verb_start))
    if pronoun and (not candidates or pronoun[-1].start() > candidates[-1].span.start):
        return resolve_pronoun(entities, pronoun[-1].start(), quotes, sentences)
    if candidates:
        # "Trump's assertion ... Peskov said:" - the subject nearest the verb.
        chosen = people[-1] if people and people[-1].span.end > verb_start - 40 else candidates[-1]
        return chosen.entity_key
    inverted = _speaker_at(entities, verb_start + len(verb[0]), head_end, quotes)
    return inverted.entity_key if inverted else None


def _title_gap(text: str) -> bool:
    """Whether only an article or a title stands between a quote and its speaker."""
    return all(
        w[0].isupper() or w.lower() in TITLE_WORDS or w in ("the", "a") for w in text.split()
    )


def _previous_speaker(
    body: str,
    entities: ArticleEntities,
    sentence: Sentence,
    sentences: Sequence[Sentence],
    quotes: Sequence[Span],
) -> str | None:
    """A bare quote continues the sentence before when that one reports speech."""
    index = sentences.index(sentence)
    if index == 0:
        return None
    previous = sentences[index - 1]
    outside = "".join(body[a:b] for a, b in _unquoted(previous.span, quotes))
    if not _VERB.search(outside):
        return None
    people = [
        m
        for m in entities.within(previous.span)
        if m.entity_type in _SPEAKER_TYPES and _outside(m, quotes)
    ]
    persons = [m for m in people if m.entity_type == "Person"]
    chosen = persons[0] if persons else (people[0] if people else None)
    return chosen.entity_key if chosen else None


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
    spans = quote_spans(body)
    found: list[Quote] = []
    last: Quote | None = None
    last_paragraph = -2
    for span in spans:
        sentence = next((s for s in sentences if s.span.start <= span.start - 1 < s.span.end), None)
        if sentence is None:
            continue
        para = sentence.paragraph
        # The attribution of a quote spanning several sentences may sit after its end.
        end_sentence = next(
            (s for s in sentences if s.span.start <= span.end < s.span.end + 1), sentence
        )
        whole = Span(sentence.span.start, max(end_sentence.span.end, sentence.span.end))
        speaker = _after(body, entities, span, whole, spans, sentences)
        how = "after"
        if speaker is None:
            speaker, how = _before(body, entities, span, sentence.span, spans, sentences), "before"
        text_around = body[sentence.span.start : span.start - 1] + body[span.end + 1 : whole.end]
        if speaker is None and not _VERB.search(text_around):
            speaker, how = (
                _previous_speaker(body, entities, sentence, sentences, spans),
                "continuation",
            )
            if speaker is None and last is not None and para - last_paragraph <= 1:
                speaker = last.speaker
        if speaker is None:
            continue
        quote_date = _date_for(span, sentence.span, timexes, body, published)
        if quote_date is None and how == "continuation" and last is not None:
            quote_date = last.date
        quote = Quote(span, body[span.start : span.end], speaker, sentence.span, how, quote_date)
        found.append(quote)
        last, last_paragraph = quote, para
    return found
