"""Metadata loading and name lookup: the shipped registries, the tiny registry, Lookup's matching."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.lookup import Lookup, fold, name_keys
from indexer.metadata import MetadataError, check_registry, load_registry
from indexer.models import Event, Registry, Role, Speaker

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "metadata"

# The theme vocabulary of the development set's gold files, as hyphenated ids (metadata/themes.yaml).
DEVSET_THEMES = (
    "terrorism", "violent-extremism", "radicalization", "terrorist-financing", "money-laundering",
    "drug-trafficking", "organized-crime", "human-trafficking", "arms-trafficking", "border-security",
    "cyber-security", "foreign-terrorist-fighters", "youth", "women-and-gender", "human-rights",
    "rule-of-law", "water-and-energy", "afghanistan", "nuclear-security", "regional-cooperation",
    "public-private-partnership", "prisons",
)


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load_registry(SHIPPED)


@pytest.fixture(scope="module")
def lookup(shipped: Registry) -> Lookup:
    return Lookup.from_registry(shipped)


def test_missing_metadata_folder_is_an_empty_registry(tmp_path):
    assert load_registry(tmp_path / "nowhere") == Registry()


def test_tiny_registry_records_are_read_whole(tiny_metadata_dir):
    registry = load_registry(tiny_metadata_dir)
    weiss = next(s for s in registry.speakers if s.id == "jurgen-weiss")
    assert weiss == Speaker(
        id="jurgen-weiss",
        name="Jürgen Weiß",
        kind="person",
        aliases=("Weiß", "Weiss", "Juergen Weiss", "Ambassador Weiß"),
        roles=(Role(role="Head of the OSCE Centre in Almaty", organization="osce", start=date(2010, 10, 12)),),
    )
    # "4 March 2011" in YAML is read like an ISO date.
    assert registry.events[1] == Event(
        id="bishkek-2011-round-table",
        name="Round table on youth and prisons",
        short_name="Bishkek round table 2011",
        city="Bishkek",
        country="Kyrgyzstan",
        start=date(2011, 3, 4),
        end=date(2011, 3, 5),
        organizers=("osce", "eu"),
    )


def test_shipped_registry_describes_every_bundled_document(shipped):
    files = sorted(p.name for p in (ROOT / "corpus").iterdir() if p.suffix in (".txt", ".md"))
    assert sorted(d.file for d in shipped.documents) == files
    events = {e.id for e in shipped.events}
    assert all(d.event in events and d.published and d.publisher and d.title for d in shipped.documents)


def test_shipped_themes_include_the_devset_vocabulary(shipped):
    ids = [t.id for t in shipped.themes]
    assert set(DEVSET_THEMES) <= set(ids)
    assert 15 <= len(ids) <= 30
    assert all(t.label and t.description and t.terms for t in shipped.themes)


def test_shipped_speakers_have_roles_with_known_organizations(shipped):
    orgs = {o.id for o in shipped.organizations}
    persons = [s for s in shipped.speakers if s.kind == "person"]
    assert persons and all(s.roles for s in persons)
    assert all(r.organization in orgs for s in shipped.speakers for r in s.roles)


@pytest.mark.parametrize(
    ("name", "speaker_id"),
    [
        ("Miroslav Lajčák", "miroslav-lajcak"),
        ("Lajcak", "miroslav-lajcak"),
        ("LAJČÁK", "miroslav-lajcak"),
        ("Mr. Lajcak", "miroslav-lajcak"),
        ("H.E. Mr. Miroslav Lajčák", "miroslav-lajcak"),
        ("Foreign Minister Lajčák", "miroslav-lajcak"),
        ("Lajčák’s", "miroslav-lajcak"),
        ("Marcel Peṧko", "marcel-pesko"),  # the Dushanbe release's spelling
        ("Marcel Peško", "marcel-pesko"),
        ("Mr. Vladimir Voronkov", "vladimir-voronkov"),
        ("Under-Secretary-General Voronkov", "vladimir-voronkov"),
        ("Ms Ashita Mittal", "ashita-mittal"),
        ("Antonio Guterres", "antonio-guterres"),
        ("Emomali Rahmonov", "emomali-rahmon"),
        ("Ambassador  Natalia\u00a0Gherman", "natalia-gherman"),
        ("Participants", "conference-participants"),
        ("the participants", "conference-participants"),
        ("Vice-President of the European Commission Ms. Federica Mogherini", "federica-mogherini"),
        ("Head of the UN Regional Centre for Preventive Diplomacy for Central Asia Natalia Gherman", "natalia-gherman"),
        ("Representatives of the Central Asian states", "central-asian-states"),
        ("heads of delegations", None),  # a trailing word is tried only when it starts with a capital
        ("Secretary-General", None),  # a role, never an alias: it names someone else in another year
        ("Ashita", None),
        ("", None),
    ],
)
def test_speaker_lookup_ignores_case_accents_and_honorifics(lookup, name, speaker_id):
    found = lookup.speaker(name)
    assert (found.id if found else None) == speaker_id


@pytest.mark.parametrize(
    ("name", "org_id"),
    [
        ("OSCE", "osce"),
        ("Organisation for Security and Cooperation in Europe", "osce"),
        ("the United Nations", "un"),
        ("UN Office of Counter-Terrorism", "unoct"),
        ("UNOCT", "unoct"),
        ("INTERPOL", "interpol"),
        ("the OSCE’s", "osce"),
        ("Shanghai Cooperation Organisation", "sco"),
        ("United Nations Office on Drugs and Crime", "unodc"),
        ("NATO", None),
    ],
)
def test_organization_lookup_by_name_or_acronym(lookup, name, org_id):
    found = lookup.organization(name)
    assert (found.id if found else None) == org_id


def test_event_lookup_is_by_id(lookup):
    assert lookup.event("dushanbe-2019").city == "Dushanbe"
    assert lookup.event("Dushanbe conference 2019") is None


def test_name_keys_fold_accents_dots_and_titles():
    assert fold("H.E. Mr. Miroslav  LAJČÁK") == "he mr miroslav lajcak"
    assert name_keys("H.E. Ambassador Ivar Vikki") == ("he ambassador ivar vikki", "ivar vikki")
    assert name_keys("Ambassador") == ("ambassador",)  # a bare title stays a name


def test_yaml_syntax_error_is_chained_and_located(tmp_path):
    (tmp_path / "speakers.yaml").write_text("- id: a\n  name: A\n  aliases: [B\n", encoding="utf-8")
    with pytest.raises(MetadataError) as caught:
        load_registry(tmp_path)
    assert isinstance(caught.value.__cause__, yaml.YAMLError)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{tmp_path / 'speakers.yaml'}:4: invalid YAML at column 1: ")


def test_every_problem_is_reported_at_once(tmp_path):
    (tmp_path / "events.yaml").write_text("- id: e\n  name: E\n  start: soon\n", encoding="utf-8")
    (tmp_path / "themes.yaml").write_text("- id: Bad Id\n  label: X\n", encoding="utf-8")
    with pytest.raises(MetadataError) as caught:
        load_registry(tmp_path)
    assert caught.value.problems == (
        f"{tmp_path / 'events.yaml'}:3: start 'soon' is not a date (write 2017-11-10 or 10 November 2017)",
        f"{tmp_path / 'themes.yaml'}:1: id 'Bad Id' must be lowercase letters, digits and hyphens",
    )


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.dates())
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
_entries = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "name", "aliases", "roles", "file", "event", "start", "end", "organizers",
                         "terms", "label", "kind", "acronyms", "from", "to", "published", "x"]),
        _values,
        max_size=6,
    ),
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(["speakers", "events", "documents", "organizations", "themes"]), data=st.one_of(_entries, _values))
def test_any_yaml_gives_problems_never_a_crash(name, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        registry, problems, _ = check_registry(Path(folder))
    assert all(str(p).startswith(f"{path}:") and p.line >= 1 for p in problems)
    assert isinstance(registry, Registry)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_gives_problems_never_a_crash(text):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "speakers.yaml").write_text(text, encoding="utf-8")
        _, problems, _ = check_registry(Path(folder))
    assert all(p.line >= 1 for p in problems)


@pytest.mark.parametrize(
    ("name", "speaker_id"),
    [
        ("Jürgen Weiß", "jurgen-weiss"),
        ("Juergen Weiss", "jurgen-weiss"),
        ("Ambassador Weiss", "jurgen-weiss"),
        ("Deputy Minister Aigerim Žumabekova", "aigerim-zhumabekova"),
        ("AIGERIM ZHUMABEKOVA", "aigerim-zhumabekova"),
        ("Айгерим Жумабекова", "aigerim-zhumabekova"),
        ("Participants of the round table", "round-table-participants"),
        ("Zoë Öztürk", None),  # not registered: annotation lists her as discovered
    ],
)
def test_tiny_registry_lookup(tiny_metadata_dir, name, speaker_id):
    found = Lookup.from_registry(load_registry(tiny_metadata_dir)).speaker(name)
    assert (found.id if found else None) == speaker_id


def test_a_large_registry_is_parsed_apart_and_comes_back_whole(tiny_metadata_dir):
    """apart_bytes=0 takes the path a large archive's registry takes: parsed in a child process."""
    assert load_registry(tiny_metadata_dir, apart_bytes=0) == load_registry(tiny_metadata_dir)


def test_problems_found_apart_are_the_same_problems(tmp_path):
    (tmp_path / "events.yaml").write_text("- id: e\n  name: E\n  start: soon\n", encoding="utf-8")
    with pytest.raises(MetadataError) as here:
        load_registry(tmp_path)
    with pytest.raises(MetadataError) as apart:
        load_registry(tmp_path, apart_bytes=0)
    assert apart.value.problems == here.value.problems == (
        f"{tmp_path / 'events.yaml'}:3: start 'soon' is not a date (write 2017-11-10 or 10 November 2017)",
    )
