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

The parts: the types are :mod:`faqdesk.core.content.library`; reading one file (text, YAML,
front matter, fields) is :mod:`faqdesk.core.content.frontmatter`; the checks between articles
(categories, related articles, links) are :mod:`faqdesk.core.content.links`, run by
:func:`load_content` once everything is loaded.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from faqdesk.core import paths
from faqdesk.core.content.frontmatter import (
    MAX_ARTICLE_BYTES,
    Unusable,
    date_field,
    kind_of,
    list_field,
    load_yaml,
    read_text,
    split_front_matter,
    text_field,
)
from faqdesk.core.content.library import LANGUAGES, Article, Category, ContentLibrary
from faqdesk.core.content.links import check_references
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem

__all__ = [
    "ARTICLES_DIR",
    "CATEGORIES_FILE",
    "LANGUAGES",
    "MAX_ARTICLE_BYTES",
    "Article",
    "Category",
    "ContentLibrary",
    "article_files",
    "check_content",
    "load_content",
]

CATEGORIES_FILE = "categories.yaml"
ARTICLES_DIR = "articles"

_log = get_logger("content")

_ID_RE = re.compile(r"^\w[\w.\-]*$")


# --------------------------------------------------------------------------- one tree


def _relative(path: Path, root: Path, *, absolute: bool) -> str:
    if absolute:
        return str(path)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


@dataclass
class _Tree:
    """What one content folder holds."""

    root: Path
    source: str
    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    categories: list[Category] | None = None  # None: no usable categories.yaml
    problems: list[Problem] = field(default_factory=list)
    where: dict[Path, str] = field(default_factory=dict)  # article path -> problem location

    def problem(
        self, where: str, code: str, *, field: str = "", value: Any = None, **params: Any
    ) -> None:
        self.problems.append(Problem.of(where, code, field=field, value=value, **params))


def _load_categories(tree: _Tree, *, required: bool, absolute: bool) -> None:
    path = tree.root / CATEGORIES_FILE
    where = _relative(path, tree.root, absolute=absolute)
    if not path.is_file():
        if required:
            tree.problem(where, "content.categories.missing")
        return
    try:
        data = load_yaml(read_text(path))
    except Unusable as error:
        tree.problems.append(error.problem(where))
        return
    if isinstance(data, dict) and "categories" in data:
        data = data["categories"]
    if not isinstance(data, list):
        tree.problem(where, "content.categories.not_list", kind=kind_of(data))
        return
    categories: list[Category] = []
    seen: set[str] = set()
    for position, entry in enumerate(data, start=1):
        category = _category(tree, where, position, entry, seen)
        if category is not None:
            categories.append(Category(category.id, category.name, category.icon, len(categories)))
    tree.categories = categories


def _category(
    tree: _Tree, where: str, position: int, entry: Any, seen: set[str]
) -> Category | None:
    """One entry of categories.yaml, or None when it cannot be used."""
    at = f"categories[{position - 1}]"
    if not isinstance(entry, dict):
        tree.problem(where, "content.categories.entry_not_mapping", field=at, number=position)
        return None
    category_id = entry.get("id")
    if not isinstance(category_id, str) or not category_id.strip():
        tree.problem(where, "content.categories.entry_no_id", field=f"{at}.id", number=position)
        return None
    category_id = category_id.strip()
    if category_id in seen:
        tree.problem(where, "content.categories.twice", field=f"{at}.id", value=category_id)
        return None
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
        tree.problem(where, "content.categories.no_name", field=f"{at}.name", value=category_id)
    icon = entry.get("icon")
    if icon is not None and not isinstance(icon, str):
        tree.problem(
            where, "content.categories.icon_not_text", field=f"{at}.icon", value=category_id
        )
        icon = None
    return Category(category_id, names, icon or None, 0)


def _article_files(root: Path, tree: _Tree | None, *, absolute: bool) -> list[tuple[str, Path]]:
    """``(lang, path)`` of every ``articles/<lang>/*.md`` file, sorted; wrong folders reported."""
    articles_dir = root / ARTICLES_DIR
    found: list[tuple[str, Path]] = []
    try:
        entries = sorted(os.scandir(articles_dir), key=lambda entry: entry.name)
    except FileNotFoundError:
        if tree is not None and tree.source == "bundled":
            tree.problem(ARTICLES_DIR, "content.articles.missing")
        return found
    except OSError as error:
        if tree is not None:
            where = _relative(articles_dir, root, absolute=absolute)
            tree.problem(where, "content.folder.unreadable", reason=error.strerror or str(error))
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        entry_path = Path(entry.path)
        where = _relative(entry_path, root, absolute=absolute)
        is_dir = _is_dir(entry, tree, where)
        if is_dir is None:
            continue
        if not is_dir:
            if entry.name.lower().endswith(".md") and tree is not None:
                tree.problem(where, "content.articles.outside_language")
            continue
        if entry.name not in LANGUAGES:
            if tree is not None:
                tree.problem(where, "content.articles.unknown_language", value=entry.name)
            continue
        found.extend(_language_files(root, entry_path, tree, absolute=absolute))
    return found


