"""The search side end to end: the tiny corpus indexed with build_index, searched with run_search.

Facet arithmetic is checked against a brute-force count over every stored passage, so the tests
hold whatever the annotation stage decides; text matching is checked passage by passage.
"""
from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.build import build_index
from indexer.index_format import COLUMNS_FILE
from indexer.search import (
    UNATTRIBUTED,
    BadRequest,
    IndexView,
    NoIndex,
    PassageRecord,
    SearchRequest,
    open_index,
    run_search,
)


@pytest.fixture(scope="module")
def view(tiny_index: Path):
    return open_index(tiny_index)


@pytest.fixture(scope="module")
def passages(view) -> list[PassageRecord]:
    """Every passage of the tiny index, in document order."""
    return [p for doc in sorted(view.catalog.documents) for p in view.document_passages(doc)]


def found(view, q: str = "", **kw) -> list[tuple[str, int]]:
    """(document id, block) of every hit, in result order."""
    results = run_search(view, SearchRequest(q=q, per_page=100, **kw))
    assert results.total == len(results.hits)
    return [(h.passage.document_id, h.passage.block) for h in results.hits]


def containing(passages, *words: str) -> set[tuple[str, int]]:
    return {(p.document_id, p.block) for p in passages if all(w in p.text for w in words)}


# --- the query language -----------------------------------------------------------------------


def test_words_match_every_form_and_rank_the_shortest_first(view, passages):
    hits = found(view, "border")
    assert set(hits) == containing(passages, "border") | containing(passages, "Border")
    assert hits[0] == ("almaty-2010-seminar", 5)  # shortest passage with a form of the word ("borders"); titles are no passages


def test_phrase_needs_the_words_in_order(view, passages):
    assert set(found(view, '"drug trafficking"')) == containing(passages, "drug trafficking")
    assert found(view, '"trafficking drug"') == []
    assert found(view, "“drug trafficking”") == found(view, '"drug trafficking"')  # curly quotes too


@pytest.mark.parametrize(
    "phrase, text",
    [("schools of radicalization", "schools of radicalization"),
     ("schools radicalization", "schools of radicalization"),  # stop words are not indexed: ignored
     ("radicalization schools", None),  # order counts
     ("threats that cross borders", "threats that cross borders"),  # longer: pairs, then positions
     ("border security drug trafficking", "border security & drug trafficking"),
     ("security border drug trafficking", None)],
)
def test_phrases_need_their_words_in_order(view, passages, phrase, text):
    expected = containing(passages, text) if text else set()
    assert set(found(view, f'"{phrase}"')) == expected


def test_or_and_not(view, passages):
    cyber, prisons = containing(passages, "cyber"), containing(passages, "prisons")
    assert set(found(view, "cyber OR prisons")) == cyber | prisons
    assert found(view, "cyber prisons") == []
    border = set(found(view, "border"))
    drug = set(found(view, "drug"))
    assert set(found(view, "border -drug")) == border - drug
    assert set(found(view, "border NOT drug")) == border - drug
    assert set(found(view, "(cyber OR prisons) -offline")) == (cyber | prisons) - containing(passages, "offline")


def test_prefix_expands_and_wildcard_alone_is_refused(view, passages):
    assert set(found(view, "traffick*")) == containing(passages, "trafficking")
    assert set(found(view, "financing*")) == containing(passages, "financing")  # the prefix's own stem counts
    results = run_search(view, SearchRequest(q="*"))
    assert results.query_error and results.total == len(passages)


def test_stemming_and_accent_folding(view, passages):
    assert set(found(view, "financed")) == containing(passages, "financing")
    assert set(found(view, "seizures")) == containing(passages, "seizure")
    assert set(found(view, "Zumabekova")) == containing(passages, "Žumabekova")
    assert set(found(view, "ozturk")) == containing(passages, "Öztürk")
    assert set(found(view, "ZOË")) == containing(passages, "Zoë")
    weiss = containing(passages, "Weiß")
    assert weiss and set(found(view, "Weiss")) == weiss == set(found(view, "weiß"))  # ß folds to ss
    assert "Weiß" in marked(run_search(view, SearchRequest(q="Weiss")).hits[0])


