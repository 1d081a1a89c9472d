"""What a timeline shows, read from the store: each happening once with every report of it,
its quotes, conflicts and KB record, narrowed by treaty, actor, type and dates
(graph.timeline_io, TreatyKG.timeline_events), and the status frame's notation column."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    HOSTILE_HTML_ACTOR,
    HOSTILE_HTML_OUTLET,
    HOSTILE_HTML_QUOTE,
    HOSTILE_HTML_TITLE,
    HOSTILE_HTML_URL,
    INF,
    NEW_START,
    PESKOV,
    RU,
    US,
    HostileHtml,
)
from treatykg.graph import timeline_sources
from treatykg.graph.articles import article_urls
from treatykg.graph.dates import date_sort_key
from treatykg.graph.status_lookup import named_periods
from treatykg.graph.store import TreatyStore
from treatykg.graph.timeline_io import TimelineEvent, count_by_treaty, read_timeline

import treatykg
from treatykg.errors import KnowledgeBaseError, QueryError

# Our own one-sentence articles: {file: (title, published, outlet, url, body)}.
NEWS = {
    "alpha.txt": (
        "Russia halts New START", "2023-03-01", "Alpha Wire", "https://alpha.example/halt",
        "Russia suspended its participation in the New START treaty on February 28, 2023.",
    ),
    "beta.txt": (
        "Moscow suspends arms pact", "2023-03-02", "Beta Daily", "https://beta.example/pact",
        "Moscow suspended its participation in New START on 28 February 2023, the Kremlin said.",
    ),
    "gamma.txt": (
        "US leaves INF", "2019-08-03", "Gamma Post", "https://gamma.example/inf",
        "The United States withdrew from the INF Treaty on August 2, 2019.",
    ),
    "delta.txt": (
        "Talks recalled", "2024-05-01", "Delta News", "https://delta.example/talks",
        "Russia and the United States held talks on New START in 2021.",
    ),
    "echo.txt": (
        "Kremlin speaks", "2023-03-03", "Echo Times", "https://echo.example/kremlin",
        '"We will not return to New START soon," Kremlin spokesman Dmitry Peskov said on Thursday.',
    ),
    "foxtrot.txt": (
        "Treaty in force", "2011-02-07", "Foxtrot Wire", "https://foxtrot.example/a",
        "New START entered into force on February 5, 2011, officials said.",
    ),
    "golf.txt": (
        "Treaty in force too", "2011-02-07", "Golf Daily", "https://golf.example/b",
        "New START entered into force on February 6, 2011, officials said.",
    ),
}  # fmt: skip
# What each news event is: (type, date label) -> its treaty.
NEWS_EVENTS = {
    ("entry_into_force", "2011-02-05"): NEW_START,
    ("withdrawal", "2019-08-02"): INF,
    ("negotiation", "2021"): NEW_START,
    ("suspension", "2023-02-28"): NEW_START,
    ("statement", "2023-03-02"): NEW_START,
}


def write(folder: Path, articles: dict[str, tuple[str, str, str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, published, outlet, url, body) in articles.items():
        (folder / name).write_text(
            f"title: {title}\ndate: {published}\nsource: {outlet}\nurl: {url}\n\n{body}\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Iterator[treatykg.TreatyKG]:
    """An on-disk store of NEWS, derived."""
    root = tmp_path_factory.mktemp("timeline")
    with treatykg.open(str(root / "store")) as kg:
        kg.ingest([write(root / "in", NEWS)])
        yield kg


def news_events(found: list[TimelineEvent]) -> dict[tuple[str, str | None], TimelineEvent]:
    """The events articles report, by (type, date label): each must be there once."""
    reported = [e for e in found if e.reports]
    keyed = {(e.type, e.label): e for e in reported}
    assert len(keyed) == len(reported), "a happening came back twice"
    return keyed


@pytest.mark.parametrize(
    "what, sources",
    [
        (
            ("suspension", "2023-02-28"),
            [
                ("Alpha Wire", "Russia halts New START", "https://alpha.example/halt", "2023-03-01"),
                ("Beta Daily", "Moscow suspends arms pact", "https://beta.example/pact", "2023-03-02"),
            ],
        )
    ],
)  # fmt: skip
def test_timeline_io_merged_event_carries_every_report(
    news: treatykg.TreatyKG, what: tuple[str, str], sources: list[tuple[str, ...]]
) -> None:
    event = news_events(read_timeline(news.store))[what]
    assert [(r.outlet, r.title, r.url, r.published) for r in event.reports] == sources
    assert all(
        r.evidence.startswith(("Russia suspended", "Moscow suspended")) for r in event.reports
    )
    assert {r.date_label for r in event.reports} == {what[1]}
    assert len({r.article for r in event.reports}) == len(sources)
    # Two outlets, and the KB's record of the same suspension: three independent sources.
    assert (event.sources, event.from_kb, event.kb_note is not None) == (3, True, True)


@pytest.mark.parametrize(
    "what, start, end, precision", [(("negotiation", "2021"), date(2021, 1, 1), date(2021, 12, 31), "year")]
)  # fmt: skip
def test_timeline_io_year_event_is_its_whole_year(
    news: treatykg.TreatyKG, what: tuple[str, str], start: date, end: date, precision: str
) -> None:
    event = news_events(read_timeline(news.store))[what]
    assert (event.start, event.end, event.precision, event.label) == (
        start,
        end,
        precision,
        what[1],
    )
    assert [r.date_label for r in event.reports] == [what[1]]
    assert {a for a, _ in event.actors} == {RU, US}
    assert (event.treaty, event.treaty_label) == (NEW_START, "New START")


@pytest.mark.parametrize("what", [("suspension", "2023-02-28", NEW_START)])
def test_timeline_io_kb_fact_a_happening_records_shows_once(
    news: treatykg.TreatyKG, tmp_path: Path, what: tuple[str, str, str]
) -> None:
    def same(found: list[TimelineEvent]) -> list[TimelineEvent]:
        return [e for e in found if (e.type, e.label, e.treaty) == what]

    (merged,) = same(read_timeline(news.store))
    assert (
        merged.reports
        and merged.from_kb
        and merged.key.startswith("https://w3id.org/treatykg/id/happening/")
    )
    with treatykg.open(str(tmp_path / "kb-only")) as kb_only:  # no article: the KB's fact alone
        (alone,) = same(read_timeline(kb_only.store))
    assert (alone.reports, alone.from_kb, alone.sources) == ((), True, 1)
    assert alone.key.startswith("https://w3id.org/treatykg/id/fact/")
    assert alone.kb_note == merged.kb_note and alone.kb_source == merged.kb_source


@pytest.mark.parametrize(
    "asked, news_wanted, every",
    [
        ({"treaties": [INF]}, {("withdrawal", "2019-08-02")}, lambda e: e.treaty == INF),
        (
            {"actors": [PESKOV]},
            {("statement", "2023-03-02")},
            lambda e: PESKOV in {a for a, _ in e.actors},
        ),
        ({"types": ["negotiation"]}, {("negotiation", "2021")}, lambda e: e.type == "negotiation"),
        (  # a period that reaches into the range counts: 2021 overlaps June 2021
            {"start": date(2021, 6, 1), "end": date(2021, 6, 30)},
            {("negotiation", "2021")},
            lambda e: e.start is not None and e.end is not None
            and e.end >= date(2021, 6, 1) and e.start <= date(2021, 6, 30),
        ),
        (  # undated events go when a range is asked
            {"start": date(2023, 1, 1)},
            {("suspension", "2023-02-28"), ("statement", "2023-03-02")},
            lambda e: e.end is not None and e.end >= date(2023, 1, 1),
        ),
        (
            {"treaties": [NEW_START], "actors": [RU], "types": ["suspension", "negotiation"]},
            {("suspension", "2023-02-28"), ("negotiation", "2021")},
            lambda e: e.treaty == NEW_START and e.type in {"suspension", "negotiation"},
        ),
    ],
    ids=["treaty", "actor", "type", "overlapping-range", "from", "combined"],
)  # fmt: skip
def test_timeline_io_filters_keep_what_was_asked(
    news: treatykg.TreatyKG, asked: dict[str, Any], news_wanted: set[tuple[str, str]], every: Any
) -> None:
    found = read_timeline(news.store, **asked)
    assert set(news_events(found)) == news_wanted
    assert found and all(every(e) for e in found)


@pytest.mark.parametrize("treaty", [NEW_START, INF])
def test_timeline_io_one_treaty_reads_as_its_part_of_all(
    news: treatykg.TreatyKG, treaty: str
) -> None:
    """A treaty is read by another plan than the whole store: both must agree."""
    whole = [e for e in read_timeline(news.store) if e.treaty == treaty]
    assert read_timeline(news.store, treaties=[treaty]) == whole


@pytest.mark.parametrize("treaty", [NEW_START, INF])
def test_timeline_io_count_by_treaty_counts_what_the_timeline_shows(
    news: treatykg.TreatyKG, treaty: str
) -> None:
    """The index of pages counts each treaty's events without reading them all: the same
    number as the treaty's timeline."""
    counts = count_by_treaty(news.store)
    assert counts[treaty] == len(read_timeline(news.store, treaties=[treaty])) > 0
    assert sum(counts.values()) == len([e for e in read_timeline(news.store) if e.treaty])


