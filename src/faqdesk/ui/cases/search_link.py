"""The cases matching the search box, listed in the search results' own "Cases" section.

Keystrokes are collapsed by the same kind of throttle as the article search; the lookup is
the store's indexed query (numbers however typed, case id, title words), run for the box's
text of the moment only, so an answer for an older query never shows. Activating a row shows
the Cases dock with that case chosen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit

from faqdesk.core import text
from faqdesk.core.cases.model import Case
from faqdesk.core.cases.store import CasesError
from faqdesk.core.log import get_logger
from faqdesk.ui.cases.case_model import BADGE_TEXT_ROLE, describe
from faqdesk.ui.cases.panel import SEARCH_LIMIT, CasesPanel
from faqdesk.ui.common.throttle import Throttle
from faqdesk.ui.search.case_section import CaseHit, CaseSection
from faqdesk.ui.search.controller import SEARCH_THROTTLE_MS
from faqdesk.ui.settings.store import Settings

_log = get_logger("ui.cases")


class CaseSearchLink(QObject):
    """Follows ``box`` and fills ``section`` with the cases of ``panel``'s store."""

    def __init__(
        self,
        panel: CasesPanel,
        settings: Settings,
        box: QLineEdit,
        section: CaseSection,
        message: Callable[[str], None],
    ) -> None:
        super().__init__(panel)
        self.setObjectName("caseSearchLink")
        self._panel = panel
        self._settings = settings
        self._box = box
        self._section = section
        self._message = message
        self._throttle = Throttle(self._lookup, SEARCH_THROTTLE_MS, self)
        box.textChanged.connect(self._on_text)
        section.caseActivated.connect(self.show_case)
        settings.changed.connect(self._on_setting_changed)

    def _on_text(self, query: str) -> None:
        if not query.strip():
            self._throttle.cancel()
            self._section.clear()
            return
        self._throttle(query)

    def _on_setting_changed(self, name: str) -> None:
        if name == "language" and self._box.text().strip():
            self._lookup(self._box.text())

    def _lookup(self, query: str) -> None:
        if query != self._box.text():
            return  # the box changed meanwhile: its own lookup follows
        try:
            found = self._panel.store.search(query.strip(), limit=SEARCH_LIMIT)
        except (CasesError, OSError, ValueError):
            _log.exception("the case search failed")
            found = []
        lang = self._settings.language
        header = text.render("cases.ui.matches", lang, count=len(found))
        hits = [
            CaseHit(case.id, _numbers(case), case.title, self._badge(case, lang)) for case in found
        ]
        self._section.show_cases(query, header, hits)

    def _badge(self, case: Case, lang: str) -> str:
        """The badge the dock shows for ``case``; its status when the dock does not list it."""
        model = self._panel.model
        row = model.row_of(case.id)
        if row >= 0:
            return str(model.data(model.index(row), BADGE_TEXT_ROLE) or "")
        return text.render(f"cases.status.{case.status.value}", lang)

    def show_case(self, case_id: str) -> None:
        """Show the Cases dock with ``case_id`` chosen (its details when the dock hides it)."""
        panel = self._panel
        panel.show()
        panel.raise_()
        if panel.select_case(case_id):
            panel.list_view.setFocus()
            return
        try:
            case = panel.store.get(case_id)
        except (CasesError, OSError):
            case = None
        if case is not None:
            self._message(describe(case, self._settings.language))


def _numbers(case: Case) -> str:
    """The case's id, posting (else order) and first tracking number, as the dock names it."""
    parts = [case.id, case.posting or case.order, *case.tracking[:1]]
    return "  ".join(part for part in parts if part)