def test_field_queries(view, passages):
    weiss = {(p.document_id, p.block) for p in passages if "jurgen-weiss" in p.speaker_ids}
    assert weiss and set(found(view, "speaker:Weiss")) == weiss
    assert set(found(view, "speaker:jurgen-weiss")) == weiss  # an id works too
    bishkek = {(p.document_id, p.block) for p in passages if p.event_id == "bishkek-2011-round-table"}
    assert set(found(view, "event:Bishkek")) == bishkek
    cyber = {(p.document_id, p.block) for p in passages if "cyber-security" in p.theme_ids}
    assert set(found(view, 'theme:"cyber security"')) == cyber
    assert set(found(view, "title:Dushanbe")) == {(p.document_id, p.block) for p in passages if p.document_id == "dushanbe-workshop"}
    osce = {(p.document_id, p.block) for p in passages if "osce" in p.organization_ids}
    assert set(found(view, "organization:OSCE")) == osce
    assert found(view, "speaker:Nobody") == []


def test_unknown_field_is_read_as_words(view, passages):
    results = run_search(view, SearchRequest(q="colour:cyber"))
    assert results.query_error is None and results.total == 0
    assert set(found(view, "cyber:security")) == containing(passages, "cyber security")


@pytest.mark.parametrize(
    "q",
    ['"unbalanced phrase', "(border OR", "border)", "OR", "border OR", "NOT", "AND border", "speaker:",
     "speaker: border", "-", "a - b", "*", "**", "bo*rder", "((((((((((((((((((((border))))))))))))))))))))",
     "border " * 2000, "border\x00drug", "\x1b[31m", "«", "”border", "()", ":", "title:()"],
)
def test_malformed_queries_fall_back_to_plain_words(view, q):
    results = run_search(view, SearchRequest(q=q))
    assert results.query_error, q
    words = [w for w in ("border", "drug") if w in q]
    if words:
        assert results.total == len(found(view, " ".join(dict.fromkeys(words))))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=80) | st.lists(st.sampled_from(['"', "(", ")", "OR", "NOT", "-", "*", "speaker:", "border", "bo*", " ", "AND", "«"]), max_size=12).map("".join))
def test_any_query_gives_results_never_an_exception(view, q):
    results = run_search(view, SearchRequest(q=q))
    assert 0 <= results.total <= 11
    assert len(results.hits) == min(results.total, 20)


# --- filters and facets -----------------------------------------------------------------------


def _values(p: PassageRecord, facet: str) -> tuple[str, ...]:
    values = {"speaker": p.speaker_ids, "event": (p.event_id,) if p.event_id else (), "theme": p.theme_ids,
              "organization": p.organization_ids, "year": (p.year,) if p.year else ()}[facet]
    return values or (UNATTRIBUTED,)


def brute_force(passages, selections: dict[str, tuple[str, ...]], quotes_only=False, skip: str | None = None):
    """Passages passing every selection except `skip`'s (OR within a facet, AND across)."""
    return [
        p for p in passages
        if all(set(_values(p, f)) & set(chosen) for f, chosen in selections.items() if f != skip and chosen)
        and (p.quotes or not quotes_only)
    ]


SELECTIONS = [
    {},
    {"event": ("almaty-2010-seminar",)},
    {"event": ("almaty-2010-seminar", "bishkek-2011-round-table")},
    {"theme": ("border-security",), "year": ("2011",)},
    {"speaker": (UNATTRIBUTED,)},
    {"theme": ("border-security", "cyber-security"), "organization": ("osce", UNATTRIBUTED)},
    {"event": (UNATTRIBUTED,), "year": ("2012",)},
]


