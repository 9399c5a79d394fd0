"""Usage: parameters no rule reads, and clauses no rule that takes effect cites.

A parameter nothing reads is a number a reviewer checks for nothing, and a
deployment's override of it changes nothing.  The checker already warns of a
clause that is neither cited nor marked ``not encoded``; this check goes
further and warns of a clause cited only by rules that never decide or fire
(found by the decision and trigger checks, which run first): no assessment
ever gives it as a basis, so it is not in effect encoded.
"""

from __future__ import annotations

from rectilaw.analysis.checks import Context
from rectilaw.analysis.domain import expressions

__all__ = ["check_usage"]


def check_usage(ctx: Context) -> None:
    _params(ctx)
    _clauses(ctx)


def _params(ctx: Context) -> None:
    used = {node.value for expr in expressions(ctx.model) for node in expr.walk()
            if node.op == "param"}
    for param in ctx.model.params:
        if param.name not in used:
            ctx.report("unused-param", f"parameter `{param.name}` is never used", param.span,
                       hint="use it in a rule, or delete it", severity="warning")


def _clauses(ctx: Context) -> None:
    for clause in ctx.model.clauses:
        citers = [c for c in clause.cited_by if not c.startswith(("fact:", "param:"))]
        if citers and all(c in ctx.silent for c in citers):
            ctx.report(
                "clause-never-applied",
                f"clause {clause.id} is cited only by rules that never take effect "
                f"({', '.join(f'`{c}`' for c in citers)}): no assessment gives it as a basis",
                clause.span, hint="correct those rules, or cite the clause where it applies",
                severity="warning")
