"""The treatykg command, run as users run it: exit codes, one-line errors, and its outputs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from treatykg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("treatykg")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)


def test_cli_ingest_bad_file_is_reported_and_the_rest_go_in(
    tmp_path: Path, articles_dir: Path
) -> None:
    (articles_dir / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    store = str(tmp_path / "s")
    done = run("ingest", str(articles_dir), "--store", store)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {articles_dir / 'broken.txt'}: binary data (NUL bytes), not an article; skipped"
    ]
    assert "3 articles from 4 files" in done.stderr
    stats = json.loads(run("stats", "--store", store, "--format", "json").stdout)
    assert stats["articles"] == 3


def test_cli_ingest_on_a_terminal_shows_progress_with_a_rate(
    tmp_path: Path, articles_dir: Path
) -> None:
    """On a terminal, ingest shows a progress bar with articles/s, then the summary."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    exe = Path(sys.executable).with_name("treatykg")
    main, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    with os.fdopen(main, "rb", buffering=0) as screen:
        process = subprocess.Popen(
            [str(exe), "ingest", str(articles_dir), "--store", str(tmp_path / "s")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal,
        )  # fmt: skip
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = screen.read(4096)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            seen += chunk
        assert process.wait(timeout=120) == 0
    text = seen.decode(errors="replace")
    assert re.search(r"3 articles \[[^\]]*articles/s\]", text), text
    assert ": 3 articles from 3 files" in text


def made(location: Path) -> str:
    """A new, empty treatykg store (the KB alone): read-only commands never create one."""
    from treatykg.graph.store import open_store

    open_store(str(location)).close()
    return str(location)


def test_cli_kb_list_treaties(tmp_path: Path) -> None:
    done = run("kb", "list", "--type", "treaty", "--store", made(tmp_path / "s"))
    assert done.returncode == 0
    keys = [line.split()[0] for line in done.stdout.splitlines()]
    assert len(keys) >= 25 and "treaty/new-start" in keys


@pytest.mark.parametrize(
    "args", [["ingest"], ["query", "x", "--format", "yaml"], ["no-such-command"]]
)
def test_cli_usage_errors_exit_2(args: list[str]) -> None:
    assert CliRunner().invoke(cli, args).exit_code == 2


def test_cli_starts_without_compiling_the_extractor() -> None:
    # Every command (`query`, `serve`, `--help`) starts by importing the CLI; compiling the
    # extractor's trigger tables took a second of each start before it was made lazy.
    probe = "import json, sys, treatykg.cli; print(json.dumps(list(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert "treatykg.ingest.lexicon" in loaded  # the probe sees the modules a start needs
    assert not loaded & {"treatykg.ingest.extract", "treatykg.ingest.events"}


def test_cli_locked_store_is_one_line_exit_1(tmp_path: Path) -> None:
    from treatykg.graph.store import open_store

    location = str(tmp_path / "s")
    with open_store(location):
        done = run("ingest", str(ROOT / "samples" / "articles"), "--store", location)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "is in use by" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_timeline_orders_new_start_lifecycle(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    assert run("ingest", str(ROOT / "samples" / "articles"), "--store", store, "-q").returncode == 0
    html = tmp_path / "t.html"
    done = run("timeline", "New START", "--store", store, "--format", "csv", "--html", str(html))
    assert done.returncode == 0
    kb_rows = [line.split(",") for line in done.stdout.splitlines() if ",knowledge base," in line]
    lifecycle = [(r[0], r[3]) for r in kb_rows]
    assert lifecycle[0] == ("2010-04-08", "signing")
    assert ("2011-02-05", "entry into force") in lifecycle
    assert lifecycle[-1] == ("2026-02-05", "expiry")
    assert [d for d, _ in lifecycle] == sorted(d for d, _ in lifecycle)
    assert ",article," in done.stdout  # the sample coverage shows beside the KB facts
    page = html.read_text()
    assert "2010-04-08" in page and not re.search(r"<script[^>]+src=\"https?://", page)


def test_cli_export_import_round_trip(tmp_path: Path) -> None:
    store, restored, backup = str(tmp_path / "a"), str(tmp_path / "b"), tmp_path / "backup.nq"
    run("ingest", str(ROOT / "samples" / "articles"), "--store", store, "-q")
    assert run("export", "--store", store, "-o", str(backup)).returncode == 0
    assert run("import", str(backup), "--store", restored).returncode == 0
    first = json.loads(run("stats", "--store", store, "--format", "json").stdout)
    second = json.loads(run("stats", "--store", restored, "--format", "json").stdout)
    assert first["triples"] == second["triples"] and first["articles"] == second["articles"] == 13


def test_cli_query_runs_sparql_text(tmp_path: Path) -> None:
    done = run("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?t a tkg:Treaty } }", "--store",
               made(tmp_path / "s"), "--format", "json")  # fmt: skip
    assert int(json.loads(done.stdout)["results"]["bindings"][0]["n"]["value"]) >= 25


@pytest.mark.skipif(
    not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside this checkout"
)
def test_cli_ingests_the_raw_seeds(tmp_path: Path) -> None:
    seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
    done = run("ingest", *seeds, "--store", str(tmp_path / "s"))
    assert done.returncode == 0, done.stderr
    assert (
        "2 articles from 2 files" in done.stderr
        and "1 articles without a publication date" in done.stderr
    )


@pytest.mark.slow
def test_cli_demo_runs_end_to_end(tmp_path: Path) -> None:
    done = run("demo", "--store", str(tmp_path / "s"), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "13 articles" in done.stdout and "2026-02-05" in done.stdout
    assert (tmp_path / "out" / "new-start-timeline.html").is_file()


def test_cli_ingest_with_two_workers_stores_what_one_worker_stores(tmp_path: Path) -> None:
    from treatykg.samples import ARTICLES

    summaries = []
    for workers in ("1", "2"):
        done = run("ingest", str(ARTICLES), "--store", str(tmp_path / workers), "-j", workers)
        assert done.returncode == 0, done.stderr
        # The same counts; only how long the derivation took may differ.
        summaries.append(re.sub(r" in \d+\.\d s", "", done.stderr.split(": ", 1)[1]))
    assert summaries[0] == summaries[1] and "events" in summaries[0]
    stats = [
        json.loads(run("stats", "--store", str(tmp_path / w), "--format", "json").stdout)
        for w in "12"
    ]
    for found in stats:
        found.pop("store")  # where each lives differs, nothing else may
    assert stats[0] == stats[1]


def test_cli_extract_writes_gold_json_and_eval_scores_it(tmp_path: Path) -> None:
    """Our own article and gold: extract's output scored against itself is perfect."""
    article = tmp_path / "articles" / "roe.txt"
    article.parent.mkdir()
    article.write_text(
        "title: t\ndate: 2025-01-24\nsource: s\nurl: \n\n"
        "Russia suspended its participation in New START in 2023, Dmitry Peskov said on Friday.\n"
        "“We are ready,” Peskov said.\n",
        encoding="utf-8",
    )
    done = run("extract", str(article), "--format", "gold-json", "--out", str(tmp_path / "gold"))
    assert done.returncode == 0, done.stderr
    gold = json.loads((tmp_path / "gold" / "roe.json").read_text(encoding="utf-8"))
    assert {(e["name"], e["type"]) for e in gold["entities"]} >= {
        ("Russia", "State"), ("New START", "Treaty"), ("Dmitry Peskov", "Person")}  # fmt: skip
    assert gold["quotes"] == [
        {"speaker": "Dmitry Peskov", "quote": "We are ready,", "date": "2025-01-24"}
    ]
    scored = run("eval", "--gold", str(tmp_path / "gold"), str(article), "--format", "json")
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout)
    assert all(report[c]["f1"] == 1.0 for c in ("entities", "dates", "events", "quotes"))


def test_cli_eval_names_articles_without_gold(tmp_path: Path) -> None:
    article = tmp_path / "lonely.txt"
    article.write_text("Russia left the treaty.", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    done = run("eval", "--gold", str(tmp_path / "gold"), str(article))
    assert done.returncode == 1
    assert f"lonely: no gold file {tmp_path / 'gold' / 'lonely.json'}" in done.stderr


def test_cli_remote_store_takes_an_update_url(oxigraph_server: str, tmp_path: Path) -> None:
    from treatykg.samples import ARTICLES

    article = str(ARTICLES / "2010-04-08-new-start-signed.txt")
    wrong = run("ingest", article, "--store", f"{oxigraph_server}/sparql",
                "--update-url", f"{oxigraph_server}/nowhere")  # fmt: skip
    assert wrong.returncode == 1 and f"{oxigraph_server}/nowhere" in wrong.stderr
    right = run("ingest", article, "--store", f"{oxigraph_server}/sparql",
                "--update-url", f"{oxigraph_server}/update")  # fmt: skip
    assert right.returncode == 0, right.stderr
    found = run("query", "quotes-by-speaker", "--param", "speaker=Barack Obama",
                "--store", f"{oxigraph_server}/query", "--format", "csv")  # fmt: skip
    assert found.returncode == 0 and "Today we have taken a step" in found.stdout
    backup = tmp_path / "backup.nq"
    saved = run("export", "--format", "nq", "-o", str(backup), "--store", f"{oxigraph_server}/query",
                "--graph-store-url", f"{oxigraph_server}/store")  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    assert "Today we have taken a step" in backup.read_text(encoding="utf-8")


READERS = [["stats"], ["query", "unlinked-entities"], ["export", "-o", "out.nq"], ["kb", "list"],
           ["kb", "show", "New START"], ["timeline", "New START"]]  # fmt: skip


@pytest.mark.parametrize("args", READERS)
def test_cli_read_only_commands_never_create_a_store(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "typo-dir"
    done = subprocess.run([str(Path(sys.executable).with_name("treatykg")), *args, "--store", str(typo)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: no treatykg store at {typo}; create one with `treatykg ingest --store {typo} ...`"
    ]
    assert not typo.exists() and not (tmp_path / "out.nq").exists()


@pytest.mark.parametrize(
    "args", [["timeline", "New START", "--format", "csv"], ["kb", "show", "New START"]]
)
def test_cli_store_cut_short_before_its_kb_gets_the_kb(tmp_path: Path, args: list[str]) -> None:
    """A store killed in its first moments: Oxigraph's files are there, the KB is not."""
    import pyoxigraph as ox

    location = tmp_path / "s"
    ox.Store(str(location)).flush()
    done = run(*args, "--store", str(location))
    assert done.returncode == 0, done.stderr
    assert "2010-04-08" in done.stdout or "treaty/new-start" in done.stdout


@pytest.mark.parametrize(
    "value, shown, char",
    [("https://e.org/a>b", "'https://e.org/a>b'", "'>'"),
     ("https://e.org/a\nb", "'https://e.org/a\\nb'", "'\\n'")],
)  # fmt: skip
def test_cli_query_iri_parameter_that_is_no_iri_is_one_line(
    tmp_path: Path, value: str, shown: str, char: str
) -> None:
    done = run("query", "treaty-status", "-p", f"treaty={value}", "-p", "on=2024-06-01",
               "--store", made(tmp_path / "s"))  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: treaty-status: parameter treaty: {shown} is not a valid IRI: it contains {char}"
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--graph", "kb"], "Error: --graph: 'kb' is not a valid IRI: it has no scheme"),
        (
            ["--graph", "https://e.org/none"],
            "has no graph <https://e.org/none>, so there is nothing",
        ),
        (["--format", "ttl", "--graph", "https://e.org/none"], "has no graph <https://e.org/none>"),
    ],
)
def test_cli_failed_export_exits_1_and_leaves_no_file(
    tmp_path: Path, args: list[str], message: str
) -> None:
    store, out = made(tmp_path / "s"), tmp_path / "backup.nq"
    done = run("export", *args, "--store", store, "-o", str(out))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1
    assert message in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]  # no file, no leftover part
    out.write_bytes(b"an older backup\n")
    assert run("export", *args, "--store", store, "-o", str(out)).returncode == 1
    assert out.read_bytes() == b"an older backup\n"  # a failed export never clobbers a file


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_cli_single_graph_export_without_graph_writes_the_union(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"all.{fmt}"
    done = run("export", "--format", fmt, "--store", made(tmp_path / "s"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "wrote the union of all graphs" in done.stderr
    text = out.read_text(encoding="utf-8")
    assert "New START" in text
    assert text.startswith("@prefix ") == (fmt == "ttl")


def test_cli_restore_replaces_what_it_restores(tmp_path: Path) -> None:
    """Restoring yesterday's backup into today's store brings yesterday back, unmerged."""
    undated = tmp_path / "undated.txt"
    undated.write_text("Russia said it would keep to the New START limits.\n", encoding="utf-8")
    store, backup = str(tmp_path / "s"), tmp_path / "backup.nq"
    assert (
        run("ingest", str(undated), "--published", "2020-01-01", "--store", store).returncode == 0
    )
    assert run("export", "--store", store, "-o", str(backup)).returncode == 0
    assert (
        run("ingest", str(undated), "--published", "2021-06-01", "--store", store).returncode == 0
    )
    done = run("import", str(backup), "--store", store)
    assert done.returncode == 0, done.stderr
    dates = run("query", "SELECT ?d WHERE { GRAPH ?g { ?a schema:datePublished ?d } }",
                "--store", store, "--format", "csv")  # fmt: skip
    assert dates.stdout.split() == ["d", "2020-01-01"]  # the backup's date alone, not both
    assert re.search(r"Imported .*: \d+ quads, replacing \d+ graphs\.", done.stderr)


def test_cli_backup_cut_at_a_line_boundary_is_refused(tmp_path: Path) -> None:
    from treatykg.samples import ARTICLES

    store, backup = str(tmp_path / "s"), tmp_path / "backup.nq"
    assert (
        run(
            "ingest", str(ARTICLES / "2010-04-08-new-start-signed.txt"), "--store", store
        ).returncode
        == 0
    )
    assert run("export", "--store", store, "-o", str(backup)).returncode == 0
    lines = backup.read_bytes().splitlines(keepends=True)
    cut = tmp_path / "cut.nq"
    cut.write_bytes(b"".join(lines[: len(lines) // 2]))
    restored = str(tmp_path / "restored")
    done = run("import", str(cut), "--store", restored, "--replace")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: {cut}: ends without its trailer line (cut short?); nothing was imported. "
        "Use a complete backup, or if it is all you have, --no-verify imports what it holds anyway"
    ]
    stats = json.loads(run("stats", "--store", restored, "--format", "json").stdout)
    assert stats["articles"] == 0


@pytest.mark.parametrize("fmt", ["nq", "trig"])
@pytest.mark.parametrize("to_stdout, named", [(False, "/dev/full"), (True, "standard output")])
def test_cli_export_to_a_full_device_is_one_line(
    tmp_path: Path, fmt: str, to_stdout: bool, named: str
) -> None:
    """`-o /dev/full` and `> /dev/full`: the write fails, and says so in one line, exit 1."""
    exe = Path(sys.executable).with_name("treatykg")
    store = made(tmp_path / "s")
    where = [] if to_stdout else ["-o", "/dev/full"]
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(exe), "export", "--format", fmt, "--store", store, *where],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"Error: cannot write {named}: No space left on device"]


@pytest.mark.parametrize("fmt", ["trig"])
def test_cli_trig_backup_cut_between_graph_blocks_is_refused(tmp_path: Path, fmt: str) -> None:
    store, backup = made(tmp_path / "s"), tmp_path / "backup.trig"
    assert run("export", "--format", fmt, "--store", store, "-o", str(backup)).returncode == 0
    whole = backup.read_bytes()
    cut = tmp_path / "cut.trig"
    cut.write_bytes(whole[: whole.index(b"}\n") + 2])  # the first graph block, whole
    restored = made(tmp_path / "restored")
    done = run("import", str(cut), "--format", fmt, "--store", restored, "--replace")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: {cut}: ends without its trailer line (cut short?); nothing was imported. "
        "Use a complete backup, or if it is all you have, --no-verify imports what it holds anyway"
    ]
    done = run("import", str(backup), "--format", fmt, "--store", restored, "--replace")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("start", "end"), [("2023", None), ("2023-02", "2026"), (None, "2011-02")])
def test_cli_timeline_takes_months_and_years_as_bounds(
    tmp_path: Path, start: str | None, end: str | None
) -> None:
    """`timeline --from 2023` reads a year, as `network --from 2023` does."""
    page = tmp_path / "t.html"
    bounds = [*(["--from", start] if start else []), *(["--to", end] if end else [])]
    done = run("timeline", "New START", *bounds, "--store", made(tmp_path / "s"), "-o", str(page))
    assert done.returncode == 0, done.stderr
    assert page.is_file()


@pytest.mark.parametrize("command", [["timeline", "New START"], ["network"]])
@pytest.mark.parametrize(("option", "value"), [("--from", "2023-13"), ("--to", "spring")])
def test_cli_bad_date_bound_names_the_option_typed(
    tmp_path: Path, command: list[str], option: str, value: str
) -> None:
    out = tmp_path / "p.html"
    done = run(*command, option, value, "--store", made(tmp_path / "s"), "-o", str(out))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: {option}: {value!r} is not a date: give YYYY-MM-DD, YYYY-MM or YYYY"
    ]
    assert not out.exists()


@pytest.mark.parametrize("command", ["timeline"])
def test_cli_type_help_lists_the_event_types(command: str) -> None:
    shown = CliRunner().invoke(cli, [command, "--help"], terminal_width=200).output
    assert "suspension" in shown and "entry_into_force" in shown and "violation_accusation" in shown
