"""The sections of a policy page, each a function of the checked model.

A page puts the document first (its header, then every clause beside the
rules that encode it) and the code's structure after it (the determination as
a decision table, deadlines, measures, parameters), then what a reviewer
checks last: the gaps the text leaves and how they were filled, clause
coverage, the facts the rules read.  Every rule is shown once in a table row
that carries its anchor; clause blocks link to those rows and every citation
links back to its clause.

A new construct of the language gets a section by adding a function to
:data:`SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs
from docutils import nodes

from rectilaw.dsl.model import (
    DEADLINE,
    AfterModel,
    DecisionModel,
    LadderModel,
    Node,
    ParamModel,
    PolicyModel,
    Rule,
)
from rectilaw.sphinx.build import Cell, Row, code, code_block, container, para, section, table, zh
from rectilaw.sphinx.catalogue import RuleView, catalogue, fact_code
from rectilaw.sphinx.diagrams import Chart, decision_chart, ladder_chart
from rectilaw.sphinx.domain import anchor, pending_reference
from rectilaw.sphinx.text import Names, reading, value_code
from rectilaw.sphinx.text import code as rule_code

__all__ = ["PARTS", "SECTIONS", "Page", "Part", "render_sections"]

#: Registers a link target: (kind, full name, link text, element id).
Register = Callable[[str, str, str, str], None]
#: Turns a chart into a diagram node (with its alternative text).
Diagram = Callable[[Chart, str], nodes.Node]

_NOT_STATED = "（未载明）not stated"


@attrs.frozen
class Page:
    """What every section needs: the model, its words, and the build's hooks."""

    model: PolicyModel
    names: Names
    rules: dict[str, RuleView]
    origin: str
    register: Register
    diagram: Diagram

    @classmethod
    def of(cls, model: PolicyModel, origin: str, register: Register,
           diagram: Diagram) -> Page:
        names = Names.of(model)
        return cls(model, names, dict(catalogue(model, names)), origin, register, diagram)

    @property
    def policy(self) -> str:
        return self.model.info.id

    def section_id(self, slug: str) -> str:
        return nodes.make_id(f"{self.policy}-{slug}")

    def rule_anchor(self, rule_id: str) -> str:
        """The id of the element showing ``rule_id``, registered with the domain."""
        fullname = f"{self.policy}:{rule_id}"
        node_id = anchor("rule", fullname)
        view = self.rules.get(rule_id)
        self.register("rule", fullname, view.link if view else rule_id, node_id)
        return node_id

    def citation(self, clause_ids: Sequence[str]) -> list[nodes.Node]:
        """``[7.1, 8]`` with each clause a link to its text."""
        parts: list[nodes.Node] = [nodes.Text("[")]
        for index, clause_id in enumerate(clause_ids):
            if index:
                parts.append(nodes.Text(", "))
            parts.append(pending_reference("clause", f"{self.policy}:{clause_id}", clause_id))
        parts.append(nodes.Text("]"))
        return parts

    def rule_link(self, rule_id: str) -> nodes.Node:
        """A link to the row showing ``rule_id``; plain code for a rule the page cannot show."""
        view = self.rules.get(rule_id)
        if view is None:
            return code(rule_id)
        return pending_reference("rule", f"{self.policy}:{rule_id}", view.link,
                                 classes=["rectilaw-rule-link"])

    def condition(self, rule: Rule) -> list[nodes.Node]:
        """A rule's condition and, where the text does not say it outright, why it reads so."""
        shown = self.expression(rule.condition)
        if rule.assumed is not None:
            shown.append(para(nodes.strong("", "assumed: "), rule.assumed,
                              classes=["rectilaw-assumed"]))
        return shown

    def expression(self, node: Node | None, fallback: str = "otherwise") -> list[nodes.Node]:
        """An expression in code, and beneath it its reading in the policy's words."""
        if node is None:
            return [para(code(fallback))]
        return [para(code(rule_code(node))),
                para(zh(reading(node, self.names)), classes=["rectilaw-reading"])]


def _zh_or_blank(text: str | None) -> Cell:
    return zh(text) if text else _NOT_STATED


# ----------------------------------------------------------------- header


def _source(title: str, number: str | None) -> Cell:
    """The document the rules encode, as it is cited: its title and its number."""
    cited = f"《{title}》" + (f"（{number}）" if number else "")
    return [zh(cited), *([] if number else [nodes.Text(" — 文号未载明 no number stated")])]


