"""The settings dialog: UI language, home time zone, calling hours, font size.

Invalid values are shown under their field and keep OK disabled; the dialog never closes
with invalid data. Values are written through ``Settings`` only when OK is pressed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.contacts.hours import HoursError, normalize_hours, parse_intervals
from faqdesk.core.contacts.zones import zone_from_text, zone_names
from faqdesk.ui.articles.theme import ThemeCombo
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.common.tray import TrayCheckBox
from faqdesk.ui.common.zone_combo import ZoneComboBox
from faqdesk.ui.settings.store import Settings

#: The language choices, each named in its own language.
LANGUAGE_NAMES = (("zh", "中文"), ("en", "English"))


def timezone_error(name: str) -> str | None:
    """None when ``name`` is a zone or a city the core knows (北京, Moscow), else ``name``."""
    return None if zone_from_text(name) is not None else name


def calling_hours_error(text: str, lang: str = "en") -> str | None:
    """The core's message (in ``lang``) for hours text it cannot read even forgivingly
    (``9-21``, ``9:00 至 21:00`` are fine), or None when it is fine."""
    try:
        intervals = parse_intervals(normalize_hours(text))
    except HoursError as error:
        return error.render(lang)
    return None if intervals else "closed"


class SettingsDialog(Panel, QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.settings = settings

        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))

        self.timezone_combo = ZoneComboBox(zone_names(), "timezoneCombo", self)
        self.timezone_combo.setCurrentText(settings.home_timezone)
        self.timezone_error = QLabel(self)
        self.timezone_error.setObjectName("timezoneError")

        self.hours_edit = QLineEdit(settings.calling_hours, self)
        self.hours_edit.setObjectName("callingHoursEdit")
        self.hours_error = QLabel(self)
        self.hours_error.setObjectName("callingHoursError")

        self.font_spin = QSpinBox(self)
        self.font_spin.setObjectName("fontSizeSpin")
        self.font_spin.setRange(0, 48)
        self.font_spin.setValue(settings.font_size)

        for label in (self.timezone_error, self.hours_error):
            label.setTextFormat(Qt.TextFormat.PlainText)  # they repeat what the user typed
            label.setStyleSheet("color: #c0392b;")
            label.setWordWrap(True)
            label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self.language_label = QLabel(self)
        self.timezone_label = QLabel(self)
        self.hours_label = QLabel(self)
        self.font_label = QLabel(self)
        self.form.addRow(self.language_label, self.language_combo)
        self.form.addRow(self.timezone_label, self.timezone_combo)
        self.form.addRow("", self.timezone_error)
        self.form.addRow(self.hours_label, self.hours_edit)
        self.form.addRow("", self.hours_error)
        self.form.addRow(self.font_label, self.font_spin)
        self.theme_combo = ThemeCombo(settings.theme, self)  # reader: System / Light / Dark
        self.form.addRow(self.theme_combo.label, self.theme_combo)
        self.tray_check = TrayCheckBox(settings.keep_in_tray, self)  # issue 15: live in the tray
        self.form.addRow("", self.tray_check)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

        self.timezone_combo.currentTextChanged.connect(self.validate)
        self.hours_edit.textChanged.connect(self.validate)
        self.retranslate()
        self.validate()

    def is_valid(self) -> bool:
        return (
            timezone_error(self.timezone_combo.currentText()) is None
            and calling_hours_error(self.hours_edit.text()) is None
        )

    def validate(self) -> bool:
        zone = self.timezone_combo.currentText()
        if timezone_error(zone) is not None:
            self.timezone_error.setText(
                self.tr("“{zone}” is not a time zone, e.g. Asia/Shanghai").format(zone=zone)
            )
            self.timezone_error.show()
        else:
            self.timezone_error.hide()
        problem = calling_hours_error(self.hours_edit.text(), self.settings.language)
        if problem is not None:
            self.hours_error.setText(
                self.tr("Write your hours like 09:00-21:00 ({problem})").format(problem=problem)
            )
            self.hours_error.show()
        else:
            self.hours_error.hide()
        ok = self.is_valid()
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)
        return ok

    def accept(self) -> None:
        if not self.validate():
            return
        zone = zone_from_text(self.timezone_combo.currentText())
        self.settings.home_timezone = zone or self.timezone_combo.currentText().strip()
        self.settings.calling_hours = normalize_hours(self.hours_edit.text())
        self.settings.font_size = self.font_spin.value()
        self.settings.theme = self.theme_combo.theme()
        self.settings.keep_in_tray = self.tray_check.isChecked()
        self.settings.language = str(self.language_combo.currentData())
        self.settings.sync()
        super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.language_label.setText(self.tr("Language"))
        self.timezone_label.setText(self.tr("My time zone"))
        self.hours_label.setText(self.tr("My calling hours"))
        self.hours_edit.setPlaceholderText(self.tr("e.g. 09:00-21:00"))
        self.font_label.setText(self.tr("Reading font size"))
        self.font_spin.setSpecialValueText(self.tr("Default"))
        self.validate()
