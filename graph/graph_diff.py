"""Replacing named graphs by writing only their difference, in one update.

A derivation mostly recomputes what the store holds already, and the engine's cost is per
statement written, so the derived layer is compared with what is stored, statement by
statement in the engine's own N-Triples spelling, and only the difference is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from rdflib import URIRef
from treatykg.graph.backends import EmbeddedBackend
from treatykg.graph.store import TreatyStore
from treatykg.graph.terms import Triple, n3

from treatykg.errors import StoreError

__all__ = ["Changes", "changes", "write"]

# A blank node in subject or object place (DELETE DATA cannot name one).
_BLANK = re.compile(r"^_:|\s_:\S+\s*\.$")


# graph -> (lines held, None when the store lists no such graph; lines wanted)
Changes = dict[URIRef, tuple[set[str] | None, set[str]]]


def changes(store: TreatyStore, graphs: Sequence[tuple[URIRef, Sequence[Triple]]]) -> Changes:
    """What each graph holds and what it should hold, as the engine writes them in
    N-Triples (so that `0.0` and `0` of a double are one value, as the engine stores them).

    A derivation mostly recomputes what is there already, and the engine's cost is per
    statement written: rewriting a few hundred thousand unchanged statements on every
    ingest would cost a minute, comparing them a few seconds.
    """
    held = _lines(store, [name for name, _ in graphs])
    scratch = TreatyStore(EmbeddedBackend(None))  # the engine's own spelling of each term
    scratch.replace_graphs([(name, triples) for name, triples in graphs if triples])
    wanted = _lines(scratch, [name for name, triples in graphs if triples])
    return {name: (held.get(str(name)), wanted.get(str(name), set())) for name, _ in graphs}


def write(store: TreatyStore, changes: Changes) -> None:
    """Replace each graph with the lines wanted in ONE update (one transaction), deleting
    and inserting only the statements that differ; a graph left empty is dropped, and one
    holding blank nodes (which DELETE DATA cannot name) is dropped and written whole."""
    drops, deletes, inserts = [], [], []
    for name, (held, new) in changes.items():
        old = held or set()
        if held is not None and (not new or any(_BLANK.search(line) for line in old | new)):
            drops.append(f"DROP SILENT GRAPH {n3(name)}")  # an emptied graph goes by name too
            old = set()
        if old - new:
            deletes.append(f"GRAPH {n3(name)} {{ {' '.join(sorted(old - new))} }}")
        if new - old:
            inserts.append(f"GRAPH {n3(name)} {{ {' '.join(sorted(new - old))} }}")
    parts = drops
    parts += [f"DELETE DATA {{ {' '.join(deletes)} }}"] if deletes else []
    parts += [f"INSERT DATA {{ {' '.join(inserts)} }}"] if inserts else []
    if parts:
        store.update(" ;\n".join(parts))


def _lines(store: TreatyStore, names: Sequence[URIRef]) -> dict[str, set[str]]:
    """The statements of each graph the store lists, as N-Triples lines."""
    found: dict[str, set[str]] = {}
    present = set(store.named_graphs())
    for name in names:
        if name in present:
            out = io.BytesIO()
            try:
                store.export(out, "nt", graph=name)
            except StoreError:
                if store.has_graph(name):
                    raise
                found[str(name)] = set()  # listed, but emptied by another tool's write
                continue
            found[str(name)] = {line for line in out.getvalue().decode().splitlines() if line}
    return found
