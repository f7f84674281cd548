"""bench.answers: the fixed queries' answers compared part by part (the guard for speed changes)."""
from bench.answers import differences


def _answer(q: str, total: int, hits: list[str], facets: dict) -> dict:
    return {"query": {"kind": "term", "q": q, "speaker": [], "event": []}, "total": total, "hits": hits,
            "highlights": [f"<mark>{q}</mark>"] * len(hits), "facets": facets}


def test_identical_answers_give_no_lines():
    before = [_answer("border", 3, ["a", "b"], {"speaker": {"s1": 2}})]
    assert differences(before, [dict(a) for a in before]) == []


def test_each_differing_part_is_named_with_both_values():
    before = [_answer("border", 3, ["a", "b"], {"speaker": {"s1": 2}}), _answer("water", 1, ["c"], {})]
    after = [_answer("border", 3, ["b", "a"], {"speaker": {"s1": 2}}), _answer("water", 2, ["c"], {"year": {"2019": 1}})]
    assert differences(before, after) == [
        "#0 term 'border': hits differs: [\"a\", \"b\"] → [\"b\", \"a\"]",
        "#1 term 'water': total differs: 1 → 2",
        "#1 term 'water': facets differs: {} → {\"year\": {\"2019\": 1}}",
    ]


def test_a_different_query_list_is_reported_not_compared():
    assert differences([_answer("a", 1, [], {})], []) == ["1 answers before, 0 after"]
    assert differences([_answer("a", 1, [], {})], [_answer("b", 1, [], {})]) == ["#0: different queries ('a' / 'b')"]
