"""Diagrams of a policy, drawn as SVG while the documentation is built.

Both diagrams a policy page shows are one column read top to bottom, each box
of it with at most one box beside it: :func:`decision_chart` draws a ``first
match`` block as the reader applies it, one question per rule, "是" (yes)
leading right to the outcome and "否" (no) down to the next rule;
:func:`ladder_chart` draws an escalation ladder, each step below the one it
waits for, a step's ``until`` beside it.  So the layout is computed here
rather than by a graph-layout program: the build needs no system tool, the
same rules give the same bytes on every machine, and box widths are measured
for Chinese (a CJK character is a full em wide, which Latin font metrics get
wrong).

A diagram is first a :class:`Chart` (what to draw), then :func:`svg` (where).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

import attrs

from rectilaw.dsl.model import DecisionModel, LadderModel
from rectilaw.sphinx.text import Names, code, reading

__all__ = ["FONT", "Box", "Chart", "Link", "Row", "decision_chart", "ladder_chart", "svg",
           "text_width", "wrap"]

#: The fonts the SVG names, Chinese first; a viewer uses the first it has.
FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
        '"WenQuanYi Micro Hei", sans-serif')

#: Outcome colours, in written order (a palette legible in print and to colour-blind readers).
_FILLS = ("#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#e0f2fe", "#f1f5f9",
          "#ffedd5", "#ecfccb", "#fae8ff")

_SIZE = 13.0          # font size, px
_SMALL = 12.0         # font size of notes and link labels, px
_LINE = 1.45          # line height, em
_PAD_X, _PAD_Y = 10.0, 7.0
_ROW_GAP = 38.0       # vertical room between two rows: the arrow and its label
_SIDE_GAP = 64.0      # horizontal room between a box and the one beside it
_MARGIN = 8.0
_INK, _EDGE, _MUTED = "#1f2937", "#475569", "#64748b"


def _char_width(char: str) -> float:
    """A character's advance in em, erring wide so that text never leaves its box."""
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    if char == " ":
        return 0.3
    if char.isupper() or char in "mwMW@%&":
        return 0.72
    if char in "iljtf.,;:!|'()[]":
        return 0.34
    return 0.58


def text_width(text: str, size: float = _SIZE) -> float:
    """The width in px of one line of ``text`` at ``size`` px."""
    return size * sum(_char_width(c) for c in text)


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: Characters that may not begin a line (行首禁则): they stay with the line before.
_NO_BREAK_BEFORE = frozenset("」』）〕】》〉，、。；：？！…,.;:?!)]")
#: Characters that may not end a line (行末禁则): they go on with the line after.
_NO_BREAK_AFTER = frozenset("「『（〔【《〈([")


