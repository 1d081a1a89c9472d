"""What the derived layer reasons over, as plain data: reports, claims, canonical events, conflicts.

Every computation across articles (merging, treaty status, networks) takes these records
and returns records; only `graph.derived` reads them from the store and writes results
back as RDF. Keeping them plain means each rule is testable on a few hand-made records,
and one read of the store serves every computation.

IRIs are kept as `str`: sets and sorts of them are the hot path, and rdflib terms cost
more to hash than the strings they wrap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["CanonicalEvent", "Claim", "Conflict", "Merged", "Report"]


# Slots: a derivation holds every report and canonical event at once, and an instance
# without a `__dict__` is some 100 bytes smaller.
@dataclass(frozen=True, slots=True)
class Report:
    """One event as one source gives it: an article's extracted event, or a KB treaty fact.

    `start` and `end` bound the period the date names (a year-precision "2023" is
    2023-01-01..2023-12-31), so that dates of different precision compare by containment.
    """

    iri: str
    source: str  # the article IRI, or the KB graph IRI for a KB fact
    type: str  # the event type's notation: "ratification", "call_for_talks", ...
    modality: str  # notation: "actual", "planned", "negated", ...
    treaty: str | None = None
    actors: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()  # the actors in the agent (or speaker) role
    timex: str | None = None  # TIMEX3 value as the source wrote it: 2023, 2023-02, 2023-02-28
    precision: str | None = None  # day, week, month, year, decade
    start: date | None = None
    end: date | None = None
    outlet: str | None = None  # the article's publisher; None when unknown or for the KB
    published: date | None = None
    confidence: float = 1.0
    evidence: str = ""  # the sentence (or KB note) the report rests on
    from_kb: bool = False
    kb_source: str | None = None  # a KB fact's tkg:source URL

    @property
    def source_key(self) -> str:
        """What counts as one independent source: the outlet, or the article when unknown."""
        if self.from_kb:
            return "knowledge base"
        return (self.outlet or "").casefold() or self.source


@dataclass(frozen=True)
class Claim:
    """One source's value for one field of a canonical event, kept even when not chosen."""

    field: str  # "date" or "modality"
    value: str
    reports: tuple[str, ...]  # report IRIs that give this value


@dataclass(frozen=True)
class Conflict:
    """Reports of one canonical event that cannot all be true: two day-precision dates,
    or one source reporting what another denies. The KB's record takes part as a claim."""

    key: str
    event: str  # the canonical event's key
    field: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class CanonicalEvent:
    """One happening, however many reports give it.

    `date`, `precision` and `modality` are derived from the reports by the rules in
    `graph.merging` (documented in docs/model.md); `claims` keeps every source's own value.
    """

    key: str  # stable: derived from the earliest report's IRI
    type: str
    treaty: str | None
    actors: frozenset[str]
    agents: frozenset[str]
    modality: str
    timex: str | None
    precision: str | None
    start: date | None
    end: date | None
    reports: tuple[Report, ...]
    claims: tuple[Claim, ...] = ()
    kb_facts: tuple[str, ...] = ()  # IRIs of KB treaty facts that record this happening

    @property
    def sources(self) -> int:
        """Independent sources among the articles (the KB does not count as news)."""
        return len({r.source_key for r in self.reports if not r.from_kb})

    @property
    def articles(self) -> frozenset[str]:
        return frozenset(r.source for r in self.reports if not r.from_kb)


@dataclass
class Merged:
    events: list[CanonicalEvent] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
