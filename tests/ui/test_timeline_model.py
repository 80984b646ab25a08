"""The timeline model: pages arrive from a worker thread, newest first, with group headers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert
from sqlalchemy.orm import Session

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.store.models import Entry, EntryKind
from closeness_desktop.store.timeline import EntryRecord, TimelineFilter
from closeness_desktop.ui.timeline_model import PAGE_SIZE, EntryRole, HeaderRole, TimelineModel

ZONE = ZoneInfo("Europe/Berlin")
WAIT_MS = 20_000


class MakeModel(Protocol):
    """The type of the ``make_model`` fixture."""

    def __call__(self, flt: TimelineFilter | None = None) -> TimelineModel: ...


def bulk_notes(household: Household, author: uuid.UUID, moments: list[datetime]) -> None:
    now = household.clock.now()
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "kind": EntryKind.NOTE.value,
            "author_id": author,
            "body": f"note {number}",
            "occurred_at": moment,
            "created_at": now,
            "updated_at": now,
        }
        for number, moment in enumerate(moments)
    ]
    with Session(household.database.engine) as session, session.begin():
        session.execute(insert(Entry), rows)


def daily(clock: FakeClock, days: int) -> list[datetime]:
    """One moment a day, going back from now."""
    return [clock.now() - timedelta(days=day) for day in range(days)]


@pytest.fixture
def make_model(qtbot: QtBot, household: Household) -> Iterator[MakeModel]:
    """Models that have shown their first page; their threads stop at teardown."""
    made: list[TimelineModel] = []

    def make(flt: TimelineFilter | None = None) -> TimelineModel:
        model = TimelineModel(household, flt)
        made.append(model)
        # The first page can only arrive through the event loop, which runs in wait().
        qtbot.waitSignal(model.reset_done, timeout=WAIT_MS).wait()
        return model

    yield make
    for model in made:
        model.shutdown()


def records(model: TimelineModel) -> list[EntryRecord]:
    return [model.index(row).data(EntryRole) for row in range(model.rowCount())]


def newer_above(model: TimelineModel) -> bool:
    """`model.has_newer` read through a call: an asserted property stays narrowed for mypy
    (to True, say) even after a call like `go_to_newest()` has changed it."""
    return model.has_newer


def test_the_model_passes_the_model_tester(
    qtmodeltester: Any,
    make_model: MakeModel,
    household: Household,
    sam: PartnerInfo,
    clock: FakeClock,
) -> None:
    bulk_notes(household, sam.id, daily(clock, 40))
    household.entries.add(Draft.checkin(sam.id, 4, ["calm"]))
    model = make_model()

    qtmodeltester.check(model)

    assert model.rowCount() == 41
    assert model.rowCount(model.index(0)) == 0
    assert model.data(QModelIndex(), EntryRole) is None
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_an_empty_household_gives_an_empty_model(make_model: MakeModel) -> None:
    model = make_model()

    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())
    assert not model.loading


def test_rows_show_kind_author_and_headline(
    make_model: MakeModel, household: Household, alex: PartnerInfo
) -> None:
    household.entries.add(Draft.note(alex.id, "You are my favourite\nperson"))
    model = make_model()

    index = model.index(0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Love note by Alex: You are my favourite"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == index.data()
    assert index.data(Qt.ItemDataRole.DecorationRole) is None


def test_pages_are_fetched_on_demand_until_the_end(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 2 * PAGE_SIZE + 57))
    model = make_model()
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())

    with qtbot.waitSignal(model.rowsInserted, timeout=WAIT_MS):
        model.fetchMore(QModelIndex())
        assert model.loading
        assert not model.canFetchMore(QModelIndex())  # one page at a time
    assert model.rowCount() == 2 * PAGE_SIZE

    with qtbot.waitSignal(model.rowsInserted, timeout=WAIT_MS):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE + 57
    assert not model.canFetchMore(QModelIndex())

    rows = records(model)
    assert len({row.id for row in rows}) == len(rows)
    keys = [(row.occurred_at, row.seq) for row in rows]
    assert keys == sorted(keys, reverse=True)


def test_a_page_ending_exactly_at_the_last_entry_stops_fetching(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 2 * PAGE_SIZE))
    model = make_model()

    with qtbot.waitSignal(model.rowsInserted, timeout=WAIT_MS):
        model.fetchMore(QModelIndex())

    assert model.rowCount() == 2 * PAGE_SIZE
    assert not model.canFetchMore(QModelIndex())


def test_a_newer_filter_drops_answers_to_the_older_one(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo
) -> None:
    for text in ("apple pie", "apple juice", "banana bread"):
        household.entries.add(Draft.note(sam.id, text))
    model = make_model()
    resets: list[int] = []
    model.reset_done.connect(resets.append)

    with qtbot.waitSignal(model.reset_done, timeout=WAIT_MS):
        model.set_filter(TimelineFilter(text="apple"))
        model.set_filter(TimelineFilter(text="banana"))
    qtbot.waitUntil(lambda: not model.loading, timeout=WAIT_MS)

    assert resets == [1]
    assert [row.body for row in records(model)] == ["banana bread"]
    assert model.filter == TimelineFilter(text="banana")


def test_setting_the_same_filter_again_does_not_reload(
    make_model: MakeModel, household: Household, sam: PartnerInfo
) -> None:
    household.entries.add(Draft.note(sam.id, "hello"))
    model = make_model(TimelineFilter(text="hello"))

    model.set_filter(TimelineFilter(text="hello"))

    assert not model.loading


def test_filters_by_kind_and_trash(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo
) -> None:
    household.entries.add(Draft.note(sam.id, "a note"))
    household.entries.add(Draft.checkin(sam.id, 3))
    gone = household.entries.add(Draft.note(sam.id, "deleted"))
    household.entries.delete(gone.id)
    model = make_model()
    assert model.rowCount() == 2

    with qtbot.waitSignal(model.reset_done, timeout=WAIT_MS):
        model.set_filter(TimelineFilter(kinds=frozenset({EntryKind.CHECKIN})))
    assert [row.kind for row in records(model)] == [EntryKind.CHECKIN]

    with qtbot.waitSignal(model.reset_done, timeout=WAIT_MS):
        model.set_filter(TimelineFilter(trash=True))
    assert [row.id for row in records(model)] == [gone.id]


def test_reload_keeps_at_least_the_rows_already_loaded(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 2 * PAGE_SIZE + 10))
    model = make_model()
    with qtbot.waitSignal(model.rowsInserted, timeout=WAIT_MS):
        model.fetchMore(QModelIndex())
    household.entries.add(Draft.note(sam.id, "brand new"))

    with qtbot.waitSignal(model.reset_done, timeout=WAIT_MS):
        model.reload(keep=model.rowCount())

    assert model.rowCount() == 2 * PAGE_SIZE
    assert model.record(0).body == "brand new"
    assert model.canFetchMore(QModelIndex())


def test_jumping_far_back_opens_a_window_at_that_date(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 500))
    model = make_model()
    target = clock.now().astimezone(ZONE).date() - timedelta(days=350)

    with qtbot.waitSignal(model.jumped, timeout=WAIT_MS) as jumped:
        model.jump_to(target)

    # One page starting at that date, not every row above it.
    assert jumped.args == [0]
    assert model.rowCount() == PAGE_SIZE
    assert model.record(0).occurred_at.astimezone(ZONE).date() == target  # one a day
    assert newer_above(model)
    assert model.canFetchMore(QModelIndex())

    with qtbot.waitSignal(model.prepended, timeout=WAIT_MS) as prepended:
        model.fetch_newer()

    assert prepended.args == [PAGE_SIZE]
    assert model.record(PAGE_SIZE).occurred_at.astimezone(ZONE).date() == target
    assert model.record(0).occurred_at.astimezone(ZONE).date() == target + timedelta(days=100)
    dates = [model.record(row).occurred_at for row in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)

    with qtbot.waitSignal(model.reset_done, timeout=WAIT_MS):
        model.go_to_newest()
    assert not newer_above(model)
    assert (
        model.record(0).occurred_at.astimezone(ZONE).date() == clock.now().astimezone(ZONE).date()
    )


def test_jumping_to_a_loaded_date_answers_at_once(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 30))
    model = make_model()
    target = clock.now().astimezone(ZONE).date() - timedelta(days=10)

    with qtbot.waitSignal(model.jumped, timeout=WAIT_MS) as jumped:
        model.jump_to(target)

    assert jumped.args == [10]
    assert not model.loading


def test_jumping_before_the_first_entry_lands_on_the_oldest(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, PAGE_SIZE + 20))
    model = make_model()

    with qtbot.waitSignal(model.jumped, timeout=WAIT_MS) as jumped:
        model.jump_to(date(1990, 1, 1))

    # The oldest page, its last row the very first entry; newer ones wait above.
    assert jumped.args == [model.rowCount() - 1]
    assert model.rowCount() == PAGE_SIZE
    oldest = min(
        household.entries.page(TimelineFilter(), limit=1000).rows, key=lambda r: r.occurred_at
    )
    assert model.record(model.rowCount() - 1).id == oldest.id
    assert model.has_newer
    assert not model.canFetchMore(QModelIndex())


def test_each_group_starts_with_a_header(
    make_model: MakeModel, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    now = clock.now()
    bulk_notes(
        household,
        sam.id,
        [
            now,
            now - timedelta(hours=2),
            now - timedelta(days=1),
            datetime(2026, 8, 20, 12, tzinfo=ZONE),
            datetime(2026, 8, 3, 12, tzinfo=ZONE),
            datetime(2025, 12, 24, 18, tzinfo=ZONE),
        ],
    )
    model = make_model()

    headers = [model.index(row).data(HeaderRole) for row in range(model.rowCount())]

    assert headers == [
        "Today · Thursday 26 November 2026",
        None,
        "Yesterday · Wednesday 25 November 2026",
        "August 2026",
        None,
        "December 2025",
    ]
    assert model.header_for(1) is None


def test_a_fetched_page_continuing_a_group_has_no_header_on_its_first_row(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo
) -> None:
    old_month = datetime(2025, 3, 15, 12, tzinfo=ZONE)
    bulk_notes(household, sam.id, [old_month] * (PAGE_SIZE + 5))
    model = make_model()

    with qtbot.waitSignal(model.rowsInserted, timeout=WAIT_MS):
        model.fetchMore(QModelIndex())

    assert model.index(0).data(HeaderRole) == "March 2025"
    assert model.index(PAGE_SIZE).data(HeaderRole) is None


def test_row_of_finds_an_entry_by_id(
    make_model: MakeModel, household: Household, sam: PartnerInfo
) -> None:
    first = household.entries.add(Draft.note(sam.id, "one"))
    model = make_model()

    assert model.row_of(first.id) == 0
    assert model.row_of(uuid.uuid4()) is None


def test_jumping_while_a_reload_is_on_its_way_does_not_duplicate_rows(
    qtbot: QtBot, make_model: MakeModel, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 3 * PAGE_SIZE))
    model = make_model()
    target = clock.now().astimezone(ZONE).date() - timedelta(days=2 * PAGE_SIZE)

    with qtbot.waitSignal(model.jumped, timeout=WAIT_MS) as jumped:
        model.reload()
        model.jump_to(target)

    ids = [row.id for row in records(model)]
    assert len(ids) == len(set(ids))
    [row] = jumped.args
    assert model.record(row).occurred_at.astimezone(ZONE).date() == target


def test_jumping_before_the_first_page_arrives_still_reports_the_reset(
    qtbot: QtBot, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 3 * PAGE_SIZE))
    model = TimelineModel(household)
    try:
        target = clock.now().astimezone(ZONE).date() - timedelta(days=2 * PAGE_SIZE)
        with (
            qtbot.waitSignal(model.reset_done, timeout=WAIT_MS),
            qtbot.waitSignal(model.jumped, timeout=WAIT_MS) as jumped,
        ):
            model.jump_to(target)

        [row] = jumped.args
        assert model.record(row).occurred_at.astimezone(ZONE).date() == target
    finally:
        model.shutdown()
