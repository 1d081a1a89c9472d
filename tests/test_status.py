"""Treaty status on any date, per party: the state machine on hand-made records, the answers
it gives on the bundled KB, news that fills a gap and news the KB outranks, the derived
graph and the queries that read it, and `treatykg status`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import ACTORS, DUMA, ID, KZ, PUTIN, RU, SAMPLE_HEADER, UK, US
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from treatykg.graph import iris, kb, status, status_rdf
from treatykg.graph.actors import ActorIndex
from treatykg.graph.dates import period_end
from treatykg.graph.happenings import CanonicalEvent, Report
from treatykg.graph.reports import read_kb_facts
from treatykg.graph.spill import EventList
from treatykg.graph.status import Period, TreatyInfo, describe, load_rules, periods
from treatykg.graph.vocab import TKG

import treatykg
from treatykg.errors import KnowledgeBaseError, QueryError

TREATY = ID + "treaty/test-accord"
BILATERAL = TreatyInfo(TREATY, "Test Accord", parties=frozenset({US, RU}))
MULTILATERAL = TreatyInfo(TREATY, "Test Accord", depositaries=frozenset({UK}), party_count=40)


def fact(
    key: str, type_: str, modality: str, day: str, *actors: str, precision: str = "day"
) -> Report:
    """A KB treaty fact of the test treaty."""
    start = date.fromisoformat(day)
    return Report(
        iri=ID + f"fact/test-accord/{key}", source=str(iris.KB_GRAPH), type=type_,
        modality=modality, treaty=TREATY, actors=frozenset(actors), agents=frozenset(actors),
        precision=precision, start=start, end=period_end(start, precision), from_kb=True,
        kb_source=f"https://example.org/{key}",
    )  # fmt: skip


def news(
    key: str,
    type_: str,
    modality: str,
    day: str,
    *agents: str,
    records: tuple[str, ...] = (),
    published: str | None = None,
    precision: str = "day",
) -> CanonicalEvent:
    """A canonical event one article of our own reports (and, with `records`, a KB fact records)."""
    start = date.fromisoformat(day)
    end = period_end(start, precision)
    report = Report(
        iri=ID + f"event/{key}/0-9", source=ID + f"article/{key}", type=type_, modality=modality,
        treaty=TREATY, actors=frozenset(agents), agents=frozenset(agents), precision=precision,
        start=start, end=end, outlet="Test Wire",
        published=date.fromisoformat(published) if published else None,
    )  # fmt: skip
    return CanonicalEvent(
        key=key, type=type_, treaty=TREATY, actors=report.actors, agents=report.agents,
        modality=modality, timex=day, precision=precision, start=start, end=end,
        reports=(report,), kb_facts=records,
    )  # fmt: skip


SIGNED = fact("signing", "signing", "actual", "2000-01-10", US, RU)
IN_FORCE = fact("entry-into-force", "entry_into_force", "actual", "2000-06-01")
OPENED = fact("signing", "signing", "actual", "2000-01-10")


def answer(found: list[Period], day: str) -> str:
    return describe(found, date.fromisoformat(day))


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2009-01-01", "in force since 2000-06-01"),
        ("2010-03-01", "in force since 2000-06-01; United States: withdrawal notified since 2010-01-01"),
        ("2011-01-01", "terminated on 2010-07-01 (United States withdrew)"),
    ],
)  # fmt: skip
def test_status_bilateral_treaty_ends_for_both_when_one_party_withdraws(
    day: str, expected: str
) -> None:
    found = periods(
        BILATERAL,
        [
            SIGNED, IN_FORCE,
            fact("notice-us", "withdrawal", "scheduled", "2010-01-01", US),
            fact("withdrawal-us", "withdrawal", "actual", "2010-07-01", US),
        ],
        actors=ACTORS,
    )  # fmt: skip
    assert answer(found, day) == expected
    if day == "2011-01-01":
        covering = status.at(found, date(2011, 1, 1))
        assert {(p.party, p.status) for p in covering} == {
            (None, "terminated"), (US, "terminated"), (RU, "terminated")}  # fmt: skip


@pytest.mark.parametrize("withdrawal", ["2010-07-01"])
def test_status_multilateral_treaty_stays_in_force_for_the_rest(withdrawal: str) -> None:
    found = periods(
        MULTILATERAL,
        [OPENED, IN_FORCE, fact("withdrawal-ru", "withdrawal", "actual", withdrawal, RU)],
        actors=ACTORS,
    )
    day = date(2011, 1, 1)
    assert describe(found, day) == (
        f"in force for the other parties since 2000-06-01; Russia: withdrawn since {withdrawal}"
    )
    assert {(p.party, p.status) for p in status.at(found, day)} == {
        (None, "in_force"), (UK, "in_force"), (RU, "withdrawn")}  # fmt: skip


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2020-06-01", "in force since 2000-06-01 (due to expire on 2021-02-05)"),
        ("2021-06-01", "in force since 2000-06-01 (extended on 2021-02-03; due to expire on 2026-02-05)"),
        ("2026-03-01", "expired on 2026-02-05"),
    ],
)  # fmt: skip
def test_status_extension_moves_the_end_date(day: str, expected: str) -> None:
    found = periods(
        BILATERAL,
        [
            SIGNED, IN_FORCE,
            fact("extension", "extension", "actual", "2021-02-03", US, RU),
            fact("expiry", "expiry", "actual", "2026-02-05"),
        ],
        [news("due-2021", "expiry", "scheduled", "2021-02-05"),
         news("due-2026", "expiry", "scheduled", "2026-02-05")],
        actors=ACTORS,
    )  # fmt: skip
    assert answer(found, day) == expected


@pytest.mark.parametrize("published, expected", [
    ("2019-06-01", "in force since 2000-06-01 (due to expire on 2021-02-05)"),
    ("2021-02-05", "in force since 2000-06-01"),  # "days before it was due to expire", misdated
])  # fmt: skip
def test_status_a_schedule_lies_after_the_report(published: str, expected: str) -> None:
    due = news("due", "expiry", "scheduled", "2021-02-05", published=published)
    assert (
        answer(periods(BILATERAL, [SIGNED, IN_FORCE], [due], actors=ACTORS), "2020-06-01")
        == expected
    )


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2023-02-25", "in force since 2000-06-01"),  # an announced suspension changes nothing
        ("2023-06-01", "in force since 2000-06-01; Russia: participation suspended since 2023-02-28"),
        ("2024-06-01", "in force since 2000-06-01"),  # resumed
    ],
)  # fmt: skip
def test_status_suspension_by_a_party(day: str, expected: str) -> None:
    found = periods(
        BILATERAL,
        [
            SIGNED, IN_FORCE,
            fact("suspension-announced", "suspension", "planned", "2023-02-21", RU),
            fact("suspension", "suspension", "actual", "2023-02-28", RU),
            fact("resumption", "suspension", "revoked", "2024-01-15", RU),
        ],
        actors=ACTORS,
    )  # fmt: skip
    assert answer(found, day) == expected


@pytest.mark.parametrize(
    "treaty, facts, expected",
    [
        (BILATERAL, [SIGNED, fact("expiry", "expiry", "actual", "2005-12-31")],
         "never entered into force; ended on 2005-12-31 (expired)"),
        (BILATERAL, [SIGNED, fact("withdrawal-ru", "withdrawal", "actual", "2002-06-14", RU)],
         "never entered into force; ended on 2002-06-14 (Russia withdrew)"),
        (MULTILATERAL, [OPENED, fact("ratification-ru", "ratification", "actual", "2000-01-01", RU, precision="year")],
         "signed, not in force for the other parties since 2000-01-10 (never entered into force); Russia: ratified in 2000"),
    ],
)  # fmt: skip
def test_status_treaty_that_never_entered_into_force_says_so(
    treaty: TreatyInfo, facts: list[Report], expected: str
) -> None:
    assert answer(periods(treaty, facts, actors=ACTORS), "2010-01-01") == expected


@pytest.mark.parametrize("linked", [False, True])
def test_status_kb_date_outranks_news_and_both_are_cited(linked: bool) -> None:
    """News dates the entry into force ten days early: the KB's date stands, and the
    in-force period rests on the KB fact and on the news happening, with both sources."""
    early = news("early", "entry_into_force", "actual", "2000-05-22",
                 records=(IN_FORCE.iri,) if linked else ())  # fmt: skip
    found = periods(BILATERAL, [SIGNED, IN_FORCE], [early], actors=ACTORS)
    assert answer(found, "2000-05-25") == "signed, not in force since 2000-01-10"
    (whole,) = [p for p in status.at(found, date(2000, 7, 1)) if p.party is None]
    assert whole.start == date(2000, 6, 1)
    assert set(whole.basis) == {IN_FORCE.iri, str(iris.happening("early"))}
    assert set(whole.sources) == {"https://example.org/entry-into-force", ID + "article/early"}


def test_status_a_step_states_its_sources_once_however_many_periods_rest_on_it() -> None:
    """Twenty articles report the entry into force, which every period of the treaty's
    row rests on while four parties suspend one after another. Its sources are stated
    once, on the step: listed on each period, they grew with periods times articles."""
    reports = [news(f"eif-{n}", "entry_into_force", "actual", "2000-06-01",
                    records=(IN_FORCE.iri,)) for n in range(20)]  # fmt: skip
    suspensions = [news(f"suspension-{n}", "suspension", "actual", f"200{n + 1}-03-01", party)
                   for n, party in enumerate([RU, US, KZ, UK])]  # fmt: skip
    found = periods(MULTILATERAL, [OPENED, IN_FORCE], reports + suspensions, actors=ACTORS)
    whole = [p for p in found if p.party is None and p.status == "in_force"]
    assert len(whole) == 5  # split by each suspension
    (in_force,) = {step for p in whole for step in p.steps if IN_FORCE.iri in step.basis}
    assert len(in_force.sources) == 21
    assert in_force.label == "Test Accord: entered into force on 2000-06-01"
    triples = list(status_rdf.status_triples(found, URIRef(ID + "run/test")))
    stated = [(s, o) for s, p, o in triples if p == TKG.source]
    listed = {(step.iri, u) for p in found for step in p.steps for u in step.sources}
    assert len(stated) == len(listed)
    assert len(stated) < 2 * 21  # each period listing them: 5 x 21 and more
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    for p in found:  # a period's sources, read through its steps, are those it rests on
        node = iris.status_period(p.treaty, p.party, p.start.isoformat())
        steps = list(graph.objects(node, TKG.restsOn))
        assert {str(o) for step in steps for o in graph.objects(step, TKG.source)} == set(p.sources)
        assert {str(o) for step in steps for o in graph.objects(step, TKG.basis)} == set(p.basis)
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert "Russia: participation suspended on 2001-03-01" in labels


@pytest.mark.parametrize("treaty", [BILATERAL, MULTILATERAL])
def test_status_reads_nothing_lean_events_lack(treaty: TreatyInfo) -> None:
    """Status keeps of each event only what its steps read (`status.lean`): the periods
    are the same as from whole events, every rule's effect and the KB's citations among them."""
    events = [news(f"{type_}-{modality}", type_, modality, "2005-01-01", RU, published="2004-06-01")
              for (type_, modality), *_ in EACH_RULE]  # fmt: skip
    events += [news("early", "entry_into_force", "actual", "2000-05-22", records=(IN_FORCE.iri,)),
               news("notice", "withdrawal", "scheduled", "2003-06-01", RU, published="2002-12-01"),
               news("ratified", "ratification", "actual", "2000-03-01", PUTIN)]  # fmt: skip
    reported = news("reported", "entry_into_force", "actual", "2000-05-25")
    events.append(replace(reported, reports=(*reported.reports, IN_FORCE)))  # the KB's fact too
    whole = [replace(e, reports=tuple(replace(r, evidence="They said so.") for r in e.reports))
             for e in events]  # fmt: skip
    found = periods(treaty, [OPENED, IN_FORCE, DUE], whole, actors=ACTORS)
    assert len(found) > 3
    assert periods(treaty, [OPENED, IN_FORCE, DUE], [status.lean(e) for e in whole],
                   actors=ACTORS) == found  # fmt: skip
    assert {r.evidence for e in whole for r in status.lean(e).reports} == {""}


@pytest.mark.parametrize(
    "agent, party",
    [(KZ, KZ), (PUTIN, RU), (DUMA, None)],  # an official stands for his state, a chamber never
)
def test_status_news_fills_in_a_step_the_kb_lacks(agent: str, party: str | None) -> None:
    ratified = news("ratified", "ratification", "actual", "2000-03-01", agent)
    found = periods(MULTILATERAL, [OPENED, IN_FORCE], [ratified], actors=ACTORS)
    own = {p.party: p for p in status.at(found, date(2000, 4, 1)) if p.party is not None}
    if party is None:
        assert set(own) == {UK}
        return
    assert own[party].status == "ratified" and own[party].differs
    assert own[party].basis == (str(iris.happening("ratified")),)
    (later,) = [p for p in status.at(found, date(2001, 1, 1)) if p.party == party]
    assert later.status == "in_force"  # a party that ratified is bound once in force


@pytest.mark.parametrize("news_type", ["ratification"])
def test_status_news_never_names_a_party_it_cannot_tell(news_type: str) -> None:
    """A per-party step the news gives without a party moves nobody."""
    found = periods(MULTILATERAL, [OPENED], [news("who", news_type, "actual", "2000-03-01")],
                    actors=ACTORS)  # fmt: skip
    assert {p.party for p in found} == {None, UK}


@pytest.mark.parametrize("key", sorted(load_rules().concepts))
def test_status_rules_name_concepts_of_the_ontology(key: str) -> None:
    """Each status of the rules is a tkg:TreatyStatus whose notation and label are the rules'."""
    ontology = Graph().parse(kb.ONTOLOGY_FILE)
    rules = load_rules()
    concept = TKG[rules.concepts[key]]
    assert (concept, SKOS.notation, Literal(key)) in ontology
    assert (concept, SKOS.prefLabel, Literal(rules.labels[key])) in ontology
    assert {"{since}", "{on}"} & {p for p in ("{since}", "{on}") if p in rules.phrases[key]}


