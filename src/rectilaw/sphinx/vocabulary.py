"""The ``rectilaw:vocabulary`` directive: the shared schema and outcome codes as tables.

``fields`` lists the finding schema, ``statuses`` the status codes, ``actions``
the action codes, each with its Chinese name, read from :mod:`rectilaw.schema`
so that the glossary cannot drift from the code.  ``policies`` lists, for each
built-in policy, its own wording of every status and measure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.policies import builtin_names, builtin_path
from rectilaw.schema import ACTIONS, FIELDS, STATUSES
from rectilaw.sphinx.build import Cell, code, para, table, zh
from rectilaw.sphinx.domain import pending_reference

__all__ = ["VocabularyDirective"]

logger = logging.getLogger(__name__)


def _type(name: str) -> Cell:
    spec = FIELDS[name]
    if spec.type == "enum":
        return [code(" / ".join(spec.values))]
    return spec.type


def fields_table() -> nodes.Element:
    rows: list[Sequence[Cell]] = [[[code(name)], zh(spec.label), _type(name)]
                                  for name, spec in FIELDS.items()]
    return table(["代码 Code", "中文", "类型 Type"], rows, [30, 45, 25])


def statuses_table() -> nodes.Element:
    rows: list[Sequence[Cell]] = [[[code(name)], zh(label)] for name, label in STATUSES.items()]
    return table(["代码 Code", "中文"], rows, [40, 60])


def actions_table() -> nodes.Element:
    rows: list[Sequence[Cell]] = [[[code(name)], zh(label)] for name, label in ACTIONS.items()]
    return table(["代码 Code", "中文"], rows, [40, 60])


def policies_table() -> nodes.Element:
    rows: list[list[Cell]] = []
    for name in builtin_names():
        path = builtin_path(name)
        assert path is not None
        model = check(parse(path.read_text("utf-8"), f"policies/{name}.rules"))
        link = pending_reference("policy", model.info.id, name)
        for outcome in model.status.outcomes:
            rows.append([[link.deepcopy()], "status", [code(outcome.code)], zh(outcome.label)])
        for action in model.actions:
            rows.append([[link.deepcopy()], "measure", [code(action.code)], zh(action.label)])
    return table(["政策 Policy", "种类 Kind", "代码 Code", "该政策用语 Its wording"], rows,
                 [14, 12, 28, 46])


_TABLES: dict[str, Callable[[], nodes.Element]] = {
    "fields": fields_table,
    "statuses": statuses_table,
    "actions": actions_table,
    "policies": policies_table,
}


class VocabularyDirective(SphinxDirective):
    """A table of the shared vocabulary: ``fields``, ``statuses``, ``actions`` or ``policies``."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        which = self.arguments[0].strip()
        render = _TABLES.get(which)
        if render is None:
            message = f"unknown vocabulary `{which}`: expected one of {', '.join(_TABLES)}"
            logger.warning(message, location=self.get_location())
            return [para(message)]
        if which == "policies":
            for name in builtin_names():
                self.env.note_dependency(str(builtin_path(name)))
        node = render()
        node["support_smartquotes"] = False
        return [node]
