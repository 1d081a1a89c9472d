"""The shared page machinery (views/assets.py, views/safe.py, common.js) and the shareable folder."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import (
    HOSTILE_HTML_ACTOR,
    HOSTILE_HTML_OUTLET,
    HOSTILE_HTML_TITLE,
    _free_port,
    visiting,
    write_hostile_html,
)
from rdflib import Literal, URIRef
from treatykg.graph.backends import QueryResult
from treatykg.samples import ARTICLES
from treatykg.views import assets, pages, safe
from treatykg.views import site as site_module
from treatykg.views.site import Site

import treatykg
from treatykg.cli import cli
from treatykg.errors import TreatyKGError
from treatykg.server import Server

# ----------------------------------------------------------------- views/safe.py


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("  http://example.org/  ", "http://example.org/"),
        ("HTTPS://Example.org", "HTTPS://Example.org"),
        ("javascript:window.pwned=1", None),
        (" JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("file:///etc/passwd", None),
        ("//example.org/protocol-relative", None),
        ("/relative/path", None),
        ("https:///no-host", None),
        ("https://example.org/a b", None),
        ('https://example.org/"onmouseover=x', None),
        ("https://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_http_url_only_absolute_http_links(value: object, expected: str | None) -> None:
    assert safe.http_url(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Talks \x1b[31mresume\x1b[0m", "Talks [31mresume[0m"),
        ("New \u202eSTART\u2066", "New START"),
        ("line one\nline\ttwo", "line one\nline\ttwo"),
        ("C1 \x9b2J gone", "C1 2J gone"),
        (
            "Persian zwnj\u200c and emoji \U0001f469\u200d\U0001f52c stay",
            "Persian zwnj\u200c and emoji \U0001f469\u200d\U0001f52c stay",
        ),
        (None, ""),
        (2011, "2011"),
    ],
)
def test_safe_plain_removes_control_characters(value: object, expected: str) -> None:
    assert safe.plain(value) == expected


# ----------------------------------------------------------------- views/pages.py

ARTICLE = "https://w3id.org/treatykg/id/article/abc"


@pytest.mark.parametrize(
    ("value", "urls", "href"),
    [
        (URIRef("https://example.org/a"), {}, "https://example.org/a"),
        (Literal("http://example.org/b?x=1&y=2"), {}, "http://example.org/b?x=1&amp;y=2"),
        (Literal("javascript:window.pwned=1"), {}, None),
        (Literal("<img src=x onerror=window.pwned=1>"), {}, None),
        (URIRef(ARTICLE), {ARTICLE: "https://example.org/story"}, "https://example.org/story"),
        (URIRef(ARTICLE), {ARTICLE: "javascript:window.pwned=1"}, ARTICLE),
    ],
)
def test_pages_result_links_only_http_and_articles_to_their_urls(
    value: Any, urls: dict[str, str], href: str | None
) -> None:
    result = QueryResult("SELECT", ("v",), [(value,)])
    page = pages.result_page("q", {}, result, article_urls=urls)
    links = re.findall(r"<a href='([^']*)' rel='noopener noreferrer'>", page)
    assert links == ([href] if href else [])
    assert "<img" not in page and "javascript:window" not in " ".join(links)


# ----------------------------------------------------------------- views/assets.py


@pytest.mark.parametrize("getter", [assets.vis_js, assets.vis_css])
def test_assets_vis_has_no_source_map_or_closing_tag(getter: Any) -> None:
    text = getter()
    assert len(text) > 100_000 or getter is assets.vis_css
    assert "sourceMappingURL" not in text
    assert "</script" not in text.lower() and "</style" not in text.lower()


@pytest.mark.parametrize("name", ["../templates/base.html", "nope.js", "common.py", "a/b.js"])
def test_assets_static_refuses_unknown_names(name: str) -> None:
    with pytest.raises(TreatyKGError, match=r"no static file .*available: .*common\.js"):
        assets.static(name)


@pytest.mark.parametrize("text", ["x = '</script>';", "/* </STYLE> */", "a <!-- b"])
def test_assets_inlinable_refuses_closing_tags(text: str) -> None:
    with pytest.raises(TreatyKGError, match="would end the element"):
        assets._inlinable(text, "test.js")


@pytest.mark.parametrize("text", ["a();\r\nb();\r\n//# sourceMappingURL=a.js.map\r\n"])
def test_assets_inlinable_normalizes_newlines_and_strips_source_map(text: str) -> None:
    assert assets._inlinable(text, "test.js") == "a();\nb();\n"


def _page(model: object, **kwargs: Any) -> str:
    return assets.page(
        "index.html", title="t", model=model, treaties=[], network=None, queries=[], **kwargs
    )


def _script_bodies(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


@pytest.mark.parametrize("vis", [True, False])
def test_assets_page_csp_hashes_exactly_the_inline_scripts(vis: bool) -> None:
    html = _page({"k": 1}, vis=vis)
    policy = re.search(r'http-equiv=\'Content-Security-Policy\' content="([^"]*)"', html)
    assert policy is not None
    hashes = re.findall(r"sha256-[A-Za-z0-9+/=]+", policy.group(1))
    bodies = _script_bodies(html)
    assert len(bodies) == (2 if vis else 1)
    assert sorted(assets._hash(b).strip("'") for b in bodies) == sorted(hashes)
    assert "&#39;none&#39;" in policy.group(1)


@pytest.mark.parametrize(
    "payload", ["</script><script>window.pwned=1</script>", "<!--<script>", "a'b&c>d", "\u2028"]
)
def test_assets_page_data_block_cannot_be_closed(payload: str) -> None:
    html = _page({"title": payload})
    block = re.search(r"<script type='application/json' id='tkg-data'>(.*?)</script>", html, re.S)
    assert block is not None
    assert "<" not in block.group(1) and ">" not in block.group(1) and "'" not in block.group(1)
    assert html.count("</script>") == 3  # the data block, vis and common.js


@pytest.mark.parametrize("model", [{"x": float("nan")}, {"when": object()}])
def test_assets_page_refuses_data_json_cannot_hold(model: object) -> None:
    with pytest.raises(TreatyKGError, match="cannot be written as JSON"):
        _page(model)


@pytest.mark.parametrize("model", [{"b": [3, 1], "a": {"z": 1, "y": "é"}}])
def test_assets_page_same_model_same_bytes(model: object) -> None:
    assert _page(model) == _page(dict(reversed(list(model.items()))))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["page.html"])
def test_assets_write_page_is_whole(tmp_path: Path, name: str) -> None:
    target = assets.write_page(tmp_path / "deep" / name, "<p>é</p>")
    assert target.read_bytes() == "<p>é</p>".encode()
    assert [p.name for p in target.parent.iterdir()] == [name]


@pytest.mark.parametrize("name", ["page.html"])
def test_assets_write_page_error_names_file(tmp_path: Path, name: str) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(TreatyKGError, match=r"cannot write .*file/page\.html"):
        assets.write_page(tmp_path / "file" / name, "x")


# ----------------------------------------------------------------- common.js in a real browser

HOSTILE_URLS = ["javascript:window.pwned=1", "data:text/html,x", " javascript:window.pwned=2"]


@pytest.mark.slow
@pytest.mark.parametrize("url", [*HOSTILE_URLS, "https://example.org/a"])
def test_assets_common_js_links_only_http_and_builds_text(
    chromium: Any, tmp_path: Path, url: str
) -> None:
    html = _page({"url": url, "text": "<img src=x onerror='window.pwned=3'>"})
    path = assets.write_page(tmp_path / "p.html", html)
    page = chromium.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        result = page.evaluate(
            """() => {
              const m = tkg.data();
              const a = tkg.link(m.url, m.text);
              tkg.panel([{heading: m.text, rows: [[m.text, a], [null, [m.text, tkg.el('b', m.text)]]]}]);
              let refused = 0;
              for (const attrs of [{onclick: 'x'}, {href: 'x'}, {ONerror: 'x'}]) {
                try { tkg.el('span', 'x', attrs); } catch (e) { refused += 1; }
              }
              try { tkg.el('script', 'window.pwned=4'); } catch (e) { refused += 1; }
              return {tag: a.tagName, href: a.getAttribute('href'), rel: a.rel, refused,
                      imgs: document.images.length, pwned: window.pwned === undefined ? null : window.pwned,
                      text: document.getElementById('tkg-panel').textContent};
            }"""
        )
    finally:
        page.close()
    assert errors == []
    assert result["imgs"] == 0 and result["pwned"] is None and result["refused"] == 4
    assert result["text"].count("<img src=x onerror='window.pwned=3'>") == 5
    if url.startswith("https:"):
        assert (result["tag"], result["href"], result["rel"]) == ("A", url, "noopener noreferrer")
    else:
        assert (result["tag"], result["href"]) == ("SPAN", None)


# ----------------------------------------------------------------- the shareable folder

PAGE_KINDS = ["index.html", "network.html", "timelines/*.html", "queries/*.html"]


@dataclass
class Built:
    store: Path
    kb: Path
    site: Site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The views folder of the sample articles plus the hostile HTML article (and its KB)."""
    where = tmp_path_factory.mktemp("site")
    hostile = write_hostile_html(where)
    with treatykg.open(str(where / "store"), kb_dirs=[hostile.kb]) as kg:
        assert kg.ingest([ARTICLES, hostile.articles]).ok
        site = kg.write_views(where / "out")
    yield Built(where / "store", hostile.kb, site)


