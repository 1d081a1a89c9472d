"""Answering one question about a treaty's status: its name and the party's resolved in the
KB, its periods read once, and from them both the one-line answer and the rows of a table.

`TreatyKG.status` and `status_answer` (and so `treatykg status`) are built on `lookup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from treatykg.graph import iris, kb
from treatykg.graph.dates import parse_day
from treatykg.graph.status import Period, Rules, at, describe, load_rules
from treatykg.graph.status_rdf import treaty_periods
from treatykg.graph.store import check_iri

from treatykg.errors import KnowledgeBaseError

if TYPE_CHECKING:
    from treatykg.graph.store import TreatyStore

__all__ = ["Lookup", "NamedPeriod", "labels", "lookup", "named_periods", "party_name"]


def labels(store: TreatyStore, found: Sequence[Period], also: Iterable[str] = ()) -> dict[str, str]:
    """The names of the treaties and parties of `found` (and of `also`): the KB's, else an
    article's."""
    wanted = sorted({p.treaty for p in found} | {p.party for p in found if p.party} | set(also))
    if not wanted:
        return {}
    values = " ".join(f"<{check_iri(iri, 'a status period')}>" for iri in wanted)
    rows = store.query(
        f"""SELECT ?x (SAMPLE(?k) AS ?kb) (SAMPLE(?a) AS ?any) WHERE {{ VALUES ?x {{ {values} }}
          OPTIONAL {{ GRAPH <{iris.KB_GRAPH}> {{ ?x skos:prefLabel ?k }} }}
          OPTIONAL {{ GRAPH ?g {{ ?x tkg:linked false ; skos:prefLabel ?a }} }}
        }} GROUP BY ?x"""
    ).records()
    return {str(r["x"]): str(r["kb"] or r["any"]) for r in rows if r["kb"] or r["any"]}


def party_name(period: Period, names: Mapping[str, str], rules: Rules) -> str:
    """Whose status a period is, as answers say it: the party's name, else "all parties"
    (or "other parties": those of a multilateral treaty no source names one by one)."""
    if period.party is None:
        return rules.other_parties if period.others else rules.all_parties
    return names.get(period.party) or period.party


@dataclass(frozen=True)
class NamedPeriod:
    """One stretch of one party's status under a treaty, names resolved: what a page
    draws as a band. `end` is exclusive and None while the status lasts."""

    treaty: str  # IRI
    party: str  # "all parties", "Russia"
    code: str  # notation: in_force, suspended, ...
    label: str  # "in force", "participation suspended"
    start: date
    end: date | None
    party_iri: str | None = None  # None: the treaty as a whole


def named_periods(store: TreatyStore, treaty: str) -> list[NamedPeriod]:
    """A treaty's status periods (by IRI), each party named as `treatykg status` names it.

    Raises:
        QueryError: `treaty` is not an IRI.
    """
    rules = load_rules()
    periods = treaty_periods(store, str(check_iri(treaty, "treaty")))
    names = labels(store, periods)
    found = []
    for p in periods:
        label = rules.labels.get(p.status, p.status)
        name = party_name(p, names, rules)
        found.append(NamedPeriod(treaty, name, p.status, label, p.start, p.end, p.party))
    return found


