"""Loading the articles and categories of a content folder into typed objects.

Layout of a content folder (bundled ``content/`` or the user's own folder)::

    categories.yaml              # ordered categories: id, name: {zh: …, en: …}, optional icon
    articles/<lang>/<id>.md      # lang: zh or en; the file stem is the article id

Each article starts with YAML front matter (``id``, ``title``, ``category``, ``tags``,
``summary``, ``updated``, ``related``) followed by a CommonMark body.

Bad input never raises: every file that is wrong yields a :class:`Problem` naming the file and
what to do, and the rest loads. Problems that make an article unusable (cannot be read or
decoded, no front matter, no title, duplicate id) leave that article out; problems about
its fields, related ids or links keep it.
"""

from __future__ import annotations

import os
import re
import reprlib
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from faqdesk.core import paths
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem

LANGUAGES: tuple[str, ...] = ("zh", "en")
MAX_ARTICLE_BYTES = 1_000_000

CATEGORIES_FILE = "categories.yaml"
ARTICLES_DIR = "articles"

_log = get_logger("content")

_ID_RE = re.compile(r"^\w[\w.\-]*$")
_CJK_RE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class Category:
    """A group of articles in the category browser, with its name in each language."""

    id: str
    name: Mapping[str, str] = field(hash=False)  # lang -> name; the id alone makes the hash
    icon: str | None
    order: int

    def display_name(self, lang: str) -> str:
        """The name in ``lang``, else in another language, else the id."""
        if self.name.get(lang):
            return self.name[lang]
        for other in (*LANGUAGES, *sorted(self.name)):
            if self.name.get(other):
                return self.name[other]
        return self.id


@dataclass(frozen=True)
class Article:
    """One article in one language."""

    id: str
    lang: str
    title: str
    category: str
    tags: tuple[str, ...]
    summary: str
    updated: date | None
    related: tuple[str, ...]
    body: str  # Markdown body: front matter removed, BOM stripped, LF line endings
    path: Path  # the file it came from
    source: str  # "bundled" or "user"


@dataclass
class ContentLibrary:
    """Every article and category that loaded, and every problem found on the way."""

    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    roots: tuple[Path, ...] = ()

    def article(self, article_id: str, lang: str, *, fallback: bool = True) -> Article | None:
        """The article in ``lang``; with ``fallback``, another language when that one is missing."""
        found = self.articles.get((article_id, lang))
        if found is not None or not fallback:
            return found
        for other in self.languages_of(article_id):
            return self.articles[(article_id, other)]
        return None

    def ids(self) -> list[str]:
        """Every article id, sorted, each once."""
        return sorted({article_id for article_id, _ in self.articles})

    def languages_of(self, article_id: str) -> list[str]:
        """The languages an article exists in (``LANGUAGES`` order first)."""
        langs = {lang for (other_id, lang) in self.articles if other_id == article_id}
        return sorted(langs, key=_language_rank)

    def in_category(self, category_id: str, lang: str) -> list[Article]:
        """The articles of a category, one per id (in ``lang`` when it exists), by id."""
        return [article for article in self.for_language(lang) if article.category == category_id]

    def for_language(self, lang: str) -> list[Article]:
        """Every article once, in ``lang`` when it exists, else another language; by id."""
        chosen = (self.article(article_id, lang) for article_id in self.ids())
        return [article for article in chosen if article is not None]

    def category(self, category_id: str) -> Category | None:
        """The category with this id, or None."""
        for category in self.categories:
            if category.id == category_id:
                return category
        return None


def _language_rank(lang: str) -> tuple[int, str]:
    return (LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES), lang)


# --------------------------------------------------------------------------- reading files


# libyaml's parser when PyYAML has it (several times faster), the pure-Python one otherwise.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe YAML without implicit timestamps: dates arrive as text and are checked here."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Unusable(Exception):
    """A file cannot be used at all; the message says why."""


