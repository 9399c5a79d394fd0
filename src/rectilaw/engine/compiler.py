"""Checked policy → one Python function, compiled once when the policy is loaded.

The generated function reads a finding's facts, computes the definitions in
dependency order, picks the first status (and stage) rule that applies, and
collects the actions whose rules apply.  It records which rules decided, so
that the trace can be rebuilt on demand without slowing the common case.

No text from a rule file ever becomes program text: facts, parameters,
definitions and temporaries get generated names (``f3``, ``p1``, ``d2``, ``t0``),
and every constant (including every field name and every string) is bound in
the function's namespace as ``k0``, ``k1``, …  The only Python the function
contains is what this module writes.  The namespace has no builtins.

Fast path and slow path: the function checks each fact with a cheap type test
and raises :class:`NeedsNormalizing` on anything unusual (an ISO date string, a
decimal string, an unknown field); the caller then normalizes the finding
fully (reporting every problem) and calls again.

Interpreter limits: CPython refuses more than 200 nested brackets and 100 indentation
levels, and its compiler recurses on nested statements.  A sub-expression whose code would
nest deeper than :data:`_HOIST_AT` brackets is moved into a helper function (called where it
was, so it is still evaluated only when reached), and a rule's exceptions are tested one
after the other with a flag rather than nested ``else`` blocks: any policy the checker
accepts compiles.  Should the interpreter refuse the code all the same, loading raises a
:class:`~rectilaw.errors.PolicyError` at the rule being compiled, never a SyntaxError.

Probes: called with a list as its third argument, the function also appends
to it the days on which its answer may next change (each comparison's
threshold, see :mod:`rectilaw.engine.timing`, and each ladder step's due date);
:meth:`rectilaw.Policy.timeline` uses them to skip the days on which nothing
can happen.
"""

from __future__ import annotations

import itertools
import linecache
import traceback
import weakref
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from rectilaw.calendar import FIRST_DAY, LAST_DAY
from rectilaw.dsl.model import DATE, AfterModel, LadderModel, Node, PolicyModel, Rule
from rectilaw.dsl.ops import OPS
from rectilaw.engine import events as measures
from rectilaw.engine import money
from rectilaw.engine.timing import Threshold, Timing
from rectilaw.errors import PolicyError, Span
from rectilaw.findings import Event, FactSpec
from rectilaw.periods import Duration, RestDayCalendar, period_end, shift_back

__all__ = ["CompiledPolicy", "NeedsNormalizing", "compile_policy"]


class NeedsNormalizing(Exception):
    """The finding is not in the evaluator's fast form; normalize it and try again."""


class NoStatus(Exception):
    """No status rule applies to the finding (the policy has a gap)."""


#: What the generated function returns: (status rule, stage rule, actions fired,
#: exceptions that vetoed a rule, years relied on without a published schedule (sorted),
#: the values of the deadlines in definition order).  Rules are indexes into
#: CompiledPolicy's tables;
#: an action fired is (action index, rule index, due date), the action index
#: counting in :attr:`PolicyModel.emitted_actions`.  Every part is a tuple of plain
#: values, so that an answer keeping it for its trace adds nothing for the cyclic garbage
#: collector to follow (and the actions fired can key a cache).
RawResult = tuple[
    int, int, tuple[tuple[int, int, date | None], ...], tuple[str, ...], tuple[int, ...],
    tuple[date | None, ...]
]


#: Brackets the code of one expression may nest before it is moved into a helper function
#: (CPython refuses more than 200).
_HOIST_AT = 60

#: Brackets one operator adds around the code of an operand, at most (``unset_guarded``
#: puts an operand three deep: ``(None if ((t1 := a) is None) else …)``).
_BRACKETS_PER_OP = 3


