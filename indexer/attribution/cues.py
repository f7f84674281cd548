"""The lexicon of reporting: speech verbs, honorifics, pronouns and role nouns, compiled once."""
from __future__ import annotations

import re

# Verbs that introduce what someone said or wrote; inflected forms are generated below.
_VERB_STEMS = (
    "say:said:says:saying", "add:added:adds:adding", "note:noted:notes:noting", "state:stated:states:stating",
    "stress:stressed:stresses:stressing", "emphasize:emphasized:emphasizes:emphasizing",
    "emphasise:emphasised:emphasises:emphasising", "underline:underlined:underlines:underlining",
    "underscore:underscored:underscores:underscoring", "tell:told:tells:telling",
    "explain:explained:explains:explaining", "declare:declared:declares:declaring",
    "remark:remarked:remarks:remarking", "ask:asked:asks:asking", "write:wrote:writes:writing:written",
    "tweet:tweeted:tweets:tweeting", "report:reported:reports:reporting", "warn:warned:warns:warning",
    "point:pointed:points:pointing", "insist:insisted:insists:insisting", "argue:argued:argues:arguing",
    "claim:claimed:claims:claiming", "announce:announced:announces:announcing",
    "acknowledge:acknowledged:acknowledges:acknowledging", "admit:admitted:admits:admitting",
    "recall:recalled:recalls:recalling", "observe:observed:observes:observing",
    "comment:commented:comments:commenting", "highlight:highlighted:highlights:highlighting",
    "reply:replied:replies:replying", "respond:responded:responds:responding",
    "continue:continued:continues:continuing", "conclude:concluded:concludes:concluding",
    "mention:mentioned:mentions:menting", "urge:urged:urges:urging", "call:called:calls:calling",
    "describe:described:describes:describing", "suggest:suggested:suggests:suggesting",
    "predict:predicted:predicts:predicting", "confirm:confirmed:confirms:confirming",
    "deny:denied:denies:denying", "believe:believed:believes:believing", "think:thought:thinks",
    "vow:vowed:vows:vowing", "promise:promised:promises:promising", "pledge:pledged:pledges:pledging",
    "assert:asserted:asserts:asserting", "maintain:maintained:maintains", "agree:agreed:agrees",
    "joke:joked:jokes:joking", "quip:quipped:quips", "shout:shouted:shouts:shouting",
    "recount:recounted:recounts", "reiterate:reiterated:reiterates:reiterating",
    "welcome:welcomed:welcomes:welcoming", "express:expressed:expresses:expressing",
    "complain:complained:complains:complaining", "charge:charged:charges", "allege:alleged:alleges",
    "cite:cited:cites", "answer:answered:answers", "speak:spoke:speaks:speaking:spoken",
    "post:posted:posts", "mark:marked:marks", "concede:conceded:concedes", "caution:cautioned:cautions",
    "proclaim:proclaimed:proclaims", "boast:boasted:boasts", "whisper:whispered:whispers",
    "recommend:recommended:recommends", "propose:proposed:proposes", "indicate:indicated:indicates",
    "inform:informed:informs", "announce:announced:announces", "call upon:called upon:calls upon",
    "call on:called on:calls on", "stipulate:stipulated:stipulates", "affirm:affirmed:affirms",
    "reaffirm:reaffirmed:reaffirms", "appeal:appealed:appeals", "accuse:accused:accuses",
    "praise:praised:praises", "criticize:criticized:criticizes", "condemn:condemned:condemns",
)
CUE_WORDS = frozenset(form for stem in _VERB_STEMS for form in stem.split(":"))
CUE = r"(?:according\s+to|" + "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in CUE_WORDS), key=len, reverse=True)) + r")"
CUE_RE = re.compile(r"\b" + CUE + r"\b", re.I)

HONORIFICS = (
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady", "Rev", "Reverend",
    "Ambassador", "Amb", "Gen", "General", "Col", "Colonel", "Lt", "Lieutenant", "Maj", "Major", "Capt",
    "Captain", "Sen", "Senator", "Rep", "Representative", "Gov", "Governor", "President", "Vice-President",
    "Vice President", "Prime Minister", "Minister", "Secretary", "Judge", "Justice", "Mayor", "Sheikh",
    "H.E", "HE", "His Excellency", "Her Excellency", "Excellency", "Admiral", "Adm", "Sgt", "Sergeant",
    "Speaker", "Chairman", "Commissioner", "Deputy", "Police", "Foreign", "Attorney General",
)
HONORIFIC = r"(?:" + "|".join(sorted((re.escape(h).replace(r"\ ", r"\s+") for h in HONORIFICS), key=len, reverse=True)) + r")\.?"

PRONOUNS = {"he": "person", "she": "person", "they": "collective", "it": "collective", "we": "collective", "i": "person"}
