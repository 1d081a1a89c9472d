"""Temporal expressions: found in the text and normalized to TIMEX3 values.

Values are anchored on the publication date and follow the tense of their clause: a
weekday in a past-tense report is the latest such day on or before publication, in a
future clause the next one after it. Without a publication date, relative expressions
keep their text and get no value: a guess would be a wrong fact with a source attached.
python-dateutil does the calendar arithmetic; the rules are ours, and the words they rest
on (named days, seasons, the verbs that set a period's end) are in
`resources/dates.toml`.
"""

from __future__ import annotations

import bisect
import calendar
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
from treatykg.ingest.records import Span
from treatykg.ingest.text import Sentence, guarded, opening_guard

__all__ = ["COUNT_WORDS", "PRECISIONS", "Timex", "find_timexes", "is_future"]

PRECISIONS = ("day", "week", "weekend", "month", "year", "decade")

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR,
    "saturday": SA, "sunday": SU,
}  # fmt: skip
COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Abbreviations without their stop ("Feb 5") only before a number: "Mar-a-Lago" and "Jan"
# the name are no months.
_MONTH = (
    r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?=\s\d))"
)
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?P<{0}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _opening(alternatives: str) -> str:
    """ "next|last" as "(?:[Nn]ext|[Ll]ast)": each alternative may open a sentence."""
    return (
        "(?:"
        + "|".join(
            f"[{a[0].upper()}{a[0]}]{a[1:]}".replace(" ", r"\s") for a in alternatives.split("|")
        )
        + ")"
    )


def _first_letter(alternatives: str) -> str:
    """A look-ahead for the letters `alternatives` ("spring|summer") start with, in either
    case: one cheap test at each word instead of one per alternative."""
    letters = sorted({a[0].lower() + a[0].upper() for a in alternatives.split("|")})
    return "(?=[" + "".join(letters) + "])"


_COUNT_ANY = r"(?P<{0}>\d+|" + _opening("|".join(COUNT_WORDS)) + ")"

_RESOURCE = tomllib.loads(
    (Path(__file__).parent / "resources" / "dates.toml").read_text(encoding="utf-8")
)
# name as printed -> (month, day)
_NAMED_DAYS = {
    name: (int(value[:2]), int(value[3:])) for name, value in _RESOURCE["named_days"].items()
}
_SEASONS = "|".join(_RESOURCE["seasons"]["words"])
# The words before a date that make it a period's end, and the verbs that set a new end.
_PERIOD_END = re.compile(
    r"\b(?:" + "|".join(_RESOURCE["period_end"]["words"]) + r")\s(?:the\s)?$", re.IGNORECASE
)
_EXTENDING = re.compile(
    r"\b(?:" + "|".join(_RESOURCE["period_end"]["extending_stems"]) + r")\w*", re.IGNORECASE
)
# Words that point a date ahead ("ahead of", "hopes to") and the words of a deadline ("by").
_FUTURE_WORDS = "|".join(
    re.escape(w).replace(r"\ ", r"\s")
    for w in (*_RESOURCE["future_cues"]["occasions"], *_RESOURCE["future_cues"]["words"])
)
_DEADLINE = re.compile(
    r"\b(?:" + "|".join(_RESOURCE["deadline"]["words"]) + r")\s(?:the\s)?$", re.IGNORECASE
)

