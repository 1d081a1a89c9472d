"""The HTML pages: text from a user's KB or an article is escaped once, whatever page shows it,
and no script from the data runs in a real Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import HOSTILE_ACTOR, HOSTILE_TREATY, wait_in_page
from rdflib import Literal, URIRef
from treatykg.graph.backends import QueryResult
from treatykg.views import assets, error_page, named_queries_page, result_page
from treatykg.views.network import NetworkView
from treatykg.views.pages import Field, QueryCard
from treatykg.views.timeline import TimelineView

import treatykg
from treatykg.errors import TreatyKGError

MARKUP = [
    "<script>document.title='pwned'</script>",
    "</script><img src=x onerror=alert(1)>",
    'Testland\'s "quoted" & <b>bold</b>',
]


class Page(HTMLParser):
    """What a browser's parser sees: every start tag, and the text of <title> and <h1>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self._open: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in ("title", "h1") else None

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.text[self._open] = self.text.get(self._open, "") + data

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)


def _no_markup_from_data(page: Page, *, scripts: int = 0) -> None:
    assert page.count("script") == scripts and page.count("img") == 0 and page.count("b") == 0
    assert not any(key.startswith("on") for _, attrs in page.tags for key in attrs)


@pytest.fixture
def timeline_page(tmp_path: Path, hostile_kb: Path) -> Path:
    with treatykg.open(":memory:", kb_dirs=[hostile_kb]) as kg:
        return kg.timeline_html("Hostile Accord", tmp_path / "timeline.html")


def _model(html: str) -> dict[str, Any]:
    """A timeline page's data block: what its script reads."""
    found = re.search(r"<script type='application/json' id='tkg-data'>(.*?)</script>", html, re.S)
    assert found is not None, "the page holds no data block"
    model: dict[str, Any] = json.loads(found.group(1))
    return model


@pytest.mark.parametrize("label", [HOSTILE_TREATY])
def test_views_timeline_escapes_a_kb_label_in_title_and_heading(
    timeline_page: Path, label: str
) -> None:
    html = timeline_page.read_text(encoding="utf-8")
    page = Page(html)
    assert page.text["title"] == page.text["h1"] == f"{label}: timeline"
    _no_markup_from_data(page, scripts=4)  # the data block, vis-network, common.js, timeline.js
    assert "document.title='pwned'" not in html  # the label's script is nowhere as code


@pytest.mark.parametrize("actor", [HOSTILE_ACTOR])
def test_views_timeline_data_cannot_close_its_script(timeline_page: Path, actor: str) -> None:
    html = timeline_page.read_text(encoding="utf-8")
    data = html[html.index("id='tkg-data'>") :]
    assert "</script><img" not in html and "\\u003c/script\\u003e" in data
    assert _model(html)["actors"][0][1] == actor


@pytest.mark.parametrize("apostrophe", ["Testland's", "o'clock"])
def test_views_timeline_tooltip_is_plain_text_escaped_once(
    timeline_page: Path, apostrophe: str
) -> None:
    model = _model(timeline_page.read_text(encoding="utf-8"))
    (event,) = model["events"]
    shown = model["actors"][0][1] + event["kb"]["source_text"]
    assert apostrophe in shown  # shown as text: vis-network's title, the panel's textContent
    assert "&#" not in shown and "&amp;" not in shown and "&lt;" not in shown


@pytest.mark.parametrize("text", MARKUP)
def test_views_named_queries_page_escapes_every_card_field(text: str) -> None:
    card = QueryCard(
        name="q", title=text, answers=text, example=text, sparql=f"SELECT * {{ # {text}\n}}",
        params=[Field("p", "string", False, text, text)],
    )  # fmt: skip
    html = named_queries_page([card], "http://127.0.0.1:7878")
    page = Page(html)
    _no_markup_from_data(page)
    inputs = [attrs for tag, attrs in page.tags if tag == "input" and attrs.get("name") == "p"]
    assert inputs == [{"type": "text", "name": "p", "value": text, "title": text}]
    assert "&amp;#" not in html and "&amp;amp;" not in html


