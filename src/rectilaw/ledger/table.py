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
from rectilaw.ledger.messages import CATALOGUE, LANGUAGES, message, translate
from rectilaw.ledger.stats import percent

if TYPE_CHECKING:
    from rectilaw.ledger.stats import GroupFigures, Summary

__all__ = ["display_width", "format_summary"]

#: The words of the summary, by language: the catalogue's ``text.*`` entries.
_WORDS = {lang: {key[len("text."):]: pair[i] for key, pair in CATALOGUE.items()
                 if key.startswith("text.")} for i, lang in enumerate(LANGUAGES)}


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
        lines += ["", w["by"].format(group=label)]
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
        lines += ["", w["warnings"], *(f"  - {translate(text, lang)}" for text in s.warnings)]
    if s.reading is not None:
        lines += s.reading.lines(lang, limit)
    return "\n".join(lines)


def _todo(s: Summary, w: dict[str, str], limit: int) -> list[str]:
    lines = ["", f"{w['todo']} ({w['today']} {s.today.isoformat()}{w['sep']}{w['week']} "
             f"{s.week_end.isoformat()})"]
    if not s.todo:
        lines.append(f"  {w['none']}")
    for todo in s.todo:
        counts = [w["due_today"].format(n=len(todo.today)),
                  w["due_week"].format(n=len(todo.this_week)),
                  w["late"].format(n=sum(todo.late.values())),
                  w["undated"].format(n=sum(todo.undated.values()))]
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
    if key == "(blank)":
        return message("sum.blank_value", lang)
    label = value_label(group, key) if lang == "zh" else None
    return f"{label} ({key})" if label else key
