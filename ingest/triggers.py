"""The trigger table (resources/triggers.toml) compiled into one matcher: which words, at
which places of a body, can start an event of which type.

The table declares each event type once and lists its triggers in priority order: verb
lemmas (inflected here), nominalizations, passive forms, and what must or must not follow
them. Each trigger compiles to one regex branch; all branches form one pattern over the
lower-cased body, tried only where a whole trigger form starts a word.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from treatykg.ingest.cues import cue_regex, inflections, load_resource, plurals, sought
from treatykg.ingest.text import trie_regex

__all__ = [
    "EventType",
    "Trigger",
    "TriggerTable",
    "compile_table",
    "cue_pattern",
    "lowered",
    "table",
    "trigger_matches",
]

# Forms of "be" before a passive participle ("was approved", "has been extended").
_BE = ("is", "are", "was", "were", "be", "been")
# Determiners that may open an object before the words between ("the", "its").
_DETERMINERS = ("the", "a", "an", "its", "their", "this", "that", "his", "her", "our")
# A word between a trigger and its object; quotation marks may stand there too.
_GAP_WORD = r"[\w’'“”\"-]+ "
_PREFIX = 6  # characters of each trigger form the fast scan looks for
# A part of what the trigger acts on may stand before its object ("suspended the rest of
# its obligations", "froze what remained of the accord", "left parts of the pact").
_PARTITIVE = (
    r"(?:(?:the rest|the remainder|all|most|much|some|part|parts|each|any|what remains"
    r"|what remained|what is left|what was left) of )?"
)


@dataclass(frozen=True, slots=True)
class EventType:
    """One event type as the table declares it (see the header of triggers.toml)."""

    code: str
    modality: str = "actual"
    lifecycle: bool = False
    roles: tuple[str, ...] = ("agent", "counterpart")
    speech_act: bool = False
    in_quotes: bool = True
    context: str | None = None
    absorbed_by: frozenset[str] = frozenset()
    understood: bool = False
    not_subject: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    requires: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of the table: the forms that trigger `type` and what they imply."""

    index: int
    rank: int  # priority: the index of the first row of its run of rows of one type
    type: str
    source: str  # the compiled regex branch, with {CAP} for a capital letter
    implied: str | None = None
    requires: str | None = None
    absorbed_by: frozenset[str] = frozenset()
    treaty_context: bool = False
    subject: re.Pattern[str] | None = None  # what must stand as the trigger's subject
    fails_on: str | None = None  # a cue list: its words later in the sentence mean failure
    understood: bool | None = None  # the type's `understood`, for this trigger only


@dataclass(frozen=True)
class TriggerTable:
    """The compiled table: types, triggers in priority order, cue patterns and the matcher."""

    types: Mapping[str, EventType]
    triggers: tuple[Trigger, ...]
    cues: Mapping[str, re.Pattern[str]]  # asked only whether a cue stands (`cue_pattern`)
    cue_words: Mapping[str, tuple[str, ...]]
    understood_objects: frozenset[str]
    pattern: re.Pattern[str]
    pattern_no_capitals: re.Pattern[str]
    capitals: tuple[tuple[str, ...], ...]  # per trigger, the names of its capital groups
    # The character before each word start where a trigger form stands whole (behind a
    # look at its first letters): the only places a trigger can start, as every
    # branch opens with its forms and a word boundary. Each match is that one character
    # (a word start follows a character no word holds), so no place is hidden inside
    # another, and the regex engine skips the characters of words in a tight loop. Its
    # group holds the letters the word opens with (see `patterns_for`).
    starts: re.Pattern[str]
    # The same look at the very start of a text, where no character stands before.
    opening: re.Pattern[str]
    # Per run of letters a form opens with ("pull" for "pull out", "re" for "re-impose"),
    # the indexes of the triggers with such a form, in priority order.
    by_lead: Mapping[str, tuple[int, ...]]
    _by_lead: dict[tuple[str, bool], re.Pattern[str] | None] = field(
        default_factory=dict, repr=False, compare=False
    )

    def patterns_for(self, lead: str, *, capitals: bool = True) -> re.Pattern[str] | None:
        """`pattern` (`pattern_no_capitals` without `capitals`) with only the branches of
        triggers that have a form opening with the letters `lead` and then no letter (None
        when none has): at a word whose letters before any other character are `lead`, no
        other trigger can match, since a form matches there only whole and followed by a
        word boundary. A few rows each, these patterns are small and quick to compile.
        Branches keep their order, group names and capital numbers."""
        try:
            return self._by_lead[lead, capitals]
        except KeyError:
            rows = [self.triggers[i] for i in self.by_lead.get(lead, ())]
            found = _joined(_branches(self.triggers, capitals=capitals), rows) if rows else None
            self._by_lead[lead, capitals] = found
            return found

    def trigger_of(self, match: re.Match[str]) -> Trigger:
        """The trigger a match of `pattern` came from (its group rN)."""
        return self.triggers[int((match.lastgroup or "r0")[1:])]


