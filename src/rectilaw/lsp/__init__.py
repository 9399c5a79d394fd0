"""Editor support: the rectilaw language server (``rectilaw lsp``).

The server (:mod:`rectilaw.lsp.server`) needs pygls, the ``lsp`` extra; the
rest of this package does not, and works on text, syntax trees and checked
models:

- :mod:`~rectilaw.lsp.adapter`: the one place that calls into the parser,
  checker, analysis, formatter, readings and worked examples;
- :mod:`~rectilaw.lsp.symbols`: every name in a file, declared and used;
- :mod:`~rectilaw.lsp.hover`, :mod:`~rectilaw.lsp.completion`,
  :mod:`~rectilaw.lsp.outline`: what the editor shows;
- :mod:`~rectilaw.lsp.analysis`: the consistency analysis in a worker
  process, within a time budget.
"""
