"""Events: treaty lifecycle and diplomacy, typed, with actors, treaty, date and modality.

The orchestrator of a few general mechanisms over data: the trigger table
(resources/triggers.toml, compiled by `triggers`) gives typed candidates; each type's
declared needs decide which stand (`_stands_here`, `_has_object`); `treaty_refs` finds
the treaty, `event_dates` the date, `modality` the modality from the trigger's clause, and
`speech` whether a sentence also reports a statement. One sentence can hold several
events, and a list of treaties after one trigger ("withdrew from A, B and C") gives one
event per treaty.
The KB supplies every name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from treatykg.ingest.cues import cue_regex, inflections, load_resource
from treatykg.ingest.document import Document
from treatykg.ingest.event_dates import (
    Dated,
    Layout,
    borrowable,
    dated_from_next,
    dating_timexes,
    event_date,
    for_type,
    may_borrow,
    shifted,
)
from treatykg.ingest.legislative import (
    BILL_TYPES,
    BillAct,
    bill_acts,
    bill_step,
    chamber,
    legislative,
    step_modality,
)
from treatykg.ingest.modality import (
    MODALITIES,
    elided_negation,
    modality_of,
    negated,
    no_event,
    refined,
    wished_for_others,
)
from treatykg.ingest.noun_phrases import (
    TALKS_TOPIC,
    activity_gerund,
    denied_by_no,
    modifies_occasion,
    topic_of_talks,
)
from treatykg.ingest.quotes import Quote
from treatykg.ingest.records import Mention, Span
from treatykg.ingest.restated import merge_restated
from treatykg.ingest.spans import SpanIndex
from treatykg.ingest.speech import (
    OWNED,
    REPORTED_APART,
    SPEECH,
    WISHES,
    acting_verb,
    announced,
    complement_start,
    denied,
    denied_content,
    directed,
    each_speaker,
    evaluated_step,
    evaluates,
    foreign_title,
    frame_dates,
    governing_speaker,
    intended,
    later_frames,
    no_speaker,
    opens_with_pronoun,
    owned_acts,
    pronoun_subject,
    refers_back,
    relative_aside,
    remark_about_arms,
    reported_content,
    said_apart,
    speech_after,
    starts_object,
    titled_by,
    titled_voices,
)
from treatykg.ingest.text import Sentence, guarded
from treatykg.ingest.timex import Timex
from treatykg.ingest.treaty_refs import (
    another_year,
    beside_quotes,
    charges_breach,
    family_object,
    named_by_occasions,
    names_treaty_noun,
    no_object_follows,
    pronoun_object,
    refers_by_pronoun,
    refers_to_treaty,
    tied_names,
    treaties_of,
    treaty_of_year,
    unnamed_object,
    unnamed_subject,
)
from treatykg.ingest.triggers import EventType, Trigger, cue_pattern, table, trigger_matches

__all__ = ["EVENT_TYPES", "MODALITIES", "Event", "date_by_occasion", "find_events"]

# The event types, as the trigger table (resources/triggers.toml) declares them.
EVENT_TYPES = tuple(table().types)

_SPEAKING = ("Person", "Organization", "State")  # the entity types that may speak


# Keeping to a treaty's limits on a condition that another party acts ("if Washington
# does", "as long as the US reciprocates", "provided Moscow keeps to them") offers it: a
# condition word, a named party, its verb.
_OFFER_CONDITION = guarded(
    cue_regex(table().cue_words["offer_conditions"])
    + r"\s(?:the\s)?[A-Z][\w.]*(?:\s[A-Z]\w*)?\s(?:also\s|too\s)?[a-z]+\b"
)


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


def _actors(
    mentions: Sequence[Mention], quotes: Sequence[Quote], event_type: str
) -> tuple[tuple[str, str], ...]:
    """The actors named outside quotations, in text order, in the roles the type declares:
    the first takes the first role (agent, speaker), the others the last (counterpart)."""
    roles = table().types[event_type].roles
    found: dict[str, str] = {}  # each actor's role, in the order named
    for m in mentions:
        if m.entity_type not in ("Person", "State", "Organization") or m.entity_key in found:
            continue
        if quotes and any(q.span.start <= m.span.start < q.span.end for q in quotes):
            continue
        found[m.entity_key] = roles[min(len(found), len(roles) - 1)]
    return tuple(found.items())


def _in_clause(
    body: str, sentence: Span, trigger: Span, mentions: Sequence[Mention]
) -> Sequence[Mention]:
    """The mentions of the trigger's independent clause: "Washington left it in 2020;
    Moscow's exit took effect in 2021" has two withdrawals with one agent each."""
    start = body.rfind(";", sentence.start, trigger.start) + 1 or sentence.start
    end = body.find(";", trigger.end, sentence.end)
    end = sentence.end if end == -1 else end
    return [m for m in mentions if start <= m.span.start < end]


def _overlapping(mentions: Sequence[Mention], span: Span | None) -> list[Mention]:
    """The mentions that overlap a span ("the United States" over "United States")."""
    if span is None:
        return []
    return [m for m in mentions if m.span.start < span.end and m.span.end > span.start]


def _confidence(base: float, treaty: str | None, dated: Dated) -> float:
    """Rule confidence: a named treaty and a date in the sentence itself make a firmer fact."""
    score = base + (0.1 if treaty else 0.0) + (0.1 if dated.value and not dated.borrowed else 0.0)
    return round(score, 2)


def _quoted(position: int, quotes: Sequence[Quote]) -> bool:
    return any(q.span.start <= position < q.span.end for q in quotes)


