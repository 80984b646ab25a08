"""``closeness lock``, private and sealed notes and memories, and ``list --partner``: in-process
(the secrets on standard input, or typed at a fake terminal), and once as a real process."""

from __future__ import annotations

import getpass
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household.privacy import FORGETTING
from tests.unit.cli_runner import Run

PASSPHRASE = "blue heron at dawn"
NEW_PASSPHRASE = "seven swans swimming"
CODE = re.compile(r"Recovery code: ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})$", re.MULTILINE)

Given = Callable[..., None]
"""The type of the ``given`` fixture: what standard input holds, one line each."""


class Terminal(io.StringIO):
    """Standard input that is a person at a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def folder(cli_folder: Path) -> Path:
    return cli_folder


@pytest.fixture
def given(monkeypatch: pytest.MonkeyPatch) -> Given:
    def given(*lines: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))

    return given


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[str]]:
    """A terminal where ``typed(a, b)`` will be typed at the next prompts; the prompts."""

    def typed(*answers: str) -> list[str]:
        prompts: list[str] = []
        left = list(answers)

        def ask(prompt: str = "Password: ", stream: object = None) -> str:
            prompts.append(prompt)
            if not left:
                raise EOFError
            return left.pop(0)

        monkeypatch.setattr(sys, "stdin", Terminal())
        monkeypatch.setattr(getpass, "getpass", ask)
        return prompts

    return typed


def locked(run: Run, folder: Path, given: Given, partner: str = "Sam") -> str:
    """Set ``partner``'s lock to PASSPHRASE; the recovery code."""
    given(PASSPHRASE)
    code, out, err = run("lock", "set", "--partner", partner, "--data-dir", str(folder))
    assert (code, err) == (0, "")
    found = CODE.search(out)
    assert found is not None, out
    return found.group(1)


def listed(run: Run, folder: Path, *args: str) -> list[str]:
    code, out, err = run("list", "--data-dir", str(folder), *args)
    assert (code, err) == (0, ""), err
    return out.splitlines()


