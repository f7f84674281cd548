"""`verbatim validate` on broken copies of a small registry: each problem reported as path:line: message."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli.main import main
from indexer.metadata import MetadataError, load_registry

ROOT = Path(__file__).resolve().parents[1]

# A small valid registry; each case below replaces one file with a broken version.
BASE = {
    "metadata/organizations.yaml": "- id: osce\n  name: OSCE\n  acronyms: [OSCE]\n",
    "metadata/events.yaml": "- id: e1\n  name: Meeting\n  start: 2010-10-12\n  end: 2010-10-13\n  organizers: [osce]\n",
    "metadata/speakers.yaml": "- id: weiss\n  name: Jürgen Weiß\n  aliases: [Weiß, Weiss]\n",
    "metadata/documents.yaml": "- id: a\n  file: a.txt\n  title: A\n  published: 2010-10-12\n  event: e1\n",
    "metadata/themes.yaml": "- id: borders\n  label: Borders\n  terms: [border]\n",
    "corpus/a.txt": "A\n\nALMATY, 12 October 2010 - Text.\n",
}

CASES = [
    pytest.param(
        "metadata/speakers.yaml",
        "- id: weiss\n  name: Jürgen Weiß\n- id: weiss\n  name: Another\n",
        ["metadata/speakers.yaml:3: duplicate speaker id 'weiss' (first on line 1)"],
        id="duplicate-id",
    ),
    pytest.param(
        "metadata/speakers.yaml",
        "- id: weiss\n  name: Jürgen Weiß\n  aliases: [Weiß]\n- id: weise\n  name: Hans Weise\n  aliases:\n    - Mr. Weiss\n",
        ["metadata/speakers.yaml:7: alias 'Mr. Weiss' is claimed by two speakers: 'weiss' (line 3) and 'weise'"],
        id="alias-claimed-twice",
    ),
    pytest.param(
        "metadata/documents.yaml",
        "- id: a\n  file: a.txt\n  event: e2\n",
        ["metadata/documents.yaml:3: unknown event 'e2'"],
        id="unknown-event",
    ),
    pytest.param(
        "metadata/events.yaml",
        "- id: e1\n  name: Meeting\n  organizers: [osce, unodc, OSCE]\n",
        [
            "metadata/events.yaml:3: unknown organization 'unodc' in organizers",
            "metadata/events.yaml:3: unknown organization 'OSCE' in organizers (did you mean 'osce'?)",
        ],
        id="unknown-organizer",
    ),
    pytest.param(
        "metadata/speakers.yaml",
        "- id: weiss\n  name: Jürgen Weiß\n  roles:\n    - role: Head\n      organization: oscee\n",
        ["metadata/speakers.yaml:5: unknown organization 'oscee' (did you mean 'osce'?)"],
        id="unknown-role-organization",
    ),
    pytest.param(
        "metadata/events.yaml",
        "- id: e1\n  name: Meeting\n  start: 2010-13-40\n",
        ["metadata/events.yaml:3: start '2010-13-40' is not a date (write 2017-11-10 or 10 November 2017)"],
        id="bad-date",
    ),
    pytest.param(
        "metadata/events.yaml",
        "- id: e1\n  name: Meeting\n  start: 12 October 2010\n  end: 2010-10-11\n",
        ["metadata/events.yaml:4: end 2010-10-11 is before start 2010-10-12"],
        id="end-before-start",
    ),
    pytest.param(
        "metadata/speakers.yaml",
        "- id: weiss\n  name: Jürgen Weiß\n  kind: robot\n  aliases: {surname: Weiß}\n",
        [
            "metadata/speakers.yaml:3: kind 'robot' must be one of: person, collective",
            "metadata/speakers.yaml:4: 'aliases' must be a list of text values",
        ],
        id="wrong-types",
    ),
    pytest.param(
        "metadata/themes.yaml",
        "- id: borders\n  label: Borders\n  term: [border]\n- just a string\n",
        [
            "metadata/themes.yaml:3: unknown key 'term' (expected one of: id, label, description, terms)",
            "metadata/themes.yaml:4: each entry must be a mapping of keys to values, not str",
        ],
        id="unknown-key-and-non-mapping",
    ),
    pytest.param(
        "metadata/organizations.yaml",
        "- id: osce\n  name: OSCE\n  name: Organization for Security and Co-operation in Europe\n",
        ["metadata/organizations.yaml:3: duplicate key 'name' (first on line 2)"],
        id="duplicate-yaml-key",
    ),
    pytest.param(
        "metadata/organizations.yaml",
        "- id: osce\n  name: OSCE\n- id: other\n  name: Other\n  acronyms: [osce]\n",
        ["metadata/organizations.yaml:5: acronym 'osce' is claimed by two organizations: 'osce' (line 2) and 'other'"],
        id="acronym-claimed-twice",
    ),
    pytest.param(
        "metadata/documents.yaml",
        "- id: a\n  file: a.txt\n- id: b\n  file: missing.txt\n",
        ["metadata/documents.yaml:4: file 'missing.txt' is not in the corpus folder corpus"],
        id="missing-corpus-file",
    ),
    pytest.param(
        "metadata/events.yaml",
        "- id: e1\n  name: Meeting\n  organizers: [osce\n",
        ["metadata/events.yaml:4: invalid YAML at column 1: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'"],
        id="yaml-syntax",
    ),
    pytest.param(
        "metadata/events.yaml",
        "id: e1\nname: Meeting\n",
        ["metadata/events.yaml:1: events.yaml must be a list of entries, each starting with '- id:'"],
        id="not-a-list",
    ),
]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of BASE in a fresh folder, which is also the working folder (so paths print short)."""
    for rel, text in BASE.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("VERBATIM_CORPUS", "VERBATIM_METADATA", "VERBATIM_INDEX"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def validate(capsys) -> tuple[int, list[str], str]:
    code = main(["validate", "--metadata", "metadata", "--corpus", "corpus"])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_base_registry_is_clean(project, capsys):
    assert validate(capsys) == (0, ["ok: 1 documents, 1 events, 1 speakers, 1 organizations, 1 themes"], "")


@pytest.mark.parametrize(("rel", "text", "expected"), CASES)
def test_each_problem_is_reported_with_file_and_line(project, capsys, rel, text, expected):
    (project / rel).write_text(text, encoding="utf-8")
    code, lines, err = validate(capsys)
    assert (code, lines) == (1, expected)
    assert err == f"verbatim: error: {len(expected)} error(s), 0 warning(s) in the metadata\n"


def test_load_registry_raises_the_same_problems(project):
    (project / "metadata/events.yaml").write_text("- id: e1\n  name: Meeting\n  end: 2010-10-11\n  start: 2010-10-12\n")
    with pytest.raises(MetadataError) as caught:
        load_registry(Path("metadata"))
    assert caught.value.problems == ("metadata/events.yaml:3: end 2010-10-11 is before start 2010-10-12",)


def test_corpus_file_without_metadata_is_a_warning(project, capsys):
    (project / "corpus/b.txt").write_text("Untitled\n\nSome text.\n", encoding="utf-8")
    (project / "corpus/c.md").write_text("---\ntitle: C\nevent: e9\n---\nBody.\n", encoding="utf-8")
    (project / "corpus/d.md").write_text("---\ntitle: D\nevent: e1\n---\nBody.\n", encoding="utf-8")
    code, lines, err = validate(capsys)
    assert (code, err) == (0, "")
    assert lines == [
        "corpus/b.txt:1: warning: no metadata (no entry in documents.yaml, no front matter); "
        "title and date will be inferred from the text",
        "corpus/c.md:1: warning: front matter event 'e9' is not in events.yaml",
        "ok: 1 documents, 1 events, 1 speakers, 1 organizations, 1 themes; 2 warning(s)",
    ]


def test_broken_front_matter_is_an_error(project, capsys):
    (project / "corpus/e.md").write_text("---\ntitle: [E\n---\nBody.\n", encoding="utf-8")
    code, lines, _ = validate(capsys)
    assert code == 1
    assert lines[0].startswith("corpus/e.md:1: front matter is not valid YAML at line 3")


def test_missing_metadata_folder_is_an_error(project, capsys):
    code = main(["validate", "--metadata", "nowhere", "--corpus", "corpus"])
    assert (code, capsys.readouterr().err) == (1, "verbatim: error: nowhere: metadata folder does not exist\n")


def test_shipped_metadata_is_clean(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["validate", "--metadata", "metadata", "--corpus", "corpus"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(out) == 1 and out[0].startswith("ok: 5 documents, ")


def test_a_registered_file_that_is_not_text_is_an_error(project, capsys):
    (project / "corpus/a.txt").write_bytes("Caf\u00e9\n".encode("latin-1"))
    code, lines, _ = validate(capsys)
    assert (code, lines) == (
        1,
        ["corpus/a.txt:1: not valid UTF-8 at byte offset 3 (byte 0xe9); re-save the file as UTF-8"],
    )


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_broken_copy_of_the_shipped_metadata(tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "metadata", tmp_path / "metadata")
    speakers = tmp_path / "metadata/speakers.yaml"
    text = speakers.read_text(encoding="utf-8").replace("aliases: [Mittal,", "aliases: [Voronkov, Mittal,")
    speakers.write_text(text, encoding="utf-8")
    events = tmp_path / "metadata/events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("end: 2017-11-11", "end: 2017-11-09"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "--metadata", "metadata", "--corpus", str(ROOT / "corpus")])
    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        f"metadata/events.yaml:{_line_of(events.read_text(encoding='utf-8'), 'end: 2017-11-09')}: "
        "end 2017-11-09 is before start 2017-11-10",
        f"metadata/speakers.yaml:{_line_of(text, 'aliases: [Voronkov, Mr. Voronkov')}: "
        f"alias 'Voronkov' is claimed by two speakers: 'ashita-mittal' (line {_line_of(text, 'aliases: [Voronkov, Mittal')}) "
        "and 'vladimir-voronkov'",
    ]


def test_missing_corpus_folder_is_an_error(project, capsys):
    code = main(["validate", "--metadata", "metadata", "--corpus", "no-corpus"])
    # One message, not one per listed file.
    assert (code, capsys.readouterr().out.splitlines()) == (1, ["no-corpus:1: corpus folder does not exist"])


def test_a_problem_in_a_block_list_names_the_item_line(project, capsys):
    (project / "metadata/events.yaml").write_text(
        "- id: e1\n  name: Meeting\n  organizers:\n    - osce\n    - unodc\n", encoding="utf-8"
    )
    code, lines, _ = validate(capsys)
    assert (code, lines) == (1, ["metadata/events.yaml:5: unknown organization 'unodc' in organizers"])


def test_an_alias_that_is_only_a_title_is_a_warning(project, capsys):
    (project / "metadata/speakers.yaml").write_text(
        "- id: weiss\n  name: Jürgen Weiß\n  aliases:\n    - Weiß\n    - Ambassador\n", encoding="utf-8"
    )
    code, lines, _ = validate(capsys)
    assert (code, lines) == (
        0,
        [
            "metadata/speakers.yaml:5: warning: alias 'Ambassador' is only a title; it will match whoever holds it",
            "ok: 1 documents, 1 events, 1 speakers, 1 organizations, 1 themes; 1 warning(s)",
        ],
    )


def test_an_unlisted_file_whose_id_is_taken_is_a_warning(project, capsys):
    (project / "corpus/more").mkdir()
    (project / "corpus/more/A.txt").write_text("Another A\n\n1 May 2011 - Text.\n", encoding="utf-8")
    code, lines, _ = validate(capsys)
    assert (code, lines[:2]) == (
        0,
        [
            "corpus/more/A.txt:1: warning: no metadata (no entry in documents.yaml, no front matter); "
            "title and date will be inferred from the text",
            "corpus/more/A.txt:1: warning: document id 'a' is already used by 'a.txt' in documents.yaml; "
            "this file will be indexed under another id",
        ],
    )


def test_a_misnamed_registry_file_is_a_warning(project, capsys):
    (project / "metadata/speakers.yaml").rename(project / "metadata/speakers.yml")
    code, lines, _ = validate(capsys)
    assert (code, lines) == (
        0,
        [
            "metadata/speakers.yml:1: warning: not read: the registries are organizations.yaml, events.yaml, "
            "speakers.yaml, documents.yaml, themes.yaml",
            "ok: 1 documents, 1 events, 0 speakers, 1 organizations, 1 themes; 1 warning(s)",
        ],
    )
