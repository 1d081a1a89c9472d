"""The pages beside the SPARQL endpoint: the named queries with their forms, a result table, an error.

The pages hold no script and load nothing remote; every value is escaped by the templates
(views/templates), never here.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from treatykg.graph.vocab import PREFIXES
from treatykg.views.safe import http_url, plain
from treatykg.views.templating import render

if TYPE_CHECKING:
    from treatykg.graph.backends import QueryResult

__all__ = [
    "ROW_LIMIT",
    "Cell",
    "Field",
    "QueryCard",
    "error_page",
    "named_queries_page",
    "result_page",
]

ROW_LIMIT = 2000  # a browser page stays usable; the CLI and notebooks have no limit


@dataclass(frozen=True)
class Field:
    """One parameter as a form field: its name, type (IRI, string, integer, date), default."""

    name: str
    type: str
    required: bool
    default: str | None
    text: str


@dataclass(frozen=True)
class QueryCard:
    """What the named-queries page shows of one query (plain data, from the runner)."""

    name: str
    title: str
    answers: str
    params: Sequence[Field]
    example: str
    sparql: str


# Form input types by parameter type; anything else is a text field.
_INPUT_TYPES = {"date": "date", "integer": "number"}


def named_queries_page(
    cards: Iterable[QueryCard], endpoint: str, *, views: str | None = None
) -> str:
    """One self-contained HTML page (no scripts, no remote assets) listing the queries,
    each with its parameters, a form that runs it on the page server's /run, an example
    command, and its SPARQL ready to paste into the endpoint's query page."""
    prologue = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(PREFIXES.items()))
    return render(
        "named_queries.html",
        cards=list(cards),
        endpoint=endpoint,
        views=views,
        prologue=prologue,
        input_types=_INPUT_TYPES,
    )


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, and where it links to (an http(s) URL only), if anywhere."""

    text: str
    href: str | None = None


def _cell(term: object, article_urls: Mapping[str, str]) -> Cell:
    """A value as a cell: an http(s) value links to itself, an article to its URL when
    the store knows one; anything else (a `javascript:` URL included) stays text."""
    text = plain(term)
    return Cell(text, http_url(article_urls.get(text)) or http_url(text))


def result_page(
    name: str,
    params: Mapping[str, str],
    result: QueryResult,
    *,
    back: str | None = None,
    article_urls: Mapping[str, str] | None = None,
) -> str:
    """A query's result as one self-contained HTML table, with the command that repeats it.

    Args:
        back: Where "all named queries" links to (default: the page server's list).
        article_urls: Article IRIs to the URLs they were read from: a cell naming an article
            links to it.

    >>> from treatykg.graph.backends import QueryResult
    >>> rows = [("https://example.org/a", "javascript:alert(1)")]
    >>> page = result_page("q", {}, QueryResult("SELECT", ("a", "b"), rows))
    >>> "<a href='https://example.org/a' rel='noopener noreferrer'>" in page, "href='javascript" in page
    (True, False)
    """
    command = f"treatykg query {name}" + "".join(
        f" --param {k}={shlex.quote(v)}" for k, v in params.items()
    )
    header: Sequence[str] = ()
    rows: Sequence[Sequence[object]] = ()
    if result.kind == "SELECT":
        header, rows = result.variables, result.rows
    elif result.kind != "ASK":
        header, rows = ("subject", "predicate", "object"), result.triples
    return render(
        "result.html",
        name=name,
        back=back if back is not None else f"./#{quote(name)}",
        command=command,
        ask=result.kind == "ASK",
        answer=bool(result.boolean),
        header=header,
        total=len(rows),
        rows=[[_cell(value, article_urls or {}) for value in row] for row in rows[:ROW_LIMIT]],
        row_limit=ROW_LIMIT,
        next_offset=result.next_offset,
    )


def error_page(message: str) -> str:
    """The page a form's run shows when the query did not run, saying why.

    >>> "<p>no query named &#39;&lt;x&gt;&#39;</p>" in error_page("no query named '<x>'")
    True
    """
    return render("error.html", message=message)
