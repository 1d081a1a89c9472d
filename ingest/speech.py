"""Speech as events: where a sentence reports speech, who (if anyone nameable) speaks, what
the speech act does, what it reports and which date is the speech's own. The words are in
resources/speech.toml (shared with entities and quotes through `cues`).

Guidelines v2 make each occasion on which a named speaker speaks one event, typed by what
the speech act does; this module answers the questions that decision needs, one sentence
at a time, from the speech frame "SPEAKER <verb> [that] COMPLEMENT".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from treatykg.ingest.cues import (
    SPEECH_VERBS,
    cue_regex,
    cue_stems,
    folded,
    inflections,
    load_resource,
    may_hold,
    plurals,
    sought,
)
from treatykg.ingest.noun_phrases import occasion_of_acts
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import guarded, trie_regex
from treatykg.ingest.timex import Timex

__all__ = [
    "OWNED",
    "REPORTED_APART",
    "SPEECH",
    "WISHES",
    "about_arms",
    "acting_verb",
    "announced",
    "complement_start",
    "denied",
    "denied_content",
    "directed",
    "each_speaker",
    "evaluated_step",
    "evaluates",
    "foreign_title",
    "frame_dates",
    "governing_speaker",
    "habitual_after",
    "intended",
    "later_frames",
    "no_speaker",
    "opens_with_pronoun",
    "owned_acts",
    "pronoun_subject",
    "refers_back",
    "relative_aside",
    "remark_about_arms",
    "reported_content",
    "said_apart",
    "speech_after",
    "starts_object",
    "titled_by",
    "titled_voices",
]

_DATA = load_resource("speech.toml")
_SPEAKERS = _DATA["speakers"]


def _forms(lemmas: Sequence[str], forms: tuple[str, ...]) -> list[str]:
    return sorted({f for lemma in lemmas for f in inflections(lemma, forms=forms)})


# A speech verb, a speech act without "say" ("threatened", "vowed", "denies"), a directive
# in the past ("pressed the senators to"), or a speech noun ("issued a statement"). The
# bare lemma of an act is often a noun ("a vow").
_ACT_CLASSES = ("evaluative", "commissive", "assertive")
_ACTS = _forms([w for c in _ACT_CLASSES for w in _DATA[c]], ("s", "ed", "ing")) + _forms(
    _DATA["directives"], ("ed",)
)
# "delivered remarks", "made brief statements", "gave an address": a light verb and a
# speech noun report speech; the noun alone is a thing said ("the remarks drew criticism").
_LIGHT_NOUN = cue_regex(sorted({f for n in _DATA["light_nouns"] for f in plurals(n)}))[2:-2]
_LIGHT = (
    trie_regex(_forms(_DATA["light_verbs"], ("base", "s", "ed", "en", "ing")))
    + r"\s(?:[a-z][\w-]*\s){0,2}?(?:"
    + _LIGHT_NOUN
    + ")"
)
# (Scanned over whole sentences, many times each: behind a guard on its openings.)
SPEECH = guarded(
    rf"\b(?:{_LIGHT}|{SPEECH_VERBS}|{trie_regex(_ACTS)}|" + cue_regex(_DATA["nouns"])[2:-2] + r")\b"
)
# The plural speech nouns: "Doe and Roe made statements" is one remark each.
_PLURAL_NOUNS = sorted(
    {f for n in _DATA["light_nouns"] for f in plurals(n) if f != n or n.endswith(("ks", "ts"))}
)
_EACH = re.compile(r"(?<!joint\s)" + cue_regex(_PLURAL_NOUNS) + "$", re.IGNORECASE)
# "Obama said after the vote": the occasion the sentence before dated.
_BACK_REFERENCE = sought(
    re.compile(
        cue_regex(_DATA["occasion_prepositions"])
        + r"\s(?:the|that|this)\s(?:[\w-]+\s){0,2}?"
        + cue_regex(_DATA["occasions"]),
        re.IGNORECASE,
    )
)
_THAT = re.compile(r"[\s,:]*(?:that\s)?")
_THAT_CLAUSE = re.compile(r"[^,;.:“”\"]{0,40}?\bthat\b")
# "urged the Duma to ratify", "pressed for ratification": what is urged has not happened.
_DIRECTIVE = sought(
    re.compile(
        cue_regex(_forms(_DATA["directives"], ("base", "s", "ed", "ing")))
        + r"[^;.:“”\"]{0,60}?\b(?:to|for)\s(?:(?:the|a|an|its|their)\s)?$",
        re.IGNORECASE,
    )
)
# The speech acts that announce one's own side's act, by each of their forms.
_ANNOUNCING = {
    form: modality
    for word, modality in _DATA["announce"].items()
    for form in (*inflections(word, forms=("s", "ed", "ing")), word)
}
_ANAPHORIC_OBJECT = re.compile(r"\s" + cue_regex(_DATA["anaphoric_objects"]), re.IGNORECASE)
_NO_SPEAKER = sought(
    re.compile(cue_regex(_SPEAKERS["unnamed"] + _SPEAKERS["documents"]), re.IGNORECASE)
)
# "according to senior officials", "according to a source": an unnamed speaker after it.
_UNNAMED_AFTER = re.compile(
    r"\s(?:(?:an?|the|some|several|two|three|[\w-]+ly|senior|western|[A-Z][\w.]*)\s){0,3}"
    + cue_regex(_SPEAKERS["unnamed"]),
)
# "the government", "the Foreign Ministry": a body that speaks for its state.
_GOVERNING_BODY = re.compile(
    r"\s*(?:the|its|their)\s(?:[\w-]+\s)?" + cue_regex(_SPEAKERS["governing"])[2:-2] + r"\s*",
    re.IGNORECASE,
)
# "the proposal was welcomed", "the move has been criticized": the subject is what the
# speech is about; whoever speaks is unnamed or comes after "by".
_PASSIVE = sought(
    re.compile(r"\b(?:was|were|been|being|is|are|be)\s(?:[\w-]+ly\s)?$", re.IGNORECASE)
)
_HABITUAL = sought(re.compile(cue_regex(_SPEAKERS["habitual"]), re.IGNORECASE))
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|to|from|in|at|for|with|near|by|between|among|on|under)\s(?:the\s)?$"
)
# A title between a state and a name: "Russian Deputy Foreign Minister Sergei Ryabkov".
_TITLE_BETWEEN = re.compile(r"(?:’s|'s)?(?:\s(?:[A-Z][\w.-]*|of|for|the|and))*\s")
_TITLE_REACH = 80
# The capitalized words right before a name (its title) and the nationalities among them.
_TITLE_BEFORE = re.compile(r"(?:[A-Z][\w.-]*\s(?:(?:of|for|the|and)\s)?)+$")
_NATIONALITY = re.compile(r"\b[A-Z][a-z]+(?:ian|an|ese|ish|i|ch)\b")
# "Moscow's proposal that it ship out its uranium": a speech act named by a noun whose
# owner is the speaker.
OWNED = re.compile(
    r"(?:’s|'s)\s(?:[\w-]+\s)?(" + cue_regex(_DATA["owned_nouns"])[2:-2] + r")s?\s(?:that|to)\s",
    re.IGNORECASE,
)
_NAMED = ("Person", "Organization", "State")
_ARMS_WORDS = load_resource("triggers.toml")["cues"]["arms"] + _DATA["arms"]
_ARMS = re.compile(cue_regex(_ARMS_WORDS), re.IGNORECASE)  # the trigger table's and speech's own
# The same words in small letters, matched on the text `folded` without IGNORECASE (twice
# as fast). That finds the same places when the words are ASCII and the text can be
# folded; otherwise `_ARMS` is asked.
_ARMS_LOWER = (
    re.compile(cue_regex([w.lower() for w in _ARMS_WORDS]))
    if all(w.isascii() for w in _ARMS_WORDS)
    else None
)
_ACT_OCCASION = sought(occasion_of_acts(_DATA["treaty_acts"]))  # "the signing ceremony"
_ACT_STEMS = cue_stems(_DATA["treaty_acts"])  # (no act word, no such occasion)
_NOT_ARMS_KIND = re.compile(cue_regex(_DATA["not_arms_kinds"]) + r"[\s-]$", re.IGNORECASE)
# "the decision", "this move", "Moscow's notice", "the U.S. withdrawal": a definite
# reference to a step the article reports.
_STEP_REFERENCE = sought(
    re.compile(
        r"\b(?:[Tt]he|[Tt]his|[Tt]hat|its|their|[A-Z][\w.]*(?:’s|'s))\s(?:[A-Z][\w.-]*\s)?"
        + cue_regex(_DATA["steps"])
        + r"(?!\s(?:that|to|on|for|of|about)\b)"  # "the proposal that ...": judge what follows
    )
)
# The step words alone: looked for first, as most remarks name none, and the reference's
# opening (any capitalized word) is slow to try at every place.
_STEP_WORDS = re.compile(cue_regex(_DATA["steps"]))
_INTENT = sought(
    re.compile(
        cue_regex(_forms(_DATA["intents"], ("base", "s", "ed", "ing")) + _DATA["intent_words"]),
        re.IGNORECASE,
    )
)
_TYPING = _DATA["typing"]
# Types reported beside the speech, not as what it does; types a speaker's wish turns into
# a call for talks.
REPORTED_APART = frozenset(_TYPING["reported_apart"])
WISHES = frozenset(_TYPING["wishes"])
_DATE_REACH = 25  # characters between a speech verb and a date that belongs to its frame


def refers_back(body: str, sentence: Span) -> bool:
    """Whether a sentence refers back to an occasion ("said after the vote")."""
    return _BACK_REFERENCE.search(body, sentence.start, sentence.end) is not None


def reported_content(body: str, sentence: Span, verb: Span) -> Span | None:
    """What indirect speech reports: the clause after the speech verb ("Roe said [that]
    the deal was dead"), up to the end of the sentence; None when the verb ends it.

    >>> body = "Roe said that the deal was dead."
    >>> reported_content(body, Span(0, len(body)), Span(4, 8)).text_of(body)
    'the deal was dead'
    """
    lead = _THAT.match(body, verb.end, sentence.end)
    start = lead.end() if lead else verb.end
    end = sentence.end
    while end > start and body[end - 1] in '.!?"”’ ':
        end -= 1
    if end - start < 3 or body[start] in '“"':
        return None  # nothing said, or a direct quotation (a Quote of its own)
    return Span(start, end)


def speech_after(body: str, verbs: Sequence[re.Match[str]], last_trigger_end: int) -> bool:
    """A cheap first look for `said_apart`: a speech verb with a that-clause after every
    other event's trigger."""
    return any(v.start() >= last_trigger_end and _THAT_CLAUSE.match(body, v.end()) for v in verbs)


def said_apart(body: str, verb: Span, others: Sequence[Span]) -> bool:
    """Whether a speech verb opens a that-clause after every other event's trigger, so that
    it says something of its own rather than reporting those events ("..., Peskov told
    journalists" only attributes them)."""
    return _THAT_CLAUSE.match(body, verb.end) is not None and all(
        t.end <= verb.start for t in others
    )


def directed(body: str, sentence: Span, at: int) -> bool:
    """Whether the words at `at` are what a directive verb urges ("urged the Duma to
    ratify", "pressed for ratification"): a wish, not an act that took place.

    >>> body = "Putin pressed the deputies to ratify it."
    >>> directed(body, Span(0, len(body)), body.index("ratify"))
    True
    """
    return _DIRECTIVE.search(body, max(sentence.start, at - 90), at) is not None


def no_speaker(body: str, sentence: Span, verb: Span, mentions: Sequence[Mention]) -> bool:
    """Whether speech gives no event for want of a speaker or of an occasion: its subject
    is unnamed or generic ("officials say", "the remaining parties said"), a document
    ("the draft resolution underscored"), or the speech is habitual ("has repeatedly
    denied").

    The subject is what stands between the last name before the verb and the verb, after
    an appositive's comma ("Putin, speaking to party members, said" is Putin); a name
    after a preposition ("sources close to the Kremlin said") is inside the subject.
    "According to officials" names its speaker after the words.
    """
    if body[verb.start : verb.end].lower() == "according to":
        return _UNNAMED_AFTER.match(body, verb.end) is not None
    subject = _subject(body, sentence, verb, mentions)
    if _GOVERNING_BODY.fullmatch(subject):
        return False  # "the government said": the state's (`governing_speaker`)
    return bool(
        _NO_SPEAKER.search(subject)
        or _HABITUAL.search(subject)
        or _PASSIVE.search(subject)
        or habitual_after(body, verb)
    )


def _subject(body: str, sentence: Span, verb: Span, mentions: Sequence[Mention]) -> str:
    """The words of a speech verb's subject that no name covers: what stands between the
    last name before the verb (not one after a preposition) and the verb, after an
    appositive's comma."""
    start = sentence.start
    for m in reversed(mentions):
        if m.span.end > verb.start or m.entity_type not in _NAMED:
            continue
        if not _PREPOSITION_BEFORE.search(body, max(start, m.span.start - 12), m.span.start):
            start = m.span.end
            break
    subject = body[start : verb.start]
    return subject[subject.rfind(",") + 1 :]


def governing_speaker(
    body: str, sentence: Span, verb: Span, mentions: Sequence[Mention]
) -> str | None:
    """The state a governing body speaks for when it is the subject ("Ghana has ratified
    the ban, the government said"; "the ministry said"): the last state the sentence
    names before the verb; None for any other subject.

    >>> from treatykg.ingest.records import Mention
    >>> body = "Ghana ratified the pact, the government said."
    >>> ghana = Mention("state/ghana", "State", "Ghana", Span(0, 5))
    >>> governing_speaker(body, Span(0, len(body)), Span(40, 44), [ghana])
    'state/ghana'
    """
    if not _GOVERNING_BODY.fullmatch(_subject(body, sentence, verb, mentions)):
        return None
    states = [m for m in mentions if m.entity_type == "State" and m.span.end <= verb.start]
    return states[-1].entity_key if states else None


def about_arms(text: str) -> bool:
    """Whether a remark is about arms control, treaties, weapons or the diplomacy around
    them: an arms-control word that is not a deal of another kind ("a ceasefire deal").

    >>> about_arms("a new ceasefire deal"), about_arms("a new arms deal")
    (False, True)
    """
    low = folded(text)
    if may_hold(low, _ACT_STEMS) and _ACT_OCCASION.search(text) is not None:
        return True
    found = (
        _ARMS.finditer(text) if _ARMS_LOWER is None or low is None else _ARMS_LOWER.finditer(low)
    )
    return any(not _NOT_ARMS_KIND.search(text, max(0, m.start() - 20), m.start()) for m in found)


def remark_about_arms(text: str, quoted: Sequence[str]) -> bool:
    """Whether a remark is about arms control (guidelines v2 annotate only those): an
    arms-control word in its sentence or in the quotation it attributes (which may run on
    past the sentence), or a reference back to a step the article reports ("welcomed the
    decision", "dismissed the charge", "received Moscow's notice").

    >>> remark_about_arms("Doe welcomed the decision.", [])
    True
    >>> remark_about_arms("Doe welcomed the guests.", ["a fine day"])
    False
    """
    return (
        about_arms(text)
        or any(about_arms(q) for q in quoted)
        or (_STEP_WORDS.search(text) is not None and _STEP_REFERENCE.search(text) is not None)
    )


def intended(body: str, start: int, end: int) -> int | None:
    """Where what a speaker reports turns into a plan of its subject ("Lithuania plans to
    start producing mines", "production would resume"), or None.

    >>> intended("Oslo plans to build a mine plant", 0, 32), intended("Oslo has a plant", 0, 16)
    (5, None)
    """
    found = _INTENT.search(body, start, end)
    return None if found is None else found.start()


def foreign_title(body: str, sentence: Span, name: Span, states: Sequence[str]) -> bool:
    """Whether the title before a name gives its bearer a nationality that none of
    `states` (surface forms) has: "Russian Deputy Foreign Minister Ryabkov" is not
    Washington's; "Lithuanian Deputy Minister Roe" may be Lithuania's.

    >>> body = "Russian Deputy Foreign Minister Sergei Ryabkov"
    >>> foreign_title(body, Span(0, 46), Span(32, 46), ["Washington"])
    True
    >>> foreign_title(body, Span(0, 46), Span(32, 46), ["Russia"])
    False
    """
    title = _TITLE_BEFORE.search(body, max(sentence.start, name.start - _TITLE_REACH), name.start)
    if title is None:
        return False
    nationalities = _NATIONALITY.findall(title[0])
    return any(not any(n[:4] == s[:4] for s in states) for n in nationalities)


def announced(body: str, verb: Span) -> tuple[str | None, bool]:
    """What an announcing speech act gives when it reports no typed event: the modality of
    the act it announces ("threatened that Russia would ...": hypothetical), or None for
    other speech; and whether its object refers back to a step already stated
    ("announced the development"), so that it adds nothing."""
    modality = _ANNOUNCING.get(body[verb.start : verb.end].lower())
    return modality, bool(modality and _ANAPHORIC_OBJECT.match(body, verb.end))


def complement_start(body: str, sentence: Span, verb: Span, dates: Sequence[Timex]) -> int:
    """Where the reported clause begins: after "that", else after the dates right after
    the verb, which belong to the frame ("said on Tuesday she hoped to meet")."""
    that = _THAT_CLAUSE.match(body, verb.end, sentence.end)
    if that is not None:
        return that.end()
    start = verb.end
    for t in dates:
        if start <= t.span.start <= start + _DATE_REACH:
            start = t.span.end
    return start


def frame_dates(body: str, sentence: Span, verb: Span, dates: Sequence[Timex]) -> list[Timex]:
    """The dates of the speech itself: those outside what it reports. "On Tuesday, Doe said
    that the delegations met on 3 March": the speech is Tuesday's, the meeting 3 March's."""
    start = complement_start(body, sentence, verb, dates)
    return [t for t in dates if t.span.start < start]


def starts_object(body: str, position: int) -> bool:
    """Whether a name at `position` follows a preposition ("talks between Russia and"), so
    that it is no subject of the clause it stands in."""
    return _PREPOSITION_BEFORE.search(body, max(0, position - 12), position) is not None


def titled_by(body: str, state: Span, name: Span) -> bool:
    """Whether a state's name opens the title before a name: "US Assistant Secretary of
    Defense John Plumb" speaks for the United States.

    >>> body = "Russian Deputy Foreign Minister Sergei Ryabkov"
    >>> titled_by(body, Span(0, 7), Span(32, len(body)))
    True
    """
    if not 0 <= name.start - state.end <= _TITLE_REACH:
        return False
    return _TITLE_BETWEEN.fullmatch(body, state.end, name.start) is not None


def owned_acts(body: str, sentence: Span) -> list[tuple[int, Span, str]]:
    """Speech acts named by a noun with an owner ("Moscow's proposal that it ship out its
    weapons"): where the owner's name ends, the noun, and the modality of the act it
    announces ([announce]); only those whose content is about arms control.

    >>> body = "Talks began after Russia's proposal that Iran ship out its uranium."
    >>> [(end, body[n.start:n.end], m) for end, n, m in owned_acts(body, Span(0, len(body)))]
    [(24, 'proposal', 'proposed')]
    """
    found = []
    for m in OWNED.finditer(body, sentence.start, sentence.end):
        modality = _ANNOUNCING.get(m[1].lower())
        if modality is not None and about_arms(body[m.end() : sentence.end]):
            found.append((m.start(), Span(m.start(1), m.end(1)), modality))
    return found


_PERSONAL = sought(
    re.compile(
        r"(?:^|[\s“”\"(])(?:he|she|He|She|they|They)\s(?:(?:also|then|later|further|[a-z]+ly)\s)?$"
    )
)


_OPENING_PRONOUN = re.compile(r"[\s“\"]*(?:He|She|They)\s")


def pronoun_subject(body: str, sentence: Span, verb: Span) -> bool:
    """Whether a speech verb's subject is a personal pronoun ("she pointed out", "He also
    accused"), or the sentence opens with one ("He also blamed the US, saying ..."): the
    speaker heard last goes on speaking.

    >>> body = "“We will not join,” she pointed out."
    >>> pronoun_subject(body, Span(0, len(body)), Span(body.index("pointed"), len(body) - 1))
    True
    """
    return _PERSONAL.search(
        body, max(sentence.start, verb.start - 30), verb.start
    ) is not None or opens_with_pronoun(body, sentence)


def opens_with_pronoun(body: str, sentence: Span) -> bool:
    """Whether a sentence's subject is a personal pronoun ("He also blamed ..."): whoever
    it names, the speaker is the one heard last."""
    return _OPENING_PRONOUN.match(body, sentence.start, sentence.end) is not None


def each_speaker(body: str, sentence: Span, verb: Span, mentions: Sequence[Mention]) -> list[str]:
    """The persons of a coordinated subject who each made the plural remarks the verb
    reports ("Doe, Roe and Moe also made statements": three remarks); none for a joint
    statement or a single speaker. The subject is the clause before the verb."""
    if _EACH.search(body, verb.start, verb.end) is None:
        return []
    start = body.rfind(";", sentence.start, verb.start) + 1 or sentence.start
    people = dict.fromkeys(
        m.entity_key
        for m in mentions
        if m.entity_type == "Person" and start <= m.span.start and m.span.end <= verb.start
    )
    return list(people) if len(people) > 1 else []


_DENIAL = sought(
    re.compile(
        cue_regex(_forms(_DATA["denials"], ("base", "s", "ed", "ing"))) + r"[^,;.:!?]{0,90}$",
        re.IGNORECASE,
    )
)
_ACCUSE = re.compile(cue_regex(_forms(["accuse"], ("base", "s", "ed", "ing"))), re.IGNORECASE)


# A denial governing a clause or a claim: "denied that", "rejected claims that", "dismissed
# reports of", then the clause's words (no punctuation) up to the trigger.
_DENIED_CONTENT = sought(
    re.compile(
        cue_regex(_forms(_DATA["denials"], ("s", "ed", "ing")))
        + r"(?:\s(?:(?:the|any|all)\s)?(?:[\w-]+\s){0,2}?"
        + cue_regex(_DATA["claim_nouns"])
        + r")?\s(?:that|of)\s[^,;.:!?]{0,90}$",
        re.IGNORECASE,
    )
)


def denied_content(body: str, sentence: Span, trigger: Span) -> bool:
    """Whether the trigger stands in what a denial denies ("denied that Russia had any
    plan to leave the pact", "dismissed reports of a pullout"): someone else's claim, not
    a fact; "rejected the offer and will leave the pact" denies no clause.

    >>> body = "Oslo denied that it would leave the pact."
    >>> denied_content(body, Span(0, len(body)), Span(body.index("leave"), body.index(" the")))
    True
    >>> body = "Oslo rejected the offer and will leave the pact."
    >>> denied_content(body, Span(0, len(body)), Span(body.index("leave"), body.index(" the")))
    False
    """
    start = max(sentence.start, trigger.start - _DENIAL_REACH)
    return _DENIED_CONTENT.search(body, start, trigger.start) is not None


_DENIAL_REACH = 140


def denied(body: str, sentence: Span, trigger: Span) -> bool:
    """Whether a breach named at `trigger` is what a denial denies ("denied that it had
    breached the pact", "rejected claims of a violation"): no accusation by the speaker.
    An explicit "accused" after the denial is an act of its own ("rejected the offer and
    accused Kyiv of cheating"), and so is a breach said in a clause of its own ("rejected
    the offer, saying Kyiv had cheated").

    >>> body = "Moscow rejected claims that it had breached the pact."
    >>> denied(body, Span(0, len(body)), Span(body.index("breached"), body.index(" the pact")))
    True
    """
    if _ACCUSE.fullmatch(body, trigger.start, trigger.end):
        return False
    return _DENIAL.search(body, max(sentence.start, trigger.start - 90), trigger.start) is not None


_HABITUAL_AFTER = re.compile(r"\s+(?:(?:it|so|this)\s)?" + cue_regex(_SPEAKERS["habitual_after"]))


def habitual_after(body: str, verb: Span) -> bool:
    """Whether habitual words follow a speech verb ("has said repeatedly", "has warned many
    times"): speech on no one occasion (guidelines v2)."""
    return _HABITUAL_AFTER.match(body, verb.end) is not None


_VOICE = re.compile(
    r"(?:['’]s)?\s(?:[A-Z][\w.-]*\s){0,2}" + cue_regex(_DATA["voices"]) + r"\s$", re.IGNORECASE
)


_BARE_VOICE = re.compile(
    r"(?:^|[\s,])(?:(?:the|a|its|their)\s)?(?:[a-z]+\s)?" + cue_regex(_DATA["voices"]) + r",?\s$",
    re.IGNORECASE,
)
_VOICE_FOR = re.compile(cue_regex(_DATA["voices"]) + r"\sfor\s(?:the\s)?$", re.IGNORECASE)
_APPOSED = re.compile(r"(?:['’]s)?,\s")


def titled_voices(body: str, mentions: Sequence[Mention]) -> dict[str, str]:
    """Persons who speak for the body their title names ("Kremlin spokesman Dmitry Peskov",
    "the White House press secretary Jen Psaki"): person key -> the body's key. Their
    words are the body's occasion (guidelines v2: one speaker under several names).

    >>> from treatykg.ingest.records import Mention
    >>> body = "Kremlin spokesman Dmitry Peskov"
    >>> k = Mention("org/kremlin", "Organization", "Kremlin", Span(0, 7))
    >>> p = Mention("person/dmitry-peskov", "Person", "Dmitry Peskov", Span(18, 31))
    >>> titled_voices(body, [k, p])
    {'person/dmitry-peskov': 'org/kremlin'}
    """
    found: dict[str, str] = {}
    body_named: Mention | None = None  # the organization named last
    for before, m in itertools.pairwise(mentions):
        if before.entity_type == "Organization":
            body_named = before
        if m.entity_type != "Person":
            continue
        if before.entity_type in ("Organization", "State") and (
            (
                0 < m.span.start - before.span.end <= _TITLE_REACH
                and _VOICE.fullmatch(body, before.span.end, m.span.start)
            )
            or (  # "a spokesman for the Foreign Ministry, Pavel Kuzin"
                _APPOSED.fullmatch(body, before.span.end, m.span.start)
                and _VOICE_FOR.search(body, max(0, before.span.start - 40), before.span.start)
            )
        ):
            found.setdefault(m.entity_key, before.entity_key)
        elif body_named is not None and _BARE_VOICE.search(
            body, max(0, m.span.start - 30), m.span.start
        ):
            # "..., said spokesperson Hua Chunying": the body under discussion (named
            # last), as "the treaty" is the treaty named last.
            found.setdefault(m.entity_key, body_named.entity_key)
    return found


# A copula after the nominal and its complement ("the suspension of the pact was",
# "the exit would be"): what follows judges the step.
_COPULA = re.compile(
    r"(?:\s(?:of|from|on|by|to|in)\s[^,;.:“”\"]{1,60}?)?\s(?:is|was|were|are|remains|remained|"
    r"seems|seemed|(?:would|will|could|might|had|has)\s(?:not\s|also\s|still\s)?(?:be|been))\s"
)
_DEFINITE = re.compile(r"\s*(?:the|this|that|such\sa)\s(?:[a-z][\w-]*\s)?$", re.IGNORECASE)


def evaluated_step(body: str, sentence: Span, verb: Span, trigger: Span) -> bool:
    """Whether a step's nominal is what the speaker judges: the definite subject of the
    reported clause before a copula ("said the suspension was invalid", "argued that this
    withdrawal would be a mistake", "The extension will help, Roe said"): a reference to
    the step, no new act by the speaker.

    >>> body = "Roe said the suspension of the pact was invalid."
    >>> at = body.index("suspension")
    >>> evaluated_step(body, Span(0, len(body)), Span(4, 8), Span(at, at + 10))
    True
    """
    if trigger.end <= verb.start:  # the report before its attribution ("The exit was ..., X said")
        start, end = sentence.start, verb.start
    else:
        content = reported_content(body, sentence, verb)
        if content is None or not content.start <= trigger.start < content.end:
            return False
        that = _THAT_CLAUSE.match(body, verb.end, trigger.start)  # "said on Monday that ..."
        start, end = (that.end() if that else content.start), content.end
    lead = _DEFINITE.match(body, start, trigger.start)
    if lead is None or lead.end() != trigger.start:
        return False
    return _COPULA.match(body, trigger.end, end) is not None


_EVALUATIVE = frozenset(_forms(_DATA["evaluative"], ("base", "s", "ed", "ing")))


def evaluates(body: str, verb: Span) -> bool:
    """Whether a speech verb judges what it names ("welcomed the move", "condemned the
    test") rather than reporting a clause: its object is no content of the speech."""
    return body[verb.start : verb.end].lower() in _EVALUATIVE


# A clause boundary that opens a contrasting or added clause ("..., while Roe said").
_BOUNDARY = re.compile(r"[,;][”\"’]?\s" + cue_regex(_DATA["second_speaker"]) + r"\s")


def later_frames(
    body: str, sentence: Span, frames: Sequence[Span], mentions: Sequence[Mention], first: str
) -> list[tuple[Span, str]]:
    """The further speech frames of a sentence with a speaker of their own ("Doe praised the
    pact, while Roe said it was weak"): each after a clause boundary, its subject a name
    other than `first` standing right after the boundary; (verb, speaker key) each."""
    found: list[tuple[Span, str]] = []
    speakers = {first}
    for verb in frames[1:]:
        head = body.rfind(",", sentence.start, verb.start)
        head = max(head, body.rfind(";", sentence.start, verb.start))
        if head < 0:
            continue
        boundary = _BOUNDARY.match(body, head)
        names = [
            m
            for m in mentions
            if head < m.span.start and m.span.end <= verb.start
            and m.entity_type in _NAMED
        ]  # fmt: skip
        if boundary is None or not names or names[0].entity_key in speakers:
            continue
        subject = body[boundary.end() : names[0].span.start]
        if subject.strip().lower() in ("", "the") or _TITLE_BEFORE.fullmatch(subject):
            speakers.add(names[0].entity_key)
            found.append((verb, names[0].entity_key))
    return found


_ACTING = re.compile(
    cue_regex(_forms(["accuse", *_DATA["directives"]], ("base", "s", "ed", "ing"))), re.IGNORECASE
)


_COORDINATED = re.compile(r"\b(?:and|but|then)\s(?:(?:also|then|later|[a-z]+ly)\s)?$")


def acting_verb(body: str, trigger: Span) -> Span | None:
    """The speech verb a trigger opens with, when it is one ("accused Kyiv of cheating",
    "urged Moscow to resume talks"): whose subject is the speaker. A verb coordinated
    with one before it ("called it biased and accused ...") shares that verb's subject,
    so it is not the one to read the subject from.

    >>> body = "Roe called the text biased and accused Kyiv of cheating."
    >>> acting_verb(body, Span(body.index("accused"), len(body))) is None
    True
    """
    found = _ACTING.match(body, trigger.start, trigger.end)
    if found is None or _COORDINATED.search(body, max(0, trigger.start - 20), trigger.start):
        return None
    return Span(found.start(), found.end())


_RELATIVE_OPEN = sought(re.compile(r",\s(?:which|who|whose)\b[^,;]*$"))


def relative_aside(body: str, sentence: Span, verb: Span, trigger: Span) -> bool:
    """Whether a trigger stands in a relative clause set off between commas before the
    speech verb ("Moscow, which never joined the pact, dismissed the criticism"): a fact
    about the speaker told in passing, not what the speech reports.

    >>> body = "Moscow, which never joined the pact, dismissed the criticism."
    >>> at = body.index("joined")
    >>> relative_aside(body, Span(0, len(body)), Span(37, 46), Span(at, at + 6))
    True
    """
    if trigger.end > verb.start or "," not in body[trigger.end : verb.start]:
        return False
    return _RELATIVE_OPEN.search(body, sentence.start, trigger.start) is not None
