"""The public API: `treatykg.open(...)` returns a `TreatyKG`, which notebooks and the CLI both use."""

from __future__ import annotations

import builtins
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Literal

from treatykg import evaluation
from treatykg.distributed import extract_shards
from treatykg.errors import QueryError, StoreError
from treatykg.evaluation import Report
from treatykg.graph import iris, kb
from treatykg.graph.backends import RemoteBackend, holds_store
from treatykg.graph.dates import parse_bound
from treatykg.graph.shards import DEFAULT_CHUNK_QUADS, LoadReport
from treatykg.graph.store import (
    QueryResult,
    Restored,
    TreatyStore,
    check_iri,
    open_store,
    resolve_location,
)
from treatykg.ingest.records import Article
from treatykg.pipeline import (
    DEFAULT_MAX_ARTICLE_BYTES,
    Failure,
    IngestReport,
    extract_paths,
    ingest,
)
from treatykg.queries import runner

if TYPE_CHECKING:
    from collections.abc import Sequence

    import networkx as nx
    import pandas as pd

    from treatykg import server
    from treatykg.graph.derived import Derivation, LayerState
    from treatykg.graph.evidence import EvidenceQuote
    from treatykg.graph.network import NetworkEvent
    from treatykg.graph.timeline_io import TimelineEvent
    from treatykg.ingest.extract import Extraction
    from treatykg.relations import Relations
    from treatykg.views.network import NetworkView
    from treatykg.views.site import Site
    from treatykg.views.timeline import TimelineView

__all__ = ["TreatyKG", "evaluate", "extract", "extract_shards", "open", "sample", "serve"]


