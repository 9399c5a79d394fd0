"""Chinese throughout: every text of the ledger output comes from the one catalogue.

Two checks.  The catalogue's: every message key the ledger output and its commands use
has a ``zh`` and an ``en`` entry with the same placeholders.  The output's: the ledger,
``--inspect``, ``--strict``, the JSON summary's texts, the XLSX summary sheet, the
数据问题 and 认定与规则不一致 columns and the report's notes, run with ``--lang zh`` on
the example ledger and the test fixtures, hold no English word that is not a code, a
number, a file name, a field name or a unit.
"""

from __future__ import annotations

import io
import json
import re
import string
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import rectilaw
from rectilaw.cli import main
from rectilaw.ledger.messages import CATALOGUE, PATTERNS, message, translate
from rectilaw.schema import FIELDS

from .offices import TODAY, write_office_csv, write_office_xlsx

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "src" / "rectilaw" / "ledger").glob("*.py")),
           ROOT / "src" / "rectilaw" / "cli" / "ledger.py",
           ROOT / "src" / "rectilaw" / "cli" / "report.py"]

# ---------------------------------------------------------------- the catalogue

#: ``message("key"`` and the modules' short ``m("key"`` (f-string keys included).
_USED = re.compile(r"""(?<![\w.])(?:message|m)\(\s*(f?)["']([\w.{}\[\]'"]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _used_keys() -> list[tuple[str, str]]:
    found = []
    for path in SOURCES:
        for is_f, key in _USED.findall(path.read_text(encoding="utf-8")):
            found.append((path.name, re.sub(r"\{[^}]*\}", "{}", key) if is_f else key))
    return found


def test_every_message_used_has_a_chinese_and_an_english_entry() -> None:
    used = _used_keys()
    assert len(used) > 50, "the scan of the sources found too few messages to be working"
    missing = []
    for module, key in used:
        pattern = re.compile("^" + re.escape(key).replace(r"\{\}", r"\w+") + "$")
        entries = [k for k in CATALOGUE if pattern.match(k)]
        if not entries or not all(all(CATALOGUE[k]) for k in entries):
            missing.append(f"{module}: {key}")
    assert not missing, f"messages without a zh and an en entry: {missing}"


def test_each_entry_has_both_languages_with_the_same_placeholders() -> None:
    for key, (zh, en) in CATALOGUE.items():
        assert zh.strip() and en.strip(), key
        assert _placeholders(zh) == _placeholders(en), key
    for en, zh in PATTERNS:
        assert zh.strip() and zh != en, en
        assert _placeholders(zh) <= _placeholders(en), en


def test_messages_made_in_english_are_known_to_the_catalogue() -> None:
    """The texts of the readers, the unit checks and the disagreements, as the code makes
    them: each one a pattern turns into Chinese."""
    made = [
        "in 万元, from the header",
        "in 元, from the schema (no unit given)",
        "carried along, not a fact",
        "a column without a header, carried along; give it a header, or name it in the "
        "mapping (columns: {第5列（无表头）: ~} to carry it on purpose)",
        "not a field, carried along; map it to a field in the mapping (columns: {经办人: "
        "FIELD}), or mark it as carried on purpose (columns: {经办人: ~}) (did you mean `单位`?)",
        "columns `问题金额` and `违规金额` both name `problem_amount`: `问题金额` is read, "
        "`违规金额` is not",
        "column `问题金额（万元）` (problem_amount) is not read: the unit is ambiguous (the "
        "header says 万元; the mapping's units says 元); say which in the mapping (units: "
        "{问题金额: 万元}) or make the header and note agree",
        "column `问题金额（万元）`: a unit note says 元, but the header says 万元: read in 万元, "
        "as the header says",
        "sheet `2024` has a ledger header of its own, unlike sheet `2023`'s: not read; read it "
        "on its own with `sheet: 2024` in the mapping",
        "recorded 已整改 (rectified), but the rules read 部分整改 (partially_rectified) from "
        "the facts: status:partially_rectified#1 [2.3]",
        "recorded 正在整改 (in_progress) is not a status policy `jiaocheng` gives: not applied",
    ]
    for text in made:
        shown = translate(text, "zh")
        assert not _english(shown, {"rectified", "jiaocheng"}), (text, shown)


# ---------------------------------------------------------------- the output

#: Names that are not English prose: formats, programs and the mapping file's own keys.
_NAMES = {"Excel", "WPS", "JSON", "Parquet", "csv", "xlsx", "CSV", "XLSX", "YYYY", "MM", "DD",
          "FIELD", "columns", "units", "unit", "sheet", "kind", "on"}
#: A word with a digit or one of these is a code, a number, a date or a file name.
_CODE_MARKS = re.compile(r"[0-9_.:#/@\\-]")
_WORD = re.compile(r"[A-Za-z0-9_.:#/@\\-]*[A-Za-z][A-Za-z0-9_.:#/@\\-]*")
#: What the command prefixes its notes with: its own name.
_PREFIX = re.compile(r"^rectilaw (?:ledger|report)(?: --strict)?: ", re.MULTILINE)


def _codes(policy: rectilaw.Policy) -> set[str]:
    codes = {policy.id, *FIELDS, *policy.statuses, *policy.parties}
    for spec in FIELDS.values():
        codes.update(str(v) for v in (spec.values or ()))
    model = policy.model
    codes.update(f.name for f in model.facts)
    codes.update(a.code for a in model.emitted_actions)
    if model.stage is not None:
        codes.update(o.code for o in model.stage.outcomes)
    return codes


def _english(text: str, allowed: set[str]) -> list[str]:
    """The English words of ``text`` that are not codes, numbers, file names or fields."""
    return [word for word in _WORD.findall(_PREFIX.sub("", text))
            if word not in allowed and word not in _NAMES and not _CODE_MARKS.search(word)]


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


_HUMAN_KEYS = {"note", "message", "disagreements", "doubts", "warnings", "first_problem"}


def _human_texts(data: Any, key: str = "") -> Iterator[str]:
    """The texts for people in a JSON summary: its notes, problems, doubts, disagreements."""
    if isinstance(data, dict):
        for k, value in data.items():
            yield from _human_texts(value, k)
    elif isinstance(data, list):
        for value in data:
            yield from _human_texts(value, key)
    elif isinstance(data, str) and key in _HUMAN_KEYS:
        yield data


def _input_words(path: Path) -> set[str]:
    """The ledger's own words (ids, headers, notes), which the output shows as they are."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        text = " ".join(str(v) for ws in book for row in ws.iter_rows(values_only=True)
                        for v in row if v is not None)
        book.close()
    else:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    return set(_WORD.findall(text))


