"""Every rule of a policy that can cite a clause, with the words a page shows for it.

The checker records, for each clause, the ids of the rules that cite it
(``status:rectified#1``, ``action:interview#3``, ``let:overdue``,
``deadline:deadline``, ``fact:special_reason``, ``param:rectification_limit``).
The catalogue maps each such id to a short link text, a summary in the
policy's own words, and the rule's text: as written where the source is at
hand, rebuilt from the model otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from rectilaw.dsl.model import (
    DEADLINE,
    ActionModel,
    FactModel,
    ParamModel,
    PolicyModel,
    Rule,
    Type,
)
from rectilaw.sphinx.text import Names, code, quote, source_lines, value_code

__all__ = ["RuleView", "catalogue", "fact_code", "param_code"]


@attrs.frozen
class RuleView:
    """How a page shows one rule."""

    rule_id: str
    link: str
    summary: str
    source: str
    citation: tuple[str, ...]


def _number(rule: Rule) -> str:
    return rule.id.rpartition("#")[2]


def _rule_source(rule: Rule) -> str:
    if rule.span is not None:
        return source_lines(rule.span)
    text = f"when {code(rule.condition)}" if rule.condition is not None else "otherwise"
    unless = "".join(f"\n  unless {code(node)} [{', '.join(cite)}]"
                     for node, cite in rule.exceptions)
    return f"{text} [{', '.join(rule.citation)}]{unless}"


def _type_code(type_: Type) -> str:
    return f"enum({', '.join(type_.values)})" if type_.kind == "enum" else type_.kind


def fact_code(fact: FactModel) -> str:
    """The declaration of a fact in the rule language."""
    cite = f" [{', '.join(fact.citation)}]" if fact.citation else ""
    if fact.from_schema:
        return f"fact {fact.name}{cite}"
    return f"fact {fact.name}: {_type_code(fact.type)} {quote(fact.label)}{cite}"


def param_code(param: ParamModel) -> str:
    """The declaration of a parameter in the rule language, one value per line."""
    label = f" {quote(param.label)}" if param.label else ""
    lines: list[str] = []
    for value in param.values:
        given = value_code(value.value, param.type.kind)
        basis = (f"assumed {quote(value.assumed)}" if value.assumed is not None
                 else f"[{', '.join(value.citation)}]")
        lead = f"param {param.name}{label} =" if not lines else f"  from {value.effective} ="
        lines.append(f"{lead} {given} {basis}")
    return "\n".join(lines)


def _decision_views(model: PolicyModel, names: Names) -> Iterator[RuleView]:
    decisions = [model.status, *([model.stage] if model.stage else [])]
    for decision in decisions:
        verb = "认定为" if decision.kind == "status" else "阶段："
        if decision.decided_by is not None:
            party = names.party(decision.decided_by)
            cited = ", ".join(decision.decided_basis)
            yield RuleView(f"{decision.kind}:decided", f"{decision.kind} decided by",
                           f"以「{party}」记录的认定为准",
                           f"decided by {decision.decided_by} [{cited}]", decision.decided_basis)
        for outcome, rule in decision.rules:
            yield RuleView(rule.id, f"{decision.kind} {outcome.code} #{_number(rule)}",
                           f"{verb}「{outcome.label}」", _rule_source(rule), rule.citation)


def _action_views(model: PolicyModel, names: Names) -> Iterator[RuleView]:
    for action in model.actions:
        who = " → ".join(p for p in (names.party(action.by), names.party(action.target)) if p)
        summary = f"{action.label}（{who}）" if who else action.label
        for rule in action.rules:
            yield RuleView(rule.id, f"action {action.id} #{_number(rule)}", summary,
                           _rule_source(rule), rule.citation)


def _definition_views(model: PolicyModel, names: Names) -> Iterator[RuleView]:
    for definition in model.definitions:
        link = (f"{definition.kind} {definition.name}" if definition.name != DEADLINE
                else "deadline")
        source = (source_lines(definition.span) if definition.span is not None
                  else f"{definition.kind} {definition.name} = {code(definition.expr)}")
        yield RuleView(definition.rule_id, link, definition.label or definition.name, source,
                       definition.citation)


def _header_lines(text: str) -> str:
    """The lines of a block declaration up to its opening brace."""
    return text.split("{", 1)[0].rstrip()


def _escalation_views(model: PolicyModel, names: Names) -> Iterator[RuleView]:
    for ladder in model.ladders:
        source = (_header_lines(source_lines(ladder.span)) if ladder.span is not None
                  else f"ladder {ladder.name} {quote(ladder.label)}")
        yield RuleView(f"ladder:{ladder.name}", f"ladder {ladder.name}", ladder.label, source,
                       ladder.citation)
        for step in ladder.steps:
            yield from _emitted_views(step.action, f"step {step.code}", names)
    for block in model.afters:
        kinds = ", ".join(block.kinds)
        label = block.label or f"{kinds} 之后"
        source = (_header_lines(source_lines(block.span)) if block.span is not None
                  else f"after {kinds}")
        yield RuleView(block.id, f"after {kinds}", label, source, block.citation)
        for follow_up in block.follow_ups:
            yield from _emitted_views(follow_up.action, f"follow-up {follow_up.code}", names)


def _emitted_views(action: ActionModel, link: str, names: Names) -> Iterator[RuleView]:
    who = " → ".join(p for p in (names.party(action.by), names.party(action.target)) if p)
    summary = f"{action.label}（{who}）" if who else action.label
    for rule in action.rules:
        source = source_lines(rule.span) if rule.span is not None else link
        yield RuleView(rule.id, link, summary, source, rule.citation)


def _declaration_views(model: PolicyModel, names: Names) -> Iterator[RuleView]:
    for fact in model.facts:
        if fact.citation:
            yield RuleView(f"fact:{fact.name}", f"fact {fact.name}", fact.label, fact_code(fact),
                           fact.citation)
    for param in model.params:
        cited = tuple(dict.fromkeys(c for v in param.values for c in v.citation))
        if cited:
            yield RuleView(f"param:{param.name}", f"param {param.name}",
                           param.label or param.name, param_code(param), cited)


def catalogue(model: PolicyModel, names: Names) -> Mapping[str, RuleView]:
    """Every rule of ``model`` that cites a clause, by rule id."""
    views: dict[str, RuleView] = {}
    sources = (_decision_views, _action_views, _escalation_views, _definition_views,
               _declaration_views)
    for source in sources:
        for view in source(model, names):
            views.setdefault(view.rule_id, view)
    return views
