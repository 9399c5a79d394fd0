"""台账 as offices keep them: the county ledger of issue 16 and layouts of other offices.

Golden files live in tests/golden/ledger/; re-record them with
``UPDATE_GOLDEN=1 pytest tests/ledger/test_office_ledgers.py`` and read the diff.
"""

from __future__ import annotations

import csv
import datetime
import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import rectilaw
from rectilaw.ledger import evaluate_ledger
from rectilaw.ledger.inspect import inspect_ledger

from .offices import (
    CORRECTED_YUAN,
    HEADERS,
    OFFICE_RATE,
    PROBLEM_YUAN,
    TODAY,
    write_office_csv,
    write_office_xlsx,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "ledger"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}: record it with UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is intended, re-record with UPDATE_GOLDEN=1")


@pytest.fixture(scope="module")
def jiaocheng() -> rectilaw.Policy:
    return rectilaw.load_policy("jiaocheng")


def test_the_county_ledger_reads_as_the_office_counts_it(jiaocheng: rectilaw.Policy,
                                                         tmp_path: Path, xlsx_reader: str) -> None:
    result = evaluate_ledger(write_office_xlsx(tmp_path / "台账.xlsx"), jiaocheng, TODAY)
    summary = result.summary
    assert summary.total == summary.evaluated == 12
    assert summary.rectification_rate == OFFICE_RATE
    assert summary.overall.problem_amount == PROBLEM_YUAN
    assert summary.overall.corrected_amount == CORRECTED_YUAN
    by_id = {row.finding_id: row for row in result}
    assert by_id["JC-2023-02"].facts["problem_amount"] == Decimal("31416.00")
    assert by_id["JC-2023-05"].facts["problem_amount"] == Decimal("12345678.00")
    reading = summary.reading
    assert [(s.row, s.kind) for s in reading.skipped] == [(16, "totals"), (18, "unit_note")]
    assert reading.blank == ((17, 17),)
    assert not reading.unread
    assert summary.disagreements == 2
    named = {d.id: d.messages for d in reading.disagreements}
    assert "the rules read 部分整改" in named["JC-2023-06"][0]
    assert "is not a status policy `jiaocheng` gives" in named["JC-2023-12"][0]
    compare("office-xlsx-summary.txt", summary.format_table())


def test_the_county_ledger_saved_as_csv_reads_the_same(jiaocheng: rectilaw.Policy,
                                                       tmp_path: Path) -> None:
    xlsx = evaluate_ledger(write_office_xlsx(tmp_path / "台账.xlsx"), jiaocheng, TODAY)
    for encoding in ("utf-8-sig", "gb18030"):
        path = write_office_csv(tmp_path / f"台账-{encoding}.csv", encoding)
        result = evaluate_ledger(path, jiaocheng, TODAY)
        summary = result.summary
        assert summary.rectification_rate == OFFICE_RATE
        assert (summary.overall.problem_amount, summary.overall.corrected_amount) == (
            PROBLEM_YUAN, CORRECTED_YUAN)
        assert [r.status for r in result] == [r.status for r in xlsx]
        assert [(s.row, s.kind) for s in summary.reading.skipped] == [(15, "totals"),
                                                                       (17, "unit_note")]
        assert summary.disagreements == 2


def test_inspect_shows_how_each_column_will_be_read(jiaocheng: rectilaw.Policy,
                                                   tmp_path: Path) -> None:
    path = write_office_xlsx(tmp_path / "台账.xlsx")
    found = inspect_ledger(path, jiaocheng, TODAY)
    compare("office-xlsx-inspect.txt", found.format().replace(str(path), "台账.xlsx") + "\n")
    compare("office-xlsx-inspect-zh.txt",
            found.format("zh").replace(str(path), "台账.xlsx") + "\n")


# ---------------------------------------------------------------- other offices' layouts

def _sheet(book: openpyxl.Workbook, title: str, rows: list[list[object]]) -> None:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)


