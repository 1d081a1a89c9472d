"""`make bench-scale`'s logic: the process-tree sampler, its memory guard, the results file
and the growth table rendered from it (the measurements themselves are not tests)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import scale

import treatykg

MIB = 2**20

# A parent that starts `children` processes holding `mib` MiB each (written, so resident)
# for `seconds`, and waits for them.
_TREE = """
import subprocess, sys
children, mib, seconds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
hold = f"import time; block = b'x' * ({mib} * 2**20); time.sleep({seconds})"
procs = [subprocess.Popen([sys.executable, "-c", hold]) for _ in range(children)]
sys.exit(max(p.wait() for p in procs))
"""


def _tree(children: int, mib: int, seconds: float) -> list[str]:
    return [sys.executable, "-c", _TREE, str(children), str(mib), str(seconds)]


@pytest.mark.parametrize(("children", "mib"), [(2, 80)])
def test_scale_sampler_sums_every_process_of_the_tree(children: int, mib: int) -> None:
    usage = scale.measure(_tree(children, mib, 2.0), interval=0.05)
    assert usage.returncode == 0 and not usage.over_limit
    assert len(usage.peaks) == children + 1  # the parent and each child, by pid
    holders = [peak for _, peak in usage.peaks.values() if peak >= mib * MIB]
    assert len(holders) == children
    assert usage.peak_sum >= sum(holders)
    assert usage.peak_sum <= sum(peak for _, peak in usage.peaks.values())
    figures = usage.summary()
    assert figures["processes"] == children + 1
    assert figures["largest_other_mib"] >= mib


@pytest.mark.parametrize(("mib", "limit_mib"), [(200, 100)])
def test_scale_guard_kills_a_tree_over_the_limit(mib: int, limit_mib: int) -> None:
    usage = scale.measure(_tree(1, mib, 600), limit_bytes=limit_mib * MIB, interval=0.05)
    assert usage.over_limit
    assert usage.returncode != 0
    assert usage.peak_sum > limit_mib * MIB
    for pid in usage.peaks:  # the child as well as the parent: nothing left holding memory
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie"


def _figures(size: int, **changes: Any) -> dict[str, Any]:
    """One size's entry of the results file, as `bench_size` records it."""
    run = {"seconds": size / 40, "returncode": 0, "peak_sum_mib": 400.0, "parent_mib": 220.0,
           "largest_other_mib": 95.0, "processes": 3, "over_limit": False, "max_load": 2.5,
           "error": ""}  # fmt: skip
    figures = {
        "articles": size, "date": "2026-12-02", "load_at_start": 1.5, "generate_s": size / 1000,
        "ingest": run, "store_mib": size * 0.6, "triples": size * 2000, "articles_stored": size,
        "derive": run | {"seconds": size / 10, "peak_sum_mib": 2500.0, "limit_gb": 6.0},
        "derived_layer": "current", "repeats": 3,
        "queries": {"treaty-timeline": {"ms": size / 100, "rows": 5, "runs": 3},
                    "events": {"ms": size / 10, "rows": 9, "runs": 3}},
    }  # fmt: skip
    return figures | changes


@pytest.mark.parametrize("size", [100_000])
def test_scale_record_fills_in_one_size_and_keeps_the_others(tmp_path: Path, size: int) -> None:
    results = tmp_path / "scale-results.json"
    scale.record(results, 10_000, _figures(10_000))
    scale.record(results, 1_000, _figures(1_000))
    kept = json.loads(results.read_text())
    found = scale.record(results, size, _figures(size, derive={"skipped": True}))
    assert list(found) == ["1000", "10000", str(size)]
    assert found["1000"] == kept["1000"] and found["10000"] == kept["10000"]
    assert json.loads(results.read_text()) == found