@dataclass
class _Context:
    """One sentence as the event rules see it, with what the article around it supplies.

    Read-only by convention, not frozen: one is built for nearly every sentence, and a
    frozen dataclass sets each of its fields through `object.__setattr__`.
    """

    doc: Document
    body: str
    sentence: Span
    index: int  # the sentence's place in the document
    mentions: Sequence[Mention]
    quotes: Sequence[Quote]
    narrated: str | None  # the treaty named last before this sentence (`_narrated`)
    seen: Sequence[str]  # the treaties named before this sentence (a list replaced, not grown)
    discussed: _Discussed  # which sentences name or refer to a treaty
    dates_here: Sequence[Timex]
    dates_before: Sequence[Timex]
    mentions_before: Sequence[Mention]  # the mentions of the sentence before
    verbs: Sequence[re.Match[str]]  # the speech verbs of the sentence
    # The whole body's speech verbs, of which `verbs` are the sentence's share.
    speech: SpanIndex[re.Match[str]] | None = None
    _unvoiced: dict[tuple[int, int], bool] = field(default_factory=dict)

    def unvoiced(self, verb: Span) -> bool:
        """`speech.no_speaker` for a verb of the sentence: asked of the same verbs by
        the voice, statement and act rules, answered once per verb."""
        key = verb.start, verb.end
        known = self._unvoiced.get(key)
        if known is None:
            known = self._unvoiced[key] = no_speaker(self.body, self.sentence, verb, self.mentions)
        return known

    @functools.cached_property
    def alone(self) -> bool:
        """Whether `verbs` are what a scan of the sentence alone finds (`_scanned_alone`),
        so that its frames are read off them instead of scanned for again."""
        return self.speech is not None and _scanned_alone(
            self.body, self.sentence, self.verbs, self.speech
        )

    @functools.cached_property
    def keys_before(self) -> frozenset[str]:
        """Who the sentence before names: asked only of a remark that borrows a date."""
        return frozenset(m.entity_key for m in self.mentions_before)

    @functools.cached_property
    def recent(self) -> bool:
        """Whether a treaty was named or referred to ("the treaty") in one of the three
        sentences before (or the article has just begun)."""
        k = self.index
        return k <= 2 or any(self.discussed(j) for j in range(k - 3, k))

    @functools.cached_property
    def just_discussed(self) -> bool:
        """Whether the sentence before named or referred to a treaty (or there is none)."""
        return self.index == 0 or self.discussed(self.index - 1)

    @functools.cached_property
    def parties(self) -> list[Span]:
        """Where the sentence names a state, person or organization (asked per trigger)."""
        return [m.span for m in self.mentions if m.entity_type in _SPEAKING]

    @functools.cached_property
    def text(self) -> str:
        return self.body[self.sentence.start : self.sentence.end]

    @functools.cached_property
    def generic(self) -> bool:
        """Whether the sentence refers to a treaty by a common noun ("the treaty", "the
        deal"), or opens with "It" right after one was named or referred to."""
        return refers_to_treaty(self.body, self.sentence, self.doc.folded) or (
            self.just_discussed and refers_by_pronoun(self.body, self.sentence)
        )

    @functools.cached_property
    def salient(self) -> str | None:
        """The treaty under discussion: the one named last, unless the words give another
        year of signature than the KB's ("the 2015 agreement" is not a treaty signed in
        2010); "the 2015 nuclear deal" is the treaty named before that was made that year,
        or the one the next sentence names (guidelines v2). Asked only by the rules that
        read "the treaty" or an understood object."""
        years = self.doc.treaty_years
        by_year = treaty_of_year(self.body, self.sentence, self.seen, years) or treaty_of_year(
            self.body, self.sentence, _named_next(self.doc, self.index), years
        )
        if by_year:
            return by_year
        signed = years.get(self.narrated) if self.narrated else None
        if signed and another_year(self.body, self.sentence, signed):
            return None
        return self.narrated

    @functools.cached_property
    def about_arms(self) -> bool:
        """Whether the sentence is a remark about arms control (`remark_about_arms`),
        asked by the occasion rules and by the statement rule."""
        return remark_about_arms(self.text, [q.text for q in self.quotes])

    @property
    def described(self) -> str | None:
        """The treaty this sentence's unnamed description names (`Document.described`)."""
        return self.doc.described.get(self.sentence.start)

    @functools.cached_property
    def speaker(self) -> str | None:
        """Who speaks in the sentence, if it has a speech verb: "..., the government said"
        is the state the sentence names, else the subject of its speech. Worked out only
        when a rule asks, since most sentences with a speech verb never need it."""
        if not self.verbs:
            return None
        verb = Span(*self.verbs[0].span())
        governing = governing_speaker(self.body, self.sentence, verb, self.mentions)
        return governing or self.doc.speaker_of(self.sentence)

    @functools.cached_property
    def frames(self) -> list[Span]:
        """The speech verbs of the sentence outside quotations, in text order: found once
        for the rules that read the sentence's speech frames."""
        body, sentence = self.body, self.sentence
        verbs = self.verbs if self.alone else SPEECH.finditer(body, sentence.start, sentence.end)
        return [Span(v.start(), v.end()) for v in verbs if not _quoted(v.start(), self.quotes)]

    @property
    def frame_verb(self) -> Span | None:
        """The first speech verb of the sentence outside quotations: its frame."""
        return self.frames[0] if self.frames else None

    def dating(self, trigger: Span, layout: Layout | None = None) -> Dated:
        return event_date(
            self.body, self.sentence, self.dates_here, self.dates_before, trigger, layout
        )


def _offered(text: str) -> bool:
    """Whether a sentence offers what it states ("ready to keep to the limits", "as long as
    Washington does")."""
    return (
        cue_pattern("offer").search(text) is not None or _OFFER_CONDITION.search(text) is not None
    )


def _spoken_before(ctx: _Context, at: int) -> bool:
    """Whether the words at `at` are reported speech: a speech verb outside quotations
    stands before them in the sentence."""
    return any(
        not _quoted(v.start(), ctx.quotes)
        for v in SPEECH.finditer(ctx.body, ctx.sentence.start, at)
    )


def _requirement_met(ctx: _Context, row: Trigger, at: int) -> bool:
    """A trigger row's own requirement: keeping to the limits is an extension only as an
    offer, and a speaker saying their side will keep to them offers it (guidelines v2:
    "Moscow said it would keep to the limits" proposes an extension); keeping
    to a treaty is an accusation only when negated ("does not comply with it")."""
    if row.requires == "offer":
        return _offered(ctx.text) or _spoken_before(ctx, at)
    if row.requires == "negated":
        return negated(ctx.body, ctx.doc.clause_marks.clause_of(ctx.sentence, at))
    if row.requires == "validity_until":
        return _valid_until(ctx, at)
    if row.requires == "breach":  # "accused Russia of breaking the pact", not "of lying"
        return charges_breach(ctx.body, ctx.sentence, at, ctx.mentions, cue_pattern("breach"))
    return True


def _valid_until(ctx: _Context, at: int) -> bool:
    """ "extended until February 2026", "in force until 2031": "until" opens a date and
    a validity word stands before it in the clause."""
    after = at + len("until ")
    if not any(after <= t.span.start <= after + 4 for t in ctx.dates_here):
        return False
    start = ctx.doc.clause_marks.clause_of(ctx.sentence, at)[0]
    return cue_pattern("validity").search(ctx.body, start, at) is not None


def _treaty_of(
    ctx: _Context, kind: EventType, m: re.Match[str], row: Trigger, family: bool
) -> list[str]:
    """The treaties a trigger concerns: named in the sentence, else the one under
    discussion when the sentence refers to it ("the treaty", "it") or its object is
    understood ("suspended its participation", "would withdraw in six months").
    `family`: whether its object is a family of treaties (`treaty_refs.family_object`)."""
    body = ctx.body
    span = Span(m.start(), m.end())
    if family or unnamed_object(body, span) or unnamed_subject(body, ctx.sentence.start, span):
        # "signed a new arms treaty, replacing START I": not START I; "signed a treaty on
        # naval drills; it became known as the Sea Pact": the description names it.
        return [ctx.described] if ctx.described and not family else []
    mentions: Sequence[Mention] = ctx.mentions
    generic: bool | None = None  # None: the sentence's own (`_Context.generic`), read last
    if not (kind.in_quotes or kind.speech_act):  # a quotation's treaty is the remark's topic
        quoted = [q.span for q in ctx.quotes]
        beside = beside_quotes(body, ctx.sentence, mentions, quoted, m.start())
        if beside is not None:
            mentions, generic = beside
    said = _said_after(ctx, m.end()) if not (kind.lifecycle or kind.speech_act) else None
    if said is not None:
        # "officials said during talks with their counterparts that Moscow would halt the
        # New START data": the treaty is the reported remark's, not the talks'.
        mentions = [x for x in mentions if x.span.start < said]
        generic = refers_to_treaty(body, Span(ctx.sentence.start, said), ctx.doc.folded)
    treaties = treaties_of(mentions, span, body)
    if treaties:
        return treaties
    generic = ctx.generic if generic is None else generic
    return [ctx.salient] if (generic or _implicit(ctx, kind, m, row)) and ctx.salient else []


def _implicit(ctx: _Context, kind: EventType, m: re.Match[str], row: Trigger) -> bool:
    """Whether a trigger's object is understood to be the treaty under discussion
    ("suspended its participation", "would withdraw in six months"); asked only when the
    sentence names none for it."""
    last_word = m[0].rsplit(" ", 1)[-1]
    # A trigger with an object of its own ("will not provide the data") leaves none understood.
    return ctx.recent and (
        # "revoked its ratification" (its object), not "The ratification builds on" (alone)
        (last_word in table().understood_objects and last_word != m[0])
        or (_understood(kind, row) and not row.treaty_context and _no_object(ctx, m.end()))
    )


_THAT = re.compile(r"\bthat\b")
_SPEECH_REACH = 100  # characters of one clause between a speech verb and its "that"


def _no_object(ctx: _Context, end: int) -> bool:
    """Whether a trigger has no object of its own ("Lima signed too") or only a pronoun
    for the treaty under discussion ("Peru has not ratified it")."""
    return no_object_follows(ctx.body, end) or pronoun_object(ctx.body, ctx.sentence.start, end)


