"""Which treaty an event concerns when the text does not name it: "the treaty", "the
deal", a sentence opening with "It", an understood object, a description the text ties to
a name ("a treaty on naval drills; it became known as the Sea Pact"); and when a named
treaty is not the one meant ("the 2015 agreement", "a new arms treaty", the agent of "was
replaced by START II"). The words are data in resources/treaty_refs.toml."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from treatykg.ingest.cues import cue_regex, inflections, load_resource, sought
from treatykg.ingest.lexicon import LexiconEntry
from treatykg.ingest.records import Mention, Span

__all__ = [
    "TREATY_NOUN",
    "another_year",
    "beside_quotes",
    "charges_breach",
    "described_treaties",
    "family_object",
    "named_by_occasions",
    "names_treaty_noun",
    "no_object_follows",
    "pronoun_object",
    "refers_by_pronoun",
    "refers_to_treaty",
    "tied_names",
    "treaties_of",
    "treaty_of_year",
    "unnamed_object",
    "unnamed_subject",
]

_DATA = load_resource("treaty_refs.toml")
_NOUNS = cue_regex(_DATA["nouns"])
# "The treaty", "this deal", "a key nuclear arms reduction treaty": a treaty referred to
# without its name. The noun is found first (cheap), its determiner then looked for.
TREATY_NOUN = re.compile(_NOUNS, re.IGNORECASE)
# The same nouns in small letters, matched without IGNORECASE on the text `cues.folded`
# (about twice as fast), where that finds the same places: ASCII nouns, a foldable text.
_NOUNS_LOWER = (
    re.compile(cue_regex([n.lower() for n in _DATA["nouns"]]))
    if all(n.isascii() for n in _DATA["nouns"])
    else None
)
_DETERMINED = sought(
    re.compile(cue_regex(_DATA["determiners"]) + r"\s(?:[\w-]+\s){0,3}$", re.IGNORECASE)
)
_OTHER_DEAL = sought(
    re.compile(
        cue_regex(load_resource("triggers.toml")["lists"]["other_deals"]) + r"\s$", re.IGNORECASE
    )
)
_REFERS_ALONE = frozenset(_DATA["refers_alone"])
_IT = re.compile(
    r"It\s(?!"
    + cue_regex(_DATA["dummy_it_verbs"])[2:-2]
    + r"\s(?:not\s)?"
    + cue_regex(_DATA["dummy_it_predicates"])
    + ")"
)
_HAPPENING = sorted(
    {form for lemma in _DATA["happening_verbs"] for form in inflections(lemma, forms=("s", "ed"))}
)
_NO_OBJECT = re.compile(r"\s*(?:[,.;)]|" + cue_regex([*_DATA["no_object"], *_HAPPENING]) + ")")
_PRONOUN_OBJECT = re.compile(r"\s+" + cue_regex(_DATA["object_pronouns"]) + _NO_OBJECT.pattern)
# Nouns a pronoun object may stand for instead of the treaty ("the law took effect the day
# Putin signed it"): triggers.toml's [lists] instruments.
_INSTRUMENT = sought(
    re.compile(cue_regex(load_resource("triggers.toml")["lists"]["instruments"]), re.IGNORECASE)
)
_DEFINITE_ONLY = frozenset(_DATA["definite_only"])
_DEFINITE = re.compile(cue_regex(_DATA["definite"]) + r"\s(?:[\w-]+\s){0,2}$", re.IGNORECASE)
_OWN_COMPLEMENT = re.compile(r"\s+" + cue_regex(_DATA["own_complement"]), re.IGNORECASE)
_ARTICLE_NOUNS = [n for n in _DATA["nouns"] if n != "convention" and n not in _DEFINITE_ONLY]
# "signed a new strategic arms treaty": the object is a treaty the text does not name.
_UNNAMED_OBJECT = re.compile(
    r"\s(?:a|an)\s(?:[\w-]+\s){0,4}?" + cue_regex(_ARTICLE_NOUNS), re.IGNORECASE
)
_YEAR_TREATY = re.compile(
    r"\b(?:the|a|its|this)\s(?P<year>1[89]\d\d|20\d\d)\s(?:[\w-]+\s){0,3}?" + _NOUNS,
    re.IGNORECASE,
)
# The year such a phrase holds, with the spaces around it: a fast first look (a pattern
# opening with a character class is skipped through by the regex engine), as most
# sentences hold no year at all.
_YEAR_WORD = re.compile(r"\s(?:1[89]\d\d|20\d\d)\s")
# The nouns' patterns asked only whether a noun stands in a span (`cues.sought`).
_TREATY_NOUN_SOUGHT = sought(TREATY_NOUN)
_NOUNS_LOWER_SOUGHT = sought(_NOUNS_LOWER) if _NOUNS_LOWER is not None else None


def _treaty_nouns(body: str, low: str | None, span: Span) -> Iterator[re.Match[str]]:
    """`TREATY_NOUN`'s matches inside `span`, found on `low` (the body `cues.folded`, or
    None) where that finds the same places: their offsets are the body's."""
    if low is not None and _NOUNS_LOWER is not None:
        return _NOUNS_LOWER.finditer(low, span.start, span.end)
    return TREATY_NOUN.finditer(body, span.start, span.end)


