"""Theme tagging: a passage gets every theme whose terms occur in it, compared stemmed.

Terms and text go through the same analyzer the index uses, so "financing of terrorism" in the
taxonomy matches "terrorist financing"-style inflections the way a search would.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.models import Theme
from indexer.schema import text_analyzer


@dataclass(frozen=True)
class ThemeMatcher:
    """Theme id → its terms as tuples of stems, prepared once per build."""

    terms: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    analyzer: Any = field(default_factory=text_analyzer, compare=False, repr=False)

    @classmethod
    def from_themes(cls, themes: tuple[Theme, ...]) -> "ThemeMatcher":
        analyze = text_analyzer()
        prepared = []
        for theme in themes:
            phrases = {tuple(t.text for t in analyze(term)) for term in (*theme.terms, theme.label)}
            prepared.append((theme.id, tuple(sorted(p for p in phrases if p))))
        return cls(tuple(prepared), analyze)

    def match(self, text: str) -> tuple[str, ...]:
        """Ids of the themes whose terms occur in the text, in taxonomy order."""
        stems = [t.text for t in self.analyzer(text)]
        present = set(stems)
        joined = " " + " ".join(stems) + " "
        found = []
        for theme_id, phrases in self.terms:
            for phrase in phrases:
                if phrase[0] in present and (len(phrase) == 1 or f" {' '.join(phrase)} " in joined):
                    found.append(theme_id)
                    break
        return tuple(found)