def _said_after(ctx: _Context, end: int) -> int | None:
    """Where a remark's that-clause opens after position `end` ("officials said during
    the talks that ..."), if one does: a speech verb outside quotations stands before
    its "that", within one clause."""
    that = _THAT.search(ctx.body, end, ctx.sentence.end)
    if that is None:
        return None
    head = max(ctx.sentence.start, that.start() - _SPEECH_REACH)
    for verb in SPEECH.finditer(ctx.body, head, that.start()):
        between = ctx.body[verb.end() : that.start()]
        if not _quoted(verb.start(), ctx.quotes) and not any(c in between for c in ",;:"):
            return that.start()
    return None


def _has_object(
    ctx: _Context, kind: EventType, treaties: list[str], row: Trigger, family: bool
) -> bool:
    """Whether a trigger has what its type needs to be about: a treaty for a lifecycle
    step (or a family of them, `family`: "may abandon all of its remaining arms pacts"),
    an arms-control context. With `_stands_here`, whether it states an event here."""
    # "to exchange ratification documents", "will not provide the data": the words say a
    # treaty is meant; the one under discussion lets the step stand.
    by_context = row.treaty_context and ctx.recent
    if kind.lifecycle and not (treaties or ctx.generic or by_context or family):
        return False
    # A named treaty makes the sentence about arms control ("was replaced by START II").
    return not (kind.context and not treaties and not cue_pattern(kind.context).search(ctx.text))


def _stands_here(ctx: _Context, kind: EventType, m: re.Match[str], row: Trigger) -> bool:
    """Whether a trigger may state an event of its type here, whatever treaty it
    concerns: an engaged party where its type needs one, and not what it is about instead
    ("the law entered into force"), nor an occasion used as a time anchor ("said after
    the meeting"). Asked before its treaty is looked for (`_has_object` reads that)."""
    body, sentence = ctx.body, ctx.sentence
    span = Span(m.start(), m.end())
    if modifies_occasion(body, span):
        return False  # "convened a signing ceremony": the occasion, not the act
    if kind.lifecycle and topic_of_talks(body, sentence.start, span):
        return False  # "talks on the renewal of the treaty": the talks are the event
    if activity_gerund(body, span, kind.code):
        return False  # "dogged by bargaining over the shield": an activity, no event
    if kind.lifecycle and _refers_to_decision(body, sentence.start, m.start()):
        return False
    before = max(sentence.start, m.start() - 120)  # a subject with its complements
    if kind.not_subject is not None and kind.not_subject.search(body, before, m.start()):
        return False  # "inspections that lapsed", "the US withdrawal took effect"
    if kind.not_after is not None and kind.not_after.search(body, before, m.start()):
        return False  # "said before the meeting": a meeting reported elsewhere
    if row.subject is not None and not row.subject.search(
        body, max(sentence.start, m.start() - 200), m.start()
    ):
        return False  # "will review the case" with no council or commission reviewing
    engaged = "engaged" in (kind.requires, row.requires)
    return not (engaged and not _engaged(body, sentence.start, m.start(), m.end()))


def _rank(pair: tuple[Trigger, re.Match[str]]) -> int:
    return pair[0].rank


def _understood(kind: EventType, row: Trigger) -> bool:
    """Whether a trigger with no object named means the treaty under discussion: the
    row says so ("both signed and ratified"), else its type does; a bare noun ("more
    ratifications", "the fight against ratification") means none of its own."""
    return kind.understood if row.understood is None else row.understood


def _wished(ctx: _Context, clause: tuple[int, int], event_type: str, at: int) -> bool:
    """Whether the trigger is another party's step that someone only wishes for
    (`modality.wished_for_others`): a party is named between the wish and the trigger."""
    return wished_for_others(ctx.body, clause, event_type, at, ctx.parties)


def _per_chamber(ctx: _Context, event: Event) -> list[Event]:
    """One event per chamber when coordinated chambers take a bill-borne step together
    ("The Duma and then the Federation Council ratified it"): each chamber's vote is its
    own event, with the chamber alone as its actor (guidelines v2)."""
    if event.type not in BILL_TYPES:
        return [event]
    names = {m.entity_key: m.surface for m in ctx.mentions if m.entity_type == "Organization"}
    chambers = [key for key, _ in event.actors if key in names and chamber(names[key])]
    if len(chambers) < 2:
        return [event]
    role = table().types[event.type].roles[0]
    return [replace(event, actors=((key, role),)) for key in chambers]


def _typed_events(ctx: _Context, matches: Sequence[re.Match[str]]) -> list[Event]:
    """The events the trigger matches in one sentence give, one per treaty they concern.

    Rules are taken in priority order; a type counts once per sentence, at its first
    match that passes the checks.
    """
    if not matches:
        return []  # a sentence read for its speech alone
    body, sentence = ctx.body, ctx.sentence
    events: list[Event] = []
    found: dict[str, set[str | None]] = {}  # event type -> the dates it was found with
    layout: Layout | None = None  # (laid out once a trigger is to be dated)
    rules = table()
    rows = [(rules.trigger_of(m), m) for m in matches]
    if len(rows) > 1:
        rows.sort(key=_rank)
    for row, m in rows:
        event_type = row.type
        kind = rules.types[event_type]
        if found and found.keys() & (kind.absorbed_by | row.absorbed_by):
            continue
        # (Each check that skips a trigger is a pure test: the cheaper ones, which do not
        # need its date, go first; the order of skipping cannot change what is found.)
        if not kind.in_quotes and _quoted(m.start(), ctx.quotes):
            continue
        if not _requirement_met(ctx, row, m.start()):
            continue
        if not _stands_here(ctx, kind, m, row):  # (before the treaty: it needs none)
            continue
        family = family_object(body, m.end())  # asked by both checks below
        treaties = _treaty_of(ctx, kind, m, row, family)
        if not _has_object(ctx, kind, treaties, row, family):
            continue
        trigger = Span(m.start(), m.end())
        if layout is None:
            layout = Layout(body, sentence, [Span(*x.span()) for x in matches], ctx.dates_here)
        dated = shifted(body, sentence, trigger, ctx.dating(trigger, layout), layout)
        dated = for_type(body, dated, event_type, trigger, ctx.dates_here)  # "until 2026"
        # A type counts once per sentence, unless its triggers carry different dates
        # ("approved by the Senate in December; Russia ratified it last month").
        if event_type in found and (dated.borrowed or dated.value in found[event_type]):
            continue
        clause = ctx.doc.clause_marks.clause_of(sentence, m.start())
        if no_event(body, clause, trigger, event_type):
            # "must be ratified to enter into force", "critics accused Iran of violating it":
            # the type's other triggers in the sentence are the same mention.
            found.setdefault(event_type, set()).add(dated.value)
            continue
        # "introduced a bill to withdraw" is no event; "the Duma passed a bill withdrawing
        # Russia from it" is the Duma's step, planned until the law is signed.
        step = bill_step(body, clause, m.start(), event_type)
        if step is not None and step.modality == "none":
            continue
        modality = modality_of(body, clause, event_type, implied=row.implied, at=m.start())
        if _wished(ctx, clause, event_type, m.start()):
            continue  # "Beijing hopes Washington will extend it": the remark's, no event
        modality = refined(body, sentence, clause, event_type, modality)  # "if X, Y will"
        modality = denied_by_no(body, clause, trigger, event_type, modality)  # "held no talks"
        if step is not None and step.modality == "planned" and modality == "actual":
            modality = "planned"
        if row.fails_on and cue_pattern(row.fails_on).search(body, m.end(), sentence.end):
            modality = "failed"  # "efforts to forge a compromise ... fell apart"
        # A plan borrows no date of the past, a past act none still to come.
        dated = borrowable(dated, modality, ctx.doc.published)
        if (
            dated.borrowed
            and not kind.speech_act
            and not may_borrow(body, sentence, trigger, ctx.mentions)
        ):
            dated = Dated()  # the sentence before dates another happening
        if dated.borrowed and kind.speech_act:
            speakers = {m.entity_key for m in ctx.mentions if m.entity_type == "Person"}
            # (With nobody named, "he added" goes on from the sentence before.)
            if speakers and not _same_occasion(ctx, speakers):
                dated = Dated()  # a call is dated by its own occasion, not the news before it
        in_clause = _in_clause(body, sentence, trigger, ctx.mentions)
        if step is not None:  # whoever acts on the bill, not the state it binds
            in_clause = [x for x in in_clause if x.span.start < step.start] or in_clause
        # "A ratified it; neither B nor C did": B and C are the actors of a negated one.
        elided = elided_negation(body, sentence, trigger.end)
        denied = _overlapping(ctx.mentions, elided)
        actors = _actors([x for x in in_clause if x not in denied], ctx.quotes, event_type)
        concerned: list[str | None] = list(treaties) or [None]
        for treaty in concerned:
            events.append(
                Event(event_type, modality, actors, treaty, dated.value, dated.precision,
                      trigger, sentence, _confidence(0.4, treaty, dated))
            )  # fmt: skip
            if denied:
                events.append(
                    Event(event_type, "negated", _actors(denied, ctx.quotes, event_type), treaty,
                          None, None, trigger, sentence, _confidence(0.4, treaty, Dated()))
                )  # fmt: skip
        found.setdefault(event_type, set()).add(dated.value)
    return events


