"""Assessments as text for people: a short report in Chinese or English."""

from __future__ import annotations

from typing import Any

from rectilaw.engine.assessment import Assessment
from rectilaw.engine.policy import Policy

__all__ = ["format_assessment"]

_WORDS = {
    "zh": {
        "finding": "问题", "policy": "依据", "today": "评估日期", "status": "整改状态",
        "due": "整改时限", "none": "无", "overdue": "逾期", "days": "天", "stage": "所处阶段",
        "actions": "应采取的措施", "by": "由", "target": "对象", "to": "报送", "until": "期限",
        "basis": "依据条款", "provisional": "暂定（以下年度放假安排尚未公布）",
        "why": "认定理由", "reads": "读取", "clause": "条款",
    },
    "en": {
        "finding": "finding", "policy": "policy", "today": "as of", "status": "status",
        "due": "deadline", "none": "none", "overdue": "overdue", "days": "days", "stage": "stage",
        "actions": "actions", "by": "by", "target": "target", "to": "to", "until": "due",
        "basis": "basis", "provisional": "provisional (holiday schedule not yet published)",
        "why": "why", "reads": "read", "clause": "clause",
    },
}


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, tuple):
        return "、".join(_value(v) for v in value) or "—"
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
    for action in a.actions:
        who = parties.get(action.by, action.by) if action.by else "—"
        parts = [f"  - {action.label} [{action.code}]", f"{words['by']} {who}"]
        if action.target:
            parts.append(f"{words['target']} {parties.get(action.target, action.target)}")
        if action.to:
            parts.append(f"{words['to']} " + "、".join(parties.get(t, t) for t in action.to))
        if action.due:
            parts.append(f"{words['until']} {action.due.isoformat()}")
        parts.append(f"{words['basis']} {', '.join(action.basis)}")
        lines.append("；".join(parts) if lang == "zh" else "; ".join(parts))
    if with_trace:
        lines.append(f"{words['why']}:")
        for step in a.trace:
            facts = ", ".join(f"{k}={_value(v)}" for k, v in step.facts.items())
            lines.append(f"  - {step.kind} {_value(step.outcome)} ← {step.rule} "
                         f"[{', '.join(step.basis)}]" + (f"  {words['reads']}: {facts}"
                                                          if facts else ""))
    return "\n".join(lines)
