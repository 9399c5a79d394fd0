"""YAML only through safe loading; no pickle; exec only where the compiler builds its function."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "rectilaw"


def sources() -> list[tuple[Path, str]]:
    return [(p, p.read_text("utf-8")) for p in sorted(SRC.rglob("*.py"))]


def test_no_pickle_or_marshal() -> None:
    for path, text in sources():
        unsafe = re.search(r"^\s*(import|from)\s+(pickle|marshal|shelve|dill)\b", text, re.M)
        assert not unsafe, path


def test_yaml_is_only_loaded_safely() -> None:
    for path, text in sources():
        for match in re.finditer(r"yaml\.(\w+)\(", text):
            call = match.group(1)
            assert call not in ("unsafe_load", "full_load", "load_all", "unsafe_load_all"), path
            if call == "load":
                line = text[match.start():text.index("\n", match.start())]
                assert "Loader=" in line and "Unsafe" not in line and "FullLoader" not in line, (
                    path, line)


def test_exec_and_eval_only_in_the_compiler() -> None:
    for path, text in sources():
        if re.search(r"(?<![\w.])(exec|eval)\(", text):
            assert path.name == "compiler.py" and path.parent.name == "engine", path
