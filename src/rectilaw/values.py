"""The one reader of a finding's values: the same spellings everywhere, the same error text.

:func:`rectilaw.Policy.evaluate`, :meth:`~rectilaw.Policy.evaluate_many` and every
ledger format (CSV, XLSX, Parquet, mappings) read a value through the readers
here, so a finding gives the same answer however it arrives.  What is accepted:

- dates: ``date`` objects, ``datetime`` at midnight, ``2024-03-01``,
  ``2024/3/1``, ``2024.3.1``, ``2024年3月1日``, ``20240301``, full-width digits
  (``２０２４年３月１日``); a number is an Excel date serial only where a
  spreadsheet cell holds it (``serials=True``), never in a JSON finding;
- money: ``Decimal``, ``int``, ``float`` (its shortest repr), texts with
  separators, spaces, ``¥``/``￥`` and a trailing ``元`` (``1,250,000.00``,
  ``１２，５００．００元``); a column's unit (元, 千元, 万元, 亿元) scales exactly
  to yuan; at most two decimals in yuan, never negative;
- flags: ``True``/``False``, ``1``/``0``, ``是``/``否``, ``√``/``×``, ``yes``/``no``,
  ``true``/``false``, ``对``/``不是``; a blank is false;
- enums: the code (``immediate``) or a Chinese label (``立行立改``), compared after
  full-width folding and with spaces removed;
- a lone dash (``-``, ``—``, ``/``) in a cell means "not given", as in office ledgers.

A bad value raises :class:`ValueProblem` (a message and a hint); callers attach the
field name.
"""

from __future__ import annotations

import re
import reprlib
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Context, Decimal, InvalidOperation
from typing import Any

__all__ = [
    "MONEY_DIGITS",
    "UNITS",
    "ValueProblem",
    "fold",
    "read_bool",
    "read_date",
    "read_enum",
    "read_integer",
    "read_money",
    "read_text",
    "show",
]

#: The largest amount, in digits before the point: what DECIMAL(38, 2) holds, the SQL
#: engine's type for money.  Beyond it a value is a mistake, not an amount.
MONEY_DIGITS = 36

#: Units of money and their size in yuan.
UNITS: Mapping[str, int] = {"元": 1, "千元": 1_000, "万元": 10_000, "百万元": 1_000_000,
                            "亿元": 100_000_000}

_EXCEL_EPOCH = date(1899, 12, 30)
_TRUE = frozenset({"true", "yes", "y", "1", "是", "对", "√", "✓", "✔"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "不是", "×", "✗", "✘"})
_DASHES = frozenset({"-", "—", "——", "–", "/", "－"})
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?", re.ASCII)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_DATE_HINT = "write dates as YYYY-MM-DD, e.g. 2024-07-01, or as 2024/7/1 or 2024年7月1日"
_INTEGER = re.compile(r"-?[0-9]{1,18}", re.ASCII)
_MONEY_NOISE = re.compile(r"[,\s¥]")
_MONEY_UNIT = re.compile(r"(千元|万元|百万元|亿元|元|万|亿)$")
_SPACE = re.compile(r"\s+")
_WIDE = Context(prec=80)
_FEN = Decimal("0.01")


class ValueProblem(Exception):
    """What is wrong with one value, for people: a message and, where it helps, a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 3, 40, 40


def show(value: Any) -> str:
    """A value as given, in backticks, cut to 40 characters (never walked whole)."""
    if isinstance(value, str):
        return f"`{value if len(value) <= 40 else value[:37] + '...'}`"
    text = _SHORT.repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def fold(text: str) -> str:
    """A text as compared: full-width characters folded (NFKC), spaces removed, case folded."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _blank(text: str) -> bool:
    return not text or text in _DASHES


def read_text(value: Any) -> str | None:
    if value is None:
        return None
    if value.__class__ is str:
        return value.strip() or None
    if isinstance(value, str):
        return str(value).strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise ValueProblem(f"expected a text, got {show(value)}")


