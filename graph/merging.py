"""Event merging: the reports of one happening, however many outlets give it, become one event.

Every per-article event is a report, and so is every KB treaty fact (`from_kb`), so the KB's
record takes part as one claim among the others. `merge` groups the reports of one
happening, derives each canonical event's type, modality and date from its reports, keeps
every report's own date and modality as claims, and names the conflicts between them. The
rules are written out in docs/model.md ("Merging reports into canonical events"); the tables
they apply (compatible types, types that happen once, modality classes) are data, in
`merge_rules.toml`; which reports are one happening is found in `graph.merge_index`.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykg.graph.actors import ActorIndex
from treatykg.graph.happenings import CanonicalEvent, Claim, Conflict, Merged, Report
from treatykg.graph.merge_index import ACTUAL, RANK_NAMES, UNDATED, Item, cluster

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "PARAMETERS",
    "RULES",
    "RULES_FILE",
    "MergeRules",
    "merge",
]

RULES_FILE = Path(__file__).with_name("merge_rules.toml")


@dataclass(frozen=True)
class MergeRules:
    """The tables the merge rules apply, read from `merge_rules.toml`."""

    version: int
    family_of: Mapping[str, str]
    specificity: Mapping[str, int]  # a type's place in its family, most specific first
    solitary: frozenset[str]
    per_party: frozenset[str]
    per_treaty: frozenset[str]
    window_days: int
    undated_window_days: int
    modality_class: Mapping[str, str]
    assertiveness: tuple[str, ...]
    mergeable: frozenset[frozenset[str]]
    conflicting: frozenset[frozenset[str]]
    partners: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        classes = {*self.modality_class.values(), *(c for pair in self.mergeable for c in pair)}
        partners = {c: frozenset(o for o in classes if self.may_merge(c, o)) for c in classes}
        object.__setattr__(self, "partners", partners)

    @classmethod
    def load(cls, path: Path = RULES_FILE) -> MergeRules:
        """The rules in a TOML file shaped like the bundled `merge_rules.toml`."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        family_of, specificity = {}, {}
        for family, types in data["families"].items():
            for place, event_type in enumerate(types):
                family_of[event_type], specificity[event_type] = family, place
        once, modality = data["once"], data["modality"]
        return cls(
            version=int(data["version"]),
            family_of=family_of,
            specificity=specificity,
            solitary=frozenset(data["solitary"]["types"]),
            per_party=frozenset(once["per_party"]),
            per_treaty=frozenset(once["per_treaty"]),
            window_days=int(once["window_days"]),
            undated_window_days=int(data["undated"]["window_days"]),
            modality_class=dict(modality["class"]),
            assertiveness=tuple(modality["assertiveness"]),
            mergeable=frozenset(frozenset(pair) for pair in modality["mergeable"]),
            conflicting=frozenset(frozenset(pair) for pair in modality["conflicting"]),
        )

    def family(self, event_type: str) -> str:
        return self.family_of.get(event_type, event_type)

    def class_of(self, modality: str) -> str:
        return self.modality_class.get(modality, modality)

    def may_merge(self, one: str, other: str) -> bool:
        """Whether reports of these two modality classes may be of one happening."""
        return one == other or frozenset((one, other)) in self.mergeable

    def parameters(self) -> dict[str, Any]:
        """The rules as JSON-ready data, for the record of the computation that applied them.

        >>> RULES.parameters()["once"]["window_days"]
        45
        """
        return {
            "version": self.version,
            "families": {
                family: sorted(
                    (t for t, f in self.family_of.items() if f == family),
                    key=self.specificity.__getitem__,
                )
                for family in sorted(set(self.family_of.values()))
            },
            "solitary": sorted(self.solitary),
            "once": {
                "window_days": self.window_days,
                "per_party": sorted(self.per_party),
                "per_treaty": sorted(self.per_treaty),
            },
            "undated": {"window_days": self.undated_window_days},
            "modality_class": dict(sorted(self.modality_class.items())),
            "assertiveness": list(self.assertiveness),
            "mergeable": sorted(sorted(pair) for pair in self.mergeable),
            "conflicting": sorted(sorted(pair) for pair in self.conflicting),
        }


