"""Finds the SPARQL keywords that make a server fetch URLs (SERVICE, LOAD) in query text.

The guard in front of `treatykg serve` refuses them unless federation is allowed, so it
must see them wherever the engine would, and nowhere else: not inside strings, IRIs or
comments, not as `?service` or `schema:Service`. Oxigraph's parser is a PEG without
keyword boundaries (`SERVICESILENT <x>` and `SERVICE:x` both call out, and so does
`?s ?p 1SERVICE <x> {}`), so a name that merely *starts* with a keyword counts; a rare
name such as a `services:` prefix is refused too, which is the safe side to err on.

One character is ambiguous to a lexer: `<` opens an IRI or is less-than, and only the
parser knows which. `FILTER(1<2)SERVICE:x#>` reads as an IRI `<2)SERVICE:x#>` to a lexer
and as a SERVICE call followed by a comment to the engine. So the scan follows both
readings wherever they can differ, and refuses what either of them finds. They can differ
only when the would-be IRI holds a character that changes what comes after it when read
as code: `#` (a comment runs past the `>`), `'` (so does a string), or a parenthesis (the
expression that less-than lives in is the only way out to where a keyword counts; no `{`
can stand in an IRI, so EXISTS cannot open a pattern inside it). Each position is scanned
once whatever the number of readings that reach it, and the total work is capped, so no
query makes the check slow: past the cap the query is refused as too tangled to check.
"""

from __future__ import annotations

import re

__all__ = ["FETCHING_KEYWORDS", "UNCHECKABLE", "fetching_keyword"]

FETCHING_KEYWORDS = ("SERVICE", "LOAD")
UNCHECKABLE = "UNCHECKABLE"
"""What `fetching_keyword` returns for text too tangled to check within its work cap."""

_HEX4, _HEX8 = "[0-9A-Fa-f]{4}", "[0-9A-Fa-f]{8}"
_UCHAR = rf"\\u{_HEX4}|\\U{_HEX8}"
_ECHAR = r"""\\[tbnrf\\"']"""
# The grammar's own IRIREF terminal (SPARQL 1.1, section 19.8); Oxigraph accepts no more.
_IRIREF = re.compile(rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>")
# Inside an IRI, what would change the rest of the text if it were read as code instead.
_CODE_IN_IRI = re.compile(r"[#'()]")
_STRING = re.compile(
    "|".join(
        [
            rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''",
            rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""',
            rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'",
            rf'"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*"',
        ]
    )
)
_SKIPPED = re.compile(
    "|".join(
        [
            r"#[^\n\r]*",  # comment
            r"[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+",  # variable
            r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*",  # language tag
            r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?",  # number: a name may follow it
        ]
    )
)
# A name: keyword, prefixed name or blank node label, with every character a local name
# may hold, so that `ex:service` stays one token.
_NAME = re.compile(r"[^\W\d][\w\-.:%\\\u00b7\u0300-\u036f\u203f\u2040]*")
_ESCAPE = re.compile(rf"\\u({_HEX4})|\\U({_HEX8})")
_MENTIONED = re.compile("|".join(FETCHING_KEYWORDS), re.IGNORECASE)
_WORK_PER_CHAR = 16  # characters matched, over all readings, per character of the text


def _unescape(text: str) -> str:
    """Apply SPARQL's codepoint escapes to the whole text, as the standard says a parser
    may do before anything else (Oxigraph does not today; a later engine might)."""

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(char, text)


def _keyword_in_name(name: str) -> str | None:
    """The fetching keyword a name token starts with, or after one of its dots.

    The part before the first colon is where a keyword can begin (`SERVICE:x` is
    `SERVICE :x`); a dot may end a triple (`?c.SERVICE`), so each piece after one counts.
    """
    head, *rest = name.split(".")
    for piece in [head.split(":")[0], *rest]:
        for keyword in FETCHING_KEYWORDS:
            if piece.upper().startswith(keyword):
                return keyword
    return None


def _scan(text: str) -> str | None:
    """Follow every reading of the text from its start; the first keyword any finds.

    A reading that meets a string that never closes ends there: the engine would reject
    the query at that point, so nothing after it can run in that reading.
    """
    budget = _WORK_PER_CHAR * len(text) + 1024
    starts, seen = [0], set()
    while starts:
        at = starts.pop()
        while at < len(text) and at not in seen:
            seen.add(at)
            if text[at] == "<":
                iri = _IRIREF.match(text, at)
                if iri is None:
                    at += 1  # less-than, or a syntax error: go on as code
                    continue
                budget -= iri.end() - at
                if _CODE_IN_IRI.search(iri.group()):
                    starts.append(at + 1)  # also read it as less-than followed by code
                at = iri.end()
                continue
            token = _SKIPPED.match(text, at) or _STRING.match(text, at)
            if token is None and text[at] in "'\"":
                break  # a string that never closes
            name = None if token else _NAME.match(text, at)
            if name is not None and (found := _keyword_in_name(name.group())):
                return found
            matched = token or name
            end = matched.end() if matched is not None else at + 1
            budget -= end - at
            at = end
        if budget < 0:
            return UNCHECKABLE
    return None


def fetching_keyword(sparql: str) -> str | None:
    """The first keyword in a query or update that makes the server fetch a URL, if any;
    `UNCHECKABLE` for text too tangled to check (refuse it too).

    >>> fetching_keyword("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    'SERVICE'
    >>> fetching_keyword('SELECT ?service { ?service a schema:Service . FILTER(?x = "SERVICE") }')
    >>> fetching_keyword("PREFIX :<http://h/>\\nSELECT*{FILTER(1<2)SERVICE:x#>\\n{?a?b?c}}")
    'SERVICE'
    """
    unescaped = _unescape(sparql)
    if not _MENTIONED.search(unescaped):  # the common case, a large INSERT DATA among them
        return None
    return _scan(sparql) or _scan(unescaped)
