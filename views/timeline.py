"""The interactive timeline: one self-contained HTML page, and an object a notebook shows inline.

The layout comes from views/timeline_model.py (plain data, placed in Python); this module
turns it into a page through our template (views/templates/timeline.html, which extends
base.html) with vis-network and views/static/timeline.js inlined. pyvis's own page writers
are never called: they load Bootstrap from a CDN, print the heading twice and do not escape
it (see the research note on issue 10). Nothing here reads the clock, so the same store
gives the same bytes.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from treatykg.views.assets import page, write_page
from treatykg.views.timeline_model import LaneBy, StatusPeriod, timeline_model

if TYPE_CHECKING:
    from treatykg.graph.store import TreatyStore
    from treatykg.graph.timeline_io import TimelineEvent

__all__ = ["TimelineView", "status_periods"]

_FRAME_HEIGHT = 720  # px of a notebook cell's frame


class TimelineView:
    """A timeline page: `.html()` for the text, `.write(path)` for a file, and shown inline
    by Jupyter (`_repr_html_`, a sandboxed `srcdoc` frame: VS Code and Colab refuse a frame
    that loads a local file). `.model` is the data the page draws, for tests and notebooks.

    >>> view = TimelineView.build("Empty: timeline", [])
    >>> view.model["nodes"], "<title>Empty: timeline</title>" in view.html()
    ([], True)
    """

    def __init__(self, model: dict[str, object]) -> None:
        self.model = model

    @classmethod
    def build(
        cls,
        title: str,
        events: Iterable[TimelineEvent],
        periods: Sequence[StatusPeriod] = (),
        *,
        treaties: Sequence[tuple[str, str]] = (),
        lanes: LaneBy = "treaty",
        note: str = "",
    ) -> TimelineView:
        """The view of `events` with the status bands of `periods` (see `timeline_model`)."""
        model = timeline_model(title, events, periods, treaties=treaties, lanes=lanes, note=note)
        return cls(model)

    @property
    def drawn(self) -> int:
        """How many event markers the page draws (an undated event is listed, not drawn)."""
        nodes = self.model["nodes"]
        return len(nodes) if isinstance(nodes, list) else 0

    def html(self) -> str:
        """The page: vis-network, our script and style and the model, all inlined."""
        return page(
            "timeline.html",
            title=str(self.model["title"]),
            note=str(self.model.get("note") or ""),
            model=self.model,
            scripts=["timeline.js"],
            styles=["timeline.css"],
        )

    def write(self, path: str | Path) -> Path:
        """Write the page to `path` whole (its folder is created) and return the path."""
        return write_page(path, self.html())

    def _repr_html_(self) -> str:
        page_text = html_lib.escape(self.html(), quote=True)
        return (
            f'<iframe srcdoc="{page_text}" sandbox="allow-scripts" '
            f'style="width:100%;height:{_FRAME_HEIGHT}px;border:0"></iframe>'
        )


def status_periods(store: TreatyStore, treaties: Iterable[str]) -> list[StatusPeriod]:
    """The status periods of each treaty (by IRI), parties named, to draw as bands."""
    from treatykg.graph.status import load_rules
    from treatykg.graph.status_lookup import labels
    from treatykg.graph.status_rdf import treaty_periods

    rules = load_rules()
    found = []
    for treaty in sorted(set(treaties)):
        periods = treaty_periods(store, treaty)
        names = labels(store, periods)
        for p in periods:
            whole = rules.other_parties if p.others else rules.all_parties
            party = (names.get(p.party) or p.party) if p.party else whole
            label = rules.labels.get(p.status, p.status)
            found.append(StatusPeriod(treaty, party, p.status, label, p.start, p.end))
    return found
