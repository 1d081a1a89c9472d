"""A gazetteer of knowledge-base labels and the mention finder that runs it over article text.

The lexicon is plain data (the graph layer fills it from the KB), so ingest never needs to
know about RDF. All labels compile into one regular expression, longest first, so finding
every mention costs one pass over the text however large the KB grows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, overload

from treatykg.ingest.records import Entity, Mention, Span

__all__ = ["EntityInfo", "Lexicon", "LexiconEntry", "Position", "find_mentions"]


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One surface form that names a KB entity (a label, an alias or a metonym)."""

    label: str
    entity_key: str
    entity_type: str
    metonym: bool = False


@dataclass(frozen=True, slots=True)
class Position:
    """A role a KB person holds or held: its titles, its state, and its term in years."""

    titles: tuple[str, ...]
    state: str | None = None
    start: int | None = None
    end: int | None = None
    since: date | None = None  # the first and last day, where the KB gives days
    until: date | None = None

    def covers(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)

    def held_on(self, day: date) -> bool:
        """Whether the term covers `day`; a term that ends the day another starts (an
        inauguration) ends that morning."""
        if self.since is None and self.until is None:
            return self.covers(day.year)
        return (self.since is None or self.since <= day) and (
            self.until is None or day < self.until
        )


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """What extraction needs to know of one KB entity beyond its surface forms.

    `kind` is the finer class (GovernmentBody, NewsAgency...), `state` the state a
    government body belongs to, `short_names` the surnames that name a person once the
    article has introduced them.
    """

    key: str
    type: str
    label: str
    kind: str | None = None
    state: str | None = None
    short_names: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    demonyms: tuple[str, ...] = ()
    signed: int | None = None  # a treaty's year of signature, from the KB's facts


