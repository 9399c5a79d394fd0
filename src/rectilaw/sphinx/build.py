"""Small constructors for docutils nodes, so that the renderers read as what they show.

Docutils trees are verbose to build by hand (a table is table → tgroup →
colspec, thead, tbody → row → entry → paragraph); these helpers take plain
strings or nodes and return the finished element.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
from docutils import nodes

__all__ = [
    "Cell",
    "Row",
    "code",
    "code_block",
    "container",
    "para",
    "section",
    "table",
    "zh",
]

#: What a table cell or paragraph may be given: text, one node, or several.
Cell = str | nodes.Node | Sequence[nodes.Node] | None


def _inline_parts(parts: Iterable[str | nodes.Node]) -> list[nodes.Node]:
    return [nodes.Text(p) if isinstance(p, str) else p for p in parts]


def para(*parts: str | nodes.Node, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph of text and inline nodes."""
    node = nodes.paragraph("", "", *_inline_parts(parts), classes=list(classes))
    return node


def code(text: str, classes: Sequence[str] = ()) -> nodes.literal:
    """Inline code."""
    return nodes.literal(text, text, classes=list(classes))


def zh(text: str, classes: Sequence[str] = ()) -> nodes.inline:
    """Chinese text, marked as such so that browsers choose Simplified Chinese glyphs."""
    return nodes.inline(text, text, classes=["language-zh-CN", *classes])


def code_block(text: str, classes: Sequence[str] = ()) -> nodes.literal_block:
    """Rule code, highlighted with the rule-language lexer."""
    block = nodes.literal_block(text, text, classes=["rectilaw-code", *classes])
    block["language"] = "rectilaw"
    return block


def container(*children: nodes.Node, classes: Sequence[str] = (),
              ids: Sequence[str] = ()) -> nodes.container:
    """A block (``<div>``) holding ``children``."""
    return nodes.container("", *children, classes=list(classes), ids=list(ids))


def section(title: str | Sequence[nodes.Node], section_id: str,
            *children: nodes.Node) -> nodes.section:
    """A titled section; ``title`` may mix text and inline nodes."""
    parts = [nodes.Text(title)] if isinstance(title, str) else list(title)
    heading = nodes.title("", "", *parts)
    node = nodes.section("", heading, ids=[section_id], names=[section_id])
    node.extend(children)
    return node


@attrs.frozen
class Row:
    """A table row: its cells and the ids that links to it use."""

    cells: Sequence[Cell]
    ids: Sequence[str] = ()
    classes: Sequence[str] = ()


def _cell(content: Cell) -> nodes.entry:
    entry = nodes.entry()
    if content is None:
        return entry
    if isinstance(content, str):
        entry += para(content)
    elif isinstance(content, nodes.Node):
        entry += content if isinstance(content, nodes.Body) else para(content)
    else:
        inline = [n for n in content if not isinstance(n, nodes.Body)]
        blocks = [n for n in content if isinstance(n, nodes.Body)]
        if inline:
            entry += para(*inline)
        entry.extend(blocks)
    return entry


def _row(row: Row | Sequence[Cell]) -> nodes.row:
    if not isinstance(row, Row):
        row = Row(row)
    node = nodes.row(ids=list(row.ids), classes=list(row.classes))
    node.extend(_cell(c) for c in row.cells)
    return node


def table(headers: Sequence[Cell], rows: Iterable[Row | Sequence[Cell]],
          widths: Sequence[int], classes: Sequence[str] = ()) -> nodes.table:
    """A table with a header row; ``widths`` are relative column widths."""
    group = nodes.tgroup(cols=len(widths))
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    head = nodes.thead()
    head += _row(headers)
    body = nodes.tbody()
    body.extend(_row(r) for r in rows)
    group += head
    group += body
    return nodes.table("", group, classes=["rectilaw-table", "colwidths-given", *classes])
