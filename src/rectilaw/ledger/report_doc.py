"""The report's figures as a document: Markdown, HTML or Word (``.docx``).

Laid out like the first two sections of seed 002 — 一、审计查出问题整改的基本情况 (the
totals, the amounts, persons and rules, then the figures per level of audit office as seed
000 gives them) and 二、未整改到位的问题 (the still-rectifying findings and their three
reasons) — with the figures filled in from the ledger, a table of every figure, and an
appendix (附表) that lists, for each figure, the rows of the ledger it counts, so that every
number can be checked against the 台账.  A figure the ledger does not record is written
（台账未记录）, never 0.

Word needs the ``report`` extra (python-docx).  Documents are the same bytes for the same
input: the Word file's dates are the day of the evaluation and its archive entries carry a
fixed time.
"""

from __future__ import annotations

import html
import io
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.figures import Figure, ReportFigures, to_wan

__all__ = ["REPORT_FORMATS", "Document", "build", "render", "report_format"]

#: The report's formats by file name suffix.
REPORT_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
                  ".docx": "docx", ".json": "json"}
_SHOWN_ROWS = 40


@attrs.frozen
class Block:
    """One piece of the document: a heading, a paragraph or a table."""

    kind: str  # "title", "heading", "paragraph", "table", "note"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@attrs.frozen
class Document:
    blocks: tuple[Block, ...]


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}"


def _amount(f: Figure, zh: bool) -> str:
    if f.value is None:
        return "（台账未记录）" if zh else "(not recorded in the ledger)"
    assert isinstance(f.value, Decimal)
    return f"{to_wan(f.value):,}"


def _count(f: Figure, zh: bool) -> str:
    if f.value is None:
        return "（台账未记录）" if zh else "(not recorded in the ledger)"
    return f"{f.value:,}"


def _unit(f: Figure, shown: Any, unit: str) -> str:
    """A figure in the Chinese prose: with its unit, or （台账未记录） alone."""
    return str(shown(f, True)) + ("" if f.value is None else unit)


