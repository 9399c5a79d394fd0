"""Fixtures of the ledger tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import rectilaw

from .sample import HEADERS, ledger_rows, write_csv


@pytest.fixture(scope="session")
def sasac() -> rectilaw.Policy:
    return rectilaw.load_policy("sasac")


@pytest.fixture
def ledger_csv(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: Sequence[Sequence[Any]] | None = None, headers: Sequence[str] = HEADERS,
             name: str = "ledger.csv", title: str | None = None) -> Path:
        return write_csv(tmp_path / name, headers, ledger_rows() if rows is None else rows,
                         title)

    return make


@pytest.fixture(params=["calamine", "openpyxl"])
def xlsx_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each spreadsheet test twice: with python-calamine (where installed) and with openpyxl,
    which must read the same rows."""
    from rectilaw.ledger import spreadsheets

    if request.param == "calamine" and not spreadsheets.have_calamine():
        pytest.skip("python-calamine is not installed")
    if request.param == "openpyxl":
        monkeypatch.setattr(spreadsheets, "have_calamine", lambda: False)
    return str(request.param)
