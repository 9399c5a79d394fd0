"""The ledger summary as text for people: aligned tables, Chinese or English.

Columns are aligned by display width (a Chinese character takes two terminal
columns); long lists show their first entries and say how many more there are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from rectilaw.ledger.columns import value_label
from rectilaw.ledger.stats import percent

if TYPE_CHECKING:
    from rectilaw.ledger.stats import GroupFigures, Summary

__all__ = ["display_width", "format_summary"]

_WORDS = {
    "zh": {
        "title": "审计整改台账统计", "policy": "依据", "today": "统计日", "week": "本周至",
        "total": "问题总数", "evaluated": "已评估", "errors": "数据有误", "blank": "空行",
        "rate": "整改率", "rectified": "已整改", "counted": "计为已整改",
        "problem": "问题金额", "corrected": "已纠正金额", "amount_rate": "金额整改率",
        "yuan": "元", "by_status": "按整改状态", "status": "整改状态", "count": "问题数",
        "share": "占比", "by": "按", "overdue": "逾期问题", "row": "行号", "id": "问题编号",
        "unit": "整改责任单位", "due": "整改时限", "days": "逾期天数", "more": "另有 {n} 条",
        "todo": "待办", "due_today": "今日到期", "due_week": "本周到期", "late": "已逾期",
        "undated": "无期限（即办）", "items": "项", "action": "措施", "target": "对象",
        "error_rows": "数据有误的行", "warnings": "提示", "none": "无", "sep": "，",
        "source": "问题来源", "audit_type": "审计类型", "rectification_type": "整改类型",
    },
    "en": {
        "title": "Audit rectification ledger", "policy": "policy", "today": "as of",
        "week": "week ends", "total": "findings", "evaluated": "evaluated",
        "errors": "rows in error", "blank": "blank rows", "rate": "rectification rate",
        "rectified": "rectified", "counted": "counted as rectified",
        "problem": "problem amount", "corrected": "corrected amount",
        "amount_rate": "amount rate", "yuan": "yuan", "by_status": "By status",
        "status": "status", "count": "findings", "share": "share", "by": "By ",
        "overdue": "Overdue findings", "row": "row", "id": "id", "unit": "unit",
        "due": "deadline", "days": "days overdue", "more": "{n} more",
        "todo": "To do", "due_today": "due today", "due_week": "due this week",
        "late": "late", "undated": "undated (now)", "items": "", "action": "action",
        "target": "target", "error_rows": "Rows in error", "warnings": "Warnings",
        "none": "none", "sep": ", ", "source": "source", "audit_type": "audit type",
        "rectification_type": "rectification type",
    },
}


def display_width(text: str) -> int:
    """Terminal (and spreadsheet) columns of ``text``: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int) -> list[str]:
    widths = [max(display_width(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [_pad(c, w, i >= numeric_from) for i, (c, w) in enumerate(zip(row, widths,
                                                                             strict=True))]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _figures_row(name: str, f: GroupFigures) -> list[str]:
    return [name, str(f.total), str(f.rectified), _rate(f.rate), _money(f.problem_amount),
            _money(f.corrected_amount), _rate(f.amount_rate)]


def format_summary(summary: Summary, lang: str = "zh", limit: int = 20) -> str:
    """The summary as aligned text (``lang``: ``zh`` or ``en``)."""
    w = _WORDS[lang]
    s = summary
    sep = w["sep"]
    lines = [
        w["title"],
        f"{w['policy']}: {s.policy_title} ({s.policy})",
        f"{w['today']}: {s.today.isoformat()} ({w['week']} {s.week_end.isoformat()})",
        sep.join([f"{w['total']} {s.total}", f"{w['evaluated']} {s.evaluated}",
                  f"{w['errors']} {len(s.errors)}", f"{w['blank']} {s.blank_rows}"]),
        f"{w['rate']} {_rate(s.rectification_rate)} ({w['rectified']} {s.rectified} / "
        f"{s.evaluated}{sep}{w['counted']}: "
        + "、".join(f"{s.status_labels.get(c, c)}" for c in s.rectified_statuses) + ")",
        sep.join([f"{w['problem']} {_money(s.overall.problem_amount)} {w['yuan']}",
                  f"{w['corrected']} {_money(s.overall.corrected_amount)} {w['yuan']}",
                  f"{w['amount_rate']} {_rate(s.amount_rate)}"]),
        "",
        w["by_status"],
    ]
    rows = [[f"{s.status_labels.get(code, code)} ({code})", str(n),
             _rate(percent(n, s.evaluated))] for code, n in s.by_status.items()]
    lines += _table([w["status"], w["count"], w["share"]], rows, 1)
    for name, values in s.groups.items():
        if set(values) <= {"(blank)"}:
            continue
        label = w[name]
        ordered = sorted(values.items(), key=lambda kv: (-kv[1].total, kv[0]))
        rows = [_figures_row(_value_name(name, key, lang), f) for key, f in ordered[:limit]]
        lines += ["", f"{w['by']}{label}"]
        lines += _table([label, w["count"], w["rectified"], w["rate"], w["problem"],
                         w["corrected"], w["amount_rate"]], rows, 1)
        lines += _more(len(ordered), limit, w)
    lines += ["", f"{w['overdue']} ({len(s.overdue)})"]
    if s.overdue:
        rows = [[str(o.row), o.id or "—", o.unit or "—", o.due.isoformat() if o.due else "—",
                 str(o.overdue_days), s.status_labels.get(o.status, o.status)]
                for o in s.overdue[:limit]]
        lines += _table([w["row"], w["id"], w["unit"], w["due"], w["days"], w["status"]],
                        rows, 99)
        lines += _more(len(s.overdue), limit, w)
    lines += _todo(s, w, limit)
    if s.errors:
        lines += ["", f"{w['error_rows']} ({len(s.errors)})"]
        for error in s.errors[:limit]:
            who = f" {error.id}" if error.id else ""
            lines.append(f"  {w['row']} {error.row}{who}: {error.text(lang)}")
        lines += _more(len(s.errors), limit, w)
    if s.warnings:
        lines += ["", w["warnings"], *(f"  - {text}" for text in s.warnings)]
    if s.reading is not None:
        lines += s.reading.lines(lang, limit)
    return "\n".join(lines)


def _todo(s: Summary, w: dict[str, str], limit: int) -> list[str]:
    lines = ["", f"{w['todo']} ({w['today']} {s.today.isoformat()}{w['sep']}{w['week']} "
             f"{s.week_end.isoformat()})"]
    if not s.todo:
        lines.append(f"  {w['none']}")
    for todo in s.todo:
        counts = [f"{w['due_today']} {len(todo.today)} {w['items']}".rstrip(),
                  f"{w['due_week']} {len(todo.this_week)} {w['items']}".rstrip(),
                  f"{w['late']} {sum(todo.late.values())} {w['items']}".rstrip(),
                  f"{w['undated']} {sum(todo.undated.values())} {w['items']}".rstrip()]
        lines.append(f"  {todo.label} ({todo.by or '—'}): {w['sep'].join(counts)}")
        rows = [[str(a.row), a.id or "—", a.unit or "—", a.label, a.due.isoformat(),
                 s.party_labels.get(a.target, a.target) if a.target else "—"]
                for a in todo.this_week[:limit]]
        if rows:
            lines += ["  " + line for line in _table(
                [w["row"], w["id"], w["unit"], w["action"], w["due"], w["target"]], rows, 99)]
            lines += ["  " + line for line in _more(len(todo.this_week), limit, w)]
    return lines


def _more(count: int, limit: int, w: dict[str, str]) -> list[str]:
    if count <= limit:
        return []
    return [f"  … {w['more'].format(n=count - limit)}"]


def _value_name(group: str, key: str, lang: str) -> str:
    label = value_label(group, key) if lang == "zh" else None
    return f"{label} ({key})" if label else key
