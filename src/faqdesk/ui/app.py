"""Start the desktop application: one instance per user, translations, error dialog, window."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faqdesk.ui.common.clock import Clock


def run_app(argv: Sequence[str] = ()) -> int:
    """Open the FAQDesk window and run the Qt event loop; returns the exit code.

    ``FAQDESK_STARTUP_REPORT=1`` prints ``painted <t>`` and ``search-ready <t>`` to stdout
    (``t``: Unix time in seconds, so the caller subtracts the moment it started the
    process); with ``FAQDESK_QUIT_WHEN_READY=1`` the app quits once search is ready. The
    start-up benchmark uses both.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from faqdesk.core.paths import APP_AUTHOR, APP_NAME
    from faqdesk.core.version import version
    from faqdesk.ui import create_main_window
    from faqdesk.ui.common.errors import ErrorReporter
    from faqdesk.ui.common.single_instance import SingleInstance
    from faqdesk.ui.main_window import app_icon

    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(version())
    QGuiApplication.setDesktopFileName("faqdesk")
    app = QApplication.instance() or QApplication(["faqdesk", *argv])
    assert isinstance(app, QApplication)
    app.setWindowIcon(app_icon())

    instance = SingleInstance(parent=app)
    if not instance.claim():
        print("FAQDesk is already running; brought its window to the front.")
        return 0

    window = create_main_window()
    reporter = ErrorReporter(lambda: window)
    reporter.install()
    instance.activateRequested.connect(window.bring_to_front)

    report = os.environ.get("FAQDESK_STARTUP_REPORT") == "1"
    quit_when_ready = os.environ.get("FAQDESK_QUIT_WHEN_READY") == "1"
    if report:
        _report_start_up(window, quit_when_ready)

    window.show()
    code = int(app.exec())
    window.shutdown()
    instance.close()
    reporter.uninstall()
    return code


def _report_start_up(window: object, quit_when_ready: bool) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from faqdesk.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    main_window = window

    class _PaintWatcher(QObject):
        def __init__(self) -> None:
            super().__init__(main_window)
            self.done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                # Reported after this paint event is handled: the frame is on screen.
                QTimer.singleShot(0, lambda: _say("painted", main_window.clock))
            return False

    watcher = _PaintWatcher()
    window.installEventFilter(watcher)

    def on_ready(ok: bool) -> None:
        _say("search-ready" if ok else "search-failed", main_window.clock)
        if quit_when_ready:
            QTimer.singleShot(0, QApplication.quit)

    window.searchStateChanged.connect(on_ready)


def _say(what: str, clock: Clock) -> None:
    print(f"{what} {clock.now().timestamp():.4f}", flush=True)
