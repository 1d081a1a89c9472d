"""Legislative steps: a chamber's vote or a leader's signature on a bill that ratifies,
de-ratifies, suspends or withdraws, as an event of the bill's type with its own actor.

Two shapes: the bill's words hold the trigger ("the Duma passed a bill withdrawing Russia
from the pact"), and a later act on the bill named before ("The Federation Council
approved the document on Friday, and Putin signed it into law"). The words are data in
resources/legislative.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from treatykg.ingest.cues import cue_regex, inflections, load_resource, sought
from treatykg.ingest.text import guarded

__all__ = [
    "BILL_TYPES",
    "BillAct",
    "BillStep",
    "bill_acts",
    "bill_step",
    "chamber",
    "legislative",
    "step_modality",
]

_DATA = load_resource("legislative.toml")
# The types a bill described before can carry into a later act on it.
BILL_TYPES = frozenset(_DATA["types"])
_AWAITING_TYPES = frozenset(_DATA["awaiting_types"])
_SIGNATURE_AWAITS = frozenset(_DATA["signature_awaits"])


def _verbs(key: str) -> str:
    return cue_regex([f for lemma in _DATA[key] for f in inflections(lemma)])


_DET = r"(?:a|an|the|its|this|that)\s"
_BILL = r"(?:[\w-]+\s){0,2}?" + cue_regex(_DATA["bills"]) + r"(?:\s[\w’'-]+){0,7}?\s$"
# (After a determiner the word is a noun or an adjective: "the draft resolution failed".)
_INTRODUCED = sought(
    guarded(rf"(?<!\bthe\s)(?<!\ba\s){_verbs('introduced')}\s(?:{_DET})?{_BILL}", re.IGNORECASE)
)
_AWAITING = sought(guarded(rf"{_verbs('awaiting')}\s(?:{_DET})?{_BILL}", re.IGNORECASE))
_ACTED = re.compile(rf"\b\w+\s{_DET}{_BILL}", re.IGNORECASE)  # "signed the law suspending"
# The trigger names the bill's kind: "signed the withdrawal law", "backed the suspension bill".
# A bill's word alone: without one before the trigger, no pattern naming a bill can match
# there, so one search answers for them all.
_BILL_WORD = sought(guarded(cue_regex(_DATA["bills"]), re.IGNORECASE))
_KIND_OF_BILL = re.compile(r"[\w-]+\s" + cue_regex(_DATA["bills"]), re.IGNORECASE)
_ENACTING = re.compile(_verbs("enacting"), re.IGNORECASE)
_SIGNED_BEFORE = sought(guarded(rf"{_verbs('enacting')}\s{_DET}$", re.IGNORECASE))
_AWAITED_BEFORE = sought(guarded(rf"{_verbs('awaiting')}\s{_DET}$", re.IGNORECASE))
_AWAITED_ACT = sought(guarded(rf"{_verbs('awaiting')}\s$", re.IGNORECASE))
# "approved the bill", "backed the document", "approved it", "signed it into law".
_ACT_ON_BILL = guarded(
    rf"(?:(?P<awaits>{_verbs('awaiting')})|(?P<enacts>{_verbs('enacting')}))\s"
    rf"(?:{cue_regex(_DATA['anaphors'])}\s(?:[\w-]+\s)?{cue_regex(_DATA['bills'])}"
    r"|it\sinto\slaw|(?(awaits)it\b|(?!)))",
    re.IGNORECASE,
)


_LEGISLATIVE = sought(guarded(cue_regex([*_DATA["bills"], "vote*"]), re.IGNORECASE))
# "approved leaving the treaty", "backed withdrawing from it": a vote on an act.
_VOTED_ACT = sought(guarded(rf"{_verbs('awaiting')}\s[a-z]+ing\b", re.IGNORECASE))


def legislative(body: str, start: int, end: int) -> bool:
    """Whether a sentence tells of a bill, a vote or an act voted for ("the parliaments
    approved leaving the treaty"): only then can a later "the bill" or "the document" be
    the one that did what the sentence says."""
    return bool(_LEGISLATIVE.search(body, start, end) or _VOTED_ACT.search(body, start, end))


@dataclass(frozen=True)
class BillStep:
    """A trigger that a bill's words hold ("passed a bill withdrawing Russia from ..."):
    where the act on the bill starts (its actors stand before) and what it makes of the
    event: "none" (the bill was only introduced), "planned" (awaits a further step) or
    None (the modality the clause gives)."""

    start: int
    modality: str | None


def bill_step(body: str, clause: tuple[int, int], at: int, event_type: str) -> BillStep | None:
    """The legislative step a trigger at `at` belongs to, if a bill's words hold it.

    >>> text = "The Duma passed a bill withdrawing Russia from the pact."
    >>> bill_step(text, (0, len(text)), 23, "withdrawal")
    BillStep(start=9, modality='planned')
    >>> bill_step(text.replace("passed", "introduced"), (0, 60), 27, "withdrawal")
    BillStep(start=9, modality='none')
    >>> text = "Putin signed the withdrawal law."
    >>> bill_step(text, (0, len(text)), 17, "withdrawal")
    BillStep(start=6, modality='planned')
    """
    start = clause[0]
    if _KIND_OF_BILL.match(body, at):
        signed = _SIGNED_BEFORE.search(body, start, at)
        if signed is not None:
            return BillStep(signed.start(), "planned" if event_type in _SIGNATURE_AWAITS else None)
        awaited = _AWAITED_BEFORE.search(body, start, at)
        if awaited is not None:
            return BillStep(awaited.start(), "planned" if event_type in _AWAITING_TYPES else None)
    named = _BILL_WORD.search(body, start, at) is not None  # a bill before the trigger
    found = _INTRODUCED.search(body, start, at) if named else None
    if found is not None:
        return BillStep(found.start(), "none")
    found = _AWAITED_ACT.search(body, start, at)
    if found is not None and event_type in _AWAITING_TYPES:
        # "the parliaments approved leaving the treaty": a vote for the act, which awaits.
        return BillStep(found.start(), "planned")
    found = _AWAITING.search(body, start, at) if named else None
    if found is not None:
        return BillStep(found.start(), "planned" if event_type in _AWAITING_TYPES else None)
    found = _ACTED.search(body, start, at) if named else None
    if found is None:
        return None
    # "signed the law denouncing the treaty": the withdrawal still awaits its notice period.
    enacts = _ENACTING.match(body, found.start()) is not None
    return BillStep(
        found.start(), "planned" if enacts and event_type in _SIGNATURE_AWAITS else None
    )


@dataclass(frozen=True)
class BillAct:
    """An act on a bill described before: the verb's span and whether it enacts the bill
    (a signature) or awaits a further step (a chamber's vote)."""

    start: int
    end: int
    enacts: bool


def bill_acts(body: str, start: int, end: int) -> Iterator[BillAct]:
    """The acts on a bill already described, in a span of the body.

    >>> text = "The Council approved the bill, and Putin signed it into law."
    >>> [(text[a.start : a.end], a.enacts) for a in bill_acts(text, 0, len(text))]
    [('approved', False), ('signed', True)]
    """
    for m in _ACT_ON_BILL.finditer(body, start, end):
        group = "enacts" if m["enacts"] else "awaits"
        yield BillAct(m.start(group), m.end(group), group == "enacts")


def step_modality(event_type: str, modality: str, act: BillAct) -> str:
    """The modality of a step on a bill of `event_type` whose first reading had
    `modality`: a de-ratification, suspension or withdrawal is planned until
    a signature enacts it (a withdrawal still awaits its notice period); a chamber that
    approves ratification has ratified."""
    if modality == "revoked" or event_type in _AWAITING_TYPES:
        if not act.enacts or event_type in _SIGNATURE_AWAITS:
            return "planned"
        return "revoked" if modality == "revoked" else "actual"
    return "actual"


_CHAMBER = guarded(r"\b" + cue_regex(_DATA["chambers"]) + r"$", re.IGNORECASE)


def chamber(name: str) -> bool:
    """Whether an organization's name is a legislative chamber's ("the State Duma", "the
    Federation Council", "Senate"): each chamber's step is an event of its own.

    >>> chamber("Federation Council"), chamber("State Duma"), chamber("Kremlin")
    (True, True, False)
    """
    return _CHAMBER.search(name) is not None
