"""The state machine of one treaty's status: steps (what one event does to the treaty or one
party, on the day it takes effect) applied day by day, and the views (what an answer says
of the treaty and of each party) read from its state after each day.

`graph.status` gathers the steps from KB facts and canonical events and turns the views into
periods; the rules (which effect moves what, which status a party shows first) are
`status_rules.toml`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from treatykg.graph import iris
from treatykg.graph.actors import ActorIndex
from treatykg.graph.dates import date_label
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.status_records import Rules, TreatyInfo

__all__ = ["Machine", "Step", "View", "date_text"]


@dataclass
class Step:
    """One move of the machine: an effect on one party (or the treaty).

    `day` is when it takes effect for an answer on a date: a step known only by its month or
    year takes effect at the end of that period (on 2000-03-01 a ratification "in 2000" may
    not have happened yet). `shown` and `precision` say the date as its source gives it.
    """

    day: date
    shown: date
    precision: str
    effect: str
    party: str | None
    origin: str = ""  # the KB fact or happening that gave the step: it names the step's node
    basis: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    falls_due: str = ""  # a notice's withdrawal date, as text, when news dated the notice

    def key(self, rules: Rules) -> tuple[date, int, int]:
        return (self.day, rules.rank(self.precision), rules.order.index(self.effect))

    def cite(self, event: CanonicalEvent, reports: Iterable[Report]) -> None:
        self.basis.add(str(iris.happening(event.key)))
        self.sources.update(r.source for r in reports)

    def text(self) -> str:
        return date_text(self.shown, self.precision)


@dataclass(frozen=True)
class View:
    """What one row shows at one moment, before it becomes a period."""

    status: str
    since: Step
    basis: tuple[Step, ...]
    note: str = ""

    def same(self, other: View | None) -> bool:
        return other is not None and (self.status, self.since.day, self.note) == (
            other.status, other.since.day, other.note)  # fmt: skip


def date_text(day: date, precision: str) -> str:
    """A date as answers write it: `2000` for a year, `2010-12` for a month (see graph.dates).

    >>> date_text(date(2000, 1, 1), "year"), date_text(date(2010, 12, 1), "month")
    ('2000', '2010-12')
    """
    return date_label(day, precision)


def on_text(step: Step, rules: Rules) -> str:
    """A step's date with its preposition: "on 2011-02-05", "in 2000"."""
    template = rules.on_day if rules.rank(step.precision) <= rules.rank("week") else rules.in_period
    return template.format(day=step.text())


@dataclass
class _PartyState:
    base: Step | None = None  # signed, ratified, signature or ratification withdrawn
    suspended: Step | None = None
    withdrawal_notified: Step | None = None
    withdrawn: Step | None = None
    announced: Step | None = None  # a withdrawal planned or announced: a note only
    bound: bool = False  # the treaty binds it once in force
    present: bool = False  # a row from the treaty's first step: listed, or bound all along
    seen: bool = False  # a step of its own has applied


