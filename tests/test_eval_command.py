"""`verbatim eval`: the gold set's own scorer over the `verbatim extract` lines, every miss listed."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

from cli.main import main

DOC = (
    "Seminar opens in Osh\n\n"
    '"Co-operation is key," said Ambassador Ivar Vikki, Head of the OSCE Centre in Astana.\n\n'
    'An event titled "Central Asia and the Global Challenges of Our Time" opened.\n\n'
    "Aigul Ryskulova said international assistance was crucial.\n"
)
GOLD = """\
id: osh
speakers:
  - name: "Ivar Vikki"
quotes:
  - text: "Co-operation is key,"
    speaker: "Ivar Vikki"
    paragraph: 1
  - text: "a quotation the extractor cannot find"
    speaker: "Nobody Known"
    paragraph: 3
reported:
  - speaker: "Aigul Ryskulova"
    paragraph: 3
    cue: "said"
  - speaker: "Ivar Vikki"
    paragraph: 2
    cue: "said"
"""


# A scorer as gold sets ship them (score_attribution.py beside gold/): it reads the gold folder and the
# `verbatim extract --format jsonl` lines, prints one line per miss and the figures last, exits 0 or 1.
# This one counts gold quotes whose exact text was predicted and prints every line it was given.
SCORER = textwrap.dedent("""
    import json, pathlib, sys
    import yaml
    gold = [yaml.safe_load(p.read_text()) for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml"))]
    preds = [json.loads(x) for x in open(sys.argv[2], encoding="utf-8").read().splitlines() if x]
    texts = {p["text"] for p in preds if p["kind"] == "direct"}
    quotes = [q["text"] for g in gold for q in g.get("quotes") or []]
    for p in preds:
        print("GOT", pathlib.Path(p["file"]).name, p["block"], p["kind"], p["text"], p["speaker"], p["start"])
    found = sum(q in texts for q in quotes)
    print(f"{'OK' if found == len(quotes) else 'SHORT'}: found {found} of {len(quotes)}")
    sys.exit(0 if found == len(quotes) else 1)
""")


def devset(tmp_path: Path, scorer: str | None = SCORER) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "osh.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "gold" / "osh.yaml").write_text(GOLD, encoding="utf-8")
    if scorer is not None:
        (tmp_path / "score_attribution.py").write_text(scorer, encoding="utf-8")
    return tmp_path / "gold"


def test_the_gold_sets_scorer_gets_the_extract_lines_and_its_output_is_printed(tmp_path, capsys):
    gold = devset(tmp_path)
    assert main(["extract", str(tmp_path / "docs" / "osh.txt"), "--format", "jsonl"]) == 0
    extracted = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert main(["eval", "--gold", str(gold)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"GOT osh.txt {r['block']} {r['kind']} {r['text']} {r['speaker']} {r['start']}"
        for r in extracted if r["kind"] != "document"
    ] + ["SHORT: found 1 of 2"]
    assert out[0] == "GOT osh.txt 1 direct Co-operation is key, Ivar Vikki 23"


def test_quiet_prints_the_figures_only(tmp_path, capsys):
    assert main(["eval", "--gold", str(devset(tmp_path)), "--quiet"]) == 0
    assert capsys.readouterr().out.splitlines() == ["SHORT: found 1 of 2"]


def test_a_gold_set_without_its_scorer_is_a_clear_error(tmp_path, capsys):
    assert main(["eval", "--gold", str(devset(tmp_path, scorer=None))]) == 1
    assert "score_attribution.py not found" in capsys.readouterr().err


def test_a_gold_file_without_its_document_is_listed(tmp_path, capsys):
    gold = devset(tmp_path)
    (gold / "gone.yaml").write_text("id: gone\nquotes: []\n", encoding="utf-8")
    assert main(["eval", "--gold", str(gold)]) == 0
    assert f"NO-DOCUMENT gone: {tmp_path / 'docs' / 'gone.txt'} not found" in capsys.readouterr().out.splitlines()


def test_an_alias_bomb_in_gold_is_refused_before_any_scorer_loads_it(tmp_path, capsys):
    gold = devset(tmp_path)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    (gold / "bomb.yaml").write_text(bomb, encoding="utf-8")
    assert main(["eval", "--gold", str(gold)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"BAD-GOLD {gold / 'bomb.yaml'}:")
    assert "GOT" not in captured.out and "a gold file is refused" in captured.err


def test_news_set_is_scored_by_its_own_scorer_in_the_same_run(tmp_path, capsys):
    gold = devset(tmp_path / "press")
    news = tmp_path / "news"
    (news / "docs").mkdir(parents=True)
    (news / "gold").mkdir()
    (news / "docs" / "a.txt").write_text('"We will win," Trump said.\n', encoding="utf-8")
    # A stand-in scorer: prints what it was given, as the real score.py prints its figures.
    (news / "score.py").write_text(textwrap.dedent("""
        import json, sys
        lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
        recs = [json.loads(x) for x in lines if x]
        print("OK: news", sys.argv[1].endswith("gold"), [(r["text"], r["speaker"], r["kind"]) for r in recs])
    """), encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--news", str(news), "--quiet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["SHORT: found 1 of 2", "OK: news True [('We will win,', 'Trump', 'direct')]"]


def test_missing_gold_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["eval", "--gold", str(tmp_path / "nope")]) == 1
    assert "gold folder not found" in capsys.readouterr().err


def test_metadata_figures_and_what_the_appearance_figures_rest_on(tmp_path, capsys):
    gold = devset(tmp_path)
    (tmp_path / "docs" / "chair.txt").write_text(
        "Meeting in Osh\n\nThe meeting was chaired by Ambassador Marta Kelle, Head of the OSCE Centre.\n", encoding="utf-8")
    (gold / "chair.yaml").write_text("id: chair\nquotes: []\nappearances:\n  - name: \"Marta Kelle\"\n", encoding="utf-8")
    # A stand-in metadata scorer: says which documents' lines it was given, as score_metadata.py prints its figures.
    (tmp_path / "score_metadata.py").write_text(textwrap.dedent("""
        import json, pathlib, sys
        docs = [json.loads(x) for x in open(sys.argv[2], encoding="utf-8").read().splitlines() if x]
        print("OK:", sorted(pathlib.Path(d["file"]).stem for d in docs), "--min-city=0.90" in sys.argv)
    """), encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--quiet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == ["metadata: OK: ['chair', 'osh'] True",
                       "appearances: 1 gold files with the key hold 1 appearances; 1 predicted there "
                       "(0 in files whose gold has none)"]
