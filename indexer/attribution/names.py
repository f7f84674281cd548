"""Name runs: the regexes and word tests that find capitalised names, bodies and acronyms."""
from __future__ import annotations

import re

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
CAPW = rf"(?:[{_UP}]\.(?:[{_UP}]\.)+|[{_UP}](?:[\w'’]|[-‘ʻ`](?=\w))*\.?)"  # 'G‘ulomova': Uzbek letter marks
_PART = r"(?:de|da|del|della|der|den|di|du|van|von|bin|ibn|al|el|la|le|dos|das|ter|y)"
# Patronymic particles that close a Central Asian or Caucasian name: 'Bakyt Darmankul uulu', 'Aida Isaeva kyzy'.
_SUFFIX = r"(?:uulu|kyzy|uly|ogly|oglu|ugli|qizi|gizi)(?![\w'’-])"
RUN = rf"{CAPW}(?:\s+(?:{_PART}\s+)*{CAPW})*(?:\s+{_SUFFIX})?"
LINK = r"(?:of|for|in|on|and|to|against|at|&)"
ORGRUN = rf"{RUN}(?:\s+{LINK}\s+(?:the\s+)?{RUN})*"
ORG_IN = re.compile(rf"(?:{RUN}['’]s\s+)?{ORGRUN}")
LINK_SPLIT = re.compile(rf"\s+{LINK}\s+(?:the\s+)?")
LINK_WORDS = frozenset("of for in on and to against at & the".split())
UPPER = _UP
_ACRONYM = re.compile(r"^(?:[A-Z]\.)+[A-Z]\.?$|^[A-Z][A-Z0-9&]{1,}s?$")


def bare(word: str) -> str:
    """A word without its full stop or possessive: 'Kazakhstan's' -> 'Kazakhstan', 'Affairs’' -> 'Affairs'."""
    word = word.rstrip(".").removesuffix("'s").removesuffix("’s")
    return word[:-1] if word[-1:] in ("'", "’") and word[-2:-1] == "s" else word  # 'Affairs’' -> 'Affairs'


def is_acronym(word: str) -> bool:
    """'OSCE', 'F.B.I.', 'UNODC': a body's short name (never the pronoun 'I')."""
    return bool(_ACRONYM.match(word)) and word not in ("I", "A")
