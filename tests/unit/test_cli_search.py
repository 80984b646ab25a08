"""``closeness list --search WORDS --kind KIND --from NAME``: the window's search, in a
terminal, with the same matching (accents folded, the last word a prefix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.cli_runner import Run
from tests.unit.test_cli import assert_one_line_error


@pytest.fixture
def written(run: Run, tmp_path: Path) -> Path:
    folder = tmp_path / "household"
    code, _, err = run(
        "setup", "--data-dir", str(folder), "--partner", "Sam", "--partner", "Alex",
    )  # fmt: skip
    assert (code, err) == (0, "")
    for author, text in [
        ("Sam", "Dinner at the café tonight?"),
        ("Alex", "Loved the cafe by the river"),
        ("Alex", "The river walk, again soon"),
        ("Sam", "Thank you for listening"),
    ]:
        assert run("note", "--data-dir", str(folder), "--from", author, text)[0] == 0
    return folder


def listed(run: Run, folder: Path, *args: str) -> list[str]:
    code, out, err = run("list", "--data-dir", str(folder), *args)
    assert (code, err) == (0, "")
    return out.splitlines()


def test_search_finds_words_as_the_window_does(run: Run, written: Path) -> None:
    lines = listed(run, written, "--search", "cafe")

    assert len(lines) == 2  # "café" too: accents are folded
    assert lines[0].endswith("Alex to Sam: Loved the cafe by the river")
    assert lines[1].endswith("Sam to Alex: Dinner at the café tonight?")
    assert len(listed(run, written, "--search", "riv")) == 2  # the last word is a prefix


def test_from_keeps_one_partners_words(run: Run, written: Path) -> None:
    lines = listed(run, written, "--search", "river", "--from", "alex")

    assert [line.rsplit(": ", 1)[1] for line in lines] == [
        "The river walk, again soon",
        "Loved the cafe by the river",
    ]


def test_kind_keeps_one_kind(run: Run, written: Path) -> None:
    assert len(listed(run, written, "--kind", "note")) == 4
    assert listed(run, written, "--kind", "memory") == ["Nothing on the timeline matches that."]


def test_nothing_found_says_so(run: Run, written: Path) -> None:
    assert listed(run, written, "--search", "xylophone") == [
        "Nothing on the timeline matches that."
    ]
    assert run("list", "--data-dir", str(written), "--search", "xylophone", "--json")[1] == ""


def test_an_unknown_name_or_kind_is_one_line(run: Run, written: Path) -> None:
    code, out, err = run("list", "--data-dir", str(written), "--from", "Robin")
    assert_one_line_error(code, out, err)
    assert "Robin" in err

    code, out, err = run("list", "--data-dir", str(written), "--kind", "letter")
    assert_one_line_error(code, out, err, exit_code=2)
