"""Reading back what `graph.quads` wrote for an article, and the model's names for other modules.

The article model itself (which statements an article's graph holds) is written down
once, in `graph.quads`; its event classes and date helper are re-exported here, where
the modules that read the graph have always found them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from treatykg.graph import iris
from treatykg.graph.quads import EVENT_CLASSES, TYPE_NOTATIONS, timex_start
from treatykg.ingest.records import Metadata

if TYPE_CHECKING:
    from treatykg.graph.store import TreatyStore

__all__ = ["EVENT_CLASSES", "TYPE_NOTATIONS", "stored_metadata", "timex_start"]


_STORED_METADATA = """SELECT ?title ?published ?source ?url ?file WHERE { GRAPH ?g {
  ?a a tkg:Article .
  OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a schema:datePublished ?published }
  OPTIONAL { ?a schema:publisher ?source } OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?a tkg:sourceFile ?file } } } LIMIT 1"""


def stored_metadata(store: TreatyStore, key: str) -> Metadata | None:
    """The metadata `graph.quads` wrote for the article with this key; None when not stored.

    Read back before a new copy of the same text replaces the article's graph, so that
    the copy can keep what it lacks (see `records.keep_richer`).
    """
    rows = store.query(
        _STORED_METADATA, {"g": iris.article_graph(key), "a": iris.article(key)}
    ).records()
    if not rows:
        return None
    row = rows[0]

    def text(name: str) -> str | None:
        value = row.get(name)
        return str(value) if value is not None else None

    published = text("published")
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        day = None  # a date another tool wrote in another shape: as good as none
    return Metadata(text("title"), day, text("source"), text("url"), text("file"))
