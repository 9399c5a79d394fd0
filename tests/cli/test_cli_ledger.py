"""``rectilaw ledger`` beyond its golden runs: written outputs, engines, mappings, the example."""

from __future__ import annotations

import csv
import json
import runpy
import sys
from pathlib import Path

import pytest
from cli_golden import ROOT, run

MINI = "tests/golden/builtin/mini.rules"
LEDGER = "tests/golden/inputs/ledger.csv"
EXAMPLE = "examples/ledger/sasac-ledger.csv"
#: Rows of tests/golden/inputs/ledger.csv below its title and header rows.
LEDGER_ROWS = 10
RESULT_COLUMNS = ("row", "status", "due", "overdue_days", "actions", "error")


def _ledger(*extra: str, ledger: str = LEDGER, policy: str = MINI,
            today: str = "2024-05-29") -> list[str]:
    return ["ledger", ledger, "--policy", policy, "--today", today, *extra]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_out_csv_has_every_row_with_its_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "evaluated.csv"
    result = run(_ledger("--out", str(out), "--lang", "en"), capsys, monkeypatch)
    assert result.code == 0
    assert f"wrote {LEDGER_ROWS} rows to {out}" in result.err
    rows = _csv_rows(out)
    assert len(rows) == LEDGER_ROWS
    assert set(RESULT_COLUMNS) <= set(rows[0])
    assert [r["问题编号"] for r in rows] == [f"L-{n:03d}" for n in range(1, LEDGER_ROWS + 1)]
    failed = {r["row"]: r["error"] for r in rows if r["error"]}
    assert set(failed) == {"10", "11"}
    assert failed["10"].startswith("issued_on:")
    assert rows[1]["status"] == "in_progress" and rows[1]["overdue_days"] == "29"
    assert rows[2]["actions"] == "interview@2024-05-29"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evaluated.csv"]


def test_out_xlsx_has_every_row_and_a_summary_sheet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    out = tmp_path / "evaluated.xlsx"
    assert run(_ledger("--out", str(out)), capsys, monkeypatch).code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "整改率图表", "问题清单", "按责任单位"]
    rows = list(book["问题清单"].iter_rows(values_only=True))
    assert len(rows) - 1 == LEDGER_ROWS
    header = rows[0]
    assert "评估·整改状态代码" in header and "评估·数据问题" in header
    errors = [r for r in rows[1:] if r[header.index("评估·数据问题")]]
    assert [r[header.index("评估·行号")] for r in errors] == [10, 11]


def test_out_parquet_has_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "evaluated.parquet"
    assert run(_ledger("--out", str(out)), capsys, monkeypatch).code == 0
    table = pq.read_table(out)
    assert table.num_rows == LEDGER_ROWS
    assert table.column("status").to_pylist()[:2] == ["rectified", "in_progress"]


def test_out_over_the_ledger_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = tmp_path / "ledger.csv"
    text = (ROOT / LEDGER).read_text("utf-8")
    ledger.write_text(text, "utf-8")
    result = run(_ledger("--out", str(ledger), ledger=str(ledger)), capsys, monkeypatch)
    assert result.code == 2
    assert "would overwrite the ledger being read" in result.err
    assert ledger.read_text("utf-8") == text


def test_out_in_a_missing_directory_is_an_input_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(_ledger("--out", str(tmp_path / "nowhere" / "out.csv")), capsys, monkeypatch)
    assert (result.code, result.out) == (2, "")
    assert "cannot write here" in result.err
    assert "Traceback" not in result.err


def test_a_mapping_names_the_office_s_own_columns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("序号,责任企业,下达日期\nA-1,一公司,2024-03-01\nA-2,二公司,2024-04-01\n",
                      "utf-8")
    mapping = tmp_path / "columns.yaml"
    mapping.write_text("columns:\n  序号: id\n  责任企业: unit\n", "utf-8")
    plain = json.loads(run(_ledger("--json", ledger=str(ledger)), capsys, monkeypatch).out)
    assert list(plain["groups"]["unit"]) == ["(blank)"]
    mapped = run(_ledger("--json", "--mapping", str(mapping), ledger=str(ledger)), capsys,
                 monkeypatch)
    assert mapped.code == 0
    summary = json.loads(mapped.out)
    assert sorted(summary["groups"]["unit"]) == ["一公司", "二公司"]
    assert [o["id"] for o in summary["overdue"]] == ["A-1"]


@pytest.mark.parametrize(("ledger", "policy", "today"), [
    (LEDGER, MINI, "2024-05-29"),
    (EXAMPLE, "sasac", "2024-08-01"),
])
@pytest.mark.parametrize("form", [[], ["--json"]])
def test_duckdb_engine_gives_the_python_engine_s_summary(
        ledger: str, policy: str, today: str, form: list[str],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("duckdb", "sqlglot", "pyarrow"):
        pytest.importorskip(module)
    argv = _ledger(*form, ledger=ledger, policy=policy, today=today)
    python = run([*argv, "--engine", "python"], capsys, monkeypatch)
    duckdb = run([*argv, "--engine", "duckdb"], capsys, monkeypatch)
    assert (python.code, duckdb.code) == (0, 0)
    assert duckdb.out == python.out
    assert duckdb.err == python.err


def test_duckdb_engine_without_the_sql_extra_is_refused(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    result = run(_ledger("--engine", "duckdb"), capsys, monkeypatch)
    assert (result.code, result.out) == (2, "")
    assert result.err == ("rectilaw ledger: --engine duckdb needs the `sql` extra (missing: "
                          "duckdb): pip install 'rectilaw[sql]', or use --engine python\n")


def test_the_example_ledger(capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(_ledger("--json", ledger=EXAMPLE, policy="sasac", today="2024-08-01"), capsys,
                 monkeypatch)
    assert result.code == 0
    summary = json.loads(result.out)
    assert (summary["total"], summary["evaluated"], summary["errors"]) == (30, 29, 1)
    assert [(e["row"], e["problems"][0]["field"]) for e in summary["error_rows"]] == \
        [(16, "issued_on")]
    assert summary["by_status"] == {"not_rectified": 2, "rectified": 12,
                                    "partially_rectified": 5, "in_progress": 10}
    assert summary["rectification_rate"] == 41.38
    assert [o["id"] for o in summary["overdue"]] == ["GZW-2024-025", "GZW-2024-008",
                                                     "GZW-2024-001"]
    assert set(summary["groups"]["source"]) == {"upper", "local", "supervisor"}
    todo = summary["due_actions"]["by"]["internal_audit"]
    assert len(todo["today"]) == 3 and len(todo["this_week"]) == 4


def test_the_demo_prints_the_example_ledger_s_summary(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    runpy.run_path(str(ROOT / "examples" / "demo.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "== sasac-ledger.csv under `sasac`: 30 rows ==" in out
    assert "整改率 41.38%" in out
    assert ("行号 16 GZW-2024-015: 审计结论、决定、意见或问题清单下达日期：`2024-02-30` 不是日期"
            in out)
