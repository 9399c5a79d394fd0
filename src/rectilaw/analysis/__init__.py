"""Is a policy consistent?  Static analysis of a checked policy, with counterexamples.

:func:`analyze` asks, of every rule of a checked policy, whether it can take
effect and whether the rules together answer every finding:

- ``unreachable`` (error): a status or stage rule that can never decide,
  because earlier rules take every finding it covers, or its exceptions veto
  it, or its condition cannot hold; ``unreachable-otherwise`` (warning) when
  the rules before an ``otherwise`` leave it nothing;
- ``gap`` (error for status, warning for stage): a finding no rule decides,
  in a block without ``otherwise``;
- ``overlap`` (info): a finding two outcomes' rules both cover, which first
  match resolves in favour of the earlier one;
- ``dead-exception`` (warning): an ``unless`` that never vetoes its rule;
- ``dead-trigger`` (error): an action line that can never fire;
  ``shadowed-trigger`` (warning): one that only holds where an earlier line of
  the same action has fired, so its clauses are never the basis;
- ``unreachable-step`` (error): a ladder step that is never asked for;
- ``unused-param`` and ``clause-never-applied`` (warnings): parameters nothing
  reads; clauses cited only by rules that never take effect;
- ``today-dependent`` (warning): a status or stage that changes when only
  ``today`` moves; ``deadline-moves`` (error): a rectification deadline that does.

Every diagnostic that can be shown by a finding names one, as JSON
(``{"corrected": true}``) with the day where it matters, and the analysis
checks each on the reference interpreter before reporting it.  With
``z3-solver`` installed (``pip install rectilaw[analysis]``) the answers are
proofs (see :mod:`rectilaw.analysis.smt` for what is exact); without it a
search looks for counterexamples and the report says that finding none proves
nothing.  Boolean parameters are switches a deployment may turn: the analysis
considers both values, so a rule only a switch brings into play is not dead,
and its counterexample says which switch.  A warning the text justifies is
explained in the rule file (see :mod:`rectilaw.analysis.acknowledge`) and
reported as information.
"""

from __future__ import annotations

from rectilaw.analysis.acknowledge import acknowledge
from rectilaw.analysis.checks import Check, Context
from rectilaw.analysis.checks.decisions import check_decisions
from rectilaw.analysis.checks.ladders import check_ladders
from rectilaw.analysis.checks.overlaps import check_overlaps
from rectilaw.analysis.checks.time import check_time
from rectilaw.analysis.checks.triggers import check_triggers
from rectilaw.analysis.checks.usage import check_usage
from rectilaw.analysis.concrete import Concrete, Witness
from rectilaw.analysis.prover import Prover
from rectilaw.analysis.report import AnalysisReport, Result
from rectilaw.analysis.search import SearchProver
from rectilaw.dsl.model import PolicyModel
from rectilaw.periods import RestDayCalendar

__all__ = ["PROVERS", "AnalysisReport", "Result", "Witness", "analyze", "z3_available"]

#: The provers :func:`analyze` accepts.
PROVERS = ("auto", "z3", "search")

#: The checks, in order: usage reads what decisions and triggers found.
CHECKS: tuple[Check, ...] = (
    check_decisions, check_overlaps, check_triggers, check_ladders, check_time, check_usage,
)


def z3_available() -> bool:
    """Whether the z3 prover can be used (``pip install rectilaw[analysis]``)."""
    from rectilaw.analysis.smt import available

    return available()


def _prover(model: PolicyModel, calendar: RestDayCalendar, prover: str) -> Prover:
    if prover not in PROVERS:
        raise ValueError(f"unknown prover `{prover}`: use one of {', '.join(PROVERS)}")
    if prover == "search" or (prover == "auto" and not z3_available()):
        return SearchProver(model, calendar)
    if not z3_available():
        raise ImportError("the z3 prover needs z3-solver: pip install 'rectilaw[analysis]'")
    from rectilaw.analysis.smt import SmtProver

    return SmtProver(model, calendar)


def analyze(model: PolicyModel, *, prover: str = "auto",
            calendar: RestDayCalendar | None = None) -> AnalysisReport:
    """Analyze a checked policy (``Policy.model``) for consistency.

    ``prover`` is ``"z3"`` (exact; needs z3-solver), ``"search"`` (no solver;
    not a proof) or ``"auto"`` (z3 when installed).  ``calendar`` is the
    working-day calendar periods are counted on (the official one by default).
    """
    if calendar is None:
        from rectilaw.calendar import official_calendar

        calendar = official_calendar()
    backend = _prover(model, calendar, prover)
    ctx = Context(model, backend, Concrete(model, calendar))
    for check in CHECKS:
        check(ctx)
    results = sorted(acknowledge(ctx.results), key=lambda r: r.diagnostic.sort_key)
    return AnalysisReport(tuple(results), ctx.proved and backend.name == "z3", backend.name)
