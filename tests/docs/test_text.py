"""Expressions back to text: the rule language (round trip) and the Chinese reading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from rectilaw.dsl.checker import check
from rectilaw.dsl.model import Node, PolicyModel
from rectilaw.dsl.parser import parse
from rectilaw.policies import builtin_names, builtin_path
from rectilaw.sphinx.text import Names, code, reading, source_lines


def load(name: str) -> tuple[str, PolicyModel]:
    path = builtin_path(name) or Path(name)
    text = path.read_text("utf-8")
    return text, check(parse(text, f"{name}.rules"))


def expressions(model: PolicyModel) -> Iterator[Node]:
    for definition in model.definitions:
        yield definition.expr
    decisions = [model.status, *([model.stage] if model.stage else [])]
    for decision in decisions:
        for _, rule in decision.rules:
            if rule.condition is not None:
                yield rule.condition
            yield from (node for node, _ in rule.exceptions)
    for action in model.actions:
        if action.due is not None:
            yield action.due
        for rule in action.rules:
            if rule.condition is not None:
                yield rule.condition
    for ladder in model.ladders:
        yield from [n for n in (ladder.until,) if n is not None]
        for step in ladder.steps:
            yield from [n for n in (step.wait, step.anchor, step.until) if n is not None]
    for block in model.afters:
        yield from [n for n in (block.until,) if n is not None]
        yield from (f.within for f in block.follow_ups)


SAMPLE = Path(__file__).parent / "sample" / "sample.rules"


@pytest.mark.parametrize("name", [*builtin_names(), str(SAMPLE)])
def test_code_reads_back_as_the_same_expression(name: str) -> None:
    text, model = load(name)
    nodes = [n for n in expressions(model) if all(m.op != "previous" for m in n.walk())]
    clause = model.clauses[0].id
    extra = "".join(f"\nlet roundtrip_{i} = {code(n)} [{clause}]" for i, n in enumerate(nodes))
    again = check(parse(text + extra, f"{name}.rules"))
    for index, node in enumerate(nodes):
        again_node = again.definition(f"roundtrip_{index}").expr
        assert without_rollover(again_node) == without_rollover(node), code(node)


def without_rollover(node: Node) -> Node:
    """The expression with the roll-over flags of its periods cleared: a `let` has none."""
    value = None if node.op == "period" else node.value
    return attrs.evolve(node, args=tuple(without_rollover(a) for a in node.args), value=value)


def sample() -> PolicyModel:
    return check(parse(SAMPLE.read_text("utf-8"), "sample.rules"))


def test_code_uses_is_for_outcomes_and_keeps_needed_parentheses() -> None:
    model = sample()
    notice = next(a for a in model.actions if a.code == "notice")
    interview = next(a for a in model.actions if a.code == "interview")
    assert code(interview.rules[0].condition) == (  # type: ignore[arg-type]
        "status is not rectified and today > deadline")
    assert code(notice.rules[0].condition) == (  # type: ignore[arg-type]
        "interviewed_on is set and today > interviewed_on + notice_wait")
    assert code(model.definition("deadline").expr) == "issued_on + limit"


def test_code_of_nested_expressions() -> None:
    text = SAMPLE.read_text("utf-8") + (
        "\nlet nested = not (corrected or irreversible) and (problem_amount - corrected_amount) "
        "* 2 > 100 [2]\nlet choice = if corrected then issued_on else min(issued_on, today) [2]\n")
    model = check(parse(text, "sample.rules"))
    assert code(model.definition("nested").expr) == (
        "not (corrected or irreversible) and (problem_amount - corrected_amount) * 2 > 100")
    assert code(model.definition("choice").expr) == (
        "if corrected then issued_on else min(issued_on, today)")


def test_reading_uses_the_policy_s_own_words() -> None:
    model = sample()
    names = Names.of(model)
    assert reading(model.definition("partly").expr, names) == (
        "「已调整或纠正金额」大于0，且「已调整或纠正金额」小于「问题金额」")
    assert reading(model.definition("deadline").expr, names) == (
        "「审计结论、决定、意见或问题清单下达日期」起「整改期限」届满之日")
    interview = next(a for a in model.actions if a.code == "interview")
    assert reading(interview.rules[0].condition, names) == (  # type: ignore[arg-type]
        "认定结果不为「整改完毕」，且当日晚于「整改期限」")


def test_source_lines_keep_the_author_s_layout() -> None:
    model = sample()
    rule = model.status.rules[0][1]
    assert rule.span is not None
    assert source_lines(rule.span) == "when corrected [2]\n  unless irreversible [2]"
    deadline = model.definition("report")
    assert deadline.span is not None
    assert source_lines(deadline.span) == (
        'deadline report "报告期限" = issued_on + 30 days [5] no rollover')


def test_recorded_measures_in_code_and_in_words() -> None:
    model = sample()
    names = Names.of(model)
    action = next(a for a in model.actions if a.code == "follow_up_audit")
    condition = action.rules[0].condition
    assert condition is not None
    assert code(condition) == (
        "count of (reminder_letter, supervision_letter) >= 2 and interview is not taken")
    assert reading(condition, names) == (
        "已采取「提醒函」或「督办函」的次数不小于2，且尚未采取「约谈」")
    step = model.ladders[0].steps[1]
    assert code(step.anchor) == "previous"
    assert reading(step.anchor, names) == "上一步骤采取之日"
