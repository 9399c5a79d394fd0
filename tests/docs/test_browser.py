"""The built pages in a real browser: no error box, search that answers, nothing too wide.

Runs where Chromium is on PATH (CI installs Debian's ``chromium``); elsewhere it
is skipped, saying so.  The screenshots are kept in ``docs/_build/screenshots/``
to look at.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from rectilaw.policies import builtin_names
from rectilaw.sphinx.pages import part_names

from .building import DOCS
from .chromium import Browser, find_chromium

CHROMIUM = find_chromium()
SHOTS = DOCS / "_build" / "screenshots"
WIDTHS = (390, 1280)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not on PATH: the browser tests need it "
    "(Debian: apt-get install chromium)")

#: What a reader would see go wrong on a page: error boxes, content wider than the window,
#: code names broken inside a word, diagrams that did not load.
PROBE = """
document.fonts.ready.then(() => {
  const root = document.documentElement;
  const visible = e => e.getClientRects().length > 0;
  const errors = [...document.querySelectorAll(
      ".admonition.error, .system-message, .problematic, .rectilaw-problem, "
      + ".contents:not(.this-will-duplicate-information-and-it-is-still-useful-here)")]
    .filter(visible).map(e => e.innerText.slice(0, 120));
  const scrolled = [...document.querySelectorAll("article table, article .table-wrapper, "
      + "article figure")]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.tagName + "." + e.className);
  const beyond = [...document.querySelectorAll("article table, article figure, article img")]
    .filter(e => visible(e) && e.getBoundingClientRect().right > root.clientWidth + 1)
    .map(e => e.tagName + "." + e.className);
  const broken = [...document.querySelectorAll(
      "article table code:not(.rectilaw-code-cjk) span.pre")]
    .filter(e => e.getClientRects().length > 1).map(e => e.textContent);
  const diagrams = [...document.querySelectorAll("figure.rectilaw-diagram img")].map(i => ({
    loaded: i.complete && i.naturalWidth > 0, width: i.getBoundingClientRect().width}));
  const chinese = document.querySelector("[lang='zh-CN']");
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, errors, scrolled,
          beyond, broken: [...new Set(broken)], diagrams, height: root.scrollHeight,
          chineseFont: chinese ? getComputedStyle(chinese).fontFamily : null};
})
"""

#: Waits for Sphinx's search to say it has finished; the links it found and what it said.
SEARCH = """
new Promise(resolve => {
  const started = Date.now();
  const tick = () => {
    const links = [...document.querySelectorAll("#search-results li a")]
      .map(a => a.getAttribute("href"));
    const summary = document.querySelector("#search-results .search-summary, "
      + "#search-results p");
    const said = summary ? summary.innerText : "";
    if (/finished|found|did not match/i.test(said) || Date.now() - started > 20000) {
      resolve({links, said});
    } else {
      setTimeout(tick, 100);
    }
  };
  tick();
})
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with Browser(CHROMIUM) as opened:
        yield opened


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(built_docs: Path) -> Iterator[str]:
    """The built pages served on this machine's loopback, as a web server serves them."""
    handler = functools.partial(_Quiet, directory=str(built_docs))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()
        thread.join(timeout=10)


def reader_pages() -> list[str]:
    policies = [f"policies/{name}/{part}.html" for name in builtin_names()
                for part in part_names(with_examples=True)]
    return ["index.html", "language.html", "reviewing.html", "policies/index.html", *policies]


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_show_no_error_and_fit_the_window(built_docs: Path, site: str, browser: Browser,
                                                width: int) -> None:
    problems: dict[str, dict[str, object]] = {}
    for page in reader_pages():
        path = built_docs / page
        if not path.is_file():
            continue
        browser.open(site + page, width=width)
        found = browser.evaluate(PROBE)
        wrong = {key: found[key] for key in ("errors", "scrolled", "beyond", "broken")
                 if found[key]}
        if found["scrollWidth"] > found["clientWidth"]:
            wrong["page"] = f"{found['scrollWidth']} px wide in a {found['clientWidth']} px window"
        if not all(d["loaded"] and d["width"] > 100 for d in found["diagrams"]):
            wrong["diagrams"] = found["diagrams"]
        if wrong:
            problems[page] = wrong
            browser.screenshot(SHOTS / f"wrong-{page.replace('/', '-')}-{width}.png")
    assert problems == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_policy_page_draws_its_diagram_in_chinese(site: str, browser: Browser,
                                                    width: int) -> None:
    browser.open(site + "policies/sasac/determination.html", width=width)
    found = browser.evaluate(PROBE)
    browser.screenshot(SHOTS / f"sasac-determination-{width}.png")
    assert found["diagrams"] and found["diagrams"][0]["loaded"]
    top = browser.evaluate("document.querySelector('figure.rectilaw-diagram')"
                           ".getBoundingClientRect().top + scrollY")
    browser.screenshot(SHOTS / f"sasac-diagram-{width}.png", top=top - 40)
    assert "Noto Sans CJK SC" in found["chineseFont"]


@pytest.mark.parametrize("word", ["约谈", "interview"])
def test_search_finds_a_policy_page(site: str, browser: Browser, word: str) -> None:
    browser.open(site + "search.html?q=" + quote(word), width=1280)
    found = browser.evaluate(SEARCH)
    browser.screenshot(SHOTS / f"search-{'zh' if not word.isascii() else 'en'}.png")
    assert browser.script_errors() == []
    assert any("policies/" in link for link in found["links"]), found
