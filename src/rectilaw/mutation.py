"""Small deliberate mistakes in a checked policy, to measure how well its tests catch them.

A *mutant* is the policy with one change of the kind an author slips into:
a comparison flipped (``>`` for ``>=``), a condition dropped (one side of an
``and`` or ``or``, a ``not``, an ``unless``), two neighbouring outcomes of a
decision or steps of a ladder swapped, a parameter or a written constant
shifted by one unit.  A change the checker would refuse (a ladder's first
step waiting after ``previous``) is not made: it is no policy at all.  The
worked examples and the invariants of a good policy reject nearly every
mutant; the ones that survive point at rules no example pins down (or, now
and then, at a change that makes no difference).

Mutants are changes of the checked model, addressed by position, so the same
mutant applies to the policy with a deployment's parameters as well.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import attrs

from rectilaw.dsl.model import BOOL, DecisionModel, Node, PolicyModel, Rule, StepModel
from rectilaw.periods import Duration

__all__ = ["Mutant", "mutants"]

Change = Callable[[PolicyModel], PolicyModel]

_NEVER = Node("const", BOOL, value=False)
_FLIPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}


@attrs.frozen
class Mutant:
    """One deliberate mistake: what kind, where, and how to make it in a model."""

    operator: str
    description: str
    apply: Change = attrs.field(eq=False, repr=False)


# ---------------------------------------------------------------- where expressions live
#
# A place that holds an expression is a path: ("def", i), ("rule", block, outcome, rule,
# part), ("action", action, rule, part), ("due", action), ("ladder", ladder),
# ("step", ladder, step, field); a rule's part is -1 for its condition, k for its k-th
# exception.

Path = tuple[Any, ...]


@attrs.frozen
class _Slot:
    """A place in the model that holds an expression."""

    where: str
    path: Path


def _rule_at(model: PolicyModel, path: Path) -> Rule:
    if path[0] == "rule":
        block = _block(model, path[1])
        assert block is not None
        return block.outcomes[path[2]].rules[path[3]]
    return model.actions[path[1]].rules[path[2]]


def _get(model: PolicyModel, path: Path) -> Node | None:
    kind = path[0]
    if kind == "def":
        return model.definitions[path[1]].expr
    if kind in ("rule", "action"):
        rule, part = _rule_at(model, path), path[-1]
        return rule.condition if part < 0 else rule.exceptions[part][0]
    if kind == "due":
        return model.actions[path[1]].due
    if kind == "ladder":
        return model.ladders[path[1]].until
    step = model.ladders[path[1]].steps[path[2]]
    node: Node | None = getattr(step, path[3])
    return node


def _with_rule(model: PolicyModel, path: Path, rule: Rule) -> PolicyModel:
    if path[0] == "rule":
        block = _block(model, path[1])
        assert block is not None
        outcomes = list(block.outcomes)
        rules = list(outcomes[path[2]].rules)
        rules[path[3]] = rule
        outcomes[path[2]] = attrs.evolve(outcomes[path[2]], rules=tuple(rules))
        return _with_block(model, path[1], attrs.evolve(block, outcomes=tuple(outcomes)))
    actions = list(model.actions)
    rules = list(actions[path[1]].rules)
    rules[path[2]] = rule
    actions[path[1]] = attrs.evolve(actions[path[1]], rules=tuple(rules))
    return attrs.evolve(model, actions=tuple(actions))


def _put(model: PolicyModel, path: Path, node: Node) -> PolicyModel:
    kind = path[0]
    if kind == "def":
        definitions = list(model.definitions)
        definitions[path[1]] = attrs.evolve(definitions[path[1]], expr=node)
        return attrs.evolve(model, definitions=tuple(definitions))
    if kind in ("rule", "action"):
        rule, part = _rule_at(model, path), path[-1]
        if part < 0:
            return _with_rule(model, path, attrs.evolve(rule, condition=node))
        exceptions = list(rule.exceptions)
        exceptions[part] = (node, exceptions[part][1])
        return _with_rule(model, path, attrs.evolve(rule, exceptions=tuple(exceptions)))
    if kind == "due":
        actions = list(model.actions)
        actions[path[1]] = attrs.evolve(actions[path[1]], due=node)
        return attrs.evolve(model, actions=tuple(actions))
    ladders = list(model.ladders)
    if kind == "ladder":
        ladders[path[1]] = attrs.evolve(ladders[path[1]], until=node)
    else:
        steps = list(ladders[path[1]].steps)
        step = steps[path[2]]
        steps[path[2]] = attrs.evolve(
            step, until=node if path[3] == "until" else step.until,
            anchor=node if path[3] == "anchor" else step.anchor,
            wait=node if path[3] == "wait" else step.wait)
        ladders[path[1]] = attrs.evolve(ladders[path[1]], steps=tuple(steps))
    return attrs.evolve(model, ladders=tuple(ladders))


def _block(model: PolicyModel, kind: str) -> DecisionModel | None:
    return model.status if kind == "status" else model.stage


def _with_block(model: PolicyModel, kind: str, block: DecisionModel) -> PolicyModel:
    if kind == "status":
        return attrs.evolve(model, status=block)
    return attrs.evolve(model, stage=block)


def _rule_slots(where: str, rule: Rule, path: Path) -> Iterator[_Slot]:
    if rule.condition is not None:
        yield _Slot(where, (*path, -1))
    for index in range(len(rule.exceptions)):
        yield _Slot(f"{where} (unless)", (*path, index))


def _slots(model: PolicyModel) -> Iterator[_Slot]:
    for index, definition in enumerate(model.definitions):
        yield _Slot(definition.rule_id, ("def", index))
    for kind in ("status", "stage"):
        block = _block(model, kind)
        for o_index, outcome in enumerate(block.outcomes if block is not None else ()):
            for r_index, rule in enumerate(outcome.rules):
                yield from _rule_slots(rule.id, rule, ("rule", kind, o_index, r_index))
    for a_index, action in enumerate(model.actions):
        for r_index, rule in enumerate(action.rules):
            yield from _rule_slots(rule.id, rule, ("action", a_index, r_index))
        if action.due is not None:
            yield _Slot(f"action:{action.id} (due)", ("due", a_index))
    for l_index, ladder in enumerate(model.ladders):
        if ladder.until is not None:
            yield _Slot(f"ladder:{ladder.name} (until)", ("ladder", l_index))
        for s_index, step in enumerate(ladder.steps):
            for field in ("until", "anchor", "wait"):
                if getattr(step, field) is not None:
                    yield _Slot(f"ladder:{ladder.name} step {step.code} ({field})",
                                ("step", l_index, s_index, field))


# ---------------------------------------------------------------- rewriting a node

def _rewrite(root: Node, target: int, change: Callable[[Node], Node]) -> Node:
    """``root`` with its ``target``-th node (in :meth:`Node.walk` order) changed."""
    counter = [0]

    def visit(node: Node) -> Node:
        index = counter[0]
        counter[0] += 1
        if index == target:
            return change(node)
        if not node.args:
            return node
        args = tuple(visit(arg) for arg in node.args)
        return node if args == node.args else attrs.evolve(node, args=args)

    return visit(root)


def _shift(value: Any, step: int) -> Any | None:
    """``value`` moved by one unit up (``step`` 1) or down (-1); None if it cannot move."""
    if isinstance(value, bool):
        return not value if step > 0 else None
    if isinstance(value, Duration):
        amount = value.amount + step
        return Duration(amount, value.unit) if amount >= 1 else None
    if isinstance(value, Decimal):
        moved = value + step
        return moved if moved >= 0 else None
    if isinstance(value, int):
        return value + step
    if hasattr(value, "toordinal"):
        return value + timedelta(days=step)
    return None


def _node_changes(node: Node) -> Iterator[tuple[str, str, Callable[[Node], Node]]]:
    """``(operator, what, change)`` for every mistake that can be made at ``node``."""
    if node.op == "cmp" and node.value in _FLIPS:
        flipped = _FLIPS[node.value]
        yield ("flip", f"`{node.value}` → `{flipped}`", functools.partial(_valued, flipped))
    elif node.op in ("and", "or"):
        for side, name in ((0, "left"), (1, "right")):
            yield ("drop", f"`{node.op}` keeps only its {name} side",
                   functools.partial(_operand, side))
    elif node.op == "not":
        yield ("drop", "`not` dropped", functools.partial(_operand, 0))
    elif node.op == "const" and node.type.kind in ("duration", "integer", "money", "date"):
        for step in (1, -1):
            moved = _shift(node.value, step)
            if moved is not None:
                yield ("shift", f"constant {node.value} → {moved}",
                       functools.partial(_valued, moved))


def _valued(value: Any, node: Node) -> Node:
    return attrs.evolve(node, value=value)


def _operand(index: int, node: Node) -> Node:
    return node.args[index]


def _line(node: Node | None) -> str:
    return f" (line {node.span.line})" if node is not None and node.span is not None else ""


def _expression_mutants(model: PolicyModel) -> Iterator[Mutant]:
    for slot in _slots(model):
        root = _get(model, slot.path)
        if root is None:
            continue
        for index, node in enumerate(root.walk()):
            for operator, what, change in _node_changes(node):
                apply = functools.partial(_rewrite_at, slot.path, index, change)
                yield Mutant(operator, f"{slot.where}{_line(node)}: {what}", apply)


def _rewrite_at(path: Path, index: int, change: Callable[[Node], Node],
                model: PolicyModel) -> PolicyModel:
    current = _get(model, path)
    assert current is not None
    return _put(model, path, _rewrite(current, index, change))


def _exception_mutants(model: PolicyModel) -> Iterator[Mutant]:
    for slot in _slots(model):
        if not slot.where.endswith("(unless)"):
            continue
        node = _get(model, slot.path)
        apply = functools.partial(_replace_at, slot.path, _NEVER)
        yield Mutant("drop", f"{slot.where}{_line(node)}: exception dropped", apply)


def _replace_at(path: Path, node: Node, model: PolicyModel) -> PolicyModel:
    return _put(model, path, node)


def _swap_mutants(model: PolicyModel) -> Iterator[Mutant]:
    for kind in ("status", "stage"):
        block = _block(model, kind)
        if block is None:
            continue
        for index in range(len(block.outcomes) - 1):
            first, second = block.outcomes[index], block.outcomes[index + 1]
            if any(r.condition is None for r in second.rules):
                continue

            def apply(m: PolicyModel, kind: str = kind, i: int = index) -> PolicyModel:
                found = _block(m, kind)
                assert found is not None
                outcomes = list(found.outcomes)
                outcomes[i], outcomes[i + 1] = outcomes[i + 1], outcomes[i]
                return _with_block(m, kind, attrs.evolve(found, outcomes=tuple(outcomes)))

            yield Mutant("swap", f"{kind}: `{first.code}` and `{second.code}` swapped", apply)
    for l_index, ladder in enumerate(model.ladders):
        for index in range(len(ladder.steps) - 1):
            if index == 0 and _after_previous(ladder.steps[1]):
                continue
            first_code, second_code = ladder.steps[index].code, ladder.steps[index + 1].code

            def swap_steps(m: PolicyModel, li: int = l_index, i: int = index) -> PolicyModel:
                ladders = list(m.ladders)
                steps = list(ladders[li].steps)
                steps[i], steps[i + 1] = steps[i + 1], steps[i]
                ladders[li] = attrs.evolve(ladders[li], steps=tuple(steps))
                return attrs.evolve(m, ladders=tuple(ladders))

            yield Mutant("swap", f"ladder {ladder.name}: `{first_code}` and `{second_code}` "
                         "swapped", swap_steps)


def _after_previous(step: StepModel) -> bool:
    """Whether the step waits after the step before it: as a first step, the checker
    refuses it, so swapping it to the front makes no policy at all."""
    return any(node.op == "previous" for node in step.anchor.walk())


def _param_mutants(model: PolicyModel) -> Iterator[Mutant]:
    for p_index, param in enumerate(model.params):
        for v_index, item in enumerate(param.values):
            for step in (1, -1):
                moved = _shift(item.value, step)
                if moved is None:
                    continue

                def apply(m: PolicyModel, p: int = p_index, v: int = v_index,
                          step: int = step) -> PolicyModel:
                    params = list(m.params)
                    values = list(params[p].values)
                    shifted = _shift(values[v].value, step)
                    if shifted is None:
                        return m
                    values[v] = attrs.evolve(values[v], value=shifted)
                    params[p] = attrs.evolve(params[p], values=tuple(values))
                    return attrs.evolve(m, params=tuple(params))

                yield Mutant("shift", f"param {param.name}: {item.value} → {moved}", apply)


def mutants(model: PolicyModel) -> list[Mutant]:
    """Every mutant of ``model``: flipped comparisons, dropped conditions and exceptions,
    swapped outcomes and ladder steps, shifted parameters and constants."""
    return [
        *_expression_mutants(model),
        *_exception_mutants(model),
        *_swap_mutants(model),
        *_param_mutants(model),
    ]