@pytest.mark.parametrize("text", MARKUP)
def test_views_result_page_escapes_values_and_the_command(text: str) -> None:
    result = QueryResult(
        "SELECT", ("value", "iri"), [(Literal(text), URIRef("urn:x")), (None, None)]
    )
    html = result_page("q", {"p": text}, result)
    _no_markup_from_data(Page(html))
    assert "<td></td>" in html and "<p>2 rows</p>" in html
    cells = re.findall(r"<td>(.*?)</td>", html, flags=re.S)
    assert [Page(f"<title>{c}</title>").text.get("title", "") for c in cells[:2]] == [text, "urn:x"]


@pytest.mark.parametrize("rows, note", [(2001, "(the first 2000 are shown; the CLI gives them all)"),
                                        (2000, None)])  # fmt: skip
def test_views_result_page_keeps_its_row_limit(rows: int, note: str | None) -> None:
    result = QueryResult("SELECT", ("n",), [(Literal(i),) for i in range(rows)])
    html = result_page("q", {}, result)
    assert html.count("<tr>") == min(rows, 2000) + 1
    assert (note in html) if note else "the first" not in html


@pytest.mark.parametrize("message", MARKUP)
def test_views_error_page_escapes_the_message(message: str) -> None:
    html = error_page(f"needs a date YYYY-MM-DD, not {message!r}")
    _no_markup_from_data(Page(html))
    assert "&amp;#" not in html


@pytest.mark.slow
@pytest.mark.parametrize("label, apostrophe", [(HOSTILE_TREATY, "Testland's")])
def test_views_timeline_runs_no_script_from_data_in_chromium(
    timeline_page: Path, chromium: Any, label: str, apostrophe: str
) -> None:
    tab = chromium.new_page()
    try:
        tab.goto(timeline_page.as_uri())
        wait_in_page(tab, "window.tkgView !== undefined && tkgView.ready === true")
        assert tab.evaluate("window.pwned") is None  # neither the <script> nor the onerror ran
        assert tab.title() == f"{label}: timeline" == tab.inner_text("h1")
        assert tab.locator("img").count() == 0
        # Hover the one node: vis-network shows its tooltip, which the reader must see as text.
        spot = tab.evaluate("tkgView.network.canvasToDOM(tkgView.network.getPositions(['n0']).n0)")
        box = tab.locator("#tkg-timeline").bounding_box()
        tab.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
        tooltip = tab.locator(".vis-tooltip")
        tooltip.wait_for(state="visible", timeout=10_000)
        shown = tooltip.inner_text()
        assert apostrophe in shown and "&#" not in shown
        assert tab.evaluate("window.pwned") is None
    finally:
        tab.close()


def _view(kind: str) -> assets.Page:
    """An empty page of each kind the project writes with a notebook frame."""
    import networkx as nx

    if kind == "timeline":
        return TimelineView.build("T", [])
    return NetworkView.build(nx.Graph(), [], scope={})


@pytest.mark.parametrize("kind", ["timeline", "network"])
@pytest.mark.parametrize("tokens", [{"allow-scripts", "allow-popups", "allow-popups-to-escape-sandbox"}])  # fmt: skip
def test_views_notebook_frame_lets_source_links_open_but_stays_isolated(
    kind: str, tokens: set[str]
) -> None:
    frame = Page(_view(kind)._repr_html_())
    ((tag, attrs),) = frame.tags
    assert tag == "iframe" and set((attrs["sandbox"] or "").split()) == tokens
    assert "allow-same-origin" not in (attrs["sandbox"] or "")  # the page cannot reach the notebook
    assert (attrs["srcdoc"] or "").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("kind", ["timeline", "network"])
@pytest.mark.parametrize("back", ["../index.html", "index.html"])
def test_views_page_header_links_back_to_the_index(kind: str, back: str, tmp_path: Path) -> None:
    view = _view(kind)
    page = Page(view.write(tmp_path / "p.html", back=back).read_text(encoding="utf-8"))
    links = [attrs for tag, attrs in page.tags if tag == "a" and attrs.get("id") == "tkg-back"]
    assert [a["href"] for a in links] == [back]
    assert "tkg-back" not in view.html()  # a lone page has no way back to offer


@pytest.mark.parametrize("back", ["javascript:alert(1)", "https://evil.example/", "x' onclick='y"])
def test_views_page_back_link_must_be_a_relative_path(back: str) -> None:
    with pytest.raises(TreatyKGError, match="not a relative path"):
        _view("timeline").html(back=back)
