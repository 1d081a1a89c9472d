"""The ingest pipeline: files -> articles -> extractions -> quads -> the store, in batches.

One bad file is reported and skipped; each batch of articles is written in one
transaction, so a crash leaves every article either fully stored or not at all.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from treatykg import __version__
from treatykg.errors import StoreError, StoreOutcomeUnknown, TreatyKGError
from treatykg.graph import iris, kb
from treatykg.graph.quads import ArticleQuads, article_quads
from treatykg.graph.store import TreatyStore
from treatykg.graph.triples import stored_metadata
from treatykg.ingest import Lexicon, ReadError
from treatykg.ingest.readers import DEFAULT_MAX_ARTICLE_BYTES, iter_path, read_stream
from treatykg.ingest.records import METADATA_FIELDS, Article, Metadata, keep_richer

if TYPE_CHECKING:
    from treatykg.graph.derived import Derivation
    from treatykg.ingest.extract import Extraction

T = TypeVar("T")
R = TypeVar("R")

__all__ = [
    "ARTICLE_SUFFIXES",
    "BULK_BATCHES",
    "DEFAULT_MAX_ARTICLE_BYTES",
    "DerivationFailed",
    "Failure",
    "IngestInterrupted",
    "IngestReport",
    "expand_paths",
    "extract_paths",
    "ingest",
    "output_names",
]

ARTICLE_SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".html",
    ".htm",
    ".jsonl",
    ".ndjson",
    ".xml",
    ".rss",
    ".atom",
}
STDIN = "-"
# How summaries name the metadata fields a copy kept.
_FIELD_WORDS = {"published": "date", "title": "title", "source": "source", "url": "url"}
# The report's counts of what one stored article holds, in ArticleQuads.counts' order,
# then its triples.
_STORED_COUNTS = (
    "mentions", "entities", "unlinked", "events", "quotes", "dates", "unresolved_dates",
    "undated", "triples",
)  # fmt: skip


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class IngestReport:
    """What one ingest run did, for the summary line and for callers that check.

    `articles` counts every copy committed to the store and `replaced` those that replaced
    an article stored before (by an earlier run, or earlier in this one), so the store
    gained `articles - replaced` articles. The other counts (mentions, quotes, triples...)
    are of what the store now holds from this run: a copy that replaces one written earlier
    in the run takes its place in them, as it does in the store. `kept` counts, per
    metadata field, the copies that lacked it and kept an earlier copy's value; `notes`
    says which, one line each.
    """

    files: int = 0
    read: int = 0
    articles: int = 0
    replaced: int = 0
    mentions: int = 0
    entities: int = 0
    unlinked: int = 0
    events: int = 0
    quotes: int = 0
    dates: int = 0
    unresolved_dates: int = 0
    triples: int = 0
    undated: int = 0
    kept: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # The derived layer's update after the last batch; None when skipped (--no-derive,
    # or no article was stored).
    derivation: Derivation | None = None
    # The counts of the copy of each text this run stored last, by article key.
    _stored: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        kept = ", ".join(
            f"{_FIELD_WORDS[name]} for {self.kept[name]}"
            for name in METADATA_FIELDS
            if name in self.kept
        )
        replaced = f"{self.replaced} replaced" + (
            f"; kept an earlier copy's {kept}" if kept else ""
        )
        return (
            f"{self.articles} articles from {self.files} files ({replaced}): "
            f"{self.entities} entities ({self.unlinked} not in the KB), {self.mentions} mentions, "
            f"{self.events} events, {self.quotes} quotes, {self.dates} dates "
            f"({self.unresolved_dates} unresolved), {self.triples} triples; "
            f"{self.undated} articles without a publication date, {len(self.failures)} files failed"
        )

    def count(self, written: ArticleQuads) -> None:
        """Count one committed copy, in place of any copy of its text counted before."""
        self.articles += 1
        numbers = (*written.counts, written.quads)
        earlier = self._stored.get(written.key)
        self._stored[written.key] = numbers
        for name, number, before in zip(
            _STORED_COUNTS, numbers, earlier or (0,) * len(numbers), strict=True
        ):
            setattr(self, name, getattr(self, name) + number - before)

    def keep(self, article: Article, earlier: Metadata, kept: tuple[str, ...]) -> None:
        """Record that `article` kept the fields `kept` from an earlier copy of its text."""
        for name in kept:
            self.kept[name] = self.kept.get(name, 0) + 1
        values = ", ".join(f"{_FIELD_WORDS[name]} {getattr(earlier, name)}" for name in kept)
        where = earlier.path or "the copy already stored"
        self.notes.append(
            f"{article.path or '<stdin>'}: same text as {where}, which it replaces; "
            f"kept that copy's {values}"
        )


class IngestInterrupted(StoreError):
    """The store failed part-way through an ingest; `committed` articles were stored first.

    Every batch is one transaction, so the store holds exactly the first `committed`
    articles of the run, each whole, plus the batch being written when the cause is a
    `StoreOutcomeUnknown` (its reply was lost, not necessarily the write). Into a new
    store, batches are bulk-loaded, which is not atomic (`bulk`): the batch being written
    may be partly stored. Running the same ingest again finishes the job either way,
    replacing those articles whole.
    """

    def __init__(self, cause: TreatyKGError, report: IngestReport, *, bulk: bool = False) -> None:
        self.cause = cause
        self.report = report
        self.committed = report.articles
        self.bulk = bulk
        if bulk:
            unsure = " (the batch being bulk-loaded into this new store may be partly stored)"
        elif isinstance(cause, StoreOutcomeUnknown):  # a reply lost after the request went out
            unsure = " (the batch being written may have been too)"
        else:
            unsure = ""
        super().__init__(
            f"{cause}; {report.articles} of the {report.read} articles read so far were "
            f"committed before the failure{unsure}; re-run the same ingest to finish "
            "(articles already stored are replaced, not doubled)"
        )


class DerivationFailed(StoreError):
    """Every article was stored, but the derived layer could not be brought up to date.

    The layer is as it was before, or (when a write failed part-way) marked incomplete;
    `treatykg derive` rebuilds it.
    """

    def __init__(self, cause: TreatyKGError, report: IngestReport) -> None:
        self.cause = cause
        self.report = report
        super().__init__(
            f"all {report.articles} articles were stored, but the derived layer (merged "
            f"events, status, networks) was not updated: {cause}; run `treatykg derive`"
        )


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files named directly, and the article files inside named folders, in sorted order.

    A folder contributes only files with a known article suffix, so notes and images
    beside the articles are not reported as failures.
    """
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        else:
            yield path


