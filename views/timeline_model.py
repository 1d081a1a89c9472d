"""The timeline page's data: where each event, lane and status band sits, as plain JSON types.

Everything the page draws is placed here, in Python, so the same store gives the same bytes
and a test can check the layout without a browser: x is a linear day scale, each lane (a
treaty, or an actor) stacks its events in rows so that no two markers or labels overlap,
and an event known only to its month or year is a span with its marker in the middle,
never on the 1st. The page's script only draws, filters and zooms.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from treatykg.graph.dates import date_sort_key
from treatykg.graph.status_records import load_rules
from treatykg.views.safe import plain
from treatykg.views.timeline_layout import (
    FONT,
    ROW_H,
    Placed,
    actor_layout,
    day_number,
    layout,
)
from treatykg.views.timeline_records import Indexes, article_table, event_record, reports_in_full

if TYPE_CHECKING:
    from treatykg.graph.timeline_io import TimelineEvent

__all__ = [
    "EVENT_STYLES",
    "STATUS_COLOURS",
    "LaneBy",
    "StatusPeriod",
    "timeline_model",
]

LaneBy = Literal["treaty", "actor"]


@cache
def _styles() -> dict[str, Any]:
    """views/styles.toml, read once: how each event type and each status is drawn."""
    text = (files("treatykg.views") / "styles.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


# Event type notation -> (vis-network shape, colour); status notation -> band colour.
EVENT_STYLES: dict[str, tuple[str, str]] = {
    name: (style["shape"], style["colour"]) for name, style in _styles()["event"].items()
}
_OTHER_STYLE = EVENT_STYLES["other"]
STATUS_COLOURS: dict[str, str] = dict(_styles()["status"])
_OTHER_STATUS = "#E2E8F0"

# Types whose consecutive steps in one treaty are joined by an edge: the lifecycle the
# status rules read (the same as the lifecycle DAG's), declared once in status_rules.toml.
LIFECYCLE = load_rules().lifecycle_types
_CHAINED_MODALITIES = frozenset({"actual", "scheduled"})

# Lane geometry, in canvas units (1 unit = 1 screen pixel at zoom 1).
LANE_HEADER = 26  # the lane's name
BAND_H = 14  # one party's status strip
BAND_GAP = 3
LANE_GAP = 24
CLUSTER_MIN = 150  # from this many events on, a zoomed-out page draws one node per lane-year


@dataclass(frozen=True)
class StatusPeriod:
    """One stretch of one party's status under a treaty, to draw as a band behind its lane.

    `end` is exclusive and None while the status lasts (the page draws it to the right edge:
    the page must not depend on the day it was written).
    """

    treaty: str  # the treaty's IRI: its lane's key
    party: str  # "all parties", "Russia"
    code: str  # status notation: in_force, suspended, ...
    label: str  # "in force", "participation suspended"
    start: date
    end: date | None


@dataclass(frozen=True)
class _Lane:
    key: str
    label: str


def _lanes_of(
    events: Sequence[TimelineEvent], treaties: Sequence[tuple[str, str]], by: LaneBy
) -> list[_Lane]:
    """The lanes, by name: the treaties asked for (with events or not) and those of the
    dated events, or the dated events' actors; an event with none gets a lane saying so.
    An undated event is listed under the axis, never placed: it alone makes no lane."""
    found: dict[str, str] = {}
    events = [e for e in events if e.start is not None]
    if by == "treaty":
        found.update({iri: plain(name) for iri, name in treaties})
        for e in events:
            found.setdefault(e.treaty or "", plain(e.treaty_label or e.treaty or "no treaty named"))
    else:
        for e in events:
            for iri, name in e.actors or (("", "no actor named"),):
                found.setdefault(iri, plain(name))
    return [_Lane(k, v) for k, v in sorted(found.items(), key=lambda kv: (kv[1].casefold(), kv[0]))]


def _lane_keys(event: TimelineEvent, by: LaneBy) -> list[str]:
    if by == "treaty":
        return [event.treaty or ""]
    return [iri for iri, _ in event.actors] or [""]


def _r(value: float) -> float:
    return round(value, 2)


def _table(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """(IRI, name) pairs once each, by name: the page's actor or treaty table."""
    found = dict(sorted(pairs))
    return [
        [iri, plain(name)]
        for iri, name in sorted(found.items(), key=lambda kv: (plain(kv[1]).casefold(), kv[0]))
    ]


