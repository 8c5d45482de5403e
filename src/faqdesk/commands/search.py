"""``faqdesk search``: search the articles from the command line."""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from typing import Any

from faqdesk.commands import add_folder_arguments, folders, open_knowledge_base

HELP = "search the articles (exit 1 when nothing is found)"

_TAG = re.compile(r"</?b>")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+", help='what to look for (words, "phrases", tag:x)')
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="preferred language of the results"
    )
    parser.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    add_folder_arguments(parser, "content folder to search")


def _plain(snippet: str, bold: bool) -> str:
    if bold:
        snippet = snippet.replace("<b>", "\x1b[1m").replace("</b>", "\x1b[0m")
    else:
        snippet = _TAG.sub("", snippet)
    return html.unescape(snippet)


def run(args: argparse.Namespace) -> int:
    from faqdesk.core import text

    query = " ".join(args.query)
    if args.limit < 1:
        print(text.render("cli.search.limit_too_small"), file=sys.stderr)
        return 2
    found = folders(args, "search")
    if found is None:
        return 2
    opened = open_knowledge_base("search", *found)
    if opened is None:
        return 2
    with opened as kb:
        # a command-line query is complete: no search-as-you-type prefix for the last word
        results = kb.search(query + " ", limit=args.limit, lang=args.lang)
    if args.json:
        payload: dict[str, Any] = {
            "query": query,
            "total": results.total,
            "suggestion": results.suggestion,
            "error": results.error,
            "notes": [note.render(args.lang or "en") for note in results.notes],
            "results": [
                {
                    "id": hit.article_id,
                    "lang": hit.lang,
                    "title": hit.title,
                    "category": hit.category,
                    "score": round(hit.score, 4),
                    "snippet": hit.snippet,
                }
                for hit in results.hits
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0 if results.hits else 1
    if results.error:
        print(text.render("cli.search.note", note=results.error), file=sys.stderr)
    if results.suggestion:
        print(text.render("cli.search.did_you_mean", suggestion=results.suggestion))
    if not results.hits:
        print(text.render("cli.search.nothing"), file=sys.stderr)
        return 1
    bold = sys.stdout.isatty()
    for n, hit in enumerate(results.hits, start=1):
        line = text.render(
            "cli.search.hit",
            number=n,
            title=hit.title,
            id=hit.article_id,
            lang=hit.lang,
            score=hit.score,
        )
        print(line)
        if hit.snippet:
            print(f"   {_plain(hit.snippet, bold)}")
    print(text.render("cli.search.total", count=results.total), file=sys.stderr)
    return 0