def names_treaty_noun(body: str, low: str | None, span: Span) -> bool:
    """Whether a treaty noun ("treaty", "deal") stands inside `span` (`low`: the body
    `cues.folded`, or None).

    >>> names_treaty_noun("They signed the Pact.", None, Span(0, 21))
    True
    """
    if low is not None and _NOUNS_LOWER_SOUGHT is not None:
        return _NOUNS_LOWER_SOUGHT.search(low, span.start, span.end) is not None
    return _TREATY_NOUN_SOUGHT.search(body, span.start, span.end) is not None


def refers_to_treaty(body: str, span: Span, low: str | None = None) -> bool:
    """Whether a sentence refers to a treaty by a common noun ("the treaty", "the deal").
    `low`, the body `cues.folded` when the caller has it, makes the nouns faster to find.

    >>> text = "Moscow left the treaty. They signed a peace deal."
    >>> refers_to_treaty(text, Span(0, 23)), refers_to_treaty(text, Span(24, len(text)))
    (True, False)
    """
    for noun in _treaty_nouns(body, low, span):
        head_start = max(span.start, noun.start() - 40)
        if _OTHER_DEAL.search(body, head_start, noun.start()):
            return False
        word = body[noun.start() : noun.end()].lower()  # `low` may have spaces plained
        if word in _DEFINITE_ONLY:
            if _bare_definite(body, head_start, noun):
                return True
            continue
        if word in _REFERS_ALONE or _DETERMINED.search(body, head_start, noun.start()):
            return True
    return False


def _bare_definite(body: str, head_start: int, noun: re.Match[str]) -> bool:
    """Whether a noun that names a treaty by its purpose is definite and has no complement
    of its own: "the test ban" refers back, "a ban", "the ban on imports" do not."""
    return (
        _DEFINITE.search(body, head_start, noun.start()) is not None
        and _OWN_COMPLEMENT.match(body, noun.end()) is None
    )


def refers_by_pronoun(body: str, span: Span) -> bool:
    """ "New START was signed in 2010. It was extended in 2021.": right after a treaty is
    named, a sentence opening with "It" is about that treaty (not "It is clear that ...")."""
    return _IT.match(body, span.start) is not None


def no_object_follows(body: str, end: int) -> bool:
    """Whether the words after a trigger show it takes no object ("would withdraw in six
    months", "Lima signed too"), so the treaty under discussion is the one left.

    >>> no_object_follows("Lima signed too.", 11), no_object_follows("signed the pact", 6)
    (True, False)
    """
    return _NO_OBJECT.match(body, end) is not None