def header(page: Page) -> Iterator[nodes.Node]:
    info = page.model.info
    clauses = page.model.clauses
    encoded = sum(1 for c in clauses if c.encoded)
    rows: list[Sequence[Cell]] = [
        ["标题 Title", zh(info.title)],
        ["英文标题 English title", info.title_en or _NOT_STATED],
        ["发文机关 Issuer", _zh_or_blank(info.issuer)],
        ["文号 Number", _zh_or_blank(info.number)],
        ["印发日期 Issued", str(info.issued) if info.issued else _NOT_STATED],
        ["施行日期 Effective", str(info.effective) if info.effective else _NOT_STATED],
        ["有效期至 Until", str(info.until) if info.until else "—"],
        ["版本 Version", info.version or "—"],
        ["来源 Source", _source(info.title, info.number)],
        ["期间 Periods", "a period in days, months or years whose last day is a rest day ends on "
         "the next working day (民法典 art. 203)" if info.rollover else
         "no roll-over: a period ends on its last day even when that is a rest day"],
        ["规则文件 Rule file", [code(page.origin)]],
        ["概况 In numbers", f"{len(clauses)} clauses ({encoded} encoded, "
         f"{len(clauses) - encoded} not); {len(page.rules)} rules citing them; "
         f"{sum(1 for p in page.model.params if p.assumed)} assumed parameters"],
    ]
    yield table(["", ""], rows, [22, 78], classes=["rectilaw-header"])


# ----------------------------------------------------------------- clauses


def _clause_rules(page: Page, rule_ids: Iterable[str]) -> list[nodes.Node]:
    blocks: list[nodes.Node] = []
    for rule_id in rule_ids:
        view = page.rules.get(rule_id)
        heading = para(page.rule_link(rule_id), " ", zh(view.summary if view else ""),
                       classes=["rectilaw-rule-title"])
        body = [heading, code_block(view.source)] if view else [heading]
        blocks.append(container(*body, classes=["rectilaw-rule"]))
    return blocks


def clauses(page: Page) -> Iterator[nodes.Node]:
    yield para("Each clause as the document words it, beside the rules that encode it. "
               "A clause that decides nothing about a finding says why it is not encoded.")
    for clause in page.model.clauses:
        fullname = f"{page.policy}:{clause.id}"
        node_id = anchor("clause", fullname)
        title = f"{clause.id} {clause.title}" if clause.title else clause.id
        page.register("clause", fullname, title, node_id)
        heading = para(code(clause.id, classes=["rectilaw-clause-id"]), " ",
                       zh(clause.title or ""), classes=["rectilaw-clause-title"])
        text = container(para(zh(clause.text)), classes=["rectilaw-clause-text"])
        if clause.cited_by:
            side = _clause_rules(page, clause.cited_by)
        elif clause.not_encoded:
            side = [para(nodes.strong("", "Not encoded: "), clause.not_encoded,
                         classes=["rectilaw-not-encoded"])]
        else:
            side = [para(nodes.strong("", "Neither encoded nor explained."),
                         classes=["rectilaw-uncovered"])]
        body = container(text, container(*side, classes=["rectilaw-clause-rules"]),
                         classes=["rectilaw-clause-body"])
        yield container(heading, body, classes=["rectilaw-clause"], ids=[node_id])


# ----------------------------------------------------------------- decisions


def _unless(page: Page, rule: Rule) -> Cell:
    if not rule.exceptions:
        return None
    cell: list[nodes.Node] = []
    for node, cite in rule.exceptions:
        cell.extend([*page.expression(node), para(*page.citation(cite))])
    return cell


def decision_table(page: Page, decision: DecisionModel) -> nodes.Node:
    """The rules of a ``first match`` block in order: outcome, condition, exceptions, clause."""
    with_exceptions = any(rule.exceptions for _, rule in decision.rules)
    rows = []
    for index, (outcome, rule) in enumerate(decision.rules, start=1):
        cells: list[Cell] = [str(index), [zh(outcome.label), nodes.Text(" "), code(outcome.code)],
                             page.condition(rule)]
        if with_exceptions:
            cells.append(_unless(page, rule))
        cells.append(page.citation(rule.citation))
        rows.append(Row(cells, ids=[page.rule_anchor(rule.id)]))
    if with_exceptions:
        headers = ["#", "结果 Outcome", "条件 When", "除外 Unless", "依据 Clause"]
        return table(headers, rows, [5, 22, 40, 21, 12], classes=["rectilaw-decision"])
    headers = ["#", "结果 Outcome", "条件 When", "依据 Clause"]
    return table(headers, rows, [5, 24, 57, 14], classes=["rectilaw-decision"])


