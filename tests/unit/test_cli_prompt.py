"""``closeness prompt`` and ``closeness prompt --answer``, in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from closeness_desktop import prompt_deck
from tests.unit.cli_runner import Run


@pytest.fixture
def folder(cli_folder: Path) -> Path:
    return cli_folder


def test_prompt_prints_the_same_question_until_it_is_answered(run: Run, folder: Path) -> None:
    code, first, err = run("prompt", "--data-dir", str(folder))
    assert (code, err) == (0, "")
    texts = {prompt.text for prompt in prompt_deck.builtin_prompts()}
    assert first.strip() in texts
    assert run("prompt", "--data-dir", str(folder))[1] == first

    code, out, err = run("prompt", "--answer", "The way you hum.", "--data-dir", str(folder))
    assert (code, err) == (0, "")
    assert f"Saved your answer to “{first.strip()}”" in out
    assert "Alex will read it once they have answered too." in out
    assert run("prompt", "--data-dir", str(folder))[1] != first


def test_answer_as_a_named_partner_and_the_listing_shows_no_answer(run: Run, folder: Path) -> None:
    code, out, err = run(
        "prompt", "--answer", "Pancakes on Sundays.", "--as", "Alex", "--data-dir", str(folder)
    )
    assert (code, err) == (0, "")
    assert "Sam will read it" in out
    code, listing, _ = run("list", "--json", "--data-dir", str(folder))
    assert code == 0
    assert '"prompt"' in listing
    assert "Pancakes" not in listing


def test_an_empty_answer_is_refused_in_words(run: Run, folder: Path) -> None:
    code, _, err = run("prompt", "--answer", "  ", "--data-dir", str(folder))
    assert code != 0
    assert "a few words" in err


def test_the_second_partner_gets_the_question_the_first_answered(run: Run, folder: Path) -> None:
    question = run("prompt", "--data-dir", str(folder))[1].strip()
    run("prompt", "--answer", "The way you hum.", "--data-dir", str(folder))
    code, out, _ = run("prompt", "--as", "Alex", "--data-dir", str(folder))
    assert (code, out.strip()) == (0, question)

    code, out, err = run(
        "prompt", "--answer", "Pancakes.", "--as", "Alex", "--data-dir", str(folder)
    )
    assert (code, err) == (0, "")
    assert "Sam's answer: The way you hum." in out
