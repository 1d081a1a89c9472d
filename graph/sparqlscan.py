"""Finds the SPARQL keywords that make a server fetch URLs (SERVICE, LOAD) in query text.

The guard in front of `treatykg serve` refuses them unless federation is allowed, so it
must see them wherever the engine would, and nowhere else: not inside strings, IRIs or
comments, not as `?service` or `schema:Service`. Oxigraph's parser is a PEG without
keyword boundaries (`SERVICESILENT <x>` and `SERVICE:x` both call out, and so does
`?s ?p 1SERVICE <x> {}`), so a name that merely *starts* with a keyword counts; a rare
name such as a `services:` prefix is refused too, which is the safe side to err on.
"""

from __future__ import annotations

import re

__all__ = ["FETCHING_KEYWORDS", "fetching_keyword"]

FETCHING_KEYWORDS = ("SERVICE", "LOAD")

_HEX4, _HEX8 = "[0-9A-Fa-f]{4}", "[0-9A-Fa-f]{8}"
_UCHAR = rf"\\u{_HEX4}|\\U{_HEX8}"
_ECHAR = r"""\\[tbnrf\\"']"""
# The grammar's own terminals (SPARQL 1.1, section 19.8): anything looser could hide a
# keyword inside what the engine reads as code; anything stricter only over-refuses.
_SKIPPED = re.compile(
    "|".join(
        [
            r"#[^\n\r]*",  # comment
            rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>",  # IRIREF (else '<' is less-than)
            rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''",
            rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""',
            rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'",
            rf'"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*"',
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
    at = 0
    while at < len(text):
        skipped = _SKIPPED.match(text, at)
        if skipped:
            at = skipped.end()
            continue
        name = _NAME.match(text, at)
        if name:
            found = _keyword_in_name(name.group())
            if found:
                return found
            at = name.end()
            continue
        at += 1
    return None


def fetching_keyword(sparql: str) -> str | None:
    """The first keyword in a query or update that makes the server fetch a URL, if any.

    >>> fetching_keyword("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    'SERVICE'
    >>> fetching_keyword('SELECT ?service { ?service a schema:Service . FILTER(?x = "SERVICE") }')
    """
    unescaped = _unescape(sparql)
    if not _MENTIONED.search(unescaped):  # the common case, a large INSERT DATA among them
        return None
    return _scan(sparql) or _scan(unescaped)
