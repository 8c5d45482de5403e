"""``faqdesk compose``: a message to support from a template, in Russian with its meaning.

``--list`` lists the templates (id, title, fields); ``ID --set NAME=VALUE …`` prints the
Russian text, then its meaning (``--lang``), its Latin reading and the numbers spelled out for
the phone. ``--json`` prints
``{"templates": [{"id", "problem", "title": {zh, en}, "fields": [{"name", "kind",
"required"}]}]}`` for ``--list`` and ``{"template", "lang", "ru", "meaning", "latin",
"fields": {name: value}, "numbers": {name: {"number", "ru", "latin", "groups"}}}`` for a
message.

Exit 2, with each problem on its own line naming the field, when a required field is missing
or a value is bad; exit 2 with the list of ids for an unknown template.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from faqdesk.core.compose.templates import Template, TemplateSet

HELP = "write a message to support in Russian from a template, with its meaning and reading"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("template", metavar="ID", nargs="?", help="the template to fill in")
    parser.add_argument("--list", action="store_true", help="list the templates and their fields")
    parser.add_argument(
        "--set",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="a field's value, e.g. --set posting=12345678-0001-1 (repeat for each field)",
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="en", help="language of the meaning"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        default=None,
        help="content folder whose templates/ to use (default: the bundled ones and yours)",
    )


def _say(key: str, lang: str = "en", /, **params: Any) -> str:
    from faqdesk.core import text

    return text.render(key, lang, **params)


def _listing(templates: TemplateSet) -> list[dict[str, Any]]:
    return [
        {
            "id": template.id,
            "problem": template.problem,
            "title": {lang: template.display_title(lang) for lang in ("zh", "en")},
            "fields": [
                {"name": spec.name, "kind": spec.kind.value, "required": spec.required}
                for spec in template.fields
            ],
        }
        for template in templates.templates.values()
    ]


def _print_list(templates: TemplateSet, lang: str) -> None:
    if not templates.templates:
        print(_say("cli.compose.none", lang))
    for template in templates.templates.values():
        print(f"{template.id}  {template.display_title(lang)}")
        for spec in template.fields:
            required = _say(f"cli.compose.{'required' if spec.required else 'optional'}", lang)
            line = _say(
                "cli.compose.field", lang, name=spec.name, kind=spec.kind.value, required=required
            )
            print(f"    {line}  {spec.label.text(lang)}")


def _values(pairs: list[str]) -> dict[str, str] | None:
    values: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            print(_say("cli.compose.bad_set", value=pair[:80]), file=sys.stderr)
            return None
        values[name.strip()] = value
    return values


def run(args: argparse.Namespace) -> int:
    from faqdesk.core.compose.templates import load_templates

    content = args.content.expanduser() if args.content is not None else None
    if content is not None and not content.is_dir():
        print(_say("cli.folder.missing", command="compose", folder=content), file=sys.stderr)
        return 2
    templates = load_templates(content)
    for problem in templates.problems:
        print(problem, file=sys.stderr)
    if args.list:
        if args.json:
            print(json.dumps({"templates": _listing(templates)}, ensure_ascii=False, indent=2))
        else:
            _print_list(templates, args.lang)
        return 0
    ids = ", ".join(templates.ids()) or "-"
    if args.template is None:
        print(_say("cli.compose.no_id", ids=ids), file=sys.stderr)
        return 2
    template = templates.get(args.template)
    if template is None:
        print(_say("cli.compose.unknown", id=args.template[:80], ids=ids), file=sys.stderr)
        return 2
    values = _values(args.set)
    if values is None:
        return 2
    return _print_message(template, values, args.lang, as_json=args.json)


def _print_message(template: Template, values: dict[str, str], lang: str, *, as_json: bool) -> int:
    from faqdesk import commands
    from faqdesk.core.compose.message import compose, spoken_numbers

    today = commands.system_now().date()  # dates up to a year after it are taken
    message = compose(template, values, lang, today=today)
    if message.problems:
        for problem in message.problems:
            print(_say("cli.compose.problem", problem=problem.render(lang)), file=sys.stderr)
        return 2
    if as_json:
        data = message.to_json()
        data["numbers"] = {
            spec.name: spoken.to_json() for spec, spoken in spoken_numbers(template, message)
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(message.ru)
    print()
    print(_say("cli.compose.meaning", lang))
    print(message.meaning)
    print()
    print(_say("cli.compose.latin", lang))
    print(message.latin)
    numbers = spoken_numbers(template, message)
    if numbers:
        print()
        print(_say("compose.ui.numbers", lang))
    for spec, spoken in numbers:
        print(f"{spec.label.text(lang)} {spoken.number}: {spoken.ru}")
        print(f"    {spoken.latin}")
    return 0