DUE = fact("due", "expiry", "scheduled", "2010-06-01")
IN = "in force for the other parties since 2000-06-01"
OPEN = "signed, not in force for the other parties since 2000-01-10 (never entered into force)"
# What each rule of status_rules.toml does, on a short story: (type, modality), the facts
# besides the treaty's opening, the day asked about, and the answer.
EACH_RULE = [
    (("negotiation", "actual"), [fact("talks", "negotiation", "actual", "1999-05-01")],
     "1999-06-01", "negotiating since 1999-05-01"),
    (("signing", "actual"), [IN_FORCE, fact("it", "signing", "actual", "2005-01-01", RU)],
     "2006-01-01", f"{IN}; Russia: signed on 2005-01-01"),
    (("signing", "revoked"), [fact("it", "signing", "revoked", "2005-01-01", RU)],
     "2006-01-01", f"{OPEN}; Russia: signature withdrawn on 2005-01-01"),
    (("ratification", "actual"), [fact("it", "ratification", "actual", "2005-01-01", RU)],
     "2006-01-01", f"{OPEN}; Russia: ratified on 2005-01-01"),
    (("ratification", "revoked"), [fact("it", "ratification", "revoked", "2005-01-01", RU)],
     "2006-01-01", f"{OPEN}; Russia: ratification revoked on 2005-01-01"),
    (("entry_into_force", "actual"), [IN_FORCE], "2001-01-01", "in force since 2000-06-01"),
    (("extension", "actual"), [IN_FORCE, DUE, fact("due-2", "expiry", "scheduled", "2015-06-01"),
                               fact("it", "extension", "actual", "2010-05-01")],
     "2011-01-01", "in force since 2000-06-01 (extended on 2010-05-01; due to expire on 2015-06-01)"),
    (("expiry", "scheduled"), [IN_FORCE, DUE], "2005-01-01",
     "in force since 2000-06-01 (due to expire on 2010-06-01)"),
    (("expiry", "planned"), [IN_FORCE, fact("it", "expiry", "planned", "2010-06-01")], "2005-01-01",
     "in force since 2000-06-01 (due to expire on 2010-06-01)"),
    (("expiry", "actual"), [IN_FORCE, fact("it", "expiry", "actual", "2010-06-01")], "2011-01-01",
     "expired on 2010-06-01"),
    (("suspension", "actual"), [IN_FORCE, fact("it", "suspension", "actual", "2005-01-01", RU)],
     "2006-01-01", f"{IN}; Russia: participation suspended since 2005-01-01"),
    (("suspension", "revoked"), [IN_FORCE, fact("s", "suspension", "actual", "2005-01-01", RU),
                                 fact("it", "suspension", "revoked", "2005-06-01", RU)],
     "2006-01-01", "in force since 2000-06-01"),
    (("withdrawal", "scheduled"), [IN_FORCE, fact("it", "withdrawal", "scheduled", "2005-01-01", RU)],
     "2006-01-01", f"{IN}; Russia: withdrawal notified since 2005-01-01"),
    (("withdrawal", "planned"), [IN_FORCE, fact("it", "withdrawal", "planned", "2005-01-01", RU)],
     "2006-01-01", "in force since 2000-06-01"),  # a note on Russia's row: see below
    (("withdrawal", "revoked"), [IN_FORCE, fact("n", "withdrawal", "scheduled", "2005-01-01", RU),
                                 fact("it", "withdrawal", "revoked", "2005-06-01", RU)],
     "2006-01-01", "in force since 2000-06-01"),
    (("withdrawal", "actual"), [IN_FORCE, fact("it", "withdrawal", "actual", "2005-01-01", RU)],
     "2006-01-01", f"{IN}; Russia: withdrawn since 2005-01-01"),
]  # fmt: skip


