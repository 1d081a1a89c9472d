"""A gazetteer of knowledge-base labels and the mention finder that runs it over article text.

The lexicon is plain data (the graph layer fills it from the KB), so ingest never needs to
know about RDF. All labels compile into one regular expression, longest first, so finding
every mention costs one pass over the text however large the KB grows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import trie_regex

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

    def covers(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


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

    def __post_init__(self) -> None:
        info = {e.key: e for e in self.entities}
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
            # Weapon systems come in numbers: "Tomahawks", "Iskanders" name the system.
            if entry.entity_type == "Other" and entry.label[-1:].islower():
                by_label.setdefault(entry.label + "s", entry)
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
        pattern = None
        if by_label:
            pattern = re.compile(rf"(?<![\w.-]){trie_regex(by_label)}(?![\w-]|\.\w)")
        object.__setattr__(self, "_pattern", pattern)

    @classmethod
    def from_entries(
        cls, entries: Iterable[LexiconEntry], entities: Iterable[EntityInfo] = ()
    ) -> Lexicon:
        return cls(tuple(entries), tuple(entities))

    def __len__(self) -> int:
        return len(self._by_label)

    def lookup(self, surface: str) -> LexiconEntry | None:
        return self._by_label.get(surface)


def find_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """Every KB label in `text`, leftmost-longest and non-overlapping, with offsets.

    >>> lex = Lexicon.from_entries([
    ...     LexiconEntry("New START", "treaty/new-start", "Treaty"),
    ...     LexiconEntry("START", "treaty/start-i", "Treaty"),
    ...     LexiconEntry("Moscow", "state/russia", "State"),
    ... ])
    >>> [(m.surface, m.entity_key) for m in find_mentions("Moscow left New START.", lex)]
    [('Moscow', 'state/russia'), ('New START', 'treaty/new-start')]
    """
    pattern = lexicon._pattern
    if pattern is None:
        return []
    mentions = []
    for match in pattern.finditer(text):
        entry = lexicon.lookup(match[0])
        if entry is None:  # pragma: no cover - every alternative is a label
            continue
        mentions.append(
            Mention(entry.entity_key, entry.entity_type, match[0], Span(match.start(), match.end()))
        )
    return mentions
