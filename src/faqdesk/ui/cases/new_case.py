"""The "New case" form: the problem, the numbers, whom it was sent to and how.

It can be opened pre-filled (from the composer after "Copy and start a case", or from a
problem article) with a plain mapping of the :class:`~faqdesk.core.cases.model.NewCase`
fields; a message given as ``text`` is recorded as the first message sent. The rules are the
core's (:func:`~faqdesk.core.cases.model.check_new_case`); what is wrong is shown under the
form, naming the field, and nothing is stored until it is right.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core import text
from faqdesk.core.cases.model import PROBLEM_KINDS, Case, NewCase
from faqdesk.core.cases.names import channel_label
from faqdesk.core.cases.store import CaseInvalid, CasesError, CaseStore
from faqdesk.core.contacts.model import Contact
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.common.panel import Panel

_FIELDS = ("posting", "order", "tracking", "title", "ticket")


class NewCaseDialog(Panel, QDialog):
    """The form (``objectName`` ``newCaseDialog``); ``saved(case)`` after the case is stored."""

    saved = Signal(object)

    def __init__(
        self,
        store: CaseStore,
        contacts: Sequence[Contact],
        clock: Clock,
        lang: str,
        prefill: Mapping[str, object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.setMinimumWidth(440)
        self._store = store
        self._contacts = {contact.id: contact for contact in contacts}
        self._clock = clock
        self._lang = lang
        self._text = ""
        self.problem = QComboBox(self)
        self.problem.setObjectName("caseProblem")
        self.problem.setEditable(True)
        self.edits: dict[str, QLineEdit] = {}
        for name in _FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"case_{name}")
            edit.setMaxLength(1000)
            self.edits[name] = edit
        self.contact = QComboBox(self)
        self.contact.setObjectName("caseContact")
        for contact in contacts:
            self.contact.addItem(contact.display_name(lang), contact.id)
        self.contact.currentIndexChanged.connect(lambda _index: self._fill_channels())
        self.channel = QComboBox(self)
        self.channel.setObjectName("caseChannel")
        self.error_label = plain_label(self)
        self.error_label.setObjectName("caseErrors")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, widget in (
            ("problem", self.problem),
            ("posting", self.edits["posting"]),
            ("order", self.edits["order"]),
            ("tracking", self.edits["tracking"]),
            ("title", self.edits["title"]),
            ("contact", self.contact),
            ("channel", self.channel),
            ("ticket", self.edits["ticket"]),
        ):
            self._labels[name] = QLabel(self)
            form.addRow(self._labels[name], widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._fill_channels()
        if prefill:
            self.prefill(prefill)

    def prefill(self, values: Mapping[str, object]) -> None:
        """Fill the form from a plain mapping (``problem``, ``posting``, ``order``,
        ``tracking`` (a list or text), ``title``, ``ticket``, ``contact``, ``channel``,
        ``text`` — the message sent, recorded with the case)."""
        for name in _FIELDS:
            value = values.get(name)
            if isinstance(value, list | tuple):
                value = " ".join(str(item) for item in value)
            if value is not None:
                self.edits[name].setText(str(value))
        problem = values.get("problem")
        if problem is not None:
            index = self.problem.findData(str(problem))
            if index >= 0:
                self.problem.setCurrentIndex(index)
            else:
                self.problem.setCurrentText(str(problem))
        contact = values.get("contact")
        if contact is not None and (index := self.contact.findData(str(contact))) >= 0:
            self.contact.setCurrentIndex(index)
        channel = values.get("channel")
        if channel is not None and (index := self.channel.findData(str(channel))) >= 0:
            self.channel.setCurrentIndex(index)
        self._text = str(values.get("text") or "")

    def new_case(self) -> NewCase:
        """What the form says, as the core's input."""
        tracking = tuple(part for part in re.split(r"[\s,;，；]+", self.edits["tracking"].text()))
        return NewCase(
            problem=self._problem(),
            contact=str(self.contact.currentData() or ""),
            channel=str(self.channel.currentData() or ""),
            posting=self.edits["posting"].text(),
            order=self.edits["order"].text(),
            tracking=tuple(part for part in tracking if part),
            title=self.edits["title"].text(),
            ticket=self.edits["ticket"].text(),
            opened_at=self._clock.now(),
            text=self._text,
        )

    def _problem(self) -> str:
        """The chosen kind's id, or what was typed (a composer template id)."""
        index = self.problem.findText(self.problem.currentText())
        if index >= 0:
            return str(self.problem.itemData(index))
        return self.problem.currentText().strip()

    def save(self) -> Case | None:
        """Store the case and close; when something is wrong, say what and keep the form."""
        try:
            case = self._store.add(self.new_case(), self._contacts)
        except CaseInvalid as error:
            lines = [
                f"{self._field_name(p.field)}: {p.render(self._lang, form=True)}"
                for p in error.problems
            ]
            self._show_error("\n".join(lines))
            return None
        except CasesError as error:
            self._show_error(error.render(self._lang))
            return None
        self.saved.emit(case)
        self.accept()
        return case

    def _field_name(self, field: str) -> str:
        base = field.split("[", 1)[0]
        label = self._labels.get(base)
        if label is not None:
            return label.text().rstrip(":：")
        key = f"casesfix.field.{base}"
        return text.render(key, self._lang) if key in text.catalog(text.FALLBACK) else field

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _fill_channels(self) -> None:
        self.channel.clear()
        contact = self._contacts.get(str(self.contact.currentData() or ""))
        channels = contact.channels if contact is not None else ()
        labels = [channel_label(channel, self._lang) for channel in channels]
        for channel, label in zip(channels, labels, strict=True):
            shown = f"{label} ({channel.id})" if labels.count(label) > 1 else label
            self.channel.addItem(shown, channel.id)

    def retranslate(self) -> None:
        lang = self._lang
        self.setWindowTitle(text.render("cases.ui.new.title", lang))
        for name, label in self._labels.items():
            label.setText(text.render(f"cases.ui.field.{name}", lang))
        if self.problem.count() == 0:
            for kind in PROBLEM_KINDS:
                self.problem.addItem(text.render(f"cases.problem.{kind}", lang), kind)
            self.problem.setCurrentIndex(0)