# Alternatives in priority order: the regex engine takes the first that matches at a
# position, so longer, more specific forms come first.
_ALTERNATIVES = [
    # "the 8th of December 1987": the ordinal is needed, "5 of March" is no date
    (
        "d_of_m",
        r"(?P<d7>[0-3]?\d)(?:st|nd|rd|th)\sof\s"
        + _MONTH.format("m10")
        + r"(?:,?\s"
        + _YEAR.format("y7")
        + ")?",
    ),
    ("dmy", _DAY.format("d1") + r"\s" + _MONTH.format("m1") + r",?\s" + _YEAR.format("y1")),
    ("mdy", _MONTH.format("m2") + r"\s" + _DAY.format("d2") + r"(?:,\s?|\s)" + _YEAR.format("y2")),
    (
        "part_my",
        r"the\s(?P<part>start|beginning|end|middle)\sof\s"
        + _MONTH.format("m3")
        + r"(?:,?\s"
        + _YEAR.format("y3")
        + ")?",
    ),
    ("month_rel", _MONTH.format("m8") + r",?\s(?P<ry>next|last|this)\syear\b"),
    ("my", _MONTH.format("m4") + r",?\s" + _YEAR.format("y4")),
    # "May 5:30" is a clock time; "Moscow, October 25: Russia ..." a dateline's day.
    ("md", _MONTH.format("m5") + r"\s" + _DAY.format("d5") + r"(?!\d|:\d)"),
    ("dm", _DAY.format("d6") + r"\s" + _MONTH.format("m6")),
    ("decade", r"(?:the\s)?(?P<dec>1[89]\d|20\d)0s"),
    (
        "season_year",
        _first_letter(_SEASONS) + rf"(?:{_opening(_SEASONS)})(?:\sof)?\s" + _YEAR.format("y6"),
    ),
    # Relative forms also open sentences ("Last year, ...", "Two days ago"): their first
    # word may be capitalized (spelled out, not (?i:), which would slow the whole scan).
    ("ago", _COUNT_ANY.format("n") + r"\s(?P<unit>day|week|month|year)s?\sago"),
    # "last March", "next June": not "last March 3", which is a day ("md" takes it).
    (
        "rel_month",
        rf"(?P<rm>{_opening('next|last|this')})\s" + _MONTH.format("m9") + r"(?!,?\s\d)",
    ),
    # "that October", "the following June": a month of the story's year, read from the
    # date named before it (see `_story_month`).
    (
        "story_month",
        rf"(?P<sm>{_opening('that|the following|the next|the same')})\s"
        + _MONTH.format("m11")
        + r"(?!\w|,?\s\d)",
    ),
    ("rel_weekday", rf"(?P<rel>{_opening('next|last|this|coming')})\s" + _WEEKDAY.format("w1")),
    ("weekday", _WEEKDAY.format("w2")),
    (
        "later_unit",
        rf"(?:{_opening('later|earlier')}\s(?:this|in\sthe)|"
        rf"(?:{_opening('the')}\s)?(?:end|start|beginning)\sof\s(?:this|the)|"
        rf"(?:{_opening('end|start|beginning')})\sof\s(?:this|the))\s(?P<u2>week|month|year)",
    ),
    (
        "this_unit",
        rf"(?P<which>{_opening('this|last|next|the past|the previous|the coming|the following')})"
        r"\s(?P<unit2>weekend|week|month|year)(?!s)",
    ),
    (
        "today",
        rf"(?P<word>{_opening('today|yesterday|tomorrow|tonight|this morning|this afternoon')}"
        rf"|{_opening('this evening')})",
    ),
    (
        "named_day",
        _first_letter("|".join(_NAMED_DAYS))
        + "(?:"
        + "|".join(re.escape(n).replace(r"\ ", r"\s") for n in sorted(_NAMED_DAYS, key=len)[::-1])
        + ")",
    ),
    (
        "shift",
        _opening(
            "the day before|the day after|the week before|the week after|the previous day|"
            "the next day|the following day|a day later|a day earlier|a day after|a day before"
        ),
    ),
    # "ten years later", "two weeks earlier": counted from the date before it in its
    # sentence (after "shift", which reads "a day later" from the story's last day).
    (
        "count_later",
        _COUNT_ANY.format("n4") + r"\s(?P<unit4>day|week|month|year)s?\s(?P<dir4>later|earlier)",
    ),
    (
        "bare_month",
        r"(?:in|In|since|Since|by|By|until|from|From|of|during|During|early|late|"
        r"Early|Late|and|or|to)\s"
        + _MONTH.format("m7")
        + r"(?![\w]|,?\s\d|,?\s(?:next|last|this)\syear)",
    ),
    ("year", _YEAR.format("y5")),
]


