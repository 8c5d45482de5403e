"""The single-instance server name is valid on Windows, macOS and Linux (issue 17)."""

from __future__ import annotations

import re
import sys

import pytest
from pytestqt.qtbot import QtBot

from faqdesk.ui.common.single_instance import SingleInstance, server_name

#: A Windows pipe name (\\.\pipe\NAME) may hold any character but the backslash, up to 256
#: characters; a Unix socket path (Qt puts it in the temporary folder) must stay under ~100
#: bytes. A short ASCII name is valid everywhere.
VALID_EVERYWHERE = re.compile(r"[A-Za-z0-9_-]{1,40}")

SCOPES = [
    r"C:\Users\李明\AppData\Local\FAQDesk\FAQDesk",
    "/Users/li/Library/Application Support/FAQDesk",
    "/home/li/.local/share/FAQDesk",
    "\\\\server\\share\\" + "长" * 300,
    "with\nnewline\x00and nul",
    "",
]


@pytest.mark.parametrize("scope", SCOPES)
def test_the_server_name_is_short_plain_ascii_for_any_data_folder(scope: str) -> None:
    assert VALID_EVERYWHERE.fullmatch(server_name(scope)), server_name(scope)


def test_the_server_name_does_not_need_a_unix_user_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Windows without USERNAME (a service, a stripped environment): getpass falls back to the
    # pwd module, which Windows lacks.
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setitem(sys.modules, "pwd", None)  # import pwd -> ImportError, as on Windows
    name = server_name("C:/data")
    assert VALID_EVERYWHERE.fullmatch(name)
    assert name == server_name("C:/data")


def test_a_server_listens_under_a_name_made_from_an_unusual_folder(qtbot: QtBot) -> None:
    instance = SingleInstance(server_name("\\\\server\\share\\" + "长" * 300))
    try:
        assert instance.claim()
        assert instance.is_listening()
    finally:
        instance.close()
