"""Benchmarks: ingest throughput and store write speed on generated articles; `make bench` runs it.

Articles are generated from the KB's labels and a few sentence templates of our own, so
the benchmark needs no network and no corpus. Figures go to docs/benchmarks.md with --write.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from treatykg.graph import kb
from treatykg.graph.store import open_store
from treatykg.ingest import Article, read_path
from treatykg.ingest.extract import extract

import treatykg
from treatykg.pipeline import _extractions

TEMPLATES = [
    "{person} said on {weekday} that {state} was ready to discuss the {treaty} with {other}.",
    "Officials in {metonym} accused {other} of breaking the {treaty}, a charge {other} denied.",
    "The {org} said the {treaty} remained important for {state} and {other}.",
    '"We will not be the first to leave," {person} told reporters after meeting officials from {other}.',
    "{state} suspended its participation in the {treaty} in {year}, {person} recalled.",
    "The {treaty} is due to run out on {month} {day} {year2}, and {metonym} has not said whether it will extend it.",
    "“There is nothing to discuss until {other} changes course,” {person} said last week.",
    "{person} stressed that the {treaty} had been “seriously weakened” since {year}.",
    "Deputy Foreign Minister Anna Kovac of {state} met {person} on {weekday} to prepare talks.",
    "{state} did not withdraw from the {treaty}, the {org} said two years ago.",
    "He added that {metonym} wants to resume negotiations with {other} as soon as possible.",
]
# Context and analysis sentences, as real reports carry between the news: few names, no
# dates. Mixed in, they bring the generated articles to the density of real news.
BACKGROUND = [
    "Arms control experts say verification depends on regular inspections and data exchanges.",
    "The talks have been complicated by disputes over missile defence and conventional weapons.",
    "Analysts note that neither side has published detailed figures on its forces for some time.",
    "Critics argue that the old framework no longer reflects the technologies now in service.",
    "Supporters counter that even limited transparency measures reduce the risk of miscalculation.",
    "Observers caution that any new agreement would take years to negotiate and bring into force.",
    "Satellite imagery published by independent researchers has added to the debate.",
    "Diplomats familiar with the discussions described the atmosphere as businesslike but tense.",
    "How to count warheads carried by different delivery systems remains an open question.",
    "Budget pressures at home have also shaped how both capitals approach the issue.",
    "Few officials expect a breakthrough, but most agree that keeping channels open matters.",
    "The dispute has revived an old argument about whether limits make states safer.",
]
# The evaluation corpus, read only to compare densities; absent on most machines.
DEV_ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev" / "articles"
MONTHS = ["January", "February", "March", "April", "June", "July", "September", "October"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def generate(
    count: int, words: int, folder: Path, *, seed: int = 7, background: float = 0.5
) -> int:
    """Write `count` articles of about `words` words as header-format files; returns total words.

    `background` is the share of context sentences; 0 gives entity-dense articles, about
    0.5 the density of the evaluation corpus's real news (see `densities`).
    """
    rng = random.Random(seed)
    with open_store(":memory:") as store:
        entries = kb.entries(store)
    pick = {
        t: [e for e in entries if e.type == t]
        for t in ("Person", "State", "Treaty", "Organization")
    }
    metonyms = [a for e in pick["State"] for a in e.aliases if a[:1].isupper()] or ["Moscow"]
    total = 0
    for index in range(count):
        sentences, length = [], 0
        while length < words:
            templates = BACKGROUND if rng.random() < background else TEMPLATES
            sentence = rng.choice(templates).format(
                person=rng.choice(pick["Person"]).label,
                state=rng.choice(pick["State"]).label,
                other=rng.choice(pick["State"]).label,
                treaty=rng.choice(pick["Treaty"]).label,
                org=rng.choice(pick["Organization"]).label,
                metonym=rng.choice(metonyms),
                weekday=rng.choice(WEEKDAYS),
                year=rng.randint(1990, 2025),
                year2=rng.randint(2026, 2030),
                month=rng.choice(MONTHS),
                day=rng.randint(1, 28),
            )
            sentences.append(sentence)
            length += len(sentence.split())
        day = date(2020, 1, 1) + timedelta(days=index % 2000)
        body = "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
        (folder / f"gen-{index:05d}.txt").write_text(
            f"title: Generated article {index}\ndate: {day.isoformat()}\nsource: bench\nurl: \n\n{body}\n"
        )
        total += length
    return total


def bench_ingest(articles: int, words: int, workers: int = 1) -> dict[str, float]:
    """The whole ingest path into an embedded store on disk: read, extract, build, write."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        total_words = generate(articles, words, folder)
        with treatykg.open(str(Path(tmp) / "store")) as kg:
            start = time.perf_counter()
            report = kg.ingest([folder], workers=workers)
            seconds = time.perf_counter() - start
        return {
            "articles": report.articles,
            "seconds": seconds,
            "articles_per_s": report.articles / seconds,
            "words_per_s": total_words / seconds,
            "triples": report.triples / max(report.articles, 1),
            "triples_per_s": report.triples / seconds,
        }


