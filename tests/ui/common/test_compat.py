"""The binding guard: many Qt calls never exhaust None/True (PySide6 6.12.0 on Python 3.11)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_the_guard_protects_the_singletons_exactly_when_the_binding_loses_references() -> None:
    """Run in a fresh process (the guard changes the process for good): told the binding is
    sound, the guard leaves ``None`` alone; told it loses references, it makes ``None`` and
    ``True`` immortal on Python 3.11, and does nothing on 3.12+ (they already are)."""
    script = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from faqdesk.ui.common import compat
        compat._checked = False
        compat.binding_loses_references = lambda: False
        print(compat.make_singletons_immortal(), sys.getrefcount(None) > compat._IMMORTAL)
        compat._checked = False
        compat.binding_loses_references = lambda: True
        changed = compat.make_singletons_immortal()
        print(changed, sys.getrefcount(None) > compat._IMMORTAL,
              sys.getrefcount(True) > compat._IMMORTAL)
        print(compat.make_singletons_immortal())  # checked once
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.split("\n")
    assert lines[0] == "False False"
    if sys.version_info < (3, 12):
        assert lines[1] == "True True True"
    else:
        assert lines[1].startswith("False")
    assert lines[2] == "False"


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
