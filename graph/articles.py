"""The URL each article was read from, so pages can link a source to its story.

Result tables and the served named-queries page name articles by IRI; a reader wants the
story itself. The mapping is read here, where the store is spoken to, and the pages get
plain strings.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from treatykg.graph.store import check_iri
from treatykg.graph.vocab import SCHEMA

from treatykg.errors import QueryError

if TYPE_CHECKING:
    from treatykg.graph.backends import QueryResult
    from treatykg.graph.store import TreatyStore

__all__ = ["LINK_LIMIT", "article_urls", "iris_in"]

LINK_LIMIT = 5000  # IRIs looked up for one table; a page shows at most a few hundred rows
_URLS = "SELECT ?article ?url WHERE { %(values)s GRAPH ?g { ?article <%(url)s> ?url } }"


def article_urls(store: TreatyStore, articles: Collection[str] | None = None) -> dict[str, str]:
    """Article IRIs to the URLs they were read from, as stored (pages check the scheme).

    Args:
        store: The store to read.
        articles: Only these IRIs (any IRI may be given: one that names no article has no
            URL, one that is not a valid IRI is left out); None: every article.
    """
    values = ""
    if articles is not None:
        named = sorted({f"<{iri}>" for iri in articles if _usable(iri)})
        if not named:
            return {}
        values = "VALUES ?article { " + " ".join(named) + " }"
    rows = store.query(_URLS % {"values": values, "url": SCHEMA.url}).rows
    return {str(article): str(url) for article, url in rows if article and url}


def iris_in(result: QueryResult, limit: int = LINK_LIMIT) -> list[str]:
    """The IRIs a query result's cells name (the first `limit`, sorted): those a page of it
    could link to an article."""
    from rdflib import URIRef

    cells = result.rows if result.kind == "SELECT" else result.triples
    named = {str(v) for row in cells for v in row if isinstance(v, URIRef)}
    return sorted(named)[:limit]


def _usable(iri: str) -> bool:
    """Whether an IRI may be written into the query (checked: the text goes in whole)."""
    try:
        check_iri(iri, "article")
    except QueryError:
        return False
    return True
