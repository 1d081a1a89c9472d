"""The README's pictures: `make demo` opens the demo's pages in the system Chromium and saves
a screenshot of each under docs/img/ (run after `treatykg demo`, which writes the pages).

Screenshot bytes differ from machine to machine (fonts, antialiasing); no test compares them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from views import FIRST_DRAW, chromium

VIEWPORT = {"width": 1400, "height": 820}


def shoot(pages: list[tuple[Path, Path]]) -> None:
    """Save each (page, png) pair's page, once drawn, as the png."""
    with chromium() as browser:
        for page_path, png in pages:
            page = browser.new_page(viewport=VIEWPORT)
            try:
                page.add_init_script(FIRST_DRAW)
                page.goto(page_path.resolve().as_uri(), wait_until="load")
                page.wait_for_function("() => window.__firstDraw !== undefined", timeout=60_000)
                page.wait_for_timeout(500)  # labels and overlays settle after the first frame
                png.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(png))
                print(f"Wrote {png}")
            finally:
                page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pairs", nargs="+", metavar="PAGE=PNG", help="a page and its picture")
    args = parser.parse_args()
    pairs = []
    for pair in args.pairs:
        page, sep, png = pair.partition("=")
        if not sep:
            parser.error(f"{pair!r} is not PAGE=PNG")
        if not Path(page).is_file():
            parser.error(f"{page}: no such page; run `treatykg demo` first")
        pairs.append((Path(page), Path(png)))
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        # The demo's pages are written already; the pictures are a bonus on such a machine.
        print("note: no chromium on PATH, so no screenshots (`apt-get install chromium`)")
        return
    shoot(pairs)


if __name__ == "__main__":
    main()
