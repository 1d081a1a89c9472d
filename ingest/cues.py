"""Language knowledge as data: the resource files under ingest/resources/, read once, and
the word lists the extraction stages share (speech verbs, titles).

Entities (who is a person), quotes (who said it) and events (is this a statement) must
agree on what a speech verb or a title is, so they all read them from `speech.toml` here.
A lemma in a resource file stands for all its inflections (`inflections`), so a table
names "withdraw" once and matches "withdrew", "withdrawn" and "withdrawing".
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from treatykg.ingest.text import pieces_trie_regex, trie_regex

__all__ = [
    "RESOURCES",
    "SPEECH_VERBS",
    "SPEECH_WORDS",
    "TITLE_WORDS",
    "cue_regex",
    "cue_stems",
    "folded",
    "inflections",
    "load_resource",
    "may_hold",
]

RESOURCES = Path(__file__).with_name("resources")


@functools.cache
def load_resource(name: str) -> dict[str, Any]:
    """One TOML file of ingest/resources/, parsed once per process."""
    with (RESOURCES / name).open("rb") as file:
        return tomllib.load(file)


def _irregular() -> dict[str, list[str]]:
    return load_resource("irregular_verbs.toml")


_VOWELS = "aeiou"


def _third_person(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _doubles(word: str) -> bool:
    """A short final syllable doubles its consonant before -ed/-ing ("cancelled"); both
    spellings are generated, as English stress (visited, cancelled) is not in the letters."""
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS + "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def _suffixed(word: str, suffix: str) -> list[str]:
    if suffix == "ed":
        if word.endswith("e"):
            return [word + "d"]
        if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
            return [word[:-1] + "ied"]
    elif word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return [word[:-1] + "ing"]
    forms = [word + suffix]
    return [*forms, word + word[-1] + suffix] if _doubles(word) else forms


def inflections(
    lemma: str, *, forms: tuple[str, ...] = ("base", "s", "ed", "en", "ing")
) -> set[str]:
    """The forms of a verb, the first word inflected in a multi-word verb ("pull out").

    `forms` picks which: base, s (third person present), ed (past), en (past participle),
    ing. Irregular verbs come from `irregular_verbs.toml`.

    >>> sorted(inflections("withdraw"))
    ['withdraw', 'withdrawing', 'withdrawn', 'withdraws', 'withdrew']
    >>> sorted(inflections("pull out", forms=("ed",)))
    ['pulled out']
    """
    head, _, rest = lemma.partition(" ")
    tail = " " + rest if rest else ""
    irregular = _irregular().get(head)
    found: set[str] = set()
    for form in forms:
        if form == "base":
            words = [head]
        elif form == "s":
            words = ["does" if head == "do" else "goes" if head == "go" else _third_person(head)]
        elif form in ("ed", "en") and irregular:
            words = [irregular[0] if form == "ed" else irregular[1]]
        elif form in ("ed", "en"):
            words = _suffixed(head, "ed")
        else:
            words = _suffixed(head, "ing")
        found.update(word + tail for word in words)
    return found


_PREPOSITIONS = frozenset({"with", "into", "of", "on", "for", "to", "by"})


def plurals(noun: str) -> set[str]:
    """A noun and its plural, the last word pluralized ("phone call", "phone calls")."""
    head, _, last = noun.rpartition(" ")
    lead = head + " " if head else ""
    if last.endswith("s") or not last.isalpha() or _PREPOSITIONS & set(noun.split()):
        return {noun}
    return {noun, lead + _third_person(last)}


def cue_regex(words: list[str] | tuple[str, ...]) -> str:
    """An alternation of cue words, whole words only: "*" stands for any word ending
    ("enrich*": enriched, enrichment), a space for any white space.

    >>> re.findall(cue_regex(["enrich*", "as long as"]), "enriched as long  as")
    ['enriched', 'as long  as']
    """
    # A trie, not a flat alternation: the regex engine would try every word at every
    # position of the body; the trie walks shared prefixes once.
    pieces = ([_CUE_PIECES.get(c, re.escape(c)) for c in w] for w in words)
    return r"\b(?:" + pieces_trie_regex(pieces) + r")\b"


_CUE_PIECES = {"*": r"\w*", " ": r"\s+"}

# The letters beyond ASCII that a case-blind pattern matches to an ASCII letter though
# lowering does not give it ("İ", which also lowers to two characters, "ı", "ſ"); the
# Kelvin sign, the only other one, lowers to "k".
_ODD_FOLDS = re.compile("[\u0130\u0131\u017f]")


def folded(text: str) -> str | None:
    """`text` in small letters, offsets kept, holding a small-letter ASCII word wherever a
    case-blind pattern of it matches `text`; None when `text` holds a letter that folds
    otherwise ("İ", "ı", "ſ"), where only the case-blind pattern can tell.

    Matching small letters without IGNORECASE is about twice as fast, and a plain word
    can be looked for as a substring (`str.find`), faster still.

    >>> folded("The Treaty"), folded("İzmir")
    ('the treaty', None)
    """
    return None if _ODD_FOLDS.search(text) else text.lower()


def cue_stems(words: list[str] | tuple[str, ...]) -> tuple[str, ...] | None:
    """What each match of `cue_regex(words)` holds word for word in a `folded` text: each
    word in small letters up to its first space or "*". A text holding none of them as a
    substring has no match, which a few `in` tests tell faster than a case-blind search.
    None when a word is not ASCII (its stem might fold otherwise) or starts with "*".

    >>> cue_stems(["Treaty", "enrich*", "as long as"])
    ('treaty', 'enrich', 'as')
    """
    stems = tuple(w.lower().split("*")[0].split(" ")[0] for w in words)
    return stems if all(stem and stem.isascii() for stem in stems) else None


def may_hold(low: str | None, stems: tuple[str, ...] | None) -> bool:
    """Whether a `folded` text (None: not foldable) may hold a match of the cue words
    whose `cue_stems` are given (None: unknown); False only when it surely holds none."""
    return low is None or stems is None or any(stem in low for stem in stems)


def _speech_words() -> frozenset[str]:
    table = load_resource("speech.toml")
    found: set[str] = set(table["words"])
    for lemma in table["verbs"]:
        found |= inflections(lemma, forms=("s", "ed", "en", "ing"))
    found |= {w for lemma in table["past_only"] for w in inflections(lemma, forms=("ed",))}
    # The speech acts by class ("hailed", "dismissed", "vowed"): their past reports speech.
    acts = [w for kind in ("evaluative", "commissive", "assertive") for w in table[kind]]
    found |= {w for lemma in acts for w in inflections(lemma, forms=("ed",))}
    return frozenset(found - set(table["not_speech"]))


# The verbs and phrases that report speech, and one fast regex alternation of them.
SPEECH_WORDS = _speech_words()
SPEECH_VERBS = trie_regex(SPEECH_WORDS)

# Words that make the capitalized words after them a person's name ("Senator Jane Roe").
TITLE_WORDS = frozenset(load_resource("speech.toml")["titles"])


def sought(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` for searches that ask only whether and where a match starts (`search`,
    then its truth or `start()`): the first character a match can open with is taken out
    as a plain class, and the rest asked by a look-ahead from there. The regex engine
    skips every other character in a tight loop instead of trying the whole pattern at
    each; on text where most characters cannot open a match that is about twice as fast.

    The match it gives starts where `pattern`'s first match does, but is one character
    long. `pattern` itself when the characters are not known or are nearly all of them.

    >>> found = sought(re.compile(r"\\b(?:will|shall)\\b", re.IGNORECASE))
    >>> found.search("Kyiv Will not sign").start(), found.search("Kyiv willingly signed")
    (5, None)
    """
    chars = _opening_chars(pattern)
    if chars is None or len(chars) > _MOST_ASCII or _opens_plainly(pattern):
        return pattern
    # Written as what it excludes: a class of ASCII only, its complement all the rest.
    excluded = "".join(re.escape(chr(c)) for c in range(128) if c not in chars)
    try:
        return re.compile(
            rf"(?-i:[^{excluded}])(?<=(?=(?:{pattern.pattern}))[\s\S])", pattern.flags
        )
    except re.error:  # what a look-behind may not hold (a reference to a group)
        return pattern