def test_several_sheets_with_the_unit_in_a_note_above(jiaocheng: rectilaw.Policy,
                                                      tmp_path: Path, xlsx_reader: str) -> None:
    """A workbook by source: one sheet per source, other header words, 金额单位 above."""
    headers = ["编号", "整改责任单位", "问题金额", "已纠正金额", "问题清单下达日期", "规定整改时限",
               "认定结果", "认定日期"]
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "上级反馈", [["上级审计机关反馈问题整改情况表"], ["金额单位：万元", None, None,
                                                                 None, None, "填报日期：2024年6月"],
                              headers,
                              ["S-1", "县财政局", 10, 10, datetime.date(2024, 1, 12),
                               datetime.date(2024, 3, 12), "已整改", "2024-03-01"],
                              ["S-2", "县审计局", 2.5, 1, datetime.date(2024, 1, 12),
                               datetime.date(2024, 3, 12), "部分整改", None]])
    _sheet(book, "本级查出", [["本级审计查出问题整改情况表"], ["金额单位：万元"], headers,
                              ["L-1", "县教育局", 0.5, 0.5, datetime.date(2024, 2, 1),
                               datetime.date(2024, 4, 1), "已整改", "2024-03-20"],
                              ["小计", None, 0.5, 0.5, None, None, None, None]])
    path = tmp_path / "多表.xlsx"
    book.save(path)
    result = evaluate_ledger(path, jiaocheng, TODAY)
    assert [str(r.row) for r in result] == ["上级反馈!4", "上级反馈!5", "本级查出!4"]
    assert [r.facts["problem_amount"] for r in result] == [Decimal("100000.00"),
                                                           Decimal("25000.00"),
                                                           Decimal("5000.00")]
    assert result.summary.reading.sheets == ("上级反馈", "本级查出")
    assert [s.kind for s in result.summary.reading.skipped] == ["totals"]
    assert result.summary.rectified == 2


def _wps_rows() -> list[list[str]]:
    """A WPS export: the title and the header again on every page, page lines, 小计 by unit,
    an ASCII (万元) in the header, blank lines between pages."""
    header = ["序号", "问题编号", "责任单位", "问题金额(万元)", "整改金额(万元)", "下达日期",
              "整改期限", "整改情况"]
    rows: list[list[str]] = []
    number = 0
    for page in range(1, 4):
        rows += [["某区审计整改台账（续表）" if page > 1 else "某区审计整改台账"], header]
        for _ in range(4):
            number += 1
            rows.append([str(number), f"W-{number:02d}", f"单位{page}", "1.25", "1.25"
                         if number % 2 else "0", "2024/1/12", "2024/3/12",
                         "已整改" if number % 2 else "整改中"])
        rows.append(["小计", "", "", "5", "2.5", "", "", ""])
        rows += [[f"第 {page} 页 共 3 页"], [""] * 8]
    rows.append(["总计", "", "", "15", "7.5", "", "", ""])
    rows.append(["填表人：张三", "", "审核人：李四"])
    return rows


def test_a_wps_export_with_the_header_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "wps.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(_wps_rows())
    result = evaluate_ledger(path, rectilaw.load_policy("sasac"), TODAY)
    summary = result.summary
    assert summary.total == 12 and not summary.errors
    assert summary.overall.problem_amount == Decimal("150000.00")
    assert summary.overall.corrected_amount == Decimal("75000.00")
    kinds = [s.kind for s in summary.reading.skipped]
    assert kinds.count("header") == 2 and kinds.count("title") == 2
    assert kinds.count("totals") == 4 and kinds.count("page") == 3
    assert kinds.count("signature") == 1
    assert summary.rectification_rate == Decimal("50.00")