class TreatyKG:
    """A treatykg graph: ingest articles into it, query it, export it."""

    def __init__(self, store: TreatyStore) -> None:
        self.store = store

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        fmt: str | None = None,
        published: date | None = None,
        on_article: Callable[[Article], None] | None = None,
        workers: int = 1,
        max_article_bytes: int | None = DEFAULT_MAX_ARTICLE_BYTES,
        derive: bool = True,
    ) -> IngestReport:
        """Read and store articles from files and folders, then update the derived layer
        (unless `derive` is False); see `treatykg.pipeline.ingest`."""
        return ingest(
            self.store,
            paths,
            fmt=fmt,
            published=published,
            on_article=on_article,
            workers=workers,
            max_article_bytes=max_article_bytes,
            derive=derive,
        )

    def derive(self) -> Derivation:
        """Rebuild the derived layer whole: canonical events, conflicts, status, networks.

        Ingest keeps the layer up to date by itself; this is for after a bulk load with
        `derive=False`, an import, a changed KB, or a treatykg with better rules. Graphs are
        written one at a time; until the last is, `derived_layer()` says `incomplete`.

        >>> kg = open(":memory:")
        >>> kg.derive().events, kg.derived_layer().state
        (0, 'current')
        """
        from treatykg.graph.derived import derive  # networkx loads only when asked for

        return derive(self.store)

    def derived_layer(self) -> LayerState:
        """Whether the derived layer matches the store (`current`), lags it (`stale`:
        articles, the KB or the rules changed since), was left part-written by a derivation
        still running or cut short (`incomplete`), or was never derived (`missing`)."""
        from treatykg.graph.derived import check

        return check(self.store)

    def sparql(self, query: str, **params: object) -> QueryResult:
        """Run a named query, a .rq file or SPARQL text; values are rdflib terms.

        Keyword parameters are bound as typed RDF terms, never pasted into the text. A
        named query that pages (`limit` and `offset` in its header) answers its first
        page unless told otherwise: when the page is full, `next_offset` on the result
        is the offset of the next page; `limit=0` gives every row.
        """
        return runner.execute(self.store, query, params)

    def evidence_quote(self, iri: str) -> EvidenceQuote | None:
        """The words a fact was read from, with the text around them: what a Web
        Annotation quote selector holds (`exact`, `prefix`, `suffix`), computed from the
        stored article text at the evidence's offsets, which is all the store keeps.

        Args:
            iri: An evidence IRI (a fact's `tkg:evidence` or a statement's `tkg:content`),
                or a mention, reported event or utterance, for its evidence.

        Returns:
            The span and its words; None when the store holds no such evidence or fact.
        """
        from treatykg.graph.evidence import evidence_quote

        return evidence_quote(self.store, iri)

    def query(self, query: str, **params: object) -> pd.DataFrame:
        """Run a query and return a pandas DataFrame with typed columns.

        A page of a named query is one page, as with `sparql`: `frame.attrs["next_offset"]`
        is the next page's offset when there may be more rows, else None.

        Dates become datetime64 (beside the query's precision column, with `date_label`
        saying them as the source gives them: 2023, 2010-12), numbers numbers, booleans
        booleans; every IRI column gets a `<column>_label` column beside it.

        >>> kg = open(":memory:")
        >>> kg.derive().graphs > 0  # ingest derives by itself; the KB alone needs it once
        True
        >>> frame = kg.query("treaty-status", treaty="New START", on="2024-06-01")
        >>> frame[["status", "since"]].to_dict("records")[0]["status"]
        'in force since 2011-02-05 (extended on 2021-02-03); Russia: participation suspended since 2023-02-28'
        >>> frame["since"].dtype.kind  # datetime64
        'M'
        """
        from treatykg.frames import to_frame

        return to_frame(self.sparql(query, **params), self.store)

    def timeline(self, treaty: str) -> QueryResult:
        """A treaty's whole timeline, KB facts and news coverage, oldest first (the
        `treaty-timeline` query gives it a page at a time)."""
        entry = kb.resolve(self.store, treaty, type="Treaty")
        named = runner.load("treaty-timeline")
        return runner.run(self.store, named, {"treaty": str(iris.entity(entry.key)), "limit": "0"})

    def timeline_html(self, treaty: str, path: str | Path) -> Path:
        """Write a treaty's interactive timeline as a self-contained HTML page (see
        `timeline_view`) and return its path."""
        return self.timeline_view(treaty).write(path)

    def timeline_view(
        self,
        *treaties: str,
        actors: Iterable[str] = (),
        types: Iterable[str] = (),
        start: date | str | None = None,
        end: date | str | None = None,
        lanes: Literal["treaty", "actor"] = "treaty",
    ) -> TimelineView:
        """The interactive timeline of these treaties (all, when none is named): one lane per
        treaty with its status bands per party, each happening once at its date (a month or
        a year as a span), a side panel with the evidence and sources of the one clicked,
        and filters on the page. `.write(path)` saves one offline HTML file; in Jupyter the
        object shows itself; `.model` is the data it draws.

        Args:
            treaties: Names, aliases or KB keys.
            actors: Only events with one of these actors (names, aliases or keys).
            types: Only these event types (notations: ratification, suspension, ...).
            start: Only events from this day on; end: up to this day (as `timeline_events`).
            lanes: One lane per treaty, or per actor (an event then sits in each actor's lane).

        Raises:
            KnowledgeBaseError: an unknown treaty or actor. QueryError: a bad date, type
                or lanes.

        >>> kg = open(":memory:")
        >>> view = kg.timeline_view("New START")
        >>> view.model["lanes"][0]["label"], len(view.model["nodes"]) > 0
        ('New START', True)
        """
        from treatykg.views.timeline import TimelineView, status_periods  # loads Jinja2

        if lanes not in ("treaty", "actor"):
            raise QueryError(f"timeline lanes are 'treaty' or 'actor', not {lanes!r}")
        actors, types = tuple(actors), tuple(types)  # read twice: for the events, for the note
        named = [kb.resolve(self.store, t, type="Treaty") for t in treaties]
        found = self.timeline_events(
            *(e.key for e in named), actors=actors, types=types, start=start, end=end
        )
        lane_treaties = [(str(iris.entity(e.key)), e.label) for e in named]
        keys = {iri for iri, _ in lane_treaties} | {e.treaty for e in found if e.treaty}
        title = ", ".join(e.label for e in named) if named else "All treaties"
        chosen = [
            f"{what}: {', '.join(str(v) for v in values)}"
            for what, values in (("types", types), ("actors", actors),
                                 ("from", [start] if start else []), ("to", [end] if end else []))
            if values
        ]  # fmt: skip
        return TimelineView.build(
            f"{title}: timeline",
            found,
            status_periods(self.store, keys) if lanes == "treaty" else (),
            treaties=lane_treaties,
            lanes=lanes,
            note=f"Only events with {'; '.join(chosen)}" if chosen else "",
        )

    def timeline_events(
        self,
        *treaties: str,
        actors: Iterable[str] = (),
        types: Iterable[str] = (),
        start: date | str | None = None,
        end: date | str | None = None,
    ) -> list[TimelineEvent]:
        """The happenings of these treaties (of all, when none is named), oldest first, each
        once: the merged event with every article's report of it (headline, outlet, date,
        link, sentence), the quotes said in those sentences, the conflicts between them
        and the KB's record; a KB fact no article reports is an event of its own.

        Args:
            treaties: Names, aliases or KB keys.
            actors: Only events one of these takes part in (names, aliases, KB keys or
                full IRIs); a ministry is not its state.
            types: Only these event types (notations: ratification, suspension, ...).
            start: Only events whose period reaches this day (a date, or YYYY-MM-DD, YYYY-MM
                or YYYY: its first day); end: only those that begin by this day (YYYY-MM or
                YYYY: its last). Events overlapping the range count, unlike `network`'s,
                which keeps those wholly inside it. Either leaves undated events out.

        Raises:
            KnowledgeBaseError: an unknown treaty or actor. QueryError: a bad date or type.

        >>> kg = open(":memory:")
        >>> [(e.label, e.type) for e in kg.timeline_events("New START", types=["signing"])]
        [('2010-04-08', 'signing')]
        """
        from treatykg.graph.timeline_io import read_timeline

        named = [kb.resolve(self.store, t, type="Treaty") for t in treaties]
        return read_timeline(
            self.store,
            treaties=[str(iris.entity(e.key)) for e in named],
            actors=[_entity_iri(self.store, a) for a in actors],
            types=list(types),
            start=parse_bound(start, "from", "start"),
            end=parse_bound(end, "to", "end"),
        )

    def status(
        self, treaty: str, on: date | str | None = None, party: str | None = None
    ) -> pd.DataFrame:
        """A treaty's status periods, one row per period per party, ready for a Gantt chart.

        Rows of the treaty as a whole have party "all parties" (or "other parties": those a
        multilateral treaty's KB entry and news do not name one by one). `status` is the
        label, `code` its notation (in_force, suspended, withdrawn: what a chart colours
        by). `from` and `until`
        (exclusive, NaT while the status lasts) are datetime64 with their precision beside
        them; `since` is when the status began; `text` says it as `treatykg status` does;
        `differs` marks a party whose status is not the treaty's; `basis` lists the KB facts
        and canonical events it rests on, `sources` their URLs and articles. `frame.attrs`
        holds what was asked, resolved (`treaty`, `treaty_iri`, `party`, `party_iri`, `on`),
        and the `answer` `status_answer` gives, from the same periods.

        Args:
            treaty: A name, alias or KB key.
            on: Only the periods that cover this day (a date or YYYY-MM-DD).
            party: Only this party's periods (a state or organization). A state no source
                names as a party of a multilateral treaty has none: the answer says so.

        Raises:
            KnowledgeBaseError: no such treaty or party, or the party has no status under
                a treaty whose parties are all on record.
            QueryError: `on` is not a date.

        >>> kg = open(":memory:")
        >>> frame = kg.status("New START", on="2024-06-01")
        >>> frame[["party", "status"]].values.tolist()[:2]
        [['all parties', 'in force'], ['Russia', 'participation suspended']]
        """
        import pandas as pd

        from treatykg.graph.status_lookup import lookup

        found = lookup(self.store, treaty, on=on, party=party)
        frame = pd.DataFrame(found.rows(), columns=list(_STATUS_COLUMNS))
        for column in ("from", "until", "since"):
            frame[column] = pd.to_datetime(frame[column])
        frame.attrs.update(found.about())
        return frame

    def status_answer(
        self, treaty: str, on: date | str | None = None, party: str | None = None
    ) -> str:
        """Where a treaty stood on a day (today by default) in one line, as `treatykg status`
        says it: the treaty's status, then each party whose own differs.

        >>> open(":memory:").status_answer("INF", on="2020-01-01")
        'INF Treaty on 2020-01-01: terminated on 2019-08-02 (United States withdrew)'
        """
        from treatykg.graph.status_lookup import lookup

        return lookup(self.store, treaty, on=on, party=party).answer()

    def export(
        self, out: IO[bytes] | str | Path, fmt: str = "nq", *, graph: str | None = None
    ) -> None:
        """Write the dataset (or one graph) to a file or binary stream; N-Quads is the backup.

        A file appears only once it is complete: a failed export leaves none (and an
        older file of that name as it was). See `TreatyStore.export` for the formats.

        Raises:
            StoreError: as `TreatyStore.export`, or the file or stream cannot be written
                (a full disk, /dev/full, a closed pipe); the message names it.
        """
        if isinstance(out, str | Path):
            _write_whole(Path(out), lambda handle: self.store.export(handle, fmt, graph=graph))
            return
        try:
            self.store.export(out, fmt, graph=graph)
            out.flush()  # a write that fails must fail here, not when the stream is closed
        except OSError as err:
            raise StoreError(f"cannot write {_stream_name(out)}: {_reason(err)}") from None

    # ------------------------------------------------------------ relations (networkx)

    @functools.cached_property
    def _relations(self) -> Relations:
        """One per open graph: it keeps the projected canonical events until a derivation."""
        from treatykg.relations import Relations  # networkx loads only when asked for

        return Relations(self.store)

    def network(
        self,
        kind: str = "actors",
        *,
        by_state: bool = False,
        years: tuple[int, int] | int | None = None,
        treaty: str | Sequence[str] | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        metrics: bool = False,
    ) -> nx.Graph:
        """A networkx graph of the canonical events: `actors` (who takes part in events with
        whom, weighted by shared events), `treaties` (actors and the treaties their events
        concern, bipartite) or `lifecycle` (a treaty's lifecycle events, news and KB, as a
        time-ordered DAG; every treaty's when `treaty` is None).

        Args:
            by_state: Roll bodies and officials up to their states (Peskov becomes Russia).
            years: A year or an inclusive (first, last) range: only events within it.
            treaty: Only events on this treaty (or these): a name, alias or KB key.
            start: Only events whose period begins on or after this day (a date, or
                YYYY-MM-DD, YYYY-MM or YYYY: its first day). Undated events then drop out.
            end: Only events whose period ends on or before this day (YYYY or YYYY-MM: its
                last day, so `end="2023"` keeps a "2023" event).
            metrics: Give each actor of an `actors` network its `degree`, `strength`,
                `betweenness`, `pagerank` and `community` (1 is the largest).

        An edge's `events` are the keys of the events behind it; `network_events` names them.

        Raises:
            NetworkError: an unknown kind, or the store holds no canonical events (never
                derived). KnowledgeBaseError: an unknown treaty. QueryError: a bad date.
        """
        projection = self._relations.projection()
        return projection.graph(
            kind, by_state=by_state, years=years, treaty=treaty, start=start, end=end,
            metrics=metrics,
        )  # fmt: skip

    def network_events(self, keys: Iterable[str]) -> list[NetworkEvent]:
        """The canonical events behind a tie of `network` (its edge's `events`), each with
        its type, date as the sources give it, period and treaty, in the order given.

        Raises:
            NetworkError: a key names no event of the current derivation.
        """
        return self._relations.projection().events_of(keys)

    def network_view(
        self,
        treaties: Sequence[str] = (),
        *,
        start: date | str | None = None,
        end: date | str | None = None,
        by_state: bool = False,
        max_actors: int | None = None,
    ) -> NetworkView:
        """The actor network as an interactive page: states, bodies and people coloured by
        community and sized by PageRank, ties as wide as their shared events; a click on a
        tie lists its events; years, treaty and name filters on the page. `.write(path)`
        saves one offline HTML file; in Jupyter the object shows itself.

        Args:
            treaties: Only events on these treaties (names, aliases or KB keys).
            start: Only events from this day on (as `network`). end: up to this day.
            by_state: Roll bodies and officials up to their states.
            max_actors: Draw at most this many actors, the most central by PageRank
                (default 400: a larger network is slow to lay out and hard to read).

        Raises:
            NetworkError: the store holds no canonical events. KnowledgeBaseError: an
                unknown treaty. QueryError: a bad date.
        """
        projection = self._relations.projection()
        return projection.network_view(
            treaties, start=start, end=end, by_state=by_state, max_actors=max_actors
        )

    def write_views(self, out: str | Path) -> Site:
        """Write the shareable folder: `index.html` linking a timeline per treaty with events
        (`timelines/`), the actor network (`network.html`) and every named query's result as
        a table (`queries/`; one that needs a parameter runs with its example's values). Each
        page opens from disk with no network connection; the same store gives the same bytes.

        Raises:
            TreatyKGError: a page could not be built or written (the file and the reason).
        """
        from treatykg.views.site import write_site  # pages load Jinja2: only when asked for

        return write_site(
            self.store, out, timeline=self.timeline_view, network=self.network_view,
            run=lambda name, params: runner.execute(self.store, name, params),
        )  # fmt: skip

    def _views_pages(self) -> dict[str, str]:
        """The pages `write_views` writes, as {relative path: HTML} (for `serve`)."""
        from treatykg.views.site import render_site

        pages, _notes = render_site(
            self.store, timeline=self.timeline_view, network=self.network_view,
            run=lambda name, params: runner.execute(self.store, name, params),
        )  # fmt: skip
        return pages

    def relations_top(
        self,
        metric: str = "pagerank",
        limit: int = 10,
        *,
        by_state: bool = False,
        years: tuple[int, int] | int | None = None,
    ) -> pd.DataFrame:
        """The most central actors by `metric` (pagerank, betweenness, degree, strength,
        events), with every metric and their community (1 = the largest)."""
        return self._relations.top(metric, limit, by_state=by_state, years=years)

    def relations_path(
        self,
        first: str,
        second: str,
        *,
        by_state: bool = False,
        years: tuple[int, int] | int | None = None,
    ) -> pd.DataFrame:
        """How two actors are connected: the chain of ties with the most shared events, one
        row per hop and event ("how is Peskov connected to Blinken").

        Raises:
            NetworkError: an actor takes part in no event, or no chain links them.
        """
        return self._relations.projection().path(first, second, by_state=by_state, years=years)

    def relations_community(
        self, actor: str, *, by_state: bool = False, years: tuple[int, int] | int | None = None
    ) -> pd.DataFrame:
        """The actors of `actor`'s community (Louvain, seeded), most central first."""
        return self._relations.community(actor, by_state=by_state, years=years)

    def relations_activity(
        self, actor: str | None = None, *, by_state: bool = False
    ) -> pd.DataFrame:
        """Events per actor (or one actor) per month, for events dated to the month or better."""
        return self._relations.activity(actor, by_state=by_state)

    def export_network(
        self,
        out: IO[bytes] | str | Path,
        fmt: str = "graphml",
        *,
        graph: str = "actors",
        by_state: bool = False,
        years: tuple[int, int] | int | None = None,
        treaty: str | None = None,
    ) -> None:
        """Write a `network` as GraphML or GEXF (Gephi, Cytoscape), with names, kinds, ISO
        dates and the actors' metrics as attributes; a file appears only once complete."""
        projection = self._relations.projection()

        def write(handle: IO[bytes]) -> None:
            projection.write(
                handle, fmt, graph=graph, by_state=by_state, years=years, treaty=treaty
            )

        if isinstance(out, str | Path):
            _write_whole(Path(out), write)
            return
        try:
            write(out)
            out.flush()
        except OSError as err:
            raise StoreError(f"cannot write {_stream_name(out)}: {_reason(err)}") from None

    def import_file(
        self, path: str | Path, fmt: str = "nq", *, replace: bool = False, verify: bool = True
    ) -> Restored:
        """Restore an export, in one transaction: each graph it holds replaces the store's
        graph of that name (`replace`: the whole store); see `TreatyStore.import_data`."""
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            raise StoreError(f"cannot read {path}: {_reason(err)}") from None
        return self.store.import_data(data, fmt, replace=replace, verify=verify, name=str(path))

    def load(
        self,
        shards: Iterable[str | Path],
        *,
        chunk_quads: int = DEFAULT_CHUNK_QUADS,
        on_shard: Callable[[Path], None] | None = None,
    ) -> LoadReport:
        """Load N-Quads shards (`.nq`, `.nq.gz`, or folders of them) into the store: the
        bulk loader for a new embedded store, transactions of whole graphs (about
        `chunk_quads` quads) for one holding articles, the Graph Store Protocol in chunks
        of `chunk_quads` triples for a remote one.
        Each graph a shard holds replaces the store's graph of that name; the derived
        layer is left for one `derive` after the load. See `treatykg.graph.loading.load`.

        >>> kg = open(":memory:")
        >>> kg.load([]).summary()
        '0 shards (0 quads in 0 graphs); 0 shards failed'
        """
        from treatykg.graph.loading import load

        return load(self.store, shards, chunk_quads=chunk_quads, on_shard=on_shard)

    def stats(self) -> dict[str, object]:
        """Counts an analyst checks first: articles, triples, KB size, undated articles."""
        counts = self.store.query(
            # One subquery per count: joined in one pattern, each count would multiply the
            # others' rows, and a FILTER alone in an OPTIONAL never sees the article.
            """SELECT ?articles ?undatedArticles ?mentions WHERE {
                 { SELECT (COUNT(DISTINCT ?a) AS ?articles) WHERE { GRAPH ?g { ?a a tkg:Article } } }
                 { SELECT (COUNT(DISTINCT ?u) AS ?undatedArticles) WHERE { GRAPH ?g {
                     ?u a tkg:Article FILTER NOT EXISTS { ?u schema:datePublished ?d } } } }
                 { SELECT (COUNT(DISTINCT ?m) AS ?mentions) WHERE { GRAPH ?g {
                     ?m tkg:mentionOf ?entity } } } }"""
        ).records()[0]
        by_type = {
            str(r["type"]): int(str(r["n"]))
            for r in self.store.query(
                """SELECT ?type (COUNT(?e) AS ?n) WHERE { GRAPH ?kb {
                     VALUES (?class ?type) { (tkg:Treaty "treaties") (tkg:State "states")
                       (tkg:Organization "organizations") (tkg:Person "people") (tkg:Other "other") }
                     ?e a ?class } } GROUP BY ?type""",
                {"kb": iris.KB_GRAPH},
            ).records()
        }
        return {
            "store": {"kind": self.store.kind, "location": self.store.location},
            "articles": int(str(counts["articles"])),
            "articles_without_date": int(str(counts["undatedArticles"])),
            "mentions": int(str(counts["mentions"])),
            "triples": self.store.count(),
            "kb": {"triples": self.store.count(iris.KB_GRAPH), **by_type},
            "named_graphs": len(self.store.named_graphs()),
            "derived_layer": self.derived_layer().state,
        }

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> TreatyKG:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<TreatyKG {self.store.kind} {self.store.location}>"


