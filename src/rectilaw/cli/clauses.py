"""``rectilaw clauses P``: each clause of a policy, and whether and where it is encoded."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from rectilaw.cli.command import OK, Command, Console, to_json

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy
    from rectilaw.errors import Span

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("policy", metavar="P",
                        help="a built-in policy (see `rectilaw policies`) or a .rules file")
    parser.add_argument("--text", action="store_true",
                        help="also print each clause's original wording")


def _places(policy: Policy) -> dict[str, Span]:
    """Where each rule that can cite a clause is written, by rule id."""
    from rectilaw.dsl import ast
    from rectilaw.dsl.parser import parse

    model = policy.model
    places: dict[str, Span] = {}
    for definition in model.definitions:
        if definition.span is not None:
            places[definition.rule_id] = definition.span
    decisions = [model.status, *([model.stage] if model.stage is not None else [])]
    rules = [rule for decision in decisions for _, rule in decision.rules]
    rules += [rule for action in model.actions for rule in action.rules]
    for rule in rules:
        if rule.span is not None:
            places[rule.id] = rule.span
    for param in model.params:
        if param.span is not None:
            places[f"param:{param.name}"] = param.span
    for declaration in parse(policy.text, policy.origin).declarations:
        facts = declaration.facts if isinstance(declaration, ast.FactGroup) else (declaration,)
        for fact in facts:
            if isinstance(fact, ast.Fact):
                places[f"fact:{fact.name.value}"] = fact.span
    return places


def _rows(policy: Policy) -> list[dict[str, Any]]:
    places = _places(policy)
    rows = []
    for clause in policy.clauses:
        cited_by = []
        for rule in clause.cited_by:
            span = places.get(rule)
            cited_by.append({"rule": rule, "file": span.source.name if span else None,
                             "line": span.line if span else None})
        rows.append({
            "id": clause.id,
            "title": clause.title,
            "encoded": clause.encoded,
            "not_encoded": clause.not_encoded,
            "cited_by": cited_by,
            "text": clause.text,
        })
    return rows


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.loader import load_policy

    policy = load_policy(args.policy)
    rows = _rows(policy)
    if args.format == "json":
        console.print(to_json({"policy": policy.id, "clauses": rows}))
        return OK
    width = max(len(row["id"]) for row in rows) if rows else 0
    pad = " " * (width + 2)
    for row in rows:
        console.print(f"{console.paint(row['id'].ljust(width), 'bold')}  {row['title'] or ''}"
                      .rstrip())
        if row["text"] and args.text:
            console.print(f"{pad}“{row['text']}”")
        if row["cited_by"]:
            where = ", ".join(
                f"{c['rule']} (line {c['line']})" if c["line"] else c["rule"]
                for c in row["cited_by"]
            )
            console.print(f"{pad}{console.paint('encoded', 'green')} by {where}")
        if row["not_encoded"] is not None:
            console.print(f"{pad}{console.paint('not encoded', 'dim')}: {row['not_encoded']}")
        if not row["cited_by"] and row["not_encoded"] is None:
            console.print(f"{pad}{console.paint('neither encoded nor explained', 'yellow')}")
    encoded = sum(1 for row in rows if row["encoded"])
    explained = sum(1 for row in rows if not row["encoded"] and row["not_encoded"] is not None)
    console.print()
    console.print(f"{policy.id}: {len(rows)} clauses, {encoded} encoded, {explained} not "
                  f"encoded with a reason, {len(rows) - encoded - explained} neither "
                  f"({policy.origin})")
    return OK


COMMAND = Command(
    name="clauses",
    summary="list a policy's clauses and the rules that encode them",
    description=(
        "List each clause of a policy's source document: whether it is encoded, by which\n"
        "rules and on which line of the rule file, or why it is not encoded."
    ),
    examples=(
        "rectilaw clauses sasac",
        "rectilaw clauses sasac --text                  # with each clause's wording",
        "rectilaw clauses policies/sasac.rules --format json",
    ),
    configure=_configure,
    run=_run,
    formats=("text", "json"),
)
