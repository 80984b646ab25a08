"""Another program to drag files from, for tests/desktop/test_photo_drag.py.

A drop from another process reaches the app through the X server's drag protocol (XDND);
a QDropEvent made inside a test never does. This small window starts a real QDrag on a
left press, carrying the files named on the command line, and prints the action the
target answered as a JSON line (``["dropped", "CopyAction"]``).

It quits when its stdin closes, not after the drop: the target reads the files' names
from the source (the XDND selection) only once it has the drop, so a source that is gone
by then drops nothing.

    python tests/desktop/drag_source.py FILE...    (Ctrl+D ends it)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QSocketNotifier, Qt, QUrl
from PySide6.QtGui import QDrag, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

TITLE = "Drag source"


class Source(QLabel):
    def __init__(self, files: list[Path], parent: QWidget | None = None) -> None:
        super().__init__("Drag me", parent)
        self.files = files
        self.setWindowTitle(TITLE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.resize(160, 100)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path.resolve())) for path in self.files])
        drag = QDrag(self)
        drag.setMimeData(mime)
        action = drag.exec(Qt.DropAction.CopyAction)  # runs until the button is let go
        print(json.dumps(["dropped", action.name]), flush=True)


def main() -> None:
    app = QApplication(sys.argv[:1])
    source = Source([Path(name) for name in sys.argv[1:]])
    # At the bottom left, away from where the app's window puts its middle.
    screen = app.primaryScreen().availableGeometry()
    source.move(screen.left(), screen.bottom() - source.height())
    source.show()
    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def read_stdin() -> None:
        if not os.read(sys.stdin.fileno(), 4096):  # closed
            app.quit()

    stdin.activated.connect(read_stdin)
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
