"""Orchestration: blocks -> quotations -> sentences -> cue frames -> speakers -> records."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from indexer.attribution.coref import Entities, Speaker, is_place
from indexer.attribution.frames import WINDOW, Frame, find_frames, subject_before
from indexer.attribution.marks import Quote, blocks, find_quotes
from indexer.attribution.mentions import Mention, classify_run
from indexer.attribution.names import RUN
from indexer.attribution.reported import is_reported
from indexer.attribution.sentences import mask, sentences
from indexer.models import Attribution

_WORD = re.compile(r"[\w'’-]+")
_LETTERED = re.compile(r"[^\W\d_][\w'’-]*")
_OUTER = re.compile(r"(?:\s+[a-z]+ly)?(?:\s+(?:during|at|in|on)\s[^,;:]{0,60}?)?\s+that\b")
_SUBORDINATE = re.compile(r"\s*(?:When|If|As|After|Before|While|Because|Although|Though|Since|Until|Once)\b")
_DASH_NAME = re.compile(rf"[,.]?[\"”»’']*\s*[―—–-]{{1,2}}\s*({RUN})[\s,.]*(?:$|\n|\()")
_TRANSCRIPT = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)?):\s")
_TERM = re.compile(
    r"\b(?:so-called|so called|known as(?:\s+(?:the|a|an))?|(?:en)?titled|(?:theme|slogan|motto)(?:\s+(?:was|is|of))?)"
    r"\s*[\"“«'‘]*$"
)
_DATELINE = re.compile(
    r"[A-Z][A-Z/ -]{2,}(?:[^()\n]{0,40}\(([^()\n]{2,40})\)\s*(?:-{1,2}|–|—)"
    r"|[.,](?:[^\n–—()]{0,30},)?\s*(?:([A-Z][\w-]+)\s*(?:-{1,2}|–|—)\s|([A-Z][A-Z-]{2,})\s))"
)
# 'the handbook “Good practices in …”', 'the project "Strengthening …"': the name of a work, not a quotation
_NAMED_WORK = re.compile(
    r"\b(?:handbook|manual|guide|guidebook|book|brochure|publication|report|study|film|documentary|project|programme|"
    r"program|campaign|initiative|strategy|law|concept|conference|seminar|workshop|course|training|forum|"
    r"exhibition|competition|contest|festival|magazine|bulletin|article|song|album|video|website|platform|"
    r"operation|plan|roadmap|road map|declaration|resolution|convention|agreement)\s*[\"“«'‘]*$"
)
# a quotation as the object of a verb of making a document public: 'presented the "Guidelines on …"'
_PRESENTED = re.compile(  # 'presented the "Guidelines …"', 'signed the Memorandum "On …"'
    r"\b(?:present|launch|adopt|sign|approv|unveil|publish|releas|introduc|endors|ratifi|initiall?|draft|develop|"
    r"issu)(?:e|es|s|ed|d)?\s+(?:the|a|an|its|their)\s+"
    r"(?:(?:new|joint|updated|revised|final|draft|[A-Z][\w-]*)\s+){0,3}[\"“«'‘]*$"
)
# a block whose first quotation mark closes a quotation: '… programme», - he said.'
_CLOSES_FIRST = re.compile(r"[^\"“«\n]*(?:[”»]|(?<=\S)\"(?=[\s,.;:!?-]))")
_AND_NAME = re.compile(rf"\s(?:and|&)\s+({RUN})\s*$")
_AND_END = re.compile(r",?\s+and\s+(?:the\s+)?$")
_OPENING = re.compile("[ \"“«'‘]*")
NEAR_FRAMES = 32  # cue frames weighed on either side of a quotation, in a sentence with very many
_MINOR = frozenset("a an the of and or in on at to for by with from as vs via is are be its their".split())


_NAMING = re.compile(
    r"(?:\b(?:call|calls|called|calling|dub|dubs|dubbed|nicknamed|named|labell?ed|branded|as|him|her|them|it|"
    r"himself|herself|said|says|say|saying|chanted|chanting|chant|shouted|shouting|yelled|tweeted|wrote|"
    r"declared|replied|added|like)|:)[\s,]*[\"“«'‘]*$"
)


def is_title(text: str, before: str = "") -> bool:
    """A title-case name of an event, a document or a project, unless someone is said to call it so."""
    words = _WORD.findall(text)
    content = [w for w in words if w.lower() not in _MINOR]
    if len(content) < 2 or text.rstrip()[-1:] in ".!?,":
        return False
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return caps / len(content) >= 0.75 and not _NAMING.search(before[-40:])


def _pick(q: Quote, frames: list[tuple[Frame, Speaker | None]], masked: str, base: int,
          span_start: int) -> tuple[Frame, Speaker | None] | None:
    """The frame a quotation belongs to: the one right after or before it, else the nearest."""
    if not frames:
        return None
    before = masked[max(0, q.start - base - 8) : q.start - base].rstrip()
    if before.endswith(":"):
        usable = [f for f in frames if f[0].end <= q.start and f[1] is not None]
        if usable:
            return usable[0]

    def distance(item: tuple[Frame, Speaker | None]) -> tuple[int, int]:
        f = item[0]
        if f.start >= q.end:
            stop = min(f.start, f.subject_start) - base
            between = masked[q.end - base : min(stop, q.end - base + 400)]
        else:
            stop = q.start - base
            between = masked[max(max(f.end, f.subject_end) - base, stop - 400) : stop]
        words = [w for w in _WORD.findall(between) if w.lower() not in _MINOR]
        follows = f.start >= q.end and masked[q.end - base - 1 : q.end - base] in (",", "?", "!")
        return (0 if item[1] is not None else 1, len(words), 0 if follows else 1)

    best = min(frames, key=distance)
    outer = next((f for f in frames if f[1] is not None and f[0].end <= best[0].start), None)
    if (outer is not None and best[0].end <= q.start and best[1] is not None
            and _OUTER.match(masked, outer[0].end - base) and not _SUBORDINATE.match(masked, span_start)):
        return outer  # 'Trump said that Clinton once described it as "…"': the outer speaker reports it
    return best


def _near(q: Quote, resolved: list[tuple[Frame, Speaker | None]],
          starts: list[int] | None) -> list[tuple[Frame, Speaker | None]]:
    """The frames a quotation is weighed against: all of them in a real sentence (a handful), the
    NEAR_FRAMES cues on either side of it in a sentence with thousands (nested 'X said: "Y said: \'…'),
    so a sentence costs O(quotations × NEAR_FRAMES), not O(quotations × frames)."""
    if starts is None:
        return resolved
    at = bisect_left(starts, q.start)
    return resolved[max(0, at - NEAR_FRAMES) : at + NEAR_FRAMES]


def _record(kind: str, text: str | None, who: Speaker | None, cue: str | None, start: int, end: int, block: int) -> Attribution:
    return Attribution(
        kind=kind, text=text, speaker=who.name if who else None, role=who.role if who else None,
        organization=who.organization if who else None, cue=cue, start=start, end=end, block=block,
        speaker_kind=who.kind if who else "person",  # type: ignore[arg-type]
    )


class _State:
    def __init__(self) -> None:
        self.entities = Entities()
        self.last: Speaker | None = None  # speaker of the latest quotation
        self.last_block = -9
        self.last_at = -1  # where the latest attribution was made
        self.intro: tuple[Speaker, str, int] | None = None  # 'X said:' closing a block: (who, cue, block)

    def spoke(self, who: Speaker, block: int, at: int) -> None:
        """Remember who holds the account now, for quotations that follow unattributed."""
        self.last, self.last_block, self.last_at = who, block, at

    def account_holder(self, block: int, block_start: int) -> Speaker | None:
        """Who an unattributed quotation continues: the latest speaker, or a person the narrator has
        just made the subject of a sentence in this block ('Sen. X identified … . "…"')."""
        subject = self.entities.latest_subject(block_start)
        if subject is not None and subject.subject > self.last_at:
            return subject.speaker()
        return self.last if self.last_block >= block - 1 else None


def _is_headline(sentence: str) -> bool:
    """Title case ('Obama Sees Personal Insult If …'): names read from it would be wrong."""
    if sentence.rstrip()[-1:] in ".!?\"”’»":
        return False
    words = [w for w in _WORD.findall(sentence) if w.lower() not in _MINOR]
    return len(words) >= 4 and sum(1 for w in words if w[0].isupper()) / len(words) > 0.7


def _resolve(frames: list[Frame], state: _State) -> list[tuple[Frame, Speaker | None]]:
    """Each frame with its speaker; a participle shares the speaker of the frame before it."""
    resolved: list[tuple[Frame, Speaker | None]] = []
    for f in frames:
        if f.participial and resolved:
            who = resolved[-1][1]
        else:
            who = state.entities.resolve(f.mention, f.start)
        resolved.append((f, who))
    return resolved


def _byline(masked: str, q: Quote, base: int, state: _State) -> Speaker | None:
    """'“…” ― Pamela Padilla': a name after a dash closing the quotation's line."""
    m = _DASH_NAME.match(masked, q.end - base)
    if not m:
        return None
    found = classify_run(m.group(1))
    return state.entities.resolve(found, q.end) if found and found.kind in ("person", "body") else None


