"""``faqdesk index``: build or update the search index (normally done on first search)."""

from __future__ import annotations

import argparse
import sys

from faqdesk.commands import add_folder_arguments, folders

HELP = "build or update the search index of the articles"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    add_folder_arguments(parser, "content folder to index")


def run(args: argparse.Namespace) -> int:
    from faqdesk.core.search.knowledge_base import KnowledgeBase

    found = folders(args, "index")
    if found is None:
        return 2
    content, index_dir = found
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
