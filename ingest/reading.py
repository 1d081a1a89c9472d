"""What every article reader shares: the error that names a file, and the dates files state.

Kept apart from `readers` so that the modules it is built from (`encodings`, `jsonl`)
can raise the same error and read the same dates without importing it back.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from treatykg.errors import TreatyKGError

__all__ = ["ReadError", "parse_date", "too_large"]


class ReadError(TreatyKGError):
    """An article file could not be read; the message names the file and the reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def parse_date(value: str | None) -> date | None:
    """Read the calendar date at the start of an ISO-8601 or RFC-822 date-time string.

    Only the publication day matters to us, so a time or offset after it is dropped.

    >>> parse_date("2025-01-24T09:30:00+03:00")
    datetime.date(2025, 1, 24)
    >>> parse_date("Fri, 24 Jan 2025 09:30:00 GMT")
    datetime.date(2025, 1, 24)
    >>> parse_date("soon") is None
    True
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    for pattern in ("%a, %d %b %Y", "%d %b %Y"):
        try:
            head = " ".join(value.split()[: pattern.count(" ") + 1])
            return datetime.strptime(head, pattern).date()
        except ValueError:
            continue
    return None


def too_large(size: int | None, limit: int) -> str:
    """Why an article over the size limit was skipped; `size` None when it was not read whole.

    >>> too_large(2_000, 1_000)
    'article is 2,000 bytes, over the 1,000-byte limit (--max-article-size)'
    """
    what = f"{size:,} bytes, over" if size is not None else "over"
    return f"article is {what} the {limit:,}-byte limit (--max-article-size)"
