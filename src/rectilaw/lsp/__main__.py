"""``python -m rectilaw.lsp``: the same as ``rectilaw lsp``."""

from __future__ import annotations

import sys

from rectilaw.cli import main

if __name__ == "__main__":
    sys.exit(main(["lsp", *sys.argv[1:]]))
