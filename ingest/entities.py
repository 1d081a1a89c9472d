"""Entities: KB mentions, titled and quoted people the KB lacks, organizations by their
head nouns, and within-article coreference of surnames and role nouns.

The KB lexicon finds what we know; patterns find what we do not yet know (new people,
bodies and treaties), so an analyst sees them as unlinked entities to curate instead of
losing them. Context decides ambiguous names: a surname goes to the person this article
introduced, "Washington Post" is a newspaper even though "Washington" is a metonym.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import operator
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from treatykg.ingest.cues import SPEECH_VERBS, TITLE_WORDS
from treatykg.ingest.lexicon import EntityInfo, Lexicon, find_mentions
from treatykg.ingest.records import Entity, Mention, Span
from treatykg.ingest.text import LOWER, UPPER, Sentence, guarded, trie_regex, word_set

__all__ = ["ArticleEntities", "find_entities", "new_key"]

# Capitalized words that are never part of a person's name.
_NOT_NAME = (
    word_set(
        """
    the a an this that these those it its he she they we i his her their our and or but if in
    on at of for to by with from as after before during since until while when where monday
    tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday tomorrow treaty agreement
    convention accord protocol pact deal nuclear arms control forces force strategic reduction
    weapons weapon missile missiles test ban non-proliferation council ministry ministries
    department office house senate congress parliament assembly committee commission agency
    forum organization organisation institute association campaign foundation party union
    alliance coalition league post times journal news network group program programme center
    centre court bank fund service services army navy air defense defence security foreign
    affairs state states united nations national international federal republic kingdom
    federation north south east west central european eastern western joint special
    presidential general's world global new old great high supreme first second third year
    years week month day government administration ministry's kremlin project projects
    initiative command forces radio television tv
        """
    )
    | TITLE_WORDS
)
_ORG_HEADS = (
    "Council|Commission|Committee|Ministry|Assembly|Agency|Forum|Organization|Organisation|"
    "Institute|Association|Campaign|Foundation|Parliament|Department|Office|Centre|Center|"
    "Union|Alliance|Coalition|League|Post|Times|Journal|Tribune|Herald|Gazette|Network|"
    "Initiative|Corporation|Conference|Secretariat|Directorate|Administration|Service|Court|"
    "Party|Institution|Laboratory|Bureau|Academy|University|Group|Federation|Command|Forces|"
    "Observatory"
)
_TREATY_HEADS = "Treaty|Agreement|Convention|Accord|Accords|Protocol|Pact"
# Cue words that only mark candidate sentences for costlier patterns. They start with a
# literal, not \b, which lets the regex engine skip ahead fast; a hit inside a longer word
# merely makes a candidate the full pattern then rejects.
# The heads as tries, for the patterns: each capital then costs a walk down shared
# letters, not a try of every head. (No head followed by a word's end or by what may follow
# a name is the start of another head so followed: the match is the same.)
_ORG_HEADS_TRIE = trie_regex(_ORG_HEADS.split("|"))
_TREATY_HEADS_TRIE = trie_regex(_TREATY_HEADS.split("|"))
_ORG_HEAD = re.compile(rf"(?:{_ORG_HEADS_TRIE})\b")
_TREATY_HEAD = re.compile(rf"(?:{_TREATY_HEADS_TRIE})\b")
_CAP = rf"[{UPPER}][\w’'&.-]*"
_LINK = r"(?:\s(?:of|for|on|to|the|and|de|in|a)\s|\s)"
_CALENDAR = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b"
)
# Honorifics open a person's name, never continue a body's ("the Council of X and Ms. Roe").
_HONORIFIC = r"(?:Mr|Ms|Mrs|Mme|Dr|Prof|Messrs)\b"
_NAME_PART = rf"(?!{_CALENDAR}|{_HONORIFIC})[{UPPER}][\w’'&-]*"
# A name goes on after its head with what the body is for ("Observatory for Human
# Rights", "Council on Foreign Relations", "Campaign to Abolish Nuclear Weapons"): its
# capitalized words and the small words between them, never a date.
_TAIL_LINKS = "and|of|for|on|to|the|a"
_ORG_PHRASE = re.compile(
    rf"(?<![\w-])(?:{_CAP}{_LINK}){{0,6}}?(?:{_CAP}\s)?(?:{_ORG_HEADS_TRIE})"
    rf"(?P<tail>\s(?:for|of|on|to)\s(?:the\s|a\s)?{_NAME_PART}"
    rf"(?:\s(?:(?:{_TAIL_LINKS})\s){{0,2}}{_NAME_PART}){{0,5}})?"
    rf"(?=[\s,.;:)’'”\"]|$)"
)
# The subject after "Treaty on": capitalized words, each space followed by a capital, and
# perhaps one space at the end. (Read as "words, each followed by a space or a hyphen", as
# it once was, the same text could be split into words in exponentially many ways, all
# tried before giving up.)
_TREATY_PHRASE = re.compile(
    rf"(?<![\w-])(?:{_CAP}{_LINK}){{1,6}}?(?:{_TREATY_HEADS_TRIE})(?:(?:\s(?:on|of|for)\s(?:the\s)?)"
    rf"[A-Z](?:[\w’'&.-]|\s(?=[A-Z]))*\s?)?(?=[\s,.;:)’'”\"]|$)"
)
_ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w’'-]*|of|for|on|to|the|and)(?:\s(?:[A-Z][\w’'-]*|of|for|on|to|the|and))+)\s\(([A-Z][A-Za-z0-9-]{1,9})\)"
)
# Capitalized words; an apostrophe joins "O'Brien" but not a possessive "Roe's".
# Whole-body scans open with their first letter's class and check the word boundary
# behind it, `(?<![\w-].)` ("no word character before that letter"), not before it with
# `(?<![\w-])`: a pattern that opens with a class lets the regex engine skip at C speed
# to where such a letter stands, instead of trying the pattern at every character.
_CAPITALIZED = re.compile(rf"[{UPPER}](?<![\w-].)[\w-]*(?:['’](?!s\b)\w+)?(?![\w-])")
_ACRONYM_PAREN = re.compile(r"\s\([A-Z][A-Za-z0-9-]{1,9}\)")
# "Roe", "DeMint", "McCain", "O'Brien", "Roe-Smith", "al-Roe"; and such a name after its
# capital.
_NAME_REST = rf"[{LOWER}]*(?:[{UPPER}’'][{LOWER}]+)?[{LOWER}](?:-[{UPPER}]?[{LOWER}]+)?"
_NAME_TOKEN = rf"(?:(?:al|el)-)?[{UPPER}]{_NAME_REST}"
# Runs of capitalized words (and initials) ending in a name-like word: where names can be.
# A word of a run is read one way only (?>...): all its readings end at the same space, and
# trying each of them again, as a run of initials "A. B. C." invites, costs 2^n.
_RUN_WORD = rf"(?>{_NAME_TOKEN}\s|[{UPPER}]\.\s|[{UPPER}][\w.&-]*\s)"
# A run opens with a capital; the pattern reads it first (see _CAPITALIZED), then either
# the rest of a first word and more words before the name, or the rest of the name alone:
# (?=[A-Z])(?:WORD)*NAME, in the same order of tries.
_CAP_RUN = re.compile(
    rf"[{UPPER}](?:(?>{_NAME_REST}\s|\.\s|[\w.&-]*\s){_RUN_WORD}*{_NAME_TOKEN}|{_NAME_REST})"
)
# Its runs of more than one word: its first alternative, for `_spaced_runs`. A scan for
# these finds the runs of words a scan of `_CAP_RUN` finds, without stopping at each word
# alone, except where one starts inside a word that the second alternative takes alone
# (in "O'Brien", say): where a run starts after no space, `_spaced_runs` asks `_CAP_RUN`.
_WORDS_RUN = re.compile(rf"[{UPPER}](?>{_NAME_REST}\s|\.\s|[\w.&-]*\s){_RUN_WORD}*{_NAME_TOKEN}")
# What makes that regex slow: tried at each capital, it reads the rest of the run again,
# so a long run of capitalized words, or a long word of capitals, costs its length squared.
# (The capital both alternatives open with is factored out: a pattern that opens with a
# character class is skipped through by the regex engine to where one occurs.)
# (A word's characters are taken whole, `\S*+`: giving one back never meets a space.)
_LONG_RUN = re.compile(r"[A-Z](?:\S*+\s(?:[A-Z]\S*+\s){15}|[\w.&-]{64})")
# The pieces of `_scan_cap_runs`, which reads such text instead: a run's word with the
# space after it, the characters such a word is made of, and the name-like word that
# ends a run.
_RUN_WORD_CHARS = re.compile(r"[\w.&-]*")
_RUN_NAME_WORD = re.compile(rf"{_NAME_TOKEN}\s")
_RUN_NAME = re.compile(_NAME_TOKEN)
_RUN_START = re.compile(rf"[{UPPER}]")
_INITIAL = re.compile(r"[A-Z]\.")
_APPOSITIVE_HEAD = re.compile(r",\s(?:the\s|a\s|an\s)?(?:[\w’'-]+\s){0,4}?(\w+)")
_SPEECH_AFTER = re.compile(rf"\s(?:{SPEECH_VERBS})\b")
_SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH_VERBS})\s$")
_ADMIN = re.compile(r"\b([A-Z][a-z]+)\s[Aa]dministration\b")
# (The start of a word: "(?<!\w)", not "\b", which a word's end passes too.)
_ROLE_AFTER = (
    r"\s(?:(?P<adj>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s)?"
    r"(?:(?:deputy|vice|foreign|former|top|senior|chief|defen[cs]e|prime)\s){0,2}"
    r"(?P<noun>spokesman|spokeswoman|spokesperson|president|leader|minister|diplomat|senator|"
    r"envoy|secretary|chancellor|premier|ambassador|negotiator|ministry|general)\b"
)
_ROLE_NOUN = guarded(
    r"(?<!\w)(?:[Tt]he|[Hh]is|[Hh]er)" + _ROLE_AFTER
    + r"|^(?P<hnoun>Spokesman|Spokeswoman|Spokesperson)\b",
    re.MULTILINE,
)  # fmt: skip
# Its two alternatives, each read from what it opens with (see `_role_nouns`): a letter of
# "the", "his" or "her", and what stands before the letter checked behind it (a pattern
# that opens with a class of letters is skipped through to such a letter at C speed);
# and a heading's "Spokes", a string.
_ROLE_AFTER_ARTICLE = re.compile(
    r"[TtHh](?<!\w.)(?:he|is|er)(?<=[Tt]he|[Hh]is|[Hh]er)" + _ROLE_AFTER
)
_ROLE_HEADING = re.compile(r"(?P<hnoun>Spokes(?<=^Spokes)(?:man|woman|person))\b", re.MULTILINE)
_WEAPON_DESIGNATOR = re.compile(
    r"(?<![\w-])(?:\d[A-Z]\d{2,4}|[A-Z]{1,4}-\d{1,3}[A-Z]?|Mk-\d{1,3})(?![\w-])"
)
# Every designator holds a digit after a capital or a hyphen.
_DESIGNATOR_DIGIT = re.compile(r"[-A-Z]\d")
_WEAPON_CONTEXT = re.compile(
    r"(?:missiles?|rockets?|systems?|launchers?|warheads?|bombers?|interceptors?|submarines?|"
    r"ICBMs?|cruise|ballistic|hypersonic|drones?)\b"
)
# Words that may open an organization's name although they are never part of a person's.
# Words that open a sentence before a name ("Both the U.S. Strategic Command"), and an
# owner before a body's name ("Russia's Strategic Missile Forces": Russia is its own mention).
_PHRASE_LEAD = re.compile(
    r"(?:(?:Both|And|But|Neither|Either|All|Only|Even|While|As|When|If)\s)?(?:[Tt]he\s)?"
    r"(?:[A-Z][\w.]*(?:’s|'s)\s(?=[A-Z]))?(?:[A-Z][\w.]*-based\s(?=[A-Z]))?"
)
_BAD_PHRASE_START = _NOT_NAME - word_set(
    "national international joint world north european united federal supreme central strategic"
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|around|visit|visited|visiting|arrived\sin"
    r"|(?:city|town|port|village|capital|region|province)\sof)\s$",
    re.IGNORECASE,
)
_GIVEN_NAME = re.compile(rf"(?<![\w.])([{UPPER}][{LOWER}]+)\s$")
_PLURAL_TREATIES = re.compile(r"\s(?:treaties|agreements|accords|talks\b)")


def new_key(entity_type: str, name: str) -> str:
    """The key of an entity the KB lacks, stable across articles.

    >>> new_key("Person", "Jane Roe-Smith")
    'new/person/jane-roe-smith'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return f"new/{entity_type.lower()}/{slug or 'unnamed'}"


