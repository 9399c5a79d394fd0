"""Ledger statistics: 整改率, amounts, counts by status and group, the overdue list, the to-do.

Counted the way offices report upward:

- ``rectification_rate`` (整改率) = findings whose status counts as rectified
  ÷ findings evaluated × 100, two decimals, rounded half up (148 of 182 →
  81.32).  Which statuses count is the policy's ``rectified_statuses`` unless
  the caller says otherwise; by default only ``rectified``.  Rows in error
  have no status: they are counted in ``total`` and ``errors``, not in rates.
- ``amount_rate`` = Σ 已纠正金额 (``corrected_amount``) ÷ Σ 问题金额
  (``problem_amount``) × 100, over evaluated rows; amounts are ``Decimal``.
- groups: the same figures by ``source``, ``audit_type``,
  ``rectification_type`` and ``unit``.
- ``overdue``: every finding past its deadline, longest overdue first.
- ``due_actions``: the to-do list, grouped by who must act: actions due today,
  due this week (today to Sunday, today's included), and counts of those
  already late and of those without a date (to be done now).

Statistics accumulate row by row (:meth:`LedgerStatistics.add`), so a ledger of
any length is counted in one pass without keeping its rows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any

import attrs

from rectilaw.errors import did_you_mean
from rectilaw.ledger.evaluate import LedgerRow

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy

__all__ = [
    "GROUPS",
    "ActorTodo",
    "DueAction",
    "GroupFigures",
    "LedgerStatistics",
    "OverdueFinding",
    "RowError",
    "Summary",
    "percent",
    "rectified_statuses",
]

GROUPS = ("source", "audit_type", "rectification_type", "unit")
BLANK = "(blank)"
_ZERO = Decimal(0)
_HUNDREDTH = Decimal("0.01")


#: Totals and rates are worked out exactly: wide enough for any sum of amounts a finding may hold
#: (36 digits in yuan) over any ledger, with its two decimals.  The default 28 digits would round
#: such sums silently and refuse to quantize a total of 1e26 yuan.
_WIDE = Context(prec=80)


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part / whole`` in percent, two decimals, half up; None when ``whole`` is 0."""
    if not whole:
        return None
    with localcontext(_WIDE):
        return (Decimal(part) * 100 / Decimal(whole)).quantize(_HUNDREDTH, ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    with localcontext(_WIDE):
        return str(value.quantize(_HUNDREDTH))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@attrs.frozen
class GroupFigures:
    """The figures of the findings that share one value (a source, a unit…)."""

    total: int
    rectified: int
    problem_amount: Decimal
    corrected_amount: Decimal

    @property
    def rate(self) -> Decimal | None:
        return percent(self.rectified, self.total)

    @property
    def amount_rate(self) -> Decimal | None:
        return percent(self.corrected_amount, self.problem_amount)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "rectified": self.rectified,
            "rectification_rate": _number(self.rate),
            "problem_amount": _money(self.problem_amount),
            "corrected_amount": _money(self.corrected_amount),
            "amount_rate": _number(self.amount_rate),
        }


@attrs.frozen
class OverdueFinding:
    """A finding past its deadline."""

    row: int
    id: str | None
    unit: str | None
    status: str
    due: date | None
    overdue_days: int

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "id": self.id, "unit": self.unit, "status": self.status,
                "due": self.due.isoformat() if self.due else None,
                "overdue_days": self.overdue_days}


@attrs.frozen
class DueAction:
    """One item of the to-do list."""

    row: int
    id: str | None
    unit: str | None
    code: str
    label: str
    due: date
    target: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "id": self.id, "unit": self.unit, "action": self.code,
                "label": self.label, "due": self.due.isoformat(), "target": self.target}


@attrs.frozen
class ActorTodo:
    """What one party must do: due today, due this week, counts late and undated by action."""

    by: str
    label: str
    today: tuple[DueAction, ...]
    this_week: tuple[DueAction, ...]
    late: Mapping[str, int]
    undated: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "today": [a.to_dict() for a in self.today],
                "this_week": [a.to_dict() for a in self.this_week],
                "late": dict(self.late), "undated": dict(self.undated)}


@attrs.frozen
class RowError:
    """A row that could not be evaluated, and why (field by field)."""

    row: int
    id: str | None
    problems: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "id": self.id,
                "problems": [{"field": f, "message": m} for f, m in self.problems]}


