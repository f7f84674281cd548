"""See it: the speaker timeline and the counts by year and theme, drawn as SVG on the server with
the same numbers as a table, and agreeing with search."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.search import SearchRequest, open_index, run_search
from present.links import Links
from webapp import create_app
from webapp.charts import bar_chart, speaker_timeline


@pytest.fixture(scope="module")
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


def test_timeline_counts_agree_with_role_searches(tiny_index):
    view = open_index(tiny_index)
    timeline = speaker_timeline(view, "jurgen-weiss", Links())
    rows = timeline["rows"]
    assert [r["label"] for r in rows] == [r["label"] for r in sorted(rows, key=lambda r: r["date"] or "9999")]
    for role in ("said", "reported", "spoke"):
        total = run_search(view, SearchRequest(speaker=("jurgen-weiss",), role=(role,))).total
        assert sum(r[role] for r in rows) == total, role
    assert len(timeline["marks"]) == sum(1 for r in rows for role in ("said", "reported", "spoke") if r[role])
    xs = [m["x"] for m in timeline["marks"]]
    assert all(timeline["left"] <= x <= timeline["width"] for x in xs)


def test_speaker_page_draws_the_timeline_and_its_table(client):
    page = client.get("/speakers/jurgen-weiss").get_data(as_text=True)
    figure = page[page.index('<figure class="chart timeline"'):page.index("</figure>")]
    assert figure.count("<circle ") >= 1 and 'aria-hidden="true"' in figure
    table = figure[figure.index("<table"):]
    assert "<caption>Jürgen Weiß: passages by event and date</caption>" in table
    assert re.search(r'<th scope="row"><a href="/\?speaker=jurgen-weiss&amp;event=almaty-2010-seminar">[^<]+</a></th>'
                     r"<td>12 October 2010</td><td>1</td>", table)
    assert "<script" not in figure
    assert client.get("/api/speakers/jurgen-weiss").get_json()["timeline"]["rows"][0]["said"] == 1


def test_bar_chart_scales_to_the_largest_and_keeps_the_rest_counted():
    chart = bar_chart("Passages by theme", [(f"t{i}", i) for i in range(15)])
    assert [b["count"] for b in chart["bars"]] == list(range(14, 4, -1))
    assert chart["bars"][0]["width"] == max(b["width"] for b in chart["bars"])
    assert chart["more"] == 4  # 14 non-zero values, 10 shown
    assert bar_chart("Passages by year", [("2010", 0)]) is None


def test_search_and_event_pages_show_counts_by_year_and_theme(client):
    data = client.get("/api/search?q=border").get_json()
    page = client.get("/?q=border").get_data(as_text=True)
    overview = page[page.index('<section class="charts overview"'):]
    years = {v["label"]: v["count"] for v in data["facets"]["year"] if v["id"] != "none"}
    for year, count in years.items():
        assert f'<tr><th scope="row">{year}</th><td>{count}</td></tr>' in overview
    assert "<caption>Passages by theme</caption>" in overview
    event = client.get("/events/almaty-2010-seminar").get_data(as_text=True)
    assert "<caption>Passages by year</caption>" in event and "<caption>Passages by theme</caption>" in event
    assert client.get("/api/events/almaty-2010-seminar").get_json()["charts"][0]["title"] == "Passages by year"


def test_bar_labels_fit_the_room_left_of_the_bars():
    """The template cuts a label to 21 characters, right-aligned 8 units left of the bars: at the chart's
    12px DejaVu Sans (about 7.3 units a character at most for these labels) it must not run off the left
    edge, as 'UN Global Counter-Te…' did with 140 units of room."""
    from webapp import charts

    template = (Path(charts.__file__).parent / "templates" / "_charts.html").read_text(encoding="utf-8")
    cut = int(re.search(r"b\.label\|truncate\((\d+)", template).group(1))
    chart = bar_chart("Passages by theme", [("UN Global Counter-Terrorism Strategy", 2)])
    assert cut * 7.3 <= chart["left"] - 8
