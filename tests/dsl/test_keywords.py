"""The language's words have one source, the grammar: the lists kept beside it must match.

The parser's :data:`~rectilaw.dsl.parser.KEYWORDS` (the words no name may
take) are exactly the words the grammar's rules spell out, and the
highlighter of the documentation knows every one of them, so a keyword added
to the grammar and forgotten elsewhere fails here.
"""

from __future__ import annotations

import re
from importlib import resources

from rectilaw import lexer
from rectilaw.dsl import parser


def grammar_words() -> set[str]:
    """The words the grammar's rules spell out, and its terminals that are one word
    (``STATUS: "status"``); not the words of its other terminals, nor of its word lists
    (``!header_key``, ``!type_name``, ``!unit``: rules that keep the word they match,
    words that may name things elsewhere)."""
    text = resources.files("rectilaw.dsl").joinpath("grammar.lark").read_text("utf-8")
    words: set[str] = set()
    in_terminal = False
    for line in text.splitlines():
        one_word = re.fullmatch(r'[A-Z_]+\s*:\s*"([a-z_]+)"\s*', line)
        if one_word:
            words.add(one_word.group(1))
        if line[:1].strip() and not line.startswith("//"):
            in_terminal = re.match(r"(!|[A-Z_]+(\.\d+)?\s*:)", line) is not None
        if not in_terminal:
            words.update(re.findall(r'"([a-z_]+)"', line.split("//")[0]))
    return words


def test_the_reserved_words_are_the_grammars() -> None:
    assert grammar_words() == parser.KEYWORDS


def test_the_highlighter_knows_every_word_of_the_grammar() -> None:
    highlighted = {*lexer._KEYWORDS, *lexer._OPERATOR_WORDS, *lexer._CONSTANTS, *lexer._TYPES,
                   *lexer._HEADER_KEYS, *lexer._DECLARING, "action", "yuan"}
    assert grammar_words() <= highlighted, sorted(grammar_words() - highlighted)
