"""Every named query, run on the bundled sample corpus, returns what a reader expects."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from treatykg.queries import runner
from treatykg.samples import ARTICLES

import treatykg
from treatykg.errors import QueryError


@pytest.fixture(scope="module")
def kg() -> treatykg.TreatyKG:
    graph = treatykg.open(":memory:")
    assert graph.ingest([ARTICLES]).ok
    return graph


def rows(kg: treatykg.TreatyKG, name: str, **params: object) -> list[dict[str, str | None]]:
    result = kg.sparql(name, **params)
    return [{k: (None if v is None else str(v)) for k, v in r.items()} for r in result.records()]


def test_library_has_every_query_documented() -> None:
    named = runner.available()
    assert len(named) >= 14
    for query in named:
        assert (
            query.title
            and query.answers
            and query.example.startswith(f"treatykg query {query.name}")
        )
        assert all(p.text for p in query.params)


def test_treaty_timeline_orders_the_lifecycle(kg: treatykg.TreatyKG) -> None:
    found = rows(kg, "treaty-timeline", treaty="New START")
    kb_facts = [(r["date"], r["what"]) for r in found if r["kind"] == "knowledge base"]
    wanted = [("2010-04-08", "signing"), ("2011-02-05", "entry into force"),
              ("2023-02-28", "suspension"), ("2026-02-05", "expiry")]  # fmt: skip
    positions = [kb_facts.index(w) for w in wanted]
    assert positions == sorted(positions)
    reported = [r for r in found if r["kind"] == "article"]
    assert any(r["what"] == "suspension" and r["sources"] == "2" for r in reported)


def test_treaty_timeline_of_a_store_not_derived_lists_its_kb_facts() -> None:
    """Articles ingested without a derivation (or a layer derived before listings): the
    timeline's order is not written yet, and the KB's facts are still listed, by date."""
    with treatykg.open(":memory:") as graph:
        assert graph.ingest([ARTICLES], derive=False).ok
        found = rows(graph, "treaty-timeline", treaty="New START", limit=0)
        assert {r["kind"] for r in found} == {"knowledge base"}
        assert [r["date"] for r in found] == sorted(r["date"] or "" for r in found)
        assert ("2010-04-08", "signing") in [(r["date"], r["what"]) for r in found]
        graph.derive()
        assert {r["kind"] for r in rows(graph, "treaty-timeline", treaty="New START")} == {
            "knowledge base", "article"}  # fmt: skip


def test_quotes_by_speaker(kg: treatykg.TreatyKG) -> None:
    found = rows(kg, "quotes-by-speaker", speaker="Dmitry Peskov")
    assert len(found) == 2 and all(r["outlet"] for r in found)
    assert found[-1]["said"] == "2025-01-24"


@pytest.mark.parametrize("on, status", [
    ("2010-06-01", "signed, not in force since 2010-04-08"),
    ("2015-01-01", "in force since 2011-02-05"),
    ("2021-06-01", "in force since 2011-02-05 (extended on 2021-02-03)"),
    ("2024-06-01", "in force since 2011-02-05 (extended on 2021-02-03); "
     "Russia: participation suspended since 2023-02-28"),
    ("2026-03-01", "expired on 2026-02-05"),
])  # fmt: skip
def test_treaty_status_on_a_date(kg: treatykg.TreatyKG, on: str, status: str) -> None:
    (found,) = rows(kg, "treaty-status", treaty="new-start", on=on)
    assert found["status"] == status


def test_events_with_sources_counts_outlets(kg: treatykg.TreatyKG) -> None:
    all_events = rows(kg, "events-with-sources")
    two = rows(kg, "events-with-sources", min_sources=2)
    assert len(two) < len(all_events)
    assert {"suspension", "New START", "2023-02-28", "2"} <= {
        v for r in two for v in (r["type"], r["treatyName"], r["date"], r["sources"])}  # fmt: skip


@pytest.mark.parametrize("treaty", [None, "new-start"])
def test_events_with_sources_narrow_to_a_treaty_and_a_number_of_sources(
    kg: treatykg.TreatyKG, treaty: str | None
) -> None:
    """A treaty and a least number of sources keep exactly the whole answer's rows about
    that treaty with that many sources, in its order: most sources first."""
    everything = rows(kg, "events-with-sources", limit=0)
    scope = {"treaty": treaty} if treaty else {}
    name = "New START" if treaty else None
    for least in (1, 2, 3):
        narrowed = rows(kg, "events-with-sources", **scope, min_sources=least, limit=0)
        kept = [
            r for r in everything
            if (name is None or r["treatyName"] == name) and int(r["sources"] or 0) >= least
        ]  # fmt: skip
        assert narrowed == kept
    counts = [int(r["sources"] or 0) for r in everything]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2 and counts[-1] == 1


def test_single_source_events_leave_out_corroborated_ones(kg: treatykg.TreatyKG) -> None:
    single = rows(kg, "single-source-events")
    assert single and not any(
        r["type"] == "suspension" and r["treatyName"] == "New START" and r["date"] == "2023-02-28"
        for r in single
    )


@pytest.mark.parametrize(("treaty", "name", "start", "end"), [
    ("new-start", "New START", "1900-01-01", "2100-12-31"),
    (None, None, "2019-01-01", "2021-12-31"),
])  # fmt: skip
def test_queries_single_source_events_narrow_to_a_treaty_and_dates(
    kg: treatykg.TreatyKG, treaty: str | None, name: str | None, start: str, end: str
) -> None:
    """A treaty and dates keep exactly the unscoped answer's rows about that treaty, dated
    between them (undated ones stay: dates narrow the dated events)."""
    everything = rows(kg, "single-source-events")
    scope = {"treaty": treaty} if treaty else {}
    narrowed = rows(kg, "single-source-events", **scope, **{"from": start, "to": end})
    kept = [
        r for r in everything
        if (name is None or r["treatyName"] == name)
        and (r["date"] is None or start <= r["date"] <= end)
    ]  # fmt: skip
    assert narrowed == kept and 0 < len(kept) < len(everything)


def test_who_said_what_between_dates(kg: treatykg.TreatyKG) -> None:
    # guidelines v2: a remark has a treaty only when it names one or refers back to a named
    # one ("the step" does not), so the 2023 reaction sample has Baerbock name New START.
    early = rows(kg, "who-said-what", treaty="new-start", to="2011-12-31")
    late = rows(kg, "who-said-what", treaty="new-start", **{"from": "2020-01-01"})
    assert early and late and all(r["when"] <= "2011-12-31" for r in early)
    assert "Barack Obama" in {r["speakerName"] for r in early}
    assert all(r["when"] >= "2020-01-01" for r in late)


def test_statements_by_state_follow_positions_and_bodies(kg: treatykg.TreatyKG) -> None:
    speakers = {r["speakerName"] for r in rows(kg, "statements-by-state", state="Russia")}
    assert {"Dmitry Peskov", "Sergey Lavrov", "Maria Zakharova"} <= speakers
    assert "Barack Obama" not in speakers


def test_events_by_type_actor_and_dates(kg: treatykg.TreatyKG) -> None:
    withdrawals = rows(kg, "events", type="withdrawal")
    assert withdrawals and {r["type"] for r in withdrawals} == {"withdrawal"}
    narrowed = rows(
        kg, "events", type="withdrawal", actor="United States", **{"from": "2020-01-01"}
    )
    assert narrowed and len(narrowed) < len(withdrawals)
    assert all(
        r["date"] >= "2020-01-01" and "United States" in (r["actors"] or "") for r in narrowed
    )


def test_event_sources_lists_every_report(kg: treatykg.TreatyKG) -> None:
    (suspension,) = [
        r
        for r in rows(kg, "events", type="suspension", **{"from": "2023-01-01"})
        if r["treatyName"] == "New START" and r["date"] == "2023-02-28"
    ][:1]
    sources = rows(kg, "event-sources", event=suspension["event"])
    assert len(sources) == 2 and {r["outlet"] for r in sources} >= {"Treatykg Sample News"}


def test_actors_together(kg: treatykg.TreatyKG) -> None:
    found = rows(kg, "actors-together", min_events=2)
    assert found[0]["first"] == "Russia" and found[0]["second"] == "United States"
    assert all(int(r["events"] or 0) >= 2 for r in found)


def test_treaties_of_actor(kg: treatykg.TreatyKG) -> None:
    names = {r["treatyName"] for r in rows(kg, "treaties-of-actor", actor="Russia")}
    assert {"New START", "INF Treaty", "START II"} <= names and "TPNW" not in names


@contextmanager
def ingested(
    folder: Path, articles: dict[str, tuple[str, str, str]]
) -> Iterator[treatykg.TreatyKG]:
    """A fresh in-memory graph holding a few one-paragraph articles: {file: (outlet, date, body)}."""
    for name, (outlet, published, body) in articles.items():
        (folder / name).write_text(
            f"title: {name}\ndate: {published}\nsource: {outlet}\n\n{body}\n", encoding="utf-8"
        )
    with treatykg.open(":memory:") as graph:
        assert graph.ingest([folder]).ok
        yield graph


def test_date_conflicts_against_the_record(kg: treatykg.TreatyKG, tmp_path: Path) -> None:
    # The bundled sample reports its dates as the record has them (at their precision).
    assert rows(kg, "date-conflicts") == []
    body = "Washington suspended its obligations under the INF Treaty on February 3, 2019."
    with ingested(tmp_path, {"late.txt": ("Delta Wire", "2019-02-04", body)}) as graph:
        (inf,) = rows(graph, "date-conflicts")
    assert (inf["treatyName"], inf["type"]) == ("INF Treaty", "suspension")
    assert (inf["date"], inf["recordDate"], inf["sources"]) == ("2019-02-03", "2019-02-01", "1")


def test_date_conflicts_between_articles(tmp_path: Path) -> None:
    reports = {
        f"{outlet.split()[0]}.txt": (
            outlet, "2011-02-07", f"New START entered into force on February {day}, 2011, {outlet} reports."
        )
        for outlet, day in (("Alpha Wire", 5), ("Beta Daily", 6), ("Gamma Post", 6))
    }  # fmt: skip
    with ingested(tmp_path, reports) as graph:
        found = {r["date"]: r for r in rows(graph, "date-conflicts")}
    assert set(found) == {"2011-02-05", "2011-02-06"}
    late, right = found["2011-02-06"], found["2011-02-05"]
    assert (late["sources"], late["recordDate"]) == ("2", "2011-02-05")
    assert set((late["outlets"] or "").split(", ")) == {"Beta Daily", "Gamma Post"}
    assert (right["sources"], right["outlets"]) == ("1", "Alpha Wire")
    assert late["datesReported"] and set(late["datesReported"].split(", ")) == set(found)


def test_latest_developments_before_a_date(kg: treatykg.TreatyKG) -> None:
    found = rows(kg, "latest-developments", before="2022-01-01")
    dates = [r["date"] or "" for r in found]
    assert found and dates == sorted(dates, reverse=True) and max(dates) <= "2022-01-01"


def test_unlinked_entities_queue(kg: treatykg.TreatyKG) -> None:
    (baerbock,) = [r for r in rows(kg, "unlinked-entities") if r["name"] == "Annalena Baerbock"]
    assert (
        baerbock["role"] == "German Foreign Minister" and baerbock["affiliationName"] == "Germany"
    )


def test_articles_by_outlet(kg: treatykg.TreatyKG) -> None:
    wire = rows(kg, "articles-by-outlet", outlet="TREATYKG SAMPLE WIRE")
    assert wire and {r["publisher"] for r in wire} == {"treatykg sample wire"}
    recent = rows(kg, "articles-by-outlet", **{"from": "2023-01-01"})
    assert recent and all((r["published"] or "9999") >= "2023-01-01" for r in recent)


def test_treaty_card_is_rdf(kg: treatykg.TreatyKG) -> None:
    from treatykg.output import render

    text = render(kg.sparql("treaty-card", treaty="New START"), "ttl")
    assert "tkg:TreatyFact" in text and '"New START"' in text


def test_injection_is_just_a_string(kg: treatykg.TreatyKG) -> None:
    before = kg.store.count()
    assert rows(kg, "events", type='x" } ; DROP ALL ; #') == []
    assert rows(kg, "articles-by-outlet", outlet="x' } DROP ALL #") == []
    with pytest.raises(QueryError, match="no entity named"):
        kg.sparql("quotes-by-speaker", speaker='x" } ; DROP ALL ; #')
    assert kg.store.count() == before


def test_undeclared_or_mistyped_parameters_are_errors(kg: treatykg.TreatyKG) -> None:
    with pytest.raises(QueryError, match="has no parameter colour"):
        kg.sparql("events", colour="red")
    with pytest.raises(QueryError, match="needs a date YYYY-MM-DD"):
        kg.sparql("treaty-status", treaty="new-start", on="last week")
    with pytest.raises(QueryError, match="needs a whole number"):
        kg.sparql("events-with-sources", min_sources="two")
    with pytest.raises(QueryError, match="SPARQL text has none"):
        kg.sparql("SELECT * WHERE { ?s ?p ?o }", limit=3)


def test_dataframes_have_typed_columns(kg: treatykg.TreatyKG) -> None:
    frame = kg.query("treaty-timeline", treaty="New START")
    assert frame["date"].dtype.kind == "M" and str(frame["sources"].dtype) == "Int64"
    assert "precision" in frame.columns
    events = kg.query("events", type="withdrawal")
    assert events["event"].str.startswith("https://").all()
    treaties = kg.query("treaties-of-actor", actor="Russia")
    assert list(treaties.columns[-2:]) == ["treaty", "treaty_label"]
    assert isinstance(kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), pd.DataFrame)


def test_statements_by_state_include_its_own_voice(tmp_path: Path) -> None:
    """A quote the text gives to the state itself ("Russia said") is the state's statement."""
    body = "\u201cWe see no reason to return to the inspections,\u201d Russia said on Monday."
    with ingested(tmp_path, {"voice.txt": ("Sample Desk", "2024-03-04", body)}) as graph:
        russia = rows(graph, "statements-by-state", state="Russia")
        others = rows(graph, "statements-by-state", state="United States")
    assert [(r["speakerName"], r["said"]) for r in russia] == [("Russia", "2024-03-04")]
    assert russia[0]["quote"] and russia[0]["quote"].startswith("We see no reason")
    assert others == []


