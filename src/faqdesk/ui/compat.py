"""A work-around for a reference-counting bug of the Qt binding we ship with.

PySide6 6.12 on Python 3.11 hands back ``None`` (from every method returning ``void``, e.g.
``QLineEdit.setText``, and from every Python override of a ``void`` virtual such as
``keyPressEvent``) and ``True``/``False`` (from ``SignalInstance.emit``) without taking a
reference. Each call lowers the singleton's reference count by one; after some tens of
thousands of calls — minutes of normal use — Python 3.11 aborts with "none_dealloc:
deallocating None". Python 3.12 made these singletons immortal (PEP 683), which is why the
bug does not show there. ``make_singletons_immortal`` does the same on 3.11: it raises their
reference counts so far that no run can bring them to zero. They are never freed anyway.
"""

from __future__ import annotations

import ctypes
import sys

_IMMORTAL = 1 << 60
_done = False


def make_singletons_immortal() -> bool:
    """Protect ``None``, ``True``, ``False``, ``...`` and ``NotImplemented`` (CPython < 3.12).

    Idempotent; returns True when it changed something.
    """
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False, Ellipsis, NotImplemented):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: first field
        refcount.value += _IMMORTAL
    _done = True
    return True
