"""台账 laid out as offices keep them, written by the tests (XLSX and CSV).

The county ledger of issue 16: a merged title row, a header whose cells are merged
down over two rows, 序号 … 备注 with amounts in 万元, the office's own 整改状态, a
totals row and a note row.  Its 12 findings: 8 recorded 已整改 (the office's 整改率:
66.67%), 2 部分整改, 1 未整改, 1 正在整改 (no status of jiaocheng's: named).  One
finding recorded 已整改 whose amounts say otherwise is the disagreement to be named.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

TODAY = datetime.date(2024, 7, 1)
TITLE = "交城县2023年度审计查出问题整改台账"
HEADERS = ["序号", "问题编号", "被审计单位", "问题描述", "问题金额（万元）", "已整改金额（万元）",
           "下达日期", "整改时限", "整改状态", "备注"]
NOTE = "注：金额单位为万元；整改状态以县审计局审核认定为准。"

#: (id, unit, description, problem 万元, corrected 万元, issued, due, recorded status, remark)
FINDINGS: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    ("JC-2023-01", "县财政局", "违规拨付专项资金", "125.5", "125.5", "2023年8月1日", "2023/10/30",
     "已整改", ""),
    ("JC-2023-02", "县财政局", "未及时清理结余资金", "3.1416", "3.1416", "2023-08-01",
     "2023-10-30", "整改完毕", ""),
    ("JC-2023-03", "县教育局", "超标准列支会议费", "0.05", "0.05", "2023-08-15", "2023-11-15",
     "已销号", ""),
    ("JC-2023-04", "县教育局", "政府采购程序不规范", "", "", "2023-08-15", "2023-11-15", "已整改",
     "建章立制"),
    ("JC-2023-05", "县卫健局", "虚列支出", "1,234.5678", "1,234.5678", "2023-09-01",
     "2023-12-01", "整改到位", ""),
    ("JC-2023-06", "县卫健局", "多计工程款", "88", "40", "2023-09-01", "2023-12-01", "已整改",
     "尚有48万元未追回"),
    ("JC-2023-07", "县住建局", "应收未收土地出让金", "560", "560", "2023-09-20", "2023-12-20",
     "已整改", ""),
    ("JC-2023-08", "县住建局", "项目未批先建", "", "", "2023-09-20", "2023-12-20", "已整改", ""),
    ("JC-2023-09", "县农业农村局", "扶贫资金闲置", "36.8", "10", "2023-10-10", "2024-01-10",
     "部分整改", "分阶段推进"),
    ("JC-2023-10", "县农业农村局", "项目资金滞留", "12", "6", "2023-10-10", "2024-01-10",
     "部分整改", ""),
    ("JC-2023-11", "县水利局", "挤占挪用专项资金", "20", "", "2023-11-01", "2024-02-01", "未整改",
     "已督办"),
    ("JC-2023-12", "县水利局", "资产未入账", "7.5", "", "2023-11-01", "2024-02-01", "正在整改",
     ""),
]

#: The office's own figures: 8 of 12 recorded 已整改, and the amounts in 元.
OFFICE_RATE = Decimal("66.67")
PROBLEM_YUAN = Decimal("20875594.00")    # 2,087.5594 万元
CORRECTED_YUAN = Decimal("19792594.00")  # 1,979.2594 万元


def _total(index: int) -> str:
    total = sum((Decimal(f[index].replace(",", "")) for f in FINDINGS if f[index]), Decimal(0))
    return f"{total}"


def office_rows() -> list[list[Any]]:
    """The table below the header: the findings, the totals row, a blank row, the note."""
    rows: list[list[Any]] = [[str(n), *finding] for n, finding in enumerate(FINDINGS, 1)]
    rows.append(["合计", "", "", "", _total(3), _total(4), "", "", "", ""])
    return rows


def write_office_xlsx(path: Path) -> Path:
    """The county ledger as an XLSX: the title merged over the table, each header cell merged
    down over two rows, the totals label merged over 序号 to 问题描述, the note merged across."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2023年度"
    width = len(HEADERS)
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(HEADERS)
    sheet.append([None] * width)
    for column in range(1, width + 1):
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    for row in office_rows():
        sheet.append([_typed(HEADERS[i], value) for i, value in enumerate(row)])
    totals = sheet.max_row
    sheet.merge_cells(start_row=totals, start_column=1, end_row=totals, end_column=4)
    sheet.append([None] * width)
    sheet.append([NOTE])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                      end_column=width)
    book.save(path)
    return path


def _typed(header: str, value: Any) -> Any:
    """A cell as Excel holds it: amounts as numbers, ISO dates as dates, the rest as typed."""
    if value == "":
        return None
    if header.endswith("（万元）") and value.replace(",", "").replace(".", "").isdigit():
        number = float(value.replace(",", ""))
        return int(number) if number.is_integer() else number
    if header in ("下达日期", "整改时限") and len(value) == 10 and value[4] == "-":
        return datetime.date.fromisoformat(value)
    return value


def write_office_csv(path: Path, encoding: str = "utf-8-sig") -> Path:
    """The same ledger as Excel saves it as CSV: merges gone, the header on one row."""
    width = len(HEADERS)
    rows: list[Sequence[Any]] = [[TITLE] + [""] * (width - 1), HEADERS, *office_rows(),
                                 [""] * width, [NOTE] + [""] * (width - 1)]
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path
