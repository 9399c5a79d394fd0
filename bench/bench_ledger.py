"""Whole-ledger throughput: generated findings read from Parquet, evaluated, counted, written.

Generates ROWS findings (default 1,000,000; a fixed seed, so every run sees the
same ledger) as a Parquet file with Chinese headers and typed columns (dates,
decimals, booleans, codes), then runs ``rectilaw.ledger.run_ledger`` on it in a
fresh process: read Parquet → check cells → evaluate under the SASAC policy →
statistics → write Parquet.  Prints rows per second and the peak resident
memory of that process, and the time of each stage measured apart.

    python bench/bench_ledger.py [ROWS] [--profile]

``--profile`` prints the functions that take the most time (cProfile).
"""

from __future__ import annotations

import cProfile
import datetime
import gc
import io
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from measure import memory_mb

TODAY = datetime.date(2024, 7, 15)
TARGET = 150_000
STAGES = {
    "read": "Parquet batches to Python values",
    "cells": "checking and typing the cells (RowReader.read)",
    "evaluate": "Policy.evaluate alone, on the typed facts",
    "row": "LedgerEvaluator.row: cells + evaluate + the LedgerRow",
    "statistics": "LedgerStatistics.add",
    "write": "result columns and Parquet writing (and the summary at the end)",
}
#: The stages that make up a run (``cells`` and ``evaluate`` are parts of ``row``, measured
#: apart on their own).
WHOLE = ("read", "row", "statistics", "write")
SEED = 20240715


