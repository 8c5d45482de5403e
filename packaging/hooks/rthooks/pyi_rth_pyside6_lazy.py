"""PyInstaller's run-time hook for PySide6, without importing Qt at every start.

PyInstaller's own hook (``pyi_rth_pyside6.py``) ends by importing ``PySide6.QtCore`` to
register an embedded ``qt.conf``: every ``faqdesk`` command then loads Qt and its 32 MB of ICU
data, which made ``faqdesk --version`` three times slower than from the venv. This one sets the
same environment and registers the ``qt.conf`` right after ``PySide6.QtCore`` is first imported
(by the window; the subcommands never import it). Listed in ``rthooks.dat`` beside it, which
takes precedence over PyInstaller's own for the ``PySide6`` package.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any


def _environment() -> str:
    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
    meipass: str = sys._MEIPASS  # type: ignore[attr-defined]
    if sys.platform.startswith("win"):
        qt_path = os.path.join(meipass, "PySide6")
    else:
        qt_path = os.path.join(meipass, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_path, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_path, "qml")  # the app has no QML
    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(meipass, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(meipass, "DYLD_LIBRARY_PATH")
    return qt_path


class _AfterImport(importlib.abc.Loader):
    def __init__(self, inner: Any, qt_path: str) -> None:
        self.inner = inner
        self.qt_path = qt_path

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.inner.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        from _pyi_rth_utils import qt as qt_rth_utils

        self.inner.exec_module(module)
        sys.modules[module.__name__] = module
        qt_rth_utils.create_embedded_qt_conf("PySide6", self.qt_path)


class _QtCoreFinder(importlib.abc.MetaPathFinder):
    def __init__(self, qt_path: str) -> None:
        self.qt_path = qt_path

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != "PySide6.QtCore":
            return None
        sys.meta_path.remove(self)
        spec = None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        if spec is not None and spec.loader is not None:
            spec.loader = _AfterImport(spec.loader, self.qt_path)
        return spec


sys.meta_path.insert(0, _QtCoreFinder(_environment()))
