"""``faqdesk check``: validate a content folder and list what is wrong, one line per problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = (
    "check the articles, categories, images and message templates of a content folder;"
    " exit 1 if anything is wrong"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        default=None,
        help="content folder to check (default: the bundled content plus your own articles)",
    )


def _count(count: int, what: str) -> str:
    """``1 article``, ``2 articles``: ``what`` is ``articles``, ``languages`` or ``problems``."""
    from faqdesk.core import text

    return text.render(f"cli.check.{what}.{'one' if count == 1 else 'many'}", count=count)


def run(args: argparse.Namespace) -> int:
    from faqdesk.core import text
    from faqdesk.core.content.loading import load_content

    content_dir: Path | None = args.content
    # No --content: the bundled content overlaid by the user's own articles.
    library = load_content(content_dir.expanduser() if content_dir is not None else None)
    from faqdesk.core.compose.templates import check_templates, load_templates

    templates = load_templates(content_dir.expanduser() if content_dir is not None else None)
    problems = [*library.problems, *check_templates(templates, library.ids())]
    for problem in problems:
        print(problem)
    languages = {lang for _, lang in library.articles}
    summary = text.render(
        "cli.check.summary",
        articles=_count(len(library.articles), "articles"),
        languages=_count(len(languages), "languages"),
        problems=_count(len(problems), "problems"),
    )
    print(summary, file=sys.stderr)
    return 1 if problems else 0