def generate(path: Path, rows: int) -> None:
    """A realistic mix: most findings rectified, some overdue, some partial or refused."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(SEED)
    units = [f"市属企业{i:03d}" for i in range(300)]
    sources = ["upper", "local", "supervisor"]
    audits = ["budget_execution", "economic_responsibility", "natural_resources", "investment",
              "special", "other"]
    kinds = ["immediate", "phased", "continuous"]
    start = datetime.date(2022, 1, 1).toordinal()
    columns: dict[str, list[object]] = {name: [] for name in (
        "问题编号", "整改责任单位", "问题来源", "审计类型", "整改类型", "下达日期", "整改时限",
        "延期后整改时限", "整改方案报送日期", "整改报告日期", "问题金额", "已纠正金额",
        "问题金额或事实已调整或纠正完毕", "即查即改", "建章立制", "因客观因素无法在期限内整改到位",
        "已提出确切整改计划及时间安排", "无正当理由不接受审计意见或建议（不认账）",
        "虚假整改、敷衍应付")}
    for i in range(rows):
        r = rng.random()
        issued = datetime.date.fromordinal(start + rng.randrange(900))
        amount = Decimal(rng.randrange(0, 500_000_000)) / 100 if rng.random() < 0.7 else None
        corrected = r < 0.6
        partial = amount is not None and not corrected and rng.random() < 0.3
        values = (
            f"Q{i:07d}", rng.choice(units), rng.choice(sources), rng.choice(audits),
            rng.choice(kinds), issued,
            issued + datetime.timedelta(days=rng.randrange(30, 180)) if rng.random() < 0.4
            else None,
            issued + datetime.timedelta(days=rng.randrange(180, 360)) if rng.random() < 0.05
            else None,
            issued + datetime.timedelta(days=rng.randrange(5, 40)) if rng.random() < 0.5 else None,
            issued + datetime.timedelta(days=rng.randrange(40, 200)) if rng.random() < 0.3
            else None,
            amount,
            (amount / 2).quantize(Decimal("0.01")) if partial and amount else
            (amount if corrected else None),
            corrected, rng.random() < 0.05, rng.random() < 0.2, rng.random() < 0.1,
            rng.random() < 0.1, rng.random() < 0.01, rng.random() < 0.01,
        )
        for name, value in zip(columns, values, strict=True):
            columns[name].append(value)
    types = {name: pa.string() for name in columns}
    for name in ("下达日期", "整改时限", "延期后整改时限", "整改方案报送日期", "整改报告日期"):
        types[name] = pa.date32()
    for name in ("问题金额", "已纠正金额"):
        types[name] = pa.decimal128(18, 2)
    for name in list(columns)[12:]:
        types[name] = pa.bool_()
    table = pa.table({name: pa.array(values, types[name]) for name, values in columns.items()})
    pq.write_table(table, path, compression="zstd")


def run(source: Path, out: Path, profile: bool) -> dict[str, float]:
    """Read, evaluate, count and write, timed; then each stage on its own."""
    import rectilaw
    from rectilaw.ledger import run_ledger

    policy = rectilaw.load_policy("sasac")
    figures: dict[str, float] = {}
    collecting = _gc_clock()
    started, cpu = time.perf_counter(), time.process_time()
    if profile:
        profiler = cProfile.Profile()
        summary = profiler.runcall(run_ledger, source, policy, TODAY, out=out)
    else:
        summary = run_ledger(source, policy, TODAY, out=out)
    figures["seconds"] = time.perf_counter() - started
    figures["cpu_seconds"] = time.process_time() - cpu
    gc.callbacks.remove(collecting)
    figures["gc_seconds"] = collecting.spent  # type: ignore[attr-defined]
    figures["gc_full"] = collecting.full  # type: ignore[attr-defined]
    figures["rows"] = summary.total
    figures["peak_rss_mb"] = memory_mb("VmHWM")
    figures["rate"] = summary.to_dict()["rectification_rate"]
    figures["errors"] = len(summary.errors)
    if profile:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(25)
        print(text.getvalue())
        return figures

    figures.update(stages(policy, source, out))
    return figures


def _gc_clock() -> Any:
    """A gc callback adding up the CPU time of the collections (the GC itself left as it is)."""
    def clock(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            clock.started = time.process_time()  # type: ignore[attr-defined]
        else:
            clock.spent += time.process_time() - clock.started  # type: ignore[attr-defined]
            clock.full += info["generation"] == 2  # type: ignore[attr-defined]

    clock.spent = 0.0  # type: ignore[attr-defined]
    clock.full = 0  # type: ignore[attr-defined]
    clock.started = 0.0  # type: ignore[attr-defined]
    gc.callbacks.append(clock)
    return clock


def stages(policy: Any, source: Path, out: Path) -> dict[str, float]:
    """The CPU time of each stage, batch by batch as the run does it."""
    from rectilaw.ledger.evaluate import LedgerEvaluator
    from rectilaw.ledger.readers import open_ledger
    from rectilaw.ledger.stats import LedgerStatistics
    from rectilaw.ledger.writers import open_writer

    spent = dict.fromkeys(("read", "cells", "evaluate", "row", "statistics", "write"), 0.0)
    evaluator = LedgerEvaluator(policy, TODAY)
    statistics = LedgerStatistics(policy, TODAY)
    ledger = open_ledger(source, evaluator.mapping)
    reader = evaluator._reader(ledger.headers)[0]
    used = evaluator.used
    writer = open_writer(out, ledger.headers, policy, ledger.arrow_schema)
    batches = iter(ledger)
    while True:
        clock = time.process_time()
        batch = next(batches, None)
        spent["read"] += time.process_time() - clock
        if batch is None:
            break
        clock = time.process_time()
        facts = [reader.read(cells)[0] for _, _, cells in batch.rows]
        spent["cells"] += time.process_time() - clock
        clock = time.process_time()
        for fact in facts:
            policy.evaluate({k: v for k, v in fact.items() if k in used}, TODAY)
        spent["evaluate"] += time.process_time() - clock
        clock = time.process_time()
        rows = [evaluator.row(n, h, c) for n, h, c in batch.rows]
        spent["row"] += time.process_time() - clock
        clock = time.process_time()
        statistics.add_all(rows)
        spent["statistics"] += time.process_time() - clock
        clock = time.process_time()
        writer.write(rows, batch.arrow)
        spent["write"] += time.process_time() - clock
    clock = time.process_time()
    writer.finish(statistics.summary())
    spent["write"] += time.process_time() - clock
    return spent


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if args and args[0] == "run":
        figures = run(Path(args[1]), Path(args[2]), "--profile" in sys.argv)
        print(json.dumps(figures))
        return 0
    rows = int(args[0]) if args else 1_000_000
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print("bench_ledger: needs pyarrow (pip install 'rectilaw[parquet]'); skipped")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "ledger.parquet", Path(folder) / "evaluated.parquet"
        clock = time.perf_counter()
        generate(source, rows)
        print(f"generated {rows:,} findings in {time.perf_counter() - clock:.1f} s "
              f"({source.stat().st_size / 1e6:.1f} MB Parquet)")
        command = [sys.executable, __file__, "run", str(source), str(out)]
        if "--profile" in sys.argv:
            command.append("--profile")
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              env={**os.environ, "PYTHONHASHSEED": "0"})
        if done.returncode:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
        *profile_text, last = done.stdout.strip().splitlines()
        if profile_text:
            print("\n".join(profile_text))
        f = json.loads(last)
    per_second = f["rows"] / f["cpu_seconds"]
    print(f"read Parquet + evaluate + statistics + write Parquet: {f['rows']:,.0f} rows in "
          f"{f['cpu_seconds']:.1f} s of CPU = {per_second:,.0f} rows/s on one core "
          f"(target {TARGET:,}: {'met' if per_second >= TARGET else 'not met'}; "
          f"wall clock {f['seconds']:.1f} s)")
    print(f"peak memory (max RSS of the run): {f['peak_rss_mb']:,.0f} MB")
    print(f"rectification rate {f['rate']}%, rows in error {f['errors']:.0f}")
    n = f["rows"]
    print(f"the run: {f['cpu_seconds'] / n * 1e6:.2f} µs/row of CPU, of which the cyclic garbage "
          f"collector (left on, as it is) {f['gc_seconds'] / n * 1e6:.2f} µs/row "
          f"({f['gc_full']:.0f} full collections)")
    if "read" in f:
        print("stages, measured apart in a second pass over the ledger (CPU time, GC included):")
        for stage, what in STAGES.items():
            print(f"  {stage:<10} {f[stage] / n * 1e6:6.2f} µs/row  {what}")
        print(f"  {'sum':<10} {sum(f[s] for s in WHOLE) / n * 1e6:6.2f} µs/row  "
              f"{' + '.join(WHOLE)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
