"""Windows and macOS safety of the source (issue 17), checked by reading it.

The app must run on Windows and macOS, where the CI here cannot go. So the source is scanned:

- no POSIX-only module (``fcntl``, ``pwd``, ``termios``, …) nor Windows-only module imported
  without a guard (``try: … except ImportError``, or an ``if`` on the platform);
- no call or constant Windows lacks (``os.fork``, ``os.getuid``, ``signal.SIGHUP``,
  ``signal.alarm``, …) used without a guard (``hasattr``, ``getattr``, an ``if`` on the
  platform, ``try: … except AttributeError``);
- no worker process started with ``fork`` by name (``get_context("fork")``): the start
  method is chosen where ``spawn`` is the alternative (``indexbuild.start_method``);
- file paths through ``pathlib``: no ``os.path``, no hard-coded ``/tmp`` or ``/home``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "faqdesk"

POSIX_ONLY_MODULES = frozenset(
    {
        "fcntl",
        "pwd",
        "grp",
        "termios",
        "tty",
        "pty",
        "resource",
        "posix",
        "crypt",
        "syslog",
        "spwd",
        "nis",
        "readline",
        "curses",
        "posixpath",
    }
)
WINDOWS_ONLY_MODULES = frozenset({"msvcrt", "winreg", "winsound", "_winapi", "nt", "ntpath"})
#: module -> attributes it lacks on Windows
WINDOWS_LACKS = {
    "os": frozenset(
        {
            "fork",
            "forkpty",
            "getuid",
            "geteuid",
            "getgid",
            "getegid",
            "getgroups",
            "setsid",
            "setpgrp",
            "getpgid",
            "killpg",
            "mkfifo",
            "chown",
            "lchown",
            "fchown",
            "statvfs",
            "getloadavg",
            "sync",
            "register_at_fork",
            "O_NOFOLLOW",
            "O_NONBLOCK",
            "O_CLOEXEC",
            "WNOHANG",
            "wait3",
            "wait4",
            "nice",
            "pathconf",
            "sysconf",
            "uname",
            "ttyname",
        }
    ),
    "signal": frozenset(
        {
            "SIGHUP",
            "SIGKILL",
            "SIGUSR1",
            "SIGUSR2",
            "SIGALRM",
            "SIGCHLD",
            "SIGPIPE",
            "SIGQUIT",
            "SIGTSTP",
            "SIGCONT",
            "SIGSTOP",
            "SIGTTIN",
            "SIGTTOU",
            "SIGWINCH",
            "alarm",
            "pause",
            "setitimer",
            "getitimer",
            "siginterrupt",
            "pthread_kill",
            "pthread_sigmask",
        }
    ),
}
GUARD_WORDS = ("sys.platform", "os.name", "platform.system", "hasattr(", "TYPE_CHECKING")


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _catches(handler: ast.ExceptHandler, names: set[str]) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(t, ast.Name) and t.id in names for t in types)


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST], source: str, errors: set[str]) -> bool:
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.If | ast.IfExp) and child is not parent.test:
            test = ast.get_source_segment(source, parent.test) or ""
            if any(word in test for word in GUARD_WORDS):
                return True
        if (
            isinstance(parent, ast.Try)
            and child in parent.body
            and any(_catches(handler, errors) for handler in parent.handlers)
        ):
            return True
        child, parent = parent, parents.get(parent)
    return False


def problems(source: str, name: str = "<source>") -> Iterator[str]:
    """Where ``source`` is not safe on Windows or macOS, one line per finding."""
    tree = ast.parse(source)
    parents = _parents(tree)
    import_errors = {"ImportError", "ModuleNotFoundError", "Exception"}
    attribute_errors = {"AttributeError", "Exception"}
    for node in ast.walk(tree):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module.split(".")[0]]
        for module in modules:
            if module in POSIX_ONLY_MODULES | WINDOWS_ONLY_MODULES and not _guarded(
                node, parents, source, import_errors
            ):
                yield f"{where}: imports {module} unguarded"
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.attr in WINDOWS_LACKS.get(node.value.id, ())
            and not _guarded(node, parents, source, attribute_errors)
        ):
            yield f"{where}: {node.value.id}.{node.attr} is missing on Windows (unguarded)"
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "path"
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            yield f"{where}: os.path (use pathlib)"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get_context", "set_start_method"}
            and any(isinstance(a, ast.Constant) and a.value == "fork" for a in node.args)
        ):
            yield f"{where}: starts processes with fork by name (no spawn path)"
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith(("/tmp/", "/home/", "/var/", "/usr/"))
        ):
            yield f"{where}: hard-coded POSIX path {node.value!r}"


def _sources() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_the_source_is_safe_on_windows_and_macos() -> None:
    found = [
        line
        for path in _sources()
        for line in problems(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))
    ]
    assert found == []
    assert len(_sources()) > 50  # the scan really read the source


@pytest.mark.parametrize(
    "snippet",
    [
        "import fcntl",
        "from pwd import getpwuid",
        "import msvcrt",
        "import os\nos.fork()",
        "import os\nuid = os.getuid()",
        "import signal\nsignal.signal(signal.SIGHUP, print)",
        "import signal\nsignal.alarm(1)",
        "import multiprocessing\nctx = multiprocessing.get_context('fork')",
        "import os\npath = os.path.join('a', 'b')",
        "folder = '/tmp/faqdesk'",
        "try:\n    import fcntl\nexcept KeyError:\n    pass",
        "if ready:\n    import termios",
    ],
)
def test_the_scan_finds_what_breaks_on_windows(snippet: str) -> None:
    assert list(problems(snippet)), snippet


@pytest.mark.parametrize(
    "snippet",
    [
        "try:\n    import fcntl\nexcept ImportError:\n    fcntl = None",
        "import sys\nif sys.platform != 'win32':\n    import pwd",
        "import os\nif os.name == 'nt':\n    import msvcrt\nelse:\n    import termios",
        "import os\nif hasattr(os, 'register_at_fork'):\n    os.register_at_fork(after_in_child=f)",
        "import signal\nif hasattr(signal, 'SIGHUP'):\n    signal.signal(signal.SIGHUP, print)",
        "import os\nfork = getattr(os, 'fork', None)",
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)",
        "import multiprocessing\nctx = multiprocessing.get_context(method)",
        "from pathlib import Path\npath = Path('a') / 'b'",
    ],
)
def test_the_scan_accepts_guarded_and_portable_code(snippet: str) -> None:
    assert list(problems(snippet)) == [], snippet
