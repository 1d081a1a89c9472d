"""Events: treaty lifecycle and diplomacy, typed, with actors, treaty, date and modality.

Each event type has trigger patterns over verbs and nominalizations; the clause around a
trigger decides modality (negated, planned, scheduled, proposed, hypothetical, failed,
revoked). One sentence can hold several events, and a list of treaties after one trigger
("withdrew from A, B and C") gives one event per treaty. The rules are general English
patterns; the KB supplies every name.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, TypeVar

from dateutil.relativedelta import relativedelta
from treatykg.ingest.cues import SPEECH_VERBS
from treatykg.ingest.entities import ArticleEntities
from treatykg.ingest.quotes import Quote, subject_of_speech
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.text import Sentence, literal_prefixes, trie_regex
from treatykg.ingest.timex import COUNT_WORDS, Timex

T = TypeVar("T")

__all__ = ["EVENT_TYPES", "MODALITIES", "Event", "date_by_occasion", "find_events"]

EVENT_TYPES = (
    "signing", "ratification", "entry_into_force", "extension", "suspension", "withdrawal",
    "expiry", "violation_accusation", "call_for_talks", "negotiation", "meeting_or_call",
    "statement", "other",
)  # fmt: skip
MODALITIES = (
    "actual", "planned", "scheduled", "proposed", "hypothetical", "negated", "failed", "revoked",
)  # fmt: skip

_W = r"(?:\w+\s){0,3}?"  # up to three words in between
# (event type, trigger pattern, modality the trigger itself implies or None)
_TRIGGERS: list[tuple[str, str, str | None]] = [
    (
        "ratification",
        r"de-?ratif\w+|(?:revok|rescind|withdr)\w*\s(?:[\w’'-]+\s){0,2}?ratification",
        "revoked",
    ),
    (
        "ratification",
        r"vot\w+\s(?:against|to\sreject)|reject\w*\s(?:the\s)?(?:[\w-]+\s){0,4}?(?:treaty|pact|accord|ratification)",
        "failed",
    ),
    (
        "entry_into_force",
        r"(?:enter|entered|enters|entering|came|come|comes|coming)\sinto\s(?:force|effect)|"
        r"entry\sinto\sforce|(?:went|go|goes|took|take|takes|taking)\sinto\seffect|took\seffect|takes\seffect|"
        r"exchang\w+\s(?:the\s)?(?:ratification|instruments)",
        None,
    ),
    (
        "ratification",
        r"ratif\w+|approv\w+\s(?:the\s)?(?:\w+\s){0,5}?(?:treaty|pact|accord|agreement|deal)|approv\w+\sit\b|"
        r"(?:treaty|pact|agreement|deal|it)\s(?:was|were|has\sbeen|had\sbeen)\sapproved|approved\sby|"
        r"(?:was|were)\sapproved|"
        r"vote\srejecting|consent\sto\sratification",
        None,
    ),
    (
        "other",
        r"open(?:ed|s)?\sfor\ssignature|adopted\sby|was\sadopted|were\sadopted|"
        r"adopt(?:ed|s)?\sthe|tested\s(?:a|an|its)|test-(?:fir|launch)\w+|(?:conduct|carr)\w*\s(?:out\s)?(?:a|an|its|their|\d+|two|three|four|five|six|seven|several)\s"
        r"(?:[\w-]+\s){0,5}?tests?\b|"
        r"launch\w*\s(?:a|an|its|two|three|several)\s(?:[\w-]+\s){0,4}?(?:missiles?|icbms?|rockets?)\b|"
        r"(?:signed|issued)\sa\sdecree|destr\w+\s(?:of\s)?(?:[\w-]+\s){0,5}?"
        r"(?:stockpiles?|arsenals?|chemical|warheads)|dismantl\w+",
        None,
    ),
    # Signing a law or a decree (that suspends a treaty, say) is not signing the treaty.
    (
        "signing",
        r"\bsign(?:ed|s|ing)?\b(?!\w)(?!\sof\b)"
        r"(?!\s(?:a|the|an)\s(?:[\w-]+\s){0,2}?(?:law|decree|bill|order|executive|resolution))|inked|"
        r"(?:was|were)\s(?:agreed|concluded|finali[sz]ed)",
        None,
    ),
    (
        "extension",
        r"extend\w*\s(?:the\s|its\s)?(?:[\w-]+\s){0,2}?(?:treaty|pact|accord|agreement|deal|it|limits|"
        r"{CAP})|extended\s(?:for|by|until|through|indefinitely|again)|"
        r"(?:was|were|been|be)\s(?:\w+ly\s)?extended|extension|prolong\w*|"
        r"(?:keep\s(?:observing|to)|observ\w+|adher\w+\sto|abid\w+\sby|stick\w*\sto|respect\w*)\s"
        r"(?:the\s|its\s)?(?:[\w’'-]+\s){0,3}?limits",
        None,
    ),
    (
        "suspension",
        r"suspen\w+\s(?:of\s)?(?:its\s|their\s|the\s)?(?:[\w-]+\s){0,2}?(?:participation|implementation|"
        r"obligations|compliance|treaty|pact|accord|agreement|deal|{CAP})|suspension\b(?!\sof\s(?:consideration|debate))|"
        r"halt\w*\s(?:its\s)?(?:participation|implementation)|freez\w+\s(?:its\s)?participation",
        None,
    ),
    (
        "withdrawal",
        r"withdr[ae]w\w*(?!\s(?:[\w’'-]+\s){0,2}?ratification)|pull(?:ed|ing|s)?\sout|quit(?:s|ting)?\b|"
        r"abrogat\w+|exit(?:ed|ing|s)?\s(?:from\s)?(?:the\s)?|leav(?:e|es|ing)\sthe\s(?:treaty|pact|accord|agreement|deal)|"
        r"left\sthe\s(?:treaty|pact|accord|agreement|deal)|(?:left|leave|leaves|leaving)\sit\b|"
        r"abandon\w*\s(?:it\b|the\s(?:treaty|pact|accord|agreement|deal))|"
        r"termination\sprocess|walk(?:ed)?\saway|"
        r"cancel\w*",
        None,
    ),
    # A treaty that "expires" or "runs out" (present tense) is scheduled to.
    ("expiry", r"expires|runs\sout|lapses", "scheduled"),
    (
        "expiry",
        r"expir\w+|run\sout|ran\sout|lapsed?|terminated|ceased?\sto\sexist|"
        r"end\sof\sthe\s(?:treaty|pact)",
        None,
    ),
    (
        "violation_accusation",
        r"violat\w+|breach\w*|accus\w+|non-?compliance|not\scomplying|"
        r"cheat\w*|does\snot\s(?:comply|abide)|do\snot\s(?:comply|abide)|and\s\w+\sdoes\snot",
        None,
    ),
    (
        "call_for_talks",
        r"(?:wants?|wanted|hopes?|hoped|ready|willing|eager|prepared|open\sto|proposed?|"
        r"propos\w+|call(?:ed|s|ing)?\sfor|urg\w+|invit\w+|offer\w*|seeks?|sought|need)\s"
        + _W
        + r"(?:to\s)?(?:resume|start|begin|hold|open|launch|return\sto)?\s?"
        + _W
        + r"(?:talks|negotiations?|consultations|dialogue|work\son|a\snegotiation\sprocess|to\stalk)|"
        r"(?:we\sneed|need)\sto\stalk|also\sinvited|invitation\sto|"
        r"(?:wants?|wanted|hopes?|hoped|ready|willing|eager|prepared|open\sto|offer\w*)\s"
        r"(?:to\s)?(?:discuss|negotiate|talk)\b|"
        # "would like to see a new deal", "proposed a new treaty": a call for new talks
        r"(?:like|want\w*|hop\w+|seek\w*|propos\w+|call\w*\sfor|push\w*\sfor)\s[\"“”]?(?:to\s(?:see|negotiate|"
        r"reach|conclude|sign)[\"“”]?\s)?(?:a|an)\s(?:[\w-]+\s){0,2}?(?:deal|treaty|agreement|accord|pact)\b",
        None,
    ),
    (
        "negotiation",
        r"negotiat\w+|talks\b(?!\swith\sreporters)|consultations|dialogue|"
        r"engag\w+\s(?:with\s)?(?={CAP})",
        None,
    ),
    (
        "meeting_or_call",
        # ("meeting a deadline" meets no one)
        r"\bmet\b(?!\s(?:a|an|the|its|their)\s(?:[\w-]+\s)?(?:deadlines?|targets?|goals?|requirements?|"
        r"criteria|conditions?|obligations?|standards?|thresholds?|demands?)\b)|"
        r"meet(?:s|ing)?\b(?!\s(?:a|an|the|its|their)\s(?:[\w-]+\s)?(?:deadlines?|targets?|goals?|"
        r"requirements?|criteria|conditions?|obligations?|standards?|thresholds?|demands?)\b)|summit|phone\s(?:call|conversation|discussion|talks)|"
        r"telephone\s(?:call|conversation)|spoke\sby\sphone|call\swith|visit(?:ed|s|ing)?\b|"
        r"is\sin\s{CAP}\w+\sto\s|to\sreview",
        None,
    ),
]


def _trigger_pattern(*, capitals: bool = True) -> re.Pattern[str]:
    """All trigger rules in one pattern over lower-cased text, one group rN per rule.

    Rules keep their priority order, so where two could match at one place the earlier
    wins (the reading the suppression rules below also choose).

    Matching lower-cased text without IGNORECASE is twice as fast; the few places where a
    rule needs a capital ("suspended New START") hold {CAP}, a one-letter group capN that
    the caller checks against the original text. With `capitals` False those places
    match nothing: the pattern to try where a capital turned out to be a small letter, so
    that the other readings at that place still count ("extended for five years").
    """
    caps = iter(range(1000))
    rules = []
    for i, (_, source, _) in enumerate(_TRIGGERS):
        rule = re.sub(
            r"\{CAP\}", lambda _: f"(?P<cap{next(caps)}>[a-z])" if capitals else "(?!)", source
        )
        rules.append(f"(?P<r{i}>{rule})")
    pattern = re.compile(r"(?=[a-z])\b(?:" + "|".join(rules) + ")")
    rule_groups = [name for name in pattern.groupindex if name.startswith("r")]
    if len(rule_groups) != len(_TRIGGERS) or pattern.groups != len(pattern.groupindex):
        raise RuntimeError("trigger rules must not hold capturing groups of their own")
    return pattern


_TRIGGER = _trigger_pattern()
_TRIGGER_NO_CAPITALS = _trigger_pattern(capitals=False)


# Every kind of white space as a plain space, so that rule prefixes can spell it " ".
_SPACES = re.compile(r"[^\S ]")


def _lowered(body: str) -> str:
    """The body in lower case, spaces plain, with every offset kept (a few characters
    grow when lowered; those stay as they are)."""
    lowered = body.lower()
    if len(lowered) != len(body):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in body)
    return _SPACES.sub(" ", lowered)


def _candidate_scan() -> re.Pattern[str] | None:
    """A fast scan for the literal prefixes the trigger rules start with (None: no such
    prefixes, so every word start must be tried)."""
    prefixes: set[str] = set()
    for _, source, _ in _TRIGGERS:
        # Spaces are plain in the scanned text, so a prefix may run on past one.
        rule = source.replace("{CAP}", "[a-z]").replace(r"\s", " ")
        found = literal_prefixes(rule, length=6)
        if found is None:
            return None
        prefixes |= found
    return re.compile(trie_regex(prefixes))


_CANDIDATES = _candidate_scan()


_WORD_START = re.compile(r"\b(?=[a-z])")


def _trigger_matches(body: str, scan: re.Pattern[str] | None = None) -> list[re.Match[str]]:
    """Trigger matches in text order, each reading its {CAP} places against the original
    text: where such a letter is small, the other readings at that place are tried.

    The full pattern is only tried at word starts where a rule's literal prefix occurs;
    this finds the same matches as scanning every word start (`scan=_WORD_START`),
    several times faster.
    """
    lowered = _lowered(body)
    scan = scan or _CANDIDATES or _WORD_START
    matches: list[re.Match[str]] = []
    done = 0
    for candidate in scan.finditer(lowered):
        m = _trigger_at(body, lowered, candidate.start(), done)
        if m is None and " " in candidate[0]:
            # A candidate that runs past a space ("open t") may hold the start of another
            # word ("talks"): when it is no trigger, that word is tried too.
            inner = candidate.start() + candidate[0].index(" ") + 1
            m = _trigger_at(body, lowered, inner, done)
        if m is not None:
            matches.append(m)
            done = m.end()
    return matches


def _trigger_at(body: str, lowered: str, pos: int, done: int) -> re.Match[str] | None:
    """The trigger starting at a word start `pos` (not inside an earlier trigger), if any."""
    if pos < done or (pos and (lowered[pos - 1].isalnum() or lowered[pos - 1] == "_")):
        return None
    m = _TRIGGER.match(lowered, pos)
    if m is not None and not _capitals_hold(body, m):
        m = _TRIGGER_NO_CAPITALS.match(lowered, pos)
    return m


def _capitals_hold(body: str, m: re.Match[str]) -> bool:
    caps = [k for k, v in m.groupdict().items() if v is not None and k.startswith("cap")]
    return all(body[m.start(k)].isupper() for k in caps)


_STATEMENT = re.compile(rf"\b(?:{SPEECH_VERBS}|issued\sa\sstatement|statement)\b")
# "The treaty", "this deal", "a key nuclear arms reduction treaty": a treaty referred to
# without its name. The noun is found first (cheap), its determiner then looked for.
_TREATY_WORD = re.compile(r"\b(?:[Tt]reaty|[Pp]act|[Aa]ccord|[Aa]greement|[Dd]eal|[Cc]onvention)\b")
_DETERMINED = re.compile(r"\b(?:the|this|its|a)\s(?:[\w-]+\s){0,3}$", re.IGNORECASE)
# Deals that are not arms-control treaties: "the treaty" coreference must not reach them.
_OTHER_DEAL = re.compile(
    r"\b(?:peace|trade|ceasefire|oil|gas|grain|business|prisoner)\s$", re.IGNORECASE
)


def _refers_to_treaty(body: str, span: Span) -> bool:
    """Whether a sentence refers to a treaty by a common noun ("the treaty", "the deal").

    >>> text = "Moscow left the treaty. They signed a peace deal."
    >>> _refers_to_treaty(text, Span(0, 23)), _refers_to_treaty(text, Span(24, len(text)))
    (True, False)
    """
    for noun in _TREATY_WORD.finditer(body, span.start, span.end):
        head_start = max(span.start, noun.start() - 40)
        if _OTHER_DEAL.search(body, head_start, noun.start()):
            return False
        # "treaty" is one; "deal", "accord"... are when a determiner makes them definite.
        if noun[0].lower() == "treaty" or _DETERMINED.search(body, head_start, noun.start()):
            return True
    return False


_IT = re.compile(
    r"It\s(?!(?:is|was|has\sbeen)\s(?:not\s)?(?:clear|unclear|likely|unlikely|possible|time|hard|"
    r"difficult|important|necessary|expected|said|reported|believed|thought|understood)\b)"
)


def _refers_by_pronoun(body: str, span: Span) -> bool:
    """ "New START was signed in 2010. It was extended in 2021.": right after a treaty is
    named, a sentence opening with "It" is about that treaty (not "It is clear that ...")."""
    return _IT.match(body, span.start) is not None


# "suspended its participation", "halted its implementation": the treaty is understood, so
# a treaty named shortly before is the one meant.
_IMPLICIT_TREATY = re.compile(
    r"\b(?:its|their)\s(?:[\w-]+\s)?(?:participation|implementation|obligations)\b|\bit$|limits$"
)
# "would withdraw in six months", "Moscow's own exit took effect": leaving with no object
# named leaves the treaty under discussion.
_LEAVING = frozenset({"withdrawal", "suspension"})
_NO_OBJECT = re.compile(
    r"\s*(?:[,.;)]|(?:in|on|at|by|within|after|before|last|next|this|earlier|later|took|"
    r"takes|will|would|was|is|came|comes|and|but|unless|if)\b)"
)


# "the US withdrawal took effect", "the law entered into force": what came into force is
# not the treaty.
_SOMETHING_ELSE_IN_FORCE = re.compile(
    r"\b(?:withdrawal|suspension|exit|decision|termination|departure|pull-?out|sanctions|law|"
    r"decree|measures?|moratorium|ban|notice|restrictions)\b[^,;]{0,40}$",
    re.IGNORECASE,
)


_MEETING_REFERRED = re.compile(
    r"\b(?:before|after|during|at|ahead\sof|following|on\sthe\ssidelines\sof)\s(?:the|this|that)\s"
    r"(?:[\w-]+\s){0,2}$"
)
# Modalities of what has not happened yet: no date borrowed from a report of the past.
_AHEAD = frozenset({"scheduled", "proposed", "hypothetical"})
# Keeping to a treaty's limits is an extension only as an offer to the other side.
_LIMITS = re.compile(r"limits$")
_OFFER = re.compile(
    r"\b(?:offer\w*|propos\w+|ready|willing|prepared|reciproc\w+|mirror\w*|"
    r"(?:if|as\slong\sas|provided)\s(?:the\s)?[A-Z][\w.]*(?:\s[A-Z]\w*)?\s(?:did|does|would|do))\b"
)


# "on-site inspections that lapsed", "the moratorium expired": what ended is not a treaty.
_SOMETHING_ELSE_ENDED = re.compile(
    r"\b(?:inspections|visits|exchanges|moratorium|sanctions|waivers?|licen[cs]es?|talks|deadline|"
    r"mandate|ceasefire|truce)\s(?:(?:that|which)\s)?(?:(?:has|have|had|will|would)\s)?$",
    re.IGNORECASE,
)


# "signed a new strategic arms treaty": the object is a treaty the text does not name.
_UNNAMED_OBJECT = re.compile(
    r"\s(?:a|an)\s(?:[\w-]+\s){0,4}?(?:treaty|accord|agreement|pact|deal)\b", re.IGNORECASE
)


# A more specific event found earlier in a sentence absorbs these weaker readings of it.
_SUPPRESSES = {
    "negotiation": {"call_for_talks"},
    "signing": {"other"},
}
# Lifecycle events are about a treaty: without one named or referred to, they are noise.
_LIFECYCLE = frozenset(
    {
        "signing",
        "ratification",
        "entry_into_force",
        "extension",
        "suspension",
        "withdrawal",
        "expiry",
    }
)
# Talk of talks inside a quotation is the speaker's opinion, not a reported event.
_NOT_IN_QUOTES = {"negotiation", "meeting_or_call", "statement", "entry_into_force"}
_ARMS_CONTEXT = re.compile(
    r"\b(?:nuclear|arms|treaty|pact|deal|missiles?|warheads?|disarmament|weapons?|test|"
    r"stockpiles?|arsenals?|deterrence|enrich\w+|uranium|plutonium|inspections?|verification)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|none\sof|no\splans|no\s(?:grounds|reason|basis|point|need|prospect)|"
    r"refus\w+|declin\w+|reject\w*|rule[sd]?\sout|won’t|won't|didn’t|didn't|"
    r"doesn't|doesn’t|does\snot|did\snot|will\snot|cannot|can't|no\sintention|without)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|would|could|might|whether|in\scase|should)\b", re.IGNORECASE
)
_PLANNED = re.compile(
    r"\b(?:will|shall|plans?\sto|planned|planning|intends?|intention|notice|to\sbe\s\w+ed|"
    r"going\sto|aims?\sto|announced\sthe\slaunch|later\sthis|next\s(?:week|month|year)|upcoming|"
    r"still\shas\sto|has\sto|have\sto|clears\sthe\sway|(?:is|are)\sexpected\sto)\b",
    re.IGNORECASE,
)
_REPORTED_FUTURE = re.compile(
    rf"\b(?:{SPEECH_VERBS})\s(?:that\s)?(?:[\w’'-]+\s){{0,3}}?would\b(?!\s(?:not|never|be\sable))"
)
_CONDITION = re.compile(r"\b(?:if|unless|whether|could|might|should|in\scase)\b", re.IGNORECASE)
_SCHEDULED = re.compile(
    r"\b(?:is|are|was)\s(?:due|set|scheduled)\sto\b|\bscheduled\b", re.IGNORECASE
)
_PROPOSED = re.compile(
    r"\b(?:ready|willing|prepared|propos\w+|offer\w*|invit\w+|wants?|wanted|hopes?|desire)\b",
    re.IGNORECASE,
)
# Talks fail when they collapse or end without result; rejecting talks is refusing them,
# while rejecting a treaty is a failed ratification.
_FAILURE = (
    r"failed|fail|collapsed|broke\sdown|"
    r"without\s(?:an?\s|any\s)?(?:agreement|deal|result|breakthrough|progress)"
)
_FAILED_TALKS = re.compile(rf"\b(?:{_FAILURE})\b", re.IGNORECASE)
_FAILED = re.compile(rf"\b(?:{_FAILURE}|rejecting|rejected)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Event:
    """One event the text states: type, modality, participants, treaty, date and evidence.

    `actors` pairs entity keys with their role (agent, counterpart, speaker); `trigger`
    is the word that typed it and `sentence` the evidence span. A statement reported in
    indirect speech has `content`, the span of what was said ("that the deal is dead").
    """

    type: str
    modality: str
    actors: tuple[tuple[str, str], ...]
    treaty: str | None
    date: str | None
    precision: str | None
    trigger: Span
    sentence: Span
    confidence: float
    content: Span | None = None


_CUES = {
    "negation": _NEGATION, "failed": _FAILED, "failed_talks": _FAILED_TALKS,
    "hypothetical": _HYPOTHETICAL,
    "scheduled": _SCHEDULED, "proposed": _PROPOSED, "planned": _PLANNED,
}  # fmt: skip


def _modality(body: str, clause: tuple[int, int], implied: str | None, event_type: str) -> str:
    """The modality the clause (a span of the body) gives the event, strongest cue first.

    >>> text = "Russia did not withdraw from it"
    >>> _modality(text, (0, len(text)), None, "withdrawal")
    'negated'
    >>> text = "the treaty is due to run out"
    >>> _modality(text, (0, len(text)), None, "expiry")
    'scheduled'
    """

    def has(cue: str) -> bool:
        return _CUES[cue].search(body, *clause) is not None

    if implied == "revoked":
        return "revoked"
    # "talks ended without agreement" failed; they were not negated.
    if (
        implied == "failed"
        or (event_type == "ratification" and has("failed"))
        or (event_type == "negotiation" and has("failed_talks"))
    ):
        return "failed"
    if event_type != "violation_accusation" and has("negation"):
        return "negated"
    if implied in ("scheduled", "proposed"):
        return implied
    if event_type not in ("statement", "violation_accusation") and has("hypothetical"):
        # "said they would meet again": a future reported, not a condition.
        if not _REPORTED_FUTURE.search(body, *clause) or _CONDITION.search(body, *clause):
            return "hypothetical"
        return "planned"
    if has("scheduled"):
        return "scheduled"
    if implied == "proposed" or (
        event_type in ("meeting_or_call", "negotiation", "extension") and has("proposed")
    ):
        return "proposed"
    return "planned" if has("planned") else "actual"


def _clause(body: str, sentence: Span, at: int) -> tuple[int, int]:
    """The span around a trigger up to the nearest clause punctuation, or a contrasting
    "but", on either side ("signed the treaty but never ratified it")."""
    marks = (";", ",", ":", "—", "–", " but ")
    left = max(body.rfind(p, sentence.start, at) for p in (*marks, "(")) + 1
    # On the right a relative clause is another clause too ("tested a missile that would
    # have been banned": the test happened).
    rights = [body.find(p, at, sentence.end) for p in (*marks, ")", " that ", " which ")]
    right = min([i for i in rights if i != -1], default=sentence.end)
    return max(left, sentence.start), right


def _treaties(mentions: Sequence[Mention], trigger: Span) -> list[str]:
    treaties = [m for m in mentions if m.entity_type == "Treaty"]
    if not treaties:
        return []
    after = [m for m in treaties if m.span.start >= trigger.start]
    keys = list(dict.fromkeys(m.entity_key for m in treaties))
    if len(keys) > 1 and after:
        # "withdrawn from ... A, B and C": the list after the trigger.
        near = [m.entity_key for m in after]
        return list(dict.fromkeys(near))
    return keys[:1]


def _actors(
    mentions: Sequence[Mention], quotes: Sequence[Quote], event_type: str
) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for m in mentions:
        if m.entity_type not in ("Person", "State", "Organization"):
            continue
        if any(q.span.start <= m.span.start < q.span.end for q in quotes):
            continue
        role = "speaker" if event_type == "statement" else ("agent" if not found else "counterpart")
        if all(key != m.entity_key for key, _ in found):
            found.append((m.entity_key, role))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Dated:
    value: str | None = None
    precision: str | None = None
    borrowed: bool = False  # read from the sentence before
    at: int = -1  # where the date stands in the body (before the sentence when borrowed)


# "Moscow later accused ...", "Beijing has repeatedly rejected ...": the sentence moves
# on in time or speaks of many occasions, so the date of the sentence before is not its.
_MOVES_ON = re.compile(
    r"\b(?:later|earlier|afterwards?|subsequently|since\sthen|meanwhile|repeatedly|consistently|"
    r"again\sand\sagain|(?:has|have)\slong|for\s(?:years|decades))\b",
    re.IGNORECASE,
)


def _event_date(
    body: str,
    sentence: Span,
    here: Sequence[Timex],
    before: Sequence[Timex],
    trigger: Span,
    layout: _Layout | None = None,
) -> _Dated:
    """The date nearest the trigger in its sentence, else one the sentence before states.

    A date nearer another trigger is that trigger's ("entered into force in 2011 and was
    extended in 2021"), so it counts as farther away.

    News often dates a happening once and goes on about it ("The Senate voted on
    Wednesday. ... Obama said after the vote"); the adjacent sentence's date is the best
    reading, and a borrowed date lowers the event's confidence.
    """
    if here:
        layout = layout or _Layout(body, sentence, [trigger], here)
        nearest = layout.nearest_date(trigger)
        return _Dated(nearest.value, nearest.precision, at=nearest.span.start)
    clause_start = max(sentence.start, body.rfind(";", sentence.start, trigger.start) + 1)
    if before and not _MOVES_ON.search(body, clause_start, trigger.end):
        # The sentence before dates its main clause first ("X said on Monday that ...").
        return _Dated(before[0].value, before[0].precision, True, before[0].span.start)
    return _Dated()


_COUNT = "|".join(COUNT_WORDS)
_OFFSET = re.compile(
    rf"\b(?P<n>\d+|{_COUNT})\s(?P<unit>day|week|month|year)s?\s(?P<dir>later|after|earlier|before)\b"
    # "would withdraw in six months": that long after the date the sentence gives.
    rf"|\bin\s(?P<n2>\d+|{_COUNT})\s(?P<unit2>day|week|month|year)s?\b"
    r"(?!\s(?:ago|earlier|before|later|after))",
    re.IGNORECASE,
)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _shifted(body: str, sentence: Span, trigger: Span, dated: _Dated, layout: _Layout) -> _Dated:
    """An event dated by an offset from another date in its sentence.

    "suspended it in February 2019 and withdrew six months later" dates the withdrawal
    six months on; "ended on Friday, six months after Washington suspended it" dates the
    suspension six months back. The result is no finer than the offset ("six months" from
    a day gives a month); from an anchor coarser than the offset the date is unknown.
    """
    if dated.value is None or dated.precision not in _PRECISION_RANK:
        return dated
    after = _OFFSET.search(body, trigger.end, min(sentence.end, trigger.end + 30))
    # The anchor date must be the other event's: before the trigger, or before the offset.
    if (
        after is not None
        and dated.at < trigger.start
        and not _CLAUSE_MARK.search(body, trigger.end, after.start())
        and not layout.trigger_starts_in(trigger.end, after.start())
    ):
        sign = -1 if (after["dir"] or "").lower() in ("earlier", "before") else 1
        return _moved(dated, after, sign)
    start = max(sentence.start, trigger.start - 50)
    before = list(_OFFSET.finditer(body, start, trigger.start))
    if before and _HEDGE.search(
        body, max(sentence.start, before[-1].start() - 12), before[-1].start()
    ):
        return _Dated(borrowed=dated.borrowed)  # "less than three weeks after": not a date
    if (
        before
        and dated.at < before[-1].start()
        and not _CLAUSE_MARK.search(body, before[-1].end(), trigger.start)
        and not layout.trigger_starts_in(before[-1].end(), trigger.start)
    ):
        # "six months after X suspended": X came six months before the date given.
        sign = -1 if (before[-1]["dir"] or "").lower() in ("after", "earlier") else 1
        return _moved(dated, before[-1], sign)
    return dated


_CLAUSE_MARK = re.compile(r"[,;:]")
_HEDGE = re.compile(r"\b(?:less\sthan|more\sthan|nearly|almost|about|around|some|over)\s$")


def _moved(dated: _Dated, offset: re.Match[str], sign: int) -> _Dated:
    unit = (offset["unit"] or offset["unit2"]).lower()
    if dated.value is None or dated.precision not in ("day", "month", "year"):
        return _Dated(borrowed=dated.borrowed)
    if _PRECISION_RANK[dated.precision] > _PRECISION_RANK["day" if unit == "week" else unit]:
        return _Dated(borrowed=dated.borrowed)  # a year moved by months: unknown
    parts = [int(p) for p in dated.value.split("-")] + [1, 1]
    n = (offset["n"] or offset["n2"]).lower()
    count = int(n) if n.isdigit() else COUNT_WORDS[n]
    moved = date(parts[0], parts[1], parts[2]) + relativedelta(**{f"{unit}s": sign * count})
    precision = "day" if unit == "week" else unit
    value = {"day": moved.isoformat(), "month": f"{moved.year:04d}-{moved.month:02d}",
             "year": f"{moved.year:04d}"}[precision]  # fmt: skip
    return _Dated(value, precision, dated.borrowed, dated.at)


def _in_clause(
    body: str, sentence: Span, trigger: Span, mentions: Sequence[Mention]
) -> Sequence[Mention]:
    """The mentions of the trigger's independent clause: "Washington left it in 2020;
    Moscow's exit took effect in 2021" has two withdrawals with one agent each."""
    start = body.rfind(";", sentence.start, trigger.start) + 1 or sentence.start
    end = body.find(";", trigger.end, sentence.end)
    end = sentence.end if end == -1 else end
    return [m for m in mentions if start <= m.span.start < end]


_CONJUNCTION = re.compile(r"\s(?:and|but|while|whereas)\s")


def _after(dated: _Dated, published: date | None) -> bool:
    """Whether a day, month or year date begins after the publication date."""
    if published is None or dated.value is None or dated.precision not in ("day", "month", "year"):
        return False
    parts = [int(p) for p in dated.value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2]) > published


