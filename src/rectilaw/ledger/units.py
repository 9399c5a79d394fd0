"""Units of money in a ledger: 元, 千元, 万元, 百万元, 亿元.

Offices keep amounts in 万元 as often as in 元.  A money column's unit is read
from, in this order of precedence where they agree:

1. its header: ``问题金额（万元）``, ``问题金额(万元)``, ``问题金额万元``,
   ``问题金额/万元``, ``问题金额[万元]``, ``问题金额（单位：万元）``;
2. the mapping: ``units: {问题金额: 万元}`` for one column, ``unit: 万元`` for all;
3. a unit note above or below the table: ``金额单位：万元``, ``单位：万元``,
   ``注：金额单位为万元。``.

Where two of them name different units the column is refused (not read, and
said so), since either reading could be 10,000 times wrong; where none names
one, amounts are yuan, as the finding schema defines them.  Scaling is exact
(:func:`rectilaw.values.read_money`).
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from rectilaw.values import UNITS

__all__ = ["UNITS", "ColumnUnit", "note_unit", "resolve_unit", "split_unit"]

_NAMES = "|".join(sorted(UNITS, key=len, reverse=True))
#: A bare unit at the end of a header (``问题金额万元``): never a lone 元 (``所属单元``).
_BARE = "|".join(sorted((u for u in UNITS if u != "元"), key=len, reverse=True))
_HEADER_UNIT = re.compile(
    rf"\s*(?:[(\[（【]\s*(?:金额)?(?:单位\s*[:：]?\s*)?(?:人民币)?({_NAMES})\s*[)\]）】]"
    rf"|[/／]\s*({_NAMES})|({_BARE}))\s*\*?$")
_NOTE = re.compile(rf"(?:金额)?单位\s*(?:均|都|统一)?\s*(?:[:：]|为|是)\s*(?:人民币)?\s*({_NAMES})")
#: A header that is itself only a unit, e.g. the ``万元`` over a group of amount columns.
_ONLY_UNIT = re.compile(rf"^[(\[（【]?\s*(?:单位\s*[:：]?\s*)?({_NAMES})\s*[)\]）】]?$")


@attrs.frozen
class ColumnUnit:
    """The unit a money column is read in, and where it comes from (for people)."""

    unit: str
    source: str
    #: Where another source named another unit and this one was preferred, why (else "").
    doubt: str = ""

    @property
    def scale(self) -> int:
        return UNITS[self.unit]


def split_unit(header: str) -> tuple[str, str | None]:
    """``问题金额（万元）`` → (``问题金额``, ``万元``); a header without a unit → (header, None).

    A header that is all unit (``万元``) has no name left and is returned whole.
    """
    text = unicodedata.normalize("NFKC", header).strip()
    match = _HEADER_UNIT.search(text)
    if match is None:
        return header, None
    base = text[:match.start()].strip()
    if not base:
        return header, None
    unit = next(group for group in match.groups() if group)
    return base, unit


def note_unit(text: str) -> str | None:
    """The unit a unit note names (``金额单位：万元``, ``注：金额单位为万元``), or None."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) > 80:
        return None
    match = _NOTE.search(folded)
    if match is None:
        return None
    return match.group(1)


def only_unit(text: str) -> str | None:
    """The unit of a cell that holds nothing but a unit (``（万元）``), or None."""
    match = _ONLY_UNIT.match(unicodedata.normalize("NFKC", text).strip())
    return match.group(1) if match else None


def resolve_unit(header_unit: str | None, column_unit: str | None, default_unit: str | None,
                 notes: tuple[str, ...]) -> ColumnUnit | str:
    """The unit of a money column, or the reason it cannot be told (a text)."""
    said = []
    if header_unit is not None:
        said.append((header_unit, "the header"))
    if column_unit is not None:
        said.append((column_unit, "the mapping's units"))
    elif default_unit is not None:
        said.append((default_unit, "the mapping's unit"))
    if header_unit is None and column_unit is None:
        for unit in dict.fromkeys(notes):
            said.append((unit, "a unit note"))
    doubt = ""
    other = [unit for unit in dict.fromkeys(notes) if unit != (header_unit or column_unit)]
    if (header_unit or column_unit) and other:
        doubt = (f"a unit note says {', '.join(other)}, but {said[0][1]} says {said[0][0]}: "
                 f"read in {said[0][0]}, as {said[0][1]} says")
    units = dict.fromkeys(unit for unit, _ in said)
    if len(units) > 1:
        where = "; ".join(f"{source} says {unit}" for unit, source in said)
        return f"the unit is ambiguous ({where})"
    if not said:
        return ColumnUnit("元", "the schema (no unit given)")
    unit, source = said[0]
    return ColumnUnit(unit, source, doubt)
