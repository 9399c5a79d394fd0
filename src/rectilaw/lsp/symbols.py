"""Every name in a rule file: where it is declared, where it is used, what it is.

The index is built from the syntax tree alone, so that it exists as soon as a
text parses, checked or not.  The tree is walked generically (every attrs
node, every field), and a name's role is read from the node and field it sits
in; a node kind added to the language later is walked all the same and only
its own names stay unclassified.

Positions here are 0-based lines and code-point columns; the server turns
them into the client's units.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from rectilaw.dsl import ast
from rectilaw.errors import Span

__all__ = ["KINDS", "Index", "Range", "Symbol", "build_index"]

#: What a name can stand for.
KINDS = ("clause", "party", "fact", "param", "definition", "outcome", "action", "ladder",
         "value", "policy")

#: The unnamed ``deadline`` (the rectification deadline) is indexed under this name.
DEADLINE = "deadline"


@attrs.frozen(order=True)
class Range:
    """0-based ``(line, column)`` from start to end (exclusive), columns in code points."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, span: Span) -> Range:
        return cls(span.line - 1, span.column - 1, span.end_line - 1, span.end_column - 1)

    def contains(self, line: int, column: int) -> bool:
        """Whether the cursor at ``(line, column)`` touches the range (its end included)."""
        return (self.line, self.column) <= (line, column) <= (self.end_line, self.end_column)


@attrs.frozen
class Symbol:
    """One occurrence of a name: its kind, whether it declares it, and the node it is in.

    ``node`` is the declaration for a declaring occurrence (the Clause, the
    Param…) and the using node otherwise; ``kind`` of a use inside an
    expression is resolved against the declarations of the file.
    """

    kind: str
    name: str
    range: Range
    declares: bool
    node: Any = attrs.field(eq=False, repr=False)


# (node class, field) → (kind, declares), for names that are attributes of a node.
_NAME_ROLES: dict[tuple[str, str], tuple[str, bool]] = {
    ("Header", "name"): ("policy", True),
    ("Clause", "id"): ("clause", True),
    ("Citation", "clauses"): ("clause", False),
    ("Party", "name"): ("party", True),
    ("Fact", "name"): ("fact", True),
    ("Param", "name"): ("param", True),
    ("Let", "name"): ("definition", True),
    ("Deadline", "name"): ("definition", True),
    ("Outcome", "name"): ("outcome", True),
    ("Action", "code"): ("action", True),
    ("Step", "code"): ("action", True),
    ("FollowUp", "code"): ("action", True),
    ("Ladder", "name"): ("ladder", True),
    ("TypeSpec", "values"): ("value", True),
    ("EventQuery", "kinds"): ("action", False),
    ("After", "kinds"): ("action", False),
    ("Decided", "party"): ("party", False),
}

#: The properties of an action that name parties.
_PARTY_KEYS = frozenset({"by", "target", "to"})

#: For a name used in an expression, the kinds it may stand for, the most likely first.
_EXPRESSION_KINDS = ("definition", "param", "fact", "outcome", "value")


def _children(node: Any) -> Iterator[tuple[str, Any]]:
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        for item in value if isinstance(value, tuple) else (value,):
            if attrs.has(type(item)) and not isinstance(item, Span):
                yield field.name, item


def _walk(tree: ast.PolicyFile) -> Iterator[tuple[Any, Any, str]]:
    """Every node below ``tree`` with its parent and the parent's field; no recursion,
    so that the deepest expression the parser accepts is walked as well."""
    stack: list[tuple[Any, Any, str]] = [(tree, None, "")]
    while stack:
        node, parent, field = stack.pop()
        yield node, parent, field
        stack.extend((child, node, name) for name, child in reversed(list(_children(node))))


@attrs.frozen
class Index:
    """The names of one parsed text."""

    symbols: tuple[Symbol, ...]
    tree: ast.PolicyFile

    def at(self, line: int, column: int) -> Symbol | None:
        """The occurrence under the cursor, the innermost one if several touch it."""
        found = [s for s in self.symbols if s.range.contains(line, column)]
        if not found:
            return None
        return min(found, key=lambda s: (s.range.end_line - s.range.line,
                                         s.range.end_column - s.range.column))

    def declarations(self, kind: str, name: str) -> list[Symbol]:
        return [s for s in self.symbols if s.declares and s.kind == kind and s.name == name]

    def occurrences(self, kind: str, name: str) -> list[Symbol]:
        """The declarations and every use of a name of ``kind``, in the order of the text."""
        return sorted((s for s in self.symbols if s.kind == kind and s.name == name),
                      key=lambda s: s.range)

    def names(self, kind: str) -> list[str]:
        """The declared names of ``kind``, in the order of the text, each once."""
        seen: dict[str, None] = {}
        for symbol in self.symbols:
            if symbol.declares and symbol.kind == kind:
                seen.setdefault(symbol.name, None)
        return list(seen)

    def declaration_of(self, kind: str, name: str) -> Any:
        """The first declaring node of a name, or None."""
        found = self.declarations(kind, name)
        return found[0].node if found else None


def build_index(tree: ast.PolicyFile) -> Index:
    """The index of a parsed rule file."""
    symbols: list[Symbol] = []
    pending: list[ast.Ref] = []
    for node, parent, field in _walk(tree):
        if isinstance(node, ast.Name) and parent is not None:
            role = _NAME_ROLES.get((type(parent).__name__, field))
            if role is None and isinstance(parent, ast.ActionProperty) \
                    and parent.key in _PARTY_KEYS:
                role = ("party", False)
            if role is not None:
                kind, declares = role
                symbols.append(Symbol(kind, node.value, Range.of(node.span), declares, parent))
        elif isinstance(node, ast.Ref):
            pending.append(node)
        elif isinstance(node, ast.Builtin) and node.name == DEADLINE:
            symbols.append(Symbol("definition", DEADLINE, Range.of(node.span), False, node))
        elif isinstance(node, ast.Deadline) and node.name is None:
            start = Range.of(node.span)
            keyword = Range(start.line, start.column, start.line, start.column + len(DEADLINE))
            symbols.append(Symbol("definition", DEADLINE, keyword, True, node))
    declared = {(s.kind, s.name) for s in symbols if s.declares}
    for ref in pending:
        kind = next((k for k in _EXPRESSION_KINDS if (k, ref.name) in declared), "fact")
        symbols.append(Symbol(kind, ref.name, Range.of(ref.span), False, ref))
    symbols.sort(key=lambda s: s.range)
    return Index(tuple(symbols), tree)