def _gap(a: Span, b: Span) -> int:
    return max(0, b.start - a.end, a.start - b.end)


# All places where a conjunction parts two verb phrases, overlapping ones too.
_CONJUNCTION_AT = re.compile(r"(?=(\s(?:and|but|while|whereas)\s))")
_SEMICOLON = re.compile(";")


class _Layout:
    """One sentence's triggers (in text order, never overlapping), semicolons and
    conjunctions, found once: how far a date stands from a trigger then costs a few
    lookups instead of a walk over the other triggers and the text between."""

    def __init__(
        self, body: str, sentence: Span, triggers: Sequence[Span], dates: Sequence[Timex]
    ) -> None:
        self.body = body
        self.sentence = sentence
        self.dates = dates  # in text order, never overlapping
        self.triggers = triggers
        self.starts = [t.start for t in triggers]
        self.ends = [t.end for t in triggers]

    # Most sentences hold one date or none: what only comparing dates needs is found then.
    @functools.cached_property
    def date_starts(self) -> list[int]:
        return [t.span.start for t in self.dates]

    @functools.cached_property
    def date_ends(self) -> list[int]:
        return [t.span.end for t in self.dates]

    @functools.cached_property
    def semicolons(self) -> list[int]:
        return [
            m.start()
            for m in _SEMICOLON.finditer(self.body, self.sentence.start, self.sentence.end)
        ]

    @functools.cached_property
    def conjunctions(self) -> list[tuple[int, int]]:
        """Where conjunctions start and end; one that starts later ends later (the words
        are spaced), so the first one starting in a stretch is the one likeliest to fit."""
        return [
            (m.start(), m.start() + len(m[1]))
            for m in _CONJUNCTION_AT.finditer(self.body, self.sentence.start, self.sentence.end)
        ]

    def trigger_starts_in(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, start)
        return index < len(self.starts) and self.starts[index] < end

    def distance(self, when: Span, trigger: Span) -> int:
        """Characters between a date and a trigger; a semicolon between them parts
        independent clauses, and a date nearer another event's trigger is that event's."""
        left, right = (when, trigger) if when.start <= trigger.start else (trigger, when)
        gap = _gap(when, trigger)
        nearest = self._nearest_other(when, trigger)
        claimed = nearest is not None and nearest < gap
        semicolon = bisect.bisect_left(self.semicolons, left.end)
        parted = semicolon < len(self.semicolons) and self.semicolons[semicolon] < right.start
        # "signed it in 1996 and ratified it in 2000": a conjunction parts two verb phrases.
        joined = len(self.triggers) > 1 and self._conjunction_in(left.end, right.start)
        return gap + (1000 if parted else 0) + (500 if claimed else 0) + (200 if joined else 0)

    def nearest_date(self, trigger: Span) -> Timex:
        """The date at the least `distance` from the trigger, the first of the sentence's
        dates on a tie.

        Going away from the trigger on one side, a date lies behind every semicolon and
        conjunction a nearer one does, and stands nearer another trigger once a nearer
        date does (each trigger's dates are a stretch around it): so the distance grows
        among the dates another trigger claims and among those it does not, and only the
        nearest of each kind on each side (and dates overlapping the trigger) can win.
        """
        if len(self.dates) == 1:
            return self.dates[0]
        before = bisect.bisect_right(self.date_ends, trigger.start)  # dates wholly before
        after = bisect.bisect_left(self.date_starts, trigger.end)  # the first wholly after
        candidates = set(range(before, after))
        for side in (range(before - 1, -1, -1), range(after, len(self.dates))):
            if not side:
                continue
            candidates.add(side[0])
            claimed = self._first_claimed(side, trigger)
            if claimed is not None:
                candidates.add(claimed)
        return self.dates[
            min(candidates, key=lambda i: (self.distance(self.dates[i].span, trigger), i))
        ]

    def _first_claimed(self, side: range, trigger: Span) -> int | None:
        """The nearest date of one side (dates by growing gap) that stands nearer another
        trigger, by bisection: from it on, all do."""
        low, high = 0, len(side)
        while low < high:
            middle = (low + high) // 2
            when = self.dates[side[middle]].span
            nearest = self._nearest_other(when, trigger)
            if nearest is not None and nearest < _gap(when, trigger):
                high = middle
            else:
                low = middle + 1
        return side[low] if low < len(side) else None

    def _nearest_other(self, when: Span, trigger: Span) -> int | None:
        """The gap between a date and the nearest trigger other than `trigger`: the gaps
        fall towards the date and rise after it, so two on each side are enough."""
        middle = bisect.bisect_right(self.ends, when.start)  # the first not wholly before
        gaps = [
            _gap(when, self.triggers[i])
            for i in range(max(0, middle - 2), min(len(self.triggers), middle + 2))
            if self.triggers[i] != trigger
        ]
        return min(gaps, default=None)

    def _conjunction_in(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.conjunctions, (start, -1))
        return index < len(self.conjunctions) and self.conjunctions[index][1] <= end


