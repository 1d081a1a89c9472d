"""The interactive timeline: the layout Python computes (a linear day scale, periods as spans,
stacked rows that never overlap, status bands, lifecycle edges) and the page a reader uses in
a real Chromium (the axis, the side panel, the filters, offline and quiet)."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import (
    HOSTILE_HTML_ACTOR,
    HOSTILE_HTML_OUTLET,
    HOSTILE_HTML_QUOTE,
    HOSTILE_HTML_TITLE,
    HostileHtml,
    wait_in_page,
)
from treatykg.graph.status_records import load_rules
from treatykg.graph.timeline_io import SourceReport, TimelineEvent
from treatykg.graph.triples import EVENT_CLASSES
from treatykg.views.timeline import TimelineView
from treatykg.views.timeline_model import (
    EVENT_STYLES,
    STATUS_COLOURS,
    StatusPeriod,
    timeline_model,
)

import treatykg
from treatykg.cli import cli

TREATY = "https://example.org/treaty/t"
RU, US = ("https://example.org/ru", "Russia"), ("https://example.org/us", "United States")

# Two tiny articles of our own: a Senate vote known only to its month, and a suspension.
ARTICLES = {
    "senate.txt": "title: Senate backs arms pact\ndate: 2010-12-23\nsource: Test Wire\n"
    "url: https://example.org/t1\n\n"
    "WASHINGTON - The U.S. Senate ratified the New START treaty in December 2010, officials said.\n",
    "duma.txt": "title: Moscow halts treaty role\ndate: 2023-02-28\nsource: Sample Post\n"
    "url: https://example.org/t2\n\n"
    "Russia suspended its participation in the New START treaty on Tuesday, the Kremlin said.\n",
}
SENATE_EVIDENCE = "The U.S. Senate ratified the New START treaty in December 2010"


def _event(key: str, type_: str, start: date, end: date | None = None, precision: str = "day",
           actors: tuple[tuple[str, str], ...] = (RU, US), sources: int = 1,
           modality: str = "actual", url: str | None = None) -> TimelineEvent:  # fmt: skip
    """A timeline event built by hand, as graph.timeline_io would read it."""
    label = {"day": start.isoformat(), "month": start.isoformat()[:7], "year": str(start.year)}
    reports = (
        SourceReport(f"{key}/r", f"{key}/a", f"{type_} story", "Test Wire", start.isoformat(), url,
                     f"The {type_} happened.", modality, label[precision]),
    )  # fmt: skip
    return TimelineEvent(
        key, type_, type_.replace("_", " "), modality, TREATY, "Test Treaty", actors, start,
        end or start, precision, label[precision], sources, False, None, None, reports, (), (),
    )  # fmt: skip


def _crowded() -> list[TimelineEvent]:
    """Events that fight for one spot: a month, a day inside it, the same day four times."""
    return [
        _event("m", "ratification", date(2010, 12, 1), date(2010, 12, 31), "month", (US,)),
        _event("d", "ratification", date(2010, 12, 22), actors=(US,), sources=3),
        *(_event(f"s{i}", t, date(2011, 2, 5)) for i, t in
          enumerate(["entry_into_force", "statement", "meeting_or_call", "violation_accusation"])),
        _event("y", "suspension", date(2023, 1, 1), date(2023, 12, 31), "year", (RU,)),
        _event("f", "suspension", date(2023, 2, 28), actors=(RU,), url="https://example.org/t2"),
        _event("x", "expiry", date(2026, 2, 5), modality="scheduled"),
    ]  # fmt: skip


PERIODS = [
    StatusPeriod(TREATY, "all parties", "in_force", "in force", date(2011, 2, 5), date(2026, 2, 5)),
    StatusPeriod(TREATY, "Russia", "in_force", "in force", date(2011, 2, 5), date(2023, 2, 28)),
    StatusPeriod(TREATY, "Russia", "suspended", "participation suspended", date(2023, 2, 28), None),
]


def _node(model: dict[str, Any], key: str) -> dict[str, Any]:
    index = next(i for i, e in enumerate(model["events"]) if e["key"] == key)
    found: dict[str, Any] = next(n for n in model["nodes"] if n["event"] == index)
    return found


@pytest.mark.parametrize("key, first, after_last", [("m", date(2010, 12, 1), date(2011, 1, 1)),
                                                    ("y", date(2023, 1, 1), date(2024, 1, 1))])  # fmt: skip
def test_timeline_model_a_period_is_a_span_with_its_marker_in_the_middle(
    key: str, first: date, after_last: date
) -> None:
    model = timeline_model("T", _crowded())
    node, day = _node(model, key), model["px_per_day"]
    origin = date(1970, 1, 1).toordinal() + model["origin_day"]
    assert node["x0"] == pytest.approx((first.toordinal() - origin) * day, abs=0.01)
    assert node["x1"] == pytest.approx((after_last.toordinal() - origin) * day, abs=0.01)
    assert node["x"] == pytest.approx((node["x0"] + node["x1"]) / 2, abs=0.01)  # never the 1st
    event = model["events"][node["event"]]
    assert event["approximate"] and ("(month)" in event["label"] or "(year)" in event["label"])


@pytest.mark.parametrize("keys", [["s0", "s1", "s2", "s3"]])
def test_timeline_model_same_day_events_take_separate_rows(keys: list[str]) -> None:
    model = timeline_model("T", _crowded())
    nodes = [_node(model, k) for k in keys]
    assert len({n["x"] for n in nodes}) == 1 and len({n["y"] for n in nodes}) == len(keys)


@pytest.mark.parametrize("order", ["reversed", "by key"])
def test_timeline_model_same_events_same_bytes(order: str) -> None:
    events = _crowded()
    again = events[::-1] if order == "reversed" else sorted(events, key=lambda e: e.key)
    first = TimelineView.build("T", events, PERIODS).html()
    assert TimelineView.build("T", again, PERIODS[::-1]).html() == first


@pytest.mark.parametrize("treaty", ["New START"])
def test_timeline_view_same_store_same_bytes(kg: treatykg.TreatyKG, treaty: str) -> None:
    assert kg.timeline_view(treaty).html() == kg.timeline_view(treaty).html()


@pytest.mark.parametrize("chain", [["d", "m", "s0", "f", "x"]])
def test_timeline_model_lifecycle_edges_join_consecutive_steps(chain: list[str]) -> None:
    model = timeline_model("T", [e for e in _crowded() if e.key != "y"])
    ids = [_node(model, k)["id"] for k in chain]
    pairs = [(e["from"], e["to"]) for e in model["edges"]]
    assert pairs == list(pairwise(ids))
    assert [e["dashes"] for e in model["edges"]] == [False, False, False, True]  # expiry is ahead


@pytest.mark.parametrize("parties", [["all parties", "Russia"]])
def test_timeline_model_bands_per_party_coloured_by_status(parties: list[str]) -> None:
    model = timeline_model("T", _crowded(), PERIODS)
    (lane,) = model["lanes"]
    assert [b["party"] for b in lane["bands"]] == parties
    assert lane["bands"][1]["periods"][-1]["x1"] is None  # open: drawn to the view's edge
    legend = {s["code"]: s["color"] for s in model["legend"]["statuses"]}
    assert legend == {
        "in_force": STATUS_COLOURS["in_force"],
        "suspended": STATUS_COLOURS["suspended"],
    }


@pytest.mark.parametrize("table", ["event types", "statuses"])
def test_timeline_model_every_type_and_status_has_its_own_style(table: str) -> None:
    if table == "event types":
        assert set(EVENT_STYLES) == set(EVENT_CLASSES)
        styles: list[object] = list(EVENT_STYLES.values())
    else:
        assert set(STATUS_COLOURS) == set(load_rules().labels)  # none missing, none dead
        styles = list(STATUS_COLOURS.values())
    assert len(set(styles)) == len(styles)  # two legend entries never look the same


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/a"])
def test_timeline_model_only_http_links_reach_the_page(url: str) -> None:
    event = replace(_crowded()[0], kb_source=url, from_kb=True)
    model = timeline_model("T", [_event("a", "signing", date(2010, 4, 8), url=url), event])
    assert model["articles"] and all(a[3] is None for a in model["articles"])  # [.., url]
    assert model["events"][1]["kb"]["source"] is None


@pytest.mark.parametrize("lanes, expected", [("actor", ["Russia", "United States"])])
def test_timeline_model_actor_lanes_place_an_event_once_per_actor(
    lanes: Any, expected: list[str]
) -> None:
    model = timeline_model("T", _crowded(), lanes=lanes)
    assert [lane["label"] for lane in model["lanes"]] == expected
    assert len(model["nodes"]) == sum(len(e.actors) for e in _crowded())


@pytest.mark.parametrize("height", [720])
def test_timeline_view_shows_itself_in_a_notebook_frame(height: int) -> None:
    view = TimelineView.build("T <&>", _crowded())
    shown = view._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert f"height:{height}px" in shown and "<script" not in shown


@pytest.mark.parametrize("lanes", ["treaty", "actor"])
def test_timeline_model_actor_links_one_per_marker_and_actor(lanes: Any) -> None:
    model = timeline_model("T", _crowded(), lanes=lanes)
    pairs = sorted((n["id"], iri) for n in model["nodes"]
                   for iri in (model["actors"][a][0] for a in model["events"][n["event"]]["actors"]))  # fmt: skip
    boxes = model["actor_nodes"]
    linked = sorted(
        (f"n{node}", model["actors"][boxes[box]["actor"]][0]) for box, node in model["actor_links"]
    )
    assert linked == pairs and len(pairs) > len(model["nodes"])
    assert len({(b["lane"], b["actor"]) for b in boxes}) == len(boxes)  # one per lane and actor
    leftmost = min(min(n["x0"], n["x"]) for n in model["nodes"])
    assert all((b["x"] < leftmost and b["lane"] == model["nodes"][0]["lane"]) or lanes == "actor"
               for b in boxes)  # fmt: skip
    for box in boxes:  # in its own lane's band of the canvas, left of the axis
        lane = model["lanes"][box["lane"]]
        assert lane["y0"] <= box["y"] <= lane["y1"] and box["x"] < leftmost


@pytest.mark.parametrize("lanes", ["actor"])
def test_timeline_view_drawn_counts_each_event_once(lanes: Any) -> None:
    view = TimelineView.build("T", _crowded(), lanes=lanes)
    assert len(view.model["nodes"]) > len(_crowded()) == view.drawn


@pytest.mark.parametrize("undated_actor", [("https://example.org/ab", "Annalena Baerbock")])
def test_timeline_model_no_lane_for_an_actor_with_only_undated_events(
    undated_actor: tuple[str, str],
) -> None:
    undated = replace(_event("u", "statement", date(2020, 1, 1), actors=(undated_actor,)),
                      start=None, end=None, label=None, precision=None)  # fmt: skip
    model = timeline_model("T", [*_crowded(), undated], lanes="actor")
    assert [lane["label"] for lane in model["lanes"]] == ["Russia", "United States"]
    assert len(model["undated"]) == 1  # still listed under the axis
    named = timeline_model("T", [undated], treaties=[(TREATY, "Test Treaty")])
    assert [lane["label"] for lane in named["lanes"]] == ["Test Treaty"]  # named: kept


@pytest.mark.parametrize("both", [(TREATY, "Zed, a treaty recorded as an actor")])
def test_timeline_model_actor_and_treaty_indexes_are_separate(both: tuple[str, str]) -> None:
    model = timeline_model("T", [_event("b", "statement", date(2020, 1, 1), actors=(RU, both))])
    (event,) = model["events"]
    assert [model["actors"][a][0] for a in event["actors"]] == [RU[0], both[0]]
    assert model["treaties"][event["treaty"]][0] == TREATY


@pytest.mark.parametrize("reports, outlets", [(11, ["Wire 10", "Wire 8", "Wire 9"])])
def test_timeline_model_keeps_a_few_reports_and_counts_the_rest(
    reports: int, outlets: list[str]
) -> None:
    base = _event("r", "statement", date(2020, 1, 1))
    many = tuple(replace(base.reports[0], report=f"r/{i:02d}", article=f"a/{i}",
                         outlet=f"Wire {i}", published=f"2020-01-{1 + i:02d}")
                 for i in range(reports))  # fmt: skip
    model = timeline_model("T", [replace(base, reports=many, sources=reports)])
    (event,) = model["events"]
    kept = [model["articles"][r["article"]][1] for r in event["reports"]]
    assert kept == [f"Wire {i}" for i in range(8)]  # the first, by date
    assert event["more_reports"] == {"count": reports - 8, "outlets": outlets}


def _busy(count: int, per_event: int) -> list[TimelineEvent]:
    """`count` events over 30 years, each with `per_event` reports of about 200 characters
    from articles of their own (no article shared: the article table saves nothing)."""
    found = []
    for n in range(count):
        day = date(1995 + n % 30, 1 + n % 12, 1 + n % 28)
        reports = tuple(
            SourceReport(
                f"r{n}-{r}", f"https://example.org/article/{n:05d}-{r}",
                f"Officials in capital {r} speak on the treaty's limits, story {n}", f"Wire {r}",
                day.isoformat(), f"https://example.org/news/{n:05d}/{r}",
                f"Officials said on {day} that the treaty remained in force and that both sides "
                "had kept to its central limits, despite a long dispute over inspections and "
                "data exchanges that neither side would settle.", "actual", day.isoformat(),
            )
            for r in range(per_event)
        )  # fmt: skip
        found.append(replace(_event(f"https://example.org/h/{n:05d}", "statement", day),
                             reports=reports, sources=per_event))  # fmt: skip
    return found


@pytest.mark.parametrize("count, per_event, budget_mb", [(10_000, 4, 15)])
def test_timeline_view_large_page_stays_under_budget(
    count: int, per_event: int, budget_mb: int
) -> None:
    size = len(TimelineView.build("Busy", _busy(count, per_event)).html().encode("utf-8"))
    assert size < budget_mb * 1_000_000, f"{size / 1e6:.1f} MB"


# ---- the page in a real Chromium ----------------------------------------------------------


def _model(html: str) -> dict[str, Any]:
    found = re.search(r"<script type='application/json' id='tkg-data'>(.*?)</script>", html, re.S)
    assert found is not None, "the page holds no data block"
    model: dict[str, Any] = json.loads(found.group(1))
    return model


@pytest.fixture(scope="module")
def new_start(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """The New START timeline of the KB and two tiny articles: the page, and how many dated
    events the data layer reads for it."""
    folder = tmp_path_factory.mktemp("timeline")
    (folder / "articles").mkdir()
    for name, text in ARTICLES.items():
        (folder / "articles" / name).write_text(text, encoding="utf-8")
    with treatykg.open(str(folder / "store")) as kg:
        assert kg.ingest([folder / "articles"]).ok
        dated = sum(1 for e in kg.timeline_events("New START") if e.start is not None)
        yield kg.timeline_view("New START").write(folder / "new-start.html"), dated


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    view = TimelineView.build("Crowded: timeline", _crowded(), PERIODS)
    return view.write(tmp_path_factory.mktemp("crowded") / "crowded.html")


@pytest.fixture
def tab(chromium: Any) -> Iterator[Any]:
    page = chromium.new_page(viewport={"width": 1400, "height": 860})
    page.problems = []  # console errors, page errors and requests off the file
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))

    def route(r: Any) -> None:
        if r.request.url.split(":", 1)[0] in ("file", "data", "about"):
            r.continue_()
        else:
            page.problems.append(f"request to {r.request.url}")
            r.abort()

    page.route("**/*", route)
    try:
        yield page
    finally:
        page.close()


def _open(tab: Any, path: Path) -> None:
    tab.goto(path.as_uri())
    wait_in_page(tab, "window.tkgView !== undefined && tkgView.ready === true")


def _visible_events(tab: Any) -> list[str]:
    ids: list[str] = tab.evaluate(
        "tkgView.nodes.get({filter: n => n.kind === 'event' && !n.hidden}).map(n => n.id)"
        ".filter(id => tkgView.network.body.nodeIndices.includes(id))"
    )
    return ids


def _click(tab: Any, node: str) -> None:
    spot = tab.evaluate(
        f"tkgView.network.canvasToDOM(tkgView.network.getPositions(['{node}'])['{node}'])"
    )
    box = tab.locator("#tkg-timeline").bounding_box()
    tab.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])


@pytest.mark.slow
@pytest.mark.parametrize("page", ["new_start", "crowded"])
def test_views_timeline_draws_every_dated_event_offline_and_quietly(
    tab: Any, page: str, request: pytest.FixtureRequest
) -> None:
    found = request.getfixturevalue(page)
    path, dated = found if isinstance(found, tuple) else (found, len(_crowded()))
    _open(tab, path)
    assert len(_visible_events(tab)) == dated > 0
    assert tab.evaluate("window.pwned") is None and tab.problems == []


@pytest.mark.slow
@pytest.mark.parametrize("years, month", [(range(2010, 2027), "2011-02")])
def test_views_timeline_axis_has_year_ticks_and_months_when_zoomed_in(
    tab: Any, new_start: tuple[Path, int], years: range, month: str
) -> None:
    _open(tab, new_start[0])
    shown = tab.locator(".tkg-tick").all_inner_texts()
    assert {str(y) for y in years} <= set(shown)
    tab.evaluate(
        "(() => { const m = tkgView.model, day = Date.UTC(2011, 1, 15) / 864e5;"
        " tkgView.network.moveTo({position: {x: (day - m.origin_day) * m.px_per_day, y: 0},"
        " scale: 120 / (30 * m.px_per_day)}); })()"
    )
    wait_in_page(
        tab, f"[...document.querySelectorAll('.tkg-tick')].some(t => t.textContent === '{month}')"
    )


@pytest.mark.slow
@pytest.mark.parametrize("evidence, link", [(SENATE_EVIDENCE, "https://example.org/t1")])
def test_views_timeline_click_shows_evidence_and_source_link(
    tab: Any, new_start: tuple[Path, int], evidence: str, link: str
) -> None:
    _open(tab, new_start[0])
    node = tab.evaluate(
        "tkgView.model.nodes.find(n => tkgView.model.events[n.event].reports"
        f".some(r => r.url === '{link}')).id"
    )
    _click(tab, node)
    panel = tab.locator("#tkg-panel")
    panel.wait_for(state="visible")
    assert evidence in panel.inner_text() and "2010-12 (known to the month" in panel.inner_text()
    anchor = panel.locator(f"a[href='{link}']")
    rels = anchor.evaluate_all("links => links.map(a => a.rel)")
    assert rels == ["noopener noreferrer"] * 2  # the evidence's "From" line and the source list
    assert tab.problems == []


@pytest.mark.slow
@pytest.mark.parametrize("control, value, kept", [
    ("type", "suspension", {"d", "m", "s0", "s1", "s2", "s3", "x"}),
    ("search", "expiry story", {"x"}),
    ("actor", "https://example.org/ru", {"s0", "s1", "s2", "s3", "x", "y", "f"}),
    ("from", "2023-06-01", {"y", "x"}),
])  # fmt: skip
def test_views_timeline_filters_hide_what_they_should(
    tab: Any, crowded: Path, control: str, value: str, kept: set[str]
) -> None:
    _open(tab, crowded)
    if control == "type":
        tab.locator(f"#tkg-types label[data-type='{value}'] input").uncheck()
    elif control == "search":
        tab.locator("#tkg-search").fill(value)
    elif control == "actor":
        tab.locator("#tkg-actor").select_option(value)
    else:
        tab.locator(f"#tkg-{control}").fill(value)
        tab.locator(f"#tkg-{control}").dispatch_event("change")
    keys = tab.evaluate(
        f"{json.dumps(_visible_events(tab))}.map(id => tkgView.model.events[tkgView.nodes.get(id).event].key)"
    )
    assert set(keys) == kept and tab.problems == []


@pytest.mark.slow
@pytest.mark.parametrize("page", ["new_start", "crowded"])
def test_views_timeline_no_two_event_boxes_overlap(
    tab: Any, page: str, request: pytest.FixtureRequest
) -> None:
    found = request.getfixturevalue(page)
    _open(tab, found[0] if isinstance(found, tuple) else found)
    boxes = tab.evaluate(
        f"{json.dumps(_visible_events(tab))}.map(id => [id, tkgView.network.getBoundingBox(id)])"
    )
    assert len(boxes) > 1
    for i, (a, one) in enumerate(boxes):
        for b, two in boxes[i + 1 :]:
            apart = (one["right"] <= two["left"] or two["right"] <= one["left"]
                     or one["bottom"] <= two["top"] or two["bottom"] <= one["top"])  # fmt: skip
            assert apart, f"{a} {one} overlaps {b} {two}"


@pytest.mark.slow
@pytest.mark.parametrize("payloads", [
    (HOSTILE_HTML_TITLE, HOSTILE_HTML_OUTLET, HOSTILE_HTML_QUOTE, HOSTILE_HTML_ACTOR),
])  # fmt: skip
def test_views_timeline_hostile_article_runs_nothing(
    tab: Any, tmp_path: Path, hostile_html: HostileHtml, payloads: tuple[str, ...]
) -> None:
    with treatykg.open(str(tmp_path / "store"), kb_dirs=[hostile_html.kb]) as kg:
        assert kg.ingest([hostile_html.articles]).ok
        path = kg.timeline_view("New START").write(tmp_path / "t.html")
    _open(tab, path)
    shown = []
    for node in tab.evaluate("tkgView.model.nodes.filter(n => tkgView.model.events[n.event]"
                             ".reports.length).map(n => n.id)"):  # fmt: skip
        _click(tab, node)
        tab.locator("#tkg-panel").wait_for(state="visible")
        shown.append(tab.locator("#tkg-panel").inner_text())
    for payload in payloads:  # each shows as the text it is, in some event's panel
        assert any(payload in text for text in shown), payload
    assert tab.evaluate("window.pwned") is None and tab.locator("img").count() == 0
    assert tab.locator("a[href^='javascript:']").count() == 0 and tab.problems == []


@pytest.mark.slow
@pytest.mark.parametrize("count, lanes", [(400, 3)])
def test_views_timeline_many_events_group_by_period_when_zoomed_out(
    tab: Any, tmp_path: Path, count: int, lanes: int
) -> None:
    events = [
        replace(_event(f"e{i}", "statement", date(1995 + i % 30, 1 + i % 12, 1 + i % 28)),
                treaty=f"{TREATY}{i % lanes}", treaty_label=f"Treaty {i % lanes}")
        for i in range(count)
    ]  # fmt: skip
    _open(tab, TimelineView.build("Many", events).write(tmp_path / "many.html"))
    clusters = tab.evaluate(
        "tkgView.network.body.nodeIndices.filter(id => tkgView.network.isCluster(id))"
    )
    assert 0 < len(clusters) < count
    boxes = tab.evaluate(f"{json.dumps(clusters)}.map(id => tkgView.network.getBoundingBox(id))")
    for i, one in enumerate(boxes):  # every lane keeps a row of its own, however far out
        for two in boxes[i + 1 :]:
            assert (one["right"] <= two["left"] or two["right"] <= one["left"]
                    or one["bottom"] <= two["top"] or two["bottom"] <= one["top"])  # fmt: skip
    inside = tab.evaluate(f"tkgView.network.getNodesInCluster({json.dumps(clusters[0])}).length")
    _click(tab, clusters[0])
    wait_in_page(tab, f"!tkgView.network.body.nodeIndices.includes({json.dumps(clusters[0])})")
    assert inside > 0 and tab.problems == []


_SHOWN_ACTOR_EDGES = "tkgView.edges.get({filter: e => e.kind === 'actor' && !e.hidden}).length"


@pytest.mark.slow
@pytest.mark.parametrize("actor", [RU[0]])
def test_views_timeline_actors_box_and_filter_show_actor_edges(
    tab: Any, crowded: Path, actor: str
) -> None:
    _open(tab, crowded)
    model = _model(crowded.read_text(encoding="utf-8"))
    pairs = [(n["id"], model["actors"][a][0]) for n in model["nodes"]
             for a in model["events"][n["event"]]["actors"]]  # fmt: skip
    assert tab.evaluate(_SHOWN_ACTOR_EDGES) == 0  # hidden until asked for
    tab.locator("#tkg-actors").check()
    assert tab.evaluate(_SHOWN_ACTOR_EDGES) == len(pairs) > 0
    boxes = tab.evaluate("tkgView.nodes.get({filter: n => n.kind === 'actor' && !n.hidden}).length")
    assert boxes == len({iri for _, iri in pairs})
    tab.locator("#tkg-actors").uncheck()
    tab.locator("#tkg-actor").select_option(actor)
    shown = tab.evaluate(
        "tkgView.edges.get({filter: e => e.kind === 'actor' && !e.hidden}).map(e => [e.to, e.actor])"
    )
    assert sorted(map(tuple, shown)) == sorted(p for p in pairs if p[1] == actor)
    assert tab.problems == []


@pytest.mark.slow
@pytest.mark.parametrize("lanes, says", [("actor", f"{len(_crowded())} of {len(_crowded())} events shown")])  # fmt: skip
def test_views_timeline_counter_counts_events_not_markers(
    tab: Any, tmp_path: Path, lanes: Any, says: str
) -> None:
    _open(tab, TimelineView.build("T", _crowded(), lanes=lanes).write(tmp_path / "actors.html"))
    assert tab.locator("#tkg-count").inner_text() == says and tab.problems == []


@pytest.mark.slow
@pytest.mark.parametrize("outlets, says, more", [
    (11, "12 independent (11 outlets and the knowledge base)", "+3 more reports (Wire 10, Wire 8, Wire 9)"),
])  # fmt: skip
def test_views_timeline_panel_says_what_the_sources_are(
    tab: Any, tmp_path: Path, outlets: int, says: str, more: str
) -> None:
    base = _event("k", "signing", date(2010, 4, 8))
    reports = tuple(replace(base.reports[0], report=f"r/{i:02d}", article=f"a/{i}",
                            title=f"Story {i}", outlet=f"Wire {i}", published=f"2010-04-{8 + i:02d}")
                    for i in range(outlets))  # fmt: skip
    event = replace(base, reports=reports, sources=outlets + 1, from_kb=True, kb_note="signed")
    _open(tab, TimelineView.build("T", [event]).write(tmp_path / "kb.html"))
    _click(tab, "n0")
    panel = tab.locator("#tkg-panel")
    panel.wait_for(state="visible")
    rows = dict(
        zip(
            panel.locator("th").all_inner_texts(),
            panel.locator("th + td").all_inner_texts(),
            strict=True,
        )
    )
    assert rows["Sources"] == says
    assert rows["From"] == "Story 0 · Wire 0 · 2010-04-08"  # whose sentence the evidence is
    assert more in panel.inner_text() and tab.problems == []


# ---- the command line --------------------------------------------------------------------


@pytest.mark.parametrize("args, types", [(["--type", "suspension", "--type", "extension"],
                                          {"suspension", "extension"})])  # fmt: skip
def test_views_timeline_cli_writes_the_page_it_was_asked_for(
    tmp_path: Path, args: list[str], types: set[str]
) -> None:
    page = tmp_path / "out" / "new-start.html"
    done = CliRunner().invoke(
        cli, ["timeline", "New START", "--store", ":memory:", *args, "-o", str(page)]
    )
    assert done.exit_code == 0, done.output
    assert f"Wrote {page}" in done.stderr and done.stdout == ""  # no table unless --format
    model = _model(page.read_text(encoding="utf-8"))
    assert {e["type"] for e in model["events"]} == types
    assert [lane["label"] for lane in model["lanes"]] == ["New START"]
    assert model["note"] == "Only events with types: " + ", ".join(args[1::2])  # said on the page


@pytest.mark.parametrize("args, says", [
    (["New START", "--actor", "Russia"], "add -o FILE.html"),
    (["New START", "--open"], "add -o FILE.html"),
    ([], "name a treaty"),
])  # fmt: skip
def test_views_timeline_cli_page_options_need_a_page(args: list[str], says: str) -> None:
    done = CliRunner().invoke(cli, ["timeline", *args, "--store", ":memory:"])
    assert done.exit_code == 2 and says in done.output


@pytest.mark.slow
@pytest.mark.parametrize("nodes", [len(_crowded())])
def test_views_timeline_notebook_frame_draws_the_page(tab: Any, tmp_path: Path, nodes: int) -> None:
    notebook = tmp_path / "notebook.html"  # a stand-in for a notebook's output cell
    notebook.write_text(TimelineView.build("T", _crowded())._repr_html_(), encoding="utf-8")
    tab.goto(notebook.as_uri())
    frame = tab.frame_locator("iframe")
    frame.locator(".tkg-tick").first.wait_for()
    drawn = tab.frames[1].evaluate("tkgView.nodes.get({filter: n => n.kind === 'event'}).length")
    assert drawn == nodes and tab.problems == []


def notebook_page(notebook: Path) -> str:
    """The page inside a notebook frame's srcdoc, as the browser reads it."""
    found = re.search(r'srcdoc="(.*?)" sandbox', notebook.read_text(encoding="utf-8"), re.S)
    assert found is not None
    return html_lib.unescape(found.group(1))


