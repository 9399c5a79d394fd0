"""Small constructors for docutils nodes, so that the renderers read as what they show.

Docutils trees are verbose to build by hand (a table is table → tgroup →
colspec, thead, tbody → row → entry → paragraph); these helpers take plain
strings or nodes and return the finished element.
"""

from __future__ import annotations

import re
import unicodedata
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
    """Inline code; code holding Chinese is marked, since it may break between characters."""
    wide = any(unicodedata.east_asian_width(c) in "WF" for c in text)
    cjk = ["rectilaw-code-cjk"] if wide else []
    return nodes.literal(text, text, classes=[*cjk, *classes])


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


#: Where a long code name may break across lines in a table: after an ``_`` or a ``,``
#: or ``(`` that a letter follows, so that every word of ``notify_organization_dept`` stays
#: whole (a browser would otherwise break it anywhere, or not at all and overflow).
_NAME_BREAK = re.compile(r"(?<=[_,(])(?=[A-Za-z0-9])")


def _breakable(literal: nodes.literal) -> None:
    for child in list(literal.children):
        if not isinstance(child, nodes.Text) or len(child) <= 12:
            continue
        pieces = _NAME_BREAK.split(str(child))
        if len(pieces) == 1:
            continue
        replacement: list[nodes.Node] = []
        for index, piece in enumerate(pieces):
            if index:
                replacement.append(nodes.raw("", "<wbr>", format="html"))
            replacement.append(nodes.Text(piece))
        literal.replace(child, replacement)


def _cell(content: Cell) -> nodes.entry:
    entry = _filled(content)
    for literal in list(entry.findall(nodes.literal)):
        if "rectilaw-code-cjk" not in literal["classes"]:
            _breakable(literal)
    return entry


def _filled(content: Cell) -> nodes.entry:
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


def _heading_text(heading: Cell) -> str:
    if isinstance(heading, str):
        return heading
    if isinstance(heading, nodes.Node):
        return heading.astext()
    return "".join(n.astext() for n in heading or ())


def _row(row: Row | Sequence[Cell], labels: Sequence[str] = ()) -> nodes.row:
    if not isinstance(row, Row):
        row = Row(row)
    node = nodes.row(ids=list(row.ids), classes=list(row.classes))
    for index, content in enumerate(row.cells):
        entry = _cell(content)
        label = labels[index] if index < len(labels) else ""
        if label and label != "#" and len(entry):
            entry.insert(0, nodes.paragraph(label, label, classes=["rectilaw-label"]))
        node += entry
    return node


def table(headers: Sequence[Cell], rows: Iterable[Row | Sequence[Cell]],
          widths: Sequence[int], classes: Sequence[str] = ()) -> nodes.table:
    """A table with a header row; ``widths`` are relative column widths.

    Each filled body cell also carries its column's heading, hidden on a wide
    screen: on a narrow one the stylesheet lays every row out as a card, a cell
    a line, and the heading tells what the line is.
    """
    group = nodes.tgroup(cols=len(widths))
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    head = nodes.thead()
    head += _row(headers)
    body = nodes.tbody()
    labels = [_heading_text(h) for h in headers]
    body.extend(_row(r, labels) for r in rows)
    group += head
    group += body
    return nodes.table("", group, classes=["rectilaw-table", "colwidths-given", *classes])
