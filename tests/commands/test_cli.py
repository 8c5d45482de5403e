"""The ``faqdesk`` command's global options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from faqdesk.cli import main
from faqdesk.core.version import version


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"faqdesk {version()}"


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    from faqdesk.cli import COMMANDS

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "usage: faqdesk" in out
    for name in COMMANDS:
        assert name in out


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "faqdesk", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"faqdesk {version()}"


def test_a_mistyped_option_is_an_error_not_a_window(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--bogus-flag"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --bogus-flag" in capsys.readouterr().err


def test_qt_options_are_recognised_for_the_window() -> None:
    from faqdesk.cli import _qt_arguments_only

    assert _qt_arguments_only(["-platform", "offscreen", "-reverse"])
    assert not _qt_arguments_only(["-platform"])  # value missing
    assert not _qt_arguments_only(["--lang", "zh"])


def test_the_command_leaves_no_log_handler_behind(capsys: pytest.CaptureFixture[str]) -> None:
    """A later log line (another test's, or the app's after the command) must not be written
    to the terminal by a handler an earlier command installed."""
    import logging

    logger = logging.getLogger("faqdesk")
    before = list(logger.handlers)
    assert main(["check"]) == 0
    assert logger.handlers == before
    logging.getLogger("faqdesk.test").error("after the command")
    assert "after the command" not in capsys.readouterr().err


def test_the_command_logs_its_warnings_to_stderr_while_it_runs(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from faqdesk.core import log

    with log.to_stderr():
        logging.getLogger("faqdesk.test").warning("seen while running")
    assert "WARNING faqdesk.test: seen while running" in capsys.readouterr().err


def test_data_dir_option_keeps_the_users_contacts_in_that_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first profile", tmp_path / "second"
    add = ["contacts", "add", "--id", "my-forwarder", "--name-en", "My forwarder"]
    assert main(["--data-dir", str(first), *add]) == 0
    assert main(["--data-dir", str(first), "contacts", "list"]) == 0
    assert "my-forwarder" in capsys.readouterr().out
    assert main(["--data-dir", str(second), "contacts", "list"]) == 0
    assert "my-forwarder" not in capsys.readouterr().out
    assert (first / "contacts.sqlite3").is_file()


def test_data_dir_that_is_a_file_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(notes), "contacts", "list"])
    assert exit_info.value.code == 2
    assert "--data-dir" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "keep me"


def test_cache_dir_option_puts_the_index_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    assert main(["--cache-dir", str(cache), "search", "退货", "--json"]) == 0
    assert "returns-and-exchanges" in capsys.readouterr().out
    assert (cache / "index").is_dir()


@pytest.mark.parametrize("kind", ["fifo", "dangling link", "link loop", "device"])
def test_data_dir_that_is_no_folder_at_all_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    target = tmp_path / "odd"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dangling link":
        target.symlink_to(tmp_path / "nowhere")
    elif kind == "link loop":
        target.symlink_to(target)
    else:
        target = Path(os.devnull)
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(target), "contacts", "list"])
    assert exit_info.value.code == 2
    assert "--data-dir" in capsys.readouterr().err


def test_no_arguments_opens_the_window_without_building_the_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import faqdesk.cli
    import faqdesk.ui.app

    opened: list[tuple[object, ...]] = []

    def run_app(argv: list[str], *, self_test: bool = False, started: float = 0) -> int:
        opened.append((argv, self_test, started > 0))
        return 7

    def no_parser() -> None:
        raise AssertionError("the parser was built")

    monkeypatch.setattr(faqdesk.ui.app, "run_app", run_app)
    monkeypatch.setattr(faqdesk.cli, "build_parser", no_parser)
    assert main([]) == 7
    assert opened == [([], False, True)]
    with pytest.raises(AssertionError, match="parser"):
        main(["-platform", "offscreen"])  # Qt's options go through the parser
