"""The contact editor shows the core's typed problems under the field they name."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from faqdesk.core import text
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import Contact
from faqdesk.core.problems import Problem
from faqdesk.ui.common import i18n
from faqdesk.ui.contacts import editor as editor_module
from faqdesk.ui.contacts.channel_table import COL_REPLY
from ui.contacts.editor_helpers import fill_minimal, ok_button, open_editor

SENTENCES = {
    "en": {"test.reply": "reply time {value!r} must be a positive number of hours"},
    "zh": {"test.reply": "回复时间 {value!r} 必须是正数（小时）"},
}


@pytest.fixture
def core_reports(monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    """What ``contact_from_mapping`` reports on top of its own findings (a test's sentences
    in the core's catalog), as the core will once every rule names its field."""
    extra: list[Problem] = []
    real = editor_module.contact_from_mapping

    def judged(data: object, where: str, **kwargs: Any) -> tuple[Contact | None, list[Problem]]:
        contact, problems = real(data, where, **kwargs)
        return (None if extra else contact), [*problems, *extra]

    monkeypatch.setattr(editor_module, "contact_from_mapping", judged)
    real_catalog = text.catalog
    monkeypatch.setattr(
        text, "catalog", lambda lang: {**real_catalog(lang), **SENTENCES.get(lang, {})}
    )
    return extra


@pytest.mark.parametrize(
    ("field", "where_shown"),
    [
        ("id", "id_error"),
        ("name.en", "name_error"),
        ("tz", "tz_error"),
        ("hours.sat", "hours-sat"),
        ("hours.fri", "hours-other"),
        ("channels[0].reply_within_hours", "channel_error"),
        ("calendar", "save_error"),  # no label of its own
    ],
)
def test_a_core_problem_is_shown_under_the_field_it_names(
    qtbot: QtBot, book: ContactBook, core_reports: list[Problem], field: str, where_shown: str
) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    editor.channel_table.add_channel("phone", "phone", "+7 383 000 00 00")
    assert ok_button(editor).isEnabled()
    core_reports.append(Problem.of("editor", "test.reply", field=field, value=-2))
    editor.accept()  # shown once OK is pressed, even for a field the user did not touch
    labels = {
        "id_error": editor.id_error,
        "name_error": editor.name_error,
        "tz_error": editor.tz_error,
        "channel_error": editor.channel_error,
        "save_error": editor.save_error,
        **{f"hours-{key}": label for key, label in editor.hours_errors.items()},
    }
    sentence = "reply time -2 must be a positive number of hours"
    for name, label in labels.items():
        assert label.text() == (sentence if name == where_shown else ""), name
    assert not ok_button(editor).isEnabled()
    core_reports.clear()
    editor.validate()
    assert not labels[where_shown].isVisible() and ok_button(editor).isEnabled()


def test_a_core_problem_is_in_chinese_when_the_window_is(
    qtbot: QtBot, book: ContactBook, core_reports: list[Problem]
) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    row = editor.channel_table.add_channel("mail", "email", "desk@example.com")
    core_reports.append(
        Problem.of("editor", "test.reply", field="channels[0].reply_within_hours", value=-2)
    )
    try:
        i18n.set_language("zh")
        qtbot.waitUntil(lambda: editor.windowTitle() == "新建联系人")
        assert editor.channel_error.text() == "回复时间 -2 必须是正数（小时）"
        assert editor.channel_table.item(row, COL_REPLY).toolTip() == editor.channel_error.text()
    finally:
        i18n.set_language("en")
    qtbot.waitUntil(lambda: editor.windowTitle() == "New contact")
    assert editor.channel_error.text() == "reply time -2 must be a positive number of hours"


def test_the_core_s_problem_wins_over_the_editor_s_own_check(
    qtbot: QtBot, book: ContactBook, core_reports: list[Problem]
) -> None:
    editor = open_editor(qtbot, book)
    qtbot.keyClicks(editor.id_edit, "agent")
    editor.accept()
    assert editor.name_error.text() == "Give a name in Chinese or English."
    core_reports.append(Problem.of("editor", "test.reply", field="name", value="?"))
    editor.validate()
    assert editor.name_error.text() == "reply time '?' must be a positive number of hours"


def test_a_problem_without_a_field_goes_to_the_save_line(
    qtbot: QtBot, book: ContactBook, core_reports: list[Problem]
) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    core_reports.append(Problem.said("editor", "something the form cannot place"))
    editor.accept()
    assert editor.save_error.text() == "something the form cannot place"
    assert not ok_button(editor).isEnabled()
    core_reports.clear()
    editor.validate()
    assert not editor.save_error.isVisible() and ok_button(editor).isEnabled()