class CompiledPolicy:
    """The generated evaluator and the tables that decode its result.

    ``stepwise`` says whether the probes the function reports are all the days
    its answer can change on (see :class:`~rectilaw.engine.timing.Timing`).
    """

    def __init__(self, function: Callable[..., RawResult], source: str,
                 status_rules: list[tuple[str, str, Rule]],
                 stage_rules: list[tuple[str, str, Rule]], stepwise: bool = True,
                 filename: str = "<rectilaw policy>",
                 spans: Sequence[Span | None] = ()) -> None:
        self.function = function
        self.source = source
        self.status_rules = status_rules
        self.stage_rules = stage_rules
        self.stepwise = stepwise
        self.filename = filename
        self.spans = tuple(spans)

    def span_at(self, line: int) -> Span | None:
        """The rule text the generated ``line`` (counted from 1) was written for, if any."""
        return self.spans[line - 1] if 0 < line <= len(self.spans) else None

    def span_of(self, error: BaseException) -> Span | None:
        """Where in the rule file ``error`` arose: the rule or definition whose code was
        running in the innermost frame of the generated function, or None (the error arose
        elsewhere, or in code no single rule owns)."""
        seen: set[int] = set()
        current: BaseException | None = error
        while current is not None and id(current) not in seen:  # the error, then its causes
            seen.add(id(current))
            found = None
            for frame, line in traceback.walk_tb(current.__traceback__):
                if frame.f_code.co_filename == self.filename:
                    found = self.span_at(line) or found
            if found is not None:
                return found
            current = current.__cause__ or current.__context__
        return None