@pytest.mark.parametrize("selections", SELECTIONS)
@pytest.mark.parametrize("quotes_only", [False, True])
def test_filters_and_disjunctive_facet_counts_match_brute_force(view, passages, selections, quotes_only):
    results = run_search(view, SearchRequest(per_page=100, quotes_only=quotes_only, **selections))
    expected = brute_force(passages, selections, quotes_only)
    assert sorted(h.passage.id for h in results.hits) == sorted(p.id for p in expected)
    assert results.total == len(expected)
    assert results.quotes_count == sum(1 for p in brute_force(passages, selections) if p.quotes)
    for facet, values in results.facets.items():
        base = brute_force(passages, selections, quotes_only, skip=facet)
        counts: dict[str, int] = {}
        for p in base:
            for v in _values(p, facet):
                counts[v] = counts.get(v, 0) + 1
        chosen = selections.get(facet, ())
        assert {v.id: v.count for v in values} == {**{c: 0 for c in chosen}, **counts}
        assert {v.id for v in values if v.selected} == set(chosen)


COUNTING = {  # every way facets.py can count a facet's values
    "cheapest": {},
    "matches": {"method": "matches"},
    "outside": {"method": "outside"},
    "rows": {"method": "rows"},
    "bits": {"method": "bits"},
}


@pytest.mark.parametrize("method", sorted(COUNTING))
@pytest.mark.parametrize("limit", [1, 2, 3, 100])
@pytest.mark.parametrize("q", ["border OR cyber OR prisons", "border", ""])
def test_long_facets_list_their_top_values_exactly(view, passages, method, limit, q):
    """Whichever way values are counted, the listed ones are the top `limit` by count, ties going to
    the value with more passages in all (then the first seen), and `truncated` is exact."""
    from indexer.search.facets import Counting

    fresh = IndexView(view.folder, Counting(**COUNTING[method], limit=limit))  # no cached results from other tests
    results = run_search(fresh, SearchRequest(q=q))
    base = [p for p in passages if not q or {(p.document_id, p.block)} & set(found(view, q))]
    for facet, values in results.facets.items():
        counts: dict[str, int] = {}
        for p in base:
            for v in _values(p, facet):
                counts[v] = counts.get(v, 0) + 1
        named = {v: c for v, c in counts.items() if v != UNATTRIBUTED}
        column = fresh.columns.facets[facet]
        best = sorted(named, key=lambda v: (-named[v], column.rank[column.number[v]]))[:limit]
        assert {v.id: v.count for v in values if v.id != UNATTRIBUTED} == {v: named[v] for v in best}
        assert results.facets_truncated[facet] == (len(named) > limit)
        assert {v.id: v.count for v in values if v.id == UNATTRIBUTED} == {k: c for k, c in counts.items() if k == UNATTRIBUTED}


def test_facet_labels_come_from_the_catalog(view):
    results = run_search(view, SearchRequest())
    assert [(v.id, v.label, v.count) for v in results.facets["event"]] == [
        ("almaty-2010-seminar", view.catalog.label("event", "almaty-2010-seminar"), 5),
        ("bishkek-2011-round-table", view.catalog.label("event", "bishkek-2011-round-table"), 2),
        ("dushanbe-2012-workshop-cyber-security", "Workshop on cyber security (found in text)", 1),
    ]  # body paragraphs only: a headline is no passage, so it counts in no facet
    assert [(v.id, v.count) for v in results.facets["year"]] == [("2012", 1), ("2011", 2), ("2010", 5)]
    speakers = {v.id: v.label for v in results.facets["speaker"]}
    assert speakers[UNATTRIBUTED] == "Unattributed"
    assert speakers["jurgen-weiss"] == "Jürgen Weiß"


def test_unknown_ids_give_no_results_but_stay_listed(view):
    results = run_search(view, SearchRequest(speaker=("nobody",)))
    assert results.total == 0 and results.hits == ()
    assert [(v.id, v.count, v.selected) for v in results.facets["speaker"] if v.selected] == [("nobody", 0, True)]