_ENGAGED = load_resource("triggers.toml")["engaged"]
_ENGAGING = guarded(
    cue_regex([f for lemma in _ENGAGED["verbs"] for f in inflections(lemma)] + _ENGAGED["words"])
    + r"[^,;.]{0,30}$",
    re.IGNORECASE,
)
# "consultations on small arms with European counterparts": a topic may come first.
_PARTIES = re.compile(
    r"(?:\s" + TALKS_TOPIC + r"(?:\s[\w-]+){1,4}?)?\s" + cue_regex(_ENGAGED["parties"]),
    re.IGNORECASE,
)
# "The talks in Geneva ended without agreement", "Talks to revive the deal resumed": talks
# that something happens to were held.
_HAPPENED = re.compile(r"[^,;.]{0,60}?\s(?:have\s|has\s|had\s)?" + cue_regex(_ENGAGED["happened"]))
# "the talks he had with Putin", "talks that Oman mediated": a relative clause holds them
# (not "talks he had hoped for").
_RELATIVE = re.compile(
    r"\s(?:that\s|which\s)?(?:[\w’'-]+\s){1,4}?"
    + cue_regex([f for lemma in _ENGAGED["relative"] for f in inflections(lemma)])
    + r"(?!\s"
    + cue_regex(_ENGAGED["relative_not"])
    + ")",
    re.IGNORECASE,
)
_TOPIC = guarded(cue_regex(_ENGAGED["topics"]) + r"[^,;.]{0,60}$", re.IGNORECASE)


def _engaged(body: str, sentence_start: int, start: int, end: int) -> bool:
    """Whether talks are held by someone, not just named: "held talks with", "negotiations
    between", "take part in trilateral talks", "the talks he had with Putin"; "arms talks"
    in a headline, or "its position on talks involving China", is a topic."""
    head = max(sentence_start, start - 60)
    topic = _TOPIC.search(body, head, start)
    if topic is not None:
        return _ENGAGING.search(body, topic.end(), start) is not None
    before = _ENGAGING.search(body, max(sentence_start, start - 40), start)
    return before is not None or any(
        p.match(body, end) is not None for p in (_PARTIES, _HAPPENED, _RELATIVE)
    )


_DECISION = load_resource("triggers.toml")["decision"]
_DECISION_TO = guarded(cue_regex(_DECISION["nouns"]) + r"[^,;.]{0,40}\bto\s$", re.IGNORECASE)
_ANNOUNCED = guarded(cue_regex(_DECISION["reported_by"]) + r"[^,;.]{0,40}$", re.IGNORECASE)


def _refers_to_decision(body: str, sentence_start: int, start: int) -> bool:
    """ "backs the decision to withdraw" refers to a decision reported before; "announced
    its decision to withdraw" reports it, and stays an event."""
    head = body[max(sentence_start, start - 60) : start]
    decision = _DECISION_TO.search(head)
    return decision is not None and not _ANNOUNCED.search(head[: decision.start()])


# Headlines run short; a long unpunctuated line is a lead sentence that lost its stop.
_HEADLINE_WORDS = 16


# "Obama said after the vote": the occasion the sentence before dated.
def _same_occasion(ctx: _Context, speakers: set[str]) -> bool:
    """Whether a remark continues the occasion the sentence before dated: that sentence
    names its speaker, or it refers back ("Obama said after the vote")."""
    return bool(speakers & ctx.keys_before) or refers_back(ctx.body, ctx.sentence)


def _statement(ctx: _Context, treaty: str | None) -> Event | None:
    """The event of a remark about arms control that no more specific event type covers,
    typed by what the speech act does: an announcement of one's own side's act ("announced
    that production would resume") is that act (type other), anything else a statement.

    The sentence's speaker (`_Context.speaker`) leads the actors. Unnamed or generic
    speakers, documents and habitual speech give none (`speech.no_speaker`). The date is
    the frame's ("On Tuesday, Doe said that ... on 3 March": Tuesday); it borrows the
    date of the sentence before only for the same occasion: that sentence names its
    speaker, or it refers back to it ("Obama said after the vote")."""
    if not any(m.entity_type in _SPEAKING for m in ctx.mentions):
        return None
    if treaty is None and not ctx.about_arms:
        return None
    # The first frame with a speaker; after an unnamed one, a frame of its own that
    # reports a clause: "Officials said Russia warned that ..." is Russia's.
    frames = ctx.frames
    trigger = next(
        (
            v
            for k, v in enumerate(frames)
            if (k == 0 or said_apart(ctx.body, v, ())) and not ctx.unvoiced(v)
        ),
        None,
    )
    if trigger is None:
        return None
    modality, refers_to_stated = announced(ctx.body, trigger)
    if refers_to_stated:
        return None  # "announced the development": a step the article already stated
    # "welcomed the move": what an evaluative act judges is no content of the speech.
    content = (
        None if evaluates(ctx.body, trigger) else reported_content(ctx.body, ctx.sentence, trigger)
    )
    here = [  # not a date told in passing ("Moscow, which left in 2021, said")
        t
        for t in frame_dates(ctx.body, ctx.sentence, trigger, ctx.dates_here)
        if not relative_aside(ctx.body, ctx.sentence, trigger, t.span)
    ]
    dated = event_date(ctx.body, ctx.sentence, here, ctx.dates_before, trigger)
    speaker = ctx.speaker
    if dated.borrowed and speaker is not None and not _same_occasion(ctx, {speaker}):
        dated = Dated()
    actors = _actors(ctx.mentions, ctx.quotes, "statement")
    if speaker is not None:
        actors = ((speaker, "speaker"), *(a for a in actors if a[0] != speaker))
    actors = _addressed(ctx, trigger, actors)
    if modality is not None:
        return Event("other", modality, actors, treaty, dated.value, dated.precision, trigger,
                     ctx.sentence, _confidence(0.3, treaty, dated), content)  # fmt: skip
    return Event("statement", "actual", actors, treaty, dated.value, dated.precision, trigger,
                 ctx.sentence, _confidence(0.3, treaty, dated), content)  # fmt: skip