def _confidence(base: float, treaty: str | None, dated: _Dated) -> float:
    """Rule confidence: a named treaty and a date in the sentence itself make a firmer fact."""
    score = base + (0.1 if treaty else 0.0) + (0.1 if dated.value and not dated.borrowed else 0.0)
    return round(score, 2)


def _quoted(position: int, quotes: Sequence[Quote]) -> bool:
    return any(q.span.start <= position < q.span.end for q in quotes)


@dataclass(frozen=True)
class _Context:
    """One sentence as the event rules see it, with what the article around it supplies."""

    body: str
    sentence: Span
    mentions: Sequence[Mention]
    quotes: Sequence[Quote]
    salient: str | None  # the treaty named last before this sentence
    recent: bool  # ... and named or referred to ("the treaty") in one of the last three
    generic: bool  # the sentence says "the treaty", "the deal"...
    dates_here: Sequence[Timex]
    dates_before: Sequence[Timex]
    keys_before: frozenset[str] = frozenset()  # who the sentence before names
    published: date | None = None

    @property
    def text(self) -> str:
        return self.body[self.sentence.start : self.sentence.end]

    def dating(self, trigger: Span, layout: _Layout | None = None) -> _Dated:
        return _event_date(
            self.body, self.sentence, self.dates_here, self.dates_before, trigger, layout
        )