@pytest.mark.parametrize("kind, facts, on, expected", EACH_RULE)
def test_status_each_rule_moves_the_answer(
    kind: tuple[str, str], facts: list[Report], on: str, expected: str
) -> None:
    assert answer(periods(MULTILATERAL, [OPENED, *facts], actors=ACTORS), on) == expected


@pytest.mark.parametrize("rules", [load_rules()])
def test_status_each_rule_has_a_case(rules: status.Rules) -> None:
    """A new rule is one entry in status_rules.toml and one case in EACH_RULE."""
    named = {*rules.party_effects, *rules.treaty_effects, *rules.unnamed_effects}
    assert named == {kind for kind, *_ in EACH_RULE}


@pytest.mark.parametrize("facts, events, expected", [
    # "Russia plans to withdraw, a lawmaker said": a note on its row, never a status.
    ([IN_FORCE], [news("plans", "withdrawal", "planned", "2005-01-01", RU, published="2005-01-02")],
     ("in_force", "Russia: in force since 2000-06-01 (withdrawal announced on 2005-01-01)")),
    # "Russia is due to leave on 1 July": a notice, dated by the first report of it.
    ([IN_FORCE], [news("due", "withdrawal", "scheduled", "2005-07-01", RU, published="2005-01-03")],
     ("withdrawal_notified",
      "Russia: withdrawal notified since 2005-01-03 (due to take effect on 2005-07-01)")),
    # A suspension in force is never hidden by a notice not yet in effect.
    ([IN_FORCE, fact("notice", "withdrawal", "scheduled", "2004-01-01", RU),
      fact("suspension", "suspension", "actual", "2004-06-01", RU)], [],
     ("suspended",
      "Russia: participation suspended since 2004-06-01 (withdrawal notified on 2004-01-01)")),
])  # fmt: skip
def test_status_a_plan_to_withdraw_is_no_notice(
    facts: list[Report], events: list[CanonicalEvent], expected: tuple[str, str]
) -> None:
    found = periods(MULTILATERAL, [OPENED, *facts], events, actors=ACTORS)
    (own,) = [p for p in status.at(found, date(2005, 3, 1)) if p.party == RU]
    assert (own.status, own.text) == expected


