"""What the formatter tests compare: a rule file's meaning, its comments, a golden file.

Re-record the golden files of ``tests/golden/fmt`` after an intended change with::

    UPDATE_GOLDEN=1 pytest tests/dsl/test_formatter.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import attrs
import pytest

from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.errors import PolicyError

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"


def meaning(text: str) -> object:
    """What a rule file means: its checked model without places, or the problems found."""
    try:
        model = check(parse(text))
    except PolicyError as error:
        return [(d.code, d.message) for d in error.diagnostics]
    warnings = [(w.code, w.message) for w in model.warnings]
    return attrs.evolve(model, warnings=()), warnings


def comments(text: str) -> list[str]:
    """Every comment of a rule file, several on one line counted apart."""
    found = []
    for comment in parse(text).comments:
        found.extend(re.split(r"  (?=#)", comment.text))
    return sorted(found)


def compare(path: Path, actual: str) -> None:
    """Fail unless ``path`` holds ``actual``; with UPDATE_GOLDEN set, record it instead."""
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no golden file {path.relative_to(ROOT)}: record it with "
                    "UPDATE_GOLDEN=1 pytest tests/dsl/test_formatter.py")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.relative_to(ROOT)} differs; if the change is intended, re-record with "
        "UPDATE_GOLDEN=1 pytest tests/dsl/test_formatter.py"
    )
