"""The ingest pipeline keeps what users rely on: no copy erases a richer one, counts are true,
one oversized or broken input never costs the others, and a failed remote write says how far
it got."""

from __future__ import annotations

import gc
import json
import re
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest
from treatykg.graph.kb import standalone_lexicon
from treatykg.graph.store import TreatyStore, open_store

import treatykg
from treatykg.pipeline import Failure, IngestInterrupted, extract_paths, ingest

BODY = (
    "Russian Deputy Foreign Minister Sergei Ryabkov said on Friday that Moscow was ready to "
    "discuss New START.\n"
    "\u201cWe are ready to talk,\u201d Ryabkov told reporters in Vienna on Friday.\n"
)
DATED = (
    "title: Negotiators meet in Vienna\ndate: 2025-03-14\nsource: Test Wire\n"
    f"url: https://example.org/vienna\n\n{BODY}"
)
# The same story as it arrived raw: a headline line, no date, no outlet.
UNDATED = f"Negotiators meet in Vienna\n\n{BODY}"


def _articles(store: TreatyStore) -> list[tuple[str | None, ...]]:
    rows = store.query(
        """SELECT ?date ?title ?source WHERE { GRAPH ?g { ?a a tkg:Article .
             OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a dcterms:title ?title }
             OPTIONAL { ?a schema:publisher ?source } } }"""
    ).rows
    return [tuple(None if v is None else str(v) for v in row) for row in rows]


def _quote_dates(store: TreatyStore) -> list[str | None]:
    rows = store.query(
        "SELECT ?d WHERE { GRAPH ?g { ?u a tkg:Utterance OPTIONAL { ?u tkg:date ?d } } }"
    ).rows
    return [None if row[0] is None else str(row[0]) for row in rows]


@pytest.mark.parametrize(
    "order, one_run",
    [
        (("dated", "undated"), False),
        (("undated", "dated"), False),
        (("dated", "undated"), True),
        (("undated", "dated"), True),
    ],
)
def test_pipeline_poorer_copy_never_erases_the_richer_ones_date(
    store: TreatyStore, tmp_path: Path, order: tuple[str, str], one_run: bool
) -> None:
    files = {"dated": tmp_path / "corpus-twin.txt", "undated": tmp_path / "raw-seed.txt"}
    files["dated"].write_text(DATED, encoding="utf-8")
    files["undated"].write_text(UNDATED, encoding="utf-8")
    if one_run:
        reports = [ingest(store, [files[name] for name in order])]
    else:
        reports = [ingest(store, [files[name]]) for name in order]
    assert _articles(store) == [("2025-03-14", "Negotiators meet in Vienna", "Test Wire")]
    assert _quote_dates(store) == ["2025-03-14"]
    assert sum(r.articles for r in reports) == 2
    assert sum(r.replaced for r in reports) == 1
    last = reports[-1]
    if order[-1] == "undated":  # the poorer copy came last and kept what it lacked
        assert last.kept == {"published": 1, "source": 1, "url": 1}
        assert "1 replaced; kept an earlier copy's date for 1, source for 1, url for 1" in (
            last.summary()
        )
        assert last.notes == [
            f"{files['undated']}: same text as {files['dated']}, which it replaces; kept that "
            "copy's date 2025-03-14, source Test Wire, url https://example.org/vienna"
        ]
        assert last.undated == 0
    else:
        assert last.kept == {} and last.notes == []


@pytest.mark.parametrize("new_date", ["2025-03-21"])
def test_pipeline_copy_with_other_metadata_replaces_it(tmp_path: Path, new_date: str) -> None:
    """A copy that states a different date is a correction: it wins, nothing is kept."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(DATED, encoding="utf-8")
    second.write_text(DATED.replace("2025-03-14", new_date), encoding="utf-8")
    with open_store(":memory:") as store:
        ingest(store, [first])
        report = ingest(store, [second])
        assert [row[0] for row in _articles(store)] == [new_date]
    assert report.replaced == 1 and report.kept == {}


@pytest.mark.parametrize("batch_size", [1, 25])
def test_pipeline_counts_copies_replaced_within_one_run(tmp_path: Path, batch_size: int) -> None:
    """Two files with one text: one article stored, and the summary says one replaced the
    other, whether they were written in one transaction or two."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DATED, encoding="utf-8")
    with open_store(":memory:") as store:
        report = ingest(store, [tmp_path], batch_size=batch_size)
        assert len(_articles(store)) == 1
    assert (report.articles, report.replaced) == (2, 1)
    assert "2 articles from 2 files (1 replaced)" in report.summary()


