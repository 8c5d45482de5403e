"""Reading the cases for the Cases pane in the background (the one helper,
:class:`~faqdesk.ui.common.background.Background`): on the first read, the most urgent page and
the counts come first, so the pane paints its top rows at once; every open case is read once
those rows were painted, or soon after when the pane is hidden (a Python worker would otherwise
share the interpreter with the painting).

A newer read supersedes an older one; once the pane is destroyed no read reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from faqdesk.core.cases.model import Case
from faqdesk.core.cases.store import CaseStore
from faqdesk.ui.common.background import Background

#: How many of the most urgent cases the first read brings (a few screens of rows).
PAGE = 60
_PAGE, _ALL = "cases.page", "cases.all"
#: The rest is read once the page's rows were painted, at the latest this long after it came.
_REST_AT_LATEST_MS = 250


@dataclass(frozen=True)
class FirstPage:
    """The most urgent open cases, how many are open, and how many of them are overdue."""

    cases: list[Case]
    total: int
    overdue: int


class CaseReader(QObject):
    """Signals (on the UI thread): ``pageRead(FirstPage)``, ``allRead(list[Case])``,
    ``failed(BaseException)``."""

    pageRead = Signal(object)
    allRead = Signal(object)
    failed = Signal(object)

    def __init__(self, pane: QObject) -> None:
        super().__init__(pane)
        self.store: CaseStore | None = None
        self._rest: Callable[[], None] | None = None  # reads the rest, once the page is shown
        self._painted: Callable[[], bool] = lambda: True
        self._background = Background(parent=self)
        # Dropped before anything of the pane goes: a read still under way must not reach it.
        pane.destroyed.connect(lambda *_args, bg=self._background: _drop(bg))

    def read(self, now: datetime, *, first_page: bool) -> None:
        """Read the open cases (first the page and counts at ``now`` when ``first_page``)."""
        store = self.store
        if store is None:
            return
        if not first_page:
            self._read_all(store)
            return
        self._background.supersede(_ALL)

        def shown(page: FirstPage) -> None:
            self._rest = lambda: self._read_all(store)
            self.pageRead.emit(page)
            QTimer.singleShot(_REST_AT_LATEST_MS, self, self._read_rest)

        self._background.run(
            lambda: FirstPage(store.open_by_urgency(PAGE), *store.open_count(now)),
            shown,
            self.failed.emit,
            key=_PAGE,
        )

    def watch(self, viewport: QWidget, painted: Callable[[], bool]) -> None:
        """Read the rest once ``viewport`` (the list's) was painted and ``painted()`` says its
        rows were."""
        self._painted = painted
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._rest is not None:
            QTimer.singleShot(0, self, self._after_paint)  # once this paint is done
        return False

    def _after_paint(self) -> None:
        if self._painted():
            self._read_rest()

    def _read_rest(self) -> None:
        rest, self._rest = self._rest, None
        if rest is not None:
            rest()

    def _read_all(self, store: CaseStore) -> None:
        self._background.run(store.open_by_urgency, self.allRead.emit, self.failed.emit, key=_ALL)

    def busy(self) -> bool:
        """True while a read is queued, under way or not yet delivered."""
        return self._background.busy()


def _drop(background: Background) -> None:
    background.supersede(_PAGE)
    background.supersede(_ALL)