def wrap(text: str, columns: int = 36) -> str:
    """``text`` broken into lines of about ``columns`` (a CJK character counts two)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_line(paragraph, columns))
    return "\n".join(lines)


#: What a line is broken between: a run of Latin letters, digits and ``_`` (a word or a code
#: name, never split), a run of spaces, or any other single character.
_TOKEN = re.compile(r"[A-Za-z0-9_.\-]+|\s+|.")


def _wrap_line(text: str, columns: int) -> list[str]:
    if _columns(text) <= columns:
        return [text]
    if text.isascii():
        return textwrap.wrap(text, columns, break_long_words=False) or [text]
    lines, current = [], ""
    for token in _TOKEN.findall(text):
        if (current.strip() and _columns(current + token.rstrip()) > columns
                and token not in _NO_BREAK_BEFORE):
            carried = ""
            while len(current) > 1 and current[-1] in _NO_BREAK_AFTER:
                carried, current = current[-1] + carried, current[:-1]
            lines.append(current.rstrip())
            current = carried
        if current or not token.isspace():
            current += token
    return [*lines, current.rstrip()] if current.strip() else lines


# ----------------------------------------------------------------- what to draw


@attrs.frozen
class Box:
    """A box of text: ``question`` (rounded), ``outcome`` (filled), ``plain`` or ``note``."""

    text: str
    kind: str = "question"
    fill: str | None = None

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def size(self) -> float:
        return _SMALL if self.kind == "note" else _SIZE

    @property
    def width(self) -> float:
        return max(text_width(line, self.size) for line in self.lines) + 2 * _PAD_X

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * _LINE + 2 * _PAD_Y


@attrs.frozen
class Link:
    """A line between two boxes: its label, dashed or not, with an arrowhead or not."""

    label: str = ""
    dashed: bool = False
    arrow: bool = True


@attrs.frozen
class Row:
    """A box of the column, the box beside it (if any) and the line between them."""

    main: Box
    side: Box | None = None
    across: Link = Link()


@attrs.frozen
class Chart:
    """Rows top to bottom; ``down[i]`` joins row ``i`` to row ``i + 1`` (None: not joined)."""

    title: str
    rows: Sequence[Row]
    down: Sequence[Link | None]


# ----------------------------------------------------------------- where to draw it


def _text(x: float, top: float, lines: Sequence[str], size: float, anchor: str = "middle",
          fill: str = _INK, weight: str = "normal") -> str:
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + size * (_LINE * i + 1.05):.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines))
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (f'<text text-anchor="{anchor}" font-size="{size:g}" fill="{fill}"{bold}>'
            f"{spans}</text>")


def _box(box: Box, x: float, y: float) -> str:
    w, h = box.width, box.height
    shape = ""
    if box.kind == "question":
        shape = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="8" '
                 f'fill="#ffffff" stroke="{_EDGE}"/>')
    elif box.kind == "outcome":
        shape = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
                 f'fill="{box.fill or _FILLS[0]}" stroke="{_EDGE}" stroke-width="1.6"/>')
    elif box.kind == "note":
        shape = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                 f'fill="#f8fafc" stroke="{_MUTED}" stroke-dasharray="3 2"/>')
    weight = "bold" if box.kind == "outcome" else "normal"
    colour = _MUTED if box.kind == "plain" else _INK
    text = _text(x + w / 2, y + _PAD_Y, box.lines, box.size, fill=colour, weight=weight)
    return shape + text


def _line(x1: float, y1: float, x2: float, y2: float, link: Link) -> str:
    dash = ' stroke-dasharray="5 4"' if link.dashed else ""
    head = ' marker-end="url(#rectilaw-arrow)"' if link.arrow else ""
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{_EDGE}" '
            f'stroke-width="1.2"{dash}{head}/>')


def _gap(link: Link | None) -> float:
    """The room between two rows: enough for the arrow and every line of its label."""
    if link is None or not link.label:
        return _ROW_GAP
    return max(_ROW_GAP, len(link.label.split("\n")) * _SMALL * _LINE + 18)


def _label_width(link: Link | None) -> float:
    if link is None or not link.label:
        return 0.0
    return max(text_width(line, _SMALL) for line in link.label.split("\n"))


def svg(chart: Chart) -> str:
    """The chart as a standalone SVG document, sized in CSS pixels."""
    main_width = max(row.main.width for row in chart.rows)
    sides = [row.side.width for row in chart.rows if row.side is not None]
    side_x = _MARGIN + main_width + _SIDE_GAP
    centre = _MARGIN + main_width / 2
    labels = max((_label_width(link) for link in chart.down), default=0.0)
    width = max(side_x + max(sides) if sides else _MARGIN + main_width,
                centre + 7 + labels) + _MARGIN
    parts: list[str] = []
    y = _MARGIN
    previous_bottom: float | None = None
    for index, row in enumerate(chart.rows):
        link = chart.down[index - 1] if index else None
        if index:
            y += _gap(link)
        height = max(row.main.height, row.side.height if row.side else 0.0)
        main_y = y + (height - row.main.height) / 2
        if link is not None and previous_bottom is not None:
            parts.append(_line(centre, previous_bottom, centre, main_y - 1.5, link))
            if link.label:
                lines = link.label.split("\n")
                middle = (previous_bottom + main_y - len(lines) * _SMALL * _LINE) / 2
                parts.append(_text(centre + 7, middle, lines, _SMALL, anchor="start",
                                   fill=_MUTED))
        parts.append(_box(row.main, centre - row.main.width / 2, main_y))
        if row.side is not None:
            side_y = y + (height - row.side.height) / 2
            parts.append(_box(row.side, side_x, side_y))
            start = centre + row.main.width / 2
            parts.append(_line(start, y + height / 2, side_x - 1.5, y + height / 2, row.across))
            if row.across.label:
                parts.append(_text((start + side_x) / 2, y + height / 2 - _SMALL * 1.45,
                                   [row.across.label], _SMALL, fill=_MUTED))
        previous_bottom = main_y + row.main.height
        y += height
    height = y + _MARGIN
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-family={quoteattr(FONT)}>')
    marker = ('<defs><marker id="rectilaw-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
              'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
              f'<path d="M0,0 L10,5 L0,10 z" fill="{_EDGE}"/></marker></defs>')
    return "\n".join([head, f"<title>{escape(chart.title)}</title>", marker, *parts,
                      "</svg>"]) + "\n"


# ----------------------------------------------------------------- the policy's charts


def decision_chart(decision: DecisionModel, citations: bool = True,
                   readings: Mapping[str, str] | None = None, title: str = "") -> Chart:
    """A ``first match`` block as a chain of questions, one per rule, in written order.

    ``readings`` maps a rule id to the text to show for its condition (by
    default the condition in the rule language).
    """
    fills = {o.code: _FILLS[i % len(_FILLS)] for i, o in enumerate(decision.outcomes)}
    rows: list[Row] = []
    for index, (outcome, rule) in enumerate(decision.rules, start=1):
        text = (readings or {}).get(rule.id) or (code(rule.condition) if rule.condition
                                                 else "otherwise")
        shown = wrap(text)
        for exception, _ in rule.exceptions:
            shown += "\n" + wrap(f"unless {code(exception)}")
        cite = f"[{', '.join(rule.citation)}]" if citations and rule.citation else ""
        if rule.condition is None and not rule.exceptions:
            question = Box(f"otherwise 其余情形 {cite}".rstrip(), kind="plain")
        else:
            question = Box(f"{index}. {shown}" + (f"\n{cite}" if cite else ""))
        answer = Box(wrap(f"{outcome.label}\n{outcome.code}", 24), kind="outcome",
                     fill=fills[outcome.code])
        rows.append(Row(question, answer, Link("是" if rule.condition is not None else "")))
    return Chart(title or decision.kind, rows, [Link("否")] * max(len(rows) - 1, 0))


def ladder_chart(ladder: LadderModel, names: Names, values: Mapping[str, str],
                 title: str = "") -> Chart:
    """An escalation ladder top to bottom: each step, and the wait that leads to it.

    ``values`` gives the value of each parameter a wait may name, to show beside it.
    """
    rows: list[Row] = []
    down: list[Link | None] = []
    for index, step in enumerate(ladder.steps, start=1):
        cite = f"  [{', '.join(step.action.rules[0].citation)}]" if step.action.rules else ""
        wait = reading(step.wait, names)
        if step.wait.op == "param" and step.wait.value in values:
            wait = f"{wait}（{values[step.wait.value]}）"
        if not (step.anchor.op == "previous" and rows):
            if rows:
                down.append(None)
            rows.append(Row(Box(wrap(reading(step.anchor, names)), kind="plain")))
        down.append(Link(wrap(f"{wait}后", 30)))
        side = None
        if step.until is not None:
            side = Box("止于 until\n" + wrap(reading(step.until, names), 30), kind="note")
        rows.append(Row(Box(wrap(f"{index}. {step.action.label}\n{step.code}{cite}", 30),
                            kind="outcome", fill=_FILLS[(index - 1) % len(_FILLS)]),
                        side, Link(dashed=True, arrow=False)))
    if ladder.until is not None and rows:
        down.append(Link(dashed=True, arrow=False))
        rows.append(Row(Box("全程止于 the ladder stops when\n" +
                            wrap(reading(ladder.until, names)), kind="note")))
    return Chart(title or ladder.name, rows, down)