def _read_text(path: Path, limit: int = MAX_ARTICLE_BYTES) -> str:
    """The text of a UTF-8 file: BOM stripped, LF line endings. Raises ``_Unusable``."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise _Unusable(
                f"file is too large ({size:,} bytes; the limit is {limit:,}): "
                "split it into smaller articles"
            )
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except PermissionError:
        raise _Unusable("cannot read the file: permission denied") from None
    except OSError as error:
        raise _Unusable(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limit:
        raise _Unusable(f"file is too large (over {limit:,} bytes): split it into smaller articles")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Unusable("saved as UTF-16 (\u201cUnicode\u201d in Notepad); save it as UTF-8")
    if b"\x00" in data:
        raise _Unusable("binary file, not Markdown text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unusable(_not_utf8_message(data, error)) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _Unusable("file is empty")
    return text


def _not_utf8_message(data: bytes, error: UnicodeDecodeError) -> str:
    try:
        guess = data.decode("gb18030")
    except UnicodeDecodeError:
        guess = ""
    non_ascii = [char for char in guess if ord(char) > 0x7F]
    if non_ascii and sum(1 for char in non_ascii if _CJK_RE.match(char)) * 2 >= len(non_ascii):
        return "not UTF-8 — looks like GBK/GB18030 (a Windows Chinese encoding); save it as UTF-8"
    line = data[: error.start].count(b"\n") + 1
    return f"not UTF-8 (invalid byte 0x{data[error.start]:02x} on line {line}); save it as UTF-8"


def _load_yaml(text: str, *, first_line: int = 1) -> Any:
    """Parse YAML; raises ``_Unusable`` with a message naming the line."""
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        what = error.problem or error.context or "syntax error"
        raise _Unusable(f"invalid YAML{where}: {what}") from None
    except yaml.YAMLError as error:
        raise _Unusable(f"invalid YAML: {error}") from None
    except (RecursionError, ValueError) as error:
        raise _Unusable(f"invalid YAML: {error}") from None


def _split_front_matter(text: str) -> tuple[str, str]:
    """``(front matter, body)``; raises ``_Unusable`` when there is no front matter."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise _Unusable(
            "no front matter: the file must begin with a line '---', then 'id:', 'title:', "
            "'category:' lines, then another '---'"
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]).lstrip("\n")
    raise _Unusable("front matter is not closed: add a line '---' after its last field")


# --------------------------------------------------------------------------- one tree


def _relative(path: Path, root: Path, *, absolute: bool) -> str:
    if absolute:
        return str(path)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _text_field(meta: Mapping[str, Any], key: str, report: list[str]) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        report.append(f"'{key}' must be text, not {_type_name(value)}")
        return ""
    return str(value).strip()


def _list_field(meta: Mapping[str, Any], key: str, report: list[str]) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        report.append(f"'{key}' must be a list like [a, b], not text")
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if not isinstance(value, list):
        report.append(f"'{key}' must be a list like [a, b], not {_type_name(value)}")
        return ()
    items: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            report.append(
                f"'{key}' must list text items; {_type_name(item)} {_short(item)} ignored"
            )
            continue
        text = str(item).strip()
        if text and text not in items:
            items.append(text)
    return tuple(items)


def _date_field(meta: Mapping[str, Any], key: str, report: list[str]) -> date | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    report.append(f"'{key}' is not a valid date: {_short(value)} (write it as YYYY-MM-DD)")
    return None


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 60, 60


def _short(value: object) -> str:
    """A value for a problem line: short even for a YAML alias bomb."""
    return _REPR.repr(value)


def _type_name(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


@dataclass
class _Tree:
    """What one content folder holds."""

    root: Path
    source: str
    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    categories: list[Category] | None = None  # None: no usable categories.yaml
    problems: list[Problem] = field(default_factory=list)
    where: dict[Path, str] = field(default_factory=dict)  # article path -> problem location

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))


