"""Which ledger column holds which field, and which cell text means which code.

Ledgers (台账) are kept by people, in their own words: the column for
``due_on`` is ``整改时限``, ``整改期限`` or ``due_on``; the source of a finding is
written ``上级审计机关反馈`` or ``上级``.  A :class:`ColumnMapping` knows these
words.  :meth:`ColumnMapping.default` knows the shared schema's field names, its
中文 names and the variants offices commonly use; a deployment adds its own
in a YAML mapping file (:meth:`ColumnMapping.from_yaml`)::

    # 国资委审计整改台账
    columns:
      问题序号: id
      责任企业: unit
      被审计单位: ~        # a column kept in the output but not read
    values:
      source:
        审计署反馈: upper
    sheet: 台账          # XLSX: the sheet to read (default: the first with a known header)
    header_row: 3        # the row holding the headers (default: found by looking)

Headers and cell texts are compared after Unicode compatibility folding
(full-width letters and brackets become ASCII), with whitespace removed, a
trailing ``*`` (a "required" mark) and a ``(元)`` unit dropped, and letters
case-folded, so ``Due_On``, ``整改时限*`` and ``整改 时限`` all name ``due_on``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from rectilaw import schema
from rectilaw.errors import did_you_mean
from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.messages import CATALOGUE
from rectilaw.values import UNITS

__all__ = ["DESCRIPTIVE_HEADERS", "RESULT_COLUMNS", "ColumnMapping", "header_key", "value_label"]

_SPACE = re.compile(r"\s+")
_YUAN = re.compile(r"\((元|人民币元|yuan)\)$")

#: Column headers offices use besides each field's name and its schema 中文 name.
_HEADER_VARIANTS: Mapping[str, tuple[str, ...]] = {
    "id": ("编号", "问题序号", "问题号", "问题ID"),
    "unit": ("责任单位", "整改单位", "被审计单位", "被审计单位名称", "整改主体"),
    "source": ("来源", "问题出处"),
    "audit_type": ("审计项目类型",),
    "rectification_type": ("整改方式",),
    "cause": ("未整改原因", "未完成整改原因"),
    "issued_on": ("下达日期", "问题下达日期", "问题清单下达日期", "审计决定下达日期",
                  "审计意见下达日期", "审计报告下达日期"),
    "due_on": ("整改时限", "整改期限", "规定整改时限", "整改截止日期"),
    "extended_to": ("延期后整改时限", "延长后整改时限", "延长后的整改时限", "延期至",
                    "批准延期至"),
    "plan_submitted_on": ("整改方案报送日期", "整改计划报送日期", "方案报送日期"),
    "reported_on": ("整改报告日期", "整改情况报告日期", "整改报告报送日期"),
    "problem_amount": ("涉及金额", "违规金额", "涉及问题金额", "查出问题金额", "审计查出问题金额",
                       "问题涉及金额"),
    "corrected_amount": ("已纠正金额", "已整改金额", "整改金额", "纠正金额", "整改到位金额",
                         "已整改到位金额", "已调整或纠正金额"),
    "revenue_saved": ("增收节支", "增收节支金额", "促进增收节支"),
    "funds_recovered": ("拨付、盘活、追回资金", "拨付盘活追回资金", "拨付、盘活、追回资金金额"),
    "investment_reduced": ("审减投资", "审减投资额", "审减金额"),
    "persons_accountable": ("追责问责", "问责人数", "追责问责（人）"),
    "rules_improved": ("完善规章制度", "完善规章制度（项）", "建章立制数", "完善制度数"),
    "corrected": ("已纠正完毕", "是否纠正完毕", "已调整或纠正完毕"),
    "corrected_immediately": ("即查即改",),
    "controls_improved": ("建章立制", "已建章立制", "已完善管控措施"),
    "referred_to_discipline": ("已移送纪检监察", "移送纪检监察"),
    "referral_accepted": ("纪检监察已受理",),
    "accountability_done": ("已追责问责",),
    "events": ("督办措施", "督办记录", "已采取督办措施"),
    "determination": ("整改状态", "整改情况", "认定结果", "整改结果", "认定情况", "整改完成情况",
                      "认定状态", "整改认定结果", "整改认定情况", "整改进展情况"),
    "determined_on": ("认定日期", "认定时间", "整改认定日期", "结果认定日期"),
}

#: Columns offices keep that are no fact of a finding: carried along into the output, read
#: deliberately as nothing (a mapping can still map them to a field).
DESCRIPTIVE_HEADERS: tuple[str, ...] = (
    "序号", "编号序号", "问题描述", "问题摘要", "问题内容", "问题简要描述", "问题简述", "问题概述",
    "审计发现问题", "审计发现的问题", "存在问题", "问题标题", "问题名称", "备注", "说明",
    "备注说明",
    "整改措施", "具体整改措施", "整改责任人", "责任人", "联系人", "联系电话", "审计项目",
    "审计项目名称", "项目名称", "问题类型", "问题性质", "问题类别", "问题分类", "审计组",
    "主审", "整改依据", "佐证材料", "整改佐证材料", "附件",
)

#: Cell texts offices write for the shared schema's enum values (kept with the schema).
_VALUE_VARIANTS: Mapping[str, Mapping[str, tuple[str, ...]]] = schema.VALUE_WORDS

_FILE_KEYS = ("columns", "values", "sheet", "header_row", "unit", "units")
#: The largest mapping file read, in bytes: a mapping names columns, it is never large.
MAPPING_LIMIT = 1 << 20

#: The columns rectilaw adds to an evaluated ledger: English name and Chinese name (the
#: catalogue's, see :mod:`rectilaw.ledger.messages`).  Read back as input, they are carried
#: along unread (they are answers, not facts).
RESULT_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (CATALOGUE[f"col.{key}"][1], CATALOGUE[f"col.{key}"][0])
    for key in ("row", "status_label", "due", "overdue_days", "stage_label", "actions_text",
                "provisional", "error", "disagreements", "status", "stage", "actions")
)


def header_key(text: object) -> str:
    """The form in which headers and cell texts are compared (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", str(text))
    folded = _SPACE.sub("", folded).strip("*")
    return _YUAN.sub("", folded).casefold()


def value_label(field: str, code: str) -> str | None:
    """The usual Chinese wording of a schema enum value (``upper`` → 上级审计机关反馈), or None."""
    texts = _VALUE_VARIANTS.get(field, {}).get(code)
    return texts[0] if texts else None


@attrs.frozen
class ColumnMapping:
    """Header → field name, and per field, cell text → code.

    Keys are stored as :func:`header_key` gives them; a header mapped to ``""``
    is a column to carry along unread.  ``sheet`` and
    ``header_row`` (1-based) pin down where a spreadsheet's table is;
    ``origin`` names the mapping file in error messages.
    """

    headers: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    origin: str = "<default mapping>"
    #: ``unit: 万元``: the unit of every money column whose header names none.
    unit: str | None = None
    #: ``units: {问题金额: 万元}``: by header (or field name, keyed), one column's unit.
    units: Mapping[str, str] = attrs.field(factory=dict)
    #: The headers (keyed) a mapping file maps, to tell which of its entries matched nothing.
    named: frozenset[str] = frozenset()

    @classmethod
    def default(cls) -> ColumnMapping:
        """The shared schema's names, its 中文 names, and common variants."""
        headers: dict[str, str] = {}
        for name, spec in schema.FIELDS.items():
            for text in (name, spec.label, *_HEADER_VARIANTS.get(name, ())):
                headers.setdefault(header_key(text), name)
        # The answers of an evaluated ledger read back, and the columns that describe a
        # finding: carried along (a field's own name wins, e.g. 整改状态 is a determination).
        for text in (*(text for pair in RESULT_COLUMNS for text in pair),
                     *(f"rectilaw_{name}" for name, _ in RESULT_COLUMNS), *DESCRIPTIVE_HEADERS):
            headers.setdefault(header_key(text), "")
        values = {
            field: {header_key(text): code for code, texts in codes.items() for text in texts}
            for field, codes in _VALUE_VARIANTS.items()
        }
        return cls(headers, values)

    @classmethod
    def from_yaml(cls, path: str | os.PathLike[str]) -> ColumnMapping:
        """The default mapping extended by a YAML mapping file (safe loading only)."""
        name = os.fspath(path)
        try:
            if not Path(name).is_file():
                raise LedgerError(f"{name}: no such mapping file (a regular file is expected)")
            with open(name, "rb") as handle:
                raw = handle.read(MAPPING_LIMIT + 1)
            if len(raw) > MAPPING_LIMIT:
                raise LedgerError(f"{name}: a column mapping is a short YAML file; this one is "
                                  f"larger than {MAPPING_LIMIT // 1024} KiB, so it is refused "
                                  "unread")
            data = yaml.safe_load(raw.decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError) as problem:
            raise LedgerError(f"{name}: cannot read the column mapping: {problem}") from None
        except yaml.YAMLError as problem:
            raise LedgerError(f"{name}: not valid YAML: {problem}") from None
        return cls.default().extended(data if data is not None else {}, origin=name)

    def extended(self, data: Any, origin: str = "<mapping>") -> ColumnMapping:
        """This mapping with the entries of ``data`` (a mapping file's content) added.

        Entries of ``data`` win over existing ones: a deployment may move a
        header to another field.
        """
        if not isinstance(data, Mapping):
            raise LedgerError(f"{origin}: a column mapping is a mapping with keys "
                              f"{', '.join(_FILE_KEYS)}")
        for key in data:
            if key not in _FILE_KEYS:
                hint = did_you_mean(str(key), _FILE_KEYS)
                raise LedgerError(f"{origin}: unknown key `{key}`" + (f" ({hint})" if hint else ""))
        headers = dict(self.headers)
        named = set(self.named)
        for header, field in _pairs(data.get("columns"), f"{origin}: columns", ignorable=True):
            headers[header_key(header)] = field
            named.add(header_key(header))
        values = {field: dict(texts) for field, texts in self.values.items()}
        for field, texts in _pairs(data.get("values"), f"{origin}: values", nested=True):
            _check_values_field(field, origin)
            for text, code in _pairs(texts, f"{origin}: values: {field}"):
                _check_value_code(field, text, code, origin)
                values.setdefault(field, {})[header_key(text)] = code
        unit = _unit(data.get("unit", self.unit), f"{origin}: unit")
        units = dict(self.units)
        for header, value in _pairs(data.get("units"), f"{origin}: units"):
            units[header_key(header)] = _unit(value, f"{origin}: units: {header}") or ""
        return ColumnMapping(
            headers, values,
            sheet=_optional(data, "sheet", str, origin, self.sheet),
            header_row=_optional(data, "header_row", int, origin, self.header_row),
            origin=origin, unit=unit, units=units, named=frozenset(named),
        )

    def unit_of(self, header: str, field: str) -> str | None:
        """The unit ``units:`` gives one column (by its header or its field), or None."""
        return self.units.get(header_key(header)) or self.units.get(header_key(field)) or None

    def with_fields(self, fields: Iterable[tuple[str, str | None]]) -> ColumnMapping:
        """This mapping also knowing ``(name, label)`` fields, e.g. a policy's own facts.

        Existing entries are kept: a mapping file's choice is not overridden.
        """
        headers = dict(self.headers)
        for name, label in fields:
            headers.setdefault(header_key(name), name)
            if label:
                headers.setdefault(header_key(label), name)
        return attrs.evolve(self, headers=headers)

    def field_of(self, header: object) -> str | None:
        """The field a column header names, or None (an unknown or ignored column)."""
        return self.headers.get(header_key(header)) or None

    def code_of(self, field: str, text: str) -> str | None:
        """The code a cell text stands for in ``field``, or None."""
        table = self.values.get(field)
        return table.get(header_key(text)) if table else None


def _unit(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or header_key(value) not in _UNIT_KEYS:
        raise LedgerError(f"{where}: expected a unit of money ({', '.join(UNITS)}), got "
                          f"{value!r}")
    return _UNIT_KEYS[header_key(value)]


_UNIT_KEYS = {header_key(unit): unit for unit in UNITS}


def _check_values_field(field: str, origin: str) -> None:
    """``values:`` reads cell texts as codes, which only an enum column has: an entry for a
    bool, date, money or text field could never apply, and is refused, saying why."""
    spec = schema.FIELDS.get(field)
    if spec is None:
        return  # a policy's own fact: checked when the policy is known (see cells.py)
    if spec.type != "enum":
        kinds = {"bool": "a yes/no column (是/否, √/×, true/false are read as they are)",
                 "date": "a date column", "money": "an amount column",
                 "integer": "a whole-number column", "text": "a text column (read as written)",
                 "events": "a list of measures (codes or the policy's labels)"}
        enums = ", ".join(n for n, f in schema.FIELDS.items() if f.type == "enum")
        raise LedgerError(f"{origin}: values: {field}: `{field}` is {kinds[spec.type]}; "
                          f"`values:` says which cell text means which code, and only enum "
                          f"fields have codes ({enums}), so this entry would have no effect")


def _check_value_code(field: str, text: str, code: Any, origin: str) -> None:
    spec = schema.FIELDS.get(field)
    if spec is not None and code not in spec.values:
        hint = did_you_mean(str(code), spec.values)
        raise LedgerError(f"{origin}: values: {field}: {text}: `{code}` is not a value of "
                          f"`{field}` (one of {', '.join(spec.values)})"
                          + (f" ({hint})" if hint else ""))


def _pairs(value: Any, where: str, nested: bool = False,
           ignorable: bool = False) -> list[tuple[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise LedgerError(f"{where}: expected a mapping of texts")
    pairs = []
    for key, item in value.items():
        if nested and not isinstance(item, Mapping):
            raise LedgerError(f"{where}: {key}: expected a mapping of cell texts to codes")
        if not nested and not isinstance(item, str) and not (ignorable and item is None):
            raise LedgerError(f"{where}: {key}: expected a name, got {item!r}")
        pairs.append((str(key), item or ""))
    return pairs


def _optional(data: Mapping[str, Any], key: str, kind: type, origin: str, default: Any) -> Any:
    value = data.get(key, default)
    wrong = not isinstance(value, kind) or isinstance(value, bool)
    if value is not None and (wrong or (isinstance(value, int) and value < 1)):
        expected = "a row number (1 or more)" if kind is int else "a text"
        raise LedgerError(f"{origin}: {key}: expected {expected}, got {value!r}")
    return value
