"""The outline of a rule file: its declarations, nested where the language nests them.

A status or stage block holds its outcomes, a ladder its steps, an ``after``
block its follow-ups; ``facts a, b`` gives one entry per fact.  Each entry has
the range of the whole declaration and of the name that identifies it.
"""

from __future__ import annotations

from typing import Any

import attrs

from rectilaw.dsl import ast
from rectilaw.lsp.symbols import Range

__all__ = ["Entry", "outline"]


@attrs.frozen
class Entry:
    """One entry of the outline."""

    name: str
    kind: str
    detail: str
    range: Range
    selection: Range
    children: tuple[Entry, ...] = ()


def _label(node: Any) -> str:
    label = getattr(node, "label", None)
    return label.value if isinstance(label, ast.Text) else ""


def _entry(name: ast.Name, kind: str, node: Any, detail: str | None = None,
           children: tuple[Entry, ...] = ()) -> Entry:
    return Entry(name.value, kind, _label(node) if detail is None else detail,
                 Range.of(node.span), Range.of(name.span), children)


def outline(tree: ast.PolicyFile) -> list[Entry]:
    """The entries of a parsed file, in the order of the text."""
    header = tree.header
    entries = [_entry(header.name, "policy", header, "policy")]
    for decl in tree.declarations:
        entries.extend(_declaration(decl))
    return entries


def _declaration(decl: Any) -> list[Entry]:
    if isinstance(decl, ast.Clause):
        return [_entry(decl.id, "clause", decl, decl.title.value if decl.title else "")]
    if isinstance(decl, ast.Party):
        return [_entry(decl.name, "party", decl)]
    if isinstance(decl, ast.Fact):
        return [_entry(decl.name, "fact", decl)]
    if isinstance(decl, ast.FactGroup):
        return [_entry(f.name, "fact", f, "shared schema") for f in decl.facts]
    if isinstance(decl, ast.Param):
        return [_entry(decl.name, "param", decl)]
    if isinstance(decl, ast.Let):
        return [_entry(decl.name, "definition", decl)]
    if isinstance(decl, ast.Deadline):
        if decl.name is not None:
            return [_entry(decl.name, "definition", decl)]
        whole = Range.of(decl.span)
        keyword = Range(whole.line, whole.column, whole.line, whole.column + len("deadline"))
        return [Entry("deadline", "definition", decl.label.value, whole, keyword)]
    if isinstance(decl, ast.Decision):
        outcomes = tuple(_entry(o.name, "outcome", o) for o in decl.outcomes)
        whole = Range.of(decl.span)
        keyword = Range(whole.line, whole.column, whole.line, whole.column + len(decl.kind))
        return [Entry(decl.kind, "decision", "first match", whole, keyword, outcomes)]
    if isinstance(decl, ast.Action):
        return [_entry(decl.code, "action", decl)]
    if isinstance(decl, ast.Ladder):
        steps = tuple(_entry(s.code, "action", s) for s in decl.steps)
        return [_entry(decl.name, "ladder", decl, None, steps)]
    if isinstance(decl, ast.After):
        follow = tuple(_entry(f.code, "action", f) for f in decl.follow_ups)
        first = decl.kinds[0]
        name = ast.Name("after " + ", ".join(k.value for k in decl.kinds), first.span)
        return [_entry(name, "after", decl, None, follow)]
    return []