@pytest.mark.parametrize(
    "others, expected",
    [(["https://e.org/a>b", US], {"https://alpha.example/halt"}), ([], set())],
    ids=["some", "none"],
)
def test_articles_urls_of_the_articles_asked(
    news: treatykg.TreatyKG, others: list[str], expected: set[str]
) -> None:
    """Pages link an article to its story; an IRI that is no article (or no IRI) has none."""
    every = article_urls(news.store)
    assert {"https://alpha.example/halt", "https://gamma.example/inf"} <= set(every.values())
    alpha = [iri for iri, url in every.items() if url in expected]
    assert set(article_urls(news.store, [*alpha, *others]).values()) == expected


@pytest.mark.parametrize(
    ("start", "end", "wanted"),
    [
        ("2023", None, {("suspension", "2023-02-28"), ("statement", "2023-03-02")}),
        ("2021", "2021", {("negotiation", "2021")}),
        (None, "2011-02", {("entry_into_force", "2011-02-05")}),
    ],
)
def test_api_timeline_events_take_a_year_or_month_as_a_bound(
    news: treatykg.TreatyKG, start: str | None, end: str | None, wanted: set[tuple[str, str]]
) -> None:
    """`--from 2023` starts on 1 January and `--to 2021` reaches 31 December, as for the
    network."""
    assert set(news_events(news.timeline_events(start=start, end=end))) == wanted


