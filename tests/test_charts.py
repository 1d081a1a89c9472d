"""The charts of `treatykg.charts`, drawn from the frames the public API returns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import matplotlib
import networkx as nx
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

import treatykg
from treatykg import charts

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> treatykg.TreatyKG:
    return treatykg.sample(tmp_path_factory.mktemp("charts") / "sample")


def _bars(figure: object) -> list[Rectangle]:
    axes = figure.axes[0]  # type: ignore[attr-defined]
    return [p for p in axes.patches if isinstance(p, Rectangle)]


@pytest.mark.parametrize("treaty", ["New START"])
def test_charts_status_gantt_has_a_row_per_party_and_a_colour_per_status(
    sample: treatykg.TreatyKG, treaty: str
) -> None:
    status = sample.status(treaty)
    figure = charts.status_gantt(status, today=date(2026, 12, 1))
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == [
        "United States",
        "Russia",
        "all parties",
    ]
    legend = [t.get_text() for t in axes.get_legend().get_texts()]
    assert "participation suspended" in legend and "in force" in legend
    suspended = charts.STATUS_COLOURS["suspended"]
    russia_row = 1  # rows from the bottom: United States, Russia, all parties
    amber = [b for b in _bars(figure) if matplotlib.colors.to_hex(b.get_facecolor()) == suspended]
    assert [round(b.get_y() + b.get_height() / 2) for b in amber] == [russia_row]
    assert axes.get_title() == "New START: status by party"
    assert axes.get_xlabel() == "date"


@pytest.mark.parametrize("precision, hatched", [("year", True), ("month", False), ("day", False)])
def test_charts_status_gantt_hatches_a_start_known_only_to_the_year(
    precision: str, hatched: bool
) -> None:
    frame = pd.DataFrame({
        "party": ["Ruritania"], "status": ["in force"], "code": ["in_force"],
        "from": [pd.Timestamp("2019-01-01")], "until": [pd.Timestamp("2022-06-01")],
        "from_precision": [precision],
    })  # fmt: skip
    figure = charts.status_gantt(frame, title="Ruritania")
    assert any(b.get_hatch() for b in _bars(figure)) is hatched


def test_charts_status_gantt_refuses_an_empty_frame() -> None:
    with pytest.raises(ValueError, match="empty"):
        charts.status_gantt(pd.DataFrame(columns=["party", "from", "until", "code", "status"]))


@pytest.mark.parametrize("year_only", [1, 3])
def test_charts_over_time_spreads_a_year_only_date_over_its_year(year_only: int) -> None:
    frame = pd.DataFrame({
        "when": [pd.Timestamp("2023-02-10"), pd.Timestamp("2023-02-20")]
        + [pd.Timestamp("2021-01-01")] * year_only,
        "precision": ["day", "month"] + ["year"] * year_only,
        "stateName": ["Russia", ""] + ["Russia"] * year_only,
    })  # fmt: skip
    figure = charts.over_time(frame, by="stateName", title="Remarks")
    bars = _bars(figure)
    spread = [b for b in bars if b.get_hatch()]
    # One band across the year's 365 days, a twelfth of its rows high in each month.
    assert [(b.get_width(), round(b.get_height() * 12, 6)) for b in spread] == [(365, year_only)]
    month_heights = sorted(b.get_height() for b in bars if not b.get_hatch())
    assert month_heights == [1, 1]  # the two February remarks, one per state, stacked
    labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert (
        "none named" in labels and f"dated to the year only ({year_only}), spread over it" in labels
    )


def test_charts_over_time_refuses_rows_without_dates() -> None:
    frame = pd.DataFrame({"when": [pd.NaT], "precision": [None]})
    with pytest.raises(ValueError, match="no row has a date"):
        charts.over_time(frame)


def test_charts_network_names_the_most_central_actors(sample: treatykg.TreatyKG) -> None:
    graph = sample.network(metrics=True)
    figure = charts.network(graph, labels=3)
    names = {t.get_text() for t in figure.axes[0].texts}
    top = set(sample.relations_top("pagerank", limit=3)["label"])
    assert names == top


@pytest.mark.parametrize("nodes", [0])
def test_charts_network_of_an_empty_graph_says_so(nodes: int) -> None:
    figure = charts.network(nx.empty_graph(nodes))
    assert figure.axes[0].get_title().endswith("(no events)")


def test_charts_activity_rows_are_the_most_active_actors(sample: treatykg.TreatyKG) -> None:
    frame = sample.relations_activity()
    figure = charts.activity(frame, top=3)
    rows = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    busiest = frame.groupby("label")["events"].sum().sort_values(ascending=False)
    assert rows == list(busiest.index[:3])


@pytest.mark.parametrize("name", ["gantt.png"])
def test_charts_figures_save_without_pyplot(
    sample: treatykg.TreatyKG, tmp_path: Path, name: str
) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    charts.status_gantt(sample.status("New START")).savefig(tmp_path / name)
    assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
    assert plt.get_fignums() == before  # nothing left open in pyplot's list