def _own_plan(doc: Document, ctx: _Context, statement: Event | None) -> Event | None:
    """A statement whose report is a plan of the speaker's own side ("Lithuania plans to
    start producing mines, its deputy minister said") announces that act: type other,
    planned (guidelines v2). The plan is read after the verb, else before it (the
    attribution last); whoever the report names before the plan must be the speaker's
    side."""
    if statement is None or statement.type != "statement" or not statement.actors:
        return statement
    verb = statement.trigger
    start, at = verb.end, intended(ctx.body, verb.end, ctx.sentence.end)
    if at is None:
        start, at = ctx.sentence.start, intended(ctx.body, ctx.sentence.start, verb.start)
    if at is None or denied_content(ctx.body, ctx.sentence, Span(at, at + 1)):
        return statement  # "dismissed reports that Oslo planned to ...": no plan stated
    speaker = statement.actors[0][0]
    side = _side(doc, ctx, speaker)
    entity = doc.entities.entities.get(speaker)
    unknown_state = len(side) == 1 and (entity is None or entity.type == "Person")
    subjects = [
        m
        for m in ctx.mentions
        if start <= m.span.start < at and m.entity_type in ("State", "Person", "Organization")
    ]
    if unknown_state:  # a person whose state the text does not tell: unless a title does
        names = [m.span for m in ctx.mentions if m.entity_key == speaker]
        others = _names_of(doc, [m for m in subjects if m.entity_key != speaker])
        if names and others and foreign_title(ctx.body, ctx.sentence, names[0], others):
            return statement
    elif any(m.entity_key not in side for m in subjects):
        return statement  # another side's plan is reported beside the statement
    return replace(statement, type="other", modality="planned")


def _as_spoken(ctx: _Context, found: list[Event]) -> list[Event]:
    """The typed events of a sentence as its speech frame leaves them: what a directive
    verb urges did not happen ("urged the Duma to ratify it": the urging is the event),
    and talks or a meeting the speaker wishes for themselves are a call for talks ("Trump
    said she hoped to meet Varga")."""
    kept = []
    for e in found:
        e = _dated_inside(ctx, e)
        if e.type not in ("call_for_talks", "statement") and directed(
            ctx.body, ctx.sentence, e.trigger.start
        ):
            continue
        if _not_spoken_act(ctx, e):
            continue
        if e.type in WISHES and e.modality == "proposed" and _own_wish(ctx, e.trigger):
            e = replace(e, type="call_for_talks", modality="actual")
        kept.append(e)
    return kept


def _reported_apart(doc: Document, ctx: _Context, event: Event) -> bool:
    """Whether an event a speech sentence holds leaves the speech its own statement
    (guidelines v2, "facts inside speech"): talks, meetings and the like are reported
    beside it; an act of another side is too ("Washington's envoy said that Moscow would
    stop the data exchange"), while announcing one's own side's act is that act. Talks
    refused are what the speech does when the speaker's side refuses them ("Beijing will
    not join the talks, its minister said"), another side's reported beside it."""
    if event.type in REPORTED_APART and event.modality != "negated":
        return True
    if event.type in ("call_for_talks", "violation_accusation", "statement"):
        return False
    speaker = ctx.speaker
    if speaker is None:
        return False
    verb = ctx.frame_verb
    if verb is not None and relative_aside(ctx.body, ctx.sentence, verb, event.trigger):
        return True  # "Moscow, which never joined the pact, dismissed ...": not what is said
    if verb is None:
        return False
    side = _side(doc, ctx, speaker)
    entity = doc.entities.entities.get(speaker)
    if event.trigger.start > verb.end:
        start = complement_start(ctx.body, ctx.sentence, verb, ctx.dates_here)
    else:
        start = ctx.sentence.start  # the report before its attribution ("X joined, Y said")
    others = [
        m
        for m in ctx.mentions
        if start <= m.span.start < event.trigger.start
        and m.entity_type in ("State", "Person", "Organization")
        and m.entity_key not in side
        and not starts_object(ctx.body, m.span.start)
    ]
    if len(side) == 1 and (entity is None or entity.type == "Person"):
        # A person whose state the text does not tell may speak for it, unless their
        # title gives a nationality no state of the report has ("Chinese Foreign Minister
        # Wang Yi said Russia ...", not "... between Russia and the US, Russian ... said").
        names = [m.span for m in ctx.mentions if m.entity_key == speaker]
        named = [m for m in ctx.mentions if start <= m.span.start < event.trigger.start]
        return bool(names and others and foreign_title(ctx.body, ctx.sentence, names[0],
                                                       _names_of(doc, named)))  # fmt: skip
    return bool(others)


def _names_of(doc: Document, mentions: Sequence[Mention]) -> list[str]:
    """What the mentions are called, in the text and in the KB ("Moscow", "Russia"): what a
    nationality in a title is matched against."""
    names = []
    for m in mentions:
        entity = doc.entities.entities.get(m.entity_key)
        names += [m.surface, entity.name] if entity is not None else [m.surface]
    return names


def _side(doc: Document, ctx: _Context, speaker: str) -> set[str]:
    """The speaker and the state they speak for, when the text tells it: their title
    ("Russian Deputy Foreign Minister Ryabkov") or what the entities know."""
    side = {speaker}
    entity = doc.entities.entities.get(speaker)
    if entity is not None and entity.affiliation:
        side.add(entity.affiliation)
    for m in ctx.mentions:
        if m.entity_key == speaker:
            side |= {
                t.entity_key
                for t in ctx.mentions
                if t.entity_type == "State" and titled_by(ctx.body, t.span, m.span)
            }
    return side


def _owned_speech(ctx: _Context, found: list[Event]) -> list[Event]:
    """The acts a speech noun with an owner announces, when no typed event in the sentence
    states them ("after Moscow's proposal that Iran ship out its uranium": an
    act proposed by Russia)."""
    acts = []
    for owner_end, noun, modality in owned_acts(ctx.body, ctx.sentence):
        owner = [m for m in ctx.mentions if m.span.end == owner_end and m.entity_type != "Treaty"]
        if not owner or any(e.trigger.start > noun.end for e in found):
            continue
        treaty = next((m.entity_key for m in ctx.mentions if m.span.start > noun.end
                       and m.entity_type == "Treaty"), None)  # fmt: skip
        actors = ((owner[0].entity_key, "agent"),)
        acts.append(Event("other", modality, actors, treaty, None, None, noun, ctx.sentence,
                          _confidence(0.3, treaty, Dated())))  # fmt: skip
    return acts


def _dated_inside(ctx: _Context, event: Event) -> Event:
    """An event reported in speech takes a date the report gives it, never the speech's
    own ("told reporters on Friday that talks took place on 6 January": 6 January)."""
    if not ctx.dates_here:  # (no date to take: the frame is not looked for)
        return event
    verb = ctx.frame_verb
    if verb is None or event.trigger.start < verb.end:
        return event
    start = complement_start(ctx.body, ctx.sentence, verb, ctx.dates_here)
    inside = [t for t in ctx.dates_here if t.span.start >= start]
    if not inside or event.trigger.start < start or event.date in {t.value for t in inside}:
        return event
    dated = event_date(ctx.body, ctx.sentence, inside, (), event.trigger)
    dated = for_type(ctx.body, dated, event.type, event.trigger, inside)  # "the 1993 accord"
    return replace(event, date=dated.value, precision=dated.precision)


def _own_wish(ctx: _Context, trigger: Span) -> bool:
    """Whether the speaker wishes the talks or meeting for themselves: no one else is named
    as its subject in what they report ("Roe said she hoped to meet Varga", not "Peskov
    said Putin was ready for a call")."""
    verb, speaker = ctx.frame_verb, ctx.speaker
    if speaker is None or verb is None:
        return False
    if trigger.start > verb.end:
        start = complement_start(ctx.body, ctx.sentence, verb, ctx.dates_here)
    else:
        start = ctx.sentence.start
    return not any(
        start <= m.span.start < trigger.start and m.entity_key != speaker
        for m in ctx.mentions
        if m.entity_type in ("Person", "Organization", "State")
    )


