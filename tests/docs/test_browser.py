"""A policy page in a real browser: it fits 1280 px, its diagram shows, Chinese renders.

Runs where Chromium is installed (CI installs Debian's ``chromium``); elsewhere it
is skipped.  The screenshots are kept in ``docs/_build/screenshots/`` to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .building import DOCS
from .chromium import Browser, find_chromium

CHROMIUM = find_chromium()
SHOTS = DOCS / "_build" / "screenshots"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

PROBE = """
document.fonts.ready.then(() => {
  const root = document.documentElement;
  const diagrams = [...document.querySelectorAll(
      "div.graphviz object, div.graphviz img, div.graphviz svg")].map(d => {
    const box = d.getBoundingClientRect();
    const style = getComputedStyle(d);
    return {top: box.top + scrollY, width: box.width, height: box.height,
            right: box.right, shown: style.visibility !== "hidden" && style.display !== "none"};
  });
  const wide = [...document.querySelectorAll("article *")].filter(
      e => e.getBoundingClientRect().right > root.clientWidth + 1).map(e => e.tagName);
  const chinese = document.querySelector(".rectilaw-clause-text [lang='zh-CN']");
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, diagrams, wide,
          chineseFont: chinese ? getComputedStyle(chinese).fontFamily : null,
          lang: chinese ? chinese.lang : null};
})
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with Browser(CHROMIUM) as opened:
        yield opened


def test_policy_page_fits_and_shows_its_diagram(built_docs: Path, browser: Browser) -> None:
    if shutil.which("dot") is None:
        pytest.fail("Graphviz `dot` is needed to draw the diagrams (Debian package graphviz)")
    browser.open((built_docs / "policies" / "sasac.html").as_uri(), width=1280)
    found = browser.evaluate(PROBE)
    browser.screenshot(SHOTS / "sasac-top.png")
    assert found["scrollWidth"] <= found["clientWidth"], found["wide"][:10]
    assert found["wide"] == []
    assert found["diagrams"], "no diagram on the page"
    first = found["diagrams"][0]
    assert first["shown"] and first["width"] > 100 and first["height"] > 100
    assert first["right"] <= found["clientWidth"]
    browser.screenshot(SHOTS / "sasac-diagram.png", top=first["top"] - 40)
    assert found["lang"] == "zh-CN"
    assert "Noto Sans CJK SC" in found["chineseFont"]


def test_diagram_image_draws_in_chinese(built_docs: Path, browser: Browser) -> None:
    images = sorted((built_docs / "_images").glob("graphviz-*.svg"))
    if not images:
        pytest.skip("no diagrams were drawn")
    text = images[0].read_text("utf-8")
    assert 'font-family="Noto Sans CJK SC' in text
    browser.open(images[0].as_uri(), width=1280)
    size = browser.evaluate("(() => { const s = document.querySelector('svg').getBBox();"
                            " return [s.width, s.height]; })()")
    assert size[0] > 100 and size[1] > 100
