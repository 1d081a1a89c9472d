"""Query results as pandas DataFrames with honest column types.

Every notebook that reads SPARQL ends up converting rdflib terms by hand, usually to
strings, which breaks sorting dates and summing counts. Here each column gets the type
its values share: xsd dates become datetime64, numbers become numbers (nullable integers
stay integers), booleans booleans, and IRIs stay IRIs with their labels beside them.

A date known only to the month or year still becomes the first day of its period in the
datetime64 column (what plots and Gantt charts need); `<column>_label` beside it says
what is known (`2023`, `2010-12`, `2025-W04`). Rows keep the query's order, which puts
a period after the days inside it; sorting by the datetime64 column alone would put
"2023" before everything that happened in 2023 (`output.date_sort_key` sorts right).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from treatykg.graph import iris
from treatykg.graph.backends import QueryResult
from treatykg.graph.vocab import XSD
from treatykg.output import date_columns, date_label

if TYPE_CHECKING:
    import pandas as pd

    from treatykg.graph.store import TreatyStore

__all__ = ["to_frame"]

_INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger,
             XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger}  # fmt: skip
_FLOATS = {XSD.decimal, XSD.double, XSD.float}
_DATES = {XSD.date, XSD.dateTime}

_LABELS = """
SELECT ?iri (SAMPLE(?label) AS ?name) WHERE {
  { GRAPH ?kb { ?iri skos:prefLabel ?label } }
  UNION { GRAPH ?ontology { ?iri skos:prefLabel ?label } }
  UNION { GRAPH ?g { ?iri tkg:linked false ; skos:prefLabel ?label } }
} GROUP BY ?iri
"""


def _column(values: Sequence[object]) -> tuple[str, list[object]]:
    """The shared kind of a column's values and the values as Python objects."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, URIRef) for v in present):
        return "iri", [str(v) if v is not None else None for v in values]
    literals = [v for v in present if isinstance(v, Literal)]
    if present and len(literals) == len(present):
        types = {v.datatype for v in literals}
        python = [v.toPython() if isinstance(v, Literal) else None for v in values]
        if types <= _INTEGERS:
            return "integer", [int(v) if v is not None else None for v in python]
        if types <= _INTEGERS | _FLOATS:
            return "float", [float(v) if v is not None else None for v in python]
        if types <= _DATES:
            return "date", [str(v) if v is not None else None for v in values]
        if types == {XSD.boolean}:
            return "boolean", python
    return "text", [str(v) if v is not None else None for v in values]


def _date_labels(dates: Sequence[object], precisions: Sequence[object]) -> list[str | None]:
    """Each date as it reads at its row's precision; None where the row has no date."""
    labels: list[str | None] = []
    for value, precision in zip(dates, precisions, strict=True):
        text = str(value)[:10] if isinstance(value, Literal) else ""
        try:
            labels.append(date_label(date.fromisoformat(text), precision))
        except ValueError:
            labels.append(None)
    return labels


def _labels(store: TreatyStore, wanted: set[str]) -> dict[str, str]:
    if not wanted:
        return {}
    rows = store.query(_LABELS, {"kb": iris.KB_GRAPH, "ontology": iris.ONTOLOGY_GRAPH})
    return {str(r["iri"]): str(r["name"]) for r in rows.records() if str(r["iri"]) in wanted}


def to_frame(result: QueryResult, store: TreatyStore | None = None) -> pd.DataFrame:
    """A DataFrame of a SELECT result (or of a CONSTRUCT's triples as subject, predicate,
    object), typed by column; with a store, IRI columns get `<name>_label` beside them.

    >>> from rdflib import Literal, URIRef
    >>> from treatykg.graph.vocab import XSD
    >>> result = QueryResult("SELECT", ("when", "n", "who"), [
    ...     (Literal("2023-02-28", datatype=XSD.date), Literal(2), URIRef("https://w3id.org/treatykg/id/state/russia")),
    ...     (None, Literal(5), None)])
    >>> frame = to_frame(result)
    >>> [t.kind for t in frame.dtypes], str(frame["n"].dtype)
    (['M', 'i', 'O'], 'Int64')
    """
    import pandas as pd

    if result.kind == "ASK":
        return pd.DataFrame({"answer": [bool(result.boolean)]})
    if result.kind == "CONSTRUCT":
        variables: tuple[str, ...] = ("subject", "predicate", "object")
        rows: list[tuple[object, ...]] = [tuple(t) for t in result.triples]
    else:
        variables, rows = result.variables, list(result.rows)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in variables]
    data: dict[str, object] = {}
    iri_columns = []
    kinds: dict[str, str] = {}
    for name, values in zip(variables, columns, strict=True):
        kind, converted = _column(values)
        kinds[name] = kind
        if kind == "date":
            data[name] = pd.to_datetime(pd.Series(converted, dtype="object"), errors="coerce")
        elif kind == "integer":
            data[name] = pd.array(converted, dtype="Int64")
        elif kind == "float":
            data[name] = pd.array(converted, dtype="Float64")
        elif kind == "boolean":
            data[name] = pd.array(converted, dtype="boolean")
        else:
            data[name] = pd.Series(converted, dtype="object")
            if kind == "iri":
                iri_columns.append(name)
    frame = pd.DataFrame(data, columns=list(variables))
    for dated, precision in reversed(date_columns(variables)):
        if kinds[variables[dated]] == "date" or all(v is None for v in columns[dated]):
            labels = _date_labels(columns[dated], columns[precision])
            frame.insert(dated + 1, f"{variables[dated]}_label", pd.Series(labels, dtype="object"))
    if store is not None and iri_columns:
        wanted = {v for c in iri_columns for v in frame[c].dropna()}
        names = _labels(store, wanted)
        for column in iri_columns:
            labels = frame[column].map(names).astype("object")
            if labels.notna().any():  # events and articles have no names: no empty column
                frame.insert(frame.columns.get_loc(column) + 1, f"{column}_label", labels)
    frame.attrs["next_offset"] = result.next_offset  # a page of a named query: see QueryResult
    return frame
