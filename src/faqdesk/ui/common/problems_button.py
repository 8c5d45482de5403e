"""The status-bar button that says how many content problems there are (hidden when none)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget


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
        # The sentences were the window's: they keep its translation context.
        translate = QCoreApplication.translate
        if self._count == 1:
            self.setText(translate("MainWindow", "1 content problem"))
        else:
            text = translate("MainWindow", "{count} content problems")
            self.setText(text.format(count=self._count))
        self.setToolTip(translate("MainWindow", "Show the problems found in the articles"))