def _language_files(
    root: Path, folder: Path, tree: _Tree | None, *, absolute: bool
) -> list[tuple[str, Path]]:
    """``(lang, path)`` of the articles in one language folder, sorted."""
    try:
        # Ids differing only in case are duplicates; the lower-case file name wins.
        files = sorted(
            os.scandir(folder),
            key=lambda item: (item.name.casefold(), item.name != item.name.lower(), item.name),
        )
    except OSError as error:
        if tree is not None:
            where = _relative(folder, root, absolute=absolute)
            tree.problem(where, "content.folder.unreadable", reason=error.strerror or str(error))
        return []
    found: list[tuple[str, Path]] = []
    for item in files:
        if item.name.startswith(".") or not item.name.lower().endswith(".md"):
            continue
        where = _relative(Path(item.path), root, absolute=absolute)
        is_dir = _is_dir(item, tree, where)
        if is_dir is None or is_dir:
            continue
        if not item.is_file():  # a broken link, a pipe…: opening it could fail or block
            if tree is not None:
                tree.problem(where, "content.file.not_regular")
            continue
        found.append((folder.name, Path(item.path)))
    return found


def _is_dir(entry: os.DirEntry[str], tree: _Tree | None, where: str) -> bool | None:
    """Whether ``entry`` is a folder (links followed); None, reported as one more bad file, when
    it cannot be told: a symbolic link loop (``x.md -> x.md``), a link into a folder without
    permission."""
    try:
        return entry.is_dir()
    except OSError as error:
        if tree is not None:
            tree.problem(where, "content.file.unreadable", reason=error.strerror or str(error))
        return None


def _load_article(tree: _Tree, lang: str, path: Path, problems: list[Problem]) -> Article | None:
    """One article file, or None when it is unusable; its problems (without ``where``) go to
    ``problems``."""
    stem = path.name[: -len(".md")]
    if not _ID_RE.match(stem):
        problems.append(
            Problem.of("", "content.article.bad_file_name", field="id", value=path.name)
        )
        return None
    try:
        front, body = split_front_matter(read_text(path))
        meta = load_yaml(front, first_line=2)
    except Unusable as error:
        problems.append(error.problem(""))
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(Problem.of("", "content.front_matter.not_mapping", kind=kind_of(meta)))
        return None
    raw_id = meta.get("id")
    if raw_id is None:
        problems.append(Problem.of("", "content.article.no_id", field="id", stem=stem))
    elif str(raw_id).strip() != stem:
        problems.append(
            Problem.of(
                "",
                "content.article.id_differs",
                field="id",
                value=str(raw_id),
                file=path.name,
                stem=stem,
            )
        )
    title = text_field(meta, "title", problems)
    if not title:
        problems.append(Problem.of("", "content.article.no_title", field="title"))
        return None
    category = text_field(meta, "category", problems)
    if not category:
        problems.append(Problem.of("", "content.article.no_category", field="category"))
    return Article(
        id=stem,
        lang=lang,
        title=title,
        category=category,
        tags=list_field(meta, "tags", problems),
        summary=text_field(meta, "summary", problems),
        updated=date_field(meta, "updated", problems),
        related=list_field(meta, "related", problems),
        body=body,
        path=path,
        source=tree.source,
    )


def _load_tree(root: Path, source: str, *, absolute: bool) -> _Tree:
    tree = _Tree(root=root, source=source)
    if not root.is_dir():
        tree.problem(str(root), "content.folder.not_found")
        return tree
    _load_categories(tree, required=source == "bundled", absolute=absolute)
    folded: dict[tuple[str, str], Article] = {}
    for lang, path in _article_files(root, tree, absolute=absolute):
        where = _relative(path, root, absolute=absolute)
        found: list[Problem] = []
        article = _load_article(tree, lang, path, found)
        if article is not None:
            key = (article.id.casefold(), lang)
            first = folded.get(key)
            if first is not None:
                found.append(
                    Problem.of(
                        "",
                        "content.article.duplicate",
                        field="id",
                        value=article.id,
                        lang=lang,
                        other=tree.where.get(first.path, first.path.name),
                    )
                )
                article = None
            else:
                folded[key] = article
                tree.articles[(article.id, lang)] = article
                tree.where[path] = where
        tree.problems.extend(replace(problem, where=where) for problem in found)
    return tree


# --------------------------------------------------------------------------- whole library


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
                        Problem.of(
                            where_of.get(article.path, str(article.path)),
                            "content.article.duplicate_case",
                            field="id",
                            value=article.id,
                            lang=key[1],
                            other=clash.id,
                        )
                    )
                    continue
            library.articles[key] = article
            folded[folded_key] = article
    library.categories = [
        Category(category.id, category.name, category.icon, order)
        for order, category in enumerate(categories)
    ]
    library.problems.extend(check_references(library, where_of))
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
