"""``rectilaw policies``: the built-in policies, their documents, versions and dates."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from rectilaw.cli.command import ERROR, OK, Command, Console, render_policy_error, to_json

if TYPE_CHECKING:
    from rectilaw.dsl.model import PolicyInfo

__all__ = ["COMMAND", "info_dict"]

_FIELDS = ("issuer", "number", "issued", "effective", "until", "version", "source")


def info_dict(info: PolicyInfo) -> dict[str, Any]:
    """A policy's header as JSON-ready data, in a stable order."""
    out: dict[str, Any] = {"id": info.id, "title": info.title, "title_en": info.title_en}
    for field in _FIELDS:
        value = getattr(info, field)
        out[field] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def _configure(parser: argparse.ArgumentParser) -> None:
    """No options of its own: --format and --output are the common ones."""


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.errors import PolicyError
    from rectilaw.loader import load_policy
    from rectilaw.policies import builtin_names

    code = OK
    rows: list[dict[str, Any]] = []
    for name in builtin_names():
        try:
            policy = load_policy(name)
        except PolicyError as error:
            console.print(render_policy_error(error, "policies"), err=True)
            code = ERROR
            continue
        row = info_dict(policy.info)
        clauses = policy.clauses
        row["clauses"] = len(clauses)
        row["encoded"] = sum(1 for c in clauses if c.encoded)
        row["assumptions"] = len(policy.assumptions)
        rows.append(row)
    if args.format == "json":
        console.print(to_json(rows))
        return code
    for index, row in enumerate(rows):
        if index:
            console.print()
        _show(console, row)
    return code


def _show(console: Console, row: dict[str, Any]) -> None:
    pad = " " * (len(row["id"]) + 2)
    console.print(f"{console.paint(row['id'], 'bold')}  {row['title']}")
    if row["title_en"]:
        console.print(f"{pad}{row['title_en']}")
    details = [f"{field} {row[field]}" for field in _FIELDS if row[field] is not None]
    if row["effective"] is None:
        details.append("effective date not stated")
    console.print(pad + " · ".join(details))
    assumed = row["assumptions"]
    console.print(f"{pad}{row['clauses']} clauses, {row['encoded']} encoded; "
                  f"{assumed} assumed value{'' if assumed == 1 else 's'}")


COMMAND = Command(
    name="policies",
    summary="list the built-in policies",
    description=(
        "List the built-in policies: the name to pass to --policy, the document's title,\n"
        "issuer, number, dates and version, and how many of its clauses are encoded."
    ),
    examples=(
        "rectilaw policies",
        "rectilaw policies --format json",
        "rectilaw clauses sasac          # the clauses of one of them",
    ),
    configure=_configure,
    run=_run,
    formats=("text", "json"),
)
