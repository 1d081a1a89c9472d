"""Who each actor is, for reasoning across articles: its name, its kind, and the state it acts for.

Merging asks whether "the Kremlin" and "Russia" may be the same party to an event;
networks roll bodies and officials up to their states when an analyst asks about
states. Both need the same small index of the KB (and of the entities articles add),
read once per derivation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from treatykg.graph import iris

if TYPE_CHECKING:
    from treatykg.graph.store import TreatyStore

__all__ = ["ActorIndex"]

# The most specific class wins: a legislature is also a government body and an organization.
_KINDS = (
    "Legislature", "GovernmentBody", "InternationalOrganization", "NewsAgency",
    "Organization", "State", "Person", "Treaty", "Other",
)  # fmt: skip

# The KB graph is named outright (our own constant, never input) so the engine reads only it.
_KB_ACTORS = f"""SELECT ?actor ?label ?class ?state WHERE {{ GRAPH <{iris.KB_GRAPH}> {{
  ?actor a ?class ; skos:prefLabel ?label .
  OPTIONAL {{ ?actor tkg:ofState ?body_state }}
  OPTIONAL {{ ?actor tkg:position/org:organization ?org .
             OPTIONAL {{ ?org tkg:ofState ?org_state }} }}
  BIND(COALESCE(?body_state, ?org_state, IF(EXISTS {{ ?org a tkg:State }}, ?org, ?none)) AS ?state)
}} }}"""

_NEW_ACTORS = """SELECT ?actor ?label ?class ?affiliation WHERE { GRAPH ?g {
  ?actor tkg:linked false ; skos:prefLabel ?label ; a ?class .
  OPTIONAL { ?actor tkg:affiliation ?affiliation }
} }"""


@dataclass
class ActorIndex:
    labels: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)  # actor -> the state it acts for

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str | None]], *, kb: bool = True) -> ActorIndex:
        """An index from rows of actor, label, class (local name) and state (IRI or None)."""
        index = cls()
        index.add(rows, kb=kb)
        return index

    def add(self, rows: Iterable[Mapping[str, str | None]], *, kb: bool = False) -> None:
        """Add actors; an entity the KB already names keeps the KB's name and kind."""
        for row in rows:
            actor, label, kind = row["actor"], row.get("label"), row.get("class")
            if actor is None:
                continue
            if label and (kb or actor not in self.labels):
                self.labels[actor] = label
            if kind in _KINDS and (
                actor not in self.kinds or _KINDS.index(kind) < _KINDS.index(self.kinds[actor])
            ):
                self.kinds[actor] = kind
            state = row.get("state")
            if state and actor not in self.states:
                self.states[actor] = state

    @classmethod
    def from_store(cls, store: TreatyStore, *, with_new: bool = True) -> ActorIndex:
        """The KB's actors, and (unless `with_new` is False) the ones articles added."""
        index = cls.from_rows(_rows(store, _KB_ACTORS))
        if with_new:
            new = _rows(store, _NEW_ACTORS)
            # An entity the KB lacks acts for the state its affiliation names, if any.
            index.add(
                {**row, "state": index.state_of(row["affiliation"]) if row["affiliation"] else None}
                for row in new
            )
        return index

    def label(self, actor: str) -> str:
        """The actor's name; the IRI's last segment when nothing names it."""
        return self.labels.get(actor) or actor.rstrip("/").rsplit("/", 1)[-1]

    def kind(self, actor: str) -> str:
        """The most specific class: Legislature, GovernmentBody, State, Person, ..."""
        return self.kinds.get(actor, "Other")

    def is_legislature(self, actor: str) -> bool:
        return self.kind(actor) == "Legislature"

    def state_of(self, actor: str) -> str | None:
        """The state an actor acts for: itself for a state, its state for a body, the state
        (or the state of the body) an official's position is in. None when unknown."""
        if self.kind(actor) == "State":
            return actor
        return self.states.get(actor)

    def roll_up(self, actor: str) -> str:
        """The actor as a state where it acts for one, else itself (for state-level views)."""
        return self.state_of(actor) or actor

    def parties(self, agents: frozenset[str], actors: frozenset[str]) -> frozenset[str]:
        """Who took the step a report describes: its agents (lacking agents, all its actors),
        or only the chambers among them when a legislature took part.

        A chamber's vote is a step of its own, never its state's: the Duma's vote to ratify
        is not Russia's ratification. The extractor reads "Russia's State Duma voted to
        ratify" with Russia as the agent and the Duma as another actor, so a chamber among
        the actors that belongs to a state named as the only kind of agent is the one that
        acted. Merging (is this the same happening?) and treaty status (whose step is it?)
        both ask this, so they must get one answer.

        >>> index = ActorIndex.from_rows([
        ...     {"actor": "ru", "class": "State"}, {"actor": "us", "class": "State"},
        ...     {"actor": "duma", "class": "Legislature", "state": "ru"}])
        >>> sorted(index.parties(frozenset({"ru"}), frozenset({"ru", "duma"})))
        ['duma']
        >>> sorted(index.parties(frozenset({"us"}), frozenset({"us", "duma"})))
        ['us']
        >>> sorted(index.parties(frozenset(), frozenset({"ru", "us"})))
        ['ru', 'us']
        """
        named = agents or actors
        chambers = frozenset(a for a in named if self.is_legislature(a))
        if not chambers and agents and all(self.kind(a) == "State" for a in agents):
            chambers = frozenset(
                a for a in actors if self.is_legislature(a) and self.state_of(a) in agents
            )
        return chambers or named


def _rows(store: TreatyStore, sparql: str) -> list[dict[str, str | None]]:
    """Query rows as strings, classes by their local name."""
    result = store.query(sparql)
    rows = []
    for record in result.records():
        row = {name: (str(value) if value is not None else None) for name, value in record.items()}
        if row.get("class"):
            row["class"] = row["class"].rsplit("#", 1)[-1]  # type: ignore[union-attr]
        rows.append(row)
    return rows
