"""The clustering index of event merging: which reports are one happening, never comparing all pairs.

`graph.merging` derives each canonical event from its reports; this module finds the
groups. Reports go into blocks (one treaty and type family), and within a block each
report looks only at the clusters an index says it could join: by date window, party
and modality class for a dated report; by party, modality class and (for types that
recur) the article's publication date for an undated one. A report then joins a
cluster only if it fits every report already there.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from treatykg.graph.actors import ActorIndex
from treatykg.graph.happenings import Report

if TYPE_CHECKING:  # merging imports this module; the rules are only handed in
    from treatykg.graph.merging import MergeRules

__all__ = ["ACTUAL", "RANK_NAMES", "UNDATED", "Item", "cluster"]

ACTUAL = "actual"
_RANKS = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}  # finest first
UNDATED = len(_RANKS)
RANK_NAMES = {rank: name for name, rank in _RANKS.items()}
_ANY = ""  # the index key under which every cluster of a block is found


@dataclass(frozen=True)
class _Parties:
    """Who a report says acted, as merging compares it."""

    actors: frozenset[str]  # `ActorIndex.parties`: the agents, or the chambers among them
    legislative: bool
    states: frozenset[str]  # the actors that are states
    stands_for: frozenset[str]  # the states the other actors act for
    roll: frozenset[str]  # every actor as its state; a legislature as itself
    # The index keys a cluster this report opens is filed under, and those a report looks
    # up: a party fits another that names one of its actors ("a:"), the state one of its
    # officials acts for ("a:"), or an official of one of its states ("r:").
    files: tuple[str, ...] = ()
    finds: tuple[str, ...] = ()


class _Resolver:
    """Parties from actor sets, each pair of sets resolved once: news repeats the same few."""

    def __init__(self, actors: ActorIndex) -> None:
        self._actors = actors
        self._seen: dict[tuple[frozenset[str], frozenset[str]], _Parties] = {}

    def __call__(self, report: Report) -> _Parties:
        key = (report.agents, report.actors)
        parties = self._seen.get(key)
        if parties is None:
            parties = self._seen[key] = self._resolve(*key)
        return parties

    def _resolve(self, agents: frozenset[str], actors: frozenset[str]) -> _Parties:
        index = self._actors
        named = index.parties(agents, actors)
        legislative = any(index.is_legislature(a) for a in named)
        states, stands_for, roll = set(), set(), set()
        for actor in named:  # a chamber's step is its own: it stands for no state
            state = None if legislative else index.state_of(actor)
            if state == actor:
                states.add(actor)
            elif state is not None:
                stands_for.add(state)
            roll.add(state or actor)
        files = {f"a:{a}" for a in named} | {f"r:{r}" for r in roll}
        finds = {f"a:{a}" for a in named | stands_for} | {f"r:{s}" for s in states}
        return _Parties(
            named,
            legislative,
            frozenset(states),
            frozenset(stands_for),
            frozenset(roll),
            tuple(sorted(files)),
            tuple(sorted(finds)),
        )


@dataclass(slots=True)
class Item:
    """A report with what placing it needs, computed once (not frozen: built 100,000 times)."""

    report: Report
    family: str
    rank: int  # date precision, UNDATED when the report gives no date
    start: int  # date ordinals; 0 when undated
    end: int
    date_value: str  # the date at its precision, as claims give it
    modality_class: str
    parties: _Parties
    once: bool
    treaty_wide: bool
    vague: bool  # a once-per-party happening whose party is not named
    published: int  # the article's publication date as an ordinal; 0 when unknown


def cluster(reports: Sequence[Report], actors: ActorIndex, rules: MergeRules) -> list[list[Item]]:
    """The reports grouped by happening, each group in the order its reports joined."""
    resolve = _Resolver(actors)
    items = sorted((_item(r, rules, resolve) for r in reports), key=_placing_order)
    clusters: list[_Cluster] = []
    blocks: dict[tuple[str | int | None, ...], _Block] = {}
    for item in items:
        key = _block_key(item, rules)
        if key is None:
            clusters.append(_Cluster.of(item))
        else:
            _place(item, blocks.setdefault(key, _Block()), clusters, rules)
    return [found.members for found in clusters]


def _item(report: Report, rules: MergeRules, resolve: _Resolver) -> Item:
    parties = resolve(report)
    if report.start is None:
        rank, start, end = UNDATED, 0, 0
    else:
        start, end = report.start.toordinal(), (report.end or report.start).toordinal()
        rank = _RANKS.get(report.precision or "", -1)
        if rank < 0:
            rank = _rank_of_length(end - start)
    per_treaty = report.type in rules.per_treaty and report.treaty is not None
    return Item(
        report=report,
        family=rules.family(report.type),
        rank=rank,
        start=start,
        end=end,
        date_value=_date_text(report, rank, start),
        modality_class=rules.class_of(report.modality),
        parties=parties,
        once=per_treaty or report.type in rules.per_party,
        treaty_wide=per_treaty,
        vague=not parties.actors and not per_treaty,
        published=report.published.toordinal() if report.published else 0,
    )


def _rank_of_length(days: int) -> int:
    """A precision for a period the report does not name: the smallest that holds it."""
    return next(
        (rank for rank, most in enumerate((0, 6, 30, 365, 3652)) if days <= most), _RANKS["decade"]
    )


def _date_text(report: Report, rank: int, start: int) -> str:
    """The date as the report gives it, at its precision, as a TIMEX3 value: 2023-02-28,
    2023-W09, 2023-02, 2023, and 202 for the 2020s (what `triples.timex_start` reads back).

    >>> [_date_text(Report("e", "a", "statement", "actual"), rank, date(2023, 2, 28).toordinal())
    ...  for rank in range(UNDATED + 1)]
    ['2023-02-28', '2023-W09', '2023-02', '2023', '202', '']
    """
    if rank == UNDATED:
        return ""
    day = date.fromordinal(start)
    if rank == 0:
        return day.isoformat()
    if report.timex:
        return report.timex
    week = "{:04d}-W{:02d}".format(*day.isocalendar()[:2])
    return {1: week, 2: f"{day:%Y-%m}", 3: f"{day:%Y}"}.get(rank, f"{day.year // 10:03d}")


def _placing_order(item: Item) -> tuple[int, bool, int, str]:
    """Precise reports first, so that a vague one sees every cluster it could join."""
    return (item.rank, item.vague, item.start, item.report.iri)


def _block_key(item: Item, rules: MergeRules) -> tuple[str | int | None, ...] | None:
    """The block whose clusters a report may join; None when it stays an event of its own.

    Reports that name no treaty merge only when their parties and day agree, so their block
    is one family on one day, and one without a day or a party is alone."""
    if item.report.type in rules.solitary:
        return None
    if item.report.treaty is not None:
        return (item.report.treaty, item.family)
    if item.rank == 0 and item.parties.actors:
        return (None, item.family, item.start)
    return None


@dataclass(slots=True)
class _Cluster:
    """Reports placed together so far, with the bounds every newcomer must fit."""

    members: list[Item]
    classes: set[str]
    parties: set[_Parties]  # the distinct parties its reports name (none counted when unnamed)
    kb: bool
    actual: tuple[int, int] | None = None  # (latest start, earliest end) of dated actual reports
    other: tuple[int, int] | None = None  # the same for every other dated report
    published: tuple[int, int] | None = None  # (earliest, latest) publication of its reports
    unpublished: bool = False  # a report whose publication is unknown (a KB fact)

    @classmethod
    def of(cls, item: Item) -> _Cluster:
        found = cls([], set(), set(), False)
        found.add(item)
        return found

    def add(self, item: Item) -> None:
        self.members.append(item)
        self.classes.add(item.modality_class)
        if item.parties.actors:
            self.parties.add(item.parties)
        self.kb = self.kb or item.report.from_kb
        if not item.published:
            self.unpublished = True
        elif self.published is None:
            self.published = (item.published, item.published)
        else:
            low, high = self.published
            self.published = (min(low, item.published), max(high, item.published))
        if item.rank == UNDATED:
            return
        if item.modality_class == ACTUAL:
            self.actual = _narrow(self.actual, item)
        else:
            self.other = _narrow(self.other, item)


def _narrow(bounds: tuple[int, int] | None, item: Item) -> tuple[int, int]:
    if bounds is None:
        return (item.start, item.end)
    return (max(bounds[0], item.start), min(bounds[1], item.end))


def _gap(item: Item, bounds: tuple[int, int]) -> int:
    """Days between the report's period and the farthest period among those bounded."""
    return max(0, bounds[0] - item.end, item.start - bounds[1])


