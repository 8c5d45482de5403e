"""The version of FAQDesk, from the installed package's metadata.

The core never imports the package root (``faqdesk/__init__.py``); the command line, the window
and the search index ask :func:`version`. It is read on first use, not at import:
``importlib.metadata`` costs tens of milliseconds that the window's start-up does not need. A
source checkout that was never installed has no metadata: it reports ``0+source``.
"""

from __future__ import annotations

import functools


@functools.cache
def version() -> str:
    """The installed version, e.g. ``0.1.0``."""
    from importlib import metadata

    try:
        return metadata.version("faqdesk")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout on PYTHONPATH only
        return "0+source"
