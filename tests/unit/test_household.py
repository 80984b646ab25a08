"""The household facade: setting up, writing, editing, the trash, undo, delivery, settings."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import (
    Area,
    ConflictError,
    Draft,
    Household,
    NotFoundError,
    PartnerInfo,
    ValidationError,
    draft_of,
)
from closeness_desktop.household.settings import StoredSetting
from closeness_desktop.store.models import Entry, EntryKind
from closeness_desktop.store.timeline import TimelineFilter

ZONE = ZoneInfo("Europe/Berlin")


def stored_entries(household: Household) -> int:
    """Every entry row, the trash included."""
    with Session(household.database.engine) as session:
        return int(session.execute(select(func.count()).select_from(Entry)).scalar_one())


def timeline_ids(household: Household, *, trash: bool = False) -> list[uuid.UUID]:
    return [row.id for row in household.entries.page(TimelineFilter(trash=trash), limit=1000).rows]


@pytest.fixture
def events(household: Household) -> list[frozenset[Area]]:
    """The areas each announced change touched."""
    seen: list[frozenset[Area]] = []
    household.changed.connect(lambda change: seen.append(change.areas))
    return seen


# -- setting up ---------------------------------------------------------------------------


def test_setup_creates_two_partners_in_order_with_default_colours(
    empty_household: Household,
) -> None:
    partners = empty_household.partners.setup(["  Sam ", "Alex"])

    assert [partner.name for partner in partners] == ["Sam", "Alex"]
    assert [partner.position for partner in partners] == [0, 1]
    assert [partner.colour for partner in partners] == ["#C8566B", "#3F7F8C"]
    assert all(partner.os_account is None for partner in partners)
    assert empty_household.partners.is_set_up()


def test_setup_links_the_chosen_partner_to_the_os_account(empty_household: Household) -> None:
    empty_household.partners.setup(
        ["Sam", "Alex"], ["#aabbcc", None], this_account=" alex ", os_account="alex-login"
    )

    assert empty_household.partners.named("Alex").os_account == "alex-login"
    assert empty_household.partners.named("Sam").os_account is None
    assert empty_household.partners.named("Sam").colour == "#AABBCC"
    assert empty_household.partners.for_account("alex-login") == empty_household.partners.named(
        "Alex"
    )
    assert empty_household.partners.for_account("someone-else") is None


def test_setup_announces_a_partners_change(empty_household: Household) -> None:
    seen: list[frozenset[Area]] = []
    empty_household.changed.connect(lambda change: seen.append(change.areas))

    empty_household.partners.setup(["Sam", "Alex"])

    assert seen == [frozenset({Area.PARTNERS})]


@pytest.mark.parametrize(
    ("names", "colours", "this_account", "message"),
    [
        (["Sam"], (None, None), None, "give two names"),
        (["Sam", "Alex", "Robin"], (None, None), None, "give two names"),
        (["Sam", " sam "], (None, None), None, "The two names are the same"),
        (["Sam", "   "], (None, None), None, "Each partner needs a name"),
        (["", ""], (None, None), None, "Each partner needs a name"),
        (["S" * 41, "Alex"], (None, None), None, "can hold up to 40"),
        (["Sam", "Alex"], ("red", None), None, "“red” is not a colour"),
        (["Sam", "Alex"], (None, "#12345"), None, "is not a colour"),
        (["Sam", "Alex"], (None, None), "Robin", "“Robin” is not one of the two names"),
    ],
    ids=[
        "one-name",
        "three-names",
        "same-names",
        "blank-name",
        "empty-names",
        "name-too-long",
        "colour-word",
        "colour-too-short",
        "unknown-this-account",
    ],
)
def test_setup_refuses_bad_input_and_stores_nothing(
    empty_household: Household,
    names: list[str],
    colours: tuple[str | None, str | None],
    this_account: str | None,
    message: str,
) -> None:
    with pytest.raises(ValidationError, match=message):
        empty_household.partners.setup(names, colours, this_account=this_account, os_account="me")

    assert empty_household.partners.all() == []
    assert not empty_household.partners.is_set_up()


def test_setting_up_twice_is_refused(household: Household) -> None:
    with pytest.raises(ValidationError, match=r"already set up \(Sam and Alex\)"):
        household.partners.setup(["Robin", "Kim"])

    assert [partner.name for partner in household.partners.all()] == ["Sam", "Alex"]


def test_partner_lookups_explain_what_is_missing(household: Household) -> None:
    with pytest.raises(NotFoundError, match="this household is Sam and Alex"):
        household.partners.named("Robin")
    with pytest.raises(NotFoundError, match="not part of this household"):
        household.partners.get(uuid.uuid4())
    assert household.partners.named(" sam ").name == "Sam"


def test_partner_named_on_an_empty_household_says_to_set_up(
    empty_household: Household,
) -> None:
    with pytest.raises(NotFoundError, match="No household yet"):
        empty_household.partners.named("Sam")


def test_link_account_moves_the_link_to_the_other_partner(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, events: list[frozenset[Area]]
) -> None:
    account = sam.os_account
    assert account is not None

    household.partners.link_account(alex.id, account)

    assert household.partners.for_account(account) == household.partners.get(alex.id)
    assert household.partners.get(sam.id).os_account is None
    assert events == [frozenset({Area.PARTNERS})]


# -- adding each kind ---------------------------------------------------------------------


def test_a_note_is_stored_trimmed_and_dated_now(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    record = household.entries.add(Draft.note(sam.id, "  I love your laugh.\n", to=alex.id))

    assert record.kind is EntryKind.NOTE
    assert record.body == "I love your laugh."
    assert record.author_id == sam.id
    assert record.addressee_id == alex.id
    assert record.occurred_at == clock.now()
    assert record.version == 1
    assert record.deleted_at is None
    assert record.delivered_at is None
    assert household.entries.count() == 1


def test_a_note_for_both_of_us_has_no_addressee(household: Household, sam: PartnerInfo) -> None:
    record = household.entries.add(Draft.note(sam.id, "Pancakes on Sunday?"))

    assert record.addressee_id is None


def test_a_memory_is_an_all_day_entry_on_its_date(household: Household, alex: PartnerInfo) -> None:
    record = household.entries.add(
        Draft.memory(
            alex.id,
            " First snow in the new flat ",
            date(2025, 12, 3),
            ZONE,
            text="We built a tiny snowman.",
            place="Balcony",
        )
    )

    assert record.kind is EntryKind.MEMORY
    assert record.title == "First snow in the new flat"
    assert record.all_day
    assert record.occurred_at.astimezone(ZONE).date() == date(2025, 12, 3)
    assert record.place == "Balcony"
    assert record.body == "We built a tiny snowman."


def test_a_plan_keeps_its_time_and_place(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    evening = clock.now() + timedelta(days=2)

    record = household.entries.add(Draft.plan(sam.id, "Dinner by the river", evening, "Riverside"))

    assert record.kind is EntryKind.PLAN
    assert record.occurred_at == evening
    assert record.place == "Riverside"
    assert not record.all_day


def test_a_checkin_joins_its_feeling_words(household: Household, alex: PartnerInfo) -> None:
    record = household.entries.add(
        Draft.checkin(alex.id, 4, [" calm", "", "grateful "], "Good day")
    )

    assert record.kind is EntryKind.CHECKIN
    assert record.mood == 4
    assert record.feelings == "calm, grateful"
    assert record.body == "Good day"


def test_a_goodbye_may_be_wordless(household: Household, sam: PartnerInfo) -> None:
    record = household.entries.add(Draft.goodbye(sam.id))

    assert record.kind is EntryKind.GOODBYE
    assert record.body == ""


def test_adding_announces_an_entries_change(
    household: Household, sam: PartnerInfo, events: list[frozenset[Area]]
) -> None:
    household.entries.add(Draft.note(sam.id, "Hello"))

    assert events == [frozenset({Area.ENTRIES})]


# -- bad input ------------------------------------------------------------------------------


def _bad_drafts(sam: PartnerInfo, alex: PartnerInfo, now: datetime) -> dict[str, tuple[Draft, str]]:
    return {
        "empty-note": (Draft.note(sam.id, ""), "A note needs a few words"),
        "whitespace-note": (Draft.note(sam.id, "  \n\t  "), "A note needs a few words"),
        "megabyte-note": (
            Draft.note(sam.id, "x" * 1_000_000),
            "The text is 1,000,000 characters long; it can hold up to 20,000",
        ),
        "memory-in-1800": (
            Draft.memory(sam.id, "Old times", date(1800, 5, 1), ZONE),
            "between the years 1900 and 2200",
        ),
        "plan-in-2300": (
            Draft.plan(sam.id, "Far away", datetime(2300, 1, 1, 19, tzinfo=ZONE)),
            "between the years 1900 and 2200",
        ),
        "memory-in-the-future": (
            Draft.memory(sam.id, "Not yet", (now + timedelta(days=30)).date(), ZONE),
            "pick a past date",
        ),
        "memory-without-title": (
            Draft.memory(sam.id, "  ", now.date(), ZONE),
            "Give the memory a title",
        ),
        "plan-ending-before-it-starts": (
            Draft(
                EntryKind.PLAN,
                sam.id,
                title="Cinema",
                occurred_at=now + timedelta(hours=3),
                ends_at=now + timedelta(hours=1),
            ),
            "cannot end before it starts",
        ),
        "mood-0": (Draft.checkin(sam.id, 0), "Pick a mood from 1 to 5"),
        "mood-6": (Draft.checkin(sam.id, 6), "Pick a mood from 1 to 5"),
        "note-to-its-author": (
            Draft.note(sam.id, "Dear me", to=sam.id),
            "goes to your partner, or to both of you",
        ),
        "note-to-a-stranger": (
            Draft.note(sam.id, "Hi", to=uuid.uuid4()),
            "goes to your partner, or to both of you",
        ),
        "unknown-author": (Draft.note(uuid.uuid4(), "Hi", to=alex.id), "Who is writing"),
        "title-too-long": (Draft.plan(sam.id, "t" * 201, now), "can hold up to 200"),
    }


BAD_DRAFTS = [
    "empty-note",
    "whitespace-note",
    "megabyte-note",
    "memory-in-1800",
    "plan-in-2300",
    "memory-in-the-future",
    "memory-without-title",
    "plan-ending-before-it-starts",
    "mood-0",
    "mood-6",
    "note-to-its-author",
    "note-to-a-stranger",
    "unknown-author",
    "title-too-long",
]


@pytest.mark.parametrize("case", BAD_DRAFTS)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(
    household: Household, clock: FakeClock, events: list[frozenset[Area]], case: str
) -> None:
    sam, alex = household.partners.all()
    draft, message = _bad_drafts(sam, alex, clock.now().astimezone(ZONE))[case]
    household.entries.add(Draft.note(alex.id, "Already here"))
    events.clear()
    before = stored_entries(household)

    with pytest.raises(ValidationError, match=message):
        household.entries.add(draft)

    assert stored_entries(household) == before
    assert events == []
    assert household.history.undo_text() == "add note"


def test_a_naive_datetime_is_a_programming_error(household: Household, sam: PartnerInfo) -> None:
    draft = Draft.plan(sam.id, "Dinner", datetime(2026, 12, 1, 19))

    with pytest.raises(ValueError, match="aware"):
        household.entries.add(draft)
    assert stored_entries(household) == 0


# -- editing --------------------------------------------------------------------------------


def test_editing_changes_the_entry_and_bumps_its_version(
    household: Household, sam: PartnerInfo, events: list[frozenset[Area]]
) -> None:
    record = household.entries.add(Draft.note(sam.id, "Frist draft"))
    events.clear()

    edited = household.entries.edit(record.id, Draft.note(sam.id, "First draft"), record.version)

    assert edited.body == "First draft"
    assert edited.version == record.version + 1
    assert edited.created_at == record.created_at
    assert events == [frozenset({Area.ENTRIES})]


def test_editing_a_stale_version_is_a_conflict_and_changes_nothing(
    household: Household, sam: PartnerInfo
) -> None:
    record = household.entries.add(Draft.note(sam.id, "Original"))
    household.entries.edit(record.id, Draft.note(sam.id, "Changed elsewhere"), record.version)

    with pytest.raises(ConflictError, match="changed elsewhere"):
        household.entries.edit(record.id, Draft.note(sam.id, "My late edit"), record.version)

    assert household.entries.get(record.id).body == "Changed elsewhere"


def test_an_entry_keeps_its_kind(household: Household, sam: PartnerInfo, clock: FakeClock) -> None:
    record = household.entries.add(Draft.note(sam.id, "A note"))
    as_memory = Draft.memory(sam.id, "A memory", clock.now().date(), ZONE)

    with pytest.raises(ValidationError, match="keeps its kind"):
        household.entries.edit(record.id, as_memory, record.version)

    assert household.entries.get(record.id).kind is EntryKind.NOTE


def test_editing_validates_like_adding(household: Household, sam: PartnerInfo) -> None:
    record = household.entries.add(Draft.note(sam.id, "Words"))

    with pytest.raises(ValidationError, match="needs a few words"):
        household.entries.edit(record.id, Draft.note(sam.id, "   "), record.version)

    assert household.entries.get(record.id).body == "Words"


def test_draft_of_round_trips_a_record(household: Household, alex: PartnerInfo) -> None:
    record = household.entries.add(Draft.checkin(alex.id, 3, ["tired"], "Long week"))

    again = household.entries.edit(record.id, draft_of(record), record.version)

    assert (again.mood, again.feelings, again.body) == (3, "tired", "Long week")


# -- trash ------------------------------------------------------------------------------------


def test_delete_moves_to_the_trash_and_restore_brings_it_back(
    household: Household, sam: PartnerInfo, events: list[frozenset[Area]]
) -> None:
    record = household.entries.add(Draft.note(sam.id, "Keep me"))
    events.clear()

    household.entries.delete(record.id)

    assert timeline_ids(household) == []
    assert timeline_ids(household, trash=True) == [record.id]
    assert household.entries.get(record.id).deleted_at is not None
    assert household.entries.count() == 0

    household.entries.restore(record.id)

    assert timeline_ids(household) == [record.id]
    assert timeline_ids(household, trash=True) == []
    assert household.entries.get(record.id).deleted_at is None
    assert events == [frozenset({Area.ENTRIES})] * 2


def test_deleting_twice_or_restoring_a_live_entry_does_nothing(
    household: Household, sam: PartnerInfo, events: list[frozenset[Area]]
) -> None:
    record = household.entries.add(Draft.note(sam.id, "Hi"))
    household.entries.restore(record.id)
    household.entries.delete(record.id)
    events.clear()

    household.entries.delete(record.id)

    assert events == []
    assert household.history.undo_text() == "delete note"


def test_an_unknown_entry_is_not_found(household: Household) -> None:
    with pytest.raises(NotFoundError, match="no longer there"):
        household.entries.delete(uuid.uuid4())


# -- undo and redo ----------------------------------------------------------------------------


def test_nothing_to_undo_or_redo(household: Household) -> None:
    assert household.history.undo_text() is None
    assert household.history.redo_text() is None
    assert household.history.undo() is None
    assert household.history.redo() is None


def test_undo_and_redo_an_add(
    household: Household, sam: PartnerInfo, events: list[frozenset[Area]]
) -> None:
    record = household.entries.add(Draft.checkin(sam.id, 5))
    events.clear()

    assert household.history.undo() == "add check-in"
    assert timeline_ids(household) == []
    assert household.history.redo_text() == "add check-in"

    assert household.history.redo() == "add check-in"
    assert timeline_ids(household) == [record.id]
    assert household.history.undo_text() == "add check-in"
    assert events == [frozenset({Area.ENTRIES})] * 2


def test_undo_and_redo_an_edit(household: Household, sam: PartnerInfo, clock: FakeClock) -> None:
    record = household.entries.add(Draft.plan(sam.id, "Picnic", clock.now() + timedelta(days=3)))
    household.entries.edit(
        record.id, Draft.plan(sam.id, "Picnic in the park", record.occurred_at), record.version
    )

    assert household.history.undo() == "edit date-night plan"
    assert household.entries.get(record.id).title == "Picnic"

    assert household.history.redo() == "edit date-night plan"
    assert household.entries.get(record.id).title == "Picnic in the park"


def test_undo_and_redo_a_delete(household: Household, alex: PartnerInfo) -> None:
    record = household.entries.add(Draft.memory(alex.id, "Our trip", date(2024, 6, 1), ZONE))
    household.entries.delete(record.id)

    assert household.history.undo_text() == "delete memory"
    assert household.history.undo() == "delete memory"
    assert timeline_ids(household) == [record.id]

    assert household.history.redo() == "delete memory"
    assert timeline_ids(household, trash=True) == [record.id]


def test_undo_and_redo_a_restore(household: Household, sam: PartnerInfo) -> None:
    record = household.entries.add(Draft.goodbye(sam.id, "Off to work"))
    household.entries.delete(record.id)
    household.entries.restore(record.id)

    assert household.history.undo() == "restore goodbye"
    assert timeline_ids(household, trash=True) == [record.id]

    assert household.history.redo() == "restore goodbye"
    assert timeline_ids(household) == [record.id]


def test_undo_walks_back_through_several_steps(household: Household, sam: PartnerInfo) -> None:
    record = household.entries.add(Draft.note(sam.id, "one"))
    household.entries.edit(record.id, Draft.note(sam.id, "two"), record.version)
    household.entries.delete(record.id)

    assert [household.history.undo(), household.history.undo(), household.history.undo()] == [
        "delete note",
        "edit note",
        "add note",
    ]
    assert household.entries.get(record.id).body == "one"
    assert timeline_ids(household) == []
    assert household.history.undo() is None


def test_a_new_change_clears_redo(household: Household, sam: PartnerInfo) -> None:
    household.entries.add(Draft.note(sam.id, "one"))
    household.history.undo()
    assert household.history.redo_text() == "add note"

    household.entries.add(Draft.note(sam.id, "two"))

    assert household.history.redo_text() is None


# -- delivery ---------------------------------------------------------------------------------


def test_waiting_notes_are_those_for_the_partner_or_both_oldest_first(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    for_alex = household.entries.add(Draft.note(sam.id, "For Alex", to=alex.id))
    clock.advance(timedelta(minutes=1))
    for_both = household.entries.add(Draft.note(sam.id, "For both of us"))
    clock.advance(timedelta(minutes=1))
    goodbye = household.entries.add(Draft.goodbye(sam.id, "See you tonight"))
    clock.advance(timedelta(minutes=1))
    household.entries.add(Draft.note(alex.id, "Alex's own, to Sam", to=sam.id))
    household.entries.add(Draft.note(alex.id, "Alex's own, to both"))
    household.entries.add(Draft.memory(sam.id, "A memory is no note", date(2025, 1, 1), ZONE))
    deleted = household.entries.add(Draft.note(sam.id, "Deleted", to=alex.id))
    household.entries.delete(deleted.id)

    waiting = household.entries.waiting_notes(alex.id)

    assert [note.id for note in waiting] == [for_alex.id, for_both.id, goodbye.id]


def test_mark_delivered_takes_notes_off_the_waiting_list(
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
    clock: FakeClock,
    events: list[frozenset[Area]],
) -> None:
    first = household.entries.add(Draft.note(sam.id, "First", to=alex.id))
    second = household.entries.add(Draft.note(sam.id, "Second"))
    events.clear()

    household.entries.mark_delivered([first.id])

    assert [note.id for note in household.entries.waiting_notes(alex.id)] == [second.id]
    assert household.entries.get(first.id).delivered_at == clock.now()
    assert events == [frozenset({Area.ENTRIES})]


def test_a_note_for_both_waits_for_the_other_partner_only(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    household.entries.add(Draft.note(alex.id, "To both of us"))

    assert len(household.entries.waiting_notes(sam.id)) == 1
    assert household.entries.waiting_notes(alex.id) == []


def test_marking_nothing_delivered_is_silent(
    household: Household, events: list[frozenset[Area]]
) -> None:
    household.entries.mark_delivered([])

    assert events == []


# -- settings ---------------------------------------------------------------------------------


def test_settings_round_trip_and_survive_reopening(
    household: Household, data_dir: Path, clock: FakeClock, events: list[frozenset[Area]]
) -> None:
    settings = household.settings
    assert settings.read("quiet_hours").value is None
    assert settings.read("quiet_hours", {"from": "23:00"}).value == {"from": "23:00"}

    settings.write("quiet_hours", {"from": "22:00", "to": "07:00"}, 0)
    first = settings.write("evening_ritual", "21:30", 0)
    settings.write("evening_ritual", "21:45", first.version)

    assert settings.read("evening_ritual") == StoredSetting("21:45", 2)
    assert events == [frozenset({Area.SETTINGS})] * 3
    reopened = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        assert reopened.settings.read("quiet_hours").value == {"from": "22:00", "to": "07:00"}
        assert reopened.settings.read("evening_ritual").value == "21:45"
    finally:
        reopened.close()


# -- the idea jar -----------------------------------------------------------------------------


def test_our_own_ideas_join_the_jar_first_and_are_announced(
    household: Household, events: list[frozenset[Area]]
) -> None:
    from closeness_desktop.dates.ideas import Budget, IdeaGroup, Setting

    shipped = household.ideas.all()

    first = household.ideas.add_own("Stargazing on the roof", group=IdeaGroup.OUTDOORS)
    second = household.ideas.add_own(
        "  Pancake Sunday ",
        "Big stack, slow morning.",
        budget=Budget.LOW,
        setting=Setting.INDOORS,
        minutes=60,
    )

    assert household.ideas.all() == (first, second, *shipped)
    assert (first.text, first.group, first.budget) == (
        "Stargazing on the roof",
        IdeaGroup.OUTDOORS,
        Budget.FREE,
    )
    assert (second.title, second.text, second.minutes) == (
        "Pancake Sunday",
        "Big stack, slow morning.",
        60,
    )
    assert first.id != second.id
    assert events == [frozenset({Area.IDEAS})] * 2


@pytest.mark.parametrize(
    ("title", "minutes", "problem"),
    [("  ", 60, "a few words"), ("x" * 81, 60, "up to 80"), ("Picnic", 0, "minutes")],
)
def test_an_own_idea_that_cannot_be_kept_says_why(
    household: Household, title: str, minutes: int, problem: str
) -> None:
    before = household.ideas.all()

    with pytest.raises(ValidationError, match=problem):
        household.ideas.add_own(title, minutes=minutes)

    assert household.ideas.all() == before


def test_ideas_done_remembers_the_last_day(household: Household) -> None:
    assert household.ideas.done() == {}

    household.ideas.mark_done("kitchen-dance", date(2026, 10, 1))
    household.ideas.mark_done("kitchen-dance", date(2026, 11, 20))

    assert household.ideas.done() == {"kitchen-dance": date(2026, 11, 20)}
