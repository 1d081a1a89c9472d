"""Benchmark: how big the timeline page grows and how soon headless Chromium draws it.

Timelines of 100, 1,000 and 10,000 generated events (five treaties, two reports each with
an evidence sentence and a quote, like a busy store's) are rendered to one page each. In
the system Chromium (Playwright with executable_path: never a downloaded browser) two times
are taken from navigation: vis-network's first `afterDrawing` (the raw frame, before the
page fits the axis and groups crowded events), and `window.tkgView.ready` (the page as a
reader first sees it, and can use). The issue's budget: 10,000 events stay usable and the
file stays under 15 MB; the run fails over it.

(The module is not called views.py: run as a script, its folder comes first on sys.path,
and it would hide the `views` package's name.)
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from run import write_section  # run as a script, this folder is first on sys.path
from treatykg.graph.timeline_io import QuoteRecord, SourceReport, TimelineEvent
from treatykg.views.timeline import TimelineView

HEADING = "## Timeline page: size, first frame and ready"
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
# Runs before the page's scripts too: notes the moment the page sets `tkgView.ready`, so the
# time is the page's own, not that of the poll that sees it.
READY = """(() => {
  let view;
  Object.defineProperty(window, 'tkgView', {configurable: true, enumerable: true,
    get() { return view; },
    set(found) {
      view = found;
      let ready = found.ready;
      Object.defineProperty(found, 'ready', {configurable: true, enumerable: true,
        get() { return ready; },
        set(value) {
          ready = value;
          if (value && window.__ready === undefined) { window.__ready = performance.now(); }
        }});
    }});
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


def wait_until(page: Any, expression: str, timeout_s: float = 120) -> None:
    """Poll `expression` until it is truthy. Not Playwright's wait_for_function: its polling
    compiles the expression inside the page, which the pages' CSP (no 'unsafe-eval') refuses;
    evaluate() goes through the DevTools protocol, which the CSP does not govern."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise SystemExit(f"{page.url}: still not {expression} after {timeout_s:.0f} s")
        page.wait_for_timeout(20)


def load_ms(browser: Any, page_path: Path) -> tuple[float, float]:
    """Milliseconds from navigation to the network's first drawn frame, and to the page's
    `tkgView.ready`."""
    page = browser.new_page(viewport={"width": 1400, "height": 800})
    try:
        page.add_init_script(FIRST_DRAW)
        page.add_init_script(READY)
        page.goto(page_path.as_uri(), wait_until="load")
        wait_until(page, "window.__firstDraw !== undefined && window.__ready !== undefined")
        first, ready = page.evaluate("[window.__firstDraw, window.__ready]")
        return float(first), float(ready)
    finally:
        page.close()


def bench(sizes: tuple[int, ...], repeats: int) -> list[dict[str, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for size in sizes:
            path = TimelineView.build(f"{size} events: timeline", events(size)).write(
                Path(tmp) / f"t{size}.html"
            )
            times = [load_ms(browser, path) for _ in range(repeats)]
            rows.append({"events": size, "mb": path.stat().st_size / 1e6,
                         "first": statistics.median(t[0] for t in times),
                         "ready": statistics.median(t[1] for t in times)})  # fmt: skip
            print(f"{size:>6} events: {rows[-1]['mb']:.2f} MB, first frame"
                  f" {rows[-1]['first']:.0f} ms, ready {rows[-1]['ready']:.0f} ms")  # fmt: skip
    return rows


def section(rows: list[dict[str, float]], repeats: int) -> list[str]:
    lines = [
        HEADING,
        "",
        "`python benchmarks/pages.py` (run by `make bench`): a timeline of generated events"
        " (five treaties, each event with two reports, their evidence sentences and a quote),"
        f" written as one page, then opened in headless Chromium ({repeats} loads, median)."
        " Both times count from navigation: *first frame* is vis-network's first drawing,"
        " before the page fits the axis and groups crowded events; *ready* is when the page"
        " sets `tkgView.ready`, drawn as a reader first sees it. Budget: under"
        f" {BUDGET_MB} MB at 10,000 events (the run fails over it).",
        "",
        "| events | page size | first frame | ready |",
        "|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['events']:,.0f} | {r['mb']:.2f} MB | {r['first']:,.0f} ms | {r['ready']:,.0f} ms |"
        for r in rows
    ]
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
