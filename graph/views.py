"""HTML views with pyvis. For now one crude timeline: rows placed left to right by date.

The interactive timeline (time axis, evidence on click) is a later issue; this view is
already offline (pyvis's JavaScript inlined, its CDN links removed) and deterministic.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from treatykg.graph.terms import Term

__all__ = ["timeline_html", "write_timeline"]

_CDN_TAG = re.compile(
    r"<(?:link|script)[^>]+(?:cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)[^>]*>(?:\s*</script>)?"
)
_COLORS = {"knowledge base": "#2b6cb0", "article": "#dd6b20"}
_PX_PER_YEAR = 120


def _day(value: Term | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:
        return None


def timeline_html(title: str, rows: Sequence[dict[str, Term | None]]) -> str:
    """A self-contained HTML page with one node per timeline row, placed by date."""
    from pyvis.network import Network

    net = Network(
        height="640px", width="100%", directed=True, cdn_resources="in_line", heading=title
    )
    net.toggle_physics(False)
    dated = [(d, row) for row in rows if (d := _day(row.get("date"))) is not None]
    if not dated:
        net.add_node("empty", label="no dated facts", x=0, y=0)
    first = dated[0][0] if dated else date.today()
    lane: dict[int, int] = {}
    previous = None
    for index, (day, row) in enumerate(dated):
        x = round((day - first).days / 365.25 * _PX_PER_YEAR)
        slot = lane.get(x // 40, 0)
        lane[x // 40] = slot + 1
        kind = str(row.get("kind") or "")
        label = f"{day.isoformat()}\n{row.get('what') or ''}"
        tip = " | ".join(str(row[k]) for k in ("what", "actors", "detail", "source") if row.get(k))
        node = f"n{index}"
        net.add_node(
            node,
            label=label,
            title=html.escape(tip),
            x=x,
            y=slot * 70 - 140,
            color=_COLORS.get(kind, "#718096"),
            shape="box",
        )
        if previous is not None:
            net.add_edge(previous, node, color="#a0aec0")
        previous = node
    page: str = net.generate_html(notebook=False)
    return _CDN_TAG.sub("", page)


def write_timeline(path: Path, title: str, rows: Sequence[dict[str, Term | None]]) -> Path:
    """Write the timeline page to `path` (its folder is created) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(timeline_html(title, rows), encoding="utf-8")
    return path
