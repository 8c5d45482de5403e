"""Printing an article and saving it as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QWidget


def save_pdf(document: QTextDocument, title: str, path: str) -> bool:
    """Write ``document`` to a PDF file; False when the file is not there afterwards."""
    writer = QPdfWriter(path)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle(title)
    doc = document.clone()
    doc.print_(writer)
    del writer  # finishes the file
    return _non_empty(path)


def print_document(document: QTextDocument, parent: QWidget) -> None:
    """Show the print dialog and print ``document``."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        document.print_(printer)


def _non_empty(path: str) -> bool:
    try:
        return Path(path).stat().st_size > 0
    except OSError:
        return False