@pytest.mark.parametrize("on, expected", [
    ("2000-06-01", "signed, not in force since 2000-01-10 (never entered into force)"),
    ("2001-01-01", f"{OPEN}; Russia: ratified in 2000"),
])  # fmt: skip
def test_status_a_step_known_by_its_year_takes_effect_at_its_end(on: str, expected: str) -> None:
    """ "Ratified in 2000" is not yet true on 2000-06-01; it is dated "2000", never 2000-01-01."""
    ratified = fact("ratified", "ratification", "actual", "2000-01-01", RU, precision="year")
    found = periods(MULTILATERAL, [OPENED, ratified], actors=ACTORS)
    assert answer(found, on) == expected
    (own,) = [p for p in found if p.party == RU]
    assert (own.start, own.start_precision, own.since, own.since_precision) == (
        date(2000, 12, 31), "year", date(2000, 1, 1), "year")  # fmt: skip


@pytest.mark.parametrize("reported", ["2000-01-05"])
def test_status_no_party_step_before_the_treaty_opens(reported: str) -> None:
    """A ratification news dates before the opening for signature takes effect at the opening."""
    early = news("early", "ratification", "actual", reported, KZ)
    found = periods(MULTILATERAL, [OPENED], [early], actors=ACTORS)
    assert not [p for p in status.at(found, date(2000, 1, 7)) if p.party == KZ]
    (own,) = [p for p in status.at(found, date(2000, 1, 10)) if p.party == KZ]
    assert own.text == f"Kazakhstan: ratified on {reported}"


