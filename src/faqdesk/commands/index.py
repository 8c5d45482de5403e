"""``faqdesk index``: build or update the search index (normally done on first search)."""

from __future__ import annotations

import argparse
import sys

from faqdesk.commands import add_folder_arguments, folders, open_knowledge_base

HELP = "build or update the search index of the articles"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    add_folder_arguments(parser, "content folder to index")


def run(args: argparse.Namespace) -> int:
    from faqdesk.core import text

    found = folders(args, "index")
    if found is None:
        return 2
    opened = open_knowledge_base("index", *found, rebuild=args.rebuild)
    if opened is None:
        return 2
    with opened as kb:
        report = kb.sync_report
        for problem in kb.problems:
            print(problem, file=sys.stderr)
        count = len(kb.library.articles)
        if report.kept:
            state = text.render("cli.index.kept", reason=report.kept)
        elif report.rebuilt:
            state = text.render("cli.index.built", reason=report.reason)
        elif report.locked:
            state = text.render("cli.index.locked")
        elif report.added or report.updated or report.deleted:
            state = text.render(
                "cli.index.updated",
                added=report.added,
                changed=report.updated,
                removed=report.deleted,
            )
        else:
            state = text.render("cli.index.up_to_date")
        summary = text.render(
            "cli.index.summary",
            state=state,
            count=count,
            seconds=report.seconds,
            folder=kb.index_dir,
        )
        print(summary)
        if report.moved_aside is not None:
            print(text.render("cli.index.moved_aside", folder=report.moved_aside))
    return 1 if report.kept else 0