class _Emitter:
    def __init__(self, model: PolicyModel, specs: dict[str, FactSpec],
                 calendar: RestDayCalendar) -> None:
        self.model = model
        self.specs = specs
        self.calendar = calendar
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {"__builtins__": {}, "set": set}
        self.constants: dict[tuple[type, Any], str] = {}
        self.fact_vars = {f.name: f"f{i}" for i, f in enumerate(model.facts)}
        self.param_vars: dict[str, str] = {}
        self.def_vars = {d.name: f"d{i}" for i, d in enumerate(model.definitions)}
        self.temps = 0
        self.previous_var = "None"
        # Helper functions holding deep sub-expressions, defined at the top of the function.
        self.helpers: list[str] = []
        # The bracket depth of the expression code being built (see `expr`).
        self._tallest = 0
        # The rule text each generated line comes from, for a refusal that points at it.
        self.span: Span | None = None
        self.spans: list[Span | None] = []

    # ------------------------------------------------------------ helpers
    def const(self, value: Any) -> str:
        key = (type(value), value)
        name = self.constants.get(key)
        if name is None:
            name = f"k{len(self.constants)}"
            self.constants[key] = name
            self.namespace[name] = value
        return name

    def bind(self, prefix: str, value: Any) -> str:
        name = f"{prefix}{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def temp(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)
        self.spans.append(self.span)

    # ------------------------------------------------------------ expressions
    def simple(self, code: str) -> bool:
        return code.isidentifier()

    def guard(self, node: Node, code: str) -> tuple[str, str]:
        """``(prefix, name)``: a name holding ``code``'s value, bound by walrus if needed."""
        if self.simple(code):
            return "", code
        name = self.temp()
        return f"({name} := {code})", name

    def unset_guarded(self, parts: list[tuple[Node, str]], body: Callable[..., str]) -> str:
        """``body(*names)``, or None where any optional operand is unset."""
        checks = []
        names = []
        for node, code in parts:
            if node.type.optional:
                prefix, name = self.guard(node, code)
                checks.append(f"{prefix or name} is None" if not prefix else f"{prefix} is None")
                names.append(name)
            else:
                names.append(code)
        if not checks:
            return body(*names)
        return f"(None if ({' or '.join(checks)}) else {body(*names)})"

    def expr(self, node: Node) -> str:
        """Python for ``node``, nesting at most about :data:`_HOIST_AT` brackets; an operator
        that propagates unset operands gets their codes, guarded once here (see
        :mod:`rectilaw.dsl.ops`)."""
        method: Callable[..., str] = getattr(self, f"op_{node.op}")
        outer, self._tallest = self._tallest, 0
        if OPS[node.op].unset == "propagates":
            code = self.unset_guarded([(arg, self.expr(arg)) for arg in node.args],
                                      lambda *names: method(node, *names))
        else:
            code = method(node)
        height = self._tallest + _BRACKETS_PER_OP
        if height >= _HOIST_AT:
            code, height = self.hoist(code), 1
        self._tallest = max(outer, height)
        return code

    def hoist(self, code: str) -> str:
        """A call of a new helper function returning ``code``: the helper is a closure over
        the evaluator's variables, called only where ``code`` would have been evaluated."""
        name = f"h{len(self.helpers)}"
        self.helpers += [f"    def {name}():", f"        return {code}"]
        return f"{name}()"

    def op_const(self, node: Node) -> str:
        return self.const(node.value)

    def op_fact(self, node: Node) -> str:
        return self.fact_vars[node.value]

    def op_param(self, node: Node) -> str:
        return self.param_vars[node.value]

    def op_def(self, node: Node) -> str:
        return self.def_vars[node.value]

    def op_today(self, node: Node) -> str:
        return "today"

    def op_status(self, node: Node) -> str:
        return "status"

    def op_stage(self, node: Node) -> str:
        return "stage"

    def op_not(self, node: Node) -> str:
        return f"(not {self.expr(node.args[0])})"

    def op_and(self, node: Node) -> str:
        return f"({self.expr(node.args[0])} and {self.expr(node.args[1])})"

    def op_or(self, node: Node) -> str:
        return f"({self.expr(node.args[0])} or {self.expr(node.args[1])})"

    def op_cmp(self, node: Node) -> str:
        left, right = node.args
        op = node.value
        lcode, rcode = self.expr(left), self.expr(right)
        if op in ("==", "!="):
            return f"({lcode} {op} {rcode})"
        checks, names = [], []
        for part, code in ((left, lcode), (right, rcode)):
            if part.type.optional:
                prefix, name = self.guard(part, code)
                checks.append(f"{prefix or name} is not None")
                names.append(name)
            else:
                names.append(code)
        comparison = f"{names[0]} {op} {names[1]}"
        return f"({' and '.join([*checks, comparison])})"

    def op_coalesce(self, node: Node) -> str:
        left, right = node.args
        prefix, name = self.guard(left, self.expr(left))
        test = f"{prefix} is not None" if prefix else f"{name} is not None"
        return f"({name} if {test} else {self.expr(right)})"

    def op_period(self, node: Node, start: str, duration: str) -> str:
        function = self.bind("period", _period_function(self.calendar, bool(node.value)))
        return f"{function}({start}, {duration}, touched)"

    def op_back(self, node: Node, start: str, duration: str) -> str:
        function = self.bind("back", _back_function(self.calendar))
        return f"{function}({start}, {duration})"

    def op_diff(self, node: Node, later: str, earlier: str) -> str:
        return f"({later} - {earlier}).days"

    def op_add(self, node: Node, left: str, right: str) -> str:
        return f"({left} + {right})"

    def op_sub(self, node: Node, left: str, right: str) -> str:
        return f"({left} - {right})"

    def op_mul(self, node: Node, left: str, right: str) -> str:
        return f"({left} * {right})"

    def op_div(self, node: Node, amount: str, by: str) -> str:
        return f"{self.const(money.divide)}({amount}, {by})"

    def op_neg(self, node: Node, operand: str) -> str:
        return f"(-{operand})"

    def op_isset(self, node: Node) -> str:
        return f"({self.expr(node.args[0])} is not None)"

    def op_in(self, node: Node) -> str:
        operand, *options = node.args
        if all(o.op == "const" for o in options):
            return f"({self.expr(operand)} in {self.const(frozenset(o.value for o in options))})"
        return f"({self.expr(operand)} in ({', '.join(self.expr(o) for o in options)},))"

    def op_if(self, node: Node) -> str:
        condition, then, otherwise = node.args
        return f"({self.expr(then)} if {self.expr(condition)} else {self.expr(otherwise)})"

    def op_call(self, node: Node) -> str:
        function = self.bind(node.value, _EXTREMES[node.value])
        return f"{function}({', '.join(self.expr(a) for a in node.args)})"

    def _measures(self, node: Node, function: Callable[..., Any]) -> str:
        events, today = node.args
        kinds = self.const(frozenset(node.value))
        return f"{self.const(function)}({self.expr(events)}, {kinds}, {self.expr(today)})"

    def op_count(self, node: Node) -> str:
        return self._measures(node, measures.count)

    def op_first(self, node: Node) -> str:
        return self._measures(node, measures.first)

    def op_last(self, node: Node) -> str:
        return self._measures(node, measures.last)

    def op_taken(self, node: Node) -> str:
        return self._measures(node, measures.taken)

    def op_previous(self, node: Node) -> str:
        return self.previous_var

    # ------------------------------------------------------------ program
    def facts(self) -> None:
        self.emit(1, "get = F.get")
        used = frozenset(f.name for f in self.model.facts)
        self.emit(1, f"if not {self.const(used)}.issuperset(F):")
        self.emit(2, "raise Slow")
        for fact in self.model.facts:
            var = self.fact_vars[fact.name]
            spec = self.specs[fact.name]
            key = self.const(fact.name)
            default = spec.default
            if default is None:
                self.emit(1, f"{var} = get({key})")
            else:
                self.emit(1, f"{var} = get({key}, {self.const(default)})")
            python_type = _FAST_TYPES[spec.type]
            test = f"{var}.__class__ is not {self.const(python_type)}"
            if default is None:
                test = f"{var} is not None and {test}"
            if spec.type == "events":
                events_ok = self.const(_events_ok)
                test = f"{var}.__class__ is not {self.const(tuple)} or not {events_ok}({var})"
            if spec.type == "enum":
                test = (f"{var} is not None and ({var}.__class__ is not {self.const(str)} or "
                        f"{var} not in {self.const(frozenset(spec.values))})")
            if spec.type == "date":  # and a day the calendar answers for
                test = (f"{var} is not None and ({var}.__class__ is not {self.const(date)} or "
                        f"not {self.const(FIRST_DAY)} <= {var} <= {self.const(LAST_DAY)})")
            self.emit(1, f"if {test}:")
            self.emit(2, "raise Slow")

    def params(self) -> None:
        reference = self.fact_vars.get("issued_on")
        for index, param in enumerate(self.model.params):
            var = f"p{index}"
            self.param_vars[param.name] = var
            if len(param.values) == 1:
                self.namespace[var] = param.values[0].value
            else:
                chooser = self.bind("param", param.value_on)
                when = f"({reference} or today)" if reference else "today"
                self.emit(1, f"{var} = {chooser}({when})")

    def definitions(self, step_name: str) -> None:
        definition = self.model.definition(step_name)
        self.span = definition.span
        self.emit(1, f"{self.def_vars[definition.name]} = {self.expr(definition.expr)}")
        self.span = None

    def decision(self, kind: str) -> list[tuple[str, str, Rule]]:
        decision = self.model.status if kind == "status" else self.model.stage
        assert decision is not None
        table: list[tuple[str, str, Rule]] = []
        self.emit(1, "while True:")
        for outcome, rule in decision.rules:
            index = len(table)
            table.append((outcome.code, outcome.label, rule))
            done = [f"{kind}_rule = {index}", f"{kind} = {self.const(outcome.code)}", "break"]
            self.rule(2, rule, done)
        if kind == "status":
            self.emit(2, "raise NoStatus")
        else:
            self.emit(2, f"{kind}_rule = -1")
            self.emit(2, f"{kind} = None")
            self.emit(2, "break")
        return table

    def rule(self, indent: int, rule: Rule, then: list[str]) -> None:
        """``if condition: (unless exception) then…`` at ``indent``.

        The exceptions are tried in order until one applies (which vetoes the rule), each
        ``if`` at the same indentation, however many there are.
        """
        self.span = rule.span
        if rule.condition is not None:
            self.emit(indent, f"if {self.expr(rule.condition)}:")
            indent += 1
        if rule.exceptions:
            vetoed = f"vetoed += ({self.const(rule.id)},)"
            self.emit(indent, "applies = True")
            for exception, _ in rule.exceptions:
                self.emit(indent, f"if applies and {self.expr(exception)}:")
                self.emit(indent + 1, vetoed)
                self.emit(indent + 1, "applies = False")
            self.emit(indent, "if applies:")
            indent += 1
        for line in then:
            self.emit(indent, line)
        self.span = None

    def actions(self) -> None:
        for a_index, action in enumerate(self.model.actions):
            self.emit(1, "while True:")
            for r_index, rule in enumerate(action.rules):
                due = self.expr(action.due) if action.due is not None else "None"
                self.rule(2, rule, [f"fired += (({a_index}, {r_index}, {due}),)", "break"])
            self.emit(2, "break")

    def ladders(self) -> None:
        offset = len(self.model.actions)
        for number, ladder in enumerate(self.model.ladders):
            self.ladder(number, ladder, offset)
            offset += len(ladder.steps)
        for block in self.model.afters:
            self.after(block, offset)
            offset += len(block.follow_ups)

    def ladder(self, number: int, ladder: LadderModel, offset: int) -> None:
        """The next step of ``ladder``, asked for from its due date on."""
        events = self.fact_vars["events"]
        reached, self.previous_var = f"lr{number}", f"lp{number}"
        position = self.const(measures.ladder_position)
        self.emit(1, f"{reached}, {self.previous_var} = "
                     f"{position}({events}, {self.const(ladder.codes)}, today)")
        self.emit(1, "while True:")
        if ladder.until is not None:
            self.emit(2, f"if {self.expr(ladder.until)}:")
            self.emit(3, "break")
        for index, step in enumerate(ladder.steps):
            self.emit(2, f"{'if' if index == 0 else 'elif'} {reached} == {index - 1}:")
            if step.until is not None:
                self.emit(3, f"if {self.expr(step.until)}:")
                self.emit(4, "break")
            due = Node("period", DATE.maybe(step.anchor.type.optional), (step.anchor, step.wait),
                       value=self.model.info.rollover)
            self.emit(3, f"due = {self.expr(due)}")
            self.emit(3, "if P is not None:")
            self.emit(4, "P.append(due)")
            self.emit(3, "if due is not None and today >= due:")
            self.emit(4, f"fired += (({offset + index}, 0, due),)")
        self.emit(2, "break")
        self.previous_var = "None"

    def after(self, block: AfterModel, offset: int) -> None:
        """Each follow-up of ``block`` not yet taken since the latest measure it follows."""
        events = self.fact_vars["events"]
        last = self.const(measures.last)
        self.emit(1, f"since = {last}({events}, {self.const(frozenset(block.kinds))}, today)")
        condition = "since is not None"
        if block.until is not None:
            condition += f" and not {self.expr(block.until)}"
        self.emit(1, f"if {condition}:")
        done = self.const(measures.done_since)
        for index, follow in enumerate(block.follow_ups):
            self.emit(2, f"if not {done}({events}, {self.const(follow.code)}, since, today):")
            self.previous_var = "since"
            due = Node("period", DATE, (Node("previous", DATE), follow.within),
                       value=self.model.info.rollover)
            self.emit(3, f"fired += (({offset + index}, 0, {self.expr(due)}),)")
        self.previous_var = "None"

    def probes(self, timing: Timing) -> None:
        """Append to ``P`` the threshold of every comparison that moves with the day."""
        found = timing.probes()
        if not found:
            return
        self.emit(1, "if P is not None:")
        shift = self.const(_shift)
        for _node, threshold in found:
            self.emit(2, f"P.append({self.threshold(threshold, shift)})")

    def threshold(self, threshold: Threshold, shift: str) -> str:
        base = self.expr(threshold.base)
        if threshold.offset is None:
            return base
        return f"{shift}({base}, {self.expr(threshold.offset)}, {threshold.sign})"

    def build(self) -> CompiledPolicy:
        self.emit(0, "def evaluate(F, today, P=None):")
        self.emit(1, "touched = set()")
        self.emit(1, "vetoed = ()")
        self.emit(1, "fired = ()")
        self.emit(1, "stage_rule = -1")
        self.emit(1, "stage = None")
        self.facts()
        self.params()
        status_rules: list[tuple[str, str, Rule]] = []
        stage_rules: list[tuple[str, str, Rule]] = []
        for kind, name in self.model.order:
            if kind == "def":
                self.definitions(name)
            elif kind == "status":
                status_rules = self.decision("status")
            else:
                stage_rules = self.decision("stage")
        self.actions()
        self.ladders()
        timing = Timing(self.model)
        self.probes(timing)
        deadlines = [self.def_vars[d.name] for d in self.model.definitions
                     if d.kind == "deadline"]
        values = f"({', '.join(deadlines)},)" if deadlines else "()"
        years = f"({self.const(_sorted_years)}(touched) if touched else ())"
        self.emit(1, f"return (status_rule, stage_rule, fired, vetoed, {years}, {values})")
        self.lines[1:1] = self.helpers
        self.spans[1:1] = [None] * len(self.helpers)
        source = "\n".join(self.lines) + "\n"
        self.namespace["Slow"] = NeedsNormalizing
        self.namespace["NoStatus"] = NoStatus
        filename = f"<rectilaw policy {self.model.info.id} #{next(_COMPILED)}>"
        try:
            code = compile(source, filename, "exec")
        except (SyntaxError, RecursionError, MemoryError, ValueError) as problem:
            raise self._refusal(problem) from None
        exec(code, self.namespace)
        function = self.namespace["evaluate"]
        _show_in_tracebacks(function, filename, source)
        return CompiledPolicy(function, source, status_rules, stage_rules, timing.stepwise,
                              filename, self.spans)


    def _refusal(self, problem: Exception) -> PolicyError:
        """The interpreter refused the generated code: say so at the rule it came from."""
        line = getattr(problem, "lineno", None)
        span = None
        if isinstance(line, int) and 0 < line <= len(self.spans):
            span = self.spans[line - 1]
        return PolicyError.single(
            "too-complex",
            f"this rule is too complex for the Python interpreter to compile ({problem})",
            span,
            hint="split it into named definitions with `let`, or into several rules",
        )


