"""`verbatim propose`: the events and speakers the index found in text, as registry YAML to paste.

Example:
  verbatim index && verbatim propose > proposals.yaml
"""
from __future__ import annotations

import argparse

import yaml

from cli.common import add_path_options, paths_from
from cli.errors import DOMAIN_ERRORS, failure
from indexer.metadata import load_registry
from indexer.metadata_yaml import event_entry, organization_entry, speaker_entry
from indexer.models import Registry
from indexer.search import open_index
from indexer.search.proposals import Proposals, proposals

def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `verbatim propose` to the command line."""
    parser = subparsers.add_parser(
        "propose",
        help="print events and speakers found in text as registry YAML",
        description="Print the events and speakers the current index found in the text but the registry lacks,\n"
        "one YAML list per registry file (events.yaml, organizations.yaml, speakers.yaml), each after a\n"
        "'# metadata/<file>' line: append each list to its file and `verbatim validate` accepts it.\n\n"
        "Example:\n  verbatim index && verbatim propose",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_path_options(parser)
    parser.set_defaults(func=run)


def render(found: Proposals) -> str:
    """The three YAML lists, each headed by the file it belongs to; an empty list is left out."""
    parts = []
    for name, entries in (("events", [event_entry(e) for e in found.events]),
                          ("organizations", [organization_entry(o) for o in found.organizations]),
                          ("speakers", [speaker_entry(s) for s in found.speakers])):
        if entries:
            body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
            parts.append(f"# metadata/{name}.yaml\n{body}")
    return "\n".join(parts)


def run(args: argparse.Namespace) -> int:
    """Print the proposals of the current index, or say there are none."""
    paths = paths_from(args)
    try:
        registry = load_registry(paths.metadata) if paths.metadata.is_dir() else Registry()
        found = proposals(open_index(paths.index), registry)
    except DOMAIN_ERRORS as exc:
        return failure(exc, index=paths.index)
    text = render(found)
    print(text if text else "# nothing to propose: every event and speaker of the index is in the registry")
    return 0
