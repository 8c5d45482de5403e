"""The status-bar button that says how many content problems there are (hidden when none)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget


def _tr(text: str) -> str:
    # The sentences were the window's: they keep its translation context.
    return QCoreApplication.translate("MainWindow", text)


class ProblemsButton(QPushButton):
    """A flat button: "3 content problems"; the window connects ``clicked`` to its list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsButton")
        self.setFlat(True)
        self.hide()
        self._count = 0

    def set_count(self, count: int) -> None:
        self._count = count
        self.setVisible(count > 0)
        self.retranslate()

    def retranslate(self) -> None:
        if self._count == 1:
            self.setText(_tr("1 content problem"))
        else:
            self.setText(_tr("{count} content problems").format(count=self._count))
        self.setToolTip(_tr("Show the problems found in the articles"))