def _typed_events(ctx: _Context, matches: Sequence[re.Match[str]]) -> list[Event]:
    """The events the trigger matches in one sentence give, one per treaty they concern.

    Rules are taken in priority order; a type counts once per sentence, at its first
    match that passes the checks.
    """
    body, sentence, text = ctx.body, ctx.sentence, ctx.text
    events: list[Event] = []
    found: dict[str, set[str | None]] = {}  # event type -> the dates it was found with
    layout = _Layout(body, sentence, [Span(*m.span()) for m in matches], ctx.dates_here)
    for rule, m in sorted(((_rule_of(m), m) for m in matches), key=lambda pair: pair[0]):
        event_type, _, implied = _TRIGGERS[rule]
        if found.keys() & _SUPPRESSES.get(event_type, set()):
            continue
        trigger = Span(m.start(), m.end())
        dated = _shifted(body, sentence, trigger, ctx.dating(trigger, layout), layout)
        # A type counts once per sentence, unless its triggers carry different dates
        # ("approved by the Senate in December; Russia ratified it last month").
        if event_type in found and (dated.borrowed or dated.value in found[event_type]):
            continue
        if event_type in _NOT_IN_QUOTES and _quoted(m.start(), ctx.quotes):
            continue
        if event_type == "extension" and _LIMITS.search(m[0]):
            if not _OFFER.search(text):
                continue  # "will continue to abide by the limits" is a statement, not an offer
            implied = "proposed"  # an offer to keep to the limits proposes an extension
        if (
            event_type == "ratification"
            and "entry_into_force" in found
            and m[0].startswith("ratification")
        ):
            continue  # "50 ratifications are needed for entry into force": no ratification
        implicit = ctx.recent and (
            _IMPLICIT_TREATY.search(m[0]) is not None
            or (event_type in _LEAVING and _NO_OBJECT.match(body, m.end()) is not None)
        )
        treaties = _treaties(ctx.mentions, trigger) or (
            [ctx.salient] if (ctx.generic or implicit) and ctx.salient else []
        )
        if _UNNAMED_OBJECT.match(body, m.end()) or _UNNAMED_OBJECT.search(" " + m[0]):
            treaties = []  # "signed a new arms treaty, replacing START I": not START I
        if event_type in _LIFECYCLE and not (treaties or ctx.generic):
            continue
        if event_type in _LIFECYCLE and _refers_to_decision(body, sentence.start, m.start()):
            continue
        if event_type == "other" and not _ARMS_CONTEXT.search(text):
            continue
        if event_type == "expiry" and _SOMETHING_ELSE_ENDED.search(
            body, max(sentence.start, m.start() - 40), m.start()
        ):
            continue  # "inspections that lapsed a year ago": not the treaty expiring
        if event_type == "entry_into_force" and _SOMETHING_ELSE_IN_FORCE.search(
            body, max(sentence.start, m.start() - 60), m.start()
        ):
            continue
        if event_type == "meeting_or_call" and _MEETING_REFERRED.search(
            body, max(sentence.start, m.start() - 40), m.start()
        ):
            continue  # "said before the meeting": a meeting reported elsewhere, not a new one
        if event_type == "negotiation" and not _engaged(body, sentence.start, m.start(), m.end()):
            continue
        modality = _modality(body, _clause(body, sentence, m.start()), implied, event_type)
        if dated.borrowed and modality in _AHEAD:
            dated = _Dated()  # a date borrowed from a report of the past cannot date a plan
        if dated.borrowed and modality == "actual" and _after(dated, ctx.published):
            dated = _Dated()  # nor can a date still to come date what has happened
        speakers = {m.entity_key for m in ctx.mentions if m.entity_type == "Person"}
        # (With nobody named, "he added" goes on from the sentence before.)
        if (
            dated.borrowed
            and event_type == "call_for_talks"
            and speakers
            and not _same_occasion(ctx, speakers)
        ):
            dated = _Dated()  # a call is dated by its own occasion, not the news before it
        actors = _actors(_in_clause(body, sentence, trigger, ctx.mentions), ctx.quotes, event_type)
        concerned: list[str | None] = list(treaties) or [None]
        for treaty in concerned:
            events.append(
                Event(event_type, modality, actors, treaty, dated.value, dated.precision,
                      trigger, sentence, _confidence(0.4, treaty, dated))
            )  # fmt: skip
        found.setdefault(event_type, set()).add(dated.value)
    return events


