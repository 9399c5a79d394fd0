"""The ``rectilaw:policy`` directive: a rule file rendered as a page for reviewers.

Usage, in MyST Markdown or reStructuredText::

    ```{rectilaw:policy} sasac
    ```

    .. rectilaw:policy:: ../policies/local.rules
       :examples: ../tests/policies/local

    .. rectilaw:policy:: sasac
       :part: clauses

The argument is a built-in policy name or a path to a ``.rules`` file
(relative to the page).  Without ``:part:`` the whole policy is one page; with
it, the page shows one part (:func:`rectilaw.sphinx.pages.part_names`): ``index``
is the document's header with a list of the part pages, which sit beside it
named by their parts.  The rule file and the worked-example files are recorded
as dependencies of the page, so editing either rebuilds it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from rectilaw.dsl.checker import check
from rectilaw.dsl.model import PolicyModel
from rectilaw.dsl.parser import parse
from rectilaw.errors import PolicyError
from rectilaw.policies import builtin_names, rules_directory
from rectilaw.sphinx.build import para, zh
from rectilaw.sphinx.diagrams import Chart, svg
from rectilaw.sphinx.domain import anchor, domain_of, pending_reference
from rectilaw.sphinx.examples import example_files, examples_section
from rectilaw.sphinx.figures import diagram_node
from rectilaw.sphinx.pages import EXAMPLES, INDEX, part_names
from rectilaw.sphinx.sections import PARTS, Page, render_sections

__all__ = ["PolicyDirective"]

logger = logging.getLogger(__name__)


class PolicyDirective(SphinxDirective):
    """Render a policy: header, clauses beside their rules, tables, diagrams, cases."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "examples": directives.unchanged,
        "no-examples": directives.flag,
        "part": lambda text: directives.choice(text, part_names(with_examples=True)),
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

    def _diagram(self, chart: Chart, alt: str) -> nodes.Node:
        return diagram_node(svg(chart), alt)

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
        page = Page.of(model, origin, self._register, self._diagram)
        part = self.options.get("part")
        if part is None or part == INDEX:
            top = self._top(model, anchor("policy", info.id), info.title)
            self._register("policy", info.id, info.title, top["ids"][0])
            if info.title_en:
                top += para(info.title_en, classes=["rectilaw-subtitle"])
            top.extend(render_sections(page, ["header"] if part else None))
            if part:
                top += self._contents(name)
                return top
        elif part == EXAMPLES:
            cases = self._cases(page, name)
            top = cases or self._top(model, page.section_id("examples"),
                                     "案例 · Worked examples")
            top.insert(1, self._part_of(model))
            top["support_smartquotes"] = False
            return top
        else:
            chosen = next(p for p in PARTS if p.slug == part)
            top = self._top(model, page.section_id(f"part-{chosen.slug}"),
                            f"{chosen.title} ({info.id})")
            shown = render_sections(page, chosen.sections)
            if len(shown) == 1:  # the part is one section: its title would say the same again
                top["ids"].extend(shown[0]["ids"])
                top.extend(shown[0].children[1:])
            else:
                top.extend(shown)
            return top
        cases = self._cases(page, name)
        if cases is not None:
            top += cases
        return top

    def _top(self, model: PolicyModel, node_id: str, title: str) -> nodes.section:
        """The page's section: its title, and under it the policy it belongs to."""
        heading = nodes.title("", "", zh(title) if title == model.info.title else
                              nodes.Text(title))
        top = nodes.section("", heading, ids=[node_id], names=[nodes.fully_normalize_name(
            model.info.id if node_id == anchor("policy", model.info.id) else node_id)])
        top["support_smartquotes"] = False  # the document's words and the code, verbatim
        if self.options.get("part") not in (None, INDEX):
            top += self._part_of(model)
        return top

    @staticmethod
    def _part_of(model: PolicyModel) -> nodes.Node:
        link = pending_reference("policy", model.info.id, model.info.title)
        return para("政策 Policy: ", link, classes=["rectilaw-part-of"])

    def _contents(self, name: str) -> nodes.Node:
        """The list of a policy's part pages, as a table of contents Sphinx navigates by."""
        folder = self.env.docname.rpartition("/")[0]
        names = part_names(bool(self._examples(name)))[1:]
        docnames = [f"{folder}/{part}" if folder else part for part in names]
        toc = addnodes.toctree()
        toc["parent"] = self.env.docname
        toc["entries"] = [(None, docname) for docname in docnames]
        toc["includefiles"] = docnames
        settings = {"maxdepth": 1, "caption": "各部分 · The parts of this policy", "glob": False,
                    "hidden": False, "includehidden": False, "numbered": 0, "titlesonly": True}
        for key, value in settings.items():
            toc[key] = value
        wrapper = nodes.compound(classes=["toctree-wrapper", "rectilaw-parts"])
        wrapper += toc
        return wrapper

    def _cases(self, page: Page, name: str) -> nodes.section | None:
        files = self._examples(name)
        for path in files:
            self.env.note_dependency(str(path))
        return examples_section(files, page.names, page.policy, self._warn,
                                str(self.config.language or "en"))

    def _warn(self, message: str) -> None:
        logger.warning(message, location=self.get_location())
