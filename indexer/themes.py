"""Theme tagging: a passage gets every theme whose terms occur in it, compared stemmed.

Terms and text go through the same analyzer the index uses, so "financing of terrorism" in the
taxonomy matches "terrorist financing"-style inflections the way a search would.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.models import Theme
from indexer.schema import _KINDS, FusedAnalyzer, text_analyzer


@dataclass(frozen=True)
class ThemeMatcher:
    """Theme id → its terms as tuples of stems, prepared once per build."""

    terms: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    analyzer: Any = field(default_factory=text_analyzer, compare=False, repr=False)
    # first stem -> (theme index, phrase, phrase joined with spaces and padded), derived from terms
    by_first: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for index, (_, phrases) in enumerate(self.terms):
            for phrase in phrases:
                self.by_first.setdefault(phrase[0], []).append((index, len(phrase), f" {' '.join(phrase)} "))

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
        analyzer = self.analyzer
        if type(analyzer) is FusedAnalyzer:  # its default call yields exactly these terms, without Token objects
            stems = _KINDS[analyzer.stem].terms(text)[1]
        else:
            stems = [t.text for t in analyzer(text)]
        hits: set[int] = set()
        joined = None
        by_first = self.by_first
        for stem in by_first.keys() & set(stems):  # only phrases whose first stem occurs can match
            for index, size, padded in by_first[stem]:
                if index in hits:
                    continue
                if size > 1:
                    if joined is None:
                        joined = " " + " ".join(stems) + " "
                    if padded not in joined:
                        continue
                hits.add(index)
        terms = self.terms
        return tuple(terms[i][0] for i in sorted(hits))
