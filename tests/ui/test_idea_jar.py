"""The idea jar tab and together mode, driven like a couple would, on real widgets offscreen."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from closeness_desktop.dates.ideas import Budget, Idea, IdeaGroup, Setting, Vote
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.ui.combo import index_of
from closeness_desktop.ui.idea_controls import NOTHING_FITS
from closeness_desktop.ui.idea_widgets import DetailRole, duration_label, last_done_phrase
from closeness_desktop.ui.ideas_view import ROUND_SIZE, IdeaJarPage
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.plan_editor import PlanEditor
from closeness_desktop.ui.planner import PlannerPage
from closeness_desktop.ui.together import NO_MATCH, NO_MATCH_NOTE, TogetherDialog

#: the fake clock's day (Thursday 26 November 2026, Berlin)
TODAY = date(2026, 11, 26)
WAIT_MS = 20_000


class PlanRecorder:
    """Stands in for the modal ``PlanEditor.exec``: remembers what each editor was filled in
    with, and where it opened, then closes it unsaved."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str | None]] = []
        self.parents: list[QWidget | None] = []

    def __call__(self, editor: PlanEditor) -> int:
        self.calls.append((editor.title_edit.text(), editor.notes.toPlainText(), editor.idea_id))
        self.parents.append(editor.parentWidget())
        return QDialog.DialogCode.Rejected


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach(household)
    yield window
    window.detach()


@pytest.fixture
def page(window: MainWindow) -> IdeaJarPage:
    page = window.show_idea_jar()
    page.rng = random.Random(2026)
    return page


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> PlanRecorder:
    recorder = PlanRecorder()

    def exec_(editor: PlanEditor) -> int:  # a function, so that it binds to the editor
        return recorder(editor)

    monkeypatch.setattr(PlanEditor, "exec", exec_)
    return recorder


def choose(combo: QComboBox, value: object) -> None:
    row = index_of(combo, value)
    assert row >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(row)


def on_the_planner(window: MainWindow) -> bool:
    """The "Date nights" tab is in front."""
    return isinstance(window.current_page(), PlannerPage)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make ``widget``'s window the active one: key presses reach shortcuts only there."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


def prefill_of(idea: Idea) -> tuple[str, str, str | None]:
    return (idea.title, idea.text, idea.id)


# -- the jar --------------------------------------------------------------------------------


def test_the_jar_lists_every_idea_by_group(page: IdeaJarPage, household: Household) -> None:
    listed = page.model.ideas()

    assert len(listed) >= 60
    assert {idea.id for idea in listed} == {idea.id for idea in household.ideas.all()}
    groups = [idea.group for idea in listed]
    assert groups == sorted(groups, key=list(IdeaGroup).index)  # grouped, in a fixed order
    assert page.count_label.text() == f"{len(listed)} ideas in the jar"


def test_the_list_model_is_a_well_behaved_model(qtmodeltester: Any, page: IdeaJarPage) -> None:
    qtmodeltester.check(page.model)


def test_filters_narrow_the_list(page: IdeaJarPage) -> None:
    everything = len(page.model.ideas())

    choose(page.filter_bar.budget, Budget.LOW)
    choose(page.filter_bar.setting, Setting.OUTDOORS)
    choose(page.filter_bar.time, 120)
    listed = page.model.ideas()

    assert 0 < len(listed) < everything
    for idea in listed:
        assert idea.budget in (Budget.FREE, Budget.LOW)
        assert idea.setting in (Setting.OUTDOORS, Setting.EITHER)
        assert idea.minutes <= 120
    assert page.count_label.text() == f"{len(listed)} of {everything} ideas fit"

    choose(page.filter_bar.group, IdeaGroup.OUTDOORS)

    assert {idea.group for idea in page.model.ideas()} == {IdeaGroup.OUTDOORS}


def test_the_list_says_when_an_idea_was_last_done(
    qtbot: QtBot, page: IdeaJarPage, household: Household
) -> None:
    idea = page.model.ideas()[0]

    household.ideas.mark_done(idea.id, TODAY - timedelta(days=21))

    row = page.model.row_of(idea.id)
    assert row is not None
    assert page.model.index(row).data(DetailRole).endswith("· last done 3 weeks ago")


# -- surprise us ----------------------------------------------------------------------------