def _decided_by(page: Page, decision: DecisionModel) -> nodes.Node:
    """Who records the determination in force, and on which clause's authority."""
    name = decision.decided_by or ""
    label = page.names.parties.get(name, name)
    text = para(nodes.strong("", "认定主体 Decided by: "), zh(label), " ", code(name), ". "
                "Where this party has recorded a determination that is one of these outcomes, "
                "it is in force; the rules below read the facts, and a difference between the "
                "two is reported. ", *page.citation(decision.decided_basis))
    return container(text, classes=["rectilaw-decided-by"],
                     ids=[page.rule_anchor(f"{decision.kind}:decided")])


def _decision_section(page: Page, decision: DecisionModel, intro: str) -> Iterator[nodes.Node]:
    yield para(intro)
    if decision.decided_by is not None:
        yield _decided_by(page, decision)
    yield decision_table(page, decision)
    readings = {rule.id: reading(rule.condition, page.names) if rule.condition else "otherwise"
                for _, rule in decision.rules}
    alt = f"{decision.kind} of {page.policy}: the rules in order"
    yield page.diagram(decision_chart(decision, readings=readings, title=alt), alt)


def determination(page: Page) -> Iterator[nodes.Node]:
    yield from _decision_section(
        page, page.model.status,
        "The status is decided by the first rule, in this order, whose condition holds and "
        "none of whose exceptions does (first match). Each row cites the clause it encodes.")


def stages(page: Page) -> Iterator[nodes.Node]:
    if page.model.stage is None:
        return
    yield from _decision_section(
        page, page.model.stage,
        "The workflow stage a finding has reached, decided the same way: the first rule that "
        "applies.")


# ----------------------------------------------------------------- deadlines and definitions


def _rollover(expr: Node) -> str:
    flags = {node.value for node in expr.walk() if node.op == "period"}
    if not flags:
        return "— (no period counted)"
    if flags == {True}:
        return "moves to the next working day"
    if flags == {False}:
        return "no roll-over"
    return "mixed: see the rule"


def deadlines(page: Page) -> Iterator[nodes.Node]:
    found = [d for d in page.model.definitions if d.kind == "deadline"]
    if not found:
        yield para("The policy sets no deadline.")
        return
    yield para("The unnamed deadline is the rectification deadline (整改时限): the date a "
               "finding is overdue after. A period is counted under the Civil Code: the day it "
               "starts is not counted, and a last day that is a rest day moves to the next "
               "working day unless the rule says otherwise.")
    rows = []
    for definition in found:
        name = "deadline" if definition.name == DEADLINE else definition.name
        rows.append(Row(
            [[code(name)], _zh_or_blank(definition.label), page.expression(definition.expr),
             _rollover(definition.expr), page.citation(definition.citation)],
            ids=[page.rule_anchor(definition.rule_id)],
        ))
    headers = ["名称 Name", "含义 Meaning", "计算 Computed as", "遇休息日 Rest day",
               "依据 Clause"]
    yield table(headers, rows, [14, 16, 40, 16, 14])


def definitions(page: Page) -> Iterator[nodes.Node]:
    found = [d for d in page.model.definitions if d.kind == "let"]
    if not found:
        return
    yield para("Named conditions and values the rules use, computed from the facts, the "
               "parameters and the day of evaluation.")
    rows = [
        Row([[code(d.name)], _zh_or_blank(d.label), page.expression(d.expr),
             page.citation(d.citation) if d.citation else None],
            ids=[page.rule_anchor(d.rule_id)])
        for d in found
    ]
    yield table(["名称 Name", "含义 Meaning", "定义 Defined as", "依据 Clause"], rows,
                [16, 22, 48, 14])


# ----------------------------------------------------------------- actions


