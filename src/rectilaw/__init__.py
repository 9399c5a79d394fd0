"""rectilaw: audit-rectification (审计整改) policies as code.

>>> import datetime, rectilaw
>>> policy = rectilaw.load_policy("sasac")
>>> a = policy.evaluate({"issued_on": "2024-01-12", "corrected": True},
...                     today=datetime.date(2024, 7, 1))
>>> a.status
'rectified'
"""

from typing import Any

from rectilaw._extras import MissingExtraError
from rectilaw._version import __version__ as __version__
from rectilaw.engine.assessment import Action, Assessment, TraceStep
from rectilaw.engine.policy import Assumption, Policy, provide_ledger
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
