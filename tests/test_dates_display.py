"""Dates known only to the month or year read `2010-12` and `2023` in every output (tables,
CSV, JSON, DataFrames, the timeline page), and sort after the days inside their period."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from click.testing import CliRunner
from treatykg.graph import vocab
from treatykg.graph.dates import period_end
from treatykg.graph.timeline_io import TimelineEvent
from treatykg.views import TimelineView

import treatykg
from treatykg.cli import cli
from treatykg.output import date_label, date_sort_key

# Our own short articles: one suspension at three precisions, a month-precision
# ratification, remarks dated by year, month and day, an undated accusation, and dates
# of a week and a weekend.
ARTICLES = {
    "a.txt": "title: Moscow and the treaty\ndate: 2024-03-10\nsource: Test Wire\nurl: \n\n"
    "Russia suspended its participation in New START in 2023, officials recalled.\n"
    "The US Senate ratified New START in December 2010.\n"
    "Russia suspended its participation in New START in February 2023.\n"
    "President Vladimir Putin suspended Russia's participation in New START on 28 February 2023.\n",
    # guidelines v2: unnamed speakers ("officials") give no speech event, so the undated
    # accusation has a named accuser.
    "b.txt": "title: Accusations\ndate: 2024-04-02\nsource: Test Wire\nurl: \n\n"
    "Foreign Minister Sergei Lavrov accused the United States of breaking New START.\n",
    "c.txt": "title: Peskov on the treaty\ndate: 2024-05-02\nsource: Other Wire\nurl: \n\n"
    "Dmitry Peskov said in 2023 that New START was in a coma.\n"
    # guidelines v2: offering to keep to a treaty's limits is an extension (proposed), not a
    # statement, so the month-dated remark says something else.
    "Dmitry Peskov said in March 2023 that New START had no future.\n"
    "Dmitry Peskov said on 28 December 2023 that New START could not be saved.\n",
    "d.txt": "title: Weeks\ndate: 2025-01-29\nsource: Test Wire\nurl: \n\n"
    "Russia suspended its participation in New START last week.\n"
    "Russia suspended its participation in the INF Treaty on 26 January 2025.\n"
    "Russia suspended its participation in Open Skies last weekend.\n"
    "Russia suspended its participation in the CTBT on 20 January 2025.\n",
}
# Day-precision dates that would stand in for a month or a year if one were shown whole.
STAND_INS = ("2023-01-01", "2010-12-01", "2023-02-01", "2023-03-01")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    location = str(tmp_path_factory.mktemp("store") / "store")
    with treatykg.open(location) as kg:
        assert kg.ingest([folder]).ok
    yield location


@pytest.fixture(scope="module")
def kg(store: str) -> Iterator[treatykg.TreatyKG]:
    with treatykg.open(store, read_only=True) as opened:
        yield opened


def _query(store: str, *args: str) -> str:
    done = CliRunner(env={"COLUMNS": "240"}).invoke(cli, ["query", *args, "--store", store])
    assert done.exit_code == 0, done.output
    return done.output


def _dates(kg: treatykg.TreatyKG, name: str, column: str, **params: str) -> list[tuple[str, str]]:
    """(first day, precision) of each row, in the order the query gives them."""
    return [
        (str(r[column]) if r[column] else "", str(r["precision"] or ""))
        for r in kg.sparql(name, **params).records()
    ]


@pytest.mark.parametrize("start, precision, shown", [
    (date(2023, 1, 1), "year", "2023"),
    (date(2010, 12, 1), "month", "2010-12"),
    (date(2023, 2, 28), "day", "2023-02-28"),
    (date(2023, 2, 28), None, "2023-02-28"),
    (date(2025, 1, 20), "week", "2025-W04"),
    (date(2025, 1, 25), "week", "2025-W04-WE"),
    (date(1990, 1, 1), "decade", "1990s"),
    (date(2023, 1, 1), "https://w3id.org/treatykg/ontology#Year", "2023"),
])  # fmt: skip
def test_dates_display_label_at_precision(start: date, precision: str | None, shown: str) -> None:
    assert date_label(start, precision) == shown


@pytest.mark.parametrize("dates, ordered", [
    ([(date(2023, 1, 1), "year"), (date(2023, 2, 1), "month"), (date(2023, 2, 28), "day")],
     ["2023-02-28", "2023-02", "2023"]),
    ([(date(2023, 12, 1), "month"), (date(2023, 1, 1), "year"), (date(2023, 12, 31), "day")],
     ["2023-12-31", "2023-12", "2023"]),
    ([(date(2023, 1, 1), "year"), (date(2024, 1, 1), "day"), (date(2023, 3, 1), "month")],
     ["2023-03", "2023", "2024-01-01"]),
    ([(date(2025, 1, 20), "week"), (date(2025, 1, 26), "day"), (date(2025, 1, 27), "day")],
     ["2025-01-26", "2025-W04", "2025-01-27"]),
    ([(None, None), (date(1990, 1, 1), "decade"), (date(1999, 5, 1), "month")],
     ["1999-05", "1990s", None]),
])  # fmt: skip
def test_dates_display_sort_key_puts_a_period_after_its_days(
    dates: list[tuple[date | None, str | None]], ordered: list[str | None]
) -> None:
    found = sorted(dates, key=lambda d: date_sort_key(*d))
    assert [date_label(d, p) if d else None for d, p in found] == ordered


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_dates_display_query_text_shows_year_and_month(store: str, fmt: str) -> None:
    shown = _query(store, "events", "--format", fmt)
    assert not [d for d in STAND_INS if d in shown], shown
    for value in ("2023", "2010-12", "2023-02", "2023-02-28", "2025-W04", "2025-W04-WE"):
        assert re.search(rf"(^|[\s,]){value}[\s,]", shown, re.MULTILINE), value


@pytest.mark.parametrize("fmt", ["json"])
def test_dates_display_json_types_a_year_and_a_month(store: str, fmt: str) -> None:
    bindings = json.loads(_query(store, "events", "--format", fmt))["results"]["bindings"]
    found = {(b["date"]["value"], b["date"].get("datatype")) for b in bindings if "date" in b}
    assert ("2023", str(vocab.XSD.gYear)) in found and (
        "2010-12",
        str(vocab.XSD.gYearMonth),
    ) in found
    assert ("2023-02-28", str(vocab.XSD.date)) in found and ("2025-W04", None) in found
    assert not [d for d, _ in found if d in STAND_INS]


@pytest.mark.parametrize("treaty", ["New START"])
def test_dates_display_events_sort_a_period_after_its_days(
    kg: treatykg.TreatyKG, treaty: str
) -> None:
    rows = [
        (str(r["date"]), str(r["precision"]))
        for r in kg.sparql("events", type="suspension").records()
        if str(r["treatyName"]) == treaty and r["date"] is not None
        and str(r["date"]).startswith("2023")
    ]  # fmt: skip
    assert rows == [("2023-02-28", "day"), ("2023-02-01", "month"), ("2023-01-01", "year")]


@pytest.mark.parametrize("expected", [[
    ("2025-01-20", "day"), ("2025-01-26", "day"), ("2025-01-25", "week"), ("2025-01-20", "week"),
]])  # fmt: skip
def test_dates_display_events_sort_a_week_after_its_days(
    kg: treatykg.TreatyKG, expected: list[tuple[str, str]]
) -> None:
    found = [d for d in _dates(kg, "events", "date", type="suspension") if d[0] >= "2025"]
    # A weekend and its week end on the same Sunday: either may come first.
    assert found[:2] == expected[:2] and sorted(found[2:]) == sorted(expected[2:])


@pytest.mark.parametrize("treaty", ["new-start"])
def test_dates_display_who_said_what_by_precision(kg: treatykg.TreatyKG, treaty: str) -> None:
    found = list(dict.fromkeys(_dates(kg, "who-said-what", "when", treaty=treaty)))
    assert found[:4] == [
        ("2023-03-01", "month"), ("2023-12-28", "day"), ("2023-01-01", "year"),
        ("2024-04-02", "day"),
    ]  # fmt: skip
    said = {str(r["said"]) for r in kg.sparql("who-said-what", treaty=treaty).records()}
    assert "in 2023 that New START was in a coma" in said  # the remark, not its sentence


@pytest.mark.parametrize("accusation", ["Foreign Minister Sergei Lavrov accused the United States"])
def test_dates_display_events_lists_undated_events_last(
    kg: treatykg.TreatyKG, accusation: str
) -> None:
    rows = kg.sparql("events").records()
    undated = [r for r in rows if r["date"] is None]
    assert any(str(r["evidence"]).startswith(accusation) for r in undated)
    assert all(r["date"] is None for r in rows[len(rows) - len(undated) :])
    dated = kg.sparql("events", dated_only="true").records()
    assert len(dated) == len(rows) - len(undated) and all(r["date"] is not None for r in dated)


@pytest.mark.parametrize("name", ["events"])
def test_dates_display_frame_keeps_datetime_and_adds_label(
    kg: treatykg.TreatyKG, name: str
) -> None:
    frame = kg.query(name, type="suspension")
    assert frame["date"].dtype.kind == "M"
    assert list(frame.columns[:3]) == ["date", "date_label", "precision"]
    labels = dict(zip(frame["date_label"], frame["precision"], strict=True))
    assert labels["2023"] == "year" and labels["2023-02"] == "month" and "2023-01-01" not in labels


@pytest.mark.parametrize("rows, labels", [(
    [("2023-01-01", "year", "suspension"), ("2023-02-28", "day", "suspension"),
     ("2010-12-01", "month", "ratification"), ("2023-02-01", "month", "suspension")],
    ["2010-12 (month)\nratification", "2023-02-28\nsuspension", "2023-02 (month)\nsuspension",
     "2023 (year)\nsuspension"],
)])  # fmt: skip
def test_dates_display_timeline_page_labels_and_orders_by_period(
    rows: list[tuple[str, str, str]], labels: list[str]
) -> None:
    records = []
    for day, p, what in rows:
        start = date.fromisoformat(day)
        records.append(
            TimelineEvent(f"urn:{day}:{p}", what, what, "actual", None, None, (), start,
                          period_end(start, p), p, date_label(start, p), 1, False, None, None,
                          (), (), ())
        )  # fmt: skip
    model = TimelineView.build("T", records).model
    events = model["events"]  # in the order the tables sort them: a period after its days
    assert [e["label"] for e in events] == labels  # type: ignore[index, union-attr]
    for node in model["nodes"]:  # type: ignore[union-attr]
        span = events[node["event"]]["approximate"]  # type: ignore[index]
        # A period is a span with its marker in the middle, never on its first day.
        expected = node["x0"] < node["x"] < node["x1"] if span else node["x0"] == node["x1"]
        assert expected and node["x0"] <= node["x"] <= node["x1"]