def _pattern() -> re.Pattern[str]:
    """One pattern of all alternatives, grouped by how they start.

    Alternatives that start with a month name sit behind one look-ahead for a month, and
    those that start with a digit behind one for a digit, so that at each capitalized word
    the month names are tried once instead of once per alternative. Within a group the
    priority order above is kept; groups never compete, as they start differently.
    """
    month_first = ("mdy", "month_rel", "my", "md")
    digit_first = ("d_of_m", "dmy", "dm")
    named = {n: f"(?P<{n}>{p})" for n, p in _ALTERNATIVES}
    month_any = _MONTH.replace("(?P<{0}>", "(?:")
    rest = [named[n] for n, _ in _ALTERNATIVES if n not in month_first + digit_first]
    groups = [
        f"(?={month_any})(?:" + "|".join(named[n] for n in month_first) + ")",
        r"(?=\d)(?:" + "|".join(named[n] for n in digit_first) + ")",
        *rest,
    ]
    alternation = "|".join(groups)
    # Most words open no date: a guard on the openings turns them away before the
    # alternatives are tried one by one.
    guard = opening_guard(alternation) or ""
    # (Inside a word, the commonest place, the first test of the look-behind fails.)
    return re.compile(
        r"(?<!\w)(?<![$£€.,/])" + guard + f"(?:{alternation})" + r"(?![\w/]|[.,]\d|-\d)"
    )


