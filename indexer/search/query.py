"""The query language: parse a user's `q` into a small tree, or fall back to plain words.

Words, "phrases", OR, AND, NOT/-, (groups), prefix*, and `speaker:`, `event:`, `theme:`,
`organization:`, `title:` fields. The parser is strict so that a malformed query is *noticed*:
`parse_query` never raises; it returns the plain words of the query with a message instead.
Words are not analysed here (that needs the index's schema); see `engine.py`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FIELDS = ("speaker", "event", "theme", "organization", "title")
MAX_QUERY_CHARS = 1000  # longer queries are cut to their first words
MAX_TERMS = 32  # words, phrases and prefixes in one query
MAX_DEPTH = 16  # nesting of groups and NOTs
MIN_PREFIX = 2  # letters before a `*`

_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»"}
_WORD_CHARS = re.compile(r"[^\s()\"“”„«»]+")


@dataclass(frozen=True)
class Word:
    """A word (or a chunk like `al-Qaida` that analyses to several terms) in one field or the default."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Prefix:
    text: str  # without the trailing `*`
    field: str | None = None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Word | Phrase | Prefix | And | Or | Not


@dataclass(frozen=True)
class ParsedQuery:
    tree: Node | None  # None: no query (browse everything the filters allow)
    error: str | None = None  # why the query was read as plain words


class QuerySyntaxError(ValueError):
    pass


def _tokens(q: str) -> list[tuple[str, str]]:
    """Split q into (kind, text): LP, RP, PHRASE, OR, AND, NOT, FIELD, WORD, PREFIX."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append(("LP" if c == "(" else "RP", c))
            i += 1
        elif c in _QUOTES:
            close = q.find(_QUOTES[c], i + 1)
            if close < 0:
                raise QuerySyntaxError("a quotation mark is not closed")
            out.append(("PHRASE", q[i + 1 : close]))
            i = close + 1
        elif c in "”»":
            raise QuerySyntaxError("a closing quotation mark has no opening one")
        elif c == "-" and (i == 0 or q[i - 1].isspace() or q[i - 1] == "("):
            if i + 1 >= n or q[i + 1].isspace() or q[i + 1] == ")":
                raise QuerySyntaxError("`-` must stand right before the word to exclude")
            out.append(("NOT", "-"))
            i += 1
        else:
            chunk = _WORD_CHARS.match(q, i).group()
            i += len(chunk)
            out.extend(_chunk_tokens(chunk, q, i))
    return out


def _chunk_tokens(chunk: str, q: str, end: int) -> list[tuple[str, str]]:
    if chunk in ("OR", "AND", "NOT"):
        return [(chunk, chunk)]
    name, colon, rest = chunk.partition(":")
    if colon and name.lower() in FIELDS:
        if not rest and (end >= len(q) or q[end].isspace() or q[end] == ")"):
            raise QuerySyntaxError(f"`{name}:` needs a value, e.g. {name.lower()}:word")
        field = [("FIELD", name.lower())]
        return field + (_word_token(rest) if rest else [])
    return _word_token(chunk)


def _word_token(chunk: str) -> list[tuple[str, str]]:
    if chunk.endswith("*"):
        stem = chunk.rstrip("*")
        if "*" in stem or sum(ch.isalnum() for ch in stem) < MIN_PREFIX:
            raise QuerySyntaxError(f"a `*` needs at least {MIN_PREFIX} letters before it, at the end of a word")
        return [("PREFIX", stem)]
    if "*" in chunk:
        raise QuerySyntaxError("`*` is only allowed at the end of a word")
    return [("WORD", chunk)]


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0
        self.leaves = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or(0)
        if self.peek() is not None:
            raise QuerySyntaxError("a closing parenthesis has no opening one")
        return node

    def parse_or(self, depth: int) -> Node:
        if self.peek() == "OR":
            raise QuerySyntaxError("OR needs a term on both sides")
        children = [self.parse_and(depth)]
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, "RP", "OR"):
                raise QuerySyntaxError("OR needs a term on both sides")
            children.append(self.parse_and(depth))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self, depth: int) -> Node:
        children: list[Node] = []
        while self.peek() not in (None, "RP", "OR"):
            if self.peek() == "AND":
                self.take()
                if not children or self.peek() in (None, "RP", "OR", "AND"):
                    raise QuerySyntaxError("AND needs a term on both sides")
                continue
            children.append(self.parse_unary(depth))
        if not children:
            raise QuerySyntaxError("empty parentheses")
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise QuerySyntaxError("the query is nested too deeply")
        if self.peek() == "NOT":
            self.take()
            if self.peek() in (None, "RP", "OR", "AND"):
                raise QuerySyntaxError("NOT needs a term after it")
            return Not(self.parse_unary(depth + 1))
        return self.parse_primary(depth)

    def parse_primary(self, depth: int) -> Node:
        kind, text = self.take()
        if kind == "LP":
            if self.peek() == "RP":
                raise QuerySyntaxError("empty parentheses")
            node = self.parse_or(depth + 1)
            if self.peek() != "RP":
                raise QuerySyntaxError("a parenthesis is not closed")
            self.take()
            return node
        if kind == "RP":
            raise QuerySyntaxError("a closing parenthesis has no opening one")
        field = None
        if kind == "FIELD":
            field = text
            if self.peek() not in ("WORD", "PHRASE", "PREFIX"):
                raise QuerySyntaxError(f"`{text}:` needs a word or a \"phrase\" right after it")
            kind, text = self.take()
        self.leaves += 1
        if self.leaves > MAX_TERMS:
            raise QuerySyntaxError(f"more than {MAX_TERMS} terms")
        if kind == "PHRASE":
            return Phrase(text, field)
        if kind == "PREFIX":
            return Prefix(text, field)
        return Word(text, field)


def plain_words(q: str) -> Node | None:
    """The fallback reading: every word of q, all required, operators ignored."""
    q = re.sub(rf"\b(?:{'|'.join(FIELDS)}):|\b(?:OR|AND|NOT)\b", " ", q, flags=re.IGNORECASE)
    words = re.findall(r"\w+", q)[:MAX_TERMS]
    if not words:
        return None
    nodes = tuple(Word(w) for w in words)
    return nodes[0] if len(nodes) == 1 else And(nodes)


def _has_control_chars(q: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in "\t\n\r" for c in q)


def parse_query(q: str) -> ParsedQuery:
    """Parse q; on any syntax problem, read it as plain words and say why."""
    if not q.strip():
        return ParsedQuery(None)
    if len(q) > MAX_QUERY_CHARS:
        return ParsedQuery(plain_words(q[:MAX_QUERY_CHARS]), f"the query is longer than {MAX_QUERY_CHARS} characters; its first words were used")
    if _has_control_chars(q):
        return ParsedQuery(plain_words(q), "the query contains control characters; its words were searched")
    try:
        tokens = _tokens(q)
        return ParsedQuery(_Parser(tokens).parse() if tokens else None)
    except QuerySyntaxError as exc:
        return ParsedQuery(plain_words(q), f"{exc}; the words of the query were searched instead")


def leaves(node: Node | None, negated: bool = False):
    """Yield (leaf, negated) for every word, phrase and prefix of the tree."""
    if node is None:
        return
    if isinstance(node, (And, Or)):
        for child in node.children:
            yield from leaves(child, negated)
    elif isinstance(node, Not):
        yield from leaves(node.child, not negated)
    else:
        yield node, negated
