"""The ``rectilaw:policy`` directive: a rule file rendered as a page for reviewers.

Usage, in MyST Markdown or reStructuredText::

    ```{rectilaw:policy} sasac
    ```

    .. rectilaw:policy:: ../policies/local.rules
       :examples: ../tests/policies/local

The argument is a built-in policy name or a path to a ``.rules`` file
(relative to the page).  The rule file and the worked-example files are
recorded as dependencies of the page, so editing either rebuilds it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.ext.graphviz import graphviz
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from rectilaw.dsl.checker import check
from rectilaw.dsl.model import PolicyModel
from rectilaw.dsl.parser import parse
from rectilaw.errors import PolicyError
from rectilaw.policies import builtin_names, rules_directory
from rectilaw.sphinx.build import para, zh
from rectilaw.sphinx.domain import anchor, domain_of
from rectilaw.sphinx.examples import example_files, examples_section
from rectilaw.sphinx.sections import Page, render_sections

__all__ = ["PolicyDirective"]

logger = logging.getLogger(__name__)


class PolicyDirective(SphinxDirective):
    """Render a policy: header, clauses beside their rules, tables, diagrams, cases."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "examples": directives.unchanged,
        "no-examples": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        argument = self.arguments[0].strip()
        located = self._locate(argument)
        if located is None:
            return [self._problem(f"`{argument}` is neither a built-in policy "
                                  f"({', '.join(builtin_names())}) nor a .rules file")]
        path, origin, name = located
        self.env.note_dependency(str(path))
        try:
            model = check(parse(path.read_text("utf-8"), origin))
        except (OSError, UnicodeDecodeError, PolicyError) as problem:
            return [self._problem(f"cannot render policy `{argument}`:\n{problem}")]
        return [self._page(model, origin, name)]

    def _locate(self, argument: str) -> tuple[Path, str, str] | None:
        if argument.endswith(".rules"):
            _, absolute = self.env.relfn2path(argument)
            path = Path(absolute)
            return (path, argument, path.stem) if path.is_file() else None
        if argument not in builtin_names():
            return None
        path = Path(str(rules_directory().joinpath(f"{argument}.rules")))
        return path, f"policies/{argument}.rules", argument

    def _problem(self, message: str) -> nodes.Node:
        logger.warning(message, location=self.get_location())
        return para(message, classes=["rectilaw-problem"])

    def _register(self, kind: str, fullname: str, title: str, node_id: str) -> None:
        domain_of(self.env).note_object(kind, fullname, title, node_id)

    def _diagram(self, dot: str, alt: str) -> nodes.Node:
        if shutil.which(self.config.graphviz_dot) is None:
            logger.info("rectilaw: `%s` not found; diagrams are shown as Graphviz text",
                        self.config.graphviz_dot)
            block = nodes.literal_block(dot, dot, classes=["rectilaw-dot"])
            block["language"] = "graphviz"
            return block
        node = graphviz()
        node["code"] = dot
        node["options"] = {"docname": self.env.docname}
        node["alt"] = alt
        node["classes"] = ["rectilaw-diagram"]
        return node

    def _examples(self, name: str) -> list[Path]:
        if "no-examples" in self.options:
            return []
        given = self.options.get("examples")
        if given:
            _, absolute = self.env.relfn2path(given)
            folder = Path(absolute)
            return sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        configured = self.config.rectilaw_examples_dir
        if not configured:
            return []
        return example_files(Path(self.env.app.confdir) / configured, name)

    def _page(self, model: PolicyModel, origin: str, name: str) -> nodes.section:
        info = model.info
        page_id = anchor("policy", info.id)
        self._register("policy", info.id, info.title, page_id)
        page = Page.of(model, origin, self._register, self._diagram)
        title = nodes.title("", "", zh(info.title))
        top = nodes.section("", title, ids=[page_id], names=[nodes.fully_normalize_name(info.id)])
        top["support_smartquotes"] = False  # the document's words and the code, verbatim
        if info.title_en:
            top += para(info.title_en, classes=["rectilaw-subtitle"])
        top.extend(render_sections(page))
        files = self._examples(name)
        for path in files:
            self.env.note_dependency(str(path))
        cases = examples_section(files, page.names, info.id, self._warn)
        if cases is not None:
            top += cases
        return top

    def _warn(self, message: str) -> None:
        logger.warning(message, location=self.get_location())