def _articles(count: int, words: int, background: float) -> tuple[list[Article], int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        total_words = generate(count, words, folder, background=background)
        return [a for path in sorted(folder.glob("*.txt")) for a in read_path(path)], total_words


def bench_extract(
    articles: int, words: int, workers: int, *, background: float = 0.5, passes: int = 3
) -> dict[str, float]:
    """Extraction alone (sentences, entities, dates, quotes, events), no store.

    The best of `passes` runs over the same articles is reported: the fastest run is the
    one least disturbed by the rest of the machine, as timeit's documentation advises.
    """
    docs, total_words = _articles(articles, words, background)
    lexicon = kb.standalone_lexicon()
    seconds = []
    for _ in range(passes):
        start = time.perf_counter()
        found = list(_extractions(docs, lexicon, workers))
        seconds.append(time.perf_counter() - start)
    best = min(seconds)
    return {
        "articles": len(found),
        "seconds": best,
        "median_s": statistics.median(seconds),
        "articles_per_s": len(found) / best,
        "words_per_s": total_words / best,
    }


def densities(docs: list[Article]) -> dict[str, float]:
    """Mentions, dates, quotes and events per 100 words: how busy the articles are."""
    lexicon = kb.standalone_lexicon()
    words = sum(d.word_count for d in docs) or 1
    found = [extract(d, lexicon) for d in docs]
    counts = {
        "mentions": sum(len(x.mentions) for x in found),
        "dates": sum(len(x.timexes) for x in found),
        "quotes": sum(len(x.quotes) for x in found),
        "events": sum(len(x.events) for x in found),
    }
    return {name: 100 * n / words for name, n in counts.items()}


def bench_query(repeats: int = 20) -> float:
    with treatykg.open(":memory:") as kg:
        from treatykg.samples import ARTICLES

        kg.ingest([ARTICLES])
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            kg.timeline("New START")
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def bench_memory(counts: tuple[int, ...], words: int, workers: int = 2) -> list[tuple[int, float]]:
    """Peak memory of `treatykg ingest` as users run it, for growing numbers of files.

    Each run is a fresh process tree measured from outside (the largest process's peak
    resident set, in MiB), so a flat column shows ingest streams: memory does not grow
    with the number of files.
    """
    exe = str(Path(sys.executable).with_name("treatykg"))
    found = []
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            generate(count, words, folder)
            command = [exe, "ingest", str(folder), "--store", str(Path(tmp) / "store"),
                       "--quiet", "--workers", str(workers)]  # fmt: skip
            done = subprocess.run([sys.executable, "-c", _PEAK_RSS, *command],
                                  capture_output=True, text=True, check=True)  # fmt: skip
            found.append((count, int(done.stdout.strip()) / 1024))
    return found


def _density_row(name: str, d: dict[str, float]) -> str:
    return f"| {name} | {d['mentions']:.1f} | {d['dates']:.1f} | {d['quotes']:.1f} | {d['events']:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--ingest-articles", type=int, default=200)
    parser.add_argument("--memory-articles", type=int, nargs="+", default=[250, 2000])
    parser.add_argument("--write", type=Path, help="Write the figures to this Markdown file.")
    args = parser.parse_args()
    one = bench_extract(args.articles, args.words, 1)
    two = bench_extract(args.articles, args.words, 2)
    dense = bench_extract(args.articles, args.words, 1, background=0.0)
    ingest = bench_ingest(args.ingest_articles, args.words)
    memory = bench_memory(tuple(args.memory_articles), args.words)
    query_ms = bench_query()
    news_like = densities(_articles(100, args.words, 0.5)[0])
    dense_d = densities(_articles(100, args.words, 0.0)[0])
    dev = DEV_ARTICLES.is_dir() and sorted(DEV_ARTICLES.glob("*.txt"))
    dev_d = densities([a for p in dev for a in read_path(p)]) if dev else None
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (`benchmarks/run.py`) on articles it generates from KB labels,",
        "sentence templates of ours and context sentences without names (half the sentences, so",
        "that the articles are about as busy as real news; see the density table).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {platform.system()}.",
        "",
        "## Extraction throughput (target: 200 articles/s on one core)",
        "",
        "Sentences, entities (KB, patterns, coreference), dates, quotes and events; no store.",
        "Best of three passes over the same articles (the median pass is shown beside it).",
        "",
        "| run | articles/s | words/s | median pass |",
        "| --- | --- | --- | --- |",
        f"| 1 worker, {one['articles']:.0f} articles of ~{args.words} words | "
        f"{one['articles_per_s']:.0f} | {one['words_per_s']:.0f} | {one['median_s']:.1f} s |",
        f"| 2 workers, same articles | {two['articles_per_s']:.0f} | {two['words_per_s']:.0f} | "
        f"{two['median_s']:.1f} s |",
        f"| 1 worker, entity-dense articles (no context sentences) | "
        f"{dense['articles_per_s']:.0f} | {dense['words_per_s']:.0f} | {dense['median_s']:.1f} s |",
        "",
        "## How busy the articles are (per 100 words)",
        "",
        "| articles | mentions | dates | quotes | events |",
        "| --- | --- | --- | --- | --- |",
        _density_row("generated, as benchmarked", news_like),
        _density_row("generated, entity-dense", dense_d),
        _density_row("evaluation corpus (dev)", dev_d)
        if dev_d
        else "| evaluation corpus | not present | | | |",
        "",
        "## Ingest into the store",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| ingest, {ingest['articles']:.0f} articles into an embedded store on disk | "
        f"{ingest['articles_per_s']:.0f} articles/s, {ingest['words_per_s']:.0f} words/s |",
        f"| triples per article; write rate | {ingest['triples']:.0f}; {ingest['triples_per_s']:.0f} triples/s |",
        f"| `timeline New START` on the sample store (median of 20) | {query_ms:.1f} ms |",
        "",
        "About half of ingest is Oxigraph's transactional write of about two thousand triples",
        "per article (most of them Web Annotation evidence for each mention); most of the rest",
        "is building the terms. Oxigraph's bulk loader writes three times as fast but is not",
        "atomic, so ingest does not use it; fewer triples per mention is the next step.",
        "",
        "## Ingest memory",
        "",
        "`treatykg ingest FOLDER --workers 2` as a user runs it, in a fresh process each time;",
        "peak resident memory of its largest process. Ingest streams: files are read, extracted",
        "and written a window at a time, so memory does not grow with the number of files.",
        "",
        "| files | peak memory |",
        "| --- | --- |",
        *[f"| {count} | {mib:.0f} MiB |" for count, mib in memory],
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        args.write.write_text(text)


if __name__ == "__main__":
    main()
