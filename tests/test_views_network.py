"""The actor network page, driven in a real headless Chromium: what it draws, what a click
shows, what the filters hide, that it stays offline and inert with hostile names, and that
the same store gives the same bytes."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import HOSTILE_HTML_ACTOR, wait_in_page, write_hostile_html
from conftest import visiting as visiting_page

import treatykg
from treatykg.cli import cli

ID = "https://w3id.org/treatykg/id/"
NEW_START = ID + "treaty/new-start"

# Our own short stories: ties in 2022, 2023 and 2024, one undated, two treaties and none.
ARTICLES = {
    "geneva.txt": "title: Envoys meet\ndate: 2022-06-10\nsource: Lake Courier\n\n"
    "US Secretary of State Antony Blinken met Russian Foreign Minister Sergey Lavrov in Geneva"
    " on Thursday.\n",
    "beijing.txt": "title: Beijing presses Washington\ndate: 2024-04-16\nsource: Harbour Times\n\n"
    "China called on the United States to resume arms control talks on New START on Monday.\n"
    "China later accused the United States of violating the INF Treaty.\n",
    "vienna.txt": "title: Envoy meets Blinken\ndate: 2023-05-03\nsource: Lake Courier\n\n"
    "Russian envoy Ivan Petrov met US Secretary of State Antony Blinken in Vienna on Tuesday.\n",
}


class Stored(NamedTuple):
    location: str
    kb: Path


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """A store of our articles and the hostile one, whose envoy's name is an HTML payload."""
    root = tmp_path_factory.mktemp("network-view")
    hostile = write_hostile_html(root)
    for name, text in ARTICLES.items():
        (hostile.articles / name).write_text(text, encoding="utf-8")
    location = str(root / "store")
    with treatykg.open(location, kb_dirs=[hostile.kb]) as kg:
        report = kg.ingest([hostile.articles])
        assert report.ok, report.failures
    return Stored(location, hostile.kb)


@contextmanager
def opened(stored: Stored) -> Iterator[treatykg.TreatyKG]:
    with treatykg.open(stored.location, kb_dirs=[stored.kb], read_only=True) as kg:
        yield kg


