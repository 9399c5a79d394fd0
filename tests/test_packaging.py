"""The wheel ships the built-in rule files: `load_policy("sasac")` works from it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    return next(out.glob("rectilaw-*.whl"))


def test_wheel_holds_the_rule_files_grammar_and_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for policy in sorted((ROOT / "policies").glob("*.rules")):
        assert f"rectilaw/policies/rules/{policy.name}" in names
    assert "rectilaw/dsl/grammar.lark" in names
    assert "rectilaw/py.typed" in names


def test_builtin_policy_loads_from_the_wheel(wheel: Path) -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import datetime, rectilaw; "
        "assert rectilaw.__file__.startswith(sys.argv[1]), rectilaw.__file__; "
        "p = rectilaw.load_policy('sasac'); "
        "print(p.evaluate({'issued_on': '2024-04-01'}, today=datetime.date(2024, 5, 1)).due)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(wheel)], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "2024-10-08"
