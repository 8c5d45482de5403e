"""PyInstaller run-time hook: jieba reads the dictionary cache built into the bundle, and
FAQDesk its word table.

Without it jieba builds its prefix dictionary from ``dict.txt`` at the first start (about a
second) and writes ``jieba.cache`` to the temporary folder. The cache is made at build time
(``packaging/prepare.py``) and placed at ``jieba/faqdesk.cache`` inside the bundle, with
FAQDesk's word table (``jieba/faqdesk.table``, named to FAQDesk as ``jieba.faqdesk_word_table``:
then jieba's dict is not loaded at all at start-up, nor the table written). jieba is
imported late (in the background, when search starts); this hook only waits for that import,
so the start of the window is not delayed.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

_FOLDER = os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), "jieba")
_CACHE = os.path.join(_FOLDER, "faqdesk.cache")
_TABLE = os.path.join(_FOLDER, "faqdesk.table")


def _use_bundled_cache(jieba: Any) -> None:
    original_init = jieba.Tokenizer.__init__

    def __init__(self: Any, dictionary: Any = jieba.DEFAULT_DICT) -> None:
        original_init(self, dictionary)
        if self.dictionary == jieba.DEFAULT_DICT and os.path.isfile(_CACHE):
            self.cache_file = _CACHE  # absolute: jieba's os.path.join keeps it as it is

    jieba.Tokenizer.__init__ = __init__
    if os.path.isfile(_TABLE):
        jieba.faqdesk_word_table = _TABLE


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.inner.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        self.inner.exec_module(module)
        _use_bundled_cache(module)


class _JiebaFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != "jieba":
            return None
        sys.meta_path.remove(self)
        spec = None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


sys.meta_path.insert(0, _JiebaFinder())