def _parties(page: Page, action_by: str | None, target: str | None,
             to: Sequence[str], level: str | None, way: str | None) -> list[nodes.Node]:
    lines: list[nodes.Node] = []
    for word, name in (("由 by", action_by), ("对 target", target)):
        if name:
            lines.append(para(f"{word} ", zh(page.names.parties.get(name, "")), " ",
                              code(name)))
    if to:
        listed = "、".join(page.names.parties.get(n, n) for n in to)
        lines.append(para("报送 to ", zh(listed)))
    for word, value in (("级别 level", level), ("方式 way", way)):
        if value:
            lines.append(para(f"{word} ", code(value)))
    return lines


def actions(page: Page) -> Iterator[nodes.Node]:
    if not page.model.actions:
        yield para("The policy requires no measures.")
        return
    yield para("Every measure the policy requires, who takes it and against whom, and each "
               "condition that triggers it (any one suffices). A measure with a due date must "
               "be taken by then.")
    rows = []
    for action in page.model.actions:
        for index, rule in enumerate(action.rules):
            first = index == 0
            due = page.expression(action.due) if first and action.due is not None else None
            rows.append(Row(
                [[zh(action.label), nodes.Text(" "), code(action.code)] if first else None,
                 _parties(page, action.by, action.target, action.to, action.level, action.way)
                 if first else None,
                 due, page.condition(rule), page.citation(rule.citation)],
                ids=[page.rule_anchor(rule.id)],
                classes=["rectilaw-first"] if first else ["rectilaw-continued"],
            ))
    headers = ["措施 Measure", "主体 Parties", "期限 Due", "触发条件 When", "依据 Clause"]
    yield table(headers, rows, [18, 20, 14, 34, 14], classes=["rectilaw-actions"])


# ----------------------------------------------------------------- escalation


def _ladder(page: Page, ladder: LadderModel) -> nodes.Node:
    rule_id = f"ladder:{ladder.name}"
    intro = [para("Steps taken one after another, none skipped and none repeated. The next "
                  "step is the one after the furthest the finding's recorded measures show; it "
                  "is asked for from the day its wait ends, while no ", code("until"),
                  " holds. Cited: ", *page.citation(ladder.citation))]
    if ladder.until is not None:
        intro.append(para(nodes.strong("", "止于 Stops when: "), *page.expression(ladder.until)))
    with_until = any(step.until is not None for step in ladder.steps)
    rows = []
    for index, step in enumerate(ladder.steps, start=1):
        action = step.action
        rule = action.rules[0]
        timing = [*page.expression(step.wait), para("after"), *page.expression(step.anchor)]
        cells: list[Cell] = [
            str(index), [zh(action.label), nodes.Text(" "), code(action.code)],
            _parties(page, action.by, action.target, action.to, action.level, action.way), timing]
        if with_until:
            cells.append(page.expression(step.until) if step.until is not None else None)
        cells.append(page.citation(rule.citation))
        rows.append(Row(cells, ids=[page.rule_anchor(rule.id)]))
    if with_until:
        headers = ["#", "步骤 Step", "主体 Parties", "等待 Falls due", "止于 Until", "依据 Clause"]
        steps = table(headers, rows, [5, 20, 20, 27, 15, 13], classes=["rectilaw-ladder"])
    else:
        headers = ["#", "步骤 Step", "主体 Parties", "等待 Falls due", "依据 Clause"]
        steps = table(headers, rows, [5, 24, 24, 33, 14], classes=["rectilaw-ladder"])
    values = {p.name: " / ".join(value_code(v.value, p.type.kind) for v in p.values)
              for p in page.model.params}
    alt = f"ladder {ladder.name}: its steps"
    chart = page.diagram(ladder_chart(ladder, page.names, values, title=alt), alt)
    title = [zh(ladder.label), nodes.Text(" "), code(ladder.name)]
    return section(title, page.rule_anchor(rule_id), *intro, steps, chart)


def _after(page: Page, block: AfterModel) -> nodes.Node:
    kinds = "、".join(page.names.actions.get(k, k) for k in block.kinds)
    intro = [para("After the latest ", zh(kinds), " (", code(", ".join(block.kinds)), "), each "
                  "follow-up is asked for until one of its own kind is recorded on or after it. "
                  "Cited: ", *page.citation(block.citation))]
    if block.until is not None:
        intro.append(para(nodes.strong("", "止于 Stops when: "), *page.expression(block.until)))
    rows = []
    for follow_up in block.follow_ups:
        action = follow_up.action
        rule = action.rules[0]
        rows.append(Row(
            [[zh(action.label), nodes.Text(" "), code(action.code)],
             _parties(page, action.by, action.target, action.to, action.level, action.way),
             page.expression(follow_up.within), page.citation(rule.citation)],
            ids=[page.rule_anchor(rule.id)]))
    headers = ["措施 Follow-up", "主体 Parties", "期限 Within", "依据 Clause"]
    follow = table(headers, rows, [24, 26, 34, 16])
    return section([zh(block.label or f"{kinds}之后")], page.rule_anchor(block.id), *intro,
                   follow)


