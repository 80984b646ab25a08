"""Every command-line failure is one clear line and a non-zero exit, never a traceback:
a busy household, a full disk, a read-only copy, text that is not UTF-8, a closed pipe,
Ctrl+C, a bug. Long notes come from a file or standard input; ``list`` never makes a
household; what files and calendars hold reaches the terminal with its controls escaped."""

from __future__ import annotations

import getpass
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from closeness_desktop import cli
from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household
from closeness_desktop.records import TimelineFilter
from closeness_desktop.store import engine as store_engine
from tests.unit.cli_runner import Run
from tests.write_failures import LONG_NOTE, write_lock_held

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "sam-login"
SECRET = "the bench where you said yes"


@pytest.fixture(autouse=True)
def this_account(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(getpass, "getuser", lambda: ACCOUNT)
    return ACCOUNT


@pytest.fixture
def folder(run: Run, tmp_path: Path) -> Path:
    """A household set up from the command line; Sam uses this account."""
    folder = tmp_path / "shared"
    code, _, err = run(
        "setup", "--data-dir", str(folder), "--partner", "Sam", "--partner", "Alex",
        "--this-account", "Sam",
    )  # fmt: skip
    assert (code, err) == (0, "")
    return folder


@pytest.fixture
def stored(folder: Path, clock: FakeClock) -> Iterator[Callable[[], Household]]:
    opened: list[Household] = []

    def open_it() -> Household:
        household = Household.open(f"sqlite:///{folder / 'closeness.sqlite3'}", clock)
        opened.append(household)
        return household

    yield open_it
    for household in opened:
        household.close()


def with_pragma(monkeypatch: pytest.MonkeyPatch, *statements: str) -> None:
    """Every connection the command opens also runs ``statements`` (after the app's own)."""
    original = store_engine._sqlite_pragmas

    def pragmas(connection: Any, record: Any) -> None:
        original(connection, record)
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
        for statement in statements:
            connection.execute(statement.format(pages=pages))

    monkeypatch.setattr(store_engine, "_sqlite_pragmas", pragmas)


def one_line(code: int, out: str, err: str, *, exit_code: int = 1) -> str:
    assert code == exit_code
    assert out == ""
    assert err.startswith("closeness")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# -- the database refuses ---------------------------------------------------------------------


def test_a_busy_household_is_one_line_and_nothing_is_saved(
    run: Run, folder: Path, stored: Callable[[], Household], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_pragma(monkeypatch, "PRAGMA busy_timeout=50")

    with write_lock_held(folder / "closeness.sqlite3"):
        err = one_line(*run("note", "--data-dir", str(folder), SECRET))

    assert err == (
        "closeness: nothing was saved: the household is busy (another window or account is"
        " writing); try again in a moment\n"
    )
    assert stored().entries.count() == 0


def test_a_full_disk_is_one_line_without_the_note(
    run: Run, folder: Path, stored: Callable[[], Household], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_pragma(monkeypatch, "PRAGMA max_page_count={pages}")

    err = one_line(*run("note", "--data-dir", str(folder), f"{SECRET} {LONG_NOTE}"))

    assert err == "closeness: nothing was saved: the disk is full\n"
    assert SECRET not in err
    monkeypatch.undo()
    assert stored().entries.count() == 0


def test_a_bug_is_one_line_naming_the_log_which_holds_the_traceback(
    run: Run, folder: Path, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> None:
    def broken(_args: object) -> str:
        raise ZeroDivisionError("a bug in a command")

    monkeypatch.setattr(cli, "run_command", broken)

    err = one_line(*run("list", "--data-dir", str(folder)))

    assert err.startswith("closeness: something went wrong (ZeroDivisionError); the details")
    [log] = isolated_dirs.rglob("closeness.log")
    assert str(log) in err
    logged = log.read_text("utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "ZeroDivisionError: a bug in a command" in logged


def test_ctrl_c_is_one_line_and_exit_130(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(_args: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_command", interrupted)

    err = one_line(*run("list"), exit_code=130)

    assert "stopped; anything not reported as done may not have been saved" in err


# -- text that is not text --------------------------------------------------------------------


def test_a_note_that_is_not_utf8_is_refused_in_words(
    run: Run, folder: Path, stored: Callable[[], Household]
) -> None:
    undecodable = os.fsdecode(b"caf\xe9 at eight")  # Latin-1 bytes, as a shell passes them

    err = one_line(*run("note", "--data-dir", str(folder), undecodable))

    assert err == "closeness: the note is not valid text (UTF-8)\n"
    assert stored().entries.count() == 0


def test_a_partner_name_that_is_not_utf8_makes_no_household(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "new"
    name = os.fsdecode(b"S\xffm")

    err = one_line(*run("setup", "--data-dir", str(folder), "--partner", name, "--partner", "Al"))

    assert err == "closeness: a partner's name is not valid text (UTF-8)\n"
    assert not folder.exists()


def test_a_data_folder_that_is_not_utf8_is_a_folder_like_any_other(
    run: Run, tmp_path: Path
) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9"))

    code, _, err = run("setup", "--data-dir", str(folder), "--partner", "Sam", "--partner", "Al")

    assert (code, err) == (0, "")
    assert (folder / "closeness.sqlite3").exists()


# -- long notes ---------------------------------------------------------------------------------


def test_a_note_from_a_file(run: Run, folder: Path, stored: Callable[[], Household]) -> None:
    letter = folder.parent / "letter.txt"
    letter.write_text(f"\ufeff{LONG_NOTE}", encoding="utf-8")  # with a byte-order mark

    assert run("note", "--data-dir", str(folder), "--file", str(letter)) == (
        0,
        "Note left for Alex.\n",
        "",
    )

    [note] = stored().entries.page(TimelineFilter()).rows
    assert note.body == LONG_NOTE.strip()


def test_a_note_from_standard_input(
    run: Run, folder: Path, stored: Callable[[], Household], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Über alles ♥\n".encode())))

    assert run("note", "--data-dir", str(folder), "-")[0] == 0

    [note] = stored().entries.page(TimelineFilter()).rows
    assert note.body == "Über alles ♥"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"caf\xe9", "is not valid text (UTF-8)"),
        (b"x" * 80_005, "is longer than a note can be (20,000 characters)"),
    ],
    ids=["latin-1", "huge"],
)
def test_a_note_file_that_cannot_be_a_note(
    run: Run, folder: Path, stored: Callable[[], Household], content: bytes, message: str
) -> None:
    letter = folder.parent / "letter.txt"
    letter.write_bytes(content)

    err = one_line(*run("note", "--data-dir", str(folder), "--file", str(letter)))

    assert f"the note in {letter} {message}" in err
    assert stored().entries.count() == 0


def test_a_note_file_that_is_not_there(run: Run, folder: Path) -> None:
    err = one_line(*run("note", "--data-dir", str(folder), "--file", str(folder / "nope.txt")))

    assert "could not read" in err
    assert "No such file or directory" in err


def test_a_note_and_a_file_at_once_is_a_usage_error(run: Run, folder: Path) -> None:
    err = one_line(*run("note", "--data-dir", str(folder), "--file", "x", "Hi"), exit_code=2)

    assert "not allowed with argument --file" in err


# -- list ------------------------------------------------------------------------------------------


def test_list_before_setup_makes_no_household(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "nothing-yet"

    err = one_line(*run("list", "--data-dir", str(folder)))

    assert err == (
        f"closeness: no household yet in {folder}: run “closeness setup” or open the app first\n"
    )
    assert not (folder / "closeness.sqlite3").exists()


def test_list_of_a_household_nobody_set_up_says_so(
    run: Run, tmp_path: Path, clock: FakeClock
) -> None:
    folder = tmp_path / "opened-once"
    Household.open(f"sqlite:///{folder / 'closeness.sqlite3'}", clock).close()

    err = one_line(*run("list", "--data-dir", str(folder)))

    assert "no household yet" in err


def test_list_escapes_what_would_drive_the_terminal(run: Run, folder: Path) -> None:
    hostile = "hello \x1b[2J\x1b]0;pwned\x07 \x9b31m \u202egnp.exe ok"
    run("note", "--data-dir", str(folder), hostile)

    code, out, _ = run("list", "--data-dir", str(folder))

    assert code == 0
    assert "\x1b" not in out
    assert "\x9b" not in out
    assert "\u202e" not in out
    assert "hello \\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m \\u202egnp.exe ok" in out


def test_list_as_json_escapes_them_and_stays_json(run: Run, folder: Path) -> None:
    hostile = "a\x9bb\x7fc \u202e 👩\u200d❤\ufe0f\u200d👨"
    run("note", "--data-dir", str(folder), hostile)

    code, out, _ = run("list", "--data-dir", str(folder), "--json")

    assert code == 0
    assert "\x9b" not in out
    assert "\u202e" not in out
    assert "👩\u200d❤\ufe0f\u200d👨" in out  # joiners are not controls: the couple emoji stays
    assert json.loads(out)["text"] == hostile


HOSTILE_CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\n"
    "UID:escapes@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261204T180000Z\r\n"
    "SUMMARY:Picnic\x1b]0;owned\x07\x1b[2J \u009b31m \u202eevil\r\n"
    "LOCATION:Park\x1b[8m hidden\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def no_controls(text: str) -> bool:
    return not any(
        (ord(char) < 0x20 and char not in "\n\t") or 0x7F <= ord(char) <= 0x9F or char == "\u202e"
        for char in text
    )


def test_a_calendar_preview_and_the_list_after_its_import_drive_no_terminal(
    run: Run, folder: Path
) -> None:
    calendar = folder.parent / "hostile.ics"
    calendar.write_text(HOSTILE_CALENDAR, encoding="utf-8")

    preview = run("ics", "import", "--data-dir", str(folder), str(calendar))
    imported = run("ics", "import", "--data-dir", str(folder), "--yes", str(calendar))
    listed = run("list", "--data-dir", str(folder))

    for code, out, err in (preview, imported, listed):
        assert code == 0, err
        assert no_controls(out)
        assert no_controls(err)
    assert "Picnic" in preview[1]
    assert "Picnic" in listed[1]


# -- real processes: a closed pipe, a read-only copy, a full disk ---------------------------------


def closeness(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "closeness_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        **options,
    )


def test_a_closed_pipe_ends_quietly(run: Run, folder: Path) -> None:
    assert run("note", "--data-dir", str(folder), "one line is enough")[0] == 0
    reader, writer = os.pipe()
    os.close(reader)  # the reader ("| head") is gone before anything is written
    try:
        listing = subprocess.run(
            [sys.executable, "-m", "closeness_desktop", "list", "--data-dir", str(folder)],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
            cwd=ROOT,
        )
    finally:
        os.close(writer)

    assert listing.returncode == 1
    assert listing.stderr == ""


def _can_mount() -> bool:
    """Whether this test may make a private mount namespace (root, unshare, tmpfs)."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _can_mount(), reason="needs root and unshare -m")


def in_mount_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) in a mount namespace of its own; $CLOSENESS runs the CLI."""
    env = {**os.environ, "CLOSENESS": f"{sys.executable} -m closeness_desktop"}
    return subprocess.run(
        ["unshare", "-m", "sh", "-e", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
        env=env,
    )


@needs_mounts
def test_a_read_only_copy_can_be_listed_but_not_written(
    run: Run, folder: Path, tmp_path: Path
) -> None:
    assert run("note", "--data-dir", str(folder), "read me later")[0] == 0
    mount = tmp_path / "read-only"
    mount.mkdir()

    result = in_mount_namespace(
        f"mount --bind {folder} {mount}; mount -o remount,bind,ro {mount}\n"
        f"$CLOSENESS list --data-dir {mount}\n"
        f"! $CLOSENESS note --data-dir {mount} --from Sam 'not here'\n"
    )

    assert result.returncode == 0, result.stderr
    assert "read me later" in result.stdout
    assert result.stderr == (
        f"closeness: nothing was saved: the household folder {mount} is read-only\n"
    )


@needs_mounts
def test_a_full_disk_from_the_command_line_is_one_line(tmp_path: Path) -> None:
    disk = tmp_path / "small-disk"
    disk.mkdir()

    result = in_mount_namespace(
        f"mount -t tmpfs -o size=2m tmpfs {disk}\n"
        f"$CLOSENESS setup --data-dir {disk}/h --partner Sam --partner Alex"
        " >/dev/null\n"
        # The window keeps the household open (its -shm in place) while the disk fills.
        f"sqlite3_holder() {{ {sys.executable} -c 'import sqlite3, time;"
        f' c = sqlite3.connect("{disk}/h/closeness.sqlite3");'
        ' c.execute("SELECT 1 FROM entries").fetchall(); time.sleep(60)\' & }\n'
        "sqlite3_holder; holder=$!; sleep 1\n"
        f"dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null || true\n"
        f"! $CLOSENESS note --data-dir {disk}/h --from Sam '{SECRET} {'x' * 5000}'\n"
        f"$CLOSENESS list --data-dir {disk}/h\n"
        "kill $holder\n"
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == "closeness: nothing was saved: the disk is full\n"
    assert "The timeline is empty" in result.stdout
