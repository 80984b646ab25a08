"""One household folder for two computer accounts, with real accounts made by the test.

As root the test makes throw-away accounts (``useradd``) and a group, and runs the real
command line as each of them (``runuser``), each with a HOME and XDG folders of its own:
both accounts write and read the same household, and an account outside the group can
read nothing. Every account and group made is removed afterwards, on failure too.

The venv's interpreter may live where other accounts cannot enter (here under /root); the
accounts then run the system's Python of the same version on the venv's packages.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from closeness_desktop.paths import DATABASE_FILE
from tests.unit.cli_runner import Run

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 120

needs_root = pytest.mark.skipif(
    sys.platform != "linux" or os.geteuid() != 0,
    reason="making throw-away OS accounts (useradd, runuser) needs root on Linux",
)


@dataclass(frozen=True)
class Account:
    name: str
    home: Path

    def env(self) -> dict[str, str]:
        env = {
            "HOME": str(self.home),
            "USER": self.name,
            "LOGNAME": self.name,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        for name in ("CONFIG", "DATA", "STATE", "CACHE", "RUNTIME"):
            env[f"XDG_{name}_HOME" if name != "RUNTIME" else "XDG_RUNTIME_DIR"] = str(
                self.home / name.lower()
            )
        return env


class System:
    """Accounts and groups made by one test, and removed again by :meth:`clean_up`."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.accounts: list[Account] = []
        self.groups: list[str] = []
        self.prefix = f"cl{os.getpid() % 100_000}"

    def unused(self, suffix: str, exists: Callable[[str], object]) -> str:
        name = f"{self.prefix}{suffix}"
        try:
            exists(name)
        except KeyError:
            return name
        raise AssertionError(f"{name} already exists on this computer; not touching it")

    def group(self, suffix: str) -> str:
        """A name for a group the test (or the command under test) makes."""
        name = self.unused(suffix, grp.getgrnam)
        self.groups.append(name)
        return name

    def account(self, suffix: str, groups: tuple[str, ...] = ()) -> Account:
        name = self.unused(suffix, pwd.getpwnam)
        home = self.base / name
        command = ["useradd", "--no-create-home", "--home-dir", str(home), "--user-group"]
        command += ["--shell", "/usr/sbin/nologin"]
        if groups:
            command += ["--groups", ",".join(groups)]
        admin(*command, name)
        account = Account(name, home)
        self.accounts.append(account)
        for folder in (
            home,
            *(Path(value) for key, value in account.env().items() if "XDG" in key),
        ):
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chown(folder, pwd.getpwnam(name).pw_uid, pwd.getpwnam(name).pw_gid)
        return account

    def clean_up(self) -> None:
        problems = []
        for account in reversed(self.accounts):
            done = subprocess.run(
                ["userdel", "-r", account.name], capture_output=True, text=True, check=False
            )
            # 12: the home or mail spool was already gone, the account itself is removed.
            if done.returncode not in (0, 12):
                problems.append(f"userdel {account.name}: {done.stderr.strip()}")
        for group in self.groups:
            try:
                grp.getgrnam(group)
            except KeyError:
                continue  # never made: the command under test refused, as it should
            done = subprocess.run(["groupdel", group], capture_output=True, text=True, check=False)
            if done.returncode != 0:
                problems.append(f"groupdel {group}: {done.stderr.strip()}")
        shutil.rmtree(self.base)
        assert not problems, "; ".join(problems)


def admin(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr}"


@pytest.fixture
def system() -> Iterator[System]:
    if shutil.which("useradd") is None or shutil.which("runuser") is None:
        pytest.skip("useradd and runuser are needed")
    # A place every account may pass through but not list, like /srv.
    base = Path(tempfile.mkdtemp(prefix="cl-share-"))
    base.chmod(0o711)
    made = System(base)
    try:
        yield made
    finally:
        made.clean_up()


@pytest.fixture
def program(system: System) -> list[str]:
    """How another account runs ``closeness``."""
    probe = system.account("probe")
    venv = Path(sys.executable).parent / "closeness"
    reach = subprocess.run(
        ["runuser", "-u", probe.name, "--", sys.executable, "-c", "pass"],
        capture_output=True,
        check=False,
    )
    if reach.returncode == 0 and venv.exists():
        return [str(venv)]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("/usr/bin", "/usr/local/bin"):
        candidate = Path(folder, version)
        if candidate.exists():
            return [str(candidate), "-m", "closeness_desktop"]
    pytest.skip(f"no {version} that other accounts may run (the venv's is out of their reach)")


