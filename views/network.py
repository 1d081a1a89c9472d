"""The actor network: one self-contained HTML page, and an object a notebook shows inline.

Who acts with whom: states, bodies and people as nodes coloured by community and sized
by PageRank, ties as wide as the events the two share. The data and its layout come from
views/network_model.py; this module renders them through views/templates/network.html
with vis-network and views/static/network.js inlined, and never through pyvis's own page
writers (they load Bootstrap from a CDN and do not escape the heading). Nothing here reads
the clock or draws random numbers unseeded, so the same store gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from treatykg.views.assets import Page, back_link, page
from treatykg.views.network_model import MAX_ACTORS, network_model

if TYPE_CHECKING:
    import networkx as nx
    from treatykg.graph.network import NetworkEvent

__all__ = ["NetworkView", "title_of"]


def title_of(scope: Mapping[str, Any]) -> str:
    """The page's heading: what the network counts.

    >>> title_of({"treaties": ["New START"], "from": "2020-01-01", "to": None, "by_state": True})
    'Actor network (states): New START, from 2020-01-01'
    """
    head = "Actor network (states)" if scope.get("by_state") else "Actor network"
    parts = [", ".join(scope.get("treaties") or ())]
    if scope.get("from") and scope.get("to"):
        parts.append(f"{scope['from']} to {scope['to']}")
    elif scope.get("from"):
        parts.append(f"from {scope['from']}")
    elif scope.get("to"):
        parts.append(f"up to {scope['to']}")
    said = ", ".join(p for p in parts if p)
    return f"{head}: {said}" if said else head


class NetworkView(Page):
    """An actor network page: `.html()` for the text, `.write(path)` for a file, and shown
    inline by Jupyter (see views.assets.Page). `.model` is the data the page draws.

    >>> import networkx as nx
    >>> view = NetworkView.build(nx.Graph(), [], scope={})
    >>> view.model["nodes"], "<title>Actor network</title>" in view.html()
    ([], True)
    """

    def __init__(self, model: dict[str, Any]) -> None:
        self.model = model

    @classmethod
    def build(
        cls,
        graph: nx.Graph,
        events: Iterable[NetworkEvent],
        *,
        scope: Mapping[str, Any],
        max_actors: int = MAX_ACTORS,
    ) -> NetworkView:
        """The view of an actors network with metrics on its nodes and the events its
        edges name (see `network_model`); `scope` says what was asked, for the heading."""
        model = network_model(
            graph, events, title=title_of(scope), scope=scope, max_actors=max_actors
        )
        return cls(model)

    def html(self, *, back: str | None = None) -> str:
        """The page: vis-network, our script and style and the model, all inlined; `back`
        links the header to the folder's index."""
        return page(
            "network.html",
            title=str(self.model["title"]),
            back=back_link(back),
            model=self.model,
            scripts=["network.js"],
            styles=["network.css"],
            drawn=len(self.model["nodes"]),
            actors=self.model["actors"],
        )
