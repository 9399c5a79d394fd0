"""Three-valued evaluation of a finding whose facts are only partly chosen.

A fact not yet chosen is :data:`UNKNOWN`; so is every value that depends on it,
unless the value is the same whatever it turns out to be (``false and x`` is
false, a comparison with an unset operand is false, a decision whose first
applicable rule is already certain is decided).  A decision that is not yet
certain is :class:`OneOf` its possible outcomes, which is often enough to
settle ``status is rectified``.  The search prunes every branch whose goal is
already false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs

from rectilaw.analysis import goals as g
from rectilaw.analysis.concrete import switches
from rectilaw.calendar import CalendarError
from rectilaw.dsl.model import DATE, LadderModel, Node, PolicyModel, Rule
from rectilaw.dsl.ops import OPS
from rectilaw.engine import events as measures
from rectilaw.engine import money
from rectilaw.periods import RestDayCalendar, period_end, shift_back

__all__ = ["UNKNOWN", "OneOf", "Partial", "truth"]


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@attrs.frozen
class OneOf:
    """A value not yet certain, known to be one of ``values`` (None: no rule decided)."""

    values: frozenset[Any]


def _known(value: Any) -> bool:
    return value is not UNKNOWN and not isinstance(value, OneOf)


def _and(values: list[Any]) -> Any:
    if any(v is False for v in values):
        return False
    return True if all(v is True for v in values) else UNKNOWN


def _or(values: list[Any]) -> Any:
    if any(v is True for v in values):
        return True
    return False if all(v is False for v in values) else UNKNOWN


def _not(value: Any) -> Any:
    return UNKNOWN if value is UNKNOWN else not value


def _equal(left: Any, right: Any) -> Any:
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    lefts = left.values if isinstance(left, OneOf) else (left,)
    rights = right.values if isinstance(right, OneOf) else (right,)
    outcomes = {a == b for a in lefts for b in rights}
    return outcomes.pop() if len(outcomes) == 1 else UNKNOWN


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


class Partial:
    """One world of a partly chosen finding: ``facts`` holds the facts chosen so far.

    Every unknown fact (and unknown ``today``, as ``today_key``) that an answer
    had to look at is added to ``consulted``: the search chooses its next fact
    among those, and never spends effort on a fact the goal no longer depends on.
    The boolean parameters a deployment may turn (``turned``, as ``param:name``)
    are chosen like facts, under those keys in ``facts``.
    """

    def __init__(self, model: PolicyModel, facts: Mapping[str, Any], today: Any,
                 calendar: RestDayCalendar, *, consulted: set[str] | None = None,
                 today_key: str = "today#0", turned: frozenset[str] | None = None) -> None:
        self.model = model
        self.facts = facts
        self.today = today
        self.calendar = calendar
        self.consulted = consulted if consulted is not None else set()
        self.today_key = today_key
        self.previous: Any = None
        self.switches = turned if turned is not None else frozenset(
            f"param:{name}" for name in switches(model))
        self._definitions: dict[str, Any] = {}
        self._decisions: dict[str, Any] = {}
        self._has_issued_on = any(f.name == "issued_on" for f in model.facts)

    # ------------------------------------------------------------ rules and decisions
    def applies(self, rule: Rule) -> Any:
        condition = True if rule.condition is None else self.value(rule.condition)
        if condition is False:
            return False
        vetoes = [self.value(exception) for exception, _ in rule.exceptions]
        return _and([condition, *[_not(v) for v in vetoes]])

    def decision(self, kind: str) -> Any:
        if kind not in self._decisions:
            block = self.model.status if kind == "status" else self.model.stage
            possible: set[Any] = set()
            decided = False
            for outcome, rule in block.rules if block is not None else ():
                applies = self.applies(rule)
                if applies is False:
                    continue
                possible.add(outcome.code)
                if applies is True:
                    decided = True
                    break
            if not decided:
                possible.add(None)
            self._decisions[kind] = possible.pop() if len(possible) == 1 else OneOf(
                frozenset(possible))
        return self._decisions[kind]

    def asked(self, ladder: LadderModel, index: int) -> Any:
        """Whether ``ladder`` asks for step ``index`` today (three-valued)."""
        events, today = self._fact_named("events"), self._today(_TODAY)
        if not _known(events) or not _known(today):
            return UNKNOWN
        reached, self.previous = measures.ladder_position(events, ladder.codes, today)
        try:
            if reached + 1 != index:
                return False
            step = ladder.steps[index]
            stops = [self.value(n) for n in (ladder.until, step.until) if n is not None]
            due = self.value(_due(self.model, step.anchor, step.wait))
            if due is None:
                return False
            come = due <= today if _known(due) else UNKNOWN
            return _and([*[_not(v) for v in stops], come])
        finally:
            self.previous = None

    def settled(self) -> Any:
        """Whether no measure is dated after today (three-valued)."""
        if not any(f.name == "events" for f in self.model.facts):
            return True
        events = self._fact_named("events")
        if not _known(events):
            return UNKNOWN
        if not events:
            return True
        today = self._today(_TODAY)
        return UNKNOWN if not _known(today) else all(e.on <= today for e in events)

    def due_dates(self) -> list[date]:
        """The due dates of the ladder steps and follow-ups that are already known."""
        events, today = self.facts.get("events", UNKNOWN), self.today
        found: list[date] = []
        if not _known(events):
            return found
        for ladder in self.model.ladders:
            reached, self.previous = measures.ladder_position(
                events, ladder.codes, today if _known(today) else date.max)
            if reached + 1 < len(ladder.steps):
                step = ladder.steps[reached + 1]
                found.append(self.value(_due(self.model, step.anchor, step.wait)))
            self.previous = None
        for block in self.model.afters:
            for event in events:
                if event.kind in block.kinds:
                    start = Node("const", DATE, value=event.on)
                    found.extend(self.value(_due(self.model, start, follow.within))
                                 for follow in block.follow_ups)
        return [d for d in found if isinstance(d, date)]

    def definition(self, name: str) -> Any:
        if name not in self._definitions:
            self._definitions[name] = self.value(self.model.definition(name).expr)
        return self._definitions[name]

    # ------------------------------------------------------------ expressions
    def value(self, node: Node) -> Any:
        """The value of ``node``, None if unset, UNKNOWN if it depends on what is not known;
        an operator that propagates unset operands gets their values (see
        :mod:`rectilaw.dsl.ops`)."""
        method: Callable[..., Any] = getattr(self, f"_{node.op}")
        try:
            if OPS[node.op].strict:
                return self._strict(node, lambda *values: method(node, *values))
            return method(node)
        except (CalendarError, OverflowError, ArithmeticError, ValueError):
            return UNKNOWN

    def _operands(self, node: Node) -> list[Any] | None:
        """Operand values; None if one that may be unset is unset; UNKNOWN among them
        if one is not yet known."""
        values = [self.value(arg) for arg in node.args]
        for arg, value in zip(node.args, values, strict=True):
            if arg.type.optional and value is None:
                return None
        return values

    def _strict(self, node: Node, compute: Callable[..., Any]) -> Any:
        values = self._operands(node)
        if values is None:
            return None
        if not all(_known(v) for v in values):
            return UNKNOWN
        return compute(*values)

    def _const(self, node: Node) -> Any:
        return node.value

    def _fact(self, node: Node) -> Any:
        value = self.facts.get(node.value, UNKNOWN)
        if value is UNKNOWN:
            self.consulted.add(node.value)
        return value

    def _param(self, node: Node) -> Any:
        param = self.model.param(node.value)
        key = f"param:{node.value}"
        if key in self.switches:
            value = self.facts.get(key, UNKNOWN)
            if value is UNKNOWN:
                self.consulted.add(key)
            return value
        if len(param.values) == 1:
            return param.values[0].value
        day: Any = self.facts.get("issued_on", UNKNOWN) if self._has_issued_on else None
        if day is UNKNOWN:
            self.consulted.add("issued_on")
        elif day is None:
            day = self._today(node)
        return UNKNOWN if day is UNKNOWN else param.value_on(day)

    def _def(self, node: Node) -> Any:
        return self.definition(node.value)

    def _today(self, node: Node) -> Any:
        if self.today is UNKNOWN:
            self.consulted.add(self.today_key)
        return self.today

    def _status(self, node: Node) -> Any:
        return self.decision("status")

    def _stage(self, node: Node) -> Any:
        return self.decision("stage")

    def _not(self, node: Node) -> Any:
        return _not(self.value(node.args[0]))

    def _and(self, node: Node) -> Any:
        first = self.value(node.args[0])
        return False if first is False else _and([first, self.value(node.args[1])])

    def _or(self, node: Node) -> Any:
        first = self.value(node.args[0])
        return True if first is True else _or([first, self.value(node.args[1])])

    def _cmp(self, node: Node) -> Any:
        if node.value in ("==", "!="):
            same = _equal(self.value(node.args[0]), self.value(node.args[1]))
            return same if node.value == "==" or same is UNKNOWN else not same
        values = self._operands(node)
        if values is None:
            return False
        if not all(_known(v) for v in values):
            return UNKNOWN
        return _ORDER[node.value](values[0], values[1])

    def _coalesce(self, node: Node) -> Any:
        first = self.value(node.args[0])
        if first is UNKNOWN or isinstance(first, OneOf):
            return UNKNOWN
        return first if first is not None else self.value(node.args[1])

    def _period(self, node: Node, start: Any, duration: Any) -> Any:
        return period_end(start, duration, calendar=self.calendar, rollover=bool(node.value))

    def _back(self, node: Node, day: Any, duration: Any) -> Any:
        return shift_back(day, duration, calendar=self.calendar)

    def _diff(self, node: Node, a: Any, b: Any) -> Any:
        return (a - b).days

    def _add(self, node: Node, a: Any, b: Any) -> Any:
        return a + b

    def _sub(self, node: Node, a: Any, b: Any) -> Any:
        return a - b

    def _mul(self, node: Node, a: Any, b: Any) -> Any:
        return a * b

    def _div(self, node: Node, a: Any, b: Any) -> Any:
        return money.divide(a, b)

    def _neg(self, node: Node, a: Any) -> Any:
        return -a

    def _isset(self, node: Node) -> Any:
        value = self.value(node.args[0])
        if value is UNKNOWN:
            return UNKNOWN
        return _not(_equal(value, None))

    def _in(self, node: Node) -> Any:
        operand = self.value(node.args[0])
        return _or([_equal(operand, self.value(option)) for option in node.args[1:]])

    def _if(self, node: Node) -> Any:
        condition = self.value(node.args[0])
        if condition is UNKNOWN:
            then, otherwise = self.value(node.args[1]), self.value(node.args[2])
            return then if _known(then) and _equal(then, otherwise) is True else UNKNOWN
        return self.value(node.args[1] if condition else node.args[2])

    def _fact_named(self, name: str) -> Any:
        value = self.facts.get(name, UNKNOWN)
        if value is UNKNOWN:
            self.consulted.add(name)
        return value

    def _measures(self, node: Node, function: Callable[..., Any]) -> Any:
        events, today = (self.value(arg) for arg in node.args)
        if not _known(events):
            return UNKNOWN
        kinds = frozenset(node.value)
        if _known(today):
            return function(events, kinds, today)
        # Before the first measure and after the last, the day makes no difference.
        earliest, latest = function(events, kinds, date.min), function(events, kinds, date.max)
        return earliest if earliest == latest else UNKNOWN

    def _count(self, node: Node) -> Any:
        return self._measures(node, measures.count)

    def _first(self, node: Node) -> Any:
        return self._measures(node, measures.first)

    def _last(self, node: Node) -> Any:
        return self._measures(node, measures.last)

    def _taken(self, node: Node) -> Any:
        return self._measures(node, measures.taken)

    def _previous(self, node: Node) -> Any:
        return self.previous

    def _call(self, node: Node, *values: Any) -> Any:
        return min(values) if node.value == "min" else max(values)


def truth(goal: g.Goal, worlds: list[Partial]) -> Any:
    """True, False or UNKNOWN: the goal's value for every completion of the partial finding."""
    if isinstance(goal, g.Applies):
        return worlds[goal.world].applies(goal.rule)
    if isinstance(goal, g.Holds):
        return worlds[goal.world].value(goal.node)
    if isinstance(goal, g.Asked):
        return worlds[goal.world].asked(goal.ladder, goal.step)
    if isinstance(goal, g.Settled):
        return worlds[goal.world].settled()
    if isinstance(goal, g.Differs):
        first, second = (_value_of(worlds[i], goal.what) for i in (goal.first, goal.second))
        return _not(_equal(first, second))
    if isinstance(goal, g.Earlier):
        first, second = (worlds[i]._today(_TODAY) for i in (goal.first, goal.second))
        if first is UNKNOWN or second is UNKNOWN:
            return UNKNOWN
        return bool(first < second)
    if isinstance(goal, g.All):
        found: list[Any] = []
        for part in goal.parts:
            value = truth(part, worlds)
            if value is False:
                return False
            found.append(value)
        return _and(found)
    if isinstance(goal, g.Any):
        found = []
        for part in goal.parts:
            value = truth(part, worlds)
            if value is True:
                return True
            found.append(value)
        return _or(found)
    return _not(truth(goal.part, worlds))


_TODAY = Node("today", DATE)


def _due(model: PolicyModel, anchor: Node, wait: Node) -> Node:
    """The due date of a ladder step or follow-up, as the evaluators compute it."""
    return Node("period", DATE.maybe(anchor.type.optional), (anchor, wait),
                value=model.info.rollover)


def _value_of(world: Partial, what: str) -> Any:
    if what in ("status", "stage"):
        return world.decision(what)
    return world.definition(what)


def date_of(value: Any) -> date | None:
    """``value`` if it is a known date."""
    return value if isinstance(value, date) else None