_TYPING = load_resource("speech.toml")["typing"]
# Types that count once per speaker per occasion, and those whose first actor speaks.
_ONCE = frozenset(_TYPING["once_per_occasion"])
_SPEAKER_FIRST = frozenset(_TYPING["speaker_first"])


def _voiced(ctx: _Context, verbs: Sequence[re.Match[str]]) -> bool:
    """Whether a sentence with a speaker is a named speaker's remark about arms control,
    event or not: "diplomats said" voices no one (`speech.no_speaker`)."""
    if not ctx.about_arms:
        return False
    return any(
        not _quoted(v.start(), ctx.quotes) and not ctx.unvoiced(Span(*v.span())) for v in verbs
    )


def _not_spoken_act(ctx: _Context, event: Event) -> bool:
    """Whether an event a speech sentence holds is no act after all: a step's nominal the
    speaker judges ("said the suspension was invalid": the step already stated, not one by
    the speaker), a breach a denial denies ("rejected claims that it breached the pact"),
    or an accusation or call whose speaker is unnamed or speaks habitually ("US officials
    accused ...", "has repeatedly urged ...": guidelines v2 give those no event)."""
    body, sentence = ctx.body, ctx.sentence
    if (
        event.type not in _SPEECH_TYPES
        and (frame := ctx.frame_verb) is not None
        and evaluated_step(body, sentence, frame, event.trigger)
    ):
        return True
    if event.type == "violation_accusation" and denied(body, sentence, event.trigger):
        return True
    if event.type not in _SPEECH_TYPES and denied_content(body, sentence, event.trigger):
        return True  # "denied that Russia planned to leave the pact": a claim, no fact
    if event.type not in _SPEAKER_FIRST:
        return False
    verb = acting_verb(body, event.trigger) or ctx.frame_verb
    return verb is not None and ctx.unvoiced(verb)


