"""Expressions back to text: the rule language, and a plain Chinese reading of it.

:func:`code` writes a checked expression in the rule language, on one line and
with only the parentheses its meaning needs, so that a table cell shows a rule
in canonical form.  :func:`reading` says the same thing with the policy's own
Chinese names in place of code names (「问题金额或事实已调整或纠正完毕」 for
``corrected``), for reviewers who read the document rather than the code.
:func:`source_lines` gives the text exactly as the author wrote it.

An operator these functions do not know (a construct newer than they are) is
shown as the source text it came from, never dropped.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping

import attrs

from rectilaw.dsl.model import DEADLINE, Node, PolicyModel
from rectilaw.dsl.ops import OPS, Level
from rectilaw.errors import Span
from rectilaw.periods import Duration, Unit
from rectilaw.schema import ACTIONS

__all__ = ["Names", "code", "quote", "reading", "source_lines", "value_code"]

# Binding strength, loosest first, as in grammar.lark: declared with the operators.
_IF, _OR, _AND, _NOT, _COMPARE, _COALESCE, _SUM, _PRODUCT, _UNARY, _ATOM = Level
_PRECEDENCE = {name: op.level for name, op in OPS.items() if op.level < Level.ATOM}


@attrs.frozen
class Names:
    """The policy's own words for its code names: facts, parameters, definitions, outcomes."""

    facts: Mapping[str, str]
    params: Mapping[str, str]
    definitions: Mapping[str, str]
    statuses: Mapping[str, str]
    stages: Mapping[str, str]
    parties: Mapping[str, str]
    actions: Mapping[str, str]

    @classmethod
    def of(cls, model: PolicyModel) -> Names:
        """The names a checked policy gives."""
        return cls(
            facts={f.name: f.label for f in model.facts},
            params={p.name: p.label or p.name for p in model.params},
            definitions={d.name: d.label or d.name for d in model.definitions},
            statuses={o.code: o.label for o in model.status.outcomes},
            stages={o.code: o.label for o in model.stage.outcomes} if model.stage else {},
            parties=dict(model.parties),
            actions={**ACTIONS, **{a.code: a.label for a in model.emitted_actions}},
        )

    def party(self, name: str | None) -> str:
        """``label (name)`` for a party, or an empty string."""
        if name is None:
            return ""
        label = self.parties.get(name)
        return f"{label} ({name})" if label else name


def _span_text(node: Node) -> str:
    return " ".join(node.span.text.split()) if node.span is not None else f"<{node.op}>"


# ----------------------------------------------------------------- rule language


def quote(text: str) -> str:
    """``text`` as a quoted string of the rule language."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def value_code(value: object, kind: str) -> str:
    """A constant of type ``kind`` in the rule language: ``6 months``, ``100.00 yuan``, ``"…"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "money":
        return f"{value} yuan"
    if kind == "text":
        return quote(str(value))
    return str(value)


def _constant(node: Node) -> str:
    return value_code(node.value, node.type.kind)


def code(node: Node) -> str:
    """``node`` written in the rule language, on one line."""
    return _code(node, _IF)


def _wrap(text: str, own: int, context: int) -> str:
    return f"({text})" if own < context else text


def _code(node: Node, context: int) -> str:
    writer = _CODE.get(node.op)
    if writer is None:
        return _span_text(node)
    own = _PRECEDENCE.get(node.op, _ATOM)
    return _wrap(writer(node), own, context)


def _code_not(node: Node) -> str:
    (inner,) = node.args
    if inner.op == "isset":
        return f"{_code(inner.args[0], _COALESCE)} is not set"
    if inner.op == "in":
        return _code_in(inner, negated=True)
    if inner.op == "taken":
        return f"{inner.value[0]} is not taken"
    return f"not {_code(inner, _NOT)}"


def _code_cmp(node: Node) -> str:
    left, right = node.args
    op = node.value
    if left.type.kind == "enum" and op in ("==", "!="):
        op = "is" if op == "==" else "is not"
    return f"{_code(left, _COALESCE)} {op} {_code(right, _COALESCE)}"


def _code_in(node: Node, negated: bool = False) -> str:
    operand, *options = node.args
    listed = ", ".join(_code(o, _IF) for o in options)
    word = "not in" if negated else "in"
    return f"{_code(operand, _COALESCE)} {word} ({listed})"


