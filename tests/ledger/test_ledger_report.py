"""The report's figures (seed 002, 一、二; seed 000's rates per level): counted over the rows."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import rectilaw
from rectilaw.ledger import evaluate_ledger
from rectilaw.ledger.figures import ReportFigures
from rectilaw.ledger.report_doc import render

from .sample import TODAY, write_csv

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ["问题编号", "整改责任单位", "问题来源", "下达日期", "问题金额或事实已调整或纠正完毕",
           "未整改到位原因", "增收节支（元）", "追回资金", "审减投资", "追责问责人数",
           "完善规章制度"]
CAUSES = ["体制机制", "情况复杂", "涉及多部门", ""]


def _rows(upper: int = 182, upper_done: int = 148, local: int = 311,
          local_done: int = 288) -> list[list[Any]]:
    """Seed 000's figures: 148 of 182 upper-level findings rectified, 288 of 311 local ones."""
    rows = []
    for source, count, done in (("上级审计机关反馈", upper, upper_done),
                                ("本级审计机关查出", local, local_done)):
        for i in range(count):
            n = len(rows)
            rectified = i < done
            rows.append([f"F-{n + 1:04d}", f"单位{n % 7}", source, "2023-01-10",
                         "是" if rectified else "否", "" if rectified else CAUSES[i % 4],
                         "1,000.50" if n % 5 == 0 else "", "200" if n % 9 == 0 else "",
                         "30000" if n % 11 == 0 else "", "1" if n % 13 == 0 else "",
                         "2" if n % 17 == 0 else ""])
    return rows


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(tmp_path_factory.mktemp("report") / "ledger.csv", HEADERS, _rows())


@pytest.fixture(scope="module")
def figures(ledger: Path, sasac: rectilaw.Policy) -> tuple[ReportFigures, list[Any]]:
    result = evaluate_ledger(ledger, sasac, TODAY)
    return ReportFigures.count(result.rows, sasac, TODAY), list(result.rows)


def test_seed_000s_upper_level_rate_is_81_32(figures: tuple[ReportFigures, list[Any]]) -> None:
    report, _ = figures
    upper = next(level for level in report.levels if level.code == "upper")
    assert (upper.total.value, upper.rectified.value, str(upper.rate)) == (182, 148, "81.32")
    local = next(level for level in report.levels if level.code == "local")
    assert (local.total.value, local.rectified.value, str(local.rate)) == (311, 288, "92.60")
    text = render(report, "md").decode()
    assert "上级审计机关反馈问题182个，已整改148个，整改率81.32%" in text


def test_every_figure_is_a_count_over_the_rows(figures: tuple[ReportFigures, list[Any]]) -> None:
    report, rows = figures
    ok = [r for r in rows if r.ok]
    done = [r.row for r in ok if r.status == "rectified"]
    assert report.total.rows == tuple(r.row for r in ok)
    assert report.rectified.rows == tuple(done)
    assert report.still.value == len(ok) - len(done) == 493 - 436
    assert report.share == Decimal("11.56") and report.rate == Decimal("88.44")
    amounts = {f.key: f for f in report.amounts}
    expected = sum(Decimal("1000.50") for r in ok if r.facts.get("revenue_saved"))
    assert amounts["revenue_saved"].value == expected
    assert amounts["revenue_saved"].rows == tuple(r.row for r in ok
                                                  if r.facts.get("revenue_saved"))
    counts = {f.key: f.value for f in report.counts}
    assert counts["persons_accountable"] == sum(r.facts.get("persons_accountable", 0)
                                                for r in ok)
    causes = {f.key: f.value for f in report.causes}
    assert sum(causes.values()) == report.still.value
    assert causes["cause:systemic"] == sum(1 for r in ok if r.status != "rectified"
                                           and r.facts.get("cause") == "systemic")
    md = render(report, "md").decode()
    assert f"促进增收节支{expected / 10000:.2f}万元" in md
    assert "（一）涉及体制机制的问题15个" in md
    # the appendix names each counted row of a figure
    first_open = report.still.rows[0]
    assert f"{first_open}（{report.ids[first_open]}）" in md


def test_a_figure_the_ledger_does_not_record_is_never_zero(sasac: rectilaw.Policy,
                                                           tmp_path: Path) -> None:
    rows = [row[:6] for row in _rows(4, 3, 0, 0)]
    result = evaluate_ledger(write_csv(tmp_path / "l.csv", HEADERS[:6], rows), sasac, TODAY)
    report = ReportFigures.count(result.rows, sasac, TODAY)
    assert all(f.value is None for f in (*report.amounts, *report.counts))
    text = render(report, "md").decode()
    assert "促进增收节支（台账未记录）" in text and "增收节支0" not in text


def test_html_and_json_and_word(figures: tuple[ReportFigures, list[Any]]) -> None:
    report, _ = figures
    page = render(report, "html").decode()
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page and "81.32" in page
    data = json.loads(render(report, "json"))
    assert data["levels"]["upper"]["rectification_rate"] == 81.32
    assert len(data["levels"]["upper"]["rectified"]["rows"]) == 148
    docx = pytest.importorskip("docx")
    word = render(report, "docx")
    assert word == render(report, "docx")  # no time of saving inside
    document = docx.Document(io.BytesIO(word))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "一、审计查出问题整改的基本情况" in text and "二、未整改到位的问题及后续工作安排" in text
    assert "整改率88.44%" in text
    assert len(document.tables) == 2


def test_report_in_english(figures: tuple[ReportFigures, list[Any]]) -> None:
    report, _ = figures
    text = render(report, "md", "en").decode()
    assert "a rectification rate of 88.44%" in text


def test_the_report_command(ledger: Path, tmp_path: Path) -> None:
    cli = [sys.executable, "-c", "from rectilaw.cli import main; raise SystemExit(main())"]
    done = subprocess.run([*cli, "report", str(ledger), "-p", "sasac", "-t", TODAY.isoformat()],
                          cwd=ROOT, capture_output=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert "整改率88.44%" in done.stdout.decode()
    out = tmp_path / "报告.txt"
    refused = subprocess.run([*cli, "report", str(ledger), "-p", "sasac", "-t",
                              TODAY.isoformat(), "-o", str(out)],
                             cwd=ROOT, capture_output=True, check=False, timeout=120)
    assert refused.returncode == 2 and b"cannot tell the report format" in refused.stderr
    assert not out.exists()
