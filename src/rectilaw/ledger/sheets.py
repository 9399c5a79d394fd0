"""The XLSX summary sheet (汇总): the figures of :class:`~rectilaw.ledger.stats.Summary` as
blocks of cells a spreadsheet user can sort, filter and copy into a report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rectilaw.ledger.columns import value_label
from rectilaw.ledger.stats import Summary, percent

__all__ = ["cell", "fill_summary_sheet"]

_GROUP_TITLES = {"source": "问题来源", "audit_type": "审计类型",
                 "rectification_type": "整改类型", "unit": "整改责任单位"}
_FIGURE_TITLES = ["问题数", "已整改", "整改率(%)", "问题金额(元)", "已纠正金额(元)",
                  "金额整改率(%)"]
_WIDTHS = (26, 16, 16, 14, 16, 16, 14, 22)


def _number(value: Any) -> Any:
    return None if value is None else float(value)


def _blocks(s: Summary) -> Iterable[Sequence[Any]]:
    yield ["审计整改台账统计"]
    yield ["依据", f"{s.policy_title} ({s.policy})"]
    yield ["统计日", s.today]
    yield ["问题总数", s.total]
    yield ["已评估", s.evaluated]
    yield ["数据有误", len(s.errors)]
    yield ["已整改", s.rectified]
    yield ["整改率(%)", _number(s.rectification_rate)]
    yield ["计为已整改", "、".join(s.status_labels.get(c, c) for c in s.rectified_statuses)]
    yield ["问题金额(元)", float(s.overall.problem_amount)]
    yield ["已纠正金额(元)", float(s.overall.corrected_amount)]
    yield ["金额整改率(%)", _number(s.amount_rate)]
    yield []
    yield ["按整改状态", "代码", "问题数", "占比(%)"]
    for code, count in s.by_status.items():
        yield [s.status_labels.get(code, code), code, count, _number(percent(count, s.evaluated))]
    for name, values in s.groups.items():
        if set(values) <= {"(blank)"}:
            continue
        yield []
        yield [f"按{_GROUP_TITLES[name]}", *_FIGURE_TITLES]
        for key, f in sorted(values.items(), key=lambda kv: (-kv[1].total, kv[0])):
            label = value_label(name, key)
            yield [f"{label} ({key})" if label else key, f.total, f.rectified, _number(f.rate),
                   float(f.problem_amount), float(f.corrected_amount), _number(f.amount_rate)]
    yield []
    yield [f"逾期问题 ({len(s.overdue)})", "问题编号", "整改责任单位", "整改时限", "逾期天数",
           "整改状态"]
    for o in s.overdue:
        yield [o.row, o.id, o.unit, o.due, o.overdue_days, s.status_labels.get(o.status, o.status)]
    yield []
    yield ["待办：责任方", "今日到期", "本周到期", "已逾期", "无期限（即办）"]
    for t in s.todo:
        yield [f"{t.label} ({t.by})", len(t.today), len(t.this_week), sum(t.late.values()),
               sum(t.undated.values())]
    yield []
    yield [f"本周到期措施（至 {s.week_end.isoformat()}）", "行号", "问题编号", "整改责任单位",
           "措施", "到期日", "对象"]
    for t in s.todo:
        for a in t.this_week:
            yield [t.label, a.row, a.id, a.unit, a.label, a.due, a.target]
    if s.errors:
        yield []
        yield [f"数据有误的行 ({len(s.errors)})", "问题编号", "问题"]
        for e in s.errors:
            yield [e.row, e.id, "; ".join(message for _, message in e.problems)]
    if s.warnings:
        yield []
        yield ["提示"]
        for text in s.warnings:
            yield [text]


def cell(sheet: Any, value: Any, bold: bool = False) -> Any:
    """A write-only cell holding ``value`` safely: text is never taken for a formula,
    characters XLSX cannot hold are dropped, dates show as dates, Decimals as numbers."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    elif isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    elif isinstance(value, Decimal):
        value = float(value)
    result = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        result.data_type = "s"
    elif isinstance(value, date):
        result.number_format = "yyyy-mm-dd"
    if bold:
        from openpyxl.styles import Font

        result.font = Font(bold=True)
    return result


def fill_summary_sheet(sheet: Any, summary: Summary) -> None:
    """Write the summary into an empty (write-only) worksheet; block titles in bold."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    title = True
    for values in _blocks(summary):
        sheet.append([cell(sheet, value, bold=title) for value in values])
        title = not values
