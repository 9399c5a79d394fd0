"""Hostile ledgers: corrupt rows, files cut off, merged cells, crashes while writing.

What must hold, whatever the file: every readable row comes out, every unreadable
one comes out as an error with the row number a person sees (the spreadsheet row;
the header is row 1 when nothing stands above it) and the field at fault; a file
damaged as a whole is refused with a LedgerError, never a traceback; an output file
is either complete or not there (the previous one left as it was), with no
temporary file behind.  `make fuzz` runs the generated cases many more times.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import random
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

import rectilaw
from rectilaw.ledger import LedgerError, evaluate_ledger, run_ledger
from rectilaw.ledger import writers as writers_module

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

TODAY = datetime.date(2024, 7, 15)
POLICY = rectilaw.load_policy("sasac")
HEADERS = ["问题编号", "整改责任单位", "问题来源", "审计类型", "整改类型", "下达日期", "整改时限",
           "问题金额", "已纠正金额", "问题金额或事实已调整或纠正完毕", "备注"]
ISSUED, DUE, PROBLEM, CORRECTED_AMOUNT, CORRECTED, NOTE = 5, 6, 7, 8, 9, 10


def good_cells(i: int) -> list[str]:
    """Finding ``i`` as an office writes it; amounts with a thousands separator, so that
    csv quotes them and every line holds quotes an unbalanced one can pair with."""
    return [
        f"GZW-{i:05d}", f"市属企业{i % 4 + 1}", "上级审计机关反馈" if i % 3 == 0 else "本级",
        "经济责任审计" if i % 2 else "专项审计调查", "立行立改" if i % 5 == 0 else "分阶段整改",
        "2024-01-12", "", "1,000.00", "1,000.00" if i % 4 else "250.50",
        "是" if i % 4 else "否", f"第{i}条",
    ]


def csv_line(cells: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


def _replace(index: int, value: str) -> Callable[[list[str]], str]:
    def damage(cells: list[str]) -> str:
        cells[index] = value
        return csv_line(cells)

    return damage


def _unclosed(index: int) -> Callable[[list[str]], str]:
    """The cell written with an opening quote and no closing one."""
    def damage(cells: list[str]) -> str:
        line = csv_line(cells[:index])
        rest = csv_line(cells[index + 1:])
        return f'{line.rstrip()}{"," if index else ""}"{cells[index]},{rest}'

    return damage


#: Each kind of damage a row can have: how to damage a row's cells into its line, and
#: the fields the row's error must name.
DAMAGE: dict[str, tuple[Callable[[list[str]], str], set[str]]] = {
    "impossible date": (_replace(ISSUED, "2024-02-30"), {"issued_on"}),
    "month 13": (_replace(DUE, "2024/13/01"), {"due_on"}),
    "date in words": (_replace(ISSUED, "明天"), {"issued_on"}),
    "negative amount": (_replace(PROBLEM, "-1,000.00"), {"problem_amount"}),
    "three decimals": (_replace(CORRECTED_AMOUNT, "250.505"), {"corrected_amount"}),
    "amount in words": (_replace(PROBLEM, "一千元"), {"problem_amount"}),
    "amount past the decimal context": (
        _replace(PROBLEM, "123456789012345678901234567890.125"), {"problem_amount"}),
    "amount too large": (_replace(CORRECTED_AMOUNT, "1e40"), {"corrected_amount"}),
    "unknown enum value": (_replace(2, "省里"), {"source"}),
    "wrong bool": (_replace(CORRECTED, "也许"), {"corrected"}),
    "too many cells": (lambda c: csv_line([*c, "多出来的", "一格"]), {"<row>"}),
    "too few cells": (lambda c: csv_line(c[:6]),
                      {"due_on", "problem_amount", "corrected_amount", "corrected"}),
    "NUL byte in a date": (_replace(ISSUED, "2024-01\x0012"), {"issued_on"}),
    "NUL byte in an amount": (_replace(PROBLEM, "1,0\x0000.00"), {"problem_amount"}),
    "byte that is not UTF-8": (_replace(ISSUED, "2024-01-\udcff12"), {"issued_on"}),
    "unclosed quote in a date": (_unclosed(ISSUED), {"<row>"}),
    "unclosed quote in the last cell": (_unclosed(NOTE), {"<row>"}),
    "stray quote inside a cell": (_replace(ISSUED, '2024"-01-12'), {"issued_on"}),
}


def encode(text: str) -> bytes:
    """UTF-8, with ``\\udcff`` standing for the byte 0xff (not UTF-8 at all)."""
    return text.encode("utf-8", errors="surrogateescape")


def damaged_ledger(path: Path, rows: int, bad: dict[int, str]) -> Path:
    """A CSV ledger of ``rows`` findings; row ``i`` (from 0) damaged as ``bad[i]`` says."""
    lines = [csv_line(HEADERS)]
    for i in range(rows):
        cells = good_cells(i)
        lines.append(DAMAGE[bad[i]][0](cells) if i in bad else csv_line(cells))
    path.write_bytes(b"".join(map(encode, lines)))
    return path


def fields_by_row(result: Any) -> dict[int, set[str]]:
    return {row.row: {p.field for p in row.problems} for row in result.errors}


# ---------------------------------------------------------------- (a) 5% corrupt rows

def test_a_ledger_with_five_percent_corrupt_rows_keeps_every_row(tmp_path: Path) -> None:
    rng = random.Random(20240715)
    places = sorted(rng.sample(range(2000), 100))
    places[1] = places[0] + 1  # two damaged rows in a row, whatever the seed gives
    kinds = sorted(DAMAGE)
    bad = {place: kinds[n % len(kinds)] for n, place in enumerate(places)}
    # A bad byte among the first 64 KiB, where the encoding is told, and others after.
    assert places[0] < 300 and places[-1] > 1500
    bad[places[0]] = "byte that is not UTF-8"
    path = damaged_ledger(tmp_path / "ledger.csv", 2000, bad)
    result = evaluate_ledger(path, POLICY, TODAY)

    assert len(result) == 2000
    assert [row.row for row in result] == list(range(2, 2002))
    expected = {place + 2: DAMAGE[kind][1] for place, kind in bad.items()}
    assert fields_by_row(result) == expected
    for row in result:
        index = row.row - 2
        assert row.finding_id == f"GZW-{index:05d}", row.row  # no row shifted or swallowed
        if index not in bad:
            assert row.ok and row.facts["issued_on"] == datetime.date(2024, 1, 12)
    summary = result.summary
    assert (summary.total, len(summary.errors), summary.evaluated) == (2000, 100, 1900)
    assert {e.row for e in summary.errors} == set(expected)
    garbled = sorted(p + 2 for p, k in bad.items() if "NUL" in k or "UTF-8" in k)
    warning = next(w for w in summary.warnings if "not utf-8 text" in w)
    assert warning.startswith(f"rows {', '.join(map(str, garbled[:10]))}")


def test_every_row_of_a_corrupt_ledger_is_written(tmp_path: Path) -> None:
    kinds = sorted(DAMAGE)
    bad = {3 * n + 1: kind for n, kind in enumerate(kinds)}
    path = damaged_ledger(tmp_path / "ledger.csv", 3 * len(kinds) + 2, bad)
    out = tmp_path / "out.csv"
    summary = run_ledger(path, POLICY, TODAY, out=out, batch_size=7)
    with open(out, encoding="utf-8-sig", newline="") as stream:
        written = list(csv.DictReader(stream))
    assert len(written) == summary.total == 3 * len(kinds) + 2
    assert [int(r["评估·行号"]) for r in written] == list(range(2, len(written) + 2))
    for record in written:
        damaged = int(record["评估·行号"]) - 2 in bad
        assert bool(record["评估·数据问题"]) == damaged
        assert bool(record["评估·整改状态代码"]) != damaged


@pytest.mark.parametrize(("kind", "words"), [
    # the quote pairs with the next one on its line (the amount's): the cells shift
    ("unclosed quote in a date", ["`下达日期`", "do not pair up"]),
    ("unclosed quote in the last cell", ["`备注`", "never closed"]),
    ("too many cells", ["`多出来的`", "beyond the last column"]),
    ("byte that is not UTF-8", ["`2024-01-\ufffd12` is not a date", "column `下达日期`"]),
])
def test_the_error_says_what_is_wrong_and_where(tmp_path: Path, kind: str,
                                                words: list[str]) -> None:
    path = damaged_ledger(tmp_path / "l.csv", 5, {2: kind})
    row = evaluate_ledger(path, POLICY, TODAY).rows[2]
    assert row.row == 4
    for word in words:
        assert word in (row.error or "")


@pytest.mark.parametrize("rows", [30, 3000])
def test_an_unclosed_quote_with_no_quote_after_it_swallows_nothing(tmp_path: Path,
                                                                   rows: int) -> None:
    """With no other quote in the file, the csv module reads every line after an unclosed
    quote into one cell: to the end of the file, or (3,000 rows) until the cell passes
    the csv module's size limit and it fails.  Either way every row is kept."""
    lines = [csv_line(HEADERS)]
    for i in range(rows):
        cells = good_cells(i)
        cells[PROBLEM] = cells[CORRECTED_AMOUNT] = "1000.00"
        line = csv_line(cells)
        lines.append(line.replace(",2024-01-12,", ',"2024-01-12,') if i == 3 else line)
    assert (sum(map(len, lines[5:])) > csv.field_size_limit()) == (rows > 1000)
    path = tmp_path / "l.csv"
    path.write_text("".join(lines), "utf-8")
    result = evaluate_ledger(path, POLICY, TODAY)
    assert len(result) == rows
    assert fields_by_row(result) == {5: {"<row>"}}
    assert "`下达日期` is never closed" in (result.rows[3].error or "")
    assert all(row.finding_id == f"GZW-{row.row - 2:05d}" for row in result)


