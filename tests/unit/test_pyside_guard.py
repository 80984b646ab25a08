"""PySide6 6.12.0 on CPython 3.11 loses a reference to None on every void C++ call.

After some thousands of calls the interpreter aborts (``Fatal Python error:
none_dealloc``). pyproject.toml keeps that release out on 3.11; this test would crash the
run if it ever came back.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QObject


def test_the_broken_release_is_not_installed_on_python_311() -> None:
    if sys.version_info < (3, 12):
        assert PySide6.__version__ != "6.12.0"


def test_a_hundred_thousand_void_calls_keep_none_alive() -> None:
    before = sys.getrefcount(None)
    holder = QObject()
    for number in range(100_000):
        holder.setObjectName(f"n{number % 7}")  # returns void in C++
    after = sys.getrefcount(None)
    # Immortal None (3.12+) reports a huge constant; on 3.11 a leak shows as ~100,000.
    assert after - before < 1_000
