"""Modality: what the words around a trigger say about whether its event happened.

The cues live in resources/modality.toml, by modality, with the event types they apply to
and an order of strength; this module finds the trigger's clause (their scope) and tries
them in that order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from treatykg.ingest.cues import SPEECH_VERBS, cue_regex, inflections, load_resource
from treatykg.ingest.records import Span

__all__ = [
    "MODALITIES",
    "clause_of",
    "elided_negation",
    "modality_of",
    "negated",
    "no_event",
]

MODALITIES = (
    "actual", "planned", "scheduled", "proposed", "hypothetical", "negated", "failed", "revoked",
)  # fmt: skip


@dataclass(frozen=True)
class _Cue:
    """One modality's cues and the event types they apply to."""

    pattern: re.Pattern[str]
    types: frozenset[str] | None  # None: every type not excluded
    not_types: frozenset[str]
    by_type: Mapping[str, re.Pattern[str]]
    before: re.Pattern[str] | None = None  # cues that hold only before the trigger

    def applies(self, event_type: str) -> bool:
        """Whether the cues can hold for an event type at all."""
        return event_type not in self.not_types and (self.types is None or event_type in self.types)

    def holds(self, body: str, clause: tuple[int, int], event_type: str, at: int) -> bool:
        return self.applies(event_type) and self.found(body, clause, event_type, at)

    def found(self, body: str, clause: tuple[int, int], event_type: str, at: int) -> bool:
        """`holds`, for a type the cues apply to."""
        extra = self.by_type.get(event_type)
        found = self.pattern.search(body, *clause) or (extra and extra.search(body, *clause))
        ahead = self.before is not None and self.before.search(body, clause[0], at)
        return bool(found or ahead)


def _cue(row: Mapping[str, Any]) -> _Cue:
    words = list(row.get("words", ()))
    words += [f for lemma in row.get("verbs", ()) for f in inflections(lemma)]
    alternatives = [cue_regex(words), *row.get("patterns", ())]
    before = row.get("before_trigger")
    return _Cue(
        re.compile("|".join(alternatives), re.IGNORECASE),
        frozenset(row["types"]) if "types" in row else None,
        frozenset(row.get("not_types", ())),
        {t: re.compile(cue_regex(w), re.IGNORECASE) for t, w in row.get("by_type", {}).items()},
        re.compile(cue_regex(before), re.IGNORECASE) if before else None,
    )


@dataclass(frozen=True)
class _Table:
    order: tuple[str, ...]
    strong: frozenset[str]
    cues: Mapping[str, _Cue]
    # One pattern per side instead of a scan per mark: the last left mark before a
    # position (a greedy run that backs off to it), the first right mark after it.
    last_left: re.Pattern[str]
    first_right: re.Pattern[str]
    reported_future: re.Pattern[str]
    conditions: re.Pattern[str]


@functools.cache
def _table() -> _Table:
    data = load_resource("modality.toml")
    scope = data["scope"]
    hypothetical = data["hypothetical"]
    return _Table(
        tuple(data["order"]),
        frozenset(data["implied_strong"]),
        {name: _cue(row) for name, row in data.items() if name in MODALITIES},
        re.compile(rf"(?s:.*)({_marks((*scope['marks'], *scope['left']))})"),
        re.compile(_marks((*scope["marks"], *scope["right"]))),
        # "said that they would meet": speech reporting a future (not "would not", "would
        # be able to", which stay conditional).
        re.compile(
            rf"\b(?:{SPEECH_VERBS})\s(?:that\s)?(?:[\w’'-]+\s){{0,3}}?would\b"
            r"(?!\s(?:not|never|be\sable))"
        ),
        re.compile(cue_regex(hypothetical["conditions"]), re.IGNORECASE),
    )


def _marks(marks: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, marks))


