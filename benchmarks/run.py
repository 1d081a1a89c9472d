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

import pyoxigraph as ox
from treatykg.graph import kb
from treatykg.graph.quads import article_quads
from treatykg.graph.store import open_store
from treatykg.ingest import Article, read_path
from treatykg.ingest.extract import extract

import treatykg
from treatykg.pipeline import BULK_BATCHES, _extractions, expand_paths

sys.path.insert(0, str(Path(__file__).parent))
from relations import bench_relations, relations_section

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


def _ingest_once(folder: Path, store: Path, workers: int) -> tuple[float, int, int]:
    """Files on disk to stored graphs in a new embedded store, as `treatykg ingest
    --no-derive` runs it: seconds, articles and triples."""
    with treatykg.open(str(store)) as kg:
        start = time.perf_counter()
        report = kg.ingest([folder], workers=workers, derive=False)
        return time.perf_counter() - start, report.articles, report.triples


def _extract_once(folder: Path, workers: int) -> tuple[float, int]:
    """The same files read and extracted, no quads, no store: seconds and articles."""
    lexicon = kb.standalone_lexicon()
    start = time.perf_counter()
    articles = (a for path in expand_paths([folder]) for a in read_path(path))
    done = sum(1 for _ in _extractions(articles, lexicon, workers))
    return time.perf_counter() - start, done


def _write_rates(folder: Path, tmp: Path, batch: int = 25) -> dict[str, float]:
    """Quads per second for the same articles' quads: through the store's write path in
    ingest's batches (bulk-loaded, as into a new store, `BULK_BATCHES` batches a load, and
    in transactions, as into one holding articles), and through pyoxigraph's own bulk
    loader in one call."""
    lexicon = kb.standalone_lexicon()
    articles = [a for path in expand_paths([folder]) for a in read_path(path)]
    start = time.perf_counter()
    extractions = [extract(a, lexicon) for a in articles]
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    built = [article_quads(e, version=treatykg.__version__) for e in extractions]
    build_s = time.perf_counter() - start
    del extractions
    quads = sum(b.quads for b in built)
    rates = {"extract_ms": extract_s * 1000 / len(built), "build_ms": build_s * 1000 / len(built)}
    for name, bulk in (("bulk", True), ("transactional", False)):
        size = batch * BULK_BATCHES if bulk else batch
        batches = [built[i : i + size] for i in range(0, len(built), size)]
        with open_store(tmp / f"write-{name}") as store:
            start = time.perf_counter()
            for one in batches:
                store.replace_nquads(
                    [b.graph for b in one], b"".join(b.nquads for b in one), bulk=bulk
                )
            rates[name] = quads / (time.perf_counter() - start)
    data = b"".join(b.nquads for b in built)
    raw = ox.Store(str(tmp / "write-raw"))
    start = time.perf_counter()
    raw.bulk_load(data, ox.RdfFormat.N_QUADS)
    raw.flush()
    rates["raw"] = quads / (time.perf_counter() - start)
    del raw
    return rates


