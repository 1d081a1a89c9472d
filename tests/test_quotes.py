"""Quotations and run-together text, one phenomenon per test, on sentences we wrote."""

from __future__ import annotations

from datetime import date

import pytest
from treatykg.ingest.entities import ArticleEntities
from treatykg.ingest.extract import Extraction, extract
from treatykg.ingest.lexicon import Lexicon
from treatykg.ingest.quotes import subject_of_speech
from treatykg.ingest.records import Article
from treatykg.ingest.text import quotations, segment


def run(lexicon: Lexicon, body: str) -> Extraction:
    return extract(Article(body, published=date(2025, 1, 24)), lexicon)


def said(lexicon: Lexicon, body: str) -> list[tuple[str, str]]:
    """(speaker's name, quoted text) of every quote found in `body`."""
    x = run(lexicon, body)
    return [(x.entities[q.speaker].name, q.text) for q in x.quotes]


@pytest.mark.parametrize("body, expected", [
    ("The talks ended.The two sides met again in May.",
     ["The talks ended.", "The two sides met again in May."]),
    ("“We are ready,” Roe said.“The ball is in their court.”",
     ["“We are ready,” Roe said.", "“The ball is in their court.”"]),
    ("He called the offer “dead.”The Senate adjourned.",
     ["He called the offer “dead.”", "The Senate adjourned."]),
    ('Roe said so."We will wait," she added.', ['Roe said so.', '"We will wait," she added.']),
])  # fmt: skip
def test_text_sentences_split_run_together_text(body: str, expected: list[str]) -> None:
    assert [s.text(body) for s in segment(body)] == expected


@pytest.mark.parametrize("body", [
    "The U.S.Army tested it.",
    "It cost 3.5 billion dollars.",
    "The report is on www.Example.org today.",
    "Mr.Roe and J.R.R. Tolkien met.",
])  # fmt: skip
def test_text_glued_stops_that_end_no_sentence(body: str) -> None:
    assert [s.text(body) for s in segment(body)] == [body]


@pytest.mark.parametrize("body, expected", [
    ("Roe said: 'We don't expect the treaty's limits to hold.'",
     ["We don't expect the treaty's limits to hold."]),
    ("'It's over,' Roe said. 'We won't return.'", ["It's over,", "We won't return."]),
    ("Lawmakers called the treaty ‘obsolete’ on Friday.", ["obsolete"]),
    ("'The allies' plans are dead,' Roe said.", ["The allies' plans are dead,"]),
    ("Rock 'n' roll aside, O'Brien's allies' plans held.", ["n"]),
    ("Russia’s envoy didn't say why the ’90s deal's limits held.", []),
    ("Roe said ”we are ready to talk.” He left.", ["we are ready to talk."]),
    ("Roe said ”we will wait” and left.", ["we will wait"]),
    ("“We are ready,”Roe said.", ["We are ready,"]),
    ("“We are ready,“ Roe said.", ["We are ready,"]),
    ("„We are ready,“ Roe said.", ["We are ready,"]),
    ("“He called it ‘a disgrace,’ ” Roe said.", ["He called it ‘a disgrace,’ "]),
])  # fmt: skip
def test_text_quotations_in_single_marks_and_marks_used_the_wrong_way(
    body: str, expected: list[str]
) -> None:
    assert [body[q.start : q.end] for q in quotations(body)] == expected


