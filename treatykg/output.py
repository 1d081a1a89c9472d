"""Writing query results for people (tables sized to the terminal) and for pipes (CSV, TSV, JSON).

Stored text comes from articles and users' KB files, so it may hold terminal control
sequences (ESC codes that recolour, retitle or rewrite a terminal) and bidirectional
overrides that reorder what a reader sees. Every output drops them (`for_terminal`),
except JSON and Turtle, which keep the exact value behind a \\u escape.

Dates are shown at the precision the source gave them: a query's `date` column holds the
first day of the period (one xsd:date column sorts and plots), and the `precision` column
beside it says how much of it is known, so a year reads `2023`, never `2023-01-01`
(`labelled_dates`). A period sorts after the days inside it (`date_sort_key`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Sequence
from datetime import date

from rdflib import BNode, Literal, URIRef

from treatykg.graph.dates import date_label, date_sort_key, period_end, precision_name
from treatykg.graph.store import QueryResult
from treatykg.graph.terms import Term
from treatykg.graph.vocab import ID, XSD

__all__ = [
    "FORMATS",
    "date_columns",
    "date_label",
    "date_sort_key",
    "for_terminal",
    "labelled_dates",
    "period_end",
    "render",
]

FORMATS = ("table", "csv", "tsv", "json", "ttl")

# Escape sequences go whole: OSC (ESC ] ... BEL or ESC \\, e.g. a window title), CSI
# (ESC [ params final, e.g. colours, cursor moves; also its one-byte form U+009B), and
# two-byte ESC sequences. Then any control character left: C0 but tab and newline, DEL,
# C1, and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_SEQUENCES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n|[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def for_terminal(text: str, *, keep_lines: bool = False) -> str:
    """`text` without terminal escape sequences, control characters or bidi overrides.

    Args:
        text: Stored text: a label, a title, a value from a query.
        keep_lines: Keep tabs and newlines (a CSV field may hold them); otherwise every
            line break and tab becomes a space, so one value stays on one line.

    >>> for_terminal("New \\x1b[31mSTART\\x1b[0m\\x1b]0;owned\\x07 talks\\u202e\\nresume")
    'New START talks resume'
    """
    if not keep_lines:
        text = _LINE_BREAKS.sub(" ", text)
    elif "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


# Precisions from finest to coarsest; a weekend is a week's end, named by its week.
# The XSD type of a label that has one; a week or decade label is a plain string.
_LABEL_TYPES = {"month": XSD.gYearMonth, "year": XSD.gYear}


def _start(value: object) -> date | None:
    """The first day of a date cell (an xsd:date, or the day of an xsd:dateTime)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:
        return None


def date_columns(variables: Sequence[str]) -> list[tuple[int, int]]:
    """(date column, precision column) index pairs: `precision` qualifies the column
    `date` (else `when`); `fooPrecision` or `foo_precision` qualifies `foo`.

    >>> date_columns(("date", "precision", "what", "since", "sincePrecision"))
    [(0, 1), (3, 4)]
    """
    pairs = []
    for index, name in enumerate(variables):
        if name == "precision":
            dated = next((d for d in ("date", "when") if d in variables), None)
        elif name.endswith(("Precision", "_precision")):
            dated = name.removesuffix("Precision").removesuffix("_precision")
        else:
            continue
        if dated in variables:
            pairs.append((variables.index(dated), index))
    return pairs


_DAY_TYPES = {XSD.date, XSD.dateTime}


def _datatype(value: Term | None) -> object:
    return value.datatype if isinstance(value, Literal) else None


def _labelled(value: Term | None, precision: Term | None) -> Term | None:
    start = _start(value)
    kind = precision_name(precision)
    if start is None or kind == "day" or _datatype(value) not in _DAY_TYPES:
        return value
    return Literal(date_label(start, kind), datatype=_LABEL_TYPES.get(kind))


def labelled_dates(result: QueryResult) -> QueryResult:
    """The result with each date that a precision column qualifies written at its
    precision: "2023"^^xsd:gYear, "2010-12"^^xsd:gYearMonth, "2025-W04", "1990s"; day
    dates and every other column as they were.
    """
    pairs = date_columns(result.variables) if result.kind == "SELECT" else []
    if not pairs:
        return result
    rows = []
    for row in result.rows:
        cells = list(row)
        for dated, precision in pairs:
            cells[dated] = _labelled(row[dated], row[precision])
        rows.append(tuple(cells))
    return QueryResult(result.kind, result.variables, rows)


def _escape_controls(text: str) -> str:
    """Turtle with every control character written as a \\u escape (the same value)."""
    return _CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04X}", text)


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    text = str(term)
    if isinstance(term, URIRef) and text.startswith(str(ID)):
        return text[len(str(ID)) :]
    return text


def _table(variables: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> str:
    if not variables:
        return "(no columns)"
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    budget = max(width - 2 * (len(widths) - 1), 10 * len(widths))
    # Shrink the widest columns first until the table fits the terminal.
    while sum(widths) > budget and max(widths) > 10:
        widest = widths.index(max(widths))
        widths[widest] -= 1

    def fit(text: str, size: int) -> str:
        return text if len(text) <= size else text[: size - 1] + "…"

    lines = ["  ".join(v.ljust(w)[:w] for v, w in zip(variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(fit(c, w).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _turtle(result: QueryResult) -> str:
    from rdflib import Graph

    from treatykg.graph.vocab import PREFIXES

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in result.triples:
        graph.add(triple)
    return _escape_controls(graph.serialize(format="turtle"))


def render(result: QueryResult, fmt: str = "table", *, width: int | None = None) -> str:
    """Query results as text: `table` for people; `csv`, `tsv` and `json` (SPARQL 1.1 JSON)
    for tools; `ttl` (Turtle) for the graph a CONSTRUCT query builds. Every format shows
    a date at the precision its row gives (`labelled_dates`)."""
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)})
        return "true" if result.boolean else "false"
    if result.kind == "CONSTRUCT":
        if fmt == "ttl":
            return _turtle(result)
        # Triples for tools that read tables: one row per triple.
        result = QueryResult(
            "SELECT", ("subject", "predicate", "object"), [tuple(t) for t in result.triples]
        )
    elif fmt == "ttl":
        raise ValueError("--format ttl is for CONSTRUCT queries; this one returns rows")
    result = labelled_dates(result)
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        return json.dumps(
            {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}, indent=1
        )
    keep_lines = fmt in {"csv", "tsv"}  # the csv module quotes fields with line breaks
    rows = [[for_terminal(_cell(t), keep_lines=keep_lines) for t in row] for row in result.rows]
    if fmt in {"csv", "tsv"}:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")
    return _table(result.variables, rows, width or shutil.get_terminal_size((120, 24)).columns)