def bench_ingest(articles: int, words: int, workers: int = 2, passes: int = 2) -> dict[str, float]:
    """End-to-end ingest beside extraction alone, on the same files, with `workers`
    processes each, in turns (best of `passes` each, as `bench_extract` takes), and the
    store's write rate beside pyoxigraph's bulk loader on the same quads."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "articles"
        folder.mkdir()
        total_words = generate(articles, words, folder)
        ingests, extractions = [], []
        for n in range(passes):
            extractions.append(_extract_once(folder, workers))
            ingests.append(_ingest_once(folder, tmp / f"store-{n}", workers))
        seconds, stored, triples = min(ingests)
        extract_s, extracted = min(extractions)
        rates = _write_rates(folder, tmp)
    return {
        "articles": stored,
        "workers": workers,
        "seconds": seconds,
        "articles_per_s": stored / seconds,
        "words_per_s": total_words / seconds,
        "extract_per_s": extracted / extract_s,
        "triples": triples / max(stored, 1),
        "triples_per_s": triples / seconds,
        "load_average": os.getloadavg()[0],
        **{f"write_{name}": rate for name, rate in rates.items()},
    }


def ingest_section(ingest: dict[str, float], query_ms: float | None) -> list[str]:
    """The figures of `bench_ingest` as a Markdown section."""
    ratio = ingest["articles_per_s"] / ingest["extract_per_s"]
    bulk, tx, raw = ingest["write_bulk"], ingest["write_transactional"], ingest["write_raw"]
    workers = f"{ingest['workers']:.0f} workers"
    lines = [
        "## Ingest into the store",
        "",
        f"{ingest['articles']:.0f} generated articles of ~600 words as files on disk, in one run",
        "(`benchmarks/run.py --only ingest` re-runs this section alone): ingest into a new",
        "embedded store (`treatykg ingest --no-derive`: read, extract, build quads, write; the",
        "derived layer is its own stage) beside reading and extracting the same files alone,",
        "each twice in turns, best pass shown. The write rates take the same articles' quads,",
        "built beforehand, through the store's write path in ingest's batches (25 articles a",
        f"transaction, {25 * BULK_BATCHES} a bulk load), and through pyoxigraph's bulk loader",
        "in one call.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| ingest, {workers} (files to stored graphs) | {ingest['articles_per_s']:.0f} articles/s,"
        f" {ingest['words_per_s']:.0f} words/s |",
        f"| extraction alone, {workers}, same files | {ingest['extract_per_s']:.0f} articles/s |",
        f"| ingest / extraction (target: 0.6) | {ratio:.2f} |",
        f"| triples per article | {ingest['triples']:.0f} |",
        f"| building an article's quads / extracting it, one process | "
        f"{ingest['write_build_ms']:.1f} ms / {ingest['write_extract_ms']:.1f} ms |",
        f"| write rate, new store (bulk-loaded, {BULK_BATCHES} batches a load) | {bulk:.0f} quads/s, "
        f"{bulk / raw:.2f}x bulk_load (target: 0.7x) |",
        f"| write rate, store holding articles (a transaction a batch) | {tx:.0f} quads/s, "
        f"{tx / raw:.2f}x bulk_load |",
        f"| pyoxigraph `bulk_load` of the same quads, one call | {raw:.0f} quads/s |",
        f"| load average of the machine after the run (1 min) | {ingest['load_average']:.1f} |",
    ]
    if query_ms is not None:
        lines.append(
            f"| `timeline New START` on the sample store (median of 20) | {query_ms:.1f} ms |"
        )
    per_article = ingest["triples"] / bulk * 1000  # ms the store alone takes per article
    build_share = ingest["write_build_ms"] / ingest["write_extract_ms"]
    return [
        *lines,
        "",
        "Workers extract each article and build its quads (`graph.quads.article_quads`:",
        "N-Quads text whose terms pyoxigraph writes, no rdflib); the parent only writes them,",
        "a batch per call: Oxigraph's bulk loader for a store that held no article when the",
        "run began, its transactional load otherwise (a SPARQL update when a batch replaces",
        f"stored articles). Building the quads costs {build_share:.0%} of extracting the article.",
        "The workers go on extracting the next window of files while the parent writes.",
        "What limits the ratio is the write itself: the quads of an article (half of them its",
        "evidence spans, `docs/model.md`), each indexed in six orders, cost the store",
        f"{per_article:.0f} ms per article at the bulk rate above, in the one writing process,",
        "which also takes CPU from the workers on this machine. The figures move with the",
        "machine's load, which the last row shows; the ratios, taken in turns in one run, move less.",
    ]


def memory_section(memory: list[tuple[int, float, float]]) -> list[str]:
    """The figures of `bench_memory` as a Markdown section."""
    return [
        "## Ingest memory",
        "",
        "`treatykg ingest FOLDER --workers 2` as a user runs it, in a fresh process each time;",
        "peak resident memory of its largest process, with the derivation of the derived",
        "layer at the end (the default) and without it (`--no-derive`). Reading, extracting",
        "and writing stream (files go through a window at a time, the workers hand back each",
        "article's quads as N-Quads bytes), so the `--no-derive` column stays flat; what grows",
        "with the number of files is the derivation, which merges every reported event in",
        'memory (it writes graph by graph: docs/store.md, "The derived layer at scale").',
        "",
        "| files | peak memory | peak, --no-derive |",
        "| --- | --- | --- |",
        *[f"| {count} | {mib:.0f} MiB | {bare:.0f} MiB |" for count, mib, bare in memory],
    ]


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


def bench_memory(
    counts: tuple[int, ...], words: int, workers: int = 2
) -> list[tuple[int, float, float]]:
    """Peak memory of `treatykg ingest` as users run it, for growing numbers of files:
    with the derived layer's update at the end, and without it (`--no-derive`).

    Each run is a fresh process tree measured from outside (the largest process's peak
    resident set, in MiB), so a flat column shows that stage streams: memory does not
    grow with the number of files.
    """
    exe = str(Path(sys.executable).with_name("treatykg"))
    found = []
    for count in counts:
        peaks = []
        for derive in ([], ["--no-derive"]):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp) / "articles"
                folder.mkdir()
                generate(count, words, folder)
                command = [exe, "ingest", str(folder), "--store", str(Path(tmp) / "store"),
                           "--quiet", "--workers", str(workers), *derive]  # fmt: skip
                done = subprocess.run([sys.executable, "-c", _PEAK_RSS, *command],
                                      capture_output=True, text=True, check=True)  # fmt: skip
                peaks.append(int(done.stdout.strip()) / 1024)
        found.append((count, peaks[0], peaks[1]))
    return found


# Article sizes for the scaling section, in characters, and what the long articles hold.
SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
INGEST_SIZES = (10_000, 100_000, 1_000_000)
LONG_TEXTS = {
    "prose": "generated news prose on one line",
    "no-stops": "the same prose without a full stop, ! or ?",
}
SCALING_HEADING = "## Extraction against article size"
_BASELINE_CHARS = 1_000  # an article this short measures the process itself


def long_body(size: int, kind: str = "prose", *, seed: int = 11) -> str:
    """About `size` characters of generated articles strung into one line: the single
    unbroken "article" a scraper or a log makes (`kind` "no-stops" drops every sentence
    end as well, so that segmentation finds no sentence at all)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(size // 3_000 + 1, 600, folder, seed=seed)
        text = " ".join(
            a.body.replace("\n", " ")
            for path in sorted(folder.glob("*.txt"))
            for a in read_path(path)
        )
    if kind == "no-stops":
        text = text.translate(str.maketrans("", "", ".!?"))
    while len(text) < size:
        text = f"{text} {text}"
    return text[:size].strip()


_EXTRACT_ONE = (
    "import sys, time\n"
    "from datetime import date\n"
    "from pathlib import Path\n"
    "from treatykg.graph import kb\n"
    "from treatykg.ingest import Article\n"
    "from treatykg.ingest.extract import extract\n"
    "lexicon = kb.standalone_lexicon()\n"
    "article = Article(Path(sys.argv[1]).read_text('utf-8'), published=date(2024, 5, 1))\n"
    "start = time.perf_counter()\n"
    "found = extract(article, lexicon)\n"
    "seconds = time.perf_counter() - start\n"
    "print(seconds, len(found.sentences), len(found.mentions), len(found.events))"
)
# A process's own peak memory counts its parent's when it was forked from a big one (as
# this benchmark becomes once it holds 10 MB articles): a small go-between measures its
# child instead, as _PEAK_RSS does, and passes the child's figures on.
_MEASURED = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True)\n"
    "print(done.stdout.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def bench_scaling(
    sizes: tuple[int, ...] = SIZES, kinds: tuple[str, ...] = tuple(LONG_TEXTS)
) -> dict[str, list[dict[str, float]]]:
    """Extraction of one long article per size, each in a fresh process, so that one
    size's memory cannot hide in another's: seconds, peak resident memory (MiB) and what
    was found. The first row of each kind is a 1,000-character article: the process with
    its KB loaded, which the other rows are measured against."""
    found: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            rows = found.setdefault(kind, [])
            for size in (_BASELINE_CHARS, *sizes):
                path = Path(tmp) / f"{kind}-{size}.txt"
                path.write_text(long_body(size, kind), encoding="utf-8")
                command = [sys.executable, "-c", _EXTRACT_ONE, str(path)]
                done = subprocess.run([sys.executable, "-c", _MEASURED, *command],
                                      capture_output=True, text=True, check=True)  # fmt: skip
                seconds, sentences, mentions, events, rss = done.stdout.split()
                rows.append({"chars": size, "seconds": float(seconds), "mib": int(rss) / 1024,
                             "sentences": int(sentences), "mentions": int(mentions),
                             "events": int(events)})  # fmt: skip
    return found


