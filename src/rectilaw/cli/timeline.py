"""``rectilaw timeline``: the days ahead on which a finding's answer changes, and how.

A case officer or a scheduler wants to know, once, when the next reminder,
interview or deadline falls, instead of evaluating the finding every day.
The answer comes from :meth:`rectilaw.Policy.timeline`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from rectilaw.cli.command import OK, Command, CommandError, Console, to_json
from rectilaw.cli.inputs import (
    add_policy_arguments,
    parse_date,
    question_from_args,
)
from rectilaw.cli.options import LANGUAGES

if TYPE_CHECKING:
    from rectilaw.engine.assessment import Assessment

__all__ = ["COMMAND", "state_dict"]


def state_dict(answer: Assessment) -> dict[str, Any]:
    """The parts of an answer a timeline follows, under the keys each change uses."""
    return {
        "status": answer.status,
        "stage": answer.stage,
        "due": answer.due.isoformat() if answer.due else None,
        "overdue": answer.overdue_days > 0,
        "actions": [action.to_dict() for action in answer.actions],
    }


def _configure(parser: argparse.ArgumentParser) -> None:
    add_policy_arguments(parser)
    parser.add_argument("--until", "-u", type=parse_date, metavar="YYYY-MM-DD",
                        help="look no further than this day, included (default: every change; "
                        "for a policy whose dates move with the day itself, the next 366 days)")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh",
                        help="language of --format text (default: zh)")


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.report import format_timeline

    finding, policy, today = question_from_args(args, console)
    if args.until is not None and args.until < today:
        raise CommandError(f"--until {args.until.isoformat()} is before --today "
                           f"{today.isoformat()}")
    current = policy.evaluate(finding, today=today)
    changes = policy.timeline(finding, today, until=args.until)
    if args.format == "json":
        console.print(to_json({
            "policy": policy.id,
            "id": current.finding_id,
            "today": today.isoformat(),
            "until": args.until.isoformat() if args.until else None,
            "current": state_dict(current),
            "changes": [change.to_dict() for change in changes],
        }))
    else:
        console.print(format_timeline(current, changes, policy, lang=args.lang,
                                      until=args.until))
    return OK


COMMAND = Command(
    name="timeline",
    summary="list the days ahead on which a finding's answer changes",
    description=(
        "List the days after --today on which the answer for one finding will change if\n"
        "nothing else happens: the status, stage or deadline that moves, the day it becomes\n"
        "overdue, each action that becomes due (with its party, date and clauses) and each\n"
        "that is no longer required. Measures recorded with a later date count from their\n"
        "own day. JSON by default, as for eval (`current`: the answer on --today; `changes`:\n"
        "one entry per day, with `on`, `what` and the answer from that day on); --format text\n"
        "for people. A malformed finding is refused with every bad field named (exit 2)."
    ),
    examples=(
        "rectilaw timeline --policy sasac --today 2024-03-01 finding.json",
        "rectilaw timeline -p sasac -t 2024-03-01 --format text finding.json",
        "rectilaw timeline -p sasac -t 2024-03-01 --until 2024-12-31 -f text --lang en "
        "finding.json",
        "rectilaw timeline -p sasac --params rectification_limit='3 months' - < finding.json",
    ),
    configure=_configure,
    run=_run,
    formats=("json", "text"),
    default_format="json",
    evaluates=True,
)