_ENGAGING = re.compile(
    r"\b(?:hold|holds|held|holding|conduct\w*|begin|began|begun|start\w*|resum\w+|continu\w+|"
    r"join\w*|take\spart|took\spart|taking\spart|participat\w+|engag\w+|host\w*|open\w*|"
    r"launch\w*|enter\w*|broke\soff|break\soff|suspend\w*|end\w*|round\sof|intense|"
    r"intensive|lengthy|months\sof|years\sof|reject\w*|refus\w+|declin\w+|rul\w+\sout)\b[^,;.]{0,30}$",
    re.IGNORECASE,
)
_PARTIES = re.compile(r"\s(?:with|between|among|by|involving)\b", re.IGNORECASE)
# "The talks in Geneva ended without agreement", "Talks to revive the deal resumed": talks
# that something happens to were held.
_HAPPENED = re.compile(
    r"[^,;.]{0,60}?\s(?:have\s|has\s|had\s)?(?:ended|collapsed|broke\sdown|"
    r"resumed|stalled|began|opened|concluded|continued|were\sheld|took\splace|will\sresume)\b"
)


def _engaged(body: str, sentence_start: int, start: int, end: int) -> bool:
    """Whether talks are held by someone, not just named: "held talks with", "negotiations
    between", "take part in trilateral talks"; "arms talks" in a headline is a topic."""
    before = _ENGAGING.search(body, max(sentence_start, start - 40), start)
    return before is not None or (
        _PARTIES.match(body, end) is not None or _HAPPENED.match(body, end) is not None
    )


