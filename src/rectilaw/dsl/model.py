"""The checked policy: what a rule file means, with every name resolved and typed.

The checker builds it from the syntax tree; the compiler, the reference
interpreter, the documentation and the analyses read it.  Expressions are one
uniform node type (:class:`Node`), which keeps every walker small.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import attrs

from rectilaw.dsl.ops import OPS
from rectilaw.errors import Diagnostic, Span


@attrs.frozen
class Type:
    """A value type. ``optional`` types may be unset (a date not given, a text not given)."""

    kind: str
    values: tuple[str, ...] = ()
    optional: bool = False

    def required(self) -> Type:
        return attrs.evolve(self, optional=False)

    def maybe(self, optional: bool = True) -> Type:
        return attrs.evolve(self, optional=optional)

    def __str__(self) -> str:
        name = f"enum({', '.join(self.values)})" if self.kind == "enum" else self.kind
        return f"{name} (may be unset)" if self.optional else name


BOOL = Type("bool")
INTEGER = Type("integer")
MONEY = Type("money")
DATE = Type("date")
DURATION = Type("duration")
TEXT = Type("text")
EVENTS = Type("events")

#: Operators of :class:`Node`: every one declared in :mod:`rectilaw.dsl.ops`.
NODE_OPS = frozenset(OPS)

#: The operators that read the finding's recorded measures.
EVENT_OPS = frozenset(name for name, op in OPS.items() if op.reads_events)


@attrs.frozen
class Node:
    """A typed expression.

    ``op`` says what it is; ``args`` are its operands; ``value`` carries the
    constant, the referenced name, the comparison operator, the roll-over flag
    of a period or the function name, depending on ``op``.
    """

    op: str
    type: Type
    args: tuple[Node, ...] = ()
    value: Any = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    def walk(self) -> Iterator[Node]:
        """This node and every node below it."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.args))


@attrs.frozen
class PolicyInfo:
    """The header of a policy."""

    id: str
    title: str
    title_en: str | None = None
    issuer: str | None = None
    number: str | None = None
    issued: date | None = None
    effective: date | None = None
    until: date | None = None
    version: str | None = None
    source: str | None = None
    rollover: bool = True


