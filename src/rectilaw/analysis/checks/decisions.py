"""Determination rules: rules that can never decide, exceptions that never veto, and gaps.

In a ``first match`` block a rule decides only where it applies and no rule
written before it does.  A rule that never gets there is dead text, almost
always a mistake in the order or in a condition: an error, shown with a
finding the rule covers and the earlier rule that takes it.  A block without
``otherwise`` must still decide every finding: for ``status`` a finding no
rule decides is an error (the evaluator refuses to answer it); for ``stage``
it is a warning (the stage is left unset).
"""

from __future__ import annotations

from rectilaw.analysis import goals as g
from rectilaw.analysis.checks import Context
from rectilaw.dsl.model import DecisionModel, Rule

__all__ = ["check_decisions"]


def check_decisions(ctx: Context) -> None:
    for block in (ctx.model.status, ctx.model.stage):
        if block is not None:
            _block(ctx, block)


def _block(ctx: Context, block: DecisionModel) -> None:
    rules = [rule for _, rule in block.rules]
    codes = {rule.id: outcome.code for outcome, rule in block.rules}
    for index, rule in enumerate(rules):
        earlier = tuple(rules[:index])
        answer = ctx.find(g.decides(rule, earlier))
        if not answer.found:
            ctx.silent.add(rule.id)
            if rule.condition is None:
                ctx.report(
                    "unreachable-otherwise",
                    f"`otherwise` of `{codes[rule.id]}` never applies: the rules before it "
                    f"decide every finding{ctx.unproved(answer)}", rule.span,
                    hint="delete it, or keep it as a safeguard and say so in a comment",
                    severity="warning", proved=answer.proved)
            else:
                _unreachable(ctx, block, rule, earlier, codes, answer.proved)
        elif rule.exceptions:
            _exceptions(ctx, rule, earlier)
    if all(rule.condition is not None for rule in rules):
        _gap(ctx, block, rules)


def _unreachable(ctx: Context, block: DecisionModel, rule: Rule, earlier: tuple[Rule, ...],
                 codes: dict[str, str], proved: bool) -> None:
    covered = ctx.find(g.Applies(rule))
    if covered.witness is not None:
        winner = ctx.first_applying(earlier, covered.witness)
        by = f" is `{codes[winner.id]}` by `{winner.id}`" if winner is not None else ""
        shown = ctx.show(covered.witness, g.Applies(rule))
        ctx.report(
            "unreachable",
            f"`{rule.id}` can never decide the {block.kind}: every finding it covers is decided "
            f"by an earlier rule, e.g. {shown}{by}", rule.span,
            hint=f"put it before `{winner.id}`, narrow that rule with `unless`, or delete it"
            if winner is not None else "move it up, or delete it",
            witness=covered.witness, proved=proved)
        return
    assert rule.condition is not None
    meets = ctx.find(g.Holds(rule.condition))
    if meets.witness is not None:
        shown = ctx.show(meets.witness, g.Holds(rule.condition))
        ctx.report(
            "unreachable",
            f"`{rule.id}` can never decide the {block.kind}: its exceptions veto it whenever its "
            f"condition holds, e.g. {shown}", rule.span,
            hint="narrow the `unless` conditions", witness=meets.witness, proved=proved)
        return
    ctx.report(
        "unreachable",
        f"`{rule.id}` can never decide the {block.kind}: no finding meets its condition on any "
        f"day{ctx.unproved(meets)}", rule.span,
        hint="the condition contradicts itself (or the rules it reads); correct it or delete it",
        proved=meets.proved)


def _exceptions(ctx: Context, rule: Rule, earlier: tuple[Rule, ...]) -> None:
    reached: list[g.Goal] = [g.Holds(rule.condition)] if rule.condition is not None else []
    if earlier:
        reached.append(g.Not(g.Any(tuple(g.Applies(r) for r in earlier))))
    for exception, citation in rule.exceptions:
        answer = ctx.find(g.All((*reached, g.Holds(exception))))
        if not answer.found:
            where = f" [{', '.join(citation)}]" if citation else ""
            ctx.report(
                "dead-exception",
                f"an exception{where} of `{rule.id}` never vetoes it: it is false whenever the "
                f"rule would decide{ctx.unproved(answer)}", exception.span or rule.span,
                hint="delete the `unless`, or correct its condition",
                severity="warning", proved=answer.proved)


def _gap(ctx: Context, block: DecisionModel, rules: list[Rule]) -> None:
    goal = g.Not(g.Any(tuple(g.Applies(r) for r in rules)))
    answer = ctx.find(goal, require_status=block.kind != "status")
    if answer.witness is None:
        return
    shown = ctx.show(answer.witness, goal)
    if block.kind == "status":
        ctx.report("gap", f"no status rule applies to {shown}: the policy has no answer for it",
                   rules[-1].span, hint="add a rule that covers it, or `otherwise …` last",
                   witness=answer.witness)
    else:
        ctx.report("gap", f"no {block.kind} rule applies to {shown}: its {block.kind} is unset",
                   rules[-1].span, hint="add `otherwise …` last if every finding has one",
                   severity="warning", witness=answer.witness)
