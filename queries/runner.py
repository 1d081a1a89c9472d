"""Finds the named .rq queries, reads their header comments, and runs them with bound parameters.

The header is the query's documentation: `# title:`, `# answers:`,
`# param: NAME (TYPE[, required|default=V][, one of A|B|C]) text` and `# example:` lines,
printed by `treatykg query --list`. A parameter with `one of` takes only those values.

SPARQL cannot bind LIMIT or OFFSET, so a query that pages writes `LIMIT ?limit OFFSET
?offset` and declares both as integer parameters: the runner writes their checked numbers
into the text (a limit of 0 drops the LIMIT: every row), where every other parameter is
bound as data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from treatykg.graph import iris, kb
from treatykg.graph.store import QueryResult, TreatyStore, check_iri

from treatykg.errors import KnowledgeBaseError, QueryError

__all__ = [
    "TYPES",
    "NamedQuery",
    "Param",
    "available",
    "bindings",
    "execute",
    "fixed_graphs",
    "is_sparql",
    "load",
    "next_offset",
    "paged",
    "prepared",
    "run",
]

QUERY_DIR = Path(__file__).parent
_PARAM = re.compile(r"^(?P<name>\w+)\s*\((?P<type>\w+)(?:,\s*(?P<opt>[^)]*))?\)\s*(?P<text>.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    text: str
    choices: tuple[str, ...] = ()  # the only values it takes; any value when empty

    def describe(self) -> str:
        """One line for people: name, type, whether it is needed, and what it means."""
        need = (
            "required"
            if self.required
            else f"default {self.default}"
            if self.default
            else "optional"
        )
        among = f", one of {', '.join(self.choices)}" if self.choices else ""
        return f"{self.name} ({self.type}, {need}{among}): {self.text}"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    answers: str
    params: tuple[Param, ...]
    example: str
    sparql: str
    path: Path


def _parse(path: Path) -> NamedQuery:
    """A query file's header and text; read again only when the file changes."""
    return _parse_version(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _parse_version(path: Path, _mtime_ns: int) -> NamedQuery:
    fields: dict[str, str] = {}
    params = []
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        value = value.strip()
        if key == "param":
            match = _PARAM.match(value)
            if not match:
                raise QueryError(f"{path.name}: cannot read the parameter line {line!r}")
            if match["type"] not in TYPES:
                raise QueryError(
                    f"{path.name}: parameter {match['name']} has type {match['type']!r}; "
                    f"use one of {', '.join(TYPES)}"
                )
            params.append(
                Param(match["name"], match["type"], text=match["text"], **_options(match))
            )
        else:
            fields[key] = value
    return NamedQuery(
        name=path.stem,
        title=fields.get("title", path.stem),
        answers=fields.get("answers", ""),
        params=tuple(params),
        example=fields.get("example", ""),
        sparql=text,
        path=path,
    )


def _options(match: re.Match[str]) -> dict[str, Any]:
    """`required`, `default=V` and `one of A|B|C` of a parameter line, as Param fields."""
    found: dict[str, Any] = {"required": False, "default": None, "choices": ()}
    for option in (o.strip() for o in (match["opt"] or "").split(",")):
        if option == "required":
            found["required"] = True
        elif option.startswith("default="):
            found["default"] = option.split("=", 1)[1].strip()
        elif option.startswith("one of "):
            found["choices"] = tuple(c.strip() for c in option[len("one of ") :].split("|"))
    return found


def available() -> list[NamedQuery]:
    """Every named query shipped with treatykg, by name."""
    return [_parse(p) for p in sorted(QUERY_DIR.glob("*.rq"))]


def load(name_or_path: str) -> NamedQuery:
    """A named query by name, or any .rq file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return _parse(path)
    try:
        return _parse(QUERY_DIR / f"{name_or_path}.rq")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    names = ", ".join(q.name for q in available())
    raise QueryError(f"no query named {name_or_path!r}. Available: {names}")


TYPES = ("IRI", "string", "integer", "date")


def _coerce(store: TreatyStore, query: NamedQuery, param: Param, value: str) -> object:
    """The parameter's text as a typed RDF value; a wrong value is a clear error."""
    if param.type == "IRI":
        if value.startswith(("http://", "https://", "urn:")):
            return check_iri(value, f"{query.name}: parameter {param.name}")
        if "/" in value:  # a KB key such as treaty/new-start
            try:
                return iris.entity(value)
            except ValueError as err:
                raise QueryError(f"{query.name}: parameter {param.name}: {err}") from None
        # A name, alias or slug: the KB says which entity it is.
        try:
            return iris.entity(kb.resolve(store, value).key)
        except KnowledgeBaseError as err:
            raise QueryError(f"{query.name}: parameter {param.name}: {err}") from None
    if param.type == "integer":
        try:
            return int(value)
        except ValueError:
            raise QueryError(
                f"{query.name}: parameter {param.name} needs a whole number, not {value!r}"
            ) from None
    if param.type == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise QueryError(
                f"{query.name}: parameter {param.name} needs a date YYYY-MM-DD, not {value!r}"
            ) from None
    if param.choices and value not in param.choices:
        raise QueryError(
            f"{query.name}: parameter {param.name} is one of {', '.join(param.choices)}; "
            f"not {value!r}"
        )
    return str(value)


def bindings(store: TreatyStore, query: NamedQuery, params: Mapping[str, str]) -> dict[str, object]:
    """The typed values a named query runs with: its parameters checked against its
    header (defaults filled in), plus the KB and ontology graphs as ?kb and ?ontology."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(
            f"{query.name} has no parameter {', '.join(unknown)}; its parameters: {known}"
        )
    bound: dict[str, object] = {}
    text = fixed_graphs(query.sparql)
    if "?kb" in text:
        bound["kb"] = iris.KB_GRAPH
    if "?ontology" in text:
        bound["ontology"] = iris.ONTOLOGY_GRAPH
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is None:
            if param.required:
                raise QueryError(f"{query.name} needs --param {param.name}=... ({param.text})")
            continue
        bound[param.name] = _coerce(store, query, param, value)
    return bound


_FIXED_GRAPHS = (
    (re.compile(r"GRAPH\s+\?kb\b"), f"GRAPH <{iris.KB_GRAPH}>"),
    (re.compile(r"GRAPH\s+\?ontology\b"), f"GRAPH <{iris.ONTOLOGY_GRAPH}>"),
)


@functools.lru_cache(maxsize=256)
def fixed_graphs(sparql: str) -> str:
    """The query with `GRAPH ?kb` and `GRAPH ?ontology` naming their graphs outright.

    Those are treatykg's own fixed IRIs, never user input, and a named graph the planner
    can see lets it read the small KB instead of every graph (a hundredfold faster on a
    large store). User parameters are still only ever bound, never written into the text.

    >>> fixed_graphs("SELECT * WHERE { GRAPH ?kb { ?s ?p ?o } }")
    'SELECT * WHERE { GRAPH <https://w3id.org/treatykg/id/graph/kb> { ?s ?p ?o } }'
    """
    for pattern, constant in _FIXED_GRAPHS:
        sparql = pattern.sub(constant, sparql)
    return sparql


_PAGING = re.compile(r"\b(LIMIT|OFFSET)\s+\?(\w+)\b", re.IGNORECASE)


def paged(name: str, sparql: str, bound: Mapping[str, object]) -> tuple[str, dict[str, object]]:
    """The query with each `LIMIT ?x` and `OFFSET ?x` written out as its parameter's number,
    and the bindings left to bind as data.

    The numbers are whole numbers the header's types have checked, so the query's shape is
    never user text. A limit of 0, or a value left unbound, drops its clause.

    >>> paged("q", "SELECT * WHERE { ?s ?p ?o } LIMIT ?limit OFFSET ?offset",
    ...       {"limit": 20, "offset": 40})
    ('SELECT * WHERE { ?s ?p ?o } LIMIT 20 OFFSET 40', {})
    >>> paged("q", "SELECT * WHERE { ?s ?p ?o } LIMIT ?limit OFFSET ?offset", {"limit": 0})
    ('SELECT * WHERE { ?s ?p ?o }  ', {})

    Raises:
        QueryError: a negative number, or one that is not a whole number.
    """
    left = dict(bound)

    def number(match: re.Match[str]) -> str:
        clause, variable = match[1].upper(), match[2]
        value = bound.get(variable)
        if value is None:
            return ""
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise QueryError(
                f"{name}: parameter {variable} is a row count, 0 or more; not {value!r}"
            )
        return "" if clause == "LIMIT" and value == 0 else f"{clause} {value}"

    text = _PAGING.sub(number, sparql)
    for variable in {m[2] for m in _PAGING.finditer(sparql)}:
        if not re.search(rf"\?{variable}\b", text):
            left.pop(variable, None)  # written out in full: nothing left to bind
    return text, left


def next_offset(name: str, params: Mapping[str, str], rows: int) -> int | None:
    """The offset of the next page when `rows` fill a named query's page (so there may be
    more), else None: a page must never pass for the whole answer, on a page or in a
    terminal.

    >>> next_offset("events", {}, 100), next_offset("events", {"offset": "100"}, 100)
    (100, 200)
    >>> next_offset("events", {}, 7), next_offset("events", {"limit": "0"}, 500)
    (None, None)
    """
    if is_sparql(name):
        return None  # SPARQL text: its own LIMIT, if any, is the user's
    try:
        declared = {p.name: p.default for p in load(name).params}
        size = int(params.get("limit", declared.get("limit") or 0))
        start = int(params.get("offset", declared.get("offset") or 0))
    except (QueryError, ValueError):
        return None  # not a named query, or not one that pages
    if "offset" not in declared or size <= 0 or rows < size:
        return None
    return start + size


def prepared(
    store: TreatyStore, query: NamedQuery, params: Mapping[str, str]
) -> tuple[str, dict[str, object]]:
    """The text and bindings `run` sends for a named query (the benchmarks time the same)."""
    return paged(query.name, fixed_graphs(query.sparql), bindings(store, query, params))


def run(store: TreatyStore, query: NamedQuery, params: Mapping[str, str]) -> QueryResult:
    """Run a named query with its parameters checked against its header and typed."""
    return store.query(*prepared(store, query, params))  # type: ignore[arg-type]


def is_sparql(text: str) -> bool:
    """Whether `text` is SPARQL itself rather than a query name or a .rq path."""
    return "{" in text and not text.strip().endswith(".rq")


def execute(store: TreatyStore, query: str, params: Mapping[str, object]) -> QueryResult:
    """Run a named query, a .rq file or SPARQL text: the one entry point the CLI and the
    Python API share.

    Parameters are bound as typed RDF terms for named queries and files, which declare
    them; SPARQL text declares none, so giving it parameters is an error.
    """
    if is_sparql(query):
        if params:
            raise QueryError(
                "parameters are for named queries and .rq files, which declare them; "
                f"SPARQL text has none (got {', '.join(sorted(params))})"
            )
        return store.query(query)
    name, given = query.strip(), {k: str(v) for k, v in params.items()}
    result = run(store, load(name), given)
    result.next_offset = next_offset(name, given, len(result))
    return result
