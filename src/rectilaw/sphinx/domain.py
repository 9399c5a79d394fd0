"""The ``rectilaw`` Sphinx domain: policies, clauses, rules and parameters as link targets.

A policy page registers every clause, rule and parameter it shows under a full
name (``sasac:7.1``, ``sasac:status:rectified#2``, ``sasac:param:rectification_limit``),
and links between them (clause → the rules citing it, rule → the clauses it
cites) are ordinary Sphinx cross-references resolved here.  Hand-written pages
can link the same way::

    {rectilaw:clause}`sasac:7.1`     {rectilaw:rule}`sasac:status:rectified#1`
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any, NamedTuple

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

__all__ = ["KINDS", "RectilawDomain", "Target", "anchor", "domain_of", "pending_reference"]

logger = logging.getLogger(__name__)

#: What can be linked to, with the word a reader sees for it.
KINDS = {"policy": "policy", "clause": "clause", "rule": "rule", "param": "parameter"}


class Target(NamedTuple):
    """Where an object is shown: its page, the id of its element, its default link text."""

    docname: str
    anchor: str
    title: str


def anchor(kind: str, fullname: str) -> str:
    """The HTML id of an object: ``sasac:status:rectified#2`` → ``sasac-rule-status-rectified-2``.
    """
    policy, _, rest = fullname.partition(":")
    return nodes.make_id(f"{policy}-{kind}-{rest}" if rest else f"{kind}-{policy}")


def pending_reference(kind: str, fullname: str, text: str, classes: Iterable[str] = ()
                      ) -> pending_xref:
    """A link to ``fullname`` that the domain resolves once every page is read."""
    ref = pending_xref("", refdomain="rectilaw", reftype=kind, reftarget=fullname,
                       refexplicit=True, refwarn=True)
    ref += nodes.inline(text, text, classes=["rectilaw-ref", *classes])
    return ref


class RectilawDomain(Domain):
    """Policies of audit rectification, their clauses and the rules that encode them."""

    name = "rectilaw"
    label = "rectilaw"
    object_types = {kind: ObjType(word, kind) for kind, word in KINDS.items()}  # noqa: RUF012
    roles = {kind: XRefRole() for kind in KINDS}  # noqa: RUF012
    initial_data: dict[str, Any] = {"objects": {}}  # noqa: RUF012
    data_version = 1

    @property
    def objects(self) -> dict[tuple[str, str], Target]:
        found: dict[tuple[str, str], Target] = self.data.setdefault("objects", {})
        return found

    def note_object(self, kind: str, fullname: str, title: str, node_id: str | None = None
                    ) -> None:
        """Record that the current page shows ``fullname``; warn if another page does too."""
        key = (kind, fullname)
        docname = self.env.docname
        previous = self.objects.get(key)
        if previous is not None and previous.docname != docname:
            logger.warning("%s %s is shown on %s and on %s", KINDS[kind], fullname,
                           previous.docname, docname, location=docname)
        self.objects[key] = Target(docname, node_id or anchor(kind, fullname), title)

    def clear_doc(self, docname: str) -> None:
        for key, target in list(self.objects.items()):
            if target.docname == docname:
                del self.objects[key]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key, target in otherdata["objects"].items():
            if target.docname in docnames:
                self.objects[key] = target

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: Element
                     ) -> nodes.reference | None:
        found = self.objects.get((typ, target))
        if found is None:
            return None
        title = None if node.get("refexplicit") else found.title
        child: Element = contnode if title is None else nodes.inline(title, title)
        return make_refnode(builder, fromdocname, found.docname, found.anchor, child,
                            f"{KINDS[typ]} {target}")

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: Element
                         ) -> list[tuple[str, nodes.reference]]:
        results = []
        for kind in KINDS:
            ref = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if ref is not None:
                results.append((f"rectilaw:{kind}", ref))
        return results

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for (kind, fullname), target in sorted(self.objects.items()):
            yield fullname, target.title, kind, target.docname, target.anchor, 1


def domain_of(env: BuildEnvironment) -> RectilawDomain:
    """The rectilaw domain of a build."""
    domain = env.get_domain("rectilaw")
    assert isinstance(domain, RectilawDomain)
    return domain
