"""Building documentation in tests: a Sphinx run in a subprocess, and a small HTML reader."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def make_docs_options() -> list[str]:
    """The options ``make docs`` gives Sphinx, read from the Makefile (one source of truth)."""
    recipe = re.search(r"^docs:.*\n\t(.+)$", (ROOT / "Makefile").read_text("utf-8"), re.M)
    assert recipe is not None, "the Makefile has no docs target"
    words = shlex.split(recipe.group(1))
    start = words.index("sphinx") + 1
    return [w for w in words[start:-2]]


def sphinx_build(source: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Sphinx run on ``source`` with the options of ``make docs`` (warnings are errors)."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *make_docs_options(), *extra, str(source), str(output)],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
    )


def search_index(site: Path) -> dict[str, Any]:
    """The search index Sphinx wrote (``searchindex.js`` is ``Search.setIndex({...})``)."""
    text = (site / "searchindex.js").read_text("utf-8")
    data: dict[str, Any] = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return data


def target(page: Path, href: str) -> tuple[Path, str]:
    """The file and the fragment a link on ``page`` points to."""
    parts = urlsplit(href)
    path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    return path, parts.fragment


@attrs.define
class Element:
    """An HTML element: tag, attributes, children (elements and text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = attrs.field(factory=list)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def by_id(self, wanted: str) -> Element | None:
        return next((e for e in self.iter() if e.attrs.get("id") == wanted), None)

    def find_all(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag and (cls is None or cls in e.classes)]

    def hrefs(self) -> list[str]:
        return [e.attrs["href"] for e in self.iter() if e.tag == "a" and "href" in e.attrs]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attributes})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def read_html(path: Path) -> Element:
    reader = _Reader()
    reader.feed(path.read_text("utf-8"))
    return reader.root
