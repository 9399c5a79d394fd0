"""The largest numbers a rule or a deployment's parameter may give, and why.

Periods are counted over the calendar's days (:data:`rectilaw.calendar.FIRST_DAY` to
:data:`~rectilaw.calendar.LAST_DAY`): a duration longer than that whole range can only
end outside it, so every deadline computed with it would fail.  Such a duration is
refused where it is written, not at each evaluation.  Whole numbers have at most
:data:`MAX_DIGITS` digits (what a SQL BIGINT holds, and far more than any rule needs).
"""

from __future__ import annotations

from rectilaw.calendar import FIRST_DAY, LAST_DAY
from rectilaw.periods import Duration, Unit, longest

__all__ = ["MAX_DIGITS", "too_long"]

MAX_DIGITS = 18


def too_long(amount: int, unit: Unit) -> str | None:
    """Why a duration of ``amount`` ``unit`` cannot be counted, or None if it can."""
    limit = longest(unit, FIRST_DAY, LAST_DAY)
    if amount <= limit:
        return None
    shown = f"{amount:,}" if amount < 10**30 else f"a number of {len(str(amount))} digits"
    return (f"{shown} {unit.value} is longer than all the days the calendar answers for "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}): at most "
            f"{Duration(limit, unit)}")
