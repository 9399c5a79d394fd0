"""Money arithmetic that rounds: what ``amount / n`` means, for every Python backend.

An amount is a whole number of fen (分).  Dividing it by a whole number ``n``
gives the share rounded half away from zero to the fen (the 四舍五入 of
accounts: 0.05 元 / 2 is 0.03 元, -0.05 元 / 2 is -0.03 元).  The arithmetic is
exact at any size: the amount is taken as a fraction, never through a
context's 28 digits.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["divide"]


def divide(amount: Decimal, by: int) -> Decimal:
    """``amount / by`` rounded half away from zero to the fen (``by`` above 0)."""
    numerator, denominator = amount.as_integer_ratio()
    twice = 2 * 100 * abs(numerator)
    fen = (twice + denominator * by) // (2 * denominator * by)
    return Decimal(f"{'-' if numerator < 0 else ''}{fen}e-2")
