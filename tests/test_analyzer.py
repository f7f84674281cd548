"""The fused analyzers give exactly the terms and positions of the Whoosh chains they replace, so
an index built with them answers the queries the search side analyses the same way."""
from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.schema import FusedAnalyzer, PairAnalyzer, build_schema, name_analyzer, text_analyzer

# Words that exercise folding, stop words, stemming and the token pattern's inner . ' ’
WORDS = ["Weiß", "ŒUVRE", "Lajčák", "İstanbul", "the", "a", "And", "U.S.", "Ambassador's", "don’t",
         "financing", "terrorism", "Ørsted", "Łódź", "ﬁnance", "x", "I", "résumé", "NATO’s", "2024", "_"]
TEXT = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(alphabet=st.characters(codec="utf-8"), max_size=8)),
    max_size=30,
).map(lambda parts: " ".join(parts))
SEPARATED = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", ", ", "'", "’", ".", "-", "\n\n", ""])),
                     max_size=25).map(lambda ps: "".join(w + s for w, s in ps))


def run(analyzer, value: str, **kwargs) -> list[tuple]:
    return [(t.text, t.pos if kwargs.get("positions") else None, t.boost, t.stopped) for t in analyzer(value, **kwargs)]


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(TEXT, SEPARATED), start=st.integers(0, 5))
def test_fused_analyzers_equal_their_chains(value: str, start: int) -> None:
    for analyzer in (text_analyzer(), name_analyzer()):
        chain = analyzer.chain()
        for kwargs in ({}, {"positions": True, "start_pos": start}, {"positions": True, "mode": "index", "boosts": True}):
            assert run(analyzer, value, **kwargs) == run(chain, value, **kwargs)
        assert run(analyzer, value, positions=True) == run(chain, value, positions=True)  # second call: cached


@settings(max_examples=100, deadline=None)
@given(value=SEPARATED)
def test_options_outside_the_fast_path_are_the_chains_own(value: str) -> None:
    analyzer = text_analyzer()
    for kwargs in ({"chars": True, "positions": True}, {"removestops": False, "positions": True}, {"no_morph": True}):
        expected = [(t.text, getattr(t, "pos", None), t.stopped, getattr(t, "startchar", None)) for t in analyzer.chain()(value, **kwargs)]
        assert [(t.text, getattr(t, "pos", None), t.stopped, getattr(t, "startchar", None)) for t in analyzer(value, **kwargs)] == expected


def test_known_terms() -> None:
    value = "The Ambassador's financing of terrorism in İstanbul, Weiß said."
    assert [(t.text, t.pos) for t in text_analyzer()(value, positions=True)] == [
        ("ambassador'", 1), ("financ", 2), ("terror", 3), ("istanbul", 4), ("weiss", 5), ("said", 6)]
    assert [t.text for t in name_analyzer()("Miroslav Lajčák")] == ["miroslav", "lajcak"]
    pairs = [t.text for t in PairAnalyzer()("financing of terrorism")]
    assert pairs == ["financ terror"]


def test_schema_pickles_without_caches() -> None:
    schema = build_schema()
    text_analyzer()("warm the caches with some words")
    loaded = pickle.loads(pickle.dumps(schema))
    assert loaded["text"].analyzer == FusedAnalyzer(stem=True)
    assert loaded["speaker"].analyzer == FusedAnalyzer(stem=False)
    assert len(pickle.dumps(loaded["text"].analyzer)) < 200