def escalation(page: Page) -> Iterator[nodes.Node]:
    for ladder in page.model.ladders:
        yield _ladder(page, ladder)
    for block in page.model.afters:
        yield _after(page, block)


# ----------------------------------------------------------------- parameters and gaps


def _param_value(param: ParamModel) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for value in param.values:
        text = value_code(value.value, param.type.kind)
        lead = f"from {value.effective}: " if value.effective else ""
        out.append(para(lead, code(text)))
    return out


def _param_basis(page: Page, param: ParamModel) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for value in param.values:
        if value.assumed is not None:
            out.append(para(nodes.strong("", "assumed: "), value.assumed))
        else:
            out.append(para(*page.citation(value.citation)))
    return out


def parameters(page: Page) -> Iterator[nodes.Node]:
    if not page.model.params:
        return
    yield para("Values the rules use that a deployment may override. Each is either taken "
               "from a clause or marked assumed, with the reason.")
    rows = []
    for param in page.model.params:
        fullname = f"{page.policy}:{param.name}"
        param_id = anchor("param", fullname)
        page.register("param", fullname, param.name, param_id)
        ids = [param_id]
        if f"param:{param.name}" in page.rules:
            ids.append(page.rule_anchor(f"param:{param.name}"))
        rows.append(Row([[code(param.name)], _zh_or_blank(param.label), _param_value(param),
                         _param_basis(page, param)], ids=ids))
    yield table(["参数 Parameter", "含义 Meaning", "值 Value", "依据 Basis"], rows,
                [22, 26, 22, 30])


def _assumed_rules(model: PolicyModel) -> Iterator[Rule]:
    decisions = [model.status, *([model.stage] if model.stage else [])]
    for decision in decisions:
        yield from (rule for _, rule in decision.rules if rule.assumed is not None)
    for action in model.emitted_actions:
        yield from (rule for rule in action.rules if rule.assumed is not None)


def assumptions(page: Page) -> Iterator[nodes.Node]:
    values = [(p, v) for p in page.model.params for v in p.values if v.assumed is not None]
    rules = list(_assumed_rules(page.model))
    if not values and not rules:
        yield para("None: every value and every rule is fixed by the text of the document.")
        return
    yield para("Where the document is silent, the policy fills the gap: with a value of its own "
               "(a parameter, which a deployment may override) or by reading the text one way "
               "(a rule). Each is listed here with the reason for it.")
    dated = any(v.effective is not None for _, v in values)
    rows: list[list[Cell]] = []
    for p, v in values:
        link = pending_reference("param", f"{page.policy}:{p.name}", p.name,
                                 classes=["rectilaw-param-link"])
        rows.append([[link], _zh_or_blank(p.label), [code(value_code(v.value, p.type.kind))],
                     str(v.effective) if v.effective else "—", v.assumed])
    for rule in rules:
        view = page.rules.get(rule.id)
        rows.append([[page.rule_link(rule.id)], zh(view.summary) if view else None,
                     page.expression(rule.condition), "—", rule.assumed])
    if dated:
        headers = ["项目 Item", "含义 Meaning", "假定 Assumed", "自 From", "理由 Reason"]
        yield table(headers, rows, [18, 20, 22, 10, 30], classes=["rectilaw-assumptions"])
        return
    rows = [row[:3] + row[4:] for row in rows]
    headers = ["项目 Item", "含义 Meaning", "假定 Assumed", "理由 Reason"]
    yield table(headers, rows, [20, 22, 24, 34], classes=["rectilaw-assumptions"])


# ----------------------------------------------------------------- coverage


