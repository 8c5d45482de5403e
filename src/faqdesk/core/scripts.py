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


#: The invisible direction controls (embeddings, overrides, isolates, marks): a U+202E hidden in a
#: pasted message shows "ул. Ленина, д. 1\u202eevil" reversed, so they never reach stored text.
DIRECTION_CONTROLS = (
    *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C
)  # fmt: skip
_DIRECTIONS = {code: None for code in DIRECTION_CONTROLS}
_CONTROLS = {code: None for code in (*range(0x00, 0x20), *range(0x7F, 0xA0), *DIRECTION_CONTROLS)}
_CONTROLS_BUT_LINES = {code: None for code in _CONTROLS if code not in (0x09, 0x0A)}


def without_direction_controls(text: str) -> str:
    """``text`` without the invisible bidi controls, everything else kept (for checks that
    refuse other control characters with a message rather than strip them)."""
    return text.translate(_DIRECTIONS)


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` without control characters (C0, DEL, C1, bidi controls): an ESC or NUL from a
    vCard must not reach a terminal or a label. ``lines`` keeps tab and newline (for notes);
    otherwise a newline or tab becomes a space."""
    if lines:
        return text.replace("\r\n", "\n").translate(_CONTROLS_BUT_LINES)
    return text.replace("\n", " ").replace("\t", " ").translate(_CONTROLS)
