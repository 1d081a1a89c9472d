"""Benchmark: how big the timeline page grows and how soon headless Chromium draws it.

Timelines of 100, 1,000 and 10,000 generated events (five treaties, two reports each with
an evidence sentence and a quote, like a busy store's) are rendered to one page each; the
page's size and the time from navigation to vis-network's first `afterDrawing` are taken
in the system Chromium (Playwright with executable_path: never a downloaded browser).
The issue's budget: 10,000 events stay usable and the file stays under 15 MB.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from treatykg.graph.timeline_io import QuoteRecord, SourceReport, TimelineEvent
from treatykg.views.timeline import TimelineView

sys.path.insert(0, str(Path(__file__).parent))
from run import write_section

HEADING = "## Timeline page: size and first draw"
SIZES = (100, 1_000, 10_000)
BUDGET_MB = 15
TREATIES = ["New START", "INF Treaty", "Open Skies Treaty", "CTBT", "ABM Treaty"]
TYPES = [
    ("signing", "signing"), ("ratification", "ratification"), ("suspension", "suspension"),
    ("withdrawal", "withdrawal"), ("statement", "statement"), ("talks", "talks"),
]  # fmt: skip
ACTORS = ["Russia", "United States", "China", "NATO", "Dmitry Peskov", "Sergei Ryabkov"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Runs before the page's scripts. vis-network's bundle fills in `window.vis` when one
# exists, so this one catches the Network class as it is set and hooks each network made
# from it, before the page's own code can ask it to draw.
FIRST_DRAW = """(() => {
  const holder = {};
  let wrapped;
  Object.defineProperty(holder, 'Network', {configurable: true, enumerable: true,
    get() { return wrapped; },
    set(Real) {
      wrapped = function (...args) {
        const network = new Real(...args);
        network.once('afterDrawing', () => { window.__firstDraw = performance.now(); });
        return network;
      };
      wrapped.prototype = Real.prototype;
    }});
  window.vis = holder;
})();"""


def events(count: int, seed: int = 10) -> list[TimelineEvent]:
    """`count` events over 1990-2030, day, month and year precision mixed, with reports."""
    rng = random.Random(seed)
    found = []
    for n in range(count):
        day = date(1990, 1, 1) + timedelta(days=rng.randrange(40 * 365))
        precision = rng.choices(["day", "month", "year"], [8, 1, 1])[0]
        start, end, label = _period(day, precision)
        treaty = rng.randrange(len(TREATIES))
        kind, kind_label = rng.choice(TYPES)
        actors = tuple(sorted(
            (f"https://w3id.org/treatykg/id/actor/{a.lower().replace(' ', '-')}", a)
            for a in rng.sample(ACTORS, 2)
        ))  # fmt: skip
        reports = tuple(_report(n, r, actors[0][1], TREATIES[treaty], label) for r in range(2))
        quote = QuoteRecord(
            actors[0][1], f"We will keep to the {TREATIES[treaty]} limits.", reports[0].article
        )
        found.append(TimelineEvent(
            key=f"https://w3id.org/treatykg/id/happening/{n:06d}", type=kind, type_label=kind_label,
            modality="actual", treaty=f"https://w3id.org/treatykg/id/treaty/t{treaty}",
            treaty_label=TREATIES[treaty], actors=actors, start=start, end=end,
            precision=precision, label=label, sources=len(reports), from_kb=False, kb_note=None,
            kb_source=None, reports=reports, quotes=(quote,), conflicts=(),
        ))  # fmt: skip
    return found


def _period(day: date, precision: str) -> tuple[date, date, str]:
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), str(day.year)
    if precision == "month":
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return day.replace(day=1), following - timedelta(days=1), f"{day:%Y-%m}"
    return day, day, day.isoformat()


def _report(n: int, r: int, actor: str, treaty: str, label: str) -> SourceReport:
    article = f"https://w3id.org/treatykg/id/article/{n:06d}-{r}"
    return SourceReport(
        report=f"{article}/event", article=article, title=f"{actor} speaks on the {treaty}",
        outlet=f"Wire {r}", published=None, url=f"https://example.org/news/{n}/{r}",
        evidence=f"{actor} said the {treaty} remained in force and that both sides had kept "
        f"to its central limits, despite disputes over inspections ({label}).",
        modality="actual", date_label=label,
    )  # fmt: skip


@contextmanager
def chromium() -> Iterator[Any]:
    """The system Chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        raise SystemExit("no chromium on PATH; `apt-get install chromium` adds it")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def first_draw_ms(browser: Any, page_path: Path) -> float:
    """Milliseconds from navigation to the network's first drawn frame."""
    page = browser.new_page(viewport={"width": 1400, "height": 800})
    try:
        page.add_init_script(FIRST_DRAW)
        page.goto(page_path.as_uri(), wait_until="load")
        page.wait_for_function("() => window.__firstDraw !== undefined", timeout=120_000)
        return float(page.evaluate("() => window.__firstDraw"))
    finally:
        page.close()


def bench(sizes: tuple[int, ...], repeats: int) -> list[dict[str, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for size in sizes:
            path = TimelineView.build(f"{size} events: timeline", events(size)).write(
                Path(tmp) / f"t{size}.html"
            )
            times = [first_draw_ms(browser, path) for _ in range(repeats)]
            rows.append({"events": size, "mb": path.stat().st_size / 1e6,
                         "ms": statistics.median(times)})  # fmt: skip
            print(f"{size:>6} events: {rows[-1]['mb']:.2f} MB, first draw {rows[-1]['ms']:.0f} ms")
    return rows


def section(rows: list[dict[str, float]], repeats: int) -> list[str]:
    lines = [
        HEADING,
        "",
        "`python benchmarks/views.py` (run by `make bench`): a timeline of generated events"
        " (five treaties, each event with two reports, their evidence sentences and a quote),"
        f" written as one page, then opened in headless Chromium ({repeats} loads, median):"
        " the time from navigation to vis-network's first drawn frame. Budget: under"
        f" {BUDGET_MB} MB at 10,000 events.",
        "",
        "| events | page size | first draw |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {r['events']:,.0f} | {r['mb']:.2f} MB | {r['ms']:,.0f} ms |" for r in rows]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write", type=Path, help="Write the figures to this Markdown file.")
    args = parser.parse_args()
    rows = bench(tuple(args.sizes), args.repeats)
    if args.write:
        write_section(args.write, section(rows, args.repeats))
    over = [r for r in rows if r["mb"] > BUDGET_MB]
    if over:
        raise SystemExit(f"over the {BUDGET_MB} MB budget: {over}")


if __name__ == "__main__":
    main()