_SPAN_START = operator.attrgetter("span.start")  # a mention's start, read in C


@dataclass
class ArticleEntities:
    """The entities of one article and every mention of them, in text order."""

    entities: dict[str, Entity]
    mentions: list[Mention]
    _starts: list[int] = field(init=False, repr=False)
    _by_end: dict[int, list[Mention]] = field(init=False, repr=False)
    _typed: dict[tuple[str, ...], tuple[list[Mention], list[int]]] = field(
        init=False, repr=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.mentions.sort(key=_SPAN_START)
        self._starts = list(map(_SPAN_START, self.mentions))
        self._by_end = {}
        for m in self.mentions:
            self._by_end.setdefault(m.span.end, []).append(m)

    def ending_at(self, position: int) -> list[Mention]:
        """Mentions ending at `position`, in text order."""
        return self._by_end.get(position, [])

    def before(self, position: int, types: Sequence[str] = ()) -> list[Mention]:
        """Mentions ending at or before `position`, latest first."""
        return list(self.latest(position, types))

    def latest(self, position: int, types: Sequence[str] = ()) -> Iterator[Mention]:
        """Mentions ending at or before `position`, latest first, read only as far as the
        caller goes (most want the first few, and an article can hold many thousands)."""
        mentions, starts = self._of_types(tuple(types)) if types else (self.mentions, self._starts)
        for index in range(bisect.bisect_left(starts, position) - 1, -1, -1):
            m = mentions[index]
            if m.span.end <= position:
                yield m

    def _of_types(self, types: tuple[str, ...]) -> tuple[list[Mention], list[int]]:
        """The mentions of some types and their starts, filed on first use."""
        found = self._typed.get(types)
        if found is None:
            mentions = [m for m in self.mentions if m.entity_type in types]
            found = self._typed[types] = (mentions, [m.span.start for m in mentions])
        return found

    def within(self, span: Span) -> list[Mention]:
        """Mentions inside `span`, in text order."""
        first = bisect.bisect_left(self._starts, span.start)
        last = bisect.bisect_left(self._starts, span.end)
        return [m for m in self.mentions[first:last] if m.span.end <= span.end]


class _Builder:
    """The mentions found so far, indexed so that each rule's look at them costs what it
    looks at, not the number of mentions in the article.

    Mentions never overlap (every rule checks `free` first), so one start and one end
    name a mention; `taken` marks their characters, and the order in which they were
    added is kept, as the first added wins where several could serve.
    """

    def __init__(self, body: str, lexicon: Lexicon) -> None:
        self.body = body
        self.lexicon = lexicon
        self.entities: dict[str, Entity] = {}
        self._by_start: dict[int, Mention] = {}  # in the order the mentions were added
        self._by_end: dict[int, Mention] = {}
        self._order: dict[int, int] = {}  # start -> rank of addition
        self._added = 0
        # One byte per character of the body: 1 where a mention already sits.
        self.taken = bytearray(len(body))
        # Capitalized words -> what they can be in a person's name (see `_name_word`).
        self.name_words: dict[str, str] = {}
        self._sentence_starts: list[int] | None = None

    def sentence_starts(self, sentences: Sequence[Sentence]) -> list[int]:
        """Where the article's sentences start, listed once for the rules that ask."""
        if self._sentence_starts is None:
            self._sentence_starts = [s.span.start for s in sentences]
        return self._sentence_starts

    @property
    def mentions(self) -> list[Mention]:
        """Every mention, in the order added."""
        return list(self._by_start.values())

    def free(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end) == -1

    def add(self, entity: Entity, span: Span, how: str) -> Mention:
        mention = Mention(entity.key, entity.type, self.body[span.start : span.end], span, how)
        return self.keep(entity, mention)

    def keep(self, entity: Entity, mention: Mention) -> Mention:
        """Add a mention already made (the lexicon's), rebuilt only where the entity's
        key or type differs from what it names: most KB mentions are kept as found."""
        if mention.entity_key != entity.key or mention.entity_type != entity.type:
            mention = Mention(entity.key, entity.type, mention.surface, mention.span, mention.how)
        known = self.entities.get(entity.key)
        if known is None or (entity.role and not known.role):
            self.entities[entity.key] = entity
        start, end = mention.span.start, mention.span.end
        self._by_start[start] = mention
        self._by_end[end] = mention
        self._order[start] = self._added
        self._added += 1
        self.taken[start:end] = b"\x01" * (end - start)
        return mention

    def remove(self, doomed: Sequence[Mention]) -> None:
        for m in doomed:
            del self._by_start[m.span.start], self._by_end[m.span.end], self._order[m.span.start]
            self.taken[m.span.start : m.span.end] = bytes(m.span.end - m.span.start)

    def ending_at(self, position: int) -> Mention | None:
        return self._by_end.get(position)

    def inside(self, start: int, end: int) -> list[Mention]:
        """Mentions within [start, end), in the order added; costs the mentions found."""
        found = []
        at = self.taken.find(1, start, end)
        while at != -1:
            mention = self._by_start.get(at)
            if mention is None:  # inside a mention that began before `start`
                at = self.taken.find(1, at + 1, end)
                continue
            if mention.span.end <= end:
                found.append(mention)
            at = self.taken.find(1, mention.span.end, end) if mention.span.end < end else -1
        return sorted(found, key=lambda m: self._order[m.span.start])

    def kb_entity(self, key: str, type_: str = "Other") -> Entity:
        """The entity of a KB key; a lexicon without entity info still knows the type."""
        known = self.entities.get(key)
        if known is not None and known.linked:
            return known
        return self.lexicon.linked.get(key) or Entity(key, type_, key, True)


_DATELINE_DATE = re.compile(r"[,)]?\s*(?:[A-Z][a-z]+\.?\s\d{1,2}|\d{1,2}\s[A-Z][a-z]+)")


def _is_credit(body: str, mention: Mention) -> bool:
    """A news agency in a credit or dateline ("/TASS/", "(Reuters) -", "TASS, August 2.")."""
    start, end = mention.span.start, mention.span.end
    before, after = body[max(0, start - 1) : start], body[end : end + 1]
    if "/" in (before, after):
        return True
    # Only a line start within 40 characters matters: no scan back over a long line.
    line_start = body.rfind("\n", max(0, start - 40), start) + 1
    if line_start == 0 and start >= 40:
        return False
    if (before, after) == ("(", ")"):
        return True
    head = body[line_start:start]
    return re.fullmatch(r"[A-Z ,.()-]*", head) is not None and bool(_DATELINE_DATE.match(body, end))


# A news agency cited as a source: "the AP reported", "told state-run RIA", "according to AP".
_CITED_AFTER = re.compile(
    r"\s(?:reported|reports|said|says|quoted|cited|wrote|writes|added|learned|has\slearned)\b"
)
_CITED_BEFORE = re.compile(
    r"\b(?:told|to|according\sto|by|with|quoted\sby|cited\sby)\s(?:the\s)?(?:[\w-]+\s)?$",
    re.IGNORECASE,
)
_SHORT_ALIAS = 3  # an agency's alias this short ("AP", "RIA") is ambiguous out of a citation


_WORD_BEFORE = re.compile(r"([\w.’'-]+)\s$")
_ORDINAL = re.compile(r"(?:First|Second|Third|[A-Z][a-z]+th|\d+(?:st|nd|rd|th))")


def _owned_by_another(b: _Builder, mention: Mention, info: EntityInfo | None) -> bool:
    """Whether a body's name without its owner ("General Assembly" of "UN General
    Assembly", "Review Conference" of "NPT Review Conference") follows a capitalized word
    that names another owner ("the OAS General Assembly", "Georgia General Assembly"); not
    an article, a possessive ("the IAEA's Board of Governors") or an ordinal ("Ninth")."""
    if not _ownerless_as(info, mention):
        return False  # (a person's surname after a given name or initial is for `_people`)
    word = _WORD_BEFORE.search(b.body, max(0, mention.span.start - 30), mention.span.start)
    if word is None or not word[1][0].isupper() or word[1].endswith(("'s", "’s")):
        return False
    if word[1].lower() in _NOT_NAME or _ORDINAL.fullmatch(word[1]):
        return False
    owner = b.ending_at(word.end(1))
    if owner is not None and owner.entity_type == "Treaty":
        return False  # "the CTBT Review Conference": the treaty's, see `_treaty_conferences`
    # A capital opening the sentence names nothing by itself ("Three Baltic states"),
    # unless it is a name the article knows ("Georgia General Assembly").
    return not _opens_sentence(b.body, word.start(1)) or b.ending_at(word.end(1)) is not None


def _agency_alias_cited(b: _Builder, mention: Mention, info: EntityInfo) -> bool:
    """Whether a news agency named by a short alias of its name ("AP", not "Associated
    Press" or "TASS", its own name) stands where the text cites it as a source."""
    surface = mention.surface
    if surface == info.label or len(surface) > _SHORT_ALIAS:
        return True
    start, end = mention.span.start, mention.span.end
    return bool(
        _CITED_AFTER.match(b.body, end) or _CITED_BEFORE.search(b.body, max(0, start - 30), start)
    )


def _kb_mentions(b: _Builder) -> None:
    body, lexicon = b.body, b.lexicon
    infos, metonyms, entities = lexicon.info, lexicon.metonyms, b.entities
    for mention in find_mentions(body, lexicon):
        key = mention.entity_key
        info = infos.get(key)
        if info is not None:
            if info.kind == "NewsAgency" and (
                _is_credit(body, mention) or not _agency_alias_cited(b, mention, info)
            ):
                continue  # a credit ("/TASS/"), or "AP" uncited: also the Additional Protocol
            # (Only a body or an occasion has an owner: see `_ownerless_as`.)
            if info.type in _OWNED_TYPES and _owned_by_another(b, mention, info):
                continue  # "the OAS General Assembly" is not the UN's
        if mention.entity_type == "Treaty" and _PLURAL_TREATIES.match(body, mention.span.end):
            continue  # "the START treaties" names a family, not one treaty
        if mention.surface in metonyms:
            start = mention.span.start
            head = body[max(0, start - 20) : start]
            if _LOCATIVE.search(head):
                continue  # "killed in Baghdad" is a place; "Baghdad said" is the government
            if _is_given_name(b, _GIVEN_NAME.search(head)):
                continue  # "Denzel Washington" is a person; the people pass may find him
        entity = entities.get(key)
        if entity is None or not entity.linked:  # (else `kb_entity` would return it)
            entity = b.kb_entity(key, mention.entity_type)
        b.keep(entity, mention)


def _drop_overlapped(b: _Builder, start: int, end: int) -> None:
    """Remove KB mentions inside a longer pattern match (context beats a metonym)."""
    b.remove([m for m in b.inside(start, end) if (m.span.start, m.span.end) != (start, end)])


def _strip_article(text: str, start: int) -> tuple[str, int]:
    """A phrase without what opens it but names nothing: "Both the", "The", "Russia's"."""
    lead = _PHRASE_LEAD.match(text)
    if lead:
        return text[lead.end() :], start + lead.end()
    return text, start


def _acronyms(b: _Builder) -> dict[str, str]:
    """ "Full Name (ACR)" definitions: the full name becomes an entity, ACR its alias."""
    aliases: dict[str, str] = {}
    if "(" not in b.body:
        return aliases  # (a look for one character, far cheaper than the scan below)
    # Find the cheap part, "(ACR)", first; the name before it is matched only there.
    for paren in _ACRONYM_PAREN.finditer(b.body):
        m = _ACRONYM_DEF.search(b.body, max(0, paren.start() - 160), paren.end())
        if m is None or m.end() != paren.end():
            continue
        full, start = _strip_article(m[1], m.start(1))
        acronym = m[2]
        initials = "".join(w[0] for w in re.findall(r"[A-Z][\w’'-]*", full)).upper()
        if not initials.startswith(acronym[:2].upper()) and acronym.upper() not in initials:
            continue
        known = b.lexicon.lookup(full) or b.lexicon.lookup(acronym)
        if known is not None:
            aliases[acronym] = known.entity_key
            continue
        etype = "Treaty" if re.search(rf"\b(?:{_TREATY_HEADS})\b", full) else "Organization"
        entity = Entity(new_key(etype, full), etype, full, False)
        span = Span(start, start + len(full))
        _drop_overlapped(b, span.start, span.end)
        if b.free(span.start, span.end):
            b.add(entity, span, "pattern")
        aliases[acronym] = entity.key
    if not aliases:
        return aliases
    # One scan for every acronym: a use is a whole run of word characters and hyphens, so
    # uses of different acronyms never overlap; they are added acronym by acronym, as
    # defined, so that the order of mentions does not depend on the scan.
    rank = {acronym: index for index, acronym in enumerate(aliases)}
    uses = re.compile(rf"(?<![\w-])(?:{trie_regex(aliases)})(?![\w-])").finditer(b.body)
    for m in sorted(uses, key=lambda m: (rank[m[0]], m.start())):
        if b.free(m.start(), m.end()):
            key = aliases[m[0]]
            b.add(b.entities.get(key) or b.kb_entity(key), Span(m.start(), m.end()), "pattern")
    return aliases


def _sentences_with(
    body: str,
    sentences: Sequence[Sentence],
    cue: re.Pattern[str],
    starts: Sequence[int] | None = None,
) -> list[Span]:
    """The sentences in which `cue` occurs, in text order; no match of `cue` may hold
    whitespace (a word, a letter). `starts` are the sentences' starts, where the caller
    has them already.

    One scan of the body, which skips the rest of a sentence once it has a match: where
    whitespace or the body's end follows the sentence, no match runs over its end, so the
    first match after it is the one a scan of every match would come to next.
    """
    if starts is None:
        starts = [s.span.start for s in sentences]
    found: list[Span] = []
    last = -1  # the index of the sentence found last
    m = cue.search(body)
    while m is not None:
        resume = m.end()
        index = bisect.bisect_right(starts, m.start()) - 1
        if index >= 0 and m.end() <= sentences[index].span.end:
            span = sentences[index].span
            if index != last:
                found.append(span)
                last = index
            after = body[span.end : span.end + 1]
            if after.isspace() or not after:
                resume = span.end
        m = cue.search(body, resume)
    return found


def _phrases(
    b: _Builder,
    sentences: Sequence[Sentence],
    heads: re.Pattern[str],
    pattern: re.Pattern[str],
    etype: str,
) -> None:
    """New organizations or treaties named by a capitalized phrase ending in a head noun.

    The phrase pattern backtracks a lot, so it only runs on sentences holding a head.
    """
    spans = _sentences_with(b.body, sentences, heads, b.sentence_starts(sentences))
    for m in (m for span in spans for m in pattern.finditer(b.body, span.start, span.end)):
        end = _tail_end(b, m) if "tail" in pattern.groupindex and m["tail"] else m.end()
        text, start = _strip_article(b.body[m.start() : end], m.start())
        words = text.split()
        if len(words) < 2 or b.lexicon.lookup(text) is not None:
            continue
        inner = b.inside(start, end)
        # A KB name covering the phrase's head is the phrase ("Chinese Foreign Ministry").
        if any(x.span.end == end for x in inner):
            continue
        if any(x.entity_type in ("Person", "Treaty") for x in inner):
            continue
        if words[0].lower() in _BAD_PHRASE_START and not any(x.span.start == start for x in inner):
            continue  # "Its Ministry", "The Council": a common word, not a name
        probe = Mention("", etype, text, Span(start, end))
        if etype == "Organization" and _is_credit(b.body, probe):
            continue  # "UNITED NATIONS (Sample Times) -": the outlet's credit, not a mention
        # A conference is an occasion, not a body: `Other`, as the gold format types it.
        kind = "Other" if etype == "Organization" and words[-1] in _OCCASIONS else etype
        entity = Entity(new_key(kind, text), kind, text, False)
        _drop_overlapped(b, start, end)
        if b.free(start, end):
            b.add(entity, Span(start, end), "pattern")


def _tail_end(b: _Builder, m: re.Match[str]) -> int:
    """Where a body's name ends that goes on after its head ("Observatory for Civil
    Rights"): before a title ("... of Sciences President Jane Roe") and never over
    another name ("the Foreign Ministry of Ukraine": Ukraine is a mention of its own)."""
    tail = m.start("tail")
    if not b.free(tail, m.end()):
        return tail
    end = m.end()
    for word in re.finditer(r"\S+", b.body[tail : m.end()]):
        if word[0].lower() in TITLE_WORDS:
            end = tail + word.start() - 1
            break
    words = b.body[tail:end].split()
    return end if words and words[-1] not in _CONNECTORS else tail


_OCCASIONS = frozenset({"Conference", "Conferences"})
_CONNECTORS = frozenset({"of", "for", "the", "and", "on", "to", "a"})
# Capitalized words that end a title phrase on its left ("On Monday US envoy ...").
_TITLE_STOP = word_set(
    """
    on in at by after before from with during monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december
    """
)


_TITLE_PIECE = re.compile(r"[\w’'.&-]+")
_TITLE_BREAK = re.compile(r"[,;:()“”\"]")
_TITLE_CONNECTORS = re.compile(r"(?:(?:of|for|the|and|on)\s+)*", re.IGNORECASE)


def _title_before(body: str, start: int, sentence_start: int) -> tuple[str, int] | None:
    """The title phrase right before a name ("Russian Deputy Foreign Minister"), if any.

    Walks left over title words, capitalized words, owners ("ICAN's") and connectors
    ("Envoy for Arms Control") while no punctuation intervenes; the phrase counts only
    if it holds a title word.
    """
    title_start: int | None = None
    has_title = False
    for w in reversed(_words_before(body, start, sentence_start, 9)):
        if _TITLE_BREAK.search(body, w.end(), start):
            break
        low = w[0].lower().removesuffix("’s").removesuffix("'s")
        if low in TITLE_WORDS:
            has_title = True
        elif (w[0][0].isupper() and low in _TITLE_STOP) or not (
            w[0][0].isupper() or low in _CONNECTORS
        ):
            break
        title_start = w.start()
    if not has_title or title_start is None:
        return None
    first = _TITLE_CONNECTORS.match(body, title_start, start)
    title_start = first.end() if first else title_start
    return body[title_start:start].strip(), title_start


def _words_before(body: str, start: int, sentence_start: int, count: int) -> list[re.Match[str]]:
    """The last `count` words of the sentence before `start`, read from a window that
    widens until it holds one word more than needed (the first may be cut), so a name
    late in a long sentence does not cost the whole sentence."""
    width = 120
    while True:
        window = max(sentence_start, start - width)
        words = list(_TITLE_PIECE.finditer(body, window, start))
        if window == sentence_start or len(words) > count:
            return words[-count:]
        width *= 4


def _affiliation(b: _Builder, phrase: str, start: int, end: int) -> str | None:
    for m in b.inside(start, end):
        if m.entity_type in ("State", "Organization"):
            info = b.lexicon.info.get(m.entity_key)
            return info.state if info is not None and info.state else m.entity_key
    for word in re.findall(r"[A-Z][\w.]*(?:\s[A-Z][a-z]+)?", phrase):
        for candidate in (word, word.split(" ")[0]):
            if candidate in b.lexicon.demonyms:
                return b.lexicon.demonyms[candidate]
    return None


def _name_ok(b: _Builder, tokens: list[str]) -> bool:
    """Whether capitalized words can be a person's name: no common or title word, no KB
    name, except a metonym as surname ("Denzel Washington")."""
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        kind = _name_kind(b, token)
        if kind is _NEVER_NAME or (kind is _SURNAME_ONLY and index != last):
            return False
    return len(tokens) != 1


def _name_kind(b: _Builder, token: str) -> str:
    """`_name_word`, asked once per word and article."""
    kind = b.name_words.get(token)
    if kind is None:
        kind = b.name_words[token] = _name_word(b.lexicon, token)
    return kind


# What a capitalized word can be in a person's name (see `_name_word`).
_ANY_PART, _SURNAME_ONLY, _NEVER_NAME = "any part", "surname only", "never"


def _name_word(lexicon: Lexicon, token: str) -> str:
    """What a word can be in a person's name: never a common or title word, a demonym or
    a KB name, except a metonym as surname ("Denzel Washington"). Runs repeat their words
    (a sentence's "Foreign Minister", an article's names), so `_Builder.name_words` keeps
    the answer for the article."""
    if token.lower().rstrip(".") in _NOT_NAME or token in lexicon.demonyms:
        return _NEVER_NAME
    entry = lexicon.lookup(token)
    if entry is None:
        return _ANY_PART
    return _SURNAME_ONLY if entry.metonym else _NEVER_NAME


def _is_given_name(b: _Builder, word: re.Match[str] | None) -> bool:
    """Whether the capitalized word before a metonym reads as a given name ("George" in
    "George Washington"), not a title, a demonym or another name the KB knows."""
    if word is None:
        return False
    text = word[1]
    return (
        text.lower() not in _NOT_NAME
        and b.lexicon.lookup(text) is None
        and text not in b.lexicon.demonyms
    )


# What marks two capitalized words as a person's name where no title or speech verb does:
# a relative clause ("Jane Roe, who led the talks"), an object of meeting or leading
# ("met Jane Roe", "negotiated by Jane Roe"), or a person named just before ("A and B").
_WHO_AFTER = re.compile(r",\s(?:who|whose)\b")
_MET_BEFORE = re.compile(
    r"\b(?:met|meet|meets|meeting\swith|talks\swith|spoke\swith|spoke\sto|phoned|hosted|"
    r"received|(?:negotiated|signed|led|hosted|headed|chaired|drafted)\sby)\s$"
)
_AND_BEFORE = re.compile(r"\sand\s$")
_APPOSITIVE_SPEECH = re.compile(rf",\s(?:the|a|an|his|her)\s[^,;.]{{3,60}},\s(?:{SPEECH_VERBS})\b")
_OWNER_BEFORE = re.compile(r"(?:’s|'s)\s$")
_TITLE_BEFORE_COMMA = re.compile(r"\b([\w.-]+),\s$")
_PLACE_BEFORE = re.compile(r"\b(?:to|in|at|from|of|near|into|outside)\s$")
# "Jane Roe of the Arms Control Association": the body a person belongs to.
_OF_BODY = re.compile(r"\s(?:of|from|at)\s(?:the\s)?")
# "Russia's envoy to the OSCE, Jane Roe,": a title with the body or place it serves, then
# the name in apposition ("The minister flew to Vienna, Prague Castle" has no title there).
_TITLE_TO_BODY_BEFORE = re.compile(
    r"\b([\w.-]+)\s(?:to|of|at|for|in)\s(?:the\s)?[\w.’'-]+(?:\s[\w.’'-]+){0,2},\s$"
)
# Nouns that name a person by another's office: "his German counterpart, Jane Roe".
_RELATION_HEADS = frozenset({"counterpart", "counterparts", "predecessor", "successor"})
# "Jane Roe, the NRA's chief lobbyist, hailed": an appositive closed by a comma.
_APPOSITIVE = re.compile(r",\s([^,;.“”\"()]{3,60}?),")
_APPOSITIVE_WORD = re.compile(r"([\w.-]+)(’s|'s)?")
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our"})
_NP_ENDS = frozenset(
    {"of", "for", "to", "at", "in", "on", "with", "by", "from", "who", "which", "that", "whose"}
)


def _titled_appositive(body: str, start: int, end: int) -> bool:
    """Whether a title stands in apposition to the name, before it (a title and the body it
    serves) or after it (a noun phrase with a title word that is no possessive owner:
    "the envoy's sister" is not a title)."""
    before = _TITLE_TO_BODY_BEFORE.search(body, max(0, start - 60), start)
    if before is not None and before[1].lower() in TITLE_WORDS:
        return True
    head = _TITLE_BEFORE_COMMA.search(body, max(0, start - 30), start)
    if head is not None and head[1].lower() in _RELATION_HEADS:
        return True  # "his German counterpart, Jane Roe,"
    after = _APPOSITIVE.match(body, end)
    return after is not None and _headed_by_title(after[1])


def _headed_by_title(phrase: str) -> bool:
    """Whether a noun phrase's head words, before any preposition, relative or participle,
    hold a title word: "the NRA's chief lobbyist", "a spokesman for the ministry", not
    "home of the minister", "a residence used by the president", "the envoy's sister"."""
    words = _APPOSITIVE_WORD.findall(phrase)
    if words and (words[0][0].lower() in _DETERMINERS or words[0][1]):
        words = words[1:]  # "the", "a", an owner ("the NRA's")
    if words and words[0][1]:
        words = words[1:]
    for word, owner in words:
        low = word.lower()
        if low in _NP_ENDS or low.endswith("ed") or owner:
            return False
        if low in TITLE_WORDS:
            return True
    return False


def _person_context(b: _Builder, start: int, end: int, sentence_start: int = 0) -> bool:
    if b.body.endswith(("the ", "The "), max(0, start - 4), start):
        return False  # "the Nuclear Information Project": a name of something, not someone
    if _MET_BEFORE.search(b.body, max(0, start - 25), start):
        return True
    owner = _OWNER_BEFORE.search(b.body, max(0, start - 4), start)
    owned_by = b.ending_at(owner.start()) if owner else None
    if owned_by is not None and owned_by.entity_type in ("Organization", "State"):
        return True  # "The Stimson Center's Jane Roe"
    if _APPOSITIVE_SPEECH.match(b.body, end):  # "Jane Roe, the envoy's sister, warned"
        return True
    title = _TITLE_BEFORE_COMMA.search(b.body, max(0, start - 30), start)
    if title and title[1].lower() in TITLE_WORDS:  # "Iran's chief negotiator, Jane Roe,"
        return True
    if title and _title_before(b.body, title.end(1), sentence_start):
        return True  # "The Minister for Foreign Affairs, Jane Roe,": a title phrase
    if _titled_appositive(b.body, start, end):
        return True
    if _WHO_AFTER.match(b.body, end):  # not a place's "who" ("visitors to Prague Castle, who")
        return _PLACE_BEFORE.search(b.body, max(0, start - 8), start) is None
    if _AND_BEFORE.search(b.body, max(0, start - 5), start):
        ending = (b.ending_at(at) for at in range(start - 5, start + 1))
        return any(m is not None and m.entity_type == "Person" for m in ending)
    return False


def _people(b: _Builder, sentences: Sequence[Sentence]) -> None:
    org_starts = {m.span.start: m.entity_key for m in b.mentions if m.entity_type == "Organization"}
    for sentence_start, _, end, run in _spaced_runs(b.body, sentences):
        tokens = run.split()
        # Every name read below ends in the run's last two words: most runs are turned
        # away by them alone ("... Foreign Ministry").
        if _name_kind(b, tokens[-2]) is not _ANY_PART or _name_kind(b, tokens[-1]) is _NEVER_NAME:
            continue
        # The name is the run's last two words (plus a middle initial).
        take = 3 if len(tokens) >= 3 and _INITIAL.fullmatch(tokens[-2]) else 2
        if len(tokens) == 3 and take == 2 and "." not in run and _name_ok(b, tokens):
            take = 3  # a three-part name ("Kim Yo Jong"), no title before it
        if (
            take == 2
            and len(tokens) >= 4
            and tokens[-4].lower() in TITLE_WORDS
            and "." not in "".join(tokens[-3:])
            and _name_ok(b, tokens[-3:])
        ):
            take = 3  # "Foreign Minister Mohammad Javad Roe": three parts after a title
        name_tokens = tokens[-take:]
        if not _name_ok(b, name_tokens):
            continue
        name = " ".join(name_tokens)
        start = end - len(name)
        if not b.free(start, end):
            continue
        title = _title_before(b.body, start, sentence_start)
        after = b.body[end : end + 40]
        appositive = _APPOSITIVE_HEAD.match(after)
        speech = _SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(
            b.body[max(0, start - 30) : start]
        )
        role = title[0] if title else None
        if not title and appositive and appositive[1].lower() in TITLE_WORDS:
            role = b.body[end + 2 : end + appositive.end()].strip()
        member = _OF_BODY.match(b.body, end)
        body_of = (
            member is not None
            and member.end() in org_starts
            and not b.body.endswith(("the ", "The "), max(0, start - 4), start)
        )
        if (
            role is None
            and not speech
            and not body_of
            and not _person_context(b, start, end, sentence_start)
        ):
            continue
        affiliation = (
            _affiliation(b, role or "", title[1] if title else start, start) if role else None
        )
        if affiliation is None and body_of and member is not None:
            affiliation = org_starts[member.end()]
        entity = Entity(new_key("Person", name), "Person", name, False, role, affiliation)
        b.add(entity, Span(start, end), "pattern")


def _spaced_runs(body: str, sentences: Sequence[Sentence]) -> list[tuple[int, int, int, str]]:
    """The runs of `_cap_runs` that hold a space (one capitalized word is never a new
    person's full name), as (sentence start, run start, run end, run).

    Where the body holds no long run (in all prose), no sentence does: a match of
    `_LONG_RUN` within a sentence is one within the body, as the pattern looks neither
    behind nor ahead. Then one look at the body spares each sentence its own, and
    `_WORDS_RUN` serves every sentence.
    """
    found: list[tuple[int, int, int, str]] = []
    if _LONG_RUN.search(body) is not None:
        for sentence in sentences:
            start, end = sentence.span.start, sentence.span.end
            for run_start, run_end in _cap_runs(body, start, end):
                if body.find(" ", run_start, run_end) >= 0:
                    found.append((start, run_start, run_end, body[run_start:run_end]))
        return found
    for sentence in sentences:
        start, end = sentence.span.start, sentence.span.end
        mark = len(found)
        for m in _WORDS_RUN.finditer(body, start, end):
            at = m.start()
            if at > start and not body[at - 1].isspace():  # (see `_WORDS_RUN`)
                del found[mark:]
                runs = _CAP_RUN.finditer(body, start, end)
                found.extend((start, r.start(), r.end(), r[0]) for r in runs if " " in r[0])
                break
            run = m[0]
            if " " in run:
                found.append((start, at, m.end(), run))
    return found


def _cap_runs(body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Runs of capitalized words (and initials) that end in a name-like word, left to right,
    not overlapping, within [start, end), as (start, end) pairs: the matches of `_CAP_RUN`.

    Where no long run makes the regex slow (in all prose), the regex finds them;
    elsewhere `_scan_cap_runs` does, at a cost linear in the text.
    """
    if _LONG_RUN.search(body, start, end) is None:
        for m in _CAP_RUN.finditer(body, start, end):
            yield m.start(), m.end()
    else:
        yield from _scan_cap_runs(body, start, end)


def _scan_cap_runs(body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The matches of `_CAP_RUN` within [start, end), found without its cost: tried at
    every capital letter, the regex walks the rest of the run again each time, so a long
    run of capitals that ends in no name costs its length squared. Here each position's
    next word, and the farthest name its run reaches, are read once."""
    scan = _RunScan(body, end)
    position = start
    while (capital := _RUN_START.search(body, position, end)) is not None:
        stop = scan.farthest_name(capital.start())
        if stop is None:
            position = capital.start() + 1
            continue
        yield capital.start(), stop
        position = stop


class _RunScan:
    """What `_cap_runs` has learnt of one sentence: where a run from each position reaches."""

    def __init__(self, body: str, end: int) -> None:
        self.body = body
        self.end = end
        self.reach: dict[int, int | None] = {}  # position -> end of the last name it reaches
        self.chars = (-1, -1)  # the last run of word characters read, for its inner capitals

    def next_word(self, at: int) -> int | None:
        """Where the run goes on after the capitalized word at `at` and its space, if it does."""
        body = self.body
        if at >= self.end or not body[at].isupper():
            return None
        first, last = self.chars
        if not first <= at < last:  # a capital inside the last word read ends where it did
            chars = _RUN_WORD_CHARS.match(body, at, self.end)
            last = chars.end() if chars else at
            self.chars = (at, last)
        if last < self.end and body[last].isspace():
            return last + 1
        word = _RUN_NAME_WORD.match(body, at, self.end)  # a name with an apostrophe
        return word.end() if word else None

    def farthest_name(self, at: int) -> int | None:
        """The end of the last name-like word the run from `at` reaches (the regex's greedy
        choice), or None."""
        chain = []
        position: int | None = at
        tail: int | None = None
        while position is not None:
            if position in self.reach:
                tail = self.reach[position]
                break
            chain.append(position)
            position = self.next_word(position)
        for position in reversed(chain):
            if tail is None:
                name = _RUN_NAME.match(self.body, position, self.end)
                tail = name.end() if name else None
            self.reach[position] = tail
        return self.reach[at]


def _introduced(b: _Builder) -> dict[str, tuple[list[int], list[str]]]:
    """The people the article introduces by name, by surname: where (in text order) and who."""
    people: dict[str, tuple[list[int], list[str]]] = {}
    named = (m for m in b.mentions if m.entity_type == "Person" and m.how in ("label", "pattern"))
    for m in sorted(named, key=_start):
        starts, keys = people.setdefault(b.entities[m.entity_key].name.split()[-1], ([], []))
        starts.append(m.span.start)
        keys.append(m.entity_key)
    return people


def _person_candidates(
    b: _Builder,
    surname: str,
    position: int,
    published: date | None,
    introduced: dict[str, tuple[list[int], list[str]]],
) -> str | None:
    """The person a bare surname names: the one this article introduced, else a unique KB match."""
    if surname in introduced:
        starts, people = introduced[surname]
        latest = bisect.bisect_left(starts, position)  # the latest introduced before it
        return people[latest - 1] if latest else people[0]
    keys = b.lexicon.short_names.get(surname, ())
    if len(keys) <= 1:
        return keys[0] if keys else None
    before = re.findall(r"[\w.-]+", b.body[max(0, position - 40) : position].lower())
    title_word = before[-1] if before else ""
    year = published.year if published else None
    scored = []
    for key in keys:
        info = b.lexicon.info[key]
        score = 0
        for pos in info.positions:
            if title_word in TITLE_WORDS and any(
                title_word in t.lower().split() for t in pos.titles
            ):
                score += 2
            if (
                year is not None
                and (pos.start is not None or pos.end is not None)
                and pos.covers(year)
            ):
                score += 3
        scored.append((score, key))
    scored.sort(reverse=True)
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def _surnames(b: _Builder, published: date | None) -> None:
    """Bare surnames of people the article names, or that the KB knows as short names."""
    names = {
        b.entities[m.entity_key].name.split()[-1] for m in b.mentions if m.entity_type == "Person"
    }
    names = {n for n in names | b.lexicon.short_names.keys() if len(n) > 2}
    # Surname mentions introduce nobody, so who is introduced is known before the scan.
    introduced = _introduced(b)
    # One scan for capitalized words, then set lookups: no per-article regex to compile.
    for m in _CAPITALIZED.finditer(b.body):
        if m[0] not in names or not b.free(m.start(), m.end()):
            continue
        key = _person_candidates(b, m[0], m.start(), published, introduced)
        if key is None:
            continue
        entity = b.entities.get(key) or b.kb_entity(key)
        b.add(entity, Span(m.start(), m.end()), "surname")


def _first_word_speakers(b: _Builder) -> None:
    """ "spokesperson Hua Chunying said ... Hua said she hopes": a bare word that opens a
    two-word name introduced before, standing as the subject of a speech verb, is that
    person (a family name written first, or a given name used alone)."""
    firsts: dict[str, str] = {}
    named = [m for m in b.mentions if m.entity_type == "Person" and m.how == "pattern"]
    for m in sorted(named, key=_start):
        words = b.entities[m.entity_key].name.split()
        if len(words) == 2:
            firsts.setdefault(words[0], m.entity_key)
    # The scan below tries every capitalized word; it can only take a first word that
    # stands where no mention is yet (its own name is one), which few bodies have: a
    # cheap look for such a place first.
    if not any(_stands_free(b, first) for first in firsts):
        return
    for word in _CAPITALIZED.finditer(b.body):
        key = firsts.get(word[0])
        start, end = word.span()
        if key is None or word[0].lower() in _NOT_NAME or not b.free(start, end):
            continue
        first_mention = min(x.span.start for x in b.mentions if x.entity_key == key)
        if start < first_mention or not _SPEECH_AFTER.match(b.body, end):
            continue
        if not _opens_sentence(b.body, start):
            continue
        b.add(b.entities[key], Span(start, end), "surname")


def _stands_free(b: _Builder, word: str) -> bool:
    """Whether `word` occurs somewhere no mention covers (as a word or inside one)."""
    at = b.body.find(word)
    while at != -1:
        if b.free(at, at + len(word)):
            return True
        at = b.body.find(word, at + 1)
    return False


_GENERIC_ROLES = frozenset({"diplomat", "official"})
# "the Russian leader" is whoever leads the state: a president, premier or leader by title,
# not any Russian official the article named last.
_LEADER_TITLE = re.compile(
    r"^(?!.*\b(?:vice|deputy)\b).*\b(?:leader|president|prime\sminister|premier|chancellor|king)\b",
    re.IGNORECASE,
)
_ROLE_QUALIFIERS = frozenset({"foreign", "deputy", "former", "vice"})


def _fits_role(b: _Builder, entity: Entity, noun: str, state: str | None) -> bool:
    """Whether a person could be "the <state adjective> <noun>" the text refers to."""
    roles = [entity.role or ""]
    states = {entity.affiliation}
    info = b.lexicon.info.get(entity.key)
    for position in info.positions if info else ():
        roles.extend(position.titles)
        states.add(position.state)
    if state is not None and state not in states:
        return False
    if noun in _GENERIC_ROLES:
        # "the Chinese diplomat": any official of that state; "the diplomat": any official
        return state is not None or bool(entity.role) or bool(info and info.positions)
    if noun == "leader":
        return any(_LEADER_TITLE.match(role) for role in roles)
    stem = "spokes" if noun.startswith("spokes") else noun
    return any(stem in role.lower() for role in roles)


def _roles(b: _Builder) -> None:
    """ "the spokesman", "the Russian leader", "the ministry": the latest fitting entity.

    Each kind of role noun remembers how far back it has looked and whom it found, so a
    role noun only looks at the mentions since the last one of its kind: an article full
    of "the spokesman" and nobody who fits does not cost its mentions once per noun.
    """
    earlier: list[Mention] | None = None  # the mentions before this pass, sorted when needed
    added: list[Mention] = []  # role mentions, added in text order
    looked: dict[tuple[str, str | None], tuple[int, Mention | None]] = {}
    for start, end, noun_text, adj in _role_nouns(b.body):
        noun = noun_text.lower()
        state = b.lexicon.demonyms.get(adj) if adj else None
        if adj and state is None and adj.lower() not in _ROLE_QUALIFIERS:
            continue
        if not b.free(start, end):
            continue
        since, found = looked.get((noun, state), (-1, None))
        if earlier is None:
            earlier = sorted(b.mentions, key=_start)
        for prior in _latest_first((earlier, added), since, start):
            entity = b.entities[prior.entity_key]
            if noun == "ministry":
                fits = entity.type == "Organization" and noun in entity.name.lower()
            else:
                fits = entity.type == "Person" and _fits_role(b, entity, noun, state)
            if fits:
                found = prior
                break
        looked[(noun, state)] = (start, found)
        if found is not None:
            added.append(b.add(b.entities[found.entity_key], Span(start, end), "role"))


def _role_nouns(body: str) -> list[tuple[int, int, str, str | None]]:
    """The matches of `_ROLE_NOUN`, in text order, as (start, end, noun, adjective).

    Its alternatives are scanned for one by one, each faster so: where no match of one
    overlaps a match of the other, the scan of both finds what each finds (it tries the
    first alternative, then the second, at each place), so their matches in text order
    are its matches. Where they overlap (hardly ever: a heading "Spokesman" read as the
    adjective of "the"), the scan of both decides.
    """
    found = [(m.start(), m.end(), m["noun"], m["adj"]) for m in _ROLE_AFTER_ARTICLE.finditer(body)]
    if "Spokes" not in body:
        return found
    found += [(m.start(), m.end(), m["hnoun"], None) for m in _ROLE_HEADING.finditer(body)]
    found.sort(key=lambda role: role[0])
    if all(before[1] <= after[0] for before, after in itertools.pairwise(found)):
        return found
    return [
        (m.start(), m.end(), m["noun"] or m["hnoun"], m["adj"]) for m in _ROLE_NOUN.finditer(body)
    ]


def _latest_first(groups: Sequence[Sequence[Mention]], after: int, upto: int) -> Iterator[Mention]:
    """The mentions of lists in text order that end in (after, upto], latest first."""
    parts = []
    for mentions in groups:
        low = bisect.bisect_right(mentions, after, key=_end)
        high = bisect.bisect_right(mentions, upto, key=_end)
        parts.append(reversed(mentions[low:high]))
    return heapq.merge(*parts, key=_start, reverse=True)


def _start(mention: Mention) -> int:
    return mention.span.start


def _end(mention: Mention) -> int:
    return mention.span.end


# "the Senate": read from its "he", the article's letter and what stands before it checked
# behind: a pattern that opens with a string lets the regex engine skip at C speed to where
# the string occurs (see `_CAPITALIZED`), and a pair of letters occurs at fewer places
# than one letter of a pair of cases. (Only the name, group 1, is read from a match.)
_THE_HEAD = re.compile(r"he(?<=[Tt]he)(?<!\w[Tt]he)\s([A-Z][a-z]+)(?![\w-]|\s[A-Z])")


def _bodies_by_head(b: _Builder) -> None:
    """ "The Senate voted": a state's body by the last word of its name, where the KB has
    one such body of a state the article names, or only one at all."""
    if not b.lexicon.body_heads:
        return
    states = {m.entity_key for m in b.mentions if m.entity_type == "State"}
    for m in _THE_HEAD.finditer(b.body):
        bodies = b.lexicon.body_heads.get(m[1])
        if not bodies or not b.free(m.start(1), m.end(1)):
            continue
        named = [body for body in bodies if body.state in states]
        chosen = named or (list(bodies) if len(bodies) == 1 else [])
        if len(chosen) == 1:
            b.add(b.kb_entity(chosen[0].key), Span(m.start(1), m.end(1)), "role")


def _administrations(b: _Builder) -> None:
    """ "the Trump administration" speaks for the president's state."""
    if "dministration" not in b.body:
        return  # (cheap: the pattern is tried at each capitalized word)
    for m in _ADMIN.finditer(b.body):
        if not b.free(m.start(), m.end()):
            continue
        states = {
            position.state
            for key in b.lexicon.short_names.get(m[1], ())
            for position in b.lexicon.info[key].positions
            if position.state
        }
        if len(states) == 1:
            b.add(b.kb_entity(states.pop()), Span(m.start(), m.end()), "pattern")


# The voice after the space that must end its owner's name (see `_VOICE_OWNER`): voices
# inside words ("paramilitary") are not looked at, and few places open the scan.
_VOICE = re.compile(
    r"\s(television|TV|radio|media|news\sagency|government|authorities|officials|military|army)\b"
)
_VOICE_OWNER = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s(?:state\s)?$")


def _state_voices(b: _Builder) -> None:
    """ "North Korean television said" speaks for the state."""
    for voice in _VOICE.finditer(b.body):
        at = voice.start(1)
        owner = _VOICE_OWNER.search(b.body, max(0, at - 40), at)
        if owner is None:
            continue
        state = b.lexicon.demonyms.get(owner[1]) or b.lexicon.demonyms.get(owner[1].split()[-1])
        start = (
            owner.start(1)
            if owner[1] in b.lexicon.demonyms
            else owner.end(1) - len(owner[1].split()[-1])
        )
        if state is not None and b.free(start, voice.end()):
            b.add(b.kb_entity(state), Span(start, voice.end()), "pattern")


def _weapons(b: _Builder, sentences: Sequence[Sentence]) -> None:
    """Designators ("9M729", "SS-20") in sentences that speak of missiles or systems."""
    if _DESIGNATOR_DIGIT.search(b.body) is None:
        return  # (cheap: most bodies have no designator, and few sentences speak of arms)
    for span in _sentences_with(b.body, sentences, _WEAPON_CONTEXT, b.sentence_starts(sentences)):
        for m in _WEAPON_DESIGNATOR.finditer(b.body, span.start, span.end):
            if b.free(m.start(), m.end()):
                b.add(
                    Entity(new_key("Other", m[0]), "Other", m[0], False),
                    Span(m.start(), m.end()),
                    "pattern",
                )


# A treaty's body or conference: "the Chemical Weapons Convention (CWC) Review Conference"
# is the CWC's, whatever body the KB files the owner-less alias "Review Conference" under.
_ACRONYM_BEFORE = re.compile(r"\s\(([A-Z][A-Za-z0-9-]{1,9})\)\s$")


def _treaty_conferences(b: _Builder) -> None:
    """A KB body named by its name without its owner ("Review Conference" of "NPT Review
    Conference") right after another treaty's name is that treaty's ("BWC Review
    Conference"); a bare use of the same alias later in the article is the one named last
    before it (else first after), not the body the KB alias gives."""
    named: dict[tuple[str, str], list[tuple[int, Entity]]] = {}  # (KB key, alias) -> uses
    info = b.lexicon.info
    for mention in [m for m in b.mentions if _ownerless_as(info.get(m.entity_key), m)]:
        start, end = mention.span.start, mention.span.end
        acronym = _ACRONYM_BEFORE.search(b.body, max(0, start - 14), start)
        treaty = b.ending_at(acronym.start() if acronym else start - 1)
        if treaty is None or treaty.entity_type != "Treaty":
            continue
        short = acronym[1] if acronym else _acronym_of(b, treaty)
        name = f"{short} {mention.surface}"
        known = b.lexicon.lookup(name)
        entity = (
            b.kb_entity(known.entity_key, mention.entity_type)
            if known is not None
            else Entity(new_key(mention.entity_type, name), mention.entity_type, name, False)
        )
        b.remove([mention])
        b.add(entity, Span(start, end), "pattern")
        named.setdefault((mention.entity_key, mention.surface), []).append((start, entity))
    for bare in [m for m in b.mentions if (m.entity_key, m.surface) in named]:
        uses = named[(bare.entity_key, bare.surface)]
        before = [e for at, e in uses if at < bare.span.start]
        entity = before[-1] if before else uses[0][1]
        b.remove([bare])
        b.add(entity, bare.span, "pattern")


def _ownerless(b: _Builder, mention: Mention) -> bool:
    """Whether a KB mention of a body or conference is its name without its owner (the
    KB's name is longer and ends with it: "General Assembly", "Review Conference")."""
    return _ownerless_as(b.lexicon.info.get(mention.entity_key), mention)


_OWNED_TYPES = ("Organization", "Other")


def _ownerless_as(info: EntityInfo | None, mention: Mention) -> bool:
    """`_ownerless`, with the KB's entry for the mention already at hand."""
    return (
        info is not None
        and info.type in _OWNED_TYPES
        and mention.surface != info.label
        and info.label.endswith(" " + mention.surface)
    )


def _acronym_of(b: _Builder, mention: Mention) -> str:
    """The shortest one-word all-capitals name the KB gives an entity, else its surface."""
    acronyms = [
        e.label
        for e in b.lexicon.entries
        if e.entity_key == mention.entity_key and e.label.isupper() and " " not in e.label
    ]
    return min(acronyms, key=len) if acronyms else mention.surface


# An organ of a body named with the body as owner ("the OPCW's Executive Council", "the
# International Atomic Energy Agency's Board of Governors"): one organization, named as
# the body's acronym and the organ ("OPCW Executive Council", "IAEA Board of Governors").
_ORGAN = re.compile(
    rf"(?:’s|'s)\s((?:[{UPPER}][{LOWER}]+\s){{0,2}}(?:Council|Board|Commission|Committee|"
    rf"Secretariat)(?:\sof\s[{UPPER}][{LOWER}]+)?)(?![\w-])"
)


def _organs(b: _Builder) -> None:
    """Organs of a KB body the article names with the body as owner; the body keeps its
    own mention."""
    if "’s" not in b.body and "'s" not in b.body:
        return  # (two looks for a string, far cheaper than the scan below)
    for m in _ORGAN.finditer(b.body):
        owner = b.ending_at(m.start())
        if owner is None or owner.entity_type != "Organization" or not owner.entity_key:
            continue
        start, end = m.span(1)
        if " " not in m[1] or not b.free(start, end) or b.lexicon.lookup(m[1]) is not None:
            continue  # "NATO's Council": a bare head names no organ
        acronyms = [
            e.label
            for e in b.lexicon.entries
            if e.entity_key == owner.entity_key and e.label.isupper() and " " not in e.label
        ]
        name = f"{min(acronyms, key=len) if acronyms else owner.surface} {m[1]}"
        b.add(
            Entity(new_key("Organization", name), "Organization", name, False),
            Span(start, end),
            "pattern",
        )


# A facility named by a proper name and a common noun for its kind ("Kubinka airfield",
# "Plesetsk cosmodrome", "Novaya Zemlya test site"): `Other`, the noun part of the name.
_FACILITY_NOUNS = (
    "airfield", "air base", "airbase", "naval base", "cosmodrome", "test site",
    "testing ground", "proving ground", "spaceport", "shipyard",
)  # fmt: skip
_FACILITY_NOUN = "(?:" + "|".join(n.replace(" ", r"\s") for n in _FACILITY_NOUNS) + r")\b"
# The last word of each noun, which every use of it holds: looking for these as strings
# costs a tenth of a scan for the nouns.
_FACILITY_LAST_WORDS = tuple({n.split()[-1]: None for n in _FACILITY_NOUNS})
_FACILITY = re.compile(rf"(?<![\w.-])((?:[{UPPER}][{LOWER}]+\s){{1,2}})" + _FACILITY_NOUN)
# Every match holds a facility noun after a space: few bodies do, and the scan for the
# noun alone is cheap (the full pattern is tried at each capitalized word).
_ANY_FACILITY = re.compile(r"\s" + _FACILITY_NOUN)


def _facilities(b: _Builder) -> None:
    """Named facilities whose name word no rule has read as something else: not a state,
    body or person the KB or the article names, and no demonym ("a Russian airfield")."""
    if not any(word in b.body for word in _FACILITY_LAST_WORDS):
        return
    if _ANY_FACILITY.search(b.body) is None:
        return
    for m in _FACILITY.finditer(b.body):
        start, words = m.start(), m[1].split()
        if len(words) == 2 and (words[0].lower() in _TITLE_STOP or words[0].lower() == "the"):
            start, words = m.start(1) + len(words[0]) + 1, words[1:]  # "At Plesetsk cosmodrome"
        if any(w in b.lexicon.demonyms or w.lower() in _NOT_NAME for w in words):
            continue
        if not _word_starts(b.body, m.start()) or not b.free(start, m.end()):
            continue
        name = b.body[start : m.end()]
        b.add(Entity(new_key("Other", name), "Other", name, False), Span(start, m.end()), "pattern")


_NAME_WORD = rf"(?:[{UPPER}][\w&-]*[\w&]|[{UPPER}])"
# A source the text cites: "told Interfax", "the Tasnim news agency reported", "the
# Ruritanian news agency Balkanpress", "Zentra quoted the minister as saying". A name
# after "told" is one word: two are a person's name as often as an outlet's.
# The cues start with a literal, not \b or \s, which lets the regex engine skip ahead
# fast; the word boundary before them is checked after.
_TOLD = re.compile(
    rf"told\s({_NAME_WORD}(?:\s(?:News|Radio|TV|Television))?)"
    r"(?=[,.;:]|\s(?:on|in|that|late|earlier|last|this|\()|$)"
)
# Words that say what kind of outlet it is without naming one ("State TV quoted").
_MEDIA_WORDS = word_set("tv television radio media press news newspaper daily channel outlet")
_AGENCY_NOUN = re.compile(r"news\sagency\b")
_QUOTING = re.compile(r"quoted\s(?=[^.;]{1,160}?\sas\s(?:saying|telling|stating)\b)")
_NAME_BEFORE = re.compile(
    rf"(?:^|(?<=[\s“\"(]))({_NAME_WORD}(?:\s{_NAME_WORD}){{0,3}})\s"
    r"(?:(?:state|state-run|official|semi-official)\s)?$"
)
_NAME_AFTER = re.compile(rf",?\s({_NAME_WORD}(?:\s{_NAME_WORD}){{0,2}})(?=[\s,.;:)]|$)")
_CLAUSE_START = re.compile(r"(?:^|[.,;:“\"]\s|\b[Tt]he\s)$")


def _word_starts(body: str, at: int) -> bool:
    """Whether a word starts at `at` (no letter, digit, dot or hyphen before it)."""
    return at == 0 or not (body[at - 1].isalnum() or body[at - 1] in "_.-")


def _agency_names(body: str) -> Iterator[tuple[int, int]]:
    """Where the names of cited outlets may be, as (start, end) pairs."""
    for m in _TOLD.finditer(body):
        if _word_starts(body, m.start()):
            yield m.span(1)
    for m in _AGENCY_NOUN.finditer(body):
        # "the Ruritanian news agency Balkanpress": a name after the noun makes the word
        # before it an adjective, whether or not the KB knows it as a demonym.
        after = _NAME_AFTER.match(body, m.end())
        before = _NAME_BEFORE.search(body, max(0, m.start() - 80), m.start())
        if after is not None:
            yield after.span(1)
        elif before is not None:
            yield before.span(1)
    for m in _QUOTING.finditer(body):
        if m.start() == 0 or not body[m.start() - 1].isspace():
            continue
        before = _NAME_BEFORE.search(body, max(0, m.start() - 60), m.start())
        if before is not None:
            head = body[max(0, before.start(1) - 6) : before.start(1)]
            if _CLAUSE_START.search(head) or before.start(1) == 0:
                yield before.span(1)


def _names_nothing(b: _Builder, word: str) -> bool:
    """A common word or a demonym; an outlet's kind ("News", "Radio") may end a name."""
    low = word.lower()
    return (low in _NOT_NAME and low not in _MEDIA_WORDS) or word in b.lexicon.demonyms


def _news_agencies(b: _Builder) -> None:
    """Outlets the text cites as a source that the KB does not know: Organizations of
    the news-agency kind (their role). Credits in datelines ("/TASS/") match no cue.
    Words that open the phrase but name nothing ("the", "Iranian") are left out."""
    for start, end in _agency_names(b.body):
        words = list(re.finditer(r"\S+", b.body[start:end]))
        while words and _names_nothing(b, words[0][0]):
            words.pop(0)
        if not words or all(w[0].lower() in _MEDIA_WORDS for w in words):
            continue
        start += words[0].start()
        name = b.body[start:end]
        if (
            not b.free(start, end)
            or any(_names_nothing(b, w[0]) for w in words)
            or b.lexicon.lookup(name) is not None
            or name in b.lexicon.short_names
        ):
            continue
        entity = Entity(new_key("Organization", name), "Organization", name, False, "news agency")
        b.add(entity, Span(start, end), "pattern")


def _owned_bodies(b: _Builder) -> None:
    """ "the Russian foreign ministry", "Russia's Defence Ministry", "the Foreign Ministry
    of Ukraine": the state's body that the KB files under that name, whatever its case. A
    state named as such ("Russia's", "of Ukraine") keeps its own mention; a demonym
    ("Russian") is part of the body's."""
    if b.lexicon.body_pattern is None:
        return
    for m in b.lexicon.body_pattern.finditer(b.body):
        start, end = m.span()
        if not _word_starts(b.body, start) or not b.free(start, end):
            continue
        head = m[0].lower()
        body = None
        owner = _OWNER_OF_BODY.search(b.body, max(0, start - 40), start)
        if owner is not None:
            name, owned = owner[1], owner[2] is not None
            state = _owner_state(b, name, owned)
            if state is None and " " in name:  # "The Russian": the owner is the last word
                name = name.split()[-1]
                state = _owner_state(b, name, owned)
            body = b.lexicon.state_bodies.get((state, head)) if state else None
            if body is not None and not owned:
                start = owner.end(1) - len(name)
        if body is None:
            of = _OF_STATE.match(b.body, end)
            state = _owner_state(b, of[1], True) if of else None
            body = b.lexicon.state_bodies.get((state, head)) if state else None
        if (
            body is None
            and (owner is None or owner[1] == "The")
            and (
                _DEFINITE.search(b.body, max(0, start - 4), start)
                or (b.body[start].isupper() and _opens_sentence(b.body, start))
            )
        ):
            # "the Foreign Ministry", or "Foreign Ministry spokesman Jane Roe said" opening
            # a sentence, with no state named: the ministry of the state the article
            # speaks of, the one named last before it (or first after it).
            state = _state_in_discussion(b, start)
            body = b.lexicon.state_bodies.get((state, head)) if state else None
        if body is not None and b.free(start, end):
            b.add(b.kb_entity(body), Span(start, end), "pattern")


_DEFINITE = re.compile(r"\b[Tt]he\s$")
_SENTENCE_GAP = re.compile(r"(?:[.!?:]|[.!?][\"”’)])\s+$|\n\s*$")


def _opens_sentence(body: str, start: int) -> bool:
    return start == 0 or _SENTENCE_GAP.search(body, max(0, start - 6), start) is not None


def _state_in_discussion(b: _Builder, position: int) -> str | None:
    """The state named last before `position`, else the first named after it."""
    states = [m for m in b.mentions if m.entity_type == "State"]
    before = [m for m in states if m.span.start < position]
    if before:
        return max(before, key=_start).entity_key
    after = [m for m in states if m.span.start > position]
    return min(after, key=_start).entity_key if after else None


_OWNER_OF_BODY = re.compile(r"(?<![\w.-])([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(['’]s)?\s$")
_OF_STATE = re.compile(r"\sof\s(?:the\s)?([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}?)(?![\w-])(?!\s[A-Z])")


def _owner_state(b: _Builder, owner: str, owned: bool) -> str | None:
    """The state a body's owner names: a demonym ("Russian"), or a state's own name
    (before "'s", after "of")."""
    if not owned:
        return b.lexicon.demonyms.get(owner)
    entry = b.lexicon.lookup(owner)
    return entry.entity_key if entry is not None and entry.entity_type == "State" else None


_TITLE_THEN_NAME = re.compile(rf"\s(?:[{UPPER}][{LOWER}]|[{UPPER}]\.)")
# Words before a title that make it another office or another time: "a former US
# President", "the Deputy UN Secretary-General".
_NOT_THE_HOLDER = re.compile(
    r"\b(?:a|an|former|ex|late|then|future|next|previous|deputy|vice|assistant|under|acting"
    r"|every|any|each|no)[\s-]$",
    re.IGNORECASE,
)


# A sentence stating a rule, not an act: an indefinite subject with a modal ("a state
# must deposit ... with the UN Secretary-General") or a present-tense verb ("a withdrawal
# takes effect after the Secretary-General receives it"), or a bare plural opening it so
# ("Instruments are deposited with the depositary, the UN Secretary-General"). A title there
# names the office, whoever holds it, not a person.
_RULE_SENTENCE = re.compile(
    r"\b(?:[Aa]n?|[Aa]ny|[Ee]ach|[Ee]very)\s(?:[a-z-]+\s)?[a-z-]+\s(?:[a-z]+ly\s)?"
    r"(?:must|shall|may|can|(?!was\b|has\b|is\b|says\b)[a-z]+[^s\W]s)\b"
    r"|^[A-Z][a-z]+s\s(?:[a-z]+ly\s)?(?:are|must|shall|may|can|take|enter|become)\b"
)


# An office in its treaty role: the depositary that instruments are deposited with ("will
# be deposited with the UN Secretary-General", "the treaty's depositary, the UN
# Secretary-General") is the office, whoever holds it.
_DEPOSITARY = re.compile(r"\bdeposit(?:s|ed|ing|ary)?\b")


def _in_rule_sentence(body: str, sentences: Sequence[Sentence], position: int) -> bool:
    index = bisect.bisect_right(sentences, position, key=lambda s: s.span.start) - 1
    if index < 0:
        return False
    text = sentences[index].text(body)
    return _RULE_SENTENCE.search(text) is not None or _DEPOSITARY.search(text) is not None


def _title_aliases(b: _Builder, sentences: Sequence[Sentence], published: date | None) -> None:
    """A title standing for the one person who held it when the article appeared
    ("POTUS", "the UN chief"), where the KB dates that person's term; an owner named in
    the title ("UN") keeps its own mention."""
    if published is None or b.lexicon.title_pattern is None:
        return
    for m in b.lexicon.title_pattern.finditer(b.body):
        if not _word_starts(b.body, m.start()):
            continue
        if _in_rule_sentence(b.body, sentences, m.start()):
            continue
        if _TITLE_THEN_NAME.match(b.body, m.end()):
            continue  # "UN chief Jane Roe": a title before a name, not instead of one
        if _NOT_THE_HOLDER.search(b.body, max(0, m.start() - 12), m.start()):
            continue
        holders = {
            key
            for key, position in b.lexicon.titles.get(m[0], ())
            if position.since is not None and position.held_on(published)
        }
        if len(holders) != 1:
            continue
        start = m.start()
        for inner in b.inside(m.start(), m.end()):
            if inner.span.start == start:
                start = inner.span.end + 1
        if start < m.end() and b.free(start, m.end()):
            key = holders.pop()
            b.add(b.entities.get(key) or b.kb_entity(key), Span(start, m.end()), "role")


def find_entities(
    body: str, sentences: Sequence[Sentence], lexicon: Lexicon, *, published: date | None = None
) -> ArticleEntities:
    """Every entity the article names, linked to the KB where the KB knows it.

    >>> from treatykg.ingest.lexicon import LexiconEntry
    >>> from treatykg.ingest.text import segment
    >>> lex = Lexicon.from_entries([LexiconEntry("Moscow", "state/russia", "State")])
    >>> body = "Deputy Foreign Minister Jane Roe said Moscow agreed. Roe spoke first."
    >>> found = find_entities(body, segment(body), lex)
    >>> [(m.surface, m.how) for m in found.mentions]
    [('Jane Roe', 'pattern'), ('Moscow', 'label'), ('Roe', 'surname')]
    >>> found.entities["new/person/jane-roe"].role
    'Deputy Foreign Minister'
    """
    b = _Builder(body, lexicon)
    _kb_mentions(b)
    _owned_bodies(b)
    _title_aliases(b, sentences, published)
    _administrations(b)
    _acronyms(b)
    _treaty_conferences(b)
    _phrases(b, sentences, _TREATY_HEAD, _TREATY_PHRASE, "Treaty")
    _phrases(b, sentences, _ORG_HEAD, _ORG_PHRASE, "Organization")
    _people(b, sentences)
    _surnames(b, published)
    _first_word_speakers(b)
    _roles(b)
    _bodies_by_head(b)
    _news_agencies(b)
    _state_voices(b)
    _weapons(b, sentences)
    _facilities(b)
    _organs(b)
    mentions = b.mentions  # ArticleEntities sorts them by position
    used = {m.entity_key for m in mentions}
    entities = {k: v for k, v in b.entities.items() if k in used}
    return ArticleEntities(entities, mentions)