def _pages(site: Site, pattern: str) -> list[Path]:
    found = sorted(site.out.glob(pattern))
    assert found, f"the site wrote no {pattern}"
    return found


@pytest.mark.parametrize(
    "name", ["index.html", "network.html", "timelines/new-start.html", "queries/events.html"]
)
def test_site_writes_index_timelines_network_and_tables(built: Built, name: str) -> None:
    assert built.site.index == built.site.out / "index.html" == built.site.pages[0]
    assert (built.site.out / name) in built.site.pages
    index = built.site.index.read_text(encoding="utf-8")
    assert f"href='{name}'" in index or name == "index.html"


@pytest.mark.parametrize(("name", "back"), [("timelines/new-start.html", "../index.html"),
                                            ("network.html", "index.html")])  # fmt: skip
def test_site_pages_link_back_to_the_index(built: Built, name: str, back: str) -> None:
    """A page opened from the shared folder leads back to the index beside it."""
    text = (built.site.out / name).read_text(encoding="utf-8")
    assert f"<a id='tkg-back' href='{back}'" in text
    assert (built.site.out / name).parent.joinpath(back).resolve() == built.site.index.resolve()


@pytest.mark.parametrize("treaty", ["New START"])
def test_site_index_counts_each_treaty_as_its_timeline_shows(built: Built, treaty: str) -> None:
    """The index's "(N events)" is the number of events the treaty's page draws."""
    index = built.site.index.read_text(encoding="utf-8")
    with treatykg.open(str(built.store), kb_dirs=[built.kb], read_only=True) as kg:
        shown = len(kg.timeline_events(treaty))
    assert re.search(rf">{re.escape(treaty)}</a> <span class='tkg-note'>\({shown} events\)", index)


