"""Ladders: escalation steps that are never asked for.

A ladder asks for the step after the furthest one a finding's measures
record, once its wait has passed, while neither the ladder's nor the step's
``until`` holds.  A step no finding ever reaches (its ``until`` always holds
by then, or its wait can never pass before the ladder stops) is dead text and
an error, like a rule that can never decide.
"""

from __future__ import annotations

from rectilaw.analysis import goals as g
from rectilaw.analysis.checks import Context

__all__ = ["check_ladders"]


def check_ladders(ctx: Context) -> None:
    for ladder in ctx.model.ladders:
        for index, step in enumerate(ladder.steps):
            answer = ctx.find(g.Asked(ladder, index))
            if answer.found:
                continue
            ctx.silent.add(step.action.rules[0].id)
            ctx.report(
                "unreachable-step",
                f"step `{step.code}` of ladder `{ladder.name}` is never asked for: no finding "
                f"reaches it on any day{ctx.unproved(answer)}", step.span,
                hint="check its wait and the `until` conditions of the step and the ladder")
