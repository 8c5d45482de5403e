"""Reading the cases for the Cases pane in the background (the one helper,
:class:`~faqdesk.ui.common.background.Background`): on the first read, the most urgent page and
the counts come first, so the pane paints its top rows at once; every open case is read once
that page is shown (a Python worker would otherwise share the interpreter with the painting).

A newer read supersedes an older one; once the pane is destroyed no read reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from faqdesk.core.cases.model import Case
from faqdesk.core.cases.store import CaseStore
from faqdesk.ui.common.background import Background

#: How many of the most urgent cases the first read brings (a few screens of rows).
PAGE = 60
_PAGE, _ALL = "cases.page", "cases.all"
#: The rest is read a moment after the page arrived, so its rows are painted first.
_REST_AFTER_MS = 50


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
            self.pageRead.emit(page)
            QTimer.singleShot(_REST_AFTER_MS, self, lambda: self._read_all(store))

        self._background.run(
            lambda: FirstPage(store.open_by_urgency(PAGE), *store.open_count(now)),
            shown,
            self.failed.emit,
            key=_PAGE,
        )

    def _read_all(self, store: CaseStore) -> None:
        self._background.run(store.open_by_urgency, self.allRead.emit, self.failed.emit, key=_ALL)

    def busy(self) -> bool:
        """True while a read is queued, under way or not yet delivered."""
        return self._background.busy()


def _drop(background: Background) -> None:
    background.supersede(_PAGE)
    background.supersede(_ALL)