def pronoun_object(body: str, sentence_start: int, end: int) -> bool:
    """Whether the trigger ending at `end` takes only a pronoun ("has not ratified it",
    "signed it in 1998") that may stand for the treaty under discussion: not when the
    sentence names a law or a bill it may stand for ("the law took effect the day Putin
    signed it"), nor when more follows ("signed it into law").

    >>> pronoun_object("Peru has not ratified it.", 0, 21), pronoun_object("signed it into law", 0, 6)
    (True, False)
    >>> pronoun_object("The law took effect the day Putin signed it.", 0, 40)
    False
    """
    return (
        _PRONOUN_OBJECT.match(body, end) is not None
        and _INSTRUMENT.search(body, sentence_start, end) is None
    )


def unnamed_object(body: str, trigger: Span) -> bool:
    """Whether the trigger's object is a treaty the text does not name ("signed a new arms
    treaty, replacing START I" is not START I)."""
    text = body[trigger.start : trigger.end]
    return bool(_UNNAMED_OBJECT.match(body, trigger.end) or _UNNAMED_OBJECT.search(" " + text))


def treaties_of(mentions: Sequence[Mention], trigger: Span, body: str = "") -> list[str]:
    """The treaties a sentence's trigger concerns: its first named treaty, or the list
    after the trigger ("withdrawn from A, B and C"), but not the agent of a passive after
    it when a treaty stands before ("START I was replaced by START II": START I).

    >>> body = "START I was replaced by START II."
    >>> one = Mention("treaty/start-i", "Treaty", "START I", Span(0, 7))
    >>> two = Mention("treaty/start-ii", "Treaty", "START II", Span(24, 32))
    >>> treaties_of([one, two], Span(12, 20), body)
    ['treaty/start-i']
    """
    treaties = [m for m in mentions if m.entity_type == "Treaty"]
    if not treaties:
        return []
    after = [m for m in treaties if m.span.start >= trigger.start]
    if len(after) < len(treaties):
        after = [
            m for m in after if not _BY_AGENT.search(body, max(0, m.span.start - 4), m.span.start)
        ]
    antecedent = _relative_antecedent(body, treaties, trigger)
    if antecedent is not None:
        return [antecedent]
    keys = list(dict.fromkeys(m.entity_key for m in treaties))
    if (
        after
        and len(after) < len(treaties)
        and _CLAUSE_BREAK.search(body, trigger.end, after[0].span.start)
    ):
        # "START II had never entered into force and that the Moscow Treaty ...": a treaty
        # past a new clause is that clause's, the one before the trigger is its subject.
        after = []
    if len(keys) > 1 and after:
        listed = after[:1]
        for m in after[1:]:
            if not _LISTED.fullmatch(body, listed[-1].span.end, m.span.start):
                break  # "joining the TPNW, saying it would rather work through the NPT"
            listed.append(m)
        return list(dict.fromkeys(m.entity_key for m in listed))
    before = [m for m in treaties if m.span.end <= trigger.start]
    if before and _MODIFIED.fullmatch(body, before[-1].span.end, trigger.start):
        # "the Moscow Treaty signed by Bush and Putin", "New START, signed in Prague,": a
        # participle right after its treaty.
        return [before[-1].entity_key]
    return keys[:1]


def _relative_antecedent(body: str, treaties: Sequence[Mention], trigger: Span) -> str | None:
    """The treaty a relative clause holding the trigger is about: "START II, which the
    Duma ratified in 2000 on condition that the ABM Treaty survive" ratified START II, a
    fronted object; not when the trigger has an object of its own ("Chile, which ratified
    the NPT") or the clause has ended before the trigger.

    >>> body = "START II, which Moscow ratified, outlived the ABM Treaty."
    >>> two = Mention("treaty/start-ii", "Treaty", "START II", Span(0, 8))
    >>> abm = Mention("treaty/abm", "Treaty", "ABM Treaty", Span(45, 55))
    >>> _relative_antecedent(body, [two, abm], Span(23, 31))
    'treaty/start-ii'
    """
    before = [m for m in treaties if m.span.end <= trigger.start]
    if not before:
        return None
    opener = _RELATIVE.match(body, before[-1].span.end)
    if opener is None or _CLAUSE_END.search(body, opener.end(), trigger.start):
        return None
    if _OBJECT_AFTER.match(body, trigger.end) and any(
        m.span.start >= trigger.end for m in treaties
    ):
        return None  # "the protocol, which amended the treaty": the trigger's own object
    return before[-1].entity_key


