"""Rule text → syntax tree: spans, comments, literals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rectilaw import PolicyError
from rectilaw.dsl import ast
from rectilaw.dsl.parser import MAX_DEPTH, parse
from rectilaw.periods import Duration, Unit

TEXT = '''# a comment before
policy demo {
  title "示例" "政策"   # trailing comment
  issued 2024-01-06
}
clause 7.1 "（七）": "第一句，" "第二句。"
param limit "期限" = 6 months [7.1] from 2025-01-01 = 10 workdays assumed "未规定"
param amount = 1000.50 yuan assumed "未规定"
'''


def test_every_node_knows_where_it_is() -> None:
    tree = parse(TEXT, "demo.rules")
    clause = tree.declarations[0]
    assert isinstance(clause, ast.Clause)
    assert (clause.span.line, clause.span.column) == (6, 1)
    assert clause.id.span.text == "7.1"
    assert clause.text.value == "第一句，第二句。"
    assert clause.text.parts == ("第一句，", "第二句。")
    assert tree.header.fields[0].value.value == "示例政策"


def test_comments_are_kept_for_the_formatter() -> None:
    tree = parse(TEXT, "demo.rules")
    assert [(c.line, c.text) for c in tree.comments] == [(1, "# a comment before"),
                                                         (3, "# trailing comment")]


def test_a_hash_inside_a_string_is_not_a_comment() -> None:
    tree = parse('policy p { title "第#1号" }\n', "p.rules")
    assert tree.comments == ()
    assert tree.header.fields[0].value.value == "第#1号"


def test_literals() -> None:
    tree = parse(TEXT, "demo.rules")
    limit, amount = tree.declarations[1], tree.declarations[2]
    assert isinstance(limit, ast.Param) and isinstance(amount, ast.Param)
    assert limit.values[0].value.value == Duration(6, Unit.MONTHS)
    assert limit.values[1].effective is not None
    assert limit.values[1].effective.value == date(2025, 1, 1)
    assert limit.values[1].value.value == Duration(10, Unit.WORKDAYS)
    assert limit.values[1].assumed is not None
    assert amount.values[0].value.value == Decimal("1000.50")


def test_nesting_is_bounded() -> None:
    deep = "(" * (MAX_DEPTH + 5) + "true" + ")" * (MAX_DEPTH + 5)
    with pytest.raises(PolicyError, match="nested more than"):
        parse(f'policy p {{ title "x" }}\nlet x = {deep}\n', "p.rules")


def test_long_chains_are_bounded_too() -> None:
    chain = " and ".join(["true"] * (MAX_DEPTH + 5))
    with pytest.raises(PolicyError, match="nested more than"):
        parse(f'policy p {{ title "x" }}\nlet x = {chain}\n', "p.rules")


def test_keywords_only_match_whole_words() -> None:
    tree = parse('policy p { title "x" }\nlet notice_sent = in_time or nothing\n', "p.rules")
    let = tree.declarations[0]
    assert isinstance(let, ast.Let)
    assert isinstance(let.expr, ast.Binary)
    assert isinstance(let.expr.left, ast.Ref) and let.expr.left.name == "in_time"
