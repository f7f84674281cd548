"""A new user's flow: drop their own .txt and .md files into a copy of the bundled corpus, index, search.

Nothing is listed in metadata/ first. The texts are real press releases (from the development set,
quoted here so the test needs nothing outside the repository); the checks go through the `verbatim`
command and the web app, as a user would.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexer.metadata import load_registry
from serving import Run, copy_folders, verbatim
from webapp import create_app

ROOT = Path(__file__).resolve().parents[1]

# (a) A .txt press release: a title line and a dateline, speakers nobody listed (OSCE, 10 November 2009).
BISHKEK_TXT = """\
OSCE Centre supports review of Kyrgyz anti-trafficking legislation

BISHKEK, November 10, 2009 - A three-day meeting between the OSCE Centre in Bishkek, Kyrgyz specialists \
and an international expert on fighting human trafficking started today in Bishkek.

"Strengthening Kyrgyzstan's legislation to counteract trafficking in human beings is a vital prerequisite \
for taking concrete action against this crime. This illegal trade has cross-border character and hence robust \
regional co-operation is needed to confront it. The OSCE, through its field offices in Central Asia, actively \
supports national administrations' efforts to prevent human trafficking and tackle the associated problems," \
said Ambassador Andrew Tesoriere, the Head of the OSCE Centre in Bishkek.

The international expert, Iryna Zaretska of Ukraine, added: "Governments and parliaments of all countries can \
prevent and counteract this crime. Their joint efforts should be directed towards combating not only human \
trafficking, but also the associated crimes such as corruption, money laundering, illegal migration, employment \
and illegal adoption."
"""
TESORIERE_QUOTE = (
    "Strengthening Kyrgyzstan's legislation to counteract trafficking in human beings is a vital prerequisite "
    "for taking concrete action against this crime. This illegal trade has cross-border character and hence robust "
    "regional co-operation is needed to confront it. The OSCE, through its field offices in Central Asia, actively "
    "supports national administrations' efforts to prevent human trafficking and tackle the associated problems,"
)

# (b) Markdown with front matter naming an event the registry has (OSCE Office in Tajikistan, 4 December 2009).
DUSHANBE_FRONT = """\
---
title: OSCE Office in Tajikistan supports human rights in counter-terrorism training
publisher: OSCE Office in Tajikistan
published: 2009-12-04
event: dushanbe-2019
source_url: https://www.osce.org/tajikistan/51696
---
"""
DUSHANBE_BODY = """\
# A course on human rights *while countering terrorism*

DUSHANBE, 4 December 2009 - A course on how to protect human rights while countering terrorism will become \
part of the curriculum of Tajik law enforcement agencies.

"The course is an important part of the police reform activities of the OSCE Office in Tajikistan, and \
represents another example of the co-operation between the OSCE and the Tajik authorities to tackle complex \
policing issues," added Oliver Janser, Counter-Terrorism and Police Adviser at the OSCE Office.
"""

# (c) Markdown whose front matter names an event nobody has registered (UPI, 28 April 2009).
UPI_MD = """\
---
title: Tajikistan hosts counter-terrorism meeting
publisher: UPI
published: 2009-04-28
event: dushanbe-2009-counter-terrorism-meeting
---
DUSHANBE, Tajikistan, April 28 (UPI) -- Tajikistan is hosting a high-level meeting with top security \
authorities in a move to address ways to strengthen counter-terrorism efforts in the country.

"There is a need to understand both the complex nature of the threat and the impact of different \
counter-terrorism measures in every country," Oliver Janser, counter-terrorism and police adviser to the OSCE \
office in Dushanbe, said in a statement.
"""

# (d) A .txt with no title line and no date (the body of an OSCE release of 29 November 2011).
WORKSHOP_TXT = """\
The workshop aims at increasing awareness of the police officers of the international human rights standards \
and the role of the law enforcement personnel in ensuring and protecting human rights while combating \
trafficking in drugs and human beings, and countering terrorism.

