"""Run every benchmark script in this folder (``bench_*.py``), one after the other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    failed = 0
    for script in sorted(here.glob("bench_*.py")):
        print(f"## {script.stem}", flush=True)
        failed |= subprocess.call([sys.executable, str(script)])
        print(flush=True)
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
