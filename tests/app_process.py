"""The environment of an app started in a subprocess by a test: offscreen, with its own
data, cache and settings folders, running this tree's ``faqdesk``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import faqdesk


def app_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """``os.environ`` with the app's folders under ``tmp_path`` and ``extra`` added."""
    env = dict(os.environ)
    env.pop("FAQDESK_STARTUP_REPORT", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        FAQDESK_DATA_DIR=str(tmp_path / "data"),
        FAQDESK_CACHE_DIR=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        # this tree's faqdesk, whatever the folder the test runs from (a relative PYTHONPATH
        # does not hold in tmp_path: the installed package would run instead)
        PYTHONPATH=str(Path(faqdesk.__file__).resolve().parent.parent),
    )
    env.update(extra)
    return env


def run_python(
    tmp_path: Path, args: list[str], timeout: float, **extra: str
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with :func:`app_environment`, from ``tmp_path`` (not the repository:
    the app finds its files on its own), its output captured."""
    return subprocess.run(
        [sys.executable, *args],
        env=app_environment(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=tmp_path,
    )
