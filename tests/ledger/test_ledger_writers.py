"""The evaluated ledger as written: typed office workbooks, safe texts, languages, files."""

from __future__ import annotations

import csv
import datetime
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rectilaw
from rectilaw.ledger import LedgerError, evaluate_ledger, run_ledger
from rectilaw.ledger.messages import CATALOGUE, PATTERNS, problem_text, translate
from rectilaw.ledger.writers import neutralise, open_writer

from .sample import HEADERS, TODAY, ledger_rows, read_csv, write_csv

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = ['=HYPERLINK("http://example.invalid","x")', "=cmd|' /C calc'!A0", "+1+cmd",
            "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def _findings(path: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    sheet = openpyxl.load_workbook(path)["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    return [str(h) for h in rows[0]], rows[1:]


# ---------------------------------------------------------------- typed cells

def test_xlsx_cells_are_typed_and_sum_to_the_ledger_total(sasac: rectilaw.Policy,
                                                          tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(30, 20))
    summary = run_ledger(source, sasac, TODAY, out=tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    headers, rows = _findings(tmp_path / "out.xlsx")
    issued, amount = headers.index("下达日期"), headers.index("问题金额")
    assert all(isinstance(r[issued], datetime.datetime) for r in rows)
    assert all(isinstance(r[amount], (int, float)) for r in rows)
    assert Decimal(str(sum(r[amount] for r in rows))) == summary.overall.problem_amount
    sheet = book["问题清单"]
    assert sheet.cell(2, amount + 1).number_format == "#,##0.00"
    assert sheet.cell(2, issued + 1).number_format == "yyyy-mm-dd"
    due = headers.index("评估·整改时限")
    assert isinstance(rows[0][due], datetime.datetime)
    figures = {r[0]: (r[1], c) for r, c in
               zip(book["汇总"].iter_rows(values_only=True), book["汇总"]["B"], strict=False)
               if r and r[0]}
    rate, cell = figures["整改率"]
    assert rate == pytest.approx(0.6667) and cell.number_format == "0.00%"  # 66.67%, as reported


def test_xlsx_shows_labels_and_keeps_codes_apart(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(6, 3))
    run_ledger(source, sasac, TODAY, out=tmp_path / "out.xlsx")
    headers, rows = _findings(tmp_path / "out.xlsx")
    status, code = headers.index("评估·整改状态"), headers.index("评估·整改状态代码")
    stage = headers.index("评估·所处阶段")
    actions = headers.index("评估·应采取的措施")
    assert {r[status] for r in rows} <= set(sasac.statuses.values())
    assert {r[code] for r in rows} <= set(sasac.statuses)
    assert all(r[stage] and "_" not in str(r[stage]) for r in rows)
    assert any("市国资委" in str(r[actions]) for r in rows if r[actions])
    assert headers.index("评估·措施代码") > actions


def test_xlsx_is_set_up_for_the_office(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    run_ledger(write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(30, 10)), sasac, TODAY,
               out=out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "整改率图表", "问题清单", "按责任单位"]
    sheet = book["问题清单"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.endswith("31")
    rules = [rule for ranges in sheet.conditional_formatting for rule in ranges.rules]
    assert rules and "逾期" not in str(rules) and rules[0].type == "expression"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"
    headers, _ = _findings(out)
    wrap = sheet.cell(2, headers.index("评估·应采取的措施") + 1).alignment.wrap_text
    assert wrap
    units = list(book["按责任单位"].iter_rows(values_only=True))
    assert units[0][0] == "整改责任单位" and len(units) == 1 + 4
    assert sum(r[1] for r in units[1:]) == 30
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        assert "整改率（按问题来源）" in archive.read(charts[1]).decode()


def test_a_csv_ledger_written_as_csv_keeps_its_text(sasac: rectilaw.Policy,
                                                   tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(3, 1))
    run_ledger(source, sasac, TODAY, out=tmp_path / "out.csv")
    assert read_csv(tmp_path / "out.csv")[0]["问题金额"] == "1,000.00"


# ---------------------------------------------------------------- formula injection

@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_no_text_cell_is_ever_a_formula(sasac: rectilaw.Policy, tmp_path: Path, suffix: str,
                                        payload: str) -> None:
    rows = ledger_rows(2, 1)
    rows[0][10] = payload
    rows[1][1] = payload
    source = write_csv(tmp_path / "in.csv", HEADERS, rows)
    out = tmp_path / f"out{suffix}"
    run_ledger(source, sasac, TODAY, out=out)
    if suffix == ".csv":
        with open(out, encoding="utf-8-sig", newline="") as stream:
            records = list(csv.reader(stream))
        cells = [cell for record in records for cell in record]
    else:
        _, values = _findings(out)
        cells = [str(v) for row in values for v in row if isinstance(v, str)]
        payload = payload.replace("\r", "\n")  # XML reads a carriage return as a line feed
    assert "'" + payload in cells
    assert not [c for c in cells if c and (c[0] in "=+@\t\r\n" or (c[0] == "-" and c != "-"))]


def test_numbers_stay_numbers_when_neutralised() -> None:
    assert neutralise("-1250.00") == "-1250.00"
    assert neutralise("+1,250,000.00") == "+1,250,000.00"
    assert neutralise("-1+2") == "'-1+2"
    assert neutralise("=1") == "'=1"
    assert neutralise("普通文字") == "普通文字"


# ---------------------------------------------------------------- languages and headers

def test_csv_and_xlsx_headers_follow_the_language(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    result = evaluate_ledger(write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(3, 1)),
                             sasac, TODAY)
    result.write(tmp_path / "zh.csv")
    result.write(tmp_path / "en.csv", lang="en")
    result.write(tmp_path / "en.xlsx", lang="en")
    assert "评估·整改状态" in read_csv(tmp_path / "zh.csv")[0]
    assert "status_label" in read_csv(tmp_path / "en.csv")[0]
    book = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert book.sheetnames == ["Summary", "Charts", "Findings", "By unit"]
    header = next(book["Findings"].iter_rows(values_only=True))
    assert "status_label" in header and "error" in header


def test_result_headers_never_take_an_input_header(sasac: rectilaw.Policy,
                                                   tmp_path: Path) -> None:
    headers = [*HEADERS, "评估·整改状态"]
    rows = [[*row, "旧的结果"] for row in ledger_rows(2, 1)]
    run_ledger(write_csv(tmp_path / "in.csv", headers, rows), sasac, TODAY,
               out=tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as stream:
        header = next(csv.reader(stream))
    assert len(header) == len(set(header))
    assert "评估·整改状态(2)" in header


def test_row_problems_are_chinese_in_the_chinese_output(sasac: rectilaw.Policy,
                                                       tmp_path: Path) -> None:
    rows = ledger_rows(6, 3)
    rows[0][5], rows[1][7], rows[2][2], rows[3][9] = "2024-13-01", "十二万", "省里", "也许"
    rows[4][7] = "-5"
    source = write_csv(tmp_path / "in.csv", HEADERS, rows)
    run_ledger(source, sasac, TODAY, out=tmp_path / "out.csv")
    errors = [r["评估·数据问题"] for r in read_csv(tmp_path / "out.csv") if r["评估·数据问题"]]
    assert len(errors) == 5
    for text in errors:
        assert not any(word in text for word in ("is not", "expected", "cannot", "column"))
    assert errors[0].startswith("审计结论、决定、意见或问题清单下达日期：“下达日期”列：")


def test_every_pattern_has_chinese_and_is_reached() -> None:
    for english, chinese in PATTERNS:
        assert chinese and chinese != english
    assert all(zh and en for zh, en in CATALOGUE.values())
    assert translate("`x` is not a date", "zh") == "`x` 不是日期"
    assert translate("column `下达日期`: `x` is not a date", "zh") == "“下达日期”列：`x` 不是日期"
    assert translate("something new", "zh") == "something new"
    problem = rectilaw.errors.FieldProblem("due_on", "`x` is not a date", "did you mean `y`?")
    assert problem_text(problem, "zh") == "问题清单确定的整改时限：`x` 不是日期（是否应为 `y`？）"
    assert problem_text(problem, "en") == problem.render()


# ---------------------------------------------------------------- files

def test_an_unknown_extension_is_refused(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="cannot tell the output format"):
        open_writer(tmp_path / "x.txt", ["a"], sasac)
    assert list(tmp_path.iterdir()) == []
    writer = open_writer(tmp_path / "x.txt", ["问题编号"], sasac, fmt="csv")
    writer.abort()


def test_an_output_symlink_is_written_through(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    target = tmp_path / "real" / "out.csv"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    run_ledger(write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(2, 1)), sasac, TODAY,
               out=link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "评估·行号" in target.read_text("utf-8-sig")
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.csv"]


CLI = [sys.executable, "-c", "from rectilaw.cli import main; raise SystemExit(main())"]


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, *args], cwd=ROOT,
                          capture_output=True, check=False, timeout=120, **kwargs)  # type: ignore[call-overload]


def test_out_dev_stdout_writes_the_ledger_to_standard_output(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(3, 1))
    done = _cli("ledger", str(source), "-p", "sasac", "-t", TODAY.isoformat(), "--json",
                "--out", "/dev/stdout", "--out-format", "csv")
    assert done.returncode == 0, done.stderr.decode()
    records = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"))))
    assert "评估·行号" in records[0] and len(records) == 4  # the summary went to stderr
    assert '"total": 3' in done.stderr.decode()
    refused = _cli("ledger", str(source), "-p", "sasac", "-t", TODAY.isoformat(),
                   "-o", str(tmp_path / "x.txt"))
    assert refused.returncode == 2 and b"cannot tell the output format" in refused.stderr
    assert not (tmp_path / "x.txt").exists()


def test_nested_and_binary_parquet_columns_are_written(sasac: rectilaw.Policy,
                                                      tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({
        "问题编号": pa.array(["P-1", "P-2"]),
        "下达日期": pa.array([datetime.date(2024, 1, 12)] * 2, pa.date32()),
        "记录时间": pa.array([datetime.datetime(2024, 1, 12, 8, tzinfo=datetime.timezone.utc),
                          None], pa.timestamp("s", tz="Asia/Shanghai")),
        "结构": pa.array([{"a": 1, "b": "x"}, None], pa.struct([("a", pa.int64()),
                                                                 ("b", pa.string())])),
        "列表": pa.array([[1, 2], []], pa.list_(pa.int64())),
        "映射": pa.array([[("k", 1)], None], pa.map_(pa.string(), pa.int64())),
        "二进制": pa.array([b"\xff\xfe=1", "文字".encode()], pa.binary()),
    })
    pq.write_table(table, tmp_path / "in.parquet")
    for suffix in (".csv", ".xlsx", ".parquet"):
        run_ledger(tmp_path / "in.parquet", sasac, TODAY, out=tmp_path / f"out{suffix}")
    written = read_csv(tmp_path / "out.csv")
    assert written[0]["结构"] == '{"a":1,"b":"x"}' and written[0]["列表"] == "[1,2]"
    assert written[0]["二进制"] == "0xfffe3d31" and written[1]["二进制"] == "文字"
    assert written[0]["记录时间"].startswith("2024-01-12 16:00:00+08:00")
    headers, rows = _findings(tmp_path / "out.xlsx")
    assert rows[0][headers.index("映射")] == '[["k",1]]'


# ---------------------------------------------------------------- the same bytes every time

_WRITE_ALL = """
import sys, json
import rectilaw
from rectilaw.ledger import evaluate_ledger
result = evaluate_ledger(sys.argv[1], rectilaw.load_policy("sasac"), "2024-07-15")
for suffix in ("csv", "xlsx", "parquet"):
    result.write(f"{sys.argv[2]}/out.{suffix}")
open(f"{sys.argv[2]}/summary.json", "w").write(json.dumps(result.summary.to_dict()))
"""


def test_outputs_are_byte_identical_across_runs_seeds_zones_and_locales(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    source = write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(40, 25))
    outputs = []
    for n, (seed, zone, locale) in enumerate([("0", "UTC", "C.UTF-8"),
                                              ("12345", "Asia/Shanghai", "C"),
                                              ("random", "America/Los_Angeles", "POSIX")]):
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone, "LC_ALL": locale,
               "LANG": locale}
        done = subprocess.run([sys.executable, "-c", _WRITE_ALL, str(source), str(folder)],
                              env=env, capture_output=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert sorted(outputs[0]) == ["out.csv", "out.parquet", "out.xlsx", "summary.json"]
    assert outputs[0] == outputs[1] == outputs[2]


# ---------------------------------------------------------------- SIGTERM

def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", HEADERS, ledger_rows(20_000, 10_000))
    out_dir, scratch = tmp_path / "out", tmp_path / "tmp"
    out_dir.mkdir()
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    with subprocess.Popen([*CLI, "ledger", str(source), "-p",
                           "sasac", "-t", TODAY.isoformat(), "--out",
                           str(out_dir / "out.xlsx")], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        deadline = time.monotonic() + 60
        while not any(out_dir.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert any(out_dir.iterdir()), "the writer never started"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode in (143, -signal.SIGTERM)
    assert b"Traceback" not in err
    assert list(out_dir.iterdir()) == []
    assert list(scratch.iterdir()) == []


@given(st.text(max_size=30))
def test_a_neutralised_text_never_starts_a_formula(text: str) -> None:
    safe = neutralise(text)
    assert safe in (text, "'" + text)
    if safe == text and text:
        assert text[0] not in "=@\t\r"
        if text[0] in "+-":
            float(text[1:].replace(",", "") or "x")  # a plain number, or this raises
