"""Assessments as text for people: a short report, or an explanation in prose.

:func:`format_assessment` is the compact answer (what ``rectilaw eval --format
text`` prints); :func:`format_timeline` is that answer followed by the days ahead
on which it changes (``rectilaw timeline --format text``); :func:`explain_assessment`
is the reasoning behind it, each step citing the clauses it rests on and quoting
their original wording, in Chinese (the policies' own language) or English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from rectilaw.dsl.model import DEADLINE, Definition, Node, Rule
from rectilaw.engine.assessment import Action, Assessment, TraceStep
from rectilaw.engine.policy import Policy
from rectilaw.engine.timeline import Change

__all__ = [
    "LANGUAGES", "explain_assessment", "format_assessment", "format_timeline", "format_value",
]

#: The languages reports are written in.
LANGUAGES = ("zh", "en")

_WORDS = {
    "zh": {
        "finding": "问题", "policy": "依据", "today": "评估日期", "status": "整改状态",
        "due": "整改时限", "none": "无", "overdue": "逾期", "days": "天", "stage": "所处阶段",
        "actions": "应采取的措施", "by": "由", "target": "对象", "to": "报送", "until": "期限",
        "basis": "依据条款", "provisional": "暂定（以下年度放假安排尚未公布）",
        "why": "认定理由", "reads": "读取", "clause": "条款",
        "ahead": "今后的变化（如无新情况{bound}）", "bound": "，查至 {day}",
        "becomes_overdue": "开始逾期",
        "no_longer_overdue": "不再逾期", "dropped": "不再需要",
    },
    "en": {
        "finding": "finding", "policy": "policy", "today": "as of", "status": "status",
        "due": "deadline", "none": "none", "overdue": "overdue", "days": "days", "stage": "stage",
        "actions": "actions", "by": "by", "target": "target", "to": "to", "until": "due",
        "basis": "basis", "provisional": "provisional (holiday schedule not yet published)",
        "why": "why", "reads": "read", "clause": "clause",
        "ahead": "changes ahead (if nothing else happens{bound})", "bound": ", up to {day}",
        "becomes_overdue": "becomes overdue", "no_longer_overdue": "no longer overdue",
        "dropped": "no longer required",
    },
}


def format_value(value: Any, lang: str = "zh") -> str:
    """A fact's or outcome's value as people write it: dates ISO, flags 是/否 (yes/no)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if hasattr(value, "to_dict") and hasattr(value, "kind"):
        return f"{value.kind}@{value.on.isoformat()}"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, tuple):
        return ("、" if lang == "zh" else ", ").join(format_value(v, lang) for v in value) or "—"
    return str(value)


def format_assessment(assessment: Assessment, policy: Policy, lang: str = "zh",
                      with_trace: bool = True) -> str:
    """A readable report of one Assessment, naming parties in the policy's own words."""
    words = _WORDS[lang]
    parties = policy.parties
    a = assessment
    lines = [
        f"{words['finding']}: {a.finding_id or '—'}    {words['policy']}: {policy.title}",
        f"{words['today']}: {a.today.isoformat()}",
        f"{words['status']}: {a.status_label} ({a.status})",
    ]
    due = a.due.isoformat() if a.due else words["none"]
    if a.overdue_days:
        due += f"  ({words['overdue']} {a.overdue_days} {words['days']})"
    lines.append(f"{words['due']}: {due}")
    if a.stage is not None:
        lines.append(f"{words['stage']}: {a.stage_label} ({a.stage})")
    if a.provisional:
        lines.append(f"{words['provisional']}: {', '.join(map(str, a.provisional))}")
    lines.append(f"{words['actions']}:" if a.actions else f"{words['actions']}: {words['none']}")
    lines.extend(f"  - {_action_line(action, parties, lang)}" for action in a.actions)
    if with_trace:
        lines.append(f"{words['why']}:")
        for step in a.trace:
            facts = ", ".join(f"{k}={format_value(v, lang)}" for k, v in step.facts.items())
            lines.append(f"  - {step.kind} {format_value(step.outcome, lang)} ← {step.rule} "
                         f"[{', '.join(step.basis)}]" + (f"  {words['reads']}: {facts}"
                                                          if facts else ""))
    return "\n".join(lines)


