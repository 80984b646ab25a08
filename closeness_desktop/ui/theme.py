"""Colours, sizes and the style sheet: warm paper, soft cards, one rose accent."""

from __future__ import annotations

from PySide6.QtGui import QColor

PAPER = QColor("#FAF5EF")
CARD = QColor("#FFFFFF")
CARD_BORDER = QColor("#EADFD3")
CARD_SELECTED = QColor("#FCEFF1")
INK = QColor("#3B2F2A")
INK_SOFT = QColor("#7D6A61")
HEADER_INK = QColor("#9A7B6C")
ACCENT = QColor("#C8566B")

KIND_COLOURS = {
    "note": QColor("#C8566B"),
    "memory": QColor("#B7834A"),
    "plan": QColor("#5E7FB8"),
    "checkin": QColor("#5E9C7A"),
    "goodbye": QColor("#8C6BB1"),
}

STYLE_SHEET = """
QMainWindow, QDialog { background: #FAF5EF; }
QWidget { color: #3B2F2A; }
QListView#timeline, QListView#ideas { background: #FAF5EF; border: none; }
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QDateTimeEdit, QSpinBox {
    background: #FFFFFF; border: 1px solid #E3D5C8; border-radius: 6px; padding: 4px 6px;
}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus { border-color: #C8566B; }
QPushButton {
    background: #FFFFFF; border: 1px solid #E3D5C8; border-radius: 6px; padding: 5px 12px;
}
QPushButton:hover { border-color: #C8566B; }
QPushButton:default, QPushButton[accent="true"] {
    background: #C8566B; color: #FFFFFF; border-color: #B44A5E;
}
QPushButton:checked { background: #FCE3E8; border-color: #C8566B; }
QPushButton:disabled, QLineEdit:disabled, QComboBox:disabled {
    color: #B8A79C; background: #F6EFE8; border-color: #EADFD3;
}
QLabel[role="title"] { font-size: 20px; font-weight: 600; color: #3B2F2A; }
QLabel[role="soft"] { color: #7D6A61; }
QLabel[role="error"] { color: #A8323E; }
QFrame[role="card"] { background: #FFFFFF; border: 1px solid #EADFD3; border-radius: 10px; }
QLabel[role="chip"] {
    background: #F4ECE3; color: #7D6A61; border: none; border-radius: 9px; padding: 2px 9px;
}
QPushButton[role="big"] { font-size: 16px; padding: 10px 22px; }
QFrame#banner { background: #FCEFF1; border: 1px solid #F0C9D1; border-radius: 8px; }
QToolBar { background: #F4ECE3; border: none; spacing: 6px; padding: 4px; }
QStatusBar { background: #F4ECE3; }
"""