def _expand(items: Iterable[str], lists: Mapping[str, list[str]]) -> list[str]:
    """Items with each "@name" replaced by the named list."""
    found: list[str] = []
    for item in items:
        found += _named_list(item[1:], lists) if item.startswith("@") else [item]
    return found


def _named_list(name: str, lists: Mapping[str, list[str]]) -> list[str]:
    if name not in lists:
        known = ", ".join(sorted(lists)) or "none"
        raise ValueError(f"triggers.toml: no list named @{name} in [lists] (there are: {known})")
    return lists[name]


def _phrases(items: Iterable[str], lists: Mapping[str, list[str]]) -> list[str]:
    """Phrases with each "@name" word replaced by every word of the named list
    ("with @press": with reporters, with journalists, ...)."""
    found: list[str] = []
    for item in items:
        head, _, rest = item.partition("@")
        if not rest:
            found.append(item)
            continue
        name, _, tail = rest.partition(" ")
        tails = _phrases([tail], lists)  # "@intents to @leaving": each list in turn
        found += [f"{head}{word} {t}".rstrip() for word in _named_list(name, lists) for t in tails]
    return found


def _alternatives(forms: Iterable[str]) -> str:
    return "(?:" + trie_regex(sorted(set(forms))) + ")"


def _object(words: list[str], gap: int, dets: list[str] | None, *, infinitive: bool = False) -> str:
    """What follows a trigger: an optional "of"/"from" or infinitive ("like to see"), a
    determiner (required when `dets` are given), up to `gap` words, then one of `words`."""
    heads = []
    plain = [w for w in words if w not in ("it", "<Name>")]
    if plain:
        heads.append(_alternatives(f for w in plain for f in plurals(w)) + r"\b")
    if "it" in words:
        heads.append(r"it\b")
    if "<Name>" in words:
        heads.append("{CAP}")
    det = _alternatives(dets or _DETERMINERS) + " "
    det = det if dets else f"(?:{det})?"
    # A closing quotation mark may end the trigger ("would “like to see” a new deal").
    lead = '(?:to [a-z]+[”"]? )?' if infinitive else ""
    alternatives = "|".join(heads)
    # An opening quotation mark may stand before the object ("triggered the 'snapback'").
    opening = "[‘'“\"]?"
    return (
        f'[”"]? (?:(?:of|from) )?{_PARTITIVE}{lead}{det}(?:{_GAP_WORD}){{0,{gap}}}?{opening}'
        f"(?:{alternatives})"
    )


def _forms(row: Mapping[str, Any], lists: Mapping[str, list[str]]) -> set[str]:
    verb_forms: tuple[str, ...] = ("s",) if row.get("present") else ("base", "s", "ed", "en", "ing")
    forms: set[str] = set()
    for lemma in _expand(row.get("verbs", []), lists):
        forms |= inflections(lemma, forms=verb_forms)
    for noun in _expand(row.get("nouns", []), lists):
        forms |= plurals(noun)
    forms |= set(_phrases(row.get("words", []), lists))  # "@test_kinds test": each kind
    for lemma in row.get("passive", []):
        participles = inflections(lemma, forms=("en",))
        forms |= {f"{be} {p}" for be in _BE for p in participles}
    return forms


