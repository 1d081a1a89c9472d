"""Listing queries answer a page at a time: consecutive pages make up the whole answer."""

from __future__ import annotations

from pathlib import Path

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


def rows(kg: treatykg.TreatyKG, name: str, **params: object) -> list[tuple[str | None, ...]]:
    return [
        tuple(None if v is None else str(v) for v in row) for row in kg.sparql(name, **params).rows
    ]


# Each paged query with parameters that give the bundled sample several pages of `size`
# rows (the sample names one entity the KB lacks: a page of one, then an empty one);
# date-conflicts, empty on the sample, has its own test below.
PAGED = [
    ("treaty-timeline", {"treaty": "new-start"}, 3),
    ("who-said-what", {"treaty": "new-start"}, 2),
    ("single-source-events", {}, 3),
    ("single-source-events", {"treaty": "new-start"}, 3),
    ("events-with-sources", {}, 3),
    ("events-with-sources", {"treaty": "new-start", "min_sources": 2}, 1),
    ("actors-together", {}, 3),
    ("unlinked-entities", {}, 1),
    ("statements", {}, 3),
    ("events", {}, 3),
    ("quotes", {}, 3),
    ("statements-by-state", {"state": "Russia"}, 3),
    ("articles-by-outlet", {}, 3),
]


def test_queries_paging_covers_every_query_that_pages() -> None:
    """A query that declares `limit` and `offset` is in PAGED (so its pages are tested)."""
    declared = {
        q.name for q in runner.available() if {"limit", "offset"} <= {p.name for p in q.params}
    }
    assert declared == {name for name, _, _ in PAGED} | {"date-conflicts"}