def build(figures: ReportFigures, lang: str = "zh") -> Document:
    """The report as blocks, in ``lang`` (``zh`` or ``en``)."""
    zh = lang == "zh"
    f = figures
    revenue, funds, investment = f.amounts
    persons, rules = f.counts
    day = f.today
    blocks: list[Block] = []
    if zh:
        blocks.append(Block("title", f"审计查出问题整改情况（截至{day.year}年{day.month}月"
                                     f"{day.day}日）"))
        blocks.append(Block("note", f"依据：{f.policy_title}（{f.policy}）；计为已整改的认定："
                            + "、".join(f.status_labels.get(c, c) for c in f.rectified_statuses)))
        blocks.append(Block("heading", "一、审计查出问题整改的基本情况"))
        blocks.append(Block("paragraph",
            f"审计报告反映{f.total.value}个问题，截至{day.year}年{day.month}月{day.day}日，"
            f"已整改到位{f.rectified.value}个，整改率{_rate(f.rate)}%。通过整改，促进增收节支"
            f"{_unit(revenue, _amount, '万元')}，拨付、盘活、追回资金"
            f"{_unit(funds, _amount, '万元')}，审减投资{_unit(investment, _amount, '万元')}，"
            f"追责问责{_unit(persons, _count, '人')}，促进各被审计单位修改完善规章制度"
            f"{_unit(rules, _count, '项')}。"))
        if f.levels:
            parts = [f"{level.label}问题{level.total.value}个，已整改{level.rectified.value}个，"
                     f"整改率{_rate(level.rate)}%" for level in f.levels]
            blocks.append(Block("paragraph", "按反馈层级：" + "；".join(parts) + "。"))
        blocks.append(Block("heading", "二、未整改到位的问题及后续工作安排"))
        reasons = [f"（{'一二三四'[i]}）{c.label}{c.value}个" for i, c in
                   enumerate(x for x in f.causes if x.key != "cause:")]
        blank = next(c for c in f.causes if c.key == "cause:")
        text = (f"有{f.still.value}个问题仍在持续整改中，占问题总数的{_rate(f.share)}%。"
                f"未整改到位的原因主要是：{'；'.join(reasons)}")
        text += f"；另有{blank.value}个未填写原因。" if blank.value else "。"
        blocks.append(Block("paragraph", text))
        if f.errors:
            blocks.append(Block("note", f"另有{len(f.errors)}行数据有误，未计入以上数字（行号："
                                + "、".join(str(r) for r, _ in f.errors[:_SHOWN_ROWS])
                                + ("……" if len(f.errors) > _SHOWN_ROWS else "") + "）。"))
        blocks.append(Block("heading", "主要数据"))
        header = ("项目", "数值", "单位", "对应问题（行数）")
    else:
        blocks.append(Block("title", f"Rectification of audit findings (as of {day.isoformat()})"))
        blocks.append(Block("note", f"Policy: {f.policy_title} ({f.policy}); counted as "
                            "rectified: " + ", ".join(f.rectified_statuses)))
        blocks.append(Block("heading", "1. Findings and their rectification"))
        blocks.append(Block("paragraph",
            f"The audit reports listed {f.total.value} findings; as of {day.isoformat()}, "
            f"{f.rectified.value} were rectified, a rectification rate of {_rate(f.rate)}%. "
            f"Rectification brought {_amount(revenue, zh)} (10,000 yuan) of revenue increased "
            f"and spending saved, {_amount(funds, zh)} (10,000 yuan) of funds disbursed, "
            f"revitalised or recovered and {_amount(investment, zh)} (10,000 yuan) of investment "
            f"reduced; {_count(persons, zh)} persons were held accountable and "
            f"{_count(rules, zh)} rules and systems improved."))
        if f.levels:
            parts = [f"{level.label}: {level.total.value} findings, {level.rectified.value} "
                     f"rectified ({_rate(level.rate)}%)" for level in f.levels]
            blocks.append(Block("paragraph", "By level of audit office: " + "; ".join(parts)
                                + "."))
        blocks.append(Block("heading", "2. Findings not yet rectified"))
        reasons = [f"{c.label}: {c.value}" for c in f.causes if c.value]
        blocks.append(Block("paragraph",
            f"{f.still.value} findings are still being rectified, {_rate(f.share)}% of all. "
            f"By cause: {'; '.join(reasons) or 'none'}."))
        if f.errors:
            blocks.append(Block("note", f"{len(f.errors)} rows in error are counted in none of "
                                "these figures."))
        blocks.append(Block("heading", "Figures"))
        header = ("figure", "value", "unit", "rows counted")
    blocks.append(Block("table", rows=(header, *_figure_rows(f, zh))))
    blocks.append(Block("heading", "附表：各项数据对应的台账行" if zh
                        else "Appendix: the ledger rows behind each figure"))
    appendix = [("项目", "行数", "行号（问题编号）") if zh else ("figure", "rows", "row (finding)")]
    for figure in f.every_figure():
        listed = "、".join(f"{n}（{f.ids.get(n) or '—'}）" if zh else f"{n} ({f.ids.get(n) or '-'})"
                          for n in figure.rows)
        appendix.append((_name(figure, f, zh), str(len(figure.rows)), listed or "—"))
    blocks.append(Block("table", rows=tuple(appendix)))
    return Document(tuple(blocks))


def _name(figure: Figure, f: ReportFigures, zh: bool) -> str:
    if figure.key.startswith("level:"):
        suffix = ("：已整改" if zh else ": rectified") if figure.key.endswith(":rectified") else ""
        return figure.label + suffix
    return figure.label


def _figure_rows(f: ReportFigures, zh: bool) -> list[tuple[str, ...]]:
    unit_count, unit_wan, unit_pct = ("个", "万元", "%") if zh else ("", "10,000 yuan", "%")
    rows: list[tuple[str, ...]] = [
        (f.total.label, f"{f.total.value}", unit_count, str(len(f.total.rows))),
        (f.rectified.label, f"{f.rectified.value}", unit_count, str(len(f.rectified.rows))),
        ("整改率" if zh else "rectification rate", _rate(f.rate), unit_pct,
         f"{len(f.rectified.rows)} / {len(f.total.rows)}"),
    ]
    for figure in f.amounts:
        rows.append((figure.label, _amount(figure, zh), unit_wan, str(len(figure.rows))))
    for figure, (_, _, zh_unit, en_unit) in zip(f.counts, _COUNT_UNITS, strict=True):
        rows.append((figure.label, _count(figure, zh), zh_unit if zh else en_unit,
                     str(len(figure.rows))))
    rows.append((f.still.label, f"{f.still.value}", unit_count, str(len(f.still.rows))))
    rows.append(("占问题总数" if zh else "share of all findings", _rate(f.share), unit_pct,
                 f"{len(f.still.rows)} / {len(f.total.rows)}"))
    for cause in f.causes:
        if cause.key != "cause:" or cause.value:
            rows.append((cause.label, f"{cause.value}", unit_count, str(len(cause.rows))))
    for level in f.levels:
        rows.append((level.label, f"{level.total.value}", unit_count,
                     str(len(level.total.rows))))
        rows.append((level.label + ("：已整改" if zh else ": rectified"),
                     f"{level.rectified.value}", unit_count, str(len(level.rectified.rows))))
        rows.append((level.label + ("：整改率" if zh else ": rate"), _rate(level.rate), unit_pct,
                     f"{len(level.rectified.rows)} / {len(level.total.rows)}"))
    return rows