_PATTERN = _pattern()
# A number followed by these is a count, not a year ("2000 troops").
_COUNT_NOUN = re.compile(
    r"\s(?:warheads?|missiles?|launchers?|troops|soldiers|people|km|kilometers|kilometres|miles|"
    r"tons|tonnes|units|weapons|bombers|delegates|votes|pages|members|dollars|euros)\b"
)
_FISCAL = re.compile(r"(?:fiscal|FY|financial year)\s?$", re.IGNORECASE)
# (Each clause with a date is scanned for these: behind a guard on their openings.)
_FUTURE = guarded(
    r"\b(?:will|shall|'ll|is\sdue|are\sdue|is\sset\sto|are\sset\sto|scheduled|expected\sto|"
    r"plans?\sto|planning\sto|intends?\sto|upcoming|is\sto\sbe|are\sto\sbe|going\sto|"
    # "said the envoys would meet on May 2": the future of a past report (not "would have").
    r"would(?!\shave\b)|to\sbe\sheld|planned\sfor|slated|set\sfor|"
    # A treaty that "expires in February" has yet to: the present of a scheduled end.
    r"expires|runs\sout|lapses|ends|takes\seffect|enters\sinto\sforce|comes\sinto\sforce)\b",
    re.IGNORECASE,
)
# "ahead of the vote on May 5", "hopes to finish by June": cues that point ahead what
# stands after them only ("said on Thursday that he hopes to" dates the saying).
_AHEAD = guarded(r"\b(?:" + _FUTURE_WORDS + r")\b", re.IGNORECASE)
# A participle after "be" is no past ("will be signed on May 5", "must be ratified by").
# Every alternative opens with a word character, so "no word character before it" is
# the word boundary; a test the regex engine fails at once where a word ends.
_PAST = re.compile(
    r"(?<!\w)(?<!\bbe\s)(?:said|says|told|tells|announced|stated|added|wrote|reported|met|held|was|were|had|did|"
    r"spoke|took|made|came|went|gave|began|signed|\w+ed)\b",
    re.IGNORECASE,
)
# "in March and April", "from June to August": the second month of a pair, which takes
# its preposition from the first.
_PAIRING = frozenset({"and", "or", "to"})
_MONTH_BEFORE = re.compile(_MONTH.replace("(?P<{0}>", "(?:") + r"\s$")
_TENSED = frozenset({"md", "dm", "d_of_m", "bare_month", "part_my", "weekday", "named_day"})
# What stands before the date in a dateline: "MOSCOW, " or "TASS, " opening the body.
_DATELINE = re.compile(r"[A-Z][A-Za-z .'/-]{1,40},\s")


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression with its TIMEX3 value (None when it cannot be resolved).

    `anchor` is "absolute" when the text itself states the year, else "relative";
    `dateline` marks the date of a dateline, which dates the report, not any event.
    """

    span: Span
    text: str
    value: str | None
    precision: str
    anchor: str
    dateline: bool = False


def is_future(text: str, at: int | None = None) -> bool:
    """Whether the clause around position `at` of `text` speaks of the future.

    The verb nearest the expression decides, so "has no plans to join talks, she said on
    Tuesday" dates the saying, in the past, while "is due to run out on Friday" looks ahead.

    >>> is_future("The treaty is due to run out on Friday."), is_future("He spoke on Friday.")
    (True, False)
    >>> is_future("It plans to leave, the minister said on Tuesday.", 39)
    False
    """
    return _Tense(text).future(len(text) if at is None else at)


class _Tense:
    """The tense cues of one clause, found once: each date in it then costs two lookups
    instead of a scan of the whole clause (a date-dense sentence would cost its length
    once per date)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._ahead = [m.end() for m in _AHEAD.finditer(text)]
        future = [m.span() for m in _FUTURE.finditer(text)]
        past = [m.span() for m in _PAST.finditer(text) if not _FUTURE.fullmatch(m[0])]
        self._cues = (future, past)
        # A pattern's matches do not overlap, so their ends are in the order of their starts.
        self._ends = ([end for _, end in future], [end for _, end in past])

    def future(self, at: int) -> bool:
        """Whether the verb nearest `at` looks ahead."""
        nearest = self._with_ahead(at, self._nearest(at))
        return nearest is not None and nearest[0]

    def period_ahead(self, at: int) -> bool:
        """Whether a period ending at `at` ("until March 3") ends ahead: it runs now (no
        past verb: "holds until"), or a verb before it set that end ("was extended
        until"); not when a past verb says it is over ("lasted until"). Only the verb
        before the date counts: in "stays until Friday, officials said" the saying is
        past, the stay is not."""
        nearest = self._nearest(at, before_only=True)
        if nearest is None or nearest[0]:
            return True
        start, end = nearest[1]
        return _EXTENDING.fullmatch(self._text, start, end) is not None

    def deadline_ahead(self, at: int) -> bool:
        """Whether a deadline ("by March 3") lies ahead: by the verb that governs it,
        before it ("hope to finish by"; not a report's "said" after a quotation), else by
        the one after it ("By March 3, forty states had joined"); with no tensed verb in its
        clause ("must be ratified by March 3"), ahead."""
        nearest = self._with_ahead(at, self._nearest(at, before_only=True)) or self._nearest(at)
        return nearest is None or nearest[0]

    def _with_ahead(
        self, at: int, nearest: tuple[bool, tuple[int, int]] | None
    ) -> tuple[bool, tuple[int, int]] | None:
        """`nearest`, or a cue pointing ahead ("ahead of", "hopes to") before `at` and
        nearer than it."""
        index = bisect.bisect_right(self._ahead, at) - 1
        if index < 0:
            return nearest
        end = self._ahead[index]
        if nearest is not None:
            start, stop = nearest[1]
            distance = at - stop if stop <= at else start - at + 8
            if distance < at - end:
                return nearest
        return (True, (end, end))

    def _nearest(
        self, at: int, *, before_only: bool = False
    ) -> tuple[bool, tuple[int, int]] | None:
        """The tense cue nearest `at`: whether it looks ahead, and its span (None: no cue
        in the clause). A cue after `at` counts as 8 characters farther off, and on a tie
        the earlier one (a future cue first) wins."""
        best: tuple[int, bool, tuple[int, int]] | None = None
        for cues, ends, is_future_cue in zip(self._cues, self._ends, (True, False), strict=True):
            left = bisect.bisect_right(ends, at) - 1  # the last cue ending at or before `at`
            for index in (left,) if before_only else (left, left + 1):
                if not 0 <= index < len(cues):
                    continue
                start, end = cues[index]
                distance = at - end if end <= at else start - at + 8
                if best is None or distance < best[0]:
                    best = (distance, is_future_cue, (start, end))
        return (best[1], best[2]) if best else None


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_value(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _closest_year(month: int, day: int | None, anchor: date, future: bool) -> date | None:
    """The month (and day) nearest the anchor on the side the tense points to."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day or 1))
        except ValueError:
            continue
    here = anchor if day else anchor.replace(day=1)
    if future:
        later = [c for c in candidates if c >= here]
        return min(later) if later else None
    earlier = [c for c in candidates if c <= here]
    return max(earlier) if earlier else None


def _story_month(month: int, which: str, last: date | None) -> str | None:
    """ "that October" is the October of the year the text last named; "the following
    June" the first June after the date last named.

    >>> [_story_month(6, w, date(1987, 12, 8)) for w in ("that", "the following")]
    ['1987-06', '1988-06']
    """
    if last is None:
        return None
    year = last.year + (1 if which in ("the following", "the next") and month <= last.month else 0)
    return f"{year:04d}-{month:02d}"


def _relative_month(month: int, which: str, anchor: date) -> str:
    """ "last March" is the latest March before the publication month, "next March" the
    first after it, "this March" the one of the publication year.

    >>> [_relative_month(3, w, date(2025, 3, 10)) for w in ("last", "this", "next")]
    ['2024-03', '2025-03', '2026-03']
    """
    year = anchor.year
    if which == "last" and month >= anchor.month:
        year -= 1
    elif which == "next" and month <= anchor.month:
        year += 1
    return f"{year:04d}-{month:02d}"


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _resolve(
    kind: str,
    m: re.Match[str],
    anchor: date | None,
    future: bool,
    last_day: date | None,
    last_date: date | None = None,
) -> tuple[str | None, str, str]:
    """(value, precision, anchor kind) for one match.

    `last_day` and `last_date` are the latest day and the latest date of any precision
    named before the match: "the day before" and "the following year" count from them
    (they speak of the story's time), "next year" from the publication date.
    """
    g = m  # read group by group: a dict of all the pattern's groups costs more than a lookup
    if kind == "count_later":  # counted from the date before it: see `_counted_from`
        return None, g["unit4"].lower(), "relative"
    if kind == "story_month":
        return _story_month(_month(g["m11"]), g["sm"].lower(), last_date), "month", "relative"
    if kind == "dmy":
        return _day(int(g["y1"]), _month(g["m1"]), int(g["d1"])), "day", "absolute"
    if kind == "d_of_m" and g["y7"]:
        return _day(int(g["y7"]), _month(g["m10"]), int(g["d7"])), "day", "absolute"
    if kind == "mdy":
        return _day(int(g["y2"]), _month(g["m2"]), int(g["d2"])), "day", "absolute"
    if kind == "my":
        return f"{int(g['y4']):04d}-{_month(g['m4']):02d}", "month", "absolute"
    if kind == "part_my":
        if g["y3"]:
            return f"{int(g['y3']):04d}-{_month(g['m3']):02d}", "month", "absolute"
        kind, month = "bare", _month(g["m3"])
    if kind == "year":
        return g["y5"], "year", "absolute"
    if kind == "decade":
        return g["dec"], "decade", "absolute"
    if kind == "season_year":
        return g["y6"], "year", "absolute"
    if anchor is None:
        precision = "month" if kind in ("bare_month", "month_rel", "rel_month") else "day"
        return None, precision, "relative"
    if kind == "rel_month":
        return _relative_month(_month(g["m9"]), g["rm"].lower(), anchor), "month", "relative"
    if kind == "named_day":
        month, day = _NAMED_DAYS[" ".join(m[0].split())]
        found = _closest_year(month, day, anchor, future)
        return (found.isoformat() if found else None), "day", "relative"
    if kind == "month_rel":
        step = {"next": 1, "last": -1}.get(g["ry"], 0)
        return f"{anchor.year + step:04d}-{_month(g['m8']):02d}", "month", "relative"
    if kind in ("md", "dm", "d_of_m", "bare_month", "bare"):
        month = _month(g["m5"] or g["m6"] or g["m10"] or g["m7"] or g["m3"] or "")
        day_text = g["d5"] or g["d6"] or g["d7"]
        found = _closest_year(month, int(day_text) if day_text else None, anchor, future)
        if found is None:
            return None, "day" if day_text else "month", "relative"
        if day_text:
            return found.isoformat(), "day", "relative"
        return _month_value(found), "month", "relative"
    if kind == "ago":
        count = int(g["n"]) if g["n"].isdigit() else COUNT_WORDS[g["n"].lower()]
        unit = g["unit"].lower()
        shifted = _moved(anchor, f"{unit}s", -count)
        return _at_precision(shifted, unit)
    if kind == "rel_weekday":
        weekday = _WEEKDAYS[g["w1"].lower()].weekday
        rel = g["rel"].lower()
        if rel == "next":
            monday = _on_or_before(anchor + timedelta(days=7), MO.weekday)
            return _on_or_after(monday, weekday).isoformat(), "day", "relative"
        if rel == "last":
            return (
                _on_or_before(anchor - timedelta(days=1), weekday).isoformat(),
                "day",
                "relative",
            )
        monday = _on_or_before(anchor, MO.weekday)
        return _on_or_after(monday, weekday).isoformat(), "day", "relative"
    if kind == "weekday":
        weekday = _WEEKDAYS[g["w2"].lower()].weekday
        if future:
            return (
                _on_or_after(anchor + timedelta(days=1), weekday).isoformat(),
                "day",
                "relative",
            )
        return _on_or_before(anchor, weekday).isoformat(), "day", "relative"
    if kind == "today":
        offset = {"yesterday": -1, "tomorrow": 1}.get(g["word"].lower(), 0)
        return (anchor + timedelta(days=offset)).isoformat(), "day", "relative"
    if kind == "shift":
        base = last_day or anchor
        text = m[0].lower()
        step = -1 if ("before" in text or "previous" in text or "earlier" in text) else 1
        unit = "weeks" if "week" in text else "days"
        shifted = _moved(base, unit, step)
        return _at_precision(shifted, unit.rstrip("s"))
    if kind in ("this_unit", "later_unit"):
        unit = (g["unit2"] or g["u2"]).lower()
        which = " ".join((g["which"] or "this").lower().split())
        if which in ("the following", "the previous") and last_date is not None:
            anchor = last_date
        step = 0
        if which in ("last", "the past", "the previous"):
            step = -1
        elif which in ("next", "the coming", "the following"):
            step = 1
        if unit == "weekend":
            base = _moved(anchor, "weeks", step)
            return _iso_week(base) + "-WE", "weekend", "relative"
        shifted = _moved(anchor, f"{unit}s", step)
        return _at_precision(shifted, unit)
    return None, "day", "relative"  # pragma: no cover - every alternative is handled above


# Day arithmetic as relativedelta does it, without its cost where a timedelta says the same.
def _on_or_before(day: date, weekday: int) -> date:
    """The latest `weekday` (0 is Monday) on or before `day`: relativedelta(weekday=XX(-1)).

    >>> _on_or_before(date(2025, 1, 22), 0), _on_or_before(date(2025, 1, 20), 0)
    (datetime.date(2025, 1, 20), datetime.date(2025, 1, 20))
    """
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _on_or_after(day: date, weekday: int) -> date:
    """The first `weekday` on or after `day`: relativedelta(weekday=XX)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _moved(day: date, units: str, count: int) -> date:
    """`day` moved by `count` days, weeks, months or years: relativedelta's arithmetic,
    which for days and weeks is a timedelta's, and for months and years a move of the
    month that keeps the day where the month has it, else takes its last (without
    relativedelta's cost: a date per "two years ago")."""
    if units in ("days", "weeks"):
        return day + timedelta(**{units: count})
    months = day.year * 12 + day.month - 1 + (count if units == "months" else 12 * count)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _resolve_within_calendar(
    kind: str,
    m: re.Match[str],
    anchor: date | None,
    future: bool,
    last_day: date | None,
    last_date: date | None,
) -> tuple[str | None, str, str, date | None]:
    """`_resolve`, with no value where the arithmetic leaves the calendar (an anchor in
    year 1 or 9999 from a hostile header): an unresolved date, never a crash. Last, the
    first day the value covers, for a day, month or year (what later dates count from)."""
    try:
        value, precision, anchor_kind = _resolve(kind, m, anchor, future, last_day, last_date)
        first = None
        if value and precision in ("day", "month", "year"):
            first = _first_day(value)  # "10000-01" or "0000-12" would fail later, far from here
    except (OverflowError, ValueError):
        return None, "day", "relative", None
    return value, precision, anchor_kind, first


def _first_day(value: str) -> date:
    """The first day a TIMEX3 day, month or year value covers."""
    if len(value) == 10:  # a day, as `date.isoformat` writes it
        return date.fromisoformat(value)
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _at_precision(day: date, unit: str) -> tuple[str, str, str]:
    if unit == "year":
        return f"{day.year:04d}", "year", "relative"
    if unit == "month":
        return _month_value(day), "month", "relative"
    if unit == "week":
        return _iso_week(day), "week", "relative"
    return day.isoformat(), "day", "relative"


# The kinds `_excluded` may turn away.
_EXCLUDABLE = frozenset({"year", "md", "dm", "d_of_m", "bare_month"})


def _excluded(body: str, m: re.Match[str], kind: str) -> bool:
    if kind == "year" and (
        _COUNT_NOUN.match(body, m.end()) or _FISCAL.search(body, max(0, m.start() - 16), m.start())
    ):
        return True
    if kind in ("md", "dm", "d_of_m"):
        day = int(m["d5"] or m["d6"] or m["d7"])
        if not 1 <= day <= 31:
            return True
    if kind == "bare_month":
        prefix = body[m.start() : m.start("m7")].strip().lower()
        if prefix in _PAIRING:
            return _MONTH_BEFORE.search(body, max(0, m.start() - 12), m.start()) is None
        if m["m7"] == "May":
            return prefix not in ("in", "of", "since", "until")
    return False


def find_timexes(body: str, sentences: Sequence[Sentence], published: date | None) -> list[Timex]:
    """Every temporal expression in the body, normalized against the publication date.

    >>> from treatykg.ingest.text import segment
    >>> body = "Moscow suspended it on Friday. The treaty will expire on Friday."
    >>> [(t.text, t.value) for t in find_timexes(body, segment(body), date(2025, 1, 22))]
    [('Friday', '2025-01-17'), ('Friday', '2025-01-24')]
    """
    found: list[Timex] = []
    shifts: list[int] = []
    counted: list[tuple[int, int]] = []  # "ten years later": (index in found, sentence start)
    last_day: date | None = None
    last_date: date | None = None
    starts = [s.span.start for s in sentences]
    tense: tuple[int, _Tense] | None = None  # the tense cues of the sentence last asked
    for m in _PATTERN.finditer(body):
        index = bisect.bisect_right(starts, m.start()) - 1
        if index < 0:
            continue  # outside every sentence
        sentence = sentences[index].span
        if m.end() > sentence.end:
            continue  # running across a sentence boundary
        kind = m.lastgroup or ""
        if kind in _EXCLUDABLE and _excluded(body, m, kind):
            continue
        # Only expressions without their own year read the tense of their clause.
        future = False
        dateline = sentence.start == 0 and _is_dateline(body, sentence, m)
        if kind in _TENSED and not dateline:
            if tense is None or tense[0] != index:
                tense = (index, _Tense(body[sentence.start : sentence.end]))
            future = _tensed_future(body, m, kind, sentence, tense[1])
        value, precision, anchor_kind, first = _resolve_within_calendar(
            kind, m, published, future, last_day, last_date
        )
        start = m.start()
        if kind == "decade" and body.startswith("the ", start):
            start += 4
        elif kind == "bare_month":
            start = m.start("m7")
        found.append(
            Timex(
                Span(start, m.end()), body[start : m.end()], value, precision, anchor_kind, dateline
            )
        )
        if first is not None:
            last_date = first
            if precision == "day":
                last_day = first
        if kind == "shift":
            shifts.append(len(found) - 1)
        if kind == "count_later":
            counted.append((len(found) - 1, sentence.start))
    for index in shifts:
        found[index] = _reanchored(body, found, index)
    return _counted(found, counted)


def _is_dateline(body: str, sentence: Span, m: re.Match[str]) -> bool:
    """Whether the date opens the body after a place or agency ("MOSCOW, March 3."): it
    dates the report, on or before publication, whatever the tense of the news after it."""
    return (
        sentence.start == 0
        and m.start() < 60
        and _DATELINE.fullmatch(body, sentence.start, m.start()) is not None
    )


def _tensed_future(body: str, m: re.Match[str], kind: str, sentence: Span, tense: _Tense) -> bool:
    """Whether a date without a year lies ahead: by the tense of its clause, or, for the
    end of a period ("until March 3"), by whether that period runs on."""
    start = m.start("m7") if kind == "bare_month" else m.start()
    at = start - sentence.start
    if _PERIOD_END.search(body, max(sentence.start, start - 10), start):
        return tense.period_ahead(at)
    if _DEADLINE.search(body, max(sentence.start, start - 8), start):
        return tense.deadline_ahead(at)
    return tense.future(at)


_CLAUSE_BREAK = re.compile(r"[,;:.!?—–()]")


def _reanchored(body: str, found: Sequence[Timex], index: int) -> Timex:
    """ "the day after the US move in February": where the anchor event carries a date of
    its own close behind, the shift counts from that date (unknown when it is coarser than
    a day), not from the last day the article named."""
    shift = found[index]
    if not shift.text.lower().endswith(("after", "before")) or index + 1 >= len(found):
        return shift
    anchor = found[index + 1]
    if anchor.span.start - shift.span.end > 60:
        return shift
    between = body[shift.span.end : anchor.span.start]
    if _CLAUSE_BREAK.search(between):
        return shift
    if anchor.value is None or anchor.precision != "day":
        return Timex(shift.span, shift.text, None, shift.precision, shift.anchor, shift.dateline)
    step = -1 if shift.text.lower().endswith("before") else 1
    unit = "weeks" if "week" in shift.text.lower() else "days"
    try:
        moved = date.fromisoformat(anchor.value) + relativedelta(**{unit: step})
    except (OverflowError, ValueError):  # the day before 0001-01-01
        return Timex(shift.span, shift.text, None, shift.precision, shift.anchor, shift.dateline)
    value, precision, _ = _at_precision(moved, unit.rstrip("s"))
    return Timex(shift.span, shift.text, value, precision, shift.anchor, shift.dateline)


_UNIT_RANK = {"day": 0, "week": 0, "month": 1, "year": 2}


def _counted(found: list[Timex], counted: Sequence[tuple[int, int]]) -> list[Timex]:
    """ "signed in 1992 and in force ten years later": an offset counts from the latest
    date before it in its own sentence. Without such a date (or from one coarser than the
    offset: "in 1992 ... six months later") it names no calendar point we can tell, and is
    left out rather than guessed from another sentence's happening."""
    if not counted:
        return found
    doomed: set[int] = set()
    for index, sentence_start in counted:
        value = _counted_from(found, index, sentence_start)
        if value is None:
            doomed.add(index)
            continue
        t = found[index]
        found[index] = Timex(t.span, t.text, value[0], value[1], t.anchor, t.dateline)
    return [t for i, t in enumerate(found) if i not in doomed]


def _counted_from(
    found: Sequence[Timex], index: int, sentence_start: int
) -> tuple[str, str] | None:
    offset = found[index]
    words = offset.text.lower().split()
    unit, earlier = words[1].rstrip("s"), words[2] == "earlier"
    count = int(words[0]) if words[0].isdigit() else COUNT_WORDS[words[0]]
    for before in reversed(found[:index]):
        if before.span.start < sentence_start:
            return None
        if before.dateline or before.value is None:
            continue
        if before.precision not in _UNIT_RANK or _UNIT_RANK[before.precision] > _UNIT_RANK[unit]:
            return None  # a year moved by months: unknown
        try:
            moved = _first_day(before.value) + relativedelta(
                **{f"{unit}s": -count if earlier else count}
            )
        except (OverflowError, ValueError):
            return None
        value, precision, _ = _at_precision(moved, "day" if unit == "week" else unit)
        return value, precision
    return None