def _branch(row: Mapping[str, Any], lists: Mapping[str, list[str]]) -> tuple[str, set[str]]:
    """One trigger row as a regex branch over lower-cased text, and the forms it starts with."""
    forms = _forms(row, lists)
    if not forms:
        raise ValueError(f"triggers.toml: a {row.get('type')} trigger has no verbs, nouns or words")
    source = _alternatives(forms) + r"\b"
    if "not_then" in row:
        source += f"(?! {_alternatives(_phrases(row['not_then'], lists))}" + r"\b)"
    if "not_object" in row:
        source += f"(?!{_object(_expand(row['not_object'], lists), row.get('not_gap', 0), None)})"
    if "then" in row:
        # `then_gap`: words that may stand before it ("agreed in March to draft").
        gap = f"(?:{_GAP_WORD}){{0,{row['then_gap']}}}?" if "then_gap" in row else ""
        source += f" {gap}{_then(row['then'], lists)}"
    if "object" in row:
        source += _object(
            _expand(row["object"], lists),
            row.get("gap", 0),
            row.get("object_det"),
            infinitive=row.get("infinitive", False),
        )
    return source, forms


def _then(words: list[str], lists: Mapping[str, list[str]]) -> str:
    """A row's `then`: what follows the trigger. A time named there is the event's time,
    not its complement: "ceased to apply on Monday to Kyiv" reads "to Kyiv" past it, and
    "ceased to be valid on Monday" has no `then` at all ("on" names no party)."""
    times = _alternatives(_expand(["@times"], lists)) if "times" in lists else None
    if times is None:
        return _alternatives(_phrases(words, lists)) + r"\b"
    # "Monday", "the 5th of May", "5 February", "Feb. 5, 2026"
    time = rf"(?:the )?(?:\d{{1,2}}(?:st|nd|rd|th)? (?:of )?)?{times}(?!\w)"
    date = rf"(?:(?:on|in|from|since|last|next|this|that) )?{time}(?:[ ,]+\d+\w*)*,? "
    return f"(?:{date})?{_alternatives(_phrases(words, lists))}" + rf"\b(?! {time})"


def _pattern(triggers: tuple[Trigger, ...], *, capitals: bool) -> re.Pattern[str]:
    """All trigger branches in one pattern, one group rN per trigger in priority order."""
    return _joined(_branches(triggers, capitals=capitals), triggers)


def _joined(branches: list[str], triggers: Iterable[Trigger]) -> re.Pattern[str]:
    """The branches of `triggers` (by their index) as one pattern, in the order given."""
    return re.compile(r"(?=[a-z])\b(?:" + "|".join(branches[t.index] for t in triggers) + ")")


def _branches(triggers: tuple[Trigger, ...], *, capitals: bool) -> list[str]:
    """Each trigger's branch (a group rN), in table order.

    Matching lower-cased text without IGNORECASE is twice as fast; a branch that needs a
    capital ("suspended New START") holds {CAP}, a one-letter group capN the caller checks
    against the original text. With `capitals` False those places match nothing: the
    pattern to try where a capital turned out to be a small letter, so that the other
    readings at that place still count ("extended for five years").
    """
    caps = iter(range(10_000))
    branches = []
    for trigger in triggers:
        branch = re.sub(
            r"\{CAP\}",
            lambda _: f"(?P<cap{next(caps)}>[a-z])" if capitals else "(?!)",
            trigger.source,
        )
        branches.append(f"(?P<r{trigger.index}>{branch})")
    return branches


def _event_type(code: str, row: Mapping[str, Any], cues: Mapping[str, list[str]]) -> EventType:
    not_subject = None
    if "not_subject" in row:
        reach = row.get("subject_reach", 0)
        # Relative words may stand between ("inspections that have lapsed").
        between = r"\s(?:(?:that|which)\s)?(?:(?:has|have|had|will|would)\s)?"
        # An appositive between commas may follow ("the decision to leave, a step the
        # allies backed, is now taking effect").
        near = r"[^,;]{0," + str(reach) + "}"
        tail = between if reach == 0 else rf"\b{near}(?:,[^,;]{{1,100}},{near})?"
        words = [f for w in row["not_subject"] for f in plurals(w)]
        not_subject = re.compile(cue_regex(words)[:-2] + tail + "$", re.IGNORECASE)
    not_after = None
    if "not_after" in row:
        preps = cue_regex(cues[row["not_after"]])
        not_after = re.compile(preps + r"\s(?:the|this|that)\s(?:[\w-]+\s){0,2}$", re.IGNORECASE)
    return EventType(
        code,
        row.get("modality", "actual"),
        row.get("lifecycle", False),
        tuple(row.get("roles", ("agent", "counterpart"))),
        row.get("speech_act", False),
        row.get("in_quotes", True),
        row.get("context"),
        frozenset(row.get("absorbed_by", ())),
        row.get("understood", False),
        not_subject,
        not_after,
        row.get("requires"),
    )


