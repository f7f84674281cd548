"""Errors the search side raises; the web app and the CLI map them to a status code or a message."""
from __future__ import annotations


class NoIndex(Exception):
    """There is no index generation to search yet (run `verbatim index`)."""


class BadRequest(ValueError):
    """A search parameter has an invalid value (not the query text: any q is accepted)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
