"""Message templates: ``templates/<anything>.yaml`` in the bundled content folder and in the
user's own, loaded into :class:`Template` objects and checked.

A template file::

    id: lost-parcel
    problem: lost-or-damaged-parcel        # the article it belongs to (optional)
    title: {zh: 包裹丢失：请求查找, en: "Lost parcel: ask for a search"}
    fields:
      - {name: posting, kind: posting, required: true}
      - {name: tracking, kind: tracking, required: false,
         label: {zh: 追踪号, en: Tracking number, ru: Трек-номер}}   # label: optional
    text:
      ru: "Здравствуйте! Номер отправления: {posting}. …"   # what is sent; stress marks allowed
      zh: "您好！货件号：{posting}。……"                      # its meaning, for the seller
      en: "Hello! Posting number: {posting}. …"

A line of a text that holds a placeholder of an optional field left empty is left out.

Checks (each a :class:`~faqdesk.core.problems.Problem` naming the file and the field): the
file is readable YAML of the right shape; ``id`` is given, well formed and not taken by
another file of the same folder; the title has zh and en; every field has a good name, a known
kind and a yes/no ``required``; all three texts are there; each text's placeholders are exactly
the declared fields; the Russian text is Russian (Cyrillic, no Chinese). A template with
problems that make it unusable (no id, a duplicate id, a missing text) is left out; the
others are kept. A user template with a bundled template's id replaces it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from faqdesk.core import paths
from faqdesk.core.compose.fields import KINDS, FieldKind, FieldSpec
from faqdesk.core.compose.labels import LABEL_LANGUAGES, Label, label_for
from faqdesk.core.content.frontmatter import Unusable, kind_of, load_yaml, read_text, short
from faqdesk.core.problems import Problem
from faqdesk.core.scripts import HAN_RE, printable

TEMPLATES_DIR = "templates"
TEXT_LANGUAGES: tuple[str, ...] = ("ru", "zh", "en")
MAX_TEMPLATE_BYTES = 100_000
MAX_TEMPLATES = 500

_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
#: Anything in braces; a good placeholder is a field name alone: ``{posting}``.
_BRACES_RE = re.compile(r"\{([^{}\n]{0,60})\}")
_CYRILLIC_LETTER_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER_RE = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Template:
    """One message template, loaded."""

    id: str
    title: Mapping[str, str] = field(hash=False)
    fields: tuple[FieldSpec, ...]
    text: Mapping[str, str] = field(hash=False)  # ru, zh, en
    problem: str = ""  # the article it belongs to
    path: Path | None = None
    source: str = "bundled"

    def display_title(self, lang: str) -> str:
        """The title in ``lang``, else English, else the id."""
        return self.title.get(lang) or self.title.get("en") or self.id

    def field(self, name: str) -> FieldSpec | None:
        for spec in self.fields:
            if spec.name == name:
                return spec
        return None


@dataclass
class TemplateSet:
    """Every template that loaded, by id in file-name order, and the problems found."""

    templates: dict[str, Template] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, template_id: str) -> Template | None:
        return self.templates.get(template_id)

    def ids(self) -> list[str]:
        return list(self.templates)

    def for_problem(self, article_id: str) -> list[Template]:
        """The templates that belong to an article."""
        return [t for t in self.templates.values() if t.problem == article_id]


def placeholders(text: str) -> list[str]:
    """What stands in braces in ``text``, in order (``{posting}`` -> ``posting``)."""
    return [match.group(1) for match in _BRACES_RE.finditer(text)]


def load_templates(content_dir: Path | None = None, *, user_dir: Path | None = None) -> TemplateSet:
    """The templates of a content folder, overlaid by the user's own.

    ``content_dir`` None: the bundled content, overlaid by ``user_dir`` (default: the user
    content folder). An explicit ``content_dir`` is overlaid only by an explicit ``user_dir``.
    Never raises for bad files: see ``TemplateSet.problems``.
    """
    if content_dir is None:
        content_dir = paths.bundled_content_dir()
        if user_dir is None:
            user_dir = paths.user_content_dir()
    result = TemplateSet()
    _load_folder(Path(content_dir) / TEMPLATES_DIR, "bundled", result, absolute=False)
    if user_dir is not None:
        _load_folder(Path(user_dir) / TEMPLATES_DIR, "user", result, absolute=True)
    return result


def _template_files(folder: Path, where: str, problems: list[Problem]) -> list[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except FileNotFoundError:
        return []
    except OSError as error:
        problems.append(
            Problem.of(where, "content.folder.unreadable", reason=error.strerror or str(error))
        )
        return []
    found: list[Path] = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.lower().endswith((".yaml", ".yml")):
            continue
        try:
            regular = entry.is_file()
        except OSError as error:
            regular = False
            reason = error.strerror or str(error)
            problems.append(
                Problem.of(f"{where}/{entry.name}", "content.file.unreadable", reason=reason)
            )
            continue
        if not regular:
            problems.append(Problem.of(f"{where}/{entry.name}", "content.file.not_regular"))
            continue
        found.append(Path(entry.path))
    if len(found) > MAX_TEMPLATES:
        problems.append(Problem.of(where, "compose.template.too_many", limit=MAX_TEMPLATES))
        found = found[:MAX_TEMPLATES]
    return found


def _load_folder(folder: Path, source: str, into: TemplateSet, *, absolute: bool) -> None:
    where_folder = str(folder) if absolute else TEMPLATES_DIR
    taken: dict[str, str] = {}  # id -> file, in this folder
    for path in _template_files(folder, where_folder, into.problems):
        where = str(path) if absolute else f"{TEMPLATES_DIR}/{path.name}"
        found: list[Problem] = []
        template = read_template(path, found, source=source)
        if template is not None and template.id in taken:
            found.append(
                Problem.of(
                    "",
                    "compose.template.duplicate",
                    field="id",
                    value=template.id,
                    other=taken[template.id],
                )
            )
            template = None
        if template is not None:
            taken[template.id] = where
            into.templates[template.id] = template
        into.problems.extend(replace(problem, where=where) for problem in found)


def read_template(path: Path, problems: list[Problem], *, source: str = "user") -> Template | None:
    """One template file, or None when it is unusable; its problems (without ``where``) go to
    ``problems``."""
    try:
        data = load_yaml(read_text(path, MAX_TEMPLATE_BYTES))
    except Unusable as error:
        problems.append(error.problem(""))
        return None
    return template_from_mapping(data, problems, path=path, source=source)


def template_from_mapping(
    data: Any, problems: list[Problem], *, path: Path | None = None, source: str = "user"
) -> Template | None:
    """A template from parsed YAML, checked; None when it is unusable."""
    if not isinstance(data, dict):
        problems.append(Problem.of("", "compose.template.not_mapping", kind=kind_of(data)))
        return None
    raw_id = data.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        problems.append(Problem.of("", "compose.template.no_id", field="id"))
        return None
    template_id = raw_id.strip()
    if not _ID_RE.fullmatch(template_id):
        problems.append(
            Problem.of("", "compose.template.bad_id", field="id", value=short(template_id))
        )
        return None
    title = _languages(data.get("title"), ("zh", "en"), "title", problems)
    specs = _fields(data.get("fields"), problems)
    texts = _languages(data.get("text"), TEXT_LANGUAGES, "text", problems)
    usable = all(lang in texts for lang in TEXT_LANGUAGES)
    names = [spec.name for spec in specs]
    for lang, text in texts.items():
        problems.extend(_placeholder_problems(lang, text, names))
    if "ru" in texts:
        problems.extend(_russian_problems(texts["ru"]))
    problem_id = data.get("problem")
    if problem_id is not None and not isinstance(problem_id, str):
        problems.append(
            Problem.of("", "content.field.not_text", field="problem", kind=kind_of(problem_id))
        )
        problem_id = None
    if not usable:
        return None
    return Template(
        id=template_id,
        title=title,
        fields=tuple(specs),
        text=texts,
        problem=(problem_id or "").strip(),
        path=path,
        source=source,
    )


def _languages(raw: Any, langs: Sequence[str], key: str, problems: list[Problem]) -> dict[str, str]:
    """``{lang: text}`` of a ``{zh: …, en: …}`` mapping; a missing one is a problem."""
    found: dict[str, str] = {}
    if raw is not None and not isinstance(raw, dict):
        problems.append(
            Problem.of("", "compose.template.not_languages", field=key, kind=kind_of(raw))
        )
        raw = None
    for lang in langs:
        value = (raw or {}).get(lang)
        if isinstance(value, str) and value.strip():
            # An ESC or NUL in a user's template must not reach a terminal or the clipboard.
            found[lang] = printable(value, lines=True).strip()
        else:
            problems.append(
                Problem.of(
                    "", "compose.template.missing_language", field=f"{key}.{lang}", lang=lang
                )
            )
    return found


def _fields(raw: Any, problems: list[Problem]) -> list[FieldSpec]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem.of("", "content.field.not_list", field="fields", kind=kind_of(raw)))
        return []
    specs: list[FieldSpec] = []
    for position, entry in enumerate(raw):
        spec = _field(entry, f"fields[{position}]", problems)
        if spec is None:
            continue
        if any(other.name == spec.name for other in specs):
            problems.append(
                Problem.of(
                    "", "compose.field.duplicate", field=f"fields[{position}].name", value=spec.name
                )
            )
            continue
        specs.append(spec)
    return specs


def _field(entry: Any, at: str, problems: list[Problem]) -> FieldSpec | None:
    if not isinstance(entry, dict):
        problems.append(Problem.of("", "compose.field.not_mapping", field=at, kind=kind_of(entry)))
        return None
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        problems.append(
            Problem.of("", "compose.field.bad_name", field=f"{at}.name", value=short(name))
        )
        return None
    kind = entry.get("kind")
    if kind not in KINDS:
        problems.append(
            Problem.of(
                "",
                "compose.field.unknown_kind",
                field=f"{at}.kind",
                value=short(kind),
                kinds=", ".join(KINDS),
            )
        )
        return None
    required = entry.get("required", False)
    if not isinstance(required, bool):
        problems.append(
            Problem.of(
                "", "compose.field.required_not_bool", field=f"{at}.required", value=short(required)
            )
        )
        required = True
    return FieldSpec(
        name, FieldKind(kind), required, label_for(name, kind, _own_label(entry, at, problems))
    )


def _own_label(entry: Mapping[str, Any], at: str, problems: list[Problem]) -> Label | None:
    raw = entry.get("label")
    if raw is None:
        return None
    texts = _languages(raw, LABEL_LANGUAGES, f"{at}.label", problems)
    if len(texts) < len(LABEL_LANGUAGES):
        return None
    return Label(texts["zh"], texts["en"], texts["ru"])


def _placeholder_problems(lang: str, text: str, names: Iterable[str]) -> list[Problem]:
    declared = list(names)
    used = placeholders(text)
    found: list[Problem] = []
    for name in dict.fromkeys(used):
        if not _NAME_RE.fullmatch(name):
            found.append(
                Problem.of(
                    "",
                    "compose.template.bad_placeholder",
                    field=f"text.{lang}",
                    value=short(name),
                    lang=lang,
                )
            )
        elif name not in declared:
            found.append(
                Problem.of(
                    "",
                    "compose.template.unknown_placeholder",
                    field=f"text.{lang}",
                    value=name,
                    lang=lang,
                )
            )
    for name in declared:
        if name not in used:
            found.append(
                Problem.of(
                    "", "compose.template.unused_field", field=f"text.{lang}", value=name, lang=lang
                )
            )
    return found


def _russian_problems(text: str) -> list[Problem]:
    words = _BRACES_RE.sub(" ", text)
    cyrillic = len(_CYRILLIC_LETTER_RE.findall(words))
    latin = len(_LATIN_LETTER_RE.findall(words))
    if HAN_RE.search(words) or cyrillic == 0 or latin > cyrillic:
        return [Problem.of("", "compose.template.not_russian", field="text.ru")]
    return []


def check_templates(
    templates: TemplateSet, article_ids: Iterable[str] | None = None
) -> list[Problem]:
    """Every problem of the templates: those found while loading, and, given the ids of the
    articles, each ``problem:`` that names no article."""
    found = list(templates.problems)
    if article_ids is not None:
        known = set(article_ids)
        for template in templates.templates.values():
            if template.problem and template.problem not in known:
                where = _where(template)
                found.append(
                    Problem.of(
                        where,
                        "compose.template.unknown_article",
                        field="problem",
                        value=template.problem,
                    )
                )
    return sorted(set(found))


def _where(template: Template) -> str:
    if template.path is None:
        return template.id
    if template.source == "bundled":
        return f"{TEMPLATES_DIR}/{template.path.name}"
    return str(template.path)