# Between a subject and its verb: an appositive or relative clause set off by dashes or
# commas ("the commission — which all parties sit on — will"), then auxiliaries.
_APPOSITIVE = r"(?:\s*[—–,(][^—–,();.]{0,120}[—–,)])?"
# A prepositional phrase or a relative clause may modify the subject ("the sanctions on
# Iran returned", "the draft on a ban of all tests failed to pass", "the penalties that the
# deal had suspended came back").
_MODIFIER = r"(?:\s(?:on|against|of|for|over|from|in|that|which)\s[\w’'.-]+(?:\s[\w’'.-]+){0,8}?)?"
_AUXILIARIES = (
    r"\s(?:(?:will|would|shall|is|are|was|were|to|now|also|then|soon|later|must|should|may"
    r"|has|have|had|be|been|due|set|expected|going)\s){0,4}$"
)


def _subject(nouns: list[str] | None) -> re.Pattern[str] | None:
    """A row's `subject`: one of these nouns is the subject of the trigger verb ("the
    council will review"), found in the text before the trigger."""
    if not nouns:
        return None
    heads = [cue_regex([f for n in nouns if n != "<Name>" for f in plurals(n)])]
    if "<Name>" in nouns:  # "New START was concluded": a name's last word
        heads.append(r"(?-i:\b[A-Z][\w-]*)")
    words = "(?:" + "|".join(heads) + ")"
    return re.compile(words + _MODIFIER + _APPOSITIVE + _AUXILIARIES, re.IGNORECASE)


def compile_table(data: Mapping[str, Any]) -> TriggerTable:
    """A trigger table from its parsed TOML (see triggers.toml for the fields).

    >>> t = compile_table({"types": {"withdrawal": {}},
    ...                    "triggers": [{"type": "withdrawal", "verbs": ["pull out"]}]})
    >>> [m[0] for m in trigger_matches("They pulled out.", t)]
    ['pulled out']
    """
    lists = data.get("lists", {})
    cue_lists = data.get("cues", {})
    types = {code: _event_type(code, row, cue_lists) for code, row in data["types"].items()}
    triggers: list[Trigger] = []
    first: set[str] = set()
    every_form: set[str] = set()
    by_lead: dict[str, list[int]] = {}
    for index, row in enumerate(data["triggers"]):
        if row["type"] not in types:
            raise ValueError(f"triggers.toml: trigger {index} has undeclared type {row['type']!r}")
        source, forms = _branch(row, lists)
        first |= {f[:_PREFIX] for f in forms}
        every_form |= forms
        for lead in sorted({_lead(f) for f in forms}):
            by_lead.setdefault(lead, []).append(index)
        previous = triggers[-1] if triggers else None
        same_run = previous is not None and (previous.type, previous.implied) == (
            row["type"],
            row.get("implied"),
        )
        triggers.append(
            Trigger(
                index,
                previous.rank if previous is not None and same_run else index,
                row["type"],
                source,
                row.get("implied"),
                row.get("requires"),
                frozenset(row.get("absorbed_by", ())),
                row.get("treaty_context", False),
                subject=_subject(_expand(row.get("subject", []), lists)),
                fails_on=row.get("fails_on"),
                understood=row.get("understood"),
            )
        )
    rows = tuple(triggers)
    pattern = _pattern(rows, capitals=True)
    starting = rf"(?={trie_regex(first)})(?={trie_regex(every_form)}\b)(?=([a-z]+))"
    return TriggerTable(
        types,
        rows,
        {
            name: sought(re.compile(cue_regex(words), re.IGNORECASE))
            for name, words in cue_lists.items()
        },
        {name: tuple(words) for name, words in cue_lists.items()},
        frozenset(cue_lists.get("understood_objects", ())),
        pattern,
        _pattern(rows, capitals=False),
        _capital_groups(pattern, len(rows)),
        re.compile(rf"\W{starting}"),
        re.compile(starting),
        {lead: tuple(rows) for lead, rows in by_lead.items()},
    )


