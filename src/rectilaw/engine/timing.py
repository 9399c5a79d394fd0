"""How a checked policy's answers move with ``today``.

Most of what a policy computes does not depend on the day at all (facts,
parameters, dates built from them) or stays the same for stretches of days
(a status, a count of measures taken so far).  Only ``today`` itself, and what
is computed from it by arithmetic, moves every day.  Such a value changes an
answer in two ways:

- through a comparison with a value that stays put (``today > deadline``,
  ``today - last reminder_letter > 30``): the comparison can only turn on the
  day it crosses that value or the day after, which can be computed
  (a *threshold*);
- by being reported (a deadline or a due date that moves with the day): then
  the answer changes every day.

This module sorts every expression of a model into one kind or the other and
finds each comparison's threshold, so that the compiler can make the evaluator
report, on request, the days on which the answer may next change, and so that
:meth:`rectilaw.Policy.timeline` knows whether those days are all there is
(the policy is *stepwise*) or whether it must look at every day.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from rectilaw.dsl.model import EVENT_OPS, Node, PolicyModel

__all__ = ["Threshold", "Timing"]

#: Operators whose value never moves with the day between two thresholds.
_STILL = frozenset(["const", "fact", "param", "status", "stage", "previous", "isset", "not",
                    "and", "or", "cmp", "in"]) | EVENT_OPS


@attrs.frozen
class Threshold:
    """A day on or after which a comparison may turn: ``base + sign * offset`` days.

    ``base`` is a date that stays put, ``offset`` (a whole number of days that
    stays put) is None when the comparison is with ``today`` itself.  The
    comparison can only change its value on that day or the day after.
    """

    base: Node
    offset: Node | None = None
    sign: int = 1


class Timing:
    """The way each expression of ``model`` depends on ``today``."""

    def __init__(self, model: PolicyModel) -> None:
        self.model = model
        self._moving: dict[Node, bool] = {}

    # ------------------------------------------------------------ what moves
    def moves(self, node: Node) -> bool:
        """Whether ``node``'s value can differ from one day to the next, between thresholds."""
        known = self._moving.get(node)
        if known is None:
            known = self._moves(node)
            self._moving[node] = known
        return known

    def _moves(self, node: Node) -> bool:
        if node.op == "today":
            return True
        if node.op in _STILL:
            return False
        if node.op == "def":
            return self.moves(self.model.definition(node.value).expr)
        if node.op == "if":
            return self.moves(node.args[1]) or self.moves(node.args[2])
        return any(self.moves(arg) for arg in node.args)

    def _resolved(self, node: Node) -> Node:
        while node.op == "def":
            node = self.model.definition(node.value).expr
        return node

    # ------------------------------------------------------------ thresholds
    def thresholds(self, node: Node) -> list[Threshold] | None:
        """The thresholds of comparison ``node``; None where they cannot be computed."""
        if node.op == "cmp":
            left, right = node.args
            return self._pair(left, [right])
        if node.op == "in":
            operand, *options = node.args
            return self._pair(operand, options)
        return []

    def _pair(self, operand: Node, others: list[Node]) -> list[Threshold] | None:
        moving = [other for other in others if self.moves(other)]
        if not self.moves(operand):
            if not moving:
                return []
            if len(others) != 1:
                return None
            return self._pair(others[0], [operand])
        if moving:
            return None
        form = self._form(operand)
        if form is None:
            return None
        kind, base = form
        if kind == "today":
            return [Threshold(other) for other in others]
        assert base is not None
        sign = 1 if kind == "since" else -1
        return [Threshold(base, other, sign) for other in others]

    def _form(self, node: Node) -> tuple[str, Node | None] | None:
        """``today`` itself, ``today - X`` (since X) or ``X - today`` (until X), X still."""
        node = self._resolved(node)
        if node.op == "today":
            return "today", None
        if node.op == "diff":
            later, earlier = node.args
            if self._resolved(later).op == "today" and not self.moves(earlier):
                return "since", earlier
            if self._resolved(earlier).op == "today" and not self.moves(later):
                return "until", later
        return None

    # ------------------------------------------------------------ the whole policy
    def roots(self) -> Iterator[Node]:
        """Every expression the evaluator computes, each once."""
        return self.model.roots()

    def outputs(self) -> Iterator[Node]:
        """The expressions whose values an Assessment reports (deadlines, due dates)."""
        model = self.model
        if model.deadline is not None:
            yield model.deadline.expr
        yield from (a.due for a in model.actions if a.due is not None)
        for ladder in model.ladders:
            for step in ladder.steps:
                yield from (step.wait, step.anchor)
        for block in model.afters:
            yield from (f.within for f in block.follow_ups)

    def comparisons(self) -> Iterator[Node]:
        """Every comparison the evaluator makes that involves a day that moves."""
        seen: set[Node] = set()
        for root in self.roots():
            for node in root.walk():
                if node.op in ("cmp", "in") and node not in seen:
                    seen.add(node)
                    if self.moves(node.args[0]) or any(self.moves(a) for a in node.args[1:]):
                        yield node

    def probes(self) -> list[tuple[Node, Threshold]]:
        """Each comparison that moves with its thresholds (those that can be computed)."""
        found = []
        for node in self.comparisons():
            if any(n.op == "previous" for n in node.walk()):
                continue
            for threshold in self.thresholds(node) or ():
                found.append((node, threshold))
        return found

    @property
    def stepwise(self) -> bool:
        """Whether the answers change only on thresholds, the days measures are dated and the
        days parameter values take effect, so that those days are all that must be looked at."""
        if any(self.moves(node) for node in self.outputs()):
            return False
        for node in self.comparisons():
            if self.thresholds(node) is None:
                return False
            if any(n.op == "previous" for n in node.walk()):
                return False
        return True