RULES = MergeRules.load()
# What the derivation record says made the canonical events: raise the version when the
# mechanism changes; a change of the tables shows in the parameters (and their version).
ALGORITHM = "merge-events"
ALGORITHM_VERSION = "2"
PARAMETERS = RULES.parameters()


def merge(reports: Sequence[Report], actors: ActorIndex, *, rules: MergeRules = RULES) -> Merged:
    """The canonical events the reports give, with every report's claims and the conflicts.

    Reports are placed finest date first (day, week, month, year, decade, undated), each
    in its block: the reports of one treaty and type family, or, for reports that name no
    treaty, of one family and one day (`graph.merge_index`). A report joins a cluster only
    if it fits every report already there (same happening by type, treaty, parties, date
    and modality), so a vague report never chains two happenings together. An undated
    report of a type that recurs (a statement, a meeting) joins only reports whose
    articles were published within `undated_window_days` of its own: without a date,
    "Russia warned New START could collapse" in 2011 and in 2023 are two warnings.

    Cost: never all pairs. Within a block a report looks only at the clusters an index
    keyed by party and modality class offers: a dated report at those whose first report
    lies within the date window (a bisect), an undated report of a recurring type at those
    first published within the window (a bisect), an undated report of a once-per-party
    type at those of its party and class, stopping at the second that fits. So the cost
    is O(n log n) for sorting plus each report's few neighbours. Measured (2 shared
    cores): 100,000 reports shaped like `benchmarks/relations.py` merge in about 4 s;
    with half of them undated plans and half dated actual reports (which used to cost
    O(n²): 16,000 took 5 to 9 s), in 3 to 5 s, also all in one treaty, type and state.

    A cluster of KB facts alone is not an event (the KB states it already); its facts join
    events that news reports give as claims and as `kb_facts`. IRIs of reports must be
    unique; the result depends on nothing else than the set of reports.

    Args:
        reports: per-article events and KB treaty facts (`from_kb=True`).
        actors: names each actor's kind and state, to tell a body from its state.
        rules: the tables to apply; the bundled `merge_rules.toml` by default.

    Returns:
        The canonical events sorted by key, and their conflicts.

    >>> from datetime import date
    >>> index = ActorIndex.from_rows([{"actor": "ru", "label": "Russia", "class": "State"}])
    >>> def report(iri, timex, start, end):
    ...     return Report(iri, "article/" + iri, "ratification", "actual", treaty="t",
    ...                   actors=frozenset({"ru"}), timex=timex, start=start, end=end)
    >>> year = report("a", "2023", date(2023, 1, 1), date(2023, 12, 31))
    >>> day = report("b", "2023-02-28", date(2023, 2, 28), date(2023, 2, 28))
    >>> [(e.timex, e.sources) for e in merge([year, day], index).events]
    [('2023-02-28', 2)]
    """
    with _collector_paused():
        return _merge(reports, actors, rules)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cycle collector: merging builds several objects per report and no cycles,
    and the collector's passes over an ever larger heap took half of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _merge(reports: Sequence[Report], actors: ActorIndex, rules: MergeRules) -> Merged:
    merged = Merged()
    for members in cluster(reports, actors, rules):
        derived = _canonical(members, rules)
        if derived is not None:
            merged.events.append(derived[0])
            merged.conflicts.extend(derived[1])
    merged.events.sort(key=lambda event: event.key)
    merged.conflicts.sort(key=lambda conflict: conflict.key)
    return merged


