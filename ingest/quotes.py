"""Direct quotations and who said them.

A quotation is attributed by the clause around it: quote-then-attribution ("...," Roe
said), attribution-then-quote (Roe said: "..."), a partial quote inside indirect speech
(Roe stressed that the deal was "dead,"), a partial quote coordinated with the one before
it ("reckless" and "dangerous"), or a continuation of the previous speaker's quote in the
next sentence or paragraph. The speaker is whom the text gives the words to: the subject
of the speech verb however long its appositive, the one an agency "quoted ... as saying",
the body behind "it added", "the statement said" or "the agency said". Quoted words with
no attributable speaker (scare quotes, titles, "a senior official said") are not quotes:
a quote without a named speaker would be an orphan fact.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from treatykg.ingest.cues import (
    SPEECH_VERBS,
    SPEECH_WORDS,
    TITLE_WORDS,
    cue_regex,
    inflections,
    load_resource,
    sought,
)
from treatykg.ingest.entities import ArticleEntities
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import Sentence, quotations, word_set
from treatykg.ingest.timex import Timex

__all__ = ["Quote", "SpeechSubjects", "find_quotes", "speech_occasions", "subject_of_speech"]

_VERB = re.compile(rf"(?<![\w-])(?:{SPEECH_VERBS})\b")  # not "so-called"
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_SPEAKER_TYPES = ("Person", "Organization", "State")
_NEW_CLAUSE = re.compile(r"(?:while|and|but|as|whereas|although)\b")
_UNNAMED_ROLE = re.compile(
    rf"\s(?:[\w-]+\s)?(?:{'|'.join(map(re.escape, sorted(TITLE_WORDS, key=len, reverse=True)))})\s*$",
    re.IGNORECASE,
)
_PRONOUN_OBJECT = re.compile(r"\s(?:him|her)\b")
_SUBJECT_PRONOUN = re.compile(r"\b(?:they|They|we|We|it|It|I)\s$")
_COORDINATED = re.compile(r"\b(?:and|but)\s(?:also\s|then\s)?$")
_STATEMENT_SUBJECT = re.compile(
    r"(?:the|The|a|its)\s(?:\w+\s)?(?:statement|communiqu[eé]|declaration|letter|note)\b"
)
# "a statement from the ministry": the body that issued the words speaks.
_STATEMENT_FROM = re.compile(
    r"\b(?:statement|communiqu[eé]|declaration|letter|note)\s(?:issued\s)?(?:from|by)\s"
)
# "Interfax quoted Roe as saying": the agency passes on Roe's words; "Roe was quoted by
# Interfax as saying": the subject's.
_QUOTED_AS = re.compile(
    r"\b(?:quoted|cited)\s(?!by\s)([^“”\"]{1,150}?)\sas\s(?:saying|telling|stating|writing)\b"
)
# Where such words open, looked for first: most sentences hold none (`_quoted_as`).
_QUOTED_AS_OPENS = sought(_QUOTED_AS)
_QUOTED_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|has\sbeen|had\sbeen)\s(?:\w+ly\s)?(?:quoted|cited)\s"
    r"(?:by\s[^“”\"]{1,80}?\s)?as\s(?:saying|telling|stating|writing)\b"
)
# What may stand between a subject and its speech verb: an adverb, or an appositive
# however long ("Roe, the deputy minister in charge of arms control, said").
_ADVERBS = (
    r"(?:(?:\w+ly|later|also|then|again|earlier|once|further|still|even|not|never|has|had|"
    r"have|would|will|could|did|does)\s+){0,3}"
)
_SUBJECT_GAP = re.compile(rf"\s+{_ADVERBS}|,\s[^“”\"]{{2,200}}?,\s+{_ADVERBS}")
_NAME_APPOSITIVE = re.compile(rf",\s+{_ADVERBS}")
_APPOSITIVE_GAP = re.compile(rf",\s[^“”\"]{{2,200}}?,\s+{_ADVERBS}")
# "the agency said": a body named by the head noun of its name.
_ROLE_BODY = re.compile(r"(?:the|The)\s(?:[a-z]+\s)?([a-z]+)\s$")
_IT = re.compile(r"(?:it|It)\b")
# "It added that", "…, and it also warned": "it" as the subject of a speech verb.
_IT_SUBJECT = re.compile(rf"(?:^|[,;]\s|\band\s)(?:it|It)\s+{_ADVERBS}$")
_UNNAMED_WORDS = "|".join(
    map(re.escape, sorted(TITLE_WORDS | {"source", "person", "insider"}, key=len, reverse=True))
)
# "a State Department spokesman said", "a spokeswoman for NATO said": the body speaks.
_SPOKESPERSON = re.compile(
    rf"\s+(?:spokes(?:man|woman|person|people)|press\s(?:secretary|service|office))\s+{_ADVERBS}"
)
_VOICE_OF = re.compile(r"\bspokes(?:man|woman|person|people)\s(?:for|of|at)\s(?:the\s)?$")
_SERVED = re.compile(rf"\b(?:{_UNNAMED_WORDS})s?\s(?:to|for|of|at|from|in)\s(?:the\s)?$", re.I)
# "a senior official said", "two diplomats told", "U.S. officials say": nobody named.
# "Putin's spokesman said": someone serving a named one, not named.
_UNNAMED_SUBJECT = re.compile(
    rf"(?:\b(?:an?|one|two|three|several|some|other|many|another)\s(?:[\w.-]+\s){{0,4}}?"
    rf"(?:{_UNNAMED_WORDS})s?|(?:{_UNNAMED_WORDS})s|(?:’s|'s)\s(?:[\w-]+\s){{0,2}}?"
    rf"(?:{_UNNAMED_WORDS}))(?:\s(?:who|with|familiar|close)\b.*)?\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
# Between two partial quotes that share a speaker: "“x” and “y”", "“x,” “y” and even “z”".
_COORDINATION_REACH = 60
_PHRASE_WORDS = 3  # a bare quote this long is a phrase someone said, not a name or term
_LEAD = re.compile(r"[\s,.!?—–-]*")
_ATTRIBUTION_CHARS = 60  # a sentence this short after a closed quote may attribute it
_AFTER_REACH = 260  # the attribution after a quote, long appositives included
_OWNER = re.compile(r"(?:’s|'s)\s((?:[\w-]+\s){0,3})$")
_BODY_TYPES = ("Organization", "State")
_ROLE_LOOKBACK = 20  # mentions of bodies looked at for "the agency"
_NAME_TAIL = re.compile(r"\s(?:of|on|for|to|in)\s.*")  # "conference[ on disarmament]"
_SO_CALLED = re.compile(r"\bso-called\s[“\"‘']$")
_TODAY = re.compile(r"\btoday\b", re.IGNORECASE)

# Documents that speak for their issuer, and the verbs of issuing one (resources/quotes.toml).
_QUOTE_DATA = load_resource("quotes.toml")
_DOC_NOUN = "(?P<noun>" + cue_regex(_QUOTE_DATA["documents"]["nouns"]) + ")"


def _forms(lemmas: list[str], forms: tuple[str, ...]) -> str:
    return cue_regex(sorted({w for lemma in lemmas for w in inflections(lemma, forms=forms)}))


_ISSUING = _QUOTE_DATA["documents"]["issuing_verbs"]
# "the council issued a statement", "should the board adopt a resolution"
_ISSUED = re.compile(
    _forms(_ISSUING, ("base", "s", "ed", "ing"))
    + r"\s(?:(?:a|an|the|its|their|his|her|this)\s)?(?:[\w-]+\s){0,3}?"
    + _DOC_NOUN
)
# "a statement issued by the council", "the resolution, adopted by the board,"
_ISSUED_BY = re.compile(
    _DOC_NOUN
    + r",?\s(?:(?:was|were|has\sbeen|had\sbeen|jointly|unanimously)\s)?"
    + _forms(_ISSUING, ("en",))
    + r"\sby\s"
)
# Between an issuer and its verb: adverbs, a weekday, an auxiliary ("the council on
# Friday issued", "the board has now adopted"); nothing that names another subject.
_ISSUER_GAP = re.compile(
    r"(?:\s(?:[a-z]+ly|also|on|in|last|this|has|have|had|would|will|jointly|now|today|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))*\s"
)
# A clause whose subject is a document: "The resolution urges", "Thursday's resolution
# also demanded", "In its letter, the joint declaration says". Not "the statement by X".
_DOC_OPENER = re.compile(
    r"[\s“\"‘']*(?:[A-Z][^,.;“”\"]{0,40},\s+)?"
    r"(?:[Tt]he|This|That|Its|Their|[A-Z][\w-]*(?:’s|'s))\s(?:[\w-]+\s){0,2}?"
    + _DOC_NOUN
    + r"(?!\s(?:by|from|of|issued)\b)"
)
_IT_OPENER = re.compile(r"[\s“\"‘']*It\s")
_DOC_SUBJECT = re.compile(r"(?:the|The|a|its|this)\s(?:[\w-]+\s)?" + _DOC_NOUN + rf"\s+{_ADVERBS}")
# Verbs whose complement reports their subject's words ("accused X of “y”").
_COMPLEMENT_VERB = re.compile(
    _forms(_QUOTE_DATA["complements"]["verbs"], ("base", "s", "ed", "ing"))
)


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words (without the marks) and the entity they are attributed to.

    `how` records where the speaker was read ("after", "before", "continuation": from
    the quote before it), so a reviewer can weigh a continuation, the least direct
    reading, accordingly.
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


def _quoted_as(body: str, start: int, end: int) -> re.Match[str] | None:
    """`_QUOTED_AS.search(body, start, end)`: the match at the first place where one
    opens, which a search of `_QUOTED_AS_OPENS` finds faster, as most spans hold none."""
    opens = _QUOTED_AS_OPENS.search(body, start, end)
    return None if opens is None else _QUOTED_AS.match(body, opens.start(), end)


def _sentence_start(sentence: Sentence) -> int:
    return sentence.span.start


# Words inside titles that are no titles themselves ("foreign ministry spokesman").
_TITLE_FILLERS = word_set(
    """
    the a of foreign ministry defence defense state affairs national security press former top
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
        self._issued: list[tuple[int, str, str]] | None = None  # see `issued`

    def speakers(self, start: int, end: int) -> list[Mention]:
        """Speaker-like mentions inside [start, end) that are not themselves quoted."""
        return [
            m
            for m in self.entities.within(Span(start, end))
            if m.entity_type in _SPEAKER_TYPES and not self.quoted.holds(m.span.start)
        ]

    def last_speaker(self, start: int, end: int) -> str | None:
        """The last person of `speakers(start, end)`, else the last of them: read from the
        end, so that the names before it are not each asked whether they are quoted."""
        fallback: str | None = None
        for m in reversed(self.entities.within(Span(start, end))):
            if m.entity_type not in _SPEAKER_TYPES or self.quoted.holds(m.span.start):
                continue
            if m.entity_type == "Person":
                return m.entity_key
            if fallback is None:
                fallback = m.entity_key
        return fallback

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
        """ "…,” Roe said. / "…," said Roe. / "…," he said. / "…," it added. / "…," the
        statement reads. / "…," the agency said. / "…," Interfax quoted Roe as saying."""
        body = self.body
        lead = _LEAD.match(body, quote.end + 1, sentence.end) if quote.end < sentence.end else None
        offset = lead.end() if lead else quote.end + 1
        end = min(sentence.end, offset + _AFTER_REACH)
        if _NEW_CLAUSE.match(body, offset, end):
            return None  # "…,” while Doe said" opens a clause about someone else
        passed_on = _quoted_as(body, offset, end)
        if passed_on and _title_gap(body[offset : passed_on.start()]):
            return self.passed_on(passed_on)
        passive = _QUOTED_PASSIVE.search(body, offset, end)
        if passive and (found := self.subject(offset, passive.start(), leading=True)):
            return found
        verb = _VERB.search(body, offset, end)
        issued = _STATEMENT_FROM.search(body, offset, verb.start() if verb else end)
        if issued:  # "…," in a statement issued by the council.
            issuers = self.speakers(issued.end(), min(end, issued.end() + 60))
            if issuers and _title_gap(body[issued.end() : issuers[0].span.start]):
                return issuers[0].entity_key
        if verb is None:
            return None
        if verb.start() == offset:  # "…," said Roe: the speaker follows the verb closely
            return self.inverted(verb.end(), end)
        head = body[offset : verb.start()]
        pronoun = _PRONOUN.match(body, offset) or _IT.match(body, offset)
        if pronoun and _SUBJECT_GAP.fullmatch(body, pronoun.end(), verb.start()):
            # "…," he said / "…," it added: a person, or the body or state that spoke
            return self.pronoun(offset) if pronoun[0] != "it" else self.issuer(offset, _BODY_TYPES)
        subject = self.subject(offset, verb.start(), leading=True)
        if subject is not None:
            return subject
        document = _DOC_SUBJECT.fullmatch(body, offset, verb.start())
        if document and (found := self.document_issuer(document["noun"], quote.start)):
            return found  # "…," the statement reads: the issuer's words
        if _STATEMENT_SUBJECT.match(body, offset, verb.start()):
            return self.issuer(offset, _SPEAKER_TYPES)
        role = _ROLE_BODY.fullmatch(head)
        return self.role_body(role[1], offset) if role else None

    def issued(self) -> list[tuple[int, str, str]]:
        """Where the article says who issued a document: (position, document noun, issuer),
        in text order; read once per article, when a quotation first asks."""
        if self._issued is None:
            body, found = self.body, []
            for m in _ISSUED.finditer(body):
                subject = next(self.latest(m.start(), _SPEAKER_TYPES), None)
                if subject is not None and _ISSUER_GAP.fullmatch(body, subject.span.end, m.start()):
                    found.append((m.start(), m["noun"].lower(), subject.entity_key))
            for m in _ISSUED_BY.finditer(body):
                agents = self.speakers(m.end(), min(len(body), m.end() + 60))
                if agents and _title_gap(body[m.end() : agents[0].span.start]):
                    found.append((m.start(), m["noun"].lower(), agents[0].entity_key))
            self._issued = sorted(found)
        return self._issued

    def document_issuer(self, noun: str, position: int) -> str | None:
        """Who issued the document a quotation's clause names ("the resolution"): the
        issuer of one of its kind named latest before `position`, else first after it."""
        noun = noun.lower()
        issued = [(at, key) for at, kind, key in self.issued() if kind == noun]
        before = [key for at, key in issued if at < position]
        if before:
            return before[-1]
        return issued[0][1] if issued else None

    def document_words(self, quote: Span, sentence: Span) -> str | None:
        """ "The resolution urges Ruritania to “halt ...”", "It also demanded that ... “…”"
        (after a sentence opening with the resolution): a clause whose subject is a
        document quotes its issuer, unless a person named in it speaks."""
        body = self.body
        opener = _DOC_OPENER.match(body, sentence.start, quote.start)
        if opener is None and _IT_OPENER.match(body, sentence.start, quote.start):
            index = bisect.bisect_left(self.sentences, sentence.start, key=_sentence_start)
            if index > 0:
                previous = self.sentences[index - 1].span
                opener = _DOC_OPENER.match(body, previous.start, previous.end)
        if opener is None:
            return None
        start = opener.end() if opener.start() >= sentence.start else sentence.start
        for m in self.speakers(start, quote.start):
            if m.entity_type == "Person" and _VERB.search(body, m.span.end, quote.start):
                return None  # "The report came as Roe said: “…”": Roe speaks
        return self.document_issuer(opener["noun"], quote.start)

    def complement(self, quote: Span, sentence: Span) -> str | None:
        """ "Roe accused Freedonia of “brazenly” cheating", "urged both sides to show
        “restraint”": a quotation in the complement of a verb that reports what its
        subject says is the subject's words, even a word or two."""
        body = self.body
        start = sentence.start
        earlier = self.quoted.overlapping(Span(sentence.start, quote.start - 1))
        if earlier:
            start = max(start, earlier[-1].end + 1)
        verbs = list(_COMPLEMENT_VERB.finditer(body, start, quote.start))
        if not verbs:
            return None
        verb = verbs[-1]
        if verb[0].endswith("ing"):  # "..., accusing Freedonia of “…”": the clause's subject
            people = [
                m for m in self.speakers(sentence.start, verb.start()) if m.entity_type == "Person"
            ]
            return people[0].entity_key if people else None
        return self.subject(start, verb.start())

    def inverted(self, start: int, end: int) -> str | None:
        """The speaker right after a speech verb ("said Roe", "said Kremlin spokesman
        Dmitry Peskov"): the person the titles lead to, else the body or state named."""
        body = self.body
        named = [
            m
            for m in self.speakers(start, min(end, start + 80))
            if _title_gap(body[start : m.span.start])
        ]
        people = [m for m in named if m.entity_type == "Person"]
        if people:
            return people[0].entity_key
        if named and not self.serves(named[0], body[start : named[0].span.start]):
            return named[0].entity_key
        return None

    def subject(self, start: int, verb: int, *, leading: bool = False) -> str | None:
        """The speaker standing as the subject of the speech verb at `verb`: the nearest
        mention before it with at most an adverb or an appositive between them. With
        `leading`, only titles may stand before the subject (the clause starts at `start`).
        """
        body = self.body
        found = self.speakers(start, verb)
        # "Roe, a spokesman for the ministry, which ..., said": the person whose
        # appositive reaches the verb is the subject, not a body named inside it.
        for m in found:
            if m.entity_type == "Person" and _APPOSITIVE_GAP.fullmatch(body, m.span.end, verb):
                found = [m]
                break
        for m in reversed(found):
            voice = m.entity_type == "Organization" and _SPOKESPERSON.fullmatch(
                body, m.span.end, verb
            )
            if (
                not voice
                and not _SUBJECT_GAP.fullmatch(body, m.span.end, verb)
                and not (
                    _NAME_APPOSITIVE.fullmatch(body, m.span.end, verb)
                    and self.names_a_role(start, m)
                )
            ):
                continue
            gap = body[start : m.span.start]
            if self.serves(m, gap) or (leading and not _title_gap(gap)):
                return None
            return m.entity_key
        return None

    def names_a_role(self, start: int, mention: Mention) -> bool:
        """ "its president, Argentine diplomat Jane Roe, told": a person named in
        apposition to a title that is the subject."""
        if mention.entity_type != "Person":
            return False
        head, comma, tail = self.body[start : mention.span.start].rpartition(",")
        words = head.split()[-6:]
        return bool(comma) and _title_gap(tail) and any(w.lower() in TITLE_WORDS for w in words)

    def serves(self, mention: Mention, gap: str) -> bool:
        """ "a Pentagon official", "an aide to Roe": a body, a state or a person named as
        whom an unnamed person serves, not as the speaker. A body's spokesperson is the
        body's own voice ("a spokesman for the ministry", "a State Department spokesman")."""
        if mention.entity_type == "Organization" and _VOICE_OF.search(gap):
            return False
        if _SERVED.search(gap):
            return True
        if mention.entity_type == "Person":
            return False
        return any(w.lower().rstrip(",") in TITLE_WORDS for w in gap.split()[-3:])

    def passed_on(self, match: re.Match[str]) -> str | None:
        """ "quoted Roe as saying": Roe, and nobody when the one quoted is unnamed
        ("quoted a diplomatic source as saying")."""
        found = self.speakers(match.start(1), match.end(1))
        if not found:
            return None
        gap = self.body[match.start(1) : found[0].span.start]
        return found[0].entity_key if _title_gap(gap) and not self.serves(found[0], gap) else None

    def issuer(self, position: int, types: tuple[str, ...]) -> str | None:
        """Who "it" (a body or state) or "the statement" (anyone's) is: the one of `types`
        the latest sentence naming one names first (its subject, as a rule)."""
        return _subject_of(self.latest(position, types), self.sentences)

    def role_body(self, noun: str, position: int) -> str | None:
        """ "the agency", "the conference": the latest body whose name has that head noun
        ("International Atomic Energy Agency", "Conference on Disarmament")."""
        for seen, m in enumerate(self.latest(position, ("Organization",))):
            name = _NAME_TAIL.sub("", self.entities.entities[m.entity_key].name.lower())
            if name.rsplit(" ", 1)[-1] == noun:
                return m.entity_key
            if seen >= _ROLE_LOOKBACK:
                break
        return None

    def before(self, quote: Span, sentence: Span) -> str | None:
        """Roe said: “…” / Roe stressed that the deal was “dead” / according to Roe, “…” /
        Roe's “reset” / in a statement from the ministry, Moscow said “…”."""
        body = self.body
        head_end = quote.start - 1
        owner = _OWNER.search(body, max(sentence.start, head_end - 60), head_end)
        if owner and not _VERB.search(owner[0]):  # Roe's “reset”, Roe's effort to “reset”
            for m in self.entities.ending_at(owner.start()):
                if m.entity_type == "Person":
                    return m.entity_key
        # The attribution stands after any quotation earlier in the sentence (quotations
        # are disjoint and in order: the last one ending before this quote is the one).
        head_start = sentence.start
        earlier = bisect.bisect_left(self.quoted.reach, head_end) - 1
        if earlier >= 0 and self.quoted.spans[earlier].start >= sentence.start:
            head_start = max(head_start, self.quoted.spans[earlier].end + 1)
        issued = _STATEMENT_FROM.search(body, head_start, head_end)
        if issued:
            found = self.speakers(issued.end(), min(head_end, issued.end() + 60))
            if found and _title_gap(body[issued.end() : found[0].span.start]):
                return found[0].entity_key
        verbs = list(_VERB.finditer(body, head_start, head_end))
        if not verbs:
            return None
        verb = verbs[-1]
        passed_on = _quoted_as(body, head_start, verb.end())
        if passed_on and passed_on.end() == verb.end():
            return self.passed_on(passed_on)
        passive = _QUOTED_PASSIVE.search(body, head_start, verb.end())
        if passive and passive.end() == verb.end():
            return self.subject(head_start, passive.start())
        if verb[0].lower() == "according to":
            if _PRONOUN_OBJECT.match(body, verb.end()):  # "According to him, ..."
                return self.pronoun(verb.end())
            found = self.speakers(verb.end(), head_end)
            return found[0].entity_key if found else None
        participle = verb[0].endswith("ing")
        subject = None if participle else self.subject(head_start, verb.start())
        if subject is not None:
            return subject
        candidates = self.speakers(head_start, verb.start())
        if participle or _COORDINATED.search(body, head_start, verb.start()):
            # "Roe rejected the plan, saying ..." / "Roe said Doe was ready, but warned:":
            # the verb shares the sentence's subject, the first person it names.
            people = [m for m in candidates if m.entity_type == "Person"]
            if people:
                return people[0].entity_key
        it = _IT_SUBJECT.search(body[head_start : verb.start()])
        if it and (not candidates or head_start + it.start() > candidates[-1].span.start):
            return self.issuer(verb.start(), _BODY_TYPES)  # "It added that …": a body's words
        pronouns = list(_PRONOUN.finditer(body, head_start, verb.start()))
        if pronouns and (not candidates or pronouns[-1].start() > candidates[-1].span.start):
            return self.pronoun(pronouns[-1].start())
        near = body[max(head_start, verb.start() - 60) : verb.start()]
        if _UNNAMED_SUBJECT.search(near):
            return None  # "a Kremlin source said:": nobody named speaks
        role = _ROLE_BODY.search(near)
        if role and not candidates:
            return self.role_body(role[1], verb.start())
        if candidates:
            # "Doe's assertion ... Roe said:": the person nearest the verb is its subject.
            people = [m for m in candidates if m.entity_type == "Person"]
            near_verb = people and people[-1].span.end > verb.start() - 40
            return (people[-1] if near_verb else candidates[-1]).entity_key
        if _SUBJECT_PRONOUN.search(body, max(head_start, verb.start() - 6), verb.start()):
            return None  # "they said Russia “alone” ...": Russia is what was said, not who
        return self.inverted(verb.end(), head_end)  # "Said Roe: “…”"

    def coordinated(self, last: Quote, quote: Span) -> bool:
        """Whether `quote` is coordinated with the quote before it in its sentence, and
        so shares its speaker: “reckless” and “dangerous”, “x,” “y” and even “z”. Only a
        short stretch without a speech verb or a speaker of its own may stand between."""
        start, end = last.span.end + 1, quote.start - 1
        if not last.sentence.start <= start <= end <= last.sentence.end:
            return False
        if end - start > _COORDINATION_REACH or _VERB.search(self.body, start, end):
            return False
        return not self.speakers(start, end)

    def owner(self, quote: Span, sentence: Span) -> str | None:
        """The subject of a sentence without a speech verb whose predicate quotes a phrase
        ("The committee praised the group for “its tireless work.”"): the words are the
        subject's. A quote of a word or two is more likely a name or a term, and a quote
        opening the sentence has no subject before it."""
        body = self.body
        if len(body[quote.start : quote.end].split()) < _PHRASE_WORDS:
            return None
        for m in self.speakers(sentence.start, quote.start - 1)[:1]:
            if not _title_gap(body[sentence.start : m.span.start]):
                return None
            if body.startswith(("'s", "’s"), m.span.end):
                return None  # "NATO's plan ...": NATO is no subject
            return m.entity_key
        return None

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


