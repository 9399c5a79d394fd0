"""What evaluation answers: the Assessment, its Actions and its trace."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from rectilaw.dsl.model import ActionModel, Rule

__all__ = ["CLOSED", "Action", "Assessment", "Disagreement", "TraceStep", "overdue_days"]

#: The statuses after which a finding's deadline no longer runs.
CLOSED = frozenset({"rectified"})


def overdue_days(due: date | None, status: str, today: date) -> int:
    """How many days past its deadline a finding is on ``today``: 0 when it has no deadline,
    is closed (:data:`CLOSED`) or is not yet late.  Every evaluator counts it so."""
    if due is None or status in CLOSED or today <= due:
        return 0
    return (today - due).days


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

    @classmethod
    def of(cls, action: ActionModel, rule: Rule, due: date | None = None) -> Action:
        """What ``action`` calls for when ``rule`` applies: its basis the rule's clauses."""
        return cls(code=action.code, label=action.label, due=due, by=action.by,
                   target=action.target, level=action.level, basis=rule.citation, to=action.to,
                   way=action.way, rule=rule.id)

    def due_on(self, due: date) -> Action:
        """The same action, due on ``due`` (``attrs.evolve`` by hand: three times cheaper, and
        an evaluation with due dates makes one per action)."""
        return Action(self.code, self.label, due, self.by, self.target, self.level, self.basis,
                      self.to, self.way, self.rule)

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


@attrs.frozen
class Disagreement:
    """The recorded determination and the rules' reading of the facts differ.

    ``recorded`` is the status code recorded (认定结果); ``rules`` the status the
    policy's rules give from the facts alone, decided by ``rule`` on ``basis``;
    ``rules`` is None when the recorded code is not a status of the policy at all.
    ``message`` says it in words, with the policy's own labels.
    """

    recorded: str
    rules: str | None
    rule: str | None
    basis: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return self.message

    @classmethod
    def of(cls, policy: str, recorded: tuple[str, str], rules: tuple[str, str] | None,
           rule: str, basis: tuple[str, ...]) -> Disagreement:
        """The disagreement of a recorded ``(code, label)`` with the rules' ``(code, label)``
        (None: the recorded code is no status of ``policy``; then ``rules`` is the reading
        in force, named by ``rule``)."""
        code, label = recorded
        if rules is None:
            return cls(code, None, None, (), f"recorded {label} ({code}) is not a status "
                       f"policy `{policy}` gives: not applied")
        return cls(code, rules[0], rule, basis, f"recorded {label} ({code}), but the rules read "
                   f"{rules[1]} ({rules[0]}) from the facts: {rule} [{', '.join(basis)}]")

    def to_dict(self) -> dict[str, Any]:
        return {"recorded": self.recorded, "rules": self.rules, "rule": self.rule,
                "basis": list(self.basis), "message": self.message}


_FIELDS = ("policy", "today", "status", "status_label", "due", "overdue_days", "actions",
           "stage", "stage_label", "provisional", "finding_id")


class _Slots:
    """The storage of an Assessment: slots, no ``__dict__``, so that an answer is one object
    for the garbage collector, not an object and its dict."""

    __slots__ = (*_FIELDS, "_explain", "_raw", "_facts", "recorded_status", "disagreements")

    _explain: Any
    _raw: Any
    _facts: Mapping[str, Any] | None


_new = object.__new__
(_s_policy, _s_today, _s_status, _s_status_label, _s_due, _s_overdue_days, _s_actions, _s_stage,
 _s_stage_label, _s_provisional, _s_finding_id, _s_explain, _s_raw, _s_facts, _s_recorded,
 _s_disagreements) = (
    getattr(_Slots, name).__set__ for name in _Slots.__slots__)


class Assessment(_Slots):
    """The answer for one finding on one day.

    Immutable.  ``trace`` is built when first read, from what the evaluation
    recorded, so that callers who need only the status do not pay for the
    explanation.  The class is written out by hand rather than with attrs
    because one is made per evaluation: its fields are slots, filled through
    their descriptors, which is the cheapest immutable object Python offers
    that the cyclic garbage collector sees as one object.
    """

    __slots__ = ()

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
    #: The recorded determination (schema v2 ``determination``) as a status code, or None.
    recorded_status: str | None
    #: Where the recorded determination and the rules' reading of the facts differ; () if not.
    disagreements: tuple[Disagreement, ...]

    def __init__(self, policy: str, today: date, status: str, status_label: str,
                 due: date | None, overdue_days: int, actions: tuple[Action, ...],
                 stage: str | None, stage_label: str | None, provisional: tuple[int, ...],
                 finding_id: str | None, explain: Callable[[], tuple[TraceStep, ...]], *,
                 recorded_status: str | None = None,
                 disagreements: tuple[Disagreement, ...] = ()) -> None:
        _fill(self, policy, today, status, status_label, due, overdue_days, actions, stage,
              stage_label, provisional, finding_id)
        _s_explain(self, explain)
        _s_raw(self, None)
        _s_facts(self, None)
        _s_recorded(self, recorded_status)
        _s_disagreements(self, disagreements)

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
        facts = self._facts
        if facts is None:
            return self._explain()  # type: ignore[no-any-return]
        return self._explain._trace(self._raw, facts, self.today)  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _Slots.__slots__}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name in _Slots.__slots__:
            getattr(_Slots, name).__set__(self, state[name])

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
            "recorded_status": self.recorded_status,
            "disagreements": [d.to_dict() for d in self.disagreements],
            "trace": [t.to_dict() for t in self.trace],
        }


def _fill(self: _Slots, policy: str, today: date, status: str, status_label: str,
          due: date | None, overdue_days: int, actions: tuple[Action, ...], stage: str | None,
          stage_label: str | None, provisional: tuple[int, ...], finding_id: str | None) -> None:
    _s_policy(self, policy)
    _s_today(self, today)
    _s_status(self, status)
    _s_status_label(self, status_label)
    _s_due(self, due)
    _s_overdue_days(self, overdue_days)
    _s_actions(self, actions)
    _s_stage(self, stage)
    _s_stage_label(self, stage_label)
    _s_provisional(self, provisional)
    _s_finding_id(self, finding_id)


def recorded(policy: str, today: date, status: str, status_label: str, due: date | None,
             overdue_days: int, actions: tuple[Action, ...], stage: str | None,
             stage_label: str | None, provisional: tuple[int, ...], finding_id: str | None,
             explainer: Any, raw: Any, facts: Mapping[str, Any],
             recorded_status: str | None = None,
             disagreements: tuple[Disagreement, ...] = ()) -> Assessment:
    """An Assessment whose trace ``explainer._trace(raw, facts, today)`` builds when read:
    what :class:`~rectilaw.Policy` makes, with no closure or partial per answer (the
    constructor's ``explain``), so nothing more for the garbage collector to follow."""
    self: Assessment = _new(Assessment)
    _fill(self, policy, today, status, status_label, due, overdue_days, actions, stage,
          stage_label, provisional, finding_id)
    _s_explain(self, explainer)
    _s_raw(self, raw)
    _s_facts(self, facts)
    _s_recorded(self, recorded_status)
    _s_disagreements(self, disagreements)
    return self
