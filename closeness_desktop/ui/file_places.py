"""File dialogs: where they start (the Documents folder if there is one, else the home
folder), and the one way the app asks for a file to save or to open.

Qt's dialogs take a path that does not exist as a file name: without ~/Documents, the
name "Documents" would sit in the file-name box of an Open dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def starting_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def suggested_file(name: str) -> str:
    """A Save dialog's suggestion: ``name`` in :func:`starting_folder`."""
    return str(starting_folder() / name)


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str:
    """Where to save a file, beginning at ``suggested``; '' if the person changed their mind."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path


def ask_open_path(parent: QWidget | None, title: str, file_filter: str) -> str:
    """Which file to open, beginning in :func:`starting_folder`; '' if the person changed
    their mind."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(starting_folder()), file_filter)
    return path


#: The photos a memory can keep (HEIC too: the household turns it into a JPEG).
PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.gif *.heic *.heif *.JPG *.JPEG *.PNG *.HEIC)"


def ask_open_paths(parent: QWidget | None, title: str, file_filter: str) -> list[str]:
    """Which files to open (any number), beginning in :func:`starting_folder`; none if the
    person changed their mind."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(starting_folder()), file_filter)
    return list(paths)
