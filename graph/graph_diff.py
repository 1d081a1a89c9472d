"""Replacing named graphs by writing only their difference, in one update.

A derivation mostly recomputes what the store holds already, and the engine's cost is per
statement written, so the derived layer is compared with what is stored, statement by
statement in the engine's own N-Triples spelling, and only the difference is written.

Graphs are compared one at a time, and what is kept of each is only its difference, as
the text of the update: a derivation's memory then holds one graph's statements (twice:
as stored and as wanted) beside the update it writes, never every graph's at once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rdflib import URIRef
from treatykg.graph.backends import EmbeddedBackend
from treatykg.graph.store import TreatyStore
from treatykg.graph.terms import Triple, n3

from treatykg.errors import StoreError

__all__ = ["Change", "Differ", "write"]

# A blank node in subject or object place (DELETE DATA cannot name one).
_BLANK = re.compile(r"^_:|\s_:\S+\s*\.$")


@dataclass(frozen=True)
class Change:
    """What replacing one graph takes: whether it changes, and the update's parts for it."""

    name: URIRef
    changed: bool  # the graph will hold other statements than it does (or come or go)
    drop: bool  # dropped whole first (emptied, or it holds blank nodes)
    deleted: str  # N-Triples lines, space-separated; "" for none
    inserted: str


class Differ:
    """Compares graphs with what a store holds, one graph at a time.

    A scratch store in memory spells each wanted statement as the engine stores it (so
    that `0.0` and `0` of a double are one value): a new one per graph, since an engine in
    memory keeps every string it was given until it is dropped whole.
    """

    def __init__(self, store: TreatyStore) -> None:
        self._store = store
        self._present = set(store.named_graphs())

    def change(self, name: URIRef, triples: Iterable[Triple]) -> Change:
        """The change that makes graph `name` hold exactly `triples`."""
        held = _lines(self._store, name) if name in self._present else None
        wanted = list(triples)
        new: set[str] = set()
        if wanted:
            with TreatyStore(EmbeddedBackend(None)) as scratch:
                scratch.replace_graphs([(name, wanted)])
                del wanted
                new = _lines(scratch, name)
        old = held or set()
        drop = held is not None and (not new or any(_BLANK.search(line) for line in old | new))
        if drop:
            old = set()  # an emptied graph goes by name too
        return Change(
            name,
            changed=held != (new or None),
            drop=drop,
            deleted=" ".join(sorted(old - new)),
            inserted=" ".join(sorted(new - old)),
        )


def write(store: TreatyStore, changes: Sequence[Change]) -> None:
    """Replace each graph as its change says in ONE update (one transaction), deleting
    and inserting only the statements that differ; nothing is sent when nothing differs.

    The text is joined once, from the changes' own parts: on a first derivation it is
    every statement of the layer, and each copy of it is hundreds of megabytes."""
    drops = [f"DROP SILENT GRAPH {n3(c.name)}" for c in changes if c.drop]
    deleted = [c for c in changes if c.deleted]
    inserted = [c for c in changes if c.inserted]
    if drops or deleted or inserted:
        store.update("".join(_parts(drops, deleted, inserted)))


def _parts(drops: list[str], deleted: list[Change], inserted: list[Change]) -> Iterator[str]:
    """The update's text in pieces: the drops, then DELETE DATA, then INSERT DATA, each
    statement after the first behind ` ;`."""
    statements: list[Iterable[str]] = [[drop] for drop in drops]
    for verb, found in (("DELETE", deleted), ("INSERT", inserted)):
        if found:
            statements.append(_data(verb, found))
    for n, pieces in enumerate(statements):
        if n:
            yield " ;\n"
        yield from pieces


def _data(verb: str, changes: list[Change]) -> Iterator[str]:
    yield f"{verb} DATA {{ "
    for change in changes:
        lines = change.deleted if verb == "DELETE" else change.inserted
        yield from (f"GRAPH {n3(change.name)} {{ ", lines, " } ")
    yield "}"


def _lines(store: TreatyStore, name: URIRef) -> set[str]:
    """The statements of a graph the store lists, as N-Triples lines (none when another
    tool's write emptied it since it was listed)."""
    out = io.BytesIO()
    try:
        store.export(out, "nt", graph=name)
    except StoreError:
        if store.has_graph(name):
            raise
        return set()
    return {line for line in out.getvalue().decode().splitlines() if line}