@pytest.mark.parametrize("named", [0])
def test_timeline_io_quotes_read_alike_by_name_or_by_scan(
    news: treatykg.TreatyKG, monkeypatch: pytest.MonkeyPatch, named: int
) -> None:
    """Quotes of a few articles are read by their graphs, of many by one scan: same quotes."""
    by_name = read_timeline(news.store)
    monkeypatch.setattr(timeline_sources, "_NAMED_ARTICLES", named)
    by_scan = read_timeline(news.store)
    assert by_scan == by_name and any(e.quotes for e in by_scan)


@pytest.mark.parametrize("treaty, news_wanted", [(NEW_START, 4)])
def test_timeline_io_reads_alike_on_every_backend(
    store: TreatyStore, tmp_path: Path, treaty: str, news_wanted: int
) -> None:
    """Memory, disk and a SPARQL endpoint: the same events, by either plan."""
    kg = treatykg.TreatyKG(store)
    kg.ingest([write(tmp_path / "in", NEWS)])
    whole = [e for e in read_timeline(store) if e.treaty == treaty]
    assert read_timeline(store, treaties=[treaty]) == whole
    assert len([e for e in whole if e.reports]) == news_wanted
    assert all(r.url and r.title for e in whole for r in e.reports)


@pytest.mark.parametrize("asked, year", [({}, 2021), ({"treaties": [NEW_START]}, 2021)])
def test_timeline_io_sorted_as_dates_read(
    news: treatykg.TreatyKG, asked: dict[str, Any], year: int
) -> None:
    """Oldest first, and a year after every day inside it (never as if it were 1 January)."""
    found = read_timeline(news.store, **asked)
    keys = [date_sort_key(e.start, e.precision) for e in found]
    assert keys == sorted(keys)
    order = [(e.start.year, e.precision) for e in found if e.start is not None]
    days = [i for i, (y, precision) in enumerate(order) if y == year and precision == "day"]
    assert days and order.index((year, "year")) > max(days)


@pytest.mark.parametrize(
    "what, quote, conflict",
    [
        (
            ("statement", "2023-03-02"),
            ("Dmitry Peskov", "We will not return to New START soon,"),
            None,
        ),
        (
            ("entry_into_force", "2011-02-05"),
            None,
            ("date", (("2011-02-05", ("Foxtrot Wire", "knowledge base")), ("2011-02-06", ("Golf Daily",)))),
        ),
    ],
    ids=["quote", "date-conflict"],
)  # fmt: skip
def test_timeline_io_quotes_and_conflicts_are_attached(
    news: treatykg.TreatyKG,
    what: tuple[str, str],
    quote: tuple[str, str] | None,
    conflict: tuple[str, Any] | None,
) -> None:
    event = news_events(read_timeline(news.store))[what]
    assert [(q.speaker, q.text) for q in event.quotes] == ([quote] if quote else [])
    assert all(q.article == event.reports[0].article for q in event.quotes)
    assert [(c.field, c.claims) for c in event.conflicts] == ([conflict] if conflict else [])


