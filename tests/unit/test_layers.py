"""The architecture, checked: the import-linter contracts in pyproject.toml, no import
circles between modules, and rooms small enough to find one's way in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "closeness_desktop"
#: "No module over about 400 lines."
MAX_LINES = 420


def test_the_layer_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in graph.modules or not imported.startswith("closeness_desktop"):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module.startswith("closeness_desktop") and module not in index:
            visit(module)
    return found


def test_no_modules_import_each_other_in_a_circle() -> None:
    # Every import counts: inside functions and under TYPE_CHECKING too.
    graph = grimp.build_graph("closeness_desktop", include_external_packages=False)

    assert _circles(graph) == []


def test_no_module_is_over_about_four_hundred_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in PACKAGE.rglob("*.py")
        if "migrations/versions" not in path.as_posix()
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }

    assert long == {}


def test_a_screen_that_runs_sql_breaks_the_contracts(tmp_path: Path) -> None:
    """The contracts do bite: a copy of the package whose tray imports SQLAlchemy fails."""
    import shutil

    copy = tmp_path / "closeness_desktop"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    tray = copy / "ui" / "tray.py"
    tray.write_text(tray.read_text(encoding="utf-8") + "\nimport sqlalchemy\n", encoding="utf-8")
    lint = Path(sys.executable).with_name("lint-imports")

    result = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "closeness_desktop.ui.tray -> sqlalchemy" in result.stdout