_DECISION_TO = re.compile(r"\bdecision\b[^,;.]{0,40}\bto\s$", re.IGNORECASE)
_ANNOUNCED = re.compile(r"\b(?:announc|declar|notif|confirm)\w*\b[^,;.]{0,40}$", re.IGNORECASE)


def _refers_to_decision(body: str, sentence_start: int, start: int) -> bool:
    """ "backs the decision to withdraw" refers to a decision reported before; "announced
    its decision to withdraw" reports it, and stays an event."""
    head = body[max(sentence_start, start - 60) : start]
    decision = _DECISION_TO.search(head)
    return decision is not None and not _ANNOUNCED.search(head[: decision.start()])


# Headlines run short; a long unpunctuated line is a lead sentence that lost its stop.
_HEADLINE_WORDS = 16


def _rule_of(m: re.Match[str]) -> int:
    """The index in _TRIGGERS of the rule a trigger match came from (group rN)."""
    return int((m.lastgroup or "r0")[1:])


# "Obama said after the vote": the occasion the sentence before dated.
_BACK_REFERENCE = re.compile(
    r"\b(?:after|at|during|following|before)\s(?:the|that|this)\s(?:[\w-]+\s){0,2}?"
    r"(?:vote|meeting|ceremony|talks|summit|signing|session|announcement|decision|call|"
    r"conference|briefing|launch|test|debate|ruling)\b",
    re.IGNORECASE,
)