_MOST_ASCII = 50  # opening characters beyond which the tight loop skips too little


def _opens_plainly(pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` opens with a character or a class itself (no word boundary or
    look-around first), case-sensitively: the regex engine skips by it already."""
    import re._constants as sre  # type: ignore[import-not-found]
    import re._parser as sre_parser  # type: ignore[import-not-found]

    parsed = sre_parser.parse(pattern.pattern, pattern.flags)
    items, blind = list(parsed), bool(parsed.state.flags & sre.SRE_FLAG_IGNORECASE)
    while items and items[0][0] is sre.SUBPATTERN:
        _, add, remove, body = items[0][1]
        blind = (blind or bool(add & sre.SRE_FLAG_IGNORECASE)) and not (
            remove & sre.SRE_FLAG_IGNORECASE
        )
        items = list(body)
    if not items or items[0][0] not in (sre.LITERAL, sre.IN):
        return False
    op, av = items[0]
    codes = [av] if op is sre.LITERAL else [v for k, v in av if k is sre.LITERAL]
    codes += [c for k, v in ([] if op is sre.LITERAL else av) if k is sre.RANGE for c in v]
    # (A letter under IGNORECASE is no character the engine skips by.)
    return not (blind and any(chr(c).lower() != chr(c).upper() for c in codes))


def _opening_chars(pattern: re.Pattern[str]) -> set[int] | None:
    """The ASCII codes a match of `pattern` can open with (any character beyond ASCII
    may open one too); None when that is not known or a match may be empty."""
    try:  # the standard library's own regex parser: private, so absent is allowed for
        import re._constants as sre
        import re._parser as sre_parser
    except ImportError:  # pragma: no cover - the pattern as it is then
        return None
    parsed = sre_parser.parse(pattern.pattern, pattern.flags)
    every = set(range(128))
    categories = {
        sre.CATEGORY_DIGIT: r"\d",
        sre.CATEGORY_NOT_DIGIT: r"\D",
        sre.CATEGORY_SPACE: r"\s",
        sre.CATEGORY_NOT_SPACE: r"\S",
        sre.CATEGORY_WORD: r"\w",
        sre.CATEGORY_NOT_WORD: r"\W",
    }

    def in_class(items: list[Any], fold: bool) -> set[int]:
        """The ASCII codes a class matches: more, never fewer, under IGNORECASE."""
        negated = bool(items) and items[0][0] is sre.NEGATE
        raw: set[int] = set()
        beyond = False  # a character beyond ASCII named in the class
        for op, av in items[1:] if negated else items:
            if op is sre.LITERAL:
                raw |= {av} if av < 128 else set()
                beyond = beyond or av >= 128
            elif op is sre.RANGE:
                raw |= set(range(av[0], min(av[1], 127) + 1))
                beyond = beyond or av[1] >= 128
            elif op is sre.CATEGORY and av in categories:
                raw |= {c for c in every if re.match(categories[av], chr(c))}
            else:
                return every
        if negated:  # (under IGNORECASE a code matches only if it and its case are out)
            return every - raw
        if not fold:
            return raw
        if beyond:  # "ſ" matches "s", the Kelvin sign "k": every letter then
            return raw | {c for c in every if chr(c).isalpha()}
        return raw | {ord(chr(c).swapcase()) for c in raw if chr(c).isalpha()}

    def first(items: list[Any], fold: bool) -> tuple[set[int], bool]:
        """The codes `items` can open with, and whether they may match nothing."""
        found: set[int] = set()
        for index, (op, av) in enumerate(items):
            if op in (sre.AT, sre.ASSERT_NOT) or (op is sre.ASSERT and av[0] < 0):
                continue  # zero-width, and no condition on what follows
            if op is sre.ASSERT:  # a look-ahead: what follows opens with what it opens
                ahead, empty = first(list(av[1]), fold)
                if empty:
                    continue
                rest, rest_empty = first(list(items[index + 1 :]), fold)
                return found | (ahead & rest if not rest_empty else ahead), False
            if op is sre.LITERAL:
                own = {av} if av < 128 else set()
                if fold and av < 128 and chr(av).isalpha():
                    own.add(ord(chr(av).swapcase()))
                elif fold and av >= 128 and chr(av).lower() != chr(av).upper():
                    own = {c for c in every if chr(c).isalpha()}
                return found | own, False
            if op is sre.IN:
                return found | in_class(list(av), fold), False
            if op is sre.BRANCH:
                empty = False
                for branch in av[1]:
                    codes, branch_empty = first(list(branch), fold)
                    found |= codes
                    empty = empty or branch_empty
                if not empty:
                    return found, False
                continue
            if op is sre.SUBPATTERN:
                _, add, remove, body = av
                inner = (fold or bool(add & sre.SRE_FLAG_IGNORECASE)) and not (
                    remove & sre.SRE_FLAG_IGNORECASE
                )
                codes, empty = first(list(body), inner)
                found |= codes
                if not empty:
                    return found, False
                continue
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                low, _, body = av
                codes, empty = first(list(body), fold)
                found |= codes
                if low > 0 and not empty:
                    return found, False
                continue
            return every, True  # anything else: not known
        return found, True

    codes, empty = first(list(parsed), bool(parsed.state.flags & sre.SRE_FLAG_IGNORECASE))
    return None if empty else codes
