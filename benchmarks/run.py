"""Benchmarks: ingest throughput and store write speed on generated articles; `make bench` runs it.

Articles are generated from the KB's labels and a few sentence templates of our own, so
the benchmark needs no network and no corpus. Figures go to docs/benchmarks.md with --write.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from treatykg.graph import kb
from treatykg.graph.store import open_store

import treatykg

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
MONTHS = ["January", "February", "March", "April", "June", "July", "September", "October"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def generate(count: int, words: int, folder: Path, seed: int = 7) -> int:
    """Write `count` articles of about `words` words as header-format files; returns total words."""
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
            sentence = rng.choice(TEMPLATES).format(
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


def bench_ingest(articles: int, words: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        total_words = generate(articles, words, folder)
        with treatykg.open(str(Path(tmp) / "store")) as kg:
            start = time.perf_counter()
            report = kg.ingest([folder])
            seconds = time.perf_counter() - start
        return {
            "articles": report.articles,
            "seconds": seconds,
            "articles_per_s": report.articles / seconds,
            "words_per_s": total_words / seconds,
            "triples_per_s": report.triples / seconds,
        }


def bench_extract(articles: int, words: int, workers: int) -> dict[str, float]:
    """Extraction alone (segmentation, entities, dates, quotes, events), no store."""
    from treatykg.ingest import read_path

    from treatykg.pipeline import _extractions

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        total_words = generate(articles, words, folder)
        docs = [a for path in sorted(folder.glob("*.txt")) for a in read_path(path)]
    with open_store(":memory:") as store:
        lexicon = kb.lexicon(store)
    start = time.perf_counter()
    found = list(_extractions(docs, lexicon, workers))
    seconds = time.perf_counter() - start
    return {
        "articles": len(found),
        "seconds": seconds,
        "articles_per_s": len(found) / seconds,
        "words_per_s": total_words / seconds,
        "events": sum(len(x.events) for x in found),
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--ingest-articles", type=int, default=200)
    parser.add_argument("--write", type=Path, help="Write the figures to this Markdown file.")
    args = parser.parse_args()
    extract1 = bench_extract(args.articles, args.words, 1)
    extract2 = bench_extract(args.articles, args.words, 2)
    ingest = bench_ingest(args.ingest_articles, args.words)
    query_ms = bench_query()
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (`benchmarks/run.py`) on generated articles (KB labels in",
        "sentence templates of ours), embedded Oxigraph store on local disk, one process.",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, {platform.system()}.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| extraction, 1 worker: {extract1['articles']:.0f} articles of ~{args.words} words | "
        f"{extract1['articles_per_s']:.0f} articles/s, {extract1['words_per_s']:.0f} words/s |",
        f"| extraction, 2 workers | {extract2['articles_per_s']:.0f} articles/s, "
        f"{extract2['words_per_s']:.0f} words/s |",
        f"| ingest: articles (~{args.words} words each) | {ingest['articles']:.0f} in {ingest['seconds']:.1f} s |",
        f"| ingest throughput | {ingest['articles_per_s']:.0f} articles/s, {ingest['words_per_s']:.0f} words/s |",
        f"| store write (read + link + triples + transactional insert) | {ingest['triples_per_s']:.0f} triples/s |",
        f"| `timeline New START` on the sample store (median of 20) | {query_ms:.1f} ms |",
        "",
        "Extraction is sentences, entities (KB + patterns + coreference), dates, quotes and",
        "events, measured without the store; the target is 200 articles/s on one core. Ingest",
        "adds building and writing the triples; its cost is dominated by creating rdflib terms",
        "one by one and is the next thing to cut (a lean N-Quads or pyoxigraph-terms path).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        args.write.write_text(text)


if __name__ == "__main__":
    main()
