"""The evaluated ledger as the workbook an audit office works in (XLSX, Excel and WPS).

Sheets, in order:

- 汇总 (summary): the figures of :class:`~rectilaw.ledger.stats.Summary`, counts as
  numbers, rates as percentages, amounts ``#,##0.00`` in 元, codes in columns of
  their own beside the labels;
- 整改率图表 (charts): the 整改率 by unit (the units with most findings) and by source;
- 问题清单 (findings): the ledger as read, dates as dates and amounts as numbers in the
  ledger's own unit, then the answer — labels for people (status, stage, actions with
  their parties), then the codes for machines.  The header row is frozen and filtered,
  overdue rows are highlighted by a conditional format (so a filter or an edit keeps it
  right), long texts wrap, and the sheet prints landscape on A4, fitted to the page
  width, the header repeated on every page, the code columns left out of the print;
- 按责任单位 (by unit): one row per unit with its counts by status, 整改率, amounts and
  overdue findings, shaped for a pivot table or a filter.

Written with XlsxWriter in constant-memory mode: each finished row goes to a temporary
file in a folder of the writer's own, removed with the workbook, so a ledger of any
length is written in flat memory.  The workbook's creation time is the day of the
evaluation, so the same input gives the same bytes.
"""

from __future__ import annotations

import contextlib
import math
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from rectilaw.ledger.columns import value_label
from rectilaw.ledger.messages import message, translate
from rectilaw.ledger.stats import BLANK, percent

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy
    from rectilaw.ledger.stats import GroupFigures, Summary

__all__ = ["LedgerWorkbook"]

_XLSX_ROWS = 1_048_575
_TEXT_LIMIT = 32_767
_SAMPLE = 200
_WIDEST = 40
_ACTION_WIDTH = 48
_CHART_UNITS = 30
_FILL = "#DDEBF7"

#: Result columns (by key) and how they are shown.
_RESULT_KINDS = {"row": "integer", "due": "date", "overdue_days": "integer",
                 "actions_text": "wrap", "error": "wrap", "disagreements": "wrap"}
#: The result columns for machines: left out of the print.
_CODE_KEYS = ("status", "stage", "actions")


def _width(text: str) -> int:
    from rectilaw.ledger.table import display_width

    return display_width(text)


