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

__all__ = ["Lexicon", "LexiconEntry", "find_mentions"]


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One surface form that names a KB entity (a label, an alias or a metonym)."""

    label: str
    entity_key: str
    entity_type: str


@dataclass(frozen=True)
class Lexicon:
    """Surface forms to KB entity keys, with the compiled matcher built once."""

    entries: tuple[LexiconEntry, ...]
    _by_label: dict[str, LexiconEntry] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_label: dict[str, LexiconEntry] = {}
        for entry in self.entries:
            # The first entry for a label wins; the KB lists canonical owners first.
            by_label.setdefault(entry.label, entry)
        object.__setattr__(self, "_by_label", by_label)
        labels = sorted(by_label, key=lambda s: (-len(s), s))
        pattern = None
        if labels:
            alternation = "|".join(re.escape(label) for label in labels)
            pattern = re.compile(rf"(?<![\w.-])(?:{alternation})(?![\w-]|\.\w)")
        object.__setattr__(self, "_pattern", pattern)

    @classmethod
    def from_entries(cls, entries: Iterable[LexiconEntry]) -> Lexicon:
        return cls(tuple(entries))

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
