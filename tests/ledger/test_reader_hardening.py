"""Hostile and odd inputs to the ledger readers (issue 19, items 3, 6, 7, 9 and 12)."""

from __future__ import annotations

import csv
import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest

import rectilaw
from rectilaw.ledger import ColumnMapping, LedgerError, evaluate_ledger, run_ledger

TODAY = datetime.date(2024, 7, 1)
POLICY = rectilaw.load_policy("sasac")


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


# ---------------------------------------------------------------- 3: bombs and huge inputs

def test_an_archive_that_would_expand_past_the_limit_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xlsx_reader: str) -> None:
    path = _book(tmp_path / "l.xlsx", [["问题编号", "问题金额"], ["A-1", 1]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b"<x>" + b" " * (3 << 20) + b"</x>")
    monkeypatch.setenv("RECTILAW_MAX_EXPANDED_MB", "2")
    with pytest.raises(LedgerError, match=r"would expand to 3 MB, more than the limit of 2 MB.*"
                       "RECTILAW_MAX_EXPANDED_MB"):
        evaluate_ledger(path, POLICY, TODAY)
    monkeypatch.setenv("RECTILAW_MAX_EXPANDED_MB", "8")
    assert len(evaluate_ledger(path, POLICY, TODAY)) == 1


def test_an_input_file_past_the_limit_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.csv"
    path.write_text("问题编号\n" + "A-1\n" * 400_000, encoding="utf-8")
    monkeypatch.setenv("RECTILAW_MAX_INPUT_MB", "1")
    with pytest.raises(LedgerError, match=r"more than the limit of 1 MB.*RECTILAW_MAX_INPUT_MB"):
        evaluate_ledger(path, POLICY, TODAY)


def test_a_device_or_a_huge_file_as_the_mapping_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no such mapping file"):
        ColumnMapping.from_yaml("/dev/zero")
    big = tmp_path / "m.yaml"
    big.write_text("columns:\n" + "  a: id\n" * 200_000, encoding="utf-8")
    with pytest.raises(LedgerError, match="larger than 1024 KiB"):
        ColumnMapping.from_yaml(big)


# ---------------------------------------------------------------- 6: formulas without values

def test_a_formula_without_a_computed_value_is_named_per_cell(tmp_path: Path,
                                                              xlsx_reader: str) -> None:
    path = _book(tmp_path / "f.xlsx", [["问题编号", "下达日期", "问题金额"],
                                       ["A-1", "=DATE(2024,1,12)", 100],
                                       ["A-2", datetime.date(2024, 1, 12), "=SUM(C2:C2)"],
                                       ["A-3", datetime.date(2024, 1, 12), 5]])
    result = evaluate_ledger(path, POLICY, TODAY)
    by_id = {row.finding_id: row for row in result}
    [first] = by_id["A-1"].problems
    assert first.field == "issued_on"
    assert "cell B2 holds the formula =DATE(2024,1,12) and no computed value" in first.message
    [second] = by_id["A-2"].problems
    assert "cell C3 holds the formula =SUM(C2:C2)" in second.message
    assert by_id["A-3"].ok
    out = tmp_path / "out.csv"
    run_ledger(path, POLICY, TODAY, out=out)
    assert "DATE(2024,1,12)" in out.read_text(encoding="utf-8-sig")  # carried, not dropped


# ---------------------------------------------------------------- 7: a notes column unnamed

@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_notes_column_without_a_header_is_carried_and_listed(tmp_path: Path, suffix: str,
                                                               xlsx_reader: str) -> None:
    rows = [["问题编号", "下达日期", ""], ["A-1", "2024-01-12", "已电话督促"],
            ["A-2", "2024-01-12", ""], ["A-3", "2024-01-12", "见附件"]]
    path = tmp_path / f"n{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    else:
        _book(path, [[cell or None for cell in row] for row in rows])
    result = evaluate_ledger(path, POLICY, TODAY)
    assert not result.errors
    assert result.rows[0].record["第3列（无表头）"] == "已电话督促"
    [unread] = result.summary.reading.unread
    assert unread.header == "第3列（无表头）" and "without a header" in unread.note
    out = tmp_path / "out.csv"
    run_ledger(path, POLICY, TODAY, out=out)
    assert "见附件" in out.read_text(encoding="utf-8-sig")


# ---------------------------------------------------------------- 9: a Parquet date out of range

def test_one_parquet_date_out_of_range_fails_only_its_row(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    days = pa.array([19734, 2_000_000_000, 19735], pa.int32()).cast(pa.date32())
    table = pa.table({"id": ["A-1", "A-2", "A-3"], "issued_on": days})
    pq.write_table(table, tmp_path / "d.parquet")
    result = evaluate_ledger(tmp_path / "d.parquet", POLICY, TODAY)
    assert [row.ok for row in result] == [True, False, True]
    assert "outside the years 1–9999" in result.rows[1].problems[0].message


# ---------------------------------------------------------------- 12: <mergeCells> first

def test_merged_cells_listed_before_the_rows_are_read(tmp_path: Path, xlsx_reader: str) -> None:
    """Some programs write <mergeCells> before <sheetData>; the reader gathers the section in
    chunks joined once (it used to add chunk to chunk, quadratic in the sheet's size)."""
    path = _book(tmp_path / "m.xlsx", [["问题编号", "整改责任单位", "下达日期"],
                                       ["A-1", "县财政局", datetime.date(2024, 1, 12)],
                                       ["A-2", None, datetime.date(2024, 1, 12)]])
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b"<sheetData>",
                                    b'<mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells>'
                                    b"<sheetData>", 1)
            target.writestr(info, data)
    result = evaluate_ledger(path, POLICY, TODAY)
    assert [row.facts.get("unit") for row in result] == ["县财政局", "县财政局"]


def test_a_mapping_entry_that_can_have_no_effect_is_refused() -> None:
    with pytest.raises(LedgerError, match=r"values: corrected: `corrected` is a yes/no column.*"
                       "only enum fields have codes.*would have no effect"):
        ColumnMapping.default().extended({"values": {"corrected": {"有": "true"}}})
    with pytest.raises(LedgerError, match=r"`uper` is not a value of `source`.*did you mean "
                       r"`upper`"):
        ColumnMapping.default().extended({"values": {"source": {"省厅": "uper"}}})
    with pytest.raises(LedgerError, match="unit: expected a unit of money"):
        ColumnMapping.default().extended({"unit": "美元"})