@pytest.mark.parametrize("body, expected", [
    ("The talks ended.“We are ready,” Peskov said.", [("Dmitry Peskov", "We are ready,")]),
    ("Peskov said no.“We are ready.”Ryabkov disagreed.“We are not,” he said.",
     [("Dmitry Peskov", "We are ready."), ("Sergei Ryabkov", "We are not,")]),
    ("Peskov said ”we are ready to talk.”", [("Dmitry Peskov", "we are ready to talk.")]),
])  # fmt: skip
def test_quotes_survive_run_together_text(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Talks stalled. “Why should we wait?” Ryabkov asked reporters.",
     [("Sergei Ryabkov", "Why should we wait?")]),
    ("Talks stalled. “Enough.” Peskov said.", [("Dmitry Peskov", "Enough.")]),
    ("Ryabkov said: “We are ready.” Peskov said nothing.", [("Sergei Ryabkov", "We are ready.")]),
    ("Talks stalled. “Why wait?” Peskov said: “We are ready.”", [("Dmitry Peskov", "We are ready.")]),
])  # fmt: skip
def test_quotes_closed_by_their_own_stop_take_the_attribution_after_them(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("'It's over,' Peskov said.", [("Dmitry Peskov", "It's over,")]),
    ("Sergei Ryabkov said the allies' plan was 'reckless.'", [("Sergei Ryabkov", "reckless.")]),
])  # fmt: skip
def test_quotes_in_single_marks_are_attributed(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Sergei Ryabkov told reporters: “The treaty is dead.\n\n“We will not return to it.”",
     [("Sergei Ryabkov", "The treaty is dead."), ("Sergei Ryabkov", "We will not return to it.")]),
    ("“The treaty is dead,” Peskov said on Friday. “We will wait.\n\n“Nobody should doubt it.”",
     [("Dmitry Peskov", "The treaty is dead,"), ("Dmitry Peskov", "We will wait."),
      ("Dmitry Peskov", "Nobody should doubt it.")]),
])  # fmt: skip
def test_quotes_of_several_paragraphs_give_one_entry_per_paragraph(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Sergei Ryabkov called the plan “reckless” and “dangerous.”",
     [("Sergei Ryabkov", "reckless"), ("Sergei Ryabkov", "dangerous.")]),
    ("Peskov described the offer as “unacceptable,” “one-sided” and even “late.”",
     [("Dmitry Peskov", "unacceptable,"), ("Dmitry Peskov", "one-sided"),
      ("Dmitry Peskov", "late.")]),
])  # fmt: skip
def test_quotes_coordinated_partial_quotes_share_the_speaker(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("TASS quoted Sergei Ryabkov as saying “we are ready.”", [("Sergei Ryabkov", "we are ready.")]),
    ("“We are ready,” Interfax quoted Peskov as saying.", [("Dmitry Peskov", "We are ready,")]),
    ("RIA Novosti quoted the Russian Foreign Ministry as saying the deal was “dead.”",
     [("Russian Foreign Ministry", "dead.")]),
    ("Interfax quoted a diplomatic source as saying “talks are over.”", []),
    ("Sergei Ryabkov was quoted by TASS as saying “we are ready.”",
     [("Sergei Ryabkov", "we are ready.")]),
    ("“We are ready,” Peskov was quoted by Interfax as saying.", [("Dmitry Peskov", "We are ready,")]),
])  # fmt: skip
def test_quotes_an_agency_quoting_someone_is_not_the_speaker(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("The Russian Foreign Ministry said the deal with Washington was dead. "
     "“We will respond,” it added.", [("Russian Foreign Ministry", "We will respond,")]),
    ("NATO issued a statement on Monday. “The test breaks the treaty,” the statement added.",
     [("NATO", "The test breaks the treaty,")]),
    ("In a statement, Vladimir Putin blamed NATO. “We will respond,” the statement read.",
     [("Vladimir Putin", "We will respond,")]),
    ("The International Atomic Energy Agency reported progress. “Inspectors had full "
     "access,” the agency said.", [("International Atomic Energy Agency",
                                    "Inspectors had full access,")]),
    ("The Russian Foreign Ministry summoned the envoy. “We will respond,” the ministry said.",
     [("Russian Foreign Ministry", "We will respond,")]),
    ("The Conference on Disarmament met in Geneva. “Work must resume,” the conference said.",
     [("Conference on Disarmament", "Work must resume,")]),
    ("“The test was lawful,” a State Department spokesman said.",
     [("State Department", "The test was lawful,")]),
    ("A spokeswoman for NATO told reporters: “The door stays open.”",
     [("NATO", "The door stays open.")]),
    ("In a statement from the Russian Foreign Ministry, Moscow said it would answer the "
     "“reckless” deployments.", [("Russian Foreign Ministry", "reckless")]),
])  # fmt: skip
def test_quotes_an_organization_speaks(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("“We will respond,” said Zoltán Kovács.", [("Zoltán Kovács", "We will respond,")]),
    ("“We are ready,” said Kremlin spokesman Dmitry Peskov.", [("Dmitry Peskov", "We are ready,")]),
    ("José Müller told reporters: “We will wait.”", [("José Müller", "We will wait.")]),
    ("“We will respond,” John F. Roe said.", [("John F. Roe", "We will respond,")]),
    ("John F. Roe said: “We will wait.”", [("John F. Roe", "We will wait.")]),
    ("Sergei Ryabkov, the deputy foreign minister in charge of arms control and relations "
     "with Washington, said “we will respond.”", [("Sergei Ryabkov", "we will respond.")]),
    ("“We will respond,” Sergei Ryabkov, the deputy foreign minister in charge of arms "
     "control and of talks with Washington, said.", [("Sergei Ryabkov", "We will respond,")]),
])  # fmt: skip
def test_quotes_speaker_names_with_diacritics_initials_and_long_appositives(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Peskov said: “We are ready.” “We will respond,” a senior official said. “It is over.”",
     [("Dmitry Peskov", "We are ready.")]),
    ("Peskov said: “We are ready.” The so-called “reset” is over. “We will wait.”",
     [("Dmitry Peskov", "We are ready."), ("Dmitry Peskov", "We will wait.")]),
])  # fmt: skip
def test_quotes_a_bare_quote_goes_on_only_with_a_named_speaker(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body", [
    "“We will respond,” a senior official said.",
    "“We will respond,” a Pentagon official told reporters.",
    "A Kremlin source said: “We will wait.”",
    "Vladimir Putin's spokesman told reporters: “We will wait.”",
    "“Nothing is agreed,” said a diplomat who asked not to be named.",
])  # fmt: skip
def test_quotes_from_unnamed_officials_get_no_entry(lexicon: Lexicon, body: str) -> None:
    assert said(lexicon, body) == []


