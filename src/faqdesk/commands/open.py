"""``faqdesk open ID`` (or ``faqdesk faqdesk://article/ID``): show an article in the window.

A running FAQDesk gets the link over the single-instance socket and shows the article; when
none runs, the window starts on it. The article must exist (the user's own articles count): a
link to none, or one too long to hand over, is refused with exit 2 before anything is sent or
saved, so the saved reading place stays.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable

HELP = "open an article in the FAQDesk window (an article id, or a faqdesk://article/ID link)"

_ID_RE = re.compile(r"\w[\w.\-]*")
#: The longest link taken (UTF-8 bytes); the running window reads one line of 4096 bytes.
MAX_LINK_BYTES = 4096


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

    size = len(args.target.encode("utf-8", "surrogateescape"))
    if size > MAX_LINK_BYTES:
        print(text.render("cli.open.too_long", size=size, limit=MAX_LINK_BYTES), file=sys.stderr)
        return 2
    link = article_link(args.target)
    if link is None:
        shown = "".join(c if c.isprintable() else "?" for c in args.target[:200])
        print(text.render("cli.open.bad", target=shown), file=sys.stderr)
        return 2
    from faqdesk.core.content.render import parse_article_url

    parsed = parse_article_url(link)
    article_id = parsed[0] if parsed is not None else ""
    if not _exists(article_id):
        print(text.render("cli.open.missing", id=article_id), file=sys.stderr)
        return 2
    window: Callable[[str, str | None], int] = args._window  # the cli's: commands hold no UI
    return window(link, args.lang)


def _exists(article_id: str) -> bool:
    """Whether the content the window shows (bundled and the user's own) has the article."""
    from faqdesk.core.content.loading import load_content

    return bool(load_content().languages_of(article_id))