# A relative clause opening right after a name ("START II, which", "the pact, whose text").
_RELATIVE = re.compile(r",\s(?:which|whose\s[\w-]+)\s")
_CLAUSE_END = re.compile(r"[,;:()—–]")
_OBJECT_AFTER = re.compile(r"\s(?:the\s|its\s)?[A-Z]")
_BY_AGENT = re.compile(r"\bby\s$")
# Between two treaties of one list: "A, B and C", "A or B", "the A and the B".
_LISTED = re.compile(r"(?:\s*,\s*(?:and\s|or\s)?|\s(?:and|or|nor|as well as)\s)(?:the\s)?")
_CLAUSE_BREAK = re.compile(
    r"[;]|\s(?:and|but|while|whereas)\s(?:that|then)\s|,\s(?:but|while|whereas)\s"
)
_MODIFIED = re.compile(r",?\s(?:\w+ly\s)?")  # "the Moscow Treaty signed", "New START, signed"


def treaty_of_year(
    body: str, span: Span, earlier: Sequence[str], years: Mapping[str, int]
) -> str | None:
    """ "the 2015 nuclear deal" after the JCPOA was named: the latest treaty named before
    that was made in the year the description gives (None when none was)."""
    if _YEAR_WORD.search(body, span.start, span.end) is None:
        return None
    for m in _YEAR_TREATY.finditer(body, span.start, span.end):
        year = int(m["year"])
        found = next((key for key in reversed(earlier) if years.get(key) == year), None)
        if found is not None:
            return found
    return None


def another_year(body: str, span: Span, signed: int) -> bool:
    """Whether the sentence speaks of "the <year> ... treaty" with a year other than `signed`."""
    if _YEAR_WORD.search(body, span.start, span.end) is None:
        return False
    return any(int(m["year"]) != signed for m in _YEAR_TREATY.finditer(body, span.start, span.end))


_DESCRIBED = _DATA["described"]
# "a treaty on the limitation of strategic weapons": a treaty noun, a link word, and the
# description up to the next punctuation.
_DESCRIPTION = re.compile(
    _NOUNS + r"\s" + cue_regex(_DESCRIBED["links"]) + r"\s(?P<words>[^,;:.()—–“”\"]{3,120})",
    re.IGNORECASE,
)
_NAMING = re.compile(cue_regex(_DESCRIBED["naming"]) + r"\s(?:the\s)?[“\"‘']?$", re.IGNORECASE)
# A name in apposition: a comma, dash or bracket right before it ("..., the Moscow Treaty").
_APPOSED = re.compile(r"\s?[,(—–]\s*(?:the\s)?[“\"‘']?$", re.IGNORECASE)
_STOPWORDS = frozenset(_DESCRIBED["stopwords"])
_NAMING_REACH = 40  # characters before a name that may hold its naming phrase


