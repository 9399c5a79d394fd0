"""The SMT prover: goals as z3 formulas, decided exactly.

What is exact: booleans; enumerations and texts (as symbols); amounts (reals
in whole fen, never negative); integers; dates (day numbers from 2001-01-01 to
2090-12-31); unset values and the language's rules for them; definitions,
first-match decisions and ``today``; recorded measures, up to six per finding
(so "no finding exists" means none with at most six), with what ``is taken``,
``count of``, ``first``, ``last``, ladders and ``after`` blocks make of them;
boolean parameters, which a deployment may turn either way.  Calendar-day periods without roll-over
are exact too.  The end of a period that depends on the calendar (roll-over
past rest days, months, working days) is an unknown day within the bounds of
:mod:`rectilaw.analysis.bounds`, the same for the same start and never earlier
for a later start: an over-approximation, so "no finding exists" (unsat) is a
proof, while a proposed witness may be spurious.  Every witness is therefore
checked on the reference interpreter; a spurious one teaches the solver the
true end of the periods it relied on, and it tries again.  A goal the solver
cannot settle that way is handed to the search prover, and the report then
says that it is not proved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from rectilaw.analysis import bounds
from rectilaw.analysis import goals as g
from rectilaw.analysis.concrete import Concrete, Witness, switches
from rectilaw.analysis.prover import Answer
from rectilaw.analysis.search import SearchProver
from rectilaw.dsl.model import DATE, FactModel, LadderModel, Node, PolicyModel, Rule
from rectilaw.dsl.ops import OPS
from rectilaw.findings import Event
from rectilaw.periods import Duration, RestDayCalendar, period_end, shift_back
from rectilaw.schema import ACTIONS

__all__ = ["SmtProver", "available"]

#: The days facts and ``today`` may take.
FIRST_DAY = date(2001, 1, 1)
LAST_DAY = date(2090, 12, 31)
#: How many times a spurious witness may be refined away before the search takes over.
REFINEMENTS = 40
#: Milliseconds the solver may spend on one goal, all its refinements together; a goal
#: not settled in that time goes to the search.
TIMEOUT = 10_000
#: The most measures (``events``) a finding may record in the encoding.
MEASURES = 6


def available() -> bool:
    """Whether z3 can be imported (``pip install rectilaw[analysis]``)."""
    try:
        import z3  # noqa: F401
    except ImportError:
        return False
    return True


@attrs.frozen
class _Val:
    """An encoded value: whether it is set, and what it is."""

    defined: Any
    value: Any


@attrs.frozen
class _Term:
    """A period end the solver does not compute: an unknown day within bounds."""

    start: Any
    end: Any
    duration: Duration
    rollover: bool
    back: bool


class _Encoder:
    """Variables for the facts and each world's ``today``; constraints every answer obeys."""

    def __init__(self, model: PolicyModel, calendar: RestDayCalendar, z3: Any) -> None:
        self.model = model
        self.calendar = calendar
        self.z3 = z3
        self.pending: list[Any] = []
        self.terms: dict[tuple[Any, ...], _Term] = {}
        self.symbols = self._symbols()
        self.names = {number: text for text, number in self.symbols.items()}
        self.facts = {fact.name: self._fact(fact) for fact in model.facts}
        self.switches = {name: z3.Bool(f"param:{name}") for name in switches(model)}
        self.slots = self._slots() if "events" in self.facts else []
        self.cents: dict[str, Any] = {}
        self._worlds: dict[int, _World] = {}

    def _symbols(self) -> dict[str, int]:
        found: dict[str, None] = {}
        for fact in self.model.facts:
            found.update(dict.fromkeys(fact.type.values))
        for block in (self.model.status, self.model.stage):
            if block is not None:
                found.update(dict.fromkeys(block.codes))
        from rectilaw.analysis.domain import constants

        found.update(dict.fromkeys(constants(self.model).texts))
        found.update(dict.fromkeys(sorted(self.model.event_kinds | set(ACTIONS))))
        return {text: number for number, text in enumerate(found)}

    def _slots(self) -> list[tuple[Any, Any, Any]]:
        """The finding's measures: up to MEASURES of them, present ones first, by day."""
        z3 = self.z3
        kinds = [self.symbols[k] for k in sorted(self.model.event_kinds | set(ACTIONS))]
        slots: list[tuple[Any, Any, Any]] = []
        for index in range(MEASURES):
            present, kind, on = (z3.Bool(f"event#{index}?"), z3.Int(f"event#{index}.kind"),
                                 z3.Int(f"event#{index}.on"))
            self.pending.append(z3.Or([kind == k for k in kinds]))
            self._day_range(on)
            if slots:
                before = slots[-1]
                self.pending.append(z3.Implies(present, z3.And(before[0], before[2] <= on)))
            slots.append((present, kind, on))
        return slots

    def _day_range(self, var: Any) -> None:
        self.pending.append(var >= FIRST_DAY.toordinal())
        self.pending.append(var <= LAST_DAY.toordinal())

    def _fact(self, fact: FactModel) -> _Val:
        z3, name, kind = self.z3, fact.name, fact.type.kind
        defined = z3.Bool(f"{name}?") if fact.type.optional else z3.BoolVal(True)
        if kind == "bool":
            return _Val(defined, z3.Bool(name))
        if kind == "money":
            cents = z3.Int(f"{name}/fen")
            self.pending.append(cents >= 0)
            return _Val(defined, z3.ToReal(cents) / 100)
        value = z3.Int(name)
        if kind == "date":
            self._day_range(value)
        elif kind == "enum":
            self.pending.append(z3.Or([value == self.symbols[v] for v in fact.type.values]))
        elif kind == "text":
            self.pending.append(value >= 0)
        return _Val(defined, value)

    def world(self, index: int) -> _World:
        if index not in self._worlds:
            today = self.z3.Int(f"today#{index}")
            self._day_range(today)
            self._worlds[index] = _World(self, today)
        return self._worlds[index]

    def take_pending(self) -> list[Any]:
        taken, self.pending = self.pending, []
        return taken

    # ------------------------------------------------------------ periods
    def period(self, start: Any, duration: Duration, rollover: bool, back: bool) -> Any:
        from rectilaw.periods import Unit

        if duration.unit is Unit.DAYS and (back or not rollover):
            return start - duration.amount if back else start + duration.amount
        key = (start.get_id(), str(duration), rollover, back)
        term = self.terms.get(key)
        if term is None:
            end = self.z3.Int(f"end#{len(self.terms)}")
            term = _Term(start, end, duration, rollover, back)
            low, high = bounds.reach(self.calendar, duration, rollover=rollover, back=back)
            span = start - end if back else end - start
            self.pending.extend([span >= low, span <= high])
            for other in self.terms.values():
                if (other.duration, other.rollover, other.back) == (duration, rollover, back):
                    z3 = self.z3
                    self.pending.append(z3.Implies(other.start <= start, other.end <= end))
                    self.pending.append(z3.Implies(start <= other.start, end <= other.end))
            self.terms[key] = term
        return term.end

    def refine(self, solution: Any) -> list[Any]:
        """The true ends of the periods the solution got wrong, as constraints."""
        learned = []
        for term in self.terms.values():
            start = solution.eval(term.start, model_completion=True).as_long()
            end = solution.eval(term.end, model_completion=True).as_long()
            try:
                day = date.fromordinal(start)
                if term.back:
                    true = shift_back(day, term.duration, calendar=self.calendar)
                else:
                    true = period_end(day, term.duration, calendar=self.calendar,
                                      rollover=term.rollover)
            except (ValueError, OverflowError, ArithmeticError):
                continue
            if true.toordinal() != end:
                learned.append(self.z3.Implies(term.start == start, term.end == true.toordinal()))
        return learned

    # ------------------------------------------------------------ witnesses
    def witness(self, solution: Any, count: int, concrete: Concrete) -> Witness:
        facts = {name: self._read(solution, self.model_fact(name), val)
                 for name, val in self.facts.items() if name != "events"}
        if self.slots:
            facts["events"] = self.events(solution)
        days = tuple(date.fromordinal(solution.eval(self.world(w).today,
                                                    model_completion=True).as_long())
                     for w in range(count))
        params = {name: self.z3.is_true(solution.eval(var, model_completion=True))
                  for name, var in self.switches.items()}
        return concrete.trimmed(facts, days, params)

    def events(self, solution: Any) -> tuple[Event, ...]:
        z3 = self.z3
        found = []
        for present, kind, on in self.slots:
            if z3.is_true(solution.eval(present, model_completion=True)):
                code = self.names[solution.eval(kind, model_completion=True).as_long()]
                found.append(Event(date.fromordinal(
                    solution.eval(on, model_completion=True).as_long()), code))
        return tuple(sorted(found))

    def model_fact(self, name: str) -> FactModel:
        return next(f for f in self.model.facts if f.name == name)

    def _read(self, solution: Any, fact: FactModel, val: _Val) -> Any:
        z3 = self.z3
        kind = fact.type.kind
        if not z3.is_true(solution.eval(val.defined, model_completion=True)):
            return None
        value = solution.eval(val.value, model_completion=True)
        if kind == "bool":
            return z3.is_true(value)
        if kind == "money":
            fraction = value.as_fraction()
            return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(
                Decimal("0.01"))
        number = value.as_long()
        if kind == "date":
            return date.fromordinal(number)
        if kind == "enum":
            return self.names.get(number)
        if kind == "text":
            return self.names.get(number, f"其他{number}")
        if kind == "integer":
            return number
        return ()

    # ------------------------------------------------------------ goals
    def goal(self, goal: g.Goal) -> Any:
        z3 = self.z3
        if isinstance(goal, g.Applies):
            return self.world(goal.world).applies(goal.rule)
        if isinstance(goal, g.Holds):
            return self.world(goal.world).node(goal.node).value
        if isinstance(goal, g.Asked):
            return self.world(goal.world).asked(goal.ladder, goal.step)
        if isinstance(goal, g.Settled):
            today = self.world(goal.world).today
            return _all(z3, [z3.Implies(present, on <= today)
                             for present, _, on in self.slots])
        if isinstance(goal, g.Differs):
            first = self.world(goal.first).named(goal.what)
            second = self.world(goal.second).named(goal.what)
            return z3.Not(_equal(z3, first, second))
        if isinstance(goal, g.Earlier):
            return self.world(goal.first).today < self.world(goal.second).today
        if isinstance(goal, g.All):
            return z3.And([self.goal(p) for p in goal.parts])
        if isinstance(goal, g.Any):
            return z3.Or([self.goal(p) for p in goal.parts])
        return z3.Not(self.goal(goal.part))


