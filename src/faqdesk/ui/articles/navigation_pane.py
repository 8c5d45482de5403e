"""The left pane: the category tree when the search box is empty, the results otherwise.

Results page: a count line, a clickable "did you mean …" suggestion, the ranked list
(``resultsView``) and, when nothing matches, a helpful empty state.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from faqdesk.ui.articles.category_model import CATEGORY_ID_ROLE, CategoryModel
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.search.case_section import CaseSection
from faqdesk.ui.search.result_delegate import ResultDelegate
from faqdesk.ui.search.results_model import ARTICLE_ID_ROLE, LANG_ROLE, ResultsModel, SearchResult


class _ResultsList(QListView):
    """Enter opens the current row; Up on the first row or Esc goes back to the search box."""

    activatedRow = Signal(QModelIndex)
    leaveUp = Signal()
    upFromTop = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activatedRow.emit(self.currentIndex())
            return
        if key == Qt.Key.Key_Escape:
            self.leaveUp.emit()
            return
        if key == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.upFromTop.emit()
            return
        super().keyPressEvent(event)


class _CategoryTree(QTreeView):
    activatedRow = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        index = self.currentIndex()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (
            enter
            and index.isValid()
            and (index.data(ARTICLE_ID_ROLE) or index.data(CATEGORY_ID_ROLE))
        ):
            self.activatedRow.emit(index)
            return
        super().keyPressEvent(event)


class NavigationPane(Panel, QWidget):
    """Emits ``articleActivated(id, lang)`` on Enter or a click, ``suggestionClicked(text)``
    when the user takes the "did you mean" suggestion, ``leaveUp`` to give focus back."""

    articleActivated = Signal(str, str)
    #: A category row was clicked (or Enter on it): its id.
    categoryActivated = Signal(str)
    suggestionClicked = Signal(str)
    leaveUp = Signal()
    #: A case row of the results was clicked (or Enter on it): its id.
    caseActivated = Signal(str)

    TREE_PAGE = 0
    RESULTS_PAGE = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigationPane")
        self.category_model = CategoryModel(self)
        self.results_model = ResultsModel(self)

        self.tree = _CategoryTree(self)
        self.tree.setObjectName("categoryTree")
        self.tree.setModel(self.category_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.clicked.connect(self._activate)
        self.tree.activatedRow.connect(self._activate)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        self.suggestion_label = QLabel(self)
        self.suggestion_label.setObjectName("suggestion")
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.suggestion_label.linkActivated.connect(
            lambda _link: self.suggestionClicked.emit(self._suggestion or "")
        )
        self.suggestion_label.hide()

        self.results_view = _ResultsList(self)
        self.results_view.setObjectName("resultsView")
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(ResultDelegate(self.results_view))
        self.results_view.setWordWrap(True)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.clicked.connect(self._activate)
        self.results_view.activatedRow.connect(self._activate)
        self.results_view.leaveUp.connect(self.leaveUp)
        self.results_view.upFromTop.connect(self._leave_results_up)

        # it repeats what the user typed and the notes about it: text, never HTML
        self.empty_label = plain_label(self)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.hide()

        # the cases matching the query (issue 15), hidden when none does
        self.case_section = CaseSection(self)
        self.case_section.caseActivated.connect(self.caseActivated)
        self.case_section.leaveUp.connect(self.leaveUp)
        self.case_section.leaveDown.connect(self._enter_results_from_cases)

        results_page = QWidget(self)
        layout = QVBoxLayout(results_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.case_section)
        layout.addWidget(self.count_label)
        layout.addWidget(self.suggestion_label)
        layout.addWidget(self.results_view, 1)
        layout.addWidget(self.empty_label, 1)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(results_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self._query = ""
        self._total = 0
        self._suggestion: str | None = None
        self._error: str | None = None
        self._notes: str | None = None
        self._waiting = False
        self.retranslate()

    # -- what is shown ---------------------------------------------------------------
    def show_tree(self) -> None:
        self._query = ""
        self.case_section.clear()
        self.stack.setCurrentIndex(self.TREE_PAGE)

    def showing_results(self) -> bool:
        return self.stack.currentIndex() == self.RESULTS_PAGE

    def show_waiting(self, query: str) -> None:
        """The user typed before the search index is ready: say the results are coming."""
        self._query = query
        self._total = 0
        self._suggestion = None
        self._error = None
        self._notes = None
        self._waiting = True
        self.results_model.set_results([])
        self.stack.setCurrentIndex(self.RESULTS_PAGE)
        self.results_view.hide()
        self.empty_label.show()
        self.retranslate()

    def show_results(
        self,
        query: str,
        rows: Sequence[SearchResult],
        total: int,
        suggestion: str | None,
        error: str | None = None,
        *,
        notes: str | None = None,
    ) -> None:
        """``error``: the search could not be run; ``notes``: why the query found nothing
        (an unknown filter value), shown as they are."""
        self._query = query
        self._total = total
        self._suggestion = suggestion if suggestion and suggestion != query else None
        self._error = error
        self._notes = notes
        self._waiting = False
        self.results_model.set_results(rows)
        self.stack.setCurrentIndex(self.RESULTS_PAGE)
        has_rows = bool(rows)
        self.results_view.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        if has_rows:
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        self.retranslate()

    def focus_results(self) -> None:
        if self.showing_results() and self.results_view.isHidden():
            if self.case_section.isVisible():  # no article matches, a case does
                self.case_section.focus_first()
            return
        view = self.results_view if self.showing_results() else self.tree
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not view.currentIndex().isValid() and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))

    def _leave_results_up(self) -> None:
        """Up on the first article result: to the cases above it, else to the search box."""
        if self.case_section.isVisible():
            self.case_section.focus_last()
        else:
            self.leaveUp.emit()

    def _enter_results_from_cases(self) -> None:
        if self.results_view.isVisible():
            self.results_view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))

    def suggestion(self) -> str | None:
        return self._suggestion

    # -- text ---------------------------------------------------------------------
    def retranslate(self) -> None:
        if self._waiting:
            count = ""
        elif self._total == 1:
            count = self.tr("1 article found")
        else:
            count = self.tr("{count} articles found").format(count=self._total)
        self.count_label.setText(count)
        if self._suggestion:
            text = self.tr("Did you mean {suggestion}?").format(suggestion="\x00")
            before, _, after = text.partition("\x00")
            self.suggestion_label.setText(
                f"{_escape(before)}<a href='#suggestion'>{_escape(self._suggestion)}</a>"
                f"{_escape(after)}"
            )
            self.suggestion_label.show()
        else:
            self.suggestion_label.clear()
            self.suggestion_label.hide()
        if self._waiting:
            empty = self.tr("Getting the search ready; the results will appear in a moment.")
        elif self._error:
            empty = self.tr("The search could not be run: {error}").format(error=self._error)
        elif self._notes:
            empty = self._notes
        else:
            empty = "\n\n".join(
                [
                    self.tr("No article matches “{query}”.").format(query=self._query),
                    self.tr(
                        "Try fewer or other words, e.g. 退货, delivery delay, or a tracking "
                        "number; check the spelling; or clear the box (Esc) to browse the "
                        "categories."
                    ),
                ]
            )
        self.empty_label.setText(empty)

    def _activate(self, index: QModelIndex | QPersistentModelIndex) -> None:
        article_id = index.data(ARTICLE_ID_ROLE)
        if article_id:
            self.articleActivated.emit(str(article_id), str(index.data(LANG_ROLE) or ""))
        elif index.data(CATEGORY_ID_ROLE):
            self.categoryActivated.emit(str(index.data(CATEGORY_ID_ROLE)))


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
