"""Unexpected exceptions: a log line and a non-modal dialog with details to copy.

``install()`` replaces ``sys.excepthook``; exceptions raised in Qt slots and in background
callbacks end here. The application keeps running: the dialog does not block, and a second
error while it is open is appended to the same dialog.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.log import get_logger
from faqdesk.core.version import version
from faqdesk.ui.common.panel import Panel

_log = get_logger("ui.errors")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class ErrorDialog(Panel, QDialog):
    """Says something went wrong, shows the details (copyable) and stays out of the way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(640, 380)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.retranslate()

    def add_error(self, text: str) -> None:
        current = self.details.toPlainText()
        self.details.setPlainText(f"{current}\n\n{text}" if current else text)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("FAQDesk: something went wrong"))
        self.message.setText(
            self.tr(
                "An unexpected error happened. FAQDesk keeps running, but the last action may "
                "not have finished. Please copy the details below into a bug report."
            )
        )
        self.copy_button.setText(self.tr("Copy details"))


class ErrorReporter:
    """The ``sys.excepthook`` of the running app."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self._parent = parent
        self.dialog: ErrorDialog | None = None
        self._previous: ExceptHook | None = None

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self and self._previous is not None:
            sys.excepthook = self._previous

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        _log.error("unexpected error (FAQDesk %s):\n%s", version(), details.rstrip())
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        try:
            if self.dialog is None or not self.dialog.isVisible():
                self.dialog = ErrorDialog(self._parent())
                self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.dialog.destroyed.connect(self._forget_dialog)
            self.dialog.add_error(f"FAQDesk {version()}\n{details}")
            self.dialog.show()
            self.dialog.raise_()
        except Exception:  # never let the error handler itself take the app down
            sys.__excepthook__(kind, error, tb)

    def _forget_dialog(self) -> None:
        self.dialog = None