@pytest.mark.parametrize("module", ["site.py"])
def test_site_speaks_no_sparql(module: str) -> None:
    """graph/ is the only code that speaks RDF: the site gets its data from there."""
    source = (Path(site_module.__file__).parent / module).read_text(encoding="utf-8")
    assert ".query(" not in source and "schema.org" not in source and "VALUES" not in source


@pytest.mark.parametrize("query", ["event-sources"])
def test_site_lists_a_query_it_cannot_run_without_a_link(built: Built, query: str) -> None:
    assert not (built.site.out / "queries" / f"{query}.html").exists()
    assert any(note.startswith(f"{query}: needs event") for note in built.site.notes)
    assert f"<li>{query}: " in built.site.index.read_text(encoding="utf-8")


@pytest.mark.parametrize("query", ["articles-by-outlet", "treaty-timeline"])
def test_site_tables_link_only_http_values(built: Built, query: str) -> None:
    text = (built.site.out / "queries" / f"{query}.html").read_text(encoding="utf-8")
    hrefs = re.findall(r"href='([^']*)'", text)
    assert hrefs[0] == "../index.html#queries"
    assert all(h.startswith(("https://", "http://")) for h in hrefs[1:])
    assert "javascript:" not in " ".join(hrefs)
    assert "<img" not in text and "<script" not in text


