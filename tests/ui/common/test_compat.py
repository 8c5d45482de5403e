"""The binding guard: many Qt calls never exhaust None/True (PySide6 6.12.0 on Python 3.11)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from pytestqt.qtbot import QtBot

from faqdesk.ui.common import compat
from faqdesk.ui.common.compat import make_singletons_immortal


def test_singletons_survive_many_void_calls_and_emits(qtbot: QtBot) -> None:
    """On an affected binding the calls still lower the counts (the checks on the change
    allow for that); what protects the process is that the guard has raised the counts of
    ``None`` and ``True`` far beyond anything a session can take away."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLineEdit

    class Probe(QObject):
        ping = Signal()

    make_singletons_immortal()
    edit = QLineEdit()
    probe = Probe()
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20_000):
        edit.setText("x")
        probe.ping.emit()
    assert sys.getrefcount(None) - before_none > -25_000
    assert sys.getrefcount(True) - before_true > -25_000
    # The real guarantee: a binding that loses references has had the singletons protected.
    loses_references = compat.binding_loses_references()
    assert not loses_references or sys.getrefcount(None) > compat._IMMORTAL
    assert not loses_references or sys.getrefcount(True) > compat._IMMORTAL


def test_a_long_session_of_qt_calls_does_not_abort_the_process() -> None:
    script = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import faqdesk.ui  # applies the work-around
        from PySide6.QtWidgets import QApplication, QLineEdit
        app = QApplication([])
        edit = QLineEdit()
        for _ in range(300_000):
            edit.setText("x")
        print("alive")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "alive"