def account_env(program: list[str], who: Account) -> dict[str, str]:
    env = who.env()
    if program[1:2] == ["-m"]:
        packages = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
        env["PYTHONPATH"] = os.pathsep.join([*sorted(packages), str(ROOT)])
    return env


def closeness(program: list[str], who: Account, *args: str) -> subprocess.CompletedProcess[str]:
    assignments = [f"{key}={value}" for key, value in account_env(program, who).items()]
    command = ["runuser", "-u", who.name, "--", "env", "-i", *assignments, *program, *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=WAIT_S, check=False, cwd="/"
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    assert "readonly database" not in done.stdout + done.stderr
    return done.stdout


def texts(listing: str) -> set[str]:
    return {json.loads(line)["text"] for line in listing.splitlines() if line.strip()}


def household_folder(system: System, owner: Account) -> Path:
    """A folder the first account made for the household, as any folder would be: 0755."""
    folder = system.base / "household"
    folder.mkdir()
    folder.chmod(0o755)  # whatever this process's umask
    owner_ids = pwd.getpwnam(owner.name)
    os.chown(folder, owner_ids.pw_uid, owner_ids.pw_gid)
    return folder


def assert_open_to_the_group_only(folder: Path, group: str) -> None:
    gid = grp.getgrnam(group).gr_gid
    info = folder.stat()
    assert (info.st_mode & 0o7777, info.st_gid) == (0o2770, gid)
    for path in folder.rglob("*"):
        info = path.lstat()
        expected = 0o2770 if stat.S_ISDIR(info.st_mode) else 0o660
        assert (oct(info.st_mode & 0o7777), info.st_gid) == (oct(expected), gid), path


@needs_root
def test_two_accounts_share_one_household_and_a_third_sees_nothing(
    system: System, program: list[str]
) -> None:
    group = system.group("home")
    admin("groupadd", group)
    sam = system.account("sam", (group,))
    alex = system.account("alex", (group,))
    stranger = system.account("other")
    folder = household_folder(system, sam)
    where = ("--data-dir", str(folder))

    ok(closeness(program, sam, "setup", *where, "--partner", "Sam", "--partner", "Alex"))
    shared = ok(closeness(program, sam, "share", "--group", group, *where))
    assert f"now shared with the group “{group}”" in shared
    assert_open_to_the_group_only(folder, group)

    # Turn about, so each account meets the -wal and -shm the other one made.
    ok(closeness(program, alex, "note", *where, "--from", "Alex", "Alex's first"))
    ok(closeness(program, sam, "note", *where, "--from", "Sam", "Sam's reply"))
    ok(closeness(program, alex, "note", *where, "--from", "Alex", "Alex again"))
    for who in (sam, alex):
        listing = ok(closeness(program, who, "list", *where, "--json"))
        assert texts(listing) == {"Alex's first", "Sam's reply", "Alex again"}
    assert_open_to_the_group_only(folder, group)
    owners = {pwd.getpwuid(path.stat().st_uid).pw_name for path in folder.iterdir()}
    assert sam.name in owners  # the database; Alex may own a -wal or -shm left behind

    refused = closeness(program, stranger, "list", *where, "--json")
    assert refused.returncode != 0
    assert "Alex" not in refused.stdout
    for path in [folder, *folder.rglob("*")]:
        look = "ls" if path.is_dir() else "cat"
        peek = subprocess.run(
            ["runuser", "-u", stranger.name, "--", look, str(path)],
            capture_output=True,
            check=False,
        )
        assert peek.returncode != 0, f"{stranger.name} could read {path}"


#: What the app does on start (umask, modes, open the household), then reads twice.
HOLDER = """
import json, sys
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Household
from closeness_desktop.paths import make_private, resolve
from closeness_desktop.records import TimelineFilter

paths = resolve(sys.argv[1])
make_private(paths)
household = Household.open(paths.database_url, SystemClock())
def bodies():
    return sorted(row.body for row in household.entries.page(TimelineFilter()).rows)
print(json.dumps(bodies()), flush=True)
sys.stdin.readline()
print(json.dumps(bodies()), flush=True)
household.close()
"""


@needs_root
def test_one_account_writes_while_the_other_has_the_household_open(
    system: System, program: list[str]
) -> None:
    group = system.group("live")
    admin("groupadd", group)
    sam, alex = system.account("sam", (group,)), system.account("alex", (group,))
    folder = household_folder(system, sam)
    where = ("--data-dir", str(folder))
    ok(closeness(program, sam, "setup", *where, "--partner", "Sam", "--partner", "Alex"))
    ok(closeness(program, sam, "share", "--group", group, *where))
    ok(closeness(program, sam, "note", *where, "--from", "Sam", "Home by six"))
    # The interpreter that runs ``program``: the system's, or the venv's next to its script.
    python = program[0] if program[1:2] == ["-m"] else str(Path(program[0]).with_name("python"))
    env = [f"{key}={value}" for key, value in account_env(program, sam).items()]
    holder = subprocess.Popen(
        ["runuser", "-u", sam.name, "--", "env", "-i", *env, python, "-c", HOLDER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd="/",
    )
    try:
        assert holder.stdin is not None
        assert holder.stdout is not None
        assert json.loads(holder.stdout.readline()) == ["Home by six"]
        # Sam's open household made the -wal and -shm; Alex writes through them.
        assert {f"{DATABASE_FILE}-wal", f"{DATABASE_FILE}-shm"} <= {
            path.name for path in folder.iterdir()
        }
        ok(closeness(program, alex, "note", *where, "--from", "Alex", "I'll cook"))
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert json.loads(holder.stdout.readline()) == ["Home by six", "I'll cook"]
        _out, err = holder.communicate(timeout=WAIT_S)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.communicate()
    assert holder.returncode == 0, err
    assert_open_to_the_group_only(folder, group)


@needs_root
def test_as_root_share_makes_the_group_and_puts_both_accounts_in_it(
    system: System, program: list[str], tmp_path: Path
) -> None:
    sam, alex = system.account("sam"), system.account("alex")
    group = system.group("ours")
    folder = household_folder(system, sam)
    where = ("--data-dir", str(folder))
    root_home = tmp_path / "root"
    root_env = {f"XDG_{name}_HOME": str(root_home / name.lower()) for name in ("CONFIG", "STATE")}
    members = ("--member", sam.name, "--member", alex.name)

    shared = subprocess.run(
        [sys.executable, "-m", "closeness_desktop", "share", "--group", group, *members, *where],
        env=os.environ | root_env,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )

    assert shared.returncode == 0, shared.stderr
    assert f"Made the group “{group}”" in shared.stdout
    assert set(grp.getgrnam(group).gr_mem) == {sam.name, alex.name}
    assert_open_to_the_group_only(folder, group)
    ok(closeness(program, sam, "setup", *where, "--partner", "Sam", "--partner", "Alex"))
    ok(closeness(program, alex, "note", *where, "--from", "Alex", "Made it!"))
    assert texts(ok(closeness(program, sam, "list", *where, "--json"))) == {"Made it!"}


@needs_root
def test_without_root_or_the_group_it_says_which_commands_to_run(
    system: System, program: list[str]
) -> None:
    sam = system.account("sam")
    group = system.group("none")  # never made
    folder = household_folder(system, sam)

    done = closeness(
        program, sam, "share", "--group", group, "--member", sam.name, "--member", "alex",
        "--data-dir", str(folder),
    )  # fmt: skip

    assert done.returncode == 1
    assert f"sudo groupadd {group}" in done.stderr
    assert f"sudo usermod -aG {group} {sam.name}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not folder.stat().st_mode & stat.S_ISGID
    assert all(not path.stat().st_mode & 0o070 for path in [folder, *folder.iterdir()])


def test_a_group_name_that_cannot_be_one_is_refused_in_words(run: Run, data_dir: Path) -> None:
    code, out, err = run("share", "--group", "Our Home!", "--data-dir", str(data_dir))

    assert code == 1
    assert "“Our Home!” cannot be a group name" in err
    assert out == ""
    assert not (data_dir.stat().st_mode & stat.S_ISGID)


def test_share_needs_a_folder_not_a_database_address(run: Run, data_dir: Path) -> None:
    database = f"sqlite:///{data_dir / DATABASE_FILE}"
    code, _out, err = run("share", "--group", "household", "--database", database)

    assert code == 1
    assert "not a --database" in err
