"""The built site as a reader gets it, checked without a browser.

No page shows a docutils error box; search finds Chinese and English words on
the policy pages; every diagram is an SVG file drawn at build time whose boxes
hold their Chinese text; nothing is fetched from elsewhere when a page is read;
values read as a person writes them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rectilaw.policies import builtin_names

from .building import Element, read_html, search_index, target

#: Classes docutils and Sphinx give to what went wrong while a page was read.
_ERROR_CLASSES = {"system-message", "problematic", "error", "rectilaw-problem",
                  "rectilaw-fails"}


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def text_of(element: Element) -> str:
    return " ".join(element.text.split())


def shown(element: Element) -> list[Element]:
    """The elements a reader with scripts enabled sees (not those inside ``<noscript>``)."""
    out = [element]
    for child in element.children:
        if isinstance(child, Element) and child.tag != "noscript":
            out.extend(shown(child))
    return out


#: Furo draws a local table of contents as a red error box (its stylesheet writes "ERROR:
#: Adding a table of contents … is unnecessary" before it) unless it carries this class.
_TOC_ALLOWED = "this-will-duplicate-information-and-it-is-still-useful-here"


def _error_box(element: Element) -> set[str]:
    wrong = _ERROR_CLASSES & set(element.classes)
    if "contents" in element.classes and _TOC_ALLOWED not in element.classes:
        wrong.add("contents")
    return wrong


def test_no_page_shows_an_error_box(built_docs: Path) -> None:
    found = []
    for path in pages(built_docs):
        for element in shown(read_html(path)):
            wrong = _error_box(element)
            if wrong:
                found.append(f"{path.relative_to(built_docs)}: {sorted(wrong)} "
                             f"{text_of(element)[:120]}")
    assert found == []


def test_nothing_is_fetched_from_elsewhere_when_a_page_is_read(built_docs: Path) -> None:
    remote = []
    for path in pages(built_docs):
        for element in read_html(path).iter():
            if element.tag in {"script", "img", "iframe", "object"}:
                source = element.attrs.get("src") or element.attrs.get("data") or ""
            elif element.tag == "link" and element.attrs.get("rel") == "stylesheet":
                source = element.attrs.get("href", "")
            else:
                continue
            if re.match(r"^(?:[a-z]+:)?//", source):
                remote.append(f"{path.relative_to(built_docs)}: {source}")
    assert remote == []


# ----------------------------------------------------------------- search


@pytest.mark.parametrize("word", ["约谈", "整改", "interview", "audit"])
def test_search_finds_chinese_and_english_words_on_policy_pages(built_docs: Path,
                                                                 word: str) -> None:
    index = search_index(built_docs)
    documents = index["terms"].get(word)
    assert documents is not None, f"{word!r} is not in the search index"
    listed = documents if isinstance(documents, list) else [documents]
    names = {index["docnames"][d] for d in listed}
    assert any(n.startswith("policies/") and n != "policies/index" for n in names), names


def test_search_scripts_define_the_stemmer_they_use(built_docs: Path) -> None:
    script = (built_docs / "_static" / "language_data.js").read_text("utf-8")
    used = set(re.findall(r"\b([A-Z][A-Za-z]*Stemmer)\b", script))
    defined = {name for name in used
               if re.search(rf"(?:var|let|const|class|function)\s+{name}\b", script)}
    others = "".join(p.read_text("utf-8") for p in (built_docs / "_static").glob("*stemmer*.js"))
    defined |= {name for name in used
                if re.search(rf"(?:var|let|const|class|function)\s+{name}\b", others)}
    assert used <= defined, f"language_data.js uses {sorted(used - defined)} undefined"


# ----------------------------------------------------------------- diagrams


def _figures(site: Path, name: str, part: str) -> list[tuple[Path, Element]]:
    page = site / "policies" / name / f"{part}.html"
    return [(page, f) for f in read_html(page).find_all("figure", "rectilaw-diagram")]


def _svg_boxes(svg: Path) -> list[tuple[float, float, list[str]]]:
    """Each box of a diagram: its width, its font size and the lines of text it holds."""
    root = ET.parse(svg).getroot()
    children = list(root)
    boxes = []
    for rect, text in itertools.pairwise(children):
        if rect.tag.endswith("rect") and text.tag.endswith("text"):
            lines = [t.text or "" for t in text]
            boxes.append((float(rect.attrib["width"]), float(text.attrib["font-size"]), lines))
    return boxes


@pytest.mark.parametrize("name", builtin_names())
def test_diagrams_are_svg_files_drawn_at_build_time_and_linked_in_full(built_docs: Path,
                                                                        name: str) -> None:
    figures = _figures(built_docs, name, "determination")
    assert figures, "the determination has no diagram"
    for page, figure in figures:
        image = figure.find_all("img")[0]
        path, _ = target(page, image.attrs["src"])
        assert path.suffix == ".svg" and path.is_file()
        assert int(float(image.attrs["width"])) > 100 and image.attrs["alt"]
        assert image.attrs["src"] in figure.hrefs(), "no link to the full diagram"
        assert "Open the full diagram" in figure.text
        ET.parse(path)  # well-formed


@pytest.mark.parametrize("name", builtin_names())
def test_diagram_boxes_are_wide_enough_for_their_chinese_text(built_docs: Path,
                                                              name: str) -> None:
    """A CJK character is a full em wide in every CJK font; Latin ones at least half."""
    svgs = {target(page, figure.find_all("img")[0].attrs["src"])[0]
            for part in ("determination", "measures")
            for page, figure in _figures(built_docs, name, part)}
    checked = 0
    for svg in svgs:
        for width, size, lines in _svg_boxes(svg):
            for line in lines:
                wide = sum(1 for c in line if unicodedata.east_asian_width(c) in "WF")
                least = size * (wide + 0.5 * (len(line) - wide))
                assert least <= width, f"{svg.name}: {line!r} needs {least:.0f} px of {width}"
                checked += wide
    assert checked > 0, "no Chinese text in the diagrams"


# ----------------------------------------------------------------- human forms


@pytest.mark.parametrize("name", builtin_names())
def test_values_read_as_a_person_writes_them(built_docs: Path, name: str) -> None:
    for path in sorted((built_docs / "policies" / name).glob("*.html")):
        text = text_of(read_html(path))
        assert not re.search(r"\[\s*'|\(\s*'|\bNone\b(?![:：])", text), path.name
        assert not re.search(r"\b[0-9]{3}_[0-9a-f]{16}\.txt\b", text), path.name
    examples = read_html(built_docs / "policies" / name / "examples.html")
    shown = [text_of(c) for c in examples.find_all("code")]
    assert "true" not in shown and "false" not in shown


def test_the_source_is_the_document_s_title_and_number(built_docs: Path) -> None:
    page = read_html(built_docs / "policies" / "jiaocheng" / "index.html")
    row = next(r for r in page.find_all("tr") if "来源 Source" in r.text)
    assert "交审报〔2023〕5号" in row.text and "《" in row.text