def bench_ingest_sizes(sizes: tuple[int, ...] = INGEST_SIZES) -> list[dict[str, float]]:
    """`treatykg ingest ARTICLE` of one long article into a new store on disk, per size, as a
    user runs it: wall time and the peak memory of the process (MiB); the first row is a
    1,000-character article (starting up, loading the KB, creating the store)."""
    exe = str(Path(sys.executable).with_name("treatykg"))
    limit = ["--max-article-size", "100MB"] if _has_size_limit(exe) else []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (_BASELINE_CHARS, *sizes):
            path = Path(tmp) / f"article-{size}.txt"
            path.write_text(
                f"title: One long article\ndate: 2024-05-01\nsource: bench\nurl: \n\n"
                f"{long_body(size)}\n",
                encoding="utf-8",
            )
            command = [exe, "ingest", str(path), "--store", str(Path(tmp) / f"store-{size}"),
                       "--quiet", *limit]  # fmt: skip
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", _PEAK_RSS, *command],
                                  capture_output=True, text=True, check=True)  # fmt: skip
            seconds = time.perf_counter() - start
            rows.append({"chars": size, "seconds": seconds, "mib": int(done.stdout) / 1024})
    return rows


def _has_size_limit(exe: str) -> bool:
    """Whether this `treatykg ingest` takes --max-article-size (its default would skip the
    largest articles measured)."""
    shown = subprocess.run([exe, "ingest", "--help"], capture_output=True, text=True, check=True)
    return "--max-article-size" in shown.stdout


