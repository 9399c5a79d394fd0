"""Diagrams in the built pages: an SVG file beside the page, shown scaled, linked in full.

A :class:`diagram` node carries the SVG text drawn at read time
(:mod:`rectilaw.sphinx.diagrams`) and its alternative text.  The HTML writer
stores the SVG under ``_images/`` named by its content (so an unchanged diagram
keeps its name and a parallel build writes each once), shows it as an image
scaled to the column, and links to the file so that a reader on a narrow screen
can open it at full size.  Other writers show the alternative text.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxTranslator

__all__ = ["diagram", "diagram_node", "setup_figures"]


class diagram(nodes.General, nodes.Element):
    """An SVG diagram; its one child is a paragraph with the alternative text."""


def diagram_node(svg: str, alt: str) -> diagram:
    """A diagram of ``svg`` (a standalone SVG document) described by ``alt``."""
    node = diagram("", nodes.paragraph(alt, alt, classes=["rectilaw-diagram-alt"]),
                   svg=svg, alt=alt, classes=["rectilaw-diagram"])
    return node


_SIZE = re.compile(r'<svg[^>]*\swidth="([0-9.]+)"[^>]*\sheight="([0-9.]+)"')


def _store(translator: SphinxTranslator, svg: str) -> str:
    """Write ``svg`` among the built images once; its URI relative to the page."""
    builder: Any = translator.builder
    name = f"rectilaw-{hashlib.sha256(svg.encode('utf-8')).hexdigest()[:20]}.svg"
    folder = Path(builder.outdir) / builder.imagedir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.is_file() or path.read_text("utf-8") != svg:
        path.write_text(svg, "utf-8")
    return posixpath.join(builder.imgpath, name)


def _visit_html(translator: Any, node: diagram) -> None:
    svg: str = node["svg"]
    uri = _store(translator, svg)
    alt = translator.attval(node["alt"])
    size = _SIZE.search(svg)
    dimensions = f' width="{size.group(1)}" height="{size.group(2)}"' if size else ""
    translator.body.append(
        '<figure class="rectilaw-diagram">'
        f'<a class="rectilaw-diagram-image" href="{uri}" title="{alt}">'
        f'<img src="{uri}" alt="{alt}"{dimensions}></a>'
        f'<figcaption><a href="{uri}">查看原图 · Open the full diagram (SVG)</a></figcaption>'
        "</figure>\n")
    raise nodes.SkipNode


def _visit_other(translator: Any, node: diagram) -> None:
    """Writers without images show the alternative text (the node's paragraph)."""


def _depart_other(translator: Any, node: diagram) -> None:
    pass


def setup_figures(app: Sphinx) -> None:
    """Register the node with every writer Sphinx ships."""
    other = (_visit_other, _depart_other)
    app.add_node(diagram, html=(_visit_html, None), latex=other, text=other, man=other,
                 texinfo=other)