@pytest.mark.parametrize(
    ("derive", "query", "cell", "timeline"),
    [
        ({"skipped": True}, {"ms": 12.34, "rows": 1, "runs": 1}, "not run (`--skip-derive`)",
         "12.3 (1; 1 run)"),
        ({"over_limit": True, "seconds": 41.7, "limit_gb": 6.0, "returncode": -9,
          "peak_sum_mib": 6200.0}, {"timeout_s": 180.0}, "over the 6 GB limit after 42 s (killed)",
         "> 180 s (stopped)"),
    ],
)  # fmt: skip
def test_scale_section_has_a_column_per_size(
    derive: dict[str, Any], query: dict[str, Any], cell: str, timeline: str
) -> None:
    results = {
        "1000": _figures(1_000),
        "100000": _figures(100_000, derive=derive, queries={"treaty-timeline": query}),
    }
    lines = scale.scale_section(results, {"treaty-timeline": 150.7}, "6.7M triples")
    assert lines[0] == scale.HEADING
    assert "| articles | 1,000 | 100,000 |" in lines
    assert "| articles/s | 40.0 | 40.0 |" in lines
    assert "| triples in the store | 2,000,000 | 200,000,000 |" in lines
    assert f"| `treatykg derive`, wall time | 100 s | {cell} |" in lines
    assert f"| treaty-timeline * | 150.7 | 10.0 (5) | {timeline} |" in lines
    assert "| events | | 100.0 (9) | |" in lines  # not measured at 100,000: an empty cell


@pytest.mark.parametrize("existing", ["## Named queries on a store of 6,651,997 triples"])
def test_scale_section_goes_before_the_named_queries(tmp_path: Path, existing: str) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\n{existing}\n\n| query | treatykg ms | pyoxigraph ms |\n| --- | --- | --- |\n"
                   "| treaty-timeline | 150.7 | 149.4 |\n")  # fmt: skip
    reference, label = scale._reference(doc)
    assert (reference, label) == ({"treaty-timeline": 150.7}, "6.7M triples")
    scale.write_section(doc, scale.scale_section({"1000": _figures(1_000)}, reference, label))
    scale.write_section(doc, scale.scale_section({"1000": _figures(1_000)}, reference, label))
    text = doc.read_text()
    assert text.count(scale.HEADING) == 1
    assert text.index(scale.HEADING) < text.index(existing)


@pytest.mark.parametrize(
    ("sizes", "projected"), [((1_000, 10_000), True), ((1_000, 100_000), False)]
)
def test_scale_section_projects_100000_until_it_is_measured(
    sizes: tuple[int, ...], projected: bool
) -> None:
    results = {str(s): _figures(s) for s in sizes}
    results["1000"]["ingest"] = results["1000"]["ingest"] | {"peak_sum_mib": 310.0}
    lines = scale.scale_section(results, {}, "")
    projection = [line for line in lines if line.startswith("Not measured at 100,000")]
    assert bool(projection) == projected
    if projected:  # from 10,000: 250 s, 6,000 MiB and 20 million triples, ten times over
        assert "about 0.7 h" in projection[0] and "59 GiB of disk" in projection[0]
        assert "200 million triples" in projection[0]
        # 310 MiB at 1,000 articles, 400 at 10,000: 0.01 MiB more per article
        assert "grew from 310 MiB to 400 MiB" in projection[0]
        assert "reach about 1.27 GiB" in projection[0]


@pytest.mark.parametrize("limit_gb", [12.0])
def test_scale_section_says_how_the_figures_grew_once_100000_is_measured(limit_gb: float) -> None:
    stopped = {"over_limit": True, "seconds": 1519.0, "limit_gb": limit_gb, "returncode": -9,
               "peak_sum_mib": 12_300.0}  # fmt: skip
    results = {str(s): _figures(s) for s in (1_000, 10_000)}
    assert not [line for line in scale.scale_section(results, {}, "") if line.startswith("From")]
    results["100000"] = _figures(100_000, derive=stopped, derived_layer="incomplete")
    results["100000"]["ingest"] = results["100000"]["ingest"] | {"seconds": 10_000.0}
    grown = [line for line in scale.scale_section(results, {}, "") if line.startswith("From")]
    # 250 s at 10,000 articles, 10,000 s at 100,000: forty times as long for ten times as many
    assert grown and "(10x): ingest took 40.0x as long" in grown[0]
    assert "the store took 10.0x the disk" in grown[0]
    assert f"stopped at its memory limit ({limit_gb:g} GB)" in grown[0]
    assert "incomplete" in grown[0] and "treaty-timeline 10.0x" in grown[0]


