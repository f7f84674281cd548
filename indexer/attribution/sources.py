"""Sources named after their cue: 'according to X', 'in the words of X', 'has learned from X', 'stated by X'.

Reads who the source is from the words after the cue, up to the clause's first comma: an object pronoun
('according to him'), a body's press service, the issuer of a document, or a name.
"""
from __future__ import annotations

import re

from indexer.attribution.mentions import Mention, classify_run, head_mention, tail_mention
from indexer.attribution.names import ORGRUN

SOURCE_FIRST = ("according", "learned", "learnt", "in the words", "in the view", "in the opinion", "in his", "in her",
                "in their")
_OWN_VIEW = re.compile(r"[Ii]n\s+(his|her|their)\s")
_OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they", "us": "we", "me": "i", "his": "he", "their": "they"}
_THEIR_WORDS = re.compile(
    r"\s*(his|her|their)\s+(?:words|comments|remarks|statement|view|views|opinion|assessment|estimates?|information)\s*"
)
_POSSESSIVE_SOURCE = re.compile(rf"\s*(?:the\s+)?{ORGRUN}(?:['’]s|(?<=s)['’])(?:\s+[a-z][\w-]*){{1,3}}[\s.]*")
_DOC_OF = re.compile(rf"\b(?:by|from|of)\s+(?:the\s+)?({ORGRUN})")
_DOCUMENT = re.compile(r"^\s*(?:a|an|the|its|his|her)?\s*(?:\w+\s+){0,2}(?:statement|report|release|data|figures|"
                       r"survey|poll|study|documents?|letter|filing|analysis|estimates?)\b")


def source_after(cue: str, post: str) -> Mention | None:
    """The source a cue names after itself; `post` is the text that follows the cue."""
    own = _OWN_VIEW.match(cue)  # 'In his view, …'
    if own:
        return Mention("pronoun", own.group(1), head=_OBJECT_PRONOUNS[own.group(1)])
    clause = re.split(r"[,;:]", post, maxsplit=1)[0]
    pronoun = re.fullmatch(r"\s*(him|her|them|us|me)\s*", clause) or _THEIR_WORDS.fullmatch(clause)
    if pronoun:  # 'According to him, …', 'according to his comments': the speaker just named
        return Mention("pronoun", pronoun.group(1), head=_OBJECT_PRONOUNS[pronoun.group(1)])
    if _POSSESSIVE_SOURCE.fullmatch(clause):  # 'according to the Ministry of Labor’s press service'
        return tail_mention(clause.rstrip(" ."))
    doc = _DOC_OF.search(clause)
    if doc and _DOCUMENT.match(clause):  # 'according to a statement from the Ministry'
        return classify_run(doc.group(1))
    return head_mention(clause)
