"""A template filled in: the Russian text to send, its meaning in the reader's language, its
Latin reading, and what is wrong with the values.

:func:`compose` is pure: the same template, values and language give the same message. The
text is complete only when :attr:`Message.problems` is empty; until then each missing or bad
field shows as its label in brackets, in the reader's language (``[Posting number]``), so a
preview still reads and shows where each value goes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from faqdesk.core.compose.fields import FieldKind, FieldSpec, check_value, size_problem
from faqdesk.core.compose.reading import SpokenNumber, latin_reading, spell_number, without_stress
from faqdesk.core.compose.templates import Template
from faqdesk.core.problems import Problem

#: The kinds whose values are read out digit by digit on the phone.
NUMBER_KINDS = (FieldKind.ORDER, FieldKind.POSTING, FieldKind.TRACKING)
_PLACEHOLDER_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
MAX_VALUE_CHARS = 10_000  # a value longer than this is cut before it is checked


@dataclass(frozen=True)
class Message:
    """What :func:`compose` makes."""

    template: str
    lang: str
    ru: str
    meaning: str
    latin: str
    values: Mapping[str, str]  # field name -> the written form of its good value
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_for(self, name: str) -> Problem | None:
        """The problem of field ``name``, or None."""
        return next((problem for problem in self.problems if problem.field == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "lang": self.lang,
            "ru": self.ru,
            "meaning": self.meaning,
            "latin": self.latin,
            "fields": dict(self.values),
        }


def check_values(
    template: Template, values: Mapping[str, str], *, today: date | None = None
) -> tuple[dict[str, str], list[Problem]]:
    """The written form of each good value, and a problem for each missing, bad or unknown
    field (in the template's field order, unknown ones last); ``today`` bounds dates."""
    written: dict[str, str] = {}
    problems: list[Problem] = []
    for spec in template.fields:
        raw = str(values.get(spec.name, ""))
        value, problem = check_value(spec, raw[:MAX_VALUE_CHARS], today=today)
        if problem is not None and len(raw) > MAX_VALUE_CHARS:
            problem = size_problem(spec, raw) or problem  # the size given, not the cut one
        if problem is not None:
            problems.append(problem)
        elif value:
            written[spec.name] = value
    names = [spec.name for spec in template.fields]
    for name in values:
        if template.field(name) is None:
            problems.append(
                Problem.of(
                    "",
                    "compose.value.unknown_field",
                    field=name[:60],
                    fields=", ".join(names) or "-",
                )
            )
    return written, problems


def fill(text: str, template: Template, written: Mapping[str, str], lang: str) -> str:
    """``text`` with each placeholder replaced by its value; a line that holds an optional
    field left empty is left out; a required one missing or bad shows as ``[its label]`` in
    ``lang`` (also in the Russian text: the reader sees where the value goes)."""
    lines: list[str] = []
    for line in text.split("\n"):
        names = _PLACEHOLDER_RE.findall(line)
        specs = [template.field(name) for name in names]
        if any(
            spec is not None and not spec.required and spec.name not in written for spec in specs
        ):
            continue
        lines.append(_PLACEHOLDER_RE.sub(lambda m: _value(m, template, written, lang), line))
    return "\n".join(lines).strip()


def _value(match: re.Match[str], template: Template, written: Mapping[str, str], lang: str) -> str:
    name = match.group(1)
    if name in written:
        return written[name]
    spec: FieldSpec | None = template.field(name)
    return f"[{spec.label.text(lang) if spec is not None else name}]"


def compose(
    template: Template, values: Mapping[str, str], lang: str = "en", *, today: date | None = None
) -> Message:
    """The message of ``template`` with ``values`` (field name -> what the user typed), its
    meaning in ``lang`` (``zh`` or ``en``); dates up to a year after ``today`` are taken."""
    lang = lang if lang in ("zh", "en") else "en"
    written, problems = check_values(template, values, today=today)
    russian = fill(template.text["ru"], template, written, lang)
    return Message(
        template=template.id,
        lang=lang,
        ru=without_stress(russian),
        meaning=fill(template.text[lang], template, written, lang),
        latin=latin_reading(russian),
        values=written,
        problems=tuple(problems),
    )


def spoken_numbers(template: Template, message: Message) -> list[tuple[FieldSpec, SpokenNumber]]:
    """The good order, posting and tracking numbers of a message, spelled out for the phone,
    in the template's field order."""
    found: list[tuple[FieldSpec, SpokenNumber]] = []
    for spec in template.fields:
        value = message.values.get(spec.name)
        if value and spec.kind in NUMBER_KINDS:
            found.append((spec, spell_number(value)))
    return found
