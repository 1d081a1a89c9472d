"""Sentences and tokens with character offsets into the article body, tuned to news layout.

Every later stage works on these spans, so an evidence span in the graph points at the
exact characters of the original body. Newlines always end a sentence: news bodies put
headlines, captions and paragraphs on their own lines, often without a full stop.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from treatykg.ingest.records import Span

__all__ = [
    "MAX_SENTENCE_CHARS",
    "Sentence",
    "Token",
    "literal_prefixes",
    "paragraphs",
    "quotations",
    "segment",
    "tokenize",
    "trie_regex",
    "word_set",
]


def word_set(text: str) -> frozenset[str]:
    """A vocabulary written as prose-width lines of words, so long lists stay readable."""
    return frozenset(text.split())


def trie_regex(words: Iterable[str]) -> str:
    """One regex matching any of `words`, factored as a trie so that matching costs a walk
    down shared prefixes instead of a try per word; longer words win, as greedy optional
    groups try the continuation first.

    >>> import re
    >>> pattern = re.compile(trie_regex(["New START", "New Start", "NATO", "N"]))
    >>> [m[0] for m in pattern.finditer("NATO and New START, N.")]
    ['NATO', 'New START', 'N']
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True
    return _trie_to_regex(trie)


def _trie_to_regex(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [
        re.escape(char) + _trie_to_regex(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


def literal_prefixes(pattern: str, length: int = 3) -> set[str] | None:
    """Every literal string (up to `length` characters) a match of `pattern` starts with,
    or None when a match can start with something else (a category like \\w, an empty
    match). A match is only possible where one of these prefixes occurs, so a fast scan for
    the prefixes finds the few places worth trying the full pattern.

    >>> sorted(literal_prefixes(r"\\b(?:de-?ratif\\w+|sign(?:ed)?)"))
    ['de-', 'der', 'sig']
    >>> literal_prefixes(r"\\w+talks") is None
    True
    """
    try:  # the standard library's own regex parser: private, so absent is allowed for
        import re._constants as sre_constants  # type: ignore[import-not-found]
        import re._parser as sre_parser  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - callers then try every position
        return None

    def expand(items: list[Any], prefixes: set[str]) -> set[str] | None:
        """Extend each prefix by what `items` match next; stop where a prefix is complete."""
        done = {p for p in prefixes if len(p) >= length}
        open_ = prefixes - done
        for index, (op, av) in enumerate(items):
            if not open_:
                break
            if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                continue
            rest = items[index + 1 :]
            if op is sre_constants.LITERAL:
                open_ = {p + chr(av) for p in open_}
            elif op is sre_constants.IN and all(k is sre_constants.LITERAL for k, _ in av):
                open_ = {p + chr(v) for p in open_ for _, v in av}
            elif op is sre_constants.BRANCH:
                found: set[str] = set()
                for branch in av[1]:
                    sub = expand(list(branch) + list(rest), open_)
                    if sub is None:
                        return None
                    found |= sub
                return done | found
            elif op is sre_constants.SUBPATTERN and not av[1]:
                return _merge(done, expand(list(av[3]) + list(rest), open_))
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[1] == 1:
                with_it = expand(list(av[2]) + list(rest), open_)
                without = expand(list(rest), open_) if av[0] == 0 else set()
                if with_it is None or without is None:
                    return None
                return done | with_it | without
            else:
                # Unknown from here on: the prefixes so far are all we can require.
                if any(not p for p in open_):
                    return None
                return done | open_
            open_, complete = (
                {p for p in open_ if len(p) < length},
                {p for p in open_ if len(p) >= length},
            )
            done |= complete
        if any(not p for p in open_):
            return None
        return done | open_

    def _merge(done: set[str], found: set[str] | None) -> set[str] | None:
        return None if found is None else done | found

    return expand(list(sre_parser.parse(pattern).data), {""})


# Words that end with a full stop without ending a sentence.
ABBREVIATIONS = word_set(
    """
    mr mrs ms dr prof sen rep gov gen lt col maj capt adm cmdr sgt st jr sr rev hon amb pres
    jan feb mar apr aug sep sept oct nov dec no nos vol fig approx est dept univ inc corp co
    ltd vs etc al cf e.g i.e u.s u.k u.n u.s.s.r d.c a.m p.m
    """
)
# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) when the
# next non-space character starts a new sentence. Each run is taken whole (giving back a
# stop, a mark or a space never helps), and only from its first stop: so a long run of
# stops or spaces is read once, not once per character.
_BOUNDARY = re.compile(r"(?<![.!?])([.!?]++)([\"'”’)\]]*+)(\s++)(?=[\"“‘(\[]?[A-Z0-9])")
_QUOTE_MARK = re.compile(r"[“”\"]")
# The longest sentence kept whole: longer runs without a sentence end are cut (see
# `_bounded`). News sentences stay far below it (the longest in the evaluation corpus has
# 526 characters), so it only ever splits texts that are not prose.
MAX_SENTENCE_CHARS = 1000
_CLAUSE_END = re.compile(r"[.!?;:,](?=\s)")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its span in the body and the index of its paragraph."""

    span: Span
    paragraph: int

    def text(self, body: str) -> str:
        return body[self.span.start : self.span.end]


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    span: Span


def paragraphs(body: str) -> list[Span]:
    """Non-blank lines of the body: single and double newlines both separate paragraphs."""
    spans = []
    for match in re.finditer(r"[^\n]+", body):
        line = match[0]
        stripped = line.lstrip()
        if not stripped:
            continue
        start = match.start() + len(line) - len(stripped)
        spans.append(Span(start, start + len(stripped.rstrip())))
    return spans


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the word ending at `stop` (the full stop's index) is an abbreviation."""
    start = stop
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:stop].lower()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # Single initials ("George W. Bush") and dotted acronyms ("U.S.") never end a sentence
    # by themselves; a dotted acronym at a real sentence end is rare in news prose.
    return (len(word) == 1 and word.isalpha()) or "." in word


def _paragraph_quotations(body: str, para: Span) -> list[Span]:
    spans: list[Span] = []
    open_at: int | None = None
    straight = False
    for mark in _QUOTE_MARK.finditer(body, para.start, para.end):
        i, ch = mark.start(), mark[0]
        if ch == "“" and open_at is None:
            open_at, straight = i + 1, False
        elif ch == "”" and open_at is not None and not straight:
            _add_quotation(body, spans, open_at, i)
            open_at = None
        elif ch == '"':
            if open_at is None:
                open_at, straight = i + 1, True
            elif straight:
                _add_quotation(body, spans, open_at, i)
                open_at = None
    if open_at is not None and para.end - open_at > 1:
        _add_quotation(body, spans, open_at, para.end)
    return spans


def _add_quotation(body: str, spans: list[Span], start: int, end: int) -> None:
    """Keep a quotation that holds more than space; empty pairs are dropped as they come,
    so a paragraph of nothing but quotation marks costs no memory."""
    if end > start and not body[start:end].isspace():
        spans.append(Span(start, end))


def quotations(body: str) -> list[Span]:
    """The spans between matching quotation marks, one per paragraph piece.

    Curly and straight marks both count; a quotation left open at the end of a paragraph
    ends there (the next paragraph reopens it, as news style does). Sentence splitting
    and quote attribution share this one reading of where quotations are.

    >>> body = 'He said “It is over. We leave,” and "done."'
    >>> [body[s.start:s.end] for s in quotations(body)]
    ['It is over. We leave,', 'done.']
    """
    return [q for para in paragraphs(body) for q in _paragraph_quotations(body, para)]


def segment(body: str) -> list[Sentence]:
    """Split a body into sentences with offsets.

    A full stop after an abbreviation or an initial does not end a sentence, and neither
    does one inside a quotation, so a quoted passage of several sentences stays with its
    attribution.

    >>> body = "Sen. Jane Roe met U.S. envoys on Feb. 5. “It was useful. We agreed,” she said.\\nNext line"
    >>> [s.text(body) for s in segment(body)]
    ['Sen. Jane Roe met U.S. envoys on Feb. 5.', '“It was useful. We agreed,” she said.', 'Next line']
    """
    sentences: list[Sentence] = []
    for index, para in enumerate(paragraphs(body)):
        start = para.start
        quoted = _paragraph_quotations(body, para)
        quote_starts = [q.start for q in quoted]
        for match in _BOUNDARY.finditer(body, para.start, para.end):
            stop, end = match.start(1), match.end(2)
            if match[1] == "." and not match[2] and _is_abbreviation(body, stop):
                continue
            # Quotations are disjoint and in order: only the last opening before the stop
            # can hold it.
            inner = bisect.bisect_right(quote_starts, stop) - 1
            if inner >= 0 and end <= quoted[inner].end:
                continue  # the stop and any closing marks sit inside a quotation
            if end > start:
                sentences.extend(_bounded(body, Span(start, end), index))
            start = match.end(3)
        if para.end > start:
            sentences.extend(_bounded(body, Span(start, para.end), index))
    return sentences


def _bounded(body: str, span: Span, paragraph: int) -> list[Sentence]:
    """The sentence as it is, or, when longer than MAX_SENTENCE_CHARS, in pieces that are not.

    A text without sentence ends (a megabyte on one line, a list without stops) would
    otherwise be one sentence, and every rule that looks around a word within its
    sentence would cost the length of the text. A piece ends at the last clause mark
    (``;``, ``:``, ``,`` or a stop) followed by a space in the second half of the window,
    else at the last space, else (a word longer than the window) at the window's end.
    Every character stays in exactly one piece, spaces between pieces aside.
    """
    pieces: list[Sentence] = []
    start, end = span.start, span.end
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut(body, start, start + MAX_SENTENCE_CHARS)
        pieces.append(Sentence(Span(start, cut), paragraph))
        start = cut
        while start < end and body[start].isspace():
            start += 1
    if end > start:
        pieces.append(Sentence(Span(start, end), paragraph))
    return pieces


def _cut(body: str, start: int, limit: int) -> int:
    """Where a piece of an overlong sentence starting at `start` ends, at most at `limit`."""
    half = start + (limit - start) // 2
    mark = _CLAUSE_END.search(body, half, limit)
    last = None
    while mark is not None:  # the last clause mark before the limit
        last = mark
        mark = _CLAUSE_END.search(body, mark.end(), limit)
    if last is not None:
        return last.start() + 1
    space = max(body.rfind(c, start + 1, limit) for c in " \t\r\f\v\u00a0")
    while space > start and body[space - 1].isspace():
        space -= 1
    return space if space > start else limit


def tokenize(body: str, span: Span | None = None) -> list[Token]:
    """Word and punctuation tokens with offsets; a trailing full stop stays on abbreviations.

    >>> [t.text for t in tokenize("The U.S. left Feb. 2.")]
    ['The', 'U.S.', 'left', 'Feb.', '2', '.']
    """
    start, end = (span.start, span.end) if span else (0, len(body))
    tokens = []
    for match in _TOKEN.finditer(body, start, end):
        word = match[0]
        if word.endswith(".") and len(word) > 1 and not _is_abbreviation(body, match.end() - 1):
            tokens.append(Token(word[:-1], Span(match.start(), match.end() - 1)))
            tokens.append(Token(".", Span(match.end() - 1, match.end())))
        else:
            tokens.append(Token(word, Span(match.start(), match.end())))
    return tokens
