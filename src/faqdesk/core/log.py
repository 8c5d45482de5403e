"""Named loggers for FAQDesk, all below the ``faqdesk`` logger."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from typing import Any


def get_logger(name: str) -> logging.Logger:
    """Return the logger ``faqdesk.<name>`` (``name`` is usually the module's short name)."""
    return logging.getLogger(f"faqdesk.{name}")


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of each record (tests swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


@contextlib.contextmanager
def to_stderr(verbose: bool = False) -> Iterator[None]:
    """While the block runs, send FAQDesk's log lines to stderr (warnings and errors only,
    unless ``verbose``); afterwards the ``faqdesk`` logger is as it was, so nothing is left
    installed when the command returns (a test's later log lines stay in its own capture)."""
    root = logging.getLogger("faqdesk")
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
