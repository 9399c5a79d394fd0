"""Test configuration: hypothesis profiles and the worked-example plugin.

Every ``tests/policies/<name>/*.yaml`` file is collected as a test module whose
cases are test items, so ``pytest`` reports worked examples like any other test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import rectilaw
from rectilaw.worked_examples import Case, load_cases, run_case

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=60, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.register_profile(
    "fuzz", deadline=None, max_examples=3000, suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and "policies" in file_path.parts:
        return ExampleFile.from_parent(parent, path=file_path)
    return None


class ExampleFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        for case in load_cases(self.path):
            yield ExampleItem.from_parent(self, name=case.name, case=case)


class ExampleItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        policy = rectilaw.load_policy(self.case.policy, params=self.case.params or None)
        result = run_case(self.case, policy)
        if not result.passed:
            raise ExampleFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, ExampleFailure):
            result = excinfo.value.result
            lines = [f"{self.case.location}: {self.case.name}", *result.mismatches]
            if result.assessment is not None:
                lines.append("trace:")
                lines.extend(f"  {step.kind} {step.outcome} <- {step.rule} {list(step.basis)}"
                             for step in result.assessment.trace)
            return "\n".join(lines)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"{self.case.policy}: {self.case.name}"


class ExampleFailure(Exception):
    def __init__(self, result: Any) -> None:
        super().__init__(result.mismatches)
        self.result = result