def _action_line(action: Action, parties: Mapping[str, str], lang: str) -> str:
    """One action: wording and code, who acts on whom, its date and its clauses."""
    words = _WORDS[lang]
    who = parties.get(action.by, action.by) if action.by else "—"
    parts = [f"{action.label} [{action.code}]", f"{words['by']} {who}"]
    if action.target:
        parts.append(f"{words['target']} {parties.get(action.target, action.target)}")
    if action.to:
        parts.append(f"{words['to']} " + "、".join(parties.get(t, t) for t in action.to))
    if action.due:
        parts.append(f"{words['until']} {action.due.isoformat()}")
    parts.append(f"{words['basis']} {', '.join(action.basis)}")
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


# ----------------------------------------------------------------- the days ahead

def format_timeline(current: Assessment, changes: Sequence[Change], policy: Policy,
                    lang: str = "zh", until: date | None = None) -> str:
    """Today's answer, then each day ahead on which it changes and how.

    A scheduler's user reads what will happen and when without running the
    evaluation day by day: each change lists the status, stage or deadline
    that moves, whether the finding becomes overdue, the actions that become
    required (in full, as :func:`format_assessment` shows them) and those
    no longer required.
    """
    words = _WORDS[lang]
    lines = [format_assessment(current, policy, lang, with_trace=False)]
    bound = words["bound"].format(day=until.isoformat()) if until is not None else ""
    ahead = words["ahead"].format(bound=bound)
    if not changes:
        lines.append(f"{ahead}: {words['none']}")
        return "\n".join(lines)
    lines.append(f"{ahead}:")
    before = current
    for change in changes:
        after = change.assessment
        lines.append(f"  {change.on.isoformat()}")
        lines.extend(f"    {line}" for line in _differences(before, after, policy.parties, lang))
        before = after
    return "\n".join(lines)


def _differences(before: Assessment, after: Assessment, parties: Mapping[str, str],
                 lang: str) -> list[str]:
    """What differs from one day's answer to the next, for people (see :func:`format_timeline`)."""
    words = _WORDS[lang]
    lines = []
    if before.status != after.status:
        lines.append(f"{words['status']}: {before.status_label} ({before.status}) → "
                     f"{after.status_label} ({after.status})")
    if before.stage != after.stage:
        lines.append(f"{words['stage']}: {_stage(before)} → {_stage(after)}")
    if before.due != after.due:
        lines.append(f"{words['due']}: {format_value(before.due, lang)} → "
                     f"{format_value(after.due, lang)}")
    if (before.overdue_days > 0) != (after.overdue_days > 0):
        lines.append(words["becomes_overdue"] if after.overdue_days else
                     words["no_longer_overdue"])
    remaining = list(after.actions)
    dropped = []
    for action in before.actions:
        if action in remaining:
            remaining.remove(action)
        else:
            dropped.append(action)
    lines.extend(f"+ {_action_line(action, parties, lang)}" for action in remaining)
    lines.extend(f"- {words['dropped']}: {action.label} [{action.code}]" for action in dropped)
    return lines


def _stage(a: Assessment) -> str:
    return f"{a.stage_label} ({a.stage})" if a.stage is not None else "—"


# ----------------------------------------------------------------- explanation in prose