def read_date(value: Any, serials: bool = False) -> date | None:
    """A date, or None for a blank; ``serials``: a number is an Excel date serial."""
    if value is None:
        return None
    if value.__class__ is date:
        return value
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueProblem(f"expected a date, got a date and time {show(value)}")
        return value.date()
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if _blank(text):
            return None
        match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
        if match is None:
            raise ValueProblem(f"{show(value)} is not a date", _DATE_HINT)
        year, month, day = map(int, match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueProblem(f"{show(value)} is not a date: no such day", _DATE_HINT) from None
    if serials and isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value <= 2958465 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueProblem(f"{show(value)} is not a date (nor an Excel date number)")
    raise ValueProblem(f"expected a date, got {show(value)}", _DATE_HINT)


def read_money(value: Any, scale: int = 1, unit: str = "元") -> Decimal:
    """An amount in yuan: ``value`` in ``unit`` (``scale`` yuan each), scaled exactly."""
    if value is None:
        return Decimal(0)
    if value.__class__ is Decimal:
        amount = value
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if _blank(text):
            return Decimal(0)
        column_unit = unit
        written = _MONEY_UNIT.search(text)
        if written is not None:
            text = text[:written.start()]
            said = _CELL_UNITS.get(written.group(1), written.group(1))
            if said != unit:
                scale, unit = _UNIT_SCALES[said], said
        text = _MONEY_NOISE.sub("", text)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueProblem(f"{show(value)} is not an amount",
                               f"write amounts as numbers in {_named(column_unit)}, e.g. "
                               "12500.00") from None
    elif isinstance(value, bool):
        raise ValueProblem(f"expected an amount in {_named(unit)}, got {show(value)}")
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    else:
        raise ValueProblem(f"expected an amount in {_named(unit)}, got {show(value)}")
    if not amount.is_finite():
        raise ValueProblem(f"{show(value)} is not a finite amount")
    if amount < 0:
        raise ValueProblem(f"an amount cannot be negative, got {show(value)}")
    if scale != 1:
        if amount.adjusted() >= MONEY_DIGITS:
            raise ValueProblem(f"{show(value)} is too large for an amount")
        amount = _WIDE.multiply(amount, Decimal(scale))
        checked = _checked(amount, value, unit)
        return _WIDE.quantize(checked, _FEN) if checked.adjusted() < MONEY_DIGITS else checked
    return _checked(amount, value, unit)


_UNIT_SCALES = dict(UNITS)
#: A unit written in a cell after its amount: ``12.5万`` is 12.5 万元.
_CELL_UNITS = {"万": "万元", "亿": "亿元"}


def _named(unit: str) -> str:
    return "yuan" if unit == "元" else unit


def _checked(amount: Decimal, value: Any, unit: str) -> Decimal:
    # The usual case, decided without taking the digits apart: not too large, and to the fen.
    if amount.adjusted() < MONEY_DIGITS and _WIDE.quantize(amount, _FEN) == amount:
        return amount
    # Counted from the digits: decimal arithmetic (quantize) fails past 28 digits.
    _, digits, exponent = amount.as_tuple()
    if isinstance(exponent, int) and exponent < -2 and any(digits[exponent + 2:]):
        where = "" if unit == "元" else f" once read in {unit}"
        raise ValueProblem(f"{show(value)} has more than two decimals in yuan{where}",
                           "money is yuan to the fen (0.01)")
    if amount.adjusted() >= MONEY_DIGITS:
        raise ValueProblem(f"{show(value)} is too large for an amount (more than "
                           f"{MONEY_DIGITS} digits in yuan)")
    return amount


def read_bool(value: Any) -> bool:
    if value is None or value.__class__ is bool:
        return bool(value)
    if isinstance(value, str):
        word = fold(value)
        if word in _TRUE:
            return True
        if word in _FALSE or _blank(word):
            return False
    elif isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    raise ValueProblem(f"expected true or false (是 or 否), got {show(value)}")


def read_integer(value: Any) -> int:
    if value is None:
        return 0
    if value.__class__ is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        if _blank(text):
            return 0
        if _INTEGER.fullmatch(text):
            return int(text)
    raise ValueProblem(f"expected a whole number, got {show(value)}")


#: What may follow a value's word in a cell that says more (``已整改，资金已退回``).
_AFTER_WORD = frozenset(",，;；:：(（[【、/。 -—")


def _leading(key: str, words: Mapping[str, str]) -> str | None:
    """The code of the longest word ``key`` starts with, followed by a separator: a cell that
    states the value first and explains after it.  Never a word merely inside the text."""
    best = None
    for word, code in words.items():
        if len(word) < len(key) and key.startswith(word) and key[len(word)] in _AFTER_WORD \
                and (best is None or len(word) > len(best[0])):
            best = (word, code)
    return best[1] if best else None


def read_enum(value: Any, codes: tuple[str, ...], words: Mapping[str, str]) -> str | None:
    """The code ``value`` names: a code itself, or a word of ``words`` (folded text → code)."""
    if value is None:
        return None
    if value.__class__ is str and value in codes:
        return value
    if not isinstance(value, str):
        raise ValueProblem(f"{show(value)} is not one of {', '.join(codes)}")
    text = value.strip()
    if _blank(text):
        return None
    if text in codes:
        return text
    key = fold(text)
    code = words.get(key)
    if code is None and key in codes:
        code = key
    if code is None:
        code = _leading(key, words)
    if code is not None and code in codes:
        return code
    from rectilaw.errors import did_you_mean

    raise ValueProblem(f"{show(value)} is not one of {', '.join(codes)}",
                       did_you_mean(key, sorted({*codes, *words})))
