"""What hovering over a name shows: the policy's own words for it, and what it is.

A clause shows its title and its quoted text; a fact its Chinese name, its
type and whether it comes from the shared schema; a parameter its values,
each with its citation or the reason it was assumed; a definition its
reading in Chinese (as the documentation gives it), its type and its
citation; a party, an outcome or an action its label.  The syntax tree of the
text being edited is always used; the checked model, where the text checks
(or checked a moment ago), adds types, readings and who cites a clause.
"""

from __future__ import annotations

from collections.abc import Iterable

from rectilaw.dsl import ast
from rectilaw.dsl.model import PolicyModel
from rectilaw.lsp import adapter
from rectilaw.lsp.symbols import DEADLINE, Index, Symbol

__all__ = ["hover_markdown"]


def hover_markdown(symbol: Symbol, index: Index, model: PolicyModel | None) -> str | None:
    """The hover text (Markdown) for the name under the cursor, or None for nothing to say."""
    writer = _WRITERS.get(symbol.kind)
    if writer is None:
        return None
    text = writer(symbol.name, index, model)
    return text or None


def _citation(citation: ast.Citation | None) -> str:
    return f"[{', '.join(citation.ids)}]" if citation is not None else ""


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def _lines(*parts: str | None) -> str:
    return "\n\n".join(p for p in parts if p)


def _clause(name: str, index: Index, model: PolicyModel | None) -> str:
    decl = index.declaration_of("clause", name)
    if not isinstance(decl, ast.Clause):
        return _lines(f"**clause {name}**", "not a clause of this policy")
    title = f" {decl.title.value}" if decl.title is not None else ""
    cited = ""
    if model is not None:
        try:
            by = model.clause(name).cited_by
        except StopIteration:
            by = ()
        cited = f"cited by {len(by)} rule{'s' if len(by) != 1 else ''}" if by else \
            "cited by no rule"
    not_encoded = f"*not encoded:* {decl.not_encoded.value}" if decl.not_encoded else None
    return _lines(f"**clause {name}**{title}", _quote(decl.text.value), not_encoded, cited)


def _fact(name: str, index: Index, model: PolicyModel | None) -> str:
    spec = adapter.FIELDS.get(name)
    decl = index.declaration_of("fact", name)
    checked = next((f for f in model.facts if f.name == name), None) if model else None
    if isinstance(decl, ast.Fact) and decl.label is not None:
        label: str | None = decl.label.value
    else:
        label = spec.label if spec is not None else None
    if checked is not None:
        type_ = str(checked.type)
    elif isinstance(decl, ast.Fact) and decl.type is not None:
        type_ = decl.type.name
    elif spec is not None:
        type_ = spec.type
    else:
        type_ = None
    if spec is not None and not (isinstance(decl, ast.Fact) and decl.type is not None):
        origin = "a fact of the shared schema"
        if spec.values:
            origin += f"; values: {', '.join(f'`{v}`' for v in spec.values)}"
    elif decl is not None:
        origin = "a fact of this policy's own"
    else:
        origin = "not declared in this policy"
    citation = _citation(decl.citation) if isinstance(decl, ast.Fact) else ""
    head = f"**fact `{name}`**" + (f": {type_}" if type_ else "")
    return _lines(head, label, origin + (f" {citation}" if citation else ""))


def _param(name: str, index: Index, model: PolicyModel | None) -> str:
    decl = index.declaration_of("param", name)
    if not isinstance(decl, ast.Param):
        return f"**param `{name}`**"
    checked = None
    if model is not None:
        try:
            checked = model.param(name)
        except StopIteration:
            checked = None
    type_ = f": {checked.type}" if checked is not None else ""
    values = [_param_value(value) for value in decl.values]
    overridden = "*overridden by the deployment*" if checked and checked.overridden else None
    return _lines(f"**param `{name}`**{type_}", decl.label.value if decl.label else None,
                  "\n".join(values), overridden)


