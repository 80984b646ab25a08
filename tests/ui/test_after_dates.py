"""Evenings gone by, on real widgets offscreen, with the fake clock (Thu 26 Nov 2026, 19:30):
"How was it?" in the planner and on the timeline's cards (also days after the tray's one
notification), past evenings that say how they stand, skipped evenings brought back, and
a moved one-off followed to its new day."""

from __future__ import annotations

import dataclasses
import getpass
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from closeness_desktop.agenda import skip_evening
from closeness_desktop.clock import FakeClock
from closeness_desktop.companion.companion import Companion
from closeness_desktop.companion.notifications.chain import NotifierChain
from closeness_desktop.companion.notifications.tray import BannerNotifier
from closeness_desktop.companion.presence import Presence
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household import EntryKind, Household, PartnerInfo, TimelineFilter
from closeness_desktop.rituals import date_nights, rules
from closeness_desktop.ui.after_date import AfterDateDialog
from closeness_desktop.ui.after_date_cards import AfterDateCards
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.move_dialog import MoveDialog
from closeness_desktop.ui.planner import PlannerPage
from tests.ui.window_helpers import undo_action

BERLIN = ZoneInfo("Europe/Berlin")
Accepted = QDialog.DialogCode.Accepted


def at(month: int, day: int, hour: int = 19, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def walks() -> DatePlan:
    """A walk every Friday 19:00-21:00 from 6 November: three of them are over."""
    return DatePlan(
        uid="walks@test", title="Walk by the river", start=at(11, 6), end=at(11, 6, 21),
        where="The old mill", rrule="FREQ=WEEKLY;BYDAY=FR", zone="Europe/Berlin",
    )  # fmt: skip


@pytest.fixture
def planner(window: MainWindow, household: Household, sam: PartnerInfo) -> PlannerPage:
    household.plans.save(walks(), sam.id)
    return window.show_planner()


def tell(lines: dict[str, str]) -> Callable[[AfterDateDialog], int]:
    """A stand-in for ``AfterDateDialog.exec``: type a line for each name, keep it."""

    def fill(dialog: AfterDateDialog) -> int:
        form = dialog.findChild(QFormLayout)
        assert form is not None
        for field in dialog.lines.values():
            name = form.labelForField(field)
            assert isinstance(name, QLabel)
            field.setText(lines.get(name.text(), ""))
        dialog.accept()
        return dialog.result()

    return fill


def memories(household: Household) -> list[str]:
    page = household.entries.page(TimelineFilter(kinds=frozenset({EntryKind.MEMORY})))
    return [row.body for row in page.rows]


def choose(planner: PlannerPage, day: date, row: int = 0) -> None:
    planner.calendar.show_day(day)
    planner.day.list.setCurrentRow(row)


# -- the planner's lines ---------------------------------------------------------------------


def test_the_planner_asks_how_each_evening_was_and_keeps_the_answer(
    planner: PlannerPage, household: Household, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert planner.waiting.lines() == [
        "How was “Walk by the river” last Friday? Tell each other.",
        "How was “Walk by the river” on Friday 13 November? Tell each other.",
        "How was “Walk by the river” on Friday 6 November? Tell each other.",
    ]
    monkeypatch.setattr(AfterDateDialog, "exec", tell({"Sam": "The heron was back."}))

    planner.waiting.rows[0][1].click()

    assert memories(household) == ["Sam: The heron was back."]
    assert len(planner.waiting.lines()) == 2
    assert window.statusBar().currentMessage().startswith("Kept as a memory")


def test_a_past_evening_says_not_remembered_yet_and_offers_how_was_it(
    planner: PlannerPage,
) -> None:
    choose(planner, date(2026, 11, 20))

    assert planner.day.lines()[0].endswith("not remembered yet")
    assert planner.day.tell_button.isVisible()
    assert not planner.day.move_button.isVisible()

    choose(planner, date(2026, 11, 27))  # tomorrow's is still planned, and can move

    assert planner.day.lines()[0].endswith("planned")
    assert planner.day.move_button.isVisible()
    assert not planner.day.tell_button.isVisible()


def test_how_was_it_in_the_day_view_makes_a_memory_and_the_evening_reads_done(
    planner: PlannerPage, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AfterDateDialog, "exec", tell({"Alex": "Cold hands, warm tea."}))
    choose(planner, date(2026, 11, 13))

    planner.day.tell_button.click()

    assert memories(household) == ["Alex: Cold hands, warm tea."]
    assert planner.day.lines()[0].endswith("done")


@pytest.mark.parametrize("write_it", [True, False])
def test_mark_as_done_offers_to_write_down_how_it_was(
    planner: PlannerPage, household: Household, monkeypatch: pytest.MonkeyPatch, write_it: bool
) -> None:
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        return QMessageBox.StandardButton.Yes if write_it else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(AfterDateDialog, "exec", tell({"Sam": "We found the bench."}))
    choose(planner, date(2026, 11, 20))

    planner.day.done_button.click()

    assert asked == ["Write down how it was?"]
    assert memories(household) == (["Sam: We found the bench."] if write_it else [])
    assert planner.day.lines()[0].endswith("done")


def test_marking_an_evening_to_come_done_asks_nothing(
    planner: PlannerPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("asked"))
    choose(planner, date(2026, 11, 27))

    planner.day.done_button.click()

    assert planner.day.lines()[0].endswith("done")


# -- skipped, and back --------------------------------------------------------------------------


def test_a_skipped_evening_stays_greyed_and_can_be_unskipped_in_one_undo_step(
    planner: PlannerPage, household: Household, window: MainWindow
) -> None:
    choose(planner, date(2026, 12, 4))
    planner.day.skip_button.click()

    assert planner.day.lines() == [
        "Walk by the river\n19:00\nSkipped: nothing is planned for this evening.\n"
        "every Friday\nskipped"
    ]
    assert planner.day.skip_button.text() == "Un-skip this evening"
    assert not planner.day.done_button.isEnabled()

    planner.day.skip_button.click()

    assert household.plans.get("walks@test").plan.exdates == frozenset()
    assert planner.day.lines()[0].endswith("planned")
    assert window.statusBar().currentMessage().startswith("Friday 4 December 2026 is back")
    undo_action(window).trigger()  # one step: skipped again
    assert household.plans.get("walks@test").plan.exdates == {at(12, 4)}


# -- moved -----------------------------------------------------------------------------------------


def test_a_moved_one_off_is_followed_to_its_new_day(
    planner: PlannerPage, household: Household, sam: PartnerInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    household.plans.save(
        DatePlan(uid="cinema@test", title="Cinema", start=at(12, 2, 20), zone="Europe/Berlin"),
        sam.id,
    )

    def to_saturday(dialog: MoveDialog) -> int:
        dialog.when.day.setDate(QDate(2026, 12, 5))
        dialog.when.at.setTime(QTime(18, 0))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MoveDialog, "exec", to_saturday)
    choose(planner, date(2026, 12, 2))

    planner.day.move_button.click()

    assert household.plans.get("cinema@test").plan.start == at(12, 5, 18)
    assert planner.calendar.selected_day() == date(2026, 12, 5)
    assert planner.day.lines()[0].startswith("Cinema")


def test_a_long_place_wraps_inside_the_days_list(
    planner: PlannerPage, household: Household, qtbot: QtBot
) -> None:
    record = household.plans.get("walks@test")
    far = "The old mill, then along the long path by the water to the bench under the willows"
    household.plans.save(dataclasses.replace(record.plan, where=far), record.entry.author_id, 1)
    choose(planner, date(2026, 11, 27))
    planner.window().resize(800, 600)
    qtbot.waitUntil(lambda: planner.day.list.viewport().width() < 400)

    item = planner.day.list.item(0)
    row = planner.day.list.itemWidget(item)

    assert row.summary.text().endswith("willows")  # type: ignore[attr-defined]
    width = planner.day.list.viewport().width()
    assert planner.day.list.visualItemRect(item).right() < width
    assert item.sizeHint().height() >= row.heightForWidth(width - 6)


# -- the timeline's cards -------------------------------------------------------------------------


@pytest.fixture
def cards(window: MainWindow, household: Household, qtbot: QtBot) -> AfterDateCards:
    cards = AfterDateCards(window)
    qtbot.addWidget(cards)
    cards.attach(household)
    cards.show()
    return cards


def test_the_timeline_cards_show_the_three_most_recent_evenings(
    household: Household, sam: PartnerInfo, cards: AfterDateCards
) -> None:
    plan = dataclasses.replace(walks(), start=at(10, 30), end=at(10, 30, 21))
    household.plans.save(plan, sam.id)  # four evenings are over now

    assert [card.waiting.evening.start for card in cards.cards] == [
        at(11, 20), at(11, 13), at(11, 6),
    ]  # fmt: skip
    assert cards.cards[0].question.text() == "How was “Walk by the river” last Friday?"
    assert cards.cards[0].tell_button.text() == "Tell it"


@pytest.fixture
def elsewhere(data_dir: Path, clock: FakeClock) -> Iterator[Household]:
    """The same household, opened on the other computer account."""
    household = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    yield household
    household.close()


def test_not_now_hides_the_card_for_good_but_the_planner_still_asks(
    household: Household, sam: PartnerInfo, cards: AfterDateCards, window: MainWindow
) -> None:
    household.plans.save(walks(), sam.id)
    first = cards.cards[0].waiting.evening.start

    cards.cards[0].not_now_button.click()

    assert first not in [card.waiting.evening.start for card in cards.cards]
    assert "waits in the planner" in window.statusBar().currentMessage()
    assert len(window.show_planner().waiting.lines()) == 3


def test_not_now_is_kept_in_the_household_file(
    household: Household, sam: PartnerInfo, cards: AfterDateCards, elsewhere: Household
) -> None:
    household.plans.save(walks(), sam.id)

    cards.cards[0].not_now_button.click()

    assert [w.not_now for w in elsewhere.plans.waiting()] == [True, False, False]


def test_a_missed_how_was_it_is_still_answerable_days_later(
    household: Household, sam: PartnerInfo, cards: AfterDateCards, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Saturday's dinner: the tray asked once, on Sunday at 10:00, and nobody was there.
    dinner = DatePlan(uid="dinner@test", title="Dinner", start=at(11, 21, 19), zone="Europe/Berlin")
    household.plans.save(dinner, sam.id)
    monkeypatch.setattr(AfterDateDialog, "exec", tell({"Sam": "The soup!", "Alex": "The view."}))

    (card,) = cards.cards

    card.tell_button.click()

    assert sorted(memories(household)[0].split("\n")) == ["Alex: The view.", "Sam: The soup!"]
    assert household.plans.get("dinner@test").plan.state is PlanState.DONE
    assert cards.cards == []
    assert cards.isHidden()


def test_a_skipped_or_cancelled_evening_does_not_ask(
    household: Household, sam: PartnerInfo, cards: AfterDateCards
) -> None:
    plan = skip_evening(walks(), at(11, 20))
    household.plans.save(plan, sam.id)

    assert [card.waiting.evening.start for card in cards.cards] == [at(11, 13), at(11, 6)]


def test_the_tray_does_not_ask_again_about_an_evening_told_not_now(
    household: Household, sam: PartnerInfo, qtbot: QtBot
) -> None:
    dinner = DatePlan(uid="dinner@test", title="Dinner", start=at(11, 25, 19), zone="Europe/Berlin")
    household.plans.save(dinner, sam.id)
    chain = NotifierChain([BannerNotifier(lambda _notification: None)])
    companion = Companion(household, chain, Presence(), getpass.getuser())

    def asked() -> list[str]:
        now = household.clock.now()
        items = companion._state_for(now).one_offs
        return [item.key for item in items if item.kind is rules.RitualKind.AFTER_DATE]

    assert asked() == [date_nights.after_key("dinner@test", at(11, 25, 19))]

    household.plans.not_now("dinner@test", at(11, 25, 19))

    assert asked() == []
