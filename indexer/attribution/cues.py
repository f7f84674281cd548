"""The lexicon of reporting: speech verbs, honorifics, role and organisation words, compiled once."""
from __future__ import annotations

import re

# Reporting verbs as "base:past:third-person:gerund[:participle]"; every form is a cue.
_VERBS = """say:said:says:saying add:added:adds:adding note:noted:notes:noting state:stated:states:stating
stress:stressed:stresses:stressing emphasize:emphasized:emphasizes:emphasizing
emphasise:emphasised:emphasises:emphasising underline:underlined:underlines:underlining
underscore:underscored:underscores:underscoring tell:told:tells:telling explain:explained:explains:explaining
declare:declared:declares:declaring remark:remarked:remarks:remarking ask:asked:asks:asking
write:wrote:writes:writing:written tweet:tweeted:tweets:tweeting report:reported:reports:reporting
warn:warned:warns:warning insist:insisted:insists:insisting argue:argued:argues:arguing
claim:claimed:claims:claiming announce:announced:announces:announcing
acknowledge:acknowledged:acknowledges:acknowledging admit:admitted:admits:admitting
recall:recalled:recalls:recalling observe:observed:observes:observing comment:commented:comments:commenting
highlight:highlighted:highlights:highlighting reply:replied:replies:replying respond:responded:responds:responding
conclude:concluded:concludes:concluding mention:mentioned:mentions:mentioning urge:urged:urges:urging
call:called:calls:calling describe:described:describes:describing suggest:suggested:suggests:suggesting
predict:predicted:predicts:predicting confirm:confirmed:confirms:confirming deny:denied:denies:denying
vow:vowed:vows:vowing promise:promised:promises:promising pledge:pledged:pledges:pledging
assert:asserted:asserts:asserting maintain:maintained:maintains:maintaining joke:joked:jokes:joking
quip:quipped:quips:quipping shout:shouted:shouts:shouting recount:recounted:recounts:recounting
reiterate:reiterated:reiterates:reiterating complain:complained:complains:complaining
allege:alleged:alleges:alleging answer:answered:answers:answering concede:conceded:concedes:conceding
caution:cautioned:cautions:cautioning proclaim:proclaimed:proclaims:proclaiming boast:boasted:boasts:boasting
recommend:recommended:recommends:recommending propose:proposed:proposes:proposing
indicate:indicated:indicates:indicating affirm:affirmed:affirms:affirming reaffirm:reaffirmed:reaffirms:reaffirming
refer:referred:refers:referring point:pointed:points:pointing testify:testified:testifies:testifying
retort:retorted:retorts:retorting lament:lamented:laments:lamenting
mark:marked:marks:marking welcome:welcomed:welcomes:welcoming agree:agreed:agrees:agreeing
blast:blasted:blasts:blasting
opine:opined:opines:opining muse:mused:muses:musing wonder:wondered:wonders:wondering
post:posted:posts:posting cite:cited:cites:citing
accuse:accused:accuses:accusing demand:demanded:demands:demanding label:labeled:labels:labeling:labelled
brand:branded:brands:branding dub:dubbed:dubs:dubbing compare:compared:compares:comparing
condemn:condemned:condemns:condemning criticize:criticized:criticizes:criticizing
criticise:criticised:criticises:criticising praise:praised:praises:praising slam:slammed:slams:slamming
chant:chanted:chants:chanting rate:rated:rates:rating yell:yelled:yells:yelling rule:ruled:rules:ruling
sing:sang:sings:singing
encourage:encouraged:encourages:encouraging mock:mocked:mocks:mocking inform:informed:informs:informing
brief:briefed:briefs:briefing appeal:appealed:appealed:appealing outline:outlined:outlined:outlining
assure:assured:assures:assuring remind:reminded:reminds:reminding liken:likened:likens:likening
advocate:advocated:advocates:advocating""".split()
CUE_WORDS = frozenset(form for verb in _VERBS for form in verb.split(":"))
BASE_FORMS = frozenset(verb.split(":")[0] for verb in _VERBS)
# Forms that are also nouns or adjectives: a cue only when no determiner stands before them.
AMBIGUOUS = frozenset(
    "note notes state states report reports remark remarks comment comments claim claims call calls post posts "
    "point points mark marks answer answers reply replies tweet tweets promise promises pledge pledges "
    "counter welcome stated reported alleged marked called posted noted written concluded proposed "
    "recommended highlighted thought demand demands mention mentions charge charges chant chants welcome "
    "welcomes praise praises brief briefs appeal outline rule rules advocate advocates".split()
)
DETERMINERS = frozenset(
    "a an the this that these those his her its their our my your whose its every each any no some one "
    "first last united such new".split()
)


