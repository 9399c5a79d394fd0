"""How fast the official calendar loads and counts working days.

Run with ``python bench/bench_calendar.py``.  Targets: the bundled schedules
load in under 20 ms, and ``add_workdays`` runs over a million times a second,
because a whole ledger's deadlines are computed on every evaluation.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

from rectilaw.calendar import load_official_calendar, official_calendar

LOAD_TARGET_MS = 20.0
ADDITIONS_TARGET = 1_000_000

_COLD = """
import time
from rectilaw.calendar import load_official_calendar
start = time.perf_counter()
load_official_calendar()
print((time.perf_counter() - start) * 1000)
"""


def load_times(runs: int = 50) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_official_calendar()
        times.append((time.perf_counter() - start) * 1000)
    return times


def cold_load_ms() -> float:
    """The first load in a new interpreter, imports already done."""
    output = subprocess.run(
        [sys.executable, "-c", _COLD], check=True, capture_output=True, text=True
    ).stdout
    return float(output.strip())


def additions_per_second(with_touched: bool, pairs: int = 200_000, rounds: int = 5) -> float:
    rng = random.Random(20240101)
    first = date(2020, 1, 1)
    span = (date(2026, 12, 31) - first).days
    starts = [first + timedelta(days=rng.randrange(span + 1)) for _ in range(pairs)]
    counts = [rng.randint(1, 30) for _ in range(pairs)]
    calendar = official_calendar()
    add = calendar.add_workdays
    for start, count in zip(starts[:1000], counts[:1000], strict=True):
        add(start, count)  # build any lazy index (late-2026 starts reach into 2027)
    rates = []
    for _ in range(rounds):
        touched: set[int] | None = set() if with_touched else None
        begin = time.perf_counter()
        for start, count in zip(starts, counts, strict=True):
            add(start, count, touched)
        rates.append(pairs / (time.perf_counter() - begin))
    return statistics.median(rates)


def main() -> None:
    warm = statistics.median(load_times())
    cold = statistics.median(cold_load_ms() for _ in range(5))
    target = f"target < {LOAD_TARGET_MS:.0f} ms"
    print(f"calendar load: {cold:.1f} ms cold, {warm:.1f} ms warm ({target})")
    plain = additions_per_second(with_touched=False)
    tracked = additions_per_second(with_touched=True)
    print(
        f"working-day additions: {plain:,.0f}/s, {tracked:,.0f}/s with touched "
        f"(target > {ADDITIONS_TARGET:,}/s)"
    )
    ok = cold < LOAD_TARGET_MS and min(plain, tracked) > ADDITIONS_TARGET
    print("targets met" if ok else "TARGETS MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
