"""Benchmark: rebuilding the derived layer (`treatykg derive`) on stores of growing size.

Articles come from `benchmarks/run.py`'s generator; they are ingested with two workers and
`--no-derive` into one store on disk, which is copied aside at each size (1,000, 2,000 and
5,000 articles by default), so every size is one ingest of the articles it adds. Each
copy is then derived from scratch in a fresh process, as a user runs it, measured from
outside: wall time and the process's peak resident memory. A second fresh process times
the stages (reading the reports, merging, the components) and takes the resident memory
after each, to show where the memory goes.

Run: `python benchmarks/derived.py --sizes 1000 2000 5000 [--keep DIR] [--write
docs/benchmarks.md]`. Mind the memory: a derivation holds every report and canonical event
in Python (about 1 GB at 2,000 articles, docs/store.md, "The derived layer at scale");
it wrote the whole layer in one transaction until December 2026, which took 5 GB at 2,000
articles. With `--keep`, the stores stay in DIR and a
later run with the same DIR derives them again without ingesting (to compare a change
with the figures before it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from run import _PEAK_RSS, generate, write_section

__all__ = ["DERIVED_HEADING", "bench_derived", "build_stores", "derived_section"]

DERIVED_HEADING = "## The derived layer against store size"
SIZES = (1_000, 2_000, 5_000)

# The stages of `graph.derived.derive`, one after another, each timed, with the process's
# resident memory after it: where a rebuild spends its time and what it holds.
_STAGES = """
import json, resource, sys, time
from treatykg.graph.actors import ActorIndex
from treatykg.graph.derived import Inputs, _COMPONENTS, _merge_units, derive
from treatykg.graph.reports import iter_reports, read_kb_facts
from treatykg.graph.sentences import SentenceFile
from treatykg.graph.spill import Spill
from treatykg.graph.store import open_store
from rdflib import URIRef

def rss():
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024

found = {"stages": []}
def stage(name, run):
    start = time.perf_counter()
    result = run()
    found["stages"].append([name, time.perf_counter() - start, rss()])
    return result

with open_store(sys.argv[1]) as store:
    found["opened_mib"] = rss()
    actors = stage("actor index", lambda: ActorIndex.from_store(store))
    facts = stage("KB facts", lambda: read_kb_facts(store))
    sentences, spill = SentenceFile(), Spill()  # as derive reads them: to disk
    found["reports"] = stage(
        "read reports", lambda: spill.add_reports(sentences.strip(iter_reports(store)))
    )
    spill.add_reports(facts)
    found["events"] = stage("merge", lambda: _merge_units(spill, actors)).events
    inputs = Inputs(store, actors, facts, spill)
    for part, module in _COMPONENTS:
        # Consumed: the components give their statements as they make them.
        stage(part, lambda: sum(1 for _ in module.derived_triples(inputs, URIRef("urn:bench"))))
    del inputs
    sentences.close()
    spill.close()
    stage("derive (all of it)", lambda: derive(store))