_ORDER: dict[str, Callable[[Any, Any], Any]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _equal(z3: Any, left: _Val, right: _Val) -> Any:
    """``==`` of the language: equal values, or both unset."""
    return z3.Or(z3.And(z3.Not(left.defined), z3.Not(right.defined)),
                 z3.And(left.defined, right.defined, left.value == right.value))


def _all(z3: Any, parts: Iterable[Any]) -> Any:
    parts = list(parts)
    return z3.And(parts) if parts else z3.BoolVal(True)


class _World:
    """One day: the encoding of every expression, with ``today`` fixed to this world's."""

    def __init__(self, encoder: _Encoder, today: Any) -> None:
        self.encoder = encoder
        self.z3 = encoder.z3
        self.today = today
        self._definitions: dict[str, _Val] = {}
        self._decisions: dict[str, _Val] = {}
        self.previous = _Val(self.z3.BoolVal(False), self.z3.IntVal(0))

    def named(self, what: str) -> _Val:
        if what in ("status", "stage"):
            return self.decision(what)
        return self.definition(what)

    def definition(self, name: str) -> _Val:
        if name not in self._definitions:
            self._definitions[name] = self.node(self.encoder.model.definition(name).expr)
        return self._definitions[name]

    def decision(self, kind: str) -> _Val:
        if kind not in self._decisions:
            z3 = self.z3
            model = self.encoder.model
            block = model.status if kind == "status" else model.stage
            value: Any = z3.IntVal(-1)
            defined: Any = z3.BoolVal(False)
            for outcome, rule in reversed(block.rules if block is not None else ()):
                applies = self.applies(rule)
                value = z3.If(applies, z3.IntVal(self.encoder.symbols[outcome.code]), value)
                defined = z3.Or(applies, defined)
            self._decisions[kind] = _Val(defined, value)
        return self._decisions[kind]

    def applies(self, rule: Rule) -> Any:
        z3 = self.z3
        parts = [self.node(rule.condition).value] if rule.condition is not None else []
        parts.extend(z3.Not(self.node(exception).value) for exception, _ in rule.exceptions)
        return _all(z3, parts)

    # ------------------------------------------------------------ expressions
    def node(self, node: Node) -> _Val:
        """``node`` as a term and when it is defined; an operator that propagates unset
        operands is defined where they all are (see :mod:`rectilaw.dsl.ops`)."""
        if OPS[node.op].strict:
            compute: Callable[..., Any] = getattr(self, f"_{node.op}")
            operands = [self.node(a) for a in node.args]
            return _Val(_all(self.z3, [o.defined for o in operands]),
                        compute(node, *(o.value for o in operands)))
        method: Callable[[Node], _Val] = getattr(self, f"_{node.op}")
        return method(node)

    def _known(self, value: Any) -> _Val:
        return _Val(self.z3.BoolVal(True), value)

    def _constant(self, value: Any, kind: str) -> Any:
        z3 = self.z3
        if kind == "bool":
            return z3.BoolVal(bool(value))
        if kind == "integer":
            return z3.IntVal(int(value))
        if kind == "money":
            return z3.RealVal(str(value))
        if kind == "date":
            return z3.IntVal(value.toordinal())
        if kind == "duration":
            return [(z3.BoolVal(True), value)]
        return z3.IntVal(self.encoder.symbols.get(str(value), -2))

    def _const(self, node: Node) -> _Val:
        return self._known(self._constant(node.value, node.type.kind))

    def _fact(self, node: Node) -> _Val:
        return self.encoder.facts[node.value]

    def _param(self, node: Node) -> _Val:
        if node.value in self.encoder.switches:
            return self._known(self.encoder.switches[node.value])
        param = self.encoder.model.param(node.value)
        kind = param.type.kind
        choices = [(item.effective, self._constant(item.value, kind)) for item in param.values]
        if len(choices) == 1:
            return self._known(choices[0][1])
        issued = self.encoder.facts.get("issued_on")
        day = self.z3.If(issued.defined, issued.value, self.today) if issued else self.today
        return self._known(self._by_day(day, choices, kind))

    def _by_day(self, day: Any, choices: list[tuple[date | None, Any]], kind: str) -> Any:
        """The value in force on ``day``: the last one whose effective day is not after it."""
        z3 = self.z3
        if kind == "duration":
            picked: list[tuple[Any, Duration]] = []
            for index, (effective, value) in enumerate(choices):
                later = [e for e, _ in choices[index + 1:] if e is not None]
                guard = _all(z3, [*([day >= effective.toordinal()] if effective else []),
                                  *[day < e.toordinal() for e in later]])
                picked.extend((z3.And(guard, inner), duration) for inner, duration in value)
            return picked
        result = choices[0][1]
        for effective, value in choices[1:]:
            result = value if effective is None else z3.If(day >= effective.toordinal(), value,
                                                          result)
        return result

    def _def(self, node: Node) -> _Val:
        return self.definition(node.value)

    def _today(self, node: Node) -> _Val:
        return self._known(self.today)

    def _status(self, node: Node) -> _Val:
        return self.decision("status")

    def _stage(self, node: Node) -> _Val:
        return self.decision("stage")

    def _not(self, node: Node) -> _Val:
        return self._known(self.z3.Not(self.node(node.args[0]).value))

    def _and(self, node: Node) -> _Val:
        return self._known(self.z3.And(*(self.node(a).value for a in node.args)))

    def _or(self, node: Node) -> _Val:
        return self._known(self.z3.Or(*(self.node(a).value for a in node.args)))

    def _cmp(self, node: Node) -> _Val:
        z3 = self.z3
        left, right = (self.node(a) for a in node.args)
        if node.value in ("==", "!="):
            equal = _equal(z3, left, right)
            return self._known(equal if node.value == "==" else z3.Not(equal))
        compare = _ORDER[node.value]
        return self._known(z3.And(left.defined, right.defined,
                                  compare(left.value, right.value)))

    def _coalesce(self, node: Node) -> _Val:
        z3 = self.z3
        left, right = (self.node(a) for a in node.args)
        return _Val(z3.Or(left.defined, right.defined),
                    z3.If(left.defined, left.value, right.value))

    def _periodic(self, start: Any, duration: Any, rollover: bool, back: bool) -> Any:
        value: Any = None
        for guard, length in reversed(duration):
            end = self.encoder.period(start, length, rollover, back)
            value = end if value is None else self.z3.If(guard, end, value)
        return value

    def _period(self, node: Node, start: Any, duration: Any) -> Any:
        return self._periodic(start, duration, bool(node.value), back=False)

    def _back(self, node: Node, start: Any, duration: Any) -> Any:
        return self._periodic(start, duration, False, back=True)

    def _diff(self, node: Node, a: Any, b: Any) -> Any:
        return a - b

    def _add(self, node: Node, a: Any, b: Any) -> Any:
        return a + b

    def _sub(self, node: Node, a: Any, b: Any) -> Any:
        return a - b

    def _mul(self, node: Node, a: Any, b: Any) -> Any:
        return a * b

    def _div(self, node: Node, a: Any, b: Any) -> Any:
        """The share in fen, rounded half away from zero, as an amount again."""
        z3 = self.z3
        fen = a * 100 / z3.ToReal(b)
        half = z3.RealVal("1/2")
        rounded = z3.If(fen >= 0, z3.ToInt(fen + half), -z3.ToInt(-fen + half))
        return z3.ToReal(rounded) / 100

    def _neg(self, node: Node, a: Any) -> Any:
        return -a

    def _isset(self, node: Node) -> _Val:
        return self._known(self.node(node.args[0]).defined)

    def _in(self, node: Node) -> _Val:
        operand = self.node(node.args[0])
        options = [self.node(option) for option in node.args[1:]]
        return self._known(self.z3.Or([_equal(self.z3, operand, o) for o in options]))

    def _if(self, node: Node) -> _Val:
        z3 = self.z3
        condition = self.node(node.args[0]).value
        then, otherwise = self.node(node.args[1]), self.node(node.args[2])
        if node.type.kind == "duration":
            picked = [(z3.And(condition, guard), d) for guard, d in then.value]
            picked += [(z3.And(z3.Not(condition), guard), d) for guard, d in otherwise.value]
            return self._known(picked)
        return _Val(z3.If(condition, then.defined, otherwise.defined),
                    z3.If(condition, then.value, otherwise.value))

    def _call(self, node: Node, *values: Any) -> Any:
        z3 = self.z3
        value = values[0]
        for operand in values[1:]:
            if node.value == "min":
                value = z3.If(operand < value, operand, value)
            else:
                value = z3.If(operand > value, operand, value)
        return value


    # ------------------------------------------------------------ recorded measures
    def _counted(self, kinds: Any, today: Any) -> list[tuple[Any, Any, Any]]:
        """For each slot: whether it is a measure of ``kinds`` taken by ``today``, its kind
        and its day."""
        z3 = self.z3
        ids = [self.encoder.symbols[k] for k in sorted(kinds)]
        return [(z3.And(present, z3.Or([kind == i for i in ids]) if ids else False,
                        on <= today), kind, on)
                for present, kind, on in self.encoder.slots]

    def _day_of(self, counted: list[tuple[Any, Any, Any]], latest: bool) -> _Val:
        z3 = self.z3
        defined: Any = z3.BoolVal(False)
        value: Any = z3.IntVal(0)
        for hit, _, on in (counted if latest else reversed(counted)):
            value = z3.If(hit, on, value)
            defined = z3.Or(defined, hit)
        return _Val(defined, value)

    def _measured(self, node: Node) -> list[tuple[Any, Any, Any]]:
        return self._counted(node.value, self.node(node.args[1]).value)

    def _count(self, node: Node) -> _Val:
        z3 = self.z3
        return self._known(z3.Sum([z3.If(hit, 1, 0) for hit, _, _ in self._measured(node)])
                           if self.encoder.slots else z3.IntVal(0))

    def _taken(self, node: Node) -> _Val:
        return self._known(self.z3.Or([hit for hit, _, _ in self._measured(node)]))

    def _first(self, node: Node) -> _Val:
        return self._day_of(self._measured(node), latest=False)

    def _last(self, node: Node) -> _Val:
        return self._day_of(self._measured(node), latest=True)

    def _previous(self, node: Node) -> _Val:
        return self.previous

    def asked(self, ladder: LadderModel, index: int) -> Any:
        """Whether ``ladder`` asks for step ``index`` on this day."""
        z3 = self.z3
        codes = ladder.codes
        reached: list[Any] = []
        for rank in range(len(codes)):
            above = self._counted(set(codes[rank:]), self.today)
            reached.append(z3.Or([hit for hit, _, _ in above]))
        # at step ``index`` the furthest recorded is ``index - 1``
        parts = [z3.Not(reached[index])] if index < len(codes) else []
        if index > 0:
            parts.append(reached[index - 1])
            self.previous = self._day_of(self._counted({codes[index - 1]}, self.today),
                                         latest=False)
        try:
            step = ladder.steps[index]
            stops = [self.node(n).value for n in (ladder.until, step.until) if n is not None]
            due = self.node(_due(self.encoder.model, step.anchor, step.wait))
        finally:
            self.previous = _Val(z3.BoolVal(False), z3.IntVal(0))
        return _all(z3, [*parts, *[z3.Not(v) for v in stops], due.defined, due.value <= self.today])


def _due(model: PolicyModel, anchor: Node, wait: Node) -> Node:
    return Node("period", DATE.maybe(anchor.type.optional), (anchor, wait),
                value=model.info.rollover)


class SmtProver:
    """Decides goals with z3; hands over to the search what z3 cannot settle."""

    name = "z3"

    def __init__(self, model: PolicyModel, calendar: RestDayCalendar, *,
                 fallback: SearchProver | None = None) -> None:
        import z3

        self.z3 = z3
        self.model = model
        self.concrete = Concrete(model, calendar)
        self.encoder = _Encoder(model, calendar, z3)
        self.solver = z3.Solver()
        self.fallback = fallback or SearchProver(model, calendar)

    def find(self, goal: g.Goal, *, require_status: bool = True) -> Answer:
        goal = self.fallback.complete(goal) if require_status else goal
        count = g.worlds(goal)
        formula = self.encoder.goal(goal)
        for w in range(count):
            self.encoder.world(w)
        solver = self.solver
        solver.add(*self.encoder.take_pending())
        learned: list[Any] = []
        answer: Answer | None = None
        solver.push()
        solver.add(formula)
        ends = time.monotonic() + TIMEOUT / 1000
        for _ in range(REFINEMENTS):
            left = int((ends - time.monotonic()) * 1000)
            if left <= 0:
                break
            solver.set("timeout", left)
            verdict = solver.check()
            if verdict == self.z3.unsat:
                answer = Answer(None, proved=True)
                break
            if verdict != self.z3.sat:
                break
            solution = solver.model()
            witness = self.encoder.witness(solution, count, self.concrete)
            if self.concrete.holds(goal, witness):
                answer = Answer(self.concrete.shrink(goal, witness), proved=True)
                break
            lessons = self.encoder.refine(solution)
            if not lessons:
                break
            learned.extend(lessons)
            solver.add(*lessons)
        solver.pop()
        solver.add(*learned, *self.encoder.take_pending())
        if answer is not None:
            return answer
        searched = self.fallback.find(goal, require_status=False)
        return attrs.evolve(searched, proved=searched.found)
