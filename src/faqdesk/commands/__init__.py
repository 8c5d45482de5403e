"""Headless subcommands of the ``faqdesk`` command, one module per subcommand.

Each module defines ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
Modules import heavy libraries (jieba, Whoosh, Qt) inside ``run`` so ``faqdesk --help`` stays fast.
"""

from datetime import UTC, datetime


def system_now() -> datetime:
    """The command line's one clock: the system time, in UTC."""
    return datetime.now(UTC)