def assert_one_line_error(code: int, err: str) -> None:
    assert code == 1
    assert err.startswith("closeness: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


# -- closeness lock ---------------------------------------------------------------------------


def test_lock_set_from_standard_input_warns_first_and_prints_the_recovery_code_once(
    run: Run, folder: Path, given: Given
) -> None:
    given(PASSPHRASE)

    code, out, err = run("lock", "set", "--partner", "Sam", "--data-dir", str(folder))

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == FORGETTING
    assert lines[1] == "Sam's private corner is locked with a passphrase."
    assert CODE.fullmatch(lines[2])
    assert lines[3].startswith("Write it down now and keep it apart from this computer")
    assert len(lines) == 4
    assert PASSPHRASE not in out
    assert listed(run, folder)[0].endswith("empty: leave a first note with “closeness note”.")
    code, out, _ = run("lock", "status", "--data-dir", str(folder))
    assert (code, out) == (0, "Sam: locked with a passphrase\nAlex: no lock\n")


def test_lock_set_on_a_terminal_asks_twice_without_echo_and_a_pin_will_do(
    run: Run, folder: Path, typed: Callable[..., list[str]]
) -> None:
    prompts = typed("246810", "246810")

    code, out, err = run("lock", "set", "--data-dir", str(folder))  # Sam: this account's

    assert (code, err) == (0, "")
    assert prompts == ["New passphrase or PIN for Sam: ", "The same again, to be sure: "]
    assert "locked with a PIN" in out
    assert "246810" not in out


def test_lock_set_refuses_two_different_passphrases_and_sets_nothing(
    run: Run, folder: Path, typed: Callable[..., list[str]]
) -> None:
    typed(PASSPHRASE, NEW_PASSPHRASE)

    code, out, err = run("lock", "set", "--data-dir", str(folder))

    assert_one_line_error(code, err)
    assert "the two passphrases were not the same; nothing was changed" in err
    assert out == FORGETTING + "\n"
    _, status, _ = run("lock", "status", "--data-dir", str(folder))
    assert status.startswith("Sam: no lock")


def test_lock_set_refuses_a_short_passphrase_in_words(run: Run, folder: Path, given: Given) -> None:
    given("short")

    code, _, err = run("lock", "set", "--data-dir", str(folder))

    assert_one_line_error(code, err)
    assert "A passphrase needs at least 8 characters" in err
    assert "short" not in err.replace("A passphrase", "")


def test_lock_set_refuses_a_second_lock_and_empty_input(
    run: Run, folder: Path, given: Given
) -> None:
    locked(run, folder, given)
    given(NEW_PASSPHRASE)
    code, out, err = run("lock", "set", "--data-dir", str(folder))
    assert_one_line_error(code, err)
    assert out == ""
    assert "Sam has a lock already: change its passphrase with “closeness lock change" in err

    given()
    code, _, err = run("lock", "set", "--partner", "Alex", "--data-dir", str(folder))
    assert_one_line_error(code, err)
    assert "no new passphrase was given on standard input" in err


def test_lock_change_takes_the_current_then_the_new_passphrase(
    run: Run, folder: Path, given: Given
) -> None:
    recovery = locked(run, folder, given)
    given(PASSPHRASE)
    run("note", "Just mine", "--private", "--data-dir", str(folder))

    given(PASSPHRASE, NEW_PASSPHRASE)
    code, out, err = run("lock", "change", "--partner", "Sam", "--data-dir", str(folder))

    assert (code, err) == (0, "")
    assert out == "Sam's passphrase is changed; the recovery code stays the same.\n"
    given(PASSPHRASE)
    code, _, err = run("list", "--partner", "Sam", "--data-dir", str(folder))
    assert_one_line_error(code, err)
    given(NEW_PASSPHRASE)
    assert "Just mine" in listed(run, folder, "--partner", "Sam")[0]
    given(recovery, PASSPHRASE)
    code, _, err = run("lock", "recover", "--data-dir", str(folder))
    assert (code, err) == (0, "")  # the same recovery code still opens it


def test_lock_change_with_a_wrong_current_passphrase_changes_nothing(
    run: Run, folder: Path, given: Given
) -> None:
    locked(run, folder, given)
    given("not the one at all", NEW_PASSPHRASE)

    code, _, err = run("lock", "change", "--data-dir", str(folder))

    assert_one_line_error(code, err)
    assert err == "closeness: That passphrase is not the right one.\n"
    given(PASSPHRASE)
    listed(run, folder, "--partner", "Sam")  # the old one still opens it


def test_lock_recover_gives_a_new_passphrase_and_a_new_code(
    run: Run, folder: Path, given: Given
) -> None:
    recovery = locked(run, folder, given)
    given(PASSPHRASE)
    run("note", "Before I forgot", "--private", "--data-dir", str(folder))

    given(recovery.lower().replace("-", " "), NEW_PASSPHRASE)  # as written down by hand
    code, out, err = run("lock", "recover", "--partner", "Sam", "--data-dir", str(folder))

    assert (code, err) == (0, "")
    fresh = CODE.search(out)
    assert fresh is not None
    assert fresh.group(1) != recovery
    assert "The old recovery code opens nothing now" in out
    assert recovery not in out
    given(NEW_PASSPHRASE)
    assert "Before I forgot" in listed(run, folder, "--partner", "Sam")[0]
    given(recovery, "yet another passphrase")
    code, _, err = run("lock", "recover", "--data-dir", str(folder))
    assert_one_line_error(code, err)
    assert "That recovery code is not the right one." in err


def test_lock_commands_for_a_partner_without_a_lock_say_how_to_set_one(
    run: Run, folder: Path, given: Given
) -> None:
    for action in ("change", "recover"):
        given(PASSPHRASE, NEW_PASSPHRASE)
        code, _, err = run("lock", action, "--partner", "Alex", "--data-dir", str(folder))
        assert_one_line_error(code, err)
        assert "Alex has no lock yet: set one with “closeness lock set --partner Alex”" in err


# -- private notes and memories ---------------------------------------------------------------


def test_a_private_note_is_listed_only_with_its_authors_passphrase(
    run: Run, folder: Path, given: Given
) -> None:
    locked(run, folder, given)
    run("note", "Shared hello", "--data-dir", str(folder))
    given(PASSPHRASE)

    code, out, err = run(
        "note", "Only for me", "--private", "--as", "Sam", "--data-dir", str(folder)
    )

    assert (code, err, out) == (0, "", "Kept a private note, just for Sam.\n")
    assert not any("Only for me" in line for line in listed(run, folder))
    assert not any("Only for me" in line for line in listed(run, folder, "--json"))
    given(PASSPHRASE)
    lines = listed(run, folder, "--partner", "Sam")
    assert lines[0].endswith("Sam: Only for me  (private)")
    assert lines[1].endswith("Sam to Alex: Shared hello")
    given(PASSPHRASE)
    private, shared = map(json.loads, listed(run, folder, "--partner", "Sam", "--json"))
    assert (private["text"], private["private"], private["to"]) == ("Only for me", True, None)
    assert (shared["private"], shared["sealed"]) == (False, None)
    given(PASSPHRASE)
    assert len(listed(run, folder, "--partner", "Sam", "--search", "only")) == 1
    assert listed(run, folder, "--search", "only") == ["Nothing on the timeline matches that."]


def test_on_a_terminal_the_passphrase_is_asked_by_name_without_echo(
    run: Run, folder: Path, given: Given, typed: Callable[..., list[str]]
) -> None:
    locked(run, folder, given)
    prompts = typed(PASSPHRASE)

    code, out, err = run("list", "--partner", "sam", "--data-dir", str(folder))

    assert (code, err) == (0, "")
    assert prompts == ["Sam's passphrase: "]
    assert PASSPHRASE not in out


def test_a_wrong_passphrase_is_one_line_and_then_the_wait_is_said(
    run: Run, folder: Path, given: Given, clock: FakeClock
) -> None:
    locked(run, folder, given)
    given(PASSPHRASE)
    run("note", "Only for me", "--private", "--data-dir", str(folder))

    given("not my passphrase")
    code, out, err = run("list", "--partner", "Sam", "--data-dir", str(folder))
    assert_one_line_error(code, err)
    assert (out, err) == ("", "closeness: That passphrase is not the right one.\n")

    given("not my passphrase")
    code, _, err = run("list", "--partner", "Sam", "--data-dir", str(folder))
    assert err == "closeness: That passphrase is not the right one. Try again in 2 seconds.\n"

    given(PASSPHRASE)  # right, but too soon: not even asked
    code, _, err = run("list", "--partner", "Sam", "--data-dir", str(folder))
    assert_one_line_error(code, err)
    assert "Try again in 2 seconds." in err
    _, status, _ = run("lock", "status", "--data-dir", str(folder))
    assert "Sam: locked with a passphrase (after wrong tries, the next is heard in 2" in status

    clock.advance(timedelta(seconds=2))
    given(PASSPHRASE)
    assert "Only for me" in listed(run, folder, "--partner", "Sam")[0]


def test_a_private_note_needs_a_lock_and_goes_to_no_one(
    run: Run, folder: Path, given: Given
) -> None:
    given(PASSPHRASE)
    code, _, err = run("note", "Mine", "--private", "--data-dir", str(folder))
    assert_one_line_error(code, err)
    assert "Sam has no lock yet: set one with “closeness lock set --partner Sam”" in err

    locked(run, folder, given)
    given(PASSPHRASE)
    code, _, err = run("note", "Mine", "--private", "--to", "Alex", "--data-dir", str(folder))
    assert_one_line_error(code, err)
    assert "a private note goes to no one: leave out --to" in err


def test_the_note_and_its_passphrase_cannot_both_come_from_standard_input(
    run: Run, folder: Path, given: Given
) -> None:
    locked(run, folder, given)
    given("Mine", PASSPHRASE)

    code, _, err = run("note", "-", "--private", "--data-dir", str(folder))

    assert_one_line_error(code, err)
    assert "cannot both come from standard input: give the note with --file" in err


def test_a_private_memory_asks_the_passphrase_and_seals_its_photos(
    run: Run, folder: Path, given: Given
) -> None:
    locked(run, folder, given)
    given(PASSPHRASE)

    code, out, err = run(
        "memory", "Our secret beach", "--on", "2019-07-14", "--private", "--data-dir", str(folder)
    )

    assert (code, err) == (0, "")
    assert out == "Kept the private memory “Our secret beach” of 14 July 2019, just for Sam.\n"
    assert listed(run, folder)[0].startswith("The timeline is empty")
    given(PASSPHRASE)
    (memory,) = map(json.loads, listed(run, folder, "--partner", "Sam", "--json"))
    assert (memory["kind"], memory["title"], memory["private"]) == (
        "memory", "Our secret beach", True,
    )  # fmt: skip
    photo = Path(__file__).parent.parent / "data" / "photos" / "Landscape_1.jpg"
    code, _, err = run(
        "memory", "With a photo", "--on", "2019-07-15", "--private", "--photo", str(photo),
        "--data-dir", str(folder),
    )  # fmt: skip
    assert_one_line_error(code, err)  # asked the passphrase first: none was given
    given(PASSPHRASE)
    code, out, err = run(
        "memory", "With a photo", "--on", "2019-07-15", "--private", "--photo", str(photo),
        "--data-dir", str(folder),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        "Kept the private memory “With a photo” of 15 July 2019,"
        " with 1 photo sealed, just for Sam.\n"
    )
    (kept,) = (folder / "photos").glob("*/*.*")
    assert kept.suffix == ".sealed"


# -- sealed notes ----------------------------------------------------------------------------


def test_a_sealed_note_is_listed_as_sealed_without_its_words(
    run: Run, folder: Path, given: Given
) -> None:
    code, out, err = run(
        "note", "Happy birthday, love", "--sealed-until", "2026-12-01", "--data-dir", str(folder)
    )

    assert (code, err) == (0, "")
    assert out == "Sealed a note for Alex: it opens on Tuesday 1 December 2026.\n"
    (line,) = listed(run, folder)
    assert line.endswith("Love note   Sam to Alex: sealed, opens on Tuesday 1 December 2026")
    (entry,) = map(json.loads, listed(run, folder, "--json"))
    assert entry["sealed"] == {"opens_at": "2026-11-30T23:00:00+00:00", "on_arrival": False}
    assert (entry["text"], entry["title"], entry["private"]) == ("", "", False)
    assert listed(run, folder, "--search", "birthday") == ["Nothing on the timeline matches that."]
    locked(run, folder, given)
    given(PASSPHRASE)
    assert "Happy birthday" not in "\n".join(listed(run, folder, "--partner", "Sam", "--json"))


def test_a_sealed_note_can_wait_for_the_first_arrival_from_its_day(run: Run, folder: Path) -> None:
    code, out, _ = run(
        "note", "Welcome home", "--sealed-until", "2026-12-24", "--on-arrival",
        "--to", "Alex", "--data-dir", str(folder),
    )  # fmt: skip

    assert code == 0
    assert out == (
        "Sealed a note for Alex: it opens at their first arrival from Thursday 24 December 2026.\n"
    )
    (line,) = listed(run, folder)
    assert line.endswith("sealed, opens at Alex's first arrival from Thursday 24 December 2026")
    (entry,) = map(json.loads, listed(run, folder, "--json"))
    assert entry["sealed"]["on_arrival"] is True


@pytest.mark.parametrize("day", ["2026-11-26", "2025-02-14"])
def test_a_sealed_note_on_a_day_not_ahead_is_refused(run: Run, folder: Path, day: str) -> None:
    code, out, err = run("note", "Too late", "--sealed-until", day, "--data-dir", str(folder))

    assert_one_line_error(code, err)
    assert out == ""
    assert "a sealed note opens on a day ahead:" in err
    assert "is not after today" in err
    assert listed(run, folder)[0].startswith("The timeline is empty")


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--on-arrival",), "--on-arrival goes with --sealed-until DATE"),
        (("--sealed-until", "2027-01-01", "--private"), "either private or sealed"),
        (("--sealed-until", "2027-01-01", "--to", "both"), "a sealed note is for your partner"),
        (("--sealed-until", "2027-01-01", "--to", "Sam"), "leave out --to, or give Alex"),
        (("--sealed-until", "2027-02-30"), "is not a real date"),
    ],
)
def test_a_sealed_note_that_cannot_be_is_refused_in_words(
    run: Run, folder: Path, extra: tuple[str, ...], words: str
) -> None:
    code, _, err = run("note", "Hmm", *extra, "--data-dir", str(folder))

    assert code in (1, 2)  # 2: the date, refused as arguments are
    assert words in err
    assert err.count("\n") == 1


