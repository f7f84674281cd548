"""`verbatim eval`: figures against gold in the press-release dev-set format, every miss listed."""
from __future__ import annotations

import textwrap
from pathlib import Path

from cli.evaluate import Score, evaluate
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


def devset(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "osh.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "gold" / "osh.yaml").write_text(GOLD, encoding="utf-8")
    return tmp_path / "gold"


def test_scores_are_counted_against_the_gold(tmp_path):
    score, n = evaluate(devset(tmp_path), tmp_path / "docs")
    assert n == 1
    assert (score.quotes, score.found, score.speaker_ok, score.predicted, score.predicted_ok) == (2, 1, 1, 1, 1)
    assert (score.reported, score.reported_found) == (2, 1)
    assert score.figures() == {"recall": 0.5, "precision": 1.0, "speaker": 0.5, "reported": 0.5}


def test_the_command_prints_every_miss_then_the_figures(tmp_path, capsys):
    gold = devset(tmp_path)
    assert main(["eval", "--gold", str(gold)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "MISSED osh b3: 'a quotation the extractor cannot find' (Nobody Known)",
        "REPORTED-MISSED osh b2: Ivar Vikki (said)",
        f"SHORT: {tmp_path.name}, 1 documents, 2 quotes: recall 0.500 precision 1.000 quote+speaker 0.500 "
        "reported-speech recall 0.500 (1/2)",
    ]


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
    assert out[-1] == "OK: news True [('We will win,', 'Trump', 'direct')]"
    assert out[0].startswith("SHORT: press, 1 documents")


def test_missing_gold_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["eval", "--gold", str(tmp_path / "nope")]) == 1
    assert "gold folder not found" in capsys.readouterr().err


def test_score_of_nothing_is_not_a_division_by_zero():
    assert Score().figures() == {"recall": 1.0, "precision": 1.0, "speaker": 1.0, "reported": 1.0}
