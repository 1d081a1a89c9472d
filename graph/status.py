"""Treaty status on any date, per party: a state machine over KB facts and canonical events.

A treaty's status is not a fact any one source states: it follows from its lifecycle
(signed, in force, extended, expired) and from each party's steps (ratified, suspended,
withdrew). The rules that say which event moves which status are data
(`status_rules.toml`, read by `graph.status_records`); this module gathers each treaty's
steps from plain records, runs the machine of `graph.status_machine` over them and returns
`Period`s, which `graph.status_rdf` writes into the derived graph and reads back.

KB facts outrank news: news fills in only a step the KB records nothing of (a party's
ratification the KB does not list); news of a step the KB does record is cited beside
the KB's fact, whose date stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from rdflib import URIRef
from treatykg.graph import iris
from treatykg.graph.actors import ActorIndex
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.status_machine import Machine, Step, View, on_text
from treatykg.graph.status_records import (
    RULES_FILE,
    Period,
    Rules,
    StepRecord,
    TreatyInfo,
    load_rules,
)
from treatykg.graph.terms import Triple

if TYPE_CHECKING:
    from treatykg.graph.derived import Inputs

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "PARAMETERS",
    "RULES_FILE",
    "Period",
    "Rules",
    "StepRecord",
    "TreatyInfo",
    "at",
    "derived_triples",
    "describe",
    "lean",
    "load_rules",
    "periods",
]

# The derivation record names the rules a layer was derived by: a change of the code's
# version or of the rules' makes a derived layer stale.
ALGORITHM = "treaty-status"
ALGORITHM_VERSION = f"3.{load_rules().version}"
PARAMETERS = {"rules": RULES_FILE.name, "rules_version": load_rules().version}


def lean(event: CanonicalEvent) -> CanonicalEvent:
    """An event with only what its steps read of it: of each report, which article or KB
    fact it is and when it was published. A treaty's lifecycle is reported by a share of
    every article, and its sentences, actors and claims would be held all at once."""
    reports = tuple(
        Report(r.iri, r.source, r.type, r.modality, published=r.published, from_kb=r.from_kb)
        for r in event.reports
    )
    return replace(event, reports=reports, claims=())


def _parties_of(
    report: Report | CanonicalEvent, treaty: TreatyInfo, actors: ActorIndex, rules: Rules
) -> set[str]:
    """The parties whose step an event is: the states (or the treaty's listed parties) that
    took it, and the state an official or a ministry acts for; never a legislature's
    state (`ActorIndex.parties` keeps a chamber's step the chamber's)."""
    found = set()
    for actor in sorted(actors.parties(report.agents, report.actors)):
        actor = rules.successor(actor)
        if actor in treaty.parties or actors.kind(actor) == "State":
            found.add(actor)
        elif actors.kind(actor) in rules.stand_for_state and (state := actors.state_of(actor)):
            found.add(rules.successor(state))
    return found


def _steps_of(
    report: Report | CanonicalEvent,
    treaty: TreatyInfo,
    actors: ActorIndex,
    rules: Rules,
    *,
    from_kb: bool,
    origin: str,
) -> list[Step]:
    """The machine's moves one dated report (or event) makes, uncited; `origin` (the
    report's or event's IRI) names them."""
    if report.start is None:
        return []
    kind = (report.type, report.modality)
    start, precision = report.start, report.precision or "day"
    # Known only by its month or year: true, for an answer on a date, once that period ends.
    day = report.end if report.end is not None and rules.rank(precision) > 0 else start

    def step(effect: str, party: str | None) -> Step:
        return Step(day, start, precision, effect, party, origin)

    steps = []
    if effect := rules.treaty_effects.get(kind):
        steps.append(step(effect, None))
    if effect := rules.party_effects.get(kind):
        parties = _parties_of(report, treaty, actors, rules)
        steps += [step(effect, p) for p in sorted(parties)]
        if not parties and from_kb and (effect := rules.unnamed_effects.get(kind)):
            steps.append(step(effect, None))
    return steps


def _gather(
    treaty: TreatyInfo,
    facts: Sequence[Report],
    events: Sequence[CanonicalEvent],
    actors: ActorIndex,
    rules: Rules,
) -> list[Step]:
    """Every step of one treaty: the KB's, then news for what the KB records nothing of."""
    steps: list[Step] = []
    by_fact: dict[str, list[Step]] = {}
    for fact in facts:
        found = _steps_of(fact, treaty, actors, rules, from_kb=True, origin=fact.iri)
        for step in found:
            step.basis.add(fact.iri)
            step.sources.add(fact.kb_source or fact.source)
        by_fact[fact.iri] = found
        steps += found
    recorded: dict[tuple[str, str | None], list[Step]] = {}
    for step in steps:
        recorded.setdefault((step.effect, step.party), []).append(step)
    for event in events:
        news = [r for r in event.reports if not r.from_kb]
        if not news:
            continue  # the KB's own facts, already read
        records = set(event.kb_facts) | {r.iri for r in event.reports if r.from_kb}
        linked = {id(s) for f in records for s in by_fact.get(f, ())}
        origin = str(iris.happening(event.key))
        for step in _steps_of(event, treaty, actors, rules, from_kb=False, origin=origin):
            if not _scheduled(step, news, rules):
                continue  # "was due to expire" dated on the day it was written: no schedule
            known = recorded.get((step.effect, step.party))
            if not known:
                step.cite(event, news)
                steps.append(step)
                continue
            # The KB's step stands: the one this event records, else the nearest in time.
            mine = [s for s in known if id(s) in linked] or known
            min(mine, key=lambda s: abs((s.day - step.day).days)).cite(event, news)
    _not_before_opening(steps)
    return sorted(steps, key=lambda s: s.key(rules))


