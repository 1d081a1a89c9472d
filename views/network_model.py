"""What the actor network page draws, as JSON-ready data: actors placed, coloured, sized; ties with their events.

The page's script only draws and filters this model; every choice a reader could want
reproduced is made here, in Python, from the networkx graph `TreatyKG.network(metrics=True)`
returns: positions (a seeded spring layout, so the same store gives the same page, byte for
byte), colours by community, sizes by PageRank, widths by shared events. pyvis's own
`from_nx` is not used: it rewrites the caller's graph (every node gets `size`, every edge
loses `weight`), and it keeps no per-edge event list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from treatykg.graph.network import SEED, NetworkEvent
from treatykg.views.safe import plain

from treatykg.errors import ViewError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["COMMUNITY_COLOURS", "KINDS", "MAX_ACTORS", "edge_width", "layout", "network_model"]

# Tableau's ten, less its grey: communities past the ninth share OTHER_COLOUR (the legend says so).
COMMUNITY_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
)  # fmt: skip
OTHER_COLOUR = "#cbd5e0"
# The actor's class (graph.actors) -> what the legend calls it and the vis-network shape.
KINDS: dict[str, tuple[str, str]] = {
    "State": ("state", "square"),
    "Person": ("person", "dot"),
    "Legislature": ("body", "triangle"),
    "GovernmentBody": ("body", "triangle"),
    "InternationalOrganization": ("body", "triangle"),
    "NewsAgency": ("body", "triangle"),
    "Organization": ("body", "triangle"),
}
_OTHER_KIND = ("other", "diamond")
_LEGEND_KINDS = (("state", "square", "state"), ("body", "triangle", "body or organization"),
                 ("person", "dot", "person"), ("other", "diamond", "other"))  # fmt: skip
_MIN_SIZE, _MAX_SIZE = 10.0, 40.0  # px radius of the least and the most central actor
_SPACING = 160.0  # px per actor along the side of the square the layout fills, roughly
_LABEL_GAP, _LABEL_HEIGHT = 12.0, 26.0  # px kept between two labels; one line of a label
_SEPARATION_ROUNDS = 60
# The page draws at most this many actors, the most central by PageRank: a force layout
# costs the square of the actors per step (networkx's spring layout, numpy alone, as SciPy
# is no dependency of ours and networkx needs it from 500 nodes), and a reader cannot
# follow thousands of nodes anyway. Above this, `network_model` keeps the top ones.
MAX_ACTORS = 400
_ITERATION_BUDGET = 8_000_000  # spring-layout steps x actors squared, about two seconds


def edge_width(events: int) -> float:
    """A tie's line width: one shared event draws 1 px, each doubling two more.

    The page recomputes it with the same formula when a filter leaves fewer events.

    >>> [edge_width(n) for n in (1, 2, 4, 16)]
    [1.0, 3.0, 5.0, 9.0]
    """
    return round(1.0 + 2.0 * math.log2(max(events, 1)), 2)


def layout(graph: nx.Graph, sizes: Mapping[str, float] | None = None) -> dict[str, tuple[int, int]]:
    """Where each actor sits, in canvas px: each group of connected actors laid out by a
    force-directed layout with a fixed seed, the groups packed in rows, largest first. The
    same network is always drawn the same way (the page turns physics off), and a few
    outliers do not squeeze the main group into a corner, as one layout of all would.
    Actors whose shapes (`sizes`: radius in px) or labels would overlap are pushed apart.

    >>> import networkx as nx
    >>> graph = nx.path_graph(["a", "b", "c"])
    >>> graph.add_node("d")
    >>> places = layout(graph)
    >>> places == layout(graph.copy()), places["d"][0] > max(places[n][0] for n in "abc")
    (True, True)
    """
    import networkx as nx

    groups = sorted(
        (sorted(map(str, c)) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    extents = {
        str(n): (float((sizes or {}).get(str(n), _MIN_SIZE)), _label_half_width(d.get("label", n)))
        for n, d in graph.nodes(data=True)
    }
    boxes = [_group_layout(graph.subgraph(group), extents) for group in groups]
    area = sum((w + _SPACING) * (h + _SPACING) for _, w, h in boxes)
    row_limit = max([math.sqrt(area) * 1.3, *(w for _, w, _ in boxes)])
    places: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for local, w, h in boxes:
        if x > 0 and x + w > row_limit:
            x, y, row_height = 0.0, y + row_height + _SPACING, 0.0
        for node, (lx, ly) in local.items():
            places[node] = (round(x + lx), round(y + ly))
        x += w + _SPACING
        row_height = max(row_height, h)
    return places


def _label_half_width(label: object) -> float:
    """Half a label's width in px at the page's 14 px font, roughly (its average glyph)."""
    return min(4.2 * len(str(label)), 160.0)


def _group_layout(
    group: nx.Graph, extents: Mapping[str, tuple[float, float]]
) -> tuple[dict[str, tuple[float, float]], float, float]:
    """One connected group laid out from (0, 0), with its width and height."""
    import networkx as nx
    import numpy as np

    names = [str(n) for n in group]
    if len(names) == 1:
        return {names[0]: (0.0, 0.0)}, 0.0, 0.0
    steps = max(30, min(100, _ITERATION_BUDGET // len(names) ** 2))
    found = nx.spring_layout(group, weight="weight", seed=SEED, iterations=steps)
    points = np.array([found[n] for n in group], dtype=np.float64)
    span = float(np.ptp(points, axis=0).max()) or 1.0
    radius = np.array([extents[n][0] for n in names])
    half_width = np.array([extents[n][1] for n in names])
    points = _separate(points * (_SPACING * math.sqrt(len(names)) / span), radius, half_width)
    points -= points.min(axis=0)
    width, height = (float(v) for v in points.max(axis=0))
    return {n: (float(x), float(y)) for n, (x, y) in zip(names, points, strict=True)}, width, height


def _separate(points: Any, radius: Any, half_width: Any) -> Any:
    """Push apart actors whose boxes (the shape with its label under it) overlap: each such
    pair moves apart along the axis where they overlap least, a few rounds, all pairs at
    once, so the outcome depends on the points alone."""
    import numpy as np

    reach_x = np.maximum(
        half_width[:, None] + half_width[None, :], radius[:, None] + radius[None, :]
    )
    reach_x = reach_x + _LABEL_GAP
    reach_y = radius[:, None] + radius[None, :] + _LABEL_HEIGHT
    moved = points + np.arange(len(points))[:, None] * np.array([1e-3, 2e-3])  # no two alike
    for _ in range(_SEPARATION_ROUNDS):
        gap = moved[:, None, :] - moved[None, :, :]
        over_x = reach_x - np.abs(gap[..., 0])
        over_y = reach_y - np.abs(gap[..., 1])
        close = (over_x > 0) & (over_y > 0)
        np.fill_diagonal(close, False)  # an actor is not near itself
        if not close.any():
            break
        sideways = close & (over_x / reach_x <= over_y / reach_y)
        upright = close & ~sideways
        # Each of the two takes half the overlap, and half again so that crowds settle.
        moved[:, 0] += np.where(sideways, np.sign(gap[..., 0]) * over_x, 0.0).sum(axis=1) * 0.25
        moved[:, 1] += np.where(upright, np.sign(gap[..., 1]) * over_y, 0.0).sum(axis=1) * 0.25
    return moved


def _colour(community: int) -> str:
    return (
        COMMUNITY_COLOURS[community - 1]
        if 0 < community <= len(COMMUNITY_COLOURS)
        else OTHER_COLOUR
    )


def _size(pagerank: float, top: float) -> float:
    """Radius by PageRank, on a square-root scale (area follows rank)."""
    share = math.sqrt(pagerank / top) if top > 0 else 0.0
    return round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * share, 1)


def _node(
    actor: str, data: Mapping[str, Any], where: tuple[int, int], top: float
) -> dict[str, Any]:
    kind, shape = KINDS.get(str(data.get("kind")), _OTHER_KIND)
    label = plain(data.get("label", actor))
    community = int(data.get("community", 0))
    events = int(data.get("events", 0))
    return {
        "id": actor,
        "label": label,
        "kind": kind,
        "shape": shape,
        "community": community,
        "color": _colour(community),
        "size": _size(float(data.get("pagerank", 0.0)), top),
        "x": where[0],
        "y": where[1],
        "pagerank": round(float(data.get("pagerank", 0.0)), 6),
        "betweenness": round(float(data.get("betweenness", 0.0)), 6),
        "degree": int(data.get("degree", 0)),
        "strength": int(data.get("strength", 0)),
        "events": events,
        "first": plain(data.get("first", "")),
        "last": plain(data.get("last", "")),
        # vis-network shows a string title as text (innerText), so it stays unescaped here.
        "title": f"{label}\n{kind} · community {community}\n{events} event{'' if events == 1 else 's'}",
    }


def _edge(
    n: int, first: str, second: str, data: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, Any]:
    weight = int(data.get("weight", 1))
    shared = f"{weight} shared event{'' if weight == 1 else 's'}"
    return {
        "id": f"e{n}",
        "from": first,
        "to": second,
        "weight": weight,
        "width": edge_width(weight),
        "events": list(data.get("events", ())),
        "title": f"{names[first]} – {names[second]}\n{shared}",
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _event(event: NetworkEvent) -> dict[str, Any]:
    return {
        "type": event.type,
        "type_label": plain(event.type_label),
        "modality": event.modality,
        "date": event.date_label,
        "start": _iso(event.start),
        "end": _iso(event.end),
        # Years the year filter compares: the event counts when both lie in the range chosen.
        "y0": event.start.year if event.start else None,
        "y1": event.end.year if event.end else None,
        "treaty": event.treaty,
        "treaty_label": plain(event.treaty_label),
    }


def _communities(nodes: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The legend's communities: colour, size, and the most central member to name it by."""
    members: dict[int, list[Mapping[str, Any]]] = {}
    for node in nodes:
        members.setdefault(int(node["community"]), []).append(node)
    shown = sorted(c for c in members if 0 < c <= len(COMMUNITY_COLOURS))
    legend = []
    for community in shown:
        leader = min(
            members[community], key=lambda n: (-n["pagerank"], n["label"].casefold(), n["id"])
        )
        legend.append({"community": community, "color": _colour(community), "actors": len(members[community]),
                       "leader": leader["label"]})  # fmt: skip
    rest = sum(len(group) for c, group in members.items() if c not in shown)
    if rest:
        legend.append({"community": 0, "color": OTHER_COLOUR, "actors": rest, "leader": ""})
    return legend


