"""What a trigger's own noun phrase says about the event: an act noun that only modifies
an occasion noun ("a signing ceremony") names the occasion, not the act; a determiner "no"
before it ("held no talks", "no state has ratified it") denies it. The words are data in
resources/noun_phrases.toml."""

from __future__ import annotations

import re

from treatykg.ingest.cues import cue_regex, load_resource, sought
from treatykg.ingest.records import Span

__all__ = [
    "TALKS_TOPIC",
    "activity_gerund",
    "denied_by_no",
    "modifies_occasion",
    "occasion_of_acts",
    "topic_of_talks",
]

_DATA = load_resource("noun_phrases.toml")
# The words that open the topic of talks ("talks on", "negotiations over"): one list for
# every rule that reads "talks ... on X" (here, and events' parties of talks).
TALKS_TOPIC = cue_regex(_DATA["topic_links"])
# Right after the trigger: maybe a second act noun joined to it, then the occasion noun.
_OCCASION = re.compile(
    r"(?:\s" + cue_regex(_DATA["joining"]) + r"\s[\w-]+)?\s" + cue_regex(_DATA["occasions"]),
    re.IGNORECASE,
)
# "no" and up to `reach` words that are not determiners nor one of the idioms' words,
# ending right before the trigger.
_NOT_BETWEEN = cue_regex([*_DATA["idioms"], "the", "a", "an", "its", "their", "this", "that"])
_NO = sought(re.compile(
    r"\bno\s(?!" + _NOT_BETWEEN + r")(?:(?!" + _NOT_BETWEEN + r")[\w-]+\s){0,"
    + str(_DATA["reach"]) + r"}$",
    re.IGNORECASE,
))  # fmt: skip
_NOT_TYPES = frozenset(_DATA["not_types"])
# "talks in Geneva on the renewal of": a talks noun, its topic word, a determiner and up to
# two modifiers right before the trigger.
_TOPIC = sought(re.compile(
    cue_regex(_DATA["talks"]) + r"[^,;.:()]{0," + str(_DATA["topic_reach"]) + r"}?\s"
    + cue_regex(_DATA["topic_links"]) + r"\s(?:(?:the|a|an|its|their|any)\s)?"
    r"(?:[\w-]+\s){0,2}$",
    re.IGNORECASE,
))  # fmt: skip
_TOPIC_REACH = 120  # characters before a trigger where its talks noun may stand
_DENIABLE = frozenset({"actual", "planned", "scheduled"})


def occasion_of_acts(acts: list[str]) -> re.Pattern[str]:
    """A pattern for an occasion named after one of `acts` (the same occasion nouns
    `modifies_occasion` knows): "the signing ceremony", "a signature and ratification
    session".

    >>> bool(occasion_of_acts(["signing"]).search("at the signing ceremony"))
    True
    """
    return re.compile(cue_regex(acts) + _OCCASION.pattern, re.IGNORECASE)


def modifies_occasion(body: str, trigger: Span) -> bool:
    """Whether the trigger only modifies an occasion noun after it: "convened a signing
    ceremony" holds no signing, "Peru's ratification came at the ceremony" does.

    >>> body = "They held a signature and ratification ceremony."
    >>> modifies_occasion(body, Span(12, 21)), modifies_occasion(body, Span(26, 38))
    (True, True)
    """
    return _OCCASION.match(body, trigger.end) is not None


def denied_by_no(
    body: str, clause: tuple[int, int], trigger: Span, event_type: str, modality: str
) -> str:
    """The modality, negated when the determiner "no" stands before the trigger in its
    clause ("the two sides have held no talks since 2022"); "no doubt talks will resume"
    denies nothing.

    >>> body = "They held no formal talks."
    >>> denied_by_no(body, (0, len(body)), Span(20, 25), "negotiation", "actual")
    'negated'
    """
    if event_type in _NOT_TYPES or modality not in _DENIABLE:
        return modality
    if _NO.search(body, clause[0], trigger.start) is None:
        return modality
    return "negated"


def topic_of_talks(body: str, sentence_start: int, trigger: Span) -> bool:
    """Whether the trigger is the topic of talks named before it ("started talks in Geneva
    on the renewal of the treaty"): the talks are the event, the act only their subject.

    >>> body = "They began talks in Oslo on the renewal of the pact."
    >>> topic_of_talks(body, 0, Span(32, 39)), topic_of_talks("They agreed the renewal.", 0, Span(16, 23))
    (True, False)
    """
    start = max(sentence_start, trigger.start - _TOPIC_REACH)
    return _TOPIC.search(body, start, trigger.start) is not None


_GERUND_TYPES = frozenset(_DATA["gerund_types"])
_GERUND_BEFORE = sought(re.compile(cue_regex(_DATA["gerund_prepositions"]) + r"\s$", re.IGNORECASE))
# After the gerund: punctuation, or a preposition that is no party word (no object).
_NO_OBJECT = re.compile(
    r"\s*(?:[,.;:)]|$|(?!" + cue_regex(_DATA["gerund_parties"]) + r")(?:"
    + cue_regex(_DATA["topic_links"] + _DATA["gerund_prepositions"] + ["in", "at", "for"])
    + r"))",
    re.IGNORECASE,
)  # fmt: skip


def activity_gerund(body: str, trigger: Span, event_type: str) -> bool:
    """Whether the trigger is a gerund naming an activity, not an event: after a
    preposition, with no object or parties of its own ("dogged by bargaining over the
    shield"); "by mediating between the two sides" holds talks.

    >>> body = "Talks were dogged by bargaining over the shield."
    >>> activity_gerund(body, Span(21, 31), "negotiation")
    True
    """
    if event_type not in _GERUND_TYPES:
        return False
    if not body[trigger.start : trigger.end].endswith("ing"):
        return False
    start = max(0, trigger.start - 10)
    return bool(_GERUND_BEFORE.search(body, start, trigger.start)) and bool(
        _NO_OBJECT.match(body, trigger.end)
    )
