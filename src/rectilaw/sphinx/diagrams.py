"""Graphviz diagrams of a policy: how a status or stage is decided.

:class:`Dot` is a small writer of DOT text that quotes everything it is given
(rule text may hold any character).  Each diagram is one function from the
model to DOT text: :func:`decision_chart` draws a ``first match`` block as the
reader applies it, one question per rule, top to bottom, "是" (yes) leading to the
outcome and "否" (no) to the next rule.  A diagram of another construct (an
escalation ladder: each step, its wait, the next step) is another such
function over the same writer.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Mapping

import attrs

from rectilaw.dsl.model import DecisionModel, LadderModel
from rectilaw.sphinx.text import Names, code, reading

__all__ = ["FONT", "Dot", "decision_chart", "ladder_chart", "wrap"]

#: The font Graphviz measures and names in the SVG; browsers fall back along the page's stack.
FONT = "Noto Sans CJK SC"

#: Outcome colours, in written order (a palette legible in print and to colour-blind readers).
_FILLS = ("#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#e0f2fe", "#f1f5f9",
          "#ffedd5", "#ecfccb", "#fae8ff")


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: Characters that may not begin a line (行首禁则): they stay with the line before.
_NO_BREAK_BEFORE = frozenset("」』）〕】》〉，、。；：？！…,.;:?!)]")
#: Characters that may not end a line (行末禁则): they go on with the line after.
_NO_BREAK_AFTER = frozenset("「『（〔【《〈([")


def wrap(text: str, columns: int = 40) -> str:
    """``text`` broken into lines of about ``columns`` (a CJK character counts two)."""
    if _width(text) <= columns:
        return text
    if text.isascii():
        return "\n".join(textwrap.wrap(text, columns, break_long_words=False))
    lines, current = [], ""
    for char in text:
        if current and _width(current + char) > columns and char not in _NO_BREAK_BEFORE:
            carried = ""
            while len(current) > 1 and current[-1] in _NO_BREAK_AFTER:
                carried, current = current[-1] + carried, current[:-1]
            lines.append(current)
            current = carried
        current += char
    return "\n".join([*lines, current] if current else lines)


@attrs.define
class Dot:
    """A directed graph being written."""

    name: str
    attributes: dict[str, str] = attrs.field(factory=dict)
    lines: list[str] = attrs.field(factory=list)

    def node(self, node_id: str, label: str, **attributes: str) -> None:
        self.lines.append(f"{_quote(node_id)} [{self._attrs(label=label, **attributes)}];")

    def edge(self, tail: str, head: str, label: str = "", **attributes: str) -> None:
        given = {"label": label, **attributes} if label else attributes
        suffix = f" [{self._attrs(**given)}]" if given else ""
        self.lines.append(f"{_quote(tail)} -> {_quote(head)}{suffix};")

    def same_rank(self, *node_ids: str) -> None:
        self.lines.append("{rank=same; " + " ".join(_quote(n) + ";" for n in node_ids) + "}")

    @staticmethod
    def _attrs(**attributes: str) -> str:
        return ", ".join(f"{key}={_quote(value)}" for key, value in attributes.items())

    def render(self) -> str:
        graph = {"fontname": FONT, "bgcolor": "transparent", **self.attributes}
        head = [f"digraph {_quote(self.name)} {{",
                *(f"  {key}={_quote(value)};" for key, value in graph.items()),
                f"  node [fontname={_quote(FONT)}, fontsize=\"11\"];",
                f"  edge [fontname={_quote(FONT)}, fontsize=\"10\"];"]
        return "\n".join([*head, *(f"  {line}" for line in self.lines), "}"]) + "\n"


def decision_chart(decision: DecisionModel, citations: bool = True,
                   readings: Mapping[str, str] | None = None) -> str:
    """A ``first match`` block as a chain of questions, one per rule, in written order.

    ``readings`` maps a rule id to the text to show for its condition (by
    default the condition in the rule language).
    """
    dot = Dot(decision.kind, {"rankdir": "TB", "nodesep": "0.35", "ranksep": "0.3"})
    fills = {o.code: _FILLS[i % len(_FILLS)] for i, o in enumerate(decision.outcomes)}
    previous = None
    for index, (outcome, rule) in enumerate(decision.rules, start=1):
        ask, answer = f"q{index}", f"a{index}"
        text = (readings or {}).get(rule.id) or (code(rule.condition) if rule.condition
                                                 else "otherwise")
        for exception, _ in rule.exceptions:
            text += f"\nunless {code(exception)}"
        cite = f"  [{', '.join(rule.citation)}]" if citations and rule.citation else ""
        if rule.condition is None and not rule.exceptions:
            dot.node(ask, f"otherwise{cite}", shape="plaintext", group="questions")
        else:
            dot.node(ask, f"{index}. {wrap(text)}{cite}", shape="box", style="rounded",
                     group="questions")
        dot.node(answer, f"{outcome.label}\n{outcome.code}", shape="box",
                 style="filled,bold", fillcolor=fills[outcome.code], color="#475569")
        dot.same_rank(ask, answer)
        dot.edge(ask, answer, "是" if rule.condition is not None else "")
        if previous is not None:
            dot.edge(previous, ask, "否", weight="10")
        previous = ask
    return dot.render()


def ladder_chart(ladder: LadderModel, names: Names, values: Mapping[str, str]) -> str:
    """An escalation ladder top to bottom: each step, and the wait that leads to it.

    ``values`` gives the value of each parameter a wait may name, to show beside it.
    """
    dot = Dot(ladder.name, {"rankdir": "TB", "nodesep": "0.3", "ranksep": "0.35"})
    previous = None
    for index, step in enumerate(ladder.steps, start=1):
        node = f"s{index}"
        cite = f"  [{', '.join(step.action.rules[0].citation)}]" if step.action.rules else ""
        dot.node(node, f"{index}. {step.action.label}\n{step.code}{cite}", shape="box",
                 style="filled,bold", fillcolor=_FILLS[(index - 1) % len(_FILLS)],
                 color="#475569", group="steps")
        wait = reading(step.wait, names)
        if step.wait.op == "param" and step.wait.value in values:
            wait = f"{wait}（{values[step.wait.value]}）"
        if step.anchor.op == "previous" and previous is not None:
            dot.edge(previous, node, f"{wait}后", weight="10")
        else:
            start = f"from{index}"
            dot.node(start, wrap(reading(step.anchor, names)), shape="plaintext")
            dot.edge(start, node, f"{wait}后", weight="10")
        if step.until is not None:
            dot.node(f"until{index}", "止于 until\n" + wrap(reading(step.until, names), 30),
                     shape="note", fontsize="10")
            dot.same_rank(node, f"until{index}")
            dot.edge(node, f"until{index}", style="dashed", arrowhead="none")
        previous = node
    if ladder.until is not None and previous is not None:
        dot.node("until", "全程止于 the ladder stops when\n" + wrap(reading(ladder.until, names)),
                 shape="note", fontsize="10")
        dot.edge(previous, "until", style="dashed", arrowhead="none")
    return dot.render()
