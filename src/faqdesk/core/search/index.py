"""The Whoosh index of the articles: its schema, the documents it holds, how a fresh one is
written, and what it was built with (``versions``: any difference means a full rebuild).

The index folder around it (stamp, vocabulary, updates, recovery) is
:mod:`faqdesk.core.search.folder`; the "did you mean" words are
:mod:`faqdesk.core.search.vocabulary`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from faqdesk.core.search import indexbuild
from faqdesk.core.search.analysis import ANALYZER_VERSION, dictionary_version, mixed_analyzer
from faqdesk.core.search.positions import BitPositions

T = TypeVar("T")

#: Bump when the fields change (forces a rebuild).
SCHEMA_VERSION = "8"
STAMP_FILE = "stamp.json"
#: Real words of the content with their document counts, for "did you mean".
VOCABULARY_FILE = "vocabulary.json"
INDEX_NAME = "MAIN"
#: The searched fields: ``title`` (boosted) and ``content`` (title, tags, summary and body:
#: one field keeps the number of posting lists per query word low, which is what costs).
TEXT_FIELDS: tuple[str, ...] = ("title", "content")
FIELD_BOOSTS: Mapping[str, float] = {"title": 2.5, "content": 1.0}


@dataclass(frozen=True)
class IndexDoc:
    """One article in one language, ready to index (plain text, no Markdown)."""

    key: str  # "<lang>:<id>"
    article_id: str
    lang: str
    title: str
    summary: str
    body_text: str
    tags: tuple[str, ...]
    category: str


def doc_key(article_id: str, lang: str) -> str:
    """The key of one article in one language, e.g. ``zh:delivery-delay``."""
    return f"{lang}:{article_id}"


#: Read the index with plain file reads instead of memory maps: mapped pages of a large index
#: count towards the process's memory (RSS) as searches touch them.
USE_MMAP = False


def open_index(path: Path) -> Index:
    """Open the committed index in ``path`` (raises on a missing or damaged index)."""
    return FileStorage(str(path), supports_mmap=USE_MMAP).open_index(INDEX_NAME)


#: An index folder's identity (device, inode); None while it is missing.
FolderId = tuple[int, int] | None


def folder_id(path: Path) -> FolderId:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def current_searcher(
    index: Index, path: Path, searcher: Searcher | None, seen: FolderId
) -> tuple[Searcher, FolderId]:
    """A searcher of the latest committed version of the index in ``path`` (opened or
    refreshed), and the folder it reads. Whoosh's ``refresh`` compares version numbers only,
    and a full rebuild by another opening (a fresh folder swapped in by
    :mod:`faqdesk.core.search.folder`) can have the old one's: a new folder means a new
    searcher. While the folder is missing (between the two renames of that swap), the
    current searcher reads its open files a moment longer."""
    now = folder_id(path)
    if searcher is not None and now is not None and now != seen:
        searcher.close()
        searcher = None
    if searcher is None:
        return index.searcher(weighting=BM25F()), now
    if now is None:
        return searcher, seen
    if not searcher.doc_count_all():
        # an index without a document: Whoosh's refresh fails on its empty reader
        if searcher.up_to_date():
            return searcher, now
        searcher.close()
        return index.searcher(weighting=BM25F()), now
    return searcher.refresh(), now


def make_schema() -> Schema:
    """The fields of the index."""
    analyzer = mixed_analyzer()
    title = TEXT(analyzer=analyzer, stored=True, field_boost=FIELD_BOOSTS["title"])
    content = TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["content"])
    for field in (title, content):  # positions as bit sets: quoted phrases read them fast
        field.format = BitPositions(field_boost=field.format.field_boost)
    return Schema(
        key=ID(stored=True, unique=True),
        id=ID(stored=True, sortable=True),
        lang=ID(stored=True, sortable=True),
        category=ID(stored=True),
        tag=KEYWORD(lowercase=True, commas=True),
        title=title,
        content=content,
        text=STORED(),
    )


def versions() -> dict[str, str]:
    """What the index was built with; any difference means a full rebuild."""
    from faqdesk.core.version import version  # read when an index is opened, not at import

    return {
        "schema": SCHEMA_VERSION,
        "analyzer": ANALYZER_VERSION,
        "dictionary": dictionary_version(),
        "app": version(),
    }


def doc_content(doc: IndexDoc) -> str:
    """Everything searchable of a document, as one text (the "content" field)."""
    return f"{doc.title}\n{' '.join(doc.tags)}\n{doc.summary}\n{doc.body_text}"


def whoosh_fields(doc: IndexDoc) -> dict[str, Any]:
    content = doc_content(doc)
    return {
        "key": doc.key,
        "id": doc.article_id,
        "lang": doc.lang,
        "category": doc.category,
        "tag": ",".join(t.replace(",", " ").strip() for t in doc.tags if t.strip()),
        "title": doc.title,
        "content": content,
        "text": f"{doc.summary}\n{doc.body_text}" if doc.summary else doc.body_text,
    }


def posting_codec() -> Any:
    """FAQDesk's compact codec with bigger, uncompressed posting blocks: a search decodes a common
    word's postings several times faster (pickle + zlib per 128 postings dominate otherwise),
    for a somewhat larger index. 4,096 postings a block: each block costs a few file reads and
    unpickled headers, and at 10,000 articles a common word's list fits in one to three."""
    from faqdesk.core.search.codec import CompactCodec

    return CompactCodec(blocklimit=4096, compression=0)


def build_documents(
    folder: Path,
    keys: Sequence[str],
    make_doc: Callable[[str], IndexDoc],
    *,
    summarize: Callable[[IndexDoc], T] | None = None,
    weights: Sequence[int] | None = None,
    procs: int | None = None,
) -> tuple[Index, list[T]]:
    """Write a fresh index of the documents ``make_doc(key)`` into ``folder`` (empty); see
    :func:`faqdesk.core.search.indexbuild.build_index`."""
    return indexbuild.build_index(
        folder,
        make_schema(),
        INDEX_NAME,
        posting_codec(),
        keys,
        make_doc,
        whoosh_fields,
        summarize=summarize,
        weights=weights,
        procs=procs,
    )


def build_index(folder: Path, docs: Sequence[IndexDoc], *, procs: int | None = None) -> Index:
    """Write a fresh index of ``docs`` into ``folder`` (empty)."""
    by_key = {doc.key: doc for doc in docs}
    return build_documents(folder, list(by_key), by_key.__getitem__, procs=procs)[0]
