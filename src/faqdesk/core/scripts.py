"""Writing systems: the one definition of which characters are Chinese.

``HAN_CLASS`` is the body of a regular-expression character class (use it as ``[{HAN_CLASS}]``):
the CJK Unified Ideographs, Extension A, the compatibility ideographs and the supplementary
planes' extensions. ``CJK_CLASS`` adds what runs between Chinese words in a text: CJK
punctuation, kana and full-width forms. jieba keeps its own, narrower class; code that mirrors
jieba says so and keeps jieba's.
"""

from __future__ import annotations

import re

HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_CLASS = HAN_CLASS + "\u3000-\u303f\u3040-\u30ff\uff00-\uffef"

HAN_RE = re.compile(f"[{HAN_CLASS}]")
CJK_RE = re.compile(f"[{CJK_CLASS}]")


def has_han(text: str) -> bool:
    """True when ``text`` holds at least one Chinese character."""
    return HAN_RE.search(text) is not None


_CONTROLS = {code: None for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
_CONTROLS_BUT_LINES = {code: None for code in _CONTROLS if code not in (0x09, 0x0A)}


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` without control characters (C0, DEL, C1): an ESC or NUL from a vCard must not
    reach a terminal or a label. ``lines`` keeps tab and newline (for notes); otherwise a
    newline or tab becomes a space."""
    if lines:
        return text.replace("\r\n", "\n").translate(_CONTROLS_BUT_LINES)
    return text.replace("\n", " ").replace("\t", " ").translate(_CONTROLS)
