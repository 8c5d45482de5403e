# PyInstaller's own hook for this Qt module, keeping only the Qt plugins and translations the
# app uses (packaging/prepare.py): the libraries that left-out plugins need are not collected.
from prepare import keep_hook_entries
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = keep_hook_entries(binaries)
datas = keep_hook_entries(datas)
