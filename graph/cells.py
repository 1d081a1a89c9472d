"""The cells of query rows as plain values: local names, texts, sets of IRIs and days.

Every reader of the store (reports, status periods, networks, timelines) turns the same
few shapes of SPARQL answers into Python values; one lenient reading of each
keeps them alike. A cell another tool wrote in another shape reads as absent, never as
an error in the middle of a derivation.
"""

from __future__ import annotations

from datetime import date

__all__ = ["day", "iri_set", "local_name", "notation", "text"]


def local_name(term: object) -> str | None:
    """The part of an ontology IRI after `#` (`tkg:Actual` -> "Actual"); None for no value.

    >>> local_name("https://w3id.org/treatykg/ontology#Withdrawal"), local_name(None)
    ('Withdrawal', None)
    """
    return None if term is None else str(term).rsplit("#", 1)[-1]


def notation(term: object) -> str:
    """An ontology term as the records name it: its local name lower-cased
    (`tkg:Reported` -> "reported", `tkg:Year` -> "year"); "" for no value.

    >>> notation("https://w3id.org/treatykg/ontology#Month"), notation(None)
    ('month', '')
    """
    return (local_name(term) or "").lower()


def text(term: object) -> str | None:
    return None if term is None else str(term)


def iri_set(term: object) -> frozenset[str]:
    """The IRIs of a GROUP_CONCAT with spaces between them (an IRI holds no space).

    >>> sorted(iri_set("https://e.org/b https://e.org/a")), iri_set(None)
    (['https://e.org/a', 'https://e.org/b'], frozenset())
    """
    return frozenset(str(term).split()) if term is not None else frozenset()


def day(term: object) -> date | None:
    """An xsd:date (or the date part of an xsd:dateTime); None when absent or malformed.

    >>> day("2023-02-28"), day("2023-02-28T10:00:00Z"), day("Feb 2023")
    (datetime.date(2023, 2, 28), datetime.date(2023, 2, 28), None)
    """
    try:
        return None if term is None else date.fromisoformat(str(term)[:10])
    except ValueError:
        return None