# Last words of body names too common to name one body on their own ("the Ministry").
_GENERIC_HEADS = frozenset(
    {
        "Council", "Ministry", "Department", "Office", "Commission", "Committee", "Agency",
        "Assembly", "House", "Service", "Forces", "Command", "Court", "Administration",
        "Defence", "Defense", "Affairs",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Lexicon:
    """Surface forms to KB entity keys, with the compiled matcher built once.

    Short names ("Putin", "Clinton") are kept out of the matcher: one surname can belong
    to several people, so the extractor resolves them against the article's context.
    A treaty's name that ends in its kind ("Open Skies Treaty") is matched in any case
    ("the open skies treaty"), and a long title "Treaty between A and B on X" also names
    the treaty as "Treaty on X": news quotes titles without the parties, and lowercases
    them, more often than a KB could list the forms.
    """

    entries: tuple[LexiconEntry, ...]
    entities: tuple[EntityInfo, ...] = ()
    _by_label: dict[str, LexiconEntry] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    info: dict[str, EntityInfo] = field(init=False, repr=False, compare=False)
    short_names: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    demonyms: dict[str, str] = field(init=False, repr=False, compare=False)
    treaty_years: dict[str, int] = field(init=False, repr=False, compare=False)
    body_heads: dict[str, tuple[EntityInfo, ...]] = field(init=False, repr=False, compare=False)
    _folded: dict[str, LexiconEntry] = field(init=False, repr=False, compare=False)
    # Lowercased treaty names that end a longer treaty name: "start" -> ("new ", New START).
    _extensions: dict[str, list[tuple[str, LexiconEntry]]] = field(
        init=False, repr=False, compare=False
    )
    state_bodies: dict[tuple[str, str], str] = field(init=False, repr=False, compare=False)
    titles: dict[str, tuple[tuple[str, Position], ...]] = field(
        init=False, repr=False, compare=False
    )
    body_pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    # The surface forms whose entry is a metonym ("Moscow" for Russia's government).
    metonyms: frozenset[str] = field(init=False, repr=False, compare=False)
    title_pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    # The linked entity record of each KB entity, made once: articles name the same ones.
    linked: dict[str, Entity] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        info = {e.key: e for e in self.entities}
        linked = {
            e.key: Entity(e.key, e.type, e.label, True, affiliation=e.state) for e in info.values()
        }
        object.__setattr__(self, "linked", linked)
        demonyms = {d: e.key for e in self.entities for d in e.demonyms}
        object.__setattr__(self, "demonyms", demonyms)
        years = {e.key: e.signed for e in self.entities if e.signed is not None}
        object.__setattr__(self, "treaty_years", years)
        shorts: dict[str, list[str]] = {}
        for e in self.entities:
            for name in e.short_names:
                shorts.setdefault(name, []).append(e.key)
        by_label: dict[str, LexiconEntry] = {}
        for entry in self.entries:
            if entry.label in shorts and entry.entity_key in shorts[entry.label]:
                continue
            # The first entry for a label wins; the KB lists canonical owners first.
            by_label.setdefault(entry.label, entry)
        for entry in self.entries:
            # A name that needs its article ("the West") opens a sentence capitalized too.
            if entry.label.startswith("the ") and entry.label[4:] not in by_label:
                by_label.setdefault("The" + entry.label[3:], entry)
            # News sets the apostrophe either way: "People’s Republic" is "People's Republic".
            if "'" in entry.label:
                by_label.setdefault(entry.label.replace("'", "’"), entry)
            # Weapon systems come in numbers: "Tomahawks", "Iskanders" name the system.
            if entry.entity_type == "Other" and entry.label[-1:].islower():
                by_label.setdefault(entry.label + "s", entry)
            # A numbered treaty spelt another way ("SALT-II", "SALT 2" for SALT II); a form
            # the KB gives another treaty stays that treaty's ("START-3" is New START).
            if entry.entity_type == "Treaty":
                for variant in numbered_variants(entry.label):
                    by_label.setdefault(variant, entry)
        heads: dict[str, list[EntityInfo]] = {}
        for e in self.entities:
            words = e.label.split()
            # A head names the body alone when it is no generic word and no other name
            # ("Security Council of Russia" is not "the Russia").
            named_by_head = (
                len(words) > 1 and words[-1] not in _GENERIC_HEADS and words[-1] not in by_label
            )
            if e.kind == "GovernmentBody" and e.state and named_by_head:
                heads.setdefault(words[-1], []).append(e)
        object.__setattr__(self, "body_heads", {k: tuple(v) for k, v in heads.items()})
        object.__setattr__(self, "info", info)
        object.__setattr__(self, "short_names", {k: tuple(v) for k, v in shorts.items()})
        object.__setattr__(self, "_by_label", by_label)
        metonyms = frozenset(label for label, entry in by_label.items() if entry.metonym)
        object.__setattr__(self, "metonyms", metonyms)
        folded = _folded_treaty_names(self.entries)
        object.__setattr__(self, "_folded", folded)
        object.__setattr__(self, "_extensions", _longer_treaty_names(self.entries))
        object.__setattr__(self, "state_bodies", _state_bodies(self.entries, info, demonyms))
        object.__setattr__(self, "titles", _titles(self.entities))
        object.__setattr__(self, "body_pattern", _body_pattern(self.state_bodies))
        titles = sorted(self.titles, key=len, reverse=True)
        title_pattern = (
            re.compile(rf"(?:{'|'.join(map(re.escape, titles))})(?![\w-])") if titles else None
        )
        object.__setattr__(self, "title_pattern", title_pattern)
        pattern = None
        if by_label:
            trie = _folding_trie(by_label, folded, by_case=True)
            # A name starts after no word character, dot or hyphen, except the stop of a
            # word run into it ("on Friday.NATO said"; not "U.S.Army" or "www.nato"). The
            # test most places fail (inside a word) comes first, on its own: it is tried
            # at every character of the text.
            pattern = re.compile(rf"(?<![\w-])(?:(?<!\.)|(?<=[a-z]{{2}}\.)){trie}(?![\w-]|\.\w)")
        object.__setattr__(self, "_pattern", pattern)

    @classmethod
    def from_entries(
        cls, entries: Iterable[LexiconEntry], entities: Iterable[EntityInfo] = ()
    ) -> Lexicon:
        return cls(tuple(entries), tuple(entities))

    def __len__(self) -> int:
        return len(self._by_label)

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry a surface form names exactly, as the KB spells it."""
        return self._by_label.get(surface)

    def lookup_folded(self, surface: str) -> LexiconEntry | None:
        """The treaty a surface form names in another case ("the open skies treaty")."""
        return self._folded.get(surface.lower())


def find_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """Every KB label in `text`, leftmost-longest and non-overlapping, with offsets.

    A treaty's name in another case counts where it reads as a name: capitalized, or
    after "the" or an owner ("Russia left the open skies treaty"), not after "a" ("a
    comprehensive test ban treaty" is any such treaty).

    >>> lex = Lexicon.from_entries([
    ...     LexiconEntry("New START", "treaty/new-start", "Treaty"),
    ...     LexiconEntry("START", "treaty/start-i", "Treaty"),
    ...     LexiconEntry("Open Skies Treaty", "treaty/open-skies", "Treaty"),
    ...     LexiconEntry("Moscow", "state/russia", "State"),
    ... ])
    >>> [(m.surface, m.entity_key) for m in find_mentions("Moscow left New START.", lex)]
    [('Moscow', 'state/russia'), ('New START', 'treaty/new-start')]
    >>> [m.surface for m in find_mentions("It quit the open skies treaty, not a START.", lex)]
    ['open skies treaty', 'START']
    """
    pattern = lexicon._pattern
    if pattern is None:
        return []
    mentions: list[Mention] = []
    by_label, extended = lexicon._by_label, lexicon._extensions  # (read once per match)
    position: int | None = 0
    while position is not None:
        # One scan; it starts again only where a match was no label or a shorter one.
        resume, position = position, None
        for match in pattern.finditer(text, resume):
            start, end = match.span()
            surface = match[0]
            entry = by_label.get(surface)
            stop = end
            if entry is None:  # (rare: see `_label_at`)
                found = _label_at(text, start, end, lexicon)
                if found is None:
                    position = start + 1
                    break
                entry, stop = found
                surface = text[start:stop]
            if entry.entity_type == "Treaty" and surface.lower() in extended:
                entry, start = _longer_name(text, start, stop, entry, lexicon, mentions)
                surface = text[start:stop]
            mentions.append(
                Mention(entry.entity_key, entry.entity_type, surface, Span(start, stop))
            )
            if stop != end:
                position = stop
                break
    return mentions


_WORD_END = re.compile(r"(?<=[\w.])(?![\w-]|\.\w)")
_DEFINITE = re.compile(r"(?:\b[Tt]he|['’]s)\s$")


def _longer_name(
    text: str, start: int, end: int, entry: LexiconEntry, lexicon: Lexicon, before: list[Mention]
) -> tuple[LexiconEntry, int]:
    """A treaty's name may end another's ("START" in "NEW START", cased as no label is):
    the words before it decide which treaty the text names."""
    floor = before[-1].span.end if before else 0
    for lead, longer in lexicon._extensions.get(text[start:end].lower(), ()):
        begin = start - len(lead)
        bounded = begin == 0 or not (text[begin - 1].isalnum() or text[begin - 1] in ".-")
        if begin >= floor and bounded and text[begin:start].lower() == lead:
            return longer, begin
    return entry, start


def _label_at(text: str, start: int, end: int, lexicon: Lexicon) -> tuple[LexiconEntry, int] | None:
    """The label the text spells from `start`: the matcher's longest path if it is one,
    else the longest shorter one (a path can mix the spellings of several labels)."""
    exact = lexicon._by_label.get(text[start:end])
    if exact is not None:  # nearly always: the path spells one label as the KB does
        return exact, end
    ends = [end, *reversed([m.start() for m in _WORD_END.finditer(text, start + 1, end)])]
    for stop in ends:
        surface = text[start:stop]
        entry = lexicon.lookup(surface)
        if entry is None:
            entry = lexicon.lookup_folded(surface)
            named = surface[:1].isupper() or _DEFINITE.search(text, max(0, start - 5), start)
            if entry is None or not named:
                continue
        return entry, stop
    return None


def _longer_treaty_names(
    entries: Iterable[LexiconEntry],
) -> dict[str, list[tuple[str, LexiconEntry]]]:
    """Treaty names that end in another treaty's name, filed under that shorter name:
    "START" is the end of "New START", so "NEW START" is not START I."""
    names = {e.label.lower(): e for e in entries if e.entity_type == "Treaty"}
    found: dict[str, list[tuple[str, LexiconEntry]]] = {}
    for name, entry in names.items():
        words = name.split(" ")
        for cut in range(1, len(words)):
            tail = " ".join(words[cut:])
            known = names.get(tail)
            if known is not None and known.entity_key != entry.entity_key:
                found.setdefault(tail, []).append((" ".join(words[:cut]) + " ", entry))
    for longer in found.values():
        longer.sort(key=lambda pair: -len(pair[0]))
    return found


def _state_bodies(
    entries: Iterable[LexiconEntry], info: dict[str, EntityInfo], demonyms: dict[str, str]
) -> dict[tuple[str, str], str]:
    """(state, lowercased body name without its owner) -> the body: "Russian Foreign
    Ministry" files "foreign ministry" under Russia, so that "Russia's Foreign Ministry"
    and "the Russian foreign ministry" find it."""
    owners: dict[str, set[str]] = {}
    for demonym, state in demonyms.items():
        owners.setdefault(state, set()).add(demonym)
    for entry in entries:
        if entry.entity_type == "State":
            owners.setdefault(entry.entity_key, set()).add(entry.label)
    found: dict[tuple[str, str], str] = {}
    for entry in entries:
        body = info.get(entry.entity_key)
        if body is None or body.kind != "GovernmentBody" or body.state is None:
            continue
        for owner in owners.get(body.state, ()):
            for lead in (f"{owner} ", f"{owner}'s ", f"{owner}’s "):
                if entry.label.startswith(lead) and len(entry.label) > len(lead):
                    found.setdefault((body.state, entry.label[len(lead) :].lower()), body.key)
    return found


def _body_pattern(bodies: dict[tuple[str, str], str]) -> re.Pattern[str] | None:
    """One regex for the names bodies are filed under, in any case ("foreign ministry");
    the extractor reads their owner around each match (and that no dot or hyphen joins
    it to the word before).

    Names that open with a letter are matched from that letter, with the word boundary
    checked behind it (no word character before the letter): a pattern that
    opens with a character class lets the regex engine skip at C speed to such a letter.
    """
    heads = {head for _, head in bodies}
    if not heads:
        return None
    if all(_WORD_CHAR.match(head) for head in heads):
        first, rest = _folding_trie((), heads, opened=True)
        return re.compile(rf"{first}(?<!\w.){rest}(?![\w-])")
    return re.compile(rf"\b{_folding_trie((), heads)}(?![\w-])")


_WORD_CHAR = re.compile(r"\w")


def _titles(entities: Iterable[EntityInfo]) -> dict[str, tuple[tuple[str, Position], ...]]:
    """Titles that name one office on their own, with who held it when: a title with an
    owner's name in it ("UN chief", "US President") or an acronym ("POTUS"), never a bare
    "President"."""
    found: dict[str, list[tuple[str, Position]]] = {}
    for e in entities:
        for position in e.positions:
            for title in position.titles:
                words = title.split()
                owned = len(words) > 1 and any(w.isupper() and len(w) > 1 for w in words)
                if owned or (len(words) == 1 and title.isupper() and len(title) > 2):
                    found.setdefault(title, []).append((e.key, position))
    return {k: tuple(v) for k, v in found.items()}


# The words that end a treaty's name and make it safe to match in any case: "the open
# skies treaty" can only be the Open Skies Treaty, while a lowercased "new start" could be
# anything.
_NUMBERED = re.compile(r"^(?P<stem>.*\b[A-Z]{2,})[ -](?P<number>I{1,3}|IV|V|[1-5])$")
_ROMAN = ("I", "II", "III", "IV", "V")


def numbered_variants(label: str) -> list[str]:
    """Other spellings of an acronym treaty's number: a hyphen or a space before it, in
    Roman or Arabic numerals.

    >>> numbered_variants("SALT II")
    ['SALT 2', 'SALT-2', 'SALT-II']
    """
    found = _NUMBERED.match(label)
    if found is None:
        return []
    number = found["number"]
    value = int(number) if number.isdigit() else _ROMAN.index(number) + 1
    forms = {
        f"{found['stem']}{sep}{n}" for sep in (" ", "-") for n in (str(value), _ROMAN[value - 1])
    }
    return sorted(forms - {label})


_TREATY_KINDS = frozenset(
    {"treaty", "convention", "agreement", "accord", "accords", "pact", "protocol"}
)
# "Treaty between the United States of America and the Russian Federation on Measures
# for ...": the title without its parties ("Treaty on Measures for ...") names it too.
_PARTIES = re.compile(
    r"^(?P<kind>treaty|convention|agreement)\s(?:between|among)\s.+?\s(?P<subject>on\s.+)$",
    re.IGNORECASE,
)


def _folded_treaty_names(entries: Iterable[LexiconEntry]) -> dict[str, LexiconEntry]:
    """Lowercased treaty names that may match in any case, with titles without parties.

    A form two treaties share names neither: which one the text meant is not for a
    case-blind match to guess.
    """
    found: dict[str, LexiconEntry] = {}
    clashes: set[str] = set()
    for entry in entries:
        words = entry.label.lower().split()
        if entry.entity_type != "Treaty" or len(words) < 2 or not _TREATY_KINDS & set(words):
            continue
        forms = {entry.label.lower()}
        parties = _PARTIES.match(entry.label)
        if parties:
            forms.add(f"{parties['kind']} {parties['subject']}".lower())
        for form in forms:
            known = found.setdefault(form, entry)
            if known.entity_key != entry.entity_key:
                clashes.add(form)
    return {form: entry for form, entry in found.items() if form not in clashes}


@overload
def _folding_trie(exact: Iterable[str], folded: Iterable[str], *, by_case: bool = False) -> str: ...


@overload
def _folding_trie(
    exact: Iterable[str], folded: Iterable[str], *, opened: Literal[True]
) -> tuple[str, str]: ...


def _folding_trie(
    exact: Iterable[str], folded: Iterable[str], *, opened: bool = False, by_case: bool = False
) -> str | tuple[str, str]:
    """One regex for exact labels and case-blind forms, factored as a trie over lowercased
    characters: each step allows the characters the labels through it spell there (both
    cases for a case-blind form), so the regex stays one walk down shared prefixes and the
    longest path wins. A path may mix the spellings of several labels ("NEW Start"), so
    `find_mentions` checks each match against the labels.

    `opened` splits the regex in two: a class of the characters that open a label, and
    the rest, whose branches each check behind them which character opened it (see
    `_body_pattern`).

    `by_case` writes the first step as two groups, labels opening with a small letter and
    the rest, each behind a look-ahead for the characters its labels open with and holding
    one branch per such character. The regex engine tries a step's branches one by one,
    testing each one's first character: where a word opens, one look-ahead then spares it
    the half of the labels whose first characters the word cannot have.
    """
    trie: dict[str, tuple[set[str], dict[str, Any]]] = {}
    ends: set[int] = set()

    def add(label: str, both_cases: bool) -> None:
        node = trie
        for char in label:
            low = char.lower()
            key = low if len(low) == 1 else char
            allowed, child = node.setdefault(key, (set(), {}))
            allowed.update({char, low, char.upper()} if both_cases and len(low) == 1 else {char})
            node = child
        ends.add(id(node))

    for label in exact:
        add(label, False)
    for form in folded:
        add(form, True)
    if by_case:
        groups: dict[bool, list[tuple[str, str]]] = {}
        for _key, (allowed, child) in sorted(trie.items()):
            rest = _trie_regex(child, ends)
            for char in sorted(c for c in allowed if len(c) == 1):
                groups.setdefault(char.islower(), []).append((char, rest))
        steps = [
            f"(?=[{''.join(sorted(re.escape(c) for c, _ in pairs))}])"
            f"(?:{'|'.join(re.escape(c) + rest for c, rest in pairs)})"
            for pairs in groups.values()
        ]
        return f"(?:{'|'.join(steps)})"
    if not opened:
        return _trie_regex(trie, ends)
    openers: set[str] = set()
    branches = []
    for _key, (allowed, child) in sorted(trie.items()):
        chars = sorted(c for c in allowed if len(c) == 1)
        openers.update(chars)
        branches.append(f"(?<=[{''.join(map(re.escape, chars))}]){_trie_regex(child, ends)}")
    return f"[{''.join(map(re.escape, sorted(openers)))}]", f"(?:{'|'.join(branches)})"


def _trie_regex(node: dict[str, tuple[set[str], dict[str, Any]]], ends: set[int]) -> str:
    branches = []
    for _key, (allowed, child) in sorted(node.items()):
        chars = sorted(c for c in allowed if len(c) == 1)
        step = re.escape(chars[0]) if len(chars) == 1 else f"[{''.join(map(re.escape, chars))}]"
        branches.append(step + _trie_regex(child, ends))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if id(node) in ends else body
