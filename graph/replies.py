"""Whether a SPARQL reply is whole: what the guard checks before it passes a 200 on.

Oxigraph streams results, so its status line goes out before the query has finished;
when the query then fails (a SERVICE endpoint that is down), it writes the error into
the body and still ends the stream cleanly. Only parsing the body tells the two apart.
"""

from __future__ import annotations

import csv
import io
from typing import IO

import pyoxigraph as ox

__all__ = ["broken"]


def _csv_complete(data: bytes) -> bool:
    """Oxigraph's CSV cannot be parsed back; an error cut into it breaks its shape."""
    if data in (b"true", b"false"):
        return True
    if not data.endswith(b"\r\n"):
        return False
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error):
        return False
    return all(len(row) == len(rows[0]) for row in rows)


def _where_broken(spool: IO[bytes], err: SyntaxError) -> str:
    """The engine's own words where its reply stops parsing, e.g. `Connection refused`."""
    if not err.lineno or not err.offset:
        return ""
    spool.seek(0)
    lines = spool.read().decode("utf-8", "replace").split("\n")
    if err.lineno > len(lines):
        return ""
    return lines[err.lineno - 1][err.offset - 1 :].strip()[:300]


def broken(content_type: str, spool: IO[bytes]) -> str | None:
    """Why a 200 reply does not parse whole (the engine's words where it breaks, or ""),
    or None when it does.

    The engine writes an error into the body when a query fails after its first bytes
    went out (a SERVICE endpoint that is down); its status then still says 200.
    """
    media = content_type.split(";")[0].strip().lower()
    results = ox.QueryResultsFormat.from_media_type(media)
    rdf = ox.RdfFormat.from_media_type(media)
    spool.seek(0)
    try:
        if results == ox.QueryResultsFormat.CSV:
            return None if _csv_complete(spool.read()) else ""
        if results is not None:
            parsed = ox.parse_query_results(spool, results)
            if isinstance(parsed, ox.QuerySolutions):
                for _ in parsed:
                    pass
        elif rdf is not None:
            for _ in ox.parse(spool, rdf):
                pass
    except SyntaxError as err:
        return _where_broken(spool, err)
    except (ValueError, OSError) as err:
        return str(err)
    finally:
        spool.seek(0)
    return None
