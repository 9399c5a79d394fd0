"""The reading options of ``rectilaw ledger``: --inspect, --strict, the mapping in --help."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from rectilaw.cli import main

from .offices import write_office_xlsx


def test_inspect_evaluates_nothing_and_shows_the_columns(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = write_office_xlsx(tmp_path / "台账.xlsx")
    assert main(["ledger", str(path), "-p", "jiaocheng", "-t", "2024-07-01", "--inspect"]) == 0
    out = capsys.readouterr().out
    assert "问题金额（万元） → problem_amount，按万元读取（依据表头）" in out
    assert "整改状态 → determination" in out
    assert "第16行：合计行" in out
    assert "整改率" not in out


def test_strict_exits_1_on_a_column_not_read(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "l.csv"
    path.write_text("问题编号,下达日期,经办人\nA-1,2024-01-12,张三\n", encoding="utf-8")
    argv = ["ledger", str(path), "-p", "sasac", "-t", "2024-07-01"]
    assert main(argv) == 0
    capsys.readouterr()
    assert main([*argv, "--strict"]) == 1
    assert "“经办人”列未读取" in capsys.readouterr().err
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  经办人: ~\n", encoding="utf-8")
    assert main([*argv, "--strict", "-m", str(mapping)]) == 0


def test_a_mapping_with_no_effect_is_refused_saying_why(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "l.csv"
    path.write_text("问题编号,问题金额或事实已调整或纠正完毕\nA-1,有\n", encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("values:\n  corrected:\n    有: true\n", encoding="utf-8")
    assert main(["ledger", str(path), "-p", "sasac", "-t", "2024-07-01", "-m",
                 str(mapping)]) == 2
    err = capsys.readouterr().err
    assert "`corrected` is a yes/no column" in err and "would have no effect" in err


def test_help_shows_a_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    with contextlib.suppress(SystemExit):
        main(["ledger", "--help"])
    out = capsys.readouterr().out
    assert "unit: 万元" in out and "--inspect" in out and "--strict" in out
