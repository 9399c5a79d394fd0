"""What the analysis asks the provers: propositions about one finding on one or two days.

A goal is a small tree: a rule applies, an expression holds, a decision (or
a definition) differs between two days, one day is before another, and the
connectives.  Each prover reads the same tree its own way: the SMT encoding
as a formula, the search as a three-valued test of a partial finding, and the
concrete check (:mod:`rectilaw.analysis.concrete`) on a witness.  Worlds are
numbered: every world shares the finding and has its own ``today``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from rectilaw.dsl.model import LadderModel, Node, PolicyModel, Rule

__all__ = [
    "All",
    "Any",
    "Applies",
    "Asked",
    "Differs",
    "Earlier",
    "Goal",
    "Holds",
    "Not",
    "Reads",
    "Settled",
    "decides",
    "worlds",
]


@attrs.frozen
class Applies:
    """``rule``'s condition holds and none of its exceptions does."""

    rule: Rule
    world: int = 0


@attrs.frozen
class Holds:
    """A condition holds."""

    node: Node
    world: int = 0


@attrs.frozen
class Asked:
    """The ladder asks for its step ``step`` (an index) on this world's day."""

    ladder: LadderModel
    step: int
    world: int = 0


@attrs.frozen
class Settled:
    """Every measure the finding records is dated on or before this world's day (none is
    still a plan)."""

    world: int = 0


@attrs.frozen
class Differs:
    """``status``, ``stage`` or the definition named ``what`` has different values in two worlds."""

    what: str
    first: int = 0
    second: int = 1


@attrs.frozen
class Earlier:
    """``today`` of world ``first`` is before ``today`` of world ``second``."""

    first: int = 0
    second: int = 1


@attrs.frozen
class All:
    parts: tuple[Goal, ...]


@attrs.frozen
class Any:
    parts: tuple[Goal, ...]


@attrs.frozen
class Not:
    part: Goal


Goal = Applies | Holds | Asked | Settled | Differs | Earlier | All | Any | Not


def decides(rule: Rule, earlier: Iterable[Rule], world: int = 0) -> Goal:
    """``rule`` is the first of its block (or of its action) that applies."""
    before = tuple(Applies(r, world) for r in earlier)
    if not before:
        return Applies(rule, world)
    return All((Applies(rule, world), Not(Any(before))))


def subgoals(goal: Goal) -> Iterator[Goal]:
    """``goal`` and every goal inside it."""
    stack: list[Goal] = [goal]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, (All, Any)):
            stack.extend(current.parts)
        elif isinstance(current, Not):
            stack.append(current.part)


def worlds(goal: Goal) -> int:
    """How many worlds (days) the goal speaks of."""
    highest = 0
    for part in subgoals(goal):
        if isinstance(part, (Applies, Holds, Asked, Settled)):
            highest = max(highest, part.world)
        elif isinstance(part, (Differs, Earlier)):
            highest = max(highest, part.first, part.second)
    return highest + 1


class Reads:
    """Which facts, and whether ``today`` and ``status``, a goal depends on, in reading order.

    The order is the order the goal's expressions first mention them, decisions
    and definitions followed through; the search assigns facts in this order so
    that the first ones it fixes are the ones that decide the most.
    """

    def __init__(self, model: PolicyModel) -> None:
        self.model = model
        self._node_reads: dict[int, tuple[str, ...]] = {}
        self._issued_on = any(f.name == "issued_on" for f in model.facts)
        self._switches = {p.name for p in model.params if p.type.kind == "bool"
                          and not p.overridden and len(p.values) == 1}

    def node(self, node: Node) -> tuple[str, ...]:
        key = id(node)
        if key not in self._node_reads:
            self._node_reads[key] = ()  # a cycle cannot occur; this guards re-entry
            found: dict[str, None] = {}
            for current in node.walk():
                for name in self._direct(current):
                    found.setdefault(name, None)
            self._node_reads[key] = tuple(found)
        return self._node_reads[key]

    def _direct(self, node: Node) -> tuple[str, ...]:
        if node.op == "fact":
            return (f"fact:{node.value}",)
        if node.op == "today":
            return ("today",)
        if node.op == "param" and node.value in self._switches:
            return (f"param:{node.value}",)
        if node.op == "param" and len(self.model.param(node.value).values) > 1:
            # The value in force is chosen by the issuing day, else by today.
            return ("fact:issued_on", "today") if self._issued_on else ("today",)
        if node.op == "def":
            return self.node(self.model.definition(node.value).expr)
        if node.op in ("status", "stage"):
            return ("status", *self.decision(node.op)) if node.op == "status" else \
                self.decision(node.op)
        return ()

    def decision(self, kind: str) -> tuple[str, ...]:
        block = self.model.status if kind == "status" else self.model.stage
        found: dict[str, None] = {}
        for _, rule in block.rules if block is not None else ():
            for name in self.rule(rule):
                found.setdefault(name, None)
        return tuple(found)

    def rule(self, rule: Rule) -> tuple[str, ...]:
        nodes = ([rule.condition] if rule.condition is not None else []) + \
            [exception for exception, _ in rule.exceptions]
        found: dict[str, None] = {}
        for node in nodes:
            for name in self.node(node):
                found.setdefault(name, None)
        return tuple(found)

    def ladder(self, ladder: LadderModel, index: int) -> tuple[str, ...]:
        """What asking for step ``index`` of ``ladder`` depends on."""
        step = ladder.steps[index]
        nodes = [n for n in (ladder.until, step.until, step.anchor, step.wait) if n is not None]
        found: dict[str, None] = {"fact:events": None, "today": None}
        for node in nodes:
            found.update(dict.fromkeys(self.node(node)))
        return tuple(found)

    def goal(self, goal: Goal) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for name in self._goal(goal):
            found.setdefault(name, None)
        return tuple(found)

    def _goal(self, goal: Goal) -> Iterator[str]:
        if isinstance(goal, Applies):
            yield from self.rule(goal.rule)
        elif isinstance(goal, Holds):
            yield from self.node(goal.node)
        elif isinstance(goal, Asked):
            yield from self.ladder(goal.ladder, goal.step)
        elif isinstance(goal, Differs):
            if goal.what in ("status", "stage"):
                yield from self.decision(goal.what)
            else:
                yield from self.node(self.model.definition(goal.what).expr)
            yield "today"
        elif isinstance(goal, Earlier):
            yield "today"
        elif isinstance(goal, Settled):
            if any(f.name == "events" for f in self.model.facts):
                yield "fact:events"
            yield "today"
        elif isinstance(goal, (All, Any)):
            for part in goal.parts:
                yield from self._goal(part)
        else:
            yield from self._goal(goal.part)

    def facts(self, goal: Goal) -> tuple[str, ...]:
        """The facts (and ``param:`` switches) the goal depends on, in reading order."""
        return tuple(name.removeprefix("fact:") for name in self.goal(goal)
                     if name.startswith(("fact:", "param:")))

    def reads_status(self, goal: Goal) -> bool:
        return "status" in self.goal(goal)

    def reads_today(self, goal: Goal) -> bool:
        return "today" in self.goal(goal)
