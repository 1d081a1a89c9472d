"""Benchmark: ingest, derive and the named queries at 1,000, 10,000 and 100,000 articles.

`make bench-scale` (not part of `make test` nor `make bench`). For each size, articles come
from `benchmarks/run.py`'s generator, written to disk one file at a time; a fresh store
is filled by `treatykg ingest --no-derive --workers 2` as a user runs it, the derived layer
is rebuilt by `treatykg derive` in a fresh process, and each named query is timed in a
process of its own. The commands are measured from outside: wall time, and the resident
memory of every process of the tree, sampled every 0.2 s, each process's peak and the
peak of their sum. `treatykg derive` runs under a guard that kills its tree once the sum
passes `--derive-limit` (6 GB), so a derivation too large for this shared machine is
recorded as over the limit instead of taking the machine's memory.

Figures are kept per size in a JSON file (`--results`, benchmarks/scale-results.json), so
a later run at one size fills in its column without redoing the others; the section of
docs/benchmarks.md is rendered from that file (`--write`).

Run: `python benchmarks/scale.py --sizes 1000 10000 [--skip-derive] [--keep DIR]
[--write docs/benchmarks.md]`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
from treatykg.queries import runner

sys.path.insert(0, str(Path(__file__).parent))
from derived import _disk_mib
from run import QUERIES_HEADING, bench_extract, generate, queries_section, write_section

from queries import PARAMS, STATUS, TARGETS, previous_figures

__all__ = ["HEADING", "Usage", "measure", "record", "scale_section"]

HEADING = "## 1,000 to 100,000 articles"
SIZES = (1_000, 10_000, 100_000)
RESULTS = Path(__file__).with_name("scale-results.json")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
TARGET_MS = 500  # issue 13: treaty-scoped queries at 100,000 articles
INGEST_TARGET_MIB = 1.5 * 1024  # issue 13: every process of the ingest, summed
MIB = 2**20


@dataclass
class Usage:
    """What one command's process tree took: wall time, each process's peak resident
    memory (by pid, with its command line's start), and the peak of the tree's sum."""

    seconds: float
    returncode: int
    peak_sum: int = 0
    peaks: dict[int, tuple[str, int]] = field(default_factory=dict)
    over_limit: bool = False
    max_load: float = 0.0
    error: str = ""

    def summary(self) -> dict[str, Any]:
        """The figures kept in the results file (MiB; the root process is the first)."""
        sizes = [mib for _, mib in self.peaks.values()]
        return {
            "seconds": self.seconds,
            "returncode": self.returncode,
            "peak_sum_mib": self.peak_sum / MIB,
            "parent_mib": sizes[0] / MIB if sizes else 0.0,
            "largest_other_mib": max(sizes[1:], default=0) / MIB,
            "processes": len(sizes),
            "over_limit": self.over_limit,
            "max_load": self.max_load,
            "error": self.error,
        }


def _tree(root: psutil.Process) -> list[psutil.Process]:
    try:
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _sample(tree: list[psutil.Process], usage: Usage) -> int:
    """Adds each live process's resident memory to its peak; returns their sum."""
    total = 0
    for proc in tree:
        try:
            rss = proc.memory_info().rss
            name = usage.peaks[proc.pid][0] if proc.pid in usage.peaks else _name(proc)
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue
        total += rss
        usage.peaks[proc.pid] = (name, max(rss, usage.peaks.get(proc.pid, ("", 0))[1]))
    usage.peak_sum = max(usage.peak_sum, total)
    return total


def _name(proc: psutil.Process) -> str:
    return " ".join(Path(part).name for part in proc.cmdline()[:3])


def measure(command: list[str], *, limit_bytes: int | None = None, interval: float = 0.2) -> Usage:
    """Run `command` and sample its whole process tree until it ends.

    A child's own peak (`ru_maxrss`) misses the workers it forks, and summing their peaks
    afterwards overstates what was resident at once; sampling the live tree gives both.
    With `limit_bytes`, the tree is killed once the sum passes it (`over_limit`).
    Resident sets count pages a forked worker shares with its parent in each of them, so
    the sum is an upper bound on what the tree holds.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        popen = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        usage = Usage(seconds=0.0, returncode=0)
        while popen.poll() is None:
            tree = _tree(popen)
            usage.max_load = max(usage.max_load, os.getloadavg()[0])
            if _sample(tree, usage) > (limit_bytes or float("inf")):
                usage.over_limit = True
                _kill(tree)
                break
            time.sleep(interval)
        usage.returncode = popen.wait()
        usage.seconds = time.perf_counter() - start
        if usage.returncode and not usage.over_limit:
            errors.seek(0)
            usage.error = errors.read().decode("utf-8", "replace").strip()[-500:]
    return usage


def _kill(tree: list[psutil.Process]) -> None:
    """Kill every process of the tree by its id, workers first, and reap them."""
    for proc in reversed(tree):
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(tree, timeout=10)


def _commit() -> str:
    """The checkout's commit, so that a column says which code it measured."""
    done = subprocess.run(["git", "-C", str(Path(__file__).parent), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    return done.stdout.strip() or "?"


def _exe() -> str:
    return str(Path(sys.executable).with_name("treatykg"))


def _stats(store: Path) -> dict[str, Any]:
    done = subprocess.run([_exe(), "stats", "--store", str(store), "--format", "json"],
                          capture_output=True, text=True, check=True, timeout=3600)  # fmt: skip
    found: dict[str, Any] = json.loads(done.stdout)
    return found


# One named query timed in a process of its own, so that a query past the time limit is
# stopped by killing its process (the engine cannot stop a query part-way).
_QUERY = """
import json, statistics, sys, time
import treatykg
store, name, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
repeats, budget = int(sys.argv[4]), float(sys.argv[5])
with treatykg.open(store, read_only=True) as kg:
    if name == "event-sources":  # one event to ask about, found by a lookup, not a scan
        for kind in ("CanonicalEvent", "ReportedEvent"):
            found = kg.sparql(f"SELECT ?e WHERE {{ GRAPH ?g {{ ?e a tkg:{kind} }} }} LIMIT 1")
            if found.rows:
                params = {"event": str(found.rows[0][0])}
                break
        else:
            print(json.dumps({"error": "no event to ask about"}))
            sys.exit()
    times, rows = [], 0
    # A slow query runs fewer times, so that its runs fit in the parent's time limit.
    while len(times) < repeats and sum(times) < budget:
        start = time.perf_counter()
        if name == "status":
            rows = len(kg.status(params["treaty"], on=params["on"]))
        else:
            rows = len(kg.sparql(name, **params))
        times.append(time.perf_counter() - start)
print(json.dumps({"ms": statistics.median(times) * 1000, "rows": rows, "runs": len(times)}))
"""


def query_names() -> list[str]:
    """The named queries `treatykg query --list` shows that can run with the parameters
    `benchmarks/queries.py` uses, and `status` (`TreatyKG.status`)."""
    names = [
        q.name
        for q in runner.available()
        if q.name in PARAMS or q.name == "event-sources" or not any(p.required for p in q.params)
    ]
    return [*names, "status"]


def time_query(store: Path, name: str, *, repeats: int, timeout_s: float) -> dict[str, Any]:
    """Median time of one named query over `repeats` runs (fewer once they have taken a
    quarter of `timeout_s`), in a fresh process killed at `timeout_s`."""
    params = {"treaty": STATUS[0], "on": STATUS[1]} if name == "status" else PARAMS.get(name, {})
    command = [sys.executable, "-c", _QUERY, str(store), name, json.dumps(params), str(repeats),
               str(timeout_s / 4)]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return {"timeout_s": timeout_s}
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def machine_speed(articles: int = 200, words: int = 600) -> float:
    """Extraction on one core, articles/s, best of three passes over generated articles:
    this machine's speed moves between runs (the section says by how much), so each phase
    carries the speed measured just before it."""
    return float(bench_extract(articles, words, 1)["articles_per_s"])


def bench_size(
    size: int,
    root: Path,
    args: argparse.Namespace,
    old: dict[str, Any],
    speed: float | None = None,
) -> dict[str, Any]:
    """Every measure at one size; a store kept in `root` from an earlier run with its
    figures in `old` is reused rather than ingested again. `speed` (`machine_speed`, taken
    before this size's run) is recorded for each phase run now; reused phases keep theirs."""
    store = root / f"store-{size}"
    found: dict[str, Any] = {"articles": size, "load_at_start": os.getloadavg()[0]}
    speeds: dict[str, float] = {}
    found["speed"] = speeds

    def took(phase: str, *, reused: bool) -> None:
        """The speed a phase ran at: today's, or the one kept with figures reused."""
        value = old.get("speed", {}).get(phase) if reused else speed
        if value is not None:
            speeds[phase] = value

    if store.is_dir() and "ingest" in old:
        kept = ("generate_s", "ingest", "store_mib", "triples", "articles_stored")
        found |= {k: old[k] for k in kept if k in old}
        took("ingest", reused=True)
    else:
        took("ingest", reused=False)
        if store.is_dir():
            shutil.rmtree(store)
        articles = root / f"articles-{size}"
        shutil.rmtree(articles, ignore_errors=True)
        articles.mkdir(parents=True)
        start = time.perf_counter()
        generate(size, args.words, articles, seed=args.seed)
        found["generate_s"] = time.perf_counter() - start
        command = [_exe(), "ingest", str(articles), "--store", str(store), "--quiet",
                   "--no-derive", "--workers", str(args.workers)]  # fmt: skip
        found["ingest"] = measure(command).summary()
        shutil.rmtree(articles)
        if found["ingest"]["returncode"]:
            return found
        found["store_mib"] = _disk_mib(store)
        stats = _stats(store)
        found["triples"], found["articles_stored"] = stats["triples"], stats["articles"]
    print(size, "ingest", json.dumps(found), file=sys.stderr)
    if args.skip_derive:
        # A kept store keeps the figures of the derivation it had last, if any.
        found["derive"] = old.get("derive") or {"skipped": True}
        if "store_after_derive_mib" in old:
            found["store_after_derive_mib"] = old["store_after_derive_mib"]
        took("derive", reused=True)
    else:
        took("derive", reused=False)
        before = _stats(store)["derived_layer"]
        usage = measure([_exe(), "derive", "--store", str(store)],
                        limit_bytes=int(args.derive_limit * 2**30))  # fmt: skip
        found["derive"] = usage.summary() | {"limit_gb": args.derive_limit, "before": before}
        found["store_after_derive_mib"] = _disk_mib(store)
        print(size, "derive", json.dumps(found["derive"]), file=sys.stderr)
    found["derived_layer"] = _stats(store)["derived_layer"]
    if args.skip_queries:
        found["queries"] = {}
        return found
    took("queries", reused=False)
    found["queries"] = {
        name: time_query(store, name, repeats=args.repeats, timeout_s=args.query_timeout)
        for name in query_names()
    }
    print(size, "queries", json.dumps(found["queries"]), file=sys.stderr)
    return found


def record(path: Path, size: int, figures: dict[str, Any]) -> dict[str, Any]:
    """Put one size's figures into the results file in place of that size's earlier
    ones, keeping the other sizes; returns every size's figures."""
    results: dict[str, Any] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    results[str(size)] = figures
    ordered = dict(sorted(results.items(), key=lambda item: int(item[0])))
    path.write_text(json.dumps(ordered, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return ordered


def _mib(value: float) -> str:
    if not value:
        return ""
    return f"{value / 1024:.2f} GiB" if value >= 1024 else f"{value:.0f} MiB"


def _derive_cell(derive: dict[str, Any] | None) -> str:
    if not derive:
        return ""
    if derive.get("skipped"):
        return "not run (`--skip-derive`)"
    if derive["over_limit"]:
        return f"over the {derive['limit_gb']:g} GB limit after {derive['seconds']:.0f} s (killed)"
    if derive["returncode"]:
        return f"failed (exit {derive['returncode']})"
    return f"{derive['seconds']:.0f} s"


def _speed_cell(column: dict[str, Any]) -> str:
    speeds = column.get("speed", {})
    return " / ".join(
        f"{speeds[phase]:.0f}" if phase in speeds else "?"
        for phase in ("ingest", "derive", "queries")
    )


def _query_cell(found: dict[str, Any] | None, repeats: int) -> str:
    if found is None:
        return ""
    if "timeout_s" in found:
        return f"> {found['timeout_s']:.0f} s (stopped)"
    if "error" in found:
        return "error"
    runs = f"; {found['runs']} run" + "s" * (found["runs"] > 1) if found["runs"] < repeats else ""
    return f"{found['ms']:.1f} ({found.get('rows', 0):,}{runs})"


def scale_section(
    results: dict[str, Any], reference: dict[str, float], reference_label: str = ""
) -> list[str]:
    """The results file's figures as a Markdown section: a column per size."""
    sizes = sorted(results, key=int)
    cols = [results[s] for s in sizes]

    def row(label: str, cell: Any) -> str:
        return _row([label, *(cell(c) for c in cols)])

    def ingest(key: str, fmt: Any) -> Any:
        return lambda c: fmt(c["ingest"][key]) if "ingest" in c else ""

    def derive(key: str) -> Any:
        return lambda c: _mib(c["derive"][key]) if "peak_sum_mib" in c.get("derive", {}) else ""

    header = "| articles | " + " | ".join(f"{int(s):,}" for s in sizes) + " |"
    lines = [
        HEADING,
        "",
        "`make bench-scale` (`benchmarks/scale.py`; not part of `make test` or `make bench`):",
        "for each size, generated articles (`benchmarks/run.py`'s generator, ~600 words, as",
        "busy as real news, one file each, written as they are made) go into a fresh store",
        "through `treatykg ingest --no-derive --workers 2`, then `treatykg derive` rebuilds the",
        "derived layer in a fresh process. Both are measured from outside: wall time, and the",
        "resident memory of every process of the tree sampled every 0.2 s (the peak of the",
        "sum, which counts pages a worker shares with its parent twice, so it is an upper",
        "bound; the parent's peak; the largest other process's peak). `treatykg derive` runs",
        "under a guard that kills it once the sum passes a limit (`--derive-limit`, 6 GB:",
        "the machine's 24 GB are shared). Figures are kept per size in",
        "`benchmarks/scale-results.json`, so one size can be measured again alone",
        "(`--sizes 100000`) and its column filled in. This shared virtual machine's speed",
        "moves between runs (the same code extracted 157 articles/s one day, and 85 and 58",
        "in two runs of the next afternoon), so each phase records the machine's speed just",
        "before it ran: extraction on one core, articles/s, best of three passes over 200",
        "generated articles (`?`: a phase measured before this was recorded). Compare",
        "columns only at like speeds.",
        "",
        header,
        "| --- |" + " --- |" * len(sizes),
        row("measured on (commit)", lambda c: f"{c.get('date', '')} ({c.get('commit', '?')})"),
        row("load average at the start (1 min; 2 cores)", lambda c: f"{c['load_at_start']:.1f}"),
        row("machine speed before ingest / derive / queries (articles/s)", _speed_cell),
        row("generating the files", lambda c: f"{c.get('generate_s', 0):.0f} s"),
        row("`treatykg ingest`, wall time", ingest("seconds", lambda v: f"{v:.0f} s")),
        row("articles/s", lambda c: f"{int(c['articles']) / c['ingest']['seconds']:.1f}"),
        row(
            f"peak memory, all processes summed (target: {_mib(INGEST_TARGET_MIB)})",
            ingest("peak_sum_mib", _mib),
        ),
        row("peak memory, parent / largest worker", lambda c: (
            f"{_mib(c['ingest']['parent_mib'])} / {_mib(c['ingest']['largest_other_mib'])}")),
        row("processes in the tree", ingest("processes", str)),
        row("highest load average during ingest", ingest("max_load", lambda v: f"{v:.1f}")),
        row("store on disk", lambda c: _mib(c["store_mib"])),
        row("triples in the store", lambda c: f"{c['triples']:,}"),
        row("triples per article", lambda c: f"{c['triples'] / int(c['articles']):,.0f}"),
        row("`treatykg derive`, wall time", lambda c: _derive_cell(c.get("derive"))),
        row("`treatykg derive`, peak memory summed", derive("peak_sum_mib")),
        row("store on disk after derive", lambda c: _mib(c.get("store_after_derive_mib", 0))),
        row(
            "highest load average during derive",
            lambda c: f"{c['derive']['max_load']:.1f}" if "max_load" in c.get("derive", {}) else "",
        ),
    ]  # fmt: skip
    names = sorted({name for c in cols for name in c.get("queries", {})})
    ref = f"{reference_label} ms | " if reference else ""
    lines += [
        "",
        "Each named query with the parameters `benchmarks/queries.py` uses (treaty-scoped",
        f"ones, marked *, ask about New START; target: a median under {TARGET_MS} ms), in a",
        "process of its own on the store above: the median of "
        f"{_repeats(cols)} runs in ms, and the rows it",
        "returned in brackets. A query is run fewer times once its runs have taken a quarter",
        "of the time limit (`--query-timeout`), and stopped at the limit."
        + (" Beside them, the figures of the named-query section below." if reference else ""),
        "The derived layer when the queries ran: "
        + "; ".join(
            f"{int(s):,}: {c.get('derived_layer', '?')}" for s, c in zip(sizes, cols, strict=True)
        )
        + " (`treatykg stats`; where the",
        "layer was not rebuilt after ingest, the queries of canonical events, sources and",
        "networks find none of the articles' events: their times say nothing of that size).",
        "",
        f"| query | {ref}" + " | ".join(f"{int(s):,} ms" for s in sizes) + " |",
        "| --- |" + " --- |" * (len(sizes) + (1 if reference else 0)),
    ]
    for name in names:
        mark = " *" if name in TARGETS else ""
        before = [f"{reference[name]:.1f}" if name in reference else ""] if reference else []
        cells = [_query_cell(c.get("queries", {}).get(name), c["repeats"]) for c in cols]
        lines.append(_row([f"{name}{mark}", *before, *cells]))
    return [*lines, *_projection(results), *_growth(results)]


def _projection(results: dict[str, Any], target: int = SIZES[-1]) -> list[str]:
    """What the largest size measured says of `target` articles while that is not measured:
    ingest time and store size grow with the articles, a derivation's memory too (today)."""
    measured = [s for s in results if "ingest" in results[s]]
    if str(target) in measured or not measured:
        return []
    size = max(measured, key=int)
    found, scale = results[size], target / int(size)
    lines = [
        "",
        f"Not measured at {target:,} articles yet. Growing linearly from {int(size):,}, ingest "
        f"would take about {found['ingest']['seconds'] * scale / 3600:.1f} h at that load, "
        f"the store about {found['store_mib'] * scale / 1024:.0f} GiB of disk and "
        f"{found['triples'] * scale / 1e6:,.0f} million triples.",
    ]
    smallest = min(measured, key=int)
    if smallest != size:  # memory at two sizes: its growth per article, carried on
        low, high = results[smallest]["ingest"], found["ingest"]
        slope = (high["peak_sum_mib"] - low["peak_sum_mib"]) / (int(size) - int(smallest))
        lines[-1] += (
            f" Ingest's summed peak memory grew from {_mib(low['peak_sum_mib'])} to "
            f"{_mib(high['peak_sum_mib'])} (the parent's from {_mib(low['parent_mib'])} to "
            f"{_mib(high['parent_mib'])}); growing on so it would reach about "
            f"{_mib(high['peak_sum_mib'] + slope * (target - int(size)))} "
            f"(target: {_mib(INGEST_TARGET_MIB)})."
        )
    derived = [s for s in results if "peak_sum_mib" in results[s].get("derive", {})]
    if derived:
        at, first = max(derived, key=int), min(derived, key=int)
        high = results[at]["derive"]["peak_sum_mib"]
        # Carried on from its growth between two sizes, as ingest's is; from one size,
        # in proportion to the articles (an upper bound: part of it does not grow).
        if first != at:
            slope = (high - results[first]["derive"]["peak_sum_mib"]) / (int(at) - int(first))
            mib, how = high + slope * (target - int(at)), f"from {int(first):,} to {int(at):,}"
        else:
            mib, how = high * target / int(at), f"up to {int(at):,}"
        lines[-1] += (
            f" `treatykg derive`'s peak grew from "
            f"{_mib(results[first]['derive']['peak_sum_mib'])} to {_mib(high)}; growing on as "
            f"it did {how} articles it would need about {_mib(mib)} (target: "
            f"{_mib(INGEST_TARGET_MIB)})."
        )
    return lines


# Two machine speeds at most this far apart (as a ratio) are alike: within the 15% a phase
# moves from run to run at one speed.
LIKE_SPEEDS = 1.15


def _growth(results: dict[str, Any], target: int = SIZES[-1]) -> list[str]:
    """How the figures grew from the size measured before `target` to `target`, once both
    are: the factor beside the factor of articles says whether a cost is linear."""
    sizes = sorted(int(s) for s in results if "ingest" in results[s])
    if target not in sizes or len(sizes) < 2:
        return []
    before = sizes[sizes.index(target) - 1]
    low, high = results[str(before)], results[str(target)]

    def times(key: Callable[[dict[str, Any]], float]) -> str:
        return f"{key(high) / key(low):.1f}x"

    speeds = [column.get("speed", {}).get("ingest") for column in (low, high)]
    if None in speeds or not 1 / LIKE_SPEEDS <= speeds[1] / speeds[0] <= LIKE_SPEEDS:
        # The machine's speed moves between runs by more than size moves ingest's time.
        said = " and ".join(f"{s:.0f}" if s is not None else "?" for s in speeds)
        unlike = f" (at machine speeds {said} articles/s: not alike, so not a measure of size)"
    else:
        unlike = ""
    text = (
        f"From {before:,} to {target:,} articles ({target / before:.0f}x): ingest took "
        f"{times(lambda c: c['ingest']['seconds'])} as long{unlike}, the store took "
        f"{times(lambda c: c['store_mib'])} the disk, ingest's summed peak memory "
        f"{times(lambda c: c['ingest']['peak_sum_mib'])}."
    )
    derive = high.get("derive", {})
    if derive.get("over_limit"):
        text += (
            f" `treatykg derive` did not finish at {target:,}: it was stopped at its memory "
            f"limit ({derive['limit_gb']:g} GB), so the queries there ran on a layer it left "
            f"{high.get('derived_layer', '?')}."
        )
    if low.get("commit") != high.get("commit"):
        # Queries change between commits (a page read from a new order), so a factor
        # between two commits' figures would say nothing of size.
        text += (
            f" The queries at {before:,} and {target:,} ran on different commits "
            f"({low.get('commit', '?')}, {high.get('commit', '?')}): their times are not "
            "compared until both sizes are measured on one."
        )
        return ["", text]
    slow = [
        (name, found["ms"] / low["queries"][name]["ms"])
        for name, found in sorted(high.get("queries", {}).items())
        if name in TARGETS and "ms" in found and "ms" in low.get("queries", {}).get(name, {})
        and found.get("rows")
    ]  # fmt: skip
    if slow:
        text += (
            " Treaty-scoped queries that answered rows: "
            + ", ".join(f"{name} {factor:.1f}x" for name, factor in slow)
            + "."
        )
    return ["", text]


def _row(cells: list[str]) -> str:
    """A Markdown table row; an empty cell is `| |`."""
    return "".join(f"| {cell} " if cell else "| " for cell in cells) + "|"


def _repeats(cols: list[dict[str, Any]]) -> str:
    return "/".join(sorted({str(c.get("repeats", "?")) for c in cols}))


def _reference(path: Path) -> tuple[dict[str, float], str]:
    """The named-query figures in the Markdown file, and the size of their store."""
    section = queries_section(path)
    if not section:
        return {}, ""
    triples = section[0].removeprefix(f"{QUERIES_HEADING} on a store of ").split(" ")[0]
    if not triples.replace(",", "").isdigit():
        return previous_figures(section), "named-query section"
    return previous_figures(section), f"{int(triples.replace(',', '')) / 1e6:.1f}M triples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=list(SIZES),
        help="Article counts to measure; none renders the results file alone.",
    )  # fmt: skip
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-derive", action="store_true", help="Leave `treatykg derive` out.")
    parser.add_argument(
        "--derive-limit", type=float, default=6.0,
        help="Kill `treatykg derive` once its processes hold this many GB together.",
    )  # fmt: skip
    parser.add_argument(
        "--skip-queries", action="store_true",
        help="Leave the query timings out (a later run with --keep adds them).",
    )  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3, help="Runs of each query.")
    parser.add_argument("--query-timeout", type=float, default=180.0, help="Seconds per query.")
    parser.add_argument("--keep", type=Path, help="Keep the stores here (and reuse them).")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--write", type=Path, help="Write the section to this Markdown file.")
    args = parser.parse_args()
    results: dict[str, Any] = (
        json.loads(args.results.read_text("utf-8")) if args.results.exists() else {}
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        for size in sorted(args.sizes):
            old = json.loads(args.results.read_text("utf-8")) if args.results.exists() else {}
            speed = machine_speed(words=args.words)
            print(size, "machine speed", f"{speed:.1f} articles/s", file=sys.stderr)
            figures = bench_size(size, root, args, old.get(str(size), {}), speed)
            figures |= {
                "date": datetime.now(UTC).strftime("%Y-%m-%d"),
                "commit": _commit(),
                "repeats": args.repeats,
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                f"{psutil.virtual_memory().total / 2**30:.0f} GiB",
            }
            results = record(args.results, size, figures)
    reference, label = _reference(args.write or DOCS)
    lines = scale_section(results, reference, label)
    print("\n".join(lines))
    if args.write:
        write_section(args.write, lines)


if __name__ == "__main__":
    main()
