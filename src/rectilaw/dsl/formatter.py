"""Syntax tree → rule text in the one canonical layout.

Policy files are read by reviewers beside the law they encode and edited by
several authors; one layout ends arguments over style and keeps diffs about
meaning.  The layout:

* the header block, one field per line;
* clauses with their quoted text on the following lines, re-wrapped as adjacent
  strings that fit in :data:`WIDTH` columns (a CJK character takes two);
* one line per party, fact, parameter value, definition and deadline, an
  expression too long for its line broken before its top-level ``and``/``or``;
* decisions with each outcome on its own line and one ``when`` per line below it;
* actions with one property per line, then one ``when`` per line.

Formatting never changes meaning (the checked model of the output equals that
of the input) and formatting twice changes nothing.  Comments are kept: a
comment on a line of its own goes before the first line printed from text that
followed it; a comment after code stays at the end of the line printed from
that code.  Blank lines between declarations are kept (at most one), a
declaration of several lines always stands apart, and blank lines inside a
block are dropped.

Extending the language: every node type has its own printing method, named
after the class: ``decl_<snake_name>`` for declarations (returning lines) and
``expr_<snake_name>`` for expressions (returning the text and its precedence).
A node type without one raises :class:`FormatError` naming the method to add.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from rectilaw.dsl import ast
from rectilaw.dsl.ops import Level, binary_levels
from rectilaw.dsl.parser import parse
from rectilaw.periods import Duration

__all__ = ["WIDTH", "FormatError", "format_source", "format_tree"]

#: The widest line the formatter writes, in terminal columns, where it can choose.
WIDTH = 100
_STEP = 2
#: Below this many free columns, a wrapped text starts on a line of its own.
_MIN_ROOM = 24
#: Where a long text is best cut: after punctuation or a space ...
_BREAK_AFTER = frozenset("，。；：、！？,.;:!? ")
#: ... and never before closing punctuation, which may not start a line.
_NO_START = frozenset("，。；：、！？）》」』”’,.;:!?)")

# Precedence, loosest first: the grammar's levels from ``conditional`` to ``atom``.
_IF, _OR, _AND, _NOT, _CMP, _COALESCE, _SUM, _PRODUCT, _UNARY, _ATOM = Level
_COMPARISONS = frozenset(["==", "!=", "<", "<=", ">", ">="])
#: operator → (its level, the level its left operand needs, the level its right one needs)
_BINARY_LEVELS = binary_levels()


class FormatError(TypeError):
    """The syntax tree holds a node the formatter has no printing method for."""


def format_source(text: str, filename: str = "<rules>") -> str:
    """``text`` in the canonical layout; raises PolicyError if it does not parse."""
    return format_tree(parse(text, filename))


def format_tree(tree: ast.PolicyFile) -> str:
    """A parsed rule file in the canonical layout, its comments kept."""
    return _Formatter().file(tree)


# ----------------------------------------------------------------- text helpers


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _quote(text: str) -> str:
    return f'"{_escape(text)}"'


def _wrap(value: str, first: int, rest: int) -> list[str]:
    """``value`` cut into pieces whose quoted forms fit ``first``, then ``rest`` columns.

    A piece ends after punctuation or a space where one falls in its second half;
    otherwise it is cut where the room ends.  No piece starts with closing
    punctuation.
    """
    pieces: list[str] = []
    room = max(first - 2, 1)
    start = 0
    while _width(_escape(value[start:])) > room:
        end, used, good_break = start, 0, -1
        while end < len(value):
            step = _width(_escape(value[end]))
            if used + step > room:
                break
            used += step
            end += 1
            if value[end - 1] in _BREAK_AFTER and used * 2 >= room and _may_start(value, end):
                good_break = end
        if good_break > start:
            end = good_break
        while end > start + 1 and not _may_start(value, end):
            end -= 1
        end = max(end, start + 1)
        pieces.append(value[start:end])
        start = end
        room = max(rest - 2, 1)
    pieces.append(value[start:])
    return pieces


def _may_start(value: str, index: int) -> bool:
    return index >= len(value) or value[index] not in _NO_START


@attrs.frozen
class _Str:
    """A quoted text that may be cut into adjacent strings to fit."""

    value: str


_Piece = str | _Str


@attrs.define
class _Line:
    """One output line: its text, indentation and where in the source it came from.

    ``anchor`` is the source line of the first token printed on it (None for the
    continuation of a wrapped text), which is how comments find their place.
    """

    text: str
    indent: int
    anchor: int | None
    comment_indent: int | None = None
    trailing: list[str] = attrs.field(factory=list)

    def render(self) -> str:
        body = " " * self.indent + self.text
        if self.trailing:
            body += "  " + "  ".join(self.trailing)
        return body.rstrip()


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.rstrip("_")).lower()


def _literal(node: ast.Literal) -> str:
    value = node.value
    kind = node.kind
    if kind == "text":
        assert isinstance(value, str)
        return _quote(value)
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("decimal", "money"):
        assert isinstance(value, Decimal)
        return f"{value:f} yuan" if kind == "money" else f"{value:f}"
    if kind == "date":
        assert isinstance(value, date)
        return value.isoformat()
    if kind in ("integer", "word") or (kind == "duration" and isinstance(value, Duration)):
        return str(value)
    raise FormatError(f"the formatter cannot print a literal of kind `{kind}`")


def _citation(citation: ast.Citation | None) -> str:
    return "" if citation is None else f"[{', '.join(citation.ids)}]"


class _Placement:
    """Where each comment goes among the output lines.

    A comment after code stays at the end of the last line printed from code
    that started on or before its line.  A comment on a line of its own goes
    before the first line printed from code that started after it, or, if that
    line belongs to a later declaration than the one the comment sits inside,
    before the first line of that declaration.
    """

    def __init__(self, source: Sequence[str], lines: list[_Line],
                 extents: list[tuple[int, int, int, int]]) -> None:
        self.source = source
        self.anchored: list[tuple[int, int, _Line]] = [
            (i, line.anchor, line) for i, line in enumerate(lines) if line.anchor is not None
        ]
        self.extents = extents
        self.before: dict[int, list[ast.Comment]] = {}
        self.at_end: list[ast.Comment] = []

    def add(self, comment: ast.Comment) -> None:
        if self.source[comment.line - 1][: comment.column - 1].strip():
            owner = None
            for _, anchor, line in self.anchored:
                if anchor > comment.line:
                    break
                owner = line
            if owner is not None:
                owner.trailing.append(comment.text)
                return
        index = next((i for i, anchor, _ in self.anchored if anchor > comment.line), None)
        for start, end, first, last in self.extents:
            if start < comment.line <= end and (index is None or index > last):
                index = first
        if index is None:
            self.at_end.append(comment)
        else:
            self.before.setdefault(index, []).append(comment)


# ----------------------------------------------------------------- the printer


class _Formatter:
    """Prints each node type with its own method; see the module docstring."""

    # ------------------------------------------------------------ file and comments
    def file(self, tree: ast.PolicyFile) -> str:
        source = tree.span.source.text.split("\n")
        nodes: list[Any] = [tree.header, *tree.declarations]
        blocks = [self.declaration(node) for node in nodes]
        lines = [line for block in blocks for line in block]
        firsts: dict[int, int] = {}
        extents: list[tuple[int, int, int, int]] = []
        first = 0
        for number, (node, block) in enumerate(zip(nodes, blocks, strict=True)):
            firsts[first] = number
            extents.append((node.span.line, node.span.end_line, first, first + len(block) - 1))
            first += len(block)
        placed = _Placement(source, lines, extents)
        for comment in tree.comments:
            placed.add(comment)
        out: list[str] = []
        previous_end = 0
        for index, line in enumerate(lines):
            waiting = placed.before.get(index, [])
            owner = firsts.get(index)
            if owner is None:
                out.extend(" " * _comment_indent(line) + c.text for c in waiting)
            else:
                node = nodes[owner]
                forced = owner > 0 and (len(blocks[owner]) > 1 or len(blocks[owner - 1]) > 1)
                entries: list[tuple[int, int, str | None]] = [
                    (c.line, c.line, c.text) for c in waiting
                ]
                entries.append((node.span.line, node.span.end_line, None))
                for position, (start, end, text) in enumerate(entries):
                    blank = _blank_between(source, previous_end, start)
                    if out and (blank or (forced and position == 0)):
                        out.append("")
                    if text is not None:
                        out.append(text)
                    previous_end = max(previous_end, end) if text is None else start
            out.append(line.render())
        for comment in placed.at_end:
            if out and _blank_between(source, previous_end, comment.line):
                out.append("")
            out.append(comment.text)
            previous_end = comment.line
        return "\n".join(out) + "\n"

    # ------------------------------------------------------------ dispatch
    def declaration(self, node: Any) -> list[_Line]:
        """The lines of a top-level node (the header or a declaration)."""
        method = self._method("decl", node)
        lines: list[_Line] = method(node)
        return lines

    def _method(self, prefix: str, node: Any) -> Callable[[Any], Any]:
        name = f"{prefix}_{_snake(type(node).__name__)}"
        method = getattr(self, name, None)
        if method is None:
            raise FormatError(
                f"the formatter does not know how to print a `{type(node).__name__}` node: "
                f"add a method `{name}` to rectilaw.dsl.formatter._Formatter"
            )
        return method  # type: ignore[no-any-return]

    # ------------------------------------------------------------ layout helpers
    @staticmethod
    def fill(pieces: Sequence[_Piece], indent: int, anchor: int | None,
             continuation: int | None = None) -> list[_Line]:
        """Pieces joined by spaces, starting new lines (and cutting texts) only where needed."""
        cont = indent + 2 * _STEP if continuation is None else continuation
        flat = " ".join(p if isinstance(p, str) else _quote(p.value) for p in pieces)
        if indent + _width(flat) <= WIDTH:
            return [_Line(flat, indent, anchor)]
        lines = [_Line("", indent, anchor)]
        for piece in pieces:
            current = lines[-1]
            used = current.indent + _width(current.text) + (1 if current.text else 0)
            room = WIDTH - used
            if isinstance(piece, str):
                if current.text and _width(piece) > room:
                    lines.append(_Line(piece, cont, None))
                else:
                    current.text = f"{current.text} {piece}".strip(" ")
                continue
            whole = _quote(piece.value)
            fits_alone = cont + _width(whole) <= WIDTH
            if current.text and (room < _MIN_ROOM or (_width(whole) > room and fits_alone)):
                current = _Line("", cont, None)
                lines.append(current)
                room = WIDTH - cont
            parts = _wrap(piece.value, room, WIDTH - cont)
            current.text = f"{current.text} {_quote(parts[0])}".strip(" ")
            lines.extend(_Line(_quote(part), cont, None) for part in parts[1:])
        return lines

    def expr_lines(self, head: str, expr: ast.Expr, tail: str, indent: int,
                   continuation: int, anchor: int | None) -> list[_Line]:
        """``head expr tail``; too long, broken before the top-level ``and``/``or``."""
        text = self.expr(expr)
        one = f"{head}{text}{tail}"
        if indent + _width(one) <= WIDTH:
            return [_Line(one, indent, anchor)]
        if isinstance(expr, ast.Conditional):
            return [
                _Line(f"{head}if {self.expr(expr.condition)}", indent, anchor),
                _Line(f"then {self.expr(expr.then)}", continuation, expr.then.span.line),
                _Line(f"else {self.expr(expr.otherwise)}{tail}", continuation,
                      expr.otherwise.span.line),
            ]
        if not (isinstance(expr, ast.Binary) and expr.op in ("and", "or")):
            return [_Line(one, indent, anchor)]
        op = expr.op
        operands: list[ast.Expr] = []
        node: ast.Expr = expr
        while isinstance(node, ast.Binary) and node.op == op:
            operands.append(node.right)
            node = node.left
        operands.append(node)
        operands.reverse()
        _, left_level, right_level = _BINARY_LEVELS[op]
        lines = [_Line(head + self.expr(operands[0], left_level), indent, anchor)]
        for operand in operands[1:]:
            lines.append(_Line(f"{op} {self.expr(operand, right_level)}", continuation,
                               operand.span.line))
        lines[-1].text += tail
        return lines

    def definition(self, head: Sequence[_Piece], expr: ast.Expr, tail: str,
                   anchor: int) -> list[_Line]:
        """``head = expr tail`` on one line, or the expression on the lines below."""
        first = self.fill([*head, "="], 0, anchor)
        text = self.expr(expr)
        if len(first) == 1 and _width(f"{first[0].text} {text}{tail}") <= WIDTH:
            first[0].text += f" {text}{tail}"
            return first
        return [*first, *self.expr_lines("", expr, tail, _STEP, _STEP, expr.span.line)]

    # ------------------------------------------------------------ header and clauses
    def decl_header(self, node: ast.Header) -> list[_Line]:
        lines = [_Line(f"policy {node.name.value} {{", 0, node.span.line)]
        for field in node.fields:
            value = field.value
            text = value.value if value.kind == "text" else None
            piece: _Piece = _Str(text) if isinstance(text, str) else _literal(value)
            lines.extend(self.fill([field.key.value, piece], _STEP, field.key.span.line,
                                   2 * _STEP))
        lines.append(_Line("}", 0, node.span.end_line, comment_indent=_STEP))
        return lines

    def decl_clause(self, node: ast.Clause) -> list[_Line]:
        head: list[_Piece] = ["clause", node.id.value]
        if node.title is not None:
            head.append(_Str(node.title.value))
        lines = self.fill(head, 0, node.span.line)
        lines[-1].text += ":"
        parts = _wrap(node.text.value, WIDTH - _STEP, WIDTH - _STEP)
        lines.extend(
            _Line(_quote(part), _STEP, node.text.span.line if i == 0 else None)
            for i, part in enumerate(parts)
        )
        if node.not_encoded is not None:
            lines.extend(self.fill(["not encoded", _Str(node.not_encoded.value)], _STEP,
                                   node.not_encoded.span.line, 2 * _STEP))
        return lines

    def decl_party(self, node: ast.Party) -> list[_Line]:
        return self.fill(["party", node.name.value, _Str(node.label.value)], 0, node.span.line)

    # ------------------------------------------------------------ facts and parameters
    def decl_fact(self, node: ast.Fact) -> list[_Line]:
        pieces: list[_Piece] = ["fact", node.name.value]
        if node.type is not None:
            pieces[-1] = f"{node.name.value}:"
            pieces.append(self.type_spec(node.type))
            pieces.append(_Str(node.label.value if node.label is not None else ""))
        if node.citation is not None:
            pieces.append(_citation(node.citation))
        return self.fill(pieces, 0, node.span.line)

    @staticmethod
    def type_spec(spec: ast.TypeSpec) -> str:
        if spec.name == "enum":
            return f"enum({', '.join(v.value for v in spec.values)})"
        return spec.name

    def decl_fact_group(self, node: ast.FactGroup) -> list[_Line]:
        names = [f.name.value + ("," if i < len(node.facts) - 1 else "")
                 for i, f in enumerate(node.facts)]
        lines = self.fill(["facts", *names], 0, node.span.line)
        return lines

    def decl_param(self, node: ast.Param) -> list[_Line]:
        head: list[_Piece] = ["param", node.name.value]
        if node.label is not None:
            head.append(_Str(node.label.value))
        lines: list[_Line] = []
        for index, value in enumerate(node.values):
            if index == 0:
                pieces, indent, anchor = [*head, "="], 0, node.span.line
            else:
                assert value.effective is not None
                pieces = ["from", _literal(value.effective), "="]
                indent, anchor = _STEP, value.effective.span.line
            pieces.append(_literal(value.value))
            lines.extend(self.param_value(pieces, value, indent, anchor))
        return lines

    def param_value(self, pieces: list[_Piece], value: ast.ParamValue, indent: int,
                    anchor: int) -> list[_Line]:
        if value.assumed is not None:
            provenance: list[_Piece] = ["assumed", _Str(value.assumed.value)]
        else:
            provenance = [_citation(value.citation)]
        whole = self.fill([*pieces, *provenance], indent, anchor)
        if len(whole) == 1:
            return whole
        first = self.fill(pieces, indent, anchor)
        return [*first, *self.fill(provenance, indent + _STEP, None, indent + 2 * _STEP)]

    # ------------------------------------------------------------ definitions
    def decl_let(self, node: ast.Let) -> list[_Line]:
        head: list[_Piece] = ["let", node.name.value]
        if node.label is not None:
            head.append(_Str(node.label.value))
        tail = f" {_citation(node.citation)}" if node.citation is not None else ""
        return self.definition(head, node.expr, tail, node.span.line)

    def decl_deadline(self, node: ast.Deadline) -> list[_Line]:
        head: list[_Piece] = ["deadline"]
        if node.name is not None:
            head.append(node.name.value)
        head.append(_Str(node.label.value))
        tail = f" {_citation(node.citation)}"
        if node.rollover is not None:
            tail += " with rollover" if node.rollover else " no rollover"
        return self.definition(head, node.expr, tail, node.span.line)

    # ------------------------------------------------------------ decisions and actions
    def decl_decision(self, node: ast.Decision) -> list[_Line]:
        lines = [_Line(f"{node.kind} first match {{", 0, node.span.line)]
        if node.decided is not None:
            lines.append(_Line(f"decided by {node.decided.party.value} "
                               f"{_citation(node.decided.citation)}", _STEP,
                               node.decided.span.line))
        for outcome in node.outcomes:
            lines.extend(self.fill([outcome.name.value, _Str(outcome.label.value)], _STEP,
                                   outcome.span.line))
            for alternative in outcome.alternatives:
                lines.extend(self.alternative(alternative, 2 * _STEP))
        lines.append(_Line("}", 0, node.span.end_line, comment_indent=_STEP))
        return lines

    def alternative(self, node: ast.Alternative, indent: int) -> list[_Line]:
        """``when expr [cite]`` with its ``unless`` lines, or ``otherwise [cite]``."""
        cite = _citation(node.citation)
        if node.condition is None:
            lines = [_Line(f"otherwise {cite}", indent, node.span.line)]
        else:
            lines = self.expr_lines("when ", node.condition, f" {cite}", indent,
                                    indent + _STEP, node.span.line)
        if node.assumed is not None:
            lines.extend(self.fill(["assumed", _Str(node.assumed.value)], indent + _STEP,
                                   node.assumed.span.line, indent + 2 * _STEP))
        for exception in node.exceptions:
            lines.extend(self.expr_lines("unless ", exception.condition,
                                         f" {_citation(exception.citation)}", indent + _STEP,
                                         indent + 2 * _STEP, exception.span.line))
        return lines

    def decl_action(self, node: ast.Action) -> list[_Line]:
        lines = self.fill(["action", node.code.value, _Str(node.label.value)], 0, node.span.line)
        for prop in node.properties:
            lines.extend(self.action_property(prop))
        for alternative in node.alternatives:
            lines.extend(self.alternative(alternative, _STEP))
        return lines

    def action_property(self, prop: ast.ActionProperty) -> list[_Line]:
        if prop.expr is not None:
            return self.expr_lines(f"{prop.key} ", prop.expr, "", _STEP, 2 * _STEP,
                                   prop.span.line)
        names = ", ".join(n.value for n in prop.names)
        return [_Line(f"{prop.key} {names}", _STEP, prop.span.line)]

    # ------------------------------------------------------------ ladders and follow-ups
    def decl_ladder(self, node: ast.Ladder) -> list[_Line]:
        tail = f"{_citation(node.citation)} {{"
        if node.until is None:
            lines = self.fill(["ladder", node.name.value, _Str(node.label.value), tail], 0,
                              node.span.line)
        else:
            head = f"ladder {node.name.value} {_quote(node.label.value)} until "
            lines = self.expr_lines(head, node.until, f" {tail}", 0, 2 * _STEP, node.span.line)
        for step in node.steps:
            lines.extend(self.step(step))
        lines.append(_Line("}", 0, node.span.end_line, comment_indent=_STEP))
        return lines

    def step(self, node: ast.Step) -> list[_Line]:
        """``step code "label" by … target …`` then ``wait … after … [until …] [cite]``."""
        pieces: list[_Piece] = ["step", node.code.value, _Str(node.label.value)]
        pieces.extend(self.property_text(prop) for prop in node.properties)
        lines = self.fill(pieces, _STEP, node.span.line, 3 * _STEP)
        wait = f"wait {self.expr(node.wait)} after {self.expr(node.anchor)}"
        cite = _citation(node.citation)
        indent = 2 * _STEP
        if node.until is None:
            lines.append(_Line(f"{wait} {cite}", indent, node.wait.span.line))
            return lines
        whole = f"{wait} until {self.expr(node.until)} {cite}"
        if indent + _width(whole) <= WIDTH:
            lines.append(_Line(whole, indent, node.wait.span.line))
            return lines
        lines.append(_Line(wait, indent, node.wait.span.line))
        lines.extend(self.expr_lines("until ", node.until, f" {cite}", indent + _STEP,
                                     indent + 2 * _STEP, node.until.span.line))
        return lines

    def property_text(self, prop: ast.ActionProperty) -> str:
        if prop.expr is not None:
            return f"{prop.key} {self.expr(prop.expr)}"
        return f"{prop.key} {', '.join(n.value for n in prop.names)}"

    def decl_after(self, node: ast.After) -> list[_Line]:
        kinds = ", ".join(kind.value for kind in node.kinds)
        label = f" {_quote(node.label.value)}" if node.label is not None else ""
        tail = f"{_citation(node.citation)} {{"
        if node.until is None:
            lines = [_Line(f"after {kinds}{label} {tail}", 0, node.span.line)]
        else:
            lines = self.expr_lines(f"after {kinds}{label} until ", node.until, f" {tail}", 0,
                                    2 * _STEP, node.span.line)
        for item in node.follow_ups:
            pieces: list[_Piece] = ["action", item.code.value, _Str(item.label.value)]
            pieces.extend(self.property_text(prop) for prop in item.properties)
            pieces.append(f"within {self.expr(item.within)} {_citation(item.citation)}")
            lines.extend(self.fill(pieces, _STEP, item.span.line, 3 * _STEP))
        lines.append(_Line("}", 0, node.span.end_line, comment_indent=_STEP))
        return lines

    # ------------------------------------------------------------ expressions
    def expr(self, node: ast.Expr, level: int = _IF) -> str:
        """The text of an expression, in parentheses if it binds looser than ``level``."""
        text, own = self._method("expr", node)(node)
        assert isinstance(text, str) and isinstance(own, int)
        return f"({text})" if own < level else text

    def expr_literal(self, node: ast.Literal) -> tuple[str, int]:
        return _literal(node), _ATOM

    def expr_ref(self, node: ast.Ref) -> tuple[str, int]:
        return node.name, _ATOM

    def expr_builtin(self, node: ast.Builtin) -> tuple[str, int]:
        return node.name, _ATOM

    def expr_unary(self, node: ast.Unary) -> tuple[str, int]:
        if node.op == "not":
            return f"not {self.expr(node.operand, _NOT)}", _NOT
        return f"-{self.expr(node.operand, _UNARY)}", _UNARY

    def expr_binary(self, node: ast.Binary) -> tuple[str, int]:
        if node.op in _COMPARISONS:
            word = node.spelled or node.op
            left = self.expr(node.left, _COALESCE)
            return f"{left} {word} {self.expr(node.right, _COALESCE)}", _CMP
        own, left_level, right_level = _BINARY_LEVELS[node.op]
        left = self.expr(node.left, left_level)
        return f"{left} {node.op} {self.expr(node.right, right_level)}", own

    def expr_is_set(self, node: ast.IsSet) -> tuple[str, int]:
        word = "is not set" if node.negated else "is set"
        return f"{self.expr(node.operand, _COALESCE)} {word}", _CMP

    def expr_member(self, node: ast.Member) -> tuple[str, int]:
        word = "not in" if node.negated else "in"
        options = ", ".join(self.expr(o, _COALESCE) for o in node.options)
        return f"{self.expr(node.operand, _COALESCE)} {word} ({options})", _CMP

    def expr_conditional(self, node: ast.Conditional) -> tuple[str, int]:
        return (f"if {self.expr(node.condition)} then {self.expr(node.then)} "
                f"else {self.expr(node.otherwise)}"), _IF

    def expr_event_query(self, node: ast.EventQuery) -> tuple[str, int]:
        kinds = ", ".join(kind.value for kind in node.kinds)
        if node.grouped or len(node.kinds) > 1:
            kinds = f"({kinds})"
        if node.function == "taken":
            return f"{kinds} {'is not taken' if node.negated else 'is taken'}", _CMP
        if node.function == "count":
            return f"count of {kinds}", _ATOM
        return f"{node.function} {kinds}", _ATOM

    def expr_call(self, node: ast.Call) -> tuple[str, int]:
        args = ", ".join(self.expr(a) for a in node.args)
        return f"{node.function.value}({args})", _ATOM


def _comment_indent(line: _Line) -> int:
    return line.indent if line.comment_indent is None else line.comment_indent


def _blank_between(source: Sequence[str], after: int, before: int) -> bool:
    """Whether a blank source line lies strictly between lines ``after`` and ``before``."""
    return any(not source[i].strip() for i in range(max(after, 0), max(before - 1, 0)))
