"""Sphinx configuration of the rectilaw documentation."""

from __future__ import annotations

import rectilaw

project = "rectilaw"
author = "rectilaw developers"
copyright = "rectilaw developers"
release = rectilaw.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "rectilaw.sphinx",
]

language = "en"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Policy pages: one per built-in rule file, with its worked examples.
rectilaw_policy_pages = "policies"
rectilaw_examples_dir = "../tests/policies"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}

html_theme = "furo"
html_title = f"rectilaw {release}"
html_static_path: list[str] = []
html_search_language = "zh"
_SANS = ('-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, "Noto Sans CJK SC", '
         '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif')
_MONO = ('SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", '
         '"Noto Sans CJK SC", monospace')
html_theme_options = {
    "light_css_variables": {"font-stack": _SANS, "font-stack--monospace": _MONO},
    "dark_css_variables": {"font-stack": _SANS, "font-stack--monospace": _MONO},
}
