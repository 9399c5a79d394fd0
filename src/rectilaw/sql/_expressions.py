"""Typed expressions of a checked policy → SQL values, with the scalar evaluator's semantics.

The meaning is the compiled Python evaluator's (:mod:`rectilaw.engine.compiler`):

- a condition is never unset: an ordering comparison with an unset operand is
  false, ``==``/``!=`` compare unset as a value (``IS NOT DISTINCT FROM``);
- arithmetic on an unset operand is unset, ``??`` is ``COALESCE``;
- ``date + duration`` is the Civil Code period end: days, months (clamped to
  the month's last day) or years, rolled over to the next working day through
  the calendar table unless the deadline says ``no rollover``; working days
  are counted with the calendar's working-day index.

Besides its value, every lookup that relied on a year without a published
holiday schedule must mark the answer *provisional*, exactly when the scalar
evaluator would have made that lookup.  So each expression is translated
together with its *reach*: the conditions under which the scalar evaluator
evaluates it (the right side of ``and`` only when the left is true, the right
side of ``??`` only when the left is unset, a rule only when no earlier rule
of its block applied, …).  A lookup records the calendar's provisional-year
columns guarded by its reach; the compiler unites them at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlglot import exp

from rectilaw.dsl.model import Node, ParamModel, PolicyModel
from rectilaw.errors import PolicyError
from rectilaw.periods import Duration, Unit
from rectilaw.sql import workdays as cal
from rectilaw.sql._plan import Plan, Val

__all__ = ["MAX_WORKDAYS", "Reach", "Translator", "literal", "unsupported"]

#: A condition under which the scalar evaluator reaches an expression, built on demand
#: (a decision's own outcome is known only once the whole decision is translated).
Condition = Callable[[], Val]
Reach = tuple[Condition, ...]

#: Durations in working days longer than this are refused: the provisional-year
#: bookkeeping assumes a count crosses at most one new year (every year has 248
#: or more working days).
MAX_WORKDAYS = 240

_ATOMS = (exp.Column, exp.Literal, exp.Paren, exp.Func, exp.Case, exp.Cast, exp.Boolean,
          exp.Null, exp.Placeholder)


def paren(expression: exp.Expr) -> exp.Expr:
    """``expression`` wrapped in parentheses unless it is atomic."""
    return expression if isinstance(expression, _ATOMS) else exp.Paren(this=expression)


def unsupported(construct: str, node: Node | None, why: str,
                hint: str | None = None) -> PolicyError:
    """The error for a construct the SQL compiler refuses, pointing at the rule text."""
    return PolicyError.single(
        "sql-unsupported",
        f"the SQL compiler cannot translate {construct}: {why}",
        node.span if node is not None else None,
        hint or "evaluate this policy with `Policy.evaluate` (the Python engine) instead",
    )


def sql_type(kind: str) -> exp.DataType:
    """The SQL type a value of a rule type is kept in."""
    return exp.DataType.build({
        "bool": "BOOLEAN", "date": "DATE", "money": "DECIMAL(38, 2)", "integer": "BIGINT",
        "text": "VARCHAR", "enum": "VARCHAR",
    }[kind])


def literal(value: Any, kind: str) -> exp.Expr:
    """A constant of a rule type as an SQL literal (strings escaped by sqlglot)."""
    if kind == "bool":
        return exp.true() if value else exp.false()
    if kind == "integer":
        return exp.Literal.number(int(value))
    if kind == "money":
        return exp.cast(exp.Literal.number(format(Decimal(value), "f")), sql_type("money"))
    if kind == "date":
        assert isinstance(value, date)
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("DATE"))
    if kind in ("text", "enum"):
        return exp.Literal.string(str(value))
    raise AssertionError(f"no SQL literal for a {kind}")


def _is_true(expression: exp.Expr) -> bool:
    return isinstance(expression, exp.Boolean) and expression.this is True


class Translator:
    """Translates the expressions of one policy into values of one :class:`Plan`."""

    def __init__(self, model: PolicyModel, plan: Plan, today: Val,
                 facts: Mapping[str, Val]) -> None:
        self.model = model
        self.plan = plan
        self.today = today
        self.facts = dict(facts)
        self.defs: dict[str, Val] = {}
        self.durations: dict[str, list[tuple[Val | None, Duration]]] = {}
        self.params: dict[str, Val] = {}
        self.decided: dict[str, Val] = {}
        self.outcomes: dict[str, dict[str, tuple[int, int]]] = {}
        self.touches: list[tuple[Reach, Val]] = []
        self.gaps: list[tuple[Reach, Val]] = []
        self.measures: list[Node] = []
        self._measures: dict[tuple[str, tuple[str, ...], str, str], Val] = {}
        self.previous: Val | None = None

    # ------------------------------------------------------------ helpers
    def both(self, a: Val, b: Val) -> Val:
        if _is_true(a.sql):
            return b
        if _is_true(b.sql):
            return a
        return self.plan.combine([a, b], lambda x, y: exp.and_(paren(x), paren(y)))

    def negate(self, a: Val) -> Val:
        return self.plan.combine([a], lambda x: exp.not_(paren(x)))

    def is_null(self, a: Val) -> Val:
        return self.plan.combine([a], lambda x: exp.Is(this=paren(x), expression=exp.null()))

    def is_set(self, a: Val) -> Val:
        return self.negate(self.is_null(a))

    def reached(self, reach: Reach, *more: Val) -> Reach:
        return reach + tuple((lambda v=v: v) for v in more)

    def track(self, reach: Reach, year: Val) -> None:
        """Record a calendar provisional-year column, counted when ``reach`` holds."""
        self.touches.append((reach, year))

    def condition_of(self, reach: Reach) -> Val:
        """The conjunction of ``reach`` as one boolean value (true when empty)."""
        result = Val.constant(exp.true())
        for part in reach:
            result = self.both(result, part())
        return result

    # ------------------------------------------------------------ values
    def value(self, node: Node, reach: Reach = ()) -> Val:
        method: Callable[[Node, Reach], Val] | None = getattr(self, f"op_{node.op}", None)
        if method is None:
            raise unsupported(f"`{node.op}` expressions", node,
                              "the construct has no SQL translation yet")
        return method(node, reach)

    def op_const(self, node: Node, reach: Reach) -> Val:
        if node.type.kind == "duration":
            raise unsupported("a duration used as a value", node,
                              "durations are only added to or subtracted from dates")
        return Val.constant(literal(node.value, node.type.kind))

    def op_fact(self, node: Node, reach: Reach) -> Val:
        return self.facts[node.value]

    def op_param(self, node: Node, reach: Reach) -> Val:
        known = self.params.get(node.value)
        if known is None:
            param = self.model.param(node.value)
            if param.type.kind == "duration":
                raise unsupported("a duration used as a value", node,
                                  "durations are only added to or subtracted from dates")
            known = self._param(param)
            self.params[node.value] = known
        return known

    def _reference_day(self) -> Val:
        """The day effective-dated parameters are read on: ``issued_on``, else today."""
        issued = self.facts.get("issued_on")
        if issued is None:
            return self.today
        return self.plan.combine([issued, self.today], lambda a, b: exp.func("COALESCE", a, b))

    def _choices(self, param: ParamModel) -> list[tuple[Val | None, Any]]:
        """``(condition, value)`` in the order :meth:`ParamModel.value_on` decides."""
        choices: list[tuple[Val | None, Any]] = []
        for item in reversed(param.values):
            if item.effective is None:
                choices.append((None, item.value))
                return choices
            day = self._reference_day()
            since = Val.constant(literal(item.effective, "date"))
            choices.append((self.plan.combine([day, since], lambda d, s: exp.GTE(
                this=paren(d), expression=s)), item.value))
        choices.append((None, param.values[0].value))
        return choices

    def _param(self, param: ParamModel) -> Val:
        choices = self._choices(param)
        if len(choices) == 1:
            return Val.constant(literal(choices[0][1], param.type.kind))
        conditions = [c for c, _ in choices[:-1] if c is not None]
        values = [literal(v, param.type.kind) for _, v in choices]

        def build(*sqls: exp.Expr) -> exp.Expr:
            case = exp.Case()
            for condition, value in zip(sqls, values, strict=False):
                case = case.when(condition.copy(), value.copy(), copy=False)
            return case.else_(values[-1].copy(), copy=False)

        return self.plan.store(self.plan.combine(conditions, build), "p")

    def op_def(self, node: Node, reach: Reach) -> Val:
        if node.value in self.durations:
            raise unsupported("a duration used as a value", node,
                              "durations are only added to or subtracted from dates")
        return self.defs[node.value]

    def op_today(self, node: Node, reach: Reach) -> Val:
        return self.today

    def _decision_code(self, kind: str) -> Val:
        rule = self.decided[kind]
        ranges = self.outcomes[kind]

        def build(index: exp.Expr) -> exp.Expr:
            case = exp.Case()
            for code, (low, high) in ranges.items():
                case = case.when(exp.Between(this=index.copy(), low=exp.Literal.number(low),
                                             high=exp.Literal.number(high)),
                                 exp.Literal.string(code), copy=False)
            return case

        return self.plan.combine([rule], build)

    def op_status(self, node: Node, reach: Reach) -> Val:
        return self._decision_code("status")

    def op_stage(self, node: Node, reach: Reach) -> Val:
        return self._decision_code("stage")

    def decision_is(self, kind: str, codes: Sequence[str]) -> Val:
        """Whether the decided outcome is one of ``codes``: a range test on the rule index."""
        ranges = self.outcomes[kind]

        def build(index: exp.Expr) -> exp.Expr:
            tests = [exp.Between(this=index, low=exp.Literal.number(ranges[c][0]),
                                 high=exp.Literal.number(ranges[c][1]))
                     for c in codes if c in ranges]
            return exp.or_(*tests) if tests else exp.false()

        return self.plan.combine([self.decided[kind]], build)

    def op_not(self, node: Node, reach: Reach) -> Val:
        return self.negate(self.value(node.args[0], reach))

    def op_and(self, node: Node, reach: Reach) -> Val:
        left = self.value(node.args[0], reach)
        right = self.value(node.args[1], self.reached(reach, left))
        return self.both(left, right)

    def op_or(self, node: Node, reach: Reach) -> Val:
        left = self.value(node.args[0], reach)
        right = self.value(node.args[1], self.reached(reach, self.negate(left)))
        return self.plan.combine([left, right], lambda x, y: exp.or_(paren(x), paren(y)))

    def _decision_test(self, node: Node) -> Val | None:
        """``status is X`` / ``stage in (X, Y)`` against constants, as a rule-index test."""
        operand, *options = node.args
        if operand.op not in ("status", "stage") or not all(o.op == "const" for o in options):
            return None
        return self.decision_is(operand.op, [str(o.value) for o in options])

    def op_cmp(self, node: Node, reach: Reach) -> Val:
        left_node, right_node = node.args
        op = node.value
        if op in ("==", "!=") and (test := self._decision_test(node)) is not None:
            return test if op == "==" else self.negate(test)
        if op in ("==", "!="):
            left = self.value(left_node, reach)
            right = self.value(right_node, reach)
            kind = exp.NullSafeEQ if op == "==" else exp.NullSafeNEQ
            return self.plan.combine([left, right], lambda a, b: kind(this=paren(a),
                                                                      expression=paren(b)))
        left, right = self._guarded_pair(left_node, right_node, reach)
        comparison = {"<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}[op]
        if left_node.type.optional or right_node.type.optional:
            return self.plan.combine([left, right], lambda a, b: exp.func(
                "COALESCE", comparison(this=paren(a), expression=paren(b)), exp.false()))
        return self.plan.combine([left, right], lambda a, b: comparison(this=paren(a),
                                                                         expression=paren(b)))

    def _guarded_pair(self, first: Node, second: Node, reach: Reach) -> tuple[Val, Val]:
        """Two operands in the scalar evaluator's order: unset-checked ones first, short-circuit.

        The optional operands are evaluated in order, each only if the ones
        before it were set; the others only if every optional one was set.
        """
        nodes = (first, second)
        order = [n for n in nodes if n.type.optional] + [n for n in nodes if not n.type.optional]
        values: dict[int, Val] = {}
        current = reach
        for node in order:
            val = self.value(node, current)
            values[id(node)] = val
            if node.type.optional:
                current = self.reached(current, self.is_set(val))
        return values[id(first)], values[id(second)]

    def op_coalesce(self, node: Node, reach: Reach) -> Val:
        left_node, right_node = node.args
        left = self.value(left_node, reach)
        if not left_node.type.optional:
            return left
        right = self.value(right_node, self.reached(reach, self.is_null(left)))
        return self.plan.combine([left, right], lambda a, b: exp.func("COALESCE", a, b))

    def op_isset(self, node: Node, reach: Reach) -> Val:
        return self.is_set(self.value(node.args[0], reach))

    def op_in(self, node: Node, reach: Reach) -> Val:
        if (test := self._decision_test(node)) is not None:
            return test
        operand_node, *option_nodes = node.args
        operand = self.value(operand_node, reach)
        options = [self.value(o, reach) for o in option_nodes]
        if all(o.op == "const" for o in option_nodes):
            def members(a: exp.Expr, *values: exp.Expr) -> exp.Expr:
                test = exp.In(this=paren(a), expressions=list(values))
                if operand_node.type.optional:
                    return exp.func("COALESCE", test, exp.false())
                return test

            return self.plan.combine([operand, *options], members)

        def any_equal(a: exp.Expr, *values: exp.Expr) -> exp.Expr:
            return exp.or_(*(exp.NullSafeEQ(this=paren(a), expression=paren(v))
                             for v in values))

        return self.plan.combine([operand, *options], any_equal)

    def op_if(self, node: Node, reach: Reach) -> Val:
        condition_node, then_node, else_node = node.args
        condition = self.value(condition_node, reach)
        then = self.value(then_node, self.reached(reach, condition))
        otherwise = self.value(else_node, self.reached(reach, self.negate(condition)))
        return self.plan.combine([condition, then, otherwise],
                                 lambda c, t, e: exp.Case().when(c, t).else_(e))

    def op_call(self, node: Node, reach: Reach) -> Val:
        args = [self.value(a, reach) for a in node.args]
        function = exp.Least if node.value == "min" else exp.Greatest
        optional = [i for i, a in enumerate(node.args) if a.type.optional]

        def build(*sqls: exp.Expr) -> exp.Expr:
            extreme = function(this=sqls[0], expressions=list(sqls[1:]))
            if not optional:
                return extreme
            unset = exp.or_(*(exp.Is(this=paren(sqls[i]), expression=exp.null())
                              for i in optional))
            return exp.Case().when(unset, exp.null()).else_(extreme)

        return self.plan.combine(args, build)

    # ------------------------------------------------------------ arithmetic
    def _arith(self, node: Node, reach: Reach, build: Callable[..., exp.Expr]) -> Val:
        left, right = self._guarded_pair(node.args[0], node.args[1], reach)
        return self.plan.combine([left, right], build)

    def op_add(self, node: Node, reach: Reach) -> Val:
        return self._arith(node, reach, lambda a, b: exp.Add(this=paren(a), expression=paren(b)))

    def op_sub(self, node: Node, reach: Reach) -> Val:
        return self._arith(node, reach, lambda a, b: exp.Sub(this=paren(a), expression=paren(b)))

    def op_mul(self, node: Node, reach: Reach) -> Val:
        return self._arith(node, reach, lambda a, b: exp.Mul(this=paren(a), expression=paren(b)))

    def op_div(self, node: Node, reach: Reach) -> Val:
        """``amount / n`` rounded half away from zero to the fen, in whole fen: exact (a
        decimal divided in SQL is a double in some engines)."""
        def build(amount: exp.Expr, by: exp.Expr) -> exp.Expr:
            def fen() -> exp.Expr:
                return exp.Cast(this=exp.Mul(this=paren(amount.copy()),
                                             expression=exp.Literal.number(100)),
                                to=exp.DataType.build("BIGINT"))

            def halves_up(fen: exp.Expr) -> exp.Expr:  # (2·fen + n) // 2n, fen not negative
                twice = exp.Mul(this=exp.Literal.number(2), expression=fen)
                return exp.IntDiv(this=paren(exp.Add(this=twice, expression=paren(by.copy()))),
                                  expression=paren(exp.Mul(this=exp.Literal.number(2),
                                                           expression=paren(by.copy()))))

            shares = exp.Case().when(
                exp.GTE(this=fen(), expression=exp.Literal.number(0)), halves_up(fen()),
            ).else_(exp.Neg(this=paren(halves_up(paren(exp.Neg(this=paren(fen())))))))
            cents = exp.Mul(this=exp.Cast(this=shares, to=exp.DataType.build("DECIMAL(38, 0)")),
                            expression=exp.Cast(this=exp.Literal.number("0.01"),
                                                to=exp.DataType.build("DECIMAL(3, 2)")))
            return exp.Cast(this=cents, to=exp.DataType.build("DECIMAL(38, 2)"))

        return self._arith(node, reach, build)

    def op_neg(self, node: Node, reach: Reach) -> Val:
        return self.plan.combine([self.value(node.args[0], reach)],
                                 lambda a: exp.Neg(this=paren(a)))

    def op_diff(self, node: Node, reach: Reach) -> Val:
        return self._arith(node, reach, lambda later, earlier: exp.DateDiff(
            this=later, expression=earlier, unit=exp.var("DAY")))

    # ------------------------------------------------------------ recorded measures
    def measure(self, events: Val, kinds: Sequence[str], today: Val, kind: str) -> Val:
        """``count``, ``first`` or ``last`` over the measures of ``kinds`` taken by ``today``.

        The events column is a list of ``{kind, on}`` records; the measures
        dated after ``today`` are plans and do not count yet.  Each distinct
        measure is computed once, in a column.
        """
        key = (events.sql.sql(), tuple(sorted(kinds)), today.sql.sql(), kind)
        known = self._measures.get(key)
        if known is not None:
            return known

        def build(e: exp.Expr, t: exp.Expr) -> exp.Expr:
            item = exp.to_identifier("m")
            wanted = exp.and_(
                exp.In(this=exp.column("kind", table=item),
                       expressions=[exp.Literal.string(k) for k in kinds]),
                exp.LTE(this=exp.column("on", table=item), expression=t))
            if kind == "count":
                chosen = exp.ArrayFilter(this=e, expression=exp.Lambda(this=wanted,
                                                                       expressions=[item]))
                return exp.Case().when(exp.Is(this=e, expression=exp.null()),
                                       exp.Literal.number(0)).else_(exp.ArraySize(this=chosen))
            days = exp.Transform(this=e, expression=exp.Lambda(
                this=exp.Case().when(wanted, exp.column("on", table=item)), expressions=[item]))
            return exp.ArrayMin(this=days) if kind == "first" else exp.ArrayMax(this=days)

        found = self._measures[key] = self.plan.store(self.plan.combine([events, today], build),
                                                      "m")
        return found

    def _measure_node(self, node: Node, reach: Reach, kind: str) -> Val:
        self.measures.append(node)
        events, today = (self.value(a, reach) for a in node.args)
        return self.measure(events, node.value, today, kind)

    def op_count(self, node: Node, reach: Reach) -> Val:
        return self._measure_node(node, reach, "count")

    def op_first(self, node: Node, reach: Reach) -> Val:
        return self._measure_node(node, reach, "first")

    def op_last(self, node: Node, reach: Reach) -> Val:
        return self._measure_node(node, reach, "last")

    def op_taken(self, node: Node, reach: Reach) -> Val:
        return self.is_set(self._measure_node(node, reach, "first"))

    def op_previous(self, node: Node, reach: Reach) -> Val:
        if self.previous is None:
            raise unsupported("`previous` here", node, "it names the day of an earlier step")
        return self.previous

    # ------------------------------------------------------------ durations
    def duration_choices(self, node: Node, reach: Reach) -> list[tuple[Val | None, Duration]]:
        """A duration as ``(condition, value)`` choices, first true one wins, last unconditional."""
        if node.op == "const":
            return [(None, node.value)]
        if node.op == "param":
            return list(self._choices(self.model.param(node.value)))
        if node.op == "def" and node.value in self.durations:
            return self.durations[node.value]
        if node.op == "if":
            condition_node, then_node, else_node = node.args
            condition = self.value(condition_node, reach)
            then = self.duration_choices(then_node, self.reached(reach, condition))
            otherwise = self.duration_choices(else_node,
                                              self.reached(reach, self.negate(condition)))
            guarded = [(condition if c is None else self.both(condition, c), d) for c, d in then]
            return guarded + otherwise
        if node.op == "coalesce" and not node.args[0].type.optional:
            return self.duration_choices(node.args[0], reach)
        raise unsupported("this duration", node, "only durations written in the rules, "
                          "parameters, definitions and `if` choices between them are translated")

    def _choose(self, choices: Sequence[tuple[Val | None, Duration]], reach: Reach,
                compute: Callable[[Duration, Reach], Val]) -> Val:
        """``compute`` for each choice of duration, each under its own reach, as one CASE."""
        results: list[tuple[Val | None, Val]] = []
        earlier: list[Val] = []
        for condition, duration in choices:
            chosen = [self.negate(e) for e in earlier]
            if condition is not None:
                chosen.append(condition)
                earlier.append(condition)
            results.append((condition, compute(duration, self.reached(reach, *chosen))))
            if condition is None:
                break
        if len(results) == 1:
            return results[0][1]
        parts = [v for pair in results for v in pair if v is not None]

        def build(*sqls: exp.Expr) -> exp.Expr:
            case = exp.Case()
            queue = list(sqls)
            for condition, _ in results:
                if condition is None:
                    return case.else_(queue.pop(0).copy(), copy=False)
                test, value = queue.pop(0), queue.pop(0)
                case = case.when(test.copy(), value.copy(), copy=False)
            return case

        return self.plan.combine(parts, build)

    def op_period(self, node: Node, reach: Reach) -> Val:
        start_node, duration_node = node.args
        start = self.value(start_node, reach)
        choices = self.duration_choices(duration_node, self._after(start_node, start, reach))
        rollover = bool(node.value)
        return self._choose(choices, reach,
                            lambda d, r: self._forward(start, d, rollover, r, node))

    def op_back(self, node: Node, reach: Reach) -> Val:
        start_node, duration_node = node.args
        start = self.value(start_node, reach)
        choices = self.duration_choices(duration_node, self._after(start_node, start, reach))
        return self._choose(choices, reach, lambda d, r: self._backward(start, d, r, node))

    def _after(self, node: Node, value: Val, reach: Reach) -> Reach:
        """The reach of what the scalar evaluator computes only once ``node`` proved set."""
        return self.reached(reach, self.is_set(value)) if node.type.optional else reach

    def _shift(self, start: Val, amount: int, unit: str) -> Val:
        kind = exp.DateAdd if amount >= 0 else exp.DateSub
        return self.plan.combine([start], lambda s: exp.cast(
            kind(this=s, expression=exp.Literal.number(abs(amount)), unit=exp.var(unit)),
            exp.DataType.build("DATE")))

    def _calendar_end(self, start: Val, duration: Duration, sign: int) -> Val:
        if duration.unit is Unit.DAYS:
            return self._shift(start, sign * duration.amount, "DAY")
        months = duration.amount * (12 if duration.unit is Unit.YEARS else 1)
        return self._shift(start, sign * months, "MONTH")

    def _row(self, alias: str, level: int, name: str) -> Val:
        return Val(exp.column(name, table=alias), level, pinned=True)

    def _missing(self, key: Val, alias: str, level: int, reach: Reach) -> None:
        """Record when a looked-up day has no calendar row: it lies beyond the table's years."""
        row = self._row(alias, level, cal.DAY)
        self.gaps.append((reach, self.plan.combine([key, row], lambda k, r: exp.and_(
            exp.not_(exp.Is(this=paren(k), expression=exp.null())),
            exp.Is(this=r, expression=exp.null())))))

    def _forward(self, start: Val, duration: Duration, rollover: bool, reach: Reach,
                 node: Node) -> Val:
        if duration.unit is Unit.WORKDAYS:
            return self._workdays(start, duration.amount, reach, node)
        end = self._calendar_end(start, duration, 1)
        if not rollover:
            return end
        alias, level = self.plan.lookup(
            lambda j: exp.EQ(this=exp.column(cal.DAY, table=j), expression=end.sql), end)
        self._missing(end, alias, level, reach)
        for name in cal.ROLLOVER_YEARS:
            self.track(reach, self._row(alias, level, name))
        return self._row(alias, level, cal.NEXT_WORKING_DAY)

    def _index_of(self, anchor: Val, offset: int, reach: Reach) -> tuple[Val, str, int]:
        """The calendar row of ``anchor`` and the working-day index ``offset`` from its eve.

        ``workday_index`` counts working days up to and including a day; the
        index of the last working day before it is that minus its own.
        """
        alias, level = self.plan.lookup(
            lambda j: exp.EQ(this=exp.column(cal.DAY, table=j), expression=anchor.sql), anchor)
        self._missing(anchor, alias, level, reach)
        index = exp.Sub(
            this=exp.column(cal.WORKDAY_INDEX, table=alias),
            expression=exp.Case().when(exp.column(cal.IS_WORKING_DAY, table=alias),
                                       exp.Literal.number(1)).else_(exp.Literal.number(0)))
        total = exp.Add(this=index, expression=exp.Literal.number(offset)) if offset >= 0 else \
            exp.Sub(this=index, expression=exp.Literal.number(-offset))
        return Val(total, level, pinned=True), alias, level

    def _working_day(self, index: Val, reach: Reach) -> tuple[str, int]:
        alias, level = self.plan.lookup(
            lambda j: exp.and_(
                exp.EQ(this=exp.column(cal.WORKDAY_INDEX, table=j), expression=paren(index.sql)),
                exp.column(cal.IS_WORKING_DAY, table=j)),
            index)
        self._missing(index, alias, level, reach)
        return alias, level

    def _check_workdays(self, amount: int, node: Node) -> None:
        if amount > MAX_WORKDAYS:
            raise unsupported(f"`{amount} workdays`", node,
                              f"working-day counts over {MAX_WORKDAYS} may cross more than one "
                              "new year, which the calendar table does not track",
                              "count the period in months, or evaluate with the Python engine")

    def _workdays(self, start: Val, amount: int, reach: Reach, node: Node) -> Val:
        """The ``amount``-th working day after ``start`` (the start day not counted)."""
        self._check_workdays(amount, node)
        if amount == 0:
            return start
        eve = self._shift(start, 1, "DAY")
        index, first_alias, first_level = self._index_of(eve, amount, reach)
        alias, level = self._working_day(index, reach)
        self.track(reach, self._row(first_alias, first_level, cal.ROLLOVER_YEARS[0]))
        self.track(reach, self._row(alias, level, cal.ROLLOVER_YEARS[0]))
        self.track(reach, self._row(alias, level, cal.ROLLOVER_YEARS[1]))
        return self._row(alias, level, cal.DAY)

    def _backward(self, start: Val, duration: Duration, reach: Reach, node: Node) -> Val:
        if duration.unit is not Unit.WORKDAYS:
            return self._calendar_end(start, duration, -1)
        self._check_workdays(duration.amount, node)
        if duration.amount == 0:
            return start
        index, _, _ = self._index_of(start, 1 - duration.amount, reach)
        alias, level = self._working_day(index, reach)
        return self._row(alias, level, cal.DAY)
