"""A treaty's timeline as one offline HTML page: pyvis lays out the nodes, our template draws them.

pyvis builds the network (one box per dated row, placed left to right by date) and ships
vis-network's script; the page itself comes from views/templates/timeline.html, so the
title is escaped like every other page's, the network reaches the script only as JSON
made safe for a <script> element (`|tojson`), and nothing loads from a CDN. Tooltips are
plain text: vis-network shows a string title as text, so escaping it here would show the
reader `&#x27;` instead of an apostrophe.

A date known only to the month or year reads `2010-12` or `2023` and stands at the end
of its period, after the days inside it, in the order the tables sort them in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup
from treatykg.graph.terms import Term
from treatykg.views.templating import render

from treatykg.errors import TreatyKGError
from treatykg.output import date_label, date_sort_key, period_end

__all__ = ["timeline_html", "write_timeline"]

_COLORS = {"knowledge base": "#2b6cb0", "article": "#dd6b20"}
_PX_PER_YEAR = 120
_TIP_FIELDS = ("what", "actors", "detail", "source")
_VIS = "templates/lib/vis-9.1.2"  # inside the pyvis package


@cache
def _vis_asset(name: str) -> Markup:
    """vis-network's script or style sheet, as shipped in the pyvis package, to inline.

    The file is trusted code, not data; it is checked for a closing tag all the same,
    since one would end the element it is inlined into.
    """
    text = (files("pyvis") / _VIS / name).read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():
        raise TreatyKGError(f"pyvis's {name} contains {closing}>; it cannot be inlined")
    return Markup(text)


def _day(value: Term | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:
        return None


def _network(rows: Sequence[dict[str, Term | None]]) -> tuple[list[object], list[object], object]:
    """The nodes, edges and options of the timeline network, as plain JSON-ready data."""
    from pyvis.network import Network

    net = Network(height="640px", width="100%", directed=True)
    net.toggle_physics(False)  # fixed positions: the same rows give the same page
    dated = sorted(
        ((day, row.get("precision"), row) for row in rows if (day := _day(row.get("date")))),
        key=lambda found: date_sort_key(found[0], found[1]),
    )
    if not dated:
        net.add_node("empty", label="no dated facts", x=0, y=0)
    first = period_end(dated[0][0], dated[0][1]) if dated else date.today()
    lane: dict[int, int] = {}
    previous = None
    for index, (day, precision, row) in enumerate(dated):
        x = round((period_end(day, precision) - first).days / 365.25 * _PX_PER_YEAR)
        slot = lane.get(x // 40, 0)
        lane[x // 40] = slot + 1
        node = f"n{index}"
        net.add_node(
            node,
            label=f"{date_label(day, precision)}\n{row.get('what') or ''}",
            title=" | ".join(str(row[k]) for k in _TIP_FIELDS if row.get(k)),
            x=x,
            y=slot * 70 - 140,
            color=_COLORS.get(str(row.get("kind") or ""), "#718096"),
            shape="box",
        )
        if previous is not None:
            net.add_edge(previous, node, color="#a0aec0")
        previous = node
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return list(nodes), list(edges), json.loads(options)


def timeline_html(title: str, rows: Sequence[dict[str, Term | None]]) -> str:
    """A self-contained HTML page with one node per timeline row, placed by date.

    >>> page = timeline_html("Q's <accord>", [])
    >>> "<title>Q&#39;s &lt;accord&gt;</title>" in page, "<script src=" in page
    (True, False)
    """
    nodes, edges, options = _network(rows)
    return render(
        "timeline.html",
        title=title,
        nodes=nodes,
        edges=edges,
        options=options,
        vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"),
    )


def write_timeline(path: Path, title: str, rows: Sequence[dict[str, Term | None]]) -> Path:
    """Write the timeline page to `path` (its folder is created) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(timeline_html(title, rows), encoding="utf-8")
    return path