def trie_pattern(words: frozenset[str]) -> str:
    """One regex alternation shaped as a prefix tree: the regex engine tries far fewer branches."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


_FORMS = trie_pattern(CUE_WORDS)
_PHRASAL = (
    r"(?:(?:point|pointed|points|pointing)\s+out|(?:call|called|calls|calling)\s+(?:on|upon|for)|(?:put|puts)\s+it"
    r"|(?:speak|spoke|speaks|speaking|spoken)\s+(?:about|of|on)"
    # what press releases report as said: 'drew attention to', 'raised concern over', 'expressed hope that'
    r"|(?:drew|draws|drawing)\s+(?:the\s+)?attention"
    r"|(?:raised|raises|raising|voiced|voices|voicing|expressed|expresses|expressing)\s+(?:(?:his|her|their|its|the|"
    r"serious|deep|grave|strong|full)\s+){0,2}(?:concerns?|hope|confidence|regret|readiness|willingness|support|"
    r"conviction)"
    r"|(?:dwelt|dwelled|dwells|dwelling|touched|touches|touching)\s+(?:up)?on"
    r"|(?:learned|learnt)\s+from"
    r"|reads(?=\s*[:.,])|read(?=\s*:)|continued(?=\s*:)|continues(?=\s*:)"  # a document's wording: 'the statement reads: "…"'
    r"|reads(?=\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:declaration|statement|document|communiqu[eé]|"
    r"message|resolution|report|release|letter|text|appeal)\b))"  # '"…," reads the declaration signed …'

)
_SOURCE_FIRST = (  # cues whose source follows them: 'according to X', 'in the words of X', 'in his view'
    r"[Aa]ccording\s+to|[Ii]n\s+(?:the\s+(?:words|view|opinion)\s+of|(?:his|her|their)\s+(?:words|view|opinion))"
)
# Every cue starts with one of these letters (_SOURCE_FIRST's, _PHRASAL's, a cue word's): checking that
# first at each word start lets most words fail without trying the tree's branches.
_CUE_FIRST = "".join(sorted(set("AaIipcsdrvetl") | {word[0] for word in CUE_WORDS}))
CUE_RE = re.compile(
    r"\b(?=[" + re.escape(_CUE_FIRST) + "])(?:" + _SOURCE_FIRST + "|" + _PHRASAL + "|(?:" + _FORMS + r"))\b"
)

HONORIFICS = frozenset(
    """Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Rev Reverend Ambassador Amb Gen General Col
    Colonel Lt Lieutenant Maj Major Capt Captain Sen Senator Rep Representative Gov Governor President
    Vice-President Minister Secretary Judge Justice Mayor Sheikh H.E HE Excellency Admiral Adm Sgt Sergeant
    Chairman Commissioner Pope Cardinal Imam Rabbi Emir Sultan Chancellor Premier Dep Deputy""".split()
)
FEMALE = frozenset("Mrs Ms Miss Dame Lady she her".split())
MALE = frozenset("Mr Sir Lord he his".split())
# Capitalised words naming a function: they end a role and never belong to a person's name.
ROLE_WORDS = frozenset(
    """President Vice-President Vice Prime Minister Ministers Secretary Secretary-General Under-Secretary-General
    Under-Secretary Assistant General Head Deputy Director Director-General Chairman Chairwoman Chair Chairperson
    Chairperson-in-Office Ambassador Representative Special Envoy Coordinator Co-ordinator Officer Adviser Advisor
    Spokesman Spokeswoman Spokesperson Chief Executive Senator Sen Rep Gov Governor Mayor Judge Justice
    Commissioner Commander Leader Speaker Attorney Counsel Professor Dr Mr Mrs Ms Miss Sir Dame Lord Lady Amb
    Colonel Col Lt Major Maj Capt Captain Sgt Admiral Adm Rev Reverend Sheikh Excellency H.E Chancellor Premier
    Member Founder Co-founder Candidate Nominee Analyst Expert Economist Researcher Fellow Editor Correspondent
    Reporter Columnist Manager Partner Founder Strategist Consultant Pollster Aide Lawyer Congressman Congresswoman
    Lawmaker Delegate Rapporteur Envoy Emissary Inspector Prosecutor Sheriff Chief-of-Staff Dep Deputy
    Ombudsman Ombudsperson Rector Consul Consul-General Akim Hokim Mufti""".split()
)
# Fields of a ministry or committee ('Minister of Labor, Social Security and Migration'): they end a role
# written before a name and are never part of the name.
PORTFOLIOS = frozenset(
    """Labour Labor Justice Defence Defense Finance Health Education Interior Culture State Energy Agriculture
    Transport Economy Trade Commerce Environment Security Communications Information Housing Treasury Migration
    Social Protection Emergency Emergencies Development Youth Sports Tourism Industry Welfare Employment
    Science""".split()
)
# Capitalised words that make a run an organisation, a place or a document rather than a person.
ORG_WORDS = frozenset(
    """Affairs Ministry Centre Center Office Committee Commission Department Council Agency Organization Organisation
    Party Post Times Journal News Service Services Government Embassy Bank Union Nations Institute University
    College Foundation Association Campaign Court Police Network Group Forum Secretariat Mission Programme
    Program Parliament Assembly Senate Congress House Federation Republic Corporation Company Inc Corp Ltd Fund
    Watch Magazine Press Daily Tribune Herald Gazette Review Inquirer Bureau Administration Authority Force
    Forces Army Navy Board Alliance Coalition Television Radio Channel Academy Society Club Institution
    Treasury Pentagon Kremlin Cabinet Directorate Initiative Project Trust Partnership Conference Summit
    Declaration Communique Communiqué Statement Report Court Tribunal Caucus Command Unit Division Council Team Structure
    Post Network Foundation Institute Enterprises Industries Holdings Airlines Media Press Wire Monitor Observer
    Guardian Telegraph Express Mail Sun Star Independent Economist Chronicle Bulletin Digest Insider
    Congress Democrats Republicans Committee Police Ministry Staff Headquarters Troops Guard""".split()
)
GEO_WORDS = frozenset(
    """Asia Europe Africa America Americas Central Eastern Western Northern Southern East West North South Middle
    United States State Kingdom Republic Federation Union Region Regional International National Global World
    Asian European African American Islamic Arab Gulf Pacific Atlantic Caucasus Balkans
    Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan Bangladesh Belarus Belgium Bolivia
    Bosnia Brazil Bulgaria Cambodia Canada Chile China Colombia Croatia Cuba Cyprus Czechia Denmark Egypt Estonia
    Ethiopia Finland France Georgia Germany Greece Hungary India Indonesia Iran Iraq Ireland Israel Italy Japan
    Jordan Kazakhstan Kenya Korea Kosovo Kuwait Kyrgyzstan Latvia Lebanon Libya Lithuania Luxembourg Malaysia
    Mexico Moldova Mongolia Montenegro Morocco Nepal Netherlands Nigeria Norway Pakistan Palestine Peru
    Philippines Poland Portugal Qatar Romania Russia Serbia Slovakia Slovenia Somalia Spain Sudan Sweden
    Switzerland Syria Tajikistan Thailand Tunisia Turkey Turkmenistan Ukraine Uzbekistan Venezuela Vietnam Yemen
    Europe Britain England Scotland Wales Moscow Washington Beijing Kabul Tehran Pyongyang Seoul Kyiv Kiev""".split()
)
# Nouns heading a description of a body: "the newspaper said", "the declaration calls upon".
BODY_NOUNS = frozenset(
    """newspaper paper agency ministry department campaign committee company group network magazine
    organization organisation office government website site outlet publication channel station
    firm bank commission council centre center court union party administration bureau service
    embassy mission board team coalition alliance firm institute university police""".split()
)
# Bodies that are voices in their own right even unnamed (meetings and the documents they adopt).
FORUM_NOUNS = frozenset(
    """participants delegates delegations declaration communique communiqué conference forum meeting summit
    resolution statement representatives""".split()
)
# Nouns heading a description of a person: "the senator", "the Tajik leader".
PERSON_NOUNS = frozenset(
    """senator congressman congresswoman lawmaker leader president minister secretary ambassador governor mayor
    candidate nominee spokesman spokeswoman spokesperson official chairman chairwoman chair director head
    chief executive judge justice lawyer attorney businessman businesswoman billionaire mogul man woman
    diplomat envoy representative adviser advisor aide commander general officer economist expert analyst
    professor prime republican democrat politician veteran star founder manager strategist pollster
    speaker emissary coordinator deputy host author writer reporter correspondent columnist""".split()
)
# Plural nouns for unnamed groups: "Participants underscored", "Officials said".
GROUP_NOUNS = frozenset(
    """participants delegates delegations officials sources experts analysts critics aides observers residents
    officers investigators authorities organizers organisers speakers members lawmakers leaders voters
    supporters advocates democrats republicans scientists researchers witnesses police prosecutors
    diplomats representatives ministers governments countries states parties sides""".split()
)
# Capitalised words that start sentences but never names: "During", "After", "Neither".
STOP_CAPS = frozenset(
    """The A An During After Before As When While But And Or In On At For With From By Neither Either Both If
    Although Though Since Because Meanwhile However Still Yet So Then Now Later Earlier Asked Speaking Also This
    That These Those It Its His Her Their Our My Your We They He She I Democratic Republican Democrats
    Republicans Rival Former Then-candidate Like Unlike Despite Under Over About Among Including Without
    Instead Even Just Only Last Next Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Today Yesterday Tonight
    Here There What Why How Where Who Whom Which Whose Meanwhile According
    Separately Finally Indeed Instead Yes No Oh Well Asked Told Said Says Writing Tweeting Responding
    Follow Read Watch Sign Click See Note Update Editor's Earlier""".split()
)
GENDER_NOUNS = {
    "female": frozenset("spokeswoman chairwoman congresswoman businesswoman woman wife mother daughter sister "
                        "actress widow grandmother aunt niece queen princess".split()),
    "male": frozenset("spokesman chairman congressman businessman man husband father son brother actor widower "
                      "grandfather uncle nephew king prince".split()),
}
# Words that may stand right before a cue used as a verb ("Trump states", "officials reported").
SUBJECT_ENDS = frozenset(
    """he she they it we i who which that and but or also has have had would will did does do is was were been not never
    just even still first already often again later then too officials sources""".split()
)
# Documents that speak for whoever issued them: "according to a new Washington Post-ABC News poll".
DOC_NOUNS = frozenset(
    """poll survey report study database memo analysis letter complaint filing ruling editorial article column
    review audit journal newspaper paper website blog tally count estimate estimates data figures""".split()
)
# Title-case cues of headlines: "Lindsey Graham Says …", "Lawmaker Urges …".
HEADLINE_CUE_RE = re.compile(r"\b(?:Says|Said|Tells|Told|Warns|Urges|Claims|Calls|Slams|Admits|Insists|Vows|Asks|Argues)\b")
# Nationality and faith adjectives: 'the Russian defense minister', 'Muslim states'. They qualify a role
# noun or a plural; alone they never name a speaker. Most are a place with a suffix ('Russia' + 'n').
_DEMONYMS = frozenset(
    """Kyrgyz Tajik Kazakh Uzbek Turkmen Afghan Swiss Dutch Greek Thai Czech Slovak Danish Finnish Polish Irish
    Scottish Welsh Serb Croat Bosniak Kurd Kurdish Pashtun Baloch Uyghur Uighur Muslim Christian Jewish Buddhist
    Hindu Sunni Shia Shiite Orthodox Catholic Protestant Arab Arabic Persian Turkic Slavic Soviet Post-Soviet Islamic
    British French German Spanish Turkish Lebanese Swedish Norwegian Filipino Belarusian Azeri Caucasian""".split()
)
_DEMONYM_SUFFIXES = ("ian", "ean", "an", "n", "ese", "i", "ic")


def is_demonym(word: str) -> bool:
    """'Russian', 'Kyrgyz', 'Chinese', 'Pakistani', 'Islamic': an adjective of a people, place or faith."""
    if word in _DEMONYMS or (word.endswith("ese") and len(word) > 5):  # 'Burmese', 'Taiwanese'
        return True
    for suffix in _DEMONYM_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) > 2 and (
                stem.endswith("stan") or any(f"{stem}{end}" in GEO_WORDS for end in ("", "a", "e", "y", "o", "ia"))):
            return True
    return False
