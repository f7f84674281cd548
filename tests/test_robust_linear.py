"""Attribution stays linear on hostile text, and a per-document CPU budget skips what still runs long.

The finding: 3,000 nested `Smith said: "Jones said: '` (84 KB) did not finish in 300 s (n=200: 0.5 s,
400: 6.4 s, 800: 25 s): every quotation was weighed against every cue frame of its sentence with a
regex over the text between them. Other shapes were quadratic too: a quotation left open over a long
line (each mark rescanned the line), a name mentioned thousands of times (its description grew with
each mention and was re-read at each). The bounds below are stall guards in CPU time, far above what
these take now (seconds) and far below what they took before (minutes to hours), not benchmarks.
"""
from __future__ import annotations

import time

import pytest

from indexer import budget
from indexer.attribution import extract
from indexer.attribution.coref import Entities
from indexer.attribution.mentions import Mention
from indexer.build import BuildError, build_index
from indexer.passages import segment
from indexer.corpus import list_corpus, read_document
from serving import write_site

STALL = 30.0  # CPU seconds

NESTED = "".join("Smith said: \"Jones said: '" for _ in range(3000)) + "end" + "'\"" * 3000 + "."  # the 84 KB
SHAPES = {
    "nested cues": NESTED,
    "open quotes on one line": "“" * 1_200_000,  # was ~50 s: each mark rescanned the line
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_hostile_shapes_attribute_in_bounded_time(name):
    text = "Title\n\n" + SHAPES[name] + "\n"
    started = time.process_time()
    extract(text)
    assert time.process_time() - started < STALL, name


def test_nested_cues_still_attribute_the_quotations():
    found = extract("Title\n\n" + "".join("Smith said: \"Jones said: '" for _ in range(100)) + "end.'\"\n")
    assert found and {a.speaker for a in found if a.kind == "direct"} <= {"Smith", "Jones", None}
    assert any(a.kind == "direct" and a.speaker == "Smith" for a in found)


def test_a_name_mentioned_thousands_of_times_keeps_a_bounded_description():
    entities = Entities()
    for i in range(5000):
        entities.remember(Mention("person", "Foreign Minister Ann Smith", name="Ann Smith", role="Foreign Minister"), i)
    (smith,) = entities.items
    assert smith.described == {"foreign", "minister", "ann", "smith"}  # was the text 5,000 times over


def test_segmentation_is_bounded_on_the_same_shapes(tmp_path):
    for i, text in enumerate(SHAPES.values()):
        (tmp_path / f"s{i}.txt").write_text("Title\n\n" + text + "\n", encoding="utf-8")
    started = time.process_time()
    for source in list_corpus(tmp_path):
        segment(read_document(source, None))
    assert time.process_time() - started < STALL


def test_a_document_over_its_budget_is_skipped_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "BASE_SECONDS", 0.05)
    monkeypatch.setattr(budget, "SECONDS_PER_MB", 0.0)
    files = {"alpha.txt": "Meeting in Dushanbe\n\nThe ministers agreed on border cooperation.\n",
             "nest.txt": "Title\n\n" + NESTED + "\n"}
    corpus, metadata, index = write_site(tmp_path, files)
    with pytest.raises(BuildError) as info:
        build_index(corpus, metadata, index)
    assert "nest.txt: took more than 0.05 s of CPU to segment and attribute (" in str(info.value)
    summary = build_index(corpus, metadata, index, keep_going=True)
    assert summary.documents == 1
    assert any(p.startswith("nest.txt: took more than") and p.endswith("skipped") for p in summary.problems)
