"""The operators of checked expressions, each declared once.

Every :class:`~rectilaw.dsl.model.Node` has an ``op``; this module says, for
each, what the language means by it apart from any backend: how many operands
it takes and of what kinds, what kind of value it gives, what an unset operand
does to it, whether it looks at its operands only as far as it needs to, how
tightly it binds when written as code, and how it reads in Chinese and English.

The backends (the compiled evaluator, the reference interpreter, the SQL
translator, the SMT encoder, the partial evaluator, the documentation's
readers) each implement every operator here and only what is their own;
``tests/dsl/test_ops.py`` fails when one lacks an operator.  Rules stated once:

``unset`` is what an operand that is not set does:

- ``propagates``: the result is unset.  The operands that may be unset are
  looked at first, left to right, and the first one found unset ends the
  evaluation (so a later period is not counted, nor its calendar years relied on).
- ``propagates-after``: every operand is evaluated, then an unset one makes
  the result unset (``min``, ``max``).
- ``false``: an ordering comparison (``<``, ``<=``, ``>``, ``>=``) with an
  unset side is false; ``==`` and ``!=`` compare values as they are, so two
  unset values are equal.
- ``value``: unset is a value like any other (``is set``, ``in``, ``??``,
  ``if``, the recorded measures).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

__all__ = ["OPS", "Level", "Op", "Unset", "binary_levels"]


class Level(enum.IntEnum):
    """Binding strength as the grammar nests it, loosest first (``conditional`` … ``atom``)."""

    IF = 1
    OR = 2
    AND = 3
    NOT = 4
    COMPARE = 5
    COALESCE = 6
    SUM = 7
    PRODUCT = 8
    UNARY = 9
    ATOM = 10


Unset = Literal["propagates", "propagates-after", "false", "value"]


@attrs.frozen
class Op:
    """One operator: its shape, its meaning for unset operands, how it is written and read.

    ``arity`` is None for a variable number of operands (``in``: the operand
    and its options; ``call``: the function's arguments); ``operands`` names
    the kind each operand has (``any`` where the checker allows several, ``*``
    for the rest of a variable list).  ``lazy`` operators look at an operand
    only when the ones before it leave the answer open.  ``symbol`` is how the
    operator is written between or before its operands (``None`` for a leaf or
    a form of its own); ``level`` how tightly that form binds.
    """

    name: str
    arity: int | None
    operands: tuple[str, ...]
    result: str
    unset: Unset
    zh: str
    en: str
    level: Level = Level.ATOM
    symbol: str | None = None
    lazy: bool = False
    reads_events: bool = False

    @property
    def leaf(self) -> bool:
        return self.arity == 0

    @property
    def strict(self) -> bool:
        """An unset operand makes the result unset."""
        return self.unset in ("propagates", "propagates-after")


_DECLARED = (
    # leaves: what an expression reads
    Op("const", 0, (), "any", "value", "常量", "a constant"),
    Op("fact", 0, (), "any", "value", "事实（台账字段）", "a fact of the finding"),
    Op("param", 0, (), "any", "value", "参数（按生效日期取值）", "a parameter, by effective date"),
    Op("def", 0, (), "any", "value", "定义（let 或期限）", "a definition (a let or a deadline)"),
    Op("today", 0, (), "date", "value", "今天（评估日）", "the day of evaluation"),
    Op("status", 0, (), "enum", "value", "认定结果", "the status decided"),
    Op("stage", 0, (), "enum", "value", "所处阶段", "the stage decided"),
    Op("previous", 0, (), "date", "value", "上一步首次采取之日", "the day the step before was "
       "first taken (in a ladder or a follow-up)"),
    # logic
    Op("not", 1, ("bool",), "bool", "value", "并非", "not", Level.NOT, "not"),
    Op("and", 2, ("bool", "bool"), "bool", "value", "且", "and", Level.AND, "and", lazy=True),
    Op("or", 2, ("bool", "bool"), "bool", "value", "或", "or", Level.OR, "or", lazy=True),
    Op("if", 3, ("bool", "any", "any"), "any", "value", "如果……则……否则……",
       "if … then … else …", Level.IF, lazy=True),
    # comparisons
    Op("cmp", 2, ("any", "any"), "bool", "false", "比较（等于、早于、大于……）",
       "a comparison (==, !=, <, <=, >, >=)", Level.COMPARE),
    Op("isset", 1, ("any",), "bool", "value", "已填写", "is set", Level.COMPARE, "is set"),
    Op("in", None, ("any", "*"), "bool", "value", "为……之一", "is one of", Level.COMPARE,
       "in"),
    Op("coalesce", 2, ("any", "any"), "any", "value", "未填写时取", "or else, when unset",
       Level.COALESCE, "??", lazy=True),
    # dates and periods
    Op("period", 2, ("date", "duration"), "date", "propagates", "起算……届满之日",
       "the day a period from a date ends", Level.SUM, "+"),
    Op("back", 2, ("date", "duration"), "date", "propagates", "……之前",
       "the day a period before a date", Level.SUM, "-"),
    Op("diff", 2, ("date", "date"), "integer", "propagates", "相隔天数", "days between",
       Level.SUM, "-"),
    # arithmetic
    Op("add", 2, ("number", "number"), "number", "propagates", "加", "plus", Level.SUM, "+"),
    Op("sub", 2, ("number", "number"), "number", "propagates", "减", "minus", Level.SUM, "-"),
    Op("mul", 2, ("number", "integer"), "number", "propagates", "乘以", "times", Level.PRODUCT,
       "*"),
    Op("div", 2, ("money", "integer"), "money", "propagates", "除以（四舍五入到分）",
       "divided by a whole number, rounded half away from zero to the fen", Level.PRODUCT,
       "/"),
    Op("neg", 1, ("number",), "number", "propagates", "负", "negated", Level.UNARY, "-"),
    Op("call", None, ("any", "*"), "any", "propagates-after", "较早者、较晚者（较小者、较大者）",
       "the earlier or later (smaller or larger) of: min, max"),
    # recorded measures: the operands are the events fact and today, the value the kinds
    Op("count", 2, ("events", "date"), "integer", "value", "已采取次数",
       "how many times a measure was taken", reads_events=True),
    Op("first", 2, ("events", "date"), "date", "value", "首次采取之日",
       "the day a measure was first taken", reads_events=True),
    Op("last", 2, ("events", "date"), "date", "value", "最近一次采取之日",
       "the day a measure was last taken", reads_events=True),
    Op("taken", 2, ("events", "date"), "bool", "value", "已采取", "a measure has been taken",
       Level.COMPARE, "is taken", reads_events=True),
)

#: Every operator by name.
OPS: Mapping[str, Op] = MappingProxyType({op.name: op for op in _DECLARED})


def binary_levels() -> dict[str, tuple[Level, Level, Level]]:
    """Each left-associative infix symbol → (its level, its left operand's, its right one's).

    Where several operators share a symbol (``+`` adds numbers and ends periods)
    they share a level too.
    """
    levels: dict[str, tuple[Level, Level, Level]] = {}
    for op in OPS.values():
        if op.symbol is not None and op.arity == 2 and op.level < Level.UNARY \
                and op.level != Level.COMPARE:
            tighter = Level(op.level + 1)
            found = levels.setdefault(op.symbol, (op.level, op.level, tighter))
            assert found == (op.level, op.level, tighter), f"`{op.symbol}` has two levels"
    return levels
