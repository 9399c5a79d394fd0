"""Ledgers for the tests, written in the offices' own headers."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2024, 7, 15)

#: A ledger as an office keeps it: Chinese headers, a title row above them.
HEADERS = ["问题编号", "整改责任单位", "问题来源", "审计类型", "整改类型", "下达日期", "整改时限",
           "问题金额", "已纠正金额", "问题金额或事实已调整或纠正完毕", "备注"]


def ledger_rows(count: int = 182, rectified: int = 148) -> list[list[Any]]:
    """``count`` findings of which the first ``rectified`` are corrected in full."""
    rows = []
    for i in range(count):
        rows.append([
            f"GZW-2024-{i + 1:03d}",
            f"市属企业{i % 4 + 1}",
            "上级审计机关反馈" if i % 3 == 0 else "本级",
            "经济责任审计" if i % 2 else "专项审计调查",
            "立行立改" if i % 5 == 0 else "分阶段整改",
            "2024-01-12",
            "",
            "1,000.00",
            "1000.00" if i < rectified else "250.50",
            "是" if i < rectified else "否",
            f"第{i + 1}条",
        ])
    return rows


def write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]],
              title: str | None = None) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        if title is not None:
            writer.writerow([title])
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))