_PROSE = {
    "zh": {
        "opening": "问题 {finding} 依《{title}》（{policy}）于 {today} 的认定如下。",
        "no_id": "（未编号）",
        "deadlines": "期限", "status": "整改状态", "stage": "所处阶段",
        "actions": "应采取的措施", "no_actions": "当前无须采取措施。", "clauses": "所引条款",
        "deadline": "{label}：{value}。",
        "main_deadline": "{label}（整改时限）：{value}。",
        "unset": "未能确定（所依据的日期均未填写）",
        "overdue": "已逾期 {days} 天",
        "computed": "按 {expr} 计算（依据{clauses}）",
        "status_line": "认定为“{label}”（{code}）：{why}。",
        "stage_line": "“{label}”（{code}）：{why}。",
        "holds": "{expr} 成立（依据{clauses}）",
        "otherwise": "此前各项条件均不成立（依据{clauses}）",
        "exception": "规则 {rule} 本可适用{facts}，但例外情形 {expr} 成立（依据{clauses}），"
                     "故不适用。",
        "action": "{n}. {label}（{code}）：{parties}{due}。适用条件：{why}。",
        "by": "由{who}实施", "on": "，对象为{who}", "to": "，报送{who}", "due": "，期限 {day}",
        "level": "，级别 {level}", "way": "，方式 {way}",
        "facts": "其中 {facts}", "inline_facts": "（{facts}）",
        "fact": "{label}（{name}）为 {value}",
        "fact_unset": "{label}（{name}）未填写",
        "clause_ref": "条款 {ids}", "clause_refs": "条款 {ids}", "join": "、", "sentence": "，",
        "provisional": "注意：本认定所用期限涉及尚未公布放假安排的年度（{years}），为暂定结果。",
        "today": "评估日期", "status_fact": "整改状态", "stage_fact": "所处阶段",
        "sections": "一二三四五六七八九十",
    },
    "en": {
        "opening": "Finding {finding} under “{title}” ({policy}), as of {today}.",
        "no_id": "(no id)",
        "deadlines": "Deadlines", "status": "Status", "stage": "Stage",
        "actions": "Actions required", "no_actions": "No action is required now.",
        "clauses": "Clauses cited",
        "deadline": "{label}: {value}.",
        "main_deadline": "The rectification deadline ({label}): {value}.",
        "unset": "not determined (none of the dates it rests on is set)",
        "overdue": "overdue by {days} days",
        "computed": "computed as {expr} (under {clauses})",
        "status_line": "“{label}” ({code}), because {why}.",
        "stage_line": "“{label}” ({code}), because {why}.",
        "holds": "{expr} holds (under {clauses})",
        "otherwise": "none of the rules before applies (under {clauses})",
        "exception": "Rule {rule} would apply{facts}, but its exception {expr} holds (under "
                     "{clauses}), so it does not.",
        "action": "{n}. {label} ({code}): {parties}{due}; because {why}.",
        "by": "by {who}", "on": ", concerning {who}", "to": ", reported to {who}",
        "due": ", due {day}", "level": ", level {level}", "way": ", by way of {way}",
        "facts": "with {facts}", "inline_facts": " (with {facts})",
        "fact": "{name} = {value}",
        "fact_unset": "{name} not set",
        "clause_ref": "clause {ids}", "clause_refs": "clauses {ids}", "join": ", ",
        "sentence": "; ",
        "provisional": "Note: a deadline relies on years whose holiday schedule is not yet "
                       "published ({years}); the answer is provisional.",
        "today": "today", "status_fact": "status", "stage_fact": "stage",
        "sections": "",
    },
}


def explain_assessment(assessment: Assessment, policy: Policy, lang: str = "zh") -> str:
    """Why the assessment is what it is, in prose that cites and quotes the clauses."""
    return _Explainer(policy, lang).explain(assessment)


def _source_text(node: Node | None) -> str:
    if node is None or node.span is None:
        return ""
    return "`" + " ".join(node.span.text.split()) + "`"