Under the guidance of international and national experts, the workshop participants will discuss the practical \
application of human rights standards during the investigation of the different forms of human and drug \
trafficking.
"""

ADDED = {
    "bishkek-legislation.txt": BISHKEK_TXT,
    "dushanbe-course.md": DUSHANBE_FRONT + DUSHANBE_BODY,
    "upi-dushanbe.md": UPI_MD,
    "police-workshop.txt": WORKSHOP_TXT,
}


@dataclass(frozen=True)
class Site:
    root: Path
    corpus: Path
    metadata: Path
    index: Path
    indexed: Run


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The bundled corpus and metadata copied, the user's four files dropped in, `verbatim index` run."""
    root = tmp_path_factory.mktemp("user")
    (corpus, metadata), index = copy_folders(root, ROOT / "corpus", ROOT / "metadata"), root / "index"
    for name, text in ADDED.items():
        (corpus / name).write_text(text, encoding="utf-8")
    indexed = verbatim("index", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index))
    return Site(root, corpus, metadata, index, indexed)


@pytest.fixture(scope="module")
def client(site: Site):
    app = create_app({"CORPUS_DIR": site.corpus, "METADATA_DIR": site.metadata, "INDEX_DIR": site.index})
    return app.test_client()


def get_json(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:500])
    return response.get_json()


def test_index_reports_inferred_fields_gaps_and_discovered_speakers(site):
    assert site.indexed.code == 0
    assert site.indexed.err == [
        "warning: upi-dushanbe.md: front matter event 'dushanbe-2009-counter-terrorism-meeting' is not in "
        "events.yaml; add it there to name it (its passages keep the bare id)",
        "note: bishkek-legislation.txt: title, published, event inferred from the text (no metadata entry)",
        "note: police-workshop.txt: no title or date found in the text (no metadata entry)",
        "3 speakers found in the text are not in the registry:",
        "  andrew-tesoriere: Andrew Tesoriere (Head of the OSCE Centre in Bishkek)",
        "  iryna-zaretska: Iryna Zaretska (international expert)",
        "  oliver-janser: Oliver Janser (Counter-Terrorism and Police Adviser at the OSCE Office; "
        "counter-terrorism and police adviser to the OSCE office in Dushanbe)",
        "1 events found in the text are not in the registry (`verbatim propose` prints them as YAML):",
        "  bishkek-2009-three-day-meeting-osce-centre: Three-day meeting between the OSCE Centre in Bishkek "
        "(Bishkek, Kyrgyzstan; 2009-11-10)",
    ]
    assert len(site.indexed.out) == 1
    assert re.fullmatch(r"indexed 9 documents, \d+ passages, \d+ quotations, \d+ speakers, \d+ themes in [\d.]+ s",
                        site.indexed.out[0])


def test_validate_warns_about_files_without_metadata(site, monkeypatch):
    monkeypatch.chdir(site.root)  # paths are shown relative to the working folder, as a user types them
    run = verbatim("validate", "--corpus", "corpus", "--metadata", "metadata")
    registry = load_registry(site.metadata)
    no_metadata = (
        "warning: no metadata (no entry in documents.yaml, no front matter); "
        "title and date will be inferred from the text"
    )
    assert (run.code, run.err) == (0, [])
    assert run.out == [
        f"corpus/bishkek-legislation.txt:1: {no_metadata}",
        f"corpus/police-workshop.txt:1: {no_metadata}",
        "corpus/upi-dushanbe.md:1: warning: front matter event 'dushanbe-2009-counter-terrorism-meeting' "
        "is not in events.yaml",
        f"ok: {len(registry.documents)} documents, {len(registry.events)} events, {len(registry.speakers)} speakers, "
        f"{len(registry.organizations)} organizations, {len(registry.themes)} themes; 3 warning(s)",
    ]


