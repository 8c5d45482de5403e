"""``faqdesk say NUMBER``: a number spelled out in Russian for the phone, digit by digit in
groups, with its Latin reading. ``--json`` prints ``{"number", "ru", "latin", "groups":
[{"text", "ru", "latin"}]}``; a number with nothing to read out, or longer than
``MAX_SPOKEN`` characters: exit 2."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "spell a number out in Russian for the phone (digit by digit, with a Latin reading)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", metavar="NUMBER", help="e.g. 12345678-0001 or RU123456789CN")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(args: argparse.Namespace) -> int:
    from faqdesk.core import text
    from faqdesk.core.compose.reading import MAX_SPOKEN, spell_number
    from faqdesk.core.content.frontmatter import short

    length = len(args.number.strip())
    if length > MAX_SPOKEN:  # never read out only a part of what was asked
        print(text.render("cli.say.too_long", length=length, limit=MAX_SPOKEN), file=sys.stderr)
        return 2
    spoken = spell_number(args.number)
    if not any(group.text[0].isalnum() for group in spoken.groups):
        print(text.render("cli.say.empty", value=short(args.number)), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(spoken.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(spoken.number)
    print(spoken.ru)
    print(spoken.latin)
    return 0
