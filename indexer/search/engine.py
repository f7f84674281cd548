"""Evaluate a parsed query against one index generation: a bitset of matches, terms to rank and mark.

Words are analysed with each field's own analyzer (stemming and accent folding for text, folding
for names), so `Lajcak` finds `Lajčák`. Boolean structure is evaluated with bitset arithmetic over
cached postings; only phrases ask Whoosh to check positions. Prefix expansion is bounded.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh.searching import Searcher

from indexer.schema import pair_term
from indexer.search import bitsets
from indexer.search.lru import LRU
from indexer.search.postings import PostingsCache, TermPostings
from indexer.search.query import And, Node, Not, Or, Phrase, Prefix, Word

DEFAULT_FIELDS = ("text", "speaker")  # a bare word searches the passage and its speakers' names
ID_FIELDS = {"speaker": "speaker_id", "event": "event_id", "theme": "theme_id", "organization": "organization_id"}
PREFIX_LIMIT = 32  # terms a prefix may expand to (the most frequent of the first 8× as many)
PREFIX_BUDGET = 96  # prefix expansions in one whole query
PREFIX_SCORED = 8  # of which at most this many take part in ranking
CACHE_PHRASES = 512


@dataclass
class Compiled:
    """What a query tree means in one generation."""

    bits: int | None  # None: the query constrains nothing (empty, or only stop words)
    scoring: list[TermPostings] = field(default_factory=list)
    marks: dict[str, set[str]] = field(default_factory=dict)  # field -> analysed terms to highlight
    phrases: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)  # field -> phrases, highlighted whole
    expanded: int = 0  # prefix expansions so far (bounded per query)


class Engine:
    """Per-generation query evaluation (callers hold the view's lock)."""

    def __init__(self, searcher: Searcher, postings: PostingsCache) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        self.postings = postings
        self.size = postings.size
        self._phrases: LRU[tuple, int] = LRU(CACHE_PHRASES)
        self._speaker_fields: tuple[str, ...] = ("speaker",)
        self._speaker_ids: tuple[str, ...] = ()
        self.role_ids: Callable[[tuple[str, ...], str], int] = lambda roles, value: 0  # set by the view

    def compile(self, tree: Node | None, roles: tuple[str, ...] = ()) -> Compiled:
        """roles: the passage roles `speaker:` asks of (() = said, reported, spoke: the `speaker` field)."""
        out = Compiled(None)
        if tree is not None:
            self._speaker_fields = tuple(f"speaker_{r}" for r in roles) or ("speaker",)
            self._speaker_ids = roles
            out.bits = self._eval(tree, False, out)
        return out

    def analyse(self, fieldname: str, text: str) -> list[tuple[str, int]]:
        """(term, position) of text as the field indexes it (stop words dropped, positions kept)."""
        analyzer = self.schema[fieldname].analyzer
        return [(t.text, t.pos) for t in analyzer(text, positions=True)]

    def _eval(self, node: Node, negated: bool, out: Compiled) -> int | None:
        """Documents matching node; `negated` tells leaves under a NOT not to rank or highlight."""
        if isinstance(node, Not):
            inner = self._eval(node.child, not negated, out)
            return None if inner is None else bitsets.full(self.size) & ~inner
        if isinstance(node, Or):
            parts = [p for p in (self._eval(c, negated, out) for c in node.children) if p is not None]
            return _union(parts) if parts else None
        if isinstance(node, And):
            return self._eval_and(node, negated, out)
        if node.field is None and isinstance(node, Word) and not self.analyse("text", node.text):
            return None  # a stop word ("in", "the") constrains nothing, not even through the names field
        targets = DEFAULT_FIELDS if node.field is None else (node.field,)
        if node.field == "speaker":
            targets = self._speaker_fields
        results = [self._leaf(node, f, negated, out) for f in targets]
        if node.field == "speaker" and self._speaker_ids and not isinstance(node, Prefix):
            results.append(self.role_ids(self._speaker_ids, node.text.strip()))
        elif node.field in ID_FIELDS and not isinstance(node, Prefix):
            results.append(self._term(ID_FIELDS[node.field], node.text.strip(), True, out))
        found = [r for r in results if r is not None]
        return _union(found) if found else None

    def _eval_and(self, node: And, negated: bool, out: Compiled) -> int | None:
        include: list[int] = []
        exclude: int | None = None
        for child in node.children:
            if isinstance(child, Not):
                inner = self._eval(child.child, not negated, out)
                if inner is not None:
                    exclude = (exclude or 0) | inner
            else:
                bits = self._eval(child, negated, out)
                if bits is not None:
                    include.append(bits)
        if not negated:
            self._adjacency(node.children, out)
        if not include and exclude is None:
            return None
        result = min(include, key=int.bit_count) if include else bitsets.full(self.size)
        for bits in include:
            result &= bits
        return result & ~exclude if exclude is not None else result

    def _adjacency(self, children: tuple[Node, ...] | list[Node], out: Compiled) -> None:
        """Rank passages where neighbouring query words stand side by side (as the phrase) above those
        where they are scattered: each such pair of words also scores as its `pairs` term."""
        if "pairs" not in self.schema:
            return
        for a, b in zip(children, children[1:]):
            if not all(isinstance(n, Word) and n.field is None for n in (a, b)):
                continue
            first, second = self.analyse("text", a.text), self.analyse("text", b.text)
            if len(first) == 1 and len(second) == 1:
                tp = self.postings.get("pairs", pair_term(first[0][0], second[0][0], 1))
                if tp.df:
                    out.scoring.append(tp)

    def _leaf(self, node: Word | Phrase | Prefix, fieldname: str, negated: bool, out: Compiled) -> int | None:
        if isinstance(node, Prefix):
            return self._prefix(node.text, fieldname, negated, out)
        tokens = self.analyse(fieldname, node.text)
        if not tokens:
            return None
        if len(tokens) == 1:
            return self._term(fieldname, tokens[0][0], negated, out)
        for term, _ in tokens:  # ranked by its words; highlighted only where they stand as the phrase
            self._note(fieldname, term, negated, out, mark=False)
        bits = self._phrase(fieldname, tokens)
        if not negated and bits:
            out.phrases.setdefault(fieldname, set()).add(tuple(t for t, _ in tokens))
        return bits

    def _note(self, fieldname: str, term: str, negated: bool, out: Compiled, score: bool = True,
              mark: bool = True) -> TermPostings:
        tp = self.postings.get(fieldname, term)
        if not negated and tp.df:
            if mark:
                out.marks.setdefault(fieldname, set()).add(term)
            if score:
                out.scoring.append(tp)
        return tp

    def _term(self, fieldname: str, term: str, negated: bool, out: Compiled) -> int | None:
        if not term:
            return None
        return self._note(fieldname, term, negated, out).bits

    def _phrase(self, fieldname: str, tokens: list[tuple[str, int]]) -> int:
        """Documents holding the terms in order (gaps left by stop words allowed)."""
        key = (fieldname, tuple(tokens))
        found = self._phrases.get(key)
        if found is not None:
            return found
        candidates = bitsets.full(self.size)
        pairs = fieldname == "text" and "pairs" in self.schema
        if pairs:  # neighbouring-word terms: exact for two words, a tight filter for longer phrases
            for (a, p), (b, q) in zip(tokens, tokens[1:]):
                candidates &= self.postings.get("pairs", pair_term(a, b, q - p)).bits
        else:
            for term, _ in tokens:
                candidates &= self.postings.get(fieldname, term).bits
        bits = candidates if pairs and len(tokens) == 2 else 0
        if candidates and not bits:
            docs = set(bitsets.to_docnums(candidates))
            first = tokens[0][1]
            offsets = [pos - first for _, pos in tokens]
            found = [self.postings.positions(fieldname, term, docs) for term, _ in tokens]
            hits = [d for d in docs if _in_order(d, found, offsets)]
            bits = bitsets.from_docnums(hits, self.size)
        self._phrases[key] = bits
        return bits

    def _prefix(self, text: str, fieldname: str, negated: bool, out: Compiled) -> int | None:
        names = self.schema["speaker"].analyzer  # lowercase + accent folding, no stemming
        folded = [t.text for t in names(text)]
        if not folded:
            return None
        *before, last = folded
        bits = bitsets.full(self.size)
        for word in before:
            tokens = self.analyse(fieldname, word)
            if tokens:
                bits &= self._term(fieldname, tokens[0][0], negated, out) or 0
        limit = min(PREFIX_LIMIT, PREFIX_BUDGET - out.expanded)
        terms = self.postings.expand_prefix(fieldname, last, limit) if limit > 0 else []
        out.expanded += len(terms)
        terms += [t for t, _ in self.analyse(fieldname, last) if t not in terms]  # `terrorism*` -> stem `terror`
        expanded = 0
        for i, term in enumerate(terms):
            expanded |= self._note(fieldname, term, negated, out, score=i < PREFIX_SCORED).bits
        return bits & expanded


def _in_order(doc: int, found: list[dict[int, list[int]]], offsets: list[int]) -> bool:
    """Whether the document has the phrase's terms at the query's relative positions."""
    rest = [set(f.get(doc, ())) for f in found[1:]]
    return any(all(p + off in s for off, s in zip(offsets[1:], rest)) for p in found[0].get(doc, ()))


def _union(parts: list[int]) -> int:
    bits = 0
    for p in parts:
        bits |= p
    return bits