def test_documents_get_metadata_from_registry_front_matter_or_text(client):
    def doc(doc_id: str) -> dict:
        d = get_json(client, f"/api/documents/{doc_id}")["document"]
        return {k: d[k] for k in ("title", "publisher", "published", "source_url", "inferred")} | {
            "event": d["event"] and d["event"]["id"]
        }

    assert doc("bishkek-legislation") == {
        "title": "OSCE Centre supports review of Kyrgyz anti-trafficking legislation", "publisher": None,
        "published": "2009-11-10", "source_url": None, "inferred": ["title", "published", "event"],
        "event": "bishkek-2009-three-day-meeting-osce-centre",
    }
    assert doc("dushanbe-course") == {
        "title": "OSCE Office in Tajikistan supports human rights in counter-terrorism training",
        "publisher": "OSCE Office in Tajikistan", "published": "2009-12-04",
        "source_url": "https://www.osce.org/tajikistan/51696", "inferred": [], "event": "dushanbe-2019",
    }
    assert doc("upi-dushanbe")["event"] is None  # not in events.yaml: the document names no known event
    assert doc("police-workshop") == {
        "title": "police-workshop.txt", "publisher": None, "published": None, "source_url": None,
        "inferred": [], "event": None,
    }


def test_new_speakers_are_in_the_facets_and_the_speaker_list(client):
    facet = {v["id"]: (v["label"], v["count"]) for v in get_json(client, "/api/search?per_page=1")["facets"]["speaker"]}
    assert (facet["andrew-tesoriere"], facet["iryna-zaretska"], facet["oliver-janser"]) == (
        ("Andrew Tesoriere", 1), ("Iryna Zaretska", 1), ("Oliver Janser", 2),
    )
    speakers = {s["id"]: s for s in get_json(client, "/api/speakers")["speakers"]}
    assert speakers["andrew-tesoriere"] == {
        "id": "andrew-tesoriere", "name": "Andrew Tesoriere", "kind": "person", "discovered": True, "aliases": [],
        "roles": [{"role": "Head of the OSCE Centre in Bishkek", "organization": "OSCE Centre in Bishkek",
                   "organization_id": "osce-centre-in-bishkek", "start": None, "end": None}],
        "passages": 1, "quotations": 1, "by_role": {"said": 1, "reported": 0, "spoke": 0, "mentioned": 0},
        "url": "/speakers/andrew-tesoriere",
    }
    # One person quoted in two files: one speaker, with the role each text gives.
    assert [r["role"] for r in speakers["oliver-janser"]["roles"]] == [
        "Counter-Terrorism and Police Adviser at the OSCE Office",
        "counter-terrorism and police adviser to the OSCE office in Dushanbe",
    ]
    assert (speakers["oliver-janser"]["passages"], speakers["oliver-janser"]["quotations"]) == (2, 2)
    assert client.get("/speakers/andrew-tesoriere").status_code == 200
    page = client.get("/?sort=newest").get_data(as_text=True)  # the search page's speaker facet offers them too
    assert 'href="/?speaker=andrew-tesoriere&amp;sort=newest"' in page and "Andrew Tesoriere</span>" in page


def test_search_by_new_speaker_finds_the_exact_quotation(site, client):
    data = get_json(client, "/api/search?speaker=andrew-tesoriere")
    assert data["total"] == 1
    hit = data["results"][0]
    assert [(q["text"], q["speaker"]) for q in hit["quotes"]] == [(TESORIERE_QUOTE, "andrew-tesoriere")]
    assert hit["speakers"] == [{"id": "andrew-tesoriere", "name": "Andrew Tesoriere",
                                "role": "Head of the OSCE Centre in Bishkek",
                                "organization": "OSCE Centre in Bishkek", "kind": "person", "does": "said"}]
    source = (site.corpus / "bishkek-legislation.txt").read_text(encoding="utf-8")
    quote = hit["quotes"][0]
    assert source[quote["start"] : quote["end"]] == TESORIERE_QUOTE
    assert source[hit["start"] : hit["end"]] == hit["text"]
    where = (hit["document"]["id"], hit["document"]["published"], hit["block"])
    assert where == ("bishkek-legislation", "2009-11-10", 2)


def test_markdown_offsets_count_from_the_body(client):
    """Front matter is metadata, not text: the document text is the body, and offsets point into it."""
    data = get_json(client, "/api/search?speaker=oliver-janser&event=dushanbe-2019")
    assert [r["document"]["id"] for r in data["results"]] == ["dushanbe-course"]
    hit = data["results"][0]
    assert get_json(client, "/api/documents/dushanbe-course")["text"] == DUSHANBE_BODY
    assert DUSHANBE_BODY[hit["start"] : hit["end"]] == hit["text"]
    assert [DUSHANBE_BODY[q["start"] : q["end"]] == q["text"] for q in hit["quotes"]] == [True]
    assert hit["quotes"][0]["text"].startswith("The course is an important part of the police reform")