def _count_units() -> list[tuple[str, str, str, str]]:
    from rectilaw.ledger.figures import COUNTS

    return list(COUNTS.values())


_COUNT_UNITS = _count_units()


# ---------------------------------------------------------------- rendering

def _markdown(doc: Document) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if block.kind == "title":
            out += [f"# {block.text}", ""]
        elif block.kind == "heading":
            out += [f"## {block.text}", ""]
        elif block.kind in ("paragraph", "note"):
            out += [f"> {block.text}" if block.kind == "note" else block.text, ""]
        else:
            header, *body = block.rows
            cell = _md_cell
            out.append("| " + " | ".join(map(cell, header)) + " |")
            out.append("| " + " | ".join("---" for _ in header) + " |")
            out += ["| " + " | ".join(map(cell, row)) + " |" for row in body]
            out.append("")
    return "\n".join(out)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _html(doc: Document, lang: str) -> str:
    e = html.escape
    title = next((b.text for b in doc.blocks if b.kind == "title"), "")
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
           '<meta charset="utf-8">', f"<title>{e(title)}</title>",
           "<style>body{font-family:'Noto Serif CJK SC','SimSun',serif;max-width:60em;"
           "margin:2em auto;line-height:1.7}table{border-collapse:collapse;margin:1em 0}"
           "td,th{border:1px solid #999;padding:.2em .5em;vertical-align:top}"
           "p{text-indent:2em}.note{color:#555;text-indent:0}</style>", "</head>", "<body>"]
    for block in doc.blocks:
        if block.kind == "title":
            out.append(f"<h1>{e(block.text)}</h1>")
        elif block.kind == "heading":
            out.append(f"<h2>{e(block.text)}</h2>")
        elif block.kind == "paragraph":
            out.append(f"<p>{e(block.text)}</p>")
        elif block.kind == "note":
            out.append(f'<p class="note">{e(block.text)}</p>')
        else:
            header, *body = block.rows
            out.append("<table><thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in header)
                       + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in body]
            out.append("</tbody></table>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _docx(doc: Document, figures: ReportFigures) -> bytes:
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.shared import Pt
    except ImportError:
        raise LedgerError("writing Word needs python-docx: pip install 'rectilaw[report]'") \
            from None
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    for block in doc.blocks:
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind == "heading":
            document.add_heading(block.text, level=1)
        elif block.kind == "paragraph":
            paragraph = document.add_paragraph(block.text)
            paragraph.paragraph_format.first_line_indent = Pt(24)
        elif block.kind == "note":
            document.add_paragraph(block.text).runs[0].italic = True
        else:
            header, *body = block.rows
            table = document.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True
            for row in body:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    when = datetime(figures.today.year, figures.today.month, figures.today.day)
    properties = document.core_properties
    properties.created = properties.modified = when
    properties.last_printed = when
    properties.author = properties.last_modified_by = "rectilaw"
    properties.revision = 1
    properties.title = doc.blocks[0].text if doc.blocks else ""
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_times(raw.getvalue())


def _fixed_times(archive: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, so that equal input gives equal
    bytes (python-docx stamps entries with the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def report_format(path: str | None, fmt: str | None) -> str:
    """``md``, ``html``, ``docx`` or ``json``: ``fmt``, else from the name, else Markdown."""
    if fmt is not None:
        return fmt
    if path is None:
        return "md"
    from pathlib import Path

    kind = REPORT_FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise LedgerError(f"{path}: cannot tell the report format from the name (expected "
                          ".md, .html, .docx or .json); name the format with --format")
    return kind


def render(figures: ReportFigures, fmt: str, lang: str = "zh") -> bytes:
    """The report in ``fmt`` (``md``, ``html``, ``docx`` or ``json``) as bytes."""
    if fmt == "json":
        import json

        return (json.dumps(figures.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
    doc = build(figures, lang)
    if fmt == "md":
        return _markdown(doc).encode("utf-8")
    if fmt == "html":
        return _html(doc, lang).encode("utf-8")
    if fmt == "docx":
        return _docx(doc, figures)
    raise LedgerError(f"no report format `{fmt}`: expected md, html, docx or json")