# ---------------------------------------------------------------- the bundled KB


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[treatykg.TreatyKG]:
    """The bundled KB and an article, never derived (a backup from before derived layers,
    restored): the API computes status from the KB facts."""
    article = tmp_path_factory.mktemp("plain") / "talks.txt"
    article.write_text(SAMPLE_HEADER, encoding="utf-8")
    graph = treatykg.open(":memory:")
    graph.ingest([article], derive=False)
    graph.store.update(
        f"""DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
          FILTER(STRSTARTS(STR(?g), "{iris.DERIVED_GRAPH}")) }}"""
    )
    assert graph.derived_layer().state == "missing"
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def derived() -> Iterator[treatykg.TreatyKG]:
    """The bundled KB alone, derived: the API reads the periods of `derived/status`."""
    graph = treatykg.open(":memory:")
    graph.derive()
    yield graph
    graph.close()


REQUIRED = [
    ("New START", "2010-06-01", "signed, not in force since 2010-04-08"),
    ("New START", "2015-01-01", "in force since 2011-02-05"),
    ("New START", "2024-06-01",
     "in force since 2011-02-05 (extended on 2021-02-03); Russia: participation suspended since 2023-02-28"),
    ("New START", "2026-03-01", "expired on 2026-02-05"),
    ("INF", "2020-01-01", "terminated on 2019-08-02 (United States withdrew)"),
    # An announced withdrawal is a note; the suspension in force shows (treaty-facts.md, INF).
    ("INF", "2019-03-01", "in force since 1988-06-01; United States: participation suspended "
     "since 2019-02-01 (withdrawal announced on 2018-10-20); Russia: participation suspended "
     "since 2019-02-02"),
    # Russia ratified "in 2000": not yet on 2000-03-01 (treaty-facts.md, CTBT).
    ("CTBT", "2000-03-01", "signed, not in force since 1996-09-24 (never entered into force)"),
    ("CTBT", "2001-01-01", "signed, not in force for the other parties since 1996-09-24 "
     "(never entered into force); Russia: ratified in 2000"),
    ("Open Skies", "2022-01-01",
     "in force for the other parties since 2002-01-01; United States: withdrawn since 2020-11-22; "
     "Russia: withdrawn since 2021-12-18"),
    ("SALT II", "1990-01-01", "never entered into force; ended on 1985-12-31 (expired)"),
    ("CTBT", "2024-06-01", "signed, not in force for the other parties since 1996-09-24 "
     "(never entered into force); Russia: ratification revoked on 2023-11-02"),
    ("START III", "2024-06-01", "not concluded"),
    # A formal notice (scheduled in the KB) is a status; an announced intention is a note.
    ("ABM Treaty", "2002-03-01",
     "in force since 1972-10-03; United States: withdrawal notified since 2001-12-13"),
    ("Open Skies", "2021-08-01", "in force for the other parties since 2002-01-01; United States: "
     "withdrawn since 2020-11-22; Russia: withdrawal notified since 2021-06-18"),
]  # fmt: skip