def _same_occasion(ctx: _Context, speakers: set[str]) -> bool:
    """Whether a remark continues the occasion the sentence before dated: that sentence
    names its speaker, or it refers back ("Obama said after the vote")."""
    return bool(speakers & ctx.keys_before) or bool(
        _BACK_REFERENCE.search(ctx.body, ctx.sentence.start, ctx.sentence.end)
    )


def _statement(ctx: _Context, treaty: str | None, speaker: str | None) -> Event | None:
    """Reported speech about arms control that no more specific event type covers;
    `speaker`, the subject of the speech verb, leads the actors. It borrows the date of
    the sentence before only for the same occasion: that sentence names its speaker, or
    it refers back to it ("Obama said after the vote")."""
    verb = next(
        (
            v
            for v in _STATEMENT.finditer(ctx.body, ctx.sentence.start, ctx.sentence.end)
            if not _quoted(v.start(), ctx.quotes)
        ),
        None,
    )
    if verb is None:
        return None
    if not any(m.entity_type in ("Person", "Organization", "State") for m in ctx.mentions):
        return None
    if treaty is None and not _ARMS_CONTEXT.search(ctx.text):
        return None
    trigger = Span(verb.start(), verb.end())
    content = _reported_content(ctx.body, ctx.sentence, trigger)
    dated = ctx.dating(trigger)
    if dated.borrowed and speaker is not None and not _same_occasion(ctx, {speaker}):
        dated = _Dated()
    actors = _actors(ctx.mentions, ctx.quotes, "statement")
    if speaker is not None:
        actors = ((speaker, "speaker"), *(a for a in actors if a[0] != speaker))
    return Event("statement", "actual", actors, treaty, dated.value, dated.precision, trigger,
                 ctx.sentence, _confidence(0.3, treaty, dated), content)  # fmt: skip


_THAT = re.compile(r"[\s,:]*(?:that\s)?")


def _reported_content(body: str, sentence: Span, verb: Span) -> Span | None:
    """What indirect speech reports: the clause after the speech verb ("Roe said [that]
    the deal was dead"), up to the end of the sentence; None when the verb ends it."""
    lead = _THAT.match(body, verb.end, sentence.end)
    start = lead.end() if lead else verb.end
    end = sentence.end
    while end > start and body[end - 1] in '.!?"”’ ':
        end -= 1
    if end - start < 3 or body[start] in '“"':
        return None  # nothing said, or a direct quotation (a Quote of its own)
    return Span(start, end)


class _Located(Generic[T]):
    """Items with a text position (regex matches, timexes), found by sentence span."""

    def __init__(self, items: list[T], span_of: Callable[[T], tuple[int, int]]) -> None:
        self.items = items
        self.spans = [span_of(item) for item in items]
        self.starts = [start for start, _ in self.spans]

    def within(self, span: Span) -> list[T]:
        first = bisect.bisect_left(self.starts, span.start)
        last = bisect.bisect_left(self.starts, span.end)
        return [self.items[i] for i in range(first, last) if self.spans[i][1] <= span.end]


