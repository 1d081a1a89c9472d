"""The one span index: which items (mentions, dates, quotes, sentences, regex matches) fall
in or overlap a stretch of a body, answered by bisection instead of a walk over them all."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from treatykg.ingest.records import Span

__all__ = ["SpanIndex"]

T = TypeVar("T")


def _ascending(values: Sequence[int]) -> bool:
    """Whether `values` never decrease (compared in C: an index is built per stage)."""
    return all(map(operator.le, values, itertools.islice(values, 1, None)))


class SpanIndex(Generic[T]):
    """Items with a text position, found by the span they fall in or overlap.

    Items may overlap one another; answers keep the order the items were given in.

    >>> index = SpanIndex(["ab", "cd", "bcd"], lambda s: {"ab": (0, 2), "cd": (2, 4), "bcd": (1, 4)}[s])
    >>> index.within(Span(0, 3)), index.overlapping(Span(3, 5)), index.at(1)
    (['ab'], ['cd', 'bcd'], 'ab')
    """

    def __init__(self, items: Iterable[T], span_of: Callable[[T], tuple[int, int]]) -> None:
        self.items = list(items)
        spans = list(map(span_of, self.items))
        starts, ends = (list(column) for column in zip(*spans, strict=True)) if spans else ([], [])
        # Items given in text order (the usual case) need no sorting, there or back.
        self._in_order = _ascending(starts)
        if self._in_order:
            self._order = list(range(len(spans)))
            self._starts = starts
            self._ends = ends
        else:
            self._order = sorted(range(len(spans)), key=lambda i: starts[i])
            self._starts = [starts[i] for i in self._order]
            self._ends = [ends[i] for i in self._order]
        # Items in text order that also end in order (sentences, mentions, dates, none
        # inside another) answer by bisection alone: what a span holds or meets is one
        # slice of them, with no walk over the candidates.
        self._sliced = self._in_order and _ascending(self._ends)
        # The furthest end reached by any item starting at or before each one.
        self._reach = self._ends if self._sliced else list(itertools.accumulate(self._ends, max))

    def __len__(self) -> int:
        return len(self.items)

    def within(self, span: Span) -> list[T]:
        """The items wholly inside `span`."""
        first = bisect.bisect_left(self._starts, span.start)
        last = bisect.bisect_left(self._starts, span.end, first)
        if self._sliced:
            return self.items[first : bisect.bisect_right(self._ends, span.end, first, last)]
        if self._in_order:
            return [self.items[k] for k in range(first, last) if self._ends[k] <= span.end]
        found = [k for k in range(first, last) if self._ends[k] <= span.end]
        return [self.items[i] for i in sorted(self._order[k] for k in found)]

    def overlapping(self, span: Span) -> list[T]:
        """The items sharing at least one character with `span`."""
        first = bisect.bisect_right(self._reach, span.start)
        last = bisect.bisect_left(self._starts, span.end, first)
        if self._sliced:  # every item from `first` on ends after the span's start
            return self.items[first:last]
        found = [k for k in range(first, last) if self._ends[k] > span.start]
        if self._in_order:
            return [self.items[k] for k in found]
        return [self.items[i] for i in sorted(self._order[k] for k in found)]

    def at(self, position: int) -> T | None:
        """The first item (in the order given) that holds `position`, if any."""
        held = self.overlapping(Span(position, position + 1))
        return held[0] if held else None