def _scheduled(step: Step, reports: Sequence[Report], rules: Rules) -> bool:
    """Whether a step news dates by when it falls due lies after the day some report of it
    was published (a date no later than every report's own is no schedule, but a misread
    one); a notice (`rules.reported`) is then dated by that first report."""
    published = [r.published for r in reports if r.published is not None]
    if step.effect == "due_to_expire":
        return not published or step.day > min(published)
    if step.effect not in rules.reported:
        return True
    if not published or step.day <= min(published):
        return False  # news of no date of its own cannot date a notice
    step.falls_due = step.text()
    step.day = step.shown = min(published)
    step.precision = "day"
    return True


def _not_before_opening(steps: Sequence[Step]) -> None:
    """A party's step takes effect no earlier than the treaty's opening for signature (its
    first signing): a ratification "in 1996" is not in force on 1996-03-01."""
    opened = min((s.day for s in steps if s.effect == "concluded"), default=None)
    for step in steps:
        if opened is not None and step.party is not None and step.day < opened:
            step.day = opened


def periods(
    treaty: TreatyInfo,
    facts: Sequence[Report],
    events: Sequence[CanonicalEvent] = (),
    *,
    actors: ActorIndex,
    rules: Rules | None = None,
) -> list[Period]:
    """Every status period of one treaty: the treaty's as a whole, and each party's.

    Args:
        treaty: The treaty and its parties, as the KB lists them.
        facts: KB treaty facts (`Report(from_kb=True)`); those of other treaties are ignored.
        events: Canonical events; those of other treaties and those the news does not
            report (the KB's own facts) are ignored.
        actors: Names and kinds of actors, to find the parties an event is about.
        rules: The status rules; the bundled ones by default.

    Returns:
        Periods ordered by party (the treaty's own first) and start.
    """
    rules = rules or load_rules()
    facts = [f for f in facts if f.treaty == treaty.iri]
    events = [e for e in events if e.treaty == treaty.iri]
    steps = _gather(treaty, facts, events, actors, rules)
    machine = Machine(treaty, steps, actors, rules)
    on_day: dict[date, list[Step]] = {d.day: [] for d in machine.dues}  # a due date may
    for step in steps:  # end a note: the answer changes then too
        on_day.setdefault(step.day, []).append(step)
    rows: dict[str | None, list[_Change]] = {}
    for day in sorted(on_day):
        for step in on_day[day]:
            machine.apply(step)
        # A change on a day only steps known by their month or year fall on is dated so.
        known = min(on_day[day], key=lambda s: rules.rank(s.precision), default=None)
        precision = known.precision if known is not None else "day"
        whole = machine.treaty_view(day)
        parts = {p: machine.party_view(p, whole) for p in machine.parties}
        differing = {p for p, v in parts.items() if _differs(v, whole, rules)}
        for who, view in parts.items():
            if view is not None:
                text = f"{actors.label(who)}: {_phrase(view, rules)}"
                _add(
                    rows.setdefault(who, []), _Change(day, precision, view, text, who in differing)
                )
        if whole is not None:
            # The whole answer is the treaty's row's: it changes whenever a party named in it
            # does, so that a query reads it from one period, in this order.
            others = bool(differing) and not treaty.bilateral
            named = sorted((rows[p][-1] for p in differing), key=_Change.order)
            answer = "; ".join([_phrase(whole, rules, others=others), *(c.text for c in named)])
            _add(rows.setdefault(None, []), _Change(day, precision, whole, answer, others))
    found = []
    records: dict[int, StepRecord] = {}  # by the step's id: every period shares its record
    for party, changes in rows.items():
        found += _periods_of_row(treaty, party, changes, records, actors, rules)
    return sorted(found, key=lambda p: (p.party is not None, p.party or "", p.start))


