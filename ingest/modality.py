"""Modality: what the words around a trigger say about whether its event happened.

The cues live in resources/modality.toml, by modality, with the event types they apply to
and an order of strength; this module finds the trigger's clause (their scope) and tries
them in that order.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from treatykg.ingest.cues import SPEECH_VERBS, cue_regex, inflections, load_resource, sought
from treatykg.ingest.records import Span
from treatykg.ingest.text import guarded, trie_regex
from treatykg.ingest.timex import COUNT_WORDS

__all__ = [
    "MODALITIES",
    "ClauseMarks",
    "clause_of",
    "conditioned",
    "elided_negation",
    "modality_of",
    "negated",
    "no_event",
    "refined",
    "wished_for_others",
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
        if self.pattern.search(body, *clause):
            return True
        extra = self.by_type.get(event_type)
        if extra is not None and extra.search(body, *clause):
            return True
        return self.before is not None and self.before.search(body, clause[0], at) is not None


def _cue(row: Mapping[str, Any]) -> _Cue:
    words = list(row.get("words", ()))
    words += [f for lemma in row.get("verbs", ()) for f in inflections(lemma)]
    alternatives = [cue_regex(words), *row.get("patterns", ())]
    alternatives += _weighing(row)
    if "threats" in row:  # "is threatening to pull out": the threat's act is hypothetical
        alternatives.append(cue_regex(row["threats"]) + r"\s(?:[\w.]+\s){0,3}?to\s")
    before = row.get("before_trigger")
    # Searched over every clause with a trigger, only to know whether a cue is there:
    # guarded and `sought`, as most places open no cue.
    return _Cue(
        sought(guarded("|".join(alternatives), re.IGNORECASE)),
        frozenset(row["types"]) if "types" in row else None,
        frozenset(row.get("not_types", ())),
        {
            t: sought(guarded(cue_regex(w), re.IGNORECASE))
            for t, w in row.get("by_type", {}).items()
        },
        sought(guarded(cue_regex(before), re.IGNORECASE)) if before else None,
    )


def _weighing(row: Mapping[str, Any]) -> list[str]:
    """An option weighed by its agent ("considering the possibility of", "weighs the option
    of"): the option's act is hypothetical."""
    if "weighing" not in row:
        return []
    verbs = cue_regex([f for lemma in row["weighing"] for f in inflections(lemma)])
    return [verbs + r"\s(?:the\s|an?\s)?" + cue_regex(row["options"]) + r"\sof\b"]


@dataclass(frozen=True)
class _Table:
    order: tuple[str, ...]
    strong: frozenset[str]
    cues: Mapping[str, _Cue]
    # The marks that end a clause on the left: plain strings, each found by one backward
    # search (`str.rfind`) instead of a regex trying every position back from the trigger.
    left_marks: tuple[str, ...]
    # The first right mark after a position: one trie of the marks behind a guard, so
    # that most places are turned away by their first character.
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
        {
            name: _cue(_with_occasions(name, row))
            for name, row in data.items()
            if name in MODALITIES
        },
        (*scope["marks"], *scope["left"]),
        sought(  # (asked only where the first mark starts)
            guarded(
                trie_regex([*scope["marks"], *scope["right"], *_coordinated(scope)]) + _past(scope)
            )
        ),
        # "said that they would meet": speech reporting a future (not "would not", "would
        # be able to", which stay conditional).
        re.compile(
            rf"\b(?:{SPEECH_VERBS})\s(?:that\s)?(?:[\w’'-]+\s){{0,3}}?would\b"
            r"(?!\s(?:not|never|be\sable))"
        ),
        sought(re.compile(cue_regex(hypothetical["conditions"]), re.IGNORECASE)),
    )


def _coordinated(scope: Mapping[str, Any]) -> list[str]:
    """A coordinated verb with an auxiliary of its own opens another clause on the right:
    " and would ", " but has not ", every coordinator before every auxiliary."""
    return [f" {c} {a} " for c in scope["coordinators"] for a in scope["auxiliaries"]]


