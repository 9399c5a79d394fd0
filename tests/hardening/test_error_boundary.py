"""What leaves the public API is a rectilaw error: evaluation never lets an arithmetic or
calendar error escape, and the command line turns each into one line and exit 2."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

import rectilaw
from rectilaw import EvaluationError, FindingError, PolicyError, RectilawError
from rectilaw.calendar import CalendarError
from rectilaw.cli import main

SASAC = rectilaw.load_policy("sasac")
#: Valid findings whose deadline (six months on, then the next working day) lies past the
#: last day the calendar answers for.
LATE = {"id": "F-1", "issued_on": "2100-11-01"}


def test_every_error_rectilaw_raises_derives_from_one_base() -> None:
    for error in (PolicyError, FindingError, EvaluationError):
        assert issubclass(error, RectilawError)
    # as they were before the base existed
    assert issubclass(FindingError, ValueError) and issubclass(EvaluationError, ValueError)
    assert {"RectilawError", "EvaluationError"} <= set(rectilaw.__all__)


@pytest.mark.parametrize("finding", [LATE, {**LATE, "issued_on": datetime.date(2100, 11, 1)}])
def test_a_deadline_past_the_calendar_is_an_evaluation_error_naming_the_finding_and_rule(
        finding: dict[str, object]) -> None:
    with pytest.raises(EvaluationError) as error:
        SASAC.evaluate(finding, today=datetime.date(2100, 12, 1))
    assert error.value.finding_id == "F-1"
    assert isinstance(error.value.__cause__, CalendarError)  # kept, for a developer's traceback
    assert error.value.span is not None
    assert error.value.span.source.name == "policies/sasac.rules"
    assert str(error.value).startswith("finding 'F-1' cannot be evaluated: ")
    assert "2101" in str(error.value)


def test_timeline_past_the_calendar_is_an_evaluation_error() -> None:
    with pytest.raises(EvaluationError):
        SASAC.timeline(LATE, today=datetime.date(2100, 12, 1))


@pytest.mark.parametrize("command", ["eval", "explain", "timeline"])
def test_the_command_line_reports_an_evaluation_failure_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    path = tmp_path / "late.json"
    path.write_text(json.dumps(LATE), "utf-8")
    assert main([command, "--policy", "sasac", "--today", "2100-12-01", str(path)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"rectilaw {command}: finding 'F-1' cannot be evaluated: ")


def _nested_list(depth: int) -> list[object]:
    value: list[object] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("raw_id", [_nested_list(100_000), "x" * 10_000_000, 10**5000],
                         ids=["nested", "long", "digits"])
def test_a_finding_error_shows_a_raw_id_cut_short(raw_id: object) -> None:
    with pytest.raises(FindingError) as error:
        SASAC.evaluate({"id": raw_id, "issued_on": "2024-13-01"}, "2024-08-01")
    assert len(str(error.value)) < 1_000