@pytest.fixture(scope="module")
def page_file(stored: Stored, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with opened(stored) as kg:
        return kg.network_view().write(tmp_path_factory.mktemp("pages") / "network.html")


def visiting(chromium: Any, path: Path) -> Any:
    """The page open from disk once its view object exists (see conftest.visiting)."""
    return visiting_page(chromium, path.resolve().as_uri(), ready="window.tkgView !== undefined")


def _shown(page: Any) -> tuple[set[str], set[tuple[str, str]]]:
    """The actors and ties the page draws now (vis-network's own index of drawn items)."""
    nodes, edges = page.evaluate(
        """() => {
        const body = tkgView.network.body;
        const nodes = body.nodeIndices.slice();
        const edges = body.edgeIndices.map(id => [body.edges[id].fromId, body.edges[id].toId]);
        return [nodes, edges];
    }"""
    )
    return set(nodes), {(min(u, v), max(u, v)) for u, v in edges}


def _ties(graph: nx.Graph) -> tuple[set[str], set[tuple[str, str]]]:
    """The actors with a tie and the ties of a network, as the page should draw them."""
    pairs = {(min(u, v), max(u, v)) for u, v in graph.edges}
    return {a for pair in pairs for a in pair}, pairs


@pytest.mark.slow
@pytest.mark.parametrize("treaties", [(), ("New START",)])
def test_views_network_draws_every_actor_offline_without_errors(
    stored: Stored, chromium: Any, tmp_path: Path, treaties: tuple[str, ...]
) -> None:
    with opened(stored) as kg:
        graph = kg.network("actors", treaty=treaties)
        path = kg.network_view(treaties).write(tmp_path / "network.html")
    with visiting(chromium, path) as (page, visit):
        counts = page.evaluate("[tkgView.nodes.length, tkgView.edges.length, window.pwned]")
        drawn = _shown(page)
    assert counts == [graph.number_of_nodes(), graph.number_of_edges(), None]
    assert drawn == (set(graph), _ties(graph)[1])
    assert visit.errors == [] and visit.outside == []


_EDGE_POINT = """([a, b]) => {
    const net = tkgView.network, edge = tkgView.model.edges.find(e =>
        (e.from === a && e.to === b) || (e.from === b && e.to === a));
    const p = net.getPositions([edge.from, edge.to]);
    const box = document.getElementById('tkg-network').getBoundingClientRect();
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const at = net.canvasToDOM({x: p[edge.from].x + t * (p[edge.to].x - p[edge.from].x),
                                    y: p[edge.from].y + t * (p[edge.to].y - p[edge.from].y)});
        if (net.getNodeAt(at) === undefined && net.getEdgeAt(at) === edge.id) {
            return [box.left + at.x, box.top + at.y];
        }
    }
    return null;
}"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "pair",
    [("state/china", "state/united-states"), ("person/antony-blinken", "person/ivan-petrov")],
)
def test_views_network_click_on_a_tie_lists_its_events(
    stored: Stored, page_file: Path, chromium: Any, pair: tuple[str, str]
) -> None:
    ends = sorted(ID + name for name in pair)
    with opened(stored) as kg:
        events = kg.network_events(kg.network().edges[ends]["events"])
    with visiting(chromium, page_file) as (page, visit):
        point = page.evaluate(_EDGE_POINT, ends)
        assert point is not None, "no point of the tie lies clear of the actors"
        page.mouse.click(*point)
        panel = page.inner_text("#tkg-panel")
    assert "Events behind this tie" in panel
    for event in events:
        line = f"{event.date_label or 'undated'}\t{event.type_label}"
        line += f" · {event.treaty_label}" if event.treaty_label else ""
        assert line in panel
    assert visit.errors == []


@pytest.mark.slow
@pytest.mark.parametrize("years", [(2023, 2023), (2022, 2023), (2024, 2024), (2022, 2024)])
def test_views_network_year_filter_hides_what_it_should(
    stored: Stored, page_file: Path, chromium: Any, years: tuple[int, int]
) -> None:
    """Narrowed to some years, the page draws the ties `network(start=, end=)` counts, and
    only actors with one of them; every year chosen, it draws everything again."""
    with opened(stored) as kg:
        everything = kg.network()
        within = kg.network(start=str(years[0]), end=str(years[1]))
    full = years == (2022, 2024)
    with visiting(chromium, page_file) as (page, _):
        page.select_option("#tkg-to", str(years[1]))
        page.select_option("#tkg-from", str(years[0]))
        drawn = _shown(page)
        count = page.inner_text("#tkg-count")
    if full:  # the undated accusation counts again, and actors without ties show
        assert drawn == (set(everything), _ties(everything)[1])
    else:
        assert drawn == _ties(within)
        assert len(drawn[1]) < everything.number_of_edges()
    assert count.startswith(f"{len(drawn[0])} of {len(everything)} actors, {len(drawn[1])} of")


@pytest.mark.slow
@pytest.mark.parametrize(("treaty", "label"), [(NEW_START, "New START")])
def test_views_network_treaty_filter_keeps_the_treaty_s_ties(
    stored: Stored, page_file: Path, chromium: Any, treaty: str, label: str
) -> None:
    with opened(stored) as kg:
        expected = _ties(kg.network(treaty=label))
    with visiting(chromium, page_file) as (page, _):
        page.select_option("#tkg-treaty", treaty)
        drawn = _shown(page)
    assert drawn == expected and drawn[1]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "actor"), [("blink", "person/antony-blinken")])
def test_views_network_search_keeps_the_actor_and_its_ties(
    stored: Stored, page_file: Path, chromium: Any, text: str, actor: str
) -> None:
    with opened(stored) as kg:
        graph = kg.network()
    ties = {(min(ID + actor, n), max(ID + actor, n)) for n in graph[ID + actor]}
    with visiting(chromium, page_file) as (page, _):
        page.fill("#tkg-search", text)
        drawn = _shown(page)
    assert drawn == ({ID + actor, *graph[ID + actor]}, ties)


@pytest.mark.slow
@pytest.mark.parametrize("actor", ["person/ivan-petrov"])
def test_views_network_hostile_actor_name_runs_nothing(
    stored: Stored, page_file: Path, chromium: Any, actor: str
) -> None:
    """The envoy's name carries an `onmouseover=` payload: on the canvas, in the hover
    title and in the side panel it is text, and it runs nothing."""
    html = page_file.read_text(encoding="utf-8")
    assert HOSTILE_HTML_ACTOR not in html and "pwned='" not in html
    with visiting(chromium, page_file) as (page, visit):
        box = page.evaluate(
            """(id) => { const net = tkgView.network;
            const at = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.getElementById('tkg-network').getBoundingClientRect();
            return [r.left + at.x, r.top + at.y]; }""",
            ID + actor,
        )
        page.mouse.move(*box)
        page.wait_for_timeout(400)  # the hover title shows after its delay
        page.mouse.click(*box)
        heading = page.inner_text("#tkg-panel h3")
        state = page.evaluate(
            "[window.pwned, document.querySelectorAll('img, [onmouseover]').length]"
        )
    assert heading == HOSTILE_HTML_ACTOR
    assert state == [None, 0]
    assert visit.errors == [] and visit.outside == []


def _cli_page(stored: Stored, out: Path, *args: str) -> bytes:
    """The page `treatykg network` writes, from a process of its own (its own hash seed)."""
    code = "from treatykg.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "network", "--store", stored.location, "--kb", str(stored.kb),
         *args, "-o", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


@pytest.mark.parametrize("args", [(), ("--treaty", "New START", "--from", "2023", "--by-state")])
def test_views_network_same_store_same_bytes(
    stored: Stored, tmp_path: Path, args: tuple[str, ...]
) -> None:
    first = _cli_page(stored, tmp_path / "a.html", *args)
    second = _cli_page(stored, tmp_path / "b.html", *args)
    assert first == second


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "spring"),
            "Error: --from: 'spring' is not a date: give YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (("--treaty", "No Such Pact"), "Error: no Treaty named 'No Such Pact'"),
    ],
)
def test_views_network_cli_errors_are_one_line_and_write_nothing(
    stored: Stored, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "network.html"
    done = CliRunner().invoke(
        cli, ["network", "--store", stored.location, "--kb", str(stored.kb), *args, "-o", str(out)]
    )
    assert done.exit_code == 1
    assert done.output.startswith(message) and done.output.count("\n") == 1
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.parametrize("height", [720])
def test_views_network_notebook_frame_draws_the_network(
    stored: Stored, chromium: Any, height: int
) -> None:
    """In Jupyter the view shows itself as a sandboxed srcdoc frame that draws the page."""
    with opened(stored) as kg:
        view = kg.network_view()
    frame_html = view._repr_html_()
    assert f"height:{height}px" in frame_html
    [sandbox] = re.findall(r'sandbox="([^"]*)"', frame_html)
    assert "allow-scripts" in sandbox.split() and "allow-same-origin" not in sandbox.split()
    page = chromium.new_page()
    try:
        page.set_content(frame_html)
        frame = page.frames[1]
        wait_in_page(frame, "window.tkgView !== undefined")
        assert frame.evaluate("tkgView.nodes.length") == len(view.model["nodes"])
    finally:
        page.close()


@pytest.mark.parametrize("cap", [3])
def test_views_network_draws_only_the_most_central_actors_past_the_cap(
    stored: Stored, cap: int
) -> None:
    with opened(stored) as kg:
        graph = kg.network(metrics=True)
        view = kg.network_view(max_actors=cap)
    ranked = sorted(graph.nodes(data=True), key=lambda n: (-n[1]["pagerank"], n[1]["label"], n[0]))
    kept = {actor for actor, _ in ranked[:cap]}
    assert {n["id"] for n in view.model["nodes"]} == kept
    assert {(e["from"], e["to"]) for e in view.model["edges"]} == {
        (min(u, v), max(u, v)) for u, v in graph.subgraph(kept).edges
    }
    assert f"The {cap} most central actors of {len(graph)} (by PageRank)" in view.html()


_NODE_POINT = """(id) => {
    const net = tkgView.network, at = net.canvasToDOM(net.getPositions([id])[id]);
    const box = document.getElementById('tkg-network').getBoundingClientRect();
    return net.getNodeAt(at) === id ? [box.left + at.x, box.top + at.y] : null;
}"""


@pytest.mark.slow
@pytest.mark.parametrize("actor", ["person/antony-blinken", "state/united-states"])
def test_views_network_click_on_an_actor_shows_its_metrics_and_ties(
    stored: Stored, page_file: Path, chromium: Any, actor: str
) -> None:
    with opened(stored) as kg:
        graph = kg.network(metrics=True)
    node = graph.nodes[ID + actor]
    with visiting(chromium, page_file) as (page, visit):
        point = page.evaluate(_NODE_POINT, ID + actor)
        assert point is not None, "another actor covers this one"
        page.mouse.click(*point)
        panel = page.inner_text("#tkg-panel")
    assert panel.startswith(f"{node['label']}\n")
    assert f"PageRank\t{node['pagerank']:.4f}" in panel
    assert f"betweenness\t{node['betweenness']:.4f}" in panel
    assert f"degree\t{node['degree']} actors" in panel
    for neighbour in graph[ID + actor]:
        weight = graph.edges[ID + actor, neighbour]["weight"]
        assert f"{weight}\t{graph.nodes[neighbour]['label']}" in panel
    assert visit.errors == []
