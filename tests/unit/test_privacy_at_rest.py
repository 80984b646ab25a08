"""What a private entry or a sealed note leaves behind on disk: neither the database file
(nor its -wal) nor any file in the data folder nor the log holds their words, before or
after they go for good."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from closeness_desktop.clock import FakeClock
from closeness_desktop.crash import setup_logging
from closeness_desktop.household import Draft, EntryKind, Household, PartnerInfo
from closeness_desktop.household.privacy import LockRefused

SECRET = "a lantern by the sea"
PRIVATE_WORD = "quokkaprivate"
SEALED_WORD = "narwhalsealed"
SHARED_WORD = "axolotlshared"


@pytest.fixture
def debug_log(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[Path]:
    """The app's log file, as ``app.run`` sets it up but at DEBUG, and caplog at DEBUG."""
    path = tmp_path / "logs" / "closeness.log"
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    setup_logging(path, logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield path
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def everything_on_disk(*folders: Path) -> dict[Path, bytes]:
    """Every file under ``folders`` (the database, its -wal and -shm, photos...), raw."""
    return {
        path: path.read_bytes()
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    }


def holding(files: dict[Path, bytes], word: str) -> list[Path]:
    """The files that hold ``word``, in UTF-8 or UTF-16 (as SQLite may keep text)."""
    forms = (word.encode("utf-8"), word.encode("utf-16-le"), word.upper().encode("utf-8"))
    return [path for path, data in files.items() if any(form in data for form in forms)]


def both_drafts(sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock) -> tuple[Draft, Draft]:
    """A private note and a sealed note, each with its own word to look for."""
    private = Draft(
        EntryKind.NOTE, sam.id, title=PRIVATE_WORD, body=f"Only I know the {PRIVATE_WORD}",
        private=True,
    )  # fmt: skip
    sealed = Draft(
        EntryKind.NOTE, sam.id, addressee_id=alex.id, body=f"Open me: {SEALED_WORD}",
        opens_at=clock.now() + timedelta(days=30),
    )  # fmt: skip
    return private, sealed


def checkpoint(household: Household) -> None:
    with household.database.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def test_private_and_sealed_words_are_in_no_file_and_not_in_the_log(
    *,
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
    clock: FakeClock,
    data_dir: Path,
    debug_log: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    private, sealed = both_drafts(sam, alex, clock)
    mine = household.entries.add(private)
    household.entries.add(sealed)
    assert household.entries.get(mine.id).title == PRIVATE_WORD
    household.entries.add(Draft.note(sam.id, f"Shared: {SHARED_WORD}", alex.id))

    while_open = everything_on_disk(data_dir)
    household.close()
    after = everything_on_disk(data_dir)

    assert holding(after, SHARED_WORD), "the check must see words written in the clear"
    for word in (PRIVATE_WORD, SEALED_WORD):
        assert holding(while_open, word) == []
        assert holding(after, word) == []
        assert word not in debug_log.read_text("utf-8")
        assert all(word not in record.getMessage() for record in caplog.records)
    assert SECRET not in debug_log.read_text("utf-8")


def test_a_recovery_code_and_the_keys_are_not_in_the_log(
    household: Household, sam: PartnerInfo, debug_log: Path, caplog: pytest.LogCaptureFixture
) -> None:
    code = household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)
    with pytest.raises(LockRefused):
        household.privacy.unlock(sam.id, "not the right one")
    household.privacy.unlock(sam.id, SECRET)

    logged = debug_log.read_text("utf-8") + "".join(r.getMessage() for r in caplog.records)
    for what in (SECRET, code, code.replace("-", ""), "not the right one"):
        assert what not in logged


def test_a_private_note_emptied_from_the_trash_leaves_nothing_in_the_file(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock, data_dir: Path
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    private, sealed = both_drafts(sam, alex, clock)
    mine = household.entries.add(private)
    household.entries.add(sealed)

    household.entries.delete(mine.id)
    assert household.entries.delete_forever(None) == 1
    checkpoint(household)

    files = everything_on_disk(data_dir)
    assert holding(files, PRIVATE_WORD) == []
    assert holding(files, SEALED_WORD) == []
    with household.database.engine.connect() as connection:
        left = connection.execute(text("SELECT count(*) FROM sealed_words")).scalar_one()
    assert left == 1  # the sealed note's, still waiting


def test_a_shared_note_made_private_leaves_its_old_words_nowhere_in_the_file(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, data_dir: Path
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    shared = household.entries.add(Draft.note(sam.id, f"Oops, {PRIVATE_WORD}"))
    checkpoint(household)
    assert holding(everything_on_disk(data_dir), PRIVATE_WORD), "written in the clear first"

    household.entries.edit(
        shared.id,
        Draft(EntryKind.NOTE, sam.id, body=f"Oops, {PRIVATE_WORD}", private=True),
        shared.version,
    )
    checkpoint(household)

    assert holding(everything_on_disk(data_dir), PRIVATE_WORD) == []


def test_a_sealed_note_that_opened_and_was_emptied_from_the_trash_leaves_nothing(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock, data_dir: Path
) -> None:
    _, sealed = both_drafts(sam, alex, clock)
    note = household.entries.add(sealed)
    clock.advance(timedelta(days=31))
    [opened] = household.privacy.open_due()
    assert SEALED_WORD in opened.body

    household.entries.delete(note.id)
    household.entries.delete_forever(None)
    checkpoint(household)

    assert holding(everything_on_disk(data_dir), SEALED_WORD) == []
