"""The `treatykg` command: a thin skin over `treatykg.api`.

Exit codes: 0 everything worked; 1 some inputs failed or the command could not finish
(the message says which and why); 2 the command line itself was wrong.
"""

from __future__ import annotations

import json
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from treatykg import __version__
from treatykg.api import TreatyKG
from treatykg.api import open as open_kg
from treatykg.distributed import DEFAULT_FILES_PER_SHARD
from treatykg.errors import TreatyKGError
from treatykg.graph import kb as kb_module
from treatykg.graph.dates import parse_bound
from treatykg.graph.network_choices import FORMATS as NETWORK_FORMATS
from treatykg.graph.network_choices import GRAPHS as NETWORK_GRAPHS
from treatykg.graph.network_choices import METRICS as NETWORK_METRICS
from treatykg.graph.shards import DEFAULT_CHUNK_QUADS
from treatykg.graph.store import RDF_FORMATS, resolve_location
from treatykg.graph.triples import EVENT_CLASSES
from treatykg.output import FORMATS, for_terminal, render
from treatykg.pipeline import DerivationFailed, IngestInterrupted
from treatykg.queries import runner
from treatykg.samples import ARTICLES

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def kb_option(func: F) -> F:
    """--kb, for every command that reads the knowledge base."""
    return click.option(
        "--kb",
        "kb_dirs",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="A folder of your own KB .ttl files, loaded beside the bundled KB (repeatable).",
    )(func)


def published_option(func: F) -> F:
    """--published, for commands that read articles."""
    return click.option(
        "--published",
        type=click.DateTime(["%Y-%m-%d"]),
        help="Publication date for articles that state none (YYYY-MM-DD).",
    )(func)


def input_format_option(func: F) -> F:
    """--format, for commands that read article files."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["header", "text", "html", "jsonl", "feed"]),
        help="Read every input in this format instead of detecting it.",
    )(func)


_SIZE_UNITS = {
    "": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
    "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30,
}  # fmt: skip


def _byte_size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """A size in bytes, written as people write sizes: 5000000, 5MB, 500kB, 2MiB."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?)\s*([A-Za-z]*)\s*", value)
    if match is None or match[2].lower() not in _SIZE_UNITS:
        raise click.BadParameter(f"{value!r} is not a size such as 5000000, 5MB, 500kB or 2MiB")
    return int(float(match[1]) * _SIZE_UNITS[match[2].lower()])


def max_size_option(func: F) -> F:
    """--max-article-size, for commands that read articles."""
    return click.option(
        "--max-article-size",
        "max_article_size",
        callback=_byte_size,
        default="1MB",
        show_default=True,
        metavar="SIZE",
        help="Report and skip an article file (or a JSON Lines line) larger than this: "
        "bytes, or 5MB, 500kB, 2MiB.",
    )(func)


def workers_option(default: int, help: str) -> Callable[[F], F]:
    """--workers/-j: extraction processes; each command says what they are and how many
    run by default (ingest's share one machine with the writer, a cluster's need not)."""

    def add(func: F) -> F:
        return click.option(
            "--workers",
            "-j",
            type=click.IntRange(1, 64),
            default=default,
            show_default=True,
            help=help,
        )(func)

    return add


def _remember_url(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Keep a remote store's extra URL for `opened`, so commands need not pass it along."""
    ctx.meta[param.name or ""] = value


_REMOTE_URLS = (
    ("--graph-store-url", "TREATYKG_GRAPH_STORE_URL",
     "its Graph Store Protocol URL, when not the query URL's sibling /store "
     "(Fuseki: .../DATASET/data; GraphDB: .../repositories/ID/rdf-graphs/service)."),
    ("--update-url", "TREATYKG_UPDATE_URL",
     "its SPARQL Update URL, when not the query URL's sibling /update "
     "(GraphDB: .../repositories/ID/statements)."),
)  # fmt: skip


def store_options(func: F) -> F:
    """--store, --update-url, --graph-store-url and --kb, shared by every command that opens a store."""
    func = kb_option(func)
    for flag, envvar, what in _REMOTE_URLS:
        func = click.option(
            flag,
            envvar=envvar,
            metavar="URL",
            expose_value=False,
            callback=_remember_url,
            help=f"For an http(s) --store: {what}",
        )(func)
    func = click.option(
        "--store",
        envvar="TREATYKG_STORE",
        default=None,
        metavar="DIR|URL|:memory:",
        help="Where the graph lives: a directory (default ./treatykg-data, or $TREATYKG_STORE), "
        "':memory:', or a SPARQL endpoint http(s)://host/query.",
    )(func)
    return func


@contextmanager
def opened(
    store: str | None, kb_dirs: tuple[Path, ...], *, read_only: bool = False
) -> Iterator[TreatyKG]:
    """Open the store for one command; our errors become one line and exit code 1."""
    try:
        meta = click.get_current_context().meta
        kg = open_kg(
            resolve_location(store),
            read_only=read_only,
            kb_dirs=kb_dirs,
            update_url=meta.get("update_url"),
            graph_store_url=meta.get("graph_store_url"),
        )
    except TreatyKGError as err:
        raise click.ClickException(for_terminal(str(err))) from None
    try:
        yield kg
    except TreatyKGError as err:
        raise click.ClickException(for_terminal(str(err))) from None
    finally:
        kg.close()


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip()] = value
    return params