def _sorted(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    return sorted(
        events, key=lambda e: (date_sort_key(e.start, e.precision), e.type, e.treaty or "", e.key)
    )


def _day_range(events: Sequence[TimelineEvent], periods: Sequence[StatusPeriod]) -> tuple[int, int]:
    days = [day_number(d) for e in events for d in (e.start, e.end) if d is not None]
    days += [day_number(d) for p in periods for d in (p.start, p.end) if d is not None]
    return (min(days), max(days)) if days else (day_number(date(2000, 1, 1)),) * 2


def _bands(
    lane: _Lane, periods: Sequence[StatusPeriod], origin: int, ppd: float
) -> list[dict[str, object]]:
    """One strip per party, "all parties" first, each a list of coloured periods."""
    mine = [p for p in periods if p.treaty == lane.key]
    parties = sorted(
        {p.party for p in mine}, key=lambda n: (not n.endswith("parties"), n.casefold())
    )
    return [
        {
            "party": plain(party),
            "periods": [
                {
                    "code": p.code,
                    "label": plain(p.label),
                    "from": p.start.isoformat(),
                    "until": p.end.isoformat() if p.end else None,
                    "x0": _r((day_number(p.start) - origin) * ppd),
                    "x1": _r((day_number(p.end) - origin) * ppd) if p.end else None,
                }
                for p in sorted(
                    (p for p in mine if p.party == party),
                    key=lambda p: (p.start, p.end or date.max),
                )
            ],
        }
        for party in parties
    ]


def _edges(events: Sequence[TimelineEvent], placed: Sequence[Placed]) -> list[dict[str, object]]:
    """Consecutive lifecycle steps of each treaty, joined in date order (in its own lane)."""
    by_treaty: dict[str, list[int]] = {}
    for node, p in enumerate(placed):
        e = events[p.event]
        if e.treaty and e.type in LIFECYCLE and e.modality in _CHAINED_MODALITIES:
            by_treaty.setdefault(f"{e.treaty}|{p.lane}", []).append(node)
    edges = []
    for key in sorted(by_treaty):
        chain = by_treaty[key]  # placements follow the events' date order
        for a, b in pairwise(chain):
            scheduled = events[placed[b].event].modality != "actual"
            edges.append({"from": f"n{a}", "to": f"n{b}", "dashes": scheduled})
    return [{"id": f"l{i}", **edge} for i, edge in enumerate(edges)]


def timeline_model(
    title: str,
    events: Iterable[TimelineEvent],
    periods: Sequence[StatusPeriod] = (),
    *,
    treaties: Sequence[tuple[str, str]] = (),
    lanes: LaneBy = "treaty",
    note: str = "",
) -> dict[str, object]:
    """The page's data: lanes with their status bands, one node per event per lane, lifecycle
    edges, an actor node per lane and actor with a link to each of its markers (drawn when
    the reader asks), the legend and the scale, all JSON types and sorted.

    Args:
        title: The page's heading.
        events: The events to draw; undated ones are listed, not placed.
        periods: Status periods of the lanes' treaties (ignored for actor lanes).
        treaties: (IRI, label) of treaties that get a lane even with no event.
        lanes: One lane per treaty, or per actor (an event then sits in each actor's lane).
        note: What the events were chosen by, said under the heading ("only suspension").

    >>> timeline_model("T", [])["nodes"]
    []
    """
    ordered = _sorted(events)
    lane_list = _lanes_of(ordered, treaties, lanes)
    first, last = _day_range(ordered, periods if lanes == "treaty" else ())
    index = {lane.key: i for i, lane in enumerate(lane_list)}
    ppd, placed, packed = layout(
        ordered, lambda e: [index[k] for k in _lane_keys(e, lanes)], len(lane_list), first, last
    )
    nodes: list[dict[str, object]] = []
    lane_rows: list[dict[str, object]] = []
    extents: list[tuple[float, float]] = []  # each lane's top and bottom
    y = 0.0
    for li, lane in enumerate(lane_list):
        mine, rows = packed[li]
        bands = _bands(lane, periods, first, ppd) if lanes == "treaty" else []
        top_rows = y + LANE_HEADER + len(bands) * (BAND_H + BAND_GAP) + 8
        for i, row in zip(mine, rows, strict=True):
            p = placed[i]
            nodes.append(
                {
                    "id": f"n{i}",
                    "event": p.event,
                    "lane": li,
                    "row": row,
                    "size": p.size,
                    "x": _r(p.x),
                    "x0": _r(p.x0),
                    "x1": _r(p.x1),
                    "y": _r(top_rows + row * ROW_H + 18),
                }
            )
        bottom = top_rows + max(rows, default=-1) * ROW_H + ROW_H + 2
        extents.append((_r(y), _r(bottom)))
        lane_rows.append(
            {
                "key": lane.key,
                "label": lane.label,
                "y0": _r(y),
                "y1": _r(bottom),
                "bands_y": _r(y + LANE_HEADER),
                "rows": max(rows, default=-1) + 1,
                "bands": bands,
            }
        )
        y = bottom + LANE_GAP
    nodes.sort(key=lambda n: int(str(n["id"])[1:]))
    actors = _table((iri, name) for e in ordered for iri, name in e.actors)
    treaties_table = _table((e.treaty, e.treaty_label or e.treaty) for e in ordered if e.treaty)
    full = reports_in_full(len(ordered))
    articles, article_index = article_table(ordered, full)
    at = Indexes(
        {iri: i for i, (iri, _) in enumerate(actors)},
        {iri: i for i, (iri, _) in enumerate(treaties_table)},
        article_index,
        full,
    )
    actor_nodes, actor_links = actor_layout(
        [(p.lane, node, [at.actors[iri] for iri, _ in ordered[p.event].actors])
         for node, p in enumerate(placed)],
        extents,
        min((p.left for p in placed), default=0.0),
    )  # fmt: skip
    used_types = sorted({e.type for e in ordered})
    used_codes = sorted({p.code for p in periods}) if lanes == "treaty" else []
    return {
        "title": title,
        "note": note,
        "lanes_by": lanes,
        "origin_day": first,
        "last_day": last,
        "px_per_day": ppd,
        "font": FONT,
        "band_h": BAND_H,
        "band_gap": BAND_GAP,
        "cluster_min": CLUSTER_MIN,
        "actors": actors,
        "treaties": treaties_table,
        "articles": articles,
        "events": [event_record(e, at) for e in ordered],
        "nodes": nodes,
        "edges": _edges(ordered, placed),
        "actor_nodes": actor_nodes,
        "actor_links": actor_links,
        "lanes": lane_rows,
        "undated": [i for i, e in enumerate(ordered) if e.start is None],
        "legend": {
            "types": [
                {
                    "type": t,
                    "label": next(plain(e.type_label) for e in ordered if e.type == t),
                    "shape": EVENT_STYLES.get(t, _OTHER_STYLE)[0],
                    "color": EVENT_STYLES.get(t, _OTHER_STYLE)[1],
                }
                for t in used_types
            ],
            "statuses": [
                {
                    "code": c,
                    "color": STATUS_COLOURS.get(c, _OTHER_STATUS),
                    "label": next(plain(p.label) for p in periods if p.code == c),
                }
                for c in used_codes
            ],
        },
    }