class _Overlaps:
    """Quotes, found by the sentences they overlap, in the order given."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = quotes
        self.order = sorted(range(len(quotes)), key=lambda i: quotes[i].span.start)
        self.starts = [quotes[i].span.start for i in self.order]
        self.reach = list(itertools.accumulate((quotes[i].span.end for i in self.order), max))

    def overlapping(self, span: Span) -> list[Quote]:
        first = bisect.bisect_right(self.reach, span.start)
        last = bisect.bisect_left(self.starts, span.end)
        found = [i for i in self.order[first:last] if self.quotes[i].span.end > span.start]
        return [self.quotes[i] for i in sorted(found)]


def _match_span(m: re.Match[str]) -> tuple[int, int]:
    return m.span()


def _mention_span(m: Mention) -> tuple[int, int]:
    return m.span.start, m.span.end


def _timex_span(t: Timex) -> tuple[int, int]:
    return t.span.start, t.span.end


def find_events(
    body: str,
    sentences: Sequence[Sentence],
    entities: ArticleEntities,
    timexes: Sequence[Timex],
    quotes: Sequence[Quote],
    *,
    treaty_years: Mapping[str, int] | None = None,
    published: date | None = None,
) -> list[Event]:
    """Every event stated in the body, one per (type, treaty) in each sentence.

    "The treaty" and its kin refer to the treaty named last (the salient one), unless
    the words give another year of signature than the KB's ("the 2015 agreement" is not
    a treaty signed in 2010); a sentence without a date may borrow the one before.
    """
    treaty_years = treaty_years or {}
    events: list[Event] = []
    salient: str | None = None
    since_named = 0  # sentences since a treaty was last named
    since_discussed = 0  # ... or referred to by a noun ("the treaty")
    # Whole-body scans, shared out to sentences by offset: one regex pass per cue.
    triggers = _Located(_trigger_matches(body), _match_span)
    speech = _Located(list(_STATEMENT.finditer(body)), _match_span)
    treaty_starts = {m.span.start for m in entities.mentions if m.entity_type == "Treaty"}
    dated = _Located(
        [
            t
            for t in timexes
            if t.value and not t.dateline and not _names_a_treaty(body, t, treaty_starts)
        ],
        _timex_span,
    )
    dates_before: list[Timex] = []
    keys_before: frozenset[str] = frozenset()  # who the sentence before names
    treaty_mentions = _Located(
        [m for m in entities.mentions if m.entity_type == "Treaty"], _mention_span
    )
    quoted = _Overlaps(quotes)
    for sentence in sentences:
        span = sentence.span
        named = [m.entity_key for m in treaty_mentions.within(span)]
        dates_here = dated.within(span)
        inside = triggers.within(span)
        if (inside or speech.within(span)) and not _headline(body, span):
            mentions = entities.within(span)
            signed = treaty_years.get(salient) if salient else None
            ctx = _Context(
                body,
                span,
                mentions,
                quoted.overlapping(span),
                None if signed and _another_year(body, span, signed) else salient,
                since_discussed <= 2,
                _refers_to_treaty(body, span)
                or (since_named == 0 and _refers_by_pronoun(body, span)),
                dates_here,
                dates_before,
                keys_before,
                published,
            )
            found = _typed_events(ctx, inside)
            # A speech verb reports a statement when nothing more specific is said, or when
            # it opens a clause of its own after the other events ("X has not signed it,
            # and NATO said in December that ...").
            if not found or _speech_after(body, speech.within(span), found):
                # Reported speech right after a treaty is named is about that treaty.
                recent = ctx.salient if since_named <= 1 else None
                treaty = named[0] if named else (ctx.salient if ctx.generic else recent)
                speaker = subject_of_speech(body, entities, span, [q.span for q in ctx.quotes])
                statement = _statement(ctx, treaty, speaker)
                if statement is not None and (not found or _said_apart(body, statement, found)):
                    found.append(statement)
            events += found
        salient = named[-1] if named else salient
        since_named = 0 if named else since_named + 1
        discussed = named or _TREATY_WORD.search(body, span.start, span.end)
        since_discussed = 0 if discussed else since_discussed + 1
        dates_before = dates_here
        keys_before = frozenset(m.entity_key for m in entities.within(span))
    return events


def _speech_after(body: str, verbs: Sequence[re.Match[str]], others: Sequence[Event]) -> bool:
    """A cheap first look for `_said_apart`: a speech verb with a that-clause after every
    other event's trigger."""
    last = max(e.trigger.end for e in others)
    return any(v.start() >= last and _THAT_CLAUSE.match(body, v.end()) for v in verbs)


def _said_apart(body: str, statement: Event, others: Sequence[Event]) -> bool:
    """Whether a statement's speech verb opens a that-clause after every other event's
    trigger, so that it says something of its own rather than reporting those events
    ("..., Peskov told journalists" only attributes them)."""
    return _THAT_CLAUSE.match(body, statement.trigger.end) is not None and all(
        e.trigger.end <= statement.trigger.start for e in others
    )


_THAT_CLAUSE = re.compile(r"[^,;.:“”\"]{0,40}?\bthat\b")


_YEAR_TREATY = re.compile(
    r"\b(?:the|a|its|this)\s(?P<year>1[89]\d\d|20\d\d)\s(?:[\w-]+\s){0,3}?"
    r"(?:treaty|agreement|accord|deal|pact|convention)\b",
    re.IGNORECASE,
)


def _another_year(body: str, span: Span, signed: int) -> bool:
    """Whether the sentence speaks of "the <year> ... treaty" with a year other than `signed`."""
    return any(int(m["year"]) != signed for m in _YEAR_TREATY.finditer(body, span.start, span.end))


def _names_a_treaty(body: str, timex: Timex, treaty_starts: set[int]) -> bool:
    """ "the 1972 Anti-Ballistic Missile Treaty": a year that is part of how a treaty is
    named dates no event reported about it."""
    if timex.precision != "year":
        return False
    after = timex.span.end + 1
    return after in treaty_starts and body[timex.span.end : after] == " "


def _headline(body: str, span: Span) -> bool:
    """A short line without closing punctuation is a headline or caption glued into the
    body: it announces a story, it does not report an event of its own."""
    text = body[span.start : span.end]
    return len(text.split()) <= _HEADLINE_WORDS and not text.rstrip().endswith(
        (".", "!", "?", '"', "”", "’", ")")
    )


_SPEECH_EVENTS = frozenset({"statement", "call_for_talks"})


def date_by_occasion(
    events: Sequence[Event], quotes: Sequence[Quote], occasions: dict[str, set[str]]
) -> tuple[list[Event], list[Quote]]:
    """Date undated speech by the one occasion the article reports its speaker speaking.

    A report of a briefing dates it once ("Roe told reporters on Friday") and goes on
    quoting; when a speaker has exactly one dated occasion in the article, their undated
    statements, calls and quotes are from it. Such an event's confidence drops a notch.
    """
    single = {speaker: next(iter(days)) for speaker, days in occasions.items() if len(days) == 1}
    dated_events = [
        replace(
            e, date=single[e.actors[0][0]], precision="day", confidence=round(e.confidence - 0.1, 2)
        )
        if e.type in _SPEECH_EVENTS and not e.date and e.actors and e.actors[0][0] in single
        else e
        for e in events
    ]
    dated_quotes = [
        replace(q, date=single[q.speaker]) if not q.date and q.speaker in single else q
        for q in quotes
    ]
    return dated_events, dated_quotes
