"""The reference interpreter: a plain walk over the checked model.

It answers exactly what the compiled evaluator answers, the obvious way: one
method per expression operator, definitions computed in the checker's order,
the first rule that applies decides.  It is slow and is not used to evaluate
findings; it is the specification the fast evaluator is tested against, and the
concrete meaning the consistency analysis checks its counterexamples with.

Two rules of the language deserve stating once:

- an unset operand makes a comparison (``<``, ``<=``, ``>``, ``>=``) false and
  an arithmetic result unset; the operands that may be unset are looked at
  first, left to right, and the first one found unset ends the evaluation;
- ``==``, ``!=`` and ``in`` compare values as they are, so two unset values
  are equal.

Every period computed on the way records, in ``touched``, the calendar years
it relied on whose holiday schedule is not yet published.

Recorded measures are read through :mod:`rectilaw.engine.events`, which the
compiled evaluator uses too: what a measure means is defined once.  A ladder
asks for the step after the furthest one recorded, from the day it falls due;
an ``after`` block asks for each follow-up not yet taken since the latest
measure it follows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from rectilaw.dsl.model import (
    DATE,
    DEADLINE,
    ActionModel,
    AfterModel,
    LadderModel,
    Node,
    PolicyModel,
    Rule,
)
from rectilaw.dsl.ops import OPS
from rectilaw.engine import events as measures
from rectilaw.engine import money
from rectilaw.engine.assessment import (
    Action,
    Assessment,
    Disagreement,
    TraceStep,
    overdue_days,
)
from rectilaw.errors import PolicyError
from rectilaw.findings import FactSpec, normalize, schema_specs
from rectilaw.periods import Duration, RestDayCalendar, period_end, shift_back
from rectilaw.schema import ACTIONS, STATUSES

__all__ = ["Evaluation", "evaluate", "fact_specs"]



def fact_specs(model: PolicyModel) -> dict[str, FactSpec]:
    """What each field of a finding must be under ``model``: the schema, then the policy's own."""
    specs = schema_specs()
    for fact in model.facts:
        specs[fact.name] = FactSpec(fact.name, fact.type.kind, fact.type.values)
    return specs