@pytest.mark.parametrize("how", ["plain", "derived"])
@pytest.mark.parametrize("treaty, on, expected", REQUIRED)
def test_status_answers_on_the_bundled_kb(
    request: pytest.FixtureRequest, how: str, treaty: str, on: str, expected: str
) -> None:
    kg: treatykg.TreatyKG = request.getfixturevalue(how)
    said = kg.status_answer(treaty, on=on)
    assert said.split(": ", 1)[1] == expected


PARTY_ANSWERS = [
    # No source names India or Japan a party: the treaty's status is its parties' only.
    ("NPT", "India", "2020-01-01",
     "NPT on 2020-01-01, India: not a party on record (the treaty is in force for its parties)"),
    ("CTBT", "India", "2024-06-01", "CTBT on 2024-06-01, India: not a party on record "
     "(the treaty is signed, not in force for its parties)"),
    ("Open Skies", "Japan", "2022-01-01", "Open Skies Treaty on 2022-01-01, Japan: not a party "
     "on record (the treaty is in force for its parties)"),
    # A state that later left was a party before: never "not concluded".
    ("NPT", "North Korea", "2000-01-01",
     "NPT on 2000-01-01, North Korea: in force since 1970-03-05 (extended on 1995-05-11)"),
    ("ABM Treaty", "Soviet Union", "2024-06-01", "ABM Treaty on 2024-06-01, Soviet Union "
     "(succeeded by Russia): terminated on 2002-06-13 (United States withdrew)"),
]  # fmt: skip


@pytest.mark.parametrize("how", ["plain", "derived"])
@pytest.mark.parametrize("treaty, party, on, expected", PARTY_ANSWERS)
def test_status_answers_for_a_party(
    request: pytest.FixtureRequest, how: str, treaty: str, party: str, on: str, expected: str
) -> None:
    kg: treatykg.TreatyKG = request.getfixturevalue(how)
    assert kg.status_answer(treaty, on=on, party=party) == expected
    frame = kg.status(treaty, on=on, party=party)
    assert frame.attrs["answer"] == expected  # the table and the answer come from one lookup
    assert frame.empty == ("not a party" in expected)
    assert set(frame["party"]) <= {expected.split(", ", 1)[1].split(": ")[0]}


@pytest.mark.parametrize("actor, on, expected", [
    ("India", "2020-01-01", None), ("North Korea", "2000-01-01", "in force"),
])  # fmt: skip
def test_status_treaties_of_actor_agrees_on_parties(
    derived: treatykg.TreatyKG, actor: str, on: str, expected: str | None
) -> None:
    found = {str(r["treatyName"]): str(r["status"]) for r in
             derived.sparql("treaties-of-actor", actor=actor, on=on).records()}  # fmt: skip
    assert found.get("NPT") == expected


@pytest.mark.parametrize("how", ["plain", "derived"])
def test_status_frame_gives_each_party_its_periods_and_sources(
    request: pytest.FixtureRequest, how: str
) -> None:
    kg: treatykg.TreatyKG = request.getfixturevalue(how)
    frame = kg.status("Open Skies", on="2022-01-01")
    shown = dict(zip(frame["party"], frame["status"], strict=True))
    assert shown["United States"] == "withdrawn" and shown["Russia"] == "withdrawn"
    assert shown["other parties"] == "in force"
    assert all(frame["sources"].map(len) > 0)
    russia = kg.status("New START", on="2024-06-01", party="Russia")
    assert russia["status"].tolist() == ["participation suspended"]
    assert russia["since"].dt.date.tolist() == [date(2023, 2, 28)]
    assert russia["basis"][0] == [ID + "fact/new-start/suspension-russia"]
    assert russia["sources"][0] == [
        "https://russianforces.org/blog/2023/02/russia_suspends_participation_.shtml"]  # fmt: skip
    every = kg.status("New START")
    assert every["from"].dtype.kind == "M" and every["until"].isna().any()


def test_status_derived_graph_agrees_with_the_machine(derived: treatykg.TreatyKG) -> None:
    """The periods read back from `derived/status` are those the machine computes."""
    store = derived.store
    computed = status_rdf.all_periods(
        status_rdf.read_treaties(store), read_kb_facts(store), EventList(),
        actors=ActorIndex.from_store(store),
    )  # fmt: skip
    stored = status_rdf.read_periods(store)
    key = lambda p: (p.treaty, p.party or "", p.start)  # noqa: E731
    assert sorted(stored, key=key) == sorted(computed, key=key)


