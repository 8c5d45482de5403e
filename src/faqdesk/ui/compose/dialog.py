"""The composer dialog: pick a template, fill in its fields, copy the Russian message.

Live: every keystroke re-composes (the core is pure and fast): the Russian text and its
meaning side by side, the Latin reading under them, the numbers spelled out for the phone,
and each field's problem under it once the field was touched. "Copy Russian" is the primary
action; "Copy both" adds the meaning; "Open the ticket page" opens the ticket channel of the
contacts (the seller support's first).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core import paths, text
from faqdesk.core.compose.message import Message, compose, spoken_numbers
from faqdesk.core.compose.templates import Template, TemplateSet, load_templates
from faqdesk.core.contacts.model import ChannelKind, Contact, load_contacts_file, open_url
from faqdesk.core.log import get_logger
from faqdesk.ui.common import i18n
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.compose.fields_form import FieldsForm

_log = get_logger("ui.compose")

#: The contact whose ticket page is opened first, when it has one.
SELLER_SUPPORT = "ozon-seller-support"
#: The template shown when neither a template nor an article with one is named: a delayed
#: parcel is what sellers write about most (see the delivery-delay article).
START_TEMPLATE = "delay-no-movement"


def ticket_url(contacts: Sequence[Contact]) -> str | None:
    """The page of the first ticket channel that opens (seller support's first), or None."""
    ordered = sorted(contacts, key=lambda contact: contact.id != SELLER_SUPPORT)
    for contact in ordered:
        for channel in contact.channels:
            url = open_url(channel) if channel.kind is ChannelKind.TICKET else None
            if url:
                return url
    return None


def _read_only_text(parent: QWidget, name: str) -> QPlainTextEdit:
    view = QPlainTextEdit(parent)
    view.setObjectName(name)
    view.setReadOnly(True)
    return view


class ComposerDialog(Panel, QDialog):
    """Write to support: template, fields, Russian | meaning, Latin reading, copy."""

    #: The message after each change (tests; the cases panel may listen).
    composed = Signal()
    #: "Copy and start a case": the Russian text is on the clipboard; the mapping pre-fills
    #: the Cases pane's "New case" form (problem, numbers, title, the text sent).
    caseRequested = Signal(dict)

    def __init__(
        self,
        templates: TemplateSet,
        *,
        ticket_page: str | None = None,
        lang: str | None = None,
        parent: QWidget | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composerDialog")
        self._today = today  # dates up to a year after it are taken (None: up to 2099)
        self.templates = templates
        self.ticket_page = ticket_page
        self._lang_fixed = lang
        self.message: Message | None = None
        self.resize(1000, 720)
        self._build()
        self.retranslate()
        if templates.templates:
            self.choose(next(iter(templates.templates)))
        else:
            self._refresh()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.template_label = QLabel(self)
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("templateCombo")
        self.template_label.setBuddy(self.template_combo)
        for template_id in self.templates.ids():
            self.template_combo.addItem(template_id, template_id)
        self.template_combo.activated.connect(
            lambda index: self.choose(str(self.template_combo.itemData(index)))
        )
        top = QHBoxLayout()
        top.addWidget(self.template_label)
        top.addWidget(self.template_combo, 1)

        self.fields_box = QGroupBox(self)
        self.form = FieldsForm(self.fields_box)
        self.form.edited.connect(self._refresh)
        self.fields_scroll = QScrollArea(self.fields_box)
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setWidget(self.form)
        QVBoxLayout(self.fields_box).addWidget(self.fields_scroll)

        self.russian_box = QGroupBox(self)
        self.russian_text = _read_only_text(self.russian_box, "russianText")
        QVBoxLayout(self.russian_box).addWidget(self.russian_text)
        self.meaning_box = QGroupBox(self)
        self.meaning_text = _read_only_text(self.meaning_box, "meaningText")
        QVBoxLayout(self.meaning_box).addWidget(self.meaning_text)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(self.russian_box)
        side_by_side.addWidget(self.meaning_box)

        self.latin_label = QLabel(self)
        self.latin_text = _read_only_text(self, "latinText")
        lines = self.latin_text.fontMetrics().lineSpacing()
        self.latin_text.setMinimumHeight(lines * 4 + 12)
        self.latin_text.setMaximumHeight(lines * 8 + 12)
        self.numbers_label = QLabel(self)
        self.numbers_text = plain_label(self)
        self.numbers_text.setObjectName("spokenNumbers")
        self.numbers_text.setWordWrap(True)
        self.status = plain_label(self)
        self.status.setObjectName("composerStatus")
        self.status.setWordWrap(True)

        buttons = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.fields_box, 0)
        layout.addLayout(side_by_side, 3)
        layout.addWidget(self.latin_label)
        layout.addWidget(self.latin_text)
        layout.addWidget(self.numbers_label)
        layout.addWidget(self.numbers_text)
        layout.addLayout(buttons)

    def _build_buttons(self) -> QHBoxLayout:
        self.copy_russian_button = QPushButton(self)
        self.copy_russian_button.setObjectName("copyRussian")
        self.copy_russian_button.setDefault(True)
        self.copy_russian_button.clicked.connect(self.copy_russian)
        self.copy_both_button = QPushButton(self)
        self.copy_both_button.setObjectName("copyBoth")
        self.copy_both_button.clicked.connect(self.copy_both)
        self.start_case_button = QPushButton(self)
        self.start_case_button.setObjectName("copyAndStartCase")
        self.start_case_button.setAutoDefault(False)
        self.start_case_button.clicked.connect(self.copy_and_start_case)
        self.start_case_button.hide()  # shown when someone keeps cases (set_case_handler)
        self.ticket_button = QPushButton(self)
        self.ticket_button.setObjectName("openTicketPage")
        self.ticket_button.clicked.connect(self.open_ticket_page)
        self.close_button = QPushButton(self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (
            self.ticket_button,
            self.start_case_button,
            self.copy_both_button,
            self.copy_russian_button,
        ):
            buttons.addWidget(button)
        buttons.addWidget(self.close_button)
        return buttons

    # ------------------------------------------------------------------ state
    @property
    def lang(self) -> str:
        return self._lang_fixed or i18n.language()

    @property
    def template(self) -> Template | None:
        template_id = self.template_combo.currentData()
        return self.templates.get(str(template_id)) if template_id is not None else None

    def choose(self, template_id: str, values: Mapping[str, str] | None = None) -> bool:
        """Show template ``template_id``; the values typed so far carry over to fields of the
        same name, ``values`` are filled in on top. False for an unknown id."""
        template = self.templates.get(template_id)
        if template is None:
            return False
        kept = self.form.values() if self.message is not None else {}
        kept.update(values or {})
        self.template_combo.setCurrentIndex(self.template_combo.findData(template_id))
        self.form.set_template(template, kept, self.lang)
        # Every field in sight (a long user template scrolls past 300 px).
        self.fields_scroll.setMinimumHeight(min(self.form.sizeHint().height() + 40, 300))
        self._refresh()
        return True

    def set_values(self, values: Mapping[str, str]) -> None:
        """Fill in fields by name (names the template lacks are ignored)."""
        template = self.template
        if template is not None:
            self.choose(template.id, {k: v for k, v in values.items() if template.field(k)})

    def _refresh(self) -> None:
        template = self.template
        if template is None:
            self.message = None
            self.status.setText(text.render("compose.ui.no_templates", self.lang))
            for button in (self.copy_russian_button, self.copy_both_button):
                button.setEnabled(False)
            self.composed.emit()
            return
        today = self._today() if self._today is not None else None
        message = compose(template, self.form.values(), self.lang, today=today)
        self.message = message
        self.russian_text.setPlainText(message.ru)
        self.meaning_text.setPlainText(message.meaning)
        self.latin_text.setPlainText(message.latin)
        self.form.show_problems(message.problems, self.lang)
        self.numbers_text.setText(self._numbers(template, message))
        self.numbers_label.setVisible(bool(self.numbers_text.text()))
        self.numbers_text.setVisible(bool(self.numbers_text.text()))
        for button in (self.copy_russian_button, self.copy_both_button):
            button.setEnabled(message.ok)
        self._say_state()
        self.composed.emit()

    def _numbers(self, template: Template, message: Message) -> str:
        return "\n".join(
            f"{spec.label.text(self.lang)} {spoken.number}: {spoken.ru}\n    {spoken.latin}"
            for spec, spoken in spoken_numbers(template, message)
        )

    def _say_state(self) -> None:
        message, template = self.message, self.template
        if message is None or template is None:
            return
        if message.ok:
            self.status.setText(text.render("compose.ui.ready", self.lang))
            return
        names = []
        for problem in message.problems:
            spec = template.field(problem.field)
            names.append(spec.label.text(self.lang) if spec is not None else problem.field)
        separator = "、" if self.lang == "zh" else ", "
        self.status.setText(
            text.render("compose.ui.fill_first", self.lang, fields=separator.join(names))
        )

    # ------------------------------------------------------------------ actions
    def _copy(self, content: str) -> bool:
        message = self.message
        if message is None or not message.ok:
            self.form.touch_all()
            self._refresh()
            return False
        QGuiApplication.clipboard().setText(content)
        self.status.setText(text.render("compose.ui.copied", self.lang))
        return True

    def copy_russian(self) -> bool:
        """Put the Russian text on the clipboard (when every field is good)."""
        return self._copy(self.message.ru if self.message is not None else "")

    def copy_both(self) -> bool:
        """Put the Russian text and, after a blank line, its meaning on the clipboard."""
        message = self.message
        return self._copy(f"{message.ru}\n\n{message.meaning}" if message is not None else "")

    def set_case_handler(self, start_case: Callable[[dict[str, object]], object]) -> None:
        """Offer "Copy and start a case"; ``start_case`` gets the form's pre-fill."""
        self.caseRequested.connect(start_case)
        self.start_case_button.show()

    def copy_and_start_case(self) -> bool:
        """Copy the Russian text and ask for a new case that records it as the message sent."""
        message = self.message
        if message is None or not self.copy_russian():
            return False
        template = self.template
        prefill: dict[str, object] = {
            name: message.values[name]
            for name in ("posting", "order", "tracking", "ticket")
            if message.values.get(name)
        }
        prefill["problem"] = CASE_PROBLEMS.get(message.template, message.template)
        prefill["text"] = message.ru
        if template is not None:
            prefill["title"] = template.display_title(self.lang)
        self.caseRequested.emit(prefill)
        return True

    def open_ticket_page(self) -> bool:
        """Open the contacts' ticket page in the browser."""
        if not self.ticket_page:
            self.status.setText(text.render("compose.ui.no_ticket", self.lang))
            return False
        self.status.setText(text.render("compose.ui.opening", self.lang, link=self.ticket_page))
        return bool(QDesktopServices.openUrl(QUrl(self.ticket_page)))

    # ------------------------------------------------------------------ translation
    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(text.render("compose.ui.title", lang))
        self.template_label.setText(text.render("compose.ui.template", lang))
        for index in range(self.template_combo.count()):
            template = self.templates.get(str(self.template_combo.itemData(index)))
            if template is not None:
                self.template_combo.setItemText(index, template.display_title(lang))
        self.fields_box.setTitle(text.render("compose.ui.fields", lang))
        self.russian_box.setTitle(text.render("compose.ui.russian", lang))
        self.meaning_box.setTitle(text.render("compose.ui.meaning", lang))
        self.latin_label.setText(text.render("compose.ui.latin", lang))
        self.numbers_label.setText(text.render("compose.ui.numbers", lang))
        self.copy_russian_button.setText(text.render("compose.ui.copy_russian", lang))
        self.copy_both_button.setText(text.render("compose.ui.copy_both", lang))
        self.ticket_button.setText(text.render("compose.ui.open_ticket", lang))
        self.start_case_button.setText(text.render("compose.ui.start_case", lang))
        self.close_button.setText(text.render("compose.ui.close", lang))
        self.form.retranslate(lang)
        if self.message is not None:
            self._refresh()


#: The case problem a bundled template is about (other templates are kept by their own id).
CASE_PROBLEMS = {
    "delay-no-movement": "delay",
    "lost-parcel": "lost",
    "damaged-item": "damaged",
    "return-not-arrived": "return",
    "wrong-address": "address",
}


def _contacts_of(parent: QWidget | None) -> list[Contact]:
    """The contacts of the window's contact panel, else the bundled contacts."""
    panel = getattr(parent, "contact_panel", None)
    book = getattr(panel, "book", None)
    if book is not None:
        try:
            return list(book.contacts())
        except Exception:  # the dialog still works without a ticket page
            _log.exception("the contact book could not be read")
    contacts, _problems = load_contacts_file(paths.bundled_content_dir() / "contacts.yaml")
    return contacts


def open_composer(
    parent: QWidget | None,
    *,
    problem: str | None = None,
    template_id: str | None = None,
    values: Mapping[str, str] | None = None,
    templates: TemplateSet | None = None,
    contacts: Sequence[Contact] | None = None,
    content_dir: Path | None = None,
    lang: str | None = None,
) -> ComposerDialog:
    """Open the composer (non-modal) and return it.

    ``template_id`` is shown when it exists; else the first template belonging to the article
    ``problem``; else :data:`START_TEMPLATE` (the start page's button), else the first one.
    ``values`` fill in fields by name. ``templates`` default: those of ``content_dir`` (None:
    the bundled ones and the user's); ``contacts`` default: the parent window's contact book,
    else the bundled contacts.
    """
    if templates is None:
        templates = load_templates(content_dir)
    if contacts is None:
        contacts = _contacts_of(parent)
    clock = getattr(parent, "clock", None)  # the window's one clock bounds the dates
    today = (lambda: clock.now().date()) if isinstance(clock, Clock) else None
    dialog = ComposerDialog(
        templates, ticket_page=ticket_url(contacts), lang=lang, parent=parent, today=today
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    chosen = templates.get(template_id) if template_id else None
    if chosen is None and problem:
        belonging = templates.for_problem(problem)
        chosen = belonging[0] if belonging else None
    if chosen is None:
        chosen = templates.get(START_TEMPLATE)
    if chosen is not None:
        dialog.choose(chosen.id)
    if values:
        dialog.set_values(values)
    dialog.show()
    dialog.raise_()
    return dialog