def _label(body: str, at: int, state: _State) -> Speaker | None:
    """'WALLACE: Let's start…' — a transcript line quoted whole names its speaker in capitals."""
    m = _TRANSCRIPT.match(body)
    if not m:
        return None
    name = m.group(1).title()
    return state.entities.resolve(Mention("person", name, name=name), at)


def _quotes(text: str, masked: str, span: tuple[int, int], base: int, block: int, inside: list[Quote],
            resolved: list[tuple[Frame, Speaker | None]], state: _State, out: list[Attribution]) -> set[int]:
    """Records for the quotations of one sentence; returns the ids of the frames they used."""
    used: set[int] = set()
    frame_starts = [f.start for f, _ in resolved] if len(resolved) > 2 * NEAR_FRAMES else None
    for q in inside:
        body = text[q.start : q.end]
        before = masked[max(0, q.start - base - 41) : q.start - base]
        if (is_title(body, before) or _TERM.search(before) or (body[:1].isupper() and _NAMED_WORK.search(before))
                or (_PRESENTED.search(before) and body.rstrip()[-1:] not in ".!?," and len(body.split()) <= 15)):
            continue  # a title, or a term: 'the so-called "pass-through" rate', 'known as the "Buffett rule"
        pick = _pick(q, _near(q, resolved, frame_starts), masked, base, span[0])
        byline = None if pick and pick[1] else _byline(masked, q, base, state) or _label(body, q.start, state)
        if byline is not None:
            who, cue = byline, None
        elif pick is not None:
            who, cue = pick[1], pick[0].cue
            used.add(id(pick[0]))
        else:
            starts = bool(_OPENING.fullmatch(masked, span[0], q.start - base))  # no slice: linear in long sentences
            intro = state.intro if starts and state.intro and state.intro[2] == block - 1 else None
            recent = state.account_holder(block, base)
            if not (starts or (recent and len(_LETTERED.findall(body)) >= 4)):  # numbers are no words
                continue
            who, cue = (intro[0], intro[1]) if intro else (recent, None)  # 'X said:' ¶ '"…"'
            state.intro = None
        out.append(_record("direct", body, who, cue, q.start, q.end, block))
        if who:
            state.spoke(who, block, q.start)
    return used