@pytest.mark.parametrize("runs", [2])
def test_site_same_store_same_bytes(built: Built, tmp_path: Path, runs: int) -> None:
    again = []
    for run in range(runs):
        with treatykg.open(str(built.store), kb_dirs=[built.kb], read_only=True) as kg:
            again.append(kg.write_views(tmp_path / str(run)))
    for site in again:
        assert [p.relative_to(site.out) for p in site.pages] == [
            p.relative_to(built.site.out) for p in built.site.pages
        ]
        for ours, first in zip(site.pages, built.site.pages, strict=True):
            assert ours.read_bytes() == first.read_bytes(), ours


@pytest.mark.parametrize("args", [("views",)])
def test_cli_views_writes_the_folder(built: Built, tmp_path: Path, args: tuple[str, ...]) -> None:
    out = tmp_path / "shared"
    result = CliRunner().invoke(
        cli, [*args, "--store", str(built.store), "--kb", str(built.kb), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"open {out / 'index.html'}" in result.output
    assert (out / "index.html").read_bytes() == built.site.index.read_bytes()


# Everything on a page a reader can act on, acted on: every node hovered and clicked (the
# side panel opens with its text), every control changed, the search box typed into.
_INTERACT = """async (limit) => {
  const view = window.tkgView;
  if (view) {
    const box = view.network.body.container.getBoundingClientRect();
    const ids = view.nodes.getIds().slice(0, limit);
    for (const id of ids) {
      view.network.selectNodes([id]);
      const at = view.network.getPositions([id])[id];
      if (!at) continue;
      const dom = view.network.canvasToDOM(at);
      const x = box.left + dom.x, y = box.top + dom.y;
      for (const type of ['mousemove', 'pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
        view.network.body.container.querySelector('canvas').dispatchEvent(
          new MouseEvent(type, {clientX: x, clientY: y, bubbles: true}));
      }
      view.network.body.emitter.emit('click', {nodes: [id], edges: [], pointer: {DOM: dom, canvas: at}, event: {}});
      view.network.body.emitter.emit('hoverNode', {node: id});
    }
    for (const id of view.edges.getIds().slice(0, limit)) {
      view.network.body.emitter.emit('click', {nodes: [], edges: [id], pointer: {DOM: {x: 0, y: 0}, canvas: {x: 0, y: 0}}, event: {}});
    }
  }
  for (const el of document.querySelectorAll('input[type=checkbox], button')) { el.click(); }
  for (const select of document.querySelectorAll('select')) {
    for (const option of select.options) {
      select.value = option.value; select.dispatchEvent(new Event('change', {bubbles: true}));
    }
  }
  for (const input of document.querySelectorAll('input[type=search], input[type=text]')) {
    input.value = 'Petrov'; input.dispatchEvent(new Event('input', {bubbles: true}));
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {
    pwned: window.pwned === undefined ? null : String(window.pwned),
    images: document.images.length,
    scripts: document.scripts.length,
    badLinks: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
      .filter(h => !/^(https?:\\/\\/|[\\w./#-]+$)/.test(h)),
    handlers: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes].map(a => a.name))
      .filter(n => n.startsWith('on')),
  };
}"""


@pytest.mark.slow
@pytest.mark.parametrize("pattern", PAGE_KINDS)
def test_site_every_page_loads_offline_and_runs_nothing_hostile(
    chromium: Any, built: Built, pattern: str
) -> None:
    """Every page draws offline without a console error, and the hostile text in the
    store runs nothing however the page is used. One visit a page checks both: loading
    each of the site's pages is most of these tests' time."""
    for path in _pages(built.site, pattern):
        with visiting(chromium, path.as_uri()) as (page, visit):
            drawn = page.evaluate("() => !window.tkgView || window.tkgView.nodes.length")
            on_load = list(visit.errors)
            scripts_before = page.evaluate("() => document.scripts.length")
            found = page.evaluate(_INTERACT, 80)
            pwned_later = page.evaluate(
                "() => window.pwned === undefined ? null : String(window.pwned)"
            )
        assert on_load == [], path
        assert drawn, f"{path}: nothing drawn"
        assert found["pwned"] is None and pwned_later is None, path
        assert found["images"] == 0, path
        assert found["scripts"] == scripts_before, path
        assert found["badLinks"] == [], path
        assert found["handlers"] == [], path
        assert visit.errors == [], f"{path}: used, it logged {visit.errors}"
        assert visit.outside == [], path


# Click the first node whose data holds `needle`; the side panel's text after it.
_CLICK_NODE = """(needle) => {
  const view = window.tkgView;
  const id = view.nodes.getIds().find(i => JSON.stringify(view.nodes.get(i)).includes(needle));
  view.network.selectNodes([id]);
  const at = {x: 0, y: 0};
  view.network.body.emitter.emit('click', {nodes: [id], edges: [], pointer: {DOM: at, canvas: at}, event: {}});
  return document.getElementById('tkg-panel').textContent;
}"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page_name", "shown"),
    [
        ("timelines/new-start.html", [HOSTILE_HTML_ACTOR, HOSTILE_HTML_TITLE, HOSTILE_HTML_OUTLET]),
        ("network.html", [HOSTILE_HTML_ACTOR]),
    ],
)
def test_site_hostile_text_reaches_the_panel_as_text(
    chromium: Any, built: Built, page_name: str, shown: list[str]
) -> None:
    """The payloads are in the side panel as the very text they are, and ran nothing."""
    with visiting(chromium, (built.site.out / page_name).as_uri()) as (page, visit):
        panel = page.evaluate(_CLICK_NODE, "Petrov")
        after = page.evaluate("() => [window.pwned === undefined, document.images.length]")
    assert all(text in panel for text in shown), panel
    assert after == [True, 0]
    assert visit.errors == []


# ----------------------------------------------------------------- the same pages, served


@pytest.fixture(scope="module")
def served(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`treatykg serve` over a copy of the site's store (read-only, as by default)."""
    copy = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(built.store, copy)
    with treatykg.serve(
        copy, kb_dirs=[built.kb], port=_free_port(), pages_port=_free_port(), log=subprocess.DEVNULL
    ) as running:
        yield running


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with DIRECT.open(request, timeout=120) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "written"),
    [("views/", "index.html"), ("views/network.html", "network.html"),
     ("views/timelines/new-start.html", "timelines/new-start.html"),
     ("views/queries/top-actors.html", "queries/top-actors.html")],
)  # fmt: skip
def test_serve_views_are_the_pages_views_writes(
    served: Server, built: Built, path: str, written: str
) -> None:
    status, body = _get(f"{served.pages}/{path}")
    assert status == 200
    assert body == (built.site.out / written).read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "host", "status"),
    [("views/nothing.html", None, 404), ("views/../index.html", None, 404),
     ("views/%2e%2e/pyproject.toml", None, 404), ("views/", "evil.example", 403)],
)  # fmt: skip
def test_serve_views_serves_only_its_pages_to_its_own_names(
    served: Server, path: str, host: str | None, status: int
) -> None:
    code, body = _get(f"{served.pages}/{path}", host)
    assert code == status
    assert "<script" not in body