def test_unknown_event_keeps_its_id_as_a_filter(client):
    data = get_json(client, "/api/search?event=dushanbe-2009-counter-terrorism-meeting")
    assert {r["document"]["id"] for r in data["results"]} == {"upi-dushanbe"}
    assert data["total"] == 2


def test_markdown_document_page_renders(client):
    response = client.get("/documents/dushanbe-course")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>OSCE Office in Tajikistan supports human rights in counter-terrorism training</h1>" in page
    assert "A course on human rights <em>while countering terrorism</em>" in page  # Markdown rendered
    assert "source_url:" not in page and "---" not in page  # front matter is not shown as text
    assert 'href="https://www.osce.org/tajikistan/51696"' in page
    passages = get_json(client, "/api/documents/dushanbe-course")["passages"]
    assert len(passages) == 2  # the "# A course on …" heading is the headline (paragraph 0), shown, not a passage
    assert [p["paragraph"] for p in passages] == [1, 2]
    assert all(f'id="p-{p["id"]}"' in page for p in passages)


def test_front_matter_keys_that_are_not_read_are_reported(tmp_path, monkeypatch):
    """A `date:` written for `published:` (as other tools name it) must not vanish without a word."""
    corpus, _ = copy_folders(tmp_path, ROOT / "corpus", ROOT / "metadata")
    front = "---\ntitle: A note\ndate: 2009-11-10\npublisched: x\n---\n"
    (corpus / "note.md").write_text(front + "A three-day meeting started today in Bishkek.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = verbatim("validate", "--corpus", "corpus", "--metadata", "metadata")
    keys = "the keys are id, title, publisher, published, kind, event, source_url, language"
    assert run.code == 0
    assert run.out[:2] == [
        f"corpus/note.md:3: warning: front matter key 'date' is not read; did you mean 'published'? {keys}",
        f"corpus/note.md:4: warning: front matter key 'publisched' is not read; did you mean 'published'? {keys}",
    ]
    indexed = verbatim("index", "--corpus", "corpus", "--metadata", "metadata", "--index", "index")
    assert indexed.err == [
        "note: note.md: event inferred from the text; no date found in the text (no metadata entry)",
        "1 events found in the text are not in the registry (`verbatim propose` prints them as YAML):",
        "  bishkek-three-day-meeting: Three-day meeting (Bishkek, Kyrgyzstan; date not given)",
    ]


CURATED_SPEAKER = """
- id: andrew-tesoriere
  name: Andrew Tesoriere
  kind: person
  aliases: [Tesoriere, Ambassador Tesoriere]
  roles:
    - role: Head of the OSCE Centre in Bishkek
      organization: osce
      from: 2009-11-10
      to: 2009-11-10
"""
CURATED_EVENT = """
- id: dushanbe-2009-counter-terrorism-meeting
  name: High-level meeting on countering violent extremism and radicalization leading to terrorism
  short_name: Dushanbe counter-terrorism meeting 2009
  city: Dushanbe
  country: Tajikistan
  start: 2009-04-27
  end: 2009-04-28
  organizers: [osce]
"""


def test_a_curator_closes_the_gaps_the_index_reported(site, tmp_path):
    """Adding the listed speaker and the unknown event to the registry silences both reports and
    keeps every passage id and the speaker's id, so links and filters made before still work."""
    before = get_json(create_app({"INDEX_DIR": site.index}).test_client(), "/api/search?speaker=andrew-tesoriere")
    (corpus, metadata), index = copy_folders(tmp_path, site.corpus, site.metadata), tmp_path / "index"
    with open(metadata / "speakers.yaml", "a", encoding="utf-8") as speakers:
        speakers.write(CURATED_SPEAKER)
    with open(metadata / "events.yaml", "a", encoding="utf-8") as events:
        events.write(CURATED_EVENT)
    run = verbatim("index", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index))
    assert run.code == 0
    assert run.err == [
        "note: bishkek-legislation.txt: title, published, event inferred from the text (no metadata entry)",
        "note: police-workshop.txt: no title or date found in the text (no metadata entry)",
        "2 speakers found in the text are not in the registry:",
        "  iryna-zaretska: Iryna Zaretska (international expert)",
        "  oliver-janser: Oliver Janser (Counter-Terrorism and Police Adviser at the OSCE Office; "
        "counter-terrorism and police adviser to the OSCE office in Dushanbe)",
        "1 events found in the text are not in the registry (`verbatim propose` prints them as YAML):",
        "  bishkek-2009-three-day-meeting-osce-centre: Three-day meeting between the OSCE Centre in Bishkek "
        "(Bishkek, Kyrgyzstan; 2009-11-10)",
    ]
    client = create_app({"INDEX_DIR": index}).test_client()
    after = get_json(client, "/api/search?speaker=andrew-tesoriere")
    assert [r["id"] for r in after["results"]] == [r["id"] for r in before["results"]]
    assert after["results"][0]["speakers"] == [{
        "id": "andrew-tesoriere", "name": "Andrew Tesoriere", "role": "Head of the OSCE Centre in Bishkek",
        "organization": "Organization for Security and Co-operation in Europe", "kind": "person", "does": "said",
    }]
    upi = get_json(client, "/api/documents/upi-dushanbe")["document"]["event"]
    assert (upi["id"], upi["city"], upi["start"]) == (
        "dushanbe-2009-counter-terrorism-meeting", "Dushanbe", "2009-04-27",
    )