def modality_of(
    body: str,
    clause: tuple[int, int],
    event_type: str,
    *,
    implied: str | None = None,
    at: int | None = None,
) -> str:
    """The modality the clause (a span of the body) gives an event whose trigger stands at
    `at` (default: the clause's end), strongest cue first.

    >>> text = "Russia did not withdraw from it"
    >>> modality_of(text, (0, len(text)), "withdrawal")
    'negated'
    >>> text = "the treaty is due to run out"
    >>> modality_of(text, (0, len(text)), "expiry")
    'scheduled'
    """
    t = _table()
    participle = _PARTICIPLE.match(body, at) if at is not None else None
    if participle and _REDUCED_RELATIVE.search(body, clause[0], participle.start()):
        # "the Moscow Treaty signed by Bush would make deeper cuts": a participle after its
        # treaty's name modifies it; the cues after it are the main verb's.
        clause = (clause[0], min(participle.end(), clause[1]))
    for step, cue in _steps(event_type):
        if step == "implied_strong" and implied in t.strong:
            return implied
        if step == "implied" and implied:
            return implied
        if cue is None or not cue.found(body, clause, event_type, clause[1] if at is None else at):
            continue
        if step == "hypothetical" and _reported_future(t, body, clause):
            return "planned"
        return step
    return "actual"


@functools.cache
def _steps(event_type: str) -> tuple[tuple[str, _Cue | None], ...]:
    """The steps of the order that can give an event type its modality, with their cues:
    the cues that never apply to the type are left out once, not asked per trigger."""
    t = _table()
    return tuple(
        (step, t.cues.get(step))
        for step in t.order
        if step in ("implied_strong", "implied")
        or (step in t.cues and t.cues[step].applies(event_type))
    )


# A treaty's name (a capitalized treaty noun or an acronym) right before a bare participle.
_REDUCED_RELATIVE = re.compile(
    r"(?:\b(?:[Tt]reaty|[Pp]act|[Aa]ccord|[Aa]greement|[Cc]onvention)|\b[A-Z]{2,}[\w-]*)\s$"
)
_PARTICIPLE = re.compile(r"[a-z]+ed\b")


def negated(body: str, clause: tuple[int, int]) -> bool:
    """Whether the clause holds a negation cue, whatever the event type ("does not comply"
    negates keeping to a treaty, which is an accusation of breaking it).

    >>> negated("Iran never complied", (0, 19)), negated("Iran complied", (0, 13))
    (True, False)
    """
    return _table().cues["negated"].pattern.search(body, *clause) is not None


def _reported_future(t: _Table, body: str, clause: tuple[int, int]) -> bool:
    """ "said they would meet again": a future reported in speech, with no condition."""
    return bool(t.reported_future.search(body, *clause)) and not t.conditions.search(body, *clause)


def clause_of(body: str, sentence: Span, at: int) -> tuple[int, int]:
    """The span around position `at` up to the nearest clause mark on either side (the
    scope of modality cues): "signed the treaty but never ratified it" has two.

    >>> text = "Ruritania signed it, but never ratified it; Freedonia did."
    >>> clause_of(text, Span(0, len(text)), 31)
    (21, 42)
    """
    t = _table()
    # The last mark wholly before `at`: a greedy run backs off from `at` to it.
    left = t.last_left.match(body, sentence.start, at)
    right = t.first_right.search(body, at, sentence.end)
    return (
        max(left.start(1) + 1 if left else 0, sentence.start),
        right.start() if right else sentence.end,
    )


# A word or two between a cue and the trigger ("must be formally ratified").
_BETWEEN = r"\s(?:[\w’'“”\"-]+\s){0,2}$"


@dataclass(frozen=True)
class _NotEvents:
    before: re.Pattern[str]  # ends right before the trigger
    after: re.Pattern[str]  # starts right after it
    rule_before: re.Pattern[str]  # a future or a rule's modal right before the trigger
    rule_after: re.Pattern[str]  # a time counted from a condition ("after the 50th ...")
    by_type: Mapping[str, re.Pattern[str]]


