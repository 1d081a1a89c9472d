"""Charts for analysts (`from treatykg import charts`): matplotlib figures drawn from the
frames the public API returns
(`status`, `statements`, `relations_activity`, `network`).

Each function takes a frame or graph and returns a `matplotlib.figure.Figure` built without
pyplot, so nothing is left in a global figure list and a notebook shows the figure once
(after `%matplotlib inline`) or saves it with `fig.savefig`. Dates are drawn at the
precision their sources give: a status that began "in 2023" is hatched across that year, a
remark dated to a year is counted over the whole year rather than in one month of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# What a status code is drawn as: the colours carry meaning an analyst reads at a glance
# (green in force, amber suspended, red withdrawn or ended, grey not yet binding).
STATUS_COLOURS: Mapping[str, str] = {
    "in_force": "#2e7d32",
    "provisional": "#81c784",
    "signed": "#90a4ae",
    "not_in_force": "#b0bec5",
    "suspended": "#f9a825",
    "withdrawn": "#c62828",
    "terminated": "#6d1b1b",
    "expired": "#5d4037",
}
_OTHER_COLOUR = "#7e57c2"
# Precisions coarser than a month, and the span each covers: a date at one of them is
# drawn over its whole span, never as if it were its first day.
_COARSE = {"year": 12, "decade": 120}


def status_gantt(
    frame: pd.DataFrame, *, today: date | None = None, title: str | None = None
) -> Figure:
    """One row per party, one bar per status period (from `TreatyKG.status`), coloured by
    status; a period still lasting runs to `today` with an open end, and a start known
    only to the year (or decade) is hatched across it.

    Raises:
        ValueError: the frame has no periods (the treaty has no status on record).
    """
    import pandas as pd

    if frame.empty:
        raise ValueError("no status periods to draw: the frame is empty")
    end_of_chart = pd.Timestamp(today or date.today())
    parties = list(dict.fromkeys(frame["party"]))
    figure, axes = _figure(width=10, height=1.2 + 0.6 * len(parties))
    seen: dict[str, Any] = {}
    for row_number, party in enumerate(parties):
        y = len(parties) - 1 - row_number  # the first party (the treaty as a whole) on top
        for period in frame[frame["party"] == party].to_dict("records"):
            start, until = period["from"], period["until"]
            if pd.isna(start):
                continue
            open_end = pd.isna(until)
            stop = max(end_of_chart, start + pd.Timedelta(days=30)) if open_end else until
            colour = STATUS_COLOURS.get(period["code"], _OTHER_COLOUR)
            left, width = _num(start), _num(stop) - _num(start)
            bar = axes.barh(y, width, left=left, height=0.6, color=colour, edgecolor="white")
            seen.setdefault(period["status"], bar)
            months = _span_months(period["from_precision"])
            if months:
                fuzzy = _num(start + pd.DateOffset(months=months)) - left
                axes.barh(y, min(fuzzy, width), left=left, height=0.6, color="white",
                          alpha=0.5, hatch="///", edgecolor=colour, linewidth=0)  # fmt: skip
            if open_end:
                axes.annotate("", xy=(left + width + 120, y), xytext=(left + width, y),
                              arrowprops={"arrowstyle": "->", "color": colour})  # fmt: skip
    axes.set_yticks(range(len(parties)), list(reversed(parties)))
    axes.xaxis_date()
    _date_axis(axes)
    axes.set_xlabel("date")
    treaty = frame.attrs.get("treaty") or (frame["treaty"].iloc[0] if "treaty" in frame else "")
    axes.set_title(title or f"{treaty}: status by party")
    axes.legend(seen.values(), seen.keys(), loc="upper left", fontsize="small", frameon=False,
                bbox_to_anchor=(1.0, 1.0))  # fmt: skip
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    return figure


def over_time(
    frame: pd.DataFrame,
    *,
    when: str = "when",
    precision: str = "precision",
    by: str | None = None,
    top: int = 6,
    title: str = "Over time",
    ylabel: str = "count",
) -> Figure:
    """Rows counted per month (stacked by the `by` column, its `top` values and "others"):
    rows dated to the day, week or month fall in their month; rows dated only to a year are
    drawn as a hatched band spread over that year (a twelfth of them a month), so no month
    is credited with what the sources place somewhere in the year.

    Raises:
        ValueError: no row has a date.
    """
    import pandas as pd

    dated = frame[frame[when].notna()].copy()
    if dated.empty:
        raise ValueError(f"nothing to draw: no row has a date in column {when!r}")
    dated["chart_group"] = _top_groups(dated[by], top) if by else "all"
    dated["chart_span"] = dated[precision].map(lambda p: _span_months(str(p)))
    dated["chart_month"] = pd.to_datetime(dated[when]).dt.to_period("M").dt.to_timestamp()
    fine = dated[dated["chart_span"] == 0]
    coarse = dated[dated["chart_span"] > 0]
    groups = list(dict.fromkeys([*fine["chart_group"], *coarse["chart_group"]]))
    colours = _palette(len(groups))
    figure, axes = _figure(width=10, height=4.5)
    counts = fine.groupby(["chart_month", "chart_group"]).size().unstack(fill_value=0)
    bottom = pd.Series(0.0, index=counts.index)
    for group, colour in zip(groups, colours, strict=True):
        if group in counts:
            axes.bar(counts.index, counts[group], width=25, bottom=bottom, color=colour,
                     label=str(group), align="edge")  # fmt: skip
            bottom = bottom + counts[group]
    # Each year's (or decade's) rows as one band per group, stacked, a month's share high.
    spans = coarse.assign(
        chart_start=[
            pd.Timestamp(year=m.year - m.year % (n // 12), month=1, day=1)
            for m, n in zip(coarse["chart_month"], coarse["chart_span"], strict=True)
        ]
    )
    height: dict[pd.Timestamp, float] = {}
    for (start, months, group), rows in spans.groupby(["chart_start", "chart_span", "chart_group"]):
        end = start + pd.DateOffset(months=int(months))
        colour = colours[groups.index(group)]
        share = len(rows) / int(months)
        axes.bar(start, share, width=(end - start).days, bottom=height.get(start, 0.0),
                 align="edge", color=colour, alpha=0.35, hatch="..", edgecolor=colour,
                 linewidth=0)  # fmt: skip
        height[start] = height.get(start, 0.0) + share
    if len(coarse):
        axes.bar([], [], color="white", hatch="..", edgecolor="grey",
                 label=f"dated to the year only ({len(coarse)}), spread over it")  # fmt: skip
    _date_axis(axes)
    axes.set_xlabel("month")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.legend(fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    return figure


def activity(
    frame: pd.DataFrame, *, top: int = 12, title: str = "Events per actor and month"
) -> Figure:
    """A heat map of `TreatyKG.relations_activity`: the `top` most active actors by row, the
    months from the first to the last by column (months without events left blank).

    Raises:
        ValueError: the frame has no events.
    """
    import numpy as np
    import pandas as pd

    if frame.empty:
        raise ValueError("no activity to draw: the frame is empty")
    totals = frame.groupby("label")["events"].sum().sort_values(ascending=False)
    actors = list(totals.index[:top])
    months = pd.period_range(frame["month"].min(), frame["month"].max(), freq="M")
    grid = np.full((len(actors), len(months)), np.nan)
    column = {str(m): i for i, m in enumerate(months)}
    for row in frame[frame["label"].isin(actors)].itertuples():
        grid[actors.index(row.label), column[str(row.month)]] = row.events
    figure, axes = _figure(width=10, height=1.5 + 0.35 * len(actors))
    image = axes.imshow(grid, aspect="auto", cmap="viridis", interpolation="nearest")
    axes.set_yticks(range(len(actors)), actors)
    step = max(1, len(months) // 12)
    axes.set_xticks(range(0, len(months), step), [str(m) for m in months[::step]], rotation=45,
                    ha="right")  # fmt: skip
    axes.set_xlabel("month")
    axes.set_title(title)
    figure.colorbar(image, ax=axes, label="events")
    figure.tight_layout()
    return figure


def network(
    graph: nx.Graph,
    *,
    labels: int = 12,
    title: str = "Who takes part in events with whom",
    seed: int = 7,
) -> Figure:
    """An actor network (from `TreatyKG.network(metrics=True)`) drawn with a seeded
    spring layout: nodes sized by PageRank and coloured by community, ties as wide as
    their shared events, the `labels` most central actors named."""
    import networkx as nx

    figure, axes = _figure(width=9, height=7)
    if graph.number_of_nodes() == 0:
        axes.set_title(f"{title} (no events)")
        axes.set_axis_off()
        return figure
    # Spread wider than the default so that labels of a dense core stay apart.
    spread = 2.5 / max(graph.number_of_nodes(), 1) ** 0.5
    positions = nx.spring_layout(graph, seed=seed, weight="weight", k=spread, iterations=200)
    nodes = list(graph.nodes)
    pagerank = [float(graph.nodes[n].get("pagerank", 0.0)) for n in nodes]
    communities = [int(graph.nodes[n].get("community", 0)) for n in nodes]
    peak = max(pagerank) or 1.0
    colours = _palette(max(communities) + 1)
    widths = [0.5 + float(graph.edges[e].get("weight", 1)) ** 0.5 for e in graph.edges]
    nx.draw_networkx_edges(graph, positions, ax=axes, width=widths, alpha=0.3)
    nx.draw_networkx_nodes(graph, positions, ax=axes, nodelist=nodes,
                           node_size=[80 + 1500 * p / peak for p in pagerank],
                           node_color=[colours[c] for c in communities])  # fmt: skip
    central = sorted(nodes, key=lambda n: -float(graph.nodes[n].get("pagerank", 0.0)))[:labels]
    names = {n: str(graph.nodes[n].get("label", n)) for n in central}
    nx.draw_networkx_labels(graph, positions, labels=names, ax=axes, font_size=9)
    axes.set_title(title)
    axes.set_axis_off()
    figure.tight_layout()
    return figure


def _figure(*, width: float, height: float) -> tuple[Figure, Axes]:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # an optional dependency: say how to get it
        raise ImportError(
            "treatykg.charts draws with matplotlib, which is not installed: "
            "pip install 'treatykg[charts]'"
        ) from None

    figure = Figure(figsize=(width, height), dpi=100)
    return figure, figure.add_subplot()


def _num(day: Any) -> float:
    """A date as matplotlib's number for it (days since its epoch), for arithmetic on bars."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _date_axis(axes: Axes) -> None:
    """Dates along x, labelled as tersely as the span allows (years, then months, then days)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _span_months(precision: str | None) -> int:
    """How many months a date of this precision covers when coarser than a month (0 else)."""
    return _COARSE.get(str(precision).lower(), 0)


def _top_groups(values: pd.Series, top: int) -> pd.Series:
    """The `top` most frequent values kept, the rest called "others"."""
    named = values.fillna("").astype(str).replace("", "none named")  # matplotlib hides "" labels
    kept = set(named.value_counts().index[:top])
    return named.where(named.isin(kept), "others")


def _palette(count: int) -> Sequence[Any]:
    from matplotlib import colormaps

    tab10 = colormaps["tab10"]  # ten distinct colours, then again
    return [tab10(i % 10) for i in range(count)]