class SpeechSubjects:
    """`subject_of_speech` for sentence after sentence of one article: its quotations are
    filed once, not once per sentence asked about."""

    def __init__(self, body: str, entities: ArticleEntities, quotes: Sequence[Span]) -> None:
        self._reader = _Reader(body, entities, quotes, ())

    def of(self, sentence: Span) -> str | None:
        """Who speaks in `sentence`, as `subject_of_speech` given the quotations over it."""
        return _speaker(self._reader, sentence)


def _speaker(reader: _Reader, sentence: Span) -> str | None:
    """Positions inside `sentence` are asked about the reader's quotations; looking back
    before it skips only the quotations over the sentence, as `subject_of_speech` does."""
    body = reader.body
    for a, b in _unquoted(sentence, reader.quoted):
        verb = _VERB.search(body, a, b)
        if verb is None:
            continue
        passed_on = _quoted_as(body, sentence.start, verb.end())
        if passed_on and passed_on.end() == verb.end():
            return reader.passed_on(passed_on)  # the one the agency quoted, never the agency
        named = reader.last_speaker(sentence.start, verb.start())
        if named is not None:
            return named
        if _PRONOUN.match(body, sentence.start):  # "He pointed out that ..."
            local = _Reader(body, reader.entities, reader.quoted.overlapping(sentence), ())
            return _subject_of(local.latest(sentence.start, ("Person",)), ())
        if verb[0].lower() == "according to" and _PRONOUN_OBJECT.match(body, verb.end()):
            # "According to him, ..."
            local = _Reader(body, reader.entities, reader.quoted.overlapping(sentence), ())
            return _subject_of(local.latest(verb.start(), ("Person",)), ())
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
        if first == last:
            continue  # no day named here, as in most sentences
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
        end_index = bisect.bisect_left(ends, span.end)
        if not (end_index < len(sentences) and starts[end_index] <= span.end):
            end_index = index
        whole = Span(sentence.span.start, max(sentences[end_index].span.end, sentence.span.end))
        if _SO_CALLED.search(body, max(sentence.span.start, span.start - 12), span.start):
            continue  # the so-called “reset”: the writer's distance, nobody's words
        following = sentences[end_index + 1] if end_index + 1 < len(sentences) else None
        speaker, how = _attributed(reader, span, sentence, whole, following)
        if speaker is None and last is not None and reader.coordinated(last, span):
            speaker, how = last.speaker, "continuation"  # “x” and “y”: read with “x”
        if speaker is None and verbs.found(sentence.span.start, span, whole.end):
            # Someone said it whom the text does not name ("a senior official said"): a
            # bare quote after it does not go on with the speaker before.
            last = None
            continue
        if speaker is None and _is_term(body, span):
            continue  # the deal's 'snapback' mechanism: a term the writer marks, unsaid
        if speaker is None:
            how = "continuation"
            # A bare quote right after a quoted sentence goes on with that quote's speaker.
            follows_quote = last is not None and 0 <= sentence.span.start - last.sentence.end <= 2
            speaker = last.speaker if last is not None and follows_quote else None
            speaker = speaker or reader.previous_speaker(sentence)
            if speaker is None:
                speaker, how = reader.owner(span, sentence.span), "before"
            if speaker is None and last is not None and sentence.paragraph - last_paragraph <= 1:
                speaker, how = last.speaker, "continuation"
        if speaker is None:
            continue
        quote_date = _date_for(span, sentence.span, days, body, published)
        if quote_date is None and how == "continuation" and last is not None:
            quote_date = last.date
        quote = Quote(span, body[span.start : span.end], speaker, sentence.span, how, quote_date)
        found.append(quote)
        last, last_paragraph = quote, sentence.paragraph
    return found