found["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(found))
"""


def _exe() -> str:
    return str(Path(sys.executable).with_name("treatykg"))


def build_stores(sizes: tuple[int, ...], root: Path, *, words: int = 600) -> dict[int, float]:
    """Stores of each size under `root` (`store-<size>`), ingested with two workers and no
    derivation; returns the seconds each size's ingest took (the articles it added). Sizes
    already there are kept."""
    seconds: dict[int, float] = {}
    wanted = [size for size in sorted(sizes) if not (root / f"store-{size}").is_dir()]
    if not wanted:
        return seconds
    articles = root / "articles"
    if articles.is_dir():
        shutil.rmtree(articles)
    articles.mkdir(parents=True)
    generate(max(wanted), words, articles)
    files = sorted(articles.glob("*.txt"))
    working = root / "working"
    if working.is_dir():
        shutil.rmtree(working)
    done = 0
    for size in wanted:
        chunk = root / f"chunk-{size}"
        chunk.mkdir()
        for path in files[done:size]:
            path.rename(chunk / path.name)
        start = time.perf_counter()
        subprocess.run(
            [_exe(), "ingest", str(chunk), "--store", str(working), "--quiet",
             "--workers", "2", "--no-derive"],
            check=True,
        )  # fmt: skip
        seconds[size] = time.perf_counter() - start
        shutil.copytree(working, root / f"store-{size}")
        shutil.rmtree(chunk)
        done = size
    shutil.rmtree(working)
    shutil.rmtree(articles)
    return seconds


def _disk_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def _derive(store: Path) -> dict[str, Any]:
    """`treatykg derive` on a copy of the store (a rebuild from nothing), then the stages
    on another copy."""
    with tempfile.TemporaryDirectory(dir=store.parent) as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(store, copy)
        command = [_exe(), "derive", "--store", str(copy)]
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _PEAK_RSS, *command],
                              capture_output=True, text=True, check=True)  # fmt: skip
        seconds = time.perf_counter() - start
        shutil.rmtree(copy)
        shutil.copytree(store, copy)
        stages = subprocess.run([sys.executable, "-c", _STAGES, str(copy)],
                                capture_output=True, text=True, check=True)  # fmt: skip
    found: dict[str, Any] = json.loads(stages.stdout)
    found.update(seconds=seconds, mib=int(done.stdout.strip()) / 1024, disk_mib=_disk_mib(store))
    return found


def bench_derived(sizes: tuple[int, ...], root: Path) -> dict[int, dict[str, Any]]:
    """Every size's store, built when missing, derived from scratch and measured."""
    ingest = build_stores(sizes, root)
    found = {}
    for size in sorted(sizes):
        found[size] = _derive(root / f"store-{size}")
        if size in ingest:
            found[size]["ingest_s"] = ingest[size]
        print(size, json.dumps(found[size]), file=sys.stderr)
    return found


def derived_section(found: dict[int, dict[str, Any]]) -> list[str]:
    """The figures of `bench_derived` as a Markdown section."""
    sizes = sorted(found)
    names = [name for name, _, _ in found[sizes[0]]["stages"]]
    lines = [
        DERIVED_HEADING,
        "",
        "Generated articles (`benchmarks/run.py`'s generator, ~600 words) ingested with two",
        "workers and `--no-derive`, then `treatykg derive` rebuilding the layer from nothing",
        "in a fresh process (`benchmarks/derived.py`): wall time and peak resident memory of",
        "the process. The stage rows come from a second fresh process that runs the stages",
        "one by one: seconds, and the resident memory once each is done (the last row is",
        "the whole derivation again, with its write, in that same process).",
        "",
        "| articles | " + " | ".join(f"{size:,}" for size in sizes) + " |",
        "| --- |" + " --- |" * len(sizes),
        "| store on disk | " + " | ".join(f"{found[s]['disk_mib']:,.0f} MiB" for s in sizes) + " |",
        "| reports read | " + " | ".join(f"{found[s]['reports']:,}" for s in sizes) + " |",
        "| canonical events | " + " | ".join(f"{found[s]['events']:,}" for s in sizes) + " |",
        "| `treatykg derive` | "
        + " | ".join(f"{found[s]['seconds']:.1f} s, {found[s]['mib']:,.0f} MiB" for s in sizes)
        + " |",
    ]
    for at, name in enumerate(names):
        cells = [found[s]["stages"][at] for s in sizes]
        lines.append(
            f"| stage: {name} | "
            + " | ".join(f"{seconds:.1f} s, {mib:,.0f} MiB" for _, seconds, mib in cells)
            + " |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--keep", type=Path, help="Keep the stores here (and reuse them).")
    parser.add_argument("--write", type=Path, help="Write the figures to this Markdown file.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        lines = derived_section(bench_derived(tuple(args.sizes), root))
    print("\n".join(lines))
    if args.write:
        write_section(args.write, lines)


if __name__ == "__main__":
    main()
