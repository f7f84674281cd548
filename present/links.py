"""URLs of the app's pages and API, built without Flask so presenters stay pure functions.

Ids are quoted into paths and query strings, never joined to file paths; `root` is the
application's script root ("" when mounted at /), `host` its absolute origin for permalinks.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class Links:
    root: str = ""  # e.g. "" or "/verbatim"
    host: str = "http://localhost"  # scheme://host[:port], no trailing slash
    document_window: int = 200  # passages per page of a document page

    def _path(self, *parts: str) -> str:
        return self.root + "/" + "/".join(quote(p, safe="") for p in parts)

    def passage(self, passage_id: str) -> str:
        return self._path("passages", passage_id)

    def permalink(self, passage_id: str) -> str:
        return self.host + self.passage(passage_id)

    def excerpt(self, passage_id: str, start: int | None = None, end: int | None = None) -> str:
        """The passage's path, of its text[start:end] when start is given."""
        return self.passage(passage_id) + ("" if start is None else f"?start={start}&end={end}")

    def document_page(self, ordinal: int) -> int:
        """The page of a document page that holds its passage number `ordinal` (0-based)."""
        return ordinal // self.document_window + 1

    def in_document(self, document_id: str, passage_id: str, ordinal: int = 0) -> str:
        """The passage's anchor on the page of its document that holds it."""
        page = self.document_page(ordinal)
        query = f"?page={page}" if page > 1 else ""
        return self._path("documents", document_id) + query + "#p-" + quote(passage_id, safe="")

    def document(self, document_id: str) -> str:
        return self._path("documents", document_id)

    def speaker(self, speaker_id: str) -> str:
        return self._path("speakers", speaker_id)

    def event(self, event_id: str) -> str:
        return self._path("events", event_id)

    def theme(self, theme_id: str) -> str:
        return self._path("themes", theme_id)

    def search(self, params: list[tuple[str, str]] | None = None, api: bool = False) -> str:
        base = self.root + ("/api/search" if api else "/")
        return base + ("?" + urlencode(params) if params else "")

    def page(self, *parts: str, params: list[tuple[str, str]] | None = None) -> str:
        """Any page or API path with a query string (e.g. a page of the speakers list)."""
        return self._path(*parts) + ("?" + urlencode(params) if params else "")

    def api(self, *parts: str) -> str:
        return self._path("api", *parts)
