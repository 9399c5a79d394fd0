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

from rectilaw.errors import FieldProblem, did_you_mean
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
_ACTION_TUPLES_HELD = 4096
_CHUNK = 1024


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
    #: The problems themselves, for :meth:`text` in either language.
    details: tuple[FieldProblem, ...] = attrs.field(default=(), eq=False, repr=False)

    def text(self, lang: str = "zh", labels: Mapping[str, str] | None = None) -> str:
        """The problems for people, in ``lang`` (see :mod:`rectilaw.ledger.messages`)."""
        from rectilaw.ledger.messages import problem_text

        if not self.details:
            return "; ".join(message for _, message in self.problems)
        joiner = "；" if lang == "zh" else "; "
        return joiner.join(problem_text(p, lang, labels) for p in self.details)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        from rectilaw.ledger.messages import problem_text, translate

        if lang != "en" and len(self.details) == len(self.problems):
            texts = [problem_text(p, lang) for p in self.details]
        else:
            texts = [translate(m, lang) for _, m in self.problems]
        return {"row": self.row, "id": self.id,
                "problems": [{"field": f, "message": text}
                             for (f, _), text in zip(self.problems, texts, strict=True)]}


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
    #: How the ledger was read (:class:`~rectilaw.ledger.reading.ReadingReport`): columns not
    #: read, rows that are not findings, units, disagreements with recorded determinations.
    reading: Any = None
    #: Counts by status within each group value: ``{"unit": {"市建投": {"rectified": 3}}}``.
    group_status: Mapping[str, Mapping[str, Mapping[str, int]]] = attrs.field(factory=dict)

    @property
    def disagreements(self) -> int:
        """Findings whose recorded determination the rules' reading of the facts disputes."""
        return self.reading.disagreement_count if self.reading is not None else 0

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

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Stable keys; rates are numbers (percent, two decimals) or null; money is text; the
        texts for people (problems, warnings, notes) in ``lang``."""
        from rectilaw.ledger.messages import translate

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
            "error_rows": [e.to_dict(lang) for e in self.errors],
            "warnings": [translate(text, lang) for text in self.warnings],
            "disagreements": self.disagreements,
            "reading": self.reading.to_dict(lang) if self.reading is not None else None,
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
        # Counts and sums by (status, source, audit type, rectification type, unit): one
        # lookup per row, for the place of the key in three lists (a list per key
        # would be one more object per key for the garbage collector to follow); the figures
        # by group are added up from these at the end.
        self._cells: dict[tuple[Any, ...], int] = {}
        self._counts: list[int] = []
        self._problem: list[Decimal] = []
        self._corrected: list[Decimal] = []
        self.errors: list[RowError] = []
        # Overdue findings as (row, id, unit, status, due, days): a tuple of plain values is
        # not followed by the cyclic garbage collector, an OverdueFinding is; a large ledger
        # has hundreds of thousands.  Made OverdueFindings by `overdue` and `summary`.  Held
        # in tuples of _CHUNK (untracked too) so that the list the collector follows stays short.
        self._overdue: list[tuple[Any, ...]] = []
        self._overdue_chunks: list[tuple[tuple[Any, ...], ...]] = []
        self.todo: dict[str, _Todo] = {}
        # The rows' tuples of actions, counted by identity (policies share the tuple between
        # answers with the same actions), with the actions due this week; added into `todo`
        # when the summary is made (or when too many different tuples are held): by the
        # tuple's id, its place in the three lists.
        self._action_index: dict[int, int] = {}
        self._action_tuples: list[Sequence[Any]] = []
        self._action_rows: list[int] = []
        self._action_week: list[Sequence[Any]] = []

    @property
    def overdue(self) -> list[OverdueFinding]:
        """Every finding counted so far that is past its deadline, in the order counted."""
        return [OverdueFinding(*entry) for entry in self._overdue_entries()]

    def _overdue_entries(self) -> list[tuple[Any, ...]]:
        return [entry for chunk in self._overdue_chunks for entry in chunk] + self._overdue

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
                                        tuple((p.field, p.render()) for p in row.problems),
                                        tuple(row.problems)))
            return
        status = a.status
        self.by_status[status] = self.by_status.get(status, 0) + 1
        get = facts.get
        key = (status, get("source"), get("audit_type"), get("rectification_type"),
               get("unit"))
        place = self._cells.get(key)
        if place is None:
            place = self._cells[key] = len(self._counts)
            self._counts.append(0)
            self._problem.append(_ZERO)
            self._corrected.append(_ZERO)
        self._counts[place] += 1
        problem = get("problem_amount")
        if problem:
            self._problem[place] = _WIDE.add(self._problem[place], problem)
        corrected = get("corrected_amount")
        if corrected:
            self._corrected[place] = _WIDE.add(self._corrected[place], corrected)
        overdue = a.overdue_days
        if overdue:
            finding = get("id")
            self._overdue.append((row.row, None if finding is None else str(finding),
                                  get("unit"), status, a.due, overdue))
            if len(self._overdue) >= _CHUNK:
                self._overdue_chunks.append(tuple(self._overdue))
                self._overdue.clear()
        actions = a.actions
        if actions:
            place = self._action_index.get(id(actions))
            if place is None or self._action_tuples[place] is not actions:
                place = self._count_actions(actions)
            self._action_rows[place] += 1
            this_week = self._action_week[place]
            if this_week:
                self._this_week(row, this_week)

    def _count_actions(self, actions: Sequence[Any]) -> int:
        """The place where rows with the tuple ``actions`` are counted."""
        if len(self._action_tuples) >= _ACTION_TUPLES_HELD:
            self._add_action_counts()
        today, week_end = self.today, self.week_end
        place = self._action_index[id(actions)] = len(self._action_tuples)
        self._action_tuples.append(actions)
        self._action_rows.append(0)
        self._action_week.append(tuple(a for a in actions
                                       if a.due is not None and today <= a.due <= week_end))
        return place

    def _todo(self, by: str | None) -> _Todo:
        by = by or ""
        todo = self.todo.get(by)
        if todo is None:
            todo = self.todo[by] = _Todo()
        return todo

    def _add_action_counts(self) -> None:
        """Add the counted tuples of actions into the to-do: undated and late by code."""
        today = self.today
        for actions, rows in zip(self._action_tuples, self._action_rows, strict=True):
            for action in actions:
                due = action.due
                if due is None:
                    undated = self._todo(action.by).undated
                    undated[action.code] = undated.get(action.code, 0) + rows
                elif due < today:
                    late = self._todo(action.by).late
                    late[action.code] = late.get(action.code, 0) + rows
                else:  # the to-do is listed by who must act, also those with nothing listed
                    self._todo(action.by)
        self._action_index.clear()
        self._action_tuples.clear()
        self._action_rows.clear()
        self._action_week.clear()

    def _this_week(self, row: LedgerRow, actions: Sequence[Any]) -> None:
        for action in actions:
            todo = self._todo(action.by)
            due = action.due
            item = DueAction(row.row, row.finding_id, row.facts.get("unit"), action.code,
                             action.label, due, action.target)
            todo.this_week.append(item)
            if due == self.today:
                todo.today.append(item)

    def summary(self, blank_rows: int = 0, warnings: Sequence[str] = ()) -> Summary:
        """The figures so far."""
        self._add_action_counts()
        parties = self.policy.parties
        todo = tuple(
            ActorTodo(by, parties.get(by, by), tuple(t.today),
                      tuple(sorted(t.this_week, key=lambda x: (x.due, x.row))),
                      dict(sorted(t.late.items())), dict(sorted(t.undated.items())))
            for by, t in sorted(self.todo.items())
        )
        overall = _Figures()
        tables: dict[str, dict[str, _Figures]] = {name: {} for name in GROUPS}
        by_status: dict[str, dict[str, dict[str, int]]] = {name: {} for name in GROUPS}
        for (status, *keys), place in self._cells.items():
            count, problem = self._counts[place], self._problem[place]
            corrected = self._corrected[place]
            counted = status in self.rectified
            for name, key in zip(GROUPS, keys, strict=True):
                _group(tables[name], key).add(count, counted, problem, corrected)
                counts = by_status[name].setdefault(key if key is not None else BLANK, {})
                counts[status] = counts.get(status, 0) + count
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
            overdue=tuple(OverdueFinding(*entry) for entry in
                          sorted(self._overdue_entries(), key=lambda o: (-o[5], o[0]))),
            todo=todo,
            week_end=self.week_end,
            blank_rows=blank_rows,
            warnings=tuple(warnings),
            party_labels=dict(parties),
            group_status={name: {key: dict(sorted(counts.items()))
                                 for key, counts in sorted(table.items())}
                          for name, table in by_status.items()},
        )


def _group(table: dict[str, _Figures], key: str | None) -> _Figures:
    figures = table.get(key if key is not None else BLANK)
    if figures is None:
        figures = table[key if key is not None else BLANK] = _Figures()
    return figures


def _group_order(key: str) -> tuple[bool, str]:
    return (key == BLANK, unicodedata.normalize("NFKC", key))

