"""Where a file dialog starts: the Documents folder if there is one, else the home folder.

Qt's dialogs take a path that does not exist as a file name: without ~/Documents, the
name "Documents" would sit in the file-name box of an Open dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def starting_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def suggested_file(name: str) -> str:
    """A Save dialog's suggestion: ``name`` in :func:`starting_folder`."""
    return str(starting_folder() / name)