def test_a_surprise_fits_the_filters_and_favours_ideas_not_done_lately(
    qtbot: QtBot, page: IdeaJarPage, household: Household
) -> None:
    choose(page.filter_bar.setting, Setting.INDOORS)
    choose(page.filter_bar.time, 120)
    fitting = page.fitting()
    fresh = {idea.id for idea in fitting[::4]}
    for idea in fitting:
        if idea.id not in fresh:
            household.ideas.mark_done(idea.id, TODAY - timedelta(days=10))

    picks = []
    for _ in range(8):
        qtbot.mouseClick(page.surprise_button, Qt.MouseButton.LeftButton)
        assert page.panel.idea is not None
        picks.append(page.panel.idea)

    assert all(idea.id in fresh for idea in picks)
    assert all(idea.setting is not Setting.OUTDOORS and idea.minutes <= 120 for idea in picks)
    assert all(a.id != b.id for a, b in itertools.pairwise(picks))  # "another one"
    assert page.panel.card.title.text() == picks[-1].title


def test_a_surprise_is_the_same_for_the_same_seed(page: IdeaJarPage) -> None:
    page.rng = random.Random(7)
    first = [page.surprise_us() for _ in range(3)]
    page.rng = random.Random(7)
    page.panel.setCurrentWidget(page.panel.hint)

    assert [page.surprise_us() for _ in range(3)] == first


def test_when_nothing_fits_the_jar_says_so_gently(qtbot: QtBot, page: IdeaJarPage) -> None:
    choose(page.filter_bar.budget, Budget.FREE)
    choose(page.filter_bar.group, IdeaGroup.SOMETHING_NEW)
    assert not page.fitting()

    qtbot.mouseClick(page.surprise_button, Qt.MouseButton.LeftButton)

    assert page.panel.currentWidget() is page.panel.nothing
    assert page.panel.nothing.text() == NOTHING_FITS
    assert page.count_label.text() == NOTHING_FITS


def test_plan_it_opens_the_planner_with_the_idea(
    qtbot: QtBot, window: MainWindow, page: IdeaJarPage, planned: PlanRecorder
) -> None:
    qtbot.mouseClick(page.surprise_button, Qt.MouseButton.LeftButton)
    idea = page.panel.idea
    assert idea is not None

    qtbot.mouseClick(page.panel.plan_button, Qt.MouseButton.LeftButton)

    assert planned.calls == [prefill_of(idea)]
    assert on_the_planner(window)


def test_plan_it_goes_through_the_signal_and_lands_on_the_planner_prefilled(
    qtbot: QtBot, window: MainWindow, page: IdeaJarPage, planned: PlanRecorder
) -> None:
    idea = page.model.ideas()[5]
    assert page.select(idea.id)

    with qtbot.waitSignal(page.plan_requested, timeout=WAIT_MS) as asked:
        page.plan_it(idea)

    assert asked.args == [idea]
    assert on_the_planner(window)
    assert planned.calls == [prefill_of(idea)]
    assert planned.parents == [window.current_page()]  # the editor opened over the planner


class FakeShell(QObject):
    """All a page may ask of its window (:class:`~closeness_desktop.ui.shell.Shell`)."""

    changed = Signal(object)

    def __init__(self, here: PartnerInfo | None = None) -> None:
        super().__init__()
        self.current_partner = here
        self.said: list[tuple[str, bool]] = []

    def say(self, message: str, *, undoable: bool = False) -> None:
        self.said.append((message, undoable))


def test_the_jar_lives_on_any_shell_and_only_asks_to_plan(
    qtbot: QtBot, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PlanEditor, "exec", lambda _editor: pytest.fail("the jar never plans"))
    shell = FakeShell()
    household.changed.connect(shell.changed.emit)
    try:
        page = IdeaJarPage(shell, household, random.Random(7))
        qtbot.addWidget(page)
        idea = page.model.ideas()[0]

        with qtbot.waitSignal(page.plan_requested, timeout=WAIT_MS) as asked:
            page.plan_it(idea)
        assert asked.args == [idea]

        household.ideas.add_own("Stargazing", "A blanket, a thermos, the field behind the house.")
        assert page.model.ideas()[0].title == "Stargazing"  # the shell's change reached it
    finally:
        household.changed.disconnect(shell.changed.emit)


