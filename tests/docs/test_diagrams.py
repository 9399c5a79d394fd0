"""Diagrams drawn without a layout program: line breaking, box sizes, the same bytes each time."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from rectilaw.loader import load_policy
from rectilaw.policies import builtin_names
from rectilaw.sphinx.diagrams import Box, Chart, Link, Row, decision_chart, svg, text_width, wrap
from rectilaw.sphinx.text import Names, reading

SVG = "{http://www.w3.org/2000/svg}"


def test_wrap_breaks_chinese_between_characters_and_keeps_latin_words_whole() -> None:
    text = "「提醒函后发出督办函」（10 workdays）后，再由 supervision_letter 督办"
    lines = wrap(text, 20).split("\n")
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for word in ("workdays", "supervision_letter"):
        assert any(word in line for line in lines), lines


def test_wrap_keeps_closing_punctuation_off_the_start_of_a_line() -> None:
    text = "认定结果不为「整改完毕」，且当日晚于「整改期限」，且尚未采取「约谈」"
    for columns in range(8, 40):
        for line in wrap(text, columns).split("\n")[1:]:
            assert line[0] not in "，、。」）", (columns, line)


def test_a_chinese_character_is_measured_a_full_em() -> None:
    assert text_width("整改完毕", 13) == pytest.approx(52)
    assert text_width("abcd", 13) < text_width("整改完毕", 13)


def test_boxes_hold_their_longest_line() -> None:
    box = Box("1. 「无正当理由不接受审计意见或建议」\n[7.3]")
    assert box.width >= text_width("1. 「无正当理由不接受审计意见或建议」")
    assert box.height > 2 * 13


def chart(name: str) -> Chart:
    model = load_policy(name).model
    names = Names.of(model)
    readings = {rule.id: reading(rule.condition, names) if rule.condition else "otherwise"
                for _, rule in model.status.rules}
    return decision_chart(model.status, readings=readings, title=f"status of {name}")


@pytest.mark.parametrize("name", builtin_names())
def test_a_decision_is_one_question_per_rule_in_written_order(name: str) -> None:
    model = load_policy(name).model
    drawn = chart(name)
    assert len(drawn.rows) == len(model.status.rules)
    for row, (outcome, _) in zip(drawn.rows, model.status.rules, strict=True):
        assert row.side is not None and outcome.code in row.side.text
    assert all(link is not None and link.label == "否" for link in drawn.down)


@pytest.mark.parametrize("name", builtin_names())
def test_the_svg_is_well_formed_sized_and_the_same_each_time(name: str) -> None:
    first, again = svg(chart(name)), svg(chart(name))
    assert first == again
    root = ET.fromstring(first)
    assert root.tag == f"{SVG}svg"
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {root.attrib['width']} {root.attrib['height']}"
    for rect in root.iter(f"{SVG}rect"):
        right = float(rect.attrib["x"]) + float(rect.attrib["width"])
        bottom = float(rect.attrib["y"]) + float(rect.attrib["height"])
        assert float(rect.attrib["x"]) >= 0 and right <= width
        assert float(rect.attrib["y"]) >= 0 and bottom <= height
    assert root.find(f"{SVG}title") is not None


def test_text_is_escaped_and_a_side_box_sits_right_of_the_column() -> None:
    drawn = Chart("a < b & c", [Row(Box("x < y & z"), Box("是"), Link("是")),
                                Row(Box("next", kind="plain"))], [Link("否")])
    root = ET.fromstring(svg(drawn))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "x < y & z" in texts
    rects = list(root.iter(f"{SVG}rect"))
    assert float(rects[1].attrib["x"]) > float(rects[0].attrib["x"]) + float(
        rects[0].attrib["width"])
