"""The command line, run in-process (and once as a real process without a display)."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from closeness_desktop import __version__
from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household
from closeness_desktop.store.timeline import TimelineFilter
from tests.unit.cli_runner import Run

ACCOUNT = "sam-login"

OpenStored = Callable[[Path], Household]
"""The type of the ``stored`` fixture: open a data folder the CLI wrote."""


@pytest.fixture(autouse=True)
def this_account(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(getpass, "getuser", lambda: ACCOUNT)
    return ACCOUNT


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "shared"


@pytest.fixture
def set_up(run: Run, folder: Path) -> Path:
    code, _, err = run(
        "setup", "--data-dir", str(folder), "--partner", "Sam", "--partner", "Alex",
        "--this-account", "Sam",
    )  # fmt: skip
    assert (code, err) == (0, "")
    return folder


@pytest.fixture
def stored(clock: FakeClock) -> Iterator[OpenStored]:
    """Open a data folder the CLI wrote, to look at what it stored."""
    opened: list[Household] = []

    def open_folder(data_dir: Path) -> Household:
        household = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
        opened.append(household)
        return household

    yield open_folder
    for household in opened:
        household.close()


def assert_one_line_error(code: int, out: str, err: str, *, exit_code: int = 1) -> None:
    assert code == exit_code
    assert out == ""
    assert err.startswith("closeness")
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


# -- setup ------------------------------------------------------------------------------------


def test_setup_creates_the_household(run: Run, folder: Path, stored: OpenStored) -> None:
    code, out, err = run(
        "setup", "--data-dir", str(folder), "--partner", "Sam", "--partner", "Alex"
    )

    assert (code, err) == (0, "")
    assert out == "Welcome, Sam and Alex. Your household is ready.\n"
    partners = stored(folder).partners.all()
    assert [partner.name for partner in partners] == ["Sam", "Alex"]
    assert all(partner.os_account is None for partner in partners)


def test_setup_takes_colours_and_who_uses_this_account(
    run: Run, folder: Path, stored: OpenStored
) -> None:
    code, _, _ = run(
        "setup", "--data-dir", str(folder), "--partner", "Sam", "--colour", "#112233",
        "--partner", "Alex", "--this-account", "alex",
    )  # fmt: skip

    assert code == 0
    household = stored(folder)
    assert household.partners.named("Sam").colour == "#112233"
    assert household.partners.named("Alex").colour == "#3F7F8C"
    assert household.partners.for_account(ACCOUNT) == household.partners.named("Alex")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--partner", "Sam"], "give two names"),
        (["--partner", "Sam", "--partner", "sam"], "names are the same"),
        (["--partner", "Sam", "--partner", "Alex", "--colour", "pink"], "not a colour"),
        (["--partner", "Sam", "--partner", "Alex", "--this-account", "Kim"], "not one of"),
        (
            ["--partner", "Sam", "--partner", "Alex", *["--colour", "#111111"] * 3],
            "more colours than partners",
        ),
    ],
)
def test_setup_refuses_bad_input_in_one_line(
    run: Run, folder: Path, stored: OpenStored, extra: list[str], message: str
) -> None:
    code, out, err = run("setup", "--data-dir", str(folder), *extra)

    assert_one_line_error(code, out, err)
    assert message in err
    assert stored(folder).partners.all() == []


def test_setting_up_twice_is_refused(run: Run, set_up: Path) -> None:
    code, out, err = run(
        "setup", "--data-dir", str(set_up), "--partner", "Robin", "--partner", "Kim"
    )

    assert_one_line_error(code, out, err)
    assert "already set up (Sam and Alex)" in err


# -- note -------------------------------------------------------------------------------------


def test_a_note_comes_from_the_partner_linked_to_this_account(
    run: Run, set_up: Path, stored: OpenStored
) -> None:
    code, out, err = run("note", "--data-dir", str(set_up), "You make Mondays better")

    assert (code, out, err) == (0, "Note left for Alex.\n", "")
    household = stored(set_up)
    [note] = household.entries.page(TimelineFilter()).rows
    assert note.author_id == household.partners.named("Sam").id
    assert note.addressee_id == household.partners.named("Alex").id
    assert note.body == "You make Mondays better"


def test_a_note_from_and_to_named_partners(run: Run, set_up: Path, stored: OpenStored) -> None:
    code, out, _ = run("note", "--data-dir", str(set_up), "--from", "alex", "--to", "Sam", "Hi")

    assert (code, out) == (0, "Note left for Sam.\n")
    household = stored(set_up)
    [note] = household.entries.page(TimelineFilter()).rows
    assert note.author_id == household.partners.named("Alex").id
    assert note.addressee_id == household.partners.named("Sam").id


def test_a_note_for_both_of_us(run: Run, set_up: Path, stored: OpenStored) -> None:
    code, out, _ = run("note", "--data-dir", str(set_up), "--to", "both", "Pizza tonight?")

    assert (code, out) == (0, "Note left for both of you.\n")
    [note] = stored(set_up).entries.page(TimelineFilter()).rows
    assert note.addressee_id is None


def test_a_note_to_an_unknown_partner(run: Run, set_up: Path, stored: OpenStored) -> None:
    code, out, err = run("note", "--data-dir", str(set_up), "--to", "Robin", "Hi")

    assert_one_line_error(code, out, err)
    assert "No partner called “Robin”; this household is Sam and Alex." in err
    assert stored(set_up).entries.count() == 0


def test_a_note_from_an_unknown_partner(run: Run, set_up: Path) -> None:
    code, out, err = run("note", "--data-dir", str(set_up), "--from", "Robin", "Hi")

    assert_one_line_error(code, out, err)
    assert "No partner called “Robin”" in err


def test_a_note_to_oneself_is_refused(run: Run, set_up: Path) -> None:
    code, out, err = run("note", "--data-dir", str(set_up), "--to", "Sam", "Hi")

    assert_one_line_error(code, out, err)
    assert "goes to your partner" in err


def test_an_empty_note_is_refused(run: Run, set_up: Path, stored: OpenStored) -> None:
    code, out, err = run("note", "--data-dir", str(set_up), "   ")

    assert_one_line_error(code, out, err)
    assert "A note needs a few words." in err
    assert stored(set_up).entries.count() == 0


def test_a_note_without_a_linked_account_asks_who_writes(run: Run, folder: Path) -> None:
    run("setup", "--data-dir", str(folder), "--partner", "Sam", "--partner", "Alex")

    code, out, err = run("note", "--data-dir", str(folder), "Hi")

    assert_one_line_error(code, out, err)
    assert "who is writing? add --from Sam or Alex" in err


def test_a_note_before_setup_says_there_is_no_household(run: Run, folder: Path) -> None:
    code, out, err = run("note", "--data-dir", str(folder), "Hi")

    assert_one_line_error(code, out, err)
    assert "no household yet" in err


# -- list -------------------------------------------------------------------------------------


def test_list_on_an_empty_timeline_says_how_to_start(run: Run, set_up: Path) -> None:
    code, out, err = run("list", "--data-dir", str(set_up))

    assert (code, err) == (0, "")
    assert out == "The timeline is empty: leave a first note with “closeness note”.\n"


def test_list_prints_one_line_per_entry_newest_first(run: Run, set_up: Path) -> None:
    run("note", "--data-dir", str(set_up), "first")
    run("note", "--data-dir", str(set_up), "--from", "Alex", "--to", "both", "second\nline")

    code, out, _ = run("list", "--data-dir", str(set_up))

    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("Love note   Alex: second")
    assert lines[1].endswith("Love note   Sam to Alex: first")
    assert "today" in lines[0]


def test_list_limit(run: Run, set_up: Path) -> None:
    for number in range(3):
        run("note", "--data-dir", str(set_up), f"note {number}")

    code, out, _ = run("list", "--data-dir", str(set_up), "--limit", "2")

    assert code == 0
    assert len(out.splitlines()) == 2


def test_list_as_json_lines(run: Run, set_up: Path) -> None:
    run("note", "--data-dir", str(set_up), "Café ☕ at eight")
    run("note", "--data-dir", str(set_up), "--from", "Alex", "--to", "both", "Yes!")

    code, out, _ = run("list", "--data-dir", str(set_up), "--json")

    assert code == 0
    assert "Café ☕" in out  # not \u-escaped
    entries = [json.loads(line) for line in out.splitlines()]
    assert [entry["text"] for entry in entries] == ["Yes!", "Café ☕ at eight"]
    assert entries[0]["author"] == "Alex"
    assert entries[0]["to"] is None
    assert entries[1]["to"] == "Alex"
    assert entries[1]["kind"] == "note"
    assert entries[1]["delivered_at"] is None
    assert set(entries[0]) == {
        "id", "kind", "author", "to", "title", "text", "place", "when", "mood", "feelings",
        "private", "sealed", "delivered_at", "read_at", "photos", "reactions", "replies",
    }  # fmt: skip
    assert (entries[0]["private"], entries[0]["sealed"]) == (False, None)


def test_list_as_json_shows_the_replies_and_signs_on_an_entry(
    run: Run, set_up: Path, stored: OpenStored
) -> None:
    from closeness_desktop.records import Sign

    run("note", "--data-dir", str(set_up), "Café at eight?")
    household = stored(set_up)
    alex = household.partners.named("Alex")
    [note] = household.entries.page(TimelineFilter(), limit=5).rows
    household.responses.react(note.id, Sign.HEART, by=alex.id)
    household.responses.reply(note.id, "Yes, the usual table", by=alex.id)

    code, out, _ = run("list", "--data-dir", str(set_up), "--json")

    assert code == 0
    [entry] = [json.loads(line) for line in out.splitlines()]
    assert [(sign["by"], sign["sign"]) for sign in entry["reactions"]] == [("Alex", "heart")]
    assert [(reply["by"], reply["text"]) for reply in entry["replies"]] == [
        ("Alex", "Yes, the usual table")
    ]
    assert entry["read_at"] is None  # not opened by Alex yet


def test_list_as_json_on_an_empty_timeline_prints_nothing(run: Run, set_up: Path) -> None:
    assert run("list", "--data-dir", str(set_up), "--json") == (0, "", "")


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["dance"],
        ["note"],
        ["setup"],
        ["list", "--limit", "0"],
        ["list", "--limit", "many"],
        ["list", "--json", "extra"],
    ],
    ids=["unknown-option", "unknown-command", "note-without-text", "setup-without-names",
         "limit-zero", "limit-word", "extra-argument"],
)  # fmt: skip
def test_bad_arguments_exit_2_with_one_line(run: Run, args: list[str]) -> None:
    code, out, err = run(*args)

    assert_one_line_error(code, out, err, exit_code=2)
    assert "--help" in err


def test_a_database_url_that_cannot_be_opened(run: Run, tmp_path: Path) -> None:
    code, out, err = run("list", "--database", "nosuchdb://x")

    assert_one_line_error(code, out, err)
    assert "cannot talk to “nosuchdb” databases" in err


def test_a_database_in_a_folder_that_cannot_exist(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")

    code, out, err = run(
        "setup", "--database", f"sqlite:///{blocker}/sub/db.sqlite3",
        "--partner", "Sam", "--partner", "Alex",
    )  # fmt: skip

    assert_one_line_error(code, out, err)
    assert "Cannot create the folder" in err


def test_a_database_address_that_is_no_url(run: Run) -> None:
    code, out, err = run("list", "--database", "my database")

    assert_one_line_error(code, out, err)
    assert "is not a database address" in err


def test_a_file_that_is_not_a_database_is_left_untouched(run: Run, folder: Path) -> None:
    folder.mkdir()
    path = folder / "closeness.sqlite3"
    path.write_bytes(b"my shopping list: milk, eggs\n" * 50)
    before = path.read_bytes()

    code, out, err = run("note", "--data-dir", str(folder), "--from", "Sam", "Hi")

    assert_one_line_error(code, out, err)
    # Where the household should be, a file that is not SQLite's is a damaged household.
    assert "is damaged: its first bytes are not those of a database" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["closeness.sqlite3"]


def test_a_database_url_overrides_the_data_folder(run: Run, tmp_path: Path, folder: Path) -> None:
    database = tmp_path / "elsewhere.sqlite3"

    code, _, _ = run(
        "setup", "--data-dir", str(folder), "--database", f"sqlite:///{database}",
        "--partner", "Sam", "--partner", "Alex",
    )  # fmt: skip

    assert code == 0
    assert database.exists()
    assert not (folder / "closeness.sqlite3").exists()


# -- where the household lives ------------------------------------------------------------------


@pytest.mark.parametrize("before", [True, False], ids=["before-command", "after-command"])
def test_data_dir_is_accepted_before_and_after_the_command(
    run: Run, set_up: Path, before: bool
) -> None:
    run("note", "--data-dir", str(set_up), "where am I")
    args = ["--data-dir", str(set_up), "list"] if before else ["list", "--data-dir", str(set_up)]

    code, out, _ = run(*args)

    assert code == 0
    assert "where am I" in out


def test_the_data_folder_comes_from_the_environment(
    run: Run, set_up: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOSENESS_DATA_DIR", str(set_up))

    code, out, _ = run("note", "from the environment")

    assert (code, out) == (0, "Note left for Alex.\n")
    assert "from the environment" in run("list", "--data-dir", str(set_up))[1]


def test_without_a_data_folder_the_platform_folder_is_used(run: Run, isolated_dirs: Path) -> None:
    code, _, _ = run("setup", "--partner", "Sam", "--partner", "Alex")

    assert code == 0
    databases = list(isolated_dirs.rglob("closeness.sqlite3"))
    assert len(databases) == 1
    assert databases[0].is_relative_to(Path(os.environ["XDG_DATA_HOME"]))


# -- a real process -----------------------------------------------------------------------------


@pytest.fixture
def no_display_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    return env


def test_version_and_help_need_no_display(no_display_env: dict[str, str]) -> None:
    def closeness(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "closeness_desktop", *args],
            env=no_display_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    version = closeness("--version")
    assert (version.returncode, version.stderr) == (0, "")
    assert version.stdout == f"closeness {__version__}\n"

    helped = closeness("--help")
    assert (helped.returncode, helped.stderr) == (0, "")
    assert helped.stdout.startswith("usage: closeness")
    for command in ("setup", "note", "list"):
        assert command in helped.stdout
