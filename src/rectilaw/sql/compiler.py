"""Checked policy → one SQL query over a findings table.

The query reads the findings table (one row per finding, one column per fact,
in the shared schema's types; NULL where a value is not given) and the
calendar table (:mod:`rectilaw.sql.workdays`), and gives for every row its
status, deadline, days overdue, stage, actions and provisional years: what
:meth:`rectilaw.Policy.evaluate` gives for the finding, computed by the
database.  It is built as a sqlglot expression tree, never by pasting rule
text: every name in it is generated, every constant a literal that sqlglot
quotes for the target dialect (:mod:`rectilaw.sql._plan`).

Rules become CASE expressions: a decision is the index of the first rule that
applies in written order (``-1`` when none does), an action the index of its
first applying rule.  What the readable result shows is decoded from these
indexes in the last SELECT.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date

import attrs
from sqlglot import exp

from rectilaw.dsl.model import (
    DATE,
    ActionModel,
    AfterModel,
    DecisionModel,
    LadderModel,
    Node,
    PolicyModel,
    Rule,
)
from rectilaw.engine.assessment import CLOSED
from rectilaw.sql import _dialects
from rectilaw.sql._expressions import Reach, Translator, literal, paren, sql_type, unsupported
from rectilaw.sql._plan import Plan, Val

__all__ = ["ActionColumns", "CompiledQuery", "compile_query", "used_facts"]

#: Statuses whose deadline no longer runs (as :class:`rectilaw.Policy` counts overdue days).
_CLOSED = tuple(sorted(CLOSED))

#: The fact types the compiler reads from columns.
_COLUMN_TYPES = frozenset({"bool", "date", "money", "integer", "text", "enum", "events"})

#: The dialects with list columns and lambdas, which recorded measures need.
_LIST_DIALECTS = ("duckdb", "spark")


@attrs.frozen
class ActionColumns:
    """Where the compact result keeps one action: its fired rule and its due date."""

    action: ActionModel
    rule: str
    due: str | None


#: The dialects whose Python drivers take parameters in the ``%(name)s`` (pyformat) style.
_PYFORMAT = ("postgres", "mysql")


def _percent_doubled(node: exp.Expr) -> exp.Expr:
    """A text literal with each ``%`` doubled, as pyformat drivers read it back."""
    if isinstance(node, exp.Literal) and node.is_string and "%" in node.this:
        return exp.Literal.string(node.this.replace("%", "%%"))
    return node


@attrs.frozen(eq=False)
class CompiledQuery:
    """A compiled policy: the layers of its query and the values its last SELECT reads.

    :meth:`tree` lays out the query for a dialect.  The *readable* form gives
    the documented columns; the *compact* form gives rule indexes, raw dates,
    candidate provisional years and a ``calendar_gap`` flag, which the DuckDB
    runner decodes into Python rows without building lists in SQL.
    """

    model: PolicyModel
    keep: tuple[str, ...]
    actions: tuple[ActionColumns, ...]
    years: tuple[str, ...]
    lookups: int
    measures: tuple[Node, ...]
    _plan: Plan
    _source: exp.Expr
    _final: int
    _values: dict[str, exp.Expr]

    def tree(self, dialect: str = "duckdb", *, compact: bool = False) -> exp.Select:
        if dialect not in _dialects.DIALECTS:
            raise ValueError(f"no SQL dialect `{dialect}`: the compiler writes "
                             + ", ".join(_dialects.DIALECTS))
        if self.measures and dialect not in _LIST_DIALECTS:
            raise unsupported(
                "recorded measures (`count of`, `first`, `last`, `is taken`, ladders, "
                "follow-ups)", self.measures[0],
                f"they read the `events` list column, which {dialect} has no form of",
                "compile for duckdb or spark, whose tables hold lists of {kind, on} records")
        outputs = self._compact() if compact else self._readable(dialect)
        return self._plan.select(self._source, self._final, outputs)

    def sql(self, dialect: str = "duckdb", *, compact: bool = False, pretty: bool = False) -> str:
        """The query as text in ``dialect``, every identifier quoted.

        For PostgreSQL and MySQL with ``today`` as the ``%(today)s`` parameter, every ``%``
        in a text (a label, a rule id) is written ``%%``: the Python drivers of those
        databases (psycopg, PyMySQL, mysqlclient) read ``%`` in a query with parameters as
        the start of one, and would fail or substitute inside the label.
        """
        tree: exp.Expr = self.tree(dialect, compact=compact)
        if dialect in _PYFORMAT and tree.find(exp.Placeholder) is not None:
            tree = tree.transform(_percent_doubled, copy=False)
        return tree.sql(dialect=_dialects.generator_dialect(dialect), pretty=pretty,
                        identify=True)

    def _compact(self) -> list[tuple[str, exp.Expr]]:
        """The keep columns, decisions, deadline, gap flag, fired rules, due dates, years."""
        names = [*self.keep, "status_rule", "stage_rule", "due", "calendar_gap"]
        names.extend(columns.rule for columns in self.actions)
        names.extend(columns.due for columns in self.actions if columns.due is not None)
        names.extend(self.years)
        return [(name, self._values[name]) for name in names]

    def _readable(self, dialect: str) -> list[tuple[str, exp.Expr]]:
        values = self._values
        status, stage = values["status_rule"], values["stage_rule"]
        outputs = [(name, values[name]) for name in self.keep]
        outputs += [
            ("status", _outcome_case(self.model.status, status, label=False)),
            ("status_label", _outcome_case(self.model.status, status, label=True)),
            ("due", values["due"]),
            ("overdue_days", values["overdue_days"]),
            ("stage", _outcome_case(self.model.stage, stage, label=False)),
            ("stage_label", _outcome_case(self.model.stage, stage, label=True)),
            ("actions", _dialects.action_list(dialect, [self._action(c) for c in self.actions])),
            ("provisional", _dialects.year_list(dialect, [values[y] for y in self.years])),
        ]
        return outputs

    def _action(self, columns: ActionColumns) -> _dialects.ListedAction:
        due = self._values[columns.due] if columns.due is not None else None
        return _dialects.ListedAction(self._values[columns.rule], columns.action.code,
                                      tuple(rule.id for rule in columns.action.rules), due)


def _outcome_case(decision: DecisionModel | None, index: exp.Expr,
                  *, label: bool) -> exp.Expr:
    """The code (or label) of the outcome whose rules hold the decided rule index."""
    if decision is None:
        return exp.cast(exp.null(), exp.DataType.build("VARCHAR"))
    case = exp.Case()
    first = 0
    for outcome in decision.outcomes:
        count = len(outcome.rules)
        if count:
            case = case.when(
                exp.Between(this=index.copy(), low=exp.Literal.number(first),
                            high=exp.Literal.number(first + count - 1)),
                exp.Literal.string(outcome.label if label else outcome.code), copy=False)
        first += count
    return case


def _table(name: str | Sequence[str]) -> exp.Table:
    """A table named by a plain or dotted name, or by its parts; every part quoted."""
    parts = name.split(".") if isinstance(name, str) else list(name)
    if not 1 <= len(parts) <= 3 or not all(parts):
        raise ValueError(f"`{name}` is not a table name: expected `table`, `schema.table` or "
                         "`catalog.schema.table`")
    table, db, catalog = ([*reversed(parts), None, None])[:3]
    return exp.table_(table, db=db, catalog=catalog, quoted=True)


def used_facts(model: PolicyModel) -> list[str]:
    """The facts the policy's expressions read, in declaration order."""
    found: set[str] = set()
    for node in _expressions(model):
        for part in node.walk():
            if part.op == "fact":
                found.add(part.value)
    return [f.name for f in model.facts if f.name in found]