@attrs.frozen
class Summary:
    """What a ledger adds up to on one day (JSON-ready through :meth:`to_dict`)."""

    policy: str
    policy_title: str
    today: date
    total: int
    errors: tuple[RowError, ...]
    by_status: Mapping[str, int]
    status_labels: Mapping[str, str]
    rectified_statuses: tuple[str, ...]
    overall: GroupFigures
    groups: Mapping[str, Mapping[str, GroupFigures]]
    overdue: tuple[OverdueFinding, ...]
    todo: tuple[ActorTodo, ...]
    week_end: date
    blank_rows: int = 0
    warnings: tuple[str, ...] = ()
    #: The policy's parties by code (who acts and who is acted on), for readable tables.
    party_labels: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def evaluated(self) -> int:
        return self.overall.total

    @property
    def rectified(self) -> int:
        return self.overall.rectified

    @property
    def rectification_rate(self) -> Decimal | None:
        return self.overall.rate

    @property
    def amount_rate(self) -> Decimal | None:
        return self.overall.amount_rate

    def to_dict(self) -> dict[str, Any]:
        """Stable keys; rates are numbers (percent, two decimals) or null; money is text."""
        return {
            "policy": self.policy,
            "today": self.today.isoformat(),
            "total": self.total,
            "evaluated": self.evaluated,
            "errors": len(self.errors),
            "blank_rows": self.blank_rows,
            "by_status": dict(self.by_status),
            "rectified_statuses": list(self.rectified_statuses),
            "rectified": self.rectified,
            "rectification_rate": _number(self.rectification_rate),
            "problem_amount": _money(self.overall.problem_amount),
            "corrected_amount": _money(self.overall.corrected_amount),
            "amount_rate": _number(self.amount_rate),
            "groups": {name: {key: figures.to_dict() for key, figures in values.items()}
                       for name, values in self.groups.items()},
            "overdue": [o.to_dict() for o in self.overdue],
            "due_actions": {
                "today": self.today.isoformat(),
                "week_end": self.week_end.isoformat(),
                "by": {t.by: t.to_dict() for t in self.todo},
            },
            "error_rows": [e.to_dict() for e in self.errors],
            "warnings": list(self.warnings),
        }

    def format_table(self, lang: str = "zh", limit: int = 20) -> str:
        """A readable summary; long lists show their first ``limit`` entries."""
        from rectilaw.ledger.table import format_summary

        return format_summary(self, lang, limit)


class _Figures:
    __slots__ = ("corrected", "problem", "rectified", "total")

    def __init__(self) -> None:
        self.total = 0
        self.rectified = 0
        self.problem = _ZERO
        self.corrected = _ZERO

    def add(self, count: int, counted: bool, problem: Decimal, corrected: Decimal) -> None:
        self.total += count
        if counted:
            self.rectified += count
        self.problem = _WIDE.add(self.problem, problem)
        self.corrected = _WIDE.add(self.corrected, corrected)

    def frozen(self) -> GroupFigures:
        return GroupFigures(self.total, self.rectified, self.problem, self.corrected)


class _Todo:
    __slots__ = ("late", "this_week", "today", "undated")

    def __init__(self) -> None:
        self.today: list[DueAction] = []
        self.this_week: list[DueAction] = []
        self.late: dict[str, int] = {}
        self.undated: dict[str, int] = {}


def rectified_statuses(policy: Policy, chosen: Iterable[str] | None) -> tuple[str, ...]:
    """The statuses that count as rectified: ``chosen``, else the policy's, else ``rectified``;
    each checked against the policy's statuses."""
    if chosen is None:
        chosen = getattr(policy.info, "rectified_statuses", None) or ("rectified",)
    codes = tuple(dict.fromkeys(chosen))
    statuses = policy.statuses
    for code in codes:
        if code not in statuses:
            hint = did_you_mean(code, statuses)
            raise ValueError(f"`{code}` is not a status of policy `{policy.id}` (statuses: "
                             f"{', '.join(statuses)})" + (f"; {hint}" if hint else ""))
    return codes