class LedgerWorkbook:
    """One evaluated ledger being written: rows added one by one, the summary at the end."""

    def __init__(self, stream: IO[bytes], headers: Sequence[str],
                 kinds: Sequence[tuple[str | None, str | None]], result_names: Sequence[str],
                 policy: Policy, lang: str) -> None:
        import xlsxwriter

        from rectilaw.ledger.writers import RESULT_KEYS

        self.lang = lang
        self.policy = policy
        self.tmpdir = tempfile.mkdtemp(prefix="rectilaw-xlsx-")
        self.book = xlsxwriter.Workbook(stream, {
            "constant_memory": True, "tmpdir": self.tmpdir, "strings_to_numbers": False,
            "strings_to_formulas": False, "strings_to_urls": False,
        })
        b = self.book
        self.f = {
            "header": b.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                    "bg_color": _FILL, "border": 1}),
            "text": b.add_format({"valign": "top"}),
            "wrap": b.add_format({"valign": "top", "text_wrap": True}),
            "date": b.add_format({"valign": "top", "num_format": "yyyy-mm-dd"}),
            "datetime": b.add_format({"valign": "top", "num_format": "yyyy-mm-dd hh:mm:ss"}),
            "money": b.add_format({"valign": "top", "num_format": "#,##0.00"}),
            "integer": b.add_format({"valign": "top", "num_format": "0"}),
            "number": b.add_format({"valign": "top"}),
            "percent": b.add_format({"valign": "top", "num_format": "0.00%"}),
            "title": b.add_format({"bold": True, "font_size": 14}),
            "bold": b.add_format({"bold": True, "valign": "top"}),
            "overdue": b.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
        }
        self.summary_sheet = b.add_worksheet(message("sheet.summary", lang))
        self.chart_sheet = b.add_worksheet(message("sheet.charts", lang))
        self.sheet = b.add_worksheet(message("sheet.findings", lang))
        self.unit_sheet = b.add_worksheet(message("sheet.units", lang))
        self.titles = [*headers, *result_names]
        self.inputs = len(headers)
        kinds_in = ["wrap-if-wide" if k in (None, "text") else k for _, k in kinds]
        self.kinds = [*kinds_in, *(_RESULT_KINDS.get(key, "text") for key in RESULT_KEYS)]
        self.overdue_column = self.inputs + RESULT_KEYS.index("overdue_days")
        self.print_columns = self.inputs + len(RESULT_KEYS) - len(_CODE_KEYS)
        self.count = 0
        self.formats: list[Any] = []
        self.pending: list[tuple[list[Any], tuple[Any, ...]]] = []

    # ------------------------------------------------------------ the findings sheet

    def add_row(self, cells: list[Any], results: tuple[Any, ...]) -> None:
        if self.count >= _XLSX_ROWS:
            from rectilaw.ledger.errors import LedgerError

            raise LedgerError(f"a worksheet holds at most {_XLSX_ROWS:,} rows; write the "
                              "findings as .csv or .parquet")
        if not self.formats:
            self.pending.append((cells, results))
            if len(self.pending) >= _SAMPLE:
                self._start()
            return
        self.count += 1
        self._put_row(self.count, [*cells, *results])

    def _start(self) -> None:
        """Column widths and formats from the first rows, then the header and those rows."""
        widths = [min(_width(t), 12) for t in self.titles]
        for cells, results in self.pending:
            for i, value in enumerate((*cells, *results)):
                if value is not None:
                    widths[i] = max(widths[i], min(_width(_shown(value)), 80))
        ws, f = self.sheet, self.f
        formats = []
        for i, kind in enumerate(self.kinds):
            width = widths[i]
            if kind == "wrap" or (kind == "wrap-if-wide" and width > _WIDEST):
                fmt, width = f["wrap"], _ACTION_WIDTH if kind == "wrap" else _WIDEST
            elif kind in ("date", "money", "integer"):
                fmt, width = f[kind], max(width, 11 if kind == "date" else 8)
            else:
                fmt = f["text"]
            formats.append(fmt)
            width = min(width, _WIDEST if kind != "wrap" else _ACTION_WIDTH) + 1
            widths[i] = width
            ws.set_column(i, i, width)
        self.formats = formats
        self.widths = widths
        self.wrapped = tuple(i for i, fmt in enumerate(formats) if fmt is f["wrap"])
        ws.freeze_panes(1, 0)
        ws.set_row(0, _height(_lines(t, w) for t, w in zip(self.titles, widths, strict=True)))
        for i, title in enumerate(self.titles):
            ws.write_string(0, i, _safe(title), f["header"])
        self.raw = _RawRows(ws, formats, f)
        pending, self.pending = self.pending, []
        for cells, results in pending:
            self.count += 1
            self._put_row(self.count, [*cells, *results])

    def _put_row(self, r: int, values: list[Any]) -> None:
        widths = self.widths
        lines = 1
        for c in self.wrapped:
            value = values[c]
            if value.__class__ is str and len(value) * 2 > widths[c]:
                lines = max(lines, _lines(value, widths[c]))
        self.raw.row(r, values, _height((lines,)) if lines > 1 else None)

    def _finish_findings(self) -> None:
        if not self.formats:
            self._start()
        ws, last = self.sheet, len(self.titles) - 1
        rows = max(self.count, 1)
        self.raw.finish(self.count, last)
        ws.autofilter(0, 0, rows, last)
        column = _column_letter(self.overdue_column)
        ws.conditional_format(1, 0, rows, last, {
            "type": "formula", "criteria": f"=AND(ISNUMBER(${column}2),${column}2>0)",
            "format": self.f["overdue"]})
        _print_setup(ws, self.lang)
        ws.print_area(0, 0, rows, self.print_columns - 1)

    # ------------------------------------------------------------ the end

    def close(self, summary: Summary) -> None:
        """The findings sheet completed, the summary, units and charts written, the file made."""
        self._finish_findings()
        source_block = self._summary(summary)
        units = self._units(summary)
        self._charts(summary, source_block, units)
        created = datetime.combine(summary.today, time(0, 0))
        self.book.set_properties({"created": created})
        try:
            self.book.close()
        finally:
            self._remove_tmpdir()

    def discard(self) -> None:
        """Give up: close the sheets' temporary files and remove their folder."""
        for sheet in self.book.worksheets():
            handle = getattr(sheet, "row_data_fh", None)
            if handle is not None:
                with contextlib.suppress(Exception):
                    handle.close()
        self._remove_tmpdir()

    def _remove_tmpdir(self) -> None:
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    # ------------------------------------------------------------ the summary sheet

    def _summary(self, s: Summary) -> tuple[int, int] | None:
        """Write the summary; return the first and last sheet rows of the by-source table."""
        lang, f, ws = self.lang, self.f, self.summary_sheet
        m = _Messages(lang)
        out = _Rows(ws, f, (34, 18, 30, 14, 30, 16, 14, 40))
        out.add([m("sum.title")], ["title"])
        out.add([m("sum.policy"), f"{s.policy_title} ({s.policy})"])
        out.add([m("sum.today"), s.today], [None, "date"])
        out.add([m("sum.total"), s.total], [None, "integer"])
        out.add([m("sum.evaluated"), s.evaluated], [None, "integer"])
        out.add([m("sum.errors"), len(s.errors)], [None, "integer"])
        out.add([m("sum.blank"), s.blank_rows], [None, "integer"])
        out.add([m("sum.rectified"), s.rectified], [None, "integer"])
        out.add([m("sum.rate"), _fraction(s.rectification_rate)], [None, "percent"])
        out.add([m("sum.counted"), "、".join(s.status_labels.get(c, c)
                                            for c in s.rectified_statuses)])
        out.add([m("sum.problem"), s.overall.problem_amount], [None, "money"])
        out.add([m("sum.corrected"), s.overall.corrected_amount], [None, "money"])
        out.add([m("sum.amount_rate"), _fraction(s.amount_rate)], [None, "percent"])
        out.blank()
        out.add([m("sum.by_status"), m("sum.code"), m("sum.count"), m("sum.share")], "header")
        for code, count in s.by_status.items():
            out.add([s.status_labels.get(code, code), code, count,
                     _fraction(percent(count, s.evaluated))],
                    [None, None, "integer", "percent"])
        source_rows = None
        for name, values in s.groups.items():
            if set(values) <= {BLANK}:
                continue
            out.blank()
            out.add([m("sum.by", group=m(f"group.{name}")), m("sum.code"), m("sum.count"),
                     m("sum.rectified"), m("sum.rate"), m("sum.problem"), m("sum.corrected"),
                     m("sum.amount_rate")], "header")
            first = out.row
            ordered = sorted(values.items(), key=lambda kv: (-kv[1].total, kv[0]))
            for key, figures in ordered:
                code = "" if key == BLANK or name == "unit" else key  # a unit is its own name
                out.add([_group_label(name, key, lang), code,
                         *_figures(figures)], _FIGURE_FORMATS)
            if name == "source":
                source_rows = (first, out.row - 1)
        out.blank()
        out.add([m("sum.overdue", n=len(s.overdue)), m("sum.id"), m("sum.unit"), m("sum.due"),
                 m("sum.days"), m("sum.status")], "header")
        for o in s.overdue:
            out.add([o.row, o.id, o.unit, o.due, o.overdue_days,
                     s.status_labels.get(o.status, o.status)],
                    ["integer", None, None, "date", "integer", None])
        out.blank()
        out.add([m("sum.todo"), m("sum.due_today"), m("sum.due_week"), m("sum.late"),
                 m("sum.undated")], "header")
        for t in s.todo:
            out.add([t.label, len(t.today), len(t.this_week), sum(t.late.values()),
                     sum(t.undated.values())], [None, *["integer"] * 4])
        out.blank()
        out.add([m("sum.week", day=s.week_end.isoformat()), m("sum.row"), m("sum.id"),
                 m("sum.unit"), m("sum.action"), m("sum.due"), m("sum.target")], "header")
        for t in s.todo:
            for a in t.this_week:
                target = s.party_labels.get(a.target, a.target) if a.target else None
                out.add([t.label, a.row, a.id, a.unit, a.label, a.due, target],
                        [None, "integer", None, None, None, "date", None])
        if s.errors:
            out.blank()
            out.add([m("sum.error_rows", n=len(s.errors)), m("sum.id"), m("sum.problems")],
                    "header")
            labels = {f.name: f.label for f in self.policy.model.facts if f.label}
            for e in s.errors:
                out.add([e.row, e.id, e.text(lang, labels)], ["integer", None, "wrap"])
        if s.warnings:
            out.blank()
            out.add([m("sum.warnings")], "header")
            for text in s.warnings:
                out.add([translate(text, lang)])
        if s.reading is not None:
            lines = [line for line in s.reading.lines(lang, limit=10_000) if line.strip()]
            if lines:
                out.blank()
                out.add([lines[0].strip()], "header")
                for line in lines[1:]:
                    out.add([translate(line.strip(), lang)])
        _print_setup(ws, lang)
        return source_rows

    # ------------------------------------------------------------ by unit

    def _units(self, s: Summary) -> int:
        """The table by unit; returns how many units it lists."""
        lang, f, ws = self.lang, self.f, self.unit_sheet
        m = _Messages(lang)
        statuses = list(s.by_status)
        overdue = Counter(o.unit if o.unit is not None else BLANK for o in s.overdue)
        header = [m("sum.unit"), m("sum.count"), *(s.status_labels.get(c, c) for c in statuses),
                  m("sum.rectified"), m("sum.rate"), m("sum.problem"), m("sum.corrected"),
                  m("sum.amount_rate"), m("sum.overdue_count")]
        out = _Rows(ws, f, (36, *[12] * (len(header) - 1)))
        out.add(header, "header")
        units = s.groups.get("unit", {})
        by_status = s.group_status.get("unit", {})
        ordered = sorted(units.items(), key=lambda kv: (-kv[1].total, kv[0]))
        for key, figures in ordered:
            counts = by_status.get(key, {})
            out.add([_group_label("unit", key, lang), figures.total,
                     *(counts.get(c, 0) for c in statuses), figures.rectified,
                     _fraction(figures.rate), figures.problem_amount, figures.corrected_amount,
                     _fraction(figures.amount_rate), overdue.get(key, 0)],
                    [None, "integer", *["integer"] * len(statuses), "integer", "percent",
                     "money", "money", "percent", "integer"])
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(len(ordered), 1), len(header) - 1)
        _print_setup(ws, lang)
        return len(ordered)

    # ------------------------------------------------------------ charts

    def _charts(self, s: Summary, source_rows: tuple[int, int] | None, units: int) -> None:
        lang, ws = self.lang, self.chart_sheet
        rate_column = 2 + len(s.by_status) + 1
        place = 1
        if units:
            shown = min(units, _CHART_UNITS)
            title = (message("chart.by_unit", lang) if units <= _CHART_UNITS
                     else message("chart.by_unit_top", lang, n=_CHART_UNITS))
            chart = self._bar(title, self.unit_sheet.name, 1, shown, 0, rate_column)
            height = max(260, 60 + 24 * shown)
            chart.set_size({"width": 900, "height": height})
            ws.insert_chart(place, 1, chart)
            place += height // 20 + 2
        if source_rows is not None:
            first, last = source_rows
            chart = self._bar(message("chart.by_source", lang), self.summary_sheet.name,
                              first, last, 0, 4)
            chart.set_size({"width": 900, "height": max(220, 60 + 40 * (last - first + 1))})
            ws.insert_chart(place, 1, chart)
        _print_setup(ws, lang)

    def _bar(self, title: str, sheet: str, first: int, last: int, categories: int,
             values: int) -> Any:
        chart = self.book.add_chart({"type": "bar"})
        chart.add_series({
            "name": title,
            "categories": [sheet, first, categories, last, categories],
            "values": [sheet, first, values, last, values],
            "data_labels": {"value": True, "num_format": "0.00%"},
            "fill": {"color": "#5B9BD5"},
        })
        chart.set_title({"name": title, "name_font": {"size": 12}})
        chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%",
                          "major_gridlines": {"visible": True}})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        return chart