def test_a_dropped_file_named_like_a_listed_one_never_takes_its_id(site, tmp_path):
    """Corpus order must not decide ids: `a/x.txt` sorts before the listed `x.txt`, yet the listed
    document keeps its id and every passage id (its permalinks), and the newcomer is renamed, saying so."""
    listed = "dushanbe-2019-conference"
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "a").mkdir()
    (corpus / "a" / f"{listed}.txt").write_text("A follow-up note\n\nDUSHANBE, 18 May 2019 - A meeting.\n", "utf-8")
    run = verbatim("index", "--corpus", str(corpus), "--metadata", str(site.metadata), "--index", str(tmp_path / "i"))
    assert run.code == 0
    assert run.err == [
        f"warning: a/{listed}.txt: document id '{listed}' belongs to {listed}.txt; indexed as '{listed}-2'",
        f"note: a/{listed}.txt: title, published, event inferred from the text (no metadata entry)",
        "1 events found in the text are not in the registry (`verbatim propose` prints them as YAML):",
        "  dushanbe-meeting: Meeting (Dushanbe, Tajikistan; date not given)",
    ]
    client, before = create_app({"INDEX_DIR": tmp_path / "i"}).test_client(), create_app({"INDEX_DIR": site.index})
    after = get_json(client, f"/api/documents/{listed}")
    assert after["document"]["file"] == f"{listed}.txt"
    assert after["passages"] == get_json(before.test_client(), f"/api/documents/{listed}")["passages"]
    assert get_json(client, f"/api/documents/{listed}-2")["document"]["file"] == f"a/{listed}.txt"


def test_files_the_indexer_cannot_read_are_named(tmp_path):
    """A PDF dropped in beside the texts is not silently ignored; hidden files stay out of it."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "briefing.pdf").write_bytes(b"%PDF-1.7\n")
    (corpus / "2019").mkdir()
    (corpus / "2019" / "speech.docx").write_bytes(b"PK\x03\x04")
    (corpus / ".DS_Store").write_bytes(b"\x00\x00")
    index = tmp_path / "i"
    run = verbatim("index", "--corpus", str(corpus), "--metadata", str(ROOT / "metadata"), "--index", str(index))
    assert (run.code, run.err) == (0, [
        "warning: 2 file(s) in the corpus were not indexed (only .txt, .md and .markdown files are read; "
        "`verbatim add FILE` brings in web pages, PDFs and Word files): 2019/speech.docx, briefing.pdf",
    ])
    assert run.out[0].startswith("indexed 5 documents, ")
