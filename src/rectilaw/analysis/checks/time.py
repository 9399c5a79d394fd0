"""Time: determinations that change when only ``today`` moves.

A finding's status and stage follow from its facts; the passing of time is
for actions, escalation ladders and ``overdue_days``.  A status that changes
overnight with nothing happening makes a ledger's figures move on their own,
so a status or stage that differs for the same finding on two days is a
warning (the text may want it: say so in a ``# analysis: today-dependent``
comment).  A deadline that changes with the day is no deadline: an error for
the rectification deadline, a warning for other named deadlines.

Only determinations that read ``today`` (through definitions too) are asked
about; the others are independent of the day by construction.  A measure a
finding records with a later date is a plan that counts from its own day; a
determination that changes only because such a plan falls due is not a
dependence on ``today``, so the findings shown have every measure dated on or
before both days.
"""

from __future__ import annotations

from rectilaw.analysis import goals as g
from rectilaw.analysis.checks import Context
from rectilaw.analysis.concrete import Witness
from rectilaw.analysis.report import describe
from rectilaw.dsl.model import DEADLINE, EVENT_OPS, Node, PolicyModel, Rule
from rectilaw.errors import Span

__all__ = ["check_time"]


def check_time(ctx: Context) -> None:
    clock = _Clock(ctx.model)
    for block in (ctx.model.status, ctx.model.stage):
        if block is None:
            continue
        reading = [rule for _, rule in block.rules if clock.rule(rule)]
        if reading:
            _changes(ctx, block.kind, reading[0])
    for definition in ctx.model.definitions:
        if definition.kind == "deadline" and clock.node(definition.expr):
            _changes(ctx, definition.name, None, span=definition.span)


class _Clock:
    """Whether an expression reads ``today`` other than to know which measures are taken.

    With every measure dated on or before both days, ``is taken``, ``count of``,
    ``first`` and ``last`` give the same on both, so only the other readings
    of ``today`` can make a determination move.
    """

    def __init__(self, model: PolicyModel) -> None:
        self.model = model
        self._seen: dict[str, bool] = {}

    def node(self, node: Node) -> bool:
        stack = [node]
        while stack:
            current = stack.pop()
            if current.op == "today":
                return True
            if current.op in EVENT_OPS:
                continue
            if current.op == "def" and self._named(f"def:{current.value}"):
                return True
            if current.op in ("status", "stage") and self._named(current.op):
                return True
            stack.extend(current.args)
        return False

    def rule(self, rule: Rule) -> bool:
        nodes = [rule.condition] if rule.condition is not None else []
        return any(self.node(n) for n in [*nodes, *(e for e, _ in rule.exceptions)])

    def _named(self, key: str) -> bool:
        if key not in self._seen:
            self._seen[key] = False
            if key.startswith("def:"):
                found = self.node(self.model.definition(key[4:]).expr)
            else:
                block = self.model.status if key == "status" else self.model.stage
                found = block is not None and any(self.rule(r) for _, r in block.rules)
            self._seen[key] = found
        return self._seen[key]


def _value(ctx: Context, witness: Witness, world: int, what: str) -> object:
    run = ctx.concrete.runs(witness)[world]
    return ctx.concrete.value(run, what)


def _changes(ctx: Context, what: str, rule: Rule | None, span: Span | None = None) -> None:
    goal = g.All((g.Earlier(0, 1), g.Settled(0), g.Differs(what, 0, 1)))
    answer = ctx.find(goal)
    if answer.witness is None:
        return
    witness = answer.witness
    before, after = _value(ctx, witness, 0, what), _value(ctx, witness, 1, what)
    finding = describe(witness, days=False)
    early, late = witness.days
    if what in ("status", "stage"):
        assert rule is not None
        decided = [ctx.concrete.runs(witness)[w].decision(what) for w in (1, 0)]
        rule = next((d[1] for d in decided
                     if d is not None and "today" in ctx.reads.rule(d[1])), rule)
        ctx.report(
            "today-dependent",
            f"the {what} changes when only `today` moves back: {finding} is `{after}` on "
            f"{late} but `{before}` on {early}", rule.span,
            hint="let time drive actions and ladders; if the text wants this, explain it in a "
            "`# analysis: today-dependent` comment", severity="warning", witness=witness)
        return
    name = "the rectification deadline" if what == DEADLINE else f"deadline `{what}`"
    ctx.report(
        "deadline-moves",
        f"{name} changes when only `today` moves: for {finding} it is {after} on {late} but "
        f"{before} on {early}", span, hint="compute it from the finding's facts, not from `today`",
        severity="error" if what == DEADLINE else "warning", witness=witness)
