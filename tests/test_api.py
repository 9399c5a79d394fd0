"""The public API of DESIGN.md, exercised as an embedding system would."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import threading

import pytest

import rectilaw

TODAY = datetime.date(2024, 8, 1)


@pytest.fixture(scope="module")
def sasac() -> rectilaw.Policy:
    return rectilaw.load_policy("sasac")


def test_assessment_has_the_contract_fields(sasac: rectilaw.Policy) -> None:
    a = sasac.evaluate({"id": "F1", "issued_on": "2024-01-12"}, today=TODAY)
    assert a.status in {"rectified", "partially_rectified", "long_term", "in_progress",
                        "not_rectified"}
    assert a.status_label == "正在整改"
    assert a.due == datetime.date(2024, 7, 12)
    assert a.overdue_days == 20
    assert a.stage == "assigning"
    assert a.provisional == ()
    assert all(isinstance(x, rectilaw.Action) for x in a.actions)
    interview = next(x for x in a.actions if x.code == "interview")
    assert (interview.by, interview.target, interview.basis) == ("sasac", "main_head",
                                                                  ("12.1", "12.5"))
    assert a.trace[0].kind == "deadline"
    assert any(step.kind == "status" and step.basis == ("8.3",) for step in a.trace)


def test_to_dict_is_json_ready_and_stable(sasac: rectilaw.Policy) -> None:
    finding = {"id": "F1", "issued_on": "2024-01-12", "problem_amount": "10.00",
               "corrected_amount": "2.50"}
    first = sasac.evaluate(finding, today=TODAY).to_dict()
    second = sasac.evaluate(dict(reversed(list(finding.items()))), today=TODAY).to_dict()
    assert first == second
    text = json.dumps(first, ensure_ascii=False, sort_keys=True)
    assert json.loads(text) == first
    assert list(first) == ["policy", "finding", "today", "status", "status_label", "due",
                           "overdue_days", "stage", "stage_label", "actions", "provisional",
                           "recorded_status", "disagreements", "trace"]


def test_python_objects_and_json_strings_agree(sasac: rectilaw.Policy) -> None:
    from decimal import Decimal

    typed = sasac.evaluate({"issued_on": datetime.date(2024, 1, 12),
                            "problem_amount": Decimal("10.00")}, today=TODAY)
    textual = sasac.evaluate({"issued_on": "2024-01-12", "problem_amount": "10"},
                             today="2024-08-01")
    assert typed == textual


def test_periods_of_design_md_hold_through_the_api() -> None:
    six = rectilaw.load_policy("sasac")
    due = six.evaluate({"issued_on": "2023-08-31"}, today=TODAY).due
    assert due == datetime.date(2024, 2, 29)
    sixty = rectilaw.load_policy("sasac", params={"rectification_limit": "60 days"})
    due = sixty.evaluate({"issued_on": "2024-01-12"}, today=TODAY).due
    assert due == datetime.date(2024, 3, 12)


def test_deployment_overrides_are_listed_as_such() -> None:
    policy = rectilaw.load_policy("sasac", params={"rectification_limit": "3 months"})
    due = policy.evaluate({"issued_on": "2024-01-12"}, today=TODAY).due
    assert due == datetime.date(2024, 4, 12)
    assert [a.name for a in policy.assumptions] == ["rectification_limit"]


def test_bad_overrides_are_policy_errors() -> None:
    with pytest.raises(rectilaw.PolicyError, match="did you mean `rectification_limit`"):
        rectilaw.load_policy("sasac", params={"rectification_limt": "3 months"})
    with pytest.raises(rectilaw.PolicyError, match="not a duration"):
        rectilaw.load_policy("sasac", params={"rectification_limit": "soon"})


def test_unknown_policy_names_suggest_the_right_one() -> None:
    with pytest.raises(rectilaw.PolicyError, match="did you mean `sasac`"):
        rectilaw.load_policy("sassac")


def test_today_must_be_a_date(sasac: rectilaw.Policy) -> None:
    with pytest.raises(TypeError):
        sasac.evaluate({}, today=datetime.datetime(2024, 1, 1, 12))  # type: ignore[arg-type]


def test_finding_errors_name_each_field(sasac: rectilaw.Policy) -> None:
    with pytest.raises(rectilaw.FindingError) as error:
        sasac.evaluate({"corected": True, "issued_on": "2024-02-30", "problem_amount": -3},
                       today=TODAY)
    assert set(error.value.fields) == {"corected", "issued_on", "problem_amount"}


def test_fields_of_the_schema_unused_by_the_policy_are_still_checked(
        sasac: rectilaw.Policy) -> None:
    assert sasac.evaluate({"cause": "systemic"}, today=TODAY).status == "in_progress"
    with pytest.raises(rectilaw.FindingError) as error:
        sasac.evaluate({"cause": "sytemic"}, today=TODAY)
    assert error.value.fields == ("cause",)


def test_policies_are_shared_safely_between_threads(sasac: rectilaw.Policy) -> None:
    findings = [{"id": str(i), "issued_on": datetime.date(2024, 1, 1) + datetime.timedelta(i),
                 "corrected": i % 3 == 0} for i in range(300)]
    expected = [sasac.evaluate(f, today=TODAY).to_dict() for f in findings]
    results: dict[int, list[dict[str, object]]] = {}

    def work(slot: int) -> None:
        results[slot] = [sasac.evaluate(f, today=TODAY).to_dict() for f in findings]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[n] == expected for n in range(4))


def test_policies_cannot_be_changed(sasac: rectilaw.Policy) -> None:
    a = sasac.evaluate({}, today=TODAY)
    with pytest.raises(AttributeError):
        a.status = "rectified"  # type: ignore[misc]


def test_builtin_policy_loads_in_a_fresh_interpreter() -> None:
    code = ("import datetime, rectilaw; p = rectilaw.load_policy('sasac'); "
            "print(p.evaluate({'corrected': True}, today=datetime.date(2024, 1, 1)).status)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "rectified"