def coverage(page: Page) -> Iterator[nodes.Node]:
    all_clauses = page.model.clauses
    encoded = [c for c in all_clauses if c.encoded]
    explained = [c for c in all_clauses if not c.encoded and c.not_encoded]
    silent = [c for c in all_clauses if not c.encoded and not c.not_encoded]
    yield para(f"{len(all_clauses)} clauses: {len(encoded)} encoded by rules, "
               f"{len(explained)} not encoded with a reason, {len(silent)} neither.")
    rows = []
    for clause in all_clauses:
        if clause.encoded:
            links: list[nodes.Node] = [nodes.Text("✓ ")]
            for index, rule_id in enumerate(clause.cited_by):
                if index:
                    links.append(nodes.Text(", "))
                links.append(page.rule_link(rule_id))
            state: Cell = links
        elif clause.not_encoded:
            state = f"✗ not encoded: {clause.not_encoded}"
        else:
            state = "⚠ neither encoded nor explained"
        rows.append([[pending_reference("clause", f"{page.policy}:{clause.id}", clause.id)],
                     _zh_or_blank(clause.title), state])
    yield table(["条款 Clause", "标题 Title", "编码情况 Encoded by"], rows, [10, 30, 60],
                classes=["rectilaw-coverage"])
    if page.model.warnings:
        note = nodes.warning()
        for diagnostic in page.model.warnings:
            note += para(code(diagnostic.render().splitlines()[0]))
        yield note


# ----------------------------------------------------------------- facts and parties


def facts(page: Page) -> Iterator[nodes.Node]:
    yield para("The facts of a finding the rules read. Facts of the shared finding schema mean "
               "the same in every policy; the others are this policy's own.")
    rows = []
    for fact in page.model.facts:
        ids = [page.rule_anchor(f"fact:{fact.name}")] if fact.citation else []
        origin: Cell = ("shared schema" if fact.from_schema and not fact.citation else
                        [code(fact_code(fact))])
        rows.append(Row([[code(fact.name)], zh(fact.label), str(fact.type), origin], ids=ids))
    yield table(["事实 Fact", "中文 Meaning", "类型 Type", "声明 Declared"], rows,
                [22, 38, 16, 24])


def parties(page: Page) -> Iterator[nodes.Node]:
    if not page.model.parties:
        return
    rows: list[Sequence[Cell]] = [[[code(name)], zh(label)]
                                  for name, label in page.model.parties.items()]
    yield table(["主体 Party", "中文 Name"], rows, [30, 70])


#: The sections of a policy page in order: (slug, title, renderer).
SECTIONS: tuple[tuple[str, str, Callable[[Page], Iterator[nodes.Node]]], ...] = (
    ("header", "文件信息 · The document", header),
    ("clauses", "条款与规则 · Clauses and the rules encoding them", clauses),
    ("determination", "整改结果认定 · Determination", determination),
    ("stages", "工作阶段 · Stages", stages),
    ("deadlines", "时限 · Deadlines", deadlines),
    ("definitions", "定义 · Definitions", definitions),
    ("actions", "措施与触发条件 · Measures and their triggers", actions),
    ("escalation", "督办升级 · Escalation", escalation),
    ("parameters", "参数 · Parameters", parameters),
    ("assumptions", "空白与假定 · Gaps and assumptions", assumptions),
    ("coverage", "条款覆盖 · Clause coverage", coverage),
    ("facts", "事实 · Facts", facts),
    ("parties", "主体 · Parties", parties),
)


@attrs.frozen
class Part:
    """A page of a policy split into pages: its slug, its title and the sections it holds."""

    slug: str
    title: str
    sections: tuple[str, ...]


#: The pages of a policy after its index page (the header), in reading order.
PARTS: tuple[Part, ...] = (
    Part("clauses", "条款与规则 · Clauses and the rules encoding them", ("clauses",)),
    Part("determination", "认定与阶段 · Determination and stages", ("determination", "stages")),
    Part("deadlines", "时限与定义 · Deadlines and definitions", ("deadlines", "definitions")),
    Part("measures", "措施与督办 · Measures and escalation", ("actions", "escalation")),
    Part("assumptions", "参数与假定 · Parameters and assumptions", ("parameters", "assumptions")),
    Part("coverage", "覆盖、事实与主体 · Coverage, facts and parties",
         ("coverage", "facts", "parties")),
)


def render_sections(page: Page, slugs: Sequence[str] | None = None) -> list[nodes.section]:
    """Every section of the page (or those named by ``slugs``) that has something to show."""
    out = []
    for slug, title, renderer in SECTIONS:
        if slugs is not None and slug not in slugs:
            continue
        children = list(renderer(page))
        if children:
            out.append(section(title, page.section_id(slug), *children))
    return out