# `TreatyKG.status`'s columns, in order, even when no period answers.
_STATUS_COLUMNS = (
    "treaty", "party", "status", "code", "from", "until", "since", "note", "text", "differs",
    "basis", "sources", "from_precision", "until_precision", "since_precision", "treaty_iri", "party_iri",
)  # fmt: skip


def _entity_iri(store: TreatyStore, name: str) -> str:
    """A full IRI as given (an actor the KB lacks has one), else the KB entity named."""
    if name.startswith(("http://", "https://")):
        return str(check_iri(name, "actor"))
    return str(iris.entity(kb.resolve(store, name).key))


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _stream_name(out: IO[bytes]) -> str:
    """How to name a stream in an error: `standard output`, its file name, or what it is."""
    name = getattr(out, "name", None)
    if name in ("<stdout>", 1):
        return "standard output"
    return str(name) if isinstance(name, str) else "the output stream"


def _write_whole(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write a file beside `path` and rename it into place once `write` has finished."""
    if path.exists() and not path.is_file():  # /dev/stdout, a pipe: nothing to rename
        try:
            with builtins.open(path, "wb") as handle:
                write(handle)
        except OSError as err:
            raise StoreError(f"cannot write {path}: {_reason(err)}") from None
        return
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with builtins.open(part, "wb") as handle:
            write(handle)
        os.replace(part, path)
    except OSError as err:
        raise StoreError(f"cannot write {path}: {_reason(err)}") from None
    finally:
        part.unlink(missing_ok=True)


def open(
    store: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    kb_dirs: Iterable[str | Path] = (),
    update_url: str | None = None,
    graph_store_url: str | None = None,
) -> TreatyKG:
    """Open a treatykg graph.

    Args:
        store: A directory, ``:memory:``, or an ``http(s)://`` SPARQL endpoint; None means
            $TREATYKG_STORE or ``./treatykg-data``.
        read_only: Share the store with other readers (a notebook beside a server).
        kb_dirs: Folders of your own KB ``.ttl`` files, loaded beside the bundled KB.
        update_url: For a remote store, its SPARQL Update URL when that is not the query
            URL's sibling ``/update`` (GraphDB: ``.../repositories/ID/statements``).
        graph_store_url: For a remote store, its Graph Store Protocol URL when that is not
            the query URL's sibling ``/store`` (Fuseki: ``.../DATASET/data``); exports read
            whole graphs through it, or through SPARQL when none answers.

    >>> kg = open(":memory:")
    >>> [row["what"].toPython() for row in kg.timeline("New START").records()][:2]
    ['signing', 'entry into force']
    """
    opened = open_store(
        store,
        read_only=read_only,
        kb_dirs=[Path(d) for d in kb_dirs],
        update_url=update_url,
        graph_store_url=graph_store_url,
    )
    try:
        if opened.writable and not opened.article_graphs():
            from treatykg.graph.derived import derive_kb_only  # networkx only when it is needed

            derive_kb_only(opened)
    except BaseException:
        opened.close()
        raise
    return TreatyKG(opened)


def sample(
    path: str | os.PathLike[str] = "treatykg-sample", *, read_only: bool = False
) -> TreatyKG:
    """The bundled sample articles in a store on disk at `path`, built there on first use:
    what the notebooks run on when no store of the user's is given.

    The store is built in a folder beside `path` and moved into place once ingest and the
    derived layer are done, so an interrupted build leaves no half-built sample, and two
    builds at once (two notebooks) end with one of them. A sample built by another version
    of the articles, the KB or the extraction rules is built again, so an analysis after an
    upgrade shows what this version reads. A folder that is not a sample (a store of the
    user's) is opened as it is, never rebuilt or mixed with the sample.

    Raises:
        StoreError: the folder cannot be created, or the build failed (the message says
            which article and why).
    """
    target = Path(path)
    wanted = _sample_fingerprint()
    mark = target / _SAMPLE_MARK
    if not target.exists() or (mark.is_file() and mark.read_text(encoding="utf-8") != wanted):
        _build_sample(target, wanted)
    return open(str(target), read_only=read_only)


_SAMPLE_MARK = ".treatykg-sample"  # in a sample store's folder: what it was built from


def _sample_fingerprint() -> str:
    """SHA-256 of this version's sample articles, KB and extraction code and rules."""
    import hashlib

    from treatykg import __version__, graph, ingest, samples

    digest = hashlib.sha256(__version__.encode())
    for package in (samples, ingest, graph):
        root = Path(package.__file__ or "").parent
        for file in sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(f"{package.__name__}/{file.relative_to(root).as_posix()}\0".encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _build_sample(target: Path, fingerprint: str) -> None:
    """Ingest the sample into a new folder, then put it in place of `target` (and of an
    outdated sample there) with renames, so `target` is never a half-built store."""
    import shutil

    from treatykg.samples import ARTICLES

    building = target.with_name(f".{target.name}.{os.getpid()}.building")
    outdated = target.with_name(f".{target.name}.{os.getpid()}.outdated")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(str(building)) as kg:
            report = kg.ingest([ARTICLES])
        if not report.ok:
            raise StoreError(f"cannot build the sample store: {report.failures[0]}")
        (building / _SAMPLE_MARK).write_text(fingerprint, encoding="utf-8")
        if target.exists():
            os.replace(target, outdated)
        try:
            os.replace(building, target)
        except OSError:
            if not target.exists():  # not another build's finished store: a real failure
                raise
    except OSError as err:
        raise StoreError(f"cannot build the sample store in {target}: {_reason(err)}") from None
    finally:
        for leftover in (building, outdated):
            shutil.rmtree(leftover, ignore_errors=True)


def extract(
    paths: Iterable[str | Path],
    *,
    kb_dirs: Iterable[str | Path] = (),
    published: date | None = None,
    failures: list[Failure] | None = None,
    max_article_bytes: int | None = DEFAULT_MAX_ARTICLE_BYTES,
) -> Iterator[tuple[str, Extraction]]:
    """What ingest would read from each article, without a store: (name, Extraction).

    The name is the file's stem (numbered when a file holds several articles); files
    that cannot be read go to `failures` when given.

    >>> from treatykg.samples import ARTICLES
    >>> name, found = next(extract([ARTICLES / "2023-02-28-new-start-suspended.txt"]))
    >>> name, "suspension" in {e.type for e in found.events}
    ('2023-02-28-new-start-suspended', True)
    """
    lexicon = kb.standalone_lexicon([Path(d) for d in kb_dirs])
    yield from extract_paths(
        paths,
        lexicon,
        published=published,
        failures=failures,
        max_article_bytes=max_article_bytes,
    )


def evaluate(
    paths: Iterable[str | Path], gold: str | Path, *, kb_dirs: Iterable[str | Path] = ()
) -> tuple[Report, list[Failure]]:
    """Score extraction from `paths` against gold files `gold/<name>.json` (the corpus format)."""
    lexicon = kb.standalone_lexicon([Path(d) for d in kb_dirs])
    return evaluation.evaluate(paths, Path(gold), lexicon)


def serve(
    store: str | os.PathLike[str] | None = None,
    *,
    kb_dirs: Iterable[str | Path] = (),
    host: str = "127.0.0.1",
    port: int = 7878,
    pages_port: int | None = None,
    writable: bool = False,
    timeout_s: int = 30,
    allow_federation: bool = False,
    log: IO[bytes] | int | None = None,
) -> server.Server:
    """Start a SPARQL endpoint over a store directory; stop it with `.stop()` or `with`.

    The KB is brought up to date first (a short write), then the server holds the store
    for reading (or writing, with `writable`) until it stops. A query or update past
    `timeout_s` is answered 503 and the engine restarted; SERVICE and LOAD are refused
    unless `allow_federation`; writes sent by another site's page are refused.
    """
    from treatykg import server  # the server's modules load only for `serve`

    location = resolve_location(store)
    if location == ":memory:" or location.startswith(("http://", "https://")):
        raise StoreError(
            f"serve needs a store directory, not {location!r}: an in-memory store lives only in "
            "its process, and a remote store is already a SPARQL endpoint"
        )
    if not holds_store(Path(location)):
        raise StoreError(
            f"no treatykg store at {location}; create one with `treatykg ingest --store {location} ...`"
        )
    with open_store(location, kb_dirs=[Path(d) for d in kb_dirs]):
        pass  # brings the KB up to date before the server takes the store
    cards = [
        server.QueryCard(
            q.name, q.title, q.answers,
            [server.Field(p.name, p.type, p.required, p.default, p.text) for p in q.params],
            q.example, q.sparql,
        )
        for q in runner.available()
    ]  # fmt: skip

    def remote(endpoint: str) -> TreatyStore:
        # The pages query the guard like any client, so the time limit holds; they wait a
        # little past it, so that the guard's own answer is what the page shows. Asked
        # directly: a proxy set for the outside world must not carry our own calls.
        backend = RemoteBackend(endpoint, None, writable=False, timeout=timeout_s + 15, direct=True)
        return TreatyStore(backend)

    def through(endpoint: str) -> server.Runner:
        store = remote(endpoint)
        return lambda name, params: runner.execute(store, name, params)

    def views(endpoint: str) -> server.Views:
        from treatykg.views.site import ServedSite

        return ServedSite(lambda: TreatyKG(remote(endpoint))._views_pages(), keep=not writable)

    def links(endpoint: str) -> server.Linker:
        from treatykg.graph.articles import article_urls, iris_in

        store = remote(endpoint)
        return lambda result: article_urls(store, iris_in(result))

    return server.start(
        Path(location), cards, host=host, port=port, pages_port=pages_port,
        writable=writable, timeout_s=timeout_s, allow_federation=allow_federation,
        log=log, run=through, views=views, links=links,
    )  # fmt: skip
