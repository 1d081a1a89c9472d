"""When an event happened: the date nearest its trigger, moved by an offset the text gives,
or borrowed from the sentence right before or after about the same happening, as far as
the event's modality allows; the words that move a date or stop a borrowing are in
resources/event_dates.toml."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from treatykg.ingest.cues import cue_regex, load_resource
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import guarded
from treatykg.ingest.timex import COUNT_WORDS, Timex
from treatykg.ingest.treaty_refs import TREATY_NOUN

if TYPE_CHECKING:
    from treatykg.ingest.document import Document
    from treatykg.ingest.events import Event

__all__ = [
    "NO_BORROWED_DATE",
    "Dated",
    "Layout",
    "after_publication",
    "borrowable",
    "dated_from_next",
    "dating_timexes",
    "event_date",
    "for_type",
    "goes_on",
    "may_borrow",
    "names_a_treaty",
    "shifted",
]


@dataclass(frozen=True, slots=True)
class Dated:
    value: str | None = None
    precision: str | None = None
    borrowed: bool = False  # read from the sentence before
    at: int = -1  # where the date stands in the body (before the sentence when borrowed)


# "Moscow later accused ...", "Beijing has repeatedly rejected ...": the sentence moves
# on in time or speaks of many occasions, so the date of the sentence before is not its.
_DATA = load_resource("event_dates.toml")
_MOVES_ON = guarded(cue_regex(_DATA["moves_on"]), re.IGNORECASE)
_OFFSETS = guarded(cue_regex(_DATA["offsets"]), re.IGNORECASE)

# Modalities of what has not happened yet: no date borrowed from a report of the past.
NO_BORROWED_DATE = frozenset(_DATA["not_yet"])
# ", explaining the step in a speech on Monday,": a participle clause about a happening,
# set off by commas inside a sentence of its own.
_PARTICIPLE_HAPPENING = guarded(
    r",\s[a-z]+ing\s"
    + cue_regex(_DATA["happening_determiners"])
    + r"\s(?:[\w-]+\s){0,2}?"
    + cue_regex(_DATA["happenings"])
    + r"[^,;]{0,80},",
    re.IGNORECASE,
)
_HAPPENING = re.compile(
    rf"(?:[\w,'’-]+\s){{0,{_DATA['happening_lead_words']}}}?"
    + cue_regex(_DATA["happening_determiners"])
    + rf"\s(?:[\w-]+\s){{0,{_DATA['happening_lead_words']}}}?"
    + cue_regex(_DATA["happenings"]),
    re.IGNORECASE,
)


def event_date(
    body: str,
    sentence: Span,
    here: Sequence[Timex],
    before: Sequence[Timex],
    trigger: Span,
    layout: Layout | None = None,
) -> Dated:
    """The date nearest the trigger in its sentence, else one the sentence before states.

    A date nearer another trigger is that trigger's ("entered into force in 2011 and was
    extended in 2021"), so it counts as farther away.

    News often dates a happening once and goes on about it ("The Senate voted on
    Wednesday. ... Obama said after the vote"); the adjacent sentence's date is the best
    reading, and a borrowed date lowers the event's confidence.
    """
    if here:
        layout = layout or Layout(body, sentence, [trigger], here)
        nearest = layout.nearest_date(trigger)
        if layout.in_apposition(nearest.span, trigger):
            # "The treaty, signed in Paris in 1990, ceased to be in force for Russia": the
            # date of the participle set off by commas is its own, not the main verb's.
            return Dated()
        if not _RELATIVE_AFTER.search(body, trigger.end, nearest.span.start):
            return Dated(nearest.value, nearest.precision, at=nearest.span.start)
        # "signed on behalf of Mexico, which would submit it before the end of the year":
        # the relative clause's date is its own; the sentence before may date the trigger.
    if not before:
        return Dated()
    clause_start = max(sentence.start, body.rfind(";", sentence.start, trigger.start) + 1)
    if _counted(body, clause_start, sentence):
        return Dated()  # "came a week after the Duma ...": counted from another happening
    if not _MOVES_ON.search(body, clause_start, trigger.end):
        # The sentence before dates its main clause first ("X said on Monday that ...").
        return Dated(before[0].value, before[0].precision, True, before[0].span.start)
    return Dated()


_COUNT = "|".join(COUNT_WORDS)
_OFFSET = guarded(
    rf"\b(?P<n>\d+|{_COUNT})\s(?P<unit>day|week|month|year)s?\s(?P<dir>later|after|earlier|before)\b"
    # "would withdraw in six months": that long after the date the sentence gives.
    rf"|\bin\s(?P<n2>\d+|{_COUNT})\s(?P<unit2>day|week|month|year)s?\b"
    r"(?!\s(?:ago|earlier|before|later|after))",
    re.IGNORECASE,
)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def shifted(body: str, sentence: Span, trigger: Span, dated: Dated, layout: Layout) -> Dated:
    """An event dated by an offset from another date in its sentence.

    "suspended it in February 2019 and withdrew six months later" dates the withdrawal
    six months on; "ended on Friday, six months after Washington suspended it" dates the
    suspension six months back. The result is no finer than the offset ("six months" from
    a day gives a month); from an anchor coarser than the offset the date is unknown.
    """
    if dated.value is None or dated.precision not in _PRECISION_RANK:
        return dated
    after = _OFFSET.search(body, trigger.end, min(sentence.end, trigger.end + 30))
    # The anchor date must be the other event's: before the trigger, or before the offset.
    if (
        after is not None
        and dated.at < trigger.start
        and not _CLAUSE_MARK.search(body, trigger.end, after.start())
        and not layout.trigger_starts_in(trigger.end, after.start())
    ):
        sign = -1 if (after["dir"] or "").lower() in ("earlier", "before") else 1
        return _moved(dated, after, sign)
    start = max(sentence.start, trigger.start - 50)
    before = list(_OFFSET.finditer(body, start, trigger.start))
    if before and _HEDGE.search(
        body, max(sentence.start, before[-1].start() - 12), before[-1].start()
    ):
        return Dated(borrowed=dated.borrowed)  # "less than three weeks after": not a date
    if (
        before
        and dated.at < before[-1].start()
        and not _CLAUSE_MARK.search(body, before[-1].end(), trigger.start)
        and not layout.trigger_starts_in(before[-1].end(), trigger.start)
    ):
        # "six months after X suspended": X came six months before the date given.
        sign = -1 if (before[-1]["dir"] or "").lower() in ("after", "earlier") else 1
        return _moved(dated, before[-1], sign)
    return dated


_CLAUSE_MARK = re.compile(r"[,;:]")
_HEDGE = guarded(cue_regex(_DATA["hedges"]) + r"\s$")


def _moved(dated: Dated, offset: re.Match[str], sign: int) -> Dated:
    unit = (offset["unit"] or offset["unit2"]).lower()
    if dated.value is None or dated.precision not in ("day", "month", "year"):
        return Dated(borrowed=dated.borrowed)
    if _PRECISION_RANK[dated.precision] > _PRECISION_RANK["day" if unit == "week" else unit]:
        return Dated(borrowed=dated.borrowed)  # a year moved by months: unknown
    parts = [int(p) for p in dated.value.split("-")] + [1, 1]
    n = (offset["n"] or offset["n2"]).lower()
    count = int(n) if n.isdigit() else COUNT_WORDS[n]
    moved = date(parts[0], parts[1], parts[2]) + relativedelta(**{f"{unit}s": sign * count})
    precision = "day" if unit == "week" else unit
    value = {"day": moved.isoformat(), "month": f"{moved.year:04d}-{moved.month:02d}",
             "year": f"{moved.year:04d}"}[precision]  # fmt: skip
    return Dated(value, precision, dated.borrowed, dated.at)


_BACK_OPENER = re.compile(
    r"[\s“\"‘']*(?:" + cue_regex(_DATA["back_conjunctions"]) + r",?\s+)?"
    + cue_regex(_DATA["back_openers"]) + r"\s",
    re.IGNORECASE,
)  # fmt: skip


def goes_on(body: str, sentence: Span, mentions: Sequence[Mention]) -> bool:
    """Whether a sentence opens by referring back to what the sentence before told ("It
    was signed there", "The topic came up"), so that it may take that sentence's date;
    "Syria is the 190th state to join" and "The Kremlin said" open with names of their own.

    >>> body = "It was signed. Syria joined."
    >>> goes_on(body, Span(0, 14), []), goes_on(body, Span(15, 28), [])
    (True, False)
    """
    if _at_named_occasion(body, sentence):
        return True
    opener = _BACK_OPENER.match(body, sentence.start, sentence.end)
    if opener is None:
        return False
    return not any(sentence.start <= m.span.start <= opener.end() for m in mentions)


_AT_OCCASION = re.compile(
    r"[\s“\"‘']*" + cue_regex(_DATA["occasion_prepositions"]) + r"\s+"
    + cue_regex(_DATA["happening_determiners"])
    + r"\s(?:[\w-]+\s)?(?P<noun>" + cue_regex(_DATA["happenings"]) + ")",
    re.IGNORECASE,
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s")
_LOOKBACK = 600  # how far back the sentence before may start


def _at_named_occasion(body: str, sentence: Span) -> bool:
    """ "At the ceremony, ..." / "During the talks, ...": the sentence opens at a happening
    that the sentence before names, so it goes on about that sentence's occasion.

    >>> body = "They held a signing ceremony on Friday. At the ceremony, Peru signed."
    >>> _at_named_occasion(body, Span(40, 70)), _at_named_occasion(body[40:], Span(0, 30))
    (True, False)
    """
    opener = _AT_OCCASION.match(body, sentence.start, sentence.end)
    if opener is None:
        return False
    lo = max(0, sentence.start - _LOOKBACK)
    ends = [m.end() for m in _SENTENCE_END.finditer(body, lo, max(lo, sentence.start - 2))]
    before = body[ends[-1] if ends else lo : sentence.start]
    noun = opener["noun"].lower()
    return re.search(rf"\b{re.escape(noun)}\b", before, re.IGNORECASE) is not None


_PERIOD_END = guarded(cue_regex(_DATA["period_end_words"]) + r"\s+$", re.IGNORECASE)
_PERIOD_END_TYPES = frozenset(_DATA["period_end_types"])
_MAKING_TYPES = frozenset(_DATA["making_types"])
_RELATIVE_AFTER = re.compile(r",\s(?:which|who)\b")  # a relative clause opening after the trigger
# "two years of intense negotiations": a trigger naming what filled a span of time.
_DURATION_OF = guarded(r"\b(?:years|months|weeks|days|decades)\sof\s(?:[\w-]+\s)?$", re.IGNORECASE)
_PARTICIPLE = re.compile(r"[a-z]+ed\b")  # "signed", "concluded": an appositive participle


def for_type(
    body: str, dated: Dated, event_type: str, trigger: Span, dates: Sequence[Timex]
) -> Dated:
    """A date of the event's own sentence as the event's type takes it: a date that ends
    a period ("until 2026") dates that end (an expiry), whatever date stands nearer, and
    no other event beside it ("honoured the limits until 1986" dates no ratification,
    "extended until 5 February" not the extension).

    >>> body = "It was extended in 2021 until 2026."
    >>> dates = [Timex(Span(19, 23), "2021", "2021", "year", "absolute"),
    ...          Timex(Span(30, 34), "2026", "2026", "year", "absolute")]
    >>> [for_type(body, Dated("2021", "year", at=19), t, Span(7, 15), dates).value
    ...  for t in ("extension", "expiry")]
    ['2021', '2026']
    """
    if dated.borrowed:
        return dated
    if _DURATION_OF.search(body, max(0, trigger.start - 40), trigger.start):
        return Dated()  # "capping seven years of negotiation": a span, dated by none
    if event_type in _PERIOD_END_TYPES:
        end = next((t for t in dates if t.span.start > trigger.start and _ends(body, t)), None)
        return dated if end is None else Dated(end.value, end.precision, at=end.span.start)
    if dated.at >= 0 and _PERIOD_END.search(body, max(0, dated.at - 8), dated.at):
        return Dated()
    if event_type not in _MAKING_TYPES:
        year = next((t for t in dates if t.span.start == dated.at), None)
        if year is not None and _year_of_making(body, year):
            # "abandoned the 2015 nuclear deal in May 2018": the other date, if any.
            other = next(
                (t for t in dates if t.span.start > trigger.start and t.value
                 and not t.dateline and not _year_of_making(body, t)),
                None,
            )  # fmt: skip
            return (
                Dated()
                if other is None
                else Dated(other.value, other.precision, at=other.span.start)
            )
    return dated


def _ends(body: str, timex: Timex) -> bool:
    return _PERIOD_END.search(body, max(0, timex.span.start - 8), timex.span.start) is not None


_HAPPENING_RELATIVE = frozenset(w.lower() for w in _DATA["happening_relative"])


def dating_timexes(timexes: Sequence[Timex], body: str, treaty_starts: set[int]) -> list[Timex]:
    """The dates that may date an event: resolved ones, but not a dateline (it dates the
    report), a year naming a treaty, nor "the day before" counted from the publication
    date for want of a date before it in the text.

    >>> from datetime import date as day
    >>> from treatykg.ingest.text import segment
    >>> from treatykg.ingest.timex import find_timexes
    >>> body = "Moscow left it the day before."
    >>> [t.text for t in dating_timexes(find_timexes(body, segment(body), day(2025, 3, 10)), body, set())]
    []
    """
    kept: list[Timex] = []
    for t in timexes:
        if not t.value or t.dateline or names_a_treaty(body, t, treaty_starts):
            continue
        if not kept and t.text.lower() in _HAPPENING_RELATIVE:
            continue  # counted from the publication date
        kept.append(t)
    return kept


_PERFECT = guarded(
    cue_regex(_DATA["perfect_auxiliaries"])
    + r"\s+(?:(?:"
    + cue_regex(_DATA["perfect_adverbs"])[2:-2]
    + r")\s+)*$",
    re.IGNORECASE,
)


def may_borrow(body: str, sentence: Span, trigger: Span, mentions: Sequence[Mention]) -> bool:
    """Whether an event may take the date of the sentence before: its sentence goes on
    about what that one told (`goes_on`), and its verb is no present perfect, which takes
    no past date ("The two countries have ratified it").

    >>> body = "They met on Friday. They have ratified it."
    >>> may_borrow(body, Span(20, 42), Span(30, 38), [])
    False
    """
    if _PERFECT.search(body, max(sentence.start, trigger.start - 30), trigger.start):
        return False
    return goes_on(body, sentence, mentions)


def borrowable(dated: Dated, modality: str, published: date | None) -> Dated:
    """A date borrowed from an adjacent sentence, if it can date an event of `modality`:
    what has not happened yet takes only a date still to come (none when the publication
    date is unknown), what has happened never one still to come.

    >>> past = Dated("2023-02-21", "day", borrowed=True)
    >>> borrowable(past, "planned", date(2023, 3, 1)).value, borrowable(past, "actual", None).value
    (None, '2023-02-21')
    """
    if not dated.borrowed:
        return dated
    if modality in NO_BORROWED_DATE:
        return dated if after_publication(dated, published) else Dated()
    if modality == "actual" and after_publication(dated, published):
        return Dated()
    return dated


def dated_from_next(doc: Document, events: Sequence[Event], speech: frozenset[str]) -> list[Event]:
    """Undated events dated by the sentence right after, when it goes on about the same
    happening: it opens with a definite noun for it, states no event of its own, and
    dates it ("Moscow ratified the pact. The vote came on Friday."). `speech` names the
    types dated by their speaker's occasion instead.
    """
    with_events = {e.sentence for e in events}
    index = doc.sentence_order
    dated = []
    for event in events:
        at = index.get(event.sentence)
        if event.date is None and event.type not in speech and at is not None:
            after = _date_after(doc, at + 1, with_events)
            if after is not None:
                when = borrowable(after, event.modality, doc.published)
                event = replace(event, date=when.value, precision=when.precision)
        dated.append(event)
    return dated


def _date_after(doc: Document, at: int, with_events: set[Span]) -> Dated | None:
    """The date of sentence `at`, if it only goes on about the happening before it."""
    if at >= len(doc.sentences):
        return None
    span = doc.sentences[at].span
    if span in with_events:
        return _participle_date(doc, span)
    dates = [t for t in doc.timexes_in(span) if t.value and not t.dateline]
    if not dates or not _HAPPENING.match(doc.body, span.start, span.end):
        return None
    if _MOVES_ON.search(doc.body, span.start, span.end):
        return None
    treaty_starts = {m.span.start for m in doc.mentions_in(span) if m.entity_type == "Treaty"}
    dates = [t for t in dates if not names_a_treaty(doc.body, t, treaty_starts)]
    if not dates:
        return None
    return Dated(dates[0].value, dates[0].precision, True, dates[0].span.start)


def _participle_date(doc: Document, span: Span) -> Dated | None:
    """The date of a participle clause that goes on about the happening before ("Doe,
    confirming the move on Monday, said ..."), in a sentence that states its own event."""
    clause = _PARTICIPLE_HAPPENING.search(doc.body, span.start, span.end)
    if clause is None:
        return None
    dates = [t for t in doc.timexes_in(Span(*clause.span())) if t.value and not t.dateline]
    if not dates:
        return None
    return Dated(dates[0].value, dates[0].precision, True, dates[0].span.start)


def after_publication(dated: Dated, published: date | None) -> bool:
    """Whether a day, month or year date begins after the publication date."""
    if published is None or dated.value is None or dated.precision not in ("day", "month", "year"):
        return False
    parts = [int(p) for p in dated.value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2]) > published


def _gap(a: Span, b: Span) -> int:
    return max(0, b.start - a.end, a.start - b.end)


# All places where a conjunction parts two verb phrases, overlapping ones too.
_CONJUNCTION_AT = re.compile(r"(?=(\s" + cue_regex(_DATA["conjunctions"])[2:-2] + r"\s))")
_SEMICOLON = re.compile(";")
_COMMA = re.compile(",")
_COMMA_COST = 10  # characters a comma between a date and a trigger counts as


class Layout:
    """One sentence's triggers (in text order, never overlapping), semicolons and
    conjunctions, found once: how far a date stands from a trigger then costs a few
    lookups instead of a walk over the other triggers and the text between."""

    def __init__(
        self, body: str, sentence: Span, triggers: Sequence[Span], dates: Sequence[Timex]
    ) -> None:
        self.body = body
        self.sentence = sentence
        self.dates = dates  # in text order, never overlapping
        self.triggers = triggers
        self.starts = [t.start for t in triggers]
        self.ends = [t.end for t in triggers]

    # Most sentences hold one date or none: what only comparing dates needs is found then.
    @functools.cached_property
    def date_starts(self) -> list[int]:
        return [t.span.start for t in self.dates]

    @functools.cached_property
    def date_ends(self) -> list[int]:
        return [t.span.end for t in self.dates]

    @functools.cached_property
    def semicolons(self) -> list[int]:
        return [
            m.start()
            for m in _SEMICOLON.finditer(self.body, self.sentence.start, self.sentence.end)
        ]

    @functools.cached_property
    def conjunctions(self) -> list[tuple[int, int]]:
        """Where conjunctions start and end; one that starts later ends later (the words
        are spaced), so the first one starting in a stretch is the one likeliest to fit."""
        return [
            (m.start(), m.start() + len(m[1]))
            for m in _CONJUNCTION_AT.finditer(self.body, self.sentence.start, self.sentence.end)
        ]

    def trigger_starts_in(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, start)
        return index < len(self.starts) and self.starts[index] < end

    def distance(self, when: Span, trigger: Span) -> int:
        """Characters between a date and a trigger; a semicolon between them parts
        independent clauses, and a date nearer another event's trigger is that event's."""
        left, right = (when, trigger) if when.start <= trigger.start else (trigger, when)
        gap = self._cost(when, trigger)
        nearest = self._nearest_other(when, trigger)
        claimed = nearest is not None and nearest < gap
        semicolon = bisect.bisect_left(self.semicolons, left.end)
        parted = semicolon < len(self.semicolons) and self.semicolons[semicolon] < right.start
        # "signed it in 1996 and ratified it in 2000": a conjunction parts two verb phrases.
        joined = len(self.triggers) > 1 and self._conjunction_in(left.end, right.start)
        return gap + (1000 if parted else 0) + (500 if claimed else 0) + (200 if joined else 0)

    @functools.cached_property
    def commas(self) -> list[int]:
        return [
            m.start() for m in _COMMA.finditer(self.body, self.sentence.start, self.sentence.end)
        ]

    def _cost(self, when: Span, trigger: Span) -> int:
        """The gap between a date and a trigger, a comma between them counting as a
        stretch of words: "The treaty, signed in April 2010, was extended in 2021" dates
        the signing in 2010 and the extension in 2021."""
        gap = _gap(when, trigger)
        if gap == 0 or not self.commas:
            return gap
        low, high = min(when.end, trigger.end), max(when.start, trigger.start)
        between = bisect.bisect_left(self.commas, high) - bisect.bisect_left(self.commas, low)
        return gap + _COMMA_COST * between

    def nearest_date(self, trigger: Span) -> Timex:
        """The date at the least `distance` from the trigger, the first of the sentence's
        dates on a tie.

        Going away from the trigger on one side, a date lies behind every semicolon and
        conjunction a nearer one does, and stands nearer another trigger once a nearer
        date does (each trigger's dates are a stretch around it): so the distance grows
        among the dates another trigger claims and among those it does not, and only the
        nearest of each kind on each side (and dates overlapping the trigger) can win.
        """
        if len(self.dates) == 1:
            return self.dates[0]
        before = bisect.bisect_right(self.date_ends, trigger.start)  # dates wholly before
        after = bisect.bisect_left(self.date_starts, trigger.end)  # the first wholly after
        candidates = set(range(before, after))
        for side in (range(before - 1, -1, -1), range(after, len(self.dates))):
            if not side:
                continue
            candidates.add(side[0])
            claimed = self._first_claimed(side, trigger)
            if claimed is not None:
                candidates.add(claimed)
        return self.dates[
            min(candidates, key=lambda i: (self.distance(self.dates[i].span, trigger), i))
        ]

    def _first_claimed(self, side: range, trigger: Span) -> int | None:
        """The nearest date of one side (dates by growing gap) that stands nearer another
        trigger, by bisection: from it on, all do."""
        low, high = 0, len(side)
        while low < high:
            middle = (low + high) // 2
            when = self.dates[side[middle]].span
            nearest = self._nearest_other(when, trigger)
            if nearest is not None and nearest < self._cost(when, trigger):
                high = middle
            else:
                low = middle + 1
        return side[low] if low < len(side) else None

    def _nearest_other(self, when: Span, trigger: Span) -> int | None:
        """The gap between a date and the nearest trigger other than `trigger`: the gaps
        fall towards the date and rise after it, so two on each side are enough."""
        middle = bisect.bisect_right(self.ends, when.start)  # the first not wholly before
        gaps = [
            self._cost(when, self.triggers[i])
            for i in range(max(0, middle - 2), min(len(self.triggers), middle + 2))
            if self.triggers[i] != trigger
        ]
        return min(gaps, default=None)

    def in_apposition(self, when: Span, trigger: Span) -> bool:
        """Whether a date stands in a participle phrase set off by commas before the
        trigger (", signed in Paris in 1990,"), which dates the participle only."""
        for other in self.triggers:
            if other == trigger or not other.end <= when.start or trigger.start < when.end:
                continue
            opens = self.body[max(0, other.start - 2) : other.start] == ", "
            if (
                opens
                and _PARTICIPLE.match(self.body, other.start)
                and "," not in self.body[other.end : when.start]
                and "," in self.body[when.end : trigger.start]
            ):
                return True
        return False

    def _conjunction_in(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.conjunctions, (start, -1))
        return index < len(self.conjunctions) and self.conjunctions[index][1] <= end


def names_a_treaty(body: str, timex: Timex, treaty_starts: set[int]) -> bool:
    """ "the 1972 Anti-Ballistic Missile Treaty": a year that is part of how a treaty is
    named dates no event reported about it."""
    if timex.precision != "year":
        return False
    after = timex.span.end + 1
    return after in treaty_starts and body[timex.span.end : after] == " "


def _year_of_making(body: str, timex: Timex) -> bool:
    """ "the 1993 accord", "the 2015 nuclear deal": a year between a determiner and a
    treaty noun says when the treaty was made, so it dates its making only."""
    return (
        timex.precision == "year"
        and _YEAR_DETERMINER.search(body, max(0, timex.span.start - 6), timex.span.start)
        is not None
        and _YEAR_NOUN.match(body, timex.span.end) is not None
    )


_YEAR_DETERMINER = guarded(r"\b(?:the|its|this|that|a)\s$", re.IGNORECASE)
_YEAR_NOUN = re.compile(r"\s(?:[\w-]+\s){0,2}?" + TREATY_NOUN.pattern, re.IGNORECASE)


def _counted(body: str, clause_start: int, sentence: Span) -> bool:
    """Whether the clause counts its time from another happening ("came a week after
    the Duma ratified it"), so that no date of the sentence before is its own."""
    end = body.find(";", clause_start, sentence.end)
    return _OFFSETS.search(body, clause_start, sentence.end if end < 0 else end) is not None