@dataclass
class _Block:
    """One block's clusters, indexed by what a cluster's first report and classes say.

    A cluster a report fits has a first report that names one party with it (see
    `_Parties.finds`; or the report names none), holds only modality classes that may
    merge with the report's, and for an undated report of a recurring type was published
    within the window: so the keys below find every cluster a report could join, and few
    others.
    """

    # (rank, party key or _ANY, first report's class) -> sorted (first report's start, cluster);
    # rank -> the longest period among those first reports (days), to know how far back
    # a period may reach.
    seeds: dict[tuple[int, str, str], list[tuple[int, int]]] = field(default_factory=dict)
    spans: dict[int, int] = field(default_factory=dict)
    # (party key or _ANY, a class the cluster holds) -> sorted (first report's publication,
    # cluster)
    classed: dict[tuple[str, str], list[tuple[int, int]]] = field(default_factory=dict)

    def open(self, item: Item, index: int) -> None:
        if item.rank != UNDATED:
            for key in _keys_of(item):
                seeds = self.seeds.setdefault((item.rank, key, item.modality_class), [])
                bisect.insort(seeds, (item.start, index))
            self.spans[item.rank] = max(self.spans.get(item.rank, 0), item.end - item.start)
        self.gain(item, index, item.modality_class)

    def gain(self, first: Item, index: int, modality_class: str) -> None:
        """File a cluster (named by its first report) under a class it now holds."""
        for key in _keys_of(first):
            bisect.insort(
                self.classed.setdefault((key, modality_class), []), (first.published, index)
            )

    def candidates(self, item: Item, rules: MergeRules) -> Iterator[int]:
        """The clusters the report could fit (possibly some twice): others never fit it."""
        keys = item.parties.finds if item.parties.actors and not item.treaty_wide else (_ANY,)
        if item.rank == UNDATED:
            yield from self._undated(item, keys, rules.undated_window_days)
            return
        allowed = _allowed_gap(item, rules)
        last = item.end + allowed
        for cls in rules.partners.get(item.modality_class, {item.modality_class}):
            for rank, span in self.spans.items():
                for key in keys:
                    seeds = self.seeds.get((rank, key, cls), [])
                    at = bisect.bisect_left(seeds, (item.start - allowed - span, -1))
                    while at < len(seeds) and seeds[at][0] <= last:
                        yield seeds[at][1]
                        at += 1

    def _undated(self, item: Item, keys: tuple[str, ...], window: int) -> Iterator[int]:
        """An undated report joins only clusters holding its own class; one of a recurring
        type, only those first published within the window of its own article."""
        for key in keys:
            filed = self.classed.get((key, item.modality_class), [])
            if item.once:
                yield from (index for _published, index in filed)
            elif item.published:
                at = bisect.bisect_left(filed, (item.published - window, -1))
                while at < len(filed) and filed[at][0] <= item.published + window:
                    yield filed[at][1]
                    at += 1


