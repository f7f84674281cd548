"""The layers the README draws, checked over the source: which way imports point, and no cycles.

Every import in a module counts, at the top or inside a function: a cycle hidden in a function
is still a cycle a newcomer has to untangle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("indexer", "ingest", "present", "webapp", "cli", "bench")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module this one imports (a name imported from a package counts as its submodule when it is one)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _reaches(name: str, prefixes: tuple[str, ...]) -> list[str]:
    """Imports of `name` that fall under any of the prefixes (a package or one of its modules)."""
    return sorted(i for i in GRAPH[name] if any(i == p or i.startswith(p + ".") for p in prefixes))


def test_no_module_imports_itself_round_a_cycle():
    project = {n: {i for i in deps if i in GRAPH and i != n} for n, deps in GRAPH.items()}
    state: dict[str, int] = {}  # 1: on the path, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(project[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(project):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def _under(prefix: str) -> list[str]:
    return [n for n in MODULES if n == prefix or n.startswith(prefix + ".")]


# (modules, what they must not import, why)
LAYERS = [
    (["indexer.index_format", "indexer.paths", "indexer.accents"], ("indexer", "present", "webapp", "cli", "bench", "whoosh"),
     "leaves: every layer reads them"),
    (["indexer.columns_file"], ("indexer.search", "indexer.writer", "indexer.writer_pool", "indexer.build", "present",
                                "webapp", "cli", "bench", "whoosh"),
     "the columns file's layout reads and writes arrays: both sides use it, it uses neither"),
    ([n for n in _under("indexer") if not n.startswith("indexer.search")], ("indexer.search", "webapp", "cli", "flask"),
     "the pipeline and the writer know nothing of searching or of the faces"),
    (_under("indexer.search"), ("indexer.writer", "indexer.writer_pool", "indexer.build", "indexer.stages",
                                "webapp", "cli", "flask"),
     "the search side reads the on-disk format (indexer.index_format), never the writer"),
    (_under("indexer.attribution"), ("yaml", "whoosh", "flask", "indexer.metadata", "indexer.schema"),
     "attribution is text in, records out"),
    (_under("ingest"), ("indexer.search", "indexer.writer", "present", "webapp", "cli", "flask", "whoosh"),
     "`verbatim add` turns files into corpus texts: it knows nothing of the index or the faces"),
    (_under("present"), ("webapp", "cli", "flask", "whoosh", "indexer.writer", "indexer.build"),
     "the shapes every face shows are pure functions of the search side's records"),
    (_under("webapp"), ("cli", "whoosh"), "the web app asks the search side, never Whoosh nor the CLI"),
    ([n for n in _under("cli") if n != "cli.serve"], ("webapp", "flask"), "only `verbatim serve` loads the web app"),
    (_under("indexer") + _under("present") + _under("webapp") + [n for n in _under("cli") if n != "cli.add"], ("ingest", "httpx"),
     "fetching happens only in `verbatim add`, never while indexing, serving or searching"),
    (_under("ingest"), ("indexer.search", "indexer.writer", "indexer.build", "webapp", "cli", "flask", "whoosh"),
     "ingest writes corpus files; it reads them with the corpus reader and knows nothing of the index"),
]


@pytest.mark.parametrize("modules, forbidden, why", LAYERS, ids=[why for _, _, why in LAYERS])
def test_imports_point_one_way(modules, forbidden, why):
    assert modules, "the layer names no module: the test would check nothing"
    own = {m: [i for i in _reaches(m, forbidden) if not (i.startswith(m + ".") or i == m)] for m in modules}
    assert {m: found for m, found in own.items() if found} == {}


def test_the_graph_sees_the_imports_it_checks():
    """A parser that found nothing would pass every test above."""
    assert "indexer.index_format" in GRAPH["indexer.search.view"]
    assert "webapp.app" in GRAPH["cli.serve"] or "webapp" in GRAPH["cli.serve"]
    assert "indexer.writer_pool" in GRAPH["indexer.writer"]