#: Numbers the generated functions, so that each has a file name of its own in tracebacks.
_COMPILED = itertools.count(1)


def _show_in_tracebacks(function: Callable[..., Any], filename: str, source: str) -> None:
    """Let tracebacks (and debuggers) show the generated code, as they do a file's.

    The source goes into :mod:`linecache` under the function's file name, with no
    modification time, so that ``checkcache`` keeps it; it is dropped again when
    the function is collected, so that loading many policies keeps no text behind.
    """
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    weakref.finalize(function, linecache.cache.pop, filename, None)


_FAST_TYPES: dict[str, type] = {
    "bool": bool, "date": date, "money": Decimal, "integer": int, "text": str, "enum": str,
    "events": tuple,
}


def _sorted_years(touched: set[int]) -> tuple[int, ...]:
    return tuple(sorted(touched))


def _events_ok(events: tuple[Any, ...]) -> bool:
    """Whether a tuple holds only Event values in order (the normalized form).

    A long tuple found so once is remembered (:func:`measures.indexed`): a timeline asks
    the evaluator about the same measures on hundreds of days.
    """
    if measures.indexed(events):
        return True
    previous = None
    for event in events:
        if event.__class__ is not Event or event.on.__class__ is not date \
                or event.kind.__class__ is not str or not FIRST_DAY <= event.on <= LAST_DAY \
                or (previous is not None and (event.on, event.kind) < previous):
            return False
        previous = (event.on, event.kind)
    measures.index(events)
    return True


def _period_function(calendar: RestDayCalendar, rollover: bool) -> Callable[..., date]:
    def period(start: date, duration: Duration, touched: set[int]) -> date:
        return period_end(start, duration, calendar=calendar, rollover=rollover, touched=touched)

    return period


def _back_function(calendar: RestDayCalendar) -> Callable[..., date]:
    def back(day: date, duration: Duration) -> date:
        return shift_back(day, duration, calendar=calendar)

    return back


def _extreme(pick: Callable[..., Any]) -> Callable[..., Any]:
    def function(*values: Any) -> Any:
        return None if any(v is None for v in values) else pick(values)

    return function


_EXTREMES = {"min": _extreme(min), "max": _extreme(max)}


def _shift(day: date | None, days: int | None, sign: int) -> date | None:
    """``day`` moved by ``sign * days`` days; None if either is unset or the result is not a
    calendar day."""
    if day is None or days is None:
        return None
    try:
        return day + timedelta(days=sign * days)
    except OverflowError:
        return None


def compile_policy(model: PolicyModel, specs: dict[str, FactSpec],
                   calendar: RestDayCalendar) -> CompiledPolicy:
    """Generate and compile the evaluator of a checked policy."""
    return _Emitter(model, specs, calendar).build()
