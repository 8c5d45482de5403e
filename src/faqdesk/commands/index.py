"""``faqdesk index``: build or update the search index (normally done on first search)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "build or update the search index of the articles"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    parser.add_argument(
        "--content", metavar="DIR", type=Path, default=None, help="content folder to index"
    )
    parser.add_argument(
        "--index-dir", metavar="DIR", type=Path, default=None, help="where the index lives"
    )


def run(args: argparse.Namespace) -> int:
    from faqdesk.core.search import KnowledgeBase

    content = args.content.expanduser() if args.content is not None else None
    if content is not None and not content.is_dir():
        print(f"faqdesk index: no such content folder: {content}", file=sys.stderr)
        return 2
    index_dir = args.index_dir.expanduser() if args.index_dir is not None else None
    with KnowledgeBase.open(content, index_dir, rebuild=args.rebuild) as kb:
        report = kb.sync_report
        for problem in kb.problems:
            print(problem, file=sys.stderr)
        count = len(kb.library.articles)
        if report.rebuilt:
            what = f"built ({report.reason})"
        elif report.locked:
            what = "in use by another process; the last version is kept"
        elif report.added or report.updated or report.deleted:
            what = (
                f"updated: {report.added} added, {report.updated} changed, {report.deleted} removed"
            )
        else:
            what = "up to date"
        print(f"index {what}: {count} articles, {report.seconds:.2f} s, at {kb.index_dir}")
        if report.moved_aside is not None:
            print(f"the damaged index was moved to {report.moved_aside}")
    return 0
