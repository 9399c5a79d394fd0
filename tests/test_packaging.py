"""What the wheel and the sdist hold, the metadata they declare, and what the package needs to run.

The wheel ships the built-in rule files, so `load_policy("sasac")` works from it; the sdist
holds everything its own tests and `make demo` read; the version is written once; the lunar
calendar is a shipped table, not a runtime dependency.
"""

from __future__ import annotations

import email
import re
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import pytest

import rectilaw
from rectilaw import _version

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    return next(out.glob("rectilaw-*.whl"))


@pytest.fixture(scope="module")
def metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(archive.read(name))


@pytest.fixture(scope="module")
def sdist_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    with tarfile.open(next(out.glob("rectilaw-*.tar.gz"))) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def test_wheel_holds_the_rule_files_grammar_and_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for policy in sorted((ROOT / "policies").glob("*.rules")):
        assert f"rectilaw/policies/rules/{policy.name}" in names
    assert "rectilaw/dsl/grammar.lark" in names
    assert "rectilaw/py.typed" in names
    assert "rectilaw/calendar/lunar_dates.csv" in names
    assert "rectilaw/calendar/schedules.json" in names


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


def test_the_sdist_holds_what_its_tests_and_the_demo_read(sdist_names: set[str]) -> None:
    """Every tracked file: the tests, the demo, the docs and the tools read from the tree."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:  # not a git checkout (an unpacked sdist): what it holds
        pytest.skip("no git checkout to compare with")
    missing = set(tracked.stdout.split()) - sdist_names
    assert not missing, f"left out of the sdist: {sorted(missing)}"
    for name in ("LICENSE", "CHANGELOG.md", "README.md", "Makefile", "pyproject.toml",
                 "src/rectilaw/calendar/lunar_dates.csv", "examples/demo.py"):
        assert name in sdist_names, name
    assert not any(name.startswith((".venv/", "docs/_build/")) for name in sdist_names)


def test_metadata_declares_license_versions_and_links(metadata: Message) -> None:
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["License-File"] == "LICENSE"
    classifiers = set(metadata.get_all("Classifier") or [])
    minor = int(metadata["Requires-Python"].removeprefix(">=3."))
    assert minor == 10
    for version in range(minor, 14):
        assert f"Programming Language :: Python :: 3.{version}" in classifiers
    for classifier in ("Operating System :: OS Independent", "Typing :: Typed",
                       "Natural Language :: Chinese (Simplified)", "Natural Language :: English"):
        assert classifier in classifiers
    assert any(c.startswith("Intended Audience ::") for c in classifiers)
    assert any(c.startswith("Topic ::") for c in classifiers)
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL") or [])
    assert {"Source", "Changelog", "Issues"} <= set(urls)


def test_the_license_is_the_apache_2_text() -> None:
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert "Apache License\n                           Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert len(text.splitlines()) == 202


def test_the_version_is_written_once(metadata: Message) -> None:
    assert rectilaw.__version__ == _version.__version__ == metadata["Version"]
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert not re.search(r"(?m)^version\s*=", pyproject)
    written = [path for path in (ROOT / "src").rglob("*.py")
               if re.search(r"(?m)^__version__\s*=", path.read_text("utf-8"))]
    assert written == [ROOT / "src/rectilaw/_version.py"]
    assert "import" not in (ROOT / "src/rectilaw/_version.py").read_text("utf-8").replace(
        "imports nothing", "")
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{_version.__version__}]" in changelog


def test_no_runtime_dependency_on_a_lunar_library(metadata: Message) -> None:
    runtime = [r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r]
    assert runtime and not any("lunar" in r.lower() for r in runtime), runtime
    # Statutory holidays of an unpublished year, with lunar-python made unimportable.
    code = (
        "import sys; sys.modules['lunar_python'] = None; import datetime, rectilaw; "
        "from rectilaw.calendar import statutory_holidays; "
        "print(len(statutory_holidays(2031)), "
        "rectilaw.load_policy('sasac').evaluate({'issued_on': '2031-01-10'}, "
        "today=datetime.date(2031, 2, 1)).due)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] in ("12", "13")


@pytest.mark.parametrize(("blocked", "code"), [
    ("sqlglot", "import rectilaw.sql"),
    ("sqlglot", "rectilaw.ledger.evaluate_ledger([{'issued_on': '2024-01-01'}], "
                "rectilaw.load_policy('sasac'), '2024-08-01', engine='duckdb')"),
    ("duckdb", "import rectilaw.sql; rectilaw.sql.evaluate_table('sasac', "
               "[{'issued_on': '2024-01-01'}], '2024-08-01')"),
])
def test_a_missing_extra_is_named(blocked: str, code: str) -> None:
    """Without the ``sql`` extra the error says what to install, not ``No module named``."""
    script = (
        f"import sys; sys.modules[{blocked!r}] = None; import rectilaw, rectilaw.ledger\n"
        f"try:\n    {code}\n"
        "except rectilaw.MissingExtraError as error:\n"
        "    assert isinstance(error, ModuleNotFoundError)\n"
        "    print(error.extra, error.name, error)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.startswith(f"sql {blocked} "), out.stdout
    assert "pip install 'rectilaw[sql]'" in out.stdout


@pytest.mark.parametrize("text", ["20240801", "2024-W31-4", "2024-08-01T00:00", " 2024-08-01"])
def test_dates_are_read_alike_on_every_python(text: str) -> None:
    """Only YYYY-MM-DD, as on Python 3.10: 3.11's wider date.fromisoformat is not let through."""
    import argparse

    from rectilaw.cli.inputs import parse_date
    from rectilaw.ledger import evaluate_ledger

    policy = rectilaw.load_policy("sasac")
    with pytest.raises(TypeError):
        policy.evaluate({"issued_on": "2024-01-12"}, today=text)
    with pytest.raises((TypeError, ValueError)):
        evaluate_ledger([{"issued_on": "2024-01-12"}], policy, text)
    with pytest.raises((argparse.ArgumentTypeError, ValueError)):
        parse_date(text)
    assert policy.evaluate({"issued_on": "2024-01-12"}, today="2024-08-01").overdue_days == 20