# The letters a trigger form opens with, up to its first other character.
_LEAD = re.compile("[a-z]*")


def _lead(form: str) -> str:
    """The letters a form opens with: "pull" of "pull out", "re" of "re-impose"."""
    found = _LEAD.match(form)
    return found[0] if found else ""


def _capital_groups(pattern: re.Pattern[str], count: int) -> tuple[tuple[str, ...], ...]:
    """For each trigger group rN, the capN groups inside it (they are numbered after it)."""
    numbers = {number: name for name, number in pattern.groupindex.items()}
    found: list[list[str]] = [[] for _ in range(count)]
    current = -1
    for number in sorted(numbers):
        name = numbers[number]
        if name.startswith("r"):
            current = int(name[1:])
        elif name.startswith("cap") and current >= 0:
            found[current].append(name)
    return tuple(tuple(names) for names in found)


@functools.cache
def table() -> TriggerTable:
    """The project's trigger table, read and compiled once per process."""
    return compile_table(load_resource("triggers.toml"))


def cue_pattern(name: str) -> re.Pattern[str]:
    """A cue list of the trigger table ([cues]) as one case-blind pattern, to ask whether
    (or where) a cue stands: its matches start where the cue's do (`cues.sought`).

    >>> cue_pattern("validity").search("The deal remains in force.") is not None
    True
    """
    return table().cues[name]


# Every kind of white space as a plain space, so that table forms can spell it " ".
_SPACES = re.compile(r"[^\S ]")


def lowered(body: str) -> str:
    """The body in lower case, spaces plain, with every offset kept (a few characters
    grow when lowered; those stay as they are)."""
    low = body.lower()
    if len(low) != len(body):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in body)
    return _SPACES.sub(" ", low)


def trigger_matches(
    body: str,
    trigger_table: TriggerTable | None = None,
    *,
    low: str | None = None,
) -> list[re.Match[str]]:
    """Trigger matches in text order, never overlapping, each reading its {CAP} places
    against the original text: where such a letter is small, the other readings at that
    place are tried.

    The full pattern is only tried at word starts where a trigger form stands whole
    (`TriggerTable.starts`, `opening`), and only with the triggers that have a form opening with the
    word's letters (`TriggerTable.patterns_for`): a match can start nowhere else and come
    from no other trigger, as every branch opens with its forms and a word boundary, so
    this finds the same matches as trying the full pattern at every word start, several
    times faster.
    """
    t = trigger_table or table()
    low = lowered(body) if low is None else low
    matches: list[re.Match[str]] = []
    done = 0
    by_lead = t._by_lead
    first = t.opening.match(low)
    for candidate in itertools.chain((first,) if first else (), t.starts.finditer(low)):
        pos = candidate.end()  # (the word after the character matched)
        if pos < done:
            continue  # inside the trigger found last
        lead = candidate[1]
        pattern = by_lead.get((lead, True)) or t.patterns_for(lead)
        m = pattern.match(low, pos) if pattern is not None else None
        if m is None:
            continue
        if t.capitals[int((m.lastgroup or "r0")[1:])] and not _capitals_hold(t, body, m):
            plain = t.patterns_for(lead, capitals=False)  # the same rows: never None here
            m = plain.match(low, pos) if plain is not None else None
            if m is None:
                continue
        matches.append(m)
        done = m.end()
    return matches


def _capitals_hold(t: TriggerTable, body: str, m: re.Match[str]) -> bool:
    """Whether every capital the matching trigger wants ("suspended New START") is one."""
    caps = t.capitals[int((m.lastgroup or "r0")[1:])]
    return all(m.start(k) < 0 or body[m.start(k)].isupper() for k in caps)