class _Explainer:
    def __init__(self, policy: Policy, lang: str) -> None:
        if lang not in _PROSE:
            raise ValueError(f"no explanations in `{lang}`: choose one of {', '.join(_PROSE)}")
        self.policy = policy
        self.lang = lang
        self.words = _PROSE[lang]
        self.cited: dict[str, None] = {}
        model = policy.model
        self.rules: dict[str, Rule] = {r.id: r for _, r in model.status.rules}
        if model.stage is not None:
            self.rules.update({r.id: r for _, r in model.stage.rules})
        self.rules.update({r.id: r for a in model.actions for r in a.rules})
        self.definitions: dict[str, Definition] = {d.rule_id: d for d in model.definitions}
        self.labels = {f.name: f.label for f in model.facts}

    def explain(self, a: Assessment) -> str:
        w = self.words
        lines = [w["opening"].format(finding=a.finding_id or w["no_id"], title=self.policy.title,
                                     policy=self.policy.id, today=a.today.isoformat())]
        trace = a.trace
        sections: list[tuple[str, list[str]]] = []
        deadlines = [self.deadline(s, a) for s in trace if s.kind == "deadline"]
        if deadlines:
            sections.append((w["deadlines"], deadlines))
        decided = [self.exception(s) for s in trace if s.kind == "exception"]
        decided += [self.decision(s, a.status_label, "status_line")
                    for s in trace if s.kind == "status"]
        sections.append((w["status"], decided))
        stages = [self.decision(s, a.stage_label or "", "stage_line")
                  for s in trace if s.kind == "stage"]
        if stages:
            sections.append((w["stage"], stages))
        steps = [s for s in trace if s.kind == "action"]
        actions = [self.action(n, step, action)
                   for n, (step, action) in enumerate(zip(steps, a.actions, strict=True), 1)]
        sections.append((w["actions"], actions or [w["no_actions"]]))
        sections.append((w["clauses"], self.clauses()))
        for number, (title, body) in enumerate(sections):
            lines.append("")
            lines.append(self.heading(number, title))
            lines.extend(f"  {line}" for entry in body for line in entry.split("\n"))
        if a.provisional:
            lines.append("")
            lines.append(w["provisional"].format(years=", ".join(map(str, a.provisional))))
        return "\n".join(lines)

    def heading(self, number: int, title: str) -> str:
        numerals = self.words["sections"]
        if numerals and number < len(numerals):
            return f"{numerals[number]}、{title}"
        return title

    # ------------------------------------------------------------ pieces
    def cite(self, ids: Iterable[str]) -> str:
        ids = tuple(ids)
        self.cited.update(dict.fromkeys(ids))
        key = "clause_ref" if len(ids) == 1 else "clause_refs"
        return self.words[key].format(ids=self.words["join"].join(ids))

    def facts(self, facts: Mapping[str, Any], inline: bool = False) -> str:
        """The values a step read, as a clause of the sentence (or in parentheses)."""
        w = self.words
        names = {"today": w["today"], "status": w["status_fact"], "stage": w["stage_fact"]}
        parts = []
        for name, value in facts.items():
            label = self.labels.get(name, names.get(name, name))
            if value is None:
                parts.append(w["fact_unset"].format(label=label, name=name))
            else:
                parts.append(w["fact"].format(label=label, name=name,
                                              value=format_value(value, self.lang)))
        if not parts:
            return ""
        if inline:
            return w["inline_facts"].format(facts=w["join"].join(parts))
        return w["sentence"] + w["facts"].format(facts=w["join"].join(parts))

    def why(self, rule: Rule | None, step: TraceStep) -> str:
        w = self.words
        clauses = self.cite(step.basis)
        if rule is not None and rule.condition is None:
            reason = w["otherwise"].format(clauses=clauses)
        else:
            expr = _source_text(rule.condition if rule is not None else None) or step.rule
            reason = w["holds"].format(expr=expr, clauses=clauses)
        return reason + self.facts(step.facts)

    def deadline(self, step: TraceStep, a: Assessment) -> str:
        w = self.words
        definition = self.definitions.get(step.rule)
        label = (definition.label if definition is not None else None) or step.rule
        value = format_value(step.outcome, self.lang) if step.outcome is not None else w["unset"]
        main = definition is not None and definition.name == DEADLINE
        if main and a.overdue_days:
            value += w["sentence"] + w["overdue"].format(days=a.overdue_days)
        key = "main_deadline" if main else "deadline"
        if main and self.lang == "zh" and label == "整改时限":
            key = "deadline"
        if not main and definition is not None and self.lang == "en":
            label = f"{label} ({definition.name})"
        head = w[key].format(label=label, value=value)
        expr = _source_text(definition.expr if definition is not None else None) or step.rule
        body = w["computed"].format(expr=expr, clauses=self.cite(step.basis))
        return head + "\n  " + body + self.facts(step.facts) + ("。" if self.lang == "zh" else ".")

    def decision(self, step: TraceStep, label: str, key: str) -> str:
        return self.words[key].format(label=label, code=step.outcome,
                                      why=self.why(self.rules.get(step.rule), step))

    def exception(self, step: TraceStep) -> str:
        rule = self.rules.get(step.rule)
        exprs = [_source_text(node) for node, _ in rule.exceptions] if rule is not None else []
        return self.words["exception"].format(
            rule=step.rule, expr=self.words["join"].join(e for e in exprs if e) or "—",
            clauses=self.cite(step.basis), facts=self.facts(step.facts, inline=True),
        )

    def action(self, number: int, step: TraceStep, action: Action) -> str:
        w = self.words
        parties = self.policy.parties

        def who(name: str) -> str:
            label = parties.get(name, name)
            return label if self.lang == "zh" else f"{label} ({name})"

        text = w["by"].format(who=who(action.by)) if action.by else ""
        if action.target:
            text += w["on"].format(who=who(action.target))
        if action.to:
            text += w["to"].format(who=w["join"].join(who(t) for t in action.to))
        if action.level:
            text += w["level"].format(level=action.level)
        if action.way:
            text += w["way"].format(way=action.way)
        due = w["due"].format(day=action.due.isoformat()) if action.due else ""
        return w["action"].format(n=number, label=action.label, code=action.code,
                                  parties=text.lstrip("，, "), due=due,
                                  why=self.why(self.rules.get(step.rule), step))

    def clauses(self) -> list[str]:
        """The clauses cited, in the document's order, each with its original wording."""
        out = []
        for clause in self.policy.model.clauses:
            if clause.id not in self.cited:
                continue
            title = f" {clause.title}" if clause.title else ""
            out.append(f"{self.words['clause_ref'].format(ids=clause.id)}{title}\n"
                       f"  “{clause.text}”")
        return out
