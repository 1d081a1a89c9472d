"""Extraction on a Dask cluster: article files to gzip-compressed N-Quads shards, for `load`.

Extraction is a pure map from files to quads, so it spreads over any number of machines:
the files are cut into partitions (in sorted order), each partition becomes one shard
named from the files in it, and the store is written afterwards, by `treatykg load` or
by another engine's bulk loader. Workers read the files themselves: on a real cluster,
the paths must name the same files on every worker (a shared file system).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from treatykg import __version__
from treatykg.errors import TreatyKGError
from treatykg.graph import kb
from treatykg.graph.quads import article_quads
from treatykg.ingest import Lexicon, ReadError
from treatykg.ingest.readers import DEFAULT_MAX_ARTICLE_BYTES, iter_path
from treatykg.ingest.records import Article, Metadata, keep_richer
from treatykg.pipeline import STDIN, expand_paths

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "DEFAULT_FILES_PER_SHARD",
    "ClusterError",
    "Shard",
    "ShardsReport",
    "extract_shards",
    "partitions",
    "shard_name",
]

# Files per partition: enough to make a shard worth a task (a few megabytes compressed),
# few enough that a worker holds one partition's quads in memory without noticing.
DEFAULT_FILES_PER_SHARD = 200


_WAIT_FOR_WORKERS_S = 60
_NO_WORKERS = "120s"


class ClusterError(TreatyKGError):
    """The Dask scheduler cannot be reached, or the cluster could not run the extraction."""


@dataclass(frozen=True)
class Shard:
    """What one partition became: its shard file, what went in, and the files that failed."""

    name: str
    files: int
    articles: int
    failures: tuple[tuple[str, str], ...] = ()  # (input, reason): reported and skipped


@dataclass
class ShardsReport:
    """What an `extract_shards` run wrote, for the summary line and for callers that check."""

    out: Path
    shards: list[Shard] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # partitions whose task failed, as lines

    @property
    def failures(self) -> list[str]:
        """One line per input (or partition) that failed."""
        return [f"{name}: {why}" for s in self.shards for name, why in s.failures] + self.failed

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        articles = sum(s.articles for s in self.shards)
        files = sum(s.files for s in self.shards)
        return (
            f"{len(self.shards)} shards in {self.out}: {articles} articles from {files} files, "
            f"{len(self.failures)} failed"
        )


def partitions(paths: Iterable[str | Path], files_per_shard: int) -> list[list[str]]:
    """The input files (folders expanded, sorted) as absolute paths, cut into partitions.

    >>> partitions([], 10)
    []
    """
    files = [str(Path(p).resolve()) for p in expand_paths(paths)]
    return [files[i : i + files_per_shard] for i in range(0, len(files), files_per_shard)]


def shard_name(files: Sequence[str]) -> str:
    """The shard file of a partition, named from its files: the same inputs give the same
    name, so running the extraction again overwrites its shards rather than adding copies.

    >>> shard_name(["/news/a.txt", "/news/b.txt"])
    'part-c43de7cb0fa8fcfb.nq.gz'
    """
    digest = hashlib.sha256("\n".join(files).encode("utf-8", "surrogateescape"))
    return f"part-{digest.hexdigest()[:16]}.nq.gz"


@dataclass(frozen=True)
class _Options:
    """What every partition's task needs besides its files (sent once per task, small)."""

    out: str
    kb_dirs: tuple[str, ...]
    fmt: str | None
    published: date | None
    max_bytes: int | None


_LEXICONS: dict[tuple[str, ...], Lexicon] = {}  # per worker process, read once per KB


def _lexicon(kb_dirs: tuple[str, ...]) -> Lexicon:
    if kb_dirs not in _LEXICONS:
        _LEXICONS[kb_dirs] = kb.standalone_lexicon([Path(d) for d in kb_dirs])
    return _LEXICONS[kb_dirs]


def _articles(
    files: Sequence[str], options: _Options, failures: list[tuple[str, str]]
) -> dict[str, Article]:
    """The partition's articles by key: a text read twice is the copy read last, keeping
    what it lacks from the earlier one, as ingest keeps it."""
    found: dict[str, Article] = {}
    for file in files:
        problems: list[ReadError] = []
        try:
            for article in iter_path(
                file, fmt=options.fmt, published=options.published,
                max_bytes=options.max_bytes, problems=problems,
            ):  # fmt: skip
                earlier: Metadata | None = (
                    found[article.key].metadata if article.key in found else None
                )
                if earlier is not None:
                    article, _ = keep_richer(article, earlier)
                found.pop(article.key, None)
                found[article.key] = article
        except ReadError as err:
            problems.append(err)
        failures.extend((p.name, p.reason) for p in problems)
    return found