@pytest.mark.parametrize(("name", "params", "size"), PAGED)
def test_queries_pages_are_consecutive_and_make_up_the_whole_answer(
    kg: treatykg.TreatyKG, name: str, params: dict[str, str], size: int
) -> None:
    whole = rows(kg, name, **params, limit=0)
    assert len(whole) >= size
    pages = [
        rows(kg, name, **params, limit=size, offset=start)
        for start in range(0, len(whole) + size, size)
    ]
    assert all(len(page) == size for page in pages[: len(whole) // size])
    assert [row for page in pages for row in page] == whole
    assert pages[-1] == []  # past the end: an empty page, not an error


@pytest.mark.parametrize(("name", "params", "size"), PAGED)
def test_queries_next_offset_walks_the_pages_to_the_whole_answer(
    kg: treatykg.TreatyKG, name: str, params: dict[str, str], size: int
) -> None:
    """What a notebook loop relies on: follow each result's next_offset until there is
    none, and the rows read are the whole answer; a DataFrame says the same."""
    whole = rows(kg, name, **params, limit=0)
    assert kg.sparql(name, **params, limit=0).next_offset is None
    read: list[tuple[str | None, ...]] = []
    offset: int | None = 0
    while offset is not None:
        result = kg.sparql(name, **params, limit=size, offset=offset)
        read += [tuple(None if v is None else str(v) for v in row) for row in result.rows]
        offset = result.next_offset
    assert read == whole
    first = kg.query(name, **params, limit=size)
    assert len(first) == size and first.attrs["next_offset"] == size


@pytest.mark.parametrize(("name", "params", "size"), PAGED)
def test_queries_default_page_is_the_one_the_header_declares(
    kg: treatykg.TreatyKG, name: str, params: dict[str, str], size: int
) -> None:
    declared = {p.name: p for p in runner.load(name).params}
    page, start = int(declared["limit"].default or ""), declared["offset"].default
    assert start == "0" and page >= 20 > size
    whole = rows(kg, name, **params, limit=0)
    assert rows(kg, name, **params) == whole[:page]


def test_queries_date_conflicts_page_by_page(tmp_path: Path) -> None:
    body = "New START entered into force on February {day}, 2011, {outlet} reports."
    for outlet, day in (("Alpha Wire", 5), ("Beta Daily", 6), ("Gamma Post", 7)):
        text = body.format(day=day, outlet=outlet)
        (tmp_path / f"{outlet.split()[0]}.txt").write_text(
            f"title: {outlet}\ndate: 2011-02-08\nsource: {outlet}\n\n{text}\n", encoding="utf-8"
        )
    with treatykg.open(":memory:") as graph:
        assert graph.ingest([tmp_path]).ok
        whole = rows(graph, "date-conflicts", limit=0)
        pages = [rows(graph, "date-conflicts", limit=1, offset=n) for n in range(len(whole))]
    assert len(whole) == 3 and [page[0] for page in pages] == whole


@pytest.mark.parametrize("value", ["-1", "-20"])
def test_queries_negative_page_numbers_are_errors(kg: treatykg.TreatyKG, value: str) -> None:
    with pytest.raises(QueryError, match="statements: parameter offset is a row count"):
        kg.sparql("statements", offset=value)


@pytest.mark.parametrize("name", ["statements", "treaty-timeline"])
def test_queries_list_shows_the_page_parameters(name: str) -> None:
    described = [p.describe() for p in runner.load(name).params]
    assert any(d.startswith("limit (integer, default ") for d in described)
    assert any(d.startswith("offset (integer, default 0)") for d in described)


@pytest.mark.parametrize("size", [1, 5])
def test_queries_latest_developments_take_as_many_as_asked(
    kg: treatykg.TreatyKG, size: int
) -> None:
    """A top-N answer takes its N as `limit` (20 by default); an earlier `before` pages back."""
    newest = rows(kg, "latest-developments", limit=size)
    dates = [row[0] or "" for row in rows(kg, "latest-developments")]
    assert len(dates) == 20 and len(newest) == size
    assert [row[0] for row in newest] == dates[:size]


@pytest.mark.parametrize(("params", "shown"), [
    ({"limit": "4"}, "--param offset=4</code> gives the next"),
    ({"limit": "4", "offset": "8"}, "--param offset=12</code> gives the next"),
])  # fmt: skip
def test_queries_result_page_says_it_is_one_page(
    kg: treatykg.TreatyKG, params: dict[str, str], shown: str
) -> None:
    from treatykg.views.pages import result_page

    full = result_page("statements", params, kg.sparql("statements", **params))
    last = result_page("statements", {"limit": "0"}, kg.sparql("statements", limit=0))
    assert shown in full and "gives the next" not in last


@pytest.mark.parametrize("default", [2, 5])
def test_queries_a_page_without_limit_has_the_header_default(
    kg: treatykg.TreatyKG, tmp_path: Path, default: int
) -> None:
    """A query's default page is the `limit` its header declares, whatever the answer holds."""
    path = tmp_path / "articles.rq"
    path.write_text(
        "# title: Articles\n# answers: every article\n"
        f"# param: limit (integer, default={default}) rows per page\n"
        "# param: offset (integer, default=0) rows to skip\n"
        "SELECT ?a WHERE { GRAPH ?g { ?a a tkg:Article } } ORDER BY ?a LIMIT ?limit OFFSET ?offset\n",
        encoding="utf-8",
    )
    whole = rows(kg, str(path), limit=0)
    assert len(whole) > default and rows(kg, str(path)) == whole[:default]
    assert rows(kg, str(path), offset=1) == whole[1 : default + 1]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("paging") / "store")
    with treatykg.open(location) as graph:
        assert graph.ingest([ARTICLES]).ok
    return location


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (["events", "-p", "limit=3"], "--param offset=3 gives the next"),
        (["events", "-p", "limit=3", "-p", "offset=3"], "--param offset=6 gives the next"),
        (["events", "-p", "limit=0"], None),  # every row
        (["events", "-p", "limit=10000"], None),  # fewer rows than a page: the whole answer
        (["SELECT ?s WHERE { GRAPH ?g { ?s a tkg:ReportedEvent } } LIMIT 3"], None),
    ],
)
def test_queries_cli_says_when_it_shows_one_page(
    sample_store: str, args: list[str], note: str | None
) -> None:
    """A terminal user must not take a page for the whole answer; the note goes to stderr,
    so CSV on stdout stays data."""
    from click.testing import CliRunner

    from treatykg.cli import cli

    done = CliRunner().invoke(cli, ["query", *args, "--store", sample_store, "--format", "csv"])
    assert done.exit_code == 0, done.output
    assert "note:" not in done.stdout
    if note is None:
        assert "one page" not in done.stderr
    else:
        assert note in done.stderr and "--param limit=0 every row" in done.stderr
