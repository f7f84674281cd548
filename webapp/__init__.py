"""Verbatim's faces: the Flask web app and JSON API, and the `verbatim` command line."""
