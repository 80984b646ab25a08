"""Export and import of everything, on real SQLite files: lossless, merged by UUID, one
undo step and one change, never overwriting; and the command line's words."""

from __future__ import annotations

import json
import os
import stat
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from closeness_desktop.household import Change, ConflictError, Draft, Household
from closeness_desktop.household import transfer as transfer_module
from closeness_desktop.household.archive_fields import ArchiveError
from closeness_desktop.household.transfer import Cancelled
from closeness_desktop.records import Area, TimelineFilter
from tests.unit.cli_runner import Run
from tests.unit.test_cli import assert_one_line_error
from tests.unit.transfer_archives import (
    SCHEMA,
    Households,
    archive_of,
    content,
    document,
)


def document_of(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as archive:
        found: dict[str, object] = json.loads(archive.read("closeness.json"))
    return found


def test_export_then_import_into_a_new_household_keeps_everything(
    source: Household, archive: Path, made: Households
) -> None:
    target = made.new()

    report = target.transfer.import_from(archive)

    assert content(target) == content(source)
    assert report.summary() == (
        "Welcome back, Sam and Alex. Imported 7 entries (2 of them date nights), 1 idea,"
        " 2 ideas marked done and your reminder settings."
    )
    assert target.rituals.settings().daily_cap == 2
    assert len(target.plans.all()) == 2


def test_the_exported_document_is_valid_against_its_json_schema(archive: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)

    jsonschema.Draft202012Validator(schema).validate(document_of(archive))


def test_the_archive_is_private_to_this_account(archive: Path) -> None:
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_importing_twice_adds_nothing_and_says_so(archive: Path, made: Households) -> None:
    target = made.new()
    target.transfer.import_from(archive)
    before, step = content(target), target.history.undo_text()
    changes: list[Change] = []
    target.changed.connect(changes.append)

    report = target.transfer.import_from(archive)

    assert report.added == 0
    assert report.already_here == 10  # 7 entries (one in the trash), 1 idea, 2 marks
    assert report.summary() == "Nothing new in this archive: all of it is already here."
    assert content(target) == before
    assert (target.history.undo_text(), changes) == (step, [])


def test_an_import_is_one_undo_step_and_one_change(archive: Path, made: Households) -> None:
    target = made.new()
    changes: list[Change] = []
    target.changed.connect(changes.append)

    target.transfer.import_from(archive, origin="menu")

    assert len(changes) == 1
    assert changes[0].origin == "menu"
    assert changes[0].areas == {Area.PARTNERS, Area.ENTRIES, Area.PLANS, Area.IDEAS, Area.RITUALS}
    assert len(changes[0].entry_ids) == 7
    assert target.history.undo_text() == "import 7 entries"


def test_undo_takes_an_import_back_out_and_redo_brings_it_again(
    source: Household, archive: Path, made: Households
) -> None:
    target = made.new()
    target.transfer.import_from(archive)

    assert target.history.undo() == "import 7 entries"
    assert target.entries.count() == 0
    assert target.plans.all() == []
    assert [idea.title for idea in target.ideas.all() if idea.id.startswith("own-")] == []
    assert target.ideas.done() == {}
    assert target.rituals.settings().daily_cap == 3  # the default again
    assert target.partners.is_set_up()  # the two of you stay

    assert target.history.redo() == "import 7 entries"
    assert target.entries.count() == source.entries.count() == 6
    assert len(target.ideas.done()) == 2
    assert target.rituals.settings().daily_cap == 2


def test_undo_of_an_import_asks_before_it_overwrites_a_later_edit(
    archive: Path, made: Households
) -> None:
    target = made.new()
    target.transfer.import_from(archive)
    elsewhere = made.again(target)
    note = next(r for r in elsewhere.entries.page(TimelineFilter()).rows if r.body == "Good week")
    elsewhere.entries.edit(note.id, replace(Draft.checkin(note.author_id, 5), body="Great week"), 1)

    with pytest.raises(ConflictError, match="changed since"):
        target.history.undo()
    assert target.entries.count() == 6  # nothing was taken back

    target.history.undo(force=True)
    assert target.entries.count() == 0


def test_an_entry_already_here_is_kept_and_a_newer_one_in_the_archive_is_named(
    source: Household, made: Households, tmp_path: Path
) -> None:
    target = made.new()
    first = tmp_path / "first.zip"
    source.transfer.export_to(first)
    target.transfer.import_from(first)
    note = next(r for r in source.entries.page(TimelineFilter()).rows if r.body == "Good week")
    source.entries.edit(note.id, replace(Draft.checkin(note.author_id, 5), body="Great week"), 1)
    later = tmp_path / "later.zip"
    source.transfer.export_to(later)

    report = target.transfer.import_from(later)

    assert target.entries.get(note.id).body == "Good week"  # nothing was overwritten
    assert report.newer_in_archive == (note.id,)
    assert report.summary().endswith(
        "1 entry is newer in the archive; the one here was kept, and nothing was overwritten."
    )


def test_a_household_set_up_with_the_same_names_takes_the_archive_as_its_own(
    source: Household, archive: Path, made: Households
) -> None:
    target = made.new()
    here = target.partners.setup(["alex", "Sam"])  # the welcome screen, before the import

    report = target.transfer.import_from(archive)

    assert report.partners_added == ()
    assert report.entries_added == 7
    theirs = {p.id: p.name.casefold() for p in source.partners.all()}
    ours = {p.name.casefold(): p.id for p in here}
    for entry in content(source).entries.values():
        imported = target.entries.get(entry.id)
        assert imported.author_id == ours[theirs[entry.author_id]]
        if entry.addressee_id is not None:
            assert imported.addressee_id == ours[theirs[entry.addressee_id]]


def test_another_couples_archive_is_refused_and_changes_nothing(
    archive: Path, made: Households
) -> None:
    target = made.new()
    target.partners.setup(["Kim", "Lee"])
    before = content(target)

    with pytest.raises(ArchiveError, match="This archive is Sam and Alex's, and this household"):
        target.transfer.import_from(archive)
    assert content(target) == before


def test_an_export_is_one_read_while_others_write(
    source: Household, made: Households, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_module, "BATCH", 2)
    elsewhere = made.again(source)
    sam = source.partners.named("Sam")
    written: list[uuid.UUID] = []

    def write_meanwhile(done: int, total: int) -> bool:
        if len(written) < 3:  # (without one read, the export would chase these for ever)
            written.append(elsewhere.entries.add(Draft.note(sam.id, f"meanwhile {done}")).id)
        return True

    source.transfer.export_to(tmp_path / "during.zip", progress=write_meanwhile)

    entries = document_of(tmp_path / "during.zip")["entries"]
    assert isinstance(entries, list)
    assert len(written) == 3
    assert [entry["body"] for entry in entries if "meanwhile" in entry["body"]] == []
    assert len(entries) == 7


def test_a_stopped_export_leaves_no_archive_and_the_older_one_whole(
    source: Household, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_module, "BATCH", 2)
    before = archive.read_bytes()

    with pytest.raises(Cancelled):
        source.transfer.export_to(archive, progress=lambda done, total: False)

    assert archive.read_bytes() == before
    assert sorted(os.listdir(archive.parent)) == sorted(
        name for name in os.listdir(archive.parent) if not name.endswith(".part")
    )


def test_a_stopped_import_changes_nothing(
    archive: Path, made: Households, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_module, "BATCH", 2)
    target = made.new()
    changes: list[Change] = []
    target.changed.connect(changes.append)

    with pytest.raises(Cancelled):
        target.transfer.import_from(archive, progress=lambda done, total: done < 4)

    assert content(target) == content(made.new())
    assert (changes, target.history.undo_text()) == ([], None)


def test_nothing_to_export_before_the_household_is_set_up(made: Households, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nothing to export yet"):
        made.new().transfer.export_to(tmp_path / "empty.zip")
    assert not (tmp_path / "empty.zip").exists()


# -- the command line -----------------------------------------------------------------------


def test_the_command_line_exports_and_imports(run: Run, tmp_path: Path) -> None:
    home, away, file = tmp_path / "home", tmp_path / "away", tmp_path / "us.zip"
    run("setup", "--data-dir", str(home), "--partner", "Sam", "--partner", "Alex")
    run("note", "--data-dir", str(home), "--from", "Sam", "Hello 🌙")

    assert run("export", "--data-dir", str(home), str(file)) == (
        0, f"Exported everything to {file}: 1 entry.\n", ""
    )  # fmt: skip
    assert run("import", "--data-dir", str(away), str(file)) == (
        0, "Welcome back, Sam and Alex. Imported 1 entry.\n", ""
    )  # fmt: skip
    assert run("import", "--data-dir", str(away), str(file)) == (
        0, "Nothing new in this archive: all of it is already here.\n", ""
    )  # fmt: skip


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (None, "could not be opened: No such file or directory"),
        (b"", "is not a zip file"),
        (b"PK\x03\x04 not really", "is not a zip file"),
    ],
)
def test_the_command_line_says_in_one_line_why_an_archive_cannot_be_imported(
    run: Run, tmp_path: Path, data: bytes | None, words: str
) -> None:
    file = tmp_path / "archive.zip"
    if data is not None:
        file.write_bytes(data)

    code, out, err = run("import", "--data-dir", str(tmp_path / "home"), str(file))

    assert_one_line_error(code, out, err)
    assert words in err
    assert err.endswith("Nothing was imported.\n")