def test_a_quoted_cell_over_several_lines_is_still_one_row(tmp_path: Path) -> None:
    """The measures column is written with line breaks inside a quoted cell."""
    rows = [good_cells(i) for i in range(4)]
    rows[1][NOTE] = "reminder_letter@2024-03-01\nsupervision_letter@2024-04-01"
    path = tmp_path / "l.csv"
    path.write_text("".join(map(csv_line, [HEADERS, *rows])), "utf-8")
    result = evaluate_ledger(path, POLICY, TODAY)
    assert [row.row for row in result] == [2, 3, 4, 5]
    assert not result.errors
    assert result.rows[1].cells[NOTE] == rows[1][NOTE]


def test_a_bad_byte_at_the_top_does_not_change_the_encoding(tmp_path: Path) -> None:
    """One bad byte near the top does not turn a UTF-8 ledger into GB18030 mojibake."""
    path = damaged_ledger(tmp_path / "l.csv", 30, {0: "byte that is not UTF-8"})
    result = evaluate_ledger(path, POLICY, TODAY)
    assert [r.finding_id for r in result][:2] == ["GZW-00000", "GZW-00001"]
    assert fields_by_row(result) == {2: {"issued_on"}}
    assert result.rows[1].facts["unit"] == "市属企业2"


def test_a_gb18030_ledger_with_a_stray_byte_is_still_gb18030(tmp_path: Path) -> None:
    rows = [good_cells(i) for i in range(30)]
    text = "".join(map(csv_line, [HEADERS, *rows])).replace(",", "\t")
    data = text.encode("gb18030").replace(b"2024-01-12", b"2024-01-\xff2", 1)
    path = tmp_path / "l.csv"
    path.write_bytes(data)
    result = evaluate_ledger(path, POLICY, TODAY)
    assert fields_by_row(result) == {2: {"issued_on"}}
    assert [row.facts["unit"] for row in result][:3] == ["市属企业1", "市属企业2", "市属企业3"]
    assert any(w.startswith("row 2 holds bytes that are not gb18030") for w in
               result.summary.warnings)


