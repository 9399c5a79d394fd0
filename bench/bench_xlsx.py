"""Writing an evaluated ledger as an office workbook (XLSX), against the 20 s target.

Generates ROWS findings (default 100,000; the same fixed seed as bench_ledger),
evaluates them once, then times writing the evaluated rows: XLSX (summary,
charts, findings, by unit) and, for scale, CSV.  Prints seconds (wall clock, and
the CPU time, which does not depend on what else the machine runs), rows per
second and the peak resident memory.

    python bench/bench_xlsx.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_ledger import generate
from measure import memory_mb

ROWS = 100_000
TARGET_SECONDS = 20.0


def main() -> int:
    import rectilaw
    from rectilaw.ledger import evaluate_ledger

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    policy = rectilaw.load_policy("sasac")
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "ledger.parquet"
        generate(source, rows)
        result = evaluate_ledger(source, policy, "2024-08-01")
        timings = {}
        for suffix in ("xlsx", "csv"):
            out = Path(scratch) / f"evaluated.{suffix}"
            clock, cpu = time.perf_counter(), time.process_time()
            result.write(out)
            timings[suffix] = time.perf_counter() - clock
            cpu = time.process_time() - cpu
            size = out.stat().st_size / 1e6
            print(f"{suffix:5} {rows:,} rows written in {timings[suffix]:.1f} s, {cpu:.1f} s of "
                  f"CPU ({rows / timings[suffix]:,.0f} rows/s, {size:.1f} MB)")
    print(f"peak memory {memory_mb():.0f} MB")
    verdict = "within" if timings["xlsx"] <= TARGET_SECONDS * rows / ROWS else "OVER"
    print(f"XLSX: {verdict} the target of {TARGET_SECONDS:.0f} s for {ROWS:,} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
