"""The interactive timeline: one self-contained HTML page, and an object a notebook shows inline.

The layout comes from views/timeline_model.py (plain data, placed in Python); this module
turns it into a page through our template (views/templates/timeline.html, which extends
base.html) with vis-network and views/static/timeline.js inlined. pyvis's own page writers
are never called: they load Bootstrap from a CDN, print the heading twice and do not escape
it (see the research note on issue 10). Nothing here reads the clock, so the same store
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from treatykg.graph.status_lookup import named_periods
from treatykg.views.assets import Page, back_link, page
from treatykg.views.timeline_model import LaneBy, StatusPeriod, timeline_model

if TYPE_CHECKING:
    from treatykg.graph.store import TreatyStore
    from treatykg.graph.timeline_io import TimelineEvent

__all__ = ["TimelineView", "status_periods"]


class TimelineView(Page):
    """A timeline page: `.html()` for the text, `.write(path)` for a file, and shown inline
    by Jupyter (see views.assets.Page). `.model` is the data the page draws, for tests and
    notebooks.

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
        """How many events the page draws on its axis: each once, however many actor lanes
        show it (an undated event is listed, not drawn)."""
        nodes = self.model["nodes"]
        return len({n["event"] for n in nodes}) if isinstance(nodes, list) else 0

    def html(self, *, back: str | None = None) -> str:
        """The page: vis-network, our script and style and the model, all inlined; `back`
        links the header to the folder's index."""
        return page(
            "timeline.html",
            title=str(self.model["title"]),
            note=str(self.model.get("note") or ""),
            back=back_link(back),
            model=self.model,
            scripts=["timeline.js"],
            styles=["timeline.css"],
        )


def status_periods(store: TreatyStore, treaties: Iterable[str]) -> list[StatusPeriod]:
    """The status periods of each treaty (by IRI), parties named as `treatykg status` names
    them (graph.status_lookup.named_periods), to draw as bands."""
    return [
        StatusPeriod(p.treaty, p.party, p.code, p.label, p.start, p.end)
        for treaty in sorted(set(treaties))
        for p in named_periods(store, treaty)
    ]
