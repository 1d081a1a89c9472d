"""The README's pictures: `make demo` opens the demo's pages in the system Chromium and saves
a screenshot of each beside them in build/demo/ (run after `treatykg demo`, which writes the
pages); `make screenshots` copies them to docs/img/, which the README shows.

Screenshot bytes differ from machine to machine (fonts, antialiasing); no test compares them,
and only `make screenshots` touches the committed ones.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from pages import FIRST_DRAW, READY, chromium, wait_until  # this folder is first on sys.path

VIEWPORT = {"width": 1400, "height": 820}


def shoot(pages: list[tuple[Path, Path]]) -> None:
    """Save each (page, png) pair's page, once drawn, as the png."""
    with chromium() as browser:
        for page_path, png in pages:
            page = browser.new_page(viewport=VIEWPORT)
            try:
                page.add_init_script(FIRST_DRAW)
                page.add_init_script(READY)
                page.goto(page_path.resolve().as_uri(), wait_until="load")
                wait_until(page, "window.__firstDraw !== undefined", timeout_s=60)
                if page.evaluate("document.getElementById('tkg-timeline') !== null"):
                    wait_until(page, "window.__ready !== undefined", timeout_s=60)
                page.wait_for_timeout(500)  # labels and overlays settle after the drawing
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