def _load_categories(tree: _Tree, *, required: bool, absolute: bool) -> None:
    path = tree.root / CATEGORIES_FILE
    where = _relative(path, tree.root, absolute=absolute)
    if not path.is_file():
        if required:
            tree.problem(
                where,
                "missing: the content folder needs a categories.yaml listing the categories "
                "(id, name: {zh: …, en: …})",
            )
        return
    try:
        data = _load_yaml(_read_text(path))
    except _Unusable as error:
        tree.problem(where, str(error))
        return
    if isinstance(data, dict) and "categories" in data:
        data = data["categories"]
    if not isinstance(data, list):
        tree.problem(
            where,
            f"must be a list of categories (- id: …, name: {{zh: …, en: …}}), "
            f"not {_type_name(data)}",
        )
        return
    categories: list[Category] = []
    seen: set[str] = set()
    for position, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            tree.problem(where, f"entry {position} must be a mapping with 'id' and 'name'")
            continue
        category_id = entry.get("id")
        if not isinstance(category_id, str) or not category_id.strip():
            tree.problem(where, f"entry {position} has no 'id'")
            continue
        category_id = category_id.strip()
        if category_id in seen:
            tree.problem(where, f"category '{category_id}' is listed twice; the first one is used")
            continue
        seen.add(category_id)
        names: dict[str, str] = {}
        raw_name = entry.get("name")
        if isinstance(raw_name, str) and raw_name.strip():
            names = dict.fromkeys(LANGUAGES, raw_name.strip())
        elif isinstance(raw_name, dict):
            for lang, name in raw_name.items():
                if isinstance(lang, str) and isinstance(name, str) and name.strip():
                    names[lang] = name.strip()
        if not names:
            tree.problem(where, f"category '{category_id}' has no name (name: {{zh: …, en: …}})")
        icon = entry.get("icon")
        if icon is not None and not isinstance(icon, str):
            tree.problem(where, f"category '{category_id}': 'icon' must be text")
            icon = None
        categories.append(Category(category_id, names, icon or None, len(categories)))
    tree.categories = categories


def _article_files(root: Path, tree: _Tree | None, *, absolute: bool) -> list[tuple[str, Path]]:
    """``(lang, path)`` of every ``articles/<lang>/*.md`` file, sorted; wrong folders reported."""
    articles_dir = root / ARTICLES_DIR
    found: list[tuple[str, Path]] = []
    try:
        entries = sorted(os.scandir(articles_dir), key=lambda entry: entry.name)
    except FileNotFoundError:
        if tree is not None and tree.source == "bundled":
            tree.problem(ARTICLES_DIR, "missing: articles go in articles/zh/ and articles/en/")
        return found
    except OSError as error:
        if tree is not None:
            where = _relative(articles_dir, root, absolute=absolute)
            tree.problem(where, f"cannot read the folder: {error.strerror or error}")
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        entry_path = Path(entry.path)
        where = _relative(entry_path, root, absolute=absolute)
        if not entry.is_dir():
            if entry.name.lower().endswith(".md") and tree is not None:
                tree.problem(
                    where,
                    "article outside a language folder: move it to articles/zh/ or articles/en/",
                )
            continue
        if entry.name not in LANGUAGES:
            if tree is not None:
                tree.problem(
                    where,
                    f"unknown language folder '{entry.name}': articles go in "
                    + " or ".join(f"articles/{lang}/" for lang in LANGUAGES),
                )
            continue
        try:
            # Ids differing only in case are duplicates; the lower-case file name wins.
            files = sorted(
                os.scandir(entry_path),
                key=lambda item: (item.name.casefold(), item.name != item.name.lower(), item.name),
            )
        except OSError as error:
            if tree is not None:
                tree.problem(where, f"cannot read the folder: {error.strerror or error}")
            continue
        for item in files:
            if item.name.startswith(".") or not item.name.lower().endswith(".md"):
                continue
            if item.is_dir():
                continue
            if not item.is_file():  # a broken link, a pipe…: opening it could fail or block
                if tree is not None:
                    tree.problem(
                        _relative(Path(item.path), root, absolute=absolute),
                        "cannot read the file: not a regular file (a broken link?)",
                    )
                continue
            found.append((entry.name, Path(item.path)))
    return found


