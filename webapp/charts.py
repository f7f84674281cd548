"""Small charts as data: a speaker's timeline and bar charts of counts (by year, by theme).

Every number and coordinate is computed here; the templates (`_charts.html`) draw the SVG from it
and print the same rows as a table for screen readers. No JavaScript and no chart library.
"""
from __future__ import annotations

import math
from datetime import date

from indexer.search import IndexView, SearchRequest, run_search
from indexer.search.types import UNATTRIBUTED
from present.links import Links

ROLES = (("said", "Quoted"), ("reported", "Reported"), ("spoke", "Spoke"))
WIDTH = 640
LANE = 34  # height of one role's lane
LEFT = 78  # room for the lane labels
BAR = 18  # height of one bar
BAR_WIDTH = 460
BAR_LABEL = 170  # room for bar labels: 21 characters of 12px DejaVu Sans (~7.3px each) and the gap
MAX_BARS = 10


def speaker_timeline(view: IndexView, speaker_id: str, links: Links) -> dict:
    """Per event (dated by the event) and per year without an event: passages where the speaker is
    quoted, reported, or spoke. Counts come from role-filtered searches, so they agree with search."""
    points: dict[tuple, dict] = {}
    for role, _ in ROLES:
        found = run_search(view, SearchRequest(speaker=(speaker_id,), role=(role,), per_page=1))
        for value in found.facets.get("event", ()):
            if value.id == UNATTRIBUTED or not value.count:
                continue
            event = view.catalog.events.get(value.id)
            day = (event.start or event.end) if event else None
            key = (day.isoformat() if day else "", value.id)
            point = points.setdefault(key, _point(value.label, day, links.search([("speaker", speaker_id), ("event", value.id)])))
            point[role] += value.count
        loose = run_search(view, SearchRequest(speaker=(speaker_id,), role=(role,), event=(UNATTRIBUTED,), per_page=1))
        for value in loose.facets.get("year", ()):
            if value.id == UNATTRIBUTED or not value.count:
                continue
            day = date(int(value.id), 7, 1)
            key = (day.isoformat(), "year-" + value.id)
            url = links.search([("speaker", speaker_id), ("event", UNATTRIBUTED), ("year", value.id)])
            points.setdefault(key, _point(f"{value.id}, no event", day, url, year_only=True))[role] += value.count
    rows = [points[k] for k in sorted(points)]
    return _timeline_geometry(rows)


def _point(label: str, day: date | None, url: str, year_only: bool = False) -> dict:
    return {"label": label, "date": day.isoformat() if day else None, "year": day.year if day else None,
            "year_only": year_only, "url": url, **{role: 0 for role, _ in ROLES}}


def _timeline_geometry(rows: list[dict]) -> dict:
    """x by date (undated points at the right edge), one lane per role, circle area by count."""
    dated = [r for r in rows if r["date"]]
    first = min((r["year"] for r in dated), default=2000)
    last = max((r["year"] for r in dated), default=first) + 1
    span = max(last - first, 1)
    inner = WIDTH - LEFT - 24
    biggest = max((r[role] for r in rows for role, _ in ROLES), default=1) or 1

    def x_of(row: dict) -> float:
        if not row["date"]:
            return WIDTH - 12
        day = date.fromisoformat(row["date"])
        return round(LEFT + inner * ((day.year - first) + (day.timetuple().tm_yday - 1) / 366) / span, 1)

    marks = []
    for row in rows:
        for lane, (role, label) in enumerate(ROLES):
            if row[role]:
                marks.append({"x": x_of(row), "y": LANE * lane + LANE // 2 + 4, "r": round(3 + 9 * math.sqrt(row[role] / biggest), 1),
                              "role": role, "title": f"{row['label']}: {label.lower()} in {row[role]} passage{'s' if row[role] != 1 else ''}"})
    step = max(1, math.ceil(span / 8))
    ticks = [{"x": round(LEFT + inner * (year - first) / span, 1), "label": str(year)} for year in range(first, last + 1, step)]
    lanes = [{"y": LANE * i + LANE // 2 + 4, "label": label, "role": role} for i, (role, label) in enumerate(ROLES)]
    return {"rows": rows, "marks": marks, "ticks": ticks, "lanes": lanes, "width": WIDTH,
            "height": LANE * len(ROLES) + 26, "axis_y": LANE * len(ROLES) + 8, "left": LEFT}


def bar_chart(title: str, values: list[tuple[str, int]], sort_by_count: bool = True, limit: int = MAX_BARS) -> dict | None:
    """A horizontal bar chart of (label, count), the largest first (or in the given order); None when empty."""
    shown = [(label, count) for label, count in values if count]
    if sort_by_count:
        shown.sort(key=lambda v: -v[1])
    shown = shown[-limit:] if not sort_by_count else shown[:limit]
    if not shown:
        return None
    top = max(count for _, count in shown)
    room = BAR_WIDTH - BAR_LABEL - 40
    bars = [{"label": label, "count": count, "y": i * (BAR + 6), "width": max(1, round(room * count / top, 1)),
             "text_x": BAR_LABEL + max(1, round(room * count / top, 1)) + 6} for i, (label, count) in enumerate(shown)]
    return {"title": title, "bars": bars, "width": BAR_WIDTH, "height": len(bars) * (BAR + 6), "left": BAR_LABEL,
            "bar": BAR, "more": len([v for v in values if v[1]]) - len(shown)}


def count_charts(facets: dict) -> list[dict]:
    """Passages by year (in year order) and by theme (most first) from a search's facet lists."""
    years = sorted(((v["label"], v["count"]) for v in facets.get("year", []) if v["id"] != UNATTRIBUTED),
                   key=lambda v: v[0])
    themes = [(v["label"], v["count"]) for v in facets.get("theme", []) if v["id"] != UNATTRIBUTED]
    charts = [bar_chart("Passages by year", years, sort_by_count=False, limit=30), bar_chart("Passages by theme", themes)]
    return [c for c in charts if c]
