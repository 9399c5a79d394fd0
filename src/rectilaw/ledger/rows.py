"""Rows of a ledger that are not findings: totals, notes, titles, page lines, repeated headers.

A 台账 as offices keep it has more than findings between its header and its end:
``合计`` / ``小计`` / ``总计`` rows, a note under the table (``注：金额单位为万元。``),
a section title (``一、上级审计反馈问题``), the header repeated on every page of a
WPS or Excel export, ``第 1 页 共 5 页``, and the signature line (``填表人：…``).
:func:`classify` recognises them, so that they are left out of the statistics and
listed with their row numbers instead of being counted as findings or errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Sequence
from typing import Any

from rectilaw.ledger.columns import header_key
from rectilaw.ledger.messages import CATALOGUE
from rectilaw.ledger.units import note_unit

__all__ = ["KINDS", "classify", "kind_name", "totals_row"]

#: The kinds of rows that are not findings, with their Chinese and English names (from the
#: catalogue's ``kind.*`` entries).
KINDS = {kind: CATALOGUE[f"kind.{kind}"] for kind in
         ("totals", "note", "unit_note", "title", "header", "page", "signature")}


def kind_name(kind: str, lang: str = "zh") -> str:
    """A kind of row that is not a finding, for people in ``lang``."""
    names = KINDS.get(kind, (kind, kind))
    return names[0] if lang == "zh" else names[1]


_TOTALS = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.]?)?\s*"
                     r"(?:合\s*计|总\s*计|小\s*计|累\s*计|共\s*计|总\s*合\s*计|total|subtotal|sum)"
                     r"(?:[（(:：].*)?$", re.IGNORECASE)
#: How far into a row a totals label is looked for: it stands in the leading columns (序号, 编号,
#: 单位, 问题描述), and the test is made on every row.
_TOTALS_COLUMNS = 8
_TOTALS_START = frozenset("合总小累共TtSs一二三四五六七八九十（(0123456789 　")
_NOTE = re.compile(r"^\s*(?:[*※]|注[0-9１-９一二三四五六七八九]?\s*[:：.、]|注\s|备注\s*[:：]|"
                   r"说明\s*[:：]|填表说明|填报说明|(?:金额)?单位\s*[:：])")
_PAGE = re.compile(r"^\s*(?:第\s*\d+\s*页|共\s*\d+\s*页|page\s*\d+)", re.IGNORECASE)
_SIGNATURE = re.compile(r"^\s*(?:填表|制表|填报|审核|复核|负责|联系|分管|经办|报送)"
                        r"[人员单位日期领导]{0,4}\s*[:：]")


def _texts(cells: Sequence[Any]) -> list[tuple[int, str]]:
    found = []
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        text = cell.strip() if isinstance(cell, str) else str(cell)
        if text:
            found.append((index, text))
    return found


def totals_row(cells: Sequence[Any]) -> bool:
    """Whether a text cell of the row says 合计 / 小计 / 总计 (the cheap test, made on every
    row: a totals row usually reads as a finding, amounts and all)."""
    for cell in cells[:_TOTALS_COLUMNS]:
        if cell.__class__ is str and cell[:1] in _TOTALS_START and len(cell) < 24 \
                and _TOTALS.match(unicodedata.normalize("NFKC", cell).strip()):
            return True
    return False


def classify(cells: Sequence[Any], headers: Sequence[str], read: Container[int],
             read_problems: bool) -> tuple[str, str] | None:
    """``(kind, text)`` for a row that is not a finding, or None for a finding.

    ``headers``: the table's own headers (for a repeated header row); ``read``: the
    columns read as fields (a lone text there is a finding unless it cannot be read;
    elsewhere it is a title); ``read_problems``: whether reading the row as a finding
    found problems (a title or note row usually has some; a totals row none).
    """
    texts = _texts(cells)
    if not texts:
        return None
    joined = " ".join(text for _, text in texts)
    shown = joined if len(joined) <= 60 else joined[:57] + "..."
    if totals_row(cells):
        return "totals", shown
    first = texts[0][1]
    if len(texts) <= 3:
        if note_unit(joined):
            return "unit_note", shown
        if _PAGE.match(first):
            return "page", shown
        if all(_SIGNATURE.match(text) for _, text in texts):
            return "signature", shown
        if _NOTE.match(first):
            return "note", shown
    keys = {header_key(h) for h in headers if h}
    matching = sum(1 for index, text in texts
                   if header_key(text) in keys or (index < len(headers) and headers[index]
                                                    and header_key(headers[index]) ==
                                                    header_key(text)))
    if len(texts) >= 2 and matching * 2 >= len(texts):
        return "header", shown
    if len(headers) < 3:
        return None  # a table this narrow: a lone text may well be its finding
    if len(texts) == 1 and isinstance(cells[texts[0][0]], str) \
            and (texts[0][0] not in read or read_problems):
        return "title", shown
    if read_problems and len(texts) <= 2 and all(isinstance(cells[i], str) for i, _ in texts) \
            and len(first) > 20:
        return "note", shown
    return None
