"""Headless subcommands of the ``faqdesk`` command, one module per subcommand.

Each module defines ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
Modules import heavy libraries (jieba, Whoosh, YAML) inside ``run``: ``faqdesk --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from faqdesk.core.search.knowledge_base import KnowledgeBase


def system_now() -> datetime:
    """The command line's one clock: the system time, in UTC."""
    return datetime.now(UTC)


def add_folder_arguments(parser: argparse.ArgumentParser, content_help: str) -> None:
    """``--content DIR`` and ``--index-dir DIR``, shared by the commands that open the index."""
    parser.add_argument("--content", metavar="DIR", type=Path, default=None, help=content_help)
    parser.add_argument(
        "--index-dir", metavar="DIR", type=Path, default=None, help="where the index lives"
    )


def folders(args: argparse.Namespace, command: str) -> tuple[Path | None, Path | None] | None:
    """The content and index folders the options name (``~`` expanded); None, with the error
    printed, when the content folder does not exist (the command then exits 2)."""
    content = args.content.expanduser() if args.content is not None else None
    if content is not None and not content.is_dir():
        from faqdesk.core import text

        print(text.render("cli.folder.missing", command=command, folder=content), file=sys.stderr)
        return None
    return content, (args.index_dir.expanduser() if args.index_dir is not None else None)


def open_knowledge_base(
    command: str, content: Path | None, index_dir: Path | None, **options: Any
) -> KnowledgeBase | None:
    """The knowledge base of ``content`` with its index in ``index_dir``; None, with the reason
    printed, when that folder holds files FAQDesk did not make (the command then exits 2:
    the folder is left exactly as it was)."""
    from faqdesk.core.search.folder import NotAnIndexFolder
    from faqdesk.core.search.knowledge_base import KnowledgeBase

    try:
        return KnowledgeBase.open(content, index_dir, **options)
    except NotAnIndexFolder as exc:
        print(f"faqdesk {command}: {exc.problem}", file=sys.stderr)
        return None
