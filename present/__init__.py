"""What every face shows the same way: the Passage shape (`passage.py`), its citations, its links.

Pure functions over the search side's records, without Flask, so the web app, the JSON API and the
command line build one shape from one definition.
"""
