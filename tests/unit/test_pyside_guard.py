"""PySide6 6.12.0 on CPython 3.11 loses a reference to None on every void C++ call.

After some thousands of calls the interpreter aborts (``Fatal Python error:
none_dealloc``). pyproject.toml keeps that release out on 3.11 with environment markers;
6.12.0 on 3.12+ (where None is immortal) and 6.11.x on 3.11 are clean. These tests hold on
every Python the project supports (3.11 to 3.13): the markers say what they should for
each of them, the PySide6 installed here satisfies the requirement for this Python, and
100,000 void calls neither crash an interpreter nor move None's reference count.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import PySide6
import pytest
from packaging.requirements import Requirement  # pytest's own dependency
from packaging.utils import canonicalize_name

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
DISTRIBUTION = "PySide6-Essentials"
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")


def pyside_requirements() -> list[Requirement]:
    """The project's requirements on the PySide6 wheel, as pyproject.toml declares them."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    found = [Requirement(text) for text in project["dependencies"]]
    return [r for r in found if canonicalize_name(r.name) == canonicalize_name(DISTRIBUTION)]


def applying_to(python: str | None) -> list[Requirement]:
    """The PySide6 requirements whose markers hold on ``python`` (None: this interpreter)."""
    environment = None if python is None else {"python_version": python}
    return [r for r in pyside_requirements() if r.marker is None or r.marker.evaluate(environment)]


@pytest.mark.parametrize("python", SUPPORTED_PYTHONS)
def test_the_markers_keep_the_broken_release_out_on_python_311_only(python: str) -> None:
    (requirement,) = applying_to(python)  # exactly one requirement for every Python

    assert requirement.specifier.contains("6.12.0") is (python != "3.11")
    assert requirement.specifier.contains("6.11.3")
    assert requirement.specifier.contains("6.12.1")
    assert not requirement.specifier.contains("6.7.3")


def test_the_installed_pyside_satisfies_the_requirement_for_this_python() -> None:
    installed = importlib.metadata.version(DISTRIBUTION)
    (requirement,) = applying_to(None)

    assert requirement.specifier.contains(installed, prereleases=True), (
        f"{DISTRIBUTION} {installed} on Python {sys.version.split()[0]} breaks {requirement}"
    )
    # The module imported here is the distribution checked (no other copy on the path),
    # and its bindings generator is the same release (they are built as a pair).
    assert PySide6.__version__ == installed
    assert importlib.metadata.version("shiboken6") == installed


VOID_CALLS = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QObject, QTimer

    holder, timer = QObject(), QTimer()
    before = sys.getrefcount(None)
    for number in range(100_000):
        holder.setObjectName(f"n{number % 7}")  # both return void in C++
        timer.setInterval(number % 11)
    print(sys.getrefcount(None) - before)
    """
)


def test_a_hundred_thousand_void_calls_neither_crash_nor_move_nones_count() -> None:
    # In a child: the broken release aborts the interpreter, which must not take the test
    # run with it. On 3.11 each lost reference also shows as drift; on 3.12+ None is
    # immortal, its count stays put, and the exit status is what tells.
    done = subprocess.run(
        [sys.executable, "-c", VOID_CALLS], check=False, capture_output=True, text=True, timeout=120
    )

    assert "none_dealloc" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert abs(int(done.stdout)) < 1_000  # a leak would be about 200,000