def _canonical(
    members: Sequence[Item], rules: MergeRules
) -> tuple[CanonicalEvent, list[Conflict]] | None:
    """The canonical event of one cluster and its conflicts; None for KB facts alone."""
    items = sorted(members, key=lambda item: item.report.iri)
    news = [item.report.iri for item in items if not item.report.from_kb]
    if not news:
        return None
    key = hashlib.sha1(news[0].encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    modality = _modality(items, rules)
    dated = [item for item in items if item.rank != UNDATED]
    chosen = _date_of(dated, rules.class_of(modality))
    reports = tuple(item.report for item in items)
    event = CanonicalEvent(
        key=key,
        type=min((r.type for r in reports), key=lambda t: (rules.specificity.get(t, 0), t)),
        treaty=items[0].report.treaty,
        actors=frozenset().union(*(r.actors for r in reports)),
        agents=frozenset().union(*(r.agents for r in reports)),
        modality=modality,
        timex=_date_value(chosen) if chosen else None,
        precision=(chosen.report.precision or RANK_NAMES[chosen.rank]) if chosen else None,
        start=chosen.report.start if chosen else None,
        end=(chosen.report.end or chosen.report.start) if chosen else None,
        reports=reports,
        claims=_claims(dated, "date", _date_value) + _claims(items, "modality", _modality_value),
        kb_facts=tuple(r.iri for r in reports if r.from_kb),
    )
    return event, _date_conflicts(key, dated) + _modality_conflicts(key, items, rules)


def _modality(items: Sequence[Item], rules: MergeRules) -> str:
    """The KB's modality when it records the happening; else, where reports contradict each
    other, the more common side (ties to the more assertive); else actual if any report is;
    else the most common modality, ties to the most assertive."""
    if len(items) == 1:
        return items[0].report.modality
    for item in items:
        if item.report.from_kb:
            return item.report.modality
    counts = Counter(item.report.modality for item in items)
    contradicting = _contradicting(items, rules)
    if contradicting:
        counts = Counter({m: n for m, n in counts.items() if rules.class_of(m) in contradicting})
    elif any(item.modality_class == ACTUAL for item in items):
        return ACTUAL
    order = {m: place for place, m in enumerate(rules.assertiveness)}
    return max(sorted(counts), key=lambda m: (counts[m], -order.get(m, len(order))))


def _contradicting(items: Sequence[Item], rules: MergeRules) -> set[str]:
    """The modality classes present that contradict another class present."""
    classes = {item.modality_class for item in items}
    return {c for pair in rules.conflicting if pair <= classes for c in pair}


def _date_of(dated: Sequence[Item], modality_class: str) -> Item | None:
    """The report whose date the event takes: among those of the event's modality class, the
    most precise; of equals, the KB's record, then the date most reports give, then the
    earliest."""
    basis = [item for item in dated if item.modality_class == modality_class] or list(dated)
    if len(basis) < 2:
        return basis[0] if basis else None
    counts = Counter(_date_value(item) for item in basis)
    return min(
        basis,
        key=lambda i: (
            i.rank,
            not i.report.from_kb,
            -counts[_date_value(i)],
            i.start,
            _date_value(i),
        ),
    )


def _date_value(item: Item) -> str:
    return item.date_value


def _modality_value(item: Item) -> str:
    return item.report.modality


def _claims(
    items: Sequence[Item], field_name: str, value_of: Callable[[Item], str]
) -> tuple[Claim, ...]:
    by_value: dict[str, list[str]] = defaultdict(list)
    for item in items:
        by_value[value_of(item)].append(item.report.iri)
    return tuple(
        Claim(field_name, value, tuple(sorted(iris))) for value, iris in sorted(by_value.items())
    )


def _date_conflicts(key: str, dated: Sequence[Item]) -> list[Conflict]:
    """Actual reports of one happening whose periods do not meet (two different days, the
    KB's record among them). A year that holds both days is in conflict with neither."""
    periods: dict[str, tuple[int, int]] = {}
    for item in dated:
        if item.modality_class == ACTUAL:
            periods.setdefault(item.date_value, (item.start, item.end))
    if len(periods) < 2:
        return []
    clashing = {
        value
        for value, (start, end) in periods.items()
        for other_start, other_end in periods.values()
        if other_end < start or end < other_start
    }
    if not clashing:
        return []
    actual = [item for item in dated if item.modality_class == ACTUAL]
    claims = _claims([i for i in actual if _date_value(i) in clashing], "date", _date_value)
    return [Conflict(f"{key}-date", key, "date", claims)]


def _modality_conflicts(key: str, items: Sequence[Item], rules: MergeRules) -> list[Conflict]:
    """One source reports what another denies."""
    contradicting = _contradicting(items, rules)
    if not contradicting:
        return []
    involved = [item for item in items if item.modality_class in contradicting]
    return [
        Conflict(f"{key}-modality", key, "modality", _claims(involved, "modality", _modality_value))
    ]
