"""The rule language: text → syntax tree → checked policy model.

``parser`` is the only module that imports lark; ``ast`` holds the syntax tree,
``checker`` resolves names and types and builds the ``model``; ``formatter``
prints a syntax tree back in the one canonical layout.
"""
