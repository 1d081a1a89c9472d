"""The ingest pipeline: files -> articles -> mentions -> triples -> the store, in batches.

One bad file is reported and skipped; each batch of articles is written in one
transaction, so a crash leaves every article either fully stored or not at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import URIRef

from treatykg import __version__
from treatykg.graph import kb
from treatykg.graph.store import TreatyStore
from treatykg.graph.terms import Triple
from treatykg.graph.triples import article_triples
from treatykg.ingest import Lexicon, ReadError, find_mentions, read_path, read_stream
from treatykg.ingest.records import Article

__all__ = ["ARTICLE_SUFFIXES", "Failure", "IngestReport", "expand_paths", "ingest"]

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
    triples: int = 0
    undated: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        return (
            f"{self.articles} articles from {self.files} files ({self.replaced} replaced), "
            f"{self.mentions} KB mentions, {self.triples} triples, "
            f"{self.undated} without a publication date, {len(self.failures)} failed"
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


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
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
    batch_size: int = 200,
    lexicon: Lexicon | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> IngestReport:
    """Read, extract and store every article under `paths`.

    Args:
        store: A writable store.
        paths: Files, folders, or "-" for standard input.
        fmt: Force one input format instead of detecting it per file.
        published: Publication date for articles whose file states none.
        batch_size: Articles per transaction.
        lexicon: The KB lexicon; read from the store when None.
        on_article: Called after each article is extracted (progress bars).

    Returns:
        The report; failed files are listed in it, never raised.
    """
    report = IngestReport()
    lexicon = lexicon if lexicon is not None else kb.lexicon(store)
    existing = {str(g) for g in store.article_graphs()}
    for batch in _batches(_read(paths, fmt=fmt, published=published, report=report), batch_size):
        graphs: dict[str, tuple[URIRef, list[Triple]]] = {}
        for article in batch:
            mentions = find_mentions(article.body, lexicon)
            graph, triples = article_triples(article, mentions, version=__version__)
            if str(graph) in graphs:  # the same text twice in one batch: keep the last copy
                report.articles -= 1
            graphs[str(graph)] = (graph, triples)
            report.articles += 1
            report.mentions += len(mentions)
            report.undated += article.published is None
            if on_article is not None:
                on_article(article)
        items = list(graphs.values())
        store.replace_graphs(items)
        report.replaced += sum(1 for key in graphs if key in existing)
        report.triples += sum(len(t) for _, t in items)
        existing.update(graphs)
    return report
