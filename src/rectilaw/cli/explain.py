"""``rectilaw explain``: why a finding is assessed as it is, in prose citing the clauses."""

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
                        help="zh (default, the policies' own language) or en")


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.report import explain_assessment

    finding, policy, today = question_from_args(args, console)
    assessment = policy.evaluate(finding, today=today)
    explanation = explain_assessment(assessment, policy, lang=args.lang)
    if args.format == "json":
        console.print(to_json({
            "policy": policy.id,
            "id": assessment.finding_id,
            "today": today.isoformat(),
            "lang": args.lang,
            "explanation": explanation,
            "assessment": assessment.to_dict(),
        }))
    else:
        console.print(explanation)
    return OK


COMMAND = Command(
    name="explain",
    summary="explain in prose why a finding is assessed as it is",
    description=(
        "Explain the assessment of one finding in prose: each deadline and how it is\n"
        "computed, the rule that decided the status and the stage, every action required\n"
        "and why, each citing its clauses, then the original wording of every clause cited.\n"
        "In Chinese by default; --lang en for English. --format json gives the same prose\n"
        "with the assessment, for a system that shows it."
    ),
    examples=(
        "rectilaw explain --policy sasac --today 2024-08-01 finding.json",
        "rectilaw explain -p sasac -t 2024-08-01 --lang en finding.json",
        "rectilaw explain -p sasac - < finding.json      # --today: today in Asia/Shanghai",
    ),
    configure=_configure,
    run=_run,
    formats=("text", "json"),
    evaluates=True,
)