def test_a_double_click_in_the_list_plans_that_idea(
    qtbot: QtBot, window: MainWindow, page: IdeaJarPage, planned: PlanRecorder
) -> None:
    idea = page.model.ideas()[3]
    row = page.model.row_of(idea.id)
    assert row is not None
    page.list.scrollTo(page.model.index(row))
    spot = page.list.visualRect(page.model.index(row)).center()

    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=spot)

    assert planned.calls == [prefill_of(idea)]
    assert on_the_planner(window)


def test_enter_in_the_list_plans_the_selected_idea(
    qtbot: QtBot, page: IdeaJarPage, planned: PlanRecorder
) -> None:
    idea = page.model.ideas()[0]
    assert page.select(idea.id)
    activate(qtbot, page)
    page.list.setFocus()

    qtbot.keyClick(page.list, Qt.Key.Key_Return)

    assert planned.calls == [prefill_of(idea)]


# -- our own ideas --------------------------------------------------------------------------


def test_our_own_idea_goes_into_the_jar_first(
    qtbot: QtBot, window: MainWindow, page: IdeaJarPage, household: Household
) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.idea_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.title, "Breakfast on the balcony")
    qtbot.keyClicks(dialog.line, "Croissants, blankets and the first sun.")
    choose(dialog.budget, Budget.LOW)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    first = page.model.ideas()[0]
    assert first.title == "Breakfast on the balcony"
    assert (first.group, first.budget, first.minutes) == (IdeaGroup.AT_HOME, Budget.LOW, 120)
    assert page.selected_idea() == first
    assert page.model.index(1).data(DetailRole).startswith("Our idea · Low cost")
    assert household.ideas.all()[0] == first
    assert window.statusBar().currentMessage() == (
        "“Breakfast on the balcony” is in the jar. Undo with Ctrl+Z."
    )
    qtbot.waitUntil(lambda: page.idea_dialog is None)


def test_an_empty_idea_is_gently_refused(
    qtbot: QtBot, page: IdeaJarPage, household: Household
) -> None:
    before = household.ideas.all()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.idea_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.title, "   ")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Give the idea a few words."
    assert household.ideas.all() == before
    assert len(page.model.ideas()) == len(before)


