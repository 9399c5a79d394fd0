"""What evaluation answers: the Assessment, its Actions and its trace."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs

__all__ = ["Action", "Assessment", "TraceStep"]


def _iso(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_iso(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if value is not None and not isinstance(value, (bool, int, str)):
        return str(value)
    return value


@attrs.frozen
class Action:
    """Something that must happen, on whose authority, by whom and to whom."""

    code: str
    label: str
    due: date | None
    by: str | None
    target: str | None
    level: str | None
    basis: tuple[str, ...]
    to: tuple[str, ...] = ()
    way: str | None = None
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "due": self.due.isoformat() if self.due else None,
            "by": self.by,
            "target": self.target,
            "level": self.level,
            "basis": list(self.basis),
            "to": list(self.to),
            "way": self.way,
            "rule": self.rule,
        }


@attrs.frozen
class TraceStep:
    """One rule that decided something: which, on which clauses, reading which facts.

    ``kind`` is ``status``, ``stage``, ``deadline``, ``action`` or ``exception``
    (a rule that would have applied but for an exception, named in ``outcome``).
    """

    rule: str
    kind: str
    outcome: str
    basis: tuple[str, ...]
    facts: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "outcome": _iso(self.outcome),
            "basis": list(self.basis),
            "facts": {k: _iso(v) for k, v in self.facts.items()},
        }


_FIELDS = ("policy", "today", "status", "status_label", "due", "overdue_days", "actions",
           "stage", "stage_label", "provisional", "finding_id")
_set = object.__setattr__


class Assessment:
    """The answer for one finding on one day.

    Immutable.  ``trace`` is built when first read, from what the evaluation
    recorded, so that callers who need only the status do not pay for the
    explanation.  The class is written out by hand rather than with attrs
    because one is made per evaluation: filling its ``__dict__`` in one step
    is the cheapest immutable object Python offers.
    """

    policy: str
    today: date
    status: str
    status_label: str
    due: date | None
    overdue_days: int
    actions: tuple[Action, ...]
    stage: str | None
    stage_label: str | None
    provisional: tuple[int, ...]
    finding_id: str | None
    _explain: Callable[[], tuple[TraceStep, ...]]

    def __init__(self, policy: str, today: date, status: str, status_label: str,
                 due: date | None, overdue_days: int, actions: tuple[Action, ...],
                 stage: str | None, stage_label: str | None, provisional: tuple[int, ...],
                 finding_id: str | None, explain: Callable[[], tuple[TraceStep, ...]]) -> None:
        _set(self, "__dict__", {
            "policy": policy, "today": today, "status": status, "status_label": status_label,
            "due": due, "overdue_days": overdue_days, "actions": actions, "stage": stage,
            "stage_label": stage_label, "provisional": provisional, "finding_id": finding_id,
            "_explain": explain,
        })

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"an Assessment cannot be changed (`{name}`)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an Assessment cannot be changed (`{name}`)")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"Assessment({fields})"

    @property
    def trace(self) -> tuple[TraceStep, ...]:
        """Why: each rule that decided, in evaluation order."""
        return self._explain()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Assessment):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.policy, self.today, self.status, self.due, self.actions))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with stable keys."""
        return {
            "policy": self.policy,
            "finding": self.finding_id,
            "today": self.today.isoformat(),
            "status": self.status,
            "status_label": self.status_label,
            "due": self.due.isoformat() if self.due else None,
            "overdue_days": self.overdue_days,
            "stage": self.stage,
            "stage_label": self.stage_label,
            "actions": [a.to_dict() for a in self.actions],
            "provisional": list(self.provisional),
            "trace": [t.to_dict() for t in self.trace],
        }