def _load_article(tree: _Tree, lang: str, path: Path, problems: list[str]) -> Article | None:
    """One article file, or None when it is unusable; field problems go to ``problems``."""
    stem = path.name[: -len(".md")]
    if not _ID_RE.match(stem):
        problems.append(
            f"file name '{path.name}' is not a usable article id: use letters, digits and '-' "
            "only (no spaces)"
        )
        return None
    try:
        front, body = _split_front_matter(_read_text(path))
        meta = _load_yaml(front, first_line=2)
    except _Unusable as error:
        problems.append(str(error))
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(
            f"front matter must be 'key: value' lines (id, title, category…), "
            f"not {_type_name(meta)}"
        )
        return None
    raw_id = meta.get("id")
    if raw_id is None:
        problems.append(f"missing 'id' (it must be the file name: id: {stem})")
    elif str(raw_id).strip() != stem:
        problems.append(
            f"id '{raw_id}' differs from the file name '{path.name}'; "
            f"the id must be the file name (id: {stem})"
        )
    title = _text_field(meta, "title", problems)
    if not title:
        problems.append("missing title: add a line 'title: …' to the front matter")
        return None
    category = _text_field(meta, "category", problems)
    if not category:
        problems.append("missing 'category' (an id from categories.yaml)")
    return Article(
        id=stem,
        lang=lang,
        title=title,
        category=category,
        tags=_list_field(meta, "tags", problems),
        summary=_text_field(meta, "summary", problems),
        updated=_date_field(meta, "updated", problems),
        related=_list_field(meta, "related", problems),
        body=body,
        path=path,
        source=tree.source,
    )


def _load_tree(root: Path, source: str, *, absolute: bool) -> _Tree:
    tree = _Tree(root=root, source=source)
    if not root.is_dir():
        tree.problem(str(root), "content folder not found")
        return tree
    _load_categories(tree, required=source == "bundled", absolute=absolute)
    folded: dict[tuple[str, str], Article] = {}
    for lang, path in _article_files(root, tree, absolute=absolute):
        where = _relative(path, root, absolute=absolute)
        messages: list[str] = []
        article = _load_article(tree, lang, path, messages)
        if article is not None:
            key = (article.id.casefold(), lang)
            first = folded.get(key)
            if first is not None:
                messages.append(
                    f"duplicate id '{article.id}' in {lang}: "
                    f"{tree.where.get(first.path, first.path.name)} has the same id "
                    "(ids are compared ignoring case); rename or remove one"
                )
                article = None
            else:
                folded[key] = article
                tree.articles[(article.id, lang)] = article
                tree.where[path] = where
        for message in messages:
            tree.problem(where, message)
    return tree


# --------------------------------------------------------------------------- whole library


def _check_references(library: ContentLibrary, where_of: Mapping[Path, str]) -> None:
    from faqdesk.core.content.render import MarkdownOutline, known_anchor, needs_link_check, outline

    languages: dict[str, list[str]] = {}
    for article_id, lang in library.articles:
        languages.setdefault(article_id, []).append(lang)
    ids = set(languages)
    known_categories = {category.id for category in library.categories}

    def article_in(article_id: str, lang: str) -> Article | None:
        # library.article(article_id, lang), without a scan of every article per call
        found = library.articles.get((article_id, lang))
        if found is None and article_id in languages:
            found = library.articles[(article_id, min(languages[article_id], key=_language_rank))]
        return found

    # Parsing Markdown is most of the time of loading: parse a body only when it may hold a
    # link to check, or when another article links to one of its headings.
    outlines: dict[tuple[str, str], MarkdownOutline] = {}

    def outline_of(key: tuple[str, str]) -> MarkdownOutline:
        found = outlines.get(key)
        if found is None:
            found = outlines[key] = outline(library.articles[key].body)
        return found

    for key, article in sorted(library.articles.items()):
        where = where_of.get(article.path, str(article.path))
        if library.categories and article.category and article.category not in known_categories:
            library.problems.append(
                Problem(
                    where,
                    f"unknown category '{article.category}' (known: "
                    + ", ".join(sorted(known_categories))
                    + ")",
                )
            )
        first = article_in(article.id, LANGUAGES[0])
        if first is not None and first is not article and first.category != article.category:
            library.problems.append(
                Problem(
                    where,
                    f"category '{article.category}' differs from the {first.lang} version "
                    f"('{first.category}'); translations belong to the same category",
                )
            )
        for related in article.related:
            if related not in ids:
                library.problems.append(
                    Problem(where, f"related article '{related}' does not exist")
                )
        if not needs_link_check(article.body):
            continue
        for link in outline_of(key).links:
            if link.kind == "unsafe":
                library.problems.append(
                    Problem(where, f"link '{link.href}' is not allowed (use http(s), mailto, tel)")
                )
            elif link.kind == "anchor" and link.anchor:
                if not known_anchor(outline_of(key).anchors, link.anchor):
                    library.problems.append(
                        Problem(where, f"link '{link.href}': no heading with that anchor here")
                    )
            elif link.kind == "article" and link.article_id is not None:
                if link.article_id not in ids:
                    library.problems.append(
                        Problem(
                            where, f"link '{link.href}': article '{link.article_id}' does not exist"
                        )
                    )
                    continue
                if link.anchor:
                    target = article_in(link.article_id, article.lang)
                    target_key = (link.article_id, target.lang) if target else None
                    if target_key and not known_anchor(outline_of(target_key).anchors, link.anchor):
                        library.problems.append(
                            Problem(
                                where,
                                f"link '{link.href}': article '{link.article_id}' has no "
                                f"heading with anchor '{link.anchor}'",
                            )
                        )