@functools.cache
def _not_events() -> _NotEvents:
    data = load_resource("modality.toml")["not_events"]
    closing = r"[”\"’']?\s(?:for\s(?:[\w-]+\s){1,3})?to"  # "impossible” for them to"
    before = [
        cue_regex(data["requirement"] + data["purpose"] + data["unfulfilled"]) + _BETWEEN,
        cue_regex(data["impossible"]) + closing + _BETWEEN,
        cue_regex(data["attitude_nouns"]) + r"[”\"’']?\s(?:of|about|over|for|on|in)" + _BETWEEN,
        cue_regex(data["undecided"]) + r"\s(?:to|on)" + _BETWEEN,
        # "critics have long accused": a generic plural agent right before the trigger.
        cue_regex(data["generic_agents"])
        + r"\s(?:(?:have|has|had|also|long|repeatedly|often|frequently)\s){0,3}$",
        # "States that sign ...": a class of parties, opening the sentence or the clause.
        r"(?<![\w’'-])(?<![\w’'-]\s)(?:(?:all|any|those)\s)?"
        + cue_regex(data["generic_parties"])
        + r"\s(?:that|which|who)\s$",
    ]
    needs = cue_regex(data["needs"]) + r"\s(?:[\w-]+\s){0,3}?" + cue_regex(data["needed"])
    after = [
        r"(?:\s[\w-]+){0,6}?\s" + needs,
        r"(?:\s[\w-]+){0,6}?\s(?:is|are)\s(?:still\s)?(?:required|needed|necessary)\b",
        # "was accused by Western powers": a passive whose agent is generic.
        r"\s(?:[\w-]+\s){0,2}?by\s(?:the\s)?(?:[\w-]+\s)?" + cue_regex(data["generic_agents"]),
    ]
    by_type = {
        code: re.compile(
            cue_regex([f for lemma in lemmas for f in inflections(lemma)])
            + r"\s(?:[\w-]+\s){0,3}$",
            re.IGNORECASE,
        )
        for code, lemmas in data.get("by_type", {}).items()
    }
    rule = data["rules"]
    return _NotEvents(
        re.compile("|".join(f"(?:{b})" for b in before), re.IGNORECASE),
        re.compile("|".join(f"(?:{a})" for a in after), re.IGNORECASE),
        re.compile(cue_regex(rule["modals"]) + r"\s(?:[\w-]+\s)?$", re.IGNORECASE),
        re.compile(
            r"(?:\s[\w-]+){0,3}?\s(?:after|once|when)\s(?:the\s)?(?:[\w-]+(?:th|st|nd|rd)|"
            + cue_regex(rule["counted"])[2:-2]
            + r")\s(?:[\w-]+\s){0,2}?"
            + cue_regex(rule["conditions"]),
            re.IGNORECASE,
        ),
        by_type,
    )


def no_event(body: str, clause: tuple[int, int], trigger: Span, event_type: str) -> bool:
    """Whether a trigger's words state no event at all: a requirement or purpose, an
    impossibility, an unfulfilled expectation, an attitude's topic, a decision not taken
    or a generic plural agent (cues in modality.toml, [not_events]).

    >>> text = "Approval of a treaty takes 67 votes."
    >>> no_event(text, (0, len(text)), Span(0, 8), "ratification")
    True
    >>> text = "Ruritania ratified the treaty on Friday."
    >>> no_event(text, (0, len(text)), Span(10, 18), "ratification")
    False
    """
    t = _not_events()
    start, end = clause
    if t.before.search(body, start, trigger.start) or t.after.match(body, trigger.end, end):
        return True
    if t.rule_before.search(body, start, trigger.start) and t.rule_after.match(
        body, trigger.end, end
    ):
        return True  # "will enter into force 90 days after the fiftieth ratification"
    denial = t.by_type.get(event_type)
    return denial is not None and denial.search(body, start, trigger.start) is not None


# "neither B nor C did", "but B has not", "while B never did": the event's verb left out.
_AUX = r"(?:did|does|do|has|have|had|will|would)"
_ELIDED = re.compile(
    r"[,;]?\s+(?:(?:but|while|whereas|and)\s+)?"
    r"(?:(?P<neither>neither\s[^,;.]{1,80}?\snor\s[^,;.]{1,60}?)\s" + _AUX + r"\b"
    r"|(?P<who>[A-Z][^,;.]{0,60}?)\s" + _AUX + r"(?:\s(?:not|never)|n[’']t)(?:\s(?:yet|so))?"
    r"(?=\s*(?:[,.;)]|$)))"
)


def elided_negation(body: str, sentence: Span, end: int) -> Span | None:
    """The actors' span of a clause right after a trigger that negates the same event with
    its verb left out: "A ratified it; neither B nor C did" (B and C), "A signed, but B did
    not" (B).

    >>> text = "Ruritania ratified it; neither Freedonia nor Elbonia did."
    >>> span = elided_negation(text, Span(0, len(text)), 18)
    >>> text[span.start : span.end]
    'neither Freedonia nor Elbonia'
    """
    stop = body.find(".", end, sentence.end)
    stop = sentence.end if stop == -1 else stop + 1
    for m in _ELIDED.finditer(body, end, stop):
        group = "neither" if m["neither"] else "who"
        return Span(m.start(group), m.end(group))
    return None