# ---------------------------------------------------------------- helpers

_FIGURE_FORMATS = [None, None, "integer", "integer", "percent", "money", "money", "percent"]


def _figures(f: GroupFigures) -> list[Any]:
    return [f.total, f.rectified, _fraction(f.rate), f.problem_amount, f.corrected_amount,
            _fraction(f.amount_rate)]


def _fraction(rate: Decimal | None) -> Decimal | None:
    """A percentage (81.32) as the fraction a percent-formatted cell holds (0.8132)."""
    return None if rate is None else rate / 100


def _group_label(group: str, key: str, lang: str) -> str:
    if key == BLANK:
        return message("sum.blank_value", lang)
    label = value_label(group, key) if lang == "zh" else None
    return label or key


class _Messages:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        return message(key, self.lang, **values)


class _Rows:
    """Rows appended one after the other to a constant-memory sheet."""

    def __init__(self, sheet: Any, formats: dict[str, Any], widths: Sequence[int]) -> None:
        self.sheet = sheet
        self.f = formats
        self.widths = widths
        self.row = 0
        for index, width in enumerate(widths):
            sheet.set_column(index, index, width)

    def add(self, values: Sequence[Any], kinds: Sequence[str | None] | str | None = None) -> None:
        """One row; a text wider than its column wraps, and the row is made tall enough."""
        if isinstance(kinds, str):
            kinds = [kinds] * len(values)
        kinds = list(kinds or [])
        kinds += [None] * (len(values) - len(kinds))
        lines = [1]
        for c, value in enumerate(values):
            if isinstance(value, str) and c < len(self.widths) and kinds[c] != "title":
                lines.append(_lines(value, self.widths[c]))
        if max(lines) > 1:
            self.sheet.set_row(self.row, _height(lines))
        for c, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            if value is None:
                continue
            fmt = self.f[kind] if kind else self.f["wrap"]
            _put(self.sheet, self.row, c, value, fmt, self.f)
        self.row += 1

    def blank(self) -> None:
        self.row += 1


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
_EXCEL_LEAP_BUG = date(1900, 3, 1)


