"""The fields of one template: a label, an editor and a red problem line per field."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core import text
from faqdesk.core.compose.fields import FieldKind, FieldSpec, size_problem
from faqdesk.core.compose.templates import Template
from faqdesk.core.problems import Problem
from faqdesk.ui.common.labels import plain_label

MAX_TYPED = 10_000  # characters an editor keeps (the core reads no more either)
MAX_PASTE = 50_000_000  # what a line edit takes in before it is cut (to say its real size)


class FieldsForm(QWidget):
    """One line per field of a template; ``edited`` is emitted on every change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._errors: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._template: Template | None = None
        self._cut: dict[str, Problem | None] = {}  # field -> the size problem of what was cut

    def set_template(self, template: Template, values: Mapping[str, str], lang: str) -> None:
        """Show ``template``'s fields, filled with ``values`` (a prefilled field counts as
        touched: its problem shows at once)."""
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._editors.clear()
        self._errors.clear()
        self._labels.clear()
        self._cut.clear()
        self._touched = {name for name, value in values.items() if value}
        self._template = template
        for spec in template.fields:
            self._add_row(spec, values.get(spec.name, ""))
        self.retranslate(lang)

    def _add_row(self, spec: FieldSpec, value: str) -> None:
        editor: QLineEdit | QPlainTextEdit
        if spec.kind is FieldKind.ADDRESS:
            editor = QPlainTextEdit(self)
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 4 + 12)
            editor.setPlainText(self._keep(spec, value))
            editor.textChanged.connect(
                lambda name=spec.name, box=editor: self._on_text_edit(name, box)
            )
        else:
            line = editor = QLineEdit(self)
            editor.setMaxLength(MAX_PASTE)
            editor.setText(self._keep(spec, value))
            editor.setPlaceholderText(spec.example)
            editor.textEdited.connect(
                lambda typed, name=spec.name, box=line: self._on_line_edit(name, box, typed)
            )
        editor.setObjectName(f"field_{spec.name}")
        error = plain_label(self)
        error.setObjectName(f"error_{spec.name}")
        error.setWordWrap(True)
        error.setStyleSheet("color: #c62828;")
        error.hide()
        label = plain_label(self)
        label.setBuddy(editor)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        column.addWidget(error)
        self._layout.addRow(label, box)
        self._layout.setAlignment(label, Qt.AlignmentFlag.AlignTop)
        self._editors[spec.name] = editor
        self._errors[spec.name] = error
        self._labels[spec.name] = label

    def _keep(self, spec: FieldSpec, typed: str) -> str:
        """``typed``, or its first :data:`MAX_TYPED` characters when a paste of a whole file
        was longer; then the field's problem says the size that was pasted, not what is left."""
        if len(typed) <= MAX_TYPED:
            self._cut.pop(spec.name, None)
            return typed
        self._cut[spec.name] = size_problem(spec, typed)
        return typed[:MAX_TYPED]

    def _spec(self, name: str) -> FieldSpec | None:
        return self._template.field(name) if self._template is not None else None

    def _on_text_edit(self, name: str, editor: QPlainTextEdit) -> None:
        """A multi-line field keeps at most :data:`MAX_TYPED` characters (a paste of a whole
        file is cut, and the problem under it says how much was pasted)."""
        typed = editor.toPlainText()
        spec = self._spec(name)
        kept = self._keep(spec, typed) if spec is not None else typed[:MAX_TYPED]
        if len(kept) != len(typed):
            editor.blockSignals(True)
            editor.setPlainText(kept)
            editor.blockSignals(False)
            editor.moveCursor(QTextCursor.MoveOperation.End)
        self._on_edit(name)

    def _on_line_edit(self, name: str, editor: QLineEdit, typed: str) -> None:
        """A one-line field: the same cut as :meth:`_on_text_edit`."""
        spec = self._spec(name)
        kept = self._keep(spec, typed) if spec is not None else typed[:MAX_TYPED]
        if len(kept) != len(typed):
            editor.setText(kept)  # emits no textEdited
        self._on_edit(name)

    def _on_edit(self, name: str) -> None:
        self._touched.add(name)
        self.edited.emit()

    def values(self) -> dict[str, str]:
        """What is typed in each field."""
        return {
            name: editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            for name, editor in self._editors.items()
        }

    def editor(self, name: str) -> QLineEdit | QPlainTextEdit | None:
        return self._editors.get(name)

    def touch_all(self) -> None:
        """Show every field's problem (the user asked to copy)."""
        self._touched = set(self._editors)

    def show_problems(self, problems: tuple[Problem, ...], lang: str) -> None:
        """Each problem under its field once the field was touched; the others hidden."""
        by_field = {problem.field: problem for problem in problems}
        for name, error in self._errors.items():
            problem = by_field.get(name)
            if problem is not None and self._cut.get(name) is not None:
                problem = self._cut[name]  # the size that was pasted, not what was kept
            if problem is None or name not in self._touched:
                error.hide()
                continue
            error.setText(problem.render(lang, form=True))
            error.show()

    def retranslate(self, lang: str) -> None:
        if self._template is None:
            return
        for spec in self._template.fields:
            label = spec.label.text(lang)
            if not spec.required:
                space = "" if lang == "zh" else " "  # zh: "送达日期（选填）"
                label = f"{label}{space}{text.render('compose.ui.optional', lang)}"
            self._labels[spec.name].setText(label)
