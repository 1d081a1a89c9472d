"""Which canonical events a network counts, and which actor a name means.

The relations API, the network page and the CLI choose events the same way (treaties,
years, a date range, actors rolled up to states or not); one `EventScope` holds that
choice, so it can key the networks computed once per choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from treatykg.graph import iris, kb
from treatykg.graph.network import NetworkError, in_period, in_years

from treatykg.errors import KnowledgeBaseError

if TYPE_CHECKING:
    from treatykg.graph.happenings import CanonicalEvent
    from treatykg.graph.store import TreatyStore

__all__ = ["EventScope", "Names", "resolve_actor"]

Names = Sequence[tuple[str, str]]  # (a name, the actor it names)


class EventScope(NamedTuple):
    """Which events a projection counts: a cache key, and the filters in one place.

    A date range keeps the events wholly inside it (`graph.network.in_period`): a network
    counts what happened within the years asked, not what began before them.
    """

    by_state: bool = False
    years: tuple[int, int] | None = None
    treaties: tuple[str, ...] = ()  # IRIs; empty: every treaty's events, and untied ones
    start: date | None = None
    end: date | None = None

    def counts(self, event: CanonicalEvent) -> bool:
        return (
            in_years(event, self.years)
            and in_period(event, self.start, self.end)
            and (not self.treaties or event.treaty in self.treaties)
        )


def resolve_actor(store: TreatyStore, name: str, names: Names, same_as: dict[str, str]) -> str:
    """The actor a name means: an IRI as given, a KB name, alias or key, or else one of
    `names` (an actor's name or a spelling of it), as the entity it is `owl:sameAs`.

    Raises:
        NetworkError: no name matches, or several actors have it.
    """
    wanted = name.strip()
    if wanted.startswith(("http://", "https://", "urn:")):
        found = wanted
    else:
        try:
            found = str(iris.entity(kb.resolve(store, wanted).key))
        except KnowledgeBaseError:
            found = _by_label(wanted, names)
    return same_as.get(found, found)


def _by_label(name: str, names: Names) -> str:
    hits = sorted({actor for label, actor in names if label.casefold() == name.casefold()})
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise NetworkError(f"{name!r} names several actors: {', '.join(hits)}; give an IRI")
    close = sorted({label for label, _ in names if name[:4].casefold() in label.casefold()})[:8]
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise NetworkError(f"no actor named {name!r} takes part in any event.{hint}")
