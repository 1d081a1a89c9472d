"""Benchmark: every named query on a large generated store, beside the engine's floor and rdflib.

A store of about five million triples is built from generated articles through the real
ingest path. Each named query then runs through treatykg (`TreatyKG.sparql`: header,
typed parameters, result conversion), directly on pyoxigraph with the same SPARQL (the
floor: what the engine alone costs), and on rdflib's default in-memory store loaded with
the same quads. The rdflib runs go to a child process each, so one slow query cannot
stall the benchmark; past the time limit it is reported as "> limit".
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from treatykg.queries import runner

import treatykg

sys.path.insert(0, str(Path(__file__).parent))
from run import generate

PARAMS: dict[str, dict[str, str]] = {
    "treaty-timeline": {"treaty": "new-start"},
    "quotes-by-speaker": {"speaker": "Dmitry Peskov"},
    "treaty-status": {"treaty": "new-start", "on": "2024-06-01"},
    "who-said-what": {"treaty": "new-start", "from": "2020-01-01"},
    "statements-by-state": {"state": "Russia"},
    "events": {"type": "withdrawal"},
    "treaties-of-actor": {"actor": "Russia"},
    "latest-developments": {"before": "2024-01-01"},
    "treaty-card": {"treaty": "new-start"},
    "articles-by-outlet": {"from": "2023-01-01"},
    "events-with-sources": {"min_sources": "2"},
    "actors-together": {"min_events": "5"},
}


def build_store(directory: Path, triples: int, words: int) -> tuple[int, int, float]:
    """Ingest generated articles until the store holds about `triples` triples."""
    per_article = 1900  # measured on the news-like generator; only sets the article count
    count = max(1, triples // per_article)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(count, words, folder, seed=11)
        start = time.perf_counter()
        with treatykg.open(str(directory)) as kg:
            report = kg.ingest([folder], workers=2)
            total = kg.store.count()
        return report.articles, total, time.perf_counter() - start


def _paired_medians_ms(
    ours: Callable[[], object], direct: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Median times of two ways to run one query, taken in turns so both see the same
    machine; a fast query runs until half a second has passed, for a steady median."""
    times: tuple[list[float], list[float]] = ([], [])
    started = time.perf_counter()
    while len(times[0]) < repeats or (time.perf_counter() - started < 0.5 and len(times[0]) < 2000):
        for run, out in ((ours, times[0]), (direct, times[1])):
            start = time.perf_counter()
            run()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def _bound_sparql(kg: treatykg.TreatyKG, name: str, params: dict[str, str]) -> str:
    """The exact SPARQL treatykg sends for a named query, for the direct-engine runs."""
    query = runner.load(name)
    text = runner.fixed_graphs(query.sparql)
    return kg.store.prepare(text, runner.bindings(kg.store, query, params))  # type: ignore[arg-type]


def _rdflib_child(dataset: object, sparql: str, out: multiprocessing.Queue[object]) -> None:
    start = time.perf_counter()
    try:
        for _ in dataset.query(sparql):  # type: ignore[attr-defined]
            pass
    except Exception as err:  # rdflib's own failures are reported, not hidden as slowness
        out.put(f"error: {type(err).__name__}")
        return
    out.put((time.perf_counter() - start) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=5_000_000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rdflib-limit-s", type=float, default=60.0)
    parser.add_argument("--write", type=Path, help="Append the figures to this Markdown file.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "store"
        articles, total, ingest_s = build_store(directory, args.triples, args.words)
        with treatykg.open(str(directory), read_only=True) as kg:
            events = kg.sparql("events", type="suspension")
            sample_event = str(events.records()[0]["event"]) if len(events) else None
            dump = io.BytesIO()
            kg.export(dump, "nq")
            params = dict(PARAMS)
            if sample_event:
                params["event-sources"] = {"event": sample_event}
            names = [q.name for q in runner.available() if q.name in params or not q.params]
            engine = kg.store._backend._store  # type: ignore[attr-defined] - the raw pyoxigraph Store
            rows = []
            for name in names:
                p = params.get(name, {})
                sparql = _bound_sparql(kg, name, p)
                ours, direct = _paired_medians_ms(
                    lambda n=name, p=p: kg.sparql(n, **p),
                    lambda s=sparql: list(engine.query(s)),
                    args.repeats,
                )
                rows.append([name, ours, direct, sparql])

        from rdflib import Dataset

        load_start = time.perf_counter()
        dataset = Dataset()
        dataset.parse(data=dump.getvalue(), format="nquads")
        rdflib_load_s = time.perf_counter() - load_start
        context = multiprocessing.get_context("fork")
        for row in rows:
            queue: multiprocessing.Queue[object] = context.Queue()
            child = context.Process(target=_rdflib_child, args=(dataset, row[3], queue))
            child.start()
            # Waiting 21 times as long as treatykg took settles the 20x question either way.
            limit = max(args.rdflib_limit_s, 21 * row[1] / 1000)
            child.join(limit)
            if child.is_alive():
                child.kill()
                child.join()
                row.append((limit,))  # over the time limit: only a lower bound
            else:
                row.append(queue.get() if not queue.empty() else "error: no answer")

    lines = [
        "",
        f"## Named queries on a store of {total:,} triples",
        "",
        f"{articles} generated articles ingested with 2 workers in {ingest_s:.0f} s. Median of "
        f"at least {args.repeats} runs per query (fast ones run for half a second), taken in "
        "turns: through treatykg (`TreatyKG.sparql`), the same SPARQL "
        "straight on pyoxigraph (the engine's floor), and once on rdflib's in-memory store "
        f"loaded with the same quads (loading took {rdflib_load_s:.0f} s). An rdflib run is "
        f"stopped after {args.rdflib_limit_s:.0f} s or 21 times treatykg's time, whichever is "
        "longer, so a stopped run still shows the ratio is over 20x.",
        "",
        "| query | treatykg ms | pyoxigraph ms | overhead | rdflib ms | treatykg vs rdflib |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    overheads, speedups = [], []
    for name, ours, direct, _, slow in rows:
        overhead = ours / direct if direct else float("inf")
        overheads.append(overhead)
        if isinstance(slow, tuple):
            (waited,) = slow
            rdflib_cell, ratio = f"> {waited * 1000:.0f}", f"> {waited * 1000 / ours:.0f}x"
            speedups.append(waited * 1000 / ours)
        elif isinstance(slow, str):
            rdflib_cell, ratio = f"rdflib failed ({slow[7:]})", "n/a"
        else:
            rdflib_cell, ratio = f"{slow:.0f}", f"{slow / ours:.0f}x"
            speedups.append(slow / ours)
        lines.append(
            f"| {name} | {ours:.1f} | {direct:.1f} | {overhead:.2f}x | {rdflib_cell} | {ratio} |"
        )
    lines += [
        "",
        f"Overhead over the engine: median {statistics.median(overheads):.2f}x, worst "
        f"{max(overheads):.2f}x (target: within 1.5x). Against rdflib: at least "
        f"{min(speedups):.0f}x faster on every query rdflib could run (target: 20x).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        with args.write.open("a", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    main()
