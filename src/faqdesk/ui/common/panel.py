"""The one base of every panel and dialog: it re-translates itself when the language changes.

Frescobaldi's panel base with ``translateUI()``: a widget sets its texts in :meth:`retranslate`
(call it once at the end of ``__init__``); :class:`Panel` calls it again on every
``LanguageChange`` event, i.e. after :func:`faqdesk.ui.common.i18n.set_language`. It is a
mixin, so a ``QMainWindow``, ``QDialog``, ``QDockWidget`` or plain ``QWidget`` subclass can
use it alike; put it first: ``class SettingsDialog(Panel, QDialog)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    _Base = QWidget
else:
    _Base = object


class Panel(_Base):
    """Mixin for a widget with translated texts; subclasses implement :meth:`retranslate`."""

    def retranslate(self) -> None:
        """Set every text of the widget in the current language."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