def _binary(symbol: str, own: int) -> Callable[[Node], str]:
    def write(node: Node) -> str:
        left, right = node.args
        return f"{_code(left, own)} {symbol} {_code(right, own + 1)}"
    return write


def _kinds(node: Node) -> str:
    kinds = tuple(node.value)
    return kinds[0] if len(kinds) == 1 else f"({', '.join(kinds)})"


def _code_name(node: Node) -> str:
    return "deadline" if node.value == DEADLINE else str(node.value)


_CODE: dict[str, Callable[[Node], str]] = {
    "const": _constant,
    "fact": _code_name,
    "param": _code_name,
    "def": _code_name,
    "today": lambda node: "today",
    "status": lambda node: "status",
    "stage": lambda node: "stage",
    "not": _code_not,
    "and": _binary("and", _AND),
    "or": _binary("or", _OR),
    "cmp": _code_cmp,
    "coalesce": _binary("??", _COALESCE),
    "period": _binary("+", _SUM),
    "back": _binary("-", _SUM),
    "diff": _binary("-", _SUM),
    "add": _binary("+", _SUM),
    "sub": _binary("-", _SUM),
    "mul": _binary("*", _PRODUCT),
    "div": _binary("/", _PRODUCT),
    "neg": lambda node: f"-{_code(node.args[0], _UNARY)}",
    "isset": lambda node: f"{_code(node.args[0], _COALESCE)} is set",
    "in": _code_in,
    "if": lambda node: (f"if {_code(node.args[0], _IF)} then {_code(node.args[1], _IF)} "
                        f"else {_code(node.args[2], _IF)}"),
    "call": lambda node: f"{node.value}({', '.join(_code(a, _IF) for a in node.args)})",
    "count": lambda node: f"count of {_kinds(node)}",
    "first": lambda node: f"first {_kinds(node)}",
    "last": lambda node: f"last {_kinds(node)}",
    "taken": lambda node: f"{node.value[0]} is taken",
    "previous": lambda node: "previous",
}


# ----------------------------------------------------------------- Chinese reading

_UNIT_WORDS = {Unit.DAYS: "日", Unit.WORKDAYS: "个工作日", Unit.MONTHS: "个月", Unit.YEARS: "年"}
_ORDER_WORDS = {
    "date": {"<": "早于", "<=": "不晚于", ">": "晚于", ">=": "不早于"},
    "number": {"<": "小于", "<=": "不大于", ">": "大于", ">=": "不小于"},
}


def reading(node: Node, names: Names) -> str:
    """``node`` read out with the policy's own Chinese names."""
    return _Reader(names).read(node, _IF)


