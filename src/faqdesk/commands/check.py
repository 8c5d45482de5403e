"""``faqdesk check``: validate a content folder and list what is wrong, one line per problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "check the articles and categories of a content folder; exit 1 if anything is wrong"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        default=None,
        help="content folder to check (default: the bundled content plus your own articles)",
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def run(args: argparse.Namespace) -> int:
    from faqdesk.core.content.loading import load_content

    content_dir: Path | None = args.content
    # No --content: the bundled content overlaid by the user's own articles.
    library = load_content(content_dir.expanduser() if content_dir is not None else None)
    for problem in library.problems:
        print(problem)
    languages = {lang for _, lang in library.articles}
    print(
        f"{_plural(len(library.articles), 'article')} in {_plural(len(languages), 'language')}, "
        f"{_plural(len(library.problems), 'problem')}",
        file=sys.stderr,
    )
    return 1 if library.problems else 0
