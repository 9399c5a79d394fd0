"""Fixtures of the command-line tests: the golden directory stands in for the built-ins."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import rectilaw.cli.inputs
import rectilaw.policies

BUILTIN = Path(__file__).resolve().parents[1] / "golden" / "builtin"


@pytest.fixture
def fixture_builtins(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make ``tests/golden/builtin`` the built-in policies, so outputs do not follow edits
    to the real ones."""
    monkeypatch.setattr(rectilaw.policies, "rules_directory", lambda: BUILTIN)
    return BUILTIN


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    """Today in Asia/Shanghai is 2024-06-01."""
    day = datetime.date(2024, 6, 1)
    monkeypatch.setattr(rectilaw.cli.inputs, "current_date", lambda: day)
    return day
