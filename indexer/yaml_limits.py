"""A bound on YAML aliases, for every YAML file Verbatim reads (registries, front matter, gold files).

PyYAML shares an aliased value instead of copying it, so loading an alias bomb is cheap; anything
that then walks or prints the value (a front-matter `event: *i` turned into text) expands it
nine-fold per level, and a 464-byte Markdown file took 5.5 GB and a MemoryError. Real metadata
hardly uses aliases, so a small bound on their number and on what they expand to refuses a bomb
at the line of the alias, before anything is built from it.
"""
from __future__ import annotations

import yaml

MAX_ALIASES = 100
MAX_EXPANDED = 10_000  # values the aliases of one file may stand for, once expanded


class AliasLimit(yaml.composer.ComposerError):
    """Too many aliases, or aliases that expand to too much; problem_mark is the alias's place."""


def check_aliases(text: str, fast: bool = True) -> None:
    """Raise AliasLimit (a yaml.YAMLError, with line and column) when text's aliases pass the bounds.

    One pass over the parser's events (libyaml's when fast and installed), no objects built; texts
    without a `*` have no alias and are not parsed at all. Syntax errors raise yaml.YAMLError as
    loading would."""
    if "*" not in text:
        return
    loader = yaml.CSafeLoader if fast and yaml.__with_libyaml__ else yaml.SafeLoader
    sizes: dict[str, int] = {}  # anchor -> values its node stands for
    open_nodes: list[list] = []  # [anchor, values so far] per open collection
    aliases = expanded = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_nodes.append([event.anchor, 1])
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = open_nodes.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, sizes.get(event.anchor, 1)
            aliases += 1
            expanded += size
            if aliases > MAX_ALIASES or expanded > MAX_EXPANDED:
                limit = f"more than {MAX_ALIASES} aliases" if aliases > MAX_ALIASES else \
                    f"aliases standing for more than {MAX_EXPANDED} values"
                raise AliasLimit(None, None, f"{limit} (*{event.anchor}); write the values out instead",
                                 event.start_mark)
        else:
            continue
        if anchor:
            sizes[anchor] = size
        if open_nodes:
            open_nodes[-1][1] += size
