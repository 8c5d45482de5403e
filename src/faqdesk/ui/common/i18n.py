"""The UI language: load and switch translators at run time.

Installing or removing a ``QTranslator`` makes Qt send ``QEvent.LanguageChange`` to every
widget; each of our widgets re-translates itself in ``changeEvent``, so switching language
needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from faqdesk.core import paths
from faqdesk.core.log import get_logger

_log = get_logger("ui.i18n")

#: UI language code -> Qt locale name of the translation files.
LOCALES = {"zh": "zh_CN", "en": "en"}

_installed: list[QTranslator] = []
_current = "en"


def translations_dir() -> str:
    return str(paths.resources_dir() / "translations")


def language() -> str:
    """The language the UI is shown in now (``zh`` or ``en``)."""
    return _current


def set_language(lang: str) -> bool:
    """Show the UI in ``lang`` (``zh`` or ``en``; English is the source language).

    Returns False (and keeps English) when the translation file cannot be loaded.
    """
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QApplication")
    lang = lang if lang in LOCALES else "en"
    if lang == _current and (_installed or lang == "en"):
        return True
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = "en"
    if lang == "en":
        QLocale.setDefault(QLocale("en_US"))
        return True
    ours = QTranslator(app)
    if not ours.load(f"faqdesk_{LOCALES[lang]}", translations_dir()):
        _log.warning("no translation for %s in %s", lang, translations_dir())
        return False
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt's own texts (file dialogs, standard buttons) in Chinese; a bundle may ship only the
    # umbrella "qt_" catalogue, or keep it next to ours.
    for name, folder in ((f"qtbase_{LOCALES[lang]}", qt_dir), (f"qt_{LOCALES[lang]}", qt_dir),
                         (f"qtbase_{LOCALES[lang]}", translations_dir())):  # fmt: skip
        if qt_own.load(name, folder):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
            break
    app.installTranslator(ours)
    _installed.append(ours)
    QLocale.setDefault(QLocale(LOCALES[lang]))
    _current = lang
    return True
