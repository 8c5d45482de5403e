"""The Qt binding must not leak references to Python singletons.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every Qt call that
returns nothing; after some minutes of use the interpreter aborted ("none_dealloc").
pyproject.toml excludes it; this test fails if such a binding comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.update()
    after = sys.getrefcount(None)
    # Other Python code may hold or release a few references meanwhile; a leak is 1 per call.
    assert after - before > -100
