"""Number and table formatting shared by the report's modules."""
from __future__ import annotations


def table(head: str, rows: list[str]) -> str:
    return head + "\n".join(rows) + "\n" if rows else "Not measured in these runs.\n"


def num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}" if value >= 10 else f"{value:.{digits + 1}f}"


def lat(entry: dict | None) -> str:
    return "–" if not entry else f"{num(entry['median'])} / {num(entry['p95'])} / {num(entry['p99'])}"


def rate(build: dict | None) -> float | None:
    return build["passages"] / build["seconds"] if build else None
