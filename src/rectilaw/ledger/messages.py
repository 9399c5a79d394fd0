"""The words of ledger output, in Chinese and English, from one catalogue.

Everything a person reads in an evaluated ledger or a report — column headers,
sheet names, figure names, notes, and the problems of rows that could not be
evaluated — comes from :data:`CATALOGUE`, one entry per text with its ``zh``
and ``en`` wording.  :func:`message` gives an entry in a language.

Row problems, the notes on how each column was read, doubts about units and the
disagreements of recorded determinations with the rules are made by the readers,
the finding checker and the engine in English (the language of the API and its
exceptions).  :func:`problem_text` renders a
:class:`~rectilaw.errors.FieldProblem` for people in either language: the
field by its schema name (``due_on``) or Chinese label (问题清单确定的整改时限),
the message and hint through the catalogue's *patterns* — English templates
with ``{placeholders}`` matched against the text, their Chinese wording filled
with the same values.  A message no pattern knows is shown as it is (in
English) rather than dropped: tests keep the patterns in step with the
messages the readers make, and scan the Chinese output for English words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from rectilaw.schema import FIELDS

if TYPE_CHECKING:
    from rectilaw.errors import FieldProblem

__all__ = ["CATALOGUE", "LANGUAGES", "PATTERNS", "field_label", "message", "problem_text",
           "translate"]

#: The languages of ledger output.
LANGUAGES = ("zh", "en")

#: Texts rectilaw writes itself: key → (zh, en).
CATALOGUE: Mapping[str, tuple[str, str]] = {
    # result columns (the answer written after the ledger's own columns)
    "col.row": ("评估·行号", "row"),
    "col.status_label": ("评估·整改状态", "status_label"),
    "col.due": ("评估·整改时限", "due"),
    "col.overdue_days": ("评估·逾期天数", "overdue_days"),
    "col.stage_label": ("评估·所处阶段", "stage_label"),
    "col.actions_text": ("评估·应采取的措施", "actions_text"),
    "col.provisional": ("评估·暂定年度", "provisional"),
    "col.error": ("评估·数据问题", "error"),
    "col.disagreements": ("评估·认定与规则不一致", "disagreements"),
    "col.status": ("评估·整改状态代码", "status"),
    "col.stage": ("评估·阶段代码", "stage"),
    "col.actions": ("评估·措施代码", "actions"),
    # sheets
    "sheet.summary": ("汇总", "Summary"),
    "sheet.findings": ("问题清单", "Findings"),
    "sheet.units": ("按责任单位", "By unit"),
    "sheet.charts": ("整改率图表", "Charts"),
    "sheet.trace": ("数据来源", "Rows counted"),
    # the summary sheet
    "sum.title": ("审计整改台账统计", "Audit rectification ledger"),
    "sum.policy": ("依据", "Policy"),
    "sum.today": ("统计日", "As of"),
    "sum.total": ("问题总数", "Findings"),
    "sum.evaluated": ("已评估", "Evaluated"),
    "sum.errors": ("数据有误", "Rows in error"),
    "sum.blank": ("空行", "Blank rows"),
    "sum.rectified": ("已整改", "Rectified"),
    "sum.rate": ("整改率", "Rectification rate"),
    "sum.counted": ("计为已整改", "Counted as rectified"),
    "sum.problem": ("问题金额（元）", "Problem amount (yuan)"),
    "sum.corrected": ("已纠正金额（元）", "Corrected amount (yuan)"),
    "sum.amount_rate": ("金额整改率", "Amount rate"),
    "sum.by_status": ("按整改状态", "By status"),
    "sum.code": ("代码", "Code"),
    "sum.count": ("问题数", "Findings"),
    "sum.share": ("占比", "Share"),
    "sum.by": ("按{group}", "By {group}"),
    "sum.overdue": ("逾期问题（{n}）", "Overdue findings ({n})"),
    "sum.row": ("行号", "Row"),
    "sum.id": ("问题编号", "Finding"),
    "sum.unit": ("整改责任单位", "Unit"),
    "sum.due": ("整改时限", "Deadline"),
    "sum.days": ("逾期天数", "Days overdue"),
    "sum.status": ("整改状态", "Status"),
    "sum.todo": ("待办：责任方", "To do: who acts"),
    "sum.due_today": ("今日到期", "Due today"),
    "sum.due_week": ("本周到期", "Due this week"),
    "sum.late": ("已逾期", "Late"),
    "sum.undated": ("无期限（即办）", "Undated (now)"),
    "sum.week": ("本周到期措施（至 {day}）", "Actions due this week (to {day})"),
    "sum.action": ("措施", "Action"),
    "sum.target": ("对象", "Target"),
    "sum.error_rows": ("数据有误的行（{n}）", "Rows in error ({n})"),
    "sum.problems": ("问题", "Problems"),
    "sum.warnings": ("提示", "Warnings"),
    "sum.blank_value": ("（未填写）", "(blank)"),
    "sum.overdue_count": ("逾期", "Overdue"),
    "group.source": ("问题来源", "source"),
    "group.audit_type": ("审计类型", "audit type"),
    "group.rectification_type": ("整改类型", "rectification type"),
    "group.unit": ("整改责任单位", "unit"),
    "group.cause": ("未整改到位原因", "cause"),
    "chart.by_unit": ("整改率（按整改责任单位）", "Rectification rate by unit"),
    "chart.by_unit_top": ("整改率（按整改责任单位，问题数最多的 {n} 个单位）",
                          "Rectification rate by unit (the {n} units with most findings)"),
    "chart.by_source": ("整改率（按问题来源）", "Rectification rate by source"),
    "print.footer": ("&A　第 &P 页，共 &N 页", "&A  page &P of &N"),
    # notes on standard error
    "note.errors": ("{count} 行（共 {total} 行）无法评估，已在统计中列出行号和字段",
                    "{count} of {total} rows could not be evaluated (listed with their row "
                    "numbers and fields in the summary)"),
    "note.wrote": ("已将 {total} 行写入 {out}", "wrote {total} rows to {out}"),
    "note.report": ("已写出报告 {out}", "wrote the report to {out}"),
    "note.report_errors": ("{count} 行数据有误，未计入报告的任何数字（行号见报告）",
                           "{count} rows in error are counted in none of the report's figures "
                           "(their row numbers are in the report)"),
    # the progress line on a terminal
    "progress.rows": ("已处理 {done} 行", "{done} rows"),
    "progress.of": ("已处理 {done} 行，共 {total} 行（{percent}%）",
                    "{done} rows of {total} ({percent}%)"),
    # the summary as text (rectilaw ledger)
    "text.title": ("审计整改台账统计", "Audit rectification ledger"),
    "text.policy": ("依据", "policy"),
    "text.today": ("统计日", "as of"),
    "text.week": ("本周至", "week ends"),
    "text.total": ("问题总数", "findings"),
    "text.evaluated": ("已评估", "evaluated"),
    "text.errors": ("数据有误", "rows in error"),
    "text.blank": ("空行", "blank rows"),
    "text.rate": ("整改率", "rectification rate"),
    "text.rectified": ("已整改", "rectified"),
    "text.counted": ("计为已整改", "counted as rectified"),
    "text.problem": ("问题金额", "problem amount"),
    "text.corrected": ("已纠正金额", "corrected amount"),
    "text.amount_rate": ("金额整改率", "amount rate"),
    "text.yuan": ("元", "yuan"),
    "text.by_status": ("按整改状态", "By status"),
    "text.status": ("整改状态", "status"),
    "text.count": ("问题数", "findings"),
    "text.share": ("占比", "share"),
    "text.by": ("按{group}", "By {group}"),
    "text.overdue": ("逾期问题", "Overdue findings"),
    "text.row": ("行号", "row"),
    "text.id": ("问题编号", "id"),
    "text.unit": ("整改责任单位", "unit"),
    "text.due": ("整改时限", "deadline"),
    "text.days": ("逾期天数", "days overdue"),
    "text.more": ("另有 {n} 条", "{n} more"),
    "text.todo": ("待办", "To do"),
    "text.due_today": ("今日到期 {n} 项", "due today {n}"),
    "text.due_week": ("本周到期 {n} 项", "due this week {n}"),
    "text.late": ("已逾期 {n} 项", "late {n}"),
    "text.undated": ("无期限（即办） {n} 项", "undated (now) {n}"),
    "text.action": ("措施", "action"),
    "text.target": ("对象", "target"),
    "text.error_rows": ("数据有误的行", "Rows in error"),
    "text.warnings": ("提示", "Warnings"),
    "text.none": ("无", "none"),
    "text.sep": ("，", ", "),
    "text.source": ("问题来源", "source"),
    "text.audit_type": ("审计类型", "audit type"),
    "text.rectification_type": ("整改类型", "rectification type"),
    # how the ledger was read (the summary's last part, the summary sheet, --inspect)
    "read.title": ("读取情况", "How the ledger was read"),
    "read.unit": ("金额单位：统计中的金额均为元", "amounts: every amount of this summary is in "
                  "yuan (元)"),
    "read.scaled": ("{header} → {field}：按{unit}读取，换算为元（依据{source}）",
                    "{header} → {field}: read in {unit}, scaled to yuan (from {source})"),
    "read.note_row": ("第{row}行", "row {row}"),
    "read.note_below": ("表尾", "below the table"),
    "read.unit_note": ("{where}：{text} → {unit}", "{where}: {text} → {unit}"),
    "read.unread": ("未读取的列（{n}）", "columns not read ({n})"),
    "read.unread_column": ("“{header}”：{note}", "`{header}`: {note}"),
    "read.no_header": ("（无表头）", "(no header)"),
    "read.carried": ("照录未读的列：{headers}", "carried along on purpose: {headers}"),
    "read.list_sep": ("、", ", "),
    "read.skipped": ("非问题行（{n}），不计入统计", "rows that are not findings ({n}), left out "
                     "of the figures"),
    "read.skipped_row": ("第{row}行 {kind}：{text}", "row {row} {kind}: {text}"),
    "read.more": ("… 另有 {n} 条", "… {n} more"),
    "read.blank": ("空行：第 {rows} 行", "blank rows: {rows}"),
    "read.disagreements": ("认定结果与规则不一致（{n}）",
                           "recorded determination disagrees with the rules ({n})"),
    "read.disagreeing": ("第{row}行{who}：{text}", "row {row}{who}: {text}"),
    "read.collision": ("输入列与输出列同名：“{header}”",
                       "an input column has an output column's name: `{header}`"),
    "read.unused": ("映射中未用上的列：“{entry}”", "mapping entry matching no column: `{entry}`"),
    "read.doubt": ("！{text}", "! {text}"),
    "read.problem": ("第{row}行：{text}", "row {row}: {text}"),
    # kinds of rows that are not findings (see rectilaw.ledger.rows)
    "kind.totals": ("合计行", "totals row"),
    "kind.note": ("注释行", "note"),
    "kind.unit_note": ("金额单位说明", "unit note"),
    "kind.title": ("标题或分组行", "title or section row"),
    "kind.header": ("重复的表头", "repeated header"),
    "kind.page": ("页码行", "page line"),
    "kind.signature": ("签署行", "signature line"),
    # rectilaw ledger --inspect
    "inspect.head": ("{name}{sheets}：{kind}，待评估 {rows} 行",
                     "{name}{sheets}: {kind}, {rows} rows to evaluate"),
    "inspect.columns": ("各列（表头 → 字段）：", "columns (header → field):"),
    "inspect.unit": ("，按{unit}读取（依据{source}）", ", in {unit} ({source})"),
    "inspect.parsed": ("已填 {filled} 格，读出 {parsed} 格", "parsed {parsed} of {filled} "
                       "filled cells"),
    "inspect.samples": ("示例：{samples}", "samples: {samples}"),
    "inspect.samples_after": ("；示例：{samples}", "; samples: {samples}"),
    "inspect.problem": ("首个问题：第{row}行：{text}", "first problem: row {row}: {text}"),
    "inspect.carried": ("照录，不读取", "carried along"),
    "inspect.unread": ("未读取", "NOT READ"),
    "inspect.refused": ("拒绝读取", "REFUSED"),
    "inspect.state": ("{header}：{state}", "{header}: {state}"),
    "inspect.state_note": ("{header}：{state}（{note}）", "{header}: {state} ({note})"),
    "inspect.unit_note": ("金额单位说明，{where}：{text} → {unit}",
                          "unit note, {where}: {text} → {unit}"),
    "inspect.skipped": ("不计入的行（{n}）：", "rows to be left out ({n}):"),
    "inspect.skipped_row": ("第{row}行：{kind}：{text}", "row {row}: {kind}: {text}"),
    "inspect.blank": ("空行：{rows}", "blank rows: {rows}"),
    "inspect.doubt": ("存疑：{text}", "doubt: {text}"),
    "inspect.collision": ("输入列与输出列同名：{header}",
                          "an input column has an output column's name: {header}"),
    "inspect.unused": ("映射中未用上的列：{entry}", "mapping entry matching no column: {entry}"),
    # rectilaw ledger --strict
    "strict.unread": ("“{header}”列未读取：{note}", "column `{header}` is not read: {note}"),
    "strict.errors": ("{n} 行无法评估", "{n} rows could not be evaluated"),
}

#: Problems made elsewhere in English: (English template, Chinese template).  ``{v}`` and
#: the other placeholders match any text and are carried over as they are.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("column `{column}`: {rest}", "“{column}”列：{rest}"),
    ("{v} is not a date: no such day", "{v} 不是日期：没有这一天"),
    ("{v} is not a date (nor an Excel date number)", "{v} 不是日期（也不是 Excel 日期序号）"),
    ("{v} is not a date", "{v} 不是日期"),
    ("expected a date, got a date and time {v}", "应为日期，而填写了日期和时间 {v}"),
    ("expected a date, got {v}", "应为日期，而填写了 {v}"),
    ("expected a text, got {v}", "应为文字，而填写了 {v}"),
    ("{v} is not an amount", "{v} 不是金额"),
    ("expected an amount in yuan, got {v}", "应为以元计的金额，而填写了 {v}"),
    ("expected an amount in {unit}, got {v}", "应为以{unit}计的金额，而填写了 {v}"),
    ("{v} has more than two decimals in yuan once read in {unit}",
     "{v} 按{unit}读取后，以元计的小数超过两位"),
    ("{v} has more than two decimals in yuan", "{v} 以元计的小数超过两位"),
    ("{v} is too large for an amount", "{v} 作为金额过大"),
    ("expected true or false (是 or 否), got {v}", "应填“是”或“否”，而填写了 {v}"),
    ("{v} is not a finite amount", "{v} 不是有限的金额"),
    ("an amount cannot be negative, got {v}", "金额不能为负数，而填写了 {v}"),
    ("{v} has more than two decimals", "{v} 的小数超过两位"),
    ("{v} is too large for an amount (more than {n} digits in yuan)",
     "{v} 作为金额过大（以元计超过 {n} 位）"),
    ("expected 是 or 否 (true or false), got {v}", "应填“是”或“否”，而填写了 {v}"),
    ("expected true or false, got {v}", "应填“是”或“否”，而填写了 {v}"),
    ("expected a whole number, got {v}", "应为整数，而填写了 {v}"),
    ("expected one of {values}, got {v}", "应为 {values} 之一，而填写了 {v}"),
    ("{v} is not one of {values}", "{v} 不是 {values} 之一"),
    ("{v} is not a supervision measure of this policy", "{v} 不是本依据规定的督办措施"),
    ("unknown key `{key}`: a measure has `kind` and `on`",
     "未知的键 `{key}`：督办措施只有 `kind`（种类）和 `on`（日期）"),
    ("{v} is not a measure", "{v} 不是督办措施"),
    ("the measure {v} has no date", "督办措施 {v} 没有日期"),
    ("{v} is not a JSON list of measures", "{v} 不是督办措施的 JSON 列表"),
    ("expected a list of measures, got {v}", "应为督办措施列表，而填写了 {v}"),
    ("{n} cells where the header has {width}: {extra} beyond the last column",
     "本行有 {n} 格，表头只有 {width} 列：{extra} 超出最后一列"),
    ("column `{column}` is missing: the row has {n} cells where the header has {width}",
     "缺少“{column}”列：本行只有 {n} 格，表头有 {width} 列"),
    ("a totals row (合计), not a finding: left out of the statistics",
     "合计行，不是问题：不计入统计"),
    ("the Parquet date (day {n} from 1970-01-01) is outside the years 1–9999",
     "Parquet 日期（自 1970-01-01 起第 {n} 天）超出公元 1–9999 年"),
    ("cell {cell} holds the formula {formula} and no computed value: open and save the file "
     "in Excel or WPS (or paste values) so that the value is stored; it is not guessed",
     "单元格 {cell} 是公式 {formula}，没有保存计算结果：请在 Excel 或 WPS 中打开并保存"
     "（或粘贴为数值），使数值得以保存；本程序不作猜测"),
    ("unknown field", "未知字段"),
    ("field names are texts", "字段名应为文字"),
    ("the kind of the measure is missing", "缺少督办措施的种类"),
    ("the date of the measure is missing", "缺少督办措施的日期"),
    ("expected a mapping of column names to values, got {v}", "应为“列名 → 值”的记录，而得到 {v}"),
    ("column `{column}` is not a field: carried along unread ({hint})",
     "“{column}”列不是字段：原样保留、不读取（{hint}）"),
    ("column `{column}` is not a field: carried along unread",
     "“{column}”列不是字段：原样保留、不读取"),
    ("columns `{first}` and `{second}` both name `{field}`: `{a}` is read, `{b}` is carried "
     "along unread",
     "“{first}”列和“{second}”列都是 `{field}`：读取“{a}”列，“{b}”列原样保留、不读取"),
    # how columns were read (rectilaw.ledger.cells, units, readers)
    ("in {unit}, from {source}", "按{unit}读取（依据{source}）"),
    ("the header", "表头"),
    ("the mapping's units", "映射文件（units）"),
    ("the mapping's unit", "映射文件（unit）"),
    ("a unit note", "金额单位说明"),
    ("the schema (no unit given)", "字段定义，未注明单位"),
    ("carried along, not a fact", "照录，不是事实"),
    ("a column without a header, carried along; give it a header, or name it in the mapping "
     "(columns: {{{column}: ~}} to carry it on purpose)",
     "无表头的列，照录不读取：请给它加上表头，或在映射文件中写明"
     "（columns: {{{column}: ~}} 表示有意照录）"),
    ("not a field, carried along; map it to a field in the mapping (columns: {{{column}: "
     "FIELD}}), or mark it as carried on purpose (columns: {{{again}: ~}}) ({hint})",
     "不是字段，照录不读取：请在映射文件中把它对应到字段（columns: {{{column}: FIELD}}），"
     "或标明有意照录（columns: {{{again}: ~}}）（{hint}）"),
    ("not a field, carried along; map it to a field in the mapping (columns: {{{column}: "
     "FIELD}}), or mark it as carried on purpose (columns: {{{again}: ~}})",
     "不是字段，照录不读取：请在映射文件中把它对应到字段（columns: {{{column}: FIELD}}），"
     "或标明有意照录（columns: {{{again}: ~}}）"),
    ("columns `{first}` and `{second}` both name `{field}`: `{a}` is read, `{b}` is not",
     "“{first}”列和“{second}”列都是 `{field}`：读取“{a}”列，“{b}”列不读取"),
    ("column `{column}` ({field}) is not read: {reason}; say which in the mapping (units: "
     "{{{base}: 万元}}) or make the header and note agree",
     "“{column}”列（{field}）未读取：{reason}；请在映射文件中写明单位"
     "（units: {{{base}: 万元}}），或使表头与金额单位说明一致"),
    ("the unit is ambiguous ({where})", "单位不明确（{where}）"),
    ("a unit note says {others}, but {source} says {unit}: read in {again}, as {source2} says",
     "金额单位说明为{others}，而{source}为{unit}：按{source2}，以{again}读取"),
    ("sheet `{sheet}` has a ledger header of its own, unlike sheet `{first}`'s: not read; read "
     "it on its own with `sheet: {again}` in the mapping",
     "工作表“{sheet}”的表头与工作表“{first}”不同：未读取；如需读取，请在映射文件中写 "
     "`sheet: {again}` 单独读取"),
    ("{source} says {unit}", "{source}为{unit}"),
    # disagreements of a recorded determination with the rules (rectilaw.Disagreement)
    ("recorded {label} ({code}) is not a status policy `{policy}` gives: not applied",
     "认定结果“{label}”（{code}）不是依据 `{policy}` 规定的整改状态：不予采用"),
    ("recorded {label} ({code}), but the rules read {rules} ({rules_code}) from the facts: "
     "{rule} [{basis}]",
     "认定结果为“{label}”（{code}），而按规则由事实应为“{rules}”（{rules_code}）："
     "{rule} [{basis}]"),
    # hints
    ("write dates as YYYY-MM-DD, e.g. 2024-07-01, or as 2024/7/1 or 2024年7月1日",
     "日期请写作 YYYY-MM-DD，例如 2024-07-01，或写作 2024/7/1、2024年7月1日"),
    ("write dates as YYYY-MM-DD, e.g. 2024-07-01", "日期请写作 YYYY-MM-DD，例如 2024-07-01"),
    ("write amounts as numbers in yuan, e.g. 12500.00", "金额请以元为单位填写数字，例如 12500.00"),
    ("write amounts as numbers in {unit}, e.g. 12500.00",
     "金额请以{unit}为单位填写数字，例如 12500.00"),
    ("write amounts in yuan, e.g. 12500.00", "金额请以元为单位填写，例如 12500.00"),
    ("money is yuan to the fen (0.01)", "金额以元计，精确到分（0.01）"),
    ("did you mean `{word}`?", "是否应为 `{word}`？"),
    ("a cell holding the separator must be quoted", "含分隔符的单元格须加引号"),
    ("write measures as `reminder_letter@2024-05-01; supervision_letter@2024-06-01`",
     "督办措施请写作 `reminder_letter@2024-05-01; supervision_letter@2024-06-01`"),
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Placeholders whose text is itself a message (translated in turn), and lists of them.
_NESTED = frozenset({"rest", "hint", "source", "source2", "reason"})
_LISTED = frozenset({"where"})


def message(key: str, lang: str = "zh", **values: object) -> str:
    """The catalogue's text ``key`` in ``lang`` (``zh`` or ``en``), filled with ``values``."""
    zh, en = CATALOGUE[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for english, chinese in PATTERNS:
        parts = _PLACEHOLDER.split(english)
        regex = "".join(re.escape(part.replace("{{", "{").replace("}}", "}")) if i % 2 == 0
                        else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
        compiled.append((re.compile(f"^{regex}$", re.DOTALL), chinese))
    return tuple(compiled)


def translate(text: str, lang: str = "zh") -> str:
    """An English problem, note or hint in ``lang``; as it is where no pattern knows it."""
    if lang != "zh" or not text:
        return text
    for regex, chinese in _compiled():
        found = regex.match(text)
        if found is not None:
            values = found.groupdict()
            for name in _NESTED.intersection(values):
                values[name] = translate(values[name], lang)
            for name in _LISTED.intersection(values):
                values[name] = "；".join(translate(part, lang) for part in values[name].split("; "))
            return chinese.format(**values)
    return text


def field_label(field: str, lang: str = "zh", labels: Mapping[str, str] | None = None) -> str:
    """A field as people know it: its Chinese label (the policy's own, else the schema's)."""
    if lang != "zh":
        return field
    label = (labels or {}).get(field)
    if label:
        return label
    spec = FIELDS.get(field)
    if spec is not None:
        return spec.label
    return {"<row>": "本行", "<finding>": "本条", "<policy>": "依据",
            "<evaluation>": "评估"}.get(field, field)


def problem_text(problem: FieldProblem, lang: str = "zh",
                 labels: Mapping[str, str] | None = None) -> str:
    """One row problem for people: ``field: message (hint)`` in ``lang``."""
    if lang != "zh":
        return problem.render()
    label = field_label(problem.field, lang, labels)
    body = problem.message
    repeated = f"column `{label}`: "
    if body.startswith(repeated):  # the column's header is the field's own label
        body = body[len(repeated):]
    text = f"{label}：{translate(body, lang)}"
    return text if problem.hint is None else f"{text}（{translate(problem.hint, lang)}）"