class LedgerStatistics:
    """Accumulates the figures of a ledger row by row."""

    def __init__(self, policy: Policy, today: date,
                 rectified: Iterable[str] | None = None) -> None:
        self.policy = policy
        self.today = today
        self.week_end = today + timedelta(days=6 - today.weekday())
        self.rectified = frozenset(rectified_statuses(policy, rectified))
        self._rectified_order = rectified_statuses(policy, rectified)
        self.total = 0
        self.by_status = dict.fromkeys(policy.statuses, 0)
        # Counts and sums by (counted as rectified, source, audit type, rectification type,
        # unit): one lookup per row; the figures by group are added up from these at the end.
        self._cells: dict[tuple[Any, ...], list[Any]] = {}
        self.errors: list[RowError] = []
        self.overdue: list[OverdueFinding] = []
        self.todo: dict[str, _Todo] = {}

    def add_all(self, rows: Iterable[LedgerRow]) -> None:
        for row in rows:
            self.add(row)

    def add(self, row: LedgerRow) -> None:
        """Count one row."""
        self.total += 1
        a = row.assessment
        facts = row.facts
        if a is None:
            self.errors.append(RowError(row.row, row.finding_id,
                                        tuple((p.field, p.render()) for p in row.problems)))
            return
        status = a.status
        self.by_status[status] = self.by_status.get(status, 0) + 1
        get = facts.get
        key = (status in self.rectified, get("source"), get("audit_type"),
               get("rectification_type"), get("unit"))
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = [0, _ZERO, _ZERO]
        cell[0] += 1
        problem = get("problem_amount")
        if problem:
            cell[1] = _WIDE.add(cell[1], problem)
        corrected = get("corrected_amount")
        if corrected:
            cell[2] = _WIDE.add(cell[2], corrected)
        if a.overdue_days:
            self.overdue.append(OverdueFinding(row.row, row.finding_id, get("unit"),
                                               status, a.due, a.overdue_days))
        if a.actions:
            self._actions(row, a.actions)

    def _actions(self, row: LedgerRow, actions: Sequence[Any]) -> None:
        today, week_end = self.today, self.week_end
        for action in actions:
            by = action.by or ""
            todo = self.todo.get(by)
            if todo is None:
                todo = self.todo[by] = _Todo()
            due = action.due
            if due is None:
                todo.undated[action.code] = todo.undated.get(action.code, 0) + 1
            elif due < today:
                todo.late[action.code] = todo.late.get(action.code, 0) + 1
            elif due <= week_end:
                item = DueAction(row.row, row.finding_id, row.facts.get("unit"), action.code,
                                 action.label, due, action.target)
                todo.this_week.append(item)
                if due == today:
                    todo.today.append(item)

    def summary(self, blank_rows: int = 0, warnings: Sequence[str] = ()) -> Summary:
        """The figures so far."""
        parties = self.policy.parties
        todo = tuple(
            ActorTodo(by, parties.get(by, by), tuple(t.today),
                      tuple(sorted(t.this_week, key=lambda x: (x.due, x.row))),
                      dict(sorted(t.late.items())), dict(sorted(t.undated.items())))
            for by, t in sorted(self.todo.items())
        )
        overall = _Figures()
        tables: dict[str, dict[str, _Figures]] = {name: {} for name in GROUPS}
        for (counted, *keys), (count, problem, corrected) in self._cells.items():
            for name, key in zip(GROUPS, keys, strict=True):
                _group(tables[name], key).add(count, counted, problem, corrected)
            overall.add(count, counted, problem, corrected)
        groups = {
            name: {key: table[key].frozen() for key in sorted(table, key=_group_order)}
            for name, table in tables.items()
        }
        return Summary(
            policy=self.policy.id,
            policy_title=self.policy.title,
            today=self.today,
            total=self.total,
            errors=tuple(self.errors),
            by_status=dict(self.by_status),
            status_labels=dict(self.policy.statuses),
            rectified_statuses=self._rectified_order,
            overall=overall.frozen(),
            groups=groups,
            overdue=tuple(sorted(self.overdue, key=lambda o: (-o.overdue_days, o.row))),
            todo=todo,
            week_end=self.week_end,
            blank_rows=blank_rows,
            warnings=tuple(warnings),
            party_labels=dict(parties),
        )


def _group(table: dict[str, _Figures], key: str | None) -> _Figures:
    figures = table.get(key if key is not None else BLANK)
    if figures is None:
        figures = table[key if key is not None else BLANK] = _Figures()
    return figures


def _group_order(key: str) -> tuple[bool, str]:
    return (key == BLANK, unicodedata.normalize("NFKC", key))

