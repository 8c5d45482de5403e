"""The ``faqdesk`` command: no arguments opens the window; subcommands run headless."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from faqdesk.core import log, paths
from faqdesk.core.version import version

#: Subcommands in the order ``--help`` lists them; each is ``faqdesk.commands.<name>``.
COMMANDS: tuple[str, ...] = (
    "check", "search", "index", "calltime", "contacts", "compose", "say", "cases", "sync", "open",
)


#: Qt's own command-line options that take a value, passed on to QApplication when the
#: window opens (e.g. ``faqdesk -platform xcb``); anything else unknown is an error.
QT_OPTIONS_WITH_VALUE = frozenset(
    {
        "-platform",
        "-platformpluginpath",
        "-platformtheme",
        "-plugin",
        "-style",
        "-stylesheet",
        "-qwindowgeometry",
        "-qwindowtitle",
        "-qwindowicon",
        "-display",
        "-geometry",
        "-session",
    }
)
QT_FLAGS = frozenset({"-reverse", "-widgetcount", "-nograb", "-dograb", "-sync"})


def _qt_arguments_only(args: Sequence[str]) -> bool:
    expect_value = False
    for arg in args:
        if expect_value:
            expect_value = False
        elif arg in QT_OPTIONS_WITH_VALUE:
            expect_value = True
        elif arg not in QT_FLAGS:
            return False
    return not expect_value


def _command_modules() -> dict[str, ModuleType]:
    return {name: importlib.import_module(f"faqdesk.commands.{name}") for name in COMMANDS}


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for (it costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"faqdesk {version()}")
        parser.exit()


def _dash_hint(command: str | None) -> str:
    """For ``search``: how to look for a word that starts with '-' (argparse reads it as an
    option)."""
    if command != "search":
        return ""
    return " (to search for words that start with '-', put them after --: faqdesk search -- -x)"


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser; its errors say how to pass a query that starts with '-'."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.rsplit(" ", 1)[-1]
        super().error(message + _dash_hint(command))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``faqdesk`` command (exposed for tests)."""
    parser = argparse.ArgumentParser(
        prog="faqdesk",
        description=(
            "FAQDesk — offline support desk for Ozon logistics: knowledge base, search, "
            "contacts and call times. Without a subcommand, opens the window."
        ),
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="show program's version number and exit"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail to stderr")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep your contacts, settings and own articles in DIR instead of the usual "
        "per-user folder (same as FAQDESK_DATA_DIR)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep the search index in DIR (same as FAQDESK_CACHE_DIR)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window, wait until search is ready, print the start-up times and exit"
        " (exit code 0: all worked)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name, module in _command_modules().items():
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command_parser)
        command_parser.set_defaults(_run=module.run)
        if name == "open":
            command_parser.set_defaults(_window=_open_window)
    return parser


def _open_window(link: str, lang: str | None) -> int:
    """``faqdesk open``: the running window shows ``link``, or the window starts on it."""
    from faqdesk.ui.articles.open_link import open_in_window

    return open_in_window(link, lang)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``faqdesk`` console script; returns the exit code."""
    started = time.perf_counter()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0].lower().startswith("faqdesk:"):  # a link from the desktop
        args_list.insert(0, "open")
    if not args_list:  # the window, as a double-click opens it: no parser (0.02 s) to build
        with log.to_stderr(verbose=False):
            from faqdesk.ui.app import run_app

            return run_app([], started=started)
    parser = build_parser()
    args, qt_args = parser.parse_known_args(args_list)
    _use_folders(parser, args)
    with log.to_stderr(verbose=args.verbose):
        return _run(parser, args, qt_args, started)


def _usable_folder(value: str) -> bool:
    """A folder, or a name where one can be made: not empty, not a file, FIFO, device or a
    symbolic link that leads nowhere (or round in a loop)."""
    if not value.strip():
        return False
    path = Path(value).expanduser()
    try:
        present = path.is_symlink() or path.exists()
        return not present or path.is_dir()
    except OSError:  # a name too long, a loop on the way
        return False


def _use_folders(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--data-dir`` / ``--cache-dir``: refused when they name something that is not a folder
    (nothing is created or changed before the command runs)."""
    for option, value in (("--data-dir", args.data_dir), ("--cache-dir", args.cache_dir)):
        if value is not None and not _usable_folder(value):
            parser.error(f"{option} {value!r}: not a folder")
    paths.use_user_dirs(args.data_dir, args.cache_dir)


def _run(
    parser: argparse.ArgumentParser,
    args: argparse.Namespace,
    qt_args: list[str],
    started: float | None = None,
) -> int:
    if args.command is None:
        if not _qt_arguments_only(qt_args):
            parser.error(f"unrecognized arguments: {' '.join(qt_args)}")
        from faqdesk.ui.app import run_app

        return run_app(qt_args, self_test=args.self_test, started=started)
    if args.self_test:
        parser.error("--self-test opens the window: it takes no subcommand")
    if qt_args:
        parser.error(f"unrecognized arguments: {' '.join(qt_args)}{_dash_hint(args.command)}")
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `faqdesk search x | head`
        return 0