def test_a_two_row_header_with_a_group_over_the_amounts(tmp_path: Path, xlsx_reader: str) -> None:
    """金额（万元） merged over 问题金额 and 已整改金额; the other header cells merged down."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["问题编号", "责任单位", "金额（万元）", None, "整改时限", "整改状态"])
    sheet.append([None, None, "问题金额", "已整改金额", None, None])
    sheet.merge_cells("C1:D1")
    for column in "ABEF":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.append(["G-1", "县财政局", 3, 3, datetime.date(2024, 3, 1), "已整改"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    [row] = evaluate_ledger(path, rectilaw.load_policy("sasac"), TODAY).rows
    assert row.headers[2:4] == ("问题金额（万元）", "已整改金额（万元）")
    assert (row.facts["problem_amount"], row.facts["corrected_amount"]) == (
        Decimal("30000.00"), Decimal("30000.00"))
    assert row.row == 3
    csv_path = tmp_path / "two.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["问题编号", "责任单位", "金额（万元）", "", "整改时限"],
                                      ["", "", "问题金额", "已整改金额", ""],
                                      ["G-1", "县财政局", "3", "3", "2024-03-01"]])
    [again] = evaluate_ledger(csv_path, rectilaw.load_policy("sasac"), TODAY).rows
    assert again.facts["problem_amount"] == Decimal("30000.00")


@pytest.mark.parametrize(("mapping", "note", "reason"), [
    ({"unit": "元"}, None, "the header says 万元; the mapping's unit says 元"),
    ({}, "金额单位：元", "doubt"),  # the header's own unit is read, and the doubt said
    ({"units": {"问题金额（万元）": "元"}}, None, "the mapping's units says 元"),
])
def test_a_unit_in_doubt_refuses_the_column(tmp_path: Path, mapping: dict[str, object],
                                            note: str | None, reason: str | None) -> None:
    rows = [["问题编号", "问题金额（万元）", "整改状态"], ["U-1", "2", "已整改"]]
    if note:
        rows.insert(0, [note])
    path = tmp_path / "u.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = evaluate_ledger(path, rectilaw.load_policy("sasac"), TODAY, mapping=mapping)
    reading = result.summary.reading
    if reason == "doubt":
        assert result.rows[0].facts["problem_amount"] == Decimal("20000.00")
        assert "a unit note says 元, but the header says 万元" in reading.doubts[0]
        assert reading.strict_problems(0)
        return
    [refused] = reading.unread
    assert refused.state == "refused" and "ambiguous" in refused.note and reason in refused.note
    assert "problem_amount" not in result.rows[0].facts
    assert reading.strict_problems(0)


def test_headers_are_what_the_ledger_had(tmp_path: Path) -> None:
    assert HEADERS[4] == "问题金额（万元）"


def test_the_output_names_each_disagreement_in_a_column(jiaocheng: rectilaw.Policy,
                                                       tmp_path: Path) -> None:
    from rectilaw.ledger import run_ledger

    out = tmp_path / "out.csv"
    summary = run_ledger(write_office_xlsx(tmp_path / "台账.xlsx"), jiaocheng, TODAY, out=out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary.total == 12
    disputed = {row["问题编号"]: row["评估·认定与规则不一致"] for row in rows}
    assert "而按规则由事实应为“部分整改”（partially_rectified）" in disputed["JC-2023-06"]
    assert "不是依据 `jiaocheng` 规定的整改状态" in disputed["JC-2023-12"]
    assert sum(1 for text in disputed.values() if text) == summary.disagreements == 2
    assert "整改状态" in rows[0] and rows[0]["整改状态"] == "已整改"  # the office's own, kept


def test_units_on_a_row_of_their_own_under_the_header_and_in_cells(tmp_path: Path) -> None:
    rows = [["问题编号", "违规金额", "已整改金额", "整改时限"], ["", "（万元）", "（万元）", ""],
            ["A-1", "2", "1", "2024-03-01"], ["A-2", "3万", "300元", ""]]
    path = tmp_path / "u.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = evaluate_ledger(path, rectilaw.load_policy("sasac"), TODAY)
    assert result.headers[1:3] == ("违规金额（万元）", "已整改金额（万元）")
    assert [(r.row, r.facts["problem_amount"], r.facts["corrected_amount"]) for r in result] == [
        (3, Decimal("20000.00"), Decimal("10000.00")), (4, Decimal("30000.00"), Decimal("300"))]
