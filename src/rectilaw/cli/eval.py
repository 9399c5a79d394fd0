"""``rectilaw eval``: the Assessment of one finding, as JSON or as readable text."""

from __future__ import annotations

import argparse

from rectilaw.cli.command import OK, Command, Console, to_json
from rectilaw.cli.inputs import (
    add_policy_arguments,
    question_from_args,
)
from rectilaw.cli.options import LANGUAGES

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_policy_arguments(parser)
    parser.add_argument("--lang", choices=LANGUAGES, default="zh",
                        help="language of --format text (default: zh)")


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.report import format_assessment

    finding, policy, today = question_from_args(args, console)
    assessment = policy.evaluate(finding, today=today)
    if args.format == "json":
        console.print(to_json(assessment.to_dict()))
    else:
        console.print(format_assessment(assessment, policy, lang=args.lang))
    return OK


COMMAND = Command(
    name="eval",
    summary="evaluate one finding under a policy",
    description=(
        "Evaluate one audit finding (a JSON object of the shared schema's fields) under a\n"
        "policy on a given day: its status, deadline, overdue days, stage, the actions now\n"
        "required and the trace of the rules that decided. A malformed finding is refused\n"
        "with every bad field named (exit 2)."
    ),
    examples=(
        "rectilaw eval --policy sasac --today 2024-08-01 finding.json",
        "rectilaw eval -p sasac -t 2024-08-01 --format text --lang en finding.json",
        "rectilaw eval -p policies/sasac.rules --params rectification_limit='3 months' "
        "finding.json",
        "echo '{\"issued_on\": \"2024-01-12\", \"corrected\": true}' | "
        "rectilaw eval -p sasac -t 2024-07-01 -",
    ),
    configure=_configure,
    run=_run,
    formats=("json", "text"),
    default_format="json",
    evaluates=True,
)