def test_closing_a_started_idea_asks_first(
    qtbot: QtBot, page: IdeaJarPage, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def keep_it(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", keep_it)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.idea_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.title, "Stargazing")

    dialog.reject()

    assert asked == ["Let this idea go?"]
    assert dialog.isVisible()


# -- together mode --------------------------------------------------------------------------


def open_together(qtbot: QtBot, page: IdeaJarPage) -> TogetherDialog:
    qtbot.mouseClick(page.together_button, Qt.MouseButton.LeftButton)
    dialog = page.together_dialog
    assert dialog is not None
    activate(qtbot, dialog)
    return dialog


def answer(qtbot: QtBot, dialog: TogetherDialog, vote: Vote, *, by_key: bool = False) -> None:
    if by_key:
        qtbot.keyClick(dialog, {Vote.YES: "y", Vote.MAYBE: "m", Vote.NO: "n"}[vote])
    else:
        qtbot.mouseClick(dialog.voting.buttons[vote], Qt.MouseButton.LeftButton)


def test_together_mode_takes_turns_over_ideas_that_fit(qtbot: QtBot, page: IdeaJarPage) -> None:
    choose(page.filter_bar.setting, Setting.INDOORS)
    dialog = open_together(qtbot, page)
    ideas = dialog.session.ideas

    assert len(ideas) == ROUND_SIZE
    assert len({idea.id for idea in ideas}) == ROUND_SIZE
    assert all(idea.setting is not Setting.OUTDOORS for idea in ideas)
    assert dialog.voting.turn.text() == "Sam's turn"
    assert dialog.voting.progress.text() == f"Idea 1 of {ROUND_SIZE}"
    assert dialog.voting.card.title.text() == ideas[0].title

    answer(qtbot, dialog, Vote.YES)

    assert dialog.voting.turn.text() == "Alex's turn"
    assert dialog.voting.progress.text() == f"Idea 1 of {ROUND_SIZE}"

    answer(qtbot, dialog, Vote.MAYBE, by_key=True)

    assert dialog.voting.turn.text() == "Sam's turn"
    assert dialog.voting.progress.text() == f"Idea 2 of {ROUND_SIZE}"
    assert dialog.session.vote_of("Alex", ideas[0].id) is Vote.MAYBE

    qtbot.mouseClick(dialog.voting.back_button, Qt.MouseButton.LeftButton)

    assert dialog.voting.turn.text() == "Alex's turn"
    assert dialog.session.vote_of("Alex", ideas[0].id) is None


def test_a_together_session_ends_in_a_planned_date(
    qtbot: QtBot,
    window: MainWindow,
    page: IdeaJarPage,
    household: Household,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefilled: list[tuple[str, str]] = []

    def fill_and_save(editor: PlanEditor) -> int:
        """A stand-in for the modal editor: look at what it was given, then press Save."""
        prefilled.append((editor.title_edit.text(), editor.notes.toPlainText()))
        editor.save()
        return editor.result()

    monkeypatch.setattr(PlanEditor, "exec", fill_and_save)
    dialog = open_together(qtbot, page)
    ideas = dialog.session.ideas
    # Idea 1: a no from Sam; idea 2: maybe and yes; idea 3: yes and yes; then no and no.
    script = [(Vote.NO, Vote.YES), (Vote.MAYBE, Vote.YES), (Vote.YES, Vote.YES)]
    script += [(Vote.NO, Vote.NO)] * (len(ideas) - len(script))
    for number, (sam_says, alex_says) in enumerate(script):
        answer(qtbot, dialog, sam_says, by_key=number % 2 == 0)
        answer(qtbot, dialog, alex_says, by_key=number % 2 == 1)

    assert dialog.pages.currentWidget() is dialog.results
    assert [match.idea for match in dialog.session.matches()] == [ideas[2], ideas[1]]
    assert dialog.results.selected() == ideas[2]  # both said yes: on top, chosen already
    assert dialog.results.matches.currentItem().data(DetailRole) == "Sam: yes · Alex: yes"

    qtbot.mouseClick(dialog.results.plan_button, Qt.MouseButton.LeftButton)

    chosen = ideas[2]
    assert not dialog.isVisible()
    assert prefilled == [(chosen.title, chosen.text)]
    assert [plan.plan.title for plan in household.plans.all()] == [chosen.title]
    assert chosen.id in household.ideas.done()
    assert on_the_planner(window)


def test_no_match_is_fine_and_another_round_begins(qtbot: QtBot, page: IdeaJarPage) -> None:
    dialog = open_together(qtbot, page)
    first_round = dialog.session.ideas
    for _ in range(2 * len(first_round)):
        answer(qtbot, dialog, Vote.NO, by_key=True)

    assert dialog.results.title.text() == NO_MATCH
    assert dialog.results.note.text() == NO_MATCH_NOTE
    assert not dialog.results.plan_button.isVisible()

    qtbot.mouseClick(dialog.results.again_button, Qt.MouseButton.LeftButton)

    assert dialog.pages.currentWidget() is dialog.voting
    assert dialog.session.ideas != first_round
    assert dialog.voting.turn.text() == "Sam's turn"


def test_after_no_match_we_can_plan_something_new(
    qtbot: QtBot, window: MainWindow, page: IdeaJarPage, planned: PlanRecorder
) -> None:
    dialog = open_together(qtbot, page)
    for _ in range(2 * ROUND_SIZE):
        answer(qtbot, dialog, Vote.NO)

    qtbot.mouseClick(dialog.results.fresh_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert planned.calls == [("", "", None)]
    assert on_the_planner(window)


def test_together_mode_needs_ideas_that_fit(qtbot: QtBot, page: IdeaJarPage) -> None:
    choose(page.filter_bar.budget, Budget.FREE)
    choose(page.filter_bar.group, IdeaGroup.SOMETHING_NEW)

    qtbot.mouseClick(page.together_button, Qt.MouseButton.LeftButton)

    assert page.together_dialog is None
    assert page.panel.currentWidget() is page.panel.nothing


# -- words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(30, "30 min"), (60, "1 h"), (90, "1½ h"), (135, "2 h 15 min"), (1440, "a day"),
     (2880, "2 days")],
)  # fmt: skip
def test_durations_read_naturally(minutes: int, said: str) -> None:
    assert duration_label(minutes) == said


@pytest.mark.parametrize(
    ("days_ago", "said"),
    [(0, "done today"), (1, "done yesterday"), (3, "done on Monday"),
     (9, "done last Tuesday"), (21, "last done 3 weeks ago"), (70, "last done 2 months ago"),
     (-2, "planned for this Saturday")],
)  # fmt: skip
def test_last_done_reads_naturally(days_ago: int, said: str) -> None:
    assert last_done_phrase(TODAY - timedelta(days=days_ago), TODAY) == said
