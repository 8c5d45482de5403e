"""An index build in another process, on the second core while the window starts (issue 11).

When the window starts and there is no search index yet (a cleared cache, the first start of
the bundle), building it is the longest part of getting search ready, and it would wait
behind the window's own start-up: Python runs one thread at a time. :func:`start_index_build`
starts ``faqdesk index`` as a separate process as soon as this launch is the running one
(before the window is built); it builds the index of the same content into the same folder
(its folders come from the same environment), and the window's search opens the index once
that process has ended (:meth:`IndexBuild.wait`). Should it fail, the window builds the index
itself, as it does without it. An index folder that exists is left to the window (it updates
what changed), and so is the very first start of a source install, when jieba has no cache
yet (:func:`dictionary_ready`).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from faqdesk.core import paths
from faqdesk.core.log import get_logger

_log = get_logger("search")

#: How long the window's search waits for the build before it opens (or builds) the index
#: itself: far longer than any build of the bundled content takes.
WAIT_S = 120.0
#: How often the wait looks whether the window is closing.
_SLICE_S = 0.1

#: The builds started by this process: kept, so that a build still running when the window
#: closes is not collected (and warned about); it finishes on its own.
_started: list[subprocess.Popen[bytes]] = []


class IndexBuild:
    """``faqdesk index`` running in a separate process."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    def wait(self, timeout: float = WAIT_S, stop: Callable[[], bool] = lambda: False) -> bool:
        """Wait until the build has ended (at most ``timeout`` seconds, and only while
        ``stop()`` is false: the window is closing); True when it built the index."""
        waited = 0.0
        while True:
            try:
                code = self.process.wait(_SLICE_S)
                break
            except subprocess.TimeoutExpired:
                waited += _SLICE_S
            if stop():
                return False
            if waited >= timeout:
                _log.warning("the index build started at launch is still running; going on")
                return False
        if code != 0:
            _log.info("the index build started at launch ended with %s", code)
        return code == 0


def index_command() -> list[str]:
    """How this installation runs ``faqdesk index``: the bundle's own executable, else this
    Python with the ``faqdesk`` package."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "index"]
    return [sys.executable, "-P", "-m", "faqdesk", "index"]  # -P: not from the working folder


def dictionary_ready() -> bool:
    """Whether jieba's dictionary loads quickly in a new process: its cache or FAQDesk's word
    table is in the user cache folder (an earlier start made them), or this is the bundle
    (built with both). On the very first start a build process would have to make jieba's
    cache itself (~1.3 s) while the window makes its own: building in the window is sooner."""
    if getattr(sys, "frozen", False):
        return True
    from faqdesk.core.search.chinese import JIEBA_CACHE_NAME, WORD_TABLE_NAME

    folder = paths.user_cache_dir()
    return any((folder / name).is_file() for name in (WORD_TABLE_NAME, JIEBA_CACHE_NAME))


def start_index_build(index_dir: Path | None = None) -> IndexBuild | None:
    """Start ``faqdesk index`` when the index folder (default: the user cache folder's) does
    not exist or is empty and jieba's dictionary is ready (:func:`dictionary_ready`); None
    when it was not needed or could not be started (logged)."""
    folder = index_dir if index_dir is not None else paths.default_index_dir()
    try:
        if folder.is_symlink() or (folder.exists() and any(folder.iterdir())):
            return None
    except OSError:  # not a folder, unreadable: the window's search says what is wrong
        return None
    if not dictionary_ready():
        return None
    command = index_command()
    if index_dir is not None:
        command += ["--index-dir", str(index_dir)]
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console flashes up
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            creationflags=flags,
        )
    except OSError as exc:
        _log.info("cannot start the index build at launch: %s", exc)
        return None
    _started.append(process)
    return IndexBuild(process)
