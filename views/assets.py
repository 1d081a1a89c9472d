"""What a self-contained page is made of: vis-network, our static files, the data, and the CSP.

Every page is one file that opens from disk with no request to another host. The page's
Content-Security-Policy lets only the scripts inlined here run (by their sha256 hashes), so
even if some article text slipped past escaping into the page, a `<script>` or an
`onerror=` attribute in it would be refused by the browser.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from treatykg.views.templating import render

from treatykg.errors import TreatyKGError

__all__ = [
    "FRAME_HEIGHT",
    "FRAME_SANDBOX",
    "Page",
    "csp",
    "notebook_frame",
    "page",
    "static",
    "vis_css",
    "vis_js",
    "write_page",
]

_VIS = "templates/lib/vis-9.1.2"  # inside the pyvis package
# A source-map comment would make DevTools ask for a file beside the page: a request we promise not to make.
_SOURCE_MAP = re.compile(
    r"^\s*(//[#@] sourceMappingURL=.*|/\*[#@] sourceMappingURL=.*?\*/)\s*$", re.M
)
_STATIC_NAME = re.compile(r"[A-Za-z0-9_-]+\.(js|css)")
# Allowed without hashes: inline styles (vis sets them), images only from data: URLs (vis's CSS icons).
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"
FRAME_HEIGHT = 720  # px of a notebook cell's frame
# The page's scripts run and its source links open a tab (a popup the sandbox would otherwise
# block), which escapes the sandbox as an ordinary page; no allow-same-origin, so the page
# stays cut off from the notebook's own origin.
FRAME_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
# A back link is a path within the folder of pages (index.html, ../index.html#queries): no scheme.
_BACK = re.compile(r"[A-Za-z0-9_./#-]+")


def _inlinable(text: str, what: str) -> str:
    """`text` made safe to sit inside a <script> or <style> element, or an error naming `what`.

    The HTML parser turns CR LF into LF before the browser hashes a script, so we do too.
    """
    text = _SOURCE_MAP.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lowered = text.lower()
    for closing in ("</script", "</style", "<!--"):
        if closing in lowered:
            raise TreatyKGError(
                f"{what} contains {closing!r}, which would end the element it is inlined into"
            )
    return text


@cache
def _vis(name: str) -> str:
    return _inlinable((files("pyvis") / _VIS / name).read_text(encoding="utf-8"), f"pyvis's {name}")


def vis_js() -> str:
    """vis-network's script as pyvis ships it, source-map line removed, ready to inline."""
    return _vis("vis-network.min.js")


def vis_css() -> str:
    """vis-network's style sheet as pyvis ships it (its images are data: URLs), ready to inline."""
    return _vis("vis-network.css")


@cache
def static(name: str) -> str:
    """The text of views/static/`name` (a .js or .css file), checked to be safe to inline.

    Raises:
        TreatyKGError: no such file, or it holds a closing tag.

    >>> "window.tkg" in static("common.js")
    True
    """
    folder = files("treatykg.views") / "static"
    if not _STATIC_NAME.fullmatch(name) or not (folder / name).is_file():
        known = sorted(p.name for p in folder.iterdir() if _STATIC_NAME.fullmatch(p.name))
        raise TreatyKGError(
            f"no static file {name!r} in treatykg.views; available: {', '.join(known)}"
        )
    return _inlinable((folder / name).read_text(encoding="utf-8"), f"views/static/{name}")


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(scripts: Sequence[str] = ()) -> str:
    """The Content-Security-Policy that lets exactly these inline scripts run, and nothing else.

    >>> csp()
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"
    >>> csp(["1"]).split("; ")[1]
    "script-src 'sha256-a4ayc/80/OGda4BO/1o/V0etpOqiLx1JwB5S3beHW0s='"
    """
    if not scripts:
        return _POLICY
    hashes = " ".join(dict.fromkeys(_hash(s) for s in scripts))
    return _POLICY.replace("; style-src", f"; script-src {hashes}; style-src", 1)


