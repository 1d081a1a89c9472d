"""Benchmark: the derived layer's computations on 100,000 generated reports, in memory.

Reports are generated straight as `Report` records with a seeded RNG (no articles, no
store), shaped like news: about 30 treaties and 400 actors whose popularity falls off
steeply (a few states and officials are in most of the news), dates over 30 years at
the precision outlets give them (mostly days, some months and years, a few undated),
several outlets per happening, and the KB's lifecycle facts beside them. Each stage
(merging, the actor and actor-treaty projections, PageRank) is timed alone, then run
again under tracemalloc for its peak memory (Python and numpy allocations above what the
stage started with), so tracing never slows the timed run. The whole benchmark runs in a
fresh process, whose peak resident memory is reported too.

Run alone: `python benchmarks/relations.py --count 100000` (prints JSON), or through
`benchmarks/run.py --only relations --write docs/benchmarks.md`.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from treatykg.graph.actors import ActorIndex
from treatykg.graph.happenings import Report

from treatykg.output import period_end

__all__ = ["RELATIONS_HEADING", "bench_relations", "generate_reports", "relations_section"]

RELATIONS_HEADING = "## Merging, projection and PageRank"
_ID = "https://w3id.org/treatykg/id/"
_FIRST_YEAR, _YEARS = 1995, 30
_TYPES = {  # event type: share of reports, as the evaluation corpus has them (roughly)
    "statement": 30, "call_for_talks": 9, "violation_accusation": 8, "meeting_or_call": 12,
    "negotiation": 8, "signing": 6, "ratification": 6, "suspension": 5, "withdrawal": 5,
    "extension": 3, "entry_into_force": 3, "expiry": 3, "other": 2,
}  # fmt: skip
_MODALITIES = {"actual": 84, "planned": 6, "negated": 4, "scheduled": 3, "hypothetical": 3}
_PRECISIONS = {"day": 58, "month": 22, "year": 14, "week": 1, None: 5}
_LIFECYCLE = ("signing", "ratification", "entry_into_force", "extension", "expiry")


def _zipf(count: int, rng: random.Random, exponent: float = 1.0) -> list[float]:
    """Weights that fall off like news attention: the first few items take most of it."""
    weights = [1 / (rank**exponent) for rank in range(1, count + 1)]
    rng.shuffle(weights)
    return weights


def _actors(count: int) -> tuple[list[str], ActorIndex]:
    """About 40% states, 45% officials of a state, the rest bodies (some legislatures)."""
    states = [f"{_ID}state/s{i:03d}" for i in range(count * 2 // 5)]
    people = [f"{_ID}person/p{i:03d}" for i in range(count * 9 // 20)]
    bodies = [f"{_ID}org/b{i:03d}" for i in range(count - len(states) - len(people))]
    rows: list[dict[str, str | None]] = [
        {"actor": s, "label": f"State {i}", "class": "State"} for i, s in enumerate(states)
    ]
    rows += [{"actor": p, "label": f"Official {i}", "class": "Person",
              "state": states[i % len(states)]} for i, p in enumerate(people)]  # fmt: skip
    rows += [{"actor": b, "label": f"Body {i}",
              "class": "Legislature" if i % 4 == 0 else "GovernmentBody",
              "state": states[i % len(states)]} for i, b in enumerate(bodies)]  # fmt: skip
    return states + people + bodies, ActorIndex.from_rows(rows)


def _dated(day: date, precision: str | None) -> dict[str, Any]:
    """The Report date fields for a happening on `day`, as an outlet gives it."""
    if precision is None:
        return {}
    start = {
        "day": day,
        "week": day - timedelta(days=day.weekday()),
        "month": day.replace(day=1),
        "year": day.replace(month=1, day=1),
    }[precision]
    timex = {
        "day": day.isoformat(),
        "week": "{:04d}-W{:02d}".format(*day.isocalendar()[:2]),
        "month": f"{day.year:04d}-{day.month:02d}",
        "year": f"{day.year:04d}",
    }[precision]
    return {"timex": timex, "precision": precision, "start": start,
            "end": period_end(start, precision)}  # fmt: skip


def generate_reports(
    count: int = 100_000, *, seed: int = 7, treaties: int = 30, actors: int = 400, outlets: int = 8
) -> tuple[list[Report], ActorIndex]:
    """About `count` article reports of fewer happenings (1 to 8 outlets each, most of
    them one or two), plus the KB's lifecycle facts of every treaty."""
    rng = random.Random(seed)
    names, index = _actors(actors)
    actor_weights = _zipf(len(names), rng, 0.9)
    treaty_iris = [f"{_ID}treaty/t{i:02d}" for i in range(treaties)]
    treaty_weights = _zipf(treaties, rng)
    outlet_names = [f"Outlet {chr(65 + i)}" for i in range(outlets)]
    types, type_weights = list(_TYPES), list(_TYPES.values())
    modalities, modality_weights = list(_MODALITIES), list(_MODALITIES.values())
    precisions, precision_weights = list(_PRECISIONS), list(_PRECISIONS.values())
    reports: list[Report] = []
    first = date(_FIRST_YEAR, 1, 1)
    while len(reports) < count:
        kind = rng.choices(types, type_weights)[0]
        treaty = rng.choices(treaty_iris, treaty_weights)[0] if rng.random() < 0.85 else None
        involved = frozenset(rng.choices(names, actor_weights, k=rng.choice((1, 2, 2, 3, 4))))
        agent = frozenset({min(involved)})
        day = first + timedelta(days=rng.randrange(365 * _YEARS))
        modality = rng.choices(modalities, modality_weights)[0]
        sources = min(8, 1 + int(rng.expovariate(1.2)))
        for outlet in rng.sample(outlet_names, sources):
            published = day + timedelta(days=rng.randrange(0, 20))
            number = len(reports)
            reports.append(
                Report(
                    iri=f"{_ID}event/g{number:06d}",
                    source=f"{_ID}article/{outlet[-1]}{published.isoformat()}-{number % 7}",
                    type=kind,
                    modality=modality if rng.random() < 0.95 else "actual",
                    treaty=treaty,
                    actors=involved,
                    agents=agent,
                    outlet=outlet,
                    published=published,
                    confidence=round(rng.uniform(0.5, 0.95), 2),
                    evidence=f"Generated sentence {number}.",
                    **_dated(day, rng.choices(precisions, precision_weights)[0]),
                )
            )
    reports = reports[:count]
    for number, treaty in enumerate(treaty_iris):
        signed = first + timedelta(days=rng.randrange(365 * 10))
        for step, kind in enumerate(_LIFECYCLE):
            reports.append(
                Report(
                    iri=f"{_ID}fact/f{number:02d}-{step}",
                    source=f"{_ID}graph/kb",
                    type=kind,
                    modality="actual",
                    treaty=treaty,
                    from_kb=True,
                    **_dated(signed + timedelta(days=400 * step), "day"),
                )
            )
    return reports, index


