"""Word lists the extraction stages share: speech verbs and the titles that precede names.

They live in one place because entities (who is a person), quotes (who said it) and
events (is this a statement) must agree on what a speech verb or a title is.
"""

from __future__ import annotations

from treatykg.ingest.text import word_set

__all__ = ["SPEECH_VERBS", "TITLE_WORDS"]

# A regex alternation: the verbs and phrases that report speech.
SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|added|adds|wrote|writes|noted|notes|warned|warns|"
    r"stressed|stresses|explained|argued|insisted|declared|announced|asked|replied|countered|"
    r"emphasized|emphasised|underlined|underscored|recalled|commented|claimed|continued|"
    r"concluded|urged|called|calls|reads|read|tweeted|posted|remarked|observed|acknowledged|"
    r"admitted|described|describing|calling|saying|adding|according\sto|pointed\sout|"
    r"pointing\sout|went\son|noting|stressing|warning|recalling|insisting|arguing"
)

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
