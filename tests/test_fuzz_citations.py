"""Property test of the citation rule over real text: the bundled corpus and the press-release dev set
(`../shared/devset/docs`) indexed together. For every passage, every quotation and random selections:
the characters between the citation's outer quotation marks are exactly the source's, and a citation is
signed by a speaker only when the excerpt lies inside that speaker's direct quotation."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.build import build_index
from present.citations import bibtex_escape, md_escape
from webapp import create_app

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset" / "docs"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """The client of the joint index, and every passage's API object."""
    if not DEVSET.is_dir():
        pytest.skip(f"the dev set is not at {DEVSET} (CI checks it out at ../shared beside the repository)")
    folder = tmp_path_factory.mktemp("joint")
    shutil.copytree(ROOT / "corpus", folder / "corpus")
    for path in DEVSET.glob("*.txt"):
        shutil.copy(path, folder / "corpus" / f"devset-{path.name}")
    build_index(folder / "corpus", ROOT / "metadata", folder / "index")
    client = create_app({"INDEX_DIR": folder / "index", "CORPUS_DIR": folder / "corpus", "METADATA_DIR": ROOT / "metadata",
                         "TESTING": True}).test_client()
    passages = []
    for document in _documents(client):
        for brief in client.get(f"/api/documents/{document}").get_json()["passages"]:
            passages.append(client.get(f"/api/passages/{brief['id']}").get_json())
    assert len({p["document"]["id"] for p in passages}) == 5 + len(list(DEVSET.glob("*.txt")))
    return {"client": client, "passages": passages}


def _documents(client) -> list[str]:
    found, page = [], 1
    while True:
        data = client.get(f"/api/search?per_page=100&page={page}").get_json()
        found += [r["document"]["id"] for r in data["results"]]
        if page >= data["pages"]:
            return list(dict.fromkeys(found))
        page += 1


def check(citation: dict, exact: str, passage: dict, start: int, end: int) -> None:
    """The quoted characters are the source's in every format; who signs follows the rule."""
    quoted = f"“{exact}”"
    assert citation["selector"]["exact"] == exact
    assert citation["text"].startswith(quoted + " ")
    assert f"> {md_escape(quoted)}\n" in citation["markdown"]
    assert citation["csl"]["note"].startswith(quoted)
    assert bibtex_escape(quoted) in citation["bibtex"]
    assert "N1  - " + re.sub(r"[\r\n]+", " ", quoted) in citation["ris"]  # RIS: one line a tag, nothing else changed
    inside = [q for q in passage["quotes"] if q["speaker"] and q["start"] <= start < end <= q["end"]]
    authors = citation["csl"].get("author", [])
    if citation["signed_by"] == "speaker":
        assert inside, (passage["id"], start, end)
        assert citation["csl"]["type"] == "speech"
        names = {" ".join(filter(None, (a.get("given"), a.get("family")))) or a.get("literal") for a in authors}
        assert names <= {q["speaker_name"] for q in inside}
        assert citation["text"].startswith(f"{quoted} — {inside[0]['speaker_name']}")
    else:
        assert not inside or (start, end) == (passage["start"], passage["end"])
        assert citation["csl"]["type"] != "speech"
        assert authors == ([{"literal": passage["document"]["publisher"]}] if passage["document"]["publisher"] else [])
        assert f"{quoted} — " not in citation["text"]  # nobody signs after the excerpt


def test_every_passage_and_quotation(corpus):
    for passage in corpus["passages"]:
        check(passage["citation"], passage["text"], passage, passage["start"], passage["end"])
        assert passage["citation"]["signed_by"] == "publisher"
        for q in passage["quotes"]:
            if q["citation"]:
                check(q["citation"], q["text"], passage, q["start"], q["end"])
                assert q["citation"]["signed_by"] == "speaker"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_selections(corpus, data):
    passage = data.draw(st.sampled_from(corpus["passages"]))
    quotes = [q for q in passage["quotes"] if q["speaker"]]
    if quotes and data.draw(st.booleans()):  # often inside a quotation, its marks sometimes included
        q = data.draw(st.sampled_from(quotes))
        low, high = max(passage["start"], q["start"] - 1), min(passage["end"], q["end"] + 1)
    else:
        low, high = passage["start"], passage["end"]
    start = data.draw(st.integers(low, high - 1))
    end = data.draw(st.integers(start + 1, high))
    client = corpus["client"]
    answer = client.get(f"/api/cite?passage={passage['id']}&start={start}&end={end}").get_json()
    offset = passage["start"]
    assert passage["text"][answer["start"] - offset : answer["end"] - offset] == answer["text"]
    assert (answer["start"], answer["end"]) == (start, end) or answer["signed_by"] == "speaker"  # only marks trimmed
    check(answer["citation"], answer["text"], passage, answer["start"], answer["end"])


def test_speakers_that_are_speakers(corpus):
    """Regression at the index level: a role never names another person, and a country or a
    meeting word ('Forum') is never a speaker of its own (the rules live in indexer/attribution/)."""
    from indexer.attribution.cues import GEO_WORDS

    speakers = corpus["client"].get("/api/speakers?per_page=500").get_json()["speakers"]
    people = {s["name"] for s in speakers if s["kind"] == "person" and len(s["name"].split()) > 1}
    for s in speakers:
        assert s["name"] not in GEO_WORDS and s["name"].casefold() not in {"forum", "conference", "meeting", "summit"}
        for role in s["roles"]:
            assert not [n for n in people if n != s["name"] and n in (role["role"] or "")], (s["name"], role)


_SPANS = st.text(alphabet=st.sampled_from(list("ab é-\u00a0\t\n\r")), max_size=700)


@given(_SPANS, st.integers(0, 700), st.integers(0, 700), st.integers(1, 5))
@settings(max_examples=300, deadline=None)
def test_edge_words_are_the_words_of_the_whole_span(text: str, lo: int, hi: int, count: int):
    """The fragment link's context words, read from a window at the span's edge, are those of the whole span."""
    from present.anchors import _edge_words, _words

    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    assert _edge_words(text, lo, hi, count, last=True) == _words(text[lo:hi])[-count:]
    assert _edge_words(text, lo, hi, count, last=False) == _words(text[lo:hi])[:count]