def _read_item(
    item: Path | str,
    *,
    fmt: str | None,
    published: date | None,
    max_bytes: int | None,
    report: IngestReport,
) -> Iterator[Article]:
    """The articles of one input; what could not be read goes to the report's failures.

    A JSON Lines file yields its good records and reports its bad lines in one failure.
    """
    problems: list[ReadError] = []
    try:
        if item == STDIN:
            yield from read_stream(
                sys.stdin.buffer, fmt=fmt, published=published,
                max_bytes=max_bytes, problems=problems,
            )  # fmt: skip
        else:
            yield from iter_path(
                item, fmt=fmt, published=published, max_bytes=max_bytes, problems=problems
            )
    except ReadError as err:
        problems.append(err)
    report.failures.extend(Failure(p.name, p.reason) for p in problems)


def _read(
    paths: Iterable[str | Path],
    *,
    fmt: str | None,
    published: date | None,
    max_bytes: int | None,
    report: IngestReport,
) -> Iterator[Article]:
    for item in expand_paths(paths):
        report.files += 1
        yield from _read_item(
            item, fmt=fmt, published=published, max_bytes=max_bytes, report=report
        )


def _keep_richer(
    articles: Iterable[Article],
    store: TreatyStore,
    stored: set[str],
    report: IngestReport,
    *,
    remember: int,
) -> Iterator[Article]:
    """Each article, with the metadata it lacks taken from an earlier copy of its text.

    The earlier copy is one read before in this run (the last `remember` are kept in
    memory: they may not be written yet) or else the one in the store, read back only
    when this copy lacks something, so a re-ingest of complete files costs no queries.
    """
    recent: OrderedDict[str, Metadata] = OrderedDict()
    for article in articles:
        report.read += 1
        key = article.key
        earlier = recent.pop(key, None)
        lacks = any(getattr(article, name) is None for name in METADATA_FIELDS)
        if earlier is None and lacks and str(iris.article_graph(key)) in stored:
            earlier = stored_metadata(store, key)
        if earlier is not None:
            article, kept = keep_richer(article, earlier)
            if kept:
                report.keep(article, earlier, kept)
        recent[key] = article.metadata
        if len(recent) > remember:
            recent.popitem(last=False)
        yield article


