"""`verbatim propose`: events and speakers found in text, as registry YAML that validates as it is."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from indexer.metadata import load_registry
from indexer.search import open_index
from serving import verbatim

ROOT = Path(__file__).resolve().parents[1]
RELEASE = (
    "Border chiefs meet in Osh\n\n"
    "OSH, Kyrgyzstan, 3 June 2014 - A two-day meeting of the GUAM border chiefs which started in Osh today "
    "will focus on patrols.\n\n"
    '"Patrols work," said Ambassador Ivar Vikki, Head of the Border Office of Narnia. '
    '"They save lives," Vikki added.\n'
)


def paste(proposed: str, metadata: Path) -> None:
    """Append each proposed list to the registry file its heading names, as a curator would."""
    for part in re.split(r"(?m)^# metadata/", proposed)[1:]:
        name, body = part.split("\n", 1)
        with open(metadata / name, "a", encoding="utf-8") as handle:
            handle.write("\n" + body)


def test_proposals_validate_as_they_are_and_leave_nothing_to_propose(tmp_path):
    corpus, metadata, index = tmp_path / "corpus", tmp_path / "metadata", tmp_path / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copytree(ROOT / "metadata", metadata)
    (metadata / "documents.yaml").unlink()
    (metadata / "events.yaml").unlink()
    (corpus / "osh-border.txt").write_text(RELEASE, encoding="utf-8")
    folders = ("--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index))
    assert verbatim("index", *folders).code == 0
    run = verbatim("propose", *folders)
    assert run.code == 0
    proposed = "\n".join(run.out)
    lists = {name: yaml.safe_load(body) for name, body in
             (part.split("\n", 1) for part in re.split(r"(?m)^# metadata/", proposed)[1:])}
    osh = next(e for e in lists["events.yaml"] if e["city"] == "Osh")
    assert osh == {"id": "osh-2014-two-day-meeting-guam-border", "name": "Two-day meeting of the GUAM border chiefs",
                   "city": "Osh", "country": "Kyrgyzstan", "start": osh["start"], "end": osh["end"]}
    assert (str(osh["start"]), str(osh["end"])) == ("2014-06-03", "2014-06-04")
    vikki = next(s for s in lists["speakers.yaml"] if s["id"] == "ivar-vikki")
    assert vikki["aliases"] == ["Vikki"]
    assert [(r["role"], str(r["from"]), str(r["to"])) for r in vikki["roles"]] == [
        ("Head of the Border Office of Narnia", "2014-06-03", "2014-06-03")
    ]
    paste(proposed, metadata)
    checked = verbatim("validate", "--corpus", str(corpus), "--metadata", str(metadata))
    assert checked.code == 0, checked.out
    registry = load_registry(metadata)
    assert {e["id"] for e in lists["events.yaml"]} <= {e.id for e in registry.events}
    assert verbatim("index", *folders).code == 0
    catalog = open_index(index).catalog
    assert not any(e.discovered for e in catalog.events.values())  # every text now links to a registered event
    assert not any(s.discovered for s in catalog.speakers.values())
    assert verbatim("propose", *folders).out == [
        "# nothing to propose: every event and speaker of the index is in the registry"
    ]
