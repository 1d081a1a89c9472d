"""The reports' sentences on disk while a derivation runs, out of the memory that holds every report.

Merging needs every report at once but none of their sentences; the derived layer writes
one sentence per canonical event (its best report's, as `tkg:evidenceText`). So reports
go through `SentenceFile.strip` on their way to merging: each sentence is written to a
temporary SQLite file and the report kept without it, and the writer asks for the few it
needs. Memory then holds a few thousand sentences at a time, not one per report.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from treatykg.graph import scratch
from treatykg.graph.happenings import Report

__all__ = ["SentenceFile"]

_BATCH = 10_000  # sentences per insert


class SentenceFile(Mapping[str, str]):
    """Sentences by report IRI, in a temporary file removed on `close`.

    >>> from contextlib import closing
    >>> with closing(SentenceFile()) as sentences:
    ...     [r.evidence for r in sentences.strip([Report("e1", "a1", "signing", "actual",
    ...         evidence="Russia signed.")])], sentences["e1"], sentences.get("e2")
    ([''], 'Russia signed.', None)
    """

    def __init__(self) -> None:
        self._folder = scratch.folder("sentences")
        self._db = sqlite3.connect(Path(self._folder.name) / "sentences.db")
        # A scratch file, rebuilt by every derivation: no journal, no waiting on the disk.
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE s (iri TEXT PRIMARY KEY, sentence TEXT) WITHOUT ROWID")

    def strip(self, reports: Iterable[Report]) -> Iterator[Report]:
        """Each report without its sentence, which goes to the file."""
        pending: list[tuple[str, str]] = []
        for report in reports:
            if report.evidence:
                pending.append((report.iri, report.evidence))
                report = dataclasses.replace(report, evidence="")
                if len(pending) >= _BATCH:
                    self._insert(pending)
            yield report
        self._insert(pending)

    def _insert(self, rows: list[tuple[str, str]]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO s VALUES (?, ?)", rows)
        rows.clear()

    def __getitem__(self, iri: str) -> str:
        row = self._db.execute("SELECT sentence FROM s WHERE iri = ?", (iri,)).fetchone()
        if row is None:
            raise KeyError(iri)
        return str(row[0])

    def __iter__(self) -> Iterator[str]:
        return (str(row[0]) for row in self._db.execute("SELECT iri FROM s ORDER BY iri"))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM s").fetchone()[0])

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()
