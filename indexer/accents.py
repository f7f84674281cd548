"""Accent folding: the one way Verbatim makes text accent-insensitive.

Index terms, name lookup, ids, did-you-mean and `verbatim eval` all fold with `fold_accents`, so
`Lajcak` finds `Lajčák`, `Weiss` finds `Weiß` and `Thor` finds `Þór` wherever they are compared.
The table: NFKD (which also spells out ligatures and compatibility forms: `ﬁ` → `fi`), combining
marks dropped, then the Latin letters NFKD does not decompose spelled as bibliographies do (`ß` →
`ss`, `Þ` → `Th`, `Æ` → `AE`, `Ø` → `O`, `Ł` → `L`, …), and any other Latin letter whose Unicode
name is a base letter "with" a stroke, hook or bar folded to that base letter (`ƀ` → `b`). Case is
kept: callers lower- or casefold as their comparison needs.
"""
from __future__ import annotations

import unicodedata

SPELLED = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
    "ŋ": "ng", "Ŋ": "NG", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
}
_LATIN_BLOCKS = ((0x00C0, 0x0250), (0x1E00, 0x1F00), (0x2C60, 0x2C80), (0xA720, 0xA800))


def _letter_table() -> dict[int, str]:
    """SPELLED, plus `LATIN SMALL/CAPITAL LETTER X WITH …` → x / X for letters NFKD leaves whole."""
    table: dict[int, str] = {}
    for first, last in _LATIN_BLOCKS:
        for cp in range(first, last):
            char = chr(cp)
            if unicodedata.normalize("NFKD", char) != char:
                continue  # decomposed (and its marks dropped) before the table applies
            parts = unicodedata.name(char, "").split(" ")
            if len(parts) >= 6 and parts[0] == "LATIN" and parts[2] == "LETTER" and parts[4] == "WITH" \
                    and len(parts[3]) == 1:
                table[cp] = parts[3] if parts[1] == "CAPITAL" else parts[3].lower()
    table.update({ord(k): v for k, v in SPELLED.items()})
    return table


_TABLE = _letter_table()


def fold_accents(text: str) -> str:
    """The text with accents dropped and letters without a decomposition spelled out; case kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_TABLE)
