"""One error shape and one handler: domain errors become status codes, then JSON or an HTML page.

The API always answers `{"error": {"message": str}}`; pages show the same message in the layout.
Domain code raises its own exceptions (BadRequest, NotFound, NoIndex); nothing here guesses.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.integrity import IndexDamaged
from indexer.search import BadRequest, NoIndex

log = logging.getLogger(__name__)


class NotFound(LookupError):
    """An id that is not in the index (passage, document, speaker, event, theme)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def status_and_message(exc: Exception) -> tuple[int, str]:
    """Map an exception to (HTTP status, message for the reader)."""
    if isinstance(exc, BadRequest):
        return 400, exc.message
    if isinstance(exc, NotFound):
        return 404, exc.message
    if isinstance(exc, NoIndex):
        return 503, "the index has not been built yet; run `verbatim index` (or `verbatim serve`) first"
    if isinstance(exc, IndexDamaged):
        log.error("damaged index on %s: %s", request.path, exc)
        return 503, f"the index is damaged: {exc}"
    if isinstance(exc, HTTPException):
        return exc.code or 500, exc.description or exc.name
    log.exception("unhandled error on %s", request.path)
    return 500, "internal error; the server log has the details"


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.blueprint == "api"


def handle_error(exc: Exception):
    """The one error handler: JSON for /api, an HTML page elsewhere, same status and message."""
    status, message = status_and_message(exc)
    if wants_json():
        response = jsonify({"error": {"message": message}})
    else:
        response = render_template("error.html", status=status, message=message, json_url=None)
    headers = {"Retry-After": "5"} if status == 503 else {}
    if isinstance(exc, HTTPException) and status == 405:
        headers["Allow"] = ", ".join(exc.valid_methods or ("GET", "HEAD"))  # type: ignore[attr-defined]
    return response, status, headers


def register(app: Flask) -> None:
    app.register_error_handler(Exception, handle_error)