# -- secrets stay secret ---------------------------------------------------------------------


def test_no_secret_reaches_the_log(run: Run, folder: Path, given: Given, log_file: Path) -> None:
    recovery = locked(run, folder, given)
    for wrong in ("wrong passphrase one", "wrong passphrase two"):
        given(wrong)
        run("list", "--partner", "Sam", "--data-dir", str(folder))
    given(recovery, NEW_PASSPHRASE)
    run("lock", "recover", "--data-dir", str(folder))

    written = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    for secret in (PASSPHRASE, NEW_PASSPHRASE, recovery, "wrong passphrase"):
        assert secret not in written


def test_a_real_process_reads_the_passphrase_from_a_pipe(tmp_path: Path) -> None:
    folder = str(tmp_path / "piped")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}

    def closeness(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "closeness_desktop", *args, "--data-dir", folder],
            input=stdin,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert closeness("setup", "--partner", "Sam", "--partner", "Alex").returncode == 0
    made = closeness("lock", "set", "--partner", "Sam", stdin=PASSPHRASE + "\n")
    assert (made.returncode, made.stderr) == (0, "")
    assert CODE.search(made.stdout)
    kept = closeness("note", "Piped and private", "--private", "--from", "Sam", stdin=PASSPHRASE)
    assert (kept.returncode, kept.stderr) == (0, "")
    assert "Piped and private" not in closeness("list").stdout
    shown = closeness("list", "--partner", "Sam", stdin=PASSPHRASE + "\n")
    assert "Piped and private" in shown.stdout
    refused = closeness("list", "--partner", "Sam", stdin="nope nope\n")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == "closeness: That passphrase is not the right one.\n"