@pytest.mark.parametrize("treaty, on, expected", REQUIRED)
def test_status_treaty_status_query_says_what_the_api_says(
    derived: treatykg.TreatyKG, treaty: str, on: str, expected: str
) -> None:
    (row,) = derived.sparql("treaty-status", treaty=treaty, on=on).records()
    assert str(row["status"]) == expected == derived.status_answer(treaty, on=on).split(": ", 1)[1]


@pytest.mark.parametrize("query, params", [
    ("treaty-status", {"treaty": "INF", "on": "2020-01-01"}),
    ("treaties-of-actor", {"actor": "Russia"}),
])  # fmt: skip
def test_status_queries_say_when_the_derived_layer_is_missing(
    plain: treatykg.TreatyKG, query: str, params: dict[str, str]
) -> None:
    """A store never derived has no periods: no treaty is "not concluded"."""
    said = {str(r["status"]) for r in plain.sparql(query, **params).records()}
    assert said == {"unknown: the derived layer is missing; run `treatykg derive`"}


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_status_a_new_store_answers_treaty_status_before_any_article(
    tmp_path: Path, where: str
) -> None:
    """A store of the KB alone derives its layer when opened (the KB's status costs a
    fraction of a second), so SPARQL readers get the same answer as the API from the start."""
    location = ":memory:" if where == "memory" else str(tmp_path / "store")
    with treatykg.open(location) as graph:
        assert graph.derived_layer().state == "current"
        (row,) = graph.sparql("treaty-status", treaty="INF", on="2020-01-01").records()
        assert str(row["status"]) == graph.status_answer("INF", on="2020-01-01").split(": ", 1)[1]


@pytest.mark.parametrize("actor, on", [("United States", "2024-06-01"), ("Russia", None)])
def test_status_treaties_of_actor_never_calls_start_iii_signed(
    derived: treatykg.TreatyKG, actor: str, on: str | None
) -> None:
    params = {"actor": actor} | ({"on": on} if on else {})
    found = {str(r["treatyName"]): str(r["status"]) for r in
             derived.sparql("treaties-of-actor", **params).records()}  # fmt: skip
    assert found["START III"] == "not concluded"
    assert found["INF Treaty"] == "terminated" and "TPNW" not in found
    if on == "2024-06-01":
        assert found["New START"] == "in force"
        russia = {str(r["treatyName"]): str(r["status"]) for r in
                  derived.sparql("treaties-of-actor", actor="Russia", on=on).records()}  # fmt: skip
        assert russia["New START"] == "participation suspended"
        assert russia["ABM Treaty"] == "terminated"  # listed as the Soviet Union's