def test_statements_by_state_include_its_bodies(kg: treatykg.TreatyKG) -> None:
    """A ministry's own voice counts, not only its officials'."""
    speakers = {r["speakerName"] for r in rows(kg, "statements-by-state", state="United States")}
    assert "State Department" in speakers


BAD_IRIS = ["https://w3id.org/treatykg/id/treaty/new-start>", "https://e.org/a\nb", "urn:x y",
            'https://e.org/"} ; DROP ALL ; #', "http://e.org/\\u{7b}"]  # fmt: skip


@pytest.mark.parametrize("value", BAD_IRIS)
def test_queries_iri_parameter_that_is_no_iri_is_a_one_line_error(
    kg: treatykg.TreatyKG, value: str
) -> None:
    before = kg.store.count()
    with pytest.raises(QueryError) as refused:
        kg.sparql("treaty-status", treaty=value, on="2024-06-01")
    message = str(refused.value)
    assert message.startswith(f"treaty-status: parameter treaty: {value[:60]!r}")
    assert "is not a valid IRI" in message and "\n" not in message
    assert kg.store.count() == before


@pytest.mark.slow
@pytest.mark.parametrize("value", BAD_IRIS[:2])
def test_queries_run_page_answers_a_bad_iri_with_an_error_page(tmp_path: Path, value: str) -> None:
    """The named-queries page runs the same binding code: a bad IRI is a 400 page."""
    import subprocess
    import urllib.error
    import urllib.parse
    import urllib.request

    from conftest import _free_port

    store = tmp_path / "store"
    treatykg.open(str(store)).close()
    with treatykg.serve(
        store, port=_free_port(), pages_port=_free_port(), log=subprocess.DEVNULL
    ) as server:
        query = urllib.parse.urlencode(
            {"query": "treaty-status", "treaty": value, "on": "2024-06-01"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{server.pages}/run?{query}", timeout=30)
    assert refused.value.code == 400
    assert "is not a valid IRI" in refused.value.read().decode("utf-8")


def test_queries_statements_give_speaker_state_and_precision(kg: treatykg.TreatyKG) -> None:
    found = rows(kg, "statements")
    assert {r["kind"] for r in found} == {"statement", "call_for_talks", "violation_accusation"}
    lavrov = [r for r in found if r["speakerName"] == "Sergey Lavrov"]
    # A remark the article dates to a month keeps that precision; the speaker's state comes
    # from the position the KB gives him.
    assert [(r["when"], r["precision"], r["stateName"]) for r in lavrov] == [
        ("2010-12-01", "month", "Russia")
    ]
    bodies = {r["speakerName"]: r["stateName"] for r in found}
    assert bodies["Kremlin"] == "Russia" and bodies["State Department"] == "United States"
    assert bodies["NATO"] == "(no state)"  # an alliance speaks for no one state
    dated = [r["when"] for r in found if r["when"]]
    assert dated == sorted(dated)


@pytest.mark.parametrize("start, end", [("2020-01-01", "2021-12-31"), ("2025-01-01", "2026-12-31")])
def test_queries_statements_between_dates(kg: treatykg.TreatyKG, start: str, end: str) -> None:
    found = rows(kg, "statements", **{"from": start, "to": end})
    assert found and all(start <= (r["when"] or "") <= end for r in found)


def test_queries_quotes_give_speaker_and_state(kg: treatykg.TreatyKG) -> None:
    found = rows(kg, "quotes")
    by_speaker = {(r["speakerName"], r["stateName"]) for r in found}
    assert ("Dmitry Peskov", "Russia") in by_speaker  # a spokesman, through his position
    assert ("State Department", "United States") in by_speaker  # a body, through its state
    assert ("Rafael Grossi", "(no state)") in by_speaker  # an agency's head speaks for none
    assert all(r["quote"] and r["outlet"] for r in found)
    dated = [r["when"] for r in found if r["when"]]
    assert dated == sorted(dated) and not found[-1]["when"]  # undated last