@dataclass(frozen=True)
class _Change:
    """What one row says from one day on, before consecutive equal ones become a period."""

    day: date
    precision: str  # of the day's change: "2000" when only steps known by their year fell on it
    view: View
    text: str  # a party's row: "Russia: ..."; the treaty's row: the whole answer
    flag: bool  # a party's: its status differs from the treaty's; the treaty's: some differ

    def order(self) -> tuple[date, str]:
        return (self.view.since.day, self.text)

    def same(self, other: _Change) -> bool:
        return self.view.same(other.view) and (self.text, self.flag) == (other.text, other.flag)


def _phrase(view: View, rules: Rules, *, others: bool = False) -> str:
    """How an answer says a view: "in force since 2011-02-05 (extended on 2021-02-03)"."""
    since = view.since
    said = rules.phrases[view.status].format(
        since=since.text(), on=on_text(since, rules), others=rules.others if others else ""
    )
    return f"{said} ({view.note})" if view.note else said


def _differs(view: View | None, whole: View | None, rules: Rules) -> bool:
    if view is None or whole is None or view is whole:
        return False
    return view.status != whole.status and whole.status not in rules.same_as_treaty.get(
        view.status, frozenset()
    )


def _add(row: list[_Change], change: _Change) -> None:
    """Add what a row says from one day on, unless it says what it said already: a
    treaty with many parties and many days of news would otherwise hold a change per
    party per day (gigabytes for one treaty at 100,000 articles), where only changes
    become periods."""
    if not (row and row[-1].same(change)):
        row.append(change)


def _periods_of_row(
    treaty: TreatyInfo,
    party: str | None,
    kept: Sequence[_Change],
    records: dict[int, StepRecord],
    actors: ActorIndex,
    rules: Rules,
) -> list[Period]:
    """One row's changes (each unlike the one before) as periods, one per change."""
    multilateral = party is None and not treaty.bilateral
    found = []
    for n, change in enumerate(kept):
        following = kept[n + 1] if n + 1 < len(kept) else None
        since, view = change.view.since, change.view
        phrase = _phrase(view, rules, others=multilateral and change.flag)
        found.append(
            Period(
                treaty=treaty.iri,
                party=party,
                status=view.status,
                start=change.day,
                start_precision=_precision_at(change),
                end=following.day if following else None,
                end_precision=_precision_at(following) if following else None,
                since=since.shown,
                since_precision=since.precision,
                text=phrase if party is None else change.text,
                phrase=phrase,
                note=view.note,
                differs=party is not None and change.flag,
                others=multilateral,
                steps=_records(view.basis, treaty, records, actors, rules),
                answer=change.text if party is None else "",
            )
        )
    return found


def _records(
    steps: Iterable[Step],
    treaty: TreatyInfo,
    records: dict[int, StepRecord],
    actors: ActorIndex,
    rules: Rules,
) -> tuple[StepRecord, ...]:
    """The records of the steps a view rests on, by IRI, each made once per treaty."""
    found = {}
    for step in steps:
        record = records.get(id(step))
        if record is None:
            who = actors.label(step.party) if step.party is not None else treaty.label
            said = rules.steps[step.effect].format(on=on_text(step, rules))
            record = records[id(step)] = StepRecord(
                iri=str(iris.status_step(treaty.iri, step.origin, step.effect, step.party)),
                label=f"{who}: {said}",
                basis=tuple(sorted(step.basis)),
                sources=tuple(sorted(step.sources)),
            )
        found[record.iri] = record
    return tuple(found[iri] for iri in sorted(found))


def _precision_at(change: _Change) -> str:
    since = change.view.since
    return since.precision if since.day == change.day else change.precision


def at(found: Iterable[Period], day: date, *, party: str | None = None) -> list[Period]:
    """The periods that cover `day`: the treaty's own first, then each party's."""
    return [p for p in found if p.covers(day) and (party is None or p.party in (None, party))]


def describe(found: Sequence[Period], day: date, *, rules: Rules | None = None) -> str:
    """The answer for one day: the treaty's status, then each party whose own differs.

    >>> describe([], date(2024, 6, 1))
    'not concluded'
    """
    rules = rules or load_rules()
    whole = next((p for p in at(found, day) if p.party is None), None)
    return whole.answer if whole is not None else rules.none


def derived_triples(inputs: Inputs, computation: URIRef) -> Iterator[Triple]:
    """Every treaty's status periods as `tkg:StatusPeriod` nodes, for `derived/status`."""
    from treatykg.graph import status_rdf  # it builds on this module

    return status_rdf.derived_triples(inputs, computation)
