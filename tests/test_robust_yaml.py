"""YAML alias bombs are refused with the file and line, in front matter and in every registry.

The finding: a 464-byte Markdown file whose front matter said `event: *i` (nine aliases per level)
ran the build 55 s to 5.5 GB and ended in a raw MemoryError traceback; --keep-going did not help.
"""
from __future__ import annotations

import pytest

from indexer.build import BuildError, build_index
from indexer.corpus import CorpusError, list_corpus, read_document
from indexer.yaml_limits import MAX_ALIASES, AliasLimit, check_aliases
from serving import verbatim, write_site


def bomb(levels: int = 9, indent: str = "") -> str:
    """The billion-laughs shape: each anchor a list of nine aliases of the previous one."""
    lines = [f'{indent}a: &a ["lol"]']
    for level in range(1, levels):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{indent}{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BOMB_MD = "---\ntitle: Harmless\n" + bomb() + "event: *i\n---\nBody text of the report.\n"
GOOD = {"alpha.txt": "Meeting in Dushanbe\n\nThe ministers agreed on border cooperation.\n"}


def test_a_few_aliases_still_load():
    check_aliases("base: &b {city: Dushanbe}\none: *b\ntwo: *b\n")


@pytest.mark.parametrize("fast", [True, False])
def test_bomb_is_refused_at_the_alias_line(fast):
    with pytest.raises(AliasLimit) as info:
        check_aliases(bomb(), fast)
    assert info.value.problem_mark.line + 1 == 5  # level e: its aliases pass 10,000 values
    assert "aliases standing for more than" in info.value.problem


def test_many_plain_aliases_are_refused():
    text = "x: &x 1\nitems:\n" + "".join("  - *x\n" for _ in range(MAX_ALIASES + 1))
    with pytest.raises(AliasLimit) as info:
        check_aliases(text)
    assert info.value.problem_mark.line + 1 == 3 + MAX_ALIASES
    assert f"more than {MAX_ALIASES} aliases" in info.value.problem


def test_front_matter_bomb_is_a_corpus_error_naming_the_line(tmp_path):
    (tmp_path / "bomb.md").write_text(BOMB_MD, encoding="utf-8")
    (source,) = list_corpus(tmp_path)
    with pytest.raises(CorpusError) as info:
        read_document(source, None)
    assert str(info.value).startswith("bomb.md: front matter is refused at line 7, column ")


def test_build_stops_on_a_front_matter_bomb_and_keep_going_skips_it(tmp_path):
    corpus, metadata, index = write_site(tmp_path, {**GOOD, "bomb.md": BOMB_MD})
    with pytest.raises(BuildError) as info:
        build_index(corpus, metadata, index)
    assert "bomb.md: front matter is refused at line 7" in str(info.value)
    summary = build_index(corpus, metadata, index, keep_going=True)
    assert summary.documents == 1
    assert any(p.startswith("bomb.md: front matter is refused at line 7") for p in summary.problems)


@pytest.mark.parametrize("registry", ["speakers", "events", "documents", "themes", "organizations"])
def test_registry_bomb_is_a_problem_with_path_and_line(tmp_path, registry):
    text = "- id: x\n" + bomb(indent="  ")
    corpus, metadata, _ = write_site(tmp_path, GOOD, {registry: text})
    run = verbatim("validate", "--corpus", str(corpus), "--metadata", str(metadata))
    assert run.code != 0
    shown = "\n".join(run.out + run.err)
    assert f"{registry}.yaml:6:" in shown and "aliases standing for more than" in shown, shown
    assert "MemoryError" not in shown and "Traceback" not in shown


def test_validate_names_the_front_matter_bomb(tmp_path):
    corpus, metadata, _ = write_site(tmp_path, {**GOOD, "bomb.md": BOMB_MD})
    run = verbatim("validate", "--corpus", str(corpus), "--metadata", str(metadata))
    shown = "\n".join(run.out + run.err)
    assert run.code != 0 and "bomb.md" in shown and "front matter is refused at line 7" in shown, shown
