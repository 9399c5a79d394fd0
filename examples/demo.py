"""Evaluate the bundled example findings under the built-in policies and print the answers."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import rectilaw
from rectilaw.report import format_assessment

EXAMPLES = Path(__file__).parent / "findings"
TODAY = datetime.date(2024, 8, 1)


def main() -> None:
    for path in sorted(EXAMPLES.glob("*.json")):
        policy_name = path.name.split("-", 1)[0]
        policy = rectilaw.load_policy(policy_name)
        finding = json.loads(path.read_text("utf-8"))
        assessment = policy.evaluate(finding, today=TODAY)
        print(f"== {path.name} under `{policy.id}` ==")
        print(format_assessment(assessment, policy))
        print()


if __name__ == "__main__":
    main()