def _awkward_ledger(path: Path) -> Path:
    """Unread columns, a column without a header, a unit note against a header's unit,
    a bad date, blank units and sources, a totals row and a note row."""
    path.write_text(
        "金额单位：元\n"
        "问题编号,整改责任单位,问题来源,下达日期,问题金额（万元）,经办人,,整改状态\n"
        "A-1,甲单位,本级,2024-01-12,12.5,张三,x,已整改\n"
        "A-2,乙单位,,2024-02-30,3,李四,,正在整改\n"
        "A-3,,上级,2024-03-01,,,,\n"
        "合计,,,,15.5,,,\n"
        "注：本表由县审计局汇总。\n", encoding="utf-8")
    return path


def _fixtures(tmp: Path) -> list[tuple[str, Path, str, str, list[str]]]:
    mapping = tmp / "units.yaml"
    mapping.write_text("units:\n  问题金额（万元）: 元\n", encoding="utf-8")
    awkward = _awkward_ledger(tmp / "awkward.csv")
    return [
        ("example", ROOT / "examples" / "ledger" / "sasac-ledger.csv", "sasac", "2024-07-01",
         []),
        ("golden", ROOT / "tests" / "golden" / "inputs" / "ledger.csv",
         str(ROOT / "tests" / "golden" / "builtin" / "mini.rules"), "2024-05-29", []),
        ("office-xlsx", write_office_xlsx(tmp / "台账.xlsx"), "jiaocheng", TODAY.isoformat(), []),
        ("office-csv", write_office_csv(tmp / "台账.csv"), "jiaocheng", TODAY.isoformat(), []),
        ("awkward", awkward, "jiaocheng", "2024-07-01", []),
        ("ambiguous", awkward, "jiaocheng", "2024-07-01", ["--mapping", str(mapping)]),
    ]


