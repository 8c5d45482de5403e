"""The start page (objectName ``startPage``): shown at first start and on Home (Alt+Home).

The four problems sellers meet most as large buttons that open their guides, what to have
ready before contacting support (with the Russian label an agent will ask for), the call
verdict of the contact panel in one line, a "Write to support" button, the recently read
articles and the bookmarks. Every text that comes from content or the user is plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.text import render
from faqdesk.ui.common import i18n
from faqdesk.ui.common.labels import plain_label, plain_tooltip
from faqdesk.ui.common.panel import Panel

#: The four problem buttons: (catalog key, article id of the guide).
PROBLEMS: tuple[tuple[str, str], ...] = (
    ("content.reader.start.problem.delay", "delivery-delay"),
    ("content.reader.start.problem.lost", "lost-or-damaged-parcel"),
    ("content.reader.start.problem.returns", "returns-and-exchanges"),
    ("content.reader.start.problem.address", "wrong-address"),
)

#: What to have ready before contacting support: (catalog key; its key + ".ru" is the Russian).
CHECKLIST: tuple[str, ...] = (
    "content.reader.start.item.order",
    "content.reader.start.item.posting",
    "content.reader.start.item.tracking",
    "content.reader.start.item.photos",
    "content.reader.start.item.documents",
)

_ID_ROLE = Qt.ItemDataRole.UserRole
_LANG_ROLE = Qt.ItemDataRole.UserRole + 1

#: An entry of the recent or bookmarks list: (article id, language, title).
Entry = tuple[str, str, str]


def _text(key: str, **params: object) -> str:
    return render(key, i18n.language(), **params)


class _ArticleList(QListWidget):
    """A short list of articles; a click or Enter opens one."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # the full title is the tooltip
        self.setUniformItemSizes(True)
        self.setMinimumHeight(100)
        self.setMaximumHeight(220)

    def set_entries(self, entries: Sequence[Entry]) -> None:
        self.clear()
        for article_id, lang, title in entries:
            item = QListWidgetItem(title)  # an item's text is never rich text
            item.setToolTip(plain_tooltip(title))
            item.setData(_ID_ROLE, article_id)
            item.setData(_LANG_ROLE, lang)
            self.addItem(item)


class StartPage(Panel, QScrollArea):
    """Emits ``articleRequested(id, lang)`` (lang "" for the UI language) and
    ``composeRequested("")`` for the "Write to support" button."""

    articleRequested = Signal(str, str)
    composeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        column = QWidget(self)
        column.setObjectName("startColumn")
        column.setMaximumWidth(760)
        outer = QWidget(self)
        centre = QHBoxLayout(outer)
        centre.addStretch(1)
        centre.addWidget(column, 100)
        centre.addStretch(1)
        self.setWidget(outer)
        layout = QVBoxLayout(column)
        layout.setSpacing(12)

        self.title = QLabel(column)
        self.title.setObjectName("startTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)

        layout.addLayout(self._problem_grid(column))

        self.verdict = plain_label(column)
        self.verdict.setObjectName("startVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        self.compose_button = QPushButton(column)
        self.compose_button.setObjectName("startCompose")
        self.compose_button.clicked.connect(lambda: self.composeRequested.emit(""))
        row = QHBoxLayout()
        row.addWidget(self.verdict, 1)
        row.addWidget(self.compose_button)
        layout.addLayout(row)

        self.checklist_title = QLabel(column)
        self.checklist_title.setObjectName("checklistTitle")
        layout.addWidget(self.checklist_title)
        self.checklist: list[QLabel] = []
        for _key in CHECKLIST:
            label = plain_label(column)
            label.setObjectName("checklistItem")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
            self.checklist.append(label)

        lists = QGridLayout()
        self.recent_title = QLabel(column)
        self.bookmarks_title = QLabel(column)
        self.recent_list = _ArticleList("recentList", column)
        self.bookmark_list = _ArticleList("bookmarkList", column)
        self.recent_empty = plain_label(column)
        self.bookmarks_empty = plain_label(column)
        for number, (title, view, empty) in enumerate(
            (
                (self.recent_title, self.recent_list, self.recent_empty),
                (self.bookmarks_title, self.bookmark_list, self.bookmarks_empty),
            )
        ):
            empty.setWordWrap(True)
            lists.addWidget(title, 0, number)
            lists.addWidget(view, 1, number)
            lists.addWidget(empty, 2, number)
            view.itemActivated.connect(self._open_item)
            view.itemClicked.connect(self._open_item)
        layout.addLayout(lists)
        layout.addStretch(1)
        self._titles: dict[str, str] = {}
        self.retranslate()

    def _problem_grid(self, column: QWidget) -> QGridLayout:
        """The four problems as large buttons, two by two."""
        grid = QGridLayout()
        self.problem_buttons: dict[str, QPushButton] = {}
        for number, (_key, article_id) in enumerate(PROBLEMS):
            button = QPushButton(column)
            button.setObjectName(f"problem-{article_id}")
            button.setMinimumHeight(56)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            big = button.font()
            big.setPointSizeF(big.pointSizeF() * 1.25)
            button.setFont(big)
            button.clicked.connect(
                lambda _checked=False, target=article_id: self.articleRequested.emit(target, "")
            )
            grid.addWidget(button, number // 2, number % 2)
            self.problem_buttons[article_id] = button
        return grid

    # -- what is shown ------------------------------------------------------------
    def set_problem_titles(self, titles: dict[str, str]) -> None:
        """The guides' titles (article id -> title), shown as each button's tooltip."""
        self._titles = dict(titles)
        self.retranslate()

    def set_verdict(self, text: str) -> None:
        """The contact panel's call verdict in one line (empty: the line is hidden)."""
        line = " ".join(text.split())
        self.verdict.setText(line)
        self.verdict.setVisible(bool(line))

    def set_recent(self, entries: Sequence[Entry]) -> None:
        self.recent_list.set_entries(entries)
        self._update_empty()

    def set_bookmarks(self, entries: Sequence[Entry]) -> None:
        self.bookmark_list.set_entries(entries)
        self._update_empty()

    def _update_empty(self) -> None:
        self.recent_list.setVisible(self.recent_list.count() > 0)
        self.recent_empty.setVisible(self.recent_list.count() == 0)
        self.bookmark_list.setVisible(self.bookmark_list.count() > 0)
        self.bookmarks_empty.setVisible(self.bookmark_list.count() == 0)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.articleRequested.emit(str(item.data(_ID_ROLE)), str(item.data(_LANG_ROLE) or ""))

    # -- text ---------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(_text("content.reader.start.title"))
        for key, article_id in PROBLEMS:
            button = self.problem_buttons[article_id]
            button.setText(_text(key))
            button.setToolTip(plain_tooltip(self._titles.get(article_id, "")))
        self.compose_button.setText(_text("content.reader.compose"))
        self.checklist_title.setText(_text("content.reader.start.checklist"))
        for key, label in zip(CHECKLIST, self.checklist, strict=True):
            label.setText(
                _text("content.reader.start.item", label=_text(key), russian=_text(key + ".ru"))
            )
        self.recent_title.setText(_text("content.reader.start.recent"))
        self.bookmarks_title.setText(_text("content.reader.start.bookmarks"))
        self.recent_empty.setText(_text("content.reader.start.no_recent"))
        self.bookmarks_empty.setText(_text("content.reader.start.no_bookmarks"))
        self._update_empty()
