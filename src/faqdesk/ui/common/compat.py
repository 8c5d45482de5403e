"""A guard against a reference-counting bug of one Qt binding release.

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
