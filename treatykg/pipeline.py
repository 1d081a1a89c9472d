"""The ingest pipeline: files -> articles -> mentions -> triples -> the store, in batches.

One bad file is reported and skipped; each batch of articles is written in one
transaction, so a crash leaves every article either fully stored or not at all.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from rdflib import URIRef

from treatykg import __version__
from treatykg.graph import kb
from treatykg.graph.store import TreatyStore
from treatykg.graph.terms import Triple
from treatykg.graph.triples import article_triples
from treatykg.ingest import Lexicon, ReadError, read_path, read_stream
from treatykg.ingest.extract import Extraction, extract
from treatykg.ingest.records import Article

T = TypeVar("T")

__all__ = [
    "ARTICLE_SUFFIXES",
    "Failure",
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


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class IngestReport:
    """What one ingest run did, for the summary line and for callers that check."""

    files: int = 0
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
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        return (
            f"{self.articles} articles from {self.files} files ({self.replaced} replaced): "
            f"{self.entities} entities ({self.unlinked} not in the KB), {self.mentions} mentions, "
            f"{self.events} events, {self.quotes} quotes, {self.dates} dates "
            f"({self.unresolved_dates} unresolved), {self.triples} triples; "
            f"{self.undated} articles without a publication date, {len(self.failures)} files failed"
        )

    def count(self, extraction: Extraction) -> None:
        self.articles += 1
        self.mentions += len(extraction.mentions)
        self.entities += len(extraction.entities)
        self.unlinked += extraction.unlinked
        self.events += len(extraction.events)
        self.quotes += len(extraction.quotes)
        self.dates += len(extraction.timexes)
        self.unresolved_dates += extraction.unresolved_dates
        self.undated += extraction.article.published is None


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


def _read(
    paths: Iterable[str | Path], *, fmt: str | None, published: date | None, report: IngestReport
) -> Iterator[Article]:
    for item in expand_paths(paths):
        report.files += 1
        try:
            if item == STDIN:
                yield from read_stream(sys.stdin.buffer.read(), fmt=fmt, published=published)
            else:
                yield from read_path(item, fmt=fmt, published=published)
        except ReadError as err:
            report.failures.append(Failure(err.name, err.reason))


_WORKER_LEXICON: Lexicon | None = None
# Articles handed to the worker pool at a time: enough to keep workers busy, few enough
# that thousands of files never sit in memory at once.
_WINDOW = 256


def _init_worker(lexicon: Lexicon) -> None:
    global _WORKER_LEXICON
    _WORKER_LEXICON = lexicon


def _extract_in_worker(article: Article) -> Extraction:
    if _WORKER_LEXICON is None:  # pragma: no cover - set by the pool initializer
        raise RuntimeError("worker started without a lexicon")
    return extract(article, _WORKER_LEXICON)


def _extractions(
    articles: Iterable[Article], lexicon: Lexicon, workers: int
) -> Iterator[Extraction]:
    """Extraction in this process, or in `workers` processes with results in input order.

    Workers only extract; the parent writes, so the store keeps one writer and every
    batch stays one transaction. Pool.imap would read all of its input ahead, so articles
    go to the pool a window at a time: memory stays bounded however many files there are.
    """
    if workers <= 1:
        for article in articles:
            yield extract(article, lexicon)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(
        workers, initializer=_init_worker, initargs=(lexicon,)
    ) as pool:
        for window in _batches(articles, _WINDOW):
            yield from pool.imap(_extract_in_worker, window, chunksize=16)


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
) -> Iterator[tuple[str, Extraction]]:
    """(output name, extraction) for every article under `paths`, without any store.

    Files that cannot be read are appended to `failures` and skipped.
    """
    report = IngestReport()
    articles = _read(paths, fmt=fmt, published=published, report=report)
    for _, group in itertools.groupby(articles, key=lambda a: a.path):
        same_file = list(group)
        for name, article in zip(output_names(same_file), same_file, strict=True):
            yield name, extract(article, lexicon)
    if failures is not None:
        failures.extend(report.failures)


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
) -> IngestReport:
    """Read, extract and store every article under `paths`.

    Args:
        store: A writable store.
        paths: Files, folders, or "-" for standard input.
        fmt: Force one input format instead of detecting it per file.
        published: Publication date for articles whose file states none.
        batch_size: Articles per transaction. Each article is written whole or not at
            all whatever the size; 25 (about 50,000 triples) writes faster on disk than
            larger transactions and keeps requests to a remote store a few megabytes.
        lexicon: The KB lexicon; read from the store when None.
        on_article: Called after each article is extracted (progress bars).
        workers: Processes that extract in parallel; the calling process writes.

    Returns:
        The report; failed files are listed in it, never raised.
    """
    report = IngestReport()
    lexicon = lexicon if lexicon is not None else kb.lexicon(store)
    existing = {str(g) for g in store.article_graphs()}
    articles = _read(paths, fmt=fmt, published=published, report=report)
    for batch in _batches(_extractions(articles, lexicon, workers), batch_size):
        graphs: dict[str, tuple[URIRef, list[Triple], Extraction]] = {}
        for extraction in batch:
            graph, triples = article_triples(extraction, version=__version__)
            # The same text twice in one batch is one article: the last copy wins.
            graphs[str(graph)] = (graph, triples, extraction)
            if on_article is not None:
                on_article(extraction.article)
        store.replace_graphs([(graph, triples) for graph, triples, _ in graphs.values()])
        for _, triples, extraction in graphs.values():
            report.count(extraction)
            report.triples += len(triples)
        report.replaced += sum(1 for key in graphs if key in existing)
        existing.update(graphs)
    return report
