"""A second launch brings the first instance to the front; stale sockets are cleaned up."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot

from faqdesk.ui.common.single_instance import SingleInstance, message, server_name
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings


@pytest.fixture
def name() -> str:
    return f"faqdesk-test-{uuid.uuid4().hex[:10]}"


def test_second_instance_asks_the_first_to_come_to_the_front(qtbot: QtBot, name: str) -> None:
    first = SingleInstance(name)
    assert first.claim() is True
    assert first.is_listening()
    second = SingleInstance(name)
    with qtbot.waitSignal(first.activateRequested, timeout=3000):
        assert second.claim() is False
    assert not second.is_listening()
    first.close()


def test_a_stale_socket_left_by_a_crash_is_removed(qtbot: QtBot, name: str) -> None:
    path = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()  # the file stays, nobody listens: what a crashed instance leaves
    assert path.exists()
    instance = SingleInstance(name)
    assert instance.claim() is True
    assert instance.is_listening()
    instance.close()


def test_messages_of_another_version_are_ignored(qtbot: QtBot, name: str) -> None:
    from PySide6.QtNetwork import QLocalSocket

    first = SingleInstance(name)
    assert first.claim()
    client = QLocalSocket()
    client.connectToServer(name)
    assert client.waitForConnected(1000)
    activations: list[bool] = []
    first.activateRequested.connect(lambda: activations.append(True))
    # The other version's line, then a valid message, in one write: the server reads both
    # together, so once the valid one has been acted on the other one has been seen too.
    with qtbot.waitSignal(first.activateRequested, timeout=3000):
        client.write(b"faqdesk-ipc 99 activate\n" + message())
        client.flush()
    assert len(activations) == 1, "only the message of this version was acted on"
    client.disconnectFromServer()
    first.close()


def test_names_are_per_user_and_folder_and_the_message_is_versioned() -> None:
    assert server_name("/a") != server_name("/b")
    assert server_name("/a") == server_name("/a")
    assert message() == b"faqdesk-ipc 1 activate\n"


def test_a_second_launch_brings_the_minimized_window_back(
    qtbot: QtBot, name: str, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    first = SingleInstance(name)
    assert first.claim()
    first.activateRequested.connect(window.bring_to_front)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    assert SingleInstance(name).claim() is False  # the second launch
    qtbot.waitUntil(lambda: not window.isMinimized() and window.isVisible())
    first.close()


def test_a_link_reaches_the_running_window_which_shows_the_article(
    qtbot: QtBot, name: str, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    first = SingleInstance(name, parent=app)
    assert first.claim()
    try:
        window = open_window(settings)  # the window listens to the app's instance
        with qtbot.waitSignal(first.openRequested, timeout=3000) as opened:
            assert SingleInstance(name).claim("faqdesk://article/wrong-address") is False
        assert opened.args == ["faqdesk://article/wrong-address"]
        page = window.article_view.page()
        assert page is not None and page.article_id == "wrong-address"
        assert window.reader.currentWidget() is window.reader.article_page
    finally:
        first.close()
        first.setParent(None)


def test_odd_open_messages_are_ignored_and_a_link_with_spaces_arrives_whole(
    qtbot: QtBot, name: str
) -> None:
    from PySide6.QtNetwork import QLocalSocket

    first = SingleInstance(name)
    assert first.claim()
    links: list[str] = []
    first.openRequested.connect(links.append)
    client = QLocalSocket()
    client.connectToServer(name)
    assert client.waitForConnected(1000)
    odd = b"faqdesk-ipc 1 open\nfaqdesk-ipc 1 open a b\nfaqdesk-ipc 1 open " + b"x" * 9000 + b"\n"
    with qtbot.waitSignal(first.openRequested, timeout=3000):
        client.write(odd + message("open", "faqdesk://article/x#a b"))
        client.flush()
    assert links == ["faqdesk://article/x#a b"]
    client.disconnectFromServer()
    first.close()