def _past(scope: Mapping[str, Any]) -> str:
    """A coordinated verb in the past tense opens another clause on the right too."""
    return (
        r"|\s(?:and|but)\s(?:then\s|later\s|also\s)?[a-z]{3,}ed\s"
        if scope.get("past_coordinated")
        else ""
    )


def _with_occasions(name: str, row: Mapping[str, Any]) -> Mapping[str, Any]:
    """A scheduled cue before the trigger: an occasion still to come ("ahead of", "on the
    eve of", "in the run-up to" the treaty's expiry), the list dates.toml holds for timex."""
    if name != "scheduled":
        return row
    occasions = load_resource("dates.toml")["future_cues"]["occasions"]
    return {**row, "before_trigger": [*row.get("before_trigger", ()), *occasions]}


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


# A treaty's name (a capitalized treaty noun or an acronym) right before a bare participle
# (asked only whether one stands: `cues.sought`).
_REDUCED_RELATIVE = sought(
    re.compile(
        r"(?:\b(?:[Tt]reaty|[Pp]act|[Aa]ccord|[Aa]greement|[Cc]onvention)|\b[A-Z]{2,}[\w-]*)\s$"
    )
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
    reported = t.reported_future.search(body, *clause) or _noticed_future(body, clause)
    if reported and _threat().search(body, clause[0], reported.end()) is not None:
        return False  # "threatened that Russia would abandon it": hangs on the other side
    return bool(reported) and not t.conditions.search(body, *clause)


@functools.cache
def _threat() -> re.Pattern[str]:
    return sought(
        re.compile(
            cue_regex(load_resource("modality.toml")["hypothetical"]["threats"]) + r"[^,;.]{0,60}$",
            re.IGNORECASE,
        )
    )


@functools.cache
def _reporting_nouns() -> re.Pattern[str]:
    nouns = load_resource("modality.toml")["hypothetical"]["reporting_nouns"]
    # "gave formal notice on Monday that it would leave", "announced on Wednesday that it
    # would accede", "said the suspension of all CFE obligations would take effect": a
    # date or a recipient before "that", a long subject before "would".
    reporting = rf"(?:{cue_regex(nouns)}|\b(?:{SPEECH_VERBS}))"
    return re.compile(
        reporting + r"(?:[^,;.]{0,40}?\bthat\s|\s)(?:[\w’'.-]+\s){0,8}?would\b"
        r"(?!\s(?:not|never|be\sable))",
        re.IGNORECASE,
    )


def _noticed_future(body: str, clause: tuple[int, int]) -> re.Match[str] | None:
    """ "gave formal notice that it would leave": a noun that reports, as a speech verb
    does, a future the speaker's side commits to (planned); also a speech verb with a
    date before "that" or a long subject before "would"."""
    return _reporting_nouns().search(body, *clause)


@functools.cache
def _wishes() -> tuple[re.Pattern[str], frozenset[str]]:
    proposed = load_resource("modality.toml")["proposed"]
    return re.compile(cue_regex(proposed["wishes"]), re.IGNORECASE), frozenset(
        proposed["wished_types"]
    )


def wished_for_others(
    body: str, clause: tuple[int, int], event_type: str, at: int, parties: list[Span]
) -> bool:
    """Whether the trigger at `at` is another party's step that someone only wishes for:
    a wish word in the clause with a party named between it and the trigger ("Beijing
    hopes Washington will extend the pact"). Such a wish proposes nothing; the remark is a
    statement. An offer ("Moscow is ready to extend it") and one's own wish ("Moscow hopes
    to extend it") stay proposals.

    >>> text = "China hopes the US will extend it"
    >>> wished_for_others(text, (0, len(text)), "extension", 24, [Span(16, 18)])
    True
    >>> text = "China hopes to extend it"
    >>> wished_for_others(text, (0, len(text)), "extension", 15, [Span(0, 5)])
    False
    """
    wish, types = _wishes()
    if event_type not in types:
        return False
    cues = wish.finditer(body, clause[0], at)
    return any(cue.end() <= p.start < at for cue in cues for p in parties)


def clause_of(body: str, sentence: Span, at: int) -> tuple[int, int]:
    """The span around position `at` up to the nearest clause mark on either side (the
    scope of modality cues): "signed the treaty but never ratified it" has two.

    >>> text = "Ruritania signed it, but never ratified it; Freedonia did."
    >>> clause_of(text, Span(0, len(text)), 31)
    (21, 42)
    """
    t = _table()
    # The last mark wholly before `at` (-1 when none), and the first from `at` on.
    left = max((body.rfind(mark, sentence.start, at) for mark in t.left_marks), default=-1)
    right = t.first_right.search(body, at, sentence.end)
    return max(left + 1, sentence.start), right.start() if right else sentence.end


class ClauseMarks:
    """`clause_of` for trigger after trigger of one text: where its left clause marks stand
    is found once (a forward search per mark over the whole text), so that each trigger's
    left bound is a bisection, not one backward search per mark."""

    def __init__(self, body: str) -> None:
        self.body = body
        found: list[tuple[int, int]] = []  # (end, start) of every mark, overlaps included
        for mark in _table().left_marks:
            start = body.find(mark)
            while start >= 0:
                found.append((start + len(mark), start))
                start = body.find(mark, start + 1)
        found.sort()
        self._ends = [end for end, _ in found]
        # The latest start among the marks ending at or before each one's end.
        self._latest = list(itertools.accumulate((start for _, start in found), max))

    def clause_of(self, sentence: Span, at: int) -> tuple[int, int]:
        """What `clause_of(body, sentence, at)` gives: a mark ending by `at` that starts
        before the sentence gives way to the sentence's start, as none found there does."""
        index = bisect.bisect_right(self._ends, at) - 1
        left = self._latest[index] if index >= 0 else -1
        right = _table().first_right.search(self.body, at, sentence.end)
        return max(left + 1, sentence.start), right.start() if right else sentence.end


# A word or two between a cue and the trigger ("must be formally ratified").
_BETWEEN = r"\s(?:[\w’'“”\"-]+\s){0,2}$"


@dataclass(frozen=True)
class _NotEvents:
    before: re.Pattern[str]  # ends right before the trigger
    after: re.Pattern[str]  # starts right after it
    rule_before: re.Pattern[str]  # a future or a rule's modal right before the trigger
    rule_after: re.Pattern[str]  # a time counted from a condition ("after the 50th ...")
    by_type: Mapping[str, re.Pattern[str]]
    # What `after` and `rule_after` end with, searched for first over the clause after the
    # trigger: a match starting there needs one somewhere, and most clauses hold none.
    after_words: re.Pattern[str]
    rule_words: re.Pattern[str]


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
        _counted_members(data),
        *_awaited(data),
        cue_regex(data["unfulfilled_hopes"]) + r"[^;]*$",
    ]
    needs = cue_regex(data["needs"]) + r"\s(?:[\w-]+\s){0,3}?" + cue_regex(data["needed"])
    required = r"(?:is|are)\s(?:still\s)?(?:required|needed|necessary)\b"
    # "was accused by Western powers": a passive whose agent is generic.
    by_generic = r"by\s(?:the\s)?(?:[\w-]+\s)?" + cue_regex(data["generic_agents"])
    after = [
        r"(?:\s[\w-]+){0,6}?\s" + needs,
        r"(?:\s[\w-]+){0,6}?\s" + required,
        r"\s(?:[\w-]+\s){0,2}?" + by_generic,
    ]
    rule = data["rules"]
    counted = (
        r"(?:after|once|when)\s(?:the\s)?(?:[\w-]+(?:th|st|nd|rd)|"
        + cue_regex(rule["counted"])[2:-2]
        + r")\s(?:[\w-]+\s){0,2}?"
        + cue_regex(rule["conditions"])
    )
    by_type = {
        code: sought(
            guarded(
                cue_regex([f for lemma in lemmas for f in inflections(lemma)])
                + r"\s(?:[\w-]+\s){0,5}$",
                re.IGNORECASE,
            )
        )
        for code, lemmas in data.get("by_type", {}).items()
    }
    # (The patterns searched for are only asked whether they hold: `sought`.)
    return _NotEvents(
        sought(guarded("|".join(f"(?:{b})" for b in before), re.IGNORECASE)),
        re.compile("|".join(f"(?:{a})" for a in after), re.IGNORECASE),
        sought(guarded(cue_regex(rule["modals"]) + r"\s(?:[\w-]+\s)?$", re.IGNORECASE)),
        re.compile(r"(?:\s[\w-]+){0,3}?\s" + counted, re.IGNORECASE),
        by_type,
        sought(guarded(f"{needs}|{required}|{by_generic}", re.IGNORECASE)),
        sought(guarded(counted, re.IGNORECASE)),
    )


