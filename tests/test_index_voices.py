"""The index resolves speakers as `verbatim extract` does: bodies stay bodies, people stay people, and a
country, a nationality adjective or a common noun never becomes a discovered speaker."""
from __future__ import annotations

from pathlib import Path

from indexer.attribution import extract
from indexer.build import build_index
from indexer.search import open_index

RELEASE = """Border talks held in Osh

OSH, May 2. The border will be reinforced, the press service of the President of Moldavia reported on Monday.

"Two new crossings will open," the statement said.

"Trade grows every year," KTSB press service said. Mongolia says that the talks went well. The forum stressed the need for dialogue.

"We agree," the Russian leader said.

Moldavian Foreign Minister Ivo Marek opened the second day. "Borders unite us," the foreign minister said.
"""
# Ivo Marek is registered; the office of the president who holds the same surname must not become him.
SPEAKERS = """
- id: ivo-marek
  name: Ivo Marek
  kind: person
  aliases: [Marek, President of Moldavia]
"""


def test_index_speakers_are_the_extracted_ones(tmp_path, tiny_copy):
    corpus, metadata = tiny_copy
    for old in corpus.iterdir():
        old.unlink()
    (corpus / "osh-border-talks.txt").write_text(RELEASE, encoding="utf-8")
    (metadata / "documents.yaml").write_text("[]\n", encoding="utf-8")
    (metadata / "speakers.yaml").write_text(SPEAKERS, encoding="utf-8")
    summary = build_index(corpus, metadata, tmp_path / "index")
    view = open_index(tmp_path / "index")
    speakers = view.catalog.speakers
    (doc_id,) = view.catalog.documents
    passages = view.document_passages(doc_id)
    indexed = [(q.start, speakers[q.speaker_id].name if q.speaker_id else None, "direct")
               for p in passages for q in p.quotes]
    indexed += [(r.start, speakers[r.speaker_id].name, "reported") for p in passages for r in p.reported]

    extracted = extract(RELEASE)
    named = {"Mongolia", "Forum"}  # a country and a common noun: extracted, never listed
    expected = [(a.start, None if a.speaker in named and a.kind == "direct" else a.speaker, a.kind)
                for a in extracted if not (a.kind == "reported" and a.speaker in named)]
    assert sorted(indexed, key=str) == sorted(expected, key=str)
    assert {a.speaker for a in extracted} >= named  # the extractor does read them as voices

    kinds = {s.name: s.kind for s in summary.discovered}
    assert kinds == {"press service of the President of Moldavia": "collective", "KTSB press service": "collective"}
    assert [q.speaker_id for p in passages for q in p.quotes if q.text.startswith("Borders")] == ["ivo-marek"]
    assert [q.speaker_id for p in passages for q in p.quotes if q.text == "We agree,"] == [None]
