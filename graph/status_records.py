"""The records treaty status is computed with: the rules (`status_rules.toml`, read), what
the KB says of a treaty's parties, and the periods the machine in `graph.status` returns.

Plain data, so that the machine is testable on a few hand-made records and the derived
graph can be read back into the same records the machine writes.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from treatykg.graph import iris

__all__ = ["RULES_FILE", "Period", "Rules", "StepRecord", "TreatyInfo", "load_rules"]

RULES_FILE = Path(__file__).with_name("status_rules.toml")


@dataclass(frozen=True)
class Rules:
    """`status_rules.toml`, read: what each (type, modality) does, how the machine applies
    it, and how answers read."""

    version: int
    party_effects: Mapping[tuple[str, str], str]
    treaty_effects: Mapping[tuple[str, str], str]
    unnamed_effects: Mapping[tuple[str, str], str]
    successors: Mapping[str, str]
    stand_for_state: frozenset[str]  # actor kinds that stand for their state
    precisions: Mapping[str, str]  # precision -> its concept's local name
    ranks: Mapping[str, int]  # precision -> rank, the finer first
    order: tuple[str, ...]  # effects, in the order one day's steps apply
    final: frozenset[str]
    base: frozenset[str]
    binding: frozenset[str]
    reported: frozenset[str]
    priority: tuple[str, ...]
    ends: frozenset[str]
    same_as_treaty: Mapping[str, frozenset[str]]
    concepts: Mapping[str, str]
    labels: Mapping[str, str]
    phrases: Mapping[str, str]
    notes: Mapping[str, str]
    steps: Mapping[str, str]  # effect -> what a step node says it did
    others: str
    none: str
    all_parties: str
    other_parties: str
    not_party: str
    succeeded: str
    on_day: str
    in_period: str

    def successor(self, actor: str) -> str:
        return self.successors.get(actor, actor)

    def rank(self, precision: str) -> int:
        """How coarse a precision is (0 for a day); an unknown one counts as a day."""
        return self.ranks.get(precision, 0)

    @property
    def lifecycle_types(self) -> tuple[str, ...]:
        """The event types some rule reads: a treaty's lifecycle, which the lifecycle DAG
        and the timeline's chain of steps both follow."""
        effects = (*self.party_effects, *self.treaty_effects, *self.unnamed_effects)
        return tuple(sorted({type_ for type_, _modality in effects}))


@functools.cache
def load_rules(path: Path = RULES_FILE) -> Rules:
    """The rules of `path` (the bundled file by default), read once."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tables: dict[str, dict[tuple[str, str], str]] = {"party": {}, "treaty": {}, "unnamed": {}}
    for rule in data["rule"]:
        for modality in rule["modality"]:
            for scope, table in tables.items():
                if scope in rule:
                    table[(rule["type"], modality)] = rule[scope]
    status, machine, answer = data["status"], data["machine"], data["answer"]
    unsaid = [effect for effect in machine["order"] if effect not in data["steps"]]
    if unsaid:
        raise ValueError(f"{path}: [steps] says nothing of {', '.join(unsaid)}; add a phrase each")
    return Rules(
        version=int(data["version"]),
        party_effects=tables["party"],
        treaty_effects=tables["treaty"],
        unnamed_effects=tables["unnamed"],
        successors={
            str(iris.entity(old)): str(iris.entity(new)) for old, new in data["successors"].items()
        },
        stand_for_state=frozenset(data["parties"]["stand_for_state"]),
        precisions={k: v["concept"] for k, v in data["precision"].items()},
        ranks={k: int(v["rank"]) for k, v in data["precision"].items()},
        order=tuple(machine["order"]),
        final=frozenset(machine["final"]),
        base=frozenset(machine["base"]),
        binding=frozenset(machine["binding"]),
        reported=frozenset(machine["reported"]),
        priority=tuple(data["party"]["priority"]),
        ends=frozenset(data["party"]["ends"]),
        same_as_treaty={k: frozenset(v) for k, v in data["party"]["same_as_treaty"].items()},
        concepts={k: v["concept"] for k, v in status.items()},
        labels={k: v["label"] for k, v in status.items()},
        phrases={k: v["phrase"] for k, v in status.items()},
        notes=dict(data["notes"]),
        steps=dict(data["steps"]),
        others=answer["others"],
        none=answer["none"],
        all_parties=answer["all_parties"],
        other_parties=answer["other_parties"],
        not_party=answer["not_party"],
        succeeded=answer["succeeded"],
        on_day=answer["on_day"],
        in_period=answer["in_period"],
    )


@dataclass(frozen=True)
class TreatyInfo:
    """What the KB says of a treaty's parties, which decides who a status is about."""

    iri: str
    label: str
    parties: frozenset[str] = frozenset()  # tkg:party, predecessors mapped to successors
    depositaries: frozenset[str] = frozenset()  # the depositaries that are states
    party_count: int | None = None
    kb_status: str | None = None  # notation of the KB's tkg:treatyStatus: in_force, ...

    @property
    def bilateral(self) -> bool:
        """Two parties listed, no count of more: one party's withdrawal ends it for both."""
        return len(self.parties) == 2 and (self.party_count or 2) <= 2


@dataclass(frozen=True)
class StepRecord:
    """One step the periods of a treaty rest on, with what it rests on in turn.

    A step is cited by every period that shows it (a treaty's entry into force, by each
    period of its row until it ends), and its sources grow with the news that reports it.
    Periods point at the step, so each of its sources is listed once per treaty rather than
    once per period: a list per period grew with periods times articles.
    """

    iri: str
    label: str  # what the step did, as an answer says it: "Russia: suspended on 2023-02-28"
    basis: tuple[str, ...] = ()  # KB fact and happening IRIs
    sources: tuple[str, ...] = ()  # KB source URLs and article IRIs


@dataclass(frozen=True)
class Period:
    """One stretch of time over which one party's status (or the treaty's) stayed the same.

    `party` None is the treaty as a whole: for a multilateral treaty (`others`), the
    parties the KB and the news do not name one by one. `end` is exclusive, None while
    the status lasts. `since` is when the status began (the first day of the period its
    source names, at `since_precision`), earlier than `start` when the period only splits
    a longer status (another party's step changed the answer) or when the status is known
    only by its month or year: it holds, for an answer on a date, from the last day of
    that month or year on, `start` (read at `start_precision`).
    """

    treaty: str
    party: str | None
    status: str  # a key of the rules' statuses: in_force, suspended, ...
    start: date
    start_precision: str
    end: date | None
    end_precision: str | None
    since: date
    since_precision: str
    text: str  # how an answer says it: "Russia: participation suspended since 2023-02-28"
    phrase: str  # the same without the party's name: "participation suspended since ..."
    note: str = ""
    differs: bool = False  # the party's own status, unlike the treaty's at the time
    others: bool = False
    steps: tuple[StepRecord, ...] = ()  # what the status rests on, by IRI
    # The treaty's own periods: the whole answer while the period lasts, the treaty's status
    # then each party whose own differs ("in force ...; Russia: participation suspended ...").
    answer: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def basis(self) -> tuple[str, ...]:
        """The KB facts and happenings the period rests on, through its steps."""
        return tuple(sorted({b for step in self.steps for b in step.basis}))

    @property
    def sources(self) -> tuple[str, ...]:
        """The KB source URLs and article IRIs of its steps."""
        return tuple(sorted({s for step in self.steps for s in step.sources}))
