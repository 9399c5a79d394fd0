"""Which column is which field: the default mapping, mapping files, and what they refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

import rectilaw
from rectilaw import schema
from rectilaw.ledger import ColumnMapping, LedgerError, evaluate_ledger
from rectilaw.ledger.columns import header_key
from rectilaw.ledger.evaluate import LedgerEvaluator

from .sample import TODAY


def test_every_schema_field_is_known_by_name_and_by_its_chinese_name() -> None:
    mapping = ColumnMapping.default()
    for name, spec in schema.FIELDS.items():
        assert mapping.field_of(name) == name
        assert mapping.field_of(spec.label) == name


@pytest.mark.parametrize(("header", "field"), [
    ("问题编号", "id"), ("整改责任单位", "unit"), ("整改时限", "due_on"), ("整改期限", "due_on"),
    ("问题金额（元）", "problem_amount"), ("问题金额(元)*", "problem_amount"),
    (" 整改 时限 ", "due_on"), ("Due_On", "due_on"), ("ＩＤ", "id"), ("下达日期", "issued_on"),
])
def test_headers_are_compared_loosely(header: str, field: str) -> None:
    assert ColumnMapping.default().field_of(header) == field


def test_header_key_folds_width_space_case_and_marks() -> None:
    assert header_key("问题金额（元）*") == header_key("问题金额") == "问题金额"
    assert header_key("Ｕｎｉｔ") == "unit"


def test_chinese_enum_wording_is_understood(sasac: rectilaw.Policy) -> None:
    rows = [{"问题编号": "1", "问题来源": "上级审计机关反馈", "审计类型": "经济责任审计",
             "整改类型": "立行立改", "未整改到位原因": "涉及多部门"}]
    row = evaluate_ledger(rows, sasac, TODAY).rows[0]
    assert row.ok
    assert (row.facts["source"], row.facts["audit_type"], row.facts["rectification_type"],
            row.facts["cause"]) == ("upper", "economic_responsibility", "immediate",
                                    "multi_department")


def test_the_policys_own_facts_are_known_by_their_labels(sasac: rectilaw.Policy) -> None:
    label = next(f.label for f in sasac.model.facts if f.name == "special_reason")
    evaluator = LedgerEvaluator(sasac, TODAY)
    assert evaluator.layout(["问题编号", label]).fields == ("id", "special_reason")
    row = evaluator.row(2, ("问题编号", label), ("1", "是"))
    assert row.facts == {"id": "1", "special_reason": True}


def test_a_mapping_file(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "# 国资委台账\n"
        "columns:\n  责任企业: unit\n  问题序号: id\n  被审计单位: ~\n"
        "values:\n  source:\n    审计署反馈: upper\n",
        "utf-8",
    )
    rows = [{"问题序号": "Q1", "责任企业": "甲公司", "被审计单位": "乙", "问题来源": "审计署反馈"}]
    result = evaluate_ledger(rows, sasac, TODAY, mapping=path)
    row = result.rows[0]
    assert row.ok
    assert row.facts == {"id": "Q1", "unit": "甲公司", "source": "upper"}
    assert not result.summary.warnings


@pytest.mark.parametrize(("text", "message"), [
    ("colums: {}\n", "unknown key `colums` (did you mean `columns`?)"),
    ("columns: [a, b]\n", "columns: expected a mapping"),
    ("columns: {甲: 3}\n", "expected a name, got 3"),
    ("header_row: 0\n", "header_row: expected a row number"),
    ("values: {source: upper}\n", "expected a mapping of cell texts to codes"),
    ("- just\n- a list\n", "a column mapping is a mapping"),
    ("columns: {a: [\n", "not valid YAML"),
])
def test_bad_mapping_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(LedgerError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("?", r"\?")):
        ColumnMapping.from_yaml(path)


def test_mapping_yaml_is_loaded_safely(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("columns: !!python/object/apply:os.system ['true']\n", "utf-8")
    with pytest.raises(LedgerError, match="not valid YAML"):
        ColumnMapping.from_yaml(path)


def test_a_mapping_to_an_unknown_field_is_refused(sasac: rectilaw.Policy) -> None:
    with pytest.raises(LedgerError, match=r"mapped to `unti`.*did you mean `unit`"):
        evaluate_ledger([{"单位": "x"}], sasac, TODAY, mapping={"columns": {"单位": "unti"}})


def test_unknown_and_repeated_columns_are_carried_along_with_a_warning(
        sasac: rectilaw.Policy) -> None:
    rows = [{"问题编号": "1", "整改时现": "2024-08-01", "整改时限": "2024-09-01",
             "整改期限": "2024-10-01", "备注": "无"}]
    result = evaluate_ledger(rows, sasac, TODAY)
    assert result.rows[0].facts["due_on"].isoformat() == "2024-09-01"
    warnings = "\n".join(result.summary.warnings)
    assert "`整改期限` both name `due_on`" in warnings
    unread = {c.header: c.note for c in result.summary.reading.unread}
    assert set(unread) == {"整改时现", "整改期限"}
    assert "not a field" in unread["整改时现"] and "`整改时限`" in unread["整改时现"]
    assert "备注" not in unread  # a description, carried along on purpose
    assert result.rows[0].record["备注"] == "无"
