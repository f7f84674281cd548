"""The `verbatim` command line: one module per command, each thin over the library.

Only `serve` imports the web app; every other command runs without Flask.
"""
