"""Running ``rectilaw`` in-process and comparing what it prints with recorded files.

A golden file holds the command line, the exit code, standard output and
standard error.  After an intended change, re-record every golden file with::

    UPDATE_GOLDEN=1 pytest tests/cli
"""

from __future__ import annotations

import io
import os
import shlex
import sys
from pathlib import Path

import attrs
import pytest

from rectilaw.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))


@attrs.frozen
class Run:
    """What one run of ``rectilaw`` did."""

    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def render(self) -> str:
        return (f"$ rectilaw {shlex.join(self.argv)}\n[exit {self.code}]\n"
                f"[stdout]\n{self.out}[stderr]\n{self.err}")


def run(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        stdin: str | None = None) -> Run:
    """``rectilaw argv`` from the repository root, standard input given by ``stdin``."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
    capsys.readouterr()
    code = main(argv)
    captured = capsys.readouterr()
    return Run(tuple(argv), code, captured.out, captured.err)


def compare(path: Path, actual: str) -> None:
    """Fail unless ``path`` holds ``actual``; with UPDATE_GOLDEN set, record it instead."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no golden file {path.relative_to(ROOT)}: record it with "
                    "UPDATE_GOLDEN=1 pytest tests/cli")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.relative_to(ROOT)} differs; if the change is intended, re-record with "
        "UPDATE_GOLDEN=1 pytest tests/cli"
    )