def _timed(run: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    found = run()
    return found, time.perf_counter() - start


def _traced_peak(run: Callable[[], Any]) -> float:
    """MiB allocated at the peak of `run`, above what was allocated when it started."""
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    run()
    return (tracemalloc.get_traced_memory()[1] - before) / 2**20


def _measure(count: int) -> dict[str, Any]:
    """Every stage once timed, once traced; figures as plain data for JSON."""
    from treatykg.graph.merging import merge
    from treatykg.graph.network import actor_graph, pagerank, treaty_graph

    (reports, actors), generate_s = _timed(lambda: generate_reports(count))
    merged, merge_s = _timed(lambda: merge(reports, actors))
    events = merged.events
    people, actor_s = _timed(lambda: actor_graph(events, actors))
    bipartite, treaty_s = _timed(lambda: treaty_graph(events, actors))
    ranks, rank_s = _timed(lambda: pagerank(people))
    tracemalloc.start()
    peaks = [
        _traced_peak(lambda: merge(reports, actors)),
        _traced_peak(lambda: actor_graph(events, actors)),
        _traced_peak(lambda: treaty_graph(events, actors)),
        _traced_peak(lambda: pagerank(people)),
    ]
    tracemalloc.stop()
    news = [r for r in reports if not r.from_kb]
    return {
        "reports": len(news),
        "facts": len(reports) - len(news),
        "generate_s": generate_s,
        "events": len(events),
        "conflicts": len(merged.conflicts),
        "multi_source": sum(1 for e in events if e.sources > 1),
        "actor_nodes": people.number_of_nodes(),
        "actor_edges": people.number_of_edges(),
        "treaty_nodes": bipartite.number_of_nodes(),
        "treaty_edges": bipartite.number_of_edges(),
        "ranked": len(ranks),
        "seconds": [merge_s, actor_s, treaty_s, rank_s],
        "peak_mib": peaks,
        "process_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def bench_relations(count: int = 100_000) -> dict[str, Any]:
    """The figures of `_measure`, taken in a fresh process, so that the process's peak
    memory is this benchmark's alone."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--count", str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def relations_section(found: dict[str, Any]) -> list[str]:
    """The figures of `bench_relations` as a Markdown section."""
    seconds, peaks = found["seconds"], found["peak_mib"]
    stages = [
        ("merge (`graph.merging.merge`)", f"{found['reports']:,} reports + {found['facts']} KB facts",
         f"{found['events']:,} canonical events ({found['multi_source']:,} with two sources or "
         f"more), {found['conflicts']:,} conflicts"),
        ("actor projection (`network.actor_graph`)", f"{found['events']:,} events",
         f"{found['actor_nodes']:,} actors, {found['actor_edges']:,} ties"),
        ("actor-treaty projection (`network.treaty_graph`)", f"{found['events']:,} events",
         f"{found['treaty_nodes']:,} nodes, {found['treaty_edges']:,} edges"),
        ("PageRank (`network.pagerank`)", "the actor graph", f"{found['ranked']:,} ranks"),
    ]  # fmt: skip
    return [
        RELATIONS_HEADING,
        "",
        f"{found['reports']:,} generated reports, built as `Report` records in memory by",
        "`benchmarks/relations.py` (a seeded RNG, 30 treaties and 400 actors whose share of the",
        "news falls off steeply, dates over 30 years at day, month or year precision or none,",
        "one to eight outlets per happening), merged, projected and ranked (`make bench`, or",
        "`benchmarks/run.py --only relations`). Time: one run of each stage. Peak memory: the",
        "same stage again under tracemalloc, what it allocated above its inputs at its peak.",
        f"Generating the reports took {found['generate_s']:.1f} s; the whole process peaked at "
        f"{found['process_mib']:.0f} MiB resident.",
        "",
        "| stage | input | output | time | peak memory |",
        "| --- | --- | --- | --- | --- |",
        *[
            f"| {stage} | {given} | {made} | {s:.2f} s | {mib:.0f} MiB |"
            for (stage, given, made), s, mib in zip(stages, seconds, peaks, strict=True)
        ],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    print(json.dumps(_measure(args.count)))


if __name__ == "__main__":
    main()
