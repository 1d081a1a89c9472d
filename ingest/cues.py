"""Word lists the extraction stages share: speech verbs and the titles that precede names.

They live in one place because entities (who is a person), quotes (who said it) and
events (is this a statement) must agree on what a speech verb or a title is.
"""

from __future__ import annotations

from treatykg.ingest.text import trie_regex, word_set

__all__ = ["SPEECH_VERBS", "SPEECH_WORDS", "TITLE_WORDS"]

# The verbs and phrases that report speech, and one fast regex alternation of them.
SPEECH_WORDS = word_set(
    """
    said says say told tells stated added adds wrote writes noted warned warns
    stressed stresses explained argued insisted declared announced asked replied countered
    emphasized emphasised underlined underscored recalled commented claimed continued
    concluded urged called calls reads read tweeted posted remarked observed acknowledged
    admitted described describing calling saying adding noting stressing warning recalling
    insisting arguing
    """
) | {"according to", "According to", "pointed out", "pointing out", "went on"}
SPEECH_VERBS = trie_regex(SPEECH_WORDS)

# Words that make the capitalized words after them a person's name ("Senator Jane Roe").
TITLE_WORDS = word_set(
    """
    president presidents vice prime minister ministers secretary spokesman spokeswoman
    spokesperson senator sen. rep. representative congressman congresswoman ambassador envoy
    general gen. admiral adm. director chief chairman chairwoman chair leader chancellor king
    queen premier commander official diplomat negotiator democrat republican lawmaker deputy
    head adviser advisor analyst expert professor prof. researcher coordinator governor mayor
    spokespeople dr. mr. mrs. ms. colonel col. lieutenant captain counsellor counselor aide
    undersecretary under-secretary secretary-general director-general ayatollah sheikh pope
    cardinal emir speaker whip delegate campaigner activist fellow scholar author editor
    correspondent strategist marshal sergeant chairperson executive founder
    """
)
