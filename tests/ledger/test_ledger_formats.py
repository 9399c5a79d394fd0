"""CSV, XLSX and Parquet in and out: the same ledger gives the same answers in every format."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import rectilaw
from rectilaw.ledger import LedgerError, evaluate_ledger, run_ledger

from .sample import HEADERS, TODAY, ledger_rows, write_csv

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _write_xlsx(path: Path, headers: list[str], rows: list[list[Any]],
                title: str | None = None, sheet: str = "台账") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "说明"
    ws.append(["本表为示例"])
    ws = book.create_sheet(sheet)
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _typed_rows(count: int = 20, rectified: int = 15) -> list[list[Any]]:
    """The sample ledger with the types a spreadsheet holds: dates, numbers, 是/否."""
    rows = ledger_rows(count, rectified)
    for row in rows:
        row[5] = datetime.datetime(2024, 1, 12)
        row[7] = 1000
        row[8] = 1000.0 if row[9] == "是" else 250.5
    return rows


def _statuses(result: Any) -> list[str | None]:
    return [row.status for row in result]


def test_csv_xlsx_and_parquet_give_the_same_answers(sasac: rectilaw.Policy,
                                                    tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "l.csv", HEADERS, ledger_rows(20, 15))
    xlsx_path = _write_xlsx(tmp_path / "l.xlsx", HEADERS, _typed_rows(), title="2024年审计整改台账")
    table = pa.table({
        "id": [f"GZW-2024-{i + 1:03d}" for i in range(20)],
        "issued_on": pa.array([datetime.date(2024, 1, 12)] * 20, pa.date32()),
        "problem_amount": pa.array([Decimal("1000.00")] * 20, pa.decimal128(18, 2)),
        "corrected_amount": pa.array([Decimal("1000.00")] * 15 + [Decimal("250.50")] * 5,
                                     pa.decimal128(18, 2)),
        "corrected": [True] * 15 + [False] * 5,
    })
    parquet_path = tmp_path / "l.parquet"
    pq.write_table(table, parquet_path)
    answers = [_statuses(evaluate_ledger(p, sasac, TODAY))
               for p in (csv_path, xlsx_path, parquet_path)]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0].count("rectified") == 15
    assert answers[0][15:] == ["partially_rectified"] * 5


def test_xlsx_rows_are_numbered_as_the_sheet_shows_them(sasac: rectilaw.Policy,
                                                        tmp_path: Path) -> None:
    rows = _typed_rows(3, 3)
    rows[1][5] = "明天"
    path = _write_xlsx(tmp_path / "n.xlsx", HEADERS, rows, title="台账")
    result = evaluate_ledger(path, sasac, TODAY)
    assert [r.row for r in result] == [3, 4, 5]
    assert [r.row for r in result.errors] == [4]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_output_round_trip(sasac: rectilaw.Policy, tmp_path: Path, suffix: str) -> None:
    source = write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(10, 7))
    out = tmp_path / f"out{suffix}"
    first = evaluate_ledger(source, sasac, TODAY)
    first.write(out)
    again = evaluate_ledger(out, sasac, TODAY)
    assert _statuses(again) == _statuses(first)
    assert not again.errors
    assert [r.due for r in again] == [r.due for r in first]
    assert not again.summary.warnings
    assert not list(tmp_path.glob(".*.tmp"))


def test_parquet_output_keeps_the_input_types(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    table = pa.table({
        "问题编号": ["A", "B"],
        "下达日期": pa.array([datetime.date(2024, 1, 12), datetime.date(2024, 3, 1)], pa.date32()),
        "问题金额": pa.array([Decimal("10.00"), None], pa.decimal128(12, 2)),
    })
    pq.write_table(table, tmp_path / "in.parquet")
    run_ledger(tmp_path / "in.parquet", sasac, TODAY, out=tmp_path / "out.parquet")
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.field("下达日期").type == pa.date32()
    assert out.schema.field("问题金额").type == pa.decimal128(12, 2)
    assert out.schema.field("due").type == pa.date32()
    assert out.column("due").to_pylist() == [datetime.date(2024, 7, 12),
                                            datetime.date(2024, 9, 2)]
    assert out.column("status").to_pylist() == ["in_progress", "in_progress"]


def test_xlsx_report_has_a_summary_and_a_findings_sheet(sasac: rectilaw.Policy,
                                                         tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(182, 148))
    run_ledger(source, sasac, TODAY, out=tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames == ["汇总", "整改率图表", "问题清单", "按责任单位"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True) if row}
    assert summary["问题总数"] == 182
    assert summary["整改率"] == pytest.approx(0.8132)
    findings = list(book["问题清单"].iter_rows(values_only=True))
    assert len(findings) == 183
    assert findings[0][:len(HEADERS)] == tuple(HEADERS)
    assert "评估·整改状态" in findings[0]
    assert book["问题清单"].freeze_panes == "A2"
    width = book["问题清单"].column_dimensions["B"].width
    assert width >= 12  # 市属企业1 is 9 characters wide on screen


def test_xlsx_never_writes_a_formula_from_a_cell(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    rows = ledger_rows(1, 1)
    rows[0][10] = "=HYPERLINK(\"http://example.invalid\")"
    source = write_csv(tmp_path / "in.csv", HEADERS, rows)
    run_ledger(source, sasac, TODAY, out=tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["问题清单"]
    assert sheet.cell(2, 11).data_type == "s"


def test_gbk_csv_is_read(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    lines = [",".join(HEADERS)] + [",".join(map(str, r)).replace("1,000.00", "1000")
                                   for r in ledger_rows(3, 2)]
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    assert _statuses(evaluate_ledger(path, sasac, TODAY)).count("rectified") == 2


def test_tab_separated_text_is_read(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path = tmp_path / "ledger.tsv"
    lines = ["\t".join(HEADERS)] + ["\t".join(map(str, r)) for r in ledger_rows(3, 2)]
    path.write_text("\n".join(lines), "utf-8")
    assert _statuses(evaluate_ledger(path, sasac, TODAY)).count("rectified") == 2


def test_the_mapping_can_choose_the_sheet_and_header_row(sasac: rectilaw.Policy,
                                                         tmp_path: Path) -> None:
    path = _write_xlsx(tmp_path / "s.xlsx", HEADERS, _typed_rows(2, 1), title="问题编号 说明行",
                       sheet="第二页")
    result = evaluate_ledger(path, sasac, TODAY, mapping={"sheet": "第二页", "header_row": 2})
    assert len(result) == 2
    with pytest.raises(LedgerError, match="no sheet named `第三页`"):
        evaluate_ledger(path, sasac, TODAY, mapping={"sheet": "第三页"})


def test_unknown_formats_and_missing_files_are_refused(sasac: rectilaw.Policy,
                                                       tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="cannot tell the format"):
        evaluate_ledger(tmp_path / "ledger.docx", sasac, TODAY)
    with pytest.raises(LedgerError, match="no such file"):
        evaluate_ledger(tmp_path / "missing.csv", sasac, TODAY)
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(LedgerError, match="not a readable XLSX"):
        evaluate_ledger(tmp_path / "broken.xlsx", sasac, TODAY)
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    with pytest.raises(LedgerError, match="not a readable Parquet"):
        evaluate_ledger(tmp_path / "broken.parquet", sasac, TODAY)
