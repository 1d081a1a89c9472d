"""Facts stated more than once: one event per fact, kept at the mention that tells the most.

News states a fact in the lead and again further down ("Parliament ratified the accord
on Friday. ... The chamber approved the pact by 300 votes"), names it as a time anchor
("after its expiration"), or has a speaker announce it ("announced the development on
Friday"). Guidelines v2 ("Events") count such a fact once, at its dated mention, else at
the one naming more actors, else at the first; another type, treaty or party is another
fact. A running tally ("163 countries have joined") is no event at all. The words are
data in resources/restated.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from treatykg.ingest.cues import cue_regex, inflections, load_resource
from treatykg.ingest.legislative import bill_step
from treatykg.ingest.records import Span
from treatykg.ingest.speech import SPEECH, complement_start
from treatykg.ingest.text import guarded
from treatykg.ingest.timex import COUNT_WORDS
from treatykg.ingest.treaty_refs import TREATY_NOUN
from treatykg.ingest.triggers import table

if TYPE_CHECKING:
    from treatykg.ingest.document import Document
    from treatykg.ingest.events import Event
    from treatykg.ingest.text import Sentence
    from treatykg.ingest.timex import Timex

__all__ = ["merge_restated"]

_DATA = load_resource("restated.toml")
_DETERMINER = cue_regex(_DATA["determiners"])
# "the meeting", "its expiration", "the Duma's final vote": a definite nominal trigger.
# A name between ("The United States withdrew") makes a subject, not a determined noun.
_DEFINITE_BEFORE = re.compile(
    rf"(?:(?i:{_DETERMINER})|\b[A-Z][\w.-]*['’]s)"
    rf"\s(?:[a-z][\w-]*\s){{0,{_DATA['modifier_reach']}}}$"
)
# "approved the treaty", "signing the agreement", "ratified it": a definite object.
_DEFINITE_OBJECT = re.compile(
    r"\s+(?:" + _DETERMINER + r"\s(?:[\w-]+\s){0,2}?)?" + cue_regex(_DATA["objects"]),
    re.IGNORECASE,
)
# "after its expiration", "since the treaty went into effect": a fact as a time anchor.
_ANCHOR = guarded(
    cue_regex(_DATA["anchors"]) + rf"\s(?:[\w'’-]+\s){{0,{_DATA['anchor_reach']}}}$",
    re.IGNORECASE,
)
_ANNOUNCING = re.compile(
    cue_regex([form for lemma in _DATA["announcing_verbs"] for form in inflections(lemma)]),
    re.IGNORECASE,
)
_STEP = re.compile(_DETERMINER + r"\s(?:[\w-]+\s)?" + cue_regex(_DATA["step_nouns"]), re.IGNORECASE)
_ANNOUNCES_STEP = guarded(
    "(?P<verb>" + _ANNOUNCING.pattern + r")\s+" + _STEP.pattern, re.IGNORECASE
)
_COUNTS = [w for w in COUNT_WORDS if COUNT_WORDS[w] > 1]
# "the two countries have ratified it" names two states already named: no tally.
_TALLY = guarded(
    # "none of the nine states has joined": a quantifier over a counted class is a tally too.
    # "just 9 of the 31 states with research reactors have signed": a count of a
    # counted class, the class maybe modified.
    r"(?:\b(?:" + cue_regex(_DATA["tally_quantifiers"])[2:-2] + r"|\d[\d,]*|"
    + cue_regex(_COUNTS)[2:-2] + r")\sof\s(?:the\s)?|(?<!the\s))"
    r"\b(?:\d[\d,]*|" + cue_regex(_COUNTS)[2:-2] + r")\s(?:[\w-]+\s)?"
    + cue_regex(_DATA["tally_subjects"])
    + r"(?:\s" + cue_regex(_DATA["tally_modifiers"]) + r"(?:\s[\w-]+){1,6}?)?"
    + r"\s"
    + cue_regex(_DATA["tally_verbs"])
    + r"\s(?:[\w-]+\s){0,3}$",
    re.IGNORECASE,
)  # fmt: skip
# "The last treaty capping ...", "the agreement that limits ...": a treaty described.
_DESCRIPTION = guarded(
    r"\b(?:the|this)\s(?:[\w-]+\s){0,2}?" + TREATY_NOUN.pattern + r"\s(?:[\w-]+)",
    re.IGNORECASE,
)
_REACH = 60  # characters before a trigger where its determiner, anchor or tally stands
_TALLY_REACH = 90  # ... a tally, whose counted class may be modified ("with reactors on ...")


def merge_restated(doc: Document, events: Sequence[Event]) -> list[Event]:
    """The events with each fact once: restatements merged into the fact they restate.

    The merged event stands at the mention that tells the most (a date first, then more
    actors, then the first), with the actors of all its mentions, in the place of its first
    mention.
    """
    events = _outside_summaries(doc.body, events)
    facts: list[Event] = []
    kinds = table().types
    asked = _Asked()
    for event in events:
        if _tally(doc, event):
            continue
        found = _restates(doc, event, facts, asked)
        if found is None:
            asked.of_type.setdefault(event.type, []).append(len(facts))
            facts.append(event)
        else:
            index, mention, stays = found
            facts[index] = _kept(doc, facts[index], mention, anchored=stays)
    order = doc.sentence_order
    possessives = _possessives(doc)
    for index, fact in enumerate(facts):
        if fact.date is None and fact.modality == "actual" and not kinds[fact.type].speech_act:
            at = order.get(fact.sentence, len(doc.sentences))
            announced = _announcement_after(doc, fact, doc.sentences[at + 1 : at + 3])
            facts[index] = announced or _dated_possessive(doc, fact, possessives, facts) or fact
    return facts


# "Thursday's resolution", "last week's talks": a date owning a noun.
_POSSESSIVE = re.compile(r"['’]s\s(?:[a-z][\w-]*\s){0,2}?(?P<noun>[a-z][\w-]{3,})\b")
_OBJECT_REACH = 60  # characters after a trigger where the noun of its fact may stand


def _possessives(doc: Document) -> list[tuple[Span, str, Timex]]:
    """The dated possessive mentions of a document: (noun span, noun, date)."""
    found = []
    for t in doc.timexes:
        if t.value is None or t.dateline:
            continue
        m = _POSSESSIVE.match(doc.body, t.span.end)
        if m is not None:
            found.append((Span(*m.span("noun")), m["noun"].lower(), t))
    return found


def _dated_possessive(
    doc: Document,
    fact: Event,
    possessives: Sequence[tuple[Span, str, Timex]],
    facts: Sequence[Event],
) -> Event | None:
    """The fact at a later dated possessive mention of it ("Nineteen states voted for the
    resolution. ... Thursday's resolution urged Iran to ..."): the dated mention tells more
    (guidelines v2). The noun must name the fact where it was stated: its trigger or the
    words right after it."""
    head = doc.lowered[
        fact.trigger.start : min(fact.sentence.end, fact.trigger.end + _OBJECT_REACH)
    ]
    for noun_span, noun, when in possessives:
        if noun_span.start <= fact.sentence.end or not re.search(rf"\b{re.escape(noun)}\b", head):
            continue
        sentence = doc.sentence_at(noun_span.start)
        if sentence is None or any(
            f.type == fact.type and f.date == when.value for f in facts
        ):  # "Friday's ratification" is the one stated for Friday
            return None
        mentions = doc.mentions_in(sentence.span)
        named = {m.entity_key for m in mentions if m.entity_type == "Treaty"}
        if named and fact.treaty not in named:
            return None
        # The actors of both mentions, as for any restatement (`_kept`).
        keys = dict(fact.actors)
        more = [
            m.entity_key
            for m in mentions
            if m.entity_type in ("Person", "State", "Organization") and not doc.quoted(m.span.start)
        ]
        actors = fact.actors + tuple(
            (k, "counterpart") for k in dict.fromkeys(more) if k not in keys
        )
        return replace(fact, sentence=sentence.span, trigger=noun_span, date=when.value,
                       precision=when.precision, actors=actors)  # fmt: skip
    return None


@dataclass
class _Asked:
    """What `merge_restated` works out once per article instead of once per pair of
    mentions compared: where the facts of each type stand in its list (a fact keeps its
    type when a restatement is merged into it), each mention's `_legislative_step`,
    `_agent` and `_determined` (by the fields they read)."""

    of_type: dict[str, list[int]] = field(default_factory=dict)
    steps: dict[tuple[str, Span, int], bool] = field(default_factory=dict)
    agents: dict[tuple[Span, int, tuple[tuple[str, str], ...]], str | None] = field(
        default_factory=dict
    )
    # Whether each mention is determined (`_determined`), by where it stands.
    determined: dict[tuple[int, int], bool] = field(default_factory=dict)
    # Each mention's `_dated_by_speech` (asked once per earlier fact it is compared with).
    by_speech: dict[tuple[Span, Span, str | None, tuple[tuple[str, str], ...]], bool] = field(
        default_factory=dict
    )


def _restates(
    doc: Document, event: Event, facts: Sequence[Event], asked: _Asked
) -> tuple[int, Event, bool] | None:
    """Which earlier fact an event restates (its index), with the event as a mention of
    it and whether the fact's own mention must stay (the event only names it as a time
    anchor, or reports it in speech of another date); None when the event states a fact
    of its own."""
    kinds = table().types
    if kinds[event.type].speech_act:
        announced = _announced(doc.body, event, facts)
        return None if announced is None else (*announced, False)
    anchor: re.Match[str] | None = None
    looked = False  # (looked for only once a fact of the type is there to compare with)
    for index in reversed(asked.of_type.get(event.type, ())):  # the facts of its type
        fact = facts[index]
        if fact.sentence == event.sentence:
            continue
        if not looked:
            head = max(event.sentence.start, event.trigger.start - _REACH)
            anchor, looked = _ANCHOR.search(doc.body, head, event.trigger.start), True
        if anchor is not None and _anchors(doc, event, anchor.start(), fact):
            return index, event, True
        if _named_description(doc, event, fact):
            return index, event, True  # the description's mention stays, named
        if _same_fact(doc, event, fact, asked):
            # A report dated by its speech, not by the fact, never tells more of it.
            return index, _reported(doc, event), not _dates_agree(event.date, fact.date)
    return None


def _reported(doc: Document, event: Event) -> Event:
    """A restatement in reported speech without its speaker's side among the actors:
    "Peskov said that Russia had suspended the treaty" restates Russia's suspension, and
    Peskov takes no part in it (the speaker announcing a stated step adds nothing)."""
    frame = next(
        (
            v
            for v in SPEECH.finditer(doc.body, event.sentence.start, event.trigger.start)
            if not doc.quoted(v.start())
        ),
        None,
    )
    if frame is None:
        return event
    before = doc.mentions_in(Span(event.sentence.start, frame.start()))
    after = doc.mentions_in(Span(frame.end(), event.sentence.end))
    speakers = {m.entity_key for m in before} - {m.entity_key for m in after}
    actors = tuple(a for a in event.actors if a[0] not in speakers)
    return replace(event, actors=actors) if actors else event


def _anchors(doc: Document, event: Event, start: int, fact: Event) -> bool:
    """Whether "after its expiration" names `fact`: the treaties agree, and whoever the
    anchor phrase itself names ("before the Senate ratified it") takes part in it."""
    if event.treaty is not None and event.treaty != fact.treaty:
        return False
    named = {
        m.entity_key
        for m in doc.mentions_in(Span(start, event.trigger.start))
        if m.entity_type in ("Person", "State", "Organization")
    }
    return named <= {key for key, _ in fact.actors}


def _same_fact(doc: Document, event: Event, fact: Event, asked: _Asked) -> bool:
    """Same type, treaty, party, modality and a compatible date (any, when reported in
    speech), and the later mention
    refers back: it names the treaty, or it is definite ("the meeting", "approved the
    treaty"); "signed a deal with Benin" after "signed a pact with Togo" is a new fact.
    A determined noun ("Russia's withdrawal", "the meeting") presupposes the fact: the
    modality of the clause around it ("would hurt") is not its own."""
    # "the convention" after "a UN convention banning chemical weapons": one may be unnamed.
    treaties_agree = event.treaty is None or fact.treaty is None or event.treaty == fact.treaty
    if not treaties_agree:  # (the cheapest test first; each is pure, so the order is free)
        return False
    if event.modality != fact.modality and not _determined_once(doc.body, event, asked):
        return False
    # A speaker reporting a step already stated adds nothing: the date is the speech's.
    dates_agree = _dates_agree(event.date, fact.date) or _speech_dated(doc, event, asked)
    if not (dates_agree and _parties_agree(doc, event, fact, asked)):
        return False
    # (Asked after the cheaper checks above; each is a pure test, so the order is free.)
    if _legislative_step(doc, event, asked.steps) != _legislative_step(doc, fact, asked.steps):
        return False  # "the parliaments approved leaving it" is not the notice of leaving
    if event.treaty == fact.treaty and event.treaty is not None:
        return True
    return _determined_once(doc.body, event, asked) or _definite_object(doc.body, event)


def _named_description(doc: Document, event: Event, fact: Event) -> bool:
    """ "The last treaty capping the arsenals lapsed on Thursday. New START ... expired on
    February 5": the next sentence names the fact a description stated, on the same date
    (guidelines v2), whoever either sentence names around it."""
    return (
        fact.treaty is None
        and event.treaty is not None
        and fact.date is not None
        and fact.date == event.date
        and fact.modality == event.modality
        and _sentences_between(doc, fact, event) <= 1
        and _described(doc, fact)
    )


def _described(doc: Document, event: Event) -> bool:
    """Whether a definite treaty description stands before the trigger in its clause
    ("The last treaty capping ... lapsed")."""
    start = doc.clause_marks.clause_of(event.sentence, event.trigger.start)[0]
    return _DESCRIPTION.search(doc.body, start, event.trigger.start) is not None


def _sentences_between(doc: Document, first: Event, second: Event) -> int:
    order = doc.sentence_order
    return abs(order.get(second.sentence, 0) - order.get(first.sentence, 0))


def _legislative_step(
    doc: Document, event: Event, known: dict[tuple[str, Span, int], bool]
) -> bool:
    """Whether the event is a legislature's step on it ("approved leaving the treaty", "the
    Duma passed a bill withdrawing from it"): another act than the government's. `known`
    holds the answers given so far in this article (by type, sentence and trigger)."""
    key = (event.type, event.sentence, event.trigger.start)
    if key not in known:
        clause = doc.clause_marks.clause_of(event.sentence, event.trigger.start)
        known[key] = bill_step(doc.body, clause, event.trigger.start, event.type) is not None
    return known[key]


def _speech_dated(doc: Document, event: Event, asked: _Asked) -> bool:
    """`_dated_by_speech`, worked out once per mention (by the fields it reads)."""
    key = (event.sentence, event.trigger, event.date, event.actors)
    if key not in asked.by_speech:
        asked.by_speech[key] = _dated_by_speech(doc, event)
    return asked.by_speech[key]


def _dated_by_speech(doc: Document, event: Event) -> bool:
    """Whether the trigger stands in what a speech frame reports and has no date of its
    own there, so that its date is the speech's: "Peskov said on Friday that Russia had
    suspended the treaty", not "Doe said that in talks on March 27 Moscow suspended data
    exchanges"."""
    sentence = event.sentence
    frame = next(
        (
            v
            for v in SPEECH.finditer(doc.body, sentence.start, event.trigger.start)
            if not doc.quoted(v.start())
        ),
        None,
    )
    if frame is None or _own_act(doc, event, frame.start()):
        return False
    dates = doc.timexes_in(sentence)
    start = complement_start(doc.body, sentence, Span(*frame.span()), dates)
    return not any(t.value == event.date for t in dates if t.span.start >= start)


# "had suspended", "has withdrawn": a report of an act done before the speech.
_PERFECT = guarded(r"\b(?:had|has|have)\s(?:\w+ly\s|already\s|now\s)?$", re.IGNORECASE)
# "was suspending", "is leaving": an act going on as it is spoken of.
_PROGRESSIVE = guarded(r"\b(?:is|are|was|were)\s(?:\w+ly\s|now\s)?$", re.IGNORECASE)


def _own_act(doc: Document, event: Event, frame: int) -> bool:
    """Whether the speech announces the act as it happens: the act goes on as spoken of
    ("said on Friday that the US was suspending its obligations"), or the speaker's own
    side does it ("On 1 March Freedonia announced the launch of its exit"); the
    announcement then dates the act. A report of an act done before ("said that Russia
    had suspended it") does not."""
    head = max(event.sentence.start, event.trigger.start - 20)
    if _PERFECT.search(doc.body, head, event.trigger.start):
        return False
    verb = doc.body[event.trigger.start : event.trigger.end].split(" ", 1)[0]
    if verb.endswith("ing") and _PROGRESSIVE.search(doc.body, head, event.trigger.start):
        return True
    before = doc.mentions_in(Span(event.sentence.start, frame))
    named = [m.entity_key for m in before if m.entity_type in ("Person", "State", "Organization")]
    speaker = named[-1] if named else doc.speaker_of(event.sentence)
    agent = _agent(doc, event)
    if speaker is None or agent is None:
        return False
    return bool(_side(doc, speaker) & _side(doc, agent))


def _determined_once(body: str, event: Event, asked: _Asked) -> bool:
    """`_determined`, worked out once per mention however many facts it is compared with."""
    key = (event.sentence.start, event.trigger.start)  # what `_determined` reads
    if key not in asked.determined:
        asked.determined[key] = _determined(body, event)
    return asked.determined[key]


def _determined(body: str, event: Event) -> bool:
    """A noun trigger after a determiner or a possessive ("its expiration", "Russia's
    withdrawal", "the final vote")."""
    start = max(event.sentence.start, event.trigger.start - _REACH)
    return _DEFINITE_BEFORE.search(body, start, event.trigger.start) is not None


def _definite_object(body: str, event: Event) -> bool:
    """A definite object right after the trigger's verb, or in it ("join the convention")."""
    found = _DEFINITE_OBJECT.search(body, event.trigger.start, event.sentence.end)
    return found is not None and found.start() <= event.trigger.end


def _dates_agree(a: str | None, b: str | None) -> bool:
    """Equal or one unknown. Dates at two precisions ("in 2023", "on 28 February 2023")
    are kept apart: a year can hold several such acts."""
    return a is None or b is None or a == b


def _parties_agree(doc: Document, a: Event, b: Event, asked: _Asked) -> bool:
    """The agents are one side ("Russia" and the State Duma, a Russian body), or each
    takes part in the other mention: "Russia" and "Russia, the State Duma" agree;
    "Russia, the US" and "the US Congress, Russia" do not."""
    first_a, first_b = _agent_of(doc, a, asked), _agent_of(doc, b, asked)
    if first_a is None or first_b is None:
        return True
    if _side(doc, first_a) & _side(doc, first_b):
        return True
    if first_a in dict(b.actors) and first_b in dict(a.actors):
        # "Chile accused Peru ...; Peru accused Chile ...": the same parties in swapped
        # roles are another fact (guidelines v2).
        return _roles_agree(a, b, first_a) and _roles_agree(a, b, first_b)
    return _within(doc, a, b) or _within(doc, b, a)


def _roles_agree(a: Event, b: Event, key: str) -> bool:
    """Whether a party has the same role in two mentions (unknown in either agrees)."""
    role_a, role_b = dict(a.actors).get(key), dict(b.actors).get(key)
    return role_a is None or role_b is None or role_a == role_b


def _within(doc: Document, small: Event, large: Event) -> bool:
    """Whether one mention names fewer parties, all of them in the other, its agent among
    the other's lead actors: "According to Washington, ..." restates "NATO and the US
    accused Russia"; "Russia, the US" and "the US Congress, Russia" stay two facts."""
    keys = dict(large.actors)
    if not small.actors or len(small.actors) >= len(keys):
        return False
    if any(key not in keys for key, _ in small.actors):
        return False
    return _agent(doc, small) in {_agent(doc, large), large.actors[0][0]}


def _agent_of(doc: Document, event: Event, asked: _Asked) -> str | None:
    """`_agent`, worked out once per article for each mention."""
    key = (event.sentence, event.trigger.start, event.actors)
    if key not in asked.agents:
        asked.agents[key] = _agent(doc, event)
    return asked.agents[key]


def _agent(doc: Document, event: Event) -> str | None:
    """Who does it: the actor named last before the trigger in its sentence ("the US
    exit", "Russia's lower house has ratified"), else the first actor. In a quotation the
    speaker speaks for their side ("'We have ratified it,' Lavrov said"): the agent is one
    the quotation names, else unknown."""
    before = doc.mentions_in(Span(event.sentence.start, event.trigger.start))
    actors = [m for m in before if m.entity_type in ("Person", "State", "Organization")]
    if doc.quoted(event.trigger.start):
        quoted = [m.entity_key for m in actors if doc.quoted(m.span.start)]
        return quoted[-1] if quoted else None
    keys = dict(event.actors)
    named = [m.entity_key for m in actors if m.entity_key in keys]
    return named[-1] if named else (event.actors[0][0] if event.actors else None)


def _side(doc: Document, key: str) -> set[str]:
    """An actor with the state it belongs to, where the KB or its title says: a body's
    state, a person's office ("U.S. President Joe Biden" acts for the United States)."""
    entity = doc.entities.entities.get(key)
    side = {key} if entity is None or entity.affiliation is None else {key, entity.affiliation}
    return side | doc.offices.get(key, set())


def _announced(body: str, event: Event, facts: Sequence[Event]) -> tuple[int, Event] | None:
    """A speaker announcing a step already stated ("announced the development on Friday")
    restates the latest fact before it of a treaty it may concern."""
    if event.content is None or not _ANNOUNCING.fullmatch(
        body, event.trigger.start, event.trigger.end
    ):
        return None
    if not _STEP.match(body, event.content.start, event.content.end):
        return None
    kinds = table().types
    for index in range(len(facts) - 1, -1, -1):
        fact = facts[index]
        if kinds[fact.type].speech_act or fact.sentence.start >= event.sentence.start:
            continue
        if event.treaty is None or fact.treaty is None or fact.treaty == event.treaty:
            # The speaker names no party of the fact ("Russia welcomed the move"): the
            # announcement adds a date, if any, never actors.
            return index, replace(event, type=fact.type, modality=fact.modality,
                                  treaty=fact.treaty or event.treaty, content=None,
                                  actors=fact.actors)  # fmt: skip
        return None
    return None


def _announcement_after(doc: Document, fact: Event, following: Sequence[Sentence]) -> Event | None:
    """The fact at a dated announcement of it in the next sentences ("Ghana ratified the
    pact. The minister announced the move on Friday."): the dated mention tells more."""
    for sentence in following:
        found = _ANNOUNCES_STEP.search(doc.body, sentence.span.start, sentence.span.end)
        if found is None:
            continue
        dates = [t for t in doc.timexes_in(sentence.span) if t.value and not t.dateline]
        named = {m.entity_key for m in doc.mentions_in(sentence.span) if m.entity_type == "Treaty"}
        if not dates or (named and fact.treaty not in named):
            return None
        speaker = doc.speaker_of(sentence.span)
        # Only a speaker of a party's side takes part ("Kenya ratified it. Its minister
        # announced the move"); another's welcome names no party of the fact.
        if speaker is not None and not any(
            _side(doc, speaker) & _side(doc, k) for k, _ in fact.actors
        ):
            speaker = None
        lead: tuple[tuple[str, str], ...] = ((speaker, "speaker"),) if speaker else ()
        actors = lead + tuple(a for a in fact.actors if a[0] != speaker)
        return replace(fact, sentence=sentence.span, trigger=Span(*found.span("verb")),
                       date=dates[0].value, precision=dates[0].precision, actors=actors)  # fmt: skip
    return None


def _kept(doc: Document, fact: Event, mention: Event, *, anchored: bool = False) -> Event:
    """The mention that tells the most about a fact (its date in its own sentence, else
    a date borrowed, then more actors, then the first), with the actors of both. A time
    anchor never tells more: its date is the clause's around it ("would observe the
    limits for a year after its expiration").
    """
    first, second = (
        (fact, mention)
        if anchored
        else sorted(
            (fact, mention),
            key=lambda e: (
                not _dated_here(doc, e),
                e.date is None,
                -len(e.actors),
                e.sentence.start,
            ),
        )
    )
    actors = first.actors + tuple(a for a in second.actors if a[0] not in dict(first.actors))
    # The treaty is the one the kept sentence names or refers to; the modality the fact's
    # own (a later noun's clause, "would hurt", is not).
    # A description's fact takes the name the next sentence gives it (guidelines v2).
    treaty = first.treaty
    if treaty is None and _named_description(doc, second, first):
        treaty = second.treaty
    return replace(first, actors=actors, modality=fact.modality, treaty=treaty)


def _dated_here(doc: Document, event: Event) -> bool:
    """Whether the event's own sentence states its date (not borrowed from around it)."""
    return event.date is not None and any(
        t.value == event.date for t in doc.timexes_in(event.sentence)
    )


# A paragraph opening with a summary lead-in ("Key points: ..."), up to the end of its line.
_SUMMARY = re.compile(
    r"^[ \t]*(?:" + cue_regex(_DATA["summary_leads"])[2:-2] + r")\s*[:—–-][^\n]*",
    re.IGNORECASE | re.MULTILINE,
)


def _outside_summaries(body: str, events: Sequence[Event]) -> list[Event]:
    """The events without those of a summary paragraph ("In brief: Freedonia quits the
    pact") that the article tells elsewhere with the same type and treaty: a summary
    restates, whichever comes first. A summary's fact told nowhere else stays."""
    summaries = _summary_leads(body)
    if not summaries:
        return list(events)

    def summarized(event: Event) -> bool:
        return any(s.start <= event.trigger.start < s.end for s in summaries)

    told = {(e.type, e.treaty) for e in events if not summarized(e)}
    return [e for e in events if not (summarized(e) and (e.type, e.treaty) in told)]


def _summary_leads(body: str) -> list[Span]:
    """Where `_SUMMARY` matches in a body, as its `finditer` finds them: a summary opens a
    line, so only line starts (after the end of the match before) are tried, not every
    position of the body."""
    found: list[Span] = []
    line = 0
    while line >= 0:
        if not found or line >= found[-1].end:
            lead = _SUMMARY.match(body, line)
            if lead is not None:
                found.append(Span(lead.start(), lead.end()))
        newline = body.find("\n", line)
        line = newline + 1 if newline >= 0 else -1
    return found


def _tally(doc: Document, event: Event) -> bool:
    """ "163 countries have joined", "four states have yet to sign": a count with no
    date in its sentence ("42 states have signed it since Monday" dates an act)."""
    start = max(event.sentence.start, event.trigger.start - _TALLY_REACH)
    window = doc.lowered[start : event.trigger.start]
    if not any(verb in window for verb in _DATA["tally_verbs"]):
        return False  # a cheap first look: no perfect tense, no tally
    if _TALLY.search(doc.body, start, event.trigger.start) is None:
        return False
    # A date in another clause ("..., and NATO said last month") dates that clause only.
    clause = Span(*doc.clause_marks.clause_of(event.sentence, event.trigger.start))
    return not any(t.value and not t.dateline for t in doc.timexes_in(clause))