def load_content(
    content_dir: Path | None = None, *, user_dir: Path | None = None
) -> ContentLibrary:
    """Load a content folder, overlaid by the user's own articles and categories.

    ``content_dir`` None: the bundled content, overlaid by ``user_dir`` (default: the user
    content folder; a missing one is fine). An explicit ``content_dir`` is overlaid only by an
    explicitly given ``user_dir``. A user article with the same id and language replaces the
    bundled one; a user ``categories.yaml`` may add categories (or rename bundled ones).
    Never raises for bad content: see ``ContentLibrary.problems``.
    """
    started = time.perf_counter()
    if content_dir is None:
        content_dir = paths.bundled_content_dir()
        if user_dir is None:
            user_dir = paths.user_content_dir()
    main = _load_tree(Path(content_dir), "bundled", absolute=False)
    trees = [main]
    if user_dir is not None and Path(user_dir).is_dir():
        trees.append(_load_tree(Path(user_dir), "user", absolute=True))

    library = ContentLibrary(roots=tuple(tree.root for tree in trees))
    where_of: dict[Path, str] = {}
    # (id case-folded, lang) -> the one article in library.articles with that id and language
    folded: dict[tuple[str, str], Article] = {}
    categories: list[Category] = []
    for tree in trees:
        library.problems.extend(tree.problems)
        where_of.update(tree.where)
        for category in tree.categories or ():
            existing = next((i for i, c in enumerate(categories) if c.id == category.id), None)
            if existing is None:
                categories.append(category)
            else:
                categories[existing] = category
        for key, article in tree.articles.items():
            folded_key = (key[0].casefold(), key[1])
            if key not in library.articles:
                clash = folded.get(folded_key)
                if clash is not None:
                    library.problems.append(
                        Problem(
                            where_of.get(article.path, str(article.path)),
                            f"duplicate id '{article.id}' in {key[1]}: differs only in case from "
                            f"'{clash.id}'; name the file '{clash.id}.md' to replace that article",
                        )
                    )
                    continue
            library.articles[key] = article
            folded[folded_key] = article
    library.categories = [
        Category(category.id, category.name, category.icon, order)
        for order, category in enumerate(categories)
    ]
    _check_references(library, where_of)
    library.problems = sorted(set(library.problems))  # a link repeated: one line
    _log.info(
        "loaded %d articles, %d categories, %d problems from %s in %.1f ms",
        len(library.articles),
        len(library.categories),
        len(library.problems),
        ", ".join(str(root) for root in library.roots),
        (time.perf_counter() - started) * 1000,
    )
    return library


def check_content(content_dir: Path) -> list[Problem]:
    """Every problem of one content folder (no user overlay), sorted."""
    return sorted(load_content(Path(content_dir), user_dir=None).problems)


def article_files(roots: Sequence[Path] | Iterable[Path]) -> list[Path]:
    """Every ``articles/<lang>/*.md`` file under the given content folders (for indexing)."""
    files: list[Path] = []
    for root in roots:
        files.extend(path for _, path in _article_files(Path(root), None, absolute=False))
    return files