def _keys_of(first: Item) -> tuple[str, ...]:
    return (_ANY, *first.parties.files)


def _place(item: Item, block: _Block, clusters: list[_Cluster], rules: MergeRules) -> None:
    """Join the one cluster the report fits; a precise report picks the nearest of several,
    a vague one (coarse date, no date, or no party) stays alone rather than guess."""
    precise = item.rank == 0 and not item.vague
    fits: dict[int, int] = {}
    seen: set[int] = set()
    for index in block.candidates(item, rules):
        if index in seen:
            continue
        seen.add(index)
        gap = _fit(item, clusters[index], rules)
        if gap is not None:
            fits[index] = gap
            if len(fits) > 1 and not precise:
                break  # two happenings it could be: it is neither
    if len(fits) == 1 or (fits and precise):
        index = min(fits, key=lambda found: (fits[found], found))
        joined = clusters[index]
        if item.modality_class not in joined.classes:
            block.gain(joined.members[0], index, item.modality_class)
        joined.add(item)
        return
    block.open(item, len(clusters))
    clusters.append(_Cluster.of(item))


def _allowed_gap(item: Item, rules: MergeRules) -> int:
    return rules.window_days if item.once and item.modality_class == ACTUAL else 0


def _fit(item: Item, cluster: _Cluster, rules: MergeRules) -> int | None:
    """How far (days) the report lies from the cluster's dates, if it fits every report there."""
    if item.report.from_kb and cluster.kb:
        return None  # two KB facts are two records, never one happening
    if item.rank == UNDATED:
        # With no date to tell a plan from its outcome, add no class (and no conflict).
        if item.modality_class not in cluster.classes:
            return None
        if not item.once and not _published_near(item, cluster, rules.undated_window_days):
            return None  # a statement or a meeting recurs: without a date, only the same news
    elif not cluster.classes <= rules.partners.get(item.modality_class, {item.modality_class}):
        return None
    if not _fits_parties(item, cluster):
        return None
    if item.rank == UNDATED:
        return 0
    gap = 0
    if cluster.actual is not None:
        gap = _gap(item, cluster.actual)
        if gap > _allowed_gap(item, rules):
            return None
    if cluster.other is not None and _gap(item, cluster.other) > 0:
        return None  # a plan or a denial names the date of the happening, or is another one
    return gap


def _published_near(item: Item, cluster: _Cluster, window: int) -> bool:
    """Whether every report there was published within `window` days of this one."""
    if not item.published or cluster.unpublished or cluster.published is None:
        return False
    low, high = cluster.published
    return high - window <= item.published <= low + window


def _fits_parties(item: Item, cluster: _Cluster) -> bool:
    """Whether the report names the party every report there names (or names none)."""
    one = item.parties
    if not one.actors:
        return True  # it may be any of them: _place lets it join only a unique candidate
    if not cluster.parties:  # reports naming no party take no party's, unless none matters
        return item.treaty_wide and not one.legislative
    return all(_same_party(one, other, item.treaty_wide) for other in cluster.parties)


def _same_party(one: _Parties, other: _Parties, treaty_wide: bool) -> bool:
    """Whether two reports name one party: the same actor, or a state and a body or official
    acting for it (the Kremlin, Peskov and Russia), but never two officials, and never a
    legislature for its state: a chamber's step matches only that chamber's."""
    if one.legislative or other.legislative:
        return one.legislative and other.legislative and bool(one.actors & other.actors)
    if treaty_wide:
        return True
    return bool(
        one.actors & other.actors or one.states & other.stands_for or other.states & one.stands_for
    )
