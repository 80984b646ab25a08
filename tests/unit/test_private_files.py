"""Private by default: what Closeness writes is for this account alone (folders 0700,
files 0600), or, in a shared data folder, for the household's group too (2770 and 0660).

The app and the commands run as real processes started with the umask most accounts have
(0o022, which used to give 0644 files), so what is checked is what they set themselves.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness_desktop.paths import (
    DATABASE_FILE,
    PRIVATE_UMASK,
    SHARED_UMASK,
    is_shared,
    make_private,
    resolve,
    settle,
)

WAIT_S = 60
LOOSE_UMASK = 0o022


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="cl-priv-"))  # short: the socket must fit
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


@pytest.fixture(autouse=True)
def restore_umask() -> Iterator[None]:
    """make_private sets this process's umask; give the next test the one it had."""
    before = os.umask(PRIVATE_UMASK)
    os.umask(before)
    yield
    os.umask(before)


def closeness(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "closeness_desktop", *args],
        env=os.environ | extra_env,
        umask=LOOSE_UMASK,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )


def set_up(data_dir: Path) -> None:
    done = closeness(
        "setup", "--data-dir", str(data_dir), "--partner", "Sam", "--partner", "Alex",
        "--this-account", "Sam",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    note = closeness("note", "--data-dir", str(data_dir), "Dinner at ours tonight?")
    assert note.returncode == 0, note.stderr


def modes(*roots: Path) -> dict[str, int]:
    """Every folder and file under ``roots`` (the roots included): its ``st_mode``."""
    found = {}
    for root in roots:
        if not root.exists():
            continue  # not made yet: checked again later
        for path in [root, *root.rglob("*")]:
            found[str(path)] = path.lstat().st_mode
    return found


def not_private(found: dict[str, int]) -> dict[str, str]:
    wrong = {}
    for name, mode in found.items():
        # Qt gives the instance socket 0700 (UserAccessOption), in a folder that is 0700.
        owner_only = 0o700 if stat.S_ISDIR(mode) or stat.S_ISSOCK(mode) else 0o600
        if mode & 0o7777 != owner_only:
            wrong[name] = oct(mode & 0o7777)
    return wrong


def account_roots(isolated_dirs: Path) -> list[Path]:
    """Closeness's folders in this test's XDG homes (config, state with the log)."""
    return [
        isolated_dirs / "xdg_config_home" / "closeness",
        isolated_dirs / "xdg_state_home" / "closeness",
    ]


def wait_for_log(log_file: Path, text: str, app: subprocess.Popen[str]) -> None:
    # Waiting for an event, not measuring time: the limit only keeps a hung app from hanging CI.
    deadline = WAIT_S * 10
    for _ in range(deadline):
        if log_file.exists() and text in log_file.read_text(encoding="utf-8"):
            return
        if app.poll() is not None:
            raise AssertionError(f"the app exited with {app.returncode}")
        try:
            app.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
    raise AssertionError(f"{text!r} never reached the log")


def test_what_the_app_and_the_command_line_write_is_for_this_account_alone(
    data_dir: Path, isolated_dirs: Path, runtime_dir: Path
) -> None:
    set_up(data_dir)
    listed = closeness("list", "--data-dir", str(data_dir))
    assert listed.returncode == 0, listed.stderr
    paths = resolve(data_dir)
    app = subprocess.Popen(
        [sys.executable, "-m", "closeness_desktop", "--data-dir", str(data_dir)],
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        umask=LOOSE_UMASK,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_for_log(paths.log_file, "arrival: start", app)
        while_open = modes(data_dir, runtime_dir, *account_roots(isolated_dirs))
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=WAIT_S) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    after = modes(data_dir, *account_roots(isolated_dirs))

    database = str(paths.database_file)
    # The database with its -wal and -shm (while open), the log and the window's settings.
    assert {database, f"{database}-wal", f"{database}-shm"} <= while_open.keys()
    assert {str(paths.log_file), str(paths.settings_file)} <= after.keys()
    assert not_private(while_open) == {}
    assert not_private(after) == {}


def test_folders_and_files_left_open_by_an_earlier_version_are_closed(
    data_dir: Path, isolated_dirs: Path
) -> None:
    set_up(data_dir)
    paths = resolve(data_dir)
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    paths.log_file.write_text("an old log\n", encoding="utf-8")
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text("[window]\n", encoding="utf-8")
    for path in modes(data_dir, *account_roots(isolated_dirs)):
        Path(path).chmod(0o755 if Path(path).is_dir() else 0o644)

    listed = closeness("list", "--data-dir", str(data_dir))

    assert listed.returncode == 0, listed.stderr
    assert not_private(modes(data_dir, *account_roots(isolated_dirs))) == {}


def test_in_a_folder_that_holds_other_things_only_the_households_files_are_touched(
    data_dir: Path, tmp_path: Path
) -> None:
    set_up(data_dir)
    photo = data_dir / "holiday.jpg"
    photo.write_bytes(b"\xff\xd8")
    photo.chmod(0o644)
    script = data_dir / "music" / "play.sh"
    script.parent.mkdir()
    script.parent.chmod(0o755)  # explicitly: an in-process command may have set the umask
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not Closeness's\n", encoding="utf-8")
    outside.chmod(0o644)
    (data_dir / f"{DATABASE_FILE}.old").symlink_to(outside)
    backup = data_dir / "backups" / "closeness-2026-12-01.sqlite3"
    backup.parent.mkdir()
    backup.parent.chmod(0o755)
    backup.write_bytes(b"")
    backup.chmod(0o644)

    assert closeness("list", "--data-dir", str(data_dir)).returncode == 0

    assert stat.S_IMODE(photo.stat().st_mode) == 0o644
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert stat.S_IMODE(script.parent.stat().st_mode) == 0o755
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644  # a link is never followed
    # backups/ is Closeness's own: closed, with what is in it (not walked at every start).
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def share_with_own_group(folder: Path) -> None:
    """What ``closeness share`` leaves behind, with this account's own group (no root)."""
    os.chown(folder, -1, os.getegid())
    folder.chmod(0o2770)


def test_a_folder_is_shared_only_when_setgid_and_open_to_its_group(tmp_path: Path) -> None:
    folder = tmp_path / "household"
    folder.mkdir()
    assert not is_shared(folder)
    folder.chmod(0o2700)
    assert not is_shared(folder)
    folder.chmod(0o770)
    assert not is_shared(folder)
    share_with_own_group(folder)
    assert is_shared(folder)
    assert not is_shared(tmp_path / "missing")


def test_a_shared_folder_keeps_the_households_files_group_read_write(
    data_dir: Path, isolated_dirs: Path
) -> None:
    set_up(data_dir)
    share_with_own_group(data_dir)
    database = data_dir / DATABASE_FILE
    database.chmod(0o600)  # as an account that never ran `closeness share` left it

    note = closeness("note", "--data-dir", str(data_dir), "See you at seven")

    assert note.returncode == 0, note.stderr
    assert stat.S_IMODE(database.stat().st_mode) == 0o660
    assert database.stat().st_gid == os.getegid()
    assert data_dir.stat().st_mode & 0o7777 == 0o2770
    # The account's own folders stay its own, however open the shared folder is.
    assert not_private(modes(*account_roots(isolated_dirs))) == {}


def test_in_a_shared_folder_new_files_are_group_read_write_once_settled(
    data_dir: Path,
) -> None:
    share_with_own_group(data_dir)
    make_private(resolve(data_dir))
    assert os.umask(SHARED_UMASK) == SHARED_UMASK

    # A copy SQLite makes (a backup, say) is 0644 less the umask: the group may only read.
    copy = data_dir / "backups" / "copy.sqlite3"
    copy.parent.mkdir()
    with sqlite3.connect(copy) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert copy.parent.stat().st_mode & 0o7777 == 0o2770  # setgid is inherited

    settle(copy)

    assert stat.S_IMODE(copy.stat().st_mode) == 0o660


def test_in_a_private_folder_the_umask_stays_private(data_dir: Path) -> None:
    make_private(resolve(data_dir))

    assert os.umask(PRIVATE_UMASK) == PRIVATE_UMASK
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
