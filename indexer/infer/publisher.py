"""Who issued a text, where the text says it: the agency of the dateline ("(UPI)", "/TASS/",
"KAZINFORM -"), a credit line at the end ("/By Trend/", "Source: Xinhua"), or a lead that opens
with its source ("Turkmenistan.ru: An international seminar …")."""
from __future__ import annotations

import re

from indexer.infer.records import Dateline

_CREDIT = re.compile(r"(?:^|\n)\s*(?:/\s*By\s+(?P<a>[A-Z][\w.&' -]{1,40}?)\s*/|(?:Source|Credit)s?:\s*(?P<b>[A-Z][\w.&' -]{1,40}))\s*$")
_SOURCE_LEAD = re.compile(r"(?:^|\n\s*\n)(?P<c>[A-Z][\w-]*\.(?:ru|com|kz|kg|uz|tj|tm|az|am|org|net|info)):\s")


def infer_publisher(text: str, dateline: Dateline | None) -> str | None:
    """The publisher the text names, or None."""
    if dateline and dateline.agency:
        return dateline.agency
    credit = _CREDIT.search(text.rstrip()[-200:])
    if credit:
        return (credit.group("a") or credit.group("b")).strip()
    lead = _SOURCE_LEAD.search(text[:1500])
    return lead.group("c") if lead else None
