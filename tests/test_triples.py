"""What an ingested article looks like in the graph: events, quotes, unlinked entities."""

from __future__ import annotations

from pathlib import Path

import pytest

import treatykg

ARTICLE = """title: Test
date: 2025-01-24
source: ours

Russia suspended its participation in New START in 2023.
“The door is open,” Ruritanian Deputy Defence Minister Olek Varga said on Friday.
"""


@pytest.fixture
def kg(tmp_path: Path) -> treatykg.TreatyKG:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    graph = treatykg.open(":memory:")
    assert graph.ingest([path]).ok
    return graph


def test_event_carries_type_treaty_date_and_evidence(kg: treatykg.TreatyKG) -> None:
    rows = kg.sparql(
        """SELECT ?type ?treaty ?value ?start ?precision ?exact WHERE { GRAPH ?g {
             ?e a tkg:ReportedEvent ; tkg:eventType ?type ; tkg:treaty ?treaty ;
                tkg:trigger ?trigger . FILTER(CONTAINS(?trigger, "suspended"))
             ?e
                tkg:timexValue ?value ; tkg:date ?start ; tkg:datePrecision ?precision ;
                tkg:evidence ?ev . ?ev oa:hasSource ?a ; oa:hasSelector ?s .
             ?s oa:start ?from ; oa:end ?to . ?a tkg:text ?body }
           BIND(SUBSTR(?body, ?from + 1, ?to - ?from) AS ?exact) }"""
    ).records()
    assert [(str(r["type"]).rsplit("#")[-1], str(r["treaty"]).rsplit("/")[-1], str(r["value"]),
             str(r["start"]), str(r["precision"]).rsplit("#")[-1]) for r in rows] == [
        ("Suspension", "new-start", "2023", "2023-01-01", "Year")]  # fmt: skip
    assert str(rows[0]["exact"]) == "Russia suspended its participation in New START in 2023."


def test_quote_has_its_speaker_and_the_unknown_speaker_is_queued(kg: treatykg.TreatyKG) -> None:
    rows = kg.sparql(
        """SELECT ?text ?name ?linked ?role ?date WHERE { GRAPH ?g {
             ?u a tkg:Utterance ; tkg:quoteText ?text ; tkg:speaker ?p ; tkg:timexValue ?date .
             ?p skos:prefLabel ?name ; tkg:linked ?linked ; tkg:roleTitle ?role } }"""
    ).records()
    assert [(str(r["text"]), str(r["name"]), str(r["role"]), str(r["date"])) for r in rows] == [
        ("The door is open,", "Olek Varga", "Ruritanian Deputy Defence Minister", "2025-01-24")]  # fmt: skip
    assert rows[0]["linked"].toPython() is False


def test_weekend_values_get_a_sortable_start_date() -> None:
    from treatykg.graph.triples import timex_start

    assert str(timex_start("2025-W04-WE")) == "2025-01-25"
