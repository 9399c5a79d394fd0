"""Sphinx extension: rule files rendered as pages a compliance reviewer can check.

Add ``"rectilaw.sphinx"`` to ``extensions`` in ``conf.py``.  It provides

- the ``rectilaw`` domain (:mod:`rectilaw.sphinx.domain`): policies, clauses,
  rules and parameters as link targets, with roles ``rectilaw:clause`` etc.;
- the ``rectilaw:policy`` directive (:mod:`rectilaw.sphinx.directive`): a rule
  file as a page: header, every clause beside the rules that encode it, the
  determination as a decision table and a diagram, deadlines, measures,
  parameters, gaps and assumptions, clause coverage, worked examples;
- the ``rectilaw:vocabulary`` directive: the shared schema and codes as tables;
- the ``rectilaw`` Pygments lexer, so ``.rules`` code blocks highlight.

Configuration:

``rectilaw_policy_pages``
    a folder of the documentation (e.g. ``"policies"``) where a page is written
    for every built-in policy when the build starts; empty (the default) writes none.
``rectilaw_examples_dir``
    a folder, relative to ``conf.py``, holding ``<policy>/*.yaml`` worked
    examples to render on each policy's page; empty (the default) shows none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from rectilaw.lexer import RulesLexer
from rectilaw.sphinx.directive import PolicyDirective
from rectilaw.sphinx.domain import RectilawDomain
from rectilaw.sphinx.pages import write_policy_pages
from rectilaw.sphinx.vocabulary import VocabularyDirective

__all__ = ["setup"]

_STATIC = Path(__file__).parent / "static"

#: Bumped whenever what the extension stores in the environment changes shape.
_ENV_VERSION = 1


def _config_inited(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(_STATIC))
    if config.rectilaw_policy_pages:
        write_policy_pages(Path(app.srcdir) / config.rectilaw_policy_pages)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the domain, the directives, the lexer and the stylesheet."""
    from rectilaw import __version__

    app.setup_extension("sphinx.ext.graphviz")
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