@pytest.mark.parametrize("body", [
    "Q: Will you extend the treaty?\nPUTIN: We are ready to extend it.",
    "Question: Is the treaty dead?\nRyabkov: It is not dead yet.",
])  # fmt: skip
def test_quotes_transcripts_without_marks_give_none(lexicon: Lexicon, body: str) -> None:
    assert said(lexicon, body) == []


@pytest.mark.parametrize("body, expected", [
    ("New START anchors Joe Biden's effort to “stabilize” ties with Moscow.",
     [("Joe Biden", "stabilize")]),
    ("Peskov spoke on Friday. NATO praised the inspectors for “their careful work.”",
     [("NATO", "their careful work.")]),
])  # fmt: skip
def test_quotes_a_partial_quote_without_a_speech_verb_belongs_to_its_owner(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("RIA Novosti quoted Sergei Ryabkov as saying that the treaty was dead.", "Sergei Ryabkov"),
    ("Interfax quoted a diplomatic source as saying that talks had stalled.", None),
])  # fmt: skip
def test_quotes_the_subject_of_speech_passed_on_by_an_agency(
    lexicon: Lexicon, body: str, expected: str | None
) -> None:
    x = run(lexicon, body)
    found = ArticleEntities(dict(x.entities), list(x.mentions))
    speaker = subject_of_speech(body, found, x.sentences[0].span, [])
    assert (x.entities[speaker].name if speaker else None) == expected


@pytest.mark.parametrize("body, expected", [
    ("Roe spoke on Friday.NATO said it would wait.", ["Roe spoke on Friday.", "NATO said it would wait."]),
    ('Budapest took the notice "with regret".Thirty states remain.',
     ['Budapest took the notice "with regret".', "Thirty states remain."]),
    ("Talks opened in Vilnius.Žemaitis spoke first.", ["Talks opened in Vilnius.", "Žemaitis spoke first."]),
])  # fmt: skip
def test_text_run_together_stops_before_any_capital(body: str, expected: list[str]) -> None:
    assert [s.text(body) for s in segment(body)] == expected


@pytest.mark.parametrize("body", [
    "The U.S.Army and the U.K.Navy met.",
    "They cited NATO.The alliance agreed.",
    "Gen.Roe and Sen.Doe met.",
])  # fmt: skip
def test_text_glued_stops_after_initials_acronyms_and_abbreviations_stay(body: str) -> None:
    assert [s.text(body) for s in segment(body)] == [body]