def _param_value(value: ast.ParamValue) -> str:
    written = value.value.span.text
    since = f"from {value.effective.span.text}: " if value.effective is not None else ""
    if value.assumed is not None:
        return f"- {since}`{written}` — *assumed:* {value.assumed.value}"
    return f"- {since}`{written}` {_citation(value.citation)}"


def _definition(name: str, index: Index, model: PolicyModel | None) -> str:
    decl = index.declaration_of("definition", name)
    if not isinstance(decl, ast.Let | ast.Deadline):
        return f"**`{name}`**"
    kind = "let" if isinstance(decl, ast.Let) else "deadline"
    shown = "the rectification deadline" if name == DEADLINE else f"`{name}`"
    label = decl.label.value if decl.label is not None else None
    checked = None
    if model is not None:
        try:
            checked = model.definition(name)
        except StopIteration:
            checked = None
    type_ = f": {checked.expr.type}" if checked is not None else ""
    written = " ".join(decl.expr.span.text.split())
    chinese = adapter.reading(checked.expr, model) if checked and model else None
    return _lines(f"**{kind} {shown}**{type_}", label, f"`= {written}` {_citation(decl.citation)}",
                  f"读作：{chinese}" if chinese else None)


def _party(name: str, index: Index, model: PolicyModel | None) -> str:
    decl = index.declaration_of("party", name)
    label = decl.label.value if isinstance(decl, ast.Party) else "not declared in this policy"
    return _lines(f"**party `{name}`**", label)


def _outcome(name: str, index: Index, model: PolicyModel | None) -> str:
    decl = index.declaration_of("outcome", name)
    if not isinstance(decl, ast.Outcome):
        return f"**`{name}`**"
    decision = next((d for d in index.tree.declarations if isinstance(d, ast.Decision)
                     and any(o is decl for o in d.outcomes)), None)
    kind = decision.kind if decision is not None else "outcome"
    rules = len(decl.alternatives)
    return _lines(f"**{kind} `{name}`**", decl.label.value,
                  f"{rules} rule{'s' if rules != 1 else ''}")


def _action(name: str, index: Index, model: PolicyModel | None) -> str:
    declared = [s.node for s in index.declarations("action", name)]
    shared = adapter.ACTIONS.get(name)
    parts = [f"**action `{name}`**"]
    for decl in declared:
        if isinstance(decl, ast.Action | ast.Step | ast.FollowUp):
            parts.append(decl.label.value + _parties(decl.properties))
    parts.append(f"shared vocabulary: {shared}" if shared else
                 "this policy's own action (not in the shared vocabulary)")
    return _lines(*parts)


def _parties(properties: Iterable[ast.ActionProperty]) -> str:
    said = [f"{p.key} {', '.join(n.value for n in p.names)}" for p in properties
            if p.key in ("by", "target", "to") and p.names]
    return f" ({'; '.join(said)})" if said else ""


def _ladder(name: str, index: Index, model: PolicyModel | None) -> str:
    decl = index.declaration_of("ladder", name)
    if not isinstance(decl, ast.Ladder):
        return f"**ladder `{name}`**"
    steps = ", ".join(f"`{s.code.value}`" for s in decl.steps)
    return _lines(f"**ladder `{name}`** {_citation(decl.citation)}", decl.label.value,
                  f"steps: {steps}")


def _policy(name: str, index: Index, model: PolicyModel | None) -> str:
    header = index.tree.header
    fields = {f.key.value: str(f.value.value) for f in header.fields}
    return _lines(f"**policy `{name}`**", fields.get("title"), fields.get("issuer"))


_WRITERS = {
    "clause": _clause,
    "fact": _fact,
    "param": _param,
    "definition": _definition,
    "party": _party,
    "outcome": _outcome,
    "action": _action,
    "ladder": _ladder,
    "policy": _policy,
}