@pytest.mark.slow
@pytest.mark.parametrize("sample", ["2010-04-08-new-start-signed"])
def test_serve_named_query_results_link_sources_to_their_articles(
    served: Server, built: Built, sample: str
) -> None:
    with treatykg.open(str(built.store), kb_dirs=[built.kb], read_only=True) as kg:
        rows = kg.sparql(
            "SELECT ?e WHERE { GRAPH ?d { ?e a tkg:CanonicalEvent ; prov:wasDerivedFrom ?r } "
            "GRAPH ?g { ?r tkg:evidence/oa:hasSource ?a . ?a schema:url ?u "
            f'FILTER(CONTAINS(STR(?u), "{sample}")) }} }} ORDER BY ?e LIMIT 1'
        ).rows
    query = urllib.parse.urlencode({"query": "event-sources", "event": str(rows[0][0])})
    status, table = _get(f"{served.pages}/run?{query}")
    assert status == 200
    assert f"<a href='https://example.org/samples/{sample}' rel='noopener noreferrer'>" in table


@pytest.mark.slow
@pytest.mark.parametrize("path", ["views/", "views/timelines/new-start.html", "views/network.html"])
def test_serve_views_load_in_chromium_from_the_page_server_alone(
    chromium: Any, served: Server, path: str
) -> None:
    with visiting(chromium, f"{served.pages}/{path}", (served.pages, "data:", "about:")) as (
        page,
        visit,
    ):
        found = page.evaluate(_INTERACT, 40)
    assert visit.errors == [] and visit.outside == []
    assert found["pwned"] is None and found["images"] == 0
