"""The shipped pytest plugin, as a project that embeds rectilaw uses it (pytest's pytester).

It collects the files it recognises as worked examples and nothing else, takes the policy
from the file or the project's ``rectilaw_policy``, reports a wrong answer with its file,
line and trace, and is loaded once however a project asks for it.
"""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

EXAMPLES = """\
{policy}cases:
  - name: corrected in full is rectified
    today: 2024-07-01
    finding: {{issued_on: 2024-01-12, corrected: true}}
    expect:
      status: rectified
  - name: a deliberately wrong deadline
    today: 2024-07-01
    finding: {{issued_on: 2024-01-12}}
    expect:
      due: 2024-07-13
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in the sample project; pytest-asyncio (a dev tool here) kept out of its output."""
    return pytester.runpytest("-p", "no:asyncio", *args)


def _examples(policy: str | None = "sasac") -> str:
    return EXAMPLES.format(policy=f"policy: {policy}\n" if policy else "")


def test_a_project_without_worked_examples_is_untouched(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yml", ci="on: push\njobs:\n  test:\n    runs-on: linux\n")
    pytester.makefile(".yaml", data="policy: strict\ncases: [1, 2]\n",
                      other="cases:\n  - finding: x\n")  # no policy, none configured
    pytester.makepyfile(test_it="def test_it():\n    assert True\n")
    result = run(pytester, "-q")
    result.assert_outcomes(passed=1)


def test_worked_examples_are_collected_and_a_wrong_answer_explained(
        pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", cases=_examples())
    result = run(pytester, "-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*cases.yaml:8: a deliberately wrong deadline",
        "due: expected '2024-07-13', got '2024-07-12'",
        "trace:",
    ])


def test_the_policy_from_the_configuration(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nrectilaw_policy = sasac\n")
    pytester.makefile(".yaml", cases=_examples(policy=None))
    run(pytester, "-q").assert_outcomes(passed=1, failed=1)


def test_a_rules_file_relative_to_the_configuration(pytester: pytest.Pytester) -> None:
    from rectilaw.policies import builtin_path

    rules = builtin_path("sasac")
    assert rules is not None
    pytester.mkdir("rules").joinpath("ours.rules").write_text(rules.read_text("utf-8"), "utf-8")
    pytester.makeini("[pytest]\nrectilaw_policy = rules/ours.rules\n")
    pytester.mkdir("examples").joinpath("cases.yaml").write_text(_examples(policy=None), "utf-8")
    result = run(pytester, "-q", "-k", "corrected")
    result.assert_outcomes(passed=1, deselected=1)
    # The command line names a policy relative to where pytest runs.
    result = run(pytester, "-q", "--rectilaw-policy", "rules/ours.rules", "examples")
    result.assert_outcomes(passed=1, failed=1)


def test_patterns_limit_what_is_collected(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nrectilaw_examples = examples/*.yaml\n")
    pytester.mkdir("examples").joinpath("ok.yaml").write_text(
        _examples().split("  - name: a deliberately")[0], "utf-8")
    pytester.mkdir("fixtures").joinpath("failing.yaml").write_text(_examples(), "utf-8")
    run(pytester, "-q").assert_outcomes(passed=1)


def test_a_malformed_example_file_is_a_collection_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", bad=textwrap.dedent("""\
        policy: sasac
        cases:
          - name: a typo
            today: 2024-07-01
            finding: {issued_on: 2024-01-12}
            expct: {status: rectified}
        """))
    result = run(pytester, "-q")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*bad.yaml:3: unknown case keys: expct*"])


def test_loaded_once_however_asked_and_can_be_disabled(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["rectilaw.pytest_plugin"]\n')
    pytester.makefile(".yaml", cases=_examples())
    run(pytester, "-q").assert_outcomes(passed=1, failed=1)
    run(pytester, "-q", "-p", "rectilaw.pytest_plugin").assert_outcomes(passed=1, failed=1)
    (pytester.path / "conftest.py").unlink()
    run(pytester, "-q", "-p", "no:rectilaw.pytest_plugin").assert_outcomes()
