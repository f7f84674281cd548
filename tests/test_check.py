"""Check a quote: alignment on invented text, altered quotations made from the bundled corpus,
and the /api/check contract, the /check page and `verbatim check`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.search import open_index
from indexer.search.align import align, parse_claim, source_tokens
from indexer.search.check import check_quote
from serving import verbatim
from webapp import create_app

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ("The delegates agreed that the “regional office” would coordinate border patrols, share "
          "intelligence on couriers and report to the ministers every six months.")


def diff_of(claim: str, text: str = SOURCE) -> tuple[bool, list[tuple[str, str, str, bool]], str]:
    found = align(parse_claim(claim), source_tokens(text), text)
    assert found is not None
    return found.exact, [(o.op, o.source, o.claimed, o.marked) for o in found.ops if o.op != "equal"], text[found.start:found.end]


@pytest.mark.parametrize(
    ("claim", "exact", "changes", "words"),
    [
        ("the 'Regional Office' would coordinate border patrols", True, [], "the “regional office” would coordinate border patrols"),
        ("share intelligence on couriers — and report", True, [], "share intelligence on couriers and report"),
        ("would coordinate patrols, share intelligence", False, [("delete", "border", "", False)],
         "would coordinate border patrols, share intelligence"),
        ("would coordinate all border patrols", False, [("insert", "", "all", False)], "would coordinate border patrols"),
        ("report to the generals every six months", False, [("replace", "ministers", "generals", False)],
         "report to the ministers every six months"),
        ("The delegates agreed … to the ministers", True, [("delete", "that the “regional office” would coordinate border "
         "patrols, share intelligence on couriers and report", "…", True)], None),
        ("[the office] would coordinate border patrols", True, [("insert", "", "[the office]", True)],
         "would coordinate border patrols"),
        ("[T]he regional office would coordinate", True, [], "the “regional office” would coordinate"),
        ("report to the ministers every six months... and more", False, [("insert", "", "and more", False)],
         "report to the ministers every six months"),
    ],
)
def test_alignment_normalises_and_diffs_words(claim, exact, changes, words):
    found_exact, found_changes, found_words = diff_of(claim)
    assert (found_exact, found_changes) == (exact, changes)
    if words is not None:
        assert found_words == words


def test_a_stray_word_far_away_does_not_widen_the_match():
    exact, changes, words = diff_of("delegates: share intelligence on couriers")
    assert words == "patrols, share intelligence on couriers"  # the unmatched first word stands for the one before
    assert changes == [("replace", "patrols", "delegates", False)] and not exact


def test_nothing_in_common_is_no_alignment():
    assert align(parse_claim("entirely unrelated words"), source_tokens(SOURCE), SOURCE) is None


# --- altered quotations made from the bundled corpus --------------------------------------------------


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    index = tmp_path_factory.mktemp("bundled-check") / "index"
    build_index(ROOT / "corpus", ROOT / "metadata", index)
    return open_index(index)


def quotations(view, least: int = 10):
    """Every direct quotation of the bundled corpus with at least `least` words and a known speaker."""
    found = []
    for d in range(view.size):
        record = view.record(d)
        for q in record.quotes:
            if q.speaker_id and len(q.text.split()) >= least:
                found.append((record, q))
    assert len(found) >= 4
    return found


def best(view, text: str, speaker: str | None = None):
    result = check_quote(view, text, speaker)
    assert result.matches, text
    return result, result.matches[0]


def test_every_quotation_is_found_exact_where_it_stands(view):
    for record, q in quotations(view):
        result, m = best(view, f"“{q.text}”")
        words = re.sub(r"^\W+|\W+$", "", q.text)  # a match runs from the first word to the last
        assert (result.verdict, m.source_text) == ("exact", words)
        assert m.start == q.start + q.text.index(words) and m.end == m.start + len(words)
        assert m.passages[0].id == record.id
        assert (m.attribution.kind, m.attribution.speaker_id, m.speaker_matches) == ("said", q.speaker_id, None)


@pytest.mark.parametrize("change", ["delete", "insert", "substitute", "case-and-marks", "ellipsis"])
def test_altered_quotations_point_at_their_source_with_the_change(view, change):
    for record, q in quotations(view):
        words = q.text.split()
        at = next(i for i in range(len(words) // 2, len(words)) if words[i].isalpha() and words[i] != words[i + 1])
        if change == "delete":
            claim, expected = " ".join(words[:at] + words[at + 1:]), ("delete", words[at].strip(".,;:"))
        elif change == "insert":
            claim, expected = " ".join(words[:at] + ["allegedly"] + words[at:]), ("insert", "allegedly")
        elif change == "substitute":
            claim, expected = " ".join(words[:at] + ["bananas"] + words[at + 1:]), ("replace", "bananas")
        elif change == "case-and-marks":
            claim, expected = "« " + q.text.upper().replace("-", " — ") + " »", None
        else:
            claim, expected = " ".join(words[:3]) + " … " + " ".join(words[6:]), None
        result, m = best(view, claim)
        assert m.passages[0].id == record.id, claim
        assert q.start <= m.start < m.end <= q.end
        if expected is None:
            assert result.verdict == "exact", claim
            continue
        assert result.verdict == "altered", claim
        ops = [(d.op, d.claimed if d.op != "delete" else d.source) for d in m.diff if d.op != "equal"]
        assert len(ops) == 1 and ops[0][0] == expected[0] and expected[1] in ops[0][1], (claim, ops)


def test_two_sentences_merged_across_adjacent_passages(view):
    for d in range(view.size - 1):
        a, b = view.record(d), view.record(d + 1)
        if a.document_id == b.document_id and len(a.text.split()) > 12 and len(b.text.split()) > 12:
            break
    claim = " ".join(a.text.split()[-8:]) + " " + " ".join(b.text.split()[:8])
    result, m = best(view, claim)
    assert [p.id for p in m.passages] == [a.id, b.id]
    assert result.verdict == "exact" and m.start > a.start and m.end < b.end
    text = view.document_text(a.document_id)
    assert m.source_text == text[m.start:m.end] and "\n" in m.source_text


def test_a_wrong_speaker_is_named_and_the_right_one_given(view):
    record, q = quotations(view)[0]
    other = next(s for s in view.catalog.speakers if s != q.speaker_id)
    _, m = best(view, q.text, speaker=other)
    assert (m.attribution.speaker_id, m.speaker_matches) == (q.speaker_id, False)
    name = view.catalog.speakers[q.speaker_id].name
    _, m = best(view, q.text, speaker=name.upper())  # by name, case aside
    assert m.speaker_matches is True


def test_narration_is_not_a_quotation(view):
    for d in range(view.size):
        record = view.record(d)
        if not record.quotes and not record.reported and len(record.text.split()) > 15:
            break
    _, m = best(view, " ".join(record.text.split()[2:14]), speaker="Vladimir Voronkov")
    assert (m.attribution.kind, m.attribution.speaker_id, m.speaker_matches) == ("narration", None, False)


def test_unknown_words_are_not_found(view):
    result = check_quote(view, "Zebras negotiate marmalade treaties beneath lunar volcanoes")
    assert (result.verdict, result.matches) == ("not_found", ())


# --- the API, the page, the command -------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(view):
    return create_app({"INDEX_DIR": view.folder.parent.parent, "TESTING": True}).test_client()


def test_api_check_answers_the_issue_shape(client, view):
    record, q = quotations(view)[0]
    claim = " ".join(q.text.split()[:12])
    data = client.get("/api/check", query_string={"text": claim, "speaker": "nobody-at-all"}).get_json()
    assert list(data)[:4] == ["text", "speaker", "verdict", "matches"]
    assert data["speaker"] == {"id": None, "name": "nobody-at-all"} and data["verdict"] == "exact"
    m = data["matches"][0]
    assert {"verdict", "similarity", "passage", "start", "end", "source_text", "diff", "attribution",
            "speaker_matches"} <= set(m)
    assert m["passage"]["id"] == record.id and m["speaker_matches"] is False
    assert view.document_text(record.document_id)[m["start"]:m["end"]] == m["source_text"]
    assert m["attribution"] == {"kind": "said", "speaker": {"id": q.speaker_id, "name": view.catalog.speakers[q.speaker_id].name}}
    assert m["citation"]["selector"]["exact"] == m["source_text"]
    assert {d["op"] for d in m["diff"]} == {"equal"}
    posted = client.post("/api/check", data={"text": claim}).get_json()
    assert posted["speaker"] is None and posted["matches"][0]["speaker_matches"] is None
    assert client.post("/api/check", json={"text": claim, "speaker": q.speaker_id}).get_json()["matches"][0]["speaker_matches"]


@pytest.mark.parametrize("body", [{}, {"text": "   "}, {"text": "x" * 5001}, {"text": 3}, {"text": "a", "speaker": ["x"]}])
def test_api_check_bad_text_is_400_in_the_one_error_shape(client, body):
    response = client.post("/api/check", json=body)
    assert response.status_code == 400
    assert set(response.get_json()) == {"error"} and response.get_json()["error"]["message"]


def test_check_page_shows_the_verdict_the_diff_and_the_attribution(client, view):
    record, q = quotations(view)[0]
    words = q.text.split()
    claim = " ".join(words[:4] + ["bananas"] + words[5:])
    page = client.post("/check", data={"text": claim, "speaker": "Nobody Known"}).get_data(as_text=True)
    assert "Altered: close to a source" in page
    assert '<ins class="claim" title="in the claim">bananas</ins>' in page
    assert f"not Nobody Known" in page and view.catalog.speakers[q.speaker_id].name in page
    empty = client.get("/check").get_data(as_text=True)
    assert 'name="text"' in empty and "verdict-h" not in empty
    too_long = client.get("/check", query_string={"text": "y" * 5001})
    assert too_long.status_code == 200 and "too long" in too_long.get_data(as_text=True)


def test_verbatim_check_prints_the_verdict_and_json(view):
    record, q = quotations(view)[0]
    folders = ["--index", str(view.folder.parent.parent), "--corpus", str(ROOT / "corpus"), "--metadata", str(ROOT / "metadata")]
    run = verbatim("check", q.text, "--speaker", "someone else", *folders)
    assert run.code == 0 and run.out[0].startswith("EXACT")
    assert any("not someone else" in line for line in run.out)
    run = verbatim("check", q.text, "--json", *folders)
    data = json.loads("\n".join(run.out))
    assert data["matches"][0]["source_text"] == re.sub(r"^\W+|\W+$", "", q.text)
    run = verbatim("check", "", *folders)
    assert run.code == 2 and re.search(r"text is required", " ".join(run.err))
