"""Build the wheel once, install it in a fresh venv per Python, and smoke-test it there.

``make test-wheels`` runs this.  Interpreters are the arguments, or every
``python3.10`` … ``python3.13`` on PATH and every pyenv 3.10+ version.  Each venv
installs the wheel and its runtime dependencies from the package index, then runs
``tools/wheel_smoke.py``, ``rectilaw --version`` and ``rectilaw check`` on the
bundled policies.  Prints one line per interpreter; exits 1 if any failed, or if
none was found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMOKE = Path(__file__).resolve().parent / "wheel_smoke.py"
MINORS = range(10, 14)


def interpreters() -> list[str]:
    """Every Python 3.10+ found, one per version, the newest patch release first."""
    found: dict[str, str] = {}
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [shutil.which(f"python3.{minor}") for minor in MINORS]
    if pyenv.is_dir():
        candidates += [str(path / "bin" / "python") for path in sorted(pyenv.iterdir(),
                                                                       reverse=True)]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            version = _version(candidate)
            if version and int(version.split(".")[1]) >= MINORS.start:
                found.setdefault(".".join(version.split(".")[:2]), candidate)
    return [found[key] for key in sorted(found, key=lambda v: int(v.split(".")[1]))]


def _version(python: str) -> str | None:
    try:
        out = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def build_wheel(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    return next(out.glob("rectilaw-*.whl"))


def check(python: str, wheel: Path, work: Path) -> list[str]:
    """The problems of the wheel on ``python`` (none: it passed)."""
    venv = work / "venv"
    steps: list[tuple[str, list[str]]] = [
        ("venv", [python, "-m", "venv", str(venv)]),
        ("install", [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                     "--disable-pip-version-check", str(wheel)]),
        ("smoke", [str(venv / "bin" / "python"), str(SMOKE)]),
        ("--version", [str(venv / "bin" / "rectilaw"), "--version"]),
    ]
    problems: list[str] = []
    for name, command in steps:
        if not _run(name, command, work, problems):
            return problems
    rules = sorted(str(path) for path in (venv / "lib").glob(
        "python3.*/site-packages/rectilaw/policies/rules/*.rules"))
    if not rules:
        return [*problems, "check: no bundled rule files in the install"]
    _run("check", [str(venv / "bin" / "rectilaw"), "check", *rules], work, problems)
    return problems


def _run(name: str, command: list[str], cwd: Path, problems: list[str]) -> bool:
    out = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    lines = [line for line in (out.stdout + out.stderr).splitlines()
             if "is ignored: it is neither a file nor a directory" not in line]
    if out.returncode != 0:
        problems.append(f"{name} failed ({out.returncode}):\n    " + "\n    ".join(lines[-15:]))
        return False
    if name in ("smoke", "--version"):
        print("    " + "\n    ".join(lines))
    return True


def main(argv: list[str]) -> int:
    pythons = argv or interpreters()
    if not pythons:
        print("no Python 3.10 or later found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="rectilaw-wheels-") as temp:
        wheel = build_wheel(Path(temp))
        print(f"{wheel.name}")
        results = {}
        for index, python in enumerate(pythons):
            work = Path(temp) / str(index)
            work.mkdir()
            version = _version(python) or "?"
            print(f"Python {version} ({python}):")
            problems = check(python, wheel, work)
            results[version] = problems
            print("    passed" if not problems else "    " + "\n    ".join(problems))
    failed = [version for version, problems in results.items() if problems]
    for version, problems in results.items():
        print(f"Python {version}: {'failed' if problems else 'passed'}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
