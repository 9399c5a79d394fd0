"""Names and strings in a rule file never become program text.

The compiler names every variable itself and binds every constant in the
namespace of the generated function; these tests craft rule files whose names
and strings would break out of naively generated code, and check that they stay
inert data.
"""

from __future__ import annotations

import datetime
import re

import pytest

from rectilaw import PolicyError
from rectilaw.loader import policy_from_text

HOSTILE_TEXTS = [
    '\\"); __import__(\\"os\\").system(\\"echo pwned\\")  #',
    "\\n\\nimport os\\nos.system('echo pwned')\\n",
    "''' + __import__('os').getcwd() + '''",
    "\\\\\\\\ backslashes \\\\\\\"",
    "{__builtins__}",
    "整改完毕\\u202e",
]

HOSTILE_NAMES = ["__class__", "__import__", "__builtins__", "_k0", "k0", "f0", "d0", "evaluate",
                 "Slow", "touched", "get", "F", "today_"]

#: Names the compiler itself uses: a rule file may use them too without any clash.
_GENERATED_NAMES = {"F", "get", "evaluate", "touched", "k0", "f0", "d0", "Slow", "__class__"}


def _policy(label: str, name: str) -> str:
    return f'''policy p {{ title "{label}" }}
clause 1 "{label}": "{label}"
party office "{label}"
fact {name}: bool "{label}"
param {name}_limit "{label}" = 6 months assumed "{label}"
facts issued_on
deadline "{label}" = issued_on + {name}_limit [1]
status first match {{
  rectified "{label}" when {name} [1]
  in_progress "{label}" otherwise [1]
}}
action interview "{label}" by office target office
  when not {name} and today > deadline [1]
'''


@pytest.mark.parametrize("label", HOSTILE_TEXTS)
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_and_strings_are_inert(label: str, name: str,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    policy = policy_from_text(_policy(label, name))
    if name not in _GENERATED_NAMES:
        assert re.search(rf"\b{re.escape(name)}\b", policy.source) is None
    unquoted = label.encode().decode("unicode_escape")
    for fragment in ("os.system", "__import__", "pwned", "getcwd", unquoted):
        assert fragment not in policy.source
    a = policy.evaluate({name: True, "issued_on": "2024-01-12"}, today=datetime.date(2024, 9, 1))
    assert a.status == "rectified"
    b = policy.evaluate({"issued_on": "2024-01-12"}, today=datetime.date(2024, 9, 1))
    assert b.status == "in_progress"
    assert [x.code for x in b.actions] == ["interview"]
    assert b.status_label == policy.statuses["in_progress"]
    assert "pwned" not in capfd.readouterr().out


def test_generated_code_has_no_builtins() -> None:
    from rectilaw.engine.compiler import compile_policy
    from rectilaw.engine.reference import fact_specs

    policy = policy_from_text(_policy("x", "flag"))
    compiled = compile_policy(policy.model, fact_specs(policy.model), policy.calendar)
    assert compiled.function.__globals__["__builtins__"] == {}


def test_names_cannot_be_python_syntax() -> None:
    with pytest.raises(PolicyError) as error:
        policy_from_text(_policy("x", "a; import os"))
    assert "syntax-error" in str(error.value)


def test_finding_keys_are_never_code() -> None:
    policy = policy_from_text(_policy("x", "flag"))
    from rectilaw import FindingError

    with pytest.raises(FindingError) as error:
        policy.evaluate({"__class__": True, "flag); import os; (": True},
                        today=datetime.date(2024, 1, 1))
    assert set(error.value.fields) == {"__class__", "flag); import os; ("}