def test_scale_section_compares_query_times_only_from_one_commit() -> None:
    """A column measured again on a later commit (whose queries may read a new order) is
    not divided by one measured on an earlier commit."""
    results = {str(s): _figures(s, commit="aaaaaaa") for s in (10_000, 100_000)}
    results["10000"]["commit"] = "bbbbbbb"
    (grown,) = [line for line in scale.scale_section(results, {}, "") if line.startswith("From")]
    assert "(10x): ingest took 10.0x as long" in grown
    assert "treaty-timeline" not in grown
    assert "different commits (bbbbbbb, aaaaaaa)" in grown


@pytest.mark.parametrize(
    ("low", "high", "said"),
    [
        (100.0, 108.0, ""),
        (107.0, None, " (at machine speeds 107 and ? articles/s: not alike"),
        (107.0, 58.0, " (at machine speeds 107 and 58 articles/s: not alike"),
    ],
)
def test_scale_section_says_when_ingest_grew_at_unlike_machine_speeds(
    low: float, high: float | None, said: str
) -> None:
    """Ingest's growth from one size to the next is only a measure of size at like speeds
    (stop 29 read a 1.8x slower machine as a slower derivation)."""
    results = {str(s): _figures(s) for s in (10_000, 100_000)}
    results["10000"]["speed"] = {"ingest": low}
    results["100000"]["speed"] = {"ingest": high} if high is not None else {}
    (grown,) = [line for line in scale.scale_section(results, {}, "") if line.startswith("From")]
    assert f"(10x): ingest took 10.0x as long{said}" in grown
    assert ("not alike" in grown) == bool(said)


def test_scale_skip_derive_keeps_the_kept_stores_last_derivation(tmp_path: Path) -> None:
    """Timing the queries again on a kept store must not lose what its derivation cost."""
    with treatykg.open(str(tmp_path / "store-100")):  # a real, empty store to keep
        pass
    old = _figures(100, derive={"seconds": 3.0, "peak_sum_mib": 900.0, "limit_gb": 6.0,
                                "returncode": 0, "over_limit": False})  # fmt: skip
    old["store_after_derive_mib"] = 77.0
    args = argparse.Namespace(skip_derive=True, skip_queries=True)
    found = scale.bench_size(100, tmp_path, args, old)
    assert found["derive"] == old["derive"]
    assert found["store_after_derive_mib"] == 77.0


def test_scale_reused_phases_keep_the_machine_speed_they_ran_at(tmp_path: Path) -> None:
    """A kept store's ingest and derivation figures keep the speed of the day they were
    taken (or none), not the speed measured for today's run."""
    with treatykg.open(str(tmp_path / "store-100")):  # a real, empty store to keep
        pass
    old = _figures(100, speed={"derive": 150.0, "queries": 140.0})
    args = argparse.Namespace(skip_derive=True, skip_queries=True)
    assert scale.bench_size(100, tmp_path, args, old, speed=85.0)["speed"] == {"derive": 150.0}


def test_scale_section_shows_each_phases_machine_speed() -> None:
    results = {"1000": _figures(1_000, speed={"ingest": 157.2, "derive": 156.0, "queries": 150.4}),
               "100000": _figures(100_000, speed={"queries": 85.0}),
               "10000": _figures(10_000)}  # fmt: skip
    (row,) = [line for line in scale.scale_section(results, {}) if line.startswith("| machine")]
    assert row.endswith("| 157 / 156 / 150 | ? / ? / ? | ? / ? / 85 |")


@pytest.mark.parametrize(("small", "large", "seed"), [(2, 4, 7)])
def test_scale_articles_are_the_same_for_a_seed_whatever_the_size(
    tmp_path: Path, small: int, large: int, seed: int
) -> None:
    """A size measured later gets the articles an earlier, smaller run began with."""
    for count in (small, large):
        (tmp_path / str(count)).mkdir()
        scale.generate(count, 120, tmp_path / str(count), seed=seed)
    first = sorted((tmp_path / str(small)).iterdir())
    assert len(first) == small and len(list((tmp_path / str(large)).iterdir())) == large
    for path in first:
        assert path.read_bytes() == (tmp_path / str(large) / path.name).read_bytes()