def _json_block(model: object) -> Markup:
    """`model` as JSON for a <script type="application/json"> element: keys sorted (same data,
    same bytes), no spaces after separators (a large timeline is megabytes of them), `<`,
    `>`, `&` and `'` escaped (no text can end the element), NaN refused (JSON.parse would
    fail on it)."""
    try:
        return htmlsafe_json_dumps(
            model, dumps=json.dumps, sort_keys=True, allow_nan=False, separators=(",", ":")
        )
    except (TypeError, ValueError) as err:
        raise TreatyKGError(f"the page's data cannot be written as JSON: {err}") from None


def page(
    template: str,
    *,
    title: str,
    model: object,
    scripts: Sequence[str] = (),
    styles: Sequence[str] = (),
    vis: bool = True,
    **context: object,
) -> str:
    """One self-contained page: `template` (which extends base.html) with `model` as the JSON
    block `#tkg-data`, vis-network (unless `vis` is false), common.js and `scripts` (names under
    views/static) inlined in that order at the end of the body, `styles` after vis's CSS, and a
    CSP allowing exactly those scripts.

    >>> html = page("index.html", title="<T>", model={"a": "</script>"}, vis=False,
    ...             treaties=[], network=None, queries=[])
    >>> "<title>&lt;T&gt;</title>" in html, "\\\\u003c/script\\\\u003e" in html, html.count("<script>")
    (True, True, 1)
    """
    inline_scripts = ([vis_js()] if vis else []) + [static("common.js")]
    inline_scripts += [static(name) for name in scripts]
    inline_styles = ([vis_css()] if vis else []) + [static("common.css")]
    inline_styles += [static(name) for name in styles]
    return render(
        template,
        title=title,
        csp=csp(inline_scripts),
        data_json=_json_block(model),
        inline_scripts=[Markup(s) for s in inline_scripts],
        inline_styles=[Markup(s) for s in inline_styles],
        **context,
    )


def write_page(path: str | Path, html: str) -> Path:
    """Write `html` to `path` whole or not at all (a temporary file then a rename), creating
    its folder; a reader never sees half a page. Returns the path.

    Raises:
        TreatyKGError: the file cannot be written (the reason from the system).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(html)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise TreatyKGError(
            f"cannot write {target}: {err.strerror or err}; check the folder exists and is writable"
        ) from None
    return target


def notebook_frame(html: str, *, height: int = FRAME_HEIGHT) -> str:
    """`html` in a sandboxed `srcdoc` frame, for a notebook's output cell: VS Code and Colab
    refuse a frame that loads a local file, and the page must not reach the notebook.

    >>> notebook_frame("<p title='x'>&</p>").split(" sandbox=")[0]
    '<iframe srcdoc="&lt;p title=&#x27;x&#x27;&gt;&amp;&lt;/p&gt;"'
    """
    return (
        f'<iframe srcdoc="{html_lib.escape(html, quote=True)}" sandbox="{FRAME_SANDBOX}" '
        f'style="width:100%;height:{height}px;border:0"></iframe>'
    )


def back_link(back: str | None) -> str | None:
    """`back` checked to be a path within the folder of pages, or None.

    Raises:
        TreatyKGError: `back` has a scheme or characters a path of ours never has.
    """
    if back is None:
        return None
    if not _BACK.fullmatch(back):
        raise TreatyKGError(
            f"back link {back!r} is not a relative path such as 'index.html' or '../index.html'"
        )
    return back


class Page:
    """A page object: `.html()` for the text, `.write(path)` for a file, and shown inline by
    Jupyter (`_repr_html_`, see `notebook_frame`). `back` is the link the page's header
    gives to the folder's index (`render_site` passes it; a lone page has none)."""

    model: dict[str, Any]

    def html(self, *, back: str | None = None) -> str:
        """The page's text (each subclass renders its own template)."""
        raise NotImplementedError

    def write(self, path: str | Path, *, back: str | None = None) -> Path:
        """Write the page to `path` whole (its folder is created) and return the path."""
        return write_page(path, self.html(back=back))

    def _repr_html_(self) -> str:
        return notebook_frame(self.html())
