"""The list of content problems (``file: what is wrong``), non-modal, copyable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.problems import Problem
from faqdesk.ui.common.panel import Panel


class ProblemsDialog(Panel, QDialog):
    """Shows one line per problem; "Copy all" puts them on the clipboard."""

    def __init__(self, problems: Sequence[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsDialog")
        self.resize(640, 360)
        self._problems = list(problems)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("problemsList")
        self.list.addItems([str(problem) for problem in self._problems])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.retranslate()

    def lines(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.lines()))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Content problems"))
        if self._problems:
            self.intro.setText(
                self.tr(
                    "These files could not be used as they are. Everything else loaded; "
                    "fix the files and restart FAQDesk."
                )
            )
        else:
            self.intro.setText(self.tr("No problems: every article loaded."))
        self.copy_button.setText(self.tr("Copy all"))