def _most_central(graph: nx.Graph, count: int) -> list[str]:
    ranked = sorted(
        graph.nodes(data=True),
        key=lambda n: (-float(n[1].get("pagerank", 0.0)), str(n[1].get("label", "")), str(n[0])),
    )
    return [str(node) for node, _ in ranked[:count]]


def network_model(
    graph: nx.Graph,
    events: Iterable[NetworkEvent],
    *,
    title: str,
    scope: Mapping[str, Any],
    max_actors: int = MAX_ACTORS,
) -> dict[str, Any]:
    """The page's data: nodes, edges, the events behind them, filter choices and legend.

    Args:
        graph: An actors network whose nodes carry metrics (`network(metrics=True)`).
        events: The events its edges name (every key of every edge's `events`).
        title: The page's heading.
        scope: What was asked, for the heading's note: `treaties` (names), `from`, `to`
            (ISO days or None) and `by_state`.
        max_actors: Draw only this many actors, the most central by PageRank (their
            metrics stay those of the whole network); `actors` in the model says how many
            there were.

    Returns:
        JSON-ready data (strings, numbers, lists), sorted so the same graph gives the same
        bytes.

    Raises:
        ViewError: an edge names an event not in `events` (the caller's mistake, told
            as ours are, so the CLI prints one line).
    """
    total = len(graph)
    if total > max_actors:
        graph = graph.subgraph(_most_central(graph, max_actors))
    top = max((float(d.get("pagerank", 0.0)) for _, d in graph.nodes(data=True)), default=0.0)
    sizes = {str(a): _size(float(d.get("pagerank", 0.0)), top) for a, d in graph.nodes(data=True)}
    places = layout(graph, sizes)
    nodes = [_node(str(a), d, places[str(a)], top) for a, d in sorted(graph.nodes(data=True))]
    names = {n["id"]: n["label"] for n in nodes}
    ties = sorted(
        (min(str(u), str(v)), max(str(u), str(v)), d) for u, v, d in graph.edges(data=True)
    )
    edges = [_edge(n, u, v, d, names) for n, (u, v, d) in enumerate(ties)]
    named = {k for edge in edges for k in edge["events"]}
    by_key = {e.key: _event(e) for e in events if e.key in named}
    missing = sorted(named - by_key.keys())
    if missing:
        raise ViewError(
            f"the network's ties name events not given to the page: {', '.join(missing[:5])};"
            " pass every event behind the graph's edges"
        )
    years = sorted({y for e in by_key.values() for y in (e["y0"], e["y1"]) if y is not None})
    treaties = sorted({(e["treaty_label"], e["treaty"]) for e in by_key.values() if e["treaty"]})
    return {
        "title": plain(title),
        "scope": dict(scope),
        "nodes": nodes,
        "edges": edges,
        "actors": total,
        "events": by_key,
        "years": [years[0], years[-1]] if years else None,
        "undated": sum(1 for e in by_key.values() if e["y0"] is None),
        "treaties": [[iri, label] for label, iri in treaties],
        "communities": _communities(nodes),
        "kinds": [{"kind": k, "shape": s, "label": label} for k, s, label in _LEGEND_KINDS],
    }
