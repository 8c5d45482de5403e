"""Named loggers for FAQDesk, all below the ``faqdesk`` logger."""

from __future__ import annotations

import logging
import sys
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


def configure(verbose: bool = False) -> None:
    """Send FAQDesk's log lines to stderr; quiet by default (warnings and errors only)."""
    root = logging.getLogger("faqdesk")
    if not root.handlers:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
