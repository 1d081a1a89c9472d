"""What the timeline page says about each event: the record its side panel, hover text and
filters read, with its reports and their articles.

Kept apart from the layout (views/timeline_model.py) because this is where the page's size
goes: ten thousand events carry tens of thousands of reports. So names and articles are
written once, in tables the records point into, and a large page keeps only a few reports
of each event in full.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from treatykg.views.safe import http_url, plain
from treatykg.views.timeline_layout import is_span, node_label

if TYPE_CHECKING:
    from treatykg.graph.timeline_io import SourceReport, TimelineEvent

__all__ = ["MAX_REPORTS", "Indexes", "article_table", "event_record", "reports_in_full"]

# Reports written in full: up to MAX_REPORTS per event, fewer on a large page so that about
# REPORT_BUDGET are written in all (never fewer than MIN_REPORTS); the rest are counted with
# their outlets. Ten thousand events of four 200-character reports would pass 15 MB.
MAX_REPORTS = 8
MIN_REPORTS = 2
REPORT_BUDGET = 20_000


def _ordered_reports(event: TimelineEvent) -> list[SourceReport]:
    return sorted(event.reports, key=lambda r: (r.published or "", r.outlet or "", r.report))


def reports_in_full(events: int) -> int:
    """How many reports of each event a page of `events` events writes in full.

    >>> reports_in_full(40), reports_in_full(5_000), reports_in_full(10_000)
    (8, 4, 2)
    """
    return max(MIN_REPORTS, min(MAX_REPORTS, REPORT_BUDGET // max(events, 1)))


def article_table(
    events: Iterable[TimelineEvent], full: int
) -> tuple[list[list[object]], dict[str, int]]:
    """Each article once, [title, outlet, published, url], and the index of each article's IRI:
    an article that reports several events is written once, not with each report."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for e in events:
        for r in _ordered_reports(e)[:full]:
            found[r.article] = (r.published or "", r.outlet or "", r.title or "", r.url or "")
    ordered = sorted(found, key=lambda a: (found[a], a))
    table: list[list[object]] = [
        [plain(t) if t else None, plain(o) if o else None, p or None, http_url(u or None)]
        for p, o, t, u in (found[a] for a in ordered)
    ]
    return table, {a: i for i, a in enumerate(ordered)}


@dataclass(frozen=True)
class Indexes:
    """Where each actor, treaty and article sits in the model's tables: two kinds of IRI
    never share a table, so an IRI that is both a treaty and an actor names each right."""

    actors: dict[str, int]
    treaties: dict[str, int]
    articles: dict[str, int]
    full: int  # reports of each event written in full


def _reports(event: TimelineEvent, at: Indexes) -> list[dict[str, object]]:
    """The first `at.full` reports in full, their article by index into the article table."""
    return [
        {
            "article": at.articles[r.article],
            "evidence": plain(r.evidence),
            "modality": r.modality,
            "date": r.date_label,
        }
        for r in _ordered_reports(event)[: at.full]
    ]


def _more_reports(event: TimelineEvent, full: int) -> dict[str, object] | None:
    """Past the first `full`, how many more reports and from which outlets (the page says
    "+k more (outlets)"): a story a hundred wires carried must not fill the page."""
    rest = _ordered_reports(event)[full:]
    if not rest:
        return None
    outlets = sorted({plain(r.outlet) for r in rest if r.outlet}, key=str.casefold)
    return {"count": len(rest), "outlets": outlets}


def event_record(event: TimelineEvent, at: Indexes) -> dict[str, object]:
    """What the side panel, the hover text and the filters read about one event. Actors,
    treaties and articles are indices into the model's tables (the page expands them): ten
    thousand events repeat few names, and the page must stay small."""
    return {
        "key": event.key,
        "type": event.type,
        "modality": event.modality,
        "treaty": at.treaties[event.treaty] if event.treaty else None,
        "actors": [at.actors[iri] for iri, _ in event.actors],
        "date": event.label or (event.start.isoformat() if event.start else "undated"),
        "precision": event.precision,
        "approximate": is_span(event),
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "sources": event.sources,
        "label": node_label(event),
        "kb": (
            {
                "note": plain(event.kb_note) if event.kb_note else None,
                "source": http_url(event.kb_source),
                "source_text": plain(event.kb_source),
            }
            if event.from_kb
            else None
        ),
        "reports": _reports(event, at),
        "more_reports": _more_reports(event, at.full),
        "quotes": [{"speaker": plain(q.speaker), "text": plain(q.text)} for q in event.quotes],
        "conflicts": [
            {
                "field": c.field,
                "claims": [[plain(v), [plain(s) for s in who]] for v, who in c.claims],
            }
            for c in event.conflicts
        ],
    }