# A worker's extraction with the lexicon it was started with, fetched once per process.
_WORKER_EXTRACT: Callable[[Article], Extraction] | None = None
# Articles handed to the worker pool at a time: enough to keep workers busy, few enough
# that thousands of files never sit in memory at once.
_WINDOW = 256
# Batches per bulk load into a new embedded store: fewer, larger loads (each writes and
# ingests new files on disk) load the same quads about 1.4 times as fast as one a batch.
BULK_BATCHES = 4


# Extraction allocates many small containers (spans, matches, tuples) that reference
# counting frees at once, and makes few reference cycles. At the collector's default first
# threshold (700) it walks the young objects hundreds of times per article for almost
# nothing to collect: some 8% of bulk extraction's time in `make bench`. Bulk
# extraction raises the threshold; a few hundred cycles then wait a little longer.
_BULK_FIRST_THRESHOLD = 50_000


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The collector's first threshold raised for the duration, the caller's restored
    after, however the block ends (a consumer that stops reading closes the generator)."""
    before = _collect_less()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _collect_less() -> tuple[int, int, int]:
    """Raises the collector's first threshold to the bulk one; returns those it replaced."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], _BULK_FIRST_THRESHOLD), *before[1:])
    return before


def _extractor() -> Callable[[Article, Lexicon], Extraction]:
    """`ingest.extract.extract`, imported when first needed rather than with this module:
    compiling its trigger tables and patterns takes about a second, which every command
    that never extracts (`query`, `serve`, `--help`) would pay otherwise. Callers fetch it
    before a worker pool forks, so the workers inherit the compiled tables."""
    from treatykg.ingest.extract import extract

    return extract


def _init_worker(lexicon: Lexicon) -> None:
    global _WORKER_EXTRACT
    extract = _extractor()

    def extract_here(article: Article) -> Extraction:
        return extract(article, lexicon)

    _WORKER_EXTRACT = extract_here
    _collect_less()  # a worker process only extracts: nothing to restore


def _extract_in_worker(article: Article) -> Extraction:
    if _WORKER_EXTRACT is None:  # pragma: no cover - set by the pool initializer
        raise RuntimeError("worker started without a lexicon")
    return _WORKER_EXTRACT(article)


def _quads_in_worker(article: Article) -> ArticleQuads:
    return article_quads(_extract_in_worker(article), version=__version__)


def _mapped(
    articles: Iterable[Article],
    lexicon: Lexicon,
    workers: int,
    work: Callable[[Article], R],
    in_worker: Callable[[Article], R],
) -> Iterator[tuple[Article, R]]:
    """Each article with `work` done on it, in this process or in `workers` processes
    (`in_worker`, the same work with the worker's lexicon), in input order.

    Pool.imap would read all of its input ahead, so articles go to the pool a window at a
    time: memory stays bounded however many files there are. The next window goes to the
    pool before this one's results are read back, so the workers go on extracting while
    the caller writes (two windows in flight, never more). The article itself is the
    one sent, kept here until its result comes back, so a result never carries its text
    back. In this process, the caller's code between articles (writing, as
    allocation-heavy) runs with the raised collector threshold too.
    """
    if workers <= 1:
        with _fewer_collections():
            for article in articles:
                yield article, work(article)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(
        workers, initializer=_init_worker, initargs=(lexicon,)
    ) as pool:
        ahead: tuple[list[Article], Iterator[R]] | None = None
        for window in _batches(articles, _WINDOW):
            handed = (window, pool.imap(in_worker, window, chunksize=16))
            if ahead is not None:
                yield from zip(*ahead, strict=True)
            ahead = handed
        if ahead is not None:
            yield from zip(*ahead, strict=True)