class _Reader:
    def __init__(self, names: Names) -> None:
        self.names = names

    def read(self, node: Node, context: int) -> str:
        method = getattr(self, f"op_{node.op}", None)
        if method is None:
            return _span_text(node)
        own = _PRECEDENCE.get(node.op, _ATOM)
        text: str = method(node)
        return f"（{text}）" if own < context else text

    def op_const(self, node: Node) -> str:
        value = node.value
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, Duration):
            return f"{value.amount}{_UNIT_WORDS[value.unit]}"
        if node.type.kind == "money":
            return f"{value}元"
        if node.type.kind == "enum":
            label = self.names.statuses.get(str(value)) or self.names.stages.get(str(value))
            return f"「{label}」" if label else str(value)
        return str(value)

    def op_fact(self, node: Node) -> str:
        return f"「{self.names.facts.get(node.value, node.value)}」"

    def op_param(self, node: Node) -> str:
        return f"「{self.names.params.get(node.value, node.value)}」"

    def op_def(self, node: Node) -> str:
        return f"「{self.names.definitions.get(node.value, node.value)}」"

    def op_today(self, node: Node) -> str:
        return "当日"

    def op_status(self, node: Node) -> str:
        return "认定结果"

    def op_stage(self, node: Node) -> str:
        return "所处阶段"

    def op_not(self, node: Node) -> str:
        (inner,) = node.args
        if inner.op == "isset":
            return f"{self.read(inner.args[0], _COALESCE)}未填写"
        if inner.op == "in":
            return self._member(inner, "不是")
        if inner.op == "taken":
            return f"尚未采取{self._measures(inner)}"
        return f"并非{self.read(inner, _NOT)}"

    def op_and(self, node: Node) -> str:
        return f"{self.read(node.args[0], _AND)}，且{self.read(node.args[1], _AND + 1)}"

    def op_or(self, node: Node) -> str:
        return f"{self.read(node.args[0], _OR)}，或{self.read(node.args[1], _OR + 1)}"

    def op_cmp(self, node: Node) -> str:
        left, right = node.args
        op = node.value
        if op in ("==", "!="):
            word = "为" if op == "==" else "不为"
        else:
            family = "date" if left.type.kind == "date" else "number"
            word = _ORDER_WORDS[family][op]
        return f"{self.read(left, _COALESCE)}{word}{self.read(right, _COALESCE)}"

    def op_coalesce(self, node: Node) -> str:
        left, right = node.args
        return f"{self.read(left, _SUM)}（未填写的，{self.read(right, _COALESCE)}）"

    def op_period(self, node: Node) -> str:
        start, length = node.args
        return f"{self.read(start, _SUM)}起{self.read(length, _SUM)}届满之日"

    def op_back(self, node: Node) -> str:
        start, length = node.args
        return f"{self.read(start, _SUM)}前{self.read(length, _SUM)}"

    def op_diff(self, node: Node) -> str:
        later, earlier = node.args
        return f"{self.read(earlier, _SUM)}至{self.read(later, _SUM)}的天数"

    def op_add(self, node: Node) -> str:
        return f"{self.read(node.args[0], _SUM)}加{self.read(node.args[1], _SUM + 1)}"

    def op_sub(self, node: Node) -> str:
        return f"{self.read(node.args[0], _SUM)}减{self.read(node.args[1], _SUM + 1)}"

    def op_mul(self, node: Node) -> str:
        return f"{self.read(node.args[0], _PRODUCT)}乘以{self.read(node.args[1], _UNARY)}"

    def op_div(self, node: Node) -> str:
        share = f"{self.read(node.args[0], _PRODUCT)}除以{self.read(node.args[1], _UNARY)}"
        return f"{share}（四舍五入到分）"

    def op_neg(self, node: Node) -> str:
        return f"负{self.read(node.args[0], _UNARY)}"

    def op_isset(self, node: Node) -> str:
        return f"{self.read(node.args[0], _COALESCE)}已填写"

    def op_in(self, node: Node) -> str:
        return self._member(node, "为")

    def _member(self, node: Node, word: str) -> str:
        operand, *options = node.args
        listed = "、".join(self.read(o, _IF) for o in options)
        return f"{self.read(operand, _COALESCE)}{word}{listed}之一"

    def op_if(self, node: Node) -> str:
        condition, then, otherwise = node.args
        return (f"{self.read(condition, _OR)}的，{self.read(then, _OR)}；"
                f"否则{self.read(otherwise, _OR)}")

    def _measures(self, node: Node) -> str:
        return "或".join(f"「{self.names.actions.get(k, k)}」" for k in node.value)

    def op_count(self, node: Node) -> str:
        return f"已采取{self._measures(node)}的次数"

    def op_first(self, node: Node) -> str:
        return f"首次采取{self._measures(node)}之日"

    def op_last(self, node: Node) -> str:
        return f"最近一次采取{self._measures(node)}之日"

    def op_taken(self, node: Node) -> str:
        return f"已采取{self._measures(node)}"

    def op_previous(self, node: Node) -> str:
        return "上一步骤采取之日"

    def op_call(self, node: Node) -> str:
        listed = "、".join(self.read(a, _IF) for a in node.args)
        dated = node.type.kind == "date"
        word = {"min": "较早者" if dated else "较小者", "max": "较晚者" if dated else "较大者"}
        return f"{listed}中的{word.get(str(node.value), str(node.value))}"


# ----------------------------------------------------------------- source text


def source_lines(span: Span) -> str:
    """The lines ``span`` covers, as written, without their common indentation.

    The first line is taken whole when only blanks precede the span on it, so
    that a multi-line declaration keeps its shape.
    """
    lines = list(span.source.lines[span.line - 1 : span.end_line])
    if not lines:
        return ""
    lines[-1] = lines[-1][: span.end_column - 1] if span.end_line > span.line else lines[-1]
    first = lines[0]
    if span.end_line == span.line:
        first = first[: span.end_column - 1]
    if first[: span.column - 1].strip():
        first = " " * (span.column - 1) + first[span.column - 1 :]
    lines[0] = first
    return textwrap.dedent("\n".join(line.rstrip() for line in lines)).strip("\n")
