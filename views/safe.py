"""The two gates article text passes before it reaches a page: links only to http(s), and no control characters.

The templates escape every value for HTML; these decide what a value may *be*. A source
URL from an article or a user's KB can say `javascript:alert(1)`: escaping keeps it
inert as text, but it must never become a link, here or (checked again) in the page's script.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

__all__ = ["http_url", "plain"]

# A URL with a space, a control character or a quote inside is not one a reader meant to follow.
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`]")


# Embeddings, overrides and isolates (U+202A-202E, U+2066-2069); joiners and marks stay.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def http_url(value: object) -> str | None:
    """`value` as an absolute http(s) URL with a host, or None for anything else.

    >>> http_url(" https://example.org/a?b=1 "), http_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    >>> http_url("HTTP://x.example"), http_url("//x.example/a"), http_url("https:///a")
    ('HTTP://x.example', None, None)
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text or _BAD_URL_CHARS.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced [ in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def plain(value: object) -> str:
    """`value` (a term, a string, None) as text with control characters removed; newlines and
    tabs stay. Bidirectional overrides go too: they can make a name read backwards.

    >>> plain("Talks \\x1b[31mresume\\u202e"), plain(None)
    ('Talks [31mresume', '')
    """
    if value is None:
        return ""
    return "".join(
        ch
        for ch in str(value)
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS)
    )