def _read_only_when_possible(store: str | None) -> bool:
    """Readers open a store directory read-only, so they can run beside one another and
    never create a store where there is none (a mistyped --store is an error, not a new
    empty store)."""
    location = resolve_location(store)
    return not location.startswith(("http://", "https://", ":memory:"))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="treatykg")
def cli() -> None:
    """treatykg: a knowledge graph of arms-control treaties built from the news.

    Exit codes: 0 ok, 1 some inputs failed or the command failed, 2 usage error.

    Example: treatykg demo
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@store_options
@input_format_option
@published_option
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@workers_option(1, "Processes that extract in parallel (the store still has one writer).")
@max_size_option
@click.option(
    "--no-derive",
    "no_derive",
    is_flag=True,
    help="Leave the derived layer (merged events, status, networks) as it is: for bulk "
    "loads in several runs, followed by one `treatykg derive`.",
)
def ingest(
    paths: tuple[str, ...],
    store: str | None,
    kb_dirs: tuple[Path, ...],
    fmt: str | None,
    published: Any,
    quiet: bool,
    workers: int,
    max_article_size: int,
    no_derive: bool,
) -> None:
    """Read articles (files, folders, or - for stdin) and store what they say.

    Each article replaces its own named graph, so ingesting the same text again changes
    nothing. A file that cannot be read is reported and skipped; the rest still go in.
    Then the derived layer is updated for the articles stored (unless --no-derive).

    Example: treatykg ingest ~/news/*.html --store ./treatykg-data
    """
    day: date | None = published.date() if published else None
    with opened(store, kb_dirs) as kg:
        bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(unit=" articles", file=sys.stderr, smoothing=0.1)
        try:
            report = kg.ingest(
                paths,
                fmt=fmt,
                published=day,
                on_article=(lambda _a: bar.update()) if bar is not None else None,
                workers=workers,
                max_article_bytes=max_article_size,
                derive=not no_derive,
            )
        except (IngestInterrupted, DerivationFailed) as err:
            # The files that failed before it still get named.
            for failure in err.report.failures:
                click.echo(f"error: {for_terminal(str(failure))}", err=True)
            raise
        finally:
            if bar is not None:
                bar.close()
    if not quiet:
        for note in report.notes:
            click.echo(f"note: {for_terminal(note)}", err=True)
    for failure in report.failures:
        click.echo(f"error: {for_terminal(str(failure))}", err=True)
    click.echo(f"Ingested into {resolve_location(store)}: {report.summary()}.", err=True)
    if report.derivation is not None and not quiet:
        click.echo(f"Derived layer: {report.derivation.summary()}.", err=True)
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@cli.command()
@store_options
@click.option(
    "--check",
    is_flag=True,
    help="Only say whether the derived layer matches the store; exit 1 when it is stale, "
    "incomplete or missing.",
)
def derive(store: str | None, kb_dirs: tuple[Path, ...], check: bool) -> None:
    """Rebuild the derived layer: each event once with all its sources, conflicts between
    sources, treaty status per party, and the networks, from the articles and the KB.

    Ingest updates the layer by itself; run this after `ingest --no-derive`, an import, a
    changed --kb, or an upgrade. Graphs are written one at a time: until the last one is,
    `--check` says the layer is incomplete (as after a derive cut short: run it again).

    Example: treatykg derive --store ./treatykg-data
    """
    if check:
        with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
            state = kg.derived_layer()
        click.echo(f"{resolve_location(store)}: {state.summary()}")
        sys.exit(EXIT_OK if state.current else EXIT_FAILED)
    with opened(store, kb_dirs) as kg:
        done = kg.derive()
    click.echo(f"Derived layer of {resolve_location(store)}: {done.summary()}.")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["gold-json"]),
    default="gold-json",
    show_default=True,
    help="Output format: the evaluation corpus's JSON.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write DIR/<file stem>.json into (created if missing).",
)
@kb_option
@published_option
@max_size_option
def extract(
    paths: tuple[str, ...],
    out_format: str,
    out_dir: Path,
    kb_dirs: tuple[Path, ...],
    published: Any,
    max_article_size: int,
) -> None:
    """Write what ingest would extract from each article, without touching a store.

    Example: treatykg extract news/*.txt --format gold-json --out build/extracted
    """
    from treatykg.api import extract as extract_articles
    from treatykg.ingest.extract import to_gold
    from treatykg.pipeline import Failure

    out_dir.mkdir(parents=True, exist_ok=True)
    failures: list[Failure] = []
    written = 0
    day = published.date() if published else None
    found = extract_articles(
        paths,
        kb_dirs=kb_dirs,
        published=day,
        failures=failures,
        max_article_bytes=max_article_size,
    )
    for name, extraction in found:
        text = json.dumps(to_gold(extraction), ensure_ascii=False, indent=1) + "\n"
        (out_dir / f"{name}.json").write_text(text, encoding="utf-8")
        written += 1
    for failure in failures:
        click.echo(f"error: {for_terminal(str(failure))}", err=True)
    click.echo(f"Wrote {written} files to {out_dir} ({len(failures)} inputs failed).", err=True)
    sys.exit(EXIT_OK if not failures else EXIT_FAILED)


@cli.command(name="extract-shards")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the shards, one part-<hash>.nq.gz per partition (created if missing).",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:8786",
    help="A running Dask scheduler to send the work to; by default a local cluster of "
    "--workers processes runs for the command. Workers must see the same paths.",
)
@workers_option(2, "Processes of the local cluster (not used with --scheduler).")
@click.option(
    "--files-per-shard",
    type=click.IntRange(1),
    default=DEFAULT_FILES_PER_SHARD,
    show_default=True,
    help="Input files per partition, so per task and per shard.",
)
@kb_option
@input_format_option
@published_option
@max_size_option
def extract_shards(
    paths: tuple[str, ...],
    out_dir: Path,
    scheduler: str | None,
    workers: int,
    files_per_shard: int,
    kb_dirs: tuple[Path, ...],
    fmt: str | None,
    published: Any,
    max_article_size: int,
) -> None:
    """Extract articles on a Dask cluster into gzip-compressed N-Quads shards, without a
    store: then `treatykg load` them (or give them to another engine's bulk loader).

    A command of its own, not an option of `extract`: that one writes one JSON file per
    article here, this one sends partitions of files to a cluster and writes RDF. Each
    shard is named from the files of its partition, so a re-run overwrites its shards.

    Example: treatykg extract-shards ~/news/ --out build/shards --scheduler tcp://10.0.0.5:8786
    """
    from treatykg.api import extract_shards as run_shards

    try:
        report = run_shards(
            paths,
            out_dir,
            scheduler=scheduler,
            workers=workers,
            files_per_shard=files_per_shard,
            kb_dirs=kb_dirs,
            fmt=fmt,
            published=published.date() if published else None,
            max_article_bytes=max_article_size,
        )
    except TreatyKGError as err:
        raise click.ClickException(for_terminal(str(err))) from None
    for failure in report.failures:
        click.echo(f"error: {for_terminal(failure)}", err=True)
    click.echo(f"Wrote {report.summary()}.", err=True)
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@cli.command(name="eval")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="Folder of gold JSON files named like the articles.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--verbose", "-v", is_flag=True, help="List misses and false positives per article.")
@click.option(
    "--totals",
    is_flag=True,
    help="Table format: only the totals per category, without event types and articles.",
)
@kb_option
def eval_(
    paths: tuple[str, ...],
    gold_dir: Path,
    fmt: str,
    verbose: bool,
    totals: bool,
    kb_dirs: tuple[Path, ...],
) -> None:
    """Score extraction against gold annotations (precision, recall, F1 per category,
    per event type, and a confusion table of event types).

    Example: treatykg eval --gold corpus/dev/gold corpus/dev/articles --format json
    """
    from treatykg.api import evaluate

    report, failures = evaluate(paths, gold_dir, kb_dirs=kb_dirs)
    for failure in failures:
        click.echo(f"error: {for_terminal(str(failure))}", err=True)
    # File names and article text reach the terminal here: cleaned like every other output.
    click.echo(
        json.dumps(report.as_dict(), indent=1)
        if fmt == "json"
        else for_terminal(report.totals_table() if totals else report.table(), keep_lines=True)
    )
    if verbose:
        for line in report.details():
            click.echo(for_terminal(line), err=True)
    sys.exit(EXIT_OK if report.articles and not failures else EXIT_FAILED)


@cli.command()
@click.argument("query", required=False)
@store_options
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of a named query, bound as a typed RDF term (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--list", "list_queries", is_flag=True, help="List the named queries and their parameters."
)
def query(
    query: str | None,
    store: str | None,
    kb_dirs: tuple[Path, ...],
    params: tuple[str, ...],
    fmt: str,
    list_queries: bool,
) -> None:
    """Run a named query, a .rq file, or SPARQL text.

    Named queries declare their parameters; SPARQL text gets treatykg's prefixes
    (tkg:, sem:, prov:, oa:, skos:, schema: ...) declared for it.

    Example: treatykg query treaty-timeline --param treaty=new-start --format csv
    """
    if list_queries:
        for named in runner.available():
            click.echo(f"{named.name}: {named.title}\n  {named.answers}")
            for p in named.params:
                click.echo(f"  --param {p.describe()}")
            if named.example:
                click.echo(f"  e.g. {named.example}")
        return
    if not query:
        raise click.UsageError("give a query name, a .rq file or SPARQL text (or --list)")
    given = _parse_params(params)
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        result = kg.sparql(query, **given)
        try:
            click.echo(render(result, fmt))
        except ValueError as err:
            raise click.UsageError(str(err)) from None
    following = result.next_offset
    if following is not None:  # on stderr, so that a CSV or JSON on stdout stays clean
        click.echo(
            f"note: one page of {query}; --param offset={following} gives the next, "
            "--param limit=0 every row",
            err=True,
        )


@cli.command()
@store_options
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the pages into (created; pages already there are replaced).",
)
def views(store: str | None, kb_dirs: tuple[Path, ...], out: Path) -> None:
    """Write a folder of pages to share: index.html, a timeline per treaty with events,
    the actor network and every named query's result as a table. Every page opens from
    disk with no network connection.

    Example: treatykg views --store ./treatykg-data --out shared-views
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        site = kg.write_views(out)
    for note in site.notes:
        click.echo(f"note: {for_terminal(note)}", err=True)
    click.echo(f"Wrote {len(site.pages)} pages to {out}; open {site.index}", err=True)


@cli.command()
@store_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; anything but loopback exposes the store to the network.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option(
    "--pages-port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port of the named-queries page beside the endpoint (default: port + 1).",
)
@click.option("--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes.")
@click.option(
    "--timeout-s",
    type=click.IntRange(1, 3600),
    default=30,
    show_default=True,
    help="Longest time one query or update may run, in seconds; past it the request is "
    "answered 503 and the engine restarted.",
)
@click.option(
    "--allow-federation",
    is_flag=True,
    help="Let SERVICE and LOAD make the server fetch other URLs (refused by default).",
)
def serve(
    store: str | None,
    kb_dirs: tuple[Path, ...],
    host: str,
    port: int,
    pages_port: int | None,
    writable: bool,
    timeout_s: int,
    allow_federation: bool,
) -> None:
    """Serve the store over the SPARQL 1.1 Protocol until interrupted (Ctrl-C).

    GET and POST queries at /query, results as JSON, XML, CSV or TSV by Accept header;
    updates at /update only with --writable (and never from another site's page); a
    query page at / that works offline; the named queries on a page beside it. SERVICE
    and LOAD are refused unless --allow-federation.

    Example: treatykg serve --store ./treatykg-data --port 7878
    """
    from treatykg.api import serve as serve_store

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach it can query the store"
                   + (" and change it" if writable else "")
                   + (" and make it fetch URLs" if allow_federation else ""), err=True)  # fmt: skip

    # Ctrl-C is how users stop it, at any moment: a clean stop (exit 0), never a traceback,
    # and never a server process or store lock left behind. A service manager's SIGTERM and
    # a closed terminal's SIGHUP stop it the same way.
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for ending in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(ending, interrupt)
    server = None
    try:
        server = serve_store(
            store, kb_dirs=kb_dirs, host=host, port=port, pages_port=pages_port,
            writable=writable, timeout_s=timeout_s, allow_federation=allow_federation,
        )  # fmt: skip
        mode = "read-write" if writable else "read-only"
        click.echo(
            f"SPARQL endpoint ({mode}): {server.endpoint}/query  (page: {server.endpoint}/)",
            err=True,
        )
        click.echo(f"Views (timelines, network, tables): {server.pages}/views/", err=True)
        click.echo(f"Named queries: {server.pages}/", err=True)  # the banner's last line
        code = server.wait()
        click.echo(f"error: the SPARQL engine stopped by itself (exit code {code})", err=True)
    except TreatyKGError as err:
        raise click.ClickException(for_terminal(str(err))) from None
    except KeyboardInterrupt:
        code = 0
    finally:
        if server is not None:
            # A second Ctrl-C (or SIGTERM) must not cut the stop short.
            for ending in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(ending, signal.SIG_IGN)
            server.stop()
    sys.exit(EXIT_OK if code == 0 else EXIT_FAILED)


@cli.command()
@click.argument("treaties", metavar="[TREATY]...", nargs=-1)
@store_options
@click.option("--actor", "actors", multiple=True, metavar="NAME",
              help="Only events with this actor (repeatable).")  # fmt: skip
@click.option("--type", "types", multiple=True, type=click.Choice(list(EVENT_CLASSES)),
              help="Only this event type (repeatable).")  # fmt: skip
@click.option("--from", "start", metavar="DATE",
              help="Only events whose period reaches this day or later (YYYY[-MM[-DD]]: "
              "2023 starts on 1 January; an event overlapping the range counts).")  # fmt: skip
@click.option("--to", "end", metavar="DATE",
              help="Only events whose period begins by this day (YYYY[-MM[-DD]]: 2023 "
              "reaches 31 December).")  # fmt: skip
@click.option("--lanes", type=click.Choice(["treaty", "actor"]), default="treaty", show_default=True,
              help="One lane per treaty, or per actor, on the page.")  # fmt: skip
@click.option(
    "-o", "--output", "--html", "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the interactive timeline here as one offline HTML page.",
)  # fmt: skip
@click.option("--open", "open_page", is_flag=True, help="Open the page in a browser (needs -o).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Print the table in this format (table by default; with -o only when given).")  # fmt: skip
def timeline(
    treaties: tuple[str, ...], store: str | None, kb_dirs: tuple[Path, ...],
    actors: tuple[str, ...], types: tuple[str, ...], start: str | None, end: str | None,
    lanes: str, output: Path | None, open_page: bool, fmt: str | None,
) -> None:  # fmt: skip
    """Treaties' timelines: a table of dated KB facts and the articles that report on them,
    or (with -o) an interactive page: a dated axis, a lane per treaty with its status bands,
    each event once with its evidence and sources on click, and filters.

    TREATY is a name, alias or key: "New START", "INF", "open-skies-treaty"; with -o and no
    TREATY the page shows every treaty. --actor, --type, --from and --to narrow the page.

    Example: treatykg timeline "New START" -o new-start.html --open
    """
    narrowed = bool(actors or types or start or end or lanes != "treaty")
    if output is None and (narrowed or open_page):
        raise click.UsageError(
            "--actor, --type, --from, --to, --lanes and --open shape the page: add -o FILE.html"
        )
    if output is None and not treaties:
        raise click.UsageError("name a treaty for its table, or give -o FILE.html for the page")
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        if output is None or fmt is not None:
            for treaty in treaties:
                click.echo(render(kg.timeline(treaty), fmt or "table"))
        if output is not None:
            view = kg.timeline_view(
                *treaties, actors=actors, types=types,
                start=parse_bound(start, "from", "--from"), end=parse_bound(end, "to", "--to"),
                lanes="actor" if lanes == "actor" else "treaty",
            )  # fmt: skip
            written = view.write(output)
            click.echo(f"Wrote {written} ({view.drawn} events on the axis)", err=True)
            if open_page:
                _open_in_browser(written)


@cli.command(name="status")
@click.argument("treaty")
@store_options
@click.option(
    "--on",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day to ask about (YYYY-MM-DD): only the periods covering it. Default: "
    "today's answer, and every period.",
)
@click.option("--party", metavar="STATE", help="Only this party's status: a name, alias or KB key.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def status_(
    treaty: str,
    store: str | None,
    kb_dirs: tuple[Path, ...],
    on: Any,
    party: str | None,
    fmt: str,
) -> None:
    """Where a treaty stood on a day, as a whole and for each party, with its sources.

    The first line answers (the treaty's status, then each party whose own differs);
    one line per period follows, with the KB pages and articles it rests on. KB facts
    outrank news: news fills in only what the KB records nothing of.

    Example: treatykg status "New START" --on 2024-06-01
    """
    day: date | None = on.date() if on else None
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        frame = kg.status(treaty, on=day, party=party)  # its attrs hold the answer
    periods = [_status_period(row) for row in frame.to_dict("records")]
    if fmt == "json":
        click.echo(json.dumps({**frame.attrs, "periods": periods}, indent=1))
        return
    click.echo(for_terminal(frame.attrs["answer"]))
    width = max((len(p["party"]) for p in periods), default=0)
    state = max((len(p["status"]) for p in periods), default=0)
    for p in periods:
        span = f"from {p['from']}" + (f" until {p['until']}" if p["until"] else "")
        line = f"  {p['party']:{width}}  {p['status']:{state}}  {span}"
        click.echo(for_terminal(line + f"  sources: {', '.join(p['sources']) or 'none'}"))


def _status_period(row: dict[str, Any]) -> dict[str, Any]:
    """One row of `TreatyKG.status` as text: dates at their precision, none for NaT."""
    from treatykg.output import date_label

    def when(name: str) -> str | None:
        value = row[name]  # NaT (never equal to itself) while a status lasts
        if value is None or value != value:
            return None
        return date_label(value.date(), row[f"{name}_precision"])

    return {
        "party": row["party"], "status": row["status"], "from": when("from"),
        "until": when("until"), "since": when("since"), "note": row["note"], "text": row["text"],
        "differs": bool(row["differs"]), "basis": list(row["basis"]),
        "sources": list(row["sources"]),
    }  # fmt: skip


# ---------------------------------------------------------------- relations (networkx)


def _year_range(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[int, int] | None:
    """--years 2023 or 2019-2023, as an inclusive range."""
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", value)
    if match is None or int(match[2] or match[1]) < int(match[1]):
        raise click.BadParameter(f"{value!r} is not a year or a range such as 2019-2023")
    return int(match[1]), int(match[2] or match[1])


def network_options(func: F) -> F:
    """--states and --years, for every command that projects the canonical events."""
    func = click.option(
        "--years",
        callback=_year_range,
        metavar="YYYY[-YYYY]",
        help="Only events whose date lies within these years (undated events never do).",
    )(func)
    return click.option(
        "--states",
        is_flag=True,
        help="Roll bodies and officials up to their states (the Kremlin and Peskov count as Russia).",
    )(func)


def _print_table(frame: Any, fmt: str) -> None:
    from treatykg.relations import as_result

    click.echo(render(as_result(frame), fmt))


@cli.group(name="relations")
def relations_group() -> None:
    """Who acts with whom: networks of the canonical events (each happening once, however
    many outlets report it), their central actors, communities and paths.

    Example: treatykg relations path "Dmitry Peskov" "Antony Blinken"
    """


_TABLE_FORMATS = click.Choice(["table", "csv", "tsv", "json"])


@relations_group.command(name="top")
@store_options
@network_options
@click.option("--metric", type=click.Choice(NETWORK_METRICS), default="pagerank", show_default=True)
@click.option("--limit", type=click.IntRange(1, None), default=10, show_default=True)
@click.option("--format", "fmt", type=_TABLE_FORMATS, default="table", show_default=True)
def relations_top(
    store: str | None, kb_dirs: tuple[Path, ...], states: bool, years: tuple[int, int] | None,
    metric: str, limit: int, fmt: str,
) -> None:  # fmt: skip
    """The most central actors, with PageRank, betweenness, degree, events and community.

    Example: treatykg relations top --metric betweenness --limit 5 --states
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        _print_table(kg.relations_top(metric, limit, by_state=states, years=years), fmt)


@relations_group.command(name="path")
@click.argument("first")
@click.argument("second")
@store_options
@network_options
@click.option("--format", "fmt", type=_TABLE_FORMATS, default="table", show_default=True)
def relations_path(
    first: str, second: str, store: str | None, kb_dirs: tuple[Path, ...], states: bool,
    years: tuple[int, int] | None, fmt: str,
) -> None:  # fmt: skip
    """How two actors are connected: the chain of ties with the most shared events, and
    the events on each hop. Actors by KB name, alias or key, or an article's name for them.

    Example: treatykg relations path "Dmitry Peskov" "Antony Blinken"
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        _print_table(kg.relations_path(first, second, by_state=states, years=years), fmt)


@relations_group.command(name="community")
@click.argument("actor")
@store_options
@network_options
@click.option("--format", "fmt", type=_TABLE_FORMATS, default="table", show_default=True)
def relations_community(
    actor: str, store: str | None, kb_dirs: tuple[Path, ...], states: bool,
    years: tuple[int, int] | None, fmt: str,
) -> None:  # fmt: skip
    """The actors in ACTOR's community (Louvain, seeded), most central first.

    Example: treatykg relations community Russia --states
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        _print_table(kg.relations_community(actor, by_state=states, years=years), fmt)


@relations_group.command(name="activity")
@click.argument("actor", required=False)
@store_options
@click.option(
    "--states",
    is_flag=True,
    help="Roll bodies and officials up to their states (the Kremlin and Peskov count as Russia).",
)
@click.option("--format", "fmt", type=_TABLE_FORMATS, default="table", show_default=True)
def relations_activity(
    actor: str | None, store: str | None, kb_dirs: tuple[Path, ...], states: bool, fmt: str
) -> None:
    """Events per actor per month (of ACTOR alone, if given), for events dated to the
    month or better.

    Example: treatykg relations activity Russia --states --format csv
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        _print_table(kg.relations_activity(actor, by_state=states), fmt)


@cli.command(name="network")
@store_options
@click.option("--treaty", "treaties", multiple=True, metavar="NAME",
              help="Only events on this treaty (repeatable): a name, alias or key.")  # fmt: skip
@click.option("--from", "start", metavar="DATE",
              help="Only events wholly from this day on (YYYY[-MM[-DD]]: 2023 starts on "
              "1 January; a 2022 event overlapping the range drops out, so do undated ones).")  # fmt: skip
@click.option("--to", "end", metavar="DATE",
              help="Only events wholly up to this day (YYYY[-MM[-DD]]: 2023 reaches 31 December).")  # fmt: skip
@click.option("--by-state", "--states", "by_state", is_flag=True,
              help="Roll bodies and officials up to their states (Peskov counts as Russia).")  # fmt: skip
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Write the interactive network here as one offline HTML page.")  # fmt: skip
@click.option("--max-actors", type=click.IntRange(1, None), default=None, metavar="N",
              help="Draw at most N actors, the most central by PageRank (default 400).")  # fmt: skip
@click.option("--open", "open_page", is_flag=True, help="Open the page in a browser.")
def network_page(
    store: str | None, kb_dirs: tuple[Path, ...], treaties: tuple[str, ...], start: str | None,
    end: str | None, by_state: bool, output: Path, max_actors: int | None, open_page: bool,
) -> None:  # fmt: skip
    """The actor network as an interactive page: states, bodies and people coloured by
    community and sized by PageRank, ties as wide as the events they share. Click a tie
    for the events behind it, an actor for its metrics; filter by years, treaty and name.

    Example: treatykg network --treaty "New START" --from 2020 -o new-start-network.html --open
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        view = kg.network_view(
            treaties,
            start=parse_bound(start, "from", "--from"),
            end=parse_bound(end, "to", "--to"),
            by_state=by_state,
            max_actors=max_actors,
        )
        written = view.write(output)
    drawn, actors = len(view.model["nodes"]), view.model["actors"]
    shown = f"{drawn} of {actors} actors" if drawn < actors else f"{drawn} actors"
    shown += f", {len(view.model['edges'])} ties"
    click.echo(f"Wrote {written} ({shown})", err=True)
    if open_page:
        _open_in_browser(written)


def _open_in_browser(page: Path) -> None:
    """Open a written page in the user's browser (--open); a page needs no server."""
    import webbrowser

    webbrowser.open(page.resolve().as_uri())


@cli.command()
@store_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*sorted(RDF_FORMATS), *NETWORK_FORMATS]),
    default="nq",
    show_default=True,
    help="nq and trig keep named graphs and end with a trailer checked on import (nq is "
    "the backup); ttl and nt hold one graph: --graph's, or else the union of all graphs; "
    "graphml and gexf write a network for Gephi or Cytoscape.",
)
@click.option(
    "--graph",
    "graph",
    default=None,
    metavar="IRI|NETWORK",
    help="Export only this named graph (its full IRI); for graphml and gexf, the network: "
    "actors (default), treaties (actors and treaties) or lifecycle (treaty events in time order).",
)
@network_options
@click.option(
    "--treaty",
    default=None,
    help="For graphml and gexf: only this treaty's events (default: every treaty's).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default stdout).",
)
def export(
    store: str | None,
    kb_dirs: tuple[Path, ...],
    fmt: str,
    graph: str | None,
    states: bool,
    years: tuple[int, int] | None,
    treaty: str | None,
    output: Path | None,
) -> None:
    """Write the graph as RDF; `--format nq` is the durable backup across versions.
    `--format graphml` or `gexf` writes a network of the canonical events instead, with
    names, kinds, dates and metrics as attributes.

    Turtle and TriG declare treatykg's prefixes. The file appears only when complete:
    a failed export leaves none.

    Example: treatykg export --format nq -o backup.nq
    """
    network = fmt in NETWORK_FORMATS
    if network and graph not in (None, *NETWORK_GRAPHS):
        raise click.BadParameter(
            f"{graph!r}: a {fmt} export is of a network: {', '.join(NETWORK_GRAPHS)}",
            param_hint="--graph",
        )
    if not network and (states or years or treaty):
        raise click.UsageError("--states, --years and --treaty are for --format graphml or gexf")
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        out = sys.stdout.buffer if output is None else output
        if network:
            kg.export_network(
                out, fmt, graph=graph or "actors", by_state=states, years=years, treaty=treaty
            )
        else:
            kg.export(out, fmt, graph=graph)
    if graph is None and fmt in ("ttl", "nt"):
        click.echo(f"{fmt} holds one graph: wrote the union of all graphs, without their "
                   "names (--format nq or trig keeps them; --graph IRI exports one)", err=True)  # fmt: skip
    if output is not None:
        click.echo(f"Wrote {output}", err=True)


@cli.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_options
@click.option(
    "--format", "fmt", type=click.Choice(sorted(RDF_FORMATS)), default="nq", show_default=True
)
@click.option(
    "--replace",
    is_flag=True,
    help="Empty the store first: it becomes exactly the backup (a whole-store restore).",
)
@click.option(
    "--no-verify",
    "no_verify",
    is_flag=True,
    help="Import a treatykg backup whose trailer is missing or wrong (salvage a damaged one).",
)
def import_(
    file: Path, store: str | None, kb_dirs: tuple[Path, ...], fmt: str, replace: bool,
    no_verify: bool,
) -> None:  # fmt: skip
    """Restore an export, all or nothing: each graph in FILE replaces the store's graph
    of that name, other graphs stay; with --replace the store becomes the backup.

    A treatykg N-Quads or TriG backup ends with a trailer counting its quads; a backup
    cut short is refused. Files from other tools (no treatykg header) are imported as
    they are.

    Example: treatykg import backup.nq --store ./treatykg-data --replace
    """
    with opened(store, kb_dirs) as kg:
        done = kg.import_file(file, fmt, replace=replace, verify=not no_verify)
        what = "the whole store" if replace else f"{done.graphs} graphs"
        click.echo(f"Imported {file} into {kg.store.location}: {done.quads} quads, "
                   f"replacing {what}.", err=True)  # fmt: skip
        if done.upgraded_from:
            click.echo(f"{file} was in the {done.upgraded_from} model: its quads were "
                       "rewritten to today's model on the way in (docs/model.md). Export "
                       "the store again for a backup in today's model.", err=True)  # fmt: skip


@cli.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_options
@click.option(
    "--chunk-quads",
    type=click.IntRange(1),
    default=DEFAULT_CHUNK_QUADS,
    show_default=True,
    help="Quads per transaction into a store holding articles (whole graphs), and the most "
    "triples per Graph Store request into an http(s) store.",
)
def load(
    shards: tuple[Path, ...], store: str | None, kb_dirs: tuple[Path, ...], chunk_quads: int
) -> None:
    """Load N-Quads shards (.nq or .nq.gz files, or folders of them) into a store, such as
    `treatykg extract-shards` writes: each graph in a shard replaces the store's graph of
    that name, so loading again replaces rather than doubles.

    A new store directory is written by Oxigraph's bulk loader (fast, not transactional:
    after a crash, run the same load again); a store holding articles, transactions of
    whole graphs; an http(s) store, the Graph Store Protocol in chunks (each request
    atomic, a shard not). A shard that cannot be read is reported and nothing of it is loaded.
    Run `treatykg derive` after the last load.

    Example: treatykg load build/shards/ --store ./treatykg-data
    """
    from treatykg.graph.loading import LoadInterrupted

    with opened(store, kb_dirs) as kg:
        try:
            report = kg.load(shards, chunk_quads=chunk_quads)
        except LoadInterrupted as err:
            for failure in err.report.failures:
                click.echo(f"error: {for_terminal(str(failure))}", err=True)
            raise
    for failure in report.failures:
        click.echo(f"error: {for_terminal(str(failure))}", err=True)
    click.echo(f"Loaded into {resolve_location(store)}: {report.summary()}.", err=True)
    if report.graphs:
        click.echo("The derived layer is now stale: run `treatykg derive`.", err=True)
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@cli.command()
@store_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def stats(store: str | None, kb_dirs: tuple[Path, ...], fmt: str) -> None:
    """Counts of articles, mentions, triples and KB entries.

    Example: treatykg stats --format json
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        numbers = kg.stats()
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=1, sort_keys=True))
        return
    for key, value in numbers.items():
        if isinstance(value, dict):
            line = f"{key}: " + ", ".join(f"{k} {v}" for k, v in value.items())
        else:
            line = f"{key}: {value}"
        click.echo(for_terminal(line))


@cli.group(name="kb")
def kb_group() -> None:
    """Browse the knowledge base: treaties, states, organizations, people.

    Example: treatykg kb list --type treaty
    """


@kb_group.command(name="list")
@store_options
@click.option(
    "--type",
    "type_",
    type=click.Choice([t.lower() for t in kb_module.ENTITY_TYPES], case_sensitive=False),
)
def kb_list(store: str | None, kb_dirs: tuple[Path, ...], type_: str | None) -> None:
    """List KB entries with their keys and aliases.

    Example: treatykg kb list --type person
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        found = kb_module.entries(kg.store, type=type_)
    for entry in found:
        aliases = f"  ({'; '.join(entry.aliases)})" if entry.aliases else ""
        click.echo(for_terminal(f"{entry.key:40} {entry.label}{aliases}"))
    click.echo(f"{len(found)} entries", err=True)


@kb_group.command(name="show")
@click.argument("name")
@store_options
def kb_show(name: str, store: str | None, kb_dirs: tuple[Path, ...]) -> None:
    """Everything the KB states about one entry (a key, name or alias).

    Example: treatykg kb show "New START"
    """
    with opened(store, kb_dirs, read_only=_read_only_when_possible(store)) as kg:
        entry = kb_module.resolve(kg.store, name)
        click.echo(for_terminal(f"{entry.label}  [{entry.key}, {entry.type}]"))
        for prop, value in kb_module.describe(kg.store, entry.key):
            click.echo(for_terminal(f"  {prop:24} {value}"))


@cli.command()
@store_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("treatykg-demo"),
    show_default=True,
    help="Folder for the HTML timeline and network.",
)
def demo(store: str | None, kb_dirs: tuple[Path, ...], out: Path) -> None:
    """Ingest the bundled sample articles, show New START's timeline and write it and the
    actor network as pages.

    Example: treatykg demo --store /tmp/demo-store --out /tmp/demo
    """
    location = resolve_location(store)
    with opened(location, kb_dirs) as kg:
        report = kg.ingest([ARTICLES])
        click.echo(f"Ingested {report.summary()}.\n")
        click.echo("New START timeline (knowledge base facts and sample news coverage):\n")
        click.echo(render(kg.timeline("New START"), "table"))
        page = kg.timeline_view("New START").write(out / "new-start-timeline.html")
        network = kg.network_view().write(out / "network.html")
    click.echo(
        f"\nStore:    {location}\nTimeline: {page}\nNetwork:  {network}\n\nTry next:\n"
        f"  treatykg timeline INF --store {location}\n"
        f"  treatykg views --store {location} --out shared-views\n"
        f"  treatykg kb list --type treaty --store {location}\n"
        f"  treatykg query --list\n"
        f"  treatykg export --format nq --store {location} -o backup.nq"
    )
    if not report.ok:
        for failure in report.failures:
            click.echo(f"error: {for_terminal(str(failure))}", err=True)
        sys.exit(EXIT_FAILED)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="treatykg")
