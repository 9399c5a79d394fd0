"""Reading worked-example files."""

from __future__ import annotations

import datetime
from pathlib import Path

from rectilaw.worked_examples import load_cases


def test_on_yes_and_no_are_words_and_only_true_and_false_are_booleans(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(
        "policy: sasac\n"
        "cases:\n"
        "  - today: 2024-03-01\n"
        "    finding:\n"
        "      corrected: true\n"
        "      irreversible: False\n"
        "      unit: no\n"
        "      events: [{kind: close, on: 2024-02-01}]\n",
        encoding="utf-8",
    )
    (case,) = load_cases(path)
    assert case.finding["events"] == [{"kind": "close", "on": datetime.date(2024, 2, 1)}]
    assert case.finding["corrected"] is True
    assert case.finding["irreversible"] is False
    assert case.finding["unit"] == "no"