@dataclass(frozen=True)
class Lookup:
    """One question about a treaty's status, its names resolved, and every period of the
    treaty: the answer and the rows are both read from these."""

    treaty: str
    treaty_label: str
    on: date | None  # the day asked about; None: every period, and today's answer
    party: str | None  # the party's IRI: the successor of a state that ended
    party_label: str | None  # "Russia", or "Soviet Union (succeeded by Russia)"
    periods: list[Period]
    names: dict[str, str]

    def answer(self, rules: Rules | None = None) -> str:
        """`New START on 2024-06-01: in force ...; Russia: participation suspended since ...`."""
        rules = rules or load_rules()
        day = self.on or date.today()
        when = f"{self.treaty_label} on {day.isoformat()}"
        if self.party is None:
            return f"{when}: {describe(self.periods, day, rules=rules)}"
        covering = at(self.periods, day)
        mine = next((p.phrase for p in covering if p.party == self.party), None)
        if mine is None:
            whole = next((p for p in covering if p.party is None), None)
            status = rules.labels.get(whole.status, whole.status) if whole else None
            mine = rules.not_party.format(status=status) if status else rules.none
        return f"{when}, {self.party_label}: {mine}"

    def selected(self) -> list[Period]:
        """The periods asked for: the party's (when one is asked about), covering the day
        (when one is given)."""
        found = self.periods
        if self.party is not None:
            found = [p for p in found if p.party == self.party]
        return at(found, self.on) if self.on is not None else list(found)

    def rows(self, rules: Rules | None = None) -> list[dict[str, object]]:
        """The periods asked for as plain rows, names beside IRIs: what a DataFrame or JSON
        is made of."""
        rules = rules or load_rules()
        found = []
        for p in self.selected():
            asked = p.party is not None and p.party == self.party
            name = self.party_label if asked else self.names.get(p.party or "")
            found.append(
                {
                    "treaty": self.treaty_label,
                    "party": name if name and p.party else party_name(p, self.names, rules),
                    "status": rules.labels.get(p.status, p.status),
                    "code": p.status,
                    "from": p.start,
                    "until": p.end,
                    "since": p.since,
                    "note": p.note,
                    "text": f"{name}: {p.phrase}" if asked else p.text,
                    "differs": p.differs,
                    "basis": list(p.basis),
                    "sources": list(p.sources),
                    "from_precision": p.start_precision,
                    "until_precision": p.end_precision,
                    "since_precision": p.since_precision,
                    "treaty_iri": p.treaty,
                    "party_iri": p.party,
                }
            )
        return found

    def about(self, rules: Rules | None = None) -> dict[str, str | None]:
        """What was asked, resolved, and the answer: the head of a JSON answer."""
        return {
            "treaty": self.treaty_label,
            "treaty_iri": self.treaty,
            "on": (self.on or date.today()).isoformat(),
            "party": self.party_label,
            "party_iri": self.party,
            "answer": self.answer(rules),
        }


def lookup(
    store: TreatyStore, treaty: str, *, on: date | str | None = None, party: str | None = None
) -> Lookup:
    """A treaty's periods, names resolved, for the answer on `on` (today by default) and the
    rows asked for (covering `on` when given; `party`'s, when given).

    A party of a multilateral treaty that no source names (the KB does not list it, no step
    of its own is on record) has no rows, and its answer says so: the treaty's status holds
    for its parties only.

    Raises:
        KnowledgeBaseError: the KB names no such treaty or party, or the party has no
            status under a treaty whose parties are all on record (a bilateral one).
        QueryError: `on` is not a date.
    """
    rules = load_rules()
    day = parse_day(on, "status on")  # one day: a status holds on a day, not in a year
    entry = kb.resolve(store, treaty, type="Treaty")
    iri = str(iris.entity(entry.key))
    found = treaty_periods(store, iri)
    if party is None:
        return Lookup(iri, entry.label, day, None, None, found, labels(store, found))
    member = kb.resolve(store, party)
    asked = str(iris.entity(member.key))
    who = rules.successor(asked)
    names = labels(store, found, also=[who])
    name = member.label
    if who != asked:
        name = rules.succeeded.format(old=member.label, new=names.get(who, who))
    if not any(p.party == who for p in found) and not any(p.others for p in found):
        parties = sorted({names.get(p.party, p.party) for p in found if p.party is not None})
        known = (
            f"its parties on record are {', '.join(parties)}"
            if parties
            else "it has none on record"
        )
        raise KnowledgeBaseError(f"{name} has no status under {entry.label}: {known}")
    return Lookup(iri, entry.label, day, who, name, found, names)