@pytest.mark.slow
@pytest.mark.parametrize("link", ["https://example.org/t2"])
def test_views_timeline_notebook_frame_source_link_opens_a_tab(
    chromium: Any, tmp_path: Path, link: str
) -> None:
    notebook = tmp_path / "notebook.html"
    notebook.write_text(TimelineView.build("T", _crowded())._repr_html_(), encoding="utf-8")
    context = chromium.new_context()
    blocked: list[str] = []
    context.on("console", lambda m: "Blocked" in m.text and blocked.append(m.text))
    context.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "about:")) else r.abort(),
    )  # nothing leaves the machine: the tab opening is the point
    try:
        tab = context.new_page()
        tab.goto(notebook.as_uri())
        frame = tab.frame_locator("iframe")
        frame.locator(".tkg-tick").first.wait_for()
        tab.frames[1].wait_for_function("window.tkgView && tkgView.ready === true")
        index = [e["key"] for e in _model(notebook_page(notebook))["events"]].index("f")
        tab.frames[1].evaluate(f"tkgView.showEvent({index})")
        with context.expect_page(timeout=10_000) as opened:
            frame.locator(f"#tkg-panel a[href='{link}']").first.click()
        assert opened.value is not None and blocked == []  # a tab opened: the link was not refused
    finally:
        context.close()
