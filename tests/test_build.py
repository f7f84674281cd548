"""build_index end to end: the tiny corpus's summary, provenance, facets, stable ids, failed builds."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexer.annotate import plausible_name
from indexer.build import BuildError, build_index
from indexer.metadata import MetadataError
from indexer.search import open_index

ROOT = Path(__file__).resolve().parents[1]


def all_passages(index_dir: Path) -> list:
    view = open_index(index_dir)
    return [p for doc_id in sorted(view.catalog.documents) for p in view.document_passages(doc_id)]


def facets(index_dir: Path) -> dict[tuple[str, int], tuple]:
    """(document, block) → the facet ids stored with the passage."""
    return {
        (p.document_id, p.block): (p.speaker_ids, p.event_id, p.theme_ids, p.organization_ids, p.year)
        for p in all_passages(index_dir)
    }


def test_tiny_build_summary(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    summary = build_index(tiny_corpus_dir, tiny_metadata_dir, tmp_path / "index")
    counts = (summary.documents, summary.passages, summary.quotations, summary.reported, summary.speakers, summary.themes)
    assert counts == (3, 8, 5, 2, 4, 6)  # 3 headlines are titles, not passages
    assert [s.name for s in summary.discovered] == ["Zoë Öztürk"]
    assert summary.problems == ()
    assert summary.inferred == ("dushanbe-workshop.txt: title, published, event inferred from the text",)
    assert summary.line().startswith("indexed 3 documents, 8 passages, 5 quotations, ")


def test_every_passage_is_its_exact_source_text(tiny_index, tiny_corpus_dir):
    view = open_index(tiny_index)
    checked = 0
    for doc_id, entry in view.catalog.documents.items():
        text = view.document_text(doc_id)
        source = (tiny_corpus_dir / entry.meta.file).read_text(encoding="utf-8")
        assert source[entry.body_offset :] == text
        for p in view.document_passages(doc_id):
            assert text[p.start : p.end] == p.text
            checked += 1
    assert checked == 8


def test_facets_are_stored_per_passage(tiny_index):
    # the workshop is listed nowhere: its event is the one its text names, found in text;
    # no block 0: a headline is the document's title, never a passage with facets of its own
    almaty, bishkek, dushanbe = "almaty-2010-seminar", "bishkek-2011-round-table", "dushanbe-2012-workshop-cyber-security"
    assert facets(tiny_index) == {
        ("almaty-2010-seminar", 1): ((), almaty, ("border-security",), ("osce",), "2010"),
        ("almaty-2010-seminar", 2): (
            ("jurgen-weiss",), almaty, ("drug-trafficking", "terrorist-financing", "border-security"), ("osce",), "2010",
        ),
        ("almaty-2010-seminar", 3): (
            ("aigerim-zhumabekova",), almaty, ("border-security",), ("government-of-kazakhstan",), "2010",
        ),
        ("almaty-2010-seminar", 4): ((), almaty, (), ("eu",), "2010"),  # no speaker, no theme
        ("almaty-2010-seminar", 5): ((), almaty, ("border-security", "regional-cooperation"), (), "2010"),
        ("bishkek-2011-note", 1): (("round-table-participants",), bishkek, ("prisons",), (), "2011"),
        ("bishkek-2011-note", 2): ((), bishkek, ("border-security", "regional-cooperation"), (), "2011"),
        ("dushanbe-workshop", 1): (("zoe-ozturk",), dushanbe, ("cyber-security",), ("ministry",), "2012"),
    }


def test_quotations_keep_their_characters_and_speakers(tiny_index):
    view = open_index(tiny_index)
    quotes = [(q.text, q.speaker_id) for p in all_passages(tiny_index) for q in p.quotes]
    assert quotes == [
        ("Borders are where drug trafficking and terrorist financing meet,", "jurgen-weiss"),
        ("We cannot afford to look away.", "jurgen-weiss"),
        ("a matter of luck & courage", "aigerim-zhumabekova"),
        ("schools of radicalization", "round-table-participants"),
        ("Nobody is safe offline,", "zoe-ozturk"),
    ]
    # Reported speech only where it is more than the quotation itself (devset annotation rules).
    assert [(r.speaker_id, r.cue) for p in all_passages(tiny_index) for r in p.reported] == [
        ("aigerim-zhumabekova", "stressed"),
        ("round-table-participants", "said"),
    ]
    text = view.document_text("almaty-2010-seminar")
    assert all(text[q.start : q.end] == q.text for q in view.document_passages("almaty-2010-seminar")[2].quotes)
    assert "with < 5% of containers" in view.document_passages("almaty-2010-seminar")[2].text


def test_document_metadata_from_registry_front_matter_and_text(tiny_index, tiny_corpus_dir):
    docs = open_index(tiny_index).catalog.documents
    note, workshop = docs["bishkek-2011-note"], docs["dushanbe-workshop"]
    assert (note.meta.title, note.meta.published, note.meta.event, note.inferred) == (
        "Notes from Bishkek: youth & prisons", date(2011, 3, 5), "bishkek-2011-round-table", (),
    )
    source = (tiny_corpus_dir / "bishkek-2011-note.md").read_text(encoding="utf-8")
    assert note.body_offset == source.index("# Notes from Bishkek")
    assert (workshop.meta.title, workshop.meta.published, workshop.meta.event, workshop.inferred) == (
        "Dushanbe workshop on cyber threats", date(2012, 5, 3), "dushanbe-2012-workshop-cyber-security",
        ("title", "published", "event"),
    )
    found = open_index(tiny_index).catalog.events["dushanbe-2012-workshop-cyber-security"]
    assert (found.name, found.city, found.country, found.start, found.discovered) == (
        "Workshop on cyber security", "Dushanbe", "Tajikistan", date(2012, 5, 3), True,
    )
    assert docs["almaty-2010-seminar"].meta.publisher == "OSCE Centre in Almaty"


def test_one_sentence_in_two_documents(tiny_index):
    view = open_index(tiny_index)
    shared = view.document_passages("almaty-2010-seminar")[4]  # block 5; the headline (block 0) is no passage
    assert [(p.document_id, p.block) for p in view.also_appears_in(shared)] == [("bishkek-2011-note", 2)]
    assert shared.id != view.also_appears_in(shared)[0].id


def test_ids_are_stable_across_rebuilds(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    first = build_index(tiny_corpus_dir, tiny_metadata_dir, tmp_path / "a")
    ids_a = [p.id for p in all_passages(tmp_path / "a")]
    second = build_index(tiny_corpus_dir, tiny_metadata_dir, tmp_path / "a")
    ids_b = [p.id for p in all_passages(tmp_path / "a")]
    build_index(tiny_corpus_dir, tiny_metadata_dir, tmp_path / "b")
    assert first.generation != second.generation
    assert ids_a == ids_b == [p.id for p in all_passages(tmp_path / "b")]
    assert len(set(ids_a)) == 8


def test_editing_one_document_keeps_the_other_ids(tmp_path, tiny_copy):
    corpus, metadata = tiny_copy
    build_index(corpus, metadata, tmp_path / "index")
    before = {p.id for p in all_passages(tmp_path / "index") if p.document_id != "dushanbe-workshop"}
    with open(corpus / "dushanbe-workshop.txt", "a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph.\n")
    build_index(corpus, metadata, tmp_path / "index")
    after = all_passages(tmp_path / "index")
    assert before == {p.id for p in after if p.document_id != "dushanbe-workshop"}
    assert len(after) == 9


def _serving(index_dir: Path) -> tuple[str, list[str]]:
    return (index_dir / "CURRENT").read_text(encoding="utf-8"), [p.id for p in all_passages(index_dir)]


@pytest.mark.parametrize(
    ("rel", "data", "error"),
    [
        ("metadata/speakers.yaml", b"- id: x\n  name: [broken\n", MetadataError),
        ("metadata/events.yaml", b"- id: e\n  name: E\n  start: 2011-03-05\n  end: 2011-03-04\n", MetadataError),
        ("corpus/latin1.txt", "Caf\u00e9 in Almaty\n".encode("latin-1"), BuildError),
        ("corpus/binary.md", b"\x00\x01\x02binary", BuildError),
    ],
    ids=["yaml-syntax", "end-before-start", "not-utf8", "binary"],
)
def test_failed_build_leaves_the_previous_index_serving(tmp_path, tiny_copy, rel, data, error):
    index_dir = tmp_path / "index"
    build_index(*tiny_copy, index_dir)
    before = _serving(index_dir)
    (tmp_path / rel).write_bytes(data)
    with pytest.raises(error):
        build_index(*tiny_copy, index_dir)
    assert _serving(index_dir) == before
    assert not [p.name for p in (index_dir / "generations").iterdir() if p.name.startswith(".")]


def test_keep_going_skips_an_unreadable_file_and_says_so(tmp_path, tiny_copy):
    corpus, metadata = tiny_copy
    (corpus / "latin1.txt").write_bytes("Caf\u00e9\n".encode("latin-1"))
    summary = build_index(corpus, metadata, tmp_path / "index", keep_going=True)
    assert summary.documents == 3
    assert summary.problems == (
        "latin1.txt: not valid UTF-8 at byte offset 3 (byte 0xe9); re-save the file as UTF-8; skipped",
    )


def test_bundled_corpus_builds_with_registered_speakers(tmp_path):
    summary = build_index(ROOT / "corpus", ROOT / "metadata", tmp_path / "index")
    assert (summary.documents, summary.problems, summary.inferred) == (5, (), ())
    view = open_index(tmp_path / "index")
    passages = all_passages(tmp_path / "index")
    assert len(passages) == summary.passages
    for doc_id in view.catalog.documents:
        text = view.document_text(doc_id)
        assert all(text[p.start : p.end] == p.text for p in view.document_passages(doc_id))
    assert {p.event_id for p in passages} == {"samarkand-2017", "ashgabat-2018", "dushanbe-2019", "tashkent-2022"}
    speakers = {s for p in passages for s in p.speaker_ids}
    quoted_or_reported = {
        "federica-mogherini", "rashid-alimov", "ashita-mittal", "natalia-gherman", "koen-marquering",
        "emomali-rahmon", "miroslav-lajcak", "vladimir-voronkov", "marcel-pesko", "zhang-ming",
        "conference-participants",
    }
    assert quoted_or_reported <= speakers
    registered = {s.id: s for s in view.catalog.speakers.values() if not s.discovered}
    # No registered person comes back as a "discovered" duplicate under another spelling.
    surnames = {s.name.split()[-1].lower() for s in registered.values() if s.kind == "person"}
    assert [d.name for d in summary.discovered if d.name.split()[-1].lower() in surnames] == []


def test_opium_estimate_is_quoted_with_its_speaker_and_event(tmp_path):
    build_index(ROOT / "corpus", ROOT / "metadata", tmp_path / "index")
    view = open_index(tmp_path / "index")
    (hit,) = [p for p in all_passages(tmp_path / "index") if "opium poppy" in p.text]
    assert (hit.document_id, hit.event_id, hit.year, hit.published) == (
        "ashgabat-2018-high-level-meeting", "ashgabat-2018", "2018", "2018-04-30",
    )
    assert [q.speaker_id for q in hit.quotes] == ["koen-marquering"]
    assert view.catalog.speakers["koen-marquering"].roles[0].organization == "unodc"
    assert view.catalog.documents[hit.document_id].meta.publisher == "UNODC Regional Office for Central Asia"


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("Zoë Öztürk", True),
        ("OSCE Programme Office in Dushanbe", True),
        ("Koen Marquering", True),
        ("central role of the UN in", False),  # a misreading, not a name
        ("Heads of Central Asian states for", False),
        ("Kyrgyz Republic and the Republic of Uzbekistan on the Kyrgyz-Uzbek State Border Treaty", False),
        ("", False),
        ("Forum", False),  # a common noun
        ("Kyrgyzstan", False),  # a country
        ("Russian", False),  # a nationality adjective
    ],
)
def test_only_plausible_names_become_discovered_speakers(name, listed):
    assert plausible_name(name) is listed


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("KTSB press service", True),
        ("press service of the Ministry of Defence", True),
        ("Kyrgyz president's press service", True),
        ("central role of the UN in", False),
        ("Statement", False),
    ],
)
def test_a_body_may_be_named_by_its_office(name, listed):
    assert plausible_name(name, "collective") is listed


BUNDLED_QUOTES = [
    ("samarkand-2017-news-release", "These are all interests", "federica-mogherini"),
    ("samarkand-2017-news-release", "Central Asian states are making", "rashid-alimov"),
    ("ashgabat-2018-high-level-meeting", "UNODC estimates show", "koen-marquering"),
    ("ashgabat-2018-high-level-meeting", "UNODC welcomes the efforts", "koen-marquering"),
    ("dushanbe-2019-conference", "illicit drug trafficking continues", "dushanbe-declaration-2019"),
    ("dushanbe-2019-conference", "all States to promote", "dushanbe-declaration-2019"),  # "It calls upon"
    ("dushanbe-2019-conference", "continue to work with", "emomali-rahmon"),
    ("dushanbe-2019-conference", "Government agencies, the private sector", "miroslav-lajcak"),
    ("dushanbe-2019-conference", "first regional initiative", "vladimir-voronkov"),
    ("dushanbe-2019-conference", "Approaches to address", "marcel-pesko"),
]


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("bundled") / "index"
    build_index(ROOT / "corpus", ROOT / "metadata", index_dir)
    return index_dir


@pytest.mark.parametrize(("document", "opening", "speaker"), BUNDLED_QUOTES)
def test_bundled_quotation_is_resolved_to_its_registered_speaker(bundled_index, document, opening, speaker):
    view = open_index(bundled_index)
    found = [q for p in view.document_passages(document) for q in p.quotes if q.text.startswith(opening)]
    assert [q.speaker_id for q in found] == [speaker]


def test_metadata_edits_change_labels_not_passage_ids(tmp_path, tiny_copy):
    corpus, metadata = tiny_copy
    build_index(corpus, metadata, tmp_path / "index")
    before = [p.id for p in all_passages(tmp_path / "index")]
    speakers = metadata / "speakers.yaml"
    speakers.write_text(speakers.read_text(encoding="utf-8").replace("name: Jürgen Weiß", "name: Dr. Jürgen Weiß"))
    build_index(corpus, metadata, tmp_path / "index")
    view = open_index(tmp_path / "index")
    assert [p.id for p in all_passages(tmp_path / "index")] == before
    assert view.catalog.speakers["jurgen-weiss"].name == "Dr. Jürgen Weiß"
