"""Start the desktop application: one instance per user, translations, error dialog, window."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faqdesk.core.search.knowledge_base import SearchResults
    from faqdesk.ui.common.clock import Clock
    from faqdesk.ui.main_window import MainWindow

#: ``--self-test`` gives up when search is not ready after this long (exit code 1).
SELF_TEST_TIMEOUT_S = 300.0


def run_app(
    argv: Sequence[str] = (), *, self_test: bool = False, started: float | None = None
) -> int:
    """Open the FAQDesk window and run the Qt event loop; returns the exit code.

    ``FAQDESK_STARTUP_REPORT=1`` prints ``painted <t>`` and ``search-ready <t>`` to stdout
    (``t``: Unix time in seconds, so the caller subtracts the moment it started the
    process); with ``FAQDESK_QUIT_WHEN_READY=1`` the app quits once search is ready. The
    start-up benchmark uses both.

    ``self_test``: open the window, wait until it has painted and search is ready, print
    how long each took since ``started`` (a ``time.perf_counter()`` value; None: now) and
    quit: 0 when both happened, 1 when search failed or was not ready in time. It does not
    look for, nor become, the running instance.
    """
    started = time.perf_counter() if started is None else started
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from faqdesk.core.paths import APP_AUTHOR, APP_NAME
    from faqdesk.core.version import version
    from faqdesk.ui import create_main_window
    from faqdesk.ui.common.errors import ErrorReporter
    from faqdesk.ui.common.first_paint import after_first_paint
    from faqdesk.ui.common.single_instance import SingleInstance
    from faqdesk.ui.main_window import app_icon

    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    QGuiApplication.setDesktopFileName("faqdesk")
    app = QApplication.instance() or QApplication(["faqdesk", *argv])
    assert isinstance(app, QApplication)
    app.setWindowIcon(app_icon())
    use_cjk_fallback_fonts(app)

    instance = SingleInstance(parent=app)
    if not self_test and not instance.claim():
        print("FAQDesk is already running; brought its window to the front.")
        return 0
    from faqdesk.core.search.early_build import start_index_build

    # no index yet (a cleared cache, the bundle's first start): it is built in another
    # process while the window starts
    index_build = start_index_build()

    window = create_main_window()
    if index_build is not None:
        build = index_build
        window.search.wait_before_opening(lambda stopping: build.wait(stop=stopping))
    # importlib.metadata (0.03 s) is read once the window is painted
    after_first_paint(window, lambda: QCoreApplication.setApplicationVersion(version()))
    reporter = ErrorReporter(lambda: window)
    reporter.install()
    instance.activateRequested.connect(window.bring_to_front)

    report = os.environ.get("FAQDESK_STARTUP_REPORT") == "1"
    quit_when_ready = os.environ.get("FAQDESK_QUIT_WHEN_READY") == "1"
    outcome = SelfTest(window, started) if self_test else None
    if report and outcome is None:
        _report_start_up(window, quit_when_ready)

    window.show()
    code = int(app.exec())
    if outcome is not None:
        code = outcome.exit_code()
    instance.close()  # first: a new launch starts while this one finishes its work
    window.shutdown()
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


def use_cjk_fallback_fonts(app: object) -> None:
    """Chinese text in the UI uses Noto Sans CJK SC, else Microsoft YaHei (Windows), else
    PingFang SC (macOS), whichever is installed; Latin text keeps the system's UI font."""
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from faqdesk.ui.common.compat import ui_font_families

    assert isinstance(app, QApplication)
    font = app.font()
    families = ui_font_families(font.family(), QFontDatabase.families())
    if families != [font.family()]:
        font.setFamilies(families)
        app.setFont(font)