def _sentence(text: str, masked: str, s: int, e: int, base: int, block: int, quotes: list[Quote],
              state: _State, out: list[Attribution]) -> None:
    frames = find_frames(masked, s, e, base)
    if not _is_headline(masked[s:e]):
        state.entities.observe(masked[s:e], base + s, block == 0)
    resolved = _resolve(frames, state)
    starts = [q.start for q in quotes]
    inside = quotes[bisect_left(starts, base + s) : bisect_left(starts, base + e)]
    used = _quotes(text, masked, (s, e), base, block, inside, resolved, state, out)
    last = resolved[-1] if resolved else None
    if last and last[1] and masked[max(last[0].end, last[0].subject_end) - base : e].strip() == ":":
        state.intro = (last[1], last[0].cue, block)  # 'Later, Lena Vos said:' ending a block introduces the next
    seen: set[str] = set()
    for f, who in resolved:
        if not who or not is_reported(f, masked, s, e, base, id(f) in used):
            continue
        if not inside or f.start > inside[-1].start:
            state.spoke(who, block, f.start)
        partner, first = _partner(f, masked, s, base, state)
        for one in (partner, who) if first else (who, partner):
            if one is not None and one.name not in seen:
                seen.add(one.name)
                out.append(_record("reported", None, one, f.cue, base + s, base + e, block))