def _size(chars: float) -> str:
    return f"{chars / 1_000_000:g} MB" if chars >= 1_000_000 else f"{chars / 1_000:g} KB"


_MEMORY_NOISE_MIB = 8  # less growth than this is the allocator's, not the article's


def _per_kb(row: dict[str, float], base: dict[str, float], key: str, scale: float) -> str:
    """What one KB of the article costs above the 1,000-character article."""
    if key == "mib" and row[key] - base[key] < _MEMORY_NOISE_MIB:
        return "–"
    return f"{(row[key] - base[key]) * scale / (row['chars'] / 1_000):.2f}"


def scaling_section(
    scaling: dict[str, list[dict[str, float]]], ingest: list[dict[str, float]] | None
) -> list[str]:
    """The figures of `bench_scaling` (and `bench_ingest_sizes`) as a Markdown section."""
    lines = [
        SCALING_HEADING,
        "",
        "One article of each size, all on one line (generated articles strung together), in a",
        "fresh process per size (`make bench`, or `benchmarks/run.py --only size` for this",
        "section alone). Time is extraction alone (sentences, entities, dates, quotes, events);",
        "memory is the peak resident set of the process. The per-KB columns divide what a size",
        "costs beyond a 1,000-character article (the process with its KB loaded) by its size:",
        "constant columns mean cost linear in the text (– : memory grew by less than",
        f"{_MEMORY_NOISE_MIB} MiB, the allocator's noise). Sentences longer than 1,000 characters",
        "(none in news prose) are cut at a clause mark or a space, so a text without sentence",
        "ends costs what prose does.",
        "",
        "| text | size | sentences | mentions | events | extraction | ms per KB | peak memory |"
        " KiB per KB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, rows in scaling.items():
        base = rows[0]
        lines.append(
            f"| {LONG_TEXTS[kind]} | 1 KB (the process) | {base['sentences']:.0f} | "
            f"{base['mentions']:.0f} | {base['events']:.0f} | {base['seconds']:.3f} s | | "
            f"{base['mib']:.0f} MiB | |"
        )
        lines += [
            f"| | {_size(r['chars'])} | {r['sentences']:,.0f} | {r['mentions']:,.0f} | "
            f"{r['events']:,.0f} | {r['seconds']:.2f} s | {_per_kb(r, base, 'seconds', 1000)} | "
            f"{r['mib']:.0f} MiB | {_per_kb(r, base, 'mib', 1024)} |"
            for r in rows[1:]
        ]
    if ingest:
        base = ingest[0]
        lines += [
            "",
            "`treatykg ingest ARTICLE --store NEW` of the prose article alone, as a user runs",
            "it (wall time of the command, peak memory of its process):",
            "",
            "| size | ingest | ms per KB | peak memory | KiB per KB |",
            "| --- | --- | --- | --- | --- |",
            f"| 1 KB (start, KB, new store) | {base['seconds']:.1f} s | | {base['mib']:.0f} MiB | |",
            *[
                f"| {_size(r['chars'])} | {r['seconds']:.1f} s | "
                f"{_per_kb(r, base, 'seconds', 1000)} | {r['mib']:.0f} MiB | "
                f"{_per_kb(r, base, 'mib', 1024)} |"
                for r in ingest[1:]
            ],
            "",
            "Ingest is linear too, but most of its time and nearly all of its memory are the",
            "store's: an article's triples (about half a million per MB of text) are built and",
            "written in one transaction.",
        ]
        largest = max(max(r["chars"] for r in rows) for rows in scaling.values())
        last = ingest[-1]
        if last["chars"] < largest:
            rate = (last["mib"] - base["mib"]) / last["chars"]  # MiB per character
            lines.append(
                f"{_size(largest)} is not ingested here: at that rate it would take about "
                f"{(base['mib'] + rate * largest) / 1024:.0f} GiB."
            )
    return lines


QUERIES_HEADING = (
    "## Named queries"  # benchmarks/queries.py's section, "... on a store of N triples"
)


def queries_section(path: Path) -> list[str]:
    """The lines of the named-query section of a Markdown file; none when it has none."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    start = next((i for i, line in enumerate(lines) if line.startswith(QUERIES_HEADING)), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def write_section(path: Path, section: list[str]) -> None:
    """Put `section` into the Markdown file in place of the one with its heading, or
    before the named-query figures `benchmarks/queries.py` appends, or at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines()
    heading = section[0]
    if heading in lines:
        start = lines.index(heading)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), None)
        end = len(lines) if end is None else end
        lines[start:end] = [*section, ""]
    else:
        at = next((i for i, line in enumerate(lines) if line.startswith(QUERIES_HEADING)), None)
        at = len(lines) if at is None else at
        lines[at:at] = [*section, ""]
    while lines and not lines[-1]:
        lines.pop()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _density_row(name: str, d: dict[str, float]) -> str:
    return f"| {name} | {d['mentions']:.1f} | {d['dates']:.1f} | {d['quotes']:.1f} | {d['events']:.1f} |"


