"""Corrupt rows: every input row comes out, bad ones with their row number and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import rectilaw
from rectilaw.ledger import LedgerError, evaluate_ledger, run_ledger

from .sample import HEADERS, TODAY, ledger_rows, read_csv, write_csv


def _corrupt_ledger(tmp_path: Path) -> tuple[Path, dict[int, set[str]]]:
    """A CSV of 12 findings, five of them broken; and, by spreadsheet row, the fields at fault."""
    rows: list[list[str]] = [list(map(str, r)) for r in ledger_rows(12, 6)]
    rows[1][5] = "2024-13-01"                 # issued_on: no such month
    rows[3][2] = "省里"                        # source: unknown enum value
    rows[4][7] = "-500.00"                     # problem_amount: negative
    rows[4][9] = "也许"                        # corrected: neither 是 nor 否
    rows[6] = rows[6][:6]                      # cut short: 整改时限 onwards missing
    rows[8] = [*rows[8], "多出来的", "一格"]     # two cells beyond the header
    path = write_csv(tmp_path / "corrupt.csv", HEADERS, rows)
    expected = {
        3: {"issued_on"},
        5: {"source"},
        6: {"problem_amount", "corrected"},
        8: {"due_on", "problem_amount", "corrected_amount", "corrected"},
        10: {"<row>"},
    }
    return path, expected


def test_no_row_is_lost_and_errors_name_row_and_field(sasac: rectilaw.Policy,
                                                      tmp_path: Path) -> None:
    path, expected = _corrupt_ledger(tmp_path)
    result = evaluate_ledger(path, sasac, TODAY)
    assert [row.row for row in result] == list(range(2, 14))
    errors = {row.row: {p.field for p in row.problems} for row in result.errors}
    assert errors == expected
    for row in result:
        assert (row.assessment is None) == (row.row in expected)
        assert (row.error is None) == (row.row not in expected)
    summary = result.summary
    assert summary.total == 12
    assert len(summary.errors) == 5
    assert summary.evaluated == 7
    assert {e.row for e in summary.errors} == set(expected)


def test_messages_say_what_is_wrong(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path, _ = _corrupt_ledger(tmp_path)
    by_row = {row.row: row for row in evaluate_ledger(path, sasac, TODAY)}
    assert "`2024-13-01` is not a date" in by_row[3].error
    assert "column `下达日期`" in by_row[3].error
    assert "`省里` is not one of upper, local, supervisor" in by_row[5].error
    assert "cannot be negative" in by_row[6].error
    assert "column `整改时限` is missing" in by_row[8].error
    assert "`多出来的`" in by_row[10].error


def test_written_output_has_every_row(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path, expected = _corrupt_ledger(tmp_path)
    out = tmp_path / "out.csv"
    summary = run_ledger(path, sasac, TODAY, out=out)
    written = read_csv(out)
    assert len(written) == summary.total == 12
    assert [int(r["评估·行号"]) for r in written] == list(range(2, 14))
    for record in written:
        bad = int(record["评估·行号"]) in expected
        assert bool(record["评估·数据问题"]) == bad
        assert bool(record["评估·整改状态代码"]) != bad
    assert written[1]["下达日期"] == "2024-13-01"


def test_a_failing_evaluation_becomes_the_rows_error(sasac: rectilaw.Policy) -> None:
    # Six months on is past the last day the calendar answers for.
    rows = [{"id": "far", "issued_on": "2100-12-01"}, {"id": "near", "issued_on": "2024-01-12"}]
    result = sasac.evaluate_many(rows, today=TODAY)
    assert [r.ok for r in result] == [False, True]
    [problem] = result.rows[0].problems
    assert problem.field == "<evaluation>"
    assert problem.message.startswith("a date or number computed for it is out of range: ")


def test_things_that_are_not_mappings_are_rows_in_error(sasac: rectilaw.Policy) -> None:
    result = sasac.evaluate_many([{"id": "a"}, ["not", "a", "mapping"], None], today=TODAY)
    assert [r.ok for r in result] == [True, False, False]
    assert result.summary.total == 3


def test_a_totals_row_is_left_out_and_listed(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    rows = [list(map(str, r)) for r in ledger_rows(4, 2)]
    rows.append(["合计", "", "", "", "", "", "", "4,000.00", "", "", ""])
    result = evaluate_ledger(write_csv(tmp_path / "t.csv", HEADERS, rows), sasac, TODAY)
    assert len(result) == 4
    assert result.summary.evaluated == result.summary.total == 4
    assert not result.summary.errors
    [skipped] = result.summary.reading.skipped
    assert (skipped.row, skipped.kind) == (6, "totals")


def test_blank_lines_are_skipped_and_counted(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    rows = [list(map(str, r)) for r in ledger_rows(3, 1)]
    rows.insert(1, [""] * len(HEADERS))
    result = evaluate_ledger(write_csv(tmp_path / "b.csv", HEADERS, rows), sasac, TODAY)
    assert [r.row for r in result] == [2, 4, 5]
    assert result.summary.blank_rows == 1


def test_a_file_without_a_known_header_is_refused(sasac: rectilaw.Policy,
                                                  tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["甲", "乙"], [["1", "2"]])
    with pytest.raises(LedgerError, match="no header row found"):
        evaluate_ledger(path, sasac, TODAY)


def test_nul_bytes_do_not_stop_the_batch(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", HEADERS, [list(map(str, r)) for r in ledger_rows(3, 3)])
    data = path.read_bytes().replace(b"2024-01-12", b"2024-01\x0012", 1)
    path.write_bytes(data)
    result = evaluate_ledger(path, sasac, TODAY)
    assert [r.ok for r in result] == [False, True, True]