def _partner(f: Frame, masked: str, s: int, base: int, state: _State) -> tuple[Speaker | None, bool]:
    """The other of two people who speak together ('X and Y noted', 'X, Head of Z, and Y stressed'), and
    whether that other is named first."""
    if f.participial or f.subject_start >= f.start or not f.mention or f.mention.kind != "person":
        return None, False
    # both look back at most WINDOW characters: a sentence of thousands of cues stays linear
    within = _AND_NAME.search(masked, max(f.subject_start, f.start - WINDOW) - base, f.start - base)
    if within:  # 'Ivo Marek and Ali Saidov noted'
        found = classify_run(within.group(1))
    else:  # 'Ambassador X, Head of the Centre, and Minister Y stressed'
        before = masked[max(s, f.subject_start - base - WINDOW) : f.subject_start - base]
        joined = _AND_END.search(before)
        found = subject_before(before[: joined.start()] + ",") if joined else None
    if found is None or found.kind != "person" or len((found.name or "").split()) < 2:
        return None, False
    return state.entities.resolve(found, f.start), within is None


def _run_on(out: list[Attribution], pending: int | None, first: int, closes: bool) -> None:
    """A quotation running on into the next block is by whoever the reopened quotation is by, or, when the
    next block only closes it ('… programme», - he said.'), by whoever that block names."""
    if pending is None:
        return
    nxt = next((a for a in out[first:] if a.kind == "direct"), None)
    if nxt is None and closes:
        nxt = next((a for a in out[first:] if a.kind == "reported"), None)
    if nxt is not None and nxt.speaker and out[pending].speaker is None:
        out[pending] = replace(out[pending], speaker=nxt.speaker, role=nxt.role, organization=nxt.organization,
                               cue=nxt.cue, speaker_kind=nxt.speaker_kind)


def _publisher(text: str, found: list) -> str | None:
    """The agency a dateline names ('ASTANA. KAZINFORM -', 'DUSHANBE, April 28 (UPI) --'), folded."""
    for block in found[:2]:
        m = _DATELINE.match(text, block.start, block.end)
        name = next((g for g in m.groups() if g), "") if m else ""
        if name and not is_place(name.title()):  # 'BISHKEK, KYRGYZSTAN -' names a place, not an agency
            return name.casefold()
    return None


def extract(text: str) -> tuple[Attribution, ...]:
    """Every direct quotation and reported statement in `text`, in order, with its speaker."""
    found = blocks(text)
    out, entities = _extract(text, found)
    if entities.unresolved():  # 'according to the Russian defense minister' before the text names him
        out, entities = _extract(text, found, tuple(entities.items))
    full = entities.full_names()
    if full:  # 'Marek also noted …' in a lead, 'Ivo Marek' named in the body
        out = tuple(_named(a, full[a.speaker]) if a.speaker in full else a for a in out)
    publisher = _publisher(text, found)
    if publisher is None:
        return out
    # 'Kazinform reports' in a Kazinform release is the narrator naming itself, not a reported source
    return tuple(a for a in out if not (a.kind == "reported" and (a.speaker or "").casefold() == publisher))


def _named(a: Attribution, who: Speaker) -> Attribution:
    return replace(a, speaker=who.name, role=who.role, organization=who.organization, speaker_kind=who.kind)  # type: ignore[arg-type]


def _extract(text: str, found: list, later: tuple = ()) -> tuple[tuple[Attribution, ...], Entities]:
    out: list[Attribution] = []
    state = _State()
    state.entities.later = later
    pending: int | None = None
    for block in found:
        quotes = find_quotes(text, block)
        masked = mask(text, block.start, block.end, quotes)
        first = len(out)
        for s, e in sentences(masked):
            _sentence(text, masked, s, e, block.start, block.index, quotes, state, out)
        if pending is not None:  # _run_on does nothing without one: skip the scan of the block
            _run_on(out, pending, first, bool(_CLOSES_FIRST.match(text, block.start, block.end)))
        pending = None
        if quotes and not quotes[-1].closed:
            pending = next((i for i in range(len(out) - 1, first - 1, -1)
                            if out[i].kind == "direct" and out[i].start == quotes[-1].start), None)
    return tuple(out), state.entities
