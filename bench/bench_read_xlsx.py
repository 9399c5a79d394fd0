"""Reading a large XLSX ledger: 100,000 rows laid out as an office keeps them, read to typed facts.

Writes ROWS findings (default 100,000; a fixed seed) as an XLSX with a merged title
row, a header in 万元, dates as date cells, a totals row and a note row, then reads
it in a fresh process through the ledger reader (``open_ledger`` and the cell
reader, no evaluation) with python-calamine where installed and again with
openpyxl.  Target: under 10 s with calamine on the reference machine (2 cores).

    python bench/bench_read_xlsx.py [ROWS]
"""

from __future__ import annotations

import datetime
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import memory_mb

TARGET_SECONDS = 10.0
HEADERS = ["序号", "问题编号", "被审计单位", "问题描述", "问题金额（万元）", "已整改金额（万元）",
           "下达日期", "整改时限", "整改状态", "备注"]
STATES = ["已整改", "部分整改", "未整改", "正在整改", "已销号"]


def generate(path: Path, rows: int) -> None:
    import openpyxl

    rng = random.Random(16)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["某县审计整改台账"])
    sheet.append(HEADERS)
    start = datetime.date(2023, 1, 1)
    for n in range(1, rows + 1):
        issued = start + datetime.timedelta(days=rng.randrange(500))
        problem = rng.randrange(1, 10**6) / 100
        sheet.append([n, f"F-{n:06d}", f"单位{rng.randrange(80)}", "问题描述" * 3, problem,
                      round(problem * rng.random(), 2), issued,
                      issued + datetime.timedelta(days=90), rng.choice(STATES), ""])
    sheet.append(["合计", None, None, None, None, None, None, None, None, None])
    sheet.append(["注：金额单位为万元。"])
    book.save(path)


def read(path: str, use_calamine: bool) -> dict[str, float]:
    import rectilaw
    from rectilaw.ledger import spreadsheets
    from rectilaw.ledger.evaluate import LedgerEvaluator
    from rectilaw.ledger.readers import open_ledger

    if not use_calamine:
        spreadsheets.have_calamine = lambda: False  # type: ignore[assignment]
    evaluator = LedgerEvaluator(rectilaw.load_policy("jiaocheng"), datetime.date(2024, 7, 1))
    began = time.perf_counter()
    rows = 0
    with open_ledger(path, evaluator.mapping) as source:
        evaluator.start(source)
        for batch in source:
            for _number, headers, cells in batch.rows:
                reader, _ = evaluator._reader(headers)
                reader.read(cells)
                rows += 1
    return {"seconds": time.perf_counter() - began, "rows": rows, "memory_mb": memory_mb()}


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(read(sys.argv[2], sys.argv[3] == "calamine")))
        return 0
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        began = time.perf_counter()
        generate(path, rows)
        print(f"generated {rows:,} rows ({path.stat().st_size / 2**20:.1f} MB) in "
              f"{time.perf_counter() - began:.1f} s")
        failed = 0
        from rectilaw.ledger.spreadsheets import have_calamine

        for reader in (["calamine"] if have_calamine() else []) + ["openpyxl"]:
            out = subprocess.run([sys.executable, __file__, "--child", str(path), reader],
                                 capture_output=True, text=True, check=True).stdout
            result = json.loads(out)
            verdict = ""
            if reader == "calamine" or not have_calamine():
                ok = result["seconds"] < TARGET_SECONDS
                verdict = f"  target < {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}"
                failed |= not ok
            print(f"{reader:9} {result['rows']:,} rows in {result['seconds']:.1f} s "
                  f"({result['rows'] / result['seconds']:,.0f} rows/s), peak "
                  f"{result['memory_mb']:.0f} MiB{verdict}")
    return int(failed)


if __name__ == "__main__":
    raise SystemExit(main())