@pytest.mark.parametrize(
    "call, error, message",
    [
        ({"treaty": "Nothing Accord"}, KnowledgeBaseError, "no Treaty named 'Nothing Accord'"),
        ({"treaty": "New START", "party": "France"}, KnowledgeBaseError,
         "France has no status under New START: its parties on record are Russia, United States"),
        ({"treaty": "New START", "on": "soon"}, QueryError, "status on: 'soon' is not a date: give YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_status_bad_questions_are_clear_errors(
    plain: treatykg.TreatyKG, call: dict[str, str], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        plain.status(**call)


# ---------------------------------------------------------------- news, end to end


ARTICLES = {
    "gap.txt": ("2001-03-20", "Kazakhstan ratified the Open Skies Treaty on 14 March 2001, "
                "the foreign ministry said on Tuesday."),
    "clash.txt": ("2011-01-27", "The New START treaty entered into force on 26 January 2011, "
                  "officials in Washington said."),
    "duma.txt": ("2011-01-26", "Russia's State Duma voted to ratify New START on 25 January 2011, "
                 "officials in Moscow said."),
}  # fmt: skip


@pytest.fixture(scope="module")
def with_news(tmp_path_factory: pytest.TempPathFactory) -> Iterator[treatykg.TreatyKG]:
    """Two short articles of our own, ingested (and so derived): one fills a gap in the KB,
    one dates a step the KB records differently."""
    folder = tmp_path_factory.mktemp("status-news")
    for name, (published, body) in ARTICLES.items():
        (folder / name).write_text(
            f"title: {name}\ndate: {published}\nsource: Status Test Wire\n\n{body}\n",
            encoding="utf-8",
        )
    graph = treatykg.open(":memory:")
    assert graph.ingest([folder]).ok
    yield graph
    graph.close()


@pytest.mark.parametrize("on, expected", [
    ("2001-06-01", "Kazakhstan: ratified on 2001-03-14"),
    ("2003-06-01", "Kazakhstan: in force since 2002-01-01"),
])  # fmt: skip
def test_status_news_fills_a_gap_in_the_kb(
    with_news: treatykg.TreatyKG, on: str, expected: str
) -> None:
    said = with_news.status_answer("Open Skies", on=on, party="Kazakhstan")
    assert said.endswith(expected)
    (row,) = with_news.status("Open Skies", on="2001-06-01", party="Kazakhstan").to_dict("records")
    assert row["basis"][0].startswith(ID + "happening/")
    assert row["sources"][0].startswith(ID + "article/")


@pytest.mark.parametrize("treaty, on", [("Open Skies", "2001-06-01"), ("New START", "2011-03-01")])
def test_status_treaty_status_query_agrees_with_the_api_on_news(
    with_news: treatykg.TreatyKG, treaty: str, on: str
) -> None:
    (row,) = with_news.sparql("treaty-status", treaty=treaty, on=on).records()
    assert str(row["status"]) == with_news.status_answer(treaty, on=on).split(": ", 1)[1]
    frame = with_news.status(treaty, on=on)
    named = frame[frame["party_iri"].isna() | frame["differs"]]
    assert set(str(row["basis"]).split()) == {b for basis in named["basis"] for b in basis}


@pytest.mark.parametrize("on", ["2011-01-30"])
def test_status_kb_outranks_news_that_contradicts_it(with_news: treatykg.TreatyKG, on: str) -> None:
    assert with_news.status_answer("New START", on=on).endswith(
        "signed, not in force since 2010-04-08"
    )
    (row,) = with_news.status("New START", on="2011-03-01", party="Russia").to_dict("records")
    assert row["status"] == "in force" and row["since"].date() == date(2011, 2, 5)
    assert ID + "fact/new-start/entry-into-force" in row["basis"]
    assert any(b.startswith(ID + "happening/") for b in row["basis"])
    assert "https://worddisk.com/wiki/New_START/" in row["sources"]
    assert any(s.startswith(ID + "article/") for s in row["sources"])


@pytest.mark.parametrize("on", ["2011-01-30"])
def test_status_a_chambers_vote_is_not_its_states_ratification(
    with_news: treatykg.TreatyKG, on: str
) -> None:
    """The extractor reads the Duma's vote with Russia as agent and the Duma as actor: the
    vote is the Duma's step, and Russia has only signed."""
    said = with_news.status_answer("New START", on=on, party="Russia")
    assert said == f"New START on {on}, Russia: signed on 2010-04-08"
    russia = with_news.status("New START", party="Russia")
    assert "ratified" not in set(russia["status"])


# ---------------------------------------------------------------- the command


def treatykg_cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("treatykg")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store on disk holding the bundled KB alone."""
    where = tmp_path_factory.mktemp("status-cli") / "store"
    treatykg.open(str(where)).close()
    return str(where)


@pytest.mark.parametrize("args, first", [
    (["New START", "--on", "2024-06-01"],
     "New START on 2024-06-01: in force since 2011-02-05 (extended on 2021-02-03); "
     "Russia: participation suspended since 2023-02-28"),
    (["Open Skies", "--on", "2022-01-01", "--party", "Russia"],
     "Open Skies Treaty on 2022-01-01, Russia: withdrawn since 2021-12-18"),
])  # fmt: skip
def test_status_cli_answers_then_lists_periods_with_sources(
    store_dir: str, args: list[str], first: str
) -> None:
    done = treatykg_cli("status", *args, "--store", store_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == first
    assert all("sources: https://" in line for line in lines[1:]) and len(lines) > 1


@pytest.mark.parametrize("treaty", ["INF"])
def test_status_cli_json(store_dir: str, treaty: str) -> None:
    done = treatykg_cli("status", treaty, "--on", "2020-01-01", "--format", "json",
                        "--store", store_dir)  # fmt: skip
    said = json.loads(done.stdout)
    assert (
        said["answer"]
        == "INF Treaty on 2020-01-01: terminated on 2019-08-02 (United States withdrew)"
    )
    assert (said["treaty"], said["treaty_iri"]) == ("INF Treaty", ID + "treaty/inf-treaty")
    assert {(p["party"], p["status"], p["from"]) for p in said["periods"]} == {
        ("all parties", "terminated", "2019-08-02"), ("Russia", "terminated", "2019-08-02"),
        ("United States", "terminated", "2019-08-02")}  # fmt: skip


@pytest.mark.parametrize("args, code, message", [
    (["Nothing Accord"], 1, "Error: no Treaty named 'Nothing Accord' in the knowledge base."),
    (["New START", "--party", "France"], 1,
     "Error: France has no status under New START: its parties on record are Russia, United States"),
    (["New START", "--on", "soon"], 2, "Error: Invalid value for '--on': 'soon' does not match"),
])  # fmt: skip
def test_status_cli_errors_are_one_line(
    store_dir: str, args: list[str], code: int, message: str
) -> None:
    done = treatykg_cli("status", *args, "--store", store_dir)
    assert done.returncode == code and done.stdout == ""
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(message) and "Traceback" not in done.stderr
