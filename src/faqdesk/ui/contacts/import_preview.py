"""The import preview: what a vCard or CSV file will add, what is already present, what cannot
be used — each card with the zone it gets and why — check boxes, then Import; afterwards
"Undo this import".

Reading the file, planning and writing all run in the background (``ui.common.background``);
the window shows a progress bar and Cancel, which leaves nothing imported (the import is one
transaction). A CSV file first shows which field each column fills; changing one reads the
file again, and so does choosing another encoding (when the file reads both as UTF-8 and as
GBK, the problems say so). Undo removes exactly the contacts this import added and puts back
the contacts it replaced (unless the user unticks it); a contact changed since is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.contacts.book import ContactBook, ContactBookError
from faqdesk.core.contacts.csv_import import FIELDS, guess_mapping
from faqdesk.core.contacts.encodings import CHOICES
from faqdesk.core.contacts.import_writes import (
    ImportCancelled,
    ImportDone,
    ImportInterrupted,
    UndoDone,
)
from faqdesk.core.contacts.importing import ImportPlan, Outcome, problem_line
from faqdesk.core.contacts.sources import csv_header, is_csv
from faqdesk.core.log import get_logger
from faqdesk.core.text import render
from faqdesk.ui.common.background import Background, report_unexpected
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.contacts.import_model import ImportPlanModel

log = get_logger("ui.contacts.import")


class ImportPreview(QDialog):
    """The preview of importing ``path`` into ``book`` (``objectName`` ``importPreview``)."""

    imported = Signal(object)  # ImportDone
    undone = Signal(object)  # UndoDone

    def __init__(
        self,
        book: ContactBook,
        path: Path,
        *,
        home_tz: str,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self._book, self._path, self._home_tz, self._lang = book, path, home_tz, lang
        self._background = Background(threads=1, parent=self)
        self._cancel = threading.Event()
        self._progress = (0, 0)
        self._done: ImportDone | None = None
        self._state = "reading"
        self.model = ImportPlanModel(lang, self)
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._show_progress)
        self._columns = self._read_columns()
        self._plan_again()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.summary_label = plain_label(self)
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.mapping_box = QGroupBox(self)
        self.mapping_box.setVisible(False)
        form_widget = QWidget()
        self.mapping_form = QFormLayout(form_widget)
        scroll = QScrollArea(self.mapping_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_widget)
        scroll.setMaximumHeight(170)  # Google's CSV has dozens of columns
        QVBoxLayout(self.mapping_box).addWidget(scroll)
        self.encoding_label = QLabel(self)
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.setObjectName("importEncoding")
        for choice in ("", *CHOICES):
            self.encoding_combo.addItem("", choice)
        self.encoding_combo.currentIndexChanged.connect(lambda _index: self._encoding_changed())
        self.encoding_label.setBuddy(self.encoding_combo)
        encoding_row = QHBoxLayout()
        encoding_row.addWidget(self.encoding_label)
        encoding_row.addWidget(self.encoding_combo)
        encoding_row.addStretch(1)
        self.replace_check = QCheckBox(self)
        self.replace_check.setObjectName("importReplace")
        self.replace_check.setVisible(False)
        self.replace_check.toggled.connect(lambda _on: self._plan_again())
        self.table = QTableView(self)
        self.table.setObjectName("importTable")
        self.table.setModel(self.model)
        self.model.dataChanged.connect(lambda *_args: self._update_import_button())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.problems_label = plain_label(self)
        self.problems_label.setObjectName("importProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setVisible(False)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.restore_check = QCheckBox(self)
        self.restore_check.setObjectName("importRestoreReplaced")
        self.restore_check.setVisible(False)
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.undo_button = QPushButton(self)
        self.undo_button.setObjectName("undoImportButton")
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self.undo)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelImportButton")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_check)
        buttons.addStretch(1)
        for button in (self.undo_button, self.import_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(encoding_row)
        for widget in (self.mapping_box, self.replace_check, self.table):
            layout.addWidget(widget, 1 if widget is self.table else 0)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.resize(920, 500)
        self.retranslate()

    def _read_columns(self) -> list[str]:
        """A CSV file's columns, each with a field to choose (the guess preselected)."""
        if not is_csv(self._path):
            return []
        while self.mapping_form.rowCount():  # read again in another encoding
            self.mapping_form.removeRow(0)
        headers, _problems = csv_header(self._path, self.encoding())
        guessed = guess_mapping(headers)
        for header in headers:
            if not header:
                continue
            combo = QComboBox()
            combo.setObjectName(f"importColumn-{header}")
            for field in FIELDS:
                combo.addItem(render(f"import.ui.field.{field}", self._lang), field)
            combo.setCurrentIndex(FIELDS.index(guessed.get(header, "ignore")))
            combo.currentIndexChanged.connect(lambda _index: self._plan_again())
            self.mapping_form.addRow(header, combo)
        self.mapping_box.setVisible(bool(headers))
        return [header for header in headers if header]

    def encoding(self) -> str | None:
        """The encoding the user chose for the file (None: found from the file)."""
        return str(self.encoding_combo.currentData() or "") or None

    def _encoding_changed(self) -> None:
        self._columns = self._read_columns()  # the column names are read in it too
        self._plan_again()

    def column_mapping(self) -> dict[str, str]:
        """Column → field as chosen in the mapping step (empty for a vCard)."""
        mapping: dict[str, str] = {}
        for header in self._columns:
            combo = self.mapping_box.findChild(QComboBox, f"importColumn-{header}")
            if combo is not None:
                mapping[header] = str(combo.currentData())
        return mapping

    def retranslate(self) -> None:
        lang = self._lang
        self.setWindowTitle(render("import.ui.title", lang, file=self._path.name))
        self.mapping_box.setTitle(render("import.ui.mapping", lang))
        self.replace_check.setText(render("import.ui.replace", lang))
        self.import_button.setText(render("import.ui.import", lang))
        self.undo_button.setText(render("import.ui.undo", lang))
        self.restore_check.setText(render("import.ui.restore", lang))
        self.encoding_label.setText(render("import.ui.encoding", lang))
        for index in range(self.encoding_combo.count()):
            choice = str(self.encoding_combo.itemData(index) or "auto")
            self.encoding_combo.setItemText(index, render(f"import.ui.encoding.{choice}", lang))
        closing = self._state in ("done", "failed", "undone")
        self.cancel_button.setText(render(f"import.ui.{'close' if closing else 'cancel'}", lang))
        self.model.set_language(lang)

    # -- planning ----------------------------------------------------------------------------
    def _plan_again(self) -> None:
        self._set_state("reading")
        self.summary_label.setText(render("import.ui.reading", self._lang, file=self._path.name))
        book, path, home_tz = self._book, self._path, self._home_tz
        replace = self.replace_check.isChecked()
        mapping: Mapping[str, str] | None = self.column_mapping() or None
        encoding = self.encoding()
        self._background.run(
            lambda: book.plan_import(
                path, replace=replace, home_tz=home_tz, mapping=mapping, encoding=encoding
            ),
            self._show_plan,
            self._failed,
            key="plan",
        )

    def _show_plan(self, plan: ImportPlan) -> None:
        self.model.set_plan(plan)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # long texts: the tooltip has them whole
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 420))
        conflicts = plan.count(Outcome.ADD_AS_NEW, Outcome.REPLACE)
        self.replace_check.setVisible(conflicts > 0 or self.replace_check.isChecked())
        problems = [problem_line(problem, self._lang) for problem in plan.problems]
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))
        self.summary_label.setText(
            render(
                "import.ui.summary",
                self._lang,
                file=plan.source,
                added=plan.count(Outcome.ADD, Outcome.ADD_AS_NEW),
                replaced=plan.count(Outcome.REPLACE),
                present=plan.count(Outcome.PRESENT, Outcome.DUPLICATE),
                unusable=plan.count(Outcome.UNUSABLE),
            )
        )
        self._set_state("ready")

    # -- importing ---------------------------------------------------------------------------
    def start_import(self) -> None:
        """Import the checked cards in the background (one transaction)."""
        chosen = self.model.chosen()
        if self._state != "ready" or not chosen:
            return
        plan, book = self.model.plan(), self._book
        self._cancel.clear()
        self._progress = (0, len(chosen))

        def progress(done: int, total: int) -> None:
            self._progress = (done, total)  # read by the UI thread's timer; no widget here

        self._set_state("importing")
        self.summary_label.setText(render("import.ui.importing", self._lang, count=len(chosen)))
        self._background.run(
            lambda: book.apply_import(
                plan, chosen, progress=progress, cancelled=self._cancel.is_set
            ),
            self._finished,
            self._failed,
        )

    def _update_import_button(self) -> None:
        self.import_button.setEnabled(self._state == "ready" and bool(self.model.chosen()))

    def _show_progress(self) -> None:
        done, total = self._progress
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _finished(self, done: ImportDone) -> None:
        self._done = done
        self._set_state("done")
        self.summary_label.setText(
            render(
                "import.ui.done",
                self._lang,
                added=len(done.added),
                replaced=len(done.replaced),
                file=done.source,
            )
        )
        self.restore_check.setVisible(bool(done.replaced))
        self.restore_check.setChecked(True)  # undoing a replacing import puts back what it replaced
        self.imported.emit(done)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ImportInterrupted):
            text = error.phrase.render(self._lang)
            self._set_state("ready" if isinstance(error, ImportCancelled) else "failed")
        elif isinstance(error, (ContactBookError, OSError, ValueError)):
            text = render("import.ui.failed", self._lang, error=error)
            self._set_state("failed")
        else:  # a bug: the error dialog with details, and nothing claimed as imported
            log.error("import of %s failed", self._path, exc_info=error)
            self._set_state("failed")
            self.summary_label.setText(render("import.ui.failed", self._lang, error=error))
            report_unexpected(error)
            return
        self.summary_label.setText(text)

    def cancel(self) -> None:
        """Cancel the running import (nothing is imported), or close the window."""
        self.reject()

    def reject(self) -> None:
        """Escape, the window's close button and Cancel: while importing, cancel the import
        (the window stays to say so); otherwise close."""
        if self._state == "importing":
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            return
        self._background.supersede("plan")
        super().reject()

    # -- undo --------------------------------------------------------------------------------
    def undo(self) -> None:
        """Undo this import (see the module docstring)."""
        if self._done is None or self._state != "done":
            return
        try:
            result = self._book.undo_import(
                self._done, restore_replaced=self.restore_check.isChecked()
            )
        except ContactBookError as exc:
            self.summary_label.setText(render("import.ui.failed", self._lang, error=exc))
            return
        self.summary_label.setText(undo_text(result, self._lang))
        if result.kept and not (result.removed or result.restored):
            return  # nothing undone (changed since): the import can still be undone later
        self._set_state("undone")
        self.summary_label.setText(undo_text(result, self._lang))
        self.undone.emit(result)

    def last_import(self) -> ImportDone | None:
        return self._done

    # -- state -------------------------------------------------------------------------------
    def state(self) -> str:
        """``reading``, ``ready``, ``importing``, ``done``, ``failed`` or ``undone``."""
        return self._state

    def _set_state(self, state: str) -> None:
        self._state = state
        busy = state in ("reading", "importing")
        self.progress.setVisible(busy)
        if state == "reading":
            self.progress.setRange(0, 0)  # busy indicator
        if state == "importing":
            self._show_progress()
            self._timer.start()
        else:
            self._timer.stop()
        self.import_button.setVisible(state in ("reading", "ready", "importing"))
        self._update_import_button()
        self.cancel_button.setEnabled(True)
        self.undo_button.setVisible(state == "done")
        self.restore_check.setVisible(state == "done" and bool(self._done and self._done.replaced))
        editable = state == "ready"
        self.table.setEnabled(editable or state in ("done", "undone"))
        self.mapping_box.setEnabled(editable)
        self.replace_check.setEnabled(editable)
        self.retranslate()


def undo_text(result: UndoDone, lang: str) -> str:
    """What undo did, in one sentence (with the contacts it kept because they changed)."""
    text = render(
        "import.ui.undone", lang, removed=len(result.removed), restored=len(result.restored)
    )
    if result.kept:
        text += " " + render("import.ui.kept", lang, ids=", ".join(result.kept))
    return text