@pytest.mark.parametrize(
    "source, actor, quote",
    [(
        (HOSTILE_HTML_TITLE, HOSTILE_HTML_OUTLET, HOSTILE_HTML_URL),
        HOSTILE_HTML_ACTOR,
        HOSTILE_HTML_QUOTE,
    )],
)  # fmt: skip
def test_timeline_io_hostile_text_comes_back_verbatim(
    hostile_html: HostileHtml,
    tmp_path: Path,
    source: tuple[str, str, str],
    actor: str,
    quote: str,
) -> None:
    """Escaping is each page's job: the records hold the text exactly as stored."""
    with treatykg.open(str(tmp_path / "store"), kb_dirs=[hostile_html.kb]) as kg:
        kg.ingest([hostile_html.articles])
        found = [e for e in kg.timeline_events("New START") if e.reports]
    assert found and all((r.title, r.outlet, r.url) == source for e in found for r in e.reports)
    assert all(actor in {name for _, name in e.actors} for e in found)
    assert quote in {q.text for e in found for q in e.quotes}


@pytest.mark.parametrize(
    "call, error, says",
    [
        ({"types": ["suspend"]}, QueryError, "no event type 'suspend'"),
        ({"start": date(2024, 1, 1), "end": date(2023, 1, 1)}, QueryError, "swap the dates"),
        ({"treaties": ["not an iri"]}, QueryError, "is not a valid IRI"),
    ],
    ids=["type", "range", "iri"],
)
def test_timeline_io_bad_filters_are_clear_errors(
    news: treatykg.TreatyKG, call: dict[str, Any], error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        read_timeline(news.store, **call)


@pytest.mark.parametrize(
    "args, asked",
    [
        (
            (("INF",), {"actors": ["United States"], "start": "2019-01-01"}),
            {"treaties": [INF], "actors": [US], "start": date(2019, 1, 1)},
        ),
        (((), {"actors": [PESKOV], "types": ["statement"]}), {"actors": [PESKOV], "types": ["statement"]}),
    ],
    ids=["names", "iri"],
)  # fmt: skip
def test_api_timeline_events_resolves_names(
    news: treatykg.TreatyKG, args: tuple[tuple[str, ...], dict[str, Any]], asked: dict[str, Any]
) -> None:
    treaties, options = args
    found = news.timeline_events(*treaties, **options)
    assert found == read_timeline(news.store, **asked) and found


@pytest.mark.parametrize(
    "call, error, says",
    [
        ((("Atlantis Accord",), {}), KnowledgeBaseError, "no Treaty named 'Atlantis Accord'"),
        (((), {"actors": ["Narnia"]}), KnowledgeBaseError, "no entity named 'Narnia'"),
        (
            ((), {"start": "28 Feb 2023"}),
            QueryError,
            "start: '28 Feb 2023' is not a date: give YYYY-MM-DD, YYYY-MM or YYYY",
        ),
    ],
    ids=["treaty", "actor", "date"],
)
def test_api_timeline_events_unknown_names_are_clear_errors(
    kg: treatykg.TreatyKG,
    call: tuple[tuple[str, ...], dict[str, Any]],
    error: type[Exception],
    says: str,
) -> None:
    with pytest.raises(error, match=says):
        kg.timeline_events(*call[0], **call[1])


@pytest.mark.parametrize(
    "treaty, party, on, code, label",
    [
        ("New START", "Russia", "2024-06-01", "suspended", "participation suspended"),
        ("INF", None, "2020-01-01", "terminated", "terminated"),
    ],
)
def test_api_status_frame_names_each_status_by_its_notation(
    kg: treatykg.TreatyKG, treaty: str, party: str | None, on: str, code: str, label: str
) -> None:
    frame = kg.status(treaty, on=on, party=party)
    row = frame.iloc[-1]
    assert (row["code"], row["status"]) == (code, label)
    assert list(frame.columns[:4]) == ["treaty", "party", "status", "code"]


@pytest.mark.parametrize(
    "treaty", ["New START", "Treaty on the Non-Proliferation of Nuclear Weapons"]
)
def test_status_lookup_named_periods_name_parties_as_status_does(
    kg: treatykg.TreatyKG, treaty: str
) -> None:
    """The timeline's bands and `treatykg status` name each period's party alike ("all
    parties", "other parties", a state's name)."""
    frame = kg.status(treaty)
    iri = str(frame.attrs["treaty_iri"])
    found = named_periods(kg.store, iri)
    assert found
    assert [(p.party, p.code, p.label) for p in found] == [
        (r["party"], r["code"], r["status"]) for r in frame.to_dict("records")
    ]
    assert {p.treaty for p in found} == {iri}