def _words(description: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[\w-]+", description.lower()) if w not in _STOPWORDS)


def _description(body: str, start: int, end: int) -> frozenset[str]:
    """The content words of the first treaty description between two offsets (empty if none)."""
    found = _DESCRIPTION.search(body, start, end)
    return _words(found["words"]) if found else frozenset()


def described_treaties(
    body: str, sentences: Sequence[Span], mentions: Iterable[Mention]
) -> dict[int, str]:
    """The treaty each sentence's unnamed description names, by the sentence's start.

    A name given by a naming phrase ("known as", "under the abbreviation") ties it to the
    description before it in its own sentence, or, when it describes nothing itself
    ("The treaty, known as SORT, ..."), to the description of the sentence before; a name
    in apposition right after a description names it ("a treaty on cutting warheads, the
    Moscow Treaty,"); a description elsewhere with the same content words is that treaty
    too.

    >>> body = "They signed a treaty on naval drills. The pact, known as Sea Pact, held."
    >>> sea = Mention("treaty/sea", "Treaty", "Sea Pact", Span(57, 65))
    >>> described_treaties(body, [Span(0, 37), Span(38, len(body))], [sea])
    {0: 'treaty/sea'}
    """
    index = {s.start: i for i, s in enumerate(sentences)}
    starts = sorted(index)
    named: dict[frozenset[str], str] = {}  # a description -> the treaty it was named
    tied: dict[int, str] = {}
    for m in mentions:
        if m.entity_type != "Treaty":
            continue
        at = _sentence_of(starts, m.span.start)
        if at is None:
            continue
        apposed = _APPOSED.search(body, max(at, m.span.start - 8), m.span.start)
        own = _apposed_description(body, at, apposed.start()) if apposed else frozenset()
        if own:
            named.setdefault(own, m.entity_key)
            tied.setdefault(at, m.entity_key)
            continue
        if not _NAMING.search(body, max(at, m.span.start - _NAMING_REACH), m.span.start):
            continue
        own = _description(body, at, m.span.start)
        if own:
            named.setdefault(own, m.entity_key)
            tied.setdefault(at, m.entity_key)
            continue
        before = index[at] - 1
        if before >= 0 and _description(body, sentences[before].start, sentences[before].end):
            tied.setdefault(sentences[before].start, m.entity_key)
    if not named:
        return tied  # no description was named: none elsewhere can match one
    for sentence in sentences:
        if sentence.start in tied:
            continue
        words = _description(body, sentence.start, sentence.end)
        if words in named:
            tied[sentence.start] = named[words]
    return tied


# The subject of a sentence that names what the sentence before described: "The deal,
# formally the JCPOA, ...", "The pact (known as SORT)": a definite treaty noun, then the
# name in apposition.
_TIED_SUBJECT = re.compile(
    r"\s*(?:the|this|that)\s(?:[\w-]+\s){0,2}?"
    + _NOUNS
    + r"\s?[,(—–]\s*(?:"
    + cue_regex(_DESCRIBED["naming"])
    + r"\s)?(?:the\s)?[“\"‘']?$",
    re.IGNORECASE,
)


def tied_names(body: str, sentence: Span, mentions: Iterable[Mention]) -> list[str]:
    """The treaties a sentence names in apposition to its anaphoric subject ("The
    agreement, formally the JCPOA, ..."): a description in the sentence before is tied
    to them (guidelines v2); a treaty the sentence merely names is not.

    >>> body = "The deal, formally the Sea Pact, held."
    >>> sea = Mention("treaty/sea", "Treaty", "Sea Pact", Span(23, 31))
    >>> tied_names(body, Span(0, len(body)), [sea]), tied_names("The Sea Pact held.", Span(0, 18), [])
    (['treaty/sea'], [])
    """
    return [
        m.entity_key
        for m in mentions
        if m.entity_type == "Treaty" and _TIED_SUBJECT.fullmatch(body, sentence.start, m.span.start)
    ]


def _apposed_description(body: str, start: int, mark: int) -> frozenset[str]:
    """The content words of a description that runs up to a mark of apposition."""
    found = list(_DESCRIPTION.finditer(body, start, mark))
    last = found[-1] if found else None
    return _words(last["words"]) if last is not None and last.end() == mark else frozenset()


def _sentence_of(starts: Sequence[int], position: int) -> int | None:
    """The start of the sentence holding a position (sentences given by their starts)."""
    i = bisect.bisect_right(starts, position) - 1
    return starts[i] if i >= 0 else None


_OCCASIONS = frozenset(_DESCRIBED["occasions"])


def named_by_occasions(
    mentions: Sequence[Mention], lookup: Callable[[str], LexiconEntry | None] | None
) -> list[Mention]:
    """The mentions with, for each occasion named after a treaty ("the NPT Review
    Conference", an `Other` entity), a mention of that treaty over its name's words too;
    an organization ("the CTBTO") names no treaty.

    >>> npt = LexiconEntry("NPT", "treaty/npt", "Treaty")
    >>> conf = Mention("other/npt-revcon", "Other", "NPT Review Conference", Span(4, 25))
    >>> [(m.entity_key, m.span) for m in named_by_occasions([conf], {"NPT": npt}.get)][1:]
    [('treaty/npt', Span(start=4, end=7))]
    """
    if lookup is None:
        return list(mentions)
    found = list(mentions)
    for m in mentions:
        if m.entity_type != "Other":
            continue
        words = m.surface.split()
        if not _OCCASIONS & set(words):
            continue
        for size in range(len(words) - 1, 0, -1):
            name = " ".join(words[:size])
            entry = lookup(name)
            if entry is not None and entry.entity_type == "Treaty":
                span = Span(m.span.start, m.span.start + len(name))
                found.append(Mention(entry.entity_key, "Treaty", name, span, m.how))
                break
    return found


_FAMILY = _DATA["family"]
_NOT_WITHIN = cue_regex(_FAMILY["not_within"])
# "abandon all of its remaining arms pacts", "quit several accords": a plural of treaties
# after the trigger, maybe after a preposition, with no list or count inside.
# A quantifier, up to three words that are no list or count, and a plural of treaties.
_FAMILY_PLURAL = (
    cue_regex(_FAMILY["quantifiers"])
    + r"\s(?:of\s(?:the\s)?)?(?:(?!"
    + _NOT_WITHIN
    + r")[\w-]+\s){0,3}?"
    + cue_regex(_FAMILY["plurals"])
)
_FAMILY_OBJECT = re.compile(
    r"\s(?:(?:from|of|out\sof|to)\s)?(?:all\s(?:of\s)?)?" + _FAMILY_PLURAL, re.IGNORECASE
)


# The same plural as the end of a trigger that holds its object ("might abandon the
# remaining START treaties").
_FAMILY_ENDING = sought(re.compile(r"\s" + _FAMILY_PLURAL + "$", re.IGNORECASE))
_FAMILY_REACH = 80
# The plural that must end such a trigger, looked for first over the few characters it can
# span: most triggers end in a verb, and this turns them away without the long search.
_PLURAL_ENDING = sought(re.compile(cue_regex(_FAMILY["plurals"]) + "$", re.IGNORECASE))
_PLURAL_REACH = (  # (words with a space or "*" may run longer: then the whole reach)
    max(map(len, _FAMILY["plurals"]))
    if not any(" " in w or "*" in w for w in _FAMILY["plurals"])
    else _FAMILY_REACH
)


def family_object(body: str, end: int) -> bool:
    """Whether the trigger ending at `end` acts on a family of treaties ("may abandon all
    of its remaining arms pacts"): the event stands without one treaty; "withdrew from the INF
    and Open Skies treaties" lists named ones instead.

    >>> body = "Moscow may abandon all of its remaining arms pacts."
    >>> family_object(body, 18), family_object("left the A and B treaties", 4)
    (True, False)
    """
    return _FAMILY_OBJECT.match(body, end) is not None or (
        _PLURAL_ENDING.search(body, max(0, end - _PLURAL_REACH), end) is not None
        and _FAMILY_ENDING.search(body, max(0, end - _FAMILY_REACH), end) is not None
    )


_AUXILIARIES = cue_regex(_DATA["unnamed_subject"]["auxiliaries"])
# "a follow-up agreement on naval forces was concluded": an indefinite treaty noun, maybe
# described, then auxiliaries, right before the trigger.
_UNNAMED_SUBJECT = sought(
    re.compile(
        r"\b(?:a|an)\s(?:[\w-]+\s){0,4}?"
        + cue_regex(_ARTICLE_NOUNS)
        + r"(?:\s"
        + cue_regex(_DESCRIBED["links"])
        + r"\s[^,;:.()—–“”\"]{1,100}?)?\s(?:"
        + _AUXILIARIES
        + r"\s){0,3}$",
        re.IGNORECASE,
    )
)
_SUBJECT_REACH = 160  # characters before a trigger where its subject may start


def unnamed_subject(body: str, sentence_start: int, trigger: Span) -> bool:
    """Whether the trigger's subject is a treaty the text does not name ("In 1996, a
    separate accord on naval patrols was signed"): not the treaty under discussion.

    >>> body = "In 1996, a separate accord on naval patrols was signed."
    >>> unnamed_subject(body, 0, Span(48, 54)), unnamed_subject("The pact was signed.", 0, Span(9, 19))
    (True, False)
    """
    start = max(sentence_start, trigger.start - _SUBJECT_REACH)
    return _UNNAMED_SUBJECT.search(body, start, trigger.start) is not None


def beside_quotes(
    body: str, sentence: Span, mentions: Sequence[Mention], quotes: Sequence[Span], at: int
) -> tuple[list[Mention], bool] | None:
    """For a trigger outside the quotations of its sentence ("..., the ministry said once
    both leaders had spoken by phone"): the sentence's mentions without the treaties
    named inside the quotations, and whether the words outside them refer to a treaty ("the
    treaty"). A treaty the quotation names is the remark's topic, not the call's. None when
    the trigger is quoted or nothing is.

    >>> body = '"New START matters," he said after a call.'
    >>> start = Mention("treaty/new-start", "Treaty", "New START", Span(1, 10))
    >>> beside_quotes(body, Span(0, len(body)), [start], [Span(0, 19)], 36)
    ([], False)
    """
    if not quotes or any(q.start <= at < q.end for q in quotes):
        return None
    inside = [
        m
        for m in mentions
        if m.entity_type == "Treaty" and any(q.start <= m.span.start < q.end for q in quotes)
    ]
    outside = [m for m in mentions if m not in inside]
    bounds = sorted((max(q.start, sentence.start), min(q.end, sentence.end)) for q in quotes)
    pieces, begin = [], sentence.start
    for start, end in bounds:
        pieces.append(Span(begin, start))
        begin = max(begin, end)
    pieces.append(Span(begin, sentence.end))
    return outside, any(p.end > p.start and refers_to_treaty(body, p) for p in pieces)


_CHARGE_REACH = 160  # characters after an accusing word where its charge is stated


def charges_breach(
    body: str, sentence: Span, at: int, mentions: Sequence[Mention], breach: re.Pattern[str]
) -> bool:
    """Whether an accusation at `at` charges a breach of a treaty (guidelines v2): the
    words after it, up to a semicolon, name a treaty or refer to one, or say breaking one
    ("accused Moscow of flouting its obligations"); "accused Washington of ignoring
    warnings" charges none.

    >>> cue = re.compile(r"\\bflout\\w*", re.IGNORECASE)
    >>> body = "Iran accused the US of flouting the deal. Lavrov accused it of lying."
    >>> charges_breach(body, Span(0, 41), 5, [], cue), charges_breach(body, Span(42, 69), 49, [], cue)
    (True, False)
    """
    end = body.find(";", at, sentence.end)
    end = min(sentence.end if end == -1 else end, at + _CHARGE_REACH)
    span = Span(at, end)
    if any(m.entity_type == "Treaty" and at <= m.span.start < end for m in mentions):
        return True
    return breach.search(body, at, end) is not None or refers_to_treaty(body, span)