def _awaited(data: Mapping[str, Any]) -> list[str]:
    """Before a trigger: what something awaits ("cannot take effect until forty states
    have ratified it": the ratifying), and what is needed to be done ("would need a
    two-thirds vote of the chamber to be ratified")."""
    modal = cue_regex(data["awaiting_modals"])
    return [
        modal + r"\s(?:[\w’'-]+\s){1,8}?" + cue_regex(data["awaited"]) + r"\s(?:[\w’'-]+\s){0,8}$",
        cue_regex(data["needs"]) + r"\s(?:[\w’'-]+\s){1,10}?to\sbe" + _BETWEEN,
    ]


@functools.cache
def _awaiting() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_resource("modality.toml")["not_events"]
    return (
        sought(re.compile(cue_regex(data["awaiting_modals"]) + _BETWEEN, re.IGNORECASE)),
        re.compile(r"(?:\s[\w’'-]+){0,6}?\s" + cue_regex(data["awaited"]), re.IGNORECASE),
    )


@functools.cache
def _adjectival_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_resource("modality.toml")["not_events"]
    return (
        sought(
            re.compile(cue_regex(data["adjectival_before"]) + r"\s(?:[a-z]+ly\s)?$", re.IGNORECASE)
        ),
        re.compile(r"\s(?!" + cue_regex(data["adjectival_not_after"]) + r")[a-z]+\b"),
    )