class Evaluation:
    """One finding (already normalized) on one day, evaluated on demand.

    ``params`` replaces the values of some parameters, as a deployment would.

    Values are computed when first asked for and remembered, so the analysis
    can ask about any rule in any order; :func:`evaluate` asks in the order the
    compiled evaluator computes, so that ``touched`` matches it.
    """

    def __init__(self, model: PolicyModel, facts: Mapping[str, Any], today: date,
                 calendar: RestDayCalendar, params: Mapping[str, Any] | None = None) -> None:
        self.model = model
        self.facts = facts
        self.today = today
        self.calendar = calendar
        self.touched: set[int] = set()
        self.vetoed: list[str] = []
        self._definitions: dict[str, Any] = {}
        self._decisions: dict[str, tuple[str, Rule] | None] = {}
        self._params = {p.name: p.value_on(self._param_day()) for p in model.params}
        self._params.update(params or {})
        #: The day ``previous`` stands for while a ladder step or a follow-up is computed.
        self.previous: date | None = None

    def _param_day(self) -> date:
        """The day that picks a parameter's value: the issuing day, else today."""
        if any(f.name == "issued_on" for f in self.model.facts):
            issued = self.facts.get("issued_on")
            if isinstance(issued, date):
                return issued
        return self.today

    # ------------------------------------------------------------ named values
    def fact(self, name: str) -> Any:
        return self.facts[name]

    def param(self, name: str) -> Any:
        return self._params[name]

    def definition(self, name: str) -> Any:
        if name not in self._definitions:
            self._definitions[name] = self.value(self.model.definition(name).expr)
        return self._definitions[name]

    def decision(self, kind: str) -> tuple[str, Rule] | None:
        """The outcome code and the rule that decided ``status`` or ``stage``; None if none did."""
        if kind not in self._decisions:
            block = self.model.status if kind == "status" else self.model.stage
            decided = None
            if block is not None:
                for outcome, rule in block.rules:
                    if self.applies(rule, record=True):
                        decided = (outcome.code, rule)
                        break
            self._decisions[kind] = decided
        return self._decisions[kind]

    def outcome(self, kind: str) -> str | None:
        decided = self.decision(kind)
        if decided is None and kind == "status":
            raise PolicyError.single(
                "no-status", f"no status rule of policy `{self.model.info.id}` applies on "
                f"{self.today}", hint="the status block has a gap: add an `otherwise` rule")
        return None if decided is None else decided[0]

    def fired(self, action: ActionModel) -> tuple[Rule, date | None] | None:
        """The first rule of ``action`` that applies, with the action's due date; or None."""
        for rule in action.rules:
            if self.applies(rule, record=True):
                due = self.value(action.due) if action.due is not None else None
                return rule, due
        return None

    def step(self, ladder: LadderModel) -> tuple[int, date | None] | None:
        """The step of ``ladder`` that is next, and its due date; None while the ladder's
        or the step's ``until`` holds or every step is recorded."""
        reached, self.previous = measures.ladder_position(
            self.fact("events"), ladder.codes, self.today)
        try:
            if ladder.until is not None and self.holds(ladder.until):
                return None
            index = reached + 1
            if index >= len(ladder.steps):
                return None
            step = ladder.steps[index]
            if step.until is not None and self.holds(step.until):
                return None
            return index, self._due(step.anchor, step.wait)
        finally:
            self.previous = None

    def asked(self, ladder: LadderModel) -> tuple[int, date] | None:
        """The step of ``ladder`` asked for today (its due date has come), with its due date."""
        step = self.step(ladder)
        if step is None or step[1] is None or self.today < step[1]:
            return None
        return step[0], step[1]

    def follow_ups(self, block: AfterModel) -> list[tuple[int, date | None]]:
        """The follow-ups of ``block`` asked for today, by index, with their due dates."""
        events = self.fact("events")
        since = measures.last(events, frozenset(block.kinds), self.today)
        if since is None or (block.until is not None and self.holds(block.until)):
            return []
        found = []
        for index, follow in enumerate(block.follow_ups):
            if not measures.done_since(events, follow.code, since, self.today):
                self.previous = since
                try:
                    found.append((index, self._due(_PREVIOUS, follow.within)))
                finally:
                    self.previous = None
        return found

    def _due(self, anchor: Node, wait: Node) -> date | None:
        """``wait`` after ``anchor``, rolled over as the policy's header says."""
        period = Node("period", DATE.maybe(anchor.type.optional), (anchor, wait),
                      value=self.model.info.rollover)
        value: date | None = self.value(period)
        return value

    # ------------------------------------------------------------ rules
    def holds(self, node: Node) -> bool:
        return bool(self.value(node))

    def applies(self, rule: Rule, *, record: bool = False) -> bool:
        """Whether ``rule``'s condition holds and none of its exceptions does.

        With ``record`` a rule vetoed by an exception is remembered, for the trace.
        """
        if rule.condition is not None and not self.holds(rule.condition):
            return False
        for exception, _citation in rule.exceptions:
            if self.holds(exception):
                if record:
                    self.vetoed.append(rule.id)
                return False
        return True

    # ------------------------------------------------------------ expressions
    def value(self, node: Node) -> Any:
        """The value of ``node``; what an unset operand does is the operator's (see
        :mod:`rectilaw.dsl.ops`), applied here once for all operators."""
        method: Callable[..., Any] = getattr(self, f"_{node.op}")
        unset = OPS[node.op].unset
        if unset == "propagates":
            values = self._operands(node.args)
            return None if values is None else method(node, *values)
        if unset == "propagates-after":
            values = [self.value(arg) for arg in node.args]
            return None if any(v is None for v in values) else method(node, *values)
        return method(node)

    def _operands(self, nodes: tuple[Node, ...]) -> list[Any] | None:
        """The values of ``nodes``, or None as soon as one that may be unset is unset."""
        values: dict[int, Any] = {}
        for index, node in enumerate(nodes):
            if node.type.optional:
                values[index] = self.value(node)
                if values[index] is None:
                    return None
        return [values[i] if i in values else self.value(n) for i, n in enumerate(nodes)]

    def _const(self, node: Node) -> Any:
        return node.value

    def _fact(self, node: Node) -> Any:
        return self.fact(node.value)

    def _param(self, node: Node) -> Any:
        return self.param(node.value)

    def _def(self, node: Node) -> Any:
        return self.definition(node.value)

    def _today(self, node: Node) -> Any:
        return self.today

    def _status(self, node: Node) -> Any:
        return self.outcome("status")

    def _stage(self, node: Node) -> Any:
        return self.outcome("stage")

    def _not(self, node: Node) -> bool:
        return not self.holds(node.args[0])

    def _and(self, node: Node) -> bool:
        return self.holds(node.args[0]) and self.holds(node.args[1])

    def _or(self, node: Node) -> bool:
        return self.holds(node.args[0]) or self.holds(node.args[1])

    def _cmp(self, node: Node) -> bool:
        if node.value in ("==", "!="):
            left, right = self.value(node.args[0]), self.value(node.args[1])
            return bool(left == right) if node.value == "==" else bool(left != right)
        values = self._operands(node.args)
        if values is None:
            return False
        left, right = values
        return bool(_ORDER[node.value](left, right))

    def _coalesce(self, node: Node) -> Any:
        first = self.value(node.args[0])
        return first if first is not None else self.value(node.args[1])

    def _period(self, node: Node, start: date, duration: Duration) -> date:
        return period_end(start, duration, calendar=self.calendar, rollover=bool(node.value),
                          touched=self.touched)

    def _back(self, node: Node, start: date, duration: Duration) -> date:
        return shift_back(start, duration, calendar=self.calendar)

    def _diff(self, node: Node, later: date, earlier: date) -> int:
        return (later - earlier).days

    def _add(self, node: Node, left: Any, right: Any) -> Any:
        return left + right

    def _sub(self, node: Node, left: Any, right: Any) -> Any:
        return left - right

    def _mul(self, node: Node, left: Any, right: Any) -> Any:
        return left * right

    def _div(self, node: Node, amount: Decimal, by: int) -> Decimal:
        return money.divide(amount, by)

    def _neg(self, node: Node, operand: Any) -> Any:
        return -operand

    def _isset(self, node: Node) -> bool:
        return self.value(node.args[0]) is not None

    def _in(self, node: Node) -> bool:
        operand = self.value(node.args[0])
        return any(operand == self.value(option) for option in node.args[1:])

    def _if(self, node: Node) -> Any:
        condition, then, otherwise = node.args
        return self.value(then) if self.holds(condition) else self.value(otherwise)

    def _call(self, node: Node, *values: Any) -> Any:
        return min(values) if node.value == "min" else max(values)

    def _measures(self, node: Node, function: Callable[..., Any]) -> Any:
        events, today = node.args
        return function(self.value(events), frozenset(node.value), self.value(today))

    def _count(self, node: Node) -> int:
        return int(self._measures(node, measures.count))

    def _first(self, node: Node) -> date | None:
        value: date | None = self._measures(node, measures.first)
        return value

    def _last(self, node: Node) -> date | None:
        value: date | None = self._measures(node, measures.last)
        return value

    def _taken(self, node: Node) -> bool:
        return bool(self._measures(node, measures.taken))

    def _previous(self, node: Node) -> date | None:
        return self.previous


