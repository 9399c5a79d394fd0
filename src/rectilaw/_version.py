"""The version of rectilaw, written once: the build reads it from here.

This module imports nothing, so that ``rectilaw --version`` and the build
backend can read it without loading the package.
"""

__version__ = "0.1.0"
