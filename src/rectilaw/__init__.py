"""rectilaw: audit-rectification (审计整改) policies as code.

>>> import datetime, rectilaw
>>> policy = rectilaw.load_policy("sasac")
>>> a = policy.evaluate({"issued_on": "2024-01-12", "corrected": True},
...                     today=datetime.date(2024, 7, 1))
>>> a.status
'rectified'
"""

from __future__ import annotations

from rectilaw._version import __version__ as __version__
from rectilaw.engine.provided import provide_ledger

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing for `--version`
if TYPE_CHECKING:
    from typing import Any

    from rectilaw._extras import MissingExtraError
    from rectilaw.engine.assessment import Action, Assessment, TraceStep
    from rectilaw.engine.policy import Assumption, Policy
    from rectilaw.errors import (
        Diagnostic,
        EvaluationError,
        FieldProblem,
        FindingError,
        PolicyError,
        RectilawError,
    )
    from rectilaw.findings import Event
    from rectilaw.loader import load_policy, policy_from_text
    from rectilaw.periods import Duration
    from rectilaw.policies import builtin_names

#: Where each public name is defined.  They are imported on first use (PEP 562), so that
#: ``import rectilaw`` costs nothing until a policy is needed: ``rectilaw --version`` and
#: ``--help`` load neither the parser nor the engine.
_EXPORTS = {
    "MissingExtraError": "rectilaw._extras",
    "Action": "rectilaw.engine.assessment",
    "Assessment": "rectilaw.engine.assessment",
    "TraceStep": "rectilaw.engine.assessment",
    "Assumption": "rectilaw.engine.policy",
    "Policy": "rectilaw.engine.policy",
    "Diagnostic": "rectilaw.errors",
    "EvaluationError": "rectilaw.errors",
    "RectilawError": "rectilaw.errors",
    "FieldProblem": "rectilaw.errors",
    "FindingError": "rectilaw.errors",
    "PolicyError": "rectilaw.errors",
    "Event": "rectilaw.findings",
    "load_policy": "rectilaw.loader",
    "policy_from_text": "rectilaw.loader",
    "Duration": "rectilaw.periods",
    "builtin_names": "rectilaw.policies",
}


def __getattr__(name: str) -> object:
    import importlib

    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rectilaw' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "Action",
    "Assessment",
    "Assumption",
    "Diagnostic",
    "Duration",
    "EvaluationError",
    "Event",
    "FieldProblem",
    "FindingError",
    "MissingExtraError",
    "Policy",
    "PolicyError",
    "RectilawError",
    "TraceStep",
    "builtin_names",
    "load_policy",
    "policy_from_text",
]


def _evaluate_ledger(*args: Any, **options: Any) -> Any:
    """:func:`rectilaw.ledger.evaluate_ledger`, imported when a ledger is first evaluated."""
    from rectilaw.ledger import evaluate_ledger

    return evaluate_ledger(*args, **options)


# The engine evaluates ledgers through the ledger package, which sits above it.
provide_ledger(_evaluate_ledger)