class _RawRows:
    """The findings sheet's rows written as XML straight into the sheet's row file.

    A ledger's rows are most of a workbook's bytes; XlsxWriter spends most of its time on
    each cell's bookkeeping, which a table of known shape does not need.  The header row is
    written through XlsxWriter and flushed first; the rows after it are appended in
    XlsxWriter's own constant-memory format (inline strings, the formats' style indexes),
    and the sheet's dimensions are set at the end, so that XlsxWriter assembles the sheet as
    if it had written them.  Cells are typed as :func:`_put` types them.
    """

    def __init__(self, ws: Any, formats: Sequence[Any], f: dict[str, Any]) -> None:
        from xlsxwriter.utility import xl_col_to_name

        ws._write_single_row(1)  # the header row out first
        self.fh = ws.fh
        self.ws = ws
        self.letters = [xl_col_to_name(c) for c in range(len(formats))]
        self.styles = [fmt._get_xf_index() for fmt in formats]
        self.date_style = f["date"]._get_xf_index()
        self.datetime_style = f["datetime"]._get_xf_index()

    def row(self, r: int, values: Sequence[Any], height: float | None) -> None:
        number = r + 1
        out = [f'<row r="{number}" ht="{height}" customHeight="1">' if height
               else f'<row r="{number}">']
        letters, styles = self.letters, self.styles
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f'<c r="{letters[c]}{number}" s="{styles[c]}"'
            kind = value.__class__
            if kind is str:
                out.append(f"{ref}{_inline(value)}</c>")
            elif kind is int or kind is float or kind is Decimal:
                shown = _number_text(value)
                out.append(f"{ref}><v>{shown}</v></c>" if shown is not None
                           else f"{ref}{_inline(str(value))}</c>")
            elif kind is bool:
                out.append(f'{ref} t="b"><v>{int(value)}</v></c>')
            elif kind is date and 1900 <= value.year <= 9999:
                out.append(f'<c r="{letters[c]}{number}" s="{self.date_style}">'
                           f"<v>{_serial(value)}</v></c>")
            elif (kind is datetime and value.tzinfo is None
                  and 1900 <= value.year <= 9999):
                style = self.date_style if value.time() == time.min else self.datetime_style
                seconds = value.hour * 3600 + value.minute * 60 + value.second \
                    + value.microsecond / 1e6
                shown = f"{_serial(value.date()) + seconds / 86400:.16G}"
                out.append(f'<c r="{letters[c]}{number}" s="{style}"><v>{shown}</v></c>')
            elif isinstance(value, bool):
                out.append(f'{ref} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float, Decimal)):
                shown = _number_text(value)
                out.append(f"{ref}><v>{shown}</v></c>" if shown is not None
                           else f"{ref}{_inline(str(value))}</c>")
            else:
                out.append(f"{ref}{_inline(_shown(value))}</c>")
        out.append("</row>")
        self.fh.write("".join(out))

    def finish(self, rows: int, last_column: int) -> None:
        """The sheet's dimensions, as XlsxWriter would have counted them."""
        if rows:
            self.ws._check_dimensions(rows, last_column)


def _serial(day: date) -> int:
    """Excel's day number (the 1900 date system, with its 29 February 1900)."""
    serial = day.toordinal() - _EXCEL_EPOCH
    return serial if day >= _EXCEL_LEAP_BUG else serial - 1


def _number_text(value: Any) -> str | None:
    if value.__class__ is int:
        return str(value) if abs(value) < 2**53 else None
    number = float(value)
    return f"{number:.16G}" if math.isfinite(number) else None


def _inline(text: str) -> str:
    """A text as an inline string element: neutralised, escaped for XML and for Excel."""
    text = _safe(text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _ESCAPED.sub(r"_x005F\1", text)
    if not text.isprintable() and _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    if text[:1].isspace() or text[-1:].isspace():
        return f' t="inlineStr"><is><t xml:space="preserve">{text}</t></is>'
    return f' t="inlineStr"><is><t>{text}</t></is>'


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (a CJK character
    counting two: estimated from the UTF-8 length, which is fast on long texts)."""
    total = 0
    for line in text.split("\n"):
        shown = (len(line.encode("utf-8", "replace")) + len(line)) // 2
        total += max(1, -(-shown * 10 // max(width * 11, 1)))
    return total


def _height(lines: Any) -> float:
    """The row height in points for the most lines of its cells."""
    return 16.5 * float(max(1, *lines)) + 2


def _column_letter(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return str(xl_col_to_name(index))


def _print_setup(ws: Any, lang: str) -> None:
    """Landscape A4, fitted to the page width, the header row on every page, page numbers."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer(f"&C{message('print.footer', lang)}")
    ws.hide_gridlines(0)


def _shown(value: Any) -> str:
    from rectilaw.ledger.writers import plain_text

    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return plain_text(value)


def _safe(text: str) -> str:
    from rectilaw.ledger.writers import safe_text

    text = safe_text(text)
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _put(ws: Any, r: int, c: int, value: Any, fmt: Any, f: dict[str, Any]) -> None:
    """One cell, by the class of its value: numbers as numbers, dates as dates (Excel's
    range: 1900 to 9999; others as text), everything else as neutralised text."""
    kind = value.__class__
    if kind is str:
        ws.write_string(r, c, _safe(value), fmt)
    elif kind is int:
        if abs(value) < 2**53:
            ws.write_number(r, c, value, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)
    elif kind is Decimal or kind is float:
        number = float(value)
        if math.isfinite(number):
            ws.write_number(r, c, number, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)
    elif kind is bool:
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, datetime):
        if value.tzinfo is not None or not 1900 <= value.year <= 9999:
            ws.write_string(r, c, _safe(_shown(value)), fmt)
        elif value.time() == time.min:
            ws.write_datetime(r, c, value, f["date"])
        else:
            ws.write_datetime(r, c, value, f["datetime"])
    elif isinstance(value, date):
        if 1900 <= value.year <= 9999:
            ws.write_datetime(r, c, datetime(value.year, value.month, value.day), f["date"])
        else:
            ws.write_string(r, c, value.isoformat(), fmt)
    elif isinstance(value, (int, float)):
        _put(ws, r, c, float(value) if isinstance(value, float) else int(value), fmt, f)
    else:
        ws.write_string(r, c, _safe(_shown(value)), fmt)
