"""The shareable folder: an index page, a timeline per treaty, the actor network and every
named query's result as a table, each page one file that opens with no network connection.

`treatykg views --out DIR` writes it; `treatykg serve` serves the same pages beside the
SPARQL endpoint. The pages themselves come from the views (timeline, network) and from
pages.result_page; this module decides which pages there are, names their files and links
them from the index.
"""

from __future__ import annotations

import itertools
import re
import shlex
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from treatykg.graph import kb
from treatykg.graph.articles import article_urls
from treatykg.graph.iris import entity
from treatykg.graph.timeline_io import count_by_treaty
from treatykg.queries import runner
from treatykg.views.assets import page, write_page
from treatykg.views.pages import result_page

from treatykg.errors import TreatyKGError

if TYPE_CHECKING:
    from treatykg.graph.backends import QueryResult
    from treatykg.graph.store import TreatyStore

__all__ = [
    "ServedSite",
    "Site",
    "View",
    "example_params",
    "render_site",
    "write_site",
]

INDEX = "index.html"
NETWORK = "network.html"
_PLACEHOLDER = re.compile(r"<[^<>]*>")


class View(Protocol):
    """What a view object gives the site: its page, with a link back to the index."""

    def html(self, *, back: str | None = None) -> str: ...


@dataclass(frozen=True)
class Site:
    """What `write_site` wrote: the folder, every page in it (index first), and what it left
    out and why (a query that needs a parameter, a network with no events)."""

    out: Path
    pages: list[Path]
    notes: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.out / INDEX


@dataclass(frozen=True)
class _Entry:
    """One line of the index: a page (or None when there is none) and what it shows."""

    name: str
    title: str
    href: str | None
    note: str | None = None
    events: int = 0


def example_params(example: str) -> dict[str, str]:
    """The `--param NAME=VALUE` pairs of a query's `# example:` command line.

    >>> example_params('treatykg query who-said-what --param treaty="New START" --param from=2023-01-01')
    {'treaty': 'New START', 'from': '2023-01-01'}
    >>> example_params("treatykg query event-sources --param event=https://x.example/<article>")
    {}
    """
    try:
        words = shlex.split(example)
    except ValueError:  # an unbalanced quote: no usable example
        return {}
    found: dict[str, str] = {}
    for flag, value in itertools.pairwise(words):
        if flag == "--param" and "=" in value:
            name, _, given = value.partition("=")
            # `event=.../<article>/...` shows the shape of a value, not one to run
            if not _PLACEHOLDER.search(given):
                found[name] = given
    return found


def _slug(key: str) -> str:
    """A file name from a KB key (`treaty/new-start` -> `new-start`): the same key, the same name."""
    return re.sub(r"[^a-z0-9]+", "-", key.rsplit("/", 1)[-1].lower()).strip("-") or "treaty"


def _timelines(store: TreatyStore) -> Iterator[_Entry]:
    """Each treaty with at least one event (KB facts count), by label: its KB key as the
    name, and the file its page goes to."""
    counts = count_by_treaty(store)
    used: set[str] = set()
    for treaty in sorted(
        kb.entries(store, type="Treaty"), key=lambda e: (e.label.casefold(), e.key)
    ):
        events = counts.get(str(entity(treaty.key)), 0)
        if not events:
            continue
        slug = _slug(treaty.key)
        while slug in used:  # two keys with the same tail: keep both pages
            slug += "-2"
        used.add(slug)
        yield _Entry(treaty.key, treaty.label, f"timelines/{slug}.html", events=events)


def _query_tables(
    run: Callable[[str, Mapping[str, str]], QueryResult], article_urls: Mapping[str, str]
) -> Iterator[tuple[_Entry, str | None]]:
    """Each named query run once: with its defaults, or with its example's values when it
    needs a parameter; one it cannot run that way is listed with the reason."""
    for query in runner.available():
        needed = [p.name for p in query.params if p.required]
        params = example_params(query.example) if needed else {}
        missing = [name for name in needed if name not in params]
        if missing:
            note = f"needs {', '.join(missing)}: run it with treatykg query {query.name}"
            yield _Entry(query.name, query.title, None, note), None
            continue
        try:
            result = run(query.name, params)
        except TreatyKGError as err:
            note = f"not run with its example values: {str(err).splitlines()[0]}"
            yield _Entry(query.name, query.title, None, note), None
            continue
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        page_text = result_page(
            query.name, params, result, back=f"../{INDEX}#queries", article_urls=article_urls
        )
        entry = _Entry(query.name, query.title, f"queries/{query.name}.html", shown or None)
        yield entry, page_text


def render_site(
    store: TreatyStore,
    *,
    timeline: Callable[[str], View],
    network: Callable[[], View],
    run: Callable[[str, Mapping[str, str]], QueryResult],
    title: str = "treatykg views",
) -> tuple[dict[str, str], list[str]]:
    """Every page of the folder as {relative path: HTML}, index first, and the notes on what
    was left out. `timeline` makes a treaty's view from its KB key, `network` the actor
    network's (it may raise TreatyKGError when there is none), `run` runs a named query."""
    pages: dict[str, str] = {}
    notes: list[str] = []
    treaties = []
    for entry in _timelines(store):
        try:
            pages[str(entry.href)] = timeline(entry.name).html(back=f"../{INDEX}")
        except TreatyKGError as err:  # one treaty's page failing leaves the others
            notes.append(f"no timeline for {entry.title}: {str(err).splitlines()[0]}")
            continue
        treaties.append({"label": entry.title, "href": entry.href, "events": entry.events})
    try:
        pages[NETWORK] = network().html(back=INDEX)
        network_href: str | None = NETWORK
    except TreatyKGError as err:
        network_href = None
        notes.append(f"no network page: {str(err).splitlines()[0]}")
    queries = []
    for entry, table in _query_tables(run, article_urls(store)):
        if entry.href is not None and table is not None:
            pages[entry.href] = table
        else:
            notes.append(f"{entry.name}: {entry.note}")
        queries.append(
            {"name": entry.name, "title": entry.title, "href": entry.href, "note": entry.note}
        )
    index = page(
        INDEX, title=title, model={}, vis=False, treaties=treaties, network=network_href,
        queries=queries,
    )  # fmt: skip
    return {INDEX: index, **pages}, notes


def write_site(
    store: TreatyStore,
    out: str | Path,
    *,
    timeline: Callable[[str], View],
    network: Callable[[], View],
    run: Callable[[str, Mapping[str, str]], QueryResult],
) -> Site:
    """Write every page of `render_site` under `out` (created), each file whole.

    Raises:
        TreatyKGError: a page could not be built or written (the file and the reason).
    """
    folder = Path(out)
    pages, notes = render_site(store, timeline=timeline, network=network, run=run)
    written = [write_page(folder / name, text) for name, text in pages.items()]
    return Site(folder, written, notes)


class ServedSite:
    """The folder's pages for `treatykg serve`, built on the first request through `build`
    and kept (a read-only server's store cannot change under it), or built afresh for
    every index request when the server takes writes. One build at a time."""

    def __init__(self, build: Callable[[], dict[str, str]], *, keep: bool = True) -> None:
        self._build = build
        self._keep = keep
        self._pages: dict[str, str] | None = None
        self._lock = threading.Lock()

    def __call__(self, path: str) -> str | None:
        with self._lock:
            if self._pages is None or (not self._keep and path == INDEX):
                self._pages = self._build()
            return self._pages.get(path)