def extraction_sections(articles: int, words: int) -> list[str]:
    """Extraction throughput (one worker, two, entity-dense) and how busy the articles are,
    measured in one run so that the figures sit side by side."""
    one = bench_extract(articles, words, 1)
    two = bench_extract(articles, words, 2)
    dense = bench_extract(articles, words, 1, background=0.0)
    news_like = densities(_articles(100, words, 0.5)[0])
    dense_d = densities(_articles(100, words, 0.0)[0])
    dev = DEV_ARTICLES.is_dir() and sorted(DEV_ARTICLES.glob("*.txt"))
    dev_d = densities([a for p in dev for a in read_path(p)]) if dev else None
    return [
        "## Extraction throughput (target: 200 articles/s on one core)",
        "",
        "Sentences, entities (KB, patterns, coreference), dates, quotes and events; no store.",
        "Best of three passes over the same articles (the median pass is shown beside it;",
        "`benchmarks/run.py --only extraction` re-runs this section and the next alone).",
        "",
        "| run | articles/s | words/s | median pass |",
        "| --- | --- | --- | --- |",
        f"| 1 worker, {one['articles']:.0f} articles of ~{words} words | "
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
    ]


def _sections(lines: list[str]) -> list[list[str]]:
    """The `## ` sections of a run of Markdown lines, each from its heading on (without the
    blank lines that end it: `write_section` puts one after each)."""
    starts = [i for i, line in enumerate(lines) if line.startswith("## ")]
    ends = [*starts[1:], len(lines)]
    return [
        "\n".join(lines[a:b]).rstrip("\n").split("\n") for a, b in zip(starts, ends, strict=True)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--ingest-articles", type=int, default=500)
    parser.add_argument("--memory-articles", type=int, nargs="+", default=[250, 2000])
    parser.add_argument("--write", type=Path, help="Write the figures to this Markdown file.")
    parser.add_argument(
        "--only",
        choices=["extraction", "size", "relations", "ingest"],
        help="Run one section alone and put it into the --write file in place of its old "
        "figures (extraction: throughput and how busy the articles are; size: extraction "
        "and ingest against article size; relations: merging, projection and PageRank on "
        "generated reports; ingest: ingest beside extraction, the store's write rate, and "
        "ingest's memory).",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--ingest-sizes", type=int, nargs="*", default=list(INGEST_SIZES))
    parser.add_argument("--reports", type=int, default=100_000, help="for the relations section")
    args = parser.parse_args()
    if args.only == "extraction":
        throughput = extraction_sections(args.articles, args.words)
        print("\n".join(throughput))
        if args.write:
            for section in _sections(throughput):
                write_section(args.write, section)
        return
    if args.only == "ingest":
        ingest_lines = ingest_section(bench_ingest(args.ingest_articles, args.words), None)
        memory_lines = memory_section(bench_memory(tuple(args.memory_articles), args.words))
        print("\n".join([*ingest_lines, "", *memory_lines]))
        if args.write:
            write_section(args.write, ingest_lines)
            write_section(args.write, memory_lines)
        return
    if args.only == "relations":
        relations_lines = relations_section(bench_relations(args.reports))
        print("\n".join(relations_lines))
        if args.write:
            write_section(args.write, relations_lines)
        return
    ingest_sizes = bench_ingest_sizes(tuple(args.ingest_sizes)) if args.ingest_sizes else None
    scaling_lines = scaling_section(bench_scaling(tuple(args.sizes)), ingest_sizes)
    if args.only == "size":
        print("\n".join(scaling_lines))
        if args.write:
            write_section(args.write, scaling_lines)
        return
    ingest = bench_ingest(args.ingest_articles, args.words)
    memory = bench_memory(tuple(args.memory_articles), args.words)
    query_ms = bench_query()
    relations_lines = relations_section(bench_relations(args.reports))
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (`benchmarks/run.py`) on articles it generates from KB labels,",
        "sentence templates of ours and context sentences without names (half the sentences, so",
        "that the articles are about as busy as real news; see the density table).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {platform.system()}.",
        "",
        *extraction_sections(args.articles, args.words),
        *ingest_section(ingest, query_ms),
        "",
        *memory_section(memory),
        "",
        *scaling_lines,
        "",
        *relations_lines,
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        # The named-query figures stay until benchmarks/queries.py replaces them, so that
        # it can show them beside its own.
        kept = queries_section(args.write)
        args.write.write_text(text + ("\n" + "\n".join(kept) + "\n" if kept else ""))


if __name__ == "__main__":
    main()
