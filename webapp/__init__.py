"""Verbatim's faces: the Flask web app and JSON API, and the `verbatim` command line.

`create_app` is imported lazily so the command line starts without loading Flask.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> "Flask":
    """The Flask app (see webapp/app.py); `flask --app webapp run` finds it here."""
    from webapp.app import create_app as factory

    return factory(test_config)
