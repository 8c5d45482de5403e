"""jieba's dictionary cache, read in one piece at start-up (issue 11): the same dictionary as
jieba's own loading, and anything odd in the temporary folder is left to jieba."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import jieba

import faqdesk
from faqdesk.core.search.chinese import _load_cached_dictionary, ensure_ready, segment


def _tokenizer(tmp_path: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path)
    return tokenizer


def test_the_cache_jieba_wrote_gives_the_same_words(tmp_path: Path) -> None:
    own = _tokenizer(tmp_path)
    own.initialize()  # jieba's way: builds and writes tmp_path/jieba.cache
    assert (tmp_path / "jieba.cache").is_file()
    fast = _tokenizer(tmp_path)
    assert _load_cached_dictionary(fast, jieba.DEFAULT_DICT)
    assert fast.initialized and fast.total == own.total and fast.FREQ == own.FREQ
    text = "包裹丢失了怎么办请联系客服提交工单"
    assert segment(fast, text) == segment(own, text) == tuple(own.cut(text, HMM=False))


def test_a_damaged_or_foreign_cache_is_left_to_jieba(tmp_path: Path) -> None:
    cache = tmp_path / "jieba.cache"
    for content in (b"", b"\x00garbage", marshal.dumps(([1, 2], 3)), marshal.dumps(({}, 1))):
        cache.write_bytes(content)
        tokenizer = _tokenizer(tmp_path)
        assert not _load_cached_dictionary(tokenizer, jieba.DEFAULT_DICT)
        assert not tokenizer.initialized
    cache.unlink()
    target = tmp_path / "elsewhere.cache"
    target.write_bytes(marshal.dumps(({"包裹": 5}, 5)))
    cache.symlink_to(target)  # a link planted in a shared temporary folder: not followed
    assert not _load_cached_dictionary(_tokenizer(tmp_path), jieba.DEFAULT_DICT)
    cache.unlink()
    os.mkfifo(cache)  # would block a plain read
    assert not _load_cached_dictionary(_tokenizer(tmp_path), jieba.DEFAULT_DICT)


def test_a_custom_dictionary_is_not_read_from_the_default_cache(tmp_path: Path) -> None:
    (tmp_path / "jieba.cache").write_bytes(marshal.dumps(({"包裹": 5}, 5)))
    tokenizer = _tokenizer(tmp_path)
    tokenizer.dictionary = str(tmp_path / "my-dict.txt")
    assert not _load_cached_dictionary(tokenizer, jieba.DEFAULT_DICT)
    assert ensure_ready().FREQ.get("追踪号")  # the app's tokenizer has the domain words


def test_jieba_imported_without_pkg_resources_still_reads_its_files(tmp_path: Path) -> None:
    # a fresh interpreter: jieba imported the app's way, its dictionary built from its own
    # data file (no cache in tmp_path), HMM tables loaded
    src = str(Path(faqdesk.__file__).resolve().parents[1])  # this checkout's code
    code = (
        f"import sys\nsys.path.insert(0, {src!r})\n"
        "from faqdesk.core.search.chinese import _import_jieba\n"
        "jieba = _import_jieba()\n"
        "assert 'pkg_resources' not in sys.modules\n"
        "t = jieba.Tokenizer()\n"
        f"t.tmp_dir = {str(tmp_path)!r}\n"
        "t.initialize()\n"
        "print('/'.join(t.cut('包裹丢失了怎么办', HMM=True)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "包裹/丢失/了/怎么办"
    assert (tmp_path / "jieba.cache").is_file()


def test_jiebas_cache_is_written_to_the_users_cache_folder_not_the_shared_tmp(
    tmp_path: Path,
) -> None:
    # a fresh interpreter (jieba set up the app's way) with its own temporary folder
    cache, shared_tmp = tmp_path / "cache" / "FAQDesk", tmp_path / "tmp"
    shared_tmp.mkdir()
    src = str(Path(faqdesk.__file__).resolve().parents[1])
    code = (
        f"import sys\nsys.path.insert(0, {src!r})\n"
        "from faqdesk.core.search.chinese import ensure_ready, han_words\n"
        "ensure_ready()\n"
        "print('/'.join(han_words('包裹丢失了怎么办')))\n"
    )
    env = dict(os.environ, FAQDESK_CACHE_DIR=str(cache), TMPDIR=str(shared_tmp))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "包裹/丢失/了/怎么办"
    assert (cache / "jieba.cache").is_file()
    assert list(shared_tmp.iterdir()) == []
