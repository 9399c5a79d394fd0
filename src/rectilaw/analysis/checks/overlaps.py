"""Overlaps: findings that rules of two different outcomes both cover.

In a ``first match`` block the rules have distinct ranks (their written
order), so an overlap is not a contradiction: the earlier outcome wins, which
is how a general rule and its exception are written.  It is still a choice a
reviewer should see, so every pair of outcomes that overlap is reported once,
as information (severity ``info``), with a finding both cover and the outcome
first match gives it.  A later rule that overlaps so completely that it never
decides is an error of :mod:`~rectilaw.analysis.checks.decisions`.
"""

from __future__ import annotations

from rectilaw.analysis import goals as g
from rectilaw.analysis.checks import Context
from rectilaw.dsl.model import DecisionModel, OutcomeModel

__all__ = ["check_overlaps"]


def check_overlaps(ctx: Context) -> None:
    for block in (ctx.model.status, ctx.model.stage):
        if block is not None:
            _block(ctx, block)


def _conditional(outcome: OutcomeModel, ctx: Context) -> tuple[g.Goal, ...]:
    return tuple(g.Applies(r) for r in outcome.rules
                 if r.condition is not None and r.id not in ctx.silent)


def _block(ctx: Context, block: DecisionModel) -> None:
    outcomes = block.outcomes
    for index, first in enumerate(outcomes):
        for second in outcomes[index + 1:]:
            mine, theirs = _conditional(first, ctx), _conditional(second, ctx)
            if not mine or not theirs:
                continue
            goal = g.All((g.Any(mine), g.Any(theirs)))
            answer = ctx.find(goal)
            if answer.witness is None:
                continue
            winner = ctx.first_applying(first.rules, answer.witness)
            loser = ctx.first_applying(second.rules, answer.witness)
            assert winner is not None and loser is not None
            ctx.report(
                "overlap",
                f"`{first.code}` and `{second.code}` overlap: "
                f"{ctx.show(answer.witness, goal)} meets `{winner.id}` and `{loser.id}`; "
                f"first match makes it `{first.code}`", loser.span,
                hint=f"if `{second.code}` should win there, move its rule up or add `unless` "
                f"to `{winner.id}`", severity="info", witness=answer.witness)