def test_a_spreadsheet_unicode_text_export_is_read(tmp_path: Path) -> None:
    """What a spreadsheet program saves as "Unicode text": UTF-16 with a byte-order mark,
    tab-separated."""
    rows = [good_cells(i) for i in range(5)]
    text = "\r\n".join("\t".join(cells) for cells in [HEADERS, *rows])
    path = tmp_path / "l.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    result = evaluate_ledger(path, POLICY, TODAY)
    assert [row.finding_id for row in result] == [cells[0] for cells in rows]
    assert not result.errors and not result.summary.warnings


# ---------------------------------------------------------------- (b) files cut off

def _last_line_cuts(text: str) -> list[int]:
    """Every byte offset inside the last line of ``text`` (UTF-8), line end excluded."""
    data = text.encode()
    start = data.rindex(b"\n", 0, len(data) - 1) + 1
    return list(range(start + 1, len(data) - 1))


LAST = good_cells(49)
LAST[NOTE] = "备注,含逗号"  # quoted by csv: a cut can fall inside a quoted last cell
CUT_TEXT = "".join(map(csv_line, [HEADERS, *(good_cells(i) for i in range(49)), LAST]))


@pytest.mark.parametrize("offset", _last_line_cuts(CUT_TEXT))
def test_a_csv_cut_off_mid_row_keeps_every_complete_row(tmp_path: Path, offset: int) -> None:
    path = tmp_path / "cut.csv"
    data = CUT_TEXT.encode()[:offset]
    path.write_bytes(data)
    result = evaluate_ledger(path, POLICY, TODAY)
    assert [row.row for row in result] == list(range(2, 52))
    assert all(row.ok for row in result.rows[:49])
    cut = result.rows[49]
    line = data[data.rindex(b"\n") + 1:].decode(errors="replace")
    cells = next(csv.reader([line]))
    whole = (len(cells) == len(HEADERS) and not line.endswith("\ufffd")
             and line.count('"') % 2 == 0)
    if whole:
        # Cut inside the last column between characters: nothing tells it from a file
        # whose last line has no line break; the row is read as it stands.
        assert cut.ok and LAST[NOTE].startswith(cut.cells[NOTE])
    else:
        assert fields_by_row(result) == {51: {"<row>"}}
        assert "cut off" in (cut.error or "") or "ends in the middle" in (cut.error or "")
        assert cut.finding_id == (LAST[0] if len(cells) > 1 else None)