_PREVIOUS = Node("previous", DATE)


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _reads(model: PolicyModel, node: Node) -> tuple[str, ...]:
    """The facts (and ``today``, ``status``, ``stage``) an expression reads, in fact order."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.op == "fact":
            found.add(current.value)
        elif current.op in ("today", "status", "stage"):
            found.add(current.op)
        elif current.op == "def":
            stack.append(model.definition(current.value).expr)
        stack.extend(current.args)
    order = [f.name for f in model.facts] + ["today", "status", "stage"]
    return tuple(sorted(found, key=order.index))


def _read_values(run: Evaluation, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        if name == "today":
            values[name] = run.today
        elif name in ("status", "stage"):
            values[name] = run.outcome(name)
        else:
            values[name] = run.fact(name)
    return values


def evaluate(model: PolicyModel, finding: Mapping[str, Any], today: date,
             calendar: RestDayCalendar | None = None) -> Assessment:
    """The assessment of ``finding`` on ``today``, computed by walking ``model``."""
    if calendar is None:
        from rectilaw.calendar import official_calendar

        calendar = official_calendar()
    kinds = model.event_kinds | frozenset(ACTIONS)
    normalized = normalize(finding, fact_specs(model), kinds)
    facts = {f.name: normalized[f.name] for f in model.facts}
    run = Evaluation(model, facts, today, calendar)
    for kind, name in model.order:
        if kind == "def":
            run.definition(name)
        else:
            run.decision(kind)
    status = run.outcome("status")
    assert status is not None
    fired = [(action, *result) for action in model.actions
             if (result := run.fired(action)) is not None]
    for ladder in model.ladders:
        step = run.asked(ladder)
        if step is not None:
            action = ladder.steps[step[0]].action
            fired.append((action, action.rules[0], step[1]))
    for block in model.afters:
        for index, due in run.follow_ups(block):
            action = block.follow_ups[index].action
            fired.append((action, action.rules[0], due))
    actions = tuple(Action.of(action, rule, due) for action, rule, due in fired)
    due = run.definition(DEADLINE) if model.deadline is not None else None
    overdue = overdue_days(due, status, today)
    stage = run.outcome("stage") if model.stage is not None else None
    labels = {o.code: o.label for o in model.status.outcomes}
    stage_labels = {o.code: o.label for o in model.stage.outcomes} if model.stage else {}
    trace = _trace(run, [(action, rule) for action, rule, _ in fired])
    finding_id = finding.get("id")
    recorded = facts.get("determination")
    return Assessment(
        model.info.id, today, status, labels[status], due, overdue, actions, stage,
        stage_labels.get(stage) if stage is not None else None, tuple(sorted(run.touched)),
        None if finding_id is None else str(finding_id), lambda: trace,
        recorded_status=recorded,
        disagreements=() if recorded is None else _disagreements(model, recorded, facts, today,
                                                                 calendar),
    )


def _disagreements(model: PolicyModel, recorded: str, facts: Mapping[str, Any], today: date,
                   calendar: RestDayCalendar) -> tuple[Disagreement, ...]:
    """The rules' reading with nothing recorded, walked again, against the recorded code."""
    labels = {o.code: o.label for o in model.status.outcomes}
    named = (recorded, labels.get(recorded) or STATUSES.get(recorded, recorded))
    if recorded not in labels:
        return (Disagreement.of(model.info.id, named, None, "", ()),)
    run = Evaluation(model, {**facts, "determination": None}, today, calendar)
    for kind, name in model.order:
        if kind == "def":
            run.definition(name)
        else:
            run.decision(kind)
    decided = run.decision("status")
    assert decided is not None
    code, rule = decided
    if code == recorded or rule.condition is None:
        return ()
    return (Disagreement.of(model.info.id, named, (code, labels[code]), rule.id, rule.citation),)