def _extractions(
    articles: Iterable[Article], lexicon: Lexicon, workers: int
) -> Iterator[Extraction]:
    """Extraction alone, in this process or in `workers` processes, in input order
    (what `make bench` compares ingest with)."""
    extract = _extractor()
    for _, extraction in _mapped(
        articles, lexicon, workers, lambda a: extract(a, lexicon), _extract_in_worker
    ):
        yield extraction


def _article_quads(
    articles: Iterable[Article], lexicon: Lexicon, workers: int
) -> Iterator[tuple[Article, ArticleQuads]]:
    """Each article with its named graph's quads, built where it was extracted.

    Workers extract and build; the parent only writes what they hand back (the quads as
    N-Quads and the counts, never the extraction with the article's text), so the store
    keeps one writer and every batch stays one transaction.
    """
    extract = _extractor()

    def build(article: Article) -> ArticleQuads:
        return article_quads(extract(article, lexicon), version=__version__)

    return _mapped(articles, lexicon, workers, build, _quads_in_worker)


def output_names(articles: list[Article]) -> list[str]:
    """The file stems `extract` writes one file's articles to: the file's stem, or
    stem-1, stem-2... when the file (a JSON Lines dump, a feed) holds several."""
    stems = [Path(a.path).stem if a.path else "stdin" for a in articles]
    if len(articles) == 1:
        return stems
    return [f"{stem}-{n}" for n, stem in enumerate(stems, start=1)]


