"""Hypothesis strategies for testing systems that embed a rectilaw policy.

A ledger or case-management system that calls :meth:`rectilaw.Policy.evaluate`
can test its own handling of assessments on findings shaped like the ones the
policy reads, on the days where answers change::

    from hypothesis import given
    import rectilaw
    from rectilaw import testing

    policy = rectilaw.load_policy("sasac")

    @given(testing.cases(policy))
    def test_ledger_accepts_every_assessment(case):
        finding, today = case
        ledger.record(policy.evaluate(finding, today))

The strategies are generated from the policy itself: every fact it declares,
with the constants its rules compare against and the values just beside them;
dates are drawn near one another and near the ends of the policy's periods, so
that deadlines are often met to the day.  :func:`days` clusters around each
deadline of one finding: the day before, on and after it, the month end,
29 February, and the edges of the weekends and holiday breaks around it.

Requires ``hypothesis`` (``pip install rectilaw[test]``).
"""

from __future__ import annotations

from rectilaw.analysis.sampling import FIRST_DAY, LAST_DAY, boundary_days, cases, days, findings

__all__ = ["FIRST_DAY", "LAST_DAY", "boundary_days", "cases", "days", "findings"]