def _texts_of(path: Path, policy: str, today: str, extra: list[str],
              out_dir: Path) -> Iterator[tuple[str, str]]:
    """Every text the zh output of one ledger shows people, with where it was seen."""
    base = ["ledger", str(path), "-p", policy, "-t", today, "--lang", "zh", *extra]
    for what, argv in [("text", base), ("inspect", [*base, "--inspect"]),
                       ("strict", [*base, "--strict"]),
                       ("inspect --strict", [*base, "--inspect", "--strict"])]:
        _, out, err = _run(argv)
        yield what, out + err
    for what, argv in [("json", [*base, "--json"]), ("inspect json", [*base, "--inspect",
                                                                      "--json"])]:
        _, out, err = _run(argv)
        yield what, err
        yield from ((what, text) for text in _human_texts(json.loads(out)))
    xlsx, csv_out = out_dir / "out.xlsx", out_dir / "out.csv"
    for out_file in (xlsx, csv_out):
        _, out, err = _run([*base, "--out", str(out_file)])
        yield f"--out {out_file.suffix}", err
    book = openpyxl.load_workbook(xlsx, read_only=True)
    wanted = {message("col.error"), message("col.disagreements")}
    summary = book[message("sheet.summary")]
    for row in summary.iter_rows(values_only=True):
        yield from (("summary sheet", v) for v in row if isinstance(v, str))
    findings = book[message("sheet.findings")]
    rows = findings.iter_rows(values_only=True)
    header = next(rows)
    columns = [i for i, name in enumerate(header) if name in wanted]
    assert len(columns) == 2
    for row in rows:
        yield from (("findings sheet", row[i]) for i in columns if isinstance(row[i], str))
    book.close()
    _, out, err = _run(["report", str(path), "-p", policy, "-t", today, "--lang", "zh", *extra])
    yield "report", err


def test_the_chinese_output_has_no_english_words(tmp_path: Path) -> None:
    found: list[str] = []
    seen = 0
    for name, path, policy, today, extra in _fixtures(tmp_path):
        loaded = rectilaw.load_policy(policy)
        allowed = _codes(loaded) | _input_words(path) | {path.name, path.stem}
        for where, text in _texts_of(path, policy, today, extra, tmp_path):
            seen += 1
            words = _english(text.replace(str(path), path.name).replace(str(tmp_path), ""),
                             allowed)
            if words:
                found.append(f"{name} {where}: {sorted(set(words))}")
    assert seen > 50
    assert not found, "English in the zh output:\n" + "\n".join(found)


def test_the_check_finds_english_where_there_is_some() -> None:
    """The scan itself can fail: English prose is caught, codes and file names are not."""
    allowed = {"rectified"}
    assert _english("column `经办人` is not read", allowed) == ["column", "is", "not", "read"]
    assert _english("认定结果为已整改（rectified）：status:partially_rectified#1 [2.3]",
                    allowed) == []
    assert _english("台账.xlsx：xlsx，待评估 12 行；日期请写作 YYYY-MM-DD", allowed) == []


@pytest.mark.parametrize("key", ["read.unread", "inspect.parsed", "strict.errors"])
def test_the_english_output_stays_english(key: str) -> None:
    assert not re.search(r"[\u4e00-\u9fff]", message(key, "en", n=1, parsed=1, filled=1))


def test_the_progress_line_speaks_the_language_of_the_summary() -> None:
    from rectilaw.cli.progress import RowProgress

    stream = io.StringIO()
    progress = RowProgress(stream, "rectilaw ledger", delay=0, lang="zh")
    progress(8192, 100000)
    line = "rectilaw ledger: 已处理 8,192 行，共 100,000 行（8%）"
    assert stream.getvalue() == f"\r{line}"
    progress.clear()  # wiped to its width on a terminal, where a Chinese character takes two
    wide = sum(1 for ch in line if ord(ch) > 0x2E80)
    assert stream.getvalue() == f"\r{line}\r{' ' * (len(line) + wide)}\r"