def extract_paths(
    paths: Iterable[str | Path],
    lexicon: Lexicon,
    *,
    fmt: str | None = None,
    published: date | None = None,
    failures: list[Failure] | None = None,
    max_article_bytes: int | None = DEFAULT_MAX_ARTICLE_BYTES,
) -> Iterator[tuple[str, Extraction]]:
    """(output name, extraction) for every article under `paths`, without any store.

    Files that cannot be read (or articles over `max_article_bytes`) are appended to
    `failures` and skipped. The collector runs less often until the last article is
    yielded or the caller stops reading (`_fewer_collections`).
    """
    report = IngestReport()
    extract = _extractor()
    with _fewer_collections():
        for item in expand_paths(paths):
            same_file = list(
                _read_item(
                    item, fmt=fmt, published=published, max_bytes=max_article_bytes, report=report
                )
            )
            for name, article in zip(output_names(same_file), same_file, strict=True):
                yield name, extract(article, lexicon)
            if failures is not None:
                failures.extend(report.failures)
            report.failures.clear()


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    store: TreatyStore,
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    published: date | None = None,
    batch_size: int = 25,
    lexicon: Lexicon | None = None,
    on_article: Callable[[Article], None] | None = None,
    workers: int = 1,
    max_article_bytes: int | None = DEFAULT_MAX_ARTICLE_BYTES,
    derive: bool = True,
) -> IngestReport:
    """Read, extract and store every article under `paths`, then update the derived layer.

    A new copy of an article already stored (the same text, from another file or a
    re-run) replaces it, keeping any date, title, source or url it lacks from the copy
    before; the report counts both copies as articles, one of them replaced, and what
    they hold (mentions, quotes, triples) once, as the store does.

    Each article's quads are built where it is extracted (`graph.quads.article_quads`;
    in the workers when there are several) and written a batch at a time: one transaction
    per batch, except into an embedded store that holds no article yet, which is
    bulk-loaded a batch at a time, over twice as fast but not atomic: after a crash, the
    same ingest run again replaces any article left part-written (`IngestInterrupted`
    says so when the store fails).

    Args:
        store: A writable store.
        paths: Files, folders, or "-" for standard input.
        fmt: Force one input format instead of detecting it per file.
        published: Publication date for articles whose file states none.
        batch_size: Articles per transaction. Each article is written whole or not at
            all whatever the size, except in a bulk load; 25 (about 25,000 triples)
            writes faster on disk than larger transactions and keeps requests to a
            remote store a few megabytes. A bulk load takes `BULK_BATCHES` batches at a
            time: each load writes new files to disk, whose cost is per load.
        lexicon: The KB lexicon; read from the store when None.
        on_article: Called after each article is extracted (progress bars).
        workers: Processes that extract and build quads in parallel; the calling
            process writes.
        max_article_bytes: An article file (or JSON Lines record) over this many bytes is
            reported and skipped; None for no limit.
        derive: After the last batch, update the derived layer for the articles stored
            (one more transaction; see `graph.derived.derive`). False for bulk loads that
            end with one full `treatykg derive`.

    Returns:
        The report; failed files are listed in it, never raised.

    Raises:
        IngestInterrupted: the store failed to write (a remote server went away, a full
            disk); it says how many articles were committed before.
        DerivationFailed: every article was stored, but the derived layer was not updated.
    """
    report = IngestReport()
    lexicon = lexicon if lexicon is not None else kb.lexicon(store)
    existing = {str(g) for g in store.article_graphs()}
    held_before = set(existing)
    # A store without articles is new: bulk-load it (see IngestInterrupted for a crash).
    bulk = not existing
    size = batch_size * BULK_BATCHES if bulk and store.kind == "embedded" else batch_size
    articles = _keep_richer(
        _read(paths, fmt=fmt, published=published, max_bytes=max_article_bytes, report=report),
        store,
        existing,
        report,
        remember=size + 2 * _WINDOW,  # read ahead of writing: two windows and a batch
    )
    try:
        for batch in _batches(_article_quads(articles, lexicon, workers), size):
            _write(store, batch, existing, report, on_article, bulk=bulk)
    except TreatyKGError as err:
        raise IngestInterrupted(err, report, bulk=bulk and store.kind == "embedded") from err
    if derive and report.articles:
        _derive(store, report, held_before)
    return report


def _derive(store: TreatyStore, report: IngestReport, held_before: set[str]) -> None:
    """Bring the derived layer up to date for the articles this run stored, in one
    transaction; `held_before` (the article graphs before the run) tells the new ones."""
    from treatykg.graph.derived import derive  # networkx loads only here

    keys = list(report._stored)
    added = [k for k in keys if str(iris.article_graph(k)) not in held_before]
    try:
        report.derivation = derive(
            store,
            articles=[str(iris.article(k)) for k in keys],
            added=[str(iris.article(k)) for k in added],
        )
    except TreatyKGError as err:
        raise DerivationFailed(err, report) from err


def _write(
    store: TreatyStore,
    batch: list[tuple[Article, ArticleQuads]],
    existing: set[str],
    report: IngestReport,
    on_article: Callable[[Article], None] | None,
    *,
    bulk: bool,
) -> None:
    """Store one batch in one transaction (one load, when `bulk`), then count it (so counts
    are what was committed)."""
    graphs: dict[str, ArticleQuads] = {}
    replaced = 0
    for article, built in batch:
        replaced += built.graph in existing or built.graph in graphs
        # The same text twice in one batch: the last copy, which kept what the first had, wins.
        graphs[built.graph] = built
        if on_article is not None:
            on_article(article)
    nquads = b"".join(built.nquads for built in graphs.values())
    store.replace_nquads(list(graphs), nquads, bulk=bulk)
    for _, built in batch:
        report.count(built)
    report.replaced += replaced
    existing.update(graphs)
