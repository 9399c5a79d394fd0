"""Sphinx extension: rule files rendered as pages a compliance reviewer can check.

Add ``"rectilaw.sphinx"`` to ``extensions`` in ``conf.py``.  It provides

- the ``rectilaw`` domain (:mod:`rectilaw.sphinx.domain`): policies, clauses,
  rules and parameters as link targets, with roles ``rectilaw:clause`` etc.;
- the ``rectilaw:policy`` directive (:mod:`rectilaw.sphinx.directive`): a rule
  file as a page: header, every clause beside the rules that encode it, the
  determination as a decision table and a diagram, deadlines, measures,
  parameters, gaps and assumptions, clause coverage, worked examples;
- the ``rectilaw:vocabulary`` directive: the shared schema and codes as tables;
- the ``rectilaw`` Pygments lexer, so ``.rules`` code blocks highlight;
- diagrams drawn as SVG at build time (:mod:`rectilaw.sphinx.diagrams`): no
  Graphviz or other system tool is needed, and no script runs when a page is read.

Configuration:

``rectilaw_policy_pages``
    a folder of the documentation (e.g. ``"policies"``) where pages are written
    for every built-in policy when the build starts (``<folder>/<policy>/index``
    and a page per part); empty (the default) writes none.
``rectilaw_examples_dir``
    a folder, relative to ``conf.py``, holding ``<policy>/*.yaml`` worked
    examples to render on each policy's page; empty (the default) shows none.
"""

from __future__ import annotations

import logging as py_logging
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from rectilaw.lexer import RulesLexer
from rectilaw.sphinx.directive import PolicyDirective
from rectilaw.sphinx.domain import RectilawDomain
from rectilaw.sphinx.figures import setup_figures
from rectilaw.sphinx.pages import write_policy_pages
from rectilaw.sphinx.vocabulary import VocabularyDirective

__all__ = ["setup"]

logger = logging.getLogger(__name__)

_STATIC = Path(__file__).parent / "static"

#: Bumped whenever what the extension stores in the environment changes shape.
_ENV_VERSION = 1


def _chinese_search(config: Config) -> None:
    """Chinese words are indexed for search only with jieba: say so where it is missing."""
    if not str(config.html_search_language or "").startswith("zh"):
        return
    try:
        import jieba  # type: ignore[import-untyped]
    except ImportError:
        logger.warning("rectilaw: jieba is not installed, so search finds no Chinese words "
                       "(install the docs extra: pip install 'rectilaw[docs]')")
        return
    jieba.setLogLevel(py_logging.WARNING)  # it reports loading its dictionary on stderr


def _config_inited(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(_STATIC))
    _chinese_search(config)
    if config.rectilaw_policy_pages:
        examples = (Path(app.confdir) / config.rectilaw_examples_dir
                    if config.rectilaw_examples_dir else None)
        write_policy_pages(Path(app.srcdir) / config.rectilaw_policy_pages, examples)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the domain, the directives, the lexer and the stylesheet."""
    from rectilaw import __version__

    setup_figures(app)
    app.add_config_value("rectilaw_policy_pages", "", "env", types=[str])
    app.add_config_value("rectilaw_examples_dir", "", "env", types=[str])
    app.add_domain(RectilawDomain)
    app.add_directive_to_domain("rectilaw", "policy", PolicyDirective)
    app.add_directive_to_domain("rectilaw", "vocabulary", VocabularyDirective)
    app.add_lexer("rectilaw", RulesLexer)
    app.add_css_file("rectilaw.css")
    app.connect("config-inited", _config_inited)
    return {
        "version": __version__,
        "env_version": _ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
