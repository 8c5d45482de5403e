"""Settings → Sync: server address, user, password, "Test connection", "Set up sync" and the
automatic sync interval (off by default).

Every check that needs the network runs in the sync's background job; the page only shows
the outcome (plain text, under the buttons). Problems with the address are shown at once,
before anything is sent. The password goes to the system keyring, never to a file; without a
keyring it is kept in memory until FAQDesk closes.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.sync.account import Account, store_password, url_problem
from faqdesk.core.sync.errors import SyncError
from faqdesk.core.sync.run import check_connection, setup
from faqdesk.core.sync.state import SyncState
from faqdesk.core.text import Phrase, render
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.sync.controller import SyncController

#: Test connection and setup give up sooner than a sync: the user is waiting for the answer.
QUICK_TIMEOUT = (5.0, 15.0)
#: ... and the whole test or setup ends within this many seconds, however slow the server.
QUICK_DEADLINE = 45.0


class SyncPage(Panel, QGroupBox):
    """The sync part of the settings dialog."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.controller = controller
        account = controller.status.account if controller.status else None
        self.url_edit = QLineEdit(account.url if account else "", self)
        self.url_edit.setObjectName("syncUrl")
        self.url_edit.setPlaceholderText("https://dav.example.com/")
        self.user_edit = QLineEdit(account.user if account else "", self)
        self.user_edit.setObjectName("syncUser")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("syncPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.addressbook_edit = QLineEdit(account.addressbook if account else "", self)
        self.addressbook_edit.setObjectName("syncAddressbook")
        self.allow_http = QCheckBox(self)
        self.allow_http.setObjectName("syncAllowHttp")
        self.allow_http.setChecked(bool(account and account.allow_http))
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setObjectName("syncInterval")
        self.interval_spin.setRange(0, 24 * 60)
        self.interval_spin.setValue(controller.status.interval_minutes if controller.status else 0)
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("syncTest")
        self.setup_button = QPushButton(self)
        self.setup_button.setObjectName("syncSetup")
        self.message = plain_label(self)
        self.message.setObjectName("syncMessage")
        self.message.setWordWrap(True)

        self.url_label, self.user_label = QLabel(self), QLabel(self)
        self.password_label, self.addressbook_label = QLabel(self), QLabel(self)
        self.interval_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.url_label, self.url_edit)
        form.addRow("", self.allow_http)
        form.addRow(self.user_label, self.user_edit)
        form.addRow(self.password_label, self.password_edit)
        form.addRow(self.addressbook_label, self.addressbook_edit)
        form.addRow(self.interval_label, self.interval_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.setup_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        self.test_button.clicked.connect(self.test_connection)
        self.setup_button.clicked.connect(self.set_up)
        self.interval_spin.valueChanged.connect(self._save_interval)
        self.retranslate()

    def _lang(self) -> str:
        return self.controller.language()

    def _show(self, phrase: Phrase) -> None:
        self.message.setText(phrase.render(self._lang()))

    def account(self) -> Account:
        return Account(
            self.url_edit.text().strip(),
            self.user_edit.text().strip(),
            addressbook=self.addressbook_edit.text().strip(),
            allow_http=self.allow_http.isChecked(),
        )

    def _checked(self) -> tuple[Account, str] | None:
        """The account and password, or None with the first problem shown."""
        account = self.account()
        problem = url_problem(account.url, allow_http=account.allow_http)
        if problem is not None:
            self._show(problem)
            return None
        if not account.user:
            self._show(Phrase.of("sync.ui.need_user"))
            return None
        password = self.password_edit.text() or self.controller.session_password or ""
        if not password:
            self._show(Phrase.of("sync.ui.need_password"))
            return None
        return account, password

    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self.setup_button.setEnabled(not busy)
        if busy:
            self._show(Phrase.of("sync.ui.testing"))

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog was closed meanwhile
        self._busy(False)
        if isinstance(error, SyncError):
            self._show(error.phrase)
        else:
            self.message.setText(str(error))

    def test_connection(self) -> None:
        checked = self._checked()
        if checked is None:
            return
        account, password = checked
        self._busy(True)

        def done(_result: None) -> None:
            if shiboken6.isValid(self):
                self._busy(False)
                self._show(Phrase.of("sync.ui.test_ok"))

        self.controller.run_quick(
            lambda: check_connection(
                account, password, timeout=QUICK_TIMEOUT, deadline=QUICK_DEADLINE
            ),
            done,
            self._failed,
        )

    def set_up(self) -> None:
        checked = self._checked()
        if checked is None:
            return
        account, password = checked
        self._busy(True)
        data_dir = self.controller.data_dir

        def work() -> tuple[Account, bool]:
            with SyncState(data_dir) as state:
                ready = setup(
                    state, account, password, timeout=QUICK_TIMEOUT, deadline=QUICK_DEADLINE
                )
            return ready, store_password(ready, password)

        def done(result: tuple[Account, bool]) -> None:
            ready, kept = result
            self.controller.session_password = None if kept else password
            self.controller.refresh()
            if shiboken6.isValid(self):
                self._busy(False)
                key = "sync.ui.saved" if kept else "sync.ui.saved_no_keyring"
                self._show(Phrase.of(key, path=ready.addressbook))
                self.password_edit.clear()

        self.controller.run(work, done, self._failed)

    def _save_interval(self, minutes: int) -> None:
        data_dir = self.controller.data_dir

        def work() -> None:
            with SyncState(data_dir) as state:
                state.interval_minutes = minutes

        self.controller.run(work, lambda _none: self.controller.refresh())

    def retranslate(self) -> None:
        lang = self._lang()
        self.setTitle(render("sync.ui.page", lang))
        self.url_label.setText(render("sync.ui.url", lang))
        self.user_label.setText(render("sync.ui.user", lang))
        self.password_label.setText(render("sync.ui.password", lang))
        self.addressbook_label.setText(render("sync.ui.addressbook", lang))
        self.allow_http.setText(render("sync.ui.allow_http", lang))
        self.interval_label.setText(render("sync.ui.interval", lang))
        self.interval_spin.setSpecialValueText(render("sync.ui.interval_off", lang))
        self.interval_spin.setSuffix(render("sync.ui.interval_suffix", lang))
        self.test_button.setText(render("sync.ui.test", lang))
        self.setup_button.setText(render("sync.ui.save", lang))


def add_sync_page(dialog: QWidget, controller: SyncController) -> SyncPage:
    """Put the sync page into the settings dialog, above its OK/Cancel buttons."""
    page = SyncPage(controller, dialog)
    layout = dialog.layout()
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(max(0, layout.count() - 1), page)
    return page