def test_a_csv_cut_inside_a_cell_over_several_lines(tmp_path: Path) -> None:
    rows = [good_cells(i) for i in range(5)]
    rows[4][NOTE] = "第一行\n第二行\n第三行"
    text = "".join(map(csv_line, [HEADERS, *rows]))
    path = tmp_path / "cut.csv"
    path.write_text(text[:text.index("第三")], "utf-8")
    result = evaluate_ledger(path, POLICY, TODAY)
    assert [row.ok for row in result.rows[:4]] == [True] * 4
    assert [row.row for row in result][:5] == [2, 3, 4, 5, 6]
    assert all(not row.ok for row in result.rows[4:])
    assert "never closed" in (result.rows[4].error or "")


def _parquet(path: Path, rows: int = 200) -> Path:
    table = pa.table({
        "id": [f"P-{i}" for i in range(rows)],
        "issued_on": pa.array([datetime.date(2024, 1, 12)] * rows, pa.date32()),
        "problem_amount": pa.array([i * 100 for i in range(rows)], pa.decimal128(14, 2)),
        "corrected": [i % 2 == 0 for i in range(rows)],
    })
    pq.write_table(table, path, row_group_size=50)
    return path


@pytest.mark.parametrize("keep", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_a_parquet_file_cut_off_is_refused_with_a_clear_error(tmp_path: Path,
                                                              keep: float) -> None:
    """A Parquet file's row groups are found through the footer at its end: cut off,
    none of its rows can be located, so the file is refused as a whole."""
    whole = _parquet(tmp_path / "whole.parquet").read_bytes()
    path = tmp_path / "cut.parquet"
    path.write_bytes(whole[:int(len(whole) * keep)])
    with pytest.raises(LedgerError, match=r"cut\.parquet: not a readable Parquet file"):
        evaluate_ledger(path, POLICY, TODAY)
    out = tmp_path / "out.csv"
    with pytest.raises(LedgerError):
        run_ledger(path, POLICY, TODAY, out=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.parquet", "whole.parquet"]


def test_a_parquet_file_damaged_inside_is_refused_or_read_whole(tmp_path: Path) -> None:
    """Damage inside the data: the file is refused with a LedgerError, or (where the
    damage falls on bytes the rows do not need) read with every row."""
    whole = _parquet(tmp_path / "whole.parquet").read_bytes()
    footer = int.from_bytes(whole[-8:-4], "little")
    outcomes = set()
    for offset in range(4, len(whole) - footer - 8, 97):
        damaged = bytearray(whole)
        damaged[offset:offset + 16] = b"\xff" * 16
        path = tmp_path / "damaged.parquet"
        path.write_bytes(bytes(damaged))
        try:
            result = evaluate_ledger(path, POLICY, TODAY)
        except LedgerError as error:
            assert "damaged.parquet" in str(error)
            outcomes.add("refused")
        else:
            assert len(result) == 200
            outcomes.add("read")
    assert "refused" in outcomes


def test_a_xlsx_file_cut_off_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    whole = _office_ledger(tmp_path / "whole.xlsx").read_bytes()
    for keep in (0.0, 0.3, 0.8, 0.99):
        path = tmp_path / "cut.xlsx"
        path.write_bytes(whole[:int(len(whole) * keep)])
        with pytest.raises(LedgerError, match=r"cut\.xlsx: not a readable XLSX workbook"):
            evaluate_ledger(path, POLICY, TODAY)


@pytest.mark.parametrize(("row", "message"), [
    (8, r"l\.xlsx: not a readable XLSX workbook"),  # among the rows read to find the header
    (30, r"l\.xlsx \[Sheet\]: the sheet cannot be read after row 29"),
])
def test_a_xlsx_sheet_damaged_half_way_is_refused_with_a_clear_error(
        tmp_path: Path, row: int, message: str) -> None:
    book = openpyxl.Workbook()
    book.active.append(XLSX_HEADERS)
    for i in range(40):
        book.active.append([f"A-{i}", "甲", datetime.date(2024, 1, 12), 100, 0, "否", None])
    book.save(tmp_path / "l.xlsx")
    path = _rewrite_sheet(tmp_path / "l.xlsx",
                          lambda xml: xml.replace(f'<row r="{row}"'.encode(),
                                                  f'<row r="{row}"<<'.encode(), 1))
    with pytest.raises(LedgerError, match=message):
        evaluate_ledger(path, POLICY, TODAY)


# ---------------------------------------------------------------- (c) merged cells, XLSX

#: The office ledger: (unit, rows of (id, issued_on, problem amount, corrected amount,
#: corrected)); each unit's name is written once, merged down beside its findings.
GROUPS: list[tuple[str, list[tuple[str, datetime.date, int, int, str]]]] = [
    ("市属企业甲", [("A-1", datetime.date(2024, 1, 12), 1000, 1000, "是"),
                    ("A-2", datetime.date(2024, 1, 12), 500, 0, "否"),
                    ("A-3", datetime.date(2024, 3, 1), 800, 800, "是")]),
    ("市属企业乙", [("B-1", datetime.date(2024, 2, 1), 300, 100, "否"),
                    ("B-2", datetime.date(2024, 2, 1), 200, 200, "是")]),
    ("市属企业丙", [("C-1", datetime.date(2023, 11, 20), 1200, 0, "否")]),
]
XLSX_HEADERS = ["问题编号", "整改责任单位", "下达日期", "问题金额", "已纠正金额",
                "问题金额或事实已调整或纠正完毕", "备注"]


def _office_ledger(path: Path, gap_inside: bool = False) -> Path:
    """Row 1: a title merged across the table; row 2: who filled it in; row 3: the
    header; then each unit's findings with the unit merged down, the issue date merged
    down where it is shared, a blank row after each group (and, with ``gap_inside``,
    one inside the first group's merged range); last, a totals row."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "台账"
    ws.append(["2024年度审计整改台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(XLSX_HEADERS))
    ws.append(["填报单位：市国资委", None, None, None, "截至2024年7月15日"])
    ws.append(XLSX_HEADERS)
    row = 4
    for unit, findings in GROUPS:
        top = row
        shared = all(f[1] == findings[0][1] for f in findings)
        for n, (fid, issued, problem, corrected, done) in enumerate(findings):
            if gap_inside and unit == GROUPS[0][0] and n == 1:
                ws.append([])
                row += 1
            ws.append([fid, unit if row == top else None,
                       issued if row == top or not shared else None,
                       problem, corrected, done, None])
            row += 1
        if row - 1 > top:
            ws.merge_cells(start_row=top, start_column=2, end_row=row - 1, end_column=2)
            if shared:
                ws.merge_cells(start_row=top, start_column=3, end_row=row - 1, end_column=3)
        ws.append([])
        row += 1
    ws.append(["合计", None, None, f"=SUM(D4:D{row - 1})", None, None, None])
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    book.save(path)
    return path


def _rewrite_sheet(path: Path, change: Callable[[bytes], bytes]) -> Path:
    """``path`` with its first worksheet's XML changed (what other programs write)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, change(data) if info.filename.endswith("sheet1.xml")
                            else data)
    return path


def _data_rows(gap_inside: bool = False) -> list[int]:
    numbers, row = [], 4
    for unit, findings in GROUPS:
        for n in range(len(findings)):
            if gap_inside and unit == GROUPS[0][0] and n == 1:
                row += 1
            numbers.append(row)
            row += 1
        row += 1
    return numbers


@pytest.mark.parametrize("gap_inside", [False, True])
def test_a_spreadsheet_with_merged_cells_and_blank_lines(tmp_path: Path,
                                                         gap_inside: bool) -> None:
    path = _office_ledger(tmp_path / "l.xlsx", gap_inside)
    result = evaluate_ledger(path, POLICY, TODAY)
    findings = [(unit, f) for unit, group in GROUPS for f in group]
    numbers = _data_rows(gap_inside)
    totals = numbers[-1] + 2
    assert [row.row for row in result] == numbers
    assert [(s.row, s.kind) for s in result.summary.reading.skipped] == [(totals, "totals")]
    for row, (unit, (fid, issued, problem, corrected, done)) in zip(result, findings,
                                                                   strict=False):
        assert row.ok, row.error
        assert row.finding_id == fid
        assert row.facts["unit"] == unit  # the merged cell holds in every row it spans
        assert row.facts["issued_on"] == issued
        alone = POLICY.evaluate({"id": fid, "unit": unit, "issued_on": issued,
                                 "problem_amount": problem, "corrected_amount": corrected,
                                 "corrected": done == "是"}, today=TODAY)
        assert (row.status, row.due, row.actions) == (alone.status, alone.due, alone.actions)
    assert fields_by_row(result) == {}
    summary = result.summary
    assert summary.evaluated == len(findings)
    assert summary.blank_rows == len(GROUPS) + gap_inside
    by_unit = {key: figures.total for key, figures in summary.groups["unit"].items()}
    assert by_unit == {unit: len(group) for unit, group in GROUPS}


def test_cells_merged_across_only_stay_in_their_first_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(XLSX_HEADERS)
    ws.append(["A-1", "甲", datetime.date(2024, 1, 12), 100, 100, "是", "整改完毕，已销号"])
    ws.append(["A-2", "乙", "2024-13-01", 100, 0, "否", None])
    ws.merge_cells("F2:G2")  # the flag merged over the note: the note is not 是
    ws.merge_cells("C3:D3")  # a bad date merged over the amount: one error, not two
    book.save(tmp_path / "l.xlsx")
    result = evaluate_ledger(tmp_path / "l.xlsx", POLICY, TODAY)
    assert result.rows[0].ok and result.rows[0].facts["corrected"] is True
    assert fields_by_row(result) == {3: {"issued_on"}}


def test_a_sheet_that_declares_a_wrong_size_is_read_to_its_last_row(tmp_path: Path) -> None:
    """Files from other programs often declare `<dimension ref="A1"/>`; read-only openpyxl
    would stop there."""
    path = _rewrite_sheet(_office_ledger(tmp_path / "l.xlsx"),
                          lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"',
                                             xml))
    result = evaluate_ledger(path, POLICY, TODAY)
    assert [row.finding_id for row in result if row.ok] == [f[0] for _, g in GROUPS for f in g]