def _expressions(model: PolicyModel) -> Iterable[Node]:
    for definition in model.definitions:
        yield definition.expr
    for decision in (model.status, model.stage):
        if decision is not None:
            for _, rule in decision.rules:
                yield from _rule_expressions(rule)
    for action in model.actions:
        if action.due is not None:
            yield action.due
        for rule in action.rules:
            yield from _rule_expressions(rule)


def _rule_expressions(rule: Rule) -> Iterable[Node]:
    if rule.condition is not None:
        yield rule.condition
    for exception, _ in rule.exceptions:
        yield exception


class _Compiler:
    def __init__(self, model: PolicyModel, *, table: str | Sequence[str],
                 calendar: str | Sequence[str], today: date | None,
                 columns: Collection[str] | None, keep: Sequence[str]) -> None:
        self.model = model
        self.columns = None if columns is None else frozenset(columns)
        self.keep = tuple(k for k in keep if self.columns is None or k in self.columns)
        self.plan = Plan(_table(calendar))
        self.source = exp.alias_(_table(table), "src", table=True)
        today_sql = literal(today, "date") if today is not None else _dialects.today_parameter()
        self.today = Val.constant(today_sql)
        self.translator = Translator(model, self.plan, self.today, self._facts())

    # ------------------------------------------------------------ layer 0
    def _facts(self) -> dict[str, Val]:
        facts: dict[str, Val] = {}
        layer = self.plan.layer(0)
        for name in used_facts(self.model):
            fact = next(f for f in self.model.facts if f.name == name)
            kind = fact.type.kind
            if kind not in _COLUMN_TYPES:
                raise unsupported(f"the {kind} fact `{name}`", None,
                                  f"facts of type {kind} have no SQL column form yet")
            if self.columns is None or name in self.columns:
                value: exp.Expr = exp.column(name, table="src", quoted=True)
            else:
                value = exp.cast(exp.null(), sql_type(kind))
            if kind in ("bool", "money", "integer"):
                default = exp.false() if kind == "bool" else exp.Literal.number(0)
                value = exp.func("COALESCE", value, default)
            column = self.plan.name("f")
            layer.columns.append((column, value))
            facts[name] = Val(exp.column(column, table="r"), 1)
        self.kept: list[tuple[str, Val]] = []
        for name in self.keep:
            column = self.plan.name("k")
            layer.columns.append((column, exp.column(name, table="src", quoted=True)))
            self.kept.append((name, Val(exp.column(column, table="r"), 1)))
        if not layer.columns:
            layer.columns.append((self.plan.name("k"), exp.Literal.number(0)))
        return facts

    # ------------------------------------------------------------ steps
    def run(self) -> CompiledQuery:
        for kind, name in self.model.order:
            if kind == "def":
                self.definition(name)
            else:
                self.decision(kind)
        if "stage" not in self.translator.decided:
            self.translator.decided["stage"] = Val.constant(exp.Literal.number(-1))
            self.translator.outcomes["stage"] = {}
        actions = [self.action(index, action) for index, action in enumerate(self.model.actions)]
        for ladder in self.model.ladders:
            actions.extend(self.ladder(ladder))
        for block in self.model.afters:
            actions.extend(self.after(block))
        return self.queries(actions)

    def definition(self, name: str) -> None:
        definition = self.model.definition(name)
        translator = self.translator
        if definition.expr.type.kind == "duration":
            translator.durations[name] = translator.duration_choices(definition.expr, ())
            return
        translator.defs[name] = self.plan.store(translator.value(definition.expr), "d")

    def _first_applying(self, rules: Sequence[Rule], decided: list[Val]) -> Val:
        """The index of the first rule that applies, or -1; exceptions veto their rule.

        ``decided`` receives the result once built, so that the reach of rule
        *k* (evaluated only when no earlier rule applied) can read it.
        """
        translator = self.translator
        tests: list[tuple[Val | None, int]] = []
        for index, rule in enumerate(rules):
            reach: Reach = () if index == 0 else (self._after_rules(decided, index),)
            if rule.condition is None:
                tests.append((None, index))
                break
            applies = translator.value(rule.condition, reach)
            vetoed: list[Val] = []
            for exception, _ in rule.exceptions:
                veto = translator.value(exception, translator.reached(reach, applies, *(
                    translator.negate(v) for v in vetoed)))
                vetoed.append(veto)
            for veto in vetoed:
                applies = translator.both(applies, translator.negate(veto))
            tests.append((applies, index))
        conditions = [v for v, _ in tests if v is not None]

        def build(*sqls: exp.Expr) -> exp.Expr:
            case = exp.Case()
            queue = list(sqls)
            for condition, index in tests:
                if condition is None:
                    return case.else_(exp.Literal.number(index), copy=False)
                case = case.when(queue.pop(0).copy(), exp.Literal.number(index), copy=False)
            return case.else_(exp.Literal.number(-1), copy=False)

        result = self.plan.store(self.plan.combine(conditions, build), "s")
        decided.append(result)
        return result

    def _after_rules(self, decided: list[Val], index: int) -> Callable[[], Val]:
        """The reach of rule ``index``: no rule before it applied (read once ``decided`` is)."""
        return lambda: self._none_before(decided[0], index)

    def _none_before(self, decided: Val, index: int) -> Val:
        return self.plan.combine([decided], lambda d: exp.not_(exp.Between(
            this=d, low=exp.Literal.number(0), high=exp.Literal.number(index - 1))))

    def decision(self, kind: str) -> None:
        model = self.model.status if kind == "status" else self.model.stage
        assert model is not None
        ranges: dict[str, tuple[int, int]] = {}
        flat: list[Rule] = []
        for outcome in model.outcomes:
            if outcome.rules:
                ranges[outcome.code] = (len(flat), len(flat) + len(outcome.rules) - 1)
            flat.extend(outcome.rules)
        self.translator.outcomes[kind] = ranges
        self.translator.decided[kind] = self._first_applying(flat, [])

    def action(self, index: int, action: ActionModel) -> tuple[ActionModel, Val, Val | None]:
        fired = self._first_applying(action.rules, [])
        due = None
        if action.due is not None:
            translator = self.translator
            reach = (lambda: self.plan.combine([fired], lambda f: exp.GTE(
                this=f, expression=exp.Literal.number(0))),)
            due = self.plan.store(translator.value(action.due, reach), "a")
        return action, fired, due

    # ------------------------------------------------------------ ladders and follow-ups
    def _fired(self, condition: Val) -> Val:
        """Rule 0 when ``condition`` holds, else -1 (steps and follow-ups have one rule)."""
        return self.plan.store(self.plan.combine([condition], lambda c: exp.Case().when(
            c, exp.Literal.number(0)).else_(exp.Literal.number(-1))), "s")

    def _period(self, anchor: Node, wait: Node, reach: Reach) -> Val:
        node = Node("period", DATE.maybe(anchor.type.optional), (anchor, wait),
                    value=self.model.info.rollover, span=wait.span)
        return self.translator.value(node, reach)

    def _events(self) -> tuple[Val, Val]:
        events = self.translator.facts.get("events")
        if events is None:
            raise unsupported("a ladder or follow-up", None, "the policy reads no `events`")
        return events, self.today

    def ladder(self, ladder: LadderModel) -> list[tuple[ActionModel, Val, Val | None]]:
        """Each step: asked for when it is the next one and due, unless an `until` holds."""
        t = self.translator
        events, today = self._events()
        t.measures.append(Node("first", DATE, span=ladder.span))
        firsts = [t.measure(events, (code,), today, "first") for code in ladder.codes]

        def furthest(*days: exp.Expr) -> exp.Expr:
            case = exp.Case()
            for index in reversed(range(len(days))):
                case = case.when(exp.not_(exp.Is(this=days[index], expression=exp.null())),
                                 exp.Literal.number(index))
            return case.else_(exp.Literal.number(-1))

        reached = self.plan.store(self.plan.combine(firsts, furthest), "s")

        def previous(position: exp.Expr, *days: exp.Expr) -> exp.Expr:
            case = exp.Case()
            for index, day in enumerate(days):
                case = case.when(exp.EQ(this=position, expression=exp.Literal.number(index)), day)
            return case

        t.previous = self.plan.store(self.plan.combine([reached, *firsts], previous), "d")
        stop = t.value(ladder.until) if ladder.until is not None else Val.constant(exp.false())
        going = t.negate(stop)
        steps: list[tuple[ActionModel, Val, Val | None]] = []
        for index, step in enumerate(ladder.steps):
            turn = t.both(going, self.plan.combine([reached], lambda r, i=index: exp.EQ(
                this=r, expression=exp.Literal.number(i - 1))))
            reach = t.reached((), turn)
            if step.until is not None:
                turn = t.both(turn, t.negate(t.value(step.until, reach)))
                reach = t.reached((), turn)
            due = self.plan.store(self._period(step.anchor, step.wait, reach), "a")
            arrived = self.plan.combine([due, today], lambda d, n: exp.func(
                "COALESCE", exp.GTE(this=n, expression=d), exp.false()))
            steps.append((step.action, self._fired(t.both(turn, arrived)), due))
        t.previous = None
        return steps

    def after(self, block: AfterModel) -> list[tuple[ActionModel, Val, Val | None]]:
        """Each follow-up of the latest measure of the block's kinds, until it is taken."""
        t = self.translator
        events, today = self._events()
        t.measures.append(Node("last", DATE, span=block.span))
        since = self.plan.store(t.measure(events, block.kinds, today, "last"), "d")
        going = t.is_set(since)
        if block.until is not None:
            going = t.both(going, t.negate(t.value(block.until, t.reached((), going))))
        t.previous = since
        follow_ups: list[tuple[ActionModel, Val, Val | None]] = []
        for follow in block.follow_ups:
            latest = t.measure(events, (follow.code,), today, "last")
            done = self.plan.combine([latest, since], lambda x, y: exp.func(
                "COALESCE", exp.GTE(this=x, expression=y), exp.false()))
            owed = t.both(going, t.negate(done))
            due = self.plan.store(self._period(Node("previous", DATE), follow.within,
                                               t.reached((), owed)), "a")
            follow_ups.append((follow.action, self._fired(owed), due))
        t.previous = None
        return follow_ups

    # ------------------------------------------------------------ results
    def _deadline(self) -> Val:
        deadline = self.model.deadline
        if deadline is None:
            return Val.constant(exp.cast(exp.null(), exp.DataType.build("DATE")))
        return self.translator.defs[deadline.name]

    def _overdue(self, due: Val) -> Val:
        closed = self.translator.decision_is("status", _CLOSED)

        def build(d: exp.Expr, c: exp.Expr, t: exp.Expr) -> exp.Expr:
            still = exp.or_(exp.Is(this=d, expression=exp.null()), paren(c),
                            exp.LTE(this=t, expression=d))
            return exp.Case().when(still, exp.Literal.number(0)).else_(
                exp.DateDiff(this=t, expression=d, unit=exp.var("DAY")))

        return self.plan.combine([due, closed, self.today], build)

    def _guarded(self, marks: Sequence[tuple[Reach, Val]]) -> list[Val]:
        """Each mark, NULL (or false) unless the scalar evaluator would have reached it."""
        translator = self.translator
        guarded: list[Val] = []
        for reach, mark in marks:
            condition = translator.condition_of(reach)
            if isinstance(condition.sql, exp.Boolean) and condition.sql.this is True:
                guarded.append(mark)
            else:
                guarded.append(self.plan.combine([condition, mark],
                                                 lambda c, m: exp.Case().when(c, m)))
        return guarded

    def _gap(self) -> Val:
        gaps = self._guarded(self.translator.gaps)
        if not gaps:
            return Val.constant(exp.false())
        return self.plan.combine(gaps, lambda *g: exp.func(
            "COALESCE", exp.or_(*(paren(x) for x in g)), exp.false()))

    def queries(self, actions: list[tuple[ActionModel, Val, Val | None]]) -> CompiledQuery:
        translator = self.translator
        due = self._deadline()
        named: dict[str, Val] = dict(self.kept)
        named.update({
            "status_rule": translator.decided["status"],
            "stage_rule": translator.decided["stage"],
            "due": due,
            "overdue_days": self._overdue(due),
            "calendar_gap": self._gap(),
        })
        columns: list[ActionColumns] = []
        for index, (action, fired, action_due) in enumerate(actions):
            rule_name = f"action_{index}"
            named[rule_name] = fired
            due_name = None
            if action_due is not None:
                due_name = f"action_{index}_due"
                named[due_name] = action_due
            columns.append(ActionColumns(action, rule_name, due_name))
        years = self._guarded(translator.touches)
        year_names = tuple(f"year_{i}" for i in range(len(years)))
        named.update(zip(year_names, years, strict=True))
        final, sqls = self.plan.lift(list(named.values()))
        lookups = sum(len(layer.joins) for layer in self.plan.layers)
        values = dict(zip(named, sqls, strict=True))
        return CompiledQuery(self.model, self.keep, tuple(columns), year_names, lookups,
                             tuple(translator.measures), self.plan, self.source, final, values)


def compile_query(model: PolicyModel, *, table: str | Sequence[str] = "findings",
                  calendar: str | Sequence[str] = "rectilaw_calendar",
                  today: date | None = None, columns: Collection[str] | None = None,
                  keep: Sequence[str] = ("id",)) -> CompiledQuery:
    """Compile a checked policy; see :func:`rectilaw.sql.compile_sql`."""
    return _Compiler(model, table=table, calendar=calendar, today=today, columns=columns,
                     keep=keep).run()