def _is_term(body: str, span: Span) -> bool:
    """Whether a quote no clause attributes is a term set off by the writer (a scare
    quote: "the deal's 'snapback' mechanism", "a so-called “reset” policy") rather than
    words someone said: a word or two, not a sentence of its own."""
    words = body[span.start : span.end].split()
    return len(words) < _PHRASE_WORDS and body[span.end - 1 : span.end] not in ".,!?"


def _attributed(
    reader: _Reader, quote: Span, sentence: Sentence, whole: Span, following: Sentence | None
) -> tuple[str | None, str]:
    """The speaker a quote's own clauses name, and where it was read: after the quote (in
    the sentences it spans), before it, or in the sentence after it (see `_attributes`)."""
    speaker = reader.after(quote, whole)
    if speaker is not None:
        return speaker, "after"
    speaker = reader.document_words(quote, sentence.span) or reader.before(quote, sentence.span)
    if speaker is not None:
        return speaker, "before"
    speaker = reader.complement(quote, sentence.span)
    if speaker is not None:
        return speaker, "before"
    if following is not None and _attributes(reader, quote, whole, following, sentence.paragraph):
        return reader.after(quote, Span(whole.start, following.span.end)), "after"
    return None, "after"


def _attributes(
    reader: _Reader, quote: Span, sentence: Span, following: Sentence, paragraph: int
) -> bool:
    """Whether the sentence after a quote's may hold its attribution: the quote closes
    its own sentence with its own stop, and the next one, in the same paragraph and with
    no quotation of its own, follows a question or exclamation (“Why wait?” Roe asked.)
    or is short (“Enough.” Roe said.)."""
    stop = reader.body[quote.end - 1]
    if stop not in ".?!" or sentence.end - quote.end > 2 or following.paragraph != paragraph:
        return False
    if reader.quoted.overlapping(following.span):
        return False  # Roe said: “…” attributes its own quotation
    return stop in "?!" or following.span.end - following.span.start <= _ATTRIBUTION_CHARS


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