def test_merged_ranges_are_found_with_a_namespace_prefix(tmp_path: Path) -> None:
    path = _office_ledger(tmp_path / "l.xlsx")

    def prefixed(xml: bytes) -> bytes:
        for tag in (b"<mergeCells", b"</mergeCells", b"<mergeCell "):
            xml = xml.replace(tag, tag.replace(b"merge", b"x:merge"))
        return xml.replace(b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.'
                           b'org/spreadsheetml/2006/main" ', 1)

    result = evaluate_ledger(_rewrite_sheet(path, prefixed), POLICY, TODAY)
    assert [row.facts.get("unit") for row in result if row.ok] == \
        [unit for unit, group in GROUPS for _ in group]


# ---------------------------------------------------------------- (d) atomic output

class Crash(Exception):
    """What the tests make the writer fail with."""


def _crash_on(call: int, failure: BaseException) -> Callable[..., Any]:
    real = writers_module.ResultFormatter.__call__
    calls = [0]

    def formatter(self: Any, row: Any) -> Any:
        calls[0] += 1
        if calls[0] == call:
            raise failure
        return real(self, row)

    return formatter


def _ledger(tmp_path: Path, rows: int = 60) -> Path:
    path = tmp_path / "in" / "ledger.csv"
    path.parent.mkdir()
    path.write_text("".join(map(csv_line, [HEADERS, *map(good_cells, range(rows))])), "utf-8")
    return path


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary directory, for the files openpyxl streams sheets into."""
    directory = tmp_path / "system-tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


FAILURES: dict[str, Callable[[], BaseException]] = {
    "exception": lambda: Crash("the evaluation broke"),
    "disk full": lambda: OSError(28, "No space left on device"),
    "interrupt": KeyboardInterrupt,
}


@pytest.mark.parametrize("previous", [False, True])
@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_crash_while_writing_leaves_no_half_file(tmp_path: Path, scratch: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   suffix: str, failure: str,
                                                   previous: bool) -> None:
    source = _ledger(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"report{suffix}"
    if previous:
        run_ledger(source, POLICY, TODAY, out=out)
    before = out.read_bytes() if previous else None
    # batches of 10: the crash comes on the 35th row formatted, after whole batches
    monkeypatch.setattr(writers_module.ResultFormatter, "__call__",
                        _crash_on(35, FAILURES[failure]()))
    expected = {"exception": Crash, "disk full": LedgerError,
                "interrupt": KeyboardInterrupt}[failure]
    with pytest.raises(expected):
        run_ledger(source, POLICY, TODAY, out=out, batch_size=10)
    assert (out.read_bytes() if out.exists() else None) == before
    assert [p.name for p in out_dir.iterdir()] == ([out.name] if previous else [])
    assert list(scratch.iterdir()) == []
    monkeypatch.undo()
    run_ledger(source, POLICY, TODAY, out=out)  # the same place is written afterwards
    assert [p.name for p in out_dir.iterdir()] == [out.name]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_crash_while_finishing_leaves_no_half_file(tmp_path: Path, scratch: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     suffix: str) -> None:
    result = evaluate_ledger(_ledger(tmp_path), POLICY, TODAY)
    out = tmp_path / f"report{suffix}"
    out.write_bytes(b"the previous report")

    def broken(*args: Any) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(writers_module.os, "replace", broken)
    with pytest.raises(LedgerError, match=r"cannot write: .*Input/output error"):
        result.write(out)
    assert out.read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", f"report{suffix}",
                                                          "system-tmp"]
    assert list(scratch.iterdir()) == []


def test_the_file_is_on_disk_before_it_is_moved_into_place(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(handle: int) -> None:
        events.append("fsync")
        real_fsync(handle)

    def replace(source: Any, target: Any) -> None:
        events.append(f"replace {Path(target).name}")
        real_replace(source, target)

    monkeypatch.setattr(writers_module.os, "fsync", fsync)
    monkeypatch.setattr(writers_module.os, "replace", replace)
    run_ledger(_ledger(tmp_path), POLICY, TODAY, out=tmp_path / "report.csv")
    assert events[:2] == ["fsync", "replace report.csv"]


def test_the_output_gets_the_usual_permissions(tmp_path: Path) -> None:
    source = _ledger(tmp_path)
    out = tmp_path / "report.csv"
    mask = os.umask(0o022)
    try:
        run_ledger(source, POLICY, TODAY, out=out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o640)  # a report kept from others stays so when written again
        run_ledger(source, POLICY, TODAY, out=out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(mask)


# ---------------------------------------------------------------- generated damage

#: What damage puts into a line: quotes, separators, line breaks, NUL, a byte that is
#: not UTF-8, half of a Chinese character's bytes, a BOM, a formula.
NOISE = ['"', '""', ",", "\n", "\r", "\r\n", "\0", "\udcff", "\udce4\udcb8", "\ufeff", ";",
         "\t", "=1+1", "是", "-", "."]
CLEAN_ROWS = 24
CLEAN = [good_cells(i) for i in range(CLEAN_ROWS)]
for _i in range(0, CLEAN_ROWS, 5):
    CLEAN[_i][NOTE] = "reminder_letter@2024-03-01\nsupervision_letter@2024-04-01"
CLEAN_LINES = [csv_line(HEADERS), *map(csv_line, CLEAN)]
CLEAN_RESULT = {row.finding_id: row for row in evaluate_ledger(
    [dict(zip(HEADERS, cells, strict=True)) for cells in CLEAN], POLICY, TODAY)}


@st.composite
def damaged_lines(draw: st.DrawFn) -> tuple[list[str], set[int], list[str]]:
    """The clean ledger's lines with a few data lines damaged, maybe the file cut off;
    the indexes (in CLEAN) of the findings touched; and what was done."""
    lines = list(CLEAN_LINES)
    touched: set[int] = set()
    done: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(1, len(lines) - 1))
        line = lines[index]
        at = draw(st.integers(0, len(line) - 1))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        noise = draw(st.sampled_from(NOISE))
        if kind == "insert":
            line = line[:at] + noise + line[at:]
        elif kind == "delete":
            line = line[:at] + line[at + draw(st.integers(1, 12)):]
        else:
            line = line[:at] + noise + line[at + len(noise):]
        lines[index] = line
        touched.add(index - 1)
        done.append(kind if kind == "delete" else f"{kind} {noise!r}")
        if not line.endswith(("\n", "\r")) and index < len(lines) - 1:
            touched.add(index)  # its line end gone, the next line is part of it
    if draw(st.booleans()):
        last = len(lines) - 1
        lines[last] = lines[last][:draw(st.integers(0, len(lines[last]) - 1))]
        touched.add(last - 1)
        done.append("file cut off")
    return lines, touched, done


@given(damaged_lines())
def test_damaged_lines_never_cost_an_untouched_row(
        case: tuple[list[str], set[int], list[str]]) -> None:
    lines, touched, done = case
    for operation in done:
        event(operation)
    data = b"".join(map(encode, lines))
    note(repr(data))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzz.csv"
        path.write_bytes(data)
        result = evaluate_ledger(path, POLICY, TODAY)
    numbers = [row.row for row in result]
    assert numbers == sorted(set(numbers)) and numbers[0] >= 2
    by_id: dict[str | None, list[Any]] = {}
    for row in result:
        by_id.setdefault(row.finding_id, []).append(row)
        if not row.ok:
            assert row.problems and row.error
    for index, cells in enumerate(CLEAN):
        if index in touched:
            continue
        found = [row for row in by_id.get(cells[0], []) if row.ok]
        assert found, f"untouched finding {cells[0]} lost"
        clean = CLEAN_RESULT[cells[0]]
        assert any(row.facts == clean.facts and row.status == clean.status for row in found)
