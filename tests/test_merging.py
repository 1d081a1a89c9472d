"""Event merging: which reports are one happening, what the canonical event says, and where
its sources disagree. Reports are built by hand, one rule per case; the actors are a few
states, bodies, officials and chambers, as the KB has them."""

from __future__ import annotations

import hashlib
import json
import random
from contextlib import closing
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import (
    ACTORS,
    DUMA,
    FED_COUNCIL,
    ID,
    KREMLIN,
    LAVROV,
    MEDVEDEV,
    NEW_START,
    PESKOV,
    RU,
    SENATE,
    UK,
    US,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from treatykg.graph.derived import partition
from treatykg.graph.happenings import Merged, Report
from treatykg.graph.merging import PARAMETERS, RULES, merge
from treatykg.graph.spill import EventList, Spill
from treatykg.graph.triples import timex_start
from treatykg.ingest.events import EVENT_TYPES, MODALITIES

import treatykg

SORT, CTBT = ID + "treaty/sort", ID + "treaty/ctbt"
KB = "id/graph/kb"


def _period(timex: str | None) -> tuple[str | None, date | None, date | None]:
    """Precision, first and last day of a TIMEX value: 2023, 2023-02 or 2023-02-28."""
    if timex is None:
        return None, None, None
    parts = [int(p) for p in timex.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return "day", day, day
    if len(parts) == 2:
        year, month = parts
        last = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
        return "month", date(year, month, 1), date.fromordinal(last)
    return "year", date(parts[0], 1, 1), date(parts[0], 12, 31)


def report(
    iri: str,
    when: str | None,
    *,
    type: str = "ratification",
    modality: str = "actual",
    treaty: str | None = NEW_START,
    agents: tuple[str, ...] = (RU,),
    actors: tuple[str, ...] = (),
    outlet: str | None = None,
    kb: bool = False,
    published: str | None = None,
) -> Report:
    """One report, by default Russia's actual ratification of New START in its own article
    (published on a day only where a case needs one)."""
    precision, start, end = _period(when)
    return Report(
        iri=f"id/fact/{iri}" if kb else f"id/event/{iri}",
        source=KB if kb else f"id/article/{iri}",
        type=type,
        modality=modality,
        treaty=treaty,
        actors=frozenset(actors) | frozenset(agents),
        agents=frozenset(agents),
        timex=when,
        precision=precision,
        start=start,
        end=end,
        outlet=outlet or (None if kb else f"outlet {iri}"),
        published=date.fromisoformat(published) if published else None,
        from_kb=kb,
    )


def _groups(merged: Merged) -> list[list[str]]:
    """Each event as the sorted short names of its reports."""
    return sorted(sorted(r.iri.rsplit("/", 1)[-1] for r in e.reports) for e in merged.events)


# ----------------------------------------------------------------------- what merges


@pytest.mark.parametrize(
    ("reports", "timex", "precision"),
    [
        # A year-precision date and a day inside it: the day is kept.
        ([report("a", "2023"), report("b", "2023-02-28")], "2023-02-28", "day"),
        ([report("a", "2023-02"), report("b", "2023-02-28")], "2023-02-28", "day"),
        ([report("a", "2023"), report("b", "2023-02")], "2023-02", "month"),
        # The Kremlin, an official and the state they act for are one party.
        (
            [report("a", "2023-02-28", agents=(KREMLIN,)), report("b", "2023-02-28")],
            "2023-02-28",
            "day",
        ),
        (
            [report("a", "2023-02-28", agents=(PESKOV,)), report("b", "2023-02-28")],
            "2023-02-28",
            "day",
        ),
        # Counterparts and other actors do not keep apart reports whose agents agree.
        (
            [report("a", "2023-02-28", actors=(US,)), report("b", "2023-02-28", actors=(UK,))],
            "2023-02-28",
            "day",
        ),
        # Once-per-treaty types: the parties named do not matter.
        (
            [
                report("a", "2011-02-05", type="entry_into_force", agents=(US,)),
                report("b", "2011-02-05", type="entry_into_force", agents=()),
            ],
            "2011-02-05",
            "day",
        ),
        # A schedule and the happening on its day.
        (
            [
                report("a", "2026-02-05", type="expiry", modality="scheduled"),
                report("b", "2026-02-05", type="expiry"),
            ],
            "2026-02-05",
            "day",
        ),
        # Neither names a treaty: same agents, same day.
        (
            [
                report("a", "2025-01-24", type="call_for_talks", treaty=None, agents=(PESKOV,)),
                report("b", "2025-01-24", type="call_for_talks", treaty=None, agents=(RU,)),
            ],
            "2025-01-24",
            "day",
        ),
        # Compatible types (merge_rules.toml families).
        (
            [
                report("a", "2025-01-24", type="statement", agents=(PESKOV,)),
                report("b", "2025-01-24", type="call_for_talks", agents=(PESKOV,)),
            ],
            "2025-01-24",
            "day",
        ),
        (
            [
                report("a", "2024-06-11", type="meeting_or_call", agents=(US, RU)),
                report("b", "2024-06-11", type="negotiation", agents=(RU,)),
            ],
            "2024-06-11",
            "day",
        ),
        # One chamber's vote, reported twice (once with its state among the actors).
        (
            [
                report("a", "2011-01-25", agents=(DUMA,)),
                report("b", "2011-01-25", agents=(), actors=(DUMA, RU)),
            ],
            "2011-01-25",
            "day",
        ),
        # "Russia's State Duma voted": the state read as agent owns the chamber that acted.
        (
            [
                report("a", "2011-01-25", agents=(RU,), actors=(DUMA,)),
                report("b", "2011-01-25", agents=(DUMA,)),
            ],
            "2011-01-25",
            "day",
        ),
        # Another state's chamber named beside the agent does not make it a chamber's step.
        (
            [report("a", "2011-01-28", actors=(SENATE,)), report("b", "2011-01-28")],
            "2011-01-28",
            "day",
        ),
    ],
    ids=[
        "year-and-day",
        "month-and-day",
        "year-and-month",
        "kremlin-and-russia",
        "peskov-and-russia",
        "counterparts-differ",
        "entry-into-force-any-parties",
        "scheduled-and-actual-expiry",
        "no-treaty-same-party-and-day",
        "statement-and-call-for-talks",
        "meeting-and-negotiation",
        "one-chamber-twice",
        "chamber-of-the-agent-state",
        "other-states-chamber",
    ],
)
def test_merging_joins_reports_of_one_happening(
    reports: list[Report], timex: str, precision: str
) -> None:
    merged = merge(reports, ACTORS)
    [event] = merged.events
    assert (event.timex, event.precision, event.sources) == (timex, precision, 2)
    assert {r.iri for r in event.reports} == {r.iri for r in reports}
    assert merged.conflicts == []


@pytest.mark.parametrize(
    "reports",
    [
        # Same type, different treaty (dated or not).
        [report("a", "2003-05-14", treaty=SORT), report("b", "2003-05-14", treaty=CTBT)],
        [report("a", None, treaty=SORT), report("b", None, treaty=CTBT)],
        # Same treaty, day dates a year apart, even for a type that happens once per party.
        [report("a", "2010-02-05"), report("b", "2011-02-05")],
        # A chamber's vote and the head of state's ratification or signature.
        [report("a", "2011-01-28", agents=(DUMA,)), report("b", "2011-01-28", agents=(MEDVEDEV,))],
        [report("a", "2011-01-28", agents=(DUMA,)), report("b", "2011-01-28", agents=(RU,))],
        [
            report("a", "2011-01-28", agents=(DUMA,)),
            report("b", "2011-01-28", type="signing", agents=(MEDVEDEV,)),
        ],
        [
            report("a", "2011-01-25", agents=(RU,), actors=(DUMA,)),
            report("b", "2011-01-28", agents=(MEDVEDEV,)),
        ],
        # Two chambers' votes on one treaty.
        [
            report("a", "2011-01-26", agents=(DUMA,)),
            report("b", "2011-01-26", agents=(FED_COUNCIL,)),
        ],
        # A chamber's vote is not the treaty-wide happening either.
        [
            report("a", "2021-01-27", type="extension", agents=(DUMA,)),
            report("b", "2021-01-27", type="extension", agents=(RU, US)),
        ],
        # Different parties, different types, the same day.
        [report("a", "2011-02-02", agents=(US,)), report("b", "2011-02-02", agents=(RU,))],
        [
            report("a", "2011-02-05", type="ratification"),
            report("b", "2011-02-05", type="entry_into_force"),
        ],
        # Two officials of one state are two speakers.
        [
            report("a", "2025-01-24", type="statement", agents=(PESKOV,)),
            report("b", "2025-01-24", type="statement", agents=(LAVROV,)),
        ],
        # Repeatable types merge only when their dates meet.
        [
            report("a", "2024-06-11", type="meeting_or_call"),
            report("b", "2024-06-13", type="meeting_or_call"),
        ],
        [
            report("a", "2024-05", type="meeting_or_call"),
            report("b", "2024-06", type="meeting_or_call"),
        ],
        # One names the treaty, one names none.
        [
            report("a", "2025-01-24", type="call_for_talks"),
            report("b", "2025-01-24", type="call_for_talks", treaty=None),
        ],
        # Neither names a treaty: a day apart, only a year, no party, different parties.
        [
            report("a", "2025-01-24", type="call_for_talks", treaty=None),
            report("b", "2025-01-25", type="call_for_talks", treaty=None),
        ],
        [
            report("a", "2025", type="call_for_talks", treaty=None),
            report("b", "2025", type="call_for_talks", treaty=None),
        ],
        [
            report("a", "2025-01-24", type="call_for_talks", treaty=None, agents=()),
            report("b", "2025-01-24", type="call_for_talks", treaty=None, agents=()),
        ],
        [
            report("a", "2025-01-24", type="call_for_talks", treaty=None, agents=(US,)),
            report("b", "2025-01-24", type="call_for_talks", treaty=None, agents=(RU,)),
        ],
        # A notice of withdrawal and its taking effect, days apart.
        [
            report("a", "2019-07-23", type="withdrawal", modality="planned"),
            report("b", "2019-08-02", type="withdrawal"),
        ],
        # A plan dated otherwise than the happening gives no date conflict: it stays apart.
        [
            report("a", "2026-01-20", type="expiry", modality="scheduled"),
            report("b", "2026-02-05", type="expiry", kb=True),
            report("c", "2026-02-05", type="expiry"),
        ],
        # A failed vote and a revoked ratification are happenings of their own.
        [report("a", "2011-01-28", modality="failed"), report("b", "2011-01-28")],
        [
            report("a", "2023-11-02", modality="revoked", treaty=CTBT),
            report("b", "2023-11-02", treaty=CTBT),
        ],
        # Too vague to merge at all.
        [report("a", "2023-03-01", type="other"), report("b", "2023-03-01", type="other")],
    ],
    ids=[
        "other-treaty-dated",
        "other-treaty-undated",
        "days-a-year-apart",
        "duma-vote-and-president",
        "duma-vote-and-russia",
        "duma-vote-and-signing",
        "russias-duma-and-president",
        "two-chambers",
        "chamber-and-extension",
        "two-states",
        "ratification-and-entry-into-force",
        "two-officials",
        "meetings-two-days-apart",
        "meetings-in-two-months",
        "treaty-and-no-treaty",
        "no-treaty-day-apart",
        "no-treaty-year-only",
        "no-treaty-no-party",
        "no-treaty-two-states",
        "withdrawal-notice-and-effect",
        "plan-dated-otherwise",
        "failed-and-actual",
        "revoked-and-actual",
        "other-type",
    ],
)
def test_merging_keeps_different_happenings_apart(reports: list[Report]) -> None:
    merged = merge(reports, ACTORS)
    news = [r for r in reports if not r.from_kb]
    assert len(merged.events) == len(news)
    assert all(len([r for r in e.reports if not r.from_kb]) == 1 for e in merged.events)
    assert merged.conflicts == []


@pytest.mark.parametrize(
    ("reports", "groups"),
    [
        # A year that holds two meetings joins neither rather than guess.
        (
            [
                report("a", "2024-02-10", type="meeting_or_call"),
                report("b", "2024-09-10", type="meeting_or_call"),
                report("c", "2024", type="meeting_or_call"),
            ],
            [["a"], ["b"], ["c"]],
        ),
        # With one candidate it joins; a second year-precision report joins them too.
        (
            [
                report("a", "2024-02-10", type="meeting_or_call"),
                report("c", "2024", type="meeting_or_call"),
                report("d", "2024", type="meeting_or_call"),
            ],
            [["a", "c", "d"]],
        ),
        # An undated report of a type that happens once per party (a state ratifies a
        # treaty once) joins the one happening it can be, whenever it was published.
        ([report("a", "2011-01-28"), report("b", None)], [["a", "b"]]),
        (
            [report("a", None, published="2011-01-30"), report("b", None, published="2023-02-21")],
            [["a", "b"]],
        ),
        # ... but not one of two.
        (
            [
                report("a", "2024-02-10", type="statement"),
                report("b", "2024-09-10", type="statement"),
                report("c", None, type="statement"),
            ],
            [["a"], ["b"], ["c"]],
        ),
        # An undated plan or denial is never taken for the happening.
        ([report("a", "2011-01-28"), report("b", None, modality="planned")], [["a"], ["b"]]),
        ([report("a", "2011-01-28"), report("b", None, modality="negated")], [["a"], ["b"]]),
        # Naming no party, it joins the one party's report there is, not one of two.
        ([report("a", "2011-01-28"), report("b", "2011-01-28", agents=())], [["a", "b"]]),
        (
            [
                report("a", "2011-01-28"),
                report("b", "2011-01-28", agents=(US,)),
                report("c", "2011-01-28", agents=()),
            ],
            [["a"], ["b"], ["c"]],
        ),
    ],
)
def test_merging_vague_report_joins_only_a_unique_candidate(
    reports: list[Report], groups: list[list[str]]
) -> None:
    assert _groups(merge(reports, ACTORS)) == groups


def statement(iri: str, when: str | None, published: str | None) -> Report:
    """Russia's statement on New START in an article published on a given day."""
    return report(iri, when, type="statement", published=published)


@pytest.mark.parametrize(
    ("reports", "groups"),
    [
        # "Russia warned New START could collapse", undated, in 2011 and in 2023: two warnings.
        ([statement("a", None, "2011-03-02"), statement("b", None, "2023-02-22")], [["a"], ["b"]]),
        (
            [
                report("a", None, type="meeting_or_call", published="2019-06-03"),
                report("b", None, type="meeting_or_call", published="2024-06-03"),
            ],
            [["a"], ["b"]],
        ),
        # The same remark, told by two outlets in the same days, is one.
        ([statement("a", None, "2023-02-20"), statement("b", None, "2023-02-22")], [["a", "b"]]),
        # Every report there must be near: c is 3 days after b but 9 after a.
        (
            [
                statement("a", None, "2023-02-13"),
                statement("b", None, "2023-02-19"),
                statement("c", None, "2023-02-22"),
            ],
            [["a", "b"], ["c"]],
        ),
        # A dated report's article counts as well: an undated warning published 12 years on
        # is not the dated one.
        (
            [statement("a", "2011-03-01", "2011-03-02"), statement("b", None, "2023-02-22")],
            [["a"], ["b"]],
        ),
        (
            [statement("a", "2023-02-21", "2023-02-21"), statement("b", None, "2023-02-22")],
            [["a", "b"]],
        ),
        # With no publication date, nothing says two undated statements are the same news.
        ([statement("a", None, None), statement("b", None, None)], [["a"], ["b"]]),
        ([statement("a", None, "2023-02-22"), statement("b", None, None)], [["a"], ["b"]]),
    ],
    ids=[
        "statements-years-apart",
        "meetings-years-apart",
        "statements-same-week",
        "each-must-be-near",
        "dated-published-years-before",
        "dated-published-the-day-before",
        "unpublished",
        "one-unpublished",
    ],
)
def test_merging_undated_recurring_reports_merge_only_when_published_together(
    reports: list[Report], groups: list[list[str]]
) -> None:
    assert _groups(merge(reports, ACTORS)) == groups


@pytest.mark.parametrize("window", [RULES.undated_window_days])
def test_merging_undated_window_is_the_rule_tables(window: int) -> None:
    """Exactly the window apart merges, a day more does not; the window is recorded."""
    first = date(2023, 2, 1)
    near = (first + timedelta(days=window)).isoformat()
    far = (first + timedelta(days=window + 1)).isoformat()
    base = statement("a", None, first.isoformat())
    assert _groups(merge([base, statement("b", None, near)], ACTORS)) == [["a", "b"]]
    assert _groups(merge([base, statement("b", None, far)], ACTORS)) == [["a"], ["b"]]
    assert PARAMETERS["undated"] == {"window_days": window}


@pytest.mark.parametrize(
    ("reports", "groups"),
    [
        # b fits a and c each, but a and c are 78 days apart: c does not join through b.
        (
            [report("a", "2023-01-01"), report("b", "2023-02-10"), report("c", "2023-03-20")],
            [["a", "b"], ["c"]],
        ),
        # A state fits its two officials, who are two speakers: the later one stays apart.
        (
            [
                report("a", "2025-01-24", type="statement", agents=(RU,)),
                report("b", "2025-01-24", type="statement", agents=(PESKOV,)),
                report("c", "2025-01-24", type="statement", agents=(LAVROV,)),
            ],
            [["a", "b"], ["c"]],
        ),
        # Two KB facts are two records: news joins the nearer, they never join each other.
        (
            [
                report("k1", "2023-02-21", type="suspension", modality="planned", kb=True),
                report("k2", "2023-02-28", type="suspension", kb=True),
                report("a", "2023-02-28", type="suspension"),
            ],
            [["a", "k2"]],
        ),
    ],
)
def test_merging_never_chains_reports_that_do_not_fit_each_other(
    reports: list[Report], groups: list[list[str]]
) -> None:
    assert _groups(merge(reports, ACTORS)) == groups


# ------------------------------------------------------------------ conflicts


@pytest.mark.parametrize(
    ("reports", "claims"),
    [
        # Two outlets, two days for one once-per-party happening.
        (
            [report("a", "2011-01-26"), report("b", "2011-01-28")],
            [("2011-01-26", ("id/event/a",)), ("2011-01-28", ("id/event/b",))],
        ),
        # The KB's record is one claim; a year that holds both days claims nothing against them.
        (
            [
                report("kb-ratification", "2011-01-28", kb=True),
                report("a", "2011-01-25"),
                report("b", "2011-01-25"),
                report("c", "2011"),
            ],
            [
                ("2011-01-25", ("id/event/a", "id/event/b")),
                ("2011-01-28", ("id/fact/kb-ratification",)),
            ],
        ),
    ],
)
def test_merging_date_conflict_names_each_claim_and_its_reports(
    reports: list[Report], claims: list[tuple[str, tuple[str, ...]]]
) -> None:
    merged = merge(reports, ACTORS)
    [event] = merged.events
    [conflict] = merged.conflicts
    assert (conflict.event, conflict.field) == (event.key, "date")
    assert [(c.value, c.reports) for c in conflict.claims] == claims


@pytest.mark.parametrize(
    ("modalities", "canonical", "claims"),
    [
        (("actual", "negated"), "actual", {"actual": 1, "negated": 1}),
        (("actual", "negated", "negated"), "negated", {"actual": 1, "negated": 2}),
        (("actual", "planned", "negated"), None, None),  # a plan and a denial are never one
    ],
)
def test_merging_modality_conflict_when_one_source_denies_what_another_reports(
    modalities: tuple[str, ...], canonical: str | None, claims: dict[str, int] | None
) -> None:
    reports = [report(f"r{i}", "2023-02-28", modality=m) for i, m in enumerate(modalities)]
    merged = merge(reports, ACTORS)
    if canonical is None:
        assert len(merged.events) > 1
        return
    [event] = merged.events
    [conflict] = merged.conflicts
    assert (event.modality, conflict.field) == (canonical, "modality")
    assert {c.value: len(c.reports) for c in conflict.claims} == claims


@pytest.mark.parametrize("kb_modality", ["actual"])
def test_merging_kb_record_is_a_claim_in_a_modality_conflict(kb_modality: str) -> None:
    reports = [
        report("kb-suspension", "2023-02-28", type="suspension", modality=kb_modality, kb=True),
        report("a", "2023-02-28", type="suspension", modality="negated"),
        report("b", "2023-02-28", type="suspension", modality="negated"),
    ]
    merged = merge(reports, ACTORS)
    [event] = merged.events
    [conflict] = merged.conflicts
    assert event.modality == kb_modality  # the record outranks the news
    assert dict((c.value, c.reports) for c in conflict.claims)[kb_modality] == (
        "id/fact/kb-suspension",
    )


# ------------------------------------------------------ what the canonical event says


@pytest.mark.parametrize(
    ("modalities", "canonical"),
    [
        (("actual", "planned", "planned"), "actual"),  # actual if any report says so
        (("planned", "planned", "scheduled"), "planned"),  # else the most common
        (("planned", "scheduled"), "scheduled"),  # ties to the more assertive
        (("hypothetical", "proposed"), "proposed"),
    ],
)
def test_merging_canonical_modality_rule(modalities: tuple[str, ...], canonical: str) -> None:
    reports = [report(f"r{i}", "2023-02-28", modality=m) for i, m in enumerate(modalities)]
    [event] = merge(reports, ACTORS).events
    assert event.modality == canonical
    assert [(c.value, len(c.reports)) for c in event.claims if c.field == "modality"] == sorted(
        (m, modalities.count(m)) for m in set(modalities)
    )


@pytest.mark.parametrize(
    ("kb_date", "news_dates", "timex"),
    [
        ("2023-02-28", ("2023-02-27", "2023-02-27"), "2023-02-28"),  # the KB's record wins
        ("2023", ("2023-02-27",), "2023-02-27"),  # ... unless the news is more precise
    ],
)
def test_merging_canonical_date_is_the_most_precise_and_the_record_outranks_news(
    kb_date: str, news_dates: tuple[str, ...], timex: str
) -> None:
    reports = [report("kb", kb_date, type="suspension", kb=True)] + [
        report(f"r{i}", d, type="suspension") for i, d in enumerate(news_dates)
    ]
    [event] = merge(reports, ACTORS).events
    assert event.timex == timex
    assert {c.value for c in event.claims if c.field == "date"} == {kb_date, *news_dates}


@pytest.mark.parametrize(
    ("types", "canonical"),
    [
        (("statement", "call_for_talks", "statement"), "call_for_talks"),
        (("meeting_or_call", "negotiation"), "negotiation"),
    ],
)
def test_merging_canonical_type_is_the_most_specific(
    types: tuple[str, ...], canonical: str
) -> None:
    reports = [report(f"r{i}", "2025-01-24", type=t) for i, t in enumerate(types)]
    [event] = merge(reports, ACTORS).events
    assert event.type == canonical


@pytest.mark.parametrize(
    ("precision", "start", "end", "value"),
    [
        ("decade", date(1990, 1, 1), date(1999, 12, 31), "199"),
        ("week", date(2025, 1, 20), date(2025, 1, 26), "2025-W04"),
    ],
)
def test_merging_date_claims_are_timex_values_the_store_reads_back(
    precision: str, start: date, end: date, value: str
) -> None:
    """A date given without its TIMEX3 text is written as one (the 1990s as `199`, as the
    extractor and `triples.timex_start` have it), never as a day it does not name."""
    dated = replace(report("a", None), precision=precision, start=start, end=end)
    [event] = merge([dated], ACTORS).events
    assert (event.timex, event.precision) == (value, precision)
    assert [c.value for c in event.claims if c.field == "date"] == [value]
    assert timex_start(value) == start


@pytest.mark.parametrize("outlets", [("Reuters", "reuters", "TASS")])
def test_merging_counts_outlets_not_articles(outlets: tuple[str, ...]) -> None:
    reports = [report(f"r{i}", "2023-02-28", outlet=o) for i, o in enumerate(outlets)]
    [event] = merge(reports, ACTORS).events
    assert (event.sources, len(event.articles)) == (2, 3)


@pytest.mark.parametrize("when", ["2011-01-28"])
def test_merging_kb_facts_alone_are_no_event_and_join_news_as_record(when: str) -> None:
    fact = report("kb-ratification-russia", when, kb=True)
    assert merge([fact], ACTORS).events == []
    [event] = merge([fact, report("a", when)], ACTORS).events
    assert event.kb_facts == (fact.iri,)
    assert (event.sources, event.articles) == (1, frozenset({"id/article/a"}))


@pytest.mark.parametrize(
    "extra",
    [replace(report("kb", "2011-01-28", kb=True), iri="id/a-kb-fact"), report("z", "2011")],
)
def test_merging_key_is_stable_across_rederivations(extra: Report) -> None:
    """The key hashes the earliest news report's IRI: KB facts and later reports joining
    the event, or another input order, leave it as it was."""
    base = [report("b", "2011-01-28"), report("c", "2011-01-28")]
    [before] = merge(base, ACTORS).events
    [after] = merge([extra, *reversed(base)], ACTORS).events
    assert before.key == after.key == hashlib.sha1(b"id/event/b").hexdigest()[:16]


@pytest.mark.parametrize("window", [RULES.window_days])
def test_merging_once_types_merge_within_the_window_only(window: int) -> None:
    day = date(2011, 1, 1)
    near = report("b", date.fromordinal(day.toordinal() + window).isoformat())
    far = report("c", date.fromordinal(day.toordinal() + window + 1).isoformat())
    assert _groups(merge([report("a", day.isoformat()), near], ACTORS)) == [["a", "b"]]
    assert _groups(merge([report("a", day.isoformat()), far], ACTORS)) == [["a"], ["c"]]


# ------------------------------------------------------------------- the rule tables


@pytest.mark.parametrize("table", ["families", "once", "modality"])
def test_merging_rule_tables_name_only_known_types_and_modalities(table: str) -> None:
    params = PARAMETERS
    json.dumps(params)  # recorded with each derivation: must be JSON
    named = {
        "families": [t for types in params["families"].values() for t in types]
        + params["solitary"],
        "once": params["once"]["per_party"] + params["once"]["per_treaty"],
        "modality": list(params["modality_class"]) + params["assertiveness"],
    }[table]
    known = set(MODALITIES) if table == "modality" else set(EVENT_TYPES)
    assert set(named) <= known
    if table == "modality":
        assert set(params["modality_class"]) == set(MODALITIES) == set(params["assertiveness"])


# ------------------------------------------------------------------------ properties

_DATES = [
    None,
    "2023",
    "2023-02",
    "2023-03",
    "2023-02-27",
    "2023-02-28",
    "2023-03-30",
    "2024-02-28",
]


def _report_lists(
    dates: list[str | None],
    types: list[str],
    treaties: list[str | None],
    agents: list[str],
    *,
    modalities: tuple[str, ...] = ("actual", "actual", "negated", "planned", "failed"),
    max_size: int = 25,
) -> st.SearchStrategy[list[Report]]:
    """Lists of reports drawn from these values, one article each, some of them KB facts."""
    rows = st.tuples(
        st.sampled_from(dates), st.sampled_from(types), st.sampled_from(modalities),
        st.sampled_from(treaties), st.frozensets(st.sampled_from(agents), max_size=2),
        st.booleans(),
    )  # fmt: skip
    return st.lists(rows, max_size=max_size).map(
        lambda found: [
            report(f"r{i:02d}", when, type=t, modality=m, treaty=tr, agents=tuple(sorted(a)), kb=kb)
            for i, (when, t, m, tr, a, kb) in enumerate(found)
        ]
    )


_reports = _report_lists(
    _DATES,
    ["ratification", "entry_into_force", "statement", "call_for_talks", "meeting_or_call", "other"],
    [None, NEW_START, CTBT],
    [RU, US, KREMLIN, PESKOV, LAVROV, DUMA, SENATE],
)


@settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(reports=_reports, seed=st.integers(0, 2**16))
def test_merging_is_deterministic_and_places_each_report_once(
    reports: list[Report], seed: int
) -> None:
    merged = merge(reports, ACTORS)
    shuffled = reports[:]
    random.Random(seed).shuffle(shuffled)
    assert merge(shuffled, ACTORS) == merged  # whatever the input order
    placed = [r.iri for e in merged.events for r in e.reports]
    assert len(placed) == len(set(placed))  # in one event at most
    assert {r.iri for r in reports if not r.from_kb} <= set(placed)  # news in exactly one
    keys = [e.key for e in merged.events]
    assert len(keys) == len(set(keys))
    for event in merged.events:
        assert event.sources >= 1 and len(event.kb_facts) <= 1
        assert len({(r.treaty, RULES.family(r.type)) for r in event.reports}) == 1
    assert {c.event for c in merged.conflicts} <= set(keys)


# Dates on both sides of new year: a happening's reports may straddle it.
_UNIT_DATES = [None, "2023", "2023-12", "2023-12-31", "2024-01-01", "2024-01", "2024"]
_unit_reports = _report_lists(
    _UNIT_DATES,
    # Two families of two types each: a treaty's unit is one family, not one type.
    [
        "ratification",
        "expiry",
        "statement",
        "call_for_talks",
        "meeting_or_call",
        "negotiation",
        "other",
    ],
    [None, None, NEW_START, CTBT],
    [RU, US, KREMLIN, PESKOV, DUMA],
    modalities=("actual", "actual", "negated", "planned"),
    max_size=30,
)


@settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(reports=_unit_reports)
def test_merging_unit_by_unit_gives_what_merging_everything_at_once_gives(
    reports: list[Report],
) -> None:
    """A derivation merges the reports of one treaty (or one year of those naming none) at
    a time, so that memory holds one unit: that is only right while every happening's
    reports fall into one unit."""
    whole = merge(reports, ACTORS)
    by_unit = Merged()
    with closing(Spill()) as spill:
        spill.add_reports(reports)
        for _, unit in spill.units():
            merged = merge(unit, ACTORS)
            by_unit.events += merged.events
            by_unit.conflicts += merged.conflicts
    by_unit.events.sort(key=lambda event: event.key)
    by_unit.conflicts.sort(key=lambda conflict: conflict.key)
    assert by_unit == whole


@settings(
    max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(reports=_unit_reports, types=st.sets(st.sampled_from(["ratification", "expiry", "other"])))
def test_spill_reads_back_the_events_a_list_of_them_gives(
    reports: list[Report], types: set[str]
) -> None:
    """Treaty status reads a treaty's lifecycle events from the spill, the network every
    event in brief and each article's events' actors, the listings every event with its
    sources: each must be what the events held in a list give."""
    merged = merge(reports, ACTORS)
    held = EventList(merged.events)
    with closing(Spill()) as spill:
        spill.add_merged(merged, partition)
        for treaty in (NEW_START, CTBT):
            by_key = sorted(held.of_treaty(treaty, types), key=lambda event: event.key)
            assert list(spill.of_treaty(treaty, types)) == by_key
            assert {e.key for e in spill.of_treaty(treaty)} == {
                e.key for e in held.of_treaty(treaty)
            }
        assert list(spill.briefs()) == held.briefs()
        assert list(spill.actors_by_article()) == held.actors_by_article()
        by_key = lambda pair: pair[0].key  # noqa: E731
        assert sorted(spill.counted(), key=by_key) == sorted(held.counted(), key=by_key)


# ------------------------------------------------------- end to end, through the store

_ARTICLES = {
    "north-1": (
        "North Wire",
        "2024-03-12",
        "Mongolia ratified the Arms Trade Treaty on 11 March 2024, its foreign ministry said.\nOfficials in Ulaanbaatar called the step overdue.",
    ),
    "south-7": (
        "South Herald",
        "2024-03-13",
        "The Arms Trade Treaty was ratified by Mongolia on Monday, 11 March 2024.\nDiplomats welcomed the move.",
    ),
    "north-2": (
        "North Wire",
        "2024-03-12",
        "Peru ratified the Arms Trade Treaty on 11 March 2024, the government said.",
    ),
    "north-0": (
        "North Wire",
        "2023-03-14",
        "Mongolia ratified the Arms Trade Treaty on 13 March 2023, its foreign ministry said.",
    ),
    "east-1": (
        "East Daily",
        "2011-01-25",
        "Russia's State Duma voted to ratify New START on 25 January 2011.",
    ),
    "west-1": (
        "West Post",
        "2011-01-28",
        "President Dmitry Medvedev signed the law ratifying New START on 28 January 2011.",
    ),
    "east-2": (
        "East Daily",
        "2023-02-26",
        "Russia suspended its participation in New START on 25 February 2023, officials said.",
    ),
    "south-8": (
        "South Herald",
        "2024-03-12",
        "Mongolia ratified the CTBT on 11 March 2024, its foreign ministry said.",
    ),
    "north-3": ("North Wire", "2011-03-02", "Russia warned that New START could collapse."),
    "south-9": (
        "South Herald",
        "2023-02-22",
        "Russia warned again that New START could collapse, officials said.",
    ),
    "east-3": (
        "East Daily",
        "2023-02-24",
        "Officials said Russia warned that New START could collapse.",
    ),
    "north-4": (
        "North Wire",
        "2025-01-25",
        "The Kremlin said on 24 January 2025 that New START must be saved.",
    ),
    "south-10": (
        "South Herald",
        "2025-01-25",
        "Russia said on 24 January 2025 that New START must be saved from collapse.",
    ),
    "east-4": (
        "East Daily",
        "2011-01-27",
        "Russia's State Duma voted to ratify New START on 26 January 2011.",
    ),
    "west-2": (
        "West Post",
        "2011-01-27",
        "Russia ratified New START on 26 January 2011, the Kremlin said.",
    ),
    "south-11": (
        "South Herald",
        "2011-01-27",
        "President Dmitry Medvedev ratified New START on 26 January 2011.",
    ),
}

_CANONICAL = """SELECT ?event ?type ?date ?sources (COUNT(DISTINCT ?report) AS ?reports)
  (GROUP_CONCAT(DISTINCT STR(?agent); separator=" ") AS ?agents) WHERE { GRAPH ?g {
    ?event a tkg:CanonicalEvent ; tkg:eventType ?type ; tkg:sourceCount ?sources ;
           prov:wasDerivedFrom ?report .
    OPTIONAL { ?event tkg:date ?date } OPTIONAL { ?event tkg:agent ?agent } } }
  GROUP BY ?event ?type ?date ?sources"""

_CLAIMS = """SELECT ?field ?value ?kb WHERE { GRAPH ?g {
    ?conflict a tkg:Conflict ; tkg:field ?field ; tkg:claim ?claim .
    ?claim rdf:value ?value ; tkg:fromKB ?kb } }"""


def _ingest(kg: treatykg.TreatyKG, folder: Path, names: tuple[str, ...]) -> None:
    paths = []
    for name in names:
        outlet, published, body = _ARTICLES[name]
        path = folder / f"{name}.txt"
        path.write_text(
            f"title: {name}\ndate: {published}\nsource: {outlet}\n\n{body}\n", encoding="utf-8"
        )
        paths.append(path)
    kg.ingest(paths)


def _events(kg: treatykg.TreatyKG, event_type: str) -> list[tuple[str, str, int, int]]:
    """(date, agents' last IRI segments, sources, reports) of each canonical event of a type
    (the type's local name: `Ratification`)."""
    rows = kg.sparql(_CANONICAL).records()
    return sorted(
        (
            str(row["date"]),
            " ".join(sorted(a.rsplit("/", 1)[-1] for a in str(row["agents"]).split())),
            int(str(row["sources"])),
            int(str(row["reports"])),
        )
        for row in rows
        if str(row["type"]).endswith("#" + event_type)
    )


@pytest.mark.parametrize(
    ("names", "event_type", "expected"),
    [
        (
            ("north-1", "south-7", "north-2"),
            "Ratification",
            [("2024-03-11", "mongolia", 2, 2), ("2024-03-11", "peru", 1, 1)],
        ),
        # Same type, same party and day, another treaty: two ratifications.
        (
            ("north-1", "south-8"),
            "Ratification",
            [("2024-03-11", "mongolia", 1, 1), ("2024-03-11", "mongolia", 1, 1)],
        ),
        # Same treaty and party, a year apart: two ratifications (one is wrong, not the same).
        (
            ("north-1", "north-0"),
            "Ratification",
            [("2023-03-13", "mongolia", 1, 1), ("2024-03-11", "mongolia", 1, 1)],
        ),
        # Undated warnings: the 2011 one is not the 2023 one, which two outlets gave.
        (
            ("north-3", "south-9", "east-3"),
            "Statement",
            [("None", "russia", 1, 1), ("None", "russia", 2, 2)],
        ),
        # The Kremlin and Russia on the same day about the same treaty: one statement.
        (("north-4", "south-10"), "Statement", [("2025-01-24", "kremlin russia", 2, 2)]),
        # The chamber's vote and the head of state's act stay two events, on other days ...
        (
            ("east-1", "west-1"),
            "Ratification",
            [("2011-01-25", "russia", 1, 1), ("2011-01-28", "dmitry-medvedev", 1, 1)],
        ),
        # ... and on the same day, where the president's and Russia's are one.
        (
            ("east-4", "west-2", "south-11"),
            "Ratification",
            [("2011-01-26", "dmitry-medvedev russia", 2, 2), ("2011-01-26", "russia", 1, 1)],
        ),
    ],
    ids=[
        "two-outlets-one-ratification",
        "same-type-other-treaty",
        "a-year-apart",
        "undated-statements-years-apart",
        "kremlin-and-russia-same-day",
        "duma-vote-and-president",
        "duma-vote-and-president-same-day",
    ],
)
def test_merging_canonical_events_in_the_store(
    kg: treatykg.TreatyKG,
    tmp_path: Path,
    names: tuple[str, ...],
    event_type: str,
    expected: list[tuple[str, str, int, int]],
) -> None:
    _ingest(kg, tmp_path, names)
    assert _events(kg, event_type) == expected
    assert kg.sparql(_CLAIMS).records() == []


@pytest.mark.parametrize(
    ("names", "claims"),
    [(("east-2",), [("date", "2023-02-25", "false"), ("date", "2023-02-28", "true")])],
)
def test_merging_news_date_against_the_kb_record_is_a_conflict_in_the_store(
    kg: treatykg.TreatyKG,
    tmp_path: Path,
    names: tuple[str, ...],
    claims: list[tuple[str, str, str]],
) -> None:
    _ingest(kg, tmp_path, names)
    found = sorted(tuple(str(v) for v in row.values()) for row in kg.sparql(_CLAIMS).records())
    assert found == claims
    # The KB's record is a claim and the event's record, not a source: the date is the KB's.
    assert _events(kg, "Suspension") == [("2023-02-28", "russia", 1, 1)]
    records = kg.sparql(
        "SELECT ?fact WHERE { GRAPH ?g { ?e a tkg:CanonicalEvent ; tkg:record ?fact } }"
    )
    assert [str(row["fact"]).rsplit("/", 2)[-2:] for row in records.records()] == [
        ["new-start", "suspension-russia"]
    ]
