"""``faqdesk open ID`` (or ``faqdesk faqdesk://article/ID``): show an article in the window.

A running FAQDesk gets the link over the single-instance socket and shows the article; when
none runs, the window starts on it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable

HELP = "open an article in the FAQDesk window (an article id, or a faqdesk://article/ID link)"

_ID_RE = re.compile(r"\w[\w.\-]*")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="ID_OR_LINK", help="article id or faqdesk:// link")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="language (default: the UI's)"
    )


def article_link(target: str) -> str | None:
    """The ``faqdesk://article/…`` link for an id or a link; None for anything else."""
    from faqdesk.core.content.render import article_url, parse_article_url

    text = target.strip()
    parsed = parse_article_url(text)
    if parsed is not None:
        article_id, anchor = parsed
    elif _ID_RE.fullmatch(text) and len(text) <= 200:
        article_id, anchor = text, None
    else:
        return None
    if not _ID_RE.fullmatch(article_id) or len(article_id) > 200:
        return None
    return article_url(article_id, anchor)


def run(args: argparse.Namespace) -> int:
    from faqdesk.core import text

    link = article_link(args.target)
    if link is None:
        shown = "".join(c if c.isprintable() else "?" for c in args.target[:200])
        print(text.render("cli.open.bad", target=shown), file=sys.stderr)
        return 2
    window: Callable[[str, str | None], int] = args._window  # the cli's: commands hold no UI
    return window(link, args.lang)
