"""rectilaw: audit-rectification (审计整改) policies as code.

>>> import datetime, rectilaw
>>> policy = rectilaw.load_policy("sasac")
>>> a = policy.evaluate({"issued_on": "2024-01-12", "corrected": True},
...                     today=datetime.date(2024, 7, 1))
>>> a.status
'rectified'
"""

from rectilaw._version import __version__
from rectilaw.engine.assessment import Action, Assessment, TraceStep
from rectilaw.engine.policy import Assumption, Policy
from rectilaw.errors import Diagnostic, FieldProblem, FindingError, PolicyError
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
    "Event",
    "FieldProblem",
    "FindingError",
    "Policy",
    "PolicyError",
    "TraceStep",
    "__version__",
    "builtin_names",
    "load_policy",
    "policy_from_text",
]