class Machine:
    """One treaty's state as its steps apply, day by day."""

    def __init__(
        self, treaty: TreatyInfo, steps: Sequence[Step], actors: ActorIndex, rules: Rules
    ) -> None:
        self.treaty, self.actors, self.rules = treaty, actors, rules
        self.phase: Step | None = None  # the step that set the treaty's phase
        self.status: str | None = None
        self.extended: Step | None = None
        self.suspended: Step | None = None
        self.dues = sorted(
            (s for s in steps if s.effect == "due_to_expire"), key=lambda s: s.key(rules)
        )
        self.enters = any(s.effect == "in_force" for s in steps)
        # A state that ratified, suspends or leaves a treaty was bound by it; so are its
        # listed parties and depositaries. A mere signatory (the US and the ATT) is not.
        # A party the KB lists, or one that later suspends or leaves, was a party all along:
        # before its own first step its status is the treaty's, never "not concluded".
        listed = treaty.parties | treaty.depositaries
        bound = listed | {s.party for s in steps if s.effect in rules.binding and s.party}
        known = listed | {s.party for s in steps if s.party is not None}
        self.parties = {p: _PartyState(bound=p in bound, present=p in bound) for p in sorted(known)}

    def apply(self, step: Step) -> None:
        if step.party is not None:
            self._apply_party(self.parties[step.party], step)
            return
        effect, final = step.effect, self.status in self.rules.final
        if effect == "negotiating" and self.status is None:
            self._set("negotiating", step)
        elif effect == "concluded" and self.status in (None, "negotiating"):
            undated = not self.enters and self.treaty.kb_status == "in_force"
            self._set("in_force_undated" if undated else "not_in_force", step)
        elif effect == "in_force" and not final and self.status != "in_force":
            self._set("in_force", step)
        elif effect == "extended" and self.status == "in_force":
            # The end date it moves: the first still due. The next one due is the new end.
            self.extended = step
            moved = next((d for d in self.dues if d.day >= step.day), None)
            self.dues = [d for d in self.dues if d is not moved]
        elif effect == "suspended" and not final and self.suspended is None:
            self.suspended = step
        elif effect == "expired" and not final:
            self._set("expired" if self._in_force() else "never_in_force", step)

    def _apply_party(self, party: _PartyState, step: Step) -> None:
        """One party's step. A step it has already taken (a second report of it, a second
        suspension) moves nothing: its status dates from the first."""
        effect, party.seen = step.effect, True
        if effect in self.rules.base:
            taken = party.base.effect if party.base else None
            if taken == effect or (effect == "signed" and taken == "ratified"):
                return
            party.base = step
            party.bound = effect == "ratified" or (party.bound and effect != "ratification_revoked")
        elif effect == "suspended":
            party.suspended = party.suspended or step
        elif effect == "resumed":
            party.suspended = None
        elif effect == "withdrawal_announced":
            party.announced = party.announced or step
        elif effect == "withdrawal_notified":
            party.withdrawal_notified = party.withdrawal_notified or step
        elif effect == "notice_revoked":
            party.withdrawal_notified = party.announced = None
        elif effect == "withdrawn" and party.withdrawn is None:
            party.withdrawn = step
            if self.treaty.bilateral and self.status not in self.rules.final:
                self._set("terminated" if self._in_force() else "never_in_force", step)

    def _set(self, status: str, step: Step) -> None:
        self.status, self.phase = status, step

    def _in_force(self) -> bool:
        return self.status in ("in_force", "in_force_undated")

    def treaty_view(self, day: date) -> View | None:
        """What the treaty's own row shows on `day`: None before its first step."""
        if self.status is None or self.phase is None:
            return None
        status, step, notes = self.status, self.phase, self.rules.notes
        if status == "in_force":
            parts = []
            if self.extended is not None:
                parts.append(self._note("extended", self.extended))
            after = self.extended.day if self.extended else step.day
            due = next((d for d in self.dues if d.day >= max(after, day)), None)
            if due is not None:
                parts.append(self._note("due", due))
            basis = tuple(s for s in (step, self.extended, due) if s is not None)
            if self.suspended is not None:
                return View("suspended", self.suspended, (self.suspended,), "; ".join(parts))
            return View(status, step, basis, "; ".join(parts))
        if status == "not_in_force" and not self.enters:
            return View(status, step, (step,), notes["never"])
        if status in ("terminated", "never_in_force") and step.party is not None:
            name = self.actors.label(step.party)
            return View(status, step, (step,), notes["withdrawal_ended"].format(party=name))
        if status == "never_in_force":
            return View(status, step, (step,), notes["lapsed"])
        return View(status, step, (step,))

    def party_view(self, party: str, treaty: View | None) -> View | None:
        """What one party's row shows: nothing before its first step of its own, unless it
        was a party all along (then the treaty's status)."""
        state = self.parties[party]
        if not (state.present or state.seen):
            return None
        if self.status in self.rules.final and treaty is not None:
            withdrawn = state.withdrawn
            if withdrawn is not None and withdrawn.day < treaty.since.day:
                return View("withdrawn", withdrawn, (withdrawn,))
            return treaty
        held = [(flag, s) for flag in self.rules.priority if (s := getattr(state, flag))]
        if held:
            flag, step = held[0]
            if flag in self.rules.ends:
                return View(flag, step, (step,))
            notes = [self._note("takes_effect", step)] if step.falls_due else []
            notes += [self._note(f, s) for f, s in held[1:]]
            return self._announced(View(flag, step, tuple(s for _, s in held)), state, notes)
        in_force = self.status == "in_force"
        if state.base is not None and not (in_force and state.bound):
            return self._announced(View(state.base.effect, state.base, (state.base,)), state)
        return self._announced(treaty, state) if treaty is not None else None

    def _announced(self, view: View, state: _PartyState, notes: Sequence[str] = ()) -> View:
        """A view with the notes beside its status: what else holds, a withdrawal announced."""
        said = [view.note, *notes] if view.note else list(notes)
        basis = view.basis
        if state.announced is not None and state.withdrawal_notified is None:
            said.append(self._note("withdrawal_announced", state.announced))
            basis += (state.announced,)
        if len(said) == (1 if view.note else 0):
            return view
        return View(view.status, view.since, basis, "; ".join(said))

    def _note(self, name: str, step: Step) -> str:
        day = step.falls_due if name == "takes_effect" else step.text()
        return self.rules.notes[name].format(day=day, on=on_text(step, self.rules))
