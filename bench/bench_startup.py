"""How long ``rectilaw`` takes to start: ``--version``, ``--help`` and a command's ``--help``.

Run with ``python bench/bench_startup.py``.  A script that checks the version
and a shell that completes or asks for help wait for this, so the command
line imports the engine, the parser and the ledger only when a command runs.
Targets: ``--version`` within 40 ms of a bare interpreter, a ``--help`` within
120 ms of it, and a ``rectilaw eval`` on one finding, which loads everything,
shown for comparison.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION_TARGET_MS = 40.0
HELP_TARGET_MS = 120.0


def run_ms(argv: list[str], runs: int = 15) -> float:
    """The median wall time of ``argv`` as a new process, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=False, capture_output=True, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    python = [sys.executable]
    rectilaw = [sys.executable, "-m", "rectilaw"]
    bare = run_ms([*python, "-c", "pass"])
    version = run_ms([*rectilaw, "--version"]) - bare
    helps = {argv: run_ms([*rectilaw, *argv.split()]) - bare
             for argv in ("--help", "eval --help", "ledger --help")}
    evaluate = run_ms([*rectilaw, "eval", "-p", "sasac", "-t", "2024-08-01",
                       "examples/findings/sasac-overdue.json"], runs=5) - bare
    print(f"interpreter alone: {bare:.0f} ms; beyond it:")
    print(f"  rectilaw --version: {version:.0f} ms (target < {VERSION_TARGET_MS:.0f} ms)")
    for argv, ms in helps.items():
        print(f"  rectilaw {argv}: {ms:.0f} ms (target < {HELP_TARGET_MS:.0f} ms)")
    print(f"  rectilaw eval (loads the engine and a policy): {evaluate:.0f} ms")
    ok = version < VERSION_TARGET_MS and all(ms < HELP_TARGET_MS for ms in helps.values())
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
