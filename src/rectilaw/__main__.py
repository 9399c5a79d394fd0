"""``python -m rectilaw``: the ``rectilaw`` command, where the script is not on PATH."""

from rectilaw.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
