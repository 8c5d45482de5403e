"""Differences between platforms and Qt binding releases the UI must work around.

Fonts: Chinese text falls back to the CJK font each platform has (:func:`ui_font_families`).

A guard against a reference-counting bug of one Qt binding release.

PySide6 6.12.0 on Python 3.11 hands back ``None`` (from every method returning ``void``, e.g.
``QLineEdit.setText``, and from Python overrides of ``void`` virtuals) and ``True``/``False``
(from ``SignalInstance.emit``) without taking a reference. Each call lowers the singleton's
reference count by one; after minutes of normal use Python 3.11 aborts with "none_dealloc:
deallocating None". pyproject.toml excludes that release, but an environment may still have
it. Python 3.12 made these singletons immortal (PEP 683); on an affected binding
``make_singletons_immortal`` does the same on 3.11, raising their reference counts so far
that no run can bring them to zero (they are never freed anyway). On a sound binding it
changes nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterable

#: Fonts for Chinese text, best first: Noto Sans CJK SC (Linux), Microsoft YaHei (Windows),
#: PingFang SC (macOS).
CJK_UI_FONTS = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC")


def ui_font_families(ui_family: str, installed: Iterable[str]) -> list[str]:
    """The UI font's family list: the system's UI font first (Latin and Cyrillic text), then
    the installed CJK fonts of :data:`CJK_UI_FONTS` in their order, for the characters the
    first lacks. ``installed``: the families the font database knows."""
    have = {family.casefold() for family in installed}
    fallbacks = [f for f in CJK_UI_FONTS if f.casefold() in have and f != ui_family]
    return [ui_family, *fallbacks]


_IMMORTAL = 1 << 60
_checked = False


def binding_loses_references() -> bool:
    """True when void Qt calls lower the reference count of ``None`` (probe: 200 calls)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        probe.setObjectName("probe")
    return sys.getrefcount(None) - before < -100


def make_singletons_immortal() -> bool:
    """On an affected binding under CPython < 3.12, protect ``None``, ``True``, ``False``,
    ``...`` and ``NotImplemented``. Checked once; returns True when it changed something."""
    global _checked
    if _checked or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    _checked = True
    if not binding_loses_references():
        return False
    for singleton in (None, True, False, Ellipsis, NotImplemented):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: first field
        refcount.value += _IMMORTAL
    return True
