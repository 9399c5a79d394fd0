"""Triggers: action lines that can never fire, and lines an earlier line always pre-empts.

An action fires on the first of its ``when`` lines that applies, and cites that
line's clauses as its basis.  A line that no finding on any day meets is a
contradiction: an error.  A line that holds only where an earlier line of the
same action already fired changes nothing but the basis it would have given:
a warning, since its clauses are then never cited for the action.
"""

from __future__ import annotations

from rectilaw.analysis import goals as g
from rectilaw.analysis.checks import Context
from rectilaw.dsl.model import ActionModel, Rule

__all__ = ["check_triggers"]


def check_triggers(ctx: Context) -> None:
    for action in ctx.model.actions:
        _action(ctx, action)


def _action(ctx: Context, action: ActionModel) -> None:
    rules = action.rules
    for index, rule in enumerate(rules):
        earlier = rules[:index]
        answer = ctx.find(g.decides(rule, earlier))
        if answer.found:
            continue
        ctx.silent.add(rule.id)
        applies = ctx.find(g.Applies(rule)) if earlier else answer
        if applies.witness is not None:
            first = ctx.first_applying(earlier, applies.witness)
            assert first is not None
            ctx.report(
                "shadowed-trigger",
                f"`{rule.id}` never fires `{action.code}`: wherever it holds, `{first.id}` has "
                f"already fired, e.g. {ctx.show(applies.witness, g.Applies(rule))}"
                f"{ctx.unproved(answer)}", rule.span,
                hint=f"its clauses are never the basis of `{action.code}`: put it before "
                f"`{first.id}`, or merge the two lines", severity="warning",
                witness=applies.witness, proved=answer.proved)
            continue
        _dead(ctx, action, rule, applies.proved and answer.proved)


def _dead(ctx: Context, action: ActionModel, rule: Rule, proved: bool) -> None:
    assert rule.condition is not None
    meets = ctx.find(g.Holds(rule.condition))
    if meets.witness is not None:
        ctx.report(
            "dead-trigger",
            f"`{rule.id}` can never fire `{action.code}`: its exceptions veto it whenever its "
            f"condition holds, e.g. {ctx.show(meets.witness, g.Holds(rule.condition))}",
            rule.span, hint="narrow the `unless` conditions", witness=meets.witness,
            proved=proved)
        return
    ctx.report(
        "dead-trigger",
        f"`{rule.id}` can never fire `{action.code}`: no finding meets its condition on any "
        f"day{ctx.unproved(meets)}", rule.span,
        hint="the condition contradicts itself or the status and stage rules it reads",
        proved=meets.proved)