def _adjectival(body: str, start: int, trigger: Span) -> bool:
    """ "an era of negotiated ceilings", "the signed copies": a participle used as
    an adjective states no act."""
    word = body[trigger.start : trigger.end]
    if " " in word or not word.endswith(("ed", "en")):
        return False
    before, after = _adjectival_pattern()
    return bool(before.search(body, start, trigger.start) and after.match(body, trigger.end))


def _counted_members(data: Mapping[str, Any]) -> str:
    """ "Nine opposition deputies defied their whips to back": a count of a chamber's members
    (digits or a number word, maybe an adjective) as the subject, a few words before."""
    words = [w for w in COUNT_WORDS if w not in ("a", "an", "one")] + data["counts"]
    count = r"(?:\d+|" + cue_regex(words)[2:-2] + ")"
    return (
        r"\b" + count + r"\s(?:[\w-]+\s)?" + cue_regex(data["members"])
        + r"\s(?:[\w’'-]+\s){0,5}$"
    )  # fmt: skip


@functools.cache
def _conditional() -> tuple[re.Pattern[str], frozenset[str]]:
    data = load_resource("modality.toml")
    words = data["hypothetical"]["opening_conditions"]
    return sought(guarded(cue_regex(words), re.IGNORECASE)), frozenset(
        data["not_events"]["conditional_types"]
    )


def _in_condition(body: str, start: int, trigger: Span, event_type: str) -> bool:
    """ "if the US violates the treaty, Russia will leave": a breach in a condition is
    no accusation (the condition's word stands before the trigger in its clause)."""
    words, types = _conditional()
    return event_type in types and words.search(body, start, trigger.start) is not None


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
    if _in_condition(body, start, trigger, event_type) or _adjectival(body, start, trigger):
        return True
    modal, awaited = _awaiting()
    if modal.search(body, start, trigger.start) and awaited.match(body, trigger.end, end):
        return True  # "cannot take effect until forty states ratify": a requirement
    if t.before.search(body, start, trigger.start) or (
        t.after_words.search(body, trigger.end, end) and t.after.match(body, trigger.end, end)
    ):
        return not _weighed(body, start, trigger.start)
    # (The time after the trigger first: rarer, and a match costs less than a search.)
    if (
        t.rule_words.search(body, trigger.end, end)
        and t.rule_after.match(body, trigger.end, end)
        and t.rule_before.search(body, start, trigger.start)
    ):
        return True  # "will enter into force 90 days after the fiftieth ratification"
    denial = t.by_type.get(event_type)
    return denial is not None and denial.search(body, start, trigger.start) is not None


