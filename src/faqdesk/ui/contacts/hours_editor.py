"""The opening hours of a contact in the editor: one line per group of days, an error under each.

The rows are laid into the editor's own form (so their captions line up with the other fields);
this object owns the line edits, captions and error labels and turns them into the contacts
file's ``hours`` mapping. It checks no rule: the core judges the mapping and the editor shows
each problem under the line its field names (:meth:`HoursEditor.error_label`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from faqdesk.core import text
from faqdesk.core.contacts.hours import (
    HoursError,
    WeeklyHours,
    mapping_from_text,
    normalize_hours,
)
from faqdesk.core.problems import Problem
from faqdesk.ui.common import i18n
from faqdesk.ui.contacts.error_label import ErrorLabel

#: The hours fields of the form, in order; "other" takes any further keys ("fri 09:00-17:00").
HOURS_FIELDS = ("mon-fri", "sat", "sun", "breaks", "other")
#: The fields that hold one key of the mapping each.
FIXED_FIELDS = HOURS_FIELDS[:-1]


def split_hours(hours: WeeklyHours | None) -> dict[str, str]:
    """The form's field texts for ``hours`` (canonical mapping spread over the fields)."""
    texts = dict.fromkeys(HOURS_FIELDS, "")
    if hours is None:
        return texts
    other: list[str] = []
    for key, value in hours.to_mapping().items():
        if key == "daily":
            texts["mon-fri"] = texts["sat"] = texts["sun"] = value
        elif key == "sat-sun":
            texts["sat"] = texts["sun"] = value
        elif key in texts and key != "other":
            texts[key] = value
        else:
            other.append(f"{key} {value}")
    texts["other"] = "; ".join(other)
    return texts


def forgiving(typed: str) -> str:
    """``typed`` in the normal form when the core can read it forgivingly, else as typed."""
    if not typed:
        return typed
    try:
        return normalize_hours(typed)
    except HoursError:
        return typed


class HoursEditor(QObject):
    """The hours lines of the contact editor (``edits`` and ``errors`` by field key)."""

    #: The user changed a line.
    edited = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for key in HOURS_FIELDS:
            edit = QLineEdit(parent)
            edit.setObjectName(f"hoursEdit-{key}")
            self.edits[key] = edit
            self.errors[key] = ErrorLabel(f"hoursError-{key}", parent)
            self.captions[key] = QLabel(parent)

    def connect_edits(self) -> None:
        """Report every change from now on (after the form is filled)."""
        for key, edit in self.edits.items():
            edit.textChanged.connect(lambda _text: self.edited.emit())
            edit.editingFinished.connect(lambda key=key: self.tidy(key))

    def set_hours(self, hours: WeeklyHours | None) -> None:
        for key, value in split_hours(hours).items():
            self.edits[key].setText(value)

    def texts(self) -> dict[str, str]:
        """What each line says, stripped, read forgivingly: ``9-18``, ``9:00 至 18:00`` and
        full-width digits become ``09:00-18:00`` (a line that cannot be read stays as typed,
        for the core to explain)."""
        texts: dict[str, str] = {}
        for key, edit in self.edits.items():
            typed = edit.text().strip()
            texts[key] = typed if key == "other" else forgiving(typed)
        return texts

    def tidy(self, key: str) -> None:
        """Show the line in its normal form once the user leaves it (``9-18`` → ``09:00-18:00``)."""
        edit = self.edits[key]
        tidy = forgiving(edit.text().strip()) if key != "other" else edit.text().strip()
        if tidy != edit.text():
            edit.setText(tidy)

    def mapping(self) -> tuple[dict[str, str], list[Problem]]:
        """The hours as the contacts file writes them (unchecked; the fixed lines win over
        "other"), and a problem when "other" is not in the "days hours; …" form."""
        mapping: dict[str, str] = {}
        texts = self.texts()
        for key in FIXED_FIELDS:
            if texts[key]:
                mapping[key] = texts[key]
        try:
            parts = mapping_from_text(texts["other"])
        except HoursError as exc:
            return mapping, [exc.problem("editor", "hours")]
        for key, value in parts.items():
            if key != "breaks" and not (key == "daily" and value.lower() == "closed"):
                mapping.setdefault(key, value)
        return mapping, []

    def error_label(self, key: str) -> ErrorLabel:
        """The label for a problem with the hours key ``key`` (any other key: "other")."""
        return self.errors[key] if key in FIXED_FIELDS else self.errors["other"]

    def retranslate(self) -> None:
        captions = {
            "mon-fri": self.tr("Hours Mon–Fri"),
            "sat": self.tr("Hours Saturday"),
            "sun": self.tr("Hours Sunday"),
            "breaks": self.tr("Breaks"),
            "other": self.tr("Other days"),
        }
        for key, caption in captions.items():
            self.captions[key].setText(caption)
        self.edits["mon-fri"].setPlaceholderText(self.tr("e.g. 09:00-18:00; empty: closed"))
        self.edits["mon-fri"].setToolTip(text.render("contacts.editor.hours_hint", i18n.language()))
        self.edits["sat"].setPlaceholderText(self.tr("e.g. 10:00-14:00; empty: closed"))
        self.edits["sun"].setPlaceholderText(self.tr("empty: closed"))
        self.edits["breaks"].setPlaceholderText(self.tr("e.g. 13:00-14:00"))
        self.edits["other"].setPlaceholderText(self.tr("e.g. fri 09:00-17:00"))
