"""Real damage for the health and backup tests: a writer killed in the middle of its work,
bytes overwritten, files cut short or swapped, and fingerprints to prove nothing changed."""

from __future__ import annotations

import getpass
import hashlib
import random
import signal
import subprocess
import sys
from pathlib import Path

from closeness_desktop.clock import Clock
from closeness_desktop.household import Draft, Household, TimelineFilter

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "closeness.sqlite3"

#: Writes notes through the household, says "done" once they are all committed, then
#: waits to be killed (or for its standard input to close) without ever closing the file.
_WRITER = """
import sys
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Draft, Household

household = Household.open("sqlite:///" + sys.argv[1], SystemClock())
sam = household.partners.named("Sam")
for number in range(int(sys.argv[2])):
    household.entries.add(Draft.note(sam.id, f"{sys.argv[3]} note {number} " + "y" * 700))
print("done", flush=True)
sys.stdin.read()
"""


def url(database: Path) -> str:
    return f"sqlite:///{database}"


def set_up(database: Path, clock: Clock, notes: int = 40) -> None:
    """A household of Sam and Alex with ``notes`` notes, closed again."""
    household = Household.open(url(database), clock)
    try:
        household.partners.setup(["Sam", "Alex"], this_account="Sam", os_account=getpass.getuser())
        add_notes(household, notes, "first")
    finally:
        household.close()


def add_notes(household: Household, count: int, word: str) -> None:
    sam = household.partners.named("Sam")
    for number in range(count):
        household.entries.add(Draft.note(sam.id, f"{word} note {number} " + "x" * 900))


def bodies(household: Household) -> list[str]:
    return [row.body for row in household.entries.page(TimelineFilter(), limit=10_000).rows]


def start_writer(database: Path, notes: int, word: str = "child") -> subprocess.Popen[str]:
    """A real process that has written ``notes`` notes and keeps the household open."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(database), str(notes), word],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "done"
    return writer


def kill(writer: subprocess.Popen[str]) -> None:
    """SIGKILL: no checkpoint, no cleanup; its -wal and -shm stay as they were."""
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    for pipe in (writer.stdin, writer.stdout):
        assert pipe is not None
        pipe.close()


def killed_writer(database: Path, notes: int = 30, word: str = "child") -> None:
    kill(start_writer(database, notes, word))


def sidecar(database: Path, ending: str) -> Path:
    return database.with_name(database.name + ending)


def fingerprint(database: Path) -> dict[str, str]:
    """A hash of the database and of its -wal (when there is one)."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (database, sidecar(database, "-wal"))
        if path.exists()
    }


def overwrite(path: Path, offset: int, count: int, seed: int = 8) -> None:
    noise = random.Random(seed).randbytes(count)
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(noise)
