"""Reports and canonical events on disk while a derivation runs, so memory holds one unit of them.

Merging compares a report only with reports of its own block (one treaty and type
family, or one day of reports naming no treaty: `graph.merge_index`), so the reports of a
store can be merged a unit of whole blocks at a time: one treaty's of one family, or one
year's of those that name no treaty. A derivation streams every report into a temporary
SQLite file filed by unit, merges each unit alone, and files the canonical events it
gives by the derived graph they are written to. Writing a graph, or computing one
treaty's status, then reads back only its own events. Memory holds the largest unit
(one treaty's reports of one family), not the store.

A plain-list `Events` stands in for a spill where a few events are at hand (tests, small
computations): both answer the same questions.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import operator
import pickle
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from treatykg.graph import merging, scratch
from treatykg.graph.happenings import CanonicalEvent, Conflict, Merged, Report

__all__ = ["EventList", "Events", "Spill", "brief", "unit_of"]

_BATCH = 5_000  # rows per insert
# Reports that name no treaty and have no date never merge (`graph.merge_index`): any
# split of them is a split of whole blocks, so they go into this many units by IRI.
_UNDATED_UNITS = 64


class Events(Protocol):
    """The canonical events of a derivation, read as often as a component needs them."""

    def of_treaty(
        self, treaty: str, types: Collection[str] | None = None
    ) -> Iterable[CanonicalEvent]:
        """The events about one treaty (an IRI), of the given types only (None: any)."""
        ...

    def briefs(self) -> Iterable[tuple[CanonicalEvent, frozenset[str]]]:
        """Every event without its reports and claims, with the articles reporting it, in
        the order of its first article (by IRI): a network reads who took part, what
        happened and when (`actors_by_article` gives what is counted per article)."""
        ...

    def counted(self) -> Iterable[tuple[CanonicalEvent, int]]:
        """Every event without its reports and claims, with its number of independent
        sources (`CanonicalEvent.sources`), in no set order: what a listing orders by."""
        ...

    def actors_by_article(self) -> Iterable[tuple[str, list[frozenset[str]]]]:
        """Each article reporting some event, in IRI order, with the actors of each event
        it reports: what is counted per article is counted one article at a time."""
        ...


class EventList(list[CanonicalEvent]):
    """Events held in memory, for callers with few of them."""

    def of_treaty(self, treaty: str, types: Collection[str] | None = None) -> list[CanonicalEvent]:
        return [
            event
            for event in self
            if event.treaty == treaty and (types is None or event.type in types)
        ]

    def briefs(self) -> list[tuple[CanonicalEvent, frozenset[str]]]:
        ordered = sorted(self, key=lambda event: (min(event.articles, default=""), event.key))
        return [(brief(event), event.articles) for event in ordered]

    def counted(self) -> list[tuple[CanonicalEvent, int]]:
        return [(brief(event), event.sources) for event in self]

    def actors_by_article(self) -> list[tuple[str, list[frozenset[str]]]]:
        found: dict[str, list[frozenset[str]]] = {}
        for event in sorted(self, key=lambda event: event.key):
            for article in event.articles:
                found.setdefault(article, []).append(event.actors)
        return sorted(found.items())


def brief(event: CanonicalEvent) -> CanonicalEvent:
    """The event without its reports and claims."""
    return replace(event, reports=(), claims=())


def unit_of(report: Report) -> str:
    """The unit a report is merged in: its treaty and type family, else the year of its
    date, else one of `_UNDATED_UNITS` buckets.

    Every block of `graph.merge_index` lies within one unit: a treaty's blocks are its
    type families, and reports naming no treaty merge only on one day. A treaty's news
    grows with the store, so a unit of a whole treaty (all its statements, talks and
    steps) would too; one family of it grows a few times slower.

    >>> from datetime import date
    >>> unit_of(Report("e1", "a1", "ratification", "actual", treaty="t"))
    't ratification'
    >>> unit_of(Report("e1", "a1", "meeting_or_call", "actual", start=date(2023, 5, 1)))
    'year 2023'
    """
    if report.treaty is not None:
        return f"{report.treaty} {merging.RULES.family(report.type)}"
    if report.start is not None:
        return f"year {report.start.year:04d}"
    bucket = int(hashlib.sha1(report.iri.encode(), usedforsecurity=False).hexdigest()[:4], 16)
    return f"undated {bucket % _UNDATED_UNITS:02d}"


class Spill:
    """A derivation's reports by unit and canonical events by graph, in a temporary file
    removed on `close`.

    >>> from contextlib import closing
    >>> with closing(Spill()) as spill:
    ...     added = spill.add_reports([Report("e1", "a1", "signing", "actual", treaty="t")])
    ...     added, [(unit, [r.iri for r in reports]) for unit, reports in spill.units()]
    (1, [('t signing', ['e1'])])
    """

    def __init__(self) -> None:
        self._folder = scratch.folder("derive")
        self._db = sqlite3.connect(Path(self._folder.name) / "spill.db")
        # A scratch file, rebuilt by every derivation: no journal, no waiting on the disk.
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.executescript(
            """
            CREATE TABLE report (unit TEXT, data BLOB);
            CREATE TABLE event (key TEXT PRIMARY KEY, part TEXT, treaty TEXT, type TEXT,
                                article TEXT, sources INTEGER, actors TEXT, data BLOB,
                                brief BLOB);
            CREATE TABLE reported (article TEXT, key TEXT);
            CREATE TABLE placed (report TEXT PRIMARY KEY, part TEXT) WITHOUT ROWID;
            CREATE TABLE conflict (key TEXT PRIMARY KEY, part TEXT, data BLOB);
            CREATE TABLE stored (report TEXT PRIMARY KEY, part TEXT) WITHOUT ROWID;
            """
        )
        self._indexed = False

    # ------------------------------------------------------------ reports, by unit

    def add_reports(self, reports: Iterable[Report]) -> int:
        """File reports by unit; returns how many."""
        rows: list[tuple[str, bytes]] = []
        count = 0
        for report in reports:
            rows.append((unit_of(report), pickle.dumps(report, pickle.HIGHEST_PROTOCOL)))
            count += 1
            if len(rows) >= _BATCH:
                self._db.executemany("INSERT INTO report VALUES (?, ?)", rows)
                rows.clear()
        self._db.executemany("INSERT INTO report VALUES (?, ?)", rows)
        return count

    def units(self) -> Iterator[tuple[str, list[Report]]]:
        """Each unit's reports, one unit at a time, in the order of the units' names."""
        self._db.execute("CREATE INDEX IF NOT EXISTS report_unit ON report (unit)")
        names = [str(row[0]) for row in self._db.execute("SELECT DISTINCT unit FROM report")]
        for unit in sorted(names):
            rows = self._db.execute("SELECT data FROM report WHERE unit = ?", (unit,))
            yield unit, [pickle.loads(row[0]) for row in rows]

    # ------------------------------------------------------------ canonical events

    def add_merged(self, merged: Merged, part_of: Callable[[CanonicalEvent], str]) -> None:
        """File a unit's canonical events by the graph `part_of` names (and their
        conflicts with them), and where each of their news reports went."""
        parts = {}
        events, placed, reported = [], [], []
        for event in merged.events:
            part = parts[event.key] = part_of(event)
            data = pickle.dumps(event, pickle.HIGHEST_PROTOCOL)
            article = min(event.articles, default="")
            # Unpickling whole events only to drop their reports left memory in pieces
            # that could not be given back (500 MB at 10,000 articles).
            short = pickle.dumps((brief(event), event.articles), pickle.HIGHEST_PROTOCOL)
            actors = " ".join(sorted(event.actors))  # an IRI holds no space
            events.append(
                (event.key, part, event.treaty, event.type, article, event.sources, actors,
                 data, short)
            )  # fmt: skip
            placed += [(r.iri, part) for r in event.reports if not r.from_kb]
            reported += [(a, event.key) for a in event.articles]
        conflicts = [
            (c.key, parts[c.event], pickle.dumps(c, pickle.HIGHEST_PROTOCOL))
            for c in merged.conflicts
            if c.event in parts
        ]
        self._db.executemany("INSERT INTO event VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        self._db.executemany("INSERT INTO reported VALUES (?, ?)", reported)
        self._db.executemany("INSERT INTO placed VALUES (?, ?)", placed)
        self._db.executemany("INSERT INTO conflict VALUES (?, ?, ?)", conflicts)

    def _index(self) -> None:
        if not self._indexed:
            self._db.execute("CREATE INDEX event_part ON event (part, key)")
            self._db.execute("CREATE INDEX event_treaty ON event (treaty, type, key)")
            self._db.execute("CREATE INDEX event_article ON event (article, key)")
            self._db.execute("CREATE INDEX conflict_part ON conflict (part, key)")
            self._db.execute("CREATE INDEX reported_article ON reported (article, key)")
            self._indexed = True

    def parts(self) -> set[str]:
        """The graphs that hold at least one canonical event."""
        self._index()
        return {str(row[0]) for row in self._db.execute("SELECT DISTINCT part FROM event")}

    def events_in(self, part: str) -> list[CanonicalEvent]:
        """The canonical events of one graph, by key."""
        self._index()
        rows = self._db.execute("SELECT data FROM event WHERE part = ? ORDER BY key", (part,))
        return [pickle.loads(row[0]) for row in rows]

    def conflicts_in(self, part: str) -> list[Conflict]:
        """The conflicts of one graph's events, by key."""
        self._index()
        rows = self._db.execute("SELECT data FROM conflict WHERE part = ? ORDER BY key", (part,))
        return [pickle.loads(row[0]) for row in rows]

    def add_stored(self, placed: Iterable[tuple[str, str]]) -> None:
        """Where the stored layer placed each news report: (report IRI, graph part)."""
        self._db.executemany("INSERT OR REPLACE INTO stored VALUES (?, ?)", placed)

    def moved(self) -> set[str]:
        """The graphs a report came into, left, or moved to or from since the stored
        layer (as `add_stored` gave it) was derived."""
        rows = self._db.execute(
            """SELECT p.part, s.part FROM placed p LEFT JOIN stored s ON s.report = p.report
               WHERE s.part IS NULL OR s.part <> p.part
               UNION ALL
               SELECT NULL, s.part FROM stored s LEFT JOIN placed p ON p.report = s.report
               WHERE p.part IS NULL"""
        )
        return {str(part) for row in rows for part in row if part is not None}

    def of_treaty(
        self, treaty: str, types: Collection[str] | None = None
    ) -> Iterator[CanonicalEvent]:
        """One event at a time, by key: a caller that keeps only part of each (treaty
        status keeps what its steps need) never holds the treaty's events whole."""
        self._index()
        if types is None:
            rows = self._db.execute(
                "SELECT key, data FROM event WHERE treaty = ? ORDER BY key", (treaty,)
            )
            for _, data in rows:
                yield pickle.loads(data)
            return
        # One index range per type, each in key order, merged: no sort of the pickles.
        ranges = [
            self._db.execute(
                "SELECT key, data FROM event WHERE treaty = ? AND type = ? ORDER BY key",
                (treaty, type_),
            )
            for type_ in sorted(set(types))
        ]
        for _, data in heapq.merge(*ranges, key=operator.itemgetter(0)):
            yield pickle.loads(data)

    def briefs(self) -> Iterator[tuple[CanonicalEvent, frozenset[str]]]:
        self._index()
        for row in self._db.execute("SELECT brief FROM event ORDER BY article, key"):
            yield pickle.loads(row[0])

    def counted(self) -> Iterator[tuple[CanonicalEvent, int]]:
        for brief_, sources in self._db.execute("SELECT brief, sources FROM event"):
            event, _articles = pickle.loads(brief_)
            yield event, int(sources)

    def actors_by_article(self) -> Iterator[tuple[str, list[frozenset[str]]]]:
        self._index()
        rows = self._db.execute(
            """SELECT r.article, e.actors FROM reported r JOIN event e ON e.key = r.key
               ORDER BY r.article, r.key"""
        )
        for article, group in itertools.groupby(rows, key=operator.itemgetter(0)):
            yield str(article), [frozenset(str(actors).split()) for _, actors in group]

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()