@pytest.mark.parametrize("body, expected", [
    ("The International Campaign to Abolish Nuclear Weapons praised the vote as “a beacon.” "
     "It added that more ratifications were “a matter of time.”",
     [("International Campaign to Abolish Nuclear Weapons", "a beacon."),
      ("International Campaign to Abolish Nuclear Weapons", "a matter of time.")]),
    ("NATO welcomed the vote. It also warned that the deal was “fragile.”",
     [("NATO", "fragile.")]),
])  # fmt: skip
def test_quotes_it_as_subject_of_a_speech_verb_is_the_body_before(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Olek Varga, a spokesman for the Ruritanian foreign ministry, which hosts the talks "
     "with Canada, said Budapest had taken the notice “with regret.”",
     [("Olek Varga", "with regret.")]),
    ("Jana Roe, an aide to the NATO chief who met Russia's envoy, told reporters it was "
     "“over for now.”", [("Jana Roe", "over for now.")]),
])  # fmt: skip
def test_quotes_person_with_a_long_appositive_is_the_subject(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("NATO allies said they would pause the treaty “for as long as needed,” in a statement "
     "issued by the North Atlantic Council.", [("North Atlantic Council", "for as long as needed,")]),
    ("Moscow said the limits were “void,” in a communiqué from the Russian Foreign Ministry.",
     [("Russian Foreign Ministry", "void,")]),
])  # fmt: skip
def test_quotes_statement_named_after_the_quote_speaks(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Russia left the pact. In a statement from the Foreign Ministry, Moscow said it was "
     "reacting to “hostile steps.” The ministry stated that it would “respond in kind.”",
     [("Russian Foreign Ministry", "hostile steps."), ("Russian Foreign Ministry", "respond in kind.")]),
])  # fmt: skip
def test_quotes_the_ministry_of_the_state_in_discussion(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Peskov spoke first. France and Britain triggered the deal's 'snapback' clause.",
     []),
    ("Peskov spoke first. The so-called ‘reset’ policy had long ended.", []),
    # Near-miss: a word or two that someone is said to have said stays a quote.
    ("Peskov said the plan would 'mirror' the US step.", [("Dmitry Peskov", "mirror")]),
])  # fmt: skip
def test_quotes_scare_quotes_are_no_quotes(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Washington said it welcomed the step. OPCW Director-General Fernando Arias hailed the "
     "milestone as “historic.”", [("Fernando Arias", "historic.")]),
    ("Moscow called it a step forward. Ryabkov dismissed the charge as “fabricated.”",
     [("Sergei Ryabkov", "fabricated.")]),
])  # fmt: skip
def test_quotes_judging_verb_gives_its_own_subject_not_the_speaker_before(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    # "the statement reads": the issuer the sentence before names, not the alliance
    # the same sentence names first
    ("NATO members backed the pause, and on Tuesday the North Atlantic Council put out a "
     "statement. “Deterrence stays credible,” the statement reads.",
     [("North Atlantic Council", "Deterrence stays credible,")]),
    ("Several NATO capitals objected, yet the North Atlantic Council released a short "
     "communiqué overnight. “Our posture is unchanged,” the communiqué says.",
     [("North Atlantic Council", "Our posture is unchanged,")]),
    # a resolution urging, demanding, "It also asked": the words of the body that adopted
    # it, named before or after the quotes
    ("The UN General Assembly adopted a resolution on Monday. The resolution urges "
     "Ruritania to “halt all testing at once,” and calls for “full transparency.”",
     [("UN General Assembly", "halt all testing at once,"),
      ("UN General Assembly", "full transparency.")]),
    ("Monday’s resolution demanded that Ruritania “open every site.” It also asked that "
     "the inspectors report “every quarter.” Freedonia had warned it would walk out should "
     "the UN Security Council adopt a resolution.",
     [("UN Security Council", "open every site."), ("UN Security Council", "every quarter.")]),
    # near misses: no issuer of that kind of document named; a person named in the
    # clause speaks
    ("On Friday the council put out a statement. The resolution urges Ruritania to “halt "
     "all testing at once.”", []),
    ("The UN Security Council adopted a resolution on Monday. The resolution came as Jane "
     "Roe said Ruritania must “halt all testing at once.”",
     [("Jane Roe", "halt all testing at once.")]),
])  # fmt: skip
def test_quotes_a_document_speaks_for_its_issuer(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected


@pytest.mark.parametrize("body, expected", [
    # a short partial quote in the complement of an accusation or a call is the subject's
    ("Foreign Minister Jane Roe accused Freedonia of “brazenly” breaching the accord.",
     [("Jane Roe", "brazenly")]),
    ("Deputy Minister John Doe urged both capitals to show “restraint” at the talks.",
     [("John Doe", "restraint")]),
    ("Senator Jane Roe spoke for an hour, thanking the envoys for their “patience.”",
     [("Jane Roe", "patience.")]),
    # near misses: unnamed accusers speak for nobody; a term the writer marks
    ("Officials accused Freedonia of “brazenly” breaching the accord.", []),
    ("Freedonia tested a new “Thunder” rocket last week.", []),
])  # fmt: skip
def test_quotes_a_partial_quote_in_an_accusation_or_call_is_the_subjects(
    lexicon: Lexicon, body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(lexicon, body) == expected
