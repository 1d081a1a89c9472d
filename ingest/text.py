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
    "guarded",
    "opening_guard",
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
    return pieces_trie_regex([re.escape(char) for char in word] for word in words)


def pieces_trie_regex(words: Iterable[Iterable[str]]) -> str:
    """`trie_regex` over words already cut into regex pieces (an escaped character, or a
    class such as `\\s+`), for word lists whose entries are small patterns themselves."""
    trie: dict[str, Any] = {}
    for pieces in words:
        node = trie
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[""] = True
    return _trie_to_regex(trie)


def _trie_to_regex(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [piece + _trie_to_regex(child) for piece, child in sorted(node.items()) if piece]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


def opening_guard(pattern: str, length: int = 6, *, ignore_case: bool = False) -> str | None:
    """A look-ahead that holds wherever a match of `pattern` can start: the openings
    (up to `length` pieces: a character, any digit, any space) its matches begin with, as
    one trie. Put before a long alternation tried at every word, it turns most words away
    after a character or two instead of after a try of every alternative. None when a match
    can open with something else (a letter class, an empty match, a case-blind part).

    With `ignore_case` (for a pattern compiled with IGNORECASE) the guard itself is
    case-sensitive, so the engine can turn words away by their first letter: each ASCII
    character stands for its two cases and for any character beyond ASCII (some fold to
    ASCII letters, as "K", the Kelvin sign, does to "k"); openings stop before a character
    beyond ASCII.

    >>> opening_guard(r"(?:the\\s)?\\d+s|[Nn]ext\\sweek", length=4)
    '(?=(?:Next|\\\\d|next|the\\\\s))'
    >>> opening_guard(r"\\w+ago") is None
    True
    """
    try:  # the standard library's own regex parser: private, so absent is allowed for
        import re._constants as sre  # type: ignore[import-not-found]
        import re._parser as sre_parser  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - no guard then: every position is tried
        return None
    parsed = sre_parser.parse(pattern)
    if parsed.state.flags & (sre.SRE_FLAG_IGNORECASE | sre.SRE_FLAG_VERBOSE):
        return None
    classes = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s"}
    boundaries = {sre.AT_BOUNDARY: r"\b", sre.AT_NON_BOUNDARY: r"\B"}

    def piece(code: int) -> str | None:
        char = chr(code)
        if not ignore_case:
            return re.escape(char)
        if not char.isascii():
            return None
        # Written as what it excludes, the rest of ASCII: a class spanning all of Unicode
        # costs milliseconds to compile, its complement nothing.
        cases = {char.lower(), char.upper()}
        return "[^" + _ascii_ranges([c for c in range(128) if chr(c) not in cases]) + "]"

    def piece_choices(op: Any, av: Any) -> list[str] | None:
        """The pieces one item can match, when it is a literal, a set of literals, or
        wholly a digit or space class; None for anything else."""
        if op is sre.LITERAL:
            one = piece(av)
            return None if one is None else [one]
        if op is not sre.IN:
            return None
        if all(k is sre.LITERAL for k, _ in av):
            pieces = [piece(v) for _, v in av]
            return None if None in pieces else sorted({p for p in pieces if p is not None})
        if all(k is sre.CATEGORY and v in classes for k, v in av):
            return sorted({classes[v] for _, v in av})
        digits = all(
            (k is sre.LITERAL and 48 <= v <= 57)
            or (k is sre.RANGE and 48 <= v[0] <= v[1] <= 57)
            or (k is sre.CATEGORY and v is sre.CATEGORY_DIGIT)
            for k, v in av
        )
        return [r"\d"] if digits else None

    def expand(items: list[Any], prefixes: set[tuple[str, ...]]) -> set[tuple[str, ...]] | None:
        """Extend each prefix by what `items` match next; stop where a prefix is complete."""
        done = {p for p in prefixes if len(p) >= length}
        open_ = prefixes - done
        for index, (op, av) in enumerate(items):
            if not open_:
                break
            if op is sre.AT and av in boundaries:
                open_ = {(*p, boundaries[av]) for p in open_}  # kept: one cheap test
                continue
            if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                continue  # zero-width: dropping a condition keeps the guard a superset
            rest = items[index + 1 :]
            choices = piece_choices(op, av)
            if choices is not None:
                open_ = {(*p, c) for p in open_ for c in choices}
            elif op is sre.BRANCH:
                found: set[tuple[str, ...]] = set()
                for branch in av[1]:
                    sub = expand(list(branch) + list(rest), open_)
                    if sub is None:
                        return None
                    found |= sub
                return done | found
            elif op is sre.SUBPATTERN and not av[1] and not av[2]:
                sub = expand(list(av[3]) + list(rest), open_)
                return None if sub is None else done | sub
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                low, high, body = av
                # One turn, then the rest; after a turn that may repeat, nothing is known.
                once = list(body) + (list(rest) if high == 1 else [(sre.ANY, None)])
                with_it = expand(once, open_)
                without = expand(list(rest), open_) if low == 0 else set()
                if with_it is None or without is None:
                    return None
                return done | with_it | without
            else:
                # Unknown from here on: the prefixes so far are all we can require.
                return None if () in open_ else done | open_
            done |= {p for p in open_ if len(p) >= length}
            open_ = {p for p in open_ if len(p) < length}
        return None if () in open_ else done | open_

    openings = expand(list(parsed.data), {()})
    if openings is None or all(set(o) <= set(boundaries.values()) for o in openings):
        return None  # (a guard of word boundaries alone would only cost)
    trie = pieces_trie_regex(openings)
    return f"(?=(?-i:{trie}))" if ignore_case else f"(?={trie})"


def _ascii_ranges(codes: list[int]) -> str:
    """Sorted character codes below 128 as the inside of a regex class ("\\x00-\\x40...")."""
    pieces, start = [], None
    for index, code in enumerate(codes):
        start = code if start is None else start
        if index + 1 == len(codes) or codes[index + 1] != code + 1:
            pieces.append(f"\\x{start:02x}" + (f"-\\x{code:02x}" if code != start else ""))
            start = None
    return "".join(pieces)


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled behind its `opening_guard`, for searches that try it at every
    position: it finds what the plain pattern finds (the guard only turns away places where
    no match can start; under IGNORECASE it folds case as the pattern does).

    >>> guarded(r"\\b(?:signed|ratified)\\s(?:it|the\\streaty)", re.I).findall("They Signed it.")
    ['Signed it']
    """
    guard = opening_guard(pattern, ignore_case=bool(flags & re.IGNORECASE)) or ""
    return re.compile(f"{guard}(?:{pattern})", flags)


# Words that end with a full stop without ending a sentence.
ABBREVIATIONS = word_set(
    """
    mr mrs ms dr prof sen rep gov gen lt col maj capt adm cmdr sgt st jr sr rev hon amb pres
    jan feb mar apr aug sep sept oct nov dec no nos vol fig approx est dept univ inc corp co
    ltd vs etc al cf e.g i.e u.s u.k u.n u.s.s.r d.c a.m p.m
    """
)
# Capital and small letters for regex classes, beyond ASCII: names in English news keep
# their own letters ("Nausėda", "Szőke", "Žemaitis", "Wałęsa", "Erdoğan"), and `re` has no
# \p{Lu}. Latin (with its extensions and Vietnamese), Greek and Cyrillic.
_LETTER_RANGES = ((0xC0, 0x530), (0x1E00, 0x1F00))
UPPER = "A-Z" + "".join(
    chr(c) for low, high in _LETTER_RANGES for c in range(low, high) if chr(c).isupper()
)
LOWER = "a-z" + "".join(
    chr(c) for low, high in _LETTER_RANGES for c in range(low, high) if chr(c).islower()
)
# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) when the
# next non-space character starts a new sentence. Each run is taken whole (giving back a
# stop, a mark or a space never helps), and only from its first stop: so a long run of
# stops or spaces is read once, not once per character.
#
# Run-together text ("the talks ended.The sides", "court.”The", "said.“We") has no space:
# there a stop ends a sentence only when a closing mark follows it, an opening mark or
# bracket comes next, or a word of two or more lowercase letters standing alone (not the
# tail of a web address or a file name) meets a capitalized word.
#
# The pattern opens with the stop itself and checks behind it that no stop came before
# ("(?<![.!?].)"): opening with a character class lets the regex engine skip at C speed
# to the next stop, instead of trying the pattern at every character.
_BOUNDARY = re.compile(
    r"([.!?](?<![.!?].)[.!?]*+)([\"'”’)\]]*+)(\s*+)"
    rf"(?=([\"“„‘'’(\[]?)([{UPPER}0-9])([{LOWER}]?))"
)
_ADDRESS_TAIL = re.compile(r"\w*[.@/]\w")  # "www.Example.org": the rest of an address
_WORD_EDGE = frozenset(" \t\n\r\u00a0([{“\"‘'—–-")
_QUOTE_MARK = re.compile(r"[“”„\"]")  # „ opens, as in „We are ready,“
_SINGLE_MARK = re.compile(r"[‘’']")
_CLOSERS = frozenset('"”’)]')
_AFTER_CLOSING = frozenset(' \t\n\r\u00a0.,;:!?)]}—–-”"')
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
    """Double-quoted quotations first, then single-quoted ones in the text between them
    (a single mark inside a double quotation is a nested quote or an apostrophe)."""
    doubles = _double_quotations(body, para)
    singles: list[Span] = []
    start = para.start
    for quote in doubles:
        _single_quotations(body, start, quote.start - 1, singles)
        start = quote.end + 1
    _single_quotations(body, start, para.end, singles)
    if not singles:
        return doubles
    return sorted(doubles + singles, key=lambda q: q.start)


def _double_quotations(body: str, para: Span) -> list[Span]:
    """Quotations between double marks. Curly marks pair by shape, except where the
    text shows a mark used the wrong way round: a closing mark before a word with none
    open (` ”We`) opens, an opening mark after a word with one open (`leave“ he`) closes."""
    spans: list[Span] = []
    open_at: int | None = None
    straight = False
    for mark in _QUOTE_MARK.finditer(body, para.start, para.end):
        i, ch = mark.start(), mark[0]
        if ch == "„":
            if open_at is None:
                open_at, straight = i + 1, False
        elif ch == "“":
            if open_at is None:
                open_at, straight = i + 1, False
            elif not straight and _closes(body, i, para.end):
                _add_quotation(body, spans, open_at, i)
                open_at = None
        elif ch == "”":
            if open_at is not None and not straight:
                _add_quotation(body, spans, open_at, i)
                open_at = None
            elif open_at is None and _opens(body, i, para):
                open_at, straight = i + 1, False
        elif open_at is None:
            open_at, straight = i + 1, True
        elif straight:
            _add_quotation(body, spans, open_at, i)
            open_at = None
    if open_at is not None and para.end - open_at > 1:
        _add_quotation(body, spans, open_at, para.end)
    return spans


def _opens(body: str, i: int, para: Span) -> bool:
    """Whether the mark at `i` stands where a quotation opens: after a space, a bracket,
    a dash or the paragraph's start, and before a word."""
    before_ok = i == para.start or body[i - 1] in _WORD_EDGE
    return before_ok and i + 1 < para.end and (body[i + 1].isalnum() or body[i + 1] in "…$(")


def _closes(body: str, i: int, end: int) -> bool:
    """Whether the mark at `i` stands where a quotation closes: right after a word or a
    stop, and before a space, punctuation or the paragraph's end."""
    after_word = i > 0 and not body[i - 1].isspace()
    return after_word and (i + 1 >= end or body[i + 1] in _AFTER_CLOSING)


def _single_quotations(body: str, start: int, end: int, spans: list[Span]) -> None:
    """Single-quoted quotations in body[start:end] (outside double quotations).

    A single mark between two letters or digits is an apostrophe (`don't`, `Russia’s`),
    and so is one before a number (`’90s`). Any other mark opens where a quotation can
    open and closes where one can close, except a plural possessive (`allies' plans`)
    while a later mark can still close; an opening left without a close in the stretch
    was an apostrophe after all and is dropped.
    """
    marks = [m.start() for m in _SINGLE_MARK.finditer(body, start, end)]
    if not marks:
        return
    para = Span(start, end)
    # The last mark that could close: a possessive before it is no close (found once, so
    # a paragraph of many possessives is read once, not once per possessive).
    last_close = next((i for i in reversed(marks) if body[i] != "‘" and _closes(body, i, end)), -1)
    open_at: int | None = None
    for i in marks:
        after = body[i + 1] if i + 1 < end else ""
        if i > start and body[i - 1].isalnum() and after.isalnum():
            continue  # an apostrophe inside a word
        if open_at is None:
            if _opens(body, i, para) and not after.isdigit():
                open_at = i + 1  # also ’ used to open (` ’We`)
        elif body[i] != "‘" and _closes(body, i, end):
            if i < last_close and body[i - 1] == "s" and body[i + 2 : i + 3].islower():
                continue  # 'The allies' plans failed,' he said
            _add_quotation(body, spans, open_at, i)
            open_at = None


def _add_quotation(body: str, spans: list[Span], start: int, end: int) -> None:
    """Keep a quotation that holds more than space; empty pairs are dropped as they come,
    so a paragraph of nothing but quotation marks costs no memory."""
    if end > start and not body[start:end].isspace():
        spans.append(Span(start, end))


def quotations(body: str) -> list[Span]:
    """The spans between matching quotation marks, one per paragraph piece.

    Curly, straight and single marks count; a double quotation left open at the end of a
    paragraph ends there (the next paragraph reopens it, as news style does). Sentence
    splitting and quote attribution share this one reading of where quotations are.

    >>> body = 'He said “It is over. We leave,” and "done." She said it was ‘the Russians’ war.’'
    >>> [body[s.start:s.end] for s in quotations(body)]
    ['It is over. We leave,', 'done.', 'the Russians’ war.']
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
        opening = {q.start - 1 for q in quoted}  # where a quotation's mark stands
        for match in _BOUNDARY.finditer(body, para.start, para.end):
            stop = match.start(1)
            end = _closing_end(match, opening) if match[2] else match.end(2)
            if not match[3] and not _glued_boundary(body, match, end):
                continue
            if match[1] == "." and end == stop + 1 and _is_abbreviation(body, stop):
                continue
            # Quotations are disjoint and in order: only the last opening before the stop
            # can hold it.
            inner = bisect.bisect_right(quote_starts, stop) - 1
            if inner >= 0 and end <= quoted[inner].end:
                continue  # the stop and any closing marks sit inside a quotation
            if end > start:
                _add_sentence(sentences, body, start, end, index)
            start = match.end(3) if match[3] else end
        if para.end > start:
            _add_sentence(sentences, body, start, para.end, index)
    return sentences


def _add_sentence(
    sentences: list[Sentence], body: str, start: int, end: int, paragraph: int
) -> None:
    """Add body[start:end] as a sentence, or in pieces where it is too long (`_bounded`)."""
    if end - start <= MAX_SENTENCE_CHARS:  # (nearly always)
        sentences.append(Sentence(Span(start, end), paragraph))
    else:
        sentences.extend(_bounded(body, Span(start, end), paragraph))


def _closing_end(match: re.Match[str], opening: set[int]) -> int:
    """Where the closing marks after a stop end: a mark that opens the next quotation
    (`said."The`, `said.'We`) belongs to the next sentence."""
    for index in range(match.start(2), match.end(2)):
        if index in opening:
            return index
    return match.end(2)


def _glued_boundary(body: str, match: re.Match[str], end: int) -> bool:
    """Whether a stop with no space after it ends a sentence (run-together text).

    Certain when a closing mark follows the stop (`court.”The`) or an opening mark
    comes next (`said.“We`, `said."We`); otherwise when a capital follows a word of two
    or more letters standing alone, not all capitals and no abbreviation (`on
    Friday.NATO said`, `ended.The`, `"with regret".Thirty`), or a number of two or more
    digits (`in 2019.The`). Web addresses (`www.example.Com`), decimals, initials
    (`J.R.R.`, `U.S.Army`), acronyms (`NATO.The`) and abbreviations (`Gen.Roe`) never are.
    """
    if not match[5].isalpha():
        return False
    if end > match.start(2) or end < match.end(2) or match[4]:
        return True
    stop = match.start(1)
    if match[1] != "." or _ADDRESS_TAIL.match(body, stop + 2):
        return False
    left = stop
    while left > 0 and body[left - 1] in _CLOSERS:  # `"with regret".Thirty`
        left -= 1
    # The word before the stop, read back over its own characters only (each stop's word
    # ends at that stop, so a text of many glued stops is read once).
    digits = body[left - 1 : left].isdigit()
    kind = str.isdigit if digits else str.isalpha
    start = left
    while start > 0 and kind(body[start - 1]):
        start -= 1
    if left - start < 2 or (start > 0 and body[start - 1] not in _WORD_EDGE):
        return False
    if digits:
        return bool(match[6])  # "2019.The", not a version or a code ("v2.0.RC")
    word = body[start:left]
    return not word.isupper() and word.lower() not in ABBREVIATIONS


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