def _addressed(
    ctx: _Context, verb: Span, actors: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """A statement's actors with those named only after its verb as counterparts: whom the
    speaker urges or speaks of ("urged Moscow to return") is no speaker."""
    before = {m.entity_key for m in ctx.mentions if m.span.end <= verb.start}
    return tuple(
        (key, role if k == 0 or key in before else "counterpart")
        for k, (key, role) in enumerate(actors)
    )


def _each_voice(ctx: _Context, statement: Event) -> list[Event]:
    """One statement per speaker of a sentence: each person of a coordinated subject who
    made plural remarks ("Doe, Roe and Moe also made statements"), and each later frame
    with a speaker of its own ("Doe praised the pact, while Roe said it was weak")."""
    body, sentence = ctx.body, ctx.sentence
    people = each_speaker(body, sentence, statement.trigger, ctx.mentions)
    if people:
        return [replace(statement, actors=((p, "speaker"),)) for p in people]
    if not statement.actors:
        return [statement]
    # The statement's verb is one of the sentence's frames: the frames from it on are
    # what a scan from it finds.
    frames = [f for f in ctx.frames if f.start >= statement.trigger.start]
    later = [
        (verb, key)
        for verb, key in later_frames(body, sentence, frames, ctx.mentions, statement.actors[0][0])
        if not ctx.unvoiced(verb)
    ]
    if not later:
        return [statement]
    voiced = {key for _, key in later}
    first = replace(statement, actors=tuple(a for a in statement.actors if a[0] not in voiced))
    return [first] + [
        replace(statement, trigger=verb, actors=((key, "speaker"),),
                content=reported_content(body, sentence, verb))
        for verb, key in later
    ]  # fmt: skip


def _speaker_of_event(
    doc: Document, event: Event, spoken: dict[tuple[int, int], bool]
) -> str | None:
    """Who speaks in an event's sentence: a statement's speaker, else the sentence's; an
    accusation or call with no speech verb is its first actor's ("Russia also accused").
    `spoken` remembers which sentences (by their bounds) hold a speech verb."""
    speaker: str | None = None
    if event.type == "statement" and event.actors and event.actors[0][1] == "speaker":
        return event.actors[0][0]
    bounds = _bounds(event)
    if bounds not in spoken:
        spoken[bounds] = SPEECH.search(doc.body, *bounds) is not None
    if spoken[bounds]:
        speaker = doc.speaker_of(event.sentence)
    if speaker is None and event.type in _SPEAKER_FIRST and event.actors:
        # The first actor when named before the trigger: "He also blamed the US" is not the US's.
        first = event.actors[0][0]
        mentions = doc.mentions_in(event.sentence)
        if any(m.entity_key == first and m.span.end <= event.trigger.start for m in mentions):
            speaker = first
    return speaker


def _bounds(event: Event) -> tuple[int, int]:
    return event.sentence.start, event.sentence.end


@dataclass(frozen=True)
class _Voices:
    """Whose occasion each speaker's words belong to in one article: a body of a state
    speaks for that state (`_voice`), a person titled as a body's voice ("Kremlin
    spokesman Peskov") for that body (`speech.titled_voices`)."""

    doc: Document
    titled: dict[str, str]
    # Each event's voice (by identity: the events live through one pass) and whether each
    # sentence holds a speech verb, worked out once however often the occasions ask.
    known: dict[int, str | None] = field(default_factory=dict)
    spoken: dict[tuple[int, int], bool] = field(default_factory=dict)

    def of(self, speaker: str | None) -> str | None:
        return _voice(self.doc, self.titled.get(speaker, speaker) if speaker else None)

    def before(self, span: Span) -> Sentence | None:
        """The sentence before one in its paragraph (asked only of a few remarks)."""
        at = self.doc.sentence_order.get(span)
        if not at:  # not a sentence of the document, or its first
            return None
        previous = self.doc.sentences[at - 1]
        return previous if previous.paragraph == self.doc.sentences[at].paragraph else None

    def of_event(self, event: Event) -> str | None:
        if id(event) not in self.known:
            self.known[id(event)] = self.of(_speaker_of_event(self.doc, event, self.spoken))
        return self.known[id(event)]


def _continues(
    days: set[str | None] | None, event: Event, speaker: str, kept: list[Event], voices: _Voices,
    near: bool,
) -> bool:  # fmt: skip
    """Whether a speech event continues an occasion of its speaker, so that it adds
    nothing: a statement any occasion of it, a call for talks or an accusation one that
    already holds one of its type ([typing] once_per_occasion); on the same day as an
    earlier event of it, or, with no day to tell, any event of it, or the speaker was
    heard about arms control last or earlier in the same paragraph without an event
    ("Moscow said ..., restating a step. The ministry stated ...")."""
    if event.type not in _ONCE:
        return False
    if event.type != "statement" and not any(
        k.type == event.type and voices.of_event(k) == speaker for k in kept
    ):
        return False
    if days is None:
        return near and event.date is None
    if event.date is None:
        # An undated remark is dated later by its speaker's occasion (`date_by_occasion`).
        return near or not _flashback(voices, event, days)
    # Speech is dated by its occasion, so an undated occasion may be that day's; an
    # accusation has a date of its own.
    undated = None in days and table().types[event.type].speech_act
    return event.date in days or (undated and not _flashback(voices, event, days))


def _flashback(voices: _Voices, event: Event, days: set[str | None]) -> bool:
    """Whether a remark sits after a sentence of its paragraph dated to another time than
    any occasion of its speaker ("In 2018 Ruritania demanded ... Freedonia refused,
    saying ..."): the remark answers that time, a new occasion."""
    before = voices.before(event.sentence)
    if before is None:
        return False
    dates = {t.value for t in voices.doc.timexes_in(before.span) if t.value and not t.dateline}
    return bool(dates) and not dates & days


def _voice(doc: Document, speaker: str | None) -> str | None:
    """Whose occasion a speaker's words belong to: a body of a state (the foreign ministry,
    the Kremlin) speaks for that state, so "Moscow said" and "the ministry stated" are one
    speaker under several names (guidelines v2)."""
    entity = doc.entities.entities.get(speaker) if speaker is not None else None
    if entity is not None and entity.type == "Organization" and entity.affiliation:
        return entity.affiliation
    return speaker


def _one_per_occasion(
    doc: Document,
    events: list[Event],
    voiced: dict[Span, str],
    spoken: dict[tuple[int, int], bool] | None = None,
) -> list[Event]:
    """One speech event per speaker per occasion (guidelines v2): a later sentence of an
    occasion the article already gave an event ("he added", a quotation's next
    paragraph, "X told reporters") adds no statement, nor a second call for talks or
    accusation; "she pointed out" goes on with the voice heard last.

    A sentence whose speaker is known opens or continues that speaker's occasion, dated
    by its events; `voiced` (sentence -> speaker) holds every remark about arms control,
    so that one that gave no event of its own ("Moscow said it is reacting", restating a
    step) still opens its occasion for the undated remarks after it. `spoken` tells, by
    their bounds, of sentences already known to hold a speech verb or not.
    """
    voices = _Voices(
        doc, titled_voices(doc.body, doc.mentions), spoken={} if spoken is None else spoken
    )
    place = doc.sentence_order
    by_sentence: dict[Span, list[Event]] = {}
    for e in events:
        by_sentence.setdefault(e.sentence, []).append(e)
    # The sentences with events or a voice, in text order (by their places), then any
    # event's span that is no sentence of the document, as found.
    told = sorted({place[span] for span in (*by_sentence, *voiced) if span in place})
    order = [(doc.sentences[at].span, doc.sentences[at].paragraph) for at in told]
    order += [(span, -1) for span in by_sentence if span not in place]
    occasions: dict[str, set[str | None]] = {}
    heard: dict[str, int] = {}  # where each voice was heard last (paragraph)
    latest: str | None = None  # the voice heard last
    kept: list[Event] = []
    for span, here in order:
        opened: list[tuple[str, Event]] = []  # occasions this sentence opens or continues
        for e in by_sentence.get(span, []):
            speaker = voices.of_event(e)
            if latest and latest != speaker and pronoun_subject(doc.body, e.sentence, e.trigger):
                speaker = latest  # "He also blamed the US": the voice heard last
            near = speaker is not None and (latest == speaker or heard.get(speaker) == here)
            if speaker is not None and _continues(
                occasions.get(speaker), e, speaker, kept, voices, near
            ):
                continue
            kept.append(e)
            if speaker is not None:
                opened.append((speaker, e))
        for speaker, e in opened:
            occasions.setdefault(speaker, set()).add(e.date)
        voice = voices.of(voiced.get(span))
        if voice is not None and opens_with_pronoun(doc.body, span):
            voice = latest  # "He also blamed the US, saying ...": not the US
        for speaker in dict.fromkeys([*(s for s, _ in opened), *([voice] if voice else [])]):
            heard[speaker] = here
            latest = speaker
    return kept


def find_events(doc: Document) -> list[Event]:
    """Every event stated in the document's body, one per (type, treaty) in each sentence.

    "The treaty" and its kin refer to the treaty named last (the salient one), unless
    the words give another year of signature than the KB's ("the 2015 agreement" is not
    a treaty signed in 2010); a sentence without a date may borrow the one before.
    """
    body = doc.body
    events: list[Event] = []
    salient: str | None = None
    seen: list[str] = []  # the treaties named so far, in text order
    since_named = 0  # sentences since a treaty was last named
    discussed = _Discussed(doc)  # ... or referred to by a noun ("the treaty")
    # Whole-body scans, shared out to sentences by offset: one regex pass per cue.
    triggers = SpanIndex(trigger_matches(body, low=doc.lowered), _match_span)
    speech = SpanIndex(SPEECH.finditer(body), _match_span)
    owned = SpanIndex(OWNED.finditer(body), _match_span)  # "Russia's proposal that"
    treaty_starts = {m.span.start for m in doc.mentions if m.entity_type == "Treaty"}
    dated = SpanIndex(dating_timexes(doc.timexes, body, treaty_starts), _timex_span)
    dates_before: list[Timex] = []
    mentions_before: Sequence[Mention] = ()  # the mentions of the sentence before
    voiced: dict[Span, str] = {}  # who speaks about arms control in each sentence
    spoken: dict[tuple[int, int], bool] = {}  # whether each sentence holds a speech verb
    bill: Event | None = None  # the last bill-borne step: what "the bill" later does
    # The last event of a bill type before the current sentence, and which sentences tell
    # of a bill: kept as the loop goes, so no sentence rescans every event found before it.
    latest_bill: list[Event] = []
    legislative_sentences: dict[tuple[int, int], bool] = {}
    for k, sentence in enumerate(doc.sentences):
        span = sentence.span
        mentions: Sequence[Mention] = doc.sentence_mentions[k]
        if any(m.entity_type == "Other" for m in mentions):  # an occasion may name a treaty
            mentions = named_by_occasions(mentions, doc.lookup)
        named = [m.entity_key for m in mentions if m.entity_type == "Treaty"]
        dates_here = dated.within(span)
        inside = triggers.within(span)
        verbs = speech.within(span)
        headline = _headline(body, span)
        found: list[Event] = []  # this sentence's events
        if (inside or verbs or owned.within(span)) and not headline:
            ctx = _Context(
                doc,
                body,
                span,
                k,
                mentions,
                doc.quotes_over(span),
                salient,
                seen,
                discussed,
                dates_here,
                dates_before,
                mentions_before,
                verbs,
                speech,
            )
            if verbs and _voiced(ctx, verbs) and ctx.speaker is not None:
                voiced[span] = ctx.speaker  # an occasion about arms control, event or not
            found = _as_spoken(ctx, _typed_events(ctx, inside)) if inside else []
            if found:
                found = [x for e in found for x in _per_chamber(ctx, e)]
            # A speech verb reports a statement when nothing more specific is said, when
            # what it reports leaves the speech its own event ("Doe said the delegations
            # met"), or when it opens a clause of its own after the other events ("X has
            # not signed it, and NATO said in December that ...").
            # (A statement needs a party named to speak: `_statement`. The checks are pure,
            # so the cheapest goes first.)
            apart = False
            if (
                verbs
                and any(m.entity_type in _SPEAKING for m in mentions)
                and (
                    (apart := all(_reported_apart(doc, ctx, e) for e in found))
                    or speech_after(body, verbs, max((e.trigger.end for e in found), default=0))
                )
            ):
                # The treaty named, or referred to ("the treaty"; guidelines v2); a remark
                # at the occasion the sentence before reported ("said after the ceremony")
                # concerns the treaty named there.
                treaty = named[0] if named else None
                if treaty is None and (
                    ctx.generic or (since_named == 0 and refers_back(body, span))
                ):
                    treaty = ctx.salient
                statement = _own_plan(doc, ctx, _statement(ctx, treaty))
                if statement is not None and (
                    apart or said_apart(body, statement.trigger, [e.trigger for e in found])
                ):
                    found += _each_voice(ctx, statement)
            if owned.overlapping(span):  # (none over the body's sentence: none in it alone)
                found += _owned_speech(ctx, found)
            if found and ctx.alone:  # (what `_one_per_occasion` asks of the events' sentences)
                spoken[span.start, span.end] = bool(verbs)
        if not headline:
            # "The Council approved the document, and Putin signed it into law": steps on
            # a bill the sentences before described, each with its own actor.
            # "approved it" acts on the bill, not on a treaty: no reading of its own.
            # (Only this sentence's events can stand on its acts: `found`. The acts are
            # looked for only when they can matter: a bill-borne event of the sentence may
            # stand on one, or a bill is there for them to act on.)
            bill_borne = any(e.type in BILL_TYPES for e in found)
            acts = list(bill_acts(body, span.start, span.end)) if bill_borne else []
            rest = _off_acts(found, acts)
            bill = _bill_fact(body, [*latest_bill, *rest], span, bill, legislative_sentences)
            if bill is not None and not bill_borne:
                acts = list(bill_acts(body, span.start, span.end))
                rest = _off_acts(found, acts)
            if bill is not None and len(rest) < len(found):
                found = rest
            steps = _bill_steps(body, span, mentions, dates_here, bill, acts)
            found += [e for e in steps if not _holds_step(found, span, e)]
        events += found
        latest_bill = next(([e] for e in reversed(found) if e.type in BILL_TYPES), latest_bill)
        if named:  # (a sentence that names no treaty leaves the one under discussion)
            salient = _narrated(doc, mentions, salient)
        if named:  # (a new list: the contexts made so far keep theirs)
            seen = [*seen, *named]
        since_named = 0 if named else since_named + 1
        discussed.named.append(bool(named))
        dates_before = dates_here
        mentions_before = mentions
    events = dated_from_next(doc, _one_per_occasion(doc, events, voiced, spoken), _SPEECH_TYPES)
    return merge_restated(doc, events)  # one event per fact (v2)


# Two word characters in a row: a sentence that ends between them (never in running text)
# would end a word a scan of the whole body reads on.
_WORD_SPLIT = re.compile(r"\w\w")


def _scanned_alone(
    body: str, span: Span, verbs: Sequence[re.Match[str]], speech: SpanIndex[re.Match[str]]
) -> bool:
    """Whether the speech verbs a scan of the whole body finds in a sentence (`verbs`) are
    what a scan of the sentence alone finds: no match runs over either end of it, and it
    does not end inside a word (where the sentence's own scan would see a word end). The
    scans then try the same places with the same text before them, so they agree."""
    return len(speech.overlapping(span)) == len(verbs) and not _WORD_SPLIT.match(body, span.end - 1)


class _Discussed:
    """Which sentences of a document name a treaty or refer to one by a noun ("the
    treaty"): the names are told as the sentences are read, the nouns looked for only
    when a rule asks of a sentence (most never are)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.named: list[bool] = []  # whether each sentence read so far names a treaty
        self._nouns: dict[int, bool] = {}

    def __call__(self, k: int) -> bool:
        if self.named[k]:
            return True
        if k not in self._nouns:
            span = self.doc.sentences[k].span
            self._nouns[k] = names_treaty_noun(self.doc.body, self.doc.folded, span)
        return self._nouns[k]


def _named_next(doc: Document, k: int) -> list[str]:
    """The treaties the sentence after sentence `k` ties to its subject ("The agreement,
    formally the JCPOA, ..."): a description before ("the 2015 nuclear agreement") is
    that treaty (guidelines v2); a name further on, or merely named, ties nothing."""
    if k + 1 >= len(doc.sentences):
        return []
    return tied_names(doc.body, doc.sentences[k + 1].span, doc.sentence_mentions[k + 1])


def _narrated(doc: Document, mentions: Sequence[Mention], salient: str | None) -> str | None:
    """The treaty under discussion after a sentence: the last one it names outside
    quotations. A treaty a quotation names ("'We were the first to sign the NPT,' she
    said") is the remark's side story; the narration's "the treaty" still means the one
    before (unless none was named before)."""
    named = [m for m in mentions if m.entity_type == "Treaty"]
    told = [m for m in named if not doc.quoted(m.span.start)] or (named if salient is None else [])
    return told[-1].entity_key if told else salient


def _bill_fact(
    body: str,
    events: Sequence[Event],
    span: Span,
    last: Event | None,
    told: dict[tuple[int, int], bool],
) -> Event | None:
    """The latest ratification, suspension or withdrawal up to this sentence, kept for
    two sentences after its own: what "the bill" of a later act does. `told` remembers
    which sentences tell of a bill (`legislative`), asked again sentence after sentence."""
    for event in reversed(events):
        if event.type in BILL_TYPES and event.sentence.start <= span.start:
            where = event.sentence
            bounds = (where.start, where.end)
            if bounds not in told:
                told[bounds] = legislative(body, where.start, where.end)
            if told[bounds]:
                last = event
            break
    return last if last is not None and _sentences_apart(last, span) <= 2 else None


def _off_acts(events: list[Event], acts: Sequence[BillAct]) -> list[Event]:
    """The events whose trigger is no act on a bill ("signed it into law" acts on the bill
    described before; it is no signature of a treaty)."""
    if not acts:
        return events
    starts = {a.start for a in acts}
    return [e for e in events if e.trigger.start not in starts]


def _sentences_apart(event: Event, span: Span) -> int:
    """A rough count of sentences between an event and a later span (by full stops)."""
    return 0 if event.sentence == span else 1 + (span.start - event.sentence.end) // 200


def _holds_step(events: Sequence[Event], span: Span, step: Event) -> bool:
    """Whether the bill a step acts on is spelled out after it in the sentence, with an
    event of its own ("backed the bill on suspending ..."): that event is the step."""
    return any(
        e.sentence == span and e.type in BILL_TYPES and e.trigger.start >= step.trigger.end
        for e in events
    )


def _bill_steps(
    body: str,
    span: Span,
    mentions: Sequence[Mention],
    dates: Sequence[Timex],
    bill: Event | None,
    acts: Sequence[BillAct],
) -> list[Event]:
    """One event per act on a bill already described ("approved the bill", "signed it into
    law"): the bill's type and treaty, the actors named between the previous act and the
    verb, the first date after the verb."""
    if bill is None:
        return []
    steps: list[Event] = []
    begin = span.start
    when: Timex | None = None
    for act in acts:
        if bill.sentence == span and bill.trigger.end <= act.start:
            begin = max(begin, bill.trigger.end)  # the bill's own step has its actors
        who = [m for m in mentions if begin <= m.span.start < act.start]
        # "Latvia's Saeima voted": the chamber, not also its state (guidelines v2).
        owners = {m.span.start - 3 for m in who if m.entity_type == "Organization"}
        who = [m for m in who if not (m.entity_type == "State" and m.span.end in owners)]
        # "passed the bill last week, and the Council approved it hours later": a step
        # with no date of its own is near the one before.
        when = next((t for t in dates if t.span.start >= act.end), when)
        # "The Duma and the Council both backed the bill": each chamber votes on its own.
        each = [[m] for m in who if _actors([m], (), bill.type)]
        voters = each if not act.enacts and len(each) > 1 else [who]
        steps += [
            Event(bill.type, step_modality(bill.type, bill.modality, act),
                  _actors(voter, (), bill.type), bill.treaty, when.value if when else None,
                  when.precision if when else None, Span(act.start, act.end), span,
                  _confidence(0.3, bill.treaty, Dated()))
            for voter in voters
        ]  # fmt: skip
        begin = act.end
    return steps


# Types dated by their speaker's occasion (`date_by_occasion`), not by the news around.
_SPEECH_TYPES = frozenset(t for t, kind in table().types.items() if kind.speech_act)


def _match_span(m: re.Match[str]) -> tuple[int, int]:
    return m.span()


def _timex_span(t: Timex) -> tuple[int, int]:
    return t.span.start, t.span.end


def _headline(body: str, span: Span) -> bool:
    """A short line without closing punctuation is a headline or caption glued into the
    body: it announces a story, it does not report an event of its own."""
    text = body[span.start : span.end]
    # (The closing mark first: it is cheaper than counting words, and most lines have one.)
    return not text.rstrip().endswith((".", "!", "?", '"', "”", "’", ")")) and (
        len(text.split()) <= _HEADLINE_WORDS
    )


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
        if table().types[e.type].speech_act and not e.date and e.actors and e.actors[0][0] in single
        else e
        for e in events
    ]
    dated_quotes = [
        replace(q, date=single[q.speaker]) if not q.date and q.speaker in single else q
        for q in quotes
    ]
    return dated_events, dated_quotes