@functools.cache
def _weighed_option() -> re.Pattern[str]:
    hypothetical = load_resource("modality.toml")["hypothetical"]
    return sought(guarded(_weighing(hypothetical)[0] + _BETWEEN, re.IGNORECASE))


def _weighed(body: str, start: int, at: int) -> bool:
    """ "is considering the possibility of resuming tests": an option its agent weighs is
    a hypothetical act (see `_weighing`), not the topic of an attitude ("fears of")."""
    return _weighed_option().search(body, start, at) is not None


@functools.cache
def _condition_before() -> re.Pattern[str]:
    hypothetical = load_resource("modality.toml")["hypothetical"]
    # "that if the US violates it, Russia will leave": the condition clause just ended
    # (not a question asked: "wondered if the pact would hold, ...").
    asked = [f for lemma in hypothetical["questions"] for f in inflections(lemma)]
    not_asked = "".join(rf"(?<!\b{re.escape(f)}\s)" for f in asked)
    # Guarded: else the looks back are tried at every place before the clause.
    return sought(
        guarded(
            not_asked + cue_regex(hypothetical["opening_conditions"]) + r"\s[^,;.]{1,150},\s*$",
            re.IGNORECASE,
        )
    )


def conditioned(body: str, sentence: Span, clause: tuple[int, int], modality: str) -> str:
    """The modality of a main clause that a condition clause opens ("if the US violates
    the treaty, Russia will leave it": hypothetical); a modality a cue already made other
    than actual or planned stays.

    >>> text = "If the US leaves, Russia will leave it."
    >>> conditioned(text, Span(0, len(text)), (17, len(text)), "planned")
    'hypothetical'
    """
    if modality not in ("actual", "planned") or clause[0] <= sentence.start:
        return modality
    head = max(sentence.start, clause[0] - 200)
    found = _condition_before().search(body, head, clause[0])
    return "hypothetical" if found is not None else modality


@functools.cache
def _from_planned() -> frozenset[str]:
    return frozenset(load_resource("modality.toml")["scheduled"]["from_planned"])


def refined(
    body: str, sentence: Span, clause: tuple[int, int], event_type: str, modality: str
) -> str:
    """The modality after what the sentence around the clause says: a condition clause
    before it ("if the US violates it, Russia will leave": hypothetical); an expiry still
    to come is scheduled, never planned ("would keep the limits until its expiry").

    >>> text = "Russia would keep to the limits until its expiry."
    >>> refined(text, Span(0, len(text)), (0, len(text)), "expiry", "planned")
    'scheduled'
    """
    modality = conditioned(body, sentence, clause, modality)
    if modality == "planned" and event_type in _from_planned():
        return "scheduled"
    return modality


# "neither B nor C did", "but B has not", "while B never did": the event's verb left out.
_AUX = r"(?:did|does|do|has|have|had|will|would)"
_ELIDED = re.compile(
    r"[,;]?\s+(?:(?:but|while|whereas|and)\s+)?"
    r"(?:(?P<neither>neither\s[^,;.]{1,80}?\snor\s[^,;.]{1,60}?)\s" + _AUX + r"\b"
    r"|(?P<who>[A-Z][^,;.]{0,60}?)\s" + _AUX + r"(?:\s(?:not|never)|n[’']t)(?:\s(?:yet|so))?"
    r"(?=\s*(?:[,.;)]|$)))"
)
# The auxiliary every such clause holds, looked for first: most sentences have none after
# the trigger, and this cheap search (it opens with a letter) turns them away.
_ELIDED_AUX = re.compile(_AUX)


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
    if _ELIDED_AUX.search(body, end, stop) is None:
        return None
    m = _ELIDED.search(body, end, stop)
    if m is None:
        return None
    group = "neither" if m["neither"] else "who"
    return Span(m.start(group), m.end(group))