class SelfTest:
    """``faqdesk --self-test``: waits for the first paint and for search to be ready (or to
    fail), prints the figures and quits the application."""

    def __init__(
        self,
        window: MainWindow,
        started: float,
        *,
        timeout_s: float = SELF_TEST_TIMEOUT_S,
        quit: Callable[[], object] | None = None,
    ) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication

        self.window = window
        self.timeout_s = timeout_s
        self._quit = quit or QApplication.quit
        self.started = started
        self.painted_s: float | None = None
        self.ready_s: float | None = None
        self.failed = False
        #: the probe search once ready (an article's title), its hits and what went wrong
        self.query: str | None = None
        self.found: int | None = None
        self.search_error: str | None = None
        self.done = False
        test = self

        class _PaintWatcher(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if test.painted_s is None and event.type() == QEvent.Type.Paint:
                    QTimer.singleShot(0, test._on_painted)  # after this paint is handled
                return False

        self._watcher = _PaintWatcher(window)
        window.installEventFilter(self._watcher)
        window.searchStateChanged.connect(self._on_search_state)
        self._timeout = QTimer(window)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._finish)
        self._timeout.start(int(timeout_s * 1000))
        if window.is_search_ready() or window.search_failed is not None:  # before we watched
            self._on_search_state(window.search_failed is None)

    def _on_painted(self) -> None:
        if self.painted_s is None and not self.done:
            self.painted_s = time.perf_counter() - self.started
            self._finish_when_done()

    def _on_search_state(self, ok: bool) -> None:
        if self.done or self.ready_s is not None:  # the first outcome counts
            return
        self.ready_s = time.perf_counter() - self.started
        self.failed = not ok
        self._finish_when_done()

    def _finish_when_done(self) -> None:
        if self.painted_s is None or self.ready_s is None:
            return
        if not self.failed and self.query is None:
            # a search as a keystroke runs it: an index that opens is not yet a search that
            # works (a bundle once lacked a library the scores need)
            self.query = self.window.search.probe(self._on_probe, self._on_probe_failed)
            if self.query is not None:
                return
        self._finish()

    def _on_probe(self, results: SearchResults) -> None:
        if self.done:  # too late: the verdict was printed (the time ran out)
            return
        self.found = results.total if results.hits else 0
        self.search_error = None if results.hits else results.error
        self._finish()

    def _on_probe_failed(self, error: BaseException) -> None:
        if self.done:
            return
        self.found = 0
        self.search_error = f"{type(error).__name__}: {error}"
        self._finish()

    def _finish(self) -> None:
        from PySide6.QtCore import QTimer

        if self.done:
            return
        self.done = True
        self._timeout.stop()
        self.window.removeEventFilter(self._watcher)
        print(self.summary(), flush=True)
        QTimer.singleShot(0, self._quit)

    def _searched(self) -> bool:
        """The probe search found something, or there was nothing to search for."""
        return self.query is None or bool(self.found)

    def exit_code(self) -> int:
        ok = self.painted_s is not None and self.ready_s is not None and not self.failed
        return 0 if ok and self._searched() else 1

    def summary(self) -> str:
        from faqdesk.core import text

        if self.exit_code() == 0:
            library = self.window.search.library
            passed = text.render(
                "cli.self_test.passed",
                painted=self.painted_s or 0.0,
                ready=self.ready_s or 0.0,
                articles=len(library.articles) if library is not None else 0,
            )
            if self.query is None:
                return passed
            searched = text.render("cli.self_test.searched", query=self.query, hits=self.found)
            return f"{passed}; {searched}"
        if self.failed:
            return text.render(
                "cli.self_test.search_failed", reason=self.window.search.failed or "?"
            )
        if self.painted_s is None:
            return text.render("cli.self_test.not_painted", seconds=self.timeout_s)
        if self.ready_s is None:
            return text.render("cli.self_test.not_ready", seconds=self.timeout_s)
        if self.found is None:
            return text.render(
                "cli.self_test.search_unfinished", query=self.query, seconds=self.timeout_s
            )
        if self.search_error:
            return text.render(
                "cli.self_test.search_broken", query=self.query, reason=self.search_error
            )
        return text.render("cli.self_test.found_nothing", query=self.query)
