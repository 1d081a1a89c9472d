"""Events: treaty lifecycle and diplomacy, typed, with actors, treaty, date and modality.

Each event type has trigger patterns over verbs and nominalizations; the clause around a
trigger decides modality (negated, planned, scheduled, proposed, hypothetical, failed,
revoked). One sentence can hold several events, and a list of treaties after one trigger
("withdrew from A, B and C") gives one event per treaty. The rules are general English
patterns; the KB supplies every name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from treatykg.ingest.cues import SPEECH_VERBS
from treatykg.ingest.entities import ArticleEntities
from treatykg.ingest.quotes import Quote
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import Sentence
from treatykg.ingest.timex import Timex

__all__ = ["EVENT_TYPES", "MODALITIES", "Event", "find_events"]

EVENT_TYPES = (
    "signing", "ratification", "entry_into_force", "extension", "suspension", "withdrawal",
    "expiry", "violation_accusation", "call_for_talks", "negotiation", "meeting_or_call",
    "statement", "other",
)  # fmt: skip
MODALITIES = (
    "actual", "planned", "scheduled", "proposed", "hypothetical", "negated", "failed", "revoked",
)  # fmt: skip

_W = r"(?:\w+\s){0,3}?"  # up to three words in between
# (event type, trigger pattern, modality the trigger itself implies or None)
_TRIGGERS: list[tuple[str, str, str | None]] = [
    (
        "ratification",
        r"de-?ratif\w+|revok\w+\s(?:its\s|the\s)?ratification|withdr\w+\s(?:its\s)?ratification",
        "revoked",
    ),
    (
        "ratification",
        r"vot\w+\s(?:against|to\sreject)|reject\w*\s(?:the\s)?(?:[\w-]+\s){0,4}?(?:treaty|pact|accord|ratification)",
        "failed",
    ),
    (
        "entry_into_force",
        r"(?:enter|entered|enters|entering|came|come|comes|coming)\sinto\s(?:force|effect)|"
        r"entry\sinto\sforce|(?:went|go|goes|took|take|takes|taking)\sinto\seffect|took\seffect|takes\seffect|"
        r"exchang\w+\s(?:the\s)?(?:ratification|instruments)",
        None,
    ),
    (
        "ratification",
        r"ratif\w+|approv\w+\s(?:the\s)?(?:\w+\s){0,5}?(?:treaty|pact|accord|agreement|deal)|"
        r"(?:treaty|pact|agreement|deal|it)\s(?:was|were|has\sbeen|had\sbeen)\sapproved|approved\sby|"
        r"(?:was|were)\sapproved|"
        r"vote\srejecting|consent\sto\sratification",
        None,
    ),
    (
        "other",
        r"open(?:ed|s)?\sfor\ssignature|adopted\sby|was\sadopted|were\sadopted|"
        r"adopt(?:ed|s)?\sthe|tested\s(?:a|an|its)|(?:conduct|carr)\w*\s(?:out\s)?(?:a|an|its)\s(?:[\w-]+\s){0,3}?test|"
        r"(?:signed|issued)\sa\sdecree|destr\w+\s(?:of\s)?(?:its\s|their\s|the\s)?(?:last\s)?"
        r"(?:stockpiles?|arsenals?|chemical)|dismantl\w+",
        None,
    ),
    ("signing", r"\bsign(?:ed|s|ing)?\b(?!\w)(?!\sof\b)|inked", None),
    (
        "extension",
        r"extend\w*|extension|prolong\w*|keep\s(?:observing|to)\s(?:the\s)?limits|"
        r"observe\s(?:the\s)?(?:central\s)?limits",
        None,
    ),
    (
        "suspension",
        r"suspen\w+\s(?:of\s)?(?:its\s|their\s|the\s)?(?:[\w-]+\s){0,2}?(?:participation|implementation|"
        r"obligations|compliance|treaty|pact|accord|agreement|deal|[A-Z])|suspension\b(?!\sof\s(?:consideration|debate))|"
        r"halt\w*\s(?:its\s)?(?:participation|implementation)|freez\w+\s(?:its\s)?participation",
        None,
    ),
    (
        "withdrawal",
        r"withdr[ae]w\w*(?!\s(?:its\s)?ratification)|pull(?:ed|ing|s)?\sout|quit(?:s|ting)?\b|"
        r"abrogat\w+|exit(?:ed|ing|s)?\s(?:from\s)?(?:the\s)?|leav(?:e|es|ing)\sthe\s(?:treaty|pact|accord|agreement|deal)|"
        r"left\sthe\s(?:treaty|pact|accord|agreement|deal)|termination\sprocess|walk(?:ed)?\saway|"
        r"cancel\w*",
        None,
    ),
    (
        "expiry",
        r"expir\w+|run\sout|runs\sout|ran\sout|lapse[ds]?|terminated|ceased?\sto\sexist|"
        r"end\sof\sthe\s(?:treaty|pact)",
        None,
    ),
    (
        "violation_accusation",
        r"violat\w+|breach\w*|accus\w+|non-?compliance|not\scomplying|"
        r"cheat\w*|does\snot\s(?:comply|abide)|do\snot\s(?:comply|abide)|and\s\w+\sdoes\snot",
        None,
    ),
    (
        "call_for_talks",
        r"(?:wants?|wanted|hopes?|hoped|ready|willing|eager|prepared|proposed?|"
        r"propos\w+|call(?:ed|s|ing)?\sfor|urg\w+|invit\w+|offer\w*|seeks?|sought|need)\s"
        + _W
        + r"(?:to\s)?(?:resume|start|begin|hold|open|launch|return\sto)?\s?"
        + _W
        + r"(?:talks|negotiations?|dialogue|work\son|a\snegotiation\sprocess|to\stalk)|"
        r"(?:we\sneed|need)\sto\stalk|also\sinvited|invitation\sto",
        None,
    ),
    ("negotiation", r"negotiat\w+|talks\b(?!\swith\sreporters)|consultations|dialogue", None),
    (
        "meeting_or_call",
        r"\bmet\b|meet(?:s|ing)?\b|summit|phone\s(?:call|conversation|discussion|talks)|"
        r"telephone\s(?:call|conversation)|spoke\sby\sphone|call\swith|visit(?:ed|s|ing)?\b|"
        r"is\sin\s[A-Z]\w+\sto\s|to\sreview",
        None,
    ),
]
_COMPILED = [(t, re.compile(rf"\b(?:{p})", re.IGNORECASE), mod) for t, p, mod in _TRIGGERS]
_STATEMENT = re.compile(rf"\b(?:{SPEECH_VERBS}|issued\sa\sstatement|statement)\b")
_TREATY_NOUN = re.compile(
    r"\b(?:the|this|that|its|a)\s(?:\w+\s)?(?:treaty|pact|accord|agreement|deal|convention|"
    r"arms\scontrol\spact)\b|\bthe\s(?:2015|nuclear)\sdeal\b|\bTreaty\b",
    re.IGNORECASE,
)
# Deals that are not arms-control treaties: "the treaty" coreference must not reach them.
_NOT_TREATY = re.compile(
    r"\b(?:peace|trade|ceasefire|oil|gas|grain|business|prisoner)\s(?:deal|agreement|accord)\b",
    re.IGNORECASE,
)
# A more specific event found earlier in a sentence absorbs these weaker readings of it.
_SUPPRESSES = {
    "negotiation": {"call_for_talks"},
    "ratification": {"entry_into_force"},
    "signing": {"other", "entry_into_force"},
}
# Lifecycle events are about a treaty: without one named or referred to, they are noise.
_LIFECYCLE = frozenset(
    {
        "signing",
        "ratification",
        "entry_into_force",
        "extension",
        "suspension",
        "withdrawal",
        "expiry",
    }
)
# Talk of talks inside a quotation is the speaker's opinion, not a reported event.
_NOT_IN_QUOTES = {"negotiation", "meeting_or_call", "statement", "entry_into_force"}
_ARMS_CONTEXT = re.compile(
    r"\b(?:nuclear|arms|treaty|pact|deal|missiles?|warheads?|disarmament|weapons?|test)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\splans|refus\w+|declin\w+|rejects?|rule[sd]?\sout|won’t|won't|didn’t|didn't|"
    r"doesn't|doesn’t|does\snot|did\snot|will\snot|cannot|can't|no\sintention|without)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|would|could|might|whether|in\scase|should)\b", re.IGNORECASE
)
_PLANNED = re.compile(
    r"\b(?:will|shall|plans?\sto|planned|planning|intends?|intention|notice|to\sbe\s\w+ed|"
    r"going\sto|aims?\sto|announced\sthe\slaunch|later\sthis|next\s(?:week|month|year)|upcoming|"
    r"still\shas\sto|has\sto|have\sto|clears\sthe\sway)\b",
    re.IGNORECASE,
)
_SCHEDULED = re.compile(
    r"\b(?:is|are|was)\s(?:due|set|scheduled)\sto\b|\bscheduled\b", re.IGNORECASE
)
_PROPOSED = re.compile(
    r"\b(?:ready|willing|prepared|propos\w+|offer\w*|wants?|wanted|hopes?|desire)\b", re.IGNORECASE
)
_FAILED = re.compile(r"\b(?:failed|fail|rejecting|rejected|collapsed)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Event:
    """One event the text states: type, modality, participants, treaty, date and evidence.

    `actors` pairs entity keys with their role (agent, counterpart, speaker); `trigger`
    is the word that typed it and `sentence` the evidence span.
    """

    type: str
    modality: str
    actors: tuple[tuple[str, str], ...]
    treaty: str | None
    date: str | None
    precision: str | None
    trigger: Span
    sentence: Span
    confidence: float


def _modality(clause: str, implied: str | None, event_type: str) -> str:
    if implied == "revoked":
        return "revoked"
    if (
        _NEGATION.search(clause)
        and event_type not in ("violation_accusation",)
        and implied != "failed"
    ):
        return "negated"
    if implied == "failed" or (
        _FAILED.search(clause) and event_type in ("ratification", "negotiation")
    ):
        return "failed"
    if _HYPOTHETICAL.search(clause) and event_type not in ("statement", "violation_accusation"):
        return "hypothetical"
    if _SCHEDULED.search(clause):
        return "scheduled"
    if implied == "proposed" or (
        _PROPOSED.search(clause) and event_type in ("meeting_or_call", "extension")
    ):
        return "proposed"
    if _PLANNED.search(clause):
        return "planned"
    return "actual"


def _clause(text: str, at: int) -> str:
    """The words around a trigger up to the nearest clause punctuation on either side."""
    left = max(text.rfind(p, 0, at) for p in (";", ",", ":", "—", "–", "(")) + 1
    rights = [i for i in (text.find(p, at) for p in (";", ",", ":", "—", "–", ")")) if i != -1]
    right = min(rights) if rights else len(text)
    return text[max(0, left - 60) if left == 0 else left : right]


def _treaties(mentions: Sequence[Mention], trigger: Span) -> list[str]:
    treaties = [m for m in mentions if m.entity_type == "Treaty"]
    if not treaties:
        return []
    after = [m for m in treaties if m.span.start >= trigger.start]
    keys = list(dict.fromkeys(m.entity_key for m in treaties))
    if len(keys) > 1 and after:
        # "withdrawn from ... A, B and C": the list after the trigger.
        near = [m.entity_key for m in after]
        return list(dict.fromkeys(near))
    return keys[:1]


def _actors(
    mentions: Sequence[Mention], quotes: Sequence[Quote], event_type: str
) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for m in mentions:
        if m.entity_type not in ("Person", "State", "Organization"):
            continue
        if any(q.span.start <= m.span.start < q.span.end for q in quotes):
            continue
        role = "speaker" if event_type == "statement" else ("agent" if not found else "counterpart")
        if all(key != m.entity_key for key, _ in found):
            found.append((m.entity_key, role))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Dated:
    value: str | None = None
    precision: str | None = None
    borrowed: bool = False  # read from the sentence before


def _event_date(
    timexes: Sequence[Timex], sentence: Span, trigger: Span, previous: Span | None = None
) -> _Dated:
    """The date nearest the trigger in its sentence, else one the sentence before states.

    News often dates a happening once and goes on about it ("The Senate voted on
    Wednesday. ... Obama said after the vote"); the adjacent sentence's date is the best
    reading, and a borrowed date lowers the event's confidence.
    """
    inside = [
        t
        for t in timexes
        if sentence.start <= t.span.start < sentence.end and not t.dateline and t.value
    ]
    if not inside:
        if previous is None:
            return _Dated()
        borrowed = _event_date(timexes, previous, trigger)
        return _Dated(borrowed.value, borrowed.precision, borrowed.value is not None)
    nearest = min(inside, key=lambda t: abs(t.span.start - trigger.start))
    return _Dated(nearest.value, nearest.precision)


def _confidence(base: float, treaty: str | None, dated: _Dated) -> float:
    """Rule confidence: a named treaty and a date in the sentence itself make a firmer fact."""
    score = base + (0.1 if treaty else 0.0) + (0.1 if dated.value and not dated.borrowed else 0.0)
    return round(score, 2)


def _quoted(position: int, quotes: Sequence[Quote]) -> bool:
    return any(q.span.start <= position < q.span.end for q in quotes)


def _typed_events(
    text: str,
    sentence: Span,
    mentions: Sequence[Mention],
    salient: str | None,
    generic: bool,
    dating: Callable[[Span], _Dated],
    quotes: Sequence[Quote],
) -> list[Event]:
    """The events the trigger patterns find in one sentence, one per treaty they concern."""
    events: list[Event] = []
    found: set[str] = set()
    for event_type, pattern, implied in _COMPILED:
        for m in pattern.finditer(text):
            if event_type in found or found & _SUPPRESSES.get(event_type, set()):
                break
            start = sentence.start + m.start()
            if event_type in _NOT_IN_QUOTES and _quoted(start, quotes):
                continue
            trigger = Span(start, sentence.start + m.end())
            treaties = _treaties(mentions, trigger) or ([salient] if generic and salient else [])
            if event_type in _LIFECYCLE and not (treaties or generic):
                continue
            if event_type == "other" and not _ARMS_CONTEXT.search(text):
                continue
            modality = _modality(_clause(text, m.start()), implied, event_type)
            dated = dating(trigger)
            actors = _actors(mentions, quotes, event_type)
            concerned: list[str | None] = list(treaties) or [None]
            for treaty in concerned:
                events.append(
                    Event(event_type, modality, actors, treaty, dated.value, dated.precision,
                          trigger, sentence, _confidence(0.4, treaty, dated))
                )  # fmt: skip
            found.add(event_type)
    return events


def _statement(
    text: str,
    sentence: Span,
    mentions: Sequence[Mention],
    treaty: str | None,
    dating: Callable[[Span], _Dated],
    quotes: Sequence[Quote],
) -> Event | None:
    """Reported speech about arms control that no more specific event type covers."""
    verb = _STATEMENT.search(text)
    if verb is None or _quoted(sentence.start + verb.start(), quotes):
        return None
    if not any(m.entity_type in ("Person", "Organization", "State") for m in mentions):
        return None
    if treaty is None and not _ARMS_CONTEXT.search(text):
        return None
    trigger = Span(sentence.start + verb.start(), sentence.start + verb.end())
    dated = dating(trigger)
    return Event("statement", "actual", _actors(mentions, quotes, "statement"), treaty,
                 dated.value, dated.precision, trigger, sentence, _confidence(0.3, treaty, dated))  # fmt: skip


def find_events(
    body: str,
    sentences: Sequence[Sentence],
    entities: ArticleEntities,
    timexes: Sequence[Timex],
    quotes: Sequence[Quote],
) -> list[Event]:
    """Every event stated in the body, one per (type, treaty) in each sentence.

    "The treaty" and its kin refer to the treaty named last (the salient one), and a
    sentence without a date may borrow the one of the sentence before.
    """
    events: list[Event] = []
    salient: str | None = None
    previous: Span | None = None
    for sentence in sentences:
        span = sentence.span
        text = sentence.text(body)
        mentions = entities.within(span)
        named = [m.entity_key for m in mentions if m.entity_type == "Treaty"]
        generic = _TREATY_NOUN.search(text) is not None and not _NOT_TREATY.search(text)

        def dating(trigger: Span, span: Span = span, previous: Span | None = previous) -> _Dated:
            return _event_date(timexes, span, trigger, previous)

        found = _typed_events(text, span, mentions, salient, generic, dating, quotes)
        if not found:  # a speech verb reports a statement only when nothing more specific
            treaty = named[0] if named else (salient if generic else None)
            statement = _statement(text, span, mentions, treaty, dating, quotes)
            found += [statement] if statement else []
        events += found
        salient = named[-1] if named else salient
        previous = span
    return events