def _extract_partition(files: Sequence[str], options: _Options) -> Shard:
    """One task: read and extract a partition's files, write its shard (whole, then renamed
    into place, so a shard with its final name is always complete)."""
    # Imported here, on the worker, not with this module: its compiled tables cost about a
    # second that no command but extraction should pay (`pipeline._extractor`).
    from treatykg.ingest.extract import extract

    failures: list[tuple[str, str]] = []
    articles = _articles(files, options, failures)
    lexicon = _lexicon(options.kb_dirs)
    name = shard_name(files)
    target = Path(options.out) / name
    part = target.with_name(f".{name}.{os.getpid()}.part")
    try:
        with part.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
            for article in articles.values():
                out.write(article_quads(extract(article, lexicon), version=__version__).nquads)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return Shard(name, len(files), len(articles), tuple(failures))


def extract_shards(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    files_per_shard: int = DEFAULT_FILES_PER_SHARD,
    kb_dirs: Iterable[str | Path] = (),
    fmt: str | None = None,
    published: date | None = None,
    max_article_bytes: int | None = DEFAULT_MAX_ARTICLE_BYTES,
    on_shard: Callable[[Shard], None] | None = None,
) -> ShardsReport:
    """Extract every article under `paths` on a Dask cluster into shards in `out`.

    Args:
        paths: Files and folders (not standard input: workers read the files).
        out: The folder for the shards (created if missing), one `part-<hash>.nq.gz` per
            partition of `files_per_shard` files.
        scheduler: A Dask scheduler's address (``tcp://host:8786``); None starts a
            LocalCluster of `workers` processes for the run.
        workers: Processes of the LocalCluster (unused with `scheduler`).
        files_per_shard: Input files per partition, so per shard and per task.
        kb_dirs: Folders of your own KB files; each worker reads them (shared paths).
        fmt, published, max_article_bytes: As for `ingest`.
        on_shard: Called as each shard is written (progress).

    Returns:
        The report: the shards written and the inputs that failed (skipped).

    Raises:
        ClusterError: the scheduler cannot be reached, or standard input was given.
    """
    paths = list(paths)
    if any(str(p) == STDIN for p in paths):
        raise ClusterError(
            "extract-shards reads files on the workers; standard input cannot be shared"
        )
    target = Path(out).resolve()
    target.mkdir(parents=True, exist_ok=True)
    options = _Options(
        str(target),
        tuple(str(Path(d).resolve()) for d in kb_dirs),
        fmt,
        published,
        max_article_bytes,
    )
    report = ShardsReport(target)
    parts = partitions(paths, files_per_shard)
    if not parts:
        return report
    with _client(scheduler, workers) as client:
        from distributed import as_completed  # installed: _client checked

        futures = {
            client.submit(_extract_partition, part, options, pure=False): part for part in parts
        }
        for future in as_completed(futures):
            try:
                shard: Shard = future.result()
            except Exception as err:  # a task that failed: its partition, the rest go on
                files = futures[future]
                report.failed.append(
                    f"{files[0]} and {len(files) - 1} more: {type(err).__name__}: {err}"
                )
                continue
            report.shards.append(shard)
            if on_shard is not None:
                on_shard(shard)
    report.shards.sort(key=lambda s: s.name)
    return report


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A Dask client on `scheduler`, or on a LocalCluster of `workers` processes started
    for the run and closed with it."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(
            "extract-shards runs on Dask, which is not installed: pip install 'treatykg[dask]'"
        ) from None

    import dask

    cluster: LocalCluster | None = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout="10s")
        else:
            # Should every worker die, a task fails after this rather than wait forever.
            with dask.config.set({"distributed.scheduler.no-workers-timeout": _NO_WORKERS}):
                cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
                )
            client = Client(cluster)
    except (OSError, TimeoutError) as err:
        where = scheduler or "a local cluster"
        raise ClusterError(f"cannot reach the Dask scheduler at {where}: {err}") from None
    try:
        client.wait_for_workers(1, timeout=_WAIT_FOR_WORKERS_S)
    except (OSError, TimeoutError):
        client.close()
        if cluster is not None:
            cluster.close()
        raise ClusterError(
            f"no Dask worker joined the scheduler at {scheduler or 'the local cluster'} within "
            f"{_WAIT_FOR_WORKERS_S} s; start some with `dask worker {scheduler or 'ADDRESS'}`"
        ) from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
