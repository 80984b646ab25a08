"""Replies, signs and read receipts: household.responses and entries.mark_read."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.records import (
    Area,
    Change,
    ConflictError,
    Draft,
    EntryRecord,
    NotFoundError,
    SaveError,
    Sign,
    ValidationError,
)
from tests.write_failures import database_file, short_busy_timeout, write_lock_held


@pytest.fixture
def note(household: Household, sam: PartnerInfo, alex: PartnerInfo) -> EntryRecord:
    return household.entries.add(Draft.note(sam.id, "Coffee on the balcony tomorrow?", alex.id))


def changes(household: Household) -> list[Change]:
    seen: list[Change] = []
    household.changed.connect(seen.append)
    return seen


def test_a_sign_is_one_per_partner_and_replaced_in_place(
    household: Household, note: EntryRecord, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    told = changes(household)
    household.responses.react(note.id, Sign.HEART, by=alex.id)
    household.responses.react(note.id, Sign.STAR, by=alex.id)
    household.responses.react(note.id, Sign.SMILE, by=sam.id)
    found = household.responses.of_entries([note.id])[note.id]
    assert [(r.partner_id, r.sign) for r in found.reactions] == [
        (sam.id, Sign.SMILE),
        (alex.id, Sign.STAR),
    ]  # Sam first: the partners' order
    assert found.sign_of(alex.id) is Sign.STAR
    assert told[-1] == Change(frozenset({Area.RESPONSES}), None, frozenset({note.id}))


def test_unreact_and_undo_bring_the_sign_back(
    household: Household, note: EntryRecord, alex: PartnerInfo
) -> None:
    household.responses.react(note.id, Sign.HEART, by=alex.id)
    household.responses.unreact(note.id, by=alex.id)
    assert household.responses.of_entries([note.id]) == {}
    assert household.history.undo() == "take a sign off"
    assert household.responses.of_entries([note.id])[note.id].sign_of(alex.id) is Sign.HEART
    assert household.history.undo() == "send a heart"
    assert household.responses.of_entries([note.id]) == {}
    household.history.redo()
    assert household.responses.of_entries([note.id])[note.id].sign_of(alex.id) is Sign.HEART


def test_the_same_sign_again_writes_nothing(
    household: Household, note: EntryRecord, alex: PartnerInfo
) -> None:
    household.responses.react(note.id, Sign.HUG, by=alex.id)
    told = changes(household)
    household.responses.react(note.id, Sign.HUG, by=alex.id)
    assert told == []
    assert household.history.undo_text() == "send a hug"


def test_undo_of_a_sign_changed_elsewhere_asks_first(
    household: Household, note: EntryRecord, alex: PartnerInfo, clock: FakeClock
) -> None:
    household.responses.react(note.id, Sign.HEART, by=alex.id)
    other = Household.open(household.database.engine.url.render_as_string(), clock)
    try:
        other.responses.react(note.id, Sign.STAR, by=alex.id)
    finally:
        other.close()
    with pytest.raises(ConflictError):
        household.history.undo()
    household.history.undo(force=True)
    assert household.responses.of_entries([note.id]) == {}


def test_a_reply_is_saved_edited_and_deleted_by_its_author_only(
    household: Household, note: EntryRecord, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    answer = household.responses.reply(note.id, "  Yes please, with croissants.  ", by=alex.id)
    assert answer.body == "Yes please, with croissants."
    with pytest.raises(ValidationError, match="Only Alex"):
        household.responses.edit_reply(answer.id, "No", answer.version, by=sam.id)
    with pytest.raises(ValidationError, match="Only Alex"):
        household.responses.delete_reply(answer.id, by=sam.id)
    edited = household.responses.edit_reply(answer.id, "Yes, at eight.", answer.version, by=alex.id)
    assert edited.version == answer.version + 1
    with pytest.raises(ConflictError):
        household.responses.edit_reply(answer.id, "Stale", answer.version, by=alex.id)
    replies = household.responses.of_entries([note.id])[note.id].replies
    assert [r.body for r in replies] == ["Yes, at eight."]
    household.responses.delete_reply(answer.id, by=alex.id)
    assert household.responses.of_entries([note.id]) == {}
    assert household.history.undo() == "delete reply"
    assert household.history.undo() == "edit reply"
    replies = household.responses.of_entries([note.id])[note.id].replies
    assert [r.body for r in replies] == ["Yes please, with croissants."]
    assert household.history.undo() == "reply"
    assert household.responses.of_entries([note.id]) == {}


@pytest.mark.parametrize(
    ("text", "words"), [("   ", "a few words"), ("x" * 1001, "up to 1,000 characters")]
)
def test_a_reply_is_short_and_not_empty(
    household: Household, note: EntryRecord, alex: PartnerInfo, text: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words):
        household.responses.reply(note.id, text, by=alex.id)
    assert household.responses.reply(note.id, "y" * 1000, by=alex.id).body == "y" * 1000


def test_no_answer_on_an_entry_in_the_trash(
    household: Household, note: EntryRecord, alex: PartnerInfo
) -> None:
    household.entries.delete(note.id)
    with pytest.raises(NotFoundError):
        household.responses.reply(note.id, "Hello", by=alex.id)
    with pytest.raises(NotFoundError):
        household.responses.react(note.id, Sign.HEART, by=alex.id)


def test_emptying_the_trash_takes_the_answers_with_it(
    household: Household, note: EntryRecord, alex: PartnerInfo
) -> None:
    household.responses.reply(note.id, "Lovely", by=alex.id)
    household.responses.react(note.id, Sign.HEART, by=alex.id)
    household.entries.delete(note.id)
    assert household.entries.delete_forever([note.id]) == 1
    assert household.responses.of_entries([note.id]) == {}


def test_unseen_is_what_the_other_sent_on_my_entries_until_seen(
    household: Household, note: EntryRecord, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    household.responses.react(note.id, Sign.HEART, by=alex.id)
    clock.advance(timedelta(minutes=1))
    household.responses.reply(note.id, "See you there", by=alex.id)
    household.responses.reply(note.id, "My own follow-up", by=sam.id)  # Sam's own: no news
    theirs = household.entries.add(Draft.note(alex.id, "Miss you", sam.id))
    household.responses.react(theirs.id, Sign.STAR, by=sam.id)  # news for Alex, not Sam
    news = household.responses.unseen_for(sam.id)
    assert [(n.entry.id, n.by, n.sign) for n in news] == [
        (note.id, alex.id, Sign.HEART),
        (note.id, alex.id, None),
    ]
    household.responses.mark_seen(news)
    assert household.responses.unseen_for(sam.id) == []
    assert len(household.responses.unseen_for(alex.id)) == 1
    household.responses.react(note.id, Sign.HUG, by=alex.id)  # a new sign is news again
    assert [n.sign for n in household.responses.unseen_for(sam.id)] == [Sign.HUG]


def test_the_page_is_read_in_two_queries(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    ids = [household.entries.add(Draft.note(sam.id, f"Note {n}", alex.id)).id for n in range(30)]
    for entry_id in ids[::3]:
        household.responses.react(entry_id, Sign.HEART, by=alex.id)
        household.responses.reply(entry_id, "Yes", by=alex.id)
    statements: list[str] = []
    from sqlalchemy import event

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(household.database.engine, "before_cursor_execute", count)
    try:
        found = household.responses.of_entries(ids)
    finally:
        event.remove(household.database.engine, "before_cursor_execute", count)
    assert set(found) == set(ids[::3])
    assert sum("reactions" in s or "replies" in s for s in statements) == 2


# -- read receipts ------------------------------------------------------------------------


def test_only_the_addressee_reads_a_note_once_without_a_new_version(
    household: Household, note: EntryRecord, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    assert household.entries.mark_read(note.id, sam.id) is False  # the author
    assert household.entries.get(note.id).read_at is None
    told = changes(household)
    assert household.entries.mark_read(note.id, alex.id) is True
    first = household.entries.get(note.id)
    assert first.read_at == clock.now()
    assert first.version == note.version
    assert first.updated_at == note.updated_at
    assert told == [Change(frozenset({Area.ENTRIES}), None, frozenset({note.id}))]
    clock.advance(timedelta(hours=1))
    assert household.entries.mark_read(note.id, alex.id) is False
    assert household.entries.get(note.id).read_at == first.read_at
    assert household.history.undo_text() == "add note"  # a receipt is no undo step
    # The author's edit still goes through at the version they read.
    household.entries.edit(note.id, Draft.note(sam.id, "Tea instead?", alex.id), note.version)


def test_a_note_to_both_is_read_by_the_one_who_did_not_write_it(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    both = household.entries.add(Draft.note(sam.id, "For us both"))
    assert household.entries.mark_read(both.id, sam.id) is False
    assert household.entries.mark_read(both.id, alex.id) is True


def test_a_memory_has_no_receipt(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    memory = household.entries.add(
        Draft.memory(sam.id, "The lake", clock.now().date(), clock.local_zone())
    )
    assert household.entries.mark_read(memory.id, alex.id) is False


def test_a_refused_reply_leaves_no_words_in_the_log(
    household: Household, note: EntryRecord, alex: PartnerInfo, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "the letter from Lisbon, at last"
    with (
        short_busy_timeout(household),
        write_lock_held(database_file(household)),
        pytest.raises(SaveError),
    ):
        household.responses.reply(note.id, secret, by=alex.id)
    assert "Lisbon" not in caplog.text
    assert household.responses.of_entries([note.id]) == {}
    assert household.history.undo_text() == "add note"  # nothing to undo was pushed