@attrs.frozen
class ClauseModel:
    """A clause of the source document and who cites it."""

    id: str
    title: str | None
    text: str
    not_encoded: str | None
    cited_by: tuple[str, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def encoded(self) -> bool:
        return bool(self.cited_by)


@attrs.frozen
class FactModel:
    """A fact the policy reads from a finding."""

    name: str
    type: Type
    label: str
    from_schema: bool
    citation: tuple[str, ...] = ()


@attrs.frozen
class ParamValueModel:
    """One value of a parameter, in force from ``effective`` (None: from the beginning)."""

    effective: date | None
    value: Any
    citation: tuple[str, ...]
    assumed: str | None


@attrs.frozen
class ParamModel:
    """A parameter: its values over time; overridden ones carry ``overridden``."""

    name: str
    type: Type
    label: str | None
    values: tuple[ParamValueModel, ...]
    overridden: bool = False
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def assumed(self) -> bool:
        return any(v.assumed is not None for v in self.values)

    def value_on(self, day: date | None) -> Any:
        """The value in force on ``day`` (the latest one whose effective date is not after it)."""
        chosen = self.values[0].value
        for item in self.values:
            if item.effective is None or (day is not None and item.effective <= day):
                chosen = item.value
        return chosen


@attrs.frozen
class Definition:
    """``let`` or ``deadline``: a named value computed from facts, parameters and ``today``."""

    name: str
    kind: str
    label: str | None
    expr: Node
    citation: tuple[str, ...]
    rule_id: str
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Rule:
    """One ``when`` or ``otherwise`` line, with its exceptions."""

    id: str
    condition: Node | None
    citation: tuple[str, ...]
    exceptions: tuple[tuple[Node, tuple[str, ...]], ...]
    reads: tuple[str, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    #: Why the rule reads the text this way, where the text does not say it outright.
    assumed: str | None = None


@attrs.frozen
class OutcomeModel:
    """An outcome of a decision and the rules that lead to it."""

    code: str
    label: str
    rules: tuple[Rule, ...]


@attrs.frozen
class DecisionModel:
    """``status`` or ``stage``: the first rule that applies, in written order, decides."""

    kind: str
    outcomes: tuple[OutcomeModel, ...]
    #: ``decided by party [cite]``: the party whose recorded determination is in force, and
    #: the clauses that give it the determination (None, () when the rules alone decide).
    decided_by: str | None = None
    decided_basis: tuple[str, ...] = ()

    @property
    def rules(self) -> tuple[tuple[OutcomeModel, Rule], ...]:
        return tuple((o, r) for o in self.outcomes for r in o.rules)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.outcomes)


@attrs.frozen
class ActionModel:
    """An action the policy requires when one of its rules applies."""

    id: str
    code: str
    label: str
    by: str | None
    target: str | None
    to: tuple[str, ...]
    level: str | None
    way: str | None
    due: Node | None
    rules: tuple[Rule, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class StepModel:
    """One step of a ladder: the action it asks for and when it falls due.

    The step falls due ``wait`` after ``anchor`` (a date; inside it, ``previous``
    is the day the step before was first taken).  ``action`` carries the code,
    wording, parties and the one rule (its citation and reads) that the trace
    shows when the step is asked for.
    """

    action: ActionModel
    wait: Node
    anchor: Node
    until: Node | None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def code(self) -> str:
        return self.action.code


@attrs.frozen
class LadderModel:
    """An escalation ladder: steps taken one after another, none skipped, none repeated.

    The next step is the one after the furthest step the finding's measures
    record; it is asked for from the day it falls due, while neither the
    ladder's nor the step's ``until`` holds.
    """

    name: str
    label: str
    until: Node | None
    citation: tuple[str, ...]
    steps: tuple[StepModel, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(step.code for step in self.steps)


@attrs.frozen
class FollowUpModel:
    """An action that follows a measure, due ``within`` after it."""

    action: ActionModel
    within: Node

    @property
    def code(self) -> str:
        return self.action.code


@attrs.frozen
class AfterModel:
    """``after kind, …``: what must follow the latest measure of those kinds.

    Each follow-up is asked for from the day of that measure until a measure
    of its own code is recorded on or after it, while ``until`` does not hold.
    """

    id: str
    kinds: tuple[str, ...]
    label: str | None
    until: Node | None
    citation: tuple[str, ...]
    follow_ups: tuple[FollowUpModel, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


#: One step of evaluation order: ("def", name), ("status", ""), ("stage", "").
Step = tuple[str, str]


@attrs.frozen
class PolicyModel:
    """A checked policy."""

    info: PolicyInfo
    clauses: tuple[ClauseModel, ...]
    parties: Mapping[str, str]
    facts: tuple[FactModel, ...]
    params: tuple[ParamModel, ...]
    definitions: tuple[Definition, ...]
    status: DecisionModel
    stage: DecisionModel | None
    actions: tuple[ActionModel, ...]
    order: tuple[Step, ...]
    warnings: tuple[Diagnostic, ...] = ()
    ladders: tuple[LadderModel, ...] = ()
    afters: tuple[AfterModel, ...] = ()
    #: Look-ups by name, built on first use (a cache: not compared, hashed or shown).
    _lookup: _Index | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def roots(self) -> Iterator[Node]:
        """Every expression of the policy, each once: the definitions; the conditions and
        exceptions of the status, stage and action rules; the actions' due dates; the
        conditions, waits and anchors of the ladders; the conditions and waits of the
        ``after`` blocks.  Whoever walks the whole policy walks these."""
        for definition in self.definitions:
            yield definition.expr
        blocks = [self.status] + ([self.stage] if self.stage is not None else [])
        rules = [rule for block in blocks for _, rule in block.rules]
        rules += [rule for action in self.actions for rule in action.rules]
        for rule in rules:
            if rule.condition is not None:
                yield rule.condition
            yield from (exception for exception, _ in rule.exceptions)
        yield from (a.due for a in self.actions if a.due is not None)
        for ladder in self.ladders:
            if ladder.until is not None:
                yield ladder.until
            for step in ladder.steps:
                yield from (step.wait, step.anchor)
                if step.until is not None:
                    yield step.until
        for block in self.afters:
            if block.until is not None:
                yield block.until
            yield from (follow.within for follow in block.follow_ups)

    @property
    def emitted_actions(self) -> tuple[ActionModel, ...]:
        """Every action an Assessment may carry: the actions, the ladders' steps, then the
        follow-ups, in that order (the order the evaluator reports them in)."""
        steps = tuple(step.action for ladder in self.ladders for step in ladder.steps)
        follow = tuple(f.action for block in self.afters for f in block.follow_ups)
        return self.actions + steps + follow

    @property
    def event_kinds(self) -> frozenset[str]:
        """The measures a finding of this policy may record: the policy's own actions."""
        return frozenset(action.code for action in self.emitted_actions)

    def _index(self) -> _Index:
        index = self._lookup
        if index is None:
            index = _Index(self)
            object.__setattr__(self, "_lookup", index)
        return index

    def definition(self, name: str) -> Definition:
        found = self._index().definitions.get(name)
        if found is None:
            raise StopIteration(name)
        return found

    @property
    def deadline(self) -> Definition | None:
        """The rectification deadline (the unnamed ``deadline``), if the policy has one."""
        return self._index().definitions.get(DEADLINE)

    def param(self, name: str) -> ParamModel:
        found = self._index().params.get(name)
        if found is None:
            raise StopIteration(name)
        return found

    def clause(self, clause_id: str) -> ClauseModel:
        found = self._index().clauses.get(clause_id)
        if found is None:
            raise StopIteration(clause_id)
        return found


class _Index:
    """A policy's definitions, parameters and clauses by name: the first of each name, as a
    scan in order would find it, in one dictionary look-up instead of a scan."""

    __slots__ = ("clauses", "definitions", "params")

    def __init__(self, model: PolicyModel) -> None:
        self.definitions: dict[str, Definition] = {}
        for definition in model.definitions:
            self.definitions.setdefault(definition.name, definition)
        self.params: dict[str, ParamModel] = {}
        for param in model.params:
            self.params.setdefault(param.name, param)
        self.clauses: dict[str, ClauseModel] = {}
        for clause in model.clauses:
            self.clauses.setdefault(clause.id, clause)


#: The internal name of the rectification deadline.
DEADLINE = "deadline"