@pytest.mark.parametrize("limit, size", [(1_000, 2_000)])
def test_pipeline_article_over_the_size_limit_is_reported_and_the_rest_stored(
    tmp_path: Path, limit: int, size: int
) -> None:
    (tmp_path / "big.txt").write_text("Talks went on. " * (size // 15), encoding="utf-8")
    (tmp_path / "good.txt").write_text(DATED, encoding="utf-8")
    with open_store(":memory:") as store:
        report = ingest(store, [tmp_path], max_article_bytes=limit)
        assert len(_articles(store)) == 1
    big = (tmp_path / "big.txt").stat().st_size
    assert [str(f) for f in report.failures] == [
        f"{tmp_path / 'big.txt'}: article is {big:,} bytes, over the {limit:,}-byte limit "
        "(--max-article-size); skipped"
    ]
    assert report.articles == 1


@pytest.mark.parametrize("bad_lines", [{7: "{not json", 13: '{"title": "no text"}'}])
def test_pipeline_jsonl_keeps_every_good_record_and_names_the_bad_lines(
    tmp_path: Path, bad_lines: dict[int, str]
) -> None:
    lines = [
        bad_lines.get(n)
        or json.dumps(
            {"date": "2025-03-14", "text": f"Report number {n}: Moscow said it would talk."}
        )
        for n in range(1, 21)
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(":memory:") as store:
        report = ingest(store, [dump])
        assert len(_articles(store)) == 18
    [failure] = report.failures
    assert failure.name == str(dump)
    assert failure.reason.startswith("2 of 20 lines skipped: line 7 (not a JSON object")
    assert "line 13 (each line needs a JSON object with a non-empty 'text')" in failure.reason
    assert failure.reason.endswith("the other 18 were read")


@pytest.mark.parametrize("records", [2])
def test_pipeline_extract_names_every_record_of_a_file(tmp_path: Path, records: int) -> None:
    """Each record of a JSON Lines file gets its own output name, so none overwrites another."""
    dump = tmp_path / "news.jsonl"
    dump.write_text(
        "".join(json.dumps({"text": f"Story {n}: talks resumed."}) + "\n" for n in range(records)),
        encoding="utf-8",
    )
    names = [name for name, _ in extract_paths([dump], standalone_lexicon([]))]
    assert names == [f"news-{n}" for n in range(1, records + 1)]


@pytest.mark.parametrize("read", [0, 1, 3])
def test_pipeline_extraction_leaves_the_callers_collector_settings_as_they_were(
    tmp_path: Path, read: int
) -> None:
    """Bulk extraction collects garbage less often while it runs; a notebook that reads
    all of it, some of it or none sees its own `gc` thresholds again afterwards."""
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(DATED, encoding="utf-8")
    before = gc.get_threshold()
    gc.set_threshold(900, 11, 12)
    try:
        found = extract_paths(sorted(tmp_path.iterdir()), standalone_lexicon([]))
        taken = [next(found) for _ in range(read)]
        found.close()
        assert (len(taken), gc.get_threshold()) == (read, (900, 11, 12))
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize("limit", [1_000])
def test_pipeline_extract_skips_articles_over_the_limit(tmp_path: Path, limit: int) -> None:
    (tmp_path / "long.txt").write_text(DATED + "They talked. " * 100, encoding="utf-8")
    (tmp_path / "short.txt").write_text(UNDATED, encoding="utf-8")
    failures: list[Failure] = []
    found = extract_paths(
        [tmp_path], standalone_lexicon([]), failures=failures, max_article_bytes=limit
    )
    assert [name for name, _ in found] == ["short"]
    assert [f.reason for f in failures] == [
        f"article is {(tmp_path / 'long.txt').stat().st_size:,} bytes, over the 1,000-byte "
        "limit (--max-article-size); skipped"
    ]


@pytest.mark.parametrize("undated", [1])
def test_pipeline_stats_count_undated_articles_and_mentions(tmp_path: Path, undated: int) -> None:
    (tmp_path / "dated.txt").write_text(DATED, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(UNDATED.replace("Friday", "Monday"), encoding="utf-8")
    with treatykg.open(":memory:") as kg:
        report = kg.ingest([tmp_path])
        stats = kg.stats()
    assert stats["articles"] == 2
    assert stats["articles_without_date"] == report.undated == undated
    assert stats["mentions"] == report.mentions


@pytest.mark.slow
@pytest.mark.parametrize("batch_size, killed_at", [(2, 3)])
def test_pipeline_remote_failure_says_how_many_articles_were_committed(
    doomed_oxigraph_server: tuple[str, subprocess.Popen[bytes]],
    tmp_path: Path,
    batch_size: int,
    killed_at: int,
) -> None:
    base, server = doomed_oxigraph_server
    for n in range(1, 6):
        (tmp_path / f"{n}.txt").write_text(DATED.replace("Vienna", f"Vienna {n}"), "utf-8")
    extracted = 0

    def kill_server_midway(_article: object) -> None:
        nonlocal extracted
        extracted += 1
        if extracted == killed_at:  # the first batch is in; the second never will be
            server.terminate()
            server.wait(timeout=10)

    with open_store(base) as store, pytest.raises(IngestInterrupted) as info:
        ingest(store, [tmp_path], batch_size=batch_size, on_article=kill_server_midway)
    assert info.value.committed == batch_size
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("cannot reach the SPARQL endpoint")
    assert (
        f"; {batch_size} of the {2 * batch_size} articles read so far were committed before the failure; "
        in (message)
    )
    assert "re-run the same ingest to finish" in message


def _connected(pid: int, port: int) -> bool:
    """Whether process `pid` holds a TCP connection to `port` on loopback."""
    return any(c.raddr and c.raddr.port == port for c in psutil.Process(pid).net_connections("tcp"))


class _LostReplies(socketserver.ThreadingTCPServer):
    """A loopback relay to a real SPARQL server that passes every request on but drops
    the reply to the first update holding `marker`: the server commits it, the client
    never hears so (a network dropped after the commit)."""

    daemon_threads = True

    def __init__(self, target: str, marker: bytes) -> None:
        self.target = urllib.parse.urlsplit(target)
        self.marker = marker
        self.dropped = 0
        super().__init__(("127.0.0.1", 0), _Relay)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Relay(socketserver.StreamRequestHandler):
    server: _LostReplies

    def handle(self) -> None:
        head = b"".join(iter(self.rfile.readline, b"\r\n")) + b"\r\n"
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        body = self.rfile.read(int(length[1])) if length else b""
        target = self.server.target
        with socket.create_connection((target.hostname, target.port)) as upstream:
            upstream.sendall(head + body)
            reply = b"".join(iter(lambda: upstream.recv(65536), b""))
        if (
            self.server.dropped == 0
            and head.startswith(b"POST /update")
            and self.server.marker in body
        ):
            self.server.dropped += 1
            return  # the connection closes with no reply
        self.wfile.write(reply)


@pytest.mark.slow
@pytest.mark.parametrize("batch_size", [3])
def test_pipeline_remote_reply_lost_after_commit_says_the_batch_may_be_stored(
    doomed_oxigraph_server: tuple[str, subprocess.Popen[bytes]], tmp_path: Path, batch_size: int
) -> None:
    """The server commits the first batch but its reply never arrives: ingest cannot know
    the batch is stored, so it must not report it lost."""
    base, _ = doomed_oxigraph_server
    for n in range(2 * batch_size):
        (tmp_path / f"a{n}.txt").write_text(
            f"Moscow said on Friday it was ready to talk. Report {n}."
        )
    with open_store(base):
        pass  # the KB goes in through the server itself, not the relay
    relay = _LostReplies(base, marker=b"ExtractionRun")
    threading.Thread(target=relay.serve_forever, daemon=True).start()
    try:
        with open_store(relay.base) as store, pytest.raises(IngestInterrupted) as info:
            ingest(store, [tmp_path], batch_size=batch_size, derive=False)
    finally:
        relay.shutdown()
        relay.server_close()
    assert relay.dropped == 1
    assert _article_count(base) == batch_size  # the batch whose reply was lost is stored
    message = str(info.value)
    assert info.value.committed == 0
    assert "\n" not in message
    assert "broke off its reply" in message
    assert "committed before the failure (the batch being written may have been too)" in message


def _article_count(base: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/treatykg/ontology#Article> } }"
    request = urllib.request.Request(
        f"{base}/query",
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.slow
@pytest.mark.parametrize("first_batch", [25])
def test_pipeline_cli_remote_failure_is_one_line_with_the_committed_count(
    doomed_oxigraph_server: tuple[str, subprocess.Popen[bytes]], first_batch: int
) -> None:
    """Records stream in from a pipe; the server dies after the first batch is committed."""
    base, server = doomed_oxigraph_server
    exe = Path(sys.executable).with_name("treatykg")
    ingesting = subprocess.Popen(
        [str(exe), "ingest", "-", "--format", "jsonl", "--store", base, "-q"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert ingesting.stdin is not None
    record = {"date": "2025-03-14", "text": "Moscow said on Friday it was ready to talk."}
    for n in range(first_batch):
        line = json.dumps({**record, "text": f"{record['text']} Report {n}."}) + "\n"
        ingesting.stdin.write(line.encode())
    ingesting.stdin.flush()
    deadline = time.monotonic() + 60
    port = int(base.rsplit(":", 1)[1])
    # The first commit is in, and its reply read: killing the server while the reply is
    # on its way would leave the batch's fate unknown to ingest (a test of its own below).
    while _article_count(base) < first_batch or _connected(ingesting.pid, port):
        assert time.monotonic() < deadline, "the first batch never reached the server"
        time.sleep(0.1)
    server.terminate()
    server.wait(timeout=10)
    ingesting.stdin.write((json.dumps(record) + "\n").encode())
    _, err = ingesting.communicate(timeout=120)
    lines = err.decode().strip().splitlines()
    assert ingesting.returncode == 1
    assert len(lines) == 1 and "Traceback" not in lines[0]
    assert f"{first_batch} of the {first_batch + 1} articles read so far were committed" in lines[0]


@pytest.mark.parametrize(
    "size, code, expected",
    [
        ("1kB", 1, "over the 1,000-byte limit (--max-article-size); skipped"),
        ("5MB", 0, "2 articles from 2 files"),
        ("lots", 2, "'lots' is not a size"),
    ],
)
def test_pipeline_cli_max_article_size_takes_human_sizes(
    tmp_path: Path, size: str, code: int, expected: str
) -> None:
    (tmp_path / "long.txt").write_text(DATED + "They talked. " * 100, encoding="utf-8")
    (tmp_path / "short.txt").write_text(UNDATED.replace("Friday", "Monday"), encoding="utf-8")
    exe = Path(sys.executable).with_name("treatykg")
    done = subprocess.run(
        [str(exe), "ingest", str(tmp_path), "--store", str(tmp_path / "s"), "--max-article-size", size],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == code
    assert expected in done.stderr


@pytest.mark.parametrize("limit", ["1kB"])
def test_pipeline_cli_stdin_over_the_limit_is_refused_unread(tmp_path: Path, limit: str) -> None:
    """An article piped in larger than the limit is refused after reading just past it."""
    exe = Path(sys.executable).with_name("treatykg")
    done = subprocess.run(
        [str(exe), "ingest", "-", "--store", str(tmp_path / "s"), "--max-article-size", limit],
        input=("They talked. " * 10_000).encode(), capture_output=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert (
        "error: <stdin>: article is over the 1,000-byte limit (--max-article-size); skipped"
        in done.stderr.decode()
    )


def _stored_counts(store: TreatyStore) -> tuple[int, int, int]:
    """(quotes, mentions, triples) the store holds in its article graphs."""
    [row] = store.query(
        """SELECT (COUNT(DISTINCT ?u) AS ?quotes) (COUNT(DISTINCT ?m) AS ?mentions) WHERE {
             GRAPH ?g { { ?u a tkg:Utterance } UNION { ?m tkg:mentionOf ?entity } } }"""
    ).rows
    triples = sum(store.count(graph) for graph in store.article_graphs())
    return int(str(row[0])), int(str(row[1])), triples


@pytest.mark.parametrize("batch_size", [1, 25])
def test_pipeline_summary_counts_what_is_stored_not_every_copy(
    tmp_path: Path, batch_size: int
) -> None:
    """An article and its undated twin: two copies read, one stored, and the summary's
    quotes, mentions and triples are the stored copy's, whether the copies shared a batch."""
    (tmp_path / "corpus-twin.txt").write_text(DATED, encoding="utf-8")
    (tmp_path / "raw-seed.txt").write_text(UNDATED, encoding="utf-8")
    with open_store(":memory:") as store:
        report = ingest(store, [tmp_path], batch_size=batch_size)
        stored = _stored_counts(store)
    with open_store(":memory:") as alone:
        single = ingest(alone, [tmp_path / "corpus-twin.txt"])
    assert stored[:2] == (1, single.mentions)
    assert (report.quotes, report.mentions, report.triples) == stored
    assert (report.entities, report.events, report.dates, report.undated) == (
        single.entities, single.events, single.dates, single.undated
    )  # fmt: skip
    assert (report.articles, report.replaced) == (2, 1)
    assert ", 1 quotes, " in report.summary()


@pytest.mark.parametrize("count", [600])  # over two windows of files in flight
def test_pipeline_workers_hand_back_every_article_in_order_across_windows(count: int) -> None:
    """While the parent writes, the workers already extract the next window: every
    article still comes back once, with its own quads, in the order read."""
    from treatykg.ingest import Article

    from treatykg.pipeline import _article_quads

    articles = [Article(f"Article number {n} says nothing.") for n in range(count)]
    pairs = list(_article_quads(iter(articles), standalone_lexicon(), 2))
    assert [a.key for a, _ in pairs] == [a.key for a in articles]
    assert all(built.key == article.key for article, built in pairs)
