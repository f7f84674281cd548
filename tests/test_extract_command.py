"""`verbatim extract`: one JSON object per attribution, offsets into the file, any .txt/.md file."""
from __future__ import annotations

import json
from pathlib import Path

from cli.main import main
from indexer.attribution import extract

TEXT = (
    "Ministers meet in Dushanbe\n\n"
    '"Co-operation is key," said Ambassador Ivar Vikki, Head of the OSCE Centre in Astana.\n\n'
    "Participants underscored that borders need attention.\n"
)


def run_jsonl(capsys, *paths: Path) -> list[dict]:
    assert main(["extract", *map(str, paths), "--format", "jsonl"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_jsonl_has_the_exact_shape_and_offsets_into_the_file(tmp_path, capsys):
    path = tmp_path / "release.txt"
    path.write_text(TEXT, encoding="utf-8")
    quote_start = TEXT.index("Co-operation")
    sentence = "Participants underscored that borders need attention."
    assert run_jsonl(capsys, path)[:-1] == [
        {"file": str(path), "block": 1, "kind": "direct", "text": "Co-operation is key,", "speaker": "Ivar Vikki",
         "role": "Head of the OSCE Centre in Astana", "organization": "OSCE Centre in Astana", "cue": "said",
         "start": quote_start, "end": quote_start + len("Co-operation is key,")},
        {"file": str(path), "block": 2, "kind": "reported", "text": None, "speaker": "Participants", "role": None,
         "organization": None, "cue": "underscored", "start": TEXT.index(sentence),
         "end": TEXT.index(sentence) + len(sentence)},
    ]


def test_markdown_front_matter_is_skipped_but_offsets_stay_in_the_file(tmp_path, capsys):
    front = "---\ntitle: A release\npublisher: OSCE\n---\n"
    path = tmp_path / "release.md"
    path.write_text(front + TEXT, encoding="utf-8")
    records = run_jsonl(capsys, path)
    content = path.read_text(encoding="utf-8")
    direct = [r for r in records if r["kind"] == "direct"]
    assert [content[r["start"] : r["end"]] for r in direct] == [r["text"] for r in direct] == ["Co-operation is key,"]
    assert [r["block"] for r in records[:-1]] == [1, 2]  # blocks of the body: the title line is block 0
    assert records[-1]["title"] == "A release" and records[-1]["publisher"] == "OSCE"  # front matter wins


def test_the_command_runs_the_library_function(tmp_path, capsys):
    path = tmp_path / "release.txt"
    path.write_text(TEXT, encoding="utf-8")
    records = run_jsonl(capsys, path)
    assert [(r["kind"], r["text"], r["speaker"], r["start"]) for r in records[:-1]] == [
        (a.kind, a.text, a.speaker, a.start) for a in extract(TEXT)
    ]


def test_text_format_names_speaker_and_quotation(tmp_path, capsys):
    path = tmp_path / "release.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:1: Ivar Vikki, Head of the OSCE Centre in Astana: “Co-operation is key,”"
    assert out[1] == f"{path}:2: Participants: [reported, underscored]"


def test_bad_files_get_a_clear_message_and_the_good_ones_still_print(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 said".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(missing), str(latin), str(good), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["kind"] for line in captured.out.splitlines()] == ["direct", "reported", "document"]
    assert f"{missing}:" in captured.err and "not valid UTF-8 at byte offset 3" in captured.err


def test_offsets_count_a_byte_order_mark_as_the_files_first_character(tmp_path, capsys):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    content = path.read_text(encoding="utf-8")
    assert content[0] == "\ufeff"
    direct = [r for r in run_jsonl(capsys, path) if r["kind"] == "direct"]
    assert [content[r["start"] : r["end"]] for r in direct] == ["Co-operation is key,"]


RELEASE = (
    "Border chiefs meet in Osh\n\n"
    "OSH, Kyrgyzstan, 3 June 2014 - A two-day meeting of the GUAM border chiefs which started in Osh today "
    "will focus on patrols.\n\n"
    '"Patrols work," said Ambassador Ivar Vikki, Head of the OSCE Centre in Astana. '
    '"They save lives," Vikki added.\n'
)


def test_document_line_after_a_files_quotations(tmp_path, capsys):
    path = tmp_path / "osh.txt"
    path.write_text(RELEASE, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(RELEASE.replace("GUAM border chiefs", "GUAM customs chiefs"), encoding="utf-8")
    records = run_jsonl(capsys, path, other)
    kinds = [r["kind"] for r in records]
    assert kinds == ["direct", "direct", "document"] * 2
    first, second = records[2], records[5]
    assert first == {
        "kind": "document", "file": str(path), "title": "Border chiefs meet in Osh", "published": "2014-06-03",
        "publisher": None,
        "event": {"id": first["event"]["id"], "name": "two-day meeting of the GUAM border chiefs", "city": "Osh",
                  "country": "Kyrgyzstan", "start": "2014-06-03", "end": "2014-06-04"},
        "speakers": [{"name": "Ivar Vikki", "role": "Head of the OSCE Centre in Astana",
                      "organization": "OSCE Centre in Astana"}],
        "appearances": [],
    }
    assert second["event"]["id"] == first["event"]["id"]  # one run: same event, same id


def test_text_format_ends_with_the_document_summary(tmp_path, capsys):
    path = tmp_path / "osh.txt"
    path.write_text(RELEASE, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith(f"{path}: published 2014-06-03, publisher ?; event osh-2014-")
