"""One household folder for two computer accounts: a group of their own, a setgid folder.

The folder becomes 2770 in the household's group: both accounts may read and write it,
nobody else may enter it, and what is created in it takes the folder's group (setgid).
The household's files become 0660 in that group; the app then keeps that for what SQLite
creates next (see :func:`closeness_desktop.paths.make_private`). No Qt, no database.
"""

from __future__ import annotations

import getpass
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.platform != "win32":  # the settings dialog imports this module everywhere
    import grp
    import pwd

from closeness_desktop.paths import SHARED_FILE, SHARED_FOLDER, SHARED_UMASK, household_files

#: What groupadd accepts on Debian and most others (useradd's NAME_REGEX).
GROUP_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,30}")


class ShareError(Exception):
    """Why the folder could not be shared, with what to do about it."""


@dataclass
class Shared:
    """What :func:`share_folder` did."""

    folder: Path
    group: str
    made_group: bool = False
    added: list[str] = field(default_factory=list)
    #: Files of another account that this one may not open to the group.
    not_ours: list[Path] = field(default_factory=list)
    #: Accounts named with ``members`` that are not in the group (and could not be added).
    outside: list[str] = field(default_factory=list)
    #: A folder above that the group cannot pass through, if any.
    closed_above: Path | None = None

    def words(self) -> str:
        """What was done and what is left to do, in words (several lines)."""
        folder = shlex.quote(str(self.folder))
        lines = [
            f"The household in {self.folder} is now shared with the group “{self.group}”:"
            " both of you can read and write it, and nobody else can look inside."
        ]
        if self.made_group:
            lines.append(f"Made the group “{self.group}”.")
        if self.added:
            lines.append(
                f"Added {' and '.join(self.added)} to it; log out and back in once on each"
                " account before it works."
            )
        for account in self.outside:
            lines.append(
                f"{account} is not in the group yet: run “sudo usermod -aG {self.group} {account}”,"
                " then log out and back in on that account."
            )
        if self.not_ours:
            lines.append(
                f"{len(self.not_ours)} file(s) belong to the other account and were left as they"
                " are: run this on that account too."
            )
        if self.closed_above is not None:
            lines.append(
                f"The other account cannot reach it yet: {self.closed_above} is closed to it."
                " A folder outside your home (such as /srv/closeness) works best."
            )
        lines.append(f"On the other account, open Closeness with: closeness --data-dir {folder}")
        return "\n".join(lines)


def _root() -> bool:
    return os.geteuid() == 0


def _run(*command: str) -> None:
    program = shutil.which(command[0]) or shutil.which(command[0], path="/usr/sbin:/sbin")
    if program is None:
        raise ShareError(f"“{command[0]}” is not on this computer, so the group cannot be made.")
    done = subprocess.run([program, *command[1:]], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = done.stderr.strip() or f"it ended with {done.returncode}"
        raise ShareError(f"“{' '.join(command)}” did not work: {reason}")


def _members(group: grp.struct_group) -> set[str]:
    primary = {user.pw_name for user in pwd.getpwall() if user.pw_gid == group.gr_gid}
    return set(group.gr_mem) | primary


def _sudo_lines(group: str, make: bool, accounts: list[str]) -> str:
    lines = [f"sudo groupadd {group}"] if make else []
    lines += [f"sudo usermod -aG {group} {account}" for account in accounts]
    return "\n  ".join(lines)


def _group(name: str, members: list[str], result: Shared) -> grp.struct_group:
    """The group, made (as root) if missing, with ``members`` in it (as root)."""
    me = getpass.getuser()
    try:
        group = grp.getgrnam(name)
    except KeyError:
        if not _root():
            accounts = members or [me]
            raise ShareError(
                f"There is no group “{name}” yet. To make it and put both of your accounts in"
                f" it, run:\n  {_sudo_lines(name, True, accounts)}\nthen log out and back in"
                " on each account, and run this again."
            ) from None
        _run("groupadd", name)
        result.made_group = True
        group = grp.getgrnam(name)
    for account in members:
        try:
            pwd.getpwnam(account)
        except KeyError:
            raise ShareError(f"There is no account “{account}” on this computer.") from None
        if account in _members(group):
            continue
        if _root():
            _run("usermod", "-aG", name, account)
            result.added.append(account)
        else:
            result.outside.append(account)
    if not _root() and group.gr_gid not in (os.getegid(), *os.getgroups()):
        raise ShareError(
            f"This account is not in the group “{name}” yet, or has not logged in again since"
            f" it was added. Run:\n  sudo usermod -aG {name} {me}\nthen log out and back in,"
            " and run this again."
        )
    return grp.getgrnam(name)


def _open_to_group(path: Path, gid: int, mode: int, result: Shared) -> None:
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return
    if info.st_uid != os.geteuid() and not _root():
        if info.st_gid != gid or stat.S_IMODE(info.st_mode) & mode != mode:
            result.not_ours.append(path)
        return
    if info.st_gid != gid:
        os.chown(path, -1, gid, follow_symlinks=False)
    # After chown: changing the group clears the setgid bit.
    path.chmod(mode)


def _closed_above(folder: Path, gid: int) -> Path | None:
    """The first folder above ``folder`` the group's members cannot pass through."""
    for parent in folder.parents:
        info = parent.stat()
        passes = info.st_mode & stat.S_IXOTH or (info.st_gid == gid and info.st_mode & stat.S_IXGRP)
        if not passes:
            return parent
    return None


def share_folder(folder: Path, group: str, members: list[str] | None = None) -> Shared:
    """Share the household in ``folder`` with ``group``; :class:`ShareError` in words."""
    if os.name != "posix":
        raise ShareError("Sharing a folder between accounts works on Linux and macOS only.")
    if not GROUP_NAME.fullmatch(group):
        raise ShareError(
            f"“{group}” cannot be a group name: use small letters, digits, - and _"
            " (up to 32), starting with a letter, e.g. “household”."
        )
    result = Shared(folder=folder, group=group)
    found = _group(group, list(members or ()), result)
    folder.mkdir(parents=True, exist_ok=True)
    if folder.stat().st_uid != os.geteuid() and not _root():
        raise ShareError(
            f"{folder} belongs to another account: run this on that account (or with sudo)."
        )
    try:
        _open_to_group(folder, found.gr_gid, SHARED_FOLDER, result)
        for path in household_files(folder):
            mode = SHARED_FOLDER if path.is_dir() else SHARED_FILE
            _open_to_group(path, found.gr_gid, mode, result)
    except OSError as problem:
        raise ShareError(
            f"Could not open {problem.filename or folder} to the group:"
            f" {problem.strerror or problem}."
        ) from None
    result.closed_above = _closed_above(folder, found.gr_gid)
    # What this process creates from now on (a backup, say) is the group's too, as it will
    # be after the next start (make_private sees the setgid folder).
    os.umask(SHARED_UMASK)
    return result
