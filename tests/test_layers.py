"""The package's layers: every import goes down, so no two parts depend on each other.

Each part of ``rectilaw`` (a subpackage or a top-level module) sits in one
layer; a module may import from parts of lower layers only (its own part
aside).  Imports inside functions count as much as those at the top of a
module (they are dependencies all the same, only later); imports under
``if TYPE_CHECKING:`` do not, since they name a type for annotations and run
nothing.  A part that is not listed fails the test, so a new package is placed
on purpose.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import rectilaw

SRC = Path(rectilaw.__file__).parent

#: The layers, lowest first.  The engine evaluates; loading, the answerers and the analyses
#: stand on it; the ledger on those; the package's face (``rectilaw``) and the tools on top.
LAYERS: tuple[frozenset[str], ...] = tuple(frozenset(layer) for layer in (
    {"errors"},  # the errors' common base, RectilawError, below everything that raises one
    {"_version", "_extras", "_dates", "schema", "values", "calendar", "periods", "policies",
     "lexer"},
    {"findings", "dsl"},
    {"engine"},
    {"loader", "mutation", "invariants", "report", "worked_examples"},
    {"analysis", "sql"},
    {"testing", "ledger"},
    {""},  # rectilaw/__init__.py: the public API
    {"sphinx"},
    {"lsp"},  # the language server: on the readings, under the command that starts it
    {"cli", "pytest_plugin"},
    {"__main__"},  # python -m rectilaw: the command line
))
LEVEL = {part: level for level, layer in enumerate(LAYERS) for part in layer}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def part(module: str) -> str:
    """The part a module belongs to: ``rectilaw.engine.policy`` → ``engine``."""
    names = module.split(".")
    return names[1] if len(names) > 1 else ""


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """Each rectilaw module ``path`` imports (line, name), those for type checking aside."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {id(node) for guard in ast.walk(tree)
                   if isinstance(guard, ast.If) and "TYPE_CHECKING" in ast.unparse(guard.test)
                   for statement in guard.body for node in ast.walk(statement)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.split(".")[0] == "rectilaw":
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                yield node.lineno, inner if inner in MODULES else node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "rectilaw":
                    yield node.lineno, alias.name


def test_every_part_has_a_layer() -> None:
    unplaced = sorted({part(m) for m in MODULES} - set(LEVEL))
    assert not unplaced, f"place these parts of rectilaw in LAYERS: {unplaced}"


def test_every_import_goes_down_a_layer() -> None:
    upward = []
    for module, path in MODULES.items():
        here = part(module)
        for line, name in imports(path):
            there = part(name)
            if there != here and LEVEL.get(there, -1) >= LEVEL.get(here, -1):
                upward.append(f"{path.relative_to(SRC.parent)}:{line}: {module} imports {name} "
                              f"(layer {LEVEL.get(here)} imports layer {LEVEL.get(there)})")
    assert not upward, "\n".join(upward)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The scan finds imports inside functions and skips those for type checking alone."""
    sample = tmp_path / "sample.py"
    sample.write_text("from typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    from rectilaw.ledger import LedgerResult\n"
                      "def later():\n    from rectilaw.ledger import evaluate_ledger\n"
                      "import rectilaw.cli\n", "utf-8")
    assert sorted(imports(sample)) == [(5, "rectilaw.ledger"), (6, "rectilaw.cli")]
