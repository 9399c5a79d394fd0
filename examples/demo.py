"""Evaluate the bundled example findings and ledger under the built-in policies; print the answers.

Each ``findings/<policy>-*.json`` is one finding; each ``ledger/<policy>-*.csv`` is a whole
ledger (台账) with the Chinese headers offices use, summed up as ``rectilaw ledger`` prints it.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import rectilaw
from rectilaw.report import format_assessment

EXAMPLES = Path(__file__).parent
TODAY = datetime.date(2024, 8, 1)


def _policy(path: Path) -> rectilaw.Policy:
    return rectilaw.load_policy(path.name.split("-", 1)[0])


def main() -> None:
    for path in sorted((EXAMPLES / "findings").glob("*.json")):
        policy = _policy(path)
        finding = json.loads(path.read_text("utf-8"))
        assessment = policy.evaluate(finding, today=TODAY)
        print(f"== {path.name} under `{policy.id}` ==")
        print(format_assessment(assessment, policy))
        print()
    for path in sorted((EXAMPLES / "ledger").glob("*.csv")):
        policy = _policy(path)
        result = policy.evaluate_many(path, TODAY)
        print(f"== {path.name} under `{policy.id}`: {len(result)} rows ==")
        print(result.summary.format_table())
        print()


if __name__ == "__main__":
    main()
