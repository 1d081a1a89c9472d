"""Where a timeline's markers go: a linear day scale and rows packed so nothing overlaps.

Kept apart from the page's data (views/timeline_model.py) because it is the one piece with
geometry in it: a marker's x is its day (or the middle of the month or year its date
names, never the 1st), and each lane's markers, with their labels and spans, are packed
into rows in date order, so that two never share a spot at any zoom (the page scales
everything alike). Sizes are canvas units: one screen pixel at zoom 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from treatykg.views.safe import plain

if TYPE_CHECKING:
    from treatykg.graph.timeline_io import TimelineEvent

__all__ = [
    "FONT",
    "ROW_H",
    "Placed",
    "actor_layout",
    "day_number",
    "is_span",
    "layout",
    "node_label",
]

FONT = 13  # label font size
CHAR_W = 7.8  # about the widest average character at FONT of a common sans-serif (DejaVu)
BASE_WIDTH = 1100  # the whole range at zoom 1, when its events leave room
MAX_ROWS = 6  # a dense lane is widened until its events fit in about this many rows
MAX_PX_PER_DAY = 60.0
GAP = 14  # between two packed neighbours
ROW_H = 70  # a marker (up to 2 x 17) and a two-line label below it, with room to spare
ACTOR_ROW = 24  # an actor's box in its lane's column, left of the axis
ACTOR_COL = 200  # a column of actor boxes: room for a name of about 24 characters
ACTOR_TOP = 40  # below the lane's name and its first status strip

_EPOCH = date(1970, 1, 1)

Packed = list[tuple[list[int], list[int]]]  # per lane: its markers (indices) and their rows


@dataclass(frozen=True)
class Placed:
    """One marker: an event in one lane (an event with two actors has two in actor lanes)."""

    event: int  # index into the sorted events
    lane: int
    x: float  # the marker: the day, or the middle of the period the date names
    x0: float  # the period's first day (== x for a day)
    x1: float  # the day after its last day (== x for a day)
    left: float  # what the marker, its label and its span take up, with the gap
    right: float
    size: int


def day_number(day: date) -> int:
    """Days since 1970-01-01: the page turns them back into dates for its axis.

    >>> day_number(date(1970, 1, 2))
    1
    """
    return (day - _EPOCH).days


def is_span(event: TimelineEvent) -> bool:
    """Whether the event's date names a period (a month, a year) rather than a day."""
    return event.start is not None and event.end is not None and event.end > event.start


def node_label(event: TimelineEvent) -> str:
    """The marker's two lines: the date as its sources give it, then what happened."""
    when = event.label or (event.start.isoformat() if event.start else "undated")
    if is_span(event) and event.precision:
        when = f"{when} ({event.precision})"
    what = plain(event.type_label or event.type)
    if event.modality and event.modality != "actual":
        what = f"{what} ({event.modality})"
    return f"{when}\n{what}"


def _label_width(label: str) -> float:
    return max(len(line) for line in label.split("\n")) * CHAR_W + 8


def _size(sources: int) -> int:
    """Marker radius: more independent sources, a bigger marker (capped so rows stay even)."""
    return 7 + 2 * min(max(sources, 1), 5)


def _px_per_day(first: int, last: int, widths_per_lane: Iterable[float]) -> float:
    """A scale where the whole range is BASE_WIDTH wide, or wider when a lane's events would
    need more than MAX_ROWS rows to sit side by side."""
    need = max([BASE_WIDTH, *(w / MAX_ROWS for w in widths_per_lane)])
    return min(need / max(last - first, 30), MAX_PX_PER_DAY)


def _place(
    events: Sequence[TimelineEvent], lanes_of: Callable[[TimelineEvent], Iterable[int]],
    origin: int, ppd: float,
) -> list[Placed]:  # fmt: skip
    placed = []
    for i, e in enumerate(events):
        if e.start is None:
            continue
        x0 = (day_number(e.start) - origin) * ppd
        x1 = (day_number(e.end or e.start) + 1 - origin) * ppd if is_span(e) else x0
        x = (x0 + x1) / 2
        half = max(_label_width(node_label(e)), 2 * _size(e.sources)) / 2
        left, right = min(x0, x - half) - GAP / 2, max(x1, x + half) + GAP / 2
        for lane in lanes_of(e):
            placed.append(Placed(i, lane, x, x0, x1, left, right, _size(e.sources)))
    return placed