def _trace(run: Evaluation, fired: list[tuple[ActionModel, Rule]]) -> tuple[TraceStep, ...]:
    model = run.model
    steps = [
        TraceStep(d.rule_id, "deadline", run.definition(d.name), d.citation,
                  _read_values(run, _reads(model, d.expr)))
        for d in model.definitions if d.kind == "deadline"
    ]
    rules = {r.id: r for _, r in model.status.rules}
    if model.stage is not None:
        rules.update({r.id: r for _, r in model.stage.rules})
    rules.update({r.id: r for a in model.emitted_actions for r in a.rules})
    for rule_id in run.vetoed:
        rule = rules[rule_id]
        basis = tuple(c for _, cite in rule.exceptions for c in cite)
        steps.append(TraceStep(rule_id, "exception", "not applied", basis,
                               _read_values(run, rule.reads)))
    for kind in ("status", "stage"):
        decided = run.decision(kind) if kind == "status" or model.stage else None
        if decided is not None:
            code, rule = decided
            steps.append(TraceStep(rule.id, kind, code, rule.citation,
                                   _read_values(run, rule.reads)))
    for action, rule in fired:
        steps.append(TraceStep(rule.id, "action", action.code, rule.citation,
                               _read_values(run, rule.reads)))
    return tuple(steps)