def test_query_and_filters_combine(view, passages):
    expected = {(p.document_id, p.block) for p in passages if "Regional" in p.text and p.year == "2011"}
    assert expected and set(found(view, "regional", year=("2011",))) == expected


# --- ordering and pages -----------------------------------------------------------------------


def test_sort_by_date_then_document_order(view, passages):
    def key(p):
        return p.published or "", p.document_id, p.block

    oldest = sorted(passages, key=key)
    assert found(view, sort="oldest") == [(p.document_id, p.block) for p in oldest]
    newest = sorted(passages, key=lambda p: (p.published or "", -p.block), reverse=True)
    assert found(view, sort="newest") == [(p.document_id, p.block) for p in newest]
    assert found(view) == found(view, sort="newest")  # browsing without a query: newest first


def test_pages_cover_the_results_once(view):
    everything = found(view, sort="oldest")
    pages = [run_search(view, SearchRequest(sort="oldest", page=n, per_page=4)) for n in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [4, 4, 0, 0]
    assert [(h.passage.document_id, h.passage.block) for p in pages for h in p.hits] == everything
    assert {p.total for p in pages} == {8}
    deep = run_search(view, SearchRequest(page=10**9, per_page=100))
    assert deep.total == 8 and deep.hits == ()


@pytest.mark.parametrize(
    "bad, message",
    [({"page": 0}, "page"), ({"per_page": 0}, "per_page"), ({"per_page": 101}, "per_page"),
     ({"year": ("abc",)}, "year"), ({"sort": "random"}, "sort"), ({"page": "2"}, "page"), ({"speaker": "x"}, "speaker")],
)
def test_bad_parameters_raise_bad_request(view, bad, message):
    with pytest.raises(BadRequest) as info:
        run_search(view, SearchRequest(**bad))
    assert message in info.value.message


# --- highlighting and suggestions -------------------------------------------------------------


def marked(hit) -> list[str]:
    """The passage text at each match of a hit."""
    return [hit.passage.text[start:end] for start, end in hit.matches]


def test_matches_are_offsets_of_every_form_of_the_words(view):
    hit = run_search(view, SearchRequest(q="luck seizures")).hits[0]
    text = hit.passage.text
    assert text.startswith("Deputy Minister") and "&lt;" not in text  # the text itself, not HTML
    assert hit.matches == ((text.index("seizure"), text.index("seizure") + 7), (text.index("luck"), text.index("luck") + 4))
    assert marked(hit) == ["seizure", "luck"]


def test_a_phrase_is_one_match_and_accents_fold(view):
    results = run_search(view, SearchRequest(q='"drug trafficking" zumabekova'))
    assert results.total == 0
    assert "drug trafficking" in marked(run_search(view, SearchRequest(q='"drug trafficking"')).hits[0])
    assert marked(run_search(view, SearchRequest(q="zumabekova")).hits[0]) == ["Žumabekova"]


def test_hostile_query_text_is_never_a_match(view):
    results = run_search(view, SearchRequest(q='<script>alert("x")</script>'))
    assert all(marked(h) == [] or set(marked(h)) <= {"script", "alert", "x"} for h in results.hits)


@pytest.mark.parametrize("q, suggestion", [("terorist", "terrorist"), ("Zhumabekowa", "Zhumabekova"), ("secrity", "security")])
def test_did_you_mean(view, q, suggestion):
    results = run_search(view, SearchRequest(q=q))
    assert results.total == 0
    assert results.suggestion == suggestion
    assert run_search(view, SearchRequest(q=suggestion)).total > 0


def test_no_suggestion_when_the_query_finds_enough(view):
    assert run_search(view, SearchRequest(q="border")).suggestion is None


# --- the index view ---------------------------------------------------------------------------


def test_passages_documents_and_exact_offsets(view, passages):
    assert len(passages) == 8
    for p in passages:
        assert view.passage(p.id) == p
        assert view.document_text(p.document_id)[p.start : p.end] == p.text
    assert view.passage("no-such-id") is None
    assert view.document_text("no-such-doc") is None
    assert view.document_passages("no-such-doc") == ()


def test_also_appears_in(view, passages):
    shared = [p for p in passages if p.text.startswith("Regional cooperation remains")]
    assert len(shared) == 2
    a, b = shared
    assert view.also_appears_in(a) == (b,)
    assert view.also_appears_in(b) == (a,)
    assert view.also_appears_in(passages[0]) == ()


def test_counts_per_speaker_event_theme(view, passages):
    for name, facet in (("speaker_counts", "speaker"), ("event_counts", "event"), ("theme_counts", "theme")):
        counts = getattr(view, name)()
        expected: dict[str, int] = {}
        for p in passages:
            for v in _values(p, facet):
                if v != UNATTRIBUTED:
                    expected[v] = expected.get(v, 0) + 1
        assert {k: c["passages"] for k, c in counts.items()} == expected
    quotes = sum(len(p.quotes) for p in passages if p.event_id == "almaty-2010-seminar")
    assert view.event_counts()["almaty-2010-seminar"]["quotations"] == quotes


# --- generations ------------------------------------------------------------------------------


def test_open_index_is_cached_per_generation(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    with pytest.raises(NoIndex):
        open_index(tmp_path / "index")
    corpus = tmp_path / "corpus"
    shutil.copytree(tiny_corpus_dir, corpus)
    build_index(corpus, tiny_metadata_dir, tmp_path / "index")
    first = open_index(tmp_path / "index")
    assert open_index(tmp_path / "index") is first
    old = run_search(first, SearchRequest(q="cyber"))
    (corpus / "extra.txt").write_text("Cyber crime and cyber security were discussed at length.\n", encoding="utf-8")
    build_index(corpus, tiny_metadata_dir, tmp_path / "index")
    second = open_index(tmp_path / "index")
    assert second is not first and second.generation != first.generation
    assert run_search(second, SearchRequest(q="cyber")).total == old.total + 1
    assert run_search(first, SearchRequest(q="cyber", page=2)).total == old.total  # old view still serves


def test_concurrent_searches_agree_with_sequential_ones(view):
    queries = ["border", "cyber OR prisons", '"drug trafficking"', "traffick*", "speaker:weiss", "regional -bishkek"]
    expected = {q: found(view, q, sort="oldest") for q in queries}
    errors: list[BaseException] = []

    def worker(offset: int) -> None:
        try:
            for i in range(30):
                q = queries[(i + offset) % len(queries)]
                page = 1 + i % 2
                results = run_search(view, SearchRequest(q=q, sort="oldest", page=page, per_page=1))
                got = [(h.passage.document_id, h.passage.block) for h in results.hits]
                assert got == expected[q][page - 1 : page]
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# --- the command ------------------------------------------------------------------------------


def test_search_command_builds_the_index_and_prints_json(tmp_path, tiny_corpus_dir, tiny_metadata_dir, capsys):
    import json

    from cli.main import main

    index = tmp_path / "index"
    paths = ["--corpus", str(tiny_corpus_dir), "--metadata", str(tiny_metadata_dir), "--index", str(index)]
    assert main(["search", "border", "--event", "almaty-2010-seminar", "--json", *paths]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = run_search(open_index(index), SearchRequest(q="border", event=("almaty-2010-seminar",), per_page=10))
    assert printed["total"] == expected.total == 4  # blocks 1, 2, 3 and 5: the headline is the title
    assert [r["id"] for r in printed["results"]] == [h.passage.id for h in expected.hits]
    assert printed["results"][0]["matches"] == [list(m) for m in expected.hits[0].matches]
    assert {f: [v["id"] for v in vs] for f, vs in printed["facets"].items() if f != "quotes"} == {
        f: [v.id for v in vs] for f, vs in expected.facets.items()
    }


def test_search_command_text_output_and_errors(tmp_path, tiny_corpus_dir, tiny_metadata_dir, capsys):
    from cli.main import main

    paths = ["--corpus", str(tiny_corpus_dir), "--metadata", str(tiny_metadata_dir), "--index", str(tmp_path / "i")]
    assert main(["search", "luck", *paths]) == 0
    out = capsys.readouterr().out
    assert "1 passages" in out and "[luck] & courage" in out and "almaty-2010-seminar block 3" in out
    assert main(["search", "luck", "--page", "0", *paths]) == 2
    assert "page must be" in capsys.readouterr().err


def test_an_index_without_its_columns_file_still_searches(tmp_path, tiny_index):
    copy = tmp_path / "index"
    shutil.copytree(tiny_index, copy)
    generation = copy / "generations" / (copy / "CURRENT").read_text(encoding="utf-8").strip()
    (generation / COLUMNS_FILE).unlink()  # e.g. a generation written before the file existed
    slow, fast = open_index(copy), open_index(tiny_index)
    for request in (SearchRequest(q="border"), SearchRequest(event=("almaty-2010-seminar",), quotes_only=True)):
        a, b = run_search(slow, request), run_search(fast, request)
        assert (a.total, a.hits, a.facets, a.quotes_count) == (b.total, b.hits, b.facets, b.quotes_count)


def test_flat_text_postings_rank_exactly_like_whoosh_s_own(tmp_path, tiny_index, passages):
    copy = tmp_path / "index"
    shutil.copytree(tiny_index, copy)
    generation = copy / "generations" / (copy / "CURRENT").read_text(encoding="utf-8").strip()
    (generation / "postings.json").unlink()  # the search side then reads Whoosh's postings
    whoosh_only, flat = open_index(copy), open_index(tiny_index)
    words = sorted({w.lower() for p in passages for w in re.findall(r"\w+", p.text)})
    assert len(words) > 50
    for q in words + ['"drug trafficking" OR cyber', "regional -borders"]:
        a, b = run_search(whoosh_only, SearchRequest(q=q)), run_search(flat, SearchRequest(q=q))
        assert (a.total, a.hits, a.facets) == (b.total, b.hits, b.facets), q


def test_stop_words_in_a_query_constrain_nothing(view, passages):
    """'in' is dropped from passage text when indexing: it must not become a required speaker-name word."""
    assert found(view, "threats in borders") == found(view, "threats borders")
    assert set(found(view, "threats in borders")) == containing(passages, "threats", "borders")


RANKING = {  # constants that make order.py rank one way
    "find each match in every term's postings": {"FEW": 10**9},
    "add up every posting of the matches": {"FEW": 0},
}
RANKED_QUERIES = ["border", "drug trafficking", "border OR cyber OR prisons",
                  "security", "speaker:Weiss OR border", "traffick*", "regional cooperation", "-border security"]


@pytest.mark.parametrize("q", RANKED_QUERIES)
def test_every_ranking_path_gives_the_same_page(view, monkeypatch, q):
    """Finding each match in every term's postings (few matches) and adding up every posting of
    the matches (many) agree to the last bit, and with BM25 summed in plain Python."""
    from indexer.search import order

    answers = []
    for constants in RANKING.values():
        with monkeypatch.context() as patch:
            for name, value in constants.items():
                patch.setattr(order, name, value)
            fresh = IndexView(view.folder)  # no cached results or score tables from other tests
            for filters in ({}, {"year": ("2011",)}):
                results = run_search(fresh, SearchRequest(q=q, per_page=5, **filters))
                answers.append([(h.passage.id, h.score) for h in results.hits])
    half = len(answers) // 2
    assert answers[:half] == answers[half:]
    assert any(answers)
    fresh = IndexView(view.folder)
    results = run_search(fresh, SearchRequest(q=q, per_page=5))
    assert [(h.passage.id, h.score) for h in results.hits] == answers[0] == _ranked_in_python(fresh, q, 5)


def _ranked_in_python(view, q, need):
    """The page as BM25 in plain Python floats: each match's terms' `idf * w * k / (w + norm)`
    summed in query order, best first, ties in document order."""
    import math

    from indexer.search import bitsets
    from indexer.search.postings import B, FIELD_BOOST, K1
    from indexer.search.query import parse_query
    from whoosh.util.numeric import byte_to_length, length_to_byte

    compiled = view.engine.compile(parse_query(q).tree)
    terms = list({id(tp): tp for tp in compiled.scoring}.values())
    totals = dict.fromkeys(bitsets.to_docnums(compiled.bits), 0.0)
    for tp in terms:
        idf = math.log(1 + (view.size - tp.df + 0.5) / (tp.df + 0.5)) * FIELD_BOOST.get(tp.field, 1.0)
        codes = [view.reader.doc_field_length(d, tp.field) or 0 for d in range(view.size)]
        avg = view.reader.field_length(tp.field) / view.size
        for d, w in zip(tp.ids.tolist(), tp.weights.tolist()):
            if d in totals:
                norm = K1 * (1 - B + B * byte_to_length(length_to_byte(codes[d])) / avg)
                totals[d] += idf * w * (K1 + 1) / (w + norm)
    best = sorted(totals, key=lambda d: (-totals[d], d))[:need]
    return [(view.columns.ids[d], round(totals[d], 4)) for d in best]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.'’ \\n-Žé1", max_size=40), st.sets(st.sampled_from(["a", "b", "ab", "a.b", "é", "1", "b'a"])))
def test_highlight_spans_are_those_of_the_token_pattern(text, marked):
    """The split-based span finder marks exactly the tokens the schema's pattern finds, merged
    across whitespace only."""
    from indexer.schema import TOKEN_PATTERN
    from indexer.search.highlight import _spans

    expected: list[tuple[int, int]] = []
    for m in re.finditer(TOKEN_PATTERN, text):
        if m.group() in marked:
            if expected and text[expected[-1][1] : m.start()].isspace():
                expected[-1] = (expected[-1][0], m.end())
            else:
                expected.append(m.span())
    assert _spans(text, marked.intersection) == expected


def test_a_generation_with_a_version_3_columns_file_opens_from_it(tmp_path, tiny_index):
    """Generations built before the binary columns file keep their JSON one: read, not rebuilt."""
    import json

    from indexer.search import bitsets

    copy = tmp_path / "index"
    shutil.copytree(tiny_index, copy)
    generation = copy / "generations" / (copy / "CURRENT").read_text(encoding="utf-8").strip()
    (generation / COLUMNS_FILE).unlink()
    fast = open_index(tiny_index)
    columns = fast.columns
    facets = {}
    for name, column in [*columns.facets.items(), *columns.roles.items()]:
        combos = [column.combo_vals[column.combo_ptr[c]:column.combo_ptr[c + 1]].tolist() for c in range(column.combos)]
        facets[name] = {"values": column.names, "docs": [combos[c] for c in column.combo.tolist()],
                        "postings": [column.docs_of(k).tolist() for k in range(column.values)]}
    ids = columns.document_ids
    (generation / "columns.json").write_text(json.dumps({
        "version": 3, "ids": columns.ids, "facets": facets, "published": columns.published,
        "documents": [[ids[d], 1] for d in range(columns.size)],  # runs of one: read back as one document
        "quotes": [[d, []] for d in bitsets.to_docnums(columns.quote_bits)],
        "same_text": [columns.same_text(i) + [columns.docnum_of(i)] for i in columns.ids if columns.same_text(i)][:1],
    }), encoding="utf-8")
    slow = open_index(copy)
    assert slow.columns.from_file and slow.columns.ids == columns.ids
    assert list(slow.columns.document_ids) == list(ids)
    for request in (SearchRequest(q="border"), SearchRequest(event=("almaty-2010-seminar",), quotes_only=True), SearchRequest()):
        a, b = run_search(slow, request), run_search(fast, request)
        assert (a.total, a.hits, a.facets, a.quotes_count) == (b.total, b.hits, b.facets, b.quotes_count)
