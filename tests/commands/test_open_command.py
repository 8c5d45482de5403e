"""``faqdesk open ID`` and ``faqdesk faqdesk://article/ID``: a running window shows the
article; anything that is not an article id or link is refused with exit 2."""

from __future__ import annotations

import configparser

import pytest
from pytestqt.qtbot import QtBot

from faqdesk.cli import main
from faqdesk.commands.open import article_link
from faqdesk.core import paths
from faqdesk.ui.common.single_instance import SingleInstance
from faqdesk.ui.settings.store import Settings


def test_ids_and_links_become_article_links() -> None:
    assert article_link("delivery-delay") == "faqdesk://article/delivery-delay"
    assert article_link("faqdesk://article/wrong-address#步骤") == (
        "faqdesk://article/wrong-address#%E6%AD%A5%E9%AA%A4"
    )
    bad_targets = (
        "",
        "x\ny",
        "../etc/passwd",
        "a b",
        "faqdesk://evil/x",
        "file:///etc/x",
        "x" * 300,
    )
    for bad in bad_targets:
        assert article_link(bad) is None, bad


@pytest.mark.parametrize("argv", [["open", "../x"], ["faqdesk://other/x"], ["open", "a\x1b[2Jb"]])
def test_a_bad_target_is_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "not an article id" in err and "\x1b" not in err


def test_a_running_faqdesk_gets_the_link(qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    running = SingleInstance()  # the per-user name, in this test's own data folder
    assert running.claim()
    try:
        with qtbot.waitSignal(running.openRequested, timeout=3000) as opened:
            assert main(["faqdesk://article/lost-or-damaged-parcel"]) == 0
        assert opened.args == ["faqdesk://article/lost-or-damaged-parcel"]
        assert "lost-or-damaged-parcel" in capsys.readouterr().out
    finally:
        running.close()


def test_the_desktop_entry_handles_faqdesk_links() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(paths.resources_dir() / "faqdesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert "x-scheme-handler/faqdesk" in section["MimeType"].split(";")
    assert section["Exec"].split() == ["faqdesk", "%u"]


def test_a_link_to_no_article_is_refused_and_the_reading_place_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings()
    settings.set_value("last_article", "delivery-delay")
    settings.set_value("last_article_lang", "en")
    settings.set_value("last_scroll", 300)
    settings.sync()
    started: list[str] = []
    monkeypatch.setattr("faqdesk.ui.app.run_app", lambda: started.append("window") or 0)

    assert main(["open", "no-such-article"]) == 2
    assert main(["faqdesk://article/no-such-article#steps"]) == 2
    err = capsys.readouterr().err
    assert "no article no-such-article" in err
    assert started == []
    again = Settings()
    assert again.value("last_article") == "delivery-delay"
    assert again.value("last_scroll") == 300


def test_a_link_too_long_for_the_window_is_refused_not_sent(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    running = SingleInstance()
    assert running.claim()
    try:
        with qtbot.assertNotEmitted(running.openRequested, wait=100):
            # too long as typed, and short enough as typed but too long once encoded
            assert main(["faqdesk://article/delivery-delay#" + "a" * 5000]) == 2
            assert main(["open", "faqdesk://article/delivery-delay#" + "步" * 1000]) == 2
        err = capsys.readouterr()
        assert err.err.count("the link is too long") == 2 and "at most 4096" in err.err
        assert "already running" not in err.out
    finally:
        running.close()