def _pack(placed: Sequence[Placed]) -> list[int]:
    """The row of each marker in one lane: the lowest row whose last occupant ends before it
    starts. Markers are taken in date order, so a crowded day reads top to bottom in the
    order the tables give; the same input gives the same rows."""
    order = sorted(range(len(placed)), key=lambda i: (placed[i].x, placed[i].left, i))
    ends: list[float] = []
    rows = [0] * len(placed)
    for i in order:
        row = next((r for r, end in enumerate(ends) if end <= placed[i].left), len(ends))
        if row == len(ends):
            ends.append(placed[i].right)
        else:
            ends[row] = placed[i].right
        rows[i] = row
    return rows


def layout(
    events: Sequence[TimelineEvent], lanes_of: Callable[[TimelineEvent], Iterable[int]],
    lane_count: int, first: int, last: int,
) -> tuple[float, list[Placed], Packed]:  # fmt: skip
    """The scale (canvas units per day), the markers, and each lane's markers with their rows.

    The first scale gives each lane room for its labels in about MAX_ROWS rows if its
    events were spread evenly; where they bunch (a busy year), the scale doubles while a
    lane still needs more than twice that many rows and the scale allows it.
    """
    widths: dict[int, float] = {}
    for p in _place(events, lanes_of, first, 1.0):
        widths[p.lane] = widths.get(p.lane, 0.0) + p.right - p.left - (p.x1 - p.x0)
    ppd = _px_per_day(first, last, widths.values())
    for _ in range(4):
        placed = _place(events, lanes_of, first, ppd)
        packed = []
        for lane in range(lane_count):
            mine = [i for i, p in enumerate(placed) if p.lane == lane]
            packed.append((mine, _pack([placed[i] for i in mine])))
        deepest = max((max(rows, default=0) + 1 for _, rows in packed), default=0)
        if deepest <= 2 * MAX_ROWS or ppd * 2 > MAX_PX_PER_DAY:
            break
        ppd *= 2
    return ppd, placed, packed


def actor_layout(
    markers: Sequence[tuple[int, int, Sequence[int]]],
    lanes: Sequence[tuple[float, float]],
    left: float,
) -> tuple[list[dict[str, object]], list[list[int]]]:
    """One node per lane and actor, in columns left of the axis (`left` is where the first
    marker's room starts), and a link [actor node, marker] for each marker and actor.

    Args:
        markers: (lane, marker index, actor indices) of each marker.
        lanes: Each lane's top and bottom (y).
        left: The leftmost x any marker, label or span takes.

    >>> nodes, links = actor_layout([(0, 0, [1, 0]), (0, 1, [1])], [(0.0, 100.0)], 0.0)
    >>> [n["id"] for n in nodes], links
    (['a0:0', 'a0:1'], [[1, 0], [0, 0], [1, 1]])
    """
    per_lane: dict[int, set[int]] = {}
    for lane, _, actors in markers:
        per_lane.setdefault(lane, set()).update(actors)
    nodes: list[dict[str, object]] = []
    where: dict[tuple[int, int], int] = {}
    for lane in sorted(per_lane):
        y0, y1 = lanes[lane]
        per_column = max(1, int((y1 - y0 - ACTOR_TOP) // ACTOR_ROW))
        for k, actor in enumerate(sorted(per_lane[lane])):
            column, row = divmod(k, per_column)
            where[lane, actor] = len(nodes)
            nodes.append({
                "id": f"a{lane}:{actor}", "lane": lane, "actor": actor,
                "x": round(left - ACTOR_COL / 2 - column * ACTOR_COL, 2),
                "y": round(y0 + ACTOR_TOP + row * ACTOR_ROW, 2),
            })  # fmt: skip
    links = [[where[lane, a], node] for lane, node, actors in markers for a in actors]
    return nodes, links
