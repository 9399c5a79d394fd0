"""Golden tests of rule-file error messages: every bad file gives a readable, located error.

Re-record with ``UPDATE_GOLDEN=1 pytest tests/dsl/test_error_golden.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rectilaw import PolicyError
from rectilaw.loader import policy_from_text

GOLDEN = Path(__file__).parent.parent / "golden" / "errors"
CASES = sorted(GOLDEN.glob("*.rules"))


def render(path: Path) -> str:
    name = f"tests/golden/errors/{path.name}"
    try:
        policy_from_text(path.read_text("utf-8"), filename=name)
    except PolicyError as error:
        return str(error) + "\n"
    return "(no error)\n"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_error_message_matches_golden(path: Path) -> None:
    actual = render(path)
    expected_path = path.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, "utf-8")
    assert expected_path.exists(), f"record it: UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == expected_path.read_text("utf-8")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_error_is_located(path: Path) -> None:
    try:
        policy_from_text(path.read_text("utf-8"), filename=path.name)
    except PolicyError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            if diagnostic.code != "missing-status":
                assert diagnostic.span is not None, diagnostic
                assert str(error).startswith(f"{path.name}:")
    else:
        pytest.fail("the file should not load")
