"""The built-in policies are consistent: no analysis error, every warning explained.

A warning a policy's text justifies is explained in its rule file with an
``# analysis: <code>: why`` comment (see :mod:`rectilaw.analysis.acknowledge`)
and then reported as information.
"""

from __future__ import annotations

import functools

import pytest

import rectilaw
from rectilaw.analysis import AnalysisReport, analyze

POLICIES = rectilaw.builtin_names()


@functools.cache
def _report(name: str, prover: str) -> AnalysisReport:
    return analyze(rectilaw.load_policy(name).model, prover=prover)


@pytest.mark.parametrize("name", POLICIES)
def test_no_errors(name: str, prover: str) -> None:
    report = _report(name, prover)
    assert report.errors == (), report.render()


@pytest.mark.parametrize("name", POLICIES)
def test_every_warning_is_explained_in_the_rule_file(name: str, prover: str) -> None:
    report = _report(name, prover)
    assert report.warnings == (), report.render()


@pytest.mark.parametrize("name", POLICIES)
def test_the_prover_asked_for_answers(name: str, prover: str) -> None:
    """z3, where installed, settles every question itself: the policies are proved consistent,
    not merely searched."""
    report = _report(name, prover)
    assert report.prover == prover
    assert report.proved is (prover == "z3"), report.render()