def test_the_command_line_says_in_one_line_why_an_export_cannot_be_written(
    run: Run, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    run("setup", "--data-dir", str(home), "--partner", "Sam", "--partner", "Alex")

    code, out, err = run("export", "--data-dir", str(home), str(tmp_path / "no" / "such.zip"))

    assert_one_line_error(code, out, err)
    assert "could not write" in err
    assert "No such file or directory" in err


def test_an_archive_of_just_the_two_of_you_sets_up_the_household_without_an_undo_step(
    made: Households, tmp_path: Path
) -> None:
    path = tmp_path / "us.zip"
    path.write_bytes(archive_of(document(entries=[])))
    target = made.new()
    changes: list[Change] = []
    target.changed.connect(changes.append)

    report = target.transfer.import_from(path)

    assert [p.name for p in target.partners.all()] == ["Sam", "Alex"]
    assert report.summary() == "Welcome back, Sam and Alex."
    assert [change.areas for change in changes] == [{Area.PARTNERS}]
    assert target.history.undo_text() is None  # the two of you are not taken back


def test_an_export_is_never_written_over_the_household_itself(source: Household) -> None:
    database = Path(source.database.engine.url.database or "")
    before = database.read_bytes()

    for target in (database, database.with_name(database.name + "-wal")):
        with pytest.raises(ValueError, match="the household's own database"):
            source.transfer.export_to(target)

    assert database.read_bytes() == before
    assert source.entries.count() == 6
